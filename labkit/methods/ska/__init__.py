"""Social impact analysis (SKA) in detailed planning, with the land-use dialogue tool.

A notebook uses it as::

    ctx = lab.open("ska", globals())
    params = ctx.params
    inputs = ska.load_inputs(ctx, params)
    result = ska.analyse(inputs, params)
    ska.plot_heatmaps(result)
    ctx.record(result)

Records come from the lab journal once it holds SKA records, else from the invented examples.
"""

from __future__ import annotations

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

#: The method's slug.
SLUG = "ska"


def __getattr__(name: str) -> object:
    """``ska.workshop`` (the workshop board, :mod:`labkit.methods.ska.widgets`), imported on first use so that
    a report run does not load ipywidgets."""
    if name == "workshop":
        from labkit.methods.ska.widgets import workshop

        return workshop
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
