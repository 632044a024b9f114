"""Read Statistikdatabasen CSV exports as they come, as text, keeping the file line of every data row."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from labkit.errors import InputDataError

#: Cell values SCB uses for a suppressed (``..``) or missing (``-``) figure; they stay missing.
MISSING_TOKENS = frozenset({"..", "-"})

#: Name of the column holding the file line of each data row.
LINE = "_line"

#: How much of a file's start (and end) is read to identify it without reading it whole.
HEAD_BYTES = 64 * 1024
#: Data rows parsed from the start of a file to identify it.
SNIFF_ROWS = 200
#: Data rows gathered as Python strings before they are packed into Arrow-backed columns.
CHUNK_ROWS = 10_000
#: Block size for streaming a file.
BLOCK_BYTES = 1024 * 1024
#: Lines looked at to choose the delimiter.
DELIMITER_LINES = 50
#: Non-blank lines searched for the header before a file is called "not a table".
MAX_TITLE_LINES = 1000
#: Encodings tried in order; Latin-1 (which decodes any bytes) is the last resort.
ENCODINGS = ("utf-8-sig", "cp1252")
#: Reasons a file is not a CSV table, found from its first bytes.
BINARY = "binary file, not CSV text (an Excel workbook? export the table as CSV)"
JSON = "JSON (for example a PxWebApi response), not a CSV table"

_WHOLE = re.compile(r"^[+-]?\d+$")
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
    ``title`` holds the lines before the header, ``footer`` the lines after the data (``footer_lines``
    their file lines), and ``header_line`` is the file line of the header.
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
    footer_lines: tuple[int, ...] = ()

    def line_of(self, position: int) -> int:
        """The file line of the data row at ``position`` (0-based)."""
        return int(self.rows[LINE].iloc[position])


@dataclass(frozen=True)
class NumberColumn:
    """Numbers parsed from one text column; ``missing`` marks cells that were ``..``, ``-`` or empty."""

    values: pd.Series
    missing: pd.Series


def read_export(path: str | Path, *, max_bytes: int | None = None) -> CsvTable:
    """Read one Statistikdatabasen CSV export with bounded memory.

    The file is streamed: it is never held whole in memory, as text or as a list of records. Data rows
    are gathered in chunks of :data:`CHUNK_ROWS` into Arrow-backed string columns.

    Parameters
    ----------
    path
        The file to read.
    max_bytes
        Refuse a file larger than this many bytes before reading it (``None``: no cap).

    Returns
    -------
    CsvTable
        Header, title, footer and the data rows as text with their file lines.

    Raises
    ------
    InputDataError
        When the file is larger than ``max_bytes``, empty, an HTML page, has a row of the wrong width,
        or a cell the CSV parser cannot read.
    NotATableError
        When the text has no header line or no data rows.
    """
    path = Path(path)
    size = file_size(path)
    if max_bytes is not None and size > max_bytes:
        raise too_large(path, size, max_bytes)
    encoding = detect_encoding(path)
    head = read_head(path, HEAD_BYTES + 1)
    whole = len(head) <= HEAD_BYTES
    check_not_empty_or_html(head[:HEAD_BYTES].decode(encoding, errors="ignore"), path, whole=whole)
    return parse_lines(text_lines(path, encoding), path, encoding)


@dataclass(frozen=True)
class Sniff:
    """The first and last lines of a file: enough to identify it without reading it whole.

    ``table`` holds the title, header and up to :data:`SNIFF_ROWS` data rows of the first
    :data:`HEAD_BYTES` (all rows when ``whole``: the head is the whole file), or ``None`` when they hold
    no table, with the reason in ``reason``. When the rows could not be parsed (a row of the wrong
    width, say), ``error`` is that error and ``header`` the header cells, if one was found, so that the
    caller can raise the error for an export and skip an unrelated file. ``tail`` is the decoded text
    of the last :data:`HEAD_BYTES`.
    """

    path: Path
    size: int
    head: bytes
    tail: str
    whole: bool
    table: CsvTable | None
    reason: str
    error: InputDataError | None = None
    header: tuple[str, ...] = ()


def sniff(path: Path) -> Sniff:
    """Read the first and last :data:`HEAD_BYTES` of ``path`` and parse the table they begin.

    Raises
    ------
    InputDataError
        When the file cannot be read, is empty, or is an HTML page.
    """
    size = file_size(path)
    head = read_head(path, HEAD_BYTES + 1)
    whole = len(head) <= HEAD_BYTES
    head = head[:HEAD_BYTES]
    if b"\x00" in head[:4096]:
        return Sniff(path, size, head, "", whole, None, BINARY)
    encoding = detect_encoding(path) if whole else head_encoding(head)
    text = head.decode(encoding, errors="ignore")
    tail = "" if whole else decode(read_tail(path, HEAD_BYTES))[0]
    if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "["):
        return Sniff(path, size, head, tail, whole, None, JSON)
    check_not_empty_or_html(text, path, whole=whole)
    text = normalise_newlines(text)
    if not whole:
        text = text[: text.rfind("\n") + 1]  # drop the line the cut went through
    try:
        table = parse_lines(
            split_lines(text), path, encoding, max_rows=None if whole else SNIFF_ROWS, complete=whole
        )
    except NotATableError as err:
        return Sniff(path, size, head, tail, whole, None, f"not a CSV table: {err.what}")
    except InputDataError as err:
        reason = f"not a CSV table: {err.what}" + (f" (line {err.line})" if err.line is not None else "")
        return Sniff(path, size, head, tail, whole, None, reason, err, header_only(text, path))
    return Sniff(path, size, head, tail, whole, table, "")


def header_only(text: str, path: Path) -> tuple[str, ...]:
    """The header cells of ``text`` (see :func:`find_header`), or ``()`` when it cannot be found."""
    lines = split_lines(text)
    first = list(itertools.islice(lines, DELIMITER_LINES))
    try:
        _, header, _, _ = find_header(
            records_with_lines(itertools.chain(first, lines), path, detect_delimiter("".join(first))), path
        )
    except InputDataError:
        return ()
    return tuple(cell.strip() for cell in header)


def file_size(path: Path) -> int:
    """The size of ``path`` in bytes, turning an unreadable file into an :class:`InputDataError`."""
    try:
        return path.stat().st_size
    except OSError as err:
        raise InputDataError("cannot read the file", path=path, found=err.strerror or str(err)) from err


def too_large(path: Path, size: int, max_bytes: int) -> InputDataError:
    """The error for a file over the size cap (checked before reading it)."""
    return InputDataError(
        "the file is larger than the size cap",
        path=path,
        expected=f"at most {megabytes(max_bytes)} ({max_bytes} bytes)",
        found=f"{megabytes(size)} ({size} bytes)",
        hint="Export only the regions and years needed, or raise the cap (max_bytes, or the environment "
        "variable LABKIT_MAX_EXPORT_MB).",
    )


def megabytes(size: int) -> str:
    """``52428800`` as ``"50.0 MB"`` (1 MB = 1 048 576 bytes)."""
    return f"{size / 1048576:.1f} MB"


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of ``path``."""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError as err:
        raise InputDataError("cannot read the file", path=path, found=err.strerror or str(err)) from err


