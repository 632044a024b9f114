"""Co-creation statistics: Kendall's W on every score (published Durbin example, Durbin's and Kendall's BIBD
formulas, exact permutation moments) and the exact multinomial representativeness test."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2, multinomial, rankdata

from labkit import lab
from labkit.methods import cocreation as cc
from labkit.methods.cocreation import ideas as idea_stats
from labkit.methods.cocreation import representation as rep

# Conover (1999), *Practical Nonparametric Statistics*, 3rd ed., §5.8 (Durbin's test), the ice-cream example:
# 7 judges (rows) each taste 3 of 7 varieties A–G (a balanced incomplete block design, r = 3, λ = 1) and rank
# them. Conover reports Durbin's T1 = 12.00 on 6 degrees of freedom (below the 0.95 quantile 12.59) and
# T2 = 8.00; the same data are the example of R's PMCMRplus::durbinTest.
CONOVER = pd.DataFrame(
    [
        [2, 3, None, 1, None, None, None],
        [None, 3, 1, None, 2, None, None],
        [None, None, 2, 1, None, 3, None],
        [None, None, None, 1, 2, None, 3],
        [3, None, None, None, 1, 2, None],
        [None, 3, None, None, None, 1, 2],
        [3, None, 1, None, None, None, 2],
    ],
    columns=list("ABCDEFG"),
    dtype=float,
)


def test_durbin_on_conovers_ice_cream_example() -> None:
    result = idea_stats.kendall_w(CONOVER)
    assert result["chi2"] == pytest.approx(12.00, abs=5e-3)
    assert result["df"] == 6 and result["p_chi2"] == pytest.approx(chi2.sf(12.0, 6))
    assert (result["raters"], result["ideas"], result["scores"], result["complete"]) == (7, 7, 21, False)
    # Conover's T2 = (T1/(t − 1)) / ((b(k − 1) − T1)/(bk − b − t + 1)) = 2 / (2/8) = 8.00
    t1 = result["chi2"]
    assert (t1 / 6) / ((7 * 2 - t1) / (21 - 7 - 7 + 1)) == pytest.approx(8.00, abs=5e-3)
    # The judges agree completely (D < C < E < F < G < A < B fits every row), so W = 1: Kendall's W for a BIBD
    # is 12 S / (λ² t (t² − 1)) and the maximal S here is 1² · 7 · 48 / 12 = 28, with T1 = (3/7) S = 12.
    assert result["w"] == pytest.approx(1.0)
    # The exact permutation p: every pair of varieties meets in exactly one block, so a configuration with
    # T1 = 12 (rank sums 3, 4, …, 9) is a transitive order of the 7 varieties: 7! of the 6^7 equally likely
    # configurations.
    exact = math.factorial(7) / 6**7
    assert result["p_method"] == "permutation"
    assert abs(result["p"] - exact) < 4 * math.sqrt(exact * (1 - exact) / idea_stats.PERMUTATIONS)


def _bibd_by_hand(ranks: np.ndarray, r: int, k: int, lam: int) -> tuple[float, float]:
    """Durbin's T and Kendall's BIBD W by their textbook formulas (untied ranks 1..k in each row)."""
    t = ranks.shape[1]
    sums = np.nansum(ranks, axis=0)
    s = float(((sums - r * (k + 1) / 2) ** 2).sum())
    durbin = 12 * (t - 1) / (r * t * (k**2 - 1)) * s
    return durbin, 12 * s / (lam**2 * t * (t**2 - 1))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_durbin_and_kendalls_bibd_w_by_their_formulas(seed: int) -> None:
    # The Fano-plane design of CONOVER with random rankings inside each block.
    rng = np.random.default_rng(seed)
    ranks = CONOVER.to_numpy().copy()
    for row in ranks:
        present = ~np.isnan(row)
        row[present] = rng.permutation(3) + 1
    result = idea_stats.kendall_w(pd.DataFrame(ranks))
    durbin, w = _bibd_by_hand(ranks, r=3, k=3, lam=1)
    assert result["chi2"] == pytest.approx(durbin) and result["w"] == pytest.approx(w)
    assert result["p_chi2"] == pytest.approx(chi2.sf(durbin, 6))


def test_skillings_mack_without_ties_by_the_papers_covariance() -> None:
    # Unbalanced: 12 raters score 3–6 of 6 ideas. Skillings & Mack (1981):
    # A_j = Σ_i √(12/(k_i+1)) (r_ij − (k_i+1)/2), Σ_jj = Σ_{l≠j} λ_jl, Σ_jl = −λ_jl with λ_jl the raters
    # who scored both j and l; T = Aᵀ Σ⁻ A.
    rng = np.random.default_rng(11)
    values = rng.normal(size=(12, 6)) + np.linspace(0, 1.5, 6)
    for row in values:
        row[rng.choice(6, size=rng.integers(0, 4), replace=False)] = np.nan
    present = ~np.isnan(values)
    k = present.sum(axis=1)
    ranks = np.array([rankdata(np.where(p, v, np.inf)) for v, p in zip(values, present, strict=True)])
    a = np.where(present, np.sqrt(12 / (k + 1))[:, None] * (ranks - ((k + 1) / 2)[:, None]), 0).sum(axis=0)
    lam = present.T.astype(int) @ present.astype(int)
    sigma = -lam.astype(float)
    np.fill_diagonal(sigma, 0)
    np.fill_diagonal(sigma, -sigma.sum(axis=1))
    expected = float(a @ np.linalg.pinv(sigma) @ a)
    result = idea_stats.kendall_w(pd.DataFrame(values))
    assert result["chi2"] == pytest.approx(expected) and result["df"] == 5
    assert result["p_chi2"] == pytest.approx(chi2.sf(expected, 5))


def test_the_tie_aware_covariance_equals_the_exact_permutation_moments() -> None:
    # Tied scores (1–4), 4 raters scoring 2–3 of 4 ideas: enumerate every within-rater permutation (H0) to get
    # the exact covariance of A, then T = Aᵀ Σ⁺ A; this must equal the closed form labkit uses.
    values = np.array([[1, 1, 3, np.nan], [np.nan, 2, 2, 4], [4, np.nan, 1, 1], [2, 3, np.nan, np.nan]])
    present = ~np.isnan(values)
    k = present.sum(axis=1)
    weight = np.sqrt(12 / (k + 1))

    def contributions(row: int) -> list[np.ndarray]:
        cols = np.flatnonzero(present[row])
        centred = rankdata(values[row, cols]) - (k[row] + 1) / 2
        out = []
        for order in itertools.permutations(range(len(cols))):
            vector = np.zeros(4)
            vector[cols] = weight[row] * centred[list(order)]
            out.append(vector)
        return out

    per_row = [contributions(i) for i in range(4)]
    draws = np.array([sum(combo) for combo in itertools.product(*per_row)])
    assert np.allclose(draws.mean(axis=0), 0)
    cov = draws.T @ draws / len(draws)
    observed = sum(per_row[i][0] for i in range(4))  # the identity permutation is the data itself
    expected = float(observed @ np.linalg.pinv(cov) @ observed)
    result = idea_stats.kendall_w(pd.DataFrame(values))
    assert result["chi2"] == pytest.approx(expected) and result["df"] == 3


def test_permutation_p_equals_the_exact_permutation_distribution() -> None:
    # A tied, incomplete design (4 raters, 2–3 ideas each): enumerate all 6·6·6·2 = 432 within-rater orders
    # and count those whose statistic is at least the observed one (the statistic is the function already
    # checked against the paper and the exact moments above).
    values = np.array([[1, 2, 4, np.nan], [np.nan, 2, 3, 4], [1, np.nan, 3, 3], [1, 2, np.nan, np.nan]])
    observed = idea_stats.kendall_w(pd.DataFrame(values))
    statistics = []
    rows = [np.flatnonzero(~np.isnan(r)) for r in values]
    for orders in itertools.product(*(itertools.permutations(range(len(c))) for c in rows)):
        shuffled = np.full_like(values, np.nan)
        for i, (cols, order) in enumerate(zip(rows, orders, strict=True)):
            shuffled[i, cols] = values[i, cols][list(order)]
        statistics.append(idea_stats._skillings_mack(shuffled)[0])
    exact = float(np.mean(np.array(statistics) >= observed["chi2"] - 1e-9))
    assert 0.01 < exact < 0.5 and observed["p_method"] == "permutation"
    assert abs(observed["p"] - exact) < 4 * math.sqrt(exact * (1 - exact) / idea_stats.PERMUTATIONS)
    assert idea_stats.kendall_w(pd.DataFrame(values), seed=5)["p"] != observed["p"]  # the seed is used
    assert idea_stats.kendall_w(pd.DataFrame(values), seed=5) == idea_stats.kendall_w(
        pd.DataFrame(values), seed=5
    )


def test_large_tables_use_the_chi2_p_value() -> None:
    rng = np.random.default_rng(2)
    values = rng.integers(1, 5, size=(60, 40)).astype(float)  # 2 400 scores > MAX_PERMUTATION_CELLS
    result = idea_stats.kendall_w(pd.DataFrame(values))
    assert result["scores"] > idea_stats.MAX_PERMUTATION_CELLS
    assert result["p_method"] == "chi2" and result["p"] == result["p_chi2"] == chi2.sf(result["chi2"], 39)


def test_the_incomplete_w_equals_the_classic_w_on_a_complete_table() -> None:
    rng = np.random.default_rng(5)
    values = rng.integers(1, 5, size=(10, 7)).astype(float)
    classic, incomplete = idea_stats.complete_w(values), idea_stats.incomplete_w(values)
    assert incomplete == pytest.approx(classic)


def test_everyone_scores_everyone_elses_idea_keeps_every_rater() -> None:
    # 8 participants, 8 ideas, the diagonal (own idea) missing. All agree on i0 < i1 < … < i7: W = 1.
    # The old complete-block pruning kept a 4 × 4 table here; now all 8 × 8 − 8 = 56 scores count.
    values = np.tile(np.arange(1, 9, dtype=float), (8, 1))
    np.fill_diagonal(values, np.nan)
    result = idea_stats.kendall_w(pd.DataFrame(values))
    assert (result["raters"], result["ideas"], result["scores"], result["df"]) == (8, 8, 56, 7)
    assert result["w"] == pytest.approx(1.0) and result["p_chi2"] < 1e-6
    assert result["p"] == pytest.approx(
        1 / (1 + idea_stats.PERMUTATIONS)
    )  # no shuffle reaches full agreement
    # One rater reverses their order: W falls below 1.
    values[0, 1:] = values[0, 1:][::-1]
    assert 0 < idea_stats.kendall_w(pd.DataFrame(values))["w"] < 1


def test_no_order_no_w() -> None:
    same = pd.DataFrame([[2, 2, np.nan], [np.nan, 3, 3], [1, np.nan, 1]], dtype=float)
    result = idea_stats.kendall_w(same)
    assert math.isnan(result["w"]) and math.isnan(result["p"]) and result["raters"] == 3
    one_score_each = pd.DataFrame([[1, np.nan], [np.nan, 2]], dtype=float)
    assert idea_stats.kendall_w(one_score_each)["raters"] == 0


def test_two_unconnected_rooms_add_up() -> None:
    # Raters 0–2 scored only ideas 0–2, raters 3–5 only ideas 3–5: χ² and df are the sums of the two rooms'.
    rng = np.random.default_rng(3)
    left, right = rng.integers(1, 5, size=(3, 3)).astype(float), rng.integers(1, 5, size=(3, 3)).astype(float)
    left[0, 0] = right[1, 2] = np.nan
    both = np.full((6, 6), np.nan)
    both[:3, :3], both[3:, 3:] = left, right
    whole, a, b = (idea_stats.kendall_w(pd.DataFrame(v)) for v in (both, left, right))
    assert whole["chi2"] == pytest.approx(a["chi2"] + b["chi2"]) and whole["df"] == a["df"] + b["df"] == 4


# --------------------------------------------------------------------------- representativeness: exact p


@pytest.fixture(scope="module")
def bundled():
    from labkit.data.sources import load_source

    return load_source("bundled", None)


def _exact_by_enumeration(counts: list[int], shares: list[float]) -> float:
    """Independent exact multinomial p: scipy's pmf over every outcome no more likely than the observed."""
    n, k = sum(counts), len(counts)
    observed = multinomial.pmf(counts, n, shares)
    total = 0.0
    for bars in itertools.combinations(range(n + k - 1), k - 1):
        edges = (-1, *bars, n + k - 1)
        outcome = [edges[i + 1] - edges[i] - 1 for i in range(k)]
        probability = multinomial.pmf(outcome, n, shares)
        if probability <= observed * (1 + 1e-7):
            total += probability
    return total


