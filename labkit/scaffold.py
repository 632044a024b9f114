"""``labkit new-method SLUG --title "…" [--needs SLUG ...]``: scaffold a method in the contract's shape.

It writes ``labkit/methods/<slug>/`` with the contract's files (see :mod:`labkit.methods.base`), the notebook,
``tests/methods/test_<slug>.py`` (a test per file) and the registry entry, with the methods it needs.
"""

from __future__ import annotations

import argparse
import keyword
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from labkit.errors import ConfigError
from labkit.fileio import write_text_atomic

#: Folder of the method templates, relative to the project root.
TEMPLATES = Path("templates") / "method"
#: The contract's files, made from ``templates/method/package/<name>.tmpl``.
PACKAGE_FILES = (
    "__init__.py",
    "params.py",
    "inputs.py",
    "analysis.py",
    "figures.py",
    "display.py",
    "text.py",
)
#: The registry file, relative to the project root.
REGISTRY = Path("labkit") / "registry.py"
#: The line that opens the METHODS mapping in the registry file.
METHODS_OPENER = "METHODS: dict[str, Method] = {"
#: Folder of the scaffolded methods' tests, relative to the project root (no ``__init__.py``: pytest's
#: default import mode puts it on ``sys.path``, and ``tests/conftest.py`` still applies to it).
TESTS = Path("tests") / "methods"
#: Longest accepted slug and title.
MAX_SLUG, MAX_TITLE = 40, 120
_SLUG_RE = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Scaffold:
    """The files one ``new-method`` call writes, relative to the project root."""

    slug: str
    module: Path
    notebook: Path
    test: Path
    registry: Path

    @classmethod
    def for_slug(cls, slug: str) -> Scaffold:
        """The project-relative paths a method called ``slug`` owns."""
        return cls(
            slug,
            Path("labkit") / "methods" / slug,
            Path("notebooks") / f"{slug}.ipynb",
            TESTS / f"test_{slug}.py",
            REGISTRY,
        )

    @property
    def new_files(self) -> tuple[Path, Path, Path]:
        """What must not exist yet: the method's folder, notebook and test."""
        return self.module, self.notebook, self.test


def check_slug(slug: str, root: Path) -> str:
    """Return ``slug`` if it can name a new method in the project at ``root``.

    Raises
    ------
    ConfigError
        For a path trick, a value that is not a lowercase Python identifier (or is a keyword),
        a method already in the registry, or a file the new method would overwrite.
    """
    from labkit.runner.plan import check_safe_name

    check_safe_name(slug, "SLUG")
    if not (_SLUG_RE.fullmatch(slug) and len(slug) <= MAX_SLUG) or keyword.iskeyword(slug):
        raise ConfigError(
            "invalid method name",
            column="SLUG",
            expected=f"a lowercase Python identifier of at most {MAX_SLUG} characters: a letter, "
            "then letters, digits or '_' (e.g. pilot_study), not a Python keyword",
            found=repr(slug),
        )
    if slug in registered_slugs(root):
        raise ConfigError(
            "method already exists",
            path=root / REGISTRY,
            column="SLUG",
            expected="a name not in METHODS",
            found=repr(slug),
        )
    # tests/test_<slug>.py would clash with tests/methods/test_<slug>.py: pytest refuses two test modules
    # of the same name in folders without __init__.py.
    for rel in (
        *Scaffold.for_slug(slug).new_files,
        Path("labkit") / "methods" / f"{slug}.py",
        Path("tests") / f"test_{slug}.py",
    ):
        if (root / rel).exists():
            raise ConfigError(
                "the new method would overwrite a file",
                path=root / rel,
                column="SLUG",
                expected="a name whose module, notebook and test do not exist yet",
                found=repr(slug),
            )
    return slug


def check_title(title: str, option: str = "--title") -> str:
    """Return ``title`` stripped if it is one printable line without quotes or backslashes.

    Raises
    ------
    ConfigError
        If the title is empty, too long, spans lines or holds ``"`` or ``\\``.
    """
    value = title.strip()
    if not value or len(value) > MAX_TITLE or not value.isprintable() or '"' in value or "\\" in value:
        raise ConfigError(
            "invalid title",
            column=option,
            expected=f"one line of 1 to {MAX_TITLE} printable characters without '\"' or '\\'",
            found=repr(title),
        )
    return value


def registered_slugs(root: Path) -> list[str]:
    """The slugs in the METHODS mapping of the registry file under ``root``, in order."""
    lines = _registry_lines(root)
    start, end = _methods_block(lines, root / REGISTRY)
    return re.findall(r'^\s{4}"([^"]+)"\s*:', "".join(lines[start:end]), flags=re.MULTILINE)


def _registry_lines(root: Path) -> list[str]:
    path = root / REGISTRY
    if not path.is_file():
        raise ConfigError(
            "registry not found",
            path=path,
            expected="labkit/registry.py of a labkit checkout",
            found="no such file",
        )
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def _methods_block(lines: list[str], path: Path) -> tuple[int, int]:
    """Index of the METHODS opener line and of its closing ``}`` line."""
    starts = [i for i, line in enumerate(lines) if line.rstrip() == METHODS_OPENER]
    ends = [i for i, line in enumerate(lines) if line.rstrip() == "}" and starts and i > starts[0]]
    if not starts or not ends:
        raise ConfigError(
            "cannot find the METHODS mapping",
            path=path,
            expected=f"a line '{METHODS_OPENER}' and, later, a line '}}'",
            found="neither or one",
        )
    return starts[0], ends[0]


