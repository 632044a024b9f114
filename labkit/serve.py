"""``labkit lab`` and ``labkit workshop``: JupyterLab and Voila workshop views on 127.0.0.1, with a token,
offline.

``labkit lab`` opens JupyterLab on ``notebooks/`` at the Swedish start notebook (``start.ipynb``).
``labkit workshop SLUG --kommun CODE`` writes a small notebook that opens the method's workshop view
(the function the registry names in ``Method.workshop``) and serves it with Voila: code hidden, only the
forms and live charts. Widget scripts come from the installed ``jupyterlab_widgets`` extension, never from a
CDN.

Both servers listen on 127.0.0.1 and answer only requests whose ``Host`` header names the loopback
(``localhost``, ``127.0.0.1``, ``[::1]``), which stops DNS-rebinding pages from reaching them.
``labkit lab --lan`` listens on every interface and drops the Host check (the token still guards every
page); the Voila workshop view stays on the loopback from the command line (``workshop_server(lan=True)``
is the API for it). Idle kernels are culled (:data:`LAB_CULL`, :data:`WORKSHOP_CULL`); a Voila page that
is closed shuts its kernel down (Voila's own ``beforeunload`` beacon, which needs the ``_xsrf`` cookie
:func:`voila_prelaunch` sets), and a visit that never connects is culled.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from labkit.errors import ConfigError
from labkit.fileio import write_text_atomic
from labkit.registry import METHODS, NOTEBOOKS, get_method
from labkit.validators import KOMMUN_KOD

#: The address the servers listen on (only the loopback), and the one they listen on with ``--lan``.
HOST = "127.0.0.1"
LAN_HOST = "0.0.0.0"

#: Host names (besides loopback IP addresses) a server answers to without ``--lan``.
LOCAL_HOSTNAMES = ("localhost",)

#: Kernel culling (jupyter_server's ``MappingKernelManager``): a kernel idle this many seconds is shut down,
#: checked every ``cull_interval`` seconds. A kernel with an open page (a connection) is kept however long it
#: is idle, so a participant who pauses does not lose the form; a kernel whose page is gone is culled.
LAB_CULL = {"cull_idle_timeout": 2 * 3600, "cull_interval": 300, "cull_connected": False}
WORKSHOP_CULL = {"cull_idle_timeout": 30 * 60, "cull_interval": 60, "cull_connected": False}

#: The Voila configuration file labkit writes, in a subfolder of the workshop folder that Voila is told to
#: read (``--Voila.config_file_paths``). Not in the working folder itself: ``python -m voila`` would import a
#: ``voila.py`` there instead of Voila.
VOILA_CONFIG = Path("config") / "voila.py"

#: Default ports of JupyterLab and Voila.
LAB_PORT, WORKSHOP_PORT = 8888, 8866

#: The start notebook JupyterLab opens.
START_NOTEBOOK = "start.ipynb"


@dataclass(frozen=True)
class Server:
    """A server to start: its command line, the URL (with the token) to open, and its working folder."""

    command: list[str]
    url: str
    token: str
    cwd: Path


def new_token() -> str:
    """A fresh random access token (URL-safe, 32 characters)."""
    return secrets.token_urlsafe(24)


def check_port(port: int) -> int:
    """Refuse a port outside 1024–65535."""
    if not isinstance(port, int) or not 1024 <= port <= 65535:
        raise ConfigError(
            "invalid port", column="--port", expected="a whole number from 1024 to 65535", found=repr(port)
        )
    return port


def check_token(token: str) -> str:
    """Refuse an empty or unusual token (letters, digits, ``-`` and ``_``, 16 to 128 characters)."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{16,128}", token):
        raise ConfigError(
            "invalid token", column="--token", expected="16 to 128 letters, digits, - or _", found=repr(token)
        )
    return token


