"""Break a kg graph on purpose, seeded: defects of every kind the shapes and quote check catch.

For tests and benchmarks that compare validators: each kind picks nodes among its candidates
(sorted, then sampled with ``random.Random(seed)``) and applies one SPARQL update to each, on a
pyoxigraph Store. Nothing here invents data for the curated graph: the result is meant to fail.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.model.vocab import ONTOLOGY_IRI

PREFIXES = f"""PREFIX kg: <{ONTOLOGY_IRI}>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_EXCERPTS = "SELECT ?x WHERE { ?x oa:hasSelector/oa:exact ?q }"
_PAGED = "SELECT ?x WHERE { ?x kg:page ?p }"
_SECTORS = "SELECT ?x WHERE { ?x kg:sector ?s }"
_SWEDISH = "SELECT ?x WHERE { ?x skos:prefLabel ?l FILTER(lang(?l) = 'sv') }"
_QUOTE = "WHERE { $x oa:hasSelector ?s . ?s oa:exact ?q"

#: kind → (query for candidates ?x, update with $x for the chosen node).
KINDS: dict[str, tuple[str, str]] = {
    "no-sector": (_SECTORS, "DELETE WHERE { $x kg:sector ?s }"),
    "sector-outside": (
        _SECTORS,
        "DELETE { $x kg:sector ?s } INSERT { $x kg:sector kg:NoSector } WHERE { $x kg:sector ?s }",
    ),
    "second-type": (
        "SELECT ?x WHERE { ?x a kg:Association }",
        "INSERT DATA { $x a kg:Company }",
    ),
    "second-swedish-label": (
        _SWEDISH,
        "INSERT { $x skos:prefLabel ?n } WHERE { $x skos:prefLabel ?l FILTER(lang(?l) = 'sv') "
        "BIND(STRLANG(CONCAT(STR(?l), ' II'), 'sv') AS ?n) }",
    ),
    "no-swedish-label": (
        _SWEDISH,
        "DELETE { $x skos:prefLabel ?l } INSERT { $x skos:prefLabel ?n } WHERE { "
        "$x skos:prefLabel ?l FILTER(lang(?l) = 'sv') BIND(STRLANG(STR(?l), 'da') AS ?n) }",
    ),
    "evidence-not-excerpt": (
        _SECTORS,
        "INSERT { $x prov:wasDerivedFrom ?d } WHERE { ?d a kg:SourceDocument }",
    ),
    "municipal-not-boolean": (
        "SELECT ?x WHERE { ?x kg:isMunicipal ?b }",
        "DELETE { $x kg:isMunicipal ?b } INSERT { $x kg:isMunicipal 'ja' } "
        "WHERE { $x kg:isMunicipal ?b }",
    ),
    "unit-without-committee": (
        "SELECT ?x WHERE { ?x a kg:Administration }",
        "DELETE WHERE { $x org:unitOf ?c }",
    ),
    "partner-as-unit": (
        "SELECT ?x WHERE { ?x a kg:Association }",
        "INSERT { $x org:unitOf ?c } WHERE { { SELECT ?c WHERE { ?c a kg:Committee } "
        "ORDER BY STR(?c) LIMIT 1 } }",
    ),
    "unit-of-itself": (
        "SELECT ?x WHERE { ?x a kg:Administration }",
        "DELETE { $x org:unitOf ?c } INSERT { $x org:unitOf $x } WHERE { $x org:unitOf ?c }",
    ),
    "iop-without-nonprofit": (
        "SELECT ?x WHERE { ?x a kg:IOP }",
        "DELETE { ?m ?p ?o } WHERE { ?m org:organization $x ; org:member ?a . "
        "?a kg:sector kg:CivilSociety . ?m ?p ?o }",
    ),
    "one-party": (
        "SELECT DISTINCT ?x WHERE { ?m org:organization ?x }",
        "DELETE { ?m ?p ?o } WHERE { { SELECT (MIN(STR(?n)) AS ?keep) WHERE { "
        "?n org:organization $x } } ?m org:organization $x ; ?p ?o FILTER(STR(?m) != ?keep) }",
    ),
    "reported-by-non-committee": (
        "SELECT ?x WHERE { ?x kg:reportedBy ?c }",
        "DELETE { $x kg:reportedBy ?c } INSERT { $x kg:reportedBy ?a } WHERE { $x kg:reportedBy ?c "
        "{ SELECT ?a WHERE { ?a a kg:Association } ORDER BY STR(?a) LIMIT 1 } }",
    ),
    "membership-without-evidence": (
        "SELECT ?x WHERE { ?x a org:Membership }",
        "DELETE WHERE { $x prov:wasDerivedFrom ?e }",
    ),
    "membership-two-members": (
        "SELECT ?x WHERE { ?x a org:Membership }",
        "INSERT { $x org:member ?a } WHERE { { SELECT ?a WHERE { ?a a kg:University } "
        "ORDER BY STR(?a) LIMIT 1 } }",
    ),
    "stated-partner": (
        "SELECT ?x WHERE { ?x a kg:Committee }",
        "INSERT { $x kg:partner ?a } WHERE { { SELECT ?a WHERE { ?a a kg:Association } "
        "ORDER BY STR(?a) LIMIT 1 } }",
    ),
    "count-not-a-number": (
        "SELECT ?x WHERE { ?x a kg:Committee }",
        "INSERT { ?c a kg:StatedCount ; kg:count 'sex' ; kg:countedFor $x ; "
        "kg:countedClass kg:Association ; prov:wasDerivedFrom ?e } WHERE { "
        "$x prov:wasDerivedFrom ?e BIND(IRI(CONCAT(STR($x), '-count')) AS ?c) }",
    ),
    "no-quote": (_EXCERPTS, f"DELETE {{ ?s oa:exact ?q }} {_QUOTE} }}"),
    "short-quote": (
        _EXCERPTS,
        f"DELETE {{ ?s oa:exact ?q }} INSERT {{ ?s oa:exact 'av' }} {_QUOTE} }}",
    ),
    "quote-not-in-source": (
        _EXCERPTS,
        f"DELETE {{ ?s oa:exact ?q }} INSERT {{ ?s oa:exact ?n }} {_QUOTE} "
        "BIND(CONCAT(?q, ' Denna mening finns inte.') AS ?n) }",
    ),
    "wrong-page": (
        _PAGED,
        "DELETE { $x kg:page ?p } INSERT { $x kg:page ?n } "
        "WHERE { $x kg:page ?p BIND(?p + 1 AS ?n) }",
    ),
    "page-zero": (
        _PAGED,
        "DELETE { $x kg:page ?p } INSERT { $x kg:page 0 } WHERE { $x kg:page ?p }",
    ),
    "no-page": (_PAGED, "DELETE WHERE { $x kg:page ?p }"),
    # These two break every excerpt of a document: thousands of violations in a large graph.
    "no-file-name": (
        "SELECT ?x WHERE { ?x a kg:SourceDocument }",
        "DELETE WHERE { $x kg:fileName ?f }",
    ),
    "missing-text": (
        "SELECT ?x WHERE { ?x a kg:SourceDocument }",
        "DELETE { $x kg:fileName ?f } INSERT { $x kg:fileName 'saknas.txt' } "
        "WHERE { $x kg:fileName ?f }",
    ),
}
#: Kinds that break one node each (not a whole document's excerpts).
LOCAL_KINDS = tuple(k for k in KINDS if k not in ("no-file-name", "missing-text"))


