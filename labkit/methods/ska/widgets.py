"""SKA forms in ipywidgets: the digital matrix mat, social goals and their status per plan stage, and the
workshop view (the forms with a live heatmap of the matrix) that ``labkit workshop ska`` serves.

As in :mod:`labkit.methods.cocreation.widgets`, every entry is written through ``LabJournal.add``
before anything shows. Drive a form from Python by setting ``.value`` on its widgets and calling ``.click()``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as w

from labkit.capture.journal import LabJournal, journal_path
from labkit.i18n import check_lang
from labkit.methods.cocreation.widgets import Form
from labkit.methods.ska.analysis import heatmap_data, latest_cells
from labkit.methods.ska.kinds import ASPECTS, ASSESSMENTS, PHASES, SCALES, STAGES, STATUSES

if TYPE_CHECKING:
    import pandas as pd

    from labkit.methods.ska.params import Params

_STYLE = {"description_width": "initial"}

#: Labels of the SKA forms.
LABELS = {
    "sv": {
        "phase": "Fas",
        "note": "Anteckning",
        "save_cell": "Spara ruta",
        "goal": "Mål",
        "aspect": "Aspekt",
        "scale": "Skala",
        "target_group": "Målgrupp",
        "save_goal": "Spara mål",
        "stage": "Skede",
        "status": "Status",
        "save_status": "Spara status",
        "tab_matrix": "Matrismattan",
        "tab_goals": "Sociala mål",
        "tab_status": "Målstatus",
    },
    "en": {
        "phase": "Phase",
        "note": "Note",
        "save_cell": "Save cell",
        "goal": "Goal",
        "aspect": "Aspect",
        "scale": "Scale",
        "target_group": "Target group",
        "save_goal": "Save goal",
        "stage": "Stage",
        "status": "Status",
        "save_status": "Save status",
        "tab_matrix": "Matrix mat",
        "tab_goals": "Social goals",
        "tab_status": "Goal status",
    },
}


class MatrixMat(Form):
    """The matrix mat: pick a phase, click a cell's −/0/+ and add a note; each save is one journal record."""

    def __init__(self, journal: LabJournal, lang: str = "sv") -> None:
        super().__init__(journal, check_lang(lang))
        words = LABELS[self.lang]
        self.phase = w.ToggleButtons(options=list(PHASES), value=PHASES[0], description=words["phase"])
        self.note = w.Text(description=words["note"], style=_STYLE, layout=w.Layout(width="95%"))
        self.cells = {
            (a, s): w.ToggleButtons(options=list(ASSESSMENTS), value=None, style={"button_width": "30px"})
            for a in ASPECTS
            for s in SCALES
        }
        self.buttons = {
            key: w.Button(description=words["save_cell"], layout=w.Layout(width="90px")) for key in self.cells
        }
        for key, button in self.buttons.items():
            button.on_click(lambda _, k=key: self.save(*k))
        rows = [
            w.HBox(
                [w.Label("", layout=w.Layout(width="150px"))]
                + [w.Label(s, layout=w.Layout(width="190px")) for s in SCALES]
            )
        ]
        rows += [
            w.HBox(
                [w.Label(a, layout=w.Layout(width="150px"))]
                + [w.HBox([self.cells[(a, s)], self.buttons[(a, s)]]) for s in SCALES]
            )
            for a in ASPECTS
        ]
        self.widget = w.VBox([self.phase, self.note, *rows, self.message])

    def save(self, aspect: str, scale: str) -> str | None:
        """Store the chosen assessment of one cell in the current phase, with the note."""
        record = self.add(
            "ska_cell",
            aspect=aspect,
            scale=scale,
            phase=self.phase.value,
            assessment=self.cells[(aspect, scale)].value,
            note=self.note.value or None,
        )
        if record:
            self.note.value = ""
        return record


class GoalForm(Form):
    """A social goal with its aspect, scale and target group."""

    def __init__(self, journal: LabJournal, lang: str = "sv", target_groups: tuple[str, ...] = ()) -> None:
        super().__init__(journal, check_lang(lang))
        words = LABELS[self.lang]
        self.goal = w.Text(description=words["goal"], style=_STYLE, layout=w.Layout(width="95%"))
        self.aspect = w.Dropdown(description=words["aspect"], options=list(ASPECTS), style=_STYLE)
        self.scale = w.Dropdown(description=words["scale"], options=list(SCALES), style=_STYLE)
        self.target_group = w.Combobox(
            description=words["target_group"], options=list(target_groups), ensure_option=False, style=_STYLE
        )
        self.save_button = w.Button(description=words["save_goal"], button_style="primary")
        self.save_button.on_click(lambda _: self.save())
        self.widget = w.VBox(
            [self.goal, self.aspect, self.scale, self.target_group, self.save_button, self.message]
        )

    def save(self) -> str | None:
        """Add the goal; clear the text after a success."""
        record = self.add(
            "ska_goal",
            goal=self.goal.value,
            aspect=self.aspect.value,
            scale=self.scale.value,
            target_group=self.target_group.value or None,
        )
        if record:
            self.goal.value = ""
        return record