def registry_entry(slug: str, title_sv: str, title_en: str, needs: tuple[str, ...] = ()) -> str:
    """The lines added to METHODS for a new method."""
    listed = ", ".join(f'"{need}"' for need in needs) + ("," if len(needs) == 1 else "")
    need = f"        needs=({listed}),\n" if needs else ""
    return (
        f'    "{slug}": Method(\n        "{slug}",\n        "{title_sv}",\n        '
        f'"{title_en}",\n{need}    ),\n'
    )


def _fill(template: str, slug: str, title_sv: str, title_en: str, needs: tuple[str, ...] = ()) -> str:
    listed = ", ".join(f'"{need}"' for need in needs) + ("," if len(needs) == 1 else "")
    return (
        template.replace("__SLUG__", slug)
        .replace("__TITLE_EN__", title_en)
        .replace("__TITLE__", title_sv)
        .replace("__NEEDS__", listed)
    )


def _notebook_text(root: Path, slug: str, title_sv: str, title_en: str) -> str:
    notebook = nbformat.read(root / TEMPLATES / "notebook.ipynb.tmpl", as_version=4)
    for cell in notebook.cells:
        cell.source = _fill(cell.source, slug, title_sv, title_en)
    return nbformat.writes(notebook) + "\n"


def _template(root: Path, name: str) -> str:
    path = root / TEMPLATES / name
    if not path.is_file():
        raise ConfigError(
            "template not found",
            path=path,
            expected="the method templates of a labkit checkout",
            found="no such file",
        )
    return path.read_text(encoding="utf-8")


def check_needs(needs: tuple[str, ...], root: Path) -> tuple[str, ...]:
    """Return ``needs`` if every one is a registered method (municipality scope), else raise ConfigError."""
    known = registered_slugs(root)
    for need in needs:
        if need not in known or need == "regional":
            allowed = [slug for slug in known if slug != "regional"]
            raise ConfigError(
                "unknown method", column="--needs", expected="one of " + ", ".join(allowed), found=repr(need)
            )
    return tuple(dict.fromkeys(needs))


def new_method(
    slug: str,
    title: str,
    *,
    title_en: str = "",
    needs: tuple[str, ...] = (),
    root: str | Path | None = None,
) -> Scaffold:
    """Write a new method's package, notebook and test from ``templates/method/`` and register it.

    Every check runs before the first file is written; each file is written atomically, and the
    registry line goes in last.

    Parameters
    ----------
    slug
        The new method's name: a lowercase Python identifier not yet used.
    title
        The Swedish one-line title; ``title_en`` is the English one (default: the same text).
    root
        The project root (default: the checkout labkit runs from).

    Raises
    ------
    ConfigError
        For an invalid or taken slug, an invalid title, or a missing template or registry.
    """
    from labkit.registry import ROOT

    root = Path(root) if root is not None else ROOT
    check_slug(slug, root)
    title_sv = check_title(title)
    title_en = check_title(title_en, "--title-en") if title_en else title_sv
    needs = check_needs(tuple(needs), root)
    plan = Scaffold.for_slug(slug)
    texts = {
        plan.module / name: _fill(_template(root, f"package/{name}.tmpl"), slug, title_sv, title_en, needs)
        for name in PACKAGE_FILES
    }
    texts[plan.test] = _fill(_template(root, "test.py.tmpl"), slug, title_sv, title_en, needs)
    texts[plan.notebook] = _notebook_text(root, slug, title_sv, title_en)
    lines = _registry_lines(root)
    _start, end = _methods_block(lines, root / REGISTRY)
    lines.insert(end, registry_entry(slug, title_sv, title_en, needs))
    for rel, text in texts.items():
        write_text_atomic(root / rel, text)
    write_text_atomic(root / REGISTRY, "".join(lines))
    return plan


def cmd_new_method(args: argparse.Namespace) -> int:
    """Scaffold a new method and print the files written."""
    plan = new_method(args.slug, args.title, title_en=args.title_en or "", needs=tuple(args.needs or ()))
    print(
        f"labkit: new method '{plan.slug}'; run it with: labkit run --method {plan.slug} --municipality 1402",
        file=sys.stderr,
    )
    for rel in (*plan.new_files, plan.registry):
        print(rel.as_posix())
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``new-method`` command to a ``labkit`` subparsers object."""
    parser = subparsers.add_parser(
        "new-method", help="scaffold a new method: its package, notebook, tests and registry entry"
    )
    parser.add_argument("slug", metavar="SLUG", help="the method's name: a lowercase Python identifier")
    parser.add_argument("--title", required=True, help="Swedish one-line title")
    parser.add_argument("--title-en", default=None, help="English one-line title (default: the Swedish one)")
    parser.add_argument(
        "--needs",
        nargs="+",
        default=None,
        metavar="METHOD",
        help="methods whose results the new one reads (run first; read with ctx.upstream)",
    )
    parser.set_defaults(func=cmd_new_method)
    return parser
