"""Tables, heatmaps and the conflict network of the SKA report (Swedish by default)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from labkit import render
from labkit.i18n import text
from labkit.methods.ska.analysis import heatmap_data, relation_edges
from labkit.methods.ska.kinds import PHASES, SCALES, STAGES
from labkit.methods.ska.text import WORDS

if TYPE_CHECKING:
    from labkit.methods.ska.analysis import Result


def _w(result: Result, key: str, **values: object) -> str:
    return text(WORDS, key, result.params.lang, **values)


def _table(result: Result, frame: pd.DataFrame, keep: list[str], what: str):
    if frame.empty:
        return render.markdown(_w(result, "empty", what=_w(result, what)))
    return render.table(
        frame, lang=result.params.lang, columns={k: _w(result, k) if k in WORDS["sv"] else k for k in keep}
    )


def show_origin(result: Result) -> Markdown:
    """Where the records come from (example records are always said to be examples), and whose scales these
    are."""
    key = {"examples": "examples", "journal": "journal"}.get(result.origin, "none")
    scales = ", ".join(SCALES)
    return render.markdown(
        "> " + _w(result, key, kod=result.kommun_kod) + "\n\n" + _w(result, "scales_note", scales=scales)
    )


def show_matrix(result: Result, phase: str = "inventering"):
    """The matrix cells of one phase with their notes."""
    cells = result.cells[result.cells["phase"] == phase]
    return _table(result, cells, ["aspect", "scale", "assessment", "note"], "w_cells")


#: Colours of the assessments − / 0 / +: Okabe–Ito orange, light grey and sky blue (colour-blind safe, and
#: black marks stay legible on each). The report text names the same colours.
ASSESSMENT_COLOURS = {-1: "#E69F00", 0: "#DDDDDD", 1: "#56B4E9"}
MARKS = {-1: "−", 0: "0", 1: "+"}


def plot_heatmaps(result: Result, fig: Figure | None = None) -> Figure:
    """One heatmap per phase: aspects × scales, − orange / 0 grey / + blue with the mark in every cell, blank
    where not assessed, and a legend naming the colours."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    from labkit.terms import term, terms

    lang = result.params.lang
    fig = fig or plt.figure(figsize=(13, 4.6))
    axes = fig.subplots(1, len(PHASES), sharey=True)
    colours = ListedColormap([ASSESSMENT_COLOURS[k] for k in (-1, 0, 1)])
    for ax, phase in zip(axes, PHASES, strict=True):
        grid = heatmap_data(result.cells, phase)
        values = grid.to_numpy(dtype=float)
        ax.imshow(values, cmap=colours, vmin=-1.5, vmax=1.5)
        for i, j in zip(*(~pd.isna(values)).nonzero(), strict=True):
            ax.text(
                j,
                i,
                MARKS[int(values[i, j])],
                ha="center",
                va="center",
                color="black",
                fontsize=13,
                fontweight="bold",
            )
        ax.set_xticks(range(len(SCALES)), terms(SCALES, lang), rotation=30, ha="right")
        ax.set_yticks(range(len(grid.index)), terms(grid.index, lang))
        ax.set_xticks([x - 0.5 for x in range(1, len(SCALES))], minor=True)
        ax.set_yticks([y - 0.5 for y in range(1, len(grid.index))], minor=True)
        ax.grid(which="minor", color="white", linewidth=2)
        ax.tick_params(which="minor", length=0)
        ax.set_title(str(term(phase, lang)).capitalize())
    handles = [
        Patch(facecolor=ASSESSMENT_COLOURS[k], edgecolor="0.4", label=f"{MARKS[k]} {_w(result, key)}")
        for k, key in ((-1, "negative"), (0, "neutral"), (1, "positive"))
    ]
    handles.append(Patch(facecolor="white", edgecolor="0.4", label=_w(result, "unassessed")))
    fig.legend(handles=handles, loc="lower center", ncol=4, frameon=False)
    fig.supxlabel(_w(result, "scale_axis"), y=0.08)
    fig.tight_layout(rect=(0, 0.12, 1, 1))
    return fig


def show_goals(result: Result):
    """The social goals with their status at each plan stage."""
    return _table(result, result.goals, ["id", "goal", "aspect", "scale", "target_group", *STAGES], "w_goals")


def show_history(result: Result, goal: str | None = None):
    """Every status entry in the order written (one goal, or all)."""
    hist = result.history if goal is None else result.history[result.history["goal"] == goal]
    hist = hist.assign(created=hist["created"].dt.strftime("%Y-%m-%d %H:%M"))
    return _table(result, hist, ["goal", "stage", "status", "note", "created"], "w_goals")


def show_relations(result: Result):
    """Goal conflicts and win-win solutions."""
    return _table(
        result, result.relations, ["goal", "relation", "other_goal", "requirement", "description"], "w_rel"
    )


def plot_relations(result: Result, ax: Axes | None = None) -> Axes:
    """The network of goals and requirements: red edges are conflicts, green win-win solutions."""
    ax = ax or plt.subplots(figsize=(6, 6))[1]
    edges = relation_edges(result)
    nodes = list(dict.fromkeys([*result.goals["id"], *(o for _, o, _ in edges)]))
    pos = {
        n: (math.cos(2 * math.pi * k / max(len(nodes), 1)), math.sin(2 * math.pi * k / max(len(nodes), 1)))
        for k, n in enumerate(nodes)
    }
    for a, b, kind in edges:
        ax.plot(
            [pos[a][0], pos[b][0]],
            [pos[a][1], pos[b][1]],
            color="#b00020" if kind == "målkonflikt" else "#007a3d",
            linestyle="-" if kind == "målkonflikt" else "--",
            zorder=1,
        )
    for n, (x, y) in pos.items():
        ax.scatter([x], [y], s=300, color="#dde6f0", edgecolor="0.3", zorder=2)
        ax.text(x, y, n, ha="center", va="center", fontsize="small", zorder=3)
    if not edges:
        ax.text(0, 0, _w(result, "empty", what=_w(result, "w_rel")), ha="center")
    ax.set_axis_off()
    return ax


def show_swot(result: Result):
    """The SWOT of site × activity."""
    return _table(result, result.swot, ["site", "activity", "category", "text"], "w_swot")


def show_process_map(result: Result):
    """Each dialogue question routed to a plan stage and an owner."""
    return _table(result, result.questions, ["question", "stage", "owner", "open"], "w_q")


def show_open_issues(result: Result):
    """The open questions that carry into the next planning step."""
    q = result.questions.drop_duplicates("question", keep="last")
    return _table(result, q[q["open"].fillna(True).astype(bool)], ["question", "stage", "owner"], "w_open")


def show_carry(result: Result):
    """The goals that must carry into the development agreement (exploateringsavtal)."""
    return _table(result, result.carry, ["id", "goal", "aspect", "scale", "latest"], "w_carry")
