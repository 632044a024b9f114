"""The servers labkit starts answer only loopback Host names (unless --lan) and cull idle kernels.

The Host tests start the real JupyterLab and Voila servers on a free loopback port and send requests
with a foreign ``Host:`` header (a DNS-rebinding page would send one); they never open the notebook, so
no kernel starts.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from labkit import serve
from labkit.cli import build_parser

TOKEN = "s" * 24
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str, host: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", host)
        conn.endheaders()
        return conn.getresponse().status
    finally:
        conn.close()


def _wait_for_login_page(port: int, proc: subprocess.Popen, log: Path, seconds: float = 60.0) -> None:
    """Wait (bounded) until the server answers its login page on a loopback Host."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited with status {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            if _get(port, "/login", f"127.0.0.1:{port}") == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"server did not answer on port {port}: {log.read_text()[-2000:]}")


@contextmanager
def _running(server: serve.Server, port: int, log: Path) -> Iterator[subprocess.Popen]:
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            server.command, cwd=server.cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_for_login_page(port, proc, log)
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(15)


@pytest.fixture(scope="module")
def voila_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, subprocess.Popen]]:
    folder = tmp_path_factory.mktemp("voila")
    port = _free_port()
    server = serve.workshop_server(
        "cocreation",
        "1402",
        journal=str(folder / "j.sqlite"),
        workshop="W1",
        port=port,
        token=TOKEN,
        open_browser=False,
        folder=folder,
    )
    with _running(server, port, folder / "voila.log") as proc:
        yield port, proc


@pytest.fixture(scope="module")
def voila_port(voila_server: tuple[int, subprocess.Popen]) -> int:
    return voila_server[0]


@pytest.fixture(scope="module")
def lab_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    folder = tmp_path_factory.mktemp("lab")
    (folder / serve.START_NOTEBOOK).write_text(
        '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    )
    port = _free_port()
    server = serve.lab_server(port=port, token=TOKEN, open_browser=False, root=folder)
    with _running(server, port, folder / "lab.log"):
        yield port


@pytest.mark.parametrize("path", ["/", f"/?token={TOKEN}", "/login", f"/api/kernels?token={TOKEN}"])
@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "10.1.2.3:{port}"])
def test_voila_refuses_a_foreign_host(voila_port: int, path: str, host: str) -> None:
    assert _get(voila_port, path, host.format(port=voila_port)) == 403


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "localhost"])
def test_voila_answers_loopback_names(voila_port: int, host: str) -> None:
    assert _get(voila_port, "/login", host.format(port=voila_port)) == 200
    # with the token but without opening the notebook: the kernels API answers (no kernel is running)
    assert _get(
        voila_port,
        f"/api/kernels/00000000-0000-0000-0000-000000000000?token={TOKEN}",
        host.format(port=voila_port),
    ) in (302, 404)


@pytest.mark.parametrize("path", ["/lab", f"/lab?token={TOKEN}", "/login", f"/api/kernels?token={TOKEN}"])
def test_jupyterlab_refuses_a_foreign_host(lab_port: int, path: str) -> None:
    assert _get(lab_port, path, "evil.example") == 403
    assert _get(lab_port, path, f"evil.example:{lab_port}") == 403


def test_jupyterlab_answers_loopback_names(lab_port: int) -> None:
    for host in (f"127.0.0.1:{lab_port}", f"localhost:{lab_port}", f"[::1]:{lab_port}"):
        assert _get(lab_port, f"/api/kernels?token={TOKEN}", host) == 200


def test_lab_command_checks_host_and_culls() -> None:
    command = serve.lab_server(port=8890, token=TOKEN, open_browser=False).command
    assert {
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.allow_remote_access=False",
        "--ServerApp.local_hostnames=localhost",
        "--MappingKernelManager.cull_idle_timeout=7200",
        "--MappingKernelManager.cull_interval=300",
        "--MappingKernelManager.cull_connected=False",
    } <= set(command)


