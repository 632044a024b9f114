"""Ideas of a workshop: per round, the build-on tree, the "Prioritera och välj" ranking with Kendall's W,
dots.

Method source: Innovationsguiden's brainwriting, "Ja och…", "Prioritera och välj" (scores 1–4 against
criteria, no vote on your own idea) and three dots. Kendall's coefficient of concordance W with the tie
correction (Kendall & Babington Smith 1939; Siegel & Castellan 1988, §9.4) when every rater scored every
idea; otherwise on every score with the Skillings–Mack statistic (Skillings & Mack 1981; Durbin 1951).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.linalg import cholesky, solve_triangular
from scipy.sparse.csgraph import connected_components
from scipy.stats import chi2, rankdata


def ideas_per_round(ideas: pd.DataFrame) -> pd.DataFrame:
    """One row per brainwriting round: ``round, ideas, new, build_on`` (ideas with a parent)."""
    if ideas.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in ("round", "ideas", "new", "build_on")})
    built = ideas["builds_on"].notna()
    table = pd.DataFrame({"round": ideas["round"].astype(int), "new": ~built, "build_on": built})
    out = table.groupby("round", sort=True).agg(
        ideas=("new", "size"), new=("new", "sum"), build_on=("build_on", "sum")
    )
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
    parent = {
        i: (p if isinstance(p, str) and p in ids and p != i else None)
        for i, p in zip(ideas["id"], ideas["builds_on"], strict=True)
    }
    children: dict[str | None, list[str]] = {}
    for idea in ids:
        children.setdefault(parent[idea], []).append(idea)
    rows: list[tuple[str, str, int]] = []
    for root in children.get(None, []):
        _walk(root, root, 0, children, rows, set())
    counts = (
        additions["idea"].value_counts()
        if additions is not None and not additions.empty
        else pd.Series(dtype=int)
    )
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
    table = pd.DataFrame(
        {
            "raters": by_idea.size(),
            "mean": by_idea.mean(),
            "sd": by_idea.std(ddof=1),
            "median": by_idea.median(),
            "sum": by_idea.sum(),
        }
    )
    criteria = scores.pivot_table(index="idea", columns="criterion", values="score", aggfunc="mean")
    table = table.join(criteria.add_prefix("mean_"))
    order = {idea: n for n, idea in enumerate(ideas["id"])}
    table["written"] = [order.get(i, len(order)) for i in table.index]
    table = table.sort_values(["mean", "sum", "written"], ascending=[False, False, True]).drop(
        columns="written"
    )
    table.insert(0, "text", ideas.set_index("id")["text"].reindex(table.index).to_numpy())
    table["dots"] = dots.reindex(table.index).fillna(0).astype(int) if dots is not None else 0
    table = table.rename_axis("idea").reset_index()
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return table


#: Random within-rater permutations of the permutation p-value of Kendall's W.
PERMUTATIONS = 10_000
#: Tables with at most this many scores get the permutation p-value; larger ones the χ² approximation.
MAX_PERMUTATION_CELLS = 2_000
#: Passes of neighbour swaps when searching the order of full agreement (each pass is linear in the ideas).
MAX_SWAP_PASSES = 25
#: Up to this many ideas the search also tries moving any one idea to any other place (cubic in the ideas).
MAX_INSERTION_IDEAS = 60


def kendall_w(matrix: pd.DataFrame, seed: int = 0) -> dict[str, object]:
    """Kendall's W for raters (rows) ranking ideas (columns) by score, on every score in ``matrix``.

    Each rater's scores are ranked among the ideas that rater scored (mid-ranks for ties); raters
    with fewer than two scores carry no order and are left out. When every remaining rater scored
    every idea, this is the classic tie-corrected W (:func:`complete_w`) with Friedman's χ² test.
    Otherwise (the usual design: nobody scores their own idea) it is the incomplete-block W of
    :func:`incomplete_w` with the Skillings–Mack test, which equals Durbin's test for a balanced
    incomplete block design and Friedman's for a complete one.

    The p-value of a workshop-sized table (at most :data:`MAX_PERMUTATION_CELLS` scores) is a
    permutation test: :data:`PERMUTATIONS` seeded draws in which every rater's ranks are shuffled
    among the ideas that rater scored (``p_method`` ``"permutation"``), since with few raters and
    many tied scores the χ² distribution is only approximate. Larger tables use χ² (``"chi2"``).
    ``p_chi2`` is always the χ² p-value.

    Returns
    -------
    dict
        ``w``, ``raters`` (m), ``ideas`` (n), ``scores`` (rater × idea cells used), ``chi2``, ``df``,
        ``p``, ``p_chi2``, ``p_method``, ``complete`` (every rater scored every idea) and ``method``
        (``"friedman"`` or ``"skillings_mack"``). The figures are NaN when m or n is below 2 or the
        scores carry no order (every rater gives all their ideas the same score).
    """
    values = matrix.to_numpy(dtype=float) if matrix.size else np.empty((0, 0))
    values = values[(~np.isnan(values)).sum(axis=1) >= 2] if values.size else values
    if values.size:
        values = values[:, (~np.isnan(values)).any(axis=0)]
    m, n = values.shape if values.size else (0, 0)
    complete = bool(values.size) and not np.isnan(values).any()
    nan = float("nan")
    out: dict[str, object] = {
        "w": nan,
        "raters": int(m),
        "ideas": int(n),
        "scores": int((~np.isnan(values)).sum()),
        "chi2": nan,
        "df": 0,
        "p": nan,
        "p_chi2": nan,
        "p_method": "chi2",
        "complete": complete,
        "method": "friedman" if complete else "skillings_mack",
    }
    if m < 2 or n < 2:
        return out
    from threadpoolctl import threadpool_limits

    # One BLAS thread: the n × n factorisations and solves are small, and on a machine whose cores are busy
    # (parallel report jobs) BLAS threads waiting for each other cost many times the work itself.
    with threadpool_limits(1, user_api="blas"):
        design = None if complete else _design(values)
        w, statistic, df = complete_w(values) if complete else incomplete_w(values, design)
        if not np.isfinite(w):
            return out
        p_chi2 = float(chi2.sf(statistic, df))
        p, method = p_chi2, "chi2"
        if out["scores"] <= MAX_PERMUTATION_CELLS:
            p, method = permutation_p(values, seed, design=design), "permutation"
    return {**out, "w": w, "chi2": statistic, "df": df, "p": p, "p_chi2": p_chi2, "p_method": method}


def permutation_p(
    values: np.ndarray, seed: int = 0, draws: int = PERMUTATIONS, *, design: tuple | None = None
) -> float:
    """The permutation p-value of the (Skillings–Mack form of the) concordance statistic.

    Under the null hypothesis every rater's ranks are a random permutation over the ideas that
    rater scored. Σ is the same for every such permutation, so each draw only reshuffles the rows
    and recomputes Aᵀ Σ⁻ A. p = (1 + draws at least as large as the observed) / (1 + draws), seeded.
    ``design`` is :func:`_design` of ``values`` when the caller has it already.
    """
    design = _design(values) if design is None else design
    if design is None:
        return float("nan")
    contributions, chol, _, _ = design
    observed = _quadratic(contributions.sum(axis=0)[None, :], chol)[0]
    rng = np.random.default_rng(seed)
    present = ~np.isnan(values)
    k = present.sum(axis=1)
    owns, columns = [], []  # raters with the same number of scores are shuffled together
    for size in np.unique(k):
        rows = np.flatnonzero(k == size)
        cols = np.nonzero(present[rows])[1].reshape(len(rows), size)  # each rater's ideas, in column order
        owns.append(np.take_along_axis(contributions[rows], cols, axis=1))
        columns.append(cols.ravel())
    cells = np.concatenate(columns)
    # ideas × cells: adds each shuffled cell to its idea, so one product gives A of every draw of a batch
    spread = sparse.csr_array(
        (np.ones(cells.size), (cells, np.arange(cells.size))), shape=(values.shape[1], cells.size)
    )
    hits, done = 0, 0
    while done < draws:
        batch = min(1_000, draws - done)
        shuffled = np.concatenate(
            [
                rng.permuted(np.broadcast_to(own, (batch, *own.shape)), axis=2).reshape(batch, -1)
                for own in owns
            ],
            axis=1,
        )
        sums = spread @ np.ascontiguousarray(shuffled.T)  # ideas × draws
        hits += int((_quadratic(sums.T, chol) >= observed * (1 - 1e-9)).sum())
        done += batch
    return (1 + hits) / (1 + draws)


def complete_w(values: np.ndarray) -> tuple[float, float, int]:
    """Kendall's W with the tie correction on a complete m × n score table; χ² and its df.

    W = 12 S / (m²(n³ − n) − m Σ T), S the sum of squared deviations of the rank sums, T = Σ(t³ − t)
    over each rater's tied groups (Kendall & Babington Smith 1939; Siegel & Castellan 1988, §9.4).
    The test uses Friedman's χ² = m(n − 1)W with n − 1 degrees of freedom.
    """
    m, n = values.shape
    ranks = rankdata(values, axis=1)
    s = float(((ranks.sum(axis=0) - m * (n + 1) / 2) ** 2).sum())
    ties = _tie_sum(ranks)
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator == 0:
        return float("nan"), float("nan"), n - 1
    w = 12 * s / denominator
    return w, m * (n - 1) * w, n - 1


def _tie_sum(ranks: np.ndarray) -> float:
    """Σ (t³ − t) over the groups of equal values within each row of ``ranks`` (all rows at once)."""
    if ranks.size == 0:
        return 0.0
    ordered = np.sort(ranks, axis=1)
    # a run of equal values starts at column 0 and wherever a value differs from the one before it
    starts = np.ones(ordered.shape, dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    flat = np.flatnonzero(starts.ravel())
    # runs never cross rows, since every row starts one
    counts = np.diff(np.append(flat, ordered.size)).astype(float)
    return float((counts**3 - counts).sum())


def incomplete_w(values: np.ndarray, design: tuple | None = None) -> tuple[float, float, int]:
    """Kendall's W for an incomplete rater × idea table (NaN where a rater did not score); χ² and df.

    The statistic is Skillings & Mack's (1981): rater i ranks the k_i ideas they scored, each
    centred rank r_ij − (k_i + 1)/2 is weighted by √(12/(k_i + 1)) and summed per idea into A; then
    χ² = Aᵀ Σ⁻ A with Σ the covariance of A when every rater's ranks are a random permutation of
    their own ranks (so tied scores are accounted for exactly), Σ⁻ its pseudo-inverse and df the
    rank of Σ (n − 1 when the ideas are connected through shared raters). Without ties this is
    the Skillings–Mack statistic; for a balanced incomplete block design it is Durbin's test, and
    for a complete table Friedman's with the tie correction.

    W scales χ² by its value under full agreement: the largest χ² the same design gives when every
    rater ranks their ideas in one common order without ties (as Kendall's tie-corrected W divides
    by the untied maximum). The common order starts from the ideas' mean centred rank per rater and
    is improved by swapping neighbours while χ² grows (:func:`_agreed_maximum`). For a complete table
    that maximum is m(n − 1) and W is Kendall's W; for a balanced incomplete block design it is
    Kendall's W for incomplete rankings (Kendall 1962, ch. 11), whatever the order. In a sparse table
    with tied scores the tie-corrected χ² can exceed that untied maximum by a few per cent (and the
    neighbour swaps can miss the best order); W is then 1, its largest value.
    The work is linear in the cells for the ranks and needs n × n solves over the ideas.
    ``design`` is :func:`_design` of ``values`` when the caller has it already.
    """
    statistic, df, mean_rank = _skillings_mack(values, design)
    if not np.isfinite(statistic):
        return float("nan"), float("nan"), df
    maximum = _agreed_maximum(~np.isnan(values), mean_rank)
    if not maximum > 0:
        return float("nan"), float("nan"), df
    return min(1.0, statistic / maximum), statistic, df


def _agreed_maximum(present: np.ndarray, mean_rank: np.ndarray) -> float:
    """The χ² of full agreement: every rater ranks their ideas (``present``) in one common order, untied.

    Starts from the order of ``mean_rank`` (ties by column) and swaps neighbouring ideas while that
    raises χ² (at most :data:`MAX_SWAP_PASSES` passes); with at most :data:`MAX_INSERTION_IDEAS`
    ideas it then moves single ideas to the best other place while that raises χ². Without ties every rater's
    c_i is 1, so Σ is fixed; swapping neighbours a < b moves a up and b down one rank in every rater who
    scored both, changing A by δ = λ_ab (e_a − e_b) with λ_ab = Σ_i w_i x_ia x_ib, and χ² by 2 δᵀ M A + δᵀ M δ
    (M = Σ⁻¹ made positive definite).
    """
    n = present.shape[1]
    order = np.lexsort((np.arange(n), mean_rank))  # ideas from lowest to highest
    position = np.empty(n)
    position[order] = np.arange(n)
    design = _design(np.where(present, position[None, :], np.nan))
    if design is None:
        return float("nan")
    contributions, chol, _, _ = design
    a = contributions.sum(axis=0)
    inverse = solve_triangular(chol.T, solve_triangular(chol, np.eye(n), lower=True), lower=False)
    k = present.sum(axis=1)
    cells = present.astype(float)
    shared = cells.T @ (np.sqrt(12 / (k + 1))[:, None] * cells)  # λ_ab
    ma = inverse @ a
    statistic = float(a @ ma)
    order = list(order)
    for _ in range(min(n, MAX_SWAP_PASSES)):
        improved = False
        for p in range(n - 1):
            lo, hi = order[p], order[p + 1]
            lam = shared[lo, hi]
            if lam == 0:
                continue
            gain = 2 * lam * (ma[lo] - ma[hi]) + lam**2 * (
                inverse[lo, lo] + inverse[hi, hi] - 2 * inverse[lo, hi]
            )
            if gain > 1e-12 * max(statistic, 1.0):
                order[p], order[p + 1] = hi, lo
                ma += lam * (inverse[:, lo] - inverse[:, hi])
                statistic += gain
                improved = True
        if not improved:
            break
    if n <= MAX_INSERTION_IDEAS:
        for _ in range(MAX_SWAP_PASSES):
            gain = _best_insertion(order, ma, shared, inverse)
            if gain <= 1e-12 * max(statistic, 1.0):
                break
            statistic += gain
    return statistic


def _best_insertion(order: list, ma: np.ndarray, shared: np.ndarray, inverse: np.ndarray) -> float:
    """Move the one idea to the one new place in ``order`` that raises χ² most; update ``order`` and ``ma``.

    Moving idea x past ideas y_1, …, y_r (upwards) changes A by δ = Σ_j λ_xy_j (e_x − e_y_j) and χ²
    by 2 δᵀ M A + δᵀ M δ; downwards the signs turn. Returns the gain (0 when no move helps).
    """
    best = (0.0, None, None, None)
    for x in list(order):
        p = order.index(x)
        for step, others in ((1, order[p + 1 :]), (-1, order[:p][::-1])):
            delta_m = np.zeros_like(ma)  # M δ
            linear, quadratic = 0.0, 0.0  # δᵀ M A, δᵀ M δ
            for q, y in enumerate(others, start=1):
                lam = step * shared[x, y]
                if lam == 0:
                    continue
                quadratic += 2 * lam * (delta_m[x] - delta_m[y]) + lam**2 * (
                    inverse[x, x] + inverse[y, y] - 2 * inverse[x, y]
                )
                linear += lam * (ma[x] - ma[y])
                delta_m += lam * (inverse[:, x] - inverse[:, y])
                gain = 2 * linear + quadratic
                if gain > best[0]:
                    best = (gain, x, p + step * q, delta_m.copy())
    gain, x, target, delta_m = best
    if x is not None:
        order.remove(x)
        order.insert(target, x)
        ma += delta_m
    return gain


def _skillings_mack(values: np.ndarray, design: tuple | None = None) -> tuple[float, int, np.ndarray]:
    """χ² = Aᵀ Σ⁻ A, its df, and each idea's mean centred rank over its raters (see :func:`incomplete_w`)."""
    design = _design(values) if design is None else design
    if design is None:
        present = ~np.isnan(values)
        ranks = rankdata(values, axis=1, nan_policy="omit")
        k = present.sum(axis=1)
        centred = np.where(present, ranks - ((k + 1) / 2)[:, None], 0.0)
        raters = present.sum(axis=0)
        return (
            float("nan"),
            0,
            np.divide(centred.sum(axis=0), raters, out=np.zeros(values.shape[1]), where=raters > 0),
        )
    contributions, chol, df, mean_rank = design
    return float(_quadratic(contributions.sum(axis=0)[None, :], chol)[0]), df, mean_rank


