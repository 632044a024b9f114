"""Tests for labkit.data.kolada: paging, gender T, names and errors, on recorded Kolada v3 answers."""

from __future__ import annotations

import math
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests_cache

from labkit.data.kolada import KoladaClient, check_municipality_codes
from labkit.data.scb_api import ReplayAdapter, Reply
from labkit.errors import ConfigError, InputDataError

RECORDED = Path(__file__).parent / "fixtures" / "recorded"
BASE = "https://api.kolada.se/v3"
DATA_URL = f"{BASE}/data/kpi/N01951/municipality/1402,1462/year/2022,2023"


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


def recorded(request) -> Reply:
    """Serve the recorded Kolada answers by URL: two data pages and the municipality names."""
    url = urlsplit(request.url)
    if url.path.startswith("/v3/municipality/"):
        return Reply.json(RECORDED / "kolada_municipality_1402_1462.json")
    page = "page2" if "page=2" in url.query else "page1"
    return Reply.json(RECORDED / f"kolada_N01951_{page}.json")


def client_with(handler, clock: FakeClock | None = None) -> tuple[KoladaClient, ReplayAdapter]:
    """A client whose cached in-memory session answers from ``handler``."""
    clock = clock or FakeClock()
    session = requests_cache.CachedSession(backend="memory")
    adapter = ReplayAdapter(handler)
    session.mount("https://", adapter)
    return KoladaClient(session=session, clock=clock, sleep=clock.sleep), adapter


def test_values_follow_next_page_and_keep_gender_t():
    client, adapter = client_with(recorded)
    frame = client.get_values("N01951", ["1402", "1462"], [2022, 2023])
    assert [call.url for call in adapter.calls] == [
        DATA_URL,
        f"{DATA_URL}?page=2&per_page=3",
        f"{BASE}/municipality/1402,1462",
    ]
    assert list(frame.columns) == ["kommun_kod", "kommun", "year", "value", "gender"]
    assert frame.to_dict("list") == {
        "kommun_kod": ["1402", "1402", "1462", "1462"],
        "kommun": ["Partille", "Partille", "Lilla Edet", "Lilla Edet"],
        "year": [2022, 2023, 2022, 2023],
        "value": [40561.0, 40730.0, 14351.0, 14426.0],  # the women-only entry (7100) is left out
        "gender": ["T", "T", "T", "T"],
    }
    assert str(frame["kommun_kod"].dtype) == "string"


def test_second_call_comes_from_the_cache():
    client, adapter = client_with(recorded)
    client.get_values("N01951", ["1402", "1462"], [2022, 2023])
    client.get_values("N01951", ["1402", "1462"], [2022, 2023])
    assert len(adapter.calls) == 3


def test_without_names_no_municipality_call_is_made():
    client, adapter = client_with(recorded)
    frame = client.get_values("N01951", ["1402", "1462"], [2022, 2023], with_names=False)
    assert list(frame.columns) == ["kommun_kod", "year", "value", "gender"]
    assert len(adapter.calls) == 2


def test_next_url_links_are_followed_too_and_null_is_missing():
    pages = {
        "1": {
            "values": [
                {
                    "kpi": "N01951",
                    "municipality": "0114",
                    "period": 2024,
                    "values": [{"gender": "T", "value": None, "status": "Missing"}],
                }
            ],
            "next_url": f"{BASE}/data/kpi/N01951/municipality/0114?page=2",
        },
        "2": {
            "values": [
                {
                    "kpi": "N01951",
                    "municipality": "0114",
                    "period": 2023,
                    "values": [{"gender": "T", "value": 50000}],
                }
            ],
            "next_url": None,
        },
    }
    client, adapter = client_with(lambda request: Reply.json(pages["2" if "page=2" in request.url else "1"]))
    frame = client.get_values("N01951", ["0114"], with_names=False)
    assert adapter.calls[0].url == f"{BASE}/data/kpi/N01951/municipality/0114"  # no years: every year
    assert frame["year"].tolist() == [2023, 2024]
    assert frame["value"].iloc[0] == 50000.0 and math.isnan(frame["value"].iloc[1])


