"""Tables and charts of a target-group result that a notebook cell just ends with (Swedish by default)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit import charts, indices, render
from labkit.charts import format_number, format_percent
from labkit.methods.target_groups.analysis import Result
from labkit.methods.target_groups.flags import group_label, marginality_informative
from labkit.methods.target_groups.text import words

if TYPE_CHECKING:
    from IPython.display import Markdown
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from pandas.io.formats.style import Styler

Formatter = Callable[[object], str]

#: Indices a region map can show.
MAP_INDICES = (
    *indices.SINGLE_GROUP_INDICES,
    "multigroup_dissimilarity",
    "theil_h",
    "wage_gini",
    "share_born_abroad",
)


def _lang(result: Result) -> str:
    return result.params.lang


def _pct(lang: str, decimals: int = 1) -> Formatter:
    return lambda v: format_percent(v, decimals, lang)


def _num(lang: str, decimals: int) -> Formatter:
    return lambda v: format_number(v, decimals, lang)


def _table(
    frame: pd.DataFrame, columns: dict[str, Formatter | None], lang: str, labels: dict[str, str] | None = None
) -> Styler:
    """Format ``columns`` of ``frame`` as text under reader labels; hide the index."""
    labels = labels or {}
    return render.table(
        frame,
        lang=lang,
        columns={c: labels[c] if c in labels else words(c, lang) for c in columns},
        formats={c: fmt for c, fmt in columns.items() if fmt},
    )


def show_profiles(result: Result) -> Styler:
    """The ranked area profile table: population, share born abroad, tenure mix, wage income, area type."""
    lang = _lang(result)
    columns = {
        "rank": None,
        "area_name": None,
        "population": _num(lang, 0),
        "share_born_abroad": _pct(lang),
        "lq_born_abroad": _num(lang, 2),
        "share_hyresratt": _pct(lang),
        "share_bostadsratt": _pct(lang),
        "share_aganderatt": _pct(lang),
        "mean_tkr": _num(lang, 1),
        "income_ratio": _num(lang, 2),
        "omradestyp_label": lambda v: charts.label("no_data", lang) if pd.isna(v) else str(v),
    }
    return _table(result.profiles, columns, lang, {"area_name": words("area", lang)})


def show_comparison(result: Result) -> Styler:
    """The municipality against the other municipalities of the source and the region."""
    lang = _lang(result)
    frame = result.comparison.assign(scope=[words(s, lang) for s in result.comparison["scope"]])
    columns = {
        "scope": None,
        "n_areas": None,
        "population": _num(lang, 0),
        "share_born_abroad": _pct(lang),
        "share_hyresratt": _pct(lang),
        "share_bostadsratt": _pct(lang),
        "share_aganderatt": _pct(lang),
        "mean_tkr": _num(lang, 1),
        "share_pop_challenged": _pct(lang),
    }
    return _table(frame, columns, lang)


def show_municipalities(result: Result) -> Styler:
    """Every municipality of the source in the chosen year: profile and indices, sorted by D."""
    lang = _lang(result)
    frame = result.municipalities.sort_values("dissimilarity", ascending=False)
    columns = {
        "kommun": None,
        "n_areas": None,
        "population": _num(lang, 0),
        "share_born_abroad": _pct(lang),
        **{
            name: _num(lang, 3)
            for name in (
                "dissimilarity",
                "isolation",
                "eta2",
                "gini",
                "multigroup_dissimilarity",
                "theil_h",
                "wage_gini",
            )
        },
    }
    return _table(frame, columns, lang)


def index_table(result: Result) -> pd.DataFrame:
    """The chosen year's indices with the random benchmark and bootstrap interval beside each one."""
    lang, row = _lang(result), result.current
    rows = []
    for name in indices.SINGLE_GROUP_INDICES:
        rows.append(
            (
                words("born_abroad_vs_sweden", lang),
                words(name, lang),
                row[name],
                row[f"{name}_random"],
                row[f"{name}_random_p95"],
                row[f"{name}_lo"],
                row[f"{name}_hi"],
            )
        )
    for name in ("multigroup_dissimilarity", "theil_h"):
        rows.append((words("tenure_dwellings", lang), words(name, lang), row[name], *[np.nan] * 4))
    first = row["wage_gini_first_year"]
    rows.append((words("wage_income", lang), words("wage_gini", lang), row["wage_gini"], *[np.nan] * 4))
    rows.append(
        (
            words("wage_income", lang),
            words("wage_gini_change", lang, first=_year(first)),
            row["wage_gini_change"],
            *[np.nan] * 4,
        )
    )
    return pd.DataFrame(rows, columns=["grouping", "index", "value", "random", "random_p95", "lo", "hi"])


