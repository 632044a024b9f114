"""Gather what the evaluation reads: area panel, interventions, survey answers, maturity, participants."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labkit import likert
from labkit.data.dataset import Dataset, shared
from labkit.errors import ConfigError, InputDataError
from labkit.methods.base import Records, read_records
from labkit.methods.evaluation.params import Params

if TYPE_CHECKING:
    from labkit.lab import LabContext
    from labkit.methods.accessibility.analysis import Result as AccessResult

#: Where each kind of input came from: given as a parameter or file, the live journal, or the invented
#: examples.
ORIGINS = ("parameter", "file", "journal", "example", "none")

#: Columns of the survey table every source is brought to.
SURVEY_COLUMNS = ("respondent", "question", "level", "group", "wave")

#: The example maturity assessments shipped with the method (invented).
EXAMPLE_MATURITY = Path(__file__).with_name("example_maturity.json")

#: Count columns of the panel.
COUNTS = ("born_in_sweden", "born_abroad", "total", "hyresratt", "bostadsratt", "aganderatt")


@dataclass(frozen=True)
class Inputs:
    """Everything the evaluation reads, each part tagged with where it came from (see :data:`ORIGINS`).

    ``panel`` has one row per area and year of the whole source: codes, names, counts, ``dwellings``,
    ``share_hyresratt``, ``share_born_abroad``, ``mean_tkr``, ``omradestyp``. ``intervention`` has
    ``area_code, start_year, title``; ``survey`` the columns of :data:`SURVEY_COLUMNS`; ``maturity`` one
    row per municipality and toolbox method (the latest assessment); ``participants`` one row per
    participant with ``area_code`` (may be missing). ``access`` is the accessibility method's result in the
    same run (the access indicators), or None with ``access_reason`` saying why it is missing.
    """

    kommun_kod: str
    kommun: str
    municipalities: pd.DataFrame
    panel: pd.DataFrame
    years: tuple[int, ...]
    intervention: pd.DataFrame
    intervention_origin: str
    survey: pd.DataFrame
    survey_origin: str
    maturity: pd.DataFrame
    participants: pd.DataFrame
    participants_origin: str
    synthetic: bool
    source: str
    extra_tables: tuple[str, ...] = ()
    access: AccessResult | None = None
    access_reason: str = ""

    @property
    def local(self) -> pd.DataFrame:
        """The panel rows of the chosen municipality."""
        return self.panel[self.panel["kommun_kod"] == self.kommun_kod]


def load_inputs(ctx: LabContext, params: Params) -> Inputs:
    """Read the source, the lab journals (when they exist), the example records and the access indicators.

    Parameters
    ----------
    ctx : LabContext
        What ``lab.open`` gives: the dataset (a source in canonical form) and the run folder, where the
        accessibility method's result is handed over (``ctx.upstream("accessibility")``).
    params : Params
        The evaluation parameters (``labs_root`` is the folder holding ``labs/<kommun_kod>/labbok.sqlite``;
        empty means the repository root).

    Raises
    ------
    ConfigError
        If the municipality or an intervention area is not in the source, or the intervention year is missing.
    InputDataError
        If a survey file or journal record is malformed.
    """
    dataset = ctx.dataset
    labs_root = params.labs_root or None
    municipalities = dataset.municipalities()
    names = municipalities.set_index("kommun_kod")["kommun"]
    if params.kommun_kod not in names.index:
        raise ConfigError(
            f"municipality not in source '{dataset.source}'",
            column="kommun_kod",
            expected="one of " + ", ".join(names.index),
            found=repr(params.kommun_kod),
        )
    panel = shared(dataset, "evaluation.panel", lambda: build_panel(dataset))
    years = tuple(sorted(int(y) for y in panel["year"].unique()))
    intervention, origin = resolve_intervention(panel, params, labs_root)
    survey, survey_origin = resolve_survey(params, labs_root, None)
    participants, participants_origin = resolve_participants(params.kommun_kod, labs_root, None)
    upstream = ctx.upstream("accessibility")
    return Inputs(
        kommun_kod=params.kommun_kod,
        kommun=str(names[params.kommun_kod]),
        municipalities=municipalities,
        panel=panel,
        years=years,
        intervention=intervention,
        intervention_origin=origin,
        survey=survey,
        survey_origin=survey_origin,
        maturity=resolve_maturity(municipalities, labs_root),
        participants=participants,
        participants_origin=participants_origin,
        synthetic=dataset.is_synthetic,
        source=dataset.source,
        extra_tables=tuple(sorted(dataset.extra)),
        access=upstream.result,
        access_reason=upstream.reason,
    )


# --------------------------------------------------------------------------- the area panel


def _float(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype=float, na_value=np.nan)


def build_panel(dataset: Dataset) -> pd.DataFrame:
    """One row per area and year: counts, tenure and birth-region shares, mean wage income, area type."""
    keys = ["area_code", "year"]
    area_type = dataset.area_type.sort_values("year").drop_duplicates("area_code", keep="last")
    panel = (
        dataset.areas[["area_code", "area_name", "kommun_kod", "kommun"]]
        .merge(dataset.population_by_birth_region, on="area_code", how="inner")
        .merge(dataset.dwellings_by_tenure.drop(columns="missing", errors="ignore"), on=keys, how="left")
        .merge(dataset.wage_income[[*keys, "mean_tkr"]], on=keys, how="left")
        .merge(area_type[["area_code", "omradestyp"]], on="area_code", how="left")
    )
    for column in (*COUNTS, "mean_tkr", "omradestyp"):
        panel[column] = _float(panel[column])
    panel["year"] = panel["year"].astype(int)
    panel["dwellings"] = panel["hyresratt"] + panel["bostadsratt"] + panel["aganderatt"]
    with np.errstate(divide="ignore", invalid="ignore"):
        panel["share_hyresratt"] = panel["hyresratt"] / panel["dwellings"].where(panel["dwellings"] > 0)
        panel["share_born_abroad"] = panel["born_abroad"] / panel["total"].where(panel["total"] > 0)
    return panel.sort_values(["kommun_kod", "year", "area_code"], ignore_index=True)


# --------------------------------------------------------------------------- interventions


def _records(kommun_kod: str, labs_root: str | Path | None, kind: str, examples=None) -> Records:
    """One kind of record by the one rule (:func:`labkit.methods.base.read_records`): the journal's records of
    this kind when it holds any, else the example records (as they are: not journal-shaped), else none."""
    from labkit.capture.journal import journal_path

    return read_records(journal_path(kommun_kod, labs_root), (kind,), "auto", examples=examples)


def _example(kommun_kod: str, name: str, data_dir: str | Path | None):
    """A loader of the municipality's example table ``name`` keyed by record kind (None when it has none)."""
    kind = {"survey": "survey_answer", "participants": "participant"}[name]

    def load() -> dict | None:
        from labkit.data.bundled import example_records

        try:
            return {kind: example_records(kommun_kod, name, data_dir)}
        except ConfigError:
            return None

    return load


