"""The ``labkit`` command line: run, list, params, data check, fetch and new-method.

The command answers at once: this module imports only the standard library and labkit's light modules;
each command imports what it needs when it runs, and the commands defined in other modules
(:data:`LAZY_COMMANDS`) are imported only when named, so ``labkit --help``, ``--version``, ``list`` and
``params`` never load nbformat, papermill or the Jupyter stack.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from labkit import __version__
from labkit.errors import ConfigError, LabkitError


def _split(values: list[str] | None) -> list[str]:
    return [v for value in values or [] for v in value.split(",") if v]


def _parse_overrides(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ConfigError(
                "cannot read parameter override", column="-p", expected="name=value", found=repr(pair)
            )
        out[name.strip()] = value
    return out


@functools.lru_cache(maxsize=2)
def _load(source: str, data_dir: str | None):
    from labkit.data.sources import load_source

    return load_source(source, data_dir)


def _municipalities(dataset, values: list[str]) -> list[tuple[str, str]]:
    from labkit.data.selections import select_municipalities
    from labkit.data.sources import default_municipalities
    from labkit.runner.plan import check_safe_name

    names = dataset.municipalities().set_index("kommun_kod")["kommun"]
    selection = select_municipalities(dataset, [check_safe_name(v, "--municipality") for v in values])
    for note in selection.notes:
        print(f"labkit: note: {note}", file=sys.stderr)
    codes = selection.codes or default_municipalities(dataset)
    return [(code, str(names[code])) for code in codes]


def _job(slug, code, name, job_out: Path, args, data_dir: str, checked: dict, digest: str, kommun=None):
    from labkit.registry import get_method
    from labkit.runner.plan import Job, fingerprint

    params = {
        "kommun": kommun or code,
        "source": args.source,
        "data_dir": data_dir,
        "lang": args.lang,
        "out_dir": str(job_out),
        **checked[slug],
    }
    notebook = get_method(slug).notebook
    return Job(
        slug,
        code,
        name,
        str(notebook),
        str(job_out),
        params,
        fingerprint(notebook, params, digest),
        pdf=args.pdf,
    )


def _plan(args) -> tuple[list, Path, dict]:
    from labkit import i18n
    from labkit.registry import get_method
    from labkit.runner.params import notebook_parameters
    from labkit.runner.plan import (
        REGION,
        chain_fingerprints,
        check_declares_runner_params,
        check_out_dir,
        data_digest,
        overrides_for,
        resolve_methods,
    )

    i18n.check_lang(args.lang)
    out = check_out_dir(args.out)
    named = _split(args.method)
    slugs = resolve_methods(named)
    added = [slug for slug in slugs if named and slug not in named]
    if added:
        print(f"labkit: {', '.join(named)} needs {', '.join(added)}: running them first", file=sys.stderr)
    overrides = _parse_overrides(args.param)
    checked = {}
    for slug in slugs:
        params = notebook_parameters(get_method(slug).notebook)
        check_declares_runner_params(slug, params)
        # A method the run brings in because another needs it takes only the -p values it declares.
        own = {k: v for k, v in overrides.items() if k in params} if slug in added else overrides
        checked[slug] = overrides_for(slug, params, own)
    data_dir = str(Path(args.data_dir).resolve()) if args.data_dir else ""
    dataset = _load(args.source, data_dir or None)
    places = _municipalities(dataset, _split(args.municipality))
    digest = data_digest(args.source, data_dir)
    jobs = []
    local = [s for s in slugs if get_method(s).scope != "region"]
    for code, name in places:
        for slug in local:
            jobs.append(_job(slug, code, name, (out / code).resolve(), args, data_dir, checked, digest))
    for slug in [s for s in slugs if s not in local]:  # once per run, after the others (see runner.batch)
        jobs.append(
            _job(
                slug,
                REGION,
                i18n.text({}, "region", args.lang),
                out.resolve(),
                args,
                data_dir,
                checked,
                digest,
                kommun=places[0][0],
            )
        )
    jobs = chain_fingerprints(jobs)
    meta = {
        "source": args.source,
        "data_dir": data_dir,
        "synthetic": dataset.is_synthetic,
        "created": __import__("datetime").date.today().isoformat(),
    }
    return jobs, out, meta


def cmd_run(args) -> int:
    """Execute every chosen method notebook for every chosen municipality."""
    from labkit.runner.batch import ForkServer, run_batch

    # Locally, kernels fork from a server that has imported labkit and loaded the data once. It starts
    # first, so that its imports and data loading overlap the planning; a run that stops early stops it.
    data_dir = str(Path(args.data_dir).resolve()) if args.data_dir else ""
    warm = None if args.scheduler else [(args.source, data_dir)]
    server = ForkServer(warm) if warm is not None else None
    try:
        jobs, out, meta = _plan(args)
        print(
            f"labkit: {len(jobs)} job(s), {args.jobs or os.cpu_count()} worker(s), output in {out}/",
            file=sys.stderr,
        )
        result = run_batch(
            jobs,
            out,
            jobs=args.jobs,
            scheduler=args.scheduler,
            force=args.force,
            lang=args.lang,
            meta=meta,
            log=lambda m: print(m, file=sys.stderr),
            warm=warm,
            server=server,
            dataset=_load(args.source, meta["data_dir"] or None),
        )
    finally:
        if server is not None:
            server.stop()
    return _summarise(result, out)


def _summarise(result, out: Path) -> int:
    counts = {}
    for record in result.records:
        counts[record["status"]] = counts.get(record["status"], 0) + 1
    text = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    print(f"labkit: {text} in {result.seconds:.1f} s", file=sys.stderr)
    for record in result.failed:
        cell = f"cell {record['failed_cell']}" if record.get("failed_cell") else "before the first cell"
        print(
            f"FAILED {record['kommun']} ({record['kommun_kod']}) / {record['method']}: {cell}: "
            f"{record['error']}; partial notebook kept: "
            f"{out / record['kommun_kod'] / record['method']}.ipynb",
            file=sys.stderr,
        )
    print(f"labkit: report index: {(out / 'index.html').resolve()}")
    if result.interrupted:
        print("labkit: interrupted; finished reports are kept, no half-written file is left", file=sys.stderr)
        return 130
    return 1 if result.failed else 0


def _bundled_municipalities(data_dir: str | None) -> list[tuple[str, str]] | None:
    """The bundled source's municipalities (code, name), sorted by code, read from ``bundled/areas.csv`` with
    the csv module: what ``load_source("bundled").municipalities()`` gives, without pandas or the other
    tables. None when the file is missing or not as expected; the full reader then says what is wrong."""
    import csv
    import re

    folder = Path(data_dir) if data_dir else Path(__file__).resolve().parents[1] / "data"
    try:
        with (folder / "bundled" / "areas.csv").open(encoding="utf-8", newline="") as handle:
            pairs = {(row.get("kommun_kod"), row.get("kommun")) for row in csv.DictReader(handle)}
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    from labkit.validators import KOMMUN_KOD

    codes = {code for code, _ in pairs}
    if (
        not pairs
        or len(codes) != len(pairs)  # a code with two names
        or any(
            not isinstance(n, str) or not n.strip() or not re.fullmatch(KOMMUN_KOD, c or "") for c, n in pairs
        )
    ):
        return None
    return sorted(pairs)


def cmd_list(args) -> int:
    """List the registered methods and the municipalities of the chosen source.

    For the bundled source only its areas file is read (with the csv module), so the answer comes at once;
    other sources are loaded whole. ``labkit data check`` validates a source.
    """
    from labkit.registry import METHODS

    print("Methods:")
    for method in METHODS.values():
        print(f"  {method.slug:<16} {method.title('en')}")
        print(f"  {'':<16} {method.title('sv')}")
    munis = _bundled_municipalities(args.data_dir) if args.source == "bundled" else None
    if munis is None:
        frame = _load(args.source, args.data_dir).municipalities()
        munis = list(zip(frame["kommun_kod"], frame["kommun"], strict=True))
    print(f"\nMunicipalities in source '{args.source}' ({len(munis)}):")
    for code, name in munis:
        print(f"  {code}  {name}")
    return 0


def cmd_params(args) -> int:
    """Print a method notebook's parameters: name, type, default and help."""
    from labkit.registry import get_method
    from labkit.runner.params import notebook_parameters
    from labkit.runner.plan import check_safe_name

    params = notebook_parameters(get_method(check_safe_name(args.slug, "SLUG")).notebook)
    print(f"{'name':<14} {'type':<6} {'default':<12} help")
    for p in params.values():
        print(f"{p.name:<14} {p.type:<6} {p.default:<12} {p.help}")
    return 0


