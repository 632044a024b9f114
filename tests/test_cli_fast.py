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


#: The labkit modules each quick command loads, and at most how many modules in all it adds to the interpreter
#: (the standard library's included): ``params`` parses the notebook's first cells itself, ``list`` reads the
#: bundled areas file with the csv module.
QUICK_MODULES = {
    ("--version",): (["labkit", "labkit.cli", "labkit.errors"], 40),
    ("list",): (
        ["labkit", "labkit.cli", "labkit.errors", "labkit.paths", "labkit.registry", "labkit.validators"],
        60,
    ),
    ("params", "cocreation"): (
        [
            "labkit",
            "labkit.cli",
            "labkit.errors",
            "labkit.paths",
            "labkit.registry",
            "labkit.runner",
            "labkit.runner.params",
            "labkit.runner.plan",
        ],
        60,
    ),
}


@pytest.mark.parametrize("argv", list(QUICK_MODULES), ids=" ".join)
def test_quick_commands_count_their_modules(argv: tuple[str, ...]) -> None:
    found = _modules_after(*argv)
    labkit_modules, most = QUICK_MODULES[argv]
    assert found["status"] == 0
    assert [m for m in found["new"] if m.startswith("labkit")] == labkit_modules
    assert len(found["new"]) <= most, found["new"]
    assert _heavy(found["all"]) == []


def test_list_of_the_bundled_source_equals_the_datasets_municipalities(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from labkit.cli import _bundled_municipalities
    from labkit.data.sources import load_source

    frame = load_source("bundled").municipalities()
    assert _bundled_municipalities(None) == list(zip(frame["kommun_kod"], frame["kommun"], strict=True))
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = lines.index("Municipalities in source 'bundled' (5):")
    assert lines[start + 1 :] == [
        f"  {c}  {n}" for c, n in zip(frame["kommun_kod"], frame["kommun"], strict=True)
    ]


def test_list_of_a_bad_bundled_folder_goes_to_the_full_reader(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from labkit.cli import _bundled_municipalities

    (tmp_path / "bundled").mkdir()
    assert _bundled_municipalities(str(tmp_path)) is None  # no areas file
    areas = tmp_path / "bundled" / "areas.csv"
    head = "area_code,area_name,kommun_kod,kommun,level,is_synthetic\n"
    for text in (
        head + "1402X001,A,1402,Partille,RegSO,True\n1402X002,B,1402,Parti11e,RegSO,True\n",  # two names
        head + "1402X001,A,142,Partille,RegSO,True\n",  # not four digits
        head + "1402X001,A,1402,,RegSO,True\n",  # no name
        "area_code,area_name,kommun\n1402X001,A,Partille\n",  # no code column
        head,  # no rows
    ):
        areas.write_text(text, encoding="utf-8")
        assert _bundled_municipalities(str(tmp_path)) is None, text
    areas.write_bytes(b"\xff\xfe")
    assert _bundled_municipalities(str(tmp_path)) is None
    # the full reader then says what is wrong
    assert main(["list", "--data-dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"labkit: error: {areas}, line 1: not UTF-8 text: expected UTF-8; found byte 0xff.\n"
    )


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


def test_labkit_commands_skip_the_format_grammars_jsonschema_would_compile() -> None:
    """nbformat imports jsonschema, which compiles rfc3987_syntax's grammars when that module is installed
    (1.8 CPU s); labkit's commands mark it absent, and notebooks are still validated."""
    code = (
        "import sys\n"
        "from labkit.cli import main\n"
        "main(['list'])\n"
        "import nbformat\n"
        "nb = nbformat.read('notebooks/target_groups.ipynb', as_version=4)\n"
        "nbformat.validate(nb)\n"
        "nb.cells[0]['cell_type'] = 'nonsense'\n"
        "try:\n"
        "    nbformat.validate(nb)\n"
        "except nbformat.ValidationError:\n"
        "    print('invalid notebook refused')\n"
        "print(sorted(m for m in sys.modules if m.startswith('rfc3987')),"
        " sys.modules.get('rfc3987_syntax'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True, timeout=120
    ).stdout
    assert out.splitlines()[-2:] == ["invalid notebook refused", "['rfc3987_syntax'] None"]
