"""SCB PxWebApi v2 client, plus the cached, rate-limited, retrying JSON transport the Kolada client shares."""

from __future__ import annotations

import email.utils
import io
import json
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
import requests
import urllib3
from requests.adapters import BaseAdapter, HTTPAdapter

from labkit import paths
from labkit.data.jsonstat import parse_jsonstat
from labkit.errors import ConfigError, InputDataError

DEFAULT_BASE_URL = "https://statistikdatabasen.scb.se/api/v2"

#: SCB's published limit: at most 10 calls per 10 seconds from one IP address.
SCB_MAX_CALLS = 10
SCB_WINDOW_SECONDS = 10.0

#: Environment variable that moves the HTTP cache (default: the user cache dir, ``.../labkit/http``).
CACHE_ENV = paths.CACHE_ENV

#: Statuses worth retrying: too many requests, and the server being briefly unavailable.
RETRY_STATUSES = (429, 502, 503, 504)

#: The RegSO tables labkit reads, in ONE place.
#:
#: TO BE CHECKED against the live API (they come from public code, not from SCB's documentation): table ids,
#: ContentsCodes, variable codes and value codes are taken from public code that queries these
#: tables through PxWebApi v1/v2 (GitHub projects), not from an answer seen here, because SCB
#: is unreachable from this machine. Notes per table:
#:
#: - population: FolkmDesoLandKon; Fodelseregion ``sv`` (Sverige) and ``tot`` (totalt).
#: - dwellings: BO0104T10N, the DeSO 2018/RegSO 2020 table (2015-2023, no longer updated).
#: - wage income: Tab2InkDesoRegso; 000008A4 is "medelvärde" in public code, which calls it
#:   "SEK thousands, 2024 prices", so figures may differ from older current-price exports.
#:   The wage component's code was not found, so all components are asked for (``*``) and
#:   ``keep_labels`` keeps the row labelled "löneinkomst".
#: - områdestyp: the socio-economic index table; 000008IU is the områdestyp (class 1-5) in
#:   public code. The older export in ../shared/data says "Intern referenskod: 000005QX".
#:
#: Region codes of RegSO 2020 look like ``1402R003``; RegSO 2025 codes carry a ``_RegSO2025``
#: suffix and are dropped by :data:`REGSO_2020_PATTERN`. SCB answers 0, not ``..``, for RegSO 2020
#: codes after 2023, so years after :data:`REGSO_2020_LAST_YEAR` are refused.
REGSO_TABLES: dict[str, dict[str, Any]] = {
    "population_by_birth_region": {
        "table_id": "TAB6572",
        "px_path": "BE/BE0101/BE0101Y/FolkmDesoLandKon",
        "contents_code": "000007Y5",
        "selection": {"Fodelseregion": ["sv", "tot"], "Kon": ["1+2"]},
        "keep_labels": {},
        "file_stem": "regso_population_by_birth_region",
        "decimals": 0,
        "layout": "stub",
    },
    "dwellings_by_tenure": {
        "table_id": "TAB6258",
        "px_path": "BO/BO0104/BO0104X/BO0104T10N",
        "contents_code": "000006OC",
        "selection": {"Upplatelseform": ["*"]},
        "keep_labels": {},
        "file_stem": "regso_dwellings_by_tenure",
        "decimals": 0,
        "layout": "stub",
    },
    "wage_income": {
        "table_id": "TAB6683",
        "px_path": "HE/HE0110/HE0110I/Tab2InkDesoRegso",
        "contents_code": "000008A4",
        "selection": {"Inkomstkomponenter": ["*"], "Kon": ["1+2"]},
        "keep_labels": {"Inkomstkomponenter": "löneinkomst"},
        "file_stem": "regso_mean_wage_income",
        "decimals": 1,
        "layout": "stub",
    },
    "area_type": {
        "table_id": "TAB6586",
        "px_path": None,
        "contents_code": "000008IU",
        "selection": {},
        "keep_labels": {},
        "file_stem": "regso_omradestyp",
        "decimals": 0,
        "layout": "omradestyp",
    },
}

#: RegSO 2020 codes: municipality code, ``R``, three digits (no ``_RegSO2025`` suffix).
REGSO_2020_PATTERN = r"^\d{4}R\d{3}$"

