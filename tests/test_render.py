"""The report formatting layer: escaping of every value, missing values, booleans, numbers and alignment."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from labkit import render
from labkit.errors import ConfigError

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"


class Cells(HTMLParser):
    """The tags of an HTML text and the text of its td and th cells, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.cells: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag in ("td", "th"):
            self._open = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._open = False

    def handle_data(self, data: str) -> None:
        if self._open:
            self.cells[-1] += data


def parse(html: str) -> Cells:
    parser = Cells()
    parser.feed(html)
    return parser


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "expected"),
    [
        (1234567.891, 2, "sv", "1\u202f234\u202f567,89"),
        (1234567.891, 2, "en", "1,234,567.89"),
        (0.5, 0, "sv", "0"),  # banker's rounding is not used by f-strings either: 0.5 -> "0"
        (2.5, 1, "sv", "2,5"),
        (-1234.5, 1, "sv", "-1\u202f234,5"),
        (-0.004, 2, "sv", "0,00"),  # no "-0,00"
        (float("nan"), 2, "sv", "–"),
        (None, 0, "en", "–"),
    ],
)
def test_format_number(value: object, decimals: int, lang: str, expected: str) -> None:
    assert render.format_number(value, decimals, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (True, "sv", "ja"),
        (False, "sv", "nej"),
        (np.bool_(True), "en", "yes"),
        (False, "en", "no"),
        (None, "sv", "–"),
        (np.nan, "sv", "–"),
        (pd.NA, "en", "–"),
        (pd.NaT, "sv", "–"),
        (4, "sv", "4"),
        (np.int64(12345), "sv", "12\u202f345"),
        (12345, "en", "12,345"),
        (4.0, "sv", "4"),
        (3.176471, "sv", "3,18"),
        (3.176471, "en", "3.18"),
        (pd.Timestamp("2024-05-02"), "sv", "2024-05-02"),
        (pd.Timestamp("2024-05-02 13:07:55"), "sv", "2024-05-02 13:07"),
        ("bostadsrätt", "sv", "bostadsrätt"),
        ("", "sv", ""),
    ],
)
def test_format_value(value: object, lang: str, expected: str) -> None:
    assert render.format_value(value, lang) == expected


def test_unknown_language_is_refused_with_the_languages() -> None:
    with pytest.raises(ConfigError) as err:
        render.format_value(1.5, "de")
    assert str(err.value) == "parameter 'lang': unknown language: expected one of sv, en; found 'de'."


def test_escape_html_escapes_every_special_character() -> None:
    assert render.escape_html(PAYLOAD) == (
        "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
    )
    assert render.escape_html("a & \"b\" 'c'") == "a &amp; &quot;b&quot; &#x27;c&#x27;"
    assert render.escape_html(None) == ""


def test_escape_markdown_leaves_no_markup_and_no_link() -> None:
    assert render.escape_markdown("[x](javascript:alert(3))") == r"\[x\]\(javascript:alert\(3\)\)"
    assert render.escape_markdown("<script>alert(1)</script>") == r"&lt;script&gt;alert\(1\)&lt;/script&gt;"
    assert render.escape_markdown("**fet** _kursiv_ # rubrik\n- punkt") == (
        r"\*\*fet\*\* \_kursiv\_ \# rubrik \- punkt"
    )
    assert render.escape_markdown("{{ 7*7 }} $x$ a|b") == r"\{\{ 7\*7 \}\} \$x\$ a\|b"


def _markdown_html(text: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


def test_markdown_fills_a_template_with_escaped_values_and_renders_as_text() -> None:
    text = render.markdown_text("**Idé:** {idea} ({n} st)", idea="[x](javascript:alert(3)) <b>fet</b>", n=3)
    assert text == r"**Idé:** \[x\]\(javascript:alert\(3\)\) &lt;b&gt;fet&lt;/b&gt; \(3 st\)".replace(
        r"\(3 st\)", "(3 st)"
    )
    html = _markdown_html(text)
    assert html == ("<p><strong>Idé:</strong> [x](javascript:alert(3)) &lt;b&gt;fet&lt;/b&gt; (3 st)</p>\n")
    assert render.markdown("{a}", a="<i>").data == "&lt;i&gt;"


def test_markdown_guard_catches_html_and_links_in_built_text() -> None:
    """Text built elsewhere (notes lists) still renders without a tag or a link."""
    built = "Se [x](javascript:alert(3)) och <script>alert(1)</script> & <javascript:alert(4)>"
    html = _markdown_html(render.markdown_text(built))
    assert html == (
        "<p>Se [x](javascript:alert(3)) och &lt;script&gt;alert(1)&lt;/script&gt; &amp; "
        "&lt;javascript:alert(4)&gt;</p>\n"
    )
    assert "<a" not in html


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": [PAYLOAD, "Lilla Edet område A", None],
            "share": [0.123456, np.nan, 1234.5],
            "count": pd.array([1200, 3, None], dtype="Int64"),
            "open": [True, False, None],
            "label": ["12 %", "–", "4,5"],
        }
    )


