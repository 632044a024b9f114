"""Record kinds of the lab journal: named fields with types and allowed values, checked on every add.

Each method declares its record kinds in ``labkit/capture/kinds/<slug>.py`` as ``KINDS = (RecordKind(...), ...)``;
``labkit/capture/kinds/__init__.py`` lists those modules explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from labkit.errors import CaptureError

#: Field types a record may hold.
FIELD_TYPES = ("str", "int", "float", "bool", "date")


@dataclass(frozen=True)
class Field:
    """One field of a record kind.

    ``choices`` limits a field to listed values; ``low``/``high`` bound a number (inclusive).
    ``personal`` marks data about a person that must never reach results.json or a report unaggregated.
    """

    name: str
    type: str = "str"
    required: bool = True
    choices: tuple = ()
    low: float | None = None
    high: float | None = None
    personal: bool = False
    help: str = ""


@dataclass(frozen=True)
class RecordKind:
    """A kind of journal record: its name, a Swedish and English title, and its fields."""

    name: str
    title_sv: str
    title_en: str
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def field(self, name: str) -> Field:
        """The field called ``name``, or a CaptureError listing the fields of this kind."""
        for item in self.fields:
            if item.name == name:
                return item
        raise CaptureError(
            f"unknown field for record kind '{self.name}'", column=name,
            expected="one of " + ", ".join(f.name for f in self.fields), found=repr(name),
        )
