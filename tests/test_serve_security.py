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
        proc = subprocess.Popen(server.command, cwd=server.cwd, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
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
def voila_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    folder = tmp_path_factory.mktemp("voila")
    port = _free_port()
    server = serve.workshop_server("cocreation", "1402", journal=str(folder / "j.sqlite"), workshop="W1",
                                   port=port, token=TOKEN, open_browser=False, folder=folder)
    with _running(server, port, folder / "voila.log"):
        yield port


@pytest.fixture(scope="module")
def lab_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    folder = tmp_path_factory.mktemp("lab")
    (folder / serve.START_NOTEBOOK).write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
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
    assert _get(voila_port, f"/api/kernels/00000000-0000-0000-0000-000000000000?token={TOKEN}",
                host.format(port=voila_port)) in (302, 404)


@pytest.mark.parametrize("path", ["/lab", f"/lab?token={TOKEN}", "/login", f"/api/kernels?token={TOKEN}"])
def test_jupyterlab_refuses_a_foreign_host(lab_port: int, path: str) -> None:
    assert _get(lab_port, path, "evil.example") == 403
    assert _get(lab_port, path, f"evil.example:{lab_port}") == 403


def test_jupyterlab_answers_loopback_names(lab_port: int) -> None:
    for host in (f"127.0.0.1:{lab_port}", f"localhost:{lab_port}", f"[::1]:{lab_port}"):
        assert _get(lab_port, f"/api/kernels?token={TOKEN}", host) == 200


def test_lab_command_checks_host_and_culls() -> None:
    command = serve.lab_server(port=8890, token=TOKEN, open_browser=False).command
    assert {"--ServerApp.ip=127.0.0.1", "--ServerApp.allow_remote_access=False",
            "--ServerApp.local_hostnames=localhost", "--MappingKernelManager.cull_idle_timeout=7200",
            "--MappingKernelManager.cull_interval=300",
            "--MappingKernelManager.cull_connected=False"} <= set(command)


def test_lab_on_the_lan() -> None:
    server = serve.lab_server(port=8890, token=TOKEN, open_browser=False, lan=True)
    assert {"--ServerApp.ip=0.0.0.0", "--ServerApp.allow_remote_access=True",
            f"--IdentityProvider.token={TOKEN}"} <= set(server.command)
    assert "--ServerApp.ip=127.0.0.1" not in server.command
    assert server.url == f"http://{socket.gethostname()}:8890/lab/tree/start.ipynb?token={TOKEN}"


def test_workshop_command_culls_and_writes_the_host_check(tmp_path: Path) -> None:
    server = serve.workshop_server("cocreation", "1402", port=8870, token=TOKEN, open_browser=False,
                                   folder=tmp_path)
    assert {"--Voila.ip=127.0.0.1", "--MappingKernelManager.cull_idle_timeout=1800",
            "--MappingKernelManager.cull_interval=60",
            "--MappingKernelManager.cull_connected=False"} <= set(server.command)
    assert server.cwd == tmp_path  # Voila reads voila.json from its working folder
    assert json.loads((tmp_path / "voila.json").read_text()) == {
        "Voila": {"tornado_settings": {"allow_remote_access": False, "local_hostnames": ["localhost"]}}}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cocreation-1402.ipynb", "voila.json"]


def test_workshop_on_the_lan(tmp_path: Path) -> None:
    server = serve.workshop_server("cocreation", "1402", port=8870, token=TOKEN, open_browser=False,
                                   folder=tmp_path, lan=True)
    assert "--Voila.ip=0.0.0.0" in server.command
    assert json.loads((tmp_path / "voila.json").read_text())["Voila"]["tornado_settings"] == {
        "allow_remote_access": True, "local_hostnames": ["localhost"]}
    assert server.url == f"http://{socket.gethostname()}:8870/?token={TOKEN}"


def test_lan_option_wiring() -> None:
    assert build_parser().parse_args(["lab", "--lan"]).lan is True
    assert build_parser().parse_args(["lab"]).lan is False
    args = build_parser().parse_args(["workshop", "cocreation", "--kommun", "1402", "--lan"])
    assert (args.func, args.lan) == (serve.cmd_workshop, True)


def test_voila_reads_the_config_file_from_its_folder(tmp_path: Path) -> None:
    """Voila's own loader, given the folder labkit serves from, turns the Host check back on."""
    serve.workshop_server("cocreation", "1402", port=8870, token=TOKEN, open_browser=False, folder=tmp_path)
    code = ("import os, json; from voila.app import Voila; app = Voila(); "
            "app.load_config_file('voila', path=[os.getcwd()]); "
            "print(json.dumps(app.config.Voila.tornado_settings))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == {"allow_remote_access": False, "local_hostnames": ["localhost"]}
