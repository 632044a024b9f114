"""Run a batch of jobs in parallel (process pool or Dask), skip up-to-date ones, and write run.json +
index."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from labkit import __version__, handover
from labkit.fileio import write_json_atomic
from labkit.registry import depth, needed_by
from labkit.runner.execute import run_job
from labkit.runner.index import write_index
from labkit.runner.kernel import FORKSERVER_ENV
from labkit.runner.plan import Job, results_digest


@dataclass
class BatchResult:
    """What a batch did: one record per job, plus how long it took."""

    records: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def failed(self) -> list[dict]:
        """Records of jobs that failed."""
        return [r for r in self.records if r["status"] == "failed"]


def _todo(jobs: list[Job], previous: dict, force: bool, result: BatchResult, log) -> list[Job]:
    """The jobs to execute; up-to-date ones are recorded as skipped."""
    todo = []
    for job in jobs:
        if not force and is_up_to_date(job, previous):
            result.records.append({**previous[job.key], "status": "up-to-date", "duration_s": 0.0})
            log(f"{job.key}: up to date, skipped (use --force to rerun)")
        else:
            todo.append(job)
    return todo


def _previous(out: Path) -> dict[str, dict]:
    try:
        return {r["key"]: r for r in json.loads((out / "run.json").read_text())["jobs"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def is_up_to_date(job: Job, previous: dict[str, dict]) -> bool:
    """True when the job ran fine before with the same fingerprint and its outputs are still there."""
    old = previous.get(job.key)
    out = Path(job.out_dir)
    files = [out / f"{job.slug}.ipynb", out / f"{job.slug}.html"] + (
        [out / f"{job.slug}.pdf"] if job.pdf else []
    )
    if needed_by(job.slug):  # its downstream jobs read the Result it handed over
        files.append(handover.result_path(out, job.slug))
    if not (
        old
        and old.get("fingerprint") == job.fingerprint
        and old.get("status") in ("ok", "up-to-date")
        and all(f.exists() for f in files)
    ):
        return False
    results = out / f"{job.slug}.results.json"  # rewritten since the report (by hand): the report is stale
    return not results.exists() or results.stat().st_mtime <= (out / f"{job.slug}.html").stat().st_mtime


class Progress:
    """A tqdm bar on a terminal; plain log lines otherwise."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.stream, self.bar = total, 0, stream, None
        self.started = time.monotonic()
        if stream.isatty() and total:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="job", file=stream, dynamic_ncols=True)

    def update(self, record: dict) -> None:
        """Count one finished job."""
        self.done += 1
        line = f"{record['key']}: {record['status']} ({record['duration_s']:.1f} s)"
        if self.bar is not None:
            self.bar.set_postfix_str(line)
            self.bar.update(1)
            return
        elapsed = time.monotonic() - self.started
        eta = elapsed / self.done * (self.total - self.done)
        print(
            f"[{self.done}/{self.total}] {line}; elapsed {elapsed:.0f} s, ETA {eta:.0f} s", file=self.stream
        )

    def skip(self, count: int) -> None:
        """Take ``count`` jobs out of the total (they turned out to be up to date)."""
        self.total -= count
        if self.bar is not None:
            self.bar.total = self.total
            self.bar.refresh()

    def close(self) -> None:
        """Close the bar."""
        if self.bar is not None:
            self.bar.close()


def _executor(jobs: int, scheduler: str | None):
    if scheduler:
        from distributed import Client

        return Client(scheduler)
    return ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_sigint)


