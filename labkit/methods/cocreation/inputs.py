"""Gather what the co-creation analysis reads: workshop records (journal or examples) and the area population."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from labkit.capture.journal import LabJournal, frame_of, journal_path
from labkit.capture.kinds.room import awaiting_approval
from labkit.data.dataset import Dataset
from labkit.errors import CaptureError, ConfigError, LabkitError
from labkit.methods.cocreation.params import Params

#: The record kinds the analysis reads.
KINDS = (
    "participant",
    "activity",
    "idea",
    "yes_and",
    "idea_card",
    "priority_score",
    "dot",
    "statement",
    "statement_vote",
    "stakeholder",
)

#: Workshop id given to the invented example records.
EXAMPLE_WORKSHOP = "exempel"
#: The examples score each idea once, without a criterion; this is the criterion they get.
EXAMPLE_CRITERION = "samlad bedömning"
#: Example roles renamed to the journal's roles.
ROLE_ALIASES = {"byggaktör": "exploatör"}


@dataclass(frozen=True)
class Inputs:
    """The records and population one analysis reads.

    ``origin`` is ``"journal"`` (a live lab journal), ``"examples"`` (the invented records in
    data/examples) or ``"none"`` (neither exists). ``records`` maps each kind of :data:`KINDS` to a
    table shaped like ``LabJournal.frame`` (names never included). ``areas`` has one row per area
    of the municipality in ``year``: ``area_code, area_name, population, omradestyp,
    omradestyp_label``. ``target_groups`` is the target-group analysis' ranked table of groups and
    areas to invite (None when it could not run; ``target_groups_note`` says why).
    ``pending_statements`` counts the statements participants proposed that the facilitator has not
    approved yet: they are left out of ``records`` (and so of every table, group and report), as are
    votes on them.
    """

    kommun_kod: str
    kommun: str
    origin: str
    journal_path: str
    workshop: str
    records: dict[str, pd.DataFrame]
    areas: pd.DataFrame
    year: int
    area_type_year: int | None
    synthetic: bool
    target_groups: pd.DataFrame | None = None
    target_groups_note: str = ""
    pending_statements: int = 0


def load_inputs(dataset: Dataset, params: Params) -> Inputs:
    """Read the workshop records and the municipality's area population for one analysis.

    Parameters
    ----------
    dataset : Dataset
        The area statistics (any source).
    params : Params
        Municipality, record source, journal path, workshop and year.

    Returns
    -------
    Inputs

    Raises
    ------
    ConfigError
        If the municipality or year is not in the source, or the workshop is not in the journal.
    CaptureError
        If ``records="journal"`` and there is no journal, or the journal cannot be read.
    """
    from labkit.methods import target_groups as tg

    tg_params = tg.Params(kommun_kod=params.kommun_kod, year=params.year, lang=params.lang, n_sim=1)
    tg_inputs = tg.load_inputs(dataset, tg_params)
    path = Path(params.journal) if params.journal else journal_path(params.kommun_kod)
    origin, records = read_records(path, params)
    records, pending = without_pending(records)
    table, note = _target_groups(tg, tg_inputs, tg_params)
    return Inputs(
        kommun_kod=params.kommun_kod,
        kommun=tg_inputs.kommun,
        origin=origin,
        journal_path=str(path),
        workshop=params.workshop,
        records=records,
        areas=area_population(tg_inputs.local, tg_inputs.year),
        year=tg_inputs.year,
        area_type_year=tg_inputs.area_type_year,
        synthetic=dataset.is_synthetic,
        target_groups=table,
        target_groups_note=note,
        pending_statements=pending,
    )


def _target_groups(tg: object, tg_inputs: object, tg_params: object) -> tuple[pd.DataFrame | None, str]:
    try:
        return tg.analyse(tg_inputs, tg_params).target_groups, ""
    except LabkitError as err:
        return None, str(err)


def area_population(local: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per area of the municipality in ``year``: population and SCB/Delmos områdestyp."""
    rows = local[local["year"] == year]
    out = pd.DataFrame(
        {
            "area_code": rows["area_code"].astype(str).to_numpy(),
            "area_name": rows["area_name"].astype(str).to_numpy(),
            "population": rows["total"].to_numpy(dtype=float),
            "omradestyp": rows["omradestyp"].to_numpy(),
            "omradestyp_label": rows["omradestyp_label"].to_numpy(),
        }
    )
    return out.sort_values("area_code", ignore_index=True)


def read_records(path: Path, params: Params) -> tuple[str, dict[str, pd.DataFrame]]:
    """The origin and the record tables: the journal when chosen (or, for "auto", when it has records)."""
    journal = LabJournal(path)
    use_journal = params.records == "journal" or (params.records == "auto" and journal.count() > 0)
    if use_journal:
        if not journal.exists:
            raise CaptureError(
                "no lab journal",
                path=path,
                expected="a journal with workshop records",
                found="no file",
                hint="Use records='examples' or 'auto' to read the examples.",
            )
        return "journal", journal_records(journal, params.workshop)
    examples = example_frames(params.kommun_kod)
    if examples is None:
        return "none", {kind: frame_of(kind, []) for kind in KINDS}
    return "examples", examples


def journal_records(journal: LabJournal, workshop: str = "") -> dict[str, pd.DataFrame]:
    """Every analysed kind from the journal (one workshop, or all when ``workshop`` is empty)."""
    if workshop and workshop not in journal.workshops():
        raise ConfigError(
            "workshop not in the lab journal",
            column="workshop",
            expected="one of " + (", ".join(journal.workshops()) or "(none yet)"),
            found=repr(workshop),
        )
    records = {kind: journal.frame(kind, workshop_id=workshop or None) for kind in KINDS}
    records["statement_approval"] = journal.frame("statement_approval", workshop_id=workshop or None)
    return records


def without_pending(records: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], int]:
    """``records`` without the proposed statements that await the facilitator's approval (and votes on them).

    The rule is :func:`labkit.capture.kinds.room.awaiting_approval`: a statement a participant proposed
    in the participant app counts only once approved. Returns the records of :data:`KINDS` and how many
    statements were left out. Records without approvals (the examples) are returned as they are.
    """
    approvals = records.get("statement_approval")
    out = {kind: records[kind] for kind in KINDS}
    if approvals is None:
        return out, 0
    statements = out["statement"]
    waiting = pd.Series(awaiting_approval(statements, approvals), index=statements.index, dtype=bool)
    if not waiting.any():
        return out, 0
    pending = set(statements.loc[waiting, "id"])
    votes = out["statement_vote"]
    out["statement"] = statements[~waiting].reset_index(drop=True)
    out["statement_vote"] = votes[~votes["statement"].isin(pending)].reset_index(drop=True)
    return out, len(pending)


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


def with_records(inputs: Inputs, **records: pd.DataFrame) -> Inputs:
    """A copy of ``inputs`` with some record tables replaced (for tests and what-if analyses)."""
    return replace(inputs, records={**inputs.records, **records})
