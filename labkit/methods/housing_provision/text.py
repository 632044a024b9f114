"""Swedish (default) and English words of the housing-provision report, and its own data gaps."""

from __future__ import annotations

from labkit.i18n import text

TEXT = {
    "sv": {
        "area": "Kommundel (område)",
        "group": "Målgrupp",
        "tenure": "Upplåtelseform",
        "size": "Storlek",
        "need": "Behov (bostäder)",
        "planned": "Planerat (bostäder)",
        "gap": "Behov minus planerat",
        "departments": "Förvaltningar",
        "entries": "Inlägg",
        "hyresratt": "hyresrätt",
        "bostadsratt": "bostadsrätt",
        "aganderatt": "äganderätt",
        "sarskilt_boende": "särskilt boende",
        "unspecified": "ej angiven",
        "not_earmarked": "ej öronmärkt",
        "whole_municipality": "Hela kommunen",
        "hela_marknaden": "Hela bostadsmarknaden",
        "nyanlanda_anvisade": "Nyanlända, anvisade",
        "nyanlanda_sjalvbosatta": "Nyanlända, självbosatta",
        "nyanlanda": "Nyanlända, anvisade och självbosatta tillsammans (före uppdelningen)",
        "lag_inkomst": "Hushåll med låg inkomst (labkits tillägg, inte en av Boverkets grupper)",
        "legacy_records": (
            "**Äldre målgrupp.** Labboken har {n} med målgruppen *nyanlända* från tiden innan Boverkets "
            "grupp delades i anvisade och självbosatta. De redovisas som en egen grupp, anvisade och "
            "självbosatta tillsammans, och fördelas inte på de två. Nya poster anges som anvisade eller "
            "självbosatta."
        ),
        "process": "Process",
        "date": "Datum",
        "case": "Ärende",
        "consulted": "Tillfrågade förvaltningar",
        "conclusion": "Slutsats",
        "responsible": "Ansvarig (roll)",
        "note": "Kommentar",
        "checks": "Avstämningar",
        "last_check": "Senaste",
        "changed": "Ändrat eller nytt behov",
        "reported": "Kommunens svar i enkäten",
        "reported_year": "Enkätår",
        "computed": "Beräknat läge",
        "ratio": "Planerat / behov",
        "no_data": "underlag saknas",
        "needed": "Underlag som behövs",
        "where": "Var det publiceras",
        "mark": "Fotnot",
        "origin_journal": "Behov, projekt, avstämningar och enkätsvar kommer från kommunens labbok.",
        "origin_examples": (
            "**Exempeldata.** Det finns inga uppgifter om bostadsförsörjning i kommunens labbok, så "
            "rapporten visar **påhittade exempel**. Siffrorna beskriver inga verkliga behov eller projekt; "
            "de visar bara hur metoden fungerar."
        ),
        "no_needs": "Inga behov är inskrivna ännu.",
        "origin_none": (
            "Det finns varken uppgifter i labboken eller exempel för kommunen; tabellerna är tomma."
        ),
        "no_perspective": "Inget perspektiv är valt, så rapporten gäller alla målgrupper.",
        "planned_csv": "Planerade projekt kommer från filen {path}.",
        "scale_rule": (
            "**Beräknat läge** jämför planerat utbud med behovet per grupp: planerat/behov under "
            "{low} är *underskott*, över {high} *överskott*, annars *balans*. Det är en signal, inte "
            "kommunens svar i Boverkets bostadsmarknadsenkät, som visas i kolumnen bredvid."
        ),
        "gap_rule": (
            "**Gapet** är behov minus planerat utbud i samma kommundel, målgrupp, upplåtelseform och "
            "storlek. Projekt utan målgrupp (ej öronmärkta) räknas bara i totalen per kommundel."
        ),
        "synthetic": (
            "**Syntetiska områden.** Kommundelarna är genererade och beskriver inga verkliga områden."
        ),
        "upstream_missing": (
            "**Målgruppsanalysens matris saknas**, och med den källans dataluckor: {reason}"
        ),
    },
    "en": {
        "area": "District (area)",
        "group": "Target group",
        "tenure": "Tenure",
        "size": "Size",
        "need": "Need (dwellings)",
        "planned": "Planned (dwellings)",
        "gap": "Need minus planned",
        "departments": "Departments",
        "entries": "Entries",
        "hyresratt": "rental",
        "bostadsratt": "tenant-owned",
        "aganderatt": "owner-occupied",
        "sarskilt_boende": "special housing",
        "unspecified": "not given",
        "not_earmarked": "not earmarked",
        "whole_municipality": "Whole municipality",
        "hela_marknaden": "The housing market as a whole",
        "nyanlanda_anvisade": "Newly arrived, assigned",
        "nyanlanda_sjalvbosatta": "Newly arrived, settled on their own",
        "nyanlanda": "Newly arrived, assigned and settled on their own together (before the split)",
        "lag_inkomst": "Low-income households (labkit's addition, not one of Boverket's groups)",
        "legacy_records": (
            "**Older target group.** The lab journal holds {n} with the target group *newly arrived* from "
            "before Boverket split it into assigned and settled on their own. They are reported as a group "
            "of their own, the two together, and are not divided between them. New records name assigned "
            "or settled on their own."
        ),
        "process": "Process",
        "date": "Date",
        "case": "Case",
        "consulted": "Departments consulted",
        "conclusion": "Conclusion",
        "responsible": "Responsible (role)",
        "note": "Note",
        "checks": "Checks",
        "last_check": "Latest",
        "changed": "Changed or new need",
        "reported": "Municipality's survey answer",
        "reported_year": "Survey year",
        "computed": "Computed state",
        "ratio": "Planned / need",
        "no_data": "no data",
        "needed": "Data needed",
        "where": "Where it is published",
        "mark": "Note",
        "origin_journal": (
            "Needs, projects, checks and survey answers come from the municipality's lab journal."
        ),
        "origin_examples": (
            "**Example data.** The municipality's lab journal holds no housing-provision records, so the "
            "report shows **invented examples**. The figures describe no real needs or projects; they only "
            "show how the method works."
        ),
        "no_needs": "No needs have been entered yet.",
        "origin_none": (
            "There are neither journal records nor examples for the municipality; the tables are empty."
        ),
        "no_perspective": "No perspective is chosen, so the report covers every target group.",
        "planned_csv": "Planned projects come from the file {path}.",
        "scale_rule": (
            "**Computed state** compares planned supply with need per group: planned/need below {low} is "
            "*deficit* (underskott), above {high} *surplus* (överskott), otherwise *balance* (balans). It "
            "is a signal, not the municipality's answer in Boverket's housing market survey, shown beside "
            "it."
        ),
        "gap_rule": (
            "**The gap** is need minus planned supply in the same district, target group, tenure and size. "
            "Projects without a target group (not earmarked) count only in the total per district."
        ),
        "synthetic": "**Synthetic areas.** The districts are generated and describe no real neighbourhood.",
        "upstream_missing": (
            "**The target-group matrix is missing**, and with it the source's data gaps: {reason}"
        ),
    },
}

