"""The regional comparison: reading a run folder, the comparison tables, lessons and key figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from labkit.cli import main
from labkit.errors import ConfigError, InputDataError
from labkit.lab import context as lab_context
from labkit.methods import regional


def _inputs(run: Path, params: regional.Params) -> regional.Inputs:
    """The regional inputs through the contract: a region job's context writes to the run folder."""
    return regional.load_inputs(
        lab_context(None, "regional", "region", out_dir=run, lang=params.lang), params
    )


def _write(run: Path, code: str, slug: str, **figures: object) -> None:
    (run / code).mkdir(parents=True, exist_ok=True)
    record = {"method": slug, "kommun_kod": code, "kommun": f"Kommun {code}", **figures}
    (run / code / f"{slug}.results.json").write_text(json.dumps(record), encoding="utf-8")


def _maturity(*rows: tuple[str, str, str, float]) -> dict:
    return {
        "records": [
            {"kommun_kod": c, "method": m, "stage": s, "score": v, "origin": "journal"} for c, m, s, v in rows
        ]
    }


@pytest.fixture()
def hand_run(tmp_path: Path) -> Path:
    run = tmp_path / "run"
    _write(
        run,
        "1402",
        "target_groups",
        level="RegSO",
        areas_count=15,
        year=2023,
        indices={
            "born_abroad": {"dissimilarity": 0.30, "isolation": 0.2},
            "tenure": {"theil_h": 0.05},
            "wage_income": {"gini": 0.1},
        },
        trend=[{"year": 2020, "dissimilarity": 0.25}, {"year": 2023, "dissimilarity": 0.30}],
    )
    _write(
        run,
        "1462",
        "target_groups",
        level="RegSO",
        areas_count=8,
        year=2023,
        indices={"born_abroad": {"dissimilarity": 0.20}},
        trend=[{"year": 2021, "dissimilarity": 0.22}],
    )
    _write(
        run,
        "1402",
        "prototyping",
        origin="journal",
        prototypes=[{"decision": "gå vidare till pilot"}, {"decision": "avsluta"}, {"decision": None}],
    )
    _write(run, "1462", "prototyping", origin="examples", prototypes=[{"decision": "gå vidare till pilot"}])
    _write(
        run,
        "1462",
        "evaluation",
        indicators=[],
        participation={"origin": "journal"},
        maturity=_maturity(
            ("1402", "medskapande", "pilot", 3.0),
            ("1462", "medskapande", "idé", 0.5),
            ("1482", "medskapande", "rutin", 4.0),
        ),
    )
    (run / "notes").mkdir()
    return run


@pytest.fixture()
def hand_result(hand_run: Path) -> regional.Result:
    params = regional.Params(kommun_kod="region")
    return regional.analyse(_inputs(hand_run, params), params)


def test_overview_marks_what_ran(hand_result: regional.Result) -> None:
    overview = hand_result.overview
    assert list(overview.index) == ["1402", "1462"]
    assert overview.loc["1402", "prototyping"] and not overview.loc["1402", "evaluation"]
    assert overview.loc["1462", "evaluation"] and not overview.loc["1462", "cocreation"]
    assert hand_result.municipalities == {"1402": "Kommun 1402", "1462": "Kommun 1462"}


def test_segregation_change_and_area_caveat(hand_result: regional.Result) -> None:
    seg = hand_result.segregation.set_index("kommun_kod")
    assert seg.loc["1402", "dissimilarity_change"] == pytest.approx(0.30 - 0.25, abs=1e-15)
    assert seg.loc["1462", "dissimilarity_change"] == pytest.approx(0.20 - 0.22, abs=1e-15)
    assert seg.loc["1462", "first_year"] == 2021
    assert not regional.areas_comparable(hand_result)
    assert regional.show_area_caveat(hand_result).data == (
        "> Kommunerna har olika många områden (Kommun 1402 15, Kommun 1462 8). Segregationsindex beror på "
        "indelningen: hur stora områdena är och var gränserna går (MAUP). Mindre områden ger i regel högre "
        "värden, och mycket små områden ger dessutom värden över noll även när människor bor slumpmässigt. "
        "Jämför därför helst förändringen över tid inom varje kommun, inte nivåerna mellan kommunerna."
    )


def test_lessons_name_the_furthest_and_the_largest_gap(hand_result: regional.Result) -> None:
    lessons = hand_result.lessons.set_index("topic")
    maturity = lessons.loc["lesson_maturity"]
    assert (maturity["furthest"], maturity["largest_gap"], maturity["spread"]) == (["1402"], ["1462"], 2.5)
    pilot = lessons.loc["lesson_pilot"]  # 1402: 1 of 3 to pilot; 1462: 1 of 1
    assert (pilot["furthest"], pilot["largest_gap"]) == (["1462"], ["1402"])
    assert pilot["spread"] == pytest.approx(1 - 1 / 3, abs=1e-15)
    assert list(hand_result.maturity["kommun_kod"]) == ["1402", "1462"]  # 1482 is not in the run


