"""Benchmark: the co-creation analysis on a synthetic 10 000-record journal (mostly priority scores).

Builds a workshop in memory (no disk): ``--participants`` participants each write one idea and score
about two thirds of the others' ideas on two criteria, never their own, until there are ``--records``
records in all. Prints the time of Kendall's W alone and of the whole ``cocreation.analyse``.
Usage: ``python benchmarks/rankings.py [--records 10000] [--participants 120] [--seed 1]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from labkit.capture.journal import frame_of
from labkit.methods import cocreation
from labkit.methods.cocreation import ideas as idea_stats
from labkit.methods.cocreation.inputs import KINDS, Inputs

AREAS = pd.DataFrame(
    {
        "area_code": ["1402X001", "1402X002", "1402X003"],
        "area_name": ["A", "B", "C"],
        "population": [1000.0, 3000.0, 6000.0],
        "omradestyp": [2, 3, 4],
        "omradestyp_label": ["", "", ""],
    }
)


def synthetic_inputs(records: int, participants: int, seed: int) -> Inputs:
    """A journal of ``records`` records: participants, one idea each, and priority scores for the rest."""
    rng = np.random.default_rng(seed)
    people = [f"p{i}" for i in range(participants)]
    homes = rng.choice(AREAS["area_code"].to_numpy(), size=participants)
    frames = {kind: frame_of(kind, []) for kind in KINDS}
    frames["participant"] = frame_of(
        "participant",
        [
            {"id": p, "pseudonym": p.upper(), "role": "invånare", "home_area": h}
            for p, h in zip(people, homes, strict=True)
        ],
    )
    frames["idea"] = frame_of(
        "idea",
        [{"id": f"i{i}", "text": f"Idé {i}", "round": 1, "participant": p} for i, p in enumerate(people)],
    )
    left = records - 2 * participants
    quality = rng.normal(size=participants)
    rows: list[dict] = []
    while len(rows) < left:
        rater, idea = rng.integers(participants, size=2)
        if rater == idea:
            continue
        for criterion in ("effekt", "genomförbarhet"):
            score = int(np.clip(np.round(2.5 + quality[idea] + rng.normal()), 1, 4))
            rows.append(
                {
                    "id": f"s{len(rows)}",
                    "idea": f"i{idea}",
                    "participant": people[rater],
                    "criterion": criterion,
                    "score": score,
                }
            )
    frames["priority_score"] = frame_of("priority_score", rows[:left])
    return Inputs(
        kommun_kod="1402",
        kommun="Partille",
        origin="journal",
        journal_path="(in memory)",
        workshop="",
        records=frames,
        areas=AREAS,
        year=2023,
        area_type_year=2022,
        synthetic=True,
    )


def main() -> int:
    """Build the journal, time Kendall's W and the whole analysis, print both."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--participants", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    inputs = synthetic_inputs(args.records, args.participants, args.seed)
    params = cocreation.Params("1402")
    scores, _ = idea_stats.clean_scores(inputs.records["priority_score"], inputs.records["idea"])
    started = time.perf_counter()
    kendall = idea_stats.kendall_w(idea_stats.rater_matrix(scores))
    w_seconds = time.perf_counter() - started
    started = time.perf_counter()
    cocreation.analyse(inputs, params)
    total = time.perf_counter() - started
    print(
        f"records: {args.records} ({len(inputs.records['priority_score'])} priority scores, "
        f"{args.participants} participants and ideas)"
    )
    print(
        f"Kendall's W: {w_seconds:.2f} s  (W {kendall['w']:.4f} on {kendall['raters']} raters × "
        f"{kendall['ideas']} ideas)"
    )
    print(f"cocreation.analyse: {total:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
