"""Every folder labkit reads or writes, named once.

In a checkout the project's folders sit beside the package: ``data/`` (the bundled synthetic data and example
records), ``notebooks/``, ``templates/``, ``reports/`` (``labkit run``'s default output, relative to the
folder it is run in, and ``reports/interactive/<kommun_kod>`` for notebooks run by hand) and ``labs/`` (the
git-ignored lab journals, one folder per municipality). Caches live in the user's cache folder
(``$LABKIT_CACHE_DIR`` overrides).
"""

from __future__ import annotations

import os
from pathlib import Path

#: The project root (notebooks/, data/ and templates/ sit beside the package in a checkout).
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = ROOT / "templates"
#: ``labkit run --out``'s default, relative to the folder the command runs in.
RUN_OUT = "reports"
#: The name of a municipality journal's file inside ``labs/<kommun_kod>/``.
JOURNAL_FILE = "labbok.sqlite"
#: Environment variable that moves every cache.
CACHE_ENV = "LABKIT_CACHE_DIR"


def reports(root: str | Path | None = None) -> Path:
    """The project's reports folder (``<root>/reports``)."""
    return Path(root if root is not None else ROOT) / "reports"


def interactive(kommun_kod: str, root: str | Path | None = None) -> Path:
    """Where a notebook run by hand writes: never a batch run's folder, so ``labkit run`` is not misled."""
    return reports(root) / "interactive" / kommun_kod


def labs(root: str | Path | None = None) -> Path:
    """The folder of live lab journals (git-ignored): ``<root>/labs``."""
    return Path(root if root is not None else ROOT) / "labs"


def journal(kommun_kod: str, root: str | Path | None = None) -> Path:
    """A municipality's lab journal: ``<root>/labs/<kommun_kod>/labbok.sqlite`` (the code is checked by
    callers)."""
    return labs(root) / kommun_kod / JOURNAL_FILE


def cache(*parts: str) -> Path:
    """A folder in labkit's cache: ``$LABKIT_CACHE_DIR`` or the user's cache folder, plus ``parts``."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured).expanduser().joinpath(*parts)
    import platformdirs  # imported here so that nothing runs at import time

    return Path(platformdirs.user_cache_dir("labkit")).joinpath(*parts)
