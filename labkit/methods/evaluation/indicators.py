"""GR's definition of social sustainability as indicators where the source has the data, and its gaps.

Method source: GR, *Indikatorer för social hållbarhet* (equal access to housing and living environments,
recreation, service and public transport; trust and cohesion through participation, meeting places and
connecting paths; followed over time and space and by group); segregation indices as in ``labkit.indices``;
områdestyp from SCB/Delmos.

Wage income: each area's mean is SCB's own, but SCB averages over the persons of its income base (people with
a registered income in the table's age band), which the exports do not give. The municipality's and region's
mean wage and the wage Gini therefore weight the areas by their whole population, children included: an
approximation, labelled as such wherever shown (see :data:`APPROXIMATE`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit import indices, likert

#: Indicators of the overview, in report order: name, GR dimension.
INDICATORS = (
    ("share_hyresratt", "housing"),
    ("tenure_theil_h", "housing"),
    ("mean_tkr", "income"),
    ("wage_gini", "income"),
    ("share_pop_challenged", "area_type"),
    ("share_born_abroad", "segregation"),
    ("dissimilarity", "segregation"),
)

#: Indicators weighted by the whole population where the income table's own base is not in the source.
APPROXIMATE = ("mean_tkr", "wage_gini")

#: Area types counted as "områden med socioekonomiska utmaningar" (Delmos types 1 and 2).
CHALLENGED = (1.0, 2.0)

#: Tenures of the multigroup index (dwellings with unknown tenure are left out).
TENURES = ("hyresratt", "bostadsratt", "aganderatt")

#: Data gaps of GR's definition that no canonical table fills (keys into the text catalogue); services data
#: fill the first four (see ``evaluation.access``).
ALWAYS_MISSING = ("service", "green", "transport", "trust", "meeting", "safety")


def _sums(frame: pd.DataFrame, key: pd.Series) -> pd.DataFrame:
    """Shares and population-weighted means of groups of areas (areas with known values only)."""
    total = frame["total"]
    parts = pd.DataFrame(
        {
            "population": total,
            "born_abroad": frame["born_abroad"],
            "total_ba": total.where(frame["born_abroad"].notna()),
            "hyresratt": frame["hyresratt"].where(frame["dwellings"].notna()),
            "dwellings": frame["dwellings"],
            "wage_sum": frame["mean_tkr"] * total,
            "wage_people": total.where(frame["mean_tkr"].notna()),
            "typed": total.where(frame["omradestyp"].notna()),
            "challenged": total.where(frame["omradestyp"].isin(CHALLENGED), 0.0).where(
                frame["omradestyp"].notna()
            ),
        }
    )
    sums = parts.groupby([key.rename("scope_key"), frame["year"]]).sum(min_count=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return pd.DataFrame(
            {
                "population": sums["population"],
                "share_hyresratt": sums["hyresratt"] / sums["dwellings"],
                "mean_tkr": sums["wage_sum"] / sums["wage_people"],
                "share_pop_challenged": sums["challenged"] / sums["typed"],
                "share_born_abroad": sums["born_abroad"] / sums["total_ba"],
            }
        )


def _indices(frame: pd.DataFrame, key: pd.Series) -> pd.DataFrame:
    """Tenure Theil H, wage Gini and dissimilarity (born abroad) per group of areas and year."""
    data = frame.assign(scope_key=key.to_numpy())
    by = ["scope_key", "year"]
    theil = indices.multigroup(data, list(TENURES), by=by)["theil_h"].rename("tenure_theil_h")
    gini = indices.weighted_gini(data, "mean_tkr", "total", by=by).rename("wage_gini")
    single = indices.single_group(data, "born_abroad", "total", by=by)[["dissimilarity", "n_areas"]]
    return pd.concat([theil, gini, single], axis=1)


def overview(panel: pd.DataFrame, kommun_kod: str) -> pd.DataFrame:
    """One row per scope (``municipality``, ``region``) and year with every indicator of :data:`INDICATORS`.

    The region is every area of the source taken together.
    """
    local = panel[panel["kommun_kod"] == kommun_kod]
    parts = []
    for scope, frame in (("municipality", local), ("region", panel)):
        key = pd.Series(scope, index=frame.index)
        parts.append(_sums(frame, key).join(_indices(frame, key)))
    table = pd.concat(parts).rename_axis(["scope", "year"]).reset_index()
    return table[["scope", "year", "n_areas", "population", *(name for name, _dim in INDICATORS)]]


def area_table(panel: pd.DataFrame, kommun_kod: str) -> pd.DataFrame:
    """The municipality's areas year by year: population, tenure mix, born abroad, wage income, area type."""
    local = panel[panel["kommun_kod"] == kommun_kod]
    columns = [
        "area_code",
        "area_name",
        "year",
        "total",
        "share_hyresratt",
        "share_born_abroad",
        "mean_tkr",
        "omradestyp",
    ]
    return local[columns].rename(columns={"total": "population"}).reset_index(drop=True)


def participation(participants: pd.DataFrame, panel: pd.DataFrame, kommun_kod: str) -> dict:
    """Who took part: participants, the share living in områdestyp 1-2 and its ratio to the population share.

    Counts under :data:`labkit.likert.MIN_GROUP` are suppressed (returned as None with ``suppressed`` True).
    """
    local = panel[panel["kommun_kod"] == kommun_kod]
    latest = local[local["year"] == local["year"].max()]
    types = latest.set_index("area_code")["omradestyp"]
    known = participants["area_code"].dropna()
    known = known[known.isin(types.index)]
    typed = types.reindex(known).dropna()
    population_share = _challenged_share(latest)
    n, n_area = len(participants), len(typed)
    if n_area < likert.MIN_GROUP:
        return {
            "participants": None if n < likert.MIN_GROUP else n,
            "with_area": None,
            "share_challenged": None,
            "population_share_challenged": population_share,
            "representation_ratio": None,
            "suppressed": True,
        }
    share = float(typed.isin(CHALLENGED).mean())
    ratio = share / population_share if population_share else None
    return {
        "participants": n,
        "with_area": n_area,
        "share_challenged": share,
        "population_share_challenged": population_share,
        "representation_ratio": ratio,
        "suppressed": False,
    }


def _challenged_share(latest: pd.DataFrame) -> float | None:
    typed = latest[latest["omradestyp"].notna()]
    if typed["total"].sum() <= 0:
        return None
    return float(typed.loc[typed["omradestyp"].isin(CHALLENGED), "total"].sum() / typed["total"].sum())


def data_gaps(
    extra: tuple[str, ...], participants_origin: str, *, covered: tuple[str, ...] = ()
) -> list[str]:
    """Keys of the indicators GR's definition needs that the source lacks (see the text catalogue).

    ``covered`` names the gaps that services data fill (``service``, ``transport``, ``green``, ``meeting``);
    they are left out.
    """
    # The indicators are not yet broken down by gender, age, education or employment, even where
    # ``extra`` holds age or education tables, so "groups" stays a gap until that is built.
    gaps = [gap for gap in ALWAYS_MISSING if gap not in covered] + ["groups"]
    if participants_origin in ("none", "example"):
        gaps.append("participation")
    return gaps
