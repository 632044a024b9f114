"""Tests for labkit.data.schemas: valid tables pass and coerce; every failure becomes one readable error."""

from __future__ import annotations

import pandas as pd
import pytest

from labkit.data.dataset import TABLES
from labkit.data.schemas import SCHEMA_TABLES, columns, validate
from labkit.errors import ConfigError, InputDataError


def population(**changes: list) -> pd.DataFrame:
    """A valid three-row population table with file lines 2-4, with some columns replaced."""
    frame = pd.DataFrame(
        {
            "area_code": ["1402R001", "1402R002", "1402R003"],
            "year": [2023, 2023, 2023],
            "born_in_sweden": [900, 1500, None],
            "born_abroad": [100, 500, None],
            "total": [1000, 2000, 700],
            "_line": [2, 3, 4],
        }
    )
    return frame.assign(**changes)


def expect_error(table: str, frame: pd.DataFrame, path: str = "data/pop.csv") -> str:
    """The message of the InputDataError ``validate`` raises."""
    with pytest.raises(InputDataError) as err:
        validate(table, frame, path)
    return str(err.value)


def test_valid_table_is_coerced_and_helper_columns_dropped() -> None:
    frame = population(year=["2023", "2023", "2023"], total=[1000.0, 2000.0, 700.0])
    out = validate("population_by_birth_region", frame, "data/pop.csv")
    assert list(out.columns) == ["area_code", "year", "born_in_sweden", "born_abroad", "total"]
    assert str(out["total"].dtype) == "Int64" and out["year"].dtype == "int64"
    assert out["born_in_sweden"].isna().tolist() == [False, False, True]


def test_missing_column() -> None:
    message = expect_error("population_by_birth_region", population().drop(columns="total"))
    assert message == (
        "data/pop.csv, column 'total': population_by_birth_region: a required column is missing: "
        "expected columns area_code, year, born_in_sweden, born_abroad, total; "
        "found columns area_code, year, born_in_sweden, born_abroad."
    )


def test_municipality_code_that_lost_its_leading_zero() -> None:
    facts = pd.DataFrame(
        {"kommun_kod": ["0115", "114"], "kommun": ["Vallentuna", "Upplands Väsby"], "_line": [2, 3]}
    )
    message = expect_error("municipality_facts", facts, "data/facts.csv")
    assert message == (
        "data/facts.csv, line 3, column 'kommun_kod': municipality_facts: invalid value: "
        "expected a 4-digit municipality code as text, e.g. '0114'; found '114'. "
        "The leading zero was probably lost: read code columns as text (dtype=str)."
    )


def test_code_read_as_a_number_is_reported_as_text() -> None:
    facts = pd.DataFrame({"kommun_kod": [114], "kommun": ["Upplands Väsby"]})
    message = expect_error("municipality_facts", facts, "data/facts.csv")
    assert message == (
        "data/facts.csv, column 'kommun_kod': municipality_facts: invalid value: "
        "expected a 4-digit municipality code as text, e.g. '0114'; found '114'. "
        "The leading zero was probably lost: read code columns as text (dtype=str)."
    )


def test_negative_count() -> None:
    message = expect_error(
        "population_by_birth_region", population(born_abroad=[100, 500, -3], total=[1000, 2000, 697])
    )
    assert message == (
        "data/pop.csv, line 4, column 'born_abroad': population_by_birth_region: invalid value: "
        "expected a count of at least 0; found -3."
    )


def test_all_problems_in_one_error_first_spelled_out() -> None:
    frame = population(total=[1000, "12x", -5], area_code=["1402R001", "1402R001", "1402R003"])
    message = expect_error("population_by_birth_region", frame)
    assert message == (
        "data/pop.csv, line 3, column 'total': population_by_birth_region: invalid value: "
        "expected a whole number; found '12x'. "
        "Also: line 3, column 'area_code, year': found area_code '1402R001', year 2023 again."
    )


def test_row_check_total_equals_sweden_plus_abroad() -> None:
    message = expect_error("population_by_birth_region", population(total=[1000, 2001, 700]))
    assert message == (
        "data/pop.csv, line 3, column 'total': population_by_birth_region: invalid row: expected total = "
        "born_in_sweden + born_abroad; found born_in_sweden 1500, born_abroad 500, total 2001."
    )


