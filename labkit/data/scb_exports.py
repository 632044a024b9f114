"""The ``scb-exports`` source: RegSO tables a user exported from SCB Statistikdatabasen as CSV files."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from labkit.data import csvread, schemas
from labkit.data import dataset as dataset_module
from labkit.data.csvread import (
    LINE,
    CsvTable,
    NotATableError,
    check_not_empty_or_html,
    decode,
    parse_text,
    read_bytes,
    to_numbers,
)
from labkit.data.dataset import OMRADESTYP_LABELS, Dataset
from labkit.errors import ConfigError, InputDataError

SOURCE = "scb-exports"
CITATION = "SCB Statistikdatabasen"
FILE = "_file"

#: Environment variable naming the cache folder (``off`` disables the cache).
CACHE_ENV = "LABKIT_CACHE_DIR"
_CACHE_FORMAT = 1
_CACHE_KEEP = 8

#: Export kinds in the order they are reported; the first two must be present.
KINDS = ("key", "population_by_birth_region", "dwellings_by_tenure", "wage_income", "area_type")
REQUIRED = ("key", "population_by_birth_region")

#: How each export kind is recognised, for messages and docs/DATA.md.
KIND_DESCRIPTIONS = {
    "key": "the DeSO-RegSO key (columns Kommun, Kommunnamn, RegSO name, RegSOkod)",
    "population_by_birth_region": "RegSO population by birth region (a column 'födelseregion')",
    "dwellings_by_tenure": "RegSO dwellings by tenure (a column 'upplåtelseform')",
    "wage_income": "RegSO mean wage income (a column 'inkomstkomponent')",
    "area_type": "RegSO områdestyp (the word 'områdestyp' in header, title or footer, or only values 1-5)",
}

#: A header cell that marks an export kind.
_MARKERS = {
    "födelseregion": "population_by_birth_region",
    "upplåtelseform": "dwellings_by_tenure",
    "inkomstkomponent": "wage_income",
}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*$")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_CODE_IN_LABEL = re.compile(r"^(\d{4}[A-Z]\d{3,4})\b")

_BIRTH_REGION = {
    "sverige": "born_in_sweden",
    "född i sverige": "born_in_sweden",
    "totalt": "total",
    "total": "total",
}
_TENURE = {
    "hyresrätt": "hyresratt",
    "bostadsrätt": "bostadsratt",
    "äganderätt": "aganderatt",
    "uppgift saknas": "missing",
    "totalt": None,
}
_SUPPRESSIBLE = {
    "population_by_birth_region": ("born_in_sweden", "total"),
    "dwellings_by_tenure": ("hyresratt", "bostadsratt", "aganderatt", "missing"),
    "wage_income": ("mean_tkr",),
    "area_type": ("omradestyp",),
}


@dataclass(frozen=True)
class Export:
    """A recognised export: its kind, the table read as text, and the column of each year."""

    kind: str
    table: CsvTable
    years: dict[int, str]


@dataclass(frozen=True)
class Key:
    """The DeSO-RegSO key reduced to RegSO: code per normalised label, and name and municipality per code."""

    exact: dict[str, str]
    codes: dict[str, str]
    regso: pd.DataFrame
    files: tuple[str, ...]


def load_scb_exports(data_dir: str | Path, *, cache: bool = True) -> Dataset:
    """Load RegSO exports from Statistikdatabasen found in ``data_dir``.

    Every file in the folder is looked at; tables are recognised by their header, title and footer,
    not by file name. Unrecognised files are listed with the reason in ``provenance["unrecognised"]``.

    Parameters
    ----------
    data_dir
        Folder with the CSV exports and the DeSO-RegSO key.
    cache
        Reuse (and write) a pickled result in the cache folder (``$LABKIT_CACHE_DIR`` or
        ``~/.cache/labkit``; ``LABKIT_CACHE_DIR=off`` turns it off). The entry is keyed by the content
        of every file in ``data_dir`` and of the labkit modules that build the result, so it is never stale.

    Returns
    -------
    Dataset
        Source ``"scb-exports"``, real (not synthetic) RegSO figures for every municipality found.

    Raises
    ------
    ConfigError
        When ``data_dir`` is not a folder.
    InputDataError
        When a file cannot be read (empty, HTML page, bad cell), a region label is not in the key,
        a table fails its schema, or the key or the population table is missing.
    """
    folder = check_folder(data_dir)
    entry = cache_entry(folder) if cache else None
    cached = read_cache(entry)
    if cached is not None:
        return cached
    dataset = read_folder(folder)
    write_cache(entry, dataset)
    return dataset


def read_folder(folder: Path) -> Dataset:
    """Read, recognise, map and validate every export in ``folder`` (no cache)."""
    exports, unrecognised = scan_folder(folder)
    check_required(folder, exports, unrecognised)
    key = build_key(exports["key"])
    built = {kind: build_table(kind, exports.get(kind, []), key) for kind in KINDS[1:]}
    tables = {kind: table for kind, (table, _) in built.items()}
    suppressed = pd.concat([counts for _, counts in built.values()], ignore_index=True)
    return assemble(folder, tables, suppressed, key, exports, unrecognised)


def check_folder(data_dir: str | Path | None) -> Path:
    """``data_dir`` as a Path, or a :class:`ConfigError` when it is not an existing folder."""
    if data_dir is None or not Path(data_dir).is_dir():
        raise ConfigError(
            "the scb-exports data folder does not exist",
            path=data_dir,
            expected="a folder with CSV exports from Statistikdatabasen",
            found="nothing" if data_dir is None else "no such folder",
        )
    return Path(data_dir)


def cache_entry(folder: Path) -> Path | None:
    """The cache file for ``folder``'s current content, or ``None`` when caching is off."""
    setting = os.environ.get(CACHE_ENV)
    if setting is not None and setting.strip().lower() in ("", "off", "0", "false", "no"):
        return None
    root = Path(setting) if setting else Path.home() / ".cache" / "labkit"
    digest = hashlib.sha256(
        f"{_CACHE_FORMAT}|{pd.__version__}|{sys.version_info[:2]}|{folder.resolve()}".encode()
    )
    for module in (csvread, schemas, dataset_module, sys.modules[__name__]):
        digest.update(Path(str(module.__file__)).read_bytes())
    for path in visible_files(folder):
        digest.update(f"|{path.name}|".encode())
        digest.update(read_bytes(path))
    return root / "scb-exports" / f"{digest.hexdigest()}.pickle"


