"""The notebook-facing entry point: ``ctx = lab.open(slug, globals())`` loads data, builds Params, records
results."""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from labkit import i18n, paths
from labkit.data.dataset import Dataset
from labkit.registry import get_method, needed_by
from labkit.results import build_record, results_path, write_results
from labkit.runner.plan import REGION


@lru_cache(maxsize=4)
def _load(source: str, data_dir: str) -> Dataset:
    from labkit.data.sources import load_source

    return load_source(source, data_dir or None)


@dataclass(frozen=True)
class LabContext:
    """What a method notebook needs: the dataset, the municipality, the language, its Params and where to
    write.

    ``params`` is the method's checked ``Params`` (built once, from the notebook's parameters); ``parameters``
    holds the values as the notebook gave them, recorded in the results file.
    """

    method: str
    dataset: Dataset
    kommun_kod: str
    kommun: str
    lang: str
    source: str
    data_dir: str
    out_dir: Path
    parameters: dict = field(default_factory=dict)
    params: Any = None

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

    def record(self, result: object) -> Path:
        """Write ``<slug>.results.json`` (the method's key figures of ``result`` and the run's provenance).

        When another method needs this one, ``result`` is also handed over to it
        (:func:`labkit.handover.write`). Returns the results file's path.
        """
        from labkit import handover

        figures = importlib.import_module(get_method(self.method).module).key_figures(result)
        if needed_by(self.method):
            handover.write(self.out_dir, self.method, result)
        record = build_record(
            figures,
            method=self.method,
            kommun_kod=self.kommun_kod,
            kommun=self.kommun,
            parameters=self.parameters,
            source=self.source,
            provenance=self.dataset.provenance,
        )
        return write_results(results_path(self.out_dir, self.method), record)

    def upstream(self, slug: str):
        """The result of a method this one needs, from the same run folder, or the reason it is missing."""
        from labkit import handover

        if slug not in get_method(self.method).needs:
            raise ValueError(f"method {self.method!r} does not declare {slug!r} in its registry needs")
        return handover.read(self.out_dir, slug, self.lang)


def open(method: str, values: Mapping[str, Any]) -> LabContext:
    """Open a method: load the source, take the municipality, build the method's Params, pick the output
    folder.

    A notebook calls ``lab.open("<slug>", globals())``: the runner's parameters (``kommun``, ``source``,
    ``data_dir``, ``lang``, ``out_dir``) and every parameter the method's ``Params`` declares are read from
    the notebook's namespace, so a parameter is written once, in the parameters cell; other names are not
    read. ``out_dir`` defaults to ``reports/interactive/<kommun_kod>``: a notebook run by hand never writes
    into a batch run's folder, where ``labkit run`` would take it for an up-to-date job.
    """
    names = ("kommun", "source", "data_dir", "lang", "out_dir")
    given = {name: values[name] for name in names if name in values}
    module = importlib.import_module(get_method(method).module)
    declared = [item.name for item in module.Params.declared()]
    own = {name: values[name] for name in declared if name in values}
    return _open(
        str(given.get("kommun", "")),
        method,
        source=str(given.get("source", "bundled")),
        data_dir=str(given.get("data_dir", "")),
        lang=str(given.get("lang", "sv")),
        out_dir=str(given.get("out_dir", "")),
        own=own,
        params_class=module.Params,
    )


def _open(kommun, method, *, source, data_dir, lang, out_dir, own, params_class) -> LabContext:
    from labkit.data.sources import resolve_municipality

    scope = get_method(method).scope
    i18n.check_lang(lang)
    from labkit.charts import decimal_comma

    decimal_comma(lang == "sv")
    data_dir = os.fspath(data_dir) if data_dir else ""
    dataset = _load(source, data_dir)
    # The runner passes a code it has resolved; a name typed by hand is resolved here.
    code = resolve_municipality(dataset, str(kommun))
    names = dataset.municipalities().set_index("kommun_kod")["kommun"]
    out = Path(out_dir) if out_dir else paths.interactive(code)
    base = {"kommun": code, "source": source, "data_dir": data_dir, "lang": lang}
    if (
        scope == "region"
    ):  # a run-wide method: its results and report speak for the region, not one municipality
        code, name = REGION, i18n.text({}, "region", lang)
    else:
        name = str(names[code])
    recorded = {**base, **own}
    built = params_class.from_values(code, lang, own)
    return LabContext(method, dataset, code, name, lang, source, data_dir, out, recorded, built)


def context(
    dataset: Dataset,
    method: str = "",
    kommun_kod: str = "",
    *,
    lang: str = "sv",
    out_dir: str | Path = "",
    params: Any = None,
) -> LabContext:
    """A context around a dataset already in hand (for scripts and tests): no source is loaded."""
    return LabContext(method, dataset, kommun_kod, "", lang, "", "", Path(out_dir or "."), {}, params)
