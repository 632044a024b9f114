"""Co-creation: hand-checked representativeness, ranking and Kendall's W, opinion groups, journal to
report."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from scipy.stats import chisquare, friedmanchisquare
from sklearn.metrics import adjusted_rand_score

from labkit import handover, lab
from labkit.capture import LabJournal
from labkit.capture.journal import frame_of
from labkit.data.bundled import example_records
from labkit.errors import CaptureError, ConfigError, InputDataError
from labkit.methods import cocreation as cc
from labkit.methods import target_groups as tg
from labkit.methods.cocreation import ideas as idea_stats
from labkit.methods.cocreation import representation as rep
from labkit.methods.cocreation.inputs import KINDS, Inputs

# --------------------------------------------------------------------------- a tiny municipality, by hand
#
# Three areas: A (100 people, områdestyp 2), B (300, type 3), C (600, type 4), so P = 0.1, 0.3, 0.6.
# Ten residents took part: 4 from A, 4 from B, 2 from C (p = 0.4, 0.4, 0.2), plus two officers
# without a home area and one resident of another municipality.
#   RR = 4, 4/3, 1/3;  D = ½(0.3 + 0.1 + 0.4) = 0.4;
#   expected = 1, 3, 6;  χ² = 9/1 + 1/3 + 16/6 = 12;  df = 2;  p = exp(-12/2) = exp(-6).

AREAS = pd.DataFrame(
    {
        "area_code": ["1402X001", "1402X002", "1402X003"],
        "area_name": ["A", "B", "C"],
        "population": [100.0, 300.0, 600.0],
        "omradestyp": [2, 3, 4],
        "omradestyp_label": [
            "socioekonomiska utmaningar",
            "socioekonomiskt blandade",
            "goda förutsättningar",
        ],
    }
)
HOMES = ["1402X001"] * 4 + ["1402X002"] * 4 + ["1402X003"] * 2 + [None, None, "1480X001"]


def _people() -> pd.DataFrame:
    roles = ["invånare"] * 10 + ["tjänsteperson", "tjänsteperson", "invånare"]
    return frame_of(
        "participant",
        [
            {"id": f"p{i}", "pseudonym": f"P{i:02d}", "role": r, "home_area": h}
            for i, (r, h) in enumerate(zip(roles, HOMES, strict=True))
        ],
    )


def _inputs(**records: pd.DataFrame) -> Inputs:
    frames = {kind: frame_of(kind, []) for kind in KINDS}
    frames["participant"] = _people()
    frames.update(records)
    target = pd.DataFrame(
        {
            "rank": [1, 2, 3],
            "group": ["born_abroad", "hyresratt", "born_abroad"],
            "area_code": ["1402X001", "1402X001", "1402X009"],
            "area_name": ["A", "A", "Z"],
            "label": ["Födda utomlands", "Boende i hyresrätt", "Födda utomlands"],
        }
    )
    return Inputs(
        kommun_kod="1402",
        kommun="Partille",
        origin="journal",
        journal_path="labbok.sqlite",
        workshop="",
        records=frames,
        areas=AREAS,
        year=2023,
        area_type_year=2022,
        synthetic=True,
        target_groups=target,
    )


def test_representativeness_equals_the_hand_computation() -> None:
    people = rep.residents(_people(), AREAS)
    for comparison in (rep.by_area_type(people, AREAS), rep.by_area(people, AREAS)):
        assert comparison.n == 10
        assert comparison.table["participants"].tolist() == [4, 4, 2]
        assert comparison.table["ratio"].tolist() == pytest.approx([4, 4 / 3, 1 / 3])
        assert comparison.dissimilarity == pytest.approx(0.4)
        assert comparison.chi2 == pytest.approx(12.0)
        assert comparison.df == 2
        assert comparison.p_chi2 == pytest.approx(math.exp(-6))
        assert comparison.table["status"].tolist() == ["over", "", "under"]
        assert (
            comparison.p_method == "exact"
        )  # expected 1 < 5: the exact multinomial test (see test_cocreation_statistics)
    independent = chisquare([4, 4, 2], [1, 3, 6])
    assert comparison.chi2 == pytest.approx(independent.statistic)
    assert comparison.p_chi2 == pytest.approx(independent.pvalue)


def test_representativeness_reaches_the_key_figures() -> None:
    params = cc.Params("1402", min_cell=1)
    figures = cc.key_figures(cc.analyse(_inputs(), params))["representativeness"]
    assert figures["dimension"] == "omradestyp" and figures["residents"] == 10
    assert figures["dissimilarity"] == pytest.approx(0.4) and figures["chi2"] == pytest.approx(12.0)
    assert figures["chi2_p"] == pytest.approx(math.exp(-6))
    # exact: 10!/(4!4!2!)·0.1⁴·0.3⁴·0.6² = 9.1854e-4 observed; the outcomes no more likely sum to 0.0041460508
    assert figures["p_method"] == "exact" and figures["p"] == pytest.approx(0.0041460508)
    assert figures["ratios"] == pytest.approx({"2": 4.0, "3": 4 / 3, "4": 1 / 3})
    assert figures["under_represented"] == ["4"]
    assert figures["by_area"]["ratios"] == pytest.approx(
        {"1402X001": 4.0, "1402X002": 4 / 3, "1402X003": 1 / 3}
    )


def test_small_counts_are_suppressed_everywhere() -> None:
    result = cc.analyse(_inputs(), cc.Params("1402"))  # min_cell 5: every group of 4 or 2 is hidden
    figures = cc.key_figures(result)
    assert figures["representativeness"]["ratios"] == {"2": None, "3": None, "4": None}
    assert figures["representativeness"]["dissimilarity"] == pytest.approx(0.4)  # an aggregate stays
    table = cc.show_representativeness(result).data
    assert table["Deltagare"].tolist() == ["färre än 5"] * 3
    assert table["Representationskvot"].tolist() == ["–"] * 3
    room = cc.show_room(result).data
    assert room.to_dict("list") == {
        "Roll": ["invånare", "tjänsteperson"],
        "Deltagare": ["11", "färre än 5"],
        "Bor i kommunen": ["10", "0"],
        "Bor utanför": ["färre än 5", "0"],
        "Uppgift saknas": ["0", "färre än 5"],
    }


def test_no_residents_means_no_comparison() -> None:
    people = _people().assign(home_area=None)
    result = cc.analyse(_inputs(participant=people), cc.Params("1402"))
    figures = cc.key_figures(result)["representativeness"]
    assert figures["residents"] == 0 and figures["dissimilarity"] is None and figures["chi2_p"] is None
    assert cc.show_representativeness(result).data == (
        "*Färre än 5 deltagare bor i kommunen enligt sina uppgifter, så jämförelsen med befolkningen visas "
        "inte.*"
    )


def test_missing_from_the_room_lists_the_target_areas_without_residents() -> None:
    result = cc.analyse(_inputs(), cc.Params("1402", min_cell=1))
    assert result.missing[["area_code", "groups", "participants", "missing"]].values.tolist() == [
        ["1402X001", "Födda utomlands, Boende i hyresrätt", 4, False],
        ["1402X009", "Födda utomlands", 0, True],
    ]
    assert cc.key_figures(result)["missing_from_room"] == ["1402X009"]


# --------------------------------------------------------------------------- ideas, ranking, Kendall's W


def _ideas() -> pd.DataFrame:
    rows = [
        ("i1", "Bänkar", 1, "P00", None),
        ("i2", "Bänkar med tak", 2, "P01", "i1"),
        ("i3", "Bänkar med tak och belysning", 3, "P02", "i2"),
        ("i4", "Lekplats", 1, "P03", None),
        ("i5", "Fler bänkar", 2, "P04", "i1"),
    ]
    return frame_of(
        "idea", [{"id": i, "text": t, "round": r, "participant": p, "builds_on": b} for i, t, r, p, b in rows]
    )


def _scores(rows: list[tuple]) -> pd.DataFrame:
    return frame_of(
        "priority_score",
        [
            {"id": f"s{n}", "idea": i, "participant": p, "criterion": c, "score": s}
            for n, (i, p, c, s) in enumerate(rows)
        ],
    )


def test_ideas_per_round_and_the_build_on_tree() -> None:
    ideas = _ideas()
    additions = frame_of(
        "yes_and", [{"id": "y1", "idea": "i4", "text": "ja, och gungor", "participant": "P00"}]
    )
    assert idea_stats.ideas_per_round(ideas).values.tolist() == [[1, 2, 2, 0], [2, 2, 0, 2], [3, 1, 0, 1]]
    tree = idea_stats.build_on_tree(ideas, additions)
    assert tree[["id", "root", "depth", "descendants", "additions"]].values.tolist() == [
        ["i1", "i1", 0, 3, 0],
        ["i2", "i1", 1, 1, 0],
        ["i3", "i1", 2, 0, 0],
        ["i5", "i1", 1, 0, 0],
        ["i4", "i4", 0, 0, 1],
    ]


def test_ranking_by_hand_with_two_criteria_and_a_masked_self_vote() -> None:
    # i1: P01 gives 4 and 2 (mean 3), P02 gives 2 and 2 (mean 2), P00 scores own idea (masked).
    # i4: P01 gives 3 twice (3), P02 3 and 4 (3.5): mean 3.25, sd √((0.25² · 2)/1) = 0.353553...
    scores = _scores(
        [
            ("i1", "P01", "effekt", 4),
            ("i1", "P01", "kostnad", 2),
            ("i1", "P02", "effekt", 2),
            ("i1", "P02", "kostnad", 1),
            ("i1", "P02", "kostnad", 2),
            ("i1", "P00", "effekt", 4),
            ("i4", "P01", "effekt", 3),
            ("i4", "P01", "kostnad", 3),
            ("i4", "P02", "effekt", 3),
            ("i4", "P02", "kostnad", 4),
        ]
    )
    kept, masked = idea_stats.clean_scores(scores, _ideas())
    assert masked == 1 and len(kept) == 8  # the self-vote is masked and P02's first "kostnad" on i1 replaced
    table = idea_stats.ranking(kept, _ideas(), pd.Series({"i1": 2}))
    assert table[["rank", "idea", "raters", "mean", "median", "sum", "dots"]].values.tolist() == [
        [1, "i4", 2, 3.25, 3.25, 6.5, 0],
        [2, "i1", 2, 2.5, 2.5, 5.0, 2],
    ]
    assert table["sd"].tolist() == pytest.approx([math.sqrt(0.125), math.sqrt(0.5)])
    assert table["mean_effekt"].tolist() == [3.0, 3.0] and table["mean_kostnad"].tolist() == [3.5, 2.0]


def test_kendall_w_by_hand() -> None:
    # Three raters rank four ideas identically: W = 1. Reversing one rater: rank sums 6, 7, 8, 9 ... by hand.
    same = pd.DataFrame([[1, 2, 3, 4]] * 3, index=list("abc"), columns=list("wxyz"), dtype=float)
    assert idea_stats.kendall_w(same)["w"] == pytest.approx(1.0)
    mixed = pd.DataFrame(
        [[1, 2, 3, 4], [1, 2, 3, 4], [4, 3, 2, 1]], index=list("abc"), columns=list("wxyz"), dtype=float
    )
    # rank sums 6, 7, 8, 9; mean 7.5; S = 2.25 + 0.25 + 0.25 + 2.25 = 5; W = 12·5/(9·60) = 1/9
    assert idea_stats.kendall_w(mixed)["w"] == pytest.approx(1 / 9)


def test_kendall_w_with_ties_matches_friedman() -> None:
    rng = np.random.default_rng(7)
    matrix = pd.DataFrame(rng.integers(1, 5, size=(9, 6)), columns=[f"i{n}" for n in range(6)], dtype=float)
    result = idea_stats.kendall_w(matrix)
    friedman = friedmanchisquare(*matrix.to_numpy().T)
    m, n = matrix.shape
    assert result["w"] == pytest.approx(friedman.statistic / (m * (n - 1)))
    assert result["chi2"] == pytest.approx(friedman.statistic) and result["p_chi2"] == pytest.approx(
        friedman.pvalue
    )
    assert result["p_method"] == "permutation"  # 54 scores: the p-value shown is the permutation test's
    assert (result["complete"], result["method"], result["df"], result["scores"]) == (True, "friedman", 5, 54)


def test_kendall_w_uses_every_score_of_an_incomplete_table() -> None:
    # d skipped i1: all four raters and three ideas count (no rater is dropped), with the incomplete-block
    # test.
    matrix = pd.DataFrame(
        {"i1": [1, 2, 3, np.nan], "i2": [2, 3, 4, 1], "i3": [3, 4, 1, 2]},
        index=["a", "b", "c", "d"],
        dtype=float,
    )
    result = idea_stats.kendall_w(matrix)
    assert (result["raters"], result["ideas"], result["scores"], result["df"]) == (4, 3, 11, 2)
    assert (result["complete"], result["method"]) == (False, "skillings_mack")
    assert math.isnan(idea_stats.kendall_w(matrix[["i1"]])["w"])


def test_dot_tally() -> None:
    dots = frame_of(
        "dot",
        [
            {"id": f"d{n}", "workshop_id": "w", "idea": i, "participant": p}
            for n, (i, p) in enumerate([("i4", "P01"), ("i1", "P01"), ("i4", "P02")])
        ],
    )
    assert idea_stats.dot_tally(dots, _ideas())[["idea", "dots"]].values.tolist() == [["i4", 2], ["i1", 1]]


# --------------------------------------------------------------------------- opinion groups


def planted_votes(
    n: int = 40, statements: int = 16, seed: int = 1, noise: float = 0.15
) -> tuple[pd.DataFrame, dict]:
    """Two camps disagreeing on statements 0-13 and both agreeing with 14-15; 20 % of votes unseen."""
    rng, rows, camp = np.random.default_rng(seed), [], {}
    for p in range(n):
        who = f"P{p:02d}"
        camp[who] = p % 2
        for s in range(statements):
            if rng.random() < 0.2:
                continue
            base = 1 if s >= statements - 2 or (s < statements // 2) == (p % 2 == 0) else -1
            vote = base if rng.random() > noise else int(rng.choice([0, -base]))
            rows.append((who, f"S{s:02d}", vote))
    return pd.DataFrame(rows, columns=["participant", "statement", "vote"]), camp


def test_opinion_groups_recover_planted_camps() -> None:
    votes, camp = planted_votes()
    groups = cc.opinion_groups(votes)
    assert isinstance(groups.labels, pd.Series) and groups.labels.index.tolist() == sorted(camp)
    assert groups.k == 2 and groups.sizes == [20, 20]
    truth = pd.Series(camp)[groups.labels.index]
    assert adjusted_rand_score(truth, groups.labels.astype(int)) >= 0.9
    assert groups.consensus_ids == ["S15", "S14"] or set(groups.consensus_ids) == {"S14", "S15"}
    assert set(groups.representative["group"]) == {0, 1}


def test_opinion_groups_are_deterministic_with_a_seed() -> None:
    votes, _ = planted_votes(seed=3, noise=0.3)
    first, second = cc.opinion_groups(votes, seed=5), cc.opinion_groups(votes, seed=5)
    assert first.labels.equals(second.labels) and first.consensus.equals(second.consensus)


def test_participants_with_too_few_votes_are_not_grouped() -> None:
    votes, _ = planted_votes()
    votes = votes[~((votes["participant"] == "P00") & (votes["statement"] > "S02"))]
    groups = cc.opinion_groups(votes, min_votes=7)
    assert pd.isna(groups.labels["P00"]) and groups.labels.notna().sum() == 39
    assert cc.opinion_groups(votes.head(20), min_votes=7).k == 0


def test_a_bad_vote_is_an_input_error() -> None:
    votes = pd.DataFrame({"participant": ["a"], "statement": ["s"], "vote": [2]})
    with pytest.raises(InputDataError) as err:
        cc.opinion_groups(votes)
    assert (
        str(err.value)
        == "column 'vote': invalid vote: expected 1 (agree), 0 (pass) or -1 (disagree); found 2."
    )
    with pytest.raises(InputDataError) as err:
        cc.opinion_groups(votes.rename(columns={"vote": "röst"}))
    assert str(err.value) == (
        "missing columns vote: expected columns participant, statement, vote; found columns "
        "participant, statement, röst."
    )


def test_parity_with_red_dwarf() -> None:
    base = pytest.importorskip("reddwarf.implementations.base")
    votes, _ = planted_votes(n=50, seed=11, noise=0.25)
    ours = cc.opinion_groups(votes, seed=0)
    theirs = base.run_pipeline(
        [
            {"participant_id": int(p[1:]), "statement_id": int(s[1:]), "vote": int(v), "modified": n}
            for n, (p, s, v) in enumerate(votes.itertuples(index=False))
        ],
        random_state=0,
    )
    projected = theirs.participants_df[["x", "y"]].to_numpy()
    assert np.allclose(np.abs(ours.projection.to_numpy()), np.abs(projected))
    rd_labels = theirs.participants_df["cluster_id"].astype(int).to_numpy()
    assert adjusted_rand_score(rd_labels, ours.labels.astype(int).to_numpy()) == 1.0
    mapping = {
        int(g): int(pd.Series(rd_labels[ours.labels.to_numpy() == g]).mode()[0]) for g in range(ours.k)
    }
    stats = theirs.group_comment_stats
    for row in ours.stats.itertuples(index=False):
        other = stats.loc[(mapping[row.group], int(row.statement[1:]))]
        assert [row.na, row.nd, row.ns] == [other["na"], other["nd"], other["ns"]]
        assert [row.pa, row.pd, row.pat, row.pdt, row.ra, row.rd, row.rat, row.rdt] == pytest.approx(
            [other[c] for c in ("pa", "pd", "pat", "pdt", "ra", "rd", "rat", "rdt")]
        )
    gac = theirs.group_aware_consensus["agree"]
    assert {
        s: g for s, g in zip(ours.consensus["statement"], ours.consensus["gac"], strict=True)
    } == pytest.approx({f"S{k:02d}": v for k, v in gac.items()})


# --------------------------------------------------------------------------- params and inputs


def test_params_name_the_parameter_and_the_allowed_values() -> None:
    cases = [
        (
            {"records": "live"},
            ("parameter 'records': invalid value: expected one of auto, journal, examples; found 'live'."),
        ),
        (
            {"dimension": "age"},
            ("parameter 'dimension': invalid value: expected one of omradestyp, area; found 'age'."),
        ),
        (
            {"min_cell": 0},
            "parameter 'min_cell': invalid value: expected an integer from 1 to 100; found 0.",
        ),
        ({"lang": "de"}, "parameter 'lang': invalid value: expected one of sv, en; found 'de'."),
    ]
    for change, message in cases:
        with pytest.raises(ConfigError) as err:
            cc.Params("1402", **change)
        assert str(err.value) == message


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """The bundled data and a run folder holding 1402's target-group analysis, as the runner hands it over."""
    from labkit.data.sources import load_source

    dataset = load_source("bundled", None)
    folder = tmp_path_factory.mktemp("run")
    tg_params = tg.Params(kommun_kod="1402", n_sim=1)
    handover.write(
        folder, "target_groups", tg.analyse(tg.load_inputs(lab.context(dataset), tg_params), tg_params)
    )
    return SimpleNamespace(dataset=dataset, run=folder)


