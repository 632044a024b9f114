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
from html.parser import HTMLParser
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


#: Elements that never have content or an end tag (as BeautifulSoup's HTML tree builder knows them).
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "menuitem",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "basefont",
        "bgsound",
        "command",
        "frame",
        "image",
        "isindex",
        "nextid",
        "spacer",
    ]
)
#: Elements whose text is no reader text (style sheets, scripts, templates).
_NO_TEXT = frozenset(("style", "script", "template"))
_HEADINGS = frozenset(("h2", "h3", "h4"))


class _Node:
    """One element of the parsed page: its tag, parent, and children (nodes and text strings)."""

    __slots__ = ("attrs", "children", "parent", "tag")

    def __init__(self, tag: str, parent: _Node | None, attrs: list | None = None):
        self.tag, self.parent = tag, parent
        self.children: list[_Node | str] = []
        self.attrs: dict[str, str | None] = dict(attrs or ())

    def strings(self, out: list[str]) -> list[str]:
        for child in self.children:
            if isinstance(child, str):
                out.append(child)
            elif child.tag not in _NO_TEXT:
                child.strings(out)
        return out

    def find_all(self, tags: frozenset[str], out: list[_Node] | None = None) -> list[_Node]:
        """Every descendant element named in ``tags``, in document order."""
        out = [] if out is None else out
        for child in self.children:
            if not isinstance(child, str):
                if child.tag in tags:
                    out.append(child)
                child.find_all(tags, out)
        return out

    def find(self, tag: str) -> _Node | None:
        found = self.find_all(frozenset((tag,)))
        return found[0] if found else None

    def table(self) -> _Node | None:
        """The nearest enclosing table."""
        node = self.parent
        while node is not None and node.tag != "table":
            node = node.parent
        return node


class _Page(HTMLParser):
    """The page as a light element tree, built the way BeautifulSoup's ``html.parser`` builder nests tags
    (void elements closed at once; an end tag closes up to its open element and is ignored without one),
    plus the top-level tables and the h2-h4 headings in document order. Consecutive text is one string."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.current = _Node("[document]", None)
        self.text: list[str] = []
        self.order: list[_Node] = []  # top-level tables and h2-h4 headings, as they start

    def _flush(self) -> None:
        if self.text:
            self.current.children.append("".join(self.text))
            self.text = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._flush()
        node = _Node(tag, self.current, attrs)
        self.current.children.append(node)
        if tag in _HEADINGS or (tag == "table" and node.table() is None):
            self.order.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._flush()
        node = _Node(tag, self.current, attrs)
        self.current.children.append(node)
        if tag in _HEADINGS or (tag == "table" and node.table() is None):
            self.order.append(node)

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        node: _Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self._flush()  # a comment ends a string but is no reader text

    def close(self) -> None:
        super().close()
        self._flush()


def _text(node: _Node) -> str:
    return " ".join(" ".join(node.strings([])).replace("¶", " ").split())


_ROW, _CELLS = frozenset(("tr",)), frozenset(("th", "td"))


def report_tables(html: str, full: dict[str, list[list[str]]] | None = None) -> list[Table]:
    """The data tables of a report (outputs of the notebook, not the page's own furniture), in order.

    Each table is named by its caption, else by the nearest h2-h4 heading before it. A table whose
    ``data-labkit-table`` key is in ``full`` (see :func:`full_tables`) gets every row from there: the report
    shows its first rows, the workbook all of them.
    """
    page = _Page()
    page.feed(html)
    page.close()
    tables: list[Table] = []
    taken: set[str] = set()
    heading: _Node | None = None
    number = 0
    for node in page.order:
        if node.tag != "table":
            heading = node
            continue
        number += 1
        head = node.find("thead")
        head_rows = head.find_all(_ROW) if head else []
        body = node.find("tbody") or node
        heads = set(map(id, head_rows))
        body_rows = [tr for tr in body.find_all(_ROW) if tr.table() is node and id(tr) not in heads]
        if not head_rows and body_rows and all(c.tag == "th" for c in body_rows[0].find_all(_CELLS)):
            head_rows, body_rows = [body_rows[0]], body_rows[1:]
        header_cells = [[_text(c) for c in tr.find_all(_CELLS)] for tr in head_rows]
        header = (
            [" ".join(part for part in col if part) for col in zip(*header_cells)] if header_cells else []
        )
        rows = [[_text(c) for c in tr.find_all(_CELLS)] for tr in body_rows]
        key = node.attrs.get("data-labkit-table")
        if full and isinstance(key, str) and key in full:
            rows = full[key]
        if not rows:
            continue
        width = max(len(header), *(len(r) for r in rows))
        header = header + [""] * (width - len(header))
        caption = node.find("caption")
        title = _text(caption) if caption is not None and _text(caption) else ""
        title = title or (_text(heading) if heading is not None else "")
        tables.append(Table(_sheet_name(title, taken, number), header, rows))
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
