"""The SKA's example records: the invented goals, statuses, matrix cells, relations, SWOT and questions of
the bundled example municipalities, shaped as journal tables."""

from __future__ import annotations

import pandas as pd

from labkit.capture.journal import frame_of
from labkit.methods.ska.kinds import KINDS as RECORD_KINDS
from labkit.methods.ska.kinds import STAGES

#: The record kinds the analysis reads, by name.
KINDS = tuple(kind.name for kind in RECORD_KINDS)


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
