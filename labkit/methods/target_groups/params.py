"""The target-group analysis parameters: a frozen, validated dataclass and parsers for notebook strings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from numbers import Real
from typing import Any

from labkit.errors import ConfigError
from labkit.errors import check_one_of as _check_one_of
from labkit.i18n import LANGUAGES
from labkit.perspectives import check_perspective, preset_ages

#: Largest number of random allocations / bootstrap replicates accepted.
MAX_SIM = 10_000
#: Oldest age accepted in age parameters.
MAX_AGE = 110


@dataclass(frozen=True)
class Params:
    """Parameters of one target-group analysis.

    Attributes
    ----------
    kommun_kod : str
        The municipality, a 4-digit code as text (``"1402"``).
    year : int or None
        The year to analyse; None means the latest year in the source.
    threshold : float
        Kungälv's rule: flag an area where an indicator is at least ``threshold`` × the municipal mean.
    lang : str
        ``"sv"`` (default) or ``"en"`` for every text a reader sees.
    youth_ages : tuple of int
        First and last age of young people, inclusive (13–25 by default).
    senior_ages : tuple of int
        Lower ages of the senior groups, each meaning "this age and older" (65+ and 80+ by default).
    n_sim : int
        Random allocations for the benchmark and bootstrap replicates for the interval.
    seed : int
        Seed of both simulations.
    perspektiv : str
        ``""`` (none), ``"unga"`` or ``"seniorer"``: a preset of ``labkit.perspectives`` (ages must agree).
    """

    kommun_kod: str
    year: int | None = None
    threshold: float = 2.0
    lang: str = "sv"
    youth_ages: tuple[int, int] = (13, 25)
    senior_ages: tuple[int, ...] = (65, 80)
    n_sim: int = 500
    seed: int = 0
    perspektiv: str = ""

    def __post_init__(self) -> None:
        _check_kommun_kod(self.kommun_kod)
        _check_year(self.year)
        _check_threshold(self.threshold)
        _check_one_of("lang", self.lang, LANGUAGES)
        _check_youth(self.youth_ages)
        _check_seniors(self.senior_ages)
        _check_int("n_sim", self.n_sim, 1, MAX_SIM)
        _check_int("seed", self.seed, 0, 2**32 - 1)
        check_perspective(self.perspektiv)
        preset_ages(self.perspektiv, self.youth_ages, self.senior_ages)

    @classmethod
    def from_notebook(
        cls,
        kommun_kod: str,
        *,
        year: int = 0,
        threshold: float = 2.0,
        lang: str = "sv",
        youth_ages: str = "13-25",
        senior_ages: str = "65,80",
        n_sim: int = 500,
        seed: int = 0,
        perspektiv: str = "",
    ) -> Params:
        """Build Params from notebook parameter values: ``year=0`` means latest, ages are text.

        Raises
        ------
        ConfigError
            If a value is invalid; the message names the parameter and what is allowed.
        """
        return cls(
            kommun_kod=kommun_kod,
            year=None if year == 0 else year,
            threshold=threshold,
            lang=lang,
            youth_ages=parse_age_range(youth_ages),
            senior_ages=parse_age_list(senior_ages),
            n_sim=n_sim,
            seed=seed,
            perspektiv=perspektiv,
        )

    @classmethod
    def from_context(cls, ctx: Any) -> Params:
        """Build Params from a ``lab.open`` context: its municipality, language and recorded parameters."""
        names = ("year", "threshold", "youth_ages", "senior_ages", "n_sim", "seed", "perspektiv")
        given = {name: ctx.params[name] for name in names if name in ctx.params}
        return cls.from_notebook(ctx.kommun_kod, lang=ctx.lang, **given)


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


def _check_kommun_kod(value: object) -> None:
    if not (isinstance(value, str) and re.fullmatch(r"\d{4}", value)):
        raise ConfigError(
            "invalid value",
            column="kommun_kod",
            expected="a 4-digit municipality code as text, e.g. '1402'",
            found=repr(value),
        )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_year(value: object) -> None:
    if value is not None and not (_is_int(value) and 1900 <= value <= 2100):
        raise ConfigError(
            "invalid value",
            column="year",
            expected="None (latest year in the source) or a year from 1900 to 2100",
            found=repr(value),
        )


def _check_threshold(value: object) -> None:
    if not (isinstance(value, Real) and not isinstance(value, bool) and 1 < float(value) < float("inf")):
        raise ConfigError(
            "invalid value", column="threshold", expected="a finite number greater than 1", found=repr(value)
        )


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if not (_is_int(value) and low <= value <= high):
        raise ConfigError(
            "invalid value", column=name, expected=f"an integer from {low} to {high}", found=repr(value)
        )


def _check_youth(value: object) -> None:
    ok = (
        isinstance(value, tuple)
        and len(value) == 2
        and all(_is_int(v) for v in value)
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
        and all(_is_int(v) and 0 <= v <= MAX_AGE for v in value)
        and list(value) == sorted(set(value))
    )
    if not ok:
        raise ConfigError(
            "invalid value",
            column="senior_ages",
            expected=f"increasing distinct ages from 0 to {MAX_AGE}, e.g. (65, 80)",
            found=repr(value),
        )
