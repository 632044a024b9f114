"""Benchmark: labkit at national scale, every municipality of the national SCB exports.

Runs ``labkit run --source scb-exports --municipality all --method M1 M2 …`` (``--jobs`` = CPU count by
default, ``--force``) on the national exports in ``../shared/data/scb``: one run of every chosen method, as
a user types it (the runner adds the methods they need and runs each method once per municipality). It
prints, per method: jobs, failures, the sum of its job durations and their median and 95th percentile
(wall-clock, from run.json); then for the run: its wall-clock time, the CPU time of the whole run and its
peak memory. With ``--separately`` each method gets a run of its own (each then also runs what it needs).

The whole run is labkit and every process it started (the workers, the kernel fork server and every kernel),
sampled every 0.2 s:

- ``peak RSS GB``: the largest sum of the processes' resident memory. Forked kernels share the fork server's
  pages until they write to them, and each shared page is counted once per process here, so this is an upper
  bound.
- ``peak PSS GB``: the largest sum of their proportional set size (a shared page is split between the
  processes that share it), sampled every second: what the run takes from the machine.
- ``CPU s``: user + system CPU seconds of all those processes (the last value seen of each; a process that
  ends between two samples loses up to 0.2 s). On a machine shared with other work the wall-clock time
  grows with the load while the CPU time stays about the same, so ``CPU s / CPUs`` is what the run would
  take on the same cores with nothing else running. The load average is printed at the start and the end.

Usage::

    python benchmarks/national.py                       # target_groups for all 290
    python benchmarks/national.py --methods all         # every municipality-scope method
    python benchmarks/national.py --limit 40            # the first 40 municipalities (a quicker look)
    python benchmarks/national.py --sample 29 --methods all
        # every 10th municipality (in code order), then the figures scaled to all of them, labelled so
    python benchmarks/national.py --keep /tmp/national  # keep the reports in /tmp/national/<methods>
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


class TreeSampler:
    """Samples a process and all its descendants: peak summed RSS and PSS, and CPU seconds per process."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.root, self.interval = psutil.Process(pid), interval
        self.peak_rss = self.peak_pss = 0
        self.cpu: dict[tuple[int, float], float] = {}  # (pid, start time) -> user + system seconds
        self.done = threading.Event()
        self.samples = 0
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        full = self.samples % 5 == 0  # PSS reads every process's smaps: every fifth sample (1 s) only
        self.samples += 1
        rss = pss = 0
        try:
            processes = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        for p in processes:
            try:
                with p.oneshot():
                    key = (p.pid, p.create_time())
                    times = p.cpu_times()
                    memory = p.memory_full_info() if full else p.memory_info()
            except psutil.Error:
                continue
            self.cpu[key] = times.user + times.system
            rss += memory.rss
            pss += memory.pss if full else 0
        self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)

    def _loop(self) -> None:
        while not self.done.is_set():
            self._sample()
            self.done.wait(self.interval)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.thread.join()

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())


