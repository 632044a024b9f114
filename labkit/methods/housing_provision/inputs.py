"""Gather the housing-provision inputs: the municipality's districts and dwellings from the source, the
target-group method's result (handed over by the runner) and the journal (or example) records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit.capture import csvio
from labkit.capture.journal import frame_of, journal_path
from labkit.capture.kinds import get_kind
from labkit.data.sources import resolve_municipality
from labkit.errors import CaptureError, InputDataError
from labkit.methods.base import read_records
from labkit.methods.housing_provision.examples import KINDS, default_folder
from labkit.methods.housing_provision.kinds import GROUPS, LEGACY_GROUPS, RATED_GROUPS
from labkit.methods.housing_provision.params import Params

if TYPE_CHECKING:
    from labkit.data.dataset import Dataset
    from labkit.lab import LabContext
    from labkit.methods.target_groups.analysis import Result as TargetGroups

#: The tenures of the source's dwelling table, in the order of the stock table.
TENURES = ("hyresratt", "bostadsratt", "aganderatt")


@dataclass(frozen=True)
class Inputs:
    """What the analysis reads.

    ``target_groups`` is the target-group method's Result from the same run (its Boverket group × area
    matrix and gaps are reused, not copied), or None with ``upstream_reason`` saying why it is missing;
    ``areas`` has the municipality's districts and ``stock`` one row per district and tenure with the
    source's dwellings (NaN where SCB suppressed a cell), both of ``year``; ``records`` maps each kind of
    :data:`KINDS` to a table shaped like ``LabJournal.frame``; ``origin`` is "journal", "examples" or
    "none"; ``planned_origin`` also allows "csv".
    """

    kommun_kod: str
    kommun: str
    year: int
    synthetic: bool
    areas: pd.DataFrame
    stock: pd.DataFrame
    target_groups: TargetGroups | None
    upstream_reason: str
    origin: str
    planned_origin: str
    location: str
    records: dict[str, pd.DataFrame]


def load_inputs(ctx: LabContext, params: Params) -> Inputs:
    """Read the districts and dwellings of ``ctx.dataset``, the target-group result and the housing records.

    The target-group result comes from ``ctx.upstream("target_groups")`` (the runner runs that method
    first); when it is missing, ``target_groups`` is None and ``upstream_reason`` says why, and the year is
    the latest of the source.

    Raises
    ------
    ConfigError
        If the municipality is not in the source.
    CaptureError
        If ``records="journal"`` and there is no journal, or ``planned_csv`` is malformed (the message
        names the file, line and column).
    """
    dataset = ctx.dataset
    upstream = ctx.upstream("target_groups")
    kommun_kod = resolve_municipality(dataset, params.kommun_kod)
    names = dataset.municipalities().set_index("kommun_kod")["kommun"]
    year = int(upstream.result.year) if upstream.ok else _latest_year(dataset)
    areas, stock = _districts(dataset, kommun_kod, year)
    path = Path(params.journal) if params.journal else journal_path(kommun_kod)
    origin, location, records = _records(path, params)
    planned_origin = origin
    if params.planned_csv:
        records["planned_project"] = read_planned_csv(params.planned_csv)
        planned_origin = "csv"
    return Inputs(
        kommun_kod,
        str(names[kommun_kod]),
        year,
        dataset.is_synthetic,
        areas,
        stock,
        upstream.result,
        upstream.reason,
        origin,
        planned_origin,
        location,
        records,
    )


def _latest_year(dataset: Dataset) -> int:
    years = dataset.years()
    if not years:
        raise InputDataError(
            "no population figures", column="year", expected="at least one year", found="none"
        )
    return int(years[-1])


def _districts(dataset: Dataset, kommun_kod: str, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The municipality's districts with population figures in ``year``, and their dwellings per tenure.

    ``stock`` has one row per district and tenure (sorted by both), ``dwellings`` a float, NaN where the
    source has no figure.
    """
    areas = dataset.areas[dataset.areas["kommun_kod"] == kommun_kod][["area_code", "area_name"]]
    population = dataset.population_by_birth_region
    counted = population.loc[population["year"].astype(int) == year, "area_code"]
    areas = areas[areas["area_code"].isin(set(counted))]
    areas = areas.sort_values("area_code", ignore_index=True)
    tenure = dataset.dwellings_by_tenure
    rows = tenure[tenure["year"].astype(int) == year][["area_code", *TENURES]]
    local = areas[["area_code"]].merge(rows, on="area_code", how="left")
    for column in TENURES:
        local[column] = local[column].to_numpy(dtype=float, na_value=np.nan)
    stock = local.melt(
        id_vars=["area_code"], value_vars=list(TENURES), var_name="tenure", value_name="dwellings"
    )
    return areas, stock.sort_values(["area_code", "tenure"], ignore_index=True)


