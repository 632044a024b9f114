"""The accessibility analysis: travel times, access measures, equity by group and the housing-market split."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from labkit.charts import format_number
from labkit.methods.accessibility.equity import (
    concentration_by_type,
    distributions,
    group_weights,
    ratio_between,
)
from labkit.methods.accessibility.housing_market import decomposition, municipality_table
from labkit.methods.accessibility.inputs import Inputs
from labkit.methods.accessibility.measures import (
    capacity_measures,
    long_table,
    matrix_from_pairs,
    straight_line_minutes,
    within,
)
from labkit.methods.accessibility.measures import nearest as nearest_minutes
from labkit.methods.accessibility.params import SERVICE_TYPES, Params
from labkit.methods.accessibility.text import group_label, words
from labkit.methods.base import check_matches

#: The measure the summary, the equity tables and the key figures centre on.
MAIN_MEASURE = "nearest_minutes"


@dataclass(frozen=True)
class Result:
    """Everything the accessibility report shows.

    Attributes
    ----------
    areas : the municipality's areas with population, groups and point (``x``, ``y``).
    services : the services used (after the departures filter), SWEREF 99 TM.
    access : long table ``area_code, type, measure, value``; measures ``nearest_minutes`` (chosen mode or
        the matrix), ``nearest_minutes_walk`` and ``_cycle`` (straight line only), ``within_<t>``, ``2sfca``
        and ``gravity`` (capacity per 1 000 residents).
    summary : one row per service type: count, population-weighted mean minutes, shares within the
        thresholds, mean 2SFCA and gravity, ratio born abroad / born in Sweden, concentration index.
    distributions : population-weighted distributions by type, measure, grouping and group.
    worst : one Markdown sentence per type naming the worst area and groups.
    housing : tenure mix and Theil's H per municipality of the region, plus the region row.
    decomposition : the key figures of the Theil decomposition.
    notes : Markdown notes (synthetic data first).
    """

    params: Params
    kommun_kod: str
    kommun: str
    year: int
    travel: str
    areas: pd.DataFrame
    services: pd.DataFrame
    access: pd.DataFrame
    summary: pd.DataFrame
    distributions: pd.DataFrame
    worst: tuple[str, ...]
    housing: pd.DataFrame
    decomposition: dict
    notes: tuple[str, ...]
    synthetic: bool
    points_synthetic: bool
    services_synthetic: bool

    @property
    def access_available(self) -> bool:
        """True when at least one area had a point, so the access measures exist."""
        return not self.access.empty

    def _repr_html_(self) -> str:
        from labkit.render import escape_html as escape

        located = int(self.areas["x"].notna().sum())
        summary = words(
            "summary",
            self.params.lang,
            kommun=self.kommun,
            kommun_kod=self.kommun_kod,
            year=self.year,
            located=located,
            n=len(self.areas),
            services=len(self.services),
        )
        return f"<p><b>{escape(summary)}</b></p>"


def analyse(inputs: Inputs, params: Params) -> Result:
    """Run the accessibility analysis for one municipality.

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
    located = inputs.located.set_index("area_code")
    access = access_table(inputs, params, located) if len(located) else _empty_access()
    dist = distributions(access, group_weights(inputs.areas)) if len(access) else pd.DataFrame()
    table = municipality_table(inputs.region_dwellings)
    return Result(
        params=params,
        kommun_kod=inputs.kommun_kod,
        kommun=inputs.kommun,
        year=inputs.year,
        travel="od_matrix" if inputs.od_matrix is not None else params.mode,
        areas=inputs.areas,
        services=inputs.services,
        access=access,
        summary=summary_table(access, dist, inputs, params),
        distributions=dist,
        worst=worst_sentences(access, dist, inputs, params),
        housing=table,
        decomposition=decomposition(table, inputs.kommun_kod, inputs.region_name),
        notes=_notes(inputs, params, access),
        synthetic=inputs.synthetic,
        points_synthetic=inputs.points_synthetic,
        services_synthetic=inputs.services_synthetic,
    )


def _empty_access() -> pd.DataFrame:
    return pd.DataFrame(columns=["area_code", "type", "measure", "value"])


def travel_minutes(inputs: Inputs, params: Params, origins: pd.DataFrame, kmh: float) -> pd.DataFrame:
    """``origins`` (indexed by area code) × services minutes: from the matrix when there is one, else
    straight line at ``kmh``."""
    services = inputs.services.set_index("service_id")
    if inputs.od_matrix is not None:
        return matrix_from_pairs(inputs.od_matrix, origins.index, services.index)
    return straight_line_minutes(origins, services, params.detour, kmh)