#: The last year SCB publishes for RegSO 2020 codes; later years belong to RegSO 2025.
REGSO_2020_LAST_YEAR = 2023


def default_cache_dir() -> Path:
    """The folder of the HTTP cache: ``$LABKIT_CACHE_DIR`` or the user cache dir plus ``labkit/http``."""
    return paths.cache("http")


def make_session(
    cache_dir: str | Path | None = None, expire_after: timedelta = timedelta(days=30)
) -> requests.Session:
    """A requests session that caches successful JSON answers in SQLite under ``cache_dir``.

    Parameters
    ----------
    cache_dir
        Folder of the cache file; ``None`` means :func:`default_cache_dir`.
    expire_after
        How long a cached answer is reused before it is fetched again.

    Returns
    -------
    requests_cache.CachedSession
        Only HTTP 200 answers whose content type is JSON are stored, so an HTML error page
        is never served from the cache.
    """
    import requests_cache

    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return requests_cache.CachedSession(
        str(folder / "http_cache"),
        backend="sqlite",
        expire_after=expire_after,
        allowable_codes=(200,),
        filter_fn=_is_json_response,
    )


def _is_json_response(response: requests.Response) -> bool:
    """True for answers whose content type says JSON (JSON-stat included)."""
    return "json" in response.headers.get("Content-Type", "").lower()


class SlidingWindowLimiter:
    """At most ``max_calls`` calls in any ``window`` seconds; a call that would exceed it waits.

    Parameters
    ----------
    max_calls, window
        The limit, e.g. SCB's 10 calls per 10 seconds.
    clock, sleep
        Time source and sleeper; tests inject a fake clock whose ``sleep`` advances it.
    """

    def __init__(
        self,
        max_calls: int = SCB_MAX_CALLS,
        window: float = SCB_WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_calls < 1 or window <= 0:
            raise ConfigError(
                "invalid rate limit",
                expected="max_calls >= 1 and window > 0",
                found=f"max_calls={max_calls}, window={window}",
            )
        self.max_calls, self.window = max_calls, window
        self._clock, self._sleep = clock, sleep
        self._calls: deque[float] = deque()

    def acquire(self) -> float:
        """Wait until one more call fits in the window, record it, and return the seconds waited."""
        waited = 0.0
        now = self._clock()
        self._forget_before(now)
        while len(self._calls) >= self.max_calls:
            pause = self._calls[0] + self.window - now
            self._sleep(pause)
            waited += pause
            now = self._clock()
            self._forget_before(now)
        self._calls.append(now)
        return waited

    def _forget_before(self, now: float) -> None:
        """Drop calls that left the window."""
        while self._calls and self._calls[0] <= now - self.window:
            self._calls.popleft()


class RateLimitedAdapter(BaseAdapter):
    """A transport adapter that asks a limiter before every real network call.

    Mounted in front of the session's own adapter, it sits *behind* requests-cache, so answers
    served from the cache do not count against the limit.
    """

    def __init__(self, inner: BaseAdapter, limiter: SlidingWindowLimiter) -> None:
        super().__init__()
        self.inner, self.limiter = inner, limiter

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float | None, float | None] | None = None,
        verify: bool | str = True,
        cert: str | tuple[str, str] | None = None,
        proxies: dict[str, str] | None = None,
    ) -> requests.Response:
        """Wait for the limiter, then send through the wrapped adapter."""
        self.limiter.acquire()
        return self.inner.send(
            request, stream=stream, timeout=timeout, verify=verify, cert=cert, proxies=proxies
        )

    def close(self) -> None:
        """Close the wrapped adapter."""
        self.inner.close()


