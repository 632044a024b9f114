"""Rules a record must pass inside the writing transaction: unique values, live references, settings.

:class:`View` is what a record check sees: the live (not retracted) records and the settings, read on
the connection that holds the write lock, so two writers can never both pass a rule that only one may.
"""

from __future__ import annotations

import json
import re
import sqlite3

from labkit.capture.kinds import get_kind
from labkit.capture.records import Draft, Field, RecordKind, is_missing
from labkit.errors import CaptureError
from labkit.methods.cocreation.kinds import DEFAULT_DOTS

#: Journal settings: the field that checks a value, and the value before anyone sets it.
SETTINGS: dict[str, tuple[Field, object]] = {
    "store_names": (Field("store_names", "bool", help="store participants' names"), False),
    "dots_per_participant": (
        Field(
            "dots_per_participant", "int", low=1, high=10, help="dots each participant may place per workshop"
        ),
        DEFAULT_DOTS,
    ),
}

#: SQL condition on a record aliased ``r``: no retraction points at it. One look-up in the index of retracted
#: ids per record: ``+r.id`` (an expression without the column's text affinity) lets SQLite search the
#: ``records_retracted`` expression index instead of reading every retraction for every record.
LIVE = (
    "NOT EXISTS (SELECT 1 FROM records x WHERE x.kind = 'retraction' "
    "AND json_extract(x.fields, '$.record') = +r.id)"
)


class View:
    """Live records and settings as a record check sees them, on the writing connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, kind: str, *, workshop_id: str | None = None, **equals: object) -> list[dict]:
        """Live records of ``kind`` (in one workshop if given) whose fields (or ``id``) equal ``equals``."""
        sql = f"SELECT id, workshop_id, fields FROM records r WHERE kind = ? AND {LIVE}"
        args: list[object] = [kind]
        if workshop_id is not None:
            sql, args = sql + " AND workshop_id = ?", [*args, workshop_id]
        for name, value in equals.items():
            if not re.fullmatch(r"[a-z_]+", name):
                raise ValueError(f"bad field name {name!r}")
            sql += " AND id = ?" if name == "id" else f" AND json_extract(fields, '$.{name}') = ?"
            args.append(value)
        rows = self.conn.execute(sql + " ORDER BY seq", args).fetchall()
        return [{**json.loads(fields), "id": rid, "workshop_id": wid} for rid, wid, fields in rows]

    def any_live(self, record_id: str) -> bool:
        """True when a live record of any kind has ``record_id``."""
        sql = f"SELECT 1 FROM records r WHERE id = ? AND {LIVE}"
        return self.conn.execute(sql, (record_id,)).fetchone() is not None

    def setting(self, name: str) -> object:
        """The latest value of a setting, or its default."""
        _, default = setting_spec(name)
        row = self.conn.execute(
            "SELECT value FROM settings WHERE name = ? ORDER BY seq DESC LIMIT 1", (name,)
        ).fetchone()
        return default if row is None else json.loads(row[0])


def setting_spec(name: str) -> tuple[Field, object]:
    """The checking field and default of a setting, or a CaptureError listing the settings."""
    if name not in SETTINGS:
        raise CaptureError(
            "unknown journal setting",
            column="setting",
            expected="one of " + ", ".join(SETTINGS),
            found=repr(name),
        )
    return SETTINGS[name]


def check_unique(view: View, spec: RecordKind, draft: Draft) -> None:
    """Refuse a record whose ``unique`` fields equal those of a live record of the same workshop."""
    if not spec.unique:
        return
    equals = {name: draft.fields[name] for name in spec.unique}
    clash = view.rows(spec.name, workshop_id=draft.workshop_id, **equals)
    if clash:
        shown = ", ".join(f"{name} {value!r}" for name, value in equals.items())
        raise CaptureError(
            f"a {spec.name} record with these values already exists in this workshop",
            column=spec.unique[-1],
            expected=f"one live {spec.name} record per " + _and(["workshop", *spec.unique]),
            found=f"{shown} (record {clash[0]['id']})",
            hint="Retract the earlier record first if it was a mistake.",
        )


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def check_refs(view: View, spec: RecordKind, draft: Draft) -> None:
    """Refuse a reference to no live record (of the field's ``ref`` kind, or of any kind for ``"*"``)."""
    for field in spec.fields:
        value = draft.fields.get(field.name)
        if not field.ref or value is None or is_missing(value):
            continue
        if field.ref == "*":
            if not view.any_live(value):
                raise CaptureError(
                    "no live record has this id",
                    column=field.name,
                    expected="the id of a live record in this journal",
                    found=repr(value),
                )
            continue
        check_ref(view, get_kind(field.ref), field, draft)


def check_ref(view: View, target: RecordKind, field: Field, draft: Draft) -> None:
    """Refuse a reference to no live ``target``; list the values that exist when there are few."""
    value = draft.fields[field.name]
    scope = None if target.key == "id" else draft.workshop_id
    if view.rows(target.name, workshop_id=scope, **{target.key: value}):
        return
    known = [str(row[target.key]) for row in view.rows(target.name, workshop_id=scope)]
    where = "in this journal" if scope is None else f"in workshop {scope!r}"
    if 0 < len(known) <= 20:
        expected = "one of " + ", ".join(sorted(known))
    else:
        expected = f"the {target.key} of a {target.name} recorded {where}"
    raise CaptureError(f"unknown {target.name}", column=field.name, expected=expected, found=repr(value))
