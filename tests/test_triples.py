"""Reading triples per predicate (:func:`kg.model.triples.read`): every term comes back as
pyoxigraph's own term objects give it, whatever the literal holds."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from kg.model import vocab as v
from kg.model.triples import read, term, tsv_literal

P = "http://example.org/p"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: Lexical forms a TSV writer may shorten (a bare number or boolean) or must keep quoted.
TYPED = {
    "boolean": ["true", "false", "1", "0", " true", "TRUE"],
    "integer": ["5", "+5", "-0", "05", " 5", "-12", "x", "1.0"],
    "decimal": ["1.5", ".5", "5.", "1.50", "+1.0", "-0.0", "1", "1e3"],
    "double": ["1E3", "1e3", "INF", "-INF", "NaN", "1.5", "1.0E0", "5"],
    "int": ["5"],
    "gYear": ["2016"],
    "string": ["a"],
}
#: Characters a writer escapes, or may not: controls, quotes, backslashes, line breaks of
#: every kind, a byte order mark, text that looks like an escape, and astral characters.
CHARACTERS = [chr(i) for i in range(0x250)] + [
    "\u2028",
    "\u2029",
    "\ufeff",
    "\U0001f600",
    "\\u0041",
    "\\n",
    '\\"',
]


def _literals() -> list[ox.Literal]:
    found = [
        ox.Literal(text, datatype=ox.NamedNode(XSD + kind))
        for kind, texts in TYPED.items()
        for text in texts
    ]
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice(CHARACTERS) for _ in range(rng.randint(0, 12)))
        kind = rng.random()
        if kind < 0.5:
            found.append(ox.Literal(text))
        elif kind < 0.8:
            found.append(ox.Literal(text, language=rng.choice(["sv", "en", "en-GB", "sv-x-a"])))
        else:
            found.append(ox.Literal(text, datatype=ox.NamedNode("http://example.org/dt")))
    return found


@pytest.fixture(scope="module")
def store() -> ox.Store:
    database = ox.Store()
    p = ox.NamedNode(P)
    for i, literal in enumerate(_literals()):
        database.add(ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), p, literal))
    database.add(ox.Quad(ox.BlankNode("b1"), p, ox.BlankNode("b2")))
    for i in range(200):  # a run of IRI rows, read in one go
        database.add(ox.Quad(ox.NamedNode(f"http://example.org/i{i}"), p, ox.NamedNode("http://o")))
    database.add(ox.Quad(ox.NamedNode("http://example.org/å"), p, ox.NamedNode("http://ex.org/ö")))
    return database


def test_every_term_reads_as_pyoxigraph_gives_it(store: ox.Store):
    expected: dict[str, list] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(P), None):
        expected.setdefault(term(quad.subject), []).append(term(quad.object))
    found = read(store, [P])
    assert {s: sorted(map(repr, o)) for s, o in found._index[P].items()} == {
        s: sorted(map(repr, o)) for s, o in expected.items()
    }
    assert found.value("_:b1", P) == "_:b2"
    assert found.value("http://example.org/å", P) == "http://ex.org/ö"


def test_numbers_and_booleans_keep_their_values(store: ox.Store):
    found = read(store, [P])
    values = {
        o.text: o.value()
        for objects in found._index[P].values()
        for o in objects
        if not isinstance(o, str) and o.datatype in (XSD + "integer", XSD + "boolean")
    }
    # the store keeps a valid number or boolean in its canonical form, an invalid one as it is
    assert values["5"] == 5 and values["-12"] == -12 and values["x"] == "x"
    assert values["true"] is True and values["false"] is False


def test_a_predicate_of_iris_only_and_an_empty_one(store: ox.Store):
    database = ox.Store()
    for i in range(50):
        database.add(
            ox.Quad(ox.NamedNode(f"http://x/{i}"), ox.NamedNode(P), ox.NamedNode("http://x/o"))
        )
    found = read(database, [P, "http://example.org/none"])
    assert len(found.by_object(P)["http://x/o"]) == 50
    assert found.objects("http://x/1", "http://example.org/none") == []


def test_derived_predicates_are_read_from_the_derived_graph_alone():
    database = ox.Store()
    a, b, partner = (ox.NamedNode(x) for x in ("http://x/a", "http://x/b", v.PARTNER))
    database.add(ox.Quad(a, partner, b))  # written in the data: not read
    database.add(ox.Quad(b, partner, a, ox.NamedNode(v.DERIVED_GRAPH)))
    found = read(database, [v.PARTNER])
    assert found.objects("http://x/a", v.PARTNER) == []
    assert found.objects("http://x/b", v.PARTNER) == ["http://x/a"]


def test_steps_are_counted_in_order():
    database = ox.Store()
    seen: list[int] = []
    read(database, [P] * 7, advance=lambda: seen.append(len(seen)))
    assert seen == list(range(7))


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ('"x"', ("x", None, None)),
        ('"x"@sv', ("x", "sv", None)),
        ('"a\\"b\\\\c"', ('a"b\\c', None, None)),
        ('"\\u00e5\\U0001F600"', ("å\U0001f600", None, None)),
        ('"2016"^^<http://www.w3.org/2001/XMLSchema#gYear>', ("2016", None, XSD + "gYear")),
        ('"x"^^<http://www.w3.org/2001/XMLSchema#string>', ("x", None, None)),
        ("-1.5", ("-1.5", None, XSD + "decimal")),
        ("false", ("false", None, XSD + "boolean")),
    ],
)
def test_tsv_literal(token: str, expected: tuple):
    assert tuple(tsv_literal(token)) == expected


def test_rows_read_in_chunks_of_mixed_kinds(store: ox.Store, monkeypatch: pytest.MonkeyPatch):
    import kg.model.triples as triples

    whole = read(store, [P])._index[P]
    monkeypatch.setattr(triples, "_CHUNK", 64)  # chunks end inside runs of IRIs and literals
    assert read(store, [P])._index[P] == whole


def test_a_blank_node_is_the_same_node_in_every_predicate():
    database = ox.Store()
    turtle = b"@prefix x: <http://x/> . x:a x:p [ x:q 'v' ] . _:c x:p x:a ."
    database.load(turtle, ox.RdfFormat.TURTLE)
    found = read(database, ["http://x/p", "http://x/q"])
    (excerpt,) = found.objects("http://x/a", "http://x/p")
    assert excerpt.startswith("_:") and found.value(excerpt, "http://x/q") == ("v", None, None)
    assert found.by_object("http://x/p")["http://x/a"] == {
        s for s in found._index["http://x/p"] if s != "http://x/a"
    }


def test_predicates_after_a_large_answer_are_read_in_threads_the_same(
    bundled_source, monkeypatch: pytest.MonkeyPatch
):
    """A small graph is read in the calling thread; past a large answer the rest are read two
    at a time in threads: the same triples, in the same order, each counted once."""
    import threading

    import kg.model.triples as triples
    from kg.model.facts import READ

    database = bundled_source.open()
    in_turn = read(database, READ)
    asked: list[str] = []
    answer = triples._answer

    def noted(*args: object) -> str:
        asked.append(threading.current_thread().name)
        return answer(*args)

    monkeypatch.setattr(triples, "_answer", noted)
    monkeypatch.setattr(triples, "_THREADED_FROM", 1)  # the first answer counts as large
    seen: list[int] = []
    threaded = read(database, READ, advance=lambda: seen.append(len(seen)))
    assert threaded._index == in_turn._index
    assert seen == list(range(len(READ)))
    assert asked[0] == threading.current_thread().name
    assert all(name.startswith("kg-read") for name in asked[1:]) and len(asked) == len(READ)


def test_a_literal_repeated_on_many_rows_is_read_once_and_shared():
    """Pages, counts and quotes repeat over thousands of rows: each distinct literal of an
    answer becomes one :class:`Lit`, whatever the subject (an IRI or a blank node)."""
    database = ox.Store()
    p = ox.NamedNode(P)
    for i in range(30):
        subject = ox.BlankNode(f"b{i}") if i % 2 else ox.NamedNode(f"http://x/{i}")
        database.add(ox.Quad(subject, p, ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))))
        database.add(ox.Quad(subject, p, ox.Literal("the same quote", language="sv")))
    found = read(database, [P])
    objects = [o for values in found.by_subject(P).values() for o in values]
    assert len(objects) == 60 and len({id(o) for o in objects}) == 2
    assert found.objects("_:b1", P) == found.objects("http://x/0", P)
    assert sorted(found.objects("_:b1", P)) == [
        ("7", None, XSD + "integer"),
        ("the same quote", "sv", None),
    ]


def test_by_subject_gives_each_subject_its_objects_as_read(store: ox.Store):
    found = read(store, [P])
    by_subject = found.by_subject(P)
    assert by_subject["_:b1"] == ["_:b2"] and by_subject["http://example.org/i3"] == ["http://o"]
    assert all(found.objects(s, P) == o for s, o in by_subject.items())
    assert found.by_subject("http://example.org/none") == {}


def test_blank_nodes_and_iris_read_in_every_pairing():
    """Subjects and objects that are IRIs or blank nodes, in one chunk or mixed with
    literals, read as pyoxigraph gives them."""
    database = ox.Store()
    turtle = b"""@prefix x: <http://x/> .
        x:a x:p [ x:q 'v' ], x:b . _:c x:p x:a, _:d . _:e x:p 'w'@en, 5 ."""
    database.load(turtle, ox.RdfFormat.TURTLE)
    expected: dict[str, list] = {}
    for quad in database.quads_for_pattern(None, None, None):
        expected.setdefault(term(quad.subject), []).append(
            (quad.predicate.value, term(quad.object))
        )
    found = read(database, ["http://x/p", "http://x/q"])
    assert {
        (s, p, repr(o))
        for p in ("http://x/p", "http://x/q")
        for s, os in found.by_subject(p).items()
        for o in os
    } == {(s, p, repr(o)) for s, pairs in expected.items() for p, o in pairs}
