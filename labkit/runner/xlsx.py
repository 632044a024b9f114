"""Every table of a report as a named sheet of ``<slug>.xlsx``, for analysts who continue in Excel.

The tables are read back from the finished HTML report, so the workbook holds exactly what the reader sees:
the same headings and the same rounded values. Cells that read as numbers (``1 234``, ``3,5``, ``12,3 %``,
``−0,25``) are stored as numbers with a matching number format; everything else is stored as text, and a
text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is typed as a string cell, so
Excel never runs it as a formula.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from labkit.fileio import write_bytes_atomic

#: Excel's limit on sheet-name length, and the characters it forbids in them.
SHEET_NAME_MAX = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: Separators that may stand between the digits of one number in a report.
_SPACES = re.compile(r"[\s\u2009\u202f\u00a0]")
_SV_NUMBER = re.compile(r"^(?P<sign>[-−]?)(?P<int>\d+)(?:,(?P<dec>\d+))?(?P<pct>%?)$")
_EN_NUMBER = re.compile(r"^(?P<sign>[-−]?)(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?(?P<pct>%?)$")
#: Leading characters that make a spreadsheet treat a cell as a formula (OWASP CSV-injection list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    """One report table: a sheet name, its header row and its body rows, as the reader sees them."""

    name: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


def parse_number(text: str, lang: str = "sv") -> tuple[float | int, str] | None:
    """``(value, number_format)`` when ``text`` is a number as the report prints it, else None.

    Codes with a leading zero (``0114``) stay text.
    """
    compact = _SPACES.sub("", text)
    if not compact or len(compact) > 30:
        return None
    match = (_SV_NUMBER if lang == "sv" else _EN_NUMBER).match(compact)
    if not match:
        return None
    digits = match["int"].replace(",", "")
    if len(digits) > 1 and digits.startswith("0"):
        return None
    sign = -1 if match["sign"] else 1
    decimals = match["dec"] or ""
    value: float | int = sign * (float(f"{digits}.{decimals}") if decimals else int(digits))
    fmt = "#,##0" + ("." + "0" * len(decimals) if decimals else "")
    if match["pct"]:
        fmt += '" %"'
    return value, fmt


def _text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).replace("¶", " ").split())


def _heading(table) -> str:
    caption = table.find("caption")
    if caption and _text(caption):
        return _text(caption)
    previous = table.find_previous(["h2", "h3", "h4"])
    return _text(previous) if previous else ""


def _sheet_name(title: str, taken: set[str], number: int) -> str:
    base = _FORBIDDEN.sub(" ", title).strip().strip("'") or f"Tabell {number}"
    base = " ".join(base.split())[:SHEET_NAME_MAX].rstrip()
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        n += 1
    taken.add(name.lower())
    return name


def full_tables(notebook: dict) -> dict[str, list[list[str]]]:
    """Every row of each capped table of an executed notebook, by the key its shown table carries.

    A long table shows only its first rows in the report (:class:`labkit.render.CappedTable`); its output
    also holds every row under :data:`labkit.render.FULL_TABLE_MIME`, which the HTML report does not show.
    """
    from labkit.render import FULL_TABLE_MIME

    out: dict[str, list[list[str]]] = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) or []:
            full = (output.get("data") or {}).get(FULL_TABLE_MIME)
            if (
                isinstance(full, dict)
                and isinstance(full.get("key"), str)
                and isinstance(full.get("rows"), list)
            ):
                out[full["key"]] = [[" ".join(str(v).split()) for v in row] for row in full["rows"]]
    return out


def report_tables(html: str, full: dict[str, list[list[str]]] | None = None) -> list[Table]:
    """The data tables of a report (outputs of the notebook, not the page's own furniture), in order.

    A table whose ``data-labkit-table`` key is in ``full`` (see :func:`full_tables`) gets every row from
    there: the report shows its first rows, the workbook all of them.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    tables: list[Table] = []
    taken: set[str] = set()
    for number, node in enumerate(
        (t for t in soup.find_all("table") if t.find_parent("table") is None), start=1
    ):
        thead = node.find("thead")
        head_rows = thead.find_all("tr") if thead else []
        body = node.find("tbody") or node
        body_rows = [
            tr for tr in body.find_all("tr") if tr.find_parent("table") is node and tr not in head_rows
        ]
        if not head_rows and body_rows and all(c.name == "th" for c in body_rows[0].find_all(["th", "td"])):
            head_rows, body_rows = [body_rows[0]], body_rows[1:]
        header_cells = [[_text(c) for c in tr.find_all(["th", "td"])] for tr in head_rows]
        header = (
            [" ".join(part for part in col if part) for col in zip(*header_cells)] if header_cells else []
        )
        rows = [[_text(c) for c in tr.find_all(["th", "td"])] for tr in body_rows]
        key = node.get("data-labkit-table")
        if full and isinstance(key, str) and key in full:
            rows = full[key]
        if not rows:
            continue
        width = max(len(header), *(len(r) for r in rows))
        header = header + [""] * (width - len(header))
        tables.append(Table(_sheet_name(_heading(node), taken, number), header, rows))
    return tables


def _put(cell, text: str, lang: str) -> None:
    number = parse_number(text, lang)
    if number is not None:
        cell.value, cell.number_format = number
        return
    cell.value = text
    cell.data_type = "s"  # never a formula, whatever the text starts with


def workbook_bytes(tables: list[Table], lang: str = "sv") -> bytes:
    """The workbook (one sheet per table, bold header row, frozen header) as .xlsx bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    for sheet in book.worksheets:  # the empty default sheet
        book.remove(sheet)
    for table in tables:
        sheet = book.create_sheet(table.name)
        for col, text in enumerate(table.header, start=1):
            cell = sheet.cell(row=1, column=col)
            cell.value, cell.data_type, cell.font = text, "s", Font(bold=True)
        for r, row in enumerate(table.rows, start=2):
            for col, text in enumerate(row, start=1):
                _put(sheet.cell(row=r, column=col), text, lang)
        sheet.freeze_panes = "A2"
        for col in range(1, len(table.header) + 1):
            letter = sheet.cell(row=1, column=col).column_letter
            longest = max(len(str(c.value or "")) for c in sheet[letter])
            sheet.column_dimensions[letter].width = min(60, max(8, longest + 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_xlsx(path: str | Path, tables: list[Table], lang: str = "sv") -> Path:
    """Write the tables to ``path`` atomically (whole or absent)."""
    return write_bytes_atomic(path, workbook_bytes(tables, lang))
