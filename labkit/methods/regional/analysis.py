"""Compare the municipalities of a run: indices, area types, workshops, prototypes, SKA goals and maturity."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from labkit.methods.regional.inputs import Inputs
from labkit.methods.regional.params import Params

#: The team decisions after a prototype test, in process order (labkit.methods.prototyping.kinds).
DECISIONS = ("avsluta", "testa igen", "gå vidare till pilot")
#: The statuses of an SKA goal (labkit.methods.ska.kinds).
STATUSES = ("uppfyllt", "delvis", "hotat", "ej bedömt")
#: The lab-to-everyday stages (labkit.methods.evaluation.kinds).
STAGES = ("idé", "prototyp", "test", "pilot", "rutin")
#: Origins meaning invented example records rather than a live lab journal.
EXAMPLE_ORIGINS = ("example", "examples")


@dataclass(frozen=True)
class Result:
    """Every table of the regional comparison (codes and plain values; display functions add words).

    ``overview``: municipality × method, True where a results file exists. ``segregation``,
    ``area_types``, ``representativeness``, ``prototypes``, ``ska`` and ``maturity``: one row per
    municipality (maturity: per municipality × toolbox method). ``lessons``: per topic the
    municipalities furthest along and with the largest gap. ``example_results``: ``(kommun_kod, slug)``
    pairs whose workshop records are invented examples.
    """

    params: Params
    municipalities: dict[str, str]
    overview: pd.DataFrame
    segregation: pd.DataFrame
    area_types: pd.DataFrame
    representativeness: pd.DataFrame
    prototypes: pd.DataFrame
    ska: pd.DataFrame
    maturity: pd.DataFrame
    lessons: pd.DataFrame
    example_results: tuple[tuple[str, str], ...]


def _num(value: object) -> float:
    """A float, NaN for None or text."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return math.nan
    return float(value)


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def _overview(inputs: Inputs) -> pd.DataFrame:
    data = {
        slug: [(code, slug) in inputs.results for code in inputs.municipalities] for slug in inputs.methods
    }
    return pd.DataFrame(data, index=pd.Index(list(inputs.municipalities), name="kommun_kod"))


def _by_method(inputs: Inputs, slug: str) -> list[tuple[str, dict]]:
    return [
        (code, inputs.results[(code, slug)])
        for code in inputs.municipalities
        if (code, slug) in inputs.results
    ]


def _segregation(inputs: Inputs) -> pd.DataFrame:
    rows = []
    for code, rec in _by_method(inputs, "target_groups"):
        ind = rec.get("indices") or {}
        trend = [
            t for t in rec.get("trend") or [] if _num(t.get("dissimilarity")) == _num(t.get("dissimilarity"))
        ]
        first = trend[0] if trend else {}
        rows.append(
            {
                "kommun_kod": code,
                "level": rec.get("level"),
                "areas_count": rec.get("areas_count"),
                "year": rec.get("year"),
                "dissimilarity": _num((ind.get("born_abroad") or {}).get("dissimilarity")),
                "isolation": _num((ind.get("born_abroad") or {}).get("isolation")),
                "tenure_theil_h": _num((ind.get("tenure") or {}).get("theil_h")),
                "wage_gini": _num((ind.get("wage_income") or {}).get("gini")),
                "first_year": first.get("year"),
                "dissimilarity_first": _num(first.get("dissimilarity")),
            }
        )
    frame = _frame(
        rows,
        [
            "kommun_kod",
            "level",
            "areas_count",
            "year",
            "dissimilarity",
            "isolation",
            "tenure_theil_h",
            "wage_gini",
            "first_year",
            "dissimilarity_first",
        ],
    )
    frame["dissimilarity_change"] = frame["dissimilarity"] - frame["dissimilarity_first"]
    return frame


def _area_types(inputs: Inputs) -> pd.DataFrame:
    rows = []
    for code, rec in _by_method(inputs, "evaluation"):
        local = [r for r in rec.get("indicators") or [] if r.get("scope") == "municipality"]
        if local:
            last = max(local, key=lambda r: r.get("year") or 0)
            rows.append(
                {
                    "kommun_kod": code,
                    "year": last.get("year"),
                    "n_areas": last.get("n_areas"),
                    "share_pop_challenged": _num(last.get("share_pop_challenged")),
                }
            )
    return _frame(rows, ["kommun_kod", "year", "n_areas", "share_pop_challenged"])


def _representativeness(inputs: Inputs) -> pd.DataFrame:
    rows = {code: {"kommun_kod": code} for code in inputs.municipalities}
    for code, rec in _by_method(inputs, "cocreation"):
        rep = rec.get("representativeness") or {}
        rows[code].update(
            {
                "origin": rec.get("records"),
                "participants": rec.get("participants"),
                "rep_dissimilarity": _num(rep.get("dissimilarity")),
                "under_represented": ", ".join(rep.get("under_represented") or []),
            }
        )
    for code, rec in _by_method(inputs, "evaluation"):
        rows[code]["representation_ratio"] = _num(
            (rec.get("participation") or {}).get("representation_ratio")
        )
    columns = [
        "kommun_kod",
        "origin",
        "participants",
        "rep_dissimilarity",
        "under_represented",
        "representation_ratio",
    ]
    return _frame([r for r in rows.values() if len(r) > 1], columns)


