"""Opinion groups from statement votes, as Pol.is computes them: PCA, k-means by silhouette, repness, consensus.

Method source: the Pol.is math (compdemocracy/polis ``math/``) as ported by red-dwarf 0.4.0
(polis-community): the participants × statements matrix (agree +1, disagree −1, pass 0, unseen
missing) is mean-imputed per statement and projected on two principal components, scaled by
√(statements / votes cast) so that participants with few votes do not bunch in the middle; only
participants with at least ``min_votes`` votes are clustered, by k-means with k = 2…``max_groups``
chosen by silhouette. Per group and statement the smoothed agreement (n_agree+1)/(n+2) is compared
with the rest of the room (representativeness and two-proportion z-test); consensus statements are
those every group agrees with (group-aware consensus: the product of the groups' agreement).
"""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class OpinionGroups:
    """The opinion groups of one set of statement votes.

    Attributes
    ----------
    labels : pandas.Series
        Group number (0 = largest group) per participant, ``Int64``; NA for a participant with too
        few votes to be grouped.
    k : int
        Number of groups (0 when fewer than three participants could be grouped).
    silhouette : float
        Silhouette score of the chosen k (NaN when k < 2).
    projection : pandas.DataFrame
        ``x`` and ``y`` per participant (the two scaled principal components).
    matrix : pandas.DataFrame
        Participants × statements: +1, 0, −1 or NaN (not voted).
    stats : pandas.DataFrame
        One row per group and statement: ``na, nd, ns`` (agree, disagree, all votes), ``pa, pd``
        (smoothed probabilities), ``pat, pdt`` (one-proportion z), ``ra, rd`` (representativeness)
        and ``rat, rdt`` (two-proportion z against the other groups).
    representative : pandas.DataFrame
        Up to :data:`PICK_MAX` statements per group that set it apart: ``group, statement, direction``
        (agree/disagree), ``p_success, p_test, repness, repness_test, metric``.
    consensus : pandas.DataFrame
        One row per statement: ``gac`` (group-aware consensus) and ``consensus`` (every group agrees),
        sorted by ``gac``.
    """

    labels: pd.Series
    k: int
    silhouette: float
    projection: pd.DataFrame
    matrix: pd.DataFrame
    stats: pd.DataFrame
    representative: pd.DataFrame
    consensus: pd.DataFrame

    @property
    def sizes(self) -> list[int]:
        """Participants per group, group 0 first."""
        counts = self.labels.dropna().astype(int).value_counts()
        return [int(counts.get(g, 0)) for g in range(self.k)]

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
        raise InputDataError("missing columns " + ", ".join(missing), expected="columns " + ", ".join(VOTE_COLUMNS),
                             found="columns " + ", ".join(map(str, votes.columns)))
    values = pd.to_numeric(votes["vote"], errors="coerce")
    bad = ~values.isin([-1, 0, 1])
    if bad.any():
        value = votes["vote"][bad].iloc[0]
        raise InputDataError("invalid vote", column="vote", expected="1 (agree), 0 (pass) or -1 (disagree)",
                             found=repr(value.item() if hasattr(value, "item") else value))
    clean = pd.DataFrame({"participant": votes["participant"].astype(str), "statement": votes["statement"].astype(str),
                          "vote": values.astype(float)}).drop_duplicates(["participant", "statement"], keep="last")
    matrix = clean.pivot(index="participant", columns="statement", values="vote")
    return matrix.sort_index().sort_index(axis=1).rename_axis(index="participant", columns="statement")


def project(matrix: pd.DataFrame) -> pd.DataFrame:
    """Two sparsity-scaled principal components per participant (``x``, ``y``)."""
    from sklearn.decomposition import PCA

    values = matrix.to_numpy(dtype=float)
    seen = (~np.isnan(values)).sum(axis=0)
    means = np.where(seen > 0, np.nansum(values, axis=0) / np.maximum(seen, 1), 0.0)
    imputed = np.where(np.isnan(values), means, values)
    n_components = min(2, *imputed.shape) if imputed.size else 0
    xy = np.zeros((len(matrix), 2))
    if n_components:
        xy[:, :n_components] = PCA(n_components=n_components).fit_transform(imputed)
    votes_cast = np.count_nonzero(~np.isnan(values), axis=1)
    xy *= np.sqrt(values.shape[1] / np.maximum(1, votes_cast))[:, None]
    return pd.DataFrame(xy, index=matrix.index, columns=["x", "y"])


