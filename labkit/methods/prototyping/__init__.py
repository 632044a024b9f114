"""Prototyping (prototyper): a register seeded from co-creation, test and learning cards, a test log, decisions.

A notebook uses it as::

    params = prototyping.Params.from_context(ctx)
    result = prototyping.analyse(prototyping.load_inputs(ctx.dataset, params), params)
    prototyping.show_register(result)

Records come from the municipality's lab journal once it holds prototypes, else from the invented
example records in data/examples.
"""

from __future__ import annotations

from labkit.methods.prototyping.analysis import (
    Posterior,
    Result,
    analyse,
    candidates,
    posterior,
    suggest,
    timeline,
)
from labkit.methods.prototyping.display import (
    key_figures,
    plot_posteriors,
    plot_timeline,
    register_table,
    show_candidates,
    show_cards,
    show_origin,
    show_register,
    show_rule,
    show_timeline,
)
from labkit.methods.prototyping.inputs import Inputs, load_inputs
from labkit.methods.prototyping.params import Params

#: The method's slug.
SLUG = "prototyping"


def workshop(ctx: object, params: Params, inputs: Inputs | None = None) -> object:
    """The facilitator's prototyping forms on the journal the analysis reads."""
    from pathlib import Path

    from labkit.capture.journal import LabJournal, journal_path
    from labkit.capture.widgets_prototyping import PrototypingBoard

    journal = LabJournal(Path(params.journal) if params.journal else journal_path(params.kommun_kod))
    return PrototypingBoard(journal, lang=params.lang, inputs=inputs)


__all__ = [
    "SLUG",
    "Inputs",
    "Params",
    "Posterior",
    "Result",
    "analyse",
    "candidates",
    "key_figures",
    "load_inputs",
    "plot_posteriors",
    "plot_timeline",
    "posterior",
    "register_table",
    "show_candidates",
    "show_cards",
    "show_origin",
    "show_register",
    "show_rule",
    "show_timeline",
    "suggest",
    "timeline",
    "workshop",
]
