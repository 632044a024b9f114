"""Gather what the target-group analysis reads from a Dataset into one area × year panel (no disk IO)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit.data.dataset import Dataset, shared
from labkit.errors import ConfigError, InputDataError
from labkit.methods.target_groups.params import Params

if TYPE_CHECKING:
    from labkit.lab import LabContext

#: Columns the analysis reads from each canonical table.
REQUIRED = {
    "areas": ("area_code", "area_name", "kommun_kod", "kommun", "level"),
    "population_by_birth_region": ("area_code", "year", "born_in_sweden", "born_abroad", "total"),
    "dwellings_by_tenure": ("area_code", "year", "hyresratt", "bostadsratt", "aganderatt", "missing"),
    "wage_income": ("area_code", "year", "mean_tkr"),
    "area_type": ("area_code", "year", "omradestyp", "omradestyp_label"),
}

#: Count columns of the panel (float64, NaN where SCB suppressed a cell).
COUNTS = ("born_in_sweden", "born_abroad", "total", "hyresratt", "bostadsratt", "aganderatt", "missing")

#: Columns of the optional age table ``dataset.extra["age"]``.
AGE_COLUMNS = ("area_code", "year", "age", "count")


@dataclass(frozen=True)
class Inputs:
    """What the analysis reads: every area of the source for every year, and the chosen municipality.

    ``panel`` has one row per area and year with ``area_code, area_name, kommun_kod, kommun, level,
    year``, the counts of :data:`COUNTS` as floats, ``dwellings`` (the three known tenures),
    ``mean_tkr``, ``omradestyp`` and ``omradestyp_label``. ``age`` is None or one row per area of the
    municipality, year and age band: ``area_code, year, age_lo, age_hi, count``.
    """

    kommun_kod: str
    kommun: str
    year: int
    years: tuple[int, ...]
    panel: pd.DataFrame
    age: pd.DataFrame | None
    area_type_year: int | None
    synthetic: bool
    source: str

    @property
    def local(self) -> pd.DataFrame:
        """The panel rows of the chosen municipality, all years."""
        return self.panel[self.panel["kommun_kod"] == self.kommun_kod]

    @property
    def level(self) -> str:
        """The area level(s) of the municipality, e.g. ``"RegSO"``."""
        return "/".join(sorted(self.local["level"].astype(str).unique()))


def load_inputs(ctx: LabContext, params: Params) -> Inputs:
    """Check the dataset and gather the panel the analysis reads.

    Parameters
    ----------
    ctx : LabContext
        What ``lab.open`` gives; its ``dataset`` is a source in canonical form (see ``labkit.data.dataset``).
    params : Params
        The municipality and year to analyse.

    Returns
    -------
    Inputs

    Raises
    ------
    InputDataError
        If a table lacks a column, or the age table is malformed.
    ConfigError
        If the municipality or the year is not in the source; the message lists what is.
    """
    dataset = ctx.dataset
    for table, columns in REQUIRED.items():
        _require(getattr(dataset, table), table, columns)
    kommun = _resolve_municipality(dataset, params.kommun_kod)
    years = tuple(dataset.years())
    year = _resolve_year(params.year, years)
    area_type, type_year = _area_type_for(dataset.area_type, year)
    panel = shared(dataset, ("target_groups.panel", type_year), lambda: _panel(dataset, area_type))
    local_codes = panel.loc[panel["kommun_kod"] == params.kommun_kod, "area_code"].unique()
    return Inputs(
        kommun_kod=params.kommun_kod,
        kommun=kommun,
        year=year,
        years=years,
        panel=panel,
        age=_age_table(dataset.extra.get("age"), local_codes),
        area_type_year=type_year,
        synthetic=dataset.is_synthetic,
        source=dataset.source,
    )


def _require(frame: pd.DataFrame, table: str, columns: tuple[str, ...]) -> None:
    """Raise InputDataError naming the first column of ``columns`` that ``frame`` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputDataError(
            f"column missing from table '{table}'",
            column=missing[0],
            expected="columns " + ", ".join(columns),
            found="columns " + ", ".join(map(str, frame.columns)),
        )


def _resolve_municipality(dataset: Dataset, kommun_kod: str) -> str:
    """Return the municipality's name, or raise ConfigError listing the codes of the source."""
    names = dataset.municipalities().set_index("kommun_kod")["kommun"]
    if kommun_kod not in names.index:
        raise ConfigError(
            f"municipality not in source '{dataset.source}'",
            column="kommun_kod",
            expected="one of " + ", ".join(names.index),
            found=repr(kommun_kod),
        )
    return str(names[kommun_kod])


