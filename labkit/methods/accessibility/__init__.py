"""Access to services and to the regional housing market (tillgänglighet), by area and by group.

A notebook uses it as::

    ctx = lab.open("accessibility", globals())
    params = ctx.params
    inputs = accessibility.load_inputs(ctx, params)
    result = accessibility.analyse(inputs, params)
    accessibility.show_summary(result)
    ctx.record(result)
"""

from __future__ import annotations

from labkit.methods.accessibility.analysis import Result, analyse
from labkit.methods.accessibility.display import (
    plot_access_map,
    plot_decomposition,
    plot_distributions,
    region_note,
    show_areas,
    show_equity,
    show_notes,
    show_summary,
    show_tenure_mix,
    show_worst,
)
from labkit.methods.accessibility.figures import key_figures
from labkit.methods.accessibility.inputs import Inputs, load_inputs
from labkit.methods.accessibility.params import SERVICE_TYPES, Params

#: The method's slug (module, notebook, test file and output names).
SLUG = "accessibility"

__all__ = [
    "SERVICE_TYPES",
    "SLUG",
    "Inputs",
    "Params",
    "Result",
    "analyse",
    "key_figures",
    "load_inputs",
    "plot_access_map",
    "plot_decomposition",
    "plot_distributions",
    "region_note",
    "show_areas",
    "show_equity",
    "show_notes",
    "show_summary",
    "show_tenure_mix",
    "show_worst",
]