def resolve_intervention(
    panel: pd.DataFrame, params: Params, labs_root: str | Path | None
) -> tuple[pd.DataFrame, str]:
    """The intervention areas and start year: the parameters, else the journal, else a labelled example."""
    local = panel[panel["kommun_kod"] == params.kommun_kod]
    if params.intervention_areas:
        return _from_parameters(local, params), "parameter"
    found = _records(params.kommun_kod, labs_root, "intervention")
    if found.origin == "journal":
        records = found.frames["intervention"]
        records = records[records["area_code"].isin(local["area_code"])]
        if not records.empty:
            return _one_start_year(records, params), "journal"
    return example_intervention(local), "example"


def _from_parameters(local: pd.DataFrame, params: Params) -> pd.DataFrame:
    codes = sorted(local["area_code"].unique())
    unknown = [c for c in params.intervention_areas if c not in codes]
    if unknown:
        raise ConfigError(
            "intervention area not in the municipality",
            column="intervention_areas",
            expected="codes among " + ", ".join(codes),
            found=repr(unknown[0]),
        )
    if params.intervention_year is None:
        raise ConfigError(
            "intervention year missing",
            column="intervention_year",
            expected="the first year of the intervention, e.g. 2022",
            found="0 (not given)",
        )
    return pd.DataFrame(
        {"area_code": list(params.intervention_areas), "start_year": params.intervention_year, "title": ""}
    )


