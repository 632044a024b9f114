"""The lab journal: durable, append-only, concurrent, migrated, and strict about every field."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from labkit.capture import LabJournal, all_kinds, journal_path, schema
from labkit.capture.journal import FILE_NAME, Placed
from labkit.capture.records import Draft
from labkit.errors import CaptureError, ConfigError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def journal(tmp_path: Path) -> LabJournal:
    with LabJournal(tmp_path / "labs" / "1402" / FILE_NAME, workshop="w1") as opened:
        yield opened


def _room(journal: LabJournal) -> dict[str, str]:
    """Two participants and one idea by each; returns the idea ids by author."""
    journal.add("participant", pseudonym="P01", role="invånare", age_band="20-34", home_area="1402X001")
    journal.add("participant", pseudonym="P02", role="tjänsteperson")
    return {
        "P01": journal.add("idea", text="Trygg passage", round=1, participant="P01"),
        "P02": journal.add("idea", text="Samråd på flera språk", round=1, participant="P02"),
    }


# --------------------------------------------------------------------------- paths and opening


def test_default_path_is_labs_kommun_labbok(tmp_path: Path) -> None:
    assert journal_path("1402", tmp_path) == tmp_path / "labs" / "1402" / "labbok.sqlite"
    assert journal_path("1462").parent == ROOT / "labs" / "1462"


def test_default_path_rejects_a_bad_code() -> None:
    with pytest.raises(ConfigError) as err:
        journal_path("../x")
    assert str(err.value) == (
        "parameter 'kommun_kod': invalid value: expected a 4-digit municipality code as text, "
        "e.g. '1402'; found '../x'."
    )


def test_reading_a_missing_journal_creates_nothing(tmp_path: Path) -> None:
    journal = LabJournal(tmp_path / "none" / FILE_NAME)
    assert list(journal.frame("idea").columns) == [
        "id",
        "created",
        "workshop_id",
        "author",
        "text",
        "round",
        "participant",
        "builds_on",
    ]
    assert journal.frame("idea").empty and journal.count() == 0 and journal.setting("store_names") is False
    assert not (tmp_path / "none").exists()


def test_first_write_creates_a_private_wal_journal(journal: LabJournal) -> None:
    journal.add("statement", text="Torget ska vara bilfritt")
    assert journal.path.stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(journal.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert journal.schema_version() == schema.LATEST == 2
    assert journal.integrity() == "ok"


def test_a_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(CaptureError) as err:
        LabJournal(path).add("statement", text="x")
    assert str(err.value) == (
        f"{path}: not a labkit lab journal: expected a journal labkit created; "
        "found a SQLite database with application id 0 and 1 schema objects."
    )


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "labbok.sqlite"
    path.write_text("hej " * 100)
    with pytest.raises(CaptureError) as err:
        LabJournal(path).add("statement", text="x")
    assert str(err.value) == (
        f"{path}: not a labkit lab journal: expected a journal labkit created; found a file "
        "that is not a SQLite database (another program's file, or a journal damaged at its "
        "start)."
    )
    assert path.read_text() == "hej " * 100


# --------------------------------------------------------------------------- add and frame


def test_add_returns_an_id_and_frame_gives_typed_columns(journal: LabJournal) -> None:
    ideas = _room(journal)
    child = journal.add(
        "idea", text="… ja, och på flera språk", round=2, participant="P01", builds_on=ideas["P02"]
    )
    frame = journal.frame("idea")
    assert frame["id"].tolist() == [ideas["P01"], ideas["P02"], child]
    assert frame["round"].dtype == "Int64" and frame["round"].tolist() == [1, 1, 2]
    assert frame["builds_on"].isna().tolist() == [True, True, False]
    assert frame.loc[2, "builds_on"] == ideas["P02"]
    assert set(frame["workshop_id"]) == {"w1"} and set(frame["author"]) == {"samtalsledare"}
    assert str(frame["created"].dtype).startswith("datetime64") and frame["created"].is_monotonic_increasing


def test_envelope_can_be_set_per_record(journal: LabJournal) -> None:
    journal.add("statement", text="A", workshop_id="w2", author="P09")
    frame = journal.frame("statement")
    assert (frame.loc[0, "workshop_id"], frame.loc[0, "author"]) == ("w2", "P09")
    assert journal.frame("statement", workshop_id="w1").empty
    assert journal.workshops() == ["w2"]


def test_unknown_kind_lists_the_kinds(journal: LabJournal) -> None:
    with pytest.raises(CaptureError) as err:
        journal.add("idee", text="x")
    kinds = ", ".join(all_kinds())  # other methods' kinds follow these
    assert kinds.startswith(
        "participant, activity, retraction, idea, yes_and, idea_card, priority_score, dot, "
        "statement, statement_vote, stakeholder"
    )
    assert str(err.value) == f"column 'kind': unknown record kind: expected one of {kinds}; found 'idee'."
    assert not journal.exists


def test_bad_role_names_the_field_and_the_roles(journal: LabJournal) -> None:
    with pytest.raises(CaptureError) as err:
        journal.add("participant", pseudonym="P01", role="student")
    assert str(err.value) == (
        "column 'role': value not allowed in a participant record: expected one of invånare, "
        "tjänsteperson, exploatör, civilsamhälle, politiker; found 'student'."
    )


def test_score_out_of_range_names_the_range(journal: LabJournal) -> None:
    ideas = _room(journal)
    with pytest.raises(CaptureError) as err:
        journal.add("priority_score", idea=ideas["P01"], participant="P02", criterion="kostnad", score=5)
    assert str(err.value) == (
        "column 'score': value out of range in a priority_score record: expected a whole "
        "number from 1 to 4; found 5."
    )


def test_unknown_participant_lists_the_registered_ones(journal: LabJournal) -> None:
    ideas = _room(journal)
    with pytest.raises(CaptureError) as err:
        journal.add("priority_score", idea=ideas["P01"], participant="P07", criterion="kostnad", score=2)
    assert (
        str(err.value) == "column 'participant': unknown participant: expected one of P01, P02; found 'P07'."
    )


def test_a_vote_on_your_own_idea_is_rejected(journal: LabJournal) -> None:
    ideas = _room(journal)
    with pytest.raises(CaptureError) as err:
        journal.add("priority_score", idea=ideas["P01"], participant="P01", criterion="kostnad", score=4)
    assert str(err.value) == (
        "column 'idea': a participant may not score their own idea: expected an idea written "
        f"by another participant; found idea '{ideas['P01']}' written by 'P01'."
    )
    assert journal.count("priority_score") == 0
    journal.add("priority_score", idea=ideas["P01"], participant="P02", criterion="kostnad", score=4)
    assert journal.frame("priority_score")["score"].tolist() == [4]


def test_dots_at_most_one_per_idea_and_n_per_participant(journal: LabJournal) -> None:
    ideas = _room(journal)
    more = [journal.add("idea", text=f"Idé {i}", round=1, participant="P02") for i in range(3)]
    first = journal.add("dot", idea=ideas["P02"], participant="P01")
    with pytest.raises(CaptureError) as err:
        journal.add("dot", idea=ideas["P02"], participant="P01")
    assert str(err.value) == (
        "column 'idea': a dot record with these values already exists in this workshop: expected one live "
        f"dot record per workshop, participant and idea; found participant 'P01', idea '{ideas['P02']}' "
        f"(record {first}). Retract the earlier record first if it was a mistake."
    )
    journal.add("dot", idea=more[0], participant="P01")
    journal.add("dot", idea=more[1], participant="P01")
    with pytest.raises(CaptureError) as err:
        journal.add("dot", idea=more[2], participant="P01")
    assert str(err.value) == (
        "column 'participant': no dots left for this participant: expected at most 3 dots per "
        "participant; found 3 dots already placed by 'P01'."
    )
    journal.set_setting("dots_per_participant", 4)
    journal.add("dot", idea=more[2], participant="P01")
    assert journal.count("dot") == 4


def test_names_are_refused_until_the_facilitator_turns_them_on(journal: LabJournal) -> None:
    with pytest.raises(CaptureError) as err:
        journal.add("participant", pseudonym="P01", role="politiker", name="Anna Andersson")
    assert str(err.value) == (
        "column 'name': names are not stored in this journal: expected no name (pseudonyms "
        "only) unless the facilitator turns names on; found a name. Turn names on with "
        "journal.set_setting('store_names', True)."
    )
    journal.set_setting("store_names", True)
    journal.add("participant", pseudonym="P01", role="politiker", name="Anna Andersson")
    assert "name" not in journal.frame("participant").columns
    assert journal.frame("participant", identifying=True)["name"].tolist() == ["Anna Andersson"]


def test_unknown_setting_lists_the_settings(journal: LabJournal) -> None:
    with pytest.raises(CaptureError) as err:
        journal.set_setting("dots", 5)
    assert str(err.value) == (
        "column 'setting': unknown journal setting: expected one of store_names, "
        "dots_per_participant; found 'dots'."
    )
    with pytest.raises(CaptureError) as err:
        journal.set_setting("dots_per_participant", 20)
    assert str(err.value) == (
        "column 'dots_per_participant': value out of range in a setting record: expected a "
        "whole number from 1 to 10; found 20."
    )


def test_retraction_hides_a_record_but_keeps_it(journal: LabJournal) -> None:
    ideas = _room(journal)
    struck = journal.retract(ideas["P01"], "dubblett")
    assert journal.frame("idea")["id"].tolist() == [ideas["P02"]]
    assert journal.frame("idea", retracted=True)["id"].tolist() == [ideas["P01"], ideas["P02"]]
    with pytest.raises(CaptureError) as err:
        journal.add("yes_and", idea=ideas["P01"], text="ja, och …", participant="P02")
    assert str(err.value) == (
        "column 'idea': unknown idea: expected one of " + ideas["P02"] + f"; found '{ideas['P01']}'."
    )
    with pytest.raises(CaptureError) as err:
        journal.retract(struck)
    assert str(err.value) == (
        "column 'record': a retraction cannot be retracted: expected the id of a live record "
        f"of another kind; found '{struck}'."
    )


def test_stored_records_cannot_be_changed_or_deleted(journal: LabJournal) -> None:
    journal.add("statement", text="A")
    journal.set_setting("dots_per_participant", 5)
    with sqlite3.connect(journal.path) as conn:
        for sql in ("UPDATE records SET kind = 'x'", "DELETE FROM records", "DELETE FROM settings"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
    assert (
        journal.frame("statement")["text"].tolist() == ["A"] and journal.setting("dots_per_participant") == 5
    )


def test_nothing_is_written_when_a_check_fails(journal: LabJournal) -> None:
    _room(journal)
    before = journal.count()
    with pytest.raises(CaptureError):
        journal.add("idea", text="x", round=0, participant="P01")
    assert journal.count() == before


# --------------------------------------------------------------------------- migrations


def test_a_version_1_journal_is_migrated_and_keeps_its_records(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    conn = sqlite3.connect(path, isolation_level=None)
    assert schema.migrate(conn, str(path), target=1) == 1
    fields = json.dumps({"text": "Gammalt påstående", "participant": None})
    conn.execute(
        "INSERT INTO records (id, kind, created, workshop_id, author, fields) VALUES "
        "('s-1', 'statement', '2019-03-19T09:00:00+00:00', 'w0', 'P01', ?)",
        (fields,),
    )
    conn.close()
    journal = LabJournal(path)
    assert journal.frame("statement")["text"].tolist() == ["Gammalt påstående"]
    assert journal.schema_version() == 2 and journal.setting("dots_per_participant") == 3
    with sqlite3.connect(path) as check:
        assert [r[0] for r in check.execute("SELECT version FROM migrations ORDER BY version")] == [1, 2]


def test_a_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / FILE_NAME
    broken = schema.Migration(3, "broken", ("CREATE TABLE extra (x)", "THIS IS NOT SQL"))
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, broken))
    conn = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        schema.migrate(conn, str(path), target=3)
    assert schema.version(conn) == 0
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def test_a_journal_from_a_newer_labkit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    LabJournal(path).add("statement", text="x")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(CaptureError) as err:
        LabJournal(path).frame("statement")
    assert str(err.value) == (
        f"{path}: the journal was written by a newer labkit: expected schema version 2 or "
        "older; found version 99. Update labkit before you open this journal."
    )


# --------------------------------------------------------------------------- import of drafts


def test_import_is_all_or_nothing_and_idempotent(journal: LabJournal) -> None:
    ok = Draft(
        "statement",
        "s-1",
        "2019-03-19T09:00:00.000000+00:00",
        "w1",
        "import",
        {"text": "A", "participant": None},
    )
    bad = Draft(
        "statement_vote",
        "v-1",
        "2019-03-19T09:01:00.000000+00:00",
        "w1",
        "import",
        {"statement": "s-1", "participant": "P99", "vote": 1},
    )
    with pytest.raises(CaptureError) as err:
        journal.import_drafts([Placed(ok, "a.csv", 2), Placed(bad, "b.csv", 7)])
    assert (
        str(err.value)
        == "b.csv, line 7, column 'participant': unknown participant: expected the pseudonym of "
        "a participant recorded in workshop 'w1'; found 'P99'."
    )
    assert journal.count() == 0
    assert journal.import_drafts([Placed(ok)]) == {"statement": 1}
    assert journal.import_drafts([Placed(ok)]) == {}
    changed = Draft(**{**ok.__dict__, "fields": {"text": "B", "participant": None}})
    with pytest.raises(CaptureError) as err:
        journal.import_drafts([Placed(changed, "c.csv", 3)])
    assert str(err.value) == (
        "c.csv, line 3, column 'id': record id already used for another record: expected a "
        "new id, or the same record as stored; found 's-1'."
    )


# --------------------------------------------------------------------------- durability and concurrency

WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from labkit.capture import LabJournal
    path, n, tag, go = sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
    journal = LabJournal(path, workshop="w1", author=tag)
    while not go.exists():
        time.sleep(0.005)
    for i in range(n):
        record = journal.add("statement", text=f"{tag} {i}")
        print(record, flush=True)
""")


