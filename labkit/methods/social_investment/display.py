"""Tables, text and charts of a social investment result that a notebook cell just ends with."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit import charts, render
from labkit.charts import format_number, format_percent
from labkit.methods.social_investment.analysis import reach_needed
from labkit.methods.social_investment.params import ACTORS, MANDATE_YEARS, Params
from labkit.methods.social_investment.sensitivity import INTEGER_PARAMS, effect_interval
from labkit.methods.social_investment.text import words

if TYPE_CHECKING:
    from IPython.display import Markdown
    from matplotlib.axes import Axes
    from pandas.io.formats.style import Styler

    from labkit.methods.social_investment.analysis import Result

Formatter = Callable[[object], str]

#: Parameters listed in the parameter table, with the key of their source text.
PARAMETER_SOURCES = {
    "persons": "src_scenario",
    "effect_probability": "src_scenario",
    "cost_per_person_year": "src_cost",
    "intervention_cost_per_year": "src_scenario",
    "intervention_years": "src_scenario",
    "effect_start_year": "src_scenario",
    "effect_years": "src_scenario",
    "discount_rate": "src_rate",
    "timing": "src_timing",
    "horizon_years": "src_scenario",
}


def _lang(result: Result) -> str:
    return result.params.lang


def _kr(lang: str) -> Formatter:
    return lambda v: "–" if v is None or pd.isna(v) else format_number(float(v), 0, lang)


def _table(frame: pd.DataFrame, columns: dict[str, Formatter | None], lang: str) -> Styler:
    """Format ``columns`` of ``frame`` under their report labels, index hidden."""
    return render.table(
        frame,
        lang=lang,
        columns={c: words(c, lang) for c in columns},
        formats={c: f for c, f in columns.items() if f},
    )


def format_value(name: str, value: object, lang: str) -> str:
    """A parameter value for readers: rates and probabilities as percentages, kr with spaces."""
    if name == "timing":
        return words(f"timing_{value}", lang)
    if name in ("discount_rate", "effect_probability") or "share" in name:
        return format_percent(float(value), 1, lang)
    if name in INTEGER_PARAMS:
        return str(int(value))
    if name == "effect_prior_size":
        return format_number(float(value), 0 if float(value).is_integer() else 1, lang)
    return format_number(float(value), 0, lang)


def prior_values(params: Params, lang: str) -> dict[str, str]:
    """The Beta prior of p as reader text: alpha, beta, p, size, and the 90 % interval lo-hi."""
    alpha, beta = params.effect_prior or (math.nan, math.nan)
    low, high = effect_interval(params)
    return {
        "alpha": format_number(alpha, 2, lang).rstrip("0").rstrip(",.") if params.effect_prior else "–",
        "beta": format_number(beta, 2, lang).rstrip("0").rstrip(",.") if params.effect_prior else "–",
        "p": format_percent(params.effect_probability, 0, lang),
        "size": format_value("effect_prior_size", params.effect_prior_size, lang),
        "lo": format_percent(low, 0, lang),
        "hi": format_percent(high, 0, lang),
    }


def parameter_table(result: Result) -> pd.DataFrame:
    """Every parameter with its value and the source of its default."""
    lang, params = _lang(result), result.params
    rows = [
        (words(n, lang), format_value(n, getattr(params, n), lang), words(s, lang))
        for n, s in PARAMETER_SOURCES.items()
    ]
    prior_source = (
        words("src_prior", lang, **prior_values(params, lang))
        if params.effect_prior
        else words("src_prior_known", lang)
    )
    rows.append(
        (
            words("effect_prior_size", lang),
            format_value("effect_prior_size", params.effect_prior_size, lang),
            prior_source,
        )
    )
    for actor, share in params.share_by_actor.items():
        source = "src_kommun" if actor == "kommun" else "src_rest"
        rows.append(
            (
                words("share", lang, actor=words(actor, lang).lower()),
                format_value("share", share, lang),
                words(source, lang),
            )
        )
    for actor, share in params.cost_share_by_actor.items():
        rows.append(
            (
                words("cost_share", lang, actor=words(actor, lang).lower()),
                format_value("share", share, lang),
                words("src_payer", lang),
            )
        )
    return pd.DataFrame(rows, columns=[words("parameter", lang), words("value", lang), words("source", lang)])


def show_parameters(result: Result) -> Styler:
    """The parameter table with the source of every default."""
    table = parameter_table(result)
    return render.table(table, lang=_lang(result), right=(table.columns[1],))


def summary_text(result: Result) -> str:
    """The plain-language reading of the result as Markdown paragraphs."""
    lang, params, mc = _lang(result), result.params, result.monte_carlo
    paragraphs = [
        words(
            "summary",
            lang,
            kommun=render.escape_markdown(result.inputs.kommun),
            persons=params.persons,
            cost=format_number(params.intervention_cost_per_year, 0, lang),
            years=params.intervention_years,
            npv=format_number(result.npv_total, 0, lang),
            horizon=params.horizon_years,
            rate=format_percent(params.discount_rate, 1, lang),
        )
    ]
    paragraphs.append(words(f"summary_timing_{params.timing}", lang))
    paragraphs.append(_break_even_text(result))
    paragraphs.append(words("summary_actor", lang, actors=_actor_list(result)))
    uncertainty = words(
        "summary_mc",
        lang,
        share_pos=format_percent(mc["share_positive_npv"], 0, lang),
        runs=params.runs,
        share_mandate=format_percent(mc["share_within_mandate_period"], 0, lang),
        lo=format_number(mc["npv_p05"], 0, lang),
        hi=format_number(mc["npv_p95"], 0, lang),
    )
    prior = (
        words("summary_prior", lang, **prior_values(params, lang))
        if params.effect_prior
        else words("summary_known", lang, p=format_percent(params.effect_probability, 0, lang))
    )
    paragraphs.append(f"{uncertainty} {prior}")
    paragraphs.append(f"*{words('limits', lang)}*")
    return "\n\n".join(paragraphs)


def _break_even_text(result: Result) -> str:
    lang, persons, reach = _lang(result), result.break_even_persons, reach_needed(result)
    values = {
        "persons": "–" if persons is None else format_number(persons, 2, lang),
        "p": format_percent(result.params.effect_probability, 0, lang),
        "reach": "–" if reach is None else format_number(reach, 1, lang),
    }
    if result.break_even_year is None:
        return words("summary_never", lang, **values)
    mandate = words("in_mandate" if result.within_mandate_period else "after_mandate", lang)
    return words("summary_even", lang, year=result.break_even_year, mandate=mandate, **values)


def _actor_list(result: Result) -> str:
    lang = _lang(result)

    def amount(value: float) -> str:
        return (
            f"SEK {format_number(value, 0, lang)}" if lang == "en" else f"{format_number(value, 0, lang)} kr"
        )

    return "; ".join(
        f"{words(a, lang).lower()} {amount(v)}"
        for a, v in zip(result.actors["actor"], result.actors["npv"], strict=True)
    )


def show_summary(result: Result) -> Markdown:
    """The plain-language reading of the result."""
    return render.markdown(summary_text(result))


def show_flows(result: Result) -> Styler:
    """The yearly cash flows, their present values and the running sum."""
    lang, kr = _lang(result), _kr(_lang(result))
    return _table(
        result.flows,
        {
            "year": None,
            "benefit": kr,
            "intervention": kr,
            "net": kr,
            "discount_factor": lambda v: format_number(v, 4, lang),
            "discounted_net": kr,
            "cumulative": kr,
        },
        lang,
    )


def show_actors(result: Result) -> Styler:
    """Per actor: PV of avoided costs, PV of intervention cost, NPV and the actor's own break-even year."""
    lang = _lang(result)
    frame = result.actors.assign(
        break_even_year=[_actor_year(result, a, lang) for a in result.actors["actor"]],
        actor=[words(a, lang) for a in result.actors["actor"]],
    )
    kr = _kr(lang)
    return _table(
        frame, {"actor": None, "benefit_pv": kr, "cost_pv": kr, "npv": kr, "break_even_year": None}, lang
    )


