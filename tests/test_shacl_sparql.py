"""The SPARQL validator against pySHACL, the reference: the same violations on every fixture,
the bundled data, graphs with defects put in, and shapes that use the rest of SHACL Core."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from helpers.defects import KINDS, LOCAL_KINDS, inject, write_with_defects
from helpers.pyshacl_reference import validate_with_pyshacl
from rdflib import Graph

import kg
import kg.validation.constraints
from kg.errors import DataLoadError
from kg.io.files import input_files
from kg.io.parse import load_memory
from kg.io.source import Source
from kg.paths import shapes_file
from kg.synth import write_synthetic
from kg.validation import _report
from kg.validation import constraints as shacl_sparql
from kg.validation.quotes import check_quotes, excerpt_problem
from kg.validation.shapes import ShapesError


def validate_fast(store, shapes=None, sources=None, *, progress=None, on_disk=False):
    """kg's validator on a pyoxigraph store."""
    return kg.validate(store, shapes=shapes, sources=sources, progress=progress, on_disk=on_disk)


def shapes_only(store, shapes=None, *, on_disk=False) -> kg.ValidationReport:
    """kg's violations of the shapes alone (the quote check has one implementation)."""
    results = shacl_sparql.validate(store, shapes or shapes_file(), in_memory=not on_disk)
    return _report(store, results, [])


FIXTURES = Path(__file__).parent / "fixtures"
#: Both ways of joining a path's values: hash joins from the first focus node, and lookups.
JOINS = pytest.mark.parametrize("hash_join_from", [0, 10**9], ids=["hash-join", "lookup"])


def _key(violation: kg.Violation, with_label: bool) -> tuple:
    # Blank nodes are named differently by rdflib and Oxigraph: compare them as one.
    node = "_:" if violation.node.startswith("_:") else violation.node
    key = (node, violation.path, violation.message, violation.message_sv, violation.severity)
    return (violation.label, *key) if with_label else key


def assert_same(reference: kg.ValidationReport, fast: kg.ValidationReport, labels: bool) -> None:
    """The two reports flag the same (node, path, messages, severity), and the same labels
    when ``labels`` (not where a node has two Swedish names: each engine takes either)."""
    expected = {_key(v, labels) for v in reference.violations}
    found = {_key(v, labels) for v in fast.violations}
    lines = [f"only pySHACL: {k}" for k in sorted(expected - found)]
    lines += [f"only SPARQL:  {k}" for k in sorted(found - expected)]
    assert expected == found, "\n".join(lines)


def _both(files: list[Path], bundled: bool = False, shapes: Path | None = None) -> tuple:
    texts = tuple((str(path), path.read_bytes()) for path in files)
    reference = _reference(texts, bundled, shapes)
    store = load_memory(input_files(files, bundled=bundled))
    return reference, shapes_only(store, shapes)


def _both_written(folder: Path, shapes: str, data: str) -> tuple:
    """pySHACL's report and kg's on ``data`` under ``shapes`` (Turtle texts), written to
    ``folder``."""
    (folder / "shapes.ttl").write_text(shapes, encoding="utf-8")
    (folder / "data.ttl").write_text(data, encoding="utf-8")
    reference = validate_with_pyshacl(
        Graph().parse(folder / "data.ttl"), shapes=folder / "shapes.ttl"
    )
    return reference, shapes_only(load_memory([folder / "data.ttl"]), folder / "shapes.ttl")


@functools.cache
def _reference(texts: tuple[tuple[str, bytes], ...], bundled: bool, shapes: Path | None):
    """pySHACL's report on the files (their paths and contents), made once for both joins."""
    files = [Path(path) for path, _ in texts]
    return validate_with_pyshacl(kg.load(files, bundled=bundled), shapes=shapes)


@pytest.fixture
def join(monkeypatch: pytest.MonkeyPatch, hash_join_from: int) -> None:
    monkeypatch.setattr(shacl_sparql, "HASH_JOIN_FROM", hash_join_from)


FIXTURE_FILES = sorted(p.name for p in FIXTURES.glob("*.ttl") if p.name != "syntax_error.ttl")


@pytest.mark.slow
@JOINS
@pytest.mark.parametrize("fixture", FIXTURE_FILES)
def test_same_violations_on_each_fixture(join, fixture):
    reference, fast = _both([FIXTURES / fixture])
    assert_same(reference, fast, labels=True)


