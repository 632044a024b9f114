"""Opinion groups from statement votes, as Pol.is computes them, and only where the room has groups.

Method source: the Pol.is math (compdemocracy/polis ``math/``: ``conversation.clj``, ``pca.clj``,
``clusters.clj``, ``repness.clj``), cross-checked against red-dwarf 0.4.0 (polis-community). The
participants × statements matrix (agree +1, disagree −1, pass 0, unseen missing) has its
moderated-out statements set to 0 for everyone; missing votes are replaced by the statement's mean
and the matrix is projected on two principal components, each participant's point scaled by
√(statements / votes cast) so that participants with few votes do not bunch in the middle. Only
participants with at least ``min_votes`` votes (or every statement, when there are fewer) are placed.
Their points are summarised by up to 100 base clusters (k-means); the groups are k-means clusterings
of the base clusters for k = 2…``max_groups`` (at most 2 + base clusters / 12), the k and clustering
with the best silhouette over the base clusters winning. labkit tries the member-weighted k-means
(Pol.is) and the unweighted one, 10 starts each, and keeps the best silhouette.

Pol.is never answers "one group". labkit does: a permutation test compares the variance along the
room's first principal component with rooms where each statement's votes are shuffled among the
participants who voted on it (every participant keeps their number of votes, every statement its
agree, pass and disagree counts; only the link between statements is broken). When the room's main
axis is not stronger than the shuffled rooms' (p > ``alpha``) the room shows no groups and everyone
placed is group 0. After the split, two groups whose members together pass no such test are merged,
weakest pair first, so a small room's noise does not become a group of its own.

Per group and statement the smoothed agreement (n_agree+1)/(n+2) is compared with the rest of the room
(representativeness and two-proportion z-test); consensus statements are those every group agrees with
(group-aware consensus: the product of the groups' agreement).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import norm

from labkit.errors import InputDataError

#: One-sided confidence of the significance tests (Pol.is uses 90 %).
CONFIDENCE = 0.90
#: Representative statements listed per group at most (as Pol.is).
PICK_MAX = 5
#: Columns the votes table must have.
VOTE_COLUMNS = ("participant", "statement", "vote")
#: Base clusters Pol.is summarises the placed participants by.
BASE_CLUSTERS = 100
#: k-means starts per k and weighting; the start with the best silhouette wins.
STARTS = 10
#: Shuffled rooms the test of "one group or more" compares with, and its level.
PERMUTATIONS = 99
ALPHA = 0.05


@dataclass(frozen=True)
class OpinionGroups:
    """The opinion groups of one set of statement votes.

    Attributes
    ----------
    labels : pandas.Series
        Group number (0 = largest group) per participant, ``Int64``; NA for a participant with too
        few votes to be placed (listed in :attr:`too_few_votes`).
    k : int
        Number of groups: 0 when fewer than three participants could be placed, 1 when the room
        shows no groups (everyone placed is in group 0), else 2 or more.
    silhouette : float
        Best silhouette over the base clusters among k = 2…``max_groups`` (NaN when no split exists).
    p_value : float
        Permutation p-value of that silhouette against shuffled rooms (NaN when no test was run:
        fewer than three placed participants, or all placed participants voted alike).
    projection : pandas.DataFrame
        ``x`` and ``y`` per participant (the two scaled principal components).
    matrix : pandas.DataFrame
        Participants × statements: +1, 0, −1 or NaN (not voted), as voted (moderation not applied).
    stats : pandas.DataFrame
        One row per group and statement: ``na, nd, ns`` (agree, disagree, all votes), ``pa, pd``
        (smoothed probabilities), ``pat, pdt`` (one-proportion z), ``ra, rd`` (representativeness)
        and ``rat, rdt`` (two-proportion z against the other groups).
    representative : pandas.DataFrame
        Up to :data:`PICK_MAX` statements per group that set it apart (none when k < 2): ``group,
        statement, direction`` (agree/disagree), ``p_success, p_test, repness, repness_test, metric``.
    consensus : pandas.DataFrame
        One row per statement: ``gac`` (group-aware consensus) and ``consensus`` (every group agrees),
        sorted by ``gac``. With one group this is what the whole room agrees with.
    min_votes : int
        Votes a participant needed to be placed (``min_votes`` or the number of statements if fewer).
    moderated_out : tuple of str
        Statements left out (set to 0 in the projection, not listed as representative or consensus).
    """

    labels: pd.Series
    k: int
    silhouette: float
    projection: pd.DataFrame
    matrix: pd.DataFrame
    stats: pd.DataFrame
    representative: pd.DataFrame
    consensus: pd.DataFrame
    p_value: float = float("nan")
    min_votes: int = 7
    moderated_out: tuple[str, ...] = field(default=())

    @property
    def sizes(self) -> list[int]:
        """Participants per group, group 0 first."""
        counts = self.labels.dropna().astype(int).value_counts()
        return [int(counts.get(g, 0)) for g in range(self.k)]

    @property
    def too_few_votes(self) -> list[str]:
        """The participants not placed because they voted on fewer than :attr:`min_votes` statements."""
        return self.labels.index[self.labels.isna()].tolist()

    @property
    def no_groups(self) -> bool:
        """True when participants were placed but the room shows no opinion groups (k = 1)."""
        return self.k == 1

    @property
    def consensus_ids(self) -> list[str]:
        """The consensus statements, highest group-aware consensus first."""
        return self.consensus.loc[self.consensus["consensus"], "statement"].tolist()


def vote_matrix(votes: pd.DataFrame) -> pd.DataFrame:
    """The participants × statements matrix; a participant's latest vote on a statement counts.

    Raises
    ------
    InputDataError
        If a column is missing or a vote is not +1, 0 or −1.
    """
    missing = [c for c in VOTE_COLUMNS if c not in votes.columns]
    if missing:
        raise InputDataError(
            "missing columns " + ", ".join(missing),
            expected="columns " + ", ".join(VOTE_COLUMNS),
            found="columns " + ", ".join(map(str, votes.columns)),
        )
    values = pd.to_numeric(votes["vote"], errors="coerce")
    bad = ~values.isin([-1, 0, 1])
    if bad.any():
        value = votes["vote"][bad].iloc[0]
        raise InputDataError(
            "invalid vote",
            column="vote",
            expected="1 (agree), 0 (pass) or -1 (disagree)",
            found=repr(value.item() if hasattr(value, "item") else value),
        )
    clean = pd.DataFrame(
        {
            "participant": votes["participant"].astype(str),
            "statement": votes["statement"].astype(str),
            "vote": values.astype(float),
        }
    ).drop_duplicates(["participant", "statement"], keep="last")
    matrix = clean.pivot(index="participant", columns="statement", values="vote")
    return matrix.sort_index().sort_index(axis=1).rename_axis(index="participant", columns="statement")


def project(matrix: pd.DataFrame, moderated_out: tuple[str, ...] | list[str] = ()) -> pd.DataFrame:
    """Two sparsity-scaled principal components per participant (``x``, ``y``), as Pol.is projects.

    Moderated-out statements are set to 0 (pass) for every participant, as Pol.is does; they then
    count as votes in the scaling √(statements / votes cast).
    """
    from sklearn.decomposition import PCA

    values = matrix.to_numpy(dtype=float, copy=True)
    moderated = matrix.columns.isin(list(moderated_out))
    imputed = _imputed(values, moderated)
    values[:, moderated] = 0.0
    n_components = min(2, *imputed.shape) if imputed.size else 0
    xy = np.zeros((len(matrix), 2))
    if n_components and np.ptp(imputed, axis=0).any():
        xy[:, :n_components] = PCA(n_components=n_components).fit_transform(imputed)
    votes_cast = np.count_nonzero(~np.isnan(values), axis=1)
    xy *= np.sqrt(values.shape[1] / np.maximum(1, votes_cast))[:, None]
    return pd.DataFrame(xy, index=matrix.index, columns=["x", "y"])


def base_clusters(
    xy: np.ndarray, *, seed: int = 0, n: int = BASE_CLUSTERS
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pol.is' base clusters: the centres, their member counts and each point's base cluster.

    With at most ``n`` distinct points every distinct point is its own base cluster (as Pol.is' k-means
    with k = 100 gives); otherwise k-means with ``n`` clusters (10 starts, seeded).
    """
    from sklearn.cluster import KMeans

    distinct, member = np.unique(xy, axis=0, return_inverse=True)
    member = member.ravel()
    if len(distinct) > n:
        member = KMeans(n_clusters=n, n_init=10, random_state=seed).fit(xy).labels_
        used = np.unique(member)
        member = np.searchsorted(used, member)
        distinct = np.array([xy[member == b].mean(axis=0) for b in range(len(used))])
    return distinct, np.bincount(member, minlength=len(distinct)), member