def run(methods: list[str], codes: list[str] | None, jobs: int, out: Path) -> dict:
    """One ``labkit run`` of ``methods`` (and of the methods they need, which the runner adds): its wall
    time, CPU time and peak memory, and per method the job durations from run.json."""
    where = ["all"] if codes is None else codes
    args = [
        str(BIN / "labkit"),
        "run",
        "--source",
        "scb-exports",
        "--data-dir",
        str(DATA),
        "--method",
        *methods,
        "--municipality",
        *where,
        "--jobs",
        str(jobs),
        "--out",
        out.name,
        "--force",
    ]
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=out.parent
    )
    with TreeSampler(proc.pid) as sampler:
        _, err = proc.communicate()
        seconds = time.perf_counter() - started
    records = json.loads((out / "run.json").read_text())["jobs"] if (out / "run.json").is_file() else []
    per_method = {}
    for slug in dict.fromkeys(r["method"] for r in records):
        mine = [r for r in records if r["method"] == slug]
        durations = sorted(r["duration_s"] for r in mine if r["status"] == "ok")
        per_method[slug] = {
            "jobs": len(mine),
            "failed": sum(r["status"] != "ok" for r in mine),
            "job_s": sum(durations),
            "median": statistics.median(durations) if durations else float("nan"),
            "p95": durations[min(len(durations) - 1, int(0.95 * len(durations)))]
            if durations
            else float("nan"),
        }
    for slug, figures in per_method.items():
        figures["reports"] = sum(1 for _ in out.glob(f"*/{slug}.html"))
    index = out / "index.html"
    csv = out / "comparison.csv"
    return {
        "methods": per_method,
        "index_links_comparison": index.is_file() and 'href="comparison.html"' in index.read_text("utf-8"),
        "comparison_rows": len(csv.read_text("utf-8").splitlines()) - 1 if csv.is_file() else 0,
        "exit": proc.returncode,
        "jobs": len(records),
        "failed": sum(r["status"] != "ok" for r in records),
        "seconds": seconds,
        "peak_rss_gb": sampler.peak_rss / 1e9,
        "peak_pss_gb": sampler.peak_pss / 1e9,
        "cpu_s": sampler.cpu_seconds,
        "stderr": err.strip().splitlines()[-3:],
    }


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--methods",
        default="target_groups",
        help="comma-separated slugs, or 'all' for every municipality-scope method",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, default=0, help="only the first N municipalities (0: all)")
    parser.add_argument(
        "--sample",
        type=int,
        default=0,
        help="N municipalities spread evenly over the code order (every k-th); totals are also shown "
        "scaled to every municipality, marked 'extrapolated'",
    )
    parser.add_argument(
        "--separately",
        action="store_true",
        help="one labkit run per method (each also runs the methods it needs) instead of one run of them all",
    )
    parser.add_argument("--keep", type=Path, help="keep each run in KEEP/<methods> (default: removed)")
    args = parser.parse_args()
    from labkit.data.sources import load_source
    from labkit.registry import METHODS

    slugs = (
        [s for s, m in METHODS.items() if m.scope == "municipality"]
        if args.methods == "all"
        else args.methods.split(",")
    )
    every = list(load_source("scb-exports", DATA).municipalities()["kommun_kod"])
    codes = None
    if args.limit:
        codes = every[: args.limit]
    elif args.sample and args.sample < len(every):
        step = len(every) / args.sample
        codes = [every[int(i * step)] for i in range(args.sample)]
    scale = len(every) / len(codes) if codes else 1.0
    cpus = os.cpu_count() or 1
    print(
        f"national benchmark: {len(codes) if codes else f'all {len(every)}'} municipalities, "
        f"--jobs {args.jobs}, {cpus} CPUs; load average (1, 5, 15 min) at start: {_load()}",
        flush=True,
    )
    header = (
        f"{'method':<18} {'jobs':>5} {'failed':>6} {'job s':>9} {'median s':>9} {'p95 s':>7} "
        f"{'total s':>9} {'CPU s':>8} {'CPU s/job':>9} {'peak RSS GB':>11} {'peak PSS GB':>11}"
    )
    print(header, flush=True)
    runs = [slugs] if not args.separately else [[slug] for slug in slugs]
    total = cpu = rss = pss = 0.0
    jobs = 0
    for methods in runs:
        name = "+".join(methods) if len(methods) < 3 else f"{len(methods)} methods"
        if args.keep:
            row = run(methods, codes, args.jobs, args.keep.resolve() / name)
        else:
            with tempfile.TemporaryDirectory(prefix="national-") as work:
                row = run(methods, codes, args.jobs, Path(work) / "out")
        for slug, m in row["methods"].items():
            print(
                f"{slug:<18} {m['jobs']:>5} {m['failed']:>6} {m['job_s']:>9.1f} {m['median']:>9.2f} "
                f"{m['p95']:>7.2f}",
                flush=True,
            )
        reports = ", ".join(f"{slug} {m['reports']}" for slug, m in row["methods"].items())
        print(
            f"  HTML reports: {reports}; index.html links comparison.html: "
            f"{'yes' if row['index_links_comparison'] else 'no'}; comparison.csv: "
            f"{row['comparison_rows']} municipalities",
            flush=True,
        )
        total, cpu, jobs = total + row["seconds"], cpu + row["cpu_s"], jobs + row["jobs"]
        rss, pss = max(rss, row["peak_rss_gb"]), max(pss, row["peak_pss_gb"])
        per_job = row["cpu_s"] / row["jobs"] if row["jobs"] else float("nan")
        print(
            f"{'= labkit run ' + name:<25} {row['jobs']:>5} {row['failed']:>6} {'':>27} "
            f"{row['seconds']:>9.1f} {row['cpu_s']:>8.1f} {per_job:>9.2f} {row['peak_rss_gb']:>11.2f} "
            f"{row['peak_pss_gb']:>11.2f}",
            flush=True,
        )
        if row["exit"] not in (0, 1):
            print(f"  labkit exited {row['exit']}: {' | '.join(row['stderr'])}", flush=True)
    if len(runs) > 1:
        print(
            f"{'all runs':<18} {jobs:>5} {'':>6} {'':>27} {total:>9.1f} {cpu:>8.1f} {'':>9} "
            f"{rss:>11.2f} {pss:>11.2f}"
        )
    print(f"load average (1, 5, 15 min) at end: {_load()}")
    print(f"CPU s / {cpus} CPUs = {cpu / cpus:.1f} s: the wall-clock time of this run on idle cores")
    if codes:
        print(
            f"extrapolated to all {len(every)} municipalities (x {scale:.2f}, from {len(codes)}): "
            f"{total * scale:.1f} s wall-clock at this load, {cpu * scale:.1f} CPU s = "
            f"{cpu * scale / cpus:.1f} s on {cpus} idle CPUs"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
