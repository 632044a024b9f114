"""Benchmark: a full lab journal (1 000 and 10 000 co-creation records) in the batch job and the workshop
board.

For each size it builds a synthetic journal with the mix of record kinds a busy co-creation workshop
leaves (participants, ideas building on each other, "ja, och" additions, idea cards, priority scores
on three criteria, three dots each, statements and statement votes, stakeholders, activities and a few
retractions), stored through ``LabJournal.import_drafts`` so every rule is checked, and measures:

(a) the cocreation analysis as a batch job runs it: ``load_inputs``, ``analyse`` and every display
    cell of notebooks/cocreation.ipynb after it (tables rendered to HTML, charts to PNG), in this
    process; with ``--run`` also a real ``labkit run --method cocreation -p journal=... -p records=journal``
    (kernel start, papermill, HTML report) and its job duration from run.json;
(b) a form save with the board refresh: ``--saves`` ideas saved through the BrainwritingForm of a
    WorkshopBoard and as many statement votes through its StatementVoting form, each the time of one
    ``button.click()`` (journal write, message, refresh of every form and tally); median and p95;
(c) the time to build the WorkshopBoard on the journal.

Goals (issue 17): batch job with 10 000 records <= 15 s; save + refresh <= 100 ms at 1 000 records and
<= 250 ms at 10 000. The figures are printed, never asserted; on a shared machine they vary.

Usage::

    python benchmarks/journal.py                        # 1 000 and 10 000 records, all in one workshop
    python benchmarks/journal.py --sizes 1000 --run     # also a real labkit run of the notebook
    python benchmarks/journal.py --workshops 10         # the records spread over ten workshops
    python benchmarks/journal.py --profile board        # cProfile of the saves (or: batch)
"""

from __future__ import annotations

import argparse
import ast
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
KOMMUN = "1402"  # Partille, bundled (synthetic areas): the areas participants live in
CRITERIA = ("effekt för målgruppen", "genomförbarhet", "kostnad")


# ---------------------------------------------------------------------------------------------- journal


