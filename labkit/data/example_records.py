"""Invented example workshop records (data/examples/<kommun_kod>/), drawn from seeded integer streams.

Every table is labelled ``is_example`` = True; participants are ``P01``, ``P02``, … and stakeholders are
organisations, never private persons. :func:`example_files` is called by :mod:`labkit.data.generate`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import cast

import numpy as np

from labkit.data import bundled
from labkit.data.generate import Areas, csv_text, draw, pick, rng_stream

# Random streams: the first tables (participants … ska_goals) keep their original stream so that they
# stay byte-identical; the tables added later draw from their own stream.
_EXAMPLES, _MORE_EXAMPLES = 4, 5

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
#: The SKA matrix's aspects (rows), phases and assessments, as labkit.methods.ska.kinds spells them.
ASPECTS = ("Sammanhållen stad", "Samspel", "Vardagsliv", "Identitet", "Hälsa och säkerhet")
PHASES = ("inventering", "åtgärder", "konsekvenser")
ASSESSMENTS = ("-", "0", "+")
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
        role = pick(rng, ROLES, theme.role_weights)
        resident = role in RESIDENT_ROLES
        age = pick(rng, AGE_BANDS, theme.age_weights if resident else WORKING_AGE_WEIGHTS)
        area = pick(rng, range(len(areas.codes)), area_weights) if resident else None
        code = "" if area is None else areas.codes[area]
        kind = "" if area is None else areas.area_type[area]
        rows.append([f"P{number:02d}", role, age, pick(rng, SEXES, (50, 47, 3)), code, kind, True])
    return rows


def _ideas(rng: np.random.Generator, theme: Theme, participants: list[list[object]]) -> list[list[object]]:
    """Three brainwriting rounds: new ideas from the pool, or "ja, och…" on an earlier idea."""
    pool = [theme.ideas[i] for i in rng.permutation(len(theme.ideas))]
    rows: list[list[object]] = []
    roots: list[str] = []
    for round_number in (1, 2, 3):
        earlier = len(rows)
        for _ in range(draw(rng, 6, 9, 1)[0]):
            author = participants[int(rng.integers(len(participants)))][0]
            if pool and (round_number == 1 or int(rng.integers(2)) == 0):
                parent, root, text = "", pool.pop(), None
            else:
                index = int(rng.integers(earlier))
                parent, root = str(rows[index][0]), roots[index]
                text = f"{root} – {pick(rng, ADDITIONS, [1] * len(ADDITIONS))}"
            roots.append(root)
            rows.append([f"I{len(rows) + 1:02d}", round_number, author, parent, text or root, True])
    return rows


def _votes(rng: np.random.Generator, participants: list, ideas: list) -> list[list[object]]:
    """Scores 1-4 on a shortlist of eight ideas; nobody votes on their own idea."""
    shortlist = sorted(int(i) for i in rng.permutation(len(ideas))[:8])
    quality = draw(rng, 1, 4, len(shortlist))
    rows = []
    for person in participants:
        for index, level in zip(shortlist, quality):
            idea_id, author = ideas[index][0], ideas[index][2]
            if author != person[0]:
                score = min(4, max(1, level + pick(rng, (-1, 0, 1), (1, 2, 1))))
                rows.append([person[0], idea_id, score, True])
    return rows


def _ranking(votes: list[list[object]]) -> list[str]:
    """Idea ids by mean score, best first (ties by id)."""
    sums: dict[str, list[int]] = {}
    for _, idea_id, score, _ in votes:
        sums.setdefault(str(idea_id), []).append(cast(int, score))
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
        rounds = draw(rng, 1, 3, 1)[0]
        for round_number in range(1, rounds + 1):
            day = start + datetime.timedelta(days=35 + 7 * number + 42 * (round_number - 1))
            decision = pick(rng, DECISIONS, (2, 3, 3)) if round_number == rounds else "testa igen"
            outcome = pick(rng, OUTCOMES[decision], (1, 1, 1))
            rows.append(
                [
                    prototype[0],
                    round_number,
                    day.isoformat(),
                    draw(rng, 5, 40, 1)[0],
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
    for number in range(1, draw(rng, n_participants - 5, n_participants, 1)[0] + 1):
        for question, weight in zip((*QUESTIONS, own), weights):
            rows.append([f"R{number:02d}", question, pick(rng, LIKERT, weight), True])
    return rows


def _ska_goals(rng: np.random.Generator) -> list[list[object]]:
    chosen = sorted(int(i) for i in rng.permutation(len(GOALS))[:5])
    rows = []
    for number, index in enumerate(chosen, start=1):
        aspect, goal = GOALS[index]
        scale = pick(rng, SCALES, (1, 2, 2, 1))
        status = pick(rng, ("ej bedömt", "delvis"), (1, 1))
        for stage in STAGES:
            rows.append([f"G{number}", aspect, scale, goal, stage, status, True])
            status = pick(rng, *STATUS_STEPS[status])
    return rows


# ----------------------------------------------------------------------------------------------
# Tables added later (their own random stream)

#: Steps of Boverket's delaktighetstrappa reached by each example activity, with the day relative to the
#: workshop.
ACTIVITIES = (
    ("Informationsmöte om utmaningen", "information", -21, "Öppet möte i biblioteket; alla boende bjöds in"),
    ("Enkät om behoven", "konsultation", -14, "Korta frågor på papper och på webben"),
    (
        "Workshop med brainwriting och prioritering",
        "delaktighet",
        0,
        "Deltagarna skrev, byggde vidare och röstade",
    ),
    (
        "Gemensamt beslut om vilka prototyper som testas",
        "medbestämmande",
        21,
        "Deltagarna och förvaltningen valde tillsammans",
    ),
)
#: Dots each participant may place (Innovationsguiden's three dots).
DOTS_PER_PARTICIPANT = 3
#: Planted stance of opinion camps 0, 1 and 2 on statements 1–10 (+1 agree, 0 pass, −1 disagree).
STANCES = (
    (1, 1, 1),
    (1, 1, 1),
    (1, -1, 0),
    (1, -1, 1),
    (-1, 1, -1),
    (-1, 1, 0),
    (0, 1, -1),
    (1, 0, -1),
    (-1, -1, 1),
    (1, -1, -1),
)
#: Weights of (the camp's stance, pass, the opposite) in a vote; of (agree, pass, disagree) where the camp
#: passes.
STANCE_WEIGHTS, PASS_WEIGHTS = (16, 2, 2), (2, 6, 2)
#: Statements per municipality, in the order of :data:`STANCES`, and the number of opinion camps planted.
STATEMENTS: dict[str, tuple[int, tuple[str, ...]]] = {
    "1402": (
        3,
        (
            "Det behövs fler trygga gångstråk i stadsdelen",
            "Barn ska kunna gå säkert till skolan",
            "Centrum tål fler och högre hus",
            "Fler hyresrätter gör stadsdelen bättre",
            "De gröna ytorna är viktigare än nya bostäder",
            "Bygget kommer att göra området otryggare",
            "Det behövs fler parkeringsplatser i centrum",
            "Bottenvåningarna ska ha lokaler för föreningar",
            "Gatorna runt skolan ska vara bilfria",
            "Kommunen lyssnar på de boende i planarbetet",
        ),
    ),
    "1415": (
        2,
        (
            "Det ska vara lätt att bo kvar hemma när man blir äldre",
            "Gångvägarna behöver vara belysta och snöröjda",
            "Seniorer vill bo centralt nära service",
            "Det behövs fler mindre lägenheter i villaområdena",
            "Man ska kunna bo kvar i sin kommundel även där service saknas",
            "Trygghetsboenden blir för dyra för de flesta",
            "Bilen är nödvändig för att klara vardagen",
            "Digitala tjänster kan ersätta en del besök",
            "Generationsboende är bättre än rena seniorboenden",
            "Kommunen tar seniorernas synpunkter på allvar",
        ),
    ),
    "1441": (
        2,
        (
            "Det behövs bostäder som unga vuxna har råd med",
            "Nya bostäder ska ligga nära kollektivtrafiken",
            "Centrala Lerum tål fler våningar",
            "Varje nytt kvarter ska ha hyresrätter",
            "Villaområdenas karaktär ska bevaras",
            "Förtätningen gör centrum trångt",
            "Parkeringsnormen ska inte sänkas",
            "Kommunen ska kräva lägre hyror vid markanvisning",
            "Kooperativa boendeformer ska prövas",
            "Dialogen om nya bostäder har varit öppen",
        ),
    ),
    "1462": (
        2,
        (
            "Torget behöver bättre belysning på kvällen",
            "Unga ska få återkoppling på sina förslag",
            "Torget ska vara en plats för evenemang",
            "Det behövs en scen eller yta för musik",
            "Torget ska vara lugnt för dem som handlar",
            "Det är otryggt att vara på torget på kvällen",
            "Bussarna borde stanna närmare torget",
            "Graffiti ska tillåtas på en vägg",
            "Unga som bor utanför centralorten glöms bort",
            "Vuxna lyssnar på ungas åsikter om torget",
        ),
    ),
    "1482": (
        3,
        (
            "Unga vuxna behöver en tydlig väg in i arbetslivet",
            "Stödet till unga vuxna är svårt att överblicka",
            "Praktik är bättre än fler utbildningar",
            "Lokala företag ska ta ett större ansvar",
            "Studier ska alltid gå före jobb",
            "Kraven på aktivitet är för hårda",
            "Körkort är avgörande för att få jobb här",
            "Sociala klausuler ska finnas i alla upphandlingar",
            "Föreningslivet når unga som kommunen inte når",
            "Insatserna följs upp på ett bra sätt",
        ),
    ),
}
#: Stakeholders (organisations, never private persons): name, category, power, interest (1–5), note.
STAKEHOLDERS = (
    ("Byggnadsnämnden", "nämnd", 5, 3, "Beslutar om detaljplanen"),
    ("Kommunstyrelsen", "nämnd", 5, 2, "Prioriterar mellan kommunens mål"),
    ("Socialförvaltningen", "förvaltning", 3, 4, "Möter målgruppen i vardagen"),
    ("Fastighetsägare i centrum", "fastighetsägare", 4, 3, "Äger marken där förslagen kan genomföras"),
    ("Det allmännyttiga bostadsbolaget", "bostadsbolag", 4, 4, "Kan bygga och förvalta hyresrätter"),
    ("Hyresgästföreningen", "förening", 2, 5, "Företräder boende i hyresrätt"),
    ("Pensionärsföreningen", "förening", 1, 4, "Företräder äldre boende"),
    ("Elevrådet på högstadieskolan", "förening", 1, 5, "Företräder unga i skolåldern"),
    ("Handlarföreningen", "näringsliv", 2, 3, "Vill ha liv och trygghet i centrum"),
    ("Kollektivtrafikbolaget", "regional aktör", 3, 2, "Planerar linjer och hållplatser"),
)
#: Success rate per mille drawn for a test, given the decision that followed it.
SUCCESS_PER_MILLE = {"avsluta": (100, 350), "testa igen": (300, 650), "gör en pilot": (600, 900)}
#: Success criteria a test card may set, in percent.
THRESHOLDS = (50, 60, 70)
#: Notes of the SKA matrix: what each aspect is about, and a sentence per phase and assessment.
SUBJECTS = {
    "Sammanhållen stad": "kopplingarna till omgivande stadsdelar",
    "Samspel": "platserna där människor kan mötas",
    "Vardagsliv": "närheten till service och kollektivtrafik",
    "Identitet": "platsens karaktär och historia",
    "Hälsa och säkerhet": "de trygga och gröna miljöerna",
}
CELL_NOTES = {
    "inventering": {
        "-": "I dag brister {s}",
        "0": "I dag fungerar {s} ganska väl",
        "+": "I dag är {s} en styrka",
    },
    "åtgärder": {
        "-": "Planen saknar åtgärder för {s}",
        "0": "Planen ger vissa åtgärder för {s}",
        "+": "Planen föreslår tydliga åtgärder för {s}",
    },
    "konsekvenser": {
        "-": "Planen riskerar att försämra {s}",
        "0": "Planen påverkar {s} lite",
        "+": "Planen förbättrar {s}",
    },
}
#: Weights of the assessments (−, 0, +) in each phase: the measures are meant to improve the situation.
CELL_WEIGHTS = {"inventering": (3, 2, 1), "åtgärder": (1, 2, 3), "konsekvenser": (1, 2, 4)}
#: Technical requirements a goal may conflict with or share a solution with: (requirement, conflict, win-win).
REQUIREMENTS = (
    (
        "bullerkrav",
        "Bullerskyddet mot vägen gör stråket mindre öppet",
        "Lokaler i bottenvåningen mot vägen skärmar bullret och ger liv åt gatan",
    ),
    (
        "dagvattenhantering",
        "Ytor för dagvatten tar mark från gården",
        "Dagvattendammen utformas som en grön mötesplats",
    ),
    (
        "parkeringsnorm",
        "Parkeringen tar yta från lek och grönska",
        "Ett gemensamt parkeringshus frigör mark för gårdar",
    ),
    (
        "räddningstjänstens framkomlighet",
        "Brandvägarna gör det svårt att bygga smala gångstråk",
        "Brandvägen utformas som ett gångstråk med sittplatser",
    ),
)
GOAL_CONFLICT = "Målen konkurrerar om samma mark i planområdet"
GOAL_WIN_WIN = "Samma åtgärd bidrar till båda målen"
#: SWOT points of the land-use dialogue: category → (activity, point).
SWOT_POINTS = {
    "styrka": (
        ("bostäder", "Nära till pendeltåg och buss"),
        ("mötesplats", "Många passerar platsen varje dag"),
        ("grönyta", "Gamla träd ger platsen karaktär"),
    ),
    "svaghet": (
        ("bostäder", "Få hyresrätter och små lägenheter i dag"),
        ("mötesplats", "Platsen är mörk och tom på kvällen"),
        ("trafik", "Vägen delar området i två delar"),
    ),
    "möjlighet": (
        ("mötesplats", "Bottenvåningar kan bli lokaler för föreningar"),
        ("bostäder", "Blandade upplåtelseformer kan locka nya grupper"),
        ("grönyta", "Dagvattnet kan bli en del av en park"),
    ),
    "hot": (
        ("trafik", "Mer trafik när området växer"),
        ("bostäder", "Höga hyror i nyproduktionen kan stänga ute många"),
        ("mötesplats", "Lokalerna står tomma om ingen tar ansvar"),
    ),
}
#: Process-map questions: (question, plan stage that settles it, who answers it).
DIALOGUE_QUESTIONS = (
    ("Vilka grupper saknades i dialogen och hur nås de?", "planuppdrag", "Planenheten"),
    ("Var ska skolbarnen korsa den stora vägen?", "samråd", "Trafikenheten"),
    ("Hur stor del av gården kan bli gemensam?", "granskning", "Planenheten"),
    ("Hur säkras hyresrätterna i exploateringsavtalet?", "antagande", "Mark- och exploateringsenheten"),
    ("Vem ska driva lokalerna i bottenvåningen?", "genomförande", "Fastighetsavdelningen"),
    ("Vem sköter den nya parken?", "genomförande", "Park- och naturenheten"),
    ("Hur följs de sociala målen upp efter byggstart?", "genomförande", "Socialförvaltningen"),
)
#: Plan stages whose questions are settled in the examples (the examples' goals reach antagande).
SETTLED_STAGES = ("planuppdrag", "samråd", "granskning")


def _activities(theme: Theme) -> list[list[object]]:
    """The workshop's activities with their step on the delaktighetstrappa, around the workshop day."""
    day = datetime.date.fromisoformat(theme.date)
    return [
        [f"A{n}", name, level, (day + datetime.timedelta(days=offset)).isoformat(), description, True]
        for n, (name, level, offset, description) in enumerate(ACTIVITIES, start=1)
    ]


