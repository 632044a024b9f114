"""Script payloads in every free-text field of every record kind never run in a report (stored XSS).

The journal is filled by walking the record-kinds registry, so a new kind or field is covered without a
change here. Every method's report for one municipality is then made by ``labkit run`` (in a copy of the
project whose ``labs/`` holds the journal) and every HTML file is parsed: a payload may show as text, but
no script element, event attribute, image or ``javascript:`` link may come from it.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

import labkit
from labkit.capture.journal import LabJournal
from labkit.capture.kinds import all_kinds, import_order
from labkit.capture.records import MAX_TEXT, Field, RecordKind
from labkit.errors import CaptureError

pytestmark = pytest.mark.xdist_group("kernels")

KOMMUN = "1462"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
LINK = "[x](javascript:alert(3))"
TEMPLATE = "{{ 7*7 }}"
#: Every payload in one text, and a text of the longest length a field accepts made of payloads.
SHORT = f"{SCRIPT} {IMG} {LINK} {TEMPLATE}"
LONG = (SHORT + " ") * (MAX_TEXT // (len(SHORT) + 1))
LONG = LONG + "x" * (MAX_TEXT - len(LONG))
VARIANTS = (SHORT, LONG)
#: Words a pattern may require before free text ("Vi tror att …" of a test card's hypothesis).
LEAD_INS = ("", "Vi tror att ")
DATE = "2024-05-02"


def free_text(spec: Field) -> bool:
    """A field a person types freely: text with no list of choices and no reference, any pattern allowing
    it."""
    if spec.type != "str" or spec.choices or spec.ref:
        return False
    return not spec.pattern or any(re.fullmatch(spec.pattern, lead + SHORT) for lead in LEAD_INS)


def _text(spec: Field, payload: str) -> str:
    lead = next(lead for lead in LEAD_INS if not spec.pattern or re.fullmatch(spec.pattern, lead + payload))
    return (lead + payload)[:MAX_TEXT] if lead else payload


def _number(spec: Field) -> int:
    low, high = spec.low, spec.high
    guess = 2022 if low is not None and low >= 1900 else 3
    if low is not None:
        guess = max(guess, int(low))
    return int(min(guess, high)) if high is not None else guess


def _value(spec: Field, n: int, area: str) -> object:
    """A valid value of a field that is not free text (the ``n``-th choice, a number in range, …)."""
    if spec.choices:
        return spec.choices[n % len(spec.choices)]
    if spec.type in ("int", "float"):
        return _number(spec)
    if spec.type == "bool":
        return n % 2 == 0
    if spec.type == "date":
        return DATE
    if spec.pattern and re.fullmatch(spec.pattern, area):
        return area
    raise AssertionError(f"the payload test needs a value for field {spec.name!r}: teach _value about it")


def _keys(journal: LabJournal, kind: RecordKind) -> list[str]:
    frame = journal.frame(kind.name)
    return frame[kind.key].tolist()


def _rotated(keys: list[str], n: int) -> list[str]:
    return keys[n % len(keys) :] + keys[: n % len(keys)] if keys else []


def _add(journal: LabJournal, kind: RecordKind, n: int, payload: str, area: str, spare: list[str]) -> str:
    """Add one record of ``kind`` with ``payload`` in every free-text field; try reference combinations in
    turn."""
    fields = {
        spec.name: _text(spec, payload) if free_text(spec) else _value(spec, n, area)
        for spec in kind.fields
        if not spec.ref
    }
    refs = [spec for spec in kind.fields if spec.ref]
    choices = [
        (spare.pop(),)
        if spec.ref == "*"
        else _rotated(_keys(journal, all_kinds()[spec.ref]), n) + ([] if spec.required else [None])
        for spec in refs
    ]
    refused = []
    for combination in itertools.product(*choices):
        try:
            return journal.add(
                kind.name, **fields, **{s.name: v for s, v in zip(refs, combination, strict=True)}
            )
        except CaptureError as err:
            refused.append(str(err))
    raise AssertionError(f"no {kind.name} record could be added: {refused[-3:]}")


def plant(journal: LabJournal, area: str) -> dict[str, list[str]]:
    """Fill ``journal`` with records of every kind, each free-text field holding each variant; return ids."""
    journal.set_setting("store_names", True)
    added: dict[str, list[str]] = {}
    spare: list[str] = []
    kinds = all_kinds()
    for name in import_order():
        kind = kinds[name]
        if any(spec.ref == "*" for spec in kind.fields):  # it strikes out a record: give it one of its own
            first = kinds[import_order()[0]]
            spare = [
                _add(journal, first, 99 + n, f"{SHORT} (struken {n})", area, []) for n in range(len(VARIANTS))
            ]
        added[name] = [_add(journal, kind, n, payload, area, spare) for n, payload in enumerate(VARIANTS)]
    return added


class LiveParts(HTMLParser):
    """What in an HTML page could run: script elements, event attributes, images and links with a script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") and "alert(" in value:
                self.live.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value.startswith(
                "javascript:"
            ):
                self.live.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.live.append("<img src=x>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.live.append(f"<script>{data[:60]}")
        elif not self._in_script:
            self.text.append(data)


def inspect(html: str) -> LiveParts:
    parser = LiveParts()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def payload_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict]]:
    """``labkit run`` of every method for one municipality in a copy of the project with a planted journal."""
    from labkit.data.sources import load_source

    root = tmp_path_factory.mktemp("project")
    package = Path(labkit.__file__).resolve().parent
    shutil.copytree(package, root / "labkit", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("notebooks", "templates", "data", "pyproject.toml"):
        (root / name).symlink_to(package.parent / name)
    areas = load_source("bundled").areas
    area = areas.loc[areas["kommun_kod"] == KOMMUN, "area_code"].iloc[0]
    with LabJournal(root / "labs" / KOMMUN / "labbok.sqlite", workshop="W1") as journal:
        added = plant(journal, area)
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-m", "labkit", "run", "--municipality", KOMMUN, "--out", "out", "--jobs", "2"],
        check=False,
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    yield root / "out", added


def test_every_free_text_field_of_every_kind_is_planted() -> None:
    """The walk reaches every kind; a kind without free text is listed here so that a new one is noticed."""
    free = {name: [s.name for s in kind.fields if free_text(s)] for name, kind in all_kinds().items()}
    assert free["test_card"] == ["hypothesis", "test", "metric", "criterion", "target_group"]
    assert free["participant"] == ["pseudonym", "name"]
    assert [name for name, fields in free.items() if not fields] == ["statement_vote", "statement_approval"]


@pytest.mark.notebooks
def test_the_journal_holds_every_payload_in_every_free_text_field(payload_run: tuple[Path, dict]) -> None:
    out, added = payload_run
    root = out.parent
    with LabJournal(root / "labs" / KOMMUN / "labbok.sqlite") as journal:
        for name, kind in all_kinds().items():
            frame = journal.frame(name, identifying=True, retracted=True)
            assert len(added[name]) == 2 and set(added[name]) <= set(frame["id"])
            for spec in filter(free_text, kind.fields):
                values = frame.set_index("id").loc[added[name], spec.name].tolist()
                assert [_text(spec, v) for v in VARIANTS] == values, (name, spec.name)


@pytest.mark.notebooks
def test_no_payload_runs_in_any_report(payload_run: tuple[Path, dict]) -> None:
    out, _ = payload_run
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert {job["status"] for job in run["jobs"]} == {"ok"}
    pages = sorted(out.rglob("*.html"))
    methods = [job["key"] for job in run["jobs"]]
    assert len(pages) == len(methods) + 1  # every report and the index
    live = {str(page.relative_to(out)): inspect(page.read_text(encoding="utf-8")).live for page in pages}
    assert {page: found for page, found in live.items() if found} == {}


@pytest.mark.notebooks
@pytest.mark.parametrize("slug", ["cocreation", "prototyping", "ska", "housing_provision", "evaluation"])
def test_payloads_show_as_text(payload_run: tuple[Path, dict], slug: str) -> None:
    """The reports that show journal text show the payloads as written (so the test above is not vacuous)."""
    out, _ = payload_run
    text = " ".join(inspect((out / KOMMUN / f"{slug}.html").read_text(encoding="utf-8")).text)
    assert SCRIPT in text and IMG in text and TEMPLATE in text


def test_the_index_escapes_names_and_errors() -> None:
    from labkit.runner.index import render_index

    records = [
        {
            "kommun_kod": KOMMUN,
            "kommun": SHORT,
            "method": "cocreation",
            "status": "failed",
            "failed_cell": 3,
            "error": f"CaptureError: found '{SHORT}'",
        }
    ]
    page = inspect(render_index(records))
    assert page.live == [] and SHORT in " ".join(page.text)


@pytest.mark.parametrize("kind", ["brainwriting", "idea_card", "test_card", "ska_matrix"])
def test_handouts_from_a_planted_journal_show_payloads_as_text(tmp_path: Path, kind: str) -> None:
    from labkit.handouts import render_handout

    with LabJournal(tmp_path / "labbok.sqlite", workshop="W1") as journal:
        plant(journal, f"{KOMMUN}R001")
    page = inspect(render_handout(kind, KOMMUN, journal=tmp_path / "labbok.sqlite"))
    assert page.live == []
    assert SCRIPT in " ".join(page.text) and TEMPLATE in " ".join(page.text)


# --------------------------------------------------------------------------- in the browser: no dialog fires

CHROMIUM = "/usr/bin/chromium"
#: How long a browser wait may take on a loaded machine before the test fails (ms).
BROWSER_TIMEOUT = 180_000
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason="needs Debian's chromium")


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=BROWSER_TIMEOUT)  # Playwright's own default (5 s) fails on a loaded machine
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def _watched_page(browser: object, dialogs: list[str]) -> object:
    """A page that records (and dismisses) every dialog and may reach only this machine."""
    page = browser.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file:", "http://127.0.0.1", "data:", "blob:"))
            else route.abort()
        ),
    )
    return page


