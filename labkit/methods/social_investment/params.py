"""The social investment calculator's parameters: a frozen, validated dataclass with cited scenario defaults."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from numbers import Real
from typing import Any

from labkit.errors import ConfigError
from labkit.errors import check_one_of as _check_one_of
from labkit.i18n import LANGUAGES

#: The actors that bear costs and receive benefits, in report order.
ACTORS = ("kommun", "region", "stat", "individ")

#: Years of one Swedish mandate period (mandatperiod).
MANDATE_YEARS = 4

#: Default shares of C by actor: the municipal 34 % is Värmdö's ("Utanförskapets pris"); the rest is an assumption.
DEFAULT_SHARES = (0.34, 0.12, 0.46, 0.08)

#: Default payers of the intervention: the municipality alone.
DEFAULT_COST_SHARES = (1.0, 0.0, 0.0, 0.0)

#: Discount rates of the sensitivity table: 0, 1.5 and 3.5 % real (docs/METHODS.md, "Social investment").
SENSITIVITY_RATES = (0.0, 0.015, 0.035)

#: Longest horizon accepted, in years (an adult working life is about 45 years).
MAX_HORIZON = 100

#: Largest number of Monte-Carlo runs accepted.
MAX_RUNS = 100_000

#: When in a year its flows fall: at the start (year 0 undiscounted) or at the end (year 0 discounted one year).
TIMINGS = ("start", "end")

#: Largest Beta prior size accepted (persons' worth of evidence behind p).
MAX_PRIOR_SIZE = 1_000_000


@dataclass(frozen=True)
class Params:
    """Parameters of one social investment calculation (years t = 0 … horizon_years − 1).

    Attributes
    ----------
    kommun_kod : str
        The municipality, a 4-digit code as text.
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
    timing : str
        When a year's flows fall: ``"start"`` (default; year t is discounted by (1 + r)^−t, so year 0 is not
        discounted) or ``"end"`` (by (1 + r)^−(t + 1)).
    discount_rate : float
        r, the real discount rate (0.035: the ASEK transport guidance).
    horizon_years : int
        H, the number of years counted.
    shares : tuple of float
        The actors' shares of C (kommun, region, stat, individ), summing to 1. The municipal 34 % is
        Värmdö's share in the "Utanförskapets pris" model; the split of the rest is an assumption.
    cost_shares : tuple of float
        Who pays the intervention (same actors), summing to 1; by default the municipality alone.
    spread : float
        Relative half-width of the uniform Monte-Carlo draws of C and I (0.2 means ±20 %).
    effect_prior_size : float
        How uncertain p is in the Monte Carlo: each run draws p from Beta(p·n₀, (1 − p)·n₀) with n₀ this value,
        i.e. as uncertain as a share observed among n₀ persons (default 10: a scenario value with no study
        behind it). 0 treats p as known (and so does p equal to 0 or 1).
    tornado_change : float
        Relative change of every continuous parameter in the tornado (integers move by one year or person).
    runs, seed : int
        Monte-Carlo runs and their seed (same seed, same band).
    lang : str
        ``"sv"`` (default) or ``"en"``.
    """

    kommun_kod: str = "1402"
    persons: int = 10
    effect_probability: float = 0.3
    cost_per_person_year: float = 300_000.0
    intervention_cost_per_year: float = 1_200_000.0
    intervention_years: int = 2
    effect_start_year: int = 1
    effect_years: int = 6
    discount_rate: float = 0.035
    horizon_years: int = 10
    timing: str = "start"
    shares: tuple[float, ...] = DEFAULT_SHARES
    cost_shares: tuple[float, ...] = DEFAULT_COST_SHARES
    spread: float = 0.2
    effect_prior_size: float = 10.0
    tornado_change: float = 0.25
    runs: int = 2000
    seed: int = 0
    lang: str = "sv"

    def __post_init__(self) -> None:
        _check_code(self.kommun_kod)
        _check_int("persons", self.persons, 1, 10_000_000)
        _check_real("effect_probability", self.effect_probability, 0.0, 1.0)
        _check_real("cost_per_person_year", self.cost_per_person_year, 0.0, 1e12)
        _check_real("intervention_cost_per_year", self.intervention_cost_per_year, 0.0, 1e12)
        _check_int("horizon_years", self.horizon_years, 1, MAX_HORIZON)
        _check_int("intervention_years", self.intervention_years, 0, self.horizon_years)
        _check_int("effect_start_year", self.effect_start_year, 0, self.horizon_years - 1)
        _check_int("effect_years", self.effect_years, 1, MAX_HORIZON)
        _check_real("discount_rate", self.discount_rate, 0.0, 0.5)
        _check_shares("shares", self.shares)
        _check_shares("cost_shares", self.cost_shares)
        _check_one_of("timing", self.timing, TIMINGS)
        _check_real("spread", self.spread, 0.0, 1.0)
        _check_real("effect_prior_size", self.effect_prior_size, 0.0, MAX_PRIOR_SIZE)
        _check_real("tornado_change", self.tornado_change, 0.0, 1.0)
        _check_int("runs", self.runs, 1, MAX_RUNS)
        _check_int("seed", self.seed, 0, 2**32 - 1)
        _check_one_of("lang", self.lang, LANGUAGES)

    @property
    def benefit_per_year(self) -> float:
        """p·N·C: the avoided cost of one effect year, kr."""
        return self.effect_probability * self.persons * self.cost_per_person_year

    @property
    def effect_prior(self) -> tuple[float, float] | None:
        """(α, β) of the Beta distribution p is drawn from in the Monte Carlo, or None when p is taken as known."""
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

    @classmethod
    def from_notebook(
        cls,
        kommun_kod: str,
        *,
        shares: str | tuple = DEFAULT_SHARES,
        cost_shares: str | tuple = DEFAULT_COST_SHARES,
        **values: Any,
    ) -> Params:
        """Build Params from notebook values; ``shares`` and ``cost_shares`` may be text such as
        ``"kommun:0.34,region:0.12,stat:0.46,individ:0.08"`` (actors left out get 0).

        Raises
        ------
        ConfigError
            If a name is unknown or a value is invalid; the message lists what is allowed.
        """
        allowed = [f.name for f in fields(cls) if f.name != "kommun_kod"]
        unknown = sorted(set(values) - set(allowed))
        if unknown:
            raise ConfigError(
                "unknown parameter",
                column=unknown[0],
                expected="one of " + ", ".join(allowed),
                found=repr(unknown[0]),
            )
        return cls(
            kommun_kod=kommun_kod,
            shares=parse_shares(shares, "shares"),
            cost_shares=parse_shares(cost_shares, "cost_shares"),
            **values,
        )

    @classmethod
    def from_context(cls, ctx: Any) -> Params:
        """Build Params from a ``lab.open`` context: municipality, language and the recorded parameters."""
        runner = ("kommun", "source", "data_dir", "lang", "out_dir")
        given = {name: value for name, value in ctx.params.items() if name not in runner}
        return cls.from_notebook(ctx.kommun_kod, lang=ctx.lang, **given)


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


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_code(value: object) -> None:
    if not (isinstance(value, str) and re.fullmatch(r"\d{4}", value)):
        raise ConfigError(
            "invalid value",
            column="kommun_kod",
            expected="a 4-digit municipality code as text, e.g. '1402'",
            found=repr(value),
        )


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if not (_is_int(value) and low <= value <= high):
        raise ConfigError(
            "invalid value", column=name, expected=f"an integer from {low} to {high}", found=repr(value)
        )


def _check_real(name: str, value: object, low: float, high: float) -> None:
    ok = isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(float(value))
    if not (ok and low <= float(value) <= high):
        raise ConfigError(
            "invalid value", column=name, expected=f"a number from {low:g} to {high:g}", found=repr(value)
        )


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
