"""Benchmark: peak memory and time of ``labkit data check`` on the national SCB exports.

Runs ``python -m labkit data check --source scb-exports`` under ``/usr/bin/time -v`` (cache off) on
temporary folders of symbolic links to the real exports:

1. ``national``: the exports as they are;
2. ``unrelated``: the same plus an unrelated CSV of ``--size-mb`` MB (generated here) beside them;
3. ``oversized``: the same plus a population export of ``--size-mb`` MB (its header is the real one),
   which must be refused at once, before it is read;
4. ``large-export``: the wage export replaced by a real-looking one of about 45 MB (every RegSO with 50
   more income components and both sexes; the wage-income rows are the real ones), read whole.

Each folder is checked ``--repeat`` times (default 2); the table shows the largest peak RSS, the
shortest wall time and the CPU time (user + system) of that run, since on a shared machine wall time
depends on the load. It checks: every run under 1 GB; ``unrelated`` within twice
the time and memory of ``national`` and with the same report; ``oversized`` refused with the size-cap
message; ``large-export`` with the same report as ``national``. Exits 1 when a check fails.

Usage: ``python benchmarks/data_check_memory.py [--data-dir ../shared/data/scb] [--size-mb 200]``
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = ROOT.parent / "shared" / "data" / "scb"
POPULATION = "regso_population_by_birth_region_2020_2023.csv"
WAGE = "regso_mean_wage_income_2020_2023.csv"
LIMIT_KB = 1024 * 1024  # 1 GB


def link_folder(source: Path, target: Path, skip: str | None = None) -> Path:
    """``target`` holding a symbolic link to every file of ``source`` (except ``skip``)."""
    target.mkdir()
    for path in sorted(source.iterdir()):
        if path.is_file() and path.name != skip:
            (target / path.name).symlink_to(path.resolve())
    return target


def write_unrelated(path: Path, size_mb: int) -> None:
    """A CSV of measurements that has nothing to do with SCB exports, about ``size_mb`` MB."""
    line_block = "".join(f"{n},sensor-{n % 97},{n * 0.37:.2f},{(n * 7) % 1000},ok\n" for n in range(10_000))
    target = size_mb * 1024 * 1024
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("id,sensor,reading,count,status\n")
        written = 0
        while written < target:
            handle.write(line_block)
            written += len(line_block)


def write_oversized(path: Path, source: Path, size_mb: int) -> None:
    """The real population export repeated until it is about ``size_mb`` MB (only its size matters)."""
    data = source.read_bytes()
    header, body = data.split(b"\n", 1)
    target = size_mb * 1024 * 1024
    with path.open("wb") as handle:
        handle.write(header + b"\n")
        written = 0
        while written < target:
            handle.write(body)
            written += len(body)


def write_large_wage(path: Path, source: Path, components: int = 50) -> None:
    """The real wage export with ``components`` more income components and both sexes per RegSO."""
    text = source.read_bytes().decode("utf-8-sig").replace("\r\r\n", "\n")
    rows = list(csv.reader(io.StringIO(text)))
    header, data = rows[0], [r for r in rows[1:] if r]
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow(header)
    for n, row in enumerate(data):
        writer.writerow([row[0], row[1], row[2], *(float(v) for v in row[3:])])
        for sex in ("kvinnor", "män"):
            writer.writerow([row[0], row[1], sex, *(float(v) + 1.5 for v in row[3:])])
        for k in range(components):
            for sex in ("totalt", "kvinnor", "män"):
                writer.writerow(
                    [row[0], f"inkomstkomponent {k}", sex, *((n + k) % 500 + 0.5 for _ in row[3:])]
                )
    path.write_bytes(out.getvalue().encode("utf-8-sig"))


def measure(data_dir: Path) -> dict:
    """Run ``labkit data check`` on ``data_dir`` under ``/usr/bin/time -v``; peak RSS (kB), seconds,
    output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LABKIT_CACHE_DIR": "off"}
    env.pop("LABKIT_MAX_EXPORT_MB", None)
    command = [
        "/usr/bin/time",
        "-v",
        sys.executable,
        "-m",
        "labkit",
        "data",
        "check",
        "--source",
        "scb-exports",
        "--data-dir",
        str(data_dir),
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", done.stderr).group(1)
    seconds = sum(float(part) * 60**k for k, part in enumerate(reversed(wall.split(":"))))
    cpu = sum(
        float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", done.stderr).group(1))
        for kind in ("User", "System")
    )
    errors = [line for line in done.stderr.splitlines() if line.startswith("labkit:")]
    return {
        "rss_kb": rss,
        "seconds": seconds,
        "cpu": cpu,
        "status": done.returncode,
        "stdout": done.stdout,
        "errors": errors,
    }


def best_of(data_dir: Path, repeat: int) -> dict:
    """:func:`measure` ``repeat`` times: the fastest run, with the largest peak RSS of all runs."""
    runs = [measure(data_dir) for _ in range(repeat)]
    fastest = min(runs, key=lambda run: run["seconds"])
    return {**fastest, "rss_kb": max(run["rss_kb"] for run in runs)}


def without_folder(report: str) -> str:
    """The report without its ``data_dir:`` line (the folders differ) and the list of unrecognised files."""
    return "\n".join(
        line for line in report.splitlines() if not line.startswith(("data_dir:", "  unrelated"))
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    if not Path("/usr/bin/time").exists():
        print("needs /usr/bin/time (GNU time)", file=sys.stderr)
        return 2
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="labkit-data-check-") as tmp:
        tmp_path = Path(tmp)
        national = link_folder(args.data_dir, tmp_path / "national")
        unrelated = link_folder(args.data_dir, tmp_path / "unrelated")
        write_unrelated(unrelated / "unrelated_measurements.csv", args.size_mb)
        oversized = link_folder(args.data_dir, tmp_path / "oversized")
        write_oversized(oversized / "population_copy.csv", args.data_dir / POPULATION, args.size_mb)
        large = link_folder(args.data_dir, tmp_path / "large", skip=WAGE)
        write_large_wage(large / WAGE, args.data_dir / WAGE)
        runs = {
            name: best_of(folder, args.repeat)
            for name, folder in (
                ("national", national),
                ("unrelated", unrelated),
                ("oversized", oversized),
                ("large-export", large),
            )
        }
        sizes = {
            "unrelated": unrelated / "unrelated_measurements.csv",
            "oversized": oversized / "population_copy.csv",
            "large-export": large / WAGE,
        }
        print(f"{'run':<14} {'extra file':>12} {'peak RSS':>10} {'wall':>8} {'CPU':>8}  exit")
        for name, run in runs.items():
            extra = f"{sizes[name].stat().st_size / 1048576:.1f} MB" if name in sizes else "-"
            print(
                f"{name:<14} {extra:>12} {run['rss_kb'] / 1024:>7.0f} MB {run['seconds']:>6.2f} s "
                f"{run['cpu']:>6.2f} s  {run['status']}"
            )
            if run["rss_kb"] >= LIMIT_KB:
                failures.append(f"{name}: peak RSS {run['rss_kb'] / 1024:.0f} MB is not under 1 GB")
        base, other = runs["national"], runs["unrelated"]
        print(
            f"unrelated / national: memory x{other['rss_kb'] / base['rss_kb']:.2f}, "
            f"wall time x{other['seconds'] / base['seconds']:.2f}, CPU time x{other['cpu'] / base['cpu']:.2f}"
        )
        for name in ("national", "unrelated", "large-export"):
            if runs[name]["status"] != 0:
                failures.append(f"{name}: exit {runs[name]['status']}: {runs[name]['errors']}")
        if other["rss_kb"] > 2 * base["rss_kb"] or other["seconds"] > 2 * base["seconds"]:
            failures.append("unrelated: more than twice the memory or time of national")
        if without_folder(other["stdout"]) != without_folder(base["stdout"]):
            failures.append("unrelated: the report differs from national's")
        if (
            "  unrelated_measurements.csv: the header (id, sensor, reading, count, status) matches no known "
            "export" not in other["stdout"]
        ):
            failures.append("unrelated: the file is not listed as unrecognised")
        refused = runs["oversized"]["errors"]
        print(f"oversized: {refused[0] if refused else '(not refused)'}")
        if runs["oversized"]["status"] != 2 or not refused or "larger than the size cap" not in refused[0]:
            failures.append("oversized: not refused with the size-cap message")
        if without_folder(runs["large-export"]["stdout"]) != without_folder(base["stdout"]):
            failures.append("large-export: the report differs from national's")
    for failure in failures:
        print(f"FAIL {failure}")
    if not failures:
        print("OK: every run under 1 GB; the unrelated file costs less than twice the time and memory")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
