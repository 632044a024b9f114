"""The social investment calculation for one municipality: inputs, the pure analysis and its result.

Method source: Nilsson & Wadeskog's socio-economic analysis ("Utanförskapets pris") and SKR's working model
for social investment (see docs/METHODS.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from labkit.data.dataset import Dataset
from labkit.errors import ConfigError
from labkit.methods.social_investment import model, sensitivity
from labkit.methods.social_investment.params import Params


@dataclass(frozen=True)
class Inputs:
    """What the calculator reads from the source: the municipality's name and latest population."""

    kommun_kod: str
    kommun: str
    population: int | None
    year: int | None
    synthetic: bool


def load_inputs(dataset: Dataset, params: Params) -> Inputs:
    """Resolve the municipality in ``dataset`` and read its latest population for context.

    Raises
    ------
    ConfigError
        If the municipality is not in the source; the message lists the codes that are.
    """
    names = dataset.municipalities().set_index("kommun_kod")["kommun"]
    if params.kommun_kod not in names.index:
        raise ConfigError(
            f"municipality not in source '{dataset.source}'",
            column="kommun_kod",
            expected="one of " + ", ".join(names.index),
            found=repr(params.kommun_kod),
        )
    population, year = _latest_population(dataset, params.kommun_kod)
    return Inputs(params.kommun_kod, str(names[params.kommun_kod]), population, year, dataset.is_synthetic)


def _latest_population(dataset: Dataset, kommun_kod: str) -> tuple[int | None, int | None]:
    """The municipality's population summed over its areas in the latest year (None if unknown)."""
    codes = dataset.areas.loc[dataset.areas["kommun_kod"] == kommun_kod, "area_code"]
    rows = dataset.population_by_birth_region
    rows = rows[rows["area_code"].isin(codes)]
    if rows.empty:
        return None, None
    year = int(rows["year"].max())
    total = rows.loc[rows["year"] == year, "total"].sum(min_count=1)
    return (None if pd.isna(total) else int(total)), year


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

    def _repr_markdown_(self) -> str:
        from labkit.methods.social_investment.display import summary_text
        from labkit.render import markdown_text

        return markdown_text(summary_text(self))


def analyse(inputs: Inputs, params: Params) -> Result:
    """Run the calculation: flows, NPV, break-even, actors, discount-rate table, tornado and Monte Carlo.

    Raises
    ------
    ConfigError
        If ``params`` names another municipality than ``inputs``.
    """
    if params.kommun_kod != inputs.kommun_kod:
        raise ConfigError(
            "parameters and inputs disagree",
            column="kommun_kod",
            expected=repr(inputs.kommun_kod),
            found=repr(params.kommun_kod),
        )
    flows = model.cash_flows(params)
    year = model.break_even_year(flows["cumulative"].to_numpy())
    curves = sensitivity.simulate(params)
    return Result(
        params=params,
        inputs=inputs,
        flows=flows,
        npv_total=model.npv_total(params),
        break_even_year=year,
        break_even_persons=model.break_even_persons(params),
        within_mandate_period=model.within_mandate(year),
        actors=model.npv_by_actor(params),
        actor_break_even=model.actor_break_even(params),
        actor_curves=model.cumulative_by_actor(params),
        rates=sensitivity.rate_table(params),
        tornado=sensitivity.tornado(params),
        band=sensitivity.band(params, curves),
        monte_carlo=sensitivity.summary(params, curves),
    )


def reach_needed(result: Result) -> float | None:
    """Persons the intervention must reach to break even: break-even persons divided by p."""
    persons, p = result.break_even_persons, result.params.effect_probability
    return None if persons is None or p == 0 else persons / p