class GoalStatusForm(Form):
    """The status of a goal at a plan stage (the latest entry per goal and stage counts)."""

    def __init__(self, journal: LabJournal, lang: str = "sv") -> None:
        super().__init__(journal, check_lang(lang))
        words = LABELS[self.lang]
        self.goal = w.Dropdown(description=words["goal"], style=_STYLE, layout=w.Layout(width="95%"))
        self.stage = w.Dropdown(description=words["stage"], options=list(STAGES), style=_STYLE)
        self.status = w.ToggleButtons(options=list(STATUSES), value=STATUSES[-1])
        self.note = w.Text(description=words["note"], style=_STYLE, layout=w.Layout(width="95%"))
        self.save_button = w.Button(description=words["save_status"], button_style="primary")
        self.save_button.on_click(lambda _: self.save())
        self.widget = w.VBox([self.goal, self.stage, self.status, self.note, self.save_button, self.message])
        self.refresh()

    def refresh(self) -> None:
        goals = self.journal.frame("ska_goal")
        options = [(f"{g[:60]} [{i}]", i) for g, i in zip(goals["goal"], goals["id"], strict=True)]
        self.reload(self.goal, options)
        if self.goal.value is None and options:
            self.goal.value = options[0][1]

    def save(self) -> str | None:
        """Add the status entry."""
        return self.add(
            "ska_goal_status",
            goal=self.goal.value,
            stage=self.stage.value,
            status=self.status.value,
            note=self.note.value or None,
        )


class SkaBoard:
    """The matrix mat, the goal form and the status form as tabs."""

    def __init__(self, journal: LabJournal, lang: str = "sv") -> None:
        self.matrix, self.goals, self.status = (
            MatrixMat(journal, lang),
            GoalForm(journal, lang),
            GoalStatusForm(journal, lang),
        )
        self.goals.listeners.append(self.status.refresh)
        self.widget = w.Tab(children=[self.matrix.widget, self.goals.widget, self.status.widget])
        for n, key in enumerate(("tab_matrix", "tab_goals", "tab_status")):
            self.widget.set_title(n, LABELS[check_lang(lang)][key])

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        return self.widget._repr_mimebundle_(**kwargs)


def workshop(ctx: object, params: Params) -> SkaBoard:
    """The digital matrix mat and the goal-status form on the journal the analysis reads."""
    journal = LabJournal(Path(params.journal) if params.journal else journal_path(params.kommun_kod))
    return SkaBoard(journal, lang=params.lang)


#: Heatmap colours of the SKA assessments (red −, grey 0, green +) and the heading of the live heatmap.
SKA_COLOURS = {-1.0: "#f4a6a6", 0.0: "#dddddd", 1.0: "#8fd19e"}
HEATMAP_TITLE = {
    "sv": "Värmekarta (senaste bedömning per ruta)",
    "en": "Heatmap (latest assessment per cell)",
}


def heatmap_html(cells: pd.DataFrame, phase: str) -> str:
    """One phase of the SKA matrix as an HTML heatmap: aspects × scales, −/0/+ on red/grey/green, blank if
    unset."""
    from html import escape

    grid = heatmap_data(cells, phase)
    head = "".join(f"<th>{escape(str(scale))}</th>" for scale in grid.columns)
    rows = "".join(
        f"<tr><th>{escape(str(aspect))}</th>" + "".join(_heat_cell(v) for v in grid.loc[aspect]) + "</tr>"
        for aspect in grid.index
    )
    return (
        f"<table class='labkit-heatmap' data-phase='{escape(phase)}'><caption>{escape(phase)}</caption>"
        f"<tr><th></th>{head}</tr>{rows}</table>"
    )


def _heat_cell(value: float) -> str:
    if math.isnan(value):  # not assessed
        return "<td style='min-width:3em'></td>"
    symbol = {-1.0: "−", 0.0: "0", 1.0: "+"}[float(value)]
    return f"<td style='min-width:3em;text-align:center;background:{SKA_COLOURS[float(value)]}'>{symbol}</td>"


def live_board(board: SkaBoard) -> w.VBox:
    """The SKA board with a live heatmap of its journal's matrix cells, redrawn after every saved cell."""
    matrix = board.matrix
    chart = w.HTML()

    def draw() -> None:
        cells = latest_cells(matrix.journal.frame("ska_cell"))
        chart.value = (
            "<div style='display:flex;gap:2em'>"
            + "".join(heatmap_html(cells, phase) for phase in PHASES)
            + "</div>"
        )

    matrix.listeners.append(draw)
    draw()
    return w.VBox([board.widget, w.HTML(f"<h3>{HEATMAP_TITLE[matrix.lang]}</h3>"), chart])


def workshop_view(ctx: object, params: Params) -> w.VBox:
    """What ``labkit workshop ska`` serves: the board with the live heatmap (named in the registry)."""
    return live_board(workshop(ctx, params))
