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


def _bs4_tables(html: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """An independent reading of the same rules with BeautifulSoup (the reader labkit used before)."""
    from bs4 import BeautifulSoup

    def text(node) -> str:
        return " ".join(node.get_text(" ", strip=True).replace("¶", " ").split())

    out = []
    soup = BeautifulSoup(html, "html.parser")
    for node in (t for t in soup.find_all("table") if t.find_parent("table") is None):
        head_rows = node.find("thead").find_all("tr") if node.find("thead") else []
        body = node.find("tbody") or node
        body_rows = [
            tr for tr in body.find_all("tr") if tr.find_parent("table") is node and tr not in head_rows
        ]
        if not head_rows and body_rows and all(c.name == "th" for c in body_rows[0].find_all(["th", "td"])):
            head_rows, body_rows = [body_rows[0]], body_rows[1:]
        cells = [[text(c) for c in tr.find_all(["th", "td"])] for tr in head_rows]
        header = [" ".join(p for p in col if p) for col in zip(*cells)] if cells else []
        rows = [[text(c) for c in tr.find_all(["th", "td"])] for tr in body_rows]
        if not rows:
            continue
        header += [""] * (max(len(header), *(len(r) for r in rows)) - len(header))
        caption = node.find("caption")
        previous = node.find_previous(["h2", "h3", "h4"])
        name = text(caption) if caption and text(caption) else (text(previous) if previous else "")
        out.append((name, header, rows))
    return out


def test_table_reader_agrees_with_beautifulsoup_on_awkward_markup() -> None:
    html = """<!DOCTYPE html><html><head><style>td { color: red }</style></head><body>
    <h2 id="a">Profiler &amp; index<a class="anchor-link" href="#a">¶</a></h2>
    <table><caption> </caption><thead><tr><th>Område</th><th>Andel<br>hyresrätt</th></tr>
    <tr><th></th><th>%</th></tr></thead>
    <tbody><tr><td>A <!-- hidden --> &lt;B&gt;</td><td>27,9&nbsp;%</td></tr>
    <tr><td><b>C</b>d<i>e</i></td><td>
        1&#8239;234 </td></tr>
    <tr><td>inner<table><tr><th>x</th></tr><tr><td>nested</td></tr></table></td><td>1</td></tr></tbody></table>
    <p>text<img src="x.png" alt="">more</p>
    <h3>Andra</h3><div><table><caption>Egen rubrik</caption><tr><th>k</th><th>v</th></tr>
    <tr><td>1<td>2</td></tr></table></div>
    <h4>Tom</h4><table><tr><td>only</td></tr></table>
    <table><thead><tr><th>Ingen rad</th></tr></thead></table>
    </body></html>"""
    ours = [(t.name, t.header, t.rows) for t in report_tables(html)]
    assert ours == [(name[:31].rstrip(), header, rows) for name, header, rows in _bs4_tables(html)]
    assert ours == [
        (
            "Profiler & index",
            ["Område", "Andel hyresrätt %", "", ""],
            [["A <B>", "27,9 %"], ["C d e", "1 234"], ["inner x nested", "x", "nested", "1"]],
        ),
        ("Egen rubrik", ["k", "v"], [["1 2", "2"]]),  # no implied </td>: the first cell holds the second
        ("Tom", [""], [["only"]]),
    ]
