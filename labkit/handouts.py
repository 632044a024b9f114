"""Printable workshop handouts (brainwriting sheet, idea card, test card, SKA matrix) as self-contained
HTML."""

from __future__ import annotations

import argparse
import datetime as dt
import math
from pathlib import Path

import pandas as pd

from labkit.errors import ConfigError
from labkit.fileio import write_text_atomic
from labkit.validators import check_kommun_kod

#: Folder of the shared handout templates (the page layout), relative to the project root.
TEMPLATES = Path("templates") / "handouts"
#: A method's own handout templates live in ``labkit/methods/<slug>/handouts/`` (relative to the project
#: root).
METHOD_HANDOUTS = Path("labkit") / "methods"
#: The handouts, in the toolbox's order: kind -> (journal record kind, example table).
KINDS: dict[str, tuple[str, str]] = {
    "brainwriting": ("idea", "ideas"),
    "idea_card": ("idea_card", "ideas"),
    "test_card": ("test_card", "test_cards"),
    "ska_matrix": ("ska_cell", "ska_cells"),
}
#: Rows of a blank brainwriting sheet (the 6-3-5 method: six rounds of three ideas).
BLANK_ROUNDS = 6
#: Ideas per row of a brainwriting sheet.
IDEAS_PER_ROW = 3
#: Where the records of a handout came from.
ORIGINS = ("journal", "examples", "blank")


def check_kind(kind: str) -> str:
    """Return ``kind`` if it names a handout.

    Raises
    ------
    ConfigError
        If it does not; the message lists the handouts.
    """
    if kind not in KINDS:
        raise ConfigError(
            "unknown handout", column="KIND", expected="one of " + ", ".join(KINDS), found=repr(kind)
        )
    return kind


def check_kommun(kommun_kod: str) -> str:
    """Return ``kommun_kod`` if it is a 4-digit code given as text.

    Raises
    ------
    ConfigError
        Otherwise.
    """
    check_kommun_kod(kommun_kod, "--kommun")
    return kommun_kod


def _text(value: object) -> str:
    """A cell as printable text: missing values become ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


def load_records(
    kind: str, kommun_kod: str, *, journal: str | Path | None = None, data_dir: str | Path | None = None
) -> tuple[pd.DataFrame, str]:
    """The records a handout is filled from, with column names as in the journal, and their origin.

    The municipality's lab journal is used when it holds records of the kind; otherwise the invented
    example records (``labkit.data.bundled.example_records``).

    Returns
    -------
    tuple of (pandas.DataFrame, str)
        The records and ``"journal"`` or ``"examples"``.
    """
    from labkit.capture.journal import LabJournal, journal_path

    record_kind, example_table = KINDS[check_kind(kind)]
    path = Path(journal) if journal is not None else journal_path(check_kommun(kommun_kod))
    if path.is_file():
        with LabJournal(path) as book:
            frame = book.frame(record_kind)
        if len(frame):
            return frame.reset_index(drop=True), "journal"
    return _examples(kind, kommun_kod, example_table, data_dir), "examples"


def _examples(kind: str, kommun_kod: str, table: str, data_dir: str | Path | None) -> pd.DataFrame:
    """Example records renamed to the journal's field names."""
    from labkit.data.bundled import example_records

    frame = example_records(kommun_kod, table, data_dir)
    renames = {"idea_id": "id", "prototype_id": "prototype"}
    frame = frame.rename(columns=renames)
    if kind == "idea_card":
        frame = frame.assign(idea=frame["id"], title=frame["text"])
    return frame.reset_index(drop=True)


def _brainwriting(records: pd.DataFrame | None) -> dict:
    rows = []
    if records is None:
        rows = [{"round": r, "ideas": [None] * IDEAS_PER_ROW} for r in range(1, BLANK_ROUNDS + 1)]
        return {"rows": rows}
    for round_no, group in records.sort_values("round", kind="stable").groupby("round", sort=True):
        ideas = [
            {"id": _text(r.id), "text": _text(r.text), "builds_on": _text(r.builds_on)}
            for r in group.itertuples()
        ]
        for start in range(0, len(ideas), IDEAS_PER_ROW):
            chunk = ideas[start : start + IDEAS_PER_ROW]
            rows.append({"round": int(round_no), "ideas": chunk + [None] * (IDEAS_PER_ROW - len(chunk))})
    return {"rows": rows}


def _cards(records: pd.DataFrame | None, fields: tuple[str, ...]) -> dict:
    if records is None:
        return {"cards": [dict.fromkeys(fields, "")]}
    cards = [{name: _text(row.get(name)) for name in fields} for row in records.to_dict("records")]
    return {"cards": cards}


