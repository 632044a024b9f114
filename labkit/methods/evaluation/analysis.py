"""The evaluation: GR indicators and their gaps, a difference-in-differences estimate, surveys and maturity.

Method sources: GR's definition of social sustainability; difference-in-differences with two-way fixed
effects (Angrist & Pischke 2009) and, with few intervention areas, randomisation inference over placebo
assignments (Conley & Taber 2011; MacKinnon & Webb 2020); the lab's four principles and the stages idé → rutin
of the theme *från labb till vardag*; SKR's working model for social investment, whose fifth component is
evaluation against a comparison alternative (see docs/METHODS.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from labkit.errors import InputDataError
from labkit.methods.base import check_matches
from labkit.methods.evaluation.access import area_table as access_area_table
from labkit.methods.evaluation.access import covered_gaps, indicator_table
from labkit.methods.evaluation.did import DidEstimate, did_frame
from labkit.methods.evaluation.did import estimate as did_estimate
from labkit.methods.evaluation.did import trends as did_trends
from labkit.methods.evaluation.indicators import area_table, data_gaps, overview, participation
from labkit.methods.evaluation.inputs import Inputs
from labkit.methods.evaluation.maturity import maturity_table
from labkit.methods.evaluation.params import Params
from labkit.methods.evaluation.survey import change as survey_change
from labkit.methods.evaluation.survey import summary as survey_summary

if TYPE_CHECKING:
    from labkit.methods.accessibility.analysis import Result as AccessResult


@dataclass(frozen=True)
class Result:
    """Everything the evaluation report shows.

    Attributes
    ----------
    overview : the municipality and the region per year, one column per indicator.
    areas : the municipality's areas per year (population, tenure, born abroad, wage income, area type).
    participation : participants and their representation of områdestyp 1-2 (suppressed under 5).
    gaps : keys of the indicators the definition needs but the source lacks (access gaps are dropped when
        services data cover them).
    access : access indicators per service type (``type, gap, n_services, mean_minutes,
        share_within_20min, ratio_born_abroad``), empty without services data; ``access_areas`` the minutes
        to the nearest service per area and type; ``access_result`` the accessibility method's result in
        the same run, or None with ``access_reason`` saying why it is missing.
    did : the difference-in-differences estimate, or None with ``did_problem`` saying why.
    did_frame : the balanced panel the estimate rests on; ``trends`` its yearly group means.
    survey : answers per question, group and wave; ``survey_change`` the change between waves.
    maturity : the latest stage and principle scores per municipality and method.
    """

    params: Params
    kommun_kod: str
    kommun: str
    years: tuple[int, ...]
    synthetic: bool
    overview: pd.DataFrame
    areas: pd.DataFrame
    participation: dict
    participants_origin: str
    gaps: tuple[str, ...]
    intervention: pd.DataFrame
    intervention_origin: str
    did: DidEstimate | None
    did_problem: str
    did_frame: pd.DataFrame
    trends: pd.DataFrame
    survey: pd.DataFrame
    survey_change: pd.DataFrame
    survey_origin: str
    maturity: pd.DataFrame
    access: pd.DataFrame
    access_areas: pd.DataFrame
    access_result: AccessResult | None
    access_reason: str = ""

    @property
    def access_synthetic(self) -> bool:
        """True when the services or area points behind the access indicators are synthetic examples."""
        res = self.access_result
        return res is not None and res.access_available and (res.services_synthetic or res.points_synthetic)


def analyse(inputs: Inputs, params: Params) -> Result:
    """Run the evaluation for one municipality (pure: no disk IO).

    Raises
    ------
    ConfigError
        If ``params`` names another municipality than ``inputs``.
    InputDataError
        If intervention areas given as parameters leave no years or areas to compare.
    """
    check_matches(inputs, params)
    estimate, problem, frame, trends = difference_in_differences(inputs, params)
    table = survey_summary(inputs.survey)
    access_result = inputs.access
    access_table = indicator_table(access_result)
    return Result(
        params=params,
        kommun_kod=inputs.kommun_kod,
        kommun=inputs.kommun,
        years=inputs.years,
        synthetic=inputs.synthetic,
        overview=overview(inputs.panel, inputs.kommun_kod),
        areas=area_table(inputs.panel, inputs.kommun_kod),
        participation=participation(inputs.participants, inputs.panel, inputs.kommun_kod),
        participants_origin=inputs.participants_origin,
        gaps=tuple(
            data_gaps(inputs.extra_tables, inputs.participants_origin, covered=covered_gaps(access_table))
        ),
        intervention=inputs.intervention,
        intervention_origin=inputs.intervention_origin,
        did=estimate,
        did_problem=problem,
        did_frame=frame,
        trends=trends,
        survey=table,
        survey_change=survey_change(table),
        survey_origin=inputs.survey_origin,
        maturity=maturity_table(inputs.maturity),
        access=access_table,
        access_areas=access_area_table(access_result),
        access_result=access_result,
        access_reason=inputs.access_reason,
    )


def comparison_areas(inputs: Inputs, params: Params, treated: list[str]) -> list[str]:
    """The comparison areas: the municipality's other areas, or every other area of the source."""
    pool = inputs.local if params.comparison == "municipality" else inputs.panel
    return sorted(set(pool["area_code"]) - set(treated))


def difference_in_differences(inputs: Inputs, params: Params):
    """The estimate, the reason it is missing (""), its panel and yearly means.

    A design problem raises when the intervention was given as parameters, and is reported otherwise.
    """
    treated = sorted(inputs.intervention["area_code"])
    start = int(inputs.intervention["start_year"].iloc[0])
    try:
        frame, dropped = did_frame(
            inputs.panel, params.outcome, treated, comparison_areas(inputs, params, treated), start
        )
    except InputDataError as err:
        if inputs.intervention_origin == "parameter":
            raise
        return None, str(err), pd.DataFrame(), pd.DataFrame()
    estimate = did_estimate(
        frame,
        standard_errors=params.standard_errors,
        confidence=params.confidence,
        dropped=dropped,
        inference=params.inference,
        permutations=params.permutations,
        seed=params.seed,
    )
    return estimate, "", frame, did_trends(frame)
