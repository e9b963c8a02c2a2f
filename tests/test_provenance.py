"""A figure in a paper tied to a run: the outputs name kg's version, the data's digest and the
licences, the same data gives the same files, and the software says how to cite it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest
from helpers.graphs import same_graph
from rdflib import Graph
from rdflib.namespace import RDFS
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.io.provenance import ATTRIBUTION, data_digest, software
from kg.io.source import Source
from kg.paths import data_dir

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _run(*args: str) -> None:
    result = runner.invoke(app, [*args, "-q"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def digest() -> str:
    return data_digest(Source().files())


def test_citation_file_names_this_version_and_both_licences():
    text = (ROOT / "CITATION.cff").read_text("utf-8")
    assert re.search(r"^cff-version: 1\.2\.0$", text, re.M)
    assert re.search(rf'^version: "{re.escape(kg.__version__)}"$', text, re.M), (
        "CITATION.cff's version is kg's"
    )
    assert re.search(r"^title: ", text, re.M) and re.search(r"^authors:", text, re.M)
    assert re.search(r"^license:\n  - MIT\n  - CC-BY-4.0$", text, re.M)


def _bundled(digest: str) -> dict:
    """The provenance of a run on the bundled data in memory."""
    return {
        "kg": kg.__version__,
        "software": software(),
        "data_sha256": digest,
        "data_files": len(Source().files()),
        "endpoint": None,
        "year": None,
        "compare": None,
        "licence": {"code": "MIT", "data": "CC-BY-4.0", "attribution": ATTRIBUTION},
    }


@pytest.mark.slow
def test_report_json_says_what_it_was_made_from(bundled_report, digest):
    folder, _ = bundled_report()
    report = json.loads((folder / "report.json").read_text("utf-8"))
    assert next(iter(report)) == "provenance"
    assert report["provenance"] == _bundled(digest)
    markdown = (folder / "report.md").read_text("utf-8")
    assert f"Data digest (SHA-256 of the data files read): {digest}." in markdown
    assert "Licences: code MIT, data CC BY 4.0." in markdown
    html = (folder / "report.html").read_text("utf-8")
    assert digest in html and "CC BY 4.0" in html


@pytest.mark.slow
def test_the_swedish_report_names_the_digest_too(bundled_report, digest):
    markdown = (bundled_report("--lang", "sv")[0] / "report.md").read_text("utf-8")
    assert f"Uppgifternas kontrollsumma (SHA-256 av de inlästa datafilerna): {digest}." in markdown


@pytest.mark.slow
def test_kg_stats_names_the_version_and_digest_to_cite_a_figure_by(digest):
    """A figure from kg gaps or kg query is tied to its data without making a report:
    kg stats names kg's version, the data's digest (report.json's) and the licences."""
    result = runner.invoke(app, ["stats", "-f", "json", "-q"])
    assert json.loads(result.stdout)["provenance"] == _bundled(digest)
    table = runner.invoke(app, ["stats", "-q"]).stdout
    last = table.strip().splitlines()[-1]
    assert last.startswith(f"kg {kg.__version__} · ") and digest in last and "CC BY 4.0" in last


def test_the_digest_is_of_the_contents_not_where_the_files_lie(tmp_path):
    copy = shutil.copytree(data_dir(), tmp_path / "elsewhere")
    files = sorted(p for p in copy.rglob("*.ttl"))
    assert data_digest(files) == data_digest(sorted(data_dir().rglob("*.ttl"), reverse=True))
    (files[0]).write_text(files[0].read_text("utf-8") + "\n# an edit\n", encoding="utf-8")
    assert data_digest(files) != data_digest(sorted(data_dir().rglob("*.ttl")))


@pytest.mark.slow
def test_graphml_names_version_digest_and_licences(tmp_path, digest):
    _run("export", "-f", "graphml", "-o", str(tmp_path / "n.graphml"))
    graph = nx.read_graphml(tmp_path / "n.graphml")
    assert graph.graph["kg_version"] == kg.__version__
    assert graph.graph["data_sha256"] == digest
    assert (graph.graph["licence_code"], graph.graph["licence_data"]) == ("MIT", "CC-BY-4.0")


@pytest.mark.slow
def test_gexf_holds_no_date_of_the_run_and_names_kg(tmp_path, digest):
    _run("export", "-f", "gexf", "-o", str(tmp_path / "n.gexf"))
    text = (tmp_path / "n.gexf").read_text("utf-8")
    assert "lastmodifieddate" not in text, "the day of the run makes another file tomorrow"
    assert f"<creator>kg {kg.__version__} " in text
    assert f"data_sha256={digest}" in text
    assert nx.read_gexf(tmp_path / "n.gexf").number_of_nodes() == 68


# RDF/XML is written from the same stable N-Triples text as nt (slow: a variant of nt's)
@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["nt", "jsonld", "rdfxml"])
def test_rdf_exports_are_the_same_file_every_run(
    tmp_path, fmt, bundled_graph, bundled_export, bundled_export_graph
):
    _run("export", "-f", fmt, "-o", str(tmp_path / f"b.{fmt}"))  # another run
    first = bundled_export(fmt).read_bytes()
    assert first == (tmp_path / f"b.{fmt}").read_bytes(), "blank nodes or order differ"
    assert same_graph(bundled_export_graph(fmt), bundled_graph)