def _records(path: Path, params: Params) -> tuple[str, str, dict[str, pd.DataFrame]]:
    """The origin, where it was read, and the record tables, by the one rule of
    :func:`labkit.methods.base.read_records` (the journal's housing records, else the examples, else none);
    the target groups of journal records are checked (:func:`check_groups`)."""
    folder = default_folder() / params.kommun_kod

    def example_tables() -> dict[str, pd.DataFrame] | None:
        if not folder.is_dir():
            return None
        return {kind: read_kind_csv(folder / f"{kind}.csv", kind) for kind in KINDS}

    found = read_records(path, KINDS, params.records, examples=example_tables)
    if found.origin == "journal":
        check_groups(found.frames, path)
    location = {"journal": found.path, "examples": str(folder)}.get(found.origin, "")
    return found.origin, location, found.frames


#: The target-group column of each kind that has one, and the values a new record may hold there.
GROUP_COLUMNS = {
    "housing_need": ("target_group", GROUPS),
    "planned_project": ("target_group", GROUPS),
    "market_rating": ("group", RATED_GROUPS),
}


def check_groups(frames: dict[str, pd.DataFrame], path: str | Path) -> None:
    """Check the target groups of journal records; a journal written before the split still reads.

    Journals written before Boverket's newly arrived were split into assigned (``nyanlanda_anvisade``) and
    settled on their own (``nyanlanda_sjalvbosatta``) hold ``nyanlanda``. Such a record is kept as written, as
    the two together (its own row in every table, never guessed into one of them), and the report says how
    many there are. Any other value is refused.

    Raises
    ------
    CaptureError
        Naming the journal, the record and column, the allowed values and the value found.
    """
    for kind, (column, allowed) in GROUP_COLUMNS.items():
        frame = frames[kind]
        values = frame[column].astype(object)
        bad = values.notna() & ~values.isin([*allowed, *LEGACY_GROUPS])
        if bad.any():
            row = frame[bad].iloc[0]
            raise CaptureError(
                f"target group not allowed in a {kind} record ({row['id']})",
                path=path,
                column=column,
                expected="one of " + ", ".join(allowed) + " (or nyanlanda, from before the split)",
                found=repr(row[column]),
            )


def legacy_count(records: dict[str, pd.DataFrame]) -> int:
    """How many records hold a target group from before the split of newly arrived (see
    :func:`check_groups`)."""
    return sum(
        int(records[kind][column].astype(object).isin(LEGACY_GROUPS).sum())
        for kind, (column, _) in GROUP_COLUMNS.items()
        if kind in records
    )


def read_kind_csv(path: str | Path, kind: str) -> pd.DataFrame:
    """Read a CSV of one record kind (the journal's import format), every cell checked.

    Raises
    ------
    CaptureError
        Naming the file, line and column of the first cell that is not allowed, and what is.
    """
    table = csvio.read_table(path)
    drafts = csvio.drafts_from(table, get_kind(kind), workshop_id="csv", author="csv")
    rows = [
        {
            "id": p.draft.id,
            "created": p.draft.created,
            "workshop_id": p.draft.workshop_id,
            "author": p.draft.author,
            **p.draft.fields,
        }
        for p in drafts
    ]
    return frame_of(kind, rows)


def read_planned_csv(path: str | Path) -> pd.DataFrame:
    """Read the ``planned_csv`` parameter's file of planned projects (see :func:`read_kind_csv`)."""
    if not Path(path).is_file():
        raise CaptureError(
            "file of planned projects not found",
            path=path,
            column="planned_csv",
            expected="a CSV file with columns name, dwellings and optionally area, tenure, size, "
            "target_group, year, stage",
            found="no file",
        )
    return read_kind_csv(path, "planned_project")
