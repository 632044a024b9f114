"""Evaluation (utvärdering) and *från labb till vardag*: indicators and gaps, before/after, surveys, maturity.

A notebook uses it as::

    ctx = lab.open("evaluation", globals())
    params = ctx.params
    inputs = evaluation.load_inputs(ctx, params)  # the accessibility result through ctx.upstream
    result = evaluation.analyse(inputs, params)
    evaluation.show_did(result)
    ctx.record(result)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labkit.methods.base import lazy_exports

if TYPE_CHECKING:
    from labkit.methods.evaluation.analysis import Result, analyse
    from labkit.methods.evaluation.did import DidEstimate
    from labkit.methods.evaluation.display import (
        access_area_table,
        access_table,
        access_text,
        did_table,
        did_text,
        gap_table,
        indicator_table,
        plot_indicators,
        plot_trends,
        show_access,
        show_access_areas,
        show_access_note,
        show_areas,
        show_did,
        show_did_table,
        show_gaps,
        show_indicators,
        show_participation,
        show_summary,
        show_wage_note,
        summary_text,
        wage_note,
    )
    from labkit.methods.evaluation.display_lab import (
        maturity_note,
        plot_maturity,
        plot_survey,
        plot_survey_groups,
        show_maturity,
        show_maturity_note,
        show_survey,
        show_survey_change,
        show_survey_origin,
        survey_text,
    )
    from labkit.methods.evaluation.figures import key_figures
    from labkit.methods.evaluation.inputs import Inputs, load_inputs, read_survey_csv
    from labkit.methods.evaluation.params import Params
    from labkit.methods.evaluation.widgets import maturity_form, record_maturity

#: The method's slug (module, notebook, test file and output names).
SLUG = "evaluation"

__all__ = [
    "SLUG",
    "DidEstimate",
    "Inputs",
    "Params",
    "Result",
    "access_area_table",
    "access_table",
    "access_text",
    "analyse",
    "did_table",
    "did_text",
    "gap_table",
    "indicator_table",
    "key_figures",
    "load_inputs",
    "maturity_form",
    "maturity_note",
    "plot_indicators",
    "plot_maturity",
    "plot_survey",
    "plot_survey_groups",
    "plot_trends",
    "read_survey_csv",
    "record_maturity",
    "show_access",
    "show_access_areas",
    "show_access_note",
    "show_areas",
    "show_did",
    "show_did_table",
    "show_gaps",
    "show_indicators",
    "show_maturity",
    "show_maturity_note",
    "show_participation",
    "show_summary",
    "show_survey",
    "show_survey_change",
    "show_survey_origin",
    "show_wage_note",
    "summary_text",
    "survey_text",
    "wage_note",
]

#: The module of this method each exported name comes from (loaded on first use: the lab journal imports
#: this method's record kinds, which must not load its analysis and charts).
_MODULES = {
    "analysis": (
        "Result",
        "analyse",
    ),
    "did": ("DidEstimate",),
    "display": (
        "access_area_table",
        "access_table",
        "access_text",
        "did_table",
        "did_text",
        "gap_table",
        "indicator_table",
        "plot_indicators",
        "plot_trends",
        "show_access",
        "show_access_areas",
        "show_access_note",
        "show_areas",
        "show_did",
        "show_did_table",
        "show_gaps",
        "show_indicators",
        "show_participation",
        "show_summary",
        "show_wage_note",
        "summary_text",
        "wage_note",
    ),
    "display_lab": (
        "maturity_note",
        "plot_maturity",
        "plot_survey",
        "plot_survey_groups",
        "show_maturity",
        "show_maturity_note",
        "show_survey",
        "show_survey_change",
        "show_survey_origin",
        "survey_text",
    ),
    "figures": ("key_figures",),
    "inputs": (
        "Inputs",
        "load_inputs",
        "read_survey_csv",
    ),
    "params": ("Params",),
    "widgets": (
        "maturity_form",
        "record_maturity",
    ),
}
__getattr__, __dir__ = lazy_exports(__name__, _MODULES)
