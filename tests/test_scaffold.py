"""``labkit new-method``: slug and title checks, and a scaffolded method that runs and passes its own
tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from labkit import scaffold
from labkit.cli import main
from labkit.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
#: What a scaffolded method needs from the checkout (copied, so the real tree is never written).
COPIED = (
    "labkit",
    "notebooks",
    "templates",
    "data",
    "pyproject.toml",
    "tests/conftest.py",
    "tests/test_notebook_rules.py",
    "tests/test_contract.py",
    "tests/report_checker.py",
)
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")


def _copy_project(target: Path) -> Path:
    for rel in COPIED:
        source = ROOT / rel
        if source.is_dir():
            shutil.copytree(source, target / rel, ignore=IGNORE)
        else:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / rel)
    return target


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the files a scaffold reads and writes (templates, registry, notebooks, tests)."""
    root = tmp_path / "project"
    (root / "labkit").mkdir(parents=True)
    shutil.copytree(ROOT / "templates", root / "templates", ignore=IGNORE)
    shutil.copy2(ROOT / "labkit" / "registry.py", root / "labkit" / "registry.py")
    for rel in ("labkit/methods", "notebooks", "tests"):
        (root / rel).mkdir(parents=True, exist_ok=True)
    (root / "labkit" / "methods" / "target_groups").mkdir()
    (root / "notebooks" / "clash.ipynb").write_text("{}", encoding="utf-8")
    return root


def _refusal(project: Path, slug: str) -> str:
    with pytest.raises(ConfigError) as err:
        scaffold.new_method(slug, "Titel", root=project)
    return str(err.value)


NAME_RULE = (
    "expected a lowercase Python identifier of at most 40 characters: a letter, then letters, digits or "
    "'_' (e.g. pilot_study), not a Python keyword"
)


@pytest.mark.parametrize(
    "slug", ["Pilot", "2pilot", "pilot-study", "pilot study", "class", "_pilot", "pilot.x", "a" * 41, "pilöt"]
)
def test_a_slug_that_is_not_a_lowercase_identifier_is_refused(project: Path, slug: str) -> None:
    assert _refusal(project, slug) == f"parameter 'SLUG': invalid method name: {NAME_RULE}; found {slug!r}."


@pytest.mark.parametrize("slug", ["../evil", "a/b", "..", "a\\b", "/abs"])
def test_a_path_trick_is_refused(project: Path, slug: str) -> None:
    assert _refusal(project, slug) == (
        "parameter 'SLUG': value would make a path leave its folder: expected a "
        f"plain name without '/', '\\' or '..'; found {slug!r}."
    )


def test_a_registered_name_is_refused(project: Path) -> None:
    assert _refusal(project, "cocreation") == (
        f"{project / 'labkit' / 'registry.py'}, parameter 'SLUG': method "
        "already exists: expected a name not in METHODS; found 'cocreation'."
    )


def test_a_name_whose_files_exist_is_refused(project: Path) -> None:
    assert _refusal(project, "clash") == (
        f"{project / 'notebooks' / 'clash.ipynb'}, parameter 'SLUG': the new method would overwrite a file: "
        "expected a name whose module, notebook and test do not exist yet; found 'clash'."
    )


def test_a_name_whose_test_would_clash_with_a_test_module_is_refused(project: Path) -> None:
    (project / "tests" / "test_cli.py").write_text("", encoding="utf-8")
    assert _refusal(project, "cli") == (
        f"{project / 'tests' / 'test_cli.py'}, parameter 'SLUG': the new method would overwrite a file: "
        "expected a name whose module, notebook and test do not exist yet; found 'cli'."
    )


def test_the_test_goes_to_tests_methods(project: Path) -> None:
    plan = scaffold.new_method("pilot_study", "Pilotstudie", root=project)
    assert plan.test == Path("tests") / "methods" / "test_pilot_study.py"
    assert sorted(p.name for p in (project / "tests" / "methods").iterdir()) == ["test_pilot_study.py"]
    assert not (project / "tests" / "test_pilot_study.py").exists()


@pytest.mark.parametrize("title", ["", "  ", 'Säg "hej"', "två\nrader", "a\\b", "x" * 121])
def test_an_unusable_title_is_refused(project: Path, title: str) -> None:
    with pytest.raises(ConfigError) as err:
        scaffold.new_method("pilot_study", title, root=project)
    assert str(err.value) == (
        "option '--title': invalid title: expected one line of 1 to 120 printable "
        f"characters without '\"' or '\\'; found {title!r}."
    )
    assert not (project / "labkit" / "methods" / "pilot_study").exists()


def test_an_unknown_needed_method_is_refused_with_the_allowed_ones(project: Path) -> None:
    with pytest.raises(ConfigError) as err:
        scaffold.new_method("pilot_study", "Pilotstudie", needs=("malgrupper",), root=project)
    allowed = [slug for slug in scaffold.registered_slugs(project) if slug != "regional"]
    assert str(err.value) == (
        f"option '--needs': unknown method: expected one of {', '.join(allowed)}; found 'malgrupper'."
    )
    assert not (project / "labkit" / "methods" / "pilot_study").exists()


