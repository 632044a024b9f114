"""``labkit capture export|import``: every kind round-trips through CSV; paper imports are validated."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from labkit.capture import LabJournal, all_kinds
from labkit.capture.cli import add_commands
from labkit.capture.csvio import export_csv, file_names, import_csv, read_table
from labkit.capture.kinds import common
from labkit.cli import main
from labkit.errors import CaptureError, ConfigError
from labkit.methods.cocreation import kinds as cocreation
from labkit.registry import ROOT


def _full_journal(path: Path) -> LabJournal:
    """A journal with at least one record of every kind, names on, a retraction and odd text."""
    journal = LabJournal(path, workshop="2019-03-19")
    journal.set_setting("store_names", True)
    journal.set_setting("dots_per_participant", 4)
    journal.add(
        "participant",
        pseudonym="P01",
        role="invånare",
        age_band="65-79",
        gender="kvinna",
        home_area="1402X003",
        name="Åsa Öberg",
    )
    journal.add("participant", pseudonym="P02", role="exploatör")
    journal.add("activity", name="Brainwriting", level="delaktighet", date="2019-03-19")
    first = journal.add(
        "idea", text='Trygg passage, "under" järnvägen\npå två rader', round=1, participant="P01"
    )
    second = journal.add("idea", text="Samråd på flera språk", round=2, participant="P02", builds_on=first)
    journal.add("yes_and", idea=first, text="ja, och belysning", participant="P02")
    journal.add("idea_card", idea=first, title="Trygg passage", target_group="äldre")
    journal.add("priority_score", idea=first, participant="P02", criterion="kostnad", score=3)
    journal.add("dot", idea=second, participant="P01", criterion="genomförbarhet")
    statement = journal.add("statement", text="Torget ska vara bilfritt")
    journal.add("statement_vote", statement=statement, participant="P01", vote=-1)
    journal.add("stakeholder", name="Hyresgästföreningen", power=2, interest=5, category="förening")
    journal.retract(journal.add("statement", text="Fel"), "dubblett")
    return journal


def _run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    status = main(argv)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_every_kind_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    source = _full_journal(tmp_path / "a.sqlite")
    mine = {k.name for m in (common, cocreation) for k in m.KINDS}
    assert {record["kind"] for record in source.raw()} == mine
    status, out, _ = _run(
        ["capture", "export", "--kommun", "1402", "--journal", str(source.path), str(tmp_path / "one")],
        capsys,
    )
    assert status == 0 and out.splitlines() == [str(tmp_path / "one" / name) for name in file_names()]
    status, out, _ = _run(
        [
            "capture",
            "import",
            "--kommun",
            "1402",
            "--journal",
            str(tmp_path / "b.sqlite"),
            str(tmp_path / "one"),
        ],
        capsys,
    )
    assert status == 0
    assert out == (
        "labkit: imported 2 participant, 1 activity, 2 idea, 1 yes_and, 1 idea_card, 1 priority_score, 1 "
        f"dot, 2 statement, 1 statement_vote, 1 stakeholder, 1 retraction into {tmp_path / 'b.sqlite'}\n"
    )
    copy = LabJournal(tmp_path / "b.sqlite")
    export_csv(copy, tmp_path / "two")
    for name in file_names():
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    for kind in all_kinds():
        left = source.frame(kind, retracted=True, identifying=True)
        right = copy.frame(kind, retracted=True, identifying=True)
        assert left.equals(right), kind
    assert copy.settings() == {"store_names": True, "dots_per_participant": 4}


def test_importing_the_same_folder_twice_adds_nothing(tmp_path: Path) -> None:
    export_csv(_full_journal(tmp_path / "a.sqlite"), tmp_path / "csv")
    target = LabJournal(tmp_path / "b.sqlite")
    assert sum(import_csv(target, tmp_path / "csv").values()) == 14
    assert import_csv(target, tmp_path / "csv") == {}
    assert target.count() == 14


PAPER = {
    "participant.csv": (
        "pseudonym;role;age_band;home_area\nP1;invånare;13-19;1462X002\nP2;tjänsteperson;;\n;;;\n"
    ),
    "idea.csv": (
        "id;text;round;participant;builds_on\nI1;Fler bänkar på torget;1;P1;\nI2;Bänkar med tak;2;P2;I1\n"
    ),
    "priority_score.csv": "idea;participant;criterion;score\nI1;P2;kostnad;4\nI2;P1;kostnad;2\n",
}


def _paper(folder: Path, files: dict[str, str], encoding: str = "cp1252") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_bytes(text.encode(encoding))
    return folder


def test_a_paper_workshop_typed_in_excel_is_imported(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = _paper(tmp_path / "papper", PAPER)
    journal = tmp_path / "labbok.sqlite"
    status, out, _ = _run(
        [
            "capture",
            "import",
            "--kommun",
            "1462",
            "--journal",
            str(journal),
            "--workshop",
            "torget-1",
            "--author",
            "P0",
            str(folder),
        ],
        capsys,
    )
    assert status == 0 and out == f"labkit: imported 2 participant, 2 idea, 2 priority_score into {journal}\n"
    frame = LabJournal(journal).frame("idea")
    assert frame[["id", "text", "builds_on"]].fillna("").values.tolist() == [
        ["I1", "Fler bänkar på torget", ""],
        ["I2", "Bänkar med tak", "I1"],
    ]
    assert set(frame["workshop_id"]) == {"torget-1"} and set(frame["author"]) == {"P0"}


def _import_error(tmp_path: Path, files: dict[str, str], encoding: str = "utf-8") -> str:
    folder = _paper(tmp_path / "in", files, encoding)
    journal = LabJournal(tmp_path / "labbok.sqlite", workshop="w")
    with pytest.raises(CaptureError) as err:
        import_csv(journal, folder)
    assert journal.count() == 0  # all or nothing
    return str(err.value)


def test_a_bad_cell_names_file_line_column_and_allowed_values(tmp_path: Path) -> None:
    files = {**PAPER, "participant.csv": "pseudonym,role\nP1,invånare\nP2,kommunanställd\n"}
    message = _import_error(tmp_path, files)
    assert message == (
        f"{tmp_path / 'in' / 'participant.csv'}, line 3, column 'role': value not allowed in a "
        "participant record: expected one of invånare, tjänsteperson, exploatör, civilsamhälle, "
        "politiker; found 'kommunanställd'."
    )


def test_a_self_vote_on_paper_is_rejected_with_its_line(tmp_path: Path) -> None:
    files = {
        **PAPER,
        "priority_score.csv": "idea,participant,criterion,score\nI1,P2,kostnad,4\n\nI1,P1,kostnad,3\n",
    }
    assert _import_error(tmp_path, files) == (
        f"{tmp_path / 'in' / 'priority_score.csv'}, line 4, column 'idea': a participant may not score "
        "their own idea: expected an idea written by another participant; found idea 'I1' written by 'P1'."
    )


def test_unknown_and_missing_columns(tmp_path: Path) -> None:
    assert _import_error(tmp_path, {"statement.csv": "text,vem\nA,P1\n"}) == (
        f"{tmp_path / 'in' / 'statement.csv'}, line 1, column 'vem': unknown column: expected columns "
        "among id, created, workshop_id, author, text, participant; found 'vem'."
    )
    assert _import_error(tmp_path / "b", {"stakeholder.csv": "name,power\nX,3\n"}) == (
        f"{tmp_path / 'b' / 'in' / 'stakeholder.csv'}, line 1: missing columns interest: expected columns "
        "name, power, interest; found columns name, power."
    )


def test_an_unknown_file_lists_the_file_names(tmp_path: Path) -> None:
    message = _import_error(tmp_path, {"ideas.csv": "text\nA\n"})
    assert message == (
        f"{tmp_path / 'in' / 'ideas.csv'}: unknown file: expected files named "
        + ", ".join(file_names())
        + "; found 'ideas.csv'."
    )


def test_other_file_errors(tmp_path: Path) -> None:
    assert _import_error(tmp_path / "a", {"statement.csv": "text\nA,B\n"}) == (
        f"{tmp_path / 'a' / 'in' / 'statement.csv'}, line 2: more cells than columns: expected at most 1 "
        "cells; found 2 cells."
    )
    assert _import_error(tmp_path / "b", {"statement.csv": "text,created\nA,igår\n"}) == (
        f"{tmp_path / 'b' / 'in' / 'statement.csv'}, line 2, column 'created': invalid value: expected a "
        "date-time such as 2019-03-19T10:00:00+01:00; found 'igår'."
    )
    assert _import_error(tmp_path / "c", {"settings.csv": "name,value\nprickar,5\n"}) == (
        f"{tmp_path / 'c' / 'in' / 'settings.csv'}, line 2, column 'name': unknown journal setting: "
        "expected one of store_names, dots_per_participant; found 'prickar'."
    )
    assert _import_error(tmp_path / "d", {"statement.csv": "id,text\nhej då,A\n"}) == (
        f"{tmp_path / 'd' / 'in' / 'statement.csv'}, line 2, column 'id': invalid value: expected an id of "
        "letters, digits and _.:- (at most 64); found 'hej då'."
    )


def test_an_empty_or_missing_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    journal = LabJournal(tmp_path / "x.sqlite")
    with pytest.raises(CaptureError) as err:
        import_csv(journal, tmp_path / "empty")
    assert str(err.value) == (
        f"{tmp_path / 'empty'}: no CSV files: expected files named "
        + ", ".join(file_names())
        + "; found none."
    )
    with pytest.raises(CaptureError) as err:
        import_csv(journal, tmp_path / "nowhere")
    assert (
        str(err.value)
        == f"{tmp_path / 'nowhere'}: folder not found: expected a folder of CSV files; found nothing."
    )


def test_read_table_keeps_line_numbers_across_quoted_newlines(tmp_path: Path) -> None:
    path = tmp_path / "idea.csv"
    path.write_text('\ufefftext,round\n"två\nrader",1\nsista,2\n', encoding="utf-8")
    table = read_table(path)
    assert table.header == ["text", "round"]
    assert table.rows == [(2, ["två\nrader", "1"]), (4, ["sista", "2"])]


def test_export_without_a_journal_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    status, _, err = _run(["capture", "export", "--kommun", "9999", str(tmp_path / "out")], capsys)
    assert status == 2
    assert err == (
        f"labkit: error: {ROOT / 'labs' / '9999' / 'labbok.sqlite'}: no lab journal: expected a journal "
        "written by the workshop widgets or `labkit capture import`; found no file.\n"
    )
    assert not (ROOT / "labs" / "9999").exists() and not (tmp_path / "out").exists()


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="labkit")
    add_commands(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_handlers_raise_labkit_errors_on_bad_options(tmp_path: Path) -> None:
    args = _parse(["capture", "import", "--kommun", "1402", "--format", "xlsx", str(tmp_path)])
    with pytest.raises(ConfigError) as err:
        args.func(args)
    assert str(err.value) == "option '--format': unknown format: expected one of csv; found 'xlsx'."
    args = _parse(
        ["capture", "export", "--kommun", "14O2", "--journal", str(tmp_path / "j.sqlite"), str(tmp_path)]
    )
    with pytest.raises(ConfigError) as err:
        args.func(args)
    assert str(err.value) == (
        "parameter 'kommun_kod': invalid value: expected a 4-digit municipality code as text, "
        "e.g. '1402'; found '14O2'."
    )


def test_handlers_return_an_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = _paper(tmp_path / "papper", PAPER)
    args = _parse(
        ["capture", "import", "--kommun", "1462", "--journal", str(tmp_path / "j.sqlite"), str(folder)]
    )
    assert args.func(args) == 0
    args = _parse(
        [
            "capture",
            "export",
            "--kommun",
            "1462",
            "--journal",
            str(tmp_path / "j.sqlite"),
            str(tmp_path / "ut"),
        ]
    )
    assert args.func(args) == 0
    assert "labkit: exported 6 record(s)" in capsys.readouterr().err
