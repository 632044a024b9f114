"""The key figures of a prototyping analysis as plain JSON values for ``prototyping.results.json``."""

from __future__ import annotations

import pandas as pd

from labkit.methods.prototyping.analysis import Result


def _num(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def key_figures(result: Result) -> dict:
    """The figures of results.json: ``origin``, ``rule`` (the thresholds in force) and ``prototypes``.

    Each prototype: ``id, title, tests`` (all), ``revision``, ``series_tests``, ``criteria_met``, ``n``,
    ``successes`` (the current series), ``success_rate_mean``, ``low``, ``high`` (the credible interval),
    ``suggested_decision`` and ``decision``.
    """
    p = result.params
    prototypes = [
        {
            "id": r.id,
            "title": r.title,
            "tests": int(r.tests),
            "revision": int(r.revision),
            "series_tests": int(r.series_tests),
            "criteria_met": int(r.criteria_met),
            "n": int(r.n),
            "successes": None if _num(r.successes) is None else int(r.successes),
            "success_rate_mean": _num(r.success_rate_mean),
            "low": _num(r.low),
            "high": _num(r.high),
            "suggested_decision": r.suggested_decision,
            "decision": r.decision if isinstance(r.decision, str) else None,
        }
        for r in result.register.itertuples()
    ]
    rule = {
        "target_rate": p.target_rate,
        "min_trials": p.min_trials,
        "credible_level": p.credible_level,
        "stop_probability": p.stop_probability,
        "pilot_criteria": p.pilot_criteria,
        "max_tests": p.max_tests,
        "pool_revisions": p.pool_revisions,
    }
    return {"origin": result.origin, "rule": rule, "prototypes": prototypes}
