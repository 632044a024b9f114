"""Tables, charts and key figures of the prototyping report (Swedish by default, English with lang="en")."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown
from matplotlib import dates as mdates
from matplotlib.axes import Axes
from scipy import stats

from labkit import render
from labkit.i18n import text
from labkit.methods.prototyping.analysis import Result

WORDS = {
    "sv": {
        "examples": "**Exempeldata:** prototyperna och testerna nedan är påhittade exempel, inte "
        "verkliga tester. Varje test har ett räknat antal lyckade utfall och en markering av om "
        "testkortets kriterium nåddes.",
        "journal": "Prototyperna och testerna kommer från kommunens labbok.",
        "none": "Det finns inga prototyper ännu – varken i labboken eller som exempel.",
        "rule": "**Regel för föreslaget beslut.** Underlaget är prototypens aktuella testserie: {series} Med "
        "räknade utfall (lyckade av n) är andelen lyckade Beta({a} + lyckade, {b} + misslyckade). "
        "*Gå vidare till pilot* föreslås först när serien har minst **{min_trials} räknade utfall**, den "
        "nedre gränsen i **{level} trovärdighetsintervallet** ligger över {rate} och minst {crit} test har "
        "nått sitt kriterium. Är sannolikheten att andelen överstiger {rate} högst {stop} föreslås "
        "*avsluta*. Utan räknade utfall föreslås *gå vidare till pilot* när minst {crit1} test nått sitt "
        "kriterium och minst {min_trials} personer deltagit i serien, och *avsluta* efter {max} test utan "
        "att kriteriet nåtts. Annars *testa igen*.",
        "series_own": "testen sedan teamets senaste beslut *testa igen* (en ändrad prototyp är en ny serie; "
        "tidigare versioners utfall räknas inte).",
        "series_pooled": "alla prototypens test, också före ett beslut *testa igen* (teamet har valt att slå "
        "ihop versionerna).",
        "id": "Id",
        "title": "Prototyp",
        "idea": "Idé",
        "target_group": "Målgrupp",
        "tests": "Test",
        "criteria_met": "Kriterier uppfyllda (serien)",
        "n": "Deltagare (serien)",
        "success_rate_mean": "Andel lyckade (medel)",
        "interval": "{level} intervall",
        "revision": "Version",
        "suggested_decision": "Föreslaget beslut",
        "decision": "Teamets beslut",
        "rank": "Plats",
        "text": "Idé",
        "mean": "Medelpoäng",
        "prototype": "Prototyp",
        "date": "Datum",
        "event": "Händelse",
        "what": "Vad",
        "iteration": "Steg",
        "no_rate": "inga räknade utfall",
        "no_rate_sentence": "Inget diagram: ingen prototyp har räknade utfall ännu.",
        "target_line": "målet {rate}",
        "rate_axis": "Andel lyckade",
        "density": "Täthet",
        "timeline": "Prototypernas iterationer",
        "met": "kriteriet nått",
        "not_met": "kriteriet inte nått",
        "decided": "beslut",
        "hypothesis": "Hypotes",
        "test": "Test",
        "metric": "Mått",
        "criterion": "Kriterium",
        "deadline": "Deadline",
        "observation": "Observation",
        "learning": "Lärdom",
        "empty": "Inga {what} ännu.",
        "w_cards": "testkort",
        "w_learning": "lärandekort",
        "w_candidates": "rangordnade idéer",
    },
    "en": {
        "examples": "**Example data:** the prototypes and tests below are invented examples, not "
        "real tests. Each test has a counted number of successes and a mark of whether the test "
        "card's criterion was met.",
        "journal": "The prototypes and tests come from the municipality's lab journal.",
        "none": "There are no prototypes yet, neither in the lab journal nor as examples.",
        "rule": "**Rule for the suggested decision.** The evidence is the prototype's current series of tests: "
        "{series} With counted outcomes (successes of n) the success rate is Beta({a} + successes, {b} + "
        "failures). *Go to pilot* is suggested only when the series has at least **{min_trials} counted "
        "outcomes**, the lower end of the **{level} credible interval** lies above {rate} and at least "
        "{crit} tests met their criterion. If the probability that the rate exceeds {rate} is at most "
        "{stop}, *stop*. Without counted outcomes, *go to pilot* when at least {crit1} tests met their "
        "criterion and at least {min_trials} people took part in the series, and *stop* after {max} tests "
        "that never met it. Otherwise *test again*.",
        "series_own": "the tests since the team's latest *test again* decision (a changed prototype is a new series; "
        "earlier versions' outcomes do not count).",
        "series_pooled": "all of the prototype's tests, also those before a *test again* decision (the team chose to "
        "pool the versions).",
        "id": "Id",
        "title": "Prototype",
        "idea": "Idea",
        "target_group": "Target group",
        "tests": "Tests",
        "criteria_met": "Criteria met (series)",
        "n": "Participants (series)",
        "success_rate_mean": "Success rate (mean)",
        "interval": "{level} interval",
        "revision": "Version",
        "suggested_decision": "Suggested decision",
        "decision": "Team's decision",
        "rank": "Rank",
        "text": "Idea",
        "mean": "Mean score",
        "prototype": "Prototype",
        "date": "Date",
        "event": "Event",
        "what": "What",
        "iteration": "Step",
        "no_rate": "no counted outcomes",
        "no_rate_sentence": "No chart: no prototype has counted outcomes yet.",
        "target_line": "target {rate}",
        "rate_axis": "Success rate",
        "density": "Density",
        "timeline": "Iterations of the prototypes",
        "met": "criterion met",
        "not_met": "criterion not met",
        "decided": "decision",
        "hypothesis": "Hypothesis",
        "test": "Test",
        "metric": "Metric",
        "criterion": "Criterion",
        "deadline": "Deadline",
        "observation": "Observation",
        "learning": "Learning",
        "empty": "No {what} yet.",
        "w_cards": "test cards",
        "w_learning": "learning cards",
        "w_candidates": "ranked ideas",
    },
}


def _w(result: Result, key: str, **values: object) -> str:
    return text(WORDS, key, result.params.lang, **values)


def _pct(value: object) -> str:
    return "–" if value is None or pd.isna(value) else f"{100 * float(value):.0f} %"


def show_origin(result: Result) -> Markdown:
    """Where the records come from; example records are always said to be examples."""
    key = {"examples": "examples", "journal": "journal"}.get(result.origin, "none")
    return render.markdown("> " + _w(result, key, path=f"labs/{result.kommun_kod}/labbok.sqlite"))


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


def _num(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def key_figures(result: Result) -> dict:
    """The figures of results.json: ``origin``, ``rule`` (the thresholds in force) and ``prototypes``.

    Each prototype: ``id, title, tests`` (all), ``revision``, ``series_tests``, ``criteria_met``, ``n``,
    ``successes`` (the current series), ``success_rate_mean``, ``low``, ``high`` (the credible interval),
    ``suggested_decision`` and ``decision``.
    """
    p = result.params
    prototypes = [
        {
            "id": r.id,
            "title": r.title,
            "tests": int(r.tests),
            "revision": int(r.revision),
            "series_tests": int(r.series_tests),
            "criteria_met": int(r.criteria_met),
            "n": int(r.n),
            "successes": None if _num(r.successes) is None else int(r.successes),
            "success_rate_mean": _num(r.success_rate_mean),
            "low": _num(r.low),
            "high": _num(r.high),
            "suggested_decision": r.suggested_decision,
            "decision": r.decision if isinstance(r.decision, str) else None,
        }
        for r in result.register.itertuples()
    ]
    rule = {
        "target_rate": p.target_rate,
        "min_trials": p.min_trials,
        "credible_level": p.credible_level,
        "stop_probability": p.stop_probability,
        "pilot_criteria": p.pilot_criteria,
        "max_tests": p.max_tests,
        "pool_revisions": p.pool_revisions,
    }
    return {"origin": result.origin, "rule": rule, "prototypes": prototypes}