#: Data the needs matrix would need but the canonical sources never hold (no figure is invented).
GAPS = {
    "dwelling_size": {
        "sv": (
            "Bostadsbestånd efter lägenhetsstorlek (rum och kök) och upplåtelseform, per område",
            (
                "SCB BO0104 Bostadsbeståndet (Statistikdatabasen: lägenheter efter lägenhetsstorlek per "
                "kommun; per DeSO/RegSO som uppdragsstatistik). Kontrollera tabell-id i Statistikdatabasen."
            ),
        ),
        "en": (
            "Dwelling stock by size (rooms and kitchen) and tenure, per area",
            (
                "SCB BO0104 Dwelling stock (Statistikdatabasen: dwellings by size per municipality; per "
                "DeSO/RegSO as commissioned statistics). Check the table id in Statistikdatabasen."
            ),
        ),
    },
    "household_size": {
        "sv": (
            "Hushåll efter hushållstyp och storlek, DeSO/RegSO",
            "SCB Statistikdatabasen BE0101Y HushallDesoTyp (kontrollera mot Statistikdatabasen)",
        ),
        "en": (
            "Households by type and size, DeSO/RegSO",
            "SCB Statistikdatabasen BE0101Y HushallDesoTyp (check against Statistikdatabasen)",
        ),
    },
}


def words(key: str, lang: str, **values: object) -> str:
    """Look up ``key`` in :data:`TEXT` in ``lang`` and fill in ``values``."""
    return text(TEXT, key, lang, **values)
