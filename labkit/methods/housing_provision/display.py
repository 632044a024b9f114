"""Tables, notes and a chart of the housing-provision report (Swedish by default, English with lang="en")."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from labkit import charts, perspectives, render
from labkit.charts import format_number
from labkit.findings import count
from labkit.methods.housing_provision.analysis import NOT_EARMARKED, UNSPECIFIED
from labkit.methods.housing_provision.text import words
from labkit.methods.target_groups import text as tg_text

if TYPE_CHECKING:
    from IPython.display import Markdown
    from matplotlib.axes import Axes
    from pandas.io.formats.style import Styler

    from labkit.methods.housing_provision.analysis import Result


#: Column headers of the perspective tables.
HEADERS = {
    "sv": {
        "method": "Dialogmetod",
        "theme": "Tema",
        "text": "Innebörd",
        "question_id": "Nr",
        "question": "Fråga",
        "scale": "Svar",
    },
    "en": {
        "method": "Dialogue method",
        "theme": "Theme",
        "text": "Meaning",
        "question_id": "No.",
        "question": "Question",
        "scale": "Answer",
    },
}


#: Groups this report names in its own words (Boverket's split of newly arrived, labkit's addition marked).
OWN_LABELS = ("nyanlanda_anvisade", "nyanlanda_sjalvbosatta", "nyanlanda", "lag_inkomst")


def _lang(result: Result) -> str:
    return result.params.lang


def group_label(key: str, lang: str) -> str:
    """The reader's name of a Boverket group key (or of the whole market / not earmarked)."""
    if key in ("hela_marknaden", NOT_EARMARKED, *OWN_LABELS):
        return words(key, lang)
    return tg_text.words(key, lang)


def _area_names(result: Result) -> dict[str, str]:
    names = dict(zip(result.areas["area_code"], result.areas["area_name"]))
    return {**names, result.kommun_kod: words("whole_municipality", _lang(result))}


def readable(frame: pd.DataFrame, result: Result) -> pd.DataFrame:
    """Replace keys by the reader's words: area names, group names, tenures and unspecified sizes."""
    lang, out = _lang(result), frame.copy()
    if "area_code" in out:
        out["area_code"] = out["area_code"].map(_area_names(result)).fillna(out["area_code"])
    if "group" in out:
        out["group"] = [group_label(g, lang) for g in out["group"]]
    if "tenure" in out:
        out["tenure"] = [words(t, lang) for t in out["tenure"]]
    if "size" in out:
        out["size"] = [words(UNSPECIFIED, lang) if s == UNSPECIFIED else s for s in out["size"]]
    return out


def _focus(frame: pd.DataFrame, result: Result) -> pd.DataFrame:
    return frame[frame["group"].isin([*result.focus_groups, "hela_marknaden"])].reset_index(drop=True)


def _style(frame: pd.DataFrame, result: Result, headers: dict[str, str]) -> Styler:
    lang = _lang(result)
    columns = {c: words(headers[c], lang) if c in headers else c for c in frame.columns}
    numbers = {c: 0 for c in frame.columns if pd.api.types.is_float_dtype(frame[c])}
    return render.table(frame, lang=lang, columns=columns, formats=numbers)


def needs_pivot(result: Result) -> pd.DataFrame:
    """The needs matrix: rows district × target group, columns tenure × size, cells dwellings needed."""
    frame = readable(_focus(result.needs, result), result)
    if frame.empty:
        return pd.DataFrame()
    return frame.pivot_table(
        index=["area_code", "group"], columns=["tenure", "size"], values="need", aggfunc="sum"
    )


def show_needs(result: Result) -> Styler | Markdown:
    """The needs matrix (district × target group × tenure and size) from the departments' entries."""
    lang = _lang(result)
    table = needs_pivot(result)
    if table.empty:  # no entries (a municipality with neither journal nor examples): say so, once
        return render.markdown("*{text}*", text=words("no_needs", lang))
    table = table.rename_axis(
        index=[words("area", lang), words("group", lang)],
        columns=[words("tenure", lang), words("size", lang)],
    )
    return render.table(
        table,
        lang=lang,
        index=True,
        formats={c: (lambda v: "" if pd.isna(v) else format_number(v, 0, lang)) for c in table.columns},
    )


def show_need_entries(result: Result) -> Styler | None:
    """The needs matrix as a list, with the departments behind each figure (nothing when there are none:
    :func:`show_needs` says so)."""
    frame = readable(_focus(result.needs, result), result)
    if frame.empty:
        return None
    return _style(
        frame,
        result,
        {
            "area_code": "area",
            "group": "group",
            "tenure": "tenure",
            "size": "size",
            "need": "need",
            "departments": "departments",
            "entries": "entries",
        },
    )


def show_source_matrix(result: Result) -> Styler | Markdown:
    """What the source holds per Boverket group and area (the target-group method's matrix), or why that
    matrix is missing."""
    if result.target_groups is None:
        return render.markdown("> " + upstream_note(result))
    from labkit.methods.target_groups.display import show_housing

    return show_housing(result.target_groups)


def upstream_note(result: Result) -> str:
    """Why the target-group matrix is missing (Markdown; the reason escaped)."""
    return words("upstream_missing", _lang(result), reason=render.escape_markdown(result.upstream_reason))


