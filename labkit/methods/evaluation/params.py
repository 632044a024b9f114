"""The evaluation parameters: a frozen, validated dataclass and parsers for notebook strings."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from numbers import Real
from typing import Any

from labkit.errors import ConfigError
from labkit.errors import check_one_of as _check_one_of
from labkit.i18n import LANGUAGES

#: Outcomes the difference-in-differences can use (area-level, from the canonical tables).
OUTCOMES = ("mean_tkr", "share_hyresratt", "share_born_abroad")

#: Where comparison areas come from: the municipality's other areas, or every other area of the source.
COMPARISONS = ("municipality", "region")

#: Standard errors of the estimate: clustered by area (default), heteroskedasticity-robust (HC1), or classical OLS.
STANDARD_ERRORS = ("cluster", "hc1", "classical")

#: Where the p-value and interval come from: ``auto`` (placebo assignments with fewer than 10 intervention
#: areas, else the standard errors), ``randomisation`` (always placebo assignments) or ``model`` (always the
#: standard errors).
INFERENCES = ("auto", "randomisation", "model")

#: Most random placebo assignments accepted.
MAX_PERMUTATIONS = 1_000_000

_AREA_CODE = re.compile(r"\d{4}[A-Z0-9]{1,8}")


@dataclass(frozen=True)
class Params:
    """Parameters of one evaluation.

    Attributes
    ----------
    kommun_kod : str
        The municipality, a 4-digit code as text.
    outcome : str
        The area figure the before/after comparison follows (one of :data:`OUTCOMES`).
    intervention_areas : tuple of str
        Codes of the areas that got the intervention; empty means: read the journal, else use a labelled example.
    intervention_year : int or None
        First year of the intervention (None: from the journal, or the example's year).
    comparison : str
        ``"municipality"`` (the municipality's other areas) or ``"region"`` (every other area of the source).
    standard_errors : str
        ``"cluster"`` (by area, the default), ``"hc1"`` or ``"classical"``.
    inference : str
        ``"auto"`` (randomisation inference with fewer than 10 intervention areas, else the standard errors),
        ``"randomisation"`` or ``"model"``.
    permutations, seed : int
        Random placebo assignments and their seed, used when there are too many assignments to take them all.
    confidence : float
        Level of the confidence interval, e.g. 0.95.
    survey_csv : str
        A CSV file of survey answers; empty means: read the journal, else use the example records.
    services_file, area_points_file : str
        CSV files of services and area points for the access indicators (passed to the accessibility
        method); empty means its bundled synthetic examples.
    lang : str
        ``"sv"`` (default) or ``"en"``.
    """

    kommun_kod: str = "1402"
    outcome: str = "mean_tkr"
    intervention_areas: tuple[str, ...] = ()
    intervention_year: int | None = None
    comparison: str = "municipality"
    standard_errors: str = "cluster"
    inference: str = "auto"
    permutations: int = 9999
    seed: int = 0
    confidence: float = 0.95
    survey_csv: str = ""
    services_file: str = ""
    area_points_file: str = ""
    lang: str = "sv"

    def __post_init__(self) -> None:
        if not (isinstance(self.kommun_kod, str) and re.fullmatch(r"\d{4}", self.kommun_kod)):
            raise ConfigError(
                "invalid value",
                column="kommun_kod",
                expected="a 4-digit municipality code as text, e.g. '1402'",
                found=repr(self.kommun_kod),
            )
        _check_one_of("outcome", self.outcome, OUTCOMES)
        _check_one_of("comparison", self.comparison, COMPARISONS)
        _check_one_of("standard_errors", self.standard_errors, STANDARD_ERRORS)
        _check_one_of("inference", self.inference, INFERENCES)
        _check_int("permutations", self.permutations, 99, MAX_PERMUTATIONS)
        _check_int("seed", self.seed, 0, 2**32 - 1)
        _check_one_of("lang", self.lang, LANGUAGES)
        _check_areas(self.intervention_areas)
        _check_year(self.intervention_year)
        for name in ("survey_csv", "services_file", "area_points_file"):
            if not isinstance(getattr(self, name), str):
                raise ConfigError(
                    "invalid value",
                    column=name,
                    expected="a file path as text, or ''",
                    found=repr(getattr(self, name)),
                )
        ok = isinstance(self.confidence, Real) and not isinstance(self.confidence, bool)
        if not (ok and math.isfinite(float(self.confidence)) and 0.5 <= float(self.confidence) < 1):
            raise ConfigError(
                "invalid value",
                column="confidence",
                expected="a number from 0.5 up to (not 1)",
                found=repr(self.confidence),
            )

    @classmethod
    def from_notebook(
        cls, kommun_kod: str, *, intervention_areas: str = "", intervention_year: int = 0, **values: Any
    ) -> Params:
        """Build Params from notebook values: areas as comma-separated text, year 0 meaning "not given".

        Raises
        ------
        ConfigError
            If a value is invalid; the message names the parameter and what is allowed.
        """
        areas = tuple(part.strip() for part in str(intervention_areas).split(",") if part.strip())
        year = None if intervention_year in (0, None) else intervention_year
        return cls(kommun_kod=kommun_kod, intervention_areas=areas, intervention_year=year, **values)

    @classmethod
    def from_context(cls, ctx: Any) -> Params:
        """Build Params from a ``lab.open`` context: municipality, language and the recorded parameters."""
        names = (
            "outcome",
            "intervention_areas",
            "intervention_year",
            "comparison",
            "standard_errors",
            "inference",
            "permutations",
            "seed",
            "confidence",
            "survey_csv",
            "services_file",
            "area_points_file",
        )
        given = {name: ctx.params[name] for name in names if name in ctx.params}
        return cls.from_notebook(ctx.kommun_kod, lang=ctx.lang, **given)


def _check_areas(value: object) -> None:
    ok = isinstance(value, tuple) and all(isinstance(v, str) and _AREA_CODE.fullmatch(v) for v in value)
    if not ok or len(set(value)) != len(value):
        raise ConfigError(
            "invalid value",
            column="intervention_areas",
            expected="distinct area codes such as 1402X003, separated by commas",
            found=repr(value),
        )


def _check_int(name: str, value: object, low: int, high: int) -> None:
    if not (isinstance(value, int) and not isinstance(value, bool) and low <= value <= high):
        raise ConfigError(
            "invalid value", column=name, expected=f"an integer from {low} to {high}", found=repr(value)
        )


def _check_year(value: object) -> None:
    ok = value is None or (isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100)
    if not ok:
        raise ConfigError(
            "invalid value",
            column="intervention_year",
            expected="0 or None (not given) or a year from 1900 to 2100",
            found=repr(value),
        )
