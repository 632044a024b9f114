"""Helpers of the participant-app tests: a phone (a TestClient with its own cookies) that reads forms and
posts them."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from starlette.testclient import TestClient

from labkit.participants.app import create_app
from labkit.participants.room import Options
from labkit.participants.server import open_room

BASE = "http://127.0.0.1"


def make_room(tmp_path: Path, *, lang: str = "sv", options: Options | None = None, workshop: str = "W1"):
    """A room of Lilla Edet (1462) on a fresh journal in ``tmp_path``."""
    return open_room(
        "1462",
        journal=tmp_path / "labs" / "1462" / "labbok.sqlite",
        workshop=workshop,
        lang=lang,
        options=options,
    )


def client(room) -> TestClient:
    """A phone: a client of its own with its own cookie jar."""
    return TestClient(create_app(room), base_url=BASE)


def hidden(html: str, name: str, nth: int = 0) -> str:
    """The value of the ``nth`` hidden input ``name`` on a page."""
    return re.findall(rf'name="{name}" value="([^"]*)"', html)[nth]


def page_error(html: str) -> str:
    """The text of the page's error message (unescaped), or ''."""
    import html as htmllib

    found = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.DOTALL)
    return htmllib.unescape(found.group(1)) if found else ""


def notice(html: str) -> str:
    found = re.search(r'<p class="notice" role="status">(.*?)</p>', html, re.DOTALL)
    return found.group(1) if found else ""


def join(phone: TestClient, room, pseudonym: str, role: str = "invånare", **extra: str):
    """Join ``room`` on ``phone``: the code form, then the details form; return the last response."""
    first = phone.get("/")
    phone.post(
        "/code",
        data={"csrf": hidden(first.text, "csrf"), "key": hidden(first.text, "key"), "code": room.join_code},
        follow_redirects=False,
    )
    form = phone.get("/join")
    return phone.post(
        "/join",
        data={
            "csrf": hidden(form.text, "csrf"),
            "key": hidden(form.text, "key"),
            "pseudonym": pseudonym,
            "role": role,
            "consent": "ja",
            **extra,
        },
        follow_redirects=False,
    )


def csrf(phone: TestClient) -> str:
    """The CSRF token in the phone's session cookie (signed, not encrypted: its JSON part is readable)."""
    import base64
    import json

    from labkit.participants.app import COOKIE

    payload = phone.cookies[COOKIE].split(".")[0]
    return json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))["csrf"]


def post(phone: TestClient, action: str, **data: str):
    """Post ``data`` to ``action`` with the phone's CSRF token and a fresh idempotency key (no redirects
    followed)."""
    import secrets

    return phone.post(
        action, data={"csrf": csrf(phone), "key": secrets.token_urlsafe(16), **data}, follow_redirects=False
    )


def facilitator(room) -> TestClient:
    """A client logged in as the facilitator."""
    desk = client(room)
    assert desk.get(f"/facilitator?key={room.keys.facilitator}", follow_redirects=False).status_code == 303
    return desk


def set_open(desk: TestClient, activity: str, opened: bool = True, **extra: str):
    return post(desk, "/facilitator/room", activity=activity, open="1" if opened else "0", **extra)


class Tags(HTMLParser):
    """Every start tag and its attributes, to check that no payload became markup."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


def live_markup(html: str) -> list[str]:
    """Script tags, event-handler attributes and javascript: links on a page (none expected)."""
    parser = Tags()
    parser.feed(html)
    found = []
    for tag, attrs in parser.tags:
        if tag in ("script", "iframe", "object", "embed"):
            found.append(tag)
        found += [f"{tag} {name}" for name in attrs if name.startswith("on")]
        found += [f"{tag} {name}" for name, value in attrs.items() if "javascript:" in (value or "").lower()]
    return found


# ---------------------------------------------------------------- a real server in a subprocess

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float = 60.0, what: str = "condition") -> None:
    """Poll ``condition()`` until it is true; fail after ``timeout`` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def listening(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def spawn(journal: Path, port: int, workshop: str = "W1", *extra: str):
    """``python -m labkit.participants`` on ``journal`` in a subprocess, once it accepts connections."""
    import os
    import subprocess
    import sys

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "labkit.participants",
            "--kommun",
            "1462",
            "--journal",
            str(journal),
            "--workshop",
            workshop,
            "--port",
            str(port),
            *extra,
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    wait_for(lambda: listening(port) or process.poll() is not None, 120, "the participant server")
    if process.poll() is not None:
        raise AssertionError("the participant server did not start: " + process.stderr.read().decode())
    return process


def http_join(http, code: str, pseudonym: str) -> None:
    """Join with an httpx client (its cookie jar is the phone's)."""
    start = http.get("/")
    http.post(
        "/code", data={"csrf": hidden(start.text, "csrf"), "key": hidden(start.text, "key"), "code": code}
    )
    form = http.get("/join")
    answer = http.post(
        "/join",
        data={
            "csrf": hidden(form.text, "csrf"),
            "key": hidden(form.text, "key"),
            "pseudonym": pseudonym,
            "role": "invånare",
            "consent": "ja",
        },
    )
    assert answer.status_code == 303, answer.text
