"""Prototyping (prototyper): a register seeded from co-creation, test and learning cards, a test log,
decisions.

A notebook uses it as::

    ctx = lab.open("prototyping", globals())
    params = ctx.params
    inputs = prototyping.load_inputs(ctx, params)
    result = prototyping.analyse(inputs, params)
    prototyping.show_register(result)
    ctx.record(result)

Records come from the municipality's lab journal once it holds prototyping records, else from the invented
example records in data/examples (:mod:`.examples`). The co-creation ranking and the target groups come from
those analyses of the same run (``ctx.upstream``).

The names below are loaded on first use: the lab journal imports this method's record kinds
(:mod:`.kinds`), and that must not load the analysis, its charts and their libraries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from labkit.methods.base import lazy_exports

if TYPE_CHECKING:
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
    from labkit.methods.prototyping.figures import key_figures
    from labkit.methods.prototyping.inputs import Inputs, load_inputs
    from labkit.methods.prototyping.params import Params

#: The method's slug.
SLUG = "prototyping"

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

#: The module of this method each exported name comes from (every name of ``__all__`` but SLUG and workshop).
_MODULES = {
    "analysis": ("Posterior", "Result", "analyse", "candidates", "posterior", "suggest", "timeline"),
    "figures": ("key_figures",),
    "inputs": ("Inputs", "load_inputs"),
    "params": ("Params",),
    "display": (
        "plot_posteriors",
        "plot_timeline",
        "register_table",
        "show_candidates",
        "show_cards",
        "show_origin",
        "show_register",
        "show_rule",
        "show_timeline",
    ),
}
__getattr__, __dir__ = lazy_exports(__name__, _MODULES)


def workshop(ctx: Any, params: Params, inputs: Inputs | None = None) -> object:
    """The facilitator's prototyping forms on the journal the analysis reads (see :mod:`.widgets`)."""
    from pathlib import Path

    from labkit.capture.journal import LabJournal, journal_path
    from labkit.methods.prototyping.widgets import PrototypingBoard

    journal = LabJournal(Path(params.journal) if params.journal else journal_path(params.kommun_kod))
    return PrototypingBoard(journal, lang=params.lang, inputs=inputs)
