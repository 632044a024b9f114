"""The bundled default source: seeded synthetic areas calibrated to real municipal totals, plus example
records."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from labkit import paths
from labkit.data.dataset import Dataset
from labkit.errors import ConfigError, InputDataError

#: Years the bundled tables cover.
YEARS = (2020, 2021, 2022, 2023)
#: The year of the cited facts file; earlier years come from the series file.
FACTS_YEAR = 2023
FACTS_FILE = "municipality_facts.csv"
SERIES_FILE = "municipality_facts_series.csv"
#: Municipal series columns (one per year in the wide ``municipality_facts`` table).
SERIES_COLUMNS = ("population", "born_abroad", "hyresratt", "bostadsratt", "aganderatt", "missing")
TENURES = ("hyresratt", "bostadsratt", "aganderatt", "missing")

_REGENERATE = "Run `python -m labkit.data.generate` to recreate the bundled data."

#: Column kinds: "str" (text, empty = missing), "int" (Int64), "year" (int64), "float", "bool".
TABLE_SCHEMAS: dict[str, dict[str, str]] = {
    "areas": {
        "area_code": "str",
        "area_name": "str",
        "kommun_kod": "str",
        "kommun": "str",
        "level": "str",
        "is_synthetic": "bool",
    },
    "population_by_birth_region": {
        "area_code": "str",
        "year": "year",
        "born_in_sweden": "int",
        "born_abroad": "int",
        "total": "int",
    },
    "dwellings_by_tenure": {
        "area_code": "str",
        "year": "year",
        "hyresratt": "int",
        "bostadsratt": "int",
        "aganderatt": "int",
        "missing": "int",
    },
    "wage_income": {"area_code": "str", "year": "year", "mean_tkr": "float"},
    "area_type": {"area_code": "str", "year": "year", "omradestyp": "int", "omradestyp_label": "str"},
}

FACTS_SCHEMA: dict[str, str] = {
    "kommun_kod": "str",
    "kommun": "str",
    "n_regso": "int",
    "population_2023": "int",
    "born_abroad_2023": "int",
    "dwellings_2023": "int",
    "hyresratt_2023": "int",
    "bostadsratt_2023": "int",
    "aganderatt_2023": "int",
    "regso_wage_income_min_tkr_2023": "float",
    "regso_wage_income_max_tkr_2023": "float",
    **{f"regso_omradestyp_{kind}_2022": "int" for kind in range(1, 6)},
    "source": "str",
}

SERIES_SCHEMA: dict[str, str] = {
    "kommun_kod": "str",
    "kommun": "str",
    "year": "year",
    **{column: "int" for column in SERIES_COLUMNS},
    "source": "str",
}

#: The example workshop record tables, in the order data/examples/README.md lists them.
EXAMPLE_SCHEMAS: dict[str, dict[str, str]] = {
    "participants": {
        "participant_id": "str",
        "role": "str",
        "age_band": "str",
        "sex": "str",
        "area_code": "str",
        "omradestyp": "int",
        "is_example": "bool",
    },
    "activities": {
        "activity_id": "str",
        "name": "str",
        "level": "str",
        "date": "str",
        "description": "str",
        "is_example": "bool",
    },
    "ideas": {
        "idea_id": "str",
        "round": "int",
        "author_id": "str",
        "builds_on": "str",
        "text": "str",
        "is_example": "bool",
    },
    "yes_and": {
        "addition_id": "str",
        "idea_id": "str",
        "participant_id": "str",
        "text": "str",
        "is_example": "bool",
    },
    "votes": {"participant_id": "str", "idea_id": "str", "score": "int", "is_example": "bool"},
    "dots": {"participant_id": "str", "idea_id": "str", "is_example": "bool"},
    "statements": {"statement_id": "str", "author_id": "str", "text": "str", "is_example": "bool"},
    "statement_votes": {"participant_id": "str", "statement_id": "str", "vote": "int", "is_example": "bool"},
    "stakeholders": {
        "name": "str",
        "category": "str",
        "power": "int",
        "interest": "int",
        "note": "str",
        "is_example": "bool",
    },
    "prototypes": {
        "prototype_id": "str",
        "idea_id": "str",
        "title": "str",
        "target_group": "str",
        "hypothesis": "str",
        "is_example": "bool",
    },
    "test_cards": {
        "prototype_id": "str",
        "hypothesis": "str",
        "test": "str",
        "metric": "str",
        "criterion": "str",
        "threshold": "float",
        "deadline": "str",
        "is_example": "bool",
    },
    "tests": {
        "prototype_id": "str",
        "round": "int",
        "date": "str",
        "n_participants": "int",
        "successes": "int",
        "criterion_met": "bool",
        "outcome": "str",
        "decision": "str",
        "is_example": "bool",
    },
    "survey": {"respondent": "str", "question": "str", "answer": "str", "is_example": "bool"},
    "ska_goals": {
        "goal_id": "str",
        "aspect": "str",
        "scale": "str",
        "goal": "str",
        "stage": "str",
        "status": "str",
        "is_example": "bool",
    },
    "ska_cells": {
        "aspect": "str",
        "scale": "str",
        "phase": "str",
        "assessment": "str",
        "note": "str",
        "is_example": "bool",
    },
    "ska_relations": {
        "goal_id": "str",
        "relation": "str",
        "other_goal": "str",
        "requirement": "str",
        "description": "str",
        "is_example": "bool",
    },
    "swot": {"site": "str", "activity": "str", "category": "str", "text": "str", "is_example": "bool"},
    "dialogue_questions": {
        "question": "str",
        "stage": "str",
        "owner": "str",
        "open": "bool",
        "is_example": "bool",
    },
}

_INTEGER = re.compile(r"-?\d+")
_BOOLEANS = {"True": True, "False": False}


def default_data_dir() -> Path:
    """The repository's top-level ``data`` folder (:data:`labkit.paths.DATA`)."""
    return paths.DATA