def _actor_year(result: Result, actor: str, lang: str) -> str:
    if result.params.cost_share_by_actor[actor] == 0:
        return words("pays_nothing", lang)
    return _year_text(result.actor_break_even[actor], lang)


def _year_text(year: int | None, lang: str) -> str:
    return words("never", lang) if year is None else str(year)


def show_rates(result: Result) -> Styler:
    """NPV, break-even year and persons and the mandate flag at 0, 1.5 and 3.5 % discount rate."""
    lang = _lang(result)
    frame = result.rates.assign(
        break_even_year=[
            _year_text(None if pd.isna(y) else int(y), lang) for y in result.rates["break_even_year"]
        ],
        within_mandate_period=[
            words("yes" if f else "no", lang) for f in result.rates["within_mandate_period"]
        ],
    )
    return _table(
        frame,
        {
            "discount_rate": lambda v: format_percent(v, 1, lang),
            "npv_total": _kr(lang),
            "break_even_year": None,
            "break_even_persons": lambda v: "–" if pd.isna(v) else format_number(v, 2, lang),
            "within_mandate_period": None,
        },
        lang,
    )


def show_tornado(result: Result) -> Styler:
    """The tornado as a table: each parameter's low and high value and the NPV at each."""
    lang = _lang(result)
    frame = result.tornado.assign(parameter=[words(p, lang) for p in result.tornado["parameter"]])
    value = {row.parameter: row for row in result.tornado.itertuples()}
    frame["low"] = [format_value(p, value[p].low, lang) for p in result.tornado["parameter"]]
    frame["high"] = [format_value(p, value[p].high, lang) for p in result.tornado["parameter"]]
    return _table(
        frame,
        {"parameter": None, "low": None, "high": None, "npv_low": _kr(lang), "npv_high": _kr(lang)},
        lang,
    )


