"""Atomic file writes: a file is written to a temporary sibling, then renamed into place."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def write_bytes_atomic(path: str | Path, data: bytes, mode: int = 0o644) -> Path:
    """Write ``data`` to ``path`` so that readers never see a half-written file.

    The data goes to a temporary sibling, is flushed to disk (fsync), gets the permission bits ``mode``
    (0o600 for a file only its owner may read) and is then renamed into place; a failed write leaves the
    old file untouched and no temporary file behind. This is labkit's one atomic writer.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_text_atomic(path: str | Path, text: str, mode: int = 0o644) -> Path:
    """Write UTF-8 ``text`` atomically (as it is: no newline translation)."""
    return write_bytes_atomic(path, text.encode("utf-8"), mode)


def write_json_atomic(path: str | Path, payload: object) -> Path:
    """Write ``payload`` as indented UTF-8 JSON atomically."""
    return write_text_atomic(path, json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
