"""Every registered notebook stays thin: a parsable parameters cell, no def or class, no outputs."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest
from report_checker import SWEDISH_WORDS

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


def _markdown_cells(path) -> list:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]


NOTEBOOKS = [*(METHODS[slug].notebook for slug in SLUGS), METHODS[SLUGS[0]].notebook.parent / "start.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_prose_cell_has_an_english_twin(path) -> None:
    """Each markdown cell is Swedish (lang-sv) followed by its English twin (lang-en) with the same other
    tags."""
    cells = _markdown_cells(path)
    tags = [c.metadata.get("tags", []) for c in cells]
    assert all(("lang-sv" in t) != ("lang-en" in t) for t in tags), [c.source[:60] for c in cells]
    notebook = nbformat.read(path, as_version=4).cells
    for i, cell in enumerate(notebook):
        if "lang-sv" in cell.metadata.get("tags", []):
            twin = notebook[i + 1]
            assert twin.cell_type == "markdown" and "lang-en" in twin.metadata.get("tags", []), cell.source[
                :60
            ]
            assert set(cell.metadata["tags"]) - {"lang-sv"} == set(twin.metadata["tags"]) - {"lang-en"}
            # the same headings at the same levels, in the same order
            levels = [line.split(" ")[0] for line in cell.source.splitlines() if line.startswith("#")]
            assert levels == [line.split(" ")[0] for line in twin.source.splitlines() if line.startswith("#")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_english_headings_have_no_swedish_words(path) -> None:
    """The report checker's rule for headings in English reports, applied to the notebooks' English cells."""
    for cell in _markdown_cells(path):
        if "lang-en" in cell.metadata.get("tags", []):
            for heading in (line for line in cell.source.splitlines() if line.startswith("#")):
                words = re.findall(r"[A-Za-zÅÄÖåäöÉé]+", heading)
                assert not {w.lower() for w in words} & SWEDISH_WORDS, heading
                assert not [w for w in words if w[0].islower() and re.search(r"[åäö]", w)], heading


@pytest.mark.parametrize("slug", SLUGS)
def test_workshop_text_is_tagged_workshop(slug: str) -> None:
    """Text about the live workshop or the journal file never reaches a report: its cells are tagged
    workshop."""
    for cell in _markdown_cells(METHODS[slug].notebook):
        if any(
            word in cell.source
            for word in (
                "Under workshoppen",
                "During the workshop",
                "labbok.sqlite",
                "visas inte i",
                "not shown in",
            )
        ):
            assert "workshop" in cell.metadata.get("tags", []), cell.source[:80]
    calls = [c for c in _code_cells(slug) if ".workshop(" in c.source or "_form(" in c.source]
    assert all("workshop" in c.metadata.get("tags", []) for c in calls)
