"""The co-creation analysis: ideas, ranking, dots, representativeness, the ladder, opinion groups,
stakeholders.

Method sources: GR's *Metoder för medskapande innovationsprocesser* with Innovationsguiden's templates,
Boverket's delaktighetstrappa, the representativeness measures of
:mod:`labkit.methods.cocreation.representation`, the Pol.is opinion-group pipeline (see
:mod:`labkit.methods.cocreation.opinion`) and Mendelow's power/interest grid.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

import labkit.methods.cocreation.ideas as idea_stats
import labkit.methods.cocreation.representation as rep
from labkit.capture.kinds.common import LADDER
from labkit.charts import format_number
from labkit.methods.cocreation.inputs import Inputs
from labkit.methods.cocreation.opinion import OpinionGroups, opinion_groups
from labkit.methods.cocreation.params import Params
from labkit.methods.cocreation.text import opinion_notes, words
from labkit.render import escape_html
from labkit.terms import counted

#: Power or interest at or above this (on 1–5) counts as high in the stakeholder grid.
HIGH = 3

#: The quadrants of the power/interest grid: (high power, high interest) → key.
QUADRANTS = {
    (True, True): "manage_closely",
    (True, False): "keep_satisfied",
    (False, True): "keep_informed",
    (False, False): "monitor",
}


@dataclass(frozen=True)
class Result:
    """Everything the co-creation report shows.

    Participant counts are kept unsuppressed here; every table, chart and key figure suppresses
    counts below ``params.min_cell``. Names never reach the result (the journal leaves them out).

    Attributes
    ----------
    participants : the participants (pseudonym, role, age band, gender, home area).
    room : participants per role, by where they live.
    rounds : ideas per brainwriting round.
    tree : the build-on tree in reading order.
    scores : the priority scores that count (latest, self-votes masked).
    ranking : ideas by mean score with spread, raters, sum and dots.
    kendall : Kendall's W on every score (incomplete-block W and the Skillings–Mack test unless every
        rater scored every idea), with the raters, ideas and scores it used.
    dots : dots per idea.
    representation : the comparisons with the population, by ``"omradestyp"`` and by ``"area"``.
    missing : areas from the target-group analysis and how many of their residents were in the room.
    ladder : one row per activity with its step on Boverket's delaktighetstrappa.
    statements : the statements (id and text).
    opinions : the opinion groups (None when there are no statement votes).
    stakeholders : the latest power and interest of each stakeholder with its quadrant.
    notes : Markdown paragraphs the report must show.
    target_groups_note : why the target-group analysis' groups are missing (empty when they are here).
    """

    params: Params
    kommun_kod: str
    kommun: str
    origin: str
    year: int
    area_type_year: int | None
    synthetic: bool
    participants: pd.DataFrame
    room: pd.DataFrame
    ideas: pd.DataFrame
    rounds: pd.DataFrame
    tree: pd.DataFrame
    scores: pd.DataFrame
    masked_self_votes: int
    ranking: pd.DataFrame
    kendall: dict
    dots: pd.DataFrame
    representation: dict
    missing: pd.DataFrame
    ladder: pd.DataFrame
    statements: pd.DataFrame
    opinions: OpinionGroups | None
    stakeholders: pd.DataFrame
    notes: tuple[str, ...]
    target_groups_note: str = ""

    @property
    def primary(self) -> rep.Comparison:
        """The comparison ``params.dimension`` names (the one results.json records)."""
        return self.representation[self.params.dimension]

    @property
    def residents(self) -> int:
        """Participants who live in the municipality (by their home area)."""
        return self.primary.n

    def _repr_html_(self) -> str:
        """A short HTML summary of what the analysis read (the result's notebook display)."""
        lang, low = self.params.lang, self.params.min_cell

        def count(n: int) -> str:  # a participant count below min_cell reads "färre än <min_cell>"
            return words("fewer_than", lang, n=low) if 0 < n < low else str(n)

        counts = {
            "participants": count(len(self.participants)),
            "residents": count(self.residents),
            **{
                key: counted(number, noun, lang)
                for key, noun, number in (
                    ("ideas", "idea", len(self.ideas)),
                    ("rounds", "round", len(self.rounds)),
                    ("scores", "score", len(self.scores)),
                    ("dots", "dot", int(self.dots["dots"].sum()) if not self.dots.empty else 0),
                    ("statements", "statement", len(self.statements)),
                    ("stakeholders", "stakeholder", len(self.stakeholders)),
                )
            },
        }
        title = escape_html(words("summary_title", lang, kommun=self.kommun))
        return f"<h4>{title}</h4><p>{escape_html(words('summary', lang, **counts))}</p>"


def analyse(inputs: Inputs, params: Params) -> Result:
    """Run every part of the co-creation analysis on the records and the population (no disk access).

    Parameters
    ----------
    inputs : Inputs
        From :func:`labkit.methods.cocreation.load_inputs`.
    params : Params
        Suppression threshold, ranking length, seed and the opinion-group vote minimum.

    Returns
    -------
    Result
    """
    records = inputs.records
    ideas = records["idea"]
    scores, masked = idea_stats.clean_scores(records["priority_score"], ideas)
    dots = idea_stats.dot_tally(records["dot"], ideas)
    people = rep.residents(records["participant"], inputs.areas)
    opinions = _opinions(records["statement_vote"], records["statement"], params)
    kendall = idea_stats.kendall_w(idea_stats.rater_matrix(scores), seed=params.seed)
    return Result(
        params=params,
        kommun_kod=inputs.kommun_kod,
        kommun=inputs.kommun,
        origin=inputs.origin,
        year=inputs.year,
        area_type_year=inputs.area_type_year,
        synthetic=inputs.synthetic,
        participants=records["participant"],
        room=rep.room(records["participant"], inputs.areas),
        ideas=ideas,
        rounds=idea_stats.ideas_per_round(ideas),
        tree=idea_stats.build_on_tree(ideas, records["yes_and"]),
        scores=scores,
        masked_self_votes=masked,
        kendall=kendall,
        ranking=idea_stats.ranking(scores, ideas, dots.set_index("idea")["dots"] if not dots.empty else None),
        dots=dots,
        representation={
            "omradestyp": rep.by_area_type(people, inputs.areas, params.seed),
            "area": rep.by_area(people, inputs.areas, params.seed),
        },
        missing=rep.missing_from_room(inputs.target_groups, people),
        ladder=ladder(records["activity"]),
        statements=records["statement"][["id", "text"]].reset_index(drop=True),
        opinions=opinions,
        stakeholders=stakeholder_grid(records["stakeholder"]),
        notes=_notes(inputs, params, masked, kendall, opinions),
        target_groups_note=inputs.target_groups_note,
    )


def _opinions(votes: pd.DataFrame, statements: pd.DataFrame, params: Params) -> OpinionGroups | None:
    if not votes["statement"].isin(statements["id"]).any():
        return None
    # A vote on a statement that is no longer live (retracted, e.g. moderated out in Pol.is) counts as
    # Pol.is counts a moderated-out statement: set to 0 for everyone and never listed.
    struck = sorted(set(votes["statement"]) - set(statements["id"]))
    return opinion_groups(
        votes[["participant", "statement", "vote"]],
        seed=params.seed,
        min_votes=params.min_votes,
        moderated_out=struck,
    )


def ladder(activities: pd.DataFrame) -> pd.DataFrame:
    """Each activity with its step (1–4) on Boverket's delaktighetstrappa and whether it gives influence."""
    steps = [LADDER.index(level) + 1 for level in activities["level"]]
    return pd.DataFrame(
        {
            "activity": activities["name"].to_numpy(),
            "date": activities["date"].to_numpy(),
            "level": activities["level"].to_numpy(),
            "step": pd.array(steps, dtype="int64"),
            "influence": [s >= 2 for s in steps],
        }
    )


def stakeholder_grid(stakeholders: pd.DataFrame) -> pd.DataFrame:
    """The latest entry per stakeholder name with its Mendelow quadrant, by power then interest."""
    latest = stakeholders.drop_duplicates("name", keep="last")
    table = latest[["name", "category", "power", "interest", "note"]].astype(
        {"power": "int64", "interest": "int64"}
    )
    table["quadrant"] = [
        QUADRANTS[(p >= HIGH, i >= HIGH)] for p, i in zip(table["power"], table["interest"], strict=True)
    ]
    return table.sort_values(["power", "interest", "name"], ascending=[False, False, True], ignore_index=True)


def _notes(
    inputs: Inputs, params: Params, masked: int, kendall: dict, opinions: OpinionGroups | None
) -> tuple:
    lang = params.lang
    notes = [
        words(
            f"origin_{inputs.origin}",
            lang,
            kommun=inputs.kommun,
            path=inputs.journal_path,
            workshop=inputs.workshop or words("all_workshops", lang),
        )
    ]
    notes.append(words("suppressed", lang, min_cell=params.min_cell, below=params.min_cell - 1))
    if masked:
        notes.append(words("self_votes", lang, n=masked))
    if kendall["raters"] >= 2 and kendall["ideas"] >= 2:
        key = "kendall_complete" if kendall["complete"] else "kendall_incomplete"
        notes.append(
            words(key, lang, raters=kendall["raters"], ideas=kendall["ideas"], scores=kendall["scores"])
        )
        if kendall["p_method"] == "permutation":
            notes.append(
                words(
                    "kendall_permutation",
                    lang,
                    draws=format_number(float(idea_stats.PERMUTATIONS), 0, lang),
                    seed=params.seed,
                )
            )
    if inputs.pending_statements:
        notes.append(words("pending_statements", lang, n=inputs.pending_statements))
    if opinions is not None:
        notes += opinion_notes(opinions, lang, params.min_cell)
    if inputs.target_groups is None:
        notes.append(words("target_failed", lang, error=inputs.target_groups_note))
    notes.append(words("groups_unchecked", lang))
    return tuple(notes)
