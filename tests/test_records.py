"""Record kinds and fields: coercion of typed-in values, whole error messages, the kind registry."""

from __future__ import annotations

import datetime as dt
import sys
import types

import numpy as np
import pandas as pd
import pytest

from labkit.capture.kinds import MODULES, all_kinds, collect, get_kind
from labkit.capture.kinds.common import LADDER, ROLES
from labkit.capture.records import Field, RecordKind, is_missing
from labkit.errors import CaptureError


def _message(spec: Field, value: object) -> str:
    with pytest.raises(CaptureError) as err:
        spec.coerce(value, "demo")
    return str(err.value)


@pytest.mark.parametrize(
    ("value", "expected"), [(3, 3), ("3", 3), (" 4 ", 4), (2.0, 2), (np.int64(1), 1), ("−1", -1)]
)
def test_int_fields_accept_whole_numbers_as_typed(value: object, expected: int) -> None:
    assert Field("n", "int").coerce(value) == expected


@pytest.mark.parametrize("value", ["3.5", 2.5, True, "tre", "1e3"])
def test_int_fields_reject_anything_else(value: object) -> None:
    assert _message(Field("n", "int", low=1, high=4), value) == (
        "column 'n': not a whole number in a demo record: expected a whole number from 1 to 4; found "
        f"{value!r}."
    )


def test_float_fields_accept_a_decimal_comma() -> None:
    assert Field("x", "float").coerce("2,5") == 2.5
    assert _message(Field("x", "float", low=0), "nan") == (
        "column 'x': not a number in a demo record: expected a number of at least 0; found 'nan'."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), ("True", True), ("ja", True), ("nej", False), (0, False), ("FALSE", False)],
)
def test_bool_fields(value: object, expected: bool) -> None:
    assert Field("b", "bool").coerce(value) is expected


def test_bool_fields_reject_other_words() -> None:
    assert _message(Field("b", "bool"), "kanske") == (
        "column 'b': not True or False in a demo record: expected True or False; found 'kanske'."
    )


def test_date_fields() -> None:
    assert Field("d", "date").coerce(dt.date(2019, 3, 19)) == "2019-03-19"
    assert Field("d", "date").coerce(" 2019-03-19 ") == "2019-03-19"
    assert _message(Field("d", "date"), "2019-02-30") == (
        "column 'd': not a date in a demo record: expected a date YYYY-MM-DD; found '2019-02-30'."
    )
    assert _message(Field("d", "date"), "19/3 2019") == (
        "column 'd': not a date in a demo record: expected a date YYYY-MM-DD; found '19/3 2019'."
    )


def test_text_fields_strip_and_limit() -> None:
    assert Field("t").coerce("  Trygg passage  ") == "Trygg passage"
    assert Field("t").coerce(12) == "12"
    assert _message(Field("t"), "x" * 4001) == (
        "column 't': text too long in a demo record: expected text of at most 4000 characters; found 4001 "
        "characters."
    )


def test_choices_and_patterns() -> None:
    role = Field("role", choices=ROLES)
    assert role.coerce(" invånare ") == "invånare"
    assert _message(role, "Invånare") == (
        "column 'role': value not allowed in a demo record: expected one of "
        "invånare, tjänsteperson, exploatör, civilsamhälle, politiker; found "
        "'Invånare'."
    )
    area = get_kind("participant").field("home_area")
    assert area.coerce("1402R003") == "1402R003"
    assert _message(area, "Centrum") == (
        r"column 'home_area': value not allowed in a demo record: expected text "
        r"matching \d{4}[A-Z][0-9A-Z]{3,5}; found 'Centrum'."
    )


def test_integer_choices() -> None:
    vote = get_kind("statement_vote").field("vote")
    assert vote.coerce("-1") == -1
    assert _message(vote, 2) == (
        "column 'vote': value not allowed in a demo record: expected one of 1, 0, -1; found 2."
    )


