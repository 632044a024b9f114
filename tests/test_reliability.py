"""Reliability suite: property tests of the indices and CSV readers, a killed kernel in a batch, fuzzed CLI
paths.

The journal's concurrency (2 processes × 1 000 adds) and ``kill -9`` tests live in tests/test_journal.py.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from labkit import indices
from labkit.cli import main
from labkit.data.csvread import LINE, read_export
from labkit.data.scb_exports import load_scb_exports
from labkit.errors import LabkitError
from labkit.runner.batch import run_batch
from labkit.runner.plan import Job, fingerprint

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
QUICK = settings(max_examples=60, deadline=None)

# --- indices ----------------------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=10**6)


@st.composite
def single_group_areas(draw: st.DrawFn) -> pd.DataFrame:
    """One municipality: 2–12 areas with a group count no larger than the total."""
    totals = draw(st.lists(counts, min_size=2, max_size=12))
    groups = [draw(st.integers(0, t)) for t in totals]
    return pd.DataFrame({"kommun_kod": "1402", "x": groups, "t": totals})


@st.composite
def multigroup_areas(draw: st.DrawFn) -> pd.DataFrame:
    """One municipality: 2–12 areas × 2–5 groups of counts."""
    n_groups, n_areas = draw(st.integers(2, 5)), draw(st.integers(2, 12))
    table = {f"g{k}": draw(st.lists(counts, min_size=n_areas, max_size=n_areas)) for k in range(n_groups)}
    return pd.DataFrame({"kommun_kod": "1402", **table})


def _groups(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c.startswith("g")]


@QUICK
@given(single_group_areas())
def test_dissimilarity_and_gini_lie_in_unit_interval(frame: pd.DataFrame) -> None:
    row = indices.single_group(frame, "x", "t").iloc[0]
    x, t = frame["x"].sum(), frame["t"].sum()
    if x == 0 or x == t:  # no member of the group, or everyone: undefined (documented NaN)
        assert math.isnan(row["dissimilarity"]) and math.isnan(row["gini"])
    else:
        assert -1e-12 <= row["dissimilarity"] <= 1 + 1e-12
        assert -1e-12 <= row["gini"] <= 1 + 1e-12


@QUICK
@given(multigroup_areas())
def test_multigroup_d_and_theil_h_lie_in_unit_interval(frame: pd.DataFrame) -> None:
    row = indices.multigroup(frame, _groups(frame)).iloc[0]
    present = (frame[_groups(frame)].sum() > 0).sum()
    if present < 2:
        assert math.isnan(row["multigroup_dissimilarity"]) and math.isnan(row["theil_h"])
    else:
        assert -1e-12 <= row["multigroup_dissimilarity"] <= 1 + 1e-12
        assert -1e-12 <= row["theil_h"] <= 1 + 1e-12


@QUICK
@given(
    st.lists(st.integers(1, 1000), min_size=2, max_size=5),
    st.lists(st.integers(1, 1000), min_size=2, max_size=12),
)
def test_identical_distributions_give_zero(shares: list[int], sizes: list[int]) -> None:
    """Every area has the same composition (area i holds ``sizes[i] * shares[k]`` of group k)."""
    frame = pd.DataFrame(
        {"kommun_kod": "1402", **{f"g{k}": [m * s for m in sizes] for k, s in enumerate(shares)}}
    )
    multi = indices.multigroup(frame, _groups(frame)).iloc[0]
    assert multi["multigroup_dissimilarity"] == pytest.approx(0, abs=1e-12)
    assert multi["theil_h"] == pytest.approx(0, abs=1e-12)
    single = indices.single_group(frame.assign(t=frame[_groups(frame)].sum(axis=1)), "g0", "t").iloc[0]
    assert single["dissimilarity"] == pytest.approx(0, abs=1e-12)
    assert single["gini"] == pytest.approx(0, abs=1e-12)


@QUICK
@given(single_group_areas(), multigroup_areas(), st.integers(2, 1000))
def test_scaling_every_count_changes_nothing(single: pd.DataFrame, multi: pd.DataFrame, factor: int) -> None:
    scaled_single = single.assign(x=single["x"] * factor, t=single["t"] * factor)
    before, after = indices.single_group(single, "x", "t"), indices.single_group(scaled_single, "x", "t")
    for column in ("dissimilarity", "gini", "isolation", "exposure", "eta2"):
        assert after[column].iloc[0] == pytest.approx(before[column].iloc[0], abs=1e-9, nan_ok=True)
    groups = _groups(multi)
    scaled_multi = multi.assign(**{g: multi[g] * factor for g in groups})
    before, after = indices.multigroup(multi, groups), indices.multigroup(scaled_multi, groups)
    for column in ("multigroup_dissimilarity", "theil_h"):
        assert after[column].iloc[0] == pytest.approx(before[column].iloc[0], abs=1e-9, nan_ok=True)


@QUICK
@given(multigroup_areas(), st.randoms(use_true_random=False))
def test_relabelling_groups_changes_no_multigroup_index(frame: pd.DataFrame, random: object) -> None:
    groups = _groups(frame)
    order = random.sample(groups, len(groups))
    renamed = frame.rename(columns=dict(zip(groups, [f"h{k}" for k in range(len(groups))], strict=True)))
    before = indices.multigroup(frame, groups)
    after = indices.multigroup(renamed, [f"h{groups.index(g)}" for g in order])
    for column in ("multigroup_dissimilarity", "theil_h", "n_areas"):
        assert after[column].iloc[0] == pytest.approx(before[column].iloc[0], abs=1e-12, nan_ok=True)


# --- CSV readers on corrupted slices of the real exports ----------------------------------------------------

#: The real export files and the lines of one municipality (Upplands Väsby, 0114) a slice keeps.
SLICES = {
    "deso2018_regso2020_key.csv": "0114,",
    "regso_dwellings_by_tenure_2020_2023.csv": '"Upplands Väsby (',
    "regso_mean_wage_income_2020_2023.csv": '"Upplands Väsby (',
    "regso_omradestyp_2022.csv": "Upplands Väsby (",
    "regso_population_by_birth_region_2020_2023.csv": '"Upplands Väsby (',
}


@pytest.fixture(scope="module")
def slices(scb_dir: Path) -> dict[str, bytes]:
    """Header and Upplands Väsby's lines of every real export (read in place, kept in memory only)."""
    out = {}
    for name, start in SLICES.items():
        lines = (scb_dir / name).read_bytes().splitlines(keepends=True)
        out[name] = lines[0] + b"".join(line for line in lines[1:] if line.decode("utf-8").startswith(start))
    return out


