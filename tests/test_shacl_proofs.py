"""The cheap proofs that a property shape's checks find nothing (kg.validation.proofs): they
read the path over all subjects, so a node outside the focus nodes can break a proof while
the focus nodes conform, and the focus nodes can break it too. Either way kg reports what
pySHACL reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.pyshacl_reference import validate_with_pyshacl
from rdflib import Graph

from kg.io.parse import load_memory
from kg.validation import _report
from kg.validation import constraints as shacl_sparql

EX = "http://example.org/"

SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:code ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:integer ;
                  sh:message "one whole code" ] ,
                [ sh:path ex:kind ; sh:maxCount 1 ; sh:class ex:Kind ; sh:message "one kind" ] ,
                [ sh:path ( ex:part ex:code ) ; sh:maxCount 1 ; sh:minInclusive 1 ;
                  sh:message "a part's one code from 1" ] ,
                [ sh:path [ sh:inversePath ex:holds ] ; sh:minCount 1 ; sh:maxCount 1 ;
                  sh:nodeKind sh:IRI ; sh:message "held by one" ] .
"""

#: Things that conform: each proof holds on them alone.
GOOD = """@prefix ex: <http://example.org/> .
ex:A a ex:Kind .
ex:good a ex:Thing ; ex:code 1 ; ex:kind ex:A ; ex:part ex:p1 .
ex:p1 ex:code 2 .
ex:owner ex:holds ex:good .
"""

#: Nodes outside the focus that break every proof: two codes, a code that is no integer, a
#: kind that is no ex:Kind, a part's code below 1, two owners, an owner that is a blank node.
OUTSIDE = """ex:other ex:code 1, 2 ; ex:kind ex:B, ex:A ; ex:part ex:p2 .
ex:p2 ex:code 0, -1 .
ex:stranger ex:code "x" .
ex:o1 ex:holds ex:other . ex:o2 ex:holds ex:other . [] ex:holds ex:nobody .
"""

CODE, PART, HELD = f"<{EX}code>", f"<{EX}part>/<{EX}code>", f"^<{EX}holds>"

#: A thing of the focus that breaks one proof alone (the others hold), and what it fails.
FAILING = {
    "two-codes": (
        "ex:t a ex:Thing ; ex:code 1, 2 . ex:w ex:holds ex:t .",
        {(CODE, "one whole code")},
    ),
    "code-no-integer": (
        'ex:t a ex:Thing ; ex:code "7" . ex:w ex:holds ex:t .',
        {(CODE, "one whole code")},
    ),
    "kind-no-kind": (
        "ex:t a ex:Thing ; ex:code 3 ; ex:kind ex:B . ex:w ex:holds ex:t .",
        {(f"<{EX}kind>", "one kind")},
    ),
    "two-part-codes": (
        "ex:t a ex:Thing ; ex:code 3 ; ex:part ex:p . ex:p ex:code 4, 5 . ex:w ex:holds ex:t .",
        {(PART, "a part's one code from 1")},
    ),
    "part-code-below-1": (
        "ex:t a ex:Thing ; ex:code 3 ; ex:part ex:p . ex:p ex:code 0 . ex:w ex:holds ex:t .",
        {(PART, "a part's one code from 1")},
    ),
    "two-owners": (
        "ex:t a ex:Thing ; ex:code 3 . ex:w ex:holds ex:t . ex:v ex:holds ex:t .",
        {(HELD, "held by one")},
    ),
    "owner-blank": ("ex:t a ex:Thing ; ex:code 3 . [] ex:holds ex:t .", {(HELD, "held by one")}),
    "nothing": ("ex:t a ex:Thing .", {(CODE, "one whole code"), (HELD, "held by one")}),
}


def _both(folder: Path, data: str) -> tuple[set, set]:
    """(node, path, message) of pySHACL's violations and of kg's, on ``data``."""
    (folder / "shapes.ttl").write_text(SHAPES, encoding="utf-8")
    (folder / "data.ttl").write_text(data, encoding="utf-8")
    reference = validate_with_pyshacl(
        Graph().parse(folder / "data.ttl"), shapes=folder / "shapes.ttl"
    )
    store = load_memory([folder / "data.ttl"])
    fast = _report(store, shacl_sparql.validate(store, folder / "shapes.ttl", in_memory=True), [])
    return ({(v.node, v.path, v.message) for v in r.violations} for r in (reference, fast))


@pytest.fixture(params=[0, 10**9], ids=["hash-join", "lookup"])
def join(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shacl_sparql, "HASH_JOIN_FROM", request.param)


def test_data_that_conforms_has_no_violations(join, tmp_path):
    reference, fast = _both(tmp_path, GOOD)
    assert reference == fast == set()


def test_nodes_outside_the_focus_break_the_proofs_and_nothing_is_reported(join, tmp_path):
    """The grouped queries run, on the focus nodes alone, and find nothing."""
    reference, fast = _both(tmp_path, GOOD + OUTSIDE)
    assert reference == fast == set()


@pytest.mark.parametrize("outside", [False, True], ids=["alone", "beside-others"])
@pytest.mark.parametrize("case", sorted(FAILING))
def test_each_failing_check_is_reported_as_pyshacl_reports_it(join, tmp_path, case, outside):
    """A thing that breaks one proof (the others holding on it) is reported for that check
    alone, beside nodes outside the focus that break every proof or not."""
    data, expected = FAILING[case]
    reference, fast = _both(tmp_path, GOOD + (OUTSIDE if outside else "") + data + "\n")
    assert fast == reference
    assert fast == {(f"<{EX}t>", path, message) for path, message in expected}
