"""Swedish (default) and English words of the co-creation report."""

from __future__ import annotations

from labkit.i18n import text

TEXT = {
    "sv": {
        # notes
        "origin_examples": (
            "**Underlaget är påhittade exempelposter**, inte en verklig workshop i "
            "{kommun}. De visar hur analysen ser ut. När labboken har poster läses den i stället."),
        "origin_journal": "Underlaget är poster ur kommunens labbok (workshop: {workshop}).",
        "origin_none": (
            "Det finns varken en labbok eller exempelposter för {kommun}. Fyll labboken med formulären i "
            "anteckningsboken eller importera en pappersworkshop med `labkit capture import`."),
        "all_workshops": "alla",
        "suppressed": (
            "Antal deltagare från 1 till {below} visas som ”färre än {min_cell}”, så att ingen enskild "
            "deltagare kan pekas ut. Noll visas alltid. Namn visas aldrig."),
        "self_votes": "{n} poäng på deltagarens egen idé har tagits bort (”rösta inte på din egen idé”).",
        "kendall_block": (
            "Kendalls W är beräknat på de {raters} deltagare och {ideas} idéer där alla har poängsatt alla "
            "(deltagare som saknar poäng på någon av idéerna, t.ex. sin egen, räknas inte)."),
        "opinion_few": (
            "För få deltagare har röstat på minst {votes} för att delas in i åsiktsgrupper."),
        "target_failed": "Målgruppsanalysen kunde inte köras, så jämförelsen med dess områden saknas: {error}",
        "groups_unchecked": (
            "Deltagarnas födelseland, upplåtelseform och inkomst registreras inte. Därför kan bara området "
            "kontrolleras, inte om just målgruppen var med."),
        "chi2_rough": "Några förväntade antal är under 5, så χ²-testets p-värde är bara ungefärligt.",
        "few_residents": (
            "Färre än {min_cell} deltagare bor i kommunen enligt sina uppgifter, så jämförelsen med befolkningen "
            "visas inte."),
        "none_recorded": "Inga poster av slaget ”{what}” finns i underlaget.",
        "fewer_than": "färre än {n}",
        # columns
        "rank": "Rang", "idea": "Idé", "text": "Idé", "round": "Omgång", "ideas": "Idéer", "new": "Nya idéer",
        "build_on": "Bygger vidare", "raters": "Bedömare", "mean": "Medelpoäng", "sd": "Spridning (sd)",
        "median": "Median", "sum": "Summa", "dots": "Prickar", "role": "Roll", "participants": "Deltagare",
        "in_municipality": "Bor i kommunen", "elsewhere": "Bor utanför", "not_given": "Uppgift saknas",
        "label": "Grupp", "share": "Andel av deltagarna", "population": "Folkmängd",
        "population_share": "Andel av befolkningen", "ratio": "Representationskvot", "status": "Bedömning",
        "under": "underrepresenterad", "over": "överrepresenterad", "area_name": "Område", "groups": "Målgrupper",
        "missing": "Saknas i rummet", "yes": "ja", "no": "nej", "activity": "Aktivitet", "date": "Datum",
        "level": "Steg på delaktighetstrappan", "step": "Steg", "influence": "Ger inflytande",
        "name": "Intressent", "category": "Kategori", "power": "Makt", "interest": "Intresse",
        "quadrant": "Strategi", "note": "Kommentar", "statement": "Påstående", "group": "Åsiktsgrupp",
        "direction": "Gruppen", "p_success": "Andel i gruppen", "repness": "Jämfört med övriga",
        "gac": "Samsyn mellan grupperna", "size": "Deltagare", "measure": "Mått", "value": "Värde",
        "depth": "Nivå", "additions": "”Ja, och …”", "descendants": "Idéer som bygger vidare",
        # levels, quadrants, directions
        "information": "1 Information", "konsultation": "2 Konsultation", "delaktighet": "3 Delaktighet",
        "medbestämmande": "4 Medbestämmande",
        "manage_closely": "Samverka nära", "keep_satisfied": "Håll nöjda", "keep_informed": "Håll informerade",
        "monitor": "Bevaka", "agree": "håller med", "disagree": "håller inte med",
        # measures
        "dissimilarity": "Olikhetsindex D (deltagare mot befolkning)", "chi2": "χ²", "chi2_df": "Frihetsgrader",
        "chi2_p": "p-värde (χ²)", "residents": "Deltagare som bor i kommunen", "kendall_w": "Kendalls W",
        "kendall_p": "p-värde (Kendalls W)", "k": "Antal åsiktsgrupper", "silhouette": "Silhuettvärde",
        "omradestyp": "Områdestyp (SCB/Delmos)", "area": "Område",
        # charts
        "chart_rounds": "Idéer per omgång", "chart_tree": "Idéträdet: vem bygger vidare på vad",
        "chart_ranking": "Prioritera och välj: medelpoäng (1–4) med spridning",
        "chart_dots": "Prickar per idé", "chart_rep": "Deltagarna jämfört med befolkningen",
        "participants_series": "Deltagare", "population_series": "Befolkning",
        "chart_opinions": "Åsiktsgrupper (två huvudkomponenter)", "chart_stakeholders": "Intressenter: makt och intresse",
        "chart_ladder": "Aktiviteter på delaktighetstrappan", "centres_only": "endast gruppernas mitt visas",
        "summary_title": "Medskapande i {kommun}",
        "summary": ("{participants} deltagare ({residents} bor i kommunen), {ideas} idéer i {rounds} omgångar, "
                    "{scores} poäng, {dots} prickar, {statements} påståenden, {stakeholders} intressenter."),
    },
    "en": {
        "origin_examples": (
            "**The records are invented examples**, not a real workshop in {kommun}. They "
            "show what the analysis looks like. Once the lab journal has records, it is read instead."),
        "origin_journal": "The records come from the municipality's lab journal (workshop: {workshop}).",
        "origin_none": (
            "There is neither a lab journal nor example records for {kommun}. Fill the journal with the forms in "
            "the notebook or import a paper workshop with `labkit capture import`."),
        "all_workshops": "all",
        "suppressed": (
            "Participant counts from 1 to {below} are shown as “fewer than {min_cell}” so that no single "
            "participant can be singled out. Zero is always shown. Names are never shown."),
        "self_votes": "{n} scores on the participant's own idea were removed (“don't vote on your own idea”).",
        "kendall_block": (
            "Kendall's W is computed on the {raters} participants and {ideas} ideas where everyone scored "
            "everything (participants missing a score on one of the ideas, e.g. their own, are left out)."),
        "opinion_few": "Too few participants voted on at least {votes} to form opinion groups.",
        "target_failed": "The target-group analysis could not run, so the comparison with its areas is missing: {error}",
        "groups_unchecked": (
            "Participants' country of birth, tenure and income are not recorded, so only the area can be "
            "checked, not whether the target group itself took part."),
        "chi2_rough": "Some expected counts are below 5, so the χ² p-value is only approximate.",
        "few_residents": (
            "Fewer than {min_cell} participants live in the municipality by their own account, so the comparison "
            "with the population is not shown."),
        "none_recorded": "There are no records of the kind “{what}”.",
        "fewer_than": "fewer than {n}",
        "rank": "Rank", "idea": "Idea", "text": "Idea", "round": "Round", "ideas": "Ideas", "new": "New ideas",
        "build_on": "Building on", "raters": "Raters", "mean": "Mean score", "sd": "Spread (sd)",
        "median": "Median", "sum": "Sum", "dots": "Dots", "role": "Role", "participants": "Participants",
        "in_municipality": "Live in the municipality", "elsewhere": "Live elsewhere", "not_given": "Not given",
        "label": "Group", "share": "Share of participants", "population": "Population",
        "population_share": "Share of population", "ratio": "Representation ratio", "status": "Assessment",
        "under": "under-represented", "over": "over-represented", "area_name": "Area", "groups": "Target groups",
        "missing": "Missing from the room", "yes": "yes", "no": "no", "activity": "Activity", "date": "Date",
        "level": "Step on the participation ladder", "step": "Step", "influence": "Gives influence",
        "name": "Stakeholder", "category": "Category", "power": "Power", "interest": "Interest",
        "quadrant": "Strategy", "note": "Note", "statement": "Statement", "group": "Opinion group",
        "direction": "The group", "p_success": "Share in the group", "repness": "Compared with the rest",
        "gac": "Agreement across groups", "size": "Participants", "measure": "Measure", "value": "Value",
        "depth": "Level", "additions": "“Yes, and …”", "descendants": "Ideas building on it",
        "information": "1 Information", "konsultation": "2 Consultation", "delaktighet": "3 Participation",
        "medbestämmande": "4 Co-determination",
        "manage_closely": "Manage closely", "keep_satisfied": "Keep satisfied", "keep_informed": "Keep informed",
        "monitor": "Monitor", "agree": "agrees", "disagree": "disagrees",
        "dissimilarity": "Dissimilarity D (participants vs population)", "chi2": "χ²", "chi2_df": "Degrees of freedom",
        "chi2_p": "p-value (χ²)", "residents": "Participants living in the municipality", "kendall_w": "Kendall's W",
        "kendall_p": "p-value (Kendall's W)", "k": "Opinion groups", "silhouette": "Silhouette",
        "omradestyp": "Area type (SCB/Delmos)", "area": "Area",
        "chart_rounds": "Ideas per round", "chart_tree": "The idea tree: who builds on what",
        "chart_ranking": "Prioritise and choose: mean score (1–4) with spread",
        "chart_dots": "Dots per idea", "chart_rep": "Participants compared with the population",
        "participants_series": "Participants", "population_series": "Population",
        "chart_opinions": "Opinion groups (two principal components)", "chart_stakeholders": "Stakeholders: power and interest",
        "chart_ladder": "Activities on the participation ladder", "centres_only": "only the group centres are shown",
        "summary_title": "Co-creation in {kommun}",
        "summary": ("{participants} participants ({residents} live in the municipality), {ideas} ideas in {rounds} "
                    "rounds, {scores} scores, {dots} dots, {statements} statements, {stakeholders} stakeholders."),
    },
}


def words(key: str, lang: str = "sv", **values: object) -> str:
    """The report text ``key`` in ``lang``, with ``values`` filled in."""
    return text(TEXT, key, lang, **values)
