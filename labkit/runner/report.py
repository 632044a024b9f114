"""Turn an executed notebook into a self-contained HTML report with no code, prompts or parameters."""

from __future__ import annotations

from pathlib import Path

import nbformat

from labkit.fileio import write_text_atomic

#: Cells removed whole. ``injected-parameters`` and ``parameters`` hold code only.
REMOVE_CELL_TAGS = ("remove-cell", "injected-parameters", "parameters")
#: Cells whose input is removed (every code input is removed anyway; the tags are honoured for clarity).
REMOVE_INPUT_TAGS = ("remove-input", "hide-input")
#: Cells whose output is removed.
REMOVE_OUTPUT_TAGS = ("remove-output",)


def _exporter(lang: str = "sv"):
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_CELL_TAGS)
    config.TagRemovePreprocessor.remove_input_tags = set(REMOVE_INPUT_TAGS)
    config.TagRemovePreprocessor.remove_all_outputs_tags = set(REMOVE_OUTPUT_TAGS)
    config.HTMLExporter.exclude_input = True
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.language_code = lang
    exporter = HTMLExporter(config=config)
    exporter.register_preprocessor("nbconvert.preprocessors.TagRemovePreprocessor", enabled=True)
    return exporter


def render_html(notebook: nbformat.NotebookNode, title: str, lang: str = "sv") -> str:
    """Render an executed notebook as HTML without code, prompts or parameter cells."""
    notebook = nbformat.from_dict(notebook)
    notebook.metadata["title"] = title
    notebook.metadata.pop("widgets", None)  # live widget state (workshop entries) never enters a report
    body, _ = _exporter(lang).from_notebook_node(notebook)
    return body


def write_report(notebook_path: str | Path, html_path: str | Path, title: str, lang: str = "sv") -> Path:
    """Read an executed notebook and write its HTML report atomically."""
    notebook = nbformat.read(notebook_path, as_version=4)
    return write_text_atomic(html_path, render_html(notebook, title, lang))
