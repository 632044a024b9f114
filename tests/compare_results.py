"""Compare the results files of two runs: every ``*.results.json`` value, before and after a change.

Usage::

    python tests/compare_results.py BEFORE_RUN_FOLDER AFTER_RUN_FOLDER [--explain FILE]

Both folders are ``labkit run --out`` folders. Every results file in either is compared value by value (floats
to a relative 1e-9); what describes the run rather than its figures (``created``, ``labkit_version``,
``parameters``, ``provenance``) is left out. ``--explain`` names a JSON file of ``{"<file>#<key path prefix>":
"why"}``: a difference under an explained prefix is listed as explained. Exit status 0 when every difference
is explained, 1 otherwise; the listing goes to standard output.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

#: Keys that describe the run, not its results.
RUN_KEYS = ("created", "labkit_version", "parameters", "provenance")


def _walk(value: object, path: str = ""):
    if isinstance(value, dict):
        for key in sorted(value):
            yield from _walk(value[key], f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")
    else:
        yield path, value


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float | int) and not isinstance(b, bool):
        return math.isclose(a, float(b), rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(b, float) and isinstance(a, int) and not isinstance(a, bool):
        return math.isclose(float(a), b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def compare_files(before: Path, after: Path) -> list[tuple[str, object, object]]:
    """(key path, before, after) of every value that differs between two results files."""
    old = {k: v for k, v in json.loads(before.read_text(encoding="utf-8")).items() if k not in RUN_KEYS}
    new = {k: v for k, v in json.loads(after.read_text(encoding="utf-8")).items() if k not in RUN_KEYS}
    a, b = dict(_walk(old)), dict(_walk(new))
    missing = object()
    return [
        (key, a.get(key, "(absent)"), b.get(key, "(absent)"))
        for key in sorted(set(a) | set(b))
        if not _same(a.get(key, missing), b.get(key, missing))
    ]


def compare_runs(before: Path, after: Path) -> dict[str, list[tuple[str, object, object]]]:
    """Differences per results file (relative path); a file in one run only is one difference."""
    files = {p.relative_to(before).as_posix() for p in before.rglob("*.results.json")}
    files |= {p.relative_to(after).as_posix() for p in after.rglob("*.results.json")}
    out: dict[str, list[tuple[str, object, object]]] = {}
    for rel in sorted(files):
        old, new = before / rel, after / rel
        if not (old.is_file() and new.is_file()):
            out[rel] = [
                ("(file)", "present" if old.is_file() else "absent", "present" if new.is_file() else "absent")
            ]
            continue
        found = compare_files(old, new)
        if found:
            out[rel] = found
    return out


def main(argv: list[str] | None = None) -> int:
    """Print every difference, marked explained or not; 1 if any is unexplained."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--explain", type=Path, default=None, help="JSON of '<file>#<key prefix>': reason")
    args = parser.parse_args(argv)
    reasons = json.loads(args.explain.read_text(encoding="utf-8")) if args.explain else {}
    differences = compare_runs(args.before, args.after)
    unexplained = 0
    for rel, found in differences.items():
        for key, old, new in found:
            why = next((r for p, r in reasons.items() if f"{rel}#{key}".startswith(p)), "")
            unexplained += not why
            mark = f"explained: {why}" if why else "UNEXPLAINED"
            print(f"{rel}#{key}: {old!r} -> {new!r} [{mark}]")
    files = len({p.relative_to(args.after) for p in args.after.rglob("*.results.json")})
    count = sum(map(len, differences.values()))
    print(f"{files} results files compared; {count} differences, {unexplained} unexplained")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
