"""Target-group analysis (målgruppsanalys): who lives where, how segregated, and whom to invite.

A notebook uses it as::

    ctx = lab.open("target_groups", globals())
    params = ctx.params
    inputs = target_groups.load_inputs(ctx, params)
    result = target_groups.analyse(inputs, params)
    target_groups.show_indices(result)
    ctx.record(result)
"""

from __future__ import annotations

from labkit.methods.target_groups.analysis import Result, analyse
from labkit.methods.target_groups.areamap import plot_area_map, read_area_geometry
from labkit.methods.target_groups.display import (
    plot_benchmark,
    plot_profiles,
    plot_region_map,
    plot_trend,
    show_areas,
    show_comparison,
    show_gaps,
    show_housing,
    show_indices,
    show_municipalities,
    show_notes,
    show_profiles,
    show_target_groups,
)
from labkit.methods.target_groups.figures import key_figures
from labkit.methods.target_groups.inputs import Inputs, load_inputs
from labkit.methods.target_groups.params import Params

#: The method's slug (module, notebook, test file and output names).
SLUG = "target_groups"

__all__ = [
    "SLUG",
    "Inputs",
    "Params",
    "Result",
    "analyse",
    "key_figures",
    "load_inputs",
    "plot_area_map",
    "plot_benchmark",
    "plot_profiles",
    "plot_region_map",
    "plot_trend",
    "read_area_geometry",
    "show_areas",
    "show_comparison",
    "show_gaps",
    "show_housing",
    "show_indices",
    "show_municipalities",
    "show_notes",
    "show_profiles",
    "show_target_groups",
]
