"""Regional comparison (regionalt labb): every municipality's results of one run, side by side.

A notebook uses it as::

    params = regional.Params.from_context(ctx)
    result = regional.analyse(regional.load_inputs(params), params)
    regional.show_overview(result)
"""

from __future__ import annotations

from labkit.methods.regional.collect import Inputs, Params, load_inputs, run_folder
from labkit.methods.regional.compare import Result, analyse, areas_comparable, key_figures
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
