"""Tests of labkit.capture.purge and ``labkit capture purge``: one workshop's records erased, logged,
reported."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from labkit.capture.journal import LabJournal
from labkit.capture.purge import purge_log, purge_workshop
from labkit.cli import main
from labkit.errors import CaptureError


def _fill(path: Path) -> dict[str, str]:
    """Workshop A: 2 participants, 2 ideas, 1 score, 1 retraction; workshop B: 1 participant, 1 idea on A's
    idea."""
    a = LabJournal(path, workshop="A")
    a.add("participant", pseudonym="P01", role="invånare", home_area="1402R003", age_band="65-79")
    a.add("participant", pseudonym="P02", role="politiker")
    i1 = a.add("idea", text="Belysning vid Hemlig gatan 4 där Anna bor", round=1, participant="P01")
    i2 = a.add("idea", text="Bänkar på torget", round=1, participant="P02")
    a.add("priority_score", idea=i1, participant="P02", criterion="effekt för målgruppen", score=3)
    a.retract(i2, "dubblett")
    b = LabJournal(path, workshop="B")
    b.add("participant", pseudonym="Q01", role="tjänsteperson")
    i3 = b.add("idea", text="Fler bänkar", round=1, participant="Q01", builds_on=i1)
    a.close()
    b.close()
    return {"i1": i1, "i2": i2, "i3": i3}


def test_purge_removes_one_workshop(tmp_path: Path) -> None:
    path = tmp_path / "labbok.sqlite"
    ids = _fill(path)
    with LabJournal(path) as journal:
        report = purge_workshop(journal, "A", reason="ändamålet uppfyllt")
        assert report.removed == {"participant": 2, "idea": 2, "priority_score": 1, "retraction": 1}
        assert report.total == 6
        assert report.dangling == (ids["i3"],)
        assert report.kept == {"participant": 1, "idea": 1}
        assert report.scrubbed
        assert journal.workshops() == ["B"]
        assert journal.count() == 2
        assert journal.frame("participant")["pseudonym"].tolist() == ["Q01"]
        assert journal.integrity() == "ok"
        [log] = purge_log(journal)
        assert {k: log[k] for k in ("workshop", "removed", "retractions_elsewhere", "reason")} == {
            "workshop": "A",
            "removed": report.removed,
            "retractions_elsewhere": 0,
            "reason": "ändamålet uppfyllt",
        }
    # the journal is append-only again after the purge
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM records")
    conn.close()
    # the deleted text is gone from the file and its WAL, not only from the tables
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("labbok.sqlite"))
    assert b"Hemlig gatan" not in data and b"P01" not in data
    assert b"Fler b" in data


def test_retraction_in_a_later_workshop_goes_too(tmp_path: Path) -> None:
    path = tmp_path / "labbok.sqlite"
    ids = _fill(path)
    with LabJournal(path, workshop="B") as journal:
        journal.retract(ids["i1"], "fel")
        report = purge_workshop(journal, "A")
        assert report.retractions_elsewhere == 1
        assert report.total == 7
        assert journal.count("retraction") == 0


def test_dry_run_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "labbok.sqlite"
    _fill(path)
    with LabJournal(path) as journal:
        report = purge_workshop(journal, "A", dry_run=True)
        assert report.total == 6 and report.dry_run
        assert journal.count() == 8
        assert purge_log(journal) == []


def test_unknown_workshop_lists_the_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "labbok.sqlite"
    _fill(path)
    with LabJournal(path) as journal, pytest.raises(CaptureError) as err:
        purge_workshop(journal, "C")
    assert (
        str(err.value)
        == f"{path}, column '--workshop': workshop not in the lab journal: expected one of A, B; found 'C'."
    )


def test_missing_journal(tmp_path: Path) -> None:
    path = tmp_path / "none.sqlite"
    with pytest.raises(CaptureError) as err:
        purge_workshop(LabJournal(path), "A")
    assert str(err.value) == f"{path}: no lab journal: expected an existing lab journal; found no file."
    assert not path.exists()


def test_cli_purge_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "labbok.sqlite"
    ids = _fill(path)
    assert (
        main(
            [
                "capture",
                "purge",
                "--kommun",
                "1402",
                "--workshop",
                "A",
                "--journal",
                str(path),
                "--reason",
                "begäran 2025-17",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"labkit: removed 6 record(s) of workshop 'A' from {path}",
        "  participant      2",
        "  idea             2",
        "  priority_score   1",
        "  retraction       1",
        f"  1 record(s) of other workshops pointed at removed records and now point at nothing: {ids['i3']}",
        "  kept in the journal (other workshops): 1 participant, 1 idea",
        (
            "  the purge is logged in the journal's settings log (counts only, no content); deleted bytes "
            "overwritten (secure_delete, checkpoint, VACUUM)"
        ),
        "  CSV exports made earlier are not touched: delete them by hand",
    ]
    assert main(["capture", "purge", "--kommun", "1402", "--workshop", "A", "--journal", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"labkit: error: {path}, column '--workshop': workshop not in the lab "
        "journal: expected one of B; found 'A'.\n"
    )


def test_cli_dry_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "labbok.sqlite"
    _fill(path)
    assert (
        main(["capture", "purge", "--kommun", "1402", "--workshop", "B", "--journal", str(path), "--dry-run"])
        == 0
    )
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"labkit: would remove 2 record(s) of workshop 'B' from {path}"
    assert (
        out[-1]
        == "  kept in the journal (other workshops): 2 participant, 2 idea, 1 priority_score, 1 retraction"
    )
    assert LabJournal(path).count() == 8


def test_cli_checks_the_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["capture", "purge", "--kommun", "140", "--workshop", "A"]) == 2
    assert capsys.readouterr().err == (
        "labkit: error: parameter 'kommun_kod': invalid value: "
        "expected a 4-digit municipality code as text, e.g. '1402'; found '140'.\n"
    )