def test_lerum_examples_use_the_exact_test(bundled, tmp_path: Path) -> None:
    # Lerum's example workshop: 11 residents over områdestyp with expected counts 2.0, 7.1 and 1.9 (< 5).
    # The asymptotic χ² p-value is 0.047; the exact multinomial one 0.064 (the figures the review reported).
    params = cc.Params("1441", records="examples")
    result = cc.analyse(
        cc.load_inputs(
            lab.context(bundled, "cocreation", params.kommun_kod, out_dir=tmp_path, params=params), params
        ),
        params,
    )
    comparison = result.representation["omradestyp"]
    assert comparison.table["participants"].tolist() == [1, 5, 5]
    assert comparison.p_chi2 == pytest.approx(0.047, abs=5e-4)
    assert comparison.p_method == "exact" and comparison.p == pytest.approx(0.064, abs=5e-4)
    shares = comparison.table["population_share"].tolist()
    assert comparison.p == pytest.approx(_exact_by_enumeration([1, 5, 5], shares))
    # 14 areas and 11 residents are C(24, 13) = 2 496 144 outcomes: seeded Monte Carlo, said in the report.
    by_area = result.representation["area"]
    assert by_area.p_method == "monte_carlo" and 0 < by_area.p <= 1
    from labkit.methods.cocreation.display import p_method_notes

    assert p_method_notes(result) == [
        (
            "Några förväntade antal är under 5, så χ²-testets p-värde vore bara ungefärligt. p-värdet är i "
            "stället det exakta multinomialtestets: sannolikheten för alla fördelningar av deltagarna som "
            "är högst lika sannolika som den observerade, om rummet vore ett slumpmässigt urval av "
            "befolkningen."
        ),
        (
            "Några förväntade antal är under 5, så χ²-testets p-värde vore bara ungefärligt. p-värdet är i "
            "stället det exakta multinomialtestets, uppskattat med 100\u202f000 slumpade rum (fröet 0): "
            "andelen som är högst lika sannolika som det observerade, om rummet vore ett slumpmässigt "
            "urval av befolkningen."
        ),
    ]