def _one_start_year(records: pd.DataFrame, params: Params) -> pd.DataFrame:
    """The journal's intervention records with one start year (the parameter's, if given)."""
    years = sorted(int(y) for y in records["start_year"].unique())
    if params.intervention_year is not None:
        records = records[records["start_year"] == params.intervention_year]
    elif len(years) > 1:
        raise ConfigError(
            "interventions in the journal start in different years",
            column="intervention_year",
            expected="one of " + ", ".join(map(str, years)) + " to choose which to evaluate",
            found="0 (not given)",
        )
    if records.empty:
        raise ConfigError(
            "no intervention in the journal starts that year",
            column="intervention_year",
            expected="one of " + ", ".join(map(str, years)),
            found=repr(params.intervention_year),
        )
    frame = records[["area_code", "start_year", "title"]].drop_duplicates("area_code")
    return frame.astype({"start_year": int}).reset_index(drop=True)


def example_intervention(local: pd.DataFrame) -> pd.DataFrame:
    """An invented example: the area with the lowest mean wage income in the first year, from the middle year.

    Used only when neither the parameters nor the journal name an intervention; the report says so.
    """
    years = sorted(local["year"].unique())
    first = local[local["year"] == years[0]].sort_values(["mean_tkr", "area_code"], na_position="last")
    start = int(years[len(years) // 2]) if len(years) > 1 else int(years[0])
    return pd.DataFrame(
        {
            "area_code": [first["area_code"].iloc[0]],
            "start_year": [start],
            "title": ["Påhittad exempelinsats"],
        }
    )


# --------------------------------------------------------------------------- survey answers


def resolve_survey(
    params: Params, labs_root: str | Path | None, data_dir: str | Path | None
) -> tuple[pd.DataFrame, str]:
    """Survey answers from the CSV parameter, else the journal, else the example records."""
    if params.survey_csv:
        return read_survey_csv(params.survey_csv), "file"
    found = _records(
        params.kommun_kod, labs_root, "survey_answer", _example(params.kommun_kod, "survey", data_dir)
    )
    records = found.frames["survey_answer"]
    if found.origin == "journal":
        return _survey_frame(records, records["answer"], "journal"), "journal"
    if found.origin == "none":
        return pd.DataFrame(columns=list(SURVEY_COLUMNS)), "none"
    return _survey_frame(records, records["answer"], "examples/survey.csv"), "example"


def _survey_frame(records: pd.DataFrame, answers: pd.Series, path: str) -> pd.DataFrame:
    """Bring survey records to :data:`SURVEY_COLUMNS`; missing groups become "Alla", missing waves 1."""
    group = records["group"] if "group" in records else pd.Series(np.nan, index=records.index)
    wave = records["wave"] if "wave" in records else pd.Series(1, index=records.index)
    return pd.DataFrame(
        {
            "respondent": records["respondent"].astype(str).to_numpy(),
            "question": records["question"].astype(str).str.strip().to_numpy(),
            "level": likert.to_level(answers.reset_index(drop=True), path=path).to_numpy(),
            "group": group.where(group.notna() & (group.astype(str).str.strip() != ""), "Alla")
            .astype(str)
            .to_numpy(),
            "wave": pd.to_numeric(wave, errors="coerce").fillna(1).astype(int).to_numpy(),
        }
    )


def read_survey_csv(path: str | Path) -> pd.DataFrame:
    """Read a survey CSV: ``respondent, question, answer`` and optionally ``group`` and ``wave``.

    The delimiter may be ``,`` or ``;``; answers are the Swedish five-point labels or 1-5.

    Raises
    ------
    InputDataError
        If the file cannot be read, a column is missing, a wave is not a whole number or an answer is off
        the scale.
    """
    from labkit.data.csvread import decode, detect_delimiter, read_bytes

    path = Path(path)
    text, _encoding = decode(read_bytes(path))
    try:
        frame = pd.read_csv(io.StringIO(text), sep=detect_delimiter(text), dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as err:
        raise InputDataError(
            "cannot read the file as CSV", path=path, found=str(err).splitlines()[0]
        ) from err
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in ("respondent", "question", "answer") if c not in frame.columns]
    if missing:
        raise InputDataError(
            "missing columns " + ", ".join(missing),
            path=path,
            expected="columns respondent, question, answer (and optionally group, wave)",
            found="columns " + ", ".join(frame.columns),
        )
    _check_waves(frame, path)
    return _survey_frame(frame, frame["answer"], str(path))


def _check_waves(frame: pd.DataFrame, path: Path) -> None:
    if "wave" not in frame:
        return
    bad = ~frame["wave"].str.strip().str.fullmatch(r"\d{1,2}")
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputDataError(
            "invalid value",
            path=path,
            line=row + 2,
            column="wave",
            expected="a whole number such as 1 or 2",
            found=repr(frame["wave"].iloc[row]),
        )


# --------------------------------------------------------------------------- maturity and participants


def resolve_maturity(municipalities: pd.DataFrame, labs_root: str | Path | None) -> pd.DataFrame:
    """The latest maturity assessment per municipality and method: the journal where one exists, else
    examples."""
    from labkit.capture.journal import journal_path

    examples = pd.DataFrame(json.loads(EXAMPLE_MATURITY.read_text(encoding="utf-8"))["records"])
    by_code = dict(tuple(examples.groupby("kommun_kod", sort=False)))
    frames = []
    first_example = True
    for code in municipalities["kommun_kod"]:  # each municipality's journal by the one rule
        # Only a journal file can hold records: without one the rule gives the examples, so the (typed,
        # empty) frames of a journal-less municipality are not built at all (most of the 290 have none).
        found = _records(code, labs_root, "maturity") if journal_path(code, labs_root).is_file() else None
        if found is not None and found.origin == "journal":
            latest = found.frames["maturity"].drop_duplicates("method", keep="last")
            frames.append(latest.assign(kommun_kod=code, origin="journal"))
        elif code in by_code or first_example:
            # Empty example slices add no rows; the first one is kept so that the columns' order and
            # dtypes of the concatenation are those of one frame per municipality.
            rows = by_code.get(code, examples.iloc[0:0])
            frames.append(rows.assign(origin="example"))
            first_example = False
    frame = pd.concat(frames, ignore_index=True) if frames else examples.iloc[0:0].assign(origin="")
    return frame.merge(municipalities, on="kommun_kod", how="left")


def resolve_participants(
    kommun_kod: str, labs_root: str | Path | None, data_dir: str | Path | None
) -> tuple[pd.DataFrame, str]:
    """Workshop participants with their home area: the journal, else the example records."""
    found = _records(kommun_kod, labs_root, "participant", _example(kommun_kod, "participants", data_dir))
    records = found.frames["participant"]
    if found.origin == "journal":
        return pd.DataFrame({"area_code": records["home_area"].to_numpy()}), "journal"
    if found.origin == "none":
        return pd.DataFrame({"area_code": pd.Series(dtype=object)}), "none"
    return pd.DataFrame({"area_code": records["area_code"].to_numpy()}), "example"