@dataclass
class Reply:
    """One recorded HTTP answer: status, body bytes and headers."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, payload: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Reply:
        """A JSON answer from a Python object or the text of a JSON file (``Path``)."""
        body = payload.read_bytes() if isinstance(payload, Path) else json.dumps(payload).encode("utf-8")
        return cls(status, body, {"Content-Type": "application/json; charset=utf-8", **(headers or {})})


class ReplayAdapter(HTTPAdapter):
    """A transport adapter that answers from recorded replies instead of the network.

    Parameters
    ----------
    handler
        Called with each prepared request; returns the :class:`Reply` to serve.

    Attributes
    ----------
    calls : list of requests.PreparedRequest
        Every request that reached the adapter (cache hits never do).
    """

    def __init__(self, handler: Callable[[requests.PreparedRequest], Reply]) -> None:
        super().__init__()
        self.handler = handler
        self.calls: list[requests.PreparedRequest] = []

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float | None, float | None] | None = None,
        verify: bool | str = True,
        cert: str | tuple[str, str] | None = None,
        proxies: dict[str, str] | None = None,
    ) -> requests.Response:
        """Record the request and build a real ``requests.Response`` from the handler's reply."""
        self.calls.append(request)
        reply = self.handler(request)
        raw = urllib3.HTTPResponse(
            body=io.BytesIO(reply.body),
            headers=reply.headers,
            status=reply.status,
            reason=HTTPStatus(reply.status).phrase,
            preload_content=False,
            decode_content=False,
        )
        return self.build_response(request, raw)