@pytest.mark.slow
def test_a_fixture_that_does_not_parse_is_refused_by_both():
    with pytest.raises(DataLoadError, match=r"syntax_error\.ttl"):
        kg.load([FIXTURES / "syntax_error.ttl"], bundled=False)
    with pytest.raises(DataLoadError, match=r"syntax_error\.ttl"):
        load_memory(input_files([FIXTURES / "syntax_error.ttl"], bundled=False))


@pytest.mark.slow
@JOINS
def test_same_violations_on_the_bundled_data(join):
    reference, fast = _both([], bundled=True)
    assert fast.conforms and reference.conforms


@pytest.fixture(scope="module")
def small_synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic graph of 150 actors: each kind of defect finds as many nodes to break in
    it, on seeds 0-4, as in one of 300 (one or two a kind), in half the reference's time."""
    path = tmp_path_factory.mktemp("synth") / "synth.ttl"
    write_synthetic(path, 150, seed=3)
    return path


def _with_defects(source: Path, target: Path, seed: int, kinds=tuple(KINDS)) -> Path:
    defects = write_with_defects(source, target, kinds, per_kind=2, seed=seed)
    assert {d.kind for d in defects} == set(kinds), "every kind found a node to break"
    return target


_TWO_IN_ONE_LANGUAGE = """
@prefix :        <https://w3id.org/kg-malmo/id/test/> .
@prefix kg:      <https://w3id.org/kg-malmo/ontology#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

:both kg:basis kg:ReadFromContext ;
    skos:editorialNote "Named in its section."@en , "Nämns i sitt avsnitt."@sv .
:two-swedish kg:basis kg:ReadFromContext ;
    skos:editorialNote "Named in its section."@en , "Nämns i avsnittet."@sv , "Nämns där."@sv .
:only-swedish kg:basis kg:ReadFromContext ; skos:editorialNote "Nämns i sitt avsnitt."@sv .
:no-note kg:basis kg:ReadFromContext .
:count a kg:StatedCount ;
    dcterms:description "Six IOPs."@en , "Sex IOP."@sv , "Six partnerships."@en .
"""


@JOINS
def test_a_note_and_a_description_are_one_per_language_in_both_validators(join, tmp_path):
    """Notes and a count's descriptions are written in English and Swedish: one of each.
    Both validators flag a second in one language, and a basis with no note in either
    language; a note in Swedish alone is enough."""
    data = tmp_path / "notes.ttl"
    data.write_text(_TWO_IN_ONE_LANGUAGE, encoding="utf-8")
    reference, fast = _both([data])
    assert_same(reference, fast, labels=False)
    found = {(v.node.rsplit("/", 1)[-1], v.path, v.message[:40]) for v in fast.violations}
    assert (
        "two-swedish",
        "skos:editorialNote",
        "A resource has at most one skos:editoria",
    ) in found
    assert (
        "no-note",
        "skos:editorialNote",
        "A resource with a kg:basis needs a skos:",
    ) in found
    assert ("count", "dcterms:description", "A stated count has at most one dcterms:d") in found
    assert not {node for node, *_ in found} & {"both", "only-swedish"}


@pytest.mark.slow
@JOINS
def test_same_violations_with_every_kind_of_defect(join, small_synthetic, tmp_path):
    broken = _with_defects(small_synthetic, tmp_path / "broken.nt", seed=0)
    reference, fast = _both([broken])
    assert not reference.conforms
    assert_same(reference, fast, labels=False)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_violations_with_defects_on_other_seeds(small_synthetic, tmp_path, seed):
    broken = _with_defects(small_synthetic, tmp_path / "broken.nt", seed=seed)
    assert_same(*_both([broken]), labels=False)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1])