def test_lab_on_the_lan() -> None:
    server = serve.lab_server(port=8890, token=TOKEN, open_browser=False, lan=True)
    assert {
        "--ServerApp.ip=0.0.0.0",
        "--ServerApp.allow_remote_access=True",
        f"--IdentityProvider.token={TOKEN}",
    } <= set(server.command)
    assert "--ServerApp.ip=127.0.0.1" not in server.command
    assert server.url == f"http://{socket.gethostname()}:8890/lab/tree/start.ipynb?token={TOKEN}"


def test_workshop_command_culls_and_writes_the_host_check(tmp_path: Path) -> None:
    server = serve.workshop_server(
        "cocreation", "1402", port=8870, token=TOKEN, open_browser=False, folder=tmp_path
    )
    assert {
        "--Voila.ip=127.0.0.1",
        "--MappingKernelManager.cull_idle_timeout=1800",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",
        "--KernelManager.transport=ipc",
        f"--NotebookNotary.db_file={tmp_path / 'config' / 'nbsignatures.db'}",
        f"--NotebookNotary.secret_file={tmp_path / 'config' / 'notebook_secret'}",
    } <= set(server.command)
    assert not any("allow_root" in part for part in server.command)  # Voila has no such option
    assert f"--Voila.config_file_paths={tmp_path / 'config'}" in server.command
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
        "cocreation-1402.ipynb",
        "config",
        "config/nbsignatures.db",
        "config/notebook_secret",
        "config/voila.py",
    ]
    # the notebook is signed in the workshop folder's own store, so Voila trusts it
    import nbformat
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary(**serve.notary_files(tmp_path))
    assert notary.check_signature(nbformat.read(tmp_path / "cocreation-1402.ipynb", as_version=4))
    assert not NotebookNotary(db_file=":memory:").check_signature(
        nbformat.read(tmp_path / "cocreation-1402.ipynb", as_version=4)
    )
    assert (tmp_path / "config" / "notebook_secret").stat().st_mode & 0o777 == 0o600
    assert _voila_config(tmp_path) == {
        "tornado_settings": {"allow_remote_access": False, "local_hostnames": ["localhost"]},
        "prelaunch_hook": "labkit.serve.voila_prelaunch",
    }


def test_workshop_on_the_lan(tmp_path: Path) -> None:
    server = serve.workshop_server(
        "cocreation", "1402", port=8870, token=TOKEN, open_browser=False, folder=tmp_path, lan=True
    )
    assert "--Voila.ip=0.0.0.0" in server.command
    assert _voila_config(tmp_path)["tornado_settings"] == {
        "allow_remote_access": True,
        "local_hostnames": ["localhost"],
    }
    assert server.url == f"http://{socket.gethostname()}:8870/?token={TOKEN}"


def test_lan_option_wiring() -> None:
    assert build_parser().parse_args(["lab", "--lan"]).lan is True
    assert build_parser().parse_args(["lab"]).lan is False
    args = build_parser().parse_args(["workshop", "cocreation", "--kommun", "1402"])
    assert (
        serve.cmd_workshop is args.func
    )  # the Voila view itself stays on the loopback from the command line


