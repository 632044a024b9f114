"""Tests of labkit.data.bundled: calibration to the real municipal totals, types, examples, errors."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import FACTS_CSV, ROOT

from labkit.data.bundled import (
    EXAMPLE_SCHEMAS,
    default_data_dir,
    example_municipalities,
    example_records,
    load_bundled,
    municipality_facts,
    read_table,
)
from labkit.data.dataset import OMRADESTYP_LABELS, TABLES, Dataset
from labkit.errors import ConfigError, InputDataError

DATA = ROOT / "data"
#: Number of RegSO per focus municipality (SCB RegSO 2020, as listed in the project brief).
REGSO = {"1402": 15, "1415": 10, "1441": 14, "1462": 8, "1482": 11}
TENURE_LABELS = {
    "hyresrätt": "hyresratt",
    "bostadsrätt": "bostadsratt",
    "äganderätt": "aganderatt",
    "uppgift saknas": "missing",
}
LIKERT = {
    "Instämmer inte alls",
    "Instämmer till liten del",
    "Instämmer delvis",
    "Instämmer till stor del",
    "Instämmer helt",
}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_bundled()


@pytest.fixture(scope="module")
def real_facts(shared_data: Path) -> dict[str, dict[str, str]]:
    """The real facts file's rows for the five focus municipalities, as text."""
    with FACTS_CSV.open(encoding="utf-8", newline="") as stream:
        return {row["kommun_kod"]: row for row in csv.DictReader(stream) if row["kommun_kod"] in REGSO}


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _sums(dataset: Dataset, year: int) -> pd.DataFrame:
    """Per-municipality sums of the bundled area tables for one year."""
    people = dataset.population_by_birth_region.query("year == @year")
    homes = dataset.dwellings_by_tenure.query("year == @year")
    merged = (
        dataset.areas[["area_code", "kommun_kod"]].merge(people, on="area_code").merge(homes, on="area_code")
    )
    columns = ["total", "born_abroad", "hyresratt", "bostadsratt", "aganderatt", "missing"]
    return merged.groupby("kommun_kod")[columns].sum().astype(int)


def _recompute_scb_totals(scb_dir: Path, names: dict[str, str]) -> dict[tuple[str, int], dict[str, int]]:
    """Sum the real RegSO exports per municipality, independently of labkit (csv module only)."""
    totals: dict[tuple[str, int], dict[str, int]] = {}

    def rows(name: str) -> list[list[str]]:
        with (scb_dir / name).open(encoding="utf-8-sig", newline="") as stream:
            return [row for row in csv.reader(stream) if row][1:]

    def add(region: str, key: str, values: list[str]) -> None:
        town = region.split(" (")[0]
        if town in names:
            for year, value in zip(range(2020, 2024), values):
                slot = totals.setdefault((names[town], year), {})
                slot[key] = slot.get(key, 0) + int(value)

    for region, birth, _, *values in rows("regso_population_by_birth_region_2020_2023.csv"):
        add(region, {"Sverige": "born_in_sweden", "totalt": "population"}[birth], values)
    for region, tenure, *values in rows("regso_dwellings_by_tenure_2020_2023.csv"):
        add(region, TENURE_LABELS[tenure], values)
    return totals


# ----------------------------------------------------------------------------------------------
# The cited facts