def plan(n: int) -> dict[str, int]:
    """How many records of each kind a journal of ``n`` records holds (the scores take the rest)."""
    counts = {
        "activity": max(2, n // 500),
        "stakeholder": max(3, n // 200),
        "participant": max(6, n // 20),
        "idea": max(6, 3 * n // 20),
        "yes_and": n // 10,
        "idea_card": n // 200,
        "statement": max(2, n // 50),
        "retraction": n // 200,
    }
    counts["dot"] = 3 * counts["participant"]
    counts["statement_vote"] = 22 * n // 100
    counts["priority_score"] = n - sum(counts.values())
    return counts


def drafts(n: int, workshops: int = 1, seed: int = 17) -> list:
    """The drafts of a synthetic journal of ``n`` records, in the order a workshop series would write them."""
    from labkit.capture.journal import Placed
    from labkit.capture.kinds import get_kind
    from labkit.capture.kinds.common import AGE_BANDS, GENDERS, LADDER, ROLES
    from labkit.capture.records import Draft

    rng = random.Random(seed)
    counts = plan(n)
    start = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
    out: list = []
    ids: dict[str, list] = {}

    def add(kind: str, workshop: str, **fields: object) -> str:
        record_id = f"{kind}-{len(out):06d}"
        created = (start + dt.timedelta(seconds=7 * len(out))).isoformat(timespec="microseconds")
        values = get_kind(kind).validate(fields)
        out.append(Placed(Draft(kind, record_id, created, workshop, "samtalsledare", values)))
        ids.setdefault(kind, []).append((record_id, workshop, fields))
        return record_id

    names = [f"W{k + 1:02d}" for k in range(workshops)]

    def share(total: int, k: int) -> int:  # the k-th workshop's part of ``total``
        return total // workshops + (1 if k < total % workshops else 0)

    for k, ws in enumerate(names):
        add("activity", ws, name=f"Workshop {ws}", level=LADDER[1 + k % 3], date="2025-03-19")
        for j in range(share(counts["activity"], k) - 1):
            add("activity", ws, name=f"Öppet hus {j + 1}", level=rng.choice(LADDER))
        for j in range(share(counts["stakeholder"], k)):
            add(
                "stakeholder",
                ws,
                name=f"Intressent {j % max(3, counts['stakeholder'] // 2)}",
                power=rng.randint(1, 5),
                interest=rng.randint(1, 5),
                category=rng.choice(["förening", "bolag", None]),
            )
        people = [f"P{j:04d}" for j in range(share(counts["participant"], k))]
        for who in people:
            add(
                "participant",
                ws,
                pseudonym=who,
                role=rng.choice(ROLES),
                age_band=rng.choice((None, *AGE_BANDS)),
                gender=rng.choice((None, *GENDERS)),
                home_area=f"{KOMMUN}X{rng.randint(1, 15):03d}",
            )
        ideas: list[tuple[str, str]] = []
        for j in range(share(counts["idea"], k)):
            parent = rng.choice(ideas)[0] if ideas and rng.random() < 0.4 else None
            who = rng.choice(people)
            ideas.append(
                (
                    add(
                        "idea",
                        ws,
                        text=f"Idé {j}: {rng.choice(['bänkar', 'lekplats', 'läxhjälp', 'torg'])} "
                        f"i område {rng.randint(1, 15)}",
                        round=1 + j * 5 // max(1, len(people)),
                        participant=who,
                        builds_on=parent,
                    ),
                    who,
                )
            )
        for _ in range(share(counts["yes_and"], k)):
            add(
                "yes_and",
                ws,
                idea=rng.choice(ideas)[0],
                text="ja, och fler träd",
                participant=rng.choice(people),
            )
        for j in range(share(counts["idea_card"], k)):
            add("idea_card", ws, idea=ideas[j % len(ideas)][0], title=f"Kort {j}", target_group="unga")
        statements = [
            add("statement", ws, text=f"Påstående {j}", participant=rng.choice(people))
            for j in range(share(counts["statement"], k))
        ]
        scores = share(counts["priority_score"], k)
        while scores > 0:
            who, idea = rng.choice(people), rng.choice(ideas)
            if idea[1] == who:
                continue
            for criterion in CRITERIA[: min(scores, rng.randint(1, 3))]:
                add(
                    "priority_score",
                    ws,
                    idea=idea[0],
                    participant=who,
                    criterion=criterion,
                    score=rng.randint(1, 4),
                )
                scores -= 1
        for who in people:
            for idea in rng.sample(ideas, min(3, len(ideas))):
                add("dot", ws, idea=idea[0], participant=who, criterion=rng.choice((None, CRITERIA[0])))
        for _ in range(share(counts["statement_vote"], k)):
            add(
                "statement_vote",
                ws,
                statement=rng.choice(statements),
                participant=rng.choice(people),
                vote=rng.choice((1, 0, -1)),
            )
        struck = rng.sample(
            [r for r, w, _ in ids["priority_score"] + ids["statement_vote"] if w == ws],
            share(counts["retraction"], k),
        )
        for target in struck:
            add("retraction", ws, record=target, reason="fel deltagare")
    return out


def build(path: Path, n: int, workshops: int) -> float:
    """Write a synthetic journal of ``n`` records to ``path``; return the seconds the import took."""
    from labkit.capture.journal import LabJournal

    items = drafts(n, workshops)
    started = time.perf_counter()
    with LabJournal(path, workshop="W01") as journal:
        journal.import_drafts(items)
    return time.perf_counter() - started


def copy(source: Path, target: Path) -> Path:
    """A copy of a journal (SQLite's backup: the copy is whole and has no write-ahead log to carry)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


# ---------------------------------------------------------------------------------------------- (a) batch


def display_cells() -> list[str]:
    """The expressions of the notebook's report cells after the analysis cell, in order."""
    notebook = json.loads((ROOT / "notebooks" / "cocreation.ipynb").read_text(encoding="utf-8"))
    cells = [
        c
        for c in notebook["cells"]
        if c["cell_type"] == "code" and "remove-cell" not in c.get("metadata", {}).get("tags", [])
    ]
    after = next(n for n, c in enumerate(cells) if "analyse(" in "".join(c["source"])) + 1
    return ["".join(c["source"]).strip().rstrip(";") for c in cells[after:]]


def render(value: object) -> None:
    """Render a cell's value as the report does: HTML for tables and Markdown, PNG for charts."""
    import matplotlib.pyplot as plt

    if hasattr(value, "get_figure"):
        value.get_figure().savefig(io.BytesIO(), format="png")
        plt.close("all")
    elif hasattr(value, "_repr_html_"):
        value._repr_html_()
    elif hasattr(value, "_repr_markdown_"):
        value._repr_markdown_()


def batch_in_process(path: Path) -> dict[str, float]:
    """Seconds of load_inputs, analyse and the display cells on the journal, in this process."""
    import matplotlib

    matplotlib.use("Agg")
    from labkit import lab
    from labkit.data.sources import load_source
    from labkit.methods import cocreation
    from labkit.methods.cocreation import ideas

    dataset = load_source("bundled")
    params = cocreation.Params(kommun_kod=KOMMUN, records="journal", journal=str(path))
    times: dict[str, float] = {}
    cpu = time.process_time()
    started = time.perf_counter()
    # no target-group result in the journal's folder: load_inputs reads records and areas only
    ctx = lab.context(dataset, "cocreation", KOMMUN, out_dir=path.parent, params=params)
    inputs = cocreation.load_inputs(ctx, params)
    times["load_inputs"] = time.perf_counter() - started
    kendall, spent = ideas.kendall_w, [0.0]

    def timed(*args: object, **kwargs: object) -> object:  # how much of analyse is Kendall's W
        begun = time.perf_counter()
        try:
            return kendall(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - begun

    ideas.kendall_w = timed
    started = time.perf_counter()
    try:
        result = cocreation.analyse(inputs, params)
    finally:
        ideas.kendall_w = kendall
    times["analyse"] = time.perf_counter() - started
    times["kendall"] = spent[0]
    started = time.perf_counter()
    scope = {"cocreation": cocreation, "result": result}
    for source in display_cells():
        render(
            eval(compile(ast.parse(source, mode="eval"), "<cell>", "eval"), scope)
        )  # the notebook's own cells
    times["display"] = time.perf_counter() - started
    times["total"] = times["load_inputs"] + times["analyse"] + times["display"]
    times["cpu"] = time.process_time() - cpu
    return times


def batch_run(path: Path, work: Path) -> dict[str, float]:
    """A real ``labkit run`` of the cocreation notebook on the journal: wall seconds of the command (which
    also runs the target_groups job cocreation needs) and the cocreation job's duration."""
    args = [
        sys.executable,
        "-m",
        "labkit",
        "run",
        "--municipality",
        KOMMUN,
        "--method",
        "cocreation",
        "--out",
        "out",
        "--force",
        "--jobs",
        "1",
        "-p",
        f"journal={path}",
        "-p",
        "records=journal",
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run(args, check=False, cwd=work, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU of labkit, its fork server and the kernel (each waits for its children, so their time adds up here)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"labkit run failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    # the cocreation job (the run also holds the target_groups job it needs, run first)
    jobs = json.loads((work / "out" / "run.json").read_text())["jobs"]
    job = next(j for j in jobs if j["method"] == "cocreation")
    return {"wall": seconds, "job": job["duration_s"], "cpu": cpu}


# ---------------------------------------------------------------------------------------------- (b, c) board


def board_times(path: Path, saves: int) -> dict[str, object]:
    """Build time of the WorkshopBoard, and (wall, CPU) seconds of each idea save and statement vote click."""
    from labkit.capture.journal import LabJournal
    from labkit.methods.cocreation.widgets import WorkshopBoard

    journal = LabJournal(path, workshop="W01")
    journal.frame("participant")  # open (and inspect) the journal before the clock starts
    started, cpu = time.perf_counter(), time.process_time()
    board = WorkshopBoard(journal)
    built = (time.perf_counter() - started, time.process_time() - cpu)
    people = list(board.brainwriting.participant.options)
    ideas, votes = [], []
    form = board.brainwriting
    for k in range(saves):
        form.participant.value, form.text.value, form.round.value = people[k % len(people)], f"Ny idé {k}", 9
        started, cpu = time.perf_counter(), time.process_time()
        form.button.click()
        ideas.append((time.perf_counter() - started, time.process_time() - cpu))
        if "✓" not in form.message.value:
            sys.exit(f"idea save {k} refused: {form.message.value}")
    vote = board.statements
    statements = [value for _, value in vote.statement.options]
    for k in range(saves):
        vote.participant.value = people[(3 * k) % len(people)]
        vote.statement.value = statements[k % len(statements)]
        started, cpu = time.perf_counter(), time.process_time()
        vote.buttons[(1, 0, -1)[k % 3]].click()
        votes.append((time.perf_counter() - started, time.process_time() - cpu))
        if "✓" not in vote.message.value:
            sys.exit(f"vote {k} refused: {vote.message.value}")
    writes = []  # the durable write alone (journal.add, fsync included), no board
    for k in range(saves):
        started, cpu = time.perf_counter(), time.process_time()
        journal.add(
            "statement_vote",
            statement=statements[k % len(statements)],
            participant=people[k % len(people)],
            vote=1,
        )
        writes.append((time.perf_counter() - started, time.process_time() - cpu))
    journal.close()
    return {"build": built, "ideas": ideas, "votes": votes, "writes": writes}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="journal sizes (records)")
    parser.add_argument("--workshops", type=int, default=1, help="workshops the records are spread over")
    parser.add_argument("--saves", type=int, default=30, help="saves timed per form")
    parser.add_argument("--run", action="store_true", help="also time a real `labkit run` of the notebook")
    parser.add_argument("--skip-batch", action="store_true", help="time only the board")
    parser.add_argument("--profile", choices=["board", "batch"], help="print a cProfile of that part")
    args = parser.parse_args()
    print(
        f"journal benchmark: sizes {args.sizes}, {args.workshops} workshop(s), {args.saves} saves per form, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (a shared machine: figures vary)",
        flush=True,
    )
    profiler = cProfile.Profile() if args.profile else None
    with tempfile.TemporaryDirectory(prefix="journal-bench-") as tmp:
        work = Path(tmp)
        for n in args.sizes:
            path = work / f"j{n}" / "labbok.sqlite"
            seconds = build(path, n, args.workshops)
            mix = ", ".join(f"{k} {v}" for k, v in plan(n).items())
            print(f"\n{n} records ({mix}); import {seconds:.1f} s", flush=True)
            if not args.skip_batch:
                if args.profile == "batch":
                    profiler.enable()
                times = batch_in_process(path)
                if args.profile == "batch":
                    profiler.disable()
                print(
                    f"  (a) batch in process: load_inputs {times['load_inputs']:.2f} s, analyse "
                    f"{times['analyse']:.2f} s (of which Kendall's W {times['kendall']:.2f} s), display "
                    f"cells {times['display']:.2f} s, total {times['total']:.2f} s wall, CPU "
                    f"{times['cpu']:.2f} s (goal at 10 000: <= 15 s; load average {os.getloadavg()[0]:.1f})",
                    flush=True,
                )
                if args.run:
                    (work / f"run{n}").mkdir()
                    load = os.getloadavg()[0]
                    run = batch_run(path, work / f"run{n}")
                    print(
                        f"  (a) labkit run: {run['wall']:.1f} s wall, cocreation job {run['job']:.1f} s, "
                        f"CPU of every process {run['cpu']:.1f} s (load average {load:.1f} at the start)",
                        flush=True,
                    )
            target = copy(path, work / f"b{n}" / "labbok.sqlite")
            if args.profile == "board":
                profiler.enable()
            board = board_times(target, args.saves)
            if args.profile == "board":
                profiler.disable()
            goal = 100 if n <= 1000 else 250
            print(f"  (b, c) the board, load average {os.getloadavg()[0]:.1f}", flush=True)
            for name in ("ideas", "votes", "writes"):
                wall, cpu = ([t[i] for t in board[name]] for i in (0, 1))
                if name == "writes":
                    print(
                        "      the write alone (journal.add, no board): median "
                        f"{1000 * statistics.median(wall):.0f} ms wall (CPU "
                        f"{1000 * statistics.median(cpu):.0f} ms)",
                        flush=True,
                    )
                    continue
                print(
                    f"  (b) save + refresh, {name}: median {1000 * statistics.median(wall):.0f} ms, p95 "
                    f"{1000 * p95(wall):.0f} ms wall (CPU median {1000 * statistics.median(cpu):.0f} ms, p95 "
                    f"{1000 * p95(cpu):.0f} ms) over {len(wall)} saves (goal <= {goal} ms)",
                    flush=True,
                )
            print(
                f"  (c) board build: {board['build'][0]:.2f} s wall (CPU {board['build'][1]:.2f} s)",
                flush=True,
            )
    if profiler is not None:
        stats = io.StringIO()
        pstats.Stats(profiler, stream=stats).sort_stats("cumulative").print_stats(35)
        print(stats.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
