"""A full journal in the co-creation report: the tree and dot charts draw the top ideas and say what they
leave out, the long tables show their first rows and carry every row to the report's Excel file."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from labkit import render
from labkit.capture.journal import frame_of
from labkit.methods import cocreation as cc
from labkit.methods.cocreation import display
from labkit.methods.cocreation.inputs import KINDS, Inputs
from labkit.runner.xlsx import full_tables, report_tables

AREAS = pd.DataFrame(
    {
        "area_code": ["1402X001"],
        "area_name": ["A"],
        "population": [100.0],
        "omradestyp": [2],
        "omradestyp_label": ["socioekonomiska utmaningar"],
    }
)

# 130 ideas: a chain of 31 (i0 ← i1 ← … ← i30), a root with 20 children (i31; i32–i51), a root with 5 children
# (i52; i53–i57) and 72 single ideas (i58–i129). Tree sizes 31, 21, 6, then 1 each.


def _ideas() -> pd.DataFrame:
    rows = []
    for n in range(130):
        parent = None
        if 1 <= n <= 30:
            parent = f"i{n - 1}"
        elif 32 <= n <= 51:
            parent = "i31"
        elif 53 <= n <= 57:
            parent = "i52"
        rows.append(
            {"id": f"i{n}", "text": f"Idé {n}", "round": 1 + n % 3, "participant": "P00", "builds_on": parent}
        )
    return frame_of("idea", rows)


def _dots() -> pd.DataFrame:
    # idea i<n> gets (n % 7) dots from different participants: 6 dots for n = 6, 13, …; none when n % 7 == 0
    rows = [
        {"id": f"d{n}-{k}", "idea": f"i{n}", "participant": f"P{k:02d}", "workshop_id": "w1"}
        for n in range(130)
        for k in range(n % 7)
    ]
    return frame_of("dot", rows)


@pytest.fixture(scope="module")
def result() -> cc.Result:
    frames = {kind: frame_of(kind, []) for kind in KINDS}
    frames["participant"] = frame_of(
        "participant", [{"id": f"p{k}", "pseudonym": f"P{k:02d}", "role": "invånare"} for k in range(7)]
    )
    frames["idea"], frames["dot"] = _ideas(), _dots()
    inputs = Inputs(
        kommun_kod="1402",
        kommun="Partille",
        origin="journal",
        journal_path="labbok.sqlite",
        workshop="",
        records=frames,
        areas=AREAS,
        year=2023,
        area_type_year=2022,
        synthetic=True,
    )
    return cc.analyse(inputs, cc.Params("1402"))


def test_largest_trees_whole_trees_largest_first_or_the_start_of_one(result: cc.Result) -> None:
    tree = result.tree
    shown, cut = display.largest_trees(tree, 40)  # 31 fits, 31 + 21 does not
    assert cut == "trees" and shown["id"].tolist() == [f"i{n}" for n in range(31)]
    # 31 + 21 + 6 = 58, then two single ideas (the first written)
    shown, cut = display.largest_trees(tree, 60)
    assert cut == "trees"
    assert shown["id"].tolist() == [f"i{n}" for n in range(60)]
    shown, cut = display.largest_trees(tree, 20)  # the largest alone has more: its first 20 rows
    assert cut == "part" and shown["id"].tolist() == [f"i{n}" for n in range(20)]
    assert display.largest_trees(tree, 130) == (tree, "all")


def _note(ax) -> str:
    return " ".join(t.get_text() for t in ax.texts if t.get_fontsize() == 8 and "Idé" not in t.get_text())


def test_the_tree_chart_draws_the_largest_trees_and_says_how_many_ideas_it_shows(result: cc.Result) -> None:
    ax = cc.plot_tree(result)
    labels = [t.get_text() for t in ax.texts if t.get_text().startswith(("Idé", "…"))]
    assert len(labels) == 31 and len(ax.collections[0].get_offsets()) == 31
    assert " ".join(_note(ax).split()) == (
        "Diagrammet visar 31 av 130 idéer: det största idéträdet. Alla idéer finns i rapportens Excel-fil."
    )
    plt.close(ax.figure)
    ax = cc.plot_tree(result, limit=55)
    assert " ".join(_note(ax).split()) == (
        "Diagrammet visar 52 av 130 idéer: de 2 största idéträden. Alla idéer finns i rapportens Excel-fil."
    )
    plt.close(ax.figure)
    ax = cc.plot_tree(result, limit=20)
    assert " ".join(_note(ax).split()) == (
        "Diagrammet visar 20 av 130 idéer: början av det största idéträdet, som ensamt har fler. "
        "Alla idéer finns i rapportens Excel-fil."
    )
    plt.close(ax.figure)
    ax = cc.plot_tree(result, limit=130)
    assert _note(ax) == ""
    plt.close(ax.figure)


def test_the_dot_chart_draws_the_ideas_with_most_dots_and_says_how_many_it_leaves_out(
    result: cc.Result,
) -> None:
    with_dots = sum(1 for n in range(130) if n % 7)
    assert len(result.dots) == with_dots == 111
    ax = cc.plot_dots(result)
    bars = ax.patches
    assert len(bars) == display.CHART_IDEAS == 40
    # most dots at the top: 6 dots for i6, i13, …, i125 (18 ideas), then 5 dots for i5, i12, …
    at = dict(zip(ax.get_yticks(), (t.get_text() for t in ax.get_yticklabels()), strict=True))
    top_down = [at[y] for y in sorted(at, reverse=True)]
    assert top_down[:19] == [f"Idé {n}" for n in range(6, 130, 7)] + ["Idé 5"]
    assert top_down[-1] == "Idé 25"  # 18 ideas with 6 dots, 18 with 5 (i5 … i124), then 4: i4, i11, i18, i25
    assert sorted((b.get_width() for b in bars), reverse=True)[:19] == [6] * 18 + [5]
    assert " ".join(_note(ax).split()) == (
        "Diagrammet visar de 40 idéer som fick flest prickar (vid lika många de som skrevs först) av 111 "
        "idéer med prickar. Alla finns i rapportens Excel-fil."
    )
    plt.close(ax.figure)


def test_two_ideas_with_the_same_text_get_a_bar_each(result: cc.Result) -> None:
    import dataclasses

    same = dataclasses.replace(result, dots=result.dots.head(3).assign(text="Samma idé"))
    ax = cc.plot_dots(same)
    assert len(ax.patches) == 3 and [t.get_text() for t in ax.get_yticklabels()] == ["Samma idé"] * 3
    assert _note(ax) == ""
    plt.close(ax.figure)


def test_long_tables_show_their_first_rows_and_carry_every_row(result: cc.Result) -> None:
    shown = cc.show_tree(result)
    assert isinstance(shown, render.CappedTable)
    assert len(shown.data) == display.TABLE_ROWS == 100 and len(shown.full) == 130
    html = shown.to_html()
    assert html.count("<tr") == 1 + 100 and f'data-labkit-table="{shown.key}"' in html
    assert html.endswith(
        '<p class="labkit-cut"><em>Tabellen visar de första 100 av 130 raderna. Alla rader finns i '
        "rapportens "
        "Excel-fil.</em></p>"
    )
    bundle = shown._repr_mimebundle_()
    full = bundle[render.FULL_TABLE_MIME]
    assert full["key"] == shown.key and len(full["rows"]) == 130
    assert full["rows"][1] == ["\u2003↳ Idé 1", "2", "0", "29"]  # text, round, additions, descendants
    assert full["rows"][129] == ["Idé 129", "1", "0", "0"]
    # every row reaches the workbook: the report's table is read with the full rows of its key
    notebook = {
        "cells": [{"cell_type": "code", "outputs": [{"output_type": "display_data", "data": bundle}]}]
    }
    tables = report_tables(f"<h3>Idéträdet</h3>{bundle['text/html']}", full_tables(notebook))
    assert len(tables) == 1 and tables[0].name == "Idéträdet"
    assert tables[0].header == ["Idé", "Omgång", "”Ja, och …”", "Idéer som bygger vidare"]
    assert len(tables[0].rows) == 130 and tables[0].rows[1] == ["↳ Idé 1", "2", "0", "29"]
    assert report_tables(f"<h3>Idéträdet</h3>{bundle['text/html']}")[0].rows == [
        [" ".join(c.split()) for c in row] for row in full["rows"][:100]
    ]
    # all rows on request, and a short table stays a plain table
    assert len(cc.show_tree(result, rows=None).data) == 130
    assert not isinstance(cc.show_dots(result, rows=200), render.CappedTable)
    assert len(cc.show_dots(result).full) == 111


def test_english_notes(result: cc.Result) -> None:
    import dataclasses

    english = dataclasses.replace(result, params=cc.Params("1402", lang="en"))
    assert cc.show_dots(english).note == (
        "The table shows the first 100 of 111 rows. Every row is in the report's Excel file."
    )
    ax = cc.plot_tree(english)
    assert " ".join(_note(ax).split()) == (
        "The chart shows 31 of 130 ideas: the largest idea tree. Every idea is in the report's Excel file."
    )
    plt.close(ax.figure)


def test_a_table_with_an_index_is_never_capped() -> None:
    with pytest.raises(ValueError):
        render.capped_table(pd.DataFrame({"a": range(5)}), 2, lambda s, t: "", index=True)


def test_a_batch_job_leaves_the_workshop_board_out(tmp_path) -> None:
    import json
    from pathlib import Path

    from labkit.runner.execute import _batch_notebook
    from labkit.runner.plan import Job

    notebook = Path(__file__).resolve().parents[1] / "notebooks" / "cocreation.ipynb"
    job = Job("cocreation", "1402", "Partille", str(notebook), str(tmp_path), {}, "x")
    copy = _batch_notebook(job, tmp_path / ".cocreation.1.tmp.ipynb")
    assert copy == tmp_path / ".cocreation.1.in.ipynb"
    before = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    after = json.loads(copy.read_text(encoding="utf-8"))["cells"]
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        tags = old.get("metadata", {}).get("tags", [])
        if "workshop" in tags and old["cell_type"] == "code":
            assert "".join(old["source"]).startswith("board = cocreation.workshop(") and new["source"] in (
                "",
                [],
            )
        else:
            assert "".join(new["source"]) == "".join(old["source"])
    plain = tmp_path / "plain.ipynb"
    kept = [c for c in before if "workshop" not in c.get("metadata", {}).get("tags", [])]
    plain.write_text(json.dumps({**json.loads(notebook.read_text(encoding="utf-8")), "cells": kept}))
    no_workshop = Job("cocreation", "1402", "Partille", str(plain), str(tmp_path), {}, "x")
    assert _batch_notebook(no_workshop, tmp_path / ".x.1.tmp.ipynb") is None


def test_tie_sums_of_all_rows_at_once_equal_row_by_row() -> None:
    import numpy as np
    from scipy.stats import rankdata

    from labkit.methods.cocreation import ideas

    rng = np.random.default_rng(3)
    for m, n, levels in ((1, 1, 1), (5, 4, 2), (30, 12, 4), (8, 9, 9), (4, 6, 1)):
        ranks = rankdata(rng.integers(1, levels + 1, size=(m, n)), axis=1)
        by_row = sum(float((c**3 - c).sum()) for c in (np.unique(r, return_counts=True)[1] for r in ranks))
        assert ideas._tie_sum(ranks) == by_row
    # by hand: rows (1, 1, 1) and (1, 2, 2): 3³ − 3 + 2³ − 2 = 30
    assert ideas._tie_sum(rankdata(np.array([[1, 1, 1], [1, 2, 2]]), axis=1)) == 30
    assert ideas._tie_sum(np.empty((0, 0))) == 0


def test_the_permutation_p_is_the_same_with_the_design_given() -> None:
    import numpy as np

    from labkit.methods.cocreation import ideas

    rng = np.random.default_rng(4)
    values = rng.integers(1, 5, size=(25, 12)).astype(float)
    values[rng.random(values.shape) > 0.4] = np.nan
    values = values[(~np.isnan(values)).sum(axis=1) >= 2]
    design = ideas._design(values)
    assert ideas.permutation_p(values, 2, 2_000) == ideas.permutation_p(values, 2, 2_000, design=design)
    statistic, df, _ = ideas._skillings_mack(values)
    assert ideas._skillings_mack(values, design)[:2] == (statistic, df)