def read_cache(entry: Path | None) -> Dataset | None:
    """The cached Dataset at ``entry``, or ``None`` when there is none or it cannot be read."""
    if entry is None or not entry.is_file():
        return None
    try:
        with entry.open("rb") as handle:
            cached = pickle.load(handle)
    except Exception:  # noqa: BLE001 - a broken cache entry must never stop loading; it is rebuilt
        return None
    return cached if isinstance(cached, Dataset) else None


def write_cache(entry: Path | None, dataset: Dataset) -> None:
    """Write ``dataset`` to ``entry`` atomically (temp file in the same folder, then rename); never raise."""
    if entry is None:
        return
    tmp: str | None = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=entry.parent, suffix=".tmp", delete=False) as handle:
            tmp = handle.name
            pickle.dump(dataset, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
        prune_cache(entry.parent, keep=_CACHE_KEEP)
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def prune_cache(folder: Path, keep: int) -> None:
    """Delete all but the ``keep`` most recently written cache entries (each code or data change adds one)."""
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)


def visible_files(folder: Path) -> list[Path]:
    """The files of ``folder`` that are not hidden, sorted by name."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def scan_folder(folder: Path) -> tuple[dict[str, list[Export]], list[dict[str, str]]]:
    """Read every visible file in ``folder`` and sort it into recognised exports and unrecognised files."""
    exports: dict[str, list[Export]] = {}
    unrecognised: list[dict[str, str]] = []
    for path in visible_files(folder):
        export, reason = read_candidate(path)
        if export is None:
            unrecognised.append({"file": path.name, "reason": reason})
        else:
            exports.setdefault(export.kind, []).append(export)
    return exports, unrecognised


def read_candidate(path: Path) -> tuple[Export | None, str]:
    """Read one file; return the recognised export, or ``None`` and the reason it is not one."""
    data = read_bytes(path)
    if b"\x00" in data[:4096]:
        return None, "binary file, not CSV text (an Excel workbook? export the table as CSV)"
    text, encoding = decode(data)
    if text.lstrip()[:1] in ("{", "["):
        return None, "JSON (for example a PxWebApi response), not a CSV table"
    check_not_empty_or_html(text, path)
    try:
        table = parse_text(text, path, encoding)
    except NotATableError as err:
        return None, f"not a CSV table: {err.what}"
    return recognise(table)


def recognise(table: CsvTable) -> tuple[Export | None, str]:
    """Recognise the export kind of ``table`` from its header, title, footer and, last, its values."""
    header = [cell.casefold() for cell in table.header]
    if is_key_header(header):
        return Export("key", table, {}), ""
    years = year_columns(table)
    kind = next((k for marker, k in _MARKERS.items() if marker in header), None)
    context = " ".join((*header, *table.title, *table.footer)).casefold()
    if kind is None and ("områdestyp" in context or holds_only_area_types(table, years)):
        kind = "area_type"
    if kind is None:
        return None, f"the header ({', '.join(table.header)}) matches no known export"
    if not years:
        return (
            None,
            f"looks like {kind} but has no year columns (headers ending in a year, e.g. 'Antal 2023')",
        )
    return Export(kind, table, years), ""


def holds_only_area_types(table: CsvTable, years: dict[int, str]) -> bool:
    """True for a table of region labels and year columns holding only 1-5 or suppressed cells.

    An områdestyp export saved without title and footer has nothing else that names it.
    """
    if not years or len(table.header) != len(years) + 1:
        return False
    cells = pd.unique(table.rows[list(years.values())].to_numpy().ravel())
    return {str(cell).strip() for cell in cells} <= {"1", "2", "3", "4", "5", "..", "-", ""}


def is_key_header(header: list[str]) -> bool:
    """True for the header of a DeSO-RegSO key: a RegSO code column and a municipality name column."""
    return any(cell.startswith("regsokod") for cell in header) and "kommunnamn" in header


def year_columns(table: CsvTable) -> dict[int, str]:
    """Map each year to the column whose header ends in it (``Antal 2023``, ``2022``)."""
    years: dict[int, str] = {}
    for header, column in zip(table.header[1:], table.columns[1:], strict=True):
        match = _YEAR.search(header)
        if match and int(match.group(1)) not in years:
            years[int(match.group(1))] = column
    return years


def check_required(
    folder: Path, exports: dict[str, list[Export]], unrecognised: list[dict[str, str]]
) -> None:
    """Raise :class:`InputDataError` saying which tables were found and which required ones are missing."""
    missing = [kind for kind in REQUIRED if kind not in exports]
    if not missing:
        return
    found = [
        f"{kind} ({', '.join(e.table.path.name for e in exports[kind])})" for kind in KINDS if kind in exports
    ]
    skipped = "; ".join(f"{u['file']}: {u['reason']}" for u in unrecognised)
    raise InputDataError(
        f"required table{'s' if len(missing) > 1 else ''} missing: {', '.join(missing)}",
        path=folder,
        expected="; ".join(KIND_DESCRIPTIONS[kind] for kind in missing),
        found=f"tables {', '.join(found)}" if found else "no recognised table",
        hint=f"Unrecognised files: {skipped}." if skipped else "The folder has no other files.",
    )


def normalise_label(label: str) -> str:
    """A region label for matching: dashes unified, spaces collapsed, none inside the parentheses, casefolded.

    SCB's population and wage exports write 28 labels with a space before the closing parenthesis
    ("Botkyrka (Tuna )"), one with a double space, and one with hyphens where the key has en dashes.
    """
    text = re.sub(r"\s+", " ", label.translate(_DASHES)).strip()
    return re.sub(r"\s+\)", ")", re.sub(r"\(\s+", "(", text)).casefold()


def build_key(exports: list[Export]) -> Key:
    """Reduce the DeSO-RegSO key file(s) to one row per RegSO with a lookup from label to code."""
    parts = [key_frame(e.table) for e in exports]
    regso = pd.concat(parts, ignore_index=True).drop_duplicates("area_code").reset_index(drop=True)
    labels = regso["kommun"] + " (" + regso["area_name"] + ")"
    exact = dict(zip(labels, regso["area_code"], strict=True))
    codes = dict(zip(labels.map(normalise_label), regso["area_code"], strict=True))
    codes.update({code.casefold(): code for code in regso["area_code"]})
    return Key(exact=exact, codes=codes, regso=regso, files=tuple(e.table.path.name for e in exports))


def key_frame(table: CsvTable) -> pd.DataFrame:
    """One key file as ``area_code, area_name, kommun_kod, kommun`` with checked codes."""
    header = [cell.casefold() for cell in table.header]
    pick = {
        "area_code": key_column(table, [h.startswith("regsokod") for h in header], "RegSOkod_2020"),
        "area_name": key_column(
            table, [h.startswith("regso") and not h.startswith("regsokod") for h in header], "RegSO_2020"
        ),
        "kommun_kod": key_column(
            table, [h in ("kommun", "kommunkod", "kommun_kod") for h in header], "Kommun"
        ),
        "kommun": key_column(table, [h == "kommunnamn" for h in header], "Kommunnamn"),
    }
    frame = pd.DataFrame({name: table.rows[column].str.strip() for name, column in pick.items()})
    check_codes(table, pick["kommun_kod"], frame["kommun_kod"], r"^\d{4}$")
    check_codes(table, pick["area_code"], frame["area_code"], r"^\d{4}R\d{3}$")
    return frame


def key_column(table: CsvTable, matches: list[bool], example: str) -> str:
    """The first key column whose header matches, or an :class:`InputDataError` naming the one missing."""
    if any(matches):
        return table.columns[matches.index(True)]
    raise InputDataError(
        "the DeSO-RegSO key lacks a column",
        path=table.path,
        line=table.header_line,
        expected=f"a column like '{example}' (key columns Kommun, Kommunnamn, DeSO_2018, RegSO_2020, RegSOkod_2020)",
        found=f"columns {', '.join(table.header)}",
    )


def check_codes(table: CsvTable, column: str, codes: pd.Series, pattern: str) -> None:
    """Raise :class:`InputDataError` at the first code in ``codes`` that does not match ``pattern``."""
    bad = ~codes.str.match(pattern)
    if not bad.any():
        return
    position = int(np.flatnonzero(bad.to_numpy())[0])
    found = codes.iloc[position]
    lost = bool(re.match(r"^\d{3}(R\d{3})?$", found))
    expected = (
        "a RegSO code, e.g. '0114R001'"
        if "R" in pattern
        else "a 4-digit municipality code as text, e.g. '0114'"
    )
    hint = "The leading zero was probably lost (was the key opened in Excel?); use the file as downloaded."
    raise InputDataError(
        "invalid code in the DeSO-RegSO key",
        path=table.path,
        line=table.line_of(position),
        column=column,
        expected=expected,
        found=repr(found),
        hint=hint if lost else None,
    )


def area_codes(table: CsvTable, key: Key) -> pd.Series:
    """RegSO code of every data row of ``table``, from its region label through the key."""
    column = table.columns[0]
    labels = table.rows[column]
    unique = pd.unique(labels)
    lookup = {label: code_for_label(label, key) for label in unique}
    unknown = [label for label, code in lookup.items() if code is None]
    if unknown:
        raise_unknown_label(table, column, unknown[0], key)
    return labels.map(lookup)


def code_for_label(label: str, key: Key) -> str | None:
    """The RegSO code of one label, or of a code written at its start; ``None`` when the key lacks it."""
    if label in key.exact:
        return key.exact[label]
    match = _CODE_IN_LABEL.match(label.strip())
    if match and match.group(1).casefold() in key.codes:
        return key.codes[match.group(1).casefold()]
    return key.codes.get(normalise_label(label))


def raise_unknown_label(table: CsvTable, column: str, label: str, key: Key) -> None:
    """Raise the :class:`InputDataError` for a region label that is not in the key."""
    position = int(np.flatnonzero((table.rows[column] == label).to_numpy())[0])
    raise InputDataError(
        "region label not in the DeSO-RegSO key",
        path=table.path,
        line=table.line_of(position),
        column=column,
        expected=f"a label 'Kommun (RegSO-namn)' listed in {', '.join(key.files)}",
        found=repr(label),
        hint="Export RegSO regions only (no municipality or country totals) and use the key of the same "
        "RegSO version as the export.",
    )


def build_table(kind: str, exports: list[Export], key: Key) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One canonical table from all exports of ``kind``, and its suppressed-cell counts.

    With no export of ``kind`` the table is empty (valid, with its columns).
    """
    if not exports:
        return schemas.validate(kind, empty_table(kind)), empty_suppressed()
    long = pd.concat([long_figures(kind, e, key) for e in exports], ignore_index=True)
    check_duplicates(long)
    path = exports[0].table.path if len(exports) == 1 else None
    return schemas.validate(kind, to_wide(kind, long), path), suppressed_counts(kind, long)


