"""An IPC-transport kernel manager, so kernels started in parallel never race for TCP ports.

See nteract/papermill#511: parallel TCP kernels fail with "Address already in use".
Each kernel gets its own temporary folder for its socket files, because kernels sharing the default
IPC path collide.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

from jupyter_client.manager import AsyncKernelManager


class IPCKernelManager(AsyncKernelManager):
    """An AsyncKernelManager on IPC transport with a private socket folder per kernel."""

    def __init__(self, *args, **kwargs):
        self._socket_dir = tempfile.mkdtemp(prefix="labkit-kernel-")
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", f"{self._socket_dir}/k")
        super().__init__(*args, **kwargs)

    async def _async_shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        try:
            await super()._async_shutdown_kernel(now=now, restart=restart)
        finally:
            if not restart:
                shutil.rmtree(self._socket_dir, ignore_errors=True)

    shutdown_kernel = _async_shutdown_kernel


#: Environment variable naming the fork server's socket (set by the runner for its worker processes).
FORKSERVER_ENV = "LABKIT_KERNEL_FORKSERVER"


class ForkKernelManager(IPCKernelManager):
    """An IPC kernel manager whose kernels are forked by labkit's fork server when one is running.

    Without ``LABKIT_KERNEL_FORKSERVER`` in the environment it starts kernels the ordinary way.
    """

    def format_kernel_cmd(self, extra_arguments=None):
        server = os.environ.get(FORKSERVER_ENV)
        if not server:
            return super().format_kernel_cmd(extra_arguments)
        return [
            sys.executable,
            "-m",
            "labkit.runner.forkclient",
            server,
            os.path.realpath(self.connection_file),
        ]
