"""The stand-in kernel process: asks the fork server for a kernel, forwards signals, waits for its end.

Kept free of heavy imports so it starts in a few milliseconds.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import sys
import time


def request_kernel(server_path: str, connection_file: str) -> int:
    """Ask the server to fork a kernel for ``connection_file``; return the kernel's pid."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(server_path)
        payload = {
            "connection_file": os.path.abspath(connection_file),
            "cwd": os.getcwd(),
            "env": dict(os.environ),
            "client_pid": os.getpid(),
        }
        conn.sendall((json.dumps(payload) + "\n").encode())
        return int(conn.makefile("r").readline())


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def wait_for(pid: int) -> None:
    """Block until kernel ``pid`` (not our child) has ended; kill it if our own parent dies first.

    The parent is the worker running papermill. If it is killed (Ctrl-C, a crash), nobody would shut the
    kernel down, so the client does.
    """
    parent = os.getppid()
    try:
        fd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        fd = None
    while True:
        if fd is not None:
            try:
                if select.select([fd], [], [], 0.5)[0]:
                    return
            except InterruptedError:
                continue
        elif _gone(pid):
            return
        else:
            time.sleep(0.2)
        if os.getppid() != parent:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            return


def main(argv: list[str]) -> int:
    """``python -m labkit.runner.forkclient SERVER_SOCKET CONNECTION_FILE``.

    Exits 1 without a traceback when the server is gone (a run stopped with Ctrl-C stops the server too):
    the runner reports the interrupted job itself.
    """
    try:
        pid = request_kernel(argv[0], argv[1])
    except (OSError, ValueError, KeyboardInterrupt):
        print("labkit: the kernel fork server stopped before it started this kernel", file=sys.stderr)
        return 1

    def forward(signum, _frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT, signal.SIGHUP, signal.SIGUSR1):
        signal.signal(signum, forward)
    wait_for(pid)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
