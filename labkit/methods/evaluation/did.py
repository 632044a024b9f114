"""Difference-in-differences: intervention areas against comparison areas, before and after, with statsmodels.

The model is the two-way fixed-effects regression y_it = α_i + λ_t + δ·D_it + ε_it, where D_it is 1 for an
intervention area from its start year on. On a balanced panel with one start year, δ equals the 2×2
difference of means (ȳ_T,after − ȳ_T,before) − (ȳ_C,after − ȳ_C,before) (Angrist & Pischke 2009, ch. 5).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from labkit.errors import InputDataError

#: Standard-error choices and the statsmodels covariance type each maps to.
COVARIANCE = {"hc1": "HC1", "cluster": "cluster", "classical": "nonrobust"}


@dataclass(frozen=True)
class DidEstimate:
    """The effect δ with its confidence interval and p-value, and what it rests on."""

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

    @property
    def significant(self) -> bool:
        """True when the confidence interval excludes zero."""
        return self.ci_low > 0 or self.ci_high < 0


def did_frame(panel: pd.DataFrame, outcome: str, treated: list[str], comparison: list[str],
              start_year: int) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """The balanced panel of the estimate: ``area_code, year, y, treated, post, d``.

    Areas missing the outcome in any year are dropped (and returned) so that the panel stays balanced.

    Raises
    ------
    InputDataError
        If no year lies before or from ``start_year``, or no intervention or comparison area is left.
    """
    rows = panel[panel["area_code"].isin([*treated, *comparison])]
    frame = pd.DataFrame({"area_code": rows["area_code"].to_numpy(), "year": rows["year"].astype(int).to_numpy(),
                          "y": rows[outcome].to_numpy(dtype=float)})
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
        raise InputDataError("no years on both sides of the intervention start", column="intervention_year",
                             expected=f"years before and from {start_year}",
                             found="years " + (", ".join(map(str, years)) or "none"))
    groups = frame.groupby("treated")["area_code"].nunique()
    if groups.get(1, 0) == 0 or groups.get(0, 0) == 0:
        raise InputDataError("an intervention and a comparison area with the outcome in every year are needed",
                             column="intervention_areas", expected="at least one of each",
                             found=f"{groups.get(1, 0)} intervention and {groups.get(0, 0)} comparison areas")


def _design(frame: pd.DataFrame, extra: dict[str, np.ndarray]) -> pd.DataFrame:
    """Area dummies (all areas, no constant), year dummies (first year left out) and the extra columns."""
    areas = pd.get_dummies(frame["area_code"], prefix="area", dtype=float)
    years = pd.get_dummies(frame["year"], prefix="year", dtype=float).iloc[:, 1:]
    return pd.concat([areas, years, pd.DataFrame(extra, index=frame.index)], axis=1)


def _fit(frame: pd.DataFrame, design: pd.DataFrame, standard_errors: str):
    import statsmodels.api as sm

    model = sm.OLS(frame["y"].to_numpy(dtype=float), design)
    if standard_errors == "cluster":
        groups = pd.factorize(frame["area_code"])[0]
        return model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    return model.fit(cov_type=COVARIANCE[standard_errors], use_t=True)


def estimate(frame: pd.DataFrame, *, standard_errors: str = "hc1", confidence: float = 0.95,
             dropped: tuple[str, ...] = ()) -> DidEstimate:
    """Fit the two-way fixed-effects model on ``frame`` (from :func:`did_frame`) and return δ.

    ``standard_errors`` is ``"hc1"`` (robust), ``"cluster"`` (by area) or ``"classical"``.
    """
    fit = _fit(frame, _design(frame, {"d": frame["d"].to_numpy(dtype=float)}), standard_errors)
    low, high = fit.conf_int(alpha=1 - confidence).loc["d"]
    trend, trend_p = pre_trend(frame, standard_errors)
    years = sorted(frame["year"].unique())
    start = min(frame.loc[frame["post"] == 1, "year"])
    counts = frame.groupby("treated")["area_code"].nunique()
    return DidEstimate(
        effect=float(fit.params["d"]), ci_low=float(low), ci_high=float(high), p=float(fit.pvalues["d"]),
        se=float(fit.bse["d"]), confidence=float(confidence), standard_errors=standard_errors, n_obs=len(frame),
        n_areas=int(frame["area_code"].nunique()), n_treated=int(counts.get(1, 0)),
        n_comparison=int(counts.get(0, 0)), years_before=tuple(int(y) for y in years if y < start),
        years_after=tuple(int(y) for y in years if y >= start), dropped_areas=tuple(dropped),
        pre_trend=trend, pre_trend_p=trend_p,
    )


def pre_trend(frame: pd.DataFrame, standard_errors: str = "hc1") -> tuple[float | None, float | None]:
    """Difference in linear yearly trend between intervention and comparison areas before the start.

    Needs at least two years before the start; returns (None, None) otherwise. A small p-value is a
    warning that the trends were not parallel before the intervention.
    """
    before = frame[frame["post"] == 0]
    if before["year"].nunique() < 2:
        return None, None
    slope = (before["year"] - before["year"].min()).to_numpy(dtype=float) * before["treated"].to_numpy()
    fit = _fit(before, _design(before, {"trend": slope}), standard_errors)
    return float(fit.params["trend"]), float(fit.pvalues["trend"])


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
    out = pd.DataFrame({"year": means.index.astype(int), "treated": means[1].to_numpy(),
                        "comparison": means[0].to_numpy()})
    out["counterfactual"] = before[1] + (out["comparison"] - before[0])
    return out
