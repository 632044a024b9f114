"""Notebook parameters: read them from the ``parameters`` cell and check values before any kernel starts.

Papermill only warns about an unknown name and never checks types (papermill#667), and its CLI turns
``-p kommun 0114`` into the integer 114. labkit reads the parameters cell itself and checks every value
against it, so a mistake stops the run with one clear message instead of a failed kernel.

The cell is read as JSON and parsed with Python's own parser (:mod:`ast`, comments with :mod:`tokenize`),
giving the fields ``papermill.inspect_notebook`` gives (name, declared type, default as written, help from
the comment); a test checks that both agree on every notebook. Neither nbformat nor papermill is imported,
so ``labkit params`` answers at once.
"""

from __future__ import annotations

import ast
import io
import json
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from labkit.errors import ConfigError

#: Parameter types labkit accepts in a parameters cell.
TYPES = ("str", "int", "float", "bool")
_TRUE = ("true", "1", "yes", "ja")
_FALSE = ("false", "0", "no", "nej")
_LINE_FORM = "'name: type = value  # help'"


@dataclass(frozen=True)
class Parameter:
    """One line of a parameters cell: ``name: type = default  # help``."""

    name: str
    type: str
    default: str
    help: str


@lru_cache(maxsize=64)
def _inspect(path: str, mtime: float) -> tuple[Parameter, ...]:
    source = _parameters_cell(Path(path))
    lines = source.splitlines()
    try:
        tree = ast.parse(source)
        comments = {
            token.start[0]: token.string.lstrip("#").strip()
            for token in tokenize.generate_tokens(io.StringIO(source).readline)
            if token.type == tokenize.COMMENT
        }
    except (SyntaxError, tokenize.TokenError) as err:
        number = getattr(err, "lineno", None) or (err.args[1][0] if len(err.args) > 1 else len(lines))
        raise ConfigError(
            "cannot parse parameter line",
            path=path,
            line=number,
            expected=_LINE_FORM,
            found=repr(lines[number - 1] if 0 < number <= len(lines) else source),
        ) from None
    params = []
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            annotation = node.annotation
            kind = (
                annotation.value
                if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str)
                else ast.get_source_segment(source, annotation) or ""
            )
            name, head = node.target.id, annotation
        elif (
            isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
        ):
            kind, name, head = "None", node.targets[0].id, node.targets[0]
        else:
            raise ConfigError(
                "cannot parse parameter line",
                path=path,
                line=node.lineno,
                expected=_LINE_FORM,
                found=repr(lines[node.lineno - 1]),
            )
        params.append(
            Parameter(
                name,
                kind,
                _default_text(source, node, head),
                comments.get(node.end_lineno or node.lineno, ""),
            )
        )
        if kind not in TYPES:
            raise ConfigError(
                "unsupported parameter type",
                path=path,
                line=node.lineno,
                column=name,
                expected="one of " + ", ".join(TYPES),
                found=repr(kind),
            )
    return tuple(params)


def _default_text(source: str, node: ast.stmt, head: ast.expr) -> str:
    """The default as written: the statement's text after its ``=`` (parentheses kept)."""
    before = ast.Pass(  # a node spanning the statement up to the end of the annotation or name
        lineno=node.lineno,
        col_offset=node.col_offset,
        end_lineno=head.end_lineno,
        end_col_offset=head.end_col_offset,
    )
    text = ast.get_source_segment(source, node) or ""
    return text[len(ast.get_source_segment(source, before) or "") :].strip().removeprefix("=").strip()


def _parameters_cell(path: Path) -> str:
    """The source of the notebook's first code cell tagged ``parameters``."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells = [
            cell
            for cell in notebook["cells"]
            if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get("tags", [])
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as err:
        raise ConfigError(
            "cannot read notebook",
            path=path,
            expected="a Jupyter notebook (JSON, nbformat 4)",
            found=f"{type(err).__name__}: {err}",
        ) from None
    if not cells:
        raise ConfigError(
            "notebook has no parameters cell",
            path=path,
            expected="a code cell tagged 'parameters'",
            found="none",
        )
    source = cells[0].get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def notebook_parameters(path: str | Path) -> dict[str, Parameter]:
    """The parameters declared in a notebook's ``parameters`` cell, in order.

    Raises ConfigError if a line of the cell cannot be parsed or declares a type labkit does not accept.
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigError(
            "notebook not found",
            path=path,
            expected="a notebook for every registered method",
            found="no such file",
        )
    return {p.name: p for p in _inspect(str(path), path.stat().st_mtime)}


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
            "wrong type for parameter",
            column=param.name,
            expected=f"{param.type} ({param.help or 'no help'})",
            found=repr(value),
            hint=f"Set it as {origin} {param.name}=<{param.type}>.",
        ) from None


def describe(params: dict[str, Parameter]) -> str:
    """``name (type)`` for each parameter, comma separated: the list an error message shows."""
    return ", ".join(f"{p.name} ({p.type})" for p in params.values())


def check_values(slug: str, params: dict[str, Parameter], values: Mapping[str, object]) -> dict[str, object]:
    """Check names and types of ``values`` against ``params``; return the coerced values.

    Raises ConfigError naming the unknown parameter and listing every valid name with its type.
    """
    out = {}
    for name, value in values.items():
        if name not in params:
            raise ConfigError(
                f"unknown parameter for method '{slug}'",
                column=name,
                expected="one of " + describe(params),
                found=repr(name),
            )
        out[name] = coerce(params[name], value)
    return out
