"""Workshop forms in ipywidgets (Swedish labels): every entry is written to the lab journal before it shows.

The forms keep no state of their own: choices (participants, ideas, statements) are read from the
journal, a click adds a record through ``LabJournal.add`` and only then refreshes every form and
tally of the board from the journal. On a board the forms read the workshop's tables from one
:class:`~labkit.capture.live.LiveFrames`; after a save it appends only the records stored since the
last look (by this board or anyone else), and each form appends the new choices, rows and counts
instead of rebuilding everything, so a save never reads the journal whole.
Analysis cells read the same journal, so what a facilitator enters appears in the next analysis cell.
Drive a form from Python by setting ``.value`` on its widgets and calling ``.click()`` on its buttons
(that is how the tests do it).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import time
from collections.abc import Callable
from typing import ClassVar

import ipywidgets as w
import pandas as pd

from labkit import render
from labkit.capture.journal import LabJournal
from labkit.capture.kinds import get_kind
from labkit.capture.kinds.common import AGE_BANDS, GENDERS, LADDER, ROLES
from labkit.capture.kinds.room import awaiting_approval
from labkit.capture.live import SHARED, LiveFrames
from labkit.errors import CaptureError
from labkit.i18n import check_lang
from labkit.methods.cocreation.kinds import CRITERIA
from labkit.methods.cocreation.widget_text import LABELS

_STYLE = {"description_width": "initial"}


def label(key: str, lang: str = "sv", **values: object) -> str:
    """A widget label in Swedish (default) or English."""
    check_lang(lang)
    return LABELS[lang][key].format(**values) if values else LABELS[lang][key]


#: The journal's faults (the start of their message) and the explanation of each; they concern the file,
#: not a field, and are shown with the file and what to do next (:func:`fault_detail`).
_FAULTS = (
    ("the disk is full", "err_disk_full"),
    ("the file is damaged", "err_damaged"),
    ("read-only", "err_read_only"),
    ("holds the journal locked", "err_locked"),
    ("read or write error", "err_disk"),
    ("lab journal", "err_journal"),
)

#: Fields chosen from a list of the journal's records, and what to do when none is chosen.
_PICKS = {"participant": "err_pick_participant", "idea": "err_pick_idea", "statement": "err_pick_statement"}

#: Labels of fields whose meaning depends on the record kind (else the field's own label is used).
_FIELD_LABELS = {
    ("activity", "name"): "activity",
    ("stakeholder", "name"): "stakeholder",
    ("yes_and", "text"): "addition",
    ("statement", "text"): "new_statement",
}


def field_label(column: str | None, kind: str | None = None, lang: str = "sv") -> str:
    """The label a form shows for field ``column`` of record kind ``kind``."""
    key = _FIELD_LABELS.get((kind or "", column or ""), column or "")
    return LABELS[check_lang(lang)].get(key, key)


def _fault(err: CaptureError) -> str | None:
    if err.path is None:
        return None
    return next((key for start, key in _FAULTS if start in err.what), None)


def explain(err: CaptureError, lang: str = "sv", kind: str | None = None, fields: dict | None = None) -> str:
    """What a participant or facilitator should read when the journal refuses an entry: in plain words, which
    field and what to do; never a pattern or a record id.

    ``kind`` and ``fields`` (the record kind and the values sent) make the message precise: the field's
    label, its bounds, and the value that is already taken.
    """
    check_lang(lang)
    what, column, fields = err.what, err.column or "", fields or {}
    fault = next((key for start, key in _FAULTS if start in what), None)
    if fault:
        return label(fault, lang)
    field = field_label(column, kind, lang)
    value = fields.get(column)
    rules = (
        ("score their own idea", "err_own_idea"),
        ("no dots left", "err_no_dots"),
        ("a dot record with these values", "err_dot_twice"),
        ("names are not stored", "err_names"),
    )
    for start, key in rules:
        if start in what:
            return label(key, lang)
    if "already exists" in what:
        taken = {"participant": "err_pseudonym_taken", "activity": "err_activity_taken"}.get(kind or "")
        return (
            label(taken, lang, value=value) if taken and value is not None else label("err_duplicate", lang)
        )
    if what.startswith("missing value"):
        return label(_PICKS[column], lang) if column in _PICKS else label("err_missing", lang, field=field)
    if what.startswith("unknown ") and column in (*_PICKS, "builds_on"):
        return label("err_gone", lang, field=field)
    return _explain_value(what, column, kind, field, value, lang)


def _explain_value(what: str, column: str, kind: str | None, field: str, value: object, lang: str) -> str:
    """The message for a value of the wrong form, out of range or not among the choices."""
    from labkit.capture.records import MAX_TEXT

    spec = None
    if kind:
        try:
            spec = get_kind(kind).field(column)
        except CaptureError:
            spec = None
    if what.startswith("text too long"):
        return label(
            "err_too_long",
            lang,
            field=field,
            limit=render.format_number(MAX_TEXT, 0, lang),
            n=render.format_number(len(str(value or "").strip()), 0, lang),
        )
    if what.startswith("not a date"):
        return label("err_date", lang, field=field, example=dt.date.today().isoformat())
    if column == "home_area":
        return label("err_area", lang)
    if spec is not None and spec.choices:
        return label("err_choice", lang, field=field)
    if spec is not None and spec.low is not None and spec.high is not None:
        return label(
            "err_range",
            lang,
            field=field,
            low=render.format_number(spec.low, 0, lang),
            high=render.format_number(spec.high, 0, lang),
        )
    if what.startswith(("not a whole number", "not a number")):
        return label("err_number", lang, field=field)
    if what.startswith(("value ", "not ")):
        return label("err_value", lang, field=field)
    return label("err_other", lang)


def fault_detail(err: CaptureError, lang: str = "sv") -> str | None:
    """For a fault of the journal file: which file, and for a damaged or unusable one the commands that check
    and recover it. None for a refused value (its explanation says all)."""
    from labkit.capture.faults import check_command, recover_command

    fault = _fault(err)
    if fault is None:
        return None
    text = f"{label('journal_file', lang)}: {err.path}"
    if fault in ("err_damaged", "err_journal"):
        text += (
            f"; {label('check_command', lang)} {check_command(err.path)}; "
            f"{label('recover_command', lang)} {recover_command(err.path)}"
        )
    return text


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class Form:
    """A form on a journal: a message line, and a save that writes through the journal, then refreshes."""

    title_key = ""
    #: The record kinds whose new records change what the form shows (see :meth:`update`).
    reads: tuple[str, ...] = ()

    def __init__(self, journal: LabJournal, lang: str = "sv", *, live: LiveFrames | None = None) -> None:
        self.journal, self.lang, self.live = journal, check_lang(lang), live
        self.message = w.HTML()
        self.listeners: list[Callable[[], None]] = []
        self.widget: w.Widget = w.VBox()

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        return self.widget._repr_mimebundle_(**kwargs)

    def t(self, key: str, **values: object) -> str:
        """This form's label ``key``."""
        return label(key, self.lang, **values)

    def add(self, kind: str, **fields: object) -> str | None:
        """Add one record; show the journal's verdict; refresh every listener after a success."""
        try:
            record = self.journal.add(kind, **fields)
        except CaptureError as err:
            self.fail(err, kind, fields)
            return None
        self.ok(
            self.t(
                "saved",
                n=self.journal.count(kind, workshop_id=self.journal.workshop, retracted=False),
                kind=get_kind(kind).title(self.lang),
            )
        )
        self.changed()
        return record

    def ok(self, text: str) -> None:
        """Show a confirmation (escaped: it may hold what a participant typed)."""
        self.message.value = render.message(text, colour="#007a3d", prefix="✓ ")

    def fail(self, err: CaptureError | str, kind: str | None = None, fields: dict | None = None) -> None:
        """Show why nothing was saved, in plain words of the reader's language (:func:`explain`), escaped.

        A fault of the journal file also names the file and what to do (:func:`fault_detail`), small after
        it; a refused value gets no more than its explanation (never the journal's technical message).
        """
        if isinstance(err, CaptureError):
            text, detail = explain(err, self.lang, kind, fields), fault_detail(err, self.lang)
        else:
            text, detail = err, None
        self.message.value = render.message(text, colour="#b00020", prefix="✗ ", detail=detail)

    def changed(self) -> None:
        """Tell every listener (the board) that the journal has a new record."""
        for listener in self.listeners:
            listener()

    def refresh(self) -> None:
        """Reload the choices of this form from the journal."""

    def update(self, kinds: set[str]) -> None:
        """Show what new records of ``kinds`` (appended to the board's tables) change; by default reload."""
        if set(self.reads) & kinds:
            self.refresh()

    # choices read from the journal ---------------------------------------------------------------

    def records(self, kind: str) -> pd.DataFrame:
        """The live records of ``kind`` in this workshop (every workshop for stakeholders)."""
        if self.live is not None:
            return self.live.frame(kind)
        return self.journal.frame(kind, workshop_id=None if kind in SHARED else self.journal.workshop)

    def setting(self, name: str) -> object:
        """The current value of a journal setting."""
        return self.live.setting(name) if self.live is not None else self.journal.setting(name)

    def shown_statements(self) -> pd.DataFrame:
        """The workshop's live statements, without those participants proposed that await approval (the
        rule of :func:`labkit.capture.kinds.room.awaiting_approval`, as the analysis reads them)."""
        statements = self.records("statement")
        waiting = awaiting_approval(statements, self.records("statement_approval"))
        return statements.loc[~pd.Series(waiting, index=statements.index, dtype=bool)]

    def participants(self) -> list[str]:
        """The pseudonyms registered in this workshop."""
        return self.records("participant")["pseudonym"].tolist()

    def ideas(self) -> pd.DataFrame:
        """The live ideas of this workshop."""
        return self.records("idea")

    def participant_picker(self) -> w.Dropdown:
        """A dropdown of the registered participants."""
        return w.Dropdown(description=self.t("participant"), options=self.participants(), style=_STYLE)

    def reload(self, picker: w.Dropdown, options: list) -> None:
        """Give ``picker`` new options, keeping its value when it is still among them."""
        keep = picker.value
        picker.options = options
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        if keep in values:
            picker.value = keep

    def extend(self, picker: w.Dropdown, options: list) -> None:
        """Append ``options`` to ``picker``, as :meth:`reload` with every option it had and these after
        them."""
        if options:
            keep, had = picker.value, bool(picker.options)
            picker.options = (*picker.options, *options)
            if had:  # the value was among the options (a dropdown with options always holds one of them)
                picker.value = keep

    def grow_participants(self, picker: w.Dropdown) -> None:
        """Append the participants registered since ``picker`` was last filled."""
        self.extend(picker, self.participants()[len(picker.options) :])


