"""The ontology and data under a reasoner: OWL 2 RL closure (owlrl), HermiT (owlready2's jar).

The closure of ontology + data (and of the derived view) is consistent, types no
collaboration as an actor, and changes none of kg's answers; an actor typed twice is an
inconsistency. The ontology keeps OWL 2 DL's reserved vocabulary out of class and range
positions; its one datatype outside OWL 2's datatype map is xsd:gYear (the years), which
HermiT refuses, so the HermiT test reads the years as integers.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib.term
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from typer.testing import CliRunner

from kg.cli import app
from kg.model.namespace import KG, ONTOLOGY_IRI
from kg.paths import ontology_dir

owlrl = pytest.importorskip("owlrl")

ORG = "http://www.w3.org/ns/org#"
ERRNS_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")
ACTOR_CLASSES = [
    "Committee",
    "Council",
    "Administration",
    "OperationalUnit",
    "Association",
    "Company",
    "University",
    "ResearchUnit",
    "PublicAgency",
    "Municipality",
]
# OWL 2's datatype map (OWL 2 Syntax §4) and rdfs:Literal; anything else is outside OWL 2 DL
OWL2_DATATYPES = {
    *(
        XSD[n]
        for n in [
            "decimal",
            "integer",
            "nonNegativeInteger",
            "nonPositiveInteger",
            "positiveInteger",
            "negativeInteger",
            "long",
            "int",
            "short",
            "byte",
            "unsignedLong",
            "unsignedInt",
            "unsignedShort",
            "unsignedByte",
            "double",
            "float",
            "string",
            "normalizedString",
            "token",
            "language",
            "Name",
            "NCName",
            "NMTOKEN",
            "boolean",
            "hexBinary",
            "base64Binary",
            "anyURI",
            "dateTime",
            "dateTimeStamp",
        ]
    ),
    RDF.PlainLiteral,
    RDF.XMLLiteral,
    RDFS.Literal,
    OWL.real,
    OWL.rational,
}

runner = CliRunner()


def _export(tmp: Path, *args: str) -> Graph:
    out = tmp / "graph.ttl"
    result = runner.invoke(app, ["export", "-f", "ttl", "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return Graph().parse(out)


def _closure(graph: Graph) -> Graph:
    """The OWL 2 RL closure of ``graph``. owlrl registers its own lexical conversions in
    rdflib's global table while it runs and, after, puts back only rdflib's own entries: its
    xsd:gYear one stays, and every later test in the process (pySHACL's datatype check, the
    differential tests) would read "16"^^xsd:gYear as ill-typed. The table is restored whole."""
    closed = Graph()
    for triple in graph:
        closed.add(triple)
    conversions = dict(rdflib.term._toPythonMapping)
    try:
        owlrl.DeductiveClosure(
            owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
        ).expand(closed)
    finally:
        rdflib.term._toPythonMapping.clear()
        rdflib.term._toPythonMapping.update(conversions)
    return closed


def test_a_closure_leaves_rdflib_reading_literals_as_before():
    """Tests after this module's (pySHACL's datatype check among them) read literals as
    rdflib does: a closure once left owlrl's reading of xsd:gYear behind, and "16"^^xsd:gYear
    became ill-typed for the rest of the process."""
    before = dict(rdflib.term._toPythonMapping)
    _closure(Graph().parse(data="<urn:a> <urn:b> 1 .", format="turtle"))
    assert rdflib.term._toPythonMapping == before
    assert Literal("16", datatype=XSD.gYear).ill_typed is not True


def _errors(closed: Graph) -> list[str]:
    return sorted(str(m) for m in closed.objects(None, ERRNS_ERROR))


@pytest.fixture(scope="module")
def exported(bundled_export_graph) -> Graph:
    """The session's `kg export -f ttl` of the bundled data (read only: each closure copies
    it). Each closure starts from the export, not from an earlier closure: owlrl 7.6's
    one-time datatype rules read what a closure already holds (a literal's owl:sameAs to
    itself, its supertypes) and add 41 triples the export's own closure lacks."""
    return bundled_export_graph("ttl")


@pytest.fixture(scope="module")
def closed(exported) -> Graph:
    return _closure(exported)