def _load(bundled: SimpleNamespace, params: cc.Params, run: Path | None = None) -> Inputs:
    """``cocreation.load_inputs`` as a notebook of the run calls it."""
    ctx = lab.context(
        bundled.dataset,
        "cocreation",
        params.kommun_kod,
        lang=params.lang,
        out_dir=run or bundled.run,
        params=params,
    )
    return cc.load_inputs(ctx, params)


def test_examples_are_read_when_there_is_no_journal(bundled, tmp_path: Path) -> None:
    params = cc.Params("1402", journal=str(tmp_path / "none.sqlite"))
    inputs = _load(bundled, params)
    assert inputs.origin == "examples" and not (tmp_path / "none.sqlite").exists()
    result = cc.analyse(inputs, params)
    votes, ideas = example_records("1402", "votes"), example_records("1402", "ideas")
    means = votes.groupby("idea_id")["score"].mean().sort_values(ascending=False)
    figures = json.loads(json.dumps(cc.key_figures(result)))
    assert figures["records"] == "examples" and figures["ideas"]["count"] == len(ideas)
    assert figures["ranking"][0]["mean"] == pytest.approx(means.iloc[0])
    assert figures["ranking"][0]["idea_id"] == means[means == means.iloc[0]].index.min()
    assert "påhittade exempelposter" in result.notes[0]


