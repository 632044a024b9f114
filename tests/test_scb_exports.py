"""Tests for labkit.data.scb_exports against the real national exports, re-exported variants and errors."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import FACTS_CSV, SCB_DIR, SHARED_DATA

from labkit.data import scb_exports
from labkit.data.check import check_report
from labkit.data.dataset import Dataset
from labkit.data.scb_exports import CACHE_ENV, load_scb_exports, normalise_label
from labkit.errors import ConfigError, InputDataError

MINI = Path(__file__).parent / "fixtures" / "exports" / "mini"
GR = ("1384", "1401", "1402", "1407", "1415", "1419", "1440", "1441", "1462", "1480", "1481", "1482", "1489")
POPULATION = "regso_population_by_birth_region_2020_2023.csv"


def raw_rows(path: Path) -> list[list[str]]:
    """Non-blank CSV records of a real export, parsed independently with the csv module."""
    text = path.read_bytes().decode("utf-8-sig").replace("\r\r\n", "\n")
    return [row for row in csv.reader(io.StringIO(text, newline="")) if any(cell.strip() for cell in row)]


def kolada_2023() -> dict[str, int]:
    """Kolada N01951 population on 31 Dec 2023 per GR municipality."""
    frame = pd.read_csv(
        SHARED_DATA / "kolada" / "gr_population_N01951_1970_2024.csv", dtype={"kommunkod": str}
    )
    rows = frame[frame["year"] == 2023]
    return {
        code.zfill(4): int(pop) for code, pop in zip(rows["kommunkod"], rows["population_31dec"], strict=True)
    }


def copy_mini(folder: Path) -> Path:
    """A copy of the hand-made mini export folder under ``folder``."""
    target = folder / "exports"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="module")
def national() -> Dataset:
    """The real national exports, loaded without the cache."""
    return load_scb_exports(SCB_DIR, cache=False)


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    """The shared per-municipality facts (sums made independently of labkit)."""
    return pd.read_csv(FACTS_CSV, dtype={"kommun_kod": str}).set_index("kommun_kod")


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep tests out of the user's cache folder unless a test sets its own."""
    monkeypatch.setenv(CACHE_ENV, "off")


def test_all_regso_of_the_country_are_read(national: Dataset) -> None:
    key_codes = {row[4] for row in raw_rows(SCB_DIR / "deso2018_regso2020_key.csv")[1:]}
    assert len(national.areas) == 3363
    assert set(national.areas["area_code"]) == key_codes
    assert national.areas["kommun_kod"].nunique() == 290
    assert set(national.areas["level"]) == {"RegSO"} and not national.is_synthetic
    assert national.source == "scb-exports"
    assert len(national.population_by_birth_region) == 3363 * 4


def test_population_2023_equals_kolada_for_all_gr_municipalities(national: Dataset) -> None:
    facts = national.municipality_facts.set_index("kommun_kod")
    expected = kolada_2023()
    assert sorted(expected) == sorted(GR)
    assert {code: int(facts.loc[code, "population_2023"]) for code in GR} == expected
    assert sum(expected.values()) == 1_080_980


def test_gr_figures_equal_the_shared_facts(national: Dataset, facts: pd.DataFrame) -> None:
    ours = national.municipality_facts.set_index("kommun_kod")
    dwell = national.dwellings_by_tenure.merge(national.areas[["area_code", "kommun_kod"]], on="area_code")
    dwell23 = (
        dwell[dwell["year"] == 2023].groupby("kommun_kod")[["hyresratt", "bostadsratt", "aganderatt"]].sum()
    )
    wage = national.wage_income.merge(national.areas[["area_code", "kommun_kod"]], on="area_code")
    wage23 = wage[wage["year"] == 2023].groupby("kommun_kod")["mean_tkr"].agg(["min", "max"])
    types = national.area_type.merge(national.areas[["area_code", "kommun_kod"]], on="area_code")
    counts = types.groupby(["kommun_kod", "omradestyp"]).size().unstack(fill_value=0)
    for code in GR:
        assert ours.loc[code, "n_regso"] == facts.loc[code, "n_regso"]
        assert ours.loc[code, "born_abroad_2023"] == facts.loc[code, "born_abroad_2023"]
        for tenure in ("hyresratt", "bostadsratt", "aganderatt"):
            assert dwell23.loc[code, tenure] == facts.loc[code, f"{tenure}_2023"]
        assert wage23.loc[code, "min"] == pytest.approx(facts.loc[code, "regso_wage_income_min_tkr_2023"])
        assert wage23.loc[code, "max"] == pytest.approx(facts.loc[code, "regso_wage_income_max_tkr_2023"])
        for kind in range(1, 6):
            assert counts.loc[code].get(kind, 0) == facts.loc[code, f"regso_omradestyp_{kind}_2022"]


@pytest.mark.parametrize(
    ("code", "name"), [("0114", "Upplands Väsby"), ("1480", "Göteborg"), ("2584", "Kiruna")]
)
def test_municipalities_outside_the_focus_load(national: Dataset, code: str, name: str) -> None:
    key = raw_rows(SCB_DIR / "deso2018_regso2020_key.csv")[1:]
    n_regso = len({row[4] for row in key if row[0] == code})
    raw = raw_rows(SCB_DIR / POPULATION)[1:]
    prefix = f"{name} ("
    expected = sum(int(row[6]) for row in raw if row[0].startswith(prefix) and row[1] == "totalt")
    facts = national.municipality_facts.set_index("kommun_kod")
    assert facts.loc[code, "kommun"] == name
    assert facts.loc[code, "n_regso"] == n_regso
    assert facts.loc[code, "population_2023"] == expected


