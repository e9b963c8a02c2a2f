"""What endpoints answer: the body with its media type and cap, and the formats kg asks for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.errors import EndpointError

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

#: What kg asks for: result formats for SELECT and ASK, graph formats for CONSTRUCT/DESCRIBE.
ACCEPT = {
    "solutions": "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "text/tab-separated-values;q=0.8",
    "boolean": "application/sparql-results+json, application/sparql-results+xml;q=0.9",
    "graph": "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5",
}


@dataclass(frozen=True)
class Answer:
    """An endpoint's answer: the body, its media type, the row cap the endpoint says the
    answer reached, and the graph it says the answer came from (kg serve's ``Kg-Graph``);
    each None when it says nothing."""

    body: bytes
    media_type: str
    cap: int | None = None
    graph: str | None = None


def results_format(url: str, answer: Answer) -> ox.QueryResultsFormat:
    """The SPARQL results format of an answer, or an error naming what came instead."""
    import pyoxigraph as ox

    media = {"application/json": "application/sparql-results+json"}.get(
        answer.media_type, answer.media_type
    )
    found = ox.QueryResultsFormat.from_media_type(media)
    if found is None:
        raise EndpointError(
            f"the endpoint answered {answer.media_type or 'without a media type'}, "
            "not a SPARQL results format",
            hint=f"check that {url} is a SPARQL 1.1 query endpoint",
        )
    return found


def graph_format(url: str, answer: Answer) -> ox.RdfFormat:
    """The RDF format of a CONSTRUCT or DESCRIBE answer, or an error naming what came."""
    import pyoxigraph as ox

    if answer.media_type in ("text/plain", "application/n-triples"):
        return ox.RdfFormat.N_TRIPLES
    found = ox.RdfFormat.from_media_type(answer.media_type)
    if found is None or found in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        raise EndpointError(
            f"the endpoint answered {answer.media_type or 'without a media type'}, "
            "not an RDF graph format",
            hint=f"check that {url} is a SPARQL 1.1 query endpoint",
        )
    return found
