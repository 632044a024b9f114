"""The prototyping parameters, including the documented, configurable decision rule (each declared once)."""

from __future__ import annotations

from dataclasses import dataclass

from labkit.errors import ConfigError
from labkit.methods.base import MethodParams, journal_param, param, records_param
from labkit.validators import check_bool, check_int, check_number

#: Where the records come from: the journal when it has prototyping records, the journal, or the examples.


@dataclass(frozen=True)
class Params(MethodParams):
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

    ``kommun_kod`` and ``lang`` come from :class:`MethodParams`.

    Attributes
    ----------
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

    records: str = records_param("prototyping")
    journal: str = journal_param()
    top: int = param(
        5,
        "top-ranked co-creation ideas suggested as prototypes",
        check=lambda name, value: check_int(name, value, 1, 100),
    )
    prior_alpha: float = param(
        1.0,
        "alpha of the Beta prior of the success rate (1 and 1 is uniform)",
        check=lambda name, value: check_number(name, value, 0.01, 1000),
    )
    prior_beta: float = param(
        1.0,
        "beta of the Beta prior of the success rate",
        check=lambda name, value: check_number(name, value, 0.01, 1000),
    )
    target_rate: float = param(
        0.5,
        "success rate a prototype must beat",
        check=lambda name, value: check_number(name, value, 0, 1),
    )
    min_trials: int = param(
        10,
        "counted outcomes (without counts: people taking part) needed for a pilot",
        check=lambda name, value: check_int(name, value, 0, 100000),
    )
    credible_level: float = param(
        0.9,
        "credible interval whose lower end must lie above target_rate for a pilot",
        check=lambda name, value: check_number(name, value, 0.5, 0.999),
    )
    stop_probability: float = param(
        0.2,
        "P(rate > target_rate) at or below which the suggestion is to stop",
        check=lambda name, value: check_number(name, value, 0, 1),
    )
    pilot_criteria: int = param(
        1,
        "tests that met their criterion needed for a pilot",
        check=lambda name, value: check_int(name, value, 0, 100),
    )
    max_tests: int = param(
        3,
        "tests without the criterion met after which the suggestion is to stop",
        check=lambda name, value: check_int(name, value, 1, 100),
    )
    pool_revisions: bool = param(
        False,
        "True: pool the tests of every version of a prototype into one series",
        check=lambda name, value: check_bool(name, value),
    )

    def validate(self) -> None:
        """The stop threshold must lie below the probability a pilot implies."""
        if self.stop_probability >= self.pilot_probability:
            raise ConfigError(
                "invalid value",
                column="stop_probability",
                expected=f"less than (1 + credible_level)/2 ({self.pilot_probability:g})",
                found=repr(self.stop_probability),
            )

    @property
    def pilot_probability(self) -> float:
        """P(rate > target_rate) that the lower credible bound above the target implies: (1 + level)/2."""
        return (1 + self.credible_level) / 2
