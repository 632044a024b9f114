"""Tests of labkit.serve: the JupyterLab and Voila commands, the workshop notebook and the start notebook."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest

from labkit import serve
from labkit.cli import build_parser
from labkit.errors import ConfigError
from labkit.registry import METHODS, NOTEBOOKS

TOKEN = "t" * 24


def test_lab_server_command() -> None:
    server = serve.lab_server(port=8890, token=TOKEN, open_browser=False)
    assert server.command[:3] == [sys.executable, "-m", "jupyterlab"]
    assert {
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=8890",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={NOTEBOOKS}",
        "--ServerApp.open_browser=False",
        "--LabApp.default_url=/lab/tree/start.ipynb",
        "--KernelManager.transport=ipc",
    } <= set(server.command)
    assert server.url == f"http://127.0.0.1:8890/lab/tree/start.ipynb?token={TOKEN}"


def test_a_fresh_token_each_time() -> None:
    first, second = serve.lab_server().token, serve.lab_server().token
    assert first != second and re.fullmatch(r"[A-Za-z0-9_-]{32}", first)


def test_workshop_server_writes_the_view(tmp_path: Path) -> None:
    server = serve.workshop_server(
        "cocreation",
        "1402",
        journal="/x/j.sqlite",
        workshop="W1",
        port=8870,
        token=TOKEN,
        open_browser=False,
        folder=tmp_path,
    )
    notebook = tmp_path / "cocreation-1402.ipynb"
    assert server.command[:4] == [sys.executable, "-m", "voila", str(notebook)]
    assert {
        "--Voila.ip=127.0.0.1",
        "--port=8870",
        f"--token={TOKEN}",
        "--strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
    } <= set(server.command)
    assert server.url == f"http://127.0.0.1:8870/?token={TOKEN}"
    cells = nbformat.read(notebook, as_version=4).cells
    assert [c.cell_type for c in cells] == ["markdown", "code"]
    assert cells[0].source == "# " + METHODS["cocreation"].title_sv
    assert cells[1].source == (
        "from labkit.serve import workshop_view\n\nworkshop_view('cocreation', '1402', "
        "lang='sv', journal='/x/j.sqlite', workshop='W1')"
    )


def test_workshop_view_is_the_board(tmp_path: Path) -> None:
    from labkit.methods.cocreation.widgets import WorkshopBoard

    board = serve.workshop_view("cocreation", "1402", journal=str(tmp_path / "j.sqlite"), workshop="W1")
    assert isinstance(board, WorkshopBoard)
    assert board.journal.workshop == "W1" and board.journal.path == tmp_path / "j.sqlite"
    assert not (tmp_path / "j.sqlite").exists()  # showing the forms writes nothing


def test_method_without_workshop_view() -> None:
    with pytest.raises(ConfigError) as err:
        serve.check_workshop_method("evaluation")
    assert str(err.value) == (
        "parameter 'SLUG': method has no workshop view: expected one of "
        + ", ".join(serve.workshop_methods())
        + "; found 'evaluation'."
    )
    assert "cocreation" in serve.workshop_methods()


def test_unknown_method() -> None:
    with pytest.raises(ConfigError) as err:
        serve.workshop_server("nope", "1402", token=TOKEN)
    assert (
        str(err.value)
        == "parameter 'method': unknown method: expected one of " + ", ".join(METHODS) + "; found 'nope'."
    )


@pytest.mark.parametrize(("port", "found"), [(80, "80"), (70000, "70000")])
def test_bad_port(port: int, found: str) -> None:
    with pytest.raises(ConfigError) as err:
        serve.lab_server(port=port)
    assert str(err.value) == (
        f"option '--port': invalid port: expected a whole number from 1024 to 65535; found {found}."
    )


def test_bad_token() -> None:
    with pytest.raises(ConfigError) as err:
        serve.lab_server(token="short")
    assert str(err.value) == (
        "option '--token': invalid token: expected 16 to 128 letters, digits, - or _; found 'short'."
    )


def test_cli_wiring() -> None:
    args = build_parser().parse_args(
        ["workshop", "cocreation", "--kommun", "1402", "--port", "9000", "--no-browser"]
    )
    assert (args.func, args.slug, args.kommun, args.port, args.no_browser) == (
        serve.cmd_workshop,
        "cocreation",
        "1402",
        9000,
        True,
    )
    args = build_parser().parse_args(["lab"])
    assert (args.func, args.port, args.token) == (serve.cmd_lab, 8888, None)


def test_start_notebook_links_every_method_in_order() -> None:
    notebook = nbformat.read(NOTEBOOKS / serve.START_NOTEBOOK, as_version=4)
    assert [c.cell_type for c in notebook.cells] == [
        "markdown",
        "markdown",
        "code",
        "markdown",
        "markdown",
        "code",
    ]
    assert [c.metadata.get("tags") for c in notebook.cells if c.cell_type == "markdown"] == [
        ["lang-sv"],
        ["lang-en"],
        ["lang-sv"],
        ["lang-en"],
    ]  # every text in Swedish and in English
    assert "parameters" in notebook.cells[2].metadata["tags"]
    text = notebook.cells[0].source
    assert "målgrupper → medskapande → prototyper → utvärdering" in text
    links = re.findall(r"\]\(([a-z_]+)\.ipynb\)", text)
    assert links[:4] == ["target_groups", "cocreation", "prototyping", "evaluation"]
    assert sorted(links) == sorted(METHODS)


def test_start_notebook_overview_marks_existing_reports(tmp_path) -> None:
    from labkit.registry import overview

    (tmp_path / "1462").mkdir()
    (tmp_path / "1462" / "cocreation.html").write_text("<html></html>")
    (tmp_path / "regional.html").write_text("<html></html>")
    table = overview("1462", tmp_path)
    assert list(table.columns) == ["Metod", "Anteckningsbok", "Rapport"]
    marked = dict(zip(table["Anteckningsbok"], table["Rapport"], strict=True))
    assert marked == {
        f"{slug}.ipynb": "finns" if slug in ("cocreation", "regional") else "–" for slug in METHODS
    }


def test_every_workshop_view_is_named_in_the_registry() -> None:
    """serve finds a method's workshop view through ``Method.workshop``, with no per-method branch."""
    assert serve.workshop_methods() == [slug for slug, method in METHODS.items() if method.workshop]
    assert set(serve.workshop_methods()) == {"cocreation", "prototyping", "ska"}
    for slug in serve.workshop_methods():
        assert callable(serve.workshop_function(slug)), slug
    assert serve.workshop_function("ska").__module__ == "labkit.methods.ska.widgets"


