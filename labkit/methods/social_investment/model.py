"""Cash flows of a preventive intervention: yearly flows, NPV, break-even year and persons, split by actor.

Method source: the socio-economic analysis of Nilsson & Wadeskog ("Utanförskapets pris"): avoided costs of
exclusion set against the intervention's cost, discounted, per actor (see docs/METHODS.md).

Timing convention: with ``timing="start"`` (the default) a year's flows fall at its start, so year t is
discounted by (1 + r)^−t and year 0 not at all; with ``timing="end"`` they fall at its end, (1 + r)^−(t + 1).
Every present value under "end" is the one under "start" divided by 1 + r, so break-even years and persons
are the same under both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit.methods.social_investment.params import ACTORS, MANDATE_YEARS, Params


def years(params: Params) -> np.ndarray:
    """The years t = 0 … H − 1."""
    return np.arange(params.horizon_years)


def discount_factors(params: Params, rate: float | None = None) -> np.ndarray:
    """(1 + r)^−t for every year, or (1 + r)^−(t + 1) with ``timing="end"`` (``rate`` overrides the
    parameter)."""
    r = params.discount_rate if rate is None else rate
    shift = 1.0 if params.timing == "end" else 0.0
    return (1.0 + r) ** -(years(params).astype(float) + shift)


def intervention_flow(params: Params) -> np.ndarray:
    """I_t = I for t < intervention_years, else 0."""
    return np.where(years(params) < params.intervention_years, params.intervention_cost_per_year, 0.0)


def effect_mask(params: Params) -> np.ndarray:
    """True in the effect years: effect_start_year ≤ t < effect_start_year + effect_years."""
    t = years(params)
    return (t >= params.effect_start_year) & (t < params.effect_start_year + params.effect_years)


def benefit_flow(params: Params) -> np.ndarray:
    """B_t = p·N·C in the effect years, else 0."""
    return np.where(effect_mask(params), params.benefit_per_year, 0.0)


def cash_flows(params: Params) -> pd.DataFrame:
    """One row per year: benefit, intervention cost, net, discount factor, discounted net and its running
    sum."""
    factor = discount_factors(params)
    frame = pd.DataFrame(
        {"year": years(params), "benefit": benefit_flow(params), "intervention": intervention_flow(params)}
    )
    frame["net"] = frame["benefit"] - frame["intervention"]
    frame["discount_factor"] = factor
    frame["discounted_net"] = frame["net"] * factor
    frame["cumulative"] = frame["discounted_net"].cumsum()
    return frame


def npv_total(params: Params, rate: float | None = None) -> float:
    """Σ (B_t − I_t)·discount factor_t over the horizon (see :func:`discount_factors` for the timing)."""
    return float(((benefit_flow(params) - intervention_flow(params)) * discount_factors(params, rate)).sum())


def break_even_year(cumulative: np.ndarray) -> int | None:
    """The first year whose cumulative discounted net is ≥ 0, or None if it never is."""
    reached = np.flatnonzero(np.asarray(cumulative) >= 0)
    return int(reached[0]) if reached.size else None


def break_even_persons(params: Params, rate: float | None = None) -> float | None:
    """PV of all I_t divided by the PV of one person's avoided costs over the effect years.

    This is the number of persons *kept out of exclusion* at which the intervention pays for itself
    (divide by p for the number it must reach). None when one person's avoided costs have no present
    value within the horizon.
    """
    factor = discount_factors(params, rate)
    per_person = float((np.where(effect_mask(params), params.cost_per_person_year, 0.0) * factor).sum())
    if per_person <= 0:
        return None
    return float((intervention_flow(params) * factor).sum()) / per_person


def within_mandate(year: int | None, mandate_years: int = MANDATE_YEARS) -> bool:
    """True when break-even comes within the first mandate period (years 0 … mandate_years − 1)."""
    return year is not None and year < mandate_years


def npv_by_actor(params: Params, rate: float | None = None) -> pd.DataFrame:
    """Per actor: PV of its share of the benefits, PV of its share of the intervention cost, and the NPV."""
    factor = discount_factors(params, rate)
    benefit = float((benefit_flow(params) * factor).sum())
    cost = float((intervention_flow(params) * factor).sum())
    frame = pd.DataFrame(
        {
            "actor": list(ACTORS),
            "benefit_pv": [benefit * params.share_by_actor[a] for a in ACTORS],
            "cost_pv": [cost * params.cost_share_by_actor[a] for a in ACTORS],
        }
    )
    frame["npv"] = frame["benefit_pv"] - frame["cost_pv"]
    return frame


def cumulative_by_actor(params: Params) -> pd.DataFrame:
    """One row per year and actor: the actor's cumulative discounted net."""
    factor = discount_factors(params)
    rows = []
    for actor in ACTORS:
        net = (
            benefit_flow(params) * params.share_by_actor[actor]
            - intervention_flow(params) * params.cost_share_by_actor[actor]
        )
        rows.append(
            pd.DataFrame({"year": years(params), "actor": actor, "cumulative": np.cumsum(net * factor)})
        )
    return pd.concat(rows, ignore_index=True)


def actor_break_even(params: Params) -> dict[str, int | None]:
    """Each paying actor's break-even year on its own flows.

    None for an actor that never breaks even within the horizon, and for an actor that pays no part
    of the intervention (it has nothing to pay back).
    """
    frame = cumulative_by_actor(params)
    out: dict[str, int | None] = {}
    for actor in ACTORS:
        curve = frame.loc[frame["actor"] == actor, "cumulative"].to_numpy()
        out[actor] = break_even_year(curve) if params.cost_share_by_actor[actor] > 0 else None
    return out