@pytest.mark.parametrize("value", [None, "", "  ", float("nan"), pd.NA, np.nan])
def test_missing_values(value: object) -> None:
    assert is_missing(value)
    assert Field("t", required=False).coerce(value) is None
    assert _message(Field("t"), value) == (
        "column 't': missing value in a demo record: expected text of at most 4000 characters; found nothing."
    )


def test_field_types_and_names_are_checked_when_declared() -> None:
    with pytest.raises(ValueError, match="type must be one of str, int, float, bool, date"):
        Field("x", "text")
    with pytest.raises(ValueError, match="field name 'author' is reserved"):
        Field("author")


def test_validate_returns_every_field_in_order() -> None:
    kind = get_kind("participant")
    assert kind.validate({"role": "politiker", "pseudonym": "P3"}) == {
        "pseudonym": "P3",
        "role": "politiker",
        "age_band": None,
        "gender": None,
        "home_area": None,
        "name": None,
    }


def test_validate_lists_the_fields_of_an_unknown_one() -> None:
    with pytest.raises(CaptureError) as err:
        get_kind("stakeholder").validate({"name": "X", "power": 1, "interest": 2, "makt": 3})
    assert str(err.value) == (
        "column 'makt': unknown field for record kind 'stakeholder': expected one of name, "
        "power, interest, category, note; found 'makt'."
    )


def test_registry_order_and_titles() -> None:
    kinds = all_kinds()
    assert list(kinds)[:11] == [
        "participant",
        "activity",
        "retraction",
        "idea",
        "yes_and",
        "idea_card",
        "priority_score",
        "dot",
        "statement",
        "statement_vote",
        "stakeholder",
    ]
    assert kinds["yes_and"].title() == "Ja, och …" and kinds["yes_and"].title("en") == "Yes, and …"
    assert kinds["activity"].field("level").choices == LADDER
    assert MODULES[:2] == ("labkit.capture.kinds.common", "labkit.methods.cocreation.kinds")


def _module(name: str, kinds: tuple[RecordKind, ...], monkeypatch: pytest.MonkeyPatch) -> str:
    module = types.ModuleType(name)
    module.KINDS = kinds
    monkeypatch.setitem(sys.modules, name, module)
    return name


def test_adding_a_kind_module_is_one_name(monkeypatch: pytest.MonkeyPatch) -> None:
    extra = _module(
        "fake_kinds",
        (RecordKind("prototype_test", "Test", "Test", (Field("idea", ref="idea"),)),),
        monkeypatch,
    )
    kinds = collect((*MODULES, extra))
    assert list(kinds)[-1] == "prototype_test"


def test_registry_refuses_duplicates_and_dangling_references(monkeypatch: pytest.MonkeyPatch) -> None:
    twice = _module("twice", (RecordKind("idea", "Idé", "Idea"),), monkeypatch)
    with pytest.raises(ValueError, match="record kind 'idea' declared twice"):
        collect((*MODULES, twice))
    dangling = _module("dangling", (RecordKind("x", "X", "X", (Field("y", ref="nothing"),)),), monkeypatch)
    with pytest.raises(ValueError, match="x.y refers to unknown kind 'nothing'"):
        collect((*MODULES, dangling))


def test_import_order_puts_referenced_kinds_first() -> None:
    from labkit.capture.kinds import import_order

    order = import_order()
    assert order[:10] == (
        "participant",
        "activity",
        "idea",
        "yes_and",
        "idea_card",
        "priority_score",
        "dot",
        "statement",
        "statement_vote",
        "stakeholder",
    )
    assert order[-1] == "retraction" and sorted(order) == sorted(all_kinds())
    for kind in order:  # every kind after the kinds it refers to
        refs = {f.ref for f in all_kinds()[kind].fields if f.ref and f.ref != "*"}
        assert all(order.index(ref) < order.index(kind) for ref in refs if ref != kind)
