"""Survey and maturity displays of an evaluation result (Swedish by default): charts, tables and notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit import charts, likert, render
from labkit.charts import format_number, format_percent
from labkit.methods.evaluation.display import _lang, _markdown, _style
from labkit.methods.evaluation.maturity import SCORES
from labkit.methods.evaluation.text import method_label, principle_label, score_label, stage_label, words

if TYPE_CHECKING:
    from IPython.display import Markdown
    from matplotlib.axes import Axes
    from pandas.io.formats.style import Styler

    from labkit.methods.evaluation.analysis import Result


# --------------------------------------------------------------------------- surveys


def survey_text(result: Result) -> str:
    """Where the answers came from, and the rule on small groups."""
    lang = _lang(result)
    origin = words(
        f"survey_origin_{result.survey_origin}", lang, path=render.escape_markdown(result.params.survey_csv)
    )
    rule = (
        f"Groups with fewer than {likert.MIN_GROUP} answers are not shown."
        if lang == "en"
        else f"Grupper med färre än {likert.MIN_GROUP} svar visas inte."
    )
    return f"{origin} {rule}"


def show_survey_origin(result: Result) -> Markdown:
    """Where the answers came from, and the small-group rule."""
    return _markdown(survey_text(result))


def show_survey(result: Result) -> Styler:
    """Answers per question, group and wave: n, mean and share agreeing; small groups suppressed."""
    lang, table = _lang(result), result.survey
    suppressed = words("suppressed", lang)
    shown = pd.DataFrame(
        {
            words("question", lang): table["question"],
            words("group", lang): table["group"],
            words("wave", lang): table["wave"].astype(str),
            words("n", lang): [
                suppressed if s else str(n) for n, s in zip(table["n"], table["suppressed"], strict=True)
            ],
            words("mean", lang): table["mean"].map(
                lambda v: "–" if pd.isna(v) else format_number(v, 2, lang)
            ),
            words("agree", lang): table["agree"].map(
                lambda v: "–" if pd.isna(v) else format_percent(v, 0, lang)
            ),
        }
    )
    return _style(shown, (words("question", lang), words("group", lang)))


def plot_survey(result: Result, wave: int | None = None, ax: Axes | None = None) -> Axes:
    """Diverging stacked bars, one per question, for everyone in ``wave`` (default the last)."""
    from labkit.methods.evaluation.survey import chart_table

    lang = _lang(result)
    wave = int(result.survey["wave"].max()) if wave is None and not result.survey.empty else wave
    counts = chart_table(result.survey, wave=wave)
    return likert.plot_diverging(counts, ax=ax, lang=lang, title=words("survey_title", lang, wave=wave))


def plot_survey_groups(result: Result, question: str | None = None, ax: Axes | None = None) -> Axes | None:
    """Diverging stacked bars per respondent group for one question (default the first)."""
    from labkit.methods.evaluation.survey import group_chart_table

    lang, table = _lang(result), result.survey
    groups = table[table["group"] != "Alla"]
    if groups.empty:
        return charts.no_chart(ax, words("no_groups", lang))
    ax = charts.axes(ax, figsize=(8.0, 3.5))
    question = groups["question"].iloc[0] if question is None else question
    wave = int(table["wave"].max())
    counts = group_chart_table(table, question, wave=wave)
    return likert.plot_diverging(
        counts, ax=ax, lang=lang, title=words("survey_group_title", lang, question=question, wave=wave)
    )


def show_survey_change(result: Result) -> Styler | Markdown:
    """The change from the first to the last wave, or a note that there is only one wave."""
    lang, change = _lang(result), result.survey_change
    if change.empty:
        return _markdown(words("no_change", lang))
    pct = lambda v: format_percent(v, 0, lang)
    num = lambda v: format_number(v, 2, lang)
    columns = {
        "question": str,
        "group": str,
        "n_from": str,
        "n_to": str,
        "mean_from": num,
        "mean_to": num,
        "mean_change": num,
        "agree_from": pct,
        "agree_to": pct,
        "agree_change": pct,
    }
    shown = pd.DataFrame({words(c, lang): change[c].map(f) for c, f in columns.items()})
    return _style(shown, (words("question", lang), words("group", lang)))


# --------------------------------------------------------------------------- from lab to everyday


def show_maturity(result: Result, everyone: bool = False) -> Styler:
    """Stage, maturity score and the four principle scores with evidence; this municipality unless
    ``everyone``."""
    lang, table = _lang(result), result.maturity
    rows = table if everyone else table[table["kommun_kod"] == result.kommun_kod]
    shown = pd.DataFrame(
        {
            words("kommun", lang): rows["kommun"],
            words("method", lang): rows["method"].map(lambda m: method_label(m, lang)),
            words("stage", lang): rows["stage"].map(lambda s: stage_label(s, lang)),
            words("score", lang): rows["score"].map(lambda v: format_number(v, 1, lang)),
            **{
                principle_label(s, lang): [
                    _principle(v, e, lang) for v, e in zip(rows[s], rows[f"{s}_evidence"], strict=True)
                ]
                for s in SCORES
            },
            words("origin", lang): rows["origin"].map(lambda o: words(f"origin_row_{o}", lang)),
        }
    )
    return _style(shown, tuple(shown.columns))


def _principle(score: float, evidence: str, lang: str) -> str:
    if pd.isna(score):
        return "–"
    text = f"{int(score)} ({score_label(int(score), lang)})"
    return f"{text}: {evidence}" if evidence else text


def maturity_note(result: Result) -> str:
    """Which municipalities' assessments are invented examples."""
    lang, table = _lang(result), result.maturity
    if table.empty:
        return words("maturity_none", lang)
    examples = sorted(table.loc[table["origin"] == "example", "kommun"].unique())
    return (
        words("maturity_examples", lang, kommuner=render.escape_markdown(", ".join(examples)))
        if examples
        else ""
    )


