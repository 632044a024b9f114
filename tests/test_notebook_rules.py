"""Every registered notebook stays thin: a parsable parameters cell, no def or class, no outputs."""

from __future__ import annotations

import ast

import nbformat
import pytest

from labkit.registry import METHODS
from labkit.runner.params import TYPES, notebook_parameters
from labkit.runner.plan import RUNNER_PARAMS

SLUGS = list(METHODS)


def _code_cells(slug: str) -> list:
    notebook = nbformat.read(METHODS[slug].notebook, as_version=4)
    return [c for c in notebook.cells if c.cell_type == "code"]


@pytest.mark.parametrize("slug", SLUGS)
def test_first_code_cell_is_a_runnable_parameters_cell(slug: str) -> None:
    cells = _code_cells(slug)
    assert "parameters" in cells[0].metadata.get("tags", [])
    params = notebook_parameters(METHODS[slug].notebook)
    assert set(RUNNER_PARAMS) <= set(params)
    for param in params.values():
        assert param.type in TYPES
        assert param.help, f"{param.name} has no '# help' text"
        ast.literal_eval(param.default)  # a runnable literal default, never None
        assert param.default != "None"


@pytest.mark.parametrize("slug", SLUGS)
def test_no_def_or_class_in_any_cell(slug: str) -> None:
    for cell in _code_cells(slug):
        tree = ast.parse(cell.source)
        kinds = {type(node).__name__ for node in ast.walk(tree)}
        assert not kinds & {"FunctionDef", "AsyncFunctionDef", "ClassDef", "Lambda"}, cell.source


@pytest.mark.parametrize("slug", SLUGS)
def test_committed_without_outputs(slug: str) -> None:
    for cell in _code_cells(slug):
        assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("slug", SLUGS)
def test_code_cells_are_short(slug: str) -> None:
    for cell in _code_cells(slug)[1:]:
        assert len(cell.source.splitlines()) <= 6, cell.source