def test_trailing_space_and_dash_quirks_map_to_the_key(national: Dataset) -> None:
    raw = {(row[0], row[1]): row for row in raw_rows(SCB_DIR / POPULATION)[1:]}
    areas = national.areas.set_index("area_name")
    pop = national.population_by_birth_region.set_index(["area_code", "year"])
    tuna = areas[areas["kommun"] == "Botkyrka"].loc["Tuna", "area_code"]
    assert pop.loc[(tuna, 2023), "total"] == int(raw[("Botkyrka (Tuna )", "totalt")][6])
    sotenas = areas.loc["Kungshamn–Smögen-Hovenäset–Väjern", "area_code"]
    assert pop.loc[(sotenas, 2020), "total"] == int(
        raw[("Sotenäs (Kungshamn-Smögen-Hovenäset-Väjern)", "totalt")][3]
    )
    assert normalise_label("Botkyrka (Tuna )") == normalise_label("Botkyrka (Tuna)") == "botkyrka (tuna)"


def test_born_abroad_is_total_minus_sweden(national: Dataset) -> None:
    pop = national.population_by_birth_region
    assert (pop["born_abroad"] == pop["total"] - pop["born_in_sweden"]).all()
    assert (pop["born_abroad"] >= 0).all()


def test_provenance_lists_files_years_and_skipped_json(national: Dataset) -> None:
    prov = national.provenance
    assert prov["synthetic"] is False
    assert prov["citation"] == "SCB Statistikdatabasen"
    assert prov["years"] == [2020, 2021, 2022, 2023]
    assert prov["files"] == [
        "deso2018_regso2020_key.csv",
        "regso_dwellings_by_tenure_2020_2023.csv",
        "regso_mean_wage_income_2020_2023.csv",
        "regso_omradestyp_2022.csv",
        POPULATION,
    ]
    reason = "JSON (for example a PxWebApi response), not a CSV table"
    assert prov["unrecognised"] == [
        {"file": "pxweb_v1_BefolkningNy_kungsbacka_2024_age0-49.json", "reason": reason},
        {"file": "pxweb_v1_BefolkningNy_kungsbacka_2024_age50-99.json", "reason": reason},
    ]
    assert prov["missing_tables"] == []
    assert national.suppressed.empty


# --- the real tables re-exported as another Statistikdatabasen variant -------------------------------

SUPPRESS_2023_TOTAL = ("Partille (Björndammen)", "Partille (Brattåskärr)", "Partille (Partille centrum)")
DASH_2022_SWEDEN = "Lerum (Gråbo)"


def reexport(source: Path, target: Path, transform=None) -> None:
    """Write ``source`` as ``;``-separated Windows-1252 with a title line and decimal commas."""
    rows = raw_rows(source)
    header, data = rows[0], rows[1:]
    if source.name == "regso_omradestyp_2022.csv":
        data = [row for row in data if row[1].strip()][:3363]
    data = [transform(row) if transform else row for row in data]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    out.write('"Tabell exporterad från Statistikdatabasen"\r\n\r\n')
    writer.writerow(header)
    for row in data:
        writer.writerow([row[0], *(decimal_comma(cell) for cell in row[1:])])
    out.write("\r\nKälla: SCB\r\n")
    target.write_bytes(out.getvalue().encode("cp1252"))


def decimal_comma(cell: str) -> str:
    """``409.7`` as ``409,7``; other cells unchanged."""
    return cell.replace(".", ",") if re.fullmatch(r"\d+\.\d+", cell) else cell


def suppress(row: list[str]) -> list[str]:
    """Put ``..`` in chosen 2023 totals of Partille and ``-`` in one 2022 Sverige cell of Lerum."""
    if row[0] in SUPPRESS_2023_TOTAL and row[1] == "totalt":
        return [*row[:6], ".."]
    if row[0] == DASH_2022_SWEDEN and row[1] == "Sverige":
        return [*row[:5], "-", row[6]]
    return row


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """The real CSV tables re-exported by the test as ;-separated Windows-1252 with decimal commas."""
    folder = tmp_path_factory.mktemp("variant")
    for path in sorted(SCB_DIR.glob("*.csv")):
        reexport(
            path,
            folder / f"export_{path.stem[:6]}_{len(path.name)}.csv",
            suppress if path.name == POPULATION else None,
        )
    return load_scb_exports(folder, cache=False)


def test_variant_gives_the_same_tables(national: Dataset, variant: Dataset) -> None:
    pd.testing.assert_frame_equal(variant.areas, national.areas)
    pd.testing.assert_frame_equal(variant.dwellings_by_tenure, national.dwellings_by_tenure)
    pd.testing.assert_frame_equal(variant.wage_income, national.wage_income)
    pd.testing.assert_frame_equal(variant.area_type, national.area_type)
    assert variant.provenance["unrecognised"] == []


def test_variant_totals_equal_except_suppressed_cells(variant: Dataset) -> None:
    raw = {(row[0], row[1]): row for row in raw_rows(SCB_DIR / POPULATION)[1:]}
    hidden = sum(int(raw[(label, "totalt")][6]) for label in SUPPRESS_2023_TOTAL)
    expected = kolada_2023()
    expected["1402"] -= hidden
    facts = variant.municipality_facts.set_index("kommun_kod")
    assert {code: int(facts.loc[code, "population_2023"]) for code in GR} == expected
    pop = variant.population_by_birth_region.merge(variant.areas, on="area_code")
    assert pop.loc[pop["year"] == 2023, "total"].isna().sum() == 3
    grabo = pop[(pop["area_name"] == "Gråbo") & (pop["kommun"] == "Lerum")]
    assert grabo["born_in_sweden"].isna().tolist() == [False, False, True, False]


