"""The front of every report: the key-findings box and a short data box, in the report's language.

Every report opens the same way: the method's title (the notebook's first heading), then "Det viktigaste" /
"Key findings" (sentences the method wrote into its results file under ``key_findings``), then "Om underlaget"
/ "About the data" (municipality, date, source, and whether the figures are synthetic). Values are escaped
here: nothing in a results file is trusted as markup.
"""

from __future__ import annotations

from html import escape
from typing import Any

WORDS: dict[str, dict[str, Any]] = {
    "sv": {
        "findings": "Det viktigaste",
        "data": "Om underlaget",
        "municipality": "Kommun",
        "date": "Datum",
        "source": "Datakälla",
        "figures": "Siffrorna",
        "version": "labkit-version",
        "tables": "Tabeller",
        "unknown": "okänd",
        "sources": {
            "bundled": "labkits inbyggda exempel",
            "scb-exports": "SCB Statistikdatabasen (exporterade filer)",
        },
        "synthetic": (
            "Syntetiska områden: antalet områden och kommunens totaler (folkmängd, utrikes födda, "
            "upplåtelseformer) är verkliga, men siffrorna för enskilda områden är påhittade och beskriver "
            "inga verkliga bostadsområden."
        ),
        "real": "Verkliga uppgifter från SCB Statistikdatabasen, år {years}.",
        "real_no_years": "Verkliga uppgifter från SCB Statistikdatabasen.",
    },
    "en": {
        "findings": "Key findings",
        "data": "About the data",
        "municipality": "Municipality",
        "date": "Date",
        "source": "Data source",
        "figures": "The figures",
        "version": "labkit version",
        "tables": "Tables",
        "unknown": "unknown",
        "sources": {
            "bundled": "labkit's bundled example",
            "scb-exports": "SCB Statistikdatabasen (exported files)",
        },
        "synthetic": (
            "Synthetic areas: the number of areas and the municipality's totals (population, born abroad, "
            "tenure) are real, but the figures of single areas are invented and describe no real "
            "neighbourhood."
        ),
        "real": "Real figures from SCB Statistikdatabasen, years {years}.",
        "real_no_years": "Real figures from SCB Statistikdatabasen.",
    },
}

#: Where the link to the Excel tables goes; replaced once the tables are known (see labkit.runner.xlsx).
XLSX_MARK = "<!--labkit-xlsx-->"

STYLE = """<style>
.labkit-findings { margin: 1rem 0 1.2rem; padding: .8rem 1.1rem; border: 2px solid #1f4e79;
  border-radius: 4px; background: #eef4fb; }
.labkit-findings h2 { margin: 0 0 .4rem; font-size: 1.2rem; }
.labkit-findings ul { margin: 0; padding-left: 1.2rem; } .labkit-findings li { margin: .25rem 0; }
.labkit-data { margin: 0 0 1.5rem; padding: .6rem 1rem; border: 1px solid #8a8a8a;
  border-left: 6px solid #2f5f8a; background: #f6f8fa; font-size: .95rem; }
.labkit-data h2 { margin: 0 0 .3rem; font-size: 1.05rem; }
.labkit-data dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: 0; }
.labkit-data dt { font-weight: 600; white-space: nowrap; } .labkit-data dd { margin: 0; }
.labkit-synthetic { color: #8a3b00; font-weight: 600; }
@media print { .labkit-findings, .labkit-data { background: none; break-inside: avoid; } }
</style>"""


def _years(years: object) -> str:
    if not isinstance(years, list) or not years:
        return ""
    values = sorted(int(y) for y in years)
    return f"{values[0]}–{values[-1]}" if len(values) > 1 else str(values[0])


def key_findings(results: dict | None, lang: str) -> list[str]:
    """The method's key-finding sentences in ``lang`` (``key_findings`` in its results file), or []."""
    found = (results or {}).get("key_findings")
    if isinstance(found, dict):
        found = found.get(lang)
    return [str(s) for s in found if str(s).strip()] if isinstance(found, list) else []


def figures_sentence(meta: dict, lang: str) -> str:
    """Whether the figures are synthetic or real, in one sentence of the report language."""
    words = WORDS[lang]
    if meta.get("synthetic") is True:
        return words["synthetic"]
    if meta.get("synthetic") is False:
        years = _years(meta.get("years"))
        return words["real"].format(years=years) if years else words["real_no_years"]
    return words["unknown"]


def front_html(meta: dict, findings: list[str], lang: str) -> str:
    """The key-findings box (when the method wrote any) and the data box, as escaped HTML."""
    words = WORDS[lang]
    parts = [STYLE]
    if findings:
        items = "".join(f"<li>{escape(s)}</li>" for s in findings)
        parts.append(
            f'<section class="labkit-findings" aria-label="{words["findings"]}">'
            f"<h2>{words['findings']}</h2><ul>{items}</ul></section>"
        )
    municipality = escape(meta.get("municipality") or words["unknown"])
    code = meta.get("kommun_kod") or ""
    if code and code not in (meta.get("municipality"), "region"):
        municipality += f" ({escape(code)})"
    source = meta.get("source") or ""
    source_text = escape(words["sources"].get(source, source or words["unknown"]))
    figures = escape(figures_sentence(meta, lang))
    if meta.get("synthetic") is True:
        figures = f'<span class="labkit-synthetic">{figures}</span>'
    rows = [
        ("municipality", words["municipality"], municipality),
        ("date", words["date"], escape(meta.get("date") or words["unknown"])),
        ("source", words["source"], source_text),
        ("provenance", words["figures"], figures),
        ("version", words["version"], escape(meta.get("version") or words["unknown"])),
    ]
    body = "".join(f'<dt>{k}</dt><dd class="labkit-{cls}">{v}</dd>' for cls, k, v in rows)
    parts.append(
        f'<section class="labkit-data labkit-title-block" aria-label="{words["data"]}">'
        f"<h2>{words['data']}</h2><dl>{body}{XLSX_MARK}</dl></section>"
    )
    return "\n".join(parts)


def xlsx_link(name: str, lang: str) -> str:
    """The data-box row that links the report's Excel file."""
    label = "Excel-fil med rapportens tabeller" if lang == "sv" else "Excel file with the report's tables"
    return (
        f'<dt>{WORDS[lang]["tables"]}</dt><dd class="labkit-xlsx"><a href="{escape(name)}">'
        f"{escape(name)}</a> ({label})</dd>"
    )
