"""Tests of labkit.data.generate: integer building blocks, byte-identical regeneration, --check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import ROOT, SHARED_DATA

from labkit.data import generate as gen
from labkit.errors import InputDataError

DATA = ROOT / "data"


def _owned_files(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix()
        for part in ("bundled", "examples")
        for p in (folder / part).rglob("*")
        if p.is_file() and not p.relative_to(folder).as_posix().startswith("examples/housing_provision/")
    )


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the committed data folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def test_allocate_matches_hand_computed_largest_remainders() -> None:
    assert gen.allocate(10, [1, 1, 1]) == [4, 3, 3]
    # 7 * 2/3 = 4.67 and 7 * 1/3 = 2.33: floors 4 and 2, the leftover unit goes to the larger remainder.
    assert gen.allocate(7, [2, 1]) == [5, 2]
    assert gen.allocate(5, [1, 0, 1]) == [3, 0, 2]
    assert gen.allocate(0, [3, 4]) == [0, 0]


def test_allocate_rejects_weights_without_mass() -> None:
    with pytest.raises(ValueError) as caught:
        gen.allocate(5, [0, 0])
    assert str(caught.value) == "cannot allocate 5 over weights [0, 0]"


def test_dissimilarity_ratio_matches_hand_values() -> None:
    assert gen.dissimilarity_ratio([10, 0], [0, 10]) == 1
    assert gen.dissimilarity_ratio([5, 5], [7, 7]) == 0
    # ½ (|3/4 − 1/4| + |1/4 − 3/4|) = 1/2
    assert gen.dissimilarity_ratio([3, 1], [1, 3]) == Fraction(1, 2)


def test_letters_continue_after_z() -> None:
    assert [gen._letters(i) for i in (0, 1, 25, 26, 27, 51, 52)] == ["A", "B", "Z", "AA", "AB", "AZ", "BA"]


def test_assign_area_type_gives_lowest_types_to_lowest_incomes() -> None:
    types = gen.assign_area_type([3000, 1000, 2000, 4000], ["a", "b", "c", "d"], (1, 1, 0, 2, 0))
    assert types == [4, 1, 2, 4]


def test_assign_area_type_breaks_income_ties_by_code() -> None:
    assert gen.assign_area_type([2000, 2000], ["k2", "k1"], (0, 0, 1, 1, 0)) == [4, 3]


def test_csv_text_uses_newlines_and_minimal_quoting() -> None:
    assert gen.csv_text(["a", "b"], [["x, y", 1], ["z", True]]) == 'a,b\n"x, y",1\nz,True\n'


def test_regenerating_gives_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    written = gen.generate(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == _owned_files(DATA)
    for relative in _owned_files(DATA):
        assert (tmp_path / relative).read_bytes() == (DATA / relative).read_bytes(), relative


def test_generator_reads_only_the_committed_facts(tmp_path: Path) -> None:
    opened: list[str] = []
    recording = [True]

    def hook(event: str, args: tuple) -> None:
        if recording[0] and event == "open" and isinstance(args[0], (str, Path)):
            opened.append(str(args[0]))

    sys.addaudithook(hook)
    try:
        gen.generate(tmp_path)
    finally:
        recording[0] = False
    read = sorted({p for p in opened if p.endswith(".csv") and not p.startswith(str(tmp_path))})
    assert read == [
        str(DATA / "bundled" / "municipality_facts.csv"),
        str(DATA / "bundled" / "municipality_facts_series.csv"),
    ]
    assert not [p for p in opened if p.startswith(str(SHARED_DATA))]


def test_generate_writes_no_temporary_files_behind(tmp_path: Path) -> None:
    gen.generate(tmp_path)
    assert [p.name for p in tmp_path.rglob(".*")] == []


def test_check_finds_committed_data_up_to_date() -> None:
    assert gen.check() == []


def test_check_lists_missing_changed_and_unexpected_files(data_copy: Path) -> None:
    (data_copy / "bundled" / "areas.csv").unlink()
    wage = data_copy / "bundled" / "wage_income.csv"
    wage.write_bytes(wage.read_bytes().replace(b"\n", b"\r\n"))
    (data_copy / "examples" / "1402" / "notes.csv").write_text("x\n", encoding="utf-8")
    assert gen.check(data_copy) == [
        "bundled/areas.csv (missing)",
        "bundled/wage_income.csv",
        "examples/1402/notes.csv (unexpected)",
    ]


def test_check_leaves_the_housing_provision_examples_alone(data_copy: Path) -> None:
    other = data_copy / "examples" / "housing_provision"
    other.mkdir(exist_ok=True)
    (other / "records.csv").write_text("x\n", encoding="utf-8")
    assert gen.check(data_copy) == []
    assert (other / "records.csv").read_text(encoding="utf-8") == "x\n"


def test_main_check_exit_codes_and_output(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert gen.main(["--check", "--out", str(data_copy)]) == 0
    assert capsys.readouterr().out == f"{data_copy}: up to date\n"
    (data_copy / "examples" / "1462" / "votes.csv").write_text("changed\n", encoding="utf-8")
    assert gen.main(["--check", "--out", str(data_copy)]) == 1
    captured = capsys.readouterr()
    assert captured.err == "differs: examples/1462/votes.csv\n"
    assert captured.out == f"{data_copy}: 1 file(s) differ\n"


def test_main_writes_a_fresh_folder_with_the_facts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert gen.main(["--out", str(tmp_path)]) == 0
    # 5 canonical tables + 2 facts files + 5 municipalities × 18 example tables + the examples README,
    # then the 2 accessibility files and the 21 housing-provision example files.
    assert capsys.readouterr().out == f"wrote 121 files under {tmp_path}\n"
    assert _owned_files(tmp_path) == _owned_files(DATA)
    assert gen.check(tmp_path) == []


def test_main_reports_broken_facts_and_exits_2(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = data_copy / "bundled" / "municipality_facts.csv"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("1402,Partille,15,", "1402,Partille,16,"), encoding="utf-8"
    )
    assert gen.main(["--out", str(data_copy)]) == 2
    assert capsys.readouterr().err == (
        f"error: {facts}, line 2, column 'regso_omradestyp_1_2022': områdestyp counts do not add up to "
        "n_regso: expected counts summing to 16; found 15 (0, 0, 4, 7, 4).\n"
    )


def test_read_towns_raises_on_inconsistent_type_counts(data_copy: Path) -> None:
    facts = data_copy / "bundled" / "municipality_facts.csv"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(",0,1,0,7,2,", ",0,1,0,7,3,"), encoding="utf-8"
    )
    with pytest.raises(InputDataError) as caught:
        gen.read_towns(data_copy)
    assert str(caught.value) == (
        f"{facts}, line 3, column 'regso_omradestyp_1_2022': områdestyp counts do not add up to n_regso: "
        "expected counts summing to 10; found 11 (0, 1, 0, 7, 3)."
    )


def test_module_runs_as_a_script() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "labkit.data.generate", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, f"{DATA}: up to date\n", "")
