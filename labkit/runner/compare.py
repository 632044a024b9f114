"""The comparison page of a run over several municipalities: key figures side by side, a map, and a CSV.

Computed once per run in the main process, straight from the dataset (all municipalities in one vectorised
pass of :mod:`labkit.indices`), so it is the same whichever methods ran. The page carries the small-numbers
caveat: indices of municipalities with few or small areas are not comparable one to one.
"""

from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from labkit.fileio import write_bytes_atomic, write_text_atomic

PAGE = "comparison.html"
CSV = "comparison.csv"
TENURE = ["hyresratt", "bostadsratt", "aganderatt"]
#: SCB/Delmos områdestyp 1–2: areas with great or socio-economic challenges.
CHALLENGED = (1, 2)

COLUMNS = {
    "sv": {
        "kommun": "Kommun",
        "kommun_kod": "Kod",
        "areas": "Antal områden",
        "population": "Folkmängd",
        "share_born_abroad": "Andel födda utomlands",
        "dissimilarity": "Olikhetsindex D, födda utomlands",
        "dissimilarity_random": "D vid slumpmässig bosättning",
        "theil_h": "Theils H, upplåtelseform",
        "share_challenged": "Andel boende i områdestyp 1–2",
    },
    "en": {
        "kommun": "Municipality",
        "kommun_kod": "Code",
        "areas": "Areas",
        "population": "Population",
        "share_born_abroad": "Share born abroad",
        "dissimilarity": "Dissimilarity D, born abroad",
        "dissimilarity_random": "D with random settlement",
        "theil_h": "Theil's H, tenure",
        "share_challenged": "Share living in area type 1–2",
    },
}
WORDS = {
    "sv": {
        "title": "Jämförelse mellan kommunerna",
        "intro": (
            "Nyckeltal för varje kommun i körningen, år {year}. Klicka på en kolumnrubrik för att sortera."
        ),
        "caveat": (
            "Små tal: indexen beror på hur många och hur stora områdena är. I kommuner med få eller små "
            "områden blir D större än noll även när människor bor slumpmässigt (kolumnen ”D vid "
            "slumpmässig bosättning”), och kommuner med olika stora områden kan inte jämföras rakt av "
            "(områdesindelningens effekt, MAUP)."
        ),
        "map": "Olikhetsindex D för födda utomlands",
        "csv": "Tabellen som CSV-fil",
        "back": "Till alla rapporter",
        "synthetic": "Områdena är syntetiska: läs siffrorna som ett exempel.",
    },
    "en": {
        "title": "Comparison between the municipalities",
        "intro": "Key figures for each municipality in the run, year {year}. Click a column heading to sort.",
        "caveat": (
            "Small numbers: the indices depend on how many areas there are and how large they are. With "
            "few or small areas D is above zero even when people live at random (the column “D with "
            "random settlement”), and municipalities with areas of different sizes cannot be compared "
            "one to one (the modifiable areal unit problem)."
        ),
        "map": "Dissimilarity index D for people born abroad",
        "csv": "The table as a CSV file",
        "back": "To all reports",
        "synthetic": "The areas are synthetic: read the figures as an example.",
    },
}

SORT_SCRIPT = """<script>
document.querySelectorAll("table.sortable th button").forEach(function (button, column) {
  button.addEventListener("click", function () {
    var body = button.closest("table").tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var up = button.getAttribute("data-order") !== "asc";
    rows.sort(function (a, b) {
      var x = a.cells[column].getAttribute("data-value"), y = b.cells[column].getAttribute("data-value");
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (isNaN(nx) || isNaN(ny)) ? x.localeCompare(y, "sv") : nx - ny;
      return up ? c : -c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    button.setAttribute("data-order", up ? "asc" : "desc");
  });
});
</script>"""


def comparison_table(dataset, codes: list[str], year: int | None = None) -> tuple[pd.DataFrame, int]:
    """Key figures per municipality (rows in ``codes`` order) and the year they are for."""
    from labkit import indices

    years = dataset.years()
    year = year or max(y for y in years if y in set(dataset.dwellings_by_tenure["year"]))
    areas = dataset.areas[dataset.areas["kommun_kod"].isin(codes)][["area_code", "kommun_kod", "kommun"]]
    people = dataset.population_by_birth_region
    people = people[people["year"] == year][["area_code", "born_abroad", "total"]]
    homes = dataset.dwellings_by_tenure
    homes = homes[homes["year"] == year][["area_code", *TENURE]]
    frame = areas.merge(people, on="area_code").dropna(subset=["born_abroad", "total"])
    frame = frame.astype({"born_abroad": "int64", "total": "int64"})
    single = indices.single_group(frame, "born_abroad", "total")
    random = indices.random_allocation(frame, "born_abroad", "total", n_sim=200, seed=0)
    tenure = frame[["area_code", "kommun_kod"]].merge(homes, on="area_code").dropna()
    multi = indices.multigroup(tenure.astype(dict.fromkeys(TENURE, "int64")), TENURE)
    types = dataset.area_type.sort_values("year").drop_duplicates("area_code", keep="last")
    typed = frame.merge(types[["area_code", "omradestyp"]], on="area_code", how="left")
    challenged = (
        typed["total"]
        .where(typed["omradestyp"].isin(CHALLENGED), 0)
        .where(typed["omradestyp"].notna())
        .groupby(typed["kommun_kod"])
        .sum(min_count=1)
    )
    known = typed["total"].where(typed["omradestyp"].notna()).groupby(typed["kommun_kod"]).sum(min_count=1)
    sums = frame.groupby("kommun_kod").agg(
        kommun=("kommun", "first"),
        areas=("area_code", "size"),
        population=("total", "sum"),
        born_abroad=("born_abroad", "sum"),
    )
    table = pd.DataFrame(
        {
            "kommun": sums["kommun"],
            "kommun_kod": sums.index,
            "areas": sums["areas"],
            "population": sums["population"],
            "share_born_abroad": sums["born_abroad"] / sums["population"],
            "dissimilarity": single["dissimilarity"],
            "dissimilarity_random": random["dissimilarity_random"],
            "theil_h": multi["theil_h"],
            "share_challenged": challenged / known,
        }
    )
    order = [c for c in codes if c in table.index]
    return table.loc[order].reset_index(drop=True), year


