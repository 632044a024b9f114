"""The canonical tables every method reads, bundled together with their provenance."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

#: Canonical table names, in the order docs/DATA.md documents them.
TABLES = (
    "areas",
    "population_by_birth_region",
    "dwellings_by_tenure",
    "wage_income",
    "area_type",
    "municipality_facts",
)

#: Swedish labels of SCB/Delmos områdestyp 1-5.
OMRADESTYP_LABELS = {
    1: "stora socioekonomiska utmaningar",
    2: "socioekonomiska utmaningar",
    3: "socioekonomiskt blandade",
    4: "goda förutsättningar",
    5: "mycket goda förutsättningar",
}


@dataclass(frozen=True)
class Dataset:
    """Area statistics from one source, in canonical form.

    Every code column (``area_code``, ``kommun_kod``) holds text. ``provenance`` says whether the
    figures are synthetic or real, and which files and years they come from. ``suppressed`` has
    one row per table, municipality, year and column with the number of cells SCB suppressed
    (``..``) or marked missing (``-``); those cells stay missing in the tables.
    ``extra`` holds optional tables (age groups, education, disposable income) where a source has them.
    """

    source: str
    areas: pd.DataFrame
    population_by_birth_region: pd.DataFrame
    dwellings_by_tenure: pd.DataFrame
    wage_income: pd.DataFrame
    area_type: pd.DataFrame
    municipality_facts: pd.DataFrame
    provenance: dict
    suppressed: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["table", "kommun_kod", "year", "column", "count"])
    )
    extra: dict = field(default_factory=dict)

    @property
    def is_synthetic(self) -> bool:
        """True when any area figure in the dataset is synthetic."""
        return bool(self.areas["is_synthetic"].any())

    def municipalities(self) -> pd.DataFrame:
        """The municipalities of the source: ``kommun_kod`` and ``kommun``, sorted by code."""
        cols = ["kommun_kod", "kommun"]
        return self.areas[cols].drop_duplicates().sort_values("kommun_kod").reset_index(drop=True)

    def years(self) -> list[int]:
        """The years with population figures, ascending."""
        return sorted(int(y) for y in self.population_by_birth_region["year"].unique())