def read_tail(path: Path, size: int) -> bytes:
    """The last ``size`` bytes of ``path``, cut to start at a line."""
    try:
        with path.open("rb") as handle:
            handle.seek(max(file_size(path) - size, 0))
            data = handle.read(size)
    except OSError as err:
        raise InputDataError("cannot read the file", path=path, found=err.strerror or str(err)) from err
    cut = data.find(b"\n")
    return data[cut + 1 :] if cut >= 0 else data


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
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def detect_encoding(path: Path) -> str:
    """The encoding :func:`decode` would choose for ``path``, found by streaming it in 1 MB blocks."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
                    decoder.decode(block)
            decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
        except OSError as err:
            raise InputDataError("cannot read the file", path=path, found=err.strerror or str(err)) from err
    return "latin-1"


def head_encoding(head: bytes) -> str:
    """The encoding of the first bytes of a file (a character cut at the end is allowed)."""
    for encoding in ENCODINGS:
        try:
            codecs.getincrementaldecoder(encoding)().decode(head)
            return encoding
        except UnicodeDecodeError:
            continue
    return "latin-1"


def check_not_empty_or_html(text: str, path: Path, *, whole: bool = True) -> None:
    """Raise :class:`InputDataError` when ``text`` is empty or an HTML page saved under a CSV name.

    ``whole`` says whether ``text`` is the whole file (only then can it be called empty).
    """
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        if not whole:
            return
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


def text_lines(path: Path, encoding: str) -> Iterator[str]:
    r"""The lines of ``path`` decoded, with newlines normalised as in :func:`normalise_newlines`.

    The file is read in blocks of :data:`BLOCK_BYTES`; a ``\r`` at the end of a block is held back
    since it may be the start of a ``\r\r\n`` or ``\r\n`` cut by the block boundary.
    """
    pending = ""
    try:
        with path.open("r", encoding=encoding, newline="") as handle:
            for block in iter(lambda: handle.read(BLOCK_BYTES), ""):
                text = pending + block
                held = len(text) - len(text.rstrip("\r"))
                body = normalise_newlines(text[: len(text) - held])
                cut = body.rfind("\n") + 1
                yield from split_lines(body[:cut])
                pending = body[cut:] + text[len(text) - held :]
    except OSError as err:
        raise InputDataError("cannot read the file", path=path, found=err.strerror or str(err)) from err
    yield from split_lines(normalise_newlines(pending))


def split_lines(text: str) -> Iterator[str]:
    r"""The lines of ``text`` (newlines already normalised), each with its ``\n``; only ``\n`` ends a line."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def parse_text(text: str, path: Path, encoding: str = "utf-8") -> CsvTable:
    """Split decoded export text into title, header, data rows (with file lines) and footer.

    See :func:`parse_lines`.
    """
    return parse_lines(split_lines(normalise_newlines(text)), path, encoding)


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


