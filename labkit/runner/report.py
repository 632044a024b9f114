"""Turn an executed notebook into a self-contained HTML report with no code, prompts or parameters."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
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


#: Where nbconvert's own ``HTMLExporter`` marks input and output areas focusable (``tabindex="0"``) in a
#: BeautifulSoup pass over the whole page; labkit's exporter adds the same attribute to the same divs.
_OUTPUT_DIV = re.compile(r'(<div class="(?:[^"<>]*\bjp-OutputArea-output\b[^"<>]*|jp-Cell-inputWrapper)")')
#: An image without ``alt`` text (the charts): it gets :data:`IMAGE_ALT` in the report's language.
_IMAGE_WITHOUT_ALT = re.compile(r"<img (?![^<>]*\balt=)")
#: A numeric character reference to a non-ASCII character (nbconvert's Markdown writes ``M&#229;l`` for
#: ``Mål``), written out as the character as that pass did; ASCII references (``&#60;``) stay references,
#: and scripts and style sheets (where a reference is no reference) are matched whole and left as they are.
_NON_ASCII_REF = re.compile(
    r"(<(script|style)\b[^>]*>.*?</\2\s*>)|&#(?:([0-9]{3,7})|[xX]([0-9a-fA-F]{2,6}));",
    re.DOTALL | re.IGNORECASE,
)
IMAGE_ALT = {"sv": "Diagram (beskrivs i texten intill)", "en": "Chart (described in the text beside it)"}


def _report_exporter_class():
    """nbconvert's ``HTMLExporter`` without its BeautifulSoup pass over the rendered page.

    That pass parses and re-serialises the whole page (stylesheets and base64 figures included) to give images
    without ``alt`` a fixed English text and output areas ``tabindex="0"`` (and, re-serialising, writes
    numeric character references as characters); it took about half of a report's
    rendering time (and its ``alt`` text was English in a Swedish report). Here the ``alt`` text is
    :data:`IMAGE_ALT` in the report's language and :data:`_OUTPUT_DIV` adds the ``tabindex``.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter(
                "highlight_code",
                self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)),
            )
            resources = self._init_resources(resources)
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources),
            )
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            alt = IMAGE_ALT.get(self.language_code, IMAGE_ALT["en"])
            html = _IMAGE_WITHOUT_ALT.sub(f'<img alt="{alt}" ', html)
            html = _NON_ASCII_REF.sub(_character, html)
            return _OUTPUT_DIV.sub(r'\1 tabindex="0"', html), resources

    return ReportExporter


def _character(match: re.Match) -> str:
    if match[1]:
        return match[1]
    code = int(match[3]) if match[3] else int(match[4], 16)
    return chr(code) if 160 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match[0]


@lru_cache(maxsize=4)
def _exporter(lang: str = "sv"):
    """The report exporter for ``lang``, built once per process (its templates are compiled once)."""
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
    exporter = _report_exporter_class()(config=config)
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
