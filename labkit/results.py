"""Write and read ``<slug>.results.json``: a method's key figures plus where they came from."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path

from labkit import __version__
from labkit.errors import InputDataError
from labkit.fileio import write_json_atomic

#: Keys that describe the run; a method's figures may not use them.
RESERVED = (
    "method",
    "kommun_kod",
    "kommun",
    "parameters",
    "source",
    "provenance",
    "labkit_version",
    "created",
)


def results_path(out_dir: str | Path, slug: str) -> Path:
    """Where a method's results file lives inside a municipality's output folder."""
    return Path(out_dir) / f"{slug}.results.json"


def _plain(value: object) -> object:
    """Turn numpy scalars, NaN and tuples into plain JSON values (NaN becomes null)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def build_record(
    figures: dict,
    *,
    method: str,
    kommun_kod: str,
    kommun: str,
    parameters: dict,
    source: str,
    provenance: dict,
) -> dict:
    """Combine a method's figures with the run's metadata into one JSON-ready record."""
    clash = sorted(set(figures) & set(RESERVED))
    if clash:
        raise ValueError(f"figure names clash with reserved keys: {', '.join(clash)}")
    meta = {
        "method": method,
        "kommun_kod": kommun_kod,
        "kommun": kommun,
        "parameters": parameters,
        "source": source,
        "provenance": provenance,
        "labkit_version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return _plain({**meta, **figures})


def write_results(path: str | Path, record: dict) -> Path:
    """Write a results record atomically."""
    return write_json_atomic(path, _plain(record))


def read_results(path: str | Path) -> dict:
    """Read a results file, raising InputDataError if it is not valid JSON."""
    path = Path(path)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise InputDataError(
            "cannot read results", path=path, expected="a JSON results file", found=type(err).__name__
        ) from err
