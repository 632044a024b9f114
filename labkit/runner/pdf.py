"""Print an HTML report to PDF with Debian's headless chromium (offline, no browser download).

Playwright drives the browser (``executable_path``: no browser of its own is downloaded), because only the
DevTools print call can put the report's title and page numbers in the footer.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from labkit.errors import RunError

#: Where Debian's ``chromium`` package puts the browser.
DEFAULT_CHROMIUM = "/usr/bin/chromium"

#: Environment variable that names another chromium binary.
CHROMIUM_ENV = "LABKIT_CHROMIUM"

#: Seconds chromium may take to print one report.
TIMEOUT = 120.0

#: Flags for a quiet, offline, throw-away headless browser.
FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
)

#: Print rules added to the report: A4 margins; no chart, table row or heading split across pages; wide
#: tables wrap their cells in smaller type instead of losing columns; no scroll boxes; headers repeat.
PRINT_CSS = """<style media="print">
@page { size: A4; margin: 14mm 12mm 16mm; }
body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
img, svg, figure, tr, .output_png { break-inside: avoid; page-break-inside: avoid; }
img { max-width: 100% !important; height: auto; }
* { overflow: visible !important; }
::-webkit-scrollbar { display: none; }
.jp-OutputArea-output, .jp-RenderedHTMLCommon { max-width: 100% !important; }
table { break-inside: auto; width: 100% !important; max-width: 100% !important; table-layout: auto !important;
  font-size: 7.5pt !important; }
th, td { white-space: normal !important; overflow-wrap: break-word; word-break: normal;
  padding: 2px 3px !important; max-width: none !important; }
thead { display: table-header-group; }
</style>
"""

#: The footer of every PDF page: the report's title and "page n / N".
FOOTER = (
    '<div style="font-size:8px;width:100%;padding:0 12mm;display:flex;justify-content:space-between;'
    'font-family:sans-serif;color:#333"><span>{title}</span><span><span class="pageNumber"></span>'
    ' / <span class="totalPages"></span></span></div>'
)


def find_chromium(chromium: str | Path | None = None) -> Path:
    """The chromium binary: ``chromium``, else ``$LABKIT_CHROMIUM``, else ``/usr/bin/chromium``.

    Raises
    ------
    RunError
        If that file does not exist or cannot be executed; the message names the path.
    """
    path = Path(chromium or os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM)
    if not path.is_file() or not os.access(path, os.X_OK):
        raise RunError(
            "cannot print the PDF report",
            path=path,
            expected="an executable chromium browser",
            found="no such program",
            hint="Install Debian's chromium (`apt-get install chromium`) or name another binary "
            f"with ${CHROMIUM_ENV}.",
        )
    return path


def print_html(html: str) -> str:
    """The report's HTML with the print rules (:data:`PRINT_CSS`) added to its head."""
    head = html.lower().find("</head>")
    return html[:head] + PRINT_CSS + html[head:] if head >= 0 else PRINT_CSS + html


def write_pdf(
    html_path: str | Path,
    pdf_path: str | Path,
    *,
    chromium: str | Path | None = None,
    timeout: float = TIMEOUT,
) -> Path:
    """Print ``html_path`` to ``pdf_path`` with headless chromium; the PDF appears whole or not at all.

    Parameters
    ----------
    html_path
        A self-contained HTML report (images inline, as ``labkit.runner.report`` writes them).
    pdf_path
        The PDF to write; its folder is created. A temporary sibling is renamed into place.
    chromium
        The browser binary; default ``$LABKIT_CHROMIUM`` or ``/usr/bin/chromium``.
    timeout
        Seconds before chromium is stopped and the print fails.

    Returns
    -------
    Path
        ``pdf_path``.

    Raises
    ------
    RunError
        If chromium is missing, the HTML file is missing, or chromium fails, times out or writes no PDF.
    """
    binary = find_chromium(chromium)
    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path).resolve()
    if not html_path.is_file():
        raise RunError(
            "cannot print the PDF report", path=html_path, expected="an HTML report", found="no such file"
        )
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".pdf-", dir=pdf_path.parent) as work:
        page = Path(work) / "print.html"
        page.write_text(print_html(html_path.read_text(encoding="utf-8")), encoding="utf-8")
        out = Path(work) / "report.pdf"
        _run_chromium(binary, page, out, timeout)
        os.replace(out, pdf_path)
    return pdf_path


def _run_chromium(binary: Path, page: Path, out: Path, timeout: float) -> None:
    """Print ``page`` with headless chromium through Playwright and check that a PDF came out."""
    from html import escape

    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(
                executable_path=str(binary), args=list(FLAGS), timeout=timeout * 1000
            )
            try:
                tab = browser.new_page()
                tab.goto(page.as_uri(), wait_until="load", timeout=timeout * 1000)
                title = escape(tab.title())
                tab.pdf(
                    path=str(out),
                    format="A4",
                    print_background=True,
                    prefer_css_page_size=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=FOOTER.format(title=title),
                )
            finally:
                browser.close()
    except PlaywrightTimeout as err:
        raise RunError(
            "chromium did not finish printing the PDF report",
            path=binary,
            expected=f"a PDF within {timeout:g} s",
            found="no answer",
        ) from err
    except PlaywrightError as err:
        logged = [line.strip() for line in str(err).splitlines() if line.strip().startswith("[pid=")]
        said = [line.split("]", 1)[1].strip() for line in logged if "<launched>" not in line]
        said = [line.removeprefix("[err]").strip() for line in said if line.startswith("[err]")]
        raise RunError(
            "chromium did not print the PDF report",
            path=binary,
            expected="a PDF file",
            found="the browser stopped before printing" + (f" ({' | '.join(said[-3:])})" if said else ""),
        ) from err
    if not out.is_file() or out.read_bytes()[:5] != b"%PDF-":
        raise RunError(
            "chromium did not print the PDF report",
            path=binary,
            expected="a PDF file",
            found="no PDF was written",
        )


def has_chromium() -> bool:
    """True when :func:`find_chromium` finds a browser (tests skip browser work otherwise)."""
    return shutil.which(str(os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM)) is not None
