"""Shared fixtures: where the real SCB and Kolada files live (never copied into the project)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
SCB_DIR = SHARED_DATA / "scb"
FACTS_CSV = SHARED_DATA / "facts_gr_municipalities.csv"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The folder of real SCB/Kolada exports beside the project (``../shared/data``)."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"real data folder missing: {SHARED_DATA} (CI and developers have it)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def scb_dir(shared_data: Path) -> Path:
    """The folder of real Statistikdatabasen exports."""
    return shared_data / "scb"
