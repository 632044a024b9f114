"""Error types: every bad input becomes a LabkitError that says where, what was expected and what was
found."""

from __future__ import annotations

from pathlib import Path


class LabkitError(Exception):
    """Base of every error labkit reports to a user.

    The message is built from fields so that tests and the CLI can rely on one format::

        <path>, line <line>, column '<column>': <what>: expected <expected>; found <found>.

    Parts that are ``None`` are left out.
    """

    def __init__(
        self,
        what: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: str | None = None,
        expected: str | None = None,
        found: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.what = what
        self.path = None if path is None else str(path)
        self.line = line
        self.column = column
        self.expected = expected
        self.found = found
        self.hint = hint
        super().__init__(self._format())

    def _column_label(self) -> str:
        return "column"

    def _format(self) -> str:
        where = []
        if self.path is not None:
            where.append(self.path)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"{self._column_label()} '{self.column}'")
        text = ", ".join(where)
        text = f"{text}: {self.what}" if text else self.what
        if self.expected is not None:
            text += f": expected {self.expected}"
            if self.found is not None:
                text += f"; found {self.found}"
        elif self.found is not None:
            text += f": found {self.found}"
        text += "."
        if self.hint:
            text += f" {self.hint}"
        return text


class ConfigError(LabkitError):
    """A parameter, option or configuration value is invalid."""

    def _column_label(self) -> str:
        return "option" if str(self.column).startswith("-") else "parameter"


class InputDataError(LabkitError):
    """A data file cannot be read or fails validation."""


class CaptureError(LabkitError):
    """A workshop record cannot be stored or read back."""


class RunError(LabkitError):
    """A notebook job failed."""


def check_one_of(name: str, value: object, allowed) -> None:
    """Raise a ConfigError naming ``name`` and listing every allowed value unless ``value`` is one of them."""
    allowed = tuple(allowed)
    if value not in allowed:
        raise ConfigError(
            "invalid value", column=name, expected="one of " + ", ".join(map(str, allowed)), found=repr(value)
        )