def test_same_violations_on_the_bundled_data_with_defects(tmp_path, seed):
    bundled = load_memory(input_files())  # real IRIs, five documents, real quotes
    inject(bundled, LOCAL_KINDS, per_kind=2, seed=seed)
    broken = tmp_path / "bundled.nt"
    import pyoxigraph as ox

    bundled.dump(str(broken), ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    assert_same(*_both([broken]), labels=False)


@pytest.mark.slow
def test_defects_are_seeded(small_synthetic, tmp_path):
    first = write_with_defects(small_synthetic, tmp_path / "a.nt", seed=5)
    again = write_with_defects(small_synthetic, tmp_path / "b.nt", seed=5)
    other = write_with_defects(small_synthetic, tmp_path / "c.nt", seed=6)
    assert first == again != other
    # the same triples, blank nodes (the quote selectors) aside
    a, b = (sorted(_named(tmp_path / name)) for name in ("a.nt", "b.nt"))
    assert a == b


def _named(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line if "_:" not in line else line.split("_:")[0] for line in lines]


# ---------------------------------------------------------------- the rest of SHACL Core

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .

ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:property [ sh:path [ sh:inversePath ex:parent ] ; sh:maxCount 0 ; sh:message "no child" ] ,
    [ sh:path [ sh:alternativePath ( ex:name ex:label ) ] ; sh:languageIn ( "sv" ) ;
      sh:message "Swedish names" ] ,
    [ sh:path ex:name ; sh:uniqueLang true ; sh:message "one name per language" ] ,
    [ sh:path ex:code ; sh:pattern "^[a-z]+[0-9]$" ; sh:maxLength 5 ; sh:message "code" ] ,
    [ sh:path ex:size ; sh:datatype xsd:integer ; sh:minExclusive 0 ; sh:maxInclusive 10 ;
      sh:message "size" ] ,
    [ sh:path ex:date ; sh:datatype xsd:date ; sh:message "date" ] ,
    [ sh:path ex:kind ; sh:in ( ex:Red ex:Blue ) ; sh:nodeKind sh:IRI ; sh:message "kind" ] ,
    [ sh:path ex:kind ; sh:or ( [ sh:in ( ex:Red ) ] [ sh:datatype xsd:string ] ) ;
      sh:message "red or text" ] ,
    [ sh:path [ sh:zeroOrMorePath ex:part ] ; sh:class ex:Thing ; sh:message "parts" ] ,
    [ sh:path ex:part ; sh:node ex:Named ; sh:message "named part" ] ,
    [ sh:path ex:part ; sh:or ( [ sh:property [ sh:path ex:name ; sh:minCount 1 ] ]
                                [ sh:class ex:Other ] ) ; sh:message "part or" ] ,
    [ sh:path ex:part ; sh:qualifiedValueShape ex:Named ; sh:qualifiedMinCount 1 ;
      sh:message "a named part" ] ,
    [ sh:path ex:note ; sh:minCount 1 ; sh:severity sh:Warning ; sh:message "a note" ] ,
    [ sh:path ex:code ; sh:minCount 5 ; sh:deactivated true ; sh:message "never" ] .

ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ;
  sh:message "a part has a name" ] .

ex:NodeC a sh:NodeShape ; sh:targetNode ex:c ; sh:message "c links nowhere" ;
  sh:not [ sh:property [ sh:path ex:link ; sh:minCount 1 ] ] .

ex:Linked a sh:NodeShape ; sh:targetObjectsOf ex:link ; sh:message "one of the two" ;
  sh:xone ( [ sh:property [ sh:path ex:code ; sh:minCount 1 ] ]
            [ sh:property [ sh:path ex:code ; sh:datatype xsd:integer ] ] ) .

ex:Linking a sh:NodeShape ; sh:targetSubjectsOf ex:link ; sh:message "blue or no kind" ;
  sh:or ( [ sh:hasValue ex:c ] [ sh:property [ sh:path ex:kind ; sh:hasValue ex:Blue ] ] ) .

ex:Codes a sh:NodeShape ; sh:targetObjectsOf ex:code ; sh:datatype xsd:string ;
  sh:message "codes are text" .

ex:Other a rdfs:Class , sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ;
  sh:message "an Other has a name" ] .
"""

DATA = """
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .

ex:SubThing rdfs:subClassOf ex:Thing .
ex:a a ex:SubThing ; ex:name "A"@sv-SE , "Aa"@sv-se ; ex:code "ab1" ; ex:size 5 ;
  ex:date "2020-01-01"^^xsd:date ; ex:part ex:b ; ex:kind ex:Red ; ex:note "x" .
ex:b a ex:Thing ; ex:label "B"@en ; ex:name "B"@sv ; ex:code "toolong7" ; ex:size 12 ;
  ex:date "2020-13-45"^^xsd:date ; ex:parent ex:a ; ex:kind "red" , ex:Green .