def _root_flag(prefix: str) -> list[str]:
    return [f"--{prefix}.allow_root=True"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def _cull_flags(cull: dict[str, object]) -> list[str]:
    return [f"--MappingKernelManager.{name}={value}" for name, value in cull.items()]


def _url_host(lan: bool) -> str:
    """The host name to put in the printed URL: the loopback address, or this machine's name with
    ``--lan``."""
    return socket.gethostname() if lan else HOST


#: JupyterLab settings labkit starts with (``overrides.json``): a notebook's kernel is shut down when its tab
#: closes, and no news pop-up or update check asks the internet.
LAB_SETTINGS = Path(__file__).resolve().parent / "lab_settings"


def lab_server(
    *,
    port: int = LAB_PORT,
    token: str | None = None,
    open_browser: bool = True,
    root: Path = NOTEBOOKS,
    lan: bool = False,
) -> Server:
    """The JupyterLab command on ``root`` (``notebooks/``), opening ``start.ipynb``.

    Without ``lan`` it listens on 127.0.0.1 and refuses a request whose ``Host`` is not a loopback name
    (``ServerApp.allow_remote_access=False``); with ``lan`` it listens on every interface.
    """
    token = check_token(token or new_token())
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.ip={LAN_HOST if lan else HOST}",
        f"--ServerApp.port={check_port(port)}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.allow_remote_access={lan}",
        *[f"--ServerApp.local_hostnames={name}" for name in LOCAL_HOSTNAMES],
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.open_browser={open_browser}",
        f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.app_settings_dir={LAB_SETTINGS}",
        *_cull_flags(LAB_CULL),
        "--KernelManager.transport=ipc",  # kernels over Unix sockets: no "TCP without encryption" warning
        *_root_flag("ServerApp"),
    ]
    url = f"http://{_url_host(lan)}:{port}/lab/tree/{START_NOTEBOOK}?token={token}"
    return Server(command, url, token, Path(root))


def workshop_methods() -> list[str]:
    """Slugs of the registered methods that have a workshop view (``Method.workshop`` in the registry)."""
    return [slug for slug, method in METHODS.items() if method.workshop]


def check_workshop_method(slug: str) -> str:
    """Refuse an unknown method or one without a workshop view (the message lists those with one)."""
    get_method(slug)
    methods = workshop_methods()
    if slug not in methods:
        raise ConfigError(
            "method has no workshop view",
            column="SLUG",
            expected="one of " + ", ".join(methods),
            found=repr(slug),
        )
    return slug


def workshop_function(slug: str) -> Callable[[object, object], object]:
    """The function the registry names as ``slug``'s workshop view (``"module:function"``)."""
    module, _, name = get_method(check_workshop_method(slug)).workshop.partition(":")
    return getattr(importlib.import_module(module), name)


def workshop_view(slug: str, kommun: str, *, lang: str = "sv", **params: object) -> object:
    """The method's workshop view for one municipality (what the Voila notebook shows).

    ``params`` are the method's parameters (e.g. ``journal``, ``workshop``); empty ones keep their defaults.
    """
    from labkit import lab

    view = workshop_function(slug)
    given = {name: value for name, value in params.items() if value not in ("", None)}
    ctx = lab.open(slug, {"kommun": kommun, "lang": lang, **given})
    return view(ctx, ctx.params)


def workshop_notebook(slug: str, kommun: str, *, lang: str = "sv", journal: str = "", workshop: str = ""):
    """A two-cell notebook (an ``nbformat.NotebookNode``): the method's title, and one call showing its
    board."""
    import nbformat

    call = (
        f"from labkit.serve import workshop_view\n\nworkshop_view({slug!r}, {kommun!r}, lang={lang!r}, "
        f"journal={journal!r}, workshop={workshop!r})"
    )
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(f"# {get_method(slug).title(lang)}"),
            nbformat.v4.new_code_cell(call),
        ]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def voila_tornado_settings(*, lan: bool = False) -> dict:
    """The tornado settings labkit gives Voila.

    Voila (0.5) sets ``allow_remote_access=True`` in its tornado settings, so jupyter_server's ``Host``
    check is off; ``Voila.tornado_settings`` is applied after them and turns it back on for every page,
    kernel and login handler (without ``lan``).
    """
    return {"allow_remote_access": lan, "local_hostnames": list(LOCAL_HOSTNAMES)}