def test_the_cli_refuses_with_exit_status_2_and_one_line(capsys) -> None:
    assert main(["new-method", "../evil", "--title", "Ond"]) == 2
    assert main(["new-method", "target_groups", "--title", "Igen"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        (
            "labkit: error: parameter 'SLUG': value would make a path leave its folder: expected a plain "
            "name without '/', '\\' or '..'; found '../evil'."
        ),
        (
            f"labkit: error: {ROOT / 'labkit' / 'registry.py'}, parameter 'SLUG': method already exists: "
            "expected a name not in METHODS; found 'target_groups'."
        ),
    ]


def test_the_registry_gets_one_entry_before_the_closing_brace(project: Path) -> None:
    before = (project / "labkit" / "registry.py").read_text(encoding="utf-8")
    scaffold.new_method(
        "pilot_study", "Pilotstudie", title_en="Pilot study", needs=("target_groups",), root=project
    )
    after = (project / "labkit" / "registry.py").read_text(encoding="utf-8")
    entry = (
        '    "pilot_study": Method(\n        "pilot_study",\n        "Pilotstudie",\n        "Pilot study",\n'
        '        needs=("target_groups",),\n    ),\n'
    )
    closing = before.index("\n}\n", before.index(scaffold.METHODS_OPENER)) + 1
    assert after == before[:closing] + entry + before[closing:]
    assert scaffold.registered_slugs(project)[-1] == "pilot_study"
    files = [f"labkit/methods/pilot_study/{name}" for name in scaffold.PACKAGE_FILES]
    for rel in (*files, "notebooks/pilot_study.ipynb", "tests/methods/test_pilot_study.py"):
        text = (project / rel).read_text(encoding="utf-8")
        assert "__SLUG__" not in text and "__TITLE" not in text and "__NEEDS__" not in text
    named = ("__init__.py", "inputs.py", "analysis.py", "figures.py", "display.py")
    for rel in (*(f"labkit/methods/pilot_study/{n}" for n in named), "notebooks/pilot_study.ipynb"):
        assert "pilot_study" in (project / rel).read_text(encoding="utf-8"), rel
    inputs = (project / "labkit/methods/pilot_study/inputs.py").read_text(encoding="utf-8")
    assert 'NEEDS: tuple[str, ...] = ("target_groups",)' in inputs


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd), "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.notebooks
def test_a_scaffolded_method_runs_and_passes_its_tests(tmp_path: Path) -> None:
    copy = _copy_project(tmp_path / "clone")
    args = ["-m", "labkit", "new-method", "pilot_study", "--title", "Pilotstudie", "--needs", "target_groups"]
    done = _run(args, copy)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "labkit/methods/pilot_study",
        "notebooks/pilot_study.ipynb",
        "tests/methods/test_pilot_study.py",
        "labkit/registry.py",
    ]
    where = _run(["-c", "import labkit; print(labkit.__file__)"], copy)
    assert where.stdout.strip() == str(copy / "labkit" / "__init__.py")
    tests = _run(
        [
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/methods/test_pilot_study.py",
            "tests/test_notebook_rules.py",
            "tests/test_contract.py",
            "-k",
            "pilot_study",
        ],
        copy,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    # its own tests (one per contract file, and the upstream reason), its notebook rules and contract tests
    assert tests.stdout.splitlines()[-1].startswith("17 passed"), tests.stdout
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "labkit/methods/pilot_study", "tests/methods"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout
    run = _run(
        ["-m", "labkit", "run", "--method", "pilot_study", "--municipality", "1402", "--out", "r"], copy
    )
    assert run.returncode == 0, run.stderr
    assert (copy / "r" / "1402" / "pilot_study.results.json").is_file()
    assert (copy / "r" / "1402" / "pilot_study.html").is_file()
    # It needs target_groups: the runner ran that job first and handed its result over.
    assert (copy / "r" / "1402" / "target_groups.result.pickle").is_file()
    assert "har inte körts" not in (copy / "r" / "1402" / "pilot_study.html").read_text(encoding="utf-8")


def test_the_longest_slug_gives_files_within_the_line_length(project: Path) -> None:
    """Every scaffolded line fits the line length (110) even with a slug of the longest length; the other
    rules are checked on a real scaffold in test_a_scaffolded_method_runs_and_passes_its_tests."""
    slug = "a" * scaffold.MAX_SLUG
    plan = scaffold.new_method(slug, "Titel", needs=("target_groups",), root=project)
    lint = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--select",
            "E501",
            "--config",
            str(ROOT / "pyproject.toml"),
            str(plan.module),
            str(plan.test),
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout
