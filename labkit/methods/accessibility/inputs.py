"""Read what the accessibility analysis needs: area points, services, an optional travel-time matrix, and the
dataset's population, area types and tenure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit import geo
from labkit.data.dataset import Dataset
from labkit.errors import ConfigError, InputDataError
from labkit.methods.accessibility.params import GR_MUNICIPALITIES, SERVICE_TYPES, Params, parse_region

if TYPE_CHECKING:
    from labkit.lab import LabContext

#: Tenures of the housing-market part, counted in dwellings ("uppgift saknas" is left out).
TENURES = ("hyresratt", "bostadsratt", "aganderatt")
#: Suffixes of geometry files read with geopandas (polygons become their centroids).
GEOMETRY_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp", ".parquet", ".geoparquet")
#: Column names accepted for the area code in an area points or geometry file.
AREA_CODE_COLUMNS = ("area_code", "regsokod", "desokod", "deso", "regso")
#: Columns of the services table.
SERVICE_COLUMNS = (
    "service_id",
    "type",
    "name",
    "capacity",
    "departures_per_hour",
    "x",
    "y",
    "line",
    "is_synthetic",
)
_TRUE = {"true": True, "false": False, "1": True, "0": False, "": False}


@dataclass(frozen=True)
class Inputs:
    """What the analysis reads.

    ``areas`` has one row per area of the municipality: ``area_code, area_name, total, born_abroad,
    born_in_sweden, omradestyp, omradestyp_label, dominant_tenure, mean_tkr, x, y`` (x, y NaN when the area
    has no point). ``demand`` has ``area_code, total, x, y`` for every area of the source that has a point
    (the demand of the capacity measures, so that services shared with neighbours are not counted twice).
    ``services`` has the columns of :data:`SERVICE_COLUMNS` in SWEREF 99 TM plus ``in_municipality``.
    ``od_matrix`` is None or ``origin, destination, minutes``. ``region_dwellings`` has one row per area of
    the region with ``area_code, kommun_kod, kommun`` and the :data:`TENURES`.
    """

    kommun_kod: str
    kommun: str
    year: int
    areas: pd.DataFrame
    demand: pd.DataFrame
    services: pd.DataFrame
    od_matrix: pd.DataFrame | None
    region_name: str
    region_codes: tuple[str, ...]
    region_dwellings: pd.DataFrame
    synthetic: bool
    points_synthetic: bool
    services_synthetic: bool
    points_path: str
    services_path: str
    od_path: str
    source: str
    dropped_stops: int

    @property
    def located(self) -> pd.DataFrame:
        """The areas that have a point."""
        return self.areas[self.areas["x"].notna()]


def default_files() -> dict[str, Path]:
    """The bundled synthetic area points and example services (``data/accessibility``)."""
    from labkit.data.bundled import default_data_dir

    folder = default_data_dir() / "accessibility"
    return {"area_points": folder / "area_points.csv", "services": folder / "services.csv"}


def load_inputs(ctx: LabContext, params: Params) -> Inputs:
    """Read the files and gather the municipality's areas and the region's dwellings.

    Parameters
    ----------
    ctx : LabContext
        What ``lab.open`` gives; its ``dataset`` is a source in canonical form.
    params : Params
        The municipality, files and region.

    Returns
    -------
    Inputs

    Raises
    ------
    ConfigError
        If the municipality, year or a region code is not in the source.
    InputDataError
        If a file is missing or has a bad row (the message names file, line and column).
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
    year = _resolve_year(dataset, params.year)
    defaults = default_files()
    points_path = Path(params.area_points_file) if params.area_points_file else defaults["area_points"]
    services_path = Path(params.services_file) if params.services_file else defaults["services"]
    points = read_area_points(points_path)
    services, dropped = read_services(services_path, params.min_departures)
    areas = area_table(dataset, params.kommun_kod, year).merge(
        points[["area_code", "x", "y"]], on="area_code", how="left"
    )
    demand = demand_table(dataset, year, points)
    od = read_od_matrix(Path(params.od_matrix_file), demand, services) if params.od_matrix_file else None
    if od is not None:
        demand = demand[demand["area_code"].isin(od["origin"])].reset_index(drop=True)
    services["in_municipality"] = (
        geo.municipality_of(services["x"], services["y"]).eq(params.kommun_kod).to_numpy()
    )
    region_name, codes = resolve_region(dataset, params.region)
    return Inputs(
        kommun_kod=params.kommun_kod,
        kommun=str(names[params.kommun_kod]),
        year=year,
        areas=areas,
        demand=demand,
        services=services,
        od_matrix=od,
        region_name=region_name,
        region_codes=codes,
        region_dwellings=region_dwellings(dataset, codes, year),
        synthetic=dataset.is_synthetic,
        points_synthetic=bool(points["is_synthetic"].any()),
        services_synthetic=bool(services["is_synthetic"].any()),
        points_path=str(points_path),
        services_path=str(services_path),
        od_path=params.od_matrix_file,
        source=dataset.source,
        dropped_stops=dropped,
    )


