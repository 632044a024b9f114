"""Municipality selections for ``--municipality``: codes and names, ``all``, counties and named sets.

A value is one of:

- a municipality: its 4-digit code as text (``1402``) or its name (``Partille``, any case);
- ``all``: every municipality of the data source;
- a county (län): ``län:14`` (also ``lan:14``), ``län:Västra Götalands län`` or just ``Västra Götalands län``;
  the county of a municipality is the first two digits of its code (:data:`COUNTIES_FILE`, from SCB);
- a named set from :data:`SETS_FILE`, such as ``GR`` (Göteborgsregionen's 13 member municipalities).

A county or set covers the municipalities of it that the source holds; members the source lacks are named
in a note, and a county or set with none of its municipalities in the source is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from labkit.data.sources import choices, lost_zero_hint
from labkit.errors import ConfigError

#: The 21 counties (code → name), cited in the file.
COUNTIES_FILE = Path(__file__).with_name("counties.json")

#: Named sets of municipalities (e.g. ``GR``), each cited in the file.
SETS_FILE = Path(__file__).with_name("municipality_sets.json")

#: The word that selects every municipality of the source.
ALL = "all"

#: Prefixes of a county selection (``län:14``; ``lan:`` for keyboards without å/ä/ö).
COUNTY_PREFIXES = ("län:", "lan:")

_OPTION = "--municipality"


@dataclass(frozen=True)
class Selection:
    """The municipality codes chosen (in order, without repeats) and notes on members the source lacks."""

    codes: list[str]
    notes: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def counties() -> dict[str, str]:
    """County code (2 digits, text) → county name, e.g. ``"14" → "Västra Götalands län"``."""
    return dict(json.loads(COUNTIES_FILE.read_text(encoding="utf-8"))["counties"])


@lru_cache(maxsize=1)
def named_sets() -> dict[str, dict[str, str]]:
    """Set name → {municipality code → name}, e.g. ``"GR"`` → its 13 members."""
    sets = json.loads(SETS_FILE.read_text(encoding="utf-8"))["sets"]
    return {name: dict(entry["members"]) for name, entry in sets.items()}


def forms() -> str:
    """The allowed forms of a ``--municipality`` value, as error messages list them."""
    return (
        "a municipality code (4 digits, as text) or name; 'all' (every municipality of the source); "
        "a county as län:<code> or its name (e.g. län:14 or 'Västra Götalands län'); "
        "or a named set (" + ", ".join(named_sets()) + ")"
    )


def county_list() -> str:
    """``"01 Stockholms län, 03 Uppsala län, …"``: every county, for error messages."""
    return ", ".join(f"{code} {name}" for code, name in counties().items())


def select_municipalities(dataset, values: list[str]) -> Selection:
    """The municipality codes that ``values`` select in ``dataset`` (see the module docstring for the forms).

    Raises
    ------
    ConfigError
        For a value of no known form (the message lists the forms, the source's municipalities and the
        named sets), an unknown county code (lists the 21 counties), or a county or set none of whose
        municipalities the source holds.
    """
    table = dataset.municipalities()
    names = dict(zip((str(c) for c in table["kommun_kod"]), (str(n) for n in table["kommun"]), strict=True))
    codes: list[str] = []
    notes: list[str] = []
    for value in values:
        chosen, note = _one(dataset, names, value)
        codes.extend(chosen)
        notes.extend([note] if note else [])
    return Selection(list(dict.fromkeys(codes)), notes)


def _one(dataset, names: dict[str, str], value: str) -> tuple[list[str], str | None]:
    text = str(value).strip()
    folded = text.casefold()
    if text in names:
        return [text], None
    by_name = {name.casefold(): code for code, name in names.items()}
    if folded in by_name:
        return [by_name[folded]], None
    if folded == ALL:
        return list(names), None
    sets = {name.casefold(): name for name in named_sets()}
    if folded in sets:
        return _members(dataset, names, sets[folded], named_sets()[sets[folded]], value)
    county = _county(text)
    if county is not None:
        return _county_members(dataset, names, county, value)
    raise ConfigError(
        "unknown municipality or selection",
        column=_OPTION,
        expected=(
            f"{forms()}; municipalities of source '{dataset.source}': "
            f"{choices(list(names), list(names.values()))}"
        ),
        found=repr(value),
        hint=lost_zero_hint(text, list(names)),
    )


def _county(text: str) -> str | None:
    """The county code a value names (``län:14``, ``län:Västra Götalands län``, ``Västra Götalands län``)."""
    by_name = {name.casefold(): code for code, name in counties().items()}
    prefix = next((p for p in COUNTY_PREFIXES if text.casefold().startswith(p)), None)
    if prefix is None:
        return by_name.get(text.casefold())
    rest = text[len(prefix) :].strip()
    if rest in counties():
        return rest
    if rest.casefold() in by_name:
        return by_name[rest.casefold()]
    raise ConfigError(
        "unknown county",
        column=_OPTION,
        expected=f"län:<code> or län:<name> of a county: {county_list()}",
        found=repr(text),
    )


def _county_members(dataset, names: dict[str, str], county: str, value: str) -> tuple[list[str], None]:
    chosen = [code for code in names if code[:2] == county]
    if not chosen:
        present = sorted({code[:2] for code in names} & set(counties()))
        raise ConfigError(
            "no municipality of the county is in the data source",
            column=_OPTION,
            expected=f"a county of source '{dataset.source}': "
            + ", ".join(f"{code} {counties()[code]}" for code in present),
            found=f"{value!r} ({county} {counties()[county]})",
        )
    return chosen, None


def _members(
    dataset, names: dict[str, str], set_name: str, members: dict[str, str], value: str
) -> tuple[list[str], str | None]:
    chosen = [code for code in names if code in members]
    missing = [f"{code} {name}" for code, name in members.items() if code not in names]
    if not chosen:
        raise ConfigError(
            f"no municipality of the set {set_name} is in the data source",
            column=_OPTION,
            expected=f"a source holding some of {', '.join(f'{c} {n}' for c, n in members.items())}",
            found=f"{value!r} with source '{dataset.source}'",
        )
    note = (
        (
            f"{set_name}: {len(missing)} of {len(members)} municipalities are not in source "
            f"'{dataset.source}' and are left out: {', '.join(missing)}"
        )
        if missing
        else None
    )
    return chosen, note
