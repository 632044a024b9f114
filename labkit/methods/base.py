"""The method contract: the files every method has, its parameters declared once, one rule for records.

Every method is a package ``labkit.methods.<slug>`` with the same modules:

========== ==========================================================================================
params     ``Params``: a frozen dataclass derived from :class:`MethodParams`; each field declared once
           with :func:`param` (default, English help, check, and how the notebook spells it)
inputs     ``Inputs`` and ``load_inputs(ctx, params) -> Inputs`` (reads data, records, upstream results)
analysis   ``Result`` and the pure ``analyse(inputs, params) -> Result``
figures    ``key_figures(result) -> dict`` (what ``<slug>.results.json`` holds)
display    tables and charts; imports ``Result`` for typing only
text       the reader's texts in Swedish and English
========== ==========================================================================================

and, where the method has them, ``kinds`` (record kinds of the lab journal), ``widgets`` (workshop views),
``examples`` (example records) and a ``handouts/`` folder. ``tests/test_contract.py`` walks the registry and
checks every method against this list, and that no import cycle joins its modules.

A method that builds on another names it in the registry (``Method(..., needs=("target_groups",))``); the
runner runs the upstream job first, and the method reads its result with ``ctx.upstream("target_groups")``,
which gives the result or the recorded reason why it is missing (:class:`Upstream`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol, Self, runtime_checkable

from labkit.errors import CaptureError
from labkit.i18n import LANGUAGES
from labkit.validators import check_choice, check_kommun_kod, check_text

#: Modules every method has.
REQUIRED = ("params", "inputs", "analysis", "figures", "display", "text")
#: Modules a method has when it has such things (kinds of records, workshop views, example records).
OPTIONAL = ("kinds", "widgets", "examples")
#: Where a method's records come from (:func:`read_records`).
RECORD_CHOICES = ("auto", "journal", "examples")

#: The parameters the runner sets in every notebook, with their notebook type, default and help.
RUNNER_CELL = (
    ("kommun", "str", '"1402"', "municipality: 4-digit code as text, or its name"),
    ("source", "str", '"bundled"', "data source: bundled or scb-exports"),
    ("data_dir", "str", '""', "folder with the source's files; empty means the source's default"),
    ("lang", "str", '"sv"', "report language: sv or en"),
    ("out_dir", "str", '""', "output folder; empty means reports/interactive/<kommun_kod>"),
)


@runtime_checkable
class MethodModule(Protocol):
    """What ``labkit.methods.<slug>`` exports (its ``__init__`` re-exports these from the contract files)."""

    SLUG: str
    Params: type
    Inputs: type
    Result: type

    def load_inputs(self, ctx: Any, params: Any) -> Any: ...

    def analyse(self, inputs: Any, params: Any) -> Any: ...

    def key_figures(self, result: Any) -> dict: ...


def lazy_exports(package: str, modules: Mapping[str, tuple[str, ...]]):
    """``__getattr__`` and ``__dir__`` of a method package that loads its exported names on first use
    (PEP 562).

    ``modules`` maps each module of the method to the names it exports. A method whose record kinds the lab
    journal imports (``kinds.py``) uses this, so that importing its kinds loads no analysis, chart or widget
    module. Any other module of the package is imported when asked for by name.
    """
    import importlib
    import importlib.util

    exports = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str) -> Any:
        namespace = vars(importlib.import_module(package))
        if name not in exports:
            if importlib.util.find_spec(f"{package}.{name}") is None:
                raise AttributeError(f"module {package!r} has no attribute {name!r}")
            return importlib.import_module(f"{package}.{name}")
        value = getattr(importlib.import_module(f"{package}.{exports[name]}"), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(importlib.import_module(package)), *exports})

    return __getattr__, __dir__


def param(
    default: Any,
    help: str,
    *,
    check: Callable[[str, Any], object] | None = None,
    parse: Callable[[Any], Any] | None = None,
    notebook: Any = MISSING,
    kind: str = "",
) -> Any:
    """Declare one parameter of a method: its default, English help and check, in one place.

    ``notebook`` is the value as the notebook's parameters cell writes it when that differs from the default
    (``year=0`` for None, ``"13-25"`` for ``(13, 25)``), and ``parse`` turns a notebook value into the field's
    value. ``kind`` is the notebook type (``str``, ``int``, ``float`` or ``bool``), taken from the notebook
    value when not given.
    """
    shown = default if notebook is MISSING else notebook
    meta = {
        "help": help,
        "check": check,
        "parse": parse,
        "notebook": shown,
        "kind": kind or type(shown).__name__,
    }
    if isinstance(default, (list, dict, set)):
        raise TypeError("a parameter default must be immutable (use a tuple)")
    return field(default=default, metadata=meta)


def records_param(what: str) -> Any:
    """The ``records`` parameter of a method with journal records (``what``: its records, e.g. "SKA")."""
    return param(
        "auto",
        f"auto (the journal if it has {what} records, else the examples), journal or examples",
        check=lambda name, value: check_choice(name, value, RECORD_CHOICES),
    )


def journal_param() -> Any:
    """The ``journal`` parameter of a method with journal records."""
    return param(
        "",
        "lab journal file; empty means labs/<kommun_kod>/labbok.sqlite in the project",
        check=lambda name, value: check_text(name, value),
    )


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


@dataclass(frozen=True)
class MethodParams:
    """Base of every method's ``Params``: the municipality, the language, then the method's own fields."""

    #: Record kinds and the like are checked by fields; cross-field rules go in :meth:`validate`.
    kommun_kod: str
    lang: str = "sv"

    #: True for a run-wide method (its ``kommun_kod`` is the run's region marker, not a municipality).
    REGION_SCOPE: ClassVar[bool] = False

    def __post_init__(self) -> None:
        if not self.REGION_SCOPE:
            check_kommun_kod(self.kommun_kod)
        check_choice("lang", self.lang, LANGUAGES)
        for item in self.declared():
            check = item.metadata.get("check")
            if check is not None:
                check(item.name, getattr(self, item.name))
        self.validate()

    def validate(self) -> None:
        """Cross-field checks (a field's own check runs before this); raise ConfigError."""

    @classmethod
    def declared(cls) -> list[dataclasses.Field]:
        """The method's own parameters, in declaration order (not ``kommun_kod`` and ``lang``)."""
        return [item for item in dataclasses.fields(cls) if "help" in item.metadata]

    @classmethod
    def from_values(cls, kommun_kod: str, lang: str = "sv", values: Mapping[str, Any] | None = None) -> Self:
        """Build Params from notebook values: every declared name found in ``values`` is parsed and
        checked."""
        given = {}
        for item in cls.declared():
            if values is not None and item.name in values:
                value = values[item.name]
                parse = item.metadata.get("parse")
                given[item.name] = parse(value) if parse is not None else value
        return cls(kommun_kod=kommun_kod, lang=lang, **given)

    @classmethod
    def notebook_values(cls) -> dict[str, Any]:
        """Each declared parameter as the notebook's parameters cell writes its default."""
        return {item.name: item.metadata["notebook"] for item in cls.declared()}

    @classmethod
    def parameters_cell(cls) -> str:
        """The notebook's parameters cell, derived from the declarations (a test keeps the notebook equal)."""
        lines = [f"{name}: {kind} = {default}  # {text}" for name, kind, default, text in RUNNER_CELL]
        for item in cls.declared():
            meta = item.metadata
            lines.append(f"{item.name}: {meta['kind']} = {_literal(meta['notebook'])}  # {meta['help']}")
        return "\n".join(lines)

    def as_notebook(self) -> dict[str, Any]:
        """The values a report records as its parameters (the field values, tuples as lists)."""
        return {item.name: getattr(self, item.name) for item in self.declared()}


def check_matches(inputs: Any, params: Any) -> None:
    """``analyse`` refuses inputs gathered for another municipality than its parameters name."""
    if params.kommun_kod != inputs.kommun_kod:
        from labkit.errors import ConfigError

        raise ConfigError(
            "parameters and inputs disagree",
            column="kommun_kod",
            expected=repr(inputs.kommun_kod),
            found=repr(params.kommun_kod),
        )


@dataclass(frozen=True)
class Upstream:
    """Another method's result handed to this one, or the reason it is missing."""

    slug: str
    result: Any = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        """True when the upstream result is here."""
        return self.result is not None


@dataclass(frozen=True)
class Records:
    """A method's records: where they came from (``journal``, ``examples`` or ``none``) and one table per
    kind."""

    origin: str
    path: str
    frames: dict[str, Any]


def read_records(
    path: str | Path,
    kinds: tuple[str, ...],
    choice: str = "auto",
    examples: Callable[[], dict[str, Any] | None] | None = None,
    workshop: str = "",
) -> Records:
    """The one rule for where a method's records come from.

    ``choice="auto"``: the journal's records of the method's own ``kinds`` when it holds any, otherwise the
    method's example records (when it has some for this municipality), otherwise empty tables (origin
    ``none``). ``"journal"`` and ``"examples"`` force one; ``"journal"`` without a journal file is an error.
    Records of other methods' kinds never switch a method to the journal.
    """
    from labkit.capture.journal import LabJournal, frame_of

    check_choice("records", choice, RECORD_CHOICES)
    path = Path(path)
    journal = LabJournal(path)
    own = sum(journal.count(kind) for kind in kinds) if journal.exists else 0  # retracted ones count too
    if choice == "journal" or (choice == "auto" and own > 0):
        if not journal.exists:
            raise CaptureError(
                "no lab journal",
                path=path,
                expected="a journal with workshop records",
                found="no file",
                hint="Use records='examples' or 'auto' to read the examples.",
            )
        if workshop:
            from labkit.errors import ConfigError

            known = journal.workshops()
            if workshop not in known:
                raise ConfigError(
                    "workshop not in the lab journal",
                    column="workshop",
                    expected="one of " + (", ".join(known) or "(none yet)"),
                    found=repr(workshop),
                )
        frames = {kind: journal.frame(kind, workshop_id=workshop or None) for kind in kinds}
        return Records("journal", str(path), frames)
    found = examples() if examples is not None else None
    if found is None:
        return Records("none", str(path), {kind: frame_of(kind, []) for kind in kinds})
    return Records("examples", str(path), {kind: found.get(kind, frame_of(kind, [])) for kind in kinds})
