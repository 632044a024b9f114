"""Fetch RegSO tables from SCB or KPIs from Kolada and write them as files labkit's readers accept."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from labkit.data.kolada import KoladaClient, check_municipality_codes
from labkit.data.scb_api import REGSO_2020_LAST_YEAR, REGSO_2020_PATTERN, REGSO_TABLES, ScbClient
from labkit.errors import ConfigError, InputDataError
from labkit.fileio import write_bytes_atomic

KINDS = ("scb", "kolada")

#: Years fetched from SCB unless asked otherwise: the RegSO 2020 series labkit's exports cover.
DEFAULT_SCB_YEARS = (2020, 2021, 2022, 2023)

#: Kolada KPIs fetched unless asked otherwise, and the value column each gets in the CSV.
DEFAULT_KPIS = ("N01951",)
KOLADA_VALUE_COLUMNS = {"N01951": "population_31dec"}

#: What a Statistikdatabasen CSV export writes for a missing figure.
MISSING_TEXT = ".."

#: The RegSO key written beside the SCB tables, shaped like SCB's ``koppling-deso2018-regso2020``
#: without the DeSO column.
KEY_FILE = "regso2020_key.csv"
KEY_HEADER = ["Kommun", "Kommunnamn", "RegSO_2020", "RegSOkod_2020"]

_LABEL = re.compile(r"^(?P<kommun>[^()]+?)\s*\((?P<name>.*)\)\s*$")


def fetch(
    kind: str,
    municipalities: list[str],
    out_dir: str | Path,
    client: ScbClient | KoladaClient | None = None,
    *,
    years: Sequence[int] | None = None,
    kpis: Sequence[str] = DEFAULT_KPIS,
) -> list[Path]:
    """Download statistics for municipalities and write them as CSV files.

    Parameters
    ----------
    kind
        ``"scb"``: the four RegSO tables (population by birth region, dwellings by tenure,
        mean wage income, områdestyp) as Statistikdatabasen-style CSV exports plus the RegSO
        key :data:`KEY_FILE`, which :func:`labkit.data.scb_exports.load_scb_exports` reads.
        ``"kolada"``: one CSV per KPI with columns ``kommunkod, kommun, year, <value>, kpi``.
    municipalities
        Municipality codes as text, e.g. ``["1402", "1482"]``.
    out_dir
        Folder to write into (created if missing). Files are written atomically.
    client
        The API client (:class:`ScbClient` or :class:`KoladaClient`, matching ``kind``);
        ``None`` makes a default (cached, rate-limited) one.
    years
        Years to fetch. SCB: up to 2023, the end of the RegSO 2020 series; default 2020-2023
        (områdestyp: the last year only). Kolada default: every year.
    kpis
        Kolada KPI ids (ignored for SCB).

    Returns
    -------
    list of pathlib.Path
        The files written.

    Raises
    ------
    ConfigError
        For an unknown ``kind``, a bad municipality code, an SCB year after 2023 or a client
        of the wrong kind.
    InputDataError
        When an API fails or answers with something unexpected (the URL is named).
    """
    if kind not in KINDS:
        raise ConfigError("unknown data source", expected="one of 'scb', 'kolada'", found=repr(kind))
    codes = check_municipality_codes(municipalities)
    folder = Path(out_dir)
    if kind == "scb":
        scb_years, scb = check_scb_years(years), _client(client, ScbClient)
        folder.mkdir(parents=True, exist_ok=True)
        return fetch_scb(scb, codes, folder, scb_years)
    kolada = _client(client, KoladaClient)
    folder.mkdir(parents=True, exist_ok=True)
    return [fetch_kolada_kpi(kolada, kpi, codes, folder, years) for kpi in kpis]


def check_scb_years(years: Sequence[int] | None) -> list[int]:
    """The years to fetch from SCB (default 2020-2023), refusing years after RegSO 2020 ends.

    Raises
    ------
    ConfigError
        For a year after :data:`~labkit.data.scb_api.REGSO_2020_LAST_YEAR` or one that is not a number.
    """
    chosen = list(DEFAULT_SCB_YEARS) if years is None else list(years)
    bad = [y for y in chosen if isinstance(y, bool) or not isinstance(y, int) or y > REGSO_2020_LAST_YEAR]
    if bad or not chosen:
        raise ConfigError(
            "years outside the RegSO 2020 series",
            expected=f"a non-empty list of years up to {REGSO_2020_LAST_YEAR} as numbers",
            found=", ".join(repr(y) for y in bad) or "no years",
            hint=(
                "SCB answers 0 rather than '..' for RegSO 2020 areas after 2023; those years belong to RegSO "
                "2025."
            ),
        )
    return sorted(set(chosen))


def _client(client: Any, expected: type) -> Any:
    """``client``, or a default one of type ``expected`` when it is None."""
    if client is None:
        return expected()
    if not isinstance(client, expected):
        raise ConfigError(
            "the client does not match the data source",
            expected=expected.__name__,
            found=type(client).__name__,
        )
    return client


def fetch_scb(client: ScbClient, codes: list[str], folder: Path, years: Sequence[int]) -> list[Path]:
    """Write one export-shaped CSV per RegSO table in :data:`REGSO_TABLES`, plus the RegSO key.

    Exports name regions only by label ("Kommun (RegSO-namn)"); the API also gives the codes, so
    a key file like SCB's DeSO-RegSO key (:data:`KEY_FILE`) is written for the reader to match them.
    """
    paths, regions = [], []
    for spec in REGSO_TABLES.values():
        table_years = [max(years)] if spec["layout"] == "omradestyp" else list(years)
        long = client.get_table(spec["table_id"], _selection(spec, codes, table_years))
        long = _keep_regso_rows(long, spec, codes)
        regions.append(long[["Region", "Region_label"]].assign(source=long.attrs.get("source")))
        text = _omradestyp_csv(long, spec) if spec["layout"] == "omradestyp" else _stub_csv(long, spec)
        name = f"{spec['file_stem']}_{_year_span(table_years)}.csv"
        paths.append(write_atomic(folder / name, text, encoding="utf-8-sig"))
    key = _key_csv(pd.concat(regions, ignore_index=True))
    paths.append(write_atomic(folder / KEY_FILE, key, encoding="utf-8-sig"))
    return paths


def fetch_kolada_kpi(
    client: KoladaClient, kpi: str, codes: list[str], folder: Path, years: Sequence[int] | None
) -> Path:
    """Write one KPI's values as ``kolada_<kpi>_<first>_<last>.csv``."""
    values = client.get_values(kpi, codes, years, with_names=True)
    if values.empty:
        raise InputDataError(
            f"Kolada has no values of {kpi}",
            path=client.http.base_url,
            expected=f"values for {', '.join(codes)}",
            found="none",
        )
    value_column = KOLADA_VALUE_COLUMNS.get(kpi, "value")
    table = pd.DataFrame(
        {
            "kommunkod": values["kommun_kod"],
            "kommun": values["kommun"],
            "year": values["year"],
            value_column: values["value"],
            "kpi": kpi,
        }
    )
    text = table.to_csv(index=False, lineterminator="\n")
    name = f"kolada_{kpi}_{_year_span(values['year'].tolist())}.csv"
    return write_atomic(folder / name, text, encoding="utf-8")


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` atomically (:func:`labkit.fileio.write_bytes_atomic`): a reader never sees half a
    file."""
    return write_bytes_atomic(path, text.encode(encoding))


def _selection(spec: dict[str, Any], codes: list[str], years: Sequence[int]) -> dict[str, list[str]]:
    """The PxWebApi selection for one table: the municipalities' RegSO, the contents, the years."""
    return {
        "Region": [f"{code}R*" for code in codes],
        **spec["selection"],
        "ContentsCode": [spec["contents_code"]],
        "Tid": [str(year) for year in years],
    }


def _keep_regso_rows(long: pd.DataFrame, spec: dict[str, Any], codes: list[str]) -> pd.DataFrame:
    """Rows of RegSO 2020 areas of the asked municipalities whose labels match ``keep_labels``."""
    keep = long["Region"].str.fullmatch(REGSO_2020_PATTERN) & long["Region"].str[:4].isin(codes)
    for dimension, label in spec["keep_labels"].items():
        keep &= long[f"{dimension}_label"].str.strip() == label
    kept = long[keep.fillna(False)]
    if kept.empty:
        raise InputDataError(
            "no RegSO figures in the answer",
            path=long.attrs.get("source"),
            expected=f"RegSO 2020 codes (e.g. '{codes[0]}R001') of {', '.join(codes)}",
            found=", ".join(long["Region"].drop_duplicates().head(5)) or "no rows",
        )
    kept.attrs = dict(long.attrs)
    return kept


def _key_csv(regions: pd.DataFrame) -> str:
    """The key rows (municipality code and name, RegSO name and code) from codes and labels.

    The first label seen for a code is used; a table that labels the same code differently is
    caught later by the reader, which matches labels against this key.
    """
    rows = []
    for code, label, source in (
        regions.drop_duplicates("Region").sort_values("Region").itertuples(index=False)
    ):
        match = _LABEL.match(label)
        if match is None:
            raise InputDataError(
                f"unexpected label of region {code}",
                path=source,
                expected="'Kommun (RegSO-namn)', e.g. 'Partille (Furulund)'",
                found=repr(label),
            )
        rows.append([code[:4], match["kommun"], match["name"].strip(), code])
    return _csv_text([KEY_HEADER, *rows], csv.QUOTE_MINIMAL)


def _stub_csv(long: pd.DataFrame, spec: dict[str, Any]) -> str:
    """CSV text shaped like a Statistikdatabasen export: label columns, then ``<contents> <year>``."""
    dims = long.attrs["dimensions"]
    stub = [d for d in dims if d not in ("ContentsCode", "Tid")]
    rows = _wide_rows(long, [f"{d}_label" for d in stub], spec["decimals"])
    header = [dims[d] for d in stub] + [column for column in rows.columns[len(stub) :]]
    return _csv_text([header, *rows.itertuples(index=False, name=None)], csv.QUOTE_NONNUMERIC)


def _omradestyp_csv(long: pd.DataFrame, spec: dict[str, Any]) -> str:
    """CSV text shaped like the områdestyp export: an empty first header cell, the years, a footer.

    The footer repeats the blocks of the real export that name the table ("Sort: områdestyp",
    "Intern referenskod"), which is how readers recognise it, and adds the URL it came from.
    """
    rows = _wide_rows(long, ["Region_label"], spec["decimals"], with_contents=False)
    header = ["", *rows.columns[1:]]
    footer = [
        [long.attrs.get("label", "")],
        ["Källa:"],
        ["SCB"],
        ["Sort:"],
        ["områdestyp"],
        ["Databas:"],
        ["Statistikdatabasen (PxWebApi v2)"],
        ["Intern referenskod:"],
        [spec["contents_code"]],
        ["Adress:"],
        [long.attrs.get("source", "")],
    ]
    padded = [[""] * len(header)] + [[line[0], *[""] * (len(header) - 1)] for line in footer]
    return _csv_text([header, *rows.itertuples(index=False, name=None), *padded], csv.QUOTE_MINIMAL)


def _wide_rows(
    long: pd.DataFrame, keys: list[str], decimals: int, with_contents: bool = True
) -> pd.DataFrame:
    """One row per combination of ``keys`` (in answer order), one column per contents and year."""
    long = long.assign(
        column=(long["ContentsCode_label"] + " " + long["Tid"]) if with_contents else long["Tid"],
        cell=[_cell(v, s, decimals) for v, s in zip(long["value"], long["status"], strict=True)],
    )
    order = long[keys].drop_duplicates()
    columns = list(dict.fromkeys(long["column"]))
    wide = long.set_index([*keys, "column"])["cell"].unstack("column")
    wide = wide.reindex(index=pd.MultiIndex.from_frame(order) if len(keys) > 1 else order[keys[0]])
    return wide[columns].astype(object).fillna(MISSING_TEXT).reset_index()


def _cell(value: float, status: Any, decimals: int) -> int | float | str:
    """A figure as the export writes it: an int, a float rounded to ``decimals``, or a marker."""
    if value is None or math.isnan(value):
        return str(status) if isinstance(status, str) and status.strip() else MISSING_TEXT
    return round(value) if decimals == 0 else round(float(value), decimals)


def _csv_text(rows: list[Sequence[Any]], quoting: Literal[0, 1, 2, 3]) -> str:
    """Rows as CSV text with Windows line ends, as Statistikdatabasen writes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=quoting, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()


def _year_span(years: Sequence[int]) -> str:
    """``2020_2023`` for a range of years, ``2022`` for a single one."""
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}_{last}"
