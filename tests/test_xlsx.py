"""The report's tables as an Excel workbook: same headings and values, numbers as numbers, text never a
formula."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from labkit.runner.xlsx import Table, parse_number, report_tables, workbook_bytes, write_xlsx

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("14\u202f426", "sv", (14426, "#,##0")),
        ("1 234", "sv", (1234, "#,##0")),
        ("0,169", "sv", (0.169, "#,##0.000")),
        ("−0,25", "sv", (-0.25, "#,##0.00")),
        ("27,9 %", "sv", (27.9, '#,##0.0" %"')),
        ("14,426", "en", (14426, "#,##0")),
        ("0.169", "en", (0.169, "#,##0.000")),
        ("-3.5%", "en", (-3.5, '#,##0.0" %"')),
    ],
)
def test_numbers_as_the_report_prints_them(text: str, lang: str, expected: tuple) -> None:
    assert parse_number(text, lang) == expected


@pytest.mark.parametrize(
    "text", ["0114", "1462X005", "Lilla Edet område A", "1,2,3", "", "ja", "2,5 kr", "–"]
)
def test_codes_and_words_stay_text(text: str) -> None:
    assert parse_number(text, "sv") is None


def test_formula_like_text_is_stored_as_text(tmp_path: Path) -> None:
    texts = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(1+1)", "\tx", "=1+1"]
    table = Table("Idéer", ["Idé", "Poäng"], [[t, "3,5"] for t in texts])
    path = write_xlsx(tmp_path / "r.xlsx", [table])
    from openpyxl import load_workbook

    sheet = load_workbook(path)["Idéer"]
    assert [sheet.cell(row=r, column=1).data_type for r in range(2, 8)] == ["s"] * 6
    assert [sheet.cell(row=r, column=1).value for r in range(2, 8)] == texts
    assert sheet.cell(row=2, column=2).value == 3.5
    frame = pd.read_excel(path, sheet_name="Idéer")
    assert list(frame["Idé"]) == texts


def test_tables_are_read_from_the_report_with_their_headings() -> None:
    html = """<html><body><section class="labkit-data"><dl><dt>Kommun</dt><dd>x</dd></dl></section>
    <h2>Områdesprofiler¶</h2><table><thead><tr><th></th><th>Område</th><th>Folkmängd</th></tr></thead>
    <tbody><tr><th>0</th><td>A</td><td>1 532</td></tr>
    <tr><th>1</th><td>B</td><td>1 672</td></tr></tbody></table>
    <h3>Områdesprofiler</h3><table><tr><th>x</th></tr><tr><td>1</td></tr></table>
    <table><thead><tr><th>Tom</th></tr></thead><tbody></tbody></table></body></html>"""
    tables = report_tables(html)
    assert [(t.name, t.header, t.rows) for t in tables] == [
        ("Områdesprofiler", ["", "Område", "Folkmängd"], [["0", "A", "1 532"], ["1", "B", "1 672"]]),
        ("Områdesprofiler (2)", ["x"], [["1"]]),
    ]
    assert workbook_bytes(tables)[:2] == b"PK"


@pytest.mark.notebooks
def test_target_groups_workbook_equals_the_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from labkit.cli import main

    monkeypatch.chdir(tmp_path)
    assert (
        main(["run", "--municipality", "1462", "--method", "target_groups", "--out", "out", "--jobs", "1"])
        == 0
    )
    folder = tmp_path / "out" / "1462"
    results = json.loads((folder / "target_groups.results.json").read_text(encoding="utf-8"))
    sheets = pd.read_excel(folder / "target_groups.xlsx", sheet_name=None)
    assert len(sheets) >= 5
    assert 'href="target_groups.xlsx"' in (folder / "target_groups.html").read_text(encoding="utf-8")
    profiles = next(frame for frame in sheets.values() if {"Område", "Folkmängd"} <= set(frame.columns))
    areas = {a["area_name"] for a in results["areas"]}
    assert set(profiles["Område"]) == areas
    assert profiles["Folkmängd"].dtype.kind == "i"
    assert profiles["Folkmängd"].sum() == results["population_total"]
    invite = next(frame for frame in sheets.values() if "Kvot mot kommunen" in frame.columns)
    expected = [round(g["ratio"], 2) for g in results["target_groups"]]
    assert [round(float(x), 2) for x in invite["Kvot mot kommunen"]] == expected