def test_table_escapes_cells_headers_and_caption() -> None:
    frame = _frame().rename(columns={"label": "<b>x</b>"})
    styler = render.table(frame, lang="sv", caption="<i>c</i>")
    html = styler.to_html()
    parsed = parse(html)
    assert set(parsed.tags) <= {"style", "table", "caption", "thead", "tr", "th", "tbody", "td"}
    assert parsed.cells == [
        "name",
        "share",
        "count",
        "open",
        "<b>x</b>",
        PAYLOAD,
        "0,12",
        "1\u202f200",
        "ja",
        "12 %",
        "Lilla Edet område A",
        "–",
        "3",
        "nej",
        "–",
        "–",
        "1\u202f234,50",
        "–",
        "–",
        "4,5",
    ]
    assert "<caption>&lt;i&gt;c&lt;/i&gt;</caption>" in html
    assert styler.data["share"].tolist() == ["0,12", "–", "1\u202f234,50"]  # the shown text, unescaped
    assert styler.data["name"].iloc[0] == PAYLOAD


def test_table_in_english_with_headers_formats_and_alignment() -> None:
    styler = render.table(
        _frame(),
        lang="en",
        columns={"name": "Area", "share": "Share", "open": "Open", "label": "Label"},
        formats={"share": lambda v: "no data" if pd.isna(v) else f"{100 * v:.0f}%"},
    )
    html = styler.to_html()
    assert parse(html).cells == [
        "Area",
        "Share",
        "Open",
        "Label",
        PAYLOAD,
        "12%",
        "yes",
        "12 %",
        "Lilla Edet område A",
        "no data",
        "no",
        "–",
        "–",
        "123450%",
        "–",
        "4,5",
    ]
    css = dict(re.findall(r"#T_\w+ (t[dh]\.col\d) \{\s*([^}]*)\}", html))
    # text left, numbers (raw or formatted) right; a short text column stays on one line
    assert css["td.col0"].split() == ["text-align:", "left;"]
    assert css["td.col1"].split() == ["text-align:", "right;", "white-space:", "nowrap;"]
    assert css["th.col1"] == css["td.col1"]
    assert css["td.col2"].split() == ["text-align:", "left;", "white-space:", "nowrap;"]
    assert css["td.col3"].split() == ["text-align:", "right;", "white-space:", "nowrap;"]


def test_table_decimals_per_column_and_whole_float_columns() -> None:
    frame = pd.DataFrame({"a": [1.0, 2.0, np.nan], "b": [1.0, 2.25, 3.0], "c": [0.123456, 1.0, 2.0]})
    html = render.table(frame, formats={"c": 3}).to_html()
    assert parse(html).cells == [
        "a",
        "b",
        "c",
        "1",
        "1,00",
        "0,123",
        "2",
        "2,25",
        "1,000",
        "–",
        "3,00",
        "2,000",
    ]


def test_table_with_index_escapes_index_labels_and_names() -> None:
    frame = pd.DataFrame(
        {("hyresrätt", "1 rok"): [3.0, 4.5]},
        index=pd.MultiIndex.from_tuples(
            [("<b>Område</b>", "unga"), ("B", "äldre")], names=["<i>Område</i>", "Grupp"]
        ),
    )
    html = render.table(frame, index=True).to_html()
    cells = parse(html).cells
    assert "<b>Område</b>" in cells and "<i>Område</i>" in cells and "hyresrätt" in cells
    assert "<b>" not in html.replace("&lt;b&gt;", "") and "<i>" not in html


def test_two_columns_may_share_a_header_and_keep_their_own_alignment() -> None:
    html = render.table(pd.DataFrame({"a": ["<b>"], "b": [2]}), columns={"a": "X", "b": "X"}).to_html()
    assert parse(html).cells == ["X", "X", "<b>", "2"]
    css = dict(re.findall(r"#T_\w+ (t[dh]\.col\d) \{\s*([^}]*)\}", html))
    assert css["td.col0"].split() == ["text-align:", "left;", "white-space:", "nowrap;"]
    assert css["td.col1"].split() == ["text-align:", "right;", "white-space:", "nowrap;"]


