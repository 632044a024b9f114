"""The prototyping report's texts in Swedish and English (Swedish by default)."""

from __future__ import annotations

from labkit.i18n import text

#: The report's words: ``words(key, lang, **values)`` fills one.
WORDS = {
    "sv": {
        "examples": "**Exempeldata:** prototyperna och testerna nedan är påhittade exempel, inte "
        "verkliga tester. Varje test har ett räknat antal lyckade utfall och en markering av om "
        "testkortets kriterium nåddes.",
        "journal": "Prototyperna och testerna kommer från kommunens labbok.",
        "none": "Det finns inga prototyper ännu – varken i labboken eller som exempel.",
        "rule": "**Regel för föreslaget beslut.** Underlaget är prototypens aktuella testserie: {series} Med "
        "räknade utfall (lyckade av n) är andelen lyckade Beta({a} + lyckade, {b} + misslyckade). "
        "*Gå vidare till pilot* föreslås först när serien har minst **{min_trials} räknade utfall**, den "
        "nedre gränsen i **{level} trovärdighetsintervallet** ligger över {rate} och minst {crit} test har "
        "nått sitt kriterium. Är sannolikheten att andelen överstiger {rate} högst {stop} föreslås "
        "*avsluta*. Utan räknade utfall föreslås *gå vidare till pilot* när minst {crit1} test nått sitt "
        "kriterium och minst {min_trials} personer deltagit i serien, och *avsluta* efter {max} test utan "
        "att kriteriet nåtts. Annars *testa igen*.",
        "series_own": "testen sedan teamets senaste beslut *testa igen* (en ändrad prototyp är en ny serie; "
        "tidigare versioners utfall räknas inte).",
        "series_pooled": "alla prototypens test, också före ett beslut *testa igen* (teamet har valt att slå "
        "ihop versionerna).",
        "id": "Id",
        "title": "Prototyp",
        "idea": "Idé",
        "target_group": "Målgrupp",
        "tests": "Test",
        "criteria_met": "Kriterier uppfyllda (serien)",
        "n": "Deltagare (serien)",
        "success_rate_mean": "Andel lyckade (medel)",
        "interval": "{level} intervall",
        "revision": "Version",
        "suggested_decision": "Föreslaget beslut",
        "decision": "Teamets beslut",
        "rank": "Plats",
        "text": "Idé",
        "mean": "Medelpoäng",
        "prototype": "Prototyp",
        "date": "Datum",
        "event": "Händelse",
        "what": "Vad",
        "iteration": "Steg",
        "no_rate": "inga räknade utfall",
        "no_rate_sentence": "Inget diagram: ingen prototyp har räknade utfall ännu.",
        "target_line": "målet {rate}",
        "rate_axis": "Andel lyckade",
        "density": "Täthet",
        "timeline": "Prototypernas iterationer",
        "met": "kriteriet nått",
        "not_met": "kriteriet inte nått",
        "decided": "beslut",
        "hypothesis": "Hypotes",
        "test": "Test",
        "metric": "Mått",
        "criterion": "Kriterium",
        "deadline": "Deadline",
        "observation": "Observation",
        "learning": "Lärdom",
        "empty": "Inga {what} ännu.",
        "w_cards": "testkort",
        "w_learning": "lärandekort",
        "w_candidates": "rangordnade idéer",
        "ranking_not_journal": (
            "Medskapandets rangordning kommer inte från labboken, så den föreslår inga prototyper till "
            "labbokens register."
        ),
    },
    "en": {
        "examples": "**Example data:** the prototypes and tests below are invented examples, not "
        "real tests. Each test has a counted number of successes and a mark of whether the test "
        "card's criterion was met.",
        "journal": "The prototypes and tests come from the municipality's lab journal.",
        "none": "There are no prototypes yet, neither in the lab journal nor as examples.",
        "rule": (
            "**Rule for the suggested decision.** The evidence is the prototype's current series of tests: "
            "{series} With counted outcomes (successes of n) the success rate is Beta({a} + successes, {b} "
            "+ failures). *Go to pilot* is suggested only when the series has at least **{min_trials} "
            "counted outcomes**, the lower end of the **{level} credible interval** lies above {rate} and "
            "at least {crit} tests met their criterion. If the probability that the rate exceeds {rate} is "
            "at most {stop}, *stop*. Without counted outcomes, *go to pilot* when at least {crit1} tests "
            "met their criterion and at least {min_trials} people took part in the series, and *stop* "
            "after {max} tests that never met it. Otherwise *test again*."
        ),
        "series_own": (
            "the tests since the team's latest *test again* decision (a changed prototype is a new series; "
            "earlier versions' outcomes do not count)."
        ),
        "series_pooled": (
            "all of the prototype's tests, also those before a *test again* decision (the team chose to "
            "pool the versions)."
        ),
        "id": "Id",
        "title": "Prototype",
        "idea": "Idea",
        "target_group": "Target group",
        "tests": "Tests",
        "criteria_met": "Criteria met (series)",
        "n": "Participants (series)",
        "success_rate_mean": "Success rate (mean)",
        "interval": "{level} interval",
        "revision": "Version",
        "suggested_decision": "Suggested decision",
        "decision": "Team's decision",
        "rank": "Rank",
        "text": "Idea",
        "mean": "Mean score",
        "prototype": "Prototype",
        "date": "Date",
        "event": "Event",
        "what": "What",
        "iteration": "Step",
        "no_rate": "no counted outcomes",
        "no_rate_sentence": "No chart: no prototype has counted outcomes yet.",
        "target_line": "target {rate}",
        "rate_axis": "Success rate",
        "density": "Density",
        "timeline": "Iterations of the prototypes",
        "met": "criterion met",
        "not_met": "criterion not met",
        "decided": "decision",
        "hypothesis": "Hypothesis",
        "test": "Test",
        "metric": "Metric",
        "criterion": "Criterion",
        "deadline": "Deadline",
        "observation": "Observation",
        "learning": "Learning",
        "empty": "No {what} yet.",
        "w_cards": "test cards",
        "w_learning": "learning cards",
        "w_candidates": "ranked ideas",
        "ranking_not_journal": (
            "The co-creation ranking does not come from the lab journal, so it suggests no prototypes for "
            "the "
            "journal's register."
        ),
    },
}


def words(key: str, lang: str = "sv", **values: object) -> str:
    """The text ``key`` in ``lang`` with ``values`` filled in."""
    return text(WORDS, key, lang, **values)
