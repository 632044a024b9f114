"""Tests for labkit.data.sources: choosing a source, default municipalities, resolving a municipality."""

from __future__ import annotations

import dataclasses
import sys
import types
from pathlib import Path

import pytest
from conftest import SCB_DIR

from labkit.data.dataset import Dataset
from labkit.data.scb_exports import CACHE_ENV, load_scb_exports
from labkit.data.sources import SOURCES, default_municipalities, load_source, resolve_municipality
from labkit.errors import ConfigError

MINI = Path(__file__).parent / "fixtures" / "exports" / "mini"


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep tests out of the user's cache folder."""
    monkeypatch.setenv(CACHE_ENV, "off")


@pytest.fixture(scope="module")
def national() -> Dataset:
    """The real national exports (290 municipalities)."""
    return load_scb_exports(SCB_DIR, cache=False)


@pytest.fixture(scope="module")
def mini() -> Dataset:
    """The hand-made exports: 0199 Nollby and 9901 Exempelby."""
    return load_scb_exports(MINI, cache=False)


def test_sources_are_bundled_and_scb_exports() -> None:
    assert SOURCES == ("bundled", "scb-exports")


def test_unknown_source_lists_the_allowed_values() -> None:
    with pytest.raises(ConfigError) as err:
        load_source("scb-api")
    assert str(err.value) == "unknown data source: expected one of 'bundled', 'scb-exports'; found 'scb-api'."


def test_scb_exports_needs_a_data_folder() -> None:
    with pytest.raises(ConfigError) as err:
        load_source("scb-exports")
    assert str(err.value) == (
        "parameter 'data_dir': the scb-exports source needs a data folder: "
        "expected a folder with CSV exports from Statistikdatabasen; found None."
    )


def test_scb_exports_loads_the_folder() -> None:
    dataset = load_source("scb-exports", MINI)
    assert dataset.source == "scb-exports"
    assert dataset.municipalities()["kommun_kod"].tolist() == ["0199", "9901"]


def test_bundled_is_loaded_lazily_with_the_folder(monkeypatch: pytest.MonkeyPatch, mini: Dataset) -> None:
    calls: list[object] = []
    fake = types.ModuleType("labkit.data.bundled")

    def load_bundled(data_dir: object = None) -> Dataset:
        calls.append(data_dir)
        return dataclasses.replace(mini, source="bundled")

    fake.load_bundled = load_bundled  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "labkit.data.bundled", fake)
    assert load_source("bundled").source == "bundled"
    assert load_source("bundled", "data").source == "bundled"
    assert calls == [None, "data"]


def test_default_municipalities_of_the_national_exports_are_the_five(national: Dataset) -> None:
    assert default_municipalities(national) == ["1482", "1441", "1462", "1402", "1415"]


def test_default_municipalities_without_focus_ones_are_all(mini: Dataset) -> None:
    assert default_municipalities(mini) == ["0199", "9901"]


def test_default_municipalities_of_bundled_are_all_of_them(mini: Dataset) -> None:
    assert default_municipalities(dataclasses.replace(mini, source="bundled")) == ["0199", "9901"]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1402", "1402"),
        ("Partille", "1402"),
        ("lilla edet", "1462"),
        (" GÖTEBORG ", "1480"),
        ("0114", "0114"),
    ],
)
def test_resolve_by_code_or_name(national: Dataset, value: str, code: str) -> None:
    assert resolve_municipality(national, value) == code


def test_code_without_leading_zero_is_rejected_with_a_hint(national: Dataset) -> None:
    first = (
        "0114 Upplands Väsby, 0115 Vallentuna, 0117 Österåker, 0120 Värmdö, 0123 Järfälla, 0125 Ekerö, "
        "0126 Huddinge, 0127 Botkyrka, 0128 Salem, 0136 Haninge, 0138 Tyresö, 0139 Upplands-Bro, "
        "0140 Nykvarn, 0160 Täby, 0162 Danderyd, 0163 Sollentuna, 0180 Stockholm, 0181 Södertälje, "
        "0182 Nacka, 0183 Sundbyberg"
    )
    with pytest.raises(ConfigError) as err:
        resolve_municipality(national, "114")
    assert str(err.value) == (
        f"unknown municipality: expected a 4-digit code as text or a name: {first}, … (290 municipalities "
        "in all); found '114'. The leading zero was probably lost: write the code as text with 4 digits, "
        "e.g. '0114' ('0114' is in the data)."
    )


def test_unknown_name_lists_all_choices_when_few(mini: Dataset) -> None:
    with pytest.raises(ConfigError) as err:
        resolve_municipality(mini, "Partille")
    assert str(err.value) == (
        "unknown municipality: expected a 4-digit code as text or a name: 0199 Nollby, 9901 Exempelby; "
        "found 'Partille'."
    )


def test_three_digit_code_absent_even_with_zero(mini: Dataset) -> None:
    with pytest.raises(ConfigError) as err:
        resolve_municipality(mini, 114)  # type: ignore[arg-type]
    assert str(err.value) == (
        "unknown municipality: expected a 4-digit code as text or a name: 0199 Nollby, 9901 Exempelby; "
        "found 114. The leading zero was probably lost: write the code as text with 4 digits, e.g. '0114'."
    )
