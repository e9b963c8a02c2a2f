"""kg's SPARQL validator against pySHACL, result by result, on graphs made to sit on the edges
of each constraint kg's shapes use: the same focus nodes, paths, constraint components,
severities and messages. Where the two differ, the SHACL spec decides: a case pySHACL gets
wrong keeps kg's answer, marked with the reason (pySHACL 0.40.1 on rdflib 7.6.0)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers.pyshacl_reference import validate_with_pyshacl
from helpers.shacl_diff import differences, reference, sparql
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from typer.testing import CliRunner

from kg.cli import app
from kg.io.parse import load_memory
from kg.validation import _report, constraints
from kg.validation.shapes import ShapesError

T = "https://w3id.org/kg-malmo/id/test/"
KG = "https://w3id.org/kg-malmo/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"

PREFIXES = f"""@prefix : <{T}> .
@prefix kg: <{KG}> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <{XSD}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:doc a kg:SourceDocument ; dcterms:title "Dokument" ; kg:fileName "doc.txt" ;
    kg:paginated true .
"""
#: An excerpt, open to a page of each case's choosing.
EXCERPT = ':x a kg:SourceExcerpt ; oa:hasSource :doc ; oa:hasSelector [ oa:exact "Citat" ] ;'


def _write(tmp_path: Path, turtle: str) -> Path:
    path = tmp_path / "case.ttl"
    path.write_text(PREFIXES + turtle, encoding="utf-8")
    return path


# Each case: Turtle about :x, and the (path, component) kg and pySHACL flag on :x (none: :x
# conforms). The two validators must agree on every result.
AGREED = {
    "page-integer": (f"{EXCERPT} kg:page 3 .", set()),
    "page-string": (
        f'{EXCERPT} kg:page "3" .',
        {("kg:page", "Datatype"), ("kg:page", "MinInclusive")},
    ),
    "page-lang": (
        f'{EXCERPT} kg:page "3"@sv .',
        {("kg:page", "Datatype"), ("kg:page", "MinInclusive")},
    ),
    "page-iri": (
        f"{EXCERPT} kg:page :three .",
        {("kg:page", "Datatype"), ("kg:page", "MinInclusive")},
    ),
    "page-blank": (
        f"{EXCERPT} kg:page [ ] .",
        {("kg:page", "Datatype"), ("kg:page", "MinInclusive")},
    ),
    "page-ill-typed": (
        f'{EXCERPT} kg:page "abc"^^xsd:integer .',
        {("kg:page", "Datatype"), ("kg:page", "MinInclusive")},
    ),
    "page-zero": (f"{EXCERPT} kg:page 0 .", {("kg:page", "MinInclusive")}),
    "page-decimal": (f"{EXCERPT} kg:page 2.0 .", {("kg:page", "Datatype")}),
    # XSD sets a whole number no bounds: a page past 64 bits is a whole number of 1 or more
    "page-past-64-bits": (f"{EXCERPT} kg:page 123456789012345678901234567890 .", set()),
    "page-two": (f"{EXCERPT} kg:page 3 , 4 .", {("kg:page", "MaxCount")}),
    "count-below-64-bits": (
        ":x a kg:StatedCount ; kg:count -123456789012345678901234567890 ; kg:countedFor :doc ;"
        " kg:countedClass kg:IOP ; prov:wasDerivedFrom :e . :e a kg:SourceExcerpt ;"
        ' oa:hasSource :doc ; kg:page 1 ; oa:hasSelector [ oa:exact "Citat" ] .',
        {("kg:count", "MinInclusive")},
    ),
    "quote-empty": (
        ':x a kg:SourceExcerpt ; oa:hasSource :doc ; kg:page 1 ; oa:hasSelector [ oa:exact "" ] .',
        {("oa:hasSelector/oa:exact", "MinLength")},
    ),
    "quote-blank": (
        ":x a kg:SourceExcerpt ; oa:hasSource :doc ; kg:page 1 ; oa:hasSelector [ oa:exact [] ] .",
        {("oa:hasSelector/oa:exact", "MinLength")},
    ),
    "quote-åäö": (
        ":x a kg:SourceExcerpt ; oa:hasSource :doc ; kg:page 1 ;"
        ' oa:hasSelector [ oa:exact "åäö" ] .',
        set(),
    ),
    "quote-two-same": (
        ":x a kg:SourceExcerpt ; oa:hasSource :doc ; kg:page 1 ;"
        ' oa:hasSelector [ oa:exact "Citat" ] , [ oa:exact "Citat" ] .',
        set(),  # one value node: the same term twice is one (value nodes are a set),
    ),
    "paginated-upper-case": (
        ':x a kg:SourceDocument ; dcterms:title "D" ; kg:fileName "d.txt" ;'
        ' kg:paginated "TRUE"^^xsd:boolean .',
        {("kg:paginated", "Datatype")},
    ),
    "paginated-yes": (
        ':x a kg:SourceDocument ; dcterms:title "D" ; kg:fileName "d.txt" ;'
        ' kg:paginated "yes"^^xsd:boolean .',
        {("kg:paginated", "Datatype")},
    ),
    "file-name-lang": (
        ':x a kg:SourceDocument ; dcterms:title "D" ; kg:fileName "d.txt"@sv ; kg:paginated true .',
        {("kg:fileName", "Datatype")},
    ),
    "file-name-subtype": (
        ':x a kg:SourceDocument ; dcterms:title "D" ; kg:fileName "d.txt"^^xsd:normalizedString ;'
        " kg:paginated true .",
        {("kg:fileName", "Datatype")},
    ),
    "start-date-long": (
        ':x schema:startDate "2023-05-12T10:00:00+02:00" .',
        set(),
    ),
    "start-date-wide-digits": (
        ':x schema:startDate "２０２３" .',
        {("schema:startDate", "Pattern")},
    ),
    "start-date-iri": (
        ":x schema:startDate :y .",
        {("schema:startDate", "Pattern"), ("schema:startDate", "NodeKind")},
    ),
    "name-control-character": (
        ':x skos:prefLabel "Förening\\u0007"@sv ; skos:altLabel "tab\\there" .',
        {("skos:prefLabel", "Pattern")},
    ),
    "name-long": (f':x skos:altLabel "{"å" * 5000}" .', set()),
    "note-tag-case": (
        ':x kg:basis kg:ReadFromContext ; skos:editorialNote "a"@sv-SE , "b"@SV-se .',
        {("skos:editorialNote", "UniqueLang")},
    ),
    "note-no-tag": (
        ':x kg:basis kg:ReadFromContext ; skos:editorialNote "a" .',
        {("skos:editorialNote", "QualifiedMinCount")},
    ),
    "note-sub-tag": (':x kg:basis kg:ReadFromContext ; skos:editorialNote "a"@en-GB .', set()),
    "evidence-two-deep-subclass": (
        ":Sub1 rdfs:subClassOf :Sub2 . :Sub2 rdfs:subClassOf kg:SourceExcerpt ."
        ' :e a :Sub1 ; oa:hasSource :doc ; kg:page 1 ; oa:hasSelector [ oa:exact "Citat" ] .'
        ' :x a :Sub1 , kg:Area ; skos:prefLabel "Område"@sv ; prov:wasDerivedFrom :e , :x ;'
        ' oa:hasSource :doc ; kg:page 1 ; oa:hasSelector [ oa:exact "Citat" ] .',
        set(),
    ),
    "evidence-literal": (
        ':x a kg:Area ; skos:prefLabel "Område"@sv ; prov:wasDerivedFrom "utdrag" .',
        {("prov:wasDerivedFrom", "Class")},
    ),
    "two-types": (
        ":x a kg:Association , kg:Company ; kg:sector kg:CivilSociety ;"
        ' skos:prefLabel "Förening"@sv ; prov:wasDerivedFrom :e . :e a kg:SourceExcerpt ;'
        ' oa:hasSource :doc ; kg:page 1 ; oa:hasSelector [ oa:exact "Citat" ] .',
        {("rdf:type", "QualifiedMaxCount"), ("kg:sector", "In")},
    ),
    "target-without-triples": (":x kg:reportedIn :y .", {("kg:reportedIn", "MaxCount")}),
    # seen once in CI from the generated graphs, not reproduced: a year of two digits (not
    # xsd:gYear's lexical form, which neither SHACL check reads: kg validate's check of
    # ill-typed literals names it) on a node of two classes, written in Turtle here
    "two-types-year-of-two-digits": (
        ':x a kg:PublicAgency , kg:Administration ; kg:year "16"^^xsd:gYear .',
        {
            ("kg:sector", "MinCount"),
            ("org:unitOf", "MinCount"),
            ("prov:wasDerivedFrom", "MinCount"),
            ("rdf:type", "QualifiedMaxCount"),
            ("skos:prefLabel", "QualifiedMinCount"),
        },
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("hash_join", [False, True], ids=["lookup", "hash-join"])
@pytest.mark.parametrize("case", sorted(AGREED))
def test_both_validators_give_the_same_results_on_each_edge(tmp_path, case, hash_join):
    turtle, flagged = AGREED[case]
    data = _write(tmp_path, turtle)
    found = sparql(data, hash_join=hash_join)
    assert found == reference(data), differences(data, hash_join=hash_join)
    on_x = {(path, component) for node, path, component, *_ in found if node == T + "x"}
    assert on_x == flagged


# pySHACL is wrong here; kg keeps the spec's answer. sh:datatype (SHACL §4.1.2) fails an
# ill-formed literal, and XSD 1.1 Part 2 §3.4.13.1 writes xsd:integer's lexical space as
# [\-+]?[0-9]+ (ASCII digits, no spaces): rdflib 7.6.0 reads these with Python's int(),
# which takes Arabic-Indic digits, "_" between digits and spaces around, so pySHACL 0.40.1
# calls them integers, and then compares them with sh:minInclusive as numbers. sh:pattern
# (SHACL §4.4.3) matches as XPath's fn:matches, whose $ is the end of the text; pySHACL
# uses Python's re, whose $ also matches before a final line break.
PYSHACL_WRONG = {
    "arabic-indic-digit": (
        f'{EXCERPT} kg:page "٣"^^xsd:integer .',
        {("kg:page", "Datatype"), ("kg:page", "MinInclusive")},
    ),
    "digits-with-underscore": (
        f'{EXCERPT} kg:page "1_000"^^xsd:integer .',
        {("kg:page", "Datatype"), ("kg:page", "MinInclusive")},
    ),
    "spaces-around": (
        f'{EXCERPT} kg:page " 3 "^^xsd:integer .',
        {("kg:page", "Datatype"), ("kg:page", "MinInclusive")},
    ),
    "line-break-after-the-year": (
        ':x schema:startDate "2023\\n" .',
        {("schema:startDate", "Pattern")},
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(PYSHACL_WRONG))
def test_where_pyshacl_departs_from_the_spec_kg_keeps_the_spec(tmp_path, case):
    turtle, flagged = PYSHACL_WRONG[case]
    data = _write(tmp_path, turtle)
    found = {(p, c) for node, p, c, *_ in sparql(data) if node == T + "x"}
    assert found == flagged
    rest = {key for key in sparql(data) if key[0] != T + "x"}
    assert rest == {key for key in reference(data) if key[0] != T + "x"}


# kg is wrong here and not fixed: Oxigraph stores a literal by its value (pyoxigraph 0.5:
# "3"^^xsd:int as "3"^^xsd:integer, "03" as "3", "1"^^xsd:boolean as "true"), so what kg
# validates has lost the datatype and the form the file gives. SHACL §4.1.2 compares the
# datatype IRI itself, and §4.2.2 sh:maxCount counts distinct RDF terms. Oxigraph has no
# option to keep them (oxigraph/oxigraph#526); SHACL 1.0 asks for the exact datatype
# (w3c/data-shapes#142).
OXIGRAPH_STORES_THE_VALUE = {
    "page-typed-int": f'{EXCERPT} kg:page "3"^^xsd:int .',
    "count-typed-non-negative": (
        ':x a kg:StatedCount ; kg:count "6"^^xsd:nonNegativeInteger ; kg:countedFor :doc ;'
        " kg:countedClass kg:IOP ; prov:wasDerivedFrom :x ."
    ),
    "page-written-twice": f'{EXCERPT} kg:page 3 , "03"^^xsd:integer .',
    "start-date-leading-zeros": ':x schema:startDate "0002023"^^xsd:integer .',
}


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="Oxigraph stores literals by value (pyoxigraph 0.5.13)")
@pytest.mark.parametrize("case", sorted(OXIGRAPH_STORES_THE_VALUE))
def test_a_literal_oxigraph_rewrites_is_checked_as_written(tmp_path, case):
    assert differences(_write(tmp_path, OXIGRAPH_STORES_THE_VALUE[case])) == []


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_fixed_cases_name_node_label_property_and_remedy(tmp_path, lang):
    """`kg validate` on a page past 64 bits says nothing; on "TRUE" typed xsd:boolean it
    names the document (its file and line), the property and what to write, in either
    language (a document's label is its IRI: kg names nodes by skos:prefLabel)."""
    data = _write(
        tmp_path,
        f"{EXCERPT} kg:page 123456789012345678901234567890 ."
        ' :y a kg:SourceDocument ; dcterms:title "Årsrapport" ; kg:fileName "y.txt" ;'
        ' kg:paginated "TRUE"^^xsd:boolean .',
    )
    (tmp_path / "doc.txt").write_text("1 Citat\n", encoding="utf-8")
    (tmp_path / "y.txt").write_text("1 Text\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "validate",
            "--lang",
            lang,
            "--no-bundled",
            "--data",
            str(data),
            "--sources",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if "id:test/" in line]
    assert len(lines) == 1, result.output  # the page past 64 bits is a page
    assert "case.ttl:" in lines[0] and "id:test/y kg:paginated" in lines[0]
    remedy = "kg:paginated true eller false" if lang == "sv" else "kg:paginated true or false"
    assert remedy in lines[0]


# ---------------------------------------------------------------- generated graphs

NODES = [f"<{T}n{i}>" for i in range(4)]
_CLASS_NAMES = """SourceExcerpt SourceDocument StatedCount Actor Committee Administration
Association
OperationalUnit Company University ResearchUnit PublicAgency Municipality Council Collaboration
IOP Area GoalArea"""
CLASSES = [f"<{KG}{c}>" for c in _CLASS_NAMES.split()]
CLASSES += ["<http://www.w3.org/ns/org#Membership>", f"<{T}Sub1>"]
_PREDICATE_NAMES = """sector isMunicipal goalArea reportedBy unnamedPartySector count
countedFor countedClass year startYear endYear basis fileName paginated reportYear page reportedIn
partner"""
PREDICATES = [f"<{KG}{p}>" for p in _PREDICATE_NAMES.split()]
PREDICATES += [
    "<http://www.w3.org/2004/02/skos/core#prefLabel>",
    "<http://www.w3.org/2004/02/skos/core#altLabel>",
    "<http://www.w3.org/2004/02/skos/core#editorialNote>",
    "<http://www.w3.org/ns/prov#wasDerivedFrom>",
    "<http://www.w3.org/ns/org#subOrganizationOf>",
    "<http://www.w3.org/ns/org#unitOf>",
    "<http://www.w3.org/ns/org#member>",
    "<http://www.w3.org/ns/org#organization>",
    "<http://purl.org/dc/terms/title>",
    "<http://purl.org/dc/terms/description>",
    "<https://schema.org/areaServed>",
    "<https://schema.org/startDate>",
    "<https://schema.org/endDate>",
    "<http://www.w3.org/ns/oa#hasSource>",
    "<http://www.w3.org/ns/oa#hasSelector>",
    "<http://www.w3.org/ns/oa#exact>",
]
CONCEPTS = [f"<{KG}{c}>" for c in ["PublicSector", "CivilSociety", "Academia", "Business"]]
CONCEPTS.append(f"<{KG}ReadFromContext>")
TAGS = ["sv", "SV", "sv-SE", "en", "en-GB", "da"]
#: Text on the edges: å, ä, ö, empty, control characters, dates that are and are not ISO 8601.
TEXTS = [
    "",
    "Förening",
    "ÅÄÖ åäö",
    "a\u0007b",
    "tab\there",
    "rad\nbrytning",
    "2023",
    "2023-05",
    "2023-05-12",
    "2023-05-12T10:00",
    "20230",
    "abc",
    "x" * 3000,
]
TYPED = [
    ("abc", "integer"),
    ("2.5", "decimal"),
    ("true", "boolean"),
    ("false", "boolean"),
    ("TRUE", "boolean"),
    ("yes", "boolean"),
    ("2016", "gYear"),
    ("16", "gYear"),
    ("2016-05", "gYearMonth"),
    ("2016-05-12", "date"),
    ("3", "string"),
]


def _literal(text: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    kind = ox.NamedNode(XSD + datatype) if datatype else None
    return str(ox.Literal(text, language=lang) if lang else ox.Literal(text, datatype=kind))


def _as_stored(term: str) -> bool:
    """Whether Oxigraph stores the literal as written (see OXIGRAPH_STORES_THE_VALUE)."""
    store = ox.Store()
    store.load(f"<urn:s> <urn:p> {term} .".encode(), ox.RdfFormat.N_TRIPLES)
    return str(next(iter(store)).object) == term


texts = st.one_of(
    st.sampled_from(TEXTS),
    st.text(alphabet="aåäöÅ0-9T:\t\n\u0007 ", max_size=12).filter(lambda t: not t.endswith("\n")),
)
values = st.one_of(
    st.sampled_from(NODES + CONCEPTS + CLASSES + ["_:b0", "_:b1"]),
    texts.map(_literal),
    st.builds(lambda text, lang: _literal(text, lang=lang), texts, st.sampled_from(TAGS)),
    st.integers(-(10**30), 10**30).map(lambda n: _literal(str(n), datatype="integer")),
    st.sampled_from(TYPED).map(lambda pair: _literal(pair[0], datatype=pair[1])),
)
#: Properties whose shapes give a datatype: their values are mostly typed literals.
TYPED_PROPERTIES = {
    f"<{KG}{p}>" for p in ["page", "count", "paginated", "isMunicipal", "year", "reportYear"]
}
typed = st.one_of(
    # past 64 bits, at its edges, and small: XSD sets a whole number no bounds
    st.sampled_from([10**29 + 7, 2**63, 2**63 - 1, -(2**63) - 1, -(10**29), -1, 0, 1, 3]).map(
        lambda n: _literal(str(n), datatype="integer")
    ),
    st.sampled_from(TYPED).map(lambda pair: _literal(pair[0], datatype=pair[1])),
    st.integers(-(10**30), 10**30).map(lambda n: _literal(str(n), datatype="integer")),
)


def _values_of(predicate: str) -> st.SearchStrategy[list[str]]:
    """Mostly none, else one or two values of ``predicate`` (each as Oxigraph stores it)."""
    kind = st.one_of(typed, values) if predicate in TYPED_PROPERTIES else values
    return st.one_of(st.just([]), st.lists(kind.filter(_as_stored), min_size=1, max_size=2))


#: A node of one or two classes, with values on any of the properties the shapes read.
nodes = st.tuples(
    st.lists(st.sampled_from(CLASSES), min_size=1, max_size=2, unique=True),
    st.fixed_dictionaries({p: _values_of(p) for p in PREDICATES}),
)


def _triples(subject: str, node: tuple[list[str], dict[str, list[str]]]) -> list[tuple]:
    classes, properties = node
    return [(subject, "a", c) for c in classes] + [
        (subject, p, o) for p, found in properties.items() for o in found
    ]


graphs = st.tuples(*(nodes for _ in range(3))).map(
    lambda parts: [t for s, part in zip(NODES[:3], parts, strict=True) for t in _triples(s, part)]
)
SUBCLASSES = (
    f"<{T}Sub1> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{T}Sub2> .\n"
    f"<{T}Sub2> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{KG}Association> .\n"
)


def _check(tmp_path: Path, graph: list[tuple[str, str, str]]) -> None:
    data = tmp_path / "generated.nt"
    lines = [
        f"{s} {'<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>' if p == 'a' else p} {o} ."
        for s, p, o in graph
    ]
    data.write_text(SUBCLASSES + "\n".join(lines) + "\n", encoding="utf-8")
    expected = reference(data)
    for hash_join in (False, True):  # kg's two ways of reading a path's values
        assert sparql(data, hash_join=hash_join) == expected, differences(data, hash_join=hash_join)


_SETTINGS = dict(
    derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


#: The graph CI drew once where pySHACL was said to flag what kg did not (not reproduced):
#: a node typed kg:PublicAgency and kg:Administration with kg:year "16"^^xsd:gYear.
TWO_TYPES_YEAR_16 = [
    (NODES[0], "a", f"<{KG}PublicAgency>"),
    (NODES[0], "a", f"<{KG}Administration>"),
    (NODES[0], f"<{KG}year>", _literal("16", datatype="gYear")),
]


@pytest.mark.slow
@settings(max_examples=12, **_SETTINGS)
@given(graph=graphs)
@example(graph=TWO_TYPES_YEAR_16)
def test_the_same_results_on_generated_graphs(tmp_path, graph):
    _check(tmp_path, graph)


@pytest.mark.slow
@settings(max_examples=80, **_SETTINGS)
@given(graph=graphs)
def test_the_same_results_on_more_generated_graphs(tmp_path, graph):
    _check(tmp_path, graph)


_BOUNDS = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:S sh:targetSubjectsOf ex:n ; sh:property
  [ sh:path ex:n ; sh:minInclusive 1 ; sh:message "at least 1" ] ,
  [ sh:path ex:n ; sh:maxExclusive 100.5 ; sh:message "under 100.5" ] ,
  [ sh:path ex:n ; sh:maxInclusive 1.0E2 ; sh:message "at most 1.0E2" ] .
"""
_LARGE = {"under 100.5", "at most 1.0E2"}


@pytest.mark.parametrize(
    ("value", "failed"),
    [
        ("5", set()),
        ("123456789012345678901234567890", _LARGE),
        ("+000123456789012345678901234567890", _LARGE),
        ("-123456789012345678901234567890", {"at least 1"}),
        ('"abc"^^<http://www.w3.org/2001/XMLSchema#integer>', {"at least 1", *_LARGE}),
        # whole numbers of the types XSD sets no bound on that side, and decimals past 10²⁰
        (f'"123456789012345678901234567890"^^<{XSD}nonNegativeInteger>', _LARGE),
        (f'"-123456789012345678901234567890"^^<{XSD}nonPositiveInteger>', {"at least 1"}),
        ("1234567890123456789012345.5", _LARGE),
        ("-1234567890123456789012345.5", {"at least 1"}),
    ],
)
def test_a_whole_number_past_64_bits_is_compared_by_its_value(tmp_path, value, failed):
    """Oxigraph cannot compare a whole number past 64 bits; kg places it beyond every limit
    that fits in 64 bits, as pySHACL compares it."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(_BOUNDS, encoding="utf-8")
    data = tmp_path / "data.ttl"
    data.write_text(f"<http://example.org/x> <http://example.org/n> {value} .", encoding="utf-8")
    store = load_memory([data])
    found = {v.message for v in _report(store, constraints.validate(store, shapes), []).violations}
    assert found == failed
    reference = validate_with_pyshacl(Graph().parse(data), shapes=shapes)
    assert {v.message for v in reference.violations} == found


def test_a_limit_past_64_bits_is_refused_with_its_shape(tmp_path):
    """Oxigraph compares no value with it, so that every value would fail: kg refuses it."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:S sh:targetSubjectsOf ex:n ; sh:property "
        "[ sh:path ex:n ; sh:maxInclusive 100000000000000000000000000000 ] .",
        encoding="utf-8",
    )
    store = load_memory([])
    store.add(
        ox.Quad(
            ox.NamedNode("http://example.org/x"),
            ox.NamedNode("http://example.org/n"),
            ox.Literal("5", datatype=ox.NamedNode(XSD + "integer")),
        )
    )
    with pytest.raises(ShapesError, match=r"ex:S › sh:property 1: sh:maxInclusive .*64 bits"):
        constraints.validate(store, shapes)
