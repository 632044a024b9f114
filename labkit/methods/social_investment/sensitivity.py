"""How sure is the answer? Discount-rate table, a one-at-a-time tornado and a seeded Monte-Carlo band."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from labkit.methods.social_investment.model import (
    break_even_persons,
    break_even_year,
    cash_flows,
    discount_factors,
    effect_mask,
    npv_total,
    within_mandate,
    years,
)
from labkit.methods.social_investment.params import MANDATE_YEARS, SENSITIVITY_RATES, Params

#: Parameters the tornado varies, in the order the report lists them.
TORNADO_PARAMS = (
    "persons",
    "effect_probability",
    "cost_per_person_year",
    "intervention_cost_per_year",
    "intervention_years",
    "effect_start_year",
    "effect_years",
    "discount_rate",
    "horizon_years",
)

#: Integer parameters move by one step in the tornado instead of by a relative change.
INTEGER_PARAMS = ("persons", "intervention_years", "effect_start_year", "effect_years", "horizon_years")

#: Band of the Monte-Carlo curve: the 5th and 95th percentiles.
BAND = (5.0, 95.0)


def rate_table(params: Params, rates: tuple[float, ...] = SENSITIVITY_RATES) -> pd.DataFrame:
    """NPV, break-even year, break-even persons and the mandate flag at each discount rate."""
    rows = []
    for rate in rates:
        changed = replace(params, discount_rate=rate)
        year = break_even_year(cash_flows(changed)["cumulative"].to_numpy())
        rows.append(
            {
                "discount_rate": rate,
                "npv_total": npv_total(changed),
                "break_even_year": year,
                "break_even_persons": break_even_persons(changed),
                "within_mandate_period": within_mandate(year),
            }
        )
    return pd.DataFrame(rows)


def _bounds(params: Params, name: str) -> tuple[object, object]:
    """The low and high value of ``name`` for the tornado, kept inside what Params accepts."""
    value = getattr(params, name)
    if name in INTEGER_PARAMS:
        low, high = value - 1, value + 1
        floor = {"persons": 1, "effect_years": 1, "horizon_years": 1}.get(name, 0)
        return max(low, floor), high
    change = params.tornado_change
    low, high = value * (1 - change), value * (1 + change)
    return low, min(high, 1.0) if name == "effect_probability" else high


def _npv_or_none(params: Params, name: str, value: object) -> float | None:
    """The NPV with one parameter changed, None when the change makes the parameters invalid."""
    from labkit.errors import ConfigError

    try:
        return npv_total(replace(params, **{name: value}))
    except ConfigError:
        return None


def tornado(params: Params) -> pd.DataFrame:
    """NPV with each parameter at its low and high value, the others at their base; widest swing first.

    Columns: parameter, low, high, npv_low, npv_high, swing (|npv_high − npv_low|). A value that would
    make the parameters invalid (e.g. an effect start beyond the horizon) gives a missing NPV.
    """
    rows = []
    for name in TORNADO_PARAMS:
        low, high = _bounds(params, name)
        rows.append(
            {
                "parameter": name,
                "base": getattr(params, name),
                "low": low,
                "high": high,
                "npv_low": _npv_or_none(params, name, low),
                "npv_high": _npv_or_none(params, name, high),
            }
        )
    frame = pd.DataFrame(rows)
    frame["npv_low"] = frame["npv_low"].astype(float)
    frame["npv_high"] = frame["npv_high"].astype(float)
    frame["swing"] = (frame["npv_high"] - frame["npv_low"]).abs()
    return frame.sort_values("swing", ascending=False, na_position="last", ignore_index=True)


def simulate(params: Params) -> np.ndarray:
    """Cumulative discounted net curves of ``runs`` seeded draws, shape (runs, H).

    Each run draws the effect probability from Beta(α, β) of :attr:`Params.effect_prior` (or keeps p when it
    is taken as known), then the number of persons kept out of exclusion k ~ Binomial(N, p_run), so k is
    beta-binomial with mean N·p and variance N·p(1 − p)(α + β + N)/(α + β + 1); and C and I uniformly within
    ± ``spread`` of their values. Benefits are k·C in the effect years.
    """
    rng = np.random.default_rng(params.seed)
    k = rng.binomial(params.persons, effect_draws(params, rng)).astype(float)
    spread = params.spread
    cost = params.cost_per_person_year * rng.uniform(1 - spread, 1 + spread, size=params.runs)
    intervention = params.intervention_cost_per_year * rng.uniform(1 - spread, 1 + spread, size=params.runs)
    benefit = np.outer(k * cost, effect_mask(params).astype(float))
    paid = np.outer(intervention, (years(params) < params.intervention_years).astype(float))
    return np.cumsum((benefit - paid) * discount_factors(params), axis=1)


def effect_draws(params: Params, rng: np.random.Generator) -> np.ndarray:
    """The effect probability of every run: Beta(α, β) draws, or p repeated when it is taken as known."""
    prior = params.effect_prior
    if prior is None:
        return np.full(params.runs, float(params.effect_probability))
    return rng.beta(prior[0], prior[1], size=params.runs)


def effect_interval(params: Params, level: float = 0.9) -> tuple[float, float]:
    """The central ``level`` interval of the effect probability's Beta distribution (p, p when known)."""
    prior = params.effect_prior
    if prior is None:
        return float(params.effect_probability), float(params.effect_probability)
    from scipy import stats

    low, high = stats.beta.ppf([(1 - level) / 2, (1 + level) / 2], prior[0], prior[1])
    return float(low), float(high)


def band(params: Params, curves: np.ndarray | None = None) -> pd.DataFrame:
    """Per year: the deterministic cumulative net, and the Monte-Carlo 5th percentile, median and 95th
    percentile."""
    curves = simulate(params) if curves is None else curves
    low, high = np.percentile(curves, BAND, axis=0)
    return pd.DataFrame(
        {
            "year": years(params),
            "cumulative": cash_flows(params)["cumulative"],
            "p05": low,
            "median": np.median(curves, axis=0),
            "p95": high,
        }
    )


def summary(params: Params, curves: np.ndarray) -> dict[str, float]:
    """Share of runs with a positive NPV and share breaking even within the mandate period."""
    final = curves[:, -1]
    reached = curves >= 0
    first = np.where(reached.any(axis=1), reached.argmax(axis=1), params.horizon_years)
    return {
        "share_positive_npv": float((final > 0).mean()),
        "share_within_mandate_period": float((first < MANDATE_YEARS).mean()),
        "npv_p05": float(np.percentile(final, BAND[0])),
        "npv_median": float(np.median(final)),
        "npv_p95": float(np.percentile(final, BAND[1])),
    }
