"""Read Statistikdatabasen CSV exports as they come, as text, keeping the file line of every data row."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from labkit.errors import InputDataError

#: Cell values SCB uses for a suppressed (``..``) or missing (``-``) figure; they stay missing.
MISSING_TOKENS = frozenset({"..", "-"})

#: Name of the column holding the file line of each data row.
LINE = "_line"

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_DECIMAL_POINT = re.compile(r"^[+-]?\d+\.\d+$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_DELIMITERS = (";", ",", "\t")
_QUOTED = re.compile(r'"[^"]*"')


class NotATableError(InputDataError):
    """The file is text but holds no CSV table: no header line or no data rows."""


@dataclass(frozen=True)
class CsvTable:
    """A CSV export read as text.

    ``rows`` has one text column per header cell (empty header cells are named ``column <n>``,
    repeated names get a suffix) plus :data:`LINE`, the 1-based file line of the row.
    ``title`` holds the lines before the header, ``footer`` the lines after the data, and
    ``header_line`` is the file line of the header.
    """

    path: Path
    header: tuple[str, ...]
    header_line: int
    columns: tuple[str, ...]
    rows: pd.DataFrame
    title: tuple[str, ...]
    footer: tuple[str, ...]
    encoding: str
    delimiter: str
    decimal: str

    def line_of(self, position: int) -> int:
        """The file line of the data row at ``position`` (0-based)."""
        return int(self.rows[LINE].iloc[position])


@dataclass(frozen=True)
class NumberColumn:
    """Numbers parsed from one text column; ``missing`` marks cells that were ``..``, ``-`` or empty."""

    values: pd.Series
    missing: pd.Series


def read_export(path: str | Path) -> CsvTable:
    """Read one Statistikdatabasen CSV export.

    Parameters
    ----------
    path
        The file to read.

    Returns
    -------
    CsvTable
        Header, title, footer and the data rows as text with their file lines.

    Raises
    ------
    InputDataError
        When the file is empty, is an HTML page, or has a row of the wrong width.
    NotATableError
        When the text has no header line or no data rows.
    """
    path = Path(path)
    data = read_bytes(path)
    text, encoding = decode(data)
    check_not_empty_or_html(text, path)
    return parse_text(text, path, encoding)


def read_bytes(path: Path) -> bytes:
    """The raw content of ``path``, turning an unreadable file into an :class:`InputDataError`."""
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputDataError("cannot read the file", path=path, found=err.strerror or str(err)) from err


def decode(data: bytes) -> tuple[str, str]:
    """Decode export bytes: UTF-8 (with or without BOM), else Windows-1252, else Latin-1.

    Returns
    -------
    tuple of str
        The text and the name of the encoding that worked.
    """
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def check_not_empty_or_html(text: str, path: Path) -> None:
    """Raise :class:`InputDataError` when ``text`` is empty or an HTML page saved under a CSV name."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        found = "0 bytes" if not text else "only blank lines"
        raise InputDataError(
            "the file is empty",
            path=path,
            expected="a CSV export with a header line and data rows",
            found=found,
        )
    head = stripped[:1024].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<html" in head or "<body" in head:
        first = stripped.splitlines()[0].strip()[:40]
        raise InputDataError(
            "the file is an HTML page, not a CSV table",
            path=path,
            expected="a CSV export from Statistikdatabasen",
            found=repr(first),
            hint="The download probably failed or saved an error page; export the table again as CSV.",
        )


def parse_text(text: str, path: Path, encoding: str = "utf-8") -> CsvTable:
    """Split decoded export text into title, header, data rows (with file lines) and footer.

    The header is the first record with a non-empty cell after its first cell and the same width as
    the next record; the data rows run to the last record that looks like data (header width, a
    label in the first cell, and a number or ``..`` after it, or every cell filled).
    """
    text = normalise_newlines(text)
    delimiter = detect_delimiter(text)
    records, lines = split_records(text, delimiter)
    head = find_header(records, path)
    width = len(records[head])
    last = find_last_data_row(records, head, width, path)
    data_idx = [i for i in range(head + 1, last + 1) if not is_blank(records[i])]
    check_widths(records, lines, data_idx, width, path)
    header = tuple(cell.strip() for cell in records[head])
    columns = unique_names(header)
    frame = pd.DataFrame([records[i] for i in data_idx], columns=list(columns), dtype="str")
    frame[LINE] = np.asarray([lines[i] for i in data_idx], dtype="int64")
    return CsvTable(
        path=path,
        header=header,
        header_line=lines[head],
        columns=columns,
        rows=frame,
        title=tuple(join_cells(records[i]) for i in range(head) if not is_blank(records[i])),
        footer=tuple(join_cells(r) for r in records[last + 1 :] if not is_blank(r)),
        encoding=encoding,
        delimiter=delimiter,
        decimal=detect_decimal(frame, columns),
    )


def normalise_newlines(text: str) -> str:
    r"""Turn ``\r\r\n``, ``\r\n`` and lone ``\r`` into ``\n`` so lines count as in ``grep -n``."""
    return text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")