def cmd_data_check(args) -> int:
    """Validate a data folder and print what it holds per municipality."""
    from labkit.data.check import check_report

    print(check_report(_load(args.source, args.data_dir), csv=args.csv), end="")
    return 0


def cmd_fetch(args) -> int:
    """Download SCB or Kolada tables into files the readers accept."""
    from labkit.data.fetch import fetch

    for path in fetch(args.service, _split(args.municipality), Path(args.out)):
        print(path)
    return 0


def _source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source", default="bundled", help="bundled (default, synthetic areas) or scb-exports"
    )
    parser.add_argument("--data-dir", default=None, help="folder of SCB exports (with --source scb-exports)")


#: Commands defined in other modules, imported only when the command is used: name -> (module with an
#: ``add_commands(subparsers)`` function, the help line ``labkit --help`` shows). A test checks that each
#: help line is the one the module gives.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "capture": ("labkit.capture.cli", "export, import, purge, check or recover a lab journal"),
    "new-method": (
        "labkit.scaffold",
        "scaffold a new method: its package, notebook, tests and registry entry",
    ),
    "lab": ("labkit.serve", "JupyterLab on the notebooks, at the Swedish start notebook"),
    "workshop": ("labkit.serve", "serve a method's workshop forms with Voila (no code shown)"),
    "handouts": (
        "labkit.handouts",
        "print a workshop handout: brainwriting, idea_card, test_card, ska_matrix",
    ),
}


