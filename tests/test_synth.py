"""Synthetic graphs: valid against the shapes, deterministic, with the real data's structure."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.analysis.gaps import widest_gaps
from kg.cli import app
from kg.synth import write_synthetic


@pytest.mark.slow
def test_synthetic_graph_is_valid_and_shaped_like_the_real_one(tmp_path: Path):
    summary = write_synthetic(tmp_path / "s.ttl", 200, seed=3)
    report = kg.validate(kg.load([summary.path], bundled=False))
    assert report.conforms, report.violations[:3]
    counts = kg.stats(kg.Source(data=[summary.path], bundled=False))
    assert counts["actors"] == summary.actors == 200
    assert counts["classes"]["kg:Committee"] == summary.committees
    assert counts["classes"]["kg:IOP"] > 0
    assert counts["sectors"]["civil"] > counts["sectors"]["academia"] > 0
    assert counts["memberships"] == summary.memberships


def test_same_seed_gives_the_same_file(tmp_path: Path):
    a, b, c = (
        write_synthetic(tmp_path / f"{n}.ttl", 100, seed=s).path
        for n, s in (("a", 1), ("b", 1), ("c", 2))
    )
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()


def test_synth_command(tmp_path: Path):
    target = tmp_path / "big.ttl"
    result = CliRunner().invoke(app, ["synth", "--actors", "50", "--seed", "1", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "wrote 50 actors" in result.output
    assert target.stat().st_size > 0


@pytest.mark.slow
def test_synth_command_writes_two_follow_ups_with_years(tmp_path: Path):
    target = tmp_path / "dated.ttl"
    args = ["synth", "-n", "60", "--seed", "2", "--years", "2015", "2016", "-o", str(target)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    same = write_synthetic(tmp_path / "same.ttl", 60, seed=2, years=(2015, 2016))
    assert target.read_bytes() == same.path.read_bytes()
    assert kg.Source(data=[target], bundled=False).years() == [2015, 2016]


@pytest.mark.parametrize("years", [["2016", "2015"], ["2016", "2016"]])
def test_synth_refuses_years_out_of_order(tmp_path: Path, years: list[str]):
    target = tmp_path / "dated.ttl"
    result = CliRunner().invoke(app, ["synth", "-n", "60", "--years", *years, "-o", str(target)])
    assert result.exit_code == 2
    assert "--years" in result.output and "earlier year first" in result.output
    assert not target.exists()


@pytest.mark.slow
def test_numbered_names_sort_in_number_order(tmp_path: Path):
    summary = write_synthetic(tmp_path / "s.ttl", 400, seed=1)
    assert summary.committees > 10
    source = kg.Source(data=[summary.path], bundled=False)
    gaps = kg.analyse(source.facts()).gaps  # the widest gap first, ties by name
    assert gaps == widest_gaps(gaps)
    assert sorted(row["label"] for row in gaps) == sorted(
        f"Nämnd {n}" for n in range(summary.committees)
    )
    tie = [(r["status"], len(r["missing_sectors"]), r["partners"]) for r in gaps]
    for (a, b), (ta, tb) in zip(itertools.pairwise(gaps), itertools.pairwise(tie), strict=True):
        if ta == tb:  # a tie: names in number order, Nämnd 9 before Nämnd 10
            assert int(a["label"].split()[1]) < int(b["label"].split()[1])
    result = CliRunner().invoke(
        app, ["centrality", "--no-bundled", "--data", str(summary.path), "-f", "json"]
    )
    ranked = [row for row in json.loads(result.stdout)["rows"] if row["type"] == "Committee"]
    for a, b in itertools.pairwise(ranked):  # ties in the measure: names in number order
        if a["degree"] == b["degree"] and a["label"].startswith("Nämnd "):
            assert int(a["label"].split()[1]) < int(b["label"].split()[1])
