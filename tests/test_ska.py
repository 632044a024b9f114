"""Tests of the SKA method: goal histories, the matrix mat widget, heatmap data, relations, key figures."""

from __future__ import annotations

import json
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from labkit.capture.journal import LabJournal
from labkit.errors import CaptureError, ConfigError
from labkit.methods import ska
from labkit.methods.ska.widgets import GoalForm, GoalStatusForm, MatrixMat


def _result(journal: LabJournal) -> ska.Result:
    params = ska.Params(kommun_kod="1402", records="journal", journal=str(journal.path))
    return ska.analyse(ska.load_inputs(None, params), params)


def test_goal_status_changes_across_two_stages(tmp_path) -> None:
    journal = LabJournal(tmp_path / "labbok.sqlite", workshop="w1")
    form = GoalForm(journal, target_groups=("barn och unga",))
    form.goal.value, form.aspect.value, form.scale.value = "Trygg skolväg", "Vardagsliv", "Närmiljö"
    form.target_group.value = "barn och unga"
    form.save_button.click()
    status = GoalStatusForm(journal)
    goal = status.goal.value
    for stage, value in (("samråd", "delvis"), ("samråd", "hotat"), ("granskning", "uppfyllt")):
        status.stage.value, status.status.value = stage, value
        status.save_button.click()
    result = _result(journal)
    row = result.goals.iloc[0]
    assert (row["samråd"], row["granskning"], row["antagande"], row["latest"]) == (
        "hotat",
        "uppfyllt",
        None,
        "uppfyllt",
    )
    assert result.history[["stage", "status"]].values.tolist() == [
        ["samråd", "delvis"],
        ["samråd", "hotat"],
        ["granskning", "uppfyllt"],
    ]
    figures = json.loads(json.dumps(ska.key_figures(result)))
    assert figures["goals"] == [
        {
            "id": goal,
            "goal": "Trygg skolväg",
            "aspect": "Vardagsliv",
            "scale": "Närmiljö",
            "status": {
                "planuppdrag": None,
                "samråd": "hotat",
                "granskning": "uppfyllt",
                "antagande": None,
                "genomförande": None,
            },
        }
    ]
    assert result.carry.empty
    html = ska.show_history(result).to_html()
    assert html.count("samråd") == 2 and "hotat" in html and "delvis" in html


def test_matrix_widget_fills_the_heatmap(tmp_path) -> None:
    journal = LabJournal(tmp_path / "labbok.sqlite", workshop="w1")
    mat = MatrixMat(journal)
    mat.phase.value = "inventering"
    mat.cells[("Identitet", "Stadsdel")].value = "-"
    mat.note.value = "Ingen samlingsplats"
    mat.buttons[("Identitet", "Stadsdel")].click()
    mat.cells[("Samspel", "Närmiljö")].value = "+"
    mat.buttons[("Samspel", "Närmiljö")].click()
    mat.cells[("Identitet", "Stadsdel")].value = "0"  # re-assessed: the latest entry counts
    mat.buttons[("Identitet", "Stadsdel")].click()
    assert journal.count("ska_cell") == 3
    result = _result(journal)
    grid = ska.heatmap_data(result.cells, "inventering")
    assert grid.loc["Identitet", "Stadsdel"] == 0 and grid.loc["Samspel", "Närmiljö"] == 1
    assert int(grid.notna().sum().sum()) == 2
    assert all(math.isnan(v) for v in ska.heatmap_data(result.cells, "åtgärder").to_numpy().ravel())
    summary = ska.key_figures(result)["matrix_summary"]
    assert summary["inventering"]["Identitet"] == {"-": 0, "0": 1, "+": 0}
    assert summary["inventering"]["Samspel"] == {"-": 0, "0": 0, "+": 1}
    assert journal.frame("ska_cell")["note"].iloc[0] == "Ingen samlingsplats"


def test_a_cell_without_assessment_is_refused(tmp_path) -> None:
    journal = LabJournal(tmp_path / "labbok.sqlite")
    mat = MatrixMat(journal)
    mat.buttons[("Vardagsliv", "Staden")].click()
    assert journal.count("ska_cell") == 0 and "✗" in mat.message.value


