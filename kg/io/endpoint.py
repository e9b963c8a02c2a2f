"""A SPARQL 1.1 endpoint elsewhere (Oxigraph server, Fuseki, Virtuoso, kg serve …), read-only.

Queries go to the endpoint as they are (:meth:`Endpoint.query`); the analyses read a complete
local copy of the triples they need (:meth:`Endpoint.copy`, in :mod:`kg.io.paging`). Every
failure — an HTTP error, a server that cannot be reached or hangs up, an answer that cannot be
read — is one :class:`~kg.errors.EndpointError` saying what happened and what to do.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import Message
from typing import IO, TYPE_CHECKING, Any, TypeVar

from kg.errors import EndpointError
from kg.io.answers import ACCEPT, Answer, results_format
from kg.io.pieces import by_predicate, per_predicate

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

T = TypeVar("T")
#: Seconds to wait for an endpoint's answer.
TIMEOUT = 120.0
#: Headers by which endpoints say an answer reached their row cap: kg serve's
#: ``Kg-Truncated: max-rows=N`` and Virtuoso's ``X-SPARQL-MaxRows: N``.
_CAP_HEADERS = ("Kg-Truncated", "X-SPARQL-MaxRows")
_NUMBER = re.compile(r"\d+")
_DIGEST = re.compile(r"[0-9a-f]{16,64}")
_LOOPBACK = ("localhost", "127.0.0.1", "::1")
_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int | None]:
    """A URL's scheme, host and port (the scheme's own where it names none).

    >>> _origin("HTTP://Example.org/sparql") == _origin("http://example.org:80/query")
    True
    """
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _PORTS.get(scheme)


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follows an endpoint's redirect only to the same scheme, host and port, sending the
    query on (the same POST and form; a 303 is read with GET, as it asks); a redirect
    elsewhere is an :class:`~kg.errors.EndpointError`, so that no query leaves for an address
    ``--endpoint`` does not name."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> urllib.request.Request | None:
        if _origin(newurl) != _origin(req.full_url):
            fp.close()
            raise EndpointError(
                f"the endpoint {req.full_url} redirects ({code}) to {newurl}, another scheme, "
                "host or port: kg does not follow it, so that its queries go only where "
                "--endpoint says",
                hint=f"if {newurl} is the endpoint you mean, give it: --endpoint {newurl}",
            )
        if code == 303 or req.data is None:
            return super().redirect_request(req, fp, code, msg, headers, newurl)
        return urllib.request.Request(
            newurl,
            data=req.data,
            headers=dict(req.header_items()),
            origin_req_host=req.origin_req_host,
            method=req.get_method(),
        )


#: Loopback addresses are never sent through a proxy from the environment.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}), _SameOrigin)
_FROM_ENVIRONMENT = urllib.request.build_opener(_SameOrigin)


@dataclass(frozen=True)
class Endpoint:
    """The SPARQL 1.1 query endpoint at ``url``.

    ``page`` caps how many triples kg asks for in one answer when it copies the endpoint
    (None: each piece whole, in pages only where the endpoint cuts it).

    >>> Endpoint("ftp://example.org/sparql")
    Traceback (most recent call last):
    ...
    kg.errors.EndpointError: not an http(s) URL: ftp://example.org/sparql
      hint: give the endpoint's query URL, e.g. http://127.0.0.1:7878/query
    """

    url: str
    page: int | None = None

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise EndpointError(
                f"not an http(s) URL: {self.url}",
                hint="give the endpoint's query URL, e.g. http://127.0.0.1:7878/query",
            )
        if self.page is not None and self.page < 1:
            raise EndpointError(f"a page holds at least one triple, not {self.page}")

    def query(self, text: str, accept: str) -> Answer:
        """Send one query (form-encoded POST) and return the answer as it came."""
        request = urllib.request.Request(
            self.url,
            data=urllib.parse.urlencode({"query": text}).encode("utf-8"),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        host = urllib.parse.urlsplit(self.url).hostname
        opener = _DIRECT if host in _LOOPBACK else _FROM_ENVIRONMENT
        try:
            with contextlib.closing(opener.open(request, timeout=TIMEOUT)) as reply:
                headers = reply.headers
                return Answer(
                    reply.read(), headers.get_content_type(), _cap(headers), _graph(headers)
                )
        except urllib.error.HTTPError as error:
            raise self._refused(error) from error
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
            reason = getattr(error, "reason", None) or error
            raise EndpointError(
                f"cannot reach the endpoint {self.url}: {reason}",
                hint="check the URL and that the server is running",
            ) from error

    def _refused(self, error: urllib.error.HTTPError) -> EndpointError:
        try:
            detail = error.read()[:500].decode("utf-8", "replace").strip()
        except (OSError, http.client.HTTPException):
            detail = ""
        if error.code in (502, 503, 504):
            hint = "the endpoint is busy or timed out: try again, or ask for less"
        elif error.code in (404, 405):
            hint = f"check that {self.url} is the endpoint's SPARQL query URL"
        else:
            hint = f"check the query, and that {self.url} is a SPARQL 1.1 query endpoint"
        message = f"the endpoint answered {error.code} {error.reason}"
        return EndpointError(message + (f": {detail}" if detail else ""), hint=hint)

    def graph(self) -> str | None:
        """What the endpoint says of the graph it answers from: kg serve's ``Kg-Graph``, the
        same until its graph changes; None from an endpoint that says nothing of it."""
        return self.query("ASK {}", ACCEPT["solutions"]).graph

    def count(self, where: str, *, prologue: str = "") -> int:
        """How many solutions the group graph pattern ``where`` (``{ … }``) has."""
        text = f"{prologue}SELECT (COUNT(*) AS ?kg_count) WHERE {where}"
        answer = self.query(text, ACCEPT["solutions"])
        return self._counted(answer, _the_count)

    def per_predicate(self, where: str) -> dict[str, int]:
        """How many solutions the group graph pattern ``where`` has for each ``?p`` ({} where
        the endpoint says it cut the answer)."""
        answer = self.query(per_predicate(where), ACCEPT["solutions"])
        return {} if answer.cap is not None else self._counted(answer, by_predicate)

    def _counted(self, answer: Answer, read: Callable[[Iterable[Any]], T]) -> T:
        """What ``read`` makes of a count's solutions, or one error that says they were not
        a count."""
        import pyoxigraph as ox

        try:
            rows = ox.parse_query_results(answer.body, format=results_format(self.url, answer))
            return read(rows)
        except (SyntaxError, IndexError, KeyError, TypeError, ValueError, AttributeError) as error:
            raise EndpointError(
                f"cannot read the endpoint's count ({answer.media_type}): {error}",
                hint=f"check that {self.url} is a SPARQL 1.1 query endpoint",
            ) from error

    def copy(
        self,
        predicates: Iterable[str] | None = None,
        *,
        linked: tuple[str, ...] = (),
        unread_types: tuple[str, ...] = (),
    ) -> ox.Store:
        """An in-memory store holding every triple of the endpoint with ``predicates`` (None:
        all but kg's derived view, which kg derives again from what it copies), read completely
        or not at all (:func:`kg.io.paging.copy`, which says what ``linked`` and
        ``unread_types`` leave out)."""
        return self.named_copy(predicates, linked=linked, unread_types=unread_types)[0]

    def named_copy(
        self,
        predicates: Iterable[str] | None = None,
        *,
        linked: tuple[str, ...] = (),
        unread_types: tuple[str, ...] = (),
    ) -> tuple[ox.Store, str | None]:
        """:meth:`copy`, and the graph every answer it was read from named (kg serve's
        ``Kg-Graph``): None where they named none, or not all the same one."""
        from kg.io.paging import copy

        watched = _Watched(self.url, self.page)
        chosen = None if predicates is None else tuple(predicates)
        store = copy(watched, chosen, linked=linked, unread_types=unread_types)
        return store, watched.named()


@dataclass(frozen=True)
class _Watched(Endpoint):
    """An endpoint that notes the graph each of its answers names (read side by side)."""

    seen: set = field(default_factory=set, compare=False, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def query(self, text: str, accept: str) -> Answer:
        answer = super().query(text, accept)
        with self.lock:
            self.seen.add(answer.graph)
        return answer

    def named(self) -> str | None:
        """The one graph every answer named, else None."""
        return next(iter(self.seen)) if len(self.seen) == 1 else None


def _the_count(rows: Iterable[Any]) -> int:
    """The one count a ``COUNT`` query answers."""
    found = list(rows)
    return int(found[0]["kg_count"].value)


def _graph(headers: object) -> str | None:
    """The graph kg serve's ``Kg-Graph`` header names (a digest), if it names one."""
    value = (headers.get("Kg-Graph") or "").strip()  # type: ignore[attr-defined]
    return value if _DIGEST.fullmatch(value) else None


def _cap(headers: object) -> int | None:
    """The row cap an endpoint's headers say the answer reached, if any."""
    for name in _CAP_HEADERS:
        value = headers.get(name)  # type: ignore[attr-defined]
        if value and (number := _NUMBER.search(value)):
            return int(number.group())
    return None
