"""Pandera schemas of the canonical tables, and one readable InputDataError when a table fails them."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from labkit.data.dataset import OMRADESTYP_LABELS, TABLES
from labkit.errors import ConfigError, InputDataError
from labkit.validators import AREA_CODE, KOMMUN_KOD

#: Helper columns a reader may add: the file line and the file of each row. They are not validated.
LINE = "_line"
FILE = "_file"


#: Tables with a schema: the canonical tables plus the ``suppressed`` counts.
SCHEMA_TABLES = (*TABLES, "suppressed")

_MAX_LISTED = 5
_TOTAL_CHECK = "total = born_in_sweden + born_abroad"
_PREFIX_CHECK = "an area code that starts with its kommun_kod"
#: Checks across columns: the column they are reported on and the columns shown as "found".
_ROW_CHECKS = {
    _TOTAL_CHECK: ("total", ("born_in_sweden", "born_abroad", "total")),
    _PREFIX_CHECK: ("area_code", ("area_code", "kommun_kod")),
}
_UNIQUENESS = ("multiple_fields_uniqueness", "field_uniqueness")
_LOST_ZERO = re.compile(r"^\d{3}([A-Z]\w*)?$")

_DTYPE_WORDS = {
    "Int64": "a whole number",
    "int64": "a whole number",
    "float64": "a number",
    "bool": "true or false",
    "str": "text",
}


def _code(pattern: str, example: str, what: str) -> pa.Check:
    """A ``str_matches`` check whose failure text says what a valid code looks like."""
    return pa.Check.str_matches(pattern, error=f"{what} as text, e.g. '{example}'")


def _kommun_kod_column(unique: bool = False) -> pa.Column:
    """The ``kommun_kod`` column: four digits as text."""
    return pa.Column(str, _code(KOMMUN_KOD, "0114", "a 4-digit municipality code"), unique=unique)


def _area_code_column(unique: bool = False) -> pa.Column:
    """The ``area_code`` column: municipality code, a letter and 3-5 characters (``1402R003``,
    ``0114C1010``)."""
    return pa.Column(str, _code(AREA_CODE, "1402R003", "a RegSO or DeSO code"), unique=unique)


def _year_column() -> pa.Column:
    """The ``year`` column: a plausible calendar year."""
    return pa.Column("int64", pa.Check.in_range(1900, 2100, error="a year between 1900 and 2100"))


def _count_column(required: bool = True) -> pa.Column:
    """A nullable count column: a whole number of at least 0, missing when suppressed."""
    return pa.Column("Int64", pa.Check.ge(0, error="a count of at least 0"), nullable=True, required=required)


def _sums_match(df: pd.DataFrame) -> pd.Series:
    """Row check: ``total = born_in_sweden + born_abroad`` wherever all three are known."""
    total = df["born_in_sweden"] + df["born_abroad"]
    return (total == df["total"]).fillna(True).astype(bool)


def _strict(columns: dict[str, pa.Column], **kwargs: Any) -> pa.DataFrameSchema:
    """A strict, coercing schema: unknown columns are errors, values are converted to the column types."""
    return pa.DataFrameSchema(columns, strict=True, coerce=True, **kwargs)


def _area_in_municipality(df: pd.DataFrame) -> pd.Series:
    """Row check: an area code starts with its municipality code."""
    return df["area_code"].str[:4] == df["kommun_kod"]


def _areas_schema() -> pa.DataFrameSchema:
    """Schema of ``areas``."""
    return _strict(
        {
            "area_code": _area_code_column(unique=True),
            "area_name": pa.Column(str),
            "kommun_kod": _kommun_kod_column(),
            "kommun": pa.Column(str),
            "level": pa.Column(str, pa.Check.isin(["RegSO", "DeSO"], error="'RegSO' or 'DeSO'")),
            "is_synthetic": pa.Column(bool),
        },
        checks=[pa.Check(_area_in_municipality, error=_PREFIX_CHECK)],
    )


def _population_schema() -> pa.DataFrameSchema:
    """Schema of ``population_by_birth_region``."""
    return _strict(
        {
            "area_code": _area_code_column(),
            "year": _year_column(),
            "born_in_sweden": _count_column(),
            "born_abroad": _count_column(),
            "total": _count_column(),
        },
        checks=[pa.Check(_sums_match, error=_TOTAL_CHECK)],
        unique=["area_code", "year"],
    )


def _dwellings_schema() -> pa.DataFrameSchema:
    """Schema of ``dwellings_by_tenure``."""
    columns = {name: _count_column() for name in ("hyresratt", "bostadsratt", "aganderatt", "missing")}
    return _strict(
        {"area_code": _area_code_column(), "year": _year_column(), **columns}, unique=["area_code", "year"]
    )


def _wage_schema() -> pa.DataFrameSchema:
    """Schema of ``wage_income`` (mean wage income in thousand kronor)."""
    mean = pa.Column("float64", pa.Check.ge(0, error="an amount of at least 0 tkr"), nullable=True)
    return _strict(
        {"area_code": _area_code_column(), "year": _year_column(), "mean_tkr": mean},
        unique=["area_code", "year"],
    )


def _area_type_schema() -> pa.DataFrameSchema:
    """Schema of ``area_type`` (Delmos/SCB områdestyp 1-5 and its Swedish label)."""
    labels = list(OMRADESTYP_LABELS.values())
    return _strict(
        {
            "area_code": _area_code_column(),
            "year": _year_column(),
            "omradestyp": pa.Column(
                "Int64", pa.Check.in_range(1, 5, error="an area type 1-5"), nullable=True
            ),
            "omradestyp_label": pa.Column(
                str, pa.Check.isin(labels, error="an OMRADESTYP_LABELS label"), nullable=True
            ),
        },
        unique=["area_code", "year"],
    )


def _facts_schema() -> pa.DataFrameSchema:
    """Schema of ``municipality_facts``: code and name required, figures by pattern, other columns allowed."""
    return pa.DataFrameSchema(
        {
            "kommun_kod": _kommun_kod_column(unique=True),
            "kommun": pa.Column(str),
            "n_regso": pa.Column(
                "Int64", pa.Check.ge(1, error="at least 1 area"), nullable=True, required=False
            ),
            r"^(population|born_abroad)_\d{4}$": pa.Column(
                "Int64",
                pa.Check.ge(0, error="a count of at least 0"),
                nullable=True,
                regex=True,
                required=False,
            ),
        },
        strict=False,
        coerce=True,
    )


def _suppressed_schema() -> pa.DataFrameSchema:
    """Schema of ``suppressed``: counts of cells that were ``..``, ``-`` or absent."""
    return _strict(
        {
            "table": pa.Column(str, pa.Check.isin(list(TABLES), error="a canonical table name")),
            "kommun_kod": _kommun_kod_column(),
            "year": _year_column(),
            "column": pa.Column(str),
            "count": pa.Column("int64", pa.Check.ge(1, error="a count of at least 1")),
        }
    )


_BUILDERS = {
    "areas": _areas_schema,
    "population_by_birth_region": _population_schema,
    "dwellings_by_tenure": _dwellings_schema,
    "wage_income": _wage_schema,
    "area_type": _area_type_schema,
    "municipality_facts": _facts_schema,
    "suppressed": _suppressed_schema,
}


@cache
def schema(table_name: str) -> pa.DataFrameSchema:
    """The pandera schema of ``table_name`` (strict and coercing, except ``municipality_facts``).

    Raises
    ------
    ConfigError
        When ``table_name`` is not one of :data:`SCHEMA_TABLES`.
    """
    if table_name not in _BUILDERS:
        raise ConfigError(
            "unknown table", expected=f"one of {', '.join(SCHEMA_TABLES)}", found=repr(table_name)
        )
    return _BUILDERS[table_name]()


def columns(table_name: str) -> list[str]:
    """The required columns of ``table_name``, in schema order."""
    return [name for name, col in schema(table_name).columns.items() if col.required and not col.regex]


def validate(table_name: str, df: pd.DataFrame, path: str | Path | None = None) -> pd.DataFrame:
    """Validate and coerce one canonical table.

    Parameters
    ----------
    table_name
        One of :data:`SCHEMA_TABLES`.
    df
        The table. An optional ``_line`` column (file line of each row) and ``_file`` column (the file
        of each row, when a table comes from several files) are used for messages and then dropped.
    path
        The file the table was read from, named in the error when ``df`` has no ``_file`` column.

    Returns
    -------
    pandas.DataFrame
        The coerced table without the helper columns, with a fresh 0-based index.

    Raises
    ------
    InputDataError
        One error for all problems: the first is spelled out (file, line, column, expected, found),
        the others are listed after it.
    """
    table = df.reset_index(drop=True)
    body = table.drop(columns=[c for c in (LINE, FILE) if c in table.columns])
    try:
        return schema(table_name).validate(body, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise failure_error(table_name, err.failure_cases, table, path) from None
    except pa.errors.SchemaError as err:
        raise InputDataError(f"{table_name} is not a valid table", path=path, found=str(err)) from None


def failure_error(
    table_name: str, failures: pd.DataFrame, table: pd.DataFrame, path: str | Path | None
) -> InputDataError:
    """Turn pandera's ``failure_cases`` into one :class:`InputDataError`."""
    problems = describe_failures(table_name, failures, table, path)
    first, rest = problems[0], problems[1:]
    hint = first.pop("hint")
    hints = [hint] if hint else []
    if rest:
        listed = "; ".join(short_problem(p) for p in rest[:_MAX_LISTED])
        more = f" and {len(rest) - _MAX_LISTED} more" if len(rest) > _MAX_LISTED else ""
        hints.append(f"Also: {listed}{more}.")
    first.pop("order")
    return InputDataError(f"{table_name}: {first.pop('what')}", hint=" ".join(hints) or None, **first)


