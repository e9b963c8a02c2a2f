"""A SPARQL 1.1 endpoint elsewhere (Oxigraph server, Fuseki, Virtuoso …), read-only.

Queries go to the endpoint as they are (:meth:`Endpoint.query`); the analyses read a local
copy of the triples they need (:meth:`Endpoint.copy`).
"""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.errors import EndpointError

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

#: Seconds to wait for an endpoint's answer.
TIMEOUT = 120.0


@dataclass(frozen=True)
class Answer:
    """An endpoint's answer: the body and its media type."""

    body: bytes
    media_type: str


@dataclass(frozen=True)
class Endpoint:
    """The SPARQL 1.1 query endpoint at ``url``."""

    url: str

    def __post_init__(self) -> None:
        if urllib.parse.urlsplit(self.url).scheme not in ("http", "https"):
            raise EndpointError(
                f"not an http(s) URL: {self.url}",
                hint="give the endpoint's query URL, e.g. http://127.0.0.1:7878/query",
            )

    def query(self, text: str, accept: str) -> Answer:
        """Send one query (form-encoded POST) and return the answer as it came."""
        request = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode({"query": text}).encode("utf-8"),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with contextlib.closing(urllib.request.urlopen(request, timeout=TIMEOUT)) as reply:
                return Answer(reply.read(), reply.headers.get_content_type())
        except urllib.error.HTTPError as error:
            detail = error.read()[:500].decode("utf-8", "replace").strip()
            raise EndpointError(
                f"the endpoint answered {error.code} {error.reason}"
                + (f": {detail}" if detail else ""),
                hint=f"check the query, and that {self.url} is a SPARQL 1.1 query endpoint",
            ) from error
        except (urllib.error.URLError, OSError) as error:
            raise EndpointError(
                f"cannot reach the endpoint {self.url}: {getattr(error, 'reason', error)}",
                hint="check the URL and that the server is running",
            ) from error

    def copy(self, predicates: Iterable[str] | None = None) -> ox.Store:
        """An in-memory store holding the endpoint's triples with ``predicates`` (None: all but
        kg's derived view, which kg derives again from what it copies).

        Each predicate is one one-pattern CONSTRUCT query (``?s <p> ?o``), so the endpoint
        never joins. Blank nodes keep their labels from the answers.
        """
        import pyoxigraph as ox

        from kg.model.vocab import DERIVED_PREDICATES

        database = ox.Store()
        if predicates is None:
            derived = ", ".join(f"<{p}>" for p in DERIVED_PREDICATES)
            queries = [
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?p NOT IN ({derived})) }}"
            ]
        else:
            queries = [f"CONSTRUCT {{ ?s <{p}> ?o }} WHERE {{ ?s <{p}> ?o }}" for p in predicates]
        for text in queries:
            answer = self.query(text, "application/n-triples, text/turtle;q=0.5")
            form = ox.RdfFormat.TURTLE if "turtle" in answer.media_type else ox.RdfFormat.N_TRIPLES
            try:
                quads = ox.parse(answer.body, format=form, rename_blank_nodes=False)
                database.extend(quads)
            except SyntaxError as error:
                raise EndpointError(
                    f"the endpoint's answer is not valid {form.name}: {error}",
                    hint=f"check that {self.url} is a SPARQL 1.1 query endpoint",
                ) from error
        return database
