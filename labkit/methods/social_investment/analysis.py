"""The social investment calculation for one municipality: the pure analysis and its result.

Method source: Nilsson & Wadeskog's socio-economic analysis ("Utanförskapets pris") and SKR's working model
for social investment (see docs/METHODS.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from labkit.methods.base import check_matches
from labkit.methods.social_investment.inputs import Inputs
from labkit.methods.social_investment.model import (
    actor_break_even,
    break_even_persons,
    break_even_year,
    cash_flows,
    cumulative_by_actor,
    npv_by_actor,
    npv_total,
    within_mandate,
)
from labkit.methods.social_investment.params import Params
from labkit.methods.social_investment.sensitivity import band, rate_table, simulate, summary, tornado


@dataclass(frozen=True)
class Result:
    """Everything the report shows.

    Attributes
    ----------
    flows : one row per year (benefit, intervention, net, discount factor, discounted net, cumulative).
    actors : per actor the PV of benefits, the PV of the intervention cost and the NPV.
    actor_curves : per year and actor the cumulative discounted net.
    rates : the NPV and break-even figures at 0, 1.5 and 3.5 % discount rate.
    tornado : NPV with each parameter at its low and high value.
    band : the deterministic cumulative curve with the Monte-Carlo 5th/50th/95th percentiles.
    monte_carlo : shares of runs with positive NPV and break-even within a mandate period, NPV percentiles.
    """

    params: Params
    inputs: Inputs
    flows: pd.DataFrame
    npv_total: float
    break_even_year: int | None
    break_even_persons: float | None
    within_mandate_period: bool
    actors: pd.DataFrame
    actor_break_even: dict[str, int | None]
    actor_curves: pd.DataFrame
    rates: pd.DataFrame
    tornado: pd.DataFrame
    band: pd.DataFrame
    monte_carlo: dict[str, float]


def analyse(inputs: Inputs, params: Params) -> Result:
    """Run the calculation: flows, NPV, break-even, actors, discount-rate table, tornado and Monte Carlo.

    Raises
    ------
    ConfigError
        If ``params`` names another municipality than ``inputs``.
    """
    check_matches(inputs, params)
    flows = cash_flows(params)
    year = break_even_year(flows["cumulative"].to_numpy())
    curves = simulate(params)
    return Result(
        params=params,
        inputs=inputs,
        flows=flows,
        npv_total=npv_total(params),
        break_even_year=year,
        break_even_persons=break_even_persons(params),
        within_mandate_period=within_mandate(year),
        actors=npv_by_actor(params),
        actor_break_even=actor_break_even(params),
        actor_curves=cumulative_by_actor(params),
        rates=rate_table(params),
        tornado=tornado(params),
        band=band(params, curves),
        monte_carlo=summary(params, curves),
    )


def reach_needed(result: Result) -> float | None:
    """Persons the intervention must reach to break even: break-even persons divided by p."""
    persons, p = result.break_even_persons, result.params.effect_probability
    return None if persons is None or p == 0 else persons / p
