"""Record kinds of the housing-provision method: needs by department, planned projects, checks, ratings.

Method source: GR's *Riktlinjer för bostadsförsörjning* routine and Boverket's bostadsmarknadsenkät
(docs/METHODS.md). Districts are area codes of the source; a missing area means the whole municipality.
"""

from __future__ import annotations

from labkit.capture.kinds.common import AREA_CODE
from labkit.capture.records import Field, RecordKind

#: Boverket's target groups in the bostadsmarknadsenkät's order; the survey asks separately about newly
#: arrived people assigned to the municipality (anvisade) and those who settled on their own (självbosatta).
BOVERKET_GROUPS = (
    "ungdomar",
    "studenter",
    "aldre",
    "funktionsnedsattning",
    "nyanlanda_anvisade",
    "nyanlanda_sjalvbosatta",
)

#: Target groups of needs and projects: Boverket's, then labkit's own addition, low income (not Boverket's).
#: The keys of ``labkit.methods.target_groups.housing.HOUSING_GROUPS``.
GROUPS = (*BOVERKET_GROUPS, "lag_inkomst")

#: Groups rated in the bostadsmarknadsenkät: the market as a whole, then Boverket's groups.
RATED_GROUPS = ("hela_marknaden", *BOVERKET_GROUPS)

#: Values journals written before the split of newly arrived still hold. New records must not use them (entry
#: and CSV import refuse them); a stored one is read as it was meant, newly arrived assigned and settled on
#: their own together, reported as its own row and never guessed into one of the two (see
#: ``labkit.methods.housing_provision.inputs``).
LEGACY_GROUPS = ("nyanlanda",)

#: Tenures (upplåtelseformer); special housing (särskilt boende, LSS) is its own form.
TENURES = ("hyresratt", "bostadsratt", "aganderatt", "sarskilt_boende")

#: Dwelling sizes in rooms and kitchen (rum och kök).
SIZES = ("1 rok", "2 rok", "3 rok", "4+ rok")

#: Departments that report needs (each department's known needs).
DEPARTMENTS = (
    "samhällsbyggnad",
    "socialtjänst",
    "äldreomsorg",
    "funktionsstöd",
    "mottagande av nyanlända",
    "bostadsbolag",
    "annan",
)

#: The three planning processes in which needs are checked (docs/METHODS.md, housing provision).
PROCESSES = ("prioritering och start av bostadsprojekt", "planbesked", "detaljplan och markanvisning")

#: What a check concluded about the earlier needs conclusions.
CONCLUSIONS = ("behovet gäller", "behovet har ändrats", "nytt behov")

#: Boverket's survey scale.
RATINGS = ("underskott", "balans", "överskott")

#: Stages of a planned project.
STAGES = ("idé", "planbesked", "detaljplan", "markanvisning", "bygglov", "byggstart")

HOUSING_NEED = RecordKind(
    "housing_need",
    "Bostadsbehov",
    "Housing need",
    (
        Field("department", choices=DEPARTMENTS, help="the department that reports the need"),
        Field("target_group", choices=GROUPS, help="Boverket's target group"),
        Field("dwellings", "int", low=0, high=100000, help="dwellings needed"),
        Field(
            "area",
            required=False,
            pattern=AREA_CODE,
            help="area code of the district; empty: whole municipality",
        ),
        Field("tenure", required=False, choices=TENURES, help="tenure needed"),
        Field("size", required=False, choices=SIZES, help="dwelling size needed"),
        Field("year", "int", required=False, low=2000, high=2100, help="by when"),
        Field("basis", required=False, help="what the figure rests on: queue, decisions, forecast"),
    ),
)

PLANNED_PROJECT = RecordKind(
    "planned_project",
    "Planerat projekt",
    "Planned project",
    (
        Field("name", help="the project's name"),
        Field("dwellings", "int", low=0, high=100000, help="dwellings planned"),
        Field(
            "area",
            required=False,
            pattern=AREA_CODE,
            help="area code of the district; empty: whole municipality",
        ),
        Field("tenure", required=False, choices=TENURES, help="tenure"),
        Field("size", required=False, choices=SIZES, help="dwelling size"),
        Field(
            "target_group",
            required=False,
            choices=GROUPS,
            help="target group the dwellings are earmarked for",
        ),
        Field("year", "int", required=False, low=2000, high=2100, help="expected completion"),
        Field("stage", required=False, choices=STAGES, help="where the project is"),
    ),
)

PROVISION_CHECK = RecordKind(
    "provision_check",
    "Avstämning av behov",
    "Needs check",
    (
        Field("process", choices=PROCESSES, help="the planning process"),
        Field("date", "date", help="the day of the check"),
        Field("case", help="the case (ärende), e.g. a planbesked or project name"),
        Field("departments", help="departments consulted, comma separated"),
        Field("conclusion", choices=CONCLUSIONS, help="whether the earlier needs conclusions still hold"),
        Field("responsible", required=False, help="the responsible officer's role (never a name)"),
        Field("note", required=False, help="what changed, in a sentence"),
    ),
)

MARKET_RATING = RecordKind(
    "market_rating",
    "Bostadsmarknadsenkät",
    "Housing market survey rating",
    (
        Field("year", "int", low=2000, high=2100, help="survey year"),
        Field("group", choices=RATED_GROUPS, help="the market as a whole or a target group"),
        Field("rating", choices=RATINGS, help="Boverket's scale"),
        Field("note", required=False, help="why"),
    ),
)

KINDS = (HOUSING_NEED, PLANNED_PROJECT, PROVISION_CHECK, MARKET_RATING)
