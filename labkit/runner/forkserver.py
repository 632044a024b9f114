"""A kernel fork server: start each notebook kernel by forking a process that has already imported labkit.

Why: on a 2-core machine most of a short report's time is spent starting a Python kernel and importing
pandas, matplotlib, seaborn, geopandas and labkit (about 2-3 s of CPU per notebook, measured on a 2-core
machine). The runner starts one server per batch; the server imports those modules (and loads the batch's
dataset) once, then forks a fresh kernel process for every notebook. Every kernel is still a new, separate
process: no kernel is reused, so no state leaks between notebooks (papermill#326 warns against kernel
reuse).

The kernel manager launches :mod:`labkit.runner.forkclient` as the "kernel process". The client asks the
server for a kernel, forwards signals to it and exits when it ends; the kernel exits when its client dies.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import signal
import socket
import sys
import threading
import time

#: Environment variable: a folder where kernels and workers write cProfile statistics (see :func:`profiled`).
PROFILE_ENV = "LABKIT_PROFILE"

#: Modules imported once in the server, before any fork.
PRELOAD = (
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib_inline.backend_inline",
    "seaborn",
    "geopandas",
    "pyarrow",
    "pandas.io.formats.style",  # Styler and its jinja2 templates, for every report table
    "IPython",
    "ipykernel.kernelapp",
    "ipykernel.debugger",  # every kernel makes a debugger, which imports debugpy: 0.12 s of CPU per kernel
    "labkit.lab",
    "labkit.methods",
    # imported by the kernels of some methods (0.1-1 s of CPU each, measured in kernel profiles): the
    # evaluation's regressions, the co-creation's opinion groups, the journal and the closed vocabulary
    "scipy.stats",
    "statsmodels.api",
    "sklearn.decomposition",
    "sklearn.cluster",
    "sklearn.metrics",
    "labkit.capture",
    "labkit.terms",
    "labkit.findings",
    "labkit.handover",
    "labkit.geo",
)

#: Modules of every method package that are not imported before forking: the workshop widgets, which only
#: an interactive notebook uses.
NOT_PRELOADED = ("widgets", "widget_text")


def _preload_methods() -> None:
    """Import every module of every method package (what its notebook imports), widgets aside."""
    import pkgutil

    from labkit.registry import METHODS

    for method in METHODS.values():
        package = importlib.import_module(method.module)
        for info in pkgutil.iter_modules(package.__path__):
            if info.name not in NOT_PRELOADED:
                importlib.import_module(f"{method.module}.{info.name}")


def _watch_client(client_pid: int) -> None:
    """End this kernel when the client process that stands for it is gone (e.g. killed)."""
    while True:
        try:
            os.kill(client_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        time.sleep(0.5)


def _become_kernel(request: dict) -> None:
    """In the forked child: reset process state and run an IPython kernel on the given connection file."""
    os.setsid()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ.pop("JPY_PARENT_PID", None)  # our parent is the server; the watchdog follows the client
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    threading.Thread(target=_watch_client, args=(request["client_pid"],), daemon=True).start()
    from ipykernel.kernelapp import IPKernelApp

    sys.argv = ["ipykernel_launcher", "-f", request["connection_file"]]
    app = IPKernelApp.instance()
    # History in memory: a batch kernel's cells need no history, and 2 000 kernels writing one SQLite file
    # in the user's home cost a commit each at start and end and grow that file by megabytes.
    app.initialize(["-f", request["connection_file"], "--HistoryManager.hist_file=:memory:"])
    # matplotlib was imported before this kernel's shell existed, so the inline backend could not hook
    # itself in (figures would never be shown): do what a fresh kernel does on importing pyplot.
    assert app.shell is not None, "IPKernelApp.initialize() makes the shell"
    app.shell.run_line_magic("matplotlib", "inline")
    _draw_once(app.shell)
    _print_once(app.shell)
    with profiled("kernel"):
        app.start()


@contextlib.contextmanager
def profiled(what: str):
    """With ``LABKIT_PROFILE=FOLDER`` in the environment, profile the block with cProfile and write
    ``FOLDER/<what>-<pid>.prof`` (read it with ``python -m pstats``); without it, do nothing.

    Times are CPU seconds of the process (``time.process_time``), not wall-clock seconds, so a profile
    taken on a busy machine still shows where the work goes (time spent waiting shows as almost nothing).
    """
    folder = os.environ.get(PROFILE_ENV)
    if not folder:
        yield
        return
    import cProfile

    profile = cProfile.Profile(time.process_time)
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        os.makedirs(folder, exist_ok=True)
        profile.dump_stats(os.path.join(folder, f"{what}-{os.getpid()}.prof"))


def _draw_once(shell) -> None:
    """Draw each figure once, when the inline backend sends it, not also in pyplot's interactive redraw.

    ``%matplotlib inline`` registers two post-execute hooks: pyplot's ``draw_all`` (redraws every stale
    figure on its canvas, for interactive windows) and the inline backend's ``flush_figures`` (prints each
    figure to PNG, which draws it again, and closes it). An inline figure is never seen on its canvas, so the
    first draw is wasted work; without it the PNG is the same.
    """
    import matplotlib.pyplot as plt

    redraw = getattr(plt, "_draw_all_if_interactive", None)
    if redraw is not None and redraw in shell.events.callbacks["post_execute"]:
        shell.events.unregister("post_execute", redraw)


def _print_once(shell) -> None:
    """Print inline figures with :func:`labkit.charts.tight_png`: the same PNG as the inline backend's
    ``print_figure(fig, bbox_inches="tight")``, drawn once instead of twice.

    Only when the inline backend prints PNG with its default options (a notebook may choose others).
    """
    from binascii import b2a_base64

    from matplotlib.figure import Figure
    from matplotlib_inline.backend_inline import InlineBackend

    from labkit import charts

    backend = InlineBackend.instance()
    if set(backend.figure_formats) != {"png"} or backend.print_figure_kwargs != {"bbox_inches": "tight"}:
        return

    def png(fig: Figure) -> str | None:
        data = charts.tight_png(fig)
        return None if data is None else b2a_base64(data, newline=False).decode("ascii")

    shell.display_formatter.formatters["image/png"].for_type(Figure, png)


def _warm_charts() -> None:
    """Draw one small chart so that fonts and seaborn's first-call set-up are done before forking."""
    import io

    import matplotlib.pyplot as plt
    import seaborn as sns

    from labkit import charts

    charts.set_theme()
    fig, ax = plt.subplots(figsize=(2, 2))
    sns.barplot(x=[1.0, 2.0], y=["a", "b"], ax=ax, orient="h")
    ax.set_title("Åäö")
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(2, 2))  # the map path: collections, a colour bar, annotations
    polygons = charts.municipality_polygons()
    charts.plot_municipality_map(
        polygons.set_index("kommun_kod")["kommun"].iloc[:2].map(len),
        ax=ax,
        highlight=polygons["kommun_kod"].iloc[0],
    )
    fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)


