"""Tables and charts of a co-creation result that a notebook cell just ends with (Swedish by default).

Every participant count from 1 to ``min_cell - 1`` is shown as "färre än <min_cell>"; names never appear.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

import labkit.methods.cocreation.representation as rep
from labkit import charts, render
from labkit.charts import format_number, format_percent
from labkit.methods.cocreation.text import opinion_notes, words
from labkit.terms import term

if TYPE_CHECKING:
    from IPython.display import Markdown
    from matplotlib.axes import Axes
    from pandas.io.formats.style import Styler

    from labkit.methods.cocreation.analysis import Result

Formatter = Callable[[object], str]

#: Most ideas the tree and dot charts draw (one labelled row each); a chart of more says how many it leaves
#: out.
CHART_IDEAS = 40
#: Most rows the long tables (the build-on tree, the dots) show; the report's Excel file holds every row.
TABLE_ROWS = 100


def _lang(result: Result) -> str:
    return result.params.lang


def _num(lang: str, decimals: int) -> Formatter:
    return lambda v: "–" if v is None or pd.isna(v) else format_number(float(v), decimals, lang)


def _pct(lang: str) -> Formatter:
    return lambda v: "–" if v is None or pd.isna(v) else format_percent(float(v), 0, lang)


def _count(result: Result) -> Formatter:
    """Counts with suppression: NA (a suppressed count) reads "färre än <min_cell>"."""
    hidden = words("fewer_than", _lang(result), n=result.params.min_cell)
    return lambda v: hidden if v is None or pd.isna(v) else str(int(v))


def _word(lang: str) -> Formatter:
    return lambda v: (
        "" if v is None or (not isinstance(v, str) and pd.isna(v)) or v == "" else words(str(v), lang)
    )


def _yes_no(lang: str) -> Formatter:
    return lambda v: words("yes" if bool(v) else "no", lang)


def _table(
    frame: pd.DataFrame,
    columns: dict[str, Formatter | None],
    lang: str,
    labels: dict[str, str] | None = None,
    *,
    rows: int | None = None,
) -> Styler | render.CappedTable:
    """Format ``columns`` of ``frame`` as text under the report's column names; hide the index.

    With ``rows``, a longer table shows its first ``rows`` rows and says that the report's Excel file has
    every row (:func:`labkit.render.capped_table`).
    """
    labels = labels or {}
    # a column's own formatter gives text; closed-vocabulary terms in it still read in the report language
    formats = {c: (lambda v, f=fmt: str(term(f(v), lang))) for c, fmt in columns.items() if fmt}
    return render.capped_table(
        frame,
        rows,
        lambda shown, total: words(
            "table_cut", lang, shown=format_number(shown, 0, lang), total=format_number(total, 0, lang)
        ),
        lang=lang,
        columns={c: labels[c] if c in labels else words(c, lang) for c in columns},
        formats=formats,
    )


def _none(what: str, lang: str) -> Markdown:
    return render.markdown(f"*{words('none_recorded', lang, what=what)}*")


def _hidden(count: int, min_cell: int) -> bool:
    return 0 < count < min_cell


def show_notes(result: Result) -> Markdown:
    """The notes the report must show (where the records come from, suppression, caveats)."""
    return render.markdown("\n\n".join(f"- {note}" for note in result.notes))


def show_room(result: Result) -> Styler:
    """Who was in the room: participants per role, by where they live (small counts suppressed)."""
    lang, columns = _lang(result), ["participants", "in_municipality", "elsewhere", "not_given"]
    frame = rep.suppress_counts(result.room, columns, result.params.min_cell)
    fmt = _count(result)
    return _table(
        frame, {"role": lambda v: str(v) or words("not_given", lang), **{c: fmt for c in columns}}, lang
    )


def show_rounds(result: Result) -> Styler | Markdown:
    """Ideas per brainwriting round: all, new, and building on another idea."""
    if result.rounds.empty:
        return _none(words("ideas", _lang(result)), _lang(result))
    return _table(result.rounds, {"round": None, "ideas": None, "new": None, "build_on": None}, _lang(result))


def show_tree(result: Result, rows: int | None = TABLE_ROWS) -> Styler | render.CappedTable | Markdown:
    """The build-on tree as an indented list: every idea under the idea it builds on.

    At most ``rows`` rows (None: all) in reading order; a longer tree says so, and the report's Excel file
    holds every idea.
    """
    lang = _lang(result)
    if result.tree.empty:
        return _none(words("ideas", lang), lang)
    frame = result.tree.assign(
        text=[
            "\u2003" * d + ("↳ " if d else "") + str(t)
            for d, t in zip(result.tree["depth"], result.tree["text"], strict=True)
        ]
    )
    return _table(
        frame, {"text": None, "round": None, "additions": None, "descendants": None}, lang, rows=rows
    )


def show_ranking(result: Result, top: int | None = None) -> Styler | Markdown:
    """The ranking of "Prioritera och välj": mean score, spread, raters, sum, per criterion and dots."""
    lang = _lang(result)
    if result.ranking.empty:
        return _none(words("mean", lang), lang)
    frame = result.ranking.head(top or result.params.top)
    criteria = {c: _num(lang, 2) for c in frame.columns if c.startswith("mean_")}
    return _table(
        frame,
        {
            "rank": None,
            "text": None,
            "raters": None,
            "mean": _num(lang, 2),
            "sd": _num(lang, 2),
            "sum": _num(lang, 0),
            **criteria,
            "dots": None,
        },
        lang,
        {c: c.removeprefix("mean_") for c in criteria},
    )


def show_agreement(result: Result) -> Styler:
    """Kendall's W: how much the raters agree on the order of the ideas (0 none, 1 complete)."""
    lang, k = _lang(result), result.kendall
    rows = [
        ("kendall_w", _num(lang, 3)(k["w"])),
        ("raters", str(k["raters"])),
        ("ideas", str(k["ideas"])),
        ("scores", str(k["scores"])),
        ("kendall_method", words(str(k["method"]), lang)),
        ("chi2", _num(lang, 2)(k["chi2"])),
        ("kendall_df", str(k["df"])),
        ("kendall_p", _num(lang, 4)(k["p"])),
        ("kendall_p_method", words(f"method_{k['p_method']}", lang)),
        ("kendall_p_chi2", _num(lang, 4)(k["p_chi2"])),
    ]
    frame = pd.DataFrame({"measure": [words(r[0], lang) for r in rows], "value": [r[1] for r in rows]})
    return _table(frame, {"measure": None, "value": None}, lang)


