"""The report template: title block (municipality, date, provenance, source, version) and no code in
reports."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import nbformat

from labkit import __version__
from labkit.runner import report

PROVENANCE = {
    "synthetic": True,
    "description": "Syntetiska områden <5 invånare>",
    "files": ["a.csv"],
    "years": [2023],
    "citation": "SCB Statistikdatabasen, 2023",
}


def _notebook(**params: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Målgruppsanalys"),
            nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell(
                "print('hej')", outputs=[nbformat.v4.new_output("stream", text="Område 1\n")]
            ),
        ]
    )
    nb.metadata["papermill"] = {"parameters": params}
    return nb


def _block(html: str) -> dict[str, str]:
    """The title block's rows as {dt text: dd text}, tags stripped."""
    section = re.search(
        r'<section[^>]*class="[^"]*labkit-title-block[^"]*"[^>]*>(.*?)</section>', html, re.DOTALL
    ).group(1)
    rows = re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", section, re.DOTALL)
    return {dt: re.sub(r"<[^>]+>", "", dd).strip() for dt, dd in rows}


def test_title_block_comes_from_the_results_file(tmp_path: Path) -> None:
    nbformat.write(_notebook(kommun="1402", source="bundled"), tmp_path / "target_groups.ipynb")
    record = {
        "kommun": "Partille",
        "kommun_kod": "1402",
        "source": "bundled",
        "provenance": PROVENANCE,
        "labkit_version": "9.8.7",
        "created": "2024-03-05T10:11:12+00:00",
        "key_findings": {
            "sv": ["Fyra av elva områden <script>alert(1)</script> bär lasten."],
            "en": ["Four of eleven areas carry the load."],
        },
    }
    (tmp_path / "target_groups.results.json").write_text(json.dumps(record), encoding="utf-8")
    report.write_report(
        tmp_path / "target_groups.ipynb",
        tmp_path / "r.html",
        report.report_title("target_groups", "Partille"),
    )
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert _block(html) == {
        "Kommun": "Partille (1402)",
        "Datum": "2024-03-05",
        "Datakälla": "labkits inbyggda exempel",
        "Siffrorna": (
            "Syntetiska områden: antalet områden och kommunens totaler (folkmängd, utrikes födda, "
            "upplåtelseformer) är verkliga, men siffrorna för enskilda områden är påhittade och "
            "beskriver inga verkliga bostadsområden."
        ),
        "labkit-version": "9.8.7",
    }
    assert "<title>Målgruppsanalys – Partille</title>" in html
    # title, then the key findings (escaped), then the data box, then the sections
    assert (
        html.index(">Målgruppsanalys<")
        < html.index("Det viktigaste")
        < html.index("Fyra av elva områden &lt;script&gt;alert(1)&lt;/script&gt; bär lasten.")
        < html.index('class="labkit-data labkit-title-block')
        < html.index("Område 1")
    )
    assert "<script>alert(1)" not in html and "Four of eleven" not in html
    assert "print(" not in html and "x = 1" not in html
    assert "@page { size: A4;" in html


def test_without_a_results_file_the_notebook_parameters_are_used(tmp_path: Path) -> None:
    nbformat.write(_notebook(kommun="1462", source="scb-exports"), tmp_path / "echo.ipynb")
    report.write_report(tmp_path / "echo.ipynb", tmp_path / "r.html", "t", lang="en")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert _block(html) == {
        "Municipality": "1462",
        "Date": date.today().isoformat(),
        "Data source": "SCB Statistikdatabasen (exported files)",
        "The figures": "unknown",
        "labkit version": __version__,
    }
    assert "Key findings" not in html  # no box when the method wrote no findings