def test_variant_counts_suppressed_cells(variant: Dataset) -> None:
    rows = variant.suppressed.sort_values(["kommun_kod"]).to_dict("records")
    assert rows == [
        {
            "table": "population_by_birth_region",
            "kommun_kod": "1402",
            "year": 2023,
            "column": "total",
            "count": 3,
        },
        {
            "table": "population_by_birth_region",
            "kommun_kod": "1441",
            "year": 2022,
            "column": "born_in_sweden",
            "count": 1,
        },
    ]


# --- the hand-made mini exports ---------------------------------------------------------------------


def test_mini_exports_give_hand_computed_figures() -> None:
    mini = load_scb_exports(MINI, cache=False)
    facts = mini.municipality_facts.set_index("kommun_kod")
    assert facts.loc[
        "0199", ["n_regso", "population_2022", "population_2023", "born_abroad_2022"]
    ].tolist() == [2, 3000, 3030, 600]
    assert facts.loc[
        "9901", ["n_regso", "population_2022", "population_2023", "born_abroad_2023"]
    ].tolist() == [3, 3100, 1530, 60]
    assert mini.areas["area_name"].tolist() == [
        "Nollby landsbygd",
        "Nollby centrum",
        "Åby–Öster",
        "Centrum",
        "Västra",
    ]
    wage = mini.wage_income.set_index(["area_code", "year"])["mean_tkr"]
    assert wage.loc[("0199R002", 2022)] == 280.2 and pd.isna(wage.loc[("9901R001", 2023)])
    assert mini.area_type["omradestyp"].tolist()[:4] == [4, 3, 5, 1]
    assert mini.area_type["omradestyp_label"].iloc[3] == "stora socioekonomiska utmaningar"
    assert len(mini.suppressed) == 6 and mini.suppressed["count"].sum() == 6


def test_one_table_split_over_two_files(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path)
    text = (folder / "befolkning.csv").read_bytes().decode("cp1252").split("\r\r\n")
    header, rows = text[:3], [line for line in text[3:13]]
    (folder / "befolkning.csv").write_bytes("\r\n".join([*header, *rows[:4]]).encode("cp1252"))
    (folder / "befolkning_2.csv").write_bytes("\r\n".join([header[2], *rows[4:]]).encode("utf-8"))
    split = load_scb_exports(folder, cache=False)
    pd.testing.assert_frame_equal(
        split.population_by_birth_region, load_scb_exports(MINI, cache=False).population_by_birth_region
    )
    assert split.provenance["tables"]["population_by_birth_region"] == ["befolkning.csv", "befolkning_2.csv"]


def test_optional_tables_may_be_absent(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path)
    for name in ("bostader.csv", "lon.csv", "omradestyp.csv"):
        (folder / name).unlink()
    loaded = load_scb_exports(folder, cache=False)
    assert loaded.dwellings_by_tenure.empty and loaded.wage_income.empty and loaded.area_type.empty
    assert list(loaded.wage_income.columns) == ["area_code", "year", "mean_tkr"]
    assert loaded.provenance["missing_tables"] == ["dwellings_by_tenure", "wage_income", "area_type"]


# --- errors -----------------------------------------------------------------------------------------


def load_error(folder: Path) -> str:
    """The message of the InputDataError raised when loading ``folder``."""
    with pytest.raises(InputDataError) as err:
        load_scb_exports(folder, cache=False)
    return str(err.value)


def test_region_label_not_in_the_key(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path)
    with (folder / "bostader.csv").open("ab") as handle:
        handle.write('"Exempelby (Norra)","hyresrätt",1,2\r\n'.encode())
    assert load_error(folder) == (
        f"{folder / 'bostader.csv'}, line 22, column 'region': region label not in the DeSO-RegSO key: "
        "expected a label 'Kommun (RegSO-namn)' listed in key.csv; found 'Exempelby (Norra)'. "
        "Export RegSO regions only (no municipality or country totals) and use the key of the same "
        "RegSO version as the export."
    )


def test_municipality_total_row_is_not_a_regso(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path)
    with (folder / "omradestyp.csv").open("wb") as handle:
        handle.write(b",2022\r\nNollby,4\r\n")
    assert load_error(folder).startswith(
        f"{folder / 'omradestyp.csv'}, line 2, column 'column 1': region label not in the DeSO-RegSO key: "
        "expected a label 'Kommun (RegSO-namn)' listed in key.csv; found 'Nollby'."
    )


def test_html_page_saved_as_csv(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path)
    (folder / "export.csv").write_text("<html><body>Fel 503: tjänsten är inte tillgänglig</body></html>\n")
    assert load_error(folder) == (
        f"{folder / 'export.csv'}: the file is an HTML page, not a CSV table: "
        "expected a CSV export from Statistikdatabasen; found '<html><body>Fel 503: tjänsten är inte ti'. "
        "The download probably failed or saved an error page; export the table again as CSV."
    )


def test_empty_file(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path)
    (folder / "befolkning.csv").write_bytes(b"")
    assert load_error(folder) == (
        f"{folder / 'befolkning.csv'}: the file is empty: "
        "expected a CSV export with a header line and data rows; found 0 bytes."
    )


def test_required_table_absent_names_found_missing_and_unrecognised(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path)
    (folder / "befolkning.csv").write_text("region,år,folkmängd\nNollby (Nollby centrum),2023,2020\n")
    assert load_error(folder) == (
        f"{folder}: required table missing: population_by_birth_region: "
        "expected RegSO population by birth region (a column 'födelseregion'); "
        "found tables key (key.csv), dwellings_by_tenure (bostader.csv), wage_income (lon.csv), "
        "area_type (omradestyp.csv). Unrecognised files: befolkning.csv: the header (region, år, folkmängd) "
        "matches no known export; notes.json: JSON (for example a PxWebApi response), not a CSV table."
    )


