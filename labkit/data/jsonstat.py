"""Parse JSON-stat 2.0 datasets and PxWebApi v1 JSON answers into tidy DataFrames with codes as text."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from labkit.errors import InputDataError

#: Markers SCB puts where a figure is missing: ``..`` suppressed, ``-`` none, ``.`` not applicable.
MISSING_MARKERS = ("..", "-", ".", "...", "")

_REQUIRED_KEYS = ("id", "size", "dimension", "value")


def parse_jsonstat(data: Any, source: str = "<json-stat2>") -> pd.DataFrame:
    """Turn a JSON-stat 2.0 dataset into one row per cell.

    Parameters
    ----------
    data
        The decoded JSON answer (``class: dataset``), as PxWebApi v2 sends with
        ``outputFormat=json-stat2``.
    source
        Where the answer came from (URL or file); named in error messages.

    Returns
    -------
    pandas.DataFrame
        For every dimension ``D`` a column ``D`` with the category code and ``D_label`` with
        its label (both text), then ``value`` (float, NaN where missing) and ``status``
        (text: the cell's status marker such as ``".."``, else missing). ``attrs`` holds
        ``label`` (dataset title), ``dimensions`` ({id: label}) and ``roles``.

    Raises
    ------
    InputDataError
        When the answer is not a JSON-stat 2.0 dataset or its parts disagree.
    """
    _check_dataset(data, source)
    ids, sizes = [str(d) for d in data["id"]], [int(s) for s in data["size"]]
    columns: dict[str, Any] = {}
    for position, dim in enumerate(ids):
        codes, labels = _categories(data["dimension"].get(dim), dim, sizes[position], source)
        before, after = math.prod(sizes[:position]), math.prod(sizes[position + 1 :])
        columns[dim] = np.tile(np.repeat(np.array(codes, dtype=object), after), before)
        columns[f"{dim}_label"] = np.tile(np.repeat(np.array(labels, dtype=object), after), before)
    total = math.prod(sizes)
    columns["value"] = _values(data["value"], total, source)
    columns["status"] = _status(data.get("status"), total)
    frame = pd.DataFrame(columns)
    text_columns = [*ids, *(f"{dim}_label" for dim in ids), "status"]
    frame = frame.astype({column: "string" for column in text_columns})
    frame.attrs.update(_dataset_attrs(data, ids))
    return frame


def parse_pxweb_v1(data: Any, source: str = "<pxweb-v1>") -> pd.DataFrame:
    """Turn a PxWebApi v1 JSON answer (``{"columns": [...], "data": [...]}``) into one row per cell.

    Parameters
    ----------
    data
        The decoded answer of a v1 query with ``"response": {"format": "json"}``.
    source
        Where the answer came from (URL or file); named in error messages.

    Returns
    -------
    pandas.DataFrame
        One text column per dimension and time column (named by its code, e.g. ``Region``,
        ``Tid``), then ``ContentsCode``, ``ContentsCode_label`` (the column text, e.g.
        ``Folkmängd``), ``value`` (float, NaN for ``..`` and other markers) and ``status``
        (text: the marker, else missing). v1 answers carry no category labels, so none are given.

    Raises
    ------
    InputDataError
        When the answer is not in the v1 JSON shape or a row has the wrong number of parts.
    """
    columns = _v1_columns(data, source)
    keys = [c["code"] for c in columns if c.get("type") != "c"]
    contents = [c for c in columns if c.get("type") == "c"]
    records = []
    for number, row in enumerate(data["data"]):
        key, values = _v1_row(row, number, len(keys), len(contents), source)
        for content, raw in zip(contents, values, strict=True):
            records.append([*key, content["code"], content.get("text", content["code"]), raw])
    frame = pd.DataFrame(records, columns=[*keys, "ContentsCode", "ContentsCode_label", "raw"])
    frame = frame.astype({c: "string" for c in [*keys, "ContentsCode", "ContentsCode_label"]})
    frame["value"], frame["status"] = _split_markers(frame["raw"])
    return frame.drop(columns="raw")


def _check_dataset(data: Any, source: str) -> None:
    """Raise unless ``data`` has the keys of a JSON-stat 2.0 dataset with matching id and size."""
    if not isinstance(data, Mapping):
        raise _malformed(source, "a JSON object (JSON-stat 2.0 dataset)", type(data).__name__)
    missing = [key for key in _REQUIRED_KEYS if key not in data]
    if missing:
        raise _malformed(source, f"keys {', '.join(_REQUIRED_KEYS)}", f"no {', '.join(missing)}")
    if data.get("class", "dataset") != "dataset":
        raise _malformed(source, "class 'dataset'", repr(data.get("class")))
    if len(data["id"]) != len(data["size"]):
        raise _malformed(source, f"{len(data['id'])} sizes (one per id)", str(len(data["size"])))


def _categories(dimension: Any, dim: str, size: int, source: str) -> tuple[list[str], list[str]]:
    """Codes in index order and their labels for one dimension."""
    if not isinstance(dimension, Mapping) or not isinstance(dimension.get("category"), Mapping):
        raise _malformed(source, f"dimension '{dim}' with a category object", repr(dimension)[:80])
    category = dimension["category"]
    index, labels = category.get("index"), category.get("label") or {}
    if isinstance(index, Mapping):
        codes = sorted(index, key=lambda code: int(index[code]))
    elif isinstance(index, Sequence) and not isinstance(index, str):
        codes = list(index)
    else:
        codes = list(labels)
    if len(codes) != size:
        raise _malformed(source, f"{size} categories in dimension '{dim}' (its size)", str(len(codes)))
    codes = [str(code) for code in codes]
    return codes, [str(labels.get(code, code)) for code in codes]


def _values(raw: Any, total: int, source: str) -> np.ndarray:
    """The cell values as floats (NaN for null), from the dense array or the sparse object form."""
    values = np.full(total, np.nan)
    if isinstance(raw, Mapping):
        items = [(int(k), v) for k, v in raw.items()]
    elif isinstance(raw, Sequence) and not isinstance(raw, str):
        if len(raw) != total:
            raise _malformed(source, f"{total} values (the product of size)", str(len(raw)))
        items = list(enumerate(raw))
    else:
        raise _malformed(source, "'value' as an array or object", type(raw).__name__)
    for position, value in items:
        values[position] = _number(value, position, source)
    return values


def _number(value: Any, position: int, source: str) -> float:
    """One cell as float; None and missing markers become NaN."""
    if value is None or (isinstance(value, str) and value.strip() in MISSING_MARKERS):
        return np.nan
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _malformed(source, f"a number or null at value[{position}]", repr(value))
    return float(value)


def _status(raw: Any, total: int) -> np.ndarray:
    """Per-cell status markers from a string, array or sparse object; None where there is none."""
    status = np.full(total, None, dtype=object)
    if isinstance(raw, str):
        status[:] = raw
    elif isinstance(raw, Mapping):
        for key, marker in raw.items():
            status[int(key)] = marker
    elif isinstance(raw, Sequence):
        status[: len(raw)] = list(raw)
    return status


def _dataset_attrs(data: Mapping, ids: list[str]) -> dict[str, Any]:
    """Title, dimension labels and roles of the dataset, for writers that need headers."""
    dims = {dim: str(data["dimension"][dim].get("label", dim)) for dim in ids}
    return {"label": str(data.get("label", "")), "dimensions": dims, "roles": dict(data.get("role") or {})}


def _v1_columns(data: Any, source: str) -> list[dict]:
    """The ``columns`` list of a v1 answer, checked."""
    if not isinstance(data, Mapping) or "columns" not in data or "data" not in data:
        found = sorted(data)[:5] if isinstance(data, Mapping) else type(data).__name__
        raise InputDataError(
            "not a PxWebApi v1 JSON answer", path=source, expected="keys columns, data", found=str(found)
        )
    columns = data["columns"]
    if not all(isinstance(c, Mapping) and "code" in c for c in columns):
        raise InputDataError("malformed PxWebApi v1 columns", path=source, expected="objects with 'code'")
    if not any(c.get("type") == "c" for c in columns):
        raise InputDataError(
            "malformed PxWebApi v1 columns",
            path=source,
            expected="a contents column (type 'c')",
            found="none",
        )
    return list(columns)


def _v1_row(row: Any, number: int, n_keys: int, n_values: int, source: str) -> tuple[list[str], list]:
    """Key parts and raw values of data row ``number``, checked against the columns."""
    key = row.get("key", []) if isinstance(row, Mapping) else []
    values = row.get("values", []) if isinstance(row, Mapping) else []
    if len(key) != n_keys or len(values) != n_values:
        raise InputDataError(
            f"malformed PxWebApi v1 data row {number}",
            path=source,
            expected=f"{n_keys} key parts and {n_values} values",
            found=f"{len(key)} and {len(values)}",
        )
    return [str(part) for part in key], list(values)


def _split_markers(raw: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numeric values and status markers from v1 value texts such as ``"375"`` or ``".."``."""
    text = raw.astype("string").str.strip()
    value = pd.to_numeric(text, errors="coerce").astype("float64")
    return value, text.where(value.isna())


def _malformed(source: str, expected: str, found: str) -> InputDataError:
    """The error for an answer that is not a well-formed JSON-stat 2.0 dataset."""
    return InputDataError("malformed JSON-stat 2.0 dataset", path=source, expected=expected, found=found)
