"""kg's plan for rdflib's evaluator changes the work, never the answer."""

from __future__ import annotations

from collections import Counter

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

from kg.queries import from_text, parse
from kg.rdflib_plan import walk

PREFIXES = """
PREFIX ex: <http://example.org/>
"""

DATA = """
@prefix ex: <http://example.org/> .
ex:m1 ex:member ex:a ; ex:organization ex:c1 ; ex:role ex:lead .
ex:m2 ex:member ex:b ; ex:organization ex:c1 .
ex:m3 ex:member ex:b ; ex:organization ex:c2 .
ex:m4 ex:member ex:c ; ex:organization ex:c2 .
ex:m5 ex:member ex:a ; ex:organization ex:c2 .
ex:m6 ex:member ex:a ; ex:organization ex:c2 .
ex:a ex:label "A"@sv, "A-en"@en ; ex:sector ex:civil .
ex:b ex:label "B"@sv ; ex:sector ex:public .
ex:c ex:label "C"@en .
"""

#: Query shapes around sub-selects; each must answer the same with and without the plan.
SHAPES = {
    "joined sub-selects, hidden names shared": """
        SELECT ?a ?b WHERE {
          { SELECT ?m ?a WHERE { ?m ex:member ?a } }
          { SELECT ?m ?c WHERE { ?m ex:organization ?c } }
          { SELECT ?x ?c WHERE { ?x ex:organization ?c } }
          { SELECT ?x ?b WHERE { ?x ex:member ?b } }
          FILTER(!sameTerm(?a, ?b))
        }""",
    "hidden variable named like an outer one": """
        SELECT ?a ?m WHERE {
          ?m ex:member ?a .
          { SELECT ?a WHERE { ?m ex:member ?a ; ex:organization ex:c2 } }
        }""",
    "a filter on the sub-select's own variables": """
        SELECT ?a ?label WHERE {
          ?m ex:member ?a .
          { SELECT ?a ?label WHERE { ?a ex:label ?label FILTER(lang(?label) = "sv") } }
        }""",
    "a filter on a variable the sub-select does not bind": """
        SELECT ?a ?c WHERE {
          ?m ex:organization ?c .
          { SELECT ?a WHERE { ?n ex:member ?a FILTER(?c = ex:c1) } }
        }""",
    "a hidden variable read by an outer filter": """
        SELECT ?a WHERE {
          { SELECT ?a WHERE { ?n ex:member ?a } }
          FILTER(!BOUND(?n))
        }""",
    "duplicates kept without DISTINCT": """
        SELECT ?a (COUNT(*) AS ?rows) WHERE {
          { SELECT ?a WHERE { ?m ex:member ?a ; ex:organization ex:c2 } }
        } GROUP BY ?a""",
    "a DISTINCT sub-select": """
        SELECT ?a (COUNT(*) AS ?rows) WHERE {
          ?m ex:member ?a .
          { SELECT DISTINCT ?a WHERE { ?n ex:member ?a } }
        } GROUP BY ?a""",
    "SELECT * sees only what the sub-select projects": """
        SELECT * WHERE { { SELECT ?a WHERE { ?m ex:member ?a } } }""",
    "inside OPTIONAL": """
        SELECT ?a ?sector WHERE {
          ?m ex:member ?a .
          OPTIONAL { { SELECT ?a ?sector WHERE { ?a ex:sector ?sector } } }
        }""",
    "inside MINUS": """
        SELECT ?a WHERE {
          ?m ex:member ?a .
          MINUS { { SELECT ?a WHERE { ?a ex:sector ex:public } } }
        }""",
    "EXISTS inside the sub-select": """
        SELECT ?a WHERE {
          { SELECT ?a WHERE { ?m ex:member ?a FILTER EXISTS { ?m ex:role ?r } } }
        }""",
    "OPTIONAL around a grouped sub-select": """
        SELECT ?a ?n WHERE {
          ?a ex:label ?l .
          OPTIONAL { { SELECT ?a (COUNT(?m) AS ?n) WHERE { ?m ex:member ?a } GROUP BY ?a } }
        }""",
    "OPTIONAL with a filter around a DISTINCT sub-select": """
        SELECT ?a ?c WHERE {
          ?a ex:label ?l .
          OPTIONAL { { SELECT DISTINCT ?a ?c WHERE { ?m ex:member ?a ; ex:organization ?c } }
                     FILTER(?c != ex:c2) }
        }""",
    "a join on a variable OPTIONAL may leave unbound": """
        SELECT ?m ?s ?a WHERE {
          ?m ex:member ?x .
          OPTIONAL { ?x ex:sector ?s }
          { SELECT DISTINCT ?a ?s WHERE { ?a ex:sector ?s } }
        }""",
    "MINUS on a variable OPTIONAL may leave unbound": """
        SELECT ?x ?s WHERE {
          ?m ex:member ?x .
          OPTIONAL { ?x ex:sector ?s }
          MINUS { SELECT DISTINCT ?s WHERE { ?y ex:sector ?s FILTER(?s = ex:public) } }
        }""",
    "MINUS sharing no variable removes nothing": """
        SELECT ?x WHERE { ?m ex:member ?x MINUS { ?y ex:sector ?z } }""",
    "a BIND in a sub-select, joined on the bound variable": """
        SELECT ?x ?a WHERE {
          ?x ex:organization ?c .
          { { SELECT ?x ?a WHERE { ?a ex:sector ?s BIND(?a AS ?x) } }
            UNION { SELECT ?x ?a WHERE { ?x ex:member ?a } } }
        }""",
    "an aggregate sub-select": """
        SELECT ?a ?n WHERE {
          ?a ex:sector ?s .
          { SELECT ?a (COUNT(?m) AS ?n) WHERE { ?m ex:member ?a } GROUP BY ?a }
        }""",
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(data=DATA, format="turtle")


@pytest.fixture(scope="module")
def oxigraph() -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(DATA, pyoxigraph.RdfFormat.TURTLE)
    return store


def _cell(term: object) -> str | None:
    return None if term is None else str(getattr(term, "value", term))


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_the_plan_keeps_the_answer(shape: str, graph: Graph, oxigraph: pyoxigraph.Store):
    """Planned rdflib answers as Oxigraph does (the reference: it follows the standard)."""
    text = PREFIXES + SHAPES[shape]
    planned = graph.query(parse(from_text(text)))
    answer = oxigraph.query(text)
    names = [v.value for v in answer.variables]
    # read out at once: pyoxigraph's answer may not be freed on another thread (by a
    # garbage collection that a server thread of a later test happens to run)
    reference = [tuple(_cell(row[n]) for n in names) for row in answer]
    del answer
    assert [str(v) for v in planned.vars] == names
    assert Counter(tuple(_cell(c) for c in row) for row in planned) == Counter(reference)


def test_a_hidden_variable_does_not_leak_into_the_sub_select(graph: Graph):
    """rdflib alone passes the outer ?m into the sub-select and loses rows; planned, it
    does not."""
    text = PREFIXES + SHAPES["hidden variable named like an outer one"]
    assert len(graph.query(parse(from_text(text)))) == 9
    assert len(graph.query(prepareQuery(text))) < 9


def _sub_selects(text: str) -> int:
    algebra = parse(from_text(PREFIXES + text)).algebra
    return sum(part.name == "ToMultiSet" for part in walk(algebra))


def test_plain_sub_selects_become_one_pattern():
    assert _sub_selects(SHAPES["joined sub-selects, hidden names shared"]) == 0
    assert _sub_selects(SHAPES["a filter on the sub-select's own variables"]) == 0


@pytest.mark.parametrize(
    "shape",
    [
        "a DISTINCT sub-select",
        "an aggregate sub-select",
        "a filter on a variable the sub-select does not bind",
    ],
)
def test_other_sub_selects_stay(shape: str):
    assert _sub_selects(SHAPES[shape]) == 1
