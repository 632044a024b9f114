"""Tests of labkit.perspectives: the youth and senior presets and their use in target_groups."""

from __future__ import annotations

import pandas as pd
import pytest

from labkit import perspectives
from labkit.errors import ConfigError
from labkit.methods import target_groups


def test_presets_hold_the_documented_ages_and_themes() -> None:
    youth, seniors = perspectives.get_perspective("unga"), perspectives.get_perspective("seniorer")
    assert youth.youth_ages == (13, 25) and youth.senior_ages is None
    assert seniors.senior_ages == (65, 80)
    assert [key for key, _, _ in seniors.themes] == ["lokalisering", "trygghet", "service"]
    assert perspectives.get_perspective("") is None


def test_unknown_perspective_is_refused() -> None:
    with pytest.raises(ConfigError) as err:
        perspectives.get_perspective("äldre")
    assert (
        str(err.value)
        == "parameter 'perspektiv': invalid value: expected one of '' (none), 'unga', 'seniorer'; "
        "found 'äldre'."
    )


def test_survey_template_covers_each_theme() -> None:
    template = perspectives.survey_template("seniorer")
    assert template.groupby("theme").size().to_dict() == {"lokalisering": 2, "service": 2, "trygghet": 2}
    assert template.loc[template["question_id"] == "S2", "scale"].item() == "fritext"
    assert perspectives.survey_template("unga").empty
    assert perspectives.survey_template("seniorer", "en").loc[0, "question"].startswith("Do you want")


def test_youth_dialogue_methods_include_feedback() -> None:
    methods = perspectives.methods_table("unga")
    assert methods["key"].tolist() == [
        "fokusgrupp",
        "framtidsverkstad",
        "praktisk_demokrati",
        "case_scenarier",
        "aterkoppling",
    ]


def test_focus_keeps_the_presets_groups() -> None:
    table = pd.DataFrame({"group": ["ungdomar", "aldre", "studenter"], "v": [1, 2, 3]})
    assert perspectives.focus(table, "unga")["v"].tolist() == [1, 3]
    assert perspectives.focus(table, "seniorer")["v"].tolist() == [2]
    assert perspectives.focus(table, "")["v"].tolist() == [1, 2, 3]


def test_target_groups_params_take_the_perspective() -> None:
    params = target_groups.Params.from_values("1402", "sv", {"perspektiv": "seniorer"})
    assert params.perspektiv == "seniorer" and params.senior_ages == (65, 80)
    with pytest.raises(ConfigError) as err:
        target_groups.Params.from_values("1402", "sv", {"youth_ages": "18-29", "perspektiv": "unga"})
    assert str(err.value) == (
        "parameter 'youth_ages': youth_ages disagree with perspektiv 'unga': expected 13-25; "
        "found (18, 29). Leave youth_ages at its default."
    )
    with pytest.raises(ConfigError) as err:
        target_groups.Params("1402", perspektiv="barn")
    assert "found 'barn'" in str(err.value)


def test_describe_is_swedish_by_default() -> None:
    assert perspectives.describe("seniorer").startswith(
        "**Seniorperspektiv (65+ och 80+).** Teman: lokalisering"
    )
    assert perspectives.describe("unga", "en").startswith("**Youth perspective (aged 13–25).** Themes:")
    assert perspectives.describe("") == ""
