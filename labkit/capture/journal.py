"""The lab journal: one append-only SQLite database (WAL) per municipality lab that never loses an entry.

``journal.add(kind, **fields)`` validates the fields against the record kind, checks the rules over
other records inside a write transaction, and returns only after the transaction is committed with
``synchronous=FULL`` (the WAL is fsynced), so an acknowledged record survives a killed process.
Several processes may write at once: SQLite serialises the writers, each waits up to
:data:`BUSY_SECONDS` for the lock.

A journal is opened read-only first and inspected (SQLite header, labkit's application id, schema
version, ``PRAGMA quick_check``) before it is opened for writing, so a foreign file is never changed and
a damaged or zero-byte one is refused. Every SQLite or file-system error becomes a ``CaptureError`` that
names the file and the cause in plain words (see :mod:`labkit.capture.faults`).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import secrets
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import pandas as pd

from labkit import paths
from labkit.capture import faults, schema
from labkit.capture.kinds import all_kinds, get_kind
from labkit.capture.records import ENVELOPE, MAX_TEXT, Draft, Field, RecordKind
from labkit.capture.rules import LIVE, SETTINGS, View, check_refs, check_unique, setting_spec
from labkit.errors import CaptureError
from labkit.validators import check_kommun_kod

#: The journal's file name inside ``labs/<kommun_kod>/``.
FILE_NAME = paths.JOURNAL_FILE

#: How long a writer waits for another process's write lock before giving up.
BUSY_SECONDS = 60.0

#: Default author pseudonym of records a facilitator types in.
DEFAULT_AUTHOR = "samtalsledare"

#: The first bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"

#: Record ids: a letter or digit first, then letters, digits and ``_.:-`` (64 characters at most).
ID_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}"


def journal_path(kommun_kod: str, root: str | Path | None = None) -> Path:
    """The default journal of a municipality lab: ``<root>/labs/<kommun_kod>/labbok.sqlite``.

    ``root`` defaults to the repository root (``labkit.registry.ROOT``); ``labs/`` is git-ignored.

    Raises
    ------
    ConfigError
        If ``kommun_kod`` is not a 4-digit code given as text.
    """
    check_kommun_kod(kommun_kod)
    return paths.journal(kommun_kod, root)


def now() -> str:
    """The current UTC time as the journal stores it (ISO 8601 with microseconds)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def new_id(kind: str) -> str:
    """A fresh record id: the kind and 12 random hex digits, e.g. ``idea-3fa9c2e1b7d0``."""
    return f"{kind}-{secrets.token_hex(6)}"


def check_text(name: str, value: object, pattern: str = r"\S.*") -> str:
    """Check an envelope value (workshop id, author, id) and return it stripped."""
    text = value.strip() if isinstance(value, str) else value
    if not isinstance(text, str) or len(text) > 100 or not re.fullmatch(pattern, text):
        expected = (
            "an id of letters, digits and _.:- (at most 64)"
            if name == "id"
            else "text of 1 to 100 characters"
        )
        raise CaptureError("invalid value", column=name, expected=expected, found=repr(value))
    return text


@dataclass
class _Pending:
    """A record waiting for the next write transaction (see :meth:`LabJournal._commit`)."""

    spec: RecordKind
    draft: Draft
    idempotent: bool = False
    done: bool = False
    error: BaseException | None = None
    fault: bool = False  # the whole transaction failed (a fault of the journal, not a refusal of this record)


@dataclass(frozen=True)
class Placed:
    """A draft to import with where it came from, so an error can name the file and line."""

    draft: Draft
    path: str | None = None
    line: int | None = None


