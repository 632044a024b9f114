"""Indicator and difference-in-differences displays of an evaluation result (Swedish by default)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from labkit import charts, render
from labkit.charts import format_number, format_percent
from labkit.methods.evaluation.did import DidEstimate
from labkit.methods.evaluation.indicators import APPROXIMATE, INDICATORS
from labkit.methods.evaluation.text import words
from labkit.terms import counted

if TYPE_CHECKING:
    from IPython.display import Markdown
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from pandas.io.formats.style import Styler

    from labkit.methods.evaluation.analysis import Result

Formatter = Callable[[object], str]

#: Indicators shown as shares (percent) and with three decimals (indices).
SHARES = ("share_hyresratt", "share_pop_challenged", "share_born_abroad")
INDEXES = ("tenure_theil_h", "wage_gini", "dissimilarity")


def _lang(result: Result) -> str:
    return result.params.lang


def format_indicator(name: str, value: object, lang: str) -> str:
    """An indicator value for readers: shares in percent, indices with three decimals, tkr with one."""
    if value is None or pd.isna(value):
        return "–"
    if name in SHARES:
        return format_percent(float(value), 1, lang)
    if name in INDEXES:
        return format_number(float(value), 3, lang)
    return format_number(float(value), 1 if name == "mean_tkr" else 0, lang)


def _style(frame: pd.DataFrame, left: tuple[str, ...] = (), lang: str = "sv") -> Styler:
    """``frame`` (already text for readers) as an escaped table; ``left`` columns are text, whatever they
    hold."""
    return render.table(frame, lang=lang, left=tuple(left))


def _markdown(text: str) -> Markdown:
    return render.markdown(text)


# --------------------------------------------------------------------------- summary and indicators


def summary_text(result: Result) -> str:
    """One paragraph: the municipality, the years and how many indicators and gaps there are."""
    lang = _lang(result)
    years = f"{result.years[0]}–{result.years[-1]}" if result.years else "–"
    kommun = render.escape_markdown(result.kommun)
    if lang == "en":
        return (
            f"**{kommun} ({result.kommun_kod})**, {years}: {len(INDICATORS)} indicators from the source, "
            f"access indicators for {len(result.access)} service types, {len(result.gaps)} data gaps."
        )
    return (
        f"**{kommun} ({result.kommun_kod})**, {years}: {len(INDICATORS)} indikatorer ur källan, "
        f"tillgänglighetsindikatorer för {len(result.access)} typer av service, "
        f"{len(result.gaps)} dataluckor."
    )


def show_summary(result: Result) -> Markdown:
    """The summary paragraph (what the notebook shows under the analysis)."""
    return _markdown(summary_text(result))


def indicator_label(name: str, lang: str) -> str:
    """The indicator's name for the municipality and region rows, marked approximate where it is."""
    return words(f"{name}_approx" if name in APPROXIMATE else name, lang)


def wage_note(result: Result) -> str:
    """Why the municipality's and region's wage figures are approximate."""
    return words("wage_note", _lang(result))


def show_wage_note(result: Result) -> Markdown:
    """The note on the approximate wage figures."""
    return _markdown(wage_note(result))


def indicator_table(result: Result) -> pd.DataFrame:
    """Indicator × level rows with one column per year, values formatted for readers."""
    lang, rows = _lang(result), []
    for name, dimension in INDICATORS:
        for scope in ("municipality", "region"):
            part = result.overview[result.overview["scope"] == scope].set_index("year")[name]
            rows.append(
                {
                    words("indicator", lang): indicator_label(name, lang),
                    words("dimension", lang): words(dimension, lang),
                    words("scope", lang): words(scope, lang),
                    **{str(y): format_indicator(name, part.get(y), lang) for y in result.years},
                }
            )
    return pd.DataFrame(rows)


def show_indicators(result: Result) -> Styler:
    """Every indicator for the municipality and the region, year by year."""
    lang = _lang(result)
    return _style(
        indicator_table(result), (words("indicator", lang), words("dimension", lang), words("scope", lang))
    )


