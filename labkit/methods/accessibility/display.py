"""Tables and charts of an accessibility result that a notebook cell just ends with (Swedish by default)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit import charts, render
from labkit.charts import format_number, format_percent
from labkit.errors import ConfigError
from labkit.methods.accessibility.analysis import MAIN_MEASURE, Result
from labkit.methods.accessibility.equity import GROUPINGS
from labkit.methods.accessibility.inputs import TENURES
from labkit.methods.accessibility.params import SERVICE_TYPES
from labkit.methods.accessibility.text import group_label, words

if TYPE_CHECKING:
    from IPython.display import Markdown
    from matplotlib.axes import Axes
    from pandas.io.formats.style import Styler

Formatter = Callable[[object], str]


def _num(lang: str, decimals: int) -> Formatter:
    return lambda v: (
        "–"
        if v is None or pd.isna(v)
        else (words("unreachable", lang) if np.isinf(float(v)) else format_number(float(v), decimals, lang))
    )


def _pct(lang: str) -> Formatter:
    return lambda v: "–" if v is None or pd.isna(v) else format_percent(float(v), 0, lang)


def _table(frame: pd.DataFrame, columns: dict[str, tuple[str, Formatter | None]], lang: str = "sv") -> Styler:
    """Format ``columns`` (name → (header, formatter)) of ``frame`` as text; hide the index."""
    return render.table(
        frame,
        lang=lang,
        columns={c: header for c, (header, _fmt) in columns.items()},
        formats={c: fmt for c, (_header, fmt) in columns.items() if fmt},
    )


def _check_type(result: Result, kind: str) -> None:
    if kind not in SERVICE_TYPES:
        raise ConfigError(
            "unknown service type",
            column="type",
            expected="one of " + ", ".join(SERVICE_TYPES),
            found=repr(kind),
        )


def show_summary(result: Result) -> Styler | Markdown:
    """Per service type: count, mean time to the nearest, shares within the thresholds, capacity measures and
    the equity figures."""
    lang = result.params.lang
    if not result.access_available:
        return show_notes(result)
    frame = result.summary.assign(type=[words(t, lang) for t in result.summary["type"]])
    columns: dict[str, tuple[str, Formatter | None]] = {
        "type": (words("type", lang), None),
        "n_services": (words("n_services", lang), None),
        "mean_minutes": (words("mean_minutes", lang), _num(lang, 1)),
    }
    for column in [c for c in frame.columns if c.startswith("share_within_")]:
        columns[column] = (words("share_within", lang, t=column.removeprefix("share_within_")), _pct(lang))
    columns |= {
        "mean_2sfca": (words("2sfca", lang), _num(lang, 1)),
        "mean_gravity": (words("gravity", lang), _num(lang, 1)),
        "ratio_born_abroad": (words("ratio_born_abroad", lang), _num(lang, 2)),
        "concentration_index": (words("concentration_index", lang), _num(lang, 3)),
    }
    return _table(frame, columns, lang)


def area_table(result: Result, kind: str) -> pd.DataFrame:
    """One row per area for service type ``kind``: name, population and every measure (wide)."""
    rows = result.access[result.access["type"] == kind]
    wide = rows.pivot_table(index="area_code", columns="measure", values="value", aggfunc="first")
    order = [m for m in (MAIN_MEASURE, "nearest_minutes_walk", "nearest_minutes_cycle") if m in wide.columns]
    order += [m for m in wide.columns if m.startswith("within_")] + [
        m for m in ("2sfca", "gravity") if m in wide
    ]
    frame = result.areas[["area_code", "area_name", "total"]].merge(
        wide[order], left_on="area_code", right_index=True
    )
    return frame.sort_values(MAIN_MEASURE, ascending=False, ignore_index=True)


def show_areas(result: Result, kind: str = "") -> Styler | Markdown:
    """The areas for one service type (default the ``map_type`` parameter), longest time first."""
    kind = kind or result.params.map_type
    _check_type(result, kind)
    lang = result.params.lang
    if not result.access_available:
        return show_notes(result)
    frame = area_table(result, kind)
    columns: dict[str, tuple[str, Formatter | None]] = {
        "area_name": (words("area", lang), None),
        "total": (words("population", lang), _num(lang, 0)),
    }
    for measure in [c for c in frame.columns if c not in ("area_code", "area_name", "total")]:
        header = (
            words("within_count", lang, t=measure.removeprefix("within_"))
            if measure.startswith("within_")
            else words(measure, lang)
        )
        columns[measure] = (header, _num(lang, 0 if measure.startswith("within_") else 1))
    return _table(frame, columns, lang)


def show_equity(result: Result, measure: str = MAIN_MEASURE) -> Styler | Markdown:
    """Population-weighted distribution of ``measure`` by type and group (mean and percentiles)."""
    lang = result.params.lang
    if not result.access_available:
        return show_notes(result)
    frame = result.distributions[result.distributions["measure"] == measure]
    frame = frame.assign(
        type=[words(t, lang) for t in frame["type"]],
        grouping=[words(g, lang) for g in frame["grouping"]],
        group=[group_label(g, lang) for g in frame["group"]],
    )
    decimals = 1 if measure.startswith("nearest") else 2
    columns = {
        "type": (words("type", lang), None),
        "grouping": (words("grouping", lang), None),
        "group": (words("group", lang), None),
        "population": (words("population", lang), _num(lang, 0)),
        **{c: (words(c, lang), _num(lang, decimals)) for c in ("mean", "p10", "p50", "p90")},
    }
    return _table(frame, columns, lang)


def show_worst(result: Result) -> Markdown:
    """One sentence per service type naming the area and the groups with the longest times."""
    return render.markdown("\n\n".join(result.worst) if result.worst else "\n\n".join(result.notes))


def show_notes(result: Result) -> Markdown:
    """The report's notes (synthetic data first) as Markdown."""
    return render.markdown("\n\n".join(result.notes))


