"""Client for the Kolada v3 API (municipal key figures by KPI, municipality and year)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import requests

from labkit.data.scb_api import JsonHttp
from labkit.errors import ConfigError, InputDataError

DEFAULT_BASE_URL = "https://api.kolada.se/v3"

#: Kolada accepts only a limited number of ids per call, so requests are split into batches.
BATCH_SIZE = 20

#: A guard against a server whose ``next_page`` links go round in circles.
MAX_PAGES = 500

VALUE_COLUMNS = ["kommun_kod", "kommun", "year", "value", "gender"]


class KoladaClient:
    """Read KPI values for municipalities from Kolada v3, following ``next_page`` links.

    Parameters
    ----------
    base_url
        API root, ``https://api.kolada.se/v3``.
    session
        A ``requests.Session``; ``None`` makes a cached one (see
        :func:`labkit.data.scb_api.make_session`).
    cache_dir
        Folder of the HTTP cache when ``session`` is None.
    clock, sleep
        Injected time source and sleeper for the rate limiter and the back-off on HTTP 429.
    max_calls, window
        Client-side rate limit (Kolada publishes none; the default is SCB's 10 per 10 s).
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        session: requests.Session | None = None,
        cache_dir: str | Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        *,
        max_calls: int = 10,
        window: float = 10.0,
        max_retries: int = 5,
    ) -> None:
        self.http = JsonHttp(
            base_url,
            session,
            cache_dir,
            clock,
            sleep,
            max_calls=max_calls,
            window=window,
            max_retries=max_retries,
        )

    def get_values(
        self,
        kpi: str,
        municipalities: Sequence[str],
        years: Sequence[int] | None = None,
        *,
        with_names: bool = True,
    ) -> pd.DataFrame:
        """Values of one KPI for the total of both sexes (gender ``T``).

        Parameters
        ----------
        kpi
            KPI id, e.g. ``"N01951"`` (invånare totalt).
        municipalities
            Municipality codes as text, e.g. ``["1402", "1482"]``.
        years
            Years to fetch; ``None`` fetches every year Kolada has.
        with_names
            Also look up the municipality names (one more call) for a ``kommun`` column.

        Returns
        -------
        pandas.DataFrame
            Columns ``kommun_kod`` (text), ``kommun`` (text, if ``with_names``), ``year``
            (int), ``value`` (float, NaN where Kolada has no value) and ``gender`` (``"T"``),
            sorted by code and year.

        Raises
        ------
        ConfigError
            When a code is not four digits as text.
        InputDataError
            When the API fails or an answer lacks the documented fields.
        """
        codes = check_municipality_codes(municipalities)
        rows: list[dict[str, Any]] = []
        for url in self._data_urls(kpi, codes, years):
            for number, item in enumerate(self._pages(url)):
                rows.extend(_value_rows(item, number, url))
        frame = _values_frame(rows)
        if with_names:
            names = self.get_municipalities(codes)
            frame = frame.merge(names, on="kommun_kod", how="left")
            return frame[VALUE_COLUMNS]
        return frame[[c for c in VALUE_COLUMNS if c != "kommun"]]

    def get_municipalities(self, municipalities: Sequence[str]) -> pd.DataFrame:
        """Codes and names of municipalities: columns ``kommun_kod`` and ``kommun`` (text)."""
        codes = check_municipality_codes(municipalities)
        rows = []
        for batch in _batches(codes):
            url = self.http.url(f"municipality/{','.join(batch)}")
            for number, item in enumerate(self._pages(url)):
                if not isinstance(item, Mapping) or "id" not in item or "title" not in item:
                    raise _bad_item(url, number, "fields id and title", item)
                rows.append({"kommun_kod": str(item["id"]), "kommun": str(item["title"])})
        return pd.DataFrame(rows, columns=["kommun_kod", "kommun"]).astype("string")

    def _data_urls(self, kpi: str, codes: list[str], years: Sequence[int] | None) -> Iterator[str]:
        """One URL per batch of municipalities and years."""
        year_batches: Sequence[list[str] | None] = (
            [None] if years is None else _batches([str(int(y)) for y in years])
        )
        for code_batch in _batches(codes):
            for year_batch in year_batches:
                path = f"data/kpi/{kpi}/municipality/{','.join(code_batch)}"
                if year_batch is not None:
                    path += f"/year/{','.join(year_batch)}"
                yield self.http.url(path)

    def _pages(self, url: str) -> Iterator[Any]:
        """The items of every page, following ``next_page`` (``next_url`` in some v3 answers)."""
        seen: set[str] = set()
        next_url: str | None = url
        while next_url:
            if next_url in seen or len(seen) >= MAX_PAGES:
                raise InputDataError(
                    "Kolada paging does not end",
                    path=url,
                    expected=f"at most {MAX_PAGES} distinct pages",
                    found=f"a repeated or excess link {next_url}",
                )
            seen.add(next_url)
            page = self.http.get_json(next_url)
            if not isinstance(page, Mapping) or not isinstance(page.get("values"), list):
                raise InputDataError(
                    "not a Kolada answer",
                    path=next_url,
                    expected="an object with a 'values' list",
                    found=repr(page)[:80],
                )
            yield from page["values"]
            next_url = page.get("next_page") or page.get("next_url")