def test_message_and_html_table_escape() -> None:
    assert render.message(PAYLOAD, colour="#b00020", prefix="✗ ", detail="found '<b>'") == (
        "<span style='color:#b00020'>✗ &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x "
        "onerror=alert(2)&gt;</span> <small>(found '&lt;b&gt;')</small>"
    )
    html = render.html_table(pd.DataFrame({"<th>": [PAYLOAD], "n": [2.5]}))
    assert parse(html).cells == ["<th>", "n", PAYLOAD, "2,50"]
    assert parse(html).tags == ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"]


TABLE_FRAMES = {
    "values": pd.DataFrame({"a": [1.5, 2, None], "b": ["x<'\"&", None, "z"], "c": [True, False, None]}),
    "no rows": pd.DataFrame({"a": [], "b": []}),
    "no columns": pd.DataFrame(index=[1, 2]),
    "named axes": pd.DataFrame(
        {"y2020": [1, 2], "y2021": [3.25, 4]}, index=pd.Index(["a<", "b"], name="kommun<")
    ).rename_axis(columns="år"),
    "named columns": pd.DataFrame({"x": [1, 2]}).rename_axis(columns="<år>"),
    "integer labels": pd.DataFrame(np.arange(15).reshape(5, 3) * 10_001),
    "long": pd.DataFrame(np.linspace(-1, 1, 120).reshape(40, 3), columns=["a", "b", "c"]),
    "three index levels": pd.DataFrame(
        {"Område <1>": ["1,5", "saknas [1]", "2", "3", "–"], "Hela kommunen": ["a", "b", "c", "d", "e"]},
        index=pd.MultiIndex.from_tuples(
            [
                ("Unga", "behov", "x<"),
                ("Unga", "utbud", "y"),
                ("Äldre", "behov", "z"),
                ("Äldre", "behov", "w"),
                ("Familjer", "utbud", "v"),
            ],
            names=["Målgrupp", None, "Indikator"],
        ),
    ).rename_axis(columns="Område"),
}


def _tables():
    for key, frame in TABLE_FRAMES.items():
        for index in (False, True):
            for caption in (None, "Rubrik & <b>x</b>"):
                yield (
                    f"{key}, index={index}, caption={caption}",
                    render.table(frame, index=index, caption=caption),
                )
        yield f"{key}, index names hidden", render.table(frame, index=True).hide(names=True)
        if frame.index.nlevels > 1:
            yield f"{key}, a level hidden", render.table(frame, index=True).hide(axis="index", level=1)
            yield (
                f"{key}, rows hidden",
                render.table(frame, index=True).hide(frame.index[[0, 3]], axis="index"),
            )
            with pd.option_context("styler.sparse.index", False):
                yield f"{key}, not sparse", render.table(frame, index=True)
        if len(frame) > 2:
            yield f"{key}, capped", render.capped_table(frame, 2, lambda a, b: f"{a} av {b}").styler
    shared = pd.DataFrame({"a": ["<b>"], "b": [2]})
    yield "one header twice", render.table(shared, columns={"a": "X", "b": "X"})


@pytest.mark.parametrize("name", [name for name, _ in _tables()])
def test_table_html_is_what_pandas_writes(name: str) -> None:
    """render.table writes its HTML without jinja2; the characters are those of pandas' own Styler.to_html."""
    from pandas.io.formats.style import Styler

    sparse = not name.endswith("not sparse")
    with pd.option_context("styler.sparse.index", sparse):
        styler = dict(_tables())[name]
        assert render._plain_html(styler, Styler) is not None  # the direct path is the one taken
        assert styler.to_html() == Styler.to_html(styler)
        assert styler._repr_html_() == Styler.to_html(styler)


def test_table_with_what_the_direct_path_does_not_write_goes_to_pandas() -> None:
    from pandas.io.formats.style import Styler

    frame = TABLE_FRAMES["values"]
    styled = render.table(frame).map(lambda v: "color: red;")
    multi = render.table(frame.set_axis(pd.MultiIndex.from_product([["x"], ["a", "b", "c"]]), axis=1))
    for styler in (styled, multi):
        assert render._plain_html(styler, Styler) is None
        assert styler.to_html() == Styler.to_html(styler)
    assert 'id="T_' + styled.uuid + '_row0_col0"' in styled.to_html()
    assert 'colspan="3"' in multi.to_html()
    styler = render.table(frame)
    assert styler.to_html(table_uuid="x").startswith('<style type="text/css">\n#T_x td {')
    assert isinstance(styler, Styler)