def _resolve_year(year: int | None, years: tuple[int, ...]) -> int:
    """The chosen year, the latest one when ``year`` is None; ConfigError if the source lacks it."""
    if not years:
        raise InputDataError(
            "no population figures", column="year", expected="at least one year", found="none"
        )
    if year is None:
        return years[-1]
    if year not in years:
        raise ConfigError(
            "year not in source",
            column="year",
            expected="one of " + ", ".join(map(str, years)),
            found=repr(year),
        )
    return year


def _area_type_for(area_type: pd.DataFrame, year: int) -> tuple[pd.DataFrame, int | None]:
    """Each area's områdestyp of the latest classification year at or before ``year`` (else the earliest)."""
    if area_type.empty:
        return area_type[["area_code", "omradestyp", "omradestyp_label"]], None
    years = sorted(int(y) for y in area_type["year"].unique())
    before = [y for y in years if y <= year]
    chosen = before[-1] if before else years[0]
    rows = area_type[area_type["year"].astype(int) == chosen]
    return rows[["area_code", "omradestyp", "omradestyp_label"]].drop_duplicates("area_code"), chosen


def _panel(dataset: Dataset, area_type: pd.DataFrame) -> pd.DataFrame:
    """One row per area and year: population, tenure, wage income and area type merged on codes."""
    keys = ["area_code", "year"]
    population = dataset.population_by_birth_region[list(REQUIRED["population_by_birth_region"])]
    panel = (
        dataset.areas[list(REQUIRED["areas"])]
        .merge(population, on="area_code", how="inner")
        .merge(dataset.dwellings_by_tenure[list(REQUIRED["dwellings_by_tenure"])], on=keys, how="left")
        .merge(dataset.wage_income[list(REQUIRED["wage_income"])], on=keys, how="left")
        .merge(area_type, on="area_code", how="left")
    )
    for column in (*COUNTS, "mean_tkr"):
        panel[column] = _as_float(panel[column], column)
    panel["year"] = panel["year"].astype(int)
    panel["dwellings"] = panel["hyresratt"] + panel["bostadsratt"] + panel["aganderatt"]
    return panel.sort_values(["kommun_kod", "year", "area_code"], ignore_index=True)


def _as_float(series: pd.Series, column: str) -> pd.Series:
    """A numeric column as float64 with NaN for missing cells; InputDataError if it is not numeric."""
    try:
        return pd.Series(series.to_numpy(dtype=float, na_value=np.nan), index=series.index)
    except (TypeError, ValueError) as err:
        raise InputDataError(
            "column is not numeric", column=column, expected="numbers", found=f"dtype {series.dtype}"
        ) from err


def _age_table(age: pd.DataFrame | None, area_codes: np.ndarray) -> pd.DataFrame | None:
    """Normalise the optional age table to ``area_code, year, age_lo, age_hi, count`` for the given areas.

    ``age`` holds single years (``17``) or bands (``"65-69"``, ``"100+"``) as int or text.
    """
    if age is None:
        return None
    _require(age, "extra['age']", AGE_COLUMNS)
    rows = age[age["area_code"].isin(area_codes)]
    if rows.empty:
        return None
    bounds = [_age_band(value) for value in rows["age"]]
    return pd.DataFrame(
        {
            "area_code": rows["area_code"].to_numpy(),
            "year": rows["year"].astype(int).to_numpy(),
            "age_lo": [b[0] for b in bounds],
            "age_hi": [b[1] for b in bounds],
            "count": _as_float(rows["count"], "count").to_numpy(),
        }
    )


def _age_band(value: object) -> tuple[int, int]:
    """Parse an age or age band into inclusive bounds; ``"100+"`` is open (upper bound 999)."""
    match = re.fullmatch(r"\s*(\d{1,3})\s*(?:([-–])\s*(\d{1,3})|(\+))?\s*", str(value))
    if match is None:
        raise InputDataError(
            "invalid age",
            column="age",
            path="extra['age']",
            expected="an age such as 17, a band such as '65-69' or an open band such as '100+'",
            found=repr(value),
        )
    low = int(match.group(1))
    high = 999 if match.group(4) else int(match.group(3) or low)
    return low, high
