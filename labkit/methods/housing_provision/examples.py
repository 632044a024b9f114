"""Seeded, invented example records of housing provision for the bundled municipalities (data/housing_provision).

Regenerate with ``python -m labkit.methods.housing_provision.examples``; ``--check`` lists files that differ.
Every row has workshop_id and author ``exempel``; the files are the journal's CSV import format.
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from labkit.capture.kinds import housing_provision as hk
from labkit.fileio import write_text_atomic

#: The seed of the examples.
SEED = 2019

#: The record kinds written, in import order.
KINDS = ("housing_need", "planned_project", "provision_check", "market_rating")

#: Who reports which need: department, target group, tenure, sizes and what the figure rests on.
NEEDS = (
    (
        "socialtjänst",
        "lag_inkomst",
        "hyresratt",
        ("1 rok", "2 rok"),
        "bostadssociala kontrakt och väntande ärenden",
    ),
    ("äldreomsorg", "aldre", "sarskilt_boende", ("1 rok",), "beviljade beslut om särskilt boende"),
    ("äldreomsorg", "aldre", "hyresratt", ("2 rok",), "kö till trygghetsboende"),
    (
        "funktionsstöd",
        "funktionsnedsattning",
        "sarskilt_boende",
        ("1 rok",),
        "LSS-beslut om bostad med service",
    ),
    (
        "mottagande av nyanlända",
        "nyanlanda_anvisade",
        "hyresratt",
        ("2 rok", "3 rok", "4+ rok"),
        "anvisningar enligt bosättningslagen",
    ),
    (
        "mottagande av nyanlända",
        "nyanlanda_sjalvbosatta",
        "hyresratt",
        ("2 rok",),
        "självbosatta som sökt hjälp att hitta bostad",
    ),
    ("bostadsbolag", "ungdomar", "hyresratt", ("1 rok",), "bostadskön, sökande under 26 år"),
    ("bostadsbolag", "studenter", "hyresratt", ("1 rok",), "kö till studentbostäder"),
    ("samhällsbyggnad", "aldre", "bostadsratt", ("2 rok", "3 rok"), "befolkningsprognos"),
)

#: Made-up place names of the example projects.
PLACES = ("Kvarnbacken", "Stationsparken", "Äppellunden", "Bruksgatan", "Torgkvarteret", "Skogsbrynet")


def _rows_csv(header: Sequence[str], rows: list[dict]) -> str:
    """CSV text (UTF-8, comma, LF) with empty cells for missing values."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(name) is None else row[name] for name in header])
    return out.getvalue()


def _needs(rng: np.random.Generator, codes: list[str]) -> list[dict]:
    rows = []
    for department, group, tenure, sizes, basis in NEEDS:
        for size in sizes:
            rows.append(
                {
                    "department": department,
                    "target_group": group,
                    "dwellings": int(rng.integers(3, 41)),
                    "area": str(rng.choice(codes)),
                    "tenure": tenure,
                    "size": size,
                    "year": int(rng.integers(2025, 2031)),
                    "basis": basis,
                }
            )
    return rows


def _projects(rng: np.random.Generator, codes: list[str], needs: list[dict]) -> list[dict]:
    """Odd projects are earmarked for a reported need (same district, tenure and size); even ones are not."""
    rows = []
    for n, place in enumerate(PLACES, start=1):
        row = {
            "area": str(rng.choice(codes)),
            "tenure": str(rng.choice(hk.TENURES[:3])),
            "size": str(rng.choice(hk.SIZES)),
            "target_group": None,
        }
        if n % 2:
            need = needs[int(rng.integers(len(needs)))]
            row = {key: need[key] for key in ("area", "tenure", "size", "target_group")}
        rows.append(
            {
                "name": f"Exempel: {place}",
                "dwellings": int(rng.integers(8, 61)),
                **row,
                "year": int(rng.integers(2025, 2031)),
                "stage": str(rng.choice(hk.STAGES)),
            }
        )
    return rows


def _checks(rng: np.random.Generator) -> list[dict]:
    rows = []
    days = sorted(rng.choice(np.arange(0, 540), size=6, replace=False))
    for n, day in enumerate(days):
        date = (pd.Timestamp("2024-01-08") + pd.Timedelta(days=int(day))).date().isoformat()
        consulted = rng.choice(hk.DEPARTMENTS[:6], size=int(rng.integers(2, 5)), replace=False)
        rows.append(
            {
                "process": hk.PROCESSES[n % 3],
                "date": date,
                "case": f"Exempelärende {n + 1}",
                "departments": ", ".join(sorted(consulted)),
                "conclusion": str(rng.choice(hk.CONCLUSIONS, p=[0.6, 0.25, 0.15])),
                "responsible": "planarkitekt" if n % 2 else "projektledare exploatering",
            }
        )
    return rows