def show_gaps(result: Result) -> Styler:
    """Need minus earmarked planned supply per district × group × tenure × size."""
    frame = readable(_focus(result.gaps, result), result)
    return _style(
        frame,
        result,
        {
            "area_code": "area",
            "group": "group",
            "tenure": "tenure",
            "size": "size",
            "need": "need",
            "planned": "planned",
            "gap": "gap",
        },
    )


def show_totals(result: Result) -> Styler:
    """Per district: every need, every planned dwelling (earmarked or not) and the gap."""
    frame = readable(result.totals, result)
    return _style(frame, result, {"area_code": "area", "need": "need", "planned": "planned", "gap": "gap"})


def show_checks(result: Result) -> Styler:
    """The dated log of checks made in each planning process."""
    return _style(
        result.checks,
        result,
        {
            "date": "date",
            "process": "process",
            "case": "case",
            "departments": "consulted",
            "conclusion": "conclusion",
            "responsible": "responsible",
            "note": "note",
        },
    )


def show_check_summary(result: Result) -> Styler:
    """Checks per planning process: how many, the latest, and how many changed the needs."""
    return _style(
        result.check_summary,
        result,
        {"process": "process", "checks": "checks", "last_check": "last_check", "changed": "changed"},
    )


def show_scale(result: Result) -> Styler:
    """Boverket's scale per group: the survey answer and the state computed from need and planned supply."""
    lang = _lang(result)
    frame = readable(_focus(result.scale, result), result)
    frame["computed"] = frame["computed"].fillna(words("no_data", lang))
    frame["reported"] = frame["reported"].fillna(words("no_data", lang))
    frame["ratio"] = [format_number(v, 2, lang) if pd.notna(v) else "–" for v in frame["ratio"]]
    return _style(
        frame,
        result,
        {
            "group": "group",
            "reported": "reported",
            "reported_year": "reported_year",
            "need": "need",
            "planned": "planned",
            "ratio": "ratio",
            "computed": "computed",
        },
    )


def show_data_gaps(result: Result) -> Styler:
    """What the sources lack, which table is needed and where it is published (nothing is invented)."""
    return _style(
        result.data_gaps, result, {"mark": "mark", "needed": "needed", "where": "where", "groups": "group"}
    )


def notes(result: Result) -> list[str]:
    """The report's notes: where the records come from (examples said plainly), the rules, synthetic areas."""
    lang = _lang(result)
    origin = {
        "journal": words("origin_journal", lang, path=result.location),
        "examples": words("origin_examples", lang, kommun=result.kommun_kod),
        "none": words("origin_none", lang),
    }[result.origin]
    out = [origin]
    if result.target_groups is None:
        out.append(upstream_note(result))
    if result.planned_origin == "csv":
        out.append(words("planned_csv", lang, path=result.params.planned_csv))
    tol = result.params.tolerance
    out += [
        words("gap_rule", lang),
        words("scale_rule", lang, low=format_number(1 - tol, 2, lang), high=format_number(1 + tol, 2, lang)),
    ]
    if result.legacy_records:
        n = result.legacy_records
        records = count(n, "post", "poster") if lang == "sv" else count(n, "record", "records", "en")
        out.append(words("legacy_records", lang, n=records))
    if result.synthetic:
        out.append(words("synthetic", lang))
    return out


def show_notes(result: Result) -> Markdown:
    """The notes as Markdown."""
    return render.markdown("\n\n".join(notes(result)))


def markdown_table(frame: pd.DataFrame) -> str:
    """A Markdown pipe table of ``frame`` (cells as text, pipes escaped)."""

    def cell(value: object) -> str:
        return render.escape_markdown(render.format_value(value))

    lines = ["| " + " | ".join(map(cell, frame.columns)) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(map(cell, row)) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def show_perspective(result: Result) -> Markdown:
    """The chosen perspective: what it is, its dialogue methods, themes and survey template (if any)."""
    name, lang = result.params.perspektiv, _lang(result)
    if not name:  # the section says in one sentence why it shows nothing
        return render.markdown(f"*{words('no_perspective', lang)}*")
    parts = [perspectives.describe(name, lang)]
    for table in (
        perspectives.methods_table(name, lang),
        perspectives.themes_table(name, lang),
        perspectives.survey_template(name, lang),
    ):
        if not table.empty:
            parts.append(
                markdown_table(table.drop(columns=["key"], errors="ignore").rename(columns=HEADERS[lang]))
            )
    return render.markdown("\n\n".join(parts))


def plot_gaps(result: Result, ax: Axes | None = None) -> Axes:
    """Bars of need and planned supply per target group (earmarked), with the gap as their difference."""
    import matplotlib.pyplot as plt

    lang = _lang(result)
    charts.set_theme()
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.5))
    frame = _focus(result.gaps, result).groupby("group")[["need", "planned"]].sum()
    labels = [group_label(g, lang) for g in frame.index]
    y = range(len(frame))
    ax.barh([v + 0.2 for v in y], frame["need"], height=0.4, label=words("need", lang))
    ax.barh([v - 0.2 for v in y], frame["planned"], height=0.4, label=words("planned", lang))
    ax.set_yticks(list(y), labels)
    ax.legend()
    charts.set_labels(
        ax, x=words("need", lang).split(" (")[0] + " / " + words("planned", lang).split(" (")[0]
    )
    return ax
