"""Evaluation: hand-checked indicators, difference-in-differences against closed forms, surveys, maturity."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

from labkit import handover, render
from labkit.data.dataset import OMRADESTYP_LABELS, Dataset
from labkit.errors import CaptureError, ConfigError, InputDataError
from labkit.lab import context as lab_context
from labkit.methods import evaluation as ev
from labkit.methods.evaluation import did, indicators, maturity, survey

# --------------------------------------------------------------------------- a tiny dataset, checked by hand
#
# Partille (1402) has four areas, Lilla Edet (1462) two, 2020-2023. Population and dwellings are the same
# every year. Partille: totals 100, 200, 100, 100; born abroad 50, 20, 10, 20 (X = 100, T = 500);
# rented/tenant-owned/owned (40, 10, 0), (10, 30, 40), (0, 10, 40), (20, 10, 20); area types 2, 3, 5, 4.
# Mean wage: R001 200, 210, 240, 250 (the intervention area from 2022); R002 300, 310, 320, 330;
# R003 400, 405, 415, 420; R004 250, 255, 265, 270.

YEARS = (2020, 2021, 2022, 2023)
CODES = ["1402R001", "1402R002", "1402R003", "1402R004", "1462R001", "1462R002"]
TOTAL = [100, 200, 100, 100, 50, 150]
ABROAD = [50, 20, 10, 20, 10, 15]
TENURE = {
    "hyresratt": [40, 10, 0, 20, 10, 5],
    "bostadsratt": [10, 30, 10, 10, 10, 20],
    "aganderatt": [0, 40, 40, 20, 10, 25],
}
TYPES = [2, 3, 5, 4, 1, 3]
WAGE = {
    "1402R001": [200, 210, 240, 250],
    "1402R002": [300, 310, 320, 330],
    "1402R003": [400, 405, 415, 420],
    "1402R004": [250, 255, 265, 270],
    "1462R001": [180, 185, 190, 195],
    "1462R002": [260, 262, 264, 266],
}


def make_dataset(**changes: object) -> Dataset:
    areas = pd.DataFrame(
        {
            "area_code": CODES,
            "area_name": ["A", "B", "C", "D", "E", "F"],
            "kommun_kod": ["1402"] * 4 + ["1462"] * 2,
            "kommun": ["Partille"] * 4 + ["Lilla Edet"] * 2,
            "level": "RegSO",
            "is_synthetic": True,
        }
    )
    rows = [(c, y) for y in YEARS for c in CODES]
    population = pd.DataFrame(rows, columns=["area_code", "year"])
    population["total"] = pd.array(TOTAL * len(YEARS), dtype="Int64")
    population["born_abroad"] = pd.array(ABROAD * len(YEARS), dtype="Int64")
    population["born_in_sweden"] = population["total"] - population["born_abroad"]
    dwellings = pd.DataFrame(rows, columns=["area_code", "year"])
    for tenure, values in TENURE.items():
        dwellings[tenure] = pd.array(values * len(YEARS), dtype="Int64")
    dwellings["missing"] = pd.array([0] * len(rows), dtype="Int64")
    wage = pd.DataFrame(
        [(c, y, float(WAGE[c][i])) for i, y in enumerate(YEARS) for c in CODES],
        columns=["area_code", "year", "mean_tkr"],
    )
    types = pd.DataFrame({"area_code": CODES, "year": 2022, "omradestyp": pd.array(TYPES, dtype="Int64")})
    types["omradestyp_label"] = types["omradestyp"].map(OMRADESTYP_LABELS)
    dataset = Dataset(
        source="test",
        areas=areas,
        population_by_birth_region=population,
        dwellings_by_tenure=dwellings,
        wage_income=wage,
        area_type=types,
        municipality_facts=pd.DataFrame({"kommun_kod": ["1402", "1462"]}),
        provenance={"synthetic": True, "description": "", "files": [], "years": list(YEARS), "citation": ""},
    )
    return replace(dataset, **changes)


@pytest.fixture
def kinds_registered(monkeypatch):
    """Make sure the journal knows the evaluation's record kinds (the lead lists the module)."""
    from labkit.capture import kinds

    if "labkit.methods.evaluation.kinds" not in kinds.MODULES:
        monkeypatch.setattr(kinds, "MODULES", (*kinds.MODULES, "labkit.methods.evaluation.kinds"))
    kinds.all_kinds.cache_clear()
    yield
    kinds.all_kinds.cache_clear()


def params(**changes: object) -> ev.Params:
    base = {"kommun_kod": "1402", "intervention_areas": ("1402R001",), "intervention_year": 2022}
    return ev.Params(**{**base, **changes})


def inputs_of(dataset: Dataset, p: ev.Params, out_dir: Path | str = "") -> ev.Inputs:
    """The evaluation's inputs through the contract: a context whose run folder may hold the accessibility
    result (``handover``)."""
    return ev.load_inputs(lab_context(dataset, "evaluation", p.kommun_kod, lang=p.lang, out_dir=out_dir), p)


def run(tmp_path: Path, **changes: object) -> ev.Result:
    p = params(labs_root=str(tmp_path), **changes)
    return ev.analyse(inputs_of(make_dataset(), p, tmp_path), p)


@pytest.fixture
def result(tmp_path: Path) -> ev.Result:
    return run(tmp_path)


# --------------------------------------------------------------------------- indicators