def detect_delimiter(text: str) -> str:
    """The most frequent of ``;``, ``,`` and tab outside quotes in the first 50 lines (``,`` on a tie)."""
    sample = _QUOTED.sub("", "\n".join(text.split("\n", 50)[:50]))
    counts = {d: sample.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def split_records(text: str, delimiter: str) -> tuple[list[list[str]], list[int]]:
    """Parse CSV records and the 1-based file line where each record starts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    lines: list[int] = []
    start = 1
    for record in reader:
        records.append(record)
        lines.append(start)
        start = reader.line_num + 1
    return records, lines


def is_blank(record: list[str]) -> bool:
    """True when every cell of ``record`` is empty or white space."""
    return not "".join(record).strip()


def join_cells(record: list[str]) -> str:
    """A title or footer record as one line of text."""
    return " ".join(cell.strip() for cell in record if cell.strip())


def find_header(records: list[list[str]], path: Path) -> int:
    """Index of the header record (see :func:`parse_text`)."""
    candidates = [i for i, r in enumerate(records) if not is_blank(r)]
    for pos, i in enumerate(candidates):
        if not any(cell.strip() for cell in records[i][1:]):
            continue
        following = candidates[pos + 1] if pos + 1 < len(candidates) else None
        if following is None or len(records[following]) == len(records[i]):
            return i
    raise NotATableError(
        "no header line found",
        path=path,
        expected="a header line with at least two columns followed by data rows",
        found=f"{len(candidates)} non-blank lines without such a header",
    )


def looks_like_data(record: list[str], width: int) -> bool:
    """True for a record of the header's width with a label first and a figure (or every cell) after it."""
    if len(record) != width or not record[0].strip():
        return False
    rest = [cell.strip() for cell in record[1:]]
    return all(rest) or any(is_figure(cell) for cell in rest)


def is_figure(cell: str) -> bool:
    """True when ``cell`` is a number (point or comma decimal, spaces allowed) or a missing-value token."""
    return cell in MISSING_TOKENS or bool(_NUMBER.match(_SPACES.sub("", cell)))


def find_last_data_row(records: list[list[str]], head: int, width: int, path: Path) -> int:
    """Index of the last record that looks like data; everything after it is the footer."""
    for i in range(len(records) - 1, head, -1):
        if looks_like_data(records[i], width):
            return i
    raise NotATableError(
        "no data rows after the header",
        path=path,
        expected=f"rows with {width} cells: a region label and figures",
        found="only the header" if head == len(records) - 1 else "no row of that shape",
    )


def check_widths(
    records: list[list[str]], lines: list[int], data_idx: list[int], width: int, path: Path
) -> None:
    """Raise :class:`InputDataError` naming the first data row whose cell count differs from the header's."""
    for i in data_idx:
        if len(records[i]) != width:
            raise InputDataError(
                "the row has the wrong number of cells",
                path=path,
                line=lines[i],
                expected=f"{width} cells like the header",
                found=f"{len(records[i])} cells",
            )


def unique_names(header: tuple[str, ...]) -> tuple[str, ...]:
    """Column names from header cells: empty cells become ``column <n>``, repeats get ``.2``, ``.3``."""
    names: list[str] = []
    for n, cell in enumerate(header, start=1):
        name = cell or f"column {n}"
        base, k = name, 1
        while name in names or name == LINE:
            k += 1
            name = f"{base}.{k}"
        names.append(name)
    return tuple(names)


def detect_decimal(frame: pd.DataFrame, columns: tuple[str, ...]) -> str:
    """``","`` when decimal-comma numbers outnumber decimal-point numbers in the first 200 rows, else ``"."``."""
    sample = frame.loc[:199, list(columns[1:])].to_numpy().ravel()
    cells = [_SPACES.sub("", str(cell)) for cell in sample]
    comma = sum(1 for cell in cells if _DECIMAL_COMMA.match(cell))
    point = sum(1 for cell in cells if _DECIMAL_POINT.match(cell))
    return "," if comma > point else "."


def to_numbers(table: CsvTable, column: str) -> NumberColumn:
    """Parse one text column of ``table`` as numbers.

    ``..``, ``-`` and empty cells become missing (never 0) and are flagged in ``missing``.

    Raises
    ------
    InputDataError
        Naming file, line and column of the first cell that is neither a number nor a missing token.
    """
    text = table.rows[column].str.strip()
    missing = text.isin(MISSING_TOKENS) | text.eq("")
    if table.decimal == ",":
        text = text.str.replace(",", ".", regex=False)
    values = pd.to_numeric(text.where(~missing), errors="coerce").astype("float64")
    bad = values.isna() & ~missing
    if bad.any():
        # Slow path only for cells with thousands spaces or other oddities.
        cleaned = text[bad].str.replace(_SPACES, "", regex=True)
        values[bad] = pd.to_numeric(cleaned, errors="coerce").astype("float64")
        bad = values.isna() & ~missing
    if bad.any():
        raise_bad_number(table, column, int(np.flatnonzero(bad.to_numpy())[0]))
    return NumberColumn(values=values, missing=missing)


def raise_bad_number(table: CsvTable, column: str, position: int) -> None:
    """Raise the :class:`InputDataError` for a cell that is not a number."""
    separator = "decimal comma" if table.decimal == "," else "decimal point"
    raise InputDataError(
        "the cell is not a number",
        path=table.path,
        line=table.line_of(position),
        column=column,
        expected=f"a number (with {separator}) or '..'/'-' for a suppressed cell",
        found=repr(table.rows[column].iloc[position]),
    )
