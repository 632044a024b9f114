"""The SKA analysis: the matrix per phase, goal histories, relations and the land-use dialogue (no disk
access)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from labkit.methods.ska.inputs import Inputs
from labkit.methods.ska.kinds import ASPECTS, ASSESSMENTS, PHASES, SCALES, STAGES
from labkit.methods.ska.params import Params

#: A matrix assessment as a number for the heatmaps.
SCORE = {"-": -1, "0": 0, "+": 1}


@dataclass(frozen=True)
class Result:
    """What the SKA report shows.

    ``cells``: the latest assessment per aspect, scale and phase (with notes). ``goals``: one row per goal
    with its status per stage (the latest per stage). ``history``: every status entry in the order written.
    ``relations``: goal conflicts and win-win solutions. ``carry``: goals for the exploateringsavtal.
    """

    params: Params
    kommun_kod: str
    origin: str
    cells: pd.DataFrame
    goals: pd.DataFrame
    history: pd.DataFrame
    relations: pd.DataFrame
    carry: pd.DataFrame
    swot: pd.DataFrame
    questions: pd.DataFrame


def analyse(inputs: Inputs, params: Params) -> Result:
    """Build the matrix, the goal table and histories, the relations and the dialogue tables (no disk
    access)."""
    rec = inputs.records
    goals = goal_table(rec["ska_goal"], rec["ska_goal_status"])
    history = rec["ska_goal_status"][["goal", "stage", "status", "created", "note"]].reset_index(drop=True)
    return Result(
        params,
        inputs.kommun_kod,
        inputs.origin,
        latest_cells(rec["ska_cell"]),
        goals,
        history,
        rec["ska_relation"],
        carry_forward(goals),
        rec["swot"],
        rec["dialogue_question"],
    )


def latest_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """The latest assessment and note of each aspect × scale × phase cell."""
    keep = ["aspect", "scale", "phase", "assessment", "note"]
    return cells.drop_duplicates(["aspect", "scale", "phase"], keep="last")[keep].reset_index(drop=True)


def heatmap_data(cells: pd.DataFrame, phase: str) -> pd.DataFrame:
    """The matrix of one phase as numbers (−1, 0, +1; NaN where empty): aspects × scales."""
    rows = cells[cells["phase"] == phase]
    grid = pd.DataFrame(float("nan"), index=list(ASPECTS), columns=list(SCALES))
    for r in rows.itertuples():
        grid.loc[r.aspect, r.scale] = SCORE[r.assessment]
    return grid


def matrix_summary(cells: pd.DataFrame) -> dict:
    """Counts of −, 0 and + per phase and aspect: ``{phase: {aspect: {"-": n, "0": n, "+": n}}}``."""
    counts = Counter(zip(cells["phase"], cells["aspect"], cells["assessment"], strict=True))
    return {
        phase: {aspect: {a: counts[(phase, aspect, a)] for a in ASSESSMENTS} for aspect in ASPECTS}
        for phase in PHASES
    }


def goal_table(goals: pd.DataFrame, statuses: pd.DataFrame) -> pd.DataFrame:
    """One row per goal: id, goal, aspect, scale, target group and the latest status at each stage."""
    latest = statuses.drop_duplicates(["goal", "stage"], keep="last")
    wide = (
        latest.pivot(index="goal", columns="stage", values="status") if not latest.empty else pd.DataFrame()
    )
    table = goals[["id", "goal", "aspect", "scale", "target_group"]].reset_index(drop=True)
    for stage in STAGES:
        table[stage] = [
            wide.at[g, stage] if stage in wide and g in wide.index and pd.notna(wide.at[g, stage]) else None
            for g in table["id"]
        ]
    table["latest"] = [_latest(row) for row in table[list(STAGES)].itertuples(index=False)]
    return table


def _latest(row: tuple) -> str | None:
    given = [s for s in row if s is not None]
    return given[-1] if given else None


def carry_forward(goals: pd.DataFrame) -> pd.DataFrame:
    """Goals that must carry into the exploateringsavtal: their latest status is not "uppfyllt"."""
    return goals[goals["latest"] != "uppfyllt"][["id", "goal", "aspect", "scale", "latest"]].reset_index(
        drop=True
    )


def relation_edges(result: Result) -> list[tuple[str, str, str]]:
    """(goal, other goal or requirement, relation) for the network of conflicts and win-win solutions."""
    rel = result.relations
    return [
        (g, o if isinstance(o, str) and o not in ("None", "nan") else f"krav: {q}", r)
        for g, o, q, r in zip(
            rel["goal"], rel["other_goal"], rel["requirement"], rel["relation"], strict=True
        )
    ]
