"""Privacy rules across modules: small counts suppressed (configurable), pseudonyms by default, no names
out."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from labkit import likert
from labkit.capture.journal import LabJournal
from labkit.errors import CaptureError
from labkit.methods.cocreation import representation as rep

#: 12 participants by områdestyp: 7 in type 3, 3 in type 1, 2 in type 5, none in types 2 and 4.
TWELVE = pd.Series([3] * 7 + [1] * 3 + [5] * 2).value_counts()
POPULATION = pd.Series({1: 1000.0, 2: 2000.0, 3: 4000.0, 4: 2000.0, 5: 1000.0})
LABELS = pd.Series({t: f"typ {t}" for t in POPULATION.index})


def _table(min_cell: int) -> pd.DataFrame:
    return rep.suppress(rep.compare(TWELVE, POPULATION, LABELS, "omradestyp").table, min_cell)


def test_twelve_participants_show_no_count_under_five() -> None:
    table = _table(5)
    shown = table["participants"].dropna().astype(int)
    assert not ((shown > 0) & (shown < 5)).any()
    assert table["participants"].tolist() == [pd.NA, 0, 7, 0, pd.NA]
    assert table["suppressed"].tolist() == [True, False, False, False, True]
    # the share and ratio that would reveal a hidden count are hidden too; 7 / 12 over 4000 / 10000
    assert table["share"].isna().tolist() == [True, False, False, False, True]
    assert table.loc[2, "ratio"] == pytest.approx((7 / 12) / 0.4)


def test_threshold_is_configurable() -> None:
    assert _table(3)["participants"].tolist() == [3, 0, 7, 0, pd.NA]
    assert _table(8)["participants"].tolist() == [pd.NA, 0, pd.NA, 0, pd.NA]
    assert _table(1)["participants"].tolist() == [3, 0, 7, 0, 2]


def test_suppress_counts_hides_one_to_four() -> None:
    frame = pd.DataFrame(
        {"role": ["invånare", "politiker", "exploatör"], "participants": [9, 4, 0], "elsewhere": [1, 0, 5]}
    )
    out = rep.suppress_counts(frame, ["participants", "elsewhere"], 5)
    assert out["participants"].tolist() == [9, pd.NA, 0]
    assert out["elsewhere"].tolist() == [pd.NA, 0, 5]
    assert frame["participants"].tolist() == [9, 4, 0]  # the input is left alone


def test_survey_groups_under_five_are_dropped() -> None:
    levels = pd.Series([1, 2, 3, 4, 5, 5, 4, 3, 2])
    groups = pd.Series(["A"] * 5 + ["B"] * 4)
    kept, dropped = likert.suppress(likert.counts(levels, groups))
    assert kept.index.tolist() == ["A"] and dropped == ["B"]
    assert likert.MIN_GROUP == 5
    kept, dropped = likert.suppress(likert.counts(levels, groups), min_n=4)
    assert kept.index.tolist() == ["A", "B"] and dropped == []


def test_participants_are_pseudonymous_by_default(tmp_path: Path) -> None:
    journal = LabJournal(tmp_path / "labbok.sqlite", workshop="A")
    with pytest.raises(CaptureError) as err:
        journal.add("participant", pseudonym="P01", role="invånare", name="Anna Andersson")
    assert str(err.value) == (
        "column 'name': names are not stored in this journal: expected no name (pseudonyms only) unless "
        "the facilitator turns names on; found a name. Turn names on with "
        "journal.set_setting('store_names', True)."
    )
    assert journal.count() == 0
    journal.set_setting("store_names", True)
    journal.add("participant", pseudonym="P01", role="invånare", name="Anna Andersson")
    assert "name" not in journal.frame("participant").columns
    assert journal.frame("participant", identifying=True)["name"].tolist() == ["Anna Andersson"]
