"""Key findings of the target-group analysis, from its results record."""

from __future__ import annotations

from labkit.findings import count, num, pct, sv_en

#: The groups' names in English (the results record holds the Swedish labels).
GROUPS_EN = {
    "born_abroad": "people born abroad",
    "hyresratt": "residents of rental housing",
    "low_income": "people with low wage income",
}


def key_findings(r: dict, lang: str = "sv") -> list[str]:
    """Who lives where, how segregated, which areas carry the load, whom to invite, what is missing."""
    out = []
    name, year = r.get("kommun", ""), r.get("year")
    if r.get("population_total") and r.get("areas_count"):
        areas = (
            count(r["areas_count"], "område", "områden", lang)
            if lang == "sv"
            else count(r["areas_count"], "area", "areas", lang)
        )
        out.append(
            sv_en(
                lang,
                f"{name} hade {num(r['population_total'])} invånare i {areas} ({r.get('level', '')}) "
                f"år {year}.",
                f"{name} had {num(r['population_total'], 0, 'en')} residents in {areas} "
                f"({r.get('level', '')}) in {year}.",
            )
        )
    born = (r.get("indices") or {}).get("born_abroad") or {}
    bench = (r.get("benchmarks") or {}).get("born_abroad") or {}
    if born.get("dissimilarity") is not None:
        d = born["dissimilarity"]
        sentence = sv_en(
            lang,
            f"Olikhetsindex D för födda utomlands är {num(d, 2)}: {pct(d)} av de utrikes födda skulle behöva "
            "flytta för att de skulle bo lika fördelade som övriga invånare.",
            f"The dissimilarity index D for people born abroad is {num(d, 2, 'en')}: {pct(d, 0, 'en')} of "
            "them would have to move for them to be spread like the other residents.",
        )
        if bench.get("dissimilarity_random") is not None:
            sentence += sv_en(
                lang,
                f" Vid helt slumpmässig bosättning vore D omkring {num(bench['dissimilarity_random'], 2)}.",
                f" With residents placed at random, D would be about "
                f"{num(bench['dissimilarity_random'], 2, 'en')}.",
            )
        out.append(sentence)
    trend = [t for t in (r.get("trend") or []) if t.get("dissimilarity") is not None]
    if len(trend) >= 2:
        first, last = trend[0], trend[-1]
        change = last["dissimilarity"] - first["dissimilarity"]
        if abs(change) < 0.005:
            out.append(
                sv_en(
                    lang,
                    f"D är i stort sett oförändrat sedan {first['year']}.",
                    f"D is almost unchanged since {first['year']}.",
                )
            )
        else:
            up = change > 0
            out.append(
                sv_en(
                    lang,
                    f"D har {'ökat' if up else 'minskat'} från {num(first['dissimilarity'], 2)} år "
                    f"{first['year']} till {num(last['dissimilarity'], 2)} år {last['year']}.",
                    f"D has {'risen' if up else 'fallen'} from {num(first['dissimilarity'], 2, 'en')} in "
                    f"{first['year']} to {num(last['dissimilarity'], 2, 'en')} in {last['year']}.",
                )
            )
    groups = r.get("target_groups") or []
    flagged = sorted({g["area_name"] for g in groups if g.get("flagged")})
    threshold = r.get("threshold", 2.0)
    if flagged:
        out.append(
            sv_en(
                lang,
                f"{count(len(flagged), 'område', 'områden')} har minst {num(threshold, 0)} gånger "
                f"kommunens andel i någon grupp: {', '.join(flagged)}.",
                f"{count(len(flagged), 'area', 'areas', 'en')} reach at least {num(threshold, 0, 'en')} "
                f"times the municipal share in some group: {', '.join(flagged)}.",
            )
        )
    elif groups:
        out.append(
            sv_en(
                lang,
                f"Inget område når {num(threshold, 0)} gånger kommunens andel i någon grupp; de högsta "
                "kvoterna står i listan över vilka som ska bjudas in.",
                f"No area reaches {num(threshold, 0, 'en')} times the municipal share in any group; the "
                "highest ratios are in the list of whom to invite.",
            )
        )
    if groups:
        top = groups[0]
        out.append(
            sv_en(
                lang,
                f"Först att bjuda in: {top['label'].lower()} i {top['area_name']} ({num(top['ratio'], 1)} "
                "gånger kommungenomsnittet).",
                f"First to invite: {GROUPS_EN.get(top['group'], top['label'])} in {top['area_name']} "
                f"({num(top['ratio'], 1, 'en')} times the municipal average).",
            )
        )
    gaps = r.get("housing_gaps") or []
    if gaps:
        out.append(
            sv_en(
                lang,
                f"{count(len(gaps), 'uppgift', 'uppgifter')} som Boverkets målgrupper kräver saknas i "
                "underlaget (till exempel ålder); de står i bostadsförsörjningsavsnittet.",
                f"{count(len(gaps), 'figure', 'figures', 'en')} that Boverket's target groups need are "
                "missing from the data (age, for example); the housing-provision section lists them.",
            )
        )
    return out
