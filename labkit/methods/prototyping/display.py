"""Tables, charts and key figures of the prototyping report (Swedish by default, English with lang="en")."""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from scipy import stats

from labkit import render
from labkit.methods.prototyping.text import words

if TYPE_CHECKING:
    from labkit.methods.prototyping.analysis import Result


def _w(result: Result, key: str, **values: object) -> str:
    return words(key, result.params.lang, **values)


def _pct(value: object) -> str:
    return "–" if value is None or pd.isna(value) else f"{100 * float(value):.0f} %"


def show_origin(result: Result) -> Markdown:
    """Where the records come from; example records are always said to be examples."""
    key = {"examples": "examples", "journal": "journal"}.get(result.origin, "none")
    origin = render.markdown_text("> " + _w(result, key, path=f"labs/{result.kommun_kod}/labbok.sqlite"))
    if not result.target_groups_note:
        return Markdown(origin)
    # the target groups feed the workshop forms' choices: say why there are none
    return Markdown(origin + "\n\n" + render.markdown_text("> {note}", note=result.target_groups_note))


def show_rule(result: Result) -> Markdown:
    """The documented decision rule with the thresholds in force."""
    p = result.params
    series = _w(result, "series_pooled" if p.pool_revisions else "series_own")
    a, b = (render.format_value(v, p.lang) for v in (p.prior_alpha, p.prior_beta))  # "1", not "1.0"
    return render.markdown(
        _w(
            result,
            "rule",
            series=series,
            a=a,
            b=b,
            rate=_pct(p.target_rate),
            min_trials=p.min_trials,
            level=_pct(p.credible_level),
            stop=_pct(p.stop_probability),
            crit=p.pilot_criteria,
            crit1=max(p.pilot_criteria, 1),
            max=p.max_tests,
        )
    )


def register_table(result: Result):
    """The prototype register with tests, criteria met, posterior and both decisions."""
    reg = result.register.copy()
    reg["interval"] = [
        _w(result, "no_rate") if lo is None or pd.isna(lo) else f"{_pct(lo)}–{_pct(hi)}"
        for lo, hi in zip(reg["low"], reg["high"], strict=True)
    ]
    reg["success_rate_mean"] = reg["success_rate_mean"].map(_pct)
    keep = [
        "id",
        "title",
        "target_group",
        "tests",
        "revision",
        "criteria_met",
        "n",
        "success_rate_mean",
        "interval",
        "suggested_decision",
        "decision",
    ]
    level = _pct(result.params.credible_level)
    return reg[keep].fillna("–").rename(columns={k: _w(result, k, level=level) for k in keep})


def show_register(result: Result):
    """The register as a table (hidden index)."""
    return render.table(register_table(result), lang=result.params.lang)


def show_candidates(result: Result):
    """The top-ranked co-creation ideas that seed the register, and the prototype testing each."""
    if result.ranking_note:  # no co-creation ranking to seed from: say why, not an empty table
        return render.markdown("*{note}*", note=result.ranking_note)
    if result.candidates.empty:
        return render.markdown(_w(result, "empty", what=_w(result, "w_candidates")))
    keep = ["rank", "idea", "text", "mean", "prototype"]
    headers = {k: _w(result, "id" if k == "idea" else k) for k in keep}  # the idea's id beside its text
    return render.table(result.candidates, lang=result.params.lang, columns=headers)


def show_timeline(result: Result):
    """Every test and decision in date order."""
    keep = ["prototype", "iteration", "date", "event", "n", "what"]
    frame = result.timeline[keep].copy()
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    return render.table(frame, lang=result.params.lang, columns={k: _w(result, k) for k in keep})


def show_cards(result: Result, kind: str = "test"):
    """The test cards (``kind="test"``) or the learning cards (``kind="learning"``)."""
    frame = result.cards if kind == "test" else result.learning
    keep = (
        ["prototype", "hypothesis", "test", "metric", "criterion", "deadline", "target_group"]
        if kind == "test"
        else ["prototype", "observation", "learning", "decision"]
    )
    if frame.empty:
        return render.markdown(
            _w(result, "empty", what=_w(result, "w_cards" if kind == "test" else "w_learning"))
        )
    return render.table(frame, lang=result.params.lang, columns={k: _w(result, k) for k in keep})


def plot_timeline(result: Result, ax: Axes | None = None) -> Axes:
    """One line per prototype: tests (filled when the criterion was met) and decisions over time."""
    ax = ax or plt.subplots(figsize=(8, 1.8 + 0.6 * max(len(result.register), 1)))[1]
    order = list(result.register["id"])
    for y, proto in enumerate(order):
        rows = result.timeline[result.timeline["prototype"] == proto]
        ax.plot(rows["date"], [y] * len(rows), color="0.7", zorder=1)
        tests = rows[rows["event"] == "test"]
        met = tests["criterion_met"].fillna(False).astype(bool)
        ax.scatter(
            tests["date"][met], [y] * int(met.sum()), color="#007a3d", zorder=2, label=_w(result, "met")
        )
        ax.scatter(
            tests["date"][~met],
            [y] * int((~met).sum()),
            facecolor="white",
            edgecolor="#b00020",
            zorder=2,
            label=_w(result, "not_met"),
        )
        dec = rows[rows["event"] == "beslut"]
        ax.scatter(
            dec["date"], [y + 0.2] * len(dec), marker="v", color="0.3", zorder=2, label=_w(result, "decided")
        )
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(-0.5, len(order) - 0.4)
    ax.set_title(_w(result, "timeline"))
    # at most six ISO dates, slanted, so that no two overlap
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=6))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    ax.tick_params(axis="x", labelrotation=30)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    handles = dict(zip(*reversed(ax.get_legend_handles_labels()), strict=True))
    if handles:  # below the chart, never over a prototype's line
        ax.legend(
            handles.values(),
            handles.keys(),
            loc="upper center",
            bbox_to_anchor=(0.5, -0.32),
            ncol=3,
            frameon=False,
            fontsize="small",
        )
    return ax


def plot_posteriors(result: Result, ax: Axes | None = None) -> Axes | None:
    """The Beta posterior density of each prototype with counted outcomes, and the target rate.

    Without counted outcomes there is nothing to draw: on a figure of its own the chart is left out and one
    sentence says why (returning None); on the caller's axes the sentence is written there.
    """
    from labkit import charts

    p = result.params
    counted = [
        row
        for row in result.register.itertuples()
        if row.successes is not None and not pd.isna(row.successes)
    ]
    if not counted:
        sentence = _w(result, "no_rate_sentence")
        if ax is None:
            from IPython.display import display

            display(Markdown(f"*{sentence}*"))
            return None
        ax.text(0.5, 0.5, sentence, ha="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    ax = ax or plt.subplots(figsize=(7, 4))[1]
    x = np.linspace(0, 1, 401)
    for n, row in enumerate(counted):
        a, b = p.prior_alpha + row.successes, p.prior_beta + row.n - row.successes
        ax.plot(
            x,
            stats.beta.pdf(x, a, b),
            color=charts.PALETTE[n % len(charts.PALETTE)],
            label=f"{row.id} ({_pct(row.success_rate_mean)})",
        )
    ax.axvline(
        p.target_rate, color="0.4", linestyle="--", label=_w(result, "target_line", rate=_pct(p.target_rate))
    )
    ax.set_xlabel(_w(result, "rate_axis"))
    ax.set_ylabel(_w(result, "density"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax
