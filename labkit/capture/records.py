"""Record kinds of the lab journal: named fields with types and allowed values, checked on every add.

Each method declares its record kinds in ``labkit/capture/kinds/<slug>.py`` as ``KINDS = (RecordKind(...),
...)``; ``labkit/capture/kinds/__init__.py`` lists those modules explicitly.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from labkit.errors import CaptureError

#: Field types a record may hold.
FIELD_TYPES = ("str", "int", "float", "bool", "date")

#: Names the journal keeps beside the fields of every record; no field may use them.
ENVELOPE = ("id", "created", "workshop_id", "author")
RESERVED = (*ENVELOPE, "kind", "seq")

#: Longest text a field accepts (a paper post-it rarely holds more than a few hundred characters).
MAX_TEXT = 4000

_TRUE = {"true", "ja", "yes", "1"}
_FALSE = {"false", "nej", "no", "0"}


@dataclass(frozen=True)
class Field:
    """One field of a record kind.

    ``choices`` limits a field to listed values; ``low``/``high`` bound a number (inclusive).
    ``personal`` marks data about a person that must never reach results.json or a report unaggregated.
    ``identifying`` marks a name: stored only when the facilitator turns names on, never in a report.
    ``ref`` names the record kind the value points to (its key field, see :attr:`RecordKind.key`);
    ``"*"`` means a record of any kind, by id. ``pattern`` is a regular expression a text must match.
    """

    name: str
    type: str = "str"
    required: bool = True
    choices: tuple = ()
    low: float | None = None
    high: float | None = None
    personal: bool = False
    help: str = ""
    identifying: bool = False
    ref: str = ""
    pattern: str = ""

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"field {self.name!r}: type must be one of {', '.join(FIELD_TYPES)}")
        if self.name in RESERVED:
            raise ValueError(f"field name {self.name!r} is reserved for the journal")

    def describe(self) -> str:
        """What the field accepts, in the words an error message uses after "expected"."""
        if self.choices:
            return "one of " + ", ".join(str(c) for c in self.choices)
        if self.type in ("int", "float"):
            noun = "a whole number" if self.type == "int" else "a number"
            if self.low is not None and self.high is not None:
                return f"{noun} from {_plain(self.low)} to {_plain(self.high)}"
            if self.low is not None:
                return f"{noun} of at least {_plain(self.low)}"
            return noun
        if self.type == "bool":
            return "True or False"
        if self.type == "date":
            return "a date YYYY-MM-DD"
        if self.pattern:
            return f"text matching {self.pattern}"
        return f"text of at most {MAX_TEXT} characters"

    def coerce(self, value: object, kind: str = "") -> object:
        """Check ``value`` and return it in its stored form (None when missing and optional).

        Raises
        ------
        CaptureError
            Naming the field and what it accepts, when the value is missing, of the wrong form,
            outside the bounds or not among the choices.
        """
        if is_missing(value):
            if self.required:
                raise self.error(kind, "missing value", "nothing")
            return None
        converted = _CONVERTERS[self.type](self, value, kind)
        self._check_range(converted, value, kind)
        return converted

    def _check_range(self, converted: object, raw: object, kind: str) -> None:
        if self.choices and converted not in self.choices:
            raise self.error(kind, "value not allowed", repr(raw))
        if isinstance(converted, (int, float)):  # low/high bound the int and float fields
            too_low = self.low is not None and converted < self.low
            if too_low or (self.high is not None and converted > self.high):
                raise self.error(kind, "value out of range", repr(raw))
        if self.pattern and not (isinstance(converted, str) and re.fullmatch(self.pattern, converted)):
            raise self.error(kind, "value not allowed", repr(raw))

    def error(self, kind: str, what: str, found: str) -> CaptureError:
        """A CaptureError about this field: ``what`` went wrong, ``found`` is what was given."""
        where = f" in a {kind} record" if kind else ""
        return CaptureError(what + where, column=self.name, expected=self.describe(), found=found)


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def is_missing(value: object) -> bool:
    """True for None, NaN, pandas' NA and empty or blank text."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # not a scalar
        return False


