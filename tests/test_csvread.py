"""Tests for labkit.data.csvread: encodings, separators, titles, footers, line numbers, bad files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from labkit.data import csvread
from labkit.data.csvread import (
    LINE,
    NotATableError,
    decode,
    detect_delimiter,
    read_export,
    to_numbers,
)
from labkit.errors import InputDataError

MINI = Path(__file__).parent / "fixtures" / "exports" / "mini"


def write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    """Write ``text`` with the given encoding and line end, and return the path."""
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def grep_line(path: Path, needle: str, encoding: str = "utf-8-sig") -> int:
    """1-based line of the first line containing ``needle``, counting ``\\n`` like ``grep -n``."""
    lines = path.read_bytes().decode(encoding).split("\n")
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def test_real_population_export_is_read_with_grep_line_numbers(scb_dir: Path) -> None:
    path = scb_dir / "regso_population_by_birth_region_2020_2023.csv"
    table = read_export(path)
    assert table.header == (
        "region",
        "födelseregion",
        "kön",
        "Antal 2020",
        "Antal 2021",
        "Antal 2022",
        "Antal 2023",
    )
    assert (table.encoding, table.delimiter, table.decimal) == ("utf-8-sig", ",", ".")
    assert len(table.rows) == 6726
    assert table.title == () and table.footer == ()
    row = table.rows[table.rows["region"] == "Partille (Brattåskärr)"].iloc[0]
    assert row[LINE] == grep_line(path, '"Partille (Brattåskärr)"')
    assert table.rows[LINE].iloc[-1] == 6727


def test_real_omradestyp_export_has_empty_first_header_cell_and_footer(scb_dir: Path) -> None:
    table = read_export(scb_dir / "regso_omradestyp_2022.csv")
    assert table.header == ("", "2022")
    assert table.columns == ("column 1", "2022")
    assert len(table.rows) == 3363
    assert table.rows[LINE].iloc[-1] == 3364
    assert table.footer[0].startswith("Delegationen mot segregation (Delmos)")
    assert table.footer[-2:] == ("Intern referenskod:", "000005QX")


def test_codes_keep_leading_zeros(scb_dir: Path) -> None:
    table = read_export(scb_dir / "deso2018_regso2020_key.csv")
    assert table.rows["Kommun"].iloc[0] == "0114"
    assert table.rows["RegSOkod_2020"].iloc[0] == "0114R001"


def test_semicolon_cp1252_title_blank_lines_and_footer() -> None:
    path = MINI / "befolkning.csv"
    table = read_export(path)
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.title == ("Folkmängd efter region, födelseregion, kön och år",)
    assert table.header_line == 3
    assert table.footer == ("Källa: SCB, Statistikdatabasen",)
    assert table.rows["region"].tolist()[:2] == ["Nollby (Nollby landsbygd)"] * 2
    assert table.rows[LINE].tolist() == list(range(4, 14))


def test_suppressed_cells_stay_missing_and_are_flagged() -> None:
    table = read_export(MINI / "befolkning.csv")
    numbers = to_numbers(table, "Antal 2023")
    assert numbers.missing.tolist() == [False, False, False, False, True, False, False, True, False, False]
    assert np.isnan(numbers.values[4]) and np.isnan(numbers.values[7])
    assert numbers.values.sum() == 910 + 1010 + 1490 + 2020 + 820 + 1210 + 650 + 710
    dash = to_numbers(table, "Antal 2022")
    assert dash.missing.sum() == 1 and np.isnan(dash.values[8])


def test_decimal_comma_is_detected_and_parsed() -> None:
    table = read_export(MINI / "lon.csv")
    assert (table.delimiter, table.decimal) == (";", ",")
    assert to_numbers(table, "Medelvärde för samtliga, tkr 2022").values.tolist() == [
        310.5,
        280.2,
        270.0,
        350.0,
        250.4,
        400.9,
    ]


def test_thousands_spaces_and_tabs(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "region\tAntal 2023\nA (B)\t1 234\nA (C)\t12\u00a0345\n")
    table = read_export(path)
    assert table.delimiter == "\t"
    assert to_numbers(table, "Antal 2023").values.tolist() == [1234.0, 12345.0]


def test_multi_line_quoted_cell_keeps_later_line_numbers(tmp_path: Path) -> None:
    text = '"long\ntitle"\n\nregion,Antal 2023\nA (B),1\nA (C),2\n,\n"note\nover\nlines",\nSCB,\n'
    table = read_export(write(tmp_path / "t.csv", text, newline="\r\n"))
    assert table.title == ("long\ntitle",)
    assert table.rows[LINE].tolist() == [5, 6]
    assert table.footer == ("note\nover\nlines", "SCB")


def test_windows_1252_falls_back_to_latin_1_for_undefined_bytes() -> None:
    assert decode("Göteborg".encode()) == ("Göteborg", "utf-8-sig")
    assert decode("Göteborg".encode("cp1252")) == ("Göteborg", "cp1252")
    assert decode(b"G\xf6\x81") == ("Gö\x81", "latin-1")


def test_delimiter_ignores_commas_inside_quotes() -> None:
    assert detect_delimiter('"a, b, c";"d"\n"e, f";1\n') == ";"
    assert detect_delimiter("just one cell\n") == ","


def test_cell_that_is_not_a_number_names_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "region;Antal 2023\n\nA (B);12\n\nA (C);12x\n")
    table = read_export(path)
    with pytest.raises(InputDataError) as err:
        to_numbers(table, "Antal 2023")
    assert str(err.value) == (
        f"{path}, line 5, column 'Antal 2023': the cell is not a number: "
        "expected a number (with decimal point) or '..'/'-' for a suppressed cell; found '12x'."
    )


def test_row_of_wrong_width_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "region,x,Antal 2023\nA (B),x,1\nA (C),x\nA (D),x,3\n")
    with pytest.raises(InputDataError) as err:
        read_export(path)
    assert str(err.value) == (
        f"{path}, line 3: the row has the wrong number of cells: expected 3 cells like the header; found 2 "
        "cells."
    )


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.csv", "")
    with pytest.raises(InputDataError) as err:
        read_export(path)
    assert str(err.value) == (
        f"{path}: the file is empty: expected a CSV export with a header line and data rows; found 0 bytes."
    )


def test_file_with_only_blank_lines_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path / "blank.csv", "\ufeff\r\n\r\n")
    with pytest.raises(InputDataError) as err:
        read_export(path)
    assert str(err.value) == (
        f"{path}: the file is empty: expected a CSV export with a header line and data rows; found only "
        "blank lines."
    )


def test_html_page_saved_as_csv_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "page.csv", "<!DOCTYPE html>\n<html><head><title>500</title></head></html>\n")
    with pytest.raises(InputDataError) as err:
        read_export(path)
    assert str(err.value) == (
        f"{path}: the file is an HTML page, not a CSV table: expected a CSV export from Statistikdatabasen; "
        "found '<!DOCTYPE html>'. The download probably failed or saved an error page; "
        "export the table again as CSV."
    )


def test_text_without_a_table_is_not_a_table(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.txt", "Some notes\nabout the data\n")
    with pytest.raises(NotATableError) as err:
        read_export(path)
    assert str(err.value) == (
        f"{path}: no header line found: expected a header line with at least two columns followed by data "
        "rows; found 2 non-blank lines without such a header."
    )


def test_header_without_data_rows_is_not_a_table(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "region,Antal 2023\n")
    with pytest.raises(NotATableError) as err:
        read_export(path)
    assert str(err.value) == (
        f"{path}: no data rows after the header: expected rows with 2 cells: a region label and figures; "
        "found only the header."
    )


# --- streaming, footers, whole numbers, size cap -------------------------------------------------------


@pytest.mark.parametrize("block", [1, 2, 3, 5, 1024])
def test_lines_split_at_any_block_boundary_are_joined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a\r\r\nb\r\nc\rd\n\ne\r\r\n\r\r\nf")
    monkeypatch.setattr(csvread, "BLOCK_BYTES", block)
    assert list(csvread.text_lines(path, "utf-8")) == ["a\n", "b\n", "c\n", "d\n", "\n", "e\n", "\n", "f"]


def test_streamed_real_export_equals_the_text_parse(scb_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = scb_dir / "regso_population_by_birth_region_2020_2023.csv"
    whole = csvread.parse_text(path.read_bytes().decode("utf-8-sig"), path, "utf-8-sig")
    monkeypatch.setattr(csvread, "BLOCK_BYTES", 997)
    monkeypatch.setattr(csvread, "CHUNK_ROWS", 1000)
    streamed = read_export(path)
    pd.testing.assert_frame_equal(streamed.rows, whole.rows)
    assert streamed.rows[LINE].tolist() == list(range(2, 6728))
    rows = [r for r in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig").replace("\r\r\n", "\n")))]
    assert streamed.rows.drop(columns=LINE).to_numpy().tolist() == [r for r in rows[1:] if r]


def test_footer_line_with_one_filled_cell_is_kept_as_footer(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "region,x,Antal 2023\nA (B),x,1\nA (C),x,2\n\nKälla: SCB,,\nSCB\n")
    table = read_export(path)
    assert table.rows[LINE].tolist() == [2, 3]
    assert table.footer == ("Källa: SCB", "SCB")


def test_last_row_cut_short_is_not_taken_for_a_footer(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "region,x,Antal 2023\nA (B),x,1\nA (C),x\n")
    with pytest.raises(InputDataError) as err:
        read_export(path)
    assert str(err.value) == (
        f"{path}, line 3: the row has the wrong number of cells: expected 3 cells like the header; found 2 "
        "cells."
    )


def test_last_row_with_empty_figures_is_data_not_footer(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "region,x,Antal 2023,Antal 2024\nA (B),x,1,2\nA (C),x,,\n")
    table = read_export(path)
    assert table.rows[LINE].tolist() == [2, 3] and table.footer == ()
    assert to_numbers(table, "Antal 2023").missing.tolist() == [False, True]


def test_last_row_cut_to_its_label_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "region,x,Antal 2023\nA (B),x,1\nA (C),x,2\nA (B)\n")
    with pytest.raises(InputDataError) as err:
        read_export(path)
    assert str(err.value) == (
        f"{path}, line 4: the row has the wrong number of cells: expected 3 cells like the header; found 1 "
        "cell."
    )


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("5920", 5920.0),
        ("5 920", 5920.0),
        ("5\u00a0920", 5920.0),
        ("..", None),
        ("-", None),
        ("", None),
        ("-3", -3.0),
    ],
)
def test_whole_numbers_accept_digits_and_thousands_spaces(
    tmp_path: Path, cell: str, value: float | None
) -> None:
    path = write(tmp_path / "t.csv", f'region;kön;Antal 2023\nA (B);totalt;1\nA (C);totalt;"{cell}"\n')
    numbers = to_numbers(read_export(path), "Antal 2023", whole=True)
    assert numbers.values.iloc[0] == 1.0
    if value is None:
        assert numbers.missing.iloc[1] and np.isnan(numbers.values.iloc[1])
    else:
        assert numbers.values.iloc[1] == value and not numbers.missing.iloc[1]


@pytest.mark.parametrize("cell", ["5920.5", "5,920", "5920.0", "1e3", "5920x", "NaN"])
def test_whole_numbers_refuse_decimals_and_separators(tmp_path: Path, cell: str) -> None:
    path = write(tmp_path / "t.csv", f'region;Antal 2023\n\nA (B);1\n\nA (C);"{cell}"\n')
    with pytest.raises(InputDataError) as err:
        to_numbers(read_export(path), "Antal 2023", whole=True)
    assert str(err.value) == (
        f"{path}, line 5, column 'Antal 2023': the cell is not a whole number: expected a count written "
        "with digits only (no decimals, no thousands separator other than a space) or '..'/'-' for a "
        f"suppressed cell; found '{cell}'."
    )


def test_cell_over_the_parser_limit_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", 'region,Antal 2023\nA (B),1\nA (C),"' + "x" * 200_000 + '"\n')
    with pytest.raises(InputDataError) as err:
        read_export(path)
    assert str(err.value) == (
        f"{path}, line 3: the CSV parser cannot read the record: expected CSV text with ',' between cells; "
        f"found field larger than field limit ({csv.field_size_limit()})."
    )


def test_file_over_the_size_cap_is_refused_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "region,Antal 2023\nA (B),1\n")
    assert len(read_export(path, max_bytes=26).rows) == 1
    with pytest.raises(InputDataError) as err:
        read_export(path, max_bytes=25)
    assert str(err.value) == (
        f"{path}: the file is larger than the size cap: expected at most 0.0 MB (25 bytes); "
        "found 0.0 MB (26 bytes). Export only the regions and years needed, or raise the cap (max_bytes, "
        "or the environment variable LABKIT_MAX_EXPORT_MB)."
    )


def test_sniff_reads_the_first_lines_and_the_tail_of_a_large_file(tmp_path: Path) -> None:
    rows = "".join(f"{n},{n * 2},text {n}\n" for n in range(20_000))
    path = write(tmp_path / "big.csv", f"id,value,note\n{rows}Källa: SCB\n")
    assert path.stat().st_size > csvread.HEAD_BYTES
    found = csvread.sniff(path)
    assert not found.whole and found.size == path.stat().st_size
    assert found.table is not None and found.table.header == ("id", "value", "note")
    assert len(found.table.rows) == csvread.SNIFF_ROWS and found.table.footer == ()
    assert found.tail.endswith("19999,39998,text 19999\nKälla: SCB\n")
    assert found.head == path.read_bytes()[: csvread.HEAD_BYTES]


def test_sniff_of_a_small_file_is_the_whole_table(tmp_path: Path) -> None:
    found = csvread.sniff(MINI / "befolkning.csv")
    assert found.whole and found.tail == ""
    assert found.table is not None and len(found.table.rows) == 10
    assert found.table.footer == ("Källa: SCB, Statistikdatabasen",)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04\x00\x00", csvread.BINARY),
        (b' [{"a": 1}]', csvread.JSON),
        (b"just text\n", "not a CSV table: no header line found"),
    ],
)
def test_sniff_names_why_a_file_is_not_a_table(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    found = csvread.sniff(path)
    assert found.table is None and found.reason == reason


def test_sniff_of_a_small_file_keeps_every_row(tmp_path: Path) -> None:
    rows = "".join(f"A ({n}),{n}\n" for n in range(500))
    path = write(tmp_path / "t.csv", f"region,Antal 2023\n{rows}\nKälla: SCB\n")
    assert path.stat().st_size < csvread.HEAD_BYTES
    found = csvread.sniff(path)
    assert found.whole and found.table is not None
    assert len(found.table.rows) == 500 and found.table.rows[LINE].tolist() == list(range(2, 502))
    assert found.table.footer == ("Källa: SCB",)


def test_sniff_of_a_ragged_file_keeps_the_error_and_the_header(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "id,name,value\n1,a,2\n2,b\n")
    found = csvread.sniff(path)
    assert found.table is None and found.header == ("id", "name", "value")
    assert found.reason == "not a CSV table: the row has the wrong number of cells (line 3)"
    assert str(found.error) == (
        f"{path}, line 3: the row has the wrong number of cells: expected 3 cells like the header; found 2 "
        "cells."
    )
