"""The SKA's key figures (what ``ska.results.json`` holds)."""

from __future__ import annotations

from labkit.methods.ska.analysis import Result, matrix_summary, relation_edges
from labkit.methods.ska.kinds import STAGES


def key_figures(result: Result) -> dict:
    """results.json: ``origin``, ``goals`` (status per stage), ``conflicts`` and ``matrix_summary``."""
    goals = [
        {
            "id": r["id"],
            "goal": r["goal"],
            "aspect": r["aspect"],
            "scale": r["scale"],
            "status": {s: r[s] for s in STAGES},
        }
        for r in result.goals.to_dict("records")
    ]
    conflicts = [{"goal": a, "with": b, "relation": kind} for a, b, kind in relation_edges(result)]
    return {
        "origin": result.origin,
        "goals": goals,
        "conflicts": conflicts,
        "matrix_summary": matrix_summary(result.cells),
    }