def _resolve_year(dataset: Dataset, year: int | None) -> int:
    years = dataset.years()
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


def _flags(frame: pd.DataFrame, path: Path) -> pd.Series:
    """The optional ``is_synthetic`` column as booleans (False when the file has no such column)."""
    if "is_synthetic" not in frame.columns:
        return pd.Series(False, index=frame.index)
    for value, line in zip(frame["is_synthetic"], frame["_line"], strict=True):
        if value.lower() not in _TRUE:
            raise InputDataError(
                "invalid value",
                path=path,
                line=int(line),
                column="is_synthetic",
                expected="True, False or an empty cell",
                found=repr(value),
            )
    return frame["is_synthetic"].str.lower().map(_TRUE).astype(bool)


def read_services(path: Path, min_departures: float = 0.0) -> tuple[pd.DataFrame, int]:
    """Read a services CSV and drop stops with fewer departures per hour than ``min_departures``.

    Columns: ``type`` (one of :data:`SERVICE_TYPES`), ``name``, ``lat``/``lon`` or ``x``/``y``, and optionally
    ``id``, ``capacity``, ``departures_per_hour`` and ``is_synthetic``.

    Returns
    -------
    tuple
        The services (columns :data:`SERVICE_COLUMNS`, SWEREF 99 TM) and the number of stops dropped.

    Raises
    ------
    InputDataError
        Naming file, line and column of the first bad cell.
    """
    table = geo.read_points(path, required=("type", "name"))
    frame = table.frame
    _check_types(frame, path)
    _check_names(frame, path)
    ids = frame["id"] if "id" in frame.columns else "L" + frame["_line"].astype(str)
    _check_unique(ids, frame["_line"], path)
    out = pd.DataFrame(
        {
            "service_id": ids.astype(str).to_numpy(),
            "type": frame["type"].to_numpy(),
            "name": frame["name"].to_numpy(),
            "capacity": _optional_numbers(frame, "capacity", path),
            "departures_per_hour": _optional_numbers(frame, "departures_per_hour", path),
            "x": frame["x"].to_numpy(dtype=float),
            "y": frame["y"].to_numpy(dtype=float),
            "line": frame["_line"].to_numpy(dtype=int),
            "is_synthetic": _flags(frame, path).to_numpy(),
        }
    )
    rare = (out["type"] == "hållplats") & (out["departures_per_hour"] < min_departures)
    return out[~rare].reset_index(drop=True), int(rare.sum())


def _optional_numbers(frame: pd.DataFrame, column: str, path: Path) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    return geo.parse_numbers(frame, column, path, required=False, minimum=0.0)


def _check_types(frame: pd.DataFrame, path: Path) -> None:
    for value, line in zip(frame["type"], frame["_line"], strict=True):
        if value.lower() not in SERVICE_TYPES:
            raise InputDataError(
                "unknown service type",
                path=path,
                line=int(line),
                column="type",
                expected="one of " + ", ".join(SERVICE_TYPES),
                found=repr(value),
            )
    frame["type"] = frame["type"].str.lower()


def _check_names(frame: pd.DataFrame, path: Path) -> None:
    empty = frame["name"] == ""
    if empty.any():
        line = int(frame.loc[empty, "_line"].iloc[0])
        raise InputDataError(
            "missing value",
            path=path,
            line=line,
            column="name",
            expected="the service's name",
            found="an empty cell",
        )


