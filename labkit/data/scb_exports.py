"""The ``scb-exports`` source: RegSO tables a user exported from SCB Statistikdatabasen as CSV files."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from labkit import paths
from labkit.data import csvread, schemas
from labkit.data import dataset as dataset_module
from labkit.data.csvread import LINE, CsvTable, Sniff, read_export, sniff, to_numbers
from labkit.data.dataset import OMRADESTYP_LABELS, Dataset
from labkit.errors import ConfigError, InputDataError
from labkit.fileio import write_bytes_atomic

SOURCE = "scb-exports"
CITATION = "SCB Statistikdatabasen"
FILE = "_file"

#: Environment variable naming the cache folder (``off`` disables the cache).
CACHE_ENV = paths.CACHE_ENV
_CACHE_FORMAT = 2

#: The size cap of one export file (bytes) when neither ``max_bytes`` nor :data:`MAX_BYTES_ENV` sets one.
#: The national RegSO exports are under 1 MB each; 50 MB leaves room for many years and categories.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Environment variable setting the size cap in MB (for the CLI and notebooks).
MAX_BYTES_ENV = "LABKIT_MAX_EXPORT_MB"
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
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
#: Marks after a year in a column header, e.g. ``Antal 2023*`` or ``2023 (prel)``: the year is read and
#: the mark is recorded in ``provenance["year_marks"]``.
_PREL = r"prel\.?|preliminär[at]?|preliminary"
_YEAR_MARK = re.compile(rf"^(\*{{1,3}}|{_PREL}|\(\s*(?:{_PREL})\s*\))$", re.IGNORECASE)
YEAR_MARKS = "'*', '**', '***', 'prel', 'prel.', 'preliminär', 'preliminära', 'preliminärt', 'preliminary'"
#: Kinds whose figures are counts (whole numbers).
_COUNTS = ("population_by_birth_region", "dwellings_by_tenure", "area_type")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_CODE_IN_LABEL = re.compile(r"^(\d{4}[A-Z]\d{3,4})\b")

_BIRTH_REGION: dict[str, str | None] = {
    "sverige": "born_in_sweden",
    "född i sverige": "born_in_sweden",
    "totalt": "total",
    "total": "total",
}
_TENURE: dict[str, str | None] = {
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
    """A recognised export: its kind, the table read as text, the column of each year and the year marks."""

    kind: str
    table: CsvTable
    years: dict[int, str]
    marks: tuple[dict[str, object], ...] = ()


@dataclass(frozen=True)
class Key:
    """The DeSO-RegSO key reduced to RegSO: code per normalised label, and name and municipality per code."""

    exact: dict[str, str]
    codes: dict[str, str]
    regso: pd.DataFrame
    files: tuple[str, ...]


def load_scb_exports(data_dir: str | Path, *, cache: bool = True, max_bytes: int | None = None) -> Dataset:
    """Load RegSO exports from Statistikdatabasen found in ``data_dir``.

    Every file in the folder is looked at; tables are recognised by their header, title and footer,
    not by file name. Each file is identified from its first and last 64 KB (header, title, first
    data rows, footer) and only a recognised export is read whole, streamed with bounded memory.
    Unrecognised files are listed with the reason in ``provenance["unrecognised"]``.

    Parameters
    ----------
    data_dir
        Folder with the CSV exports and the DeSO-RegSO key.
    cache
        Reuse (and write) a pickled result in the cache folder (``$LABKIT_CACHE_DIR`` or
        ``~/.cache/labkit``; ``LABKIT_CACHE_DIR=off`` turns it off). The entry is keyed by the content
        of every export in ``data_dir`` (of the first and last 64 KB and the size of other files, which
        is all that is read of them) and of the labkit modules that build the result, so it is never stale.
    max_bytes
        Size cap of one export file in bytes, checked before the file is read; a recognised export
        over the cap is refused. ``None``: ``$LABKIT_MAX_EXPORT_MB`` megabytes when set, else
        :data:`DEFAULT_MAX_BYTES` (50 MB). Unrecognised files of any size are skipped unread.

    Returns
    -------
    Dataset
        Source ``"scb-exports"``, real (not synthetic) RegSO figures for every municipality found.

    Raises
    ------
    ConfigError
        When ``data_dir`` is not a folder, or the size cap is not a positive number.
    InputDataError
        When a file cannot be read (empty, HTML page, over the size cap, bad cell), a region label is
        not in the key, the key is inconsistent, a year column is ambiguous, a count is not a whole
        number, a table fails its schema, or the key or the population table is missing.
    """
    folder = check_folder(data_dir)
    limit = size_cap(max_bytes)
    sniffs = sniff_folder(folder, limit)
    entry = cache_entry(folder, sniffs) if cache else None
    cached = read_cache(entry)
    if cached is not None:
        return cached
    dataset = read_folder(folder, sniffs=sniffs, max_bytes=limit)
    write_cache(entry, dataset)
    return dataset


def read_folder(folder: Path, *, sniffs: list[Sniff] | None = None, max_bytes: int | None = None) -> Dataset:
    """Read, recognise, map and validate every export in ``folder`` (no cache)."""
    limit = size_cap(max_bytes)
    exports, unrecognised = scan_folder(
        folder, sniff_folder(folder, limit) if sniffs is None else sniffs, limit
    )
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


def size_cap(max_bytes: int | None) -> int:
    """The size cap in bytes: ``max_bytes``, else ``$LABKIT_MAX_EXPORT_MB`` MB, else the default."""
    if max_bytes is None:
        setting = os.environ.get(MAX_BYTES_ENV, "").strip()
        if not setting:
            return DEFAULT_MAX_BYTES
        try:
            megabytes = float(setting)
        except ValueError:
            megabytes = -1.0
        if not megabytes > 0 or megabytes == float("inf"):
            raise ConfigError(
                "invalid size cap",
                column=MAX_BYTES_ENV,
                expected="a positive number of megabytes, e.g. 50",
                found=repr(setting),
            )
        return int(megabytes * 1024 * 1024)
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes <= 0:
        raise ConfigError(
            "invalid size cap",
            column="max_bytes",
            expected="a positive whole number of bytes",
            found=repr(max_bytes),
        )
    return max_bytes


def cache_entry(folder: Path, sniffs: list[Sniff]) -> Path | None:
    """The cache file for ``folder``'s current content, or ``None`` when caching is off."""
    setting = os.environ.get(CACHE_ENV)
    if setting is not None and setting.strip().lower() in ("", "off", "0", "false", "no"):
        return None
    root = paths.cache()
    digest = hashlib.sha256(
        f"{_CACHE_FORMAT}|{pd.__version__}|{sys.version_info[:2]}|{folder.resolve()}".encode()
    )
    for module in (csvread, schemas, dataset_module, sys.modules[__name__]):
        digest.update(Path(str(module.__file__)).read_bytes())
    for found in sniffs:
        digest.update(f"|{found.path.name}|{found.size}|".encode())
        if candidate_kind(found) is None:
            digest.update(found.head)  # all that is read of a file that is not an export
            digest.update(found.tail.encode())
        else:
            update_with_file(digest, found.path)
    return root / "scb-exports" / f"{digest.hexdigest()}.pickle"