def _warm_data(dataset) -> None:
    """Compute, before forking, what every job of the run would otherwise compute again.

    The region's panel and every municipality's indices (target groups and the methods that read them),
    the evaluation panel, and the municipality polygons as matplotlib paths. Jobs find them through
    :func:`labkit.data.dataset.shared`, so the figures are the same as a job computing them itself.
    """
    from labkit import charts
    from labkit.data.dataset import shared
    from labkit.methods.evaluation.inputs import build_panel
    from labkit.methods.target_groups import analysis, inputs

    years = dataset.years()
    if years:
        area_type, type_year = inputs._area_type_for(dataset.area_type, years[-1])
        panel = shared(dataset, ("target_groups.panel", type_year), lambda: inputs._panel(dataset, area_type))
        shared(panel, "target_groups.all_indices", lambda: analysis.all_indices(panel))
        shared(dataset, "evaluation.panel", lambda: build_panel(dataset))
    charts.municipality_paths()


def _handle(conn: socket.socket, server: socket.socket) -> None:
    request = json.loads(conn.makefile("r").readline())
    pid = os.fork()
    if pid == 0:
        server.close()
        conn.close()
        try:
            _become_kernel(request)
        finally:
            os._exit(0)
    conn.sendall(f"{pid}\n".encode())
    conn.close()


def serve(path: str, warm: list[tuple[str, str]]) -> None:
    """Import the preload modules, load the datasets in ``warm`` ((source, data_dir) pairs), then serve."""
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    for name in PRELOAD:
        importlib.import_module(name)
    _preload_methods()
    from labkit import lab

    for source, data_dir in warm:
        dataset = lab._load(source, data_dir)
        with contextlib.suppress(Exception):  # a job that needs these figures reports its own error
            _warm_data(dataset)
    _warm_charts()
    # Every kernel inherits the server's objects (the modules, the dataset): in the permanent generation the
    # kernel's garbage collector never walks them, which costs time and, as it marks each object it walks,
    # copies the server's pages into every kernel.
    gc.collect()
    gc.freeze()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(64)
    # Nobody reads our stdout after "ready", and each kernel prints its connection info to it (ipykernel
    # writes to sys.__stdout__): a pipe that is never read fills after about 170 kernels (64 KiB) and every
    # later kernel blocks in its start-up. So the server and its kernels write to /dev/null, from before the
    # "ready" line, which goes to the pipe through a copy of its descriptor.
    sys.stdout.flush()
    pipe = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    os.write(pipe, b"ready\n")
    os.close(pipe)
    while True:
        conn, _ = server.accept()
        _handle(conn, server)


if __name__ == "__main__":
    pairs = (arg.partition("=") for arg in sys.argv[2:])  # SOURCE=DATA_DIR
    serve(sys.argv[1], [(source, data_dir) for source, _, data_dir in pairs])
