"""Key findings of prototyping, from its results record."""

from __future__ import annotations

from labkit.findings import count, pct, sv_en

DECISIONS_EN = {"avsluta": "stop", "testa igen": "test again", "gå vidare till pilot": "go on to a pilot"}


def key_findings(r: dict, lang: str = "sv") -> list[str]:
    """How many prototypes were tested, what the rule suggests for each, where the team decided otherwise."""
    out = []
    if r.get("origin") == "examples":
        out.append(
            sv_en(
                lang,
                "Underlaget är labkits exempelposter, inte verkliga tester.",
                "The records are labkit's examples, not real tests.",
            )
        )
    protos = r.get("prototypes") or []
    if not protos:
        return out
    tests = sum(p.get("tests", 0) for p in protos)
    out.append(
        sv_en(
            lang,
            f"{count(len(protos), 'prototyp', 'prototyper')} har testats i {count(tests, 'test', 'tester')}.",
            f"{count(len(protos), 'prototype has', 'prototypes have', 'en')} been tested in "
            f"{count(tests, 'test', 'tests', 'en')}.",
        )
    )
    for p in protos[:3]:
        suggested = p.get("suggested_decision")
        if not suggested:
            continue
        rate = p.get("success_rate_mean")
        rate_sv = f", skattad andel lyckade {pct(rate)}" if rate is not None else ""
        rate_en = f", estimated success rate {pct(rate, 0, 'en')}" if rate is not None else ""
        out.append(
            sv_en(
                lang,
                f"”{p['title']}”: regeln föreslår: {suggested}{rate_sv}.",
                f"“{p['title']}”: the rule suggests: {DECISIONS_EN.get(suggested, suggested)}{rate_en}.",
            )
        )
    differ = [p for p in protos if p.get("decision") and p.get("decision") != p.get("suggested_decision")]
    if differ:
        out.append(
            sv_en(
                lang,
                "Teamet har beslutat annorlunda än regeln för "
                f"{count(len(differ), 'prototyp', 'prototyper')}.",
                f"The team decided differently from the rule for "
                f"{count(len(differ), 'prototype', 'prototypes', 'en')}.",
            )
        )
    return out