def _design(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, int, np.ndarray] | None:
    """Each rater's weighted centred ranks (m × n, 0 where not scored), the Cholesky factor of Σ made
    positive definite, the df and each idea's mean centred rank; None when no rater's scores vary.

    Σ is a weighted graph Laplacian (each rater adds c_i (k_i diag(x_i) − x_i x_iᵀ) over the ideas x_i
    they scored), so its null space is spanned by the indicators of the groups of ideas connected
    through raters. Adding 1_g 1_gᵀ/n_g per group makes it positive definite without changing Aᵀ Σ⁻ A
    (A sums to zero within each group), and df = n − number of groups.
    """
    present = ~np.isnan(values)
    ranks = rankdata(values, axis=1, nan_policy="omit")
    k = present.sum(axis=1).astype(float)
    centred = np.where(present, ranks - ((k + 1) / 2)[:, None], 0.0)
    raters = present.sum(axis=0)
    mean_rank = np.divide(centred.sum(axis=0), raters, out=np.zeros(values.shape[1]), where=raters > 0)
    weight = np.sqrt(12 / (k + 1))
    variance = (centred**2).sum(axis=1) / k  # the variance of a rater's ranks under random permutation
    c = np.divide(weight**2 * variance, k - 1, out=np.zeros_like(k), where=k > 1)
    cells = sparse.csr_array(present & (c > 0)[:, None], dtype=float)
    n = values.shape[1]
    shared = (cells.T @ sparse.diags_array(c) @ cells).toarray()  # Σ_i c_i x_ij x_il
    sigma = np.diag(shared.sum(axis=1)) - shared
    groups, label = connected_components(sparse.csr_array(sigma != 0), directed=False)
    if groups == n:
        return None
    size = np.bincount(label)
    sigma += (label[:, None] == label[None, :]) / size[label][:, None]
    return weight[:, None] * centred, cholesky(sigma, lower=True), int(n - groups), mean_rank


