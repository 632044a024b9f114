"""The SKA parameters: where the records come from and which journal (``kommun_kod`` and ``lang`` are
shared)."""

from __future__ import annotations

from dataclasses import dataclass

from labkit.methods.base import RECORD_CHOICES, MethodParams, param
from labkit.validators import check_choice, check_text


@dataclass(frozen=True)
class Params(MethodParams):
    """Parameters of one SKA analysis: record source and journal path."""

    records: str = param(
        "auto",
        "auto (the journal's SKA records, else the examples), journal or examples",
        check=lambda name, value: check_choice(name, value, RECORD_CHOICES),
    )
    journal: str = param(
        "",
        "lab journal file; empty means labs/<kommun_kod>/labbok.sqlite",
        check=lambda name, value: check_text(name, value),
    )
