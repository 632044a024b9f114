"""The room a participant app serves: one workshop of one lab journal, what is open in it, and every read and
write.

Every write goes through :meth:`labkit.capture.LabJournal.add` with a record id derived from the form's
idempotency key, so a resent form stores nothing new, and returns only after the journal committed it.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import queue
import re
import threading
import time
from dataclasses import dataclass, field

import pandas as pd

from labkit.capture.journal import LabJournal
from labkit.capture.kinds.room import ACTIVITIES, awaiting_approval
from labkit.errors import CaptureError
from labkit.methods.cocreation.kinds import CRITERIA
from labkit.participants.keys import Keys

LOG = logging.getLogger("labkit.participants")

#: An idempotency key as the forms send it.
KEY_PATTERN = r"[A-Za-z0-9_-]{16,64}"

#: Most submissions the writer thread stores in one transaction (see :meth:`Room.add_async`).
WRITE_BATCH = 256

#: How long the room's open/closed state is trusted before it is read from the journal again (seconds).
STATE_TTL = 1.0


@dataclass(frozen=True)
class Options:
    """Limits of the participant app.

    ``rate_burst`` writes a participant may send at once and ``rate_per_second`` after that;
    ``join_failures`` wrong join codes per minute from one address; ``max_body`` bytes per request;
    ``retention_months`` is what the consent text promises; ``refresh_seconds`` is the projector's refresh.
    """

    rate_burst: int = 30
    rate_per_second: float = 1.0
    join_failures: int = 10
    max_body: int = 64 * 1024
    retention_months: int = 12
    refresh_seconds: int = 5
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class Activity:
    """One activity's current state: open or not, the brainwriting round and the criterion."""

    name: str
    open: bool
    round: int = 1
    criterion: str = CRITERIA[0]


