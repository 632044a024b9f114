"""Regional comparison (regionalt labb): every municipality's results of one run, side by side.

A notebook uses it as::

    ctx = lab.open("regional", globals())  # a region job: ctx.out_dir is the run folder
    params = ctx.params
    inputs = regional.load_inputs(ctx, params)  # every municipality's results files of the run
    result = regional.analyse(inputs, params)
    regional.show_overview(result)
    ctx.record(result)
"""

from __future__ import annotations

from labkit.methods.regional.analysis import Result, analyse, areas_comparable
from labkit.methods.regional.display import (
    plot_maturity,
    plot_segregation,
    show_area_caveat,
    show_area_types,
    show_examples_note,
    show_lessons,
    show_maturity,
    show_overview,
    show_prototypes,
    show_representativeness,
    show_segregation,
    show_ska,
)
from labkit.methods.regional.figures import key_figures
from labkit.methods.regional.inputs import Inputs, load_inputs, run_folder
from labkit.methods.regional.params import Params

#: The method's slug (module, notebook, test file and output names).
SLUG = "regional"

__all__ = [
    "SLUG",
    "Inputs",
    "Params",
    "Result",
    "analyse",
    "areas_comparable",
    "key_figures",
    "load_inputs",
    "plot_maturity",
    "plot_segregation",
    "run_folder",
    "show_area_caveat",
    "show_area_types",
    "show_examples_note",
    "show_lessons",
    "show_maturity",
    "show_overview",
    "show_prototypes",
    "show_representativeness",
    "show_segregation",
    "show_ska",
]
