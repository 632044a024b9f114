"""The housing-provision analysis: needs matrix, gap table, check log and Boverket's survey scale.

Method sources: GR's *Riktlinjer för bostadsförsörjning* routine, lag (2000:1383) om kommunernas
bostadsförsörjningsansvar, and Boverket's bostadsmarknadsenkät (docs/METHODS.md). The Boverket
target group × area matrix of the source is the target-group method's (``target_groups.housing``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit.methods.base import check_matches
from labkit.methods.housing_provision.inputs import Inputs, legacy_count
from labkit.methods.housing_provision.kinds import GROUPS, LEGACY_GROUPS, PROCESSES, RATED_GROUPS, RATINGS
from labkit.methods.housing_provision.params import Params
from labkit.methods.housing_provision.text import GAPS
from labkit.perspectives import get_perspective

if TYPE_CHECKING:
    from labkit.methods.target_groups.analysis import Result as TargetGroups

#: Key of the needs matrix and the gap table.
KEYS = ["area_code", "group", "tenure", "size"]

#: Value of a tenure or size the record leaves open, and the group of projects not earmarked.
UNSPECIFIED, NOT_EARMARKED = "unspecified", "not_earmarked"


@dataclass(frozen=True)
class Result:
    """Everything the housing-provision report shows.

    Attributes
    ----------
    needs : one row per district × target group × tenure × size: need (dwellings), departments, entries.
    planned : the same key (group ``not_earmarked`` for general projects): planned dwellings, projects.
    gaps : need, planned (earmarked) and gap = need − planned per district × group × tenure × size.
    totals : per district: need, planned (all projects) and gap.
    checks : the dated log of checks, oldest first; ``check_summary`` one row per planning process.
    scale : per rated group: the survey answer of the latest year and the state computed from the gaps.
    data_gaps : what the sources lack (from the target-group matrix, plus dwelling and household size).
    legacy_records : records that still hold ``nyanlanda`` (newly arrived, assigned and settled on their own
        together), from a journal written before Boverket's split; they are reported as their own group.
    target_groups : the target-group method's Result, or None with ``upstream_reason`` saying why.
    """

    params: Params
    kommun_kod: str
    kommun: str
    year: int
    synthetic: bool
    origin: str
    planned_origin: str
    location: str
    focus_groups: tuple[str, ...]
    areas: pd.DataFrame
    stock: pd.DataFrame
    target_groups: TargetGroups | None
    upstream_reason: str
    needs: pd.DataFrame
    planned: pd.DataFrame
    gaps: pd.DataFrame
    totals: pd.DataFrame
    checks: pd.DataFrame
    check_summary: pd.DataFrame
    scale: pd.DataFrame
    data_gaps: pd.DataFrame
    legacy_records: int = 0


def analyse(inputs: Inputs, params: Params) -> Result:
    """Run the housing-provision analysis for one municipality (pure: no disk IO).

    Raises
    ------
    ConfigError
        If ``params`` names another municipality than ``inputs``.
    """
    check_matches(inputs, params)
    needs = needs_matrix(inputs.records["housing_need"], inputs.kommun_kod)
    planned = planned_table(inputs.records["planned_project"], inputs.kommun_kod)
    gaps = gap_table(needs, planned)
    totals = district_totals(needs, planned)
    checks = check_log(inputs.records["provision_check"])
    preset = get_perspective(params.perspektiv)
    legacy = legacy_count(inputs.records)
    return Result(
        params=params,
        kommun_kod=inputs.kommun_kod,
        kommun=inputs.kommun,
        year=inputs.year,
        synthetic=inputs.synthetic,
        origin=inputs.origin,
        planned_origin=inputs.planned_origin,
        location=inputs.location,
        focus_groups=preset.housing_groups if preset else (*GROUPS, *(LEGACY_GROUPS if legacy else ())),
        areas=inputs.areas,
        stock=inputs.stock,
        target_groups=inputs.target_groups,
        upstream_reason=inputs.upstream_reason,
        needs=needs,
        planned=planned,
        gaps=gaps,
        totals=totals,
        checks=checks,
        check_summary=check_summary(checks),
        scale=survey_scale(inputs.records["market_rating"], gaps, totals, params.tolerance),
        data_gaps=data_gaps(None if inputs.target_groups is None else inputs.target_groups.gaps, params.lang),
        legacy_records=legacy,
    )


def _keyed(frame: pd.DataFrame, kommun_kod: str) -> pd.DataFrame:
    """Records with the matrix key filled: no area is the whole municipality, no tenure or size is
    unspecified."""
    out = pd.DataFrame(
        {
            "area_code": frame["area"].astype(object).where(frame["area"].notna(), kommun_kod),
            "group": frame["target_group"].astype(object).where(frame["target_group"].notna(), NOT_EARMARKED),
            "tenure": frame["tenure"].astype(object).where(frame["tenure"].notna(), UNSPECIFIED),
            "size": frame["size"].astype(object).where(frame["size"].notna(), UNSPECIFIED),
            "dwellings": frame["dwellings"].astype(float),
        }
    )
    return out


def needs_matrix(needs: pd.DataFrame, kommun_kod: str) -> pd.DataFrame:
    """Sum the departments' needs per district × target group × tenure × size, listing the departments."""
    keyed = _keyed(needs, kommun_kod).assign(department=needs["department"].astype(object).to_numpy())
    grouped = keyed.groupby(KEYS, sort=True)
    out = grouped.agg(need=("dwellings", "sum"), entries=("dwellings", "size"))
    out["departments"] = grouped["department"].agg(lambda s: ", ".join(sorted(set(s))))
    return out.reset_index()[[*KEYS, "need", "departments", "entries"]]