def test_facts_file_copies_the_real_facts(real_facts: dict[str, dict[str, str]]) -> None:
    with (DATA / "bundled" / "municipality_facts.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["kommun_kod"] for row in rows] == sorted(REGSO)
    for row in rows:
        assert row.pop("source") == "SCB Statistikdatabasen, 2023 (områdestyp: 2022)"
        assert row == {column: real_facts[row["kommun_kod"]][column] for column in row}


def test_series_file_equals_sums_of_the_scb_regso_files(scb_dir: Path, real_facts: dict) -> None:
    names = {row["kommun"]: code for code, row in real_facts.items()}
    totals = _recompute_scb_totals(scb_dir, names)
    series = pd.read_csv(DATA / "bundled" / "municipality_facts_series.csv", dtype={"kommun_kod": str})
    assert len(series) == 15
    for row in series.itertuples():
        real = totals[(row.kommun_kod, row.year)]
        assert row.kommun == {v: k for k, v in names.items()}[row.kommun_kod]
        assert row.population == real["population"]
        assert row.born_abroad == real["population"] - real["born_in_sweden"]
        assert (row.hyresratt, row.bostadsratt, row.aganderatt, row.missing) == (
            real["hyresratt"],
            real["bostadsratt"],
            real["aganderatt"],
            real["missing"],
        )
        assert row.source == f"SCB Statistikdatabasen, {row.year} (summa av RegSO)"


def test_facts_2023_agree_with_the_scb_regso_files(scb_dir: Path, real_facts: dict) -> None:
    names = {row["kommun"]: code for code, row in real_facts.items()}
    totals = _recompute_scb_totals(scb_dir, names)
    facts = municipality_facts().set_index("kommun_kod")
    for code in REGSO:
        real = totals[(code, 2023)]
        assert facts.loc[code, "population_2023"] == real["population"]
        assert facts.loc[code, "missing_2023"] == real["missing"]
        assert facts.loc[code, "dwellings_2023"] == sum(real[t] for t in TENURE_LABELS.values())


def test_municipality_facts_joins_years_with_hand_checked_values() -> None:
    facts = municipality_facts().set_index("kommun_kod")
    # Kungälv: 21 697 dwellings in 2023, of which 5 798 + 5 198 + 10 696 have a known tenure.
    assert facts.loc["1482", "missing_2023"] == 5
    assert facts.loc["1482", "dwellings_2020"] == 5576 + 4369 + 10563 + 1
    assert facts.loc["1462", "born_abroad_2021"] == 2630
    assert list(facts.columns[:10]) == [
        "kommun",
        "n_regso",
        "population_2020",
        "born_abroad_2020",
        "dwellings_2020",
        "hyresratt_2020",
        "bostadsratt_2020",
        "aganderatt_2020",
        "missing_2020",
        "population_2021",
    ]
    assert facts.loc["1402", "source"] == "SCB Statistikdatabasen, 2020–2023 (områdestyp: 2022)"


# ----------------------------------------------------------------------------------------------
# Calibration of the synthetic areas


def test_totals_2023_equal_the_real_facts_exactly(dataset: Dataset, real_facts: dict) -> None:
    sums = _sums(dataset, 2023)
    for code, row in real_facts.items():
        assert sums.loc[code, "total"] == int(row["population_2023"])
        assert sums.loc[code, "born_abroad"] == int(row["born_abroad_2023"])
        for tenure in ("hyresratt", "bostadsratt", "aganderatt"):
            assert sums.loc[code, tenure] == int(row[f"{tenure}_2023"])
        assert sums.loc[code].drop(["total", "born_abroad"]).sum() == int(row["dwellings_2023"])


def test_totals_2020_to_2022_equal_the_series_file_exactly(dataset: Dataset) -> None:
    series = pd.read_csv(DATA / "bundled" / "municipality_facts_series.csv", dtype={"kommun_kod": str})
    for row in series.itertuples():
        sums = _sums(dataset, row.year).loc[row.kommun_kod]
        assert (sums.total, sums.born_abroad) == (row.population, row.born_abroad)
        assert (sums.hyresratt, sums.bostadsratt, sums.aganderatt, sums.missing) == (
            row.hyresratt,
            row.bostadsratt,
            row.aganderatt,
            row.missing,
        )


def test_born_in_sweden_is_total_minus_born_abroad(dataset: Dataset) -> None:
    table = dataset.population_by_birth_region
    assert (table["born_in_sweden"] == table["total"] - table["born_abroad"]).all()
    assert len(table) == 58 * 4


def test_regso_counts_are_real(dataset: Dataset, real_facts: dict) -> None:
    counts = dataset.areas.groupby("kommun_kod").size().to_dict()
    assert counts == REGSO
    assert counts == {code: int(row["n_regso"]) for code, row in real_facts.items()}


def test_omradestyp_counts_are_real(dataset: Dataset, real_facts: dict) -> None:
    types = dataset.area_type.merge(dataset.areas, on="area_code")
    assert set(types["year"]) == {2022}
    for code, row in real_facts.items():
        found = types.loc[types["kommun_kod"] == code, "omradestyp"].value_counts()
        assert [int(found.get(k, 0)) for k in range(1, 6)] == [
            int(row[f"regso_omradestyp_{k}_2022"]) for k in range(1, 6)
        ]
    assert (types["omradestyp_label"] == types["omradestyp"].map(OMRADESTYP_LABELS)).all()


def test_area_type_never_ranks_a_poorer_area_higher(dataset: Dataset) -> None:
    wage = dataset.wage_income.query("year == 2022")
    merged = dataset.area_type.merge(wage, on="area_code").merge(dataset.areas, on="area_code")
    for _, town in merged.groupby("kommun_kod"):
        ordered = town.sort_values(["mean_tkr", "area_code"])
        assert ordered["omradestyp"].is_monotonic_increasing


def test_wage_stays_within_the_real_range_and_reaches_both_ends(dataset: Dataset, real_facts: dict) -> None:
    merged = dataset.wage_income.merge(dataset.areas, on="area_code")
    assert len(merged) == 58 * 4 and merged["mean_tkr"].notna().all()
    for code, row in real_facts.items():
        low, high = float(row["regso_wage_income_min_tkr_2023"]), float(row["regso_wage_income_max_tkr_2023"])
        town = merged[merged["kommun_kod"] == code]
        assert town["mean_tkr"].between(low, high).all()
        latest = town[town["year"] == 2023]["mean_tkr"]
        assert latest.min() - low <= 0.5 and high - latest.max() <= 0.5


def _area_frame(dataset: Dataset, year: int) -> pd.DataFrame:
    merged = (
        dataset.population_by_birth_region.query("year == @year")
        .merge(dataset.dwellings_by_tenure, on=["area_code", "year"])
        .merge(dataset.wage_income, on=["area_code", "year"])
        .merge(dataset.areas, on="area_code")
    )
    merged["share"] = merged["born_abroad"].astype(float) / merged["total"].astype(float)
    homes = merged[["hyresratt", "bostadsratt", "aganderatt"]].sum(axis=1).astype(float)
    merged["rental_share"] = merged["hyresratt"].astype(float) / homes
    return merged


def test_wage_falls_and_rentals_rise_with_the_born_abroad_share(dataset: Dataset) -> None:
    for _, town in _area_frame(dataset, 2023).groupby("kommun_kod"):
        ranks = town[["share", "mean_tkr", "rental_share"]].rank()  # Spearman = Pearson on ranks
        assert ranks["share"].corr(ranks["mean_tkr"]) < -0.5
        assert ranks["share"].corr(ranks["rental_share"]) > 0.3


def test_dissimilarity_is_in_a_realistic_range(dataset: Dataset) -> None:
    for year in range(2020, 2024):
        for _, town in _area_frame(dataset, year).groupby("kommun_kod"):
            abroad = town["born_abroad"].to_numpy(dtype=float)
            sweden = town["born_in_sweden"].to_numpy(dtype=float)
            index = 0.5 * np.abs(abroad / abroad.sum() - sweden / sweden.sum()).sum()
            assert 0.1 <= index <= 0.4


def test_areas_are_plausibly_sized_and_change_smoothly(dataset: Dataset) -> None:
    table = dataset.population_by_birth_region.sort_values(["area_code", "year"])
    assert table["total"].between(700, 8000).all()
    change = table.groupby("area_code")["total"].pct_change().dropna().abs()
    assert change.max() < 0.1
    homes = dataset.dwellings_by_tenure[["hyresratt", "bostadsratt", "aganderatt", "missing"]].sum(axis=1)
    per_person = homes.astype(float) / dataset.dwellings_by_tenure.merge(table, on=["area_code", "year"])[
        "total"
    ].astype(float)
    assert per_person.between(0.25, 0.75).all()


def test_tenure_mix_varies_between_areas(dataset: Dataset) -> None:
    shares = _area_frame(dataset, 2023).groupby("kommun_kod")["rental_share"]
    assert (shares.max() - shares.min() > 0.2).all()


# ----------------------------------------------------------------------------------------------
# Shape, types and provenance


def test_every_table_is_marked_synthetic_through_its_areas(dataset: Dataset) -> None:
    assert dataset.source == "bundled"
    assert dataset.is_synthetic and dataset.areas["is_synthetic"].all()
    assert dataset.areas["is_synthetic"].dtype == bool
    codes = set(dataset.areas["area_code"])
    for name in TABLES[1:5]:
        assert set(getattr(dataset, name)["area_code"]) == codes, name


def test_codes_are_text_with_leading_digits(dataset: Dataset) -> None:
    areas = dataset.areas
    assert pd.api.types.is_string_dtype(areas["area_code"]) and pd.api.types.is_string_dtype(
        areas["kommun_kod"]
    )
    assert areas["area_code"].str.fullmatch(r"\d{4}X\d{3}").all()
    assert (areas["area_code"].str[:4] == areas["kommun_kod"]).all()
    assert areas.iloc[0].tolist() == ["1402X001", "Partille område A", "1402", "Partille", "RegSO", True]
    assert areas.loc[areas["kommun_kod"] == "1402", "area_name"].iloc[-1] == "Partille område O"
    assert dataset.municipality_facts["kommun_kod"].tolist() == sorted(REGSO)


def test_read_table_keeps_leading_zeros(tmp_path: Path) -> None:
    path = tmp_path / "areas.csv"
    path.write_text("area_code,kommun_kod,n\n0114X001,0114,007\n", encoding="utf-8")
    table = read_table(path, {"area_code": "str", "kommun_kod": "str", "n": "int"})
    assert table.iloc[0].tolist() == ["0114X001", "0114", 7]
    assert str(table["n"].dtype) == "Int64"


def test_column_types_are_canonical(dataset: Dataset) -> None:
    assert str(dataset.population_by_birth_region["total"].dtype) == "Int64"
    assert str(dataset.dwellings_by_tenure["missing"].dtype) == "Int64"
    assert str(dataset.area_type["omradestyp"].dtype) == "Int64"
    assert dataset.wage_income["mean_tkr"].dtype == np.float64
    assert dataset.wage_income["year"].dtype == np.int64
    assert list(dataset.suppressed.columns) == ["table", "kommun_kod", "year", "column", "count"]
    assert dataset.suppressed.empty


def test_provenance_says_synthetic_and_cites_scb(dataset: Dataset) -> None:
    provenance = dataset.provenance
    assert sorted(provenance) == ["citation", "description", "files", "synthetic", "years"]
    assert provenance["synthetic"] is True
    assert provenance["years"] == [2020, 2021, 2022, 2023]
    assert provenance["files"] == [
        "bundled/areas.csv",
        "bundled/population_by_birth_region.csv",
        "bundled/dwellings_by_tenure.csv",
        "bundled/wage_income.csv",
        "bundled/area_type.csv",
        "bundled/municipality_facts.csv",
        "bundled/municipality_facts_series.csv",
    ]
    assert provenance["citation"].startswith("Calibration targets: SCB Statistikdatabasen, 2020-2023")
    assert "Kungälv, Lerum, Lilla Edet, Partille, Stenungsund" in provenance["description"]


def test_default_data_dir_is_the_repository_data_folder() -> None:
    assert default_data_dir() == DATA


# ----------------------------------------------------------------------------------------------
# Errors


def test_missing_folder_names_the_file_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(InputDataError) as caught:
        load_bundled(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path / 'bundled' / 'areas.csv'}: file not found. "
        "Run `python -m labkit.data.generate` to recreate the bundled data."
    )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_bad_count_names_file_line_and_column(data_copy: Path) -> None:
    path = data_copy / "bundled" / "population_by_birth_region.csv"
    _edit(path, "1402X001,2021,3151,", "1402X001,2021,3 151,")
    with pytest.raises(InputDataError) as caught:
        load_bundled(data_copy)
    assert str(caught.value) == (
        f"{path}, line 3, column 'born_in_sweden': invalid value: expected a whole number; found '3 151'."
    )


