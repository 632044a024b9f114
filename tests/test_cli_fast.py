"""The CLI answers at once: --version, --help and params import no heavy module; lazy commands still work."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from labkit.cli import LAZY_COMMANDS, build_parser, main
from labkit.errors import ConfigError
from labkit.registry import NOTEBOOKS
from labkit.runner.params import notebook_parameters

ROOT = Path(__file__).resolve().parents[1]

#: Modules that take from a tenth of a second to seconds to import; none belongs in a quick answer.
HEAVY = (
    "nbformat",
    "papermill",
    "pandas",
    "numpy",
    "matplotlib",
    "jupyter_client",
    "nbclient",
    "ipywidgets",
    "jsonschema",
    "pyarrow",
    "geopandas",
    "scipy",
    "seaborn",
    "tornado",
    "traitlets",
    "dask",
    "jinja2",
    "sqlite3",
    "labkit.capture",
    "labkit.scaffold",
    "labkit.serve",
    "labkit.handouts",
)

_PROBE = """
import json, sys
before = set(sys.modules)
from labkit.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as exit:
    status = exit.code
print(json.dumps({"status": status, "new": sorted(set(sys.modules) - before), "all": sorted(sys.modules)}))
"""


def _modules_after(*argv: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(proc.stdout.splitlines()[-1])


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


@pytest.mark.parametrize(
    "argv", [["--version"], ["--help"], ["params", "target_groups"], ["params", "cocreation"]]
)
def test_quick_commands_import_no_heavy_module(argv: list[str]) -> None:
    found = _modules_after(*argv)
    assert found["status"] == 0
    assert _heavy(found["all"]) == []
    # the labkit modules --version needs: the package, its CLI and errors; nothing else
    if argv == ["--version"]:
        assert [m for m in found["new"] if m.startswith("labkit")] == [
            "labkit",
            "labkit.cli",
            "labkit.errors",
        ]
        assert len(found["new"]) < 40, found["new"]


def test_list_imports_no_notebook_or_jupyter_module() -> None:
    found = _modules_after("list")
    assert found["status"] == 0
    assert [m for m in _heavy(found["all"]) if m.split(".")[0] not in ("pandas", "numpy", "pyarrow")] == []


def test_a_lazy_command_imports_only_its_own_module() -> None:
    found = _modules_after("new-method", "--help")
    assert found["status"] == 0
    assert "labkit.scaffold" in found["all"] and "labkit.serve" not in found["all"]
    assert "labkit.capture" not in found["all"]


def _help_lines(parser) -> dict[str, str]:
    sub = next(a for a in parser._actions if a.dest == "command")
    return {action.dest: action.help for action in sub._choices_actions}


def test_lazy_help_lines_are_the_modules_own() -> None:
    light, full = _help_lines(build_parser([])), _help_lines(build_parser())
    assert light == full
    assert list(light) == ["run", "list", "params", "data", "fetch", *LAZY_COMMANDS]


@pytest.mark.parametrize("name", list(LAZY_COMMANDS))
def test_each_lazy_command_is_built_when_named(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([name, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: labkit {name} ") and "--" in out  # its own options, not a stub


def test_lab_help_names_lan(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["lab", "--help"])
    assert "--lan" in capsys.readouterr().out


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_parameters_agree_with_papermill(notebook: Path) -> None:
    import papermill

    expected = [
        (p["name"], p["inferred_type_name"], p["default"], p["help"])
        for p in papermill.inspect_notebook(str(notebook)).values()
    ]
    found = [(p.name, p.type, p.default, p.help) for p in notebook_parameters(notebook).values()]
    assert found == expected and len(found) >= 1


def _notebook(tmp_path: Path, source: str | list[str], tags: tuple[str, ...] = ("parameters",)) -> Path:
    path = tmp_path / "n.ipynb"
    path.write_text(
        json.dumps(
            {
                "cells": [
                    {"cell_type": "markdown", "metadata": {}, "source": "# t"},
                    {
                        "cell_type": "code",
                        "metadata": {"tags": list(tags)},
                        "source": source,
                        "outputs": [],
                        "execution_count": None,
                    },
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )
    return path


def test_parameters_from_a_list_source_with_a_multiline_value(tmp_path: Path) -> None:
    path = _notebook(
        tmp_path,
        [
            'kommun: str = "1402"  # code\n',
            "\n",
            "# a comment\n",
            "n: int = (1 +\n",
            "   2)  # two lines\n",
            'x: "float" = 0.5\n',
        ],
    )
    assert [tuple(vars(p).values()) for p in notebook_parameters(path).values()] == [
        ("kommun", "str", '"1402"', "code"),
        ("n", "int", "(1 +\n   2)", "two lines"),
        ("x", "float", "0.5", ""),
    ]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            'kommun: str = "1402"\nprint(kommun)\n',
            (
                "line 2: cannot parse parameter line: expected 'name: type = value  # help'; found "
                "'print(kommun)'."
            ),
        ),
        (
            'kommun: str = "1402"\nyear: int = = 3\n',
            (
                "line 2: cannot parse parameter line: expected 'name: type = value  # help'; found 'year: "
                "int = = 3'."
            ),
        ),
        (
            'kommun: str = "1402"\nareas: list = []  # codes\n',
            (
                "line 2, parameter 'areas': unsupported parameter type: expected one of str, int, float, "
                "bool; found 'list'."
            ),
        ),
        (
            "kommun = '1402'\n",
            (
                "line 1, parameter 'kommun': unsupported parameter type: expected one of str, int, float, "
                "bool; found 'None'."
            ),
        ),
    ],
)
def test_bad_parameter_lines(tmp_path: Path, source: str, message: str) -> None:
    path = _notebook(tmp_path, source)
    with pytest.raises(ConfigError) as err:
        notebook_parameters(path)
    assert str(err.value) == f"{path}, {message}"


def test_notebook_without_parameters_cell(tmp_path: Path) -> None:
    path = _notebook(tmp_path, "x: int = 1\n", tags=())
    with pytest.raises(ConfigError) as err:
        notebook_parameters(path)
    assert (
        str(err.value)
        == f"{path}: notebook has no parameters cell: expected a code cell tagged 'parameters'; "
        "found none."
    )


def test_notebook_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "n.ipynb"
    path.write_text("<html>")
    with pytest.raises(ConfigError) as err:
        notebook_parameters(path)
    assert str(err.value) == (
        f"{path}: cannot read notebook: expected a Jupyter notebook (JSON, nbformat 4); "
        "found JSONDecodeError: Expecting value: line 1 column 1 (char 0)."
    )
