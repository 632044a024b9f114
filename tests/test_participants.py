"""The participant app (Starlette TestClient): joining, every participant page, the facilitator, the
projector and every security rule: join code, closed joining, session and CSRF, rate limit, text and body
limits, path traversal, payloads shown as text, idempotent resends and sessions that survive a restart."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from participants_helpers import (
    BASE,
    client,
    facilitator,
    hidden,
    join,
    live_markup,
    make_room,
    notice,
    page_error,
    post,
    set_open,
)
from starlette.testclient import TestClient

from labkit.capture.journal import LabJournal
from labkit.errors import CaptureError, ConfigError
from labkit.participants.app import COOKIE, create_app
from labkit.participants.keys import CODE_ALPHABET, FILE_NAME, Keys, normalise_code
from labkit.participants.room import Options
from labkit.participants.security import CSP, RateLimiter
from labkit.participants.server import lan_address, local_addresses
from labkit.participants.text import TEXT

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture()
def room(tmp_path: Path):
    return make_room(tmp_path)


# ---------------------------------------------------------------- the journal's idempotent add


def test_add_with_a_record_id_stores_a_resend_once(tmp_path: Path) -> None:
    journal = LabJournal(tmp_path / "j.sqlite", workshop="W")
    journal.add("participant", pseudonym="P1", role="invånare")
    first = journal.add("idea", record_id="idea-abc", text="Bänkar", round=1, participant="P1")
    again = journal.add("idea", record_id="idea-abc", text="Bänkar", round=1, participant="P1")
    assert first == again == "idea-abc"
    assert journal.count("idea") == 1
    with pytest.raises(CaptureError) as err:
        journal.add("idea", record_id="idea-abc", text="Annat", round=1, participant="P1")
    assert str(err.value) == (
        "column 'id': record id already used for another record: expected a new id, or the "
        "same record as stored; found 'idea-abc'."
    )
    with pytest.raises(CaptureError) as err:
        journal.add("idea", record_id="bad id", text="Bänkar", round=1, participant="P1")
    assert str(err.value) == (
        "column 'id': invalid value: expected an id of letters, digits and _.:- (at most 64); found 'bad id'."
    )
    assert journal.count("idea") == 1


# ---------------------------------------------------------------- joining


def test_join_with_code_pseudonym_role_age_and_area_by_name(room) -> None:
    phone = client(room)
    start = phone.get("/")
    assert start.status_code == 200 and '<html lang="sv">' in start.text
    assert "Medskapande workshop i Lilla Edet · Workshop W1" in start.text
    phone.post(
        "/code",
        data={
            "csrf": hidden(start.text, "csrf"),
            "key": hidden(start.text, "key"),
            "code": " " + room.join_code.lower()[:3] + "-" + room.join_code[3:] + " ",
        },
    )
    form = phone.get("/join")
    assert form.status_code == 200
    assert 'value="P01"' in form.text  # a pseudonym is suggested
    options = re.findall(r'<option value="(1462X\d+)"[^>]*>([^<]+)</option>', form.text)
    assert options[:2] == [("1462X001", "Lilla Edet område A"), ("1462X002", "Lilla Edet område B")]
    assert len(options) == 8
    assert 'name="name"' not in form.text  # names are not asked while store_names is off
    assert "senast 12 månader efter workshoppen" in form.text and "Inget namn sparas." in form.text
    answer = phone.post(
        "/join",
        data={
            "csrf": hidden(form.text, "csrf"),
            "key": hidden(form.text, "key"),
            "pseudonym": "Svala",
            "role": "civilsamhälle",
            "age_band": "35-49",
            "home_area": "1462X005",
            "consent": "ja",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    home = phone.get("/")
    assert "Hej Svala!" in home.text and "Du är med som Civilsamhälle / förening." in home.text
    assert "Inget är öppet just nu. Vänta på samtalsledaren." in home.text
    people = room.journal.frame("participant")
    assert people[
        ["pseudonym", "role", "age_band", "home_area", "author", "workshop_id"]
    ].values.tolist() == [["Svala", "civilsamhälle", "35-49", "1462X005", "Svala", "W1"]]


def test_join_refusals_in_swedish(room) -> None:
    assert join(client(room), room, "P1").status_code == 303
    phone = client(room)
    taken = join(phone, room, "P1")
    assert taken.status_code == 409
    assert page_error(taken.text) == "Pseudonymen ”P1” används redan i den här workshoppen. Välj en annan."
    form = phone.get("/join").text
    base = {
        "csrf": hidden(form, "csrf"),
        "key": hidden(form, "key"),
        "pseudonym": "P2",
        "role": "invånare",
        "consent": "ja",
    }
    cases = {
        "role": ("student", "Välj ett av alternativen i ”Din roll”."),
        "home_area": ("1402R003", "Välj ett av alternativen i ”Hemområde (frivilligt)”."),
        "age_band": ("40", "Välj ett av alternativen i ”Åldersgrupp (frivilligt)”."),
        "pseudonym": ("x" * 41, "Pseudonymen får vara högst 40 tecken."),
        "consent": ("", "Kryssa i att du har läst texten om vad som sparas."),
    }
    for name, (value, message) in cases.items():
        answer = phone.post("/join", data={**base, name: value}, follow_redirects=False)
        assert (answer.status_code, page_error(answer.text)) == (400, message), name
    assert list(room.journal.frame("participant")["pseudonym"]) == ["P1"]


def test_a_wrong_join_code_is_refused_and_guessing_is_limited(tmp_path: Path) -> None:
    room = make_room(tmp_path, options=Options(join_failures=3))
    phone = client(room)
    start = phone.get("/").text
    wrong = "".join(c for c in CODE_ALPHABET if c not in room.join_code)[:6]
    data = {"csrf": hidden(start, "csrf"), "key": hidden(start, "key"), "code": wrong}
    for _ in range(3):
        answer = phone.post("/code", data=data)
        assert answer.status_code == 403
        assert page_error(answer.text) == "Koden stämmer inte. Kontrollera koden på skärmen och försök igen."
    limited = phone.post("/code", data={**data, "code": "ZZZZZZ"})
    assert (limited.status_code, page_error(limited.text)) == (
        429,
        "Du skickar väldigt snabbt. Vänta några sekunder och försök igen.",
    )
    assert phone.get("/join", follow_redirects=False).headers["location"] == "/"  # never got past the code
    # the details form cannot be posted without the code either
    refused = phone.post(
        "/join",
        data={
            "csrf": hidden(start, "csrf"),
            "key": "k" * 20,
            "pseudonym": "X",
            "role": "invånare",
            "consent": "ja",
        },
    )
    assert refused.status_code == 403
    assert room.journal.count("participant") == 0


def test_a_signed_qr_link_lets_a_phone_join_and_a_forged_one_does_not(room) -> None:
    desk = facilitator(room)
    svg = desk.get("/qr.svg")
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.startswith("<svg") and "<script" not in svg.text
    from itsdangerous import URLSafeSerializer

    token = URLSafeSerializer(room.keys.secret, salt="labkit-join-code").dumps(
        {"w": "W1", "c": room.join_code}
    )
    phone = client(room)
    assert phone.get(f"/j/{token}", follow_redirects=False).headers["location"] == "/join"
    assert phone.get("/join").status_code == 200
    forged = URLSafeSerializer("another key", salt="labkit-join-code").dumps({"w": "W1", "c": room.join_code})
    other = client(room)
    answer = other.get(f"/j/{forged}")
    assert answer.status_code == 403 and other.get("/join", follow_redirects=False).headers["location"] == "/"


def test_joining_closed_is_refused(room) -> None:
    desk = facilitator(room)
    phone = client(room)
    start = phone.get("/").text
    phone.post(
        "/code", data={"csrf": hidden(start, "csrf"), "key": hidden(start, "key"), "code": room.join_code}
    )
    form = phone.get("/join").text
    assert set_open(desk, "joining", False).status_code == 303
    answer = phone.post(
        "/join",
        data={
            "csrf": hidden(form, "csrf"),
            "key": hidden(form, "key"),
            "pseudonym": "P9",
            "role": "invånare",
            "consent": "ja",
        },
    )
    message = "Det går inte att gå med just nu – samtalsledaren har stängt anslutningen."
    assert (answer.status_code, page_error(answer.text)) == (409, message)
    late = client(room)
    start = late.get("/").text
    answer = late.post(
        "/code", data={"csrf": hidden(start, "csrf"), "key": hidden(start, "key"), "code": room.join_code}
    )
    assert (answer.status_code, page_error(answer.text)) == (409, message)
    assert room.journal.count("participant") == 0


def test_names_are_asked_only_when_store_names_is_on(room) -> None:
    room.journal.set_setting("store_names", True)
    phone = client(room)
    start = phone.get("/").text
    phone.post(
        "/code", data={"csrf": hidden(start, "csrf"), "key": hidden(start, "key"), "code": room.join_code}
    )
    form = phone.get("/join").text
    assert 'name="name"' in form and "Inget namn sparas om du inte själv skriver in det." in form
    phone.post(
        "/join",
        data={
            "csrf": hidden(form, "csrf"),
            "key": hidden(form, "key"),
            "pseudonym": "P1",
            "role": "politiker",
            "name": "Anna A",
            "consent": "ja",
        },
    )
    assert room.journal.frame("participant", identifying=True)["name"].tolist() == ["Anna A"]


# ---------------------------------------------------------------- the activities


def _room_with_three(room):
    desk = facilitator(room)
    phones = {name: client(room) for name in ("P1", "P2", "P3")}
    for name, phone in phones.items():
        assert join(phone, room, name).status_code == 303
    return desk, phones


def test_ideas_yes_and_scores_dots_votes_and_proposals_reach_the_journal(room) -> None:
    desk, phones = _room_with_three(room)
    closed = post(phones["P1"], "/ideas", text="Tidig idé")
    assert (closed.status_code, page_error(closed.text)) == (
        409,
        "”Brainwriting (nya idéer)” är stängt just nu. Vänta på samtalsledaren.",
    )
    assert set_open(desk, "brainwriting", round="2").status_code == 303
    for name, text in (
        ("P1", "Bänkar vid ån"),
        ("P2", "Läxhjälp i biblioteket"),
        ("P3", "Belysning i tunneln"),
    ):
        answer = post(phones[name], "/ideas", text=text)
        assert answer.status_code == 303 and answer.headers["location"] == "/ideas?ok=idea"
    page = phones["P1"].get("/ideas?ok=idea").text
    assert notice(page) == "Idén är sparad." and "Bänkar vid ån" in page and "Belysning i tunneln" in page
    ideas = room.journal.frame("idea")
    assert ideas[["text", "round", "participant", "author"]].values.tolist() == [
        ["Bänkar vid ån", 2, "P1", "P1"],
        ["Läxhjälp i biblioteket", 2, "P2", "P2"],
        ["Belysning i tunneln", 2, "P3", "P3"],
    ]
    idea = dict(zip(ideas["participant"], ideas["id"], strict=True))

    for activity in ("yes_and", "scoring", "dots", "voting", "proposing"):
        set_open(desk, activity)
    yes_and = phones["P2"].get("/yes-and").text
    assert "Bänkar vid ån" in yes_and and "Läxhjälp i biblioteket" not in yes_and  # only others' ideas
    answer = phones["P2"].post(
        "/yes-and",
        data={
            "csrf": hidden(yes_and, "csrf"),
            "key": hidden(yes_and, "key"),
            "idea": idea["P1"],
            "text": "med tak mot regn",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert room.journal.frame("yes_and")[["idea", "text", "participant"]].values.tolist() == [
        [idea["P1"], "med tak mot regn", "P2"]
    ]

    score_page = phones["P1"].get("/score").text
    assert "Kriterium: effekt för målgruppen" in score_page and "Bänkar vid ån" not in score_page
    for name, target, score in (("P1", "P2", "4"), ("P1", "P3", "2"), ("P2", "P1", "3"), ("P1", "P2", "1")):
        html = phones[name].get("/score").text
        answer = phones[name].post(
            "/score",
            data={
                "csrf": hidden(html, "csrf"),
                "key": hidden(html, "key"),
                "idea": idea[target],
                "score": score,
            },
            follow_redirects=False,
        )
        assert answer.status_code == 303
    own = post(phones["P1"], "/score", idea=idea["P1"], score="4")
    assert (own.status_code, page_error(own.text)) == (409, "Du kan inte poängsätta din egen idé.")
    assert "Din poäng: 1" in phones["P1"].get("/score").text  # the latest score counts
    scores = room.journal.frame("priority_score")
    assert scores[["idea", "participant", "criterion", "score"]].values.tolist() == [
        [idea["P2"], "P1", "effekt för målgruppen", 4],
        [idea["P3"], "P1", "effekt för målgruppen", 2],
        [idea["P1"], "P2", "effekt för målgruppen", 3],
        [idea["P2"], "P1", "effekt för målgruppen", 1],
    ]

    room.journal.set_setting("dots_per_participant", 1)
    assert "Du har 1 av 1 prickar kvar." in phones["P3"].get("/dots").text
    assert post(phones["P3"], "/dots", idea=idea["P1"]).status_code == 303
    page = phones["P3"].get("/dots").text
    assert "Du har 0 av 1 prickar kvar." in page and "● Din prick" in page
    more = post(phones["P3"], "/dots", idea=idea["P2"])
    assert (more.status_code, page_error(more.text)) == (409, "Du har inga prickar kvar.")

    post(desk, "/facilitator/statement", text="Parken behöver mer ljus")
    statements = room.journal.frame("statement")
    assert statements["text"].tolist() == ["Parken behöver mer ljus"]
    vote_page = phones["P2"].get("/statements").text
    assert "Påstående 1 av 1" in vote_page and "Parken behöver mer ljus" in vote_page
    answer = phones["P2"].post(
        "/vote",
        data={
            "csrf": hidden(vote_page, "csrf"),
            "key": hidden(vote_page, "key"),
            "statement": statements["id"][0],
            "vote": "-1",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert "Du har röstat på alla påståenden som finns just nu." in phones["P2"].get("/statements").text
    assert room.journal.frame("statement_vote")[["statement", "participant", "vote"]].values.tolist() == [
        [statements["id"][0], "P2", -1]
    ]


def test_proposed_statements_wait_for_the_facilitator(room) -> None:
    desk, phones = _room_with_three(room)
    set_open(desk, "voting")
    set_open(desk, "proposing")
    page = phones["P1"].get("/statements").text
    answer = phones["P1"].post(
        "/propose",
        data={"csrf": hidden(page, "csrf"), "key": hidden(page, "key"), "text": "Fler bänkar behövs"},
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/statements?ok=statement"
    assert "Fler bänkar behövs (väntar på samtalsledaren)" in re.sub(
        r"\s*<span class=\"tag\">", " ", phones["P1"].get("/statements").text
    )
    assert "Fler bänkar behövs" not in phones["P2"].get("/statements").text
    html = desk.get("/facilitator").text
    assert "Fler bänkar behövs" in html and "P1" in html
    proposal = room.journal.frame("statement")["id"][0]
    refused = post(phones["P2"], "/vote", statement=proposal, vote="1")
    assert refused.status_code == 409
    assert page_error(refused.text) == "Påståendet finns inte längre. Uppdatera sidan."
    approve = desk.post(
        "/facilitator/approve",
        data={"csrf": hidden(html, "csrf"), "key": "a" * 20, "statement": proposal},
        follow_redirects=False,
    )
    assert approve.headers["location"] == "/facilitator?ok=approval"
    assert "Fler bänkar behövs" in phones["P2"].get("/statements").text
    twice = post(desk, "/facilitator/approve", statement=proposal)
    assert (twice.status_code, page_error(twice.text)) == (
        409,
        "Påståendet finns inte längre. Uppdatera sidan.",
    )
    page = phones["P3"].get("/statements").text
    proposed = phones["P3"].post(
        "/propose",
        data={"csrf": hidden(page, "csrf"), "key": "b" * 20, "text": "Bort med P"},
        follow_redirects=False,
    )
    assert proposed.status_code == 303
    second = room.journal.frame("statement")["id"].iloc[-1]
    reject = desk.post(
        "/facilitator/reject",
        data={"csrf": hidden(html, "csrf"), "key": "c" * 20, "statement": second},
        follow_redirects=False,
    )
    assert reject.headers["location"] == "/facilitator?ok=rejection"
    assert room.journal.frame("statement")["text"].tolist() == ["Fler bänkar behövs"]
    assert room.journal.frame("retraction")["record"].tolist() == [second]


def test_facilitator_sees_people_and_counts_and_opens_rounds(room) -> None:
    desk, phones = _room_with_three(room)
    html = desk.get("/facilitator").text
    assert "Deltagare (3)" in html
    people = re.findall(r'<tr><th scope="row">(P\d)</th><td>([^<]+)</td></tr>', html)
    assert people == [("P1", "Invånare"), ("P2", "Invånare"), ("P3", "Invånare")]
    counts = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', html))
    assert counts["Deltagare"] == "3" and counts["Idéer"] == "0"
    set_open(desk, "brainwriting", round="3")
    set_open(desk, "scoring", criterion="genomförbarhet")
    state = room.journal.frame("room_state")
    assert state[["activity", "open", "round", "criterion"]].astype(object).where(state.notna(), None)[
        ["activity", "open"]
    ].values.tolist() == [["brainwriting", True], ["scoring", True]]
    assert room.state()["brainwriting"].round == 3 and room.state()["scoring"].criterion == "genomförbarhet"
    assert "Kriterium: genomförbarhet" in phones["P1"].get("/score").text
    home = phones["P1"].get("/").text
    assert re.findall(r'class="button" href="([^"]+)">([^<]+)<', home) == [
        ("/ideas", "Brainwriting (nya idéer)"),
        ("/score", "Poängsättning"),
    ]
    set_open(desk, "brainwriting", False)
    assert room.state()["brainwriting"].open is False


def test_the_facilitator_pages_need_the_key(room) -> None:
    phone = client(room)
    message = (
        "Den här sidan är för samtalsledaren. Öppna länken med nyckeln som visades när servern startade."
    )
    for path in ("/facilitator", "/facilitator?key=wrong", "/projector", "/qr.svg"):
        answer = phone.get(path)
        assert (answer.status_code, page_error(answer.text)) == (403, message), path
    start = phone.get("/").text
    answer = phone.post(
        "/facilitator/room",
        data={"csrf": hidden(start, "csrf"), "key": "k" * 20, "activity": "joining", "open": "0"},
    )
    assert (answer.status_code, page_error(answer.text)) == (403, message)
    assert room.journal.count("room_state") == 0


def test_projector_shows_code_wall_dots_and_opinion_groups(room) -> None:
    desk, phones = _room_with_three(room)
    for name in ("P4", "P5", "P6"):
        phones[name] = client(room)
        join(phones[name], room, name)
    for activity in ("brainwriting", "dots", "voting"):
        set_open(desk, activity)
    for name, text in (("P1", "Idé ett"), ("P2", "Idé två")):
        post(phones[name], "/ideas", text=text)
    ideas = room.journal.frame("idea")
    for name, target in (("P2", 0), ("P3", 0), ("P4", 0), ("P1", 1)):
        post(phones[name], "/dots", idea=ideas["id"][target])
    for text in ("A", "B", "C"):
        post(desk, "/facilitator/statement", text=f"Påstående {text}")
    # two camps: P1-P3 agree with everything, P4-P6 disagree with everything
    for name in phones:
        for _ in range(3):
            page = phones[name].get("/statements").text
            statement = hidden(page, "statement")
            vote = "1" if name in ("P1", "P2", "P3") else "-1"
            assert (
                phones[name]
                .post(
                    "/vote",
                    data={
                        "csrf": hidden(page, "csrf"),
                        "key": hidden(page, "key"),
                        "statement": statement,
                        "vote": vote,
                    },
                    follow_redirects=False,
                )
                .status_code
                == 303
            )
    html = desk.get("/projector").text
    assert '<meta http-equiv="refresh" content="5">' in html
    assert f"Kod: <strong>{room.join_code}</strong>" in html and '<img src="/qr.svg"' in html
    assert re.findall(r'<td>([^<]+)</td><td class="n">(\d+)</td>', html) == [
        ("Idé ett", "3"),
        ("Idé två", "1"),
    ]
    wall = re.findall(r"<li><p>([^<]+)</p>", html)
    assert wall == ["Idé två", "Idé ett"]  # newest first
    groups = re.findall(r"<h3>(Grupp \d: \d deltagare)</h3>", html)
    assert groups == ["Grupp 1: 3 deltagare", "Grupp 2: 3 deltagare"]
    # the same groups as the co-creation analysis' opinion_groups function finds
    from labkit.methods.cocreation.opinion import opinion_groups

    votes = room.journal.frame("statement_vote")
    found = opinion_groups(votes[["participant", "statement", "vote"]], min_votes=3)
    assert found.sizes == [3, 3]
    assert len(set(found.labels[["P1", "P2", "P3"]])) == 1 and len(set(found.labels[["P4", "P5", "P6"]])) == 1


# ---------------------------------------------------------------- safety rules


def test_session_and_csrf_are_required_for_every_write(room) -> None:
    desk, phones = _room_with_three(room)
    set_open(desk, "brainwriting")
    page = phones["P1"].get("/ideas").text
    csrf_message = (
        "Sidan var för gammal eller kom inte från den här workshoppen. Gå tillbaka, uppdatera sidan "
        "och försök igen."
    )
    no_csrf = phones["P1"].post("/ideas", data={"key": hidden(page, "key"), "text": "x"})
    assert (no_csrf.status_code, page_error(no_csrf.text)) == (403, csrf_message)
    other = phones["P2"].get("/ideas").text
    wrong = phones["P1"].post(
        "/ideas", data={"csrf": hidden(other, "csrf"), "key": hidden(page, "key"), "text": "x"}
    )
    assert (wrong.status_code, page_error(wrong.text)) == (403, csrf_message)
    stranger = client(room)
    stranger_page = stranger.get("/").text
    no_session = stranger.post(
        "/ideas", data={"csrf": hidden(stranger_page, "csrf"), "key": "s" * 20, "text": "x"}
    )
    assert (no_session.status_code, page_error(no_session.text)) == (
        403,
        "Du är inte med i workshoppen. Gå med först.",
    )
    cookieless = TestClient(create_app(room), base_url=BASE)
    bare = cookieless.post("/ideas", data={"csrf": hidden(page, "csrf"), "key": "s" * 20, "text": "x"})
    assert bare.status_code == 403
    forged = TestClient(create_app(room), base_url=BASE, cookies={COOKIE: "eyJwIjogIlAxIn0=.forged.sig"})
    assert (
        forged.post("/ideas", data={"csrf": hidden(page, "csrf"), "key": "s" * 20, "text": "x"}).status_code
        == 403
    )
    no_key = phones["P1"].post("/ideas", data={"csrf": hidden(page, "csrf"), "text": "x"})
    assert (no_key.status_code, page_error(no_key.text)) == (400, csrf_message)
    assert room.journal.count("idea") == 0


def test_cookies_are_httponly_samesite_strict_and_pages_carry_a_strict_csp(room) -> None:
    phone = client(room)
    answer = phone.get("/")
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(COOKIE + "=") and "httponly" in cookie and "samesite=strict" in cookie
    assert CSP == (
        "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    )
    for path in ("/", "/static/style.css", "/nothing-here"):
        headers = phone.get(path).headers
        assert headers["content-security-policy"] == CSP
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
    assert phone.get("/").headers["cache-control"] == "no-store"
    # every asset is local: no page refers to another origin
    pages = [phone.get(p).text for p in ("/", "/about")] + [facilitator(room).get("/projector").text]
    for html in pages:
        assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)
        assert "<script" not in html and "style=" not in html


def test_a_foreign_host_header_is_refused(room) -> None:
    phone = client(room)
    assert phone.get("/", headers={"host": "evil.example"}).status_code == 400
    assert phone.get("/", headers={"host": "localhost:8870"}).status_code == 200


def test_the_rate_limit_holds_per_participant(tmp_path: Path) -> None:
    room = make_room(tmp_path, options=Options(rate_burst=3, rate_per_second=0.001))
    desk, phones = _room_with_three(room)
    set_open(desk, "brainwriting")
    page = phones["P1"].get("/ideas").text
    codes = [
        phones["P1"]
        .post(
            "/ideas",
            data={"csrf": hidden(page, "csrf"), "key": f"key{n:020d}", "text": f"Idé {n}"},
            follow_redirects=False,
        )
        .status_code
        for n in range(5)
    ]
    assert codes == [303, 303, 303, 429, 429]
    limited = phones["P1"].post("/ideas", data={"csrf": hidden(page, "csrf"), "key": "z" * 20, "text": "x"})
    assert page_error(limited.text) == "Du skickar väldigt snabbt. Vänta några sekunder och försök igen."
    # another participant is not slowed down by P1
    assert post(phones["P2"], "/ideas", text="Min idé").status_code == 303
    assert room.journal.frame("idea")["text"].tolist() == ["Idé 0", "Idé 1", "Idé 2", "Min idé"]


def test_rate_limiter_refills_over_time() -> None:
    now = [0.0]
    limiter = RateLimiter(2, 0.5, clock=lambda: now[0])
    assert [limiter.allow("a"), limiter.allow("a"), limiter.allow("a")] == [True, True, False]
    now[0] = 1.9
    assert limiter.allow("a") is False
    now[0] = 2.1
    assert limiter.allow("a") is True and limiter.allow("b") is True


def test_texts_at_most_4000_characters_and_bodies_capped(room) -> None:
    desk, phones = _room_with_three(room)
    set_open(desk, "brainwriting")
    too_long = post(phones["P1"], "/ideas", text="å" * 4001)
    assert (too_long.status_code, page_error(too_long.text)) == (
        400,
        "”Din idé” är för lång: högst 4 000 tecken (du skrev 4001).",
    )
    assert "å" * 4001 in too_long.text  # the typed text is kept in the form
    assert post(phones["P1"], "/ideas", text="å" * 4000).status_code == 303
    page = phones["P1"].get("/ideas").text
    huge = phones["P1"].post(
        "/ideas", data={"csrf": hidden(page, "csrf"), "key": hidden(page, "key"), "text": "a" * 70_000}
    )
    assert huge.status_code == 413 and "Det du skickade är för stort." in huge.text
    assert room.journal.frame("idea")["text"].str.len().tolist() == [4000]


def test_path_traversal_and_the_journal_are_never_served(room) -> None:
    phone = client(room)
    join(phone, room, "P1")
    assert phone.get("/static/style.css").status_code == 200
    journal = room.journal.path
    assert journal.is_file() and (journal.parent / FILE_NAME).is_file()
    paths = [
        "/static/../labbok.sqlite",
        "/static/%2e%2e/%2e%2e/%2e%2e/labs/1462/labbok.sqlite",
        "/static/..%2f..%2fapp.py",
        "/static/../app.py",
        "/labbok.sqlite",
        "/labs/1462/labbok.sqlite",
        f"/{FILE_NAME}",
        "/static/%2e%2e/templates/base.html",
        "/static//etc/passwd",
        "/../../etc/passwd",
        "/templates/base.html",
        "/static/",
        "/static",
    ]
    for path in paths:
        answer = phone.get(path)
        assert answer.status_code == 404, path
        assert b"SQLite format 3" not in answer.content and b"secret" not in answer.content, path
        assert page_error(answer.text) == "Sidan finns inte.", path


def test_payloads_are_shown_as_text_on_every_page(room) -> None:
    payloads = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        '"><svg onload=alert(3)>',
        '<a href="javascript:alert(4)">x</a>',
        "{{ 7*7 }}",
    ]
    desk = facilitator(room)
    phones = [client(room) for _ in payloads]
    for n, (phone, payload) in enumerate(zip(phones, payloads, strict=True)):
        assert join(phone, room, payload[:40]).status_code == 303, n
    for activity in ("brainwriting", "yes_and", "scoring", "dots", "voting", "proposing"):
        set_open(desk, activity, criterion="<b onmouseover=alert(5)>k</b>" if activity == "scoring" else "")
    for phone, payload in zip(phones, payloads, strict=True):
        assert post(phone, "/ideas", text=payload).status_code == 303
    ideas = room.journal.frame("idea")
    page = phones[0].get("/yes-and").text
    phones[0].post(
        "/yes-and",
        data={
            "csrf": hidden(page, "csrf"),
            "key": hidden(page, "key"),
            "idea": ideas["id"][1],
            "text": payloads[1],
        },
    )
    statement = post(phones[1], "/propose", text=payloads[0])
    assert statement.status_code == 303
    post(desk, "/facilitator/approve", statement=room.journal.frame("statement")["id"][0])
    pages = {
        f"phone {n} {path}": phone.get(path).text
        for n, phone in enumerate(phones)
        for path in ("/", "/ideas", "/yes-and", "/score", "/dots", "/statements")
    }
    pages["facilitator"] = desk.get("/facilitator").text
    pages["projector"] = desk.get("/projector").text
    for name, html in pages.items():
        assert live_markup(html) == [], name
        assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html, name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["projector"]
    assert "&lt;img src=x onerror=alert(2)&gt;" in pages["phone 0 /yes-and"]
    assert "{{ 7*7 }}" in pages["projector"] and "49" not in re.sub(r"\d{2,}", "", "")
    assert "&lt;b onmouseover=alert(5)&gt;k&lt;/b&gt;" in pages["phone 0 /score"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["facilitator"]  # a pseudonym in the people list


def test_a_resent_form_is_stored_once(room) -> None:
    desk, phones = _room_with_three(room)
    set_open(desk, "brainwriting")
    set_open(desk, "dots")
    page = phones["P1"].get("/ideas").text
    data = {"csrf": hidden(page, "csrf"), "key": hidden(page, "key"), "text": "Skickad två gånger"}
    first = phones["P1"].post("/ideas", data=data, follow_redirects=False)
    again = phones["P1"].post("/ideas", data=data, follow_redirects=False)
    assert first.status_code == again.status_code == 303
    assert room.journal.frame("idea")["text"].tolist() == ["Skickad två gånger"]
    changed = phones["P1"].post("/ideas", data={**data, "text": "Ändrad"})
    assert (changed.status_code, page_error(changed.text)) == (
        409,
        "Formuläret var redan skickat med annat innehåll. Uppdatera sidan och försök igen.",
    )
    # the same key from another participant is another submission
    page2 = phones["P2"].get("/ideas").text
    assert (
        phones["P2"]
        .post("/ideas", data={**data, "csrf": hidden(page2, "csrf")}, follow_redirects=False)
        .status_code
        == 303
    )
    idea = room.journal.frame("idea")["id"][0]
    dots = phones["P3"].get("/dots").text
    dot = {"csrf": hidden(dots, "csrf"), "key": hidden(dots, "key"), "idea": idea}
    assert [phones["P3"].post("/dots", data=dot, follow_redirects=False).status_code for _ in range(3)] == [
        303
    ] * 3
    assert room.journal.count("dot") == 1
    # a join resent after a lost answer logs the phone in, without a second participant
    phone = client(room)
    start = phone.get("/").text
    phone.post(
        "/code", data={"csrf": hidden(start, "csrf"), "key": hidden(start, "key"), "code": room.join_code}
    )
    form = phone.get("/join").text
    join_data = {
        "csrf": hidden(form, "csrf"),
        "key": hidden(form, "key"),
        "pseudonym": "P4",
        "role": "exploatör",
        "consent": "ja",
    }
    assert phone.post("/join", data=join_data, follow_redirects=False).status_code == 303
    retry = client(room)  # the answer (and its cookie) was lost: the phone sends the same form again
    start = retry.get("/").text
    retry.post(
        "/code", data={"csrf": hidden(start, "csrf"), "key": hidden(start, "key"), "code": room.join_code}
    )
    form2 = retry.get("/join").text
    resend = retry.post("/join", data={**join_data, "csrf": hidden(form2, "csrf")}, follow_redirects=False)
    assert resend.status_code == 303 and "Hej P4!" in retry.get("/").text
    assert room.journal.frame("participant")["pseudonym"].tolist() == ["P1", "P2", "P3", "P4"]


def test_sessions_and_links_survive_a_restart(tmp_path: Path) -> None:
    room = make_room(tmp_path)
    phone = client(room)
    join(phone, room, "P1")
    code, key = room.join_code, room.keys.facilitator
    restarted = make_room(tmp_path)  # a new process reads the same keys beside the journal
    assert (restarted.join_code, restarted.keys.facilitator) == (code, key)
    again = TestClient(create_app(restarted), base_url=BASE, cookies=phone.cookies)
    assert "Hej P1!" in again.get("/").text
    keys_file = tmp_path / "labs" / "1462" / FILE_NAME
    assert keys_file.stat().st_mode & 0o777 == 0o600
    assert sorted(Keys.load(keys_file.parent)._data) == ["codes", "facilitator", "secret"]
    another_workshop = make_room(tmp_path, workshop="W2")
    assert another_workshop.join_code != code
    moved = TestClient(create_app(another_workshop), base_url=BASE, cookies=phone.cookies)
    assert "Hej P1!" not in moved.get("/").text  # a session belongs to its workshop


def test_damaged_keys_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(CaptureError) as err:
        Keys.load(tmp_path)
    assert str(err.value) == (
        f"{tmp_path / FILE_NAME}: cannot read the participant app's keys: expected keys secret, "
        "facilitator and codes; found list."
    )


def test_join_codes_are_easy_to_read_and_type() -> None:
    assert normalise_code(" k7q-m2x ") == "K7QM2X"
    assert not set("01OIL") & set(CODE_ALPHABET)


# ---------------------------------------------------------------- language and addresses


def test_english_pages(tmp_path: Path) -> None:
    room = make_room(tmp_path, lang="en")
    phone = client(room)
    start = phone.get("/").text
    assert (
        '<html lang="en">' in start
        and "Join the workshop" in start
        and "Co-creation workshop in Lilla Edet" in start
    )
    join(phone, room, "P1", role="tjänsteperson")
    assert "You take part as Municipal officer." in phone.get("/").text


def test_lan_address_must_belong_to_this_machine() -> None:
    assert lan_address("127.0.0.1") == "127.0.0.1"
    assert lan_address("lo") == "127.0.0.1"
    choices = ", ".join(f"{name} ({' '.join(found)})" for name, found in local_addresses().items() if found)
    for value in ("0.0.0.0", "203.0.113.9", "wlan-nothing"):
        with pytest.raises(ConfigError) as err:
            lan_address(value)
        assert str(err.value) == (
            f"option '--lan': not an address of this machine: expected a network interface or "
            f"one of its addresses: {choices}; found {value!r}."
        )


def test_options_default_limits() -> None:
    options = Options()
    assert (options.rate_burst, options.rate_per_second, options.max_body, options.join_failures) == (
        30,
        1.0,
        65536,
        10,
    )
    assert replace(options, rate_burst=5).rate_burst == 5


def test_concurrent_adds_share_commits_and_each_is_checked(tmp_path: Path) -> None:
    import threading

    journal = LabJournal(tmp_path / "j.sqlite", workshop="W")
    for n in range(11):
        journal.add("participant", pseudonym=f"P{n}", role="invånare")
    ideas = [journal.add("idea", text=f"Idé {n}", round=1, participant=f"P{n}") for n in range(1, 11)]
    transactions = []
    write = journal._write

    def counted():
        transactions.append(1)
        return write()

    journal._write = counted
    start = threading.Barrier(8)
    ids: list[str] = []

    def writer(n: int) -> None:
        start.wait()
        for k in range(40):
            ids.append(journal.add("statement", text=f"Påstående {n}-{k}", record_id=f"s-{n}-{k}"))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(ids) == sorted(f"s-{n}-{k}" for n in range(8) for k in range(40))
    assert journal.count("statement") == 320 and len(transactions) < 320  # commits were shared
    # a refused record in a shared commit leaves the others alone: P0 may place 3 dots
    errors: list[str] = []
    start = threading.Barrier(10)

    def dot(idea: str) -> None:
        start.wait()
        try:
            journal.add("dot", idea=idea, participant="P0")
        except CaptureError as err:
            errors.append(str(err))

    threads = [threading.Thread(target=dot, args=(idea,)) for idea in ideas]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert journal.count("dot") == 3
    assert (
        errors
        == [
            (
                "column 'participant': no dots left for this participant: expected at most 3 dots per "
                "participant; found 3 dots already placed by 'P0'."
            )
        ]
        * 7
    )
    assert journal.integrity() == "ok"


def test_workshop_command_serves_the_app_on_loopback_and_stops_it(tmp_path: Path, capsys) -> None:
    import argparse

    import httpx
    from participants_helpers import free_port, listening

    from labkit.participants.server import serving

    port = free_port()
    args = argparse.Namespace(
        slug="cocreation",
        kommun="Lilla Edet",
        journal=str(tmp_path / "j.sqlite"),
        workshop="W1",
        lang="sv",
        participants=True,
        lan=None,
        participants_port=port,
    )
    with serving(args) as room:
        import psutil

        listeners = [c.laddr for c in psutil.Process().net_connections(kind="inet") if c.status == "LISTEN"]
        assert [(a.ip, a.port) for a in listeners if a.port == port] == [("127.0.0.1", port)]
        answer = httpx.get(f"http://127.0.0.1:{port}/")
        assert answer.status_code == 200 and "Gå med i workshoppen" in answer.text
        assert room.kommun_kod == "1462" and room.workshop == "W1"
    assert not listening(port)
    printed = capsys.readouterr().err
    assert printed == (
        f"labkit: participant app: http://127.0.0.1:{port}/  join code: {room.join_code}\n"
        f"labkit: facilitator: http://127.0.0.1:{port}/facilitator?key={room.keys.facilitator}\n"
        "labkit: projector: /projector (open the facilitator link first, in the same browser)\n"
        f"labkit: lab journal: {tmp_path / 'j.sqlite'} (workshop W1)\n"
    )


def test_lan_warning_and_option_errors(tmp_path: Path) -> None:
    import argparse

    from labkit.participants.server import announce, serving

    room = make_room(tmp_path)
    text = announce(room, "192.0.2.7", 8870, True).splitlines()
    assert text[0] == f"labkit: participant app: http://192.0.2.7:8870/  join code: {room.join_code}"
    assert text[1] == f"labkit: facilitator: http://127.0.0.1:8870/facilitator?key={room.keys.facilitator}"
    assert text[-1] == (
        "labkit: WARNING: the participant app is reachable on the network at http://192.0.2.7:8870/ "
        "– anyone on that network who has the join code can join and write into the lab journal."
    )
    base = {
        "slug": "cocreation",
        "kommun": "1462",
        "journal": None,
        "workshop": None,
        "lang": "sv",
        "participants_port": 8870,
    }
    cases = [
        (
            {"participants": False, "lan": "lo"},
            "option '--lan': --lan needs --participants: expected --participants as well; found 'lo'.",
        ),
        (
            {"participants": True, "lan": None, "slug": "ska"},
            (
                "option '--participants': no participant app for this method: expected the method "
                "cocreation; found 'ska'."
            ),
        ),
        (
            {"participants": True, "lan": None, "participants_port": 80},
            (
                "option '--participants-port': invalid port: expected a whole number from 1024 to 65535; "
                "found 80."
            ),
        ),
    ]
    for changes, message in cases:
        with pytest.raises(ConfigError) as err, serving(argparse.Namespace(**{**base, **changes})):
            pass
        assert str(err.value) == message


def test_a_struck_out_participant_may_join_again(room) -> None:
    phone = client(room)
    join(phone, room, "P1")
    room.journal.retract(room.journal.frame("participant")["id"][0], "fel person")
    answer = phone.get("/")
    assert (answer.status_code, page_error(answer.text)) == (
        403,
        "Du är inte med i workshoppen. Gå med först.",
    )
    assert 'name="code"' in answer.text
    assert join(phone, room, "P1").status_code == 303 and "Hej P1!" in phone.get("/").text


def test_the_facilitator_can_follow_people_and_counts_live(room) -> None:
    desk, phones = _room_with_three(room)
    assert client(room).get("/facilitator/live").status_code == 403
    html = desk.get("/facilitator/live").text
    assert '<meta http-equiv="refresh" content="5">' in html
    assert re.findall(r'<tr><th scope="row">(P\d)</th><td>([^<]+)</td></tr>', html) == [
        ("P1", "Invånare"),
        ("P2", "Invånare"),
        ("P3", "Invånare"),
    ]
    set_open(desk, "brainwriting")
    post(phones["P2"], "/ideas", text="En idé")
    counts = dict(
        re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', desk.get("/facilitator/live").text)
    )
    assert (counts["Deltagare"], counts["Idéer"], counts["Röster"]) == ("3", "1", "0")


def test_an_unexpected_failure_gives_a_swedish_page_and_no_traceback(room, monkeypatch) -> None:
    phone = client(room)
    join(phone, room, "P1")

    def broken() -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(room, "participants", broken)
    quiet = TestClient(create_app(room), base_url=BASE, cookies=phone.cookies, raise_server_exceptions=False)
    answer = quiet.get("/")
    assert answer.status_code == 500
    assert "Det gick inte att spara. Försök igen eller säg till samtalsledaren." in answer.text
    assert "disk on fire" not in answer.text and "Traceback" not in answer.text
    assert answer.headers["content-security-policy"] == CSP


# ---------------------------------------------------------------- each phone's own language


class _Text(HTMLParser):
    """The visible text of a page, without the names in drop-down lists (area names are Swedish words)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.skip += tag in ("option", "title", "style")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("option", "title", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _switch(phone: TestClient, lang: str, here: str):
    page = phone.get(here).text
    form = re.search(r'<form class="lang" method="post" action="/lang">(.*?)</form>', page, re.DOTALL)
    assert form is not None, here
    assert re.search(rf'name="next" value="{re.escape(here)}"', form.group(1)), here
    assert f'name="lang" value="{lang}"' in form.group(1), (here, form.group(1))
    return phone.post(
        "/lang", data={"csrf": hidden(page, "csrf"), "next": here, "lang": lang}, follow_redirects=False
    )


PARTICIPANT_PAGES = ("/", "/about", "/ideas", "/yes-and", "/score", "/dots", "/statements")


def test_a_phone_switches_its_own_language(room) -> None:
    desk, phones = _room_with_three(room)
    for activity in ("brainwriting", "yes_and", "scoring", "dots", "voting", "proposing"):
        set_open(desk, activity)
    one, other = phones["P1"], phones["P2"]
    answer = _switch(one, "en", "/ideas")
    assert (answer.status_code, answer.headers["location"]) == (303, "/ideas")
    english = one.get("/ideas").text
    assert '<html lang="en">' in english and "Co-creation workshop in Lilla Edet" in english
    assert 'name="lang" value="sv" lang="sv" aria-label="Visa på svenska">Svenska</button>' in english
    swedish = other.get("/ideas").text  # the other phone keeps the workshop's language
    assert '<html lang="sv">' in swedish and "Medskapande workshop i Lilla Edet" in swedish
    assert 'aria-label="Read this in English">English</button>' in swedish
    # refusals come in the phone's language too
    empty = post(one, "/ideas", text="  ")
    assert (empty.status_code, page_error(empty.text)) == (
        400,
        TEXT["en"]["err_missing"].format(field=TEXT["en"]["idea_text"]),
    )
    assert page_error(post(other, "/ideas", text="").text) == TEXT["sv"]["err_missing"].format(
        field=TEXT["sv"]["idea_text"]
    )
    # every participant page offers the switch, in both directions, and shows no Swedish text in English
    swedish_only = {
        value
        for key, value in TEXT["sv"].items()
        if value != TEXT["en"][key] and len(value) > 3 and "{" not in value
    }
    for here in PARTICIPANT_PAGES:
        text = _visible(one.get(here).text)
        assert not [s for s in swedish_only if s in text], here
        assert not re.search(r"[åäöÅÄÖ]", text.replace("Svenska", "")), (here, text)
        back = _switch(one, "sv", here)
        assert (back.status_code, back.headers["location"]) == (303, here)
        assert '<html lang="sv">' in one.get(here).text
        assert _switch(one, "en", here).status_code == 303
    # the pages before joining switch too, and the choice outlives joining
    fresh = client(room)
    assert _switch(fresh, "en", "/").status_code == 303
    assert "Join the workshop" in fresh.get("/").text
    assert join(fresh, room, "P9").status_code == 303
    assert "You take part as Resident." in fresh.get("/").text


def test_the_language_switch_needs_the_session_and_stays_on_the_site(room) -> None:
    phone = client(room)
    page = phone.get("/").text
    token = hidden(page, "csrf")
    refused = phone.post("/lang", data={"csrf": "x" * 32, "lang": "en", "next": "/"}, follow_redirects=False)
    assert (refused.status_code, page_error(refused.text)) == (403, TEXT["sv"]["err_csrf"])
    wrong = phone.post("/lang", data={"csrf": token, "lang": "de", "next": "/"}, follow_redirects=False)
    assert (wrong.status_code, page_error(wrong.text)) == (400, "Välj ett av alternativen i ”Språk”.")
    for target in ("https://example.org/", "//example.org/", "/static/../labbok.sqlite", "/j/x"):
        away = phone.post("/lang", data={"csrf": token, "lang": "en", "next": target}, follow_redirects=False)
        assert (away.status_code, away.headers["location"]) == (303, "/")
    assert '<html lang="en">' in phone.get("/").text


def test_every_participant_text_exists_in_both_languages() -> None:
    from labkit.participants.text import ACTIVITY_LABELS, ROLE_LABELS

    for table in (TEXT, ROLE_LABELS, ACTIVITY_LABELS):
        assert set(table) == {"sv", "en"}
        assert set(table["sv"]) == set(table["en"])
        assert all(value.strip() for lang in table.values() for value in lang.values())
    for key in TEXT["sv"]:  # the same blanks to fill in, in both languages
        assert set(re.findall(r"\{(\w+)\}", TEXT["sv"][key])) == set(
            re.findall(r"\{(\w+)\}", TEXT["en"][key])
        ), key


def test_the_room_writer_shares_commits_and_answers_each_request(room) -> None:
    import asyncio

    room.journal.add("participant", pseudonym="P1", role="invånare")
    transactions = []
    write = room.journal._write

    def counted():
        transactions.append(1)
        return write()

    room.journal._write = counted

    async def burst():
        writes = [
            room.add_async(
                "idea", who="P1", key=f"k{n:020d}", author="P1", text=f"Idé {n}", round=1, participant="P1"
            )
            for n in range(60)
        ]
        refused = room.add_async(
            "dot", who="P1", key="x" * 20, author="P1", idea="idea-none", participant="P1"
        )
        return await asyncio.gather(*writes, refused, return_exceptions=True)

    results = asyncio.run(burst())
    assert results[:60] == [room.record_id("idea", "P1", f"k{n:020d}") for n in range(60)]
    assert isinstance(results[60], CaptureError) and str(results[60]).startswith(
        "column 'idea': unknown idea"
    )
    assert room.journal.count("idea") == 60 and len(transactions) < 61
    again = asyncio.run(
        room.add_async(
            "idea", who="P1", key=f"k{0:020d}", author="P1", text="Idé 0", round=1, participant="P1"
        )
    )
    assert again == results[0] and room.journal.count("idea") == 60  # a resend is stored once
