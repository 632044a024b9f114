"""The target-group analysis: area profiles, segregation indices and their trend, flags, groups to invite.

Method sources: segregation indices as in PySAL ``segregation`` (Massey & Denton 1988; Reardon &
Firebaugh 2002), Kungälv's *Social översiktsplan steg 1* (KF 315/2015) for the 2× rule (applied there
to exclusion indicators, here as a composition screen) and the marginality measure, Boverket's
bostadsmarknadsenkät for the housing target groups (low income is labkit's addition).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

import labkit.methods.target_groups.flags as flags  # noqa: PLR0402 - the module, not its package
import labkit.methods.target_groups.housing as housing  # noqa: PLR0402
from labkit import indices
from labkit.charts import format_number
from labkit.data.dataset import shared
from labkit.methods.base import check_matches
from labkit.methods.target_groups.inputs import Inputs
from labkit.methods.target_groups.params import Params
from labkit.methods.target_groups.text import gap, words

#: Tenures of the multigroup indices, counted in dwellings ("uppgift saknas" is left out).
TENURES = ("hyresratt", "bostadsratt", "aganderatt")

#: Key of every index table: one row per municipality and year.
BY = ["kommun_kod", "year"]

#: Index columns of the trend, in report order.
INDEX_COLUMNS = (*indices.SINGLE_GROUP_INDICES, "multigroup_dissimilarity", "theil_h", "wage_gini")


@dataclass(frozen=True)
class Result:
    """Everything the target-group report shows (all tables are pandas DataFrames).

    Attributes
    ----------
    profiles : one row per area of the municipality in ``year``, ranked by share born abroad.
    comparison : the municipality, the other municipalities of the source and the region (all areas).
    municipalities : one row per municipality of the source in ``year`` with its profile and indices.
    trend : one row per year: every index, the random-allocation benchmark and bootstrap interval of
        each single-group index, and the change of the wage-income Gini since the first year.
    indicators : one row per target group and area: value, ratio to the municipality, Kungälv flag,
        share of volume, share of population and marginality.
    areas : one row per area: location quotient, ratios, marginalities and the list of flags.
    target_groups : ranked group × area pairs to invite, with a reason text.
    housing : the long housing-provision matrix (Boverket's groups × areas), gaps marked, never filled.
    gaps : the tables the matrix lacks and where SCB (or others) publish them.
    notes : Markdown paragraphs the report must show (small numbers, rules, gaps, synthetic data).
    """

    params: Params
    kommun_kod: str
    kommun: str
    year: int
    years: tuple[int, ...]
    level: str
    synthetic: bool
    age_available: bool
    area_type_year: int | None
    profiles: pd.DataFrame
    comparison: pd.DataFrame
    municipalities: pd.DataFrame
    trend: pd.DataFrame
    indicators: pd.DataFrame
    areas: pd.DataFrame
    target_groups: pd.DataFrame
    housing: pd.DataFrame
    gaps: pd.DataFrame
    notes: tuple[str, ...]

    @property
    def current(self) -> pd.Series:
        """The trend row of the chosen year."""
        return self.trend.set_index("year").loc[self.year]

    @property
    def small_numbers_note(self) -> str:
        """The note that values are not comparable across municipalities with different area counts."""
        return self.notes[0]

    def _repr_html_(self) -> str:
        from labkit.render import escape_html as escape

        summary = words(
            "summary",
            self.params.lang,
            kommun=self.kommun,
            kommun_kod=self.kommun_kod,
            year=self.year,
            n=len(self.profiles),
            population=format_number(self.profiles["population"].sum(), 0, self.params.lang),
        )
        return f"<p><b>{escape(summary)}</b></p>"


def analyse(inputs: Inputs, params: Params) -> Result:
    """Run the target-group analysis for one municipality.

    Parameters
    ----------
    inputs : Inputs
        From :func:`load_inputs`.
    params : Params
        The same parameters that built ``inputs``.

    Returns
    -------
    Result

    Raises
    ------
    ConfigError
        If ``params`` names another municipality than ``inputs``.
    """
    check_matches(inputs, params)
    current = inputs.panel[inputs.panel["year"] == inputs.year]
    local = current[current["kommun_kod"] == inputs.kommun_kod]
    every = shared(inputs.panel, "target_groups.all_indices", lambda: all_indices(inputs.panel))
    profiles = area_profiles(local)
    with_age, frame = _with_age(local, inputs, params)
    table = flags.indicators(frame, params, with_age)
    matrix = housing.housing_matrix(table, inputs.kommun_kod, params, with_age)
    trend = index_trend(inputs.local, every.loc[inputs.kommun_kod], params)
    return Result(
        params=params,
        kommun_kod=inputs.kommun_kod,
        kommun=inputs.kommun,
        year=inputs.year,
        years=inputs.years,
        level=inputs.level,
        synthetic=inputs.synthetic,
        age_available=with_age,
        area_type_year=inputs.area_type_year,
        profiles=profiles,
        comparison=compare(current, inputs.kommun_kod),
        municipalities=municipality_table(current, every),
        trend=trend,
        indicators=table,
        areas=flags.area_flags(profiles, table),
        target_groups=flags.target_group_table(table, profiles, params, inputs.area_type_year),
        housing=matrix,
        gaps=housing.gap_table(matrix, params),
        notes=_notes(inputs, params, trend, len(profiles), with_age),
    )


def all_indices(panel: pd.DataFrame) -> pd.DataFrame:
    """Every index for every municipality and year of the source at once, indexed by (kommun_kod, year)."""
    single = indices.single_group(panel, "born_abroad", "total", by=BY)
    multi = indices.multigroup(panel, list(TENURES), by=BY).drop(columns="n_areas")
    wage = indices.weighted_gini(panel, "mean_tkr", "total", by=BY).rename("wage_gini")
    return single.join(multi).join(wage)


def index_trend(local: pd.DataFrame, every: pd.DataFrame, params: Params) -> pd.DataFrame:
    """The municipality's indices per year with random-allocation benchmarks and bootstrap intervals."""
    random = indices.random_allocation(
        local, "born_abroad", "total", by=BY, n_sim=params.n_sim, seed=params.seed
    )
    boot = indices.bootstrap_interval(
        local, "born_abroad", "total", by=BY, n_boot=params.n_sim, seed=params.seed
    )
    trend = every.join(random.droplevel("kommun_kod")).join(boot.droplevel("kommun_kod")).reset_index()
    known = trend["wage_gini"].dropna()
    first = known.iloc[0] if len(known) else np.nan
    trend["wage_gini_change"] = trend["wage_gini"] - first
    trend["wage_gini_first_year"] = trend.loc[known.index[0], "year"] if len(known) else np.nan
    return trend


def area_profiles(local: pd.DataFrame) -> pd.DataFrame:
    """Population, share born abroad, tenure mix, wage income and områdestyp per area, ranked.

    Rank 1 is the area with the largest share born abroad. ``income_ratio`` is the area's mean
    wage income over the municipality's population-weighted mean.
    """
    frame = local.reset_index(drop=True)
    out = frame[
        [
            "area_code",
            "area_name",
            "total",
            "born_abroad",
            "dwellings",
            "mean_tkr",
            "omradestyp",
            "omradestyp_label",
        ]
    ].rename(columns={"total": "population"})
    with np.errstate(divide="ignore", invalid="ignore"):
        out["population_share"] = frame["total"] / frame["total"].sum()
        out["share_born_abroad"] = frame["born_abroad"] / frame["total"]
        for tenure in TENURES:
            out[f"share_{tenure}"] = frame[tenure] / frame["dwellings"]
        out["income_ratio"] = frame["mean_tkr"] / _weighted_mean(frame)
    out["lq_born_abroad"] = indices.location_quotients(
        frame, "born_abroad", "total", by="kommun_kod"
    ).to_numpy()
    out = out.sort_values("share_born_abroad", ascending=False, na_position="last", ignore_index=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out


def _weighted_mean(frame: pd.DataFrame) -> float:
    """Population-weighted mean of the area mean wage incomes, over areas with both figures."""
    valid = frame["mean_tkr"].notna() & frame["total"].gt(0)
    return float((frame["mean_tkr"] * frame["total"])[valid].sum() / frame["total"][valid].sum())


def aggregate(frame: pd.DataFrame, by: pd.Series) -> pd.DataFrame:
    """Profile figures of groups of areas: counts summed, shares and means over areas with known values."""
    total = frame["total"]
    parts = pd.DataFrame(
        {
            "n_areas": total.gt(0).astype(int),
            "population": total,
            "born_abroad": frame["born_abroad"],
            "total_ba": total.where(frame["born_abroad"].notna()),
            "dwellings": frame["dwellings"],
            "wage_sum": frame["mean_tkr"] * total,
            "wage_people": total.where(frame["mean_tkr"].notna()),
            "typed_people": total.where(frame["omradestyp"].notna()),
            "challenged_people": total.where(frame["omradestyp"].isin(flags.CHALLENGED_TYPES), 0.0),
            **{t: frame[t].where(frame["dwellings"].notna()) for t in TENURES},
        }
    )
    sums = parts.groupby(by, sort=True).sum(min_count=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = sums[["n_areas", "population"]].copy()
        out["share_born_abroad"] = sums["born_abroad"] / sums["total_ba"]
        for tenure in TENURES:
            out[f"share_{tenure}"] = sums[tenure] / sums["dwellings"]
        out["mean_tkr"] = sums["wage_sum"] / sums["wage_people"]
        out["share_pop_challenged"] = sums["challenged_people"] / sums["typed_people"]
    return out


def compare(current: pd.DataFrame, kommun_kod: str) -> pd.DataFrame:
    """The municipality, the other municipalities of the source together, and the region (all areas)."""
    scope = np.where(current["kommun_kod"] == kommun_kod, "municipality", "others")
    split = aggregate(current, pd.Series(scope, index=current.index)).reindex(["municipality", "others"])
    region = aggregate(current, pd.Series("region", index=current.index))
    table = pd.concat([split, region])
    table["n_areas"] = table["n_areas"].fillna(0).astype(int)
    return table.rename_axis("scope").reset_index()


def municipality_table(current: pd.DataFrame, every: pd.DataFrame) -> pd.DataFrame:
    """One row per municipality of the source in the chosen year: profile figures and every index."""
    year = int(current["year"].iloc[0])
    names = current.drop_duplicates("kommun_kod").set_index("kommun_kod")["kommun"]
    profile = aggregate(current, current["kommun_kod"])
    scores = every.xs(year, level="year")[list(INDEX_COLUMNS)]
    return profile.join(scores).join(names).rename_axis("kommun_kod").reset_index()


def _with_age(local: pd.DataFrame, inputs: Inputs, params: Params) -> tuple[bool, pd.DataFrame]:
    """Whether age groups can be computed for the chosen year, and the area frame with their counts."""
    if inputs.age is None or not (inputs.age["year"] == inputs.year).any():
        return False, local
    age = inputs.age[inputs.age["year"] == inputs.year]
    return True, flags.add_age_groups(local, age, params)


def _notes(
    inputs: Inputs, params: Params, trend: pd.DataFrame, n_areas: int, with_age: bool
) -> tuple[str, ...]:
    """The Markdown notes of the report; the small-numbers note is always first."""
    lang, row = params.lang, trend.set_index("year").loc[inputs.year]
    threshold = format_number(params.threshold, 1, lang)
    lo, hi = params.youth_ages
    seniors = ", ".join(f"{a}+" for a in params.senior_ages)
    notes = [
        words(
            "small_numbers",
            lang,
            kommun=inputs.kommun,
            n=n_areas,
            level=inputs.level,
            year=inputs.year,
            d_random=format_number(row["dissimilarity_random"], 3, lang),
            d=format_number(row["dissimilarity"], 3, lang),
        ),
        words("kungalv_rule", lang, threshold=threshold),
        words("income_rule", lang, threshold=threshold),
    ]
    if with_age:
        notes.append(words("age_used", lang, lo=lo, hi=hi, seniors=seniors))
    else:
        needed, where = gap("age", lang)
        notes.append(words("age_gap", lang, lo=lo, hi=hi, seniors=seniors, needed=needed, where=where))
    if inputs.area_type_year is not None:
        notes.append(words("area_type_year", lang, year=inputs.area_type_year))
    if inputs.synthetic:
        notes.append(words("synthetic", lang))
    return tuple(notes)