#: The value of "(vill inte ange)" in a dropdown (ipywidgets shows a dropdown whose value is None as blank).
NOT_GIVEN = ""


def area_options(areas: pd.DataFrame | None, lang: str = "sv") -> list[tuple[str, str]]:
    """The home-area choices: "(vill inte ange)" (value "", stored as no value), then the municipality's areas
    by name (alphabetical, Swedish order), each storing its area code. A name that two areas share gets the
    code
    after it."""
    first = [(label("not_given", lang), NOT_GIVEN)]
    if areas is None or areas.empty:
        return first
    unique = areas.drop_duplicates("area_code")
    codes, names = unique["area_code"].astype(str).tolist(), unique["area_name"].astype(str).tolist()
    shared = {n for n in names if names.count(n) > 1}
    shown = [(f"{n} ({c})" if n in shared else n, c) for c, n in zip(codes, names, strict=True)]
    return first + sorted(shown, key=lambda pair: (_swedish_key(pair[0]), pair[1]))


#: Letters Swedish sorts after z, in its order (Unicode puts Ä before Å).
_AFTER_Z = str.maketrans({"å": "{0", "ä": "{1", "æ": "{1", "ö": "{2", "ø": "{2"})


def _swedish_key(text: str) -> str:
    return text.casefold().translate(_AFTER_Z)