#: One corruption: (operation, position as a fraction of the file, bytes).
corruption = st.tuples(
    st.sampled_from(["insert", "replace", "delete", "truncate", "duplicate_line", "swap_lines"]),
    st.floats(0, 1),
    st.binary(min_size=1, max_size=8)
    | st.sampled_from(
        [
            b";",
            b",",
            b'"',
            b"\n",
            b"\r",
            b"..",
            b"-",
            b"\x00",
            b"\xff\xfe",
            b"<html>",
            "å".encode("latin-1"),
            b"1e309",
            b"NaN",
        ]
    ),
)


def corrupt(data: bytes, edits: list[tuple[str, float, bytes]]) -> bytes:
    """Apply the edits in order."""
    for operation, where, piece in edits:
        at = int(where * len(data))
        if operation == "insert":
            data = data[:at] + piece + data[at:]
        elif operation == "replace":
            data = data[:at] + piece + data[at + len(piece) :]
        elif operation == "delete":
            data = data[:at] + data[at + len(piece) :]
        elif operation == "truncate":
            data = data[:at]
        else:
            lines = data.splitlines(keepends=True)
            k = min(int(where * len(lines)), max(len(lines) - 2, 0))
            lines[k : k + 2] = (
                lines[k : k + 1] * 2 if operation == "duplicate_line" else lines[k : k + 2][::-1]
            )
            data = b"".join(lines)
    return data


