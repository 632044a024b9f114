"""Tests for labkit.data.selections: --municipality all, counties (län) and named sets such as GR."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import SCB_DIR

from labkit.cli import main
from labkit.data.dataset import Dataset
from labkit.data.scb_exports import CACHE_ENV, load_scb_exports
from labkit.data.selections import counties, forms, named_sets, select_municipalities
from labkit.data.sources import load_source
from labkit.errors import ConfigError

MINI = Path(__file__).parent / "fixtures" / "exports" / "mini"

#: Göteborgsregionen's members as the brief lists them (goteborgsregionen.se), typed here independently.
GR = {
    "1440": "Ale",
    "1489": "Alingsås",
    "1480": "Göteborg",
    "1401": "Härryda",
    "1384": "Kungsbacka",
    "1482": "Kungälv",
    "1441": "Lerum",
    "1462": "Lilla Edet",
    "1481": "Mölndal",
    "1402": "Partille",
    "1415": "Stenungsund",
    "1419": "Tjörn",
    "1407": "Öckerö",
}

FORMS = (
    "a municipality code (4 digits, as text) or name; 'all' (every municipality of the source); a county as "
    "län:<code> or its name (e.g. län:14 or 'Västra Götalands län'); or a named set (GR)"
)

COUNTY_LIST = (
    "01 Stockholms län, 03 Uppsala län, 04 Södermanlands län, 05 Östergötlands län, "
    "06 Jönköpings län, 07 Kronobergs län, 08 Kalmar län, 09 Gotlands län, 10 Blekinge län, "
    "12 Skåne län, 13 Hallands län, 14 Västra Götalands län, 17 Värmlands län, 18 Örebro län, "
    "19 Västmanlands län, 20 Dalarnas län, 21 Gävleborgs län, 22 Västernorrlands län, "
    "23 Jämtlands län, 24 Västerbottens län, 25 Norrbottens län"
)


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")


@pytest.fixture(scope="module")
def national() -> Dataset:
    return load_scb_exports(SCB_DIR, cache=False)


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return load_source("bundled")


@pytest.fixture(scope="module")
def mini() -> Dataset:
    """0199 Nollby and 9901 Exempelby: no county of the file, no GR member."""
    return load_scb_exports(MINI, cache=False)


def _select(dataset: Dataset, *values: str) -> list[str]:
    return select_municipalities(dataset, list(values)).codes


def test_the_data_files() -> None:
    assert len(counties()) == 21
    assert ", ".join(f"{code} {name}" for code, name in counties().items()) == COUNTY_LIST
    assert named_sets() == {"GR": GR}
    assert forms() == FORMS


def test_county_codes_are_the_prefixes_of_the_national_municipality_codes(national: Dataset) -> None:
    codes = list(national.municipalities()["kommun_kod"])
    assert len(codes) == 290
    assert set(counties()) == {code[:2] for code in codes}


def test_all_is_every_municipality_of_the_source(national: Dataset, bundled: Dataset) -> None:
    assert _select(national, "all") == list(national.municipalities()["kommun_kod"])
    assert len(_select(national, "ALL")) == 290
    assert _select(bundled, "all") == ["1402", "1415", "1441", "1462", "1482"]


@pytest.mark.parametrize(
    "value",
    [
        "län:14",
        "lan:14",
        "LÄN:14",
        "Västra Götalands län",
        "västra götalands län",
        "län:Västra Götalands län",
        " län:14 ",
    ],
)
def test_vastra_gotaland_has_49_municipalities(national: Dataset, value: str) -> None:
    chosen = _select(national, value)
    assert len(chosen) == 49 and all(code.startswith("14") for code in chosen)
    assert set(GR) - {"1384"} < set(chosen) and "1384" not in chosen  # GR's Kungsbacka is in Hallands län


def test_county_sizes(national: Dataset) -> None:
    # Municipalities per county (SCB's division since 2007): Stockholm 26, Skåne 33, Gotland 1, Norrbotten 14.
    assert {code: len(_select(national, f"län:{code}")) for code in ("01", "12", "09", "25")} == {
        "01": 26,
        "12": 33,
        "09": 1,
        "25": 14,
    }
    sizes = Counter(code[:2] for code in national.municipalities()["kommun_kod"])
    assert sum(len(_select(national, f"län:{code}")) for code in counties()) == sum(sizes.values()) == 290


def test_gr_is_its_13_members(national: Dataset) -> None:
    selection = select_municipalities(national, ["GR"])
    assert sorted(selection.codes) == sorted(GR) and selection.notes == []
    names = national.municipalities().set_index("kommun_kod")["kommun"]
    assert {code: names[code] for code in selection.codes} == GR  # the file's names are the data's names
    assert _select(national, "gr") == selection.codes


def test_gr_in_a_source_with_some_members_names_the_missing_ones(bundled: Dataset) -> None:
    selection = select_municipalities(bundled, ["GR"])
    assert selection.codes == ["1402", "1415", "1441", "1462", "1482"]
    assert selection.notes == [
        (
            "GR: 8 of 13 municipalities are not in source 'bundled' and are left out: 1440 Ale, 1489 "
            "Alingsås, 1480 Göteborg, 1401 Härryda, 1384 Kungsbacka, 1481 Mölndal, 1419 Tjörn, 1407 Öckerö"
        )
    ]


def test_forms_combine_in_order_without_repeats(national: Dataset) -> None:
    assert _select(national, "Partille", "0114", "GR", "1402") == ["1402", "0114"] + [
        code for code in national.municipalities()["kommun_kod"] if code in GR and code != "1402"
    ]


def test_unknown_value_lists_the_forms(bundled: Dataset) -> None:
    with pytest.raises(ConfigError) as err:
        select_municipalities(bundled, ["Götet"])
    assert str(err.value) == (
        f"option '--municipality': unknown municipality or selection: expected {FORMS}; municipalities of "
        "source 'bundled': 1402 Partille, 1415 Stenungsund, 1441 Lerum, 1462 Lilla Edet, 1482 Kungälv; "
        "found 'Götet'."
    )


def test_unknown_value_with_a_lost_zero(national: Dataset) -> None:
    with pytest.raises(ConfigError) as err:
        select_municipalities(national, ["114"])
    assert str(err.value) == (
        f"option '--municipality': unknown municipality or selection: expected {FORMS}; municipalities of "
        "source 'scb-exports': 0114 Upplands Väsby, 0115 Vallentuna, 0117 Österåker, 0120 Värmdö, 0123 "
        "Järfälla, 0125 Ekerö, 0126 Huddinge, 0127 Botkyrka, 0128 Salem, 0136 Haninge, 0138 Tyresö, 0139 "
        "Upplands-Bro, 0140 Nykvarn, 0160 Täby, 0162 Danderyd, 0163 Sollentuna, 0180 Stockholm, 0181 "
        "Södertälje, 0182 Nacka, 0183 Sundbyberg, … (290 municipalities in all); found '114'. The leading "
        "zero was probably lost: write the code as text with 4 digits, e.g. '0114' ('0114' is in the "
        "data)."
    )


@pytest.mark.parametrize("value", ["län:99", "län:Götaland", "lan:"])
def test_unknown_county_lists_the_21(bundled: Dataset, value: str) -> None:
    with pytest.raises(ConfigError) as err:
        select_municipalities(bundled, [value])
    assert str(err.value) == (
        "option '--municipality': unknown county: expected län:<code> or län:<name> of a "
        f"county: {COUNTY_LIST}; found {value!r}."
    )


def test_county_without_municipalities_in_the_source(bundled: Dataset) -> None:
    with pytest.raises(ConfigError) as err:
        select_municipalities(bundled, ["län:01"])
    assert str(err.value) == (
        "option '--municipality': no municipality of the county is in the data source: "
        "expected a county of source 'bundled': 14 Västra Götalands län; "
        "found 'län:01' (01 Stockholms län)."
    )


def test_set_without_members_in_the_source(mini: Dataset) -> None:
    with pytest.raises(ConfigError) as err:
        select_municipalities(mini, ["GR"])
    assert str(err.value) == (
        "option '--municipality': no municipality of the set GR is in the data source: expected a source "
        "holding some of "
        + ", ".join(f"{code} {name}" for code, name in GR.items())
        + "; found 'GR' with source "
        "'scb-exports'."
    )
    assert _select(mini, "all") == ["0199", "9901"]


def test_cli_prints_a_note_for_members_the_source_lacks(
    bundled: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    from labkit.cli import _municipalities

    assert _municipalities(bundled, ["GR"]) == [
        ("1402", "Partille"),
        ("1415", "Stenungsund"),
        ("1441", "Lerum"),
        ("1462", "Lilla Edet"),
        ("1482", "Kungälv"),
    ]
    assert capsys.readouterr().err == (
        "labkit: note: GR: 8 of 13 municipalities are not in source 'bundled' and are left out: 1440 Ale, "
        "1489 Alingsås, 1480 Göteborg, 1401 Härryda, 1384 Kungsbacka, 1481 Mölndal, 1419 Tjörn, 1407 Öckerö\n"
    )
    assert _municipalities(bundled, []) == _municipalities(bundled, ["all"])  # the default: bundled's five


def test_cli_unknown_municipality_lists_the_forms(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--municipality", "9999"]) == 2
    assert capsys.readouterr().err == (
        f"labkit: error: option '--municipality': unknown municipality or selection: expected {FORMS}; "
        "municipalities of source 'bundled': 1402 Partille, 1415 Stenungsund, 1441 Lerum, 1462 Lilla Edet, "
        "1482 Kungälv; found '9999'.\n"
    )


@pytest.mark.parametrize(("value", "count"), [("all", 290), ("län:14", 49), ("GR", 13), ("GR,län:13", 18)])
def test_a_run_plans_one_job_per_selected_municipality(tmp_path: Path, value: str, count: int) -> None:
    from labkit.cli import _plan, build_parser

    args = build_parser().parse_args(
        [
            "run",
            "--source",
            "scb-exports",
            "--data-dir",
            str(SCB_DIR),
            "--municipality",
            value,
            "--method",
            "target_groups",
            "--out",
            str(tmp_path / "reports"),
        ]
    )
    jobs, out, _ = _plan(args)
    assert out == tmp_path / "reports"
    assert len(jobs) == count == len({job.kommun_kod for job in jobs})
    assert {job.slug for job in jobs} == {"target_groups"}
    assert all(
        job.params["kommun"] == job.kommun_kod and job.out_dir == str(out / job.kommun_kod) for job in jobs
    )
