"""Gather the housing-provision inputs: the target-group matrix of the source and the journal (or example) records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from labkit.capture import csvio
from labkit.capture.journal import LabJournal, frame_of, journal_path
from labkit.capture.kinds import get_kind
from labkit.capture.kinds.housing_provision import GROUPS, LEGACY_GROUPS, RATED_GROUPS
from labkit.data.dataset import Dataset
from labkit.errors import CaptureError
from labkit.lab import context as lab_context
from labkit.methods.housing_provision.examples import KINDS, default_folder
from labkit.methods.housing_provision.params import Params


@dataclass(frozen=True)
class Inputs:
    """What the analysis reads.

    ``target_groups`` is the target-group method's Result (its Boverket group × area matrix and gaps are
    reused, not copied); ``stock`` has one row per area and tenure with the source's dwellings;
    ``records`` maps each kind of :data:`KINDS` to a table shaped like ``LabJournal.frame``;
    ``origin`` is "journal", "examples" or "none"; ``planned_origin`` also allows "csv".
    """

    kommun_kod: str
    kommun: str
    year: int
    synthetic: bool
    areas: pd.DataFrame
    stock: pd.DataFrame
    target_groups: object
    origin: str
    planned_origin: str
    location: str
    records: dict[str, pd.DataFrame]


def load_inputs(dataset: Dataset, params: Params) -> Inputs:
    """Run the target-group analysis on ``dataset`` and read the housing records.

    Raises
    ------
    ConfigError
        If the municipality is not in the source.
    CaptureError
        If ``records="journal"`` and there is no journal, or ``planned_csv`` is malformed (the message
        names the file, line and column).
    """
    from labkit.methods import target_groups as tg

    tg_params = tg.Params(
        kommun_kod=params.kommun_kod, lang=params.lang, n_sim=1, perspektiv=params.perspektiv
    )
    tg_inputs = tg.load_inputs(lab_context(dataset), tg_params)
    tg_result = tg.analyse(tg_inputs, tg_params)
    local = tg_inputs.local[tg_inputs.local["year"] == tg_inputs.year]
    path = Path(params.journal) if params.journal else journal_path(params.kommun_kod)
    origin, location, records = read_records(path, params)
    planned_origin = origin
    if params.planned_csv:
        records["planned_project"] = read_planned_csv(params.planned_csv)
        planned_origin = "csv"
    return Inputs(
        params.kommun_kod,
        tg_inputs.kommun,
        tg_inputs.year,
        tg_inputs.synthetic,
        local[["area_code", "area_name"]].reset_index(drop=True),
        _stock(local),
        tg_result,
        origin,
        planned_origin,
        location,
        records,
    )


def _stock(local: pd.DataFrame) -> pd.DataFrame:
    """Dwellings per area and tenure in the source (NaN where SCB suppressed a cell)."""
    long = local[["area_code", "hyresratt", "bostadsratt", "aganderatt"]].melt(
        id_vars=["area_code"],
        value_vars=["hyresratt", "bostadsratt", "aganderatt"],
        var_name="tenure",
        value_name="dwellings",
    )
    return long.sort_values(["area_code", "tenure"], ignore_index=True)


def read_records(path: Path, params: Params) -> tuple[str, str, dict[str, pd.DataFrame]]:
    """The origin, where it was read, and the record tables (journal, examples or empty)."""
    journal = LabJournal(path)
    has = journal.exists and any(journal.count(kind) for kind in KINDS)
    if params.records == "journal" or (params.records == "auto" and has):
        if not journal.exists:
            raise CaptureError(
                "no lab journal",
                path=path,
                expected="a journal with housing-provision records",
                found="no file",
                hint="Use records='examples' or 'auto' to read the examples.",
            )
        frames = {kind: journal.frame(kind) for kind in KINDS}
        check_groups(frames, path)
        return "journal", str(path), frames
    folder = default_folder() / params.kommun_kod
    if not folder.is_dir():
        return "none", "", {kind: frame_of(kind, []) for kind in KINDS}
    return "examples", str(folder), {kind: read_kind_csv(folder / f"{kind}.csv", kind) for kind in KINDS}


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
    the two together (its own row in every table, never guessed into one of them), and the report says how many
    there are. Any other value is refused.

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
    """How many records hold a target group from before the split of newly arrived (see :func:`check_groups`)."""
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
