"""Record kinds of the social impact analysis (SKA) in detailed planning and the land-use dialogue tool.

Method sources: GR's *Social konsekvensanalys i detaljplan* (the matrix mat of aspects × scales, social
goals followed to the plan map and the development agreement) and *Samtalsverktyg för markanvändning*
(SWOT of site × activity, process map, open issues) (docs/METHODS.md).
"""

from __future__ import annotations

from labkit.capture.records import Draft, Field, JournalView, RecordKind
from labkit.errors import CaptureError

#: The matrix's social aspects (Samspel is the BKA variant "Samspel, lek och lärande").
ASPECTS = ("Sammanhållen stad", "Samspel", "Vardagsliv", "Identitet", "Hälsa och säkerhet")

#: The matrix's geographic scales.
SCALES = ("Byggnad & plats", "Närmiljö", "Stadsdel", "Staden")

#: The phases of the matrix work, in the toolbox's order.
PHASES = ("inventering", "åtgärder", "konsekvenser")

#: Assessments of a matrix cell: negative, neutral, positive.
ASSESSMENTS = ("-", "0", "+")

#: The plan stages a goal is followed through.
STAGES = ("planuppdrag", "samråd", "granskning", "antagande", "genomförande")

#: A goal's status at a stage.
STATUSES = ("uppfyllt", "delvis", "hotat", "ej bedömt")

#: What a relation between a goal and another goal or a requirement is.
RELATIONS = ("målkonflikt", "vinna-vinna")

#: The four SWOT categories.
SWOT = ("styrka", "svaghet", "möjlighet", "hot")


def one_counterpart(view: JournalView, draft: Draft) -> None:
    """A conflict or win-win pairs the goal with exactly one other goal or one technical requirement."""
    other, requirement = draft.fields.get("other_goal"), draft.fields.get("requirement")
    if (other is None) == (requirement is None):
        raise CaptureError(
            "a relation needs exactly one counterpart",
            column="other_goal",
            expected="either other_goal or requirement",
            found="both" if other else "neither",
        )
    if other == draft.fields["goal"]:
        raise CaptureError(
            "a goal cannot conflict with itself",
            column="other_goal",
            expected="another goal",
            found=repr(other),
        )


MATRIX_CELL = RecordKind(
    "ska_cell",
    "SKA-matrisruta",
    "SKA matrix cell",
    (
        Field("aspect", choices=ASPECTS, help="social aspect (row of the matrix mat)"),
        Field("scale", choices=SCALES, help="geographic scale (column of the matrix mat)"),
        Field("phase", choices=PHASES, help="inventering, åtgärder or konsekvenser"),
        Field("assessment", choices=ASSESSMENTS, help="-, 0 or +; the latest entry per cell counts"),
        Field("note", required=False, help="what was said about the cell"),
    ),
)

GOAL = RecordKind(
    "ska_goal",
    "Socialt mål",
    "Social goal",
    (
        Field("goal", help="the goal, in a sentence"),
        Field("aspect", choices=ASPECTS, help="social aspect"),
        Field("scale", choices=SCALES, help="geographic scale"),
        Field("target_group", required=False, help="whom the goal is for (from the target-group analysis)"),
    ),
)

GOAL_STATUS = RecordKind(
    "ska_goal_status",
    "Målstatus",
    "Goal status",
    (
        Field("goal", ref="ska_goal", help="id of the goal"),
        Field("stage", choices=STAGES, help="plan stage"),
        Field("status", choices=STATUSES, help="the latest status per goal and stage counts"),
        Field("note", required=False, help="why, e.g. the plan provision that secures it"),
    ),
)

RELATION = RecordKind(
    "ska_relation",
    "Målkonflikt eller vinna-vinna",
    "Goal conflict or win-win",
    (
        Field("goal", ref="ska_goal", help="id of the goal"),
        Field("relation", choices=RELATIONS, help="målkonflikt or vinna-vinna"),
        Field("other_goal", required=False, ref="ska_goal", help="id of the other goal"),
        Field("requirement", required=False, help="a technical requirement, e.g. 'bullerkrav'"),
        Field("description", required=False, help="what the conflict or the shared solution is"),
    ),
    checks=(one_counterpart,),
)

SWOT_ENTRY = RecordKind(
    "swot",
    "SWOT-post",
    "SWOT entry",
    (
        Field("site", help="the site discussed"),
        Field("activity", help="the land use or activity"),
        Field("category", choices=SWOT, help="styrka, svaghet, möjlighet or hot"),
        Field("text", help="the point, in a sentence"),
    ),
)

DIALOGUE_QUESTION = RecordKind(
    "dialogue_question",
    "Fråga i processkartan",
    "Process-map question",
    (
        Field("question", help="the question raised in the dialogue"),
        Field("stage", choices=STAGES, help="the plan stage that settles it"),
        Field("owner", help="who answers it (a unit or role, never a private person)"),
        Field("open", "bool", help="True while the question is open"),
    ),
)

KINDS = (MATRIX_CELL, GOAL, GOAL_STATUS, RELATION, SWOT_ENTRY, DIALOGUE_QUESTION)
