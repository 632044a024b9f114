"""Kungälv's rule, the marginality measure and the ranked table of target groups to invite."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from labkit.charts import format_number, format_percent
from labkit.errors import InputDataError
from labkit.methods.target_groups.params import Params
from labkit.methods.target_groups.text import words

#: Columns of the long indicator table (one row per group and area).
INDICATOR_COLUMNS = (
    "group",
    "area_code",
    "area_name",
    "value",
    "municipal",
    "ratio",
    "flagged",
    "volume_share",
    "population_share",
    "marginality",
)

#: Områdestyper that Delmos calls "områden med socioekonomiska utmaningar".
CHALLENGED_TYPES = (1, 2)


@dataclass(frozen=True)
class ShareIndicator:
    """A group counted in ``volume`` whose share of ``base`` is compared with the municipality's share."""

    group: str
    volume: str
    base: str
    population: str = "total"


#: The share indicators every source supports.
SHARE_INDICATORS = (
    ShareIndicator("born_abroad", "born_abroad", "total"),
    ShareIndicator("hyresratt", "hyresratt", "dwellings"),
)


def marginality_informative(group: str) -> bool:
    """Whether the marginality measure of ``group`` says more than its ratio to the municipality.

    Marginality (x_i/X)/(t_i/T) equals the ratio (x_i/b_i)/(X/B) whenever the share's base b is the
    population t itself (born abroad, the age groups) and, for low wage income, both are
    ``mean_municipal / mean_i``. Only a share of something other than people, the rented share of
    the *dwellings*, gives a different number (dwellings against people).
    """
    return any(spec.group == group and spec.base != spec.population for spec in SHARE_INDICATORS)


def age_indicators(params: Params) -> tuple[ShareIndicator, ...]:
    """The youth and senior indicators, counted from the age columns :func:`add_age_groups` adds."""
    seniors = tuple(
        ShareIndicator(f"senior_{age}", f"senior_{age}", "age_total", "age_total")
        for age in params.senior_ages
    )
    return (ShareIndicator("youth", "youth", "age_total", "age_total"), *seniors)


def add_age_groups(frame: pd.DataFrame, age: pd.DataFrame, params: Params) -> pd.DataFrame:
    """Add ``youth``, ``senior_<age>`` and ``age_total`` counts per area from the age bands.

    Raises
    ------
    InputDataError
        If an age band straddles a boundary of the youth or senior ages, so it cannot be split.
    """
    lo, hi = params.youth_ages
    masks = {"youth": _inside(age, lo, hi, f"{lo}-{hi}")}
    masks.update({f"senior_{a}": _inside(age, a, 999, f"{a}+") for a in params.senior_ages})
    sums = pd.DataFrame({name: age["count"].where(mask, 0.0) for name, mask in masks.items()})
    sums["age_total"] = age["count"]
    sums["area_code"] = age["area_code"].to_numpy()
    totals = sums.groupby("area_code", sort=False).sum(min_count=1)
    return frame.merge(totals, left_on="area_code", right_index=True, how="left")


def _inside(age: pd.DataFrame, lo: int, hi: int, wanted: str) -> pd.Series:
    """Which bands lie inside ``[lo, hi]``; a band that overlaps it only partly raises InputDataError."""
    inside = (age["age_lo"] >= lo) & (age["age_hi"] <= hi)
    partial = ~inside & (age["age_lo"] <= hi) & (age["age_hi"] >= lo)
    if partial.any():
        first = age[partial].iloc[0]
        raise InputDataError(
            "age band cannot be split",
            column="age",
            path="extra['age']",
            expected=f"bands inside or outside {wanted}",
            found=f"{int(first['age_lo'])}-{int(first['age_hi'])}",
        )
    return inside