def test_overview_by_hand(result: ev.Result) -> None:
    table = result.overview.set_index(["scope", "year"])
    row = table.loc[("municipality", 2020)]
    assert row["share_hyresratt"] == pytest.approx(70 / 230)
    assert row["mean_tkr"] == pytest.approx((200 * 100 + 300 * 200 + 400 * 100 + 250 * 100) / 500)
    assert row["share_pop_challenged"] == pytest.approx(100 / 500)
    assert row["share_born_abroad"] == pytest.approx(100 / 500)
    # D = 1/2 (|50/100 - 50/400| + |20/100 - 180/400| + |10/100 - 90/400| + |20/100 - 80/400|)
    assert row["dissimilarity"] == pytest.approx(0.375)
    region = table.loc[("region", 2023)]
    assert region["share_pop_challenged"] == pytest.approx((100 + 50) / 700)
    assert region["share_hyresratt"] == pytest.approx(85 / 310)
    assert region["n_areas"] == 6


def test_aggregated_wage_figures_are_labelled_approximate(result: ev.Result) -> None:
    # The municipality's mean above weights areas by their whole population (the income table's base, persons
    # with income, is not in the source), so the report calls it approximate; area values stay SCB's own.
    from labkit.methods.evaluation.display import indicator_label

    names = ev.indicator_table(result)["Indikator"].tolist()
    assert names.count("Medellöneinkomst, tkr (ungefärlig, vägd med folkmängden)") == 2
    assert names.count("Inkomstspridning mellan områden (Gini, ungefärlig, vägd med folkmängden)") == 2
    assert "Medellöneinkomst, tkr" not in names and "Andel hyresrätt" in names
    assert indicator_label("wage_gini", "en") == (
        "Income spread between areas (Gini, approximate, weighted by population)"
    )
    assert ev.wage_note(result) == (
        "Kommunens och regionens **medellöneinkomst** och **inkomstspridningen** är ungefärliga: varje "
        "områdes medelvärde är SCB:s eget, men SCB räknar det över de personer som inkomsttabellen gäller, "
        "och hur många de är per område finns inte i underlaget. Områdena vägs därför med hela "
        "folkmängden, barn medräknade, så områden med många barn väger något för tungt."
    )
    assert ev.key_figures(result)["approximate_indicators"] == ["mean_tkr", "wage_gini"]
    assert "Medellöneinkomst, tkr" in ev.show_areas(result).to_html()  # the areas' own values: SCB's figure


def test_tenure_theil_and_wage_gini_by_hand(result: ev.Result) -> None:
    counts = np.array([TENURE[t][:4] for t in ("hyresratt", "bostadsratt", "aganderatt")], dtype=float).T
    p_k = counts.sum(axis=0) / counts.sum()
    entropy = -(p_k * np.log(p_k)).sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        p_ik = counts / counts.sum(axis=1, keepdims=True)
        terms = np.where(counts > 0, counts * np.log(p_ik / p_k), 0.0)
    theil = terms.sum() / (counts.sum() * entropy)
    values, weights = np.array([200, 300, 400, 250.0]), np.array([100, 200, 100, 100.0])
    mu = (values * weights).sum() / weights.sum()
    gini = (np.outer(weights, weights) * np.abs(values[:, None] - values[None, :])).sum() / (2 * 500**2 * mu)
    row = result.overview.set_index(["scope", "year"]).loc[("municipality", 2020)]
    assert row["tenure_theil_h"] == pytest.approx(theil)
    assert row["wage_gini"] == pytest.approx(gini)


def test_area_table_has_every_area_and_year(result: ev.Result) -> None:
    assert len(result.areas) == 4 * 4
    row = result.areas[(result.areas["area_code"] == "1402R002") & (result.areas["year"] == 2023)].iloc[0]
    assert (row["share_hyresratt"], row["mean_tkr"], row["omradestyp"]) == (
        pytest.approx(10 / 80),
        330.0,
        3.0,
    )


def test_participation_ratio_and_suppression(tmp_path: Path) -> None:
    panel = inputs_of(make_dataset(), params(labs_root=str(tmp_path)), tmp_path).panel
    people = pd.DataFrame({"area_code": ["1402R001"] * 5 + ["1402R002"] * 3 + [None, "9999X001"]})
    part = indicators.participation(people, panel, "1402")
    assert part == {
        "participants": 10,
        "with_area": 8,
        "share_challenged": 5 / 8,
        "population_share_challenged": 0.2,
        "representation_ratio": pytest.approx(3.125),
        "suppressed": False,
    }
    few = indicators.participation(people.iloc[:4], panel, "1402")
    assert few["suppressed"] is True and few["participants"] is None and few["share_challenged"] is None


def test_data_gaps_are_listed_with_their_sources(result: ev.Result) -> None:
    assert result.gaps == (
        "service",
        "green",
        "transport",
        "trust",
        "meeting",
        "safety",
        "groups",
        "participation",
    )
    table = ev.gap_table(result)
    assert list(table.columns) == ["Indikator", "Vad som behövs", "Var uppgifterna finns"]
    assert "Kollektivtrafik" in table["Indikator"].tolist()
    assert any("Trafiklab" in where for where in table["Var uppgifterna finns"])
    from_journal = indicators.data_gaps(("age", "education"), "journal")
    assert "groups" in from_journal and "participation" not in from_journal


# --------------------------------------------------------------------------- difference-in-differences


