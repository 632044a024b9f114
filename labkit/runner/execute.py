"""Execute one job in a worker: papermill on an IPC kernel, then the HTML report.

This is the only module that imports papermill's executor. A failing notebook is kept (with papermill's
error banner) and reported; it never raises out of :func:`run_job`, so one failure stops no other job.
"""

from __future__ import annotations

import logging
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from labkit import handover
from labkit.registry import needed_by
from labkit.results import read_results, results_path, write_results
from labkit.runner.plan import Job
from labkit.runner.report import report_title, write_report

KERNEL_MANAGER = "labkit.runner.kernel.ForkKernelManager"

#: Cells with these tags are for the live workshop only (forms on the lab journal); the report leaves them
#: out (see ``labkit.runner.report.REMOVE_CELL_TAGS``), so a batch job does not run their code either: on a
#: full journal the co-creation board alone takes seconds to build.
BATCH_SKIP_TAGS = ("workshop",)


def _error_line(err: BaseException) -> tuple[int | None, str]:
    """The failing cell's number in the method's notebook (1-based, every cell counted) and a one-line error.

    Papermill's ``cell_index`` is 0-based in the executed notebook, which has one extra cell (the injected
    parameters) before the failing one, so it equals the 1-based number in the source notebook.
    """
    from papermill.exceptions import PapermillExecutionError

    if isinstance(err, PapermillExecutionError):
        evalue = (err.evalue or "").strip().splitlines()
        return err.cell_index, f"{err.ename}: {evalue[0] if evalue else ''}".rstrip(": ")
    first = str(err).strip().splitlines()
    return None, f"{type(err).__name__}: {first[0] if first else ''}".rstrip(": ")


def _batch_notebook(job: Job, tmp: Path) -> Path | None:
    """A copy of the job's notebook whose workshop-only cells (:data:`BATCH_SKIP_TAGS`) are empty, written
    beside ``tmp``; None when the notebook has no such cell. Cells keep their places, so a failing cell's
    number is the same as in the notebook."""
    import nbformat

    notebook = nbformat.read(job.notebook, as_version=4)
    skipped = [
        cell
        for cell in notebook.cells
        if cell.cell_type == "code" and set(BATCH_SKIP_TAGS) & set(cell.get("metadata", {}).get("tags", []))
    ]
    if not skipped:
        return None
    for cell in skipped:
        cell.source = ""
    path = tmp.with_name(tmp.name.replace(".tmp.ipynb", ".in.ipynb"))
    nbformat.write(notebook, str(path))
    return path


def _execute(job: Job, tmp: Path, timeout: int) -> None:
    import papermill as pm

    logging.getLogger("papermill").setLevel(logging.WARNING)
    source = _batch_notebook(job, tmp)
    try:
        _papermill(pm, job, source, tmp, timeout)
    finally:
        if source is not None:
            source.unlink(missing_ok=True)
            _name_the_notebook(job, tmp)


def _name_the_notebook(job: Job, tmp: Path) -> None:
    """Record the method's notebook, not the temporary copy, as the executed notebook's input."""
    import nbformat

    if not tmp.exists():
        return
    notebook = nbformat.read(str(tmp), as_version=4)
    papermill = notebook.metadata.get("papermill")
    if papermill is not None and "input_path" in papermill:
        papermill["input_path"] = job.notebook
        nbformat.write(notebook, str(tmp))


def _papermill(pm: Any, job: Job, source: Path | None, tmp: Path, timeout: int) -> None:
    pm.execute_notebook(
        str(source) if source is not None else job.notebook,
        str(tmp),
        parameters=job.params,
        kernel_name="python3",
        kernel_manager_class=KERNEL_MANAGER,
        progress_bar=False,
        start_timeout=120,
        execution_timeout=timeout,
        request_save_on_cell_execute=False,
        store_widget_state=False,  # workshop forms hold pseudonyms and idea texts: keep them out of reports
    )


def _patch_results(job: Job) -> None:
    """Record the job's full parameters and the method's key findings in the results file the notebook
    wrote."""
    from labkit.findings import both_languages

    path = results_path(job.out_dir, job.slug)
    if path.exists():
        record = read_results(path)
        record["parameters"] = job.params
        record["key_findings"] = both_languages(job.slug, record)
        write_results(path, record)


def _write_pdf(html: Path, pdf: Path, status: str, error: str | None) -> tuple[str, str | None]:
    """Print the report to PDF; a failure fails the job with chromium's message."""
    from labkit.errors import LabkitError
    from labkit.runner.pdf import write_pdf

    try:
        write_pdf(html, pdf)
    except LabkitError as err:
        return "failed", error or f"PDF: {err}"
    return status, error


def run_job(job: Job, timeout: int = 1800) -> dict:
    """Run one job and return its status record for run.json; never raises for a notebook failure.

    With ``LABKIT_PROFILE=FOLDER`` the worker's part (papermill, the report) is profiled into that folder,
    and so is each kernel forked by the fork server (see :func:`labkit.runner.forkserver.profiled`).
    """
    from labkit.runner.forkserver import profiled

    with profiled(f"job-{job.kommun_kod}-{job.slug}"):
        return _run_job(job, timeout)


def _run_job(job: Job, timeout: int) -> dict:
    out = Path(job.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    final, tmp = out / f"{job.slug}.ipynb", out / f".{job.slug}.{os.getpid()}.tmp.ipynb"
    started = time.monotonic()
    status, cell, error = "ok", None, None
    handover_needed = bool(needed_by(job.slug))
    if handover_needed:
        handover.clear(
            out, job.slug
        )  # nothing an earlier run handed over is read by this run's downstream jobs
    try:
        _execute(job, tmp, timeout)
        _patch_results(job)
    except Exception as err:  # noqa: BLE001 - every failure is reported, none stops the batch
        status = "failed"
        cell, error = _error_line(err)
        if handover_needed:
            handover.fail(out, job.slug, error or "")
    finally:
        if tmp.exists():
            os.replace(tmp, final)
    if final.exists():
        lang = job.params.get("lang", "sv")
        html = write_report(final, out / f"{job.slug}.html", report_title(job.slug, job.kommun, lang), lang)
        if job.pdf:
            status, error = _write_pdf(html, out / f"{job.slug}.pdf", status, error)
    return {
        "key": job.key,
        "kommun_kod": job.kommun_kod,
        "kommun": job.kommun,
        "method": job.slug,
        "status": status,
        "duration_s": round(time.monotonic() - started, 3),
        "failed_cell": cell,
        "error": error,
        "fingerprint": job.fingerprint,
        "parameters": job.params,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
    }
