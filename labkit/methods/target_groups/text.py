"""Swedish (default) and English words of the target-group report, and the catalogue of data gaps."""

from __future__ import annotations

from labkit.i18n import text

#: Names, column headers and sentences of the target-group report.
TEXT = {
    "sv": {
        # single-group and multigroup indices
        "dissimilarity": "Olikhetsindex D",
        "isolation": "Isoleringsindex xPx*",
        "exposure": "Exponeringsindex xPy*",
        "eta2": "Korrelationskvot η²",
        "gini": "Segregations-Gini",
        "multigroup_dissimilarity": "Flergrupps-D, upplåtelseform",
        "theil_h": "Theils H, upplåtelseform",
        "wage_gini": "Gini för medellöneinkomst (befolkningsviktad)",
        "wage_gini_change": "Förändring av Gini sedan {first}",
        "random": "Förväntat vid slumpmässig fördelning",
        "random_p95": "95:e percentil, slump",
        "interval": "Bootstrapintervall 95 %",
        "value": "Värde",
        "observed": "Observerat värde",
        "areas_shown": "De {n} av {total} områden som har störst andel födda utomlands",
        "index": "Index",
        "grouping": "Grupp",
        "born_abroad_vs_sweden": "Födda utomlands / födda i Sverige",
        "tenure_dwellings": "Upplåtelseform (bostäder)",
        "wage_income": "Löneinkomst",
        # profile columns
        "rank": "Rang",
        "area": "Område",
        "area_code": "Områdeskod",
        "population": "Folkmängd",
        "share_born_abroad": "Andel födda utomlands",
        "lq_born_abroad": "Lokaliseringskvot, födda utomlands",
        "share_hyresratt": "Andel hyresrätt",
        "share_bostadsratt": "Andel bostadsrätt",
        "share_aganderatt": "Andel äganderätt",
        "mean_tkr": "Medellöneinkomst, tkr",
        "income_ratio": "Löneinkomst mot kommunen",
        "omradestyp_label": "Områdestyp",
        "n_areas": "Antal områden",
        "share_pop_challenged": "Andel av befolkningen i områdestyp 1–2",
        "municipality": "Kommunen",
        "others": "Övriga kommuner i källan",
        "region": "Regionen (alla områden i källan)",
        "scope": "Jämförelse",
        "kommun": "Kommun",
        # groups
        "group": "Målgrupp",
        "born_abroad": "Födda utomlands",
        "hyresratt": "Boende i hyresrätt",
        "low_income": "Boende med låg löneinkomst",
        "youth": "Unga {lo}–{hi} år",
        "senior": "Äldre {age}+",
        "omradestyp": "Boende i områden med socioekonomiska utmaningar",
        # flag table
        "ratio": "Kvot mot kommunen",
        "marginality": "Marginalitetsmått",
        "volume_share": "Andel av volymen",
        "population_share": "Andel av befolkningen",
        "flagged": "Över tröskeln",
        "flags": "Flaggor",
        "reason": "Motivering",
        "yes": "ja",
        "no": "nej",
        # reasons
        "reason_share": (
            "{what} är {value} mot {municipal} i kommunen ({ratio} gånger kommungenomsnittet{flag}). "
            "Området har {volume_share} av kommunens {volume} och {population_share} av befolkningen."
        ),
        "reason_marginality": (
            " Marginalitetsmåttet är {marginality}: områdets andel av hyresrätterna delad med dess andel av "
            "invånarna (bostäder mot personer, så det skiljer sig från kvoten)."
        ),
        "reason_income": (
            "Medellöneinkomsten är {value} tkr mot {municipal} tkr i kommunen (kommunens medel är {ratio} "
            "gånger områdets{flag}). Området har {population_share} av befolkningen men {volume_share} av "
            "de samlade löneinkomsterna."
        ),
        "reason_omradestyp": "Området har områdestyp {type}, {label} (SCB/Delmos {year}).",
        "flag_suffix": ", över tröskeln {threshold}",
        "what_born_abroad": "Andelen födda utomlands",
        "what_hyresratt": "Andelen hyresrätter",
        "what_youth": "Andelen unga {lo}–{hi} år",
        "what_senior": "Andelen {age} år och äldre",
        "volume_born_abroad": "utrikes födda",
        "volume_hyresratt": "hyresrätter",
        "volume_youth": "unga {lo}–{hi} år",
        "volume_senior": "invånare {age}+",
        # housing matrix
        "housing_group": "Målgrupp (Boverket)",
        "aspect": "Behov/utbud",
        "need": "behov",
        "supply": "utbud",
        "indicator": "Indikator",
        "whole_municipality": "Hela kommunen",
        "gap_cell": "saknas [{mark}]",
        "ungdomar": "Ungdomar",
        "studenter": "Studenter",
        "aldre": "Äldre",
        "funktionsnedsattning": "Personer med funktionsnedsättning",
        "nyanlanda": "Nyanlända (anvisade och självbosatta tillsammans)",
        "nyanlanda_anvisade": "Nyanlända som anvisats till kommunen",
        "nyanlanda_sjalvbosatta": "Nyanlända som bosatt sig på egen hand",
        "lag_inkomst": "Hushåll med låg inkomst (labkits tillägg, inte en av Boverkets grupper)",
        "ind_share_youth": "Andel unga {lo}–{hi} år",
        "ind_share_senior": "Andel {age}+ år",
        "ind_share_hyresratt": (
            "Andel hyresrätt i beståndet (ersättningsmått för utbud, inte lediga bostäder)"
        ),
        "ind_share_born_abroad": "Andel födda utomlands (ersättningsmått, inte nyanlända)",
        "ind_low_income_ratio": "Kommunens medellöneinkomst / områdets (ersättningsmått)",
        "ind_students": "Studerande",
        "ind_newly_arrived": "Nyanlända (kort vistelsetid)",
        "ind_economic_standard": "Låg ekonomisk standard",
        "ind_disability": "Personer med LSS-insatser",
        "ind_special_housing": "Särskilda boendeformer",
        "gap_mark": "Fotnot",
        "needed": "Underlag som behövs",
        "where": "Var det publiceras",
        # notes
        "small_numbers": (
            "**Små tal.** {kommun} har {n} områden ({level}) år {year}. Med *små* områden, få invånare per "
            "område, blir D och Gini större än noll även när människor bor helt slumpmässigt. Här är "
            "förväntat D vid slumpmässig fördelning {d_random} (observerat D {d}); på RegSO-nivå är den "
            "snedvridningen oftast en storleksordning mindre än det observerade D. Det viktigaste skälet "
            "till att värdena inte kan jämföras mellan kommuner är i stället indelningen: hur stora "
            "områdena är och var gränserna går (MAUP, problemet med föränderliga områdesenheter). Samma "
            "boendemönster ger olika D med stora eller små, olika dragna områden. Jämför därför med "
            "slumpvärdet, bootstrapintervallet och kommunens egen utveckling över tid med samma indelning."
        ),
        "income_rule": (
            "**Låg löneinkomst** flaggas när kommunens medellöneinkomst är minst {threshold} gånger områdets "
            "(kvoten vänds, eftersom det är låg inkomst som är det utsatta läget). Kommunens medel är det "
            "befolkningsviktade medlet av områdenas medelvärden."
        ),
        "kungalv_rule": (
            "**Kungälvs regel, här som sammansättningsfilter.** Ett område flaggas när en indikator är "
            "minst {threshold} gånger kommungenomsnittet (för andelar: kommunens andel). Kungälv (*Social "
            "översiktsplan steg 1*, 2015) använde regeln på indikatorer för utanförskap. Här används den "
            "på befolkningens och bostädernas sammansättning (födda utomlands, hyresrätter, löneinkomst): "
            "en flagga säger var en grupp bor tätare än i kommunen i stort, inte att området eller gruppen "
            "är utsatt. Marginalitetsmåttet (områdets andel av gruppens volym delad med dess andel av "
            "befolkningen) visas bara för hyresrätterna. För födda utomlands och låg löneinkomst är det "
            "samma tal som kvoten mot kommunen."
        ),
        "age_gap": (
            "**Ungdoms- och seniorperspektivet saknar underlag.** Källan har ingen ålder per område, så unga "
            "{lo}–{hi} år och äldre {seniors} kan inte beräknas. Underlag som behövs: {needed} — {where}."
        ),
        "age_used": "**Ålder per område** finns i källan: unga {lo}–{hi} år och äldre {seniors} ingår.",
        "synthetic": (
            "**Syntetiska områden.** Områdena är genererade och kalibrerade mot kommunens verkliga totaler; "
            "siffror för enskilda områden beskriver inga verkliga bostadsområden."
        ),
        "area_type_year": "Områdestyp avser år {year} (SCB/Delmos).",
        "summary": "Målgruppsanalys för {kommun} ({kommun_kod}), {year}: {n} områden, {population} invånare.",
    },
    "en": {
        "dissimilarity": "Dissimilarity D",
        "isolation": "Isolation xPx*",
        "exposure": "Exposure xPy*",
        "eta2": "Correlation ratio η²",
        "gini": "Segregation Gini",
        "multigroup_dissimilarity": "Multigroup D, tenure",
        "theil_h": "Theil's H, tenure",
        "wage_gini": "Gini of mean wage income (population-weighted)",
        "wage_gini_change": "Change in Gini since {first}",
        "random": "Expected under random allocation",
        "random_p95": "95th percentile, random",
        "interval": "Bootstrap interval 95%",
        "value": "Value",
        "observed": "Observed value",
        "areas_shown": "The {n} of {total} areas with the largest share born abroad",
        "index": "Index",
        "grouping": "Grouping",
        "born_abroad_vs_sweden": "Born abroad / born in Sweden",
        "tenure_dwellings": "Tenure (dwellings)",
        "wage_income": "Wage income",
        "rank": "Rank",
        "area": "Area",
        "area_code": "Area code",
        "population": "Population",
        "share_born_abroad": "Share born abroad",
        "lq_born_abroad": "Location quotient, born abroad",
        "share_hyresratt": "Share rented",
        "share_bostadsratt": "Share tenant-owned",
        "share_aganderatt": "Share owner-occupied",
        "mean_tkr": "Mean wage income, SEK k",
        "income_ratio": "Wage income vs municipality",
        "omradestyp_label": "Area type",
        "n_areas": "Number of areas",
        "share_pop_challenged": "Share of population in area types 1–2",
        "municipality": "The municipality",
        "others": "Other municipalities in the source",
        "region": "The region (all areas in the source)",
        "scope": "Comparison",
        "kommun": "Municipality",
        "group": "Target group",
        "born_abroad": "Born abroad",
        "hyresratt": "Living in rented housing",
        "low_income": "Living with low wage income",
        "youth": "Young people {lo}–{hi}",
        "senior": "Older people {age}+",
        "omradestyp": "Living in areas with socio-economic challenges",
        "ratio": "Ratio to municipality",
        "marginality": "Marginality",
        "volume_share": "Share of volume",
        "population_share": "Share of population",
        "flagged": "Above threshold",
        "flags": "Flags",
        "reason": "Reason",
        "yes": "yes",
        "no": "no",
        "reason_share": (
            "{what} is {value} against {municipal} in the municipality ({ratio} times the municipal "
            "mean{flag}). The area holds {volume_share} of the municipality's {volume} and "
            "{population_share} of its population."
        ),
        "reason_marginality": (
            " Marginality is {marginality}: the area's share of the rented dwellings divided by its share "
            "of the residents (dwellings against people, so it differs from the ratio)."
        ),
        "reason_income": (
            "Mean wage income is SEK {value}k against SEK {municipal}k in the municipality (the municipal "
            "mean is {ratio} times the area's{flag}). The area holds {population_share} of the population "
            "but {volume_share} of total wage income."
        ),
        "reason_omradestyp": "The area has area type {type}, {label} (SCB/Delmos {year}).",
        "flag_suffix": ", above the threshold {threshold}",
        "what_born_abroad": "The share born abroad",
        "what_hyresratt": "The share of rented dwellings",
        "what_youth": "The share aged {lo}–{hi}",
        "what_senior": "The share aged {age} and over",
        "volume_born_abroad": "people born abroad",
        "volume_hyresratt": "rented dwellings",
        "volume_youth": "people aged {lo}–{hi}",
        "volume_senior": "residents {age}+",
        "housing_group": "Target group (Boverket)",
        "aspect": "Need/supply",
        "need": "need",
        "supply": "supply",
        "indicator": "Indicator",
        "whole_municipality": "Whole municipality",
        "gap_cell": "missing [{mark}]",
        "ungdomar": "Young people",
        "studenter": "Students",
        "aldre": "Older people",
        "funktionsnedsattning": "People with disabilities",
        "nyanlanda": "Newly arrived (assigned and settled on their own, together)",
        "nyanlanda_anvisade": "Newly arrived, assigned to the municipality",
        "nyanlanda_sjalvbosatta": "Newly arrived, settled on their own",
        "lag_inkomst": "Low-income households (labkit's addition, not one of Boverket's groups)",
        "ind_share_youth": "Share aged {lo}–{hi}",
        "ind_share_senior": "Share aged {age}+",
        "ind_share_hyresratt": "Share rented in the stock (proxy for supply, not vacant dwellings)",
        "ind_share_born_abroad": "Share born abroad (proxy, not newly arrived)",
        "ind_low_income_ratio": "Municipal mean wage income / area's (proxy)",
        "ind_students": "Students",
        "ind_newly_arrived": "Newly arrived (short residence)",
        "ind_economic_standard": "Low economic standard",
        "ind_disability": "People with LSS support",
        "ind_special_housing": "Special housing",
        "gap_mark": "Note",
        "needed": "Data needed",
        "where": "Where it is published",
        "small_numbers": (
            "**Small numbers.** {kommun} has {n} areas ({level}) in {year}. With *small* areas, few "
            "residents per area, D and Gini exceed zero even when people live entirely at random. Here the "
            "expected D under random allocation is {d_random} (observed D {d}); at RegSO level that bias "
            "is usually an order of magnitude below the observed D. The main reason the values are not "
            "comparable across municipalities is the zoning instead: how large the areas are and where "
            "their borders run (the modifiable areal unit problem, MAUP). The same pattern of living gives "
            "a different D with large or small, differently drawn areas. Compare with the random value, "
            "the bootstrap interval and the municipality's own trend over time on the same zoning instead."
        ),
        "income_rule": (
            "**Low wage income** is flagged when the municipal mean wage income is at least {threshold} "
            "times the area's (the ratio is inverted because low income is the exposed position). The "
            "municipal mean is the population-weighted mean of the area means."
        ),
        "kungalv_rule": (
            "**Kungälv's rule, here as a composition screen.** An area is flagged when an indicator is at "
            "least {threshold} times the municipal mean (for shares: the municipality's share). Kungälv "
            "(*Social översiktsplan steg 1*, 2015) applied the rule to indicators of exclusion. Here it is "
            "applied to the composition of people and dwellings (born abroad, rented dwellings, wage "
            "income): a flag says where a group lives more densely than in the municipality at large, not "
            "that the area or the group is disadvantaged. Marginality (the area's share of the group's "
            "volume divided by its share of the population) is shown only for rented dwellings. For born "
            "abroad and low wage income it is the same number as the ratio to the municipality."
        ),
        "age_gap": (
            "**The youth and senior perspectives lack data.** The source has no age by area, so young people "
            "aged {lo}–{hi} and older people {seniors} cannot be computed. Data needed: {needed} — {where}."
        ),
        "age_used": (
            "**Age by area** is in the source: young people {lo}–{hi} and older people {seniors} included."
        ),
        "synthetic": (
            "**Synthetic areas.** The areas are generated and calibrated to the municipality's real totals; "
            "figures for single areas describe no real neighbourhood."
        ),
        "area_type_year": "Area type refers to {year} (SCB/Delmos).",
        "summary": (
            "Target-group analysis for {kommun} ({kommun_kod}), {year}: {n} areas, {population} residents."
        ),
    },
}