def show_areas(result: Result, year: int | None = None) -> Styler:
    """The municipality's areas in ``year`` (default the latest)."""
    lang = _lang(result)
    year = result.years[-1] if year is None else year
    frame = result.areas[result.areas["year"] == year]
    columns = ("area_name", "population", "share_hyresratt", "share_born_abroad", "mean_tkr", "omradestyp")
    shown = pd.DataFrame(
        {
            words(c, lang): (
                frame[c].astype(str)
                if c == "area_name"
                else frame[c].map(lambda v, c=c: _area_value(c, v, lang))
            )
            for c in columns
        }
    )
    return _style(shown, (words("area_name", lang),))


def _area_value(name: str, value: object, lang: str) -> str:
    if name == "omradestyp":
        return "–" if pd.isna(value) else str(int(value))
    return format_indicator(name, value, lang)


def plot_indicators(result: Result) -> Figure:
    """Small multiples: each indicator over the years for the municipality and the region."""
    lang = _lang(result)
    fig, grid = charts.figure(2, 4, figsize=(15.0, 6.5))
    for ax, (name, _dimension) in zip(grid.ravel(), INDICATORS, strict=False):
        for scope, colour in (
            ("municipality", charts.PALETTE[0]),
            ("region", charts.REFERENCE_COLOURS["region"]),
        ):
            part = result.overview[result.overview["scope"] == scope]
            ax.plot(part["year"], part[name], marker="o", color=colour, label=words(scope, lang))
        ax.set_title(indicator_label(name, lang), fontsize="small", wrap=True)
        ax.set_xticks(list(result.years))
        if name in SHARES:
            charts.percent_axis(ax, "y", 1, lang)
        else:
            charts.number_axis(ax, "y", 3 if name in INDEXES else 0, lang)
    grid.ravel()[-1].set_axis_off()
    handles, labels = grid.ravel()[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower right", bbox_to_anchor=(0.95, 0.15), fontsize="small")
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- access indicators


def access_text(result: Result) -> str:
    """What the access indicators are and where they come from, or why they are missing."""
    from labkit.methods.accessibility.text import words as access_words

    lang, res = _lang(result), result.access_result
    if res is None and result.access_reason:
        return render.escape_markdown(result.access_reason)
    if result.access.empty or res is None:
        return words("access_missing", lang)
    paragraphs = [words("access_intro", lang, year=res.year, travel=access_words(res.travel, lang))]
    if result.access_synthetic:
        paragraphs.insert(0, words("access_synthetic", lang))
    return "\n\n".join(paragraphs)


def show_access_note(result: Result) -> Markdown:
    """The note above the access indicators (synthetic data first)."""
    return _markdown(access_text(result))


def access_table(result: Result) -> pd.DataFrame:
    """Per service type: the gap it fills, count, mean minutes, share within 20 min, the born-abroad ratio."""
    from labkit.methods.accessibility.text import words as access_words

    lang = _lang(result)
    rows = [
        {
            words("service_type", lang): access_words(row["type"], lang).capitalize(),
            words("gap_covered", lang): words(f"gap_{row['gap']}", lang),
            words("n_services", lang): str(int(row["n_services"])),
            words("mean_minutes", lang): _number(row["mean_minutes"], 1, lang),
            words("share_within_20min", lang): _percent(row["share_within_20min"], lang),
            words("ratio_born_abroad", lang): _number(row["ratio_born_abroad"], 2, lang),
        }
        for row in result.access.to_dict("records")
    ]
    columns = [
        words(k, lang)
        for k in (
            "service_type",
            "gap_covered",
            "n_services",
            "mean_minutes",
            "share_within_20min",
            "ratio_born_abroad",
        )
    ]
    return pd.DataFrame(rows, columns=columns)


def _number(value: object, decimals: int, lang: str) -> str:
    return "–" if value is None or pd.isna(value) else format_number(float(value), decimals, lang)


def _percent(value: object, lang: str) -> str:
    return "–" if value is None or pd.isna(value) else format_percent(float(value), 0, lang)


def _upstream_missing(result: Result) -> Markdown | None:
    """Why the accessibility result is missing, shown instead of an empty table (None when it is here)."""
    if result.access_result is None and result.access_reason:
        return _markdown(access_text(result))
    return None


def show_access(result: Result) -> Styler | Markdown:
    """The access indicators as a table (synthetic services named in the caption), or why they are missing."""
    missing = _upstream_missing(result)
    if missing is not None:
        return missing
    table = access_table(result)
    styler = _style(table, tuple(table.columns[:2]))
    return (
        styler.set_caption(render.escape_html(words("access_synthetic", _lang(result)).replace("**", "")))
        if result.access_synthetic
        else styler
    )


def access_area_table(result: Result) -> pd.DataFrame:
    """Minutes to the nearest service per area (rows) and service type (columns), formatted for readers."""
    from labkit.methods.accessibility.text import words as access_words

    lang, frame = _lang(result), result.access_areas
    types = [c for c in frame.columns if c not in ("area_code", "area_name", "population")]
    shown = {
        words("area_name", lang): frame["area_name"].astype(str),
        words("population", lang): frame["population"].map(lambda v: _number(v, 0, lang)),
    }
    for kind in types:
        shown[access_words(kind, lang).capitalize()] = frame[kind].map(lambda v: _number(v, 1, lang))
    return pd.DataFrame(shown)


def show_access_areas(result: Result) -> Styler | Markdown:
    """Minutes to the nearest service of each type, area by area, or why they are missing."""
    missing = _upstream_missing(result)
    if missing is not None:
        return missing
    table = access_area_table(result)
    return _style(table, (table.columns[0],))


def show_participation(result: Result) -> Styler:
    """Participants and how well områdestyp 1-2 is represented among them (counts under 5 suppressed)."""
    lang, part = _lang(result), result.participation
    suppressed = words("suppressed", lang)
    rows = [
        (
            "participants",
            "–"
            if part["participants"] is None and not part["suppressed"]
            else (suppressed if part["participants"] is None else str(part["participants"])),
        ),
        ("with_area", suppressed if part["with_area"] is None else str(part["with_area"])),
        ("share_challenged", _share(part["share_challenged"], lang)),
        ("population_share_challenged", _share(part["population_share_challenged"], lang)),
        (
            "representation_ratio",
            "–"
            if part["representation_ratio"] is None
            else format_number(part["representation_ratio"], 2, lang),
        ),
    ]
    frame = pd.DataFrame(
        [(words(k, lang), v) for k, v in rows], columns=[words("indicator", lang), words("value", lang)]
    )
    return _style(frame, (words("indicator", lang),))


def _share(value: float | None, lang: str) -> str:
    return "–" if value is None else format_percent(value, 0, lang)


def gap_table(result: Result) -> pd.DataFrame:
    """The data gaps: what GR's definition needs, and where the data could come from."""
    lang = _lang(result)
    return pd.DataFrame(
        [
            (words(f"gap_{g}", lang), words(f"gap_{g}_needed", lang), words(f"gap_{g}_where", lang))
            for g in result.gaps
        ],
        columns=[words("indicator", lang), words("needed", lang), words("where", lang)],
    )


def show_gaps(result: Result) -> Styler:
    """The data gaps as a table."""
    table = gap_table(result)
    return _style(table, tuple(table.columns))


# --------------------------------------------------------------------------- difference-in-differences


def did_text(result: Result) -> str:
    """The plain-language reading of the estimate, the inference it follows, its limits and the
    intervention's origin.

    The sentence on whether the effect is told apart from zero follows the estimate's inference: placebo
    assignments (randomisation inference) with fewer than 10 intervention areas, else the standard errors.
    """
    lang, est, params = _lang(result), result.did, result.params
    paragraphs = [_origin_text(result)]
    if est is None:
        return "\n\n".join([*paragraphs, words("did_missing", lang, reason=result.did_problem)])
    outcome = params.outcome
    label = words(outcome, lang)
    paragraphs.append(
        words(
            "did_reading",
            lang,
            outcome=label[:1].lower() + label[1:],
            effect=effect_value(outcome, est.effect, lang),
            start=est.years_after[0],
            level=format_percent(est.confidence, 0, lang),
            low=effect_value(outcome, est.ci_low, lang),
            high=effect_value(outcome, est.ci_high, lang),
            p=format_number(est.p, 3, lang),
        )
    )
    paragraphs.extend(_inference_text(est, lang))
    paragraphs.append(_pre_trend_text(est, lang))
    paragraphs.append(
        words("did_limits", lang, treated=counted(est.n_treated, "area", lang), n_comparison=est.n_comparison)
    )
    if est.dropped_areas:
        paragraphs.append(
            words("did_dropped", lang, areas=render.escape_markdown(", ".join(est.dropped_areas)))
        )
    if result.synthetic:
        paragraphs.append(words("synthetic_did", lang))
    return "\n\n".join(paragraphs)


def _inference_text(est: DidEstimate, lang: str) -> list[str]:
    """Whether the effect is told apart from zero, and how the p-value and interval were found."""
    se = words(f"se_{est.standard_errors}", lang)
    alpha = format_percent(est.alpha, 0, lang)
    if est.inference != "randomisation":
        return [
            words("did_clear" if est.significant else "did_unclear", lang),
            words("did_method_model", lang, se=se, n_treated=est.n_treated),
        ]
    key = "did_clear_ri" if est.significant else "did_unclear_ri"
    share = format_percent(est.p, 1, lang)
    how = words("did_how_exact", lang) if est.exact else words("did_how_drawn", lang, seed=est.seed)
    texts = [
        words(key, lang, share=share[:1].upper() + share[1:], alpha=alpha, n_treated=est.n_treated),
        words(
            "did_method_ri",
            lang,
            n_treated=est.n_treated,
            assignments=_count(est.assignments, lang),
            n_areas=est.n_treated + est.n_comparison,
            how=how,
            alpha=alpha,
            se=se,
            model_p=format_number(est.model_p, 3, lang),
        ),
    ]
    if est.min_p is not None and est.min_p > est.alpha:
        texts.append(
            words(
                "did_min_p",
                lang,
                n_areas=est.n_treated + est.n_comparison,
                n_treated=est.n_treated,
                assignments=_count(est.assignments, lang),
                min_p=format_number(est.min_p, 3, lang),
                alpha=alpha,
            )
        )
    return texts


def _count(value: int | None, lang: str) -> str:
    return "–" if value is None else format_number(float(value), 0, lang)


def effect_value(outcome: str, value: float, lang: str) -> str:
    """An effect in the outcome's unit: tkr for wage income, percentage points for shares (±∞: no bound)."""
    if math.isinf(value):
        return "−∞" if value < 0 else "∞"
    if outcome == "mean_tkr":
        return (
            f"{format_number(value, 1, lang)} tkr"
            if lang == "sv"
            else f"SEK {format_number(value, 1, lang)} thousand"
        )
    unit = "procentenheter" if lang == "sv" else "percentage points"
    return f"{format_number(100 * value, 1, lang)} {unit}"


def _origin_text(result: Result) -> str:
    lang, frame = _lang(result), result.intervention
    if result.intervention_origin == "example":
        return words(
            "origin_example", lang, area=frame["area_code"].iloc[0], year=int(frame["start_year"].iloc[0])
        )
    return words(f"origin_{result.intervention_origin}", lang)


def _pre_trend_text(est: DidEstimate, lang: str) -> str:
    if est.pre_trend_p is None:
        return words("did_pretrend_none", lang)
    key = "did_pretrend_warn" if est.pre_trend_p < 0.05 else "did_pretrend_ok"
    return words(key, lang, p=format_number(est.pre_trend_p, 3, lang))


def show_did(result: Result) -> Markdown:
    """The plain-language reading of the difference-in-differences estimate."""
    return _markdown(did_text(result))


def did_table(result: Result) -> pd.DataFrame:
    """The estimate's figures as a two-column table (empty when there is no estimate)."""
    lang, est = _lang(result), result.did
    if est is None:
        return pd.DataFrame(columns=[words("indicator", lang), words("value", lang)])
    number = lambda v: format_number(v, 3, lang) if math.isfinite(v) else ("−∞" if v < 0 else "∞")
    rows = [
        ("effect", number(est.effect)),
        ("ci", f"{number(est.ci_low)} – {number(est.ci_high)}"),
        ("p", number(est.p)),
        ("inference", inference_label(est, lang)),
    ]
    if est.inference == "randomisation":
        rows.append(("model_p", number(est.model_p)))
    rows += [
        ("n_treated", str(est.n_treated)),
        ("n_comparison", str(est.n_comparison)),
        ("n_obs", str(est.n_obs)),
        ("years_before", ", ".join(map(str, est.years_before))),
        ("years_after", ", ".join(map(str, est.years_after))),
        ("pre_trend", "–" if est.pre_trend is None else number(est.pre_trend)),
        ("pre_trend_p", "–" if est.pre_trend_p is None else number(est.pre_trend_p)),
    ]
    level = format_percent(est.confidence, 0, lang)
    se = words(f"se_{est.standard_errors}", lang)
    frame = pd.DataFrame(
        [(words(k, lang, level=level, se=se), v) for k, v in rows],
        columns=[words("indicator", lang), words("value", lang)],
    )
    return frame


def inference_label(est: DidEstimate, lang: str) -> str:
    """Where the p-value and interval come from, e.g. "slumpinferens, 10 731 placebotilldelningar"."""
    if est.inference == "randomisation":
        return words("inference_randomisation", lang, assignments=_count(est.assignments, lang))
    return words("inference_model", lang, se=words(f"se_{est.standard_errors}", lang))


def show_did_table(result: Result) -> Styler:
    """The estimate, its interval, p-value, the inference they come from and what they rest on."""
    table = did_table(result)
    styler = _style(table, (table.columns[0],))
    if result.did is None:
        return styler
    lang = _lang(result)
    return styler.set_caption(
        render.escape_html(f"{words('inference', lang).capitalize()}: {inference_label(result.did, lang)}")
    )


def plot_trends(result: Result, ax: Axes | None = None) -> Axes | None:
    """Parallel trends: yearly means of intervention and comparison areas, the counterfactual, the start."""
    lang = _lang(result)
    if result.trends.empty:
        return charts.no_chart(ax, words("did_missing", lang, reason="").rstrip(": ") + ".")
    ax = charts.axes(ax, figsize=(8.0, 4.5))
    trends, start = result.trends, result.did.years_after[0]
    ax.plot(
        trends["year"], trends["treated"], marker="o", color=charts.PALETTE[5], label=words("treated", lang)
    )
    ax.plot(
        trends["year"],
        trends["comparison"],
        marker="s",
        color=charts.PALETTE[0],
        label=words("comparison", lang),
    )
    ax.plot(
        trends["year"],
        trends["counterfactual"],
        linestyle="--",
        color=charts.PALETTE[5],
        alpha=0.6,
        label=words("counterfactual", lang),
    )
    ax.axvline(start - 0.5, color="grey", linestyle=":", label=words("start", lang))
    ax.set_xticks(trends["year"].tolist())
    ax.set(xlabel=words("year", lang), ylabel=words(result.params.outcome, lang))
    if result.params.outcome in SHARES:
        charts.percent_axis(ax, "y", 1, lang)
    else:
        charts.number_axis(ax, "y", 0, lang)
    ax.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, frameon=False)
    return ax
