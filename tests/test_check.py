"""Tests for labkit.data.check: the data check report, with and without its CSV block."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import SCB_DIR, SHARED_DATA

from labkit.data.check import CSV_HEADER, check_report
from labkit.data.dataset import Dataset
from labkit.data.scb_exports import load_scb_exports

MINI = Path(__file__).parent / "fixtures" / "exports" / "mini"

MINI_TEXT = f"""Data check: source 'scb-exports' (real figures)
Description: Real RegSO statistics exported from SCB Statistikdatabasen as CSV files.
Citation: SCB Statistikdatabasen
Files: befolkning.csv, bostader.csv, key.csv, lon.csv, omradestyp.csv
Years: 2022, 2023
Missing tables: none
Unrecognised files:
  notes.json: JSON (for example a PxWebApi response), not a CSV table
data_dir: {MINI}
Municipalities: 2; areas: 5

0199 Nollby: 2 areas
  population: 2022 3000, 2023 3030
  missing or suppressed cells: none

9901 Exempelby: 3 areas
  population: 2022 3100, 2023 1530 (1 area unknown, not counted)
  missing or suppressed cells: area_type omradestyp 2022: 1; dwellings_by_tenure hyresratt 2023: 1; \
population_by_birth_region born_in_sweden 2022: 1; population_by_birth_region born_in_sweden 2023: 1; \
population_by_birth_region total 2023: 1; wage_income mean_tkr 2023: 1
"""


@pytest.fixture(scope="module")
def mini() -> Dataset:
    """The hand-made exports: 0199 Nollby and 9901 Exempelby."""
    return load_scb_exports(MINI, cache=False)


def test_report_of_the_mini_exports(mini: Dataset) -> None:
    assert check_report(mini) == MINI_TEXT


def test_csv_block_comes_first_then_a_blank_line(mini: Dataset) -> None:
    block = (
        "kommun_kod,year,areas,population\n"
        "0199,2022,2,3000\n0199,2023,2,3030\n9901,2022,3,3100\n9901,2023,3,1530\n"
    )
    assert check_report(mini, csv=True) == f"{block}\n{MINI_TEXT}"


def test_csv_block_of_the_national_exports_matches_kolada() -> None:
    report = check_report(load_scb_exports(SCB_DIR, cache=False), csv=True)
    block = report.split("\n\n", 1)[0]
    assert block.splitlines()[0] == CSV_HEADER
    rows = pd.read_csv(io.StringIO(block), dtype={"kommun_kod": str})
    assert len(rows) == 290 * 4 and rows["areas"].groupby(rows["kommun_kod"]).first().sum() == 3363
    kolada = {}
    with (SHARED_DATA / "kolada" / "gr_population_N01951_1970_2024.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["year"] == "2023":
                kolada[row["kommunkod"].zfill(4)] = int(float(row["population_31dec"]))
    ours = rows[rows["year"] == 2023].set_index("kommun_kod")["population"]
    assert {code: int(ours[code]) for code in kolada} == kolada
    assert "0114 Upplands Väsby: 12 areas" in report


def test_report_lists_year_columns_read_with_a_mark(tmp_path: Path) -> None:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    data = (folder / "befolkning.csv").read_bytes()
    (folder / "befolkning.csv").write_bytes(data.replace(b'"Antal 2023"', b'"Antal 2023 (prel)"', 1))
    data = (folder / "lon.csv").read_bytes()
    (folder / "lon.csv").write_bytes(data.replace(b"tkr 2023", b"tkr 2023*", 1))
    marked = load_scb_exports(folder, cache=False)
    expected = MINI_TEXT.replace(
        f"data_dir: {MINI}\n",
        (
            "Marked years (read as the year; check the table's footnotes, e.g. for preliminary figures):\n"
            "  befolkning.csv: column 'Antal 2023 (prel)' read as 2023 (mark '(prel)')\n"
            "  lon.csv: column 'Medelvärde för samtliga, tkr 2023*' read as 2023 (mark '*')\n"
            f"data_dir: {folder}\n"
        ),
    )
    assert check_report(marked) == expected
    assert check_report(marked).count("Marked years") == 1
