"""Record kinds of the evaluation method: maturity entries, survey answers and interventions in areas.

Method source: the lab's four principles (långsiktig implementering, test i verklig miljö, brukarmedverkan,
uppskalning) and the stages from idea to routine of the theme *från labb till vardag* (docs/METHODS.md).
"""

from __future__ import annotations

from labkit.capture.kinds.common import AREA_CODE
from labkit.capture.records import Field, RecordKind

#: Stages from lab to everyday, in order.
STAGES = ("idé", "prototyp", "test", "pilot", "rutin")

#: The lab's four principles: field name, Swedish and English label.
PRINCIPLES = (
    ("long_term", "Långsiktig implementering", "Long-term implementation"),
    ("real_world", "Test i verklig miljö", "Test in a real setting"),
    ("participation", "Brukarmedverkan", "User participation"),
    ("scaling", "Uppskalning", "Scaling up"),
)

#: The maturity scale of each principle, 0-4.
SCORE_LABELS_SV = ("inte påbörjat", "enstaka inslag", "delvis", "i huvudsak", "fullt ut")
SCORE_LABELS_EN = ("not started", "isolated elements", "partly", "largely", "fully")

#: GR's eight toolbox methods (docs/METHODS.md): key, Swedish and English name.
TOOLBOX = (
    ("bostadsforsorjning", "Riktlinjer för bostadsförsörjning", "Housing provision guidelines"),
    ("social_investering", "Socialt investeringsperspektiv", "Social investment perspective"),
    ("samtalsverktyg", "Samtalsverktyg för markanvändning", "Land-use dialogue tool"),
    ("medskapande", "Metoder för medskapande innovationsprocesser", "Co-creative innovation methods"),
    ("ska_detaljplan", "Social konsekvensanalys i detaljplan", "Social impact analysis in detailed planning"),
    ("ungas_inflytande", "Ungas inflytande i samhällsplaneringen", "Young people's influence in planning"),
    ("seniorperspektiv", "Seniorperspektiv i samhällsplaneringen", "Senior perspective in planning"),
    ("indikatorer", "Indikatorer för social hållbarhet", "Indicators for social sustainability"),
)

#: The Swedish five-point agreement scale (as labkit.likert.SCALE_SV; kept here so kinds import no pandas).
ANSWERS = (
    "Instämmer inte alls",
    "Instämmer till liten del",
    "Instämmer delvis",
    "Instämmer till stor del",
    "Instämmer helt",
)


def _principle_fields() -> tuple[Field, ...]:
    fields: list[Field] = []
    for name, label_sv, _label_en in PRINCIPLES:
        fields.append(
            Field(name, "int", low=0, high=4, help=f"{label_sv}: 0 (inte påbörjat) to 4 (fullt ut)")
        )
        fields.append(Field(f"{name}_evidence", required=False, help=f"{label_sv}: what shows it"))
    return tuple(fields)


MATURITY = RecordKind(
    "maturity",
    "Mognad: från labb till vardag",
    "Maturity: from lab to everyday",
    (
        Field("method", choices=tuple(key for key, _sv, _en in TOOLBOX), help="the toolbox method"),
        Field("stage", choices=STAGES, help="stage from idea to routine"),
        *_principle_fields(),
        Field("assessed", "date", required=False, help="date of the assessment"),
        Field("note", required=False, help="anything else the team wants to remember"),
    ),
)

SURVEY_ANSWER = RecordKind(
    "survey_answer",
    "Enkätsvar",
    "Survey answer",
    (
        Field("survey", help="name of the survey, e.g. utvärdering av workshop"),
        Field("wave", "int", low=1, high=50, help="survey wave: 1 before, 2 after, and so on"),
        Field("respondent", help="pseudonym of the respondent; never a name"),
        Field(
            "group", required=False, personal=True, help="respondent group, e.g. invånare or tjänsteperson"
        ),
        Field("question", help="the statement answered"),
        Field("answer", choices=ANSWERS, help="answer on the five-point scale"),
    ),
)

INTERVENTION = RecordKind(
    "intervention",
    "Insats i område",
    "Intervention in an area",
    (
        Field("area_code", pattern=AREA_CODE, help="code of the area that got the intervention"),
        Field("start_year", "int", low=1990, high=2100, help="first year of the intervention"),
        Field("title", help="what the intervention is"),
        Field("description", required=False, help="who does what, and for whom"),
    ),
)

KINDS = (MATURITY, SURVEY_ANSWER, INTERVENTION)
