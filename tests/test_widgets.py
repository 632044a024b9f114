"""Workshop widgets driven from pytest (``.value`` and ``.click()``): every entry goes through the journal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from labkit.capture import LabJournal
from labkit.errors import CaptureError
from labkit.methods.cocreation.widget_text import LABELS
from labkit.methods.cocreation.widgets import (
    BrainwritingForm,
    LiveTally,
    PrioritisationGrid,
    WorkshopBoard,
    area_options,
    explain,
    fault_detail,
    label,
)

AREAS = pd.DataFrame({"area_code": ["1402X001", "1402X002"], "area_name": ["Centrum", "Öjersjö"]})


@pytest.fixture
def journal(tmp_path: Path) -> LabJournal:
    return LabJournal(tmp_path / "labs" / "1402" / "labbok.sqlite", workshop="w1")


@pytest.fixture
def board(journal: LabJournal) -> WorkshopBoard:
    return WorkshopBoard(journal, areas=AREAS)


def _register(board: WorkshopBoard, *people: tuple[str, str]) -> None:
    form = board.people
    for pseudonym, role in people:
        form.pseudonym.value, form.role.value = pseudonym, role
        form.button.click()


def _idea(board: WorkshopBoard, who: str, text: str, round_: int = 1, builds_on: str | None = None) -> str:
    form = board.brainwriting
    form.participant.value, form.text.value, form.round.value = who, text, round_
    form.picker.dropdown.value = builds_on or ""
    form.button.click()
    return board.journal.frame("idea")["id"].iloc[-1]


def test_the_board_has_swedish_tabs_and_creates_no_file_until_an_entry(board: WorkshopBoard) -> None:
    assert [board.tabs.get_title(i) for i in range(len(board.forms))] == [
        "Deltagare",
        "Brainwriting",
        "Ja, och …",
        "Prioritera",
        "Prickar",
        "Påståenden",
        "Intressenter",
        "Aktiviteter",
        "Läget just nu",
    ]
    assert not board.journal.exists
    assert board.people.button.description == "Lägg till deltagare"
    assert board.brainwriting.button.description == "Spara idé"


def test_registering_a_participant(board: WorkshopBoard) -> None:
    form = board.people
    form.pseudonym.value, form.role.value, form.age_band.value = "P01", "invånare", "65-79"
    form.gender.value, form.home_area.label = "kvinna", "Öjersjö"
    form.button.click()
    assert form.message.value == (
        "<span style='color:#007a3d'>✓ Sparat i labboken (Deltagare: 1 i den här workshoppen).</span>"
    )
    stored = board.journal.frame("participant")
    assert stored[["pseudonym", "role", "age_band", "gender", "home_area"]].values.tolist() == [
        ["P01", "invånare", "65-79", "kvinna", "1402X002"]
    ]
    assert form.pseudonym.value == "" and form.home_area.label == form.age_band.label == "(vill inte ange)"
    assert board.brainwriting.participant.options == ("P01",)  # every form refreshed from the journal


def test_a_refused_entry_shows_why_in_swedish_and_stores_nothing(board: WorkshopBoard) -> None:
    _register(board, ("P01", "invånare"), ("P01", "politiker"))
    assert board.people.message.value == (
        "<span style='color:#b00020'>✗ Pseudonymen ”P01” används redan i den här workshoppen. Välj en "
        "annan.</span>"
    )
    assert board.journal.count("participant") == 1
    assert board.people.pseudonym.value == "P01"  # kept, to be changed


def test_names_only_when_the_facilitator_turns_them_on(board: WorkshopBoard) -> None:
    form = board.people
    assert form.name.layout.display == "none"
    board.journal.set_setting("store_names", True)
    board.refresh()
    assert form.name.layout.display is None
    form.pseudonym.value, form.role.value, form.name.value = "P02", "politiker", "Anna Andersson"
    form.button.click()
    assert board.journal.frame("participant", identifying=True)["name"].tolist() == ["Anna Andersson"]


def test_the_form_writes_through_the_journal_before_it_shows_anything(
    board: WorkshopBoard, monkeypatch: pytest.MonkeyPatch
) -> None:
    _register(board, ("P01", "invånare"))
    form, seen = board.brainwriting, []
    original = board.journal.add

    def spy(kind: str, /, **fields: object) -> str:
        seen.append((form.message.value, board.tally.frames["ideas_per_round"].empty))
        record = original(kind, **fields)
        seen.append(board.journal.count(kind))
        return record

    monkeypatch.setattr(board.journal, "add", spy)
    before = form.message.value
    _idea(board, "P01", "Fler bänkar")
    assert seen == [(before, True), 1]  # nothing shown before the record was committed
    assert "Sparat i labboken" in form.message.value
    assert board.tally.frames["ideas_per_round"].values.tolist() == [[1, 1]]


def test_brainwriting_with_a_build_on_picker(board: WorkshopBoard) -> None:
    _register(board, ("P01", "invånare"), ("P02", "tjänsteperson"))
    first = _idea(board, "P01", "Fler bänkar")
    assert board.brainwriting.picker.options() == [("(ny idé)", ""), ("Fler bänkar [1]", first)]
    assert board.brainwriting.picker.dropdown.label == "(ny idé)" and board.brainwriting.picker.value is None
    second = _idea(board, "P02", "Bänkar med tak", 2, builds_on=first)
    ideas = board.journal.frame("idea")
    assert ideas[["id", "round", "participant", "builds_on"]].fillna("").values.tolist() == [
        [first, 1, "P01", ""],
        [second, 2, "P02", first],
    ]
    assert board.brainwriting.text.value == ""
    assert [o[1] for o in board.yes_and.picker.options()] == [first, second]


def test_choices_come_from_the_journal_not_the_widget(board: WorkshopBoard, journal: LabJournal) -> None:
    other = LabJournal(journal.path, workshop="w1")  # e.g. a second notebook on the same lab
    other.add("participant", pseudonym="P09", role="civilsamhälle")
    assert board.brainwriting.participant.options == ()
    board.tally.button.click()  # the refresh button of the tallies reloads the board
    board.refresh()
    assert board.brainwriting.participant.options == ("P09",)


def test_round_timer_with_a_fake_clock(journal: LabJournal) -> None:
    now = [1000.0]
    form = BrainwritingForm(journal, clock=lambda: now[0])
    form.minutes.value = 10
    form.start.click()
    assert form.timer.value == "Tid kvar: 10:00"
    now[0] += 61
    assert form.tick() == pytest.approx(539) and form.timer.value == "Tid kvar: 08:59"
    now[0] += 600
    assert form.tick() == 0 and form.timer.value == "<b>Tiden är ute – skicka bladet vidare!</b>"


def test_yes_and(board: WorkshopBoard) -> None:
    _register(board, ("P01", "invånare"), ("P02", "exploatör"))
    idea = _idea(board, "P01", "Lekplats")
    form = board.yes_and
    form.picker.dropdown.value, form.participant.value, form.text.value = (
        idea,
        "P02",
        "ja, och gungor för vuxna",
    )
    form.button.click()
    assert board.journal.frame("yes_and")[["idea", "text", "participant"]].values.tolist() == [
        [idea, "ja, och gungor för vuxna", "P02"]
    ]


def test_prioritisation_grid_locks_your_own_idea(board: WorkshopBoard) -> None:
    _register(board, ("P01", "invånare"), ("P02", "tjänsteperson"))
    own, other = _idea(board, "P01", "Bänkar"), _idea(board, "P02", "Lekplats")
    grid = board.priorities
    grid.participant.value = "P01"
    assert grid.rows[own].disabled and not grid.rows[other].disabled
    assert grid.rows[own].tooltip == "egen idé"
    grid.criterion.value = "genomförbarhet"
    grid.rows[other].value = "3"
    grid.button.click()
    assert grid.message.value == "<span style='color:#007a3d'>✓ 1 poäng sparade.</span>"
    assert board.journal.frame("priority_score")[
        ["idea", "participant", "criterion", "score"]
    ].values.tolist() == [[other, "P01", "genomförbarhet", 3]]
    assert grid.rows[other].value == "–"


def test_a_forced_self_vote_is_refused_by_the_journal(journal: LabJournal) -> None:
    journal.add("participant", pseudonym="P01", role="invånare")
    own = journal.add("idea", text="Bänkar", round=1, participant="P01")
    grid = PrioritisationGrid(journal)
    grid.participant.value = "P01"
    grid.rows[own].disabled = False
    grid.rows[own].value = "4"
    assert grid.save() == 0
    assert grid.message.value.startswith(
        "<span style='color:#b00020'>✗ Du kan inte poängsätta din egen idé.</span>"
    )
    assert journal.count("priority_score") == 0


def test_an_empty_grid_says_so(journal: LabJournal) -> None:
    grid = PrioritisationGrid(journal)
    grid.button.click()
    assert grid.message.value == "<span style='color:#b00020'>✗ Välj minst en poäng.</span>"


def test_dot_voting_counts_down_and_stops(board: WorkshopBoard) -> None:
    _register(board, ("P01", "invånare"), ("P02", "invånare"))
    ideas = [_idea(board, "P02", f"Idé {n}") for n in range(4)]
    form = board.dots
    form.participant.value = "P01"
    assert form.left.value == "Prickar kvar för P01: 3"
    for idea in ideas[:3]:
        form.picker.dropdown.value = idea
        form.button.click()
    assert form.left.value == "Prickar kvar för P01: 0"
    form.picker.dropdown.value = ideas[3]
    form.button.click()
    assert form.message.value.startswith(
        "<span style='color:#b00020'>✗ Inga prickar kvar för den här deltagaren."
    )
    form.participant.value = "P02"
    form.picker.dropdown.value = ideas[0]
    form.button.click()
    form.button.click()
    assert form.message.value.startswith(
        "<span style='color:#b00020'>✗ Deltagaren har redan en prick på den här idén."
    )
    assert board.journal.count("dot") == 4
    assert board.tally.frames["dot_tally"].values.tolist() == [["Idé 0", 2], ["Idé 1", 1], ["Idé 2", 1]]


def test_statement_voting(board: WorkshopBoard) -> None:
    _register(board, ("P01", "invånare"), ("P02", "politiker"))
    form = board.statements
    form.new.value = "Torget ska vara bilfritt"
    form.add_button.click()
    statement = board.journal.frame("statement")["id"].iloc[0]
    assert form.statement.value == statement and form.new.value == ""
    form.participant.value = "P01"
    form.buttons[1].click()
    form.participant.value = "P02"
    form.buttons[-1].click()
    form.buttons[0].click()  # P02 changes their mind: the latest vote counts
    votes = board.journal.frame("statement_vote")
    assert votes[["participant", "vote"]].values.tolist() == [["P01", 1], ["P02", -1], ["P02", 0]]
    assert [b.description for b in form.buttons.values()] == ["Håller med", "Håller inte med", "Avstår"]
    assert board.tally.frames["vote_tally"].to_dict("list") == {
        "Påstående": ["Torget ska vara bilfritt"],
        "Håller med": [1],
        "Håller inte med": [0],
        "Avstår": [1],
        "Röster": [2],
    }


def test_stakeholder_editor_loads_and_updates(board: WorkshopBoard) -> None:
    form = board.stakeholders
    form.name.value, form.power.value, form.interest.value, form.category.value = (
        "Bostadsbolaget",
        4,
        2,
        "bolag",
    )
    form.button.click()
    assert form.name.options == ("Bostadsbolaget",)
    form.name.value = ""
    form.power.value = form.interest.value = 1
    form.name.value = "Bostadsbolaget"
    assert (form.power.value, form.interest.value, form.category.value) == (4, 2, "bolag")
    form.interest.value = 5
    form.button.click()
    assert board.journal.frame("stakeholder")[["power", "interest"]].values.tolist() == [[4, 2], [4, 5]]
    assert bytes(board.tally.chart.value).startswith(b"\x89PNG")


def test_activity_form(board: WorkshopBoard) -> None:
    form = board.activities
    form.name.value, form.level.value, form.date.value = "Öppet hus", "konsultation", "2019-05-07"
    form.button.click()
    assert board.journal.frame("activity")[["name", "level", "date"]].values.tolist() == [
        ["Öppet hus", "konsultation", "2019-05-07"]
    ]
    form.date.value = "7 maj"
    form.button.click()
    today = dt.date.today().isoformat()
    assert form.message.value == (
        "<span style='color:#b00020'>✗ Skriv datumet i ”Datum” som år-månad-dag, till "
        f"exempel {today}.</span>"
    )


def test_live_tally_counts_from_the_journal(journal: LabJournal) -> None:
    journal.add("participant", pseudonym="P01", role="invånare")
    journal.add("participant", pseudonym="P02", role="invånare")
    first = journal.add("idea", text="A", round=1, participant="P01")
    journal.add("idea", text="B", round=2, participant="P01")
    journal.add("priority_score", idea=first, participant="P02", criterion="kostnad", score=2)
    journal.add("priority_score", idea=first, participant="P02", criterion="kostnad", score=4)
    tally = LiveTally(journal)
    assert tally.frames["ideas_per_round"].values.tolist() == [[1, 1], [2, 1]]
    assert tally.frames["top_ideas"].values.tolist() == [["A", 4.0, 1]]
    assert "<h4>Idéer per omgång</h4>" in tally.tables.value and bytes(tally.chart.value) == b""
    # no stakeholder: no image at all (an empty one shows as a broken image), one sentence instead
    assert tally.chart.layout.display == "none"
    assert tally.chart_note.value == "<p><i>Diagrammet visas när den första intressenten är sparad.</i></p>"


def test_english_labels(journal: LabJournal) -> None:
    board = WorkshopBoard(journal, lang="en")
    assert board.people.button.description == "Add participant"
    assert board.tabs.get_title(8) == "Live tallies" and label("agree", "en") == "Agree"


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (CaptureError("missing value in a idea record", column="text"), "Fyll i ”Idé”."),
        (
            CaptureError("unknown participant", column="participant"),
            "Det du valde i ”Deltagare” finns inte längre i labboken. Välj något annat i listan.",
        ),
        (
            CaptureError("value out of range in a stakeholder record", column="power"),
            "Värdet i ”Makt (1–5)” är inte tillåtet.",
        ),  # without the record kind, the bounds are not known
        (
            CaptureError("names are not stored in this journal", column="name"),
            "Namn sparas inte i den här labboken – använd en pseudonym.",
        ),
        (CaptureError("the journal was written by a newer labkit"), "Sparades inte."),
    ],
)
def test_explain_in_swedish(error: CaptureError, expected: str) -> None:
    assert explain(error) == expected


def test_grid_keeps_its_buttons_across_refreshes(board: WorkshopBoard) -> None:
    # A click that lands while the board refreshes after another entry must still count: the grid keeps the
    # button widgets of known ideas instead of replacing them (which lost clicks in a real browser).
    _register(board, ("P01", "invånare"), ("P02", "tjänsteperson"))
    first, second = _idea(board, "P01", "Bänkar"), _idea(board, "P01", "Lekplats")
    grid = board.priorities
    grid.participant.value = "P02"
    button = grid.rows[second]
    grid.rows[first].value = "4"
    grid.button.click()  # saving refreshes every form of the board
    assert grid.rows[second] is button
    button.value = "2"
    grid.button.click()
    assert board.journal.frame("priority_score")[["idea", "score"]].values.tolist() == [
        [first, 4],
        [second, 2],
    ]
    third = _idea(board, "P01", "Läxhjälp")
    assert grid.rows[second] is button and third in grid.rows and len(grid.grid.children) == 3


# --------------------------------------------------------------------------- incremental refresh


def _seen(board: WorkshopBoard) -> dict:
    """Everything the board shows, except the values a facilitator picked and the messages."""
    grid, tally = board.priorities, board.tally
    pickers = {
        "brainwriting": board.brainwriting.participant,
        "brainwriting_idea": board.brainwriting.picker.dropdown,
        "yes_and": board.yes_and.participant,
        "yes_and_idea": board.yes_and.picker.dropdown,
        "grid": grid.participant,
        "dots": board.dots.participant,
        "dots_idea": board.dots.picker.dropdown,
        "statements": board.statements.participant,
        "statement": board.statements.statement,
    }
    return {
        "options": {name: picker.options for name, picker in pickers.items()},
        "grid": [
            (line.children[0].value, line.children[1] is grid.rows[idea], grid.authors[idea])
            for idea, line in zip(grid.rows, grid.grid.children, strict=True)
        ],
        "grid_ids": list(grid.rows),
        "names": board.people.name.layout.display,
        "stakeholders": board.stakeholders.name.options,
        "tally": {key: frame.to_dict("split") for key, frame in tally.frames.items()},
        "tables": tally.tables.value,
        "chart": bytes(tally.chart.value),
        "chart_note": tally.chart_note.value,
        "people_list": board.people.listing.value,
        "idea_list": board.brainwriting.listing.value,
    }


def _locks(board: WorkshopBoard) -> list:
    return [(b.disabled, b.tooltip, b.value) for b in board.priorities.rows.values()]


def _same_as_fresh(board: WorkshopBoard) -> None:
    fresh = WorkshopBoard(board.journal, areas=AREAS)
    assert _seen(board) == _seen(fresh)
    fresh.priorities.participant.value = board.priorities.participant.value
    fresh.dots.participant.value = board.dots.participant.value
    assert _locks(board) == _locks(fresh)
    assert board.dots.left.value == fresh.dots.left.value


def test_the_board_after_many_saves_equals_a_freshly_built_board(
    board: WorkshopBoard, journal: LabJournal
) -> None:
    other = LabJournal(journal.path, workshop="w1")  # a second notebook on the same lab
    elsewhere = LabJournal(journal.path, workshop="w0")  # and one at another workshop
    _register(board, ("P01", "invånare"), ("P02", "tjänsteperson"), ("P03", "politiker"))
    _same_as_fresh(board)
    ideas = [_idea(board, f"P0{1 + n % 3}", f"Idé {n} <b>fet</b>", 1 + n // 3) for n in range(6)]
    ideas.append(_idea(board, "P02", "Bygger vidare", 3, builds_on=ideas[0]))
    board.priorities.participant.value = "P01"
    _same_as_fresh(board)
    other.add("participant", pseudonym="P04", role="civilsamhälle")
    other.add("idea", text="Från en annan anteckningsbok", round=2, participant="P04")
    elsewhere.add("participant", pseudonym="Q01", role="invånare")
    elsewhere.add("stakeholder", name="Föreningen", power=2, interest=5)
    grid = board.priorities
    for idea in ideas[1:3]:
        grid.rows[idea].value = "3"
    grid.button.click()  # scores, and the records the others added, reach every form
    assert board.brainwriting.participant.options == ("P01", "P02", "P03", "P04")
    _same_as_fresh(board)
    dots = board.dots
    dots.participant.value = "P03"
    for idea in ideas[:2]:
        dots.picker.dropdown.value = idea
        dots.button.click()
    votes = board.statements
    votes.new.value = "Torget ska vara bilfritt"
    votes.add_button.click()
    for who, vote in (("P01", 1), ("P02", -1), ("P02", 0)):
        votes.participant.value = who
        votes.buttons[vote].click()
    board.stakeholders.name.value, board.stakeholders.power.value = "Bostadsbolaget", 5
    board.stakeholders.button.click()
    board.yes_and.picker.dropdown.value, board.yes_and.text.value = ideas[0], "ja, och tak"
    board.yes_and.button.click()
    _same_as_fresh(board)
    other.retract(ideas[1])  # a retraction elsewhere: the next save reads the board whole again
    _idea(board, "P03", "Efter struket")
    _same_as_fresh(board)
    assert ideas[1] not in grid.rows
    journal.set_setting("dots_per_participant", 4)
    _idea(board, "P01", "Efter inställning")
    assert dots.left.value == "Prickar kvar för P03: 2"
    _same_as_fresh(board)


def test_a_save_reads_only_what_is_new(
    board: WorkshopBoard, journal: LabJournal, monkeypatch: pytest.MonkeyPatch
) -> None:
    _register(board, ("P01", "invånare"), ("P02", "tjänsteperson"))
    first = _idea(board, "P01", "Bänkar")
    lines = list(board.priorities.grid.children)
    chart = board.tally.chart.value
    reads: list[str] = []
    original = LabJournal.frame

    def counting(self: LabJournal, kind: str, **options: object) -> pd.DataFrame:
        reads.append(kind)
        return original(self, kind, **options)

    monkeypatch.setattr(LabJournal, "frame", counting)
    second = _idea(board, "P02", "Lekplats")  # _idea reads the new id with one frame call after the save
    assert reads == ["idea"]
    assert list(board.priorities.grid.children[:1]) == lines and list(board.priorities.rows) == [
        first,
        second,
    ]
    assert board.tally.chart.value is chart  # no stakeholder: the chart is not drawn again
    assert [o[1] for o in board.dots.picker.dropdown.options] == [first, second]


# --------------------------------------------------------------------------- typed text is shown as text

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"


def test_a_pseudonym_with_markup_is_shown_escaped_in_the_dots_left(board: WorkshopBoard) -> None:
    _register(board, (SCRIPT, "invånare"))
    form = board.dots
    form.participant.value = SCRIPT
    assert form.left.value == "Prickar kvar för &lt;script&gt;alert(1)&lt;/script&gt;: 3"


def test_a_refused_value_is_shown_escaped_in_the_message(board: WorkshopBoard) -> None:
    _register(board, (IMG, "invånare"), (IMG, "politiker"))
    assert board.people.message.value == (
        "<span style='color:#b00020'>✗ Pseudonymen ”&lt;img src=x onerror=alert(2)&gt;” används redan i "
        "den här workshoppen. Välj en annan.</span>"
    )
    assert board.journal.count("participant") == 1


def test_the_tallies_escape_idea_texts(board: WorkshopBoard) -> None:
    _register(board, ("P01", "invånare"), ("P02", "invånare"))
    idea = _idea(board, "P02", SCRIPT + IMG)
    form = board.dots
    form.participant.value, form.picker.dropdown.value = "P01", idea
    form.button.click()
    board.tally.refresh()
    html = board.tally.tables.value
    assert SCRIPT not in html and IMG not in html
    assert (
        "<td>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</td><td>1</td>" in html
    )


# --------------------------------------------------------------------------- the facilitator's view, plainly


def test_the_home_area_is_chosen_by_name_and_stores_the_code(journal: LabJournal) -> None:
    areas = pd.DataFrame(
        {
            "area_code": ["1402X004", "1402X003", "1402X001", "1402X002"],
            "area_name": ["Öjersjö", "Ängen", "Centrum", "Åby"],
        }
    )
    board = WorkshopBoard(journal, areas=areas)
    form = board.people
    # Swedish alphabetical order (å, ä, ö after z), "not given" first; no code is shown, none is typed
    assert form.home_area.options == (
        ("(vill inte ange)", ""),
        ("Centrum", "1402X001"),
        ("Åby", "1402X002"),
        ("Ängen", "1402X003"),
        ("Öjersjö", "1402X004"),
    )
    assert form.home_area.label == "(vill inte ange)" and not hasattr(form.home_area, "placeholder")
    form.pseudonym.value, form.home_area.label = "P01", "Ängen"
    form.button.click()
    form.pseudonym.value = "P02"  # no area given
    form.button.click()
    assert journal.frame("participant")["home_area"].fillna("").tolist() == ["1402X003", ""]


def test_two_areas_with_one_name_show_their_codes() -> None:
    areas = pd.DataFrame(
        {"area_code": ["1402X002", "1402X001", "1402X003"], "area_name": ["Centrum", "Centrum", "Björkås"]}
    )
    assert area_options(areas, "en") == [
        ("(prefer not to say)", ""),
        ("Björkås", "1402X003"),
        ("Centrum (1402X001)", "1402X001"),
        ("Centrum (1402X002)", "1402X002"),
    ]


def test_the_real_view_lists_the_municipalitys_area_names_and_says_where_it_writes(tmp_path: Path) -> None:
    from labkit import serve
    from labkit.data.sources import load_source

    board = serve.workshop_view(
        "cocreation", "1462", journal=str(tmp_path / "labs" / "labbok.sqlite"), workshop="Verkstad 1"
    )
    dataset = load_source("bundled")
    areas = dataset.areas[dataset.areas["kommun_kod"] == "1462"].drop_duplicates("area_code")
    expected = sorted(zip(areas["area_name"], areas["area_code"], strict=True))
    assert len(expected) == 8 and expected[0] == ("Lilla Edet område A", "1462X001")
    assert board.people.home_area.options == (("(vill inte ange)", ""), *expected)
    # the top line: municipality, workshop id and the journal's name, not the folder it is in on the server
    assert board.header.value == (
        "<p><b>Lilla Edet (1462)</b> · workshop <b>Verkstad 1</b> · labbok <b>labbok.sqlite</b></p>"
    )
    assert str(tmp_path) not in board.header.value
    assert board.widget.children[0] is board.header and board.widget.children[1] is board.tabs


def test_the_header_escapes_and_speaks_english(tmp_path: Path) -> None:
    journal = LabJournal(tmp_path / "<b>bok.sqlite", workshop="<i>w</i>")
    board = WorkshopBoard(journal, lang="en", kommun="Partille & co")
    assert board.header.value == (
        "<p><b>Partille &amp; co</b> · workshop <b>&lt;i&gt;w&lt;/i&gt;</b> · journal "
        "<b>&lt;b&gt;bok.sqlite</b></p>"
    )


def test_every_tab_has_short_instructions(board: WorkshopBoard) -> None:
    for n, form in enumerate(board.forms):
        tab = board.tabs.children[n]
        assert tab.children[0] is board.help[form.title_key] and tab.children[1] is form.widget
    assert board.help["tab_people"].value == (
        "<p>Skriv in varje deltagare med en pseudonym (till exempel P01) och en roll. Ålder, kön och "
        "hemområde är frivilliga. Skriv aldrig någons riktiga namn.</p>"
    )
    assert all(len(h.value) > 40 for h in board.help.values())


def test_the_lists_of_participants_and_ideas_follow_each_save(
    board: WorkshopBoard, journal: LabJournal
) -> None:
    assert board.people.listing.value == "<h4>Deltagare hittills (0)</h4><p><i>Inga deltagare ännu.</i></p>"
    assert (
        board.brainwriting.listing.value
        == "<h4>Idéer hittills (0, senaste först)</h4><p><i>Inga idéer ännu.</i></p>"
    )
    _register(board, ("P01", "invånare"), (SCRIPT, "politiker"))
    td = "<td style='padding:2px 8px;vertical-align:top'>"
    th = "<th style='text-align:left;padding:2px 8px'>"
    assert board.people.listing.value == (
        "<h4>Deltagare hittills (2)</h4><div style='max-height:18em;overflow-y:auto'>"
        f"<table><thead><tr>{th}Pseudonym"
        f"</th>{th}Roll</th></tr></thead><tbody><tr>{td}P01</td>{td}invånare</td></tr><tr>{td}"
        f"&lt;script&gt;alert(1)&lt;/script&gt;</td>{td}politiker</td></tr></tbody></table></div>"
    )
    _idea(board, "P01", "Fler bänkar")
    LabJournal(journal.path, workshop="w1").add(
        "idea", text="Från en annan dator", round=2, participant=SCRIPT
    )
    _idea(board, SCRIPT, IMG, 2)  # the save also brings what the other computer stored
    assert board.brainwriting.listing.value == (
        "<h4>Idéer hittills (3, senaste först)</h4><div style='max-height:18em;overflow-y:auto'>"
        "<table><thead><tr>"
        f"{th}Omgång</th>{th}Idé</th>{th}Av</th></tr></thead><tbody>"
        f"<tr>{td}2</td>{td}&lt;img src=x onerror=alert(2)&gt;</td>"
        f"{td}&lt;script&gt;alert(1)&lt;/script&gt;</td></tr>"
        f"<tr>{td}2</td>{td}Från en annan dator</td>{td}&lt;script&gt;alert(1)&lt;/script&gt;</td></tr>"
        f"<tr>{td}1</td>{td}Fler bänkar</td>{td}P01</td></tr></tbody></table></div>"
    )
    assert "(3, senaste först)" in WorkshopBoard(journal).brainwriting.listing.value


def test_the_vote_tally_shows_statement_texts_and_decimal_commas(
    board: WorkshopBoard, journal: LabJournal
) -> None:
    _register(board, ("P01", "invånare"), ("P02", "politiker"), ("P03", "exploatör"))
    first, second = _idea(board, "P01", "Bänkar"), _idea(board, "P01", "Lekplats")
    for who, idea, score in (("P02", first, 3), ("P03", first, 2), ("P02", second, 4), ("P03", second, 4)):
        journal.add("priority_score", idea=idea, participant=who, criterion="kostnad", score=score)
    votes = board.statements
    for text in ("Torget ska vara bilfritt", "Fler träd <b>nu</b>"):
        votes.new.value = text
        votes.add_button.click()
    ids = journal.frame("statement")["id"].tolist()
    for who, statement, vote in (("P01", 0, 1), ("P02", 0, -1), ("P03", 0, 1), ("P01", 1, 0), ("P02", 1, 1)):
        votes.participant.value, votes.statement.value = who, ids[statement]
        votes.buttons[vote].click()
    board.tally.button.click()  # brings the scores stored directly in the journal
    html = board.tally.tables.value
    assert (
        "<h4>Högst poäng</h4><table><thead><tr><th>Idé</th><th>Medelpoäng</th><th>Bedömare</th></tr></thead>"
        "<tbody><tr><td>Lekplats</td><td>4,0</td><td>2</td></tr><tr><td>Bänkar</td><td>2,5</td><td>2</td></tr>"
        "</tbody></table>"
    ) in html  # (4 + 4) / 2 and (3 + 2) / 2, one decimal, a decimal comma
    assert (
        "<h4>Röster på påståenden</h4><table><thead><tr><th>Påstående</th><th>Håller med</th><th>Håller "
        "inte med</th><th>Avstår</th><th>Röster</th></tr></thead><tbody><tr><td>Torget ska vara "
        "bilfritt</td><td>2</td><td>1</td><td>0</td><td>3</td></tr><tr><td>Fler träd "
        "&lt;b&gt;nu&lt;/b&gt;</td><td>1</td><td>0</td><td>1</td><td>2</td></tr></tbody></table>"
    ) in html
    assert "statement" not in html and not any(i in html for i in ids)


def test_the_tally_in_english_uses_decimal_points(journal: LabJournal) -> None:
    journal.add("participant", pseudonym="P01", role="invånare")
    journal.add("participant", pseudonym="P02", role="invånare")
    idea = journal.add("idea", text="A", round=1, participant="P01")
    journal.add("priority_score", idea=idea, participant="P02", criterion="kostnad", score=3)
    journal.add("priority_score", idea=idea, participant="P02", criterion="trygghet", score=2)
    tally = LiveTally(journal, "en")
    assert "<tr><td>A</td><td>2.5</td><td>2</td></tr>" in tally.tables.value
    assert tally.chart_note.value == "<p><i>The chart appears when the first stakeholder is saved.</i></p>"


def test_a_stakeholder_shows_the_chart_and_drops_the_sentence(board: WorkshopBoard) -> None:
    tally = board.tally
    assert tally.chart.layout.display == "none" and tally.chart_note.value
    board.stakeholders.name.value = "Bostadsbolaget"
    board.stakeholders.button.click()
    assert tally.chart.layout.display is None and tally.chart_note.value == ""
    assert bytes(tally.chart.value).startswith(b"\x89PNG")


def _refusal(journal: LabJournal, kind: str, **fields: object) -> CaptureError:
    with pytest.raises(CaptureError) as err:
        journal.add(kind, **fields)
    return err.value


def test_refusals_say_which_field_and_what_to_do(board: WorkshopBoard, journal: LabJournal) -> None:
    brainwriting = board.brainwriting
    brainwriting.text.value = "Bänkar"
    brainwriting.button.click()  # nobody registered yet
    assert brainwriting.message.value == (
        "<span style='color:#b00020'>✗ Välj en deltagare i listan ”Deltagare”. Är listan tom? Lägg först "
        "till deltagare under fliken ”Deltagare”.</span>"
    )
    _register(board, ("P01", "invånare"))
    brainwriting.participant.value, brainwriting.text.value = "P01", "x" * 4001
    brainwriting.button.click()
    assert brainwriting.message.value == (
        "<span style='color:#b00020'>✗ Texten i ”Idé” är för lång: högst 4\u202f000 tecken (nu "
        "4\u202f001). Korta den och spara igen.</span>"
    )
    board.dots.participant.value = "P01"
    board.dots.button.click()  # no idea to choose
    assert board.dots.message.value == (
        "<span style='color:#b00020'>✗ Välj en idé i listan ”Idé”. Är listan tom? Skriv först idéer under "
        "fliken ”Brainwriting”.</span>"
    )
    board.statements.participant.value = "P01"
    board.statements.buttons[1].click()
    assert board.statements.message.value == (
        "<span style='color:#b00020'>✗ Välj ett påstående i listan ”Påstående”. Är listan tom? Skriv ett "
        "nytt påstående och klicka på ”Lägg till påstående”.</span>"
    )
    activity = board.activities
    activity.name.value, activity.date.value = "Öppet hus", "2026-03-19"
    activity.button.click()
    activity.button.click()
    assert activity.message.value == (
        "<span style='color:#b00020'>✗ Aktiviteten ”Öppet hus” finns redan i den här "
        "workshoppen. Ge den ett annat namn.</span>"
    )
    power = {"name": "Bolaget", "power": 9, "interest": 2}
    assert explain(_refusal(journal, "stakeholder", **power), kind="stakeholder", fields=power) == (
        "Skriv ett heltal från 1 till 5 i ”Makt (1–5)”."
    )
    area = {"pseudonym": "P02", "home_area": "Centrum"}
    assert explain(_refusal(journal, "participant", **area), kind="participant", fields=area) == (
        "Välj området i listan ”Hemområde” (eller ”vill inte ange”)."
    )
    role = {"pseudonym": "P02", "role": "kung"}
    assert explain(_refusal(journal, "participant", **role), "en", "participant", role) == (
        "Choose one of the options in the list “Role”."
    )
    taken = {"pseudonym": "P01"}
    assert explain(_refusal(journal, "participant", **taken), "en", "participant", taken) == (
        "The pseudonym “P01” is already used in this workshop. Choose another one."
    )


def test_a_damaged_journal_names_the_file_and_the_commands(journal: LabJournal, tmp_path: Path) -> None:
    from labkit.capture.faults import damaged

    error = damaged(journal.path, "a file of 0 bytes", "save to the lab journal")
    path = journal.path
    new = path.with_name("labbok-recovered.sqlite")
    assert explain(error) == LABELS["sv"]["err_damaged"]
    assert fault_detail(error) == (
        f"Labbokens fil: {path}; Kontrollera den med labkit capture check --journal "
        f"{path}; rädda det som går att läsa med labkit capture recover --journal {path} "
        f"{new}"
    )
    assert fault_detail(_refusal(journal, "participant", pseudonym="")) is None


def test_a_proposal_awaiting_approval_is_neither_votable_nor_tallied_until_approved(
    board: WorkshopBoard,
) -> None:
    """A statement a participant proposed from their phone (author = participant) waits for the facilitator's
    approval: the board's vote list and "Läget just nu" leave it out, as the analysis does, until approved."""
    _register(board, ("P01", "invånare"))
    proposed = board.journal.add("statement", text="Fler bänkar vid älven", participant="P01", author="P01")
    board.journal.add("statement_vote", statement=proposed, participant="P01", vote=1)
    own = board.journal.add("statement", text="Torget ska vara bilfritt")
    board.update()
    assert board.statements.statement.options == (("Torget ska vara bilfritt", own),)
    assert board.tally.frames["vote_tally"].empty
    board.journal.add("statement_approval", statement=proposed)
    board.update()
    assert board.statements.statement.options == (
        ("Fler bänkar vid älven", proposed),
        ("Torget ska vara bilfritt", own),
    )
    assert board.tally.frames["vote_tally"].to_dict("list") == {
        "Påstående": ["Fler bänkar vid älven"],
        "Håller med": [1],
        "Håller inte med": [0],
        "Avstår": [0],
        "Röster": [1],
    }
