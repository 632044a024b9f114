"""Purge one workshop's records from a lab journal: the one deliberate, logged exception to append-only.

A municipality must be able to erase personal data when a workshop's purpose is fulfilled or a
participant asks (GDPR art. 17). ``purge_workshop`` deletes every record of one workshop – participants,
ideas, scores, votes, statements, stakeholders, activities and retractions – in one write
transaction: it lifts the append-only trigger, deletes, restores the trigger and appends a ``purge``
row to the settings log (workshop id, counts per kind, time and reason; no record content). With
``secure_delete`` on, then a WAL checkpoint and ``VACUUM``, the deleted bytes are overwritten in the
database file too. CSV exports made earlier are files of their own: they are not touched.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from labkit.capture.journal import LabJournal, now
from labkit.capture.schema import _append_only
from labkit.errors import CaptureError

#: Name of the settings-log rows that record a purge.
PURGE_LOG = "purge"


@dataclass(frozen=True)
class PurgeReport:
    """What a purge removed (or, in a dry run, would remove)."""

    journal: Path
    workshop: str
    removed: dict[str, int]
    retractions_elsewhere: int = 0
    dangling: tuple[str, ...] = ()
    dry_run: bool = False
    scrubbed: bool = False
    kept: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """How many records were removed, retractions in other workshops included."""
        return sum(self.removed.values()) + self.retractions_elsewhere

    def lines(self) -> list[str]:
        """The report as lines for the terminal (English, like every log line)."""
        verb = "would remove" if self.dry_run else "removed"
        out = [f"labkit: {verb} {self.total} record(s) of workshop {self.workshop!r} from {self.journal}"]
        out += [f"  {kind:<16} {n}" for kind, n in self.removed.items()]
        if self.retractions_elsewhere:
            out.append(f"  {'retraction':<16} {self.retractions_elsewhere} (made in another workshop)")
        if self.dangling:
            out.append(
                f"  {len(self.dangling)} record(s) of other workshops pointed at removed records and now "
                f"point at nothing: {', '.join(self.dangling)}"
            )
        kept = ", ".join(f"{n} {kind}" for kind, n in self.kept.items()) or "nothing"
        out.append(f"  kept in the journal (other workshops): {kept}")
        if not self.dry_run:
            out.append(
                "  the purge is logged in the journal's settings log (counts only, no content); "
                + (
                    "deleted bytes overwritten (secure_delete, checkpoint, VACUUM)"
                    if self.scrubbed
                    else "WARNING: the deleted bytes are not overwritten yet (another program holds the "
                    "journal open, or the disk is too full for VACUUM); run the purge again later "
                    "to overwrite them"
                )
            )
            out.append("  CSV exports made earlier are not touched: delete them by hand")
        return out


def _rows(conn: sqlite3.Connection) -> list[tuple[str, str, str, dict]]:
    rows = conn.execute("SELECT id, kind, workshop_id, fields FROM records ORDER BY seq").fetchall()
    return [(rid, kind, wid, json.loads(fields)) for rid, kind, wid, fields in rows]


def _plan(
    rows: list[tuple[str, str, str, dict]], workshop: str
) -> tuple[list[str], dict[str, int], list[str], list[str], dict[str, int]]:
    """Ids to delete, counts per kind, retractions elsewhere, dangling referrers, kept counts."""
    mine = [(rid, kind) for rid, kind, wid, _ in rows if wid == workshop]
    ids = {rid for rid, _ in mine}
    removed: dict[str, int] = {}
    for _, kind in mine:
        removed[kind] = removed.get(kind, 0) + 1
    others = [(rid, kind, values) for rid, kind, wid, values in rows if wid != workshop]
    retract = [rid for rid, kind, values in others if kind == "retraction" and values.get("record") in ids]
    dangling = [
        rid
        for rid, kind, values in others
        if kind != "retraction" and any(isinstance(v, str) and v in ids for v in values.values())
    ]
    kept: dict[str, int] = {}
    for rid, kind, _ in others:
        if rid not in retract:
            kept[kind] = kept.get(kind, 0) + 1
    return [rid for rid, _ in mine] + retract, removed, retract, dangling, kept


def _check_workshop(rows: list[tuple[str, str, str, dict]], workshop: str, path: Path) -> None:
    known = list(dict.fromkeys(wid for _, _, wid, _ in rows))
    if workshop not in known:
        raise CaptureError(
            "workshop not in the lab journal",
            path=path,
            column="--workshop",
            expected="one of " + (", ".join(known) or "(no workshops yet)"),
            found=repr(workshop),
        )


def purge_workshop(
    journal: LabJournal, workshop: str, *, reason: str = "", dry_run: bool = False
) -> PurgeReport:
    """Delete every record of ``workshop`` from ``journal`` (all or nothing) and report what went.

    Parameters
    ----------
    journal
        An existing lab journal.
    workshop
        The workshop id whose records are deleted; retractions made later that point at them go too.
    reason
        Why (e.g. "ändamålet uppfyllt" or a request reference); stored in the purge log.
    dry_run
        Only report what would be removed.

    Returns
    -------
    PurgeReport
        Counts per kind, retractions removed from other workshops, records of other workshops that now
        point at nothing, and what the journal keeps.

    Raises
    ------
    CaptureError
        If the journal does not exist or has no record of ``workshop`` (the message lists its workshops).
    """
    if not journal.exists:
        raise CaptureError(
            "no lab journal", path=journal.path, expected="an existing lab journal", found="no file"
        )
    with journal._read() if dry_run else journal._write() as conn:
        rows = _rows(conn)
        _check_workshop(rows, workshop, journal.path)
        ids, removed, retract, dangling, kept = _plan(rows, workshop)
        if not dry_run:
            _delete(
                conn,
                ids,
                {
                    "workshop": workshop,
                    "removed": removed,
                    "retractions_elsewhere": len(retract),
                    "reason": reason,
                    "at": now(),
                },
            )
    scrubbed = False if dry_run else _scrub(journal)
    return PurgeReport(
        journal.path, workshop, removed, len(retract), tuple(dangling), dry_run, scrubbed, kept
    )


def _delete(conn: sqlite3.Connection, ids: list[str], log: dict) -> None:
    """Inside the caller's write transaction: lift the trigger, delete, restore it, log the purge."""
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("DROP TRIGGER records_no_delete")
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        conn.execute(f"DELETE FROM records WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
    conn.execute(next(sql for sql in _append_only("records") if "BEFORE DELETE" in sql))
    conn.execute(
        "INSERT INTO settings (name, value, created) VALUES (?, ?, ?)",
        (PURGE_LOG, json.dumps(log, ensure_ascii=False), log["at"]),
    )


def _scrub(journal: LabJournal) -> bool:
    """Overwrite freed pages and empty the WAL; False when another connection kept it busy or the disk is
    full."""
    with journal._read() as conn:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        try:
            conn.execute("VACUUM")
        except sqlite3.OperationalError as err:
            if err.sqlite_errorcode & 0xFF in (
                sqlite3.SQLITE_BUSY,
                sqlite3.SQLITE_LOCKED,
                sqlite3.SQLITE_FULL,
            ):
                return False  # the purge itself is committed: report it, with the warning
            raise
        busy = busy or conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    return not busy


def purge_log(journal: LabJournal) -> list[dict]:
    """Every purge logged in the journal, oldest first (workshop, counts per kind, reason, time)."""
    if not journal.exists:
        return []
    with journal._read() as conn:
        rows = conn.execute("SELECT value FROM settings WHERE name = ? ORDER BY seq", (PURGE_LOG,)).fetchall()
    return [json.loads(value) for (value,) in rows]
