"""The network exports as another tool reads them: python-igraph (the same GraphML reader as
R's igraph) and networkx for GEXF. The files say what network they hold, keep every number a
number, and stay well-formed whatever the names hold."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app

igraph = pytest.importorskip("igraph")
runner = CliRunner()
ID = "https://w3id.org/kg-malmo/id/t/"
PREFIXES = """@prefix : <https://w3id.org/kg-malmo/id/t/> .
@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
:doc a kg:SourceDocument ; dcterms:title "Uppföljning"@sv ; kg:fileName "t.txt" .
:e a kg:SourceExcerpt ; oa:hasSource :doc ; oa:hasSelector [ a oa:TextQuoteSelector ;
    oa:exact "Nämnden samverkar." ] .
:city a kg:Municipality ; skos:prefLabel "Teststad"@sv ; kg:sector kg:PublicSector ;
    kg:isMunicipal true ; prov:wasDerivedFrom :e .
:c a kg:Committee ; skos:prefLabel "Nämnden"@sv ; kg:sector kg:PublicSector ;
    kg:isMunicipal true ; org:subOrganizationOf :city ; prov:wasDerivedFrom :e .
"""
LINKED = """:f a kg:Association ; skos:prefLabel "Föreningen \\u0001 \\"Ett\\", två; tre"@sv ;
    kg:sector kg:CivilSociety ; prov:wasDerivedFrom :e .
:k a kg:KnowledgeAlliance ; skos:prefLabel "Alliansen\\u000B"@sv ; prov:wasDerivedFrom :e .
:m1 a org:Membership ; org:organization :k ; org:member :c ; prov:wasDerivedFrom :e .
:m2 a org:Membership ; org:organization :k ; org:member :f ; prov:wasDerivedFrom :e .
"""


def _export(tmp_path: Path, turtle: str, fmt: str, *args: str) -> Path:
    data = tmp_path / "data.ttl"
    data.write_text(turtle, encoding="utf-8")
    target = tmp_path / f"n.{fmt}"
    command = ["export", "--no-bundled", "--data", str(data), "-f", fmt, "-o", str(target)]
    result = runner.invoke(app, [*command, *args, "-q"])
    assert result.exit_code == 0, result.output
    return target


@pytest.mark.slow
@pytest.mark.parametrize("view", ["actors", "bipartite"])
def test_a_name_with_control_characters_keeps_graphml_and_gexf_readable(tmp_path, view):
    """XML 1.0 cannot hold most control characters: a name with one made a file that igraph,
    networkx and Gephi refuse. They are written as U+FFFD; quotes, commas and semicolons stay."""
    graphml = _export(tmp_path, PREFIXES + LINKED, "graphml", "--view", view)
    read = igraph.Graph.Read_GraphML(str(graphml))
    labels = dict(zip(read.vs["id"], read.vs["label"], strict=True))
    assert labels[ID + "f"] == 'Föreningen \ufffd "Ett", två; tre'
    gexf = _export(tmp_path, PREFIXES + LINKED, "gexf", "--view", view)
    assert nx.read_gexf(gexf).nodes[ID + "f"]["label"] == labels[ID + "f"]
    if view == "bipartite":
        assert labels[ID + "k"] == "Alliansen\ufffd"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_a_network_without_links_has_no_community_text_attribute(tmp_path, fmt):
    """No organisation has partners, so none is in a community: the attribute is left out, not
    written as empty text (a string column of "" in igraph and Gephi)."""
    target = _export(tmp_path, PREFIXES, fmt)
    network = nx.read_graphml(target) if fmt == "graphml" else nx.read_gexf(target)
    assert network.number_of_nodes() == 2
    assert all("community" not in data for _, data in network.nodes(data=True))
    assert 'attr.name="community" attr.type="string"' not in target.read_text("utf-8")


@pytest.mark.slow
def test_graphml_says_which_network_and_how_it_was_projected(tmp_path):
    """A researcher reading the file alone learns whether it is the one-mode projection or the
    two-mode graph, how links and weights were made, and a year's view as a number."""
    bundled = tmp_path / "actors.graphml"
    result = runner.invoke(app, ["export", "-f", "graphml", "--year", "2016", "-o", str(bundled)])
    assert result.exit_code == 0, result.output
    read = igraph.Graph.Read_GraphML(str(bundled))
    assert read["view"] == "actors" and not read.is_directed()
    assert read["year"] == 2016
    assert "clique" in read["projection"] and "weight" in read["projection"]
    two = _export(tmp_path, PREFIXES + LINKED, "graphml", "--view", "bipartite")
    read = igraph.Graph.Read_GraphML(str(two))
    assert read["view"] == "bipartite" and "bipartite" in read["projection"]


