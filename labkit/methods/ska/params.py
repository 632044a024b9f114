"""The SKA parameters: where the records come from and which journal (``kommun_kod`` and ``lang`` are
shared)."""

from __future__ import annotations

from dataclasses import dataclass

from labkit.methods.base import MethodParams, journal_param, records_param


@dataclass(frozen=True)
class Params(MethodParams):
    """Parameters of one SKA analysis: record source and journal path."""

    records: str = records_param("SKA")
    journal: str = journal_param()
