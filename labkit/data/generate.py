"""Regenerate the bundled synthetic areas and the example workshop records in data/ from seeded code.

Run ``python -m labkit.data.generate [--out DIR] [--check]``. The only inputs are the two committed
facts files in ``data/bundled`` (cited SCB municipal totals). Everything is drawn from numpy's
``Generator(PCG64)`` as integers and combined with integer arithmetic only, so the files come out
byte-identical on every machine.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from labkit.data import bundled
from labkit.data.dataset import OMRADESTYP_LABELS
from labkit.errors import InputDataError, LabkitError

#: Seed of every random stream (the project's start date, 1 December 2017).
SEED = 20171201
#: Letter between municipality code and sequence number; SCB uses R (RegSO) and A, B, C (DeSO), never X.
AREA_LETTER = "X"
AREA_SIZE = (700, 8000)
#: Dissimilarity index (born abroad vs born in Sweden) accepted per municipality and year, in percent.
DISSIMILARITY_PERCENT = (12, 38)
MAX_BORN_ABROAD_PERMILLE = 600
DWELLINGS_PER_1000_PEOPLE = (280, 720)
MAX_ATTEMPTS = 20_000
AREA_TYPE_YEAR = 2022

# Random stream per municipality and part, so that changing one part leaves the others alone.
_POPULATION, _TENURE, _WAGE, _EXAMPLES = 1, 2, 3, 4


@dataclass(frozen=True)
class Town:
    """Calibration targets of one municipality, read from the cited facts."""

    code: str
    name: str
    n_areas: int
    totals: dict[int, dict[str, int]]
    wage_low: int
    wage_high: int
    type_counts: tuple[int, ...]


@dataclass(frozen=True)
class Areas:
    """The synthetic areas of one municipality: codes, names and yearly figures (wages in tenths of tkr)."""

    town: Town
    codes: list[str]
    names: list[str]
    total: dict[int, list[int]]
    born_abroad: dict[int, list[int]]
    tenure: dict[int, dict[str, list[int]]]
    wage: dict[int, list[int]]
    area_type: list[int]


# ----------------------------------------------------------------------------------------------
# Integer building blocks


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` that add up to ``total`` exactly.

    Largest-remainder rounding in integer arithmetic: each part gets the floor of its quota and the
    units left over go to the largest remainders (ties to the earlier part).

    Parameters
    ----------
    total
        A non-negative integer.
    weights
        Non-negative integers, at least one positive.

    Returns
    -------
    list of int
        One part per weight; ``sum(parts) == total``.
    """
    weight_sum = sum(weights)
    if total < 0 or weight_sum <= 0 or min(weights) < 0:
        raise ValueError(f"cannot allocate {total} over weights {list(weights)}")
    quotas = [total * w // weight_sum for w in weights]
    remainders = [total * w % weight_sum for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[: total - sum(quotas)]:
        quotas[i] += 1
    return quotas


def dissimilarity_ratio(group: Sequence[int], rest: Sequence[int]) -> Fraction:
    """Duncan's dissimilarity index ½ Σ |x_i/X − y_i/Y| as an exact fraction."""
    x_sum, y_sum = sum(group), sum(rest)
    numerator = sum(abs(x * y_sum - y * x_sum) for x, y in zip(group, rest))
    return Fraction(numerator, 2 * x_sum * y_sum)


def _rng(kommun_kod: str, part: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([SEED, int(kommun_kod), part])))


def _draw(rng: np.random.Generator, low: int, high: int, size: int) -> list[int]:
    """``size`` integers uniform on [low, high], as Python ints."""
    return [int(v) for v in rng.integers(low, high, size=size, endpoint=True)]


def _pick(rng: np.random.Generator, items: Sequence, weights: Sequence[int]):
    """One item, chosen with integer weights."""
    point = int(rng.integers(sum(weights)))
    for item, weight in zip(items, weights):
        if point < weight:
            return item
        point -= weight
    raise ValueError("weights must be positive")


def _drift(base: Sequence[int], per_mille: Sequence[int], year: int) -> list[int]:
    """Weights of ``year``, walked back from the last year at ``per_mille`` growth a year."""
    steps = bundled.YEARS[-1] - year
    return [max(1, b * (1000 - r * steps) // 1000) for b, r in zip(base, per_mille)]


def _tenths(value: int) -> str:
    return f"{value // 10}.{value % 10}"


def _letters(index: int) -> str:
    """A, B, …, Z, AA, AB, … for index 0, 1, …"""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


# ----------------------------------------------------------------------------------------------
# Calibration targets


def _town(row: pd.Series) -> Town:
    totals = {
        year: {name: int(row[f"{name}_{year}"]) for name in bundled.SERIES_COLUMNS} for year in bundled.YEARS
    }
    return Town(
        code=str(row["kommun_kod"]),
        name=str(row["kommun"]),
        n_areas=int(row["n_regso"]),
        totals=totals,
        wage_low=round(float(row["regso_wage_income_min_tkr_2023"]) * 10),
        wage_high=round(float(row["regso_wage_income_max_tkr_2023"]) * 10),
        type_counts=tuple(int(row[f"regso_omradestyp_{k}_2022"]) for k in range(1, 6)),
    )


def read_towns(facts_root: Path) -> list[Town]:
    """The calibration targets of every municipality in the facts files under ``facts_root/bundled``."""
    facts = bundled.municipality_facts(facts_root)
    towns = [_town(row) for _, row in facts.iterrows()]
    for index, town in enumerate(towns):
        if sum(town.type_counts) != town.n_areas:
            raise InputDataError(
                "områdestyp counts do not add up to n_regso",
                path=facts_root / "bundled" / bundled.FACTS_FILE,
                line=index + 2,
                column="regso_omradestyp_1_2022",
                expected=f"counts summing to {town.n_areas}",
                found=f"{sum(town.type_counts)} ({', '.join(str(c) for c in town.type_counts)})",
            )
    return towns


# ----------------------------------------------------------------------------------------------
# Population by birth region


def _population_candidate(rng: np.random.Generator, town: Town) -> tuple[dict, dict]:
    n = town.n_areas
    size, growth = _draw(rng, 35, 165, n), _draw(rng, -15, 25, n)
    factor, factor_drift = _draw(rng, 20, 100, n), _draw(rng, -20, 20, n)
    factor[int(rng.integers(n))] *= 2  # one area where people born abroad concentrate
    total, born_abroad = {}, {}
    for year in bundled.YEARS:
        target = town.totals[year]
        total[year] = allocate(target["population"], _drift(size, growth, year))
        weights = [t * f for t, f in zip(total[year], _drift(factor, factor_drift, year))]
        born_abroad[year] = allocate(target["born_abroad"], weights)
    return total, born_abroad


def _population_ok(total: dict, born_abroad: dict) -> bool:
    low, high = DISSIMILARITY_PERCENT
    for year in bundled.YEARS:
        people, abroad = total[year], born_abroad[year]
        if not all(AREA_SIZE[0] <= t <= AREA_SIZE[1] for t in people):
            return False
        if any(1000 * b > MAX_BORN_ABROAD_PERMILLE * t for b, t in zip(abroad, people)):
            return False
        index = dissimilarity_ratio(abroad, [t - b for t, b in zip(people, abroad)])
        if not Fraction(low, 100) <= index <= Fraction(high, 100):
            return False
    return True


def draw_population(town: Town) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Population and born abroad per area and year, summing exactly to the municipal totals."""
    rng = _rng(town.code, _POPULATION)
    for _ in range(MAX_ATTEMPTS):
        total, born_abroad = _population_candidate(rng, town)
        if _population_ok(total, born_abroad):
            return total, born_abroad
    raise RuntimeError(f"no plausible population split for {town.code} in {MAX_ATTEMPTS} attempts")


# ----------------------------------------------------------------------------------------------
# Dwellings by tenure


def _tenure_candidate(rng: np.random.Generator, town: Town, total: dict, born_abroad: dict) -> dict:
    n, last = town.n_areas, bundled.YEARS[-1]
    share = [1000 * b // t for b, t in zip(born_abroad[last], total[last])]
    # Rentals follow the born-abroad share; owner-occupied houses the opposite.
    propensity = {
        "hyresratt": [s + x for s, x in zip(share, _draw(rng, 0, 250, n))],
        "bostadsratt": _draw(rng, 5, 300, n),
        "aganderatt": [max(50, 900 - 2 * s) + x for s, x in zip(share, _draw(rng, 0, 300, n))],
        "missing": [1] * n,
    }
    tenure = {}
    for year in bundled.YEARS:
        tenure[year] = {
            name: allocate(town.totals[year][name], [t * p for t, p in zip(total[year], propensity[name])])
            for name in bundled.TENURES
        }
    return tenure


def _tenure_ok(tenure: dict, total: dict) -> bool:
    low, high = DWELLINGS_PER_1000_PEOPLE
    for year in bundled.YEARS:
        dwellings = [sum(parts) for parts in zip(*tenure[year].values())]
        if not all(low * t <= 1000 * d <= high * t for d, t in zip(dwellings, total[year])):
            return False
    return True


def draw_tenure(town: Town, total: dict, born_abroad: dict) -> dict[int, dict[str, list[int]]]:
    """Dwellings per tenure, area and year, summing exactly to the municipal totals per tenure."""
    rng = _rng(town.code, _TENURE)
    for _ in range(MAX_ATTEMPTS):
        tenure = _tenure_candidate(rng, town, total, born_abroad)
        if _tenure_ok(tenure, total):
            return tenure
    raise RuntimeError(f"no plausible tenure split for {town.code} in {MAX_ATTEMPTS} attempts")


# ----------------------------------------------------------------------------------------------
# Wage income and area type


def _wage_last_year(rng: np.random.Generator, town: Town, total: list[int], abroad: list[int]) -> list[int]:
    """Mean wage (tenths of tkr) of the last year: the real range, lower where more are born abroad."""
    n, low, high = town.n_areas, town.wage_low, town.wage_high
    hardship = [1000 * b // t + x for b, t, x in zip(abroad, total, _draw(rng, 0, 120, n))]
    # The max of two uniform draws leans high, as real RegSO incomes do; the ends sit near the real ends.
    inner = [max(a, b) for a, b in zip(_draw(rng, low, high, n - 2), _draw(rng, low, high, n - 2))]
    values = sorted([low + _draw(rng, 0, 4, 1)[0], high - _draw(rng, 0, 4, 1)[0], *inner])
    wage = [0] * n
    for rank, area in enumerate(sorted(range(n), key=lambda i: (-hardship[i], i))):
        wage[area] = values[rank]
    return wage


def draw_wage(town: Town, total: dict, born_abroad: dict) -> dict[int, list[int]]:
    """Mean wage income per area and year in tenths of tkr, within the real 2023 RegSO range."""
    rng = _rng(town.code, _WAGE)
    last = bundled.YEARS[-1]
    wage = {last: _wage_last_year(rng, town, total[last], born_abroad[last])}
    for year in reversed(bundled.YEARS[:-1]):
        change = _draw(rng, -25, 25, town.n_areas)
        wage[year] = [
            min(town.wage_high, max(town.wage_low, w * (1000 + c) // 1000))
            for w, c in zip(wage[year + 1], change)
        ]
    return {year: wage[year] for year in bundled.YEARS}


def assign_area_type(wage: list[int], codes: list[str], counts: Sequence[int]) -> list[int]:
    """Områdestyp 1-5 with the real counts, the lowest-income areas getting the lowest types."""
    kinds = [kind for kind, count in zip(range(1, 6), counts) for _ in range(count)]
    area_type = [0] * len(wage)
    for rank, area in enumerate(sorted(range(len(wage)), key=lambda i: (wage[i], codes[i]))):
        area_type[area] = kinds[rank]
    return area_type


def build_areas(town: Town) -> Areas:
    """Draw every synthetic figure of one municipality."""
    total, born_abroad = draw_population(town)
    wage = draw_wage(town, total, born_abroad)
    codes = [f"{town.code}{AREA_LETTER}{i + 1:03d}" for i in range(town.n_areas)]
    return Areas(
        town=town,
        codes=codes,
        names=[f"{town.name} område {_letters(i)}" for i in range(town.n_areas)],
        total=total,
        born_abroad=born_abroad,
        tenure=draw_tenure(town, total, born_abroad),
        wage=wage,
        area_type=assign_area_type(wage[AREA_TYPE_YEAR], codes, town.type_counts),
    )


# ----------------------------------------------------------------------------------------------
# CSV text


def csv_text(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """CSV with ``\\n`` line ends and minimal quoting; every value written with ``str``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[str(v) for v in row] for row in rows])
    return buffer.getvalue()


def _area_rows(areas: Areas) -> dict[str, list[list[object]]]:
    town, years = areas.town, bundled.YEARS
    rows: dict[str, list[list[object]]] = {name: [] for name in bundled.TABLE_SCHEMAS}
    for i, code in enumerate(areas.codes):
        rows["areas"].append([code, areas.names[i], town.code, town.name, "RegSO", True])
        for year in years:
            total, abroad = areas.total[year][i], areas.born_abroad[year][i]
            rows["population_by_birth_region"].append([code, year, total - abroad, abroad, total])
            rows["dwellings_by_tenure"].append(
                [code, year, *(areas.tenure[year][t][i] for t in bundled.TENURES)]
            )
            rows["wage_income"].append([code, year, _tenths(areas.wage[year][i])])
        kind = areas.area_type[i]
        rows["area_type"].append([code, AREA_TYPE_YEAR, kind, OMRADESTYP_LABELS[kind]])
    return rows


def bundled_files(all_areas: Sequence[Areas]) -> dict[str, str]:
    """The five canonical tables as CSV text, keyed by path relative to the data folder."""
    tables: dict[str, list[list[object]]] = {name: [] for name in bundled.TABLE_SCHEMAS}
    for areas in all_areas:
        for name, rows in _area_rows(areas).items():
            tables[name].extend(rows)
    return {
        f"bundled/{name}.csv": csv_text(list(bundled.TABLE_SCHEMAS[name]), rows)
        for name, rows in tables.items()
    }


# ----------------------------------------------------------------------------------------------
# Example workshop records (invented)

ROLES = ("invånare", "tjänsteperson", "byggaktör", "civilsamhälle")
RESIDENT_ROLES = ("invånare", "civilsamhälle")
AGE_BANDS = ("13-19", "20-34", "35-49", "50-64", "65-79", "80+")
WORKING_AGE_WEIGHTS = (0, 3, 4, 4, 1, 0)
SEXES = ("kvinna", "man", "annat")
LIKERT = (
    "Instämmer inte alls",
    "Instämmer till liten del",
    "Instämmer delvis",
    "Instämmer till stor del",
    "Instämmer helt",
)
DECISIONS = ("avsluta", "testa igen", "gör en pilot")
ADDITIONS = (
    "ja, och med start redan i höst",
    "ja, och tillsammans med civilsamhället",
    "ja, och med uppföljning efter ett år",
    "ja, och med de boende som medskapare",
    "ja, och i samarbete med allmännyttan",
    "ja, och med information på flera språk",
    "ja, och prövat först i ett område",
)
OUTCOMES = {
    "avsluta": (
        "Få deltagare använde lösningen",
        "Effekten gick inte att se och kostnaden blev hög",
        "Ingen förvaltning kan driva lösningen vidare",
    ),
    "testa igen": (
        "Intresset var stort men tiderna passade inte",
        "Deltagarna ville ändra utformningen",
        "För få deltagare för att dra slutsatser",
    ),
    "gör en pilot": (
        "Tydlig efterfrågan och positiva svar från deltagarna",
        "Målgruppen nåddes och en förvaltning vill ta över",
        "Testet visade en effekt som är värd att pröva i större skala",
    ),
}
QUESTIONS = (
    "Jag fick möjlighet att säga det jag tyckte",
    "Jag förstår hur förslagen tas vidare",
    "Jag tror att workshopen påverkar kommunens beslut",
    "Blandningen av deltagare var bra",
)
#: SKA aspects (Göteborg) with two invented goals each; scales are BKA's, stages those of a detailed plan.
GOALS = (
    ("Sammanhållen stad", "Nya gång- och cykelstråk ska knyta ihop området med centrum"),
    ("Sammanhållen stad", "Området ska ha en blandning av upplåtelseformer"),
    ("Samspel", "Det ska finnas mötesplatser för flera generationer"),
    ("Samspel", "Bottenvåningar mot gatan ska kunna användas av föreningar"),
    ("Vardagsliv", "Hållplats och matbutik ska nås inom 400 meter"),
    ("Vardagsliv", "Förskola och skola ska nås utan att korsa större vägar"),
    ("Identitet", "Platsens historia ska synas i utformningen"),
    ("Identitet", "Boende ska vara med och utforma den gemensamma platsen"),
    ("Hälsa och säkerhet", "Barn ska kunna gå och cykla tryggt till skolan"),
    ("Hälsa och säkerhet", "Gröna ytor ska finnas inom 300 meter från bostäderna"),
)
SCALES = ("Byggnad & plats", "Närmiljö", "Stadsdel", "Staden")
STAGES = ("samråd", "granskning", "antagande")
#: Next goal status: (choices, weights) given the status at the previous stage.
STATUS_STEPS = {
    "ej bedömt": (("ej bedömt", "delvis", "hotat"), (1, 3, 1)),
    "delvis": (("delvis", "uppfyllt", "hotat"), (2, 3, 1)),
    "hotat": (("hotat", "delvis"), (1, 2)),
    "uppfyllt": (("uppfyllt", "delvis"), (5, 1)),
}


@dataclass(frozen=True)
class Theme:
    """The invented workshop of one municipality: its challenge, idea pool and target groups."""

    challenge: str
    date: str
    role_weights: tuple[int, ...]
    age_weights: tuple[int, ...]
    target_groups: tuple[str, ...]
    effect: str
    ideas: tuple[str, ...]


THEMES = {
    "1402": Theme(
        challenge="Social konsekvensanalys för en ny detaljplan i centrum",
        date="2019-02-12",
        role_weights=(9, 5, 3, 3),
        age_weights=(1, 3, 4, 4, 3, 1),
        target_groups=("barn och unga i stadsdelen", "äldre boende", "boende i hyresrätt"),
        effect="röra sig tryggt och mötas i stadsdelen",
        ideas=(
            "Gångstråk som knyter ihop stadsdelen med centrum",
            "Lekplats mellan de nya husen och skolan",
            "Lokaler i bottenvåningen för föreningar",
            "Gröna gårdar som delas av flera kvarter",
            "Trygg passage under järnvägen",
            "Blandade lägenhetsstorlekar för stora familjer",
            "Mötesplats för äldre i det nya torghuset",
            "Bilfria gator runt skolan",
            "Hyresrätter med rimliga hyror i första etappen",
            "Samråd på flera språk",
            "Konst i det offentliga rummet gjord tillsammans med boende",
            "Cykelparkering nära hållplatsen",
        ),
    ),
    "1415": Theme(
        challenge="Bra boende för seniorer",
        date="2019-03-05",
        role_weights=(10, 5, 2, 3),
        age_weights=(0, 1, 2, 3, 6, 3),
        target_groups=("seniorer 65–79 år", "seniorer 80 år och äldre", "seniorer som bor ensamma"),
        effect="bo kvar tryggt i sin kommundel",
        ideas=(
            "Trygghetsboende nära vårdcentral och apotek",
            "Flexlinje med hållplats vid varje seniorboende",
            "Bänkar var 200:e meter längs gångvägarna",
            "Gemensamhetslokal med öppen lunch",
            "Hemtjänst och bostad i samma kvarter",
            "Mindre lägenheter i villaområden så att man kan bo kvar",
            "Belysta och snöröjda gångstråk till butiken",
            "Seniorråd som tycker till om detaljplaner",
            "Matbutik med hemleverans",
            "Generationsboende där unga och äldre möts",
            "Digital hjälp på biblioteket",
            "Trygghetsvandring med äldre varje höst",
        ),
    ),
    "1441": Theme(
        challenge="Bostäder för fler i centrala Lerum",
        date="2019-04-09",
        role_weights=(8, 5, 4, 3),
        age_weights=(1, 4, 4, 3, 3, 1),
        target_groups=(
            "unga vuxna som söker sin första bostad",
            "äldre som vill flytta från villa",
            "hushåll med låga inkomster",
        ),
        effect="hitta en bostad de har råd med",
        ideas=(
            "Mindre hyresrätter nära pendeltågsstationen",
            "Kooperativ hyresrätt för seniorer",
            "Kommunal hyresgaranti för unga vuxna",
            "Blandade upplåtelseformer i varje nytt kvarter",
            "Lägenheter med särskilda villkor spridda över kommunen",
            "Bostadsbyte mellan äldre i villa och barnfamiljer",
            "Gemensamhetslokal i varje nytt bostadsprojekt",
            "Tydligare behovsunderlag per kommundel",
            "Markanvisning med krav på lägre hyror i en del av lägenheterna",
            "Bostäder för personer med funktionsnedsättning nära service",
            "Studentlägenheter i ombyggda lokaler",
            "Gemensam bostadsförmedling för hela kommunen",
        ),
    ),
    "1462": Theme(
        challenge="Ungas inflytande över torget i centrum",
        date="2019-05-14",
        role_weights=(12, 4, 1, 3),
        age_weights=(8, 3, 2, 1, 1, 0),
        target_groups=("unga 13–19 år", "unga som bor utanför centralorten", "unga tjejer"),
        effect="använda och påverka torget",
        ideas=(
            "Belysning och sittplatser på torget efter mörkrets inbrott",
            "Scen för unga musiker",
            "Skatepark vid älven",
            "Gratis wifi och laddplatser",
            "Unga planerare som följer planarbetet",
            "Kvällsöppen fritidsgård nära busstationen",
            "Vägg för graffiti som byts varje säsong",
            "Digital förslagslåda i skolans app",
            "Odlingslådor som skolklasser sköter",
            "Tryggare gångväg mellan skolan och torget",
            "Pop-up-café som drivs av UF-företag",
            "Återkoppling till unga efter varje beslut",
        ),
    ),
    "1482": Theme(
        challenge="Fler unga vuxna i arbete eller studier",
        date="2019-01-22",
        role_weights=(9, 6, 2, 3),
        age_weights=(3, 5, 3, 3, 1, 0),
        target_groups=(
            "unga vuxna 18–24 år som varken arbetar eller studerar",
            "unga vuxna med försörjningsstöd",
            "nyanlända unga vuxna",
        ),
        effect="komma i arbete eller studier",
        ideas=(
            "Sommarjobb i kommunens parker för unga 16–19 år",
            "Mentorer från lokala företag för unga som inte studerar",
            "Öppen verkstad i centrum där unga kan prova yrken",
            "En lots som samlar stödet för unga 18–24 år",
            "Praktikplatser hos byggaktörer i nya bostadsprojekt",
            "Kvällsöppen studieverkstad på biblioteket",
            "Uppsökande arbete via föreningar i områden med hög arbetslöshet",
            "Körkortsstöd kopplat till praktik",
            "Språkcafé med fokus på arbetslivets ord",
            "Ungdomsråd som följer upp insatserna varje halvår",
            "Sociala klausuler i markanvisningar",
            "Gemensam uppföljning av kostnader mellan socialtjänst och arbetsmarknadsenhet",
        ),
    ),
}


def _participants(rng: np.random.Generator, theme: Theme, areas: Areas) -> list[list[object]]:
    last = bundled.YEARS[-1]
    # Residents of better-off areas come more often, as in many real workshops.
    area_weights = [t * (k + 1) for t, k in zip(areas.total[last], areas.area_type)]
    rows = []
    for number in range(1, int(rng.integers(16, 24, endpoint=True)) + 1):
        role = _pick(rng, ROLES, theme.role_weights)
        resident = role in RESIDENT_ROLES
        age = _pick(rng, AGE_BANDS, theme.age_weights if resident else WORKING_AGE_WEIGHTS)
        area = _pick(rng, range(len(areas.codes)), area_weights) if resident else None
        code = "" if area is None else areas.codes[area]
        kind = "" if area is None else areas.area_type[area]
        rows.append([f"P{number:02d}", role, age, _pick(rng, SEXES, (50, 47, 3)), code, kind, True])
    return rows


def _ideas(rng: np.random.Generator, theme: Theme, participants: list[list[object]]) -> list[list[object]]:
    """Three brainwriting rounds: new ideas from the pool, or "ja, och…" on an earlier idea."""
    pool = [theme.ideas[i] for i in rng.permutation(len(theme.ideas))]
    rows: list[list[object]] = []
    roots: list[str] = []
    for round_number in (1, 2, 3):
        earlier = len(rows)
        for _ in range(_draw(rng, 6, 9, 1)[0]):
            author = participants[int(rng.integers(len(participants)))][0]
            if pool and (round_number == 1 or int(rng.integers(2)) == 0):
                parent, root, text = "", pool.pop(), None
            else:
                index = int(rng.integers(earlier))
                parent, root = rows[index][0], roots[index]
                text = f"{root} – {_pick(rng, ADDITIONS, [1] * len(ADDITIONS))}"
            roots.append(root)
            rows.append([f"I{len(rows) + 1:02d}", round_number, author, parent, text or root, True])
    return rows


def _votes(rng: np.random.Generator, participants: list, ideas: list) -> list[list[object]]:
    """Scores 1-4 on a shortlist of eight ideas; nobody votes on their own idea."""
    shortlist = sorted(int(i) for i in rng.permutation(len(ideas))[:8])
    quality = _draw(rng, 1, 4, len(shortlist))
    rows = []
    for person in participants:
        for index, level in zip(shortlist, quality):
            idea_id, author = ideas[index][0], ideas[index][2]
            if author != person[0]:
                score = min(4, max(1, level + _pick(rng, (-1, 0, 1), (1, 2, 1))))
                rows.append([person[0], idea_id, score, True])
    return rows


def _ranking(votes: list[list[object]]) -> list[str]:
    """Idea ids by mean score, best first (ties by id)."""
    sums: dict[str, list[int]] = {}
    for _, idea_id, score, _ in votes:
        sums.setdefault(idea_id, []).append(score)
    return sorted(sums, key=lambda i: (-Fraction(sum(sums[i]), len(sums[i])), i))


def _prototypes(theme: Theme, ideas: list, votes: list) -> list[list[object]]:
    by_id = {row[0]: row for row in ideas}
    rows = []
    for number, idea_id in enumerate(_ranking(votes)[:3], start=1):
        title = by_id[idea_id][4].split(" – ")[0]
        group = theme.target_groups[number - 1]
        hypothesis = (
            f"Om vi testar {title[0].lower()}{title[1:]} blir det lättare för {group} att {theme.effect}."
        )
        rows.append([f"PR{number}", idea_id, title, group, hypothesis, True])
    return rows


def _tests(rng: np.random.Generator, theme: Theme, prototypes: list) -> list[list[object]]:
    start = datetime.date.fromisoformat(theme.date)
    rows = []
    for number, prototype in enumerate(prototypes):
        rounds = _draw(rng, 1, 3, 1)[0]
        for round_number in range(1, rounds + 1):
            day = start + datetime.timedelta(days=35 + 7 * number + 42 * (round_number - 1))
            decision = _pick(rng, DECISIONS, (2, 3, 3)) if round_number == rounds else "testa igen"
            outcome = _pick(rng, OUTCOMES[decision], (1, 1, 1))
            rows.append(
                [
                    prototype[0],
                    round_number,
                    day.isoformat(),
                    _draw(rng, 5, 40, 1)[0],
                    outcome,
                    decision,
                    True,
                ]
            )
    return rows


def _survey(rng: np.random.Generator, theme: Theme, n_participants: int) -> list[list[object]]:
    own = f"Förslagen gör det lättare för {theme.target_groups[0]} att {theme.effect}"
    weights = ((1, 2, 4, 6, 4), (2, 4, 5, 4, 2), (3, 5, 5, 3, 1), (1, 2, 4, 6, 3), (1, 3, 5, 5, 2))
    rows = []
    for number in range(1, _draw(rng, n_participants - 5, n_participants, 1)[0] + 1):
        for question, weight in zip((*QUESTIONS, own), weights):
            rows.append([f"R{number:02d}", question, _pick(rng, LIKERT, weight), True])
    return rows


def _ska_goals(rng: np.random.Generator) -> list[list[object]]:
    chosen = sorted(int(i) for i in rng.permutation(len(GOALS))[:5])
    rows = []
    for number, index in enumerate(chosen, start=1):
        aspect, goal = GOALS[index]
        scale = _pick(rng, SCALES, (1, 2, 2, 1))
        status = _pick(rng, ("ej bedömt", "delvis"), (1, 1))
        for stage in STAGES:
            rows.append([f"G{number}", aspect, scale, goal, stage, status, True])
            status = _pick(rng, *STATUS_STEPS[status])
    return rows


def example_files(areas: Areas) -> dict[str, str]:
    """The invented workshop records of one municipality as CSV text, keyed by relative path."""
    theme = THEMES[areas.town.code]
    rng = _rng(areas.town.code, _EXAMPLES)
    participants = _participants(rng, theme, areas)
    ideas = _ideas(rng, theme, participants)
    votes = _votes(rng, participants, ideas)
    prototypes = _prototypes(theme, ideas, votes)
    tables = {
        "participants": participants,
        "ideas": ideas,
        "votes": votes,
        "prototypes": prototypes,
        "tests": _tests(rng, theme, prototypes),
        "survey": _survey(rng, theme, len(participants)),
        "ska_goals": _ska_goals(rng),
    }
    folder = f"examples/{areas.town.code}"
    return {
        f"{folder}/{name}.csv": csv_text(list(bundled.EXAMPLE_SCHEMAS[name]), rows)
        for name, rows in tables.items()
    }


def examples_readme(all_areas: Sequence[Areas]) -> str:
    """data/examples/README.md: says in Swedish and English that the records are invented."""
    lines = [
        "# Exempel på workshopdata: påhittade",
        "",
        "Allt i den här mappen är **påhittat**. Deltagare, idéer, röster, prototyper, tester, enkätsvar och",
        "SKA-mål är genererade av `python -m labkit.data.generate` med ett fast frö. De beskriver inga verkliga",
        "workshoppar och inga verkliga personer; varje rad har kolumnen `is_example` = True. Områdeskoderna",
        "pekar på de syntetiska områdena i `../bundled` (bokstaven X används aldrig av SCB).",
        "",
        "*English: every record in this folder is invented (seeded), describes no real workshop or person,",
        "and carries `is_example` = True. Read them with `labkit.data.bundled.example_records(kommun_kod, name)`.*",
        "",
        "| kommun | mapp | påhittad utmaning |",
        "|---|---|---|",
    ]
    lines += [f"| {a.town.name} | `{a.town.code}/` | {THEMES[a.town.code].challenge} |" for a in all_areas]
    lines += ["", "| fil | kolumner |", "|---|---|"]
    lines += [f"| `{name}.csv` | {', '.join(schema)} |" for name, schema in bundled.EXAMPLE_SCHEMAS.items()]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------------
# Files on disk


def build_files(facts_root: Path) -> dict[str, str]:
    """Every generated file as text, keyed by path relative to the data folder."""
    all_areas = [build_areas(town) for town in read_towns(facts_root)]
    files = bundled_files(all_areas)
    for areas in all_areas:
        if areas.town.code in THEMES:
            files.update(example_files(areas))
    files["examples/README.md"] = examples_readme([a for a in all_areas if a.town.code in THEMES])
    return files


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _facts_root(out_dir: Path) -> Path:
    """Read the facts from ``out_dir`` when it has them, else from the repository's data folder."""
    if (out_dir / "bundled" / bundled.FACTS_FILE).is_file():
        return out_dir
    return bundled.default_data_dir()


def generate(out_dir: str | Path | None = None) -> list[Path]:
    """Regenerate the bundled tables and example records under ``out_dir``.

    Parameters
    ----------
    out_dir
        The data folder to write (default: the repository's ``data/``). The facts files are read from
        ``out_dir/bundled`` when present, else from the repository, and then copied beside the tables.

    Returns
    -------
    list of Path
        The files written, sorted.

    Raises
    ------
    InputDataError
        When a facts file is missing or malformed.
    """
    out = bundled.default_data_dir() if out_dir is None else Path(out_dir)
    source = _facts_root(out)
    files = {relative: text.encode("utf-8") for relative, text in build_files(source).items()}
    if source.resolve() != out.resolve():
        for name in (bundled.FACTS_FILE, bundled.SERIES_FILE):
            files[f"bundled/{name}"] = (source / "bundled" / name).read_bytes()
    for relative, data in sorted(files.items()):
        write_atomic(out / relative, data)
    return sorted(out / relative for relative in files)


def _owned(folder: Path) -> set[str]:
    """Files under the generator's folders (bundled/, examples/), relative to ``folder``."""
    found = set()
    for part in ("bundled", "examples"):
        if (folder / part).is_dir():
            found |= {p.relative_to(folder).as_posix() for p in (folder / part).rglob("*") if p.is_file()}
    return found


def check(data_dir: str | Path | None = None) -> list[str]:
    """Regenerate into a temporary folder and list the files that differ from ``data_dir``.

    Returns
    -------
    list of str
        Relative paths that differ, are missing (``"<path> (missing)"``) or are not produced by the
        generator (``"<path> (unexpected)"``); empty when ``data_dir`` is up to date.
    """
    folder = bundled.default_data_dir() if data_dir is None else Path(data_dir)
    with tempfile.TemporaryDirectory(prefix="labkit-generate-") as temporary:
        fresh = Path(temporary)
        shutil.copytree(_facts_root(folder) / "bundled", fresh / "bundled")
        generate(fresh)
        expected, present = _owned(fresh), _owned(folder)
        differing = [f"{p} (missing)" for p in sorted(expected - present)]
        differing += [
            p for p in sorted(expected & present) if (fresh / p).read_bytes() != (folder / p).read_bytes()
        ]
        differing += [f"{p} (unexpected)" for p in sorted(present - expected)]
    return differing


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: regenerate data/ (default) or check it with ``--check``; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m labkit.data.generate", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="data folder to write or check (default: repo data/)"
    )
    parser.add_argument(
        "--check", action="store_true", help="regenerate into a temp folder and compare byte for byte"
    )
    args = parser.parse_args(argv)
    target = bundled.default_data_dir() if args.out is None else args.out
    try:
        if args.check:
            differing = check(target)
            for line in differing:
                print(f"differs: {line}", file=sys.stderr)
            print(f"{target}: {'up to date' if not differing else f'{len(differing)} file(s) differ'}")
            return 1 if differing else 0
        written = generate(target)
    except LabkitError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} files under {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