def test_example_results_are_flagged_and_counts_recorded(hand_result: regional.Result) -> None:
    assert hand_result.example_results == (("1462", "prototyping"),)
    figures = regional.key_figures(hand_result)
    assert json.loads(json.dumps(figures, allow_nan=False)) == figures
    assert figures["prototypes"][0] == {
        "kommun_kod": "1402",
        "origin": "journal",
        "prototypes": 3,
        "avsluta": 1,
        "testa igen": 0,
        "gå vidare till pilot": 1,
    }
    assert figures["example_results"] == ["1462/prototyping"]


def test_a_results_file_in_the_wrong_folder_is_refused(hand_run: Path) -> None:
    _write(hand_run, "1415", "cocreation")
    path = hand_run / "1415" / "cocreation.results.json"
    path.write_text(json.dumps({"method": "cocreation", "kommun_kod": "1402"}), encoding="utf-8")
    with pytest.raises(InputDataError) as err:
        _inputs(hand_run, regional.Params(kommun_kod="region"))
    assert str(err.value) == (
        f"{path}, column 'kommun_kod, method': results file is in the wrong place: "
        "expected 1415, cocreation; found 1402, cocreation."
    )


def test_a_missing_run_folder_and_a_bad_language_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        _inputs(tmp_path / "nope", regional.Params(kommun_kod="region"))
    assert str(err.value) == (
        f"{tmp_path / 'nope'}, parameter 'run_dir': run folder not found: expected a "
        "folder written by labkit run; found no such folder."
    )
    with pytest.raises(ConfigError) as err:
        regional.Params(kommun_kod="region", lang="de")
    assert str(err.value) == "parameter 'lang': invalid value: expected one of sv, en; found 'de'."


def test_the_run_folder_of_a_municipality_folder_is_its_parent(tmp_path: Path, hand_run: Path) -> None:
    assert regional.run_folder(tmp_path / "run" / "1402") == tmp_path / "run"
    assert regional.run_folder(tmp_path / "run") == tmp_path / "run"
    # A context opened on one municipality's folder of the run reads the whole run.
    params = regional.Params(kommun_kod="region")
    assert _inputs(hand_run / "1462", params) == _inputs(hand_run, params)


@pytest.fixture(scope="module")
def real_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run of target_groups and evaluation for two municipalities through ``labkit run``."""
    import os

    folder = tmp_path_factory.mktemp("regional")
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        status = main(
            [
                "run",
                "--method",
                "target_groups",
                "evaluation",
                "--municipality",
                "1402",
                "1462",
                "--out",
                "run",
                "--jobs",
                "2",
            ]
        )
    finally:
        os.chdir(cwd)
    assert status == 0
    return folder / "run"


@pytest.mark.notebooks
def test_a_real_run_is_compared(real_run: Path) -> None:
    params = regional.Params(kommun_kod="region", lang="en")
    result = regional.analyse(_inputs(real_run, params), params)
    assert set(result.municipalities) == {"1402", "1462"}
    seg = result.segregation.set_index("kommun_kod")
    for code in ("1402", "1462"):
        source = json.loads((real_run / code / "target_groups.results.json").read_text(encoding="utf-8"))
        assert seg.loc[code, "dissimilarity"] == source["indices"]["born_abroad"]["dissimilarity"]
        assert seg.loc[code, "areas_count"] == source["areas_count"]
        assert seg.loc[code, "dissimilarity_change"] == (
            source["trend"][-1]["dissimilarity"] - source["trend"][0]["dissimilarity"]
        )
    assert list(result.overview.loc["1402"][["target_groups", "evaluation", "cocreation"]]) == [
        True,
        True,
        False,
    ]
    assert "not run" in regional.show_overview(result).to_html()
    figures = regional.key_figures(result)
    assert json.loads(json.dumps(figures, allow_nan=False)) == figures


def test_ska_goal_status_is_the_last_stage_assessed() -> None:
    from labkit.methods.regional.analysis import _ska_statuses

    record = {
        "goals": [
            {
                "id": "G1",
                "status": {
                    "planuppdrag": None,
                    "samråd": "ej bedömt",
                    "granskning": "delvis",
                    "antagande": "uppfyllt",
                    "genomförande": None,
                },
            },
            {
                "id": "G2",
                "status": {
                    "planuppdrag": "hotat",
                    "samråd": None,
                    "granskning": None,
                    "antagande": None,
                    "genomförande": None,
                },
            },
            {
                "id": "G3",
                "status": {
                    "planuppdrag": None,
                    "samråd": None,
                    "granskning": None,
                    "antagande": None,
                    "genomförande": None,
                },
            },
        ]
    }
    assert _ska_statuses(record) == ["uppfyllt", "hotat"]
