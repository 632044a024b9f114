"""The prototyping analysis: register, tests per prototype, Beta posterior and the suggested decision."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from scipy import stats

from labkit.methods.prototyping.inputs import Inputs
from labkit.methods.prototyping.kinds import DECISIONS
from labkit.methods.prototyping.params import Params

STOP, AGAIN, PILOT = DECISIONS


@dataclass(frozen=True)
class Posterior:
    """The Beta posterior of a success rate: Beta(alpha, beta) after ``successes`` of ``n``."""

    alpha: float
    beta: float
    successes: int
    n: int

    @property
    def mean(self) -> float:
        """The posterior mean alpha / (alpha + beta)."""
        return self.alpha / (self.alpha + self.beta)

    def interval(self, level: float = 0.9) -> tuple[float, float]:
        """The equal-tailed credible interval."""
        tail = (1 - level) / 2
        return float(stats.beta.ppf(tail, self.alpha, self.beta)), float(
            stats.beta.ppf(1 - tail, self.alpha, self.beta)
        )

    def prob_above(self, rate: float) -> float:
        """P(success rate > ``rate``)."""
        return float(stats.beta.sf(rate, self.alpha, self.beta))


def posterior(successes: int, n: int, prior_alpha: float = 1.0, prior_beta: float = 1.0) -> Posterior:
    """The conjugate Beta posterior of a success rate after ``successes`` of ``n`` counted outcomes."""
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be from 0 to n ({n}), not {successes}")
    return Posterior(prior_alpha + successes, prior_beta + n - successes, successes, n)


def suggest(
    tests: int, criteria_met: int, post: Posterior | None, params: Params, people: int | None = None
) -> str:
    """The suggested decision of :class:`Params`'s documented rule for one series of tests.

    ``tests`` and ``criteria_met`` count the series' tests and those that met their criterion,
    ``post`` is the posterior of its counted outcomes (None without counts) and ``people`` how many
    took part in the series (for the rule without counts; defaults to ``post.n``).
    """
    if post is not None and post.n > 0:
        low, _ = post.interval(params.credible_level)
        if post.n >= params.min_trials and low > params.target_rate and criteria_met >= params.pilot_criteria:
            return PILOT
        if post.prob_above(params.target_rate) <= params.stop_probability:
            return STOP
        return AGAIN
    took_part = people if people is not None else 0
    if tests > 0 and criteria_met >= max(params.pilot_criteria, 1) and took_part >= params.min_trials:
        return PILOT
    if tests >= params.max_tests and criteria_met == 0:
        return STOP
    return AGAIN


def series(logs: pd.DataFrame, cards: pd.DataFrame, pool: bool = False) -> pd.Series:
    """The revision (1, 2, …) of each test in ``logs``: one more after each "testa igen" decision before it.

    A decision counts from the day after its learning card was written: a test on the same day as the
    decision belongs to the revision the decision was about (the timeline puts it first too). With
    ``pool`` every test is revision 1.
    """
    if pool or logs.empty:
        return pd.Series(1, index=logs.index, dtype="int64")
    again = cards[cards["decision"] == AGAIN]
    days = pd.to_datetime(again["created"], utc=True).dt.tz_localize(None).dt.normalize()
    decided = {proto: sorted(group) for proto, group in days.groupby(again["prototype"])}
    dates = pd.to_datetime(logs["date"])
    return pd.Series(
        [
            1 + sum(day < date for day in decided.get(proto, []))
            for proto, date in zip(logs["prototype"], dates, strict=True)
        ],
        index=logs.index,
        dtype="int64",
    )


@dataclass(frozen=True)
class Result:
    """Everything the prototyping report shows.

    ``register``: prototypes with their idea, target group, all tests, the current revision and its
    series (tests, criteria met, n, successes, posterior with the ``credible_level`` interval
    ``low``–``high``) and decisions. ``candidates``: top-ranked co-creation ideas not yet in the register.
    ``timeline``: tests and decisions in date order. ``cards``: test cards. ``learning``: learning cards.
    ``ranking_note`` and ``target_groups_note``: why the co-creation ranking or the target groups are missing
    (empty if here).
    """

    params: Params
    kommun_kod: str
    origin: str
    register: pd.DataFrame
    candidates: pd.DataFrame
    timeline: pd.DataFrame
    cards: pd.DataFrame
    learning: pd.DataFrame
    target_groups: tuple[str, ...]
    ranking_note: str = ""
    target_groups_note: str = ""


def analyse(inputs: Inputs, params: Params) -> Result:
    """Summarise every prototype's tests, posterior and decisions (no disk access)."""
    rec = inputs.records
    logs = rec["test_log"].assign(
        revision=series(rec["test_log"], rec["learning_card"], params.pool_revisions)
    )
    rows = [_summary(p, logs, rec["learning_card"], params) for p in rec["prototype"].itertuples()]
    columns = [
        "id",
        "title",
        "idea",
        "target_group",
        "tests",
        "revision",
        "series_tests",
        "criteria_met",
        "n",
        "successes",
        "success_rate_mean",
        "low",
        "high",
        "prob_above",
        "suggested_decision",
        "decision",
    ]
    register = pd.DataFrame(rows, columns=columns)
    return Result(
        params,
        inputs.kommun_kod,
        inputs.origin,
        register,
        candidates(inputs.ranking, rec["prototype"], params.top),
        timeline(rec["test_log"], rec["learning_card"]),
        rec["test_card"],
        rec["learning_card"],
        inputs.target_groups,
        inputs.ranking_note,
        inputs.target_groups_note,
    )


