"""Record kinds of co-creation workshops: ideas, "ja, och", idea cards, scores, dots, statements,
stakeholders.

Method source: GR's *Metoder för medskapande innovationsprocesser* with Innovationsguiden's templates
(brainwriting, "Ja och…", "Prioritera och välj", idékort, three dots) (docs/METHODS.md); Pol.is-style
statements and votes; Mendelow's power/interest grid for stakeholders.
"""

from __future__ import annotations

from labkit.capture.records import Draft, Field, JournalView, RecordKind
from labkit.errors import CaptureError

#: Criteria suggested for "Prioritera och välj" (any non-empty criterion is accepted).
CRITERIA = ("effekt för målgruppen", "genomförbarhet", "kostnad")

#: Statement votes: agree, pass, disagree (as Pol.is codes them).
VOTES = (1, 0, -1)

#: Default number of dots each participant may place (Innovationsguiden: 3-5).
DEFAULT_DOTS = 3


def not_own_idea(view: JournalView, draft: Draft) -> None:
    """Reject a score on an idea the scoring participant wrote ("Rösta inte på din egen idé")."""
    ideas = view.rows("idea", id=draft.fields["idea"])
    if ideas and ideas[0]["participant"] == draft.fields["participant"]:
        raise CaptureError(
            "a participant may not score their own idea",
            column="idea",
            expected="an idea written by another participant",
            found=f"idea {draft.fields['idea']!r} written by {draft.fields['participant']!r}",
        )


def dots_left(view: JournalView, draft: Draft) -> None:
    """Reject a dot beyond the number each participant may place in a workshop."""
    limit = int(view.setting("dots_per_participant"))
    placed = view.rows("dot", workshop_id=draft.workshop_id, participant=draft.fields["participant"])
    if len(placed) >= limit:
        raise CaptureError(
            "no dots left for this participant",
            column="participant",
            expected=f"at most {limit} dots per participant",
            found=f"{len(placed)} dots already placed by {draft.fields['participant']!r}",
        )


def _participant(required: bool = True, help: str = "pseudonym of the participant") -> Field:
    return Field("participant", required=required, ref="participant", help=help)


IDEA = RecordKind(
    "idea",
    "Idé",
    "Idea",
    (
        Field("text", help="the idea, in a sentence"),
        Field("round", "int", low=1, high=50, help="brainwriting round (1 = the first sheet)"),
        _participant(help="pseudonym of the idea's author"),
        Field("builds_on", required=False, ref="idea", help="id of the idea this one builds on"),
    ),
)

YES_AND = RecordKind(
    "yes_and",
    "Ja, och …",
    "Yes, and …",
    (
        Field("idea", ref="idea", help="id of the idea the addition extends"),
        Field("text", help="the addition, after 'ja, och'"),
        _participant(),
    ),
)

IDEA_CARD = RecordKind(
    "idea_card",
    "Idékort",
    "Idea card",
    (
        Field("idea", ref="idea", help="id of the idea the card makes concrete"),
        Field("title", help="the idea's name"),
        Field("target_group", required=False, help="whom the idea is for"),
        Field("need", required=False, help="the need it meets"),
        Field("description", required=False, help="how it works"),
        Field("benefit", required=False, help="the value for the target group"),
        Field("first_step", required=False, help="the first step, and who takes it"),
        _participant(required=False),
    ),
)

PRIORITY_SCORE = RecordKind(
    "priority_score",
    "Prioritering",
    "Priority score",
    (
        Field("idea", ref="idea", help="id of the scored idea"),
        _participant(help="pseudonym of the participant who scores"),
        Field("criterion", help="criterion, e.g. " + ", ".join(CRITERIA)),
        Field("score", "int", low=1, high=4, help="1 (low) to 4 (high)"),
    ),
    checks=(not_own_idea,),
)

DOT = RecordKind(
    "dot",
    "Prick",
    "Dot",
    (
        Field("idea", ref="idea", help="id of the idea the dot is placed on"),
        _participant(),
        Field("criterion", required=False, help="the agreed criterion the dots are placed against"),
    ),
    unique=("participant", "idea"),
    checks=(dots_left,),
)

STATEMENT = RecordKind(
    "statement",
    "Påstående",
    "Statement",
    (
        Field("text", help="a statement participants agree or disagree with"),
        _participant(required=False, help="pseudonym of who proposed it"),
    ),
)

STATEMENT_VOTE = RecordKind(
    "statement_vote",
    "Röst på påstående",
    "Statement vote",
    (
        Field("statement", ref="statement", help="id of the statement"),
        _participant(),
        Field("vote", "int", choices=VOTES, help="1 agree, 0 pass, -1 disagree; the latest vote counts"),
    ),
)

STAKEHOLDER = RecordKind(
    "stakeholder",
    "Intressent",
    "Stakeholder",
    (
        Field("name", help="organisation or group, never a private person; the latest entry counts"),
        Field("power", "int", low=1, high=5, help="power over the outcome, 1-5"),
        Field("interest", "int", low=1, high=5, help="interest in the outcome, 1-5"),
        Field("category", required=False, help="e.g. förvaltning, förening, fastighetsägare"),
        Field("note", required=False, help="why, in a sentence"),
    ),
)

KINDS = (IDEA, YES_AND, IDEA_CARD, PRIORITY_SCORE, DOT, STATEMENT, STATEMENT_VOTE, STAKEHOLDER)

#: Every kind the co-creation analysis reads: its own and the common participant and activity kinds.
READS = ("participant", "activity", *(kind.name for kind in KINDS))