def test_population_with_years_as_rows_is_not_recognised(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path)
    (folder / "key.csv").unlink()
    (folder / "befolkning.csv").write_text(
        "region,födelseregion,år,antal\nNollby (Nollby centrum),totalt,2023,2020\n"
    )
    assert load_error(folder) == (
        f"{folder}: required tables missing: key, population_by_birth_region: "
        "expected the DeSO-RegSO key (columns Kommun, Kommunnamn, RegSO name, RegSOkod); "
        "RegSO population by birth region (a column 'födelseregion'); "
        "found tables dwellings_by_tenure (bostader.csv), wage_income (lon.csv), area_type (omradestyp.csv). "
        "Unrecognised files: befolkning.csv: looks like population_by_birth_region but has no year columns "
        "(headers ending in a year, e.g. 'Antal 2023'); notes.json: JSON (for example a PxWebApi response), "
        "not a CSV table."
    )


def test_key_with_lost_leading_zero(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path)
    key = (folder / "key.csv").read_text().replace("0199,Nollby,0199C1010", "199,Nollby,0199C1010")
    (folder / "key.csv").write_text(key)
    assert load_error(folder) == (
        f"{folder / 'key.csv'}, line 3, column 'Kommun': invalid code in the DeSO-RegSO key: "
        "expected a 4-digit municipality code as text, e.g. '0114'; found '199'. "
        "The leading zero was probably lost (was the key opened in Excel?); use the file as downloaded."
    )


def test_key_without_a_regso_name_column(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path)
    lines = (folder / "key.csv").read_text().splitlines()
    (folder / "key.csv").write_text(
        "\n".join(",".join(line.split(",")[:3] + line.split(",")[4:]) for line in lines)
    )
    assert load_error(folder) == (
        f"{folder / 'key.csv'}, line 1: the DeSO-RegSO key lacks a column: expected a column like "
        "'RegSO_2020' (key columns Kommun, Kommunnamn, DeSO_2018, RegSO_2020, RegSOkod_2020); found "
        "columns Kommun, Kommunnamn, DeSO_2018, RegSOkod_2020."
    )


def test_negative_count_in_an_export(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path)
    text = (
        (folder / "bostader.csv")
        .read_bytes()
        .decode("utf-8-sig")
        .replace('"hyresrätt",400,410', '"hyresrätt",-400,410')
    )
    (folder / "bostader.csv").write_text(text)
    assert load_error(folder) == (
        f"{folder / 'bostader.csv'}, line 6, column 'hyresratt': dwellings_by_tenure: invalid value: "
        "expected a count of at least 0; found -400."
    )


def test_same_region_in_two_files(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path)
    shutil.copy(folder / "lon.csv", folder / "lon_kopia.csv")
    assert load_error(folder) == (
        f"{folder / 'lon_kopia.csv'}, line 2: the region occurs twice: expected one row per region and "
        "category (each region in one file only); found 0199R001 mean_tkr 2022 again."
    )


def test_unknown_tenure(tmp_path: Path) -> None:
    folder = copy_mini(tmp_path)
    text = (
        (folder / "bostader.csv")
        .read_bytes()
        .decode("utf-8-sig")
        .replace('"uppgift saknas",1,0', '"kooperativ",1,0')
    )
    (folder / "bostader.csv").write_text(text)
    assert load_error(folder) == (
        f"{folder / 'bostader.csv'}, line 5, column 'upplåtelseform': unknown tenure: expected one of "
        "'hyresrätt', 'bostadsrätt', 'äganderätt', 'uppgift saknas', 'totalt'; found 'kooperativ'."
    )


def test_missing_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_scb_exports(tmp_path / "nowhere")
    assert str(err.value) == (
        f"{tmp_path / 'nowhere'}: the scb-exports data folder does not exist: "
        "expected a folder with CSV exports from Statistikdatabasen; found no such folder."
    )


# --- cache and speed --------------------------------------------------------------------------------


def test_cache_is_reused_and_keyed_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    folder = copy_mini(tmp_path)
    first = load_scb_exports(folder)
    entries = list((cache / "scb-exports").glob("*.pickle"))
    assert len(entries) == 1 and not list((cache / "scb-exports").glob("*.tmp"))
    again = load_scb_exports(folder)
    pd.testing.assert_frame_equal(again.population_by_birth_region, first.population_by_birth_region)
    assert again.provenance == first.provenance
    text = (folder / "lon.csv").read_text().replace("310,5", "311,5")
    (folder / "lon.csv").write_text(text)
    changed = load_scb_exports(folder)
    assert changed.wage_income["mean_tkr"].iloc[0] == 311.5
    assert len(list((cache / "scb-exports").glob("*.pickle"))) == 2


def test_cache_keeps_only_the_newest_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache" / "scb-exports"
    cache.mkdir(parents=True)
    for n in range(10):
        old = cache / f"{n:064x}.pickle"
        old.write_bytes(b"old")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    load_scb_exports(MINI)
    kept = sorted(p.name for p in cache.glob("*.pickle"))
    assert len(kept) == 8
    assert [name for name in kept if name.startswith("0000")] == [f"{n:064x}.pickle" for n in range(3, 10)]


def test_broken_cache_entry_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    first = load_scb_exports(MINI)
    entry = next((cache / "scb-exports").glob("*.pickle"))
    entry.write_bytes(b"not a pickle")
    again = load_scb_exports(MINI)
    pd.testing.assert_frame_equal(again.areas, first.areas)


