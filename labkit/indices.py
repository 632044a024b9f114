"""Segregation and inequality indices for many municipalities at once, vectorised with numpy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from labkit.errors import ConfigError, InputDataError

#: The single-group indices, in the column order of :func:`single_group`.
SINGLE_GROUP_INDICES = ("dissimilarity", "isolation", "exposure", "eta2", "gini")

By = str | Sequence[str]


@dataclass(frozen=True)
class _Rows:
    """Rows of a frame tagged with their group: ``codes[i]`` indexes ``keys``."""

    keys: pd.Index
    codes: np.ndarray

    @property
    def n_groups(self) -> int:
        return len(self.keys)


@dataclass(frozen=True)
class _SingleGroupInput:
    """The areas that enter single-group sums: known counts and a positive total."""

    rows: _Rows
    used: np.ndarray
    x: np.ndarray
    t: np.ndarray

    @property
    def codes(self) -> np.ndarray:
        return self.rows.codes[self.used]


# --------------------------------------------------------------------------- input checks


def _require_columns(frame: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputDataError(
            "column missing from the area table",
            column=missing[0],
            expected="columns " + ", ".join(f"'{c}'" for c in columns),
            found="columns " + ", ".join(f"'{c}'" for c in frame.columns),
        )


def _group_rows(frame: pd.DataFrame, by: By) -> _Rows:
    columns = [by] if isinstance(by, str) else list(by)
    _require_columns(frame, columns)
    grouped = frame.groupby(by if isinstance(by, str) else columns, sort=True, dropna=False)
    return _Rows(keys=grouped.size().index, codes=grouped.ngroup().to_numpy())


def _first_bad(frame: pd.DataFrame, bad: np.ndarray, describe: Callable[[int], str]) -> str:
    """Describe the first offending row and how many rows offend."""
    where = np.flatnonzero(bad)
    first = int(where[0])
    return f"{describe(first)} in row {frame.index[first]!r} ({where.size} row(s) in all)"


def _counts(frame: pd.DataFrame, column: str) -> np.ndarray:
    """A count column as float64 with NaN for missing (suppressed) cells; negative counts raise."""
    _require_columns(frame, [column])
    try:
        values = frame[column].to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as err:
        raise InputDataError(
            "count column is not numeric",
            column=column,
            expected="numbers",
            found=f"dtype {frame[column].dtype}",
        ) from err
    if (values < 0).any():
        found = _first_bad(frame, values < 0, lambda i: f"{values[i]:g}")
        raise InputDataError("negative count", column=column, expected="counts >= 0", found=found)
    return values


def _check_group_within_total(
    frame: pd.DataFrame, x: np.ndarray, t: np.ndarray, group: str, total: str
) -> None:
    if (x > t).any():
        found = _first_bad(frame, x > t, lambda i: f"{x[i]:g} > {t[i]:g}")
        raise InputDataError(
            "group count larger than the total",
            column=group,
            expected=f"at most the '{total}' count",
            found=found,
        )


def _single_group_input(frame: pd.DataFrame, group: str, total: str, by: By) -> _SingleGroupInput:
    rows = _group_rows(frame, by)
    x, t = _counts(frame, group), _counts(frame, total)
    _check_group_within_total(frame, x, t, group, total)
    used = ~np.isnan(x) & ~np.isnan(t) & (t > 0)
    return _SingleGroupInput(rows=rows, used=used, x=x[used], t=t[used])


def _check_positive(name: str, value: int) -> None:
    if value < 1:
        raise ConfigError(f"invalid {name}", expected="an integer >= 1", found=repr(value))


def _whole_counts(values: np.ndarray, column: str) -> np.ndarray:
    """Counts as int64 for simulation; fractional counts raise."""
    if not np.array_equal(values, np.round(values)):
        raise InputDataError(
            "fractional count cannot be simulated", column=column, expected="whole numbers", found="fractions"
        )
    return values.astype(np.int64)


# --------------------------------------------------------------------------- core arithmetic


def _sum_by(codes: np.ndarray, values: np.ndarray, n_groups: int) -> np.ndarray:
    return np.bincount(codes, weights=values, minlength=n_groups)


def _pair_abs_diff_sum(codes: np.ndarray, v: np.ndarray, w: np.ndarray, n_groups: int) -> np.ndarray:
    """Per group, the sum over pairs i < j of ``w_i w_j |v_i - v_j|`` in O(n log n).

    After sorting by value within each group, area k contributes
    ``w_k (v_k W_k - V_k)`` where ``W_k`` and ``V_k`` are the sums of ``w`` and ``w v``
    over the areas before it in its group.
    """
    order = np.lexsort((v, codes))
    c, v, w = codes[order], v[order], w[order]
    start = np.searchsorted(c, c, side="left")
    w_before = np.cumsum(w) - w
    wv_before = np.cumsum(w * v) - w * v
    w_before = w_before - w_before[start]
    wv_before = wv_before - wv_before[start]
    return _sum_by(c, w * (v * w_before - wv_before), n_groups)


def _single_group_arrays(
    x: np.ndarray, t: np.ndarray, codes: np.ndarray, n_groups: int
) -> dict[str, np.ndarray]:
    """The five single-group indices per group; every ``t`` must be positive."""
    with np.errstate(divide="ignore", invalid="ignore"):
        big_x, big_t = _sum_by(codes, x, n_groups), _sum_by(codes, t, n_groups)
        share = big_x / big_t
        p = x / t
        spread = 2 * big_t * share * (1 - share)
        isolation = _sum_by(codes, x * p, n_groups) / big_x
        return {
            "dissimilarity": _sum_by(codes, t * np.abs(p - share[codes]), n_groups) / spread,
            "isolation": isolation,
            "exposure": _sum_by(codes, x * (1 - p), n_groups) / big_x,
            "eta2": (isolation - share) / (1 - share),
            "gini": 2 * _pair_abs_diff_sum(codes, p, t, n_groups) / (big_t * spread),
        }


def _replicate_codes(codes: np.ndarray, n_groups: int, n_rep: int) -> np.ndarray:
    """Group codes for ``n_rep`` stacked copies of the areas: copy r of group g gets ``r * n_groups + g``."""
    return (np.arange(n_rep)[:, None] * n_groups + codes[None, :]).ravel()


def _replicated_indices(x_rep: np.ndarray, prep: _SingleGroupInput) -> dict[str, np.ndarray]:
    """Single-group indices of each replicate row of ``x_rep`` (shape replicates x areas)."""
    n_rep, n_groups = x_rep.shape[0], prep.rows.n_groups
    codes = _replicate_codes(prep.codes, n_groups, n_rep)
    stats = _single_group_arrays(x_rep.ravel().astype(float), np.tile(prep.t, n_rep), codes, n_rep * n_groups)
    return {name: values.reshape(n_rep, n_groups) for name, values in stats.items()}


# --------------------------------------------------------------------------- public API


def single_group(frame: pd.DataFrame, group: str, total: str, by: By = "kommun_kod") -> pd.DataFrame:
    """Dissimilarity, isolation, exposure, correlation ratio and Gini of one group, per municipality.

    With ``x_i`` the group and ``t_i`` the total of area i, ``y_i = t_i - x_i``, ``X``, ``Y``, ``T``
    their sums over the municipality and ``P = X / T``:

    - dissimilarity ``D = 1/2 sum |x_i/X - y_i/Y|`` (Massey & Denton 1988),
    - isolation ``xPx* = sum (x_i/X)(x_i/t_i)``, exposure ``xPy* = sum (x_i/X)(y_i/t_i)``,
    - correlation ratio ``eta2 = (xPx* - P) / (1 - P)``,
    - segregation Gini ``G = sum_i sum_j t_i t_j |p_i - p_j| / (2 T^2 P (1 - P))``, ``p_i = x_i/t_i``.

    These equal PySAL ``segregation`` 2.5.4's ``Dissim``, ``Isolation``, ``Interaction``,
    ``CorrelationR`` and ``Gini``. Areas with a missing count (suppressed cell) or a total of 0 are
    left out of every sum, as PySAL's zero-population handling does; ``n_areas`` counts the areas used.
    Where a municipality has no member of the group (``X = 0``) or no areas left, every index is NaN
    (PySAL would report isolation 0 there). Where everyone belongs to the group (``P = 1``),
    dissimilarity, eta2 and Gini are NaN.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per area with the ``by`` column(s) and the two count columns.
    group, total : str
        Columns with the group's count and the area's total count.
    by : str or list of str
        Key column(s), e.g. ``"kommun_kod"`` or ``["kommun_kod", "year"]``.

    Returns
    -------
    pandas.DataFrame
        Indexed by the ``by`` key(s), sorted; columns dissimilarity, isolation, exposure, eta2,
        gini, n_areas, group_total, total.

    Raises
    ------
    InputDataError
        A column is missing or not numeric, a count is negative or a group count exceeds its total.
    """
    prep = _single_group_input(frame, group, total, by)
    n_groups = prep.rows.n_groups
    result = pd.DataFrame(_single_group_arrays(prep.x, prep.t, prep.codes, n_groups), index=prep.rows.keys)
    result["n_areas"] = np.bincount(prep.codes, minlength=n_groups)
    result["group_total"] = _sum_by(prep.codes, prep.x, n_groups)
    result["total"] = _sum_by(prep.codes, prep.t, n_groups)
    return result


def _multigroup_counts(frame: pd.DataFrame, groups: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The group counts of the usable areas and the mask of those areas."""
    if len(groups) < 2:
        raise ConfigError(
            "too few groups for a multigroup index", expected="at least 2", found=str(list(groups))
        )
    counts = np.column_stack([_counts(frame, g) for g in groups])
    used = ~np.isnan(counts).any(axis=1) & (counts.sum(axis=1) > 0)
    return counts[used], used


