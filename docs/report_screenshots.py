"""Screenshots of the reports for docs/REPORTS.md: the first screen (1280×800) of one report per method.

Runs every method for one municipality (Lilla Edet, 1462, on the bundled data; two municipalities so that the
comparison page exists) into a temporary folder and photographs each report with headless chromium through
Playwright. The PNGs are written to ``docs/img/reports/<slug>.png`` (plus ``index.png`` and
``comparison.png``), each atomically.

    python docs/report_screenshots.py [--chromium /usr/bin/chromium] [--municipality 1462] [--lang sv]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img" / "reports"
VIEWPORT = {"width": 1280, "height": 800}


def run_reports(folder: Path, municipalities: list[str], lang: str) -> Path:
    """Run every method for ``municipalities`` into ``folder/out``; return the run folder."""
    from labkit.cli import main

    cwd = Path.cwd()
    try:
        os.chdir(folder)
        status = main(
            ["run", "--municipality", *municipalities, "--lang", lang, "--out", "out", "--jobs", "2"]
        )
    finally:
        os.chdir(cwd)
    if status != 0:
        raise SystemExit(f"labkit run failed with status {status}")
    return folder / "out"


def pages(run: Path, municipality: str) -> dict[str, Path]:
    """Name -> HTML file of every page to photograph: one report per method, the index and the comparison."""
    from labkit.registry import METHODS
    from labkit.runner.compare import PAGE

    found = {}
    for slug, method in METHODS.items():
        html = run / f"{slug}.html" if method.scope != "municipality" else run / municipality / f"{slug}.html"
        if html.is_file():
            found[slug] = html
    found["index"] = run / "index.html"
    if (run / PAGE).is_file():
        found["comparison"] = run / PAGE
    return found


def photograph(files: dict[str, Path], chromium: str, out: Path) -> list[Path]:
    """The first screen of each page as ``out/<name>.png`` (written to a temporary name, then renamed)."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport=VIEWPORT)
            for name, html in files.items():
                page.goto(html.as_uri())
                page.wait_for_load_state("load")
                target = out / f"{name}.png"
                temporary = target.with_name(f".{name}.png.tmp")
                temporary.write_bytes(page.screenshot(full_page=False))
                os.replace(temporary, target)
                written.append(target)
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="chromium executable")
    parser.add_argument("--municipality", default="1462", help="municipality photographed (4-digit code)")
    parser.add_argument(
        "--also", default="1402", help="second municipality of the run (for the comparison page)"
    )
    parser.add_argument("--lang", default="sv", help="report language: sv or en")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="labkit-screens-") as tmp:
        run = run_reports(Path(tmp), [args.municipality, args.also], args.lang)
        for path in photograph(pages(run, args.municipality), args.chromium, OUT):
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
