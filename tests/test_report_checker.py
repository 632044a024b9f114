"""The report checker itself: each rule fires on a planted defect and stays quiet on a clean page."""

from __future__ import annotations

import base64
import io

from report_checker import problems


def _png(blank: bool) -> str:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (200, 100), "white")
    if not blank:
        ImageDraw.Draw(image).rectangle((20, 20, 180, 80), fill="navy")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


CLEAN = f"""<html><head><title>Målgruppsanalys – Lilla Edet</title><style>p {{ x: 1.5em; }}</style></head>
<body>
<h1>Målgruppsanalys</h1><p>D är 0,17 och 14 426 invånare; kvoten ska vara minst 2.</p>
<h2>Områden</h2><table><tr><td>Lilla Edet område A</td><td>ja</td><td>–</td></tr></table>
<img src="{_png(False)}"><dl><dt>labkit-version</dt><dd class="labkit-version">0.1.0</dd>
<dt>Tabeller</dt><dd><a href="target_groups.xlsx">target_groups.xlsx</a></dd></dl></body></html>"""


def test_a_clean_report_passes() -> None:
    assert problems(CLEAN, "sv", {"area_name", "kommun"}) == []


def test_every_rule_fires() -> None:
    html = f"""<html><body><h1>Medskapande</h1><p>Målgrupp nan, värde None, öppen True, 4.000000</p>
    <p>area_name och target_groups och goals; se DOMAIN.md och labs/1462/labbok.sqlite</p>
    <h2>Under workshoppen: formulären</h2><h2></h2><img src="{_png(True)}"></body></html>"""
    found = [p.split(": …")[0] for p in problems(html, "sv", {"area_name", "goals"})]
    assert found == [
        "raw value 'nan'",
        "raw value 'None'",
        "raw value 'True'",
        "program name 'area_name'",
        "program name 'goals'",
        "program name 'target_groups'",
        "decimal point in a Swedish report '4.000000'",
        "workshop-only text: 'Under workshoppen'",
        "file name or journal path 'DOMAIN.md'",
        "file name or journal path 'labs/'",
        "empty heading <h2>",
        "heading with nothing under it: 'Under workshoppen: formulären'",
        "blank image",
    ]


def test_english_reports_have_english_headings() -> None:
    html = "<html><body><h1>Vilka bor var?</h1><p>x</p><h2>Kungälv's rule</h2><p>y</p></body></html>"
    assert problems(html, "en") == ["Swedish heading in an English report: 'Vilka bor var?'"]
