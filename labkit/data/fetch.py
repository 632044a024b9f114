"""Fetch RegSO tables from SCB or KPIs from Kolada and write them as files labkit's readers accept."""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from labkit.data.kolada import KoladaClient, check_municipality_codes
from labkit.data.scb_api import REGSO_2020_PATTERN, REGSO_TABLES, ScbClient
from labkit.errors import ConfigError, InputDataError

KINDS = ("scb", "kolada")

#: Years fetched from SCB unless asked otherwise: the RegSO 2020 series labkit's exports cover.
DEFAULT_SCB_YEARS = (2020, 2021, 2022, 2023)

#: Kolada KPIs fetched unless asked otherwise, and the value column each gets in the CSV.
DEFAULT_KPIS = ("N01951",)
KOLADA_VALUE_COLUMNS = {"N01951": "population_31dec"}

#: What a Statistikdatabasen CSV export writes for a missing figure.
MISSING_TEXT = ".."


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
        mean wage income, områdestyp) as Statistikdatabasen-style CSV exports, which
        :func:`labkit.data.scb_exports.load_scb_exports` reads. ``"kolada"``: one CSV per KPI
        with columns ``kommunkod, kommun, year, <value>, kpi``.
    municipalities
        Municipality codes as text, e.g. ``["1402", "1482"]``.
    out_dir
        Folder to write into (created if missing). Files are written atomically.
    client
        The API client; ``None`` makes a default (cached, rate-limited) one.
    years
        Years to fetch. SCB default: 2020-2023 (områdestyp: the last year only); Kolada
        default: every year.
    kpis
        Kolada KPI ids (ignored for SCB).

    Returns
    -------
    list of pathlib.Path
        The files written.

    Raises
    ------
    ConfigError
        For an unknown ``kind`` or a bad municipality code.
    InputDataError
        When an API fails or answers with something unexpected (the URL is named).
    """
    if kind not in KINDS:
        raise ConfigError("unknown data source", expected="one of 'scb', 'kolada'", found=repr(kind))
    codes = check_municipality_codes(municipalities)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "scb":
        scb = client if isinstance(client, ScbClient) else ScbClient()
        return fetch_scb(scb, codes, folder, tuple(years) if years else DEFAULT_SCB_YEARS)
    kolada = client if isinstance(client, KoladaClient) else KoladaClient()
    return [fetch_kolada_kpi(kolada, kpi, codes, folder, years) for kpi in kpis]


def fetch_scb(client: ScbClient, codes: list[str], folder: Path, years: Sequence[int]) -> list[Path]:
    """Write one export-shaped CSV per RegSO table in :data:`REGSO_TABLES`."""
    paths = []
    for spec in REGSO_TABLES.values():
        table_years = [max(years)] if spec["layout"] == "omradestyp" else sorted(set(years))
        long = client.get_table(spec["table_id"], _selection(spec, codes, table_years))
        long = _keep_regso_rows(long, spec, codes)
        text = _omradestyp_csv(long, spec) if spec["layout"] == "omradestyp" else _stub_csv(long, spec)
        name = f"{spec['file_stem']}_{_year_span(table_years)}.csv"
        paths.append(write_atomic(folder / name, text, encoding="utf-8-sig"))
    return paths


def fetch_kolada_kpi(
    client: KoladaClient, kpi: str, codes: list[str], folder: Path, years: Sequence[int] | None
) -> Path:
    """Write one KPI's values as ``kolada_<kpi>_<first>_<last>.csv``."""
    values = client.get_values(kpi, codes, years, with_names=True)
    if values.empty:
        raise InputDataError(
            f"Kolada has no values of {kpi}", path=client.http.base_url, expected=f"values for {', '.join(codes)}",
            found="none",
        )
    value_column = KOLADA_VALUE_COLUMNS.get(kpi, "value")
    table = pd.DataFrame({
        "kommunkod": values["kommun_kod"],
        "kommun": values["kommun"],
        "year": values["year"],
        value_column: values["value"],
        "kpi": kpi,
    })
    text = table.to_csv(index=False, lineterminator="\n")
    name = f"kolada_{kpi}_{_year_span(values['year'].tolist())}.csv"
    return write_atomic(folder / name, text, encoding="utf-8")


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to a temporary file beside ``path``, then move it into place.

    A reader never sees half a file, and a failed write leaves the old file untouched.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


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
            "no RegSO figures in the answer", path=long.attrs.get("source"),
            expected=f"RegSO 2020 codes (e.g. '{codes[0]}R001') of {', '.join(codes)}",
            found=", ".join(long["Region"].drop_duplicates().head(5)) or "no rows",
        )
    kept.attrs = dict(long.attrs)
    return kept


def _stub_csv(long: pd.DataFrame, spec: dict[str, Any]) -> str:
    """CSV text shaped like a Statistikdatabasen export: label columns, then ``<contents> <year>``."""
    dims = long.attrs["dimensions"]
    stub = [d for d in dims if d not in ("ContentsCode", "Tid")]
    rows = _wide_rows(long, [f"{d}_label" for d in stub], spec["decimals"])
    header = [dims[d] for d in stub] + [column for column in rows.columns[len(stub) :]]
    return _csv_text([header, *rows.itertuples(index=False, name=None)], csv.QUOTE_NONNUMERIC)


def _omradestyp_csv(long: pd.DataFrame, spec: dict[str, Any]) -> str:
    """CSV text shaped like the områdestyp export: an empty first header cell, then the years."""
    rows = _wide_rows(long, ["Region_label"], spec["decimals"], with_contents=False)
    header = ["", *rows.columns[1:]]
    return _csv_text([header, *rows.itertuples(index=False, name=None)], csv.QUOTE_MINIMAL)


def _wide_rows(long: pd.DataFrame, keys: list[str], decimals: int, with_contents: bool = True) -> pd.DataFrame:
    """One row per combination of ``keys`` (in answer order), one column per contents and year."""
    long = long.assign(
        column=(long["ContentsCode_label"] + " " + long["Tid"]) if with_contents else long["Tid"],
        cell=[_cell(v, s, decimals) for v, s in zip(long["value"], long["status"], strict=True)],
    )
    order = long[keys].drop_duplicates()
    columns = list(dict.fromkeys(long["column"]))
    wide = long.set_index([*keys, "column"])["cell"].unstack("column")
    wide = wide.reindex(index=pd.MultiIndex.from_frame(order) if len(keys) > 1 else order[keys[0]])
    return wide[columns].reset_index().astype(object)


def _cell(value: float, status: Any, decimals: int) -> int | float | str:
    """A figure as the export writes it: an int, a float rounded to ``decimals``, or a marker."""
    if value is None or math.isnan(value):
        return str(status) if isinstance(status, str) and status.strip() else MISSING_TEXT
    return int(round(value)) if decimals == 0 else round(float(value), decimals)


def _csv_text(rows: list[Sequence[Any]], quoting: int) -> str:
    """Rows as CSV text with Windows line ends, as Statistikdatabasen writes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=quoting, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()


def _year_span(years: Sequence[int]) -> str:
    """``2020_2023`` for a range of years, ``2022`` for a single one."""
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}_{last}"
