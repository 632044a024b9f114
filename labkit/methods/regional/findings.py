"""Key findings of the regional lab, from its results record."""

from __future__ import annotations

from labkit.findings import count, num, sv_en


def key_findings(r: dict, lang: str = "sv") -> list[str]:
    """How many municipalities, who is most and least segregated, where the methods have gone furthest."""
    out = []
    names = r.get("municipalities") or {}
    if names:
        out.append(
            sv_en(
                lang,
                f"Jämförelsen omfattar {count(len(names), 'kommun', 'kommuner')}: "
                f"{', '.join(names.values())}.",
                f"The comparison covers {count(len(names), 'municipality', 'municipalities', 'en')}: "
                f"{', '.join(names.values())}.",
            )
        )
    seg = [s for s in (r.get("segregation") or []) if s.get("dissimilarity") is not None]
    if len(seg) >= 2:
        hi = max(seg, key=lambda s: s["dissimilarity"])
        lo = min(seg, key=lambda s: s["dissimilarity"])
        out.append(
            sv_en(
                lang,
                "Olikhetsindex D för födda utomlands är högst i "
                f"{names.get(hi['kommun_kod'], hi['kommun_kod'])} ({num(hi['dissimilarity'], 2)}) och "
                "lägst i "
                f"{names.get(lo['kommun_kod'], lo['kommun_kod'])} ({num(lo['dissimilarity'], 2)}).",
                "The dissimilarity index D for people born abroad is highest in "
                f"{names.get(hi['kommun_kod'], hi['kommun_kod'])} ({num(hi['dissimilarity'], 2, 'en')}) and "
                "lowest in "
                f"{names.get(lo['kommun_kod'], lo['kommun_kod'])} ({num(lo['dissimilarity'], 2, 'en')}).",
            )
        )
    if r.get("areas_comparable") is False:
        out.append(
            sv_en(
                lang,
                "Kommunerna har olika många och olika stora områden, så indexen jämförs med försiktighet.",
                "The municipalities have different numbers and sizes of areas, so compare the indices "
                "with care.",
            )
        )
    ska = r.get("ska") or []
    if ska:
        threatened = [names.get(s["kommun_kod"], s["kommun_kod"]) for s in ska if s.get("hotat")]
        if threatened:
            out.append(
                sv_en(
                    lang,
                    f"Sociala mål i detaljplan är hotade i {', '.join(threatened)}.",
                    f"Social goals in detailed plans are at risk in {', '.join(threatened)}.",
                )
            )
    examples = r.get("example_results") or []
    if examples:
        out.append(
            sv_en(
                lang,
                f"{count(len(examples), 'resultat', 'resultat')} bygger på labkits exempelposter, "
                "inte på verkliga workshoppar.",
                f"{count(len(examples), 'result rests', 'results rest', 'en')} on labkit's example records, "
                "not on real workshops.",
            )
        )
    return out