def _ratings(rng: np.random.Generator) -> list[dict]:
    return [
        {"year": year, "group": group, "rating": str(rng.choice(hk.RATINGS, p=[0.6, 0.3, 0.1]))}
        for year in (2023, 2024)
        for group in hk.RATED_GROUPS
    ]


def records(kommun_kod: str, area_codes: Sequence[str], seed: int = SEED) -> dict[str, list[dict]]:
    """The invented records of one municipality, by kind, with ids and the ``exempel`` envelope."""
    rng = np.random.default_rng([seed, int(kommun_kod)])
    codes = sorted(area_codes)
    needs = _needs(rng, codes)
    made = {
        "housing_need": needs,
        "planned_project": _projects(rng, codes, needs),
        "provision_check": _checks(rng),
        "market_rating": _ratings(rng),
    }
    prefix = {"housing_need": "B", "planned_project": "P", "provision_check": "A", "market_rating": "E"}
    return {
        kind: [
            {"id": f"{prefix[kind]}{n}", "workshop_id": "exempel", "author": "exempel", **row}
            for n, row in enumerate(rows, start=1)
        ]
        for kind, rows in made.items()
    }


README = """# Exempel på bostadsförsörjning: påhittade

Allt i den här mappen är **påhittat**. Behov per förvaltning, planerade projekt, avstämningar och
enkätsvar är genererade av `python -m labkit.methods.housing_provision.examples` med ett fast frö
({seed}). De beskriver inga verkliga behov, projekt eller beslut. Varje rad har `workshop_id` och
`author` = `exempel`. Områdeskoderna pekar på de syntetiska områdena i `../bundled`.

Filerna har labbokens CSV-format och kan läsas in med `labkit capture import --kommun KOD --format csv
MAPP` för att öva.

*English: every record here is invented (seeded) and describes no real need, project or decision.*
"""


def files(areas: pd.DataFrame, seed: int = SEED) -> dict[str, str]:
    """Relative path → text of every example file, for the municipalities of ``areas``."""
    from labkit.capture.kinds import get_kind

    out = {"README.md": README.format(seed=seed)}
    for kommun_kod, rows in areas.groupby("kommun_kod", sort=True):
        made = records(str(kommun_kod), rows["area_code"].astype(str).tolist(), seed)
        for kind in KINDS:
            header = ["id", "workshop_id", "author", *get_kind(kind).names]
            out[f"{kommun_kod}/{kind}.csv"] = _rows_csv(header, made[kind])
    return out


def default_folder() -> Path:
    """data/housing_provision in the repository."""
    from labkit.data.bundled import default_data_dir

    return default_data_dir() / "housing_provision"


def _bundled_areas() -> pd.DataFrame:
    from labkit.data.sources import load_source

    return load_source("bundled", None).areas


def write(folder: str | Path | None = None, seed: int = SEED) -> list[Path]:
    """Write the example files (atomically) and return their paths."""
    root = default_folder() if folder is None else Path(folder)
    return [
        write_text_atomic(root / rel, body) for rel, body in sorted(files(_bundled_areas(), seed).items())
    ]


def check(folder: str | Path | None = None) -> list[str]:
    """Relative paths that differ from a fresh generation, are missing or are unexpected (empty: up to date)."""
    root = default_folder() if folder is None else Path(folder)
    with tempfile.TemporaryDirectory(prefix="labkit-hp-examples-") as temporary:
        write(temporary)
        fresh = {p.relative_to(temporary).as_posix() for p in Path(temporary).rglob("*") if p.is_file()}
        present = (
            {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
            if root.is_dir()
            else set()
        )
        differing = [f"{p} (missing)" for p in sorted(fresh - present)]
        differing += [
            p
            for p in sorted(fresh & present)
            if (Path(temporary) / p).read_bytes() != (root / p).read_bytes()
        ]
        differing += [f"{p} (unexpected)" for p in sorted(present - fresh)]
    return differing


def main(argv: Sequence[str] | None = None) -> int:
    """Write the examples, or with ``--check`` print the differing files and exit 1 if any."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--check" in args:
        differing = check()
        for path in differing:
            print(f"differs: {path}", file=sys.stderr)
        return 1 if differing else 0
    for path in write():
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
