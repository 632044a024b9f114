"""Gather the prototyping records (journal or examples), the co-creation ranking and the target groups.

The ranking and the target groups are the results of the co-creation and target-group analyses of the same
run, handed over by the runner (``ctx.upstream``); when one is missing, the reason goes into the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from labkit.capture.journal import journal_path
from labkit.methods.base import Upstream, read_records
from labkit.methods.prototyping.examples import example_frames
from labkit.methods.prototyping.kinds import READS
from labkit.methods.prototyping.params import Params
from labkit.methods.prototyping.text import words

if TYPE_CHECKING:
    from labkit.lab import LabContext

#: The record kinds the analysis reads (the journal's records of these kinds switch it to the journal).
KINDS = READS

#: The columns of the co-creation ranking the register is seeded from.
RANKING = ["rank", "idea", "text", "mean"]


@dataclass(frozen=True)
class Inputs:
    """The records one analysis reads.

    ``origin`` is "journal", "examples" or "none"; ``records`` maps each kind of :data:`KINDS` to a table
    shaped like ``LabJournal.frame``; ``ranking`` is the co-creation ranking (rank, idea, text, mean);
    ``target_groups`` the labels of the target-group analysis, best first. ``ranking_note`` and
    ``target_groups_note`` say why the ranking or the target groups are missing (empty when they are here).
    """

    kommun_kod: str
    origin: str
    journal_path: str
    records: dict[str, pd.DataFrame]
    ranking: pd.DataFrame
    target_groups: tuple[str, ...]
    ranking_note: str = ""
    target_groups_note: str = ""


def load_inputs(ctx: LabContext, params: Params) -> Inputs:
    """Read the prototyping records, the co-creation ranking and the target groups for one municipality.

    Raises
    ------
    CaptureError
        If ``records="journal"`` and there is no journal.
    """
    path = Path(params.journal) if params.journal else journal_path(params.kommun_kod)
    records = read_records(path, KINDS, params.records, examples=partial(example_frames, params.kommun_kod))
    ranking, ranking_note = _ranking(ctx.upstream("cocreation"), records.origin, params.lang)
    groups = ctx.upstream("target_groups")
    return Inputs(
        params.kommun_kod,
        records.origin,
        str(path),
        records.frames,
        ranking,
        _labels(groups.result.target_groups) if groups.ok else (),
        ranking_note,
        groups.reason,
    )


def _ranking(upstream: Upstream, origin: str, lang: str) -> tuple[pd.DataFrame, str]:
    """The co-creation ranking, or an empty one and why: the register of a journal is seeded from the
    journal's ideas only, never from the example ideas."""
    empty = pd.DataFrame(columns=RANKING)
    if not upstream.ok:
        return empty, upstream.reason
    if origin == "journal" and upstream.result.origin != "journal":
        return empty, words("ranking_not_journal", lang)
    return upstream.result.ranking, ""


def _labels(table: pd.DataFrame) -> tuple[str, ...]:
    """ "Group, area" labels of the target-group table, best first, each once."""
    return tuple(dict.fromkeys(f"{r.label}, {r.area_name}" for r in table.itertuples()))
