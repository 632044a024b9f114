"""CSV export and validated import of a lab journal: one ``<kind>.csv`` per record kind plus ``settings.csv``.

Export writes every record (retracted ones and the retractions too), so export → import into an
empty journal → export gives the same files. It reads the journal as of one moment, writes the files
into a temporary folder and renames that into place, so an export is whole or absent. A text cell that
a spreadsheet would take for a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) is written with a leading apostrophe, so Excel shows it as text; import takes the apostrophe
off again. Numbers are written as numbers (``-1`` stays ``-1``).

Import is for paper workshops typed into Excel: it accepts UTF-8 (with or without BOM) or Windows-1252
text, comma or semicolon separators, checks every cell, and stores all rows in one transaction or none.
It refuses a folder whose CSV files are larger than :data:`MAX_IMPORT_BYTES` in all before reading them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from labkit.capture import faults
from labkit.capture.journal import ID_PATTERN, SETTINGS, LabJournal, Placed, check_text, new_id, now
from labkit.capture.kinds import get_kind, import_order
from labkit.capture.records import ENVELOPE, Draft, RecordKind, is_missing
from labkit.errors import CaptureError

#: The file that carries the journal settings.
SETTINGS_FILE = "settings.csv"

#: Default author pseudonym of imported records that name none.
IMPORT_AUTHOR = "import"


#: Largest total size of the CSV files one import reads (50 MB); ``import_csv(..., max_bytes=...)`` changes
#: it.
MAX_IMPORT_BYTES = 50_000_000

#: First characters that make a spreadsheet take a cell for a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Written before such a text so that a spreadsheet shows it as text; import takes it off again.
TEXT_MARK = "'"


def as_text_cell(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet reads as a formula: a leading apostrophe where needed.

    Text that starts with a formula character gets the apostrophe; so does text that starts with an
    apostrophe itself, so that :func:`from_text_cell` gives every text back unchanged.
    """
    return TEXT_MARK + text if text.startswith((*FORMULA_STARTS, TEXT_MARK)) else text


def from_text_cell(cell: str) -> str:
    """The text a cell written by :func:`as_text_cell` holds (other cells are returned as they are)."""
    if cell.startswith(TEXT_MARK) and cell[1:].startswith((*FORMULA_STARTS, TEXT_MARK)):
        return cell[1:]
    return cell


def file_names() -> list[str]:
    """The CSV file names export writes and import accepts, in import order."""
    return [SETTINGS_FILE, *(f"{kind}.csv" for kind in import_order())]


