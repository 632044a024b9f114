"""The SKA's inputs: its records from the lab journal, else the examples (no area statistics)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from labkit.capture.journal import journal_path
from labkit.methods.base import read_records
from labkit.methods.ska.examples import KINDS, example_frames
from labkit.methods.ska.params import Params

if TYPE_CHECKING:
    from labkit.lab import LabContext


@dataclass(frozen=True)
class Inputs:
    """The SKA records: ``origin`` is "journal", "examples" or "none"; ``records`` maps kinds to tables."""

    kommun_kod: str
    origin: str
    journal_path: str
    records: dict[str, pd.DataFrame]


def load_inputs(ctx: LabContext | None, params: Params) -> Inputs:
    """Read the SKA records by the one rule (:func:`labkit.methods.base.read_records`): the journal's SKA
    records when it holds any (or when asked), else the examples, else empty tables.

    The SKA reads no statistics, so ``ctx`` may be None.

    Raises
    ------
    CaptureError
        If ``records="journal"`` and there is no journal.
    """
    path = Path(params.journal) if params.journal else journal_path(params.kommun_kod)
    found = read_records(path, KINDS, params.records, examples=lambda: example_frames(params.kommun_kod))
    return Inputs(params.kommun_kod, found.origin, found.path, found.frames)
