"""Gather the prototyping records (journal or examples), the co-creation ranking and the target groups."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from labkit.capture.journal import LabJournal, frame_of, journal_path
from labkit.data.dataset import Dataset
from labkit.errors import CaptureError, LabkitError
from labkit.lab import context as lab_context
from labkit.methods.prototyping.params import Params

#: The record kinds the analysis reads.
KINDS = ("prototype", "test_card", "test_log", "learning_card")

#: Decisions in the example records spelt as the journal spells them.
DECISION_ALIASES = {"gör en pilot": "gå vidare till pilot"}


@dataclass(frozen=True)
class Inputs:
    """The records one analysis reads.

    ``origin`` is "journal", "examples" or "none"; ``records`` maps each kind of :data:`KINDS` to a table
    shaped like ``LabJournal.frame``; ``ranking`` is the co-creation ranking (rank, idea, text, mean);
    ``target_groups`` the labels of the target-group analysis, best first.
    """

    kommun_kod: str
    origin: str
    journal_path: str
    records: dict[str, pd.DataFrame]
    ranking: pd.DataFrame
    target_groups: tuple[str, ...]


def load_inputs(dataset: Dataset, params: Params) -> Inputs:
    """Read the prototyping records, the co-creation ranking and the target groups for one municipality.

    Raises
    ------
    CaptureError
        If ``records="journal"`` and there is no journal.
    """
    path = Path(params.journal) if params.journal else journal_path(params.kommun_kod)
    origin, records = read_records(path, params)
    return Inputs(
        params.kommun_kod,
        origin,
        str(path),
        records,
        _ranking(dataset, params, origin, path),
        _target_groups(dataset, params),
    )


def _ranking(dataset: Dataset, params: Params, origin: str, path: Path) -> pd.DataFrame:
    from labkit.methods import cocreation

    source = "journal" if origin == "journal" else "auto"
    try:
        cc_params = cocreation.Params(
            kommun_kod=params.kommun_kod, lang=params.lang, records=source, journal=str(path)
        )
        return cocreation.analyse(cocreation.load_inputs(dataset, cc_params), cc_params).ranking
    except LabkitError:
        return pd.DataFrame(columns=["rank", "idea", "text", "mean"])


def _target_groups(dataset: Dataset, params: Params) -> tuple[str, ...]:
    from labkit.methods import target_groups as tg

    try:
        tg_params = tg.Params(kommun_kod=params.kommun_kod, lang=params.lang, n_sim=1)
        table = tg.analyse(tg.load_inputs(lab_context(dataset), tg_params), tg_params).target_groups
    except LabkitError:
        return ()
    labels = [f"{r.label}, {r.area_name}" for r in table.itertuples()]
    return tuple(dict.fromkeys(labels))


def read_records(path: Path, params: Params) -> tuple[str, dict[str, pd.DataFrame]]:
    """The origin and the record tables: the journal when chosen (or, for "auto", when it has prototypes)."""
    journal = LabJournal(path)
    if params.records == "journal" or (params.records == "auto" and journal.count("prototype") > 0):
        if not journal.exists:
            raise CaptureError(
                "no lab journal",
                path=path,
                expected="a journal with prototype records",
                found="no file",
                hint="Use records='examples' or 'auto' to read the examples.",
            )
        return "journal", {kind: journal.frame(kind) for kind in KINDS}
    examples = example_frames(params.kommun_kod)
    if examples is None:
        return "none", {kind: frame_of(kind, []) for kind in KINDS}
    return "examples", examples


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
