"""The report checker: what a reader must never see in a finished report.

``problems(html, lang, keys)`` lists every finding as ``"<rule>: <excerpt>"``: raw program values (``nan``,
``None``, ``True``/``False``), registered slugs and results keys shown as text, decimal points in Swedish
numbers, empty headings and blank images, workshop-only text, file names and journal paths, and Swedish
headings in English reports. Used by the suite over every report of its test runs.
"""

from __future__ import annotations

import base64
import io
import re
from html.parser import HTMLParser

from labkit.registry import METHODS

#: Text a finished report never shows.
WORKSHOP_TEXT = (
    "Under workshoppen",
    "visas inte i den färdiga rapporten",
    "visas inte i rapporten",
    "During the workshop",
    "not shown in the finished report",
)
SWEDISH_WORDS = {
    "och",
    "för",
    "vilka",
    "hur",
    "med",
    "som",
    "det",
    "är",
    "inte",
    "om",
    "av",
    "till",
    "över",
    "efter",
    "mellan",
    "underlaget",
}
RAW = re.compile(r"(?<![\w-])(nan|NaN|None|True|False|NaT|inf)(?![\w-])")
DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")
#: Program names that are also ordinary Swedish words, so seeing them in a report says nothing.
SWEDISH_NAMES = {"ska", "regional", "kommun", "perspektiv", "status", "ideas"}
XLSX_LINK = re.compile(r"\b[\w-]+\.xlsx\b")
FILE_NAME = re.compile(r"\b[\w-]+\.md\b|(?<![\w])labs/")


class _Page(HTMLParser):
    """Visible text (outside style/script and the title-block version), headings and images, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.headings: list[tuple[str, str]] = []  # (tag, text)
        self.events: list[tuple[str, str]] = []  # ("h", text) / ("text", text) / ("img", src)
        self.images: list[str] = []
        self._skip = 0
        self._heading: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attrs = dict(attrs)
        if tag in ("style", "script", "title") or "labkit-version" in (attrs.get("class") or ""):
            self._skip += 1
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading, self._buffer = tag, []
        elif tag == "img":
            self.images.append(attrs.get("src") or "")
            self.events.append(("img", attrs.get("src") or ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title") and self._skip or tag == "dd" and self._skip:
            self._skip -= 1
        elif self._heading and tag == self._heading:
            text = " ".join("".join(self._buffer).replace("¶", " ").split())
            self.headings.append((tag, text))
            self.events.append((tag, text))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._heading:
            self._buffer.append(data)
        elif data.strip():
            self.events.append(("text", data.strip()))
        self.texts.append(data)


def _blank(src: str) -> bool:
    """True for an inline PNG that is (almost) one colour: a chart with nothing drawn."""
    if not src.startswith("data:image/png;base64,"):
        return False
    from PIL import Image

    image = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).convert("L")
    image.thumbnail((200, 200))
    counts = sorted(image.getcolors(256 * 256) or [], reverse=True)
    total = sum(n for n, _ in counts)
    return bool(counts) and counts[0][0] / total > 0.995


def problems(html: str, lang: str, keys: set[str] = frozenset()) -> list[str]:
    """Every rule the report breaks, as ``"<rule>: <excerpt>"``."""
    page = _Page()
    page.feed(html)
    text = XLSX_LINK.sub("", " ".join(" ".join(page.texts).split()))
    found = []
    for match in RAW.finditer(text):
        found.append(f"raw value {match.group(0)!r}: …{text[max(0, match.start() - 40) : match.end() + 20]}…")
    names = {k for k in set(METHODS) | set(keys) if "_" in k or lang == "sv"} - SWEDISH_NAMES
    for name in sorted(names):
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            found.append(f"program name {name!r}: …{text[max(0, match.start() - 40) : match.end() + 20]}…")
            break
    if lang == "sv":
        for match in DECIMAL_POINT.finditer(text):
            found.append(
                f"decimal point in a Swedish report {match.group(0)!r}: "
                f"…{text[max(0, match.start() - 40) : match.end() + 20]}…"
            )
    for needle in WORKSHOP_TEXT:
        if needle.lower() in text.lower():
            found.append(f"workshop-only text: {needle!r}")
    for match in FILE_NAME.finditer(text):
        found.append(
            f"file name or journal path {match.group(0)!r}: "
            f"…{text[max(0, match.start() - 40) : match.end() + 20]}…"
        )
    for tag, heading in page.headings:
        if not heading:
            found.append(f"empty heading <{tag}>")
        if lang == "en":
            words = re.findall(r"[A-Za-zÅÄÖåäöÉé]+", heading)
            lower_swedish = [w for w in words if w[0].islower() and re.search(r"[åäö]", w)]
            if {w.lower() for w in words} & SWEDISH_WORDS or lower_swedish:
                found.append(f"Swedish heading in an English report: {heading!r}")
    levels = {f"h{n}": n for n in range(1, 7)}
    for (kind, value), nxt in zip(page.events, page.events[1:] + [("end", "")], strict=True):
        if (
            kind in levels
            and value
            and (nxt[0] == "end" or nxt[0] in levels and levels[nxt[0]] <= levels[kind])
        ):
            found.append(f"heading with nothing under it: {value!r}")
    for src in page.images:
        if _blank(src):
            found.append("blank image")
    return found
