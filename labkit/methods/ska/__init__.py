"""Social impact analysis (SKA) in detailed planning, with the land-use dialogue tool.

A notebook uses it as::

    params = ska.Params.from_context(ctx)
    result = ska.analyse(ska.load_inputs(ctx.dataset, params), params)
    ska.plot_heatmaps(result)

Records come from the lab journal once it holds SKA records, else from the invented examples.
"""

from __future__ import annotations

from labkit.methods.ska.analysis import (
    Inputs,
    Params,
    Result,
    analyse,
    carry_forward,
    goal_table,
    heatmap_data,
    latest_cells,
    load_inputs,
    matrix_summary,
)
from labkit.methods.ska.display import (
    key_figures,
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

#: The method's slug.
SLUG = "ska"


def workshop(ctx: object, params: Params) -> object:
    """The digital matrix mat and the goal-status form on the journal the analysis reads."""
    from pathlib import Path

    from labkit.capture.journal import LabJournal, journal_path
    from labkit.capture.widgets_ska import SkaBoard

    journal = LabJournal(Path(params.journal) if params.journal else journal_path(params.kommun_kod))
    return SkaBoard(journal, lang=params.lang)


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
