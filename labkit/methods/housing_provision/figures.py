"""The housing-provision key figures (what ``housing_provision.results.json`` holds)."""

from __future__ import annotations

import pandas as pd

from labkit.methods.housing_provision.analysis import Result


def key_figures(result: Result) -> dict:
    """The figures for results.json: totals, checks per process, survey scale, gaps and provenance."""
    scale = result.scale.set_index("group")
    summary = result.check_summary.set_index("process")
    figures = {
        "origin": result.origin,
        "planned_origin": result.planned_origin,
        "is_example": result.origin == "examples",
        "perspektiv": result.params.perspektiv,
        "focus_groups": list(result.focus_groups),
        "year": int(result.year),
        "need_entries": int(result.needs["entries"].sum()),
        "need_total": float(result.totals["need"].sum()),
        "planned_total": float(result.totals["planned"].sum()),
        "gap_total": float(result.totals["gap"].sum()),
        "gap_by_group": {g: float(v) for g, v in result.gaps.groupby("group")["gap"].sum().items()},
        "checks": len(result.checks),
        "checks_by_process": {p: int(n) for p, n in summary["checks"].items()},
        "last_check": None if result.checks.empty else result.checks["date"].max().isoformat(),
        "scale_reported": {g: (None if pd.isna(r) else str(r)) for g, r in scale["reported"].items()},
        "scale_computed": {g: (None if pd.isna(r) else str(r)) for g, r in scale["computed"].items()},
        "data_gaps": [str(g) for g in result.data_gaps["gap"]],
    }
    if result.target_groups is None:  # said in the results too, not only in the report
        figures["upstream_missing"] = {"target_groups": result.upstream_reason}
    return figures