def show_dots(result: Result, rows: int | None = TABLE_ROWS) -> Styler | render.CappedTable | Markdown:
    """Dots per idea, most first (at most ``rows`` rows, None: all; the report's Excel file holds every
    idea)."""
    lang = _lang(result)
    if result.dots.empty:
        return _none(words("dots", lang), lang)
    extra = {c: None for c in result.dots.columns if c not in ("idea", "text", "dots")}
    return _table(
        result.dots.astype({c: int for c in ["dots", *extra]}),
        {"text": None, "dots": None, **extra},
        lang,
        {c: str(c) for c in extra},
        rows=rows,
    )


def representation_table(result: Result, dimension: str | None = None) -> pd.DataFrame:
    """The suppressed comparison table of ``dimension`` (default: the params' dimension)."""
    comparison = result.representation[dimension or result.params.dimension]
    return rep.suppress(comparison.table, result.params.min_cell)


def show_representativeness(result: Result, dimension: str | None = None) -> Styler | Markdown:
    """Participants living in the municipality against its population, group by group."""
    lang, comparison = _lang(result), result.representation[dimension or result.params.dimension]
    if comparison.n < result.params.min_cell:
        return render.markdown(f"*{words('few_residents', lang, min_cell=result.params.min_cell)}*")
    frame = representation_table(result, dimension)
    return _table(
        frame,
        {
            "label": None,
            "participants": _count(result),
            "share": _pct(lang),
            "population": _num(lang, 0),
            "population_share": _pct(lang),
            "ratio": _num(lang, 2),
            "status": _word(lang),
        },
        lang,
    )


