"""The invented co-creation example records (data/examples/<kommun_kod>), shaped as lab-journal tables.

The examples of every method are generated together (``labkit.data.example_records``, one random stream per
municipality) and read with ``labkit.data.bundled.example_records``; this module is the co-creation method's
one entry to them.
"""

from __future__ import annotations

import pandas as pd

from labkit.capture.journal import frame_of
from labkit.methods.cocreation.kinds import READS as KINDS

#: Workshop id given to the invented example records.
EXAMPLE_WORKSHOP = "exempel"
#: The examples score each idea once, without a criterion; this is the criterion they get.
EXAMPLE_CRITERION = "samlad bedömning"
#: Example roles renamed to the journal's roles.
ROLE_ALIASES = {"byggaktör": "exploatör"}


def example_frames(kommun_kod: str) -> dict[str, pd.DataFrame] | None:
    """The invented example records of a municipality shaped as journal tables, or None if it has none."""
    from labkit.data.bundled import example_municipalities, example_records

    if kommun_kod not in example_municipalities():
        return None
    base = {"workshop_id": EXAMPLE_WORKSHOP, "author": "exempel", "created": "2019-03-19T00:00:00+00:00"}
    people = example_records(kommun_kod, "participants")
    ideas = example_records(kommun_kod, "ideas")
    votes = example_records(kommun_kod, "votes")
    frames = {kind: frame_of(kind, []) for kind in KINDS}
    frames["participant"] = frame_of(
        "participant",
        [
            {
                **base,
                "id": r.participant_id,
                "pseudonym": r.participant_id,
                "role": ROLE_ALIASES.get(r.role, r.role),
                "age_band": _text(r.age_band),
                "gender": _text(r.sex),
                "home_area": _text(r.area_code),
            }
            for r in people.itertuples()
        ],
    )
    frames["idea"] = frame_of(
        "idea",
        [
            {
                **base,
                "id": r.idea_id,
                "text": r.text,
                "round": int(r.round),
                "participant": r.author_id,
                "builds_on": _text(r.builds_on),
            }
            for r in ideas.itertuples()
        ],
    )
    frames["priority_score"] = frame_of(
        "priority_score",
        [
            {
                **base,
                "id": f"S{n}",
                "idea": r.idea_id,
                "participant": r.participant_id,
                "criterion": EXAMPLE_CRITERION,
                "score": int(r.score),
            }
            for n, r in enumerate(votes.itertuples(), start=1)
        ],
    )
    frames.update(_more_example_frames(kommun_kod, base))
    return frames


def _more_example_frames(kommun_kod: str, base: dict) -> dict[str, pd.DataFrame]:
    """Activities, "ja, och" additions, dots, statements, statement votes and stakeholders of the examples."""
    from labkit.data.bundled import example_records

    def table(name: str) -> list:
        return list(example_records(kommun_kod, name).itertuples())

    return {
        "activity": frame_of(
            "activity",
            [
                {
                    **base,
                    "id": r.activity_id,
                    "name": r.name,
                    "level": r.level,
                    "date": r.date,
                    "description": _text(r.description),
                }
                for r in table("activities")
            ],
        ),
        "yes_and": frame_of(
            "yes_and",
            [
                {
                    **base,
                    "id": r.addition_id,
                    "idea": r.idea_id,
                    "text": r.text,
                    "participant": r.participant_id,
                }
                for r in table("yes_and")
            ],
        ),
        "dot": frame_of(
            "dot",
            [
                {**base, "id": f"D{n}", "idea": r.idea_id, "participant": r.participant_id}
                for n, r in enumerate(table("dots"), start=1)
            ],
        ),
        "statement": frame_of(
            "statement",
            [
                {**base, "id": r.statement_id, "text": r.text, "participant": _text(r.author_id)}
                for r in table("statements")
            ],
        ),
        "statement_vote": frame_of(
            "statement_vote",
            [
                {
                    **base,
                    "id": f"V{n}",
                    "statement": r.statement_id,
                    "participant": r.participant_id,
                    "vote": int(r.vote),
                }
                for n, r in enumerate(table("statement_votes"), start=1)
            ],
        ),
        "stakeholder": frame_of(
            "stakeholder",
            [
                {
                    **base,
                    "id": f"K{n}",
                    "name": r.name,
                    "power": int(r.power),
                    "interest": int(r.interest),
                    "category": _text(r.category),
                    "note": _text(r.note),
                }
                for n, r in enumerate(table("stakeholders"), 1)
            ],
        ),
    }


def _text(value: object) -> str | None:
    return None if pd.isna(value) else str(value)
