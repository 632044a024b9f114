"""What the social investment calculator reads from the source: the municipality's name and population."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from labkit.errors import ConfigError
from labkit.methods.social_investment.params import Params

if TYPE_CHECKING:
    from labkit.data.dataset import Dataset
    from labkit.lab import LabContext


@dataclass(frozen=True)
class Inputs:
    """What the calculator reads from the source: the municipality's name and latest population."""

    kommun_kod: str
    kommun: str
    population: int | None
    year: int | None
    synthetic: bool


def load_inputs(ctx: LabContext, params: Params) -> Inputs:
    """Resolve the municipality in ``ctx.dataset`` and read its latest population for context.

    Raises
    ------
    ConfigError
        If the municipality is not in the source; the message lists the codes that are.
    """
    dataset = ctx.dataset
    names = dataset.municipalities().set_index("kommun_kod")["kommun"]
    if params.kommun_kod not in names.index:
        raise ConfigError(
            f"municipality not in source '{dataset.source}'",
            column="kommun_kod",
            expected="one of " + ", ".join(names.index),
            found=repr(params.kommun_kod),
        )
    population, year = _latest_population(dataset, params.kommun_kod)
    return Inputs(params.kommun_kod, str(names[params.kommun_kod]), population, year, dataset.is_synthetic)


def _latest_population(dataset: Dataset, kommun_kod: str) -> tuple[int | None, int | None]:
    """The municipality's population summed over its areas in the latest year (None if unknown)."""
    codes = dataset.areas.loc[dataset.areas["kommun_kod"] == kommun_kod, "area_code"]
    rows = dataset.population_by_birth_region
    rows = rows[rows["area_code"].isin(codes)]
    if rows.empty:
        return None, None
    year = int(rows["year"].max())
    total = rows.loc[rows["year"] == year, "total"].sum(min_count=1)
    return (None if pd.isna(total) else int(total)), year
