"""The key figures of an evaluation as plain JSON values for ``<slug>.results.json``."""

from __future__ import annotations

import math

import pandas as pd

from labkit.methods.evaluation.analysis import Result
from labkit.methods.evaluation.indicators import APPROXIMATE, INDICATORS
from labkit.methods.evaluation.maturity import SCORES, stage_counts
from labkit.methods.evaluation.text import words


def _float(value: object) -> float | None:
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def key_figures(result: Result) -> dict:
    """Key figures: ``indicators`` (``approximate_indicators`` names those weighted by the whole population
    because the income table's own base is not in the source), ``data_gaps``, ``did`` (effect, ci_low,
    ci_high, p, inference, significant — under randomisation inference p at most 1 − confidence —, …; an
    unbounded interval end is null), ``survey`` and
    ``maturity``, plus ``participation`` and the origin of every workshop-type input.

    ``access`` holds the access indicators: ``available``, ``synthetic``, ``travel``, ``year`` and
    ``types.<type>.{gap,n_services,mean_minutes,share_within_20min,ratio_born_abroad}`` (the same numbers as
    the accessibility method's ``access.<type>`` and ``equity.<type>.ratio_born_abroad``).
    """
    return {
        "years": list(result.years),
        "synthetic": bool(result.synthetic),
        "indicators": _indicators(result),
        "approximate_indicators": list(APPROXIMATE),
        "access": _access(result),
        "participation": _participation(result),
        "data_gaps": [
            {
                "gap": g,
                "indicator": words(f"gap_{g}", "sv"),
                "needed": words(f"gap_{g}_needed", "sv"),
                "where": words(f"gap_{g}_where", "sv"),
            }
            for g in result.gaps
        ],
        "did": _did(result),
        "survey": _survey(result),
        "maturity": _maturity(result),
    }


def _participation(result: Result) -> dict:
    counts = ("participants", "with_area")
    out: dict[str, object] = {}
    for key, value in result.participation.items():
        if key == "suppressed":
            out[key] = bool(value)
        else:
            out[key] = None if value is None else (int(value) if key in counts else _float(value))
    return {**out, "origin": result.participants_origin}


def _indicators(result: Result) -> list[dict]:
    rows = []
    for row in result.overview.to_dict("records"):
        rows.append(
            {
                "scope": row["scope"],
                "year": int(row["year"]),
                "n_areas": int(row["n_areas"]),
                **{name: _float(row[name]) for name, _dim in INDICATORS},
            }
        )
    return rows


def _access(result: Result) -> dict:
    res = result.access_result
    types = {
        row["type"]: {
            "gap": row["gap"],
            "n_services": int(row["n_services"]),
            **{k: _float(row[k]) for k in ("mean_minutes", "share_within_20min", "ratio_born_abroad")},
        }
        for row in result.access.to_dict("records")
    }
    return {
        "available": bool(types),
        "synthetic": result.access_synthetic,
        "travel": res.travel if res is not None else None,
        "year": int(res.year) if res is not None else None,
        "types": types,
    }


def _did(result: Result) -> dict:
    est = result.did
    base = {
        "outcome": result.params.outcome,
        "origin": result.intervention_origin,
        "areas": sorted(result.intervention["area_code"]),
        "start_year": int(result.intervention["start_year"].iloc[0]) if len(result.intervention) else None,
    }
    if est is None:
        return {
            **base,
            "effect": None,
            "ci_low": None,
            "ci_high": None,
            "p": None,
            "problem": result.did_problem,
        }
    return {
        **base,
        "effect": est.effect,
        "ci_low": _float(est.ci_low),
        "ci_high": _float(est.ci_high),
        "p": est.p,
        "se": est.se,
        "confidence": est.confidence,
        "significant": bool(est.significant),
        "standard_errors": est.standard_errors,
        "inference": est.inference,
        "assignments": est.assignments,
        "exact": est.exact,
        "min_p": est.min_p,
        "seed": est.seed,
        "model_p": est.model_p,
        "model_ci_low": est.model_ci_low,
        "model_ci_high": est.model_ci_high,
        "n_obs": est.n_obs,
        "n_treated": est.n_treated,
        "n_comparison": est.n_comparison,
        "years_before": list(est.years_before),
        "years_after": list(est.years_after),
        "pre_trend": est.pre_trend,
        "pre_trend_p": est.pre_trend_p,
    }


def _survey(result: Result) -> dict:
    rows = []
    for row in result.survey.to_dict("records"):
        rows.append(
            {
                "question": row["question"],
                "group": row["group"],
                "wave": int(row["wave"]),
                "n": None if row["suppressed"] else int(row["n"]),
                "suppressed": bool(row["suppressed"]),
                "mean": _float(row["mean"]),
                "agree": _float(row["agree"]),
            }
        )
    changes = [
        {k: (_float(v) if isinstance(v, float) else v) for k, v in row.items()}
        for row in result.survey_change.to_dict("records")
    ]
    return {"origin": result.survey_origin, "questions": rows, "change": changes}


def _maturity(result: Result) -> dict:
    table = result.maturity
    rows = [
        {
            "kommun_kod": r["kommun_kod"],
            "method": r["method"],
            "stage": r["stage"],
            "score": _float(r["score"]),
            **{s: _float(r[s]) for s in SCORES},
            "origin": r["origin"],
        }
        for r in table.to_dict("records")
    ]
    local = table[table["kommun_kod"] == result.kommun_kod]
    return {
        "records": rows,
        "stage_counts": stage_counts(table) if len(table) else {},
        "municipality_mean_score": _float(local["score"].mean()) if len(local) else None,
    }