ex:c ex:link ex:d ; ex:kind ex:Blue . ex:d ex:code 7 . ex:f ex:link ex:g .
ex:e a ex:Thing ; ex:size 0 ; ex:part ex:e2 ; ex:note "y" . ex:e2 ex:part ex:e3 .
ex:o a ex:Other .
"""


@JOINS
def test_same_violations_with_the_rest_of_shacl_core(join, tmp_path):
    reference, fast = _both_written(tmp_path, SHAPES, DATA)
    assert_same(reference, fast, labels=True)
    flagged = {(v.node, v.path, v.severity) for v in fast.violations}
    assert ("<http://example.org/a>", "^<http://example.org/parent>", "Violation") in flagged
    assert ("<http://example.org/b>", "<http://example.org/note>", "Warning") in flagged
    every_shape_but_the_deactivated = set(re.findall(r'sh:message "([^"]+)"', SHAPES)) - {"never"}
    assert {v.message for v in fast.violations} == every_shape_but_the_deactivated


#: Shapes at the edge of each limit: a value of just the least length, a pattern with a flag,
#: a language written in capitals, a blank node where a blank node or an IRI may be, a
#: language-tagged label, both branches of an sh:xone, and one value where one is allowed
#: (by a shape without sh:message, whose wording is kg's own).
EDGE_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix ex: <http://example.org/> .

ex:EdgeShape a sh:NodeShape ; sh:targetClass ex:Edge ;
  sh:property [ sh:path ex:code ; sh:minLength 3 ; sh:message "three letters or more" ] ,
    [ sh:path ex:word ; sh:pattern "^lund$" ; sh:flags "i" ; sh:message "lund in any case" ] ,
    [ sh:path ex:name ; sh:languageIn ( "SV" ) ; sh:message "Swedish, written SV" ] ,
    [ sh:path ex:link ; sh:nodeKind sh:BlankNodeOrIRI ; sh:message "a link is no literal" ] ,
    [ sh:path ex:label ; sh:datatype rdf:langString ; sh:message "a label has a language" ] .

ex:OneTag a sh:NodeShape ; sh:targetClass ex:Edge ;
  sh:property [ sh:path ex:tag ; sh:maxCount 1 ; sh:datatype xsd:string ] .

ex:CodeOrWord a sh:NodeShape ; sh:targetClass ex:Edge ; sh:message "a code or a word" ;
  sh:xone ( [ sh:property [ sh:path ex:code ; sh:minCount 1 ] ]
            [ sh:property [ sh:path ex:word ; sh:minCount 1 ] ] ) .
"""
EDGE_DATA = """
@prefix ex: <http://example.org/> .

ex:ok a ex:Edge ; ex:code "abc" ; ex:name "Lund"@SV-se ; ex:tag "ett" ;
  ex:link ex:elsewhere , [ ex:code "x" ] ; ex:label "Lund"@sv .
ex:word a ex:Edge ; ex:word "LUND" .
ex:bad a ex:Edge ; ex:code "ab" ; ex:word "Lunds" ; ex:name "Lund"@en ; ex:tag 5 ;
  ex:link "text" ; ex:label "Lund" .
"""


@JOINS
def test_same_violations_at_the_edge_of_each_limit(join, tmp_path):
    """A value just within a limit passes and one just past it fails, in both validators."""
    reference, fast = _both_written(tmp_path, EDGE_SHAPES, EDGE_DATA)
    ex = "http://example.org/"
    assert {(v.node, v.path, v.message) for v in fast.violations} == {
        (f"<{ex}bad>", f"<{ex}code>", "three letters or more"),
        (f"<{ex}bad>", f"<{ex}word>", "lund in any case"),
        (f"<{ex}bad>", f"<{ex}name>", "Swedish, written SV"),
        (f"<{ex}bad>", f"<{ex}link>", "a link is no literal"),
        (f"<{ex}bad>", f"<{ex}label>", "a label has a language"),
        (f"<{ex}bad>", "(node)", "a code or a word"),
        (f"<{ex}bad>", f"<{ex}tag>", "fails sh:Datatype of ex:OneTag › sh:property 1"),
    }

    # pySHACL words a shape without sh:message its own way: the rest is compared with it
    def worded(report: kg.ValidationReport) -> kg.ValidationReport:
        return kg.ValidationReport([v for v in report.violations if v.path != f"<{ex}tag>"])

    assert_same(worded(reference), worded(fast), labels=True)


