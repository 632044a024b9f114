"""The batch runner on a tiny fixture notebook: parallel jobs, a failing job, skipping and interrupt
safety."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from labkit.runner.batch import run_batch
from labkit.runner.plan import Job, fingerprint

ECHO = Path(__file__).parent / "fixtures" / "notebooks" / "echo.ipynb"

pytestmark = pytest.mark.xdist_group("kernels")


def _job(tmp_path: Path, code: str, **extra) -> Job:
    out = tmp_path / "out" / code
    params = {"kommun": code, "source": "bundled", "data_dir": "", "lang": "sv", "out_dir": str(out), **extra}
    return Job("echo", code, f"Kommun {code}", str(ECHO), str(out), params, fingerprint(ECHO, params, "d"))


def test_failing_job_does_not_stop_the_others(tmp_path: Path) -> None:
    jobs = [_job(tmp_path, "0114"), _job(tmp_path, "1402", fail=True)]
    result = run_batch(jobs, tmp_path / "out", jobs=2, log=lambda m: None)

    by_key = {r["key"]: r for r in result.records}
    assert by_key["0114/echo"]["status"] == "ok"
    failed = by_key["1402/echo"]
    assert failed["status"] == "failed"
    assert failed["failed_cell"] == 4
    assert failed["error"] == "ValueError: planned failure for 1402"
    partial = nbformat.read(tmp_path / "out" / "1402" / "echo.ipynb", as_version=4)
    assert any("papermill-error-cell-tag" in c.metadata.get("tags", []) for c in partial.cells)
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert [j["status"] for j in run["jobs"]] == ["ok", "failed"]
    assert "misslyckades" in (tmp_path / "out" / "index.html").read_text()


def test_leading_zero_survives_and_report_has_no_code(tmp_path: Path) -> None:
    run_batch([_job(tmp_path, "0114")], tmp_path / "out", jobs=1, log=lambda m: None)

    executed = nbformat.read(tmp_path / "out" / "0114" / "echo.ipynb", as_version=4)
    assert executed.cells[3].outputs[0]["text"] == "kommun=0114 str\n"
    html = (tmp_path / "out" / "0114" / "echo.html").read_text()
    assert "kommun=0114 str" in html
    assert "secret_code_marker" not in html
    assert "print(" not in html and "injected" not in html.lower()
    assert 'class="jp-InputPrompt' not in html
    record = json.loads((tmp_path / "out" / "0114" / "echo.results.json").read_text())
    assert record["kommun"] == "0114"
    assert record["parameters"]["kommun"] == "0114"  # the runner records the job's full parameters


def test_rerun_skips_up_to_date_jobs_and_force_reruns(tmp_path: Path) -> None:
    logs: list[str] = []
    jobs = [_job(tmp_path, "0114")]
    run_batch(jobs, tmp_path / "out", jobs=1, log=logs.append)
    again = run_batch(jobs, tmp_path / "out", jobs=1, log=logs.append)
    assert [r["status"] for r in again.records] == ["up-to-date"]
    assert logs == ["0114/echo: up to date, skipped (use --force to rerun)"]
    forced = run_batch(jobs, tmp_path / "out", jobs=1, force=True, log=logs.append)
    assert [r["status"] for r in forced.records] == ["ok"]
    assert not list((tmp_path / "out").rglob("*.tmp"))


def test_forked_kernels_give_the_same_outputs_as_fresh_ones(tmp_path: Path) -> None:
    fresh = run_batch(
        [_job(tmp_path / "a", "0114"), _job(tmp_path / "a", "1402", fail=True)],
        tmp_path / "a" / "out",
        jobs=2,
        log=lambda m: None,
    )
    forked = run_batch(
        [_job(tmp_path / "b", "0114"), _job(tmp_path / "b", "1402", fail=True)],
        tmp_path / "b" / "out",
        jobs=2,
        log=lambda m: None,
        warm=[],
    )
    strip = [{k: r[k] for k in ("key", "status", "failed_cell", "error")} for r in fresh.records]
    assert strip == [{k: r[k] for k in ("key", "status", "failed_cell", "error")} for r in forked.records]
    executed = nbformat.read(tmp_path / "b" / "out" / "0114" / "echo.ipynb", as_version=4)
    assert executed.cells[3].outputs[0]["text"] == "kommun=0114 str\n"
    # a forked kernel prints figures with charts.tight_png, a fresh one with the inline backend's own
    # print_figure(bbox_inches="tight"): the same bytes
    fresh_nb = nbformat.read(tmp_path / "a" / "out" / "0114" / "echo.ipynb", as_version=4)
    pngs = [
        [o["data"]["image/png"] for o in nb.cells[-1].outputs if "image/png" in o.get("data", {})]
        for nb in (fresh_nb, executed)
    ]
    assert len(pngs[0]) == 1 and pngs[0] == pngs[1]


def test_a_results_file_rewritten_after_the_report_makes_the_job_stale(tmp_path: Path) -> None:
    import json
    import os

    from labkit.runner.batch import is_up_to_date
    from labkit.runner.plan import Job

    job = Job(
        slug="ska",
        kommun_kod="1402",
        kommun="Partille",
        notebook="ska.ipynb",
        params={},
        out_dir=str(tmp_path),
        fingerprint="f",
    )
    for name in ("ska.ipynb", "ska.html", "ska.results.json"):
        (tmp_path / name).write_text("{}")
    os.utime(tmp_path / "ska.results.json", (1_000, 1_000))
    os.utime(tmp_path / "ska.html", (2_000, 2_000))
    previous = {job.key: {"fingerprint": "f", "status": "ok"}}
    assert is_up_to_date(job, previous)
    (tmp_path / "ska.results.json").write_text(json.dumps({"by": "hand"}))  # a notebook run by hand
    assert not is_up_to_date(job, previous)


def test_fork_client_without_a_server_exits_quietly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The client runs as the kernel manager starts it: its file, with neither site-packages nor PYTHON*
    settings (so it may import nothing but the standard library)."""
    import subprocess

    from labkit.runner.kernel import FORKSERVER_ENV, ForkKernelManager

    monkeypatch.setenv(FORKSERVER_ENV, str(tmp_path / "no-server"))
    km = ForkKernelManager(kernel_name="python3")
    km.connection_file = str(tmp_path / "kernel.json")
    command = km.format_kernel_cmd()
    assert command[1:3] == ["-I", "-S"]
    assert command[3].endswith("labkit/runner/forkclient.py")
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (
        1,
        "labkit: the kernel fork server stopped before it started this kernel\n",
    )


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc")
def test_fork_server_output_never_fills_an_unread_pipe() -> None:
    """Each kernel prints its connection info to stdout; the runner reads the server's stdout only up to
    "ready", so from then on it must go nowhere (else after about 170 kernels every new one blocks)."""
    import os

    from labkit.runner.batch import fork_server

    with fork_server([]) as server:
        assert server.wait_ready()
        assert os.readlink(f"/proc/{server.process.pid}/fd/1") == os.devnull


def test_labkit_profile_writes_the_job_and_the_kernel_statistics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pstats

    folder = tmp_path / "prof" / "run1"  # made by the profiler: a missing folder once failed every job
    monkeypatch.setenv("LABKIT_PROFILE", str(folder))
    result = run_batch([_job(tmp_path, "0114")], tmp_path / "out", jobs=1, log=lambda m: None, warm=[])
    assert [r["status"] for r in result.records] == ["ok"]
    jobs = sorted(folder.glob("job-0114-echo-*.prof"))
    kernels = sorted(folder.glob("kernel-*.prof"))
    assert (len(jobs), len(kernels)) == (1, 1)
    functions = {name for _file, _line, name in pstats.Stats(str(jobs[0])).stats}
    assert {"write_report", "execute_notebook"} <= functions
    assert "run_cell" in {name for _file, _line, name in pstats.Stats(str(kernels[0])).stats}