def access_table(inputs: Inputs, params: Params, located: pd.DataFrame) -> pd.DataFrame:
    """Every measure for every located area and service type, as one long table."""
    types = inputs.services.set_index("service_id")["type"]
    minutes = travel_minutes(inputs, params, located, params.speed_kmh)
    parts = [long_table(nearest_minutes(minutes, types), MAIN_MEASURE)]
    if inputs.od_matrix is None:
        for mode, kmh in (("walk", params.walk_kmh), ("cycle", params.cycle_kmh)):
            wide = nearest_minutes(travel_minutes(inputs, params, located, kmh), types)
            parts.append(long_table(wide, f"nearest_minutes_{mode}"))
    for threshold in params.thresholds:
        parts.append(long_table(within(minutes, types, threshold), f"within_{threshold:g}"))
    demand = inputs.demand.set_index("area_code")
    capacity = capacity_measures(
        demand["total"].fillna(0.0),
        inputs.services,
        travel_minutes(inputs, params, demand, params.speed_kmh),
        params.catchment_minutes,
        params.gravity_beta,
    )
    parts.append(capacity[capacity["area_code"].isin(located.index)])
    table = pd.concat([p for p in parts if len(p)], ignore_index=True)
    order = {kind: i for i, kind in enumerate(SERVICE_TYPES)}
    return table.sort_values(
        ["type", "area_code"],
        key=lambda s: s.map(order) if s.name == "type" else s,
        kind="stable",
        ignore_index=True,
    )


def _weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    ok = np.isfinite(values.to_numpy(dtype=float)) & weights.notna().to_numpy() & (weights.to_numpy() > 0)
    return float(np.sum(values[ok] * weights[ok]) / weights[ok].sum()) if ok.any() else float("nan")


def share_within(nearest: pd.DataFrame, areas: pd.DataFrame, threshold: float) -> pd.Series:
    """Per type: the population share whose nearest service is at most ``threshold`` minutes away."""
    merged = nearest.merge(areas[["area_code", "total"]], on="area_code")
    merged = merged[merged["total"] > 0]
    hits = merged["total"].where(merged["value"] <= threshold, 0.0)
    return hits.groupby(merged["type"], sort=False).sum() / merged.groupby("type", sort=False)["total"].sum()


def summary_table(access: pd.DataFrame, dist: pd.DataFrame, inputs: Inputs, params: Params) -> pd.DataFrame:
    """One row per service type: count, mean minutes, shares within thresholds, capacity measures, equity."""
    if access.empty:
        return pd.DataFrame(columns=["type", "n_services"])
    nearest = access[access["measure"] == MAIN_MEASURE]
    weights = inputs.areas.set_index("area_code")["total"]
    types = list(dict.fromkeys(nearest["type"]))
    frame = pd.DataFrame({"type": types})
    local = inputs.services[inputs.services["in_municipality"]]
    frame["n_services"] = frame["type"].map(local["type"].value_counts()).fillna(0).astype(int)
    by_type = {k: part.set_index("area_code")["value"] for k, part in nearest.groupby("type", sort=False)}
    frame["mean_minutes"] = [_weighted_mean(by_type[k], weights.reindex(by_type[k].index)) for k in types]
    for threshold in sorted({*params.thresholds, 20.0}):
        frame[f"share_within_{threshold:g}"] = frame["type"].map(
            share_within(nearest, inputs.areas, threshold)
        )
    for measure in ("2sfca", "gravity"):
        rows = access[access["measure"] == measure]
        means = {
            k: _weighted_mean(p.set_index("area_code")["value"], weights.reindex(p["area_code"]))
            for k, p in rows.groupby("type", sort=False)
        }
        frame[f"mean_{measure}"] = frame["type"].map(means).astype(float)
    frame["ratio_born_abroad"] = (
        frame["type"].map(ratio_between(dist, MAIN_MEASURE, "born_abroad", "born_in_sweden")).astype(float)
    )
    frame["concentration_index"] = (
        frame["type"].map(concentration_by_type(access, inputs.areas, MAIN_MEASURE)).astype(float)
    )
    return frame


def _mode_text(travel: str, lang: str) -> str:
    return words(travel, lang)


