"""Hand one method's Result to the methods that need it, through the run folder.

When a method is needed by another (``Method.needs`` in :mod:`labkit.registry`), its notebook's
``ctx.record(result)`` also writes ``<slug>.result.pickle`` beside its results file. The runner runs that job
first; a downstream job in the same folder reads it with ``ctx.upstream(slug)``. If the upstream job failed,
the runner leaves ``<slug>.failed.txt`` with the error, and the downstream method shows that reason instead of
an empty table. The pickle is labkit's own output in the run folder, read only by labkit in the same run
(see docs/SECURITY.md).
"""

from __future__ import annotations

import pickle
from pathlib import Path

from labkit.fileio import write_bytes_atomic, write_text_atomic
from labkit.methods.base import Upstream


def result_path(out_dir: str | Path, slug: str) -> Path:
    """Where a method's handed-over Result lives in a run folder."""
    return Path(out_dir) / f"{slug}.result.pickle"


def failed_path(out_dir: str | Path, slug: str) -> Path:
    """Where the runner records why a method's job failed."""
    return Path(out_dir) / f"{slug}.failed.txt"


def write(out_dir: str | Path, slug: str, result: object) -> Path:
    """Hand ``result`` over (atomically) and clear an earlier failure note."""
    failed_path(out_dir, slug).unlink(missing_ok=True)
    return write_bytes_atomic(
        result_path(out_dir, slug), pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    )


def clear(out_dir: str | Path, slug: str) -> None:
    """Before a job runs: remove what an earlier run handed over, so nothing stale is read."""
    result_path(out_dir, slug).unlink(missing_ok=True)
    failed_path(out_dir, slug).unlink(missing_ok=True)


def fail(out_dir: str | Path, slug: str, error: str) -> Path:
    """Record why a job failed, for the methods that need it."""
    return write_text_atomic(failed_path(out_dir, slug), error.strip() + "\n")


def read(out_dir: str | Path, slug: str, lang: str = "sv") -> Upstream:
    """The upstream Result, or the reason it is missing (in the reader's language)."""
    from labkit.registry import get_method

    title = get_method(slug).title(lang).split(":")[0]
    path = result_path(out_dir, slug)
    if path.is_file():
        with path.open("rb") as handle:
            return Upstream(slug, pickle.load(handle))
    failed = failed_path(out_dir, slug)
    if failed.is_file():
        error = failed.read_text(encoding="utf-8").strip()
        reason = (
            f"{title} misslyckades i den här körningen: {error}"
            if lang == "sv"
            else f"{title} failed in this run: {error}"
        )
        return Upstream(slug, None, reason)
    reason = (
        f"{title} har inte körts för den här kommunen i samma körning. Kör den först (labkit run gör det)."
        if lang == "sv"
        else f"{title} has not been run for this municipality in the same run. "
        "Run it first (labkit run does)."
    )
    return Upstream(slug, None, reason)