def filled(record: list[str]) -> int:
    """The number of cells of ``record`` that are not empty or white space."""
    return sum(1 for cell in record if cell.strip())


def looks_like_data(record: list[str], width: int) -> bool:
    """True for a record of the header's width with a label first and a figure (or every cell) after it."""
    if len(record) != width or not record[0].strip():
        return False
    rest = [cell.strip() for cell in record[1:]]
    return all(rest) or any(is_figure(cell) for cell in rest)


def is_row(record: list[str], width: int) -> bool:
    """True for a record that belongs to the data: it looks like data or has two or more filled cells.

    Only records with at most one filled cell can be title or footer lines (notes, ``Källa:``, ``SCB``),
    so a data row cut short (``0114,Upplands Väsby,0114C1010``) is never taken for a footer.
    """
    return looks_like_data(record, width) or filled(record) >= 2


def is_figure(cell: str) -> bool:
    """True when ``cell`` is a number (point or comma decimal, spaces allowed) or a missing-value token."""
    return cell in MISSING_TOKENS or bool(_NUMBER.match(_SPACES.sub("", cell)))


def records_with_lines(lines: Iterator[str], path: Path, delimiter: str) -> Iterator[tuple[list[str], int]]:
    """CSV records of ``lines`` with the 1-based file line where each starts.

    Raises
    ------
    InputDataError
        When the CSV parser cannot read a record (for example a cell over the parser's size limit).
    """
    reader = csv.reader(lines, delimiter=delimiter)
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise InputDataError(
                "the CSV parser cannot read the record",
                path=path,
                line=start,
                expected=f"CSV text with '{delimiter}' between cells",
                found=str(err),
            ) from err
        yield record, start
        start = reader.line_num + 1