def show_tenure_mix(result: Result) -> Styler:
    """Tenure mix, Theil's H and the between/within parts for each municipality of the region and the
    region."""
    lang = result.params.lang
    frame = result.housing.assign(
        kommun=[
            words("region", lang) if k == "region" else n
            for k, n in zip(result.housing["kommun_kod"], result.housing["kommun"], strict=True)
        ]
    )
    columns = {
        "kommun": (words("kommun", lang), None),
        "n_areas": (words("n_areas", lang), None),
        "dwellings": (words("dwellings", lang), _num(lang, 0)),
        **{f"share_{t}": (words(f"share_{t}", lang), _pct(lang)) for t in TENURES},
        "theil_h": (words("theil_h", lang), _num(lang, 4)),
        "between": (words("between", lang), _num(lang, 4)),
        "within": (words("within", lang), _num(lang, 4)),
    }
    return _table(frame, columns, lang)


def region_note(result: Result) -> Markdown:
    """Which municipalities make up the region, how to read Theil's H, and why a between-term can be
    negative."""
    lang = result.params.lang
    names = ", ".join(
        n
        for k, n in zip(result.housing["kommun_kod"], result.housing["kommun"], strict=True)
        if k != "region"
    )
    text = words(
        "region_note",
        lang,
        region_text=words(f"region_{_region_key(result)}", lang),
        names=render.escape_markdown(names),
        n=int(result.decomposition["n_areas"]),
    )
    municipalities = result.housing[result.housing["kommun_kod"] != "region"]
    negative = municipalities.loc[municipalities["between"] < 0, "kommun"].astype(str).tolist()
    if negative:
        text += "\n\n" + words("negative_between", lang, names=render.escape_markdown(", ".join(negative)))
    return render.markdown(text + ("\n\n" + words("synthetic_areas", lang) if result.synthetic else ""))


def _region_key(result: Result) -> str:
    region = result.decomposition["region"]
    return "names" if region == "GR" else region


def plot_access_map(result: Result, kind: str = "", ax: Axes | None = None) -> Axes:
    """Area points coloured by the time to the nearest ``kind`` over the municipality polygon, with the
    services of that type as markers."""
    from labkit import geo

    kind = kind or result.params.map_type
    _check_type(result, kind)
    lang = result.params.lang
    ax = charts.axes(ax, figsize=(7.0, 7.0))
    polygons = geo.municipalities_sweref()
    own = polygons[polygons["kommun_kod"] == result.kommun_kod]
    polygons.plot(ax=ax, color="#f7f7f7", edgecolor="#bbbbbb", linewidth=0.5)
    own.plot(ax=ax, color="#e6e6e6", edgecolor="#333333", linewidth=1.2)
    _zoom(ax, own.total_bounds)
    if result.access_available:
        frame = area_table(result, kind).merge(result.areas[["area_code", "x", "y"]], on="area_code")
        points = ax.scatter(
            frame["x"],
            frame["y"],
            c=frame[MAIN_MEASURE],
            s=18 + frame["total"] / 80,
            cmap=charts.SEQUENTIAL_CMAP,
            edgecolor="black",
            linewidth=0.5,
            zorder=3,
        )
        ax.figure.colorbar(points, ax=ax, shrink=0.6, label=words("nearest_minutes", lang))
        _plot_services(result, kind, ax)
    ax.set_title(words("map_title", lang, type=words(kind, lang), mode=words(result.travel, lang)))
    ax.set_axis_off()
    return ax


