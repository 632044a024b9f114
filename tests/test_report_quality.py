"""Issue-15 acceptance: the checker over every report of a run (Swedish, and English for one municipality),
the PDF keeps every area and every "Motivering", and the key findings are on a Swedish report's first
screen."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from report_checker import problems

from labkit.cli import main
from labkit.registry import METHODS
from labkit.runner.compare import PAGE

pytestmark = pytest.mark.xdist_group("kernels")


def _run(work: Path, *args: str) -> Path:
    import os

    cwd = Path.cwd()
    try:
        os.chdir(work)
        status = main(["run", *args, "--out", "out", "--jobs", "2"])
    finally:
        os.chdir(cwd)
    assert status == 0
    return work / "out"


@pytest.fixture(scope="module")
def english_run(tmp_path_factory) -> Path:
    """Every method for Lilla Edet in English."""
    return _run(tmp_path_factory.mktemp("en"), "--municipality", "1462", "--lang", "en")


@pytest.fixture(scope="module")
def swedish_run(tmp_path_factory) -> Path:
    """Every method for Lilla Edet and Partille in Swedish, with PDFs."""
    return _run(tmp_path_factory.mktemp("sv"), "--municipality", "1462", "1402", "--pdf")


#: Pages of a run that are no method's report (they have no results file).
RUN_PAGES = ("index.html", PAGE)


def _reports(run: Path) -> list[Path]:
    return sorted(run.glob("*/*.html")) + sorted(p for p in run.glob("*.html") if p.name not in RUN_PAGES)


def _check(run: Path, lang: str) -> list[str]:
    found = []
    for html in _reports(run):
        keys = set(json.loads(html.with_suffix(".results.json").read_text(encoding="utf-8")))
        found += [
            f"{html.relative_to(run)}: {p}" for p in problems(html.read_text(encoding="utf-8"), lang, keys)
        ]
    comparison = run / PAGE  # a run over several municipalities: the comparison page is read too
    if comparison.is_file():
        found += [f"{PAGE}: {p}" for p in problems(comparison.read_text(encoding="utf-8"), lang)]
    return found


def test_every_swedish_report_passes_the_checker(swedish_run: Path) -> None:
    assert len(_reports(swedish_run)) == 2 * (len(METHODS) - 1) + 1
    assert (swedish_run / PAGE).is_file()
    assert _check(swedish_run, "sv") == []


def test_every_english_report_passes_the_checker(english_run: Path) -> None:
    assert len(_reports(english_run)) == len(METHODS)
    for html in _reports(english_run):
        assert '<html lang="en">' in html.read_text(encoding="utf-8")
    assert _check(english_run, "en") == []


@pytest.mark.browser
def test_the_pdf_keeps_the_matrix_and_every_motivation(swedish_run: Path) -> None:
    from pypdf import PdfReader

    folder = swedish_run / "1462"
    reader = PdfReader(folder / "target_groups.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    flat = text.replace("- ", "").replace(" ", "")
    results = json.loads((folder / "target_groups.results.json").read_text(encoding="utf-8"))
    # both sides without any whitespace (str.split also splits at the no-break spaces before "%")
    for area in results["areas"]:
        assert "".join(area["area_name"].split()) in flat, area["area_name"]
    for group in results["target_groups"]:
        assert "".join(group["reason"].split()) in flat, group["reason"]
    for n, page in enumerate(reader.pages, start=1):
        assert re.search(rf"\b{n} / {len(reader.pages)}\b", page.extract_text())
    assert reader.metadata.title == "Målgruppsanalys – Lilla Edet"


@pytest.mark.browser
def test_key_findings_on_the_first_screen(swedish_run: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            for slug in [s for s, m in METHODS.items() if m.scope == "municipality"]:
                page.goto((swedish_run / "1462" / f"{slug}.html").as_uri())
                box = page.locator("section.labkit-findings").bounding_box()
                assert box is not None and box["y"] + 60 < 800, slug
                assert page.locator("section.labkit-findings li").count() >= 3, slug
        finally:
            browser.close()