def test_missing_year_is_an_error(data_copy: Path) -> None:
    path = data_copy / "bundled" / "wage_income.csv"
    _edit(path, "1402X001,2020,", "1402X001,,")
    with pytest.raises(InputDataError) as caught:
        load_bundled(data_copy)
    assert (
        str(caught.value)
        == f"{path}, line 2, column 'year': invalid value: expected a whole number; found ''."
    )


def test_bad_float_and_bool_are_errors(data_copy: Path) -> None:
    wage = data_copy / "bundled" / "wage_income.csv"
    _edit(wage, "1402X001,2021,346.5", "1402X001,2021,346;5")
    with pytest.raises(InputDataError) as caught:
        load_bundled(data_copy)
    assert str(caught.value) == (
        f"{wage}, line 3, column 'mean_tkr': invalid value: expected a number such as 312.5; found '346;5'."
    )
    areas = data_copy / "bundled" / "areas.csv"
    shutil.copy(DATA / "bundled" / "wage_income.csv", wage)
    _edit(areas, "RegSO,True", "RegSO,ja")
    with pytest.raises(InputDataError) as caught:
        load_bundled(data_copy)
    assert (
        str(caught.value)
        == f"{areas}, line 2, column 'is_synthetic': invalid value: expected True or False; found 'ja'."
    )


