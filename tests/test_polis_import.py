"""``labkit capture import --polis``: a Pol.is export into the lab journal, counted against the export
itself."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from labkit import lab
from labkit.capture import LabJournal
from labkit.capture.polis import MODERATED_OUT, import_polis, read_polis_export
from labkit.cli import main
from labkit.errors import CaptureError

CONVERSATIONS = ("15-per-hour-seattle", "brexit-consensus", "scoop-hivemind.affordable-housing")


def _export_counts(folder: Path) -> dict[str, int]:
    """What the export holds, read with pandas alone (an independent count)."""
    people = pd.read_csv(folder / "participants-votes.csv", dtype=str)
    comments = pd.read_csv(folder / "comments.csv", dtype=str)
    return {
        "participant": len(people),
        "statement": len(comments),
        "statement_vote": int(people.iloc[:, 6:].notna().sum().sum()),
        "retraction": int((comments["moderated"] == "-1").sum()),
    }


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_a_real_conversation_is_imported_whole(shared_data: Path, tmp_path: Path, name: str) -> None:
    folder = shared_data / "polis" / name
    expected = _export_counts(folder)
    journal = LabJournal(tmp_path / "labbok.sqlite", workshop="polis")
    added = import_polis(journal, folder)
    assert added == {k: v for k, v in expected.items() if v}
    people = journal.frame("participant")
    votes = journal.frame("statement_vote")
    statements = journal.frame("statement", retracted=True)
    export = pd.read_csv(folder / "participants-votes.csv", dtype=str)
    assert people["pseudonym"].tolist() == export["participant"].tolist()  # Pol.is' pseudonyms, in its order
    assert people[["role", "age_band", "gender", "home_area"]].isna().all().all()  # nothing invented
    assert set(people["author"]) == {"polis"} and set(votes["workshop_id"]) == {"polis"}
    assert len(votes) == expected["statement_vote"]
    assert len(journal.frame("statement")) == expected["statement"] - expected["retraction"]
    comments = pd.read_csv(folder / "comments.csv", dtype=str)
    assert sorted(statements["text"]) == sorted(comments["comment-body"].str.strip())
    # One participant's votes, cell by cell: the journal against the export's row.
    row = export.iloc[1]
    by_text = dict(zip(statements["id"], statements["text"], strict=True))
    text_of = dict(zip(comments["comment-id"], comments["comment-body"].str.strip(), strict=True))
    theirs = {text_of[c]: int(v) for c, v in row.iloc[6:].items() if pd.notna(v)}
    mine = votes[votes["participant"] == row["participant"]]
    assert {by_text[s]: int(v) for s, v in zip(mine["statement"], mine["vote"], strict=True)} == theirs


def test_moderated_out_statements_are_retracted_with_the_reason(shared_data: Path, tmp_path: Path) -> None:
    folder = shared_data / "polis" / "15-per-hour-seattle"
    journal = LabJournal(tmp_path / "labbok.sqlite", workshop="polis")
    import_polis(journal, folder)
    retractions = journal.frame("retraction")
    assert len(retractions) == 23 and set(retractions["reason"]) == {MODERATED_OUT}
    struck = journal.frame("statement", retracted=True).set_index("id").loc[retractions["record"], "text"]
    comments = pd.read_csv(folder / "comments.csv", dtype=str)
    assert sorted(struck) == sorted(comments.loc[comments["moderated"] == "-1", "comment-body"].str.strip())
    authors = journal.frame("statement", retracted=True)["participant"]
    assert sorted(authors) == sorted(comments["author-id"])


def test_the_cli_imports_a_conversation(
    shared_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "labbok.sqlite"
    folder = shared_data / "polis" / "brexit-consensus"
    assert (
        main(
            [
                "capture",
                "import",
                "--polis",
                "--kommun",
                "1402",
                "--journal",
                str(path),
                "--workshop",
                "brexit",
                str(folder),
            ]
        )
        == 0
    )
    assert (
        capsys.readouterr().out
        == f"labkit: imported 204 participant, 50 statement, 5303 statement_vote into {path}\n"
    )
    # The same conversation twice in one workshop is refused, naming the first row it clashes on.
    assert (
        main(
            [
                "capture",
                "import",
                "--polis",
                "--kommun",
                "1402",
                "--journal",
                str(path),
                "--workshop",
                "brexit",
                str(folder),
            ]
        )
        == 2
    )
    assert capsys.readouterr().err == (
        f"labkit: error: {folder / 'participants-votes.csv'}, line 2, column 'pseudonym': a participant "
        "record with these values already exists in this workshop: expected one live participant record "
        "per workshop and pseudonym; found pseudonym '0' (record "
        f"{LabJournal(path).frame('participant')['id'][0]}). Retract the earlier record first if it was a "
        "mistake.\n"
    )
    assert LabJournal(path).count("statement_vote") == 5303


# --------------------------------------------------------------------------- bad exports


def _export(tmp_path: Path, votes: str, comments: str | None = None) -> Path:
    folder = tmp_path / "export"
    folder.mkdir(exist_ok=True)
    (folder / "participants-votes.csv").write_text(votes, encoding="utf-8")
    (folder / "comments.csv").write_text(
        comments
        if comments is not None
        else (
            "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
            "1500000000000,x,0,1,1,0,1,Bussen ska gå oftare\n"
            '1500000001000,x,1,2,0,1,-1,=HYPERLINK("x")\n'
        ),
        encoding="utf-8",
    )
    return folder


HEADER = "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1\n"


def test_a_small_export_is_read_exactly(tmp_path: Path) -> None:
    folder = _export(tmp_path, HEADER + "1,0,1,2,1,1,1,-1\n2,,1,1,0,0,0,\n")
    export = read_polis_export(folder)
    assert export.votes.values.tolist() == [["1", "0", 1], ["1", "1", -1], ["2", "0", 0]]
    assert export.participants["group_id"].tolist()[0] == 0 and pd.isna(export.participants["group_id"][1])
    assert export.moderated_out == ["1"]
    assert export.statements["created"].tolist() == [
        "2017-07-14T02:40:00.000000+00:00",
        "2017-07-14T02:40:01.000000+00:00",
    ]
    journal = LabJournal(tmp_path / "j.sqlite", workshop="w")
    assert import_polis(journal, folder) == {
        "participant": 2,
        "statement": 2,
        "statement_vote": 3,
        "retraction": 1,
    }
    # A statement's text is data: a formula-looking text is stored as the text it is.
    assert journal.frame("statement", retracted=True)["text"].tolist() == [
        "Bussen ska gå oftare",
        '=HYPERLINK("x")',
    ]


@pytest.mark.parametrize(
    ("votes", "message"),
    [
        (
            HEADER + "1,0,1,2,1,1,1,2\n",
            (
                "participants-votes.csv, line 2, column '1': invalid vote: expected 1 (agree), 0 (pass), "
                "-1 (disagree) or blank (not seen); found '2'."
            ),
        ),
        (
            HEADER + "1,0,1,2,1,1,1,-1\n1,0,1,2,1,1,1,-1\n",
            (
                "participants-votes.csv, line 3, column 'participant': participant repeated: expected each "
                "participant once; found '1' also on line 2."
            ),
        ),
        (
            HEADER + "P1,0,1,2,1,1,1,-1\n",
            (
                "participants-votes.csv, line 2, column 'participant': invalid value: expected a Pol.is id "
                "(a whole number of at least 0); found 'P1'."
            ),
        ),
        (
            "participant,group,n-comments,n-votes,n-agree,n-disagree,0,1\n1,0,1,2,1,1,1,-1\n",
            (
                "participants-votes.csv, line 1: unexpected header: expected columns participant, "
                "group-id, n-comments, n-votes, n-agree, n-disagree and then one per statement id; found "
                "columns participant, group, n-comments, n-votes, n-agree, n-disagree."
            ),
        ),
        (
            HEADER.replace(",1\n", ",7\n") + "1,0,1,2,1,1,1,-1\n",
            (
                "participants-votes.csv, line 1, column '7': unknown statement: expected a comment-id of "
                "comments.csv; found '7'."
            ),
        ),
        (
            HEADER + "1,0,1,2,1,1,1,-1,1\n",
            (
                "participants-votes.csv, line 2: more cells than columns: expected at most 8 cells; found 9 "
                "cells."
            ),
        ),
    ],
)
def test_a_bad_participants_votes_file_is_refused(tmp_path: Path, votes: str, message: str) -> None:
    folder = _export(tmp_path, votes)
    with pytest.raises(CaptureError) as err:
        import_polis(LabJournal(tmp_path / "j.sqlite"), folder)
    assert str(err.value) == f"{folder}/{message}"
    assert not (tmp_path / "j.sqlite").exists()


@pytest.mark.parametrize(
    ("comments", "message"),
    [
        (
            "comment-id,comment-body,author-id\n0,a,1\n",
            (
                "comments.csv, line 1: missing columns moderated: expected columns comment-id, "
                "comment-body, author-id, moderated; found columns comment-id, comment-body, author-id."
            ),
        ),
        (
            "comment-id,comment-body,author-id,moderated\n0,a,1,2\n1,b,1,1\n",
            (
                "comments.csv, line 2, column 'moderated': invalid value: expected one of 1 (accepted), 0 "
                "(not moderated), -1 (moderated out); found '2'."
            ),
        ),
        (
            "comment-id,comment-body,author-id,moderated\n0,a,1,1\n0,b,1,1\n",
            (
                "comments.csv, line 3, column 'comment-id': statement repeated: expected each comment-id "
                "once; found '0' also on line 2."
            ),
        ),
        (
            "comment-id,comment-body,author-id,moderated\n0,,1,1\n1,b,1,1\n",
            (
                "comments.csv, line 2, column 'comment-body': missing value: expected the statement's text; "
                "found nothing."
            ),
        ),
    ],
)
def test_a_bad_comments_file_is_refused(tmp_path: Path, comments: str, message: str) -> None:
    folder = _export(tmp_path, HEADER + "1,0,1,2,1,1,1,-1\n", comments)
    with pytest.raises(CaptureError) as err:
        read_polis_export(folder)
    assert str(err.value) == f"{folder}/{message}"


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    folder = _export(tmp_path, HEADER)
    (folder / "comments.csv").unlink()
    with pytest.raises(CaptureError) as err:
        read_polis_export(folder)
    assert str(err.value) == (
        f"{folder / 'comments.csv'}: file not found: expected the Pol.is export file "
        "comments.csv; found no file."
    )
    shutil.rmtree(folder)
    with pytest.raises(CaptureError) as err:
        read_polis_export(folder)
    assert str(err.value) == f"{folder}: folder not found: expected a Pol.is export folder; found nothing."


def test_an_imported_conversation_is_analysed_beside_the_workshops(shared_data: Path, tmp_path: Path) -> None:
    from sklearn.metrics import adjusted_rand_score

    from labkit.data.sources import load_source
    from labkit.methods import cocreation as cc

    folder = shared_data / "polis" / "15-per-hour-seattle"
    journal = LabJournal(tmp_path / "labbok.sqlite", workshop="polis")
    import_polis(journal, folder)
    params = cc.Params("1402", journal=str(journal.path), records="journal")
    result = cc.analyse(
        cc.load_inputs(
            lab.context(
                load_source("bundled", None),
                "cocreation",
                "1402",
                lang=params.lang,
                out_dir=journal.path.parent,
                params=params,
            ),
            params,
        ),
        params,
    )
    groups = result.opinions
    ours = groups.labels.dropna().astype(int)  # indexed by the participants' pseudonyms (Pol.is' ids)
    export = read_polis_export(folder)
    theirs = export.participants.set_index("participant")["group_id"].dropna().astype(int)
    both = ours.index.intersection(theirs.index)
    ari = adjusted_rand_score(theirs[both], ours[both])
    assert (groups.k, len(ours), len(both)) == (2, 138, 138) and ari >= 0.8, (
        f"ARI {ari:.3f}, sizes {groups.sizes}"
    )
    assert len(result.statements) == 54 - 23 and len(groups.moderated_out) == 23
    assert not set(groups.moderated_out) & (
        set(groups.representative["statement"]) | set(groups.consensus["statement"])
    )


def test_a_room_that_voted_alike_is_reported_as_one_group(tmp_path: Path) -> None:
    from labkit.data.sources import load_source
    from labkit.methods import cocreation as cc

    votes = (
        HEADER.replace(",0,1\n", ",0,1,2,3,4,5,6\n")
        + "".join(f"{p},,0,7,7,0,1,1,1,1,1,1,1\n" for p in range(6))
        + "6,,0,2,2,0,1,1,,,,,\n"
    )
    comments = "comment-id,comment-body,author-id,moderated\n" + "".join(
        f"{s},<b>Påstående {s}</b>,0,1\n" for s in range(7)
    )
    journal = LabJournal(tmp_path / "labbok.sqlite", workshop="polis")
    import_polis(journal, _export(tmp_path, votes, comments))
    for lang, alike, few in [
        (
            "sv",
            (
                "Rummet visar inga åsiktsgrupper: de 6 placerade deltagarna röstade likadant. De redovisas "
                "som en grupp."
            ),
            (
                "färre än 5 deltagare röstade på färre än 7 påståenden och placeras inte i någon åsiktsgrupp "
                "(för få röster)."
            ),
        ),
        (
            "en",
            (
                "The room shows no opinion groups: the 6 placed participants voted alike. They are "
                "reported as one group."
            ),
            (
                "fewer than 5 participants voted on fewer than 7 statements and are not placed in an "
                "opinion group (too few votes)."
            ),
        ),
    ]:
        params = cc.Params("1402", journal=str(journal.path), records="journal", lang=lang)
        result = cc.analyse(
            cc.load_inputs(
                lab.context(
                    load_source("bundled", None),
                    "cocreation",
                    "1402",
                    lang=params.lang,
                    out_dir=journal.path.parent,
                    params=params,
                ),
                params,
            ),
            params,
        )
        assert (result.opinions.k, result.opinions.sizes, result.opinions.too_few_votes) == (1, [6], ["6"])
        assert alike in result.notes and few in result.notes
        assert cc.show_opinion_groups(result).data == f"*{alike}*"
        figures = cc.key_figures(result)["opinion_groups"]
        assert (figures["k"], figures["no_groups"], figures["too_few_votes"], figures["p_value"]) == (
            1,
            True,
            None,
            None,
        )


def test_statement_text_is_shown_as_text_not_markup(tmp_path: Path) -> None:
    import numpy as np

    from labkit.data.sources import load_source
    from labkit.methods import cocreation as cc

    rng, rows = np.random.default_rng(0), []
    for p in range(24):  # two camps, opposed on statements 0-7
        cells = [(1 if (s < 4) == (p % 2 == 0) else -1) if rng.random() > 0.1 else 0 for s in range(8)]
        rows.append(f"{p},,0,8,0,0," + ",".join(map(str, cells)) + "\n")
    header = (
        "participant,group-id,n-comments,n-votes,n-agree,n-disagree," + ",".join(map(str, range(8))) + "\n"
    )
    comments = "comment-id,comment-body,author-id,moderated\n" + "".join(
        f'{s},"<script>alert({s})</script> & <b>{s}</b>",0,1\n' for s in range(8)
    )
    journal = LabJournal(tmp_path / "labbok.sqlite", workshop="polis")
    import_polis(journal, _export(tmp_path, header + "".join(rows), comments))
    params = cc.Params("1402", journal=str(journal.path), records="journal")
    result = cc.analyse(
        cc.load_inputs(
            lab.context(
                load_source("bundled", None),
                "cocreation",
                "1402",
                lang=params.lang,
                out_dir=journal.path.parent,
                params=params,
            ),
            params,
        ),
        params,
    )
    assert result.opinions.k == 2
    html = cc.show_opinion_groups(result).to_html()
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(0)&lt;/script&gt; &amp; &lt;b&gt;0&lt;/b&gt;" in html
