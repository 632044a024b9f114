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
        raise ConfigError(
            "invalid value", column=name, expected="one of " + ", ".join(map(str, allowed)), found=repr(value)
        )


def _number(name: str, value: object, low: float, high: float, whole: bool = False) -> None:
    kind = Integral if whole else Real
    if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
        noun = "a whole number" if whole else "a number"
        raise ConfigError(
            "invalid value", column=name, expected=f"{noun} from {low} to {high}", found=repr(value)
        )


@dataclass(frozen=True)
class Params:
    """Parameters of one prototyping analysis.

    The suggested decision follows this rule (all thresholds configurable). The evidence is the
    prototype's current *series*: the tests since the team's latest "testa igen" decision (a revised
    prototype is a new prototype as far as its success rate goes), or every test when
    ``pool_revisions`` is true (the team says the revisions can be pooled).

    1. With counted outcomes (successes of n) in the series, the success rate has the posterior
       Beta(``prior_alpha`` + successes, ``prior_beta`` + failures). *Gå vidare till pilot* needs at
       least ``min_trials`` counted outcomes, the lower end of the equal-tailed ``credible_level``
       interval above ``target_rate``, and at least ``pilot_criteria`` tests that met their criterion.
       If P(rate > ``target_rate``) is at most ``stop_probability``: *avsluta*.
    2. Without counted outcomes: *gå vidare till pilot* when at least ``pilot_criteria`` (at least one)
       tests met their criterion and at least ``min_trials`` people took part in the series;
       *avsluta* when ``max_tests`` or more tests were run in the series and none met it.
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
    min_trials : counted outcomes (or, without counts, people taking part) a pilot needs in the series.
    credible_level : the credible interval whose lower end must lie above ``target_rate`` for a pilot
        (and the interval the report shows).
    stop_probability : P(rate > target_rate) at or below which *avsluta* is suggested.
    pilot_criteria : tests with the criterion met needed for a pilot.
    max_tests : tests after which a prototype that never met its criterion is stopped.
    pool_revisions : pool the tests of every revision into one series.
    """

    kommun_kod: str
    lang: str = "sv"
    records: str = "auto"
    journal: str = ""
    top: int = 5
    prior_alpha: float = 1.0
    prior_beta: float = 1.0
    target_rate: float = 0.5
    min_trials: int = 10
    credible_level: float = 0.9
    stop_probability: float = 0.2
    pilot_criteria: int = 1
    max_tests: int = 3
    pool_revisions: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.kommun_kod, str):
            raise ConfigError(
                "invalid value", column="kommun_kod", expected="text", found=repr(self.kommun_kod)
            )
        _one_of("lang", self.lang, LANGUAGES)
        _one_of("records", self.records, RECORD_SOURCES)
        if not isinstance(self.journal, str):
            raise ConfigError("invalid value", column="journal", expected="text", found=repr(self.journal))
        _number("top", self.top, 1, 100, whole=True)
        _number("prior_alpha", self.prior_alpha, 0.01, 1000)
        _number("prior_beta", self.prior_beta, 0.01, 1000)
        _number("target_rate", self.target_rate, 0, 1)
        _number("min_trials", self.min_trials, 0, 100000, whole=True)
        _number("credible_level", self.credible_level, 0.5, 0.999)
        _number("stop_probability", self.stop_probability, 0, 1)
        if self.stop_probability >= self.pilot_probability:
            raise ConfigError(
                "invalid value",
                column="stop_probability",
                expected=f"less than (1 + credible_level)/2 ({self.pilot_probability:g})",
                found=repr(self.stop_probability),
            )
        _number("pilot_criteria", self.pilot_criteria, 0, 100, whole=True)
        _number("max_tests", self.max_tests, 1, 100, whole=True)
        if not isinstance(self.pool_revisions, bool):
            raise ConfigError(
                "invalid value",
                column="pool_revisions",
                expected="True or False",
                found=repr(self.pool_revisions),
            )

    @property
    def pilot_probability(self) -> float:
        """P(rate > target_rate) that the lower credible bound above the target implies: (1 + level)/2."""
        return (1 + self.credible_level) / 2

    @classmethod
    def from_context(cls, ctx: Any) -> Params:
        """Build Params from a ``lab.open`` context and its recorded parameters."""
        names = (
            "records",
            "journal",
            "top",
            "prior_alpha",
            "prior_beta",
            "target_rate",
            "min_trials",
            "credible_level",
            "stop_probability",
            "pilot_criteria",
            "max_tests",
            "pool_revisions",
        )
        given = {name: ctx.params[name] for name in names if name in ctx.params}
        return cls(kommun_kod=ctx.kommun_kod, lang=ctx.lang, **given)
