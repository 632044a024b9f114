"""CSV export and validated import of a lab journal: one ``<kind>.csv`` per record kind plus ``settings.csv``.

Export writes every record (retracted ones and the retractions too), so export → import into an
empty journal → export gives the same files. Import is for paper workshops typed into Excel: it
accepts UTF-8 (with or without BOM) or Windows-1252 text, comma or semicolon separators, checks
every cell, and stores all rows in one transaction or none.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

from labkit.capture.journal import ID_PATTERN, SETTINGS, LabJournal, Placed, check_text, new_id, now
from labkit.capture.kinds import get_kind, import_order
from labkit.capture.records import ENVELOPE, Draft, RecordKind, is_missing
from labkit.errors import CaptureError
from labkit.fileio import write_text_atomic

#: The file that carries the journal settings.
SETTINGS_FILE = "settings.csv"

#: Default author pseudonym of imported records that name none.
IMPORT_AUTHOR = "import"


def file_names() -> list[str]:
    """The CSV file names export writes and import accepts, in import order."""
    return [SETTINGS_FILE, *(f"{kind}.csv" for kind in import_order())]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()  # a BOM, so Excel reads å, ä and ö right


def export_csv(journal: LabJournal, folder: str | Path) -> list[Path]:
    """Write ``settings.csv`` and one ``<kind>.csv`` per registered kind (empty kinds get a header only).

    Each record file has the columns ``id, created, workshop_id, author`` and the kind's fields in
    declared order, names included (an export holds personal data: keep it out of git and e-mail).

    Returns
    -------
    list of Path
        The files written, settings first.
    """
    folder = Path(folder)
    settings = [[name, json.dumps(value)] for name, value in journal.settings().items()]
    written = [write_text_atomic(folder / SETTINGS_FILE, _csv_text(["name", "value"], settings))]
    for kind in map(get_kind, import_order()):
        records = journal.raw(kind.name)
        rows = [[_cell(r[e]) for e in ENVELOPE] + [_cell(r["fields"].get(n)) for n in kind.names] for r in records]
        written.append(write_text_atomic(folder / f"{kind.name}.csv", _csv_text([*ENVELOPE, *kind.names], rows)))
    return written


@dataclass(frozen=True)
class Table:
    """The cells of one CSV file: its header and rows, each row with the line it starts on."""

    path: Path
    header: list[str]
    rows: list[tuple[int, list[str]]]


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")  # Excel's "CSV (semikolonavgränsad)" on Windows


def read_table(path: str | Path) -> Table:
    """Read a CSV file typed in Excel or written by :func:`export_csv` (comma or semicolon separated).

    Raises
    ------
    CaptureError
        If the file cannot be read, has no header, or repeats a column name.
    """
    path = Path(path)
    try:
        text = _decode(path)
    except OSError as err:
        raise CaptureError("cannot read the file", path=path, found=type(err).__name__) from err
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip() for cell in next(reader, [])]
        rows = []
        while True:
            start = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                break
            rows.append((start, row))
    except csv.Error as err:
        raise CaptureError("cannot read the file as CSV", path=path, line=reader.line_num, found=str(err)) from err
    _check_header(path, header)
    return Table(path, header, rows)


def _check_header(path: Path, header: list[str]) -> None:
    if not any(header):
        raise CaptureError("no header row", path=path, line=1, expected="column names on line 1", found="nothing")
    seen = set()
    for name in header:
        if name in seen:
            raise CaptureError("column repeated", path=path, line=1, column=name, expected="each column once",
                               found=f"{name!r} twice")
        seen.add(name)


def _check_columns(table: Table, kind: RecordKind) -> None:
    allowed = [*ENVELOPE, *kind.names]
    for name in table.header:
        if name not in allowed:
            raise CaptureError("unknown column", path=table.path, line=1, column=name,
                               expected="columns among " + ", ".join(allowed), found=repr(name))
    missing = [f.name for f in kind.fields if f.required and f.name not in table.header]
    if missing:
        raise CaptureError("missing columns " + ", ".join(missing), path=table.path, line=1,
                           expected="columns " + ", ".join(f.name for f in kind.fields if f.required),
                           found="columns " + ", ".join(table.header))


def _cells(table: Table, line: int, row: list[str]) -> dict[str, str] | None:
    """The row as a dict of non-empty cells, None for a blank row; CaptureError for extra cells."""
    extra = row[len(table.header):]
    if any(cell.strip() for cell in extra):
        raise CaptureError("more cells than columns", path=table.path, line=line,
                           expected=f"at most {len(table.header)} cells", found=f"{len(row)} cells")
    cells = {name: value for name, value in zip(table.header, row) if value.strip()}
    return cells or None


def _created(value: str | None, path: Path, line: int) -> str:
    """The stored timestamp: a given ISO date-time (naive means local time) as UTC, else now."""
    if value is None:
        return now()
    try:
        stamp = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise CaptureError("invalid value", path=path, line=line, column="created",
                           expected="a date-time such as 2019-03-19T10:00:00+01:00",
                           found=repr(value)) from None
    return stamp.astimezone(dt.UTC).isoformat(timespec="microseconds")


def drafts_from(table: Table, kind: RecordKind, *, workshop_id: str, author: str) -> list[Placed]:
    """Check every row of one kind's table and turn it into drafts that remember their line.

    Raises
    ------
    CaptureError
        Naming the file, line and column of the first cell that is not allowed, and what is.
    """
    _check_columns(table, kind)
    placed = []
    for line, row in table.rows:
        cells = _cells(table, line, row)
        if cells is None:
            continue
        try:
            draft = _draft(kind, cells, table.path, line, workshop_id, author)
        except CaptureError as err:
            if err.path is not None:
                raise
            raise CaptureError(err.what, path=table.path, line=line, column=err.column, expected=err.expected,
                               found=err.found, hint=err.hint) from err
        placed.append(Placed(draft, str(table.path), line))
    return placed


def _draft(kind: RecordKind, cells: dict[str, str], path: Path, line: int, workshop_id: str,
           author: str) -> Draft:
    record_id = cells.pop("id", None)
    record_id = new_id(kind.name) if record_id is None else check_text("id", record_id, ID_PATTERN)
    created = _created(cells.pop("created", None), path, line)
    workshop = check_text("workshop_id", cells.pop("workshop_id", workshop_id))
    who = check_text("author", cells.pop("author", author))
    return Draft(kind.name, record_id, created, workshop, who, kind.validate(cells))


def read_settings(path: Path) -> dict[str, object]:
    """The settings a ``settings.csv`` sets (JSON values, or plain words such as True or 5)."""
    table = read_table(path)
    if table.header[:2] != ["name", "value"]:
        raise CaptureError("unexpected header", path=path, line=1, expected="columns name, value",
                           found="columns " + ", ".join(table.header))
    values = {}
    for line, row in table.rows:
        cells = _cells(table, line, row)
        if cells is None:
            continue
        name, raw = cells.get("name", ""), cells.get("value", "")
        if name not in SETTINGS:
            raise CaptureError("unknown journal setting", path=path, line=line, column="name",
                               expected="one of " + ", ".join(SETTINGS), found=repr(name))
        values[name] = _setting_value(name, raw, path, line)
    return values


def _setting_value(name: str, raw: str, path: Path, line: int) -> object:
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    try:
        return SETTINGS[name][0].coerce(None if is_missing(value) else value, "setting")
    except CaptureError as err:
        raise CaptureError(err.what, path=path, line=line, column="value", expected=err.expected,
                           found=err.found) from err


def _check_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise CaptureError("folder not found", path=folder, expected="a folder of CSV files", found="nothing")
    allowed = file_names()
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
    for path in files:
        if path.name not in allowed:
            raise CaptureError("unknown file", path=path, expected="files named " + ", ".join(allowed),
                               found=repr(path.name))
    if not files:
        raise CaptureError("no CSV files", path=folder, expected="files named " + ", ".join(allowed), found="none")
    return files


def import_csv(journal: LabJournal, folder: str | Path, *, workshop_id: str | None = None,
               author: str = IMPORT_AUTHOR) -> dict[str, int]:
    """Validate the CSV files of ``folder`` and add their records to ``journal``, all or none.

    Parameters
    ----------
    journal
        The journal to add to (created if it does not exist).
    folder
        A folder with ``<kind>.csv`` files (any subset) and optionally ``settings.csv``.
    workshop_id, author
        Used for rows that leave ``workshop_id`` or ``author`` empty (default: the journal's workshop
        id, and ``"import"``).

    Returns
    -------
    dict
        How many records of each kind were added (records already in the journal are skipped).

    Raises
    ------
    CaptureError
        For an unknown file or column, or any cell or rule that fails; nothing is stored then.
    """
    folder = Path(folder)
    present = {p.name for p in _check_files(folder)}
    settings = read_settings(folder / SETTINGS_FILE) if SETTINGS_FILE in present else {}
    placed: list[Placed] = []
    for kind in map(get_kind, import_order()):
        if f"{kind.name}.csv" in present:
            table = read_table(folder / f"{kind.name}.csv")
            placed += drafts_from(table, kind, workshop_id=workshop_id or journal.workshop, author=author)
    return journal.import_drafts(placed, settings=settings)

