"""Check a lab journal for damage, and copy what is readable of a damaged one into a new journal.

``check_journal`` runs SQLite's full ``PRAGMA integrity_check`` on a read-only connection and counts
the readable records; it never writes. ``recover_journal`` copies the damaged file (and its write-ahead
log) into a temporary folder, reads every record and setting it can from the copy – the whole table
at once, or row by row around damaged pages – and writes them with their ids, times and order into a
new journal, which appears whole or not at all. The damaged file is never opened for writing, nor
changed.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from labkit.capture import faults, schema
from labkit.capture.journal import SQLITE_HEADER, LabJournal, new_journal_file
from labkit.errors import CaptureError

_RECORD_COLUMNS = ("seq", "id", "kind", "created", "workshop_id", "author", "fields")
_SETTING_COLUMNS = ("seq", "name", "value", "created")


@dataclass(frozen=True)
class CheckReport:
    """What ``check_journal`` found: the problems (none for an intact journal) and the readable records."""

    path: Path
    problems: tuple[str, ...]
    records: int | None = None
    version: int | None = None

    @property
    def ok(self) -> bool:
        """True when SQLite found no problem."""
        return not self.problems

    def lines(self) -> list[str]:
        """The report for the terminal."""
        if self.ok:
            return [
                f"labkit: {self.path}: ok (PRAGMA integrity_check), schema version {self.version}, "
                + f"{self.records} record(s)"
            ]
        more = [f"  … and {len(self.problems) - 20} more"] if len(self.problems) > 20 else []
        return [
            f"labkit: {self.path}: damaged, {len(self.problems)} problem(s):",
            *(f"  {problem}" for problem in self.problems[:20]),
            *more,
        ]


def check_journal(path: str | Path) -> CheckReport:
    """Check the journal at ``path`` read-only with ``PRAGMA integrity_check``.

    Raises
    ------
    CaptureError
        If there is no file, or it is another program's SQLite database (those are not damage).
    """
    path = Path(path)
    _check_exists(path)
    head = _head(path)
    if not head:
        return CheckReport(path, ("the file is empty (0 bytes)",))
    if head != SQLITE_HEADER:
        return CheckReport(path, ("the file does not start like a SQLite database",))
    journal = LabJournal(path)
    try:
        conn = journal._reader()
    except CaptureError as err:
        return CheckReport(path, (str(err.found),))
    try:
        try:
            schema.check_foreign(conn, str(path))
            version = schema.version(conn)
            problems = tuple(row[0] for row in conn.execute("PRAGMA integrity_check").fetchall())
        except sqlite3.DatabaseError as err:
            return CheckReport(path, (f"{err} ({getattr(err, 'sqlite_errorname', 'SQLITE_ERROR')})",))
        try:
            records = conn.execute("SELECT count(*) FROM records").fetchone()[0]
        except sqlite3.DatabaseError:
            records = None
    finally:
        conn.close()
    return CheckReport(path, () if problems == ("ok",) else problems, records, version)


@dataclass(frozen=True)
class RecoverReport:
    """What ``recover_journal`` copied, and what it could not read."""

    source: Path
    target: Path
    records: dict[str, int]
    settings: int
    unreadable_records: int = 0
    unreadable_settings: int = 0
    problems: tuple[str, ...] = field(default_factory=tuple)

    def lines(self) -> list[str]:
        """The report for the terminal."""
        kinds = ", ".join(f"{n} {kind}" for kind, n in self.records.items()) or "none"
        return [
            f"labkit: recovered {sum(self.records.values())} record(s) and {self.settings} setting(s) from "
            + f"{self.source} into {self.target}",
            f"  records: {kinds}",
            f"  unreadable: {self.unreadable_records} record(s), {self.unreadable_settings} setting(s)",
            f"  the damaged file is unchanged: {self.source}",
        ]


def recover_journal(source: str | Path, target: str | Path) -> RecoverReport:
    """Copy every readable record and setting of the journal ``source`` into a new journal ``target``.

    Records keep their ids, times, authors, workshops and order. ``target`` must not exist; it is
    built in a temporary file beside it and linked into place when complete, so it is whole or absent.

    Raises
    ------
    CaptureError
        If ``source`` is missing or another program's file, ``target`` exists, or nothing can be read.
    """
    source, target = Path(source), Path(target)
    _check_exists(source)
    if target.exists() or target.resolve() == source.resolve():
        raise CaptureError(
            "the new journal exists already",
            path=target,
            expected="the name of a file that does not exist yet",
            found="a file",
        )
    with tempfile.TemporaryDirectory(prefix="labkit-recover-") as scratch:
        copy = Path(scratch) / "damaged.sqlite"
        try:
            shutil.copyfile(source, copy)
            wal = Path(f"{source}-wal")
            if wal.is_file() and wal.stat().st_size:
                shutil.copyfile(wal, Path(f"{copy}-wal"))
        except OSError as err:
            raise faults.from_os(
                err, source, "read the damaged journal", hint="Nothing was written."
            ) from err
        records, lost_records, settings, lost_settings = _salvage_all(copy, source)
    _write_new(target, records, settings)
    counts: dict[str, int] = {}
    for row in records:
        counts[row[2]] = counts.get(row[2], 0) + 1
    return RecoverReport(source, target, counts, len(settings), lost_records, lost_settings)


def _check_exists(path: Path) -> None:
    if not path.is_file():
        raise CaptureError(
            "no lab journal",
            path=path,
            expected="an existing journal file",
            found="a folder" if path.is_dir() else "no file",
        )


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER))
    except OSError as err:
        raise faults.from_os(err, path, faults.READ, hint="Nothing was written.") from err


def _salvage_all(copy: Path, source: Path) -> tuple[list[tuple], int, list[tuple], int]:
    if not _head(copy):
        return [], 0, [], 0  # an empty file holds nothing: the new journal is empty
    if _head(copy) != SQLITE_HEADER:
        raise CaptureError(
            "nothing readable in the damaged journal",
            path=source,
            expected="a SQLite database file",
            found="a file that does not start like one",
        )
    conn = sqlite3.connect(copy, isolation_level=None)
    try:
        try:
            schema.check_foreign(conn, str(source))
        except sqlite3.DatabaseError as err:
            raise CaptureError(
                "nothing readable in the damaged journal",
                path=source,
                expected="a readable table of contents (the first page)",
                found=f"{err} ({getattr(err, 'sqlite_errorname', 'SQLITE_ERROR')})",
            ) from err
        records, lost_records = _salvage(conn, "records", _RECORD_COLUMNS, _good_record)
        settings, lost_settings = _salvage(conn, "settings", _SETTING_COLUMNS, _good_setting)
    finally:
        conn.close()
    return records, lost_records, settings, lost_settings


def _salvage(conn: sqlite3.Connection, table: str, columns: tuple[str, ...], good) -> tuple[list[tuple], int]:
    """The readable rows of ``table`` (whole table at once, else row by row) and how many could not be
    read."""
    select = f"SELECT {', '.join(columns)} FROM {table}"
    try:
        conn.execute(f"SELECT 1 FROM {table} LIMIT 0")
    except sqlite3.DatabaseError:
        return [], 0  # the table is not there (an old schema) or its definition is unreadable
    try:
        rows = conn.execute(select + " ORDER BY seq").fetchall()
    except sqlite3.DatabaseError:
        rows = None
    if rows is not None:
        kept = [row for row in rows if good(row)]
        return kept, len(rows) - len(kept)
    kept, lost = [], 0
    for seq in range(1, _top(conn, table) + 1):
        try:
            row = conn.execute(select + " WHERE seq = ?", (seq,)).fetchone()
        except sqlite3.DatabaseError:
            lost += 1
            continue
        if row is None:
            continue
        if good(row):
            kept.append(row)
        else:
            lost += 1
    return kept, lost


def _top(conn: sqlite3.Connection, table: str) -> int:
    """The highest ``seq`` the table ever used, from wherever it can still be read."""
    for sql in ("SELECT seq FROM sqlite_sequence WHERE name = ?", "SELECT max(seq) FROM {table}"):
        try:
            row = conn.execute(sql.format(table=table), (table,) if "?" in sql else ()).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row and row[0]:
            return int(row[0])
    page_size, pages = (conn.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_size", "page_count"))
    return page_size * pages // 16  # no row of the table is shorter than 16 bytes


def _good_record(row: tuple) -> bool:
    seq, rid, kind, created, workshop, author, fields = row
    texts = all(isinstance(value, str) and value for value in (rid, kind, created, workshop, author))
    return isinstance(seq, int) and texts and _json_object(fields)


def _good_setting(row: tuple) -> bool:
    seq, name, value, created = row
    return isinstance(seq, int) and isinstance(name, str) and isinstance(created, str) and _json(value)


def _json(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _json_object(text: object) -> bool:
    return isinstance(text, str) and _json(text) and isinstance(json.loads(text), dict)


def _write_new(target: Path, records: list[tuple], settings: list[tuple]) -> None:
    """Write the rows into a new journal at ``target``: built in a temporary file, linked when complete."""
    try:
        with new_journal_file(target, link=os.link) as conn:
            conn.execute("BEGIN IMMEDIATE")
            seen: set[str] = set()
            for row in records:
                if row[1] not in seen:  # a damaged index may repeat a row
                    seen.add(row[1])
                    conn.execute(
                        f"INSERT INTO records ({', '.join(_RECORD_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        row,
                    )
            conn.executemany(
                f"INSERT OR IGNORE INTO settings ({', '.join(_SETTING_COLUMNS)}) VALUES (?, ?, ?, ?)",
                settings,
            )
            conn.execute("COMMIT")
    except FileExistsError:
        raise CaptureError(
            "the new journal exists already",
            path=target,
            expected="the name of a file that does not exist yet",
            found="a file",
        ) from None
    except sqlite3.Error as err:
        raise faults.from_sqlite(err, target, "write the new journal") from err
    except OSError as err:
        raise faults.from_os(err, target, "write the new journal", hint="Nothing was written.") from err


__all__ = ["CheckReport", "RecoverReport", "check_journal", "recover_journal"]
