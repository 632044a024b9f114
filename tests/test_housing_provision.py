"""Tests of the housing-provision method: needs matrix, gaps, check log, survey scale, CSV input, examples."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from labkit import handover, lab
from labkit.capture.journal import LabJournal, frame_of
from labkit.data.sources import load_source
from labkit.errors import CaptureError, ConfigError
from labkit.methods import housing_provision as hp
from labkit.methods import target_groups as tg
from labkit.methods.housing_provision import analysis, examples
from labkit.methods.housing_provision.kinds import GROUPS
from labkit.registry import METHODS


@pytest.fixture(scope="module")
def dataset():
    return load_source("bundled", None)


@pytest.fixture(scope="module")
def run_dir(dataset, tmp_path_factory) -> Path:
    """A run folder holding the target-group result of 1402 handed over, as the runner leaves it."""
    folder = tmp_path_factory.mktemp("run")
    params = tg.Params(kommun_kod="1402", n_sim=1)
    result = tg.analyse(tg.load_inputs(lab.context(dataset, "target_groups", "1402"), params), params)
    handover.write(folder, "target_groups", result)
    return folder


def _load(dataset, params: hp.Params, out_dir: Path) -> hp.Inputs:
    ctx = lab.context(dataset, "housing_provision", params.kommun_kod, lang=params.lang, out_dir=out_dir)
    return hp.load_inputs(ctx, params)


@pytest.fixture(scope="module")
def example_result(dataset, run_dir):
    params = hp.Params(kommun_kod="1402", records="examples")
    return hp.analyse(_load(dataset, params, run_dir), params)


def _needs(rows: list[dict]) -> pd.DataFrame:
    base = {"id": "x", "created": "2024-01-01T00:00:00+00:00", "workshop_id": "w", "author": "a"}
    return frame_of("housing_need", [{**base, **row} for row in rows])


def _projects(rows: list[dict]) -> pd.DataFrame:
    base = {"id": "x", "created": "2024-01-01T00:00:00+00:00", "workshop_id": "w", "author": "a"}
    return frame_of("planned_project", [{**base, **row} for row in rows])


def test_registry_entry_sits_before_regional() -> None:
    slugs = list(METHODS)
    assert slugs[-1] == "regional" and slugs[-2] == "housing_provision"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"records": "csv"},
            "parameter 'records': invalid value: expected one of auto, journal, examples; found 'csv'.",
        ),
        (
            {"perspektiv": "barn"},
            (
                "parameter 'perspektiv': invalid value: expected one of '' (none), 'unga', 'seniorer'; found "
                "'barn'."
            ),
        ),
        (
            {"tolerance": 1.5},
            "parameter 'tolerance': invalid value: expected a finite number in [0, 1); found 1.5.",
        ),
        ({"lang": "de"}, "parameter 'lang': invalid value: expected one of sv, en; found 'de'."),
    ],
)
def test_params_refuse_bad_values(kwargs: dict, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        hp.Params(kommun_kod="1402", **kwargs)
    assert str(err.value) == message


def test_needs_matrix_and_gaps_by_hand() -> None:
    needs = _needs(
        [
            {
                "department": "socialtjänst",
                "target_group": "lag_inkomst",
                "dwellings": 10,
                "area": "1402X001",
                "tenure": "hyresratt",
                "size": "1 rok",
            },
            {
                "department": "bostadsbolag",
                "target_group": "lag_inkomst",
                "dwellings": 5,
                "area": "1402X001",
                "tenure": "hyresratt",
                "size": "1 rok",
            },
            {"department": "äldreomsorg", "target_group": "aldre", "dwellings": 8},
        ]
    )
    projects = _projects(
        [
            {
                "name": "A",
                "dwellings": 6,
                "area": "1402X001",
                "tenure": "hyresratt",
                "size": "1 rok",
                "target_group": "lag_inkomst",
            },
            {"name": "B", "dwellings": 20, "area": "1402X001", "tenure": "bostadsratt", "size": "3 rok"},
        ]
    )
    matrix = analysis.needs_matrix(needs, "1402")
    assert matrix.to_dict("records") == [
        {
            "area_code": "1402",
            "group": "aldre",
            "tenure": "unspecified",
            "size": "unspecified",
            "need": 8.0,
            "departments": "äldreomsorg",
            "entries": 1,
        },
        {
            "area_code": "1402X001",
            "group": "lag_inkomst",
            "tenure": "hyresratt",
            "size": "1 rok",
            "need": 15.0,
            "departments": "bostadsbolag, socialtjänst",
            "entries": 2,
        },
    ]
    planned = analysis.planned_table(projects, "1402")
    gaps = analysis.gap_table(matrix, planned)
    assert gaps[["group", "need", "planned", "gap"]].values.tolist() == [
        ["aldre", 8.0, 0.0, 8.0],
        ["lag_inkomst", 15.0, 6.0, 9.0],
    ]
    totals = analysis.district_totals(matrix, planned)
    # District 1402X001: need 15, planned 6 + 20 (the general project counts in the total only).
    assert totals.values.tolist() == [["1402", 8.0, 0.0, 8.0], ["1402X001", 15.0, 26.0, -11.0]]


@pytest.mark.parametrize(
    ("need", "planned", "expected"),
    [
        (100, 89, "underskott"),
        (100, 90, "balans"),
        (100, 110, "balans"),
        (100, 111, "överskott"),
        (0, 5, None),
    ],
)
def test_rate_on_boverkets_scale(need: float, planned: float, expected: str | None) -> None:
    assert analysis.rate(need, planned, 0.1) == expected


def test_check_log_is_dated_and_summarised_per_process() -> None:
    base = {
        "id": "c",
        "created": "2024-01-01T00:00:00+00:00",
        "workshop_id": "w",
        "author": "a",
        "case": "Ärende",
        "departments": "socialtjänst",
    }
    checks = frame_of(
        "provision_check",
        [
            {**base, "process": "planbesked", "date": "2024-05-02", "conclusion": "nytt behov"},
            {**base, "process": "planbesked", "date": "2024-02-01", "conclusion": "behovet gäller"},
        ],
    )
    log = analysis.check_log(checks)
    assert [d.isoformat() for d in log["date"]] == ["2024-02-01", "2024-05-02"]
    summary = analysis.check_summary(log)
    assert summary["checks"].tolist() == [0, 2, 0]
    assert summary.loc[1, "last_check"].isoformat() == "2024-05-02" and summary.loc[1, "changed"] == 1


def test_survey_scale_uses_the_latest_year() -> None:
    base = {"workshop_id": "w", "author": "a"}
    ratings = frame_of(
        "market_rating",
        [
            {
                **base,
                "id": "r1",
                "created": "2024-01-01T00:00:00+00:00",
                "year": 2024,
                "group": "aldre",
                "rating": "balans",
            },
            {
                **base,
                "id": "r2",
                "created": "2023-01-01T00:00:00+00:00",
                "year": 2023,
                "group": "aldre",
                "rating": "underskott",
            },
        ],
    )
    gaps = pd.DataFrame({"group": ["aldre"], "need": [10.0], "planned": [12.0], "gap": [-2.0]})
    totals = pd.DataFrame({"area_code": ["1402"], "need": [10.0], "planned": [30.0], "gap": [-20.0]})
    scale = analysis.survey_scale(ratings, gaps, totals, 0.1).set_index("group")
    assert scale.loc["aldre", ["reported", "reported_year", "computed"]].tolist() == [
        "balans",
        2024,
        "överskott",
    ]
    assert scale.loc["aldre", "ratio"] == pytest.approx(1.2)
    assert (
        scale.loc["hela_marknaden", "computed"] == "överskott" and scale.loc["hela_marknaden", "ratio"] == 3.0
    )
    assert pd.isna(scale.loc["studenter", "computed"]) and pd.isna(scale.loc["studenter", "reported"])


def test_planned_csv_errors_name_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "projekt.csv"
    bad.write_text("name,dwellings,tenure\nA,10,hyresratt\nB,5,kooperativ\n", encoding="utf-8")
    with pytest.raises(CaptureError) as err:
        hp.read_planned_csv(bad)
    assert str(err.value) == (
        f"{bad}, line 3, column 'tenure': value not allowed in a planned_project record: expected one of "
        "hyresratt, bostadsratt, aganderatt, sarskilt_boende; found 'kooperativ'."
    )
    with pytest.raises(CaptureError) as err:
        hp.read_planned_csv(tmp_path / "saknas.csv")
    assert str(err.value) == (
        f"{tmp_path / 'saknas.csv'}, column 'planned_csv': file of planned projects not found: expected a "
        "CSV file with columns name, dwellings and optionally area, tenure, size, target_group, year, "
        "stage; found no file."
    )


def test_planned_csv_replaces_example_projects(dataset, run_dir: Path, tmp_path: Path) -> None:
    good = tmp_path / "projekt.csv"
    good.write_text(
        "name;dwellings;area;tenure;size;target_group\nA;12;1402X002;hyresratt;1 rok;lag_inkomst\n",
        encoding="utf-8",
    )
    params = hp.Params(kommun_kod="1402", records="examples", planned_csv=str(good))
    result = hp.analyse(_load(dataset, params, run_dir), params)
    assert result.planned_origin == "csv" and result.planned["planned"].sum() == 12.0
    row = result.gaps.set_index(["area_code", "group", "tenure", "size"]).loc[
        ("1402X002", "lag_inkomst", "hyresratt", "1 rok")
    ]
    assert row["planned"] == 12.0 and row["gap"] == row["need"] - 12.0


def test_journal_records_are_read(dataset, run_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "labbok.sqlite"
    journal = LabJournal(path, workshop="w1")
    journal.add("housing_need", department="äldreomsorg", target_group="aldre", dwellings=7, area="1402X003")
    journal.add(
        "provision_check",
        process="planbesked",
        date="2024-03-01",
        case="Planbesked X",
        departments="socialtjänst, äldreomsorg",
        conclusion="behovet gäller",
    )
    params = hp.Params(kommun_kod="1402", journal=str(path))
    result = hp.analyse(_load(dataset, params, run_dir), params)
    assert result.origin == "journal" and result.totals["need"].sum() == 7.0 and len(result.checks) == 1
    missing = tmp_path / "none.sqlite"
    with pytest.raises(CaptureError) as err:
        _load(dataset, hp.Params(kommun_kod="1402", records="journal", journal=str(missing)), run_dir)
    assert str(err.value) == (
        f"{missing}: no lab journal: expected a journal with workshop records; "
        "found no file. Use records='examples' or 'auto' to read the examples."
    )


def test_example_figures_match_the_csv_files(example_result) -> None:
    folder = examples.default_folder() / "1402"
    needs = pd.read_csv(folder / "housing_need.csv")
    projects = pd.read_csv(folder / "planned_project.csv")
    figures = hp.key_figures(example_result)
    json.dumps(figures)
    assert figures["is_example"] is True and figures["origin"] == "examples"
    assert figures["need_total"] == float(needs["dwellings"].sum())
    assert figures["planned_total"] == float(projects["dwellings"].sum())
    assert figures["checks"] == len(pd.read_csv(folder / "provision_check.csv"))
    earmarked = projects.dropna(subset=["target_group"]).groupby("target_group")["dwellings"].sum()
    by_group = needs.groupby("target_group")["dwellings"].sum().sub(earmarked, fill_value=0)
    assert figures["gap_by_group"] == {g: float(v) for g, v in by_group.items()}


def test_data_gaps_name_scb_tables_and_invent_nothing(example_result) -> None:
    gaps = example_result.data_gaps.set_index("gap")
    assert {"age", "dwelling_size", "household_size"} <= set(gaps.index)
    assert "TAB6574" in gaps.loc["age", "where"] and "HushallDesoTyp" in gaps.loc["household_size", "where"]
    assert "BO0104" in gaps.loc["dwelling_size", "where"]
    assert example_result.data_gaps["mark"].tolist() == list(range(1, len(gaps) + 1))


def test_perspective_focuses_the_tables(dataset, run_dir: Path) -> None:
    params = hp.Params(kommun_kod="1402", records="examples", perspektiv="unga", lang="en")
    result = hp.analyse(_load(dataset, params, run_dir), params)
    assert result.focus_groups == ("ungdomar", "studenter")
    shown = hp.show_scale(result).data
    assert shown["Target group"].tolist() == ["The housing market as a whole", "Young people", "Students"]
    assert "Youth perspective (aged 13–25)" in hp.show_perspective(result).data


def test_examples_regenerate_identically() -> None:
    assert examples.check() == []
    readme = (examples.default_folder() / "README.md").read_text(encoding="utf-8")
    assert "**påhittat**" in readme


def test_examples_are_seeded() -> None:
    first = examples.records("1402", ["1402X001", "1402X002"], seed=1)
    assert first == examples.records("1402", ["1402X002", "1402X001"], seed=1)
    assert first != examples.records("1402", ["1402X001", "1402X002"], seed=2)
    assert {row["workshop_id"] for rows in first.values() for row in rows} == {"exempel"}


# ------------------------------------------------------ Boverket's groups, and journals from before the split


def test_the_journal_kind_lists_boverkets_groups_as_the_target_group_method_does() -> None:
    from labkit.methods.housing_provision import kinds as hk
    from labkit.methods.target_groups import housing

    assert (
        hk.BOVERKET_GROUPS
        == housing.BOVERKET_GROUPS
        == (
            "ungdomar",
            "studenter",
            "aldre",
            "funktionsnedsattning",
            "nyanlanda_anvisade",
            "nyanlanda_sjalvbosatta",
        )
    )
    assert hk.GROUPS == housing.HOUSING_GROUPS == (*hk.BOVERKET_GROUPS, "lag_inkomst")
    assert hk.RATED_GROUPS == ("hela_marknaden", *hk.BOVERKET_GROUPS)
    assert "lag_inkomst" not in hk.RATED_GROUPS and "nyanlanda" not in hk.GROUPS


def test_the_report_names_the_split_groups_and_marks_low_income_as_labkits() -> None:
    from labkit.methods.housing_provision import display

    assert [
        display.group_label(g, "sv") for g in ("nyanlanda_anvisade", "nyanlanda_sjalvbosatta", "lag_inkomst")
    ] == [
        "Nyanlända, anvisade",
        "Nyanlända, självbosatta",
        "Hushåll med låg inkomst (labkits tillägg, inte en av Boverkets grupper)",
    ]
    assert [
        display.group_label(g, "en") for g in ("nyanlanda_anvisade", "nyanlanda_sjalvbosatta", "lag_inkomst")
    ] == [
        "Newly arrived, assigned",
        "Newly arrived, settled on their own",
        "Low-income households (labkit's addition, not one of Boverket's groups)",
    ]


def test_examples_use_the_split_groups(example_result) -> None:
    shown = hp.show_scale(example_result).data
    assert shown["Målgrupp"].tolist() == [
        "Hela bostadsmarknaden",
        "Ungdomar",
        "Studenter",
        "Äldre",
        "Personer med funktionsnedsättning",
        "Nyanlända, anvisade",
        "Nyanlända, självbosatta",
    ]
    groups = set(example_result.needs["group"])
    assert {
        "nyanlanda_anvisade",
        "nyanlanda_sjalvbosatta",
        "lag_inkomst",
    } <= groups and "nyanlanda" not in groups
    assert example_result.legacy_records == 0 and example_result.focus_groups == GROUPS


def test_a_new_record_with_the_old_group_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "projekt.csv"
    bad.write_text("name,dwellings,target_group\nA,10,nyanlanda\n", encoding="utf-8")
    with pytest.raises(CaptureError) as err:
        hp.read_planned_csv(bad)
    assert str(err.value) == (
        f"{bad}, line 2, column 'target_group': value not allowed in a planned_project record: expected "
        "one of ungdomar, studenter, aldre, funktionsnedsattning, nyanlanda_anvisade, "
        "nyanlanda_sjalvbosatta, lag_inkomst; found 'nyanlanda'."
    )
    journal = LabJournal(tmp_path / "labbok.sqlite", workshop="w1")
    with pytest.raises(CaptureError) as err:
        journal.add("market_rating", year=2024, group="nyanlanda", rating="balans")
    assert str(err.value) == (
        "column 'group': value not allowed in a market_rating record: expected one of hela_marknaden, "
        "ungdomar, studenter, aldre, funktionsnedsattning, nyanlanda_anvisade, nyanlanda_sjalvbosatta; "
        "found 'nyanlanda'."
    )


def _old_record(path: Path, rid: str, kind: str, fields: dict) -> None:
    """Append a record as a labkit from before the split wrote it (the journal is append-only)."""
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO records (id, kind, created, workshop_id, author, fields) VALUES (?, ?, ?, ?, ?, ?)",
            (rid, kind, "2023-05-01T00:00:00+00:00", "w0", "a", json.dumps(fields)),
        )


def test_a_journal_from_before_the_split_reads_as_the_two_together(
    dataset, run_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "labbok.sqlite"
    journal = LabJournal(path, workshop="w1")
    journal.add("housing_need", department="socialtjänst", target_group="aldre", dwellings=4, area="1402X003")
    old_need = {"department": "mottagande av nyanlända", "target_group": "nyanlanda", "dwellings": 12}
    _old_record(path, "old1", "housing_need", {**old_need, "area": "1402X002"})
    _old_record(path, "old2", "market_rating", {"year": 2023, "group": "nyanlanda", "rating": "underskott"})
    journal.add(
        "housing_need", department="mottagande av nyanlända", target_group="nyanlanda_anvisade", dwellings=5
    )
    params = hp.Params(kommun_kod="1402", journal=str(path))
    result = hp.analyse(_load(dataset, params, run_dir), params)
    assert result.legacy_records == 2 and result.focus_groups == (*GROUPS, "nyanlanda")
    by_group = result.gaps.groupby("group")["need"].sum().to_dict()
    assert by_group == {"aldre": 4.0, "nyanlanda": 12.0, "nyanlanda_anvisade": 5.0}
    scale = result.scale.set_index("group")
    assert scale.loc["nyanlanda", ["reported", "need"]].tolist() == ["underskott", 12.0]
    assert scale.loc["nyanlanda_anvisade", "need"] == 5.0 and pd.isna(
        scale.loc["nyanlanda_sjalvbosatta", "reported"]
    )
    assert hp.show_scale(result).data["Målgrupp"].iloc[-1] == (
        "Nyanlända, anvisade och självbosatta tillsammans (före uppdelningen)"
    )
    from labkit.methods.housing_provision import display

    assert display.notes(result)[-2] == (
        "**Äldre målgrupp.** Labboken har 2 poster med målgruppen *nyanlända* från tiden innan Boverkets "
        "grupp delades i anvisade och självbosatta. De redovisas som en egen grupp, anvisade och "
        "självbosatta tillsammans, och fördelas inte på de två. Nya poster anges som anvisade eller "
        "självbosatta."
    )
    english = hp.Params(kommun_kod="1402", journal=str(path), lang="en")
    result_en = hp.analyse(_load(dataset, english, run_dir), english)
    assert display.notes(result_en)[-2] == (
        "**Older target group.** The lab journal holds 2 records with the target group *newly arrived* "
        "from before Boverket split it into assigned and settled on their own. They are reported as a "
        "group of their own, the two together, and are not divided between them. New records name assigned "
        "or settled on their own."
    )


def test_a_journal_record_with_an_unknown_group_is_refused(dataset, run_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "labbok.sqlite"
    LabJournal(path, workshop="w1").add(
        "housing_need", department="socialtjänst", target_group="aldre", dwellings=4
    )
    _old_record(
        path, "odd", "housing_need", {"department": "annan", "target_group": "barnfamiljer", "dwellings": 3}
    )
    with pytest.raises(CaptureError) as err:
        _load(dataset, hp.Params(kommun_kod="1402", journal=str(path)), run_dir)
    assert str(err.value) == (
        f"{path}, column 'target_group': target group not allowed in a housing_need record (odd): expected "
        "one of ungdomar, studenter, aldre, funktionsnedsattning, nyanlanda_anvisade, "
        "nyanlanda_sjalvbosatta, lag_inkomst (or nyanlanda, from before the split); found 'barnfamiljer'."
    )


def test_districts_and_stock_are_the_target_group_panel(dataset, example_result) -> None:
    """The districts and dwellings housing reads from the source equal the target-group method's panel."""
    params = tg.Params(kommun_kod="1402", n_sim=1)
    panel = tg.load_inputs(lab.context(dataset, "target_groups", "1402"), params).local
    local = panel[panel["year"] == example_result.year]
    assert example_result.year == max(dataset.years())
    pd.testing.assert_frame_equal(
        example_result.areas, local[["area_code", "area_name"]].reset_index(drop=True)
    )
    expected = (
        local[["area_code", "hyresratt", "bostadsratt", "aganderatt"]]
        .melt(
            id_vars=["area_code"],
            value_vars=["hyresratt", "bostadsratt", "aganderatt"],
            var_name="tenure",
            value_name="dwellings",
        )
        .sort_values(["area_code", "tenure"], ignore_index=True)
    )
    pd.testing.assert_frame_equal(example_result.stock, expected)
    assert len(example_result.stock) == 3 * len(example_result.areas) > 0


