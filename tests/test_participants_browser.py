"""The participant app in Debian's headless chromium with phone emulation: three phones join, add ideas, add a
"ja, och", score, place dots and vote on statements while the projector page is open; the facilitator
approves a proposed statement and closes a round. Every entry is in the journal and the co-creation
analysis reads them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from participants_helpers import free_port, spawn

from labkit.participants.keys import Keys

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="needs Debian's chromium (.ci/run installs it)"),
]

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36",
    "locale": "sv-SE",
}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def _context(browser: object, base: str, problems: list[str], **options: object) -> object:
    """A browser context that may only reach ``base``; refused requests and console errors are remembered."""
    context = browser.new_context(**options)
    context.set_default_timeout(30_000)

    def route(request_route: object) -> None:
        if request_route.request.url.startswith(base):
            request_route.continue_()
        else:
            problems.append("request " + request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    context.on(
        "page",
        lambda page: page.on(
            "console",
            lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None,
        ),
    )
    context.on(
        "page", lambda page: page.on("dialog", lambda dialog: problems.append("dialog " + dialog.message))
    )
    return context


def test_three_phones_facilitator_and_projector(browser: object, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    journal = tmp_path / "labs" / "1462" / "labbok.sqlite"
    port = free_port()
    server = spawn(journal, port)
    base = f"http://127.0.0.1:{port}"
    problems: list[str] = []
    keys = Keys.load(journal.parent)
    try:
        desk_context = _context(browser, base, problems, viewport={"width": 1280, "height": 900})
        desk = desk_context.new_page()
        desk.goto(f"{base}/facilitator?key={keys.facilitator}")
        expect(desk.get_by_role("heading", name="Samtalsledarens vy")).to_be_visible()

        def toggle(activity: str, button: str) -> None:
            desk.locator("tr", has_text=activity).get_by_role("button", name=button).click()
            expect(desk.locator("p.notice")).to_contain_text("Sparat:")

        for activity in (
            "Brainwriting",
            "Ja, och",
            "Poängsättning",
            "Prickar",
            "Rösta på påståenden",
            "Föreslå påståenden",
        ):
            toggle(activity, "Öppna")
        projector = desk_context.new_page()
        projector.goto(f"{base}/projector")
        expect(projector.locator(".code strong")).to_have_text(keys.join_code("W1"))
        expect(projector.locator('img[src="/qr.svg"]')).to_be_visible()

        phones = [_context(browser, base, problems, **PHONE).new_page() for _ in range(3)]
        ideas = [
            "Fler bänkar längs ån",
            "Läxhjälp på biblioteket <script>alert(1)</script>",
            "Belysning i gångtunneln",
        ]
        areas = ["Lilla Edet område A", "Lilla Edet område C", "Lilla Edet område C"]
        for n, phone in enumerate(phones):
            phone.goto(base)
            phone.get_by_label("Anslutningskod").fill(keys.join_code("W1").lower())
            phone.get_by_role("button", name="Fortsätt").click()
            expect(phone.get_by_label("Pseudonym")).to_have_value(f"P0{n + 1}")
            phone.get_by_label("Invånare").check()
            phone.get_by_label("Hemområde (frivilligt)").select_option(label=areas[n])
            phone.get_by_label("Jag har läst texten och vill vara med").check()
            phone.get_by_role("button", name="Gå med").click()
            expect(phone.get_by_role("heading", name=f"Hej P0{n + 1}!")).to_be_visible()
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
        for phone, idea in zip(phones, ideas, strict=True):
            phone.get_by_role("link", name="Brainwriting (nya idéer)").click()
            phone.get_by_label("Din idé").fill(idea)
            phone.get_by_role("button", name="Skicka idén").click()
            expect(phone.locator("p.notice")).to_have_text("Idén är sparad.")
        expect(projector.locator("ul.wall > li")).to_have_count(3, timeout=30_000)  # the projector refreshes
        expect(projector.locator("ul.wall")).to_contain_text("<script>alert(1)</script>")

        phones[1].goto(f"{base}/yes-and")
        phones[1].locator("article", has_text="Fler bänkar").get_by_label("Ja, och …").fill(
            "med tak mot regnet"
        )
        phones[1].locator("article", has_text="Fler bänkar").get_by_role(
            "button", name="Skicka tillägget"
        ).click()
        expect(phones[1].locator("p.notice")).to_have_text("Tillägget är sparat.")

        scores = {0: (4, 2), 1: (3, 3), 2: (1, 4)}  # each phone scores the two other ideas, in page order
        for n, phone in enumerate(phones):
            phone.goto(f"{base}/score")
            for k, score in enumerate(scores[n]):
                card = phone.locator("article").nth(k)
                card.get_by_label(str(score), exact=True).check()
                card.get_by_role("button", name="Spara poäng").click()
                expect(phone.locator("p.notice")).to_have_text("Poängen är sparad.")
        for phone in phones[1:]:  # P02 and P03 put a dot on the first idea of the page (P01's idea)
            phone.goto(f"{base}/dots")
            phone.get_by_role("button", name="Sätt en prick").first.click()
            expect(phone.locator("p.notice")).to_have_text("Pricken är satt.")
            expect(phone.locator(".status")).to_have_text("Du har 2 av 3 prickar kvar.")

        phones[0].goto(f"{base}/statements")
        phones[0].get_by_label("Ditt påstående").fill("Ån ska vara tillgänglig för alla")
        phones[0].get_by_role("button", name="Skicka förslaget").click()
        expect(phones[0].locator("p.notice")).to_have_text("Förslaget är skickat till samtalsledaren.")
        phones[1].goto(f"{base}/statements")
        expect(phones[1].locator("body")).not_to_contain_text("Ån ska vara tillgänglig")  # not yet approved
        desk.reload()
        desk.get_by_label("Nytt påstående från samtalsledaren").fill("Biblioteket ska ha öppet på kvällar")
        desk.get_by_role("button", name="Lägg till").click()
        expect(desk.locator("p.notice")).to_have_text("Påståendet är tillagt.")
        desk.locator(".pending li", has_text="Ån ska vara tillgänglig").get_by_role(
            "button", name="Godkänn"
        ).click()
        expect(desk.locator("p.notice")).to_have_text("Påståendet är godkänt.")

        votes = {
            0: ("Håller med", "Håller med"),
            1: ("Håller med", "Håller inte med"),
            2: ("Håller inte med", "Avstår / vet inte"),
        }
        for n, phone in enumerate(phones):
            phone.goto(f"{base}/statements")
            for k, button in enumerate(votes[n]):
                expect(phone.locator(".status").first).to_have_text(f"Påstående {k + 1} av 2")
                phone.get_by_role("button", name=button).click()
                expect(phone.locator("p.notice")).to_have_text("Rösten är sparad.")
            expect(phone.locator("p.done")).to_have_text(
                "Du har röstat på alla påståenden som finns just nu."
            )

        desk.goto(f"{base}/facilitator")
        toggle("Brainwriting", "Stäng")
        expect(desk.locator("tr", has_text="Brainwriting")).to_contain_text("Stängd")
        phones[2].goto(f"{base}/ideas")
        expect(phones[2].locator("p.closed")).to_have_text(
            "”Nya idéer” är stängt just nu. Vänta på samtalsledaren."
        )
        counts = dict(
            zip(
                desk.locator("table.counts th").all_inner_texts(),
                desk.locator("table.counts td").all_inner_texts(),
                strict=True,
            )
        )
        assert counts == {
            "Deltagare": "3",
            "Idéer": "3",
            "Ja, och-tillägg": "1",
            "Poäng": "6",
            "Prickar": "2",
            "Påståenden": "2",
            "Röster": "6",
        }
        expect(projector.locator("table.tally")).to_contain_text("Fler bänkar längs ån", timeout=30_000)
        expect(projector.locator("table.tally td.n").first).to_have_text("2")
        # 200 % zoom of a 360 px phone: every page still fits its width (no sideways scrolling)
        phones[0].set_viewport_size({"width": 180, "height": 370})
        for path in ("/", "/ideas", "/yes-and", "/score", "/dots", "/statements", "/about"):
            phones[0].goto(base + path)
            assert phones[0].evaluate("document.documentElement.scrollWidth") <= 180, path
        assert problems == []
    finally:
        server.terminate()
        server.wait(timeout=30)

    # every entry is in the journal, and the co-creation analysis reads them
    from labkit import lab as labkit_lab
    from labkit.capture.journal import LabJournal
    from labkit.data.sources import load_source
    from labkit.methods import cocreation

    lab = LabJournal(journal)
    assert lab.frame("participant")[["pseudonym", "home_area"]].values.tolist() == [
        ["P01", "1462X001"],
        ["P02", "1462X003"],
        ["P03", "1462X003"],
    ]
    params = cocreation.Params(
        kommun_kod="1462", records="journal", journal=str(journal), workshop="W1", min_votes=1
    )
    ctx = labkit_lab.context(
        load_source("bundled"), "cocreation", "1462", out_dir=journal.parent, params=params
    )
    result = cocreation.analyse(cocreation.load_inputs(ctx, params), params)
    assert result.origin == "journal"
    assert sorted(result.ideas["text"]) == sorted(ideas)
    by_text = result.ranking.set_index("text")
    # P01's idea: 3 (P02) and 1 (P03); P02's: 4 (P01) and 4 (P03); P03's: 2 (P01) and 3 (P02)
    assert by_text.loc[ideas[0], "mean"] == pytest.approx(2.0)
    assert by_text.loc[ideas[1], "mean"] == pytest.approx(4.0)
    assert by_text.loc[ideas[2], "mean"] == pytest.approx(2.5)
    assert dict(zip(result.dots["text"], result.dots["dots"], strict=True)) == {ideas[0]: 2}
    assert sorted(result.statements["text"]) == [
        "Biblioteket ska ha öppet på kvällar",
        "Ån ska vara tillgänglig för alla",
    ]
    assert result.opinions is not None and int(result.opinions.matrix.notna().sum().sum()) == 6
    assert result.tree.set_index("text")["additions"].to_dict() == {ideas[0]: 1, ideas[1]: 0, ideas[2]: 0}
    assert lab.frame("yes_and")["text"].tolist() == ["med tak mot regnet"]
