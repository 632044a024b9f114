"""Access indicators of the evaluation, taken from the accessibility method's result in the same run.

Method source: GR's definition asks for equal access to service, public transport and recreation and for
meeting places. The measures (population-weighted mean minutes to the nearest service, the share within 20
minutes and the ratio between residents born abroad and born in Sweden) are those of the accessibility
method's result (handed over by ``ctx.upstream("accessibility")``), so both reports give the same numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from labkit.methods.accessibility.analysis import MAIN_MEASURE

if TYPE_CHECKING:
    from labkit.methods.accessibility.analysis import Result as AccessResult

#: The data gap of GR's definition that each service type fills (keys of ``indicators.ALWAYS_MISSING``).
GAP_OF_TYPE = {
    "grundskola": "service",
    "förskola": "service",
    "gymnasieskola": "service",
    "vårdcentral": "service",
    "apotek": "service",
    "bibliotek": "service",
    "livsmedelsbutik": "service",
    "hållplats": "transport",
    "grönområde": "green",
    "idrottsplats": "green",
    "mötesplats": "meeting",
}

#: Columns of the per-type indicator table.
COLUMNS = ("type", "gap", "n_services", "mean_minutes", "share_within_20min", "ratio_born_abroad")


def indicator_table(result: AccessResult | None) -> pd.DataFrame:
    """One row per service type with the columns of :data:`COLUMNS`; empty when access cannot be computed."""
    if result is None or not result.access_available:
        return pd.DataFrame(columns=list(COLUMNS))
    summary = result.summary
    table = pd.DataFrame(
        {
            "type": summary["type"].astype(str),
            "gap": summary["type"].map(GAP_OF_TYPE),
            "n_services": summary["n_services"].astype(int),
            "mean_minutes": summary["mean_minutes"].astype(float),
            "share_within_20min": summary["share_within_20"].astype(float),
            "ratio_born_abroad": summary["ratio_born_abroad"].astype(float),
        }
    )
    return table.reset_index(drop=True)


def area_table(result: AccessResult | None) -> pd.DataFrame:
    """Minutes to the nearest service per area (rows) and service type (columns, report order)."""
    if result is None or not result.access_available:
        return pd.DataFrame(columns=["area_code", "area_name", "population"])
    nearest = result.access[result.access["measure"] == MAIN_MEASURE]
    wide = nearest.pivot(index="area_code", columns="type", values="value")
    wide = wide[list(dict.fromkeys(nearest["type"]))]
    areas = result.areas.set_index("area_code")[["area_name", "total"]].rename(
        columns={"total": "population"}
    )
    table = areas.join(wide, how="inner").reset_index()
    table.columns.name = None
    return table


def covered_gaps(table: pd.DataFrame) -> tuple[str, ...]:
    """The data gaps the services data fill: those with at least one service type in ``table``."""
    return tuple(sorted(set(table["gap"].dropna())))
