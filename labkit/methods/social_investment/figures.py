"""The key figures of a social investment calculation as plain JSON values for ``<slug>.results.json``."""

from __future__ import annotations

import math

from labkit.methods.social_investment.analysis import Result, reach_needed
from labkit.methods.social_investment.sensitivity import effect_interval


def _float(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def key_figures(result: Result) -> dict:
    """Key figures: ``npv_total``, ``npv_by_actor``, ``break_even_year``, ``break_even_persons``,
    ``within_mandate_period``, plus ``reach_needed``, ``sensitivity`` (per discount rate),
    ``monte_carlo`` (with the Beta prior of p and its 90 % interval) and ``inputs`` (the parameters the
    figures rest on, with the timing convention). Floats keep full precision.
    """
    params = result.params
    return {
        "npv_total": float(result.npv_total),
        "npv_by_actor": {
            str(a): float(v) for a, v in zip(result.actors["actor"], result.actors["npv"], strict=True)
        },
        "break_even_year": result.break_even_year,
        "break_even_persons": _float(result.break_even_persons),
        "within_mandate_period": bool(result.within_mandate_period),
        "reach_needed": _float(reach_needed(result)),
        "actor_break_even_year": dict(result.actor_break_even),
        "sensitivity": [
            {
                "discount_rate": float(r.discount_rate),
                "npv_total": float(r.npv_total),
                "break_even_year": None
                if r.break_even_year is None or math.isnan(r.break_even_year)
                else int(r.break_even_year),
                "break_even_persons": _float(r.break_even_persons),
                "within_mandate_period": bool(r.within_mandate_period),
            }
            for r in result.rates.itertuples(index=False)
        ],
        "monte_carlo": {
            "runs": params.runs,
            "seed": params.seed,
            "spread": params.spread,
            "effect_prior_size": float(params.effect_prior_size),
            "effect_prior": None
            if params.effect_prior is None
            else dict(zip(("alpha", "beta"), map(float, params.effect_prior), strict=True)),
            "effect_interval_90": list(effect_interval(params)),
            **{k: float(v) for k, v in result.monte_carlo.items()},
        },
        "inputs": {
            "persons": params.persons,
            "effect_probability": params.effect_probability,
            "cost_per_person_year": params.cost_per_person_year,
            "intervention_cost_per_year": params.intervention_cost_per_year,
            "intervention_years": params.intervention_years,
            "effect_start_year": params.effect_start_year,
            "effect_years": params.effect_years,
            "discount_rate": params.discount_rate,
            "horizon_years": params.horizon_years,
            "timing": params.timing,
            "shares": params.share_by_actor,
            "cost_shares": params.cost_share_by_actor,
        },
    }