def test_the_data_dictionary_defines_every_export_column_and_report_key(bundled_report):
    from kg.report.network_export import (
        EDGE_COLUMNS,
        NODE_COLUMNS,
        TWO_MODE_EDGE_COLUMNS,
        TWO_MODE_NODE_COLUMNS,
    )

    text = (ROOT / "docs" / "data-dictionary.md").read_text("utf-8")
    defined = set(re.findall(r"^\| `([a-z_0-9]+)` \|", text, re.M))
    columns = {*NODE_COLUMNS, *EDGE_COLUMNS, *TWO_MODE_NODE_COLUMNS, *TWO_MODE_EDGE_COLUMNS}
    assert columns <= defined, sorted(columns - defined)
    report = json.loads((bundled_report()[0] / "report.json").read_text("utf-8"))
    keys = {*report, *report["summary"], *report["provenance"]}
    assert keys <= defined, sorted(keys - defined)


@pytest.mark.slow
def test_the_map_names_kg(tmp_path):
    _run("map", "-o", str(tmp_path / "map.html"))
    head = (tmp_path / "map.html").read_text("utf-8").split("</head>")[0]
    assert f'<meta name="generator" content="kg {kg.__version__}">' in head


@pytest.mark.slow
def test_another_citys_data_is_not_said_to_be_under_kgs_data_licence(tmp_path):
    """kg's CC BY 4.0 is its bundled data's: a report and a GraphML of Sjöstad's data give
    the code's licence alone, the data's being its publisher's to state."""
    sjostad = ROOT / "tests" / "fixtures" / "sjostad"
    turtle = tmp_path / "sjostad.ttl"
    kg.import_spreadsheet(sjostad / "kalkylark").serialize(turtle, format="turtle")
    (tmp_path / "kg.toml").write_text(
        f'city = "Sjöstad kommun"\nsources = "{sjostad / "sources"}"\n', "utf-8"
    )
    _run("report", "--data", str(turtle), "-o", str(tmp_path / "r"))
    report = json.loads((tmp_path / "r" / "report.json").read_text("utf-8"))
    assert report["provenance"]["licence"] == {"code": "MIT", "data": None, "attribution": None}
    markdown = (tmp_path / "r" / "report.md").read_text("utf-8")
    assert "Data digest" in markdown and "CC BY" not in markdown
    _run("export", "--data", str(turtle), "-f", "graphml", "-o", str(tmp_path / "n.graphml"))
    graph = nx.read_graphml(tmp_path / "n.graphml")
    assert graph.graph["licence_code"] == "MIT" and "licence_data" not in graph.graph


