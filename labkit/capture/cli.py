"""The ``labkit capture export|import|purge`` commands: a journal to and from CSV files, and erasure."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from labkit.errors import CaptureError, ConfigError

#: File formats the commands read and write.
FORMATS = ("csv",)


def _journal(args: argparse.Namespace):
    from labkit.capture.journal import LabJournal, journal_path

    path = Path(args.journal) if args.journal else journal_path(args.kommun)
    if args.journal:
        journal_path(args.kommun)  # the code is checked even when the file is named
    return LabJournal(path, **({"workshop": args.workshop} if getattr(args, "workshop", None) else {}))


def _check_format(value: str) -> str:
    if value not in FORMATS:
        raise ConfigError("unknown format", column="--format", expected="one of " + ", ".join(FORMATS),
                          found=repr(value))
    return value


def cmd_export(args: argparse.Namespace) -> int:
    """Write every record of a municipality's journal to ``DIR`` as one CSV file per kind."""
    from labkit.capture.csvio import export_csv

    _check_format(args.format)
    journal = _journal(args)
    if not journal.exists:
        raise CaptureError("no lab journal", path=journal.path,
                           expected="a journal written by the workshop widgets or `labkit capture import`",
                           found="no file")
    with journal:
        paths = export_csv(journal, args.dir)
        total = journal.count()
    print(f"labkit: exported {total} record(s) from {journal.path} to {len(paths)} file(s) in {args.dir}",
          file=sys.stderr)
    for path in paths:
        print(path)
    return 0


def _import_polis(args: argparse.Namespace) -> int:
    """Read the Pol.is export folder ``DIR`` into a municipality's journal (all or none)."""
    from labkit.capture.polis import POLIS_AUTHOR, import_polis

    with _journal(args) as journal:
        added = import_polis(journal, args.dir, author=args.author or POLIS_AUTHOR)
    text = ", ".join(f"{n} {kind}" for kind, n in added.items()) or "nothing new"
    print(f"labkit: imported {text} into {journal.path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Validate the CSV files in ``DIR`` and add their records to a municipality's journal (all or none)."""
    if getattr(args, "polis", False):
        return _import_polis(args)
    from labkit.capture.csvio import IMPORT_AUTHOR, import_csv

    _check_format(args.format)
    with _journal(args) as journal:
        added = import_csv(journal, args.dir, author=args.author or IMPORT_AUTHOR)
    text = ", ".join(f"{n} {kind}" for kind, n in added.items()) or "nothing new"
    print(f"labkit: imported {text} into {journal.path}")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    """Delete one workshop's records (its personal data) from a journal and print what was removed."""
    from labkit.capture.purge import purge_workshop

    journal = _journal(argparse.Namespace(**{**vars(args), "workshop": None}))
    with journal:
        report = purge_workshop(journal, args.workshop, reason=args.reason, dry_run=args.dry_run)
    print("\n".join(report.lines()))
    return 0


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kommun", required=True, help="municipality code, 4 digits as text (e.g. 1402)")
    parser.add_argument("--format", default="csv", help="file format: csv (default)")
    parser.add_argument("--journal", default=None, help="journal file (default: labs/<kommun>/labbok.sqlite)")
    parser.add_argument("dir", metavar="DIR", help="folder of CSV files, one <kind>.csv per record kind")


def add_commands(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``capture`` command with ``export`` and ``import`` to a ``labkit`` subparsers object."""
    capture = subparsers.add_parser("capture", help="export or import the records of a lab journal")
    sub = capture.add_subparsers(dest="capture_command", required=True)
    export = sub.add_parser("export", help="write a journal's records as CSV files (one per kind)")
    _options(export)
    export.set_defaults(func=cmd_export)
    imp = sub.add_parser("import", help="add records typed into CSV files (e.g. a paper workshop) to a journal")
    imp.add_argument("--polis", action="store_true",
                     help="DIR is a Pol.is export (participants-votes.csv, comments.csv): import its participants, "
                          "statements and votes (author default: polis)")
    _options(imp)
    imp.add_argument("--workshop", default=None, help="workshop id for rows without one (default: today's date)")
    imp.add_argument("--author", default=None, help="author pseudonym for rows without one (default: import)")
    imp.set_defaults(func=cmd_import)
    purge = sub.add_parser("purge", help="delete one workshop's records (personal data) and report what went")
    purge.add_argument("--kommun", required=True, help="municipality code, 4 digits as text (e.g. 1402)")
    purge.add_argument("--workshop", required=True, help="workshop id whose records are deleted")
    purge.add_argument("--journal", default=None, help="journal file (default: labs/<kommun>/labbok.sqlite)")
    purge.add_argument("--reason", default="", help="why (stored in the journal's purge log)")
    purge.add_argument("--dry-run", action="store_true", help="only report what would be removed")
    purge.set_defaults(func=cmd_purge)
    return capture
