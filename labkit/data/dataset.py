"""The canonical tables every method reads, bundled together with their provenance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

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


T = TypeVar("T")

#: Values computed once per dataset (or per other owner object) and process; see :func:`shared`.
_SHARED: dict[tuple[int, object], tuple[object, object]] = {}


def shared(owner: object, key: object, build: Callable[[], T]) -> T:
    """The value ``build()`` for ``owner`` and ``key``, computed once per process and then reused.

    For figures that are the same for every job of a run (every municipality's panel and indices): the
    batch runner's fork server loads the dataset and computes them before it forks, so each report job
    starts with them in memory. The owner is kept alive with its value, so an ``id`` is never reused for
    another object. Callers must treat the value as read-only.
    """
    slot = (id(owner), key)
    hit = _SHARED.get(slot)
    if hit is None or hit[0] is not owner:
        hit = (owner, build())
        _SHARED[slot] = hit
    return hit[1]  # type: ignore[return-value]