def _voila_config(folder: Path) -> dict:
    """What Voila's own config loader reads from ``folder`` (run in a subprocess, as the server would)."""
    code = (
        "import os, json; from voila.app import Voila; app = Voila(); app.load_config_file('voila', "
        "path=[os.path.join(os.getcwd(), 'config')]); hook = app.config.VoilaConfiguration.prelaunch_hook; "
        "print(json.dumps({'tornado_settings': app.config.Voila.tornado_settings, 'prelaunch_hook': "
        "hook.__module__ + '.' + hook.__name__}))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _kernels(proc: subprocess.Popen) -> int:
    """How many live kernels the server runs (a shut-down kernel may linger a moment as a zombie)."""
    import psutil

    count = 0
    for child in psutil.Process(proc.pid).children(recursive=True):
        try:
            count += child.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(child.cmdline())
        except psutil.Error:  # gone meanwhile
            pass
    return count


def _wait_for_kernels(proc: subprocess.Popen, count: int, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while _kernels(proc) != count and time.monotonic() < deadline:
        time.sleep(0.2)
    return _kernels(proc)


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="needs Debian's chromium (.ci/run installs it)")
def test_leaving_the_workshop_page_shuts_its_kernel_down(voila_server: tuple[int, subprocess.Popen]) -> None:
    """Voila's beforeunload beacon (sent when the tab closes or the browser leaves the page) needs the _xsrf
    cookie; without labkit's prelaunch hook it was refused with 403 and the kernel kept running."""
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    port, proc = voila_server
    assert _wait_for_kernels(proc, 0, 30) == 0
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.set_default_timeout(90_000)
            page.goto(f"http://127.0.0.1:{port}/?token={TOKEN}")
            page.wait_for_selector(".jupyter-widgets")  # the board is drawn: its kernel runs
            assert _kernels(proc) == 1
            assert "_xsrf" in {cookie["name"] for cookie in page.context.cookies()}
            page.goto("about:blank")  # leaves the page: beforeunload fires as when the tab closes
            # culling would take 30 minutes, and a closed websocket alone leaves the kernel running (Voila
            # buffers for a reconnect): only the accepted beacon shuts the kernel down this soon
            assert _wait_for_kernels(proc, 0, 30) == 0
        finally:
            browser.close()


def test_a_visit_that_never_connects_is_culled(tmp_path: Path) -> None:
    """The cull flags reach Voila's kernel manager: with a 2-second idle timeout (instead of 30 minutes) the
    kernel of a page fetched without a browser (no websocket, no close beacon) is shut down."""
    port = _free_port()
    server = serve.workshop_server(
        "cocreation",
        "1402",
        journal=str(tmp_path / "j.sqlite"),
        workshop="W1",
        port=port,
        token=TOKEN,
        open_browser=False,
        folder=tmp_path,
    )
    short = [
        arg.replace("cull_idle_timeout=1800", "cull_idle_timeout=2").replace(
            "cull_interval=60", "cull_interval=1"
        )
        for arg in server.command
    ]
    assert short != server.command
    with _running(
        serve.Server(short, server.url, server.token, server.cwd), port, tmp_path / "voila.log"
    ) as proc:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", f"/?token={TOKEN}", headers={"Host": f"127.0.0.1:{port}"})
        answer = conn.getresponse()
        body = answer.read()
        conn.close()
        assert answer.status == 200 and b"application/vnd.jupyter.widget-view+json" in body
        assert _kernels(proc) == 1
        assert _wait_for_kernels(proc, 0, 60) == 0
    assert "Culling 'idle' kernel" in (tmp_path / "voila.log").read_text()


def test_jupyterlab_shuts_a_closed_notebooks_kernel_and_fetches_no_news(lab_port: int) -> None:
    import json
    import urllib.request

    def setting(plugin: str) -> dict:
        with urllib.request.urlopen(
            f"http://127.0.0.1:{lab_port}/lab/api/settings/{plugin}?token={TOKEN}", timeout=30
        ) as answer:
            schema = json.loads(answer.read())["schema"]["properties"]
        return {name: spec.get("default") for name, spec in schema.items()}  # overrides become the defaults

    assert setting("@jupyterlab/notebook-extension:tracker")["kernelShutdown"] is True
    news = setting("@jupyterlab/apputils-extension:notification")
    assert (news["fetchNews"], news["checkForUpdates"]) == ("false", False)


def test_sigterm_to_labkit_stops_the_server_and_its_kernels(tmp_path: Path) -> None:
    import json
    import signal
    import sys
    import time
    import urllib.request

    import psutil

    port = _free_port()
    labkit = subprocess.Popen(
        [sys.executable, "-m", "labkit", "lab", "--port", str(port), "--token", TOKEN, "--no-browser"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/kernels?token={TOKEN}",
            data=b"{}",
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        kernel = json.loads(urllib.request.urlopen(request, timeout=60).read())["id"]
        assert kernel
        family = psutil.Process(labkit.pid).children(recursive=True)
        assert len(family) >= 2  # the server and the kernel it started
        labkit.send_signal(signal.SIGTERM)
        assert labkit.wait(120) == 0
        _gone, alive = psutil.wait_procs(family, timeout=60)
        assert alive == []
    finally:
        if labkit.poll() is None:
            labkit.kill()
