"""The words of labkit's closed vocabularies as a report reader sees them, in Swedish or English.

The lab journal stores its closed vocabularies in Swedish (roles, decisions, statuses, SKA aspects and
phases, housing departments …) and a few keys as code names (the toolbox's methods, the registered method
slugs). :func:`term` gives the word a reader of a report in ``lang`` sees: the key's title in both languages,
and the English word for a Swedish term in English reports. Anything else (free text typed by a participant,
area names) is returned unchanged, so the function is safe to call on every text cell of a table.
"""

from __future__ import annotations

from collections.abc import Iterable

from labkit.i18n import check_lang
from labkit.methods.evaluation.kinds import PRINCIPLES, SCORE_LABELS_EN, SCORE_LABELS_SV, TOOLBOX

#: Swedish term -> English term, for every closed vocabulary a report shows.
ENGLISH: dict[str, str] = {
    # participants (labkit.capture.kinds.common and the example records)
    "invånare": "resident",
    "tjänsteperson": "officer",
    "exploatör": "developer",
    "byggaktör": "developer",
    "civilsamhälle": "civil society",
    "politiker": "politician",
    "kvinna": "woman",
    "man": "man",
    "annat": "other",
    "information": "information",
    "konsultation": "consultation",
    "delaktighet": "participation",
    "medbestämmande": "co-determination",
    # SCB/Delmos area types (labkit.data.dataset.OMRADESTYP_LABELS)
    "stora socioekonomiska utmaningar": "major socio-economic challenges",
    "socioekonomiska utmaningar": "socio-economic challenges",
    "socioekonomiskt blandade": "socio-economically mixed",
    "goda förutsättningar": "good conditions",
    "mycket goda förutsättningar": "very good conditions",
    # co-creation
    "effekt för målgruppen": "effect for the target group",
    "genomförbarhet": "feasibility",
    "kostnad": "cost",
    "samlad bedömning": "overall assessment",
    "nämnd": "committee",
    "förvaltning": "department",
    "fastighetsägare": "property owner",
    "bostadsbolag": "housing company",
    "förening": "association",
    "näringsliv": "business",
    "regional aktör": "regional body",
    # prototyping
    "avsluta": "stop",
    "testa igen": "test again",
    "gå vidare till pilot": "go on to a pilot",
    "gör en pilot": "go on to a pilot",
    # evaluation
    "idé": "idea",
    "prototyp": "prototype",
    "test": "test",
    "pilot": "pilot",
    "rutin": "routine",
    "Instämmer inte alls": "Do not agree at all",
    "Instämmer till liten del": "Agree a little",
    "Instämmer delvis": "Partly agree",
    "Instämmer till stor del": "Largely agree",
    "Instämmer helt": "Fully agree",
    # housing provision
    "samhällsbyggnad": "urban planning",
    "socialtjänst": "social services",
    "äldreomsorg": "elderly care",
    "funktionsstöd": "disability support",
    "mottagande av nyanlända": "reception of newly arrived",
    "annan": "other",
    "prioritering och start av bostadsprojekt": "prioritising and starting housing projects",
    "planbesked": "planning notice",
    "detaljplan och markanvisning": "detailed plan and land allocation",
    "behovet gäller": "the need holds",
    "behovet har ändrats": "the need has changed",
    "nytt behov": "new need",
    "underskott": "deficit",
    "balans": "balance",
    "överskott": "surplus",
    "detaljplan": "detailed plan",
    "markanvisning": "land allocation",
    "bygglov": "building permit",
    "byggstart": "construction start",
    # SKA (labkit.methods.ska.kinds)
    "Sammanhållen stad": "Connected city",
    "Samspel": "Interaction",
    "Vardagsliv": "Everyday life",
    "Identitet": "Identity",
    "Hälsa och säkerhet": "Health and safety",
    "Byggnad & plats": "Building & site",
    "Närmiljö": "Surroundings",
    "Stadsdel": "District",
    "Staden": "City",
    "inventering": "inventory",
    "åtgärder": "measures",
    "konsekvenser": "consequences",
    "planuppdrag": "planning assignment",
    "samråd": "consultation",
    "granskning": "review",
    "antagande": "adoption",
    "genomförande": "implementation",
    "uppfyllt": "met",
    "delvis": "partly met",
    "hotat": "at risk",
    "ej bedömt": "not assessed",
    "målkonflikt": "goal conflict",
    "vinna-vinna": "win-win",
    "styrka": "strength",
    "svaghet": "weakness",
    "möjlighet": "opportunity",
    "hot": "threat",
    "bostäder": "housing",
    "grönyta": "green space",
    "mötesplats": "meeting place",
    "trafik": "traffic",
    "service": "services",
    "skola": "school",
    # tenures and sizes
    "hyresrätt": "rental",
    "bostadsrätt": "tenant-owned",
    "äganderätt": "owner-occupied",
    "särskilt boende": "residential care",
}
ENGLISH.update(dict(zip(SCORE_LABELS_SV, SCORE_LABELS_EN, strict=True)))
ENGLISH.update({sv: en for _, sv, en in PRINCIPLES})
ENGLISH.update({sv: en for _, sv, en in TOOLBOX})

