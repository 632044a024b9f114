"""Target-group analysis: hand-checked figures on a tiny dataset, flags, the housing matrix, errors,
outputs."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from labkit.data.dataset import OMRADESTYP_LABELS, Dataset
from labkit.errors import ConfigError, InputDataError
from labkit.lab import context as lab_context
from labkit.methods import target_groups as tg

# --------------------------------------------------------------------------- a tiny dataset, checked by hand
#
# Partille (1402) has three areas, Lilla Edet (1462) two, in 2022 and 2023.
# 2023, Partille: totals 100, 200, 100; born abroad 60, 20, 10 (X = 90, T = 400, P = 9/40);
# rented/tenant-owned/owned dwellings (40, 10, 0), (10, 30, 40), (10, 10, 30); mean wage 160, 310, 400.

CODES = ["1402R001", "1402R002", "1402R003", "1462R001", "1462R002"]
TOTAL = {2022: [100, 200, 100, 50, 150], 2023: [100, 200, 100, 60, 140]}
ABROAD = {2022: [50, 20, 10, 5, 15], 2023: [60, 20, 10, 6, 14]}
WAGE = {2022: [150.0, 300.0, 400.0, 250.0, 260.0], 2023: [160.0, 310.0, 400.0, 250.0, 270.0]}
TENURE = {
    "hyresratt": [40, 10, 10, 5, 5],
    "bostadsratt": [10, 30, 10, 5, 15],
    "aganderatt": [0, 40, 30, 20, 40],
}


def _areas() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": CODES,
            "area_name": ["Alfa", "Beta", "Gamma", "Delta", "Epsilon"],
            "kommun_kod": ["1402"] * 3 + ["1462"] * 2,
            "kommun": ["Partille"] * 3 + ["Lilla Edet"] * 2,
            "level": "RegSO",
            "is_synthetic": True,
        }
    )


def _by_year(values: dict[int, list], name: str) -> pd.DataFrame:
    rows = [(c, y, v) for y, vs in values.items() for c, v in zip(CODES, vs, strict=True)]
    return pd.DataFrame(rows, columns=["area_code", "year", name])


def _population() -> pd.DataFrame:
    pop = _by_year(TOTAL, "total").merge(_by_year(ABROAD, "born_abroad"), on=["area_code", "year"])
    pop["born_in_sweden"] = pop["total"] - pop["born_abroad"]
    return pop.astype({c: "Int64" for c in ("total", "born_abroad", "born_in_sweden")})


def _dwellings() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "area_code": CODES * 2,
            "year": [2022] * 5 + [2023] * 5,
            **{k: v * 2 for k, v in TENURE.items()},
            "missing": [0] * 10,
        }
    )
    return frame.astype({c: "Int64" for c in (*TENURE, "missing")})


def _area_type() -> pd.DataFrame:
    types = pd.DataFrame(
        {"area_code": CODES, "year": 2022, "omradestyp": pd.array([2, 4, 5, 3, 4], dtype="Int64")}
    )
    types["omradestyp_label"] = types["omradestyp"].map(OMRADESTYP_LABELS)
    return types


def make_dataset(**changes: object) -> Dataset:
    """The tiny dataset; keyword arguments replace fields (e.g. ``extra={"age": ...}``)."""
    dataset = Dataset(
        source="test",
        areas=_areas(),
        population_by_birth_region=_population(),
        dwellings_by_tenure=_dwellings(),
        wage_income=_by_year(WAGE, "mean_tkr"),
        area_type=_area_type(),
        municipality_facts=pd.DataFrame(
            {"kommun_kod": ["1402", "1462"], "kommun": ["Partille", "Lilla Edet"]}
        ),
        provenance={
            "synthetic": True,
            "description": "test",
            "files": [],
            "years": [2022, 2023],
            "citation": "",
        },
    )
    return replace(dataset, **changes)


def run(dataset: Dataset | None = None, **params: object) -> tg.Result:
    settings = {"kommun_kod": "1402", "n_sim": 200} | params
    p = tg.Params(**settings)
    return tg.analyse(tg.load_inputs(lab_context(dataset or make_dataset()), p), p)


@pytest.fixture(scope="module")
def result() -> tg.Result:
    return run()


def _f(value: Fraction) -> float:
    return float(value)


# --------------------------------------------------------------------------- indices, hand-computed


def test_born_abroad_indices_of_the_chosen_year(result: tg.Result) -> None:
    row = result.current
    assert result.year == 2023  # None → the latest year
    # D = 1/2 (|60/90-40/310| + |20/90-180/310| + |10/90-90/310|) = 50/93
    assert row["dissimilarity"] == pytest.approx(_f(Fraction(50, 93)), abs=1e-15)
    # xPx* = (60/90)(60/100) + (20/90)(20/200) + (10/90)(10/100) = 13/30; xPy* = 17/30
    assert row["isolation"] == pytest.approx(13 / 30, abs=1e-15)
    assert row["exposure"] == pytest.approx(17 / 30, abs=1e-15)
    # eta2 = (13/30 - 9/40) / (1 - 9/40) = 25/93
    assert row["eta2"] == pytest.approx(25 / 93, abs=1e-15)
    # Gini = 2 (100·200·0.5 + 100·100·0.5) / (2 · 400² · 9/40 · 31/40) = 50/93
    assert row["gini"] == pytest.approx(50 / 93, abs=1e-15)


def test_tenure_indices_are_computed_in_dwellings(result: tg.Result) -> None:
    counts = np.array([[40, 10, 0], [10, 30, 40], [10, 10, 30]], dtype=float)
    t, big = counts.sum(axis=1), counts.sum(axis=0) / counts.sum()
    # multigroup D = sum_i t_i sum_k |p_ik - P_k| / (2 T sum_k P_k(1-P_k))
    #   = (910/9) / (2·180·107/162) = 91/214
    assert result.current["multigroup_dissimilarity"] == pytest.approx(91 / 214, abs=1e-15)
    entropy = -sum(p * math.log(p) for p in big)
    info = sum(
        c * math.log(c / ti / pk)
        for row, ti in zip(counts, t, strict=True)
        for c, pk in zip(row, big, strict=True)
        if c > 0
    )
    assert result.current["theil_h"] == pytest.approx(info / (180 * entropy), abs=1e-14)


def test_wage_gini_and_its_change_since_the_first_year(result: tg.Result) -> None:
    # 2023: 2·(100·200·150 + 100·100·240 + 200·100·90) / (2·400²·295) = 9/59; 2022: 15/92
    trend = result.trend.set_index("year")
    assert trend.loc[2023, "wage_gini"] == pytest.approx(9 / 59, abs=1e-15)
    assert trend.loc[2022, "wage_gini"] == pytest.approx(15 / 92, abs=1e-15)
    assert trend.loc[2023, "wage_gini_change"] == pytest.approx(9 / 59 - 15 / 92, abs=1e-15)
    assert trend.loc[2023, "wage_gini_first_year"] == 2022


def test_trend_covers_every_year_with_benchmarks(result: tg.Result) -> None:
    assert result.trend["year"].tolist() == [2022, 2023]
    # 2022: totals 100, 200, 100 and born abroad 50, 20, 10:
    # D = 1/2 (|50/80-50/320| + |20/80-180/320| + |10/80-90/320|)
    d_2022 = 0.5 * (abs(50 / 80 - 50 / 320) + abs(20 / 80 - 180 / 320) + abs(10 / 80 - 90 / 320))
    assert result.trend.loc[0, "dissimilarity"] == pytest.approx(d_2022, abs=1e-15)
    for name in ("dissimilarity", "isolation", "exposure", "eta2", "gini"):
        for suffix in ("random", "random_p95", "lo", "hi"):
            assert result.trend[f"{name}_{suffix}"].notna().all()
    # random allocation of 90 people among 400 gives far less segregation than observed
    assert (result.trend["dissimilarity_random"] < result.trend["dissimilarity"]).all()


def test_benchmarks_are_reproducible_with_the_seed() -> None:
    first, again, other = run(seed=3), run(seed=3), run(seed=4)
    columns = ["dissimilarity_random", "dissimilarity_lo", "dissimilarity_hi"]
    pd.testing.assert_frame_equal(first.trend[columns], again.trend[columns])
    assert not first.trend[columns].equals(other.trend[columns])


# --------------------------------------------------------------------------- profiles and comparison


def test_profiles_rank_areas_by_share_born_abroad(result: tg.Result) -> None:
    profiles = result.profiles.set_index("area_code")
    assert result.profiles["area_code"].tolist() == ["1402R001", "1402R002", "1402R003"]
    assert result.profiles["rank"].tolist() == [1, 2, 3]
    assert profiles.loc["1402R001", "share_born_abroad"] == 0.6
    assert profiles.loc["1402R001", "lq_born_abroad"] == pytest.approx(0.6 / (90 / 400), abs=1e-15)
    assert profiles.loc["1402R002", "share_aganderatt"] == 0.5
    assert profiles.loc["1402R001", "income_ratio"] == pytest.approx(160 / 295, abs=1e-15)
    assert profiles.loc["1402R001", "omradestyp_label"] == "socioekonomiska utmaningar"


def test_comparison_with_other_municipalities_and_the_region(result: tg.Result) -> None:
    table = result.comparison.set_index("scope")
    assert table.index.tolist() == ["municipality", "others", "region"]
    assert table["n_areas"].tolist() == [3, 2, 5]
    assert table["share_born_abroad"].tolist() == pytest.approx([90 / 400, 20 / 200, 110 / 600], abs=1e-15)
    # population-weighted means of the area means
    assert table["mean_tkr"].tolist() == pytest.approx(
        [295, (250 * 60 + 270 * 140) / 200, 170800 / 600], abs=1e-12
    )
    assert table.loc["municipality", "share_hyresratt"] == pytest.approx(60 / 180, abs=1e-15)
    assert table.loc["municipality", "share_pop_challenged"] == 0.25  # Alfa (type 2) holds 100 of 400


def test_municipality_table_has_every_municipality_of_the_source(result: tg.Result) -> None:
    table = result.municipalities.set_index("kommun_kod")
    assert table.index.tolist() == ["1402", "1462"]
    assert table.loc["1402", "dissimilarity"] == pytest.approx(50 / 93, abs=1e-15)
    assert table.loc["1462", "kommun"] == "Lilla Edet"
    # Lilla Edet 2023: 6/60 and 14/140 are both 10 %, so D = 0
    assert table.loc["1462", "dissimilarity"] == pytest.approx(0.0, abs=1e-15)


# --------------------------------------------------------------------------- Kungälv's rule and marginality


def test_flags_and_marginality(result: tg.Result) -> None:
    table = result.indicators.set_index(["group", "area_code"])
    alfa_abroad, alfa_rent = table.loc[("born_abroad", "1402R001")], table.loc[("hyresratt", "1402R001")]
    assert alfa_abroad["ratio"] == pytest.approx(8 / 3, abs=1e-15) and alfa_abroad["flagged"]
    # marginality = share of volume / share of population = (60/90) / (100/400)
    assert alfa_abroad["marginality"] == pytest.approx(8 / 3, abs=1e-15)
    # rented: share 40/50 against 60/180 → 2.4; marginality (40/60) / (100/400)
    assert alfa_rent["ratio"] == pytest.approx(2.4, abs=1e-15) and alfa_rent["flagged"]
    assert alfa_rent["marginality"] == pytest.approx(8 / 3, abs=1e-15)
    assert table.loc[("hyresratt", "1402R003"), "ratio"] == pytest.approx(0.6, abs=1e-15)
    assert not table.loc[("hyresratt", "1402R003"), "flagged"]


def test_low_income_is_the_inverse_ratio(result: tg.Result) -> None:
    low = result.indicators[result.indicators["group"] == "low_income"].set_index("area_code")
    assert low["municipal"].iloc[0] == pytest.approx(295, abs=1e-12)
    assert low["ratio"].tolist() == pytest.approx([295 / 160, 295 / 310, 295 / 400], abs=1e-15)
    # population share / share of the wage sum: (100/400) / (16000/118000)
    assert low.loc["1402R001", "marginality"] == pytest.approx(0.25 / (16000 / 118000), abs=1e-15)
    assert not low["flagged"].any()  # 295/160 = 1.84 < 2
    assert run(threshold=1.5).indicators.query("group == 'low_income'")["flagged"].tolist() == [
        True,
        False,
        False,
    ]


def test_area_flag_list(result: tg.Result) -> None:
    flags = result.areas.set_index("area_code")["flags"]
    assert flags.to_dict() == {"1402R001": ["born_abroad", "hyresratt"], "1402R002": [], "1402R003": []}


def test_target_group_table_ranks_flagged_pairs_first(result: tg.Result) -> None:
    table = result.target_groups
    assert list(zip(table["rank"], table["group"], table["area_code"], strict=True)) == [
        (1, "born_abroad", "1402R001"),
        (2, "hyresratt", "1402R001"),
        (3, "omradestyp", "1402R001"),
        (4, "low_income", "1402R001"),
    ]
    assert table.loc[0, "reason"] == (
        "Andelen födda utomlands är 60,0\u00a0% mot 22,5\u00a0% i kommunen (2,7 gånger kommungenomsnittet, "
        "över tröskeln 2,0). Området har 66,7\u00a0% av kommunens utrikes födda och 25,0\u00a0% av "
        "befolkningen."
    )
    # rented: 40/50 against 60/180, ratio 2.4; marginality (40/60)/(100/400) = 2.67 differs, so it is given
    assert table.loc[1, "reason"] == (
        "Andelen hyresrätter är 80,0\u00a0% mot 33,3\u00a0% i kommunen (2,4 gånger kommungenomsnittet, över "
        "tröskeln 2,0). Området har 66,7\u00a0% av kommunens hyresrätter och 25,0\u00a0% av befolkningen. "
        "Marginalitetsmåttet är 2,67: områdets andel av hyresrätterna delad med dess andel av invånarna "
        "(bostäder mot personer, så det skiljer sig från kvoten)."
    )
    assert table.loc[2, "reason"] == "Området har områdestyp 2, socioekonomiska utmaningar (SCB/Delmos 2022)."
    assert table.loc[0, "label"] == "Födda utomlands"


def test_reasons_in_english() -> None:
    table = run(lang="en").target_groups
    assert table.loc[3, "reason"] == (
        "Mean wage income is SEK 160k against SEK 295k in the municipality (the municipal mean is 1.8 times "
        "the area's). The area holds 25.0% of the population but 13.6% of total wage income."
    )


# --------------------------------------------------------------------------- housing matrix and age data


def test_housing_matrix_never_invents_a_cell(result: tg.Result) -> None:
    matrix = result.housing
    assert list(dict.fromkeys(matrix["group"])) == list(tg.housing.HOUSING_GROUPS)
    gaps = matrix[matrix["status"] == "gap"]
    assert gaps["value"].isna().all() and (gaps["gap"] != "").all()
    assert set(gaps["gap"]) == set(result.gaps["gap"])
    # every filled cell is a figure of the indicator table (or the municipal value)
    filled = matrix[matrix["status"] != "gap"]
    assert filled["value"].notna().all()
    rent = filled.query("group == 'ungdomar' and aspect == 'supply'").set_index("area_code")["value"]
    assert rent.loc["1402R001"] == 0.8 and rent.loc["1402"] == pytest.approx(60 / 180, abs=1e-15)
    # without age data the youth and senior needs are gaps, never estimates
    age_cells = matrix[
        matrix["indicator_key"].isin(["ind_share_youth", "ind_share_senior_65", "ind_share_senior_80"])
    ]
    assert (age_cells["status"] == "gap").all() and (age_cells["gap"] == "age").all()


def test_gap_table_names_the_scb_tables(result: tg.Result) -> None:
    gaps = result.gaps.set_index("gap")
    assert gaps.loc["age", "needed"] == "Folkmängd efter region, ålder och kön, DeSO/RegSO"
    assert gaps.loc["age", "where"] == "SCB Statistikdatabasen BE0101Y FolkmDesoAldKon (TAB6574)"
    assert gaps.loc["age", "groups"] == "Ungdomar, Äldre"
    assert (
        gaps.loc["economic_standard", "where"] == "SCB Statistikdatabasen HE0110I Tab3InkDesoRegso (TAB6684)"
    )
    assert gaps["mark"].tolist() == list(range(1, len(gaps) + 1))
    assert (gaps["needed"].str.len() > 0).all() and (gaps["where"].str.len() > 0).all()


def test_age_gap_is_stated_in_the_notes(result: tg.Result) -> None:
    assert not result.age_available
    assert any(
        note.startswith("**Ungdoms- och seniorperspektivet saknar underlag.**") and "FolkmDesoAldKon" in note
        for note in result.notes
    )


def _age_table() -> pd.DataFrame:
    """Alfa: 20 aged 13-19, 10 aged 20-25, 50 aged 26-64, 15 aged 65-79, 5 aged 80+; Beta and Gamma
    likewise scaled."""
    bands = ["0-12", "13-19", "20-25", "26-64", "65-79", "80+"]
    counts = {
        "1402R001": [0, 20, 10, 50, 15, 5],
        "1402R002": [40, 20, 20, 80, 30, 10],
        "1402R003": [10, 5, 5, 40, 30, 10],
    }
    rows = [(code, 2023, band, n) for code, ns in counts.items() for band, n in zip(bands, ns, strict=True)]
    return pd.DataFrame(rows, columns=["area_code", "year", "age", "count"])


def test_age_data_fills_youth_and_senior_cells() -> None:
    result = run(make_dataset(extra={"age": _age_table()}))
    assert result.age_available and "age" not in set(result.gaps["gap"])
    youth = result.indicators[result.indicators["group"] == "youth"].set_index("area_code")
    assert youth.loc["1402R001", "value"] == 0.3  # 30 of 100
    assert youth.loc["1402R001", "municipal"] == pytest.approx(80 / 400, abs=1e-15)
    senior = result.indicators[result.indicators["group"] == "senior_80"].set_index("area_code")
    assert senior.loc["1402R003", "ratio"] == pytest.approx(0.1 / (25 / 400), abs=1e-15)
    assert not senior.loc["1402R003", "flagged"]  # 10 % against 6.25 %: 1.6 < 2
    matrix = result.housing.set_index(["indicator_key", "area_code"])["value"]
    assert matrix.loc[("ind_share_youth", "1402R002")] == pytest.approx(40 / 200, abs=1e-15)
    assert any(note.startswith("**Ålder per område** finns i källan") for note in result.notes)


def test_age_band_across_a_boundary_is_an_error() -> None:
    age = _age_table()
    age.loc[age["age"] == "13-19", "age"] = "10-19"
    with pytest.raises(InputDataError) as err:
        run(make_dataset(extra={"age": age}))
    assert str(err.value) == (
        "extra['age'], column 'age': age band cannot be split: expected bands inside or outside 13-25; "
        "found 10-19."
    )


# --------------------------------------------------------------------------- edge cases


def test_one_area_municipality() -> None:
    dataset = make_dataset()
    keep = dataset.areas["area_code"] != "1462R002"
    dataset = replace(dataset, areas=dataset.areas[keep])
    result = run(dataset, kommun_kod="1462")
    assert len(result.profiles) == 1
    assert result.current["dissimilarity"] == pytest.approx(0.0, abs=1e-15)
    assert result.current["isolation"] == pytest.approx(0.1, abs=1e-15)
    json.dumps(tg.key_figures(result), allow_nan=False)


def test_group_absent_gives_missing_indices_not_errors() -> None:
    dataset = make_dataset()
    pop = dataset.population_by_birth_region.copy()
    pop["born_abroad"] = pd.array([0] * len(pop), dtype="Int64")
    result = run(replace(dataset, population_by_birth_region=pop))
    assert result.current[["dissimilarity", "isolation", "eta2", "gini"]].isna().all()
    assert not result.indicators.query("group == 'born_abroad'")["flagged"].any()
    figures = tg.key_figures(result)
    assert figures["indices"]["born_abroad"]["dissimilarity"] is None
    json.dumps(figures, allow_nan=False)


def test_zero_population_area_is_left_out() -> None:
    dataset = make_dataset()
    pop = dataset.population_by_birth_region.copy()
    empty = pop["area_code"] == "1402R003"
    pop.loc[empty, ["total", "born_abroad", "born_in_sweden"]] = 0
    result = run(replace(dataset, population_by_birth_region=pop))
    # two areas left: 60/100 and 20/200 → D = 1/2 (|60/80 - 40/220| + |20/80 - 180/220|)
    assert result.current["dissimilarity"] == pytest.approx(
        0.5 * (abs(60 / 80 - 40 / 220) + abs(20 / 80 - 180 / 220))
    )
    assert result.current["n_areas"] == 2
    assert math.isnan(
        result.indicators.set_index(["group", "area_code"]).loc[("born_abroad", "1402R003"), "ratio"]
    )


def test_suppressed_wage_cell_is_left_out() -> None:
    dataset = make_dataset()
    wage = dataset.wage_income.copy()
    wage.loc[(wage["area_code"] == "1402R003") & (wage["year"] == 2023), "mean_tkr"] = np.nan
    result = run(replace(dataset, wage_income=wage))
    # 160 and 310 with weights 100, 200: mean 260; G = 2·100·200·150 / (2·300²·260)
    assert result.current["wage_gini"] == pytest.approx(2 * 100 * 200 * 150 / (2 * 300**2 * 260), abs=1e-15)


# --------------------------------------------------------------------------- parameters and inputs errors


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"kommun_kod": "142"},
            (
                "parameter 'kommun_kod': invalid value: expected a 4-digit municipality code as text, e.g. "
                "'1402'; found '142'."
            ),
        ),
        (
            {"kommun_kod": 1402},
            (
                "parameter 'kommun_kod': invalid value: expected a 4-digit municipality code as text, e.g. "
                "'1402'; found 1402."
            ),
        ),
        (
            {"year": 1800},
            (
                "parameter 'year': invalid value: expected None (latest year in the source) or a year from "
                "1900 to 2100; found 1800."
            ),
        ),
        (
            {"threshold": 1.0},
            "parameter 'threshold': invalid value: expected a finite number greater than 1; found 1.0.",
        ),
        (
            {"threshold": "2"},
            "parameter 'threshold': invalid value: expected a finite number greater than 1; found '2'.",
        ),
        ({"lang": "de"}, "parameter 'lang': invalid value: expected one of sv, en; found 'de'."),
        (
            {"youth_ages": (25, 13)},
            (
                "parameter 'youth_ages': invalid value: expected (first age, last age) with 0 <= first <= "
                "last <= 110; found (25, 13)."
            ),
        ),
        (
            {"senior_ages": (80, 65)},
            (
                "parameter 'senior_ages': invalid value: expected increasing distinct ages from 0 to 110, "
                "e.g. (65, 80); found (80, 65)."
            ),
        ),
        ({"n_sim": 0}, "parameter 'n_sim': invalid value: expected an integer from 1 to 10000; found 0."),
        (
            {"seed": -1},
            "parameter 'seed': invalid value: expected an integer from 0 to 4294967295; found -1.",
        ),
    ],
)
def test_params_errors(change: dict, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        tg.Params(**({"kommun_kod": "1402"} | change))
    assert str(err.value) == message


def test_params_from_notebook_strings() -> None:
    values = {"year": 0, "youth_ages": "16-29", "senior_ages": "65, 75, 85"}
    params = tg.Params.from_values("0114", "sv", values)
    assert (params.kommun_kod, params.year, params.youth_ages, params.senior_ages) == (
        "0114",
        None,
        (16, 29),
        (65, 75, 85),
    )
    with pytest.raises(ConfigError) as err:
        tg.Params.from_values("1402", "sv", {"youth_ages": "13 to 25"})
    assert str(err.value) == (
        "parameter 'youth_ages': invalid value: expected two ages joined by a hyphen, "
        "e.g. '13-25'; found '13 to 25'."
    )
    with pytest.raises(ConfigError) as err:
        tg.Params.from_values("1402", "sv", {"senior_ages": "65;80"})
    assert str(err.value) == (
        "parameter 'senior_ages': invalid value: expected whole ages separated by commas, "
        "e.g. '65,80'; found '65;80'."
    )


def test_params_from_the_notebook_namespace() -> None:
    """lab.open reads the declared names from the notebook's namespace; other names are ignored."""
    namespace = {"kommun": "1462", "source": "bundled", "year": 2022, "threshold": 1.5, "n_sim": 10, "x": 1}
    params = tg.Params.from_values("1462", "en", namespace)
    assert params == tg.Params("1462", year=2022, threshold=1.5, lang="en", n_sim=10)


