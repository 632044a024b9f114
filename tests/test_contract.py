"""The method contract (labkit/methods/base.py): every method has the same files, the same entry points,
its parameters declared once, and no import cycle among its modules."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
from pathlib import Path

import pytest

from labkit.methods.base import OPTIONAL, REQUIRED, MethodParams
from labkit.registry import METHODS, ROOT, get_method
from labkit.runner.params import notebook_parameters

PACKAGE = ROOT / "labkit"


def _cell(slug: str, tag: str = "parameters") -> str:
    notebook = json.loads(get_method(slug).notebook.read_text(encoding="utf-8"))
    return "".join(
        "".join(c["source"]) for c in notebook["cells"] if tag in (c["metadata"].get("tags") or [])
    )


def _code(slug: str) -> str:
    notebook = json.loads(get_method(slug).notebook.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")


@pytest.mark.parametrize("slug", list(METHODS))
def test_every_method_has_the_contract_files(slug: str) -> None:
    folder = PACKAGE / "methods" / slug
    missing = [name for name in REQUIRED if not (folder / f"{name}.py").is_file()]
    assert missing == [], f"{slug} lacks {missing}"
    module = importlib.import_module(f"labkit.methods.{slug}")
    for name in ("SLUG", "Params", "Inputs", "Result", "load_inputs", "analyse", "key_figures"):
        assert hasattr(module, name), f"labkit.methods.{slug} does not export {name}"
    assert module.SLUG == slug
    assert issubclass(module.Params, MethodParams)
    assert list(inspect.signature(module.load_inputs).parameters) == ["ctx", "params"]
    assert list(inspect.signature(module.analyse).parameters) == ["inputs", "params"]
    assert list(inspect.signature(module.key_figures).parameters) == ["result"]
    # Each of these lives in the file of its name.
    assert module.Params.__module__ == f"labkit.methods.{slug}.params"
    assert module.load_inputs.__module__ == f"labkit.methods.{slug}.inputs"
    assert module.analyse.__module__ == f"labkit.methods.{slug}.analysis"
    assert module.key_figures.__module__ == f"labkit.methods.{slug}.figures"
    extra = sorted(p.stem for p in folder.glob("*.py")) + sorted(
        p.name for p in folder.iterdir() if p.is_dir()
    )
    assert all(isinstance(name, str) for name in extra)  # any further files are the method's own helpers


@pytest.mark.parametrize("slug", list(METHODS))
def test_the_notebook_parameters_cell_is_derived_from_params(slug: str) -> None:
    """One source of truth: the cell a user edits equals what Params declares (name, type, default, help)."""
    module = importlib.import_module(f"labkit.methods.{slug}")
    assert _cell(slug).strip() == module.Params.parameters_cell()
    declared = {item.name for item in module.Params.declared()}
    runner = {"kommun", "source", "data_dir", "lang", "out_dir"}
    assert set(notebook_parameters(get_method(slug).notebook)) == declared | runner


@pytest.mark.parametrize("slug", list(METHODS))
def test_the_notebook_opens_records_and_reads_through_the_contract(slug: str) -> None:
    code = _code(slug)
    assert f'ctx = lab.open("{slug}", globals())' in code
    assert "ctx.record(result)" in code
    assert f"{slug}.load_inputs(ctx, params)" in code
    assert "from_context" not in code and "from_notebook" not in code


def test_params_help_is_english_and_every_default_passes_its_check() -> None:
    for slug in METHODS:
        module = importlib.import_module(f"labkit.methods.{slug}")
        for item in module.Params.declared():
            help_text = item.metadata["help"]
            assert help_text.isascii(), f"{slug}.{item.name}: help is not plain English: {help_text!r}"
        module.Params(kommun_kod="region" if module.Params.REGION_SCOPE else "1402")


def _imports(path: Path, name: str) -> set[str]:
    """Every labkit module ``path`` imports, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {item for item in found if item.startswith("labkit")}


def _graph() -> dict[str, set[str]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    return {
        name: {m for m in _imports(path, name) if m in modules and m != name}
        for name, path in modules.items()
    }


def test_no_import_cycle_among_the_methods_modules() -> None:
    """No cycle of imports (also inside functions) through a method's modules; a package's __init__ re-exports
    its modules and is imported by none of them."""
    graph = _graph()
    methods = {name for name in graph if name.startswith("labkit.methods.") and name != "labkit.methods.base"}
    cycles = []

    def visit(node: str, stack: list[str], seen: set[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt not in methods:
                continue
            if nxt in stack:
                cycles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in seen:
                seen.add(nxt)
                visit(nxt, [*stack, nxt], seen)

    for start in sorted(methods):
        visit(start, [start], {start})
    assert sorted(set(cycles))[:5] == []


def test_optional_modules_are_named_as_the_contract_says() -> None:
    """A method's record kinds, workshop views and example records live in its own folder under these
    names."""
    assert OPTIONAL == ("kinds", "widgets", "examples")
    for slug in METHODS:
        folder = PACKAGE / "methods" / slug
        for stray in ("widget", "widgets_" + slug, "example_records"):
            assert not (folder / f"{stray}.py").exists(), f"{slug}/{stray}.py: use the contract's names"