def _plogp(p: np.ndarray) -> np.ndarray:
    """``p log p`` with the convention ``0 log 0 = 0``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(p > 0, p * np.log(p), 0.0)


def multigroup(frame: pd.DataFrame, groups: Sequence[str], by: By = "kommun_kod") -> pd.DataFrame:
    """Multigroup dissimilarity and Theil's information index H of several groups, per municipality.

    With ``t_i`` the area total over the groups, ``p_ik`` group k's share in area i and ``P_k`` its
    share in the municipality: ``D = sum_i sum_k t_i |p_ik - P_k| / (2 T I)`` with
    ``I = sum_k P_k (1 - P_k)`` (Sakoda 1981), and ``H = sum_i sum_k t_i p_ik ln(p_ik / P_k) / (T E)``
    with ``E = -sum_k P_k ln P_k`` (Reardon & Firebaugh 2002). These equal PySAL ``segregation``
    2.5.4's ``MultiDissim`` and ``MultiInfoTheory``, except that a group absent from a whole
    municipality counts as ``0 ln 0 = 0`` here, where PySAL returns NaN. Areas with a missing count
    or no one in any group are left out; ``n_areas`` counts the areas used. With fewer than two
    groups present, both indices are NaN.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per area with the ``by`` column(s) and one count column per group.
    groups : list of str
        The count columns; together they make up the area total.
    by : str or list of str
        Key column(s).

    Returns
    -------
    pandas.DataFrame
        Indexed by the ``by`` key(s); columns multigroup_dissimilarity, theil_h, n_areas.

    Raises
    ------
    InputDataError
        A column is missing or not numeric, or a count is negative.
    ConfigError
        Fewer than two groups are given.
    """
    rows = _group_rows(frame, by)
    counts, used = _multigroup_counts(frame, groups)
    codes, n_groups = rows.codes[used], rows.n_groups
    group_totals = np.column_stack([_sum_by(codes, counts[:, k], n_groups) for k in range(counts.shape[1])])
    area_totals, totals = counts.sum(axis=1), group_totals.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares, area_shares = group_totals / totals[:, None], counts / area_totals[:, None]
        gaps = area_totals * np.abs(area_shares - shares[codes]).sum(axis=1)
        dissimilarity = _sum_by(codes, gaps, n_groups) / (2 * totals * (shares * (1 - shares)).sum(axis=1))
        ratio = np.where(counts > 0, area_shares / shares[codes], 1.0)
        information = (counts * np.log(ratio)).sum(axis=1)
        theil = _sum_by(codes, information, n_groups) / (totals * -_plogp(shares).sum(axis=1))
    result = {"multigroup_dissimilarity": dissimilarity, "theil_h": theil}
    result["n_areas"] = np.bincount(codes, minlength=n_groups)
    return pd.DataFrame(result, index=rows.keys)


def weighted_gini(frame: pd.DataFrame, value: str, weight: str, by: By = "kommun_kod") -> pd.Series:
    """Population-weighted Gini coefficient of area values (e.g. mean wage income), per municipality.

    ``G = sum_i sum_j w_i w_j |v_i - v_j| / (2 W^2 mu)`` with ``W = sum w_i`` and
    ``mu = sum w_i v_i / W``: the Gini of a population in which each of the ``w_i`` people of area i
    has the area's value ``v_i`` (the between-area part of inequality only). It equals the classic
    Gini (``inequality.gini.Gini``) of the values repeated by integer weights. Areas with a missing
    value or weight, or a weight of 0, are left out; the number used is in ``result.attrs["n_areas"]``.
    A municipality without areas or with ``mu = 0`` gets NaN.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per area with the ``by`` column(s), the value and the weight.
    value : str
        Column with the area value; values must be >= 0.
    weight : str
        Column with the area weight (people).
    by : str or list of str
        Key column(s).

    Returns
    -------
    pandas.Series
        Named ``weighted_gini``, indexed by the ``by`` key(s).

    Raises
    ------
    InputDataError
        A column is missing or not numeric, or a value or weight is negative.
    """
    rows = _group_rows(frame, by)
    v, w = _counts(frame, value), _counts(frame, weight)
    used = ~np.isnan(v) & ~np.isnan(w) & (w > 0)
    codes, v, w = rows.codes[used], v[used], w[used]
    with np.errstate(divide="ignore", invalid="ignore"):
        gini = _pair_abs_diff_sum(codes, v, w, rows.n_groups) / (
            _sum_by(codes, w, rows.n_groups) * _sum_by(codes, w * v, rows.n_groups)
        )
    result = pd.Series(gini, index=rows.keys, name="weighted_gini")
    result.attrs["n_areas"] = pd.Series(np.bincount(codes, minlength=rows.n_groups), index=rows.keys)
    return result


def location_quotients(frame: pd.DataFrame, group: str, total: str, by: By = "kommun_kod") -> pd.Series:
    """Location quotient of each area: its group share over its municipality's share, ``(x_i/t_i) / (X/T)``.

    ``X`` and ``T`` sum the municipality's usable areas (see :func:`single_group`). Areas with a
    missing count or a total of 0, and municipalities with ``X = 0``, get NaN.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per area with the ``by`` column(s) and the two count columns.
    group, total : str
        Columns with the group's count and the area's total count.
    by : str or list of str
        Key column(s).

    Returns
    -------
    pandas.Series
        Named ``location_quotient``, aligned to ``frame.index``.

    Raises
    ------
    InputDataError
        As :func:`single_group`.
    """
    prep = _single_group_input(frame, group, total, by)
    n_groups = prep.rows.n_groups
    quotient = np.full(len(frame), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = _sum_by(prep.codes, prep.x, n_groups) / _sum_by(prep.codes, prep.t, n_groups)
        quotient[prep.used] = (prep.x / prep.t) / share[prep.codes]
    return pd.Series(quotient, index=frame.index, name="location_quotient")


def _allocate_at_random(prep: _SingleGroupInput, n_sim: int, rng: np.random.Generator) -> np.ndarray:
    """Draw the group's members into the areas, totals fixed: shape (n_sim, areas).

    Multivariate hypergeometric, drawn area by area as conditional hypergeometrics, one area rank
    at a time for all municipalities and simulations together.
    """
    t, codes, n_groups = prep.t.astype(np.int64), prep.codes, prep.rows.n_groups
    left_x = np.tile(
        np.bincount(codes, weights=prep.x, minlength=n_groups).round().astype(np.int64), (n_sim, 1)
    )
    left_t = np.bincount(codes, weights=t, minlength=n_groups).astype(np.int64)
    order = np.argsort(codes, kind="stable")
    rank = np.arange(codes.size) - np.searchsorted(codes[order], codes[order])
    drawn = np.zeros((n_sim, codes.size), dtype=np.int64)
    for r in range(int(rank.max(initial=-1)) + 1):
        areas = order[rank == r]
        g = codes[areas]
        left_t[g] -= t[areas]
        shape = (n_sim, areas.size)
        draw = rng.hypergeometric(
            np.broadcast_to(t[areas], shape), np.broadcast_to(left_t[g], shape), left_x[:, g]
        )
        drawn[:, areas] = draw
        left_x[:, g] -= draw
    return drawn


def _summarise(stats: dict[str, np.ndarray], keys: pd.Index, summaries: dict[str, Callable]) -> pd.DataFrame:
    """Columns ``<index><suffix>`` from per-replicate statistics, one summary function per suffix."""
    columns = {
        f"{name}{suffix}": summary(stats[name])
        for name in SINGLE_GROUP_INDICES
        for suffix, summary in summaries.items()
    }
    return pd.DataFrame(columns, index=keys)


def random_allocation(
    frame: pd.DataFrame, group: str, total: str, by: By = "kommun_kod", n_sim: int = 500, seed: int = 0
) -> pd.DataFrame:
    """Single-group indices expected when the group's members live in random areas.

    Keeps each municipality's group total ``X`` and every area total ``t_i`` fixed and places the
    ``X`` members at random among the ``T`` residents (multivariate hypergeometric, seeded
    ``numpy.random.Generator``). Even then the indices are above 0, the more so the fewer people
    per area: compare observed values with these (Carrington & Troske 1997). Areas are used as in
    :func:`single_group`; counts must be whole numbers.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per area with the ``by`` column(s) and the two count columns.
    group, total : str
        Columns with the group's count and the area's total count.
    by : str or list of str
        Key column(s).
    n_sim : int
        Number of random allocations.
    seed : int
        Seed of the random generator; the same seed gives the same result.

    Returns
    -------
    pandas.DataFrame
        Indexed by the ``by`` key(s); columns ``<index>_random`` (mean over simulations) and
        ``<index>_random_p95`` (95th percentile) for each index of :data:`SINGLE_GROUP_INDICES`.

    Raises
    ------
    InputDataError
        As :func:`single_group`, or a count is fractional.
    ConfigError
        ``n_sim`` is below 1.
    """
    _check_positive("n_sim", n_sim)
    prep = _single_group_input(frame, group, total, by)
    _whole_counts(prep.x, group)
    _whole_counts(prep.t, total)
    stats = _replicated_indices(_allocate_at_random(prep, n_sim, np.random.default_rng(seed)), prep)
    summaries = {"_random": lambda s: s.mean(axis=0), "_random_p95": lambda s: np.quantile(s, 0.95, axis=0)}
    return _summarise(stats, prep.rows.keys, summaries)


def bootstrap_interval(
    frame: pd.DataFrame,
    group: str,
    total: str,
    by: By = "kommun_kod",
    n_boot: int = 500,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Percentile bootstrap interval of each single-group index, per municipality.

    Resampling scheme: each area's ``t_i`` residents are drawn again with replacement from the
    area's observed composition, so the area's group count becomes ``Binomial(t_i, x_i / t_i)``
    (multinomial over the two groups) with ``t_i`` fixed; the indices are recomputed for every
    replicate and the interval is the ``(1 - level)/2`` and ``(1 + level)/2`` percentiles. Areas
    with a share of exactly 0 or 1 do not vary. Segregation indices are biased upwards in small
    areas, so the interval can lie above the observed value; see :func:`random_allocation`.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per area with the ``by`` column(s) and the two count columns.
    group, total : str
        Columns with the group's count and the area's total count.
    by : str or list of str
        Key column(s).
    n_boot : int
        Number of bootstrap replicates.
    seed : int
        Seed of the random generator.
    level : float
        Coverage of the interval, between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        Indexed by the ``by`` key(s); columns ``<index>_lo`` and ``<index>_hi`` for each index of
        :data:`SINGLE_GROUP_INDICES`.

    Raises
    ------
    InputDataError
        As :func:`random_allocation`.
    ConfigError
        ``n_boot`` is below 1 or ``level`` is not between 0 and 1.
    """
    _check_positive("n_boot", n_boot)
    if not 0 < level < 1:
        raise ConfigError("invalid level", expected="a number between 0 and 1", found=repr(level))
    prep = _single_group_input(frame, group, total, by)
    t = _whole_counts(prep.t, total)
    draws = np.random.default_rng(seed).binomial(t, prep.x / prep.t, size=(n_boot, t.size))
    tail = (1 - level) / 2
    summaries = {
        "_lo": lambda s: np.quantile(s, tail, axis=0),
        "_hi": lambda s: np.quantile(s, 1 - tail, axis=0),
    }
    return _summarise(_replicated_indices(draws, prep), prep.rows.keys, summaries)
