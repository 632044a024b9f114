"""Key findings: number words and the target-group sentences, from hand-made results records."""

from __future__ import annotations

from labkit import findings
from labkit.methods.target_groups.findings import key_findings


def test_number_words() -> None:
    assert findings.num(14426) == "14\u202f426"
    assert findings.num(14426, lang="en") == "14,426"
    assert findings.num(0.16895, 2) == "0,17"
    assert findings.num(-0.5, 1) == "−0,5"
    assert findings.num(float("nan")) == "–"
    assert findings.pct(0.279, 1) == "27,9 %" and findings.pct(0.279, 0, "en") == "28%"
    assert findings.kr(2436277) == "2,4 miljoner kronor" and findings.kr(-728883, "en") == "SEK -729,000"
    assert findings.count(1, "påstående", "påståenden") == "1 påstående"
    assert findings.count(2, "påstående", "påståenden") == "2 påståenden"


RESULTS = {
    "kommun": "Lilla Edet",
    "year": 2023,
    "population_total": 14426,
    "areas_count": 8,
    "level": "RegSO",
    "threshold": 2.0,
    "indices": {"born_abroad": {"dissimilarity": 0.169}},
    "benchmarks": {"born_abroad": {"dissimilarity_random": 0.0225}},
    "trend": [{"year": 2020, "dissimilarity": 0.140}, {"year": 2023, "dissimilarity": 0.169}],
    "target_groups": [
        {
            "group": "hyresratt",
            "label": "Boende i hyresrätt",
            "area_name": "Område E",
            "ratio": 2.34,
            "flagged": True,
        },
        {
            "group": "born_abroad",
            "label": "Födda utomlands",
            "area_name": "Område A",
            "ratio": 1.29,
            "flagged": False,
        },
    ],
    "housing_gaps": [{"gap": "age"}],
}


def test_target_groups_findings_in_swedish_and_english() -> None:
    assert key_findings(RESULTS, "sv") == [
        "Lilla Edet hade 14\u202f426 invånare i 8 områden (RegSO) år 2023.",
        (
            "Olikhetsindex D för födda utomlands är 0,17: 17 % av de utrikes födda skulle behöva flytta "
            "för att de skulle bo lika fördelade som övriga invånare. Vid helt slumpmässig bosättning vore "
            "D omkring 0,02."
        ),
        "D har ökat från 0,14 år 2020 till 0,17 år 2023.",
        "1 område har minst 2 gånger kommunens andel i någon grupp: Område E.",
        "Först att bjuda in: boende i hyresrätt i Område E (2,3 gånger kommungenomsnittet).",
        (
            "1 uppgift som Boverkets målgrupper kräver saknas i underlaget (till exempel ålder); de står i "
            "bostadsförsörjningsavsnittet."
        ),
    ]
    english = key_findings(RESULTS, "en")
    assert english[0] == "Lilla Edet had 14,426 residents in 8 areas (RegSO) in 2023."
    assert (
        english[4]
        == "First to invite: residents of rental housing in Område E (2.3 times the municipal average)."
    )


def test_missing_figures_give_fewer_sentences_not_wrong_ones() -> None:
    assert key_findings({"kommun": "X"}, "sv") == []
    assert findings.for_method("no_such_method", {}, "sv") == []
