"""The registry of record kinds: one module per method, listed explicitly, each with ``KINDS = (...)``.

To add a method's kinds, write ``labkit/methods/<slug>/kinds.py`` and add its dotted name to
:data:`MODULES` (one line); kinds shared by several methods stay here. Modules are imported on first use,
never at import time of this package (a method's package must export its names lazily, so that importing its
kinds loads no analysis).
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from labkit.capture.records import RecordKind
from labkit.errors import CaptureError

#: The kind modules, in the order exports and imports handle them (referenced kinds first).
MODULES: tuple[str, ...] = (
    "labkit.capture.kinds.common",
    "labkit.methods.cocreation.kinds",
    "labkit.methods.evaluation.kinds",
    "labkit.methods.prototyping.kinds",
    "labkit.methods.ska.kinds",
    "labkit.methods.housing_provision.kinds",
    "labkit.capture.kinds.room",
)


def collect(modules: tuple[str, ...]) -> dict[str, RecordKind]:
    """Import ``modules`` and return their kinds by name, in order.

    Raises
    ------
    ValueError
        If two modules declare a kind with the same name, or a reference points to no kind.
    """
    kinds: dict[str, RecordKind] = {}
    for dotted in modules:
        for kind in importlib.import_module(dotted).KINDS:
            if kind.name in kinds:
                raise ValueError(f"record kind {kind.name!r} declared twice (again in {dotted})")
            kinds[kind.name] = kind
    for kind in kinds.values():
        for spec in kind.fields:
            if spec.ref and spec.ref != "*" and spec.ref not in kinds:
                raise ValueError(f"{kind.name}.{spec.name} refers to unknown kind {spec.ref!r}")
    return kinds


@lru_cache(maxsize=1)
def all_kinds() -> dict[str, RecordKind]:
    """Every registered record kind by name, in registry order."""
    return collect(MODULES)


def _refs(kind: RecordKind, names: list[str]) -> set[str]:
    """The kinds ``kind`` must follow: those it refers to, and every kind for a reference to any record."""
    targets = {spec.ref for spec in kind.fields if spec.ref}
    if "*" in targets:
        return {name for name in names if name != kind.name and not _refs_any(name)}
    return targets - {kind.name}


def _refs_any(name: str) -> bool:
    return any(spec.ref == "*" for spec in all_kinds()[name].fields)


@lru_cache(maxsize=1)
def import_order() -> tuple[str, ...]:
    """The kind names in an order where every kind comes after the kinds it refers to (registry order
    else)."""
    names, done = list(all_kinds()), []
    while len(done) < len(names):
        ready = [n for n in names if n not in done and _refs(all_kinds()[n], names) <= set(done)]
        if not ready:
            raise ValueError(
                "record kinds refer to each other in a cycle: " + ", ".join(set(names) - set(done))
            )
        done.append(ready[0])
    return tuple(done)


def get_kind(name: str) -> RecordKind:
    """The record kind ``name``, or a CaptureError listing the registered kinds."""
    kinds = all_kinds()
    if name not in kinds:
        raise CaptureError(
            "unknown record kind", column="kind", expected="one of " + ", ".join(kinds), found=repr(name)
        )
    return kinds[name]