def share_indicator(frame: pd.DataFrame, spec: ShareIndicator, threshold: float) -> pd.DataFrame:
    """Share, ratio to the municipal share, Kungälv flag and marginality of one group, one row per area.

    The municipal share is ``X / B`` over the areas with known counts; ``ratio`` is the area share
    over it (the location quotient), ``marginality = (x_i / X) / (t_i / T)``.
    """
    x, base, people = (frame[c].astype(float) for c in (spec.volume, spec.base, spec.population))
    valid = x.notna() & base.gt(0) & people.gt(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        municipal = x[valid].sum() / base[valid].sum()
        value = (x / base).where(valid)
        volume_share = (x / x[valid].sum()).where(valid)
        population_share = (people / people[valid].sum()).where(valid)
        ratio = _finite(value / municipal)
        marginality = _finite(volume_share / population_share)
    return _indicator_frame(
        frame, spec.group, value, municipal, ratio, threshold, volume_share, population_share, marginality
    )


def income_indicator(frame: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Low wage income: ratio = municipal mean / area mean, marginality = population share / wage-sum share.

    The municipal mean is the population-weighted mean of the area means, so both measures equal
    ``mean_municipal / mean_i``: the ratio is inverted because low income is the exposed position.
    """
    mean, people = frame["mean_tkr"].astype(float), frame["total"].astype(float)
    valid = mean.gt(0) & people.gt(0)
    wage_sum = (mean * people).where(valid)
    with np.errstate(divide="ignore", invalid="ignore"):
        municipal = wage_sum.sum() / people[valid].sum()
        volume_share = wage_sum / wage_sum.sum()
        population_share = (people / people[valid].sum()).where(valid)
        ratio = _finite(municipal / mean.where(valid))
        marginality = _finite(population_share / volume_share)
    return _indicator_frame(
        frame,
        "low_income",
        mean.where(valid),
        municipal,
        ratio,
        threshold,
        volume_share,
        population_share,
        marginality,
    )


def _finite(series: pd.Series) -> pd.Series:
    """Replace ±inf (division by zero) with NaN."""
    return series.where(np.isfinite(series))


def _indicator_frame(
    frame: pd.DataFrame,
    group: str,
    value: pd.Series,
    municipal: float,
    ratio: pd.Series,
    threshold: float,
    volume_share: pd.Series,
    population_share: pd.Series,
    marginality: pd.Series,
) -> pd.DataFrame:
    """Assemble one group's rows of the long indicator table."""
    return pd.DataFrame(
        {
            "group": group,
            "area_code": frame["area_code"].to_numpy(),
            "area_name": frame["area_name"].to_numpy(),
            "value": value.to_numpy(),
            "municipal": municipal,
            "ratio": ratio.to_numpy(),
            "flagged": (ratio >= threshold).to_numpy(),
            "volume_share": volume_share.to_numpy(),
            "population_share": population_share.to_numpy(),
            "marginality": marginality.to_numpy(),
        }
    )


def indicators(frame: pd.DataFrame, params: Params, with_age: bool) -> pd.DataFrame:
    """The long indicator table for the municipality's areas in one year (all groups stacked)."""
    specs = SHARE_INDICATORS + (age_indicators(params) if with_age else ())
    parts = [share_indicator(frame, spec, params.threshold) for spec in specs]
    parts.append(income_indicator(frame, params.threshold))
    order = [s.group for s in specs[:2]] + ["low_income"] + [s.group for s in specs[2:]]
    table = pd.concat(parts, ignore_index=True)
    table["group"] = pd.Categorical(table["group"], categories=order, ordered=True)
    return table.sort_values(["group", "area_code"], ignore_index=True).astype({"group": str})


def area_flags(profiles: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """One row per area: location quotient, each group's ratio, marginality and flag, and the flag list."""
    wide = table.pivot(index="area_code", columns="group", values=["ratio", "marginality", "flagged"])
    wide.columns = [f"{group}_{measure}" for measure, group in wide.columns]
    groups = list(dict.fromkeys(table["group"]))
    flagged = table[table["flagged"]].groupby("area_code", sort=False)["group"].agg(list)
    out = profiles[["area_code", "area_name", "population", "lq_born_abroad", "omradestyp"]].merge(
        wide, left_on="area_code", right_index=True, how="left"
    )
    out["flags"] = [sorted(flagged.get(code, []), key=groups.index) for code in out["area_code"]]
    return out


def target_group_table(
    table: pd.DataFrame, profiles: pd.DataFrame, params: Params, area_type_year: int | None
) -> pd.DataFrame:
    """Rank the group × area pairs that are over-exposed (flagged) or carry more than their share.

    A pair enters when Kungälv's rule flags it or its marginality exceeds 1; areas of områdestyp
    1–2 enter as their own group. Flagged pairs come first, then by marginality, highest first.
    """
    rows = table[table["flagged"] | table["marginality"].gt(1)].copy()
    rows["reason"] = [_reason(row, params) for row in rows.itertuples(index=False)]
    rows = pd.concat([rows, _challenged_areas(profiles, params, area_type_year)], ignore_index=True)
    rows["label"] = [group_label(g, params) for g in rows["group"]]
    rows = rows.sort_values(
        ["flagged", "marginality"],
        ascending=[False, False],
        na_position="last",
        kind="stable",
        ignore_index=True,
    )
    rows.insert(0, "rank", np.arange(1, len(rows) + 1))
    return rows


def _challenged_areas(profiles: pd.DataFrame, params: Params, year: int | None) -> pd.DataFrame:
    """Rows for areas of områdestyp 1 or 2, with the published classification as the reason."""
    areas = profiles[profiles["omradestyp"].isin(CHALLENGED_TYPES)]
    reasons = [
        words("reason_omradestyp", params.lang, type=int(t), label=label, year=year)
        for t, label in zip(areas["omradestyp"], areas["omradestyp_label"], strict=True)
    ]
    return pd.DataFrame(
        {
            "group": "omradestyp",
            "area_code": areas["area_code"].to_numpy(),
            "area_name": areas["area_name"].to_numpy(),
            "value": areas["omradestyp"].to_numpy(dtype=float),
            "municipal": np.nan,
            "ratio": np.nan,
            "flagged": True,
            "volume_share": np.nan,
            "population_share": areas["population_share"].to_numpy(),
            "marginality": np.nan,
            "reason": reasons,
        }
    )


def group_label(group: str, params: Params) -> str:
    """The reader's name of a target group (``"senior_80"`` → ``"Äldre 80+"``)."""
    lo, hi = params.youth_ages
    if group.startswith("senior_"):
        return words("senior", params.lang, age=group.removeprefix("senior_"))
    return words(group, params.lang, lo=lo, hi=hi)


def _reason(row: object, params: Params) -> str:
    """A one-sentence reason, in the report language, why a group × area pair is listed."""
    lang, pct = params.lang, (lambda v: format_percent(v, 1, params.lang))
    flag = (
        words("flag_suffix", lang, threshold=format_number(params.threshold, 1, lang)) if row.flagged else ""
    )
    shares = {
        "ratio": format_number(row.ratio, 1, lang),
        "flag": flag,
        "volume_share": pct(row.volume_share),
        "population_share": pct(row.population_share),
    }
    if row.group == "low_income":
        return words(
            "reason_income",
            lang,
            value=format_number(row.value, 0, lang),
            municipal=format_number(row.municipal, 0, lang),
            **shares,
        )
    stem, extra = _group_stem(row.group, params)
    reason = words(
        "reason_share",
        lang,
        what=words(f"what_{stem}", lang, **extra),
        volume=words(f"volume_{stem}", lang, **extra),
        value=pct(row.value),
        municipal=pct(row.municipal),
        **shares,
    )
    if marginality_informative(row.group):
        reason += words("reason_marginality", lang, marginality=format_number(row.marginality, 2, lang))
    return reason


def _group_stem(group: str, params: Params) -> tuple[str, dict]:
    """The text-catalogue stem of a group and the values its templates need."""
    if group.startswith("senior_"):
        return "senior", {"age": group.removeprefix("senior_")}
    lo, hi = params.youth_ages
    return group, {"lo": lo, "hi": hi}
