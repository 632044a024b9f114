"""The kernel fork server's preloading: what every method's kernel imports is imported before forking."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_preload_imports_every_method_module_but_the_widgets() -> None:
    code = (
        "import importlib, json, sys\n"
        "from labkit.runner import forkserver\n"
        "for name in forkserver.PRELOAD:\n"
        "    importlib.import_module(name)\n"
        "forkserver._preload_methods()\n"
        "wanted = ('labkit', 'sklearn', 'statsmodels')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(wanted))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=300
    )
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    from labkit.registry import METHODS

    expected = set()
    for method in METHODS.values():
        folder = ROOT / "labkit" / "methods" / method.slug
        expected |= {f"{method.module}.{p.stem}" for p in folder.glob("*.py") if p.stem != "__init__"}
    widgets = {m for m in expected if m.rsplit(".", 1)[1] in ("widgets", "widget_text")}
    assert widgets  # the methods do have workshop widgets, left to the notebooks that use them
    assert expected - widgets <= loaded
    assert not widgets & loaded
    assert {"sklearn.decomposition", "sklearn.cluster", "statsmodels.api", "labkit.capture.journal"} <= loaded
