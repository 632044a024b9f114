"""The housing-provision matrix: Boverket's target groups × areas, filled only from data the source holds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from labkit.methods.target_groups.params import Params
from labkit.methods.target_groups.text import gap, words

#: Boverket's target groups of the bostadsmarknadsenkät, in its order; the survey asks separately about
#: newly arrived people assigned to the municipality (anvisade) and those who settled on their own.
BOVERKET_GROUPS = (
    "ungdomar",
    "studenter",
    "aldre",
    "funktionsnedsattning",
    "nyanlanda_anvisade",
    "nyanlanda_sjalvbosatta",
)
#: Groups labkit adds to Boverket's list (labelled as labkit's addition in the report).
LABKIT_GROUPS = ("lag_inkomst",)
#: The rows of the housing matrix: Boverket's groups, then labkit's additions.
HOUSING_GROUPS = BOVERKET_GROUPS + LABKIT_GROUPS

#: Columns of the long housing matrix.
MATRIX_COLUMNS = (
    "group",
    "group_label",
    "aspect",
    "indicator_key",
    "indicator",
    "status",
    "gap",
    "area_code",
    "area_name",
    "value",
)


@dataclass(frozen=True)
class Cell:
    """One row of the matrix: a group's need or supply, read from an indicator or marked as a gap.

    ``source`` is ``(indicator group, column of the indicator table)`` or None for a gap; ``status``
    is ``"data"`` (a direct measure), ``"proxy"`` (a stand-in) or ``"gap"``. Every supply cell the
    sources fill is a proxy: the rented share of the housing *stock* says nothing of vacancies or
    allocation.
    """

    group: str
    aspect: str
    indicator_key: str
    status: str
    source: tuple[str, str] | None = None
    gap: str = ""


_RENT = ("hyresratt", "value")


def cells(params: Params, with_age: bool) -> tuple[Cell, ...]:
    """The matrix rows: which indicator fills each group's need and supply, and which data are missing."""
    youth = (
        Cell("ungdomar", "need", "ind_share_youth", "data", ("youth", "value"))
        if with_age
        else Cell("ungdomar", "need", "ind_share_youth", "gap", gap="age")
    )
    seniors = tuple(
        Cell("aldre", "need", f"ind_share_senior_{a}", "data", (f"senior_{a}", "value"))
        if with_age
        else Cell("aldre", "need", f"ind_share_senior_{a}", "gap", gap="age")
        for a in params.senior_ages
    )
    return (
        youth,
        Cell("ungdomar", "supply", "ind_share_hyresratt", "proxy", _RENT),
        Cell("studenter", "need", "ind_students", "gap", gap="students"),
        Cell("studenter", "supply", "ind_share_hyresratt", "proxy", _RENT),
        *seniors,
        Cell("aldre", "supply", "ind_special_housing", "gap", gap="special_housing"),
        Cell("funktionsnedsattning", "need", "ind_disability", "gap", gap="disability"),
        Cell("funktionsnedsattning", "supply", "ind_special_housing", "gap", gap="special_housing"),
        *(
            cell
            for group in ("nyanlanda_anvisade", "nyanlanda_sjalvbosatta")
            for cell in (
                Cell(group, "need", "ind_share_born_abroad", "proxy", ("born_abroad", "value")),
                Cell(group, "need", "ind_newly_arrived", "gap", gap="newly_arrived"),
                Cell(group, "supply", "ind_share_hyresratt", "proxy", _RENT),
            )
        ),
        Cell("lag_inkomst", "need", "ind_low_income_ratio", "proxy", ("low_income", "ratio")),
        Cell("lag_inkomst", "need", "ind_economic_standard", "gap", gap="economic_standard"),
        Cell("lag_inkomst", "supply", "ind_share_hyresratt", "proxy", _RENT),
    )


def housing_matrix(table: pd.DataFrame, kommun_kod: str, params: Params, with_age: bool) -> pd.DataFrame:
    """The long matrix: one row per cell and area, plus a "whole municipality" column.

    Cells with status ``"gap"`` have no value (NaN) and name the missing table in ``gap``; nothing
    is estimated or imputed.
    """
    areas = table[["area_code", "area_name"]].drop_duplicates(ignore_index=True)
    codes = [*areas["area_code"], kommun_kod]
    names = [*areas["area_name"], words("whole_municipality", params.lang)]
    by_group = {group: rows.set_index("area_code") for group, rows in table.groupby("group", sort=False)}
    parts = [_cell_rows(cell, by_group, areas, codes, names, params) for cell in cells(params, with_age)]
    return pd.concat(parts, ignore_index=True)[list(MATRIX_COLUMNS)]


def _cell_rows(
    cell: Cell,
    by_group: dict[str, pd.DataFrame],
    areas: pd.DataFrame,
    codes: list[str],
    names: list[str],
    params: Params,
) -> pd.DataFrame:
    """The rows of one cell: the areas' values (or NaN for a gap) and the municipal value.

    ``by_group`` holds the indicator table's rows of each group indexed by area code; ``codes`` and
    ``names`` are the areas' and then the municipality's.
    """
    values, municipal = np.full(len(areas), np.nan), np.nan
    if cell.source is not None:
        group, column = cell.source
        rows = by_group[group]
        values = rows[column].reindex(areas["area_code"]).to_numpy(dtype=float)
        municipal = 1.0 if column == "ratio" else float(rows["municipal"].iloc[0])
    return pd.DataFrame(
        {
            "area_code": codes,
            "area_name": names,
            "value": [*values, municipal],
            "group": cell.group,
            "group_label": words(cell.group, params.lang),
            "aspect": cell.aspect,
            "indicator_key": cell.indicator_key,
            "indicator": indicator_label(cell.indicator_key, params),
            "status": cell.status,
            "gap": cell.gap,
        }
    )


def indicator_label(key: str, params: Params) -> str:
    """The reader's name of a matrix indicator."""
    lo, hi = params.youth_ages
    if key.startswith("ind_share_senior_"):
        return words("ind_share_senior", params.lang, age=key.removeprefix("ind_share_senior_"))
    return words(key, params.lang, lo=lo, hi=hi)


def gap_table(matrix: pd.DataFrame, params: Params) -> pd.DataFrame:
    """One row per missing table the matrix refers to: footnote mark, table needed, where SCB publishes it."""
    used = matrix[matrix["status"] == "gap"].drop_duplicates(["gap", "group"])
    keys = list(dict.fromkeys(used["gap"]))
    groups = [", ".join(dict.fromkeys(used.loc[used["gap"] == k, "group_label"])) for k in keys]
    return pd.DataFrame(
        {
            "mark": np.arange(1, len(keys) + 1),
            "gap": keys,
            "needed": [gap(k, params.lang)[0] for k in keys],
            "where": [gap(k, params.lang)[1] for k in keys],
            "groups": groups,
        }
    )
