"""Screenshots of the participant app for docs/WORKSHOP.md: every participant page at 360×740, and the
projector.

Starts ``python -m labkit.participants`` for Lilla Edet (1462) on a lab journal in a temporary folder (never
in ``labs/``), fills it with a small invented workshop over HTTP (three phones, ideas, a "ja, och", scores,
dots, statements and votes), then photographs the pages with Debian's chromium (Playwright, phone emulation).
Usage: ``python docs/screenshots.py [--out docs/img]``. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from labkit.capture.journal import LabJournal
from labkit.participants.keys import Keys

CHROMIUM = "/usr/bin/chromium"
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 1,
    "is_mobile": True,
    "has_touch": True,
    "locale": "sv-SE",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(journal: Path, port: int) -> subprocess.Popen:
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
            "2026-03-19",
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.05)
    process.kill()
    raise SystemExit("the participant server did not start")


def hidden(html: str, name: str) -> str:
    return re.findall(rf'name="{name}" value="([^"]*)"', html)[0]


def seed(base: str, keys: Keys, journal: Path) -> None:
    """A small invented workshop: three participants, ideas, an addition, scores, dots, statements and
    votes."""
    code = keys.join_code("2026-03-19")
    desk = httpx.Client(base_url=base)
    desk.get(f"/facilitator?key={keys.facilitator}")
    token = hidden(desk.get("/facilitator").text, "csrf")

    def post(client: httpx.Client, csrf: str, action: str, **data: str) -> None:
        answer = client.post(action, data={"csrf": csrf, "key": secrets.token_urlsafe(16), **data})
        assert answer.status_code == 303, (action, answer.status_code)

    for activity in ("brainwriting", "yes_and", "scoring", "dots", "voting", "proposing"):
        post(desk, token, "/facilitator/room", activity=activity, open="1")
    for text in (
        "Ån ska gå att nå till fots från centrum",
        "Biblioteket ska ha öppet på kvällarna",
        "Fler platser att vara på utan att handla",
    ):
        post(desk, token, "/facilitator/statement", text=text)
    phones = {}
    for name, role, area, idea in (
        ("Svalan", "invånare", "1462X002", "Bänkar och tak vid busshållplatsen"),
        ("Eken", "tjänsteperson", "", "Läxhjälp på biblioteket två kvällar i veckan"),
        ("Forsen", "civilsamhälle", "1462X005", "Belysning i gångtunneln under väg 45"),
    ):
        phone = httpx.Client(base_url=base)
        start_page = phone.get("/").text
        phone.post(
            "/code", data={"csrf": hidden(start_page, "csrf"), "key": hidden(start_page, "key"), "code": code}
        )
        form = phone.get("/join").text
        phone.post(
            "/join",
            data={
                "csrf": hidden(form, "csrf"),
                "key": hidden(form, "key"),
                "pseudonym": name,
                "role": role,
                "home_area": area,
                "consent": "ja",
            },
        )
        phones[name] = (phone, hidden(form, "csrf"))
        post(phone, phones[name][1], "/ideas", text=idea)
    lab = LabJournal(journal)
    ideas = lab.frame("idea")
    statements = lab.frame("statement")
    own = dict(zip(ideas["participant"], ideas["id"], strict=True))
    post(*phones["Eken"], "/yes-and", idea=own["Svalan"], text="med en karta över gångvägarna")
    post(*phones["Svalan"], "/propose", text="Unga ska få vara med och bestämma om parken")
    for name, (phone, csrf) in phones.items():
        for other, idea in own.items():
            if other != name:
                post(phone, csrf, "/score", idea=idea, score=str(2 + (len(name) + len(other)) % 3))
                post(phone, csrf, "/dots", idea=idea)
        for n, statement in enumerate(statements["id"]):
            post(phone, csrf, "/vote", statement=statement, vote=("1", "-1", "0")[(n + len(name)) % 3])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "img"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="labkit-screenshots-"))
    journal = folder / "labs" / "1462" / "labbok.sqlite"
    port = free_port()
    server = start(journal, port)
    base = f"http://127.0.0.1:{port}"
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import expect, sync_playwright

    try:
        keys = Keys.load(journal.parent)
        seed(base, keys, journal)
        with sync_playwright() as play:
            browser = play.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            phone = browser.new_context(**PHONE).new_page()

            def shot(name: str, full: bool = False) -> None:
                phone.screenshot(path=str(out / f"participants-{name}.png"), full_page=full)
                print(out / f"participants-{name}.png")

            phone.goto(base)
            phone.get_by_label("Anslutningskod").fill(keys.join_code("2026-03-19"))
            shot("1-kod")
            phone.get_by_role("button", name="Fortsätt").click()
            phone.get_by_label("Pseudonym").fill("Tranan")
            phone.get_by_label("Invånare").check()
            phone.get_by_label("Hemområde (frivilligt)").select_option(label="Lilla Edet område C")
            shot("2-om-dig", full=True)
            phone.get_by_label("Jag har läst texten och vill vara med").check()
            phone.get_by_role("button", name="Gå med").click()
            expect(phone.get_by_role("heading", name="Hej Tranan!")).to_be_visible()
            shot("3-start")
            phone.goto(f"{base}/ideas")
            phone.get_by_label("Din idé").fill("Odlingslotter på den gamla bollplanen")
            phone.get_by_role("button", name="Skicka idén").click()
            shot("4-ideer")
            phone.goto(f"{base}/yes-and")
            shot("5-ja-och")
            phone.goto(f"{base}/score")
            phone.locator("article").first.get_by_label("3", exact=True).check()
            phone.locator("article").first.get_by_role("button", name="Spara poäng").click()
            shot("6-poang")
            phone.goto(f"{base}/dots")
            phone.get_by_role("button", name="Sätt en prick").first.click()
            shot("7-prickar")
            phone.goto(f"{base}/statements")
            shot("8-pastaenden")
            desk_context = browser.new_context(viewport={"width": 1280, "height": 800})
            desk = desk_context.new_page()
            desk.goto(f"{base}/facilitator?key={keys.facilitator}")
            desk.screenshot(path=str(out / "participants-samtalsledare.png"), full_page=True)
            print(out / "participants-samtalsledare.png")
            projector = desk_context.new_page()
            projector.set_viewport_size({"width": 1280, "height": 720})
            projector.goto(f"{base}/projector")
            projector.screenshot(path=str(out / "participants-projektor.png"))
            print(out / "participants-projektor.png")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