def test_the_target_group_matrix_is_the_upstream_result(example_result, run_dir: Path) -> None:
    upstream = handover.read(run_dir, "target_groups")
    pd.testing.assert_frame_equal(example_result.target_groups.housing, upstream.result.housing)
    assert example_result.upstream_reason == ""
    assert "upstream_missing" not in hp.key_figures(example_result)
    # the source's data gaps come first, then housing's own two
    assert example_result.data_gaps["gap"].tolist() == [
        *upstream.result.gaps["gap"],
        "dwelling_size",
        "household_size",
    ]


def test_missing_target_groups_are_shown_with_the_reason(dataset, tmp_path: Path) -> None:
    params = hp.Params(kommun_kod="1402", records="examples")
    result = hp.analyse(_load(dataset, params, tmp_path), params)
    reason = (
        "Målgruppsanalys har inte körts för den här kommunen i samma körning. "
        "Kör den först (labkit run gör det)."
    )
    assert result.target_groups is None and result.upstream_reason == reason
    note = (
        "**Målgruppsanalysens matris saknas**, och med den källans dataluckor: "
        "Målgruppsanalys har inte körts för den här kommunen i samma körning\\. "
        "Kör den först \\(labkit run gör det\\)\\."
    )
    assert hp.show_source_matrix(result).data == "> " + note
    assert note in hp.show_notes(result).data.split("\n\n")
    assert result.data_gaps["gap"].tolist() == ["dwelling_size", "household_size"]
    figures = hp.key_figures(result)
    assert figures["upstream_missing"] == {"target_groups": reason}
    assert figures["need_total"] > 0  # the records are read all the same


