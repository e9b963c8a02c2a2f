"""Write docs/ontology.md, the human-readable table of the ontology's terms, from ontology/kg.ttl.

Run:  python scripts/ontology_table.py          (writes docs/ontology.md)
      python scripts/ontology_table.py --check  (exit 1 if docs/ontology.md is out of step)

Every class, property and concept of ``ontology/kg.ttl`` gets a row: its name, its labels in
English and Swedish, what it specialises in the vocabularies kg reuses, its domain and range,
and its English definition. The page opens with the ontology's IRI, version and licence.
``tests/test_ontology.py`` checks that the page is the one this script writes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
PAGE = ROOT / "docs" / "ontology.md"
KG = "https://w3id.org/kg-malmo/ontology#"
VANN = "http://purl.org/vocab/vann/"
DCTERMS = "http://purl.org/dc/terms/"
PREFIXES = {
    KG: "kg",
    "http://www.w3.org/ns/org#": "org",
    "http://data.europa.eu/m8g/": "cv",
    "https://schema.org/": "schema",
    str(SKOS): "skos",
    "http://www.w3.org/ns/prov#": "prov",
    "http://www.w3.org/ns/oa#": "oa",
    "http://xmlns.com/foaf/0.1/": "foaf",
    DCTERMS: "dcterms",
    str(OWL): "owl",
    str(RDF): "rdf",
    str(RDFS): "rdfs",
    "http://www.w3.org/2001/XMLSchema#": "xsd",
}
KINDS = {
    OWL.ObjectProperty: "object",
    OWL.DatatypeProperty: "datatype",
    OWL.FunctionalProperty: "functional",
    OWL.SymmetricProperty: "symmetric",
    URIRef(KG + "DerivedProperty"): "derived",
}


def short(term: object) -> str:
    """``kg:Committee`` for a term of a known namespace, else the IRI in angle brackets."""
    text = str(term)
    for namespace, prefix in PREFIXES.items():
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _text(graph: Graph, term: URIRef, prop: URIRef, lang: str) -> str:
    values = sorted(
        str(v) for v in graph.objects(term, prop) if getattr(v, "language", None) == lang
    )
    return _cell("; ".join(values))


def _terms(graph: Graph, kind: URIRef) -> list[URIRef]:
    found = {t for t in graph.subjects(RDF.type, kind) if str(t).startswith(KG)}
    return sorted(found, key=str)


def _links(graph: Graph, term: URIRef, prop: URIRef) -> str:
    return ", ".join(sorted(short(v) for v in graph.objects(term, prop)))


def _classes(graph: Graph) -> list[str]:
    rows = [
        "| class | label (en) | label (sv) | subclass of | definition |",
        "|---|---|---|---|---|",
    ]
    for term in _terms(graph, OWL.Class):
        rows.append(
            f"| `{short(term)}` | {_text(graph, term, RDFS.label, 'en')} "
            f"| {_text(graph, term, RDFS.label, 'sv')} | {_links(graph, term, RDFS.subClassOf)} "
            f"| {_text(graph, term, SKOS.definition, 'en')} |"
        )
    return rows


def _properties(graph: Graph) -> list[str]:
    head = "| property | kind | label (en) | label (sv) | sub-property of | domain | range |"
    head += " definition |"
    rows = [head, "|---|---|---|---|---|---|---|---|"]
    terms = sorted(
        set(_terms(graph, OWL.ObjectProperty)) | set(_terms(graph, OWL.DatatypeProperty))
    )
    for term in terms:
        kinds = ", ".join(name for kind, name in KINDS.items() if (term, RDF.type, kind) in graph)
        rows.append(
            f"| `{short(term)}` | {kinds} | {_text(graph, term, RDFS.label, 'en')} "
            f"| {_text(graph, term, RDFS.label, 'sv')} "
            f"| {_links(graph, term, RDFS.subPropertyOf)} | {_links(graph, term, RDFS.domain)} "
            f"| {_links(graph, term, RDFS.range)} | {_text(graph, term, SKOS.definition, 'en')} |"
        )
    return rows


def _concepts(graph: Graph) -> list[str]:
    head = "| scheme or collection | concept | notation | label (en) | label (sv) | definition |"
    rows = [head, "|---|---|---|---|---|---|"]
    groups = [*_terms(graph, SKOS.ConceptScheme), *_terms(graph, SKOS.OrderedCollection)]
    for group in groups:
        rows.append(
            f"| `{short(group)}` | | | {_text(graph, group, SKOS.prefLabel, 'en')} "
            f"| {_text(graph, group, SKOS.prefLabel, 'sv')} "
            f"| {_text(graph, group, SKOS.definition, 'en')} |"
        )
        # a scheme's concepts by name; an ordered collection's in its own order
        members = sorted(graph.subjects(SKOS.inScheme, group), key=str)
        for items in graph.objects(group, SKOS.memberList):
            members += list(graph.items(items))
        for term in members:
            notation = ", ".join(str(n) for n in graph.objects(term, SKOS.notation))
            rows.append(
                f"| | `{short(term)}` | {_cell(notation)} "
                f"| {_text(graph, term, SKOS.prefLabel, 'en')} "
                f"| {_text(graph, term, SKOS.prefLabel, 'sv')} "
                f"| {_text(graph, term, SKOS.definition, 'en')} |"
            )
    return rows


def render(graph: Graph | None = None) -> str:
    """The Markdown page for the ontology ``graph`` (default: ontology/kg.ttl)."""
    graph = graph if graph is not None else Graph().parse(ONTOLOGY)
    (iri,) = graph.subjects(RDF.type, OWL.Ontology)
    version = graph.value(iri, OWL.versionInfo)
    version_iri = graph.value(iri, OWL.versionIRI)
    licence = graph.value(iri, URIRef(DCTERMS + "license"))
    prefix = graph.value(iri, URIRef(VANN + "preferredNamespacePrefix"))
    lines = [
        "# The kg ontology: terms",
        "",
        "<!-- Written by scripts/ontology_table.py from ontology/kg.ttl; do not edit by hand. -->",
        "",
        _text(graph, iri, URIRef(DCTERMS + "description"), "en"),
        "",
        f"- **Ontology IRI**: `{iri}` (prefix `{prefix}:` = `{KG}`)",
        f"- **Version**: {version} (`owl:versionInfo`; version IRI `{version_iri}`)",
        f"- **Licence**: [CC BY 4.0]({licence}), as the curated data (`data/LICENSE`)",
        "- **Files**: `ontology/kg.ttl` (the terms), `ontology/shapes.ttl` (the SHACL shapes "
        "the data keeps), `ontology/rules/*.rq` (the rules that derive the `derived` properties)",
        "- **Reused vocabularies**: "
        + ", ".join(f"`{p}:` {ns}" for ns, p in PREFIXES.items() if p not in ("kg", "xsd")),
        "",
        "Every term has an `rdfs:label` and a `skos:definition` in English and Swedish; the "
        "Swedish definitions are in `ontology/kg.ttl`. A derived property is never written in "
        "data: kg derives it when it loads the graph.",
        "",
        "## Classes",
        "",
        *_classes(graph),
        "",
        "## Properties",
        "",
        *_properties(graph),
        "",
        "## Concept schemes and their concepts",
        "",
        *_concepts(graph),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write docs/ontology.md, or with ``--check`` say whether it is in step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check docs/ontology.md")
    args = parser.parse_args(argv)
    page = render()
    if args.check:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != page:
            print(f"{PAGE} is out of step: run python scripts/ontology_table.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(page, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