def build_parser(commands: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser of the ``labkit`` command.

    ``commands`` names the :data:`LAZY_COMMANDS` to build in full (their modules are imported); the
    others get only their help line. ``None`` builds every command in full.
    """
    parser = argparse.ArgumentParser(
        prog="labkit", description="labkit: method laboratory for socially sustainable planning (GR toolbox)."
    )
    parser.add_argument("--version", action="version", version=f"labkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="execute method notebooks per municipality into reports")
    run.add_argument(
        "--municipality",
        "-m",
        nargs="+",
        help="4-digit codes (kept as text) or names; 'all' (every municipality of the source); a "
        "county as län:14 or 'Västra Götalands län'; a named set such as GR "
        "(default: the five GR focus municipalities)",
    )
    run.add_argument("--method", nargs="+", help="method slugs (default: all)")
    _source_options(run)
    run.add_argument(
        "--out",
        default="reports",  # labkit.paths.RUN_OUT, written out so the CLI imports nothing first
        help="output folder inside the current one, or an absolute path (default: reports)",
    )
    run.add_argument("--jobs", "-j", type=int, default=None, help="parallel jobs (default: CPU count)")
    run.add_argument("--lang", default="sv", help="report language: sv (default) or en")
    run.add_argument(
        "-p", dest="param", action="append", metavar="NAME=VALUE", help="set a notebook parameter"
    )
    run.add_argument("--scheduler", default=None, help="address of a Dask distributed scheduler")
    run.add_argument("--force", action="store_true", help="rerun jobs that are up to date")
    run.add_argument(
        "--pdf", action="store_true", help="also print each report to <slug>.pdf (needs chromium)"
    )
    run.set_defaults(func=cmd_run)

    lst = sub.add_parser("list", help="list methods and municipalities")
    _source_options(lst)
    lst.set_defaults(func=cmd_list)

    par = sub.add_parser("params", help="show a method notebook's parameters")
    par.add_argument("slug")
    par.set_defaults(func=cmd_params)

    data = sub.add_parser("data", help="data commands")
    data_sub = data.add_subparsers(dest="data_command", required=True)
    check = data_sub.add_parser("check", help="validate a data folder before a workshop")
    _source_options(check)
    check.add_argument(
        "--csv", action="store_true", help="start with kommun_kod,year,areas,population as CSV"
    )
    check.set_defaults(func=cmd_data_check)

    fetch = sub.add_parser("fetch", help="download tables from SCB or Kolada (needs internet)")
    fetch.add_argument("service", choices=["scb", "kolada"])
    fetch.add_argument("--municipality", "-m", nargs="+", required=True)
    fetch.add_argument("--out", required=True)
    fetch.set_defaults(func=cmd_fetch)

    wanted = {
        LAZY_COMMANDS[name][0]
        for name in (LAZY_COMMANDS if commands is None else commands)
        if name in LAZY_COMMANDS
    }
    added: set[str] = set()
    for name, (module, help_line) in LAZY_COMMANDS.items():
        if module not in wanted:
            sub.add_parser(name, help=help_line)
        elif module not in added:
            importlib.import_module(module).add_commands(sub)
            added.add(module)
    return parser


def _command_word(argv: list[str]) -> str | None:
    """The command named in ``argv`` (its first word that is not an option), if any."""
    return next((word for word in argv if not word.startswith("-")), None)


#: Optional modules that ``jsonschema`` (imported by nbformat) loads only to check string formats labkit
#: never validates: ``rfc3987_syntax`` compiles 38 grammars at import, 1.8 CPU seconds in every labkit
#: command that reads or writes a notebook. Marked absent in labkit's own commands, jsonschema skips them
#: (it imports them under ``suppress(ImportError)``); nbformat's notebook schema uses no such format.
SKIPPED_IMPORTS = ("rfc3987_syntax",)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``labkit`` command; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    for module in SKIPPED_IMPORTS:
        sys.modules.setdefault(module, None)  # type: ignore[assignment]
    args = build_parser([_command_word(argv) or ""]).parse_args(argv)
    try:
        return args.func(args)
    except LabkitError as err:
        print(f"labkit: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("labkit: interrupted", file=sys.stderr)
        return 130