def test_unexpected_column_and_file_per_row() -> None:
    frame = population(extra=[1, 2, 3], _file=["a.csv", "a.csv", "b.csv"])
    message = expect_error("population_by_birth_region", frame)
    assert message == (
        "data/pop.csv, column 'extra': population_by_birth_region: unexpected column: "
        "expected only columns area_code, year, born_in_sweden, born_abroad, total; "
        "found columns area_code, year, born_in_sweden, born_abroad, total, extra."
    )
    message = expect_error(
        "population_by_birth_region", population(total=[1000, 2000, -1], _file=["a.csv", "a.csv", "b.csv"])
    )
    assert message.startswith("b.csv, line 4, column 'total': ")


def test_more_than_five_further_problems_are_counted() -> None:
    frame = pd.DataFrame(
        {
            "area_code": [f"1402R00{i}" for i in range(1, 9)],
            "year": [2023] * 8,
            "mean_tkr": [-1.0] * 8,
            "_line": range(2, 10),
        }
    )
    message = expect_error("wage_income", frame, "w.csv")
    assert message == (
        "w.csv, line 2, column 'mean_tkr': wage_income: invalid value: expected an amount of at least 0 tkr; "
        "found -1. Also: line 3, column 'mean_tkr': found -1; line 4, column 'mean_tkr': found -1; "
        "line 5, column 'mean_tkr': found -1; line 6, column 'mean_tkr': found -1; "
        "line 7, column 'mean_tkr': found -1 and 2 more."
    )


def test_area_type_out_of_range_and_empty_code() -> None:
    frame = pd.DataFrame(
        {
            "area_code": ["1402R001", None],
            "year": [2022, 2022],
            "omradestyp": [6, 2],
            "omradestyp_label": [None, "socioekonomiska utmaningar"],
            "_line": [2, 3],
        }
    )
    message = expect_error("area_type", frame, "typ.csv")
    assert message == (
        "typ.csv, line 2, column 'omradestyp': area_type: invalid value: expected an area type 1-5; found 6. "
        "Also: line 3, column 'area_code': found an empty cell."
    )


def test_areas_code_must_start_with_municipality_code() -> None:
    frame = pd.DataFrame(
        {
            "area_code": ["1402R001"],
            "area_name": ["X"],
            "kommun_kod": ["1415"],
            "kommun": ["Stenungsund"],
            "level": ["RegSO"],
            "is_synthetic": [False],
        }
    )
    message = expect_error("areas", frame, "areas.csv")
    assert message == (
        "areas.csv, column 'area_code': areas: invalid row: expected an area code that starts with its "
        "kommun_kod; found area_code '1402R001', kommun_kod '1415'."
    )


def test_facts_accept_extra_columns_and_check_population_columns() -> None:
    facts = pd.DataFrame(
        {
            "kommun_kod": ["1402"],
            "kommun": ["Partille"],
            "n_regso": [15],
            "population_2023": [40730],
            "share_age_0_19_2021": [0.27],
        }
    )
    assert validate("municipality_facts", facts).loc[0, "population_2023"] == 40730
    message = expect_error("municipality_facts", facts.assign(population_2023=[-1]), "f.csv")
    assert message == (
        "f.csv, column 'population_2023': municipality_facts: invalid value: expected a count of at least "
        "0; found -1."
    )


def test_every_canonical_table_has_a_schema() -> None:
    assert set(TABLES) <= set(SCHEMA_TABLES)
    assert columns("dwellings_by_tenure") == [
        "area_code",
        "year",
        "hyresratt",
        "bostadsratt",
        "aganderatt",
        "missing",
    ]
    assert columns("areas") == ["area_code", "area_name", "kommun_kod", "kommun", "level", "is_synthetic"]


def test_unknown_table_name() -> None:
    with pytest.raises(ConfigError) as err:
        validate("people", pd.DataFrame())
    assert str(err.value) == (
        "unknown table: expected one of areas, population_by_birth_region, dwellings_by_tenure, wage_income, "
        "area_type, municipality_facts, suppressed; found 'people'."
    )
