"""Tests of the prototyping method: Beta posterior, decision rule, example register, widgets, key figures."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from scipy import stats

from labkit.capture.journal import LabJournal
from labkit.errors import CaptureError, ConfigError
from labkit.methods import prototyping
from labkit.methods.prototyping.inputs import Inputs
from labkit.methods.prototyping.widgets import LearningCardForm, PrototypeForm, TestCardForm, TestLogForm


def test_posterior_matches_beta_closed_forms() -> None:
    post = prototyping.posterior(7, 10)
    assert (post.alpha, post.beta) == (8, 4)
    assert post.mean == pytest.approx(8 / 12)
    # Beta(8, 4) with integer parameters: P(X > 0.5) = P(Binomial(11, 0.5) <= 7).
    by_hand = sum(math.comb(11, k) for k in range(8)) / 2**11
    assert post.prob_above(0.5) == pytest.approx(by_hand, abs=1e-12)
    assert by_hand == pytest.approx(1816 / 2048)
    low, high = post.interval(0.9)
    assert stats.beta.cdf(low, 8, 4) == pytest.approx(0.05) and stats.beta.cdf(high, 8, 4) == pytest.approx(
        0.95
    )


def test_posterior_with_prior_and_bad_counts() -> None:
    post = prototyping.posterior(0, 4, prior_alpha=2, prior_beta=2)
    assert (post.alpha, post.beta, post.mean) == (2, 6, 0.25)
    # Beta(2, 6): P(X > 0.5) = P(Binomial(7, 0.5) <= 1) = 8 / 128.
    assert post.prob_above(0.5) == pytest.approx(8 / 128, abs=1e-12)
    with pytest.raises(ValueError, match=r"^successes must be from 0 to n \(3\), not 4$"):
        prototyping.posterior(4, 3)


def _binomial_tail(trials: int, at_least: int) -> float:
    """P(Binomial(trials, 0.5) >= at_least), by counting."""
    return sum(math.comb(trials, k) for k in range(at_least, trials + 1)) / 2**trials


def test_lower_credible_bounds_by_hand() -> None:
    # Beta(a, b) with integer a, b: P(X <= 0.5) = P(Binomial(a + b − 1, 0.5) >= a). The lower end of the 90 %
    # interval is above 0.5 exactly when that is below 0.05.
    assert _binomial_tail(11, 9) == 67 / 2048 < 0.05  # 8 of 10: Beta(9, 3)
    assert _binomial_tail(11, 8) == 232 / 2048 > 0.05  # 7 of 10: Beta(8, 4)
    assert prototyping.posterior(8, 10).interval(0.9)[0] > 0.5 > prototyping.posterior(7, 10).interval(0.9)[0]
    # 2 of 2: Beta(3, 1), 90 % interval 0.05^(1/3) = 0.368 to 0.95^(1/3) = 0.983 (the review's 0.37–0.98).
    assert prototyping.posterior(2, 2).interval(0.9) == pytest.approx((0.05 ** (1 / 3), 0.95 ** (1 / 3)))


@pytest.mark.parametrize(
    ("tests", "met", "counts", "people", "expected"),
    [
        (2, 1, (8, 10), None, "gå vidare till pilot"),  # n = 10 >= 10; Beta(9, 3): P(X <= .5) = 67/2048 < .05
        (2, 1, (7, 10), None, "testa igen"),  # Beta(8, 4): P(X <= .5) = 232/2048 > .05; P(> .5) = .887 > .2
        (1, 1, (2, 2), None, "testa igen"),  # 2 of 2: too few trials (interval 0.37–0.98)
        (1, 1, (9, 9), None, "testa igen"),  # Beta(10, 1) low 0.05^(1/10) = 0.74, but only 9 trials
        (2, 0, (8, 10), None, "testa igen"),  # the bound is above the target but no criterion met
        (1, 0, (2, 10), None, "avsluta"),  # Beta(3, 9): P(>0.5) = P(Bin(11,.5) <= 2) = 67/2048 <= 0.2
        (1, 1, (5, 10), None, "testa igen"),  # Beta(6, 6): P(>0.5) = 0.5
        (1, 1, None, 12, "gå vidare till pilot"),  # no counts: a criterion met with 12 people
        (1, 1, None, 5, "testa igen"),  # no counts: a criterion met, but only 5 people
        (3, 0, None, 40, "avsluta"),  # no counts: three tests, none met
        (2, 0, None, 40, "testa igen"),
        (0, 0, None, 0, "testa igen"),
    ],
)
def test_suggested_decision_rule(
    tests: int, met: int, counts: tuple | None, people: int | None, expected: str
) -> None:
    params = prototyping.Params("1402")
    post = prototyping.posterior(*counts) if counts else None
    assert prototyping.suggest(tests, met, post, params, people) == expected


def test_rule_is_configurable() -> None:
    strict = prototyping.Params("1402", credible_level=0.95, max_tests=2)
    # 8 of 10 at 95 %: P(X <= .5) = 67/2048 = 0.033 > 0.025, so the lower bound is below 0.5.
    assert prototyping.suggest(2, 1, prototyping.posterior(8, 10), strict) == "testa igen"
    assert prototyping.suggest(2, 0, None, strict) == "avsluta"
    lenient = prototyping.Params("1402", min_trials=2)
    assert prototyping.suggest(1, 1, prototyping.posterior(10, 10), lenient) == "gå vidare till pilot"
    assert prototyping.suggest(1, 1, prototyping.posterior(2, 2), lenient) == "testa igen"  # low 0.37 < 0.5


def test_params_errors_are_whole() -> None:
    with pytest.raises(ConfigError) as err:
        prototyping.Params("1402", records="csv")
    assert str(err.value) == (
        "parameter 'records': invalid value: expected one of auto, journal, examples; found 'csv'."
    )
    with pytest.raises(ConfigError) as err:
        prototyping.Params("1402", stop_probability=0.96)
    assert str(err.value) == (
        "parameter 'stop_probability': invalid value: expected less than "
        "(1 + credible_level)/2 (0.95); found 0.96."
    )
    with pytest.raises(ConfigError) as err:
        prototyping.Params("1402", min_trials=-1)
    assert str(err.value) == (
        "parameter 'min_trials': invalid value: expected an integer from 0 to 100000; found -1."
    )
    with pytest.raises(ConfigError) as err:
        prototyping.Params("1402", credible_level=0.3)
    assert str(err.value) == (
        "parameter 'credible_level': invalid value: expected a finite number in [0.5, 0.999]; found 0.3."
    )
    with pytest.raises(ConfigError) as err:
        prototyping.Params("1402", pool_revisions=1)
    assert str(err.value) == "parameter 'pool_revisions': invalid value: expected True or False; found 1."


def test_example_register_of_partille(tmp_path) -> None:
    from labkit.methods.base import read_records
    from labkit.methods.prototyping.examples import example_frames
    from labkit.methods.prototyping.inputs import KINDS

    read = read_records(tmp_path / "none.sqlite", KINDS, "auto", examples=lambda: example_frames("1402"))
    origin, records = read.origin, read.frames
    assert origin == "examples"
    ranking = pd.DataFrame(
        {"rank": [1, 2, 3], "idea": ["I06", "I07", "I99"], "text": ["a", "b", "c"], "mean": [3.8, 3.8, 1.0]}
    )
    inputs = Inputs("1402", origin, "", records, ranking, ("Födda utomlands, Partille område C",))
    result = prototyping.analyse(inputs, prototyping.Params("1402"))
    reg = result.register.set_index("id")
    # data/examples/1402/tests.csv: PR2 has three tests (n 8 + 7 + 32, successes 4 + 3 + 24), each followed by
    # a decision: "testa igen", "testa igen", "gör en pilot". Its card asks for 60 %, met only by the last
    # (24/32 = 75 %). Each revision is its own series, so the evidence is the third test alone: Beta(25, 9),
    # mean 25/34; P(X <= 0.5) = P(Bin(33, 0.5) >= 25) < 0.05, so the 90 % interval starts above 0.5: pilot.
    assert reg.loc[
        "PR2", ["tests", "revision", "series_tests", "criteria_met", "n", "successes"]
    ].tolist() == [3, 3, 1, 1, 32, 24]
    assert reg.loc["PR2", "success_rate_mean"] == pytest.approx(25 / 34)
    assert (
        _binomial_tail(33, 25) == pytest.approx(float(stats.beta.cdf(0.5, 25, 9)))
        and _binomial_tail(33, 25) < 0.05
    )
    assert (
        reg.loc["PR2", "low"] == pytest.approx(float(stats.beta.ppf(0.05, 25, 9)))
        and reg.loc["PR2", "low"] > 0.5
    )
    assert reg.loc["PR2", "suggested_decision"] == "gå vidare till pilot"
    assert reg.loc["PR2", "decision"] == "gå vidare till pilot"  # "gör en pilot" in the example file
    # PR3: 7 of 24, "testa igen", then 16 of 28 and the team's pilot. The second revision alone: Beta(17, 13),
    # lower 5 % bound 0.417 < 0.5 and P(> 0.5) = 0.77 > 0.2: the rule says test again.
    assert reg.loc["PR3", ["revision", "n", "successes"]].tolist() == [2, 28, 16]
    assert reg.loc["PR3", "low"] == pytest.approx(float(stats.beta.ppf(0.05, 17, 13)))
    assert reg.loc["PR3", "low"] < 0.5 and reg.loc["PR3", "suggested_decision"] == "testa igen"
    # PR1: one test, 12 of 31 (39 % < 60 %); Beta(13, 20) has P(rate > 0.5) ≈ 0.11 ≤ 0.2, so "avsluta".
    assert reg.loc["PR1", ["tests", "criteria_met", "n", "successes"]].tolist() == [1, 0, 31, 12]
    assert reg.loc["PR1", "success_rate_mean"] == pytest.approx(13 / 33)
    assert reg.loc["PR1", "prob_above"] == pytest.approx(float(stats.beta.sf(0.5, 13, 20)))
    assert reg.loc["PR1", "prob_above"] < 0.2 and reg.loc["PR1", "suggested_decision"] == "avsluta"
    assert result.cards["threshold"].tolist() == [0.6, 0.6, 0.7]
    assert result.candidates["prototype"].tolist() == ["PR1", "PR2", None]
    assert result.timeline[result.timeline["prototype"] == "PR2"]["iteration"].tolist() == [1, 2, 3, 4, 5, 6]
    figures = json.loads(json.dumps(prototyping.key_figures(result)))
    assert figures["rule"] == {
        "target_rate": 0.5,
        "min_trials": 10,
        "credible_level": 0.9,
        "stop_probability": 0.2,
        "pilot_criteria": 1,
        "max_tests": 3,
        "pool_revisions": False,
    }
    assert figures["prototypes"][1] == {
        "id": "PR2",
        "title": "Mötesplats för äldre i det nya torghuset",
        "tests": 3,
        "revision": 3,
        "series_tests": 1,
        "criteria_met": 1,
        "n": 32,
        "successes": 24,
        "success_rate_mean": pytest.approx(25 / 34),
        "low": pytest.approx(float(stats.beta.ppf(0.05, 25, 9))),
        "high": pytest.approx(float(stats.beta.ppf(0.95, 25, 9))),
        "suggested_decision": "gå vidare till pilot",
        "decision": "gå vidare till pilot",
    }
    # When the team pools the revisions: PR2 is 31 of 47 over three tests, Beta(32, 17), mean 32/49.
    pooled = prototyping.analyse(inputs, prototyping.Params("1402", pool_revisions=True)).register.set_index(
        "id"
    )
    assert pooled.loc[
        "PR2", ["tests", "revision", "series_tests", "criteria_met", "n", "successes"]
    ].tolist() == [3, 1, 3, 1, 47, 31]
    assert pooled.loc["PR2", "success_rate_mean"] == pytest.approx(32 / 49)


def test_the_rule_text_shows_both_thresholds() -> None:
    from labkit.methods.prototyping.analysis import Result
    from labkit.methods.prototyping.display import show_rule

    empty = pd.DataFrame()
    result = Result(
        prototyping.Params("1402", lang="en", min_trials=12, credible_level=0.8),
        "1402",
        "examples",
        empty,
        empty,
        empty,
        empty,
        empty,
        (),
    )
    assert show_rule(result).data == (
        "**Rule for the suggested decision.** The evidence is the prototype's current series of tests: the "
        "tests since the team's latest *test again* decision (a changed prototype is a new series; earlier "
        "versions' outcomes do not count). With counted outcomes (successes of n) the success rate is "
        "Beta(1 + successes, 1 + failures). *Go to pilot* is suggested only when the series has at least "
        "**12 counted outcomes**, the lower end of the **80 % credible interval** lies above 50 % and at "
        "least 1 tests met their criterion. If the probability that the rate exceeds 50 % is at most 20 %, "
        "*stop*. Without counted outcomes, *go to pilot* when at least 1 tests met their criterion and at "
        "least 12 people took part in the series, and *stop* after 3 tests that never met it. Otherwise "
        "*test again*."
    )


def _journal_inputs(journal: LabJournal) -> Inputs:
    records = {kind: journal.frame(kind) for kind in ("prototype", "test_card", "test_log", "learning_card")}
    return Inputs(
        "1402",
        "journal",
        str(journal.path),
        records,
        pd.DataFrame(columns=["rank", "idea", "text", "mean"]),
        (),
    )


def test_widgets_write_through_the_journal(tmp_path) -> None:
    journal = LabJournal(tmp_path / "labbok.sqlite", workshop="w1")
    proto = PrototypeForm(journal, ideas=[("Lekplats vid skolan", "I06")], target_groups=("barn och unga",))
    proto.idea.value = "I06"
    assert proto.title.value == "Lekplats vid skolan"
    proto.target_group.value = "barn och unga"
    proto.save_button.click()
    [pid] = journal.frame("prototype")["id"]
    card = TestCardForm(journal)
    assert card.prototype.value == pid
    card.test.value, card.metric.value, card.criterion.value = "Pop-up på skolgården", "andel nöjda", "60 %"
    card.save_button.click()  # no deadline: refused, nothing stored
    assert journal.count("test_card") == 0 and "✗" in card.message.value
    card.deadline.value = pd.Timestamp("2025-05-01").date()
    card.hypothesis.value = "Vi tror att barnen använder platsen"
    card.save_button.click()
    assert journal.count("test_card") == 1
    log = TestLogForm(journal)
    log.n.value, log.successes.value, log.criterion_met.value = 10, "7", True
    log.save_button.click()
    learn = LearningCardForm(journal)
    learn.observation.value, learn.learning.value = "Många kom", "Platsen behövs"
    learn.decision.value = "gå vidare till pilot"
    learn.save_button.click()
    result = prototyping.analyse(_journal_inputs(journal), prototyping.Params("1402"))
    row = result.register.iloc[0]
    assert (row["tests"], row["criteria_met"], row["successes"], row["n"]) == (1, 1, 7, 10)
    assert row["success_rate_mean"] == pytest.approx(8 / 12)
    # 7 of 10: Beta(8, 4) starts its 90 % interval at 0.44 < 0.5, so the rule says test again; the team chose
    # pilot.
    assert (row["suggested_decision"], row["decision"]) == ("testa igen", "gå vidare till pilot")


def test_hypothesis_and_successes_are_checked(tmp_path) -> None:
    journal = LabJournal(tmp_path / "labbok.sqlite")
    pid = journal.add("prototype", title="Lekplats")
    with pytest.raises(CaptureError) as err:
        journal.add(
            "test_card",
            prototype=pid,
            hypothesis="Barnen kommer",
            test="t",
            metric="m",
            criterion="c",
            deadline="2025-05-01",
        )
    assert str(err.value) == (
        "column 'hypothesis': value not allowed in a test_card record: expected text "
        "matching (?is)vi tror att\\s.+; found 'Barnen kommer'."
    )
    with pytest.raises(CaptureError) as err:
        journal.add("test_log", prototype=pid, date="2025-05-01", n=3, successes=4)
    assert str(err.value) == (
        "column 'successes': more successes than participants: expected a whole number "
        "from 0 to n (3); found 4."
    )


def test_prototyping_reads_its_upstreams_and_says_why_one_is_missing(tmp_path) -> None:
    """The ranking and the target groups come from the run's co-creation and target-group results; a missing
    one is said in the report (origin and candidates), not shown as an empty table."""
    from labkit import handover, lab
    from labkit.data.sources import load_source
    from labkit.methods import cocreation
    from labkit.methods import target_groups as tg

    dataset = load_source("bundled", None)
    params = prototyping.Params("1402", journal=str(tmp_path / "none.sqlite"))
    ctx = lab.context(dataset, "prototyping", "1402", out_dir=tmp_path, params=params)
    result = prototyping.analyse(prototyping.load_inputs(ctx, params), params)
    assert result.origin == "examples" and result.candidates.empty and result.target_groups == ()
    cocreation_missing = (
        "Medskapande har inte körts för den här kommunen i samma körning. Kör den först (labkit run gör det)."
    )
    assert result.ranking_note == cocreation_missing
    assert prototyping.show_candidates(result).data == (
        "*Medskapande har inte körts för den här kommunen i samma körning\\. Kör den först "
        "\\(labkit run gör det\\)\\.*"
    )
    assert prototyping.show_origin(result).data.endswith(
        "\n\n> Målgruppsanalys har inte körts för den här kommunen i samma körning\\. Kör den först "
        "\\(labkit run gör det\\)\\."
    )
    # hand both over as the runner does: the same ranking and target groups as the analyses give
    tg_params = tg.Params(kommun_kod="1402", n_sim=1)
    groups = tg.analyse(tg.load_inputs(lab.context(dataset), tg_params), tg_params)
    handover.write(tmp_path, "target_groups", groups)
    cc_params = cocreation.Params("1402", journal=str(tmp_path / "none.sqlite"))
    cc_ctx = lab.context(dataset, "cocreation", "1402", out_dir=tmp_path, params=cc_params)
    ideas = cocreation.analyse(cocreation.load_inputs(cc_ctx, cc_params), cc_params)
    handover.write(tmp_path, "cocreation", ideas)
    result = prototyping.analyse(prototyping.load_inputs(ctx, params), params)
    assert (result.ranking_note, result.target_groups_note) == ("", "")
    assert result.candidates["idea"].tolist() == ideas.ranking["idea"].head(params.top).tolist()
    assert len(result.candidates) == params.top == 5
    labels = [f"{r.label}, {r.area_name}" for r in groups.target_groups.itertuples()]
    assert list(result.target_groups) == list(dict.fromkeys(labels)) and len(result.target_groups) > 0
    assert prototyping.show_origin(result).data.count("\n> ") == 0
    # a journal with prototypes is never seeded from the example ideas
    journal = LabJournal(tmp_path / "labbok.sqlite", workshop="w1")
    journal.add("prototype", title="Lekplats")
    params = prototyping.Params("1402", journal=str(journal.path))
    result = prototyping.analyse(prototyping.load_inputs(ctx, params), params)
    assert result.origin == "journal" and result.candidates.empty
    assert result.ranking_note == (
        "Medskapandets rangordning kommer inte från labboken, så den föreslår inga prototyper till "
        "labbokens register."
    )
