"""The board's in-memory tables follow the journal's tail and always equal the tables read whole."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from labkit.capture import LabJournal
from labkit.capture.live import KINDS, SHARED, LiveFrames


@pytest.fixture
def journal(tmp_path: Path) -> LabJournal:
    return LabJournal(tmp_path / "labbok.sqlite", workshop="w1")


def _fresh(journal: LabJournal, kind: str) -> pd.DataFrame:
    return journal.frame(kind, workshop_id=None if kind in SHARED else journal.workshop)


def _assert_same(live: LiveFrames, journal: LabJournal) -> None:
    for kind in KINDS:
        pd.testing.assert_frame_equal(live.frame(kind), _fresh(journal, kind), check_dtype=True)


def test_tail_appends_what_was_stored_since(journal: LabJournal) -> None:
    live = LiveFrames(journal)  # before the journal exists
    assert live.seq == 0 and all(live.frame(k).empty for k in KINDS)
    journal.add("participant", pseudonym="P01", role="invånare")
    journal.add("participant", pseudonym="P02", role="politiker")
    assert live.catch_up() == {"participant"}
    idea = journal.add("idea", text="Bänkar", round=1, participant="P01")
    journal.add("idea", text="Tak", round=2, participant="P02", builds_on=idea)
    journal.add("priority_score", idea=idea, participant="P02", criterion="kostnad", score=3)
    journal.add("activity", name="Öppet hus", level="konsultation")  # not a kind the board keeps
    assert live.catch_up() == {"idea", "priority_score"}
    assert live.frame("idea")["text"].tolist() == ["Bänkar", "Tak"]
    assert live.catch_up() == set()
    _assert_same(live, journal)
    assert live.seq == journal.mark()[0] == 6


def test_other_workshops_only_for_shared_kinds(journal: LabJournal) -> None:
    live = LiveFrames(journal)
    other = LabJournal(journal.path, workshop="w2")  # another notebook on the same lab, another workshop
    other.add("participant", pseudonym="P09", role="invånare")
    other.add("stakeholder", name="Bostadsbolaget", power=4, interest=2)
    assert live.catch_up() == {"stakeholder"}
    assert live.frame("participant").empty
    assert live.frame("stakeholder")["workshop_id"].tolist() == ["w2"]
    _assert_same(live, journal)


def test_a_retraction_or_a_setting_reads_everything_again(journal: LabJournal) -> None:
    journal.add("participant", pseudonym="P01", role="invånare")
    wrong = journal.add("participant", pseudonym="P02", role="invånare")
    live = LiveFrames(journal)
    journal.retract(wrong, "fel")
    assert live.catch_up() is None
    assert live.frame("participant")["pseudonym"].tolist() == ["P01"]
    assert live.setting("dots_per_participant") == 3
    journal.set_setting("dots_per_participant", 5)
    assert live.catch_up() is None and live.setting("dots_per_participant") == 5
    assert live.catch_up() == set()
    _assert_same(live, journal)


def test_mark_since_and_live_counts(journal: LabJournal) -> None:
    assert journal.mark() == (0, 0) and journal.since(0) == [] and journal.count() == 0
    journal.add("participant", pseudonym="P01", role="invånare")
    struck = journal.add("statement", text="Fler träd", workshop_id="w2")
    journal.retract(struck)
    journal.set_setting("store_names", True)
    assert journal.mark() == (3, 1)
    tail = journal.since(1)
    assert [(r["seq"], r["kind"], r["workshop_id"]) for r in tail] == [
        (2, "statement", "w2"),
        (3, "retraction", "w1"),
    ]
    assert tail[0]["text"] == "Fler träd" and tail[1]["record"] == struck
    assert journal.count() == 3 and journal.count("statement") == 1
    assert journal.count("statement", retracted=False) == 0
    assert journal.count(workshop_id="w1") == 2 and journal.count(workshop_id="w2", retracted=False) == 0
    assert journal.workshops() == ["w1", "w2"]


def test_the_live_test_searches_the_index_of_retracted_ids(journal: LabJournal) -> None:
    import sqlite3

    from labkit.capture.rules import LIVE

    journal.add("participant", pseudonym="P01", role="invånare")
    sql = f"SELECT id FROM records r WHERE kind = ? AND workshop_id = ? AND {LIVE} ORDER BY seq"
    with sqlite3.connect(journal.path) as conn:
        plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, ("participant", "w1"))]
    assert "SEARCH r USING INDEX records_kind (kind=? AND workshop_id=?)" in plan
    assert "SEARCH x USING INDEX records_retracted (<expr>=?)" in plan  # one look-up per record, not a scan
