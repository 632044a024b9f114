"""Starting the participant app: the room of a municipality's lab journal, its address, and uvicorn.

It listens on 127.0.0.1 unless the facilitator passes ``--lan ADDRESS`` (an address of this machine, or
the name of a network interface): then it listens on that address only, and says so plainly.
``python -m labkit.participants --kommun CODE`` serves it alone; ``labkit workshop cocreation --kommun
CODE --participants`` serves it beside the facilitator's Voila view (see :func:`serving`).
"""

from __future__ import annotations

import argparse
import ipaddress
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from labkit.errors import ConfigError

if TYPE_CHECKING:
    from labkit.participants.room import Options, Room

#: Where the app listens unless ``--lan`` is given.
LOOPBACK = "127.0.0.1"
#: Default port of the participant app.
PORT = 8870


def open_room(
    kommun: str,
    *,
    journal: str | Path | None = None,
    workshop: str | None = None,
    lang: str = "sv",
    options: Options | None = None,
) -> Room:
    """The room of ``kommun``'s lab journal (or ``journal``), with the municipality's areas by name.

    ``kommun`` is a 4-digit code or a name of a municipality in the bundled data; the app's keys are
    kept beside the journal (:mod:`labkit.participants.keys`).
    """
    from labkit import i18n
    from labkit.capture.journal import LabJournal, journal_path
    from labkit.data.sources import load_source, resolve_municipality
    from labkit.participants.keys import Keys
    from labkit.participants.room import Options, Room

    i18n.check_lang(lang)
    dataset = load_source("bundled")
    code = resolve_municipality(dataset, kommun)
    areas = dataset.areas[dataset.areas["kommun_kod"] == code].drop_duplicates("area_code")
    name = str(dataset.municipalities().set_index("kommun_kod").loc[code, "kommun"])
    path = Path(journal) if journal else journal_path(code)
    lab = LabJournal(path, **({"workshop": workshop} if workshop else {}))
    return Room(
        lab,
        code,
        name,
        sorted(zip(areas["area_code"].astype(str), areas["area_name"].astype(str)), key=lambda pair: pair[1]),
        Keys.load(path.parent),
        lang=lang,
        options=options or Options(),
    )


def local_addresses() -> dict[str, list[str]]:
    """This machine's network interfaces and their IPv4 and IPv6 addresses."""
    import psutil

    return {
        name: [a.address.split("%")[0] for a in found if a.family in (socket.AF_INET, socket.AF_INET6)]
        for name, found in psutil.net_if_addrs().items()
    }


