"""Opinion groups: Pol.is' pipeline on real conversations, and rooms that have no groups."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from labkit.capture.polis import read_polis_export
from labkit.methods.cocreation import opinion
from labkit.methods.cocreation.opinion import opinion_groups
from labkit.methods.cocreation.text import opinion_notes

CONVERSATIONS = ("15-per-hour-seattle", "brexit-consensus", "scoop-hivemind.affordable-housing")


def room(matrix: np.ndarray) -> pd.DataFrame:
    """Votes of a participants × statements array (NaN = not seen) as the long table opinion_groups reads."""
    rows = [
        (f"P{p:02d}", f"S{s:02d}", int(v))
        for p, row in enumerate(matrix)
        for s, v in enumerate(row)
        if not np.isnan(v)
    ]
    return pd.DataFrame(rows, columns=["participant", "statement", "vote"])


def camps(
    n: int, statements: int = 16, seed: int = 1, noise: float = 0.15, unseen: float = 0.2
) -> np.ndarray:
    """Two camps (even and odd participants) opposed on the first 14 statements, both agreeing with the
    last 2."""
    rng, matrix = np.random.default_rng(seed), np.full((n, statements), np.nan)
    for p in range(n):
        for s in range(statements):
            if rng.random() < unseen:
                continue
            base = 1 if s >= statements - 2 or (s < statements // 2) == (p % 2 == 0) else -1
            matrix[p, s] = base if rng.random() > noise else rng.choice([0, -base])
    return matrix


# --------------------------------------------------------------------------- rooms without groups


def test_a_unanimous_room_is_one_group() -> None:
    groups = opinion_groups(room(np.ones((8, 10))))
    assert (groups.k, groups.sizes, groups.no_groups, groups.too_few_votes) == (1, [8], True, [])
    assert np.isnan(groups.p_value) and groups.representative.empty
    assert groups.consensus_ids[:1] and set(groups.consensus_ids) == {f"S{s:02d}" for s in range(10)}
    assert opinion_notes(groups, "sv") == [
        (
            "Rummet visar inga åsiktsgrupper: de 8 placerade deltagarna röstade likadant. De redovisas som "
            "en grupp."
        )
    ]
    assert opinion_notes(groups, "en") == [
        (
            "The room shows no opinion groups: the 8 placed participants voted alike. They are reported as "
            "one group."
        )
    ]


def test_a_near_unanimous_room_of_six_is_one_group() -> None:
    # The review's case: six participants agreeing with all 20 statements but passing on two each.
    rng, matrix = np.random.default_rng(5), np.ones((6, 20))
    for p in range(6):
        matrix[p, rng.choice(20, 2, replace=False)] = 0
    groups = opinion_groups(room(matrix))
    assert (groups.k, groups.sizes) == (1, [6])
    assert groups.p_value > opinion.ALPHA
    assert opinion_notes(groups, "sv", min_cell=5) == [
        "Rummet visar inga åsiktsgrupper: deltagarnas röster hänger inte ihop mer än när varje påståendes "
        "röster blandas slumpvis mellan dem som röstade på det (permutationstest av den första "
        f"huvudkomponenten, p = {groups.p_value:.2f}".replace(".", ",")
        + "). De 6 placerade deltagarna redovisas som en grupp."
    ]


def test_random_votes_are_one_group() -> None:
    # The review's case: four random voters were split into three groups.
    rng = np.random.default_rng(7)
    groups = opinion_groups(room(rng.choice([-1.0, 0.0, 1.0], size=(4, 20))))
    assert (groups.k, groups.sizes) == (1, [4]) and groups.p_value > opinion.ALPHA
    # Forty random rooms of 12: the test at 5 % finds groups in about 2; more than 5 would be a broken test.
    found = []
    for r in range(40):
        rng = np.random.default_rng(100 + r)
        votes = rng.choice([-1.0, 0.0, 1.0], size=(12, 15))
        votes[rng.random(votes.shape) < 0.2] = np.nan
        found.append(opinion_groups(room(votes)).k >= 2)
    assert sum(found) <= 5, f"{sum(found)} of 40 random rooms showed groups"


# --------------------------------------------------------------------------- rooms with groups


@pytest.mark.parametrize("seed", range(1, 11))
def test_two_planted_camps_are_two_groups(seed: int) -> None:
    truth = [p % 2 for p in range(24)]
    groups = opinion_groups(room(camps(24, seed=seed)))
    ari = adjusted_rand_score(truth, groups.labels.astype(int))
    assert (groups.k, ari >= 0.9) == (2, True), f"k = {groups.k}, ARI = {ari:.3f}"
    # 99 shuffled rooms, none with a main axis as strong: p = (1 + 0) / (1 + 99).
    assert groups.p_value == pytest.approx(0.01)
    assert opinion_notes(groups, "en")[0] == (
        "The votes hang together more than when each statement's votes are shuffled among those who voted "
        "on it (permutation test of the first principal component, p = 0.010). The number of opinion "
        f"groups, 2, was chosen by silhouette as in Pol.is ({groups.silhouette:.2f}); groups whose "
        "participants together vote no more consistently than chance are merged."
    )


def test_a_sparse_voter_lands_in_their_camp_or_in_too_few_votes() -> None:
    # Participant P20 voted on 7 of 20 statements, always as the even camp does.
    matrix = camps(20, statements=20, seed=2)
    sparse, picked = np.full(20, np.nan), np.random.default_rng(3).choice(20, 7, replace=False)
    sparse[picked] = [1 if s >= 18 or s < 10 else -1 for s in picked]
    votes = room(np.vstack([matrix, sparse]))
    groups = opinion_groups(votes)
    even = set(groups.labels[[f"P{p:02d}" for p in range(0, 20, 2)]])
    assert groups.k == 2 and len(even) == 1 and groups.labels["P20"] in even
    stricter = opinion_groups(votes, min_votes=8)
    assert pd.isna(stricter.labels["P20"]) and stricter.too_few_votes == ["P20"] and stricter.k == 2
    assert opinion_notes(stricter, "sv")[1] == (
        "färre än 5 deltagare röstade på färre än 8 påståenden och placeras inte i någon åsiktsgrupp (för "
        "få röster)."
    )
    assert opinion_notes(stricter, "en")[1] == (
        "fewer than 5 participants voted on fewer than 8 statements and are "
        "not placed in an opinion group (too few votes)."
    )


def test_without_the_test_every_room_is_split_as_pol_is_does() -> None:
    rng = np.random.default_rng(7)
    groups = opinion_groups(room(rng.choice([-1.0, 0.0, 1.0], size=(12, 20))), permutations=0)
    assert groups.k >= 2 and np.isnan(groups.p_value)


# -------------------------------------------------------------------------- the pieces, checked independently


def test_axis_variance_is_the_largest_eigenvalue_of_the_covariance() -> None:
    matrix = camps(10, seed=4)
    moderated = np.zeros(matrix.shape[1], dtype=bool)
    moderated[3] = True
    imputed = matrix.copy()
    imputed[:, 3] = 0.0
    imputed = np.where(np.isnan(imputed), np.nanmean(imputed, axis=0), imputed)
    expected = np.linalg.eigvalsh(np.cov(imputed, rowvar=False)).max()
    assert opinion.axis_variance(matrix, moderated) == pytest.approx(expected, rel=1e-12)


def test_shuffled_rooms_keep_every_statements_votes_and_every_participants_count() -> None:
    matrix = camps(10, seed=4)
    shuffled = opinion.shuffle_votes(matrix, np.random.default_rng(0))
    assert np.array_equal(np.isnan(shuffled), np.isnan(matrix))
    for s in range(matrix.shape[1]):
        seen = ~np.isnan(matrix[:, s])
        assert sorted(shuffled[seen, s]) == sorted(matrix[seen, s])
    assert not np.array_equal(np.nan_to_num(shuffled, nan=9), np.nan_to_num(matrix, nan=9))


def test_the_p_value_counts_the_shuffled_rooms_at_least_as_strong() -> None:
    votes = room(camps(24, seed=1))
    matrix = opinion.vote_matrix(votes)
    values, mask = matrix.to_numpy(dtype=float), np.zeros(matrix.shape[1], dtype=bool)
    observed, rng = opinion.axis_variance(values, mask), np.random.default_rng(0)
    null = [opinion.axis_variance(opinion.shuffle_votes(values, rng), mask) for _ in range(19)]
    expected = (1 + sum(n >= observed for n in null)) / 20
    assert opinion.groups_test(matrix, (), seed=0, permutations=19) == expected == 0.05


# ------------------------------------------------------------------- Pol.is' own groups on real conversations


@functools.cache
def _conversation(folder: str) -> tuple:
    export = read_polis_export(folder)
    groups = opinion_groups(export.votes, moderated_out=export.moderated_out)
    summary = pd.read_csv(Path(folder) / "summary.csv", header=None, index_col=0).iloc[:, 0]
    theirs = export.participants.set_index("participant")["group_id"].dropna().astype(int)
    ours = groups.labels.dropna().astype(int)
    both = ours.index.intersection(theirs.index)
    ari = adjusted_rand_score(theirs[both], ours[both])
    return export, groups, int(summary["groups"]), theirs, both, ari


def _message(name: str, result: tuple) -> str:
    _, groups, polis_k, theirs, both, ari = result
    return (
        f"{name}: labkit {groups.k} groups {groups.sizes} over {int(groups.labels.notna().sum())} placed, "
        f"Pol.is {polis_k} groups over {len(theirs)} placed; ARI {ari:.3f} on the {len(both)} both place; "
        f"p = {groups.p_value:.3f}, silhouette {groups.silhouette:.3f}"
    )


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_as_many_groups_as_pol_is_on_real_conversations(shared_data: Path, name: str) -> None:
    result = _conversation(str(shared_data / "polis" / name))
    _, groups, polis_k, *_ = result
    assert groups.k == polis_k, _message(name, result)


@pytest.mark.parametrize(
    "name",
    [
        "15-per-hour-seattle",
        "brexit-consensus",
        pytest.param(
            "scoop-hivemind.affordable-housing",
            marks=pytest.mark.xfail(
                strict=True,
                reason=(
                    "Pol.is split 347/34 along a tail of its first component, a split its history "
                    "(clusters updated from the previous ones) produced: it is not a k-means fixed point "
                    "of the final projection (one reassignment moves 11 of 381), the best straight cut "
                    "through labkit's projection reaches ARI 0.81, the k-means local optima closest to it "
                    "0.77, and silhouette over k-means finds 252/43 (ARI 0.73); red-dwarf's own Pol.is "
                    "pipeline finds 4 groups (ARI 0.12) and replays of Pol.is' warm-started updates in join "
                    "order 3 (ARI 0.26), benchmarks/polis_history.py; see docs/METHODS.md, opinion groups"
                ),
            ),
        ),
    ],
)
def test_the_same_groups_as_pol_is_on_real_conversations(shared_data: Path, name: str) -> None:
    result = _conversation(str(shared_data / "polis" / name))
    assert result[-1] >= 0.8, _message(name, result)


def test_pol_is_places_the_same_participants_on_seattle(shared_data: Path) -> None:
    export, groups, _, theirs, *_ = _conversation(str(shared_data / "polis" / "15-per-hour-seattle"))
    assert sorted(groups.labels.dropna().index) == sorted(theirs.index) and len(theirs) == 138
    assert len(groups.too_few_votes) == 339 - 138 and groups.min_votes == 7
    assert len(export.moderated_out) == 23 and set(groups.moderated_out) == set(export.moderated_out)
    listed = (
        set(groups.representative["statement"])
        | set(groups.consensus["statement"])
        | set(groups.stats["statement"])
    )
    assert not listed & set(export.moderated_out)


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_the_projection_equals_red_dwarfs_on_real_conversations(shared_data: Path, name: str) -> None:
    # Seattle has 23 statements moderated out, ScoopNZ 46, Brexit none.
    matrix_tools = pytest.importorskip("reddwarf.utils.matrix")
    reducer = pytest.importorskip("reddwarf.utils.reducer.base")
    export, groups, *_ = _conversation(str(shared_data / "polis" / name))
    raw = groups.matrix.copy()
    raw.columns = raw.columns.astype(int)
    raw = raw[sorted(raw.columns)]
    filtered = matrix_tools.simple_filter_matrix(
        raw, mod_out_statement_ids=[int(s) for s in export.moderated_out]
    )
    theirs, _, _ = reducer.run_reducer(filtered.to_numpy(dtype=float), reducer="pca")
    ours = groups.projection.loc[filtered.index].to_numpy()
    assert np.allclose(np.abs(ours), np.abs(theirs), atol=1e-9)
    placed = matrix_tools.get_clusterable_participant_ids(raw, vote_threshold=7)
    assert sorted(placed) == sorted(groups.labels.dropna().index)


def test_a_camp_cut_in_two_is_merged_back_and_real_camps_are_not() -> None:
    matrix = camps(24, seed=1)
    values = opinion.vote_matrix(room(matrix)).to_numpy(dtype=float)
    truth = np.array([p % 2 for p in range(24)])
    cut = np.where((truth == 1) & (np.arange(24) >= 12), 2, truth)  # the odd camp cut in two halves
    merged = opinion.merge_unsupported(
        values, cut, np.zeros(values.shape[1], dtype=bool), seed=0, permutations=99, alpha=0.05
    )
    assert adjusted_rand_score(truth, merged) == 1.0 and len(set(merged)) == 2


def test_small_rooms_of_two_camps_are_mostly_two_groups() -> None:
    # Sixteen participants, 15 % noisy votes: silhouette alone chose three groups in 3 of these 10 rooms.
    right = 0
    for seed in range(1, 11):
        groups = opinion_groups(room(camps(16, seed=seed)))
        right += (
            groups.k == 2
            and adjusted_rand_score([p % 2 for p in range(16)], groups.labels.astype(int)) >= 0.9
        )
    assert right >= 9, f"{right} of 10 rooms of two camps gave two groups"


def _lloyd_moves(xy: np.ndarray, labels: np.ndarray, steps: int) -> tuple[list[int], np.ndarray]:
    """Participants moved by each step of reassigning everyone to the nearest group mean (k-means' step)."""
    moves = []
    for _ in range(steps):
        centres = np.array([xy[labels == g].mean(axis=0) for g in np.unique(labels)])
        nearest = ((xy[:, None, :] - centres[None]) ** 2).sum(axis=-1).argmin(axis=1)
        moves.append(int((nearest != labels).sum()))
        labels = nearest
    return moves, labels


def test_pol_is_groups_are_k_means_fixed_points_except_on_scoopnz(shared_data: Path) -> None:
    # Pol.is' own groups, on labkit's projection of all participants Pol.is placed: on Seattle and Brexit
    # k-means barely moves them (base clusters blur the border), on ScoopNZ it keeps moving them, so no
    # clustering of the final projection that k-means would keep can reproduce Pol.is' ScoopNZ split.
    found = {}
    for name in CONVERSATIONS:
        _, groups, _, theirs, *_ = _conversation(str(shared_data / "polis" / name))
        xy = groups.projection.loc[theirs.index].to_numpy()
        moves, final = _lloyd_moves(xy, theirs.to_numpy(), 5)
        found[name] = (moves, round(adjusted_rand_score(theirs, final), 2))
    assert found == {
        "15-per-hour-seattle": ([1, 1, 0, 0, 0], 0.94),
        "brexit-consensus": ([6, 0, 0, 0, 0], 0.88),
        "scoop-hivemind.affordable-housing": ([11, 3, 2, 2, 3], 0.67),
    }


def test_no_straight_cut_of_the_scoopnz_projection_reaches_pol_is(shared_data: Path) -> None:
    # The ceiling of any two-group answer that splits labkit's plane by a line: every direction (0.25 degree
    # steps) and every threshold between two participants, ARI against Pol.is on the participants both place.
    _, groups, _, theirs, both, ari = _conversation(str(shared_data / "polis" / CONVERSATIONS[2]))
    xy, truth = groups.projection.loc[both].to_numpy(), theirs[both].to_numpy().astype(bool)[:, None]
    best, best_side = 0.0, None
    for angle in np.arange(0, np.pi, np.pi / 720):
        t = xy @ np.array([np.cos(angle), np.sin(angle)])
        cuts = np.unique(t)
        side = t[:, None] > ((cuts[:-1] + cuts[1:]) / 2)[None]
        cells = [
            (truth & side).sum(0),
            (truth & ~side).sum(0),
            (~truth & side).sum(0),
            (~truth & ~side).sum(0),
        ]
        pairs = sum(c * (c - 1) / 2 for c in cells)
        rows = sum(r * (r - 1) / 2 for r in (cells[0] + cells[1], cells[2] + cells[3]))
        cols = sum(c * (c - 1) / 2 for c in (cells[0] + cells[2], cells[1] + cells[3]))
        expected = rows * cols / (len(t) * (len(t) - 1) / 2)
        scores = (pairs - expected) / ((rows + cols) / 2 - expected)
        if scores.max() > best:
            best, best_side = float(scores.max()), side[:, int(scores.argmax())]
    assert adjusted_rand_score(truth[:, 0], best_side) == pytest.approx(best, abs=1e-12)
    assert ari < 0.8 and 0.80 < best < 0.815, f"labkit {ari:.3f}, best straight cut {best:.3f}"