@pytest.mark.browser
@needs_chromium
def test_the_dialog_watch_sees_an_alert(chromium: object) -> None:
    """The check below can fail: a page whose script alerts is seen."""
    dialogs: list[str] = []
    page = _watched_page(chromium, dialogs)
    page.set_content(f"<p>{IMG}</p>{SCRIPT}", wait_until="load")
    page.wait_for_function("() => document.readyState === 'complete'")
    page.close()
    assert sorted(dialogs) == ["1", "2"]


@pytest.mark.browser
@pytest.mark.notebooks
@needs_chromium
def test_no_dialog_fires_in_any_report(chromium: object, payload_run: tuple[Path, dict]) -> None:
    out, _ = payload_run
    fired: dict[str, list[str]] = {}
    for html in sorted(out.rglob("*.html")):
        dialogs: list[str] = []
        page = _watched_page(chromium, dialogs)
        page.goto(html.as_uri(), wait_until="load")
        page.wait_for_function("() => document.readyState === 'complete'")
        page.close()
        fired[str(html.relative_to(out))] = dialogs
    assert len(fired) > 9 and {page: d for page, d in fired.items() if d} == {}


@contextlib.contextmanager
def _workshop(slug: str, folder: Path) -> Iterator[tuple[object, Path]]:
    """The workshop view (Voila) of ``slug`` on a journal holding the payloads in every field."""
    from test_browser import _free_port, _start, _stop, _wait_until_up

    from labkit import serve

    journal = folder / "labbok.sqlite"
    with LabJournal(journal, workshop="W1") as book:
        plant(book, f"{KOMMUN}R001")
    port = _free_port()
    server = serve.workshop_server(
        slug, KOMMUN, journal=str(journal), workshop="W1", port=port, open_browser=False, folder=folder
    )
    proc = _start(server, folder / "voila.log")
    try:
        _wait_until_up(port, proc, seconds=BROWSER_TIMEOUT / 1000)
        yield server, journal
    finally:
        _stop(proc)


