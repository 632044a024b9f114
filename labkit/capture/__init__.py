"""Workshop capture: record kinds, the lab journal (SQLite) and thin ipywidgets views.

``from labkit.capture import LabJournal``; the widgets live in each method's ``widgets`` module (imported
only when a notebook asks for them).
"""

from __future__ import annotations

from labkit.capture.journal import LabJournal, journal_path
from labkit.capture.kinds import all_kinds, get_kind
from labkit.capture.records import Field, RecordKind

__all__ = ["Field", "LabJournal", "RecordKind", "all_kinds", "get_kind", "journal_path"]
