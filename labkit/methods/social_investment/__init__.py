"""Social investment calculator (socialt investeringsperspektiv): does preventive work pay, and for whom?

A notebook uses it as::

    params = social_investment.Params.from_context(ctx)
    inputs = social_investment.load_inputs(ctx.dataset, params)
    result = social_investment.analyse(inputs, params)
    social_investment.plot_cumulative(result)
"""

from __future__ import annotations

from labkit.methods.social_investment.analysis import Inputs, Result, analyse, load_inputs, reach_needed
from labkit.methods.social_investment.display import (
    parameter_table,
    plot_actors,
    plot_cumulative,
    plot_tornado,
    show_actors,
    show_flows,
    show_parameters,
    show_rates,
    show_summary,
    show_tornado,
    summary_text,
)
from labkit.methods.social_investment.figures import key_figures
from labkit.methods.social_investment.params import ACTORS, MANDATE_YEARS, SENSITIVITY_RATES, Params

#: The method's slug (module, notebook, test file and output names).
SLUG = "social_investment"

__all__ = [
    "ACTORS",
    "MANDATE_YEARS",
    "SENSITIVITY_RATES",
    "SLUG",
    "Inputs",
    "Params",
    "Result",
    "analyse",
    "key_figures",
    "load_inputs",
    "parameter_table",
    "plot_actors",
    "plot_cumulative",
    "plot_tornado",
    "reach_needed",
    "show_actors",
    "show_flows",
    "show_parameters",
    "show_rates",
    "show_summary",
    "show_tornado",
    "summary_text",
]