def _data_dir(data_dir: str | Path | None) -> Path:
    return default_data_dir() if data_dir is None else Path(data_dir)


def _read_text(path: Path) -> pd.DataFrame:
    """Read a CSV file as text: every cell a string, empty cells missing, nothing else treated as NA."""
    if not path.is_file():
        raise InputDataError("file not found", path=path, hint=_REGENERATE)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        found = f"byte 0x{data[err.start]:02x}"
        raise InputDataError("not UTF-8 text", path=path, line=line, expected="UTF-8", found=found) from err
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except (ValueError, pd.errors.ParserError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise InputDataError("cannot read the file as CSV", path=path, found=first) from err


def _bad_cell(path: Path, column: str, index: int, expected: str, value: object) -> InputDataError:
    # Line 1 is the header, so row 0 of the frame is on line 2.
    return InputDataError(
        "invalid value", path=path, line=int(index) + 2, column=column, expected=expected, found=repr(value)
    )


def _to_int(values: pd.Series, path: Path, column: str, nullable: bool) -> pd.Series:
    for index, value in values.items():
        if (pd.isna(value) and not nullable) or (not pd.isna(value) and not _INTEGER.fullmatch(value)):
            raise _bad_cell(path, column, index, "a whole number", "" if pd.isna(value) else value)
    converted = pd.Series(
        [pd.NA if pd.isna(v) else int(v) for v in values], index=values.index, dtype="Int64"
    )
    return converted if nullable else converted.astype("int64")


def _to_float(values: pd.Series, path: Path, column: str) -> pd.Series:
    converted = pd.to_numeric(values, errors="coerce")
    bad = converted.isna() & values.notna()
    if bad.any():
        index = bad[bad].index[0]
        raise _bad_cell(path, column, index, "a number such as 312.5", values[index])
    return converted.astype("float64")


def _to_bool(values: pd.Series, path: Path, column: str) -> pd.Series:
    for index, value in values.items():
        if value not in _BOOLEANS:
            raise _bad_cell(path, column, index, "True or False", "" if pd.isna(value) else value)
    return values.map(_BOOLEANS).astype(bool)


def _convert(values: pd.Series, kind: str, path: Path, column: str) -> pd.Series:
    if kind == "int":
        return _to_int(values, path, column, nullable=True)
    if kind == "year":
        return _to_int(values, path, column, nullable=False)
    if kind == "float":
        return _to_float(values, path, column)
    if kind == "bool":
        return _to_bool(values, path, column)
    return values


def read_table(path: str | Path, schema: dict[str, str]) -> pd.DataFrame:
    """Read one bundled CSV file and give its columns the types ``schema`` names.

    Parameters
    ----------
    path
        The CSV file (UTF-8, header on line 1).
    schema
        Column name to kind: ``"str"``, ``"int"`` (nullable ``Int64``), ``"year"`` (``int64``),
        ``"float"`` or ``"bool"`` (``True``/``False``). Columns not in the schema are dropped.

    Returns
    -------
    pandas.DataFrame
        The columns of ``schema`` in its order; text columns keep pandas' string dtype (missing = NaN).

    Raises
    ------
    InputDataError
        When the file is missing or unreadable, a column is missing, or a cell has the wrong form.
    """
    path = Path(path)
    frame = _read_text(path)
    missing = [column for column in schema if column not in frame.columns]
    if missing:
        raise InputDataError(
            "missing columns " + ", ".join(missing),
            path=path,
            expected="columns " + ", ".join(schema),
            found="columns " + ", ".join(str(c) for c in frame.columns),
        )
    return pd.DataFrame(
        {column: _convert(frame[column], kind, path, column) for column, kind in schema.items()}
    )


def _series_wide(series: pd.DataFrame, codes: list[str], path: Path) -> pd.DataFrame:
    """Pivot the long municipal series to one row per municipality, columns ``<name>_<year>``."""
    wide = series.pivot_table(
        index="kommun_kod", columns="year", values=list(SERIES_COLUMNS), aggfunc="first"
    )
    earlier = [year for year in YEARS if year != FACTS_YEAR]
    for code in codes:
        found = sorted(series.loc[series["kommun_kod"] == code, "year"].tolist())
        if found != earlier:
            raise InputDataError(
                f"municipal series incomplete for kommun_kod {code}",
                path=path,
                column="year",
                expected="years " + ", ".join(str(y) for y in earlier),
                found="years " + (", ".join(str(y) for y in found) or "none"),
            )
    wide.columns = [f"{name}_{year}" for name, year in wide.columns]
    return wide.astype("Int64")


def _missing_2023(facts: pd.DataFrame, path: Path) -> pd.Series:
    """Dwellings with unknown tenure in 2023: the total minus the three tenures (cited facts)."""
    tenures = facts[[f"{t}_{FACTS_YEAR}" for t in TENURES[:3]]].sum(axis=1)
    missing = facts[f"dwellings_{FACTS_YEAR}"] - tenures
    if (missing < 0).any():
        index = missing[missing < 0].index[0]
        expected = f"at least {tenures[index]} (the sum of the tenures)"
        raise _bad_cell(
            path, f"dwellings_{FACTS_YEAR}", index, expected, str(facts.loc[index, f"dwellings_{FACTS_YEAR}"])
        )
    return missing.astype("Int64")


def municipality_facts(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The cited municipal facts the synthetic areas are calibrated to, one row per municipality.

    Reads ``bundled/municipality_facts.csv`` (2023, områdestyp 2022) and
    ``bundled/municipality_facts_series.csv`` (2020-2022) and joins them: for every year there are
    ``population_<y>``, ``born_abroad_<y>``, ``dwellings_<y>`` and one column per tenure
    (``hyresratt_<y>``, ``bostadsratt_<y>``, ``aganderatt_<y>``, ``missing_<y>``).

    Parameters
    ----------
    data_dir
        The top-level data folder (holding ``bundled/``); default :func:`default_data_dir`.

    Returns
    -------
    pandas.DataFrame
        ``kommun_kod``, ``kommun``, ``n_regso``, the yearly columns, the 2023 RegSO wage range,
        the 2022 områdestyp counts and ``source``, sorted by ``kommun_kod``.

    Raises
    ------
    InputDataError
        When a facts file is missing, malformed or incomplete.
    """
    folder = _data_dir(data_dir) / "bundled"
    facts = read_table(folder / FACTS_FILE, FACTS_SCHEMA)
    series = read_table(folder / SERIES_FILE, SERIES_SCHEMA)
    facts[f"missing_{FACTS_YEAR}"] = _missing_2023(facts, folder / FACTS_FILE)
    wide = _series_wide(series, facts["kommun_kod"].tolist(), folder / SERIES_FILE)
    merged = facts.join(wide, on="kommun_kod")
    for year in YEARS:
        merged[f"dwellings_{year}"] = merged[[f"{t}_{year}" for t in TENURES]].sum(axis=1).astype("Int64")
    yearly = [f"{name}_{year}" for year in YEARS for name in (*SERIES_COLUMNS[:2], "dwellings", *TENURES)]
    rest = [
        c for c in FACTS_SCHEMA if c not in yearly and c not in ("kommun_kod", "kommun", "n_regso", "source")
    ]
    merged["source"] = "SCB Statistikdatabasen, 2020–2023 (områdestyp: 2022)"
    columns = ["kommun_kod", "kommun", "n_regso", *yearly, *rest, "source"]
    return merged[columns].sort_values("kommun_kod").reset_index(drop=True)


def _provenance(tables: dict[str, pd.DataFrame]) -> dict:
    names = [f"bundled/{name}.csv" for name in TABLE_SCHEMAS] + [
        f"bundled/{FACTS_FILE}",
        f"bundled/{SERIES_FILE}",
    ]
    towns = ", ".join(sorted(tables["areas"]["kommun"].unique()))
    return {
        "synthetic": True,
        "description": (
            f"Synthetic RegSO-like areas for {towns}, generated by labkit.data.generate with a fixed seed. "
            "The number of areas, the per-municipality totals of population, born abroad and dwellings by "
            "tenure (2020-2023), the områdestyp counts (2022) and the RegSO range of mean wage income (2023) "
            "are real; the figures of single areas are invented and describe no real neighbourhood."
        ),
        "files": names,
        "years": sorted(int(y) for y in tables["population_by_birth_region"]["year"].unique()),
        "citation": (
            "Calibration targets: SCB Statistikdatabasen, 2020-2023 (municipal totals summed over RegSO; "
            "områdestyp 2022). Area figures: synthetic (labkit)."
        ),
    }


def load_bundled(data_dir: str | Path | None = None) -> Dataset:
    """Load the bundled synthetic dataset, calibrated to the real totals of five GR municipalities.

    Parameters
    ----------
    data_dir
        The top-level data folder (holding ``bundled/``); default :func:`default_data_dir`.

    Returns
    -------
    Dataset
        Source ``"bundled"``; every area has ``is_synthetic`` True and ``provenance["synthetic"]`` is True.

    Raises
    ------
    InputDataError
        When a bundled file is missing or malformed.
    """
    folder = _data_dir(data_dir) / "bundled"
    tables = {name: read_table(folder / f"{name}.csv", schema) for name, schema in TABLE_SCHEMAS.items()}
    return Dataset(
        source="bundled",
        **tables,
        municipality_facts=municipality_facts(data_dir),
        provenance=_provenance(tables),
        suppressed=pd.DataFrame(columns=["table", "kommun_kod", "year", "column", "count"]),
    )


def example_municipalities(data_dir: str | Path | None = None) -> list[str]:
    """The municipality codes that have example workshop records, sorted (folders named by a code only)."""
    folder = _data_dir(data_dir) / "examples"
    if not folder.is_dir():
        return []
    return sorted(child.name for child in folder.iterdir() if child.is_dir() and child.name.isdigit())


def example_records(kommun_kod: str, name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Read one table of the invented example workshop records of a municipality.

    Parameters
    ----------
    kommun_kod
        Municipality code as text, e.g. ``"1402"``.
    name
        One of the keys of :data:`EXAMPLE_SCHEMAS` (participants, ideas, votes, … dialogue_questions).
    data_dir
        The top-level data folder (holding ``examples/``); default :func:`default_data_dir`.

    Returns
    -------
    pandas.DataFrame
        The table with typed columns; ``is_example`` is True on every row.

    Raises
    ------
    ConfigError
        When ``name`` or ``kommun_kod`` is unknown (the message lists the valid values).
    InputDataError
        When the file is malformed.
    """
    if name not in EXAMPLE_SCHEMAS:
        raise ConfigError(
            "unknown example table",
            column="name",
            expected="one of " + ", ".join(EXAMPLE_SCHEMAS),
            found=repr(name),
        )
    codes = example_municipalities(data_dir)
    if kommun_kod not in codes:
        raise ConfigError(
            "no example records for this municipality",
            column="kommun_kod",
            expected="one of " + (", ".join(codes) or "(none: run `python -m labkit.data.generate`)"),
            found=repr(kommun_kod),
        )
    return read_table(_data_dir(data_dir) / "examples" / kommun_kod / f"{name}.csv", EXAMPLE_SCHEMAS[name])
