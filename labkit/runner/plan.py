"""Plan a batch: check every option and parameter, then list the jobs (municipality × method)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath

from labkit import __version__
from labkit.errors import ConfigError
from labkit.registry import METHODS, get_method, with_needs
from labkit.runner.params import Parameter, check_values, describe

#: The ``kommun_kod`` of a job that covers the whole run (a region-scope method such as ``regional``).
REGION = "region"

#: Parameters the runner sets itself; every method notebook declares them.
RUNNER_PARAMS = ("kommun", "source", "data_dir", "lang", "out_dir")


@dataclass(frozen=True)
class Job:
    """One notebook execution: a method for a municipality, with its parameters and output folder."""

    slug: str
    kommun_kod: str
    kommun: str
    notebook: str
    out_dir: str
    params: dict = field(default_factory=dict)
    fingerprint: str = ""
    pdf: bool = False

    @property
    def is_regional(self) -> bool:
        """True for a job run once per run, after the municipality jobs."""
        return self.kommun_kod == REGION

    @property
    def key(self) -> str:
        """``<kommun_kod>/<slug>``: the job's name in logs and run.json."""
        return f"{self.kommun_kod}/{self.slug}"


def check_safe_name(value: str, option: str) -> str:
    """Reject a value that would make a path leave its folder (``..``, ``/``, ``\\`` or absolute)."""
    if not value or "/" in value or "\\" in value or ".." in value or PurePath(value).is_absolute():
        raise ConfigError(
            "value would make a path leave its folder",
            column=option,
            expected="a plain name without '/', '\\' or '..'",
            found=repr(value),
        )
    return value


def _printable(path: Path) -> str:
    """A path as text for a one-line message: as it is, or quoted and escaped if it holds control
    characters."""
    text = str(path)
    return text if text.isprintable() else repr(text)


def check_out_dir(value: str, cwd: str | Path | None = None) -> Path:
    """Accept ``--out`` as a folder inside the current one (symlinks resolved), or as an absolute path.

    A relative folder must stay inside ``cwd`` (default: the current folder) once ``..`` and every symlink
    on the way are resolved, so a link such as ``reports -> /etc`` cannot send a run's files elsewhere. An
    absolute path (also ``~/...``) is the user's own explicit choice and is taken as named.
    """
    if not value:
        raise ConfigError(
            "empty output folder name", column="--out", expected="a folder such as reports", found="''"
        )
    value = os.path.expanduser(value) if value.startswith("~") else value
    path = PurePath(value)
    if "\x00" in value or any(len(part.encode("utf-8", "surrogateescape")) > 255 for part in path.parts):
        raise ConfigError(
            "invalid output folder name",
            column="--out",
            expected="folder names without NUL characters, each at most 255 bytes",
            found=repr(value),
        )
    if "\\" in value:  # a Windows separator: "\\.." would be a folder name here and a way out elsewhere
        raise ConfigError(
            "invalid output folder name",
            column="--out",
            expected="folder names separated by / (no backslash)",
            found=repr(value),
        )
    if path.is_absolute():
        return Path(value)
    here = Path(cwd or Path.cwd()).resolve()
    try:
        resolved = (here / value).resolve()
        # Python 3.13 leaves a symlink loop unresolved where 3.11 and 3.12 raise: a link left over is a loop
        loop = any(path.is_symlink() for path in (resolved, *resolved.parents))
    except (OSError, RuntimeError):
        loop = True
    if loop:
        raise ConfigError(
            "cannot resolve the output folder",
            column="--out",
            expected="a folder without a symlink loop",
            found=f"{value!r}, which runs into a loop",
        )
    if not resolved.is_relative_to(here):
        raise ConfigError(
            "output folder would leave the current folder",
            column="--out",
            expected=f"a folder inside the current one ({here}), e.g. reports, or an absolute path",
            found=f"{value!r}, which resolves to {_printable(resolved)}",
        )
    return Path(value)


def resolve_methods(values: list[str] | None) -> list[str]:
    """The method slugs to run, in registry order; all when none are named.

    A named method brings every method it needs (``Method.needs``): their jobs run first, in the same run.
    """
    if not values:
        return list(METHODS)
    for value in values:
        check_safe_name(value, "--method")
        get_method(value)
    return with_needs(list(values))


def chain_fingerprints(jobs: list[Job]) -> list[Job]:
    """Fold each job's upstream fingerprints into its own: a changed upstream makes its downstream stale."""
    by_key = {job.key: job for job in jobs}
    done: dict[str, Job] = {}

    def chained(job: Job) -> Job:
        if job.key not in done:
            ups = [by_key.get(f"{job.kommun_kod}/{slug}") for slug in get_method(job.slug).needs]
            prints = [chained(up).fingerprint for up in ups if up is not None]
            digest = hashlib.sha256("".join([job.fingerprint, *prints]).encode()).hexdigest()
            done[job.key] = replace(job, fingerprint=digest) if prints else job
        return done[job.key]

    return [chained(job) for job in jobs]


def overrides_for(slug: str, params: dict[str, Parameter], overrides: dict[str, str]) -> dict[str, object]:
    """Check ``-p`` overrides against one notebook; runner-owned names must be set by their options."""
    owned = sorted(set(overrides) & set(RUNNER_PARAMS))
    if owned:
        raise ConfigError(
            "parameter is set by a labkit option, not with -p",
            column=owned[0],
            expected="--municipality, --source, --data-dir, --lang or --out",
            found=f"-p {owned[0]}=...",
        )
    return check_values(slug, params, overrides)


def check_declares_runner_params(slug: str, params: dict[str, Parameter]) -> None:
    """A method notebook must declare every parameter the runner injects."""
    missing = [name for name in RUNNER_PARAMS if name not in params]
    if missing:
        raise ConfigError(
            f"notebook of method '{slug}' lacks runner parameters",
            column="parameters",
            expected=", ".join(RUNNER_PARAMS),
            found=describe(params),
        )


def fingerprint(notebook: Path, params: dict, data_digest: str) -> str:
    """A digest of everything a job's outputs depend on: notebook, parameters, data and labkit version."""
    digest = hashlib.sha256()
    digest.update(notebook.read_bytes())
    digest.update(json.dumps(params, sort_keys=True, default=str).encode())
    digest.update(data_digest.encode())
    digest.update(__version__.encode())
    return digest.hexdigest()


def data_digest(source: str, data_dir: str) -> str:
    """A digest of the input data files of a source (names, sizes and contents)."""
    from labkit.paths import DATA

    folder = Path(data_dir) if data_dir else DATA
    digest = hashlib.sha256(source.encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def results_digest(out: Path) -> str:
    """A digest of every municipality's results files in a run folder (what a regional job reads)."""
    digest = hashlib.sha256()
    for path in sorted(out.glob("*/*.results.json")):
        digest.update(str(path.relative_to(out)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