def voila_prelaunch(handler, notebook=None, cwd=None) -> None:
    """Voila's prelaunch hook: give the page the ``_xsrf`` cookie before its kernel starts.

    When the page closes, Voila's widget manager posts the cookie's value to ``/voila/api/shutdown/<kernel>``
    (a ``beforeunload`` beacon), but Voila's page handler never sets the cookie, so the post was refused
    (403, "'_xsrf' argument missing") and every visit left its kernel running. Reading ``xsrf_token`` makes
    tornado set the cookie on this response. Returns None: the notebook is left as it is.
    """
    handler.xsrf_token  # noqa: B018 - read for its effect: tornado sets the _xsrf cookie


#: The Jupyter data folder holding labkit's Voila template (``voila/templates/labkit``).
VOILA_TEMPLATES = Path(__file__).resolve().parent / "jupyter_data"


def voila_config_file(*, lan: bool = False) -> str:
    """The ``voila.py`` labkit writes for the workshop server: the Host check and the prelaunch hook.

    A Python file because the hook is a function and the settings need typed values (the command line
    would give the dict's values as text).
    """
    return (
        "# The workshop server's Voila configuration, written by labkit (labkit.serve.workshop_server).\n"
        "import os\n\n"
        "from labkit.serve import VOILA_TEMPLATES, voila_prelaunch\n\n"
        f"c.Voila.tornado_settings = {voila_tornado_settings(lan=lan)!r}\n"
        "c.VoilaConfiguration.prelaunch_hook = voila_prelaunch\n"
        "# labkit's template: Voila's lab template without stylesheets from a CDN (read after this file)\n"
        "os.environ['JUPYTER_PATH'] = os.pathsep.join(filter(None, [str(VOILA_TEMPLATES), "
        "os.environ.get('JUPYTER_PATH', '')]))\n"
        "c.VoilaConfiguration.template = 'labkit'\n"
    )


def workshop_server(
    slug: str,
    kommun: str,
    *,
    lang: str = "sv",
    journal: str = "",
    workshop: str = "",
    port: int = WORKSHOP_PORT,
    token: str | None = None,
    open_browser: bool = True,
    folder: Path | None = None,
    lan: bool = False,
) -> Server:
    """The Voila command serving ``slug``'s workshop view for ``kommun`` (the notebook is written to
    ``folder``).

    ``folder`` also gets :data:`VOILA_CONFIG` (see :func:`voila_config_file`), the only configuration file
    Voila reads (a user's own Voila configuration cannot turn the Host check off), and is the server's
    working folder.
    """
    import nbformat

    from labkit import i18n
    from labkit.data.sources import load_source, resolve_municipality

    check_workshop_method(slug)
    i18n.check_lang(lang)
    kommun = (
        resolve_municipality(load_source("bundled"), kommun)
        if not re.fullmatch(KOMMUN_KOD, kommun)
        else kommun
    )
    token = check_token(token or new_token())
    folder = Path(folder or tempfile.mkdtemp(prefix="labkit-workshop-"))
    path = folder / f"{slug}-{kommun}.ipynb"
    write_text_atomic(
        path, nbformat.writes(workshop_notebook(slug, kommun, lang=lang, journal=journal, workshop=workshop))
    )
    (folder / VOILA_CONFIG).parent.mkdir(exist_ok=True)
    write_text_atomic(folder / VOILA_CONFIG, voila_config_file(lan=lan))
    notary = notary_files(folder)
    trust(path, notary)
    command = [
        sys.executable,
        "-m",
        "voila",
        str(path),
        f"--Voila.ip={LAN_HOST if lan else HOST}",
        f"--port={check_port(port)}",
        f"--token={token}",
        f"--Voila.open_browser={open_browser}",
        "--Voila.port_retries=0",
        f"--Voila.config_file_paths={(folder / VOILA_CONFIG).parent}",
        "--VoilaConfiguration.show_tracebacks=False",
        "--strip_sources=True",
        *_cull_flags(WORKSHOP_CULL),
        # kernels talk to Voila over Unix sockets in the connection-file folder, not over TCP ports
        "--KernelManager.transport=ipc",
        *[f"--NotebookNotary.{name}={value}" for name, value in notary.items()],
    ]
    return Server(command, f"http://{_url_host(lan)}:{port}/?token={token}", token, folder)


