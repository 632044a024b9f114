"""The housing-provision parameters: a frozen, validated dataclass (each parameter declared once)."""

from __future__ import annotations

from dataclasses import dataclass

from labkit.methods.base import MethodParams, journal_param, param, records_param
from labkit.perspectives import check_perspective
from labkit.validators import check_number, check_text


@dataclass(frozen=True)
class Params(MethodParams):
    """Parameters of one housing-provision analysis (``kommun_kod`` and ``lang`` come from MethodParams).

    ``planned_csv`` is a CSV of planned projects (columns of the ``planned_project`` record); it replaces the
    planned projects of the journal or the examples when given. ``tolerance`` is the balance band of the
    computed survey scale: planned/need within 1 ± tolerance is balans.
    """

    records: str = records_param("housing-provision")
    journal: str = journal_param()
    planned_csv: str = param(
        "",
        "CSV of planned projects (planned_project columns); empty: journal or examples",
        check=lambda name, value: check_text(name, value),
    )
    perspektiv: str = param(
        "",
        "perspective preset: empty for none, unga (13-25) or seniorer (65+, 80+)",
        check=lambda name, value: check_perspective(value),
    )
    tolerance: float = param(
        0.1,
        "balance band of the computed scale: planned/need within 1 plus or minus this",
        check=lambda name, value: check_number(name, value, 0, 1, high_open=True),
    )