def _yes_and(rng: np.random.Generator, participants: list, ideas: list) -> list[list[object]]:
    """ "Ja, och …" additions on ideas by participants other than the idea's author."""
    rows: list[list[object]] = []
    for _ in range(draw(rng, 5, 9, 1)[0]):
        idea = ideas[int(rng.integers(len(ideas)))]
        others = [p[0] for p in participants if p[0] != idea[2]]
        text = ADDITIONS[int(rng.integers(len(ADDITIONS)))].removeprefix("ja, och ")
        rows.append([f"Y{len(rows) + 1:02d}", idea[0], others[int(rng.integers(len(others)))], text, True])
    return rows


def _dots(rng: np.random.Generator, participants: list, ideas: list, votes: list) -> list[list[object]]:
    """At most three dots per participant, at most one per idea, never on their own idea; well-scored ideas
    draw more."""
    scores: dict[str, list[int]] = {}
    for _, idea_id, score, _ in votes:
        scores.setdefault(idea_id, []).append(score)
    weight = {i[0]: 1 + 4 * sum(scores[i[0]]) // len(scores[i[0]]) if i[0] in scores else 1 for i in ideas}
    rows = []
    for person in participants:
        choices = [i[0] for i in ideas if i[2] != person[0]]
        for _ in range(pick(rng, (DOTS_PER_PARTICIPANT, DOTS_PER_PARTICIPANT - 1), (5, 1))):
            chosen = pick(rng, choices, [weight[c] for c in choices])
            choices.remove(chosen)
            rows.append([person[0], chosen, True])
    return rows


def _statements(rng: np.random.Generator, code: str, participants: list) -> list[list[object]]:
    """The municipality's statements: the first two from the facilitator, the rest from participants."""
    _, texts = STATEMENTS[code]
    authors = [""] * 2 + [participants[int(rng.integers(len(participants)))][0] for _ in texts[2:]]
    return [
        [f"ST{n:02d}", author, text, True] for n, (author, text) in enumerate(zip(authors, texts), start=1)
    ]


def _statement_votes(
    rng: np.random.Generator, code: str, participants: list, statements: list
) -> list[list[object]]:
    """Agree (1), pass (0) or disagree (−1) by planted camps; each participant skips about one in ten
    statements."""
    camps, _ = STATEMENTS[code]
    order = [int(i) for i in rng.permutation(len(participants))]
    rows = []
    for position, index in enumerate(order):
        camp = position % camps
        for statement, stance in zip(statements, STANCES):
            if int(rng.integers(10)) == 0:
                continue
            own = stance[camp]
            vote = pick(rng, (own, 0, -own), STANCE_WEIGHTS) if own else pick(rng, (1, 0, -1), PASS_WEIGHTS)
            rows.append([participants[index][0], statement[0], vote, True])
    return sorted(rows, key=lambda row: (row[0], row[1]))


def _stakeholders(rng: np.random.Generator) -> list[list[object]]:
    """Eight of the stakeholder organisations, power and interest moved at most one step from their usual."""
    chosen = sorted(int(i) for i in rng.permutation(len(STAKEHOLDERS))[:8])
    rows = []
    for index in chosen:
        name, category, power, interest, note = STAKEHOLDERS[index]
        power, interest = (min(5, max(1, v + pick(rng, (-1, 0, 1), (1, 3, 1)))) for v in (power, interest))
        rows.append([name, category, power, interest, note, True])
    return rows


def _test_cards(rng: np.random.Generator, theme: Theme, prototypes: list) -> tuple[list[list[object]], dict]:
    """One test card per prototype, and each card's success criterion in percent (by prototype id)."""
    start = datetime.date.fromisoformat(theme.date)
    rows, percents = [], {}
    for number, proto in enumerate(prototypes):
        _, _, title, group, _, _ = proto
        percent = percents[proto[0]] = THRESHOLDS[int(rng.integers(len(THRESHOLDS)))]
        rows.append(
            [
                proto[0],
                f"Vi tror att {title[0].lower()}{title[1:]} gör det lättare för {group} att {theme.effect}.",
                f"En enkel version prövas i sex veckor tillsammans med {group}",
                "andel av deltagarna som vill fortsätta använda lösningen",
                f"minst {percent} % vill fortsätta",
                f"0.{percent // 10}",
                (start + datetime.timedelta(days=150 + 7 * number)).isoformat(),
                True,
            ]
        )
    return rows, percents


def _count_successes(rng: np.random.Generator, tests: list, percent: dict[str, int]) -> list[list[object]]:
    """The tests with counted successes (by the decision that followed) and whether the card's criterion
    was met."""
    rows = []
    for prototype_id, round_number, day, n, outcome, decision, flag in tests:
        low, high = SUCCESS_PER_MILLE[decision]
        successes = draw(rng, n * low // 1000, n * high // 1000, 1)[0]
        met = 100 * successes >= percent[prototype_id] * n
        rows.append([prototype_id, round_number, day, n, successes, met, outcome, decision, flag])
    return rows


def _ska_cells(rng: np.random.Generator) -> list[list[object]]:
    """The matrix mat per phase: three of the four scales of every aspect, with an assessment and a note."""
    rows = []
    for phase in PHASES:
        for aspect in ASPECTS:
            left_out = int(rng.integers(len(SCALES)))
            for scale in (s for n, s in enumerate(SCALES) if n != left_out):
                assessment = pick(rng, ASSESSMENTS, CELL_WEIGHTS[phase])
                note = CELL_NOTES[phase][assessment].format(s=SUBJECTS[aspect])
                rows.append([aspect, scale, phase, assessment, note, True])
    return rows


def _ska_relations(rng: np.random.Generator, goals: list) -> list[list[object]]:
    """A conflict and a win-win between goals, and a conflict and a win-win with technical requirements."""
    ids = sorted({row[0] for row in goals})
    pairs = [[ids[int(i)] for i in rng.permutation(len(ids))[:2]] for _ in range(2)]
    needs = [REQUIREMENTS[int(i)] for i in rng.permutation(len(REQUIREMENTS))[:2]]
    owners = [ids[int(rng.integers(len(ids)))] for _ in needs]
    return [
        [pairs[0][0], "målkonflikt", pairs[0][1], "", GOAL_CONFLICT, True],
        [pairs[1][0], "vinna-vinna", pairs[1][1], "", GOAL_WIN_WIN, True],
        [owners[0], "målkonflikt", "", needs[0][0], needs[0][1], True],
        [owners[1], "vinna-vinna", "", needs[1][0], needs[1][2], True],
    ]


def _swot(rng: np.random.Generator, site: str) -> list[list[object]]:
    """Two points per SWOT category for the site of the dialogue."""
    rows = []
    for category, points in SWOT_POINTS.items():
        for index in sorted(int(i) for i in rng.permutation(len(points))[:2]):
            activity, text = points[index]
            rows.append([site, activity, category, text, True])
    return rows


def _dialogue_questions(rng: np.random.Generator) -> list[list[object]]:
    """Five process-map questions; those of the stages already passed are settled."""
    chosen = sorted(int(i) for i in rng.permutation(len(DIALOGUE_QUESTIONS))[:5])
    return [
        [question, stage, owner, stage not in SETTLED_STAGES, True]
        for question, stage, owner in (DIALOGUE_QUESTIONS[i] for i in chosen)
    ]


def example_files(areas: Areas) -> dict[str, str]:
    """The invented workshop records of one municipality as CSV text, keyed by relative path."""
    code = areas.town.code
    theme, rng, more = THEMES[code], rng_stream(code, _EXAMPLES), rng_stream(code, _MORE_EXAMPLES)
    participants = _participants(rng, theme, areas)
    ideas = _ideas(rng, theme, participants)
    votes = _votes(rng, participants, ideas)
    prototypes = _prototypes(theme, ideas, votes)
    tests, survey, goals = (
        _tests(rng, theme, prototypes),
        _survey(rng, theme, len(participants)),
        _ska_goals(rng),
    )
    statements = _statements(more, code, participants)
    cards, percents = _test_cards(more, theme, prototypes)
    tables = {
        "participants": participants,
        "activities": _activities(theme),
        "ideas": ideas,
        "yes_and": _yes_and(more, participants, ideas),
        "votes": votes,
        "dots": _dots(more, participants, ideas, votes),
        "statements": statements,
        "statement_votes": _statement_votes(more, code, participants, statements),
        "stakeholders": _stakeholders(more),
        "prototypes": prototypes,
        "test_cards": cards,
        "tests": _count_successes(more, tests, percents),
        "survey": survey,
        "ska_goals": goals,
        "ska_cells": _ska_cells(more),
        "ska_relations": _ska_relations(more, goals),
        "swot": _swot(more, f"{areas.town.name} centrum"),
        "dialogue_questions": _dialogue_questions(more),
    }
    return {
        f"examples/{code}/{name}.csv": csv_text(list(bundled.EXAMPLE_SCHEMAS[name]), tables[name])
        for name in bundled.EXAMPLE_SCHEMAS
    }


def examples_readme(all_areas: Sequence[Areas]) -> str:
    """data/examples/README.md: says in Swedish and English that the records are invented."""
    lines = [
        "# Exempel på workshopdata: påhittade",
        "",
        "Allt i den här mappen är **påhittat**. Deltagare, aktiviteter, idéer, röster, prickar, påståenden,",
        "intressenter, prototyper, tester, enkätsvar och SKA-underlag är genererade av",
        "`python -m labkit.data.generate` med ett fast frö. De beskriver inga verkliga",
        "workshoppar och inga verkliga personer; varje rad har kolumnen `is_example` = True. Områdeskoderna",
        "pekar på de syntetiska områdena i `../bundled` (bokstaven X används aldrig av SCB).",
        "",
        "*English: every record in this folder is invented (seeded), describes no real workshop or person,",
        (
            "and carries `is_example` = True. Read them with "
            "`labkit.data.bundled.example_records(kommun_kod, name)`.*"
        ),
        "",
        "| kommun | mapp | påhittad utmaning |",
        "|---|---|---|",
    ]
    lines += [f"| {a.town.name} | `{a.town.code}/` | {THEMES[a.town.code].challenge} |" for a in all_areas]
    lines += ["", "| fil | kolumner |", "|---|---|"]
    lines += [f"| `{name}.csv` | {', '.join(schema)} |" for name, schema in bundled.EXAMPLE_SCHEMAS.items()]
    return "\n".join(lines) + "\n"
