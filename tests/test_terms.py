"""The closed vocabularies as readers see them (labkit.terms)."""

from __future__ import annotations

import pytest

from labkit.capture.kinds import common
from labkit.data.dataset import OMRADESTYP_LABELS
from labkit.errors import ConfigError
from labkit.methods.housing_provision import kinds as housing_provision
from labkit.methods.prototyping import kinds as prototyping
from labkit.methods.ska import kinds as ska
from labkit.terms import ENGLISH, counted, term, terms


def test_code_names_read_as_titles_in_both_languages() -> None:
    assert term("ska_detaljplan", "sv") == "Social konsekvensanalys i detaljplan"
    assert term("ska_detaljplan", "en") == "Social impact analysis in detailed planning"
    assert term("bostadsforsorjning", "sv") == "Riktlinjer för bostadsförsörjning"
    assert term("long_term", "en") == "Long-term implementation"
    assert term("target_groups", "sv") == "Målgruppsanalys"
    assert term("target_groups", "en") == "Target-group analysis"


def test_swedish_terms_become_english_only_in_english_reports() -> None:
    assert term("ej bedömt", "en") == "not assessed"
    assert term("ej bedömt", "sv") == "ej bedömt"
    assert term("gå vidare till pilot", "en") == "go on to a pilot"
    assert terms(["invånare", "Hälsa och säkerhet", 4], "en") == ["resident", "Health and safety", 4]
    assert term("4 goda förutsättningar", "en") == "4 good conditions"
    assert term("socialtjänst, äldreomsorg", "en") == "social services, elderly care"
    assert term("socialtjänst, Skatepark", "en") == "socialtjänst, Skatepark"  # not every part a term
    assert term("4 goda förutsättningar", "sv") == "4 goda förutsättningar"


def test_free_text_and_numbers_pass_unchanged() -> None:
    assert term("Skatepark vid älven", "en") == "Skatepark vid älven"
    assert term("=1+1", "en") == "=1+1"
    assert term(3.5, "sv") == 3.5
    assert term(None, "en") is None


@pytest.mark.parametrize(
    "vocabulary",
    [
        common.ROLES,
        common.GENDERS,
        common.LADDER,
        prototyping.DECISIONS,
        housing_provision.DEPARTMENTS,
        housing_provision.PROCESSES,
        housing_provision.CONCLUSIONS,
        housing_provision.RATINGS,
        housing_provision.STAGES,
        ska.ASPECTS,
        ska.SCALES,
        ska.PHASES,
        ska.STAGES,
        ska.STATUSES,
        ska.RELATIONS,
        ska.SWOT,
        tuple(OMRADESTYP_LABELS.values()),
    ],
)
def test_every_closed_vocabulary_has_english(vocabulary: tuple) -> None:
    assert [v for v in vocabulary if v not in ENGLISH] == []


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ConfigError) as error:
        term("avsluta", "de")
    assert str(error.value) == "parameter 'lang': unknown language: expected one of sv, en; found 'de'."


@pytest.mark.parametrize(
    ("n", "noun", "lang", "expected"),
    [
        (1, "statement", "sv", "1 påstående"),
        (2, "statement", "sv", "2 påståenden"),
        (0, "statement", "sv", "0 påståenden"),
        (1, "area", "sv", "1 område"),
        (3, "area", "sv", "3 områden"),
        (1, "area", "en", "1 area"),
        (12345, "area", "en", "12,345 areas"),
        (12345, "area", "sv", "12\u202f345 områden"),
        (1, "participant", "sv", "1 deltagare"),
        (1, "idea", "sv", "1 idé"),
        (5, "idea", "sv", "5 idéer"),
    ],
)
def test_counted_nouns_are_inflected(n: int, noun: str, lang: str, expected: str) -> None:
    assert counted(n, noun, lang) == expected


def test_report_tables_show_titles_and_english_terms() -> None:
    import pandas as pd

    from labkit import render

    assert render.format_value("ska_detaljplan", "sv") == "Social konsekvensanalys i detaljplan"
    assert render.format_value("ej bedömt", "en") == "not assessed"
    assert render.format_value("ej bedömt", "sv") == "ej bedömt"
    frame = pd.DataFrame({"method": ["ungas_inflytande"], "hotat": [2]})
    shown = render.table(frame, lang="en", columns={"method": "Method", "hotat": "hotat"})
    assert shown.data.iloc[0].tolist() == ["Young people's influence in planning", "2"]
    assert "<th" in shown.to_html() and ">at risk<" in shown.to_html()
