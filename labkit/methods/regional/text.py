"""Words of the regional comparison that a report reader sees: Swedish by default, English with lang="en"."""

from __future__ import annotations

from labkit.i18n import text

WORDS = {
    "sv": {
        "ran": "körd",
        "not_run": "ej körd",
        "kommun": "Kommun",
        "method": "Metod",
        "level": "Områdesnivå",
        "goals": "Sociala mål",
        "areas_count": "Antal områden",
        "year": "År",
        "dissimilarity": "Olikhetsindex D (födda utomlands)",
        "isolation": "Isoleringsindex",
        "tenure_theil_h": "Theils H (upplåtelseform)",
        "wage_gini": "Gini löneinkomst mellan områden",
        "first_year": "Från år",
        "dissimilarity_change": "Förändring av D sedan första året",
        "share_pop_challenged": "Andel boende i områdestyp 1–2",
        "n_areas": "Antal områden",
        "origin": "Underlag",
        "participants": "Deltagare",
        "rep_dissimilarity": "Skillnad mot befolkningen (D)",
        "under_represented": "Underrepresenterade grupper",
        "representation_ratio": "Representationskvot typ 1–2",
        "prototypes": "Prototyper",
        "stage": "Steg",
        "score": "Mognad (0–4)",
        "topic": "Område",
        "furthest": "Längst fram",
        "furthest_value": "Värde",
        "largest_gap": "Störst glapp",
        "gap_value": "Värde ",
        "spread": "Skillnad",
        "journal": "labbjournal",
        "example": "påhittade exempel",
        "examples": "påhittade exempel",
        "none": "inga uppgifter",
        "lesson_maturity": "Mognad: {method}",
        "lesson_representativeness": "Representativitet i workshopparna",
        "lesson_pilot": "Andel prototyper som gått vidare till pilot",
        "lesson_ska": "Andel SKA-mål uppfyllda",
        "caveat_areas": (
            "Kommunerna har olika många områden ({counts}). Segregationsindex beror på indelningen: hur "
            "stora områdena är och var gränserna går (MAUP). Mindre områden ger i regel högre värden, "
            "och mycket små områden ger dessutom värden över noll även när människor bor slumpmässigt. "
            "Jämför därför helst förändringen över tid inom varje kommun, inte nivåerna mellan "
            "kommunerna."
        ),
        "caveat_level": "Områdena ligger på olika nivåer ({levels}); nivåerna går inte att jämföra direkt.",
        "caveat_same": (
            "Alla kommuner har lika många områden ({counts}) på samma nivå; nivåerna går att jämföra."
        ),
        "examples_note": (
            "Observera: {n} av resultaten bygger på påhittade exempel på workshopdata, inte på "
            "verkliga workshoppar: {which}."
        ),
        "nothing": "Inga resultat av den här sorten finns i körningen.",
        "no_lessons": "Det behövs resultat från minst två kommuner för att jämföra.",
        "suppressed": "färre än 5",
    },
    "en": {
        "ran": "run",
        "not_run": "not run",
        "kommun": "Municipality",
        "method": "Method",
        "level": "Area level",
        "goals": "Social goals",
        "areas_count": "Number of areas",
        "year": "Year",
        "dissimilarity": "Dissimilarity D (born abroad)",
        "isolation": "Isolation index",
        "tenure_theil_h": "Theil's H (tenure)",
        "wage_gini": "Gini of wage income between areas",
        "first_year": "From year",
        "dissimilarity_change": "Change of D since the first year",
        "share_pop_challenged": "Share living in area type 1–2",
        "n_areas": "Number of areas",
        "origin": "Records",
        "participants": "Participants",
        "rep_dissimilarity": "Difference from population (D)",
        "under_represented": "Under-represented groups",
        "representation_ratio": "Representation ratio type 1–2",
        "prototypes": "Prototypes",
        "stage": "Stage",
        "score": "Maturity (0–4)",
        "topic": "Topic",
        "furthest": "Furthest along",
        "furthest_value": "Value",
        "largest_gap": "Largest gap",
        "gap_value": "Value ",
        "spread": "Difference",
        "journal": "lab journal",
        "example": "invented examples",
        "examples": "invented examples",
        "none": "no records",
        "lesson_maturity": "Maturity: {method}",
        "lesson_representativeness": "Representativeness of the workshops",
        "lesson_pilot": "Share of prototypes taken to pilot",
        "lesson_ska": "Share of SIA goals met",
        "caveat_areas": (
            "The municipalities have different numbers of areas ({counts}). Segregation indices depend "
            "on the zoning: how large the areas are and where their borders run (the modifiable areal "
            "unit problem). Smaller areas usually give higher values, and very small areas also give "
            "values above zero when people live at random. Compare the change over time within each "
            "municipality rather than levels between them."
        ),
        "caveat_level": (
            "The areas are at different levels ({levels}); the levels cannot be compared directly."
        ),
        "caveat_same": (
            "All municipalities have the same number of areas ({counts}) at one level; levels compare."
        ),
        "examples_note": (
            "Note: {n} of the results rest on invented example workshop records, not on real "
            "workshops: {which}."
        ),
        "nothing": "The run holds no results of this kind.",
        "no_lessons": "Results from at least two municipalities are needed to compare.",
        "suppressed": "fewer than 5",
    },
}


def words(key: str, lang: str = "sv", **values: object) -> str:
    """Look up a reader-facing word of the regional comparison."""
    return text(WORDS, key, lang, **values)
