"""The key figures of a co-creation analysis as plain JSON values for ``cocreation.results.json``."""

from __future__ import annotations

import math

import pandas as pd

from labkit.methods.cocreation.analysis import Result
from labkit.methods.cocreation.representation import Comparison


def _float(value: object) -> float | None:
    """A plain float, None for missing or non-finite values."""
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _count(value: int, min_cell: int) -> int | None:
    """A participant count, None when it is suppressed (1 to ``min_cell - 1``)."""
    return None if 0 < value < min_cell else int(value)


def key_figures(result: Result) -> dict:
    """Key figures: nested dicts of plain ints, floats (full precision), strings, bools and None.

    Keys: ``records`` (journal/examples/none), ``year``, ``min_cell``, ``participants``,
    ``ideas.{count,by_round,build_on,max_depth,yes_and}``, ``ranking`` (the top ideas with
    ``rank, idea_id, text, mean, sd, median, sum, raters, dots``), ``agreement`` (Kendall's W: ``w, raters,
    ideas, scores, chi2, df, p, p_chi2, p_method, complete, method``), ``self_votes_masked``,
    ``dots.{total,by_idea}``, ``representativeness.{dimension, residents, dissimilarity, chi2, chi2_df, chi2_p
    (asymptotic), p (the one reported), p_method (chi2, exact or monte_carlo), ratios, under_represented,
    by_area}``, ``missing_from_room`` (area codes), ``ladder``, ``opinion_groups.{k, sizes,
    consensus_statement_ids, silhouette, grouped, p_value, no_groups, too_few_votes}`` and
    ``stakeholders.{count, quadrants}``. Participant counts below ``min_cell`` are None.
    """
    min_cell = result.params.min_cell
    return {
        "records": result.origin,
        "year": int(result.year),
        "min_cell": min_cell,
        "participants": _count(len(result.participants), min_cell),
        "ideas": _ideas(result),
        "ranking": _ranking(result),
        "agreement": _agreement(result.kendall),
        "self_votes_masked": int(result.masked_self_votes),
        "dots": {
            "total": int(result.dots["dots"].sum()) if not result.dots.empty else 0,
            "by_idea": {
                str(i): int(n) for i, n in zip(result.dots["idea"], result.dots["dots"], strict=True)
            },
        },
        "representativeness": {
            **_comparison(result.primary, min_cell),
            "by_area": _comparison(result.representation["area"], min_cell),
        },
        "missing_from_room": result.missing.loc[result.missing["missing"], "area_code"].astype(str).tolist(),
        "ladder": [
            {"activity": str(r.activity), "level": str(r.level), "step": int(r.step)}
            for r in result.ladder.itertuples(index=False)
        ],
        "opinion_groups": _opinions(result, min_cell),
        "stakeholders": {
            "count": len(result.stakeholders),
            "quadrants": {str(k): int(v) for k, v in result.stakeholders["quadrant"].value_counts().items()},
        },
    }


def _agreement(kendall: dict) -> dict:
    """Kendall's W: ``w, chi2, p, p_chi2`` (None when undefined), ``raters, ideas, scores, df``, ``p_method``,
    ``complete`` and ``method``."""
    return {
        "w": _float(kendall["w"]),
        "raters": int(kendall["raters"]),
        "ideas": int(kendall["ideas"]),
        "scores": int(kendall["scores"]),
        "chi2": _float(kendall["chi2"]),
        "df": int(kendall["df"]),
        "p": _float(kendall["p"]),
        "p_chi2": _float(kendall["p_chi2"]),
        "p_method": str(kendall["p_method"]),
        "complete": bool(kendall["complete"]),
        "method": str(kendall["method"]),
    }


def _ideas(result: Result) -> dict:
    return {
        "count": len(result.ideas),
        "by_round": {
            str(r): int(n) for r, n in zip(result.rounds["round"], result.rounds["ideas"], strict=True)
        },
        "build_on": int(result.ideas["builds_on"].notna().sum()),
        "max_depth": int(result.tree["depth"].max()) if not result.tree.empty else 0,
        "yes_and": int(result.tree["additions"].sum()) if not result.tree.empty else 0,
    }


def _ranking(result: Result) -> list[dict]:
    rows = result.ranking.head(result.params.top)
    return [
        {
            "rank": int(r["rank"]),
            "idea_id": str(r["idea"]),
            "text": str(r["text"]),
            "mean": _float(r["mean"]),
            "sd": _float(r["sd"]),
            "median": _float(r["median"]),
            "sum": _float(r["sum"]),
            "raters": int(r["raters"]),
            "dots": int(r["dots"]),
        }
        for _, r in rows.iterrows()
    ]


def _comparison(comparison: Comparison, min_cell: int) -> dict:
    """D, χ² and the ratios of one comparison; everything None when fewer than ``min_cell`` residents."""
    shown = comparison.n >= min_cell
    table = comparison.table
    hidden = (table["participants"] > 0) & (table["participants"] < min_cell)
    return {
        "dimension": comparison.dimension,
        "residents": _count(comparison.n, min_cell),
        "dissimilarity": _float(comparison.dissimilarity) if shown else None,
        "chi2": _float(comparison.chi2) if shown else None,
        "chi2_df": int(comparison.df),
        "chi2_p": _float(comparison.p_chi2) if shown else None,
        "p": _float(comparison.p) if shown else None,
        "p_method": comparison.p_method,
        "ratios": {
            str(g): (None if h or not shown else _float(r))
            for g, r, h in zip(table["group"], table["ratio"], hidden, strict=True)
        },
        "under_represented": [
            str(g)
            for g, s, h in zip(table["group"], table["status"], hidden, strict=True)
            if shown and s == "under" and not h
        ],
    }


def _opinions(result: Result, min_cell: int) -> dict:
    groups = result.opinions
    if groups is None:
        return {
            "k": 0,
            "sizes": [],
            "consensus_statement_ids": [],
            "silhouette": None,
            "grouped": 0,
            "p_value": None,
            "no_groups": False,
            "too_few_votes": 0,
        }
    return {
        "k": int(groups.k),
        "sizes": [_count(s, min_cell) for s in groups.sizes],
        "consensus_statement_ids": [str(s) for s in groups.consensus_ids],
        "silhouette": _float(groups.silhouette),
        "grouped": int(groups.labels.notna().sum()),
        "p_value": _float(groups.p_value),
        "no_groups": bool(groups.no_groups),
        "too_few_votes": _count(len(groups.too_few_votes), min_cell),
    }