def test_unknown_municipality_lists_the_source() -> None:
    with pytest.raises(ConfigError) as err:
        tg.load_inputs(lab_context(make_dataset()), tg.Params("9999"))
    assert str(err.value) == (
        "parameter 'kommun_kod': municipality not in source 'test': expected one of 1402, 1462; found '9999'."
    )


def test_year_not_in_source_lists_the_years() -> None:
    with pytest.raises(ConfigError) as err:
        tg.load_inputs(lab_context(make_dataset()), tg.Params("1402", year=2019))
    assert str(err.value) == "parameter 'year': year not in source: expected one of 2022, 2023; found 2019."


def test_missing_column_is_named() -> None:
    dataset = make_dataset(wage_income=_by_year(WAGE, "median_tkr"))
    with pytest.raises(InputDataError) as err:
        tg.load_inputs(lab_context(dataset), tg.Params("1402"))
    assert str(err.value) == (
        "column 'mean_tkr': column missing from table 'wage_income': expected columns area_code, year, "
        "mean_tkr; found columns area_code, year, median_tkr."
    )


def test_params_and_inputs_must_agree() -> None:
    inputs = tg.load_inputs(lab_context(make_dataset()), tg.Params("1402"))
    with pytest.raises(ConfigError) as err:
        tg.analyse(inputs, tg.Params("1462"))
    assert (
        str(err.value)
        == "parameter 'kommun_kod': parameters and inputs disagree: expected '1402'; found '1462'."
    )