def test_did_matches_the_hand_computed_two_by_two(result: ev.Result) -> None:
    # treated: before (200 + 210)/2 = 205, after (240 + 250)/2 = 245: +40
    # comparison: before (300+310+400+405+250+255)/6 = 320, after (320+330+415+420+265+270)/6 = 336.67: +16.67
    assert result.did.effect == pytest.approx(40 - (2020 / 6 - 320))
    assert did.two_by_two(result.did_frame) == pytest.approx(70 / 3)
    assert (result.did.n_treated, result.did.n_comparison, result.did.n_obs) == (1, 3, 16)
    assert result.did.years_before == (2020, 2021) and result.did.years_after == (2022, 2023)
    # One intervention area of four: randomisation inference over the 4 assignments. Changes after − before:
    # R001 40, R002 20, R003 15, R004 15; placebo δ = Δ_i − mean of the others: 23.3, −3.3, −10, −10, so
    # p = 1/4 and with so few assignments no effect can be rejected: the interval has no bounds.
    assert (result.did.inference, result.did.assignments, result.did.exact) == ("randomisation", 4, True)
    assert result.did.p == 0.25 and result.did.min_p == 0.25
    assert (result.did.ci_low, result.did.ci_high) == (-np.inf, np.inf)
    assert not result.did.significant and result.did.model_p < 0.25