def _summary(proto: object, logs: pd.DataFrame, cards: pd.DataFrame, params: Params) -> dict:
    """One register row: all tests, and the current series' counts, posterior and suggested decision."""
    every = logs[logs["prototype"] == proto.id]
    revision = int(every["revision"].max()) if not every.empty else 1
    mine = every[every["revision"] == revision]
    counted = mine[mine["successes"].notna()]
    post = None
    if not counted.empty:
        post = posterior(
            int(counted["successes"].sum()), int(counted["n"].sum()), params.prior_alpha, params.prior_beta
        )
    met = int(mine["criterion_met"].fillna(False).sum())
    low, high = post.interval(params.credible_level) if post else (None, None)
    decided = cards[cards["prototype"] == proto.id].sort_values("created", kind="stable")
    return {
        "id": proto.id,
        "title": proto.title,
        "idea": _text(proto.idea),
        "target_group": _text(proto.target_group),
        "tests": len(every),
        "revision": revision,
        "series_tests": len(mine),
        "criteria_met": met,
        "n": int(mine["n"].sum()),
        "successes": post.successes if post else None,
        "success_rate_mean": post.mean if post else None,
        "low": low,
        "high": high,
        "prob_above": post.prob_above(params.target_rate) if post else None,
        "suggested_decision": suggest(len(mine), met, post, params, int(mine["n"].sum())),
        "decision": decided["decision"].iloc[-1] if not decided.empty else None,
    }


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) or value in ("None", "nan", "<NA>") else str(value)


def candidates(ranking: pd.DataFrame, prototypes: pd.DataFrame, top: int) -> pd.DataFrame:
    """The ``top`` highest-ranked co-creation ideas, marked with the prototype that already tests each."""
    best = ranking.head(top)[["rank", "idea", "text", "mean"]].reset_index(drop=True)
    made = dict(zip(prototypes["idea"], prototypes["id"], strict=True))
    best["prototype"] = pd.Series([made.get(i) for i in best["idea"]], dtype=object)
    return best


def timeline(logs: pd.DataFrame, cards: pd.DataFrame) -> pd.DataFrame:
    """Every test and decision in date order: prototype, date, event ("test" or "beslut") and what."""
    tests = pd.DataFrame(
        {
            "prototype": logs["prototype"],
            "date": pd.to_datetime(logs["date"]),
            "event": "test",
            "n": logs["n"],
            "criterion_met": logs["criterion_met"],
            "what": logs["outcome"],
        }
    )
    decided = pd.DataFrame(
        {
            "prototype": cards["prototype"],
            "date": pd.to_datetime(cards["created"]).dt.tz_localize(None).dt.normalize(),
            "event": "beslut",
            "n": pd.NA,
            "criterion_met": pd.NA,
            "what": cards["decision"],
        }
    )
    both = pd.concat([t for t in (tests, decided) if not t.empty]) if len(tests) + len(decided) else tests
    both["order"] = (both["event"] == "beslut").astype(int)
    both = both.sort_values(["prototype", "date", "order"], kind="stable", ignore_index=True).drop(
        columns="order"
    )
    both.insert(1, "iteration", both.groupby("prototype").cumcount() + 1 if not both.empty else [])
    return both