def _writer(path: Path, n: int, tag: str, go: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(n), tag, str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def test_acknowledged_records_survive_kill_9(tmp_path: Path) -> None:
    path, go = tmp_path / FILE_NAME, tmp_path / "go"
    go.touch()
    proc = _writer(path, 1_000_000, "A", go)
    acknowledged = [proc.stdout.readline().strip() for _ in range(300)]
    os.kill(proc.pid, signal.SIGKILL)  # in the middle of the stream of writes
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    journal = LabJournal(path)
    assert journal.integrity() == "ok"
    stored = set(journal.frame("statement")["id"])
    assert all(acknowledged) and set(acknowledged) <= stored
    journal.add("statement", text="efter kraschen")  # the journal still takes writes


def test_two_processes_adding_1000_records_each_lose_none(tmp_path: Path) -> None:
    path, go = tmp_path / FILE_NAME, tmp_path / "go"
    procs = [_writer(path, 1000, tag, go) for tag in ("A", "B")]
    time.sleep(0.5)
    go.touch()
    outputs = [proc.communicate(timeout=300) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], [err for _, err in outputs]
    acknowledged = [set(out.split()) for out, _ in outputs]
    frame = LabJournal(path).frame("statement")
    assert len(frame) == 2000 and frame["id"].is_unique
    assert set(frame["id"]) == acknowledged[0] | acknowledged[1]
    assert frame.groupby("author").size().to_dict() == {"A": 1000, "B": 1000}
    ordered = frame[frame["author"] == "A"]["text"].tolist()
    assert ordered == [f"A {i}" for i in range(1000)]


def test_a_forked_process_gets_its_own_connection(journal: LabJournal) -> None:
    journal.add("statement", text="före")
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            journal.add("statement", text="i barnet")
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    journal.add("statement", text="efter")
    assert journal.frame("statement")["text"].tolist() == ["före", "i barnet", "efter"]


def test_frame_is_a_dataframe_per_kind(journal: LabJournal) -> None:
    journal.add("stakeholder", name="Hyresgästföreningen", power=2, interest=5, category="förening")
    frame = journal.frame("stakeholder")
    assert isinstance(frame, pd.DataFrame)
    assert frame[["name", "power", "interest"]].values.tolist() == [["Hyresgästföreningen", 2, 5]]


def test_add_many_checks_each_entry_as_add_does_and_commits_once(journal: LabJournal) -> None:
    transactions = []
    write = journal._write

    def counted():
        transactions.append(1)
        return write()

    journal._write = counted
    results = journal.add_many(
        [
            ("participant", {"pseudonym": "P1", "role": "invånare"}),
            ("idea", {"record_id": "idea-1", "text": "Bänkar", "round": 1, "participant": "P1"}),
            ("idea", {"record_id": "idea-1", "text": "Bänkar", "round": 1, "participant": "P1"}),  # resent
            ("idea", {"record_id": "idea-1", "text": "Annat", "round": 1, "participant": "P1"}),
            ("dot", {"idea": "idea-1", "participant": "P9"}),  # nobody called P9
            ("idea", {"text": "", "round": 1, "participant": "P1"}),  # refused before the transaction
            ("statement", {"text": "Fler träd", "author": "P1", "workshop_id": "w2"}),
        ]
    )
    assert len(transactions) == 1  # one transaction (one fsync) for the whole batch
    assert isinstance(results[0], str) and results[0].startswith("participant-")
    assert results[1:3] == ["idea-1", "idea-1"]
    assert [str(r) for r in results[3:6]] == [
        (
            "column 'id': record id already used for another record: expected a new id, or the same record "
            "as stored; found 'idea-1'."
        ),
        "column 'participant': unknown participant: expected one of P1; found 'P9'.",
        (
            "column 'text': missing value in a idea record: expected text of at most 4000 characters; "
            "found nothing."
        ),
    ]
    assert all(isinstance(r, CaptureError) for r in results[3:6])
    assert journal.count("idea") == 1 and journal.count("dot") == 0
    statement = journal.raw("statement")[0]
    assert (statement["id"], statement["author"], statement["workshop_id"]) == (results[6], "P1", "w2")
    assert journal.add_many([]) == [] and len(transactions) == 1