def test_example_dots_statements_and_stakeholders_are_read(bundled, tmp_path: Path) -> None:
    params = cc.Params("1402", journal=str(tmp_path / "none.sqlite"))
    result = cc.analyse(_load(bundled, params), params)
    figures = json.loads(json.dumps(cc.key_figures(result)))
    dots, votes = example_records("1402", "dots"), example_records("1402", "statement_votes")
    # data/examples/1402/dots.csv: 18 participants placed 3 dots and 3 placed 2 (60); I07 got 9.
    assert figures["dots"]["total"] == len(dots) == 60 and figures["dots"]["by_idea"]["I07"] == 9
    # Three camps were planted among the 21 participants; all 21 cast at least min_votes (7) of 10 votes.
    assert (votes.groupby("participant_id").size() >= params.min_votes).sum() == 21
    groups = figures["opinion_groups"]
    assert (groups["k"], groups["grouped"], sum(groups["sizes"])) == (3, 21, 21)
    assert groups["consensus_statement_ids"] == ["ST01"]  # planted: everybody agrees with ST01 and ST02
    assert figures["stakeholders"]["count"] == 8 and result.stakeholders["power"].between(1, 5).all()
    assert result.ladder["step"].tolist() == [1, 2, 3, 4]
    assert result.tree["additions"].sum() == len(example_records("1402", "yes_and")) == 8