def _to_str(spec: Field, value: object, kind: str) -> str:
    if not isinstance(value, str):
        if spec.choices or spec.pattern or isinstance(value, (bool, float)):
            raise spec.error(kind, "not text", repr(value))
        value = str(value)
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise spec.error(kind, "text too long", f"{len(text)} characters")
    return text


def _to_int(spec: Field, value: object, kind: str) -> int:
    if isinstance(value, bool):
        raise spec.error(kind, "not a whole number", repr(value))
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real) and math.isfinite(value) and float(value).is_integer():
        return int(float(value))
    if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip().replace("\u2212", "-")):
        return int(value.strip().replace("\u2212", "-"))
    raise spec.error(kind, "not a whole number", repr(value))


def _to_float(spec: Field, value: object, kind: str) -> float:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str) and re.fullmatch(r"[+-]?\d+([.,]\d+)?", value.strip()):
        number = float(value.strip().replace(",", "."))
    else:
        raise spec.error(kind, "not a number", repr(value))
    if not math.isfinite(number):
        raise spec.error(kind, "not a number", repr(value))
    return number


def _to_bool(spec: Field, value: object, kind: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral) and int(value) in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE | _FALSE:
        return text in _TRUE
    raise spec.error(kind, "not True or False", repr(value))


def _to_date(spec: Field, value: object, kind: str) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    raise spec.error(kind, "not a date", repr(value))


_CONVERTERS: dict[str, Callable[[Field, object, str], object]] = {
    "str": _to_str,
    "int": _to_int,
    "float": _to_float,
    "bool": _to_bool,
    "date": _to_date,
}


@dataclass(frozen=True)
class Draft:
    """A record about to be stored: its kind, envelope and checked field values."""

    kind: str
    id: str
    created: str
    workshop_id: str
    author: str
    fields: dict[str, Any]


class JournalView(Protocol):
    """What a record check may read: live records and settings, inside the writing transaction."""

    def rows(self, kind: str, *, workshop_id: str | None = None, **equals: object) -> list[dict]:
        """Live (not retracted) records of ``kind`` whose fields equal ``equals``."""
        ...

    def setting(self, name: str) -> object:
        """The current value of a journal setting."""
        ...


#: A rule over several records (e.g. no vote on your own idea); raises CaptureError when broken.
Check = Callable[[JournalView, Draft], None]


@dataclass(frozen=True)
class RecordKind:
    """A kind of journal record: its name, a Swedish and English title, and its fields.

    ``key`` is the field other records use to point at this kind (``"id"``, the record id, by
    default; references by id reach the whole lab, references by another key stay in the workshop).
    ``unique`` lists fields whose values together may occur in only one live record per workshop.
    ``checks`` are rules over several records, run inside the transaction that stores the record.
    """

    name: str
    title_sv: str
    title_en: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    key: str = "id"
    unique: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()

    def field(self, name: str) -> Field:
        """The field called ``name``, or a CaptureError listing the fields of this kind."""
        for item in self.fields:
            if item.name == name:
                return item
        raise CaptureError(
            f"unknown field for record kind '{self.name}'",
            column=name,
            expected="one of " + ", ".join(f.name for f in self.fields),
            found=repr(name),
        )

    @property
    def names(self) -> tuple[str, ...]:
        """The field names in declared order."""
        return tuple(f.name for f in self.fields)

    def title(self, lang: str = "sv") -> str:
        """The kind's title in Swedish (default) or English."""
        return self.title_en if lang == "en" else self.title_sv

    def validate(self, values: Mapping[str, object]) -> dict[str, object]:
        """Check every field of one record and return the stored values, in declared order.

        Raises
        ------
        CaptureError
            For an unknown field (listing the fields) or a value the field does not accept.
        """
        for name in values:
            self.field(name)
        return {spec.name: spec.coerce(values.get(spec.name), self.name) for spec in self.fields}
