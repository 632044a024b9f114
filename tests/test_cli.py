"""The command line's error paths: exit status 2, one clear message, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from labkit.cli import main
from labkit.registry import METHODS
from labkit.runner.params import describe, notebook_parameters

ROOT = Path(__file__).resolve().parents[1]


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _params_list() -> str:
    return describe(notebook_parameters(METHODS["target_groups"].notebook))


def test_path_traversal_in_municipality_is_rejected(capsys) -> None:
    status, _, err = _run(capsys, "run", "--municipality", "../x")
    assert status == 2
    assert err == (
        "labkit: error: option '--municipality': value would make a path leave its folder: "
        "expected a plain name without '/', '\\' or '..'; found '../x'.\n"
    )


@pytest.mark.parametrize(
    ("value", "resolved"),
    [("../reports", "{parent}/reports"), ("a/../../b", "{parent}/b"), ("..", "{parent}")],
)
def test_out_outside_the_current_folder_is_rejected(
    capsys, monkeypatch, tmp_path: Path, value: str, resolved: str
) -> None:
    monkeypatch.chdir(tmp_path)
    here = tmp_path.resolve()
    status, _, err = _run(capsys, "run", "--out", value)
    assert status == 2
    assert err == (
        "labkit: error: option '--out': output folder would leave the current folder: "
        f"expected a folder inside the current one ({here}), e.g. reports, or an absolute path; "
        f"found '{value}', which resolves to {resolved.format(parent=here.parent)}.\n"
    )


def test_out_through_a_symlink_out_of_the_current_folder_is_rejected(
    capsys, monkeypatch, tmp_path: Path
) -> None:
    (tmp_path / "work").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "work" / "reports").symlink_to(tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path / "work")
    here = (tmp_path / "work").resolve()
    for value in ("reports", "reports/run1"):
        status, _, err = _run(capsys, "run", "--out", value)
        assert status == 2
        assert err == (
            "labkit: error: option '--out': output folder would leave the current folder: "
            f"expected a folder inside the current one ({here}), e.g. reports, or an absolute path; "
            f"found '{value}', which resolves to {tmp_path.resolve() / 'elsewhere' / value[8:]}".rstrip("/")
            + ".\n"
        )
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_out_symlink_loop_is_rejected(capsys, monkeypatch, tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    monkeypatch.chdir(tmp_path)
    status, _, err = _run(capsys, "run", "--out", "loop/x")
    assert status == 2
    assert err == (
        "labkit: error: option '--out': cannot resolve the output folder: expected a folder "
        "without a symlink loop; found 'loop/x', which runs into a loop.\n"
    )


def test_out_inside_the_current_folder_and_absolute_out_are_accepted(monkeypatch, tmp_path: Path) -> None:
    from labkit.runner.plan import check_out_dir

    (tmp_path / "work" / "sub").mkdir(parents=True)
    (tmp_path / "work" / "inner").symlink_to(tmp_path / "work" / "sub")
    monkeypatch.chdir(tmp_path / "work")
    assert check_out_dir("reports") == Path("reports")
    assert check_out_dir("inner/reports") == Path("inner/reports")  # a link that stays inside
    assert check_out_dir("a/../reports") == Path("a/../reports")
    assert check_out_dir(str(tmp_path / "elsewhere")) == tmp_path / "elsewhere"  # named absolutely: allowed
    assert check_out_dir("~/labkit-reports") == Path.home() / "labkit-reports"


def test_absolute_out_passes_the_check(capsys, tmp_path: Path) -> None:
    status, _, err = _run(capsys, "run", "--out", str(tmp_path / "reports"), "--method", "nope")
    assert status == 2
    assert err == (
        "labkit: error: parameter 'method': unknown method: expected one of "
        + ", ".join(METHODS)
        + "; found 'nope'.\n"
    )


def test_empty_out_is_rejected(capsys) -> None:
    status, _, err = _run(capsys, "run", "--out", "")
    assert status == 2
    assert err == (
        "labkit: error: option '--out': empty output folder name: expected a folder such as reports; found "
        "''.\n"
    )


def test_method_with_a_slash_is_rejected(capsys) -> None:
    status, _, err = _run(capsys, "run", "--method", "target_groups/../x")
    assert status == 2
    assert err == (
        "labkit: error: option '--method': value would make a path leave its folder: "
        "expected a plain name without '/', '\\' or '..'; found 'target_groups/../x'.\n"
    )


def test_unknown_method_lists_the_methods(capsys) -> None:
    status, _, err = _run(capsys, "run", "--method", "nope")
    assert status == 2
    assert err == (
        "labkit: error: parameter 'method': unknown method: expected one of "
        + ", ".join(METHODS)
        + "; found 'nope'.\n"
    )


def test_unknown_parameter_lists_names_and_types(capsys) -> None:
    status, _, err = _run(capsys, "run", "-p", "no_such_parameter=1")
    assert status == 2
    assert err == (
        "labkit: error: parameter 'no_such_parameter': unknown parameter for method "
        f"'target_groups': expected one of {_params_list()}; found 'no_such_parameter'.\n"
    )


def test_wrong_type_names_the_type_and_help(capsys) -> None:
    status, _, err = _run(capsys, "run", "-p", "threshold=high")
    help_text = notebook_parameters(METHODS["target_groups"].notebook)["threshold"].help
    assert status == 2
    assert err == (
        "labkit: error: parameter 'threshold': wrong type for parameter: expected float "
        f"({help_text}); found 'high'. Set it as -p threshold=<float>.\n"
    )


def test_runner_parameters_cannot_be_set_with_p(capsys) -> None:
    status, _, err = _run(capsys, "run", "-p", "kommun=0114")
    assert status == 2
    assert err == (
        "labkit: error: parameter 'kommun': parameter is set by a labkit option, not with -p: "
        "expected --municipality, --source, --data-dir, --lang or --out; found -p kommun=....\n"
    )


def test_unknown_municipality_lists_the_forms_and_choices(capsys) -> None:
    status, _, err = _run(capsys, "run", "--municipality", "9999")
    assert status == 2
    assert err == (
        "labkit: error: option '--municipality': unknown municipality or selection: expected a "
        "municipality code (4 digits, as text) or name; 'all' (every municipality of the source); a "
        "county as län:<code> or its name (e.g. län:14 or 'Västra Götalands län'); or a named set (GR); "
        "municipalities of source 'bundled': 1402 Partille, 1415 Stenungsund, 1441 Lerum, "
        "1462 Lilla Edet, 1482 Kungälv; found '9999'.\n"
    )


def test_unknown_language(capsys) -> None:
    status, _, err = _run(capsys, "run", "--lang", "de")
    assert status == 2
    assert err == "labkit: error: parameter 'lang': unknown language: expected one of sv, en; found 'de'.\n"


def test_no_traceback_from_the_installed_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "labkit", "run", "-p", "no_such_parameter=1"],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("labkit: error: parameter 'no_such_parameter'")


def test_list_shows_methods_and_municipalities(capsys) -> None:
    status, out, _ = _run(capsys, "list")
    assert status == 0
    assert "target_groups" in out and "1462  Lilla Edet" in out


def test_params_prints_each_parameter(capsys) -> None:
    status, out, _ = _run(capsys, "params", "target_groups")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["name", "type", "default", "help"]
    assert lines[1].split()[:3] == ["kommun", "str", '"1402"']


def _exports_with(tmp_path: Path, name: str, content: bytes, scb_dir: Path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    for source in scb_dir.glob("*.csv"):
        (folder / source.name).symlink_to(source)  # read in place, never copied
    (folder / name).write_bytes(content)
    return folder


def test_data_check_on_an_html_page_exits_2_naming_the_file(capsys, tmp_path: Path, scb_dir: Path) -> None:
    folder = _exports_with(
        tmp_path, "befolkning.csv", b"<!DOCTYPE html><html><body>502</body></html>", scb_dir
    )
    status, _, err = _run(capsys, "data", "check", "--source", "scb-exports", "--data-dir", str(folder))
    assert status == 2
    assert err == (
        f"labkit: error: {folder / 'befolkning.csv'}: the file is an HTML page, not a CSV table: "
        "expected a CSV export from Statistikdatabasen; found '<!DOCTYPE html><html><body>502</body></h'. "
        "The download probably failed or saved an error page; export the table again as CSV.\n"
    )


def test_data_check_on_an_empty_file_exits_2_naming_the_file(capsys, tmp_path: Path, scb_dir: Path) -> None:
    folder = _exports_with(tmp_path, "tom.csv", b"", scb_dir)
    status, _, err = _run(capsys, "data", "check", "--source", "scb-exports", "--data-dir", str(folder))
    assert status == 2
    assert err == (
        f"labkit: error: {folder / 'tom.csv'}: the file is empty: expected a CSV export with a "
        "header line and data rows; found 0 bytes.\n"
    )


def test_data_check_csv_starts_with_the_exact_columns(capsys, scb_dir: Path) -> None:
    status, out, _ = _run(
        capsys, "data", "check", "--source", "scb-exports", "--data-dir", str(scb_dir), "--csv"
    )
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "kommun_kod,year,areas,population"
    assert "1462,2023,8,14426" in lines


def test_handouts_out_through_a_symlink_is_rejected(capsys, monkeypatch, tmp_path: Path) -> None:
    (tmp_path / "work").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "work" / "handouts").symlink_to(tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path / "work")
    here = (tmp_path / "work").resolve()
    status, _, err = _run(
        capsys, "handouts", "brainwriting", "--kommun", "1402", "--blank", "--out", "handouts"
    )
    assert status == 2
    assert err == (
        "labkit: error: option '--out': output folder would leave the current folder: "
        f"expected a folder inside the current one ({here}), e.g. reports, or an absolute path; "
        f"found 'handouts', which resolves to {tmp_path.resolve() / 'elsewhere'}.\n"
    )
    assert list((tmp_path / "elsewhere").iterdir()) == []
    status, out, _ = _run(
        capsys, "handouts", "brainwriting", "--kommun", "1402", "--blank", "--out", "sheets"
    )
    assert status == 0 and out == f"{Path('sheets') / 'brainwriting_1402_blank.html'}\n"
    assert (here / "sheets" / "brainwriting_1402_blank.html").is_file()


def test_out_folder_with_a_backslash_is_refused(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--out", "\\..", "--method", "ska", "--municipality", "1402"]) == 2
    assert capsys.readouterr().err == (
        "labkit: error: option '--out': invalid output folder name: expected folder names separated by / "
        "(no backslash); found '\\\\..'.\n"
    )
    assert list(tmp_path.iterdir()) == []
