"""Write ``index.html``: a municipality × method table linking every report with its status."""

from __future__ import annotations

from pathlib import Path

from labkit import i18n
from labkit.fileio import write_text_atomic
from labkit.registry import METHODS, ROOT
from labkit.runner.plan import REGION

TEMPLATE = ROOT / "templates" / "index.html.j2"

WORDS = {
    "sv": {
        "title": "labkit – rapporter",
        "intro": "Varje ruta länkar till en rapport för en kommun och en metod.",
        "ok": "klar",
        "failed": "misslyckades",
        "up-to-date": "oförändrad",
        "interrupted": "avbruten",
        "missing": "ej körd",
        "source": "Datakälla",
        "created": "Skapad",
        "failed_at": "fel i cell {cell}",
        "open": "rapport",
        "regional": "För hela regionen",
        "comparison": "Jämförelse mellan kommunerna (nyckeltal, karta, CSV)",
        "status": "Status",
        "date": "Datum",
    },
    "en": {
        "title": "labkit – reports",
        "intro": "Each cell links to the report for one municipality and one method.",
        "ok": "done",
        "failed": "failed",
        "up-to-date": "unchanged",
        "interrupted": "interrupted",
        "missing": "not run",
        "source": "Data source",
        "created": "Created",
        "failed_at": "error in cell {cell}",
        "open": "report",
        "regional": "For the whole region",
        "comparison": "Comparison between the municipalities (key figures, map, CSV)",
        "status": "Status",
        "date": "Date",
    },
}


def _table(records: list[dict], lang: str) -> tuple[list[str], list[dict]]:
    records = [r for r in records if r["kommun_kod"] != REGION]
    seen = list(dict.fromkeys(r["method"] for r in records))
    slugs = [s for s in METHODS if s in seen] + [s for s in seen if s not in METHODS]
    rows: dict[str, dict] = {}
    for record in records:
        row = rows.setdefault(
            record["kommun_kod"], {"kod": record["kommun_kod"], "namn": record["kommun"], "cells": {}}
        )
        detail = ""
        if record["status"] == "failed" and record.get("failed_cell"):
            detail = i18n.text(WORDS, "failed_at", lang, cell=record["failed_cell"])
        row["cells"][record["method"]] = {
            "status": record["status"],
            "label": i18n.text(WORDS, record["status"], lang),
            "href": f"{record['kommun_kod']}/{record['method']}.html",
            "detail": detail,
            "error": record.get("error") or "",
            "date": str(record.get("finished") or "")[:10],
            "title": METHODS[record["method"]].title(lang)
            if record["method"] in METHODS
            else record["method"],
        }
    return slugs, [rows[k] for k in sorted(rows)]


def render_index(
    records: list[dict], *, lang: str = "sv", meta: dict | None = None, comparison: str | None = None
) -> str:
    """Render the index page as HTML."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE.parent), autoescape=True)
    slugs, rows = _table(records, lang)
    regional = [
        {
            "href": f"{r['method']}.html",
            "title": METHODS[r["method"]].title(lang) if r["method"] in METHODS else r["method"],
            "status": r["status"],
            "label": i18n.text(WORDS, r["status"], lang),
            "date": str(r.get("finished") or "")[:10],
        }
        for r in records
        if r["kommun_kod"] == REGION
    ]
    meta = meta or {}
    notice = ""
    if meta.get("synthetic"):
        notice = i18n.text({}, "synthetic_notice", lang, year=2023)
    return env.get_template(TEMPLATE.name).render(
        words=WORDS[lang],
        lang=lang,
        slugs=slugs,
        rows=rows,
        regional=regional,
        notice=notice,
        meta=meta,
        titles={s: METHODS[s].title(lang) if s in METHODS else s for s in slugs},
        short={s: (METHODS[s].title(lang) if s in METHODS else s).split(":")[0] for s in slugs},
        municipality=i18n.text({}, "municipality", lang),
        comparison=comparison,
    )


def write_index(
    out: Path,
    records: list[dict],
    *,
    lang: str = "sv",
    meta: dict | None = None,
    comparison: str | None = None,
) -> Path:
    """Write ``index.html`` into ``out`` atomically; ``comparison`` names the comparison page to link."""
    return write_text_atomic(
        out / "index.html", render_index(records, lang=lang, meta=meta, comparison=comparison)
    )
