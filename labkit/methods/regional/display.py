"""Tables and charts of the regional comparison that a notebook cell just ends with (Swedish by default)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from labkit import charts, render
from labkit.charts import format_number, format_percent
from labkit.methods.regional.analysis import DECISIONS, STATUSES, areas_comparable
from labkit.methods.regional.text import words
from labkit.terms import terms

if TYPE_CHECKING:
    from IPython.display import Markdown
    from matplotlib.axes import Axes
    from pandas.io.formats.style import Styler

    from labkit.methods.regional.analysis import Result

Formatter = Callable[[object], str]
#: Smallest participant count shown (smaller counts are suppressed).
MIN_CELL = 5


def _lang(result: Result) -> str:
    return result.params.lang


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def _num(lang: str, decimals: int) -> Formatter:
    return lambda v: "–" if _blank(v) else format_number(float(v), decimals, lang)


def _pct(lang: str) -> Formatter:
    return lambda v: "–" if _blank(v) else format_percent(float(v), 1, lang)


def _styled(shown: pd.DataFrame, lang: str = "sv") -> Styler:
    """``shown`` (text for readers) as an escaped table."""
    return render.table(shown, lang=lang)


def _table(result: Result, frame: pd.DataFrame, columns: dict[str, Formatter | None]) -> Styler | Markdown:
    """Municipality name first, then ``columns`` formatted under reader labels."""
    lang = _lang(result)
    if frame.empty:
        return render.markdown(f"*{words('nothing', lang)}*")
    data = {words("kommun", lang): frame["kommun_kod"].map(result.municipalities)}
    for column, fmt in columns.items():
        label = words(column, lang) if column in _known(lang) else column
        data[label] = (
            frame[column].map(fmt) if fmt else frame[column].map(lambda v: "–" if _blank(v) else str(v))
        )
    return _styled(pd.DataFrame(data), lang)


def _known(lang: str) -> set[str]:
    from labkit.methods.regional.text import WORDS

    return set(WORDS[lang])


def _method_title(slug: str, lang: str) -> str:
    from labkit.registry import METHODS

    return METHODS[slug].title(lang).split(":")[0] if slug in METHODS else slug


def show_overview(result: Result) -> Styler:
    """Municipality × method: "körd" where the run holds a result, else "ej körd"."""
    lang = _lang(result)
    frame = result.overview.rename(index=result.municipalities)
    frame = frame.map(lambda ran: words("ran" if ran else "not_run", lang))
    frame.columns = [_method_title(slug, lang) for slug in frame.columns]
    return _styled(frame.rename_axis(words("kommun", lang)).reset_index(), lang)


def show_examples_note(result: Result) -> Markdown:
    """Which results rest on invented example workshop records."""
    if not result.example_results:
        return render.markdown("")
    lang = _lang(result)
    which = "; ".join(
        f"{result.municipalities.get(code, code)} – {_method_title(slug, lang)}"
        for code, slug in result.example_results
    )
    note = words("examples_note", lang, n=len(result.example_results), which=render.escape_markdown(which))
    return render.markdown(f"> **{note}**")


def show_area_caveat(result: Result) -> Markdown:
    """Whether segregation levels can be compared, given each municipality's number and level of areas."""
    lang, seg = _lang(result), result.segregation
    counts = ", ".join(
        f"{result.municipalities[c]} {n}" for c, n in zip(seg["kommun_kod"], seg["areas_count"], strict=True)
    )
    text = words(
        "caveat_same" if areas_comparable(result) else "caveat_areas",
        lang,
        counts=render.escape_markdown(counts),
    )
    if seg["level"].nunique() > 1:
        levels = ", ".join(sorted(seg["level"].dropna().unique()))
        text += " " + words("caveat_level", lang, levels=render.escape_markdown(levels))
    return render.markdown(f"> {text}")


def show_segregation(result: Result) -> Styler | Markdown:
    """Segregation indices per municipality, their change since the first year and the number of areas."""
    lang = _lang(result)
    return _table(
        result,
        result.segregation,
        {
            "level": None,
            "areas_count": None,
            "year": None,
            "dissimilarity": _num(lang, 3),
            "isolation": _num(lang, 3),
            "tenure_theil_h": _num(lang, 3),
            "wage_gini": _num(lang, 3),
            "first_year": None,
            "dissimilarity_change": _num(lang, 3),
        },
    )


