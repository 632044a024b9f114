"""Benchmark: the full labkit batch against a sequential loop of the papermill command line.

Runs, in one process and one go:
1. ``labkit run --force`` for every method × the five municipalities (bundled data), which also writes the
   HTML reports, run.json and index.html;
2. the same notebooks with the same parameters through the ``papermill`` command line, one after another
   (what an analyst would otherwise script), writing executed notebooks only.

Prints both wall-clock times and their ratio. Usage: ``python benchmarks/batch.py [--jobs N]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def time_labkit(out: Path, jobs: int | None) -> tuple[float, list[dict]]:
    """Wall-clock seconds of ``labkit run --force`` and its job records."""
    args = [str(BIN / "labkit"), "run", "--force", "--out", out.name]
    if jobs:
        args += ["--jobs", str(jobs)]
    started = time.perf_counter()
    proc = subprocess.run(args, cwd=out.parent, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"labkit run failed ({proc.returncode}):\n{proc.stderr}")
    return seconds, json.loads((out / "run.json").read_text())["jobs"]


def _yaml(params: dict) -> str:
    return json.dumps(params)  # JSON is YAML: strings stay strings ("0114" is never 114)


def time_papermill_loop(records: list[dict], out: Path) -> float:
    """Wall-clock seconds of a sequential loop of the papermill CLI over the same jobs."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for record in records:
        # The regional job reads the run folder itself; the others write into <out>/<kommun_kod>.
        folder = out if record["kommun_kod"] == "region" else out / record["kommun_kod"]
        params = {**record["parameters"], "out_dir": str(folder)}
        notebook = ROOT / "notebooks" / f"{record['method']}.ipynb"
        target = out / f"{record['kommun_kod']}_{record['method']}.ipynb"
        subprocess.run(
            [str(BIN / "papermill"), str(notebook), str(target), "-y", _yaml(params), "--no-progress-bar"],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - started


def main() -> int:
    """Run both, print the times and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=None, help="labkit --jobs (default: CPU count)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="labkit-bench-"))
    try:
        labkit_s, records = time_labkit(work / "reports", args.jobs)
        loop_s = time_papermill_loop(records, work / "papermill")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    municipalities = {r["kommun_kod"] for r in records} - {"region"}
    print(
        f"jobs: {len(records)} ({len({r['method'] for r in records})} methods; "
        f"{len(municipalities)} municipalities, plus one regional job)"
    )
    print(f"labkit run --force (parallel, with HTML reports): {labkit_s:7.1f} s")
    print(f"sequential papermill CLI loop (notebooks only):   {loop_s:7.1f} s")
    print(f"ratio: {loop_s / labkit_s:.2f}x faster")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
