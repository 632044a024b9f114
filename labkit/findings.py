"""Key findings: the 3–6 plain sentences that open every report ("Det viktigaste" / "Key findings").

Each method writes them from its own results record in ``labkit/methods/<slug>/findings.py``, a function
``key_findings(results: dict, lang: str) -> list[str]``. The runner calls it after the notebook has run and
stores the sentences in the results file under ``key_findings`` (``{"sv": [...], "en": [...]}``), so a report,
its PDF and any later reader share one text. A sentence is only written when the figures behind it are there:
a method whose results lack a figure says less, never something wrong.

This module holds the number words they share: Swedish decimal commas and thin-space thousands, English
points.
"""

from __future__ import annotations

import importlib
import math

THIN = "\u202f"


def num(value: float | None, decimals: int = 0, lang: str = "sv") -> str:
    """``value`` rounded, with a decimal comma and thin-space thousands in Swedish, e.g. ``14 426``,
    ``0,17``."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    from labkit.charts import format_number

    return (
        format_number(value, decimals, lang)
        .replace("\u00a0", THIN)
        .replace("-", "−" if lang == "sv" else "-")
    )


def pct(share: float | None, decimals: int = 0, lang: str = "sv") -> str:
    """A share (0–1) as a percentage: ``27 %`` (Swedish) or ``27%`` (English)."""
    if share is None:
        return "–"
    return num(100 * share, decimals, lang) + (" %" if lang == "sv" else "%")


def kr(amount: float | None, lang: str = "sv") -> str:
    """An amount in kronor, rounded to thousands or millions: ``2,4 miljoner kronor`` / ``SEK 2.4
    million``."""
    if amount is None:
        return "–"
    if abs(amount) >= 1e6:
        value = num(amount / 1e6, 1, lang)
        return f"{value} miljoner kronor" if lang == "sv" else f"SEK {value} million"
    value = num(round(amount, -3), 0, lang)
    return f"{value} kronor" if lang == "sv" else f"SEK {value}"


def count(n: int, singular: str, plural: str, lang: str = "sv") -> str:
    """``n`` and the noun inflected for it: ``1 område``, ``2 områden``."""
    return f"{num(n, 0, lang)} {singular if n == 1 else plural}"


def sv_en(lang: str, sv: str, en: str) -> str:
    """The sentence in the report's language."""
    return en if lang == "en" else sv


def for_method(slug: str, results: dict, lang: str) -> list[str]:
    """The method's key findings from its results record, or [] when it has no findings module."""
    try:
        module = importlib.import_module(f"labkit.methods.{slug}.findings")
    except ModuleNotFoundError:
        return []
    return [s for s in module.key_findings(results, lang) if s][:6]


def both_languages(slug: str, results: dict) -> dict[str, list[str]]:
    """``{"sv": [...], "en": [...]}`` for the results file."""
    return {lang: for_method(slug, results, lang) for lang in ("sv", "en")}