def test_monte_carlo_agrees_with_enumeration_and_is_seeded(monkeypatch: pytest.MonkeyPatch) -> None:
    counts, shares = [0, 1, 4, 2, 3, 2], [0.1, 0.25, 0.15, 0.2, 0.05, 0.25]  # C(17, 5) = 6188 outcomes
    exact = _exact_by_enumeration(counts, shares)
    assert rep.exact_multinomial(np.array(counts), np.array(shares)) == (pytest.approx(exact), "exact")
    monkeypatch.setattr(rep, "MAX_OUTCOMES", 100)
    p, method = rep.exact_multinomial(np.array(counts), np.array(shares), seed=4)
    assert method == "monte_carlo" and abs(p - exact) < 4 * math.sqrt(exact * (1 - exact) / rep.DRAWS)
    assert rep.exact_multinomial(np.array(counts), np.array(shares), seed=4)[0] == p


def test_large_expected_counts_keep_the_chi2_test() -> None:
    comparison = rep.compare(
        pd.Series({"a": 30, "b": 20, "c": 50}),
        pd.Series({"a": 100.0, "b": 300.0, "c": 600.0}),
        pd.Series({"a": "A", "b": "B", "c": "C"}),
        "area",
    )
    assert comparison.table["expected"].tolist() == pytest.approx([10, 30, 60])
    # χ² = 400/10 + 100/30 + 100/60 = 45, df 2: p = exp(−22.5)
    assert comparison.p_method == "chi2" and comparison.p == comparison.p_chi2 == pytest.approx(
        math.exp(-22.5)
    )