def _year(value: float) -> str:
    return "–" if pd.isna(value) else str(int(value))


def show_indices(result: Result) -> Styler:
    """The index table: each index's value, the random-allocation expectation beside D, and the interval."""
    lang = _lang(result)
    frame = index_table(result)
    frame["interval"] = [_interval(lo, hi, lang) for lo, hi in zip(frame["lo"], frame["hi"], strict=True)]
    dash = lambda v: "–" if pd.isna(v) else format_number(v, 3, lang)
    return _table(
        frame,
        {
            "grouping": None,
            "index": None,
            "value": _num(lang, 4),
            "random": dash,
            "random_p95": dash,
            "interval": None,
        },
        lang,
    )


def _interval(lo: float, hi: float, lang: str) -> str:
    if pd.isna(lo) or pd.isna(hi):
        return "–"
    return f"{format_number(lo, 3, lang)} – {format_number(hi, 3, lang)}"


def show_areas(result: Result) -> Styler:
    """Location quotients, ratios to the municipality, marginality (where it differs from the ratio) and
    flags."""
    lang, params = _lang(result), result.params
    groups = list(dict.fromkeys(result.indicators["group"]))
    frame = result.areas.assign(
        flags=[", ".join(group_label(g, params) for g in f) or "–" for f in result.areas["flags"]]
    )
    columns: dict[str, Formatter | None] = {
        "area_name": None,
        "population": _num(lang, 0),
        "lq_born_abroad": _num(lang, 2),
    }
    labels = {"area_name": words("area", lang)}
    for group in groups:
        measures = ("ratio", "marginality") if marginality_informative(group) else ("ratio",)
        for measure in measures:
            columns[f"{group}_{measure}"] = _num(lang, 2)
            labels[f"{group}_{measure}"] = f"{group_label(group, params)}: {words(measure, lang).lower()}"
    columns["flags"] = None
    return _table(frame, columns, lang, labels)


def show_target_groups(result: Result, top: int | None = None) -> Styler:
    """The ranked groups × areas to invite, with the reason for each (``top`` rows, default all)."""
    lang = _lang(result)
    frame = result.target_groups.head(top) if top else result.target_groups
    frame = frame.assign(
        flagged=[words("yes" if f else "no", lang) for f in frame["flagged"]],
        marginality=frame["marginality"].where(frame["group"].map(marginality_informative)),
    )
    dash = lambda v: "–" if pd.isna(v) else format_number(v, 2, lang)
    columns = {
        "rank": None,
        "label": None,
        "area_name": None,
        "ratio": dash,
        "marginality": dash,
        "flagged": None,
        "reason": None,
    }
    return _table(frame, columns, lang, {"label": words("group", lang), "area_name": words("area", lang)})