def short_problem(problem: dict[str, Any]) -> str:
    """One further problem as a short phrase: ``line 9, column 'total': found -3``."""
    where = []
    if problem.get("line") is not None:
        where.append(f"line {problem['line']}")
    if problem.get("column") is not None:
        where.append(f"column '{problem['column']}'")
    return f"{', '.join(where) or problem['what']}: found {problem['found']}"


def describe_failures(
    table_name: str, failures: pd.DataFrame, table: pd.DataFrame, path: str | Path | None
) -> list[dict[str, Any]]:
    """One problem dict (what, path, line, column, expected, found, hint) per distinct failure, ordered."""
    rows = usable_failures(table_name, failures, table)
    problems: list[dict[str, Any]] = []
    seen: set[tuple[Any, Any]] = set()
    for case in rows.to_dict("records"):
        problem = describe_case(table_name, case, table, path)
        key = (problem["line"], problem["column"])
        if key not in seen:
            seen.add(key)
            problems.append(problem)
    return sorted(problems, key=lambda p: (p["line"] is not None, p["line"] or 0, p["order"]))


def usable_failures(table_name: str, failures: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """Drop failures that only repeat another one.

    Pandera still runs the checks of a column it could not coerce, and row checks on a table that
    lacks a column; both only produce TypeErrors. Of duplicated keys only the repeats are kept.
    """
    checks = failures["check"].astype(str)
    coerce = checks.str.startswith("coerce_dtype")
    keep = ~(failures["column"].isin(set(failures.loc[coerce, "column"])) & ~coerce)
    if (coerce | checks.eq("column_in_dataframe")).any():
        keep &= ~checks.isin(_ROW_CHECKS)
    unique = checks.isin(_UNIQUENESS)
    if unique.any():
        keep &= ~unique | failures["index"].isin(repeated_rows(table_name, table))
    return failures.loc[keep]


def repeated_rows(table_name: str, table: pd.DataFrame) -> list[int]:
    """Positions of rows that repeat an earlier row's key (the unique columns of the schema)."""
    built = schema(table_name)
    keys = list(built.unique or [])
    keys += [name for name, col in built.columns.items() if col.unique and name in table.columns]
    repeated = pd.Series(False, index=table.index)
    for key in [keys[:2]] if built.unique else [[k] for k in keys]:
        repeated |= table.duplicated(key, keep="first")
    return [int(i) for i in table.index[repeated]]


def describe_case(
    table_name: str, case: dict[str, Any], table: pd.DataFrame, path: str | Path | None
) -> dict[str, Any]:
    """Describe one row of ``failure_cases`` as InputDataError fields."""
    check = str(case["check"])
    index = case["index"]
    line, file = locate(table, index)
    problem: dict[str, Any] = {
        "path": file or path,
        "line": line,
        "column": case["column"],
        "hint": None,
        "order": 0,
    }
    if check == "column_in_dataframe":
        problem.update(missing_column(table_name, str(case["failure_case"]), table))
    elif check == "column_in_schema":
        problem.update(extra_column(table_name, str(case["failure_case"]), table))
    elif check in _ROW_CHECKS:
        problem.update(bad_row(check, table, int(index)))
    else:
        problem.update(bad_value(check, case, table, index))
    return problem


def locate(table: pd.DataFrame, index: Any) -> tuple[int | None, str | None]:
    """File line and file of the row at ``index`` (``None`` when unknown)."""
    if index is None or pd.isna(index):
        return None, None
    line = int(table.at[int(index), LINE]) if LINE in table.columns else None
    file = str(table.at[int(index), FILE]) if FILE in table.columns else None
    return line, file


def visible_columns(table: pd.DataFrame) -> str:
    """The table's columns, without helper columns, as a comma-separated list."""
    return ", ".join(str(c) for c in table.columns if c not in (LINE, FILE)) or "no columns"


def missing_column(table_name: str, name: str, table: pd.DataFrame) -> dict[str, Any]:
    """Fields for a required column that is absent."""
    return {
        "what": "a required column is missing",
        "column": name,
        "expected": f"columns {', '.join(columns(table_name))}",
        "found": f"columns {visible_columns(table)}",
    }


def extra_column(table_name: str, name: str, table: pd.DataFrame) -> dict[str, Any]:
    """Fields for a column the strict schema does not know."""
    return {
        "what": "unexpected column",
        "column": name,
        "expected": f"only columns {', '.join(columns(table_name))}",
        "found": f"columns {visible_columns(table)}",
    }


def bad_row(check: str, table: pd.DataFrame, index: int) -> dict[str, Any]:
    """Fields for a row that fails a check across columns (reported on one column)."""
    column, shown = _ROW_CHECKS[check]
    row = table.iloc[index]
    found = ", ".join(f"{c} {show(row[c])}" for c in shown)
    return {"what": "invalid row", "column": column, "expected": check, "found": found, "order": 1}


def bad_value(check: str, case: dict[str, Any], table: pd.DataFrame, index: Any) -> dict[str, Any]:
    """Fields for a cell that fails a check, its type, the not-null rule or a uniqueness rule."""
    found = case["failure_case"]
    column = case["column"]
    fields: dict[str, Any] = {"what": "invalid value", "expected": check, "found": show(found)}
    if check == "not_nullable":
        fields.update(expected="a value", found="an empty cell")
    elif check.startswith(("coerce_dtype", "dtype")):
        name = check.split("'")[1] if "'" in check else check
        fields["expected"] = _DTYPE_WORDS.get(name, name)
    elif check in _UNIQUENESS:
        fields.update(duplicate_row(column, table, index))
    if column in ("kommun_kod", "area_code") and isinstance(found, str) and _LOST_ZERO.match(found):
        fields["hint"] = "The leading zero was probably lost: read code columns as text (dtype=str)."
    return fields


def duplicate_row(column: str, table: pd.DataFrame, index: Any) -> dict[str, Any]:
    """Fields for a row that repeats a key (``area_code`` and ``year``, or one unique column)."""
    keys = [c for c in ("area_code", "year") if c in table.columns] if column == "year" else [column]
    if column == "area_code" and "year" in table.columns:
        keys = ["area_code", "year"]
    row = table.iloc[int(index)]
    found = ", ".join(f"{c} {show(row[c])}" for c in keys)
    return {
        "what": "duplicate row",
        "column": ", ".join(keys),
        "expected": f"one row per {' and '.join(keys)}",
        "found": f"{found} again",
        "order": 1,
    }


def show(value: Any) -> str:
    """A cell value as it should read in a message: text quoted, numbers plain, missing as 'empty'."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "empty"
    if isinstance(value, str):
        return repr(value)
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)
