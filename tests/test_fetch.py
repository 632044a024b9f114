"""Tests for labkit.data.fetch: export-shaped files from recorded answers, read back by labkit's reader."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import requests_cache

from labkit.data.fetch import KEY_FILE, fetch, write_atomic
from labkit.data.kolada import KoladaClient
from labkit.data.scb_api import REGSO_TABLES, ReplayAdapter, Reply, ScbClient
from labkit.data.scb_exports import load_scb_exports
from labkit.errors import ConfigError, InputDataError

RECORDED = Path(__file__).parent / "fixtures" / "recorded"
SCB_FILES = [
    "regso_population_by_birth_region_2020_2023.csv",
    "regso_dwellings_by_tenure_2020_2023.csv",
    "regso_mean_wage_income_2020_2023.csv",
    "regso_omradestyp_2023.csv",
    KEY_FILE,
]


class FakeClock:
    """A clock that only moves when something sleeps; records every sleep."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def table_of(request) -> str:
    """The table id in a PxWebApi v2 data URL (``.../tables/<id>/data``)."""
    return urlsplit(request.url).path.split("/")[-2]


def recorded_scb(request) -> Reply:
    """The recorded answer of the requested table (Lilla Edet, 1462)."""
    return Reply.json(RECORDED / f"scb_{table_of(request)}_1462.json")


def scb_client(handler=recorded_scb) -> tuple[ScbClient, ReplayAdapter, FakeClock]:
    """An SCB client answering from ``handler`` through an in-memory cache."""
    clock = FakeClock()
    session = requests_cache.CachedSession(backend="memory")
    adapter = ReplayAdapter(handler)
    session.mount("https://", adapter)
    return ScbClient(session=session, clock=clock, sleep=clock.sleep, max_retries=2), adapter, clock


def first_line(path: Path) -> str:
    """The header line of a CSV file, without BOM and line end."""
    return path.read_text(encoding="utf-8-sig").splitlines()[0]


@pytest.fixture
def fetched(tmp_path) -> tuple[list[Path], ReplayAdapter]:
    """The SCB files fetched for Lilla Edet from the recorded answers."""
    client, adapter, _ = scb_client()
    return fetch("scb", ["1462"], tmp_path / "raw", client=client), adapter


# --------------------------------------------------------------------------- SCB files


def test_scb_fetch_writes_the_four_tables_and_the_key(fetched, tmp_path):
    paths, _ = fetched
    assert [p.name for p in paths] == SCB_FILES
    assert all(p.parent == tmp_path / "raw" for p in paths)
    assert sorted(p.name for p in (tmp_path / "raw").iterdir()) == sorted(
        SCB_FILES
    )  # no temporary files left


def test_headers_are_those_of_the_real_statistikdatabasen_exports(fetched, scb_dir):
    paths, _ = fetched
    for path in paths[:3]:  # population, dwellings, wage income: same years 2020-2023 as ../shared
        assert first_line(path) == first_line(scb_dir / path.name), path.name
    assert first_line(paths[3]) == ",2023"  # the real områdestyp export: ",2022"
    assert first_line(scb_dir / "regso_omradestyp_2022.csv") == ",2022"


def test_files_are_utf8_with_bom_quoted_and_windows_line_ends(fetched):
    paths, _ = fetched
    raw = paths[0].read_bytes()
    assert raw.startswith(b'\xef\xbb\xbf"region",')
    assert raw.count(b"\r\n") == 1 + 8 * 2 and b"\n" not in raw.replace(b"\r\n", b"")
    assert (
        raw.decode("utf-8-sig").splitlines()[1] == '"Lilla Edet (Göta)","Sverige","totalt",990,998,1006,1014'
    )