def _plot_services(result: Result, kind: str, ax: Axes) -> None:
    services = result.services[result.services["type"] == kind]
    key = "services_marker" if result.services_synthetic else "services_marker_real"
    ax.scatter(
        services["x"],
        services["y"],
        marker="P",
        s=60,
        color=charts.PALETTE[5],
        edgecolor="white",
        linewidth=0.6,
        zorder=4,
        label=words(key, result.params.lang, type=words(kind, result.params.lang)),
    )
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), fontsize="small", frameon=False)


def _zoom(ax: Axes, bounds: np.ndarray, margin: float = 0.08) -> None:
    """Limit ``ax`` to ``bounds`` (xmin, ymin, xmax, ymax) plus a relative margin."""
    xmin, ymin, xmax, ymax = bounds
    pad = margin * max(xmax - xmin, ymax - ymin)
    ax.set_xlim(xmin - pad, xmax + pad)
    ax.set_ylim(ymin - pad, ymax + pad)


def plot_distributions(
    result: Result, kind: str = "", grouping: str = "born_abroad", ax: Axes | None = None
) -> Axes:
    """Population-weighted cumulative distribution of the time to the nearest ``kind``, one line per group.

    Raises
    ------
    ConfigError
        If ``grouping`` is not one of born_abroad, omradestyp, tenure.
    """
    kind = kind or result.params.map_type
    _check_type(result, kind)
    if grouping not in GROUPINGS:
        raise ConfigError(
            "unknown grouping",
            column="grouping",
            expected="one of " + ", ".join(GROUPINGS),
            found=repr(grouping),
        )
    lang = result.params.lang
    ax = charts.axes(ax, figsize=(7.0, 4.0))
    if result.access_available:
        _ecdf_lines(result, kind, grouping, ax)
    ax.set_xlabel(words("minutes_axis", lang, type=words(kind, lang), mode=words(result.travel, lang)))
    ax.set_ylabel(words("share_of_population", lang))
    charts.percent_axis(ax, "y", 0, lang)
    return ax


def _ecdf_lines(result: Result, kind: str, grouping: str, ax: Axes) -> None:
    from labkit.methods.accessibility.equity import group_weights

    rows = result.access[(result.access["type"] == kind) & (result.access["measure"] == MAIN_MEASURE)]
    weights = group_weights(result.areas)
    merged = rows.merge(weights[weights["grouping"] == grouping], on="area_code")
    merged = merged[np.isfinite(merged["value"].astype(float)) & (merged["weight"] > 0)]
    for colour, (group, part) in zip(charts.PALETTE, merged.groupby("group", sort=True), strict=False):
        part = part.sort_values("value")
        share = part["weight"].cumsum() / part["weight"].sum()
        ax.step(
            [0.0, *part["value"]],
            [0.0, *share],
            where="post",
            color=colour,
            label=group_label(str(group), result.params.lang),
        )
    for threshold in result.params.thresholds:
        ax.axvline(threshold, color="grey", linestyle=":", linewidth=1)
    ax.legend(fontsize="small")


def plot_decomposition(result: Result, ax: Axes | None = None) -> Axes:
    """Theil's H of tenure in the region as one stacked bar: the between part, this municipality's within
    part and the other municipalities' within parts."""
    lang = result.params.lang
    ax = charts.axes(ax, figsize=(7.0, 2.6))
    dec = result.decomposition
    own = 0.0 if np.isnan(dec["contribution"]) else dec["contribution"]
    parts = [
        (words("between_part", lang), dec["theil_h_between"], charts.PALETTE[1]),
        (words("within_part", lang, kommun=result.kommun), own, charts.PALETTE[0]),
        (words("within_others", lang), dec["theil_h_within"] - own, charts.PALETTE[4]),
    ]
    left = 0.0
    for label, value, colour in parts:
        ax.barh([0], [value], left=left, color=colour, label=f"{label}: {format_number(value, 4, lang)}")
        left += value
    ax.set_yticks([])
    ax.set_xlabel("Theils H" if lang == "sv" else "Theil's H")
    ax.set_title(words("decomposition_title", lang, region=words(f"region_{_region_key(result)}", lang)))
    charts.number_axis(ax, "x", 3, lang)
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.45), ncol=3, frameon=False)
    return ax
