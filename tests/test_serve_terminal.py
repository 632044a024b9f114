"""What the facilitator's terminal shows while ``labkit workshop cocreation --participants`` runs and a page
loads.

A non-programmer reads this terminal: every line must be one of the expected ones below (labkit's own
lines and Voila's ordinary start, kernel and stop lines), and none may say "warning" or "error". It also
checks that, without ``--lan``, every listening socket of the whole process tree is on 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest
from participants_helpers import free_port

ROOT = Path(__file__).resolve().parents[1]

#: Every line the terminal may show (whole lines), in any order; nothing else is allowed.
ALLOWED = (
    r"labkit: participant app: http://127\.0\.0\.1:\d+/  join code: [A-Z2-9]{6}",
    r"labkit: facilitator: http://127\.0\.0\.1:\d+/facilitator\?key=[A-Za-z0-9_-]+",
    r"labkit: projector: /projector \(open the facilitator link first, in the same browser\)",
    r"labkit: lab journal: \S+labbok\.sqlite \(workshop W1\)",
    r"labkit: open http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]+",
    r"\[Voila\] Using \S+ to store connection files",
    r"\[Voila\] Storing connection files in \S+\.",
    r"\[Voila\] Serving static files from \S+\.",
    r"\[Voila\] Voilà is running at:",
    r"http://127\.0\.0\.1:\d+/\?token=\.\.\.",
    r"\[Voila\] Kernel started: [0-9a-f-]{36}",
    r"\[Voila\] Culling kernels with idle durations > \d+ seconds at \d+ second intervals \.\.\.",
    r"\[Voila\] Handle signal 15\.",
    r"\[Voila\] Kernel shutdown: [0-9a-f-]{36}",
)

#: Seconds the servers may take to start and to answer on a busy machine (a guard against a hang only).
PATIENCE = 300


def _wait_for(path: Path, text: str, process: subprocess.Popen) -> str:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        found = path.read_text(encoding="utf-8", errors="replace")
        if text in found:
            return found
        if process.poll() is not None:
            pytest.fail(f"labkit workshop ended ({process.returncode}) before {text!r}:\n{found}")
        time.sleep(0.5)
    pytest.fail(f"no {text!r} after {PATIENCE} s:\n{path.read_text(encoding='utf-8', errors='replace')}")


def _listeners(pid: int) -> list[tuple[str, int, int]]:
    """(address, port, pid) of every listening TCP socket of ``pid`` and its descendants."""
    root = psutil.Process(pid)
    found = []
    for process in [root, *root.children(recursive=True)]:
        try:
            connections = process.net_connections(kind="inet")
        except psutil.NoSuchProcess:
            continue
        found += [(c.laddr.ip, c.laddr.port, process.pid) for c in connections if c.status == "LISTEN"]
    return found


def test_the_workshop_terminal_shows_no_warnings_and_listens_on_loopback_only(tmp_path: Path) -> None:
    voila, app = free_port(), free_port()
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    command = [
        sys.executable,
        "-m",
        "labkit",
        "workshop",
        "cocreation",
        "--kommun",
        "1462",
        "--participants",
        "--no-browser",
        "--port",
        str(voila),
        "--participants-port",
        str(app),
        "--journal",
        str(tmp_path / "labs" / "1462" / "labbok.sqlite"),
        "--workshop",
        "W1",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": ""}
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(command, cwd=tmp_path, stdout=stdout, stderr=stderr, env=env)
    try:
        started = _wait_for(err, "Voilà is running at:", process)
        token = re.search(r"labkit: open http://127\.0\.0\.1:\d+/\?token=([A-Za-z0-9_-]+)", started).group(1)
        page = httpx.get(f"http://127.0.0.1:{voila}/?token={token}", timeout=PATIENCE)
        assert page.status_code == 200 and "voila" in page.text.lower()
        _wait_for(err, "Kernel started:", process)
        phone = httpx.get(f"http://127.0.0.1:{app}/", timeout=PATIENCE)
        assert phone.status_code == 200 and "Gå med i workshoppen" in phone.text
        listeners = _listeners(process.pid)
        assert {(ip, port) for ip, port, _ in listeners} >= {("127.0.0.1", voila), ("127.0.0.1", app)}
        assert [entry for entry in listeners if entry[0] != "127.0.0.1"] == []
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(PATIENCE)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    lines = [
        line
        for line in (out.read_text(encoding="utf-8") + err.read_text(encoding="utf-8")).splitlines()
        if line.strip()
    ]
    assert [line for line in lines if re.search(r"warn|error|traceback", line, re.IGNORECASE)] == []
    assert [line for line in lines if not any(re.fullmatch(p, line) for p in ALLOWED)] == []
    assert any(line.startswith("[Voila] Kernel shutdown:") for line in lines)
