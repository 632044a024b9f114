"""Social impact analysis (SKA) in detailed planning, with the land-use dialogue tool.

A notebook uses it as::

    ctx = lab.open("ska", globals())
    params = ctx.params
    inputs = ska.load_inputs(ctx, params)
    result = ska.analyse(inputs, params)
    ska.plot_heatmaps(result)
    ctx.record(result)

Records come from the lab journal once it holds SKA records, else from the invented examples
(:mod:`.examples`). ``labkit workshop ska`` serves :func:`.widgets.workshop_view` (named in the registry).

The names below are loaded on first use: the lab journal imports this method's record kinds (:mod:`.kinds`),
and that must not load the analysis, its charts and their libraries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labkit.methods.base import lazy_exports

if TYPE_CHECKING:
    from labkit.methods.ska.analysis import (
        Result,
        analyse,
        carry_forward,
        goal_table,
        heatmap_data,
        latest_cells,
        matrix_summary,
    )
    from labkit.methods.ska.display import (
        plot_heatmaps,
        plot_relations,
        show_carry,
        show_goals,
        show_history,
        show_matrix,
        show_open_issues,
        show_origin,
        show_process_map,
        show_relations,
        show_swot,
    )
    from labkit.methods.ska.figures import key_figures
    from labkit.methods.ska.inputs import Inputs, load_inputs
    from labkit.methods.ska.params import Params
    from labkit.methods.ska.widgets import workshop

#: The method's slug.
SLUG = "ska"

__all__ = [
    "SLUG",
    "Inputs",
    "Params",
    "Result",
    "analyse",
    "carry_forward",
    "goal_table",
    "heatmap_data",
    "key_figures",
    "latest_cells",
    "load_inputs",
    "matrix_summary",
    "plot_heatmaps",
    "plot_relations",
    "show_carry",
    "show_goals",
    "show_history",
    "show_matrix",
    "show_open_issues",
    "show_origin",
    "show_process_map",
    "show_relations",
    "show_swot",
    "workshop",
]

#: The module of this method each exported name comes from (every name of ``__all__`` but SLUG).
_MODULES = {
    "analysis": (
        "Result",
        "analyse",
        "carry_forward",
        "goal_table",
        "heatmap_data",
        "latest_cells",
        "matrix_summary",
    ),
    "figures": ("key_figures",),
    "inputs": ("Inputs", "load_inputs"),
    "params": ("Params",),
    "widgets": ("workshop",),
    "display": tuple(name for name in __all__ if name.startswith(("show_", "plot_"))),
}
__getattr__, __dir__ = lazy_exports(__name__, _MODULES)