def empty_suppressed() -> pd.DataFrame:
    """A ``suppressed`` table with no rows."""
    return pd.DataFrame(columns=["table", "kommun_kod", "year", "column", "count"])


def empty_table(kind: str) -> pd.DataFrame:
    """A table of ``kind`` with its columns and no rows."""
    return pd.DataFrame({column: pd.Series(dtype="object") for column in schemas.columns(kind)})


def long_figures(kind: str, export: Export, key: Key) -> pd.DataFrame:
    """The figures of one export as rows ``area_code, year, category, value, missing, _line, _file``."""
    table = export.table
    keep = selected_rows(kind, table)
    category = categories(kind, table)
    keep &= category.notna().to_numpy()
    codes = area_codes(table, key)
    parts = []
    for year, column in export.years.items():
        numbers = to_numbers(table, column)
        parts.append(
            pd.DataFrame(
                {
                    "area_code": codes,
                    "year": year,
                    "category": category,
                    "value": numbers.values,
                    "missing": numbers.missing,
                    LINE: table.rows[LINE],
                }
            )[keep]
        )
    return pd.concat(parts, ignore_index=True).assign(**{FILE: str(table.path)})


def selected_rows(kind: str, table: CsvTable) -> np.ndarray:
    """Rows for both sexes together and, for wage income, the wage component only."""
    keep = np.ones(len(table.rows), dtype=bool)
    wanted = {"kön": ("totalt", "total", "samtliga")}
    if kind == "wage_income":
        wanted["inkomstkomponent"] = ("löneinkomst",)
    for name, values in wanted.items():
        keep &= rows_with(table, name, values)
    return keep