def _list_html(title: str, headers: list[str], rows: list[str], empty: str) -> str:
    """A heading and a scrolling table of ``rows`` (each an escaped ``<tr>``), or a sentence when there are
    none."""
    heading = f"<h4>{render.escape_html(title)}</h4>"
    if not rows:
        return f"{heading}<p><i>{render.escape_html(empty)}</i></p>"
    head = "".join(
        f"<th style='text-align:left;padding:2px 8px'>{render.escape_html(c)}</th>" for c in headers
    )
    return (
        f"{heading}<div style='max-height:18em;overflow-y:auto'><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _row_html(values: list[object], lang: str) -> str:
    cells = "".join(
        f"<td style='padding:2px 8px;vertical-align:top'>{render.escape_html(render.format_value(v, lang))}"
        "</td>"
        for v in values
    )
    return f"<tr>{cells}</tr>"


class ParticipantForm(Form):
    """Register a participant: pseudonym, role, age band, gender, home area chosen by name (and a name only
    when
    allowed); below the form, the participants already registered (pseudonym and role)."""

    title_key = "tab_people"
    reads = ("participant",)

    def __init__(
        self,
        journal: LabJournal,
        lang: str = "sv",
        areas: pd.DataFrame | None = None,
        *,
        live: LiveFrames | None = None,
    ) -> None:
        super().__init__(journal, lang, live=live)
        none = [(self.t("not_given"), NOT_GIVEN)]
        self.pseudonym = w.Text(description=self.t("pseudonym"), placeholder="P01", style=_STYLE)
        self.role = w.Dropdown(description=self.t("role"), options=list(ROLES), style=_STYLE)
        self.age_band = w.Dropdown(
            description=self.t("age_band"), options=none + [(a, a) for a in AGE_BANDS], style=_STYLE
        )
        self.gender = w.Dropdown(
            description=self.t("gender"), options=none + [(g, g) for g in GENDERS], style=_STYLE
        )
        self.home_area = w.Dropdown(
            description=self.t("home_area"), options=area_options(areas, self.lang), style=_STYLE
        )
        self.name = w.Text(description=self.t("name"), style=_STYLE)
        self.button = w.Button(description=self.t("add_participant"), button_style="primary")
        self.button.on_click(lambda _: self.save())
        self.listing = w.HTML()
        self.rows: list[str] = []
        self.widget = w.VBox(
            [
                self.pseudonym,
                self.role,
                self.age_band,
                self.gender,
                self.home_area,
                self.name,
                self.button,
                self.message,
                self.listing,
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        self.name.layout.display = None if self.setting("store_names") else "none"
        self.rows = []
        self.list_people()

    def update(self, kinds: set[str]) -> None:
        if "participant" in kinds:
            self.list_people()

    def list_people(self) -> None:
        """Show the registered participants (pseudonym and role), appending those registered since last
        time."""
        people = self.records("participant")
        new = people.iloc[len(self.rows) :]
        self.rows += [
            _row_html([p, r], self.lang) for p, r in zip(new["pseudonym"], new["role"], strict=True)
        ]
        self.listing.value = _list_html(
            self.t("people_list", n=len(self.rows)),
            [self.t("pseudonym"), self.t("role")],
            self.rows,
            self.t("no_people"),
        )

    def save(self) -> str | None:
        """Add the participant; clear the form after a success."""
        fields = {
            "pseudonym": self.pseudonym.value,
            "role": self.role.value,
            **{name: getattr(self, name).value or None for name in ("age_band", "gender", "home_area")},
        }
        if self.name.value.strip():
            fields["name"] = self.name.value
        record = self.add("participant", **fields)
        if record:
            self.pseudonym.value, self.name.value = "", ""
            self.home_area.value = self.age_band.value = self.gender.value = NOT_GIVEN
        return record


class BuildOnPicker:
    """A dropdown of the workshop's ideas (by text), optionally with "(ny idé)" first."""

    def __init__(self, form: Form, *, allow_new: bool = True, description: str = "builds_on") -> None:
        self.form, self.allow_new = form, allow_new
        self.dropdown = w.Dropdown(
            description=form.t(description), style=_STYLE, layout=w.Layout(width="95%")
        )
        self.refresh()

    def options(self, start: int | None = None) -> list[tuple[str, str]]:
        """(text, idea id) for every live idea of the workshop, newest last, after ("(ny idé)", "")
        unless only
        those from idea number ``start`` on are asked for."""
        ideas = self.form.ideas().iloc[start or 0 :]
        first = [(self.form.t("new_idea"), NOT_GIVEN)] if self.allow_new and start is None else []
        return first + [
            (f"{_short(t)} [{r}]", i)
            for t, r, i in zip(ideas["text"], ideas["round"], ideas["id"], strict=True)
        ]

    def refresh(self) -> None:
        """Reload the ideas from the journal."""
        self.form.reload(self.dropdown, self.options())

    def grow(self) -> None:
        """Append the ideas written since the dropdown was last filled."""
        self.form.extend(self.dropdown, self.options(len(self.dropdown.options) - self.allow_new))

    @property
    def value(self) -> str | None:
        """The chosen idea id (None for a new idea)."""
        return self.dropdown.value or None


class BrainwritingForm(Form):
    """One brainwriting round: who writes, the round, the idea, what it builds on, and a round timer."""

    title_key = "tab_brainwriting"

    reads = ("participant", "idea")

    def __init__(
        self,
        journal: LabJournal,
        lang: str = "sv",
        clock: Callable[[], float] = time.monotonic,
        *,
        live: LiveFrames | None = None,
    ) -> None:
        super().__init__(journal, lang, live=live)
        self.clock, self.deadline = clock, None
        self.participant = self.participant_picker()
        self.round = w.BoundedIntText(description=self.t("round"), value=1, min=1, max=50, style=_STYLE)
        self.text = w.Textarea(description=self.t("text"), layout=w.Layout(width="95%"), style=_STYLE)
        self.picker = BuildOnPicker(self)
        self.minutes = w.BoundedIntText(description=self.t("minutes"), value=10, min=1, max=60, style=_STYLE)
        self.timer = w.HTML()
        self.start = w.Button(description=self.t("start_timer"), icon="clock")
        self.start.on_click(lambda _: self.start_timer())
        self.button = w.Button(description=self.t("save_idea"), button_style="primary")
        self.button.on_click(lambda _: self.save())
        self.listing = w.HTML()
        self.rows: list[str] = []
        self.widget = w.VBox(
            [
                w.HBox([self.minutes, self.start, self.timer]),
                self.participant,
                self.round,
                self.text,
                self.picker.dropdown,
                self.button,
                self.message,
                self.listing,
            ]
        )
        self.list_ideas()

    def refresh(self) -> None:
        self.reload(self.participant, self.participants())
        self.picker.refresh()
        self.rows = []
        self.list_ideas()

    def update(self, kinds: set[str]) -> None:
        if "participant" in kinds:
            self.grow_participants(self.participant)
        if "idea" in kinds:
            self.picker.grow()
            self.list_ideas()

    def list_ideas(self) -> None:
        """Show the workshop's ideas (round, text, author), newest first, appending those written since
        last time."""
        ideas = self.ideas()
        new = ideas.iloc[len(self.rows) :]
        self.rows += [
            _row_html([r, t, a], self.lang)
            for r, t, a in zip(new["round"], new["text"], new["participant"], strict=True)
        ]
        self.listing.value = _list_html(
            self.t("ideas_list", n=len(self.rows)),
            [self.t("round"), self.t("text"), self.t("by")],
            self.rows[::-1],
            self.t("no_ideas"),
        )

    def save(self) -> str | None:
        """Add the idea; clear the text after a success."""
        record = self.add(
            "idea",
            text=self.text.value,
            round=self.round.value,
            participant=self.participant.value,
            builds_on=self.picker.value,
        )
        if record:
            self.text.value = ""
        return record

    def start_timer(self) -> None:
        """Start the round's countdown; in a running kernel it ticks every second by itself."""
        self.deadline = self.clock() + 60 * self.minutes.value
        self.tick()
        try:
            asyncio.get_running_loop().create_task(self._run())
        except RuntimeError:  # no event loop (plain Python, tests): call tick() yourself
            pass

    async def _run(self) -> None:
        while self.tick() > 0:
            await asyncio.sleep(1)

    def tick(self) -> float:
        """Update the timer label from the clock; return the seconds left."""
        if self.deadline is None:
            return 0.0
        left = max(0.0, self.deadline - self.clock())
        whole = int(left + 0.999)
        self.timer.value = (
            render.escape_html(self.t("time_left", mm=whole // 60, ss=whole % 60))
            if left > 0
            else f"<b>{render.escape_html(self.t('time_up'))}</b>"
        )
        return left


class YesAndForm(Form):
    """A "ja, och …" addition to an idea."""

    title_key = "tab_yes_and"
    reads = ("participant", "idea")

    def __init__(self, journal: LabJournal, lang: str = "sv", *, live: LiveFrames | None = None) -> None:
        super().__init__(journal, lang, live=live)
        self.picker = BuildOnPicker(self, allow_new=False, description="idea")
        self.participant = self.participant_picker()
        self.text = w.Textarea(description=self.t("addition"), layout=w.Layout(width="95%"), style=_STYLE)
        self.button = w.Button(description=self.t("save_addition"), button_style="primary")
        self.button.on_click(lambda _: self.save())
        self.widget = w.VBox([self.picker.dropdown, self.participant, self.text, self.button, self.message])

    def refresh(self) -> None:
        self.picker.refresh()
        self.reload(self.participant, self.participants())

    def update(self, kinds: set[str]) -> None:
        if "idea" in kinds:
            self.picker.grow()
        if "participant" in kinds:
            self.grow_participants(self.participant)

    def save(self) -> str | None:
        """Add the addition; clear the text after a success."""
        record = self.add(
            "yes_and", idea=self.picker.value, text=self.text.value, participant=self.participant.value
        )
        if record:
            self.text.value = ""
        return record


class PrioritisationGrid(Form):
    """ "Prioritera och välj": one row per idea with 1–4 buttons; the participant's own ideas are locked."""

    title_key = "tab_priorities"
    reads = ("participant", "idea")
    BLANK = "–"

    def __init__(
        self,
        journal: LabJournal,
        lang: str = "sv",
        criteria: tuple[str, ...] = CRITERIA,
        *,
        live: LiveFrames | None = None,
    ) -> None:
        super().__init__(journal, lang, live=live)
        self.participant = self.participant_picker()
        self.criterion = w.Combobox(
            description=self.t("criterion"),
            options=list(criteria),
            value=criteria[0],
            ensure_option=False,
            style=_STYLE,
        )
        self.rows: dict[str, w.ToggleButtons] = {}
        self.lines: dict[str, w.HBox] = {}
        self.authors: dict[str, str] = {}
        # One layout and style for every row: a grid of a thousand ideas makes a third of the widgets.
        self._shared = {"label": w.Layout(width="55%"), "buttons": w.ToggleButtonsStyle(button_width="36px")}
        self.grid = w.VBox()
        self.button = w.Button(description=self.t("save_scores"), button_style="primary")
        self.button.on_click(lambda _: self.save())
        self.participant.observe(lambda _: self.lock_own(), names="value")
        self.widget = w.VBox([self.participant, self.criterion, self.grid, self.button, self.message])
        self.refresh()

    def refresh(self) -> None:
        self.reload(self.participant, self.participants())
        ideas = self.ideas()
        # Keep the button widgets of known ideas: a click made while the grid refreshes after another entry
        # must land on the widget the form reads, not on a replaced one.
        old, ids = self.rows, list(ideas["id"])
        self.rows = {i: old.get(i) or self._buttons() for i in ids}
        self.authors = dict(zip(ideas["id"], ideas["participant"], strict=True))
        if ids != list(old):
            self.lines = {
                i: self.lines.get(i) or self._line(t, self.rows[i])
                for t, i in zip(ideas["text"], ids, strict=True)
            }
            self.grid.children = list(self.lines.values())
        self.lock_own()

    def update(self, kinds: set[str]) -> None:
        """Append the new participants, and a row for each new idea (locked if it is the participant's
        own)."""
        if "participant" in kinds:
            self.grow_participants(self.participant)
        if "idea" in kinds:
            new = self.ideas().iloc[len(self.rows) :]
            for idea, text, author in zip(new["id"], new["text"], new["participant"], strict=True):
                self.rows[idea], self.authors[idea] = self._buttons(), author
                self.lines[idea] = self._line(text, self.rows[idea])
            self.grid.children = (*self.grid.children, *(self.lines[i] for i in new["id"]))
            self.lock_own(list(new["id"]))

    def _buttons(self) -> w.ToggleButtons:
        return w.ToggleButtons(
            options=[self.BLANK, "1", "2", "3", "4"], value=self.BLANK, style=self._shared["buttons"]
        )

    def _line(self, text: str, buttons: w.ToggleButtons) -> w.HBox:
        return w.HBox([w.Label(_short(text), layout=self._shared["label"]), buttons])

    def lock_own(self, ideas: list[str] | None = None) -> None:
        """Disable the buttons of the chosen participant's own ideas ("rösta inte på din egen idé").

        ``ideas`` limits it to those rows (new ones); all rows by default.
        """
        for idea in self.rows if ideas is None else ideas:
            buttons = self.rows[idea]
            own = self.authors.get(idea) == self.participant.value
            buttons.disabled = own
            buttons.tooltip = self.t("own_idea") if own else ""
            if own:
                buttons.value = self.BLANK

    def save(self) -> int:
        """Add one priority score per chosen button; return how many were saved."""
        chosen = {i: int(b.value) for i, b in self.rows.items() if b.value != self.BLANK}
        if not chosen:
            self.fail(self.t("no_scores"))
            return 0
        saved = 0
        for idea, score in chosen.items():
            fields = {
                "idea": idea,
                "participant": self.participant.value,
                "criterion": self.criterion.value,
                "score": score,
            }
            try:
                self.journal.add("priority_score", **fields)
            except CaptureError as err:
                self.fail(err, "priority_score", fields)
                break
            self.rows[idea].value, saved = self.BLANK, saved + 1
        if saved == len(chosen):
            self.ok(self.t("saved_scores", n=saved))
        if saved:
            self.changed()
        return saved


class DotVoting(Form):
    """Three dots (or N): a participant places a dot on an idea; at most one per idea."""

    title_key = "tab_dots"
    reads = ("participant", "idea", "dot")

    def __init__(self, journal: LabJournal, lang: str = "sv", *, live: LiveFrames | None = None) -> None:
        super().__init__(journal, lang, live=live)
        self.participant = self.participant_picker()
        self.picker = BuildOnPicker(self, allow_new=False, description="idea")
        self.criterion = w.Combobox(
            description=self.t("criterion"), options=list(CRITERIA), ensure_option=False, style=_STYLE
        )
        self.left = w.HTML()
        self.button = w.Button(description=self.t("place_dot"), button_style="primary", icon="circle")
        self.button.on_click(lambda _: self.save())
        self.participant.observe(lambda _: self.show_left(), names="value")
        self.widget = w.VBox(
            [self.participant, self.picker.dropdown, self.criterion, self.button, self.left, self.message]
        )
        self.show_left()

    def refresh(self) -> None:
        self.reload(self.participant, self.participants())
        self.picker.refresh()
        self.show_left()

    def update(self, kinds: set[str]) -> None:
        if "participant" in kinds:
            self.grow_participants(self.participant)
        if "idea" in kinds:
            self.picker.grow()
        if kinds & {"participant", "dot"}:
            self.show_left()

    def show_left(self) -> int:
        """Show (and return) how many dots the chosen participant has left."""
        who = self.participant.value
        dots = self.records("dot")
        left = int(self.setting("dots_per_participant")) - int((dots["participant"] == who).sum())
        self.left.value = render.escape_html(self.t("dots_left", who=who, n=left)) if who else ""
        return left

    def save(self) -> str | None:
        """Place the dot."""
        return self.add(
            "dot",
            idea=self.picker.value,
            participant=self.participant.value,
            criterion=self.criterion.value or None,
        )


class StatementVoting(Form):
    """Statements to agree or disagree with, and the participants' votes on them."""

    title_key = "tab_statements"
    reads = ("participant", "statement", "statement_approval")

    def __init__(self, journal: LabJournal, lang: str = "sv", *, live: LiveFrames | None = None) -> None:
        super().__init__(journal, lang, live=live)
        self.new = w.Text(description=self.t("new_statement"), layout=w.Layout(width="95%"), style=_STYLE)
        self.add_button = w.Button(description=self.t("add_statement"))
        self.add_button.on_click(lambda _: self.save_statement())
        self.participant = self.participant_picker()
        self.statement = w.Dropdown(
            description=self.t("statement"), style=_STYLE, layout=w.Layout(width="95%")
        )
        self.buttons = {
            1: w.Button(description=self.t("agree"), button_style="success"),
            -1: w.Button(description=self.t("disagree"), button_style="danger"),
            0: w.Button(description=self.t("pass")),
        }
        for vote, button in self.buttons.items():
            button.on_click(lambda _, v=vote: self.vote(v))
        self.widget = w.VBox(
            [
                w.HBox([self.new, self.add_button]),
                self.participant,
                self.statement,
                w.HBox(list(self.buttons.values())),
                self.message,
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        self.reload(self.participant, self.participants())
        self.reload(self.statement, self.statement_options())

    def update(self, kinds: set[str]) -> None:
        if "participant" in kinds:
            self.grow_participants(self.participant)
        if kinds & {"statement", "statement_approval"}:  # a new statement, or a proposal approved
            self.reload(self.statement, self.statement_options())

    def statement_options(self) -> list[tuple[str, str]]:
        """(text, id) of the workshop's live statements, without proposals that await approval."""
        statements = self.shown_statements()
        return [(_short(t), i) for t, i in zip(statements["text"], statements["id"], strict=True)]

    def save_statement(self) -> str | None:
        """Add the new statement."""
        record = self.add("statement", text=self.new.value)
        if record:
            self.new.value = ""
            self.statement.value = record
        return record

    def vote(self, value: int) -> str | None:
        """Record the chosen participant's vote (1 agree, −1 disagree, 0 pass) on the chosen statement."""
        return self.add(
            "statement_vote", statement=self.statement.value, participant=self.participant.value, vote=value
        )


class StakeholderEditor(Form):
    """Stakeholders on the power/interest grid; saving a known name again records its new position."""

    title_key = "tab_stakeholders"
    reads = ("stakeholder",)

    def __init__(self, journal: LabJournal, lang: str = "sv", *, live: LiveFrames | None = None) -> None:
        super().__init__(journal, lang, live=live)
        self.name = w.Combobox(description=self.t("stakeholder"), ensure_option=False, style=_STYLE)
        self.power = w.IntSlider(description=self.t("power"), value=3, min=1, max=5, style=_STYLE)
        self.interest = w.IntSlider(description=self.t("interest"), value=3, min=1, max=5, style=_STYLE)
        self.category = w.Text(description=self.t("category"), style=_STYLE)
        self.note = w.Text(description=self.t("note"), style=_STYLE)
        self.button = w.Button(description=self.t("save_stakeholder"), button_style="primary")
        self.button.on_click(lambda _: self.save())
        self.name.observe(lambda change: self.load(change["new"]), names="value")
        self.widget = w.VBox(
            [self.name, self.power, self.interest, self.category, self.note, self.button, self.message]
        )
        self.refresh()

    def latest(self) -> pd.DataFrame:
        """The latest entry per stakeholder name."""
        return self.records("stakeholder").drop_duplicates("name", keep="last")

    def refresh(self) -> None:
        self.name.options = self.latest()["name"].tolist()

    def load(self, name: str) -> None:
        """Show a known stakeholder's latest power, interest, category and note."""
        rows = self.latest()
        rows = rows[rows["name"] == name]
        if not rows.empty:
            row = rows.iloc[-1]
            self.power.value, self.interest.value = int(row["power"]), int(row["interest"])
            self.category.value = "" if pd.isna(row["category"]) else row["category"]
            self.note.value = "" if pd.isna(row["note"]) else row["note"]

    def save(self) -> str | None:
        """Record the stakeholder's position."""
        return self.add(
            "stakeholder",
            name=self.name.value,
            power=self.power.value,
            interest=self.interest.value,
            category=self.category.value or None,
            note=self.note.value or None,
        )


class ActivityForm(Form):
    """An activity and its step on Boverket's delaktighetstrappa."""

    title_key = "tab_activities"

    def __init__(self, journal: LabJournal, lang: str = "sv", *, live: LiveFrames | None = None) -> None:
        super().__init__(journal, lang, live=live)
        self.name = w.Text(description=self.t("activity"), style=_STYLE)
        self.level = w.Dropdown(
            description=self.t("level"),
            style=_STYLE,
            options=[(f"{n} {lvl}", lvl) for n, lvl in enumerate(LADDER, start=1)],
            value=LADDER[2],
        )
        self.date = w.Text(description=self.t("date"), value=dt.date.today().isoformat(), style=_STYLE)
        self.button = w.Button(description=self.t("save_activity"), button_style="primary")
        self.button.on_click(lambda _: self.save())
        self.widget = w.VBox([self.name, self.level, self.date, self.button, self.message])

    def save(self) -> str | None:
        """Record the activity."""
        return self.add(
            "activity", name=self.name.value, level=self.level.value, date=self.date.value or None
        )


#: Room between the columns of the tallies (html_table's tables carry no style of their own).
_TALLY_STYLE = (
    "<style>.labkit-tally th, .labkit-tally td {padding: 2px 12px 2px 0; text-align: left; "
    "vertical-align: top}</style>"
)


class LiveTally(Form):
    """Live tallies read from the journal: ideas per round, top scores, dots, votes, and the stakeholder
    grid."""

    title_key = "tab_tallies"
    reads = (
        "idea",
        "priority_score",
        "dot",
        "statement",
        "statement_vote",
        "statement_approval",
        "stakeholder",
    )
    #: Each tally and the record kinds it counts.
    TABLES: ClassVar[dict[str, tuple[str, ...]]] = {
        "ideas_per_round": ("idea",),
        "top_ideas": ("idea", "priority_score"),
        "dot_tally": ("idea", "dot"),
        "vote_tally": ("statement", "statement_vote", "statement_approval"),
    }
    #: Decimals of the columns shown with a fixed number of them (by label key).
    DECIMALS: ClassVar[dict[str, int]] = {"mean": 1}

    def __init__(self, journal: LabJournal, lang: str = "sv", *, live: LiveFrames | None = None) -> None:
        super().__init__(journal, lang, live=live)
        self.tables = w.HTML()
        self.chart_title = w.HTML(f"<h4>{render.escape_html(self.t('stakeholder_chart'))}</h4>")
        self.chart_note = w.HTML()
        self.chart = w.Image(format="png")
        self.button = w.Button(description=self.t("refresh"), icon="refresh")
        self.button.on_click(lambda _: self.recount())
        self.widget = w.VBox([self.button, self.tables, self.chart_title, self.chart_note, self.chart])
        self.frames: dict[str, pd.DataFrame] = {}
        self.parts: dict[str, str] = {}
        self.refresh()

    def refresh(self) -> None:
        """Recount everything from the journal and redraw."""
        self.frames = self.count()
        self.parts = {key: self._part(key, frame) for key, frame in self.frames.items()}
        self._show()
        self.show_chart()

    def show_chart(self) -> None:
        """Draw the stakeholder grid; with no stakeholder, hide the image and say so in one sentence."""
        png = self.draw()
        self.chart.value = png
        self.chart.layout.display = None if png else "none"
        self.chart_note.value = (
            "" if png else f"<p><i>{render.escape_html(self.t('no_stakeholders'))}</i></p>"
        )

    def update(self, kinds: set[str]) -> None:
        """Recount the tallies of the kinds with new records; redraw only the tables that changed."""
        changed = [key for key, counted in self.TABLES.items() if set(counted) & kinds]
        if changed:
            for key, frame in self.count(changed).items():
                if not frame.equals(self.frames[key]) or list(frame.columns) != list(
                    self.frames[key].columns
                ):
                    self.frames[key], self.parts[key] = frame, self._part(key, frame)
            self._show()
        if "stakeholder" in kinds:
            self.show_chart()

    def recount(self) -> None:
        """The refresh button: on a board, bring every form up to date with the journal; alone, recount."""
        if self.listeners:
            self.changed()
        else:
            self.refresh()

    def _part(self, key: str, frame: pd.DataFrame) -> str:
        if frame.empty:
            return ""
        shown = frame.copy()
        for column, decimals in self.DECIMALS.items():
            if self.t(column) in shown:
                shown[self.t(column)] = [
                    render.format_number(v, decimals, self.lang) for v in shown[self.t(column)]
                ]
        return f"<h4>{render.escape_html(self.t(key))}</h4>{render.html_table(shown, self.lang)}"

    def _show(self) -> None:
        tables = "".join(self.parts.values())
        self.tables.value = (
            f"{_TALLY_STYLE}<div class='labkit-tally'>{tables}</div>"
            if tables
            else f"<i>{render.escape_html(self.t('none'))}</i>"
        )

    def count(self, keys: list[str] | None = None) -> dict[str, pd.DataFrame]:
        """The tallies as tables (column names in the reader's language): those named in ``keys``, or all."""
        return {key: getattr(self, f"_{key}")() for key in self.TABLES if keys is None or key in keys}

    def _texts(self) -> dict[str, str]:
        ideas = self.records("idea")
        return dict(zip(ideas["id"], ideas["text"], strict=True))

    def _ideas_per_round(self) -> pd.DataFrame:
        ideas = self.records("idea")
        return (
            ideas.groupby("round").size().rename(self.t("count")).rename_axis(self.t("round")).reset_index()
        )

    def _top_ideas(self) -> pd.DataFrame:
        texts, scores = self._texts(), self.records("priority_score")
        latest = scores.drop_duplicates(["participant", "idea", "criterion"], keep="last")
        top = (
            latest.groupby("idea")["score"]
            .agg(["mean", "count"])
            .sort_values("mean", ascending=False)
            .head(5)
        )
        return pd.DataFrame(
            {
                self.t("idea"): [texts.get(i, i) for i in top.index],
                self.t("mean"): top["mean"].round(2),
                self.t("raters"): top["count"],
            }
        )

    def _dot_tally(self) -> pd.DataFrame:
        texts, dots = self._texts(), self.records("dot")
        return (
            dots["idea"]
            .map(texts)
            .value_counts()
            .rename(self.t("count"))
            .rename_axis(self.t("idea"))
            .reset_index()
        )

    def _vote_tally(self) -> pd.DataFrame:
        """Per statement (its text, in the order they were added): how many agree, disagree and pass (the
        latest vote of each participant counts); proposals that await approval are left out."""
        votes = self.records("statement_vote")
        if votes.empty:
            return pd.DataFrame()
        latest = votes.drop_duplicates(["participant", "statement"], keep="last")
        counts = pd.crosstab(latest["statement"], latest["vote"]).reindex(columns=[1, -1, 0], fill_value=0)
        statements = self.shown_statements()
        counts = counts.loc[
            [i for i in statements["id"] if i in counts.index]
        ]  # a struck statement is not shown
        if counts.empty:
            return pd.DataFrame()
        texts = dict(zip(statements["id"], statements["text"], strict=True))
        return pd.DataFrame(
            {
                self.t("statement"): [texts[i] for i in counts.index],
                self.t("agree"): counts[1].to_numpy(),
                self.t("disagree"): counts[-1].to_numpy(),
                self.t("pass"): counts[0].to_numpy(),
                self.t("votes"): counts.sum(axis=1).to_numpy(),
            }
        )

    def draw(self) -> bytes:
        """The stakeholder grid as PNG bytes (empty when there are no stakeholders)."""
        from matplotlib.figure import Figure  # no pyplot: the notebook's backend stays as it is

        latest = self.records("stakeholder").drop_duplicates("name", keep="last")
        if latest.empty:
            return b""
        fig = Figure(figsize=(5, 4))
        ax = fig.subplots()
        ax.scatter(latest["interest"], latest["power"])
        for name, x, y in zip(latest["name"], latest["interest"], latest["power"], strict=True):
            ax.annotate(_short(str(name), 25), (x, y), fontsize=8, xytext=(4, 4), textcoords="offset points")
        ax.axhline(2.5, color="#999999")
        ax.axvline(2.5, color="#999999")
        ax.set(xlim=(0.5, 5.5), ylim=(0.5, 5.5), xlabel=self.t("interest"), ylabel=self.t("power"))
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()


class WorkshopBoard:
    """All the workshop forms in tabs over one journal; a save in any form brings every form and tally up to
    date.

    The forms read one :class:`~labkit.capture.live.LiveFrames` of the workshop. After a save (or the
    tallies' refresh button) the board appends what was stored since it last looked, by anyone, and each
    form appends the new choices and rows and recounts what changed (:meth:`update`); a retraction or a
    changed setting reloads everything (:meth:`refresh`).
    """

    def __init__(
        self,
        journal: LabJournal,
        lang: str = "sv",
        areas: pd.DataFrame | None = None,
        criteria: tuple[str, ...] = CRITERIA,
        kommun: str | None = None,
    ) -> None:
        self.journal, self.lang = journal, check_lang(lang)
        self.live = live = LiveFrames(journal)
        self.people = ParticipantForm(journal, lang, areas, live=live)
        self.brainwriting = BrainwritingForm(journal, lang, live=live)
        self.yes_and = YesAndForm(journal, lang, live=live)
        self.priorities = PrioritisationGrid(journal, lang, criteria, live=live)
        self.dots = DotVoting(journal, lang, live=live)
        self.statements = StatementVoting(journal, lang, live=live)
        self.stakeholders = StakeholderEditor(journal, lang, live=live)
        self.activities = ActivityForm(journal, lang, live=live)
        self.tally = LiveTally(journal, lang, live=live)
        self.forms = (
            self.people,
            self.brainwriting,
            self.yes_and,
            self.priorities,
            self.dots,
            self.statements,
            self.stakeholders,
            self.activities,
            self.tally,
        )
        for form in self.forms:
            form.listeners.append(self.update)
        self.header = w.HTML(self.header_html(kommun))
        self.help = {
            f.title_key: w.HTML(f"<p>{render.escape_html(label('help_' + f.title_key, lang))}</p>")
            for f in self.forms
        }
        self.tabs = w.Tab(
            children=[w.VBox([self.help[f.title_key], f.widget]) for f in self.forms],
            titles=[label(f.title_key, lang) for f in self.forms],
        )
        self.widget = w.VBox([self.header, self.tabs])

    def header_html(self, kommun: str | None) -> str:
        """The line at the top: the municipality, the workshop id and the journal's file name (not its
        folder)."""
        values = {
            "workshop": render.escape_html(self.journal.workshop),
            "journal": render.escape_html(self.journal.path.name),
        }
        if kommun:
            return "<p>" + label("header", self.lang, kommun=render.escape_html(kommun), **values) + "</p>"
        return "<p>" + label("header_plain", self.lang, **values) + "</p>"

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        return self.widget._repr_mimebundle_(**kwargs)

    def refresh(self) -> None:
        """Read the journal whole again and reload every form's choices and every tally."""
        self.live.load()
        for form in self.forms:
            form.refresh()

    def update(self) -> None:
        """Append the records stored since the board last looked to every form and tally."""
        kinds = self.live.catch_up()
        if kinds is None:  # a retraction or a setting: read whole again
            for form in self.forms:
                form.refresh()
            return
        for form in self.forms:
            form.update(kinds)
