"""Regenerate the bundled synthetic areas and the example workshop records in data/ from seeded code.

Run ``python -m labkit.data.generate [--out DIR] [--check]``. The only inputs are the two committed
facts files in ``data/bundled`` (cited SCB municipal totals). Everything is drawn from numpy's
``Generator(PCG64)`` as integers and combined with integer arithmetic only, so the files come out
byte-identical on every machine.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from labkit.data import bundled
from labkit.data.dataset import OMRADESTYP_LABELS
from labkit.errors import InputDataError, LabkitError
from labkit.fileio import write_bytes_atomic, write_text_atomic

#: Seed of every random stream (the project's start date, 1 December 2017).
SEED = 20171201
#: Letter between municipality code and sequence number; SCB uses R (RegSO) and A, B, C (DeSO), never X.
AREA_LETTER = "X"
AREA_SIZE = (700, 8000)
#: Dissimilarity index (born abroad vs born in Sweden) accepted per municipality and year, in percent.
DISSIMILARITY_PERCENT = (12, 38)
MAX_BORN_ABROAD_PERMILLE = 600
DWELLINGS_PER_1000_PEOPLE = (280, 720)
MAX_ATTEMPTS = 20_000
AREA_TYPE_YEAR = 2022
#: Folders under data/ that other code writes; ``--check`` neither regenerates nor flags them.
NOT_GENERATED = ("examples/housing_provision",)

# Random stream per municipality and part, so that changing one part leaves the others alone.
_POPULATION, _TENURE, _WAGE = 1, 2, 3  # 4 and 5: labkit.data.example_records


@dataclass(frozen=True)
class Town:
    """Calibration targets of one municipality, read from the cited facts."""

    code: str
    name: str
    n_areas: int
    totals: dict[int, dict[str, int]]
    wage_low: int
    wage_high: int
    type_counts: tuple[int, ...]


@dataclass(frozen=True)
class Areas:
    """The synthetic areas of one municipality: codes, names and yearly figures (wages in tenths of tkr)."""

    town: Town
    codes: list[str]
    names: list[str]
    total: dict[int, list[int]]
    born_abroad: dict[int, list[int]]
    tenure: dict[int, dict[str, list[int]]]
    wage: dict[int, list[int]]
    area_type: list[int]


# ----------------------------------------------------------------------------------------------
# Integer building blocks


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` that add up to ``total`` exactly.

    Largest-remainder rounding in integer arithmetic: each part gets the floor of its quota and the
    units left over go to the largest remainders (ties to the earlier part).

    Parameters
    ----------
    total
        A non-negative integer.
    weights
        Non-negative integers, at least one positive.

    Returns
    -------
    list of int
        One part per weight; ``sum(parts) == total``.
    """
    weight_sum = sum(weights)
    if total < 0 or weight_sum <= 0 or min(weights) < 0:
        raise ValueError(f"cannot allocate {total} over weights {list(weights)}")
    quotas = [total * w // weight_sum for w in weights]
    remainders = [total * w % weight_sum for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[: total - sum(quotas)]:
        quotas[i] += 1
    return quotas


def dissimilarity_ratio(group: Sequence[int], rest: Sequence[int]) -> Fraction:
    """Duncan's dissimilarity index ½ Σ |x_i/X − y_i/Y| as an exact fraction."""
    x_sum, y_sum = sum(group), sum(rest)
    numerator = sum(abs(x * y_sum - y * x_sum) for x, y in zip(group, rest))
    return Fraction(numerator, 2 * x_sum * y_sum)


def rng_stream(kommun_kod: str, part: int) -> np.random.Generator:
    """The seeded random stream of one municipality and part."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([SEED, int(kommun_kod), part])))


def draw(rng: np.random.Generator, low: int, high: int, size: int) -> list[int]:
    """``size`` integers uniform on [low, high], as Python ints."""
    return [int(v) for v in rng.integers(low, high, size=size, endpoint=True)]


def pick(rng: np.random.Generator, items: Sequence, weights: Sequence[int]):
    """One item, chosen with integer weights."""
    point = int(rng.integers(sum(weights)))
    for item, weight in zip(items, weights):
        if point < weight:
            return item
        point -= weight
    raise ValueError("weights must be positive")


def _drift(base: Sequence[int], per_mille: Sequence[int], year: int) -> list[int]:
    """Weights of ``year``, walked back from the last year at ``per_mille`` growth a year."""
    steps = bundled.YEARS[-1] - year
    return [max(1, b * (1000 - r * steps) // 1000) for b, r in zip(base, per_mille)]


def _tenths(value: int) -> str:
    return f"{value // 10}.{value % 10}"


def _letters(index: int) -> str:
    """A, B, …, Z, AA, AB, … for index 0, 1, …"""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


# ----------------------------------------------------------------------------------------------
# Calibration targets


def _town(row: pd.Series) -> Town:
    totals = {
        year: {name: int(row[f"{name}_{year}"]) for name in bundled.SERIES_COLUMNS} for year in bundled.YEARS
    }
    return Town(
        code=str(row["kommun_kod"]),
        name=str(row["kommun"]),
        n_areas=int(row["n_regso"]),
        totals=totals,
        wage_low=round(float(row["regso_wage_income_min_tkr_2023"]) * 10),
        wage_high=round(float(row["regso_wage_income_max_tkr_2023"]) * 10),
        type_counts=tuple(int(row[f"regso_omradestyp_{k}_2022"]) for k in range(1, 6)),
    )


def read_towns(facts_root: Path) -> list[Town]:
    """The calibration targets of every municipality in the facts files under ``facts_root/bundled``."""
    facts = bundled.municipality_facts(facts_root)
    towns = [_town(row) for _, row in facts.iterrows()]
    for index, town in enumerate(towns):
        if sum(town.type_counts) != town.n_areas:
            raise InputDataError(
                "områdestyp counts do not add up to n_regso",
                path=facts_root / "bundled" / bundled.FACTS_FILE,
                line=index + 2,
                column="regso_omradestyp_1_2022",
                expected=f"counts summing to {town.n_areas}",
                found=f"{sum(town.type_counts)} ({', '.join(str(c) for c in town.type_counts)})",
            )
    return towns


# ----------------------------------------------------------------------------------------------
# Population by birth region


def _population_candidate(rng: np.random.Generator, town: Town) -> tuple[dict, dict]:
    n = town.n_areas
    size, growth = draw(rng, 35, 165, n), draw(rng, -15, 25, n)
    factor, factor_drift = draw(rng, 20, 100, n), draw(rng, -20, 20, n)
    factor[int(rng.integers(n))] *= 2  # one area where people born abroad concentrate
    total, born_abroad = {}, {}
    for year in bundled.YEARS:
        target = town.totals[year]
        total[year] = allocate(target["population"], _drift(size, growth, year))
        weights = [t * f for t, f in zip(total[year], _drift(factor, factor_drift, year))]
        born_abroad[year] = allocate(target["born_abroad"], weights)
    return total, born_abroad


def _population_ok(total: dict, born_abroad: dict) -> bool:
    low, high = DISSIMILARITY_PERCENT
    for year in bundled.YEARS:
        people, abroad = total[year], born_abroad[year]
        if not all(AREA_SIZE[0] <= t <= AREA_SIZE[1] for t in people):
            return False
        if any(1000 * b > MAX_BORN_ABROAD_PERMILLE * t for b, t in zip(abroad, people)):
            return False
        index = dissimilarity_ratio(abroad, [t - b for t, b in zip(people, abroad)])
        if not Fraction(low, 100) <= index <= Fraction(high, 100):
            return False
    return True


def draw_population(town: Town) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Population and born abroad per area and year, summing exactly to the municipal totals."""
    rng = rng_stream(town.code, _POPULATION)
    for _ in range(MAX_ATTEMPTS):
        total, born_abroad = _population_candidate(rng, town)
        if _population_ok(total, born_abroad):
            return total, born_abroad
    raise RuntimeError(f"no plausible population split for {town.code} in {MAX_ATTEMPTS} attempts")


# ----------------------------------------------------------------------------------------------
# Dwellings by tenure


def _tenure_candidate(rng: np.random.Generator, town: Town, total: dict, born_abroad: dict) -> dict:
    n, last = town.n_areas, bundled.YEARS[-1]
    share = [1000 * b // t for b, t in zip(born_abroad[last], total[last])]
    # Rentals follow the born-abroad share; owner-occupied houses the opposite.
    propensity = {
        "hyresratt": [s + x for s, x in zip(share, draw(rng, 0, 250, n))],
        "bostadsratt": draw(rng, 5, 300, n),
        "aganderatt": [max(50, 900 - 2 * s) + x for s, x in zip(share, draw(rng, 0, 300, n))],
        "missing": [1] * n,
    }
    tenure = {}
    for year in bundled.YEARS:
        tenure[year] = {
            name: allocate(town.totals[year][name], [t * p for t, p in zip(total[year], propensity[name])])
            for name in bundled.TENURES
        }
    return tenure


def _tenure_ok(tenure: dict, total: dict) -> bool:
    low, high = DWELLINGS_PER_1000_PEOPLE
    for year in bundled.YEARS:
        dwellings = [sum(parts) for parts in zip(*tenure[year].values())]
        if not all(low * t <= 1000 * d <= high * t for d, t in zip(dwellings, total[year])):
            return False
    return True


def draw_tenure(town: Town, total: dict, born_abroad: dict) -> dict[int, dict[str, list[int]]]:
    """Dwellings per tenure, area and year, summing exactly to the municipal totals per tenure."""
    rng = rng_stream(town.code, _TENURE)
    for _ in range(MAX_ATTEMPTS):
        tenure = _tenure_candidate(rng, town, total, born_abroad)
        if _tenure_ok(tenure, total):
            return tenure
    raise RuntimeError(f"no plausible tenure split for {town.code} in {MAX_ATTEMPTS} attempts")


# ----------------------------------------------------------------------------------------------
# Wage income and area type


def _wage_last_year(rng: np.random.Generator, town: Town, total: list[int], abroad: list[int]) -> list[int]:
    """Mean wage (tenths of tkr) of the last year: the real range, lower where more are born abroad."""
    n, low, high = town.n_areas, town.wage_low, town.wage_high
    hardship = [1000 * b // t + x for b, t, x in zip(abroad, total, draw(rng, 0, 120, n))]
    # The max of two uniform draws leans high, as real RegSO incomes do; the ends sit near the real ends.
    inner = [max(a, b) for a, b in zip(draw(rng, low, high, n - 2), draw(rng, low, high, n - 2))]
    values = sorted([low + draw(rng, 0, 4, 1)[0], high - draw(rng, 0, 4, 1)[0], *inner])
    wage = [0] * n
    for rank, area in enumerate(sorted(range(n), key=lambda i: (-hardship[i], i))):
        wage[area] = values[rank]
    return wage


def draw_wage(town: Town, total: dict, born_abroad: dict) -> dict[int, list[int]]:
    """Mean wage income per area and year in tenths of tkr, within the real 2023 RegSO range."""
    rng = rng_stream(town.code, _WAGE)
    last = bundled.YEARS[-1]
    wage = {last: _wage_last_year(rng, town, total[last], born_abroad[last])}
    for year in reversed(bundled.YEARS[:-1]):
        change = draw(rng, -25, 25, town.n_areas)
        wage[year] = [
            min(town.wage_high, max(town.wage_low, w * (1000 + c) // 1000))
            for w, c in zip(wage[year + 1], change)
        ]
    return {year: wage[year] for year in bundled.YEARS}


def assign_area_type(wage: list[int], codes: list[str], counts: Sequence[int]) -> list[int]:
    """Områdestyp 1-5 with the real counts, the lowest-income areas getting the lowest types."""
    kinds = [kind for kind, count in zip(range(1, 6), counts) for _ in range(count)]
    area_type = [0] * len(wage)
    for rank, area in enumerate(sorted(range(len(wage)), key=lambda i: (wage[i], codes[i]))):
        area_type[area] = kinds[rank]
    return area_type


def build_areas(town: Town) -> Areas:
    """Draw every synthetic figure of one municipality."""
    total, born_abroad = draw_population(town)
    wage = draw_wage(town, total, born_abroad)
    codes = [f"{town.code}{AREA_LETTER}{i + 1:03d}" for i in range(town.n_areas)]
    return Areas(
        town=town,
        codes=codes,
        names=[f"{town.name} område {_letters(i)}" for i in range(town.n_areas)],
        total=total,
        born_abroad=born_abroad,
        tenure=draw_tenure(town, total, born_abroad),
        wage=wage,
        area_type=assign_area_type(wage[AREA_TYPE_YEAR], codes, town.type_counts),
    )


# ----------------------------------------------------------------------------------------------
# CSV text


def csv_text(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """CSV with ``\\n`` line ends and minimal quoting; every value written with ``str``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[str(v) for v in row] for row in rows])
    return buffer.getvalue()


def _area_rows(areas: Areas) -> dict[str, list[list[object]]]:
    town, years = areas.town, bundled.YEARS
    rows: dict[str, list[list[object]]] = {name: [] for name in bundled.TABLE_SCHEMAS}
    for i, code in enumerate(areas.codes):
        rows["areas"].append([code, areas.names[i], town.code, town.name, "RegSO", True])
        for year in years:
            total, abroad = areas.total[year][i], areas.born_abroad[year][i]
            rows["population_by_birth_region"].append([code, year, total - abroad, abroad, total])
            rows["dwellings_by_tenure"].append(
                [code, year, *(areas.tenure[year][t][i] for t in bundled.TENURES)]
            )
            rows["wage_income"].append([code, year, _tenths(areas.wage[year][i])])
        kind = areas.area_type[i]
        rows["area_type"].append([code, AREA_TYPE_YEAR, kind, OMRADESTYP_LABELS[kind]])
    return rows


def bundled_files(all_areas: Sequence[Areas]) -> dict[str, str]:
    """The five canonical tables as CSV text, keyed by path relative to the data folder."""
    tables: dict[str, list[list[object]]] = {name: [] for name in bundled.TABLE_SCHEMAS}
    for areas in all_areas:
        for name, rows in _area_rows(areas).items():
            tables[name].extend(rows)
    return {
        f"bundled/{name}.csv": csv_text(list(bundled.TABLE_SCHEMAS[name]), rows)
        for name, rows in tables.items()
    }


# ----------------------------------------------------------------------------------------------
# Files on disk


def build_files(facts_root: Path) -> dict[str, str]:
    """Every generated file as text, keyed by path relative to the data folder."""
    from labkit.data.example_records import THEMES, example_files, examples_readme

    all_areas = [build_areas(town) for town in read_towns(facts_root)]
    files = bundled_files(all_areas)
    for areas in all_areas:
        if areas.town.code in THEMES:
            files.update(example_files(areas))
    files["examples/README.md"] = examples_readme([a for a in all_areas if a.town.code in THEMES])
    return files


def _facts_root(out_dir: Path) -> Path:
    """Read the facts from ``out_dir`` when it has them, else from the repository's data folder."""
    if (out_dir / "bundled" / bundled.FACTS_FILE).is_file():
        return out_dir
    return bundled.default_data_dir()


def generate(out_dir: str | Path | None = None) -> list[Path]:
    """Regenerate the bundled tables and example records under ``out_dir``.

    Parameters
    ----------
    out_dir
        The data folder to write (default: the repository's ``data/``). The facts files are read from
        ``out_dir/bundled`` when present, else from the repository, and then copied beside the tables.

    Returns
    -------
    list of Path
        The files written, sorted.

    Raises
    ------
    InputDataError
        When a facts file is missing or malformed.
    """
    out = bundled.default_data_dir() if out_dir is None else Path(out_dir)
    source = _facts_root(out)
    files = {relative: text.encode("utf-8") for relative, text in build_files(source).items()}
    if source.resolve() != out.resolve():
        for name in (bundled.FACTS_FILE, bundled.SERIES_FILE):
            files[f"bundled/{name}"] = (source / "bundled" / name).read_bytes()
    for relative, data in sorted(files.items()):
        write_bytes_atomic(out / relative, data)
    return sorted(out / relative for relative in files)


def _owned(folder: Path) -> set[str]:
    """Files under the generator's folders (bundled/, examples/), relative to ``folder``.

    Folders of :data:`NOT_GENERATED` belong to other code and are left out.
    """
    found = set()
    for part in ("bundled", "examples"):
        if (folder / part).is_dir():
            found |= {p.relative_to(folder).as_posix() for p in (folder / part).rglob("*") if p.is_file()}
    return {p for p in found if not p.startswith(tuple(f"{f}/" for f in NOT_GENERATED))}


def check(data_dir: str | Path | None = None) -> list[str]:
    """Regenerate into a temporary folder and list the files that differ from ``data_dir``.

    Returns
    -------
    list of str
        Relative paths that differ, are missing (``"<path> (missing)"``) or are not produced by the
        generator (``"<path> (unexpected)"``); empty when ``data_dir`` is up to date.
    """
    folder = bundled.default_data_dir() if data_dir is None else Path(data_dir)
    with tempfile.TemporaryDirectory(prefix="labkit-generate-") as temporary:
        fresh = Path(temporary)
        shutil.copytree(_facts_root(folder) / "bundled", fresh / "bundled")
        generate(fresh)
        expected, present = _owned(fresh), _owned(folder)
        differing = [f"{p} (missing)" for p in sorted(expected - present)]
        differing += [
            p for p in sorted(expected & present) if (fresh / p).read_bytes() != (folder / p).read_bytes()
        ]
        differing += [f"{p} (unexpected)" for p in sorted(present - expected)]
    return differing


def _others(target: Path) -> list[tuple[str, Callable[[], list[Path]], Callable[[], list[str]]]]:
    """The other generated folders under ``target``: (folder, write, check) for each, in the order written.

    They are generated from the bundled tables, so they come after them.
    """
    from labkit.data import generate_accessibility as access
    from labkit.methods.housing_provision import examples as housing

    def write_access() -> list[Path]:
        return [write_text_atomic(target / "accessibility" / n, t) for n, t in access.build(target).items()]

    def check_access() -> list[str]:
        return access.stale(target)

    return [
        ("accessibility", write_access, check_access),
        (
            "housing_provision",
            lambda: housing.write(target / "housing_provision"),
            lambda: housing.check(target / "housing_provision"),
        ),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: regenerate every generated file under data/ (default) or check them with ``--check``.

    One entry point for all of labkit's generated data: the bundled tables and example records, the
    accessibility points and services, and the housing-provision examples. Returns the exit code.
    """
    parser = argparse.ArgumentParser(
        prog="python -m labkit.data.generate", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="data folder to write or check (default: repo data/)"
    )
    parser.add_argument(
        "--check", action="store_true", help="regenerate into a temp folder and compare byte for byte"
    )
    args = parser.parse_args(argv)
    target = bundled.default_data_dir() if args.out is None else args.out
    try:
        if args.check:
            differing = check(target)
            for folder, _, check_other in _others(target):
                differing += [f"{folder}/{path}" for path in check_other()]
            for line in differing:
                print(f"differs: {line}", file=sys.stderr)
            print(f"{target}: {'up to date' if not differing else f'{len(differing)} file(s) differ'}")
            return 1 if differing else 0
        written = generate(target)
        for _, write_other, _ in _others(target):
            written += write_other()
    except LabkitError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} files under {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
