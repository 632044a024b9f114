"""The journal's SQLite schema as numbered migrations; ``PRAGMA user_version`` holds the applied number.

A new schema version is one more :class:`Migration` at the end of :data:`MIGRATIONS`. Never edit an
applied migration: journals in the field already carry it. Records are append-only (triggers refuse
UPDATE and DELETE); a migration that must rewrite stored records drops those triggers, rewrites, and
creates them again within its own statements, all inside the one migration transaction.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from labkit.errors import CaptureError

#: ``PRAGMA application_id`` of a labkit journal ("LabK" in ASCII), so a foreign SQLite file is refused.
APPLICATION_ID = 0x4C61624B


@dataclass(frozen=True)
class Migration:
    """One schema step: its number, a one-line description and the SQL statements that apply it."""

    version: int
    description: str
    statements: tuple[str, ...]


def _append_only(table: str) -> tuple[str, ...]:
    return tuple(
        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'the lab journal is append-only'); END"
        for verb in ("UPDATE", "DELETE")
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "records: the append-only log of every record, with its envelope and JSON fields",
        (
            f"PRAGMA application_id = {APPLICATION_ID}",
            (
                "CREATE TABLE records ("
                " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                " id TEXT NOT NULL UNIQUE,"
                " kind TEXT NOT NULL,"
                " created TEXT NOT NULL,"
                " workshop_id TEXT NOT NULL,"
                " author TEXT NOT NULL,"
                " fields TEXT NOT NULL CHECK (json_valid(fields)))"
            ),
            "CREATE INDEX records_kind ON records (kind, workshop_id)",
            *_append_only("records"),
            (
                "CREATE TABLE migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                "applied TEXT NOT NULL)"
            ),
        ),
    ),
    Migration(
        2,
        "settings (append-only, the latest value wins) and an index of retracted record ids",
        (
            (
                "CREATE TABLE settings ("
                " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                " name TEXT NOT NULL,"
                " value TEXT NOT NULL CHECK (json_valid(value)),"
                " created TEXT NOT NULL)"
            ),
            *_append_only("settings"),
            (
                "CREATE INDEX records_retracted ON records (json_extract(fields, '$.record')) "
                "WHERE kind = 'retraction'"
            ),
        ),
    ),
)

#: The schema version this labkit writes.
LATEST = MIGRATIONS[-1].version


def version(conn: sqlite3.Connection) -> int:
    """The schema version of an open journal (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_foreign(conn: sqlite3.Connection, path: str) -> None:
    """Refuse a SQLite file that another program made, or a journal from a newer labkit."""
    app = int(conn.execute("PRAGMA application_id").fetchone()[0])
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if app != APPLICATION_ID and (app != 0 or tables):
        raise CaptureError(
            "not a labkit lab journal",
            path=path,
            expected="a journal labkit created",
            found=f"a SQLite database with application id {app} and {tables} schema objects",
        )
    if version(conn) > LATEST:
        raise CaptureError(
            "the journal was written by a newer labkit",
            path=path,
            expected=f"schema version {LATEST} or older",
            found=f"version {version(conn)}",
            hint="Update labkit before you open this journal.",
        )


def migrate(conn: sqlite3.Connection, path: str, target: int = LATEST) -> int:
    """Bring the journal's schema up to ``target`` in one write transaction; return the version.

    Two processes opening a new journal at once are safe: the second waits for the lock, then finds
    the migrations applied. A failed migration rolls back completely.
    """
    check_foreign(conn, path)
    if version(conn) >= target:
        return version(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        check_foreign(conn, path)
        for step in MIGRATIONS:
            if version(conn) < step.version <= target:
                _apply(conn, step)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return version(conn)


def _apply(conn: sqlite3.Connection, step: Migration) -> None:
    for statement in step.statements:
        conn.execute(statement)
    applied = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    conn.execute(
        "INSERT INTO migrations (version, description, applied) VALUES (?, ?, ?)",
        (step.version, step.description, applied),
    )
    conn.execute(f"PRAGMA user_version = {int(step.version)}")
