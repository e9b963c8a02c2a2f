"""The bundled data's area links: each names its area in a quote of the collaboration, or says in
its basis note where the area is read from (data/README.md, "Areas")."""

from __future__ import annotations

import re

from helpers.datafiles import declared_at
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, SKOS

from kg.model.namespace import KG, OA

SCHEMA_AREA_SERVED = URIRef("https://schema.org/areaServed")
#: A committee's or administration's name names a body, not a place: "Stadsområdesnämnd Öster"
#: in a quote does not place the collaboration in Öster.
_BODY_NAMES = re.compile(
    r"stadsområdes(?:nämnd|förvaltning)(?:en|erna)?(?: [A-ZÅÄÖ]\w+(?:,? (?:och )?[A-ZÅÄÖ]\w+)*)?",
    re.IGNORECASE,
)


def _quotes(graph: Graph, node: URIRef) -> str:
    text = " ".join(
        str(graph.value(selector, OA.exact))
        for excerpt in graph.objects(node, PROV.wasDerivedFrom)
        for selector in graph.objects(excerpt, OA.hasSelector)
    )
    return _BODY_NAMES.sub(" ", text)


def _area_words(graph: Graph, area: URIRef) -> set[str]:
    """The area's names and the parts of a joined name ("Holma-Kroksbäck": Holma, Kroksbäck)."""
    words = set()
    for label in [*graph.objects(area, SKOS.prefLabel), *graph.objects(area, SKOS.altLabel)]:
        name = re.sub(r"^(Stadsområde|City district) ", "", str(label))
        words |= {name, *re.split(r"-| och |/", name)}
    return {word.strip() for word in words if word.strip()}


def _notes(graph: Graph, node: URIRef) -> dict[str, str]:
    return {note.language: str(note) for note in graph.objects(node, SKOS.editorialNote)}


def test_an_area_is_named_in_a_quote_or_its_reading_is_noted(bundled_graph: Graph):
    unsupported = []
    for node, area in sorted(bundled_graph.subject_objects(SCHEMA_AREA_SERVED)):
        quotes = _quotes(bundled_graph, node).lower()
        if any(word.lower() in quotes for word in _area_words(bundled_graph, area)):
            continue
        notes = _notes(bundled_graph, node)
        bases = set(bundled_graph.objects(node, KG.basis))
        if (
            bases
            and "area" in notes.get("en", "").lower()
            and "område" in notes.get("sv", "").lower()
        ):
            continue
        unsupported.append(f"{declared_at(node)}: schema:areaServed {area.n3()}")
    assert not unsupported, (
        "an area no quote of its collaboration names (a committee's name is not a place): "
        "quote the passage that names it, or record the reading with kg:basis "
        "kg:ReadFromContext and a note in English and Swedish (a node with a basis already: "
        "say it in that note), or leave the area out: " + "; ".join(unsupported)
    )


def test_a_node_has_at_most_one_note_per_language(bundled_graph: Graph):
    twice = []
    for node in set(bundled_graph.subjects(KG.basis, None)):
        languages = [note.language for note in bundled_graph.objects(node, SKOS.editorialNote)]
        twice += [
            f"{declared_at(node)}: {lang}" for lang in set(languages) if languages.count(lang) > 1
        ]
    assert not twice, "extend the one note instead of adding a second: " + "; ".join(twice)