def housing_table(result: Result) -> pd.DataFrame:
    """The housing matrix as text: groups' needs and supply × areas, gaps shown as footnote marks.

    With a perspective (``perspektiv``: unga, seniorer) only the preset's Boverket groups are shown.
    """
    from labkit.perspectives import focus

    lang = _lang(result)
    marks = dict(zip(result.gaps["gap"], result.gaps["mark"], strict=True))
    housing = focus(result.housing, result.params.perspektiv)
    cells = housing.assign(
        text=[
            words("gap_cell", lang, mark=marks[g])
            if s == "gap"
            else (format_number(v, 2, lang) if k == "ind_low_income_ratio" else format_percent(v, 0, lang))
            for s, g, k, v in zip(
                housing["status"], housing["gap"], housing["indicator_key"], housing["value"], strict=True
            )
        ]
    )
    cells["aspect"] = [words(a, lang) for a in cells["aspect"]]
    keys = [words("housing_group", lang), words("aspect", lang), words("indicator", lang)]
    cells = cells.rename(columns=dict(zip(["group_label", "aspect", "indicator"], keys, strict=True)))
    wide = cells.pivot_table(index=keys, columns="area_name", values="text", aggfunc="first", sort=False)
    wide = wide[list(dict.fromkeys(cells["area_name"]))]
    wide.columns.name = words("area", lang)  # the reader's word above the area names, not the column key
    return wide


def show_housing(result: Result) -> Styler:
    """The housing-provision matrix (Boverket's target groups × areas); see :func:`show_gaps` for notes."""
    table = housing_table(result)
    return render.table(table, lang=_lang(result), index=True, right=tuple(table.columns))


def show_gaps(result: Result) -> Styler:
    """The footnotes of the housing matrix: which table each gap needs and where it is published."""
    lang = _lang(result)
    return _table(
        result.gaps,
        {"mark": None, "needed": None, "where": None, "groups": None},
        lang,
        {"mark": words("gap_mark", lang), "groups": words("group", lang)},
    )


def show_notes(result: Result) -> Markdown:
    """The report's notes (small numbers first, then the rules, data gaps and provenance) as Markdown."""
    return render.markdown("\n\n".join(result.notes))


def _area_labels(profiles: pd.DataFrame) -> pd.Series:
    """Area names, with the code added where a name repeats."""
    names = profiles["area_name"].astype(str)
    repeated = names.duplicated(keep=False)
    return names.where(~repeated, names + " (" + profiles["area_code"].astype(str) + ")")


def plot_profiles(result: Result, ax: Sequence[Axes] | None = None, max_areas: int = 40) -> Figure:
    """Small multiples of the area profiles, each set against the municipality, the others and the region.

    One row of four panels sharing the area axis, areas in profile rank (largest share born abroad
    first). Municipalities with more than ``max_areas`` areas show the first ``max_areas`` and say so.
    ``ax`` may be four Axes to draw into; by default a new figure is made.
    """
    lang, profiles = _lang(result), result.profiles.assign(label=_area_labels(result.profiles))
    shown = profiles.head(max_areas)
    if ax is None:
        _fig, grid = charts.figure(1, 4, figsize=(14, max(4.0, 0.25 * len(shown) + 1.5)), sharey=True)
        ax = list(grid.ravel())
    from seaborn.utils import desaturate

    positions, colour = np.arange(len(shown)), desaturate(charts.PALETTE[0], 0.75)  # seaborn's bar colour
    for axis, column in zip(
        ax, ("share_born_abroad", "share_hyresratt", "mean_tkr", "population"), strict=False
    ):
        # Plain horizontal bars: the picture of seaborn's barplot (one value per area, first area on top)
        # without its per-call statistics machinery.
        axis.barh(positions, shown[column].to_numpy(dtype=float), height=0.8, color=colour)
        if axis is ax[0] or not ax[0].get_shared_y_axes().joined(ax[0], axis):
            # Panels sharing the first one's y axis share its ticks and limits: set them once (each call
            # builds every tick label again).
            axis.set_yticks(positions, shown["label"])
            axis.set_ylim(len(shown) - 0.5, -0.5)
        axis.yaxis.grid(False)
        _reference_lines(axis, result, column, lang)
        axis.set(title=words(column, lang), xlabel="", ylabel="")
        if column.startswith("share_"):
            charts.percent_axis(axis, "x", 0, lang)
        else:
            charts.number_axis(axis, "x", 0, lang)
    ax[0].figure.legend(
        *ax[0].get_legend_handles_labels(),
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=3,
        fontsize="small",
        frameon=False,
    )
    if len(shown) < len(profiles):
        ax[0].figure.suptitle(words("areas_shown", lang, n=len(shown), total=len(profiles)), fontsize="small")
    return ax[0].figure


