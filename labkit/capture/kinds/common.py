"""Record kinds every method shares: participants, activities on the participation ladder, retractions."""

from __future__ import annotations

from labkit import validators
from labkit.capture.records import Draft, Field, JournalView, RecordKind
from labkit.errors import CaptureError

#: Participant roles (cross-sectoral teams with developers and civil society).
ROLES = ("invånare", "tjänsteperson", "exploatör", "civilsamhälle", "politiker")

#: Age bands a participant may give (the bands of the example records, plus children).
AGE_BANDS = ("0-12", "13-19", "20-34", "35-49", "50-64", "65-79", "80+")

#: Genders a participant may give.
GENDERS = ("kvinna", "man", "annat")

#: Boverket's delaktighetstrappa, steps 1-4 (only steps 2-4 imply influence).
LADDER = ("information", "konsultation", "delaktighet", "medbestämmande")

#: An area code: the 4-digit municipality code and the area's own part (RegSO "1402R003", DeSO "1402C1010").
AREA_CODE = validators.AREA_CODE.strip("^$")  # the data schemas' pattern, as fields match it whole


def names_allowed(view: JournalView, draft: Draft) -> None:
    """Reject a participant's name unless the facilitator has turned the storing of names on."""
    if draft.fields.get("name") is not None and not view.setting("store_names"):
        raise CaptureError(
            "names are not stored in this journal",
            column="name",
            expected="no name (pseudonyms only) unless the facilitator turns names on",
            found="a name",
            hint="Turn names on with journal.set_setting('store_names', True).",
        )


def retraction_target(view: JournalView, draft: Draft) -> None:
    """A retraction may not strike out another retraction (the journal stays readable as a log)."""
    target = draft.fields["record"]
    if view.rows("retraction", id=target):
        raise CaptureError(
            "a retraction cannot be retracted",
            column="record",
            expected="the id of a live record of another kind",
            found=repr(target),
        )


PARTICIPANT = RecordKind(
    "participant",
    "Deltagare",
    "Participant",
    (
        Field("pseudonym", help="pseudonym, e.g. P07; never a name"),
        Field(
            "role",
            required=False,
            choices=ROLES,
            help="role in the workshop (blank when unknown, e.g. from Pol.is)",
        ),
        Field("age_band", required=False, choices=AGE_BANDS, personal=True, help="age band"),
        Field("gender", required=False, choices=GENDERS, personal=True, help="gender"),
        Field("home_area", required=False, pattern=AREA_CODE, personal=True, help="area code of home"),
        Field(
            "name",
            required=False,
            personal=True,
            identifying=True,
            help="name, only when the facilitator has turned names on",
        ),
    ),
    key="pseudonym",
    unique=("pseudonym",),
    checks=(names_allowed,),
)

ACTIVITY = RecordKind(
    "activity",
    "Aktivitet",
    "Activity",
    (
        Field("name", help="what was done, e.g. brainwriting or open house"),
        Field("level", choices=LADDER, help="step on Boverket's delaktighetstrappa"),
        Field("date", "date", required=False, help="date of the activity"),
        Field("description", required=False, help="who took part and how"),
    ),
    unique=("name",),
)

RETRACTION = RecordKind(
    "retraction",
    "Struken post",
    "Retraction",
    (
        Field("record", ref="*", help="id of the record to strike out"),
        Field("reason", required=False, help="why"),
    ),
    checks=(retraction_target,),
)

KINDS = (PARTICIPANT, ACTIVITY, RETRACTION)