def lan_address(value: str) -> str:
    """The address to listen on for ``--lan VALUE``: an address of this machine, or an interface's IPv4
    address.

    Raises
    ------
    ConfigError
        For a wildcard address or one that is not this machine's; the message lists the interfaces.
    """
    interfaces = local_addresses()
    choices = ", ".join(f"{name} ({' '.join(found)})" for name, found in interfaces.items() if found)
    if value in interfaces:
        ipv4 = [a for a in interfaces[value] if ":" not in a]
        if ipv4 or interfaces[value]:
            return (ipv4 or interfaces[value])[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        address = None
    if (
        address is not None
        and not address.is_unspecified
        and any(str(address) in found for found in interfaces.values())
    ):
        return str(address)
    raise ConfigError(
        "not an address of this machine",
        column="--lan",
        expected="a network interface or one of its addresses: " + choices,
        found=repr(value),
    )


def options_for(host: str, port: int, base: Options | None = None) -> Options:
    """``base`` with the host names the app answers to (loopback names, and the LAN address when given)."""
    from dataclasses import replace

    from labkit.participants.room import Options

    hosts = ("127.0.0.1", "localhost") if host == LOOPBACK else ("127.0.0.1", "localhost", host)
    return replace(base or Options(), allowed_hosts=hosts)


def url_of(host: str, port: int) -> str:
    """``http://host:port`` (an IPv6 address in brackets)."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or a ConfigError saying the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as err:
        sock.close()
        raise ConfigError(
            "cannot listen",
            column="--participants-port",
            expected=f"a free port on {host}",
            found=f"{port} ({err.strerror})",
        ) from err
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def announce(room: Room, host: str, port: int, lan: bool) -> str:
    """The lines printed at start: the address, the join code and the facilitator's and projector's links."""
    url = url_of(host, port)
    lines = [
        f"labkit: participant app: {url}/  join code: {room.join_code}",
        (
            "labkit: facilitator: "
            f"{url_of(LOOPBACK if lan else host, port)}/facilitator?key={room.keys.facilitator}"
        ),
        "labkit: projector: /projector (open the facilitator link first, in the same browser)",
        f"labkit: lab journal: {room.journal.path} (workshop {room.workshop})",
    ]
    if lan:
        lines.append(
            f"labkit: WARNING: the participant app is reachable on the network at {url}/ – anyone on "
            "that network who has the join code can join and write into the lab journal."
        )
    return "\n".join(lines)


def make_server(room: Room, host: str, port: int, lan: bool):
    """A uvicorn server of the app for ``room`` (not started) and its listening socket."""
    import uvicorn

    from labkit.participants.app import create_app
    from labkit.participants.room import Room

    room.keys.join_code(room.workshop)  # saved before the port opens, so a client never sees it missing
    sock = bind(host, port)
    room = Room(
        room.journal,
        room.kommun_kod,
        room.kommun,
        room.areas,
        room.keys,
        room.lang,
        options_for(host, port, room.options),
    )
    app = create_app(room, public_url=url_of(host, port))
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,
        timeout_graceful_shutdown=3,
        lifespan="off",
    )
    return uvicorn.Server(config), sock, room


def add_options(parser: argparse.ArgumentParser) -> None:
    """The options of the participant app (``--participants``, ``--lan``, ``--participants-port``)."""
    parser.add_argument(
        "--participants",
        action="store_true",
        help="also serve the participant app for phones (cocreation only)",
    )
    parser.add_argument(
        "--lan",
        default=None,
        metavar="ADDRESS",
        help="let phones on this network join: an interface or address of this machine "
        "(default: 127.0.0.1 only)",
    )
    parser.add_argument(
        "--participants-port", type=int, default=PORT, help=f"port of the participant app (default: {PORT})"
    )


def _host(args: argparse.Namespace) -> str:
    return lan_address(args.lan) if args.lan else LOOPBACK


@contextmanager
def serving(args: argparse.Namespace) -> Iterator[Room | None]:
    """Serve the participant app in a thread while the ``with`` block runs (nothing without
    ``--participants``)."""
    if args.lan and not args.participants:
        raise ConfigError(
            "--lan needs --participants",
            column="--lan",
            expected="--participants as well",
            found=repr(args.lan),
        )
    if not args.participants:
        yield None
        return
    if args.slug != "cocreation":
        raise ConfigError(
            "no participant app for this method",
            column="--participants",
            expected="the method cocreation",
            found=repr(args.slug),
        )
    from labkit.serve import check_port

    try:
        port = check_port(args.participants_port)
    except ConfigError as err:
        raise ConfigError(
            err.what, column="--participants-port", expected=err.expected, found=err.found
        ) from None
    host = _host(args)
    room = open_room(args.kommun, journal=args.journal, workshop=args.workshop, lang=args.lang)
    server, sock, room = make_server(room, host, port, bool(args.lan))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="labkit-participants", daemon=True
    )
    thread.start()
    print(announce(room, host, port, bool(args.lan)), file=sys.stderr)
    try:
        yield room
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()


def main(argv: list[str] | None = None) -> int:
    """``python -m labkit.participants``: serve the participant app alone, in the foreground."""
    from labkit.errors import LabkitError
    from labkit.participants.room import Options
    from labkit.serve import check_port

    parser = argparse.ArgumentParser(
        prog="python -m labkit.participants",
        description="Serve the participant app of a co-creation workshop.",
    )
    parser.add_argument("--kommun", required=True, help="municipality code (4 digits) or name")
    parser.add_argument("--journal", default=None, help="journal file (default: labs/<kommun>/labbok.sqlite)")
    parser.add_argument("--workshop", default=None, help="workshop id (default: today's date)")
    parser.add_argument("--lang", default="sv", help="sv (default) or en")
    parser.add_argument("--lan", default=None, metavar="ADDRESS", help="listen on this network address")
    parser.add_argument("--port", type=int, default=PORT, help=f"port (default: {PORT})")
    parser.add_argument(
        "--rate-burst",
        type=int,
        default=None,
        help="writes a participant may send at once (default: 30; for load tests)",
    )
    parser.add_argument(
        "--rate-per-second",
        type=float,
        default=None,
        help="writes per second a participant may send after that (default: 1)",
    )
    args = parser.parse_args(argv)
    try:
        host, port = _host(args), check_port(args.port)
        options = Options()
        if args.rate_burst is not None or args.rate_per_second is not None:
            options = Options(
                rate_burst=args.rate_burst or options.rate_burst,
                rate_per_second=args.rate_per_second or options.rate_per_second,
            )
        room = open_room(
            args.kommun, journal=args.journal, workshop=args.workshop, lang=args.lang, options=options
        )
        server, sock, room = make_server(room, host, port, bool(args.lan))
    except LabkitError as err:
        print(f"labkit: error: {err}", file=sys.stderr)
        return 2
    print(announce(room, host, port, bool(args.lan)), file=sys.stderr, flush=True)
    server.run(sockets=[sock])
    return 0
