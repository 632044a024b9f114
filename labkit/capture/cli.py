"""The ``labkit capture`` commands: export and import CSV files, purge a workshop, check and recover a
journal."""

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


def _named_journal(args: argparse.Namespace) -> Path:
    """The journal file of ``check`` and ``recover``: ``--journal PATH`` or the default one of
    ``--kommun``."""
    from labkit.capture.journal import journal_path

    if args.journal:
        return Path(args.journal)
    if args.kommun:
        return journal_path(args.kommun)
    raise ConfigError(
        "no journal named", column="--journal", expected="--journal PATH or --kommun CODE", found="neither"
    )


def _check_format(value: str) -> str:
    if value not in FORMATS:
        raise ConfigError(
            "unknown format", column="--format", expected="one of " + ", ".join(FORMATS), found=repr(value)
        )
    return value


def cmd_export(args: argparse.Namespace) -> int:
    """Write every record of a municipality's journal to ``DIR`` as one CSV file per kind."""
    from labkit.capture.csvio import export_csv

    _check_format(args.format)
    journal = _journal(args)
    if not journal.exists:
        raise CaptureError(
            "no lab journal",
            path=journal.path,
            expected="a journal written by the workshop widgets or `labkit capture import`",
            found="no file",
        )
    with journal:
        paths = export_csv(journal, args.dir)
        total = journal.count()
    print(
        f"labkit: exported {total} record(s) from {journal.path} to {len(paths)} file(s) in {args.dir}",
        file=sys.stderr,
    )
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
    from labkit.capture.csvio import IMPORT_AUTHOR, MAX_IMPORT_BYTES, import_csv

    _check_format(args.format)
    if args.max_mb is not None and not args.max_mb > 0:
        raise ConfigError(
            "invalid value",
            column="--max-mb",
            expected="a number of megabytes above 0",
            found=repr(args.max_mb),
        )
    limit = MAX_IMPORT_BYTES if args.max_mb is None else int(args.max_mb * 1_000_000)
    with _journal(args) as journal:
        added = import_csv(journal, args.dir, author=args.author or IMPORT_AUTHOR, max_bytes=limit)
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


def cmd_check(args: argparse.Namespace) -> int:
    """Check a journal for damage (read-only); exit 0 when intact, 2 (with the recover command) when not."""
    from labkit.capture import faults
    from labkit.capture.journal import summary
    from labkit.capture.recover import check_journal

    path = _named_journal(args)
    report = check_journal(path)
    print("\n".join(report.lines()))
    if not report.ok:
        raise CaptureError(
            "the lab journal is damaged",
            path=path,
            expected="PRAGMA integrity_check ok",
            found=summary(list(report.problems)),
            hint=f"Copy what is readable into a new journal with `{faults.recover_command(path)}`; "
            "the damaged file is kept as it is.",
        )
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    """Copy what is readable of a damaged journal into a new journal file; the damaged file is not touched."""
    from labkit.capture.recover import recover_journal

    report = recover_journal(_named_journal(args), args.new)
    print("\n".join(report.lines()))
    return 0


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kommun", required=True, help="municipality code, 4 digits as text (e.g. 1402)")
    parser.add_argument("--format", default="csv", help="file format: csv (default)")
    parser.add_argument("--journal", default=None, help="journal file (default: labs/<kommun>/labbok.sqlite)")
    parser.add_argument("dir", metavar="DIR", help="folder of CSV files, one <kind>.csv per record kind")


def add_commands(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``capture`` command (export, import, purge, check, recover) to a ``labkit`` subparsers
    object."""
    capture = subparsers.add_parser("capture", help="export, import, purge, check or recover a lab journal")
    sub = capture.add_subparsers(dest="capture_command", required=True)
    export = sub.add_parser("export", help="write a journal's records as CSV files (one per kind)")
    _options(export)
    export.set_defaults(func=cmd_export)
    imp = sub.add_parser(
        "import", help="add records typed into CSV files (e.g. a paper workshop) to a journal"
    )
    imp.add_argument(
        "--polis",
        action="store_true",
        help="DIR is a Pol.is export (participants-votes.csv, comments.csv): import its participants, "
        "statements and votes (author default: polis)",
    )
    _options(imp)
    imp.add_argument(
        "--workshop", default=None, help="workshop id for rows without one (default: today's date)"
    )
    imp.add_argument("--author", default=None, help="author pseudonym for rows without one (default: import)")
    imp.add_argument(
        "--max-mb",
        type=float,
        default=None,
        help="largest total size of the CSV files in megabytes (default: 50)",
    )
    imp.set_defaults(func=cmd_import)
    purge = sub.add_parser("purge", help="delete one workshop's records (personal data) and report what went")
    purge.add_argument("--kommun", required=True, help="municipality code, 4 digits as text (e.g. 1402)")
    purge.add_argument("--workshop", required=True, help="workshop id whose records are deleted")
    purge.add_argument("--journal", default=None, help="journal file (default: labs/<kommun>/labbok.sqlite)")
    purge.add_argument("--reason", default="", help="why (stored in the journal's purge log)")
    purge.add_argument("--dry-run", action="store_true", help="only report what would be removed")
    purge.set_defaults(func=cmd_purge)
    check = sub.add_parser("check", help="check a journal for damage (read-only)")
    check.add_argument("--kommun", default=None, help="municipality code: check labs/<kommun>/labbok.sqlite")
    check.add_argument("--journal", default=None, help="journal file to check")
    check.set_defaults(func=cmd_check)
    recover = sub.add_parser("recover", help="copy what is readable of a damaged journal into a new journal")
    recover.add_argument(
        "--kommun", default=None, help="municipality code: recover labs/<kommun>/labbok.sqlite"
    )
    recover.add_argument("--journal", default=None, help="the damaged journal file")
    recover.add_argument("new", metavar="NEW", help="the new journal file to write (must not exist)")
    recover.set_defaults(func=cmd_recover)
    return capture
