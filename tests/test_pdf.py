"""Tests of labkit.runner.pdf: headless chromium print-to-PDF, atomic writes, clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from labkit.errors import RunError
from labkit.runner import pdf
from labkit.runner.report import render_html

needs_chromium = pytest.mark.skipif(
    not Path(pdf.DEFAULT_CHROMIUM).is_file(), reason="needs /usr/bin/chromium"
)

PAGES_HTML = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>t</title></head><body>
<h1>Medskapande i Kungälv</h1><p>Första sidan.</p>
<section style="break-before: page"><h2>Andra sidan</h2><p>Åsiktsgrupper.</p></section>
<section style="break-before: page"><h2>Tredje sidan</h2><p>Delaktighetstrappan.</p></section>
</body></html>"""


def _fake_chromium(tmp_path: Path, script: str) -> Path:
    path = tmp_path / "fake-chromium"
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(0o755)
    return path


def test_missing_chromium_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "no-chromium"
    with pytest.raises(RunError) as err:
        pdf.write_pdf(tmp_path / "r.html", tmp_path / "r.pdf", chromium=missing)
    assert str(err.value) == (
        f"{missing}: cannot print the PDF report: expected an executable chromium browser; found no such "
        "program. Install Debian's chromium (`apt-get install chromium`) or name another binary with "
        "$LABKIT_CHROMIUM."
    )


def test_environment_names_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _fake_chromium(tmp_path, "exit 0")
    monkeypatch.setenv("LABKIT_CHROMIUM", str(fake))
    assert pdf.find_chromium() == fake
    assert pdf.find_chromium(tmp_path / "fake-chromium") == fake


def test_missing_html(tmp_path: Path) -> None:
    fake = _fake_chromium(tmp_path, "exit 0")
    with pytest.raises(RunError) as err:
        pdf.write_pdf(tmp_path / "r.html", tmp_path / "r.pdf", chromium=fake)
    assert str(err.value) == (
        f"{tmp_path / 'r.html'}: cannot print the PDF report: expected an HTML report; found no such file."
    )


def test_failing_chromium_leaves_no_file(tmp_path: Path) -> None:
    fake = _fake_chromium(tmp_path, "echo 'ERROR: something broke' >&2; exit 3")
    (tmp_path / "r.html").write_text(PAGES_HTML, encoding="utf-8")
    with pytest.raises(RunError) as err:
        pdf.write_pdf(tmp_path / "r.html", tmp_path / "out" / "r.pdf", chromium=fake)
    assert str(err.value) == (
        f"{fake}: chromium did not print the PDF report: expected a PDF file; "
        "found the browser stopped before printing (ERROR: something broke)."
    )
    assert os.listdir(tmp_path / "out") == []


def test_timeout(tmp_path: Path) -> None:
    fake = _fake_chromium(tmp_path, "sleep 5")
    (tmp_path / "r.html").write_text(PAGES_HTML, encoding="utf-8")
    with pytest.raises(RunError) as err:
        pdf.write_pdf(tmp_path / "r.html", tmp_path / "r.pdf", chromium=fake, timeout=0.5)
    assert str(err.value) == (
        f"{fake}: chromium did not finish printing the PDF report: expected a PDF "
        "within 0.5 s; found no answer."
    )
    assert sorted(os.listdir(tmp_path)) == ["fake-chromium", "r.html"]


def test_print_css_goes_into_the_head() -> None:
    html = pdf.print_html("<html><head><title>x</title></head><body></body></html>")
    assert html == "<html><head><title>x</title>" + pdf.PRINT_CSS + "</head><body></body></html>"
    assert pdf.print_html("<p>bare</p>") == pdf.PRINT_CSS + "<p>bare</p>"


@pytest.mark.browser
@needs_chromium
def test_pdf_pages_and_title(tmp_path: Path) -> None:
    from pypdf import PdfReader

    (tmp_path / "r.html").write_text(PAGES_HTML, encoding="utf-8")
    out = pdf.write_pdf(tmp_path / "r.html", tmp_path / "1482" / "cocreation.pdf")
    assert out == tmp_path / "1482" / "cocreation.pdf"
    reader = PdfReader(out)
    assert len(reader.pages) == 3
    texts = [page.extract_text() for page in reader.pages]
    assert "Medskapande i Kungälv" in texts[0]
    assert "Andra sidan" in texts[1] and "Tredje sidan" in texts[2]
    assert os.listdir(tmp_path / "1482") == ["cocreation.pdf"]


@pytest.mark.browser
@needs_chromium
def test_pdf_of_a_report(tmp_path: Path) -> None:
    from pypdf import PdfReader

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# Målgruppsanalys för Kungälv\n\nVilka bor var?"),
            nbformat.v4.new_code_cell(
                "print('hej')", outputs=[nbformat.v4.new_output("stream", text="Område 1\n")]
            ),
            *[
                nbformat.v4.new_markdown_cell(f"## Avsnitt {i}\n\n" + "Text om segregation. " * 120)
                for i in range(1, 7)
            ],
        ]
    )
    wide = nbformat.v4.new_code_cell(
        "",
        outputs=[
            nbformat.v4.new_output(
                "display_data",
                data={
                    "text/html": "<table><thead><tr>"
                    + "".join(f"<th>Kolumn {i}</th>" for i in range(10))
                    + "</tr></thead><tbody><tr>"
                    + "".join(
                        f"<td>Motivering nummer {i} med lång text som måste radbrytas</td>" for i in range(10)
                    )
                    + "</tr></tbody></table>"
                },
            )
        ],
    )
    nb.cells.insert(2, wide)
    (tmp_path / "r.html").write_text(render_html(nb, "Målgruppsanalys – Kungälv"), encoding="utf-8")
    reader = PdfReader(pdf.write_pdf(tmp_path / "r.html", tmp_path / "r.pdf"))
    text = reader.pages[0].extract_text()
    assert "Målgruppsanalys för Kungälv" in text
    assert len(reader.pages) >= 2
    everything = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "print(" not in everything
    for i in range(10):  # a wide table keeps every column, its cells wrapped
        assert f"Kolumn {i}" in everything and f"Motivering nummer {i} med lång text" in everything
    for n, page in enumerate(reader.pages, start=1):  # title and page number in every footer
        assert f"{n} / {len(reader.pages)}" in page.extract_text()
        assert "Målgruppsanalys – Kungälv" in page.extract_text()
    assert reader.metadata.title == "Målgruppsanalys – Kungälv"