def notary_files(folder: Path) -> dict[str, str]:
    """The signature store and secret of the workshop's notebook, in the workshop folder's config folder.

    Kept there, not in the user's Jupyter data folder: signing labkit's own notebook changes nothing else.
    """
    config = folder / VOILA_CONFIG.parent
    return {"db_file": str(config / "nbsignatures.db"), "secret_file": str(config / "notebook_secret")}


def trust(path: Path, notary: dict[str, str]) -> None:
    """Sign the notebook labkit wrote, so that Voila trusts it (no "Notebook … is not trusted" warning)."""
    import nbformat
    from nbformat.sign import NotebookNotary

    signer = NotebookNotary(**notary)
    try:
        signer.sign(nbformat.read(path, as_version=4))
    finally:
        signer.store.close()


#: Seconds a server has to shut its kernels down after SIGTERM before it is killed.
STOP_SECONDS = 30


def _serve(server: Server) -> int:
    """Run the server until it ends; SIGTERM or Ctrl-C stop it (and so every kernel it started) cleanly.

    The server (JupyterLab or Voila) is a child process: a SIGTERM sent to labkit alone would leave it and
    its kernels running, so labkit passes SIGTERM on and waits for the server to shut its kernels down.
    """
    import signal

    print(f"labkit: open {server.url}", file=sys.stderr)
    child = subprocess.Popen(server.command, cwd=server.cwd)

    def stop(_signum: int = 0, _frame: object = None) -> None:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        while True:
            try:
                code = child.wait()
                break
            except KeyboardInterrupt:  # Ctrl-C: no "shut down? (y/n)" question, just a clean stop
                stop()
        return 0 if code in (0, -signal.SIGTERM, 128 + signal.SIGTERM) else code
    finally:
        signal.signal(signal.SIGTERM, previous)
        if child.poll() is None:
            stop()
            try:
                child.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                child.kill()


def cmd_lab(args: argparse.Namespace) -> int:
    """Start JupyterLab on the notebooks at the start notebook."""
    return _serve(
        lab_server(port=args.port, token=args.token, open_browser=not args.no_browser, lan=args.lan)
    )


def cmd_workshop(args: argparse.Namespace) -> int:
    """Serve one method's workshop view with Voila (and, with ``--participants``, the participant app)."""
    from labkit.participants.server import serving

    with serving(args):
        return _serve(
            workshop_server(
                args.slug,
                args.kommun,
                lang=args.lang,
                journal=args.journal or "",
                workshop=args.workshop or "",
                port=args.port,
                token=args.token,
                open_browser=not args.no_browser,
            )
        )


def _server_options(parser: argparse.ArgumentParser, port: int, *, lan: bool = False) -> None:
    parser.add_argument("--port", type=int, default=port, help=f"port on 127.0.0.1 (default: {port})")
    parser.add_argument("--token", default=None, help="access token (default: a new random token)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    if lan:
        parser.add_argument(
            "--lan",
            action="store_true",
            help="listen on every network interface and answer any Host name (default: only "
            "127.0.0.1 and loopback names); the token still guards every page",
        )


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``lab`` and ``workshop`` to a ``labkit`` subparsers object."""
    lab = subparsers.add_parser("lab", help="JupyterLab on the notebooks, at the Swedish start notebook")
    _server_options(lab, LAB_PORT, lan=True)
    lab.set_defaults(func=cmd_lab)
    shop = subparsers.add_parser(
        "workshop", help="serve a method's workshop forms with Voila (no code shown)"
    )
    shop.add_argument("slug", metavar="SLUG", help="method with a workshop view, e.g. cocreation")
    shop.add_argument("--kommun", required=True, help="municipality code, 4 digits as text (e.g. 1402)")
    shop.add_argument("--workshop", default=None, help="workshop id for new entries (default: today's date)")
    shop.add_argument("--journal", default=None, help="journal file (default: labs/<kommun>/labbok.sqlite)")
    shop.add_argument("--lang", default="sv", help="labels: sv (default) or en")
    _server_options(shop, WORKSHOP_PORT)
    from labkit.participants.server import add_options

    add_options(shop)
    shop.set_defaults(func=cmd_workshop)