def test_load_inputs_does_not_change_the_dataset() -> None:
    dataset, pristine = make_dataset(), make_dataset()
    run(dataset)
    for table in ("areas", "population_by_birth_region", "dwellings_by_tenure", "wage_income", "area_type"):
        pd.testing.assert_frame_equal(getattr(dataset, table), getattr(pristine, table))


# --------------------------------------------------------------------------- key figures


REQUIRED_KEYS = [
    ("year",),
    ("population_total",),
    ("areas_count",),
    *[("indices", "born_abroad", k) for k in ("dissimilarity", "isolation", "exposure", "eta2", "gini")],
    ("indices", "tenure", "multigroup_dissimilarity"),
    ("indices", "tenure", "theil_h"),
    ("indices", "wage_income", "gini"),
    ("benchmarks", "born_abroad", "dissimilarity_random"),
    ("areas",),
    ("target_groups",),
]


def _plain(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


def test_key_figures_have_every_required_key_as_plain_json(result: tg.Result) -> None:
    figures = tg.key_figures(result)
    for path in REQUIRED_KEYS:
        node = figures
        for key in path:
            assert key in node, path
            node = node[key]
    assert _plain(figures)
    assert json.loads(json.dumps(figures, allow_nan=False)) == figures


def test_key_figures_values(result: tg.Result) -> None:
    figures = tg.key_figures(result)
    assert (figures["year"], figures["population_total"], figures["areas_count"]) == (2023, 400, 3)
    assert (
        figures["indices"]["born_abroad"]["dissimilarity"] == result.current["dissimilarity"]
    )  # full precision
    assert figures["indices"]["wage_income"]["gini"] == pytest.approx(9 / 59, abs=1e-15)
    assert (
        figures["benchmarks"]["born_abroad"]["dissimilarity_random"] == result.current["dissimilarity_random"]
    )
    assert figures["areas"][0] == {
        "area_code": "1402R001",
        "area_name": "Alfa",
        "lq_born_abroad": pytest.approx(8 / 3, abs=1e-15),
        "flags": ["born_abroad", "hyresratt"],
        "marginality": {
            "born_abroad": pytest.approx(8 / 3),
            "hyresratt": pytest.approx(8 / 3),
            "low_income": pytest.approx(1.84375),
        },
        "ratio": {
            "born_abroad": pytest.approx(8 / 3),
            "hyresratt": pytest.approx(2.4),
            "low_income": pytest.approx(1.84375),
        },
    }
    assert [g["group"] for g in figures["target_groups"]] == [
        "born_abroad",
        "hyresratt",
        "omradestyp",
        "low_income",
    ]
    assert [t["year"] for t in figures["trend"]] == [2022, 2023]
    assert figures["small_numbers_note"] == result.small_numbers_note


def test_small_numbers_note_is_always_there(result: tg.Result) -> None:
    note = result.small_numbers_note
    assert note.startswith("**Små tal.** Partille har 3 områden (RegSO) år 2023.")
    d_random = f"{result.current['dissimilarity_random']:.3f}".replace(".", ",")
    assert note == (
        "**Små tal.** Partille har 3 områden (RegSO) år 2023. Med *små* områden, få invånare per område, "
        "blir D och Gini större än noll även när människor bor helt slumpmässigt. Här är förväntat D vid "
        f"slumpmässig fördelning {d_random} (observerat D 0,538); på RegSO-nivå är den snedvridningen "
        "oftast en storleksordning mindre än det observerade D. Det viktigaste skälet till att värdena "
        "inte kan jämföras mellan kommuner är i stället indelningen: hur stora områdena är och var "
        "gränserna går (MAUP, problemet med föränderliga områdesenheter). Samma boendemönster ger olika D "
        "med stora eller små, olika dragna områden. Jämför därför med slumpvärdet, bootstrapintervallet "
        "och kommunens egen utveckling över tid med samma indelning."
    )


def test_kungalv_rule_is_labelled_a_composition_screen() -> None:
    note = run(lang="en").notes[1]
    assert note == (
        "**Kungälv's rule, here as a composition screen.** An area is flagged when an indicator is at "
        "least 2.0 times the municipal mean (for shares: the municipality's share). Kungälv (*Social "
        "översiktsplan steg 1*, 2015) applied the rule to indicators of exclusion. Here it is applied to "
        "the composition of people and dwellings (born abroad, rented dwellings, wage income): a flag says "
        "where a group lives more densely than in the municipality at large, not that the area or the "
        "group is disadvantaged. Marginality (the area's share of the group's volume divided by its share "
        "of the population) is shown only for rented dwellings. For born abroad and low wage income it is "
        "the same number as the ratio to the municipality."
    )


def test_marginality_is_shown_only_where_it_differs_from_the_ratio(result: tg.Result) -> None:
    table = result.indicators
    for group in ("born_abroad", "low_income"):
        rows = table[table["group"] == group]
        assert rows["marginality"].to_numpy() == pytest.approx(rows["ratio"].to_numpy())  # the identity
        assert not tg.flags.marginality_informative(group)
    assert tg.flags.marginality_informative("hyresratt")
    headers = tg.show_areas(result).data.columns.tolist()
    assert [h for h in headers if "marginalitetsmått" in h] == ["Boende i hyresrätt: marginalitetsmått"]
    shown = tg.show_target_groups(result).data
    assert shown["Marginalitetsmått"].tolist() == ["–", "2,67", "–", "–"]


# --------------------------------------------------------------------------- displays


def test_tables_render_in_swedish_and_english() -> None:
    for lang, words in (
        ("sv", ["Olikhetsindex D", "Förväntat vid slumpmässig fördelning", "saknas [1]"]),
        ("en", ["Dissimilarity D", "Expected under random allocation", "missing [1]"]),
    ):
        result = run(lang=lang)
        html = "".join(
            f(result).to_html()
            for f in (
                tg.show_profiles,
                tg.show_comparison,
                tg.show_municipalities,
                tg.show_indices,
                tg.show_areas,
                tg.show_target_groups,
                tg.show_housing,
                tg.show_gaps,
            )
        )
        for word in words:
            assert word in html, (lang, word)


def test_index_table_puts_the_random_benchmark_beside_d(result: tg.Result) -> None:
    table = tg.display.index_table(result).set_index("index")
    assert table.loc["Olikhetsindex D", "value"] == result.current["dissimilarity"]
    assert table.loc["Olikhetsindex D", "random"] == result.current["dissimilarity_random"]
    assert math.isnan(table.loc["Theils H, upplåtelseform", "random"])


def test_housing_table_shows_gap_marks(result: tg.Result) -> None:
    table = tg.display.housing_table(result)
    assert table.columns.tolist() == ["Alfa", "Beta", "Gamma", "Hela kommunen"]
    row = table.loc[("Ungdomar", "behov", "Andel unga 13–25 år")]
    assert row.tolist() == ["saknas [1]"] * 4
    supply = (
        "Ungdomar",
        "utbud",
        "Andel hyresrätt i beståndet (ersättningsmått för utbud, inte lediga bostäder)",
    )
    assert table.loc[supply].tolist() == ["80\u00a0%", "12\u00a0%", "20\u00a0%", "33\u00a0%"]


def test_housing_groups_as_boverket_lists_them(result: tg.Result) -> None:
    matrix = result.housing
    assert tg.housing.BOVERKET_GROUPS == (
        "ungdomar",
        "studenter",
        "aldre",
        "funktionsnedsattning",
        "nyanlanda_anvisade",
        "nyanlanda_sjalvbosatta",
    )
    assert tg.housing.HOUSING_GROUPS == (*tg.housing.BOVERKET_GROUPS, "lag_inkomst")
    labels = dict(zip(matrix["group"], matrix["group_label"], strict=True))
    assert labels["lag_inkomst"] == "Hushåll med låg inkomst (labkits tillägg, inte en av Boverkets grupper)"
    assert labels["nyanlanda_anvisade"] == "Nyanlända som anvisats till kommunen"
    assert labels["nyanlanda_sjalvbosatta"] == "Nyanlända som bosatt sig på egen hand"
    # every filled supply cell is the rented share of the stock, a proxy
    supply = matrix[(matrix["aspect"] == "supply") & (matrix["status"] != "gap")]
    assert set(supply["status"]) == {"proxy"} and set(supply["indicator_key"]) == {"ind_share_hyresratt"}


def test_notes_render_as_markdown(result: tg.Result) -> None:
    assert tg.show_notes(result).data.startswith("**Små tal.**")


def test_result_has_a_summary(result: tg.Result) -> None:
    assert result._repr_html_() == (
        "<p><b>Målgruppsanalys för Partille (1402), 2023: 3 områden, 400 invånare.</b></p>"
    )


@pytest.mark.parametrize("plot", ["plot_trend", "plot_benchmark"])
def test_axes_plots(result: tg.Result, plot: str) -> None:
    ax = getattr(tg, plot)(result)
    assert isinstance(ax, Axes) and ax.has_data()
    _fig, given = plt.subplots()
    assert getattr(tg, plot)(result, ax=given) is given
    plt.close("all")


def test_plot_profiles_small_multiples(result: tg.Result) -> None:
    fig = tg.plot_profiles(result)
    assert isinstance(fig, Figure) and len(fig.axes) == 4
    assert [a.get_title() for a in fig.axes] == [
        "Andel födda utomlands",
        "Andel hyresrätt",
        "Medellöneinkomst, tkr",
        "Folkmängd",
    ]
    plt.close("all")


def test_region_map_draws(result: tg.Result) -> None:
    ax = tg.plot_region_map(result, "theil_h")
    assert isinstance(ax, Axes) and ax.get_title() == "Theils H, upplåtelseform, 2023"
    assert len(ax.collections) >= 3  # background, coloured municipalities, outline
    with pytest.raises(ConfigError) as err:
        tg.plot_region_map(result, "segregation")
    assert str(err.value) == (
        "parameter 'index': unknown index: expected one of dissimilarity, isolation, exposure, eta2, gini, "
        "multigroup_dissimilarity, theil_h, wage_gini, share_born_abroad; found 'segregation'."
    )
    plt.close("all")


# --------------------------------------------------------------------------- real data


def test_bundled_lilla_edet_states_synthetic_and_benchmark() -> None:
    from labkit.data.sources import load_source

    params = tg.Params("1462", n_sim=100)
    result = tg.analyse(tg.load_inputs(lab_context(load_source("bundled")), params), params)
    assert result.synthetic and len(result.profiles) == 8
    assert any(note.startswith("**Syntetiska områden.**") for note in result.notes)
    html = tg.show_indices(result).to_html()
    assert "Förväntat vid slumpmässig fördelning" in html
    assert f"{result.current['dissimilarity_random']:.3f}".replace(".", ",") in html


GR = ["1384", "1401", "1402", "1407", "1415", "1419", "1440", "1441", "1462", "1480", "1481", "1482", "1489"]
OUTSIDE_GR = ["0114", "0180", "1280", "2584"]


@pytest.fixture(scope="module")
def scb_dataset(scb_dir: Path) -> Dataset:
    from labkit.data.sources import load_source

    return load_source("scb-exports", scb_dir)


def _pysal(frame: pd.DataFrame) -> dict[str, float]:
    from segregation.multigroup import MultiDissim, MultiInfoTheory
    from segregation.singlegroup import CorrelationR, Dissim, Gini, Interaction, Isolation

    single = {
        "dissimilarity": Dissim,
        "isolation": Isolation,
        "exposure": Interaction,
        "eta2": CorrelationR,
        "gini": Gini,
    }
    tenure = ["hyresratt", "bostadsratt", "aganderatt"]
    out = {name: cls(frame, "born_abroad", "total").statistic for name, cls in single.items()}
    out["multigroup_dissimilarity"] = MultiDissim(frame, tenure).statistic
    out["theil_h"] = MultiInfoTheory(frame, tenure).statistic
    return out


@pytest.mark.parametrize("kommun_kod", GR + OUTSIDE_GR)
def test_results_equal_pysal_on_the_real_exports(scb_dataset: Dataset, kommun_kod: str) -> None:
    params = tg.Params(kommun_kod, n_sim=20)
    inputs = tg.load_inputs(lab_context(scb_dataset), params)
    figures = tg.key_figures(tg.analyse(inputs, params))
    frame = inputs.local[inputs.local["year"] == 2023].astype({"born_abroad": "int64", "total": "int64"})
    expected = _pysal(frame.reset_index(drop=True))
    got = figures["indices"]["born_abroad"] | figures["indices"]["tenure"]
    for name, value in expected.items():
        assert got[name] == pytest.approx(value, abs=1e-9), name
    assert figures["areas_count"] == len(frame) and figures["population_total"] == int(frame["total"].sum())


def test_real_gr_totals_match_the_facts_file(scb_dataset: Dataset, shared_data: Path) -> None:
    facts = pd.read_csv(shared_data / "facts_gr_municipalities.csv", dtype={"kommun_kod": str}).set_index(
        "kommun_kod"
    )
    for code in ("1462", "1482"):
        params = tg.Params(code, n_sim=10)
        result = tg.analyse(tg.load_inputs(lab_context(scb_dataset), params), params)
        municipality = result.comparison.set_index("scope").loc["municipality"]
        assert (municipality["n_areas"], municipality["population"]) == (
            facts.loc[code, "n_regso"],
            facts.loc[code, "population_2023"],
        )
        assert not result.synthetic and result.level == "RegSO"


def test_analysis_covers_the_national_data(scb_dataset: Dataset) -> None:
    params = tg.Params("1480")  # Göteborg, 147 areas, default 500 simulations (speed: benchmarks/national.py)
    result = tg.analyse(tg.load_inputs(lab_context(scb_dataset), params), params)
    assert len(result.municipalities) == 290 and len(result.profiles) == 147


def test_area_map_needs_user_geometry_and_reads_it(tmp_path) -> None:
    import geopandas as gpd
    from shapely.geometry import box

    from labkit.data.sources import load_source

    dataset = load_source("bundled")
    params = tg.Params(kommun_kod="1462")
    result = tg.analyse(tg.load_inputs(lab_context(dataset), params), params)
    note = tg.plot_area_map(result, "")
    assert "area_geometry" in note.data and "GeoPackage eller GeoJSON" in note.data
    codes = list(result.profiles["area_code"])[:-1]  # one area left out of the file
    shapes = gpd.GeoDataFrame(
        {"RegSOkod": codes},
        geometry=[box(i * 1000, 0, i * 1000 + 900, 900) for i in range(len(codes))],
        crs=3006,
    )
    path = tmp_path / "omraden.geojson"
    shapes.to_file(path, driver="GeoJSON")
    ax = tg.plot_area_map(result, str(path))
    assert len(ax.collections[0].get_paths()) == len(codes)
    assert ax.texts[-1].get_text() == "1 av kommunens 8 områden saknas i geometrifilen."


def test_area_geometry_without_a_code_column_names_the_columns(tmp_path) -> None:
    import geopandas as gpd
    from shapely.geometry import box

    path = tmp_path / "fel.geojson"
    gpd.GeoDataFrame({"namn": ["a"]}, geometry=[box(0, 0, 1, 1)], crs=3006).to_file(path, driver="GeoJSON")
    with pytest.raises(InputDataError) as info:
        tg.read_area_geometry(path)
    assert str(info.value) == (
        f"{path}: no area-code column in area geometry: expected one of area_code, "
        "regsokod, regso_kod, regsokod_2020, desokod, deso, deso_2018, regso; found namn."
    )


def test_perspective_narrows_the_housing_matrix_to_its_groups() -> None:
    from labkit.data.sources import load_source
    from labkit.methods.target_groups.display import housing_table

    dataset = load_source("bundled")
    groups = {}
    for name in ("", "unga", "seniorer"):
        params = tg.Params(kommun_kod="1462", perspektiv=name)
        table = housing_table(tg.analyse(tg.load_inputs(lab_context(dataset), params), params))
        groups[name] = list(dict.fromkeys(table.index.get_level_values(0)))
    assert groups["unga"] == ["Ungdomar", "Studenter"]
    assert groups["seniorer"] == ["Äldre", "Personer med funktionsnedsättning"]
    assert (
        len(groups[""]) == 7
    )  # Boverket's six (nyanlända as anvisade and självbosatta) and labkit's low income
