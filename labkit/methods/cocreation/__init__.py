"""Co-creation (medskapande): ideas, prioritisation, dots, representativeness, opinion groups, stakeholders.

A notebook uses it as::

    ctx = lab.open("cocreation", globals())
    params = ctx.params
    inputs = cocreation.load_inputs(ctx, params)
    result = cocreation.analyse(inputs, params)
    cocreation.show_ranking(result)
    ctx.record(result)

The workshop records come from the municipality's lab journal (``labkit.capture``) once it holds co-creation
records, otherwise from the invented example records in data/examples (:mod:`.examples`). The groups to invite
come from the target-group analysis of the same run (``ctx.upstream("target_groups")``).

The names below are loaded on first use: the lab journal imports this method's record kinds
(:mod:`.kinds`), and that must not load the analysis, its charts and their libraries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from labkit.methods.base import lazy_exports

if TYPE_CHECKING:
    from labkit.methods.cocreation.analysis import Result, analyse
    from labkit.methods.cocreation.display import (
        plot_dots,
        plot_ladder,
        plot_opinion_groups,
        plot_ranking,
        plot_representativeness,
        plot_rounds,
        plot_stakeholders,
        plot_tree,
        show_agreement,
        show_consensus,
        show_dots,
        show_ladder,
        show_missing,
        show_notes,
        show_opinion_groups,
        show_ranking,
        show_representativeness,
        show_representativeness_figures,
        show_room,
        show_rounds,
        show_stakeholders,
        show_tree,
    )
    from labkit.methods.cocreation.figures import key_figures
    from labkit.methods.cocreation.inputs import Inputs, load_inputs
    from labkit.methods.cocreation.opinion import OpinionGroups, opinion_groups
    from labkit.methods.cocreation.params import Params

#: The method's slug (module, notebook, test file and output names).
SLUG = "cocreation"

__all__ = [
    "SLUG",
    "Inputs",
    "OpinionGroups",
    "Params",
    "Result",
    "analyse",
    "key_figures",
    "load_inputs",
    "opinion_groups",
    "plot_dots",
    "plot_ladder",
    "plot_opinion_groups",
    "plot_ranking",
    "plot_representativeness",
    "plot_rounds",
    "plot_stakeholders",
    "plot_tree",
    "show_agreement",
    "show_consensus",
    "show_dots",
    "show_ladder",
    "show_missing",
    "show_notes",
    "show_opinion_groups",
    "show_ranking",
    "show_representativeness",
    "show_representativeness_figures",
    "show_room",
    "show_rounds",
    "show_stakeholders",
    "show_tree",
    "workshop",
]

#: The module of this method each exported name comes from (every name of ``__all__`` but SLUG and workshop).
_MODULES = {
    "analysis": ("Result", "analyse"),
    "figures": ("key_figures",),
    "inputs": ("Inputs", "load_inputs"),
    "opinion": ("OpinionGroups", "opinion_groups"),
    "params": ("Params",),
    "display": tuple(name for name in __all__ if name.startswith(("show_", "plot_"))),
}
__getattr__, __dir__ = lazy_exports(__name__, _MODULES)


def workshop(ctx: Any, params: Params, **options: object) -> object:
    """The facilitator's widget board for the journal the analysis reads (see :mod:`.widgets`)."""
    from pathlib import Path

    from labkit.capture.journal import LabJournal, journal_path
    from labkit.methods.cocreation.inputs import area_population
    from labkit.methods.cocreation.widgets import WorkshopBoard
    from labkit.methods.target_groups.inputs import load_inputs as area_inputs
    from labkit.methods.target_groups.params import Params as AreaParams

    path = Path(params.journal) if params.journal else journal_path(params.kommun_kod)
    areas = None
    if hasattr(ctx, "dataset"):
        panel = area_inputs(ctx, AreaParams(kommun_kod=params.kommun_kod, year=params.year, lang=params.lang))
        areas = area_population(panel.local, panel.year)
    journal = LabJournal(path, **({"workshop": params.workshop} if params.workshop else {}))
    kommun = f"{ctx.kommun} ({ctx.kommun_kod})" if hasattr(ctx, "kommun") else params.kommun_kod
    return WorkshopBoard(journal, lang=params.lang, areas=areas, kommun=kommun, **options)
