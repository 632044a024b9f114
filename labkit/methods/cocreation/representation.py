"""Who was in the room compared with who lives in the municipality: ratios, dissimilarity, χ², missing groups.

Representation ratio RR_g = (n_g/n)/(N_g/N), participant–population dissimilarity
D = ½ Σ_g |n_g/n − N_g/N| and a goodness-of-fit test of the participants' counts against the
population shares: Pearson's χ² when every expected count is at least 5 (Cochran's rule), otherwise
the exact multinomial test (every outcome no more likely than the one observed counts towards p),
enumerated when there are at most :data:`MAX_OUTCOMES` outcomes and estimated from
:data:`DRAWS` seeded multinomial draws when there are more. The comparison is made for the
participants who live in the municipality (their home area), by SCB/Delmos områdestyp or by area.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import comb, gammaln
from scipy.stats import chi2

from labkit.data.dataset import OMRADESTYP_LABELS

#: A group whose representation ratio is below this is under-represented (fewer than half its share).
UNDER = 0.5
#: A group whose representation ratio is above this is over-represented (more than twice its share).
OVER = 2.0
#: Expected counts below this make the χ² test approximate (Cochran's rule): the exact test is used instead.
MIN_EXPECTED = 5
#: The exact multinomial test enumerates every outcome up to this many; above it, Monte Carlo.
MAX_OUTCOMES = 200_000
#: Seeded multinomial draws of the Monte Carlo p-value.
DRAWS = 100_000
#: Relative tolerance when comparing an outcome's probability with the observed one (floating-point ties).
TIE = 1e-7
#: How the p-value was found: Pearson's χ², exact multinomial enumeration or seeded Monte Carlo.
P_METHODS = ("chi2", "exact", "monte_carlo")


@dataclass(frozen=True)
class Comparison:
    """Participants against the population in one set of groups.

    ``table`` has one row per group: ``group, label, participants, share, population,
    population_share, ratio, expected, status`` (``under``, ``over`` or ``""``). The figures are
    unsuppressed; :func:`suppress` hides small counts before anything is shown. ``p`` is the p-value
    the report shows, found by ``p_method`` (one of :data:`P_METHODS`); ``p_chi2`` is the asymptotic
    χ² p-value, always computed.
    """

    dimension: str
    table: pd.DataFrame
    n: int
    dissimilarity: float
    chi2: float
    df: int
    p_chi2: float
    p: float
    p_method: str

    @property
    def small_expected(self) -> bool:
        """True when some expected count is below :data:`MIN_EXPECTED` (the exact test gives ``p``)."""
        return bool((self.table["expected"] < MIN_EXPECTED).any())


def residents(participants: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """The participants whose home area is one of the municipality's areas, with that area's data."""
    people = participants[["pseudonym", "role", "age_band", "gender", "home_area"]]
    return people.merge(areas, left_on="home_area", right_on="area_code", how="inner")


def compare(
    counts: pd.Series, population: pd.Series, labels: pd.Series, dimension: str, seed: int = 0
) -> Comparison:
    """Compare participant ``counts`` per group with the ``population`` per group.

    Groups are the index of ``population`` (groups without population are left out); a group with no
    participant counts 0. χ² has one degree of freedom fewer than there are groups. When an expected
    count is below :data:`MIN_EXPECTED` the p-value is the exact multinomial one (``seed`` seeds the
    Monte Carlo draws when there are too many outcomes to enumerate).
    """
    population = population[population > 0].astype(float)
    counts = counts.reindex(population.index, fill_value=0).astype(int)
    n, total = int(counts.sum()), float(population.sum())
    share = counts / n if n else counts * np.nan
    population_share = population / total
    ratio = share / population_share
    expected = n * population_share
    statistic = float(((counts - expected) ** 2 / expected).sum()) if n else float("nan")
    df = len(population) - 1
    table = pd.DataFrame(
        {
            "group": population.index,
            "label": labels.reindex(population.index).to_numpy(),
            "participants": counts.to_numpy(),
            "share": share.to_numpy(),
            "population": population.to_numpy(),
            "population_share": population_share.to_numpy(),
            "ratio": ratio.to_numpy(),
            "expected": expected.to_numpy(),
        }
    )
    table["status"] = np.select([table["ratio"] < UNDER, table["ratio"] > OVER], ["under", "over"], "")
    p_chi2 = float(chi2.sf(statistic, df)) if n and df > 0 else float("nan")
    p, method = p_chi2, "chi2"
    if n and df > 0 and (expected < MIN_EXPECTED).any():
        p, method = exact_multinomial(counts.to_numpy(), population_share.to_numpy(), seed)
    return Comparison(
        dimension,
        table,
        n,
        float(0.5 * (share - population_share).abs().sum()) if n else float("nan"),
        statistic,
        df,
        p_chi2,
        p,
        method,
    )


def exact_multinomial(counts: np.ndarray, shares: np.ndarray, seed: int = 0) -> tuple[float, str]:
    """The exact multinomial goodness-of-fit p-value of ``counts`` under ``shares``, and how it was found.

    p is the total probability of the outcomes (ways to spread the n participants over the groups)
    that are no more likely than the observed one. With at most :data:`MAX_OUTCOMES` outcomes they
    are all enumerated (``"exact"``); otherwise p is the share of :data:`DRAWS` multinomial draws
    (seeded with ``seed``) no more likely than the observed counts, counting the observed itself:
    (1 + hits)/(1 + draws) (``"monte_carlo"``).
    """
    counts = np.asarray(counts, dtype=np.int64)
    shares = np.asarray(shares, dtype=float) / float(np.sum(shares))
    n, k = int(counts.sum()), len(counts)
    observed = _log_pmf(counts[None, :], shares)[0]
    threshold = observed + np.log1p(TIE)
    if comb(n + k - 1, k - 1, exact=True) <= MAX_OUTCOMES:
        outcomes = _compositions(n, k)
        log_p = _log_pmf(outcomes, shares)
        kept = log_p <= threshold
        return float(min(1.0, np.exp(log_p[kept]).sum())), "exact"
    draws = np.random.default_rng(seed).multinomial(n, shares, size=DRAWS)
    hits = int((_log_pmf(draws, shares) <= threshold).sum())
    return (1 + hits) / (1 + DRAWS), "monte_carlo"


def _log_pmf(outcomes: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """The multinomial log-probability of each row of ``outcomes`` (zero shares allow only zero counts)."""
    n = outcomes.sum(axis=1)
    with np.errstate(divide="ignore"):
        logs = np.log(shares)
    terms = np.where(outcomes > 0, outcomes * logs[None, :], 0.0)
    return gammaln(n + 1) - gammaln(outcomes + 1).sum(axis=1) + terms.sum(axis=1)


def _compositions(n: int, k: int) -> np.ndarray:
    """Every way to write n as an ordered sum of k counts ≥ 0 (stars and bars), one per row."""
    from itertools import combinations

    bars = np.array(list(combinations(range(n + k - 1), k - 1)), dtype=np.int64).reshape(-1, k - 1)
    edges = np.hstack([np.full((len(bars), 1), -1), bars, np.full((len(bars), 1), n + k - 1)])
    return np.diff(edges, axis=1) - 1


def by_area_type(people: pd.DataFrame, areas: pd.DataFrame, seed: int = 0) -> Comparison:
    """Residents in the room against the population by SCB/Delmos områdestyp (1–5)."""
    typed = areas[areas["omradestyp"].notna()]
    population = typed.groupby(typed["omradestyp"].astype(int))["population"].sum()
    counts = people[people["omradestyp"].notna()]["omradestyp"].astype(int).value_counts()
    labels = pd.Series({t: f"{t} {OMRADESTYP_LABELS.get(t, '')}".strip() for t in population.index})
    return compare(counts, population, labels, "omradestyp", seed)


def by_area(people: pd.DataFrame, areas: pd.DataFrame, seed: int = 0) -> Comparison:
    """Residents in the room against the population by home area."""
    population = areas.set_index("area_code")["population"]
    return compare(
        people["area_code"].value_counts(),
        population,
        areas.set_index("area_code")["area_name"],
        "area",
        seed,
    )


def suppress(table: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """Hide participant counts from 1 to ``min_cell - 1`` (and the share and ratio they reveal).

    Zero stays visible: nobody from a group is no one's personal data, and it is the finding that
    matters most. A ``suppressed`` column marks the hidden rows.
    """
    out = table.copy()
    hidden = (out["participants"] > 0) & (out["participants"] < min_cell)
    out["suppressed"] = hidden
    out["participants"] = out["participants"].astype("Int64").mask(hidden)
    for column in ("share", "ratio"):
        if column in out:
            out[column] = out[column].mask(hidden)
    if "status" in out:
        out["status"] = out["status"].mask(hidden, "")
    return out


def room(participants: pd.DataFrame, areas: pd.DataFrame) -> pd.DataFrame:
    """Participants per role: all, living in the municipality, elsewhere or not said (``role, ...``)."""
    inside = participants["home_area"].isin(areas["area_code"])
    given = participants["home_area"].notna()
    table = pd.DataFrame(
        {
            "role": participants["role"].fillna(""),
            "in_municipality": inside,
            "elsewhere": given & ~inside,
            "not_given": ~given,
        }
    )
    out = table.groupby("role", sort=False).agg(
        participants=("role", "size"),
        in_municipality=("in_municipality", "sum"),
        elsewhere=("elsewhere", "sum"),
        not_given=("not_given", "sum"),
    )
    return out.reset_index().astype(
        {c: "int64" for c in ("participants", "in_municipality", "elsewhere", "not_given")}
    )


def suppress_counts(table: pd.DataFrame, columns: list[str], min_cell: int) -> pd.DataFrame:
    """Hide every count from 1 to ``min_cell - 1`` in ``columns`` (as NA)."""
    out = table.copy()
    for column in columns:
        values = out[column].astype("Int64")
        out[column] = values.mask((values > 0) & (values < min_cell))
    return out


def missing_from_room(target_groups: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """The target-group analysis' groups and areas to invite, with the residents each area had in the room.

    One row per listed area (its highest-ranked group first): ``rank, area_code, area_name, groups``
    (the group labels, in rank order), ``participants`` (residents of the area in the room) and
    ``missing`` (nobody from the area took part). The participants' birth country, tenure and income
    are not recorded, so only the area can be checked, not the group itself.
    """
    if target_groups is None or target_groups.empty:
        return pd.DataFrame(columns=["rank", "area_code", "area_name", "groups", "participants", "missing"])
    listed = target_groups.sort_values("rank")
    grouped = listed.groupby("area_code", sort=False)
    table = pd.DataFrame(
        {
            "rank": grouped["rank"].min(),
            "area_name": grouped["area_name"].first(),
            "groups": grouped["label"].agg(lambda s: ", ".join(dict.fromkeys(s))),
        }
    )
    counts = people["area_code"].value_counts()
    table["participants"] = [int(counts.get(code, 0)) for code in table.index]
    table["missing"] = table["participants"] == 0
    return table.rename_axis("area_code").reset_index().sort_values("rank", ignore_index=True)
