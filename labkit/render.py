"""The one rendering path of reports and workshop views: tables and user text, escaped and formatted for
readers.

Everything a journal entry, an imported CSV file or a parameter holds is data, never markup. This module is
the only place that turns such values into HTML or Markdown:

- :func:`table` shows a data frame as an HTML table (a pandas ``Styler``): every cell, header and index label
  is escaped after it is formatted, missing values read "–", booleans "ja"/"nej" ("yes"/"no" in English),
  floats are rounded with a decimal comma and thin-space thousands in Swedish; text columns are left-aligned
  and number columns right-aligned.
- :func:`markdown` builds Markdown from a trusted template and user values: the values are escaped
  (:func:`escape_markdown`), and the whole text passes a last guard that leaves no raw HTML and no link.
- :func:`escape_html` is the escape for hand-built HTML (widgets, summaries).

The data of a table's ``Styler`` (``styler.data``) is the text a reader sees, before escaping.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit.i18n import check_lang

if TYPE_CHECKING:
    from IPython.display import Markdown
    from pandas.io.formats.style import Styler

#: What a missing value reads as.
MISSING = "–"
#: The thousands separator of Swedish numbers: a thin space that does not break (U+202F).
THIN_SPACE = "\u202f"
#: Booleans in the reader's language.
YES_NO = {"sv": ("ja", "nej"), "en": ("yes", "no")}
#: Decimals of a float column unless the caller says otherwise (whole numbers get none).
DEFAULT_DECIMALS = 2

Formatter = Callable[[object], str]

#: Characters with a meaning in Markdown, escaped with a backslash in user text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$>])")
#: Text that reads as a number once formatted (digits, separators, sign, percent, minus sign).
_NUMBER_TEXT = re.compile(r"[−+-]?\d[\d\u202f\u00a0 ,.]*(\s?%)?")
#: Longest text (characters) kept on one line in a table.
NOWRAP_WIDTH = 30


def is_missing(value: object) -> bool:
    """True for None, NaN, NaT and pandas' NA (not for empty text)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    return False


def format_number(value: float, decimals: int = 0, lang: str = "sv") -> str:
    """``value`` rounded to ``decimals``: "12 345,7" (thin space, decimal comma) in Swedish, "12,345.7" in
    English.

    Missing values read "–".
    """
    check_lang(lang)
    if is_missing(value):
        return MISSING
    text = f"{float(value):,.{decimals}f}"
    if text.startswith("-") and float(text.lstrip("-").replace(",", "")) == 0:
        text = text[1:]  # no "-0,0"
    if lang == "sv":
        text = text.replace(",", THIN_SPACE).replace(".", ",")
    return text


def yes_no(value: object, lang: str = "sv") -> str:
    """A boolean as "ja"/"nej" (Swedish) or "yes"/"no" (English); missing reads "–"."""
    check_lang(lang)
    if is_missing(value):
        return MISSING
    return YES_NO[lang][0 if bool(value) else 1]


def format_value(value: object, lang: str = "sv", decimals: int | None = None) -> str:
    """Any value as a reader sees it: "–" when missing, ja/nej for booleans, rounded numbers, code names as
    their titles and closed-vocabulary terms in the report language (:func:`labkit.terms.term`), other text as
    it is.

    Floats get ``decimals`` (default: none for whole numbers, else :data:`DEFAULT_DECIMALS`); integers none.
    Dates and timestamps are shown as ISO dates (with the time when it is not midnight).
    """
    check_lang(lang)
    if is_missing(value):
        return MISSING
    if isinstance(value, bool | np.bool_):
        return yes_no(value, lang)
    if isinstance(value, numbers.Integral):
        return format_number(float(value), 0, lang)
    if isinstance(value, numbers.Real):
        if decimals is None:
            decimals = 0 if float(value).is_integer() else DEFAULT_DECIMALS
        return format_number(float(value), decimals, lang)
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d" if value == value.normalize() else "%Y-%m-%d %H:%M")
    if isinstance(
        value, str
    ):  # a code name reads as its title, a closed-vocabulary term in the report language
        from labkit.terms import term

        return str(term(value, lang))
    return str(value)


