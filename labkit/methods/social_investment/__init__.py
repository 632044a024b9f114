"""Social investment calculator (socialt investeringsperspektiv): does preventive work pay, and for whom?

A notebook uses it as::

    ctx = lab.open("social_investment", globals())
    params = ctx.params
    inputs = social_investment.load_inputs(ctx, params)
    result = social_investment.analyse(inputs, params)
    social_investment.plot_cumulative(result)
    ctx.record(result)
"""

from __future__ import annotations

from labkit.methods.social_investment.analysis import Result, analyse, reach_needed
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
from labkit.methods.social_investment.inputs import Inputs, load_inputs
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
