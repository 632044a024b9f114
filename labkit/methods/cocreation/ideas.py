"""Ideas of a workshop: per round, the build-on tree, the "Prioritera och välj" ranking with Kendall's W, dots.

Method source: Innovationsguiden's brainwriting, "Ja och…", "Prioritera och välj" (scores 1–4 against
criteria, no vote on your own idea) and three dots (DOMAIN.md §1.4). Kendall's coefficient of
concordance W with the tie correction (Kendall & Babington Smith 1939; Siegel & Castellan 1988, §9.4).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import chi2, rankdata


def ideas_per_round(ideas: pd.DataFrame) -> pd.DataFrame:
    """One row per brainwriting round: ``round, ideas, new, build_on`` (ideas with a parent)."""
    if ideas.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in ("round", "ideas", "new", "build_on")})
    built = ideas["builds_on"].notna()
    table = pd.DataFrame({"round": ideas["round"].astype(int), "new": ~built, "build_on": built})
    out = table.groupby("round", sort=True).agg(ideas=("new", "size"), new=("new", "sum"), build_on=("build_on", "sum"))
    return out.reset_index().astype("int64")


def build_on_tree(ideas: pd.DataFrame, additions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The build-on tree: each idea with its root, depth, parent, descendants and "ja, och" additions.

    Rows come in reading order: each root idea (in the order written) followed by the ideas that
    build on it, depth first. An idea whose parent is not among ``ideas`` counts as a root.
    """
    columns = ["id", "text", "round", "participant", "parent", "root", "depth", "descendants", "additions"]
    if ideas.empty:
        return pd.DataFrame(columns=columns)
    ids = list(ideas["id"])
    parent = {i: (p if isinstance(p, str) and p in ids and p != i else None)
              for i, p in zip(ideas["id"], ideas["builds_on"], strict=True)}
    children: dict[str | None, list[str]] = {}
    for idea in ids:
        children.setdefault(parent[idea], []).append(idea)
    rows: list[tuple[str, str, int]] = []
    for root in children.get(None, []):
        _walk(root, root, 0, children, rows, set())
    counts = additions["idea"].value_counts() if additions is not None and not additions.empty else pd.Series(dtype=int)
    info = ideas.set_index("id")
    frame = pd.DataFrame(rows, columns=["id", "root", "depth"])
    frame["descendants"] = [_count(i, children) for i in frame["id"]]
    frame["parent"] = [parent[i] for i in frame["id"]]
    frame["additions"] = [int(counts.get(i, 0)) for i in frame["id"]]
    for column in ("text", "round", "participant"):
        frame[column] = info.loc[frame["id"], column].to_numpy()
    return frame[columns]


def _walk(idea: str, root: str, depth: int, children: dict, rows: list, seen: set) -> None:
    if idea in seen:
        return
    seen.add(idea)
    rows.append((idea, root, depth))
    for child in children.get(idea, []):
        _walk(child, root, depth + 1, children, rows, seen)


def _count(idea: str, children: dict) -> int:
    return sum(1 + _count(child, children) for child in children.get(idea, []))