def escape_html(value: object) -> str:
    """``value`` as text that HTML shows as written (``& < > " '`` escaped); None reads ""."""
    return "" if value is None else html.escape(str(value), quote=True)


def escape_markdown(value: object) -> str:
    """``value`` as Markdown text that shows as written: no markup, no HTML, no link.

    HTML characters become entities and every character with a meaning in Markdown gets a backslash, so
    ``[x](javascript:alert(3))`` stays text and ``<script>`` is shown, not run. Line breaks become spaces.
    """
    text = "" if value is None else str(value)
    text = html.escape(text, quote=False)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"\s*[\r\n]+\s*", " ", text)


def _guard(text: str) -> str:
    """The last guard on Markdown built here: no raw HTML (``<`` and ``&`` as entities) and no link syntax."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = re.sub(r"&amp;(lt|gt|amp|quot|#x27|#39);", r"&\1;", text)  # keep entities of escaped values
    return re.sub(r"(?<!\\)([\[\]])", r"\\\1", text)


def markdown_text(template: str, **values: object) -> str:
    """``template`` (trusted text of labkit) filled with ``values`` escaped by :func:`escape_markdown`,
    guarded."""
    filled = template.format(**{k: escape_markdown(v) for k, v in values.items()}) if values else template
    return _guard(filled)


def markdown(template: str, **values: object) -> Markdown:
    """A Markdown display of ``template`` filled with escaped ``values`` (see :func:`markdown_text`)."""
    from IPython.display import Markdown

    return Markdown(markdown_text(template, **values))


def _numeric(series: pd.Series) -> bool:
    """True when a column holds numbers (not booleans), raw or already formatted as text."""
    if pd.api.types.is_bool_dtype(series):
        return False
    if pd.api.types.is_numeric_dtype(series):
        return True
    present = [v for v in series if not is_missing(v) and v != MISSING and v != ""]
    if not present or any(isinstance(v, bool | np.bool_) for v in present):
        return False
    return all(
        isinstance(v, numbers.Real) or (isinstance(v, str) and _NUMBER_TEXT.fullmatch(v)) for v in present
    )


def _cell_formatter(series: pd.Series, fmt: Formatter | int | None, lang: str) -> Formatter:
    """The display function of one column: ``fmt`` (a function, or decimals) or :func:`format_value`."""
    if callable(fmt):
        return lambda v: str(fmt(v))
    decimals = fmt
    if decimals is None and pd.api.types.is_float_dtype(series):
        values = series.dropna().to_numpy(dtype=float)
        whole = bool(values.size) and bool(np.all(np.isfinite(values) & (values == np.round(values))))
        decimals = 0 if whole else DEFAULT_DECIMALS
    return lambda v: format_value(v, lang, decimals)


def _formatted(series: pd.Series, fmt: Formatter | int | None, lang: str) -> list[str]:
    """The texts of one column: its display function is chosen once, then applied to every value."""
    display = _cell_formatter(series, fmt, lang)
    return [display(v) for v in series]


def _label(value: object, lang: str) -> str:
    return escape_html(format_value(value, lang))


def table(
    frame: pd.DataFrame,
    *,
    lang: str = "sv",
    columns: Mapping[str, str] | None = None,
    formats: Mapping[str, Formatter | int | None] | None = None,
    index: bool = False,
    caption: str | None = None,
    left: tuple[str, ...] = (),
    right: tuple[str, ...] = (),
) -> Styler:
    """``frame`` as an HTML table for readers, every value escaped.

    Parameters
    ----------
    frame
        The data (left as it is; the Styler's ``data`` holds the shown text).
    lang
        The reader's language (numbers, booleans).
    columns
        Column key -> header, choosing and ordering the columns shown (default: every column, own names).
    formats
        Column key -> a function giving a value's text, or a number of decimals (default
        :func:`format_value`: "–" when missing, ja/nej, rounded numbers). A function is called on missing
        values too, so that it can say why a value is missing.
    index
        Show the index (for pivot tables); its labels are escaped like the cells.
    caption
        A caption above the table (escaped).
    left, right
        Column keys to align left or right whatever they hold (default: numbers right, text left).
    """
    check_lang(lang)
    formats = dict(formats or {})
    keys = list(columns) if columns is not None else list(frame.columns)
    headers = [columns[k] for k in keys] if columns is not None else keys
    shown = pd.DataFrame(
        {i: _formatted(frame[k], formats.get(k), lang) for i, k in enumerate(keys)},
        index=frame.index,
        dtype=object,
    )
    shown.columns = (
        frame.columns[[frame.columns.get_loc(k) for k in keys]]
        if columns is None
        else pd.Index(headers, dtype=object)
    )
    # No id on every cell (cells are styled by column class): a third less markup for a browser, nbconvert
    # and the workbook reader to go through in long tables. A cell given its own style still gets an id.
    styler = _table_class()(shown, cell_ids=False)
    styler = styler if index else styler.hide(axis="index")
    styler = styler.format(escape="html")
    styler = styler.format_index(lambda v: _label(v, lang), axis=1)
    if index:
        styler = styler.format_index(lambda v: _label(v, lang), axis=0)
    styler = styler.format_index_names(escape="html", axis=0).format_index_names(escape="html", axis=1)
    styles: list[dict] = [
        {"selector": "td, th", "props": "padding: 2px 8px; vertical-align: top;"},
        {"selector": "th", "props": "text-align: left;"},
        {"selector": "td", "props": "text-align: left;"},
    ]
    for position, key in enumerate(keys):
        series = frame[key]
        number = key in right or (key not in left and _numeric(series))
        props = "text-align: right; white-space: nowrap;" if number else "text-align: left;"
        if not number and _short(series):
            props += " white-space: nowrap;"
        styles += [
            {"selector": f"td.col{position}", "props": props},
            {"selector": f"th.col{position}", "props": props},
        ]
    styler = styler.set_table_styles(styles)
    if caption:
        styler = styler.set_caption(escape_html(caption))
    return styler


@lru_cache(maxsize=1)
def _table_class() -> type:
    """The ``Styler`` of :func:`table`: the same object and the same HTML, written without jinja2 when the
    table uses nothing but what :func:`table`, captions, hidden rows and table attributes set.

    ``Styler.to_html`` deep-copies the styler, builds a dict for every cell and renders them through a jinja2
    template: about a fifth of a report kernel's CPU time. :func:`_plain_html` writes the same characters
    directly; anything else (cell styles, a hierarchical index, trimming, arguments) goes to pandas.
    """
    from pandas.io.formats.style import Styler

    class Table(Styler):
        def to_html(self, buf=None, **kwargs):
            if buf is None and not kwargs:
                html = _plain_html(self, Styler)
                if html is not None:
                    return html
            return super().to_html(buf, **kwargs)

    Table.__name__ = Table.__qualname__ = "Styler"
    return Table


def _plain_html(styler: Styler, base: type[Styler]) -> str | None:
    """What ``styler.to_html()`` writes, for a styler with one level of columns, no cell styles, classes,
    tooltips, ids, concatenated tables, hidden columns or trimming and pandas' own templates; None for any
    other styler. The index may have several levels (sparsified like pandas does, with its own function)."""
    try:
        from pandas.io.formats.style_render import _get_level_lengths
    except ImportError:  # a pandas that moved it: its own renderer
        return None
    data = styler.data
    rows, cols = data.shape
    if (
        styler._todo
        or styler.ctx
        or styler.ctx_index
        or styler.ctx_columns
        or styler.tooltips is not None
        or styler.cell_context
        or styler.concatenated
        or styler.cell_ids
        or styler.hidden_columns
        or any(styler.hide_columns_)
        or data.columns.nlevels != 1
        or styler.template_html is not base.template_html
        or styler.template_html_table is not base.template_html_table
        or styler.template_html_style is not base.template_html_style
        or not (styler.caption is None or isinstance(styler.caption, str))
        or not (styler.table_attributes is None or isinstance(styler.table_attributes, str))
        or pd.get_option("styler.render.max_rows") is not None
        or pd.get_option("styler.render.max_columns") is not None
        or rows * cols > pd.get_option("styler.render.max_elements")
        or not pd.get_option("styler.html.mathjax")
    ):
        return None
    css, blank, uuid = styler.css, "&nbsp;", styler.uuid
    out = ['<style type="text/css">\n']
    for style in styler.table_styles or []:
        props = "".join(f"  {p}: {v};\n" for p, v in style["props"])
        out += [f"#T_{uuid} {selector} {{\n{props}}}\n" for selector in style["selector"].split(",")]
    out.append("</style>\n")
    attributes = f" {styler.table_attributes}" if styler.table_attributes else ""
    out.append(f'<table id="T_{uuid}"{attributes}>\n')
    if styler.caption:
        out.append(f"  <caption>{styler.caption}</caption>\n")
    out.append("  <thead>\n")
    levels, hide_index = data.index.nlevels, list(styler.hide_index_)
    show_index = not all(hide_index)
    level = css["level"]
    if cols:
        out.append("    <tr>\n")
        out += [f'      <th class="{css["blank"]}" >{blank}</th>\n'] * (levels - sum(hide_index) - 1)
        if show_index:
            name = data.columns.names[0]
            if name is None:
                out.append(f'      <th class="{css["blank"]} {level}0" >{blank}</th>\n')
            else:
                shown = blank if styler.hide_column_names else styler._display_funcs_column_names[0](name)
                out.append(f'      <th class="{css["index_name"]} {level}0" >{shown}</th>\n')
        column_label, col_heading = _display(styler._display_funcs_columns), css["col_heading"]
        out += [
            f'      <th class="{col_heading} {level}0 {css["col"]}{c}" >{column_label((0, c), v)}</th>\n'
            for c, v in enumerate(data.columns)
        ]
        out.append("    </tr>\n")
    names = data.index.names
    if any(n is not None for n in names) and show_index and not styler.hide_index_names:
        out.append("    <tr>\n")
        for c, name in enumerate(names):
            if not hide_index[c]:
                shown = blank if name is None else styler._display_funcs_index_names[c](name)
                out.append(f'      <th class="{css["index_name"]} {level}{c}" >{shown}</th>\n')
        out += [f'      <th class="{css["blank"]} {css["col"]}{c}" >{blank}</th>\n' for c in range(cols)]
        out.append("    </tr>\n")
    out.append("  </thead>\n  <tbody>\n")
    cell, row_label = _display(styler._display_funcs), _display(styler._display_funcs_index)
    hidden = set(styler.hidden_rows)
    spans = _get_level_lengths(data.index, pd.get_option("styler.sparse.index"), rows, styler.hidden_rows)
    row_class, data_class, col_class = css["row"], css["data"], css["col"]
    headings = [f"{css['row_heading']} {level}{c}" for c in range(levels)]
    labels = data.index.tolist() if levels > 1 else [(v,) for v in data.index.tolist()]
    for r, values in enumerate(data.itertuples(index=False, name=None)):
        if r in hidden:
            continue
        out.append("    <tr>\n")
        for c, label in enumerate(labels[r]):
            span = spans.get((c, r))
            if span is not None and not hide_index[c]:
                attribute = f'rowspan="{span}"' if span > 1 else ""
                shown = row_label((r, c), label)
                out.append(f'      <th class="{headings[c]} {row_class}{r}" {attribute}>{shown}</th>\n')
        out += [
            f'      <td class="{data_class} {row_class}{r} {col_class}{c}" >{cell((r, c), v)}</td>\n'
            for c, v in enumerate(values)
        ]
        out.append("    </tr>\n")
    out.append("  </tbody>\n</table>\n")
    return "".join(out)


def _display(funcs: Mapping) -> Callable[[tuple[int, int], object], object]:
    """Look up a styler's display function of a cell (its default when the cell has none) and apply it,
    without adding the cell to the styler's defaultdict."""
    default = funcs.default_factory()  # type: ignore[attr-defined]
    return lambda key, value: funcs.get(key, default)(value)