def _prototypes(inputs: Inputs) -> pd.DataFrame:
    rows = []
    for code, rec in _by_method(inputs, "prototyping"):
        items = [p for p in rec.get("prototypes") or [] if isinstance(p, dict)]
        counts = {d: sum(p.get("decision") == d for p in items) for d in DECISIONS}
        rows.append({"kommun_kod": code, "origin": rec.get("origin"), "prototypes": len(items), **counts})
    return _frame(rows, ["kommun_kod", "origin", "prototypes", *DECISIONS])


def _latest(status: object) -> str | None:
    """A goal's current status: the status itself, or the last stage assessed (stages in plan order)."""
    if isinstance(status, dict):
        assessed = [value for value in status.values() if value]
        return str(assessed[-1]) if assessed else None
    return str(status) if status else None


def _ska_statuses(rec: dict) -> list[str]:
    """Current goal statuses from an SKA results record (``goals``: id, aspect, scale, status per stage)."""
    goals = [g for g in rec.get("goals") or [] if isinstance(g, dict)]
    return [s for s in (_latest(g.get("status")) for g in goals) if s]


def _ska(inputs: Inputs) -> pd.DataFrame:
    rows = []
    for code, rec in _by_method(inputs, "ska"):
        statuses = _ska_statuses(rec)
        rows.append({"kommun_kod": code, "goals": len(statuses), **{s: statuses.count(s) for s in STATUSES}})
    return _frame(rows, ["kommun_kod", "goals", *STATUSES])


def _maturity(inputs: Inputs) -> pd.DataFrame:
    """The latest maturity per municipality × toolbox method, from every evaluation result of the run."""
    rows = {}
    for _code, rec in _by_method(inputs, "evaluation"):
        for item in (rec.get("maturity") or {}).get("records") or []:
            rows[(item.get("kommun_kod"), item.get("method"))] = {
                "kommun_kod": item.get("kommun_kod"),
                "method": item.get("method"),
                "stage": item.get("stage"),
                "score": _num(item.get("score")),
                "origin": item.get("origin"),
            }
    frame = _frame(list(rows.values()), ["kommun_kod", "method", "stage", "score", "origin"])
    return frame[frame["kommun_kod"].isin(list(inputs.municipalities))].reset_index(drop=True)


def _lesson(topic: str, method: str, values: pd.Series, higher_is_better: bool = True) -> dict | None:
    """The municipalities at the best and the worst value of ``values`` (kommun_kod → value), ties kept."""
    values = values.dropna()
    if values.index.nunique() < 2:
        return None
    best, worst = (values.max(), values.min()) if higher_is_better else (values.min(), values.max())
    return {
        "topic": topic,
        "method": method,
        "furthest": sorted(values.index[values == best]),
        "furthest_value": float(best),
        "largest_gap": sorted(values.index[values == worst]),
        "gap_value": float(worst),
        "spread": abs(float(best) - float(worst)),
    }


def _share(frame: pd.DataFrame, part: str, whole: str) -> pd.Series:
    shares = frame.set_index("kommun_kod")
    return (shares[part] / shares[whole].where(shares[whole] > 0)).astype("float64")


def _lessons(
    maturity: pd.DataFrame, rep: pd.DataFrame, protos: pd.DataFrame, ska: pd.DataFrame
) -> pd.DataFrame:
    found = [
        _lesson("lesson_maturity", method, group.set_index("kommun_kod")["score"])
        for method, group in maturity.groupby("method", sort=False)
    ]
    if "rep_dissimilarity" in rep and len(rep):
        found.append(
            _lesson(
                "lesson_representativeness",
                "cocreation",
                rep.set_index("kommun_kod")["rep_dissimilarity"],
                higher_is_better=False,
            )
        )
    if len(protos):
        found.append(
            _lesson("lesson_pilot", "prototyping", _share(protos, "gå vidare till pilot", "prototypes"))
        )
    if len(ska):
        found.append(_lesson("lesson_ska", "ska", _share(ska, "uppfyllt", "goals")))
    columns = ["topic", "method", "furthest", "furthest_value", "largest_gap", "gap_value", "spread"]
    return _frame([row for row in found if row is not None], columns)


def _examples(inputs: Inputs) -> tuple[tuple[str, str], ...]:
    out = []
    for key, rec in inputs.results.items():
        origins = {rec.get("records"), rec.get("origin"), (rec.get("participation") or {}).get("origin")}
        if origins & set(EXAMPLE_ORIGINS):
            out.append(key)
    return tuple(sorted(out))


def analyse(inputs: Inputs, params: Params) -> Result:
    """Build every comparison table from the results of a run (pure: no disk access)."""
    maturity, rep = _maturity(inputs), _representativeness(inputs)
    protos, ska = _prototypes(inputs), _ska(inputs)
    return Result(
        params,
        dict(inputs.municipalities),
        _overview(inputs),
        _segregation(inputs),
        _area_types(inputs),
        rep,
        protos,
        ska,
        maturity,
        _lessons(maturity, rep, protos, ska),
        _examples(inputs),
    )


def areas_comparable(result: Result) -> bool:
    """True when every municipality with segregation indices has the same number of areas at one level."""
    seg = result.segregation
    return seg["areas_count"].nunique() <= 1 and seg["level"].nunique() <= 1
