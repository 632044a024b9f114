"""The methods' text catalogues hold nothing a report reader must not see: no file paths of the journal or the
examples, no project-internal file names, and every Swedish key has its English twin."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

METHODS_DIR = Path(__file__).resolve().parents[1] / "labkit" / "methods"
MODULES = sorted(
    f"labkit.methods.{p.parent.name}.{p.stem}"
    for p in METHODS_DIR.glob("*/*.py")
    if p.stem == "text" or p.stem.startswith("display")
)
FORBIDDEN = re.compile(r"labs/|labbok\.sqlite|data/examples|data/housing_provision|\b\w+\.md\b")


def _catalogues(module) -> list[dict]:
    return [
        value
        for value in vars(module).values()
        if isinstance(value, dict) and {"sv", "en"} <= set(value) and isinstance(value["sv"], dict)
    ]


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("name", MODULES)
def test_catalogues_name_no_paths_or_internal_files(name: str) -> None:
    for catalogue in _catalogues(importlib.import_module(name)):
        assert [s for s in _strings(catalogue) if FORBIDDEN.search(s)] == []


@pytest.mark.parametrize("name", MODULES)
def test_every_swedish_text_has_an_english_twin(name: str) -> None:
    for catalogue in _catalogues(importlib.import_module(name)):
        assert set(catalogue["sv"]) - set(catalogue["en"]) == set()


def test_the_modules_are_found() -> None:
    assert "labkit.methods.cocreation.text" in MODULES and "labkit.methods.ska.display" in MODULES
