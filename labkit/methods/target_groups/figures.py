"""The key figures of a target-group analysis as plain JSON values for ``<slug>.results.json``."""

from __future__ import annotations

import math

import pandas as pd

from labkit import indices
from labkit.methods.target_groups.analysis import Result

#: Suffixes of the benchmark columns recorded for each single-group index.
BENCHMARKS = ("random", "random_p95", "lo", "hi")


def key_figures(result: Result) -> dict:
    """Key figures: nested dicts of plain ints, floats (full precision), strings, bools and None.

    Keys: ``year``, ``population_total``, ``areas_count``, ``level``, ``threshold``, ``synthetic``,
    ``indices.born_abroad.{dissimilarity,isolation,exposure,eta2,gini}``,
    ``indices.tenure.{multigroup_dissimilarity,theil_h}``,
    ``indices.wage_income.{gini,gini_change,first_year}``,
    ``benchmarks.born_abroad.<index>_{random,random_p95,lo,hi}``, ``trend`` (one dict per year),
    ``areas`` (``area_code``, ``area_name``, ``lq_born_abroad``, ``flags``, ``marginality``),
    ``target_groups`` (ranked), ``housing_gaps`` and ``small_numbers_note``.
    """
    row = result.current
    return {
        "year": int(result.year),
        "population_total": _int(result.profiles["population"].sum()),
        "areas_count": len(result.profiles),
        "level": result.level,
        "threshold": float(result.params.threshold),
        "synthetic": bool(result.synthetic),
        "indices": _indices(row),
        "benchmarks": {
            "born_abroad": {
                f"{name}_{suffix}": _float(row[f"{name}_{suffix}"])
                for name in indices.SINGLE_GROUP_INDICES
                for suffix in BENCHMARKS
            }
        },
        "trend": [_trend_row(r) for r in result.trend.itertuples(index=False)],
        "areas": _areas(result),
        "target_groups": _target_groups(result.target_groups),
        "housing_gaps": [
            {"gap": g.gap, "needed": g.needed, "where": g.where, "groups": g.groups}
            for g in result.gaps.itertuples(index=False)
        ],
        "small_numbers_note": result.small_numbers_note,
    }


def _float(value: object) -> float | None:
    """A plain float, None for missing or non-finite values."""
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _int(value: object) -> int | None:
    """A plain int (counts, years), None for missing values."""
    number = _float(value)
    return None if number is None else round(number)


def _indices(row: pd.Series) -> dict:
    return {
        "born_abroad": {name: _float(row[name]) for name in indices.SINGLE_GROUP_INDICES},
        "tenure": {name: _float(row[name]) for name in ("multigroup_dissimilarity", "theil_h")},
        "wage_income": {
            "gini": _float(row["wage_gini"]),
            "gini_change": _float(row["wage_gini_change"]),
            "first_year": _int(row["wage_gini_first_year"]),
        },
    }


def _trend_row(row: object) -> dict:
    names = (
        "year",
        *indices.SINGLE_GROUP_INDICES,
        "dissimilarity_random",
        "multigroup_dissimilarity",
        "theil_h",
        "wage_gini",
        "wage_gini_change",
    )
    out = {name: _float(getattr(row, name)) for name in names}
    out["year"] = int(row.year)
    return out


def _areas(result: Result) -> list[dict]:
    groups = list(dict.fromkeys(result.indicators["group"]))
    out = []
    for row in result.areas.to_dict("records"):
        out.append(
            {
                "area_code": str(row["area_code"]),
                "area_name": str(row["area_name"]),
                "lq_born_abroad": _float(row["lq_born_abroad"]),
                "flags": list(row["flags"]),
                "marginality": {g: _float(row[f"{g}_marginality"]) for g in groups},
                "ratio": {g: _float(row[f"{g}_ratio"]) for g in groups},
            }
        )
    return out


def _target_groups(table: pd.DataFrame) -> list[dict]:
    return [
        {
            "rank": int(r.rank),
            "group": str(r.group),
            "label": str(r.label),
            "area_code": str(r.area_code),
            "area_name": str(r.area_name),
            "value": _float(r.value),
            "ratio": _float(r.ratio),
            "marginality": _float(r.marginality),
            "flagged": bool(r.flagged),
            "reason": str(r.reason),
        }
        for r in table.itertuples(index=False)
    ]
