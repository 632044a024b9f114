"""Printable workshop handouts: kinds, blank and pre-filled sheets, journal before examples, and the CLI."""

from __future__ import annotations

import html
import math
import re
from datetime import date
from pathlib import Path

import pytest

from labkit import handouts
from labkit.capture.journal import LabJournal
from labkit.cli import main
from labkit.data.bundled import example_records
from labkit.errors import ConfigError
from labkit.methods.ska.kinds import ASPECTS, SCALES

DAY = date(2025, 3, 19)


def _render(kind: str, tmp_path: Path, **options: object) -> str:
    """A handout for Partille with a journal path that does not exist (so the examples are used)."""
    options.setdefault("journal", tmp_path / "none.sqlite")
    return handouts.render_handout(kind, "1402", today=DAY, **options)


def _cells(page: str) -> list[str]:
    return re.findall(r'<td class="write">(.*?)</td>', page, re.DOTALL)


def test_an_unknown_kind_is_refused_with_the_list_of_kinds() -> None:
    with pytest.raises(ConfigError) as err:
        handouts.render_handout("poster", "1402")
    assert str(err.value) == (
        "parameter 'KIND': unknown handout: expected one of brainwriting, idea_card, "
        "test_card, ska_matrix; found 'poster'."
    )


def test_the_cli_refuses_an_unknown_kind_and_a_bad_code_with_status_2(tmp_path: Path, capsys) -> None:
    assert main(["handouts", "poster", "--kommun", "1402", "--out", str(tmp_path)]) == 2
    assert main(["handouts", "test_card", "--kommun", "14", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        (
            "labkit: error: parameter 'KIND': unknown handout: expected one of brainwriting, idea_card, "
            "test_card, ska_matrix; found 'poster'."
        ),
        (
            "labkit: error: option '--kommun': invalid value: expected a 4-digit municipality code as text, "
            "e.g. '1402'; found '14'."
        ),
    ]
    assert list(tmp_path.iterdir()) == []


def test_the_cli_writes_a_self_contained_a4_page(tmp_path: Path, capsys) -> None:
    journal = tmp_path / "none.sqlite"
    assert (
        main(
            [
                "handouts",
                "test_card",
                "--kommun",
                "1402",
                "--out",
                str(tmp_path / "h"),
                "--journal",
                str(journal),
            ]
        )
        == 0
    )
    path = tmp_path / "h" / "test_card_1402.html"
    assert capsys.readouterr().out.splitlines() == [str(path)]
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="sv">' in page
    assert "@page { size: A4 portrait; margin: 12mm; }" in page
    assert not re.search(r'(src|href)="', page)  # nothing to fetch: prints offline
    assert "<title>Testkort – Partille</title>" in page


def test_a_prefilled_brainwriting_sheet_holds_every_example_idea_by_round(tmp_path: Path) -> None:
    page = _render("brainwriting", tmp_path)
    ideas = example_records("1402", "ideas")
    for text in ideas["text"]:
        assert html.escape(text, quote=False) in page
    rows = sum(math.ceil(n / 3) for n in ideas.groupby("round").size())
    assert page.count("<tr><td>") == rows
    assert len(_cells(page)) == 3 * rows
    assert "Förifyllt med påhittade exempelposter" in page and '<span class="date">2025-03-19</span>' in page
    built = ideas.dropna(subset=["builds_on"]).iloc[0]
    assert f"{built.idea_id} · bygger på {built.builds_on}</span>" in page


def test_a_blank_brainwriting_sheet_has_six_rounds_of_three_empty_boxes(tmp_path: Path) -> None:
    page = _render("brainwriting", tmp_path, blank=True)
    assert [int(n) for n in re.findall(r"<tr><td>(\d+)</td>", page)] == [1, 2, 3, 4, 5, 6]
    assert _cells(page) == [""] * 18
    assert "Förifyllt" not in page


def test_test_cards_come_from_the_example_test_cards(tmp_path: Path) -> None:
    page = _render("test_card", tmp_path)
    cards = example_records("1402", "test_cards")
    assert page.count('<section class="card test-card">') == len(cards) == 3
    for card in cards.itertuples():
        assert f"<h2>Testkort för prototyp {card.prototype_id}</h2>" in page
        assert f'<dd data-field="hypothesis">{html.escape(card.hypothesis, quote=False)}</dd>' in page
        assert f'<dd data-field="deadline">{card.deadline}</dd>' in page


def test_a_blank_idea_card_has_every_field_empty(tmp_path: Path) -> None:
    page = _render("idea_card", tmp_path, blank=True)
    assert page.count('<section class="card idea-card">') == 1
    fields = re.findall(r'<dd data-field="(\w+)">(.*?)</dd>', page)
    assert fields == [
        (f, "") for f in ("title", "target_group", "need", "description", "benefit", "first_step")
    ]


def test_the_journal_comes_before_the_examples_and_its_latest_cell_entry_counts(tmp_path: Path) -> None:
    path = tmp_path / "labbok.sqlite"
    with LabJournal(path, workshop="w1") as book:
        book.add(
            "ska_cell", aspect="Samspel", scale="Närmiljö", phase="åtgärder", assessment="-", note="Först"
        )
        book.add(
            "ska_cell", aspect="Samspel", scale="Närmiljö", phase="åtgärder", assessment="+", note="Ny <park>"
        )
    page = _render("ska_matrix", tmp_path, journal=path)
    assert "Förifyllt från kommunens labbok." in page and "påhittade" not in page
    assert page.count("<h2>Fas: ") == 1 and "<h2>Fas: åtgärder</h2>" in page
    cells = _cells(page)
    assert len(cells) == len(ASPECTS) * len(SCALES) == 20
    at = ASPECTS.index("Samspel") * len(SCALES) + SCALES.index("Närmiljö")
    assert cells[at] == '<span class="assessment">+</span>Ny &lt;park&gt;'
    assert [c for i, c in enumerate(cells) if i != at] == [""] * 19


def test_the_example_ska_matrix_has_one_page_per_phase(tmp_path: Path) -> None:
    page = _render("ska_matrix", tmp_path)
    cells = example_records("1402", "ska_cells")
    assert re.findall(r"<h2>Fas: (\w+)</h2>", page) == ["inventering", "åtgärder", "konsekvenser"]
    filled = [c for c in _cells(page) if c]
    assert len(filled) == len(cells.drop_duplicates(["phase", "aspect", "scale"]))