def cluster(
    centres: np.ndarray, weights: np.ndarray, *, seed: int = 0, max_groups: int = 5
) -> tuple[np.ndarray, float]:
    """Groups of base clusters: k = 2… by silhouette, as Pol.is, over weighted and unweighted k-means.

    k runs to ``min(max_groups, 2 + base clusters // 12, base clusters - 1)`` (Pol.is' ``max-k-fn``).
    For each k, k-means of the base-cluster centres weighted by their members (Pol.is) and unweighted
    are fitted (10 starts each, seeded); the clustering with the highest silhouette over the centres
    wins. Returns the group of each base cluster (numbered by the order of first appearance) and the
    silhouette; all zeros and NaN when no split into two or more groups exists.
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    best: tuple[float, np.ndarray] | None = None
    top = min(max_groups, 2 + len(centres) // 12, len(centres) - 1)
    schemes = [weights, None] if len(set(weights.tolist())) > 1 else [None]
    for k in range(2, top + 1):
        for weight, start in itertools.product(schemes, range(STARTS)):
            fit = KMeans(n_clusters=k, n_init=1, random_state=seed * STARTS + start).fit(
                centres, sample_weight=weight
            )
            if len(np.unique(fit.labels_)) < 2:
                continue
            score = float(silhouette_score(centres, fit.labels_))
            if best is None or score > best[0] + 1e-12:
                best = (score, fit.labels_)
    if best is None:
        return np.zeros(len(centres), dtype=int), float("nan")
    return best[1], best[0]


def _best_split(xy: np.ndarray, seed: int, max_groups: int) -> tuple[np.ndarray, float]:
    """Each point's group (before renumbering by size) and the silhouette, through base clusters."""
    centres, weights, member = base_clusters(xy, seed=seed)
    groups, score = cluster(centres, weights, seed=seed, max_groups=max_groups)
    return groups[member], score


