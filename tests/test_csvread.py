"""Tests for labkit.data.csvread: encodings, separators, titles, footers, line numbers, bad files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

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
        f"{path}, line 3: the row has the wrong number of cells: expected 3 cells like the header; found 2 cells."
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
        f"{path}: the file is empty: expected a CSV export with a header line and data rows; found only blank lines."
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
        f"{path}: no header line found: expected a header line with at least two columns followed by data rows; "
        "found 2 non-blank lines without such a header."
    )


def test_header_without_data_rows_is_not_a_table(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "region,Antal 2023\n")
    with pytest.raises(NotATableError) as err:
        read_export(path)
    assert str(err.value) == (
        f"{path}: no data rows after the header: expected rows with 2 cells: a region label and figures; "
        "found only the header."
    )