def show_representativeness_figures(result: Result) -> Styler | Markdown:
    """D, χ², its degrees of freedom, the p-value and the test it comes from, for both comparisons.

    When an expected count is below 5 the p-value is the exact multinomial test's (enumerated or by
    seeded Monte Carlo) and the caption says so; the asymptotic χ² p-value is shown beside it.
    """
    lang = _lang(result)
    if result.residents < result.params.min_cell:
        return render.markdown(f"*{words('few_residents', lang, min_cell=result.params.min_cell)}*")
    rows = []
    for name, c in result.representation.items():
        rows.append(
            {
                "measure": words(name, lang),
                "residents": str(c.n),
                "dissimilarity": _num(lang, 3)(c.dissimilarity),
                "chi2": _num(lang, 2)(c.chi2),
                "chi2_df": str(c.df),
                "chi2_p": _num(lang, 4)(c.p_chi2),
                "p_value": _num(lang, 4)(c.p),
                "p_method": words(f"method_{c.p_method}", lang),
            }
        )
    styler = _table(pd.DataFrame(rows), {k: None for k in rows[0]}, lang)
    return styler.set_caption(render.escape_html(" ".join(p_method_notes(result))))


def p_method_notes(result: Result) -> list[str]:
    """One sentence per test used in the representativeness figures: which test gave the p-value, and why."""
    lang, seen = _lang(result), []
    for c in result.representation.values():
        if c.p_method not in seen:
            seen.append(c.p_method)
    return [
        words(f"p_{method}", lang, draws=format_number(float(rep.DRAWS), 0, lang), seed=result.params.seed)
        for method in seen
    ]


def show_missing(result: Result) -> Styler | Markdown:
    """Areas the target-group analysis lists, and whether any of their residents were in the room."""
    lang = _lang(result)
    if result.target_groups_note:  # the upstream result is missing: say why, not an empty table
        return render.markdown("*{note}*", note=result.target_groups_note)
    if result.missing.empty:
        return _none(words("groups", lang), lang)
    frame = rep.suppress_counts(result.missing, ["participants"], result.params.min_cell)
    return _table(
        frame,
        {
            "rank": None,
            "area_name": None,
            "groups": None,
            "participants": _count(result),
            "missing": _yes_no(lang),
        },
        lang,
    )


def show_ladder(result: Result) -> Styler | Markdown:
    """Each activity's step on Boverket's delaktighetstrappa."""
    lang = _lang(result)
    if result.ladder.empty:
        return _none(words("activity", lang), lang)
    return _table(
        result.ladder,
        {
            "activity": None,
            "date": lambda v: "" if pd.isna(v) else str(v),
            "level": _word(lang),
            "influence": _yes_no(lang),
        },
        lang,
    )


def _statement_text(result: Result) -> dict[str, str]:
    return dict(zip(result.statements["id"], result.statements["text"], strict=True))


def show_opinion_groups(result: Result) -> Styler | Markdown:
    """Each opinion group's size and the statements that set it apart."""
    lang, groups = _lang(result), result.opinions
    if groups is None or groups.k == 0:
        return _none(words("group", lang), lang)
    if groups.k == 1:
        from IPython.display import Markdown

        return Markdown(f"*{opinion_notes(groups, lang, result.params.min_cell)[0]}*")
    texts, sizes = _statement_text(result), groups.sizes
    frame = groups.representative.assign(
        size=[
            pd.NA if _hidden(sizes[g], result.params.min_cell) else sizes[g]
            for g in groups.representative["group"]
        ],
        statement=[texts.get(s, s) for s in groups.representative["statement"]],
    )
    return _table(
        frame,
        {
            "group": lambda g: chr(ord("A") + int(g)),
            "size": _count(result),
            "statement": None,
            "direction": _word(lang),
            "p_success": _pct(lang),
            "repness": _num(lang, 1),
        },
        lang,
    )


