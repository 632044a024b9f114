"""Benchmark: labkit at national scale, every municipality of the national SCB exports.

Runs ``labkit run --source scb-exports --municipality all`` (one method at a time, ``--jobs`` = CPU count by
default, ``--force``) on the national exports in ``../shared/data/scb`` and prints, per method: jobs,
failures, total wall-clock time, per-job median and 95th percentile (from run.json), and the peak memory of
the whole run (the sum of the resident memory of labkit and every process it started, sampled every 0.2 s).

Usage::

    python benchmarks/national.py                       # target_groups for all 290
    python benchmarks/national.py --methods all         # every municipality-scope method
    python benchmarks/national.py --limit 40            # the first 40 municipalities (a quicker look)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "scb"
BIN = Path(sys.executable).parent


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run(method: str, codes: list[str] | None, jobs: int, out: Path) -> dict:
    """One ``labkit run`` of ``method``; its wall time, job durations and peak memory."""
    where = ["all"] if codes is None else codes
    args = [
        str(BIN / "labkit"),
        "run",
        "--source",
        "scb-exports",
        "--data-dir",
        str(DATA),
        "--method",
        method,
        "--municipality",
        *where,
        "--jobs",
        str(jobs),
        "--out",
        out.name,
        "--force",
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=out.parent
    )
    watched, peak, done = psutil.Process(proc.pid), [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            try:
                peak[0] = max(peak[0], _tree_rss(watched))
            except psutil.Error:
                pass
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    records = json.loads((out / "run.json").read_text())["jobs"] if (out / "run.json").is_file() else []
    durations = sorted(r["duration_s"] for r in records if r["status"] == "ok")
    return {
        "method": method,
        "exit": proc.returncode,
        "jobs": len(records),
        "failed": sum(r["status"] != "ok" for r in records),
        "seconds": seconds,
        "median": statistics.median(durations) if durations else float("nan"),
        "p95": durations[min(len(durations) - 1, int(0.95 * len(durations)))] if durations else float("nan"),
        "peak_gb": peak[0] / 1e9,
        "stderr": err.strip().splitlines()[-3:],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--methods",
        default="target_groups",
        help="comma-separated slugs, or 'all' for every municipality-scope method",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, default=0, help="only the first N municipalities (0: all)")
    args = parser.parse_args()
    from labkit.data.sources import load_source
    from labkit.registry import METHODS

    slugs = (
        [s for s, m in METHODS.items() if m.scope == "municipality"]
        if args.methods == "all"
        else args.methods.split(",")
    )
    codes = None
    if args.limit:
        codes = list(load_source("scb-exports", DATA).municipalities()["kommun_kod"])[: args.limit]
    print(
        f"national benchmark: {len(codes) if codes else 'all'} municipalities, --jobs {args.jobs}, "
        f"{os.cpu_count()} CPUs",
        flush=True,
    )
    print(
        f"{'method':<18} {'jobs':>5} {'failed':>6} {'total s':>9} {'median s':>9} {'p95 s':>7} {'peak GB':>8}"
    )
    total = 0.0
    peak = 0.0
    for slug in slugs:
        with tempfile.TemporaryDirectory(prefix=f"national-{slug}-") as work:
            row = run(slug, codes, args.jobs, Path(work) / "out")
        total += row["seconds"]
        peak = max(peak, row["peak_gb"])
        print(
            f"{slug:<18} {row['jobs']:>5} {row['failed']:>6} {row['seconds']:>9.1f} {row['median']:>9.2f} "
            f"{row['p95']:>7.2f} {row['peak_gb']:>8.2f}",
            flush=True,
        )
        if row["exit"] not in (0, 1):
            print(f"  labkit exited {row['exit']}: {' | '.join(row['stderr'])}", flush=True)
    print(f"{'all methods':<18} {'':>5} {'':>6} {total:>9.1f} {'':>9} {'':>7} {peak:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
