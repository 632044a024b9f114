"""Access to the regional housing market: tenure mix per municipality and Theil's H split into a
between-municipality and a within-municipality part.

Theil's information index H (Theil & Finizza 1971; Reardon & Firebaugh 2002) over the areas i of the
region, with entropy ``E = -sum_m P_m ln P_m`` of the tenure shares: ``H = sum_i t_i (E - E_i) / (T E)``.
Pooled over municipalities k it decomposes exactly as ``H = H_between + sum_k (T_k E_k / (T E)) H_k``
with ``H_between = sum_k T_k (E - E_k) / (T E)`` (Theil 1972; Mora & Ruiz-Castillo 2011).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labkit.methods.accessibility.inputs import TENURES


def entropy(counts: np.ndarray) -> np.ndarray:
    """Entropy ``-sum p ln p`` of each row of ``counts`` (``0 ln 0 = 0``)."""
    counts = np.atleast_2d(np.asarray(counts, dtype=float))
    shares = counts / counts.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(shares > 0, shares * np.log(shares), 0.0)
    return -terms.sum(axis=1)


def usable(dwellings: pd.DataFrame) -> pd.DataFrame:
    """The areas with every tenure count known and at least one dwelling."""
    counts = dwellings[list(TENURES)]
    return dwellings[counts.notna().all(axis=1) & counts.sum(axis=1).gt(0)].reset_index(drop=True)


def municipality_table(dwellings: pd.DataFrame) -> pd.DataFrame:
    """One row per municipality of the region and one for the region: tenure mix, entropy, Theil's H and
    the municipality's between and within parts of the regional H.

    Returns
    -------
    pandas.DataFrame
        ``kommun_kod, kommun, n_areas, dwellings, share_<tenure>, entropy, theil_h, between, within``;
        the region row has kommun_kod ``"region"``, its ``theil_h`` is the total H and ``between``/``within``
        the two sums.
    """
    frame = usable(dwellings)
    area_counts = frame[list(TENURES)].to_numpy(dtype=float)
    area_t, area_e = area_counts.sum(axis=1), entropy(area_counts)
    total_t, total_e = area_t.sum(), float(entropy(area_counts.sum(axis=0))[0])
    rows = []
    for (code, name), part in frame.groupby(["kommun_kod", "kommun"], sort=True):
        idx = part.index.to_numpy()
        counts = area_counts[idx].sum(axis=0)
        t_k, e_k = counts.sum(), float(entropy(counts)[0])
        inner = float(np.sum(area_t[idx] * (e_k - area_e[idx])))
        rows.append(
            {
                "kommun_kod": code,
                "kommun": name,
                "n_areas": len(idx),
                "dwellings": t_k,
                **_shares(counts),
                "entropy": e_k,
                "theil_h": inner / (t_k * e_k) if e_k > 0 else np.nan,
                "between": t_k * (total_e - e_k) / (total_t * total_e),
                "within": inner / (total_t * total_e),
            }
        )
    table = pd.DataFrame(rows)
    region = {
        "kommun_kod": "region",
        "kommun": "region",
        "n_areas": len(frame),
        "dwellings": total_t,
        **_shares(area_counts.sum(axis=0)),
        "entropy": total_e,
        "theil_h": float(np.sum(area_t * (total_e - area_e)) / (total_t * total_e)),
        "between": table["between"].sum(),
        "within": table["within"].sum(),
    }
    return pd.concat([table, pd.DataFrame([region])], ignore_index=True)


def _shares(counts: np.ndarray) -> dict[str, float]:
    return {f"share_{t}": float(c / counts.sum()) for t, c in zip(TENURES, counts, strict=True)}


def decomposition(table: pd.DataFrame, kommun_kod: str, region_name: str) -> dict[str, object]:
    """The key figures of the decomposition: region, total, between, within and the municipality's parts.

    ``contribution`` is the municipality's term of the within part, ``T_k E_k H_k / (T E)``;
    ``contribution_between`` its term of the between part. Both are NaN when the municipality is not in
    the region.
    """
    region = table[table["kommun_kod"] == "region"].iloc[0]
    own = table[table["kommun_kod"] == kommun_kod]
    return {
        "region": region_name,
        "municipalities": [str(c) for c in table["kommun_kod"] if c != "region"],
        "n_areas": int(region["n_areas"]),
        "theil_h_total": float(region["theil_h"]),
        "theil_h_between": float(region["between"]),
        "theil_h_within": float(region["within"]),
        "contribution": float(own["within"].iloc[0]) if len(own) else float("nan"),
        "contribution_between": float(own["between"].iloc[0]) if len(own) else float("nan"),
    }
