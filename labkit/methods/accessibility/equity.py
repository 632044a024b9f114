"""Who has the worst access: population-weighted distributions by group, ratios and a concentration index.

The concentration index follows Wagstaff, van Doorslaer & Paci (1991): twice the weighted covariance of the
measure with the fractional income rank, over the measure's mean. Here it is ecological (areas ranked by
their mean wage income, weighted by population).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Groupings of the equity tables, in report order.
GROUPINGS = ("born_abroad", "omradestyp", "tenure")
#: Quantiles shown in the distribution table.
QUANTILES = (0.1, 0.5, 0.9)


def group_weights(areas: pd.DataFrame) -> pd.DataFrame:
    """Population per area and group: ``area_code, grouping, group, weight``.

    Born abroad and born in Sweden are counted in each area; områdestyp and dominant tenure give each
    area's whole population to the area's class (areas without a class are left out).
    """
    parts = [
        areas.assign(grouping="born_abroad", group="born_abroad", weight=areas["born_abroad"]),
        areas.assign(grouping="born_abroad", group="born_in_sweden", weight=areas["born_in_sweden"]),
        areas.assign(grouping="omradestyp", group=_type_group(areas["omradestyp"]), weight=areas["total"]),
        areas.assign(grouping="tenure", group=areas["dominant_tenure"], weight=areas["total"]),
    ]
    frame = pd.concat(parts, ignore_index=True)[["area_code", "grouping", "group", "weight"]]
    return frame[frame["group"].notna() & frame["weight"].notna()].reset_index(drop=True)


def _type_group(values: pd.Series) -> pd.Series:
    return values.map(lambda v: None if pd.isna(v) else f"omradestyp_{int(v)}")


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The smallest value whose cumulative weight share reaches ``q`` (the inverse of the weighted ECDF)."""
    order = np.argsort(values, kind="stable")
    values, weights = np.asarray(values, dtype=float)[order], np.asarray(weights, dtype=float)[order]
    if weights.sum() <= 0:
        return float("nan")
    shares = np.cumsum(weights) / weights.sum()
    return float(values[np.searchsorted(shares, q - 1e-12)])


def _summary(frame: pd.DataFrame) -> pd.Series:
    values, weights = frame["value"].to_numpy(dtype=float), frame["weight"].to_numpy(dtype=float)
    total = weights.sum()
    stats = {"population": total, "mean": float(np.sum(values * weights) / total) if total > 0 else np.nan}
    for q in QUANTILES:
        stats[f"p{round(q * 100)}"] = weighted_quantile(values, weights, q)
    return pd.Series(stats)


def distributions(access: pd.DataFrame, weights: pd.DataFrame) -> pd.DataFrame:
    """Population-weighted mean and quantiles of every measure by type, grouping and group.

    Infinite values (no service reachable) are left out.

    Returns
    -------
    pandas.DataFrame
        ``type, measure, grouping, group, population, mean, p10, p50, p90``.
    """
    finite = access[np.isfinite(access["value"].astype(float))]
    merged = finite.merge(weights, on="area_code")
    merged = merged[merged["weight"] > 0]
    keys = ["type", "measure", "grouping", "group"]
    if merged.empty:
        return pd.DataFrame(columns=[*keys, "population", "mean", *[f"p{round(q * 100)}" for q in QUANTILES]])
    rows = [
        pd.concat([pd.Series(dict(zip(keys, key, strict=True))), _summary(part)])
        for key, part in merged.groupby(keys, sort=False)
    ]
    return pd.DataFrame(rows).reset_index(drop=True)


def ratio_between(table: pd.DataFrame, measure: str, numerator: str, denominator: str) -> pd.Series:
    """Per type: the mean of ``measure`` for group ``numerator`` over that for ``denominator``."""
    rows = table[table["measure"] == measure].set_index(["type", "group"])["mean"]
    num = (
        rows.xs(numerator, level="group")
        if numerator in rows.index.get_level_values("group")
        else pd.Series()
    )
    den = (
        rows.xs(denominator, level="group")
        if denominator in rows.index.get_level_values("group")
        else pd.Series()
    )
    return (num / den).dropna()


def fractional_rank(income: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Population-weighted fractional rank by income (poorest first); tied incomes share one rank."""
    income, weights = np.asarray(income, dtype=float), np.asarray(weights, dtype=float)
    total = weights.sum()
    ranks = np.empty(len(income))
    below = 0.0
    for value in np.unique(income):
        tied = income == value
        ranks[tied] = (below + weights[tied].sum() / 2) / total
        below += weights[tied].sum()
    return ranks


def concentration_index(values: np.ndarray, weights: np.ndarray, income: np.ndarray) -> float:
    """Concentration index of ``values`` over areas ranked by ``income``, weighted by population.

    ``CI = 2 * sum_i w_i (h_i - mu)(R_i - 1/2) / (W mu)``. For travel times, a negative CI means that the
    long times are found in low-income areas. Areas with a missing or infinite value or income are left out.
    """
    values, weights, income = (np.asarray(a, dtype=float) for a in (values, weights, income))
    ok = np.isfinite(values) & np.isfinite(income) & np.isfinite(weights) & (weights > 0)
    values, weights, income = values[ok], weights[ok], income[ok]
    if weights.sum() <= 0 or len(np.unique(income)) < 2:
        return float("nan")
    mean = np.sum(weights * values) / weights.sum()
    if mean == 0:
        return float("nan")
    ranks = fractional_rank(income, weights)
    return float(2 * np.sum(weights * (values - mean) * (ranks - 0.5)) / (weights.sum() * mean))


def concentration_by_type(access: pd.DataFrame, areas: pd.DataFrame, measure: str) -> pd.Series:
    """The concentration index of ``measure`` for every service type."""
    merged = access[access["measure"] == measure].merge(
        areas[["area_code", "total", "mean_tkr"]], on="area_code"
    )
    return pd.Series(
        {
            kind: concentration_index(part["value"], part["total"], part["mean_tkr"])
            for kind, part in merged.groupby("type", sort=False)
        },
        dtype=float,
    )
