"""Workshop widgets driven from pytest (``.value`` and ``.click()``): every entry goes through the journal."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from labkit.capture import LabJournal
from labkit.capture.widgets import (
    BrainwritingForm,
    LiveTally,
    PrioritisationGrid,
    WorkshopBoard,
    explain,
    label,
)
from labkit.errors import CaptureError

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
    form.picker.dropdown.value = builds_on
    form.button.click()
    return board.journal.frame("idea")["id"].iloc[-1]


def test_the_board_has_swedish_tabs_and_creates_no_file_until_an_entry(board: WorkshopBoard) -> None:
    assert [board.widget.get_title(i) for i in range(len(board.forms))] == [
        "Deltagare", "Brainwriting", "Ja, och …", "Prioritera", "Prickar", "Påståenden", "Intressenter",
        "Aktiviteter", "Läget just nu"]
    assert not board.journal.exists
    assert board.people.button.description == "Lägg till deltagare"
    assert board.brainwriting.button.description == "Spara idé"


def test_registering_a_participant(board: WorkshopBoard) -> None:
    form = board.people
    form.pseudonym.value, form.role.value, form.age_band.value = "P01", "invånare", "65-79"
    form.gender.value, form.home_area.value = "kvinna", "1402X002"
    form.button.click()
    assert form.message.value == ("<span style='color:#007a3d'>✓ Sparat i labboken (Deltagare: 1 i den här "
                                  "workshoppen).</span>")
    stored = board.journal.frame("participant")
    assert stored[["pseudonym", "role", "age_band", "gender", "home_area"]].values.tolist() == [
        ["P01", "invånare", "65-79", "kvinna", "1402X002"]]
    assert form.pseudonym.value == "" and form.home_area.options == ("1402X001", "1402X002")
    assert board.brainwriting.participant.options == ("P01",)  # every form refreshed from the journal


def test_a_refused_entry_shows_why_in_swedish_and_stores_nothing(board: WorkshopBoard) -> None:
    _register(board, ("P01", "invånare"), ("P01", "politiker"))
    assert board.people.message.value.startswith(
        "<span style='color:#b00020'>✗ Det finns redan en sådan post i den här workshoppen.</span> <small>(column "
        "'pseudonym': a participant record with these values already exists")
    assert board.journal.count("participant") == 1


def test_names_only_when_the_facilitator_turns_them_on(board: WorkshopBoard) -> None:
    form = board.people
    assert form.name.layout.display == "none"
    board.journal.set_setting("store_names", True)
    board.refresh()
    assert form.name.layout.display is None
    form.pseudonym.value, form.role.value, form.name.value = "P02", "politiker", "Anna Andersson"
    form.button.click()
    assert board.journal.frame("participant", identifying=True)["name"].tolist() == ["Anna Andersson"]


def test_the_form_writes_through_the_journal_before_it_shows_anything(board: WorkshopBoard,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
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
    assert board.brainwriting.picker.options() == [("(ny idé)", None), ("Fler bänkar [1]", first)]
    second = _idea(board, "P02", "Bänkar med tak", 2, builds_on=first)
    ideas = board.journal.frame("idea")
    assert ideas[["id", "round", "participant", "builds_on"]].fillna("").values.tolist() == [
        [first, 1, "P01", ""], [second, 2, "P02", first]]
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
    form.picker.dropdown.value, form.participant.value, form.text.value = idea, "P02", "ja, och gungor för vuxna"
    form.button.click()
    assert board.journal.frame("yes_and")[["idea", "text", "participant"]].values.tolist() == [
        [idea, "ja, och gungor för vuxna", "P02"]]


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
    assert board.journal.frame("priority_score")[["idea", "participant", "criterion", "score"]].values.tolist() == [
        [other, "P01", "genomförbarhet", 3]]
    assert grid.rows[other].value == "–"


def test_a_forced_self_vote_is_refused_by_the_journal(journal: LabJournal) -> None:
    journal.add("participant", pseudonym="P01", role="invånare")
    own = journal.add("idea", text="Bänkar", round=1, participant="P01")
    grid = PrioritisationGrid(journal)
    grid.participant.value = "P01"
    grid.rows[own].disabled = False
    grid.rows[own].value = "4"
    assert grid.save() == 0
    assert grid.message.value.startswith("<span style='color:#b00020'>✗ Du kan inte poängsätta din egen idé.</span>")
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
    assert form.message.value.startswith("<span style='color:#b00020'>✗ Inga prickar kvar för den här deltagaren.")
    form.participant.value = "P02"
    form.picker.dropdown.value = ideas[0]
    form.button.click()
    form.button.click()
    assert form.message.value.startswith("<span style='color:#b00020'>✗ Deltagaren har redan en prick på den här idén.")
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
    assert board.tally.frames["vote_tally"].to_dict("list") == {"statement": [statement], "Avstår": [1],
                                                                 "Håller med": [1]}


def test_stakeholder_editor_loads_and_updates(board: WorkshopBoard) -> None:
    form = board.stakeholders
    form.name.value, form.power.value, form.interest.value, form.category.value = "Bostadsbolaget", 4, 2, "bolag"
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
        ["Öppet hus", "konsultation", "2019-05-07"]]
    form.date.value = "7 maj"
    form.button.click()
    assert form.message.value.startswith("<span style='color:#b00020'>✗ Värdet i ”Datum” är inte tillåtet.</span>")


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


def test_english_labels(journal: LabJournal) -> None:
    board = WorkshopBoard(journal, lang="en")
    assert board.people.button.description == "Add participant"
    assert board.widget.get_title(8) == "Live tallies" and label("agree", "en") == "Agree"


@pytest.mark.parametrize(("error", "expected"), [
    (CaptureError("missing value in a idea record", column="text"), "Fyll i ”Idé”."),
    (CaptureError("unknown participant", column="participant"), "Välj en deltagare som finns i labboken."),
    (CaptureError("value out of range in a stakeholder record", column="power"),
     "Värdet i ”Makt (1–5)” är inte tillåtet."),
    (CaptureError("names are not stored in this journal", column="name"),
     "Namn sparas inte i den här labboken – använd en pseudonym."),
    (CaptureError("the journal was written by a newer labkit"), "Sparades inte."),
])
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
    assert board.journal.frame("priority_score")[["idea", "score"]].values.tolist() == [[first, 4], [second, 2]]
    third = _idea(board, "P01", "Läxhjälp")
    assert grid.rows[second] is button and third in grid.rows and len(grid.grid.children) == 3


# --------------------------------------------------------------------------- incremental refresh


def _seen(board: WorkshopBoard) -> dict:
    """Everything the board shows, except the values a facilitator picked and the messages."""
    grid, tally = board.priorities, board.tally
    pickers = {"brainwriting": board.brainwriting.participant, "brainwriting_idea": board.brainwriting.picker.dropdown,
               "yes_and": board.yes_and.participant, "yes_and_idea": board.yes_and.picker.dropdown,
               "grid": grid.participant, "dots": board.dots.participant, "dots_idea": board.dots.picker.dropdown,
               "statements": board.statements.participant, "statement": board.statements.statement}
    return {
        "options": {name: picker.options for name, picker in pickers.items()},
        "grid": [(line.children[0].value, line.children[1] is grid.rows[idea], grid.authors[idea])
                 for idea, line in zip(grid.rows, grid.grid.children, strict=True)],
        "grid_ids": list(grid.rows), "names": board.people.name.layout.display,
        "stakeholders": board.stakeholders.name.options,
        "tally": {key: frame.to_dict("split") for key, frame in tally.frames.items()},
        "tables": tally.tables.value, "chart": bytes(tally.chart.value),
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


def test_the_board_after_many_saves_equals_a_freshly_built_board(board: WorkshopBoard, journal: LabJournal) -> None:
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


def test_a_save_reads_only_what_is_new(board: WorkshopBoard, journal: LabJournal,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
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
    assert list(board.priorities.grid.children[:1]) == lines and list(board.priorities.rows) == [first, second]
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
    form = board.activities
    form.name.value, form.date.value = "Öppet hus", IMG
    form.button.click()
    assert form.message.value == (
        "<span style='color:#b00020'>✗ Värdet i ”Datum” är inte tillåtet.</span> <small>(column 'date': "
        "not a date in a activity record: expected a date YYYY-MM-DD; found '&lt;img src=x "
        "onerror=alert(2)&gt;'.)</small>")
    assert board.journal.count("activity") == 0


def test_the_tallies_escape_idea_texts(board: WorkshopBoard) -> None:
    _register(board, ("P01", "invånare"), ("P02", "invånare"))
    idea = _idea(board, "P02", SCRIPT + IMG)
    form = board.dots
    form.participant.value, form.picker.dropdown.value = "P01", idea
    form.button.click()
    board.tally.refresh()
    html = board.tally.tables.value
    assert SCRIPT not in html and IMG not in html
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</td><td>1</td>" in html
