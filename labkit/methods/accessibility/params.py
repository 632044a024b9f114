"""The accessibility parameters: a frozen, validated dataclass and parsers for notebook strings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from labkit.data.schemas import KOMMUN_KOD
from labkit.errors import ConfigError
from labkit.methods.base import MethodParams, param
from labkit.validators import check_choice, check_number, check_text, check_year, is_number

#: Service types a services file may use, in report order.
SERVICE_TYPES = (
    "grundskola",
    "förskola",
    "gymnasieskola",
    "vårdcentral",
    "apotek",
    "bibliotek",
    "livsmedelsbutik",
    "hållplats",
    "grönområde",
    "mötesplats",
    "idrottsplats",
)
#: Travel modes of the straight-line travel cost.
MODES = ("walk", "cycle")
#: Named regions of the housing-market part (a comma-separated list of municipality codes also works).
REGIONS = ("GR", "source", "all")
#: The 13 member municipalities of Göteborgsregionen (GR).
GR_MUNICIPALITIES = (
    "1384",
    "1401",
    "1402",
    "1407",
    "1415",
    "1419",
    "1440",
    "1441",
    "1462",
    "1480",
    "1481",
    "1482",
    "1489",
)
#: Largest travel time (minutes) accepted in thresholds and catchments.
MAX_MINUTES = 240.0


def _year(value: int) -> int | None:
    """The notebook's ``year``: 0 means the latest year in the source."""
    return None if value == 0 else value


def _check_path(name: str, value: object) -> None:
    check_text(name, value, 4000)


def _number(low: float, high: float):
    """A check of a finite number from ``low`` to ``high`` inclusive."""
    return lambda name, value: check_number(name, value, low, high)


@dataclass(frozen=True)
class Params(MethodParams):
    """Parameters of one accessibility analysis (``kommun_kod`` and ``lang`` come from :class:`MethodParams`).

    ``services_file``, ``area_points_file`` and ``od_matrix_file`` are CSV files of services, area points and
    an origin-destination travel-time matrix; ``""`` means the bundled synthetic services, the bundled
    synthetic area points and straight-line travel times. ``mode`` is the speed the measures use (the
    nearest-service table shows both); the gravity measure weighs ``max(t, 1 min) ** -gravity_beta``;
    ``region`` is ``"GR"`` (the 13 GR municipalities, or the source's default set when the source lacks
    any), ``"source"`` (the source's default set), ``"all"`` or codes joined by commas.
    """

    year: int | None = param(
        None,
        "population year, 0 means the latest year in the source",
        check=lambda name, value: check_year(value, name, latest=True),
        parse=_year,
        notebook=0,
    )
    services_file: str = param(
        "", "CSV of services; empty means the bundled synthetic examples", check=_check_path
    )
    area_points_file: str = param(
        "",
        "CSV or geometry file of area points; empty means the bundled synthetic points",
        check=_check_path,
    )
    od_matrix_file: str = param(
        "",
        "CSV travel-time matrix (origin, destination, minutes); empty means straight line",
        check=_check_path,
    )
    mode: str = param(
        "walk",
        "travel mode of the measures: walk or cycle",
        check=lambda name, value: check_choice(name, value, MODES),
    )
    walk_kmh: float = param(5.0, "walking speed in km/h", check=_number(1.0, 10.0))
    cycle_kmh: float = param(15.0, "cycling speed in km/h", check=_number(5.0, 40.0))
    detour: float = param(1.3, "network distance over straight-line distance", check=_number(1.0, 3.0))
    thresholds: tuple[float, ...] = param(
        (10.0, 20.0, 30.0),
        "minutes of the cumulative-opportunity measures, separated by commas",
        check=lambda name, value: _check_thresholds(value),
        parse=lambda value: parse_thresholds(value),
        notebook="10,20,30",
    )
    catchment_minutes: float = param(
        20.0, "catchment of the 2SFCA measure in minutes", check=_number(1.0, MAX_MINUTES)
    )
    gravity_beta: float = param(1.0, "distance decay of the gravity measure", check=_number(0.1, 5.0))
    min_departures: float = param(
        4.0, "a stop counts as frequent from this many departures per hour", check=_number(0.0, 120.0)
    )
    region: str = param(
        "GR",
        "GR, source, all, or municipality codes separated by commas",
        check=lambda name, value: parse_region(value),
    )
    map_type: str = param(
        "vårdcentral",
        "service type shown on the map and in the distribution chart",
        check=lambda name, value: check_choice(name, value, SERVICE_TYPES),
    )

    @property
    def speed_kmh(self) -> float:
        """The speed of the chosen mode."""
        return self.walk_kmh if self.mode == "walk" else self.cycle_kmh


def parse_thresholds(value: str | Iterable[float]) -> tuple[float, ...]:
    """Parse ``"10,20,30"`` into ``(10.0, 20.0, 30.0)``.

    Raises
    ------
    ConfigError
        If ``value`` is not a comma-separated list of numbers.
    """
    if not isinstance(value, str):
        return tuple(value)
    parts = [part.strip() for part in value.split(",")]
    if not all(re.fullmatch(r"\d+(\.\d+)?", part) for part in parts):
        raise ConfigError(
            "invalid value",
            column="thresholds",
            expected="minutes separated by commas, e.g. '10,20,30'",
            found=repr(value),
        )
    return tuple(float(part) for part in parts)


def parse_region(value: object) -> tuple[str, ...] | None:
    """The municipality codes of a region given as codes joined by commas; None for a named region.

    Raises
    ------
    ConfigError
        If ``value`` is neither a named region nor a list of 4-digit codes.
    """
    if value in REGIONS:
        return None
    parts = [part.strip() for part in str(value).split(",")] if isinstance(value, str) else []
    if not parts or not all(re.fullmatch(KOMMUN_KOD, part) for part in parts):
        raise ConfigError(
            "invalid value",
            column="region",
            expected="one of " + ", ".join(REGIONS) + " or 4-digit municipality codes joined by "
            "commas, e.g. '1402,1480'",
            found=repr(value),
        )
    return tuple(dict.fromkeys(parts))


def _check_thresholds(value: object) -> None:
    ok = (
        isinstance(value, tuple)
        and len(value) >= 1
        and all(is_number(v) and 0 < v <= MAX_MINUTES for v in value)
        and list(value) == sorted(set(value))
    )
    if not ok:
        raise ConfigError(
            "invalid value",
            column="thresholds",
            expected=f"increasing distinct minutes above 0 and at most {MAX_MINUTES:g}, e.g. (10, 20, 30)",
            found=repr(value),
        )