class _Columns:
    """Data rows gathered in chunks of :data:`CHUNK_ROWS` into Arrow string arrays (joined without a copy)."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.cells: list[list[str]] = [[] for _ in range(width)]
        self.lines: list[int] = []
        self.chunks: list[list[pa.Array]] = [[] for _ in range(width)]
        self.line_chunks: list[np.ndarray] = []
        self.count = 0

    def add(self, record: list[str], line: int) -> None:
        for column, cell in zip(self.cells, record, strict=True):
            column.append(cell)
        self.lines.append(line)
        self.count += 1
        if len(self.lines) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.lines:
            return
        for chunks, column in zip(self.chunks, self.cells, strict=True):
            chunks.append(pa.array(column, type=pa.string()))
            column.clear()
        self.line_chunks.append(np.asarray(self.lines, dtype="int64"))
        self.lines.clear()

    def frame(self, columns: tuple[str, ...]) -> pd.DataFrame:
        self.flush()
        data = {
            name: pd.Series(pa.chunked_array(chunks, type=pa.string()), dtype="str")
            for name, chunks in zip(columns, self.chunks, strict=True)
        }
        frame = pd.DataFrame(data)
        frame[LINE] = np.concatenate(self.line_chunks) if self.line_chunks else np.zeros(0, dtype="int64")
        return frame


def parse_lines(
    lines: Iterator[str],
    path: Path,
    encoding: str = "utf-8",
    *,
    max_rows: int | None = None,
    complete: bool = True,
) -> CsvTable:
    """Split export lines into title, header, data rows (with file lines) and footer, in one pass.

    The header is the first record with a non-empty cell after its first cell and the same width as
    the next non-blank record. The data rows run to the last record that looks like data (header width,
    a label in the first cell, and a number or ``..`` after it, or every cell filled) or has two or more
    filled cells; what follows is the footer. A footer line has at most one filled cell, and that cell
    is not the label of a data row (else it is a data row cut short, refused for its width).

    ``max_rows`` stops after that many data rows (to identify a file from its first lines); ``complete``
    false says the lines are only the start of the file (the footer is then left empty).
    """
    first = list(itertools.islice(lines, DELIMITER_LINES))
    delimiter = detect_delimiter("".join(first))
    records = records_with_lines(itertools.chain(first, lines), path, delimiter)
    title, header, header_line, after = find_header(records, path)
    width = len(header)
    columns = unique_names(tuple(cell.strip() for cell in header))
    data = _Columns(width)
    trailing: list[tuple[list[str], int]] = []
    seen_after = 0
    for record, line in itertools.chain(after, records):
        seen_after += 1
        if is_blank(record):
            continue
        if not is_row(record, width):
            trailing.append((record, line))
            continue
        for held, held_line in trailing:  # lines between data rows are data rows
            add_row(data, held, held_line, width, path)
        trailing.clear()
        add_row(data, record, line, width, path)
        if max_rows is not None and data.count >= max_rows:
            complete = False
            break
    if data.count == 0:
        raise NotATableError(
            "no data rows after the header",
            path=path,
            expected=f"rows with {width} cells: a region label and figures",
            found="only the header" if seen_after == 0 else "no row of that shape",
        )
    frame = data.frame(columns)
    footer = trailing if complete else []
    check_footer(frame[columns[0]], footer, width, path)
    return CsvTable(
        path=path,
        header=tuple(cell.strip() for cell in header),
        header_line=header_line,
        columns=columns,
        rows=frame,
        title=tuple(title),
        footer=tuple(join_cells(record) for record, _ in footer),
        footer_lines=tuple(line for _, line in footer),
        encoding=encoding,
        delimiter=delimiter,
        decimal=detect_decimal(frame, columns),
    )


def find_header(
    records: Iterator[tuple[list[str], int]], path: Path
) -> tuple[list[str], list[str], int, list[tuple[list[str], int]]]:
    """Read records up to the header (see :func:`parse_lines`).

    Returns
    -------
    tuple
        The title lines, the header record, its file line, and the records read after the header to
        confirm it (to be parsed as the start of the data).
    """
    title: list[str] = []
    candidate: tuple[list[str], int] | None = None
    after: list[tuple[list[str], int]] = []
    seen = 0
    for record, line in records:
        if candidate is not None:
            after.append((record, line))
        if is_blank(record):
            continue
        seen += 1
        if candidate is not None:
            if len(record) == len(candidate[0]):
                return title, candidate[0], candidate[1], after
            title.append(join_cells(candidate[0]))
            candidate, after = None, []
        if any(cell.strip() for cell in record[1:]):
            candidate = (record, line)
        else:
            title.append(join_cells(record))
        if seen >= MAX_TITLE_LINES and candidate is None:
            raise NotATableError(
                "no header line found",
                path=path,
                expected="a header line with at least two columns followed by data rows",
                found=f"no such header in the first {MAX_TITLE_LINES} non-blank lines",
            )
    if candidate is not None:
        return title, candidate[0], candidate[1], after
    raise NotATableError(
        "no header line found",
        path=path,
        expected="a header line with at least two columns followed by data rows",
        found=f"{seen} non-blank lines without such a header",
    )


def add_row(data: _Columns, record: list[str], line: int, width: int, path: Path) -> None:
    """Add one data row, or raise :class:`InputDataError` when its cell count differs from the header's."""
    if len(record) != width:
        raise wrong_width(path, line, width, len(record))
    data.add(record, line)