#: Code names shown to readers by their titles: key -> (Swedish title, English title).
TITLES: dict[str, tuple[str, str]] = {key: (sv, en) for key, sv, en in (*TOOLBOX, *PRINCIPLES)}


def _method_title(key: str, lang: str) -> str | None:
    from labkit.registry import METHODS

    method = METHODS.get(key)
    return method.title(lang).split(":")[0].strip() if method else None


def term(value: object, lang: str = "sv") -> object:
    """The word a reader sees for ``value``: a code name's title, an English term in English reports.

    Values that are not text, and text outside the vocabularies, are returned unchanged.
    """
    check_lang(lang)
    if not isinstance(value, str):
        return value
    if value in TITLES:
        return TITLES[value][0 if lang == "sv" else 1]
    title = _method_title(value, lang)
    if title:
        return title
    if lang == "en":
        return _english(value)
    return value


def _english(value: str) -> str:
    """The English of a Swedish term, of a numbered term ("4 goda förutsättningar") or of a list of terms
    ("socialtjänst, äldreomsorg"); other text unchanged."""
    if value in ENGLISH:
        return ENGLISH[value]
    number, _, rest = value.partition(" ")
    if number.isdigit() and rest in ENGLISH:
        return f"{number} {ENGLISH[rest]}"
    parts = value.split(", ")
    if len(parts) > 1 and all(part in ENGLISH for part in parts):
        return ", ".join(ENGLISH[part] for part in parts)
    return value


def terms(values: Iterable[object], lang: str = "sv") -> list[object]:
    """:func:`term` of every value, in order."""
    return [term(v, lang) for v in values]


#: Nouns counted in reports: key -> (Swedish one, Swedish many, English one, English many).
NOUNS: dict[str, tuple[str, str, str, str]] = {
    "area": ("område", "områden", "area", "areas"),
    "statement": ("påstående", "påståenden", "statement", "statements"),
    "idea": ("idé", "idéer", "idea", "ideas"),
    "score": ("poäng", "poäng", "score", "scores"),
    "dot": ("prick", "prickar", "dot", "dots"),
    "stakeholder": ("intressent", "intressenter", "stakeholder", "stakeholders"),
    "round": ("omgång", "omgångar", "round", "rounds"),
    "participant": ("deltagare", "deltagare", "participant", "participants"),
    "answer": ("svar", "svar", "answer", "answers"),
}


def counted(n: int, noun: str, lang: str = "sv") -> str:
    """``n`` and the noun in the right number: "1 påstående", "2 påståenden", "1 area", "12 345 areas"."""
    from labkit.charts import format_number

    check_lang(lang)
    one_sv, many_sv, one_en, many_en = NOUNS[noun]
    one, many = (one_sv, many_sv) if lang == "sv" else (one_en, many_en)
    return f"{format_number(n, 0, lang)} {one if n == 1 else many}"
