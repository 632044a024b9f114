"""The Makefile takes python3 (or PYTHON=...) and stops with the supported versions, without a traceback,
when that Python is missing or older than 3.11; pyproject.toml and environment.yml say the same versions.
``make test`` runs the lint (ruff, ruff format, mypy) before the tests, ``.PHONY`` names exactly the command
targets, and the lint tools have one pinned version wherever they are named."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OLD_PYTHON = Path("/root/.pyenv/versions/3.10.13/bin/python3")  # present on this project's machines

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _make(tmp_path: Path, python: str, target: str = "install") -> subprocess.CompletedProcess:
    """``make TARGET PYTHON=python`` on a copy of the Makefile (so no .venv is touched in the project)."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return subprocess.run(
        ["make", "--no-print-directory", target, f"PYTHON={python}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _fake_python(tmp_path: Path, version: str) -> Path:
    """A stand-in interpreter: ``--version`` prints ``version``; any code it is asked to run fails."""
    path = tmp_path / "bin" / "python3"
    path.parent.mkdir()
    path.write_text(
        f'#!/bin/sh\nif [ "$1" = "--version" ]; then echo "Python {version}"; exit 0; fi\nexit 1\n'
    )
    path.chmod(0o755)
    return path


def test_an_old_python_stops_with_the_supported_versions(tmp_path: Path) -> None:
    python = _fake_python(tmp_path, "3.9.18")
    proc = _make(tmp_path, str(python))
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == (
        f"labkit: {python} is Python 3.9.18; labkit needs Python 3.11, 3.12 or 3.13. Install one of them and "
        "run make again with PYTHON=python3.12 (for example)."
    )
    assert "Traceback" not in proc.stdout + proc.stderr
    assert not (tmp_path / ".venv").exists()


@pytest.mark.skipif(not OLD_PYTHON.is_file(), reason="no Python 3.10 on this machine")
def test_a_real_python_3_10_stops_the_same_way(tmp_path: Path) -> None:
    proc = _make(tmp_path, str(OLD_PYTHON))
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == (
        f"labkit: {OLD_PYTHON} is Python 3.10.13; labkit needs Python 3.11, 3.12 or 3.13. Install one of "
        "them and run make again with PYTHON=python3.12 (for example)."
    )
    assert "Traceback" not in proc.stdout + proc.stderr and not (tmp_path / ".venv").exists()


def test_a_missing_python_is_named(tmp_path: Path) -> None:
    proc = _make(tmp_path, "python3.99")
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == (
        "labkit: python3.99 not found; labkit needs Python 3.11, 3.12 or 3.13. "
        "Name one with PYTHON=python3.12."
    )


def test_this_python_passes_the_check(tmp_path: Path) -> None:
    proc = _make(tmp_path, sys.executable, target="check-python")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


def test_the_default_is_python3() -> None:
    assert "PYTHON ?= python3\n" in (ROOT / "Makefile").read_text()


def test_requires_python_and_markers() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    dev = project["optional-dependencies"]["dev"]
    for old, new in [
        ("segregation==2.5.4", "segregation==2.6.0"),
        ("libpysal==4.14.1", "libpysal==4.15.1"),
        ("inequality==1.1.2", "inequality==1.2.0"),
        ("mapclassify==2.10.0", "mapclassify==2.11.0"),
    ]:
        assert f"{old}; python_version < '3.12'" in dev
        assert f"{new}; python_version >= '3.12'" in dev


def test_markers_pick_one_pin_per_version() -> None:
    from packaging.requirements import Requirement

    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
    for version in ("3.11", "3.12", "3.13"):
        chosen = [
            Requirement(r)
            for r in dev
            if Requirement(r).marker is None or Requirement(r).marker.evaluate({"python_version": version})
        ]
        names = [r.name for r in chosen]
        assert len(names) == len(set(names)), (version, names)
        pins = {r.name: str(r.specifier) for r in chosen}
        assert pins["libpysal"] == ("==4.14.1" if version == "3.11" else "==4.15.1")


def test_environment_yml_allows_the_same_versions() -> None:
    text = (ROOT / "environment.yml").read_text()
    assert "  - python>=3.11,<3.14\n" in text and "      - -e .[dev]\n" in text


def test_phony_names_exactly_the_command_targets() -> None:
    text = (ROOT / "Makefile").read_text()
    phony = re.findall(r"^\.PHONY:(.*)$", text, flags=re.MULTILINE)
    targets = re.findall(r"^([a-z][\w-]*):(?!=)", text, flags=re.MULTILINE)
    assert len(phony) == 1
    assert sorted(phony[0].split()) == sorted(targets)
    assert sorted(targets) == ["benchmark", "check-python", "clean", "install", "lab", "lint", "run", "test"]


def _dry_run(tmp_path: Path, target: str) -> list[str]:
    """The commands ``make -n TARGET`` would run, on a copy of the Makefile (nothing is run)."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    proc = subprocess.run(
        ["make", "--no-print-directory", "-n", target, f"PYTHON={sys.executable}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


def test_make_test_runs_the_lint_before_the_tests(tmp_path: Path) -> None:
    lint = [".venv/bin/ruff check .", ".venv/bin/ruff format --check .", ".venv/bin/mypy"]
    assert _dry_run(tmp_path, "lint")[-3:] == lint
    assert _dry_run(tmp_path, "test")[-4:] == [*lint, ".venv/bin/python -m pytest -n 2 --dist loadgroup -q"]


def test_mypy_checks_the_agreed_paths() -> None:
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert mypy["files"] == [
        "labkit/runner",
        "labkit/capture",
        "labkit/indices.py",
        "labkit/data",
        "labkit/methods/base.py",
        "labkit/validators.py",
        "labkit/paths.py",
        "labkit/handover.py",
        "labkit/fileio.py",
    ]
    assert all((ROOT / path).exists() for path in mypy["files"])


def test_the_lint_tools_are_pinned_to_one_version() -> None:
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["dev"]
    pins = dict(r.split("==") for r in dev if r.startswith(("ruff", "mypy")))
    assert set(pins) == {"ruff", "mypy"}
    environment = (ROOT / "environment.yml").read_text()
    for name, version in pins.items():
        assert f"      - {name}=={version}\n" in environment
    hooks = (ROOT / ".pre-commit-config.yaml").read_text()
    revs = re.findall(r"- repo: https://github.com/astral-sh/ruff-pre-commit\n\s+rev: v(\S+)\n", hooks)
    assert revs == [pins["ruff"]]
    for hook in ("ruff-check", "ruff-format", "nbstripout", "codespell"):
        assert f"- id: {hook}\n" in hooks
