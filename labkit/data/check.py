"""The ``data check`` report: areas, population, missing cells and provenance of a Dataset, in English."""

from __future__ import annotations

import pandas as pd

from labkit.data.dataset import Dataset

CSV_HEADER = "kommun_kod,year,areas,population"

_PROVENANCE_KEYS = ("synthetic", "description", "citation", "files", "years")
_SKIPPED_KEYS = ("unrecognised", "missing_tables", "tables", "year_marks")


def check_report(dataset: Dataset, csv: bool = False) -> str:
    """A plain-text report on ``dataset``.

    Per municipality it gives the number of areas, the population per year (summed over areas), and
    the cells that were suppressed or missing; then the provenance.

    Parameters
    ----------
    dataset
        The dataset to describe.
    csv
        When true the report starts with a CSV block (header ``kommun_kod,year,areas,population``,
        one row per municipality and year), then a blank line, then the text.

    Returns
    -------
    str
        The report, ending with a newline.
    """
    summary = population_summary(dataset)
    parts = [provenance_lines(dataset), *municipality_blocks(dataset, summary)]
    text = "\n\n".join("\n".join(lines) for lines in parts) + "\n"
    return f"{csv_block(summary)}\n{text}" if csv else text


def population_summary(dataset: Dataset) -> pd.DataFrame:
    """Per municipality and year: ``areas``, ``population`` summed over areas, and ``unknown`` area totals."""
    areas = dataset.areas[["area_code", "kommun_kod"]]
    counts = areas.groupby("kommun_kod").size().rename("areas")
    joined = dataset.population_by_birth_region.merge(areas, on="area_code")
    groups = joined.groupby(["kommun_kod", "year"])["total"]
    totals = pd.DataFrame({"population": groups.sum(min_count=1), "unknown": groups.size() - groups.count()})
    summary = totals.reset_index().merge(counts.reset_index(), on="kommun_kod", how="left")
    summary["year"] = summary["year"].astype("int64")
    return summary[["kommun_kod", "year", "areas", "population", "unknown"]].sort_values(
        ["kommun_kod", "year"]
    )


def csv_block(summary: pd.DataFrame) -> str:
    """The CSV block: header line and one line per municipality and year (empty population when unknown)."""
    lines = [CSV_HEADER]
    for row in summary.itertuples(index=False):
        population = "" if pd.isna(row.population) else str(int(row.population))
        lines.append(f"{row.kommun_kod},{row.year},{row.areas},{population}")
    return "\n".join(lines) + "\n"


def provenance_lines(dataset: Dataset) -> list[str]:
    """The head of the report: source, whether figures are synthetic, files, years, citation, skipped
    files."""
    prov = dataset.provenance
    kind = "synthetic figures" if prov.get("synthetic") else "real figures"
    lines = [f"Data check: source '{dataset.source}' ({kind})"]
    lines.append(f"Description: {prov.get('description', '(none given)')}")
    lines.append(f"Citation: {prov.get('citation', '(none given)')}")
    lines.append(f"Files: {', '.join(map(str, prov.get('files', []))) or '(none)'}")
    lines.append(f"Years: {', '.join(map(str, prov.get('years', []))) or '(none)'}")
    lines.append(f"Missing tables: {', '.join(prov.get('missing_tables', [])) or 'none'}")
    lines.extend(unrecognised_lines(prov.get("unrecognised", [])))
    lines.extend(year_mark_lines(prov.get("year_marks", [])))
    lines.extend(
        f"{key}: {prov[key]}" for key in sorted(prov) if key not in (*_PROVENANCE_KEYS, *_SKIPPED_KEYS)
    )
    municipalities = dataset.areas["kommun_kod"].nunique()
    lines.append(f"Municipalities: {municipalities}; areas: {len(dataset.areas)}")
    return lines


def unrecognised_lines(unrecognised: list[dict[str, str]]) -> list[str]:
    """One line per file the source skipped, with the reason."""
    if not unrecognised:
        return ["Unrecognised files: none"]
    return ["Unrecognised files:", *(f"  {item['file']}: {item['reason']}" for item in unrecognised)]


def year_mark_lines(marks: list[dict]) -> list[str]:
    """One line per year column whose header carried a mark (``Antal 2023*``); none when there is none."""
    if not marks:
        return []
    return [
        "Marked years (read as the year; check the table's footnotes, e.g. for preliminary figures):",
        *(f"  {m['file']}: column '{m['column']}' read as {m['year']} (mark '{m['mark']}')" for m in marks),
    ]


def municipality_blocks(dataset: Dataset, summary: pd.DataFrame) -> list[list[str]]:
    """One block of lines per municipality: areas, population per year, suppressed or missing cells."""
    by_code = dict(list(summary.groupby("kommun_kod")))
    suppressed = suppressed_by_municipality(dataset.suppressed)
    counts = dataset.areas.groupby("kommun_kod").size()
    blocks = []
    for code, name in dataset.municipalities().itertuples(index=False):
        rows = by_code.get(code, summary.iloc[:0])
        blocks.append(
            [
                f"{code} {name}: {int(counts[code])} areas",
                f"  population: {population_text(rows)}",
                f"  missing or suppressed cells: {suppressed.get(code, 'none')}",
            ]
        )
    return blocks


def population_text(rows: pd.DataFrame) -> str:
    """``"2022 40123, 2023 40730 (1 area unknown)"``, or ``"no figures"``."""
    parts = []
    for year, population, unknown in zip(rows["year"], rows["population"], rows["unknown"], strict=True):
        text = f"{year} {'missing' if pd.isna(population) else int(population)}"
        if unknown and not pd.isna(population):
            text += f" ({int(unknown)} area{'s' if unknown > 1 else ''} unknown, not counted)"
        parts.append(text)
    return ", ".join(parts) or "no figures"


def suppressed_by_municipality(suppressed: pd.DataFrame) -> dict[str, str]:
    """Per municipality code: ``"population_by_birth_region total 2023: 2; ..."`` (absent when none)."""
    rows = suppressed.sort_values(["kommun_kod", "table", "column", "year"])
    texts: dict[str, list[str]] = {}
    for r in rows.itertuples(index=False):
        texts.setdefault(str(r.kommun_kod), []).append(f"{r.table} {r.column} {r.year}: {r.count}")
    return {code: "; ".join(items) for code, items in texts.items()}