def update_with_file(digest: hashlib._Hash, path: Path) -> None:
    """Feed the content of ``path`` to ``digest`` in blocks of 1 MB."""
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
    except OSError as err:
        raise InputDataError("cannot read the file", path=path, found=err.strerror or str(err)) from err


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
    try:
        write_bytes_atomic(entry, pickle.dumps(dataset, protocol=pickle.HIGHEST_PROTOCOL))
        prune_cache(entry.parent, keep=_CACHE_KEEP)
    except OSError:
        pass  # a cache that cannot be written is only slower next time


def prune_cache(folder: Path, keep: int) -> None:
    """Delete all but the ``keep`` most recently written cache entries (each code or data change adds one)."""
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)


def visible_files(folder: Path) -> list[Path]:
    """The files of ``folder`` that are not hidden, sorted by name."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def sniff_folder(folder: Path, max_bytes: int) -> list[Sniff]:
    """The first and last lines of every visible file, refusing a recognised export over ``max_bytes``."""
    sniffs = [sniff(path) for path in visible_files(folder)]
    for found in sniffs:
        if found.size > max_bytes and candidate_kind(found) is not None:
            raise csvread.too_large(found.path, found.size, max_bytes)
    return sniffs


def candidate_kind(found: Sniff) -> str | None:
    """The export kind ``found``'s first and last lines show, or ``None`` when they show none.

    Raises
    ------
    InputDataError
        When the first lines could not be parsed (a row of the wrong width, say) and the header or the
        tail shows an export: the error is that of the parser.
    """
    if found.table is None:
        if found.error is not None and header_shows_export(found.header, found.tail):
            raise found.error
        return None
    export, _ = recognise(found.table, found.tail, strict=False)
    return None if export is None else export.kind


def scan_folder(
    folder: Path, sniffs: list[Sniff], max_bytes: int
) -> tuple[dict[str, list[Export]], list[dict[str, str]]]:
    """Read every recognised export in ``folder`` whole; list the other files with the reason."""
    exports: dict[str, list[Export]] = {}
    unrecognised: list[dict[str, str]] = []
    for found in sniffs:
        export, reason = read_candidate(found, max_bytes)
        if export is None:
            unrecognised.append({"file": found.path.name, "reason": reason})
        else:
            exports.setdefault(export.kind, []).append(export)
    return exports, unrecognised


def read_candidate(found: Sniff, max_bytes: int) -> tuple[Export | None, str]:
    """Read one file whole if its first lines show an export; return it, or ``None`` and the reason."""
    if candidate_kind(found) is None:
        return None, found.reason if found.table is None else recognise(
            found.table, found.tail, strict=False
        )[1]
    table = (
        found.table
        if found.whole and found.table is not None
        else read_export(found.path, max_bytes=max_bytes)
    )
    return recognise(table)


def recognise(table: CsvTable, tail: str = "", *, strict: bool = True) -> tuple[Export | None, str]:
    """Recognise the export kind of ``table`` from its header, title, footer and, last, its values.

    ``tail`` is the end of the file when ``table`` holds only its first lines. With ``strict`` a year
    column header with an unknown mark, or two columns of the same year, raise :class:`InputDataError`.
    """
    header = [cell.casefold() for cell in table.header]
    if is_key_header(header):
        return Export("key", table, {}), ""
    kind = next((k for marker, k in _MARKERS.items() if marker in header), None)
    context = " ".join((*header, *table.title, *table.footer, tail)).casefold()
    if kind is None and (
        "områdestyp" in context or holds_only_area_types(table, year_columns(table, strict=False)[0])
    ):
        kind = "area_type"
    if kind is None:
        return None, f"the header ({', '.join(table.header)}) matches no known export"
    years, marks = year_columns(table, strict=strict)
    if not years:
        return (
            None,
            f"looks like {kind} but has no year columns (headers ending in a year, e.g. 'Antal 2023')",
        )
    return Export(kind, table, years, marks), ""


def header_shows_export(header: tuple[str, ...], tail: str) -> bool:
    """True when a header (or the end of the file) names an export kind (used when its rows are broken)."""
    cells = [cell.casefold() for cell in header]
    context = " ".join((*cells, tail)).casefold()
    return is_key_header(cells) or any(marker in cells for marker in _MARKERS) or "områdestyp" in context


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


def year_columns(
    table: CsvTable, *, strict: bool = True
) -> tuple[dict[int, str], tuple[dict[str, object], ...]]:
    """Map each year to the column whose header ends in it (``Antal 2023``, ``2022``, ``Antal 2023*``).

    A header may end in a year followed by a mark (:data:`YEAR_MARKS`, also in parentheses); the
    marks are returned as ``{"file", "column", "year", "mark"}``.

    Raises
    ------
    InputDataError
        With ``strict``: a header with a year followed by other text (its year would be lost), or two
        columns of the same year (one of them would be read as the wrong year). Without ``strict``
        such columns are left out (used only to recognise a table).
    """
    years: dict[int, str] = {}
    headers: dict[int, tuple[str, int]] = {}
    marks: list[dict[str, object]] = []
    for position, (header, column) in enumerate(zip(table.header, table.columns, strict=True), start=1):
        matches = list(_YEAR.finditer(header)) if position > 1 else []
        if not matches:
            continue
        match = matches[-1]
        year, mark = int(match.group(1)), header[match.end() :].strip()
        if mark and not _YEAR_MARK.match(mark):
            if not strict:
                continue
            raise InputDataError(
                "the column header has text after its year",
                path=table.path,
                line=table.header_line,
                column=header,
                expected=f"a header ending in the year, optionally followed by a mark ({YEAR_MARKS}, "
                "also in parentheses)",
                found=repr(header),
                hint="Rename the column (e.g. 'Antal 2023') or export the table again.",
            )
        if year in years:
            if not strict:
                continue
            first, at = headers[year]
            raise InputDataError(
                "two columns have the same year",
                path=table.path,
                line=table.header_line,
                column=header,
                expected="one column per year",
                found=f"'{first}' (column {at}) and '{header}' (column {position}) both read as {year}",
            )
        years[year] = column
        headers[year] = (header, position)
        if mark:
            marks.append({"file": table.path.name, "column": header, "year": year, "mark": mark})
    return years, tuple(marks)


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
    """Reduce the DeSO-RegSO key file(s) to one row per RegSO with a lookup from label to code.

    Raises
    ------
    InputDataError
        When one RegSO code is under two municipalities or has two names, or two RegSO codes have
        the same label; both rows are named.
    """
    parts = [key_frame(e.table).assign(**{FILE: e.table.path.name}) for e in exports]
    rows = pd.concat(parts, ignore_index=True)
    check_key_consistent(rows, exports)
    regso = rows.drop_duplicates("area_code").reset_index(drop=True)
    labels = regso["kommun"] + " (" + regso["area_name"] + ")"
    check_labels_unique(regso, labels.map(normalise_label), exports)
    regso = regso[["area_code", "area_name", "kommun_kod", "kommun"]]
    exact = dict(zip(labels, regso["area_code"], strict=True))
    codes = dict(zip(labels.map(normalise_label), regso["area_code"], strict=True))
    codes.update({code.casefold(): code for code in regso["area_code"]})
    return Key(exact=exact, codes=codes, regso=regso, files=tuple(e.table.path.name for e in exports))


def check_key_consistent(rows: pd.DataFrame, exports: list[Export]) -> None:
    """Raise :class:`InputDataError` at the first RegSO whose rows disagree on municipality or name."""
    for column, what in (
        ("kommun_kod", "a RegSO under two municipalities in the DeSO-RegSO key"),
        ("kommun", "a RegSO under two municipality names in the DeSO-RegSO key"),
        ("area_name", "a RegSO with two names in the DeSO-RegSO key"),
    ):
        first = rows.groupby("area_code", sort=False)[column].transform("first")
        differs = (rows[column] != first).to_numpy()
        if not differs.any():
            continue
        later = rows.iloc[int(np.flatnonzero(differs)[0])]
        earlier = rows[rows["area_code"] == later["area_code"]].iloc[0]
        raise InputDataError(
            what,
            path=key_path(exports, later[FILE]),
            line=int(later[LINE]),
            column=header_of(exports, later[FILE], column),
            expected=f"every row of a RegSO with the same {KEY_WORDS[column]}",
            found=f"{later['area_code']} {describe_key_row(earlier, later, column)} and "
            f"{describe_key_row(later, earlier, column)}",
            hint="Use the key file as downloaded from SCB.",
        )


def check_labels_unique(regso: pd.DataFrame, labels: pd.Series, exports: list[Export]) -> None:
    """Raise :class:`InputDataError` when two RegSO codes have the same label (a label must name one)."""
    repeated = labels.duplicated().to_numpy()
    if not repeated.any():
        return
    later = regso.iloc[int(np.flatnonzero(repeated)[0])]
    earlier = regso[labels == labels.iloc[int(np.flatnonzero(repeated)[0])]].iloc[0]
    raise InputDataError(
        "two RegSO with the same name in one municipality in the DeSO-RegSO key",
        path=key_path(exports, later[FILE]),
        line=int(later[LINE]),
        column=header_of(exports, later[FILE], "area_name"),
        expected="a label 'Kommun (RegSO-namn)' that names one RegSO",
        found=f"'{later['kommun']} ({later['area_name']})' as {earlier['area_code']} on line "
        f"{int(earlier[LINE])}{in_file(earlier, later)} and as {later['area_code']} on line "
        f"{int(later[LINE])}",
        hint="Use the key file as downloaded from SCB.",
    )


#: What a key column holds, for messages.
KEY_WORDS = {"kommun_kod": "municipality code", "kommun": "municipality name", "area_name": "RegSO name"}


def describe_key_row(row: pd.Series, other: pd.Series, column: str) -> str:
    """``"under 0114 Upplands Väsby on line 2"`` (``column`` kommun_kod), ``"named 'X' on line 9"``
    (area_name).

    The file is named too when it differs from ``other``'s.
    """
    what = {
        "kommun_kod": f"under {row['kommun_kod']} {row['kommun']}",
        "kommun": f"under '{row['kommun']}'",
        "area_name": f"named '{row['area_name']}'",
    }[column]
    return f"{what} on line {int(row[LINE])}{in_file(row, other)}"


def in_file(row: pd.Series, other: pd.Series) -> str:
    """``" of key.csv"`` when ``row`` comes from another key file than ``other``, else ``""``."""
    return f" of {row[FILE]}" if row[FILE] != other[FILE] else ""


def key_path(exports: list[Export], name: str) -> Path:
    """The path of the key file called ``name``."""
    return next(e.table.path for e in exports if e.table.path.name == name)


def header_of(exports: list[Export], name: str, column: str) -> str:
    """The header, in key file ``name``, of the canonical key ``column``."""
    table = next(e.table for e in exports if e.table.path.name == name)
    return key_columns(table)[column]


def key_columns(table: CsvTable) -> dict[str, str]:
    """The key file's column of each of ``area_code, area_name, kommun_kod, kommun``."""
    header = [cell.casefold() for cell in table.header]
    return {
        "area_code": key_column(table, [h.startswith("regsokod") for h in header], "RegSOkod_2020"),
        "area_name": key_column(
            table, [h.startswith("regso") and not h.startswith("regsokod") for h in header], "RegSO_2020"
        ),
        "kommun_kod": key_column(
            table, [h in ("kommun", "kommunkod", "kommun_kod") for h in header], "Kommun"
        ),
        "kommun": key_column(table, [h == "kommunnamn" for h in header], "Kommunnamn"),
    }