def rows_with(table: CsvTable, name: str, values: tuple[str, ...]) -> np.ndarray:
    """Rows whose column ``name`` holds one of ``values`` (all rows when the column is absent)."""
    column = find_column(table, name)
    if column is None:
        return np.ones(len(table.rows), dtype=bool)
    cells = table.rows[column].str.strip().str.casefold()
    mask = cells.isin(values).to_numpy()
    if not mask.any():
        found = ", ".join(repr(v) for v in pd.unique(table.rows[column])[:10])
        raise InputDataError(
            "no rows with the needed category",
            path=table.path,
            line=table.line_of(0),
            column=column,
            expected=" or ".join(repr(v) for v in values),
            found=found,
        )
    return mask


def find_column(table: CsvTable, name: str) -> str | None:
    """The column whose header is ``name`` (case-insensitive), or ``None``."""
    for header, column in zip(table.header, table.columns, strict=True):
        if header.casefold() == name:
            return column
    return None


def categories(kind: str, table: CsvTable) -> pd.Series:
    """The canonical column each row's figures belong to (``None`` for rows to ignore)."""
    if kind in ("wage_income", "area_type"):
        target = "mean_tkr" if kind == "wage_income" else "omradestyp"
        return pd.Series(target, index=table.rows.index, dtype="object")
    name, mapping = (
        ("födelseregion", _BIRTH_REGION)
        if kind == "population_by_birth_region"
        else ("upplåtelseform", _TENURE)
    )
    column = find_column(table, name)
    cells = table.rows[column].str.strip().str.casefold()
    check_categories(table, column, cells, kind, mapping)
    return cells.map(mapping).astype("object")


