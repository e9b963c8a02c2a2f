"""``kg export`` to GraphML, GEXF and CSV computes only what the files hold (the centralities,
the communities and how they were computed, :func:`kg.analysis.pipeline.measured_network`),
by the same functions as the whole analysis, so the files are those the whole analysis
would give."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.analysis import brokerage, concentration, gaps, holes
from kg.analysis.pipeline import analyse, measured_network, two_mode_network
from kg.cli import app
from kg.io.provenance import source_provenance
from kg.io.source import Source
from kg.report.network_export import export_network, how_measured
from kg.synth import write_synthetic

runner = CliRunner()


def _same_network(facts) -> None:
    whole, measured = analyse(facts), measured_network(facts)
    for graph in (whole.network, two_mode_network(whole)):
        other = measured.network if graph is whole.network else two_mode_network(measured)
        assert sorted(graph.nodes(data=True)) == sorted(other.nodes(data=True))
        assert sorted(graph.edges(data=True)) == sorted(other.edges(data=True))
    assert how_measured(measured) == how_measured(whole)


@pytest.mark.parametrize("year", [None, 2016])
def test_the_exported_network_is_the_whole_analysis_network(year):
    """The bundled data, whole and in one year: the same nodes with the same centralities and
    communities, the same links, the same account of how they were measured."""
    _same_network(Source(year=year).facts())


@pytest.mark.slow
def test_a_network_past_the_exact_betweenness_limit_is_measured_alike(tmp_path):
    """Past 1,000 organisations betweenness is sampled: the export samples it as the
    analysis does."""
    data = tmp_path / "s.ttl"
    write_synthetic(data, 1200, 1, None)
    facts = Source(data=data, bundled=False).facts()
    assert facts and measured_network(facts).centrality.betweenness_method == "sampled"
    _same_network(facts)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("view", "fmt"),
    [
        ("actors", "graphml"),
        ("bipartite", "csv"),
        ("actors", "csv"),
        ("bipartite", "graphml"),
    ],
)
def test_the_exported_file_is_the_one_the_whole_analysis_writes(tmp_path, view, fmt):
    """``kg export`` writes the bytes :func:`export_network` writes from the whole analysis."""
    target = tmp_path / "cli" / f"n.{fmt}"
    result = runner.invoke(app, ["export", "-f", fmt, "--view", view, "-o", str(target), "-q"])
    assert result.exit_code == 0, result.output
    source = Source()
    analysis = analyse(source.facts())
    network = two_mode_network(analysis) if view == "bipartite" else analysis.network
    about = {**source_provenance(source), "measures": how_measured(analysis)}
    (tmp_path / "lib").mkdir()
    written = export_network(network, fmt, tmp_path / "lib" / target.name, about)
    assert sorted(p.name for p in written) == sorted(p.name for p in target.parent.iterdir())
    for path in written:
        assert (target.parent / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv", "csv-excel"])
def test_a_network_export_runs_no_analysis_it_does_not_write(tmp_path, monkeypatch, fmt):
    """Brokerage, the partners' concentration, structural holes and the gaps are in no
    network file: the export does not compute them."""

    def not_written(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed for an export that does not write it")

    for module, name in [
        (brokerage, "brokerage"),
        (concentration, "concentration"),
        (holes, "sector_holes"),
        (holes, "check_borders"),
        (gaps, "committee_gaps"),
    ]:
        monkeypatch.setattr(module, name, not_written)
    target: Path = tmp_path / f"n.{fmt}"
    result = runner.invoke(app, ["export", "-f", fmt, "-o", str(target), "-q"])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0
