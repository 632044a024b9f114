"""Notebook parameters: read them from the ``parameters`` cell and check values before any kernel starts.

Papermill only warns about an unknown name and never checks types (papermill#667), and its CLI turns
``-p kommun 0114`` into the integer 114. labkit reads the parameters cell with
``papermill.inspect_notebook`` and checks every value against it, so a mistake stops the run with one
clear message instead of a failed kernel.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nbformat

from labkit.errors import ConfigError

#: Parameter types labkit accepts in a parameters cell.
TYPES = ("str", "int", "float", "bool")
_TRUE = ("true", "1", "yes", "ja")
_FALSE = ("false", "0", "no", "nej")


@dataclass(frozen=True)
class Parameter:
    """One line of a parameters cell: ``name: type = default  # help``."""

    name: str
    type: str
    default: str
    help: str


@lru_cache(maxsize=64)
def _inspect(path: str, mtime: float) -> tuple[Parameter, ...]:
    import logging

    import papermill as pm

    logging.getLogger("papermill").setLevel(logging.ERROR)
    found = pm.inspect_notebook(path)
    return tuple(
        Parameter(p["name"], p["inferred_type_name"], p["default"], p["help"] or "") for p in found.values()
    )


def notebook_parameters(path: str | Path) -> dict[str, Parameter]:
    """The parameters declared in a notebook's ``parameters`` cell, in order.

    Raises ConfigError if a line of the cell cannot be parsed or declares a type labkit does not accept.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError("notebook not found", path=path, expected="a notebook for every registered method",
                          found="no such file")
    params = {p.name: p for p in _inspect(str(path), path.stat().st_mtime)}
    _check_cell_lines(path, params)
    return params


def _check_cell_lines(path: Path, params: dict[str, Parameter]) -> None:
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    for number, line in enumerate(cell.source.splitlines(), start=1):
        name = line.split(":")[0].split("=")[0].strip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if name not in params:
            raise ConfigError("cannot parse parameter line", path=path, line=number,
                              expected="'name: type = value  # help' with no '=' in the help",
                              found=repr(line))
        if params[name].type not in TYPES:
            raise ConfigError("unsupported parameter type", path=path, line=number, column=name,
                              expected="one of " + ", ".join(TYPES), found=repr(params[name].type))


def coerce(param: Parameter, value: object, *, origin: str = "-p") -> object:
    """Convert ``value`` (often text from the command line) to the parameter's declared type."""
    if param.type == "str":
        return str(value)
    text = str(value).strip()
    try:
        if param.type == "bool":
            if isinstance(value, bool):
                return value
            if text.lower() in _TRUE + _FALSE:
                return text.lower() in _TRUE
            raise ValueError(text)
        if param.type == "int":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError(text)
            return int(text)
        return float(text)
    except ValueError:
        raise ConfigError(
            "wrong type for parameter", column=param.name,
            expected=f"{param.type} ({param.help or 'no help'})", found=repr(value),
            hint=f"Set it as {origin} {param.name}=<{param.type}>.",
        ) from None


def describe(params: dict[str, Parameter]) -> str:
    """``name (type)`` for each parameter, comma separated: the list an error message shows."""
    return ", ".join(f"{p.name} ({p.type})" for p in params.values())


def check_values(slug: str, params: dict[str, Parameter], values: dict[str, object]) -> dict[str, object]:
    """Check names and types of ``values`` against ``params``; return the coerced values.

    Raises ConfigError naming the unknown parameter and listing every valid name with its type.
    """
    out = {}
    for name, value in values.items():
        if name not in params:
            raise ConfigError(
                f"unknown parameter for method '{slug}'", column=name,
                expected="one of " + describe(params), found=repr(name),
            )
        out[name] = coerce(params[name], value)
    return out