def check_categories(
    table: CsvTable, column: str, cells: pd.Series, kind: str, mapping: dict[str, str | None]
) -> None:
    """Raise :class:`InputDataError` for an unknown tenure, or a birth-region table without Sverige or totalt."""
    needed = sorted({v for v in mapping.values() if v is not None})
    if kind == "population_by_birth_region":
        present = set(cells.map(mapping).dropna())
        if present != set(needed):
            raise InputDataError(
                "birth regions missing",
                path=table.path,
                column=column,
                expected="rows for 'Sverige' and 'totalt'",
                found=", ".join(repr(v) for v in pd.unique(table.rows[column])[:10]),
            )
        return
    unknown = ~cells.isin(mapping)
    if unknown.any():
        position = int(np.flatnonzero(unknown.to_numpy())[0])
        raise InputDataError(
            "unknown tenure",
            path=table.path,
            line=table.line_of(position),
            column=column,
            expected="one of 'hyresrätt', 'bostadsrätt', 'äganderätt', 'uppgift saknas', 'totalt'",
            found=repr(table.rows[column].iloc[position]),
        )


def check_duplicates(long: pd.DataFrame) -> None:
    """Raise :class:`InputDataError` when a region, year and category occur twice (e.g. in two files)."""
    repeated = long.duplicated(["area_code", "year", "category"])
    if not repeated.any():
        return
    row = long[repeated].iloc[0]
    raise InputDataError(
        "the region occurs twice",
        path=row[FILE],
        line=int(row[LINE]),
        expected="one row per region and category (each region in one file only)",
        found=f"{row['area_code']} {row['category']} {row['year']} again",
    )


