"""The housing-provision parameters: a frozen, validated dataclass."""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Real
from typing import Any

from labkit.errors import ConfigError
from labkit.i18n import LANGUAGES
from labkit.perspectives import check_perspective

#: Where the records come from: the journal when it has housing records, the journal, or the examples.
RECORD_SOURCES = ("auto", "journal", "examples")


def _one_of(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ConfigError(
            "invalid value", column=name, expected="one of " + ", ".join(allowed), found=repr(value)
        )


def _text(name: str, value: object) -> None:
    if not isinstance(value, str):
        raise ConfigError("invalid value", column=name, expected="text", found=repr(value))


@dataclass(frozen=True)
class Params:
    """Parameters of one housing-provision analysis.

    Attributes
    ----------
    kommun_kod : the municipality, 4 digits as text.
    lang : "sv" or "en".
    records : "auto" (journal if it holds housing records, else the examples), "journal" or "examples".
    journal : path of the lab journal; empty means labs/<kommun_kod>/labbok.sqlite.
    planned_csv : a CSV of planned projects (columns of the ``planned_project`` record); replaces the
        planned projects of the journal or the examples when given.
    perspektiv : "", "unga" or "seniorer" (see ``labkit.perspectives``).
    tolerance : the balance band of the computed survey scale: planned/need within 1 ± tolerance is balans.
    """

    kommun_kod: str
    lang: str = "sv"
    records: str = "auto"
    journal: str = ""
    planned_csv: str = ""
    perspektiv: str = ""
    tolerance: float = 0.1

    def __post_init__(self) -> None:
        _text("kommun_kod", self.kommun_kod)
        _one_of("lang", self.lang, LANGUAGES)
        _one_of("records", self.records, RECORD_SOURCES)
        _text("journal", self.journal)
        _text("planned_csv", self.planned_csv)
        check_perspective(self.perspektiv)
        ok = (
            isinstance(self.tolerance, Real)
            and not isinstance(self.tolerance, bool)
            and 0 <= self.tolerance < 1
        )
        if not ok:
            raise ConfigError(
                "invalid value",
                column="tolerance",
                expected="a number from 0 to below 1",
                found=repr(self.tolerance),
            )

    @classmethod
    def from_context(cls, ctx: Any) -> Params:
        """Build Params from a ``lab.open`` context and its recorded parameters."""
        names = ("records", "journal", "planned_csv", "perspektiv", "tolerance")
        given = {name: ctx.params[name] for name in names if name in ctx.params}
        return cls(kommun_kod=ctx.kommun_kod, lang=ctx.lang, **given)
