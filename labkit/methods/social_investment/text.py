"""Swedish (default) and English words of the social investment report, with the source of every default."""

from __future__ import annotations

from labkit.i18n import text

#: Names, column headers, sentences and citations of the report.
TEXT = {
    "sv": {
        "kommun": "Kommunen",
        "region": "Regionen",
        "stat": "Staten",
        "individ": "Individen",
        "persons": "Personer som insatsen når (N)",
        "effect_probability": "Sannolikhet för effekt per person (p)",
        "cost_per_person_year": "Samhällets kostnad per person och år i utanförskap (C), kr",
        "intervention_cost_per_year": "Insatsens kostnad per år (I), kr",
        "intervention_years": "Antal år insatsen betalas",
        "effect_start_year": "Första effektåret",
        "effect_years": "Antal effektår",
        "discount_rate": "Diskonteringsränta (r)",
        "horizon_years": "Kalkylperiod, år (H)",
        "share": "Andel av C som bärs av {actor}",
        "cost_share": "Andel av insatskostnaden som bärs av {actor}",
        "parameter": "Parameter",
        "value": "Värde",
        "source": "Källa",
        "src_cost": "Nilsson & Wadeskog, ”Är du lönsam lille vän?”: 10–15 Mkr per person över vuxenlivet; "
        "över omkring 45 år blir det 220–330 tkr per år. Ett scenariovärde, inte en konstant.",
        "src_rate": "ASEK (transportsektorns kalkylvärden) använder 3,5 % real ränta. Uppgiften är inte "
        "kontrollerad mot källan; känslighetstabellen visar 0, 1,5 och 3,5 %.",
        "src_kommun": "Värmdö i modellen ”Utanförskapets pris”: omkring 400 av 1 181 Mkr, alltså cirka 34 %, "
        "faller på kommunen.",
        "src_rest": "Antagande i labkit, ingen källa: resten av kostnaden är fördelad på region, stat och "
        "individ. Ändra efter er egen kostnadsbild.",
        "src_payer": "Antagande: kommunen betalar insatsen.",
        "src_scenario": "Scenariovärde, ingen källa: ange er egen insats.",
        "timing": "Tidpunkt för årets betalningar",
        "timing_start": "i början av året (år 0 diskonteras inte)",
        "timing_end": "i slutet av året (år 0 diskonteras ett år)",
        "src_timing": "Konvention, parametern timing: start (standard) eller end. Med end blir alla nuvärden "
        "1 / (1 + r) gånger så stora; break-even år och personer ändras inte.",
        "effect_prior_size": "Osäkerhet i p i Monte Carlo: som en andel uppmätt bland så många personer",
        "src_prior": "Antagande i labkit: p dras ur Beta({alpha}; {beta}), medelvärde {p}, 90\u00a0% av "
        "dragningarna "
        "mellan {lo} och {hi}. Ange fler personer om p bygger på en större studie; 0 betyder att p "
        "räknas som känd.",
        "src_prior_known": "p räknas som känd i Monte Carlo (ingen osäkerhet i p).",
        "summary_timing_start": (
            "Betalningarna räknas i **början** av varje år: år 0 diskonteras inte, år *t* med (1 + r)^−t "
            "(parametern timing = start)."
        ),
        "summary_timing_end": (
            "Betalningarna räknas i **slutet** av varje år: år *t* diskonteras med (1 + r)^−(t + 1), så "
            "även år 0 "
            "diskonteras ett år (parametern timing = end)."
        ),
        "summary_prior": (
            "I de slumpade utfallen är även effektsannolikheten osäker: den dras ur en Beta({alpha}; {beta})-"
            "fördelning med medelvärde {p}, som om den hade uppmätts bland {size} personer; 90\u00a0% av "
            "dragningarna "
            "ligger mellan {lo} och {hi}."
        ),
        "summary_known": "I de slumpade utfallen räknas effektsannolikheten {p} som känd.",
        "year": "År",
        "benefit": "Undvikna kostnader (B), kr",
        "intervention": "Insatskostnad (I), kr",
        "net": "Netto, kr",
        "discount_factor": "Diskonteringsfaktor",
        "discounted_net": "Nuvärde av netto, kr",
        "cumulative": "Ackumulerat nuvärde, kr",
        "actor": "Aktör",
        "benefit_pv": "Nuvärde av undvikna kostnader, kr",
        "cost_pv": "Nuvärde av insatskostnad, kr",
        "npv": "Nettonuvärde, kr",
        "break_even_year": "År då insatsen går jämnt upp",
        "break_even_persons": "Personer som behövs för att gå jämnt upp",
        "within_mandate_period": "Betalar sig inom en mandatperiod",
        "npv_total": "Nettonuvärde totalt, kr",
        "yes": "ja",
        "no": "nej",
        "never": "inte inom kalkylperioden",
        "pays_nothing": "– (betalar inte insatsen)",
        "low": "Lågt värde",
        "high": "Högt värde",
        "npv_low": "Nettonuvärde vid lågt värde, kr",
        "npv_high": "Nettonuvärde vid högt värde, kr",
        "base": "Grundvärde",
        "band": "Monte Carlo, 5:e–95:e percentilen",
        "median": "Monte Carlo, median",
        "deterministic": "Grundkalkyl",
        "mandate": "Första mandatperioden (4 år)",
        "break_even_marker": "Går jämnt upp år {year}",
        "zero": "Noll",
        "summary": (
            "**{kommun}**: en insats för {persons} personer som kostar {cost} kr per år i {years} år ger ett "
            "nettonuvärde på **{npv} kr** över {horizon} år med {rate} diskonteringsränta."
        ),
        "summary_even": (
            "Den betalar sig år **{year}** (år 0 är första året){mandate}. Insatsen behöver hålla "
            "**{persons} "
            "personer** borta från utanförskap för att gå jämnt upp; med sannolikheten {p} betyder det att "
            "den "
            "behöver nå omkring {reach} personer."
        ),
        "summary_never": (
            "Den betalar sig **inte** inom kalkylperioden. Insatsen skulle behöva hålla **{persons} "
            "personer** "
            "borta från utanförskap för att gå jämnt upp; med sannolikheten {p} betyder det att den behöver "
            "nå "
            "omkring {reach} personer."
        ),
        "in_mandate": ", alltså inom en mandatperiod",
        "after_mandate": ", alltså efter den första mandatperioden",
        "summary_mc": (
            "Osäkerheten: i {share_pos} av {runs} slumpade utfall blir nettonuvärdet positivt och i "
            "{share_mandate} betalar insatsen sig inom en mandatperiod. 90 % av utfallen hamnar mellan "
            "{lo} och {hi} kr."
        ),
        "summary_actor": (
            "Per aktör: {actors}. Den som betalar insatsen får bara en del av vinsten, därför kan kalkylen "
            "vara "
            "positiv för samhället men negativ för kommunen."
        ),
        "limits": (
            "Kalkylen är ett räkneexempel, inte en prognos. Den bygger på antaganden om effekt och "
            "kostnader som "
            "behöver prövas mot er egen insats och helst mot en utvärdering med jämförelsegrupp."
        ),
        "x_years": "År (0 = första året)",
        "y_cumulative": "Ackumulerat nuvärde, kr",
        "tornado_title": "Nettonuvärde när en parameter i taget ändras",
        "actor_title": "Nuvärde per aktör",
        "cumulative_title": "Ackumulerat nuvärde av insatsen",
        "tornado_note": "Kontinuerliga parametrar ändras ±{change}, heltal med ett steg.",
    },
    "en": {
        "kommun": "Municipality",
        "region": "Region",
        "stat": "State",
        "individ": "Individual",
        "persons": "Persons the intervention reaches (N)",
        "effect_probability": "Probability of an effect per person (p)",
        "cost_per_person_year": "Society's cost per person-year of exclusion (C), SEK",
        "intervention_cost_per_year": "Intervention cost per year (I), SEK",
        "intervention_years": "Years the intervention is paid",
        "effect_start_year": "First effect year",
        "effect_years": "Effect years",
        "discount_rate": "Discount rate (r)",
        "horizon_years": "Horizon, years (H)",
        "share": "Share of C borne by: {actor}",
        "cost_share": "Share of the intervention cost borne by: {actor}",
        "parameter": "Parameter",
        "value": "Value",
        "source": "Source",
        "src_cost": "Nilsson & Wadeskog, ”Är du lönsam lille vän?”: SEK 10–15 million per person over adult "
        "life; over about 45 years that is SEK 220–330 thousand a year. A scenario value, not a constant.",
        "src_rate": "ASEK (Swedish transport appraisal values) uses 3.5 % real. Not checked against the "
        "source; "
        "the sensitivity table shows 0, 1.5 and 3.5 %.",
        "src_kommun": "Värmdö in the ”Utanförskapets pris” model: about SEK 400 of 1,181 million, some 34 %, "
        "falls on the municipality.",
        "src_rest": "labkit assumption, no source: the rest of the cost split over region, state and "
        "individual. "
        "Change it to your own cost picture.",
        "src_payer": "Assumption: the municipality pays for the intervention.",
        "src_scenario": "Scenario value, no source: enter your own intervention.",
        "timing": "When a year's flows fall",
        "timing_start": "at the start of the year (year 0 not discounted)",
        "timing_end": "at the end of the year (year 0 discounted one year)",
        "src_timing": "Convention, parameter timing: start (default) or end. With end every present value is "
        "1 / (1 + r) times as large; break-even year and persons do not change.",
        "effect_prior_size": "Uncertainty of p in the Monte Carlo: as a share observed among this many "
        "persons",
        "src_prior": "labkit assumption: p is drawn from Beta({alpha}; {beta}), mean {p}, 90% of draws "
        "between "
        "{lo} and {hi}. Enter more persons if p rests on a larger study; 0 treats p as known.",
        "src_prior_known": "p is treated as known in the Monte Carlo (no uncertainty in p).",
        "summary_timing_start": (
            "Flows are counted at the **start** of each year: year 0 is not discounted, year *t* by (1 + "
            "r)^−t "
            "(parameter timing = start)."
        ),
        "summary_timing_end": (
            "Flows are counted at the **end** of each year: year *t* is discounted by (1 + r)^−(t + 1), so "
            "year 0 "
            "too is discounted one year (parameter timing = end)."
        ),
        "summary_prior": (
            "In the random outcomes the effect probability is uncertain too: it is drawn from a "
            "Beta({alpha}; "
            "{beta}) distribution with mean {p}, as if observed among {size} persons; 90% of draws lie "
            "between "
            "{lo} and {hi}."
        ),
        "summary_known": "In the random outcomes the effect probability {p} is treated as known.",
        "year": "Year",
        "benefit": "Avoided costs (B), SEK",
        "intervention": "Intervention cost (I), SEK",
        "net": "Net, SEK",
        "discount_factor": "Discount factor",
        "discounted_net": "Present value of net, SEK",
        "cumulative": "Cumulative present value, SEK",
        "actor": "Actor",
        "benefit_pv": "PV of avoided costs, SEK",
        "cost_pv": "PV of intervention cost, SEK",
        "npv": "Net present value, SEK",
        "break_even_year": "Break-even year",
        "break_even_persons": "Break-even persons",
        "within_mandate_period": "Pays back within a mandate period",
        "npv_total": "Total net present value, SEK",
        "yes": "yes",
        "no": "no",
        "never": "not within the horizon",
        "pays_nothing": "– (pays no part of the intervention)",
        "low": "Low value",
        "high": "High value",
        "npv_low": "NPV at low value, SEK",
        "npv_high": "NPV at high value, SEK",
        "base": "Base value",
        "band": "Monte Carlo, 5th–95th percentile",
        "median": "Monte Carlo, median",
        "deterministic": "Base calculation",
        "mandate": "First mandate period (4 years)",
        "break_even_marker": "Break-even year {year}",
        "zero": "Zero",
        "summary": (
            "**{kommun}**: an intervention for {persons} persons costing SEK {cost} a year for {years} "
            "years has a "
            "net present value of **SEK {npv}** over {horizon} years at a {rate} discount rate."
        ),
        "summary_even": (
            "It pays back in year **{year}** (year 0 is the first year){mandate}. It must keep **{persons} "
            "persons** out of exclusion to break even; with probability {p} it must reach about {reach} "
            "persons."
        ),
        "summary_never": (
            "It does **not** pay back within the horizon. It would have to keep **{persons} persons** out of "
            "exclusion to break even; with probability {p} it must reach about {reach} persons."
        ),
        "in_mandate": ", within one mandate period",
        "after_mandate": ", after the first mandate period",
        "summary_mc": (
            "Uncertainty: in {share_pos} of {runs} random outcomes the NPV is positive, and in "
            "{share_mandate} "
            "the intervention pays back within a mandate period. 90 % of outcomes lie between SEK {lo} and "
            "{hi}."
        ),
        "summary_actor": (
            "By actor: {actors}. Whoever pays for the intervention gets only part of the gain, so the "
            "calculation "
            "can be positive for society but negative for the municipality."
        ),
        "limits": (
            "The calculation is a worked example, not a forecast. It rests on assumptions about effects and "
            "costs "
            "that must be tested against your own intervention, preferably against an evaluation with a "
            "comparison group."
        ),
        "x_years": "Year (0 = first year)",
        "y_cumulative": "Cumulative present value, SEK",
        "tornado_title": "Net present value when one parameter at a time changes",
        "actor_title": "PV by actor",
        "cumulative_title": "Cumulative present value of the intervention",
        "tornado_note": "Continuous parameters change by ±{change}, integers by one step.",
    },
}


def words(key: str, lang: str = "sv", **values: object) -> str:
    """The report text ``key`` in ``lang``, with ``values`` filled in."""
    return text(TEXT, key, lang, **values)
