"""Difference-in-differences: intervention areas against comparison areas, before and after, with statsmodels.

The model is the two-way fixed-effects regression y_it = α_i + λ_t + δ·D_it + ε_it, where D_it is 1 for an
intervention area from its start year on. On a balanced panel with one start year, δ equals the 2×2
difference of means (ȳ_T,after − ȳ_T,before) − (ȳ_C,after − ȳ_C,before) (Angrist & Pischke 2009, ch. 5), which
is the difference between the intervention and comparison areas' mean of the per-area change
Δ_i = ȳ_i,after − ȳ_i,before.

Inference. With few intervention areas, regression standard errors (robust or clustered) are far too small:
on the real RegSO wage panel a nominal 5 % test with 2 placebo areas rejected 20-37 % of the time. So with
fewer than :data:`RANDOMISATION_BELOW` intervention areas the p-value and the interval come from
randomisation inference (Fisher 1935; in the DiD setting Conley & Taber 2011, MacKinnon & Webb 2020): the
estimate is recomputed for placebo assignments that treat as many other areas of the comparison as
intervention areas, every possible assignment when there are at most :data:`MAX_ENUMERATED`, else a seeded
random sample with the real assignment added. Because δ is a difference of means of Δ_i, each placebo
estimate is one sum, so thousands of assignments cost less than one regression. The p-value is the share of
assignments whose |δ| is at least the real one; the interval collects every constant effect τ that the same
test does not reject once τ is taken off the intervention areas' changes (test inversion, Imbens & Rubin 2015,
ch. 5), so it excludes zero exactly when p is at most 1 − confidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, combinations

import numpy as np
import pandas as pd

from labkit.errors import InputDataError

#: Standard-error choices and the statsmodels covariance type each maps to.
COVARIANCE = {"hc1": "HC1", "cluster": "cluster", "classical": "nonrobust"}

#: Below this many intervention areas ``inference="auto"`` uses randomisation inference.
RANDOMISATION_BELOW = 10

#: Every placebo assignment is used when there are at most this many; else a random sample.
MAX_ENUMERATED = 50_000


@dataclass(frozen=True)
class Randomisation:
    """Randomisation inference for a difference of group means of per-area values.

    ``effect`` is the real assignment's estimate, ``p`` the share of the ``assignments`` placebo assignments
    (the real one included) whose |estimate| is at least |effect|, ``ci_low``/``ci_high`` the hull of the
    effects τ not rejected at 1 − ``confidence`` (infinite when no τ can be rejected), ``exact`` True when
    every possible assignment was used and ``min_p`` the smallest p-value the assignments allow.
    """

    effect: float
    p: float
    ci_low: float
    ci_high: float
    confidence: float
    assignments: int
    exact: bool
    min_p: float


@dataclass(frozen=True)
class DidEstimate:
    """The effect δ with its interval and p-value, how they were inferred, and what they rest on.

    ``p``, ``ci_low`` and ``ci_high`` follow ``inference``: ``"randomisation"`` (placebo assignments, see the
    module text) or ``"model"`` (the regression's ``standard_errors``). ``se``, ``model_p``, ``model_ci_low``
    and ``model_ci_high`` are always the regression's, for comparison. ``pre_trend_p`` follows the same
    inference as ``p``.
    """

    effect: float
    ci_low: float
    ci_high: float
    p: float
    se: float
    confidence: float
    standard_errors: str
    n_obs: int
    n_areas: int
    n_treated: int
    n_comparison: int
    years_before: tuple[int, ...]
    years_after: tuple[int, ...]
    dropped_areas: tuple[str, ...]
    pre_trend: float | None
    pre_trend_p: float | None
    inference: str = "model"
    assignments: int | None = None
    exact: bool | None = None
    min_p: float | None = None
    seed: int | None = None
    model_p: float | None = None
    model_ci_low: float | None = None
    model_ci_high: float | None = None

    @property
    def alpha(self) -> float:
        """The test level 1 − confidence."""
        return 1.0 - self.confidence

    @property
    def significant(self) -> bool:
        """True when the effect is told apart from zero: p ≤ 1 − confidence under randomisation inference
        (the interval then excludes zero), the interval excluding zero under the model."""
        if self.inference == "randomisation":
            return self.p <= self.alpha + 1e-12
        return self.ci_low > 0 or self.ci_high < 0


def did_frame(
    panel: pd.DataFrame, outcome: str, treated: list[str], comparison: list[str], start_year: int
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The balanced panel of the estimate: ``area_code, year, y, treated, post, d``.

    Areas missing the outcome in any year are dropped (and returned) so that the panel stays balanced.

    Raises
    ------
    InputDataError
        If no year lies before or from ``start_year``, or no intervention or comparison area is left.
    """
    rows = panel[panel["area_code"].isin([*treated, *comparison])]
    frame = pd.DataFrame(
        {
            "area_code": rows["area_code"].to_numpy(),
            "year": rows["year"].astype(int).to_numpy(),
            "y": rows[outcome].to_numpy(dtype=float),
        }
    )
    years = sorted(frame["year"].unique())
    complete = frame.groupby("area_code")["y"].apply(lambda y: bool(y.notna().all()) and len(y) == len(years))
    dropped = tuple(sorted(complete.index[~complete]))
    frame = frame[~frame["area_code"].isin(dropped)].copy()
    frame["treated"] = frame["area_code"].isin(treated).astype(int)
    frame["post"] = (frame["year"] >= start_year).astype(int)
    frame["d"] = frame["treated"] * frame["post"]
    _check_design(frame, start_year)
    return frame.sort_values(["area_code", "year"], ignore_index=True), dropped


def _check_design(frame: pd.DataFrame, start_year: int) -> None:
    years = sorted(frame["year"].unique())
    if not any(y < start_year for y in years) or not any(y >= start_year for y in years):
        raise InputDataError(
            "no years on both sides of the intervention start",
            column="intervention_year",
            expected=f"years before and from {start_year}",
            found="years " + (", ".join(map(str, years)) or "none"),
        )
    groups = frame.groupby("treated")["area_code"].nunique()
    if groups.get(1, 0) == 0 or groups.get(0, 0) == 0:
        raise InputDataError(
            "an intervention and a comparison area with the outcome in every year are needed",
            column="intervention_areas",
            expected="at least one of each",
            found=f"{groups.get(1, 0)} intervention and {groups.get(0, 0)} comparison areas",
        )


def _design(frame: pd.DataFrame, extra: dict[str, np.ndarray]) -> pd.DataFrame:
    """Area dummies (all areas, no constant), year dummies (first year left out) and the extra columns."""
    areas = pd.get_dummies(frame["area_code"], prefix="area", dtype=float)
    years = pd.get_dummies(frame["year"], prefix="year", dtype=float).iloc[:, 1:]
    return pd.concat([areas, years, pd.DataFrame(extra, index=frame.index)], axis=1)


def _fit(frame: pd.DataFrame, design: pd.DataFrame, standard_errors: str):
    import statsmodels.api as sm
    from threadpoolctl import threadpool_limits

    # One BLAS thread: the model's SVDs of a few hundred rows cost several times more CPU in a thread pool
    # (on a busy machine its threads wait for each other), and report jobs already run one per core.
    with threadpool_limits(1, user_api="blas"):
        model = sm.OLS(frame["y"].to_numpy(dtype=float), design)
        if standard_errors == "cluster":
            groups = pd.factorize(frame["area_code"])[0]
            return model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
        return model.fit(cov_type=COVARIANCE[standard_errors], use_t=True)


def uses_randomisation(inference: str, n_treated: int) -> bool:
    """True when ``inference`` (``auto``, ``randomisation``, ``model``) means placebo assignments here."""
    return inference == "randomisation" or (inference == "auto" and n_treated < RANDOMISATION_BELOW)


def estimate(
    frame: pd.DataFrame,
    *,
    standard_errors: str = "cluster",
    confidence: float = 0.95,
    dropped: tuple[str, ...] = (),
    inference: str = "auto",
    permutations: int = 9999,
    seed: int = 0,
) -> DidEstimate:
    """Fit the two-way fixed-effects model on ``frame`` (from :func:`did_frame`) and return δ.

    ``standard_errors`` is ``"cluster"`` (by area, the default), ``"hc1"`` (robust) or ``"classical"``.
    ``inference`` is ``"auto"`` (randomisation inference with fewer than :data:`RANDOMISATION_BELOW`
    intervention areas, else the standard errors), ``"randomisation"`` or ``"model"``; ``permutations`` and
    ``seed`` set the random sample of placebo assignments when there are too many to use them all.
    """
    fit = _fit(frame, _design(frame, {"d": frame["d"].to_numpy(dtype=float)}), standard_errors)
    low, high = fit.conf_int(alpha=1 - confidence).loc["d"]
    years = sorted(frame["year"].unique())
    start = min(frame.loc[frame["post"] == 1, "year"])
    counts = frame.groupby("treated")["area_code"].nunique()
    n_treated = int(counts.get(1, 0))
    common = {
        "effect": float(fit.params["d"]),
        "se": float(fit.bse["d"]),
        "confidence": float(confidence),
        "standard_errors": standard_errors,
        "n_obs": len(frame),
        "n_areas": int(frame["area_code"].nunique()),
        "n_treated": n_treated,
        "n_comparison": int(counts.get(0, 0)),
        "years_before": tuple(int(y) for y in years if y < start),
        "years_after": tuple(int(y) for y in years if y >= start),
        "dropped_areas": tuple(dropped),
        "model_p": float(fit.pvalues["d"]),
        "model_ci_low": float(low),
        "model_ci_high": float(high),
    }
    if not uses_randomisation(inference, n_treated):
        trend, trend_p = pre_trend(frame, standard_errors)
        return DidEstimate(
            ci_low=float(low),
            ci_high=float(high),
            p=float(fit.pvalues["d"]),
            pre_trend=trend,
            pre_trend_p=trend_p,
            inference="model",
            **common,
        )
    values, mask = area_changes(frame)
    ri = randomisation_inference(values, mask, confidence=confidence, permutations=permutations, seed=seed)
    trend, trend_p = pre_trend_randomisation(frame, permutations=permutations, seed=seed)
    return DidEstimate(
        ci_low=ri.ci_low,
        ci_high=ri.ci_high,
        p=ri.p,
        pre_trend=trend,
        pre_trend_p=trend_p,
        inference="randomisation",
        assignments=ri.assignments,
        exact=ri.exact,
        min_p=ri.min_p,
        seed=None if ri.exact else seed,
        **common,
    )


def pre_trend(frame: pd.DataFrame, standard_errors: str = "cluster") -> tuple[float | None, float | None]:
    """Difference in linear yearly trend between intervention and comparison areas before the start.

    Needs at least two years before the start; returns (None, None) otherwise. A small p-value is a
    warning that the trends were not parallel before the intervention. The p-value comes from the
    regression's ``standard_errors``; see :func:`pre_trend_randomisation` for few intervention areas.
    """
    before = frame[frame["post"] == 0]
    if before["year"].nunique() < 2:
        return None, None
    slope = (before["year"] - before["year"].min()).to_numpy(dtype=float) * before["treated"].to_numpy()
    fit = _fit(before, _design(before, {"trend": slope}), standard_errors)
    return float(fit.params["trend"]), float(fit.pvalues["trend"])


# --------------------------------------------------------------------------- randomisation inference


def area_changes(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per area (sorted by code): Δ_i = mean after − mean before, and True for intervention areas.

    On the balanced panel of :func:`did_frame`, δ = mean of Δ over intervention areas − mean over the others.
    """
    means = frame.pivot_table(index="area_code", columns="post", values="y", aggfunc="mean").sort_index()
    treated = frame.groupby("area_code")["treated"].first().reindex(means.index)
    return (means[1] - means[0]).to_numpy(dtype=float), treated.to_numpy(dtype=bool)


def area_slopes(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """Per area (sorted by code): the least-squares yearly slope before the start, and the intervention flag.

    None with fewer than two years before the start. On a balanced panel the difference of the groups' mean
    slopes equals the trend coefficient of :func:`pre_trend` (year effects take out the common part).
    """
    before = frame[frame["post"] == 0]
    if before["year"].nunique() < 2:
        return None
    wide = before.pivot_table(index="area_code", columns="year", values="y").sort_index()
    t = wide.columns.to_numpy(dtype=float)
    t = t - t.mean()
    slopes = (
        (wide.to_numpy(dtype=float) - wide.to_numpy(dtype=float).mean(axis=1, keepdims=True)) @ t / (t @ t)
    )
    treated = frame.groupby("area_code")["treated"].first().reindex(wide.index)
    return slopes, treated.to_numpy(dtype=bool)


def pre_trend_randomisation(
    frame: pd.DataFrame, *, permutations: int = 9999, seed: int = 0
) -> tuple[float | None, float | None]:
    """The pre-trend difference of :func:`pre_trend` with its p-value from placebo assignments."""
    slopes = area_slopes(frame)
    if slopes is None:
        return None, None
    ri = randomisation_inference(
        *slopes, confidence=0.95, permutations=permutations, seed=seed, interval=False
    )
    return ri.effect, ri.p


def assignments(n_areas: int, treated: np.ndarray, *, permutations: int = 9999, seed: int = 0) -> np.ndarray:
    """Index sets of placebo intervention areas, one row per assignment, the real assignment included.

    Every ``n_areas`` choose k set (k = number of intervention areas) when there are at most
    :data:`MAX_ENUMERATED`; else the real set followed by ``permutations`` uniformly drawn sets (seeded).
    """
    real = np.flatnonzero(treated)
    k = len(real)
    if math.comb(n_areas, k) <= MAX_ENUMERATED:
        return _every_set(n_areas, k)
    return np.vstack([real[None, :], _random_sets(n_areas, k, permutations, np.random.default_rng(seed))])


@lru_cache(maxsize=8)
def _every_set(n_areas: int, k: int) -> np.ndarray:
    count = math.comb(n_areas, k)
    flat = np.fromiter(chain.from_iterable(combinations(range(n_areas), k)), dtype=np.int64, count=count * k)
    sets = flat.reshape(count, k)
    sets.flags.writeable = False
    return sets


def _random_sets(n_areas: int, k: int, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` uniformly drawn k-subsets of range(n_areas), each row without repeats."""
    if k * k >= n_areas:
        return np.argpartition(rng.random((count, n_areas)), k - 1, axis=1)[:, :k]
    sets = rng.integers(0, n_areas, size=(count, k))
    while True:  # redraw rows holding an area twice (rare when k² < n)
        ordered = np.sort(sets, axis=1)
        repeated = np.flatnonzero((np.diff(ordered, axis=1) == 0).any(axis=1))
        if not repeated.size:
            return sets
        sets[repeated] = rng.integers(0, n_areas, size=(repeated.size, k))


def placebo_effects(values: np.ndarray, sets: np.ndarray) -> np.ndarray:
    """δ for each row of ``sets``: mean of ``values`` over the set minus the mean over the other areas."""
    n, k = len(values), sets.shape[1]
    inside = values[sets].sum(axis=1)
    return inside / k - (values.sum() - inside) / (n - k)


def randomisation_inference(
    values: np.ndarray,
    treated: np.ndarray,
    *,
    confidence: float = 0.95,
    permutations: int = 9999,
    seed: int = 0,
    interval: bool = True,
) -> Randomisation:
    """Randomisation inference for δ = mean(values[treated]) − mean(values[~treated]).

    ``values`` holds one number per area (e.g. :func:`area_changes`), ``treated`` the real assignment.
    The p-value is (number of assignments with |δ_placebo| ≥ |δ|) / (number of assignments), the real one
    counted, so it is never below ``min_p`` = 1 / assignments. Under H0: effect = τ for every intervention
    area, the adjusted values are values − τ·treated and a placebo set S gives δ_S − τ·c_S with
    c_S = |S ∩ T|/k − |T \\ S|/(n − k); the interval is the smallest and largest τ with p(τ) > 1 − confidence,
    found exactly from the quadratic |δ_S − τ·c_S| ≥ |δ − τ| of each assignment (``interval=False`` skips it).
    """
    values = np.asarray(values, dtype=float)
    treated = np.asarray(treated, dtype=bool)
    sets = assignments(len(values), treated, permutations=permutations, seed=seed)
    placebo = placebo_effects(values, sets)
    real = float(placebo_effects(values, np.flatnonzero(treated)[None, :])[0])
    tolerance = 1e-9 * max(float(np.abs(placebo).max()), abs(real), 1e-300)
    count = len(sets)
    p = float(np.count_nonzero(np.abs(placebo) >= abs(real) - tolerance)) / count
    exact = math.comb(len(values), int(treated.sum())) <= MAX_ENUMERATED
    low = high = math.nan
    if interval:
        k = treated.sum()
        overlap = treated[sets].sum(axis=1)
        c = overlap / k - (k - overlap) / (len(values) - k)
        low, high = _inverted_interval(placebo, c, real, count, 1.0 - confidence)
    return Randomisation(
        effect=real,
        p=p,
        ci_low=low,
        ci_high=high,
        confidence=float(confidence),
        assignments=count,
        exact=exact,
        min_p=1.0 / count,
    )


def _inverted_interval(
    a: np.ndarray, c: np.ndarray, b: float, count: int, alpha: float
) -> tuple[float, float]:
    """Hull of {τ : #{j : |a_j − τ·c_j| ≥ |b − τ|} > alpha·count}.

    Each assignment j holds on the τ where (c_j² − 1)τ² + 2(b − a_j c_j)τ + (a_j² − b²) ≥ 0: an interval
    between the two roots (c_j² < 1), every τ (the real assignment, and its mirror when the groups are equally
    large), or nothing.
    """
    quad, lin, const = c * c - 1.0, 2.0 * (b - a * c), a * a - b * b
    scale = max(abs(b), float(np.abs(a).max()), 1e-300)
    flat = np.abs(quad) < 1e-12
    always = int(np.count_nonzero(flat & (np.abs(lin) <= 1e-9 * scale) & (const >= -1e-9 * scale * scale)))
    curved = ~flat
    disc = lin[curved] ** 2 - 4.0 * quad[curved] * const[curved]
    real_roots = disc >= -1e-12 * (
        lin[curved] ** 2 + np.abs(4.0 * quad[curved] * const[curved])
    )  # double roots
    root = np.sqrt(np.where(real_roots, np.maximum(disc, 0.0), 0.0))
    r1 = (-lin[curved] + root) / (2.0 * quad[curved])
    r2 = (-lin[curved] - root) / (2.0 * quad[curved])
    lows = np.sort(np.minimum(r1, r2)[real_roots])
    highs = np.sort(np.maximum(r1, r2)[real_roots])
    needed = math.floor(alpha * count + 1e-9) + 1
    if always >= needed:
        return -math.inf, math.inf
    at_lows = always + np.searchsorted(lows, lows, side="right") - np.searchsorted(highs, lows, side="left")
    at_highs = (
        always + np.searchsorted(lows, highs, side="right") - np.searchsorted(highs, highs, side="left")
    )
    inside_lows, inside_highs = lows[at_lows >= needed], highs[at_highs >= needed]
    if not inside_lows.size or not inside_highs.size:  # cannot happen: every assignment holds at τ = b
        return b, b
    return float(inside_lows.min()), float(inside_highs.max())


def wide_outcome(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The balanced panel as an areas × years array, the years' after-start flags, and the area codes."""
    wide = frame.pivot_table(index="area_code", columns="year", values="y").sort_index()
    post = frame.groupby("year")["post"].first().reindex(wide.columns).to_numpy(dtype=float)
    return wide.to_numpy(dtype=float), post, list(wide.index)


def model_p_values(wide: np.ndarray, post: np.ndarray, masks: np.ndarray, standard_errors: str) -> np.ndarray:
    """The regression's p-value of δ for many assignments at once (rows of the boolean ``masks``).

    By Frisch-Waugh-Lovell the two-way fixed-effects δ and its sandwich variance equal those of the
    regression of the two-way demeaned outcome on the two-way demeaned D, which for D = m ⊗ post is
    (m_i − m̄)(post_t − p̄). ``standard_errors`` is ``"hc1"`` (scale n/(n − K), t with n − K degrees of
    freedom) or ``"cluster"`` (by area: scale G/(G − 1)·(n − 1)/(n − K), t with G − 1), as statsmodels
    computes them; for simulations of size, where refitting the regression thousands of times is too slow.
    """
    n_areas, n_years = wide.shape
    n, k = wide.size, n_areas + n_years  # area effects, year effects but one, and δ
    y = wide - wide.mean(axis=1, keepdims=True) - wide.mean(axis=0, keepdims=True) + wide.mean()
    m = masks.astype(float)
    d = (m - m.mean(axis=1, keepdims=True))[:, :, None] * (post - post.mean())[None, None, :]
    dd = (d * d).sum(axis=(1, 2))
    delta = (d * y[None]).sum(axis=(1, 2)) / dd
    resid = y[None] - delta[:, None, None] * d
    from scipy import stats

    if standard_errors == "hc1":
        variance = n / (n - k) * (d * d * resid * resid).sum(axis=(1, 2)) / dd**2
        df = n - k
    elif standard_errors == "cluster":
        scores = (d * resid).sum(axis=2)
        variance = n_areas / (n_areas - 1) * (n - 1) / (n - k) * (scores * scores).sum(axis=1) / dd**2
        df = n_areas - 1
    else:
        raise ValueError(f"standard_errors must be hc1 or cluster, not {standard_errors!r}")
    return 2 * stats.t.sf(np.abs(delta) / np.sqrt(variance), df)


def two_by_two(frame: pd.DataFrame) -> float:
    """The difference of the four group means: (T after − T before) − (C after − C before)."""
    means = frame.groupby(["treated", "post"])["y"].mean()
    return float((means[1, 1] - means[1, 0]) - (means[0, 1] - means[0, 0]))


def trends(frame: pd.DataFrame) -> pd.DataFrame:
    """Mean outcome per year of intervention and comparison areas, and the counterfactual of the former.

    The counterfactual is the intervention areas' mean before the start plus the comparison areas' change
    since their own mean before the start: what parallel trends predict without the intervention. Before
    the start it shows how closely the two groups moved together.
    """
    means = frame.pivot_table(index="year", columns="treated", values="y", aggfunc="mean")
    before = frame[frame["post"] == 0].groupby("treated")["y"].mean()
    out = pd.DataFrame(
        {"year": means.index.astype(int), "treated": means[1].to_numpy(), "comparison": means[0].to_numpy()}
    )
    out["counterfactual"] = before[1] + (out["comparison"] - before[0])
    return out