def clean_scores(scores: pd.DataFrame, ideas: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The scores that count, and how many self-votes were masked.

    A participant's latest score per idea and criterion counts; scores on ideas that are not in
    ``ideas`` (struck out) are dropped, and any score on the scorer's own idea is masked.
    """
    latest = scores.drop_duplicates(["participant", "idea", "criterion"], keep="last")
    latest = latest[latest["idea"].isin(ideas["id"])]
    authors = ideas.set_index("id")["participant"]
    own = latest["participant"].to_numpy() == authors.reindex(latest["idea"]).to_numpy()
    kept = latest.loc[~own, ["idea", "participant", "criterion", "score"]].reset_index(drop=True)
    return kept.astype({"score": "float64"}), int(own.sum())


def ranking(scores: pd.DataFrame, ideas: pd.DataFrame, dots: pd.Series | None = None) -> pd.DataFrame:
    """Rank ideas by mean score (then sum, then the order written).

    Each participant's score on an idea is the mean over the criteria they scored; the idea's
    ``mean``, ``sd`` (sample standard deviation, NaN for one rater), ``median``, ``sum`` and ``raters``
    are taken over those participant scores. One ``mean_<criterion>`` column per criterion follows.
    """
    if scores.empty:
        return pd.DataFrame(columns=["rank", "idea", "text", "raters", "mean", "sd", "median", "sum", "dots"])
    per_rater = scores.groupby(["idea", "participant"], sort=False)["score"].mean()
    by_idea = per_rater.groupby(level="idea", sort=False)
    table = pd.DataFrame({"raters": by_idea.size(), "mean": by_idea.mean(), "sd": by_idea.std(ddof=1),
                          "median": by_idea.median(), "sum": by_idea.sum()})
    criteria = scores.pivot_table(index="idea", columns="criterion", values="score", aggfunc="mean")
    table = table.join(criteria.add_prefix("mean_"))
    order = {idea: n for n, idea in enumerate(ideas["id"])}
    table["written"] = [order.get(i, len(order)) for i in table.index]
    table = table.sort_values(["mean", "sum", "written"], ascending=[False, False, True]).drop(columns="written")
    table.insert(0, "text", ideas.set_index("id")["text"].reindex(table.index).to_numpy())
    table["dots"] = dots.reindex(table.index).fillna(0).astype(int) if dots is not None else 0
    table = table.rename_axis("idea").reset_index()
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return table


def complete_block(matrix: pd.DataFrame) -> pd.DataFrame:
    """The largest-looking complete rater × idea block, dropping the emptiest row or column in turn.

    Ties drop a rater before an idea, and the later one first, so the result is deterministic.
    """
    block = matrix.copy()
    while block.size and block.isna().to_numpy().any():
        rows, cols = block.isna().mean(axis=1), block.isna().mean(axis=0)
        if rows.max() >= cols.max():
            block = block.drop(index=rows[rows == rows.max()].index[-1])
        else:
            block = block.drop(columns=cols[cols == cols.max()].index[-1])
    return block


def kendall_w(matrix: pd.DataFrame) -> dict[str, float]:
    """Kendall's W for raters (rows) ranking ideas (columns) by score, corrected for ties.

    W = 12 S / (m²(n³ − n) − m Σ T), S the sum of squared deviations of the rank sums, T = Σ(t³ − t)
    over each rater's tied groups. The test uses χ² = m(n − 1)W with n − 1 degrees of freedom.
    Missing cells are removed with :func:`complete_block` first.

    Returns
    -------
    dict
        ``w``, ``raters`` (m), ``ideas`` (n), ``chi2`` and ``p``; NaN figures when m or n is below 2
        or every rater gives every idea the same score.
    """
    block = complete_block(matrix)
    m, n = block.shape
    nan = {"w": float("nan"), "raters": int(m), "ideas": int(n), "chi2": float("nan"), "p": float("nan")}
    if m < 2 or n < 2:
        return nan
    ranks = np.vstack([rankdata(row) for row in block.to_numpy(dtype=float)])
    s = float(((ranks.sum(axis=0) - m * (n + 1) / 2) ** 2).sum())
    ties = sum(float((counts**3 - counts).sum()) for counts in (np.unique(r, return_counts=True)[1] for r in ranks))
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator == 0:
        return nan
    w = 12 * s / denominator
    statistic = m * (n - 1) * w
    return {"w": w, "raters": int(m), "ideas": int(n), "chi2": statistic, "p": float(chi2.sf(statistic, n - 1))}


def rater_matrix(scores: pd.DataFrame) -> pd.DataFrame:
    """Participants × ideas: each participant's mean score over the criteria (NaN where none)."""
    if scores.empty:
        return pd.DataFrame()
    return scores.pivot_table(index="participant", columns="idea", values="score", aggfunc="mean").sort_index()


def dot_tally(dots: pd.DataFrame, ideas: pd.DataFrame) -> pd.DataFrame:
    """Dots per idea, most first: ``idea, text, dots`` and one column per criterion the dots named."""
    if dots.empty:
        return pd.DataFrame(columns=["idea", "text", "dots"])
    kept = dots[dots["idea"].isin(ideas["id"])].drop_duplicates(["workshop_id", "participant", "idea"], keep="last")
    table = kept.groupby("idea").size().rename("dots").to_frame()
    if kept["criterion"].notna().any():
        table = table.join(kept.pivot_table(index="idea", columns="criterion", values="id", aggfunc="count"))
    order = {idea: n for n, idea in enumerate(ideas["id"])}
    table["written"] = [order[i] for i in table.index]
    table = table.sort_values(["dots", "written"], ascending=[False, True]).drop(columns="written")
    table.insert(0, "text", ideas.set_index("id")["text"].reindex(table.index).to_numpy())
    return table.rename_axis("idea").reset_index().fillna(0)
