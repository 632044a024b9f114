"""Key findings of the evaluation, from its results record."""

from __future__ import annotations

from labkit.findings import count, num, pct, sv_en


def key_findings(r: dict, lang: str = "sv") -> list[str]:
    """Indicators over time, the difference-in-differences estimate, participants' answers, data gaps."""
    out = []
    rows = [i for i in (r.get("indicators") or []) if i.get("scope") == "municipality"]
    if len(rows) >= 2 and rows[0].get("share_hyresratt") is not None:
        first, last = rows[0], rows[-1]
        out.append(
            sv_en(
                lang,
                f"Andelen hyresrätter i kommunen var {pct(last['share_hyresratt'], 1)} år {last['year']} mot "
                f"{pct(first['share_hyresratt'], 1)} år {first['year']}.",
                f"Rental housing made up {pct(last['share_hyresratt'], 1, 'en')} of dwellings in "
                f"{last['year']} against {pct(first['share_hyresratt'], 1, 'en')} in {first['year']}.",
            )
        )
    if (
        len(rows) >= 2
        and rows[-1].get("dissimilarity") is not None
        and rows[0].get("dissimilarity") is not None
    ):
        out.append(
            sv_en(
                lang,
                f"Olikhetsindex D för födda utomlands gick från {num(rows[0]['dissimilarity'], 2)} till "
                f"{num(rows[-1]['dissimilarity'], 2)} ({rows[0]['year']}–{rows[-1]['year']}).",
                "The dissimilarity index D for people born abroad went from "
                f"{num(rows[0]['dissimilarity'], 2, 'en')} to {num(rows[-1]['dissimilarity'], 2, 'en')} "
                f"({rows[0]['year']}–{rows[-1]['year']}).",
            )
        )
    did = r.get("did") or {}
    if did.get("effect") is not None and did.get("p") is not None:
        example = did.get("origin") == "example"
        which = sv_en(
            lang,
            "exempelinsatsen" if example else "insatsen",
            "the example intervention" if example else "the intervention",
        )
        clear = bool(did["significant"]) if "significant" in did else did["p"] < 0.05
        out.append(
            sv_en(
                lang,
                f"Skillnad-i-skillnader för {which}: {num(did['effect'], 1)} tkr i medellöneinkomst, "
                + ("en skillnad som knappast är slumpen" if clear else "inte skild från slumpen")
                + f" (p = {num(did['p'], 2)}).",
                f"Difference-in-differences for {which}: {num(did['effect'], 1, 'en')} thousand kronor of "
                "mean wage income, "
                + ("unlikely to be chance" if clear else "not distinguishable from chance")
                + f" (p = {num(did['p'], 2, 'en')}).",
            )
        )
    survey = [q for q in ((r.get("survey") or {}).get("questions") or []) if not q.get("suppressed")]
    if survey:
        low = min(survey, key=lambda q: q.get("agree", 1))
        out.append(
            sv_en(
                lang,
                f"Svagast stöd i enkäten: ”{low['question']}” ({pct(low['agree'])} instämmer, "
                f"{count(low['n'], 'svar', 'svar')}).",
                f"Weakest support in the survey: “{low['question']}” ({pct(low['agree'], 0, 'en')} agree, "
                f"{count(low['n'], 'answer', 'answers', 'en')}).",
            )
        )
    gaps = r.get("data_gaps") or []
    if gaps:
        out.append(
            sv_en(
                lang,
                f"{count(len(gaps), 'indikator', 'indikatorer')} saknar underlag; rapporten säger "
                "var det finns.",
                f"{count(len(gaps), 'indicator lacks', 'indicators lack', 'en')} data; the report says "
                "where to find it.",
            )
        )
    return out