def cluster(xy: np.ndarray, *, seed: int = 0, max_groups: int = 5) -> tuple[np.ndarray, float]:
    """K-means labels for k = 2…``max_groups`` with the best silhouette, groups numbered by size.

    Returns the labels and the silhouette; all zeros and NaN when no split into two or more groups
    exists (fewer than three points, or all points alike).
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    best: tuple[float, np.ndarray] | None = None
    distinct = len(np.unique(xy, axis=0)) if len(xy) else 0
    for k in range(2, min(max_groups, len(xy) - 1, distinct) + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(xy).labels_
        score = float(silhouette_score(xy, labels))
        if best is None or score > best[0]:
            best = (score, labels)
    if best is None:
        return np.zeros(len(xy), dtype=int), float("nan")
    return _by_size(best[1]), best[0]


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


def two_prop_z(success_in: np.ndarray, success_out: np.ndarray, n_in: np.ndarray, n_out: np.ndarray) -> np.ndarray:
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
        frames.append(pd.DataFrame({
            "group": group, "statement": matrix.columns, "na": na, "nd": nd, "ns": ns,
            "pa": _probability(na, ns), "pd": _probability(nd, ns), "pat": one_prop_z(na, ns), "pdt": one_prop_z(nd, ns),
            "ra": _probability(na, ns) / _probability(oa, os_), "rd": _probability(nd, ns) / _probability(od, os_),
            "rat": two_prop_z(na, oa, ns, os_), "rdt": two_prop_z(nd, od, ns, os_),
        }))
    columns = ["group", "statement", "na", "nd", "ns", "pa", "pd", "pat", "pdt", "ra", "rd", "rat", "rdt"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def representative(stats: pd.DataFrame, *, confidence: float = CONFIDENCE, pick_max: int = PICK_MAX) -> pd.DataFrame:
    """The statements that set each group apart, best first (Pol.is' repness, simplified).

    A statement qualifies in the direction (agree or disagree) with the larger representativeness
    test when both its probability and representativeness tests are significant; they are ranked by
    repness × repness-test × p-success × p-test. A group with no qualifying statement gets its
    statement with the largest representativeness test, so every group has one.
    """
    critical, rows = norm.ppf(confidence), []
    for _, group in stats.groupby("group", sort=True):
        agree = group["rat"] > group["rdt"]
        table = pd.DataFrame({
            "group": group["group"], "statement": group["statement"],
            "direction": np.where(agree, "agree", "disagree"),
            "n_success": np.where(agree, group["na"], group["nd"]), "n_trials": group["ns"],
            "p_success": np.where(agree, group["pa"], group["pd"]), "p_test": np.where(agree, group["pat"], group["pdt"]),
            "repness": np.where(agree, group["ra"], group["rd"]),
            "repness_test": np.where(agree, group["rat"], group["rdt"]),
        })
        table["metric"] = table["repness"] * table["repness_test"] * table["p_success"] * table["p_test"]
        significant = (table["p_test"] > critical) & (table["repness_test"] > critical)
        chosen = table[significant].sort_values("metric", ascending=False, kind="stable").head(pick_max)
        if chosen.empty:
            chosen = table.sort_values("repness_test", ascending=False, kind="stable").head(1)
        rows.append(chosen)
    columns = ["group", "statement", "direction", "n_success", "n_trials", "p_success", "p_test", "repness",
               "repness_test", "metric"]
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns)


def consensus(stats: pd.DataFrame, *, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Group-aware consensus per statement; ``consensus`` where every group agrees significantly."""
    critical = norm.ppf(confidence)
    if stats.empty:
        return pd.DataFrame({"statement": pd.Series(dtype=str), "gac": pd.Series(dtype=float),
                             "consensus": pd.Series(dtype=bool)})
    by = stats.groupby("statement", sort=True)
    table = pd.DataFrame({
        "gac": by["pa"].prod(),
        "consensus": by.apply(lambda g: bool(((g["pa"] > 0.5) & (g["pat"] > critical)).all()), include_groups=False),
    }).reset_index()
    return table.sort_values(["gac", "statement"], ascending=[False, True], ignore_index=True)


def opinion_groups(votes: pd.DataFrame, *, seed: int = 0, max_groups: int = 5, min_votes: int = 7,
                   confidence: float = CONFIDENCE) -> OpinionGroups:
    """Find opinion groups in statement votes, as Pol.is does.

    Parameters
    ----------
    votes : pandas.DataFrame
        Columns ``participant``, ``statement`` and ``vote`` (+1 agree, 0 pass, −1 disagree); when a
        participant voted twice on a statement the later row counts.
    seed : int
        Seed of k-means (same seed and votes, same groups).
    max_groups : int
        Largest k tried (k runs from 2).
    min_votes : int
        Votes a participant needs to be grouped (Pol.is: 7). Everyone still shapes the projection.
    confidence : float
        One-sided confidence of the tests behind representative and consensus statements.

    Returns
    -------
    OpinionGroups
        ``.labels`` is a Series indexed by participant.

    Raises
    ------
    InputDataError
        If a column is missing or a vote is not +1, 0 or −1.
    """
    matrix = vote_matrix(votes)
    projection = project(matrix)
    grouped = matrix.index[matrix.notna().sum(axis=1) >= min_votes]
    labels = pd.Series(pd.NA, index=matrix.index, dtype="Int64", name="group")
    if len(grouped) < 3:
        empty = group_stats(matrix.iloc[:0], np.array([], dtype=int))
        return OpinionGroups(labels, 0, float("nan"), projection, matrix, empty, representative(empty),
                             consensus(empty))
    found, score = cluster(projection.loc[grouped].to_numpy(), seed=seed, max_groups=max_groups)
    labels.loc[grouped] = found
    stats = group_stats(matrix.loc[grouped], found)
    return OpinionGroups(labels, int(found.max()) + 1, score, projection, matrix, stats,
                         representative(stats, confidence=confidence), consensus(stats, confidence=confidence))