UNSUPPORTED = {
    "sparql": '[ sh:select "SELECT $this WHERE { }" ]',
    "closed": "true",
    "equals": "ex:other",
    "lessThan": "ex:other",
    "target": "[ a sh:SPARQLTarget ]",
}


@pytest.mark.parametrize("nested", [False, True], ids=["shape", "inside-sh:or"])
@pytest.mark.parametrize("feature", sorted(UNSUPPORTED))
def test_an_unsupported_feature_is_named_with_its_shape(tmp_path, feature, nested):
    # refused before any data is read, also in a shape that only an sh:or names
    rule = f"sh:{feature} {UNSUPPORTED[feature]}"
    body = f"sh:or ( [ {rule} ] )" if nested else rule
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        f"ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; {body} .",
        encoding="utf-8",
    )
    where = r"ex:S › sh:or 1" if nested else "ex:S"
    with pytest.raises(ShapesError, match=rf"{where}: sh:{feature} .*not supported"):
        validate_fast(load_memory([]), shapes, tmp_path)


def test_a_disjoint_qualified_shape_is_refused(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:qualifiedValueShape "
        "[ sh:class ex:A ] ; sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ] .",
        encoding="utf-8",
    )
    with pytest.raises(ShapesError, match="qualifiedValueShapesDisjoint true is not supported"):
        validate_fast(load_memory([]), shapes, tmp_path)


# ---------------------------------------------------------------- quotes and progress


@pytest.mark.parametrize(
    ("quote", "page", "problem"),
    [
        ("Andra sidans text", ("2", 2), None),
        ("Andra  sidans\ntext", ("2", 2), None),
        ("Andra sidans text", ("1", 1), "on page 2 of doc.txt, not on page 1"),
        ("text 3 Tredje", ("2", 2), "crosses a page break in doc.txt (pages 2–3)"),
        ("Ingen sådan", None, 'the quote is not in doc.txt: "Ingen sådan"'),
    ],
)
def test_the_rules_of_a_quote(tmp_path, quote, page, problem):
    (tmp_path / "doc.txt").write_text(
        "1 Första sidan\n2 Andra sidans text\n3 Tredje sidan\n", encoding="utf-8"
    )
    found = excerpt_problem((tmp_path,), "doc.txt", quote, page)
    assert found is None if problem is None else problem in found
    assert "is in none of" in excerpt_problem((tmp_path,), "none.txt", quote, page)


def test_each_excerpt_is_checked_on_its_own_page(tmp_path):
    """Two excerpts quote the same words of one text, one on the right page and one on the
    wrong one: only the second is a problem. An excerpt with two quotes, or none (which
    SHACL reports), has no quote checked against the text."""
    (tmp_path / "doc.txt").write_text(
        "1 Första sidan\n2 Andra sidans text\n3 Tredje sidan\n", encoding="utf-8"
    )
    graph = Graph().parse(
        format="turtle",
        data="""@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix : <https://w3id.org/kg-malmo/id/test/> .
:doc a kg:SourceDocument ; kg:fileName "doc.txt" ; kg:paginated true .
:right a kg:SourceExcerpt ; oa:hasSource :doc ; kg:page 2 ;
    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Andra sidans text" ] .
:wrong a kg:SourceExcerpt ; oa:hasSource :doc ; kg:page 1 ;
    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Andra sidans text" ] .
:also-right a kg:SourceExcerpt ; oa:hasSource :doc ; kg:page 2 ;
    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Andra sidans text" ] .
:two a kg:SourceExcerpt ; oa:hasSource :doc ; kg:page 2 ;
    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Andra sidans text" ] ,
                   [ a oa:TextQuoteSelector ; oa:exact "Ingen sådan text" ] .
:none a kg:SourceExcerpt ; oa:hasSource :doc ; kg:page 7 .
""",
    )
    found = {p.excerpt.value.rsplit("/", 1)[1]: p.message for p in check_quotes(graph, tmp_path)}
    assert list(found) == ["wrong"]
    assert "on page 2 of doc.txt, not on page 1" in found["wrong"]


def test_progress_names_each_shape_and_file(small_synthetic):
    seen = []
    report = validate_fast(
        load_memory(input_files([small_synthetic], bundled=False)),
        progress=lambda step, done, total, what: seen.append((step, what)),
    )
    assert report.conforms
    assert ("shapes", "kgsh:ActorShape") in seen
    assert any(step == "quotes" for step, _ in seen)


