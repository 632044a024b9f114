"""Record kinds of the participant app's room: which activities are open, and which proposed statements may be
shown.

The facilitator opens and closes joining, brainwriting rounds, "ja, och", scoring, dots, statement voting
and statement proposals (``room_state``: the latest record per activity and workshop counts), and approves
statements that participants proposed (``statement_approval``) before anyone else sees them.
"""

from __future__ import annotations

from labkit.capture.records import Field, RecordKind

#: Activities the facilitator opens and closes, in the order a workshop usually runs them.
ACTIVITIES = ("joining", "brainwriting", "yes_and", "scoring", "dots", "voting", "proposing")

ROOM_STATE = RecordKind(
    "room_state",
    "Rumsläge",
    "Room state",
    (
        Field("activity", choices=ACTIVITIES, help="what participants may do"),
        Field("open", "bool", help="True when the activity is open; the latest record per activity counts"),
        Field("round", "int", required=False, low=1, high=50, help="brainwriting round opened"),
        Field("criterion", required=False, help="criterion of a scoring or dot round"),
    ),
)

STATEMENT_APPROVAL = RecordKind(
    "statement_approval",
    "Godkänt påstående",
    "Approved statement",
    (Field("statement", ref="statement", help="id of a proposed statement that others may now vote on"),),
    unique=("statement",),
)

KINDS = (ROOM_STATE, STATEMENT_APPROVAL)


def awaiting_approval(statements, approvals) -> list[bool]:
    """For each row of ``statements`` (``LabJournal.frame("statement")``): True while it awaits approval.

    A statement that a participant proposed themself (from the participant app: its ``author`` is the
    ``participant`` who proposed it) is shown to others, and analysed, only once a live
    ``statement_approval`` record (``approvals``) names it; a rejected one is retracted and gone. The
    facilitator's own statements, and those typed in or imported on someone's behalf (a Pol.is export,
    whose moderation arrives as retractions), need no approval.
    """
    approved = set(approvals["statement"]) if len(approvals) else set()
    return [
        isinstance(who, str) and who != "" and who == author and sid not in approved
        for sid, who, author in zip(
            statements["id"], statements["participant"], statements["author"], strict=True
        )
    ]
