"""Choose a data source by name, and pick or resolve municipalities in the Dataset it returns."""

from __future__ import annotations

import re
from pathlib import Path

from labkit.data.dataset import Dataset
from labkit.errors import ConfigError

#: The data sources :func:`load_source` knows.
SOURCES = ("bundled", "scb-exports")

#: The five municipalities of the GR project (Kungälv, Lerum, Lilla Edet, Partille, Stenungsund).
FOCUS_MUNICIPALITIES = ("1482", "1441", "1462", "1402", "1415")

_MAX_CHOICES = 20


def load_source(name: str, data_dir: str | Path | None = None, *, max_bytes: int | None = None) -> Dataset:
    """Load the Dataset of source ``name``.

    Parameters
    ----------
    name
        ``"bundled"`` (the committed default) or ``"scb-exports"`` (CSV files exported from
        Statistikdatabasen).
    data_dir
        Folder to read; optional for ``"bundled"``, required for ``"scb-exports"``.
    max_bytes
        For ``"scb-exports"``: the size cap of one export file (see
        :func:`labkit.data.scb_exports.load_scb_exports`; default ``$LABKIT_MAX_EXPORT_MB`` or 50 MB).

    Raises
    ------
    ConfigError
        For an unknown source, or ``"scb-exports"`` without ``data_dir``.
    InputDataError
        When the source's files are invalid.
    """
    if name == "bundled":
        from labkit.data.bundled import load_bundled  # lazy: written separately, and heavier to import

        return load_bundled(data_dir)
    if name == "scb-exports":
        if data_dir is None:
            raise ConfigError(
                "the scb-exports source needs a data folder",
                column="data_dir",
                expected="a folder with CSV exports from Statistikdatabasen",
                found="None",
            )
        from labkit.data.scb_exports import load_scb_exports

        return load_scb_exports(data_dir, max_bytes=max_bytes)
    raise ConfigError(
        "unknown data source", expected=f"one of {', '.join(repr(s) for s in SOURCES)}", found=repr(name)
    )


def default_municipalities(dataset: Dataset) -> list[str]:
    """The municipalities a batch run covers when none are named.

    For ``bundled`` all of its municipalities (its five). For other sources the five focus
    municipalities (1482, 1441, 1462, 1402, 1415) that are present, or every municipality when none is.
    """
    codes = [str(code) for code in dataset.municipalities()["kommun_kod"]]
    if dataset.source == "bundled":
        return codes
    focus = [code for code in FOCUS_MUNICIPALITIES if code in codes]
    return focus or codes


def resolve_municipality(dataset: Dataset, value: str) -> str:
    """The 4-digit code of a municipality given by code or by name (case-insensitive).

    Parameters
    ----------
    dataset
        The dataset whose municipalities are valid choices.
    value
        A code as text (``"0114"``) or a name (``"Partille"``, ``"lilla edet"``).

    Raises
    ------
    ConfigError
        When no municipality of ``dataset`` matches; the message lists the valid choices (the first
        20 and the count when there are more) and hints at a lost leading zero for 3-digit codes.
    """
    municipalities = dataset.municipalities()
    codes = [str(code) for code in municipalities["kommun_kod"]]
    text = str(value).strip()
    if text in codes:
        return text
    by_name = {
        str(name).casefold(): str(code) for code, name in zip(codes, municipalities["kommun"], strict=True)
    }
    if text.casefold() in by_name:
        return by_name[text.casefold()]
    raise ConfigError(
        "unknown municipality",
        expected=f"a 4-digit code as text or a name: {choices(codes, list(municipalities['kommun']))}",
        found=repr(value),
        hint=lost_zero_hint(text, codes),
    )


def choices(codes: list[str], names: list[str]) -> str:
    """``"1402 Partille, 1415 Stenungsund"``, cut to the first 20 with the count when longer."""
    listed = ", ".join(f"{code} {name}" for code, name in list(zip(codes, names, strict=True))[:_MAX_CHOICES])
    if len(codes) > _MAX_CHOICES:
        listed += f", … ({len(codes)} municipalities in all)"
    return listed


def lost_zero_hint(text: str, codes: list[str]) -> str | None:
    """A hint for a 3-digit code such as ``114`` whose leading zero was probably lost."""
    if not re.fullmatch(r"\d{3}", text):
        return None
    padded = "0" + text
    suggestion = f" ('{padded}' is in the data)" if padded in codes else ""
    return (
        "The leading zero was probably lost: write the code as text with 4 digits, e.g. "
        f"'{padded}'{suggestion}."
    )