@pytest.fixture()
def payload_workshop(tmp_path: Path) -> Iterator[tuple[object, Path]]:
    with _workshop("cocreation", tmp_path) as running:
        yield running


def _workshop_methods() -> list[str]:
    from labkit.serve import workshop_methods

    return list(workshop_methods())


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize("slug", _workshop_methods())
def test_no_dialog_fires_in_any_workshop_view(chromium: object, tmp_path: Path, slug: str) -> None:
    """Every workshop view opened on the planted journal, every tab shown: nothing from a payload runs."""
    from playwright.sync_api import expect

    with _workshop(slug, tmp_path) as (server, _journal):
        dialogs: list[str] = []
        page = _watched_page(chromium, dialogs)
        page.goto(server.url)
        tabs = page.get_by_role("tab")
        tabs.first.wait_for()
        for n in range(tabs.count()):
            tabs.nth(n).click()
            expect(tabs.nth(n)).to_have_attribute("aria-selected", "true")
        expect(page.locator(".widget-tab-contents > .widget-box").filter(visible=True)).to_be_visible()
        assert page.locator("img[src=x]").count() == 0 and dialogs == []


@pytest.mark.browser
@needs_chromium
def test_no_dialog_fires_in_the_workshop_view(
    chromium: object, payload_workshop: tuple[object, Path]
) -> None:
    from playwright.sync_api import expect

    server, journal = payload_workshop
    dialogs: list[str] = []
    page = _watched_page(chromium, dialogs)
    page.goto(server.url)
    panel = page.locator(".widget-tab-contents > .widget-box").filter(visible=True)
    page.get_by_role("tab", name="Prickar", exact=True).click()
    picker = panel.get_by_label("Deltagare")
    picker.select_option(label=SHORT)
    expect(panel).to_contain_text(f"Prickar kvar för {SHORT}:")  # the stored pseudonym, as text
    page.get_by_role("tab", name="Deltagare", exact=True).click()
    expect(panel).to_contain_text(SHORT)  # the list of participants shows the planted pseudonym as text
    panel.get_by_label("Pseudonym").fill(SHORT)
    panel.get_by_role("button", name="Lägg till deltagare").click()
    expect(panel).to_contain_text(
        f"Pseudonymen ”{SHORT}” används redan"
    )  # the refused value, reflected as text
    page.get_by_role("tab", name="Aktiviteter", exact=True).click()
    panel.get_by_label("Aktivitet").fill("Öppet hus")
    panel.get_by_label("Datum").fill(IMG)
    panel.get_by_role("button", name="Spara aktivitet").click()
    expect(panel).to_contain_text("Skriv datumet i ”Datum” som år-månad-dag")
    page.get_by_role("tab", name="Läget just nu", exact=True).click()
    panel.get_by_role("button", name="Uppdatera").click()
    expect(panel.locator("td", has_text=SCRIPT).first).to_be_visible()  # the tallies show idea texts
    assert page.locator(f"{'img[src=x]'}").count() == 0 and dialogs == []
    with LabJournal(journal) as book:
        assert book.count("activity") == 2  # the refused entries were not stored
        assert book.frame("participant")["pseudonym"].tolist().count(SHORT) == 1
