"""Report charts a reader can read: SKA colours agree with their marks and legend, no overlapping labels in
the stakeholder grid or the prototype timeline, and legends beside the data rather than over it."""

from __future__ import annotations

import dataclasses
import itertools

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.colors import to_hex

from labkit import lab
from labkit.methods import cocreation, prototyping, ska
from labkit.methods.ska.display import ASSESSMENT_COLOURS


def _result(module, slug: str, lang: str, tmp_path):
    values = {"kommun": "1462", "lang": lang, "out_dir": str(tmp_path), "records": "examples"}
    ctx = lab.open(slug, values)
    return module.analyse(module.load_inputs(ctx, ctx.params), ctx.params)


def _overlaps(texts) -> list[tuple[str, str]]:
    renderer = texts[0].figure.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_text().strip()]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2) if box_a.overlaps(box_b)]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_ska_cells_have_the_colour_of_their_mark(lang: str, tmp_path) -> None:
    result = _result(ska, "ska", lang, tmp_path)
    fig = ska.plot_heatmaps(result)
    fig.canvas.draw()
    checked = 0
    for ax in fig.axes:
        image = ax.images[0]
        for mark in ax.texts:
            j, i = (round(v) for v in mark.get_position())
            rgba = image.cmap(image.norm(image.get_array()[i, j]))
            expected = {"−": ASSESSMENT_COLOURS[-1], "0": ASSESSMENT_COLOURS[0], "+": ASSESSMENT_COLOURS[1]}
            assert to_hex(rgba).upper() == expected[mark.get_text()].upper()
            assert mark.get_color() == "black"
            checked += 1
    assert checked == len(result.cells.drop_duplicates(["phase", "aspect", "scale"]))
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert (
        labels
        == (
            {
                "sv": ["− negativ (orange)", "0 neutral (grå)", "+ positiv (blå)", "inte bedömd (vit)"],
                "en": [
                    "− negative (orange)",
                    "0 neutral (grey)",
                    "+ positive (blue)",
                    "not assessed (white)",
                ],
            }[lang]
        )
    )
    if lang == "en":
        assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [
            "Connected city",
            "Interaction",
            "Everyday life",
            "Identity",
            "Health and safety",
        ]
        assert [ax.get_title() for ax in fig.axes] == ["Inventory", "Measures", "Consequences"]
    plt.close(fig)


def test_ska_palette_is_told_apart_without_red_green() -> None:
    # Okabe–Ito orange and sky blue, and a neutral grey: no red-green pair
    assert ASSESSMENT_COLOURS == {-1: "#E69F00", 0: "#DDDDDD", 1: "#56B4E9"}


def test_stakeholder_grid_has_no_overlapping_labels(tmp_path) -> None:
    result = _result(cocreation, "cocreation", "sv", tmp_path)
    ax = cocreation.plot_stakeholders(result)
    ax.figure.canvas.draw()
    numbers = [t for t in ax.texts if t.get_text().isdigit()]
    assert sorted(int(t.get_text()) for t in numbers) == list(range(1, len(result.stakeholders) + 1))
    assert _overlaps(numbers) == []
    listing = next(t for t in ax.texts if "\n" in t.get_text() or t.get_text().startswith("1  "))
    assert listing.get_text().splitlines()[0] == f"1  {result.stakeholders['name'].iloc[0]}"
    # the list of names lies beside the grid, not on it
    renderer = ax.figure.canvas.get_renderer()
    assert listing.get_window_extent(renderer).x0 > ax.get_window_extent(renderer).x1
    plt.close(ax.figure)