def plot_segregation(result: Result, ax: Axes | None = None) -> Axes:
    """Dissimilarity D per municipality, the first year as a hollow marker and the latest as a filled one."""
    lang, seg = _lang(result), result.segregation
    ax = charts.axes(ax, figsize=(7.0, 0.5 * max(len(seg), 2) + 1.5))
    names = seg["kommun_kod"].map(result.municipalities)
    ax.scatter(
        seg["dissimilarity_first"],
        names,
        facecolors="none",
        edgecolors="grey",
        label=words("first_year", lang),
    )
    ax.scatter(seg["dissimilarity"], names, label=words("year", lang))
    ax.legend(loc="lower right")
    return charts.set_labels(ax, x=words("dissimilarity", lang))


def show_area_types(result: Result) -> Styler | Markdown:
    """The share of residents in area types 1–2 (socio-economic challenges) per municipality."""
    lang = _lang(result)
    return _table(
        result, result.area_types, {"year": None, "n_areas": None, "share_pop_challenged": _pct(lang)}
    )


def _count(lang: str) -> Formatter:
    def fmt(value: object) -> str:
        if _blank(value):
            return words("suppressed", lang)
        return str(int(value)) if int(value) == 0 or int(value) >= MIN_CELL else words("suppressed", lang)

    return fmt


def _origin(lang: str) -> Formatter:
    return lambda v: "–" if _blank(v) else words(str(v), lang) if str(v) in _known(lang) else str(v)


def show_representativeness(result: Result) -> Styler | Markdown:
    """Workshop participants against the population: difference D, under-represented groups, ratio for
    type 1–2."""
    lang = _lang(result)
    return _table(
        result,
        result.representativeness,
        {
            "origin": _origin(lang),
            "participants": _count(lang),
            "rep_dissimilarity": _num(lang, 3),
            "under_represented": None,
            "representation_ratio": _num(lang, 2),
        },
    )


def show_prototypes(result: Result) -> Styler | Markdown:
    """Prototypes per municipality and the team's decisions (avsluta, testa igen, gå vidare till pilot)."""
    lang = _lang(result)
    return _table(
        result,
        result.prototypes,
        {"origin": _origin(lang), "prototypes": None, **{d: None for d in DECISIONS}},
    )


def show_ska(result: Result) -> Styler | Markdown:
    """SKA goals per municipality by status (uppfyllt, delvis, hotat, ej bedömt)."""
    return _table(result, result.ska, {"goals": None, **{s: None for s in STATUSES}})


def show_maturity(result: Result) -> Styler | Markdown:
    """Toolbox method × municipality: the lab-to-everyday stage and the maturity score (0–4)."""
    lang, frame = _lang(result), result.maturity
    if frame.empty:
        return render.markdown(f"*{words('nothing', lang)}*")
    cells = frame.assign(
        text=[
            f"{s} ({format_number(v, 1, lang)})" if not _blank(v) else str(s)
            for s, v in zip(frame["stage"], frame["score"], strict=True)
        ]
    )
    wide = cells.pivot(index="method", columns="kommun_kod", values="text").fillna("–")
    wide.columns = [result.municipalities[c] for c in wide.columns]
    return _styled(wide.rename_axis(words("method", lang)).reset_index(), lang)


def plot_maturity(result: Result, ax: Axes | None = None) -> Axes:
    """Maturity score per toolbox method, one bar per municipality."""
    lang, frame = _lang(result), result.maturity
    ax = charts.axes(ax, figsize=(8.0, 4.5))
    if not frame.empty:
        wide = frame.pivot(index="method", columns="kommun_kod", values="score")
        wide.columns = [result.municipalities[c] for c in wide.columns]
        wide.index = terms(wide.index, lang)  # the toolbox's titles, not its code names
        wide.plot.barh(ax=ax)
        ax.legend(
            loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False
        )  # beside the bars, not over them
    return charts.set_labels(ax, x=words("score", lang), y=words("method", lang))


def show_lessons(result: Result) -> Styler | Markdown:
    """Vad kan vi lära av varandra: per topic, who is furthest along and who has the largest gap."""
    lang, frame = _lang(result), result.lessons
    if frame.empty:
        return render.markdown(f"*{words('no_lessons', lang)}*")
    names = lambda codes: ", ".join(result.municipalities.get(c, c) for c in codes)
    shown = pd.DataFrame(
        {
            words("topic", lang): [
                words(t, lang, method=m) for t, m in zip(frame["topic"], frame["method"], strict=True)
            ],
            words("furthest", lang): frame["furthest"].map(names),
            words("furthest_value", lang): frame["furthest_value"].map(_num(lang, 2)),
            words("largest_gap", lang): frame["largest_gap"].map(names),
            words("gap_value", lang): frame["gap_value"].map(_num(lang, 2)),
            words("spread", lang): frame["spread"].map(_num(lang, 2)),
        }
    )
    return _styled(shown, lang)
