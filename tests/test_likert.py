"""Likert helpers: answer validation, counts, suppression, diverging offsets and the chart."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

from labkit import likert
from labkit.errors import InputDataError


def test_labels_and_digits_map_to_levels() -> None:
    answers = pd.Series(["Instämmer helt", " instämmer INTE alls ", "3", "Instämmer till stor del", 2])
    assert likert.to_level(answers).tolist() == [5, 1, 3, 4, 2]


def test_off_scale_answer_names_line_column_and_allowed_values() -> None:
    answers = pd.Series(["Instämmer helt", "Håller med"])
    with pytest.raises(InputDataError) as err:
        likert.to_level(answers, path="enkät.csv", column="answer")
    assert str(err.value) == (
        "enkät.csv, line 3, column 'answer': answer not on the five-point scale: expected one of "
        "Instämmer inte alls, Instämmer till liten del, Instämmer delvis, Instämmer till stor del, "
        "Instämmer helt (or 1-5); found 'Håller med'."
    )


def test_missing_answer_is_rejected() -> None:
    with pytest.raises(InputDataError, match="line 2, column 'answer'"):
        likert.to_level(pd.Series([None, "1"]))


def test_counts_shares_mean_and_agreement_by_hand() -> None:
    levels = pd.Series([1, 2, 3, 4, 5, 5, 4, 4])
    groups = pd.Series(["a"] * 5 + ["b"] * 3)
    table = likert.counts(levels, groups)
    assert table.loc["a", [1, 2, 3, 4, 5, "n"]].tolist() == [1, 1, 1, 1, 1, 5]
    assert table.loc["b", [1, 2, 3, 4, 5, "n"]].tolist() == [0, 0, 0, 2, 1, 3]
    assert likert.mean_level(table).tolist() == pytest.approx([3.0, 13 / 3])
    assert likert.agreement(table).tolist() == pytest.approx([0.4, 1.0])
    assert likert.shares(table).sum(axis=1).tolist() == pytest.approx([1.0, 1.0])


def test_groups_under_five_are_suppressed() -> None:
    table = likert.counts(pd.Series([1, 2, 3, 4, 5, 5, 4, 4]), pd.Series(["a"] * 5 + ["b"] * 3))
    kept, dropped = likert.suppress(table)
    assert list(kept.index) == ["a"] and dropped == ["b"]


def test_diverging_offsets_centre_the_neutral_level() -> None:
    share = pd.DataFrame([[0.1, 0.2, 0.2, 0.3, 0.2], [0.0, 0.0, 1.0, 0.0, 0.0]], columns=[1, 2, 3, 4, 5])
    lefts = likert.diverging_lefts(share)
    assert lefts.iloc[0].tolist() == pytest.approx([-0.4, -0.3, -0.1, 0.1, 0.4])
    assert lefts.iloc[1].tolist() == pytest.approx([-0.5, -0.5, -0.5, 0.5, 0.5])
    right_end = lefts[5] + share[5]
    assert right_end.tolist() == pytest.approx([0.6, 0.5])  # left end + total width = 1


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_chart_draws_one_bar_per_level_and_leaves_small_groups_out(lang: str) -> None:
    levels = pd.Series([1, 2, 3, 4, 5, 5, 4, 4, 2, 2, 3])
    groups = pd.Series(["Invånare"] * 8 + ["Politiker"] * 3)
    ax = likert.plot_diverging(likert.counts(levels, groups), lang=lang, title="T")
    assert isinstance(ax, Axes)
    assert len(ax.patches) == 5  # one group shown, five segments
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == sorted([0.125, 0.125, 0.125, 0.375, 0.25])
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == ["Invånare (n = 8)"]
    note = [t.get_text() for t in ax.texts]
    expected = (
        "Visas inte (färre än 5 svar): Politiker"
        if lang == "sv"
        else "Not shown (fewer than 5 answers): Politiker"
    )
    assert note == [expected]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == list(likert.scale(lang))
    plt.close("all")


def test_chart_with_labels_keeps_only_shown_rows() -> None:
    table = likert.counts(pd.Series(np.r_[[5] * 6, [1] * 2]), pd.Series(["x"] * 6 + ["y"] * 2))
    ax = likert.plot_diverging(table, labels=["Första", "Andra"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Första (n = 6)"]
    plt.close("all")
