"""The co-creation analysis parameters: a frozen dataclass, each parameter declared once, checked when
made."""

from __future__ import annotations

from dataclasses import dataclass

from labkit.methods.base import MethodParams, journal_param, param, records_param
from labkit.validators import check_choice, check_int, check_text, check_year

#: Where the workshop records come from: the live journal, the invented examples, or the journal if it exists.

#: Groups the representativeness figures in results.json compare.
DIMENSIONS = ("omradestyp", "area")


def _year(value: int) -> int | None:
    """The notebook's ``year``: 0 means the latest year in the source."""
    return None if value == 0 else value


@dataclass(frozen=True)
class Params(MethodParams):
    """Parameters of one co-creation analysis (``kommun_kod`` and ``lang`` come from :class:`MethodParams`).

    Attributes
    ----------
    records : str
        ``"auto"`` reads the lab journal when it holds co-creation records, else the invented example
        records; ``"journal"`` or ``"examples"`` force one of them.
    journal : str
        Path of the journal; empty means ``labs/<kommun_kod>/labbok.sqlite``.
    workshop : str
        Analyse one workshop id; empty means every workshop in the journal.
    year : int or None
        Population year to compare with (None: the latest in the source).
    dimension : str
        ``"omradestyp"`` (SCB/Delmos area type) or ``"area"``: the comparison in results.json.
    min_cell : int
        Participant counts from 1 to ``min_cell - 1`` are suppressed in tables, charts and results.
    top : int
        Ideas listed in the ranking.
    min_votes : int
        Statement votes a participant needs to be placed in an opinion group (Pol.is uses 7).
    seed : int
        Seed of the k-means runs and of the Monte Carlo representativeness p-value (same seed, same
        opinion groups and p-values).
    """

    records: str = records_param("co-creation")
    journal: str = journal_param()
    workshop: str = param(
        "",
        "workshop id to analyse and to write to; empty means all (new entries get today's date)",
        check=lambda name, value: check_text(name, value),
    )
    year: int | None = param(
        None,
        "population year to compare with; 0 means the latest year in the source",
        check=lambda name, value: check_year(value, name, latest=True),
        parse=_year,
        notebook=0,
    )
    dimension: str = param(
        "omradestyp",
        "representativeness recorded in results.json: omradestyp or area",
        check=lambda name, value: check_choice(name, value, DIMENSIONS),
    )
    min_cell: int = param(
        5,
        "participant counts from 1 up to this minus one are suppressed",
        check=lambda name, value: check_int(name, value, 1, 100),
    )
    top: int = param(
        10, "number of ideas in the ranking", check=lambda name, value: check_int(name, value, 1, 100)
    )
    min_votes: int = param(
        7,
        "statement votes a participant needs to join an opinion group (Pol.is uses 7)",
        check=lambda name, value: check_int(name, value, 1, 1000),
    )
    seed: int = param(
        0,
        "seed of the k-means runs and Monte Carlo p-values (same seed, same results)",
        check=lambda name, value: check_int(name, value, 0, 2**32 - 1),
    )
