"""Prototyping forms in ipywidgets: prototypes, test cards, the test log and learning cards, via the journal.

As in :mod:`labkit.methods.cocreation.widgets`, every entry is written through ``LabJournal.add`` before
anything shows, and the choices (prototypes, test cards) are read back from the journal. Drive a form from
Python by setting ``.value`` on its widgets and calling ``.click()`` on its buttons.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from labkit.capture.journal import LabJournal
from labkit.i18n import check_lang
from labkit.methods.cocreation.widgets import Form
from labkit.methods.prototyping.kinds import DECISIONS

_STYLE = {"description_width": "initial"}

#: Labels of the prototyping forms.
LABELS = {
    "sv": {
        "title": "Prototyp",
        "idea": "Från idé",
        "target_group": "Målgrupp",
        "description": "Beskrivning",
        "prototype": "Prototyp",
        "hypothesis": "Hypotes",
        "test": "Test",
        "metric": "Mått",
        "criterion": "Kriterium",
        "threshold": "Andel som krävs (0–1)",
        "deadline": "Deadline",
        "test_card": "Testkort",
        "date": "Datum",
        "who": "Vilka deltog",
        "n": "Antal (n)",
        "successes": "Lyckade (antal)",
        "criterion_met": "Kriteriet nått",
        "outcome": "Utfall",
        "observation": "Observation",
        "learning": "Lärdom",
        "decision": "Beslut",
        "none": "(ingen)",
        "save_prototype": "Lägg till prototyp",
        "save_card": "Spara testkort",
        "save_log": "Spara test",
        "save_learning": "Spara lärandekort",
        "tab_prototypes": "Prototyper",
        "tab_cards": "Testkort",
        "tab_log": "Testlogg",
        "tab_learning": "Lärandekort",
        "hypothesis_start": "Vi tror att ",
    },
    "en": {
        "title": "Prototype",
        "idea": "From idea",
        "target_group": "Target group",
        "description": "Description",
        "prototype": "Prototype",
        "hypothesis": "Hypothesis",
        "test": "Test",
        "metric": "Metric",
        "criterion": "Criterion",
        "threshold": "Rate required (0–1)",
        "deadline": "Deadline",
        "test_card": "Test card",
        "date": "Date",
        "who": "Who took part",
        "n": "Number (n)",
        "successes": "Successes (number)",
        "criterion_met": "Criterion met",
        "outcome": "Outcome",
        "observation": "Observation",
        "learning": "Learning",
        "decision": "Decision",
        "none": "(none)",
        "save_prototype": "Add prototype",
        "save_card": "Save test card",
        "save_log": "Save test",
        "save_learning": "Save learning card",
        "tab_prototypes": "Prototypes",
        "tab_cards": "Test cards",
        "tab_log": "Test log",
        "tab_learning": "Learning cards",
        "hypothesis_start": "Vi tror att ",
    },
}


class _Form(Form):
    """A form with the prototyping labels (the journal's messages come from the shared labels)."""

    def label(self, key: str) -> str:
        """This form's own label ``key``."""
        return LABELS[self.lang][key]

    def prototypes(self) -> list[tuple[str, str]]:
        """(title, id) of every live prototype in the journal."""
        frame = self.journal.frame("prototype")
        return [(f"{t} [{i}]", i) for t, i in zip(frame["title"], frame["id"], strict=True)]

    def reload_prototypes(self, picker: w.Dropdown) -> None:
        """Reload the prototypes into ``picker``, choosing the first when nothing is chosen."""
        options = self.prototypes()
        self.reload(picker, options)
        if picker.value is None and options:
            picker.value = options[0][1]

    def text(self, key: str, area: bool = False) -> w.Widget:
        """A text (or text area) widget labelled ``key``."""
        kind = w.Textarea if area else w.Text
        return kind(description=self.label(key), style=_STYLE, layout=w.Layout(width="95%"))

    def button(self, key: str, action: object) -> w.Button:
        """A primary button labelled ``key`` that runs ``action``."""
        button = w.Button(description=self.label(key), button_style="primary")
        button.on_click(lambda _: action())
        return button


class PrototypeForm(_Form):
    """Add a prototype to the register, seeded from a top-ranked idea, for a target group."""

    def __init__(
        self,
        journal: LabJournal,
        lang: str = "sv",
        ideas: list[tuple[str, str]] | None = None,
        target_groups: tuple[str, ...] = (),
    ) -> None:
        super().__init__(journal, check_lang(lang))
        self.idea = w.Dropdown(
            description=self.label("idea"),
            options=[(self.label("none"), None), *(ideas or [])],
            style=_STYLE,
            layout=w.Layout(width="95%"),
        )
        self.title = self.text("title")
        self.idea.observe(lambda change: self._seed(change["new"]), names="value")
        self.target_group = w.Combobox(
            description=self.label("target_group"),
            options=list(target_groups),
            ensure_option=False,
            style=_STYLE,
            layout=w.Layout(width="95%"),
        )
        self.description = self.text("description", area=True)
        self.save_button = self.button("save_prototype", self.save)
        self.widget = w.VBox(
            [self.idea, self.title, self.target_group, self.description, self.save_button, self.message]
        )

    def _seed(self, idea: str | None) -> None:
        names = {value: name for name, value in self.idea.options}
        if idea and not self.title.value:
            self.title.value = names[idea]

    def save(self) -> str | None:
        """Add the prototype; clear the form after a success."""
        record = self.add(
            "prototype",
            title=self.title.value,
            idea=self.idea.value,
            target_group=self.target_group.value or None,
            description=self.description.value or None,
        )
        if record:
            self.title.value, self.description.value = "", ""
        return record


class TestCardForm(_Form):
    """A test card: the hypothesis "Vi tror att …", the test, metric, criterion, deadline and target group."""

    __test__ = False  # not a pytest class

    def __init__(self, journal: LabJournal, lang: str = "sv", target_groups: tuple[str, ...] = ()) -> None:
        super().__init__(journal, check_lang(lang))
        self.prototype = w.Dropdown(description=self.label("prototype"), style=_STYLE)
        self.hypothesis = self.text("hypothesis", area=True)
        self.hypothesis.value = self.label("hypothesis_start")
        self.test, self.metric, self.criterion = (
            self.text("test"),
            self.text("metric"),
            self.text("criterion"),
        )
        self.threshold = w.BoundedFloatText(
            description=self.label("threshold"), min=0, max=1, step=0.05, value=0.5, style=_STYLE
        )
        self.deadline = w.DatePicker(description=self.label("deadline"), style=_STYLE)
        self.target_group = w.Combobox(
            description=self.label("target_group"),
            options=list(target_groups),
            ensure_option=False,
            style=_STYLE,
            layout=w.Layout(width="95%"),
        )
        self.save_button = self.button("save_card", self.save)
        self.widget = w.VBox(
            [
                self.prototype,
                self.hypothesis,
                self.test,
                self.metric,
                self.criterion,
                self.threshold,
                self.deadline,
                self.target_group,
                self.save_button,
                self.message,
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        self.reload_prototypes(self.prototype)

    def save(self) -> str | None:
        """Add the test card."""
        deadline = self.deadline.value.isoformat() if self.deadline.value else None
        return self.add(
            "test_card",
            prototype=self.prototype.value,
            hypothesis=self.hypothesis.value,
            test=self.test.value,
            metric=self.metric.value,
            criterion=self.criterion.value,
            threshold=self.threshold.value,
            deadline=deadline,
            target_group=self.target_group.value or None,
        )


class TestLogForm(_Form):
    """One test in the log: the date, who took part, n, counted successes, criterion met and the outcome."""

    __test__ = False  # not a pytest class

    def __init__(self, journal: LabJournal, lang: str = "sv") -> None:
        super().__init__(journal, check_lang(lang))
        self.prototype = w.Dropdown(description=self.label("prototype"), style=_STYLE)
        self.date = w.DatePicker(description=self.label("date"), value=dt.date.today(), style=_STYLE)
        self.who = self.text("who")
        self.n = w.BoundedIntText(description=self.label("n"), min=0, max=100000, value=0, style=_STYLE)
        self.successes = w.Text(description=self.label("successes"), style=_STYLE)
        self.criterion_met = w.Dropdown(
            description=self.label("criterion_met"),
            options=[(self.label("none"), None), ("ja", True), ("nej", False)],
            style=_STYLE,
        )
        self.outcome = self.text("outcome", area=True)
        self.save_button = self.button("save_log", self.save)
        self.widget = w.VBox(
            [
                self.prototype,
                self.date,
                self.who,
                self.n,
                self.successes,
                self.criterion_met,
                self.outcome,
                self.save_button,
                self.message,
            ]
        )
        self.refresh()

    def refresh(self) -> None:
        self.reload_prototypes(self.prototype)

    def save(self) -> str | None:
        """Add the test to the log; clear the counts after a success."""
        record = self.add(
            "test_log",
            prototype=self.prototype.value,
            date=self.date.value.isoformat() if self.date.value else None,
            who=self.who.value or None,
            n=self.n.value,
            successes=self.successes.value or None,
            criterion_met=self.criterion_met.value,
            outcome=self.outcome.value or None,
        )
        if record:
            self.successes.value, self.outcome.value = "", ""
        return record


class LearningCardForm(_Form):
    """A learning card: observation, learning and the team's decision."""

    def __init__(self, journal: LabJournal, lang: str = "sv") -> None:
        super().__init__(journal, check_lang(lang))
        self.prototype = w.Dropdown(description=self.label("prototype"), style=_STYLE)
        self.observation, self.learning = (
            self.text("observation", area=True),
            self.text("learning", area=True),
        )
        self.decision = w.ToggleButtons(options=list(DECISIONS), value=DECISIONS[1])
        self.save_button = self.button("save_learning", self.save)
        self.widget = w.VBox(
            [self.prototype, self.observation, self.learning, self.decision, self.save_button, self.message]
        )
        self.refresh()

    def refresh(self) -> None:
        self.reload_prototypes(self.prototype)

    def save(self) -> str | None:
        """Add the learning card; clear the texts after a success."""
        record = self.add(
            "learning_card",
            prototype=self.prototype.value,
            observation=self.observation.value,
            learning=self.learning.value,
            decision=self.decision.value,
        )
        if record:
            self.observation.value, self.learning.value = "", ""
        return record


class PrototypingBoard:
    """The four prototyping forms as tabs; a save in one refreshes the choices of the others."""

    def __init__(self, journal: LabJournal, lang: str = "sv", inputs: object | None = None) -> None:
        ideas = (
            []
            if inputs is None
            else [
                (str(t)[:60], str(i))
                for t, i in zip(inputs.ranking["text"], inputs.ranking["idea"], strict=True)
            ]
        )
        groups = () if inputs is None else inputs.target_groups
        self.prototype = PrototypeForm(journal, lang, ideas, groups)
        self.card, self.log = TestCardForm(journal, lang, groups), TestLogForm(journal, lang)
        self.learning = LearningCardForm(journal, lang)
        forms = (self.prototype, self.card, self.log, self.learning)
        for form in forms:
            form.listeners.append(self.refresh)
        self.widget = w.Tab(children=[f.widget for f in forms])
        for n, key in enumerate(("tab_prototypes", "tab_cards", "tab_log", "tab_learning")):
            self.widget.set_title(n, LABELS[check_lang(lang)][key])

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        return self.widget._repr_mimebundle_(**kwargs)

    def refresh(self) -> None:
        """Reload every form's choices from the journal."""
        for form in (self.card, self.log, self.learning):
            form.refresh()
