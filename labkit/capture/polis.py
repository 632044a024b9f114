"""Import a Pol.is conversation export into the lab journal: participants, statements and statement votes.

A Pol.is export folder holds ``participants-votes.csv`` (one row per participant: ``participant``,
``group-id``, ``n-comments``, ``n-votes``, ``n-agree``, ``n-disagree``, then one column per statement
id with ``1`` agree, ``-1`` disagree, ``0`` pass or blank for not seen) and ``comments.csv`` (the
statements: ``comment-id``, ``comment-body``, ``author-id``, ``moderated`` and more). The import
keeps Pol.is' pseudonyms (its participant ids) and invents nothing: participants get no role, age,
gender or home area; a statement's author is its ``author-id``; a statement's time is its
``timestamp``. A statement Pol.is moderated out (``moderated`` = -1) is stored and then retracted
with that reason, so the analysis leaves it out as Pol.is does. Pol.is' own ``group-id`` is its
analysis, not data, and is not imported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from labkit.capture.csvio import Table, read_table
from labkit.capture.journal import LabJournal, Placed, check_text, new_id, now
from labkit.capture.kinds import get_kind
from labkit.capture.records import Draft
from labkit.errors import CaptureError

#: The files of a Pol.is export the import reads.
VOTES_FILE = "participants-votes.csv"
COMMENTS_FILE = "comments.csv"
#: The columns of participants-votes.csv before the statement columns.
VOTES_HEADER = ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")
#: The columns of comments.csv the import needs.
COMMENTS_COLUMNS = ("comment-id", "comment-body", "author-id", "moderated")
#: Votes as Pol.is exports them.
VOTE_VALUES = {"1": 1, "0": 0, "-1": -1}
#: Pol.is' moderation codes: accepted, not yet moderated, moderated out.
MODERATION = {"1": 1, "0": 0, "-1": -1}
#: Default author pseudonym of the imported records.
POLIS_AUTHOR = "polis"
#: The reason stored with the retraction of a statement Pol.is moderated out.
MODERATED_OUT = "moderated out in Pol.is (moderated = -1)"

_INTEGER = re.compile(r"\d+")


@dataclass(frozen=True)
class PolisExport:
    """A Pol.is export read and checked: who voted, the statements and the votes.

    Attributes
    ----------
    folder : Path
        The export folder.
    participants : pandas.DataFrame
        ``participant`` (Pol.is' id as text) and ``group_id`` (Pol.is' opinion group, ``Int64``, NA
        where Pol.is did not place the participant), in file order.
    statements : pandas.DataFrame
        ``statement`` (comment id as text), ``text``, ``author`` (participant id as text, NA when
        missing), ``moderated`` (1, 0 or -1) and ``created`` (ISO time, NA without a timestamp).
    votes : pandas.DataFrame
        ``participant``, ``statement``, ``vote`` (+1, 0, -1), one row per cell that is not blank.
    lines : dict
        The line of ``participants-votes.csv`` (participant) and ``comments.csv`` (statement) each
        row came from, keyed ``("participant", id)`` or ``("statement", id)``.
    """

    folder: Path
    participants: pd.DataFrame
    statements: pd.DataFrame
    votes: pd.DataFrame
    lines: dict

    @property
    def moderated_out(self) -> list[str]:
        """The statements Pol.is moderated out."""
        return self.statements.loc[self.statements["moderated"] == -1, "statement"].tolist()


def _table(folder: Path, name: str) -> Table:
    path = folder / name
    if not path.is_file():
        raise CaptureError(
            "file not found", path=path, expected=f"the Pol.is export file {name}", found="no file"
        )
    return read_table(path)


def _id(table: Table, line: int, column: str, value: str) -> str:
    text = value.strip()
    if not _INTEGER.fullmatch(text):
        raise CaptureError(
            "invalid value",
            path=table.path,
            line=line,
            column=column,
            expected="a Pol.is id (a whole number of at least 0)",
            found=repr(value),
        )
    return str(int(text))


def _cell(row: list[str], index: int) -> str:
    return row[index].strip() if index < len(row) else ""


def _timestamp(table: Table, line: int, value: str) -> object:
    if not value:
        return pd.NA
    if not _INTEGER.fullmatch(value):
        raise CaptureError(
            "invalid value",
            path=table.path,
            line=line,
            column="timestamp",
            expected="milliseconds since 1970 (a whole number)",
            found=repr(value),
        )
    return dt.datetime.fromtimestamp(int(value) / 1000, dt.UTC).isoformat(timespec="microseconds")


def read_comments(folder: Path) -> tuple[pd.DataFrame, dict[str, int]]:
    """The statements of ``comments.csv`` and the line each starts on."""
    table = _table(folder, COMMENTS_FILE)
    missing = [c for c in COMMENTS_COLUMNS if c not in table.header]
    if missing:
        raise CaptureError(
            "missing columns " + ", ".join(missing),
            path=table.path,
            line=1,
            expected="columns " + ", ".join(COMMENTS_COLUMNS),
            found="columns " + ", ".join(table.header),
        )
    at = {name: table.header.index(name) for name in (*COMMENTS_COLUMNS, "timestamp") if name in table.header}
    rows: list[tuple[object, ...]] = []
    lines: dict[str, int] = {}
    for line, row in table.rows:
        if not any(cell.strip() for cell in row):
            continue
        statement = _id(table, line, "comment-id", _cell(row, at["comment-id"]))
        if statement in lines:
            raise CaptureError(
                "statement repeated",
                path=table.path,
                line=line,
                column="comment-id",
                expected="each comment-id once",
                found=f"{statement!r} also on line {lines[statement]}",
            )
        text = _cell(row, at["comment-body"])
        if not text:
            raise CaptureError(
                "missing value",
                path=table.path,
                line=line,
                column="comment-body",
                expected="the statement's text",
                found="nothing",
            )
        author = _cell(row, at["author-id"])
        moderated = _cell(row, at["moderated"])
        if moderated not in MODERATION:
            raise CaptureError(
                "invalid value",
                path=table.path,
                line=line,
                column="moderated",
                expected="one of 1 (accepted), 0 (not moderated), -1 (moderated out)",
                found=repr(moderated),
            )
        created = _timestamp(table, line, _cell(row, at["timestamp"])) if "timestamp" in at else pd.NA
        rows.append(
            (
                statement,
                text,
                _id(table, line, "author-id", author) if author else pd.NA,
                MODERATION[moderated],
                created,
            )
        )
        lines[statement] = line
    frame = pd.DataFrame(rows, columns=["statement", "text", "author", "moderated", "created"])
    return frame, lines


def read_polis_export(folder: str | Path) -> PolisExport:
    """Read and check a Pol.is export folder (``participants-votes.csv`` and ``comments.csv``).

    Raises
    ------
    CaptureError
        Naming the file, line and column of the first thing that is not as Pol.is writes it: a
        missing file or column, an id that is not a whole number, a repeated participant or
        statement, a vote other than 1, 0, -1 or blank, a vote on a statement ``comments.csv`` lacks.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CaptureError(
            "folder not found", path=folder, expected="a Pol.is export folder", found="nothing"
        )
    statements, statement_lines = read_comments(folder)
    table = _table(folder, VOTES_FILE)
    if tuple(table.header[: len(VOTES_HEADER)]) != VOTES_HEADER:
        raise CaptureError(
            "unexpected header",
            path=table.path,
            line=1,
            expected="columns " + ", ".join(VOTES_HEADER) + " and then one per statement id",
            found="columns " + ", ".join(table.header[: len(VOTES_HEADER)]),
        )
    columns = []
    for name in table.header[len(VOTES_HEADER) :]:
        statement = _id(table, 1, name, name)
        if statement not in statement_lines:
            raise CaptureError(
                "unknown statement",
                path=table.path,
                line=1,
                column=name,
                expected=f"a comment-id of {COMMENTS_FILE}",
                found=repr(name),
            )
        columns.append(statement)
    people: list[tuple[str, object]] = []
    votes: list[tuple[str, str, int]] = []
    lines: dict[tuple[str, str], int] = {}
    for line, row in table.rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(table.header):
            raise CaptureError(
                "more cells than columns",
                path=table.path,
                line=line,
                expected=f"at most {len(table.header)} cells",
                found=f"{len(row)} cells",
            )
        who = _id(table, line, "participant", _cell(row, 0))
        if ("participant", who) in lines:
            raise CaptureError(
                "participant repeated",
                path=table.path,
                line=line,
                column="participant",
                expected="each participant once",
                found=f"{who!r} also on line {lines[('participant', who)]}",
            )
        lines[("participant", who)] = line
        group = _cell(row, 1)
        people.append((who, int(_id(table, line, "group-id", group)) if group else pd.NA))
        for offset, statement in enumerate(columns, start=len(VOTES_HEADER)):
            cell = _cell(row, offset)
            if not cell:
                continue
            if cell not in VOTE_VALUES:
                raise CaptureError(
                    "invalid vote",
                    path=table.path,
                    line=line,
                    column=table.header[offset],
                    expected="1 (agree), 0 (pass), -1 (disagree) or blank (not seen)",
                    found=repr(cell),
                )
            votes.append((who, statement, VOTE_VALUES[cell]))
    lines.update({("statement", s): n for s, n in statement_lines.items()})
    participants = pd.DataFrame(people, columns=["participant", "group_id"]).astype({"group_id": "Int64"})
    return PolisExport(
        folder,
        participants,
        statements,
        pd.DataFrame(votes, columns=["participant", "statement", "vote"]),
        lines,
    )


