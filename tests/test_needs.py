"""Dependencies between methods (registry ``needs``): the plan adds what a method needs, orders it first,
chains fingerprints, and a -p value goes only to the methods that declare it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from labkit.cli import _plan, build_parser
from labkit.errors import ConfigError
from labkit.registry import METHODS, depth, get_method, needed_by, with_needs
from labkit.runner.params import describe, notebook_parameters
from labkit.runner.plan import Job, chain_fingerprints


def _jobs(tmp_path: Path, *extra: str):
    args = build_parser(["run"]).parse_args(
        ["run", "--municipality", "1462", "--out", str(tmp_path / "r"), *extra]
    )
    jobs, _, _ = _plan(args)
    return jobs


def test_the_registry_declares_the_links_between_methods() -> None:
    needs = {slug: method.needs for slug, method in METHODS.items() if method.needs}
    assert needs == {
        "cocreation": ("target_groups",),
        "evaluation": ("accessibility",),
        "prototyping": ("target_groups", "cocreation"),
        "housing_provision": ("target_groups",),
    }
    assert with_needs(["prototyping"]) == ["target_groups", "cocreation", "prototyping"]
    assert [depth(s) for s in ("target_groups", "cocreation", "prototyping")] == [0, 1, 2]
    assert needed_by("target_groups") == ("cocreation", "prototyping", "housing_provision")


def test_a_method_alone_brings_what_it_needs(tmp_path: Path, capsys) -> None:
    jobs = _jobs(tmp_path, "--method", "prototyping")
    assert [job.slug for job in jobs] == ["target_groups", "cocreation", "prototyping"]
    assert capsys.readouterr().err == (
        "labkit: prototyping needs target_groups, cocreation: running them first\n"
    )


def test_a_downstream_fingerprint_follows_its_upstream() -> None:
    def job(slug: str, kommun: str, fingerprint: str) -> Job:
        return Job(slug, kommun, "", "", "", {}, fingerprint)

    jobs = [job("target_groups", "1462", "a"), job("cocreation", "1462", "b"), job("cocreation", "1402", "b")]
    first = chain_fingerprints(jobs)
    again = chain_fingerprints([replace(jobs[0], fingerprint="c"), *jobs[1:]])
    assert first[0].fingerprint == "a"  # no upstream: unchanged
    assert first[1].fingerprint != "b" and first[2].fingerprint == "b"  # 1402 has no target_groups job here
    assert again[1].fingerprint != first[1].fingerprint and again[2] == first[2]


def test_a_parameter_goes_only_to_the_methods_that_declare_it(tmp_path: Path) -> None:
    jobs = {
        job.slug: job for job in _jobs(tmp_path, "--method", "evaluation", "-p", "outcome=share_born_abroad")
    }
    assert jobs["evaluation"].params["outcome"] == "share_born_abroad"
    assert "outcome" not in jobs["accessibility"].params


def test_a_parameter_of_no_named_method_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        _jobs(tmp_path, "--method", "evaluation", "-p", "n_sim=5")
    listed = describe(notebook_parameters(get_method("evaluation").notebook))
    assert str(err.value) == (
        "parameter 'n_sim': unknown parameter for method 'evaluation': "
        f"expected one of {listed}; found 'n_sim'."
    )
