"""An IPC-transport kernel manager, so kernels started in parallel never race for TCP ports.

See ECOSYSTEM.md §1 and nteract/papermill#511: parallel TCP kernels fail with "Address already in use".
Each kernel gets its own temporary folder for its socket files, because kernels sharing the default
IPC path collide.
"""

from __future__ import annotations

import shutil
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
