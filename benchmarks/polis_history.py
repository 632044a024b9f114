"""Benchmark: can Pol.is' opinion groups be reproduced from a public export, with and without its history?

labkit issue 18 asks for the same number of groups as Pol.is and an adjusted Rand index (ARI) >= 0.8
against Pol.is' own ``group-id`` on three real conversations (``../shared/data/polis``). labkit's single
pass gets 0.88 on Seattle and Brexit but 0.73 on ScoopNZ. This script prints, per conversation, the group
sizes, the participants both place and the ARI on them, of:

1. ``labkit``: labkit's ``opinion_groups`` (the tested pipeline); ``labkit, everyone placed``: the same with
   ``min_votes=1`` (Pol.is' ScoopNZ export gives a group to all 381 participants, 86 of them with fewer than 7
   votes), the permutation test off.
2. ``red-dwarf run_pipeline``: red-dwarf's Pol.is implementation (``reddwarf.implementations.polis``), which
   clusters the participants directly (no base clusters), k-means started from the first distinct points.
3. ``red-dwarf + base clusters``: red-dwarf's own base-cluster step (``PolisKMeansDownsampler``, k = 100,
   Pol.is starts) followed by its silhouette search (``BestPolisKMeans``) over the base-cluster centres.
4. ``replay``: Pol.is' update step (``conversation.clj`` / ``clusters.clj`` / ``pca.clj`` of
   compdemocracy/polis, re-implemented below) run over a reconstructed history of the conversation, each
   update warm-started from the previous one as Pol.is does: power-iteration PCA from the previous
   components, base clusters (k = 100) and group clusters (k = 2 .. max-k) k-means from the previous
   clusters (recentred, then split by the most distal point), k by silhouette over the base clusters with
   Pol.is' smoother (a new k wins only after it was best in 4 updates running), participants kept once
   placed (>= 7 votes, or all statements when fewer exist; topped up to 15).

``Pol.is update once`` runs that update a single time on all votes from a new conversation, as Pol.is'
``darwin/export.clj`` does for an export "at time" (first distinct points as k-means starts, no smoothing).

The export has no vote times, so the history is reconstructed from what it does hold. Schedules (chosen from
Pol.is' behaviour, never from ``group-id``, which is only used to measure):

- ``per participant``: participants join in pid order (Pol.is numbers them in join order) and each one's
  votes arrive together, one update per participant.
- ``timed``: each participant's join time is interpolated in pid order between the times at which authors
  wrote their first statement (``comments.csv``: timestamp and author); a vote on statement s by participant p
  arrives at max(join time of p, creation time of s), since nobody votes on a statement before it exists. One
  update per distinct arrival time (Pol.is' poller takes every vote since the last update as one batch).
- ``timed, its k = 2 clustering``: not a procedure (it takes Pol.is' k): the timed replay's own two-group
  clustering, to tell the partition apart from the choice of k.
- ``timed, 10 iterations``: as ``timed`` with pca-iters 10 and base-iters 10 instead of 100, the counts of
  another version of conversation.clj in compdemocracy/polis (``src/polismath/math/conversation.clj``).
- ``timed, older math``: as ``timed`` with the math of the earlier pol-is/polisMath repository
  (``src/polismath/conversation.clj``: missing votes 0 in the PCA, moderated-out statements not zeroed, 50
  base clusters, pca-iters 10, k-means iterations 20); which version ran in 2017 is not known.
- ``timed, everyone placed``: as ``timed`` with every participant placed from their first vote (as the
  ScoopNZ export shows: all 381 have a group).
- ``timed, 10 votes a batch``: as ``timed``, but within a batch each participant's votes arrive in chunks of
  10 (in statement order) with an update after each chunk, as a participant voting through the deck
  produces several math updates.

Usage: ``python benchmarks/polis_history.py [--only LABEL ...]``. Reads ``../shared/data/polis`` as the
tests do.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import adjusted_rand_score

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "polis"
CONVERSATIONS = ("15-per-hour-seattle", "brexit-consensus", "scoop-hivemind.affordable-housing")

BASE_K = 100
MAX_K = 5
BASE_ITERS = 100
GROUP_ITERS = 20  # conversation.clj passes :cluster-iters, which kmeans ignores: its default 20 applies
PCA_ITERS = 100
K_BUFFER = 4
GREEDY_N = 15


# --------------------------------------------------------------------------- the export


@dataclass
class Conversation:
    name: str
    pids: np.ndarray  # participant ids, ascending (join order)
    tids: np.ndarray  # statement ids, ascending
    votes: np.ndarray  # participants x statements, NaN = not voted
    mod_out: np.ndarray  # bool per statement
    created: np.ndarray  # statement creation time (ms)
    authors: dict[int, float]  # pid -> time of their first statement (ms)
    group_id: pd.Series  # Pol.is' group per pid (placed only)
    polis_k: int


def load(name: str) -> Conversation:
    folder = DATA / name
    pv = pd.read_csv(folder / "participants-votes.csv")
    comments = pd.read_csv(folder / "comments.csv").set_index("comment-id")
    pv = pv.sort_values("participant").reset_index(drop=True)
    tids = np.array(sorted(int(c) for c in pv.columns if c.isdigit()))
    votes = pv[[str(t) for t in tids]].to_numpy(dtype=float)
    summary = pd.read_csv(folder / "summary.csv", header=None, index_col=0).iloc[:, 0]
    groups = pv.set_index("participant")["group-id"].dropna().astype(int)
    authors = comments.groupby("author-id")["timestamp"].min().astype(float).to_dict()
    return Conversation(
        name=name,
        pids=pv["participant"].to_numpy(dtype=int),
        tids=tids,
        votes=votes,
        mod_out=(comments.loc[tids, "moderated"].to_numpy() == -1),
        created=comments.loc[tids, "timestamp"].to_numpy(dtype=float),
        authors=authors,
        group_id=groups,
        polis_k=int(summary["groups"]),
    )


def measure(conv: Conversation, labels: pd.Series) -> tuple[int, list[int], int, float]:
    """k, group sizes (largest first), participants both place, ARI against Pol.is on them."""
    labels = labels.dropna().astype(int)
    both = labels.index.intersection(conv.group_id.index)
    sizes = sorted(labels.value_counts().tolist(), reverse=True)
    ari = adjusted_rand_score(conv.group_id[both], labels[both]) if len(both) else float("nan")
    return labels.nunique(), sizes, len(both), float(ari)


# --------------------------------------------------------------------------- Pol.is' k-means (clusters.clj)


@dataclass
class Cluster:
    id: int
    members: list  # ids of the points (pids or base-cluster ids)
    center: np.ndarray


def _wmean(points: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    if weights is None:
        return points.mean(axis=0)
    return (weights[:, None] * points).sum(axis=0) / weights.sum()


class Data:
    """Named points (a named matrix) with optional weights per name."""

    def __init__(self, ids: list, points: np.ndarray, weights: dict | None = None):
        self.ids, self.points = list(ids), np.asarray(points, dtype=float)
        self.index = {i: n for n, i in enumerate(self.ids)}
        self.weights = weights

    def subset(self, members: list) -> tuple[np.ndarray, np.ndarray | None]:
        rows = [self.index[m] for m in members if m in self.index]
        w = None if self.weights is None else np.array([self.weights[self.ids[r]] for r in rows], dtype=float)
        return self.points[rows], w


def init_clusters(data: Data, k: int) -> list[Cluster]:
    """The first k distinct points (in data order) as centres."""
    seen, out = set(), []
    for p in data.points:
        key = tuple(p)
        if key not in seen:
            seen.add(key)
            out.append(Cluster(len(out), [], p.copy()))
            if len(out) == k:
                break
    return out


def _recenter(data: Data, clusters: list[Cluster], *, safe: bool) -> list[Cluster]:
    out = []
    for c in clusters:
        members = [m for m in c.members if m in data.index]
        if not members:
            if safe:
                continue
            out.append(c)
            continue
        pts, w = data.subset(members)
        out.append(Cluster(c.id, members, _wmean(pts, w)))
    if safe and not out:
        pts, w = data.subset(data.ids)
        out = [Cluster(max([c.id for c in clusters], default=-1) + 1, list(data.ids), _wmean(pts, w))]
    return out


def _uniqify(clusters: list[Cluster]) -> list[Cluster]:
    out: list[Cluster] = []
    for c in clusters:
        same = next((n for n, o in enumerate(out) if np.array_equal(o.center, c.center)), None)
        if same is None:
            out.append(c)
            continue
        o = out[same]
        keep = o if len(o.members) > len(c.members) else c  # max-key keeps the last on ties
        n1, n2 = len(o.members), len(c.members)
        center = (n1 * o.center + n2 * c.center) / (n1 + n2) if n1 + n2 else o.center
        out[same] = Cluster(keep.id, o.members + c.members, center)
    return out


def clean_start(data: Data, clusters: list[Cluster], k: int) -> list[Cluster]:
    """clusters.clj clean-start-clusters: recentre the last clusters, then split off the most distal point."""
    clusters = _uniqify(_recenter(data, clusters, safe=True))
    possible = min(k, len(np.unique(data.points, axis=0)))
    while True:
        clusters = _recenter(data, clusters, safe=False)
        if possible <= len(clusters):
            return clusters
        centres = np.array([c.center for c in clusters])
        dist = np.sqrt(((data.points[:, None, :] - centres[None, :, :]) ** 2).sum(-1))
        nearest = dist.min(axis=1)
        far = len(nearest) - 1 - int(np.argmax(nearest[::-1]))  # max-key: the last of equal maxima
        if nearest[far] <= 0:
            return clusters
        pid = data.ids[far]
        for c in clusters:
            if pid in c.members:
                c.members = [m for m in c.members if m != pid]
        clusters.append(Cluster(max(c.id for c in clusters) + 1, [pid], data.points[far].copy()))


def _same(a: list[Cluster], b: list[Cluster], threshold: float = 0.01) -> bool:
    ca = sorted(tuple(c.center) for c in a)
    cb = sorted(tuple(c.center) for c in b)
    return all(np.linalg.norm(np.subtract(x, y)) < threshold for x, y in zip(ca, cb))


def cluster_step(data: Data, clusters: list[Cluster]) -> list[Cluster]:
    centres = np.array([c.center for c in clusters])
    dist = ((data.points[:, None, :] - centres[None, :, :]) ** 2).sum(-1)
    nearest = dist.argmin(axis=1)
    out = []
    for n, c in enumerate(clusters):
        rows = np.flatnonzero(nearest == n)
        if len(rows) == 0:
            continue
        members = [data.ids[r] for r in rows]
        pts, w = data.subset(members)
        out.append(Cluster(c.id, members, _wmean(pts, w)))
    return out


def kmeans(data: Data, k: int, last: list[Cluster] | None, max_iters: int) -> list[Cluster]:
    """clusters.clj kmeans: from the last clusters (clean start) or the first distinct points."""
    clusters = clean_start(data, last, k) if last else init_clusters(data, k)
    iters = max_iters
    while True:
        new = cluster_step(data, clusters)
        if iters == 0 or _same(clusters, new):
            return sorted(new, key=lambda c: c.id)
        clusters, iters = new, iters - 1


def silhouette(points: np.ndarray, ids: list, clusters: list[Cluster]) -> float:
    """clusters.clj silhouette over the base clusters (unweighted mean; a singleton scores 0, as in
    scikit-learn's silhouette_score, which computes the same a and b)."""
    from sklearn.metrics import silhouette_score

    index = {i: n for n, i in enumerate(ids)}
    labels = np.empty(len(ids), dtype=int)
    for g, c in enumerate(clusters):
        labels[[index[m] for m in c.members]] = g
    if len(set(labels.tolist())) < 2:
        return 0.0
    if len(set(labels.tolist())) == len(labels):
        return 0.0  # every base cluster alone: every silhouette is 0
    return float(silhouette_score(points, labels))


# ------------------------------------------------------------------------ Pol.is' update (conversation.clj)


@dataclass
class State:
    comps: np.ndarray | None = None  # 2 x all statements (NaN where the statement did not exist yet)
    in_conv: set = field(default_factory=set)
    base: list[Cluster] = field(default_factory=list)
    groups: dict[int, list[Cluster]] = field(default_factory=dict)
    last_k: int | None = None
    last_k_count: int = 0
    smoothed_k: int | None = None
    labels: dict = field(default_factory=dict)


def power_pca(
    centred: np.ndarray, starts: list[np.ndarray | None], rng: np.random.Generator, iters: int
) -> list:
    """pca.clj powerit-pca: power iteration from the last components (new statements start at 1)."""
    data, comps = centred.copy(), []
    for n in range(min(2, *centred.shape)):
        v = starts[n] if n < len(starts) and starts[n] is not None else rng.random(centred.shape[1])
        last = 0.0
        for _ in range(iters + 1):
            product = data.T @ (data @ v)
            value = np.linalg.norm(product)
            v = product / value if value > 0 else product
            if value == last:
                break
            last = value
        comps.append(v)
        if v @ v != 0:
            data = data - np.outer(data @ v, v) / (v @ v)
    return comps


def update(
    conv: Conversation,
    state: State,
    raw: np.ndarray,
    rng: np.random.Generator,
    pca_iters: int = PCA_ITERS,
    base_iters: int = BASE_ITERS,
    min_votes: int = 7,
    base_k: int = BASE_K,
    older: bool = False,
) -> None:
    """One Pol.is conversation update. ``older``: the math of pol-is/polisMath before the column-mean
    imputation: missing votes count as 0 in the PCA and moderated-out statements are not zeroed."""
    rows = np.flatnonzero(~np.isnan(raw).all(axis=1))
    cols = np.flatnonzero(~np.isnan(raw).all(axis=0))
    x = raw[np.ix_(rows, cols)]
    rating = x.copy()
    if not older:
        rating[:, conv.mod_out[cols]] = 0.0
    seen = ~np.isnan(rating)
    means = np.nansum(rating, axis=0) / seen.sum(axis=0)
    mat = np.where(seen, rating, 0.0 if older else means)
    centre = mat.mean(axis=0)
    starts: list[np.ndarray | None] = []
    if state.comps is not None:
        for comp in state.comps:
            start = np.where(np.isnan(comp[cols]), 1.0, comp[cols])
            starts.append(None if not start.any() else start)
    comps = power_pca(mat - centre, starts, rng, pca_iters)
    full = np.full((2, raw.shape[1]), np.nan)
    for n, comp in enumerate(comps):
        full[n, cols] = comp
    state.comps = full
    pcs = np.zeros((2, len(cols)))
    pcs[: len(comps)] = comps
    centred = np.where(seen, rating - centre, 0.0)
    proj = centred @ pcs.T * np.sqrt(len(cols) / np.maximum(seen.sum(axis=1), 1))[:, None]
    counts = (~np.isnan(x)).sum(axis=1)
    pids = conv.pids[rows]
    threshold = min(min_votes, len(cols))
    state.in_conv |= {int(p) for p, c in zip(pids, counts) if c >= threshold}
    if len(state.in_conv) < GREEDY_N:
        extra = [int(p) for c, p in sorted(zip(-counts, pids)) if int(p) not in state.in_conv]
        state.in_conv |= set(extra[: GREEDY_N - len(state.in_conv)])
    place = [n for n, p in enumerate(pids) if int(p) in state.in_conv]
    base_data = Data([int(pids[n]) for n in place], proj[place])
    state.base = kmeans(base_data, base_k, state.base, base_iters)
    ids = [c.id for c in state.base]
    centres = np.array([c.center for c in state.base])
    weights = {c.id: float(len(c.members)) for c in state.base}
    group_data = Data(ids, centres, weights)
    top = min(MAX_K, 2 + len(ids) // 12)
    clusterings, scores = {}, {}
    for k in range(2, top + 1):
        clusterings[k] = kmeans(group_data, k, state.groups.get(k), GROUP_ITERS)
        scores[k] = silhouette(centres, ids, clusterings[k])
    state.groups.update(clusterings)
    if not scores:
        return
    best = max(scores.values())
    this_k = [k for k in scores if scores[k] == best][-1]
    same = state.last_k is not None and this_k == state.last_k
    count = state.last_k_count + 1 if same else 1
    smoothed = this_k if count >= K_BUFFER else (state.smoothed_k if state.smoothed_k else this_k)
    state.last_k, state.last_k_count, state.smoothed_k = this_k, count, smoothed
    chosen = clusterings.get(smoothed) or clusterings[this_k]
    base_of = {m: c.id for c in state.base for m in c.members}
    group_of = {b: g.id for g in chosen for b in g.members}
    state.labels = {p: group_of.get(b) for p, b in base_of.items()}


def replay(
    conv: Conversation,
    batches: list[list[tuple[int, int]]],
    seed: int = 0,
    k: int | None = None,
    **params: int,
) -> pd.Series:
    """Run the update over batches of (participant row, statement column) votes; the final groups.

    With ``k`` the final groups are the replay's own k-means clustering for that k (warm-started through the
    whole history like the others) instead of the one Pol.is' smoothed silhouette chooses: a diagnostic of the
    partition apart from the choice of k."""
    raw = np.full(conv.votes.shape, np.nan)
    state, rng = State(), np.random.default_rng(seed)
    for batch in batches:
        for r, c in batch:
            raw[r, c] = conv.votes[r, c]
        update(conv, state, raw, rng, **params)
    if k is None:
        return pd.Series(state.labels, dtype="Int64")
    group_of = {b: g.id for g in state.groups[k] for b in g.members}
    return pd.Series({m: group_of.get(c.id) for c in state.base for m in c.members}, dtype="Int64")


# --------------------------------------------------------------------------- schedules


def at_once(conv: Conversation) -> list[list[tuple[int, int]]]:
    """Every vote in one update from a new conversation (darwin/export.clj's export "at-time")."""
    return [[(r, int(c)) for r in range(len(conv.pids)) for c in np.flatnonzero(~np.isnan(conv.votes[r]))]]


def per_participant(conv: Conversation) -> list[list[tuple[int, int]]]:
    return [[(r, int(c)) for c in np.flatnonzero(~np.isnan(conv.votes[r]))] for r in range(len(conv.pids))]


def join_times(conv: Conversation) -> np.ndarray:
    """Each participant's join time, interpolated in pid order between the authors' first statements.

    An author's first statement is an upper bound on their join time; the bound is made monotone in pid
    (anyone who joined earlier joined before it), and times are interpolated linearly in join rank between
    the anchors, from the first statement's creation at rank 0 to the last statement's at the last rank."""
    rank = {int(p): n for n, p in enumerate(conv.pids)}
    anchors = sorted((rank[a], t) for a, t in conv.authors.items() if a in rank)
    ranks = np.array([0] + [r for r, _ in anchors] + [len(conv.pids) - 1], dtype=float)
    times = np.array([conv.created.min()] + [t for _, t in anchors] + [conv.created.max()])
    times = np.minimum.accumulate(times[::-1])[::-1]  # upper bounds, monotone
    ranks, keep = np.unique(ranks, return_index=True)
    return np.interp(np.arange(len(conv.pids)), ranks, times[keep])


def timed(conv: Conversation, chunk: int | None = None) -> list[list[tuple[int, int]]]:
    join = join_times(conv)
    arrivals: dict[float, dict[int, list[int]]] = {}
    for r in range(len(conv.pids)):
        for c in np.flatnonzero(~np.isnan(conv.votes[r])):
            t = max(join[r], conv.created[c])
            arrivals.setdefault(t, {}).setdefault(r, []).append(int(c))
    batches: list[list[tuple[int, int]]] = []
    for t in sorted(arrivals):
        if chunk is None:
            batches.append([(r, c) for r, cs in arrivals[t].items() for c in cs])
            continue
        for r, cs in arrivals[t].items():
            for start in range(0, len(cs), chunk):
                batches.append([(r, c) for c in cs[start : start + chunk]])
    return batches


# --------------------------------------------------------------------------- the other pipelines


def labkit_groups(conv: Conversation, **options: int) -> pd.Series:
    sys.path.insert(0, str(ROOT))
    from labkit.capture.polis import read_polis_export
    from labkit.methods.cocreation.opinion import opinion_groups

    export = read_polis_export(DATA / conv.name)
    labels = opinion_groups(export.votes, moderated_out=export.moderated_out, **options).labels
    labels.index = labels.index.astype(int)
    return labels


def _long_votes(conv: Conversation) -> list[dict]:
    rows, cols = np.nonzero(~np.isnan(conv.votes))
    return [
        {
            "participant_id": int(conv.pids[r]),
            "statement_id": int(conv.tids[c]),
            "vote": conv.votes[r, c],
            "modified": 0,
        }
        for r, c in zip(rows, cols)
    ]


def reddwarf_pipeline(conv: Conversation) -> pd.Series:
    from reddwarf.implementations.polis import run_pipeline

    result = run_pipeline(
        votes=_long_votes(conv),
        mod_out_statement_ids=[int(t) for t in conv.tids[conv.mod_out]],
        random_state=0,
    )
    return result.participants_df["cluster_id"]


def reddwarf_base_clusters(conv: Conversation) -> pd.Series:
    from reddwarf.implementations.polis import run_pipeline
    from reddwarf.sklearn.cluster import BestPolisKMeans, PolisKMeansDownsampler

    result = run_pipeline(
        votes=_long_votes(conv),
        mod_out_statement_ids=[int(t) for t in conv.tids[conv.mod_out]],
        random_state=0,
    )
    placed = result.participants_df[result.participants_df["to_cluster"]]
    xy = placed[["x", "y"]].to_numpy()
    k = min(BASE_K, len(np.unique(xy, axis=0)))
    base = PolisKMeansDownsampler(n_clusters=k, init="polis", random_state=0).fit(xy)
    centres = base.transform(xy)
    top = min(MAX_K, 2 + len(centres) // 12)
    best = BestPolisKMeans(k_bounds=[2, top], init="polis", random_state=0).fit(centres)
    groups = best.best_estimator_.labels_[base.kmeans_.labels_]
    return pd.Series(groups, index=placed.index, dtype="Int64")


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", default=None, help="approaches to run (default all)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    sys.stdout.reconfigure(line_buffering=True)
    approaches = {
        "labkit": labkit_groups,
        "labkit, everyone placed": lambda conv: labkit_groups(conv, min_votes=1, permutations=0),
        "Pol.is update once": lambda conv: replay(conv, at_once(conv)),
        "red-dwarf run_pipeline": reddwarf_pipeline,
        "red-dwarf + base clusters": reddwarf_base_clusters,
        "replay per participant": lambda conv: replay(conv, per_participant(conv)),
        "replay timed": lambda conv: replay(conv, timed(conv)),
        "replay timed, its k = 2 clustering": lambda conv: replay(conv, timed(conv), k=2),
        "replay timed, 10 iterations": lambda conv: replay(conv, timed(conv), pca_iters=10, base_iters=10),
        "replay timed, older math": lambda conv: replay(
            conv, timed(conv), pca_iters=10, base_iters=20, base_k=50, older=True
        ),
        "replay timed, everyone placed": lambda conv: replay(conv, timed(conv), min_votes=1),
        "replay timed, 10 votes a batch": lambda conv: replay(conv, timed(conv, chunk=10)),
    }
    for name in CONVERSATIONS:
        conv = load(name)
        sizes = conv.group_id.value_counts().tolist()
        print(f"{name}: Pol.is {conv.polis_k} groups {sorted(sizes, reverse=True)} over {len(conv.group_id)}")
        for label, run in approaches.items():
            if args.only and label not in args.only:
                continue
            started = time.perf_counter()
            k, sizes, both, ari = measure(conv, run(conv))
            seconds = time.perf_counter() - started
            print(f"  {label:36s} k {k}  sizes {sizes}  both {both}  ARI {ari:.3f}  ({seconds:.0f} s)")


if __name__ == "__main__":
    main()
