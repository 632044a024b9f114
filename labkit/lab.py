"""The notebook-facing entry point: ``ctx = lab.open(kommun, slug, ...)`` loads data and records results."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from labkit import i18n
from labkit.data.dataset import Dataset
from labkit.registry import ROOT, get_method
from labkit.results import build_record, results_path, write_results
from labkit.runner.plan import REGION


@lru_cache(maxsize=4)
def _load(source: str, data_dir: str) -> Dataset:
    from labkit.data.sources import load_source

    return load_source(source, data_dir or None)


@dataclass(frozen=True)
class LabContext:
    """What a method notebook needs: the dataset, the municipality, the language and where to write."""

    method: str
    dataset: Dataset
    kommun_kod: str
    kommun: str
    lang: str
    source: str
    data_dir: str
    out_dir: Path
    params: dict = field(default_factory=dict)

    def notice(self):
        """A Markdown notice on the data's provenance (synthetic areas are always said to be synthetic)."""
        from labkit import render

        return render.markdown("> **{text}**", text=self.notice_text())

    def notice_text(self) -> str:
        """The provenance notice as plain text in the context's language."""
        prov = self.dataset.provenance
        if self.dataset.is_synthetic:
            return i18n.text({}, "synthetic_notice", self.lang, year=max(prov.get("years") or [2023]))
        return i18n.text({}, "real_notice", self.lang, files=", ".join(prov.get("files", [])))

    def record(self, figures: dict) -> Path:
        """Write ``<slug>.results.json`` with the figures and the run's provenance; return its path."""
        record = build_record(
            figures,
            method=self.method,
            kommun_kod=self.kommun_kod,
            kommun=self.kommun,
            parameters=self.params,
            source=self.source,
            provenance=self.dataset.provenance,
        )
        return write_results(results_path(self.out_dir, self.method), record)


def open(
    kommun: str,
    method: str,
    *,
    source: str = "bundled",
    data_dir: str = "",
    lang: str = "sv",
    out_dir: str = "",
    **params: object,
) -> LabContext:
    """Open a method for one municipality: load the source, resolve the municipality, pick the output folder.

    ``out_dir`` defaults to ``reports/interactive/<kommun_kod>`` in the project: a notebook run by hand never
    writes into a batch run's folder, where ``labkit run`` would take it for an up-to-date job. Extra keyword
    arguments are recorded as parameters in the results file.
    """
    from labkit.data.sources import resolve_municipality

    scope = get_method(method).scope
    i18n.check_lang(lang)
    from labkit.charts import decimal_comma

    decimal_comma(lang == "sv")
    data_dir = os.fspath(data_dir) if data_dir else ""
    dataset = _load(source, data_dir)
    code = resolve_municipality(dataset, str(kommun))
    names = dataset.municipalities().set_index("kommun_kod")["kommun"]
    out = Path(out_dir) if out_dir else ROOT / "reports" / "interactive" / code
    base = {"kommun": code, "source": source, "data_dir": data_dir, "lang": lang}
    if (
        scope == "region"
    ):  # a run-wide method: its results and report speak for the region, not one municipality
        code, name = REGION, i18n.text({}, "region", lang)
    else:
        name = str(names[code])
    return LabContext(method, dataset, code, name, lang, source, data_dir, out, {**base, **params})
