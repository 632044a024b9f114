"""Gather what the co-creation analysis reads: workshop records (journal or examples), the area population and
the target-group analysis' groups to invite (handed over by the runner)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from labkit.capture.journal import LabJournal, journal_path
from labkit.capture.kinds.room import awaiting_approval
from labkit.methods.base import Upstream, read_records
from labkit.methods.cocreation.examples import example_frames
from labkit.methods.cocreation.kinds import READS
from labkit.methods.cocreation.params import Params
from labkit.methods.cocreation.text import words
from labkit.methods.target_groups.inputs import load_inputs as area_inputs
from labkit.methods.target_groups.params import Params as AreaParams

if TYPE_CHECKING:
    from labkit.lab import LabContext

#: The record kinds the analysis reads (the journal's records of these kinds switch it to the journal).
KINDS = READS


@dataclass(frozen=True)
class Inputs:
    """The records and population one analysis reads.

    ``origin`` is ``"journal"`` (a live lab journal), ``"examples"`` (the invented records in
    data/examples) or ``"none"`` (neither exists). ``records`` maps each kind of :data:`KINDS` to a
    table shaped like ``LabJournal.frame`` (names never included). ``areas`` has one row per area
    of the municipality in ``year``: ``area_code, area_name, population, omradestyp,
    omradestyp_label``. ``target_groups`` is the target-group analysis' ranked table of groups and
    areas to invite (None when its result is missing; ``target_groups_note`` says why).
    ``pending_statements`` counts the statements participants proposed that the facilitator has not
    approved yet: they are left out of ``records`` (and so of every table, group and report), as are
    votes on them.
    """

    kommun_kod: str
    kommun: str
    origin: str
    journal_path: str
    workshop: str
    records: dict[str, pd.DataFrame]
    areas: pd.DataFrame
    year: int
    area_type_year: int | None
    synthetic: bool
    target_groups: pd.DataFrame | None = None
    target_groups_note: str = ""
    pending_statements: int = 0


def load_inputs(ctx: LabContext, params: Params) -> Inputs:
    """Read the workshop records, the municipality's area population and the target groups for one analysis.

    Parameters
    ----------
    ctx : LabContext
        What ``lab.open`` gives: its ``dataset`` (the area statistics, any source) and, through
        ``ctx.upstream("target_groups")``, the target-group analysis of the same run.
    params : Params
        Municipality, record source, journal path, workshop and year.

    Returns
    -------
    Inputs

    Raises
    ------
    ConfigError
        If the municipality or year is not in the source, or the workshop is not in the journal.
    CaptureError
        If ``records="journal"`` and there is no journal, or the journal cannot be read.
    """
    dataset = ctx.dataset
    # The area population is read from the data as the target-group analysis reads it (no analysis is run).
    panel = area_inputs(ctx, AreaParams(kommun_kod=params.kommun_kod, year=params.year, lang=params.lang))
    path = Path(params.journal) if params.journal else journal_path(params.kommun_kod)
    records = read_records(
        path,
        KINDS,
        params.records,
        examples=partial(example_frames, params.kommun_kod),
        workshop=params.workshop,
    )
    table, note = _target_groups(ctx.upstream("target_groups"), panel.year, params.lang)
    frames = dict(records.frames)
    if records.origin == "journal":  # a proposed statement counts once the facilitator has approved it
        frames["statement_approval"] = LabJournal(path).frame(
            "statement_approval", workshop_id=params.workshop or None
        )
    frames, pending = without_pending(frames)
    return Inputs(
        kommun_kod=params.kommun_kod,
        kommun=panel.kommun,
        origin=records.origin,
        journal_path=str(path),
        workshop=params.workshop,
        records=frames,
        areas=area_population(panel.local, panel.year),
        year=panel.year,
        area_type_year=panel.area_type_year,
        synthetic=dataset.is_synthetic,
        target_groups=table,
        target_groups_note=note,
        pending_statements=pending,
    )


def _target_groups(upstream: Upstream, year: int, lang: str) -> tuple[pd.DataFrame | None, str]:
    """The handed-over groups to invite, or None and why they are missing (or are for another year)."""
    if not upstream.ok:
        return None, upstream.reason
    if upstream.result.year != year:
        return None, words("target_year", lang, found=upstream.result.year, year=year)
    return upstream.result.target_groups, ""


def area_population(local: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per area of the municipality in ``year``: population and SCB/Delmos områdestyp."""
    rows = local[local["year"] == year]
    out = pd.DataFrame(
        {
            "area_code": rows["area_code"].astype(str).to_numpy(),
            "area_name": rows["area_name"].astype(str).to_numpy(),
            "population": rows["total"].to_numpy(dtype=float),
            "omradestyp": rows["omradestyp"].to_numpy(),
            "omradestyp_label": rows["omradestyp_label"].to_numpy(),
        }
    )
    return out.sort_values("area_code", ignore_index=True)


def without_pending(records: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], int]:
    """``records`` without the proposed statements that await the facilitator's approval (and votes on them).

    The rule is :func:`labkit.capture.kinds.room.awaiting_approval`: a statement a participant proposed
    in the participant app counts only once approved. Returns the records of :data:`KINDS` and how many
    statements were left out. Records without approvals (the examples) are returned as they are.
    """
    approvals = records.get("statement_approval")
    out = {kind: records[kind] for kind in KINDS}
    if approvals is None:
        return out, 0
    statements = out["statement"]
    waiting = pd.Series(awaiting_approval(statements, approvals), index=statements.index, dtype=bool)
    if not waiting.any():
        return out, 0
    pending = set(statements.loc[waiting, "id"])
    votes = out["statement_vote"]
    out["statement"] = statements[~waiting].reset_index(drop=True)
    out["statement_vote"] = votes[~votes["statement"].isin(pending)].reset_index(drop=True)
    return out, len(pending)


def with_records(inputs: Inputs, **records: pd.DataFrame) -> Inputs:
    """A copy of ``inputs`` with some record tables replaced (for tests and what-if analyses)."""
    return replace(inputs, records={**inputs.records, **records})