def test_partille_examples_rank_on_every_score(bundled, tmp_path: Path) -> None:
    # data/examples/1402/votes.csv: 160 scores, none on the scorer's own idea, from 21 participants on 8 ideas
    # (the complete-block pruning used to keep 13 raters). The report says how W and its p-value were found.
    params = cc.Params("1402", records="examples")
    result = cc.analyse(
        cc.load_inputs(
            lab.context(bundled, "cocreation", params.kommun_kod, out_dir=tmp_path, params=params), params
        ),
        params,
    )
    kendall = result.kendall
    assert (kendall["raters"], kendall["ideas"], kendall["scores"], kendall["df"]) == (21, 8, 160, 7)
    assert (kendall["complete"], kendall["method"], kendall["p_method"]) == (
        False,
        "skillings_mack",
        "permutation",
    )
    assert kendall["chi2"] == pytest.approx(
        idea_stats.incomplete_w(idea_stats.rater_matrix(result.scores).to_numpy())[1]
    )
    assert result.notes[2:4] == (
        (
            "Kendalls W är beräknat på alla 160 poäng som 21 deltagare gav 8 idéer. Alla har inte "
            "poängsatt alla (ingen poängsätter sin egen idé), så W och testet är de för ofullständiga "
            "block: Skillings–Macks test (Durbins test när upplägget är balanserat), och W mäts mot vad "
            "samma upplägg ger när alla rangordnar i samma ordning."
        ),
        (
            "p-värdet för Kendalls W kommer från ett permutationstest: 10\u202f000 slumpade omkastningar "
            "av varje deltagares poäng mellan de idéer deltagaren poängsatte (fröet 0). Med få deltagare "
            "och många lika poäng är χ²-fördelningen bara ungefärlig; dess p-värde visas bredvid."
        ),
    )
    figures = cc.key_figures(result)["agreement"]
    assert figures["p_method"] == "permutation" and figures["p"] == pytest.approx(kendall["p"])


@pytest.mark.parametrize("seed", range(8))
def test_full_agreement_maximum_against_every_order(seed: int) -> None:
    # W divides χ² by its largest value under full agreement in the same design. Try all 6! common orders of
    # an untied, unbalanced table: the search finds that maximum here for seeds 0–6; it is a local search, so
    # it can fall short (seed 7: 0.4 % below), which only ever makes W a little larger, never smaller.
    rng = np.random.default_rng(seed)
    values = rng.normal(size=(6, 6)) + np.linspace(0, 2, 6)
    values[rng.random((6, 6)) < 0.35] = np.nan
    values = values[(~np.isnan(values)).sum(axis=1) >= 2]
    present = ~np.isnan(values)
    best = max(
        idea_stats._skillings_mack(np.where(present, np.array(order, dtype=float)[None, :], np.nan))[0]
        for order in itertools.permutations(range(6))
    )
    w, statistic, _ = idea_stats.incomplete_w(values)
    if seed < 7:
        assert w == pytest.approx(statistic / best, rel=1e-9)
    else:
        assert statistic / best < w < 1.01 * statistic / best
