"""The key figures of an accessibility analysis as plain JSON values for ``accessibility.results.json``."""

from __future__ import annotations

import math

import pandas as pd

from labkit.methods.accessibility.analysis import Result


def _float(value: object) -> float | None:
    """A plain float, None for missing or non-finite values."""
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def key_figures(result: Result) -> dict:
    """Key figures: nested dicts of plain values (floats at full precision, None when missing).

    Keys: ``year``, ``travel`` (walk, cycle or od_matrix), ``synthetic``, ``services_synthetic``,
    ``area_points_synthetic``, ``access_available``,
    ``access.<type>.{n_services,mean_minutes,share_within_20min,share_within_<t>min,mean_2sfca,mean_gravity}``,
    ``equity.<type>.{ratio_born_abroad,concentration_index}``, and
    ``housing_market.{region,municipalities,n_areas,theil_h_total,theil_h_between,theil_h_within,contribution,
    contribution_between}``.
    """
    return {
        "year": int(result.year),
        "travel": result.travel,
        "synthetic": bool(result.synthetic),
        "services_synthetic": bool(result.services_synthetic),
        "area_points_synthetic": bool(result.points_synthetic),
        "access_available": result.access_available,
        "access": {row["type"]: _access(row) for row in result.summary.to_dict("records")},
        "equity": {
            row["type"]: {
                "ratio_born_abroad": _float(row.get("ratio_born_abroad")),
                "concentration_index": _float(row.get("concentration_index")),
            }
            for row in result.summary.to_dict("records")
        },
        "housing_market": {
            key: (_float(v) if isinstance(v, float) else v) for key, v in result.decomposition.items()
        },
    }


def _access(row: dict) -> dict:
    out: dict[str, object] = {
        "n_services": int(row["n_services"]),
        "mean_minutes": _float(row["mean_minutes"]),
    }
    for key in [k for k in row if k.startswith("share_within_")]:
        out[f"{key}min"] = _float(row[key])
    out["mean_2sfca"] = _float(row.get("mean_2sfca"))
    out["mean_gravity"] = _float(row.get("mean_gravity"))
    return out