def planned_table(projects: pd.DataFrame, kommun_kod: str) -> pd.DataFrame:
    """Planned dwellings per district × target group (or not earmarked) × tenure × size."""
    keyed = _keyed(projects, kommun_kod)
    out = keyed.groupby(KEYS, sort=True).agg(planned=("dwellings", "sum"), projects=("dwellings", "size"))
    return out.reset_index()


def gap_table(needs: pd.DataFrame, planned: pd.DataFrame) -> pd.DataFrame:
    """Need minus earmarked planned supply per district × group × tenure × size (missing sides count 0)."""
    earmarked = planned[planned["group"] != NOT_EARMARKED]
    out = needs[[*KEYS, "need"]].merge(earmarked[[*KEYS, "planned"]], on=KEYS, how="outer")
    out[["need", "planned"]] = out[["need", "planned"]].fillna(0.0)
    out["gap"] = out["need"] - out["planned"]
    return out.sort_values(KEYS, ignore_index=True)


def district_totals(needs: pd.DataFrame, planned: pd.DataFrame) -> pd.DataFrame:
    """Per district: all needs, all planned dwellings (earmarked or not) and the gap."""
    need = needs.groupby("area_code")["need"].sum()
    supply = planned.groupby("area_code")["planned"].sum()
    out = pd.concat([need, supply], axis=1).fillna(0.0).sort_index()
    out["gap"] = out["need"] - out["planned"]
    return out.rename_axis("area_code").reset_index()


def check_log(checks: pd.DataFrame) -> pd.DataFrame:
    """The dated log of checks, oldest first (ties in the order they were written)."""
    columns = ["date", "process", "case", "departments", "conclusion", "responsible", "note"]
    out = checks[columns].copy()
    out["date"] = pd.to_datetime(out["date"]).dt.date
    return out.sort_values("date", kind="stable", ignore_index=True)


def check_summary(log: pd.DataFrame) -> pd.DataFrame:
    """One row per planning process: number of checks, the latest date and checks that changed the needs."""
    rows = []
    for process in PROCESSES:
        part = log[log["process"] == process]
        rows.append(
            {
                "process": process,
                "checks": len(part),
                "last_check": part["date"].max() if len(part) else None,
                "changed": int((part["conclusion"] != "behovet gäller").sum()),
            }
        )
    return pd.DataFrame(rows)


def rate(need: float, planned: float, tolerance: float) -> str | None:
    """Boverket's scale from planned/need: below 1 − tolerance underskott, above 1 + tolerance överskott.

    None when there is no need to compare with.
    """
    if not need > 0:
        return None
    ratio = planned / need
    return RATINGS[0] if ratio < 1 - tolerance else RATINGS[2] if ratio > 1 + tolerance else RATINGS[1]


def _reported(ratings: pd.DataFrame) -> pd.DataFrame:
    """The latest survey year's rating per group (the last written record counts within a year)."""
    ordered = ratings.sort_values(["year", "created"], kind="stable")
    latest = ordered.drop_duplicates("group", keep="last").set_index("group")
    return latest[["rating", "year"]]


def survey_scale(
    ratings: pd.DataFrame, gaps: pd.DataFrame, totals: pd.DataFrame, tolerance: float
) -> pd.DataFrame:
    """Per rated group: the reported rating and year, need, planned, planned/need and the computed state.

    A journal written before the split of newly arrived adds a row for ``nyanlanda`` (the two together)
    when its records hold that group.
    """
    reported = _reported(ratings)
    by_group = gaps.groupby("group")[["need", "planned"]].sum()
    present = set(ratings["group"].dropna()) | set(by_group.index)
    rows = []
    for group in (*RATED_GROUPS, *(g for g in LEGACY_GROUPS if g in present)):
        need, planned = (
            (totals["need"].sum(), totals["planned"].sum())
            if group == "hela_marknaden"
            else tuple(by_group.loc[group])
            if group in by_group.index
            else (0.0, 0.0)
        )
        rows.append(
            {
                "group": group,
                "reported": reported["rating"].get(group),
                "reported_year": reported["year"].get(group),
                "need": float(need),
                "planned": float(planned),
                "ratio": planned / need if need > 0 else np.nan,
                "computed": rate(need, planned, tolerance),
            }
        )
    return pd.DataFrame(rows)


def data_gaps(source_gaps: pd.DataFrame | None, lang: str) -> pd.DataFrame:
    """The target-group matrix's gaps (none when that result is missing) plus dwelling and household size,
    numbered from 1."""
    own = pd.DataFrame(
        [
            {"gap": key, "needed": GAPS[key][lang][0], "where": GAPS[key][lang][1], "groups": ""}
            for key in GAPS
        ]
    )
    parts = [own] if source_gaps is None else [source_gaps[["gap", "needed", "where", "groups"]], own]
    out = pd.concat(parts, ignore_index=True)
    out.insert(0, "mark", np.arange(1, len(out) + 1))
    return out