def test_many_municipalities_are_split_into_batches_of_twenty():
    codes = [f"{1400 + n:04d}" for n in range(25)]
    client, adapter = client_with(lambda request: Reply.json({"values": [], "next_page": None}))
    client.get_values("N01951", codes, [2023], with_names=False)
    paths = [urlsplit(call.url).path for call in adapter.calls]
    assert paths == [
        f"/v3/data/kpi/N01951/municipality/{','.join(codes[:20])}/year/2023",
        f"/v3/data/kpi/N01951/municipality/{','.join(codes[20:])}/year/2023",
    ]


def test_429_is_retried_with_retry_after():
    clock = FakeClock()
    queue = [Reply(429, b"{}", {"Content-Type": "application/json", "Retry-After": "2"})]

    def handler(request):
        return queue.pop(0) if queue else recorded(request)

    client, _ = client_with(handler, clock)
    frame = client.get_values("N01951", ["1402", "1462"], [2022, 2023], with_names=False)
    assert len(frame) == 4 and clock.sleeps == [2.0]


@pytest.mark.parametrize(
    ("codes", "found"),
    [([1402], "1402 (int)"), (["140"], "'140' (str)"), (["14O2"], "'14O2' (str)")],
)
def test_codes_must_be_four_digits_as_text(codes, found):
    with pytest.raises(ConfigError) as caught:
        check_municipality_codes(codes)
    assert str(caught.value) == (
        f"invalid municipality code: expected four digits as text, e.g. '0114' or '1402'; found {found}."
    )


def test_a_single_string_is_not_a_list_of_codes():
    with pytest.raises(ConfigError) as caught:
        check_municipality_codes("1402")
    assert str(caught.value) == (
        "municipalities must be a list of codes: expected a non-empty list such as ['1402']; found '1402'."
    )


def test_an_item_without_period_is_reported_with_the_url():
    bad = {"values": [{"kpi": "N01951", "municipality": "1402", "values": []}], "next_page": None}
    client, _ = client_with(lambda request: Reply.json(bad))
    with pytest.raises(InputDataError) as caught:
        client.get_values("N01951", ["1402"], [2023], with_names=False)
    assert str(caught.value) == (
        f"{BASE}/data/kpi/N01951/municipality/1402/year/2023: malformed Kolada item 0: "
        "expected fields municipality, period (a year) and values (a list); "
        "found {'kpi': 'N01951', 'municipality': '1402', 'values': []}."
    )


def test_a_value_that_is_text_is_reported():
    bad = {
        "values": [
            {
                "kpi": "N01951",
                "municipality": "1402",
                "period": 2023,
                "values": [{"gender": "T", "value": "40 730"}],
            }
        ],
        "next_page": None,
    }
    client, _ = client_with(lambda request: Reply.json(bad))
    with pytest.raises(InputDataError) as caught:
        client.get_values("N01951", ["1402"], [2023], with_names=False)
    assert str(caught.value) == (
        f"{BASE}/data/kpi/N01951/municipality/1402/year/2023: malformed Kolada item 0: "
        "expected a number or null as value; found {'gender': 'T', 'value': '40 730'}."
    )


def test_an_answer_without_values_is_not_kolada():
    client, _ = client_with(lambda request: Reply.json({"error": "Bad request"}))
    with pytest.raises(InputDataError) as caught:
        client.get_values("N01951", ["1402"], [2023], with_names=False)
    assert str(caught.value) == (
        f"{BASE}/data/kpi/N01951/municipality/1402/year/2023: not a Kolada answer: "
        "expected an object with a 'values' list; found {'error': 'Bad request'}."
    )


def test_paging_that_loops_is_stopped():
    url = f"{BASE}/data/kpi/N01951/municipality/1402/year/2023"
    client, adapter = client_with(lambda request: Reply.json({"values": [], "next_page": url}))
    with pytest.raises(InputDataError) as caught:
        client.get_values("N01951", ["1402"], [2023], with_names=False)
    assert len(adapter.calls) == 1
    assert str(caught.value) == (
        f"{url}: Kolada paging does not end: expected at most 500 distinct pages; found a repeated or "
        f"excess link {url}."
    )
