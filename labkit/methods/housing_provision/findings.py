"""Key findings of housing provision, from its results record."""

from __future__ import annotations

from labkit.findings import count, num, sv_en

GROUPS = {
    "sv": {
        "ungdomar": "ungdomar",
        "studenter": "studenter",
        "aldre": "äldre",
        "funktionsnedsattning": "personer med funktionsnedsättning",
        "nyanlanda_anvisade": "nyanlända, anvisade",
        "nyanlanda_sjalvbosatta": "nyanlända, självbosatta",
        "nyanlanda": "nyanlända, anvisade och självbosatta tillsammans",
        "lag_inkomst": "hushåll med låg inkomst (labkits tillägg, inte Boverkets grupp)",
    },
    "en": {
        "ungdomar": "young people",
        "studenter": "students",
        "aldre": "older people",
        "funktionsnedsattning": "people with disabilities",
        "nyanlanda_anvisade": "newly arrived, assigned",
        "nyanlanda_sjalvbosatta": "newly arrived, settled on their own",
        "nyanlanda": "newly arrived, assigned and settled on their own together",
        "lag_inkomst": "low-income households (labkit's addition, not Boverket's group)",
    },
}


def key_findings(r: dict, lang: str = "sv") -> list[str]:
    """Need against planned homes, the largest gaps by group, checks made and missing data."""
    out = []
    words = GROUPS["en" if lang == "en" else "sv"]
    if r.get("is_example"):
        out.append(
            sv_en(
                lang,
                "Behov och planerade bostäder är labkits exempelposter, inte kommunens egna.",
                "Needs and planned homes are labkit's examples, not the municipality's own.",
            )
        )
    if r.get("origin") == "none":  # no entries at all: a need of 0 is not a need that is met
        out.append(
            sv_en(
                lang,
                "Inga behov eller planerade bostäder är inskrivna för kommunen ännu, så det finns inget gap "
                "att visa.",
                "No needs or planned homes have been entered for the municipality yet, so there is no gap "
                "to show.",
            )
        )
    elif r.get("need_total") is not None and r.get("planned_total") is not None:
        gap = r.get("gap_total", r["need_total"] - r["planned_total"])
        out.append(
            sv_en(
                lang,
                f"Behovet är {num(r['need_total'])} bostäder och {num(r['planned_total'])} är planerade: "
                + (
                    f"{num(gap)} för lite."
                    if gap > 0
                    else "behovet är täckt."
                    if gap == 0
                    else f"{num(-gap)} mer än behovet."
                ),
                f"The need is {num(r['need_total'], 0, 'en')} homes and {num(r['planned_total'], 0, 'en')} "
                "are planned: "
                + (
                    f"{num(gap, 0, 'en')} too few."
                    if gap > 0
                    else "the need is covered."
                    if gap == 0
                    else f"{num(-gap, 0, 'en')} more than needed."
                ),
            )
        )
    by_group = r.get("gap_by_group") or {}
    short = sorted(((g, v) for g, v in by_group.items() if v > 0), key=lambda x: -x[1])
    if short:
        listed = ", ".join(f"{words.get(g, g)} ({num(v, 0, lang)})" for g, v in short[:3])
        out.append(sv_en(lang, f"Störst brist: {listed}.", f"Largest shortfall: {listed}."))
    if r.get("checks"):
        out.append(
            sv_en(
                lang,
                f"{count(r['checks'], 'avstämning', 'avstämningar')} är gjorda, senast "
                f"{r.get('last_check', '–')}.",
                f"{count(r['checks'], 'check has', 'checks have', 'en')} been made, the latest on "
                f"{r.get('last_check', '–')}.",
            )
        )
    gaps = r.get("data_gaps") or []
    if gaps:
        out.append(
            sv_en(
                lang,
                f"{count(len(gaps), 'uppgift', 'uppgifter')} som behövs för målgrupperna saknas i "
                "underlaget; rapporten säger var de finns.",
                f"{count(len(gaps), 'figure', 'figures', 'en')} needed for the target groups are missing "
                "from the data; the report says where to find them.",
            )
        )
    return out