def _ignore_sigint() -> None:
    """In a worker: leave Ctrl-C to the main process, which stops the workers cleanly."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _completed(executor, futures):
    if hasattr(executor, "gather"):  # a dask.distributed Client
        from distributed import as_completed as dask_completed

        return dask_completed(futures)
    return as_completed(futures)


def _shutdown(executor, interrupted: bool) -> None:
    if hasattr(executor, "gather"):
        executor.close()
        return
    if interrupted:
        # Workers ignore SIGINT; stopping them also ends their kernels (kernels watch their parent).
        for process in list(getattr(executor, "_processes", {}).values()):
            process.terminate()
    executor.shutdown(wait=not interrupted, cancel_futures=True)


class ForkServer:
    """A kernel fork server process for one batch (see labkit.runner.forkserver).

    Started early (it imports and loads data while the batch is planned); :meth:`wait_ready` points the
    kernel managers at it, or leaves kernels to start the usual way if the server could not start.
    """

    def __init__(self, warm: list[tuple[str, str]]):
        self.folder = tempfile.mkdtemp(prefix="labkit-fork-")
        self.path = os.path.join(self.folder, "server.sock")
        args = [sys.executable, "-m", "labkit.runner.forkserver", self.path, *[f"{s}={d}" for s, d in warm]]
        self.process = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        assert self.process.stdout is not None  # stdout=PIPE
        self.stdout: IO[bytes] = self.process.stdout

    def wait_ready(self) -> bool:
        """Block until the server is ready; True if kernels will be forked from it."""
        ready = self.stdout.readline().strip() == b"ready"
        if ready:
            os.environ[FORKSERVER_ENV] = self.path
        return ready

    def stop(self) -> None:
        """Stop the server and remove its socket folder; stopping a stopped server does nothing."""
        os.environ.pop(FORKSERVER_ENV, None)
        self.process.terminate()
        self.process.wait()
        self.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def fork_server(warm: list[tuple[str, str]]):
    """Run a kernel fork server for the duration of a ``with`` block; yields the ForkServer."""
    server = ForkServer(warm)
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def _fork_server_for(
    todo: list[Job], warm: list[tuple[str, str]] | None, scheduler: str | None, server: ForkServer | None
):
    """A fork server for the ``with`` block when kernels start on this machine (no scheduler), there is
    something to run, and ``warm`` is given; else nothing (kernels start the ordinary way).

    ``server`` is one already started for ``warm`` (the command line starts it before planning); it is
    stopped at the end of the block, or at once when it is not needed.
    """
    if warm is None or scheduler or not todo:
        if server is not None:
            server.stop()
        yield None
        return
    server = server or ForkServer(warm)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def _execute_all(
    todo: list[Job], jobs: int, scheduler: str | None, progress: Progress, result: BatchResult
) -> None:
    executor = _executor(jobs, scheduler)
    pending = {}
    try:
        pending = {executor.submit(run_job, job): job for job in todo}
        for future in _completed(executor, list(pending)):
            record = future.result()
            result.records.append(record)
            progress.update(record)
            pending.pop(future)
    except KeyboardInterrupt:
        result.interrupted = True
        for job in pending.values():
            result.records.append(
                {
                    "key": job.key,
                    "kommun_kod": job.kommun_kod,
                    "kommun": job.kommun,
                    "method": job.slug,
                    "status": "interrupted",
                    "duration_s": 0.0,
                    "failed_cell": None,
                    "error": None,
                    "fingerprint": "",
                    "parameters": job.params,
                }
            )
    finally:
        _shutdown(executor, result.interrupted)


def _clean_temp_files(out: Path) -> None:
    for tmp in [*out.glob("*/.*.tmp"), *out.glob("*/.*.tmp.ipynb")]:
        tmp.unlink(missing_ok=True)


def run_batch(
    jobs_to_run: list[Job],
    out: Path,
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    force: bool = False,
    lang: str = "sv",
    meta: dict | None = None,
    log=print,
    warm: list[tuple[str, str]] | None = None,
    server: ForkServer | None = None,
    dataset=None,
) -> BatchResult:
    """Run every job not up to date, then write ``run.json`` and ``index.html`` into ``out``.

    With ``warm`` (a list of (source, data_dir) pairs) kernels are forked from a server that has imported
    labkit and loaded those datasets; with None every kernel starts from scratch. ``server`` is such a server
    already started for ``warm`` (run_batch stops it). With ``dataset`` and more than one municipality, the
    run also gets a comparison page (:mod:`labkit.runner.compare`).
    """
    started = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    previous, result = _previous(out), BatchResult()
    local = [job for job in jobs_to_run if not job.is_regional]
    todo = _todo(local, previous, force, result, log)
    progress = Progress(len(todo) + len(jobs_to_run) - len(local))
    workers = jobs or os.cpu_count() or 1
    try:
        # A method runs after the methods it needs (Method.needs): one wave per depth of the dependency graph.
        # One fork server serves every wave (it takes seconds to import and load the data).
        with _fork_server_for(todo, warm, scheduler, server):
            for wave in sorted({depth(job.slug) for job in todo}):
                if result.interrupted:
                    break
                batch = [job for job in todo if depth(job.slug) == wave]
                _execute_all(batch, workers, scheduler, progress, result)
        # Regional jobs read the municipality results, so they run after them and depend on them.
        regional = [
            replace(
                job, fingerprint=hashlib.sha256((job.fingerprint + results_digest(out)).encode()).hexdigest()
            )
            for job in jobs_to_run
            if job.is_regional
        ]
        regional_todo = _todo(regional, previous, force, result, log)
        progress.skip(len(regional) - len(regional_todo))
        if regional_todo and not result.interrupted:
            _execute_all(regional_todo, workers, scheduler, progress, result)
    finally:
        progress.close()
        _clean_temp_files(out)
        result.seconds = time.monotonic() - started
        order = {job.key: i for i, job in enumerate(jobs_to_run)}
        result.records.sort(key=lambda r: order.get(r["key"], len(order)))
        write_run_json(out, result, meta or {})
        codes = list(dict.fromkeys(job.kommun_kod for job in jobs_to_run if not job.is_regional))
        comparison = None
        if dataset is not None and len(codes) > 1 and not result.interrupted:
            from labkit.runner.compare import write_comparison

            comparison = write_comparison(out, dataset, codes, lang=lang).name
        write_index(out, result.records, lang=lang, meta=meta or {}, comparison=comparison)
    return result


def write_run_json(out: Path, result: BatchResult, meta: dict) -> Path:
    """Write ``run.json``: every job with status, duration and error."""
    payload = {
        "labkit_version": __version__,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(result.seconds, 3),
        "interrupted": result.interrupted,
        **meta,
        "jobs": result.records,
    }
    return write_json_atomic(out / "run.json", payload)
