"""Tests for labkit.data.scb_api: rate limit, back-off, cache and errors, on recorded answers only."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import requests_cache

from labkit.data.scb_api import (
    CACHE_ENV,
    REGSO_TABLES,
    ReplayAdapter,
    Reply,
    ScbClient,
    SlidingWindowLimiter,
    _retry_delay,
    default_cache_dir,
    make_session,
)
from labkit.errors import ConfigError, InputDataError

RECORDED = Path(__file__).parent / "fixtures" / "recorded"
BASE = "https://statistikdatabasen.scb.se/api/v2"
SELECTION = {"Region": ["1462R*"], "Tid": ["2023"]}


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


def recorded(table: str = "TAB6586") -> Reply:
    """The recorded JSON-stat 2.0 answer of one table."""
    return Reply.json(RECORDED / f"scb_{table}_1462.json")


def client_with(handler, clock: FakeClock, cached: bool = True, **kwargs) -> tuple[ScbClient, ReplayAdapter]:
    """A client whose session answers from ``handler`` (in-memory cache unless ``cached`` is False)."""
    session = requests_cache.CachedSession(backend="memory") if cached else requests.Session()
    adapter = ReplayAdapter(handler)
    session.mount("https://", adapter)
    return ScbClient(session=session, clock=clock, sleep=clock.sleep, **kwargs), adapter


# --------------------------------------------------------------------------- rate limiter


def test_limiter_lets_ten_calls_through_and_the_eleventh_waits_for_the_window():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(10, 10.0, clock, clock.sleep)
    waits = [limiter.acquire() for _ in range(10)]
    assert waits == [0.0] * 10 and clock.sleeps == []
    assert limiter.acquire() == 10.0
    assert clock.sleeps == [10.0]


def test_limiter_window_slides_with_the_oldest_call():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(10, 10.0, clock, clock.sleep)
    for second in range(10):  # calls at t = 0, 1, ..., 9
        clock.now = float(second)
        limiter.acquire()
    clock.now = 9.5
    assert limiter.acquire() == pytest.approx(0.5)  # the call at t=0 leaves the window at t=10
    clock.now = 10.5
    assert limiter.acquire() == pytest.approx(0.5)  # the call at t=1 leaves at t=11
    clock.now = 30.0
    assert limiter.acquire() == 0.0


def test_limiter_rejects_a_nonsense_limit():
    with pytest.raises(ConfigError) as caught:
        SlidingWindowLimiter(0, 10.0)
    assert (
        str(caught.value)
        == "invalid rate limit: expected max_calls >= 1 and window > 0; found max_calls=0, window=10.0."
    )


def test_client_waits_before_the_eleventh_network_call_in_ten_seconds():
    clock = FakeClock()
    client, adapter = client_with(lambda request: recorded(), clock, cached=False)
    for _ in range(11):
        client.get_table("TAB6586", SELECTION)
    assert len(adapter.calls) == 11
    assert clock.sleeps == [10.0]


def test_cached_answers_do_not_count_against_the_limit():
    clock = FakeClock()
    client, adapter = client_with(lambda request: recorded(), clock)
    for _ in range(25):
        client.get_table("TAB6586", SELECTION)
    assert len(adapter.calls) == 1 and clock.sleeps == []


# --------------------------------------------------------------------------- back-off on 429


def answers(*replies: Reply):
    """A handler serving ``replies`` in turn (the last one repeats)."""
    queue = list(replies)
    return lambda request: queue.pop(0) if len(queue) > 1 else queue[0]


def too_many(retry_after: str | None = None) -> Reply:
    headers = {"Retry-After": retry_after} if retry_after else {}
    return Reply(429, b'{"title": "Too Many Requests"}', {"Content-Type": "application/json", **headers})


def test_429_honours_retry_after():
    clock = FakeClock()
    client, adapter = client_with(answers(too_many("7"), too_many("3"), recorded()), clock)
    frame = client.get_table("TAB6586", SELECTION)
    assert len(frame) == 8
    assert clock.sleeps == [7.0, 3.0] and len(adapter.calls) == 3


def test_429_without_retry_after_backs_off_exponentially():
    clock = FakeClock()
    client, _ = client_with(answers(too_many(), too_many(), too_many(), recorded()), clock)
    client.get_table("TAB6586", SELECTION)
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_429_that_persists_is_an_error_after_the_retries():
    clock = FakeClock()
    client, adapter = client_with(answers(too_many()), clock, max_retries=3)
    with pytest.raises(InputDataError) as caught:
        client.get_table("TAB6586", SELECTION)
    assert clock.sleeps == [1.0, 2.0, 4.0] and len(adapter.calls) == 4
    url = client.table_url("TAB6586", SELECTION)
    assert str(caught.value) == (
        f"{url}: the statistics API answered with an error: expected HTTP 200 with JSON; "
        "found HTTP 429 Too Many Requests after 3 retries."
    )


def test_retry_after_as_a_past_http_date_means_no_wait():
    response = requests.Response()
    response.headers["Retry-After"] = "Wed, 21 Oct 2015 07:28:00 GMT"
    assert _retry_delay(response, 4.0) == 0.0
    response.headers["Retry-After"] = "soon"
    assert _retry_delay(response, 4.0) == 4.0


def test_connection_errors_are_retried_then_reported():
    clock = FakeClock()

    def refuse(request):
        raise requests.ConnectionError("refused")

    client, adapter = client_with(refuse, clock, max_retries=2)
    with pytest.raises(InputDataError) as caught:
        client.get_table("TAB6586", SELECTION)
    assert clock.sleeps == [1.0, 2.0] and len(adapter.calls) == 3
    assert str(caught.value) == (
        f"{client.table_url('TAB6586', SELECTION)}: cannot reach the statistics API: "
        "expected an HTTP answer; found ConnectionError after 2 retries."
    )


# --------------------------------------------------------------------------- cache


def test_second_call_is_served_from_the_cache():
    clock = FakeClock()
    client, adapter = client_with(lambda request: recorded(), clock)
    first = client.get_table("TAB6586", SELECTION)
    second = client.get_table("TAB6586", SELECTION)
    assert len(adapter.calls) == 1
    assert first.equals(second)
    client.get_table("TAB6586", {"Region": ["1402R*"], "Tid": ["2023"]})  # another query: another call
    assert len(adapter.calls) == 2


def test_sqlite_cache_under_the_given_folder_survives_a_new_client(tmp_path):
    clock = FakeClock()
    calls = []
    for _ in range(2):
        session = make_session(tmp_path / "http")
        adapter = ReplayAdapter(lambda request: recorded())
        session.mount("https://", adapter)
        ScbClient(session=session, clock=clock, sleep=clock.sleep).get_table("TAB6586", SELECTION)
        calls.append(len(adapter.calls))
    assert calls == [1, 0]
    assert (tmp_path / "http" / "http_cache.sqlite").is_file()


def test_html_pages_are_not_cached(tmp_path):
    session = make_session(tmp_path)
    page = Reply(
        200, "<html><body>Underhåll</body></html>".encode(), {"Content-Type": "text/html; charset=utf-8"}
    )
    adapter = ReplayAdapter(lambda request: page)
    session.mount("https://", adapter)
    client = ScbClient(session=session, clock=FakeClock(), sleep=FakeClock().sleep)
    for _ in range(2):
        with pytest.raises(InputDataError):
            client.get_table("TAB6586", SELECTION)
    assert len(adapter.calls) == 2


def test_cache_dir_defaults_to_the_user_cache_and_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    assert default_cache_dir().parts[-2:] == ("labkit", "http")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "elsewhere"))
    assert default_cache_dir() == tmp_path / "elsewhere" / "http"  # the root of every labkit cache


# --------------------------------------------------------------------------- requests and answers


def test_table_url_asks_for_json_stat2_with_value_codes_per_variable():
    client, _ = client_with(lambda request: recorded(), FakeClock())
    url = urlsplit(client.table_url("TAB6572", {"Region": ["1462R*", "1402R*"], "Kon": ["1+2"]}, lang="en"))
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{BASE}/tables/TAB6572/data"
    assert parse_qs(url.query) == {
        "lang": ["en"],
        "outputFormat": ["json-stat2"],
        "valueCodes[Region]": ["1462R*,1402R*"],
        "valueCodes[Kon]": ["1+2"],
    }


def test_get_table_returns_tidy_rows_with_the_source_url():
    client, adapter = client_with(lambda request: recorded("TAB6572"), FakeClock())
    frame = client.get_table("TAB6572", SELECTION)
    assert frame.attrs["source"] == adapter.calls[0].url
    assert frame["Region"].drop_duplicates().tolist()[-2:] == ["1462R008", "1462R001_RegSO2025"]
    first = frame.iloc[0]
    assert (first["Region"], first["Fodelseregion_label"], first["Tid"], first["value"]) == (
        "1462R001",
        "Sverige",
        "2020",
        990.0,
    )


def test_codes_must_be_text():
    client, adapter = client_with(lambda request: recorded(), FakeClock())
    with pytest.raises(ConfigError) as caught:
        client.get_table("TAB6586", {"Region": [114]})
    assert str(caught.value) == (
        "invalid selection for variable 'Region': expected a non-empty list of codes as text, "
        "e.g. ['0114']; found [114]."
    )
    assert adapter.calls == []


def test_an_html_page_instead_of_json_names_the_url():
    page = Reply(200, b"<!DOCTYPE html><html>Statistikdatabasen</html>", {"Content-Type": "text/html"})
    client, _ = client_with(lambda request: page, FakeClock())
    with pytest.raises(InputDataError) as caught:
        client.get_table("TAB6586", SELECTION)
    assert str(caught.value) == (
        f"{client.table_url('TAB6586', SELECTION)}: the statistics API did not answer with JSON: expected "
        "Content-Type application/json; found text/html: '<!DOCTYPE html><html>Statistikdatabasen</html>'."
    )


def test_a_404_is_not_retried_and_names_the_status():
    clock = FakeClock()
    missing = Reply(404, b'{"title": "Not found"}', {"Content-Type": "application/json"})
    client, adapter = client_with(lambda request: missing, clock)
    with pytest.raises(InputDataError) as caught:
        client.get_table("TAB0000", SELECTION)
    assert len(adapter.calls) == 1 and clock.sleeps == []
    assert str(caught.value) == (
        f"{client.table_url('TAB0000', SELECTION)}: the statistics API answered with an error: "
        "expected HTTP 200 with JSON; found HTTP 404 Not Found."
    )


def test_broken_json_is_reported():
    broken = Reply(200, b'{"version": "2.0", "value": [1, 2', {"Content-Type": "application/json"})
    client, _ = client_with(lambda request: broken, FakeClock())
    with pytest.raises(InputDataError) as caught:
        client.get_table("TAB6586", SELECTION)
    assert str(caught.value) == (
        f"{client.table_url('TAB6586', SELECTION)}: the statistics API answered with broken JSON: "
        'expected valid JSON; found \'{"version": "2.0", "value": [1, 2\'.'
    )


def test_json_that_is_not_json_stat_names_the_url():
    odd = Reply.json({"error": "Unknown table"})
    client, _ = client_with(lambda request: odd, FakeClock())
    with pytest.raises(InputDataError) as caught:
        client.get_table("TAB6586", SELECTION)
    assert str(caught.value) == (
        f"{client.table_url('TAB6586', SELECTION)}: malformed JSON-stat 2.0 dataset: "
        "expected keys id, size, dimension, value; found no id, size, dimension, value."
    )


# --------------------------------------------------------------------------- the table registry


def test_regso_tables_are_the_four_exports_labkit_reads(scb_dir):
    assert list(REGSO_TABLES) == [
        "population_by_birth_region",
        "dwellings_by_tenure",
        "wage_income",
        "area_type",
    ]
    for spec in REGSO_TABLES.values():
        assert spec["table_id"].startswith("TAB") and len(spec["contents_code"]) == 8
        # the files fetch writes are named like the real Statistikdatabasen exports in ../shared
        assert list(scb_dir.glob(f"{spec['file_stem']}_*.csv")), spec["file_stem"]


def test_recorded_fixtures_are_json_stat2_of_the_registered_tables():
    for spec in REGSO_TABLES.values():
        data = json.loads((RECORDED / f"scb_{spec['table_id']}_1462.json").read_text(encoding="utf-8"))
        assert data["version"] == "2.0" and data["class"] == "dataset"
        assert spec["contents_code"] in data["dimension"]["ContentsCode"]["category"]["index"]