def _journal(path: Path) -> LabJournal:
    """A live workshop: participants from the bundled areas, ideas, scores, dots, statements and
    stakeholders."""
    journal = LabJournal(path, workshop="w1")
    journal.set_setting("store_names", True)
    votes, _ = planted_votes(n=24, statements=10, noise=0.05)
    for n, who in enumerate(sorted(votes["participant"].unique())):
        journal.add(
            "participant",
            pseudonym=who,
            role="invånare",
            home_area=f"1402X{n % 3 + 1:03d}",
            name=f"Hemligt Namn {n}",
        )
    first = journal.add("idea", text="Bänkar på torget", round=1, participant="P00")
    second = journal.add("idea", text="Bänkar med tak", round=2, participant="P01", builds_on=first)
    journal.add("priority_score", idea=first, participant="P01", criterion="kostnad", score=4)
    journal.add("priority_score", idea=second, participant="P00", criterion="kostnad", score=2)
    journal.add("dot", idea=second, participant="P03")
    ids = {s: journal.add("statement", text=f"Påstående {s}") for s in sorted(votes["statement"].unique())}
    for row in votes.itertuples(index=False):
        journal.add(
            "statement_vote", statement=ids[row.statement], participant=row.participant, vote=row.vote
        )
    journal.add("stakeholder", name="Hyresgästföreningen", power=2, interest=5)
    journal.add("stakeholder", name="Hyresgästföreningen", power=4, interest=5)
    journal.add("stakeholder", name="Trafikverket", power=5, interest=1)
    journal.add("activity", name="Brainwriting", level="delaktighet")
    return journal


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The path of a journal made once for the module (tests that add to it work on a copy)."""
    return _journal(tmp_path_factory.mktemp("live") / "labbok.sqlite").path


def _copy(path: Path, target: Path) -> LabJournal:
    with sqlite3.connect(path) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return LabJournal(target, workshop="w1")


def test_the_journal_is_read_once_it_has_records(bundled, live: Path, tmp_path: Path) -> None:
    journal = _copy(live, tmp_path / "labbok.sqlite")
    params = cc.Params("1402", journal=str(journal.path), min_votes=3)
    result = cc.analyse(_load(bundled, params), params)
    figures = json.loads(json.dumps(cc.key_figures(result)))
    assert result.origin == "journal" and figures["participants"] == 24
    assert figures["ideas"] == {
        "count": 2,
        "by_round": {"1": 1, "2": 1},
        "build_on": 1,
        "max_depth": 1,
        "yes_and": 0,
    }
    assert [r["mean"] for r in figures["ranking"]] == [4.0, 2.0]
    assert figures["dots"] == {"total": 1, "by_idea": {result.ideas["id"][1]: 1}}
    assert figures["opinion_groups"]["k"] == 2 and figures["opinion_groups"]["sizes"] == [12, 12]
    assert len(figures["opinion_groups"]["consensus_statement_ids"]) == 2
    assert figures["stakeholders"] == {"count": 2, "quadrants": {"manage_closely": 1, "keep_satisfied": 1}}
    assert figures["ladder"] == [{"activity": "Brainwriting", "level": "delaktighet", "step": 3}]
    journal.add("idea", text="Ny idé efter pausen", round=3, participant="P05")  # the next cell sees it
    assert cc.analyse(_load(bundled, params), params).ideas["text"].tolist()[-1] == "Ny idé efter pausen"


def test_names_never_reach_the_report(bundled, live: Path) -> None:
    params = cc.Params("1402", journal=str(live), min_votes=3)
    result = cc.analyse(_load(bundled, params), params)
    shown = [
        f(result)
        for f in (
            cc.show_room,
            cc.show_representativeness,
            cc.show_opinion_groups,
            cc.show_missing,
            cc.show_ranking,
            cc.show_tree,
            cc.show_stakeholders,
            cc.show_notes,
        )
    ]
    text = (
        json.dumps(cc.key_figures(result), ensure_ascii=False)
        + "".join(s.to_html() if hasattr(s, "to_html") else s.data for s in shown)
        + result._repr_html_()
    )
    assert "Hemligt Namn" not in text and "name" not in result.participants.columns


def test_journal_and_workshop_errors(bundled, live: Path, tmp_path: Path) -> None:
    with pytest.raises(CaptureError) as err:
        _load(bundled, cc.Params("1402", records="journal", journal=str(tmp_path / "x.sqlite")))
    assert str(err.value) == (
        f"{tmp_path / 'x.sqlite'}: no lab journal: expected a journal with workshop records; "
        "found no file. Use records='examples' or 'auto' to read the examples."
    )
    with pytest.raises(ConfigError) as err:
        _load(bundled, cc.Params("1402", journal=str(live), workshop="w9"))
    assert (
        str(err.value)
        == "parameter 'workshop': workshop not in the lab journal: expected one of w1; found 'w9'."
    )


def test_every_display_and_chart_runs_in_both_languages(bundled, live: Path) -> None:
    for lang in ("sv", "en"):
        params = cc.Params("1402", journal=str(live), min_votes=3, lang=lang)
        result = cc.analyse(_load(bundled, params), params)
        for name in cc.__all__:
            if name.startswith("show_"):
                shown = getattr(cc, name)(result)
                assert hasattr(shown, "to_html") or hasattr(shown, "data"), name
            if name.startswith("plot_"):
                ax = getattr(cc, name)(result)
                assert isinstance(ax, Axes), name
                plt.close(ax.figure)
        headers = cc.show_stakeholders(result).data.columns.tolist()
        assert headers[0] == ("Intressent" if lang == "sv" else "Stakeholder")


def test_charts_draw_into_a_given_axes_and_say_when_empty() -> None:
    result = cc.analyse(_inputs(), cc.Params("1402"))
    fig, ax = plt.subplots()
    assert cc.plot_dots(result, ax=ax) is ax
    assert ax.texts[0].get_text() == "Inga poster av slaget ”Prickar” finns i underlaget."
    plt.close(fig)


def test_stakeholders_latest_entry_and_quadrants() -> None:
    rows = [("A", 2, 5), ("B", 5, 1), ("A", 4, 5), ("C", 1, 1), ("D", 2, 4)]
    grid = cc.analysis.stakeholder_grid(
        frame_of(
            "stakeholder",
            [{"id": f"s{n}", "name": a, "power": p, "interest": i} for n, (a, p, i) in enumerate(rows)],
        )
    )
    assert grid[["name", "power", "interest", "quadrant"]].values.tolist() == [
        ["B", 5, 1, "keep_satisfied"],
        ["A", 4, 5, "manage_closely"],
        ["D", 2, 4, "keep_informed"],
        ["C", 1, 1, "monitor"],
    ]


def test_params_are_built_from_the_notebook_values() -> None:
    values = {
        "records": "examples",
        "year": 0,
        "min_cell": 3,
        "top": 5,
        "seed": 2,
        "min_votes": 4,
        "journal": "",
        "workshop": "",
        "dimension": "area",
        "kommun": "1462",
    }
    assert cc.Params.from_values("1462", "en", values) == cc.Params(
        "1462", lang="en", records="examples", min_cell=3, top=5, seed=2, min_votes=4, dimension="area"
    )
    assert cc.Params.from_values("1462", "sv", {"year": 2021}).year == 2021


def test_a_missing_target_group_analysis_is_said_not_shown_as_an_empty_table(bundled, tmp_path: Path) -> None:
    """No target-group result in the run folder: the notes and the table of missing groups give the reason."""
    params = cc.Params("1402", journal=str(tmp_path / "none.sqlite"))
    result = cc.analyse(_load(bundled, params, tmp_path), params)
    reason = (
        "Målgruppsanalys har inte körts för den här kommunen i samma körning. Kör den först (labkit run "
        "gör det)."
    )
    assert result.target_groups_note == reason
    assert result.notes[-2] == (
        "Målgruppsanalysens resultat saknas, så jämförelsen med dess områden saknas: " + reason
    )
    assert cc.show_missing(result).data == (  # the reason escaped for Markdown, in italics
        "*Målgruppsanalys har inte körts för den här kommunen i samma körning\\. Kör den först "
        "\\(labkit run gör det\\)\\.*"
    )
    handover.fail(tmp_path, "target_groups", "InputDataError: no population figures")
    params = cc.Params("1402", lang="en", journal=str(tmp_path / "none.sqlite"))
    result = cc.analyse(_load(bundled, params, tmp_path), params)
    assert result.notes[-2] == (
        "The target-group analysis' result is missing, so the comparison with its areas is missing: "
        "Target-group analysis failed in this run: InputDataError: no population figures"
    )
    # with the result handed over, the table lists the groups to invite
    params = cc.Params("1402", journal=str(tmp_path / "none.sqlite"))
    result = cc.analyse(_load(bundled, params), params)
    assert result.target_groups_note == "" and not result.missing.empty
    assert result.missing["rank"].tolist() == sorted(result.missing["rank"])
    assert hasattr(cc.show_missing(result), "to_html")


def test_a_target_group_analysis_of_another_year_is_not_used(bundled, tmp_path: Path) -> None:
    years = bundled.dataset.years()
    params = cc.Params("1402", year=int(years[0]), journal=str(tmp_path / "none.sqlite"))
    inputs = _load(bundled, params)
    assert inputs.year == years[0] != years[-1]
    assert inputs.target_groups is None
    assert inputs.target_groups_note == (
        f"Målgruppsanalysen gäller år {years[-1]}, inte år {years[0]} som den här analysen jämför med."
    )


def test_lilla_edet_one_ska_record_leaves_cocreation_and_prototyping_on_the_examples(
    bundled, tmp_path: Path
) -> None:
    """Issue 14 item 3: records of another method's kinds never switch a method to the journal."""
    from labkit.methods import prototyping

    path = tmp_path / "labbok.sqlite"
    journal = LabJournal(path, workshop="w1")
    journal.add("ska_cell", aspect="Samspel", scale="Staden", phase="inventering", assessment="+")
    params = cc.Params("1462", journal=str(path))
    inputs = _load(bundled, params, tmp_path)
    assert inputs.origin == "examples" and len(inputs.records["idea"]) == len(
        example_records("1462", "ideas")
    )
    proto_params = prototyping.Params("1462", journal=str(path))
    ctx = lab.context(bundled.dataset, "prototyping", "1462", out_dir=tmp_path, params=proto_params)
    assert prototyping.load_inputs(ctx, proto_params).origin == "examples"
    # one co-creation idea switches co-creation (only) to the journal
    journal.add("participant", pseudonym="P01", role="invånare")
    journal.add("idea", text="Fler bänkar vid älven", round=1, participant="P01")
    inputs = _load(bundled, params, tmp_path)
    assert inputs.origin == "journal" and inputs.records["idea"]["text"].tolist() == ["Fler bänkar vid älven"]
    assert prototyping.load_inputs(ctx, proto_params).origin == "examples"


