"""Turn an executed notebook into a self-contained HTML report with no code, prompts or parameters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import nbformat

from labkit import __version__
from labkit.errors import LabkitError
from labkit.fileio import write_text_atomic

#: Cells removed whole. ``injected-parameters`` and ``parameters`` hold code only; ``workshop`` marks cells
#: meant only for the live workshop (forms, instructions about the journal).
REMOVE_CELL_TAGS = ("remove-cell", "injected-parameters", "parameters", "workshop")
#: A cell tagged ``lang-sv`` or ``lang-en`` is kept only in a report of that language.
LANG_TAG = "lang-{lang}"
#: Cells whose input is removed (every code input is removed anyway; the tags are honoured for clarity).
REMOVE_INPUT_TAGS = ("remove-input", "hide-input")
#: Cells whose output is removed.
REMOVE_OUTPUT_TAGS = ("remove-output",)
#: The report template (``templates/report/labkit_report``: the ``lab`` template plus title block and print
#: style).
TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "report"
TEMPLATE_NAME = "labkit_report"


def _exporter(lang: str = "sv"):
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    others = {LANG_TAG.format(lang=other) for other in ("sv", "en") if other != lang}
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_CELL_TAGS) | others
    config.TagRemovePreprocessor.remove_input_tags = set(REMOVE_INPUT_TAGS)
    config.TagRemovePreprocessor.remove_all_outputs_tags = set(REMOVE_OUTPUT_TAGS)
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.language_code = lang
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATE_DIR)]
    config.HTMLExporter.template_name = TEMPLATE_NAME
    exporter = HTMLExporter(config=config)
    exporter.register_preprocessor("nbconvert.preprocessors.TagRemovePreprocessor", enabled=True)
    return exporter


def title_block(notebook: nbformat.NotebookNode, results: dict | None = None) -> dict:
    """The report's title-block values from the notebook's papermill parameters and its results record.

    Keys: ``municipality``, ``kommun_kod``, ``date`` (ISO), ``source``, ``synthetic`` (bool, or None when
    unknown), ``provenance`` (description), ``citation`` and ``version`` (labkit's).
    """
    params = dict(notebook.get("metadata", {}).get("papermill", {}).get("parameters", {}) or {})
    results = results or {}
    provenance = results.get("provenance")
    prov: dict = provenance if isinstance(provenance, dict) else {}
    synthetic = prov.get("synthetic")
    return {
        "years": prov.get("years") if isinstance(prov.get("years"), list) else None,
        "municipality": str(results.get("kommun") or params.get("kommun") or ""),
        "kommun_kod": str(results.get("kommun_kod") or ""),
        "date": str(results.get("created") or date.today().isoformat())[:10],
        "source": str(results.get("source") or params.get("source") or ""),
        "synthetic": synthetic if isinstance(synthetic, bool) else None,
        "provenance": str(prov.get("description") or ""),
        "citation": str(prov.get("citation") or ""),
        "version": str(results.get("labkit_version") or __version__),
    }


def _results_of(notebook_path: Path) -> dict | None:
    """The ``<slug>.results.json`` beside an executed notebook, or None if absent or unreadable."""
    from labkit.results import read_results, results_path

    path = results_path(notebook_path.parent, notebook_path.stem)
    try:
        return read_results(path) if path.is_file() else None
    except LabkitError:
        return None


def report_title(slug: str, municipality: str, lang: str = "sv") -> str:
    """The browser-tab and PDF title: the method's short title and the municipality, e.g.
    ``"Målgruppsanalys – Lilla Edet"``."""
    from labkit.registry import METHODS

    method = METHODS.get(slug)
    short = method.title(lang).split(":")[0].strip() if method else slug
    return f"{short} – {municipality}" if municipality else short


def _front_position(notebook: nbformat.NotebookNode, lang: str = "sv") -> int:
    """Index right after the notebook's title heading (the first markdown line starting with ``# ``), else 0.

    A title cell that goes on after its heading is split in two, so the key findings follow the title.
    """
    skip = {LANG_TAG.format(lang=other) for other in ("sv", "en") if other != lang} | set(REMOVE_CELL_TAGS)
    for i, cell in enumerate(notebook.cells):
        source = "".join(cell.source).lstrip()
        if skip & set(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.cell_type == "markdown" and source.startswith("# "):
            heading, _, rest = source.partition("\n")
            if rest.strip():
                cell.source = heading
                notebook.cells.insert(i + 1, nbformat.v4.new_markdown_cell(rest.strip()))
            return i + 1
    return 0


def render_html(
    notebook: nbformat.NotebookNode,
    title: str,
    lang: str = "sv",
    *,
    meta: dict | None = None,
    findings: list[str] | None = None,
) -> str:
    """Render an executed notebook as HTML without code, prompts or parameter cells.

    ``meta`` holds the data box's values (see :func:`title_block`; default: from the notebook alone);
    ``findings`` the key-finding sentences. Both are placed right after the notebook's title heading.
    """
    from labkit.runner.front import front_html

    notebook = nbformat.from_dict(notebook)
    notebook.metadata["title"] = title
    notebook.metadata.pop("widgets", None)  # live widget state (workshop entries) never enters a report
    meta = meta if meta is not None else title_block(notebook)
    front = nbformat.v4.new_code_cell(
        "",
        outputs=[
            nbformat.v4.new_output("display_data", data={"text/html": front_html(meta, findings or [], lang)})
        ],
    )
    notebook.cells.insert(_front_position(notebook, lang), front)
    body, _ = _exporter(lang).from_notebook_node(notebook, resources={"labkit": meta})
    return body


def write_report(
    notebook_path: str | Path, html_path: str | Path, title: str, lang: str = "sv", *, xlsx: bool = True
) -> Path:
    """Read an executed notebook and write its HTML report atomically; with ``xlsx``, also the report's
    tables as ``<name>.xlsx`` beside it (linked from the data box) when it has any."""
    from labkit.runner import front as front_mod
    from labkit.runner.xlsx import full_tables, report_tables, write_xlsx

    notebook = nbformat.read(notebook_path, as_version=4)
    results = _results_of(Path(notebook_path))
    meta = title_block(notebook, results)
    html = render_html(notebook, title, lang, meta=meta, findings=front_mod.key_findings(results, lang))
    html_path = Path(html_path)
    xlsx_path = html_path.with_suffix(".xlsx")
    tables = report_tables(html, full_tables(notebook)) if xlsx else []
    if tables:
        write_xlsx(xlsx_path, tables, lang)
        html = html.replace(front_mod.XLSX_MARK, front_mod.xlsx_link(xlsx_path.name, lang), 1)
    else:
        xlsx_path.unlink(missing_ok=True)
    return write_text_atomic(html_path, html)
