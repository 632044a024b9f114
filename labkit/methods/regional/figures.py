"""The key figures of the regional comparison as plain JSON values for ``regional.results.json``."""

from __future__ import annotations

import math

import pandas as pd

from labkit.methods.regional.analysis import Result, areas_comparable


def _records(frame: pd.DataFrame) -> list[dict]:
    return [
        {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def key_figures(result: Result) -> dict:
    """Key figures for ``regional.results.json``: plain JSON values, NaN as None.

    Keys: ``municipalities`` (code → name), ``overview`` (code → method → bool), ``areas_comparable``,
    ``segregation``, ``area_types``, ``representativeness``, ``prototypes``, ``ska``, ``maturity``,
    ``lessons`` (lists of row dicts) and ``example_results`` (``"<kommun_kod>/<slug>"``).
    """
    overview = {code: {slug: bool(v) for slug, v in row.items()} for code, row in result.overview.iterrows()}
    return {
        "municipalities": dict(result.municipalities),
        "overview": overview,
        "areas_comparable": bool(areas_comparable(result)),
        **{
            name: _records(getattr(result, name))
            for name in (
                "segregation",
                "area_types",
                "representativeness",
                "prototypes",
                "ska",
                "maturity",
                "lessons",
            )
        },
        "example_results": [f"{code}/{slug}" for code, slug in result.example_results],
    }
