"""labkit.indices against PySAL segregation 2.5.4 and inequality on the real RegSO exports of 2023."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from inequality.gini import Gini as InequalityGini
from segregation.multigroup import MultiDissim, MultiInfoTheory
from segregation.singlegroup import CorrelationR, Dissim, Gini, Interaction, Isolation

from labkit import indices
from labkit.data.scb_exports import load_scb_exports

GR = ["1384", "1401", "1402", "1407", "1415", "1419", "1440", "1441", "1462", "1480", "1481", "1482", "1489"]
OUTSIDE_GR = ["0114", "2584", "1280", "0180"]
MUNICIPALITIES = GR + OUTSIDE_GR
#: Municipalities without a single bostadsrätt in 2023: Ragunda, Bjurholm, Överkalix.
NO_BOSTADSRATT = ["2303", "2403", "2513"]
TENURE = ["hyresratt", "bostadsratt", "aganderatt"]
SINGLE_GROUP_CLASSES = {
    "dissimilarity": Dissim,
    "isolation": Isolation,
    "exposure": Interaction,
    "eta2": CorrelationR,
    "gini": Gini,
}
MULTIGROUP_CLASSES = {"multigroup_dissimilarity": MultiDissim, "theil_h": MultiInfoTheory}
TOLERANCE = 1e-9


# ------------------------------------------------------------------ the real exports, through labkit's loader


def _areas_2023(scb_dir: Path) -> pd.DataFrame:
    """One row per RegSO of 2023: kommun_kod, born_abroad, total, tenure counts and mean wage (tkr)."""
    dataset = load_scb_exports(scb_dir)
    tables = [
        dataset.population_by_birth_region[["area_code", "year", "born_abroad", "total"]],
        dataset.dwellings_by_tenure[["area_code", "year", *TENURE]],
        dataset.wage_income.rename(columns={"mean_tkr": "wage"}),
    ]
    frame = dataset.areas[["area_code", "kommun_kod"]]
    for table in tables:
        frame = frame.merge(table[table["year"] == 2023].drop(columns="year"), on="area_code", validate="1:1")
    return frame


# -------------------------------------------------------------------------- fixtures: each side computed once


@pytest.fixture(scope="module")
def all_areas(scb_dir: Path) -> pd.DataFrame:
    frame = _areas_2023(scb_dir)
    assert frame["kommun_kod"].nunique() == 290 and len(frame) == 3363
    # PySAL needs plain numpy counts; the real 2023 files have no suppressed cells
    counts = ["born_abroad", "total", *TENURE]
    return frame.astype(dict.fromkeys(counts, "int64") | {"kommun_kod": str})


@pytest.fixture(scope="module")
def areas(all_areas: pd.DataFrame) -> pd.DataFrame:
    return all_areas[all_areas["kommun_kod"].isin(MUNICIPALITIES)].reset_index(drop=True)


def _pysal_row(municipality: pd.DataFrame) -> dict[str, float]:
    single = {
        name: cls(municipality, "born_abroad", "total").statistic
        for name, cls in SINGLE_GROUP_CLASSES.items()
    }
    multi = {name: cls(municipality, TENURE).statistic for name, cls in MULTIGROUP_CLASSES.items()}
    return {**single, **multi}


@pytest.fixture(scope="module")
def pysal(areas: pd.DataFrame) -> pd.DataFrame:
    """PySAL's values, one call per municipality and index (the first Gini call JIT-compiles, ~9 s)."""
    rows = {code: _pysal_row(municipality) for code, municipality in areas.groupby("kommun_kod")}
    return pd.DataFrame.from_dict(rows, orient="index")


@pytest.fixture(scope="module")
def labkit_values(areas: pd.DataFrame) -> pd.DataFrame:
    single = indices.single_group(areas, "born_abroad", "total")
    return single.join(indices.multigroup(areas, TENURE), rsuffix="_multigroup")


# --------------------------------------------------------------------------- comparisons


def test_every_municipality_is_compared(areas: pd.DataFrame, labkit_values: pd.DataFrame) -> None:
    assert sorted(labkit_values.index) == sorted(MUNICIPALITIES)
    expected_areas = areas.groupby("kommun_kod").size()
    pd.testing.assert_series_equal(labkit_values["n_areas"], expected_areas, check_names=False)


@pytest.mark.parametrize("name", [*SINGLE_GROUP_CLASSES, *MULTIGROUP_CLASSES])
def test_index_equals_pysal(name: str, pysal: pd.DataFrame, labkit_values: pd.DataFrame) -> None:
    ours, theirs = labkit_values[name], pysal.loc[labkit_values.index, name]
    assert theirs.notna().all()
    difference = (ours - theirs).abs()
    assert difference.max() < TOLERANCE, (
        f"{name}: largest difference {difference.max():.3g} in {difference.idxmax()}"
    )


def test_absent_tenure_counts_as_zero_log_zero(all_areas: pd.DataFrame) -> None:
    # PySAL's MultiInfoTheory is NaN when a group is absent from the municipality (0 * log(1/0));
    # labkit takes 0 ln 0 = 0, which equals PySAL on the groups that are present.
    areas = all_areas[all_areas["kommun_kod"].isin(NO_BOSTADSRATT)]
    ours = indices.multigroup(areas, TENURE)
    assert sorted(ours.index) == NO_BOSTADSRATT
    for code, municipality in areas.groupby("kommun_kod"):
        assert municipality["bostadsratt"].sum() == 0
        assert np.isnan(MultiInfoTheory(municipality, TENURE).statistic)
        present = MultiInfoTheory(municipality, ["hyresratt", "aganderatt"]).statistic
        assert abs(ours.loc[code, "theil_h"] - present) < TOLERANCE, code
        dissimilarity = MultiDissim(municipality, TENURE).statistic
        assert abs(ours.loc[code, "multigroup_dissimilarity"] - dissimilarity) < TOLERANCE, code


def test_totals_equal_the_facts_file(shared_data: Path, labkit_values: pd.DataFrame) -> None:
    # Guards against agreeing on a wrong parse: the sums equal SCB's municipal figures for 2023.
    facts = pd.read_csv(shared_data / "facts_gr_municipalities.csv", dtype={"kommun_kod": str}).set_index(
        "kommun_kod"
    )
    ours = labkit_values.loc[GR]
    np.testing.assert_array_equal(ours["group_total"], facts.loc[GR, "born_abroad_2023"])
    np.testing.assert_array_equal(ours["total"], facts.loc[GR, "population_2023"])


def test_values_lie_in_their_ranges(labkit_values: pd.DataFrame) -> None:
    values = labkit_values[["dissimilarity", "gini", "eta2", "multigroup_dissimilarity", "theil_h"]]
    assert values.gt(0).all().all() and values.lt(1).all().all()
    assert (labkit_values["gini"] >= labkit_values["dissimilarity"]).all()  # G >= D always holds


def test_weighted_wage_gini_equals_inequality_on_repeated_values(areas: pd.DataFrame) -> None:
    ours = indices.weighted_gini(areas, "wage", "total")
    for code, municipality in areas.groupby("kommun_kod"):
        people = np.repeat(
            municipality["wage"].to_numpy(dtype=float), municipality["total"].to_numpy(dtype=int)
        )
        assert abs(ours.loc[code] - InequalityGini(people).g) < TOLERANCE, code
