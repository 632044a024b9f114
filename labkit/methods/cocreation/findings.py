"""Key findings of co-creation, from its results record."""

from __future__ import annotations

from labkit.findings import count, num, sv_en


def key_findings(r: dict, lang: str = "sv") -> list[str]:
    """Who took part, which ideas came first, how much the raters agreed, who was missing, opinion groups."""
    out = []
    example = r.get("records") == "examples"
    if example:
        out.append(
            sv_en(
                lang,
                "Underlaget är labkits exempelposter, inte en verklig workshop.",
                "The records are labkit's examples, not a real workshop.",
            )
        )
    min_cell = r.get("min_cell", 5)
    people, ideas = r.get("participants"), (r.get("ideas") or {}).get("count")
    if people is not None and people < min_cell:
        out.append(
            sv_en(
                lang,
                f"Färre än {min_cell} deltagare är registrerade, så antalet visas inte.",
                f"Fewer than {min_cell} participants are recorded, so the count is not shown.",
            )
        )
    elif people is not None and ideas is not None:
        out.append(
            sv_en(
                lang,
                f"{count(people, 'deltagare', 'deltagare')} lämnade {count(ideas, 'idé', 'idéer')}.",
                f"{count(people, 'participant', 'participants', 'en')} put forward "
                f"{count(ideas, 'idea', 'ideas', 'en')}.",
            )
        )
    ranking = r.get("ranking") or []
    if ranking:
        top = ranking[0]
        out.append(
            sv_en(
                lang,
                f"Högst prioriterad: ”{top['text']}” (medelpoäng {num(top['mean'], 1)} av 4 från "
                f"{count(top['raters'], 'bedömare', 'bedömare')}).",
                f"Ranked first: “{top['text']}” (mean score {num(top['mean'], 1, 'en')} of 4 from "
                f"{count(top['raters'], 'rater', 'raters', 'en')}).",
            )
        )
    w = (r.get("agreement") or {}).get("w")
    if w is not None:
        word = (
            ("mycket" if w >= 0.7 else "måttligt" if w >= 0.3 else "föga")
            if lang == "sv"
            else ("strong" if w >= 0.7 else "moderate" if w >= 0.3 else "weak")
        )
        out.append(
            sv_en(
                lang,
                f"Bedömarna var {word} överens om ordningen (Kendalls W = {num(w, 2)}).",
                f"Agreement between raters on the order was {word} (Kendall's W = {num(w, 2, 'en')}).",
            )
        )
    rep = r.get("representativeness") or {}
    under = rep.get("under_represented") or []
    missing = r.get("missing_from_room") or []
    if under:
        out.append(
            sv_en(
                lang,
                f"Underrepresenterade jämfört med befolkningen: områdestyp {', '.join(map(str, under))}.",
                f"Under-represented compared with the population: area type {', '.join(map(str, under))}.",
            )
        )
    elif rep:
        out.append(
            sv_en(
                lang,
                "Deltagarna speglar befolkningen väl efter områdestyp.",
                "The participants mirror the population well by area type.",
            )
        )
    if missing:
        out.append(
            sv_en(
                lang,
                f"{count(len(missing), 'område', 'områden')} saknade deltagare helt.",
                f"{count(len(missing), 'area', 'areas', 'en')} had no participant at all.",
            )
        )
    groups = r.get("opinion_groups") or {}
    if groups.get("k"):
        k = groups["k"]
        if k == 1:
            out.append(
                sv_en(
                    lang,
                    "Rösterna på påståendena visar inga skilda åsiktsgrupper.",
                    "The statement votes show no separate opinion groups.",
                )
            )
        else:
            out.append(
                sv_en(
                    lang,
                    f"Rösterna på påståendena delar rummet i {k} åsiktsgrupper.",
                    f"The statement votes split the room into {k} opinion groups.",
                )
            )
    return out
