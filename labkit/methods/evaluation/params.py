"""The evaluation parameters: a frozen, validated dataclass and parsers for notebook strings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from labkit.data.schemas import AREA_CODE
from labkit.errors import ConfigError
from labkit.methods.base import MethodParams, param
from labkit.validators import check_bool, check_choice, check_int, check_number, check_text, check_year

#: Outcomes the difference-in-differences can use (area-level, from the canonical tables).
OUTCOMES = ("mean_tkr", "share_hyresratt", "share_born_abroad")

#: Where comparison areas come from: the municipality's other areas, or every other area of the source.
COMPARISONS = ("municipality", "region")

#: Standard errors of the estimate: clustered by area (default), heteroskedasticity-robust (HC1), or
#: classical OLS.
STANDARD_ERRORS = ("cluster", "hc1", "classical")

#: Where the p-value and interval come from: ``auto`` (placebo assignments with fewer than 10 intervention
#: areas, else the standard errors), ``randomisation`` (always placebo assignments) or ``model`` (always the
#: standard errors).
INFERENCES = ("auto", "randomisation", "model")

#: Most random placebo assignments accepted.
MAX_PERMUTATIONS = 1_000_000


def parse_areas(value: object) -> tuple[str, ...]:
    """The notebook's ``intervention_areas``: codes joined by commas (a tuple is taken as it is)."""
    if isinstance(value, tuple):
        return value
    return tuple(part.strip() for part in str(value).split(",") if part.strip())


def _year(value: object) -> int | None:
    """The notebook's ``intervention_year``: 0 means not given."""
    return None if value in (0, None) else value


def _check_areas(name: str, value: object) -> None:
    ok = isinstance(value, tuple) and all(isinstance(v, str) and re.fullmatch(AREA_CODE, v) for v in value)
    if not ok or len(set(value)) != len(value):
        raise ConfigError(
            "invalid value",
            column=name,
            expected="distinct area codes such as 1402X003, separated by commas",
            found=repr(value),
        )


def _check_year(name: str, value: object) -> None:
    if value is not None:
        check_year(value, name)


def _choice(allowed: tuple[str, ...]):
    return lambda name, value: check_choice(name, value, allowed)


@dataclass(frozen=True)
class Params(MethodParams):
    """Parameters of one evaluation (``kommun_kod`` and ``lang`` come from :class:`MethodParams`).

    ``intervention_areas`` empty means: read the journal, else use a labelled example; ``intervention_year``
    None means: from the journal, or the example's year. ``inference="auto"`` uses randomisation inference
    with fewer than 10 intervention areas, else the standard errors; ``permutations`` and ``seed`` are used
    when there are too many placebo assignments to take them all. The access indicators come from the
    accessibility method's result in the same run (``ctx.upstream("accessibility")``), with its parameters.
    """

    outcome: str = param(
        "mean_tkr",
        "outcome compared before/after: mean_tkr, share_hyresratt or share_born_abroad",
        check=_choice(OUTCOMES),
    )
    intervention_areas: tuple[str, ...] = param(
        (),
        "intervention area codes, comma-separated; empty: the journal or an example",
        check=_check_areas,
        parse=parse_areas,
        notebook="",
    )
    intervention_year: int | None = param(
        None,
        "first year of the intervention; 0 means from the journal or the example",
        check=_check_year,
        parse=_year,
        notebook=0,
    )
    comparison: str = param(
        "municipality",
        "comparison areas: municipality (its other areas) or region (all others)",
        check=_choice(COMPARISONS),
    )
    standard_errors: str = param(
        "cluster", "cluster (by area), hc1 (robust) or classical", check=_choice(STANDARD_ERRORS)
    )
    inference: str = param(
        "auto",
        "auto (placebo assignments under 10 intervention areas), randomisation or model",
        check=_choice(INFERENCES),
    )
    permutations: int = param(
        9999,
        "random placebo assignments when there are too many to use them all",
        check=lambda name, value: check_int(name, value, 99, MAX_PERMUTATIONS),
    )
    seed: int = param(
        0,
        "seed of the random placebo assignments",
        check=lambda name, value: check_int(name, value, 0, 2**32 - 1),
    )
    confidence: float = param(
        0.95,
        "level of the confidence interval",
        check=lambda name, value: check_number(name, value, 0.5, 1.0, high_open=True),
    )
    survey_csv: str = param(
        "",
        "CSV of survey answers; empty means the journal or the example records",
        check=lambda name, value: check_text(name, value, 4000),
    )
    capture: bool = param(
        False,
        "show the form that records maturity in the lab journal (workshops only)",
        check=check_bool,
    )
    labs_root: str = param(
        "",
        "folder holding labs/<kommun_kod>/labbok.sqlite; empty means the project folder",
        check=lambda name, value: check_text(name, value, 4000),
    )
