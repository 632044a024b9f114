"""Every registered notebook through ``labkit run``: reports without code, results, Dask parity, real data."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pytest
from conftest import SCB_DIR

from labkit.cli import main
from labkit.data.sources import load_source
from labkit.lab import context as lab_context
from labkit.methods import target_groups
from labkit.registry import METHODS

pytestmark = pytest.mark.xdist_group("kernels")

TWO = ("1462", "1402")
LOCAL = [slug for slug, method in METHODS.items() if method.scope == "municipality"]
REGIONAL = [slug for slug, method in METHODS.items() if method.scope == "region"]


@pytest.fixture(scope="module")
def local_run(tmp_path_factory) -> Path:
    """One run of every method for Lilla Edet and Partille on the bundled data."""
    work = tmp_path_factory.mktemp("run")
    cwd = Path.cwd()
    try:
        import os

        os.chdir(work)
        status = main(["run", "--municipality", *TWO, "--out", "out", "--jobs", "2"])
    finally:
        os.chdir(cwd)
    assert status == 0
    return work / "out"


@pytest.mark.parametrize("slug", LOCAL)
@pytest.mark.parametrize("code", TWO)
def test_report_has_no_code_and_results_are_recorded(local_run: Path, slug: str, code: str) -> None:
    html = (local_run / code / f"{slug}.html").read_text(encoding="utf-8")
    assert 'class="highlight' not in html and 'class="jp-InputPrompt' not in html
    source = nbformat.read(METHODS[slug].notebook, as_version=4)
    for cell in source.cells:
        if cell.cell_type == "code":
            for line in cell.source.splitlines():
                if len(line.strip()) > 12:
                    assert line.strip() not in html, f"code in the report: {line}"
    record = json.loads((local_run / code / f"{slug}.results.json").read_text())
    assert record["method"] == slug and record["kommun_kod"] == code
    assert record["provenance"]["synthetic"] is True
    assert record["parameters"]["kommun"] == code
    assert record["labkit_version"] and record["created"]
    assert html.startswith("<!DOCTYPE html>") and '<html lang="sv">' in html
    assert "application/vnd.jupyter.widget-state" not in html  # no workshop entries in reports


def test_run_json_and_index_list_every_job(local_run: Path) -> None:
    run = json.loads((local_run / "run.json").read_text())
    keys = [j["key"] for j in run["jobs"]]
    assert sorted(keys) == sorted(
        [f"{c}/{s}" for c in TWO for s in LOCAL] + [f"region/{s}" for s in REGIONAL]
    )
    assert keys[-len(REGIONAL) :] == [
        f"region/{s}" for s in REGIONAL
    ]  # after the jobs whose results they read
    assert {j["status"] for j in run["jobs"]} == {"ok"}
    index = (local_run / "index.html").read_text(encoding="utf-8")
    for code in TWO:
        for slug in LOCAL:
            assert f'href="{code}/{slug}.html"' in index
    for slug in REGIONAL:
        assert f'<a href="{slug}.html">' in index
        record = json.loads((local_run / f"{slug}.results.json").read_text())
        assert sorted(record["municipalities"]) == sorted(TWO)
        assert (record["kommun_kod"], record["kommun"]) == ("region", "Regionen")
        assert '<dd class="labkit-municipality">Regionen</dd>' in (local_run / f"{slug}.html").read_text(
            encoding="utf-8"
        )
        assert all(all(ran.values()) for ran in record["overview"].values())
    assert "syntetiska" in index
    assert '<a href="comparison.html">' in index and (local_run / "comparison.csv").is_file()


def test_synthetic_notice_and_random_benchmark_in_lilla_edet(local_run: Path) -> None:
    html = (local_run / "1462" / "target_groups.html").read_text(encoding="utf-8")
    assert "områdena i detta underlag är syntetiska" in html
    assert len(re.findall(r'<img[^>]*src="data:image/png;base64', html)) >= 4  # charts render when forked
    record = json.loads((local_run / "1462" / "target_groups.results.json").read_text())
    assert record["areas_count"] == 8
    d_random = record["benchmarks"]["born_abroad"]["dissimilarity_random"]
    assert 0 < d_random < 1
    assert f"{d_random:.3f}".replace(".", ",") in html or f"{d_random:.3f}" in html


def test_rerun_says_up_to_date(local_run: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(local_run.parent)
    status = main(["run", "--municipality", *TWO, "--out", "out", "--method", "target_groups"])
    assert status == 0
    err = capsys.readouterr().err
    assert "1462/target_groups: up to date, skipped (use --force to rerun)" in err


#: Ten jobs for the Dask test: both municipalities of the local run times five methods.
DASK_METHODS = ("target_groups", "cocreation", "social_investment", "ska", "housing_provision")


def _comparable(record: dict) -> dict:
    """A results record without what differs between two runs of the same job by design: ``created`` (the
    clock time the notebook finished) and ``parameters.out_dir`` (the run's output folder, a path)."""
    parameters = {k: v for k, v in record["parameters"].items() if k != "out_dir"}
    return {**{k: v for k, v in record.items() if k != "created"}, "parameters": parameters}


def test_dask_local_cluster_gives_the_local_figures(local_run: Path, tmp_path: Path, monkeypatch) -> None:
    from distributed import Client, LocalCluster

    monkeypatch.chdir(tmp_path)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            pids = client.run(os.getpid)
        assert len(pids) == 2 and len(set(pids.values())) == 2 and os.getpid() not in pids.values()
        status = main(
            [
                "run",
                "--municipality",
                *TWO,
                "--method",
                *DASK_METHODS,
                "--out",
                "dask",
                "--scheduler",
                cluster.scheduler_address,
            ]
        )
    assert status == 0
    run = json.loads((tmp_path / "dask" / "run.json").read_text())
    assert sorted(j["key"] for j in run["jobs"]) == sorted(f"{c}/{s}" for c in TWO for s in DASK_METHODS)
    assert {j["status"] for j in run["jobs"]} == {"ok"}
    for code in TWO:
        for slug in DASK_METHODS:
            ours = json.loads((tmp_path / "dask" / code / f"{slug}.results.json").read_text())
            local = json.loads((local_run / code / f"{slug}.results.json").read_text())
            assert ours["parameters"]["out_dir"] != local["parameters"]["out_dir"]
            assert _comparable(ours) == _comparable(local), f"{code}/{slug}"


def test_real_exports_keep_the_leading_zero_and_match_the_library(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    status = main(
        [
            "run",
            "--source",
            "scb-exports",
            "--data-dir",
            str(SCB_DIR),
            "--municipality",
            "0114",
            "1480",
            "--method",
            "target_groups",
            "--out",
            "real",
        ]
    )
    assert status == 0
    executed = nbformat.read(tmp_path / "real" / "0114" / "target_groups.ipynb", as_version=4)
    injected = next(c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert 'kommun = "0114"' in injected.source
    dataset = load_source("scb-exports", SCB_DIR)
    for code in ("0114", "1480"):
        record = json.loads((tmp_path / "real" / code / "target_groups.results.json").read_text())
        assert record["kommun_kod"] == code and record["provenance"]["synthetic"] is False
        params = target_groups.Params(kommun_kod=code)
        expected = target_groups.key_figures(
            target_groups.analyse(target_groups.load_inputs(lab_context(dataset), params), params)
        )
        for group, values in expected["indices"].items():
            for name, value in values.items():
                assert record["indices"][group][name] == pytest.approx(value, abs=1e-12)


def test_ctrl_c_stops_cleanly_without_half_written_files(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    # SIGINT may be ignored by a CI shell's background jobs; give the child the terminal default back.
    proc = subprocess.Popen(
        [sys.executable, "-m", "labkit", "run", "--out", "out", "--jobs", "2", "--method", "target_groups"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # The child only resets one signal handler before exec (no lock taken), so a thread of the
        # test process cannot deadlock it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    deadline = time.monotonic() + 60
    while not list((tmp_path / "out").glob("*/")) and time.monotonic() < deadline:
        time.sleep(0.05)  # the first jobs have started
    time.sleep(1.0)
    import os

    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert not [p for p in (tmp_path / "out").rglob("*") if ".tmp" in p.name]
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    assert "interrupted" in {j["status"] for j in run["jobs"]}
    for html in (tmp_path / "out").glob("*/*.html"):
        assert html.read_text(encoding="utf-8").rstrip().endswith("</html>")


@pytest.mark.browser
def test_pdf_reports_with_the_report_title(tmp_path: Path, monkeypatch) -> None:
    from pypdf import PdfReader

    monkeypatch.chdir(tmp_path)
    status = main(["run", "--municipality", "1462", "--method", "target_groups", "--out", "pdf", "--pdf"])
    assert status == 0
    reader = PdfReader(tmp_path / "pdf" / "1462" / "target_groups.pdf")
    assert len(reader.pages) >= 3
    text = "".join(page.extract_text() for page in reader.pages[:2])
    assert "Målgruppsanalys" in text and "syntetiska" in text