@pytest.mark.slow
def test_the_owl_rl_closure_of_ontology_and_data_is_consistent(closed):
    assert _errors(closed) == []
    assert not list(closed.subjects(RDF.type, OWL.Nothing))


@pytest.mark.slow
def test_the_closure_types_no_collaboration_membership_or_area_as_an_actor(closed):
    """org:member, org:organization, prov:wasDerivedFrom and kg's own domains and ranges
    infer nothing that makes a collaboration, a party or a place an actor."""
    actors = set(closed.subjects(RDF.type, KG.Actor))
    collaborations = set(closed.subjects(RDF.type, KG.Collaboration))
    assert len(actors) == 100 and len(collaborations) == 132
    assert not actors & collaborations
    for cls in (URIRef(ORG + "Membership"), KG.Area, KG.SourceExcerpt, KG.StatedCount):
        assert not actors & set(closed.subjects(RDF.type, cls)), cls
    for actor in actors:
        leaves = [c for c in ACTOR_CLASSES if (actor, RDF.type, KG[c]) in closed]
        assert len(leaves) == 1, (actor, leaves)


RADDA_BARNEN = URIRef("https://w3id.org/kg-malmo/id/radda-barnen")
OTTO = URIRef("https://w3id.org/kg-malmo/id/ka-motesplats-otto")


@pytest.fixture(scope="module")
def mistyped_errors(exported) -> list[str]:
    """The closure's errors once an association is also typed a company and a collaboration
    an actor: one closure for both (3-4 s of CPU each); each error names the resource it is
    about, so the two are told apart, and no other error may appear."""
    graph = Graph()
    for triple in exported:
        graph.add(triple)
    graph.add((RADDA_BARNEN, RDF.type, KG.Company))
    graph.add((OTTO, RDF.type, KG.Actor))
    errors = _errors(_closure(graph))
    assert all(str(RADDA_BARNEN) in e or str(OTTO) in e for e in errors), errors
    return errors


@pytest.mark.slow
def test_an_actor_typed_with_two_classes_is_an_inconsistency(mistyped_errors):
    assert any("radda-barnen" in e for e in mistyped_errors), mistyped_errors


@pytest.mark.slow
def test_a_collaboration_typed_as_an_actor_is_an_inconsistency(mistyped_errors):
    assert any("ka-motesplats-otto" in e for e in mistyped_errors), mistyped_errors


@pytest.fixture(scope="module")
def exported_derived(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Graph]:
    """`kg export -f ttl --derived`, once for the closure and HermiT (read only: each copies
    it, and its size is checked unchanged after the last)."""
    graph = _export(tmp_path_factory.mktemp("derived"), "--derived")
    size = len(graph)
    yield graph
    assert len(graph) == size, "a test changed the shared derived export's graph"


@pytest.mark.slow  # a second closure (3-4 s of CPU), of the data's closure's variant
def test_the_closure_of_the_derived_view_is_consistent_too(exported_derived):
    closed = _closure(exported_derived)
    assert _errors(closed) == []
    actors = set(closed.subjects(RDF.type, KG.Actor))
    assert len(actors) == 100
    assert not actors & set(closed.subjects(RDF.type, KG.Collaboration))


@pytest.mark.slow
def test_kg_answers_the_same_on_the_closure(closed, tmp_path):
    """What OWL 2 RL adds (supertypes, inverse links, org:Organization …) changes no gap."""
    kept = Graph()
    for s, p, o in closed:
        if not isinstance(s, Literal) and isinstance(p, URIRef):
            kept.add((s, p, o))
    path = tmp_path / "closure.ttl"
    kept.serialize(path, format="turtle")
    on_data = runner.invoke(app, ["gaps", "-f", "json"])
    on_closure = runner.invoke(app, ["gaps", "--no-bundled", "--data", str(path), "-f", "json"])
    assert on_data.exit_code == 0 and on_closure.exit_code == 0, on_closure.output
    assert json.loads(on_closure.stdout) == json.loads(on_data.stdout)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_dir() / "kg.ttl")