def test_only_regso_2020_of_the_asked_municipality_and_the_wage_component_are_kept(fetched):
    paths, _ = fetched
    population = pd.read_csv(paths[0], encoding="utf-8-sig", dtype=str)
    assert len(population) == 16  # 8 RegSO x (Sverige, totalt); the RegSO 2025 code is dropped
    assert population["region"].drop_duplicates().tolist()[0] == "Lilla Edet (Göta)"
    wage = pd.read_csv(paths[2], encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert wage["inkomstkomponent"].tolist() == ["löneinkomst "] * 8  # nettoinkomst is not written
    assert wage.loc[6, "Medelvärde för samtliga, tkr 2023"] == ".."  # suppressed stays suppressed
    assert wage.loc[0, "Medelvärde för samtliga, tkr 2021"] == "244.1"


def test_key_gives_codes_names_and_municipality(fetched):
    paths, _ = fetched
    key = pd.read_csv(paths[4], encoding="utf-8-sig", dtype=str)
    assert list(key.columns) == ["Kommun", "Kommunnamn", "RegSO_2020", "RegSOkod_2020"]
    assert key.iloc[0].tolist() == ["1462", "Lilla Edet", "Göta", "1462R001"]
    assert key["RegSOkod_2020"].tolist() == [f"1462R00{n}" for n in range(1, 9)]


def test_requests_ask_for_the_municipalitys_regso_the_contents_and_the_years(fetched):
    _, adapter = fetched
    asked = {table_of(call): parse_qs(urlsplit(call.url).query) for call in adapter.calls}
    assert list(asked) == [spec["table_id"] for spec in REGSO_TABLES.values()]
    for spec in REGSO_TABLES.values():
        query = asked[spec["table_id"]]
        assert query["valueCodes[Region]"] == ["1462R*"]
        assert query["valueCodes[ContentsCode]"] == [spec["contents_code"]]
        assert query["outputFormat"] == ["json-stat2"]
    assert asked["TAB6572"]["valueCodes[Tid]"] == ["2020,2021,2022,2023"]
    assert asked["TAB6586"]["valueCodes[Tid]"] == ["2023"]  # områdestyp: the last year only


def test_fetched_files_round_trip_through_load_scb_exports(fetched, tmp_path):
    dataset = load_scb_exports(tmp_path / "raw")
    assert dataset.areas["area_code"].tolist() == [f"1462R00{n}" for n in range(1, 9)]
    assert set(dataset.areas["kommun"]) == {"Lilla Edet"}
    population = dataset.population_by_birth_region.set_index(["area_code", "year"])
    # fixture: total = 1200 + 150 i + 7 k, born in Sweden = total - 210 - 9 i + k (area i, year 2020 + k)
    assert population.loc[("1462R001", 2020)].tolist() == [990, 210, 1200]
    assert population.loc[("1462R008", 2023)].tolist() == [2271 - 270, 270, 2271]
    facts = dataset.municipality_facts.iloc[0]
    assert (facts["n_regso"], facts["population_2023"], facts["born_abroad_2023"]) == (8, 13968, 1908)
    dwellings = dataset.dwellings_by_tenure.set_index(["area_code", "year"])
    assert dwellings.loc[("1462R002", 2021)].tolist() == [201, 45, 382, 0]
    wage = dataset.wage_income.set_index(["area_code", "year"])["mean_tkr"]
    assert wage[("1462R001", 2021)] == 244.1 and math.isnan(wage[("1462R007", 2023)])
    assert dataset.suppressed[["table", "kommun_kod", "year", "column", "count"]].values.tolist() == [
        ["wage_income", "1462", 2023, "mean_tkr", 1]
    ]
    assert dataset.area_type["omradestyp"].tolist() == [3, 3, 3, 4, 4, 4, 4, 3]
    assert dataset.provenance["unrecognised"] == [] and dataset.provenance["missing_tables"] == []


def test_years_decide_the_selection_and_the_file_names(tmp_path):
    client, adapter, _ = scb_client()
    paths = fetch("scb", ["1462"], tmp_path, client=client, years=[2022, 2021])
    assert [p.name for p in paths][:4] == [
        "regso_population_by_birth_region_2021_2022.csv",
        "regso_dwellings_by_tenure_2021_2022.csv",
        "regso_mean_wage_income_2021_2022.csv",
        "regso_omradestyp_2022.csv",
    ]
    assert parse_qs(urlsplit(adapter.calls[0].url).query)["valueCodes[Tid]"] == ["2021,2022"]


def test_a_municipality_without_regso_in_the_answer_is_an_error(tmp_path):
    client, adapter, _ = scb_client()
    with pytest.raises(InputDataError) as caught:
        fetch("scb", ["1402"], tmp_path, client=client)
    assert str(caught.value) == (
        f"{adapter.calls[0].url}: no RegSO figures in the answer: expected RegSO 2020 codes (e.g. "
        "'1402R001') of 1402; found 1462R001, 1462R002, 1462R003, 1462R004, 1462R005."
    )
    assert list(tmp_path.iterdir()) == []


def test_a_server_error_after_the_retries_leaves_no_half_files(tmp_path):
    failing = Reply(500, b"<html>Internal Server Error</html>", {"Content-Type": "text/html"})

    def handler(request):
        return failing if table_of(request) == "TAB6258" else recorded_scb(request)

    client, adapter, clock = scb_client(handler)
    with pytest.raises(InputDataError) as caught:
        fetch("scb", ["1462"], tmp_path, client=client)
    assert str(caught.value) == (
        f"{adapter.calls[-1].url}: the statistics API answered with an error: "
        "expected HTTP 200 with JSON; found HTTP 500 Internal Server Error."
    )
    assert clock.sleeps == []  # 500 is not worth retrying; 502/503/504 and 429 are
    assert [p.name for p in tmp_path.iterdir()] == ["regso_population_by_birth_region_2020_2023.csv"]


def test_a_label_not_shaped_kommun_regso_name_is_reported(tmp_path):
    def handler(request):
        data = json.loads((RECORDED / f"scb_{table_of(request)}_1462.json").read_text(encoding="utf-8"))
        data["dimension"]["Region"]["category"]["label"]["1462R001"] = "1462R001"
        return Reply.json(data)

    client, adapter, _ = scb_client(handler)
    with pytest.raises(InputDataError) as caught:
        fetch("scb", ["1462"], tmp_path, client=client)
    assert str(caught.value) == (
        f"{adapter.calls[0].url}: unexpected label of region 1462R001: "
        "expected 'Kommun (RegSO-namn)', e.g. 'Partille (Furulund)'; found '1462R001'."
    )
    assert KEY_FILE not in [p.name for p in tmp_path.iterdir()]


# --------------------------------------------------------------------------- Kolada file


def kolada_client() -> KoladaClient:
    """A Kolada client answering from the recorded pages and names."""

    def handler(request):
        url = urlsplit(request.url)
        if url.path.startswith("/v3/municipality/"):
            return Reply.json(RECORDED / "kolada_municipality_1402_1462.json")
        return Reply.json(RECORDED / f"kolada_N01951_page{'2' if 'page=2' in url.query else '1'}.json")

    clock = FakeClock()
    session = requests_cache.CachedSession(backend="memory")
    session.mount("https://", ReplayAdapter(handler))
    return KoladaClient(session=session, clock=clock, sleep=clock.sleep)


def test_kolada_fetch_writes_the_columns_of_the_shared_kolada_file(tmp_path, shared_data):
    paths = fetch("kolada", ["1402", "1462"], tmp_path, client=kolada_client(), years=[2022, 2023])
    assert [p.name for p in paths] == ["kolada_N01951_2022_2023.csv"]
    real = shared_data / "kolada" / "gr_population_N01951_1970_2024.csv"
    assert first_line(paths[0]) == first_line(real) == "kommunkod,kommun,year,population_31dec,kpi"
    assert paths[0].read_text(encoding="utf-8").splitlines()[1:] == [
        "1402,Partille,2022,40561.0,N01951",
        "1402,Partille,2023,40730.0,N01951",
        "1462,Lilla Edet,2022,14351.0,N01951",
        "1462,Lilla Edet,2023,14426.0,N01951",
    ]
    back = pd.read_csv(paths[0], dtype={"kommunkod": str})
    assert back["kommunkod"].tolist() == ["1402", "1402", "1462", "1462"]


def test_kolada_without_values_is_an_error(tmp_path):
    clock = FakeClock()
    session = requests_cache.CachedSession(backend="memory")
    session.mount("https://", ReplayAdapter(lambda request: Reply.json({"values": [], "next_page": None})))
    client = KoladaClient(session=session, clock=clock, sleep=clock.sleep)
    with pytest.raises(InputDataError) as caught:
        fetch("kolada", ["1402"], tmp_path, client=client, kpis=["N00914"])
    assert str(caught.value) == (
        "https://api.kolada.se/v3: Kolada has no values of N00914: expected values for 1402; found none."
    )


# --------------------------------------------------------------------------- arguments and writing


def test_unknown_kind_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError) as caught:
        fetch("kolada2", ["1402"], tmp_path)
    assert str(caught.value) == "unknown data source: expected one of 'scb', 'kolada'; found 'kolada2'."


