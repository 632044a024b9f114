"""Survey answers on the Swedish five-point scale: counts per question and group, and change between waves."""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit import likert

#: Columns of the survey summary.
SUMMARY_COLUMNS = ("question", "group", "wave", "n", 1, 2, 3, 4, 5, "mean", "agree", "suppressed")


def summary(survey: pd.DataFrame) -> pd.DataFrame:
    """One row per question, group and wave: answers per level, n, mean level and share agreeing (4-5).

    Groups are the respondent groups plus ``"Alla"`` (everyone) when there are several groups. Rows with
    fewer than :data:`labkit.likert.MIN_GROUP` answers are marked ``suppressed`` and their figures blanked.
    """
    if survey.empty:
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    frames = [survey]
    if survey["group"].nunique() > 1:
        frames.append(survey.assign(group="Alla"))
    data = pd.concat(frames, ignore_index=True)
    table = pd.crosstab([data["question"], data["group"], data["wave"]], data["level"])
    table = table.reindex(columns=range(1, 6), fill_value=0)
    table.columns = list(range(1, 6))
    table["n"] = table[list(range(1, 6))].sum(axis=1)
    table = table.reset_index()
    table["mean"] = likert.mean_level(table)
    table["agree"] = likert.agreement(table)
    table["suppressed"] = table["n"] < likert.MIN_GROUP
    table.loc[table["suppressed"], [1, 2, 3, 4, 5, "mean", "agree"]] = np.nan
    order = {q: i for i, q in enumerate(dict.fromkeys(survey["question"]))}
    table["_order"] = table["question"].map(order)
    table["_everyone"] = table["group"] != "Alla"
    table = table.sort_values(["_order", "_everyone", "group", "wave"])
    return table[list(SUMMARY_COLUMNS)].reset_index(drop=True)


def change(table: pd.DataFrame) -> pd.DataFrame:
    """Change from the first to the last wave per question and group (both waves need ≥ 5 answers).

    Columns: question, group, wave_from, wave_to, n_from, n_to, mean_from, mean_to, agree_from, agree_to,
    mean_change, agree_change. Empty when there is only one wave.
    """
    columns = [
        "question",
        "group",
        "wave_from",
        "wave_to",
        "n_from",
        "n_to",
        "mean_from",
        "mean_to",
        "agree_from",
        "agree_to",
        "mean_change",
        "agree_change",
    ]
    if table.empty or table["wave"].nunique() < 2:
        return pd.DataFrame(columns=columns)
    first, last = table["wave"].min(), table["wave"].max()
    keys = ["question", "group"]
    a = table[table["wave"] == first].set_index(keys)
    b = table[table["wave"] == last].set_index(keys)
    both = a.join(b, how="inner", lsuffix="_from", rsuffix="_to")
    both = both[~both["suppressed_from"] & ~both["suppressed_to"]]
    out = pd.DataFrame(
        {
            "wave_from": first,
            "wave_to": last,
            "n_from": both["n_from"],
            "n_to": both["n_to"],
            "mean_from": both["mean_from"],
            "mean_to": both["mean_to"],
            "agree_from": both["agree_from"],
            "agree_to": both["agree_to"],
        },
        index=both.index,
    )
    out["mean_change"] = out["mean_to"] - out["mean_from"]
    out["agree_change"] = out["agree_to"] - out["agree_from"]
    return out.reset_index()[columns]


def chart_table(table: pd.DataFrame, *, wave: int | None = None, group: str | None = None) -> pd.DataFrame:
    """Rows of :func:`summary` for one wave (default the last) and one group (default everyone) as counts."""
    if table.empty:
        return pd.DataFrame(columns=[1, 2, 3, 4, 5, "n"])
    wave = int(table["wave"].max()) if wave is None else wave
    group = "Alla" if group is None else group
    rows = table[(table["wave"] == wave) & (table["group"] == group)]
    return _as_counts(rows, rows["question"])


def group_chart_table(table: pd.DataFrame, question: str, *, wave: int | None = None) -> pd.DataFrame:
    """Rows of :func:`summary` for one question and wave (default the last), one per respondent group."""
    wave = int(table["wave"].max()) if wave is None else wave
    rows = table[(table["wave"] == wave) & (table["question"] == question) & (table["group"] != "Alla")]
    return _as_counts(rows, rows["group"])


def _as_counts(rows: pd.DataFrame, index: pd.Series) -> pd.DataFrame:
    counts = rows[[1, 2, 3, 4, 5, "n"]].fillna(0).astype(int)
    counts.index = index.to_numpy()
    return counts
