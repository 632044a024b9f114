"""labkit.charts: one theme, reader labels and number formats, atomic saving, the municipality map."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import seaborn as sns
from matplotlib.axes import Axes

from labkit import charts
from labkit.errors import ConfigError


def test_set_theme_applies_the_palette() -> None:
    charts.set_theme()
    assert sns.color_palette()[:3] == sns.color_palette(list(charts.PALETTE))[:3]
    assert plt.rcParams["axes.spines.top"] is False


def test_labels_in_both_languages() -> None:
    assert charts.label("share_born_abroad") == "Andel födda utomlands"
    assert charts.label("share_born_abroad", "en") == "Share born abroad"
    assert charts.label("something else") == "something else"
    with pytest.raises(ConfigError) as err:
        charts.label("year", "de")
    assert str(err.value) == "parameter 'lang': unknown language: expected one of sv, en; found 'de'."


def test_set_labels() -> None:
    fig, ax = plt.subplots()
    assert charts.set_labels(ax, x="year", y="population", title="Rubrik", lang="sv") is ax
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("År", "Folkmängd", "Rubrik")
    plt.close(fig)


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "expected"),
    [
        (12345.678, 1, "sv", "12\u202f345,7"),
        (12345.678, 1, "en", "12,345.7"),
        (0.5, 2, "sv", "0,50"),
        (float("nan"), 0, "sv", "Ingen uppgift"),
        (None, 0, "en", "No data"),
    ],
)
def test_format_number(value: float, decimals: int, lang: str, expected: str) -> None:
    assert charts.format_number(value, decimals, lang) == expected


def test_format_percent() -> None:
    assert charts.format_percent(0.2254, 1) == "22,5\u00a0%"
    assert charts.format_percent(0.2254, 0, "en") == "23%"
    assert charts.format_percent(float("nan")) == "Ingen uppgift"


def test_axis_formatters() -> None:
    fig, ax = plt.subplots()
    charts.percent_axis(ax, "x", 0, "sv")
    charts.number_axis(ax, "y", 2, "sv")
    assert ax.xaxis.get_major_formatter()(0.25, 0) == "25\u00a0%"
    assert ax.yaxis.get_major_formatter()(0.25, 0) == "0,25"
    plt.close(fig)


def test_axes_returns_the_given_axes_or_a_new_one() -> None:
    _fig, ax = plt.subplots()
    assert charts.axes(ax) is ax
    new = charts.axes(None, figsize=(3, 2))
    assert isinstance(new, Axes) and new is not ax
    assert tuple(new.figure.get_size_inches()) == (3, 2)
    plt.close("all")


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_save_writes_atomically(tmp_path, suffix: str) -> None:
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    path = charts.save(fig, tmp_path / "sub" / f"figure.{suffix}")
    assert path.exists() and path.stat().st_size > 0
    assert sorted(p.name for p in path.parent.iterdir()) == [f"figure.{suffix}"]  # no temporary file left
    plt.close(fig)


def test_save_png_header(tmp_path) -> None:
    fig, _ax = plt.subplots()
    path = charts.save(fig, tmp_path / "figure.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    plt.close(fig)


def test_save_rejects_unknown_format(tmp_path) -> None:
    fig, _ax = plt.subplots()
    with pytest.raises(ConfigError) as err:
        charts.save(fig, tmp_path / "figure.gif")
    assert str(err.value) == (
        f"{tmp_path / 'figure.gif'}: unsupported figure format: expected one of png, svg, pdf; found '.gif'."
    )
    assert list(tmp_path.iterdir()) == []
    plt.close(fig)


def test_municipality_polygons_are_offline_with_text_codes() -> None:
    frame = charts.municipality_polygons()
    assert len(frame) == 290
    assert {"0114", "1462", "2584"} <= set(frame["kommun_kod"])


def test_municipality_map_colours_zooms_and_names() -> None:
    values = pd.Series({"1402": 0.2, "1462": 0.1, "1482": 0.3})
    ax = charts.plot_municipality_map(values, highlight="1462", legend_label="D")
    assert isinstance(ax, Axes)
    names = {t.get_text() for t in ax.texts}
    assert names == {"Partille", "Lilla Edet", "Kungälv"}
    xmin, xmax = ax.get_xlim()
    assert xmax - xmin < 200_000  # zoomed to the three municipalities (metres, SWEREF 99 TM)
    plt.close("all")


def test_municipality_map_into_given_axes_without_values() -> None:
    fig, ax = plt.subplots()
    assert charts.plot_municipality_map(pd.Series(dtype=float), ax=ax) is ax
    assert len(ax.texts) == 0
    plt.close(fig)


def test_swedish_number_text() -> None:
    from labkit.charts import swedish_number_text

    assert swedish_number_text("Skala 0.30 och 1.5") == "Skala 0,30 och 1,5"
    assert (
        swedish_number_text("14426 invånare år 2023 i 1462X005") == "14\u202f426 invånare år 2023 i 1462X005"
    )
    assert swedish_number_text("version 0,30") == "version 0,30"


def test_decimal_comma_reaches_ticks_colour_bars_and_annotations() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from labkit.charts import decimal_comma

    decimal_comma(True)
    try:
        fig, ax = plt.subplots()
        bars = ax.bar(["a", "b"], [0.25, 0.5])
        ax.bar_label(bars, fmt="%.2f")
        image = ax.imshow([[0.1, 0.2], [0.3, 0.4]])
        fig.colorbar(image)
        fig.canvas.draw()
        assert [t.get_text() for t in ax.texts] == ["0,25", "0,50"]
        ticks = [t.get_text() for a in fig.axes for t in a.get_yticklabels()]
        assert ticks and not any("." in t for t in ticks) and any("," in t for t in ticks)
    finally:
        decimal_comma(False)
        plt.close("all")
    fig, ax = plt.subplots()
    ax.set_title("0.5")
    assert ax.get_title() == "0.5"  # off again: English charts keep their points
    plt.close("all")


def _tight_png_figures():
    """Figures of the kinds reports draw: a map with a colour bar and names, seaborn bars on a shared axis,
    a legend below the axes (outside the figure), annotations, a figure title and a layout engine."""
    import numpy as np

    polygons = charts.municipality_polygons()
    codes = polygons["kommun_kod"]
    gr = codes[codes.str.startswith("14")].iloc[:12]
    fig, ax = plt.subplots(figsize=(6, 7))
    charts.plot_municipality_map(
        pd.Series(np.linspace(0.1, 0.9, len(gr)), index=gr.to_numpy()), ax=ax, highlight=gr.iloc[0]
    )
    ax.set_title("Segregationsindex, 2023")
    yield "map, named", fig
    fig, ax = plt.subplots(figsize=(6, 7))
    charts.plot_municipality_map(pd.Series(np.linspace(0, 1, len(codes)), index=codes.to_numpy()), ax=ax)
    yield "map, all", fig
    fig, axes = plt.subplots(1, 3, figsize=(11, 5), sharey=True)
    for i, ax in enumerate(axes):
        sns.barplot(
            x=[0.1 * i + 0.05, 0.42, 0.3], y=["Unga vuxna", "Äldre", "Barnfamiljer"], ax=ax, orient="h"
        )
        charts.percent_axis(ax, "x")
        ax.set_title(f"Område {i}")
    fig.suptitle("Andel per grupp")
    yield "bars", fig
    fig, ax = plt.subplots(figsize=(7, 4))
    for i in range(3):
        ax.plot(range(2010, 2024), [0.5 * i + 0.01 * y for y in range(14)], label=f"Serie {i}")
    ax.annotate("Brytpunkt 1.25", (2015, 1.25), xytext=(2018, 0.2), arrowprops={"arrowstyle": "->"})
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=3, frameon=False)
    yield "legend below the figure", fig
    fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
    ax.bar(["a", "b"], [1, 2])
    ax.set_xlabel("Kategori")
    yield "constrained layout", fig


@pytest.mark.parametrize("name", [name for name, fig in _tight_png_figures()])
def test_tight_png_is_the_inline_backends_png(name: str) -> None:
    """tight_png gives the bytes of IPython's print_figure(bbox_inches="tight") (Jupyter's inline figures)."""
    from IPython.core.pylabtools import print_figure

    charts.set_theme()
    charts.decimal_comma(True)
    try:
        figures = dict(_tight_png_figures())
        fig = figures.pop(name)
        plt.close("all")
        data = charts.tight_png(fig)
        assert data == print_figure(fig, "png", bbox_inches="tight")
        assert data == charts.tight_png(fig)  # printing leaves the figure as it was
        again = dict(_tight_png_figures())[
            name
        ]  # a figure never drawn before, printed the ordinary way first
        assert print_figure(again, "png", bbox_inches="tight") == data
        assert charts.tight_png(again, dpi=150) == print_figure(again, "png", bbox_inches="tight", dpi=150)
    finally:
        charts.decimal_comma(False)
        plt.close("all")


def test_tight_png_of_an_empty_figure_is_none() -> None:
    fig = plt.figure()
    assert charts.tight_png(fig) is None
    plt.close(fig)