def test_ska_workshop_view_has_a_live_heatmap(tmp_path: Path) -> None:
    import ipywidgets as w

    from labkit.capture.journal import LabJournal
    from labkit.methods.ska.widgets import SkaBoard, live_board

    view = serve.workshop_view("ska", "1402", journal=str(tmp_path / "j.sqlite"), workshop="W1")
    assert isinstance(view, w.VBox) and isinstance(view.children[0], w.Tab)
    assert view.children[1].value == "<h3>Värmekarta (senaste bedömning per ruta)</h3>"
    assert view.children[2].value.count("<table class='labkit-heatmap'") == 3
    assert view.children[2].value.count("<td style='min-width:3em'></td>") == 3 * 5 * 4  # nothing assessed
    assert not (tmp_path / "j.sqlite").exists()  # showing the forms writes nothing
    board = SkaBoard(LabJournal(tmp_path / "k.sqlite"), lang="en")
    live = live_board(board)
    assert live.children[1].value == "<h3>Heatmap (latest assessment per cell)</h3>"
    board.matrix.cells[("Samspel", "Närmiljö")].value = "+"
    board.matrix.buttons[("Samspel", "Närmiljö")].click()
    inventory = live.children[2].value.split("</table>")[0]
    assert inventory.count("background:#8fd19e'>+</td>") == 1
    row = inventory.split("<tr><th>Samspel</th>")[1].split("</tr>")[0]
    assert row == (
        "<td style='min-width:3em'></td>"
        "<td style='min-width:3em;text-align:center;background:#8fd19e'>+</td>"
        + "<td style='min-width:3em'></td>"
        * 2
    )