def _worst_group(dist: pd.DataFrame, kind: str, grouping: str, lang: str) -> tuple[str, str]:
    rows = dist[(dist["type"] == kind) & (dist["measure"] == MAIN_MEASURE) & (dist["grouping"] == grouping)]
    if rows.empty:
        return "–", "–"
    row = rows.loc[rows["mean"].idxmax()]
    return group_label(str(row["group"]), lang), format_number(row["mean"], 1, lang)


def worst_sentences(
    access: pd.DataFrame, dist: pd.DataFrame, inputs: Inputs, params: Params
) -> tuple[str, ...]:
    """One Swedish (or English) sentence per service type naming the worst area and the worst groups."""
    if access.empty:
        return ()
    lang, nearest = params.lang, access[access["measure"] == MAIN_MEASURE]
    names = inputs.areas.set_index("area_code")["area_name"]
    travel = "od_matrix" if inputs.od_matrix is not None else params.mode
    sentences = []
    for kind, part in nearest.groupby("type", sort=False):
        worst = part.loc[part["value"].idxmax()]
        means = dist[(dist["type"] == kind) & (dist["measure"] == MAIN_MEASURE)].set_index("group")["mean"]
        abroad, sweden = means.get("born_abroad", np.nan), means.get("born_in_sweden", np.nan)
        worst_type, type_minutes = _worst_group(dist, kind, "omradestyp", lang)
        worst_tenure, tenure_minutes = _worst_group(dist, kind, "tenure", lang)
        sentences.append(
            words(
                "worst",
                lang,
                type=words(kind, lang).capitalize(),
                area=names[worst["area_code"]],
                minutes=_minutes(worst["value"], lang),
                mode=_mode_text(travel, lang),
                abroad=format_number(abroad, 1, lang),
                sweden=format_number(sweden, 1, lang),
                ratio=format_number(abroad / sweden if sweden else np.nan, 2, lang),
                worst_type=worst_type,
                worst_type_minutes=type_minutes,
                worst_tenure=worst_tenure,
                worst_tenure_minutes=tenure_minutes,
            )
        )
    return tuple(sentences)


def _minutes(value: float, lang: str) -> str:
    return words("unreachable", lang) if not np.isfinite(value) else format_number(value, 1, lang)


def _notes(inputs: Inputs, params: Params, access: pd.DataFrame) -> tuple[str, ...]:
    """The report's notes: synthetic data first, then missing points, travel cost and measure rules."""
    lang, notes = params.lang, []
    if inputs.located.empty:
        return (words("no_access", lang, n=len(inputs.areas), path=_file_name(inputs.points_path)),)
    if inputs.services_synthetic:
        notes.append(words("synthetic_services", lang, path=_file_name(inputs.services_path)))
    if inputs.points_synthetic:
        notes.append(words("synthetic_points", lang))
    missing = inputs.areas.loc[inputs.areas["x"].isna(), "area_code"].tolist()
    if missing:
        notes.append(
            words("missing_points", lang, n=len(missing), total=len(inputs.areas), codes=", ".join(missing))
        )
    if len(access):
        notes.extend(_measure_notes(inputs, params, access))
    return tuple(notes)


def _measure_notes(inputs: Inputs, params: Params, access: pd.DataFrame) -> list[str]:
    lang, notes = params.lang, []
    if inputs.od_matrix is not None:
        notes.append(words("travel_od", lang, path=_file_name(inputs.od_path)))
    else:
        notes.append(
            words(
                "travel_straight",
                lang,
                detour=format_number(params.detour, 2, lang),
                walk=format_number(params.walk_kmh, 1, lang),
                cycle=format_number(params.cycle_kmh, 1, lang),
                mode=words(params.mode, lang),
            )
        )
    capacity_types = list(dict.fromkeys(access.loc[access["measure"] == "2sfca", "type"]))
    if capacity_types:
        notes.append(
            words(
                "capacity_note",
                lang,
                types=", ".join(words(t, lang) for t in capacity_types),
                catchment=format_number(params.catchment_minutes, 0, lang),
                beta=format_number(params.gravity_beta, 1, lang),
                n_demand=len(inputs.demand),
            )
        )
    else:
        notes.append(words("no_capacity", lang))
    if inputs.dropped_stops:
        notes.append(
            words(
                "dropped_stops",
                lang,
                n=inputs.dropped_stops,
                min=format_number(params.min_departures, 0, lang),
            )
        )
    notes.append(words("concentration_note", lang))
    return notes


def _file_name(path: str) -> str:
    from pathlib import Path

    return f"`{Path(path).name}`"