def test_national_files_cached_equal_uncached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache gives the same tables as a fresh read (speed is measured in benchmarks/, not asserted)."""
    cold = load_scb_exports(SCB_DIR, cache=False)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    load_scb_exports(SCB_DIR)
    cached = load_scb_exports(SCB_DIR)
    for table in ("areas", "population_by_birth_region", "dwellings_by_tenure", "wage_income", "area_type"):
        pd.testing.assert_frame_equal(getattr(cached, table), getattr(cold, table))


# --- strict where a wrong number could result: broken copies of the real files (Upplands Väsby) -------------

KEY = "deso2018_regso2020_key.csv"
DWELLINGS = "regso_dwellings_by_tenure_2020_2023.csv"


def vasby_slice(tmp_path: Path, edits: dict[str, object] | None = None) -> Path:
    """Header and Upplands Väsby (0114) lines of the real key, population and dwellings exports.

    0114 comes first in every file, so each kept line has the line number it has in the real file.
    ``edits`` maps a file name to a function that changes the file's text (decoded, with its line ends).
    """
    folder = tmp_path / "vasby"
    folder.mkdir()
    for name, start in ((KEY, "0114,"), (POPULATION, '"Upplands Väsby ('), (DWELLINGS, '"Upplands Väsby (')):
        lines = (SCB_DIR / name).read_bytes().decode("utf-8-sig").split("\n")
        text = "\n".join([lines[0], *(line for line in lines[1:] if line.startswith(start))]) + "\n"
        edit = (edits or {}).get(name)
        (folder / name).write_bytes((edit(text) if edit else text).encode("utf-8-sig"))
    return folder


def raw_line(path: Path, needle: str) -> int:
    """1-based line of the first line holding ``needle``, counting ``\\n`` like ``grep -n`` (independent)."""
    lines = path.read_bytes().decode("utf-8-sig").split("\n")
    return next(number for number, line in enumerate(lines, start=1) if needle in line)


def vasby_population(year_index: int) -> int:
    """The 0114 population of one year column (0 = 2020) summed independently from the real file."""
    rows = raw_rows(SCB_DIR / POPULATION)[1:]
    return sum(
        int(r[3 + year_index]) for r in rows if r[0].startswith("Upplands Väsby (") and r[1] == "totalt"
    )


def test_vasby_slice_loads_with_the_real_figures(tmp_path: Path) -> None:
    dataset = load_scb_exports(vasby_slice(tmp_path), cache=False)
    facts = dataset.municipality_facts.set_index("kommun_kod")
    assert [int(facts.loc["0114", f"population_{y}"]) for y in range(2020, 2024)] == [
        vasby_population(k) for k in range(4)
    ]
    assert int(facts.loc["0114", "population_2023"]) == 50110
    assert dataset.provenance["year_marks"] == []


@pytest.mark.parametrize(
    ("header", "mark"),
    [("Antal 2023*", "*"), ("Antal 2023 (prel)", "(prel)"), ("2023 prel.", "prel."), ("Antal 2023**", "**")],
)
def test_year_with_a_mark_is_read_as_that_year_and_recorded(tmp_path: Path, header: str, mark: str) -> None:
    folder = vasby_slice(tmp_path, {POPULATION: lambda t: t.replace('"Antal 2023"', f'"{header}"', 1)})
    dataset = load_scb_exports(folder, cache=False)
    assert dataset.provenance["years"] == [2020, 2021, 2022, 2023]
    assert int(dataset.municipality_facts.set_index("kommun_kod").loc["0114", "population_2023"]) == 50110
    assert dataset.provenance["year_marks"] == [
        {"file": POPULATION, "column": header, "year": 2023, "mark": mark}
    ]
    report = check_report(dataset)
    assert (
        "Marked years (read as the year; check the table's footnotes, e.g. for preliminary figures):\n"
        f"  {POPULATION}: column '{header}' read as 2023 (mark '{mark}')\n"
        f"data_dir: {folder}\nMunicipalities: 1; areas: 12\n"
    ) in report


@pytest.mark.parametrize("header", ["Antal 2023 (rev)", "Antal 2023 kvinnor", "2023-12-31"])
def test_year_followed_by_other_text_is_refused(tmp_path: Path, header: str) -> None:
    folder = vasby_slice(tmp_path, {POPULATION: lambda t: t.replace('"Antal 2023"', f'"{header}"', 1)})
    assert load_error(folder) == (
        f"{folder / POPULATION}, line 1, column '{header}': the column header has text after its year: "
        "expected a header ending in the year, optionally followed by a mark ('*', '**', '***', 'prel', "
        "'prel.', 'preliminär', 'preliminära', 'preliminärt', 'preliminary', also in parentheses); "
        f"found '{header}'. Rename the column (e.g. 'Antal 2023') or export the table again."
    )


def test_two_columns_claiming_the_same_year_are_refused(tmp_path: Path) -> None:
    folder = vasby_slice(tmp_path, {POPULATION: lambda t: t.replace('"Antal 2022"', '"Antal 2023"', 1)})
    assert load_error(folder) == (
        f"{folder / POPULATION}, line 1, column 'Antal 2023': two columns have the same year: expected one "
        "column per year; found 'Antal 2023' (column 6) and 'Antal 2023' (column 7) both read as 2023."
    )


def test_a_marked_and_a_plain_column_of_the_same_year_are_refused(tmp_path: Path) -> None:
    folder = vasby_slice(tmp_path, {DWELLINGS: lambda t: t.replace('"Antal 2022"', '"Antal 2023*"', 1)})
    assert load_error(folder) == (
        f"{folder / DWELLINGS}, line 1, column 'Antal 2023': two columns have the same year: expected one "
        "column per year; found 'Antal 2023*' (column 5) and 'Antal 2023' (column 6) both read as 2023."
    )


VALLENTUNA_ROW = "0115,Vallentuna,0115C1010,Bollstanäs,0114R001\r\n"


def test_regso_under_two_municipalities_is_refused_when_the_wrong_row_comes_second(tmp_path: Path) -> None:
    folder = vasby_slice(tmp_path, {KEY: lambda t: t + VALLENTUNA_ROW})
    line = raw_line(folder / KEY, "0115,Vallentuna")
    assert line == 25
    assert load_error(folder) == (
        f"{folder / KEY}, line {line}, column 'Kommun': a RegSO under two municipalities in the DeSO-RegSO "
        "key: expected every row of a RegSO with the same municipality code; found 0114R001 under 0114 "
        f"Upplands Väsby on line 2 and under 0115 Vallentuna on line {line}. Use the key file as "
        "downloaded from SCB."
    )


def test_regso_under_two_municipalities_is_refused_when_the_wrong_row_comes_first(tmp_path: Path) -> None:
    def first(text: str) -> str:
        header, rest = text.split("\r\n", 1)
        return f"{header}\r\n{VALLENTUNA_ROW}{rest}"

    folder = vasby_slice(tmp_path, {KEY: first})
    assert load_error(folder) == (
        f"{folder / KEY}, line 3, column 'Kommun': a RegSO under two municipalities in the DeSO-RegSO key: "
        "expected every row of a RegSO with the same municipality code; "
        "found 0114R001 under 0115 Vallentuna on line 2 and under 0114 Upplands Väsby on line 3. "
        "Use the key file as downloaded from SCB."
    )


def test_regso_under_two_municipalities_in_two_key_files_names_both_files(tmp_path: Path) -> None:
    folder = vasby_slice(tmp_path)
    header = (folder / KEY).read_text(encoding="utf-8-sig").split("\n", 1)[0]
    (folder / "key_extra.csv").write_text(f"{header}\n0115,Vallentuna,0115C1010,Bollstanäs,0114R001\n")
    assert load_error(folder) == (
        f"{folder / 'key_extra.csv'}, line 2, column 'Kommun': a RegSO under two municipalities in the "
        "DeSO-RegSO key: expected every row of a RegSO with the same municipality code; found 0114R001 "
        f"under 0114 Upplands Väsby on line 2 of {KEY} and under 0115 Vallentuna on line 2 of "
        "key_extra.csv. Use the key file as downloaded from SCB."
    )


def test_regso_with_two_names_is_refused(tmp_path: Path) -> None:
    folder = vasby_slice(
        tmp_path, {KEY: lambda t: t.replace("0114C1030,Bollstanäs,", "0114C1030,Bollstanas,", 1)}
    )
    assert load_error(folder) == (
        f"{folder / KEY}, line 3, column 'RegSO_2020': a RegSO with two names in the DeSO-RegSO key: "
        "expected every row of a RegSO with the same RegSO name; "
        "found 0114R001 named 'Bollstanäs' on line 2 and named 'Bollstanas' on line 3. "
        "Use the key file as downloaded from SCB."
    )


def test_two_regso_with_the_same_label_are_refused(tmp_path: Path) -> None:
    folder = vasby_slice(tmp_path, {KEY: lambda t: t.replace(",Hammarby-Vaxmyra,", ",Bollstanäs,")})
    assert load_error(folder) == (
        f"{folder / KEY}, line 5, column 'RegSO_2020': two RegSO with the same name in one municipality in "
        "the DeSO-RegSO key: expected a label 'Kommun (RegSO-namn)' that names one RegSO; found 'Upplands "
        "Väsby (Bollstanäs)' as 0114R001 on line 2 and as 0114R002 on line 5. Use the key file as "
        "downloaded from SCB."
    )


@pytest.mark.parametrize(
    ("cell", "found"),
    [("5920.5", "'5920.5'"), ('"5,920"', "'5,920'"), ("5920.0", "'5920.0'"), ("1e3", "'1e3'")],
)
def test_non_integer_count_is_refused_with_file_line_column_and_value(
    tmp_path: Path, cell: str, found: str
) -> None:
    folder = vasby_slice(tmp_path, {POPULATION: lambda t: t.replace(",5982,5920\r", f",5982,{cell}\r", 1)})
    line = raw_line(folder / POPULATION, f",5982,{cell}")
    assert line == 3
    assert load_error(folder) == (
        f"{folder / POPULATION}, line {line}, column 'Antal 2023': the cell is not a whole number: "
        "expected a count written with digits only (no decimals, no thousands separator other than a space) "
        f"or '..'/'-' for a suppressed cell; found {found}."
    )


def test_non_integer_dwelling_count_later_in_the_file_names_its_line(tmp_path: Path) -> None:
    folder = vasby_slice(
        tmp_path,
        {DWELLINGS: lambda t: t.replace('"uppgift saknas",0,0,0,0\r', '"uppgift saknas",0,0,0.5,0\r', 1)},
    )
    line = raw_line(folder / DWELLINGS, ",0,0,0.5,0")
    assert line == 5
    assert load_error(folder) == (
        f"{folder / DWELLINGS}, line {line}, column 'Antal 2022': the cell is not a whole number: "
        "expected a count written with digits only (no decimals, no thousands separator other than a space) "
        "or '..'/'-' for a suppressed cell; found '0.5'."
    )


def test_thousands_spaces_in_counts_are_read(tmp_path: Path) -> None:
    folder = vasby_slice(tmp_path, {POPULATION: lambda t: t.replace(",5982,5920\r", ',5982,"5 920"\r', 1)})
    dataset = load_scb_exports(folder, cache=False)
    assert int(dataset.municipality_facts.set_index("kommun_kod").loc["0114", "population_2023"]) == 50110


def test_key_row_of_the_wrong_width_at_the_end_is_refused(tmp_path: Path) -> None:
    folder = vasby_slice(tmp_path, {KEY: lambda t: t.rstrip("\r\n").rsplit(",", 1)[0] + "\r\n"})
    line = raw_line(folder / KEY, "0114C1210")
    assert line == 24
    assert load_error(folder) == (
        f"{folder / KEY}, line {line}: the row has the wrong number of cells: "
        "expected 5 cells like the header; found 4 cells."
    )


def test_key_row_cut_to_its_municipality_code_is_refused(tmp_path: Path) -> None:
    folder = vasby_slice(tmp_path, {KEY: lambda t: t + "0114\r\n"})
    assert load_error(folder) == (
        f"{folder / KEY}, line 25: the row has the wrong number of cells: "
        "expected 5 cells like the header; found 1 cell."
    )


def test_recognised_footer_after_the_key_is_accepted(tmp_path: Path) -> None:
    footer = "\r\nKälla: SCB,,,,\r\nKoppling DeSO 2018 - RegSO 2020 (Regionala statistikområden)\r\n"
    folder = vasby_slice(tmp_path, {KEY: lambda t: t + footer})
    dataset = load_scb_exports(folder, cache=False)
    assert len(dataset.areas) == 12


def test_data_row_cut_short_at_the_end_of_an_export_is_refused(tmp_path: Path) -> None:
    cut = '"Upplands Väsby (Bollstanäs)","totalt","totalt",6062\r\r\n'
    folder = vasby_slice(tmp_path, {POPULATION: lambda t: t + cut})
    assert load_error(folder) == (
        f"{folder / POPULATION}, line 26: the row has the wrong number of cells: "
        "expected 7 cells like the header; found 4 cells."
    )


# --- size cap, bounded reading, unrelated files identified from their first lines ------------------------


def test_export_over_the_size_cap_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = vasby_slice(tmp_path)
    size = (folder / POPULATION).stat().st_size
    (folder / DWELLINGS).unlink()
    read: list[str] = []
    monkeypatch.setattr(scb_exports, "read_export", lambda path, **kw: read.append(path.name))
    assert (folder / KEY).stat().st_size < size
    with pytest.raises(InputDataError) as err:
        load_scb_exports(folder, cache=False, max_bytes=size - 1)
    assert str(err.value) == (
        f"{folder / POPULATION}: the file is larger than the size cap: expected at most 0.0 MB ({size - 1} "
        f"bytes); found 0.0 MB ({size} bytes). Export only the regions and years needed, or raise the cap "
        "(max_bytes, or the environment variable LABKIT_MAX_EXPORT_MB)."
    )
    assert read == []


def test_size_cap_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = SCB_DIR / DWELLINGS
    monkeypatch.setenv("LABKIT_MAX_EXPORT_MB", "0.5")
    assert scb_exports.size_cap(None) == 524288
    folder = tmp_path / "national"
    folder.mkdir()
    for name in (KEY, POPULATION, DWELLINGS):
        (folder / name).symlink_to(SCB_DIR / name)
    size = big.stat().st_size
    assert load_error(folder) == (
        f"{folder / DWELLINGS}: the file is larger than the size cap: expected at most 0.5 MB (524288 "
        f"bytes); found {size / 1048576:.1f} MB ({size} bytes). Export only the regions and years needed, "
        "or raise the cap (max_bytes, or the environment variable LABKIT_MAX_EXPORT_MB)."
    )
    monkeypatch.delenv("LABKIT_MAX_EXPORT_MB")
    assert scb_exports.size_cap(None) == scb_exports.DEFAULT_MAX_BYTES == 50 * 1024 * 1024


@pytest.mark.parametrize("setting", ["abc", "0", "-5", "inf", "nan"])
def test_invalid_size_cap_in_the_environment_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    monkeypatch.setenv("LABKIT_MAX_EXPORT_MB", setting)
    with pytest.raises(ConfigError) as err:
        load_scb_exports(MINI, cache=False)
    assert str(err.value) == (
        "parameter 'LABKIT_MAX_EXPORT_MB': invalid size cap: expected a positive number of megabytes, "
        f"e.g. 50; found '{setting}'."
    )


@pytest.mark.parametrize("value", [0, -1, 2.5, True])
def test_invalid_max_bytes_is_a_config_error(value: object) -> None:
    with pytest.raises(ConfigError) as err:
        load_scb_exports(MINI, cache=False, max_bytes=value)
    assert str(err.value) == (
        "parameter 'max_bytes': invalid size cap: expected a positive whole number of bytes; found "
        f"{value!r}."
    )


def write_unrelated(path: Path, rows: int, broken_at: int | None = None) -> None:
    """A CSV of measurements unrelated to SCB; row ``broken_at`` has a cell too many and a NUL byte."""
    lines = ["id,sensor,reading,status\n"]
    for n in range(rows):
        lines.append(f"{n},s{n % 7},{n * 0.5},ok\n" if n != broken_at else f"{n},s,\x00,1,2,3\n")
    path.write_text("".join(lines), encoding="utf-8")


def test_unrelated_csv_is_identified_from_its_first_lines_and_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = vasby_slice(tmp_path)
    write_unrelated(folder / "measurements.csv", 60_000, broken_at=50_000)
    assert (folder / "measurements.csv").stat().st_size > 10 * scb_exports.csvread.HEAD_BYTES
    read: list[str] = []
    real_read = scb_exports.read_export
    monkeypatch.setattr(
        scb_exports, "read_export", lambda path, **kw: read.append(path.name) or real_read(path, **kw)
    )
    dataset = load_scb_exports(folder, cache=False, max_bytes=100_000)
    assert read == [] and len(dataset.areas) == 12  # the small exports are taken whole from their sniff
    assert dataset.provenance["unrecognised"] == [
        {
            "file": "measurements.csv",
            "reason": "the header (id, sensor, reading, status) matches no known export",
        }
    ]


def test_large_export_is_read_whole_after_its_first_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "national"
    folder.mkdir()
    for name in (KEY, POPULATION):
        (folder / name).symlink_to(SCB_DIR / name)
    read: list[str] = []
    real_read = scb_exports.read_export
    monkeypatch.setattr(
        scb_exports, "read_export", lambda path, **kw: read.append(path.name) or real_read(path, **kw)
    )
    dataset = load_scb_exports(folder, cache=False)
    assert read == [KEY, POPULATION]
    assert len(dataset.areas) == 3363


def test_area_type_export_named_only_in_its_footer_is_recognised_from_the_tail(tmp_path: Path) -> None:
    folder = tmp_path / "national"
    folder.mkdir()
    for name in (KEY, POPULATION):
        (folder / name).symlink_to(SCB_DIR / name)
    text = (SCB_DIR / "regso_omradestyp_2022.csv").read_bytes().decode("utf-8-sig")
    text = text.replace("Upplands Väsby (Bollstanäs),4", "Upplands Väsby (Bollstanäs),7", 1)
    (folder / "typ.csv").write_bytes(text.encode("utf-8-sig"))
    assert len(text) > 64 * 1024 and "områdestyp" not in text[: 64 * 1024].casefold()
    assert load_error(folder) == (
        f"{folder / 'typ.csv'}, line 2, column 'omradestyp': area_type: invalid value: expected an area "
        "type 1-5; found 7."
    )


def test_cache_key_of_an_unrelated_file_is_its_first_and_last_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(cache))
    folder = vasby_slice(tmp_path)
    write_unrelated(folder / "measurements.csv", 60_000)
    load_scb_exports(folder)
    data = (folder / "measurements.csv").read_bytes()
    middle = data.index(b"\n50000,") + 1
    (folder / "measurements.csv").write_bytes(data[:middle] + b"5000X" + data[middle + 5 :])  # same size
    assert len(load_scb_exports(folder).areas) == 12
    assert len(list((cache / "scb-exports").glob("*.pickle"))) == 1
    with (folder / "measurements.csv").open("a") as handle:
        handle.write("60000,s1,1.0,ok\n")
    load_scb_exports(folder)
    assert len(list((cache / "scb-exports").glob("*.pickle"))) == 2


def test_small_key_with_more_rows_than_the_sniff_is_read_whole(tmp_path: Path) -> None:
    codes = ("0114", "0115", "0117", "0120", "0123", "0125", "0126", "0127", "0128", "0136", "0138", "0139")
    key_lines = (SCB_DIR / KEY).read_bytes().decode("utf-8-sig").split("\n")
    kept = [line for line in key_lines[1:] if line[:4] in codes]
    folder = tmp_path / "twelve"
    folder.mkdir()
    (folder / KEY).write_bytes("\n".join([key_lines[0], *kept, ""]).encode("utf-8-sig"))
    assert len(kept) > scb_exports.csvread.SNIFF_ROWS and (folder / KEY).stat().st_size < 64 * 1024
    names = {line.split(",")[1] for line in kept}
    rows = raw_rows(SCB_DIR / POPULATION)
    chosen = [rows[0], *(r for r in rows[1:] if r[0].split(" (")[0] in names)]
    (folder / POPULATION).write_text("\n".join(",".join(f'"{c}"' for c in r) for r in chosen) + "\n")
    dataset = load_scb_exports(folder, cache=False)
    assert len(dataset.areas) == len({line.split(",")[4].strip() for line in kept})
    assert sorted(dataset.areas["kommun_kod"].unique()) == sorted(codes)
    facts = dataset.municipality_facts.set_index("kommun_kod")
    expected = sum(int(r[6]) for r in rows[1:] if r[0].startswith("Österåker (") and r[1] == "totalt")
    assert int(facts.loc["0117", "population_2023"]) == expected


def test_unrelated_ragged_csv_is_skipped_with_the_reason(tmp_path: Path) -> None:
    folder = vasby_slice(tmp_path)
    (folder / "notes.csv").write_text("id,name,value\n1,a,2\n2,b\n")
    dataset = load_scb_exports(folder, cache=False)
    assert dataset.provenance["unrecognised"] == [
        {"file": "notes.csv", "reason": "not a CSV table: the row has the wrong number of cells (line 3)"}
    ]


def test_last_area_type_row_without_a_figure_is_not_dropped_as_footer(tmp_path: Path) -> None:
    folder = vasby_slice(tmp_path)
    lines = (SCB_DIR / "regso_omradestyp_2022.csv").read_bytes().decode("utf-8-sig").split("\n")
    vasby = [line for line in lines[1:] if line.startswith("Upplands Väsby (")]
    assert len(vasby) == 12
    last = vasby[-1].split(",")[0]
    text = "\n".join([lines[0], *vasby[:-1], f"{last},\r", ",\r", "Källa:,\r", "SCB,\r", ""])
    (folder / "typ.csv").write_bytes(text.encode("utf-8-sig"))
    assert load_error(folder) == (
        f"{folder / 'typ.csv'}, line 13: a region row without figures after the data: expected 2 cells: the "
        f"region label and its figures ('..' when suppressed); found '{last}'."
    )