@contextlib.contextmanager
def written(files: dict[str, bytes]) -> Iterator[Path]:
    """The files in a fresh temporary folder (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="labkit-corrupt-") as folder:
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        yield Path(folder)


def _check_table(table: object) -> None:
    assert list(table.rows.columns) == [*table.columns, LINE]
    assert len(table.columns) == len(table.header) and len(table.rows) > 0
    assert all(isinstance(v, str) for v in table.rows[list(table.columns)].to_numpy().ravel())
    assert table.rows[LINE].is_monotonic_increasing


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(SLICES)), edits=st.lists(corruption, max_size=4))
def test_read_export_on_corrupted_slice_parses_or_raises_labkit_error(
    slices: dict, name: str, edits: list
) -> None:
    with written({name: corrupt(slices[name], edits)}) as folder:
        try:
            table = read_export(folder / name)
        except LabkitError as err:
            assert str(err).startswith(str(folder / name))  # names the file
            return
    _check_table(table)
    if not edits:
        assert len(table.rows) == len(slices[name].splitlines()) - 1  # some exports end lines with \r only


def _check_dataset(dataset: object) -> None:
    areas = dataset.areas
    assert len(areas) > 0 and areas["area_code"].map(type).eq(str).all()
    assert areas["kommun_kod"].map(type).eq(str).all()
    pop = dataset.population_by_birth_region
    for column in ("born_in_sweden", "born_abroad", "total"):
        assert str(pop[column].dtype) == "Int64" and (pop[column].dropna() >= 0).all()
    assert pop["year"].map(lambda y: isinstance(y, (int, np.integer))).all()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(SLICES)), edits=st.lists(corruption, max_size=3))
def test_load_scb_exports_on_corrupted_slice_parses_or_raises_labkit_error(
    slices: dict, name: str, edits: list
) -> None:
    with written({**slices, name: corrupt(slices[name], edits)}) as folder:
        try:
            dataset = load_scb_exports(folder, cache=False)
        except LabkitError:
            return
    _check_dataset(dataset)
    if not edits:
        assert set(dataset.areas["kommun_kod"]) == {"0114"}
        assert dataset.areas["area_code"].str.startswith("0114R").all()


# --- batch: a kernel killed in the middle of a run ----------------------------------------------------------


def _job(tmp_path: Path, notebook: str, code: str, **extra: object) -> Job:
    out, path = tmp_path / "out" / code, FIXTURES / notebook
    params = {"kommun": code, "source": "bundled", "data_dir": "", "lang": "sv", "out_dir": str(out), **extra}
    return Job(path.stem, code, f"Kommun {code}", str(path), str(out), params, fingerprint(path, params, "d"))


def _kill_when_started(pid_file: Path, killed: list[int], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pid_file.is_file() and pid_file.read_text().strip():
            killed.append(int(pid_file.read_text()))
            os.kill(killed[-1], signal.SIGKILL)
            return
        time.sleep(0.1)


@pytest.mark.xdist_group("kernels")
def test_killed_kernel_fails_its_job_with_a_reason_and_the_others_complete(tmp_path: Path) -> None:
    jobs = [
        _job(tmp_path, "echo.ipynb", "0114"),
        _job(tmp_path, "sleeper.ipynb", "1402"),
        _job(tmp_path, "echo.ipynb", "1480"),
    ]
    killed: list[int] = []
    killer = threading.Thread(
        target=_kill_when_started, args=(tmp_path / "out" / "1402" / "kernel.pid", killed)
    )
    killer.start()
    result = run_batch(jobs, tmp_path / "out", jobs=3, log=lambda m: None)
    killer.join()
    assert len(killed) == 1
    run = {job["key"]: job for job in json.loads((tmp_path / "out" / "run.json").read_text())["jobs"]}
    assert {key: job["status"] for key, job in run.items()} == {
        "0114/echo": "ok",
        "1402/sleeper": "failed",
        "1480/echo": "ok",
    }
    assert run["1402/sleeper"]["error"] == "DeadKernelError: Kernel died"
    assert [r["key"] for r in result.failed] == ["1402/sleeper"]
    for code in ("0114", "1480"):
        assert json.loads((tmp_path / "out" / code / "echo.results.json").read_text())["kommun"] == code
    assert not (tmp_path / "out" / "1402" / "sleeper.results.json").exists()


# --- fuzzed CLI arguments -----------------------------------------------------------------------------------

#: Pieces that must never lead a path out of the output folder (or crash the command).
NASTY = [
    "..",
    "../..",
    "\x00",
    "/",
    "\\",
    "~",
    "a/../../b",
    "..\\..",
    "%2e%2e",
    "\u202e",
    "ø̈",
    "🏙️",
    "\n",
    " ",
    "x" * 300,
    "Å" * 200,
]


@st.composite
def nasty_text(draw: st.DrawFn) -> str:
    """A string with at least one nasty piece, possibly with random unicode around it."""
    pieces = draw(st.lists(st.sampled_from(NASTY) | st.text(max_size=20), min_size=1, max_size=4))
    pieces.insert(draw(st.integers(0, len(pieces))), draw(st.sampled_from(NASTY)))
    return "".join(pieces)


@st.composite
def escaping_folder(draw: st.DrawFn) -> str:
    """An ``--out`` value that must be refused: it leaves the current folder through ``..``, or has a NUL or
    an
    overlong name (relative, absolute or ``~``). An absolute path is otherwise the user's own choice."""
    parts = draw(
        st.lists(
            st.text(min_size=1, max_size=12).filter(
                lambda t: "/" not in t and "\x00" not in t and not t.startswith("~")
            ),
            max_size=3,
        )
    )
    bad = draw(st.sampled_from(["..", "\x00", "x" * 300, "Å" * 200, "a\x00b"]))
    if bad == "..":  # more ".." than folder names: the path leaves the current folder wherever they stand
        parts = [".."] * (len(parts) + 1) + parts
    else:
        parts.insert(draw(st.integers(0, len(parts))), bad)
    joined = "/".join(parts)
    forms = [joined, "\\" + joined]
    if (
        bad != ".."
    ):  # an absolute --out is the user's own choice; with NUL or an overlong name it is still refused
        forms += ["/" + joined, "~/" + joined]
    return draw(st.sampled_from(forms))