def test_numeric_municipality_code_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError) as caught:
        fetch("scb", [180], tmp_path)
    assert str(caught.value) == (
        "invalid municipality code: expected four digits as text, e.g. '0114' or '1402'; found 180 (int)."
    )


def test_write_atomic_keeps_the_old_file_when_the_move_fails(tmp_path, monkeypatch):
    target = tmp_path / "table.csv"
    target.write_text("old\n", encoding="utf-8")

    def broken_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


@pytest.mark.parametrize(
    ("years", "found"),
    [([2023, 2024], "2024"), (["2023"], "'2023'"), ([], "no years")],
)
def test_scb_years_must_be_numbers_within_regso_2020(tmp_path, years, found):
    client, adapter, _ = scb_client()
    with pytest.raises(ConfigError) as caught:
        fetch("scb", ["1462"], tmp_path / "out", client=client, years=years)
    assert str(caught.value) == (
        "years outside the RegSO 2020 series: expected a non-empty list of years up to 2023 as numbers; "
        f"found {found}. SCB answers 0 rather than '..' for RegSO 2020 areas after 2023; "
        "those years belong to RegSO 2025."
    )
    assert adapter.calls == [] and not (tmp_path / "out").exists()


def test_a_client_of_the_other_kind_is_a_config_error(tmp_path):
    client, _, _ = scb_client()
    with pytest.raises(ConfigError) as caught:
        fetch("kolada", ["1462"], tmp_path, client=client)
    assert str(caught.value) == (
        "the client does not match the data source: expected KoladaClient; found ScbClient."
    )