def _cell(value: Any, column: str, lang: str) -> str:
    from labkit.findings import num, pct

    if column in ("kommun", "kommun_kod"):
        return f'<td data-value="{escape(str(value))}">{escape(str(value))}</td>'
    if pd.isna(value):
        return '<td data-value="" class="num">–</td>'
    if column.startswith("share"):
        shown = pct(float(value), 1, lang)
    elif column in ("areas", "population"):
        shown = num(int(value), 0, lang)
    else:
        shown = num(float(value), 3, lang)
    return f'<td data-value="{float(value)!r}" class="num">{escape(shown)}</td>'


def _map_png(table: pd.DataFrame, lang: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from labkit.charts import decimal_comma, plot_municipality_map

    decimal_comma(lang == "sv")
    fig, ax = plt.subplots(figsize=(6, 7))
    try:
        plot_municipality_map(
            table.set_index("kommun_kod")["dissimilarity"], ax=ax, legend_label=WORDS[lang]["map"], lang=lang
        )
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    finally:
        plt.close(fig)
        decimal_comma(False)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def render_comparison(
    table: pd.DataFrame, year: int, *, lang: str = "sv", synthetic: bool = False, map_png: str | None = None
) -> str:
    """The comparison page as one self-contained HTML file."""
    words, heads = WORDS[lang], COLUMNS[lang]
    head = "".join(f'<th scope="col"><button type="button">{escape(heads[c])}</button></th>' for c in heads)
    rows = "".join(
        "<tr>" + "".join(_cell(row[c], c, lang) for c in heads) + "</tr>" for row in table.to_dict("records")
    )
    notice = f'<p class="notice">{words["synthetic"]}</p>' if synthetic else ""
    picture = (
        f'<figure><img src="{map_png}" alt="{escape(words["map"])}"><figcaption>{escape(words["map"])}'
        f"</figcaption></figure>"
        if map_png
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(words["title"])}</title>
<style>
body {{ font-family: system-ui, "Segoe UI", Arial, sans-serif; margin: 1.5rem; color: #1d2433;
  line-height: 1.4; }}
.wrap {{ max-width: 100%; overflow-x: auto; }} table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #c8ccd4; padding: .3rem .5rem; text-align: left; vertical-align: top; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }}
th {{ background: #eef1f6; }} th button {{ font: inherit; font-weight: 600; background: none; border: 0;
  padding: 0; cursor: pointer; text-align: left; color: #1d2433; }}
th button:focus {{ outline: 3px solid #1f4e79; }}
.notice, .caveat {{ background: #fff6d6; border-left: 4px solid #e0b400; padding: .6rem 1rem;
  max-width: 60rem; }}
figure img {{ max-width: 100%; height: auto; }}
</style></head><body>
<p><a href="index.html">{escape(words["back"])}</a></p>
<h1>{escape(words["title"])}</h1>
<p>{escape(words["intro"].format(year=year))}</p>
{notice}<p class="caveat">{escape(words["caveat"])}</p>
<p><a href="{CSV}">{escape(words["csv"])}</a></p>
<div class="wrap"><table class="sortable"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>
{picture}
{SORT_SCRIPT}
</body></html>
"""


def write_comparison(out: Path, dataset, codes: list[str], *, lang: str = "sv") -> Path:
    """Write ``comparison.html`` and ``comparison.csv`` into ``out`` (each whole or absent)."""
    table, year = comparison_table(dataset, codes)
    csv = table.rename(columns=COLUMNS[lang]).to_csv(index=False)
    write_bytes_atomic(out / CSV, csv.encode("utf-8"))
    html = render_comparison(
        table, year, lang=lang, synthetic=dataset.is_synthetic, map_png=_map_png(table, lang)
    )
    return write_text_atomic(out / PAGE, html)