def plot_cumulative(result: Result, ax: Axes | None = None) -> Axes:
    """The cumulative discounted net with the Monte-Carlo band, the first mandate period and break-even."""
    lang, band = _lang(result), result.band
    ax = charts.axes(ax, figsize=(8.0, 4.5))
    ax.axvspan(-0.5, MANDATE_YEARS - 0.5, color="#f0f0f0", label=words("mandate", lang))
    ax.fill_between(
        band["year"], band["p05"], band["p95"], color=charts.PALETTE[0], alpha=0.2, label=words("band", lang)
    )
    ax.plot(band["year"], band["median"], color=charts.PALETTE[0], linestyle=":", label=words("median", lang))
    ax.plot(
        band["year"],
        band["cumulative"],
        color=charts.PALETTE[0],
        marker="o",
        label=words("deterministic", lang),
    )
    ax.axhline(0, color="black", linewidth=0.8)
    if result.break_even_year is not None:
        ax.axvline(
            result.break_even_year,
            color=charts.PALETTE[5],
            linestyle="--",
            label=words("break_even_marker", lang, year=result.break_even_year),
        )
    ax.set(
        xlabel=words("x_years", lang),
        ylabel=words("y_cumulative", lang),
        title=words("cumulative_title", lang),
    )
    ax.set_xticks(band["year"].tolist())
    charts.number_axis(ax, "y", 0, lang)
    ax.legend(fontsize="small", loc="upper left")
    return ax


def plot_actors(result: Result, ax: Axes | None = None) -> Axes:
    """Per actor: PV of avoided costs (up), PV of intervention cost (down) and the NPV (diamond)."""
    lang, frame = _lang(result), result.actors
    ax = charts.axes(ax, figsize=(7.0, 4.0))
    x = np.arange(len(frame))
    ax.bar(x, frame["benefit_pv"], color=charts.PALETTE[2], label=words("benefit_pv", lang))
    ax.bar(x, -frame["cost_pv"], color=charts.PALETTE[5], label=words("cost_pv", lang))
    ax.plot(x, frame["npv"], "D", color="black", label=words("npv", lang))
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x, [words(a, lang) for a in ACTORS])
    ax.set(title=words("actor_title", lang), ylabel="kr")
    charts.number_axis(ax, "y", 0, lang)
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False)
    return ax


def plot_tornado(result: Result, ax: Axes | None = None) -> Axes:
    """Horizontal bars from the base NPV to the NPV at each parameter's low and high value, widest on top."""
    lang, frame = _lang(result), result.tornado
    ax = charts.axes(ax, figsize=(8.0, 0.45 * len(frame) + 1.5))
    y, base = np.arange(len(frame)), result.npv_total
    ax.barh(y, frame["npv_low"] - base, left=base, color=charts.PALETTE[5], label=words("low", lang))
    ax.barh(y, frame["npv_high"] - base, left=base, color=charts.PALETTE[0], label=words("high", lang))
    ax.axvline(base, color="black", linewidth=0.8)
    ax.set_yticks(y, [words(p, lang) for p in frame["parameter"]])
    ax.invert_yaxis()
    ax.set(title=words("tornado_title", lang), xlabel=words("npv", lang))
    charts.number_axis(ax, "x", 0, lang)
    note = words("tornado_note", lang, change=format_percent(result.params.tornado_change, 0, lang))
    ax.legend(
        fontsize="small",
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18),
        ncol=2,
        frameon=False,
        title=note,
        title_fontsize="x-small",
    )
    return ax
