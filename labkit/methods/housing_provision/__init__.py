"""Housing provision (riktlinjer för bostadsförsörjning): needs, gaps, checks and Boverket's survey scale.

A notebook uses it as::

    ctx = lab.open("housing_provision", globals())
    params = ctx.params
    inputs = housing_provision.load_inputs(ctx, params)
    result = housing_provision.analyse(inputs, params)
    housing_provision.show_needs(result)
    ctx.record(result)

It needs the target-group analysis (``needs=("target_groups",)`` in the registry): its Boverket group × area
matrix comes through ``ctx.upstream("target_groups")``, and the report says why when it is missing.

The names below are loaded on first use: the lab journal imports this method's record kinds (:mod:`.kinds`),
and that must not load the analysis, its charts and their libraries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labkit.methods.base import lazy_exports

if TYPE_CHECKING:
    from labkit.methods.housing_provision.analysis import Result, analyse
    from labkit.methods.housing_provision.display import (
        plot_gaps,
        show_check_summary,
        show_checks,
        show_data_gaps,
        show_gaps,
        show_need_entries,
        show_needs,
        show_notes,
        show_perspective,
        show_scale,
        show_source_matrix,
        show_totals,
    )
    from labkit.methods.housing_provision.figures import key_figures
    from labkit.methods.housing_provision.inputs import Inputs, load_inputs, read_planned_csv
    from labkit.methods.housing_provision.params import Params

#: The method's slug (module, notebook, test file and output names).
SLUG = "housing_provision"

__all__ = [
    "SLUG",
    "Inputs",
    "Params",
    "Result",
    "analyse",
    "key_figures",
    "load_inputs",
    "plot_gaps",
    "read_planned_csv",
    "show_check_summary",
    "show_checks",
    "show_data_gaps",
    "show_gaps",
    "show_need_entries",
    "show_needs",
    "show_notes",
    "show_perspective",
    "show_scale",
    "show_source_matrix",
    "show_totals",
]

#: The module of this method each exported name comes from (every name of ``__all__`` but SLUG).
_MODULES = {
    "analysis": ("Result", "analyse"),
    "figures": ("key_figures",),
    "inputs": ("Inputs", "load_inputs", "read_planned_csv"),
    "params": ("Params",),
    "display": tuple(name for name in __all__ if name.startswith(("show_", "plot_"))),
}
__getattr__, __dir__ = lazy_exports(__name__, _MODULES)
