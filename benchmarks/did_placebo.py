"""Benchmark: size of the difference-in-differences test on the real RegSO wage panel, placebo start 2022.

No intervention started in 2022, so every rejection at 5 % is a false one. For each municipality and number of
placebo intervention areas (2, 5, 20) the script draws random sets of areas, runs the test with the old
default (HC1 standard errors), clustered standard errors, randomisation inference and the new default
(randomisation inference below 10 intervention areas, clustered standard errors from 10), and prints the
rejection rates.

    PYTHONPATH=. python benchmarks/did_placebo.py [--draws 2000] [--municipalities 1480 0180]

The regression p-values for many draws come from ``did.model_p_values`` (Frisch-Waugh-Lovell); the script
first checks them against statsmodels on a few draws. Randomisation inference uses
``did.randomisation_inference`` with the library's defaults (every assignment when there are at most 50 000,
else 9 999 seeded random ones) for fewer than 10 areas, where it is the new default; from 10 areas (where the
default is clustered standard errors) the randomisation column uses ``--ri-permutations`` random assignments
(999) to keep the run short.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from labkit.data.sources import load_source
from labkit.methods.evaluation import did
from labkit.methods.evaluation.inputs import build_panel

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "scb"
START = 2022
ALPHA = 0.05


def municipality_frame(panel: pd.DataFrame, kommun_kod: str, treated: list[str]) -> pd.DataFrame:
    codes = sorted(panel.loc[panel["kommun_kod"] == kommun_kod, "area_code"].unique())
    frame, _ = did.did_frame(panel, "mean_tkr", treated, sorted(set(codes) - set(treated)), START)
    return frame


def check_against_statsmodels(
    panel: pd.DataFrame,
    kommun_kod: str,
    codes: list[str],
    masks: np.ndarray,
    wide: np.ndarray,
    post: np.ndarray,
) -> None:
    """The vectorised HC1 and clustered p-values equal statsmodels' on the first three draws."""
    for mask in masks[:3]:
        frame = municipality_frame(panel, kommun_kod, [c for c, m in zip(codes, mask, strict=True) if m])
        for kind in ("hc1", "cluster"):
            fast = did.model_p_values(wide, post, mask[None, :], kind)[0]
            slow = did.estimate(frame, standard_errors=kind, inference="model").p
            if not math.isclose(fast, slow, rel_tol=1e-7, abs_tol=1e-12):
                sys.exit(f"{kommun_kod} {kind}: vectorised p {fast!r} differs from statsmodels' {slow!r}")


def rates(
    panel: pd.DataFrame, kommun_kod: str, size: int, draws: int, seed: int, ri_permutations: int
) -> dict[str, object]:
    codes = sorted(panel.loc[panel["kommun_kod"] == kommun_kod, "area_code"].unique())
    frame = municipality_frame(panel, kommun_kod, codes[:size])
    wide, post, wide_codes = did.wide_outcome(frame)
    assert wide_codes == codes
    values, _ = did.area_changes(frame)
    rng = np.random.default_rng(seed)
    masks = np.zeros((draws, len(codes)), dtype=bool)
    for row in masks:
        row[rng.choice(len(codes), size, replace=False)] = True
    check_against_statsmodels(panel, kommun_kod, codes, masks, wide, post)
    started = time.perf_counter()
    hc1 = did.model_p_values(wide, post, masks, "hc1")
    cluster = did.model_p_values(wide, post, masks, "cluster")
    # From 10 areas the default is the clustered errors; the randomisation column is shown for comparison,
    # with fewer random assignments there to keep the run short.
    permutations = 9999 if did.uses_randomisation("auto", size) else ri_permutations
    ri = np.array(
        [
            did.randomisation_inference(
                values, mask, permutations=permutations, seed=seed + i, interval=False
            ).p
            for i, mask in enumerate(masks)
        ]
    )
    seconds = time.perf_counter() - started
    default = ri if did.uses_randomisation("auto", size) else cluster
    return {
        "kommun": kommun_kod,
        "areas": len(codes),
        "treated": size,
        "draws": draws,
        "hc1": np.mean(hc1 <= ALPHA),
        "cluster": np.mean(cluster <= ALPHA),
        "randomisation": np.mean(ri <= ALPHA),
        "default": np.mean(default <= ALPHA),
        "default_method": "randomisation" if did.uses_randomisation("auto", size) else "cluster",
        "seconds": seconds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="folder of the SCB RegSO exports"
    )
    parser.add_argument("--municipalities", nargs="+", default=["1480", "0180"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[2, 5, 20])
    parser.add_argument(
        "--draws", type=int, default=2000, help="random placebo sets per municipality and size"
    )
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument(
        "--ri-permutations",
        type=int,
        default=999,
        help="random assignments of the randomisation column from 10 treated areas on",
    )
    args = parser.parse_args(argv)
    from threadpoolctl import threadpool_limits

    threadpool_limits(
        limits=1, user_api="blas"
    )  # small regressions: one BLAS thread is fastest on shared cores
    panel = build_panel(load_source("scb-exports", args.data_dir))
    print(
        f"Placebo start {START}, outcome mean wage income (tkr), nominal level {ALPHA:.0%}, "
        f"{args.draws} random placebo sets each; Monte-Carlo standard error of a 5 % rate: "
        f"{math.sqrt(ALPHA * (1 - ALPHA) / args.draws):.1%}."
    )
    header = (
        f"{'kommun':>6} {'areas':>5} {'treated':>7} {'HC1 (old)':>9} {'cluster':>8} {'random.':>8} "
        f"{'new default':>12} {'(method)':<15} {'seconds':>7}"
    )
    print(header)
    print("-" * len(header))
    for kommun_kod in args.municipalities:
        for size in args.sizes:
            row = rates(panel, kommun_kod, size, args.draws, args.seed, args.ri_permutations)
            print(
                f"{row['kommun']:>6} {row['areas']:>5} {row['treated']:>7} {row['hc1']:>9.1%} "
                f"{row['cluster']:>8.1%} {row['randomisation']:>8.1%} {row['default']:>12.1%} "
                f"{'(' + row['default_method'] + ')':<15} {row['seconds']:>7.1f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
