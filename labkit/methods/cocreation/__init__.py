"""Co-creation (medskapande): ideas, prioritisation, dots, representativeness, opinion groups, stakeholders.

A notebook uses it as::

    params = cocreation.Params.from_context(ctx)
    inputs = cocreation.load_inputs(ctx.dataset, params)
    result = cocreation.analyse(inputs, params)
    cocreation.show_ranking(result)

The workshop records come from the municipality's lab journal (``labkit.capture``) or, until it has
records, from the invented example records in data/examples.
"""

from __future__ import annotations

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


def workshop(ctx: object, params: Params, **options: object) -> object:
    """The facilitator's widget board for the journal the analysis reads (see ``labkit.capture.widgets``)."""
    from pathlib import Path

    from labkit.capture.journal import LabJournal, journal_path
    from labkit.capture.widgets import WorkshopBoard

    path = Path(params.journal) if params.journal else journal_path(params.kommun_kod)
    areas = load_inputs(ctx.dataset, params).areas if hasattr(ctx, "dataset") else None
    journal = LabJournal(path, **({"workshop": params.workshop} if params.workshop else {}))
    kommun = f"{ctx.kommun} ({ctx.kommun_kod})" if hasattr(ctx, "kommun") else params.kommun_kod
    return WorkshopBoard(journal, lang=params.lang, areas=areas, kommun=kommun, **options)


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