def test_relations_need_one_counterpart(tmp_path) -> None:
    journal = LabJournal(tmp_path / "labbok.sqlite")
    g1 = journal.add("ska_goal", goal="Grönska nära", aspect="Hälsa och säkerhet", scale="Närmiljö")
    g2 = journal.add("ska_goal", goal="Täthet vid hållplats", aspect="Vardagsliv", scale="Stadsdel")
    journal.add("ska_relation", goal=g1, relation="målkonflikt", other_goal=g2)
    journal.add("ska_relation", goal=g1, relation="vinna-vinna", requirement="dagvatten")
    with pytest.raises(CaptureError) as err:
        journal.add("ska_relation", goal=g1, relation="målkonflikt")
    assert str(err.value) == (
        "column 'other_goal': a relation needs exactly one counterpart: expected either "
        "other_goal or requirement; found neither."
    )
    conflicts = ska.key_figures(_result(journal))["conflicts"]
    assert conflicts == [
        {"goal": g1, "with": g2, "relation": "målkonflikt"},
        {"goal": g1, "with": "krav: dagvatten", "relation": "vinna-vinna"},
    ]


def test_example_goals_of_partille(tmp_path) -> None:
    params = ska.Params(kommun_kod="1402", journal=str(tmp_path / "none.sqlite"))
    result = ska.analyse(ska.load_inputs(None, params), params)
    assert result.origin == "examples"
    goals = result.goals.set_index("id")
    # data/examples/1402/ska_goals.csv: G4 goes delvis, delvis, hotat.
    assert goals.loc["G4", ["samråd", "granskning", "antagande"]].tolist() == ["delvis", "delvis", "hotat"]
    assert result.carry["id"].tolist() == ["G3", "G4"]
    origin = ska.show_origin(result).data
    assert origin.startswith("> **Exempeldata:**")
    assert origin.endswith(
        "\n\nMatrisens skalor (Byggnad &amp; plats, Närmiljö, Stadsdel, Staden) är lånade från "
        "Göteborgs stads barnkonsekvensanalys (BKA); aspekterna är SKA:s egna."
    )
    assert ska.show_goals(result).data.columns.tolist()[3] == "Skala (BKA)"
    english = ska.analyse(
        ska.load_inputs(None, ska.Params(kommun_kod="1402", lang="en", journal=params.journal)),
        ska.Params(kommun_kod="1402", lang="en", journal=params.journal),
    )
    assert (
        "are borrowed from the City of Gothenburg's child impact assessment (BKA)"
        in ska.show_origin(english).data
    )
    fig = ska.plot_heatmaps(result)
    assert fig.get_supxlabel() == "Skala (lånad från BKA)"
    plt.close(fig)


def test_example_matrix_relations_and_dialogue_of_partille(tmp_path) -> None:
    params = ska.Params(kommun_kod="1402", journal=str(tmp_path / "none.sqlite"))
    result = ska.analyse(ska.load_inputs(None, params), params)
    # data/examples/1402/ska_cells.csv: 3 phases × 5 aspects × 3 of the 4 scales.
    assert len(result.cells) == 45 and result.cells.groupby("phase").size().tolist() == [15, 15, 15]
    summary = ska.matrix_summary(result.cells)
    assert sum(sum(counts.values()) for counts in summary["inventering"].values()) == 15
    # data/examples/1402/ska_relations.csv: G3–G5 conflict, G2–G4 win-win, G1 vs a requirement, G3 with one.
    assert ska.key_figures(result)["conflicts"] == [
        {"goal": "G3", "with": "G5", "relation": "målkonflikt"},
        {"goal": "G2", "with": "G4", "relation": "vinna-vinna"},
        {"goal": "G1", "with": "krav: räddningstjänstens framkomlighet", "relation": "målkonflikt"},
        {"goal": "G3", "with": "krav: bullerkrav", "relation": "vinna-vinna"},
    ]
    assert result.swot.groupby("category").size().to_dict() == {
        "hot": 2,
        "möjlighet": 2,
        "styrka": 2,
        "svaghet": 2,
    }
    assert result.questions["open"].tolist() == [False, False, True, True, True]


def test_params_errors_are_whole() -> None:
    with pytest.raises(ConfigError) as err:
        ska.Params(kommun_kod="1402", lang="de")
    assert str(err.value) == "parameter 'lang': invalid value: expected one of sv, en; found 'de'."


def test_the_journal_kinds_do_not_load_the_analyses() -> None:
    """SKA's and housing provision's record kinds live in their method folders; reading the kinds registry (as
    every journal does) must not import those methods' analyses, charts or widgets."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from labkit.capture.kinds import all_kinds, get_kind\n"
        "all_kinds()\n"
        "print(get_kind('ska_cell').name, get_kind('housing_need').name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'IPython', 'ipywidgets')"
        " or m.startswith('labkit.methods.') and m.endswith(('.analysis', '.display', '.widgets'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["ska_cell housing_need", "[]"]