def _quadratic(a: np.ndarray, chol: np.ndarray) -> np.ndarray:
    """aᵀ Σ⁻¹ a for each row of ``a``, with Σ = L Lᵀ given by its lower Cholesky factor L."""
    z = solve_triangular(chol, a.T, lower=True, check_finite=False)  # both finite by construction
    return (z**2).sum(axis=0)


def rater_matrix(scores: pd.DataFrame) -> pd.DataFrame:
    """Participants × ideas: each participant's mean score over the criteria (NaN where none)."""
    if scores.empty:
        return pd.DataFrame()
    return scores.pivot_table(
        index="participant", columns="idea", values="score", aggfunc="mean"
    ).sort_index()


def dot_tally(dots: pd.DataFrame, ideas: pd.DataFrame) -> pd.DataFrame:
    """Dots per idea, most first: ``idea, text, dots`` and one column per criterion the dots named."""
    if dots.empty:
        return pd.DataFrame(columns=["idea", "text", "dots"])
    kept = dots[dots["idea"].isin(ideas["id"])].drop_duplicates(
        ["workshop_id", "participant", "idea"], keep="last"
    )
    table = kept.groupby("idea").size().rename("dots").to_frame()
    if kept["criterion"].notna().any():
        table = table.join(kept.pivot_table(index="idea", columns="criterion", values="id", aggfunc="count"))
    order = {idea: n for n, idea in enumerate(ideas["id"])}
    table["written"] = [order[i] for i in table.index]
    table = table.sort_values(["dots", "written"], ascending=[False, True]).drop(columns="written")
    table.insert(0, "text", ideas.set_index("id")["text"].reindex(table.index).to_numpy())
    return table.rename_axis("idea").reset_index().fillna(0)