#: Data the housing-provision matrix needs but a source may lack: what table, and where it is published.
#: SCB table ids are kept here, in one place, so they are easy to correct.
GAPS = {
    "age": {
        "sv": (
            "Folkmängd efter region, ålder och kön, DeSO/RegSO",
            "SCB Statistikdatabasen BE0101Y FolkmDesoAldKon (TAB6574)",
        ),
        "en": (
            "Population by region, age and sex, DeSO/RegSO",
            "SCB Statistikdatabasen BE0101Y FolkmDesoAldKon (TAB6574)",
        ),
    },
    "economic_standard": {
        "sv": (
            "Ekonomisk standard, andel personer per inkomstklass, DeSO/RegSO",
            "SCB Statistikdatabasen HE0110I Tab3InkDesoRegso (TAB6684)",
        ),
        "en": (
            "Economic standard, share of persons per income class, DeSO/RegSO",
            "SCB Statistikdatabasen HE0110I Tab3InkDesoRegso (TAB6684)",
        ),
    },
    "students": {
        "sv": (
            "Studerande efter bostadsområde (DeSO/RegSO)",
            (
                "Finns inte bland Statistikdatabasens DeSO/RegSO-tabeller; beställs som uppdragsstatistik "
                "från SCB (utbildningsregistret). Kommunens studentbostadsbolag har kötal."
            ),
        ),
        "en": (
            "Students by residential area (DeSO/RegSO)",
            (
                "Not among Statistikdatabasen's DeSO/RegSO tables; order as commissioned statistics from SCB "
                "(education register). The municipality's student-housing company has queue figures."
            ),
        ),
    },
    "newly_arrived": {
        "sv": (
            "Utrikes födda efter vistelsetid i Sverige, per område",
            (
                "Finns inte bland Statistikdatabasens DeSO/RegSO-tabeller; beställs som uppdragsstatistik "
                "från SCB. Per kommun: Migrationsverkets statistik över kommunmottagna."
            ),
        ),
        "en": (
            "Foreign-born by time in Sweden, per area",
            (
                "Not among Statistikdatabasen's DeSO/RegSO tables; order as commissioned statistics from "
                "SCB. Per municipality: the Swedish Migration Agency's statistics on settlement."
            ),
        ),
    },
    "disability": {
        "sv": (
            "Personer med insatser enligt LSS, per område",
            (
                "Ingen SCB-tabell per område; Socialstyrelsens statistikdatabas har LSS-insatser per kommun, "
                "fördelning per område finns i kommunens verksamhetssystem."
            ),
        ),
        "en": (
            "People with support under LSS, per area",
            (
                "No SCB table per area; the National Board of Health and Welfare publishes LSS support per "
                "municipality, the split by area is in the municipality's own case system."
            ),
        ),
    },
    "special_housing": {
        "sv": (
            "Platser i särskilda boendeformer (äldreboende, bostad med särskild service), per område",
            "Ingen SCB-tabell; kommunens lokalförsörjnings- eller bostadsregister.",
        ),
        "en": (
            "Places in special housing (elderly care homes, LSS housing), per area",
            "No SCB table; the municipality's premises or housing register.",
        ),
    },
}


def words(key: str, lang: str, **values: object) -> str:
    """Look up ``key`` in :data:`TEXT` in ``lang`` and fill in ``values``."""
    return text(TEXT, key, lang, **values)


def gap(key: str, lang: str) -> tuple[str, str]:
    """The (table needed, where it is published) pair of gap ``key`` in ``lang``."""
    return GAPS[key][lang]