class LabJournal:
    """One municipality lab's journal of workshop records (SQLite, WAL, append-only).

    Parameters
    ----------
    path
        The database file. It is created (with its folder, readable only by its owner) on the
        first write; reading a journal that does not exist yet gives empty tables.
    workshop
        Workshop id stamped on new records; default today's date (``2025-03-19``).
    author
        Pseudonym of whoever types records in; default ``"samtalsledare"``.
    """

    def __init__(
        self, path: str | Path, *, workshop: str | None = None, author: str = DEFAULT_AUTHOR
    ) -> None:
        self.path = Path(path)
        self.workshop = check_text("workshop_id", workshop or dt.date.today().isoformat())
        self.author = check_text("author", author)
        self._conn: sqlite3.Connection | None = None
        self._refusal: CaptureError | None = None
        self._pid = os.getpid()
        self._lock = threading.RLock()
        self._queue: list[_Pending] = []
        self._queue_lock = threading.Lock()

    @classmethod
    def for_municipality(
        cls, kommun_kod: str, *, root: str | Path | None = None, **options: str
    ) -> LabJournal:
        """The journal at the default place of a municipality lab (see :func:`journal_path`)."""
        return cls(journal_path(kommun_kod, root), **options)

    def __repr__(self) -> str:
        return f"LabJournal({str(self.path)!r}, workshop={self.workshop!r}, author={self.author!r})"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def exists(self) -> bool:
        """True once the journal file exists."""
        return self.path.is_file()

    def close(self) -> None:
        """Close the connection (a later call opens it again)."""
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None

    # ------------------------------------------------------------------ connection

    def _connection(self, action: str = faults.READ) -> sqlite3.Connection:
        """The open connection, created (and the schema migrated) on first use and after a fork.

        ``action`` (reading or saving) is what an error message says could not be done.
        """
        if self._conn is None or self._pid != os.getpid():
            self._conn, self._pid = self._open(action), os.getpid()
        return self._conn

    def _discard(self) -> None:
        """Drop the connection after a fault, so the next use opens (and inspects) the journal again."""
        conn, self._conn = self._conn, None
        if conn is not None and self._pid == os.getpid():
            try:
                conn.close()
            except sqlite3.Error:
                pass

    def _open(self, action: str) -> sqlite3.Connection:
        """Open the journal: create it whole when absent, inspect it read-only, and only then open it to
        write.

        A foreign or damaged file is refused before anything is written to it. Where the file or its
        folder is read-only, the read-only connection is kept: reading works, saving is refused.
        """
        if self.path.is_dir():
            raise CaptureError(f"cannot {action}", path=self.path, expected="a file", found="a folder")
        if not self.path.exists():
            self._create()
        reader = self._inspect(action)
        try:
            conn = sqlite3.connect(
                self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
            )
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
                schema.migrate(conn, str(self.path))
            except BaseException:
                conn.close()
                raise
        except sqlite3.Error as err:
            fault = faults.from_sqlite(err, self.path, action, busy_seconds=BUSY_SECONDS)
            if fault.what.endswith(faults.READ_ONLY) and schema.version(reader) == schema.LATEST:
                self._refusal = faults.from_sqlite(err, self.path, faults.SAVE)
                return reader
            reader.close()
            raise fault from err
        except CaptureError:
            reader.close()
            raise
        reader.close()
        self._refusal = None
        return conn

    def _create(self) -> None:
        """Create a new journal whole: built in a temporary file beside it, then linked into place.

        Another process never sees a half-made journal; if one creates the journal first, its file is kept.
        """
        try:
            with new_journal_file(self.path, link=_link_new):
                pass
        except sqlite3.Error as err:
            raise faults.from_sqlite(err, self.path, faults.SAVE) from err
        except OSError as err:
            raise faults.from_os(err, self.path, faults.SAVE) from err

    def _inspect(self, action: str) -> sqlite3.Connection:
        """A read-only connection to a journal that is checked: SQLite, labkit's, not too new, not damaged.

        Raises
        ------
        CaptureError
            For an empty (zero-byte) file, a file that is not SQLite, another program's database, a
            journal from a newer labkit, or one that ``PRAGMA quick_check`` finds damaged.
        """
        # The file is never opened here except through SQLite: closing any other descriptor of the journal
        # would release the POSIX locks that this process's SQLite connections hold on it (a known SQLite
        # pitfall), after which another process may delete the write-ahead log under a live writer.
        try:
            size = self.path.stat().st_size
        except OSError as err:
            raise faults.from_os(err, self.path, action) from err
        if not size:
            raise faults.damaged(self.path, "an empty file (0 bytes)", action)
        try:
            reader = self._reader(action)
        except CaptureError as err:
            code = getattr(err.__cause__, "sqlite_errorcode", 0) & 0xFF
            if code == sqlite3.SQLITE_NOTADB:
                raise CaptureError(
                    "not a labkit lab journal",
                    path=self.path,
                    expected="a journal labkit created",
                    found="a file that is not a SQLite database (another program's file, or a "
                    "journal damaged at its start)",
                ) from err
            raise
        try:
            schema.check_foreign(reader, str(self.path))
            problems = [row[0] for row in reader.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                raise faults.damaged(self.path, "PRAGMA quick_check reports " + summary(problems), action)
        except sqlite3.Error as err:
            reader.close()
            raise faults.from_sqlite(err, self.path, action, busy_seconds=BUSY_SECONDS) from err
        except BaseException:
            reader.close()
            raise
        return reader

    def _reader(self, action: str = faults.READ) -> sqlite3.Connection:
        """A read-only connection (immutable where the folder is read-only and no write-ahead log is left)."""
        uri = self.path.resolve().as_uri() + "?mode=ro"
        try:
            conn = sqlite3.connect(
                uri, uri=True, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
            )
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return conn
            except sqlite3.OperationalError as err:
                conn.close()
                wal = Path(f"{self.path}-wal")
                code = getattr(err, "sqlite_errorcode", 0) & 0xFF
                no_shm = code in (
                    sqlite3.SQLITE_CANTOPEN,
                    sqlite3.SQLITE_READONLY,
                )  # cannot create the -shm file
                if not no_shm or (wal.exists() and wal.stat().st_size):
                    raise
            conn = sqlite3.connect(
                uri + "&immutable=1", uri=True, isolation_level=None, check_same_thread=False
            )
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error as err:
            raise faults.from_sqlite(err, self.path, action, busy_seconds=BUSY_SECONDS) from err

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: taken at once (BEGIN IMMEDIATE), committed durably or rolled back.

        A SQLite error becomes a ``CaptureError`` naming the cause in plain words; SQLite has then
        rolled the transaction back (or it is rolled back here), so the journal is as it was before.
        """
        with self._lock:
            conn = self._connection(faults.SAVE)
            if self._refusal is not None:  # opened read-only: look again, the place may be writable by now
                self._discard()
                conn = self._connection(faults.SAVE)
                if self._refusal is not None:
                    raise self._refusal
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as err:
                self._after(err)
                raise faults.from_sqlite(err, self.path, faults.SAVE, busy_seconds=BUSY_SECONDS) from err
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                self._rollback(conn)
                if isinstance(exc, sqlite3.Error):
                    self._after(exc)
                    raise faults.from_sqlite(exc, self.path, faults.SAVE, busy_seconds=BUSY_SECONDS) from exc
                raise

    def _after(self, err: sqlite3.Error) -> None:
        """Drop the connection after damage or a disk error (a full disk or a lock leave it usable)."""
        if (getattr(err, "sqlite_errorcode", 0) & 0xFF) in (
            sqlite3.SQLITE_CORRUPT,
            sqlite3.SQLITE_NOTADB,
            sqlite3.SQLITE_IOERR,
        ):
            self._discard()

    def _rollback(self, conn: sqlite3.Connection) -> None:
        """Roll back what is left of a failed transaction (SQLite may have rolled it back already)."""
        if not conn.in_transaction:
            return
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            self._discard()  # closing the connection rolls back whatever is left

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """The connection for reading; a SQLite error becomes a ``CaptureError`` in plain words."""
        with self._lock:
            conn = self._connection()
            try:
                yield conn
            except sqlite3.Error as err:
                self._after(err)
                raise faults.from_sqlite(err, self.path, faults.READ, busy_seconds=BUSY_SECONDS) from err

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read as of one moment: every read inside sees the same committed records (one read transaction).

        Export uses it, so records added while it runs never give a half-consistent set of files.
        """
        if not self.exists:
            yield
            return
        with self._read() as conn:
            conn.execute("BEGIN")
            try:
                yield
            finally:
                if self._conn is conn and conn.in_transaction:
                    conn.execute("COMMIT")

    # ------------------------------------------------------------------ writing

    def add(
        self,
        kind: str,
        /,
        *,
        workshop_id: str | None = None,
        author: str | None = None,
        record_id: str | None = None,
        **fields: object,
    ) -> str:
        """Validate and store one record; return its id once it is committed to disk.

        Parameters
        ----------
        kind
            A registered record kind (``labkit.capture.kinds.all_kinds()``).
        workshop_id, author
            Override the journal's workshop id and author pseudonym for this record.
        record_id
            The record's id instead of a new one (an idempotency key, e.g. from a web form). If a record
            with this id is already stored with the same kind, workshop, author and fields, nothing is
            added and its id is returned, so a resent submission is stored once; other content is an error.
        **fields
            The record's fields.

        Raises
        ------
        CaptureError
            If the kind or a field is unknown, a value is not allowed (the message names the field and
            what it accepts), or a rule over records is broken (a vote on your own idea, a dot too many).
        """
        pending = self._pending(kind, workshop_id, author, record_id, fields)
        self._commit([pending])
        if pending.error is not None:
            raise pending.error
        return pending.draft.id

    def add_many(self, entries: Iterable[tuple[str, dict[str, object]]]) -> list[str | CaptureError]:
        """:meth:`add` for several records at once: ``(kind, keyword arguments of add)`` each, one commit.

        Each entry is checked exactly as :meth:`add` checks it (against every record before it, earlier
        entries included) and stored in its own savepoint, so a refused entry leaves the others alone; all
        are committed with one fsync, and the method returns only after that commit: for each entry, in
        order, its id or the ``CaptureError`` that refused it. A server that collects the writes of many
        clients stores them with it. A fault of the journal itself (disk full, locked, damaged) is raised,
        and then nothing of the batch was stored.
        """
        pendings: list[_Pending | CaptureError] = []
        for kind, options in entries:
            options = dict(options)
            try:
                envelope = [options.pop(key, None) for key in ("workshop_id", "author", "record_id")]
                workshop_id, author, record_id = (None if v is None else str(v) for v in envelope)
                pendings.append(self._pending(kind, workshop_id, author, record_id, options))
            except CaptureError as err:
                pendings.append(err)
        queued = [p for p in pendings if isinstance(p, _Pending)]
        self._commit(queued)
        for pending in queued:
            if pending.fault and pending.error is not None:  # another thread's transaction failed
                raise pending.error
        out: list[str | CaptureError] = []
        for p in pendings:
            if isinstance(p, CaptureError):
                out.append(p)
            elif isinstance(p.error, CaptureError):
                out.append(p.error)
            elif p.error is not None:  # not a refusal of this record: nothing of it was stored
                raise p.error
            else:
                out.append(p.draft.id)
        return out

    def _pending(
        self, kind: str, workshop_id: str | None, author: str | None, record_id: str | None, fields: dict
    ) -> _Pending:
        """A checked draft of one record, waiting for :meth:`_commit` (see :meth:`add`)."""
        spec = get_kind(kind)
        values = spec.validate(fields)
        given = None if record_id is None else check_text("id", record_id, ID_PATTERN)
        draft = Draft(
            kind,
            given or new_id(kind),
            now(),
            check_text("workshop_id", workshop_id or self.workshop),
            check_text("author", author or self.author),
            values,
        )
        return _Pending(spec, draft, idempotent=given is not None)

    def _commit(self, pendings: list[_Pending]) -> None:
        """Store ``pendings`` in the next write transaction; return once that transaction is committed.

        Group commit: drafts that other threads add meanwhile wait in a queue; whichever thread takes the
        write lock stores every queued draft in one transaction (each in its own savepoint, so a refused
        draft leaves the others alone, and each checked against the records stored before it) and
        commits them with one fsync. Every caller returns only after the commit that holds its records;
        a refused draft gets its ``error``.
        """
        if not pendings:
            return
        with self._queue_lock:
            self._queue.extend(pendings)
        with self._lock:
            if not all(p.done for p in pendings):
                with self._queue_lock:
                    batch, self._queue = self._queue, []
                try:
                    with self._write() as conn:
                        for item in batch:
                            self._store_one(conn, item)
                except BaseException as exc:
                    for item in batch:
                        item.error, item.fault = item.error or exc, True
                    raise
                finally:
                    for item in batch:
                        item.done = True

    def _store_one(self, conn: sqlite3.Connection, item: _Pending) -> None:
        conn.execute("SAVEPOINT labkit_add")
        try:
            if not (item.idempotent and self._is_known(conn, item.draft, same_time=False)):
                self._store(conn, item.spec, item.draft)
        except CaptureError as err:
            conn.execute("ROLLBACK TO labkit_add")
            item.error = err
        conn.execute("RELEASE labkit_add")

    def retract(self, record_id: str, reason: str = "") -> str:
        """Strike out a record by appending a retraction (nothing is ever deleted); return its id."""
        return self.add("retraction", record=record_id, reason=reason or None)

    def set_setting(self, name: str, value: object) -> None:
        """Change a journal setting (appended; the latest value counts). See :data:`SETTINGS`."""
        spec, _ = setting_spec(name)
        stored = json.dumps(spec.coerce(value, "setting"))
        with self._write() as conn:
            conn.execute(
                "INSERT INTO settings (name, value, created) VALUES (?, ?, ?)", (name, stored, now())
            )

    def import_drafts(
        self, items: Iterable[Placed], settings: dict[str, object] | None = None
    ) -> dict[str, int]:
        """Store many drafts in one transaction: all or none. Return how many of each kind were added.

        ``settings`` (already checked values) are applied first, in the same transaction, where they
        differ from the current ones. A draft whose id is already stored with the same content is
        skipped, so importing an export twice changes nothing; the same id with other content is an error.
        """
        added: dict[str, int] = {}
        with self._write() as conn:
            view = View(conn)
            for name, value in (settings or {}).items():
                if view.setting(name) != value:
                    conn.execute(
                        "INSERT INTO settings (name, value, created) VALUES (?, ?, ?)",
                        (name, json.dumps(value), now()),
                    )
            for item in items:
                try:
                    if self._is_known(conn, item.draft):
                        continue
                    self._store(conn, get_kind(item.draft.kind), item.draft)
                except CaptureError as err:
                    raise CaptureError(
                        err.what,
                        path=item.path,
                        line=item.line,
                        column=err.column,
                        expected=err.expected,
                        found=err.found,
                        hint=err.hint,
                    ) from err
                added[item.draft.kind] = added.get(item.draft.kind, 0) + 1
        return added

    def _is_known(self, conn: sqlite3.Connection, draft: Draft, *, same_time: bool = True) -> bool:
        row = conn.execute(
            "SELECT kind, created, workshop_id, author, fields FROM records WHERE id = ?", (draft.id,)
        ).fetchone()
        if row is None:
            return False
        mine: tuple[object, ...] = (
            draft.kind,
            draft.created,
            draft.workshop_id,
            draft.author,
            _dump(draft.fields),
        )
        if not same_time:
            row, mine = (row[0], *row[2:]), (mine[0], *mine[2:])
        if tuple(row) != mine:
            raise CaptureError(
                "record id already used for another record",
                column="id",
                expected="a new id, or the same record as stored",
                found=repr(draft.id),
            )
        return True

    def _store(self, conn: sqlite3.Connection, spec: RecordKind, draft: Draft) -> None:
        view = View(conn)
        check_unique(view, spec, draft)
        check_refs(view, spec, draft)
        for check in spec.checks:
            check(view, draft)
        conn.execute(
            "INSERT INTO records (id, kind, created, workshop_id, author, fields) VALUES (?, ?, ?, ?, ?, ?)",
            (draft.id, draft.kind, draft.created, draft.workshop_id, draft.author, _dump(draft.fields)),
        )

    # ------------------------------------------------------------------ reading

    def setting(self, name: str) -> object:
        """The current value of a setting (its default while nobody has set it)."""
        _, default = setting_spec(name)
        if not self.exists:
            return default
        with self._read() as conn:
            return View(conn).setting(name)

    @property
    def store_names(self) -> bool:
        """True when the facilitator has turned on the storing of participants' names."""
        return bool(self.setting("store_names"))

    def raw(self, kind: str | None = None) -> list[dict]:
        """Every stored record (retracted ones too) as envelope + fields dicts, in the order stored."""
        if kind is not None:
            get_kind(kind)
        if not self.exists:
            return []
        sql = "SELECT kind, id, created, workshop_id, author, fields FROM records"
        sql += " WHERE kind = ? ORDER BY seq" if kind else " ORDER BY seq"
        with self._read() as conn:
            rows = conn.execute(sql, (kind,) if kind else ()).fetchall()
        return [
            {"kind": k, "id": i, "created": c, "workshop_id": w, "author": a, "fields": json.loads(f)}
            for k, i, c, w, a, f in rows
        ]

    def settings(self) -> dict[str, object]:
        """Every setting with its current value."""
        return {name: self.setting(name) for name in SETTINGS}

    def count(
        self, kind: str | None = None, *, workshop_id: str | None = None, retracted: bool = True
    ) -> int:
        """How many records are stored: of one kind, of one workshop, live ones only when ``retracted=False``.

        By default every record counts, retracted ones and the retractions included.
        """
        if kind is not None:
            get_kind(kind)
        if not self.exists:
            return 0
        terms, args = [], []
        if kind is not None:
            terms, args = ["kind = ?"], [kind]
        if workshop_id is not None:
            terms, args = [*terms, "workshop_id = ?"], [*args, workshop_id]
        if not retracted:
            terms.append(LIVE)
        sql = "SELECT count(*) FROM records r" + (" WHERE " + " AND ".join(terms) if terms else "")
        with self._read() as conn:
            return int(conn.execute(sql, args).fetchone()[0])

    def mark(self) -> tuple[int, int]:
        """The sequence numbers of the latest record and the latest setting change ((0, 0) when there are
        none).

        With :meth:`since`, a reader that keeps tables in memory finds what was stored after it last looked.
        """
        if not self.exists:
            return 0, 0
        with self._read() as conn:
            row = conn.execute(
                "SELECT (SELECT coalesce(max(seq), 0) FROM records), "
                "(SELECT coalesce(max(seq), 0) FROM settings)"
            ).fetchone()
        return int(row[0]), int(row[1])

    def since(self, seq: int) -> list[dict]:
        """Every record stored after sequence number ``seq`` (retractions too), in the order stored.

        Each is a dict of ``seq``, ``kind``, the envelope (``id, created, workshop_id, author``) and the
        record's field values.
        """
        if not self.exists:
            return []
        sql = (
            "SELECT seq, kind, id, created, workshop_id, author, fields FROM records "
            "WHERE seq > ? ORDER BY seq"
        )
        with self._read() as conn:
            rows = conn.execute(sql, (seq,)).fetchall()
        return [
            {**json.loads(f), "seq": q, "kind": k, "id": i, "created": c, "workshop_id": w, "author": a}
            for q, k, i, c, w, a, f in rows
        ]

    def frame(
        self, kind: str, *, workshop_id: str | None = None, retracted: bool = False, identifying: bool = False
    ) -> pd.DataFrame:
        """One kind of record as a table: ``id, created, workshop_id, author`` and the kind's fields.

        Parameters
        ----------
        kind
            A registered record kind.
        workshop_id
            Only this workshop's records; all workshops when None.
        retracted
            Keep records that a retraction struck out (left out by default).
        identifying
            Keep name fields (left out by default, so analyses never see names).

        Returns
        -------
        pandas.DataFrame
            One row per record in the order stored; ``created`` is a UTC timestamp, whole-number
            fields are ``Int64``, booleans ``boolean``, text ``str`` (missing values NA or NaN).
        """
        get_kind(kind)
        rows = self._select(kind, workshop_id, retracted)
        data = [
            {"id": i, "created": c, "workshop_id": w, "author": a, **values} for i, c, w, a, values in rows
        ]
        return frame_of(kind, data, identifying=identifying)

    def _select(self, kind: str, workshop_id: str | None, retracted: bool) -> list[tuple]:
        if not self.exists:
            return []
        sql = "SELECT id, created, workshop_id, author, fields FROM records r WHERE kind = ?"
        args: list[object] = [kind]
        if not retracted:
            sql += f" AND {LIVE}"
        if workshop_id is not None:
            sql, args = sql + " AND workshop_id = ?", [*args, workshop_id]
        with self._read() as conn:
            rows = conn.execute(sql + " ORDER BY seq", args).fetchall()
        return [(i, c, w, a, json.loads(f)) for i, c, w, a, f in rows]

    def workshops(self) -> list[str]:
        """The workshop ids in the journal, in the order they first appear."""
        if not self.exists:
            return []
        sql = "SELECT workshop_id FROM records GROUP BY workshop_id ORDER BY min(seq)"
        with self._read() as conn:
            return [row[0] for row in conn.execute(sql).fetchall()]

    def integrity(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` result (``"ok"`` for an intact journal)."""
        with self._read() as conn:
            return "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check").fetchall())

    def schema_version(self) -> int:
        """The journal's schema version (see :mod:`labkit.capture.schema`)."""
        with self._read() as conn:
            return schema.version(conn)


def summary(problems: list[str], most: int = 3) -> str:
    """Problems reported by SQLite's checks as one line: the first few, and how many in all."""
    text = "; ".join(problems[:most])
    return text + (f" (and {len(problems) - most} more)" if len(problems) > most else "")


@contextmanager
def new_journal_file(target: Path, *, link: Callable[[Path, Path], None]) -> Iterator[sqlite3.Connection]:
    """A new journal for ``target``, built whole: an empty journal (latest schema, WAL, ``synchronous=FULL``)
    in a temporary file beside it, open for the caller to fill; on leaving, the connection is closed (so
    nothing is left in a write-ahead log) and ``link(tmp, target)`` puts the file in place. The temporary
    files are removed in every case. Raises ``OSError`` or ``sqlite3.Error``: each caller says what failed.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            schema.migrate(conn, str(target))
            yield conn
        finally:
            conn.close()
        link(tmp, target)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)


def _link_new(tmp: Path, path: Path) -> None:
    """Put the finished new journal ``tmp`` at ``path`` unless a journal is there already; sync the folder."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        return  # another process created the journal first: its file is the journal
    except OSError as err:
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        if path.exists():
            return
        os.rename(tmp, path)  # a file system without hard links
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _dump(fields: dict) -> str:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def frame_of(kind: str, rows: list[dict], *, identifying: bool = False) -> pd.DataFrame:
    """A table shaped like :meth:`LabJournal.frame` from dicts of envelope and field values.

    Missing keys become missing values; name fields are left out unless ``identifying``.
    """
    fields = [f for f in get_kind(kind).fields if identifying or not f.identifying]
    columns = [*ENVELOPE, *(f.name for f in fields)]
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)
    return _typed(frame, fields)


def _typed(frame: pd.DataFrame, fields: list[Field]) -> pd.DataFrame:
    """Give the columns of :meth:`LabJournal.frame` their dtypes."""
    frame["created"] = pd.to_datetime(frame["created"], utc=True, format="ISO8601")
    dtypes = {"int": "Int64", "float": "Float64", "bool": "boolean"}
    for name in ("id", "workshop_id", "author"):
        frame[name] = frame[name].astype("str")
    for spec in fields:
        if spec.type in dtypes:
            frame[spec.name] = frame[spec.name].astype(dtypes[spec.type])
        else:
            frame[spec.name] = frame[spec.name].astype("str")
    return frame


def known_kinds() -> tuple[str, ...]:
    """The names of every registered record kind, in registry order."""
    return tuple(all_kinds())


__all__ = [
    "BUSY_SECONDS",
    "FILE_NAME",
    "ID_PATTERN",
    "MAX_TEXT",
    "SETTINGS",
    "LabJournal",
    "Placed",
    "frame_of",
    "journal_path",
    "known_kinds",
    "new_id",
    "now",
]
