"""The social investment calculator's parameters: a frozen, validated dataclass with cited scenario
defaults."""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

from labkit.errors import ConfigError
from labkit.methods.base import MethodParams, param
from labkit.validators import check_choice, check_int, check_number

#: The actors that bear costs and receive benefits, in report order.
ACTORS = ("kommun", "region", "stat", "individ")

#: Years of one Swedish mandate period (mandatperiod).
MANDATE_YEARS = 4

#: Default shares of C by actor: the municipal 34 % is Värmdö's ("Utanförskapets pris"); the rest is an
#: assumption.
DEFAULT_SHARES = (0.34, 0.12, 0.46, 0.08)

#: Default payers of the intervention: the municipality alone.
DEFAULT_COST_SHARES = (1.0, 0.0, 0.0, 0.0)

#: Discount rates of the sensitivity table: 0, 1.5 and 3.5 % real (docs/METHODS.md, "Social investment").
SENSITIVITY_RATES = (0.0, 0.015, 0.035)

#: Longest horizon accepted, in years (an adult working life is about 45 years).
MAX_HORIZON = 100

#: Largest number of Monte-Carlo runs accepted.
MAX_RUNS = 100_000

#: When in a year its flows fall: at the start (year 0 undiscounted) or at the end (year 0 discounted one
#: year).
TIMINGS = ("start", "end")

#: Largest Beta prior size accepted (persons' worth of evidence behind p).
MAX_PRIOR_SIZE = 1_000_000


@dataclass(frozen=True)
class Params(MethodParams):
    """Parameters of one social investment calculation (years t = 0 … horizon_years − 1).

    ``kommun_kod`` and ``lang`` come from :class:`~labkit.methods.base.MethodParams`.

    Attributes
    ----------
    persons : int
        N, the persons the intervention reaches.
    effect_probability : float
        p, the probability that the intervention keeps a person out of exclusion (0-1).
    cost_per_person_year : float
        C, society's yearly cost of one person in exclusion, kr. Default 300 000 kr: Nilsson & Wadeskog's
        10-15 Mkr over an adult life of about 45 years is 220-330 tkr a year (a scenario value).
    intervention_cost_per_year : float
        I, the yearly cost of the intervention, kr.
    intervention_years : int
        The intervention is paid in years 0 … intervention_years − 1.
    effect_start_year, effect_years : int
        Avoided costs accrue in years effect_start_year … effect_start_year + effect_years − 1.
    discount_rate : float
        r, the real discount rate (0.035: the ASEK transport guidance).
    horizon_years : int
        H, the number of years counted.
    timing : str
        When a year's flows fall: ``"start"`` (default; year t is discounted by (1 + r)^−t, so year 0 is not
        discounted) or ``"end"`` (by (1 + r)^−(t + 1)).
    shares : tuple of float
        The actors' shares of C (kommun, region, stat, individ), summing to 1. The municipal 34 % is
        Värmdö's share in the "Utanförskapets pris" model; the split of the rest is an assumption. The
        notebook writes it as text, ``"kommun:0.34,region:0.12,stat:0.46,individ:0.08"`` (actors left out
        get 0; :func:`parse_shares`).
    cost_shares : tuple of float
        Who pays the intervention (same actors, same notebook text), summing to 1; by default the
        municipality alone.
    spread : float
        Relative half-width of the uniform Monte-Carlo draws of C and I (0.2 means ±20 %).
    effect_prior_size : float
        How uncertain p is in the Monte Carlo: each run draws p from Beta(p·n₀, (1 − p)·n₀) with n₀ this
        value, i.e. as uncertain as a share observed among n₀ persons (default 10: a scenario value with no
        study behind it). 0 treats p as known (and so does p equal to 0 or 1).
    tornado_change : float
        Relative change of every continuous parameter in the tornado (integers move by one year or person).
    runs, seed : int
        Monte-Carlo runs and their seed (same seed, same band).
    """

    persons: int = param(
        10,
        "N: persons the intervention reaches (scenario value)",
        check=lambda name, value: check_int(name, value, 1, 10_000_000),
    )
    effect_probability: float = param(
        0.3,
        "p: probability that a person is kept out of exclusion (scenario value)",
        check=lambda name, value: check_number(name, value, 0.0, 1.0),
    )
    cost_per_person_year: float = param(
        300_000.0,
        "C, kr per person-year; Nilsson/Wadeskog: 10-15 Mkr per adult life",
        check=lambda name, value: check_number(name, value, 0.0, 1e12),
    )
    intervention_cost_per_year: float = param(
        1_200_000.0,
        "I in kr per year (scenario value)",
        check=lambda name, value: check_number(name, value, 0.0, 1e12),
    )
    # The next two are checked against horizon_years in validate().
    intervention_years: int = param(2, "the intervention is paid in years 0 to intervention_years - 1")
    effect_start_year: int = param(1, "first year with avoided costs (year 0 is the first year)")
    effect_years: int = param(
        6,
        "number of years with avoided costs",
        check=lambda name, value: check_int(name, value, 1, MAX_HORIZON),
    )
    discount_rate: float = param(
        0.035,
        "r, real rate; 3.5 percent as in ASEK",
        check=lambda name, value: check_number(name, value, 0.0, 0.5),
    )
    horizon_years: int = param(
        10, "H: number of years counted", check=lambda name, value: check_int(name, value, 1, MAX_HORIZON)
    )
    timing: str = param(
        "start",
        "when a year's flows fall: start (year 0 undiscounted) or end (discounted one year)",
        check=lambda name, value: check_choice(name, value, TIMINGS),
    )
    shares: tuple[float, ...] = param(
        DEFAULT_SHARES,
        "actors' shares of C (kommun 34 % as Varmdo)",
        check=lambda name, value: _check_shares(name, value),
        parse=lambda value: parse_shares(value, "shares"),
        notebook="kommun:0.34,region:0.12,stat:0.46,individ:0.08",
    )
    cost_shares: tuple[float, ...] = param(
        DEFAULT_COST_SHARES,
        "who pays the intervention, actor:share pairs",
        check=lambda name, value: _check_shares(name, value),
        parse=lambda value: parse_shares(value, "cost_shares"),
        notebook="kommun:1",
    )
    spread: float = param(
        0.2,
        "Monte Carlo: C and I drawn within plus or minus this share",
        check=lambda name, value: check_number(name, value, 0.0, 1.0),
    )
    effect_prior_size: float = param(
        10.0,
        "Monte Carlo: p ~ Beta(p*n, (1-p)*n) with n this value; 0 means p is known",
        check=lambda name, value: check_number(name, value, 0.0, MAX_PRIOR_SIZE),
    )
    tornado_change: float = param(
        0.25,
        "tornado: relative change of every continuous parameter",
        check=lambda name, value: check_number(name, value, 0.0, 1.0),
    )
    runs: int = param(2000, "Monte Carlo runs", check=lambda name, value: check_int(name, value, 1, MAX_RUNS))
    seed: int = param(
        0,
        "Monte Carlo seed (same seed, same band)",
        check=lambda name, value: check_int(name, value, 0, 2**32 - 1),
    )

    def validate(self) -> None:
        """The intervention and the first effect year must fall within the horizon."""
        check_int("intervention_years", self.intervention_years, 0, self.horizon_years)
        check_int("effect_start_year", self.effect_start_year, 0, self.horizon_years - 1)

    @property
    def benefit_per_year(self) -> float:
        """p·N·C: the avoided cost of one effect year, kr."""
        return self.effect_probability * self.persons * self.cost_per_person_year

    @property
    def effect_prior(self) -> tuple[float, float] | None:
        """(α, β) of the Beta distribution p is drawn from in the Monte Carlo, or None when p is taken as
        known."""
        p, size = float(self.effect_probability), float(self.effect_prior_size)
        if size == 0 or p in (0.0, 1.0):
            return None
        return p * size, (1.0 - p) * size

    @property
    def share_by_actor(self) -> dict[str, float]:
        """The actors' shares of the avoided costs."""
        return dict(zip(ACTORS, self.shares, strict=True))

    @property
    def cost_share_by_actor(self) -> dict[str, float]:
        """The actors' shares of the intervention cost."""
        return dict(zip(ACTORS, self.cost_shares, strict=True))