def test_ragged_row_is_reported_as_unreadable_csv(data_copy: Path) -> None:
    wage = data_copy / "bundled" / "wage_income.csv"
    _edit(wage, "1402X001,2021,346.5", "1402X001,2021,346,5")
    with pytest.raises(InputDataError) as caught:
        load_bundled(data_copy)
    assert str(caught.value) == (
        f"{wage}: cannot read the file as CSV: found Error tokenizing data. C error: "
        "Expected 3 fields in line 3, saw 4."
    )


def test_missing_column_lists_expected_and_found(data_copy: Path) -> None:
    path = data_copy / "bundled" / "area_type.csv"
    _edit(path, "omradestyp_label", "label")
    with pytest.raises(InputDataError) as caught:
        load_bundled(data_copy)
    assert str(caught.value) == (
        f"{path}: missing columns omradestyp_label: expected columns area_code, year, omradestyp, "
        "omradestyp_label; found columns area_code, year, omradestyp, label."
    )


def test_non_utf8_file_is_reported(data_copy: Path) -> None:
    path = data_copy / "bundled" / "areas.csv"
    path.write_bytes(path.read_bytes().replace("område".encode(), "område".encode("latin-1")))
    with pytest.raises(InputDataError) as caught:
        load_bundled(data_copy)
    assert str(caught.value) == (f"{path}, line 2: not UTF-8 text: expected UTF-8; found byte 0xe5.")


