"""Read every ``<kommun_kod>/<slug>.results.json`` of a run folder for the regional comparison."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from labkit.errors import ConfigError, InputDataError
from labkit.methods.regional.params import Params
from labkit.results import read_results

if TYPE_CHECKING:
    from labkit.lab import LabContext

#: The regional method's own slug (its results file is never read as input).
SLUG = "regional"
_CODE = re.compile(r"\d{4}")


def run_folder(out_dir: str | Path) -> Path:
    """The run folder for an output folder: ``out_dir`` itself, or its parent when named like ``1402``."""
    path = Path(out_dir)
    return path.parent if _CODE.fullmatch(path.name) else path


@dataclass(frozen=True)
class Inputs:
    """Every municipality's results in a run: ``results[(kommun_kod, slug)]`` is one results record."""

    run_dir: str
    municipalities: dict[str, str]
    methods: tuple[str, ...]
    results: dict[tuple[str, str], dict] = field(default_factory=dict)


def _method_order(found: set[str]) -> tuple[str, ...]:
    from labkit.registry import METHODS

    known = [slug for slug in METHODS if slug != SLUG]
    return tuple(known + sorted(found - set(known) - {SLUG}))


def load_inputs(ctx: LabContext, params: Params) -> Inputs:
    """Read the results files of every municipality folder (4-digit name) of the run folder.

    The run folder is the context's output folder (``labkit run`` gives a region job the run folder), or its
    parent when that is a ``<kommun_kod>/`` folder (see :func:`run_folder`). The comparison runs after every
    other job of the run, so it reads their results files; its own is never read.

    Raises
    ------
    ConfigError
        If the run folder does not exist.
    InputDataError
        If a results file is not valid JSON or names another municipality or method than its place.
    """
    run_dir = run_folder(ctx.out_dir)
    if not run_dir.is_dir():
        raise ConfigError(
            "run folder not found",
            path=str(run_dir),
            column="run_dir",
            expected="a folder written by labkit run",
            found="no such folder",
        )
    results: dict[tuple[str, str], dict] = {}
    names: dict[str, str] = {}
    for folder in sorted(p for p in run_dir.iterdir() if p.is_dir() and _CODE.fullmatch(p.name)):
        names[folder.name] = folder.name
        for path in sorted(folder.glob("*.results.json")):
            slug = path.name.removesuffix(".results.json")
            if slug == SLUG:
                continue
            record = read_results(path)
            _check_place(record, folder.name, slug, path)
            results[(folder.name, slug)] = record
            names[folder.name] = str(record.get("kommun") or folder.name)
    return Inputs(str(run_dir), names, _method_order({slug for _code, slug in results}), results)


def _check_place(record: object, code: str, slug: str, path: Path) -> None:
    if not isinstance(record, dict):
        raise InputDataError(
            "results file is not an object", path=path, expected="a JSON object", found=type(record).__name__
        )
    found = (record.get("kommun_kod"), record.get("method"))
    if found != (code, slug):
        raise InputDataError(
            "results file is in the wrong place",
            path=path,
            column="kommun_kod, method",
            expected=f"{code}, {slug}",
            found=f"{found[0]}, {found[1]}",
        )
