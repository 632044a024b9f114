"""Key findings of the social investment calculation, from its results record."""

from __future__ import annotations

from labkit.findings import count, kr, num, pct, sv_en

ACTORS = {
    "sv": {"kommun": "kommunen", "region": "regionen", "stat": "staten", "individ": "individen"},
    "en": {
        "kommun": "the municipality",
        "region": "the region",
        "stat": "the state",
        "individ": "the individual",
    },
}


def key_findings(r: dict, lang: str = "sv") -> list[str]:
    """Net present value, who gains and who pays, break-even, and how sure the answer is."""
    out = []
    npv = r.get("npv_total")
    inputs = r.get("inputs") or {}
    if npv is not None:
        out.append(
            sv_en(
                lang,
                f"Nuvärdet av insatsen är {kr(npv)} för samhället som helhet "
                f"({num(inputs.get('horizon_years'), 0)} år, diskonteringsränta "
                f"{pct(inputs.get('discount_rate'), 1)}).",
                f"The intervention's net present value is {kr(npv, 'en')} for society as a whole "
                f"({num(inputs.get('horizon_years'), 0, 'en')} years, discount rate "
                f"{pct(inputs.get('discount_rate'), 1, 'en')}).",
            )
        )
    actors = r.get("npv_by_actor") or {}
    if actors:
        words = ACTORS["en" if lang == "en" else "sv"]
        losers = [words.get(a, a) for a, v in actors.items() if v < 0]
        best = max(actors, key=actors.get)
        sentence = sv_en(
            lang,
            f"Störst vinst gör {words.get(best, best)} ({kr(actors[best])}).",
            f"{words.get(best, best).capitalize()} gains most ({kr(actors[best], 'en')}).",
        )
        if losers:
            sentence += sv_en(
                lang, f" Med negativt nuvärde: {', '.join(losers)}.", f" Negative for: {', '.join(losers)}."
            )
        out.append(sentence)
    year = r.get("break_even_year")
    if year is not None:
        out.append(
            sv_en(
                lang,
                f"Insatsen är återbetald år {year}"
                + (", inom mandatperioden." if r.get("within_mandate_period") else ", efter mandatperioden."),
                f"The intervention pays back in year {year}"
                + (
                    ", within the term of office."
                    if r.get("within_mandate_period")
                    else ", after the term of office."
                ),
            )
        )
    elif npv is not None:
        out.append(
            sv_en(
                lang,
                "Insatsen betalar sig inte inom kalkylperioden.",
                "The intervention does not pay back within the period.",
            )
        )
    if r.get("break_even_persons") is not None:
        out.append(
            sv_en(
                lang,
                f"Det räcker att insatsen hjälper {num(r['break_even_persons'], 1)} personer för att gå "
                f"jämnt ut.",
                f"Helping {num(r['break_even_persons'], 1, 'en')} persons is enough to break even.",
            )
        )
    mc = r.get("monte_carlo") or {}
    if mc.get("share_positive_npv") is not None:
        out.append(
            sv_en(
                lang,
                f"I {pct(mc['share_positive_npv'])} av "
                f"{count(mc.get('runs', 0), 'simulering', 'simuleringar')} "
                "med osäkra antaganden blir nuvärdet positivt.",
                f"In {pct(mc['share_positive_npv'], 0, 'en')} of "
                f"{count(mc.get('runs', 0), 'simulation', 'simulations', 'en')} "
                "with uncertain assumptions the net present value is positive.",
            )
        )
    return out