def to_wide(kind: str, long: pd.DataFrame) -> pd.DataFrame:
    """One row per area and year with a column per category, plus derived columns and file lines."""
    index = ["area_code", "year"]
    wide = long.pivot(index=index, columns="category", values="value")
    origin = long.groupby(index)[[LINE, FILE]].min()
    wide = wide.join(origin).reset_index()
    wide.columns.name = None
    for column in _SUPPRESSIBLE[kind]:
        if column not in wide.columns:
            wide[column] = np.nan
    return finish_wide(kind, wide)


def finish_wide(kind: str, wide: pd.DataFrame) -> pd.DataFrame:
    """Add derived columns and put the columns in canonical order."""
    if kind == "population_by_birth_region":
        wide["born_abroad"] = wide["total"] - wide["born_in_sweden"]
    if kind == "area_type":
        wide["omradestyp_label"] = (
            wide["omradestyp"]
            .map(lambda v: OMRADESTYP_LABELS.get(int(v)) if pd.notna(v) and float(v).is_integer() else None)
            .astype("object")
        )
    return wide[[*schemas.columns(kind), LINE, FILE]]


def suppressed_counts(kind: str, long: pd.DataFrame) -> pd.DataFrame:
    """Cells of ``kind`` that were ``..``, ``-`` or empty, per municipality, year and canonical column."""
    flagged = long[long["missing"].to_numpy()]
    counts = (
        flagged.assign(kommun_kod=flagged["area_code"].str[:4])
        .groupby(["kommun_kod", "year", "category"])
        .size()
        .rename("count")
        .reset_index()
        .rename(columns={"category": "column"})
    )
    return counts.assign(table=kind)[["table", "kommun_kod", "year", "column", "count"]]