def show_maturity_note(result: Result) -> Markdown:
    """The note on invented example assessments."""
    return _markdown(maturity_note(result))


def _cell_label(stage: str, score: float, lang: str) -> str:
    return f"{stage_label(stage, lang)}\n{words('score_short', lang)} {format_number(score, 1, lang)}"


def plot_maturity(result: Result, ax: Axes | None = None) -> Axes:
    """Regional overview: municipalities × methods coloured by stage, annotated with stage and score."""
    from matplotlib.colors import BoundaryNorm, ListedColormap

    from labkit.methods.evaluation.kinds import STAGES

    lang, table = _lang(result), result.maturity
    stages = table.pivot_table(index="kommun", columns="method", values="stage_index", aggfunc="first")
    scores = table.pivot_table(index="kommun", columns="method", values="score", aggfunc="first")
    ax = charts.axes(ax, figsize=(1.6 * max(len(stages.columns), 3) + 2, 0.7 * max(len(stages), 2) + 2))
    colours = ListedColormap(["#FDE0C5", "#FACBA6", "#9ECAE1", "#4292C6", "#08519C"])
    image = ax.imshow(
        stages.to_numpy(dtype=float), cmap=colours, norm=BoundaryNorm(np.arange(0.5, 6.5), 5), aspect="auto"
    )
    for (i, j), value in np.ndenumerate(stages.to_numpy(dtype=float)):
        label = (
            words("not_assessed", lang)
            if np.isnan(value)
            else _cell_label(STAGES[int(value) - 1], scores.iloc[i, j], lang)
        )
        ax.text(
            j,
            i,
            label,
            ha="center",
            va="center",
            fontsize="x-small",
            color="white" if value >= 4 else "black",
        )
    ax.set_xticks(
        range(len(stages.columns)),
        [method_label(m, lang) for m in stages.columns],
        rotation=30,
        ha="right",
        fontsize="small",
    )
    ax.set_yticks(range(len(stages.index)), stages.index)
    ax.grid(False)
    bar = ax.figure.colorbar(image, ax=ax, ticks=range(1, 6), shrink=0.8)
    bar.ax.set_yticklabels([stage_label(s, lang) for s in STAGES])
    ax.set_title(words("maturity_title", lang))
    return ax
