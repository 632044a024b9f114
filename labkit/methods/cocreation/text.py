"""Swedish (default) and English words of the co-creation report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from labkit.charts import format_number
from labkit.i18n import text
from labkit.terms import counted

if TYPE_CHECKING:
    from labkit.methods.cocreation.opinion import OpinionGroups

TEXT = {
    "sv": {
        # notes
        "origin_examples": (
            "**Underlaget är påhittade exempelposter**, inte en verklig workshop i "
            "{kommun}. De visar hur analysen ser ut. När labboken har poster läses den i stället."
        ),
        "origin_journal": "Underlaget är poster ur kommunens labbok (workshop: {workshop}).",
        "origin_none": (
            "Det finns varken en labbok eller exempelposter för {kommun}. Fyll labboken med formulären i "
            "anteckningsboken eller importera en pappersworkshop med `labkit capture import`."
        ),
        "all_workshops": "alla",
        "suppressed": (
            "Antal deltagare från 1 till {below} visas som ”färre än {min_cell}”, så att ingen enskild "
            "deltagare kan pekas ut. Noll visas alltid. Namn visas aldrig."
        ),
        "self_votes": "{n} poäng på deltagarens egen idé har tagits bort (”rösta inte på din egen idé”).",
        "pending_statements": (
            "{n} förslag väntar på godkännande: påståenden som deltagare föreslagit och som samtalsledaren "
            "ännu inte godkänt räknas inte här (varken i listan, i röstningen eller i åsiktsgrupperna)."
        ),
        "kendall_complete": (
            "Kendalls W är beräknat på alla {raters} deltagares poäng på alla {ideas} idéer (alla har "
            "poängsatt alla), med Friedmans χ²-test."
        ),
        "kendall_incomplete": (
            "Kendalls W är beräknat på alla {scores} poäng som {raters} deltagare gav {ideas} idéer. Alla "
            "har inte poängsatt alla (ingen poängsätter sin egen idé), så W och testet är de för "
            "ofullständiga block: Skillings–Macks test (Durbins test när upplägget är balanserat), och W "
            "mäts mot vad samma upplägg ger när alla rangordnar i samma ordning."
        ),
        "kendall_permutation": (
            "p-värdet för Kendalls W kommer från ett permutationstest: {draws} slumpade omkastningar av "
            "varje deltagares poäng mellan de idéer deltagaren poängsatte (fröet {seed}). Med få deltagare "
            "och många lika poäng är χ²-fördelningen bara ungefärlig; dess p-värde visas bredvid."
        ),
        "opinion_few": ("För få deltagare har röstat på minst {votes} för att delas in i åsiktsgrupper."),
        "opinion_none": (
            "Rummet visar inga åsiktsgrupper: deltagarnas röster hänger inte ihop mer än när varje "
            "påståendes röster blandas slumpvis mellan dem som röstade på det (permutationstest av den "
            "första huvudkomponenten, p = {p}). De {n} placerade deltagarna redovisas som en grupp."
        ),
        "opinion_alike": (
            "Rummet visar inga åsiktsgrupper: de {n} placerade deltagarna röstade likadant. De redovisas som "
            "en grupp."
        ),
        "opinion_found": (
            "Rösterna hänger ihop mer än när varje påståendes röster blandas slumpvis mellan dem som "
            "röstade på det (permutationstest av den första huvudkomponenten, p = {p}). Antalet "
            "åsiktsgrupper, {k}, valdes som i Pol.is med silhuettvärdet ({silhouette}); grupper vars "
            "deltagare tillsammans inte röstar mer samstämmigt än slumpen slås ihop."
        ),
        "opinion_too_few": (
            "{n} deltagare röstade på färre än {min_votes} påståenden och placeras inte i någon åsiktsgrupp "
            "(för få röster)."
        ),
        "too_few_votes": "för få röster",
        "opinion_untested": (
            "Antalet åsiktsgrupper, {k}, valdes som i Pol.is med silhuettvärdet ({silhouette}); om rummet "
            "alls har grupper prövades inte."
        ),
        "target_failed": (
            "Målgruppsanalysens resultat saknas, så jämförelsen med dess områden saknas: {error}"
        ),
        "target_year": "Målgruppsanalysen gäller år {found}, inte år {year} som den här analysen jämför med.",
        "groups_unchecked": (
            "Deltagarnas födelseland, upplåtelseform och inkomst registreras inte. Därför kan bara området "
            "kontrolleras, inte om just målgruppen var med."
        ),
        "p_chi2": "Alla förväntade antal är minst 5, så p-värdet kommer från χ²-testet.",
        "p_exact": (
            "Några förväntade antal är under 5, så χ²-testets p-värde vore bara ungefärligt. p-värdet är i "
            "stället det exakta multinomialtestets: sannolikheten för alla fördelningar av deltagarna som "
            "är högst lika sannolika som den observerade, om rummet vore ett slumpmässigt urval av "
            "befolkningen."
        ),
        "p_monte_carlo": (
            "Några förväntade antal är under 5, så χ²-testets p-värde vore bara ungefärligt. p-värdet är i "
            "stället det exakta multinomialtestets, uppskattat med {draws} slumpade rum (fröet {seed}): "
            "andelen som är högst lika sannolika som det observerade, om rummet vore ett slumpmässigt "
            "urval av befolkningen."
        ),
        "method_chi2": "χ²-test",
        "method_exact": "exakt multinomialtest",
        "method_monte_carlo": "exakt multinomialtest (Monte Carlo)",
        "p_value": "p-värde",
        "p_method": "Test",
        "few_residents": (
            "Färre än {min_cell} deltagare bor i kommunen enligt sina uppgifter, så jämförelsen med "
            "befolkningen visas inte."
        ),
        "none_recorded": "Inga poster av slaget ”{what}” finns i underlaget.",
        "fewer_than": "färre än {n}",
        # columns
        "rank": "Rang",
        "idea": "Idé",
        "text": "Idé",
        "round": "Omgång",
        "ideas": "Idéer",
        "new": "Nya idéer",
        "build_on": "Bygger vidare",
        "raters": "Bedömare",
        "mean": "Medelpoäng",
        "sd": "Spridning (sd)",
        "median": "Median",
        "sum": "Summa",
        "dots": "Prickar",
        "role": "Roll",
        "participants": "Deltagare",
        "in_municipality": "Bor i kommunen",
        "elsewhere": "Bor utanför",
        "not_given": "Uppgift saknas",
        "label": "Grupp",
        "share": "Andel av deltagarna",
        "population": "Folkmängd",
        "population_share": "Andel av befolkningen",
        "ratio": "Representationskvot",
        "status": "Bedömning",
        "under": "underrepresenterad",
        "over": "överrepresenterad",
        "area_name": "Område",
        "groups": "Målgrupper",
        "missing": "Saknas i rummet",
        "yes": "ja",
        "no": "nej",
        "activity": "Aktivitet",
        "date": "Datum",
        "level": "Steg på delaktighetstrappan",
        "step": "Steg",
        "influence": "Ger inflytande",
        "name": "Intressent",
        "category": "Kategori",
        "power": "Makt",
        "interest": "Intresse",
        "quadrant": "Strategi",
        "note": "Kommentar",
        "statement": "Påstående",
        "group": "Åsiktsgrupp",
        "direction": "Gruppen",
        "p_success": "Andel i gruppen",
        "repness": "Jämfört med övriga",
        "gac": "Samsyn mellan grupperna",
        "size": "Deltagare",
        "measure": "Mått",
        "value": "Värde",
        "depth": "Nivå",
        "additions": "”Ja, och …”",
        "descendants": "Idéer som bygger vidare",
        # levels, quadrants, directions
        "information": "1 Information",
        "konsultation": "2 Konsultation",
        "delaktighet": "3 Delaktighet",
        "medbestämmande": "4 Medbestämmande",
        "manage_closely": "Samverka nära",
        "keep_satisfied": "Håll nöjda",
        "keep_informed": "Håll informerade",
        "monitor": "Bevaka",
        "agree": "håller med",
        "disagree": "håller inte med",
        # measures
        "dissimilarity": "Olikhetsindex D (deltagare mot befolkning)",
        "chi2": "χ²",
        "chi2_df": "Frihetsgrader",
        "chi2_p": "p-värde (χ²)",
        "residents": "Deltagare som bor i kommunen",
        "kendall_w": "Kendalls W",
        "kendall_p": "p-värde (Kendalls W)",
        "kendall_p_chi2": "p-värde (χ²-fördelningen)",
        "kendall_p_method": "p-värdet från",
        "method_permutation": "permutationstest",
        "kendall_df": "Frihetsgrader (Kendalls W)",
        "kendall_method": "Test",
        "friedman": "Friedman (alla har poängsatt alla)",
        "skillings_mack": "Skillings–Mack (ofullständiga block)",
        "scores": "Poäng",
        "k": "Antal åsiktsgrupper",
        "silhouette": "Silhuettvärde",
        "omradestyp": "Områdestyp (SCB/Delmos)",
        "area": "Område",
        # charts
        "chart_rounds": "Idéer per omgång",
        "chart_tree": "Idéträdet: vem bygger vidare på vad",
        "chart_ranking": "Prioritera och välj: medelpoäng (1–4) med spridning",
        "chart_dots": "Prickar per idé",
        "tree_cut_many": "Diagrammet visar {shown} av {total} idéer: de {trees} största idéträden. "
        "Alla idéer finns i rapportens Excel-fil.",
        "tree_cut_one": "Diagrammet visar {shown} av {total} idéer: det största idéträdet. "
        "Alla idéer finns i rapportens Excel-fil.",
        "tree_cut_part": "Diagrammet visar {shown} av {total} idéer: början av det största idéträdet, "
        "som ensamt har fler. Alla idéer finns i rapportens Excel-fil.",
        "dots_cut": "Diagrammet visar de {shown} idéer som fick flest prickar (vid lika många de som skrevs "
        "först) av {total} idéer med prickar. Alla finns i rapportens Excel-fil.",
        "table_cut": "Tabellen visar de första {shown} av {total} raderna. Alla rader finns i rapportens "
        "Excel-fil.",
        "chart_rep": "Deltagarna jämfört med befolkningen",
        "participants_series": "Deltagare",
        "population_series": "Befolkning",
        "chart_opinions": "Åsiktsgrupper (två huvudkomponenter)",
        "chart_stakeholders": "Intressenter: makt och intresse",
        "chart_ladder": "Aktiviteter på delaktighetstrappan",
        "centres_only": "endast gruppernas mitt visas",
        "summary_title": "Medskapande i {kommun}",
        "summary": (
            "{participants} deltagare ({residents} bor i kommunen), {ideas} i {rounds}, "
            "{scores}, {dots}, {statements}, {stakeholders}."
        ),
    },
    "en": {
        "origin_examples": (
            "**The records are invented examples**, not a real workshop in {kommun}. They "
            "show what the analysis looks like. Once the lab journal has records, it is read instead."
        ),
        "origin_journal": "The records come from the municipality's lab journal (workshop: {workshop}).",
        "origin_none": (
            "There is neither a lab journal nor example records for {kommun}. Fill the journal with the "
            "forms in the notebook or import a paper workshop with `labkit capture import`."
        ),
        "all_workshops": "all",
        "suppressed": (
            "Participant counts from 1 to {below} are shown as “fewer than {min_cell}” so that no single "
            "participant can be singled out. Zero is always shown. Names are never shown."
        ),
        "self_votes": (
            "{n} scores on the participant's own idea were removed (“don't vote on your own idea”)."
        ),
        "pending_statements": (
            "Proposed statements awaiting approval: {n}. Statements that participants proposed and the "
            "facilitator has not approved yet are left out here (from the list, the votes and the opinion "
            "groups)."
        ),
        "kendall_complete": (
            "Kendall's W is computed on all scores of the {raters} participants on all {ideas} ideas "
            "(everyone scored everything), with Friedman's χ² test."
        ),
        "kendall_incomplete": (
            "Kendall's W is computed on all {scores} scores that {raters} participants gave {ideas} ideas. "
            "Not everyone scored everything (nobody scores their own idea), so W and its test are those "
            "for incomplete blocks: the Skillings–Mack test (Durbin's test when the design is balanced), "
            "and W is measured against what the same design gives when everyone ranks in the same order."
        ),
        "kendall_permutation": (
            "The p-value of Kendall's W comes from a permutation test: {draws} random reshufflings of each "
            "participant's scores among the ideas that participant scored (seed {seed}). With few "
            "participants and many tied scores the χ² distribution is only approximate; its p-value is "
            "shown beside it."
        ),
        "opinion_few": "Too few participants voted on at least {votes} to form opinion groups.",
        "opinion_none": (
            "The room shows no opinion groups: participants' votes hang together no more than when each "
            "statement's votes are shuffled among those who voted on it (permutation test of the first "
            "principal component, p = {p}). The {n} placed participants are reported as one group."
        ),
        "opinion_alike": (
            "The room shows no opinion groups: the {n} placed participants voted alike. They are reported "
            "as one group."
        ),
        "opinion_found": (
            "The votes hang together more than when each statement's votes are shuffled among those who "
            "voted on it (permutation test of the first principal component, p = {p}). The number of "
            "opinion groups, {k}, was chosen by silhouette as in Pol.is ({silhouette}); groups whose "
            "participants together vote no more consistently than chance are merged."
        ),
        "opinion_too_few": (
            "{n} participants voted on fewer than {min_votes} statements and are not placed in an opinion "
            "group (too few votes)."
        ),
        "too_few_votes": "too few votes",
        "opinion_untested": (
            "The number of opinion groups, {k}, was chosen by silhouette as in Pol.is ({silhouette}); "
            "whether the room has groups at all was not tested."
        ),
        "target_failed": (
            "The target-group analysis' result is missing, so the comparison with its areas is missing: "
            "{error}"
        ),
        "target_year": (
            "The target-group analysis is for {found}, not for {year}, the year this analysis compares with."
        ),
        "groups_unchecked": (
            "Participants' country of birth, tenure and income are not recorded, so only the area can be "
            "checked, not whether the target group itself took part."
        ),
        "p_chi2": "Every expected count is at least 5, so the p-value comes from the χ² test.",
        "p_exact": (
            "Some expected counts are below 5, so the χ² p-value would only be approximate. The p-value is "
            "instead the exact multinomial test's: the probability of every spread of the participants "
            "that is no more likely than the one observed, were the room a random sample of the population."
        ),
        "p_monte_carlo": (
            "Some expected counts are below 5, so the χ² p-value would only be approximate. The p-value is "
            "instead the exact multinomial test's, estimated from {draws} random rooms (seed {seed}): the "
            "share no more likely than the one observed, were the room a random sample of the population."
        ),
        "method_chi2": "χ² test",
        "method_exact": "exact multinomial test",
        "method_monte_carlo": "exact multinomial test (Monte Carlo)",
        "p_value": "p-value",
        "p_method": "Test",
        "few_residents": (
            "Fewer than {min_cell} participants live in the municipality by their own account, so the "
            "comparison with the population is not shown."
        ),
        "none_recorded": "There are no records of the kind “{what}”.",
        "fewer_than": "fewer than {n}",
        "rank": "Rank",
        "idea": "Idea",
        "text": "Idea",
        "round": "Round",
        "ideas": "Ideas",
        "new": "New ideas",
        "build_on": "Building on",
        "raters": "Raters",
        "mean": "Mean score",
        "sd": "Spread (sd)",
        "median": "Median",
        "sum": "Sum",
        "dots": "Dots",
        "role": "Role",
        "participants": "Participants",
        "in_municipality": "Live in the municipality",
        "elsewhere": "Live elsewhere",
        "not_given": "Not given",
        "label": "Group",
        "share": "Share of participants",
        "population": "Population",
        "population_share": "Share of population",
        "ratio": "Representation ratio",
        "status": "Assessment",
        "under": "under-represented",
        "over": "over-represented",
        "area_name": "Area",
        "groups": "Target groups",
        "missing": "Missing from the room",
        "yes": "yes",
        "no": "no",
        "activity": "Activity",
        "date": "Date",
        "level": "Step on the participation ladder",
        "step": "Step",
        "influence": "Gives influence",
        "name": "Stakeholder",
        "category": "Category",
        "power": "Power",
        "interest": "Interest",
        "quadrant": "Strategy",
        "note": "Note",
        "statement": "Statement",
        "group": "Opinion group",
        "direction": "The group",
        "p_success": "Share in the group",
        "repness": "Compared with the rest",
        "gac": "Agreement across groups",
        "size": "Participants",
        "measure": "Measure",
        "value": "Value",
        "depth": "Level",
        "additions": "“Yes, and …”",
        "descendants": "Ideas building on it",
        "information": "1 Information",
        "konsultation": "2 Consultation",
        "delaktighet": "3 Participation",
        "medbestämmande": "4 Co-determination",
        "manage_closely": "Manage closely",
        "keep_satisfied": "Keep satisfied",
        "keep_informed": "Keep informed",
        "monitor": "Monitor",
        "agree": "agrees",
        "disagree": "disagrees",
        "dissimilarity": "Dissimilarity D (participants vs population)",
        "chi2": "χ²",
        "chi2_df": "Degrees of freedom",
        "chi2_p": "p-value (χ²)",
        "residents": "Participants living in the municipality",
        "kendall_w": "Kendall's W",
        "kendall_p": "p-value (Kendall's W)",
        "kendall_p_chi2": "p-value (χ² distribution)",
        "kendall_p_method": "p-value from",
        "method_permutation": "permutation test",
        "kendall_df": "Degrees of freedom (Kendall's W)",
        "kendall_method": "Test",
        "friedman": "Friedman (everyone scored everything)",
        "skillings_mack": "Skillings–Mack (incomplete blocks)",
        "scores": "Scores",
        "k": "Opinion groups",
        "silhouette": "Silhouette",
        "omradestyp": "Area type (SCB/Delmos)",
        "area": "Area",
        "chart_rounds": "Ideas per round",
        "chart_tree": "The idea tree: who builds on what",
        "chart_ranking": "Prioritise and choose: mean score (1–4) with spread",
        "chart_dots": "Dots per idea",
        "tree_cut_many": "The chart shows {shown} of {total} ideas: the {trees} largest idea trees. "
        "Every idea is in the report's Excel file.",
        "tree_cut_one": "The chart shows {shown} of {total} ideas: the largest idea tree. "
        "Every idea is in the report's Excel file.",
        "tree_cut_part": "The chart shows {shown} of {total} ideas: the start of the largest idea tree, "
        "which alone has more. Every idea is in the report's Excel file.",
        "dots_cut": "The chart shows the {shown} ideas with most dots (on a tie, the first written) of "
        "{total} ideas with dots. Every one is in the report's Excel file.",
        "table_cut": "The table shows the first {shown} of {total} rows. Every row is in the report's "
        "Excel file.",
        "chart_rep": "Participants compared with the population",
        "participants_series": "Participants",
        "population_series": "Population",
        "chart_opinions": "Opinion groups (two principal components)",
        "chart_stakeholders": "Stakeholders: power and interest",
        "chart_ladder": "Activities on the participation ladder",
        "centres_only": "only the group centres are shown",
        "summary_title": "Co-creation in {kommun}",
        "summary": (
            "{participants} participants ({residents} live in the municipality), {ideas} in {rounds}, "
            "{scores}, {dots}, {statements}, {stakeholders}."
        ),
    },
}


def words(key: str, lang: str = "sv", **values: object) -> str:
    """The report text ``key`` in ``lang``, with ``values`` filled in."""
    return text(TEXT, key, lang, **values)


def opinion_notes(groups: OpinionGroups, lang: str = "sv", min_cell: int = 5) -> list[str]:
    """The report's sentences on the opinion groups: too few voters, no groups or how many, who was not
    placed.

    A count of participants from 1 to ``min_cell - 1`` reads "färre än <min_cell>".
    """

    def count(n: int) -> str:
        return words("fewer_than", lang, n=min_cell) if 0 < n < min_cell else str(n)

    placed = int(groups.labels.notna().sum())
    if groups.k == 0:
        notes = [words("opinion_few", lang, votes=counted(groups.min_votes, "statement", lang))]
    elif groups.k == 1:
        key = "opinion_alike" if groups.p_value != groups.p_value else "opinion_none"
        notes = [words(key, lang, n=count(placed), p=format_number(groups.p_value, 2, lang))]
    else:
        key = "opinion_untested" if groups.p_value != groups.p_value else "opinion_found"
        notes = [
            words(
                key,
                lang,
                k=groups.k,
                p=format_number(groups.p_value, 3, lang),
                silhouette=format_number(groups.silhouette, 2, lang),
            )
        ]
    missing = len(groups.too_few_votes)
    if missing and groups.k > 0:
        notes.append(words("opinion_too_few", lang, n=count(missing), min_votes=groups.min_votes))
    return notes