@dataclass
class Room:
    """One workshop of a lab journal as the participant app sees it.

    Parameters
    ----------
    journal
        The lab journal (its ``workshop`` is the workshop participants join).
    kommun_kod, kommun
        The municipality's code and name (shown on every page).
    areas
        ``(area_code, area_name)`` of the municipality's areas, offered as home areas by name.
    keys
        The app's persisted secrets (:class:`labkit.participants.keys.Keys`).
    """

    journal: LabJournal
    kommun_kod: str
    kommun: str
    areas: list[tuple[str, str]]
    keys: Keys
    lang: str = "sv"
    options: Options = field(default_factory=Options)

    def __post_init__(self) -> None:
        self._state: tuple[float, dict[str, Activity]] | None = None
        self._state_lock = threading.Lock()
        self._cache: dict[str, tuple[float, object]] = {}
        self._cache_locks: dict[str, threading.Lock] = {}
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._writer: threading.Thread | None = None
        self._readers = threading.local()

    @property
    def workshop(self) -> str:
        """The workshop id new records get."""
        return self.journal.workshop

    @property
    def join_code(self) -> str:
        """This workshop's join code."""
        return self.keys.join_code(self.workshop)

    # ------------------------------------------------------------------ state

    def state(self) -> dict[str, Activity]:
        """Every activity's state; the latest ``room_state`` record per activity counts (joining starts
        open)."""
        with self._state_lock:
            if self._state is not None and time.monotonic() - self._state[0] < STATE_TTL:
                return self._state[1]
            now = time.monotonic()
            found = {name: Activity(name, name == "joining") for name in ACTIVITIES}
            for row in self.frame("room_state").itertuples():
                criterion = row.criterion if _given(row.criterion) else CRITERIA[0]
                found[row.activity] = Activity(
                    row.activity, bool(row.open), int(row.round) if _given(row.round) else 1, criterion
                )
            self._state = (now, found)
            return found

    def is_open(self, activity: str) -> bool:
        """True when ``activity`` is open."""
        return self.state()[activity].open

    def forget_state(self) -> None:
        """Read the state and the shown statements from the journal on the next request (after a change)."""
        with self._state_lock:
            self._state = None
            self._cache.pop("shown", None)

    # ------------------------------------------------------------------ reading

    def reader(self) -> LabJournal:
        """This thread's own connection to the journal, so that reading pages never waits for a write."""
        journal = getattr(self._readers, "journal", None)
        if journal is None:
            journal = self._readers.journal = LabJournal(self.journal.path, workshop=self.workshop)
        return journal

    def frame(self, kind: str) -> pd.DataFrame:
        """Live records of ``kind`` in this workshop (see :meth:`LabJournal.frame`)."""
        return self.reader().frame(kind, workshop_id=self.workshop)

    def participants(self) -> pd.DataFrame:
        """Participants of this workshop: pseudonym, role and the rest, in the order they joined."""
        return self.frame("participant")

    def has_participant(self, pseudonym: str) -> bool:
        """True when ``pseudonym`` is a live participant of this workshop."""
        return pseudonym in set(self.participants()["pseudonym"])

    def suggest_pseudonym(self) -> str:
        """The first free pseudonym P01, P02, … in this workshop."""
        taken = set(self.participants()["pseudonym"])
        number = 1
        while f"P{number:02d}" in taken:
            number += 1
        return f"P{number:02d}"

    def statements(self) -> pd.DataFrame:
        """Statements with ``approved``: False while a participant's proposal awaits the facilitator.

        See :func:`labkit.capture.kinds.room.awaiting_approval` (the co-creation analysis uses the same rule).
        """
        table = self.frame("statement")
        waiting = awaiting_approval(table, self.frame("statement_approval"))
        table["approved"] = pd.Series([not w for w in waiting], index=table.index, dtype=bool)
        return table

    def shown_statements(self) -> frozenset[str]:
        """Ids of the statements participants may vote on (re-read at most every :data:`STATE_TTL`
        seconds)."""

        def shown() -> frozenset[str]:
            table = self.statements()
            return frozenset(table.loc[table["approved"], "id"])

        return self.cached("shown", shown, STATE_TTL)

    def peek(self, name: str, seconds: float) -> object | None:
        """The kept value of ``name`` if it is younger than ``seconds``, else None (never reads the
        journal)."""
        hit = self._cache.get(name)
        return hit[1] if hit is not None and time.monotonic() - hit[0] < seconds else None

    def cached(self, name: str, compute, seconds: float) -> object:
        """``compute()``, kept for ``seconds`` (the projector's heavier figures, the shown statements).

        One thread computes while others that want the same value wait for it, so a burst of requests
        when the value expires reads the journal once, not once per request.
        """
        hit = self.peek(name, seconds)
        if hit is not None:
            return hit
        with self._state_lock:
            lock = self._cache_locks.setdefault(name, threading.Lock())
        with lock:
            hit = self.peek(name, seconds)
            if hit is not None:
                return hit
            value = compute()
            self._cache[name] = (time.monotonic(), value)
            return value

    # ------------------------------------------------------------------ writing

    def record_id(self, kind: str, who: str, key: str) -> str:
        """The record id of one submission: the kind and a keyed hash of workshop, sender and idempotency
        key."""
        message = f"{self.workshop}\x1f{who}\x1f{kind}\x1f{key}".encode()
        return f"{kind}-{hmac.new(self.keys.secret.encode(), message, hashlib.sha256).hexdigest()[:20]}"

    def add(self, kind: str, *, who: str, key: str, author: str | None = None, **fields: object) -> str:
        """Store one submission (once, however often it is sent) and return its id after the commit."""
        record_id = self.record_id(kind, who, key)
        return self.journal.add(kind, record_id=record_id, author=author, **fields)

    async def add_async(
        self, kind: str, *, who: str, key: str, author: str | None = None, **fields: object
    ) -> str:
        """:meth:`add` from the event loop: stored by the room's writer thread, returns after the commit.

        The writer thread takes every submission that is waiting and stores them with one
        :meth:`LabJournal.add_many` (one transaction, one fsync; each record checked as ``add`` checks
        it); the caller resumes only after that commit, with its record's id or the error that refused
        it. A plain queue and ``call_soon_threadsafe`` hand the work over: far cheaper for the event
        loop than a thread pool per request, and the writes of a busy room share their commits.
        """
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        with self._state_lock:
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(target=self._write_loop, name="labkit-writer", daemon=True)
                self._writer.start()
        entry = (kind, {"record_id": self.record_id(kind, who, key), "author": author, **fields})
        self._jobs.put((loop, done, entry))
        return await done

    def _write_loop(self) -> None:
        while True:
            jobs = [self._jobs.get()]
            while len(jobs) < WRITE_BATCH:
                try:
                    jobs.append(self._jobs.get_nowait())
                except queue.Empty:
                    break
            try:
                results: list = self.journal.add_many([entry for _, _, entry in jobs])
            except BaseException as exc:  # noqa: BLE001 - a fault of the journal: every waiting request gets it
                results = [exc] * len(jobs)
            answers: dict[asyncio.AbstractEventLoop, list] = {}
            for (loop, done, _), result in zip(jobs, results, strict=True):
                answers.setdefault(loop, []).append((done, result))
            for loop, settled in answers.items():
                try:
                    loop.call_soon_threadsafe(_settle, settled)
                except RuntimeError:  # the event loop is closed: nobody waits any more
                    pass


def _settle(settled: list[tuple[asyncio.Future, object]]) -> None:
    """Resume the requests whose writes were committed (or refused): an id, or the error to raise."""
    for done, result in settled:
        if done.cancelled():
            continue
        if isinstance(result, BaseException):
            done.set_exception(result)
        else:
            done.set_result(result)


def _given(value: object) -> bool:
    """True for a present value (not None, NaN, NA or the text of a missing one)."""
    if value is None or (isinstance(value, str) and value in ("", "nan", "None", "<NA>")):
        return False
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):
        return True


def valid_key(key: object) -> bool:
    """True for an idempotency key of the form the pages send."""
    return isinstance(key, str) and re.fullmatch(KEY_PATTERN, key) is not None


__all__ = ["Activity", "CaptureError", "Options", "Room", "valid_key"]
