"""The comparison page: figures checked against PySAL, every municipality on the page and in the CSV."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from labkit.data.sources import load_source
from labkit.runner import compare

FIVE = ["1462", "1402", "1415", "1441", "1482"]


@pytest.fixture(scope="module")
def bundled():
    return load_source("bundled")


def test_figures_equal_pysal_and_hand_sums(bundled) -> None:
    from segregation.multigroup import MultiInfoTheory
    from segregation.singlegroup import Dissim

    table, year = compare.comparison_table(bundled, FIVE)
    assert year == 2023 and list(table["kommun_kod"]) == FIVE
    people = bundled.population_by_birth_region.query("year == 2023")
    homes = bundled.dwellings_by_tenure.query("year == 2023")
    for row in table.to_dict("records"):
        codes = bundled.areas.loc[bundled.areas["kommun_kod"] == row["kommun_kod"], "area_code"]
        mine = people[people["area_code"].isin(codes)].astype({"born_abroad": "int64", "total": "int64"})
        assert row["population"] == mine["total"].sum() and row["areas"] == len(mine)
        assert row["dissimilarity"] == pytest.approx(
            Dissim(mine, "born_abroad", "total").statistic, abs=1e-12
        )
        tenure = homes[homes["area_code"].isin(codes)].astype(dict.fromkeys(compare.TENURE, "int64"))
        assert row["theil_h"] == pytest.approx(MultiInfoTheory(tenure, compare.TENURE).statistic, abs=1e-12)
        assert 0 < row["dissimilarity_random"] < row["dissimilarity"]
    stenungsund = table.set_index("kommun_kod").loc["1415", "share_challenged"]
    types = bundled.area_type.merge(people, on="area_code")
    types = types[types["area_code"].str.startswith("1415")]
    expected = types.loc[types["omradestyp"].isin([1, 2]), "total"].sum() / types["total"].sum()
    assert stenungsund == pytest.approx(expected)


def test_page_and_csv(bundled, tmp_path: Path) -> None:
    page = compare.write_comparison(tmp_path, bundled, FIVE, lang="sv")
    html = page.read_text(encoding="utf-8")
    for name in ("Lilla Edet", "Partille", "Stenungsund", "Lerum", "Kungälv"):
        assert f">{name}</td>" in html
    assert "Små tal" in html and "MAUP" in html and "syntetiska" in html and 'href="comparison.csv"' in html
    assert 'class="sortable"' in html and "data:image/png;base64," in html
    csv = pd.read_csv(
        io.StringIO((tmp_path / "comparison.csv").read_text(encoding="utf-8")), dtype={"Kod": str}
    )
    assert list(csv["Kod"]) == FIVE and "Olikhetsindex D, födda utomlands" in csv.columns
