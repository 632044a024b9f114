"""One workshop's live records kept in memory and brought up to date from the journal's tail.

The workshop board reads its choices and tallies from here: :meth:`LiveFrames.load` reads the tables
whole, as of one moment; after a save, :meth:`LiveFrames.catch_up` reads only the records stored since
(by this board, another notebook or another process) and appends them, so a save never reads the whole
journal. A retraction or a changed setting changes what earlier records mean; the
tables are then read whole again.
"""

from __future__ import annotations

import pandas as pd

from labkit.capture.journal import LabJournal, frame_of
from labkit.capture.rules import SETTINGS

#: The kinds the workshop board shows: the journal's workshop only, except the kinds in :data:`SHARED`.
KINDS = (
    "participant",
    "idea",
    "priority_score",
    "dot",
    "statement",
    "statement_vote",
    "statement_approval",
    "stakeholder",
)

#: Kinds the board shows from every workshop of the journal (stakeholders belong to the lab, not one
#: workshop).
SHARED = ("stakeholder",)


class LiveFrames:
    """The live records of the journal's workshop, per kind, as :meth:`LabJournal.frame` gives them.

    Parameters
    ----------
    journal
        The journal; its ``workshop`` is the workshop shown.
    kinds
        The record kinds to keep (default :data:`KINDS`).
    """

    def __init__(self, journal: LabJournal, kinds: tuple[str, ...] = KINDS) -> None:
        self.journal, self.kinds = journal, kinds
        self.frames: dict[str, pd.DataFrame] = {}
        self.settings: dict[str, object] = {}
        self.seq = self.settings_seq = 0
        self.load()

    def frame(self, kind: str) -> pd.DataFrame:
        """The live records of ``kind`` (of the workshop, or of every workshop for a shared kind)."""
        return self.frames[kind]

    def setting(self, name: str) -> object:
        """The current value of a journal setting."""
        return self.settings[name]

    def load(self) -> None:
        """Read every table and setting whole, as of one moment."""
        journal = self.journal
        with journal.snapshot():
            self.seq, self.settings_seq = journal.mark()
            self.frames = {
                kind: journal.frame(kind, workshop_id=None if kind in SHARED else journal.workshop)
                for kind in self.kinds
            }
            self.settings = {name: journal.setting(name) for name in SETTINGS}

    def catch_up(self) -> set[str] | None:
        """Append the records stored since the last look; return the kinds that changed.

        Returns None when the tables were read whole again instead (a retraction or a setting changed).
        """
        journal = self.journal
        new = journal.since(self.seq)
        if journal.mark()[1] != self.settings_seq or any(r["kind"] == "retraction" for r in new):
            self.load()
            return None
        if new:
            self.seq = new[-1]["seq"]
        rows: dict[str, list[dict]] = {}
        for record in new:
            kind = record["kind"]
            if kind in self.frames and (kind in SHARED or record["workshop_id"] == journal.workshop):
                rows.setdefault(kind, []).append(record)
        for kind, added in rows.items():
            old, more = self.frames[kind], frame_of(kind, added)
            self.frames[kind] = more if old.empty else pd.concat([old, more], ignore_index=True)
        return set(rows)


__all__ = ["KINDS", "SHARED", "LiveFrames"]
