"""Literals as written (kg.io.parse.ill_typed_kept): "yes" typed xsd:boolean stays "yes" when
kg reads it, in one thread or in many at once, and rdflib's own setting is restored after."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import XSD, Literal, URIRef

import kg
from kg.io.parse import ill_typed_kept

ILL_TYPED = """@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/x> <https://example.org/flag> "yes"^^xsd:boolean ;
    <https://example.org/count> "01"^^xsd:integer .
"""


@pytest.fixture
def ill_typed(tmp_path: Path) -> Path:
    path = tmp_path / "ill.ttl"
    path.write_text(ILL_TYPED, encoding="utf-8")
    return path


def _flags(graph: rdflib.Graph) -> list[str]:
    return [str(o) for o in graph.objects(None, URIRef("https://example.org/flag"))]


def test_kg_load_keeps_literals_as_written(ill_typed: Path):
    graph = kg.load([ill_typed], bundled=False)
    assert _flags(graph) == ["yes"]
    assert [str(o) for o in graph.objects(None, URIRef("https://example.org/count"))] == ["01"]
    assert rdflib.NORMALIZE_LITERALS is True


def test_a_block_ending_in_one_thread_leaves_anothers_open():
    """Thread a opens a block, b opens one, a ends: b still reads literals as written, and
    rdflib's setting is back once b ends too (each restoring its own value undid b's)."""
    steps = {name: threading.Event() for name in ("a_in", "b_in", "a_out")}
    seen: dict[str, object] = {}

    def a() -> None:
        with ill_typed_kept():
            steps["a_in"].set()
            steps["b_in"].wait(10)
        steps["a_out"].set()

    def b() -> None:
        steps["a_in"].wait(10)
        with ill_typed_kept():
            steps["b_in"].set()
            steps["a_out"].wait(10)
            seen["b"] = str(Literal("yes", datatype=XSD.boolean))
        seen["after"] = rdflib.NORMALIZE_LITERALS

    threads = [threading.Thread(target=f) for f in (a, b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert seen == {"b": "yes", "after": True}
    assert rdflib.NORMALIZE_LITERALS is True


@pytest.mark.slow  # 60 loads in six threads, to give a race its chance
def test_kg_load_in_a_thread_pool(ill_typed: Path):
    """A notebook's pool calling kg.load at once: every graph keeps "yes", no warning about
    it escapes (pytest makes one an error), and rdflib normalizes again afterwards."""
    with ThreadPoolExecutor(max_workers=6) as pool:
        graphs = list(pool.map(lambda _: kg.load([ill_typed], bundled=False), range(60)))
    assert {tuple(_flags(g)) for g in graphs} == {("yes",)}
    assert rdflib.NORMALIZE_LITERALS is True
    assert str(Literal("01", datatype=XSD.integer)) == "1"


def test_kg_load_s_graph_writes_turtle_that_reads_back_as_the_same_values(tmp_path: Path):
    """rdflib's Turtle writer writes a boolean or a decimal bare, where "1" typed xsd:boolean
    reads back as the whole number 1 and "5." typed xsd:decimal not at all: kg.load gives
    them as true and 5.0 (the same values); "01" typed xsd:integer, read back as 1, stays."""
    path = tmp_path / "values.ttl"
    path.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<https://example.org/x> <https://example.org/on> "1"^^xsd:boolean ;\n'
        '    <https://example.org/off> "0"^^xsd:boolean ;\n'
        '    <https://example.org/share> "5."^^xsd:decimal , "-3."^^xsd:decimal ;\n'
        '    <https://example.org/count> "01"^^xsd:integer .\n',
        encoding="utf-8",
    )
    graph = kg.load([path], bundled=False)
    written = graph.serialize(format="turtle")
    with ill_typed_kept():  # as written, to see each form too
        read = rdflib.Graph().parse(data=written, format="turtle")
    x = URIRef("https://example.org/x")
    values = {(str(p).rsplit("/", 1)[1], o.toPython()) for p, o in read.predicate_objects(x)}
    assert values == {
        ("on", True),
        ("off", False),
        ("share", Decimal("5")),
        ("share", Decimal("-3")),
        ("count", 1),
    }
    assert {(str(o), o.datatype) for o in read.objects(x)} >= {
        ("true", XSD.boolean),
        ("5.0", XSD.decimal),
    }
    assert [str(o) for o in graph.objects(x, URIRef("https://example.org/count"))] == ["01"]