def random_panel(
    seed: int,
    n_areas: int = 30,
    n_years: int = 6,
    effect: float = 0.0,
    start: int = 3,
    treated_share: float = 0.3,
    trend_gap: float = 0.0,
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    codes = [f"0000X{i:03d}" for i in range(n_areas)]
    treated = set(codes[: max(1, int(treated_share * n_areas))])
    rows = []
    area_level, year_level = rng.normal(300, 40, n_areas), rng.normal(0, 5, n_years)
    for i, code in enumerate(codes):
        for t in range(n_years):
            is_treated = code in treated
            y = area_level[i] + year_level[t] + rng.normal(0, 3) + (trend_gap * t if is_treated else 0.0)
            y += effect if is_treated and t >= start else 0.0
            rows.append((code, 2000 + t, y))
    panel = pd.DataFrame(rows, columns=["area_code", "year", "mean_tkr"])
    return panel, sorted(treated), sorted(set(codes) - treated)


@pytest.mark.parametrize("seed", range(6))
def test_twfe_equals_the_closed_form_difference_of_means(seed: int) -> None:
    panel, treated, comparison = random_panel(
        seed, n_areas=12 + seed, n_years=3 + seed % 4, start=1 + seed % 2
    )
    frame, dropped = did.did_frame(panel, "mean_tkr", treated, comparison, 2001 + seed % 2)
    assert dropped == ()
    assert did.estimate(frame).effect == pytest.approx(did.two_by_two(frame), abs=1e-8)


def test_classical_standard_error_matches_an_independent_least_squares() -> None:
    panel, treated, comparison = random_panel(3, n_areas=10, n_years=4, start=2)
    frame, _ = did.did_frame(panel, "mean_tkr", treated, comparison, 2002)
    areas = (frame["area_code"].to_numpy()[:, None] == np.unique(frame["area_code"])[None, :]).astype(float)
    years = (frame["year"].to_numpy()[:, None] == np.unique(frame["year"])[None, 1:]).astype(float)
    x = np.column_stack([areas, years, frame["d"].to_numpy(dtype=float)])
    y = frame["y"].to_numpy()
    beta, residual, *_ = np.linalg.lstsq(x, y, rcond=None)
    sigma2 = float(residual[0]) / (len(y) - x.shape[1])
    se = np.sqrt(sigma2 * np.linalg.inv(x.T @ x)[-1, -1])
    est = did.estimate(frame, standard_errors="classical", inference="model")
    assert est.effect == pytest.approx(beta[-1]) and est.se == pytest.approx(se)
    from scipy import stats

    half = stats.t.ppf(0.975, len(y) - x.shape[1]) * se
    assert (est.ci_low, est.ci_high) == (pytest.approx(beta[-1] - half), pytest.approx(beta[-1] + half))


@pytest.mark.parametrize("standard_errors", ["hc1", "cluster", "classical"])
def test_planted_effect_is_recovered_inside_the_interval(standard_errors: str) -> None:
    panel, treated, comparison = random_panel(11, n_areas=40, n_years=6, effect=5.0, start=3)
    frame, _ = did.did_frame(panel, "mean_tkr", treated, comparison, 2003)
    est = did.estimate(frame, standard_errors=standard_errors, confidence=0.95)
    assert est.ci_low < 5.0 < est.ci_high
    assert est.significant and est.p < 0.001
    assert est.pre_trend_p > 0.05


def test_planted_pre_trend_is_flagged() -> None:
    panel, treated, comparison = random_panel(5, n_areas=40, n_years=6, trend_gap=4.0, start=3)
    frame, _ = did.did_frame(panel, "mean_tkr", treated, comparison, 2003)
    est = did.estimate(frame)
    assert est.pre_trend == pytest.approx(4.0, abs=1.5) and est.pre_trend_p < 0.01


def test_trends_and_counterfactual_by_hand(result: ev.Result) -> None:
    trends = result.trends.set_index("year")
    assert trends.loc[2020, "treated"] == 200 and trends.loc[2023, "comparison"] == pytest.approx(1020 / 3)
    # counterfactual 2023 = 205 + (340 - 320)
    assert trends.loc[2023, "counterfactual"] == pytest.approx(205 + 1020 / 3 - 320)


def test_areas_missing_a_year_are_dropped() -> None:
    panel, treated, comparison = random_panel(2, n_areas=8, n_years=4, start=2)
    panel.loc[(panel["area_code"] == comparison[0]) & (panel["year"] == 2001), "mean_tkr"] = np.nan
    frame, dropped = did.did_frame(panel, "mean_tkr", treated, comparison, 2002)
    assert dropped == (comparison[0],) and comparison[0] not in set(frame["area_code"])


def test_design_errors_are_whole_messages(tmp_path: Path) -> None:
    with pytest.raises(InputDataError) as err:
        run(tmp_path, intervention_year=2020)
    assert str(err.value) == (
        "column 'intervention_year': no years on both sides of the intervention start: "
        "expected years before and from 2020; found years 2020, 2021, 2022, 2023."
    )
    with pytest.raises(InputDataError) as err:
        run(tmp_path, intervention_areas=("1402R001", "1402R002", "1402R003", "1402R004"))
    assert str(err.value) == (
        "column 'intervention_areas': an intervention and a comparison area with the "
        "outcome in every year are needed: expected at least one of each; found 4 "
        "intervention and 0 comparison areas."
    )


def test_region_comparison_uses_every_other_area(tmp_path: Path) -> None:
    res = run(tmp_path, comparison="region", outcome="share_hyresratt", standard_errors="cluster")
    assert res.did.n_comparison == 5
    assert res.did.effect == pytest.approx(0.0, abs=1e-9)  # tenure is the same every year


# --------------------------------------------------------------------------- where interventions come from


def test_intervention_parameter_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        run(tmp_path, intervention_areas=("1402R009",))
    assert str(err.value) == (
        "parameter 'intervention_areas': intervention area not in the municipality: "
        "expected codes among 1402R001, 1402R002, 1402R003, 1402R004; found '1402R009'."
    )
    with pytest.raises(ConfigError) as err:
        run(tmp_path, intervention_year=None)
    assert str(err.value) == (
        "parameter 'intervention_year': intervention year missing: expected the first year "
        "of the intervention, e.g. 2022; found 0 (not given)."
    )


def test_example_intervention_when_nothing_is_given(tmp_path: Path) -> None:
    res = run(tmp_path, intervention_areas=(), intervention_year=None)
    assert res.intervention_origin == "example"
    assert res.intervention["area_code"].tolist() == ["1402R001"]  # lowest wage in 2020
    assert res.intervention["start_year"].tolist() == [2022]
    assert "påhittad insats" in ev.did_text(res)


def test_interventions_and_maturity_from_the_journal(tmp_path: Path, kinds_registered: None) -> None:
    from labkit.capture.journal import LabJournal

    journal = LabJournal.for_municipality("1402", root=tmp_path)
    journal.add("intervention", area_code="1402R004", start_year=2021, title="Läxhjälp")
    journal.add(
        "maturity", method="medskapande", stage="test", long_term=1, real_world=2, participation=3, scaling=0
    )
    journal.add(
        "maturity",
        method="medskapande",
        stage="pilot",
        long_term=2,
        real_world=3,
        participation=3,
        scaling=1,
        long_term_evidence="Beslut i nämnden",
    )
    res = run(tmp_path, intervention_areas=(), intervention_year=None)
    assert res.intervention_origin == "journal" and res.did.years_after == (2021, 2022, 2023)
    local = res.maturity[res.maturity["kommun_kod"] == "1402"]
    assert local[["method", "stage", "score", "origin"]].values.tolist() == [
        ["medskapande", "pilot", 2.25, "journal"]
    ]
    assert local["long_term_evidence"].tolist() == ["Beslut i nämnden"]
    assert set(res.maturity.loc[res.maturity["kommun_kod"] == "1462", "origin"]) == {"example"}


def test_maturity_reads_the_journals_that_exist_in_municipality_order(
    tmp_path: Path, kinds_registered: None
) -> None:
    """A journal with maturity records replaces the examples; a journal without any, or no journal, gives
    the examples (none for a municipality without examples); rows follow the municipalities' order."""
    from labkit.capture.journal import LabJournal
    from labkit.methods.evaluation.inputs import resolve_maturity

    LabJournal.for_municipality("0114", root=tmp_path).add(
        "maturity", method="medskapande", stage="pilot", long_term=2, real_world=3, participation=3, scaling=1
    )
    LabJournal.for_municipality("1402", root=tmp_path).add(
        "intervention", area_code="1402R004", start_year=2021, title="Läxhjälp"
    )
    municipalities = pd.DataFrame(
        {
            "kommun_kod": ["1415", "0180", "0114", "1402"],
            "kommun": ["Stenungsund", "Stockholm", "Upplands Väsby", "Partille"],
        }
    )
    frame = resolve_maturity(municipalities, tmp_path)
    assert frame[["kommun_kod", "kommun", "method", "stage", "origin"]].values.tolist() == [
        ["1415", "Stenungsund", "seniorperspektiv", "rutin", "example"],
        ["1415", "Stenungsund", "medskapande", "pilot", "example"],
        ["0114", "Upplands Väsby", "medskapande", "pilot", "journal"],
        ["1402", "Partille", "ska_detaljplan", "pilot", "example"],
        ["1402", "Partille", "medskapande", "test", "example"],
        ["1402", "Partille", "indikatorer", "idé", "example"],
    ]
    assert not (tmp_path / "labs" / "1415").exists() and not (tmp_path / "labs" / "0180").exists()
    only_journal = resolve_maturity(municipalities.iloc[1:3], tmp_path)
    assert only_journal[["kommun_kod", "origin"]].values.tolist() == [["0114", "journal"]]


def test_journal_interventions_with_two_start_years_need_a_choice(
    tmp_path: Path, kinds_registered: None
) -> None:
    from labkit.capture.journal import LabJournal

    journal = LabJournal.for_municipality("1402", root=tmp_path)
    journal.add("intervention", area_code="1402R004", start_year=2021, title="A")
    journal.add("intervention", area_code="1402R003", start_year=2022, title="B")
    with pytest.raises(ConfigError) as err:
        run(tmp_path, intervention_areas=(), intervention_year=None)
    assert str(err.value) == (
        "parameter 'intervention_year': interventions in the journal start in different "
        "years: expected one of 2021, 2022 to choose which to evaluate; found 0 (not given)."
    )
    res = run(tmp_path, intervention_areas=(), intervention_year=2022)
    assert res.intervention["area_code"].tolist() == ["1402R003"]


# --------------------------------------------------------------------------- surveys


def write_survey(path: Path) -> Path:
    rows = ["respondent;question;answer;group;wave"]
    answers_1 = ["Instämmer inte alls", "Instämmer delvis", "Instämmer delvis", "Instämmer helt", "2", "3"]
    answers_2 = ["Instämmer helt", "Instämmer till stor del", "5", "4", "4", "3"]
    for wave, answers in ((1, answers_1), (2, answers_2)):
        for i, answer in enumerate(answers):
            rows.append(f"R{i};Jag blev lyssnad på;{answer};invånare;{wave}")
        rows.append(f"T1;Jag blev lyssnad på;Instämmer helt;tjänsteperson;{wave}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_survey_summary_change_and_suppression(tmp_path: Path) -> None:
    res = run(tmp_path, survey_csv=str(write_survey(tmp_path / "enkät.csv")))
    assert res.survey_origin == "file"
    table = res.survey.set_index(["group", "wave"])
    residents = table.loc[("invånare", 1)]
    assert [residents[k] for k in (1, 2, 3, 4, 5, "n")] == [1, 1, 3, 0, 1, 6]
    assert residents["mean"] == pytest.approx((1 + 2 + 3 * 3 + 5) / 6)
    assert residents["agree"] == pytest.approx(1 / 6)
    assert table.loc[("tjänsteperson", 1), "suppressed"] and np.isnan(table.loc[("tjänsteperson", 1), "mean"])
    assert table.loc[("Alla", 2), "n"] == 7
    change = res.survey_change.set_index("group")
    assert set(change.index) == {"invånare", "Alla"}
    assert change.loc["invånare", "mean_change"] == pytest.approx(25 / 6 - 17 / 6)
    assert change.loc["invånare", "agree_change"] == pytest.approx(5 / 6 - 1 / 6)


def test_survey_csv_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("respondent,question,answer\nR1,Q,Instämmer helt\nR2,Q,Bra\n", encoding="utf-8")
    with pytest.raises(InputDataError) as err:
        ev.read_survey_csv(bad)
    assert str(err.value) == (
        f"{bad}, line 3, column 'answer': answer not on the five-point scale: expected one of "
        "Instämmer inte alls, Instämmer till liten del, Instämmer delvis, Instämmer till stor "
        "del, Instämmer helt (or 1-5); found 'Bra'."
    )
    bad.write_text("respondent,fråga,answer\nR1,Q,1\n", encoding="utf-8")
    with pytest.raises(InputDataError) as err:
        ev.read_survey_csv(bad)
    assert str(err.value) == (
        f"{bad}: missing columns question: expected columns respondent, question, answer "
        "(and optionally group, wave); found columns respondent, fråga, answer."
    )
    bad.write_text("respondent,question,answer,wave\nR1,Q,1,1\nR2,Q,1,första\n", encoding="utf-8")
    with pytest.raises(InputDataError) as err:
        ev.read_survey_csv(bad)
    assert str(err.value) == (
        f"{bad}, line 3, column 'wave': invalid value: expected a whole number such as 1 or "
        "2; found 'första'."
    )


def test_example_survey_is_used_and_labelled(tmp_path: Path) -> None:
    res = run(tmp_path)
    assert res.survey_origin == "example"
    assert set(res.survey["group"]) == {"Alla"} and res.survey_change.empty
    assert "påhittade exempel" in ev.survey_text(res)
    counts = survey.chart_table(res.survey)
    assert counts["n"].sum() == len(
        pd.read_csv(Path(ev.__file__).parents[3] / "data/examples/1402/survey.csv")
    )


# --------------------------------------------------------------------------- maturity


def test_maturity_table_scores_and_stage_counts(result: ev.Result) -> None:
    table = result.maturity
    assert set(table["kommun_kod"]) == {"1402", "1462"}  # the municipalities of the source
    row = table[(table["kommun_kod"] == "1402") & (table["method"] == "ska_detaljplan")].iloc[0]
    assert (row["stage"], row["stage_index"], row["score"]) == (
        "pilot",
        4,
        pytest.approx((2 + 3 + 3 + 1) / 4),
    )
    counts = maturity.stage_counts(table)
    assert sum(counts.values()) == len(table) and list(counts) == [
        "idé",
        "prototyp",
        "test",
        "pilot",
        "rutin",
    ]
    assert "Lilla Edet, Partille" in ev.maturity_note(result)


def test_record_maturity_checks_values(tmp_path: Path, kinds_registered: None) -> None:
    from labkit.capture.journal import LabJournal

    journal = LabJournal(tmp_path / "labbok.sqlite")
    values = {
        "method": "indikatorer",
        "stage": "rutin",
        "long_term": 4,
        "real_world": 3,
        "participation": 2,
        "scaling": 1,
        "scaling_evidence": "  ",
        "note": "",
    }
    record_id = ev.record_maturity(journal, values)
    assert journal.frame("maturity")["id"].tolist() == [record_id]
    with pytest.raises(CaptureError) as err:
        ev.record_maturity(journal, {**values, "stage": "klar"})
    assert str(err.value) == (
        "column 'stage': value not allowed in a maturity record: expected one of idé, "
        "prototyp, test, pilot, rutin; found 'klar'."
    )


def test_maturity_form_is_off_in_reports_and_writes_the_journal_in_workshops(
    tmp_path: Path, kinds_registered: None
) -> None:
    note = ev.maturity_form("1402", enabled=False)
    assert "Registreringen är avstängd" in note.data
    import ipywidgets

    from labkit.capture.journal import LabJournal

    form = ev.maturity_form("1402", enabled=True, lang="en", labs_root=tmp_path)
    assert isinstance(form, ipywidgets.VBox)
    method, stage, long_term, long_term_evidence = form.children[:4]
    assert method.description == "Method"
    method.value, stage.value, long_term.value, long_term_evidence.value = (
        "seniorperspektiv",
        "rutin",
        4,
        "KF-beslut",
    )
    button = next(c for c in form.children if isinstance(c, ipywidgets.Button))
    button.click()
    stored = LabJournal.for_municipality("1402", root=tmp_path).frame("maturity")
    assert stored[["method", "stage", "long_term", "long_term_evidence", "scaling"]].values.tolist() == [
        ["seniorperspektiv", "rutin", 4, "KF-beslut", 0]
    ]


# --------------------------------------------------------------------------- parameters and outputs


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"outcome": "income"},
            (
                "parameter 'outcome': invalid value: expected one of mean_tkr, share_hyresratt, "
                "share_born_abroad; found 'income'."
            ),
        ),
        (
            {"comparison": "riket"},
            ("parameter 'comparison': invalid value: expected one of municipality, region; found 'riket'."),
        ),
        (
            {"standard_errors": "hc3"},
            (
                "parameter 'standard_errors': invalid value: expected one of cluster, hc1, "
                "classical; found 'hc3'."
            ),
        ),
        (
            {"inference": "bootstrap"},
            (
                "parameter 'inference': invalid value: expected one of auto, randomisation, "
                "model; found 'bootstrap'."
            ),
        ),
        (
            {"permutations": 10},
            ("parameter 'permutations': invalid value: expected an integer from 99 to 1000000; found 10."),
        ),
        (
            {"seed": -1},
            "parameter 'seed': invalid value: expected an integer from 0 to 4294967295; found -1.",
        ),
        (
            {"confidence": 1.0},
            ("parameter 'confidence': invalid value: expected a finite number in [0.5, 1); found 1.0."),
        ),
        (
            {"intervention_areas": ("1402 R1",)},
            (
                "parameter 'intervention_areas': invalid value: expected distinct "
                "area codes such as 1402X003, separated by commas; found ('1402 R1',)."
            ),
        ),
        (
            {"survey_csv": None},
            ("parameter 'survey_csv': invalid value: expected text of at most 4000 characters; found None."),
        ),
        (
            {"intervention_year": 0},
            "parameter 'intervention_year': invalid value: expected a year from 1900 to 2100; found 0.",
        ),
        (
            {"capture": 1},
            "parameter 'capture': invalid value: expected True or False; found 1.",
        ),
    ],
)
def test_invalid_params_raise_whole_messages(changes: dict, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        params(**changes)
    assert str(err.value) == message


def test_params_from_notebook_strings() -> None:
    values = {"intervention_areas": "1402R001, 1402R002", "intervention_year": 0, "capture": True}
    p = ev.Params.from_values("1402", "sv", values)
    assert p.intervention_areas == ("1402R001", "1402R002") and p.intervention_year is None and p.capture
    assert ev.Params.from_values("1402", "en", {"intervention_areas": ""}).intervention_areas == ()


def test_unknown_municipality(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        inputs_of(make_dataset(), ev.Params(kommun_kod="1482"), tmp_path)
    assert str(err.value) == (
        "parameter 'kommun_kod': municipality not in source 'test': expected one of 1402, 1462; found '1482'."
    )


def test_key_figures_have_the_issue_keys_and_are_plain_json(result: ev.Result) -> None:
    figures = json.loads(json.dumps(ev.key_figures(result)))
    assert {"indicators", "data_gaps", "did", "survey", "maturity"} <= set(figures)
    assert {"effect", "ci_low", "ci_high", "p"} <= set(figures["did"])
    assert figures["did"]["effect"] == result.did.effect
    assert (figures["did"]["inference"], figures["did"]["significant"], figures["did"]["p"]) == (
        "randomisation",
        False,
        0.25,
    )
    assert (
        figures["did"]["ci_low"] is None and figures["did"]["ci_high"] is None
    )  # no bounds with 4 assignments
    assert [g["gap"] for g in figures["data_gaps"]] == list(result.gaps)
    assert len(figures["indicators"]) == 2 * len(YEARS)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_displays_and_plots(result: ev.Result, lang: str) -> None:
    res = replace(result, params=replace(result.params, lang=lang))
    html = "".join(
        f(res).to_html()
        for f in (
            ev.show_indicators,
            ev.show_areas,
            ev.show_gaps,
            ev.show_participation,
            ev.show_did_table,
            ev.show_survey,
            ev.show_maturity,
        )
    )
    assert ("Dataluckor" in ev.summary_text(res) or "dataluckor" in ev.summary_text(res)) == (lang == "sv")
    assert ("Kollektivtrafik" in html) == (lang == "sv") and ("Public transport" in html) == (lang == "en")
    for plot in (ev.plot_trends, ev.plot_survey, ev.plot_maturity):
        assert isinstance(plot(res), Axes)
    # answers without groups: no chart, one sentence instead (None returned)
    grouped = not res.survey[res.survey["group"] != "Alla"].empty
    assert isinstance(ev.plot_survey_groups(res), Axes) if grouped else ev.plot_survey_groups(res) is None
    assert ev.plot_indicators(res) is not None
    plt.close("all")


@pytest.mark.notebooks
@pytest.mark.xdist_group("kernels")
def test_notebook_run_lists_data_gaps(tmp_path: Path, monkeypatch) -> None:
    from labkit.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["run", "--method", "evaluation", "--municipality", "1462", "--out", "out"]) == 0
    record = json.loads((tmp_path / "out" / "1462" / "evaluation.results.json").read_text())
    assert {"indicators", "data_gaps", "did", "survey", "maturity"} <= set(record)
    # One example area among Lilla Edet's 8: 8 placebo assignments, so p ≥ 1/8 and the interval has no bounds.
    assert record["did"]["origin"] == "example" and record["did"]["inference"] == "randomisation"
    assert (record["did"]["assignments"], record["did"]["min_p"]) == (8, 0.125)
    assert record["did"]["ci_low"] is None and record["did"]["ci_high"] is None
    assert record["access"]["available"] is True and record["access"]["synthetic"] is True
    assert [g["gap"] for g in record["data_gaps"]] == ["trust", "safety", "groups", "participation"]
    html = (tmp_path / "out" / "1462" / "evaluation.html").read_text(encoding="utf-8")
    for text in (
        "Tillgång till service",
        "Kollektivtrafik",
        "Tillit och social sammanhållning",
        "NTU",
        "Medelrestid till närmaste, min",
        "Observera: syntetiska exempel",
        "Hållplats med tät trafik",
    ):
        assert text in html
    assert "påhittad insats" in html


# -------------------------------------------------------------------------- access indicators (accessibility)

ACCESS_KEYS = ("mean_minutes", "share_within_20min", "ratio_born_abroad")


def with_access(dataset: Dataset, out: Path, kommun_kod: str = "1402", **access: object) -> ev.Result:
    """Run the accessibility method (as its job in a run would) and hand its Result over in ``out``; then the
    evaluation in the same folder."""
    from labkit.methods import accessibility

    ap = accessibility.Params(kommun_kod=kommun_kod, **access)
    context = lab_context(dataset, "accessibility", kommun_kod, out_dir=out)
    handover.write(out, "accessibility", accessibility.analyse(accessibility.load_inputs(context, ap), ap))
    p = ev.Params(kommun_kod=kommun_kod, labs_root=str(out))
    return ev.analyse(inputs_of(dataset, p, out), p)


@pytest.fixture(scope="module")
def bundled_access(tmp_path_factory: pytest.TempPathFactory) -> ev.Result:
    from labkit.data.bundled import load_bundled

    return with_access(load_bundled(), tmp_path_factory.mktemp("run"))


def test_bundled_services_replace_the_access_gaps(bundled_access: ev.Result) -> None:
    assert bundled_access.gaps == ("trust", "safety", "groups", "participation")
    assert bundled_access.access["type"].tolist() == [
        "grundskola",
        "förskola",
        "vårdcentral",
        "bibliotek",
        "livsmedelsbutik",
        "hållplats",
        "grönområde",
        "mötesplats",
    ]
    assert bundled_access.access["gap"].tolist() == ["service"] * 5 + ["transport", "green", "meeting"]
    assert bundled_access.access_synthetic is True


def test_access_numbers_equal_the_accessibility_methods_own(bundled_access: ev.Result) -> None:
    from labkit.data.bundled import load_bundled
    from labkit.methods import accessibility

    p = accessibility.Params(kommun_kod="1402")
    inputs = accessibility.load_inputs(lab_context(load_bundled(), "accessibility", "1402"), p)
    own = accessibility.key_figures(accessibility.analyse(inputs, p))
    figures = json.loads(json.dumps(ev.key_figures(bundled_access)))["access"]
    assert figures["available"] is True and figures["synthetic"] is True
    assert (figures["year"], figures["travel"]) == (own["year"], "walk")
    assert set(figures["types"]) == set(own["access"])
    for kind, row in figures["types"].items():
        assert row["mean_minutes"] == own["access"][kind]["mean_minutes"]
        assert row["share_within_20min"] == own["access"][kind]["share_within_20min"]
        assert row["ratio_born_abroad"] == own["equity"][kind]["ratio_born_abroad"]
        assert row["n_services"] == own["access"][kind]["n_services"]
        assert 0 <= row["share_within_20min"] <= 1 and row["mean_minutes"] > 0


def test_access_by_area_is_the_population_weighted_basis(bundled_access: ev.Result) -> None:
    areas = bundled_access.access_areas
    assert areas["area_code"].str.startswith("1402").all() and len(areas) == areas["area_code"].nunique()
    for row in bundled_access.access.to_dict("records"):
        minutes, weights = areas[row["type"]].to_numpy(float), areas["population"].to_numpy(float)
        assert row["mean_minutes"] == pytest.approx((minutes * weights).sum() / weights.sum())
        assert row["share_within_20min"] == pytest.approx(weights[minutes <= 20].sum() / weights.sum())


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_access_displays(bundled_access: ev.Result, lang: str) -> None:
    res = replace(bundled_access, params=replace(bundled_access.params, lang=lang))
    table = ev.access_table(res)
    header = "Medelrestid till närmaste, min" if lang == "sv" else "Mean travel time to the nearest, min"
    assert header in table.columns and len(table) == 8
    assert table.iloc[5, 1] == ("Kollektivtrafik" if lang == "sv" else "Public transport")
    note = ev.access_text(res)
    assert note.startswith(
        "**Observera: syntetiska exempel.**" if lang == "sv" else "**Note: synthetic examples.**"
    )
    assert "syntetiska" in ev.show_access(res).to_html() or lang == "en"
    assert len(ev.access_area_table(res)) == len(res.access_areas)
    assert ev.show_access_areas(res).to_html()
    assert ("tillgänglighetsindikatorer för 8" in ev.summary_text(res)) == (lang == "sv")


def test_a_services_file_fills_only_the_gaps_it_covers(tmp_path: Path) -> None:
    from labkit.data.bundled import load_bundled

    services = tmp_path / "services.csv"
    services.write_text(
        "id,type,name,lat,lon,departures_per_hour\na,hållplats,Centrum,57.7395,12.1064,12\n", encoding="utf-8"
    )
    res = with_access(load_bundled(), tmp_path, services_file=str(services))
    assert res.gaps == ("service", "green", "trust", "meeting", "safety", "groups", "participation")
    assert res.access["type"].tolist() == ["hållplats"] and not res.access_result.services_synthetic
    assert ev.key_figures(res)["access"]["types"]["hållplats"]["n_services"] == 1


def test_a_failed_accessibility_job_is_shown_with_its_error(tmp_path: Path) -> None:
    """A bad services file fails the accessibility job; the evaluation shows that error, not an empty
    table."""
    services = tmp_path / "services.csv"
    services.write_text("id,type,name,lat,lon\na,skola,A,57.7,12.1\n", encoding="utf-8")
    with pytest.raises(InputDataError) as err:
        with_access(make_dataset(), tmp_path, services_file=str(services))
    error = (
        f"{services}, line 2, column 'type': unknown service type: expected one of "
        "grundskola, förskola, gymnasieskola, vårdcentral, apotek, bibliotek, livsmedelsbutik, "
        "hållplats, grönområde, mötesplats, idrottsplats; found 'skola'."
    )
    assert str(err.value) == error
    handover.fail(tmp_path, "accessibility", f"InputDataError: {err.value}")  # what the runner records
    res = run(tmp_path)
    assert res.access_result is None and res.access.empty and "service" in res.gaps
    reason = f"Tillgänglighet misslyckades i den här körningen: InputDataError: {error}"
    assert res.access_reason == reason
    assert ev.access_text(res) == render.escape_markdown(reason)
    assert ev.show_access(res).data == render.markdown_text(render.escape_markdown(reason))
    assert ev.show_access_areas(res).data == ev.show_access(res).data


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_missing_accessibility_result_is_shown_with_the_reason(tmp_path: Path, lang: str) -> None:
    """No accessibility job in the run folder: the report says so instead of showing empty tables."""
    p = params(labs_root=str(tmp_path), lang=lang)
    res = ev.analyse(inputs_of(make_dataset(), p, tmp_path), p)
    reason = {
        "sv": "Tillgänglighet har inte körts för den här kommunen i samma körning. Kör den först (labkit run "
        "gör det).",
        "en": "Accessibility has not been run for this municipality in the same run. Run it first (labkit "
        "run does).",
    }[lang]
    assert (res.access_result, res.access_reason) == (None, reason)
    assert ev.show_access_note(res).data == render.markdown_text(render.escape_markdown(reason))
    assert ev.show_access(res).data == ev.show_access_note(res).data
    assert ev.key_figures(res)["access"] == {
        "available": False,
        "synthetic": False,
        "travel": None,
        "year": None,
        "types": {},
    }


def test_scb_exports_without_services_keep_the_gaps(tmp_path: Path) -> None:
    from conftest import SCB_DIR

    from labkit.data.sources import load_source

    res = with_access(load_source("scb-exports", SCB_DIR), tmp_path)
    assert res.gaps == (
        "service",
        "green",
        "transport",
        "trust",
        "meeting",
        "safety",
        "groups",
        "participation",
    )
    assert res.access.empty and res.access_areas.empty and res.access_synthetic is False
    assert ev.key_figures(res)["access"] == {
        "available": False,
        "synthetic": False,
        "travel": "walk",
        "year": res.access_result.year,
        "types": {},
    }
    assert ev.access_text(res).startswith("Tillgänglighet kan inte beräknas för källans områden")
    assert ev.access_table(res).empty


def test_tiny_source_without_area_points_keeps_the_gaps(result: ev.Result) -> None:
    assert "service" in result.gaps and result.access.empty
    assert ev.key_figures(result)["access"]["available"] is False
