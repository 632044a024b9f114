"""Benchmark: labkit.indices against a loop of PySAL calls, for all 290 municipalities in 2023."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from inequality.gini import Gini as InequalityGini
from segregation.multigroup import MultiDissim, MultiInfoTheory
from segregation.singlegroup import CorrelationR, Dissim, Gini, Interaction, Isolation

from labkit import indices
from labkit.data.scb_exports import load_scb_exports

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "scb"
YEAR = 2023
TENURE = ["hyresratt", "bostadsratt", "aganderatt"]
SINGLE_GROUP = {
    "dissimilarity": Dissim,
    "isolation": Isolation,
    "exposure": Interaction,
    "eta2": CorrelationR,
    "gini": Gini,
}
MULTIGROUP = {"multigroup_dissimilarity": MultiDissim, "theil_h": MultiInfoTheory}


def load_areas(data_dir: Path) -> pd.DataFrame:
    """One row per RegSO of ``YEAR``: kommun_kod, born_abroad, total, tenure counts and mean wage (tkr)."""
    dataset = load_scb_exports(data_dir)
    tables = [
        dataset.population_by_birth_region[["area_code", "year", "born_abroad", "total"]],
        dataset.dwellings_by_tenure[["area_code", "year", *TENURE]],
        dataset.wage_income.rename(columns={"mean_tkr": "wage"}),
    ]
    frame = dataset.areas[["area_code", "kommun_kod"]]
    for table in tables:
        frame = frame.merge(table[table["year"] == YEAR].drop(columns="year"), on="area_code", validate="1:1")
    # Plain numpy dtypes, as PySAL needs them (the 2023 exports have no suppressed cells).
    return frame.astype(dict.fromkeys(["born_abroad", "total", *TENURE], "int64") | {"kommun_kod": str})


def with_labkit(areas: pd.DataFrame) -> pd.DataFrame:
    """All indices for every municipality, vectorised."""
    single = indices.single_group(areas, "born_abroad", "total")[list(SINGLE_GROUP)]
    multi = indices.multigroup(areas, TENURE)[list(MULTIGROUP)]
    return single.join(multi).assign(wage_gini=indices.weighted_gini(areas, "wage", "total"))


def segregation_with_pysal(areas: pd.DataFrame) -> pd.DataFrame:
    """The segregation indices with one PySAL call per municipality and index."""
    rows = {}
    for code, municipality in areas.groupby("kommun_kod"):
        row = {
            name: cls(municipality, "born_abroad", "total").statistic for name, cls in SINGLE_GROUP.items()
        }
        rows[code] = row | {name: cls(municipality, TENURE).statistic for name, cls in MULTIGROUP.items()}
    return pd.DataFrame.from_dict(rows, orient="index")


def wage_gini_with_inequality(areas: pd.DataFrame) -> pd.Series:
    """Population-weighted wage Gini: PySAL inequality's Gini on each area mean repeated once per resident."""
    result = {}
    for code, municipality in areas.groupby("kommun_kod"):
        people = np.repeat(municipality["wage"].to_numpy(dtype=float), municipality["total"].to_numpy())
        result[code] = InequalityGini(people).g
    return pd.Series(result, name="wage_gini")


def median_seconds(function: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="folder of the SCB exports")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions; the median is reported")
    parser.add_argument("--min-ratio", type=float, default=20.0, help="exit 1 when the speed-up is smaller")
    return parser.parse_args(argv)


def compare(ours: pd.DataFrame, theirs: pd.DataFrame) -> bool:
    """Print how far labkit and PySAL differ; True when they agree within 1e-9."""
    theirs = theirs.loc[ours.index, ours.columns]
    difference = (ours - theirs).abs().max().max()
    print(f"largest difference labkit - PySAL: {difference:.2e}")
    only_ours = (theirs.isna() & ours.notna()).sum()
    for name, count in only_ours[only_ours > 0].items():
        print(f"  {name}: PySAL gives NaN in {count} municipalities with a group absent (labkit: 0 ln 0 = 0)")
    return bool(difference < 1e-9) and not (ours.isna() & theirs.notna()).any().any()


def time_both(areas: pd.DataFrame, repeat: int) -> float:
    """Print the median times and return the ratio PySAL / labkit."""
    labkit_seconds = median_seconds(lambda: with_labkit(areas), repeat)
    segregation_seconds = median_seconds(lambda: segregation_with_pysal(areas), repeat)
    inequality_seconds = median_seconds(lambda: wage_gini_with_inequality(areas), repeat)
    pysal_seconds = segregation_seconds + inequality_seconds
    print(f"labkit  (vectorised):                   {labkit_seconds * 1000:9.1f} ms")
    print(f"PySAL   (loop): segregation indices    {segregation_seconds * 1000:9.1f} ms")
    print(f"        (loop): inequality wage Gini   {inequality_seconds * 1000:9.1f} ms")
    print(f"        total                          {pysal_seconds * 1000:9.1f} ms")
    ratio = pysal_seconds / labkit_seconds
    print(
        f"ratio PySAL / labkit: {ratio:.0f}x (segregation indices alone: "
        f"{segregation_seconds / labkit_seconds:.0f}x)"
    )
    return ratio


def main(argv: list[str] | None = None) -> int:
    """Check that both ways agree, time them, print times and the ratio; 1 when too slow or disagreeing."""
    args = parse_arguments(argv)
    areas = load_areas(args.data_dir)
    print(
        f"{areas['kommun_kod'].nunique()} municipalities, {len(areas)} RegSO, {YEAR}; median of "
        f"{args.repeat} runs"
    )
    print(
        "indices: D, isolation, exposure, eta2, Gini (born abroad); multigroup D, Theil H (tenure); wage Gini"
    )
    # Warm-up outside the timing: numba JIT-compiles segregation's Gini on its first call (seconds).
    Gini(areas[areas["kommun_kod"] == areas["kommun_kod"].iloc[0]], "born_abroad", "total")
    print("PySAL warmed up first (numba JIT of segregation's Gini), outside the timing")
    theirs = segregation_with_pysal(areas).assign(wage_gini=wage_gini_with_inequality(areas))
    agree = compare(with_labkit(areas), theirs)
    return 0 if time_both(areas, args.repeat) >= args.min_ratio and agree else 1


if __name__ == "__main__":
    sys.exit(main())
