"""Tests for labkit.data.jsonstat: JSON-stat 2.0 and PxWebApi v1 answers to tidy frames."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from labkit.data.jsonstat import parse_jsonstat, parse_pxweb_v1
from labkit.errors import InputDataError

RECORDED = Path(__file__).parent / "fixtures" / "recorded"
V1_FILES = (
    "pxweb_v1_BefolkningNy_kungsbacka_2024_age0-49.json",
    "pxweb_v1_BefolkningNy_kungsbacka_2024_age50-99.json",
)


def small_dataset() -> dict:
    """Two regions x three years, row-major with the last dimension fastest; one suppressed cell."""
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "Folkmängd",
        "id": ["Region", "Tid"],
        "size": [2, 3],
        "dimension": {
            "Region": {
                "label": "region",
                "category": {
                    "index": {"0114": 0, "1402R003": 1},
                    "label": {"0114": "Upplands Väsby", "1402R003": "Partille (Furulund)"},
                },
            },
            "Tid": {"label": "år", "category": {"index": ["2021", "2022", "2023"]}},
        },
        "value": [1, 2, 3, 4, None, 6],
        "status": {"4": ".."},
    }


def test_cells_follow_row_major_order_with_codes_and_labels_as_text():
    frame = parse_jsonstat(small_dataset(), "x.json")
    assert frame["Region"].tolist() == ["0114"] * 3 + ["1402R003"] * 3
    assert frame["Tid"].tolist() == ["2021", "2022", "2023"] * 2
    assert frame["Region_label"].tolist() == ["Upplands Väsby"] * 3 + ["Partille (Furulund)"] * 3
    assert frame["Tid_label"].tolist() == ["2021", "2022", "2023"] * 2  # no labels: the code
    assert frame["value"].tolist()[:4] == [1.0, 2.0, 3.0, 4.0] and frame["value"].iloc[5] == 6.0
    assert math.isnan(frame["value"].iloc[4])
    assert frame["status"].fillna("").tolist() == ["", "", "", "", "..", ""]
    assert str(frame["Region"].dtype) == "string" and str(frame["value"].dtype) == "float64"
    assert str(frame["status"].dtype) == "string"


def test_attrs_carry_title_and_dimension_labels():
    frame = parse_jsonstat(small_dataset())
    assert frame.attrs["label"] == "Folkmängd"
    assert frame.attrs["dimensions"] == {"Region": "region", "Tid": "år"}


def test_index_order_not_key_order_decides_positions():
    data = small_dataset()
    data["dimension"]["Region"]["category"]["index"] = {"1402R003": 1, "0114": 0}
    assert parse_jsonstat(data)["Region"].tolist()[:4] == ["0114", "0114", "0114", "1402R003"]


def test_sparse_values_single_category_without_index_and_status_string():
    data = {
        "version": "2.0",
        "class": "dataset",
        "id": ["ContentsCode", "Tid"],
        "size": [1, 2],
        "dimension": {
            "ContentsCode": {"label": "tabellinnehåll", "category": {"label": {"000005QX": "Områdestyp"}}},
            "Tid": {"category": {"index": {"2022": 0, "2023": 1}}},
        },
        "value": {"1": 4},
        "status": "p",
    }
    frame = parse_jsonstat(data)
    assert frame["ContentsCode"].tolist() == ["000005QX", "000005QX"]
    assert frame["ContentsCode_label"].tolist() == ["Områdestyp", "Områdestyp"]
    assert math.isnan(frame["value"].iloc[0]) and frame["value"].iloc[1] == 4.0
    assert frame["status"].tolist() == ["p", "p"]


def test_recorded_pxwebapi_v2_answer_is_parsed_cell_by_cell():
    data = json.loads((RECORDED / "scb_TAB6683_1462.json").read_text(encoding="utf-8"))
    frame = parse_jsonstat(data, "scb_TAB6683_1462.json")
    assert len(frame) == 8 * 2 * 1 * 1 * 4
    cell = frame[
        (frame["Region"] == "1462R007")
        & (frame["Inkomstkomponenter"] == "LONEINK")
        & (frame["Tid"] == "2023")
    ]
    assert cell["status"].tolist() == [".."] and math.isnan(cell["value"].iloc[0])
    first = frame.iloc[0]
    assert (first["Region_label"], first["Inkomstkomponenter_label"], first["value"]) == (
        "Lilla Edet (Göta)",
        "löneinkomst ",
        240.0,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d.pop("value"),
            (
                "x.json: malformed JSON-stat 2.0 dataset: expected keys id, size, dimension, value; found no "
                "value."
            ),
        ),
        (
            lambda d: d.update(value=[1, 2, 3]),
            "x.json: malformed JSON-stat 2.0 dataset: expected 6 values (the product of size); found 3.",
        ),
        (
            lambda d: d.update(size=[2, 4]),
            (
                "x.json: malformed JSON-stat 2.0 dataset: expected 4 categories in dimension 'Tid' (its "
                "size); found 3."
            ),
        ),
        (
            lambda d: d.update(size=[6]),
            "x.json: malformed JSON-stat 2.0 dataset: expected 2 sizes (one per id); found 1.",
        ),
        (
            lambda d: d.update({"class": "collection"}),
            "x.json: malformed JSON-stat 2.0 dataset: expected class 'dataset'; found 'collection'.",
        ),
        (
            lambda d: d["value"].__setitem__(0, "12"),
            "x.json: malformed JSON-stat 2.0 dataset: expected a number or null at value[0]; found '12'.",
        ),
        (
            lambda d: d["dimension"].pop("Tid"),
            (
                "x.json: malformed JSON-stat 2.0 dataset: expected dimension 'Tid' with a category object; "
                "found None."
            ),
        ),
    ],
)
def test_malformed_datasets_are_reported_with_what_was_expected(change, message):
    data = small_dataset()
    change(data)
    with pytest.raises(InputDataError) as caught:
        parse_jsonstat(data, "x.json")
    assert str(caught.value) == message


def test_a_list_is_not_a_dataset():
    with pytest.raises(InputDataError) as caught:
        parse_jsonstat([1, 2], "https://example.test/data")
    assert str(caught.value) == (
        "https://example.test/data: malformed JSON-stat 2.0 dataset: "
        "expected a JSON object (JSON-stat 2.0 dataset); found list."
    )


def read_v1(scb_dir: Path) -> pd.DataFrame:
    """Both real v1 answers (Kungsbacka 2024, ages 0-49 and 50-99), read in place."""
    frames = [
        parse_pxweb_v1(json.loads((scb_dir / name).read_text(encoding="utf-8")), name) for name in V1_FILES
    ]
    return pd.concat(frames, ignore_index=True)


def test_real_v1_answers_parse_to_one_row_per_cell(scb_dir):
    frame = read_v1(scb_dir)
    assert list(frame.columns) == [
        "Region",
        "Alder",
        "Kon",
        "Tid",
        "ContentsCode",
        "ContentsCode_label",
        "value",
        "status",
    ]
    assert len(frame) == 2 * 100 * 2  # 100 age x sex rows per file, two contents each
    assert frame["Alder"].drop_duplicates().tolist() == [str(age) for age in range(100)]
    assert set(frame["Region"]) == {"1384"} and set(frame["Tid"]) == {"2024"}
    assert frame.loc[frame["ContentsCode"] == "BE0101N1", "ContentsCode_label"].iloc[0] == "Folkmängd"
    assert frame["status"].isna().all()


def test_real_v1_population_sums_match_hand_sums_and_kolada(scb_dir, shared_data):
    population = read_v1(scb_dir).query("ContentsCode == 'BE0101N1'")
    by_sex = population.groupby("Kon")["value"].sum()
    # hand sums over the raw files (summing the 'values'[0] strings as ints)
    assert by_sex.to_dict() == {"1": 42691.0, "2": 43083.0}
    assert population["value"].sum() == 85774.0
    kolada = pd.read_csv(
        shared_data / "kolada" / "gr_population_N01951_1970_2024.csv", dtype={"kommunkod": str}
    )
    total_2024 = kolada.query("kommunkod == '1384' and year == 2024")["population_31dec"].item()
    assert total_2024 - population["value"].sum() == 18.0  # the residents aged 100+, not in ages 0-99


def test_real_v1_growth_keeps_negative_numbers(scb_dir):
    growth = read_v1(scb_dir).query("ContentsCode == 'BE0101N2'")
    first = growth.iloc[0]
    assert (first["Alder"], first["Kon"], first["value"]) == ("0", "1", -17.0)


def test_v1_markers_stay_missing():
    data = {
        "columns": [
            {"code": "Region", "type": "d"},
            {"code": "Tid", "type": "t"},
            {"code": "X1", "text": "Antal", "type": "c"},
        ],
        "data": [{"key": ["0114", "2023"], "values": [".."]}, {"key": ["0115", "2023"], "values": ["12"]}],
    }
    frame = parse_pxweb_v1(data)
    assert math.isnan(frame["value"].iloc[0]) and frame["value"].iloc[1] == 12.0
    assert frame["status"].fillna("").tolist() == ["..", ""]
    assert frame["Region"].tolist() == ["0114", "0115"]


def test_v1_row_with_wrong_parts_is_reported():
    data = {
        "columns": [{"code": "Region", "type": "d"}, {"code": "X1", "type": "c"}],
        "data": [{"key": ["0114"], "values": ["1"]}, {"key": ["0114", "2023"], "values": ["1"]}],
    }
    with pytest.raises(InputDataError) as caught:
        parse_pxweb_v1(data, "answer.json")
    assert str(caught.value) == (
        "answer.json: malformed PxWebApi v1 data row 1: expected 1 key parts and 1 values; found 2 and 1."
    )


def test_jsonstat_is_not_a_v1_answer():
    with pytest.raises(InputDataError) as caught:
        parse_pxweb_v1(small_dataset(), "answer.json")
    assert str(caught.value) == (
        "answer.json: not a PxWebApi v1 JSON answer: expected keys columns, data; "
        "found ['class', 'dimension', 'id', 'label', 'size']."
    )
