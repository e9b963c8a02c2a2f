"""kg validate on values not of their datatype ("abc" typed xsd:integer, "yes" typed
xsd:boolean, "2016-13-45" typed xsd:date) on properties the shapes do not cover: each is a
violation naming the node, its label, the property, the value and what to write.

SHACL Core cannot say "every value is of its own datatype" for every property (no target
selects every triple, no constraint refers to a value's own datatype), so pySHACL is the
reference here with one sh:datatype shape per property of the fixture, written for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace
from typer.testing import CliRunner

from kg.cli import app
from kg.io.parse import from_rdflib, ill_typed_kept, load
from kg.validation import validate
from kg.validation.literals import ill_typed

SH = Namespace("http://www.w3.org/ns/shacl#")
EX = "https://example.org/"
#: (property, datatype, value, whether XSD makes it a value of the type)
VALUES = [
    ("flag", "boolean", "yes", False),
    ("flag", "boolean", "true", True),
    ("flag", "boolean", "0", True),
    ("count", "integer", "abc", False),
    ("count", "integer", "1.0", False),
    ("count", "integer", "01", True),
    ("when", "date", "2016-13-45", False),
    ("when", "date", "2016-02-30", False),
    ("when", "date", "2016-03-31", True),
    ("amount", "decimal", "abc", False),
    ("amount", "decimal", "4.5", True),
    ("ratio", "double", "1E", False),
    ("ratio", "double", "4.5E3", True),
    ("at", "dateTime", "2016-03-31T25:00:00", False),
    ("at", "dateTime", "2016-03-31T09:00:00", True),
    ("clock", "time", "25:00:00", False),
    # refused by XSD, accepted by rdflib (so by pySHACL): kg refuses them
    ("amount", "decimal", "1e3", False),
    ("at", "dateTime", "2016-03-31", False),
    ("year", "gYear", "16", False),
    ("month", "gYearMonth", "2016-13", False),
    ("year", "gYear", "2016", True),
    # XSD's numbers have no bounds (a cast in SPARQL fails past 64 bits or 18 decimals)
    ("count", "integer", "12345678901234567890", True),
    ("amount", "decimal", "0.1234567890123456789", True),
    ("amount", "decimal", "5.", True),
    ("ratio", "double", "INF", True),
    ("ratio", "double", "-INF", True),
    ("share", "float", "NaN", True),
    ("flag", "boolean", "True", False),
]
#: The values above that pySHACL (rdflib's checks) takes for values of their type
PYSHACL_ACCEPTS = {"1e3", "2016-03-31", "16", "2016-13"}


def _turtle() -> str:
    lines = ["@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."]
    for n, (prop, datatype, value, _) in enumerate(VALUES):
        lines.append(f'<{EX}x{n}> <{EX}{prop}> "{value}"^^xsd:{datatype} .')
    return "\n".join(lines) + "\n"


def _shapes() -> str:
    pairs = sorted({(prop, datatype) for prop, datatype, _, _ in VALUES})
    lines = [
        "@prefix sh: <http://www.w3.org/ns/shacl#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
    ]
    for prop, datatype in pairs:
        lines.append(
            f"[] sh:targetSubjectsOf <{EX}{prop}> ; "
            f"sh:property [ sh:path <{EX}{prop}> ; sh:datatype xsd:{datatype} ] ."
        )
    return "\n".join(lines) + "\n"


def test_each_value_not_of_its_type_and_no_other_is_found():
    with ill_typed_kept():
        graph = Graph().parse(data=_turtle(), format="turtle")
    found = {p.message.split('"')[1] for p in ill_typed(from_rdflib(graph))}
    assert found == {value for _, _, value, typed in VALUES if not typed}


@pytest.mark.slow
def test_pyshacl_agrees_where_it_checks_the_type():
    import pyshacl

    with ill_typed_kept():
        graph = Graph().parse(data=_turtle(), format="turtle")
        shapes = Graph().parse(data=_shapes(), format="turtle")
        _, results, _ = pyshacl.validate(graph, shacl_graph=shapes)
    theirs = {
        (str(results.value(r, SH.focusNode)), str(results.value(r, SH.value)))
        for r in results.subjects(RDF.type, SH.ValidationResult)
    }
    ours = {(str(p.node.value), p.message.split('"')[1]) for p in ill_typed(from_rdflib(graph))}
    # rdflib 7.1 (the lowest kg supports) refuses "16" and "2016-13" too, which later
    # versions take: what kg alone flags is some of these, never another value
    assert {value for _, value in ours - theirs} <= PYSHACL_ACCEPTS
    assert {"1e3", "2016-03-31"} <= {value for _, value in ours - theirs}
    assert theirs <= ours


@pytest.fixture
def ill_data(tmp_path: Path) -> Path:
    path = tmp_path / "ill.ttl"
    path.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'<{EX}x> rdfs:label "Thing X"@en ; <{EX}flag> "yes"^^xsd:boolean ;\n'
        f'  <{EX}n> "abc"^^xsd:integer ; <{EX}d> "2016-13-45"^^xsd:date ;\n'
        f'  <{EX}ok> "01"^^xsd:integer .\n',
        encoding="utf-8",
    )
    return path


def test_kg_validate_names_node_label_property_value_and_remedy(ill_data: Path):
    args = ["validate", "--no-bundled", "--data", str(ill_data)]
    english = CliRunner().invoke(app, args)
    assert english.exit_code == 1, english.output
    for line in (
        f'Thing X (<{EX}x>) <{EX}flag>: "yes" is not a valid xsd:boolean; write true or false',
        f'Thing X (<{EX}x>) <{EX}n>: "abc" is not a valid xsd:integer; write a whole number, '
        "such as 4",
        f'Thing X (<{EX}x>) <{EX}d>: "2016-13-45" is not a valid xsd:date; write a date as '
        "YYYY-MM-DD, such as 2016-03-31",
    ):
        assert line in english.output
    assert "/ok>" not in english.output and "3 violations" in english.output
    swedish = CliRunner().invoke(app, [*args, "--lang", "sv"])
    assert swedish.exit_code == 1
    assert '"yes" är inget giltigt värde av typen xsd:boolean; skriv true eller false' in (
        swedish.output
    )


@pytest.mark.slow
def test_a_property_the_shapes_cover_is_told_once(tmp_path: Path, fixture_path):
    """kg:isMunicipal takes an xsd:boolean (its shape): "yes" is its shape's violation only."""
    text = fixture_path("kitchen_sink.ttl").read_text("utf-8")
    text = text.replace("kg:isMunicipal true", 'kg:isMunicipal "yes"^^xsd:boolean', 1)
    assert "yes" in text
    (tmp_path / "k.ttl").write_text(text, encoding="utf-8")
    report = validate(load([tmp_path / "k.ttl"], bundled=False), quotes=False)
    municipal = [v for v in report.violations if v.path == "kg:isMunicipal"]
    assert len(municipal) == 1 and "true or false" in municipal[0].message
    assert not [v for v in report.violations if "is not a valid" in v.message]