def wrong_width(path: Path, line: int, width: int, found: int) -> InputDataError:
    """The error for a data row whose cell count differs from the header's."""
    return InputDataError(
        "the row has the wrong number of cells",
        path=path,
        line=line,
        expected=f"{width} cells like the header",
        found=f"{found} cell{'' if found == 1 else 's'}",
    )


def check_footer(labels: pd.Series, footer: list[tuple[list[str], int]], width: int, path: Path) -> None:
    """Raise :class:`InputDataError` for a footer line that is a data row cut to its label."""
    if not footer:
        return
    texts = pd.Series([join_cells(record) for record, _ in footer], dtype="str")
    cut = texts.isin(labels.str.strip()).to_numpy()
    if cut.any():
        record, line = footer[int(np.flatnonzero(cut)[0])]
        raise wrong_width(path, line, width, len(record))


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
    """``","`` when decimal-comma numbers outnumber decimal-point numbers in the first 200 rows, else
    ``"."``."""
    sample = frame.loc[:199, list(columns[1:])].to_numpy().ravel()
    cells = [_SPACES.sub("", str(cell)) for cell in sample]
    comma = sum(1 for cell in cells if _DECIMAL_COMMA.match(cell))
    point = sum(1 for cell in cells if _DECIMAL_POINT.match(cell))
    return "," if comma > point else "."


def to_numbers(table: CsvTable, column: str, *, whole: bool = False) -> NumberColumn:
    """Parse one text column of ``table`` as numbers.

    ``..``, ``-`` and empty cells become missing (never 0) and are flagged in ``missing``. Spaces
    (also no-break and narrow no-break) between digits are thousands separators and are dropped.

    Parameters
    ----------
    table, column
        The table and the name of the column to parse.
    whole
        Counts: every figure must be a whole number written with digits only (``5920.5``, ``5,920``
        and ``5920.0`` are refused, since a decimal or thousands separator in a count means the
        export or its reading went wrong).

    Raises
    ------
    InputDataError
        Naming file, line and column of the first cell that is neither a number (a whole number when
        ``whole``) nor a missing token, and the value found.
    """
    text = table.rows[column].str.strip()
    missing = text.isin(MISSING_TOKENS) | text.eq("")
    if whole:
        digits = text.str.replace(_SPACES, "", regex=True)
        bad = ~(digits.str.match(_WHOLE.pattern) | missing)
        if bad.any():
            raise_bad_number(table, column, int(np.flatnonzero(bad.to_numpy())[0]), whole=True)
        values = pd.to_numeric(digits.where(~missing), errors="coerce").astype("float64")
        return NumberColumn(values=values, missing=missing)
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


def raise_bad_number(table: CsvTable, column: str, position: int, *, whole: bool = False) -> None:
    """Raise the :class:`InputDataError` for a cell that is not a number (or not a whole number)."""
    if whole:
        what = "the cell is not a whole number"
        expected = (
            "a count written with digits only (no decimals, no thousands separator other than a space) "
        )
    else:
        what = "the cell is not a number"
        separator = "decimal comma" if table.decimal == "," else "decimal point"
        expected = f"a number (with {separator}) "
    raise InputDataError(
        what,
        path=table.path,
        line=table.line_of(position),
        column=column,
        expected=f"{expected}or '..'/'-' for a suppressed cell",
        found=repr(table.rows[column].iloc[position]),
    )