def test_stakeholders_in_one_cell_are_set_apart() -> None:
    import pandas as pd

    frame = pd.DataFrame({"power": [4, 4, 4, 2], "interest": [3, 3, 3, 5]})
    x, y = cocreation.display._spread(frame)
    points = list(zip(x.round(3), y.round(3), strict=True))
    assert len(set(points)) == 4
    assert points[3] == (5.0, 2.0)  # alone in its cell: exactly on it
    assert all(abs(px - 3) <= 0.2 + 1e-9 and abs(py - 4) <= 0.2 + 1e-9 for px, py in points[:3])


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_prototype_timeline_dates_do_not_overlap_and_legend_is_below(lang: str, tmp_path) -> None:
    result = _result(prototyping, "prototyping", lang, tmp_path)
    ax = prototyping.plot_timeline(result)
    ax.figure.canvas.draw()
    ticks = [t for t in ax.get_xticklabels() if t.get_text()]
    assert 2 <= len(ticks) <= 7
    assert _overlaps(ticks) == []
    renderer = ax.figure.canvas.get_renderer()
    legend, frame = ax.get_legend().get_window_extent(renderer), ax.get_window_extent(renderer)
    assert legend.y1 < frame.y0
    plt.close(ax.figure)


def test_an_empty_chart_is_a_sentence_not_a_blank_image(tmp_path, monkeypatch) -> None:
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj.data))
    result = _result(cocreation, "cocreation", "sv", tmp_path)
    result = dataclasses.replace(result, dots=result.dots.iloc[0:0])
    before = plt.get_fignums()
    assert cocreation.plot_dots(result) is None
    assert plt.get_fignums() == before  # no figure left to be drawn as white space
    assert shown == ["*Inga poster av slaget ”Prickar” finns i underlaget.*"]


def test_suppressed_participants_draw_no_chart_and_no_second_sentence(tmp_path, monkeypatch) -> None:
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj.data))
    result = _result(cocreation, "cocreation", "sv", tmp_path)
    result = dataclasses.replace(result, params=dataclasses.replace(result.params, min_cell=100))
    before = plt.get_fignums()
    assert cocreation.plot_representativeness(result, "omradestyp") is None
    assert plt.get_fignums() == before and shown == []
    assert cocreation.show_representativeness(result, "omradestyp").data == (
        "*Färre än 100 deltagare bor i kommunen enligt sina uppgifter, så jämförelsen med befolkningen visas "
        "inte.*"
    )


def test_posteriors_without_counted_outcomes_are_a_sentence(tmp_path, monkeypatch) -> None:
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj.data))
    result = _result(prototyping, "prototyping", "en", tmp_path)
    ax = prototyping.plot_posteriors(result)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        f"{row.id} ({round(100 * row.success_rate_mean)} %)" for row in result.register.itertuples()
    ] + ["target 50 %"]
    plt.close(ax.figure)
    empty = dataclasses.replace(result, register=result.register.assign(successes=None))
    before = plt.get_fignums()
    assert prototyping.plot_posteriors(empty) is None
    assert plt.get_fignums() == before
    assert shown == ["*No chart: no prototype has counted outcomes yet.*"]


def test_no_chart_is_a_sentence_or_text_on_the_given_axes(monkeypatch) -> None:
    import IPython.display

    from labkit import charts

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj.data))
    before = plt.get_fignums()
    assert charts.no_chart(None, "Inget diagram: inga svar.") is None
    assert plt.get_fignums() == before and shown == ["*Inget diagram: inga svar.*"]
    fig, ax = plt.subplots()
    assert charts.no_chart(ax, "Inga svar.") is ax
    assert [t.get_text() for t in ax.texts] == ["Inga svar."] and not ax.axison
    plt.close(fig)


def test_cocreation_tables_speak_english_in_english_reports(tmp_path) -> None:
    result = _result(cocreation, "cocreation", "en", tmp_path)
    roles = cocreation.show_room(result).data.iloc[:, 0].tolist()
    assert roles[:3] == ["resident", "officer", "civil society"]
    assert set(cocreation.show_stakeholders(result).data.iloc[:, 1]) <= {
        "committee",
        "department",
        "property owner",
        "housing company",
        "association",
        "business",
        "regional body",
    }
