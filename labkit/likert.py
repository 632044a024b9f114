"""Five-point Likert answers: validate, count, suppress small groups and draw diverging stacked bars."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit import charts
from labkit.errors import InputDataError
from labkit.i18n import check_lang

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: The Swedish five-point agreement scale, from the most negative to the most positive answer.
SCALE_SV = (
    "Instämmer inte alls",
    "Instämmer till liten del",
    "Instämmer delvis",
    "Instämmer till stor del",
    "Instämmer helt",
)

#: English renderings of :data:`SCALE_SV`, in the same order.
SCALE_EN = (
    "Do not agree at all",
    "Agree to a small extent",
    "Partly agree",
    "Largely agree",
    "Fully agree",
)

#: Groups with fewer answers than this are suppressed in tables and charts.
MIN_GROUP = 5

#: Bar labels are wrapped at this many characters.
WRAP = 45

#: Colours from negative (red-orange) through neutral (grey) to positive (blue), colour-blind safe.
COLOURS = ("#D55E00", "#F4A582", "#BDBDBD", "#92C5DE", "#0072B2")


def scale(lang: str = "sv") -> tuple[str, ...]:
    """The five answer labels in ``lang``, most negative first."""
    return SCALE_EN if check_lang(lang) == "en" else SCALE_SV


def to_level(
    answers: pd.Series, *, path: str | None = None, column: str = "answer", first_line: int = 2
) -> pd.Series:
    """Map answers (Swedish labels or the digits 1-5) to levels 1-5.

    Parameters
    ----------
    answers : pandas.Series
        One answer per row; the labels of :data:`SCALE_SV` (case and surrounding spaces ignored) or 1-5.
    path, column, first_line
        Where the answers come from, for the error message; row 0 is on ``first_line``.

    Returns
    -------
    pandas.Series
        Integer levels 1-5 with the index of ``answers``.

    Raises
    ------
    InputDataError
        At the first answer that is not on the scale; the message lists the allowed answers.
    """
    lookup = {label.casefold(): level for level, label in enumerate(SCALE_SV, start=1)}
    lookup.update({str(level): level for level in range(1, 6)})
    keys = answers.map(lambda value: str(value).strip().casefold() if pd.notna(value) else "")
    levels = keys.map(lookup)
    bad = levels.isna().to_numpy()
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise InputDataError(
            "answer not on the five-point scale",
            path=path,
            line=first_line + position,
            column=column,
            expected="one of " + ", ".join(SCALE_SV) + " (or 1-5)",
            found=repr(answers.iloc[position]),
        )
    return levels.astype(int)


def counts(levels: pd.Series, groups: pd.Series | None = None) -> pd.DataFrame:
    """Count answers per group and level: one row per group, columns 1-5, plus ``n``.

    ``groups`` (same index as ``levels``) defaults to one group called ``"Alla"``.
    """
    groups = pd.Series("Alla", index=levels.index) if groups is None else groups
    table = pd.crosstab(groups.rename("group"), levels.rename("level")).reindex(
        columns=range(1, 6), fill_value=0
    )
    table.columns = list(range(1, 6))
    table["n"] = table[list(range(1, 6))].sum(axis=1)
    return table


def suppress(table: pd.DataFrame, min_n: int = MIN_GROUP) -> tuple[pd.DataFrame, list[str]]:
    """Drop groups with fewer than ``min_n`` answers; return the kept rows and the names of those dropped."""
    small = table["n"] < min_n
    return table[~small], [str(name) for name in table.index[small]]


def shares(table: pd.DataFrame) -> pd.DataFrame:
    """Each level's share of the group's answers (rows sum to 1); columns 1-5."""
    levels = table[list(range(1, 6))].astype(float)
    return levels.div(levels.sum(axis=1).replace(0, np.nan), axis=0)


def diverging_lefts(share: pd.DataFrame) -> pd.DataFrame:
    """Left edge of every segment so that the neutral level (3) is centred on zero.

    The two negative levels lie left of zero, the two positive levels right of it and the neutral
    level straddles zero: the left edge of level 1 is ``-(s1 + s2 + s3 / 2)``.
    """
    values = share[list(range(1, 6))].to_numpy(dtype=float)
    start = -(values[:, 0] + values[:, 1] + values[:, 2] / 2)
    lefts = start[:, None] + np.hstack([np.zeros((len(values), 1)), np.cumsum(values, axis=1)[:, :-1]])
    return pd.DataFrame(lefts, index=share.index, columns=list(range(1, 6)))


def agreement(table: pd.DataFrame) -> pd.Series:
    """Share of a group answering 4 or 5 (agreeing to a large extent or fully)."""
    return shares(table)[[4, 5]].sum(axis=1)


def mean_level(table: pd.DataFrame) -> pd.Series:
    """Mean level (1-5) of each group's answers."""
    weights = table[list(range(1, 6))].astype(float)
    return (weights * np.arange(1, 6)).sum(axis=1) / weights.sum(axis=1).replace(0, np.nan)


def plot_diverging(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str = "sv",
    title: str | None = None,
    labels: Sequence[str] | None = None,
    min_n: int = MIN_GROUP,
) -> Axes:
    """Diverging stacked bars: one bar per row of ``table`` (from :func:`counts`), neutral centred on 0.

    Rows with fewer than ``min_n`` answers are left out and named under the chart. ``labels`` replaces
    the row names on the y axis. Shares are shown as percentages on the x axis.
    """
    kept, dropped = suppress(table, min_n)
    ax = charts.axes(ax, figsize=(8.0, 0.5 * max(len(kept), 1) + 1.8))
    names = (
        [str(i) for i in kept.index]
        if labels is None
        else [str(name) for name, small in zip(labels, table["n"] < min_n, strict=True) if not small]
    )
    share = shares(kept)
    lefts, y = diverging_lefts(share), np.arange(len(kept))
    for level, (text, colour) in enumerate(zip(scale(lang), COLOURS, strict=True), start=1):
        ax.barh(
            y,
            share[level].to_numpy(),
            left=lefts[level].to_numpy(),
            color=colour,
            label=text,
            edgecolor="white",
            height=0.7,
        )
    _finish(ax, names, [f"{n}" for n in kept["n"]], lang, title)
    _note_dropped(ax, dropped, min_n, lang)
    return ax


def _finish(ax: Axes, names: list[str], sizes: list[str], lang: str, title: str | None) -> None:
    """Axis labels, the zero line, the n of each bar, the legend and a symmetric x range."""
    y = np.arange(len(names))
    ax.set_yticks(
        y,
        [textwrap.fill(f"{name} (n = {size})", WRAP) for name, size in zip(names, sizes, strict=True)],
        fontsize="small",
    )
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlim(-1.0, 1.0)
    ax.xaxis.set_major_formatter(_absolute_percent(lang))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize="small", frameon=False)
    if title:
        ax.set_title(title)


def _absolute_percent(lang: str) -> object:
    """Tick labels as unsigned percentages (the left side of a diverging chart is negative only in
    position)."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: charts.format_percent(abs(value), 0, lang))


def _note_dropped(ax: Axes, dropped: list[str], min_n: int, lang: str) -> None:
    """Name the suppressed groups under the chart."""
    if not dropped:
        return
    text = (
        f"Not shown (fewer than {min_n} answers): "
        if lang == "en"
        else f"Visas inte (färre än {min_n} svar): "
    ) + ", ".join(dropped)
    ax.annotate(
        text,
        xy=(0, 0),
        xycoords="axes fraction",
        xytext=(0, -60),
        textcoords="offset points",
        fontsize="x-small",
        va="top",
    )