def test_the_dataset_description_names_the_data_s_sources_licence_and_city(bundled_graph):
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDF

    described = Graph().parse(ROOT / "docs" / "dataset.ttl")
    dataset = URIRef("https://w3id.org/kg-malmo/dataset")
    data = bundled_graph
    kg_ns = "https://w3id.org/kg-malmo/ontology#"
    documents = set(data.subjects(RDF.type, URIRef(kg_ns + "SourceDocument")))
    listed = set(described.objects(dataset, DCTERMS.source))
    assert listed == documents, (
        "docs/dataset.ttl's dcterms:source is not the data's source documents: add "
        f"{sorted(map(str, documents - listed))}, remove {sorted(map(str, listed - documents))}"
    )
    licence = URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert (dataset, DCTERMS.license, licence) in described
    # the same release as kg and CITATION.cff: its version, date and title
    citation = (ROOT / "CITATION.cff").read_text("utf-8")
    (version,) = described.objects(dataset, URIRef("http://www.w3.org/ns/dcat#version"))
    (issued,) = described.objects(dataset, DCTERMS.issued)
    assert str(version) == kg.__version__, "docs/dataset.ttl's dcat:version is kg's"
    assert f'date-released: "{issued}"' in citation, "issued as CITATION.cff's date-released"
    title = re.search(r'^title: "(.*)"$', citation, re.M)[1]
    assert title in {str(t) for t in described.objects(dataset, DCTERMS.title)}
    (city,) = described.objects(dataset, DCTERMS.spatial)
    assert (city, RDF.type, URIRef(kg_ns + "Municipality")) in data


SHARED = """@prefix e: <http://example.org/> .
e:a e:p _:x . e:b e:p _:x . _:x e:q "1" .
_:y e:q "2" . _:z e:q "3" .
"""


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "rdfxml"])
def test_blank_nodes_turtle_cannot_write_inline_are_named_the_same_every_run(tmp_path, fmt):
    """A blank node two subjects share, or one that is no object, has a label in Turtle too:
    the same graph read twice (other random labels) gives the same file in every format."""
    from kg.io.rdf_export import export_rdf

    for name in ("a", "b"):
        export_rdf(Graph().parse(data=SHARED, format="turtle"), fmt, tmp_path / f"{name}.{fmt}")
    first = (tmp_path / f"a.{fmt}").read_bytes()
    assert first == (tmp_path / f"b.{fmt}").read_bytes(), first.decode()


def test_the_dataset_description_names_its_rights_holder_and_each_source_s_publisher(bundled_graph):
    """A catalogue shows who holds the data's rights, and each source document with the
    publisher and title the data gives it and the terms it stays under (not CC BY)."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, FOAF

    described = Graph().parse(ROOT / "docs" / "dataset.ttl")
    dataset = URIRef("https://w3id.org/kg-malmo/dataset")
    data = bundled_graph
    (holder,) = described.objects(dataset, DCTERMS.rightsHolder)
    (name,) = described.objects(holder, FOAF.name)
    citation = (ROOT / "CITATION.cff").read_text("utf-8")
    assert f'- name: "{name}"' in citation, "the rights holder is CITATION.cff's author"
    assert f"Copyright (c) 2026 {name}" in (ROOT / "LICENSE").read_text("utf-8")
    for document in described.objects(dataset, DCTERMS.source):
        (publisher,) = described.objects(document, DCTERMS.publisher)
        assert {described.value(publisher, FOAF.name)} == set(
            data.objects(document, DCTERMS.publisher)
        ), f"{document}: publisher as data/documents.ttl gives it"
        assert set(described.objects(document, DCTERMS.title)) == set(
            data.objects(document, DCTERMS.title)
        ), f"{document}: title as data/documents.ttl gives it"
        (terms,) = described.objects(document, DCTERMS.rights)
        assert "not under kg's CC BY 4.0" in str(described.value(terms, RDFS.label))
