"""Starting and stopping batch kernels: the quick handshake, the history kept in memory, one fork server per
run."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest
import zmq

from labkit.runner import batch
from labkit.runner.batch import fork_server, run_batch
from labkit.runner.kernel import RECONNECT_MS, ForkKernelManager, QuickReadyClient
from labkit.runner.plan import Job, fingerprint

ECHO = Path(__file__).parent / "fixtures" / "notebooks" / "echo.ipynb"

pytestmark = pytest.mark.xdist_group("kernels")


async def _run(code: str) -> dict:
    """Start a kernel, wait for it with labkit's client, run ``code``; its execute_result and status."""
    km = ForkKernelManager(kernel_name="python3")
    await km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=120)
        reply = await kc.execute_interactive(code, output_hook=(outputs := []).append, timeout=60)
    finally:
        kc.stop_channels()
        await km.shutdown_kernel()
    results = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
    return {
        "client": type(kc).__name__,
        "reconnect_ms": kc.context.getsockopt(zmq.RECONNECT_IVL),
        "status": reply["content"]["status"],
        "results": results,
        "alive_after_shutdown": await km.is_alive(),
    }


def test_a_kernel_started_the_ordinary_way_is_ready_and_runs_code() -> None:
    os.environ.pop(batch.FORKSERVER_ENV, None)
    assert asyncio.run(_run("6 * 7")) == {
        "client": "QuickReadyClient",
        "reconnect_ms": RECONNECT_MS,
        "status": "ok",
        "results": ["42"],
        "alive_after_shutdown": False,
    }


def test_a_forked_kernel_keeps_its_history_in_memory() -> None:
    """2 000 batch kernels must not each write their cells into the user's IPython history file."""
    with fork_server([]) as server:
        assert server.wait_ready()
        try:
            found = asyncio.run(_run("get_ipython().history_manager.hist_file"))
        finally:
            os.environ.pop(batch.FORKSERVER_ENV, None)
    assert (found["status"], found["results"]) == ("ok", ["':memory:'"])


def test_waiting_for_a_kernel_that_died_raises_jupyter_clients_error() -> None:
    async def died() -> str:
        km = ForkKernelManager(kernel_name="python3")
        await km.start_kernel()
        os.kill(km.provisioner.pid, signal.SIGKILL)
        kc = km.client()
        assert isinstance(kc, QuickReadyClient)
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
        except RuntimeError as err:
            return str(err)
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)
        return "ready"

    os.environ.pop(batch.FORKSERVER_ENV, None)
    assert asyncio.run(died()) == "Kernel died before replying to kernel_info"


def test_one_fork_server_serves_every_wave_and_none_the_regional_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[list] = []
    real = batch.ForkServer

    class Counted(real):  # type: ignore[misc, valid-type]
        def __init__(self, warm):
            started.append(warm)
            super().__init__(warm)

    monkeypatch.setattr(batch, "ForkServer", Counted)
    monkeypatch.setattr(batch, "depth", lambda slug: {"echo": 0, "echo2": 1, "echo3": 2}[slug])

    def job(slug: str, code: str) -> Job:
        out = tmp_path / "out" / code
        params = {"kommun": code, "source": "bundled", "data_dir": "", "lang": "sv", "out_dir": str(out)}
        return Job(slug, code, f"Kommun {code}", str(ECHO), str(out), params, fingerprint(ECHO, params, "d"))

    jobs = [job("echo", "0114"), job("echo2", "0114"), job("echo3", "0114")]
    result = run_batch(jobs, tmp_path / "out", jobs=1, log=lambda m: None, warm=[])
    assert [(r["method"], r["status"]) for r in result.records] == [
        ("echo", "ok"),
        ("echo2", "ok"),
        ("echo3", "ok"),
    ]
    assert started == [[]]
    assert batch.FORKSERVER_ENV not in os.environ  # gone with the server: regional jobs start the usual way


class _Recorded(batch.ForkServer):
    """A fork server that notes when it was started, among the other events of a run."""

    events: list[str] = []  # noqa: RUF012
    made: list[batch.ForkServer] = []  # noqa: RUF012

    def __init__(self, warm):
        _Recorded.events.append("server started")
        _Recorded.made.append(self)
        super().__init__(warm)


def test_labkit_run_starts_its_fork_server_before_planning_and_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from labkit import cli

    _Recorded.events, _Recorded.made = [], []
    monkeypatch.setattr(batch, "ForkServer", _Recorded)
    plan = cli._plan

    def planned(args):
        _Recorded.events.append("planned")
        return plan(args)

    monkeypatch.setattr(cli, "_plan", planned)
    out = tmp_path / "run"
    status = cli.main(["run", "--municipality", "1462", "--method", "target_groups", "--out", str(out)])
    assert status == 0, capsys.readouterr().err
    assert _Recorded.events == ["server started", "planned"]  # one server, started first
    assert _Recorded.made[0].process.poll() is not None
    assert batch.FORKSERVER_ENV not in os.environ
    assert (out / "1462" / "target_groups.html").is_file()


def test_a_run_that_stops_in_planning_stops_its_fork_server(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from labkit import cli

    _Recorded.events, _Recorded.made = [], []
    monkeypatch.setattr(batch, "ForkServer", _Recorded)
    assert cli.main(["run", "--municipality", "9999"]) == 2
    assert "unknown municipality or selection" in capsys.readouterr().err
    assert _Recorded.events == ["server started"]
    assert _Recorded.made[0].process.poll() is not None
    assert not Path(_Recorded.made[0].folder).exists()