def test_incomplete_series_is_reported(data_copy: Path) -> None:
    path = data_copy / "bundled" / "municipality_facts_series.csv"
    _edit(path, "1441,Lerum,2021,", "1441,Lerum,2019,")
    with pytest.raises(InputDataError) as caught:
        municipality_facts(data_copy)
    assert str(caught.value) == (
        f"{path}, column 'year': municipal series incomplete for kommun_kod 1441: "
        "expected years 2020, 2021, 2022; found years 2019, 2020, 2022."
    )


def test_dwellings_below_the_tenure_sum_are_reported(data_copy: Path) -> None:
    path = data_copy / "bundled" / "municipality_facts.csv"
    _edit(path, "43706,4931,17417,", "43706,4931,17416,")
    with pytest.raises(InputDataError) as caught:
        municipality_facts(data_copy)
    assert str(caught.value) == (
        f"{path}, line 4, column 'dwellings_2023': invalid value: expected at least 17417 (the sum of the "
        "tenures); found '17416'."
    )


# ----------------------------------------------------------------------------------------------
# Example workshop records


def test_unknown_example_table_lists_the_valid_names() -> None:
    with pytest.raises(ConfigError) as caught:
        example_records("1402", "idea")
    assert str(caught.value) == (
        "parameter 'name': unknown example table: "
        "expected one of participants, activities, ideas, yes_and, votes, dots, statements, statement_votes, "
        "stakeholders, prototypes, test_cards, tests, survey, ska_goals, ska_cells, ska_relations, swot, "
        "dialogue_questions; found 'idea'."
    )


def test_unknown_municipality_lists_the_valid_codes() -> None:
    with pytest.raises(ConfigError) as caught:
        example_records("0114", "votes")
    assert str(caught.value) == (
        "parameter 'kommun_kod': no example records for this municipality: "
        "expected one of 1402, 1415, 1441, 1462, 1482; found '0114'."
    )


def test_example_municipalities_are_the_five(tmp_path: Path) -> None:
    assert example_municipalities() == sorted(REGSO)
    assert example_municipalities(tmp_path) == []
    for name in ("1402", "housing_provision"):
        (tmp_path / "examples" / name).mkdir(parents=True)
    assert example_municipalities(tmp_path) == ["1402"]


