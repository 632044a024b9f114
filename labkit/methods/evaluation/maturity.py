"""From lab to everyday: each method's stage in each municipality and its maturity on the lab's principles."""

from __future__ import annotations

import pandas as pd

from labkit.methods.evaluation.kinds import PRINCIPLES, STAGES

#: Field names of the four principle scores (0-4), in report order.
SCORES = tuple(name for name, _sv, _en in PRINCIPLES)


def maturity_table(records: pd.DataFrame) -> pd.DataFrame:
    """One row per municipality and method: stage, its position 1-5, the four scores and their mean (0-4).

    ``records`` has ``kommun_kod, kommun, method, stage``, the score fields, their ``<name>_evidence``
    notes and ``origin`` (journal or example).
    """
    columns = [
        "kommun_kod",
        "kommun",
        "method",
        "stage",
        "stage_index",
        *SCORES,
        "score",
        *(f"{s}_evidence" for s in SCORES),
        "origin",
    ]
    if records.empty:
        return pd.DataFrame(columns=columns)
    table = records.copy()
    table["stage_index"] = table["stage"].map({stage: i for i, stage in enumerate(STAGES, start=1)})
    for name in SCORES:
        table[name] = pd.to_numeric(table[name], errors="coerce")
        evidence = table.get(f"{name}_evidence", pd.Series("", index=table.index))
        table[f"{name}_evidence"] = evidence.where(evidence.notna(), "").astype(str)
    table["score"] = table[list(SCORES)].mean(axis=1)
    return table.sort_values(["kommun_kod", "method"], ignore_index=True)[columns]


def overview_matrix(table: pd.DataFrame, value: str = "stage_index") -> pd.DataFrame:
    """Municipalities × methods holding ``value`` (the stage position by default); NaN where not assessed."""
    return table.pivot_table(index="kommun", columns="method", values=value, aggfunc="first")


def stage_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many method × municipality pairs are at each stage."""
    counts = table["stage"].value_counts()
    return {stage: int(counts.get(stage, 0)) for stage in STAGES}