def assemble(
    folder: Path,
    tables: dict[str, pd.DataFrame],
    suppressed: pd.DataFrame,
    key: Key,
    exports: dict[str, list[Export]],
    unrecognised: list[dict[str, str]],
) -> Dataset:
    """Put the canonical tables, areas, facts, suppressed counts and provenance into a Dataset."""
    areas = build_areas(tables, key)
    return Dataset(
        source=SOURCE,
        areas=areas,
        population_by_birth_region=tables["population_by_birth_region"],
        dwellings_by_tenure=tables["dwellings_by_tenure"],
        wage_income=tables["wage_income"],
        area_type=tables["area_type"],
        municipality_facts=build_facts(areas, tables["population_by_birth_region"]),
        provenance=build_provenance(folder, tables, exports, unrecognised),
        suppressed=schemas.validate("suppressed", suppressed),
    )


def build_areas(tables: dict[str, pd.DataFrame], key: Key) -> pd.DataFrame:
    """The RegSO that occur in any table, named and placed in their municipality by the key."""
    codes = pd.unique(pd.concat([t["area_code"] for t in tables.values()], ignore_index=True))
    areas = key.regso[key.regso["area_code"].isin(codes)].sort_values("area_code")
    areas = areas.assign(level="RegSO", is_synthetic=False)
    return schemas.validate("areas", areas[schemas.columns("areas")])


def build_facts(areas: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Per municipality: number of RegSO, and population and born abroad per year (sums over areas)."""
    facts = areas.groupby("kommun_kod", as_index=False).agg(
        kommun=("kommun", "first"), n_regso=("area_code", "size")
    )
    joined = population.merge(areas[["area_code", "kommun_kod"]], on="area_code")
    for column, prefix in (("total", "population"), ("born_abroad", "born_abroad")):
        sums = joined.groupby(["kommun_kod", "year"])[column].sum(min_count=1).unstack("year")
        sums.columns = [f"{prefix}_{year}" for year in sums.columns]
        facts = facts.merge(sums.reset_index(), on="kommun_kod", how="left")
    return schemas.validate("municipality_facts", facts)


def build_provenance(
    folder: Path,
    tables: dict[str, pd.DataFrame],
    exports: dict[str, list[Export]],
    unrecognised: list[dict[str, str]],
) -> dict:
    """Where the figures come from: files per table, years, citation and the files that were skipped."""
    files = {kind: [e.table.path.name for e in exports[kind]] for kind in KINDS if kind in exports}
    years = sorted(int(y) for y in tables["population_by_birth_region"]["year"].unique())
    return {
        "synthetic": False,
        "description": "Real RegSO statistics exported from SCB Statistikdatabasen as CSV files.",
        "files": sorted(name for names in files.values() for name in names),
        "years": years,
        "citation": CITATION,
        "data_dir": str(folder.resolve()),
        "tables": files,
        "missing_tables": [kind for kind in KINDS if kind not in exports],
        "unrecognised": unrecognised,
    }