def test_a_failed_target_group_job_is_named_in_english(dataset, tmp_path: Path) -> None:
    handover.fail(tmp_path, "target_groups", "InputDataError: column 'year' missing <b>")
    params = hp.Params(kommun_kod="1402", records="examples", lang="en")
    result = hp.analyse(_load(dataset, params, tmp_path), params)
    assert result.upstream_reason == (
        "Target-group analysis failed in this run: InputDataError: column 'year' missing <b>"
    )
    assert hp.show_source_matrix(result).data == (
        "> **The target-group matrix is missing**, and with it the source's data gaps: Target\\-group "
        "analysis failed in this run: InputDataError: column 'year' missing &lt;b&gt;"
    )


def test_a_municipality_with_no_entries_says_so_and_claims_no_covered_need(
    scb_dir: Path, tmp_path: Path
) -> None:
    """Göteborg on SCB exports has neither journal nor examples: the report says nothing is entered (once),
    and the key findings do not call a need of 0 homes covered (this job failed before)."""
    from labkit.findings import both_languages

    dataset = load_source("scb-exports", str(scb_dir))
    params = hp.Params(kommun_kod="1480", journal=str(tmp_path / "none.sqlite"))
    result = hp.analyse(_load(dataset, params, tmp_path), params)
    assert result.origin == "none"
    assert hp.show_needs(result).data == "*Inga behov är inskrivna ännu\\.*"
    assert hp.show_need_entries(result) is None
    figures = hp.key_figures(result)
    findings = both_languages("housing_provision", figures)
    assert findings["sv"][0] == (
        "Inga behov eller planerade bostäder är inskrivna för kommunen ännu, så det finns inget gap att visa."
    )
    assert findings["en"][0] == (
        "No needs or planned homes have been entered for the municipality yet, so there is no gap to show."
    )
    assert not any("täckt" in line for line in findings["sv"])