def _check_unique(ids: pd.Series, lines: pd.Series, path: Path) -> None:
    repeated = ids.duplicated()
    if repeated.any():
        i = int(np.flatnonzero(repeated.to_numpy())[0])
        first = int(lines[ids == ids.iloc[i]].iloc[0])
        raise InputDataError(
            "repeated id",
            path=path,
            line=int(lines.iloc[i]),
            column="id",
            expected=f"an id not used before (line {first} has it)",
            found=repr(ids.iloc[i]),
        )


def read_area_points(path: Path) -> pd.DataFrame:
    """Read area points: a CSV with ``area_code`` and coordinates, or a geometry file whose polygons become
    their centroids (a point inside the polygon where the centroid falls outside it).

    Returns
    -------
    pandas.DataFrame
        ``area_code, x, y`` (SWEREF 99 TM) and ``is_synthetic``.

    Raises
    ------
    InputDataError
        For a missing file, a missing area code column, repeated codes or bad coordinates.
    """
    if path.suffix.lower() in GEOMETRY_SUFFIXES:
        return _points_from_geometry(path)
    frame = geo.read_points(path, required=("area_code",)).frame
    _check_unique(frame["area_code"], frame["_line"], path)
    return pd.DataFrame(
        {
            "area_code": frame["area_code"],
            "x": frame["x"],
            "y": frame["y"],
            "is_synthetic": _flags(frame, path),
        }
    )


def _points_from_geometry(path: Path) -> pd.DataFrame:
    import geopandas as gpd

    if not path.is_file():
        raise InputDataError("file not found", path=path, expected="a geometry file", found="no such file")
    try:
        frame = (
            gpd.read_parquet(path)
            if path.suffix.lower() in (".parquet", ".geoparquet")
            else gpd.read_file(path)
        )
    except Exception as err:
        raise InputDataError("cannot read the geometry file", path=path, found=type(err).__name__) from err
    frame.columns = [str(c).lower() if c != frame.geometry.name else c for c in frame.columns]
    code = next((c for c in AREA_CODE_COLUMNS if c in frame.columns), None)
    if code is None or frame.crs is None:
        raise InputDataError(
            "missing area code column or coordinate reference system",
            path=path,
            expected="a column " + " or ".join(AREA_CODE_COLUMNS) + " and a CRS",
            found=f"columns {', '.join(map(str, frame.columns))}; CRS {frame.crs}",
        )
    frame = frame.to_crs(geo.SWEREF99_TM)
    points = frame.geometry.centroid.where(
        frame.geometry.centroid.within(frame.geometry), frame.geometry.representative_point()
    )
    return pd.DataFrame(
        {
            "area_code": frame[code].astype(str).to_numpy(),
            "x": points.x.to_numpy(),
            "y": points.y.to_numpy(),
            "is_synthetic": False,
        }
    )


def read_od_matrix(path: Path, areas: pd.DataFrame, services: pd.DataFrame) -> pd.DataFrame:
    """Read an origin–destination travel-time matrix: ``origin`` (area code), ``destination`` (service id),
    ``minutes``. Pairs that are not in the file count as unreachable.

    Raises
    ------
    InputDataError
        For a missing column, an unknown area or service, or minutes that are not a number of at least 0.
    """
    frame = geo.read_table_with_lines(path)
    columns = ("origin", "destination", "minutes")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputDataError(
            "missing columns " + ", ".join(missing),
            path=path,
            expected="columns " + ", ".join(columns),
            found="columns " + ", ".join(c for c in frame.columns if c != "_line"),
        )
    _check_known(frame, "origin", set(areas["area_code"]), "an area code of the area points file", path)
    _check_known(frame, "destination", set(services["service_id"]), "an id of the services file", path)
    minutes = geo.parse_numbers(frame, "minutes", path, minimum=0.0)
    return pd.DataFrame({"origin": frame["origin"], "destination": frame["destination"], "minutes": minutes})


def _check_known(frame: pd.DataFrame, column: str, known: set[str], what: str, path: Path) -> None:
    unknown = ~frame[column].isin(known)
    if unknown.any():
        i = int(np.flatnonzero(unknown.to_numpy())[0])
        raise InputDataError(
            "unknown code",
            path=path,
            line=int(frame["_line"].iloc[i]),
            column=column,
            expected=what,
            found=repr(frame[column].iloc[i]),
        )