def key_frame(table: CsvTable) -> pd.DataFrame:
    """One key file as ``area_code, area_name, kommun_kod, kommun, _line`` with checked codes."""
    pick = key_columns(table)
    frame = pd.DataFrame({name: table.rows[column].str.strip() for name, column in pick.items()})
    frame[LINE] = table.rows[LINE]
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
        expected=(
            f"a column like '{example}' (key columns Kommun, Kommunnamn, DeSO_2018, RegSO_2020, "
            "RegSOkod_2020)"
        ),
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


def check_footer_labels(table: CsvTable, key: Key) -> None:
    """Raise :class:`InputDataError` for a footer line that is a region of the key: a row without figures.

    A row with a label and only empty cells has one filled cell, like a footnote; when it is the last
    row it would otherwise be dropped as footer.
    """
    for text, line in zip(table.footer, table.footer_lines, strict=True):
        if code_for_label(text.strip(), key) is not None:
            raise InputDataError(
                "a region row without figures after the data",
                path=table.path,
                line=line,
                expected=(
                    f"{len(table.header)} cells: the region label and its figures ('..' when suppressed)"
                ),
                found=repr(text),
            )


def area_codes(table: CsvTable, key: Key) -> pd.Series:
    """RegSO code of every data row of ``table``, from its region label through the key."""
    column = table.columns[0]
    labels = table.rows[column]
    positions, unique = pd.factorize(labels)
    found = [code_for_label(str(label), key) for label in unique]
    unknown = [label for label, code in zip(unique, found, strict=True) if code is None]
    if unknown:
        raise_unknown_label(table, column, unknown[0], key)
    return pd.Series(np.asarray(found, dtype=object)[positions], index=labels.index, dtype=object)


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
    """The figures of one export as rows ``area_code, year, category, value, missing, _line, _file``.

    Every row's label and every figure is checked, but only the rows used (both sexes, the wanted
    categories) are put in the result, so rows left out cost no memory beyond their text.
    """
    table = export.table
    check_footer_labels(table, key)
    keep = selected_rows(kind, table)
    category = categories(kind, table)
    keep &= category.notna().to_numpy()
    codes = area_codes(table, key)[keep].reset_index(drop=True)
    category = category[keep].reset_index(drop=True)
    lines = table.rows[LINE][keep].reset_index(drop=True)
    parts = []
    for year, column in export.years.items():
        numbers = to_numbers(table, column, whole=kind in _COUNTS)
        parts.append(
            pd.DataFrame(
                {
                    "area_code": codes,
                    "year": year,
                    "category": category,
                    "value": numbers.values[keep].reset_index(drop=True),
                    "missing": numbers.missing[keep].reset_index(drop=True),
                    LINE: lines,
                }
            )
        )
    return pd.concat(parts, ignore_index=True).assign(**{FILE: str(table.path)})