def check_municipality_codes(municipalities: Sequence[str]) -> list[str]:
    """The codes, checked to be four digits as text (``1402``; numbers would lose leading zeros).

    Raises
    ------
    ConfigError
        Naming the first bad code.
    """
    if isinstance(municipalities, str) or not municipalities:
        raise ConfigError(
            "municipalities must be a list of codes",
            expected="a non-empty list such as ['1402']",
            found=repr(municipalities),
        )
    for code in municipalities:
        if not (isinstance(code, str) and len(code) == 4 and code.isdigit()):
            raise ConfigError(
                "invalid municipality code",
                expected="four digits as text, e.g. '0114' or '1402'",
                found=f"{code!r} ({type(code).__name__})",
            )
    return list(dict.fromkeys(municipalities))


def _batches(items: Sequence[str]) -> list[list[str]]:
    """``items`` cut into lists of at most :data:`BATCH_SIZE`."""
    return [list(items[start : start + BATCH_SIZE]) for start in range(0, len(items), BATCH_SIZE)]


def _value_rows(item: Any, number: int, url: str) -> list[dict[str, Any]]:
    """Rows for the gender-``T`` values of one Kolada data item."""
    if not _is_data_item(item):
        raise _bad_item(url, number, "fields municipality, period (a year) and values (a list)", item)
    rows = []
    for entry in item["values"]:
        if isinstance(entry, Mapping) and entry.get("gender", "T") == "T":
            value = entry.get("value")
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
                raise _bad_item(url, number, "a number or null as value", entry)
            rows.append(
                {
                    "kommun_kod": str(item["municipality"]),
                    "year": int(item["period"]),
                    "value": float("nan") if value is None else float(value),
                    "gender": "T",
                }
            )
    return rows


def _is_data_item(item: Any) -> bool:
    """True for a Kolada data item with a municipality, a year as period and a list of values."""
    if not isinstance(item, Mapping) or not {"municipality", "period", "values"} <= set(item):
        return False
    return str(item["period"]).isdigit() and isinstance(item["values"], list)


def _values_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The value rows as a typed, sorted DataFrame."""
    frame = pd.DataFrame(rows, columns=["kommun_kod", "year", "value", "gender"])
    frame = frame.astype({"kommun_kod": "string", "year": "int64", "value": "float64", "gender": "string"})
    return frame.sort_values(["kommun_kod", "year"], ignore_index=True)


def _bad_item(url: str, number: int, expected: str, item: Any) -> InputDataError:
    """The error for a Kolada item that lacks documented fields."""
    return InputDataError(
        f"malformed Kolada item {number}", path=url, expected=expected, found=repr(item)[:80]
    )