def show_consensus(result: Result) -> Styler | Markdown:
    """The statements every opinion group agrees with, with the group-aware consensus."""
    lang, groups = _lang(result), result.opinions
    if groups is None or not groups.consensus_ids:
        return _none(words("gac", lang), lang)
    texts = _statement_text(result)
    frame = groups.consensus[groups.consensus["consensus"]].assign(
        statement=lambda f: [texts.get(s, s) for s in f["statement"]]
    )
    return _table(frame, {"statement": None, "gac": _pct(lang)}, lang)


def show_stakeholders(result: Result) -> Styler | Markdown:
    """The stakeholders with power, interest and the strategy their quadrant suggests."""
    lang = _lang(result)
    if result.stakeholders.empty:
        return _none(words("name", lang), lang)
    blank = lambda v: "" if v is None or pd.isna(v) else str(v)
    return _table(
        result.stakeholders,
        {
            "name": None,
            "category": blank,
            "power": None,
            "interest": None,
            "quadrant": _word(lang),
            "note": blank,
        },
        lang,
    )


# --------------------------------------------------------------------------- charts


def _axes(ax: Axes | None, size: tuple[float, float] = (8, 4)) -> Axes:
    if ax is not None:
        return ax
    ax = charts.axes(None, figsize=size)
    ax.figure.labkit_own = True  # made here: an empty chart closes it and says why in text instead
    return ax