@dataclass(frozen=True)
class Defect:
    """One defect put into the graph: its kind and the node it was put on."""

    kind: str
    node: str


def inject(
    store: Any, kinds: tuple[str, ...] = LOCAL_KINDS, per_kind: int = 1, seed: int = 0
) -> list[Defect]:
    """Put ``per_kind`` defects of each of ``kinds`` into the pyoxigraph ``store``, in place.

    >>> import pyoxigraph as ox
    >>> from kg.paths import data_dir
    >>> store = ox.Store()
    >>> store.load(path=str(data_dir() / "documents.ttl"), format=ox.RdfFormat.TURTLE)
    >>> [d.kind for d in inject(store, ("no-file-name",))]
    ['no-file-name']
    """
    import pyoxigraph as ox

    rng = random.Random(seed)
    done = []
    for kind in kinds:
        query, update = KINDS[kind]
        rows = store.query(PREFIXES + query)
        candidates = sorted({row[0].value for row in rows if isinstance(row[0], ox.NamedNode)})
        for node in rng.sample(candidates, min(per_kind, len(candidates))):
            store.update(PREFIXES + update.replace("$x", f"<{node}>"))
            done.append(Defect(kind, node))
    return done


def write_with_defects(
    source: Path,
    target: Path,
    kinds: tuple[str, ...] = LOCAL_KINDS,
    per_kind: int = 1,
    seed: int = 0,
) -> list[Defect]:
    """Copy the Turtle file ``source`` to N-Triples ``target`` with defects put in."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(source), format=ox.RdfFormat.TURTLE)
    done = inject(store, kinds, per_kind, seed)
    store.dump(str(target), ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return done