def _short(series: pd.Series) -> bool:
    """True when every text of a column fits on one line (:data:`NOWRAP_WIDTH` characters)."""
    return all(len(str(v)) <= NOWRAP_WIDTH for v in series if not is_missing(v))


def escape_text(value: object) -> str:
    """``value`` as the text of an HTML element (``& < >`` escaped; quotes kept, as they are no markup
    there)."""
    return "" if value is None else html.escape(str(value), quote=False)


def message(text: object, *, colour: str = "", prefix: str = "", detail: object = None) -> str:
    """A one-line HTML message for a widget: ``prefix`` and ``text`` escaped, ``detail`` small and escaped."""
    style = f" style='color:{escape_html(colour)}'" if colour else ""
    body = f"<span{style}>{escape_text(prefix + str(text))}</span>"
    return body + (f" <small>({escape_text(detail)})</small>" if detail is not None else "")


def html_table(frame: pd.DataFrame, lang: str = "sv") -> str:
    """A plain HTML table of ``frame`` (no index) for widgets: values formatted like :func:`table`,
    escaped."""
    head = "".join(f"<th>{_label(c, lang)}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape_html(format_value(v, lang))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


#: MIME type of the full rows of a capped table in a notebook output (see :class:`CappedTable`); the HTML
#: report shows the first rows, and the report's Excel file (:mod:`labkit.runner.xlsx`) every row.
FULL_TABLE_MIME = "application/vnd.labkit.table+json"


class CappedTable:
    """A long table in a report: its first rows as HTML, with a sentence saying how many rows there are, and
    every row (as text, the way the reader sees it) beside them under :data:`FULL_TABLE_MIME`.

    The shown ``<table>`` carries ``data-labkit-table="KEY"`` and the full rows the same key, so the report's
    Excel file puts every row on that table's sheet. ``data`` is the shown rows' text (like a ``Styler``'s),
    ``full`` every row's.
    """

    def __init__(self, styler: Styler, rows: int, note: str) -> None:
        import hashlib
        import json

        self.full, self.note = styler.data, note
        self.rows = [
            ["" if is_missing(v) else str(v) for v in row] for row in self.full.itertuples(index=False)
        ]
        self.key = hashlib.sha256(json.dumps(self.rows, ensure_ascii=False).encode()).hexdigest()[:16]
        # rows after the first ``rows`` are left out of the HTML (not hidden by CSS: absent)
        self.styler = styler.hide(self.full.index[rows:], axis="index").set_table_attributes(
            f'data-labkit-table="{self.key}"'
        )
        self.shown = rows

    @property
    def data(self) -> pd.DataFrame:
        """The text of the rows shown."""
        return self.full.head(self.shown)

    def to_html(self) -> str:
        """The shown rows as an HTML table, then the sentence (escaped)."""
        return self.styler.to_html() + f'<p class="labkit-cut"><em>{escape_text(self.note)}</em></p>'

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(self, **kwargs: object) -> dict:
        return {
            "text/html": self.to_html(),
            "text/plain": self.note,
            FULL_TABLE_MIME: {"key": self.key, "rows": self.rows},
        }


def capped_table(
    frame: pd.DataFrame, rows: int | None, note: Callable[[int, int], str], **options: object
) -> Styler | CappedTable:
    """:func:`table` of ``frame`` (``options`` are its keywords); when ``frame`` has more than ``rows`` rows,
    a
    :class:`CappedTable` that shows the first ``rows`` with the sentence ``note(rows, len(frame))``. ``rows``
    None shows every row. For tables without an index (the full rows carry no index labels)."""
    if options.get("index"):
        raise ValueError("capped_table: a table with an index cannot be capped")
    styler = table(frame, **options)
    if rows is None or len(frame) <= rows:
        return styler
    return CappedTable(styler, rows, note(rows, len(frame)))
