"""tests/compare_results.py: the script that compares two runs' results files finds every change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from compare_results import compare_runs, main


def _write(folder: Path, rel: str, record: dict) -> None:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record), encoding="utf-8")


def test_equal_runs_differ_only_in_what_describes_the_run(tmp_path: Path, capsys) -> None:
    base = {"method": "m", "year": 2023, "d": 0.25, "areas": [{"code": "1402R001", "share": 0.5}]}
    _write(tmp_path / "a", "1402/m.results.json", {**base, "created": "2026-01-01", "parameters": {"x": 1}})
    _write(tmp_path / "b", "1402/m.results.json", {**base, "created": "2026-12-02", "parameters": {"x": 2}})
    assert compare_runs(tmp_path / "a", tmp_path / "b") == {}
    assert main([str(tmp_path / "a"), str(tmp_path / "b")]) == 0
    assert capsys.readouterr().out == "1 results files compared; 0 differences, 0 unexplained\n"


def test_a_changed_value_a_lost_key_and_a_lost_file_are_found(tmp_path: Path, capsys) -> None:
    _write(tmp_path / "a", "1402/m.results.json", {"d": 0.25, "n": 3, "areas": [{"share": 0.5}]})
    _write(tmp_path / "a", "1462/m.results.json", {"d": 0.1})
    _write(tmp_path / "b", "1402/m.results.json", {"d": 0.25 + 1e-15, "areas": [{"share": 0.6}]})
    explain = tmp_path / "why.json"
    explain.write_text(json.dumps({"1402/m.results.json#areas": "the new rule"}), encoding="utf-8")
    assert main([str(tmp_path / "a"), str(tmp_path / "b"), "--explain", str(explain)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "1402/m.results.json#areas[0].share: 0.5 -> 0.6 [explained: the new rule]",
        "1402/m.results.json#n: 3 -> '(absent)' [UNEXPLAINED]",
        "1462/m.results.json#(file): 'present' -> 'absent' [UNEXPLAINED]",
        "1 results files compared; 3 differences, 2 unexplained",
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"), [(1, 1.0, True), (0.1, 0.1 + 1e-12, True), (True, 1, True), (1, 2, False)]
)
def test_numbers_compare_to_a_relative_tolerance(tmp_path: Path, a, b, same: bool) -> None:
    _write(tmp_path / "a", "x.results.json", {"v": a})
    _write(tmp_path / "b", "x.results.json", {"v": b})
    assert (compare_runs(tmp_path / "a", tmp_path / "b") == {}) is same