def selected_rows(kind: str, table: CsvTable) -> np.ndarray:
    """Rows for both sexes together and, for wage income, the wage component only."""
    keep = np.ones(len(table.rows), dtype=bool)
    wanted: dict[str, tuple[str, ...]] = {"kön": ("totalt", "total", "samtliga")}
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
    mask = folded(table.rows[column]).isin(values).to_numpy()
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


def folded(cells: pd.Series) -> pd.Series:
    """``cells`` stripped and casefolded, computed once per distinct value (a column repeats a few values)."""
    codes, uniques = pd.factorize(cells)
    texts = np.asarray([str(value).strip().casefold() for value in uniques] + [""], dtype=object)
    return pd.Series(texts[codes], index=cells.index, dtype=object)


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
    assert column is not None, f"recognise() names {kind} by its column {name!r}"
    cells = folded(table.rows[column])
    check_categories(table, column, cells, kind, mapping)
    return cells.map(mapping).astype("object")


def check_categories(
    table: CsvTable, column: str, cells: pd.Series, kind: str, mapping: dict[str, str | None]
) -> None:
    """Raise :class:`InputDataError` for an unknown tenure, or a birth-region table without Sverige or
    totalt."""
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
        "year_marks": [mark for kind in KINDS for e in exports.get(kind, []) for mark in e.marks],
    }
