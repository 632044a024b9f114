"""The SKA analysis: params, inputs (journal or examples), the matrix per phase, goal histories and the dialogue."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from labkit.capture.journal import LabJournal, frame_of, journal_path
from labkit.capture.kinds.ska import ASPECTS, ASSESSMENTS, PHASES, SCALES, STAGES
from labkit.errors import CaptureError, ConfigError
from labkit.i18n import LANGUAGES

#: The record kinds the analysis reads.
KINDS = ("ska_cell", "ska_goal", "ska_goal_status", "ska_relation", "swot", "dialogue_question")

#: Where the records come from.
RECORD_SOURCES = ("auto", "journal", "examples")

#: A matrix assessment as a number for the heatmaps.
SCORE = {"-": -1, "0": 0, "+": 1}


@dataclass(frozen=True)
class Params:
    """Parameters of one SKA analysis: municipality, language, record source and journal path."""

    kommun_kod: str
    lang: str = "sv"
    records: str = "auto"
    journal: str = ""

    def __post_init__(self) -> None:
        for name, allowed in (("lang", LANGUAGES), ("records", RECORD_SOURCES)):
            if getattr(self, name) not in allowed:
                raise ConfigError(
                    "invalid value",
                    column=name,
                    expected="one of " + ", ".join(allowed),
                    found=repr(getattr(self, name)),
                )
        for name in ("kommun_kod", "journal"):
            if not isinstance(getattr(self, name), str):
                raise ConfigError(
                    "invalid value", column=name, expected="text", found=repr(getattr(self, name))
                )

    @classmethod
    def from_context(cls, ctx: Any) -> Params:
        """Build Params from a ``lab.open`` context."""
        given = {name: ctx.params[name] for name in ("records", "journal") if name in ctx.params}
        return cls(kommun_kod=ctx.kommun_kod, lang=ctx.lang, **given)


@dataclass(frozen=True)
class Inputs:
    """The SKA records: ``origin`` is "journal", "examples" or "none"; ``records`` maps kinds to tables."""

    kommun_kod: str
    origin: str
    journal_path: str
    records: dict[str, pd.DataFrame]


def load_inputs(dataset: object, params: Params) -> Inputs:
    """Read the SKA records from the journal (when it has SKA records, or when asked) or the examples.

    Raises
    ------
    CaptureError
        If ``records="journal"`` and there is no journal.
    """
    path = Path(params.journal) if params.journal else journal_path(params.kommun_kod)
    journal = LabJournal(path)
    if params.records == "journal" or (params.records == "auto" and any(journal.count(k) for k in KINDS)):
        if not journal.exists:
            raise CaptureError(
                "no lab journal",
                path=path,
                expected="a journal with SKA records",
                found="no file",
                hint="Use records='examples' or 'auto' to read the examples.",
            )
        return Inputs(params.kommun_kod, "journal", str(path), {k: journal.frame(k) for k in KINDS})
    examples = example_frames(params.kommun_kod)
    if examples is None:
        return Inputs(params.kommun_kod, "none", str(path), {k: frame_of(k, []) for k in KINDS})
    return Inputs(params.kommun_kod, "examples", str(path), examples)


def example_frames(kommun_kod: str) -> dict[str, pd.DataFrame] | None:
    """The invented example goals and their status per stage, shaped as journal tables (None if none)."""
    from labkit.data.bundled import example_municipalities, example_records

    if kommun_kod not in example_municipalities():
        return None
    goals = example_records(kommun_kod, "ska_goals")
    base = {"workshop_id": "exempel", "author": "exempel"}
    frames = {k: frame_of(k, []) for k in KINDS}
    first = goals.drop_duplicates("goal_id")
    frames["ska_goal"] = frame_of(
        "ska_goal",
        [
            {
                **base,
                "created": "2019-01-01T00:00:00+00:00",
                "id": r.goal_id,
                "goal": r.goal,
                "aspect": r.aspect,
                "scale": r.scale,
            }
            for r in first.itertuples()
        ],
    )
    frames["ska_goal_status"] = frame_of(
        "ska_goal_status",
        [
            {
                **base,
                "created": f"2019-01-{STAGES.index(r.stage) + 2:02d}T00:00:00+00:00",
                "id": f"S{n}",
                "goal": r.goal_id,
                "stage": r.stage,
                "status": r.status,
            }
            for n, r in enumerate(goals.itertuples(), 1)
        ],
    )
    frames.update(_dialogue_frames(kommun_kod, {**base, "created": "2019-01-01T00:00:00+00:00"}))
    return frames


def _dialogue_frames(kommun_kod: str, base: dict) -> dict[str, pd.DataFrame]:
    """The example matrix cells, goal relations, SWOT points and process-map questions as journal tables."""
    from labkit.data.bundled import example_records

    def rows(name: str) -> list:
        return list(enumerate(example_records(kommun_kod, name).itertuples(), start=1))

    def text(value: object) -> str | None:
        return None if pd.isna(value) else str(value)

    return {
        "ska_cell": frame_of(
            "ska_cell",
            [
                {
                    **base,
                    "id": f"M{n}",
                    "aspect": r.aspect,
                    "scale": r.scale,
                    "phase": r.phase,
                    "assessment": r.assessment,
                    "note": text(r.note),
                }
                for n, r in rows("ska_cells")
            ],
        ),
        "ska_relation": frame_of(
            "ska_relation",
            [
                {
                    **base,
                    "id": f"R{n}",
                    "goal": r.goal_id,
                    "relation": r.relation,
                    "other_goal": text(r.other_goal),
                    "requirement": text(r.requirement),
                    "description": text(r.description),
                }
                for n, r in rows("ska_relations")
            ],
        ),
        "swot": frame_of(
            "swot",
            [
                {
                    **base,
                    "id": f"W{n}",
                    "site": r.site,
                    "activity": r.activity,
                    "category": r.category,
                    "text": r.text,
                }
                for n, r in rows("swot")
            ],
        ),
        "dialogue_question": frame_of(
            "dialogue_question",
            [
                {
                    **base,
                    "id": f"Q{n}",
                    "question": r.question,
                    "stage": r.stage,
                    "owner": r.owner,
                    "open": bool(r.open),
                }
                for n, r in rows("dialogue_questions")
            ],
        ),
    }


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
    """Build the matrix, the goal table and histories, the relations and the dialogue tables (no disk access)."""
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
    return {
        phase: {
            aspect: {
                a: int(
                    (
                        (cells["phase"] == phase) & (cells["aspect"] == aspect) & (cells["assessment"] == a)
                    ).sum()
                )
                for a in ASSESSMENTS
            }
            for aspect in ASPECTS
        }
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
