"""kg: terms the ontology does not define are named, on every node that uses them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.paths import data_dir

runner = CliRunner()
FRITID = Path("committees/fritidsnamnden.ttl")


def _data_with(tmp_path: Path, old: str, new: str, extra: str = "") -> Path:
    """A copy of the bundled data with ``old`` written as ``new`` in Fritidsnämnden's file."""
    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    path = data / FRITID
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1) + extra, encoding="utf-8")
    return data


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            ":fritidsforvaltningen a kg:Administration",
            ":fritidsforvaltningen a kg:Administraton",
            "Fritidsförvaltningen (id:fritidsforvaltningen) rdf:type: kg:Administraton is not "
            "a class of kg's ontology; write kg:Administration",
        ),
        (
            "kg:reportedBy",
            "kg:reportdBy",
            "kg:reportdBy: kg:reportdBy is not a property of kg's ontology; write kg:reportedBy",
        ),
        (
            ":fritidsforvaltningen a kg:Administration",
            ":fritidsforvaltningen a kg:Zebra",
            "kg:Zebra is not a class of kg's ontology; use a term of ontology/kg.ttl",
        ),
        (
            "kg:sector kg:CivilSociety",
            "kg:sector kg:CivilSocity",
            "kg:sector: kg:CivilSocity is not a term of kg's ontology; write kg:CivilSociety",
        ),
        (
            "org:member :radda-barnen",
            "org:member :radda-barnn",
            "org:member: links to id:radda-barnn, which no file describes (it has no type); "
            "write id:radda-barnen",
        ),
    ],
)
def test_a_misspelt_kg_term_is_named_with_the_term_to_write(tmp_path, old, new, expected):
    data = _data_with(tmp_path, old, new)
    result = runner.invoke(app, ["validate", "--no-bundled", "--data", str(data)])
    assert result.exit_code == 1, result.output
    assert expected in " ".join(result.output.split())


@pytest.mark.slow
def test_a_term_the_data_defines_is_accepted(tmp_path):
    extra = (
        "\nkg:localNote a <http://www.w3.org/2002/07/owl#AnnotationProperty> .\n"
        ':fritidsnamnden kg:localNote "a note of our own" .\n'
    )
    data = _data_with(tmp_path, "kg:reportedBy", "kg:reportedBy", extra)
    result = runner.invoke(app, ["validate", "--no-bundled", "--data", str(data)])
    assert result.exit_code == 0, result.output


@pytest.mark.slow
def test_values_and_links_are_looked_up_only_where_a_shape_failed(tmp_path):
    from kg.io.files import input_files
    from kg.io.parse import load_memory
    from kg.validation.terms import check_terms

    data = _data_with(tmp_path, "org:member :radda-barnen", "org:member :radda-barnn")
    store = load_memory(input_files([data], bundled=False))
    assert check_terms(store) == []  # nothing flagged: the classes and properties are right
    [problem] = check_terms(store, flagged={"org:member"})
    assert problem.message.startswith("links to id:radda-barnn, which no file describes")


@pytest.mark.slow
def test_the_bundled_data_uses_only_terms_of_the_ontology(bundled_graph):
    from kg.io.parse import from_rdflib
    from kg.validation.terms import check_terms

    assert check_terms(from_rdflib(bundled_graph)) == []
    assert kg.validate(bundled_graph).conforms


@pytest.mark.slow
def test_each_violation_starts_with_the_file_and_line_of_its_node(tmp_path):
    data = _data_with(tmp_path, "a kg:Administration", "a kg:Administraton")
    result = runner.invoke(app, ["validate", "--no-bundled", "--data", str(data)])
    text = (data / FRITID).read_text(encoding="utf-8").splitlines()
    line = 1 + next(i for i, t in enumerate(text) if t.startswith(":fritidsforvaltningen a "))
    assert f"{data / FRITID}:{line}: Fritidsförvaltningen (id:fritidsforvaltningen)" in (
        result.stdout
    )


@pytest.mark.slow
def test_violations_that_follow_from_a_misspelt_class_are_shown_under_it(tmp_path):
    data = _data_with(tmp_path, ":radda-barnen a kg:Association", ":radda-barnen a kg:Asociation")
    path = data / FRITID
    text = path.read_text(encoding="utf-8")
    sector = '"Federation of Unaccompanied Minors"@en ;\n    kg:sector kg:CivilSociety ;'
    assert sector in text  # Ensamkommandes förbund loses its sector: a violation of its own
    path.write_text(text.replace(sector, sector.split(" ;")[0] + " ;", 1), encoding="utf-8")

    graph = kg.load([data], bundled=False)
    # one violation per membership of Rädda Barnen: as many as the data has (a new source
    # may name it in one more collaboration)
    parties = len(
        graph.query(
            "SELECT ?m WHERE { ?m <http://www.w3.org/ns/org#member> "
            "<https://w3id.org/kg-malmo/id/radda-barnen> }"
        )
    )
    found = kg.validate(graph).violations
    [root] = [v for v in found if v.path == "rdf:type"]
    assert (root.node, root.follows) == ("id:radda-barnen", "")
    following = [v for v in found if v.follows]
    assert len(following) == parties >= 5
    assert {v.follows for v in following} == {"id:radda-barnen rdf:type"}
    assert all(v.path == "org:member" and "Rädda Barnen" in v.label for v in following)
    [own] = [v for v in found if v.node == "id:ensamkommandes-forbund"]
    assert own.follows == ""

    result = runner.invoke(app, ["validate", "--no-bundled", "--data", str(data)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "kg:Asociation is not a class" in line)
    assert all(line.startswith("  ↳ ") for line in lines[at + 1 : at + 1 + parties])
    assert "org:member" in lines[at + 1]
    assert not any(line.startswith("  ↳ ") and "Ensamkommandes" in line for line in lines)
    summary = " ".join(result.stderr.split())
    said = f"{parties + 2} violations; {parties} follow from the lines they are indented under"
    assert said in summary

    report = runner.invoke(app, ["report", "--no-bundled", "--data", str(data), "--lang", "sv"])
    assert report.exit_code == 1
    assert f"{parties + 2} regelbrott: rätta uppgifterna först" in " ".join(report.stderr.split())


@pytest.mark.slow
def test_a_shape_violation_on_a_misspelt_property_or_link_follows_from_it(tmp_path):
    data = _data_with(tmp_path, "org:member :radda-barnen", "org:member :radda-barnn")
    found = kg.validate(kg.load([data], bundled=False)).violations
    [link] = [v for v in found if "no file describes" in v.message]
    [shape] = [v for v in found if v is not link]
    assert (shape.node, shape.path) == (link.node, link.path)
    assert shape.follows == f"{link.node} org:member" and not link.follows
