"""The target-group analysis parameters: a frozen, validated dataclass and parsers for notebook strings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from numbers import Real

from labkit.errors import ConfigError
from labkit.methods.base import MethodParams, param
from labkit.perspectives import check_perspective, preset_ages
from labkit.validators import check_int, check_text, check_year, is_int

#: Largest number of random allocations / bootstrap replicates accepted.
MAX_SIM = 10_000
#: Oldest age accepted in age parameters.
MAX_AGE = 110


def parse_age_range(value: str) -> tuple[int, int]:
    """Parse ``"13-25"`` into ``(13, 25)``.

    Raises
    ------
    ConfigError
        If ``value`` is not two whole ages joined by a hyphen.
    """
    match = re.fullmatch(r"\s*(\d{1,3})\s*[-–]\s*(\d{1,3})\s*", str(value))
    if match is None:
        raise ConfigError(
            "invalid value",
            column="youth_ages",
            expected="two ages joined by a hyphen, e.g. '13-25'",
            found=repr(value),
        )
    return int(match.group(1)), int(match.group(2))


def parse_age_list(value: str) -> tuple[int, ...]:
    """Parse ``"65,80"`` into ``(65, 80)``.

    Raises
    ------
    ConfigError
        If ``value`` is not a comma-separated list of whole ages.
    """
    parts = [part.strip() for part in str(value).split(",")]
    if not all(re.fullmatch(r"\d{1,3}", part) for part in parts):
        raise ConfigError(
            "invalid value",
            column="senior_ages",
            expected="whole ages separated by commas, e.g. '65,80'",
            found=repr(value),
        )
    return tuple(int(part) for part in parts)


def _check_threshold(value: object) -> None:
    if not (isinstance(value, Real) and not isinstance(value, bool) and 1 < float(value) < float("inf")):
        raise ConfigError(
            "invalid value", column="threshold", expected="a finite number greater than 1", found=repr(value)
        )


def _check_youth(value: object) -> None:
    ok = (
        isinstance(value, tuple)
        and len(value) == 2
        and all(is_int(v) for v in value)
        and 0 <= value[0] <= value[1] <= MAX_AGE
    )
    if not ok:
        raise ConfigError(
            "invalid value",
            column="youth_ages",
            expected=f"(first age, last age) with 0 <= first <= last <= {MAX_AGE}",
            found=repr(value),
        )


def _check_seniors(value: object) -> None:
    ok = (
        isinstance(value, tuple)
        and len(value) >= 1
        and all(is_int(v) and 0 <= v <= MAX_AGE for v in value)
        and list(value) == sorted(set(value))
    )
    if not ok:
        raise ConfigError(
            "invalid value",
            column="senior_ages",
            expected=f"increasing distinct ages from 0 to {MAX_AGE}, e.g. (65, 80)",
            found=repr(value),
        )


def _year(value: int) -> int | None:
    """The notebook's ``year``: 0 means the latest year in the source."""
    return None if value == 0 else value


@dataclass(frozen=True)
class Params(MethodParams):
    """Parameters of one target-group analysis (``kommun_kod`` and ``lang`` come from :class:`MethodParams`).

    ``youth_ages`` is (first, last) age of young people, inclusive; ``senior_ages`` the lower ages of the
    senior groups, each meaning "this age and older"; ``perspektiv`` a preset of ``labkit.perspectives`` whose
    ages must agree with these.
    """

    year: int | None = param(
        None,
        "0 means the latest year in the source",
        check=lambda name, value: check_year(value, name, latest=True),
        parse=_year,
        notebook=0,
    )
    threshold: float = param(
        2.0,
        "Kungalv's rule: flag an area at or above threshold x the municipal mean",
        check=lambda name, value: _check_threshold(value),
    )
    youth_ages: tuple[int, int] = param(
        (13, 25),
        "first and last age of young people, inclusive",
        check=lambda name, value: _check_youth(value),
        parse=lambda value: parse_age_range(value),
        notebook="13-25",
    )
    senior_ages: tuple[int, ...] = param(
        (65, 80),
        "lower ages of the senior groups (65+ and 80+)",
        check=lambda name, value: _check_seniors(value),
        parse=lambda value: parse_age_list(value),
        notebook="65,80",
    )
    n_sim: int = param(
        500, "random allocations and bootstrap replicates", check=lambda n, v: check_int(n, v, 1, MAX_SIM)
    )
    seed: int = param(
        0,
        "seed of the simulations (same seed, same figures)",
        check=lambda n, v: check_int(n, v, 0, 2**32 - 1),
    )
    area_geometry: str = param(
        "",
        "GeoPackage or GeoJSON of area polygons with an area-code column; empty: no map",
        check=lambda n, v: check_text(n, v, 4000),
    )
    perspektiv: str = param(
        "",
        "perspective preset: empty for none, unga (13-25) or seniorer (65+, 80+)",
        check=lambda name, value: check_perspective(value),
    )

    def validate(self) -> None:
        """The ages must agree with the perspective preset."""
        preset_ages(self.perspektiv, self.youth_ages, self.senior_ages)
