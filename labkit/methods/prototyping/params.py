"""The prototyping parameters, including the documented, configurable decision rule."""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any

from labkit.errors import ConfigError
from labkit.i18n import LANGUAGES

#: Where the records come from: the journal when it has prototypes, the journal, or the examples.
RECORD_SOURCES = ("auto", "journal", "examples")


def _one_of(name: str, value: object, allowed: tuple) -> None:
    if value not in allowed:
        raise ConfigError("invalid value", column=name, expected="one of " + ", ".join(map(str, allowed)),
                          found=repr(value))


def _number(name: str, value: object, low: float, high: float, whole: bool = False) -> None:
    kind = Integral if whole else Real
    if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
        noun = "a whole number" if whole else "a number"
        raise ConfigError("invalid value", column=name, expected=f"{noun} from {low} to {high}", found=repr(value))


@dataclass(frozen=True)
class Params:
    """Parameters of one prototyping analysis.

    The suggested decision follows this rule (all thresholds configurable):

    1. With counted outcomes (successes of n), the success rate has the posterior
       Beta(``prior_alpha`` + successes, ``prior_beta`` + failures). If P(rate > ``target_rate``) is at least
       ``pilot_probability`` and at least ``pilot_criteria`` tests met their criterion: *gå vidare till pilot*.
       If that probability is at most ``stop_probability``: *avsluta*.
    2. Without counted outcomes: *gå vidare till pilot* when at least ``pilot_criteria`` tests met their
       criterion; *avsluta* when ``max_tests`` or more tests were run and none met it.
    3. Otherwise: *testa igen*.

    Attributes
    ----------
    kommun_kod : the municipality, 4 digits as text.
    lang : "sv" or "en".
    records : "auto", "journal" or "examples".
    journal : path of the lab journal; empty means labs/<kommun_kod>/labbok.sqlite.
    top : how many top-ranked co-creation ideas seed the register.
    prior_alpha, prior_beta : the Beta prior of the success rate (1, 1 is uniform).
    target_rate : the success rate a prototype must beat.
    pilot_probability, stop_probability : the posterior probabilities of the rule.
    pilot_criteria : tests with the criterion met needed for a pilot.
    max_tests : tests after which a prototype that never met its criterion is stopped.
    """

    kommun_kod: str
    lang: str = "sv"
    records: str = "auto"
    journal: str = ""
    top: int = 5
    prior_alpha: float = 1.0
    prior_beta: float = 1.0
    target_rate: float = 0.5
    pilot_probability: float = 0.8
    stop_probability: float = 0.2
    pilot_criteria: int = 1
    max_tests: int = 3

    def __post_init__(self) -> None:
        if not isinstance(self.kommun_kod, str):
            raise ConfigError("invalid value", column="kommun_kod", expected="text", found=repr(self.kommun_kod))
        _one_of("lang", self.lang, LANGUAGES)
        _one_of("records", self.records, RECORD_SOURCES)
        if not isinstance(self.journal, str):
            raise ConfigError("invalid value", column="journal", expected="text", found=repr(self.journal))
        _number("top", self.top, 1, 100, whole=True)
        _number("prior_alpha", self.prior_alpha, 0.01, 1000)
        _number("prior_beta", self.prior_beta, 0.01, 1000)
        _number("target_rate", self.target_rate, 0, 1)
        _number("pilot_probability", self.pilot_probability, 0, 1)
        _number("stop_probability", self.stop_probability, 0, 1)
        if self.stop_probability >= self.pilot_probability:
            raise ConfigError("invalid value", column="stop_probability",
                              expected=f"less than pilot_probability ({self.pilot_probability})",
                              found=repr(self.stop_probability))
        _number("pilot_criteria", self.pilot_criteria, 0, 100, whole=True)
        _number("max_tests", self.max_tests, 1, 100, whole=True)

    @classmethod
    def from_context(cls, ctx: Any) -> Params:
        """Build Params from a ``lab.open`` context and its recorded parameters."""
        names = ("records", "journal", "top", "prior_alpha", "prior_beta", "target_rate", "pilot_probability",
                 "stop_probability", "pilot_criteria", "max_tests")
        given = {name: ctx.params[name] for name in names if name in ctx.params}
        return cls(kommun_kod=ctx.kommun_kod, lang=ctx.lang, **given)
