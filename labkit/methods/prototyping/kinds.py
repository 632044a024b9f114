"""Record kinds of the prototyping method: prototypes, test cards, a test log and learning cards.

Method source: the lab's theme *prototyper* (docs/METHODS.md): ideas from co-creation become small
tests in real settings that are kept, changed or dropped on evidence.
"""

from __future__ import annotations

from labkit.capture.records import Draft, Field, JournalView, RecordKind
from labkit.errors import CaptureError

#: The team's decisions after a test: stop, test again, go to pilot.
DECISIONS = ("avsluta", "testa igen", "gå vidare till pilot")

#: A hypothesis is written as "Vi tror att …" (we believe that …).
HYPOTHESIS = r"(?is)vi tror att\s.+"


def successes_within_n(view: JournalView, draft: Draft) -> None:
    """Reject a test log whose counted successes exceed the number who took part."""
    done, n = draft.fields.get("successes"), draft.fields["n"]
    if done is not None and done > n:
        raise CaptureError(
            "more successes than participants",
            column="successes",
            expected=f"a whole number from 0 to n ({n})",
            found=repr(done),
        )


PROTOTYPE = RecordKind(
    "prototype",
    "Prototyp",
    "Prototype",
    (
        Field("title", help="the prototype's name"),
        Field("idea", required=False, help="id of the co-creation idea it comes from (journal or example)"),
        Field("target_group", required=False, help="whom it is for (from the target-group analysis)"),
        Field("description", required=False, help="what is built or tried, in a sentence"),
    ),
)

TEST_CARD = RecordKind(
    "test_card",
    "Testkort",
    "Test card",
    (
        Field("prototype", ref="prototype", help="id of the prototype tested"),
        Field("hypothesis", pattern=HYPOTHESIS, help="'Vi tror att …'"),
        Field("test", help="what is done, where and with whom"),
        Field("metric", help="what is measured"),
        Field("criterion", help="the success criterion, e.g. 'minst 60 % vill fortsätta'"),
        Field(
            "threshold",
            "float",
            required=False,
            low=0,
            high=1,
            help="success rate the criterion asks for, 0-1 (when outcomes are counted)",
        ),
        Field("deadline", "date", help="when the test is evaluated"),
        Field("target_group", required=False, help="the target group, from the target-group analysis"),
    ),
)

TEST_LOG = RecordKind(
    "test_log",
    "Testlogg",
    "Test log",
    (
        Field("prototype", ref="prototype", help="id of the prototype tested"),
        Field("test_card", required=False, ref="test_card", help="id of the test card followed"),
        Field("date", "date", help="the day of the test"),
        Field("who", required=False, help="who took part (groups or roles, never names)"),
        Field("n", "int", low=0, high=100000, help="how many took part"),
        Field(
            "successes",
            "int",
            required=False,
            low=0,
            high=100000,
            help="how many of n had the outcome counted as success (when counted)",
        ),
        Field("criterion_met", "bool", required=False, help="whether the success criterion was met"),
        Field("outcome", required=False, help="what happened, in a sentence"),
    ),
    checks=(successes_within_n,),
)

LEARNING_CARD = RecordKind(
    "learning_card",
    "Lärandekort",
    "Learning card",
    (
        Field("prototype", ref="prototype", help="id of the prototype"),
        Field("observation", help="what we saw"),
        Field("learning", help="what we learnt"),
        Field("decision", choices=DECISIONS, help="the team's decision"),
    ),
)

KINDS = (PROTOTYPE, TEST_CARD, TEST_LOG, LEARNING_CARD)

#: Every kind the prototyping analysis reads (the journal's records of these switch it to the journal).
READS = tuple(kind.name for kind in KINDS)