@pytest.mark.parametrize("code", sorted(REGSO))
def test_example_records_are_labelled_and_consistent(dataset: Dataset, code: str) -> None:
    tables = {name: example_records(code, name) for name in EXAMPLE_SCHEMAS}
    for name, table in tables.items():
        assert list(table.columns) == list(EXAMPLE_SCHEMAS[name]) and len(table) > 0, name
        assert table["is_example"].dtype == bool and table["is_example"].all(), name
    people, ideas, votes = tables["participants"], tables["ideas"], tables["votes"]
    assert set(people["role"]) <= {"invånare", "tjänsteperson", "byggaktör", "civilsamhälle"}
    kinds = dataset.area_type.set_index("area_code")["omradestyp"]
    resident = people.dropna(subset=["area_code"])
    assert resident["area_code"].str.startswith(code).all()
    assert (resident["omradestyp"].to_numpy() == kinds[resident["area_code"]].to_numpy()).all()
    assert set(ideas["round"]) == {1, 2, 3} and set(ideas["author_id"]) <= set(people["participant_id"])
    parents = ideas.dropna(subset=["builds_on"])
    assert (parents["builds_on"] < parents["idea_id"]).all()
    assert votes["score"].between(1, 4).all() and set(votes["idea_id"]) <= set(ideas["idea_id"])
    authors = ideas.set_index("idea_id")["author_id"]
    assert (authors[votes["idea_id"]].to_numpy() != votes["participant_id"].to_numpy()).all()
    assert set(tables["prototypes"]["idea_id"]) <= set(votes["idea_id"])
    assert set(tables["tests"]["decision"]) <= {"avsluta", "testa igen", "gör en pilot"}
    assert set(tables["survey"]["answer"]) <= LIKERT
    assert set(tables["ska_goals"]["status"]) <= {"uppfyllt", "delvis", "hotat", "ej bedömt"}
    _check_added_tables(tables)


def _check_added_tables(tables: dict[str, pd.DataFrame]) -> None:
    """The co-creation, prototyping and SKA tables follow the journal's rules for the same record kinds."""
    from labkit.capture.kinds.common import LADDER
    from labkit.methods.ska import kinds as ska

    people, ideas = set(tables["participants"]["participant_id"]), tables["ideas"].set_index("idea_id")
    dots = tables["dots"]
    assert (
        dots.groupby("participant_id").size().max() <= 3
        and not dots.duplicated(["participant_id", "idea_id"]).any()
    )
    assert (ideas.loc[dots["idea_id"], "author_id"].to_numpy() != dots["participant_id"].to_numpy()).all()
    additions = tables["yes_and"]
    assert set(additions["idea_id"]) <= set(ideas.index) and set(additions["participant_id"]) <= people
    assert set(tables["activities"]["level"]) <= set(LADDER)
    votes = tables["statement_votes"]
    assert set(votes["vote"]) == {-1, 0, 1} and set(votes["statement_id"]) <= set(
        tables["statements"]["statement_id"]
    )
    assert (
        set(votes["participant_id"]) <= people
        and not votes.duplicated(["participant_id", "statement_id"]).any()
    )
    holders = tables["stakeholders"]
    assert holders["power"].between(1, 5).all() and holders["interest"].between(1, 5).all()
    tests, cards = tables["tests"], tables["test_cards"].set_index("prototype_id")
    assert (tests["successes"] <= tests["n_participants"]).all() and (tests["successes"] >= 0).all()
    needed = cards.loc[tests["prototype_id"], "threshold"].to_numpy() * tests["n_participants"].to_numpy()
    assert (tests["criterion_met"].to_numpy() == (tests["successes"].to_numpy() >= needed - 1e-9)).all()
    assert cards["hypothesis"].str.startswith("Vi tror att ").all()
    cells = tables["ska_cells"]
    assert set(cells["aspect"]) <= set(ska.ASPECTS) and set(cells["scale"]) <= set(ska.SCALES)
    assert set(cells["phase"]) == set(ska.PHASES) and set(cells["assessment"]) <= set(ska.ASSESSMENTS)
    relations = tables["ska_relations"]
    assert (relations["other_goal"].isna() != relations["requirement"].isna()).all()
    assert set(relations["relation"]) == set(ska.RELATIONS)
    assert set(tables["swot"]["category"]) == set(ska.SWOT)
    assert set(tables["dialogue_questions"]["stage"]) <= set(ska.STAGES)


def test_examples_readme_says_the_records_are_invented() -> None:
    text = (DATA / "examples" / "README.md").read_text(encoding="utf-8")
    assert text.startswith("# Exempel på workshopdata: påhittade\n")
    assert "every record in this folder is invented" in text
