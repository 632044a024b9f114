"""The co-creation analysis parameters: a frozen dataclass, validated when it is made."""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral
from typing import Any

from labkit.errors import ConfigError
from labkit.errors import check_one_of as _check_one_of
from labkit.i18n import LANGUAGES

#: Where the workshop records come from: the live journal, the invented examples, or the journal if it exists.
RECORD_SOURCES = ("auto", "journal", "examples")

#: Groups the representativeness figures in results.json compare.
DIMENSIONS = ("omradestyp", "area")


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, Integral) or not low <= value <= high:
        raise ConfigError(
            "invalid value", column=name, expected=f"a whole number from {low} to {high}", found=repr(value)
        )


def _check_text(name: str, value: object) -> None:
    if not isinstance(value, str):
        raise ConfigError("invalid value", column=name, expected="text", found=repr(value))


@dataclass(frozen=True)
class Params:
    """Parameters of one co-creation analysis.

    Attributes
    ----------
    kommun_kod : str
        The municipality, a 4-digit code as text.
    lang : str
        ``"sv"`` (default) or ``"en"``.
    records : str
        ``"auto"`` reads the lab journal when it holds records, else the invented example records;
        ``"journal"`` or ``"examples"`` force one of them.
    journal : str
        Path of the journal; empty means ``labs/<kommun_kod>/labbok.sqlite``.
    workshop : str
        Analyse one workshop id; empty means every workshop in the journal.
    year : int or None
        Population year to compare with (None: the latest in the source).
    dimension : str
        ``"omradestyp"`` (SCB/Delmos area type) or ``"area"``: the comparison in results.json.
    min_cell : int
        Participant counts from 1 to ``min_cell - 1`` are suppressed in tables, charts and results.
    top : int
        Ideas listed in the ranking.
    seed : int
        Seed of the k-means runs and of the Monte Carlo representativeness p-value (same seed, same
        opinion groups and p-values).
    min_votes : int
        Statement votes a participant needs to be placed in an opinion group (Pol.is uses 7).
    """

    kommun_kod: str
    lang: str = "sv"
    records: str = "auto"
    journal: str = ""
    workshop: str = ""
    year: int | None = None
    dimension: str = "omradestyp"
    min_cell: int = 5
    top: int = 10
    seed: int = 0
    min_votes: int = 7

    def __post_init__(self) -> None:
        _check_text("kommun_kod", self.kommun_kod)
        _check_one_of("lang", self.lang, LANGUAGES)
        _check_one_of("records", self.records, RECORD_SOURCES)
        _check_text("journal", self.journal)
        _check_text("workshop", self.workshop)
        if self.year is not None:
            _check_int("year", self.year, 1900, 2100)
        _check_one_of("dimension", self.dimension, DIMENSIONS)
        _check_int("min_cell", self.min_cell, 1, 100)
        _check_int("top", self.top, 1, 100)
        _check_int("seed", self.seed, 0, 2**32 - 1)
        _check_int("min_votes", self.min_votes, 1, 1000)

    @classmethod
    def from_context(cls, ctx: Any) -> Params:
        """Build Params from a ``lab.open`` context: its municipality, language and recorded parameters.

        A ``year`` of 0 means the latest year of the source.
        """
        names = (
            "records",
            "journal",
            "workshop",
            "year",
            "dimension",
            "min_cell",
            "top",
            "seed",
            "min_votes",
        )
        given = {name: ctx.params[name] for name in names if name in ctx.params}
        if given.get("year") == 0:
            given["year"] = None
        return cls(kommun_kod=ctx.kommun_kod, lang=ctx.lang, **given)