def _ska_matrix(records: pd.DataFrame | None) -> dict:
    from labkit.methods.ska.kinds import ASPECTS, PHASES, SCALES

    if records is None:
        cells = {}
        phases = [""]
    else:
        latest = records.drop_duplicates(["phase", "aspect", "scale"], keep="last")  # the latest entry counts
        cells = {
            (r.phase, r.aspect, r.scale): {"assessment": _text(r.assessment), "note": _text(r.note)}
            for r in latest.itertuples()
        }
        phases = [p for p in PHASES if p in set(latest["phase"])]
    empty = {"assessment": "", "note": ""}
    matrices = [
        {
            "phase": phase,
            "rows": [
                {"aspect": a, "cells": [cells.get((phase, a, s), empty) for s in SCALES]} for a in ASPECTS
            ],
        }
        for phase in phases
    ]
    return {"scales": list(SCALES), "matrices": matrices}


#: Fields of the card handouts, in print order.
IDEA_CARD_FIELDS = ("idea", "title", "target_group", "need", "description", "benefit", "first_step")
TEST_CARD_FIELDS = ("prototype", "target_group", "hypothesis", "test", "metric", "criterion", "deadline")


def handout_context(kind: str, records: pd.DataFrame | None) -> dict:
    """The template variables of one handout; ``records`` None gives a blank handout."""
    check_kind(kind)
    if kind == "brainwriting":
        return _brainwriting(records)
    if kind == "idea_card":
        return _cards(records, IDEA_CARD_FIELDS)
    if kind == "test_card":
        return _cards(records, TEST_CARD_FIELDS)
    return _ska_matrix(records)


def _municipality_name(kommun_kod: str) -> str:
    """The municipality's name in the bundled source, or '' when it is not there."""
    from labkit.data.bundled import load_bundled

    names = load_bundled().municipalities().set_index("kommun_kod")["kommun"]
    return str(names.get(kommun_kod, ""))


def _environment(root: Path):
    import jinja2

    folder = root / TEMPLATES
    if not folder.is_dir():
        raise ConfigError(
            "handout templates not found",
            path=folder,
            expected="templates/handouts/ of a labkit checkout",
            found="no such folder",
        )
    # the shared layout first, then each method's handouts folder (its templates extend the layout)
    methods = sorted(str(path) for path in (root / METHOD_HANDOUTS).glob("*/handouts") if path.is_dir())
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder), *methods]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_handout(
    kind: str,
    kommun_kod: str,
    *,
    blank: bool = False,
    journal: str | Path | None = None,
    data_dir: str | Path | None = None,
    today: dt.date | None = None,
    root: str | Path | None = None,
) -> str:
    """Render one handout as a self-contained HTML page (inline print CSS, A4, no external files).

    Parameters
    ----------
    kind
        One of :data:`KINDS`: brainwriting, idea_card, test_card, ska_matrix.
    kommun_kod
        The municipality, a 4-digit code as text.
    blank
        An empty handout to fill in by hand instead of one pre-filled from the records.
    journal
        The lab journal to read (default ``labs/<kommun_kod>/labbok.sqlite``); when it has no records of
        the kind, the invented example records are used and the handout says so.
    data_dir, today, root
        The data folder of the example records, the printed date and the project root (defaults).

    Raises
    ------
    ConfigError
        For an unknown kind or municipality code.
    """
    from labkit.registry import ROOT

    check_kind(kind)
    check_kommun(kommun_kod)
    records, origin = (
        (None, "blank") if blank else load_records(kind, kommun_kod, journal=journal, data_dir=data_dir)
    )
    template = _environment(Path(root) if root is not None else ROOT).get_template(f"{kind}.html.j2")
    return template.render(
        kind=kind,
        kommun_kod=kommun_kod,
        kommun=_municipality_name(kommun_kod),
        origin=origin,
        date=(today or dt.date.today()).isoformat(),
        **handout_context(kind, records),
    )


def write_handout(kind: str, kommun_kod: str, out_dir: str | Path, **options: object) -> Path:
    """Write ``<out_dir>/<kind>_<kommun_kod>.html`` (``_blank`` added for a blank one) atomically.

    ``options`` are passed to :func:`render_handout`.
    """
    suffix = "_blank" if options.get("blank") else ""
    html = render_handout(kind, kommun_kod, **options)
    return write_text_atomic(Path(out_dir) / f"{kind}_{kommun_kod}{suffix}.html", html)


def cmd_handouts(args: argparse.Namespace) -> int:
    """Write one printable handout and print its path."""
    from labkit.runner.plan import check_out_dir

    path = write_handout(
        args.kind, args.kommun, check_out_dir(args.out), blank=args.blank, journal=args.journal
    )
    print(path)
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``handouts`` command to a ``labkit`` subparsers object."""
    parser = subparsers.add_parser("handouts", help="print a workshop handout: " + ", ".join(KINDS))
    parser.add_argument("kind", metavar="KIND", help="one of " + ", ".join(KINDS))
    parser.add_argument("--kommun", required=True, help="4-digit municipality code, e.g. 1402")
    parser.add_argument("--out", required=True, help="folder for the HTML file")
    parser.add_argument("--blank", action="store_true", help="an empty handout to fill in by hand")
    parser.add_argument("--journal", default=None, help="lab journal (default: labs/<kommun>/labbok.sqlite)")
    parser.set_defaults(func=cmd_handouts)
    return parser