def shuffle_votes(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each statement's votes shuffled among the participants who voted on it (missing stays missing)."""
    shuffled = values.copy()
    for column in range(values.shape[1]):
        seen = np.flatnonzero(~np.isnan(values[:, column]))
        shuffled[seen, column] = rng.permutation(values[seen, column])
    return shuffled


def _imputed(values: np.ndarray, moderated: np.ndarray) -> np.ndarray:
    """Moderated-out columns set to 0, missing votes replaced by the statement's mean (as for the PCA)."""
    values = values.copy()
    values[:, moderated] = 0.0
    seen = (~np.isnan(values)).sum(axis=0)
    means = np.where(seen > 0, np.nansum(values, axis=0) / np.maximum(seen, 1), 0.0)
    return np.where(np.isnan(values), means, values)


def axis_variance(values: np.ndarray, moderated: np.ndarray) -> float:
    """Variance along the room's main opinion axis: the largest eigenvalue of the imputed votes'
    covariance."""
    imputed = _imputed(values, moderated)
    centred = imputed - imputed.mean(axis=0)
    if len(centred) < 2 or not centred.any():
        return 0.0
    return float(np.linalg.svd(centred, compute_uv=False)[0] ** 2 / (len(centred) - 1))


def groups_test(matrix: pd.DataFrame, moderated: tuple[str, ...], *, seed: int, permutations: int) -> float:
    """Permutation p-value of the main opinion axis: does the room vote more alike than shuffled rooms?

    The statistic is the variance along the first principal component (the axis Pol.is' groups are
    drawn along). Each shuffled room keeps every statement's votes and every participant's number of
    votes, so only the link between statements is broken (Buja and Eyuboglu's permutation version of
    Horn's parallel analysis). p = (1 + shuffled rooms at least as high) / (1 + ``permutations``).
    """
    return _axis_p(matrix.to_numpy(dtype=float), matrix.columns.isin(list(moderated)), seed, permutations)


def _axis_p(values: np.ndarray, moderated: np.ndarray, seed: int, permutations: int) -> float:
    observed, rng, higher = axis_variance(values, moderated), np.random.default_rng(seed), 0
    for _ in range(permutations):
        higher += axis_variance(shuffle_votes(values, rng), moderated) >= observed * (1 - 1e-12)
    return (1 + higher) / (1 + permutations)


def merge_unsupported(
    values: np.ndarray,
    groups: np.ndarray,
    moderated: np.ndarray,
    *,
    seed: int,
    permutations: int,
    alpha: float,
) -> np.ndarray:
    """Merge groups whose split the votes do not support, two at a time, weakest first.

    For every pair of groups, the votes of their members together get the test of :func:`groups_test`
    (their main opinion axis against shuffled votes). While some pair's p-value is above ``alpha``,
    the pair with the largest p-value is merged, so two groups stay apart only when their members
    together vote more alike than chance. ``values`` holds the placed participants' votes.
    """
    groups = groups.copy()
    while len(np.unique(groups)) >= 2:
        weakest: tuple[float, int, int] | None = None
        for first, second in itertools.combinations(np.unique(groups), 2):
            members = values[(groups == first) | (groups == second)]
            p = _axis_p(members, moderated, seed, permutations)
            if weakest is None or p > weakest[0]:
                weakest = (p, first, second)
        if weakest is None or weakest[0] <= alpha:
            break
        groups[groups == weakest[2]] = weakest[1]
    return groups


def _by_size(labels: np.ndarray) -> np.ndarray:
    """Renumber groups: the largest is 0; ties go to the group whose first member comes first."""
    groups = pd.Series(labels)
    order = sorted(groups.unique(), key=lambda g: (-int((groups == g).sum()), int(groups.eq(g).idxmax())))
    return groups.map({g: n for n, g in enumerate(order)}).to_numpy()


def _probability(count: np.ndarray, total: np.ndarray) -> np.ndarray:
    return (count + 1) / (total + 2)


def one_prop_z(success: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Pol.is' one-proportion test of a share above one half, with one added to both counts."""
    return 2 * np.sqrt(n + 1) * ((success + 1) / (n + 1) - 0.5)


def two_prop_z(
    success_in: np.ndarray, success_out: np.ndarray, n_in: np.ndarray, n_out: np.ndarray
) -> np.ndarray:
    """Pol.is' two-proportion z-test (in the group vs the rest), with one added to every count."""
    p1, p2 = (success_in + 1) / (n_in + 1), (success_out + 1) / (n_out + 1)
    pooled = (success_in + success_out + 2) / (n_in + n_out + 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / (n_in + 1) + 1 / (n_out + 1)))
    return np.where(pooled == 1, 0.0, z)


def group_stats(matrix: pd.DataFrame, labels: np.ndarray) -> pd.DataFrame:
    """Agreement, disagreement and their tests per group and statement (Pol.is' comment statistics)."""
    values, frames = matrix.to_numpy(dtype=float), []
    for group in range(int(labels.max()) + 1 if len(labels) else 0):
        inside, outside = values[labels == group], values[labels != group]
        na, nd, ns = (inside == 1).sum(0), (inside == -1).sum(0), (~np.isnan(inside)).sum(0)
        oa, od, os_ = (outside == 1).sum(0), (outside == -1).sum(0), (~np.isnan(outside)).sum(0)
        frames.append(
            pd.DataFrame(
                {
                    "group": group,
                    "statement": matrix.columns,
                    "na": na,
                    "nd": nd,
                    "ns": ns,
                    "pa": _probability(na, ns),
                    "pd": _probability(nd, ns),
                    "pat": one_prop_z(na, ns),
                    "pdt": one_prop_z(nd, ns),
                    "ra": _probability(na, ns) / _probability(oa, os_),
                    "rd": _probability(nd, ns) / _probability(od, os_),
                    "rat": two_prop_z(na, oa, ns, os_),
                    "rdt": two_prop_z(nd, od, ns, os_),
                }
            )
        )
    columns = ["group", "statement", "na", "nd", "ns", "pa", "pd", "pat", "pdt", "ra", "rd", "rat", "rdt"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def representative(
    stats: pd.DataFrame, *, confidence: float = CONFIDENCE, pick_max: int = PICK_MAX
) -> pd.DataFrame:
    """The statements that set each group apart, best first (Pol.is' repness, simplified).

    A statement qualifies in the direction (agree or disagree) with the larger representativeness
    test when both its probability and representativeness tests are significant; they are ranked by
    repness × repness-test × p-success × p-test. A group with no qualifying statement gets its
    statement with the largest representativeness test, so every group has one.
    """
    critical, rows = norm.ppf(confidence), []
    for _, group in stats.groupby("group", sort=True):
        agree = group["rat"] > group["rdt"]
        table = pd.DataFrame(
            {
                "group": group["group"],
                "statement": group["statement"],
                "direction": np.where(agree, "agree", "disagree"),
                "n_success": np.where(agree, group["na"], group["nd"]),
                "n_trials": group["ns"],
                "p_success": np.where(agree, group["pa"], group["pd"]),
                "p_test": np.where(agree, group["pat"], group["pdt"]),
                "repness": np.where(agree, group["ra"], group["rd"]),
                "repness_test": np.where(agree, group["rat"], group["rdt"]),
            }
        )
        table["metric"] = table["repness"] * table["repness_test"] * table["p_success"] * table["p_test"]
        significant = (table["p_test"] > critical) & (table["repness_test"] > critical)
        chosen = table[significant].sort_values("metric", ascending=False, kind="stable").head(pick_max)
        if chosen.empty:
            chosen = table.sort_values("repness_test", ascending=False, kind="stable").head(1)
        rows.append(chosen)
    columns = [
        "group",
        "statement",
        "direction",
        "n_success",
        "n_trials",
        "p_success",
        "p_test",
        "repness",
        "repness_test",
        "metric",
    ]
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns)


def consensus(stats: pd.DataFrame, *, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Group-aware consensus per statement; ``consensus`` where every group agrees significantly."""
    critical = norm.ppf(confidence)
    if stats.empty:
        return pd.DataFrame(
            {
                "statement": pd.Series(dtype=str),
                "gac": pd.Series(dtype=float),
                "consensus": pd.Series(dtype=bool),
            }
        )
    by = stats.groupby("statement", sort=True)
    table = pd.DataFrame(
        {
            "gac": by["pa"].prod(),
            "consensus": by.apply(
                lambda g: bool(((g["pa"] > 0.5) & (g["pat"] > critical)).all()), include_groups=False
            ),
        }
    ).reset_index()
    return table.sort_values(["gac", "statement"], ascending=[False, True], ignore_index=True)


def opinion_groups(
    votes: pd.DataFrame,
    *,
    seed: int = 0,
    max_groups: int = 5,
    min_votes: int = 7,
    confidence: float = CONFIDENCE,
    moderated_out: tuple[str, ...] | list[str] = (),
    permutations: int = PERMUTATIONS,
    alpha: float = ALPHA,
) -> OpinionGroups:
    """Find opinion groups in statement votes, as Pol.is does, and say when the room shows none.

    Parameters
    ----------
    votes : pandas.DataFrame
        Columns ``participant``, ``statement`` and ``vote`` (+1 agree, 0 pass, −1 disagree); when a
        participant voted twice on a statement the later row counts.
    seed : int
        Seed of k-means and of the shuffled rooms (same seed and votes, same groups).
    max_groups : int
        Largest k tried (k runs from 2).
    min_votes : int
        Votes a participant needs to be placed (Pol.is: 7; all statements when there are fewer).
        Everyone still shapes the projection; the others are listed as having too few votes.
    confidence : float
        One-sided confidence of the tests behind representative and consensus statements.
    moderated_out : sequence of str
        Statements moderated out: set to 0 in the projection and never listed.
    permutations : int
        Shuffled rooms the best silhouette is compared with (0 skips the test and always splits,
        as Pol.is does).
    alpha : float
        The room shows groups only when the permutation p-value is at most ``alpha``.

    Returns
    -------
    OpinionGroups
        ``.labels`` is a Series indexed by participant.

    Raises
    ------
    InputDataError
        If a column is missing or a vote is not +1, 0 or −1.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # many small k-means fits: threads cost more than they give
        return _opinion_groups(
            vote_matrix(votes),
            seed=seed,
            max_groups=max_groups,
            min_votes=min_votes,
            confidence=confidence,
            moderated_out=moderated_out,
            permutations=permutations,
            alpha=alpha,
        )


def _opinion_groups(
    matrix: pd.DataFrame,
    *,
    seed: int,
    max_groups: int,
    min_votes: int,
    confidence: float,
    moderated_out: tuple[str, ...] | list[str],
    permutations: int,
    alpha: float,
) -> OpinionGroups:
    moderated = tuple(str(s) for s in moderated_out if str(s) in set(matrix.columns))
    projection = project(matrix, moderated)
    needed = max(1, min(min_votes, matrix.shape[1]))
    placed = (matrix.notna().sum(axis=1) >= needed).to_numpy()
    labels = pd.Series(pd.NA, index=matrix.index, dtype="Int64", name="group")
    live = matrix.drop(columns=list(moderated))
    if placed.sum() < 3:
        empty = group_stats(live.iloc[:0], np.array([], dtype=int))
        return OpinionGroups(
            labels,
            0,
            float("nan"),
            projection,
            matrix,
            empty,
            representative(empty),
            consensus(empty),
            float("nan"),
            needed,
            moderated,
        )
    xy = projection.to_numpy()[placed]
    found, score, p_value = np.zeros(len(xy), dtype=int), float("nan"), float("nan")
    if len(np.unique(xy, axis=0)) >= 3:
        if permutations:
            p_value = groups_test(matrix, moderated, seed=seed, permutations=permutations)
        if not permutations or p_value <= alpha:
            split, score = _best_split(xy, seed, max_groups)
            if permutations:
                split = merge_unsupported(
                    matrix.to_numpy(dtype=float)[placed],
                    split,
                    matrix.columns.isin(list(moderated)),
                    seed=seed,
                    permutations=permutations,
                    alpha=alpha,
                )
            found = _by_size(split)
    labels.loc[placed] = found
    k = int(found.max()) + 1
    stats = group_stats(live.loc[placed], found)
    picked = representative(stats, confidence=confidence) if k >= 2 else representative(stats.iloc[:0])
    return OpinionGroups(
        labels,
        k,
        score,
        projection,
        matrix,
        stats,
        picked,
        consensus(stats, confidence=confidence),
        p_value,
        needed,
        moderated,
    )
