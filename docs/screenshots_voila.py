"""Screenshots of the facilitator's Voila view for docs/WORKSHOP.md ("Samtalsledarens vy").

Starts the workshop view of co-creation for Lilla Edet (1462) (``labkit.serve.workshop_server``) on a lab
journal in a temporary folder (never in ``labs/``) holding a small invented workshop, then photographs the
"Deltagare" tab (after a pseudonym already taken is entered), the "Brainwriting" tab and "Läget just nu" with
Debian's chromium (Playwright). Usage: ``python docs/screenshots_voila.py [--out docs/img]``. Only 127.0.0.1
is contacted.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from labkit import serve
from labkit.capture.journal import LabJournal

CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed(path: Path) -> None:
    """An invented workshop: four participants, ideas in two rounds, scores, dots, two statements and
    votes."""
    journal = LabJournal(path, workshop="2026-03-19")
    for pseudonym, role, area in (
        ("P01", "invånare", "1462X001"),
        ("P02", "tjänsteperson", None),
        ("P03", "civilsamhälle", "1462X003"),
        ("P04", "exploatör", None),
    ):
        journal.add("participant", pseudonym=pseudonym, role=role, home_area=area)
    ideas = [
        journal.add("idea", text=text, round=n, participant=who)
        for text, n, who in (
            ("Belysning längs gång- och cykelvägen till stationen", 1, "P01"),
            ("Läxhjälp på biblioteket två kvällar i veckan", 1, "P03"),
            ("Bänkar med tak vid busshållplatsen", 2, "P02"),
        )
    ]
    for who, idea, score in (("P02", 0, 4), ("P03", 0, 3), ("P01", 1, 3), ("P04", 1, 2), ("P01", 2, 4)):
        journal.add("priority_score", idea=ideas[idea], participant=who, criterion="trygghet", score=score)
    for who, idea in (("P02", 0), ("P03", 0), ("P04", 1)):
        journal.add("dot", idea=ideas[idea], participant=who)
    statements = [
        journal.add("statement", text=text)
        for text in (
            "Torget ska vara bilfritt på lördagar",
            "Kommunen ska prioritera unga vid nya mötesplatser",
        )
    ]
    for who, statement, vote in (("P01", 0, 1), ("P02", 0, -1), ("P03", 0, 1), ("P01", 1, 1), ("P04", 1, 0)):
        journal.add("statement_vote", statement=statements[statement], participant=who, vote=vote)
    journal.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "img"))
    out = Path(parser.parse_args().out)
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="labkit-voila-shots-") as scratch:
        folder = Path(scratch)
        journal = folder / "labbok.sqlite"
        seed(journal)
        port = free_port()
        server = serve.workshop_server(
            "cocreation",
            "1462",
            journal=str(journal),
            workshop="2026-03-19",
            port=port,
            open_browser=False,
            folder=folder,
        )
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        proc = subprocess.Popen(
            server.command,
            cwd=server.cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 180
            while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("the Voila server did not start")
                time.sleep(0.2)
            with sync_playwright() as play:
                browser = play.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_page(viewport={"width": 1100, "height": 1250}, locale="sv-SE")
                page.set_default_timeout(180_000)
                page.goto(server.url)
                for tab, name in (
                    ("Deltagare", "voila-1-deltagare"),
                    ("Brainwriting", "voila-2-brainwriting"),
                    ("Läget just nu", "voila-3-laget"),
                ):
                    page.get_by_role("tab", name=tab, exact=True).click()
                    if tab == "Deltagare":  # a pseudonym already taken: the refusal in plain Swedish
                        panel = page.locator(".widget-tab-contents > .widget-box").filter(visible=True)
                        panel.get_by_label("Pseudonym").fill("P03")
                        panel.get_by_label("Hemområde").select_option(label="Lilla Edet område C")
                        panel.get_by_role("button", name="Lägg till deltagare").click()
                        panel.get_by_text("används redan").wait_for()
                    page.wait_for_timeout(1500)
                    page.screenshot(path=str(out / f"{name}.png"), full_page=True)
                    print(out / f"{name}.png")
                browser.close()
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
