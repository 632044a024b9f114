"""Checks shared by every method's parameters and every reader: one place for each rule and its message.

Each check raises a :class:`~labkit.errors.ConfigError` naming the parameter (``column``), what is allowed and
what was found, and returns the value unchanged when it is fine, so a check can be used inline.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from numbers import Real
from typing import TypeGuard

from labkit.errors import ConfigError

#: A municipality code: four digits (as text).
KOMMUN_KOD = r"^\d{4}$"
#: An area code (RegSO or DeSO): the municipality code, a letter, then 3 to 5 digits or letters.
AREA_CODE = r"^\d{4}[A-Z][0-9A-Z]{3,5}$"

#: The earliest and latest year a parameter may name.
YEARS = (1900, 2100)


def _fail(column: str, expected: str, value: object) -> ConfigError:
    return ConfigError("invalid value", column=column, expected=expected, found=repr(value))


def is_int(value: object) -> TypeGuard[int]:
    """True for a whole number that is not a bool."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> TypeGuard[float]:
    """True for a finite real number that is not a bool."""
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(float(value))


def check_kommun_kod(value: object, column: str = "kommun_kod") -> str:
    """A municipality code: four digits as text (``"1402"``)."""
    if not (isinstance(value, str) and re.fullmatch(KOMMUN_KOD, value)):
        raise _fail(column, "a 4-digit municipality code as text, e.g. '1402'", value)
    return value


def check_area_code(value: object, column: str = "area_code") -> str:
    """An area code as the data schemas define it (RegSO or DeSO, e.g. ``"1402R003"``)."""
    if not (isinstance(value, str) and re.fullmatch(AREA_CODE, value)):
        raise _fail(
            column, "an area code such as '1402R003' (4 digits, a letter, 3 to 5 digits or letters)", value
        )
    return value


def check_year(value: object, column: str = "year", *, latest: bool = False) -> int | None:
    """A year from 1900 to 2100; with ``latest``, None (meaning the latest year in the source) too."""
    low, high = YEARS
    if latest and value is None:
        return None
    if not (is_int(value) and low <= value <= high):
        prefix = "None (latest year in the source) or " if latest else ""
        raise _fail(column, f"{prefix}a year from {low} to {high}", value)
    return value


def check_int(column: str, value: object, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` inclusive."""
    if not (is_int(value) and low <= value <= high):
        raise _fail(column, f"an integer from {low} to {high}", value)
    return value


def check_number(
    column: str, value: object, low: float, high: float, *, low_open: bool = False, high_open: bool = False
) -> float:
    """A finite number within ``low``..``high``; an open end excludes the bound itself."""
    if is_number(value):
        number = float(value)
        above = number > low if low_open else number >= low
        below = number < high if high_open else number <= high
        if above and below:
            return value
    left, right = ("(" if low_open else "["), (")" if high_open else "]")
    raise _fail(column, f"a finite number in {left}{_num(low)}, {_num(high)}{right}", value)


def _num(value: float) -> str:
    return "inf" if value == math.inf else f"{value:g}"


def check_bool(column: str, value: object) -> bool:
    """True or False (not 0 or 1)."""
    if not isinstance(value, bool):
        raise _fail(column, "True or False", value)
    return value


def check_choice(column: str, value: object, allowed: Iterable[object]) -> object:
    """One of ``allowed``; the message lists every allowed value."""
    allowed = tuple(allowed)
    if value not in allowed:
        raise _fail(column, "one of " + ", ".join(map(str, allowed)), value)
    return value


def check_text(column: str, value: object, max_length: int = 4000, *, empty: bool = True) -> str:
    """Text of at most ``max_length`` characters (non-blank unless ``empty``)."""
    if not isinstance(value, str) or len(value) > max_length or (not empty and not value.strip()):
        what = "non-blank text" if not empty else "text"
        raise _fail(column, f"{what} of at most {max_length} characters", value)
    return value