def test_labels_follow_kgs_label_rule(bundled_graph):
    from rdflib import URIRef

    from kg.model import vocab as v
    from kg.model.names import label
    from kg.model.triples import read

    store = load_memory(input_files())
    names = read(store, (v.PREF_LABEL, v.RDFS_LABEL, v.MEMBER, v.ORGANIZATION))
    nodes = {q.subject.value for q in store if type(q.subject).__name__ == "NamedNode"}
    found = {n: label(names.objects, n) for n in nodes}
    assert found == {n: kg.label(bundled_graph, URIRef(n)) for n in nodes}
    assert any(text.startswith("membership of ") for text in found.values())


@pytest.mark.parametrize(
    ("shapes", "error", "message"),
    [
        (
            "ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:minCount 1",
            DataLoadError,
            "shapes.ttl:2: syntax error",
        ),
        (
            "ex:S sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:minCount 'one' ] .",
            ShapesError,
            "sh:property 1: sh:minCount must be a whole number",
        ),
        (
            "ex:S sh:targetClass ex:T ; sh:property [ sh:minCount 1 ] .",
            ShapesError,
            "ex:S › sh:property 1 is a property shape without sh:path",
        ),
        (
            "ex:S sh:targetClass ex:T ; sh:minCount 1 .",
            ShapesError,
            "ex:S: sh:minCount on a node shape is not supported",
        ),
        ("ex:S sh:targetClass ex:T ; sh:node ex:S .", ShapesError, "ex:S refers to itself"),
    ],
    ids=["syntax", "count", "no-path", "node-shape-count", "recursive"],
)
def test_shapes_that_cannot_run_say_why(tmp_path, shapes, error, message):
    path = tmp_path / "shapes.ttl"
    path.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        + shapes,
        encoding="utf-8",
    )
    (tmp_path / "data.ttl").write_text(
        "<http://example.org/x> a <http://example.org/T> .", encoding="utf-8"
    )
    with pytest.raises(error, match=re.escape(message)):
        validate_fast(load_memory([tmp_path / "data.ttl"]), path, tmp_path)


def _on_disk(files: list[Path], folder: Path):
    """An on-disk store as kg builds it (``kg --store``), and its pyoxigraph Store."""
    return Source(data=tuple(files), bundled=False, store=folder).open()


@pytest.mark.slow
def test_same_violations_on_an_on_disk_store(small_synthetic, tmp_path):
    broken = _with_defects(small_synthetic, tmp_path / "broken.nt", seed=4)
    reference = validate_with_pyshacl(kg.load([broken], bundled=False))
    fast = shapes_only(_on_disk([broken], tmp_path / "store"), on_disk=True)
    assert_same(reference, fast, labels=False)


@pytest.mark.slow
def test_same_violations_at_100k_triples_on_disk(tmp_path):
    # past HASH_JOIN_FROM focus nodes without lowering it: the joins an on-disk store uses
    source = tmp_path / "synth.ttl"
    write_synthetic(source, 3300, seed=2)
    broken = _with_defects(source, tmp_path / "broken.nt", seed=2, kinds=LOCAL_KINDS)
    reference = validate_with_pyshacl(kg.load([broken], bundled=False))
    fast = shapes_only(_on_disk([broken], tmp_path / "store"), on_disk=True)
    assert_same(reference, fast, labels=False)


def test_a_quote_whose_nearest_passage_crosses_a_page_break_says_so(tmp_path):
    """A curator copies a passage that runs on to the next page and drops the page number
    between: kg does not tell them to copy the passage with the page number (which crosses a
    page break too) but to quote one page's part. The text is made up."""
    (tmp_path / "doc.txt").write_text(
        "1 Fiktiv text. Nämnden beskriver att arbetet med kunskapsallianser ska fortsätta och "
        "att 1 STADSKONTORET\n2 fler föreningar ska bjudas in under året. Slut.\n",
        encoding="utf-8",
    )
    quote = (
        "Nämnden beskriver att arbetet med kunskapsallianser ska fortsätta och att fler "
        "föreningar ska bjudas in under året."
    )
    found = excerpt_problem((tmp_path,), "doc.txt", quote, ("1", 1))
    assert found is not None and "runs across pages 1–2" in found
    assert "quote the part on one page" in found and "STADSKONTORET" not in found