def _report_text(result) -> str:
    shown = [getattr(cc, name)(result) for name in cc.__all__ if name.startswith("show_")]
    return (
        json.dumps(cc.key_figures(result), ensure_ascii=False)
        + "".join(s.to_html() if hasattr(s, "to_html") else s.data for s in shown)
        + result._repr_html_()
    )


def test_proposals_awaiting_approval_stay_out_of_the_analysis(bundled, live: Path, tmp_path: Path) -> None:
    journal = _copy(live, tmp_path / "labbok.sqlite")
    params = cc.Params("1402", journal=str(journal.path), min_votes=3)
    before = cc.analyse(_load(bundled, params, tmp_path), params)
    # proposed in the participant app (author = the participant who proposed it): shown once approved
    waiting = journal.add("statement", text="Väntande förslag om parken", participant="P00", author="P00")
    approved = journal.add("statement", text="Godkänt förslag om torget", participant="P01", author="P01")
    journal.add("statement_approval", statement=approved)
    # typed in by the facilitator on P02's behalf: needs no approval
    behalf = journal.add("statement", text="Förslag som P02 sa högt", participant="P02")
    for who in ("P00", "P03", "P04", "P05"):
        for statement in (waiting, approved, behalf):
            journal.add("statement_vote", statement=statement, participant=who, vote=1)
    inputs = _load(bundled, params, tmp_path)
    assert inputs.pending_statements == 1
    assert waiting not in set(inputs.records["statement_vote"]["statement"])
    result = cc.analyse(inputs, params)
    assert result.statements["id"].tolist() == [*before.statements["id"], approved, behalf]
    assert set(result.opinions.matrix.columns) == set(before.opinions.matrix.columns) | {approved, behalf}
    assert result.opinions.moderated_out == ()  # the waiting one is not even a struck-out column
    text = _report_text(result)
    assert "Väntande förslag" not in text and "Godkänt förslag om torget" in text
    assert result.notes[2] == (
        "1 förslag väntar på godkännande: påståenden som deltagare föreslagit och som samtalsledaren "
        "ännu inte godkänt räknas inte här (varken i listan, i röstningen eller i åsiktsgrupperna)."
    )
    english = cc.Params("1402", journal=str(journal.path), min_votes=3, lang="en")
    assert cc.analyse(_load(bundled, english, tmp_path), english).notes[2] == (
        "Proposed statements awaiting approval: 1. Statements that participants proposed and the "
        "facilitator has not approved yet are left out here (from the list, the votes and the opinion "
        "groups)."
    )
    journal.add("statement_approval", statement=waiting)  # approved now: counted, and the note is gone
    after = cc.analyse(_load(bundled, params, tmp_path), params)
    assert after.statements["id"].tolist()[-3:] == [waiting, approved, behalf]
    assert not any("godkännande" in note for note in after.notes)
    assert "Väntande förslag om parken" in _report_text(after)