def test_gexf_meta_says_which_network_and_how_it_was_projected(tmp_path):
    target = _export(tmp_path, PREFIXES + LINKED, "gexf")
    text = target.read_text("utf-8")
    description = text.split("<description>")[1].split("</description>")[0]
    assert "view=actors" in description and "projection=clique" in description
    entries = dict(entry.split("=", 1) for entry in description.split("; "))
    assert "multi-edges" in entries["projection"] and "licence_code" in entries


@pytest.mark.slow
def test_graphml_says_betweenness_was_sampled_past_the_limit(tmp_path):
    """Past 1,000 actors betweenness is estimated from a sample: a researcher recomputing it
    exactly in igraph would find other values, so the file says so, as report.json does.
    (A synthetic city of 1,100 actors; the fast tier checks the bundled data's file below and
    the sampling itself in test_analysis.test_betweenness_is_sampled_past_the_limit_and_says_so.)"""
    data = tmp_path / "big.ttl"
    made = runner.invoke(app, ["synth", "-n", "1100", "-o", str(data), "-q"])
    assert made.exit_code == 0, made.output
    target = tmp_path / "big.graphml"
    args = ["export", "--no-bundled", "--data", str(data), "-f", "graphml", "-o", str(target)]
    assert runner.invoke(app, [*args, "-q"]).exit_code == 0
    read = igraph.Graph.Read_GraphML(str(target))
    assert (read["betweenness_method"], read["betweenness_sample"]) == ("sampled", 256)
    assert read["betweenness_backend"] in {"igraph", "networkx"}


@pytest.mark.slow
def test_graphml_says_how_betweenness_and_communities_were_computed(tmp_path):
    """The bundled data's file says its betweenness is exact and gives the communities'
    modularity, as kg communities does."""
    bundled = tmp_path / "malmo.graphml"
    assert runner.invoke(app, ["export", "-f", "graphml", "-o", str(bundled), "-q"]).exit_code == 0
    read = igraph.Graph.Read_GraphML(str(bundled))
    assert read["betweenness_method"] == "exact" and "betweenness_sample" not in read.attributes()
    assert read["betweenness_backend"] in {"igraph", "networkx"}
    found = runner.invoke(app, ["communities", "-f", "json"]).stdout
    assert read["communities_modularity"] == round(json.loads(found)["modularity"], 4)


@pytest.mark.slow
def test_a_control_character_is_written_as_excels_escape_not_refused(tmp_path):
    """openpyxl refuses control characters: the export stopped with "internal error" (exit 3),
    then with "a control character Excel cannot hold" (exit 2), though a workbook holds one as
    ECMA-376's escape, as Excel writes it: U+0001 as "_x0001_", U+000B as "_x000B_"."""
    import zipfile

    data = tmp_path / "data.ttl"
    data.write_text(PREFIXES + LINKED, encoding="utf-8")
    target = tmp_path / "out.xlsx"
    args = ["export", "--no-bundled", "--data", str(data), "-f", "xlsx", "-o", str(target)]
    result = runner.invoke(app, [*args, "-q"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n]
    assert any('<t>Föreningen _x0001_ "Ett", två; tre</t>' in xml for xml in sheets)
    assert any("Alliansen_x000B_" in xml for xml in sheets)  # on the sheet of other statements


@pytest.mark.slow
def test_graphml_keys_say_what_weight_and_each_attribute_hold(tmp_path):
    """A GraphML key's ``<desc>`` is where the format says what an attribute means: weight's
    is the CSV metadata's description of the column, word for word, so every format says the
    same; igraph and networkx read the file as before."""
    import xml.etree.ElementTree as ET

    graphml, csv = tmp_path / "n.graphml", tmp_path / "n.csv"
    for target in (graphml, csv):
        fmt = target.suffix[1:]
        assert runner.invoke(app, ["export", "-f", fmt, "-o", str(target), "-q"]).exit_code == 0
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    said = {
        (key.get("for"), key.get("attr.name")): key.findtext(f"{ns}desc")
        for key in ET.parse(graphml).getroot().iter(f"{ns}key")
    }
    metadata = json.loads((tmp_path / "n.csv-metadata.json").read_text("utf-8"))
    columns = {
        column["name"]: column["dc:description"]
        for table in metadata["tables"]
        for column in table["tableSchema"]["columns"]
    }
    assert said["edge", "weight"] == columns["weight"]
    assert "collaborations the two share" in said["edge", "weight"]
    assert said["node", "betweenness"] == columns["betweenness"]
    assert said["node", "units"] and said["graph", "view"] is None
    read = igraph.Graph.Read_GraphML(str(graphml))
    assert not read.is_directed() and read.ecount() == nx.read_graphml(graphml).number_of_edges()