@pytest.mark.slow
def test_no_reserved_vocabulary_as_a_class_or_a_range(ontology):
    """OWL 2 DL reserves rdf:, rdfs: and owl: terms: none is a superclass, domain or range of
    kg's terms (kg:DerivedProperty is no subclass of rdf:Property; kg:countedClass has no
    range owl:Class: its values are classes named as individuals)."""
    reserved = (str(RDF), str(RDFS), str(OWL))
    for prop in (RDFS.subClassOf, RDFS.domain, RDFS.range):
        for s, o in ontology.subject_objects(prop):
            assert not str(o).startswith(reserved) or o == RDFS.Literal, (s, prop, o)


def test_the_only_datatype_outside_owl2_is_the_year(ontology):
    ranges = {o for o in ontology.objects(None, RDFS.range) if str(o).startswith(str(XSD))}
    assert ranges - OWL2_DATATYPES == {XSD.gYear}


def test_the_header_names_version_licence_creator_and_release_date(ontology):
    import kg

    head = URIRef(ONTOLOGY_IRI.rstrip("#"))
    (iri,) = ontology.objects(head, OWL.versionIRI)
    assert str(iri) == f"{head}/{kg.__version__}"
    assert list(ontology.objects(head, OWL.priorVersion))
    assert list(ontology.objects(head, URIRef("http://purl.org/dc/terms/license")))
    (creator,) = ontology.objects(head, URIRef("http://purl.org/dc/terms/creator"))
    assert list(ontology.objects(creator, URIRef("http://xmlns.com/foaf/0.1/name")))
    (issued,) = ontology.objects(head, URIRef("http://purl.org/dc/terms/issued"))
    changelog = (Path(__file__).resolve().parents[1] / "CHANGELOG.md").read_text("utf-8")
    released = re.search(rf"^## \[{re.escape(kg.__version__)}\] — (\S+)", changelog, re.M)
    assert released and str(issued) == released.group(1)


def _hermit_jar() -> Path | None:
    try:
        import owlready2
    except ImportError:
        return None
    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    return jar if jar.exists() and shutil.which("java") else None


def _years_as_integers(graph: Graph) -> Graph:
    """HermiT takes only OWL 2's datatypes: read each xsd:gYear as the integer year."""
    out = Graph()
    for s, p, o in graph:
        if p == OWL.imports:
            continue
        if isinstance(o, Literal) and o.datatype == XSD.gYear:
            o = Literal(int(str(o)[:4]), datatype=XSD.integer)
        elif p == RDFS.range and o == XSD.gYear:
            o = XSD.integer
        out.add((s, p, o))
    return out


def _hermit(jar: Path, graph: Graph, path: Path) -> str:
    _years_as_integers(graph).serialize(path, format="xml")
    done = subprocess.run(
        [
            "java",
            "-Xmx1500M",
            "-cp",
            f"{jar.parent}:{jar}",
            "org.semanticweb.HermiT.cli.CommandLine",
            "-k",
            "-U",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done.stdout + done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("derived", [False, True], ids=["data", "derived"])
def test_hermit_finds_ontology_and_data_consistent_with_no_unsatisfiable_class(
    request, tmp_path, derived
):
    jar = _hermit_jar()
    if jar is None:
        pytest.skip("HermiT needs owlready2 (the test extra) and java")
    graph = request.getfixturevalue("exported_derived" if derived else "exported")
    out = _hermit(jar, graph, tmp_path / "graph.owl")
    assert "owl#Thing is satisfiable" in out, out
    unsatisfiable = out.split("Classes equivalent to 'owl:Nothing':", 1)[1].split()
    assert unsatisfiable == ["owl:Nothing"], out


@pytest.mark.slow
def test_hermit_finds_an_actor_typed_twice_inconsistent(exported, tmp_path):
    jar = _hermit_jar()
    if jar is None:
        pytest.skip("HermiT needs owlready2 (the test extra) and java")
    graph = Graph()
    for triple in exported:
        graph.add(triple)
    graph.add((URIRef("https://w3id.org/kg-malmo/id/radda-barnen"), RDF.type, KG.Company))
    out = _hermit(jar, graph, tmp_path / "graph.owl")
    assert "owl#Thing is satisfiable" not in out, out
