"""Travel times and access measures: nearest service, cumulative opportunities, 2SFCA and gravity (PySAL
access).

Method sources: 2SFCA after Luo & Wang (2003), *Environment and Planning B* 30(6); the gravity measure after
Joseph & Bantock (1982) in the demand-adjusted form of Luo & Wang (2003), both as implemented in PySAL
``access`` (Saxon et al. 2022, *Journal of Open Source Software*).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Minimum travel time (minutes) of the gravity weight, so that a service at the area point has a finite
#: weight.
GRAVITY_MIN_MINUTES = 1.0
#: Capacity-based measures are shown per this many residents.
PER_RESIDENTS = 1000.0


def straight_line_minutes(
    origins: pd.DataFrame, destinations: pd.DataFrame, detour: float, kmh: float
) -> pd.DataFrame:
    """Minutes from each origin to each destination: straight-line distance × ``detour`` at ``kmh``.

    Parameters
    ----------
    origins, destinations : pandas.DataFrame
        Points with ``x`` and ``y`` in SWEREF 99 TM metres, indexed by their codes.
    detour : float
        Network distance over straight-line distance.
    kmh : float
        Speed in km/h.

    Returns
    -------
    pandas.DataFrame
        Origins × destinations.
    """
    dx = origins["x"].to_numpy()[:, None] - destinations["x"].to_numpy()[None, :]
    dy = origins["y"].to_numpy()[:, None] - destinations["y"].to_numpy()[None, :]
    minutes = np.hypot(dx, dy) * detour / (kmh * 1000.0 / 60.0)
    return pd.DataFrame(minutes, index=origins.index, columns=destinations.index)


def matrix_from_pairs(pairs: pd.DataFrame, origins: pd.Index, destinations: pd.Index) -> pd.DataFrame:
    """An origins × destinations matrix from ``origin, destination, minutes`` rows; missing pairs are inf."""
    wide = pairs.pivot_table(index="origin", columns="destination", values="minutes", aggfunc="min")
    return wide.reindex(index=origins, columns=destinations).fillna(np.inf).astype(float)


def nearest(minutes: pd.DataFrame, types: pd.Series) -> pd.DataFrame:
    """Minutes to the nearest service of each type: areas × types (inf when none is reachable)."""
    return minutes.T.groupby(types.to_numpy()).min().T


def within(minutes: pd.DataFrame, types: pd.Series, threshold: float) -> pd.DataFrame:
    """Number of services of each type within ``threshold`` minutes: areas × types."""
    return (minutes <= threshold).T.groupby(types.to_numpy()).sum().T.astype(float)


def to_pairs(minutes: pd.DataFrame) -> pd.DataFrame:
    """The reachable (finite) cells of a matrix as ``origin, destination, minutes`` rows."""
    pairs = minutes.rename_axis(index="origin", columns="destination").stack().rename("minutes").reset_index()
    return pairs[np.isfinite(pairs["minutes"])].reset_index(drop=True)


def _access_frame(demand: pd.Series, supply: pd.Series, pairs: pd.DataFrame) -> object:
    from access import Access

    return Access(
        demand_df=demand.rename("population").rename_axis("area_code").reset_index(),
        demand_index="area_code",
        demand_value="population",
        supply_df=supply.rename("capacity").rename_axis("service_id").reset_index(),
        supply_index="service_id",
        supply_value="capacity",
        cost_df=pairs,
        cost_origin="origin",
        cost_dest="destination",
        cost_name="minutes",
    )


def two_step_fca(demand: pd.Series, supply: pd.Series, pairs: pd.DataFrame, catchment: float) -> pd.Series:
    """Two-step floating catchment area access with PySAL ``access``: capacity per resident.

    Step 1: each service's capacity over the population within ``catchment`` minutes of it. Step 2: each
    area's sum of those ratios over the services within ``catchment`` minutes. Areas that reach no service
    get 0.

    Parameters
    ----------
    demand : pandas.Series
        Population per area code (areas without residents are left out).
    supply : pandas.Series
        Capacity per service id.
    pairs : pandas.DataFrame
        ``origin`` (area code), ``destination`` (service id), ``minutes``.
    catchment : float
        Catchment in minutes (a pair counts when its minutes are at most this).
    """
    demand = demand[demand > 0]
    model = _access_frame(demand, supply, pairs[pairs["origin"].isin(demand.index)])
    values = model.two_stage_fca(name="fca", max_cost=catchment)["fca_capacity"]
    return values.reindex(demand.index).fillna(0.0).astype(float)


def gravity(demand: pd.Series, supply: pd.Series, pairs: pd.DataFrame, beta: float) -> pd.Series:
    """Demand-adjusted gravity access with PySAL ``access``: capacity per resident, weighted by distance
    decay.

    ``A_i = sum_j S_j f(t_ij) / V_j`` with ``V_j = sum_k P_k f(t_kj)`` and ``f(t) = max(t, 1) ** -beta``
    (a 2SFCA without a catchment whose weight decays with travel time).
    """
    from access import weights

    demand = demand[demand > 0]
    model = _access_frame(demand, supply, pairs[pairs["origin"].isin(demand.index)])
    weight = weights.gravity(scale=1.0, alpha=-beta, min_dist=GRAVITY_MIN_MINUTES)
    values = model.two_stage_fca(name="gravity", weight_fn=weight)["gravity_capacity"]
    return values.reindex(demand.index).fillna(0.0).astype(float)


def two_step_fca_numpy(
    population: np.ndarray, capacity: np.ndarray, minutes: np.ndarray, catchment: float
) -> np.ndarray:
    """An independent 2SFCA in plain numpy (areas × services ``minutes``), used to check PySAL ``access``."""
    reach = minutes <= catchment
    demand = (population[:, None] * reach).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(demand > 0, capacity / demand, 0.0)
    return (reach * ratio[None, :]).sum(axis=1)


def capacity_measures(
    population: pd.Series, services: pd.DataFrame, minutes: pd.DataFrame, catchment: float, beta: float
) -> pd.DataFrame:
    """2SFCA and gravity access per area and service type, for the types whose every service has a capacity.

    Returns
    -------
    pandas.DataFrame
        ``area_code, type, measure`` (``"2sfca"`` or ``"gravity"``), ``value`` (capacity per
        :data:`PER_RESIDENTS` residents).
    """
    rows = []
    pairs = to_pairs(minutes)
    for kind, group in services.groupby("type", sort=False):
        if group["capacity"].isna().any():
            continue
        supply = group.set_index("service_id")["capacity"]
        subset = pairs[pairs["destination"].isin(supply.index)]
        for measure, values in (
            ("2sfca", two_step_fca(population, supply, subset, catchment)),
            ("gravity", gravity(population, supply, subset, beta)),
        ):
            rows.append(
                pd.DataFrame(
                    {
                        "area_code": values.index,
                        "type": kind,
                        "measure": measure,
                        "value": values.to_numpy() * PER_RESIDENTS,
                    }
                )
            )
    columns = ["area_code", "type", "measure", "value"]
    return pd.concat(rows, ignore_index=True)[columns] if rows else pd.DataFrame(columns=columns)


def long_table(wide: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Areas × types as ``area_code, type, measure, value`` rows."""
    frame = wide.rename_axis(index="area_code", columns="type").stack().rename("value").reset_index()
    frame["measure"] = measure
    return frame[["area_code", "type", "measure", "value"]]
