"""Social investment calculator: the issue's worked example, annuity closed forms, actors, sensitivity,
errors."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

from labkit import lab
from labkit.data.dataset import Dataset
from labkit.errors import ConfigError
from labkit.methods import social_investment as si
from labkit.methods.social_investment import model, sensitivity
from labkit.methods.social_investment.params import parse_shares
from labkit.registry import get_method
from labkit.runner.params import check_values, notebook_parameters

#: The issue's example: -p persons=10 -p effect_probability=0.3 ... -p horizon_years=10.
EXAMPLE = {
    "persons": 10,
    "effect_probability": 0.3,
    "cost_per_person_year": 300000.0,
    "intervention_cost_per_year": 1200000.0,
    "intervention_years": 2,
    "effect_start_year": 1,
    "effect_years": 6,
    "discount_rate": 0.035,
    "horizon_years": 10,
}


def example(**changes: object) -> si.Params:
    return si.Params(kommun_kod="1402", **{**EXAMPLE, **changes})


def annuity(n: int, r: float) -> float:
    """a_n: present value of 1 kr paid at the end of each of n years."""
    return float(n) if r == 0 else (1 - (1 + r) ** -n) / r


def closed_form_npv(p: si.Params) -> float:
    """pNC·v^(s−1)·a_n − I·(1+r)·a_m, with the effect years cut at the horizon."""
    v = 1 / (1 + p.discount_rate)
    n = min(p.effect_years, p.horizon_years - p.effect_start_year)
    benefit = p.benefit_per_year * v ** (p.effect_start_year - 1) * annuity(n, p.discount_rate)
    cost = (
        p.intervention_cost_per_year * (1 + p.discount_rate) * annuity(p.intervention_years, p.discount_rate)
    )
    return benefit - cost


def tiny_dataset() -> Dataset:
    areas = pd.DataFrame(
        {
            "area_code": ["1402R001", "1402R002"],
            "area_name": ["A", "B"],
            "kommun_kod": ["1402", "1402"],
            "kommun": ["Partille", "Partille"],
            "level": "RegSO",
            "is_synthetic": True,
        }
    )
    population = pd.DataFrame(
        {
            "area_code": ["1402R001", "1402R002"] * 2,
            "year": [2022, 2022, 2023, 2023],
            "born_in_sweden": pd.array([80, 90, 81, 95], dtype="Int64"),
            "born_abroad": pd.array([20, 10, 20, 10], dtype="Int64"),
            "total": pd.array([100, 100, 101, 105], dtype="Int64"),
        }
    )
    empty = pd.DataFrame()
    return Dataset(
        source="test",
        areas=areas,
        population_by_birth_region=population,
        dwellings_by_tenure=empty,
        wage_income=empty,
        area_type=empty,
        municipality_facts=empty,
        provenance={"synthetic": True, "description": "", "files": [], "years": [2022, 2023], "citation": ""},
    )


@pytest.fixture(scope="module")
def result() -> si.Result:
    params = example()
    return si.analyse(si.load_inputs(lab.context(tiny_dataset()), params), params)


# --------------------------------------------------------------------------- the issue's worked example


def test_issue_example_npv_break_even_year_and_persons(result: si.Result) -> None:
    assert result.npv_total == pytest.approx(2_436_277.43, abs=1.0)
    assert result.break_even_year == 3
    assert result.break_even_persons == pytest.approx(1.476, abs=5e-4)
    assert result.within_mandate_period is True


def test_issue_example_by_hand() -> None:
    # Years 0..9: I = 1.2 Mkr in years 0-1; B = 0.3 * 10 * 300 000 = 900 000 in years 1-6.
    v = 1 / 1.035
    flows = [-1_200_000, -300_000, 900_000, 900_000, 900_000, 900_000, 900_000, 0, 0, 0]
    discounted = [f * v**t for t, f in enumerate(flows)]
    cumulative = np.cumsum(discounted)
    table = model.cash_flows(example())
    assert table["net"].tolist() == flows
    assert np.allclose(table["cumulative"], cumulative)
    assert cumulative[2] < 0 <= cumulative[3]  # so break-even is year 3
    pv_cost = 1_200_000 * (1 + v)
    pv_person = 300_000 * sum(v**t for t in range(1, 7))
    assert model.break_even_persons(example()) == pytest.approx(pv_cost / pv_person, rel=1e-12)


# --------------------------------------------------------------------------- closed forms


@pytest.mark.parametrize("seed", range(12))
def test_npv_matches_annuity_closed_form(seed: int) -> None:
    rng = np.random.default_rng(seed)
    horizon = int(rng.integers(2, 40))
    params = example(
        persons=int(rng.integers(1, 200)),
        effect_probability=float(rng.uniform(0, 1)),
        cost_per_person_year=float(rng.uniform(1e5, 5e5)),
        intervention_cost_per_year=float(rng.uniform(1e5, 5e6)),
        intervention_years=int(rng.integers(0, horizon + 1)),
        horizon_years=horizon,
        effect_start_year=int(rng.integers(0, horizon)),
        effect_years=int(rng.integers(1, 30)),
        discount_rate=float(rng.choice([0.0, 0.015, 0.035, rng.uniform(0, 0.1)])),
    )
    assert model.npv_total(params) == pytest.approx(closed_form_npv(params), rel=1e-10, abs=1e-4)


def test_npv_at_zero_rate_is_the_plain_sum() -> None:
    params = example(discount_rate=0.0)
    assert model.npv_total(params) == pytest.approx(6 * 900_000 - 2 * 1_200_000)
    assert model.break_even_persons(params) == pytest.approx(2_400_000 / (6 * 300_000))


def test_break_even_persons_closed_form() -> None:
    params = example(effect_start_year=3, effect_years=5, intervention_years=3, discount_rate=0.05)
    r = 0.05
    pv_cost = 1_200_000 * (1 + r) * annuity(3, r)
    pv_person = 300_000 * (1 + r) ** -2 * annuity(5, r)
    assert model.break_even_persons(params) == pytest.approx(pv_cost / pv_person, rel=1e-12)


def test_effects_beyond_the_horizon_are_cut() -> None:
    params = example(horizon_years=4)  # effect years 1..3 of 1..6 fall inside the horizon
    v = 1 / 1.035
    expected = 900_000 * (v + v**2 + v**3) - 1_200_000 * (1 + v)
    assert model.npv_total(params) == pytest.approx(expected)


def test_never_breaking_even_gives_none_and_no_mandate_flag() -> None:
    params = example(effect_probability=0.05)
    flows = model.cash_flows(params)
    assert model.break_even_year(flows["cumulative"].to_numpy()) is None
    assert model.within_mandate(None) is False
    assert model.within_mandate(3) is True and model.within_mandate(4) is False


def test_break_even_persons_none_without_avoided_costs() -> None:
    assert model.break_even_persons(example(cost_per_person_year=0.0)) is None


# --------------------------------------------------------------------------- actors


def test_actor_npvs_sum_to_the_total_and_split_as_configured(result: si.Result) -> None:
    actors = result.actors.set_index("actor")
    assert actors["npv"].sum() == pytest.approx(result.npv_total)
    pv_benefit = 900_000 * sum(1.035**-t for t in range(1, 7))
    pv_cost = 1_200_000 * (1 + 1 / 1.035)
    assert actors.loc["kommun", "npv"] == pytest.approx(0.34 * pv_benefit - pv_cost)
    assert actors.loc["stat", "npv"] == pytest.approx(0.46 * pv_benefit)
    assert result.actor_break_even == {"kommun": None, "region": None, "stat": None, "individ": None}


def test_shared_intervention_cost() -> None:
    params = example(cost_shares=(0.5, 0.0, 0.5, 0.0))
    actors = model.npv_by_actor(params).set_index("actor")
    pv_cost = 1_200_000 * (1 + 1 / 1.035)
    assert actors.loc["stat", "cost_pv"] == pytest.approx(pv_cost / 2)
    assert actors["npv"].sum() == pytest.approx(model.npv_total(params))
    assert model.actor_break_even(params)["stat"] is not None


# --------------------------------------------------------------------------- sensitivity


def test_rate_table_at_0_15_and_35_percent(result: si.Result) -> None:
    rates = result.rates
    assert rates["discount_rate"].tolist() == [0.0, 0.015, 0.035]
    assert rates["npv_total"].iloc[0] == pytest.approx(3_000_000)
    for row in rates.itertuples():
        assert row.npv_total == pytest.approx(closed_form_npv(example(discount_rate=row.discount_rate)))
    assert rates["npv_total"].iloc[2] == pytest.approx(result.npv_total)


def test_tornado_covers_every_parameter_and_moves_one_at_a_time(result: si.Result) -> None:
    table = result.tornado.set_index("parameter")
    assert set(table.index) == set(sensitivity.TORNADO_PARAMS)
    assert table.loc["persons", "npv_low"] == pytest.approx(closed_form_npv(example(persons=9)))
    assert table.loc["effect_probability", "high"] == pytest.approx(0.375)
    assert table.loc["discount_rate", "npv_high"] == pytest.approx(
        closed_form_npv(example(discount_rate=0.04375))
    )
    assert table.loc["horizon_years", "swing"] == pytest.approx(0.0)  # effects end in year 6 either way
    assert list(result.tornado["swing"]) == sorted(result.tornado["swing"], reverse=True)


def test_tornado_marks_invalid_changes_missing() -> None:
    table = sensitivity.tornado(example(effect_start_year=9)).set_index("parameter")
    assert math.isnan(table.loc["effect_start_year", "npv_high"])


def test_monte_carlo_is_seeded_and_collapses_without_uncertainty() -> None:
    params = example(runs=300, seed=7)
    assert np.array_equal(sensitivity.simulate(params), sensitivity.simulate(params))
    assert not np.array_equal(sensitivity.simulate(params), sensitivity.simulate(replace(params, seed=8)))
    sure = example(effect_probability=1.0, spread=0.0, runs=50)
    band = sensitivity.band(sure)
    for column in ("p05", "median", "p95"):
        assert np.allclose(band[column], band["cumulative"])


def test_monte_carlo_mean_agrees_with_the_deterministic_npv() -> None:
    params = example(runs=20_000, seed=1)
    final = sensitivity.simulate(params)[:, -1]
    se = final.std(ddof=1) / math.sqrt(len(final))
    assert abs(final.mean() - model.npv_total(params)) < 4 * se
    summary = sensitivity.summary(params, sensitivity.simulate(params))
    assert summary["npv_p05"] < summary["npv_median"] < summary["npv_p95"]
    assert 0 < summary["share_positive_npv"] < 1


# --------------------------------------------------------------------------- timing convention


@pytest.mark.parametrize("seed", range(8))
def test_end_of_year_timing_matches_its_annuity_closed_form(seed: int) -> None:
    # Flows at the end of each year: pNC·v^s·a_n − I·a_m, i.e. every present value divided by 1 + r.
    rng = np.random.default_rng(100 + seed)
    horizon = int(rng.integers(2, 40))
    params = example(
        timing="end",
        persons=int(rng.integers(1, 200)),
        effect_probability=float(rng.uniform(0, 1)),
        intervention_years=int(rng.integers(0, horizon + 1)),
        horizon_years=horizon,
        effect_start_year=int(rng.integers(0, horizon)),
        effect_years=int(rng.integers(1, 30)),
        discount_rate=float(rng.choice([0.0, 0.015, 0.035, rng.uniform(0, 0.1)])),
    )
    r, v = params.discount_rate, 1 / (1 + params.discount_rate)
    n = min(params.effect_years, params.horizon_years - params.effect_start_year)
    expected = params.benefit_per_year * v**params.effect_start_year * annuity(
        n, r
    ) - params.intervention_cost_per_year * annuity(params.intervention_years, r)
    assert model.npv_total(params) == pytest.approx(expected, rel=1e-10, abs=1e-4)
    start = replace(params, timing="start")
    assert model.npv_total(params) == pytest.approx(model.npv_total(start) / (1 + r), rel=1e-12, abs=1e-6)
    if model.break_even_persons(start) is not None:
        assert model.break_even_persons(params) == pytest.approx(model.break_even_persons(start), rel=1e-12)


def test_end_of_year_timing_on_the_issue_example() -> None:
    # By hand: the same flows as the start convention, each discounted one more year.
    v = 1 / 1.035
    flows = [-1_200_000, -300_000, 900_000, 900_000, 900_000, 900_000, 900_000, 0, 0, 0]
    params = example(timing="end")
    table = model.cash_flows(params)
    assert np.allclose(table["discount_factor"], [v ** (t + 1) for t in range(10)])
    assert model.npv_total(params) == pytest.approx(sum(f * v ** (t + 1) for t, f in enumerate(flows)))
    assert model.npv_total(params) == pytest.approx(2_436_277.43 / 1.035, abs=1.0)
    assert model.break_even_year(table["cumulative"].to_numpy()) == 3
    assert model.cash_flows(example())["discount_factor"].iloc[0] == 1.0  # start: year 0 undiscounted


def test_timing_is_stated_in_the_report() -> None:
    for timing, sentence in (
        (
            "start",
            (
                "Betalningarna räknas i **början** av varje år: år 0 diskonteras inte, år *t* "
                "med (1 + r)^−t (parametern timing = start)."
            ),
        ),
        (
            "end",
            (
                "Betalningarna räknas i **slutet** av varje år: år *t* diskonteras med "
                "(1 + r)^−(t + 1), så även år 0 diskonteras ett år (parametern timing = end)."
            ),
        ),
    ):
        params = example(timing=timing, runs=50)
        res = si.analyse(si.load_inputs(lab.context(tiny_dataset()), params), params)
        assert si.summary_text(res).split("\n\n")[1] == sentence
        row = si.parameter_table(res).set_index("Parameter").loc["Tidpunkt för årets betalningar"]
        assert row["Värde"] == (
            "i början av året (år 0 diskonteras inte)"
            if timing == "start"
            else "i slutet av året (år 0 diskonteras ett år)"
        )


# ---------------------------------------------------------------------- uncertainty in the effect probability


def final_persons(params: si.Params) -> np.ndarray:
    """k per run, recovered from the final NPV when C and I do not vary (spread 0): NPV = k·C·PV₁ − PV_I."""
    final = sensitivity.simulate(params)[:, -1]
    factor = model.discount_factors(params)
    pv_one = params.cost_per_person_year * (model.effect_mask(params) * factor).sum()
    pv_cost = (model.intervention_flow(params) * factor).sum()
    return (final + pv_cost) / pv_one


def test_beta_prior_parameters_and_interval_by_hand() -> None:
    assert example().effect_prior == (pytest.approx(3.0), pytest.approx(7.0))  # p = 0.3, size 10
    assert example(effect_prior_size=0.0).effect_prior is None
    assert example(effect_probability=1.0).effect_prior is None
    # Beta(1, 1) is uniform: the central 90 % is 0.05-0.95. Beta(1, 4): F(x) = 1 − (1 − x)^4.
    low, high = sensitivity.effect_interval(example(effect_probability=0.5, effect_prior_size=2.0))
    assert (low, high) == (pytest.approx(0.05), pytest.approx(0.95))
    low, high = sensitivity.effect_interval(example(effect_probability=0.2, effect_prior_size=5.0))
    assert low == pytest.approx(1 - 0.95**0.25) and high == pytest.approx(1 - 0.05**0.25)


def test_persons_kept_out_are_beta_binomial_in_the_monte_carlo() -> None:
    # k ~ BetaBinomial(N, α, β): mean Np, variance Np(1 − p)(α + β + N)/(α + β + 1).
    params = example(persons=20, effect_prior_size=10.0, spread=0.0, runs=40_000, seed=3)
    k = final_persons(params)
    assert np.allclose(k, np.round(k)) and k.min() >= 0 and k.max() <= 20
    n, p, size = 20, 0.3, 10.0
    mean, variance = n * p, n * p * (1 - p) * (size + n) / (size + 1)
    assert abs(k.mean() - mean) < 4 * math.sqrt(variance / len(k))
    assert k.var(ddof=1) == pytest.approx(variance, rel=0.03)
    # The whole distribution: P(k = j) = C(n, j)·B(j + α, n − j + β)/B(α, β), by hand with log-gamma.
    alpha, beta = 3.0, 7.0

    def log_b(x: float, y: float) -> float:
        return math.lgamma(x) + math.lgamma(y) - math.lgamma(x + y)

    pmf = np.array(
        [
            math.comb(n, j) * math.exp(log_b(j + alpha, n - j + beta) - log_b(alpha, beta))
            for j in range(n + 1)
        ]
    )
    assert pmf.sum() == pytest.approx(1.0)
    observed = np.bincount(np.round(k).astype(int), minlength=n + 1) / len(k)
    assert np.abs(observed - pmf).max() < 4 * math.sqrt(pmf.max() / len(k))


def test_share_of_positive_npv_equals_the_beta_binomial_tail() -> None:
    # Break-even needs k > 1.476 persons (the issue example), so P(NPV > 0) = P(k ≥ 2).
    params = example(spread=0.0, runs=40_000, seed=9)
    summary = sensitivity.summary(params, sensitivity.simulate(params))
    from scipy import stats

    exact = stats.betabinom.sf(1, 10, 3.0, 7.0)
    assert exact == pytest.approx(
        1
        - sum(
            math.comb(10, j)
            * math.exp(
                math.lgamma(j + 3)
                + math.lgamma(17 - j)
                - math.lgamma(20)
                - (math.lgamma(3) + math.lgamma(7) - math.lgamma(10))
            )
            for j in (0, 1)
        )
    )
    assert abs(summary["share_positive_npv"] - exact) < 4 * math.sqrt(exact * (1 - exact) / params.runs)
    known = replace(params, effect_prior_size=0.0)
    summary = sensitivity.summary(known, sensitivity.simulate(known))
    exact_known = 1 - 0.7**10 - 10 * 0.3 * 0.7**9  # Binomial(10, 0.3): P(k ≥ 2)
    assert abs(summary["share_positive_npv"] - exact_known) < 4 * math.sqrt(
        exact_known * (1 - exact_known) / 40_000
    )
    assert exact < exact_known  # uncertainty in p fattens the lower tail


def test_prior_is_shown_in_the_report() -> None:
    params = example(runs=50)
    res = si.analyse(si.load_inputs(lab.context(tiny_dataset()), params), params)
    assert (
        si.summary_text(res)
        .split("\n\n")[4]
        .endswith(
            "I de slumpade utfallen är även effektsannolikheten osäker: den dras ur en Beta(3; "
            "7)-fördelning med medelvärde 30\u00a0%, som om den hade uppmätts bland 10 personer; 90\u00a0% "
            "av dragningarna ligger mellan 10\u00a0% och 55\u00a0%."
        )
    )
    row = si.parameter_table(res).iloc[10]
    assert row.tolist() == [
        "Osäkerhet i p i Monte Carlo: som en andel uppmätt bland så många personer",
        "10",
        (
            "Antagande i labkit: p dras ur Beta(3; 7), medelvärde 30\u00a0%, 90\u00a0% av dragningarna "
            "mellan 10\u00a0% och 55\u00a0%. Ange fler personer om p bygger på en större studie; 0 "
            "betyder att p räknas som känd."
        ),
    ]
    known = replace(params, effect_prior_size=0.0, lang="en")
    res = si.analyse(si.load_inputs(lab.context(tiny_dataset()), known), known)
    assert (
        si.summary_text(res)
        .split("\n\n")[4]
        .endswith("In the random outcomes the effect probability 30% is treated as known.")
    )


# --------------------------------------------------------------------------- parameters


def test_params_from_notebook_values_parse_share_text() -> None:
    params = si.Params.from_values(
        "1462", values={"shares": "kommun:0.5, stat:0.5", "cost_shares": "kommun:0.25,region:0.75"}
    )
    assert params.shares == (0.5, 0.0, 0.5, 0.0)
    assert params.cost_shares == (0.25, 0.75, 0.0, 0.0)
    # what lab.open reads from a notebook's namespace: runner names are not Params fields
    values = {"kommun": "1402", "source": "bundled", "lang": "en", "persons": 12, "shares": "kommun:1"}
    params = si.Params.from_values("1402", "en", values)
    assert (params.persons, params.lang, params.shares) == (12, "en", (1.0, 0.0, 0.0, 0.0))
    # the notebook's defaults are the declared defaults, parsed
    assert si.Params.from_values("1402", values=si.Params.notebook_values()) == si.Params(kommun_kod="1402")
    assert si.Params.notebook_values()["shares"] == "kommun:0.34,region:0.12,stat:0.46,individ:0.08"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"effect_probability": 1.5},
            "parameter 'effect_probability': invalid value: expected a finite number in [0, 1]; found 1.5.",
        ),
        (
            {"persons": 0},
            "parameter 'persons': invalid value: expected an integer from 1 to 10000000; found 0.",
        ),
        (
            {"effect_start_year": 10},
            "parameter 'effect_start_year': invalid value: expected an integer from 0 to 9; found 10.",
        ),
        (
            {"shares": (0.5, 0.5, 0.5, 0.0)},
            (
                "parameter 'shares': invalid value: expected four shares from 0 to 1 (kommun, region, "
                "stat, individ) that sum to 1; found (0.5, 0.5, 0.5, 0.0)."
            ),
        ),
        (
            {"intervention_years": 11},
            "parameter 'intervention_years': invalid value: expected an integer from 0 to 10; found 11.",
        ),
        (
            {"horizon_years": 4, "intervention_years": "2"},
            "parameter 'intervention_years': invalid value: expected an integer from 0 to 4; found '2'.",
        ),
        ({"lang": "de"}, "parameter 'lang': invalid value: expected one of sv, en; found 'de'."),
        (
            {"timing": "middle"},
            "parameter 'timing': invalid value: expected one of start, end; found 'middle'.",
        ),
        (
            {"effect_prior_size": -1.0},
            (
                "parameter 'effect_prior_size': invalid value: expected a finite number in [0, 1e+06]; "
                "found -1.0."
            ),
        ),
    ],
)
def test_invalid_params_raise_whole_messages(changes: dict, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        example(**changes)
    assert str(err.value) == message


def test_bad_share_text_and_unknown_parameter() -> None:
    with pytest.raises(ConfigError) as err:
        parse_shares("kommun:0.5,landsting:0.5")
    assert str(err.value) == (
        "parameter 'shares': invalid value: expected actor:share pairs separated by commas, actors among "
        "kommun, region, stat, individ, each at most once, e.g. 'kommun:0.34,stat:0.66'; found "
        "'kommun:0.5,landsting:0.5'."
    )
    with pytest.raises(ConfigError) as err:  # a name the notebook does not declare is refused by the runner
        check_values(
            "social_investment", notebook_parameters(get_method("social_investment").notebook), {"person": 3}
        )
    assert str(err.value).startswith(
        "parameter 'person': unknown parameter for method 'social_investment': expected one of kommun (str), "
    )
    assert "persons (int)" in str(err.value) and "cost_shares (str)" in str(err.value)


def test_unknown_municipality() -> None:
    with pytest.raises(ConfigError) as err:
        si.load_inputs(lab.context(tiny_dataset()), si.Params(kommun_kod="1482"))
    assert (
        str(err.value)
        == "parameter 'kommun_kod': municipality not in source 'test': expected one of 1402; found '1482'."
    )


# --------------------------------------------------------------------------- outputs


def test_inputs_read_the_latest_population(result: si.Result) -> None:
    assert (result.inputs.kommun, result.inputs.population, result.inputs.year) == ("Partille", 206, 2023)


def test_key_figures_are_plain_json(result: si.Result) -> None:
    figures = json.loads(json.dumps(si.key_figures(result)))
    assert figures["npv_total"] == result.npv_total
    assert figures["break_even_year"] == 3 and figures["within_mandate_period"] is True
    assert set(figures["npv_by_actor"]) == {"kommun", "region", "stat", "individ"}
    assert [row["discount_rate"] for row in figures["sensitivity"]] == [0.0, 0.015, 0.035]
    assert figures["reach_needed"] == pytest.approx(result.break_even_persons / 0.3)
    assert figures["inputs"]["timing"] == "start"
    assert figures["monte_carlo"]["effect_prior"] == {"alpha": pytest.approx(3.0), "beta": pytest.approx(7.0)}
    assert figures["monte_carlo"]["effect_prior_size"] == 10.0
    assert figures["monte_carlo"]["effect_interval_90"] == list(sensitivity.effect_interval(result.params))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_displays_and_plots(result: si.Result, lang: str) -> None:
    res = replace(result, params=replace(result.params, lang=lang))
    html = "".join(
        f(res).to_html()
        for f in (si.show_parameters, si.show_flows, si.show_actors, si.show_rates, si.show_tornado)
    )
    assert ("Nettonuvärde" in html) == (lang == "sv") and ("Net present value" in html) == (lang == "en")
    text = si.summary_text(res)
    assert ("2\u202f436\u202f277" in text) if lang == "sv" else ("2,436,277" in text)
    for plot in (si.plot_cumulative, si.plot_actors, si.plot_tornado):
        assert isinstance(plot(res), Axes)
    plt.close("all")
    table = si.parameter_table(res)
    assert len(table) == 11 + 8  # nine model parameters, timing, the prior of p, eight actor shares


def test_summary_says_when_it_never_pays_back() -> None:
    params = example(effect_probability=0.05, runs=50)
    res = si.analyse(si.load_inputs(lab.context(tiny_dataset()), params), params)
    assert "betalar sig **inte** inom kalkylperioden" in si.summary_text(res)


@pytest.mark.notebooks
@pytest.mark.xdist_group("kernels")
def test_notebook_run_with_the_issue_parameters(tmp_path: Path, monkeypatch) -> None:
    from labkit.cli import main

    monkeypatch.chdir(tmp_path)
    args = [item for name, value in EXAMPLE.items() for item in ("-p", f"{name}={value:g}")]
    assert (
        main(["run", "--method", "social_investment", "--municipality", "1402", "--out", "out", *args]) == 0
    )
    record = json.loads((tmp_path / "out" / "1402" / "social_investment.results.json").read_text())
    assert record["npv_total"] == pytest.approx(2_436_277.43, abs=1.0)
    assert record["break_even_year"] == 3
    assert record["break_even_persons"] == pytest.approx(1.476, abs=5e-4)
    assert record["within_mandate_period"] is True
    html = (tmp_path / "out" / "1402" / "social_investment.html").read_text(encoding="utf-8")
    assert "2\u202f436\u202f277" in html and "Värmdö" in html