def area_table(dataset: Dataset, kommun_kod: str, year: int) -> pd.DataFrame:
    """The municipality's areas in ``year``: population by birth region, områdestyp, main tenure, income."""
    areas = dataset.areas[dataset.areas["kommun_kod"] == kommun_kod][["area_code", "area_name"]]
    population = _year_rows(dataset.population_by_birth_region, year)[
        ["area_code", "total", "born_abroad", "born_in_sweden"]
    ]
    dwellings = _year_rows(dataset.dwellings_by_tenure, year)
    wage = _year_rows(dataset.wage_income, year)[["area_code", "mean_tkr"]]
    frame = areas.merge(population, on="area_code", how="left").merge(wage, on="area_code", how="left")
    frame = frame.merge(_area_types(dataset.area_type, year), on="area_code", how="left")
    frame = frame.merge(_dominant_tenure(dwellings), on="area_code", how="left")
    for column in ("total", "born_abroad", "born_in_sweden", "mean_tkr"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame.reset_index(drop=True)


def demand_table(dataset: Dataset, year: int, points: pd.DataFrame) -> pd.DataFrame:
    """Population in ``year`` of every area of the source that has a point: ``area_code, total, x, y``."""
    population = _year_rows(dataset.population_by_birth_region, year)[["area_code", "total"]]
    frame = population.merge(points[["area_code", "x", "y"]], on="area_code", how="inner")
    frame["total"] = pd.to_numeric(frame["total"], errors="coerce").astype(float)
    return frame.reset_index(drop=True)


def _year_rows(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    return frame[frame["year"].astype(int) == year]


def _area_types(area_type: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each area's områdestyp of the latest classification at or before ``year`` (else the earliest)."""
    columns = ["area_code", "omradestyp", "omradestyp_label"]
    if area_type.empty:
        return pd.DataFrame(columns=columns)
    years = sorted(int(y) for y in area_type["year"].unique())
    before = [y for y in years if y <= year]
    chosen = before[-1] if before else years[0]
    return area_type[area_type["year"].astype(int) == chosen][columns].drop_duplicates("area_code")


def _dominant_tenure(dwellings: pd.DataFrame) -> pd.DataFrame:
    """The tenure with most dwellings in each area (NaN when no tenure is known)."""
    counts = dwellings[list(TENURES)].apply(pd.to_numeric, errors="coerce").astype(float)
    known = counts.notna().any(axis=1) & counts.fillna(0).sum(axis=1).gt(0)
    dominant = counts.fillna(-1).idxmax(axis=1).where(known)
    return pd.DataFrame(
        {"area_code": dwellings["area_code"].to_numpy(), "dominant_tenure": dominant.to_numpy()}
    )


def resolve_region(dataset: Dataset, region: str) -> tuple[str, tuple[str, ...]]:
    """The region's name and municipality codes.

    ``"GR"`` gives GR's 13 municipalities when the source has all of them, else the source's default set
    (named ``"source"``); ``"all"`` gives every municipality of the source; a list of codes gives those.

    Raises
    ------
    ConfigError
        If a listed code is not in the source.
    """
    from labkit.data.sources import default_municipalities

    codes = [str(c) for c in dataset.municipalities()["kommun_kod"]]
    listed = parse_region(region)
    if listed is not None:
        unknown = [c for c in listed if c not in codes]
        if unknown:
            raise ConfigError(
                "municipality not in source",
                column="region",
                expected="codes of the source's municipalities",
                found=", ".join(unknown),
            )
        return "custom", listed
    if region == "GR" and all(c in codes for c in GR_MUNICIPALITIES):
        return "GR", GR_MUNICIPALITIES
    if region == "all":
        return "all", tuple(codes)
    return "source", tuple(sorted(default_municipalities(dataset)))


def region_dwellings(dataset: Dataset, codes: tuple[str, ...], year: int) -> pd.DataFrame:
    """Dwellings by tenure in ``year`` for every area of the region's municipalities."""
    areas = dataset.areas[dataset.areas["kommun_kod"].isin(codes)][["area_code", "kommun_kod", "kommun"]]
    dwellings = _year_rows(dataset.dwellings_by_tenure, year)[["area_code", *TENURES]]
    frame = areas.merge(dwellings, on="area_code", how="inner")
    for tenure in TENURES:
        frame[tenure] = pd.to_numeric(frame[tenure], errors="coerce").astype(float)
    return frame.reset_index(drop=True)