def parse_shares(value: str | tuple, name: str = "shares") -> tuple[float, ...]:
    """Parse ``"kommun:0.34,stat:0.66"`` into shares in :data:`ACTORS` order (a tuple passes through).

    Raises
    ------
    ConfigError
        If an actor is unknown, named twice, or its share is not a number.
    """
    if isinstance(value, tuple):
        return value
    found: dict[str, float] = {}
    for part in (p.strip() for p in str(value).split(",") if p.strip()):
        actor, _, number = (x.strip() for x in part.partition(":"))
        if actor not in ACTORS or actor in found or not _is_number(number):
            raise ConfigError(
                "invalid value",
                column=name,
                expected="actor:share pairs separated by commas, actors among "
                + ", ".join(ACTORS)
                + ", each at most once, e.g. 'kommun:0.34,stat:0.66'",
                found=repr(value),
            )
        found[actor] = float(number)
    return tuple(found.get(actor, 0.0) for actor in ACTORS)


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _check_shares(name: str, value: object) -> None:
    ok = (
        isinstance(value, tuple)
        and len(value) == len(ACTORS)
        and all(isinstance(v, Real) and not isinstance(v, bool) and 0 <= float(v) <= 1 for v in value)
    )
    if not (ok and math.isclose(sum(float(v) for v in value), 1.0, abs_tol=1e-9)):
        raise ConfigError(
            "invalid value",
            column=name,
            expected="four shares from 0 to 1 (" + ", ".join(ACTORS) + ") that sum to 1",
            found=repr(value),
        )