class JsonHttp:
    """GET JSON over a cached session with a sliding-window rate limit and back-off on 429.

    Parameters
    ----------
    base_url
        Root of the API; the rate limiter is mounted on its scheme and host.
    session
        A ``requests.Session`` (e.g. a ``requests_cache.CachedSession``); ``None`` makes a
        cached one under ``cache_dir``.
    cache_dir
        Folder of the HTTP cache when ``session`` is None.
    clock, sleep
        Injected time source and sleeper (for the limiter and the back-off).
    max_calls, window
        The rate limit.
    max_retries, backoff
        Retries after HTTP 429/5xx or a connection error; the n-th retry waits
        ``Retry-After`` seconds if the server sent it, else ``backoff * 2**n``.
    timeout
        Seconds to wait for an answer.
    """

    def __init__(
        self,
        base_url: str,
        session: requests.Session | None = None,
        cache_dir: str | Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        *,
        max_calls: int = SCB_MAX_CALLS,
        window: float = SCB_WINDOW_SECONDS,
        max_retries: int = 5,
        backoff: float = 1.0,
        timeout: float = 60.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session if session is not None else make_session(cache_dir)
        self.limiter = SlidingWindowLimiter(max_calls, window, clock, sleep)
        self._sleep, self.max_retries, self.backoff, self.timeout = sleep, max_retries, backoff, timeout
        parts = urlsplit(self.base_url)
        host_root = f"{parts.scheme}://{parts.netloc}/"
        inner = self.session.get_adapter(host_root)
        if isinstance(inner, RateLimitedAdapter):  # a second client on the same session: do not count twice
            inner = inner.inner
        self.session.mount(host_root, RateLimitedAdapter(inner, self.limiter))

    def url(self, path: str, params: Mapping[str, str] | None = None) -> str:
        """The full URL of ``path`` under the base URL with query ``params`` encoded."""
        return (
            requests.Request("GET", f"{self.base_url}/{path.lstrip('/')}", params=params).prepare().url or ""
        )

    def get_json(self, url: str) -> Any:
        """GET ``url`` and decode its JSON answer, retrying on 429/5xx with back-off.

        Raises
        ------
        InputDataError
            When the answer is still an error after the retries, is not JSON (e.g. an HTML
            page) or cannot be decoded; the message names the URL.
        """
        response = self._get_with_retries(url)
        if response.status_code != 200:
            raise InputDataError(
                "the statistics API answered with an error",
                path=url,
                expected="HTTP 200 with JSON",
                found=f"HTTP {response.status_code} {response.reason or ''}".rstrip()
                + _retried(response.status_code, self.max_retries),
            )
        return _decode_json(response, url)

    def _get_with_retries(self, url: str) -> requests.Response:
        """The first answer that is not a retryable status, or the last one after the retries."""
        for attempt in range(self.max_retries + 1):
            last_try = attempt == self.max_retries
            try:
                response = self.session.get(url, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as err:
                if last_try:
                    raise InputDataError(
                        "cannot reach the statistics API",
                        path=url,
                        expected="an HTTP answer",
                        found=f"{type(err).__name__} after {self.max_retries} retries",
                    ) from err
                self._sleep(self.backoff * 2**attempt)
                continue
            if response.status_code not in RETRY_STATUSES or last_try:
                return response
            self._sleep(_retry_delay(response, self.backoff * 2**attempt))
        raise AssertionError("unreachable")  # the loop always returns or raises


def _retried(status: int, retries: int) -> str:
    """Text saying the status persisted through the retries, for retryable statuses."""
    return f" after {retries} retries" if status in RETRY_STATUSES else ""


def _retry_delay(response: requests.Response, fallback: float) -> float:
    """Seconds to wait before retrying: ``Retry-After`` (seconds or HTTP date) or ``fallback``."""
    header = response.headers.get("Retry-After", "").strip()
    if header.isdigit():
        return float(header)
    if header:
        try:
            when = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError):
            return fallback
        return max(0.0, when.timestamp() - time.time())
    return fallback


def _decode_json(response: requests.Response, url: str) -> Any:
    """The decoded JSON body, or an InputDataError naming what came instead."""
    content_type = response.headers.get("Content-Type", "")
    snippet = response.text[:60].replace("\n", " ").strip()
    if "json" not in content_type.lower():
        raise InputDataError(
            "the statistics API did not answer with JSON",
            path=url,
            expected="Content-Type application/json",
            found=f"{content_type or 'none'}: {snippet!r}",
        )
    try:
        return response.json()
    except ValueError as err:
        raise InputDataError(
            "the statistics API answered with broken JSON",
            path=url,
            expected="valid JSON",
            found=repr(snippet),
        ) from err


class ScbClient:
    """Read tables from SCB's Statistikdatabasen through PxWebApi v2 as JSON-stat 2.0.

    Parameters
    ----------
    base_url
        API root, ``https://statistikdatabasen.scb.se/api/v2``.
    session
        A ``requests.Session``; ``None`` makes a cached one (see :func:`make_session`).
    cache_dir
        Folder of the HTTP cache when ``session`` is None (default ``~/.cache/labkit/http``).
    clock, sleep
        Injected time source and sleeper for the rate limiter and the back-off.
    max_calls, window
        Client-side rate limit; SCB publishes 10 calls per 10 s per IP address.
    max_retries
        Retries after HTTP 429 or 502/503/504.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        session: requests.Session | None = None,
        cache_dir: str | Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        *,
        max_calls: int = SCB_MAX_CALLS,
        window: float = SCB_WINDOW_SECONDS,
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

    def table_url(self, table_id: str, selection: Mapping[str, Sequence[str]], lang: str = "sv") -> str:
        """The GET URL that asks for ``selection`` of ``table_id`` as JSON-stat 2.0."""
        params = {"lang": lang, "outputFormat": "json-stat2"}
        for variable, codes in _checked_selection(selection).items():
            params[f"valueCodes[{variable}]"] = ",".join(codes)
        return self.http.url(f"tables/{table_id}/data", params)

    def get_table(
        self, table_id: str, selection: Mapping[str, Sequence[str]], lang: str = "sv"
    ) -> pd.DataFrame:
        """Fetch part of a table as a tidy DataFrame.

        Parameters
        ----------
        table_id
            The table's id, e.g. ``"TAB6572"``.
        selection
            Value codes per variable, e.g. ``{"Region": ["1402R*"], "Tid": ["2023"]}``; codes
            are text, and PxWebApi's ``*`` and ``?`` wildcards are allowed.
        lang
            ``"sv"`` or ``"en"`` labels.

        Returns
        -------
        pandas.DataFrame
            As :func:`labkit.data.jsonstat.parse_jsonstat`; ``attrs["source"]`` is the URL.

        Raises
        ------
        ConfigError
            When a selection code is not text.
        InputDataError
            When the API fails or answers with something other than a JSON-stat 2.0 dataset.
        """
        url = self.table_url(table_id, selection, lang)
        frame = parse_jsonstat(self.http.get_json(url), source=url)
        frame.attrs["source"] = url
        return frame


def _checked_selection(selection: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The selection with every code checked to be non-empty text (numbers lose leading zeros)."""
    checked: dict[str, list[str]] = {}
    for variable, codes in selection.items():
        if isinstance(codes, str) or not codes or not all(isinstance(c, str) and c for c in codes):
            raise ConfigError(
                f"invalid selection for variable '{variable}'",
                expected="a non-empty list of codes as text, e.g. ['0114']",
                found=repr(codes),
            )
        checked[str(variable)] = list(codes)
    return checked