def _reference_lines(ax: Axes, result: Result, column: str, lang: str) -> None:
    """Vertical lines for the municipality, the other municipalities and the region (not for counts)."""
    if column == "population":
        return
    values = result.comparison.set_index("scope")[column]
    for scope, colour in charts.REFERENCE_COLOURS.items():
        if pd.notna(values.get(scope)):
            ax.axvline(
                values[scope], color=colour, linestyle="--", linewidth=1.2, label=charts.label(scope, lang)
            )


def trend_frame(result: Result) -> pd.DataFrame:
    """The trend in long form for plotting: year, index label, value."""
    lang = _lang(result)
    names = ("dissimilarity", "isolation", "eta2", "gini", "multigroup_dissimilarity", "theil_h", "wage_gini")
    long = result.trend.melt(id_vars="year", value_vars=list(names), var_name="index", value_name="value")
    long["index"] = [words(n, lang) for n in long["index"]]
    return long


def plot_trend(result: Result, ax: Axes | None = None) -> Axes:
    """The indices year by year, with D's random-allocation expectation and bootstrap interval."""
    import seaborn as sns

    lang = _lang(result)
    ax = charts.axes(ax, figsize=(8.0, 4.5))
    sns.lineplot(data=trend_frame(result), x="year", y="value", hue="index", marker="o", ax=ax)
    trend = result.trend
    ax.fill_between(
        trend["year"],
        trend["dissimilarity_lo"],
        trend["dissimilarity_hi"],
        color=charts.PALETTE[0],
        alpha=0.15,
        label=f"{words('dissimilarity', lang)}: {words('interval', lang)}",
    )
    ax.plot(
        trend["year"],
        trend["dissimilarity_random"],
        color="grey",
        linestyle=":",
        label=f"{words('dissimilarity', lang)}: {words('random', lang).lower()}",
    )
    ax.set_xticks(trend["year"].tolist())
    charts.set_labels(ax, x="year", y="index_value", lang=lang)
    charts.number_axis(ax, "y", 2, lang)
    ax.legend(fontsize="small", loc="center left", bbox_to_anchor=(1.0, 0.5))
    return ax


def plot_benchmark(result: Result, ax: Axes | None = None) -> Axes:
    """Each single-group index of the chosen year beside its random-allocation expectation and interval."""
    lang, table = _lang(result), index_table(result).head(len(indices.SINGLE_GROUP_INDICES))
    ax = charts.axes(ax, figsize=(7.0, 3.5))
    y = np.arange(len(table))
    ax.hlines(
        y,
        table["lo"],
        table["hi"],
        color=charts.PALETTE[0],
        linewidth=4,
        alpha=0.35,
        label=words("interval", lang),
    )
    ax.plot(table["value"], y, "o", color=charts.PALETTE[0], label=words("observed", lang))
    ax.plot(table["random"], y, "x", color=charts.PALETTE[5], label=words("random", lang))
    ax.set_yticks(y, table["index"])
    ax.invert_yaxis()
    charts.set_labels(ax, x="index_value", lang=lang)
    charts.number_axis(ax, "x", 1, lang)
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3, frameon=False)
    return ax


def plot_region_map(result: Result, index: str = "dissimilarity", ax: Axes | None = None) -> Axes:
    """The municipalities of the source coloured by ``index`` in the chosen year; the municipality outlined.

    Raises
    ------
    ConfigError
        If ``index`` is not one of :data:`MAP_INDICES`.
    """
    from labkit.errors import ConfigError

    if index not in MAP_INDICES:
        raise ConfigError(
            "unknown index", column="index", expected="one of " + ", ".join(MAP_INDICES), found=repr(index)
        )
    lang = _lang(result)
    values = result.municipalities.set_index("kommun_kod")[index]
    ax = charts.plot_municipality_map(
        values, ax=ax, highlight=result.kommun_kod, legend_label=words(index, lang), lang=lang
    )
    ax.set_title(f"{words(index, lang)}, {result.year}")
    return ax