def polis_drafts(export: PolisExport, *, workshop_id: str, author: str = POLIS_AUTHOR) -> list[Placed]:
    """The journal records of an export: participants, statements, votes, retractions of moderated-out
    statements.

    Each draft remembers the file and line it came from, so a rule the journal enforces (e.g. a
    pseudonym already used in the workshop) names the row of the export.
    """
    workshop, who, stamp = check_text("workshop_id", workshop_id), check_text("author", author), now()
    votes_path, comments_path = str(export.folder / VOTES_FILE), str(export.folder / COMMENTS_FILE)
    placed: list[Placed] = []

    def add(kind: str, path: str, line: int | None, created: str, **fields: object) -> str:
        draft = Draft(kind, new_id(kind), created, workshop, who, get_kind(kind).validate(fields))
        placed.append(Placed(draft, path, line))
        return draft.id

    for person in export.participants["participant"]:
        add("participant", votes_path, export.lines[("participant", person)], stamp, pseudonym=person)
    ids = {}
    for row in export.statements.itertuples(index=False):
        line = export.lines[("statement", row.statement)]
        created = stamp if pd.isna(row.created) else row.created
        ids[row.statement] = add(
            "statement",
            comments_path,
            line,
            created,
            text=row.text,
            participant=None if pd.isna(row.author) else row.author,
        )
    for row in export.votes.itertuples(index=False):
        add(
            "statement_vote",
            votes_path,
            export.lines[("participant", row.participant)],
            stamp,
            statement=ids[row.statement],
            participant=row.participant,
            vote=int(row.vote),
        )
    for statement in export.moderated_out:  # after the votes, which may only refer to live statements
        add(
            "retraction",
            comments_path,
            export.lines[("statement", statement)],
            stamp,
            record=ids[statement],
            reason=MODERATED_OUT,
        )
    return placed


def import_polis(
    journal: LabJournal, folder: str | Path, *, workshop_id: str | None = None, author: str = POLIS_AUTHOR
) -> dict[str, int]:
    """Read a Pol.is export folder and add its records to ``journal`` in one transaction (all or none).

    Parameters
    ----------
    journal
        The journal to add to (created if it does not exist).
    folder
        The export folder (``participants-votes.csv`` and ``comments.csv``).
    workshop_id
        The workshop the conversation is stored as (default: the journal's workshop id).
    author
        Author pseudonym of the records (default ``"polis"``).

    Returns
    -------
    dict
        How many records of each kind were added.

    Raises
    ------
    CaptureError
        For a file that is not as Pol.is writes it, or a record the journal refuses (e.g. a
        participant pseudonym already in the workshop: import a conversation once per workshop).
    """
    export = read_polis_export(folder)
    return journal.import_drafts(
        polis_drafts(export, workshop_id=workshop_id or journal.workshop, author=author)
    )