def _snapshot(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_size if p.is_file() else -1 for p in root.rglob("*")}


def _arguments(option: str, value: str, outside: Path) -> list[str]:
    base = {"--municipality": "1402", "--method": "ska", "--out": "reports"}
    if option == "--out" and value.startswith("/"):
        value = str(outside) + value  # an absolute path that stays inside the temporary folder
    if option == "-p":
        return ["run", *(f"{k}={v}" for k, v in base.items()), f"-p{value}"]
    return ["run", *(f"{k}={v}" for k, v in {**base, option: value}.items())]


def _run_in(tmp_path: Path, arguments: list[str], capsys: pytest.CaptureFixture) -> None:
    """Run ``labkit`` in ``tmp_path/cwd``: it must exit 2 with one LabkitError line and change no file."""
    cwd = tmp_path / "cwd"
    cwd.mkdir(exist_ok=True)
    (tmp_path / "outside").mkdir(exist_ok=True)
    before, here = _snapshot(tmp_path), Path.cwd()
    os.chdir(cwd)
    try:
        status = main(arguments)
    finally:
        os.chdir(here)
    err = capsys.readouterr().err
    assert (status, _snapshot(tmp_path)) == (2, before)
    assert err.startswith("labkit: error: ") and err.count("\n") == 1 and "Traceback" not in err


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(option=st.sampled_from(["--municipality", "--method", "-p"]), value=nasty_text())
def test_fuzzed_run_arguments_write_nothing_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture, option: str, value: str
) -> None:
    _run_in(tmp_path, _arguments(option, value, tmp_path / "outside"), capsys)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=escaping_folder())
@example("a\x00b")  # found here: a NUL byte crashed with ValueError
@example("x" * 300)  # found here: too long a name crashed with OSError
@example("reports/" + "Å" * 200)  # ... after creating reports/
def test_fuzzed_out_folder_writes_nothing_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture, value: str
) -> None:
    _run_in(tmp_path, _arguments("--out", value, tmp_path / "outside"), capsys)


def test_nul_and_overlong_out_folder_messages(capsys: pytest.CaptureFixture) -> None:
    for value in ("a\x00b", "r/" + "x" * 256):
        assert main(["run", "--out=" + value]) == 2
        assert capsys.readouterr().err == (
            f"labkit: error: option '--out': invalid output folder name: expected folder names without NUL "
            f"characters, each at most 255 bytes; found {value!r}.\n"
        )
