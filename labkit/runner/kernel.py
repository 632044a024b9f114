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
import time
from queue import Empty

import zmq
import zmq.asyncio
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import default

#: Milliseconds between a client socket's attempts to reach a kernel that has not bound its sockets yet
#: (zmq's default is 100 ms, most of it idle time for a kernel forked in a few milliseconds).
RECONNECT_MS = 5


class QuickReadyClient(AsyncKernelClient):
    """jupyter_client's kernel client, without the fixed pauses in :meth:`wait_for_ready`.

    jupyter_client's ``wait_for_ready`` ends by draining the IOPub channel until it has been quiet for 0.2 s,
    and waits 0.2 s for IOPub after each kernel_info reply: at least 0.2 s of idle time before every notebook.
    This one does the same handshake (kernel_info until its reply has come and IOPub is delivering) with
    0.01 s waits. Messages left on IOPub are status messages of the handshake's own requests, which nbclient
    skips (it reads only the replies to the cells it sends).
    """

    @default("context")
    def _context_default(self) -> zmq.asyncio.Context:
        self._created_context = True
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)
        return context

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.time() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                pass
            else:
                if msg["msg_type"] == "kernel_info_reply":
                    try:
                        await self.iopub_channel.get_msg(timeout=0.01)
                    except Empty:
                        pass  # IOPub not connected yet: ask again
                    else:
                        self._handle_kernel_info_reply(msg)
                        break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.time() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=0.01)
            except Empty:
                break


class IPCKernelManager(AsyncKernelManager):
    """An AsyncKernelManager on IPC transport with a private socket folder per kernel."""

    def __init__(self, *args, **kwargs):
        self._socket_dir = tempfile.mkdtemp(prefix="labkit-kernel-")
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", f"{self._socket_dir}/k")
        super().__init__(*args, **kwargs)
        self.client_factory = QuickReadyClient

    async def _async_shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        try:
            await super()._async_shutdown_kernel(now=now, restart=restart)
        finally:
            if not restart:
                shutil.rmtree(self._socket_dir, ignore_errors=True)

    shutdown_kernel = _async_shutdown_kernel

    async def _async_finish_shutdown(
        self, waittime: float | None = None, pollinterval: float = 0.01, restart: bool = False
    ) -> None:
        # jupyter_client checks every 0.1 s whether the kernel has ended, so each job waited ~0.1 s for a
        # kernel that exits a few milliseconds after its shutdown request (the worker's core idles meanwhile).
        await super()._async_finish_shutdown(waittime=waittime, pollinterval=pollinterval, restart=restart)

    finish_shutdown = _async_finish_shutdown


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
        from labkit.runner import forkclient

        # The client needs only the standard library: run its file without site-packages (-S) or the
        # environment's PYTHON* settings (-I), which saves a third of an interpreter start per kernel.
        return [
            sys.executable,
            "-I",
            "-S",
            os.path.realpath(forkclient.__file__),
            server,
            os.path.realpath(self.connection_file),
        ]