def test_real_data_is_named_real_and_an_unreadable_results_file_is_ignored(tmp_path: Path) -> None:
    nb = _notebook(kommun="1482", source="scb-exports")
    meta = report.title_block(
        nb,
        {
            "kommun": "Kungälv",
            "kommun_kod": "1482",
            "created": "2025-01-02",
            "provenance": {"synthetic": False, "description": "SCB-exporter", "years": [2023, 2020, 2021]},
        },
    )
    assert _block(report.render_html(nb, "t", meta=meta))["Siffrorna"] == (
        "Verkliga uppgifter från SCB Statistikdatabasen, år 2020–2023."
    )
    nbformat.write(nb, tmp_path / "ska.ipynb")
    (tmp_path / "ska.results.json").write_text("{not json", encoding="utf-8")
    report.write_report(tmp_path / "ska.ipynb", tmp_path / "r.html", "t")
    assert _block((tmp_path / "r.html").read_text(encoding="utf-8"))["Kommun"] == "1482"


def test_workshop_cells_and_the_other_language_are_left_out() -> None:
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Medskapande", metadata={"tags": ["lang-sv"]}),
            nbformat.v4.new_markdown_cell("# Co-creation", metadata={"tags": ["lang-en"]}),
            nbformat.v4.new_markdown_cell("Gemensam text"),
            nbformat.v4.new_markdown_cell(
                "## Under workshoppen: formulären", metadata={"tags": ["workshop"]}
            ),
        ]
    )
    swedish, english = report.render_html(nb, "t", "sv"), report.render_html(nb, "t", "en")
    assert "Medskapande" in swedish and "Co-creation" not in swedish
    assert "Co-creation" in english and "Medskapande" not in english
    assert "Gemensam text" in swedish and "Gemensam text" in english
    assert "Under workshoppen" not in swedish + english
    assert english.index(">Co-creation<") < english.index("About the data")  # the box follows the kept title


def _normalised(html: str) -> str:
    """``html`` as BeautifulSoup serialises it, with the random cell ids of inserted cells blanked."""
    from bs4 import BeautifulSoup

    return re.sub(r"cell-id=[0-9a-f-]+", "cell-id", str(BeautifulSoup(html, features="html.parser")))


def test_the_page_is_nbconverts_without_its_soup_pass_and_with_alt_text_in_the_readers_language(
    monkeypatch,
) -> None:
    """labkit's exporter skips HTMLExporter's BeautifulSoup pass (half of a report's rendering time) and does
    what that pass did itself: ``tabindex="0"`` on input and output areas, ``alt`` text on images (in the
    report's language, where nbconvert wrote an English sentence)."""
    from nbconvert import HTMLExporter

    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    nb = _notebook(kommun="Partille")
    nb.cells += [
        nbformat.v4.new_markdown_cell(
            "Text med <b>fet</b> stil och en ![karta](data:image/png;base64," + png + ")"
        ),
        nbformat.v4.new_code_cell(
            "plot()", outputs=[nbformat.v4.new_output("display_data", data={"image/png": png})]
        ),
        nbformat.v4.new_code_cell(
            "t",
            outputs=[
                nbformat.v4.new_output(
                    "display_data", data={"text/html": "<table><tr><td>1</td></tr></table>"}
                )
            ],
        ),
    ]
    for lang in ("sv", "en"):
        ours = report.render_html(nb, "t", lang)
        assert (
            ours.count(f'<img alt="{report.IMAGE_ALT[lang]}" ') == 1
        )  # the chart; the markdown image keeps its own
        assert 'alt="karta"' in ours and "No description has been provided" not in ours
        areas = re.findall(
            r'<div class="(?:[^"]*jp-OutputArea-output[^"]*|jp-Cell-inputWrapper)"( tabindex="0")?', ours
        )
        assert len(areas) == 6 and all(areas)  # 3 markdown inputs, the stream, the chart and the table
        monkeypatch.setattr(report, "_report_exporter_class", lambda: HTMLExporter)
        report._exporter.cache_clear()
        stock = report.render_html(nb, "t", lang)
        monkeypatch.undo()
        report._exporter.cache_clear()
        stock = stock.replace(
            'alt="No description has been provided for this image"', f'alt="{report.IMAGE_ALT[lang]}"'
        )
        assert _normalised(ours) == _normalised(stock)
