"""The accessibility parameters: a frozen, validated dataclass and parsers for notebook strings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from numbers import Real
from typing import Any

from labkit.errors import ConfigError
from labkit.errors import check_one_of as _check_one_of
from labkit.i18n import LANGUAGES

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


@dataclass(frozen=True)
class Params:
    """Parameters of one accessibility analysis.

    Attributes
    ----------
    kommun_kod : str
        The municipality, a 4-digit code as text.
    year : int or None
        Population year; None means the latest year in the source.
    lang : str
        ``"sv"`` (default) or ``"en"``.
    services_file, area_points_file, od_matrix_file : str
        CSV files of services, area points and an origin–destination travel-time matrix; ``""`` means the
        bundled synthetic services, the bundled synthetic area points and straight-line travel times.
    mode : str
        ``"walk"`` or ``"cycle"``: the speed the measures use (the nearest-service table shows both).
    walk_kmh, cycle_kmh : float
        Walking and cycling speeds in km/h.
    detour : float
        Network distance over straight-line distance (1.3 by default).
    thresholds : tuple of float
        Minutes of the cumulative-opportunity measures (10, 20 and 30 by default).
    catchment_minutes : float
        The 2SFCA catchment in minutes.
    gravity_beta : float
        Distance decay of the gravity measure: weight ``max(t, 1 min) ** -beta``.
    min_departures : float
        A stop counts as a frequent ``hållplats`` from this many departures per hour.
    region : str
        ``"GR"`` (the 13 GR municipalities, or the source's default set when the source lacks any),
        ``"source"`` (the source's default set), ``"all"`` or codes joined by commas.
    map_type : str
        The service type the map and the distribution chart show.
    """

    kommun_kod: str
    year: int | None = None
    lang: str = "sv"
    services_file: str = ""
    area_points_file: str = ""
    od_matrix_file: str = ""
    mode: str = "walk"
    walk_kmh: float = 5.0
    cycle_kmh: float = 15.0
    detour: float = 1.3
    thresholds: tuple[float, ...] = (10.0, 20.0, 30.0)
    catchment_minutes: float = 20.0
    gravity_beta: float = 1.0
    min_departures: float = 4.0
    region: str = "GR"
    map_type: str = "vårdcentral"

    def __post_init__(self) -> None:
        _check_code(self.kommun_kod)
        _check_year(self.year)
        _check_one_of("lang", self.lang, LANGUAGES)
        _check_one_of("mode", self.mode, MODES)
        _check_one_of("map_type", self.map_type, SERVICE_TYPES)
        for name in ("services_file", "area_points_file", "od_matrix_file"):
            if not isinstance(getattr(self, name), str):
                raise ConfigError(
                    "invalid value",
                    column=name,
                    expected="a file path as text, or ''",
                    found=repr(getattr(self, name)),
                )
        _check_number("walk_kmh", self.walk_kmh, 1.0, 10.0)
        _check_number("cycle_kmh", self.cycle_kmh, 5.0, 40.0)
        _check_number("detour", self.detour, 1.0, 3.0)
        _check_number("catchment_minutes", self.catchment_minutes, 1.0, MAX_MINUTES)
        _check_number("gravity_beta", self.gravity_beta, 0.1, 5.0)
        _check_number("min_departures", self.min_departures, 0.0, 120.0)
        _check_thresholds(self.thresholds)
        parse_region(self.region)

    @property
    def speed_kmh(self) -> float:
        """The speed of the chosen mode."""
        return self.walk_kmh if self.mode == "walk" else self.cycle_kmh

    @classmethod
    def from_notebook(
        cls, kommun_kod: str, *, year: int = 0, thresholds: str = "10,20,30", **values: Any
    ) -> Params:
        """Build Params from notebook values: ``year=0`` means latest, thresholds are text like ``"10,20,30"``.

        Raises
        ------
        ConfigError
            If a value is invalid; the message names the parameter and what is allowed.
        """
        return cls(
            kommun_kod=kommun_kod,
            year=None if year == 0 else year,
            thresholds=parse_thresholds(thresholds),
            **values,
        )

    @classmethod
    def from_context(cls, ctx: Any) -> Params:
        """Build Params from a ``lab.open`` context: its municipality, language and recorded parameters."""
        names = (
            "year",
            "services_file",
            "area_points_file",
            "od_matrix_file",
            "mode",
            "walk_kmh",
            "cycle_kmh",
            "detour",
            "thresholds",
            "catchment_minutes",
            "gravity_beta",
            "min_departures",
            "region",
            "map_type",
        )
        given = {name: ctx.params[name] for name in names if name in ctx.params}
        return cls.from_notebook(ctx.kommun_kod, lang=ctx.lang, **given)


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
    if not parts or not all(re.fullmatch(r"\d{4}", part) for part in parts):
        raise ConfigError(
            "invalid value",
            column="region",
            expected="one of " + ", ".join(REGIONS) + " or 4-digit municipality codes joined by "
            "commas, e.g. '1402,1480'",
            found=repr(value),
        )
    return tuple(dict.fromkeys(parts))


def _check_code(value: object) -> None:
    if not (isinstance(value, str) and re.fullmatch(r"\d{4}", value)):
        raise ConfigError(
            "invalid value",
            column="kommun_kod",
            expected="a 4-digit municipality code as text, e.g. '1402'",
            found=repr(value),
        )


def _check_year(value: object) -> None:
    ok = value is None or (isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100)
    if not ok:
        raise ConfigError(
            "invalid value",
            column="year",
            expected="None (latest year in the source) or a year from 1900 to 2100",
            found=repr(value),
        )


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _check_number(name: str, value: object, low: float, high: float) -> None:
    if not (_is_number(value) and low <= float(value) <= high):
        raise ConfigError(
            "invalid value", column=name, expected=f"a number from {low:g} to {high:g}", found=repr(value)
        )


def _check_thresholds(value: object) -> None:
    ok = (
        isinstance(value, tuple)
        and len(value) >= 1
        and all(_is_number(v) and 0 < v <= MAX_MINUTES for v in value)
        and list(value) == sorted(set(value))
    )
    if not ok:
        raise ConfigError(
            "invalid value",
            column="thresholds",
            expected=f"increasing distinct minutes above 0 and at most {MAX_MINUTES:g}, e.g. (10, 20, 30)",
            found=repr(value),
        )
