"""The invented prototyping example records (data/examples/<kommun_kod>), shaped as lab-journal tables.

The examples of every method are generated together (``labkit.data.example_records``, one random stream per
municipality) and read with ``labkit.data.bundled.example_records``; this module is the prototyping method's
one entry to them.
"""

from __future__ import annotations

import pandas as pd

from labkit.capture.journal import frame_of
from labkit.methods.prototyping.kinds import READS as KINDS

#: Decisions in the example records spelt as the journal spells them.
DECISION_ALIASES = {"gör en pilot": "gå vidare till pilot"}


def example_frames(kommun_kod: str) -> dict[str, pd.DataFrame] | None:
    """The invented example prototypes and tests shaped as journal tables, or None if there are none."""
    from labkit.data.bundled import example_municipalities, example_records

    if kommun_kod not in example_municipalities():
        return None
    base = {"workshop_id": "exempel", "author": "exempel", "created": "2019-01-01T00:00:00+00:00"}
    protos = example_records(kommun_kod, "prototypes")
    cards = example_records(kommun_kod, "test_cards")
    tests = example_records(kommun_kod, "tests").sort_values(["prototype_id", "date"], kind="stable")
    frames = {kind: frame_of(kind, []) for kind in KINDS}
    frames["prototype"] = frame_of(
        "prototype",
        [
            {
                **base,
                "id": r.prototype_id,
                "title": r.title,
                "idea": r.idea_id,
                "target_group": r.target_group,
                "description": r.hypothesis,
            }
            for r in protos.itertuples()
        ],
    )
    frames["test_card"] = frame_of(
        "test_card",
        [
            {
                **base,
                "id": f"C{n}",
                "prototype": r.prototype_id,
                "hypothesis": r.hypothesis,
                "test": r.test,
                "metric": r.metric,
                "criterion": r.criterion,
                "threshold": float(r.threshold),
                "deadline": r.deadline,
            }
            for n, r in enumerate(cards.itertuples(), start=1)
        ],
    )
    card_of = {pid: f"C{n}" for n, pid in enumerate(cards["prototype_id"], start=1)}
    frames["test_log"] = frame_of(
        "test_log",
        [
            {
                **base,
                "id": f"T{n}",
                "prototype": r.prototype_id,
                "test_card": card_of.get(r.prototype_id),
                "date": r.date,
                "n": int(r.n_participants),
                "successes": int(r.successes),
                "criterion_met": bool(r.criterion_met),
                "outcome": r.outcome,
            }
            for n, r in enumerate(tests.itertuples(), start=1)
        ],
    )
    frames["learning_card"] = frame_of(
        "learning_card",
        [
            {
                **base,
                "id": f"L{n}",
                "created": f"{r.date}T12:00:00+00:00",
                "prototype": r.prototype_id,
                "observation": r.outcome,
                "learning": r.outcome,
                "decision": DECISION_ALIASES.get(r.decision, r.decision),
            }
            for n, r in enumerate(tests.itertuples(), start=1)
        ],
    )
    return frames