def _cell(value: object) -> str:
    """A stored value as a CSV cell: text guarded against formulas, numbers as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (int, float)):
        return str(value)
    return as_text_cell(str(value))


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    # CRLF line ends (RFC 4180, as Excel writes): the writer then quotes every cell holding a \r or \n,
    # so a carriage return inside a text cannot end the row (and start a formula on the next one).
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()  # a BOM, so Excel reads å, ä and ö right


def export_csv(journal: LabJournal, folder: str | Path) -> list[Path]:
    """Write ``settings.csv`` and one ``<kind>.csv`` per registered kind (empty kinds get a header only).

    Each record file has the columns ``id, created, workshop_id, author`` and the kind's fields in
    declared order, names included (an export holds personal data: keep it out of git and e-mail).
    The journal is read as of one moment; the files are written into a temporary folder beside
    ``folder`` and renamed into place, so ``folder`` holds a whole export or none. ``folder`` may be
    new, empty, or an earlier export (which is replaced); a folder with other files is refused.

    Returns
    -------
    list of Path
        The files written, settings first.

    Raises
    ------
    CaptureError
        If the journal cannot be read, ``folder`` holds other files, or the files cannot be written;
        no export is left behind then.
    """
    folder = Path(folder)
    with journal.snapshot():
        settings = [
            [
                _cell(name),
                _cell(value) if isinstance(value, (int, float)) else as_text_cell(json.dumps(value)),
            ]
            for name, value in journal.settings().items()
        ]
        texts = {SETTINGS_FILE: _csv_text(["name", "value"], settings)}
        for kind in map(get_kind, import_order()):
            rows = [
                [_cell(r[e]) for e in ENVELOPE] + [_cell(r["fields"].get(n)) for n in kind.names]
                for r in journal.raw(kind.name)
            ]
            texts[f"{kind.name}.csv"] = _csv_text([*ENVELOPE, *kind.names], rows)
    try:
        _check_target(folder)
        _write_folder(folder, texts)
    except OSError as err:
        raise faults.from_os(err, folder, "write the export", hint="No export was written.") from err
    return [folder / name for name in texts]


def _check_target(folder: Path) -> None:
    """Refuse an export folder that holds anything but an earlier export."""
    if folder.exists() and not folder.is_dir():
        raise CaptureError("cannot write the export", path=folder, expected="a folder", found="a file")
    if folder.is_dir():
        allowed = set(file_names())
        others = sorted(p.name for p in folder.iterdir() if p.name not in allowed or not p.is_file())
        if others:
            raise CaptureError(
                "cannot write the export into a folder with other files",
                path=folder,
                expected="a new or empty folder, or an earlier export (" + ", ".join(file_names()) + ")",
                found="also " + ", ".join(others),
            )


def _write_folder(folder: Path, texts: dict[str, str]) -> None:
    """Write the files into a temporary sibling folder, then rename it to ``folder`` (replacing an old
    export)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    old: Path | None = None
    try:
        for name, text in texts.items():
            with open(tmp / name, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o700)
        if folder.is_dir() and any(folder.iterdir()):
            old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent))
            os.rename(folder, old)  # replaces the empty placeholder folder made just before
        os.rename(tmp, folder)  # an empty folder of that name is replaced
    except BaseException:
        if old is not None and not folder.exists():
            os.rename(old, folder)
            old = None
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    fd = os.open(folder.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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

    A cell that :func:`export_csv` guarded with a leading apostrophe is read as the text it guards.

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
            rows.append((start, [from_text_cell(cell) for cell in row]))
    except csv.Error as err:
        raise CaptureError(
            "cannot read the file as CSV", path=path, line=reader.line_num, found=str(err)
        ) from err
    _check_header(path, header)
    return Table(path, header, rows)


def _check_header(path: Path, header: list[str]) -> None:
    if not any(header):
        raise CaptureError(
            "no header row", path=path, line=1, expected="column names on line 1", found="nothing"
        )
    seen = set()
    for name in header:
        if name in seen:
            raise CaptureError(
                "column repeated",
                path=path,
                line=1,
                column=name,
                expected="each column once",
                found=f"{name!r} twice",
            )
        seen.add(name)


def _check_columns(table: Table, kind: RecordKind) -> None:
    allowed = [*ENVELOPE, *kind.names]
    for name in table.header:
        if name not in allowed:
            raise CaptureError(
                "unknown column",
                path=table.path,
                line=1,
                column=name,
                expected="columns among " + ", ".join(allowed),
                found=repr(name),
            )
    missing = [f.name for f in kind.fields if f.required and f.name not in table.header]
    if missing:
        raise CaptureError(
            "missing columns " + ", ".join(missing),
            path=table.path,
            line=1,
            expected="columns " + ", ".join(f.name for f in kind.fields if f.required),
            found="columns " + ", ".join(table.header),
        )


def _cells(table: Table, line: int, row: list[str]) -> dict[str, str] | None:
    """The row as a dict of non-empty cells, None for a blank row; CaptureError for extra cells."""
    extra = row[len(table.header) :]
    if any(cell.strip() for cell in extra):
        raise CaptureError(
            "more cells than columns",
            path=table.path,
            line=line,
            expected=f"at most {len(table.header)} cells",
            found=f"{len(row)} cells",
        )
    cells = {name: value for name, value in zip(table.header, row) if value.strip()}
    return cells or None


def _created(value: str | None, path: Path, line: int) -> str:
    """The stored timestamp: a given ISO date-time (naive means local time) as UTC, else now."""
    if value is None:
        return now()
    try:
        stamp = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise CaptureError(
            "invalid value",
            path=path,
            line=line,
            column="created",
            expected="a date-time such as 2019-03-19T10:00:00+01:00",
            found=repr(value),
        ) from None
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
            raise CaptureError(
                err.what,
                path=table.path,
                line=line,
                column=err.column,
                expected=err.expected,
                found=err.found,
                hint=err.hint,
            ) from err
        placed.append(Placed(draft, str(table.path), line))
    return placed


def _draft(
    kind: RecordKind, cells: dict[str, str], path: Path, line: int, workshop_id: str, author: str
) -> Draft:
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
        raise CaptureError(
            "unexpected header",
            path=path,
            line=1,
            expected="columns name, value",
            found="columns " + ", ".join(table.header),
        )
    values = {}
    for line, row in table.rows:
        cells = _cells(table, line, row)
        if cells is None:
            continue
        name, raw = cells.get("name", ""), cells.get("value", "")
        if name not in SETTINGS:
            raise CaptureError(
                "unknown journal setting",
                path=path,
                line=line,
                column="name",
                expected="one of " + ", ".join(SETTINGS),
                found=repr(name),
            )
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
        raise CaptureError(
            err.what, path=path, line=line, column="value", expected=err.expected, found=err.found
        ) from err


def _check_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise CaptureError("folder not found", path=folder, expected="a folder of CSV files", found="nothing")
    allowed = file_names()
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
    except OSError as err:
        raise faults.from_os(err, folder, "read the folder", hint="Nothing was imported.") from err
    for path in files:
        if path.name not in allowed:
            raise CaptureError(
                "unknown file", path=path, expected="files named " + ", ".join(allowed), found=repr(path.name)
            )
    if not files:
        raise CaptureError(
            "no CSV files", path=folder, expected="files named " + ", ".join(allowed), found="none"
        )
    return files


def _check_size(folder: Path, files: list[Path], max_bytes: int) -> None:
    """Refuse CSV files that are larger than ``max_bytes`` in all, before any is read."""
    try:
        sizes = {path: path.stat().st_size for path in files}
    except OSError as err:
        raise faults.from_os(err, folder, "read the folder", hint="Nothing was imported.") from err
    total = sum(sizes.values())
    if total > max_bytes:
        largest = max(sizes, key=sizes.__getitem__)
        raise CaptureError(
            "CSV files too large to import",
            path=folder,
            expected=f"at most {_mb(max_bytes)} in all (a lab journal export is far smaller; "
            "raise the limit with --max-mb)",
            found=f"{_mb(total)} (largest: {largest.name}, {_mb(sizes[largest])})",
        )


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def import_csv(
    journal: LabJournal,
    folder: str | Path,
    *,
    workshop_id: str | None = None,
    author: str = IMPORT_AUTHOR,
    max_bytes: int = MAX_IMPORT_BYTES,
) -> dict[str, int]:
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
    max_bytes
        The largest total size of the folder's CSV files (default :data:`MAX_IMPORT_BYTES`, 50 MB),
        checked before any file is read.

    Returns
    -------
    dict
        How many records of each kind were added (records already in the journal are skipped).

    Raises
    ------
    CaptureError
        For an unknown file or column, files too large, or any cell or rule that fails; nothing is
        stored then.
    """
    folder = Path(folder)
    files = _check_files(folder)
    _check_size(folder, files, max_bytes)
    present = {p.name for p in files}
    settings = read_settings(folder / SETTINGS_FILE) if SETTINGS_FILE in present else {}
    placed: list[Placed] = []
    for kind in map(get_kind, import_order()):
        if f"{kind.name}.csv" in present:
            table = read_table(folder / f"{kind.name}.csv")
            placed += drafts_from(table, kind, workshop_id=workshop_id or journal.workshop, author=author)
    return journal.import_drafts(placed, settings=settings)