def _empty(ax: Axes, what: str, lang: str, sentence: str | None = None) -> Axes | None:
    """A chart with nothing to draw: the sentence why, as text (never an image of white space).

    On a figure made by the chart function, the figure is closed, the sentence displayed as Markdown and None
    returned; on the caller's axes, the sentence is written on them. ``sentence`` "" says nothing (when a
    table beside the chart already says why).
    """
    sentence = words("none_recorded", lang, what=what) if sentence is None else sentence
    if getattr(ax.figure, "labkit_own", False):
        import matplotlib.pyplot as plt
        from IPython.display import Markdown, display

        plt.close(ax.figure)
        if sentence:
            display(Markdown(f"*{sentence}*"))
        return None
    ax.text(0.5, 0.5, sentence, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return ax


def _short(text: str, width: int = 45) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def plot_rounds(result: Result, ax: Axes | None = None) -> Axes:
    """Stacked bars: new ideas and ideas that build on another, per round."""
    lang, ax = _lang(result), _axes(ax, (6, 3.5))
    if result.rounds.empty:
        return _empty(ax, words("ideas", lang), lang)
    rounds = result.rounds
    ax.bar(rounds["round"], rounds["new"], color=charts.PALETTE[0], label=words("new", lang))
    ax.bar(
        rounds["round"],
        rounds["build_on"],
        bottom=rounds["new"],
        color=charts.PALETTE[1],
        label=words("build_on", lang),
    )
    ax.set(
        xlabel=words("round", lang),
        ylabel=words("ideas", lang),
        title=words("chart_rounds", lang),
        xticks=rounds["round"].tolist(),
    )
    ax.legend(frameon=False)
    return ax


def largest_trees(tree: pd.DataFrame, limit: int = CHART_IDEAS) -> tuple[pd.DataFrame, str]:
    """The rows of the largest build-on trees that fit in ``limit`` rows together, in reading order, and
    which of ``"all"``, ``"trees"`` (whole trees, largest first, ties in the order written) or ``"part"``
    (the first ``limit`` rows of the largest tree, which alone has more) they are."""
    if len(tree) <= limit:
        return tree, "all"
    size = tree.groupby("root", sort=False).size()  # roots in reading order
    ranked = sorted(range(len(size)), key=lambda n: (-int(size.iloc[n]), n))
    chosen, used = [], 0
    for n in ranked:
        if used + size.iloc[n] > limit:
            break
        chosen.append(size.index[n])
        used += int(size.iloc[n])
    if not chosen:
        first = size.index[ranked[0]]
        return tree[tree["root"] == first].head(limit), "part"
    return tree[tree["root"].isin(chosen)], "trees"


def _cut_note(ax: Axes, sentence: str) -> None:
    """The sentence saying what a chart leaves out, under its x-axis label (wrapped to the axes' width)."""
    import textwrap

    width = max(40, int(ax.figure.get_figwidth() * ax.get_position().width * 14))
    ax.annotate(
        textwrap.fill(sentence, width, break_on_hyphens=False),
        xy=(0, 0),
        xycoords=("axes fraction", ax.xaxis.label),
        xytext=(0, -8),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=8,
        color="#333333",
    )


def plot_tree(result: Result, ax: Axes | None = None, limit: int = CHART_IDEAS) -> Axes:
    """The build-on tree: rounds left to right, one row per idea, lines from parent to child.

    A tree of more than ``limit`` ideas draws the largest trees that fit (or the start of the largest, when it
    alone has more) and says under the chart how many ideas it shows; every idea is in the report's Excel
    file.
    """
    lang, full = _lang(result), result.tree
    tree, cut = largest_trees(full, limit)
    ax = _axes(ax, (9, max(3.0, 0.3 * len(tree) + 1)))
    if tree.empty:
        return _empty(ax, words("ideas", lang), lang)
    y = {idea: -n for n, idea in enumerate(tree["id"])}
    x = dict(zip(tree["id"], tree["round"].astype(int), strict=True))
    for idea, parent in zip(tree["id"], tree["parent"], strict=True):
        if isinstance(parent, str) and parent in y:
            ax.plot([x[parent], x[idea]], [y[parent], y[idea]], color="#999999", lw=1, zorder=1)
    colours = [charts.PALETTE[1] if d else charts.PALETTE[0] for d in tree["depth"]]
    ax.scatter([x[i] for i in tree["id"]], [y[i] for i in tree["id"]], c=colours, s=30, zorder=2)
    texts = dict(zip(tree["id"], tree["text"].astype(str), strict=True))
    for idea, parent in zip(tree["id"], tree["parent"], strict=True):
        ax.text(
            x[idea] + 0.08,
            y[idea],
            _short(_own_part(texts[idea], texts.get(parent))),
            va="center",
            fontsize=8,
        )
    ax.set(
        xlabel=words("round", lang),
        title=words("chart_tree", lang),
        yticks=[],
        xticks=sorted(set(x.values())),
        xlim=(min(x.values()) - 0.3, max(x.values()) + 1.6),
    )
    if cut != "all":
        trees = tree["root"].nunique()
        key = "tree_cut_part" if cut == "part" else ("tree_cut_one" if trees == 1 else "tree_cut_many")
        _cut_note(
            ax,
            words(
                key,
                lang,
                shown=format_number(len(tree), 0, lang),
                total=format_number(len(full), 0, lang),
                trees=format_number(trees, 0, lang),
            ),
        )
    return ax


def _own_part(text: str, parent: str | None) -> str:
    """What a build-on idea adds: its text after the parent's, when it repeats the parent first."""
    if parent and text.startswith(parent) and len(text) > len(parent):
        return "…" + text[len(parent) :]
    return text


def plot_ranking(result: Result, ax: Axes | None = None, top: int | None = None) -> Axes:
    """Horizontal bars of the mean score with the spread (± sd) of the top ideas."""
    lang = _lang(result)
    frame = result.ranking.head(top or result.params.top)
    ax = _axes(ax, (8, max(2.5, 0.4 * len(frame) + 1)))
    if frame.empty:
        return _empty(ax, words("mean", lang), lang)
    labels = [f"{r}. {_short(str(t), 60)}" for r, t in zip(frame["rank"], frame["text"], strict=True)][::-1]
    ax.barh(
        labels,
        frame["mean"][::-1],
        xerr=frame["sd"].fillna(0)[::-1],
        color=charts.PALETTE[0],
        error_kw={"ecolor": "#555555", "capsize": 3},
    )
    ax.set(xlim=(0, 4.5), xlabel=words("mean", lang), title=words("chart_ranking", lang))
    charts.number_axis(ax, "x", 1, lang)
    return ax


def plot_dots(result: Result, ax: Axes | None = None, limit: int = CHART_IDEAS) -> Axes:
    """Horizontal bars of the dots per idea: the ``limit`` ideas with most dots (ties: the first written).

    When more ideas got dots, a sentence under the chart says how many are left out; every idea is in the
    report's Excel file.
    """
    lang, dots = _lang(result), result.dots.head(limit)
    ax = _axes(ax, (8, max(2.5, 0.4 * len(dots) + 1)))
    if dots.empty:
        return _empty(ax, words("dots", lang), lang)
    positions = np.arange(len(dots))[::-1]
    ax.barh(positions, dots["dots"], color=charts.PALETTE[2])
    ax.set(
        yticks=positions,
        yticklabels=[_short(str(t)) for t in dots["text"]],
        ylim=(-0.6, len(dots) - 0.4),
        xlabel=words("dots", lang),
        title=words("chart_dots", lang),
    )
    ax.xaxis.get_major_locator().set_params(integer=True)
    if len(result.dots) > len(dots):
        _cut_note(
            ax,
            words(
                "dots_cut",
                lang,
                shown=format_number(len(dots), 0, lang),
                total=format_number(len(result.dots), 0, lang),
            ),
        )
    return ax


def plot_representativeness(result: Result, dimension: str | None = None, ax: Axes | None = None) -> Axes:
    """Paired bars: each group's share of the participants and of the population; under-represented in red.

    A group whose participant count is suppressed gets no participant bar, only the words "färre än 5".
    """
    lang = _lang(result)
    frame = representation_table(result, dimension)
    ax = _axes(ax, (8, max(3.0, 0.45 * len(frame) + 1)))
    if result.representation[dimension or result.params.dimension].n < result.params.min_cell:
        # suppressed, not absent: the table above says "färre än <min_cell> deltagare bor i kommunen"
        return _empty(ax, words("participants", lang), lang, sentence="")
    pos = np.arange(len(frame))[::-1]
    colours = ["#D55E00" if s == "under" else charts.PALETTE[0] for s in frame["status"]]
    ax.barh(
        pos + 0.2,
        frame["share"].fillna(0),
        height=0.4,
        color=colours,
        label=words("participants_series", lang),
    )
    ax.barh(
        pos - 0.2,
        frame["population_share"],
        height=0.4,
        color="#BBBBBB",
        label=words("population_series", lang),
    )
    for y, hidden in zip(pos, frame["suppressed"], strict=True):
        if hidden:
            ax.text(
                0.005, y + 0.2, words("fewer_than", lang, n=result.params.min_cell), va="center", fontsize=8
            )
    ax.set(
        yticks=pos,
        yticklabels=[_short(str(term(v, lang)), 40) for v in frame["label"]],
        title=words("chart_rep", lang),
    )
    charts.percent_axis(ax, "x", lang=lang)
    ax.legend(frameon=False, loc="lower right")
    return ax


def plot_opinion_groups(result: Result, ax: Axes | None = None) -> Axes:
    """The participants on the two principal components, coloured by opinion group.

    When a group is smaller than ``min_cell`` only each group's centre is drawn, so no group's size
    can be counted off the chart.
    """
    lang, groups, ax = _lang(result), result.opinions, _axes(ax, (6, 5))
    if groups is None or groups.k == 0:
        return _empty(ax, words("group", lang), lang)
    points = groups.projection.join(groups.labels).dropna()
    small = any(_hidden(size, result.params.min_cell) for size in groups.sizes)
    for group, members in points.groupby("group"):
        colour, name = charts.PALETTE[int(group) % len(charts.PALETTE)], chr(ord("A") + int(group))
        if small:
            ax.scatter(members["x"].mean(), members["y"].mean(), s=250, color=colour, label=name)
        else:
            ax.scatter(members["x"], members["y"], s=40, color=colour, alpha=0.8, label=name)
    title = words("chart_opinions", lang) + (f" ({words('centres_only', lang)})" if small else "")
    ax.set(xticks=[], yticks=[], title=title)
    ax.legend(frameon=False, title=words("group", lang))
    return ax


def _spread(frame: pd.DataFrame, radius: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the stakeholders: those sharing a (interest, power) cell are set on a small circle
    around it."""
    x, y = frame["interest"].to_numpy(dtype=float), frame["power"].to_numpy(dtype=float)
    rank = frame.groupby(["power", "interest"]).cumcount().to_numpy()
    size = frame.groupby(["power", "interest"])["power"].transform("size").to_numpy()
    angle = np.pi / 2 + 2 * np.pi * rank / np.maximum(size, 1)
    shift = np.where(size > 1, radius, 0.0)
    return x + shift * np.cos(angle), y + shift * np.sin(angle)


def plot_stakeholders(result: Result, ax: Axes | None = None) -> Axes:
    """Mendelow's grid: interest on x, power on y, lines between 2 and 3 (3 counts as high), a strategy per
    quadrant.

    Each stakeholder is a numbered dot (dots of the same cell are set apart on a small circle); the names are
    listed by number beside the grid, so that no two labels overlap.
    """
    lang, frame, ax = _lang(result), result.stakeholders, _axes(ax, (10, 6))
    if frame.empty:
        return _empty(ax, words("name", lang), lang)
    x, y = _spread(frame)
    ax.scatter(x, y, s=230, color=charts.PALETTE[0], edgecolor="white", zorder=2)
    for number, (px, py) in enumerate(zip(x, y, strict=True), start=1):
        ax.text(
            px,
            py,
            str(number),
            ha="center",
            va="center",
            color="white",
            fontsize=8,
            fontweight="bold",
            zorder=3,
        )
    names = "\n".join(f"{n}  {_short(str(name), 38)}" for n, name in enumerate(frame["name"], start=1))
    ax.text(1.04, 1.0, names, transform=ax.transAxes, ha="left", va="top", fontsize=9, linespacing=1.5)
    ax.axhline(2.5, color="#999999", lw=1)
    ax.axvline(2.5, color="#999999", lw=1)
    for key, (qx, qy) in {
        "manage_closely": (5.4, 5.4),
        "keep_satisfied": (0.6, 5.4),
        "keep_informed": (5.4, 0.6),
        "monitor": (0.6, 0.6),
    }.items():
        ax.text(
            qx,
            qy,
            words(key, lang),
            ha="right" if qx > 3 else "left",
            va="top" if qy > 3 else "bottom",
            color="#555555",
            fontsize=9,
            style="italic",
        )
    ax.set(
        xlim=(0.5, 5.5),
        ylim=(0.5, 5.5),
        xticks=range(1, 6),
        yticks=range(1, 6),
        xlabel=words("interest", lang),
        ylabel=words("power", lang),
        title=words("chart_stakeholders", lang),
    )
    ax.set_aspect("equal")
    ax.figure.subplots_adjust(right=0.62)
    return ax


def plot_ladder(result: Result, ax: Axes | None = None) -> Axes:
    """Each activity as a bar up to its step on Boverket's delaktighetstrappa (1–4)."""
    lang, frame = _lang(result), result.ladder
    ax = _axes(ax, (8, max(2.5, 0.45 * len(frame) + 1)))
    if frame.empty:
        return _empty(ax, words("activity", lang), lang)
    ax.barh(
        [_short(str(a), 40) for a in frame["activity"]][::-1],
        frame["step"][::-1],
        color=[charts.PALETTE[2] if i else "#BBBBBB" for i in frame["influence"]][::-1],
    )
    ax.set(
        xlim=(0, 4.2),
        xticks=[1, 2, 3, 4],
        title=words("chart_ladder", lang),
        xticklabels=[
            words(level, lang) for level in ("information", "konsultation", "delaktighet", "medbestämmande")
        ],
    )
    return ax
