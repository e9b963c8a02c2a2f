"""The HTTP side of ``kg serve``: the SPARQL 1.1 Protocol at ``/sparql``, the query page at ``/``,
and the graph as Linked Data (``/id/…``, ``/ontology``, ``/.well-known/void``:
:mod:`kg.web.linked`).

Requests are read and checked here (methods, body size and type, headers, the query's own
check), so that a refused request takes no worker's time; queries then go to the endpoint's
:class:`~kg.web.admission.Pool`.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import re
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kg.errors import QueryError, RefusedQueryError
from kg.web.freshness import answer_tag, by_content, from_graph, matches, not_modified, tagged
from kg.web.methods import LINKED, PAGE, SPARQL, allowed, options, response, routed
from kg.web.workers import Reply, text_reply

if TYPE_CHECKING:  # pragma: no cover
    from kg.web.server import Endpoint

_NO_STORE = (("Cache-Control", "no-store"),)
#: A refusal after which the connection is closed (what is left of the request is not read).
_CLOSE = (("Connection", "close"),)
_LOOPBACK_NAMES = ("localhost", "localhost.")
#: Only a query with one of these words can be quick (see kg.sparql.check.quick).
_MAYBE_QUICK = re.compile(r"\b(ASK|LIMIT)\b", re.IGNORECASE)
_HOST_PATTERN = re.compile(r"^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$")


def application(endpoint: Endpoint) -> Starlette:
    """The Starlette application of ``endpoint``: the query page, ``/sparql``, and 404/405."""

    def respond(reply: Reply, request: Request) -> Response:
        from kg.web.language import worded
        from kg.web.linked import page_language

        return response(endpoint, worded(reply, page_language(endpoint, request)), request.url.path)

    async def page(request: Request) -> Response:
        from kg.web.linked import page_language
        from kg.web.service import query_page

        shown = page_language(endpoint, request)
        settings = endpoint.settings
        html, script = query_page(shown, settings.licensed, settings.base, settings.year)
        csp = (
            "default-src 'none'; style-src 'unsafe-inline'; connect-src 'self'; "
            f"script-src '{script}'"
        )
        reply = Reply(200, "text/html; charset=utf-8", html, (("Content-Security-Policy", csp),))
        return respond(by_content(reply, request.headers.get("if-none-match", "")), request)

    async def sparql(request: Request) -> Response:
        return respond(await _sparql(endpoint, request), request)

    async def linked(request: Request) -> Response:
        from kg.web import linked as ld

        refused = _refused_host(endpoint, request)
        if refused is not None:
            return respond(refused, request)
        if request.method == "OPTIONS":
            return respond(options(LINKED), request)
        path = request.url.path
        if path == "/ontology" or path.startswith("/ontology/"):
            return respond(ld.ontology(endpoint, request), request)
        if path == "/.well-known/void":
            url = _base(endpoint, request).removesuffix("sparql")
            return respond(await ld.void(endpoint, request, url), request)
        return respond(await ld.resource(endpoint, request, request.path_params["id"]), request)

    async def health(request: Request) -> Response:
        state = endpoint.pool.state()
        up = state["workers"] > 0 and not endpoint.pool.closed
        status = "ok" if up else "stopping" if endpoint.pool.closed else "no workers"
        body = json.dumps({"status": status, **state}).encode()
        reply = Reply(200 if up else 503, "application/json", body, _NO_STORE)
        return respond(reply, request)

    async def refused(request: Request, error: Exception) -> Response:
        status = getattr(error, "status_code", 500)
        methods = allowed(request.url.path)
        if status == 405 and methods is not None:
            said = ", ".join(methods)
            reply = text_reply(
                405, f"{request.method} is not allowed here: use {said}", (("Allow", said),)
            )
        else:
            base = endpoint.settings.public_url or "/"  # behind a proxy, the address readers open
            reply = text_reply(
                404,
                f"no such page: the endpoint is {base}sparql, the query page is {base}, the "
                f"graph's resources are at {base}id/…",
            )
        return respond(reply, request)

    methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"]
    app = Starlette(
        routes=[
            Route("/", page, methods=routed(PAGE)),
            Route("/index.html", page, methods=routed(PAGE)),
            Route("/sparql", sparql, methods=routed(SPARQL)),
            Route("/health", health, methods=routed(PAGE)),
            Route("/id/{id:path}", linked, methods=routed(LINKED)),
            Route("/ontology", linked, methods=routed(LINKED)),
            Route("/ontology/{version}", linked, methods=routed(LINKED)),
            Route("/.well-known/void", linked, methods=routed(LINKED)),
            Route("/{path:path}", _not_found, methods=methods),
        ],
        # level 6: nearly level 9's size at less than half its time on the event loop
        middleware=[Middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)],
        exception_handlers={HTTPException: refused},
    )
    if endpoint.settings.access_log:
        from kg.web.access import logged

        return logged(app)  # type: ignore[return-value]
    return app


async def _not_found(request: Request) -> Response:
    """Any method on a path that is not ours: 404; another method on one of ours: 405."""
    raise HTTPException(405 if allowed(request.url.path) is not None else 404)


def _refused_host(endpoint: Endpoint, request: Request) -> Reply | None:
    """A 403 for a request whose Host names another machine while kg serve listens on the
    loopback address (a web page reaching it by DNS rebinding); None for any other."""
    host = request.headers.get("host", "")
    if endpoint.loopback and not (_local_host(host) or _public_host(endpoint, host)):
        return text_reply(
            403,
            "this endpoint listens on the loopback address and answers requests for localhost "
            "only (a Host header naming another machine is refused: DNS rebinding)",
        )
    return None


async def _sparql(endpoint: Endpoint, request: Request) -> Reply:
    settings = endpoint.settings
    refused_host = _refused_host(endpoint, request)
    if refused_host is not None:
        return refused_host
    if request.method == "OPTIONS":
        return options(SPARQL)
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "POST":
        headers = request.headers
        if "transfer-encoding" in headers and "content-length" in headers:
            return text_reply(
                400, "a request with both Transfer-Encoding and Content-Length is refused", _CLOSE
            )
        try:
            async with asyncio.timeout(settings.body_timeout):
                refused = await _read_body(request, settings.max_body, params)
        except TimeoutError:
            return text_reply(
                408, f"the request body did not arrive within {settings.body_timeout:g} s", _CLOSE
            )
        if refused is not None:
            return refused
    return await _dispatch(endpoint, request, params)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address to listen on) is this machine only.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _public_host(endpoint: Endpoint, host: str) -> bool:
    """Whether a Host header names the host of ``--public-url`` (a reverse proxy that passes
    the Host it was asked for on)."""
    public = endpoint.settings.public_url
    if public is None or not _HOST_PATTERN.match(host):
        return False
    wanted, given = urlsplit(public), urlsplit(f"//{host}")
    default = 443 if wanted.scheme == "https" else 80  # the same host with its port written
    try:
        port = given.port or default
    except ValueError:  # a port out of range
        return False
    return given.hostname == wanted.hostname and port == (wanted.port or default)


def _local_host(host: str) -> bool:
    """Whether a Host header names this machine's loopback address (with any port)."""
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if name.startswith("[") and "]" in name:
        name = name[1 : name.index("]")]
    return name == "" or is_loopback(name)


async def _read_body(request: Request, limit: int, params: dict[str, list[str]]) -> Reply | None:
    """Read a POST body into ``params``; a Reply when it is refused.

    A body over ``limit`` is answered with 413 after reading (and dropping) at most 16 times
    the limit, so that the client sees the answer rather than a connection cut mid-send.
    """
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size <= limit:
            chunks.append(chunk)
        elif size > 16 * limit:
            break
    if size > limit:
        return text_reply(413, f"the request body is over {limit:,} bytes", _CLOSE)
    content_type, _, parameters = request.headers.get("content-type", "").partition(";")
    content_type = content_type.strip().lower()
    charset = next(
        (v.strip(' "').lower() for k, _, v in _parameters(parameters) if k == "charset"), "utf-8"
    )
    if content_type == "application/sparql-update":
        return _refused_update()
    if charset not in ("utf-8", "utf8"):
        return text_reply(415, f"cannot read a body in {charset}: send it as UTF-8")
    try:
        text = b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        return text_reply(400, "the request body is not UTF-8")
    if content_type == "application/x-www-form-urlencoded":
        for key, values in parse_qs(text, keep_blank_values=True).items():
            params.setdefault(key, []).extend(values)
    elif content_type == "application/sparql-query":
        params.setdefault("query", []).append(text)
    else:
        return text_reply(
            415,
            f"cannot read a {content_type or 'untyped'} body: send application/sparql-query "
            "or application/x-www-form-urlencoded (query=…)",
        )
    return None


def _parameters(text: str) -> list[tuple[str, str, str]]:
    """A media type's parameters (``; charset=UTF-8``) as (lower-case name, '=', value)."""
    return [(k.strip().lower(), eq, v) for k, eq, v in (p.partition("=") for p in text.split(";"))]


async def _dispatch(endpoint: Endpoint, request: Request, params: dict[str, list[str]]) -> Reply:
    settings = endpoint.settings
    if "update" in params and "query" in params:  # the Protocol: a malformed request
        return text_reply(400, "give a query or an update, not both")
    if "update" in params:
        return _refused_update()
    queries = params.get("query", [])
    if not queries:
        return _service_description(endpoint, request)
    if len(queries) > 1:
        return text_reply(400, "give one query parameter, not several")
    formats = params.get("format", []) + params.get("output", [])
    dataset = tuple(
        [v.strip() for v in params.get(k, []) if v.strip()]
        for k in ("default-graph-uri", "named-graph-uri")
    )
    job = (queries[0], request.headers.get("accept"), formats, dataset, _base(endpoint, request))
    version = endpoint.version()  # see kg.web.freshness for the why of each step
    tag = None if request.method == "POST" else answer_tag(version, job, settings.max_rows)
    if tag is not None and matches(request.headers.get("if-none-match", ""), tag, star=False):
        return not_modified(tag)  # no worker's time
    if endpoint.pool.full(quick=False) and not _MAYBE_QUICK.search(queries[0]):
        return endpoint.pool.busy()  # at once: no time spent reading the query
    try:  # checked here (in a thread: the loop goes on), so that a refused query takes no
        # worker's time
        quick = await asyncio.to_thread(_checked, queries[0])
    except QueryError as error:
        return text_reply(403 if isinstance(error, RefusedQueryError) else 400, str(error))
    reply = await endpoint.pool.run(job, quick=quick)
    if reply.status != 200 or endpoint.version() != version:
        return reply
    return tagged(from_graph(reply, version), tag)


#: Headers a reverse proxy adds (X-Forwarded-For is all nginx as the README sets it up sends)
_FORWARDED = (
    "forwarded",
    "x-forwarded-for",
    "x-forwarded-host",
    "x-forwarded-prefix",
    "x-forwarded-proto",
)


def _base(endpoint: Endpoint, request: Request) -> str:
    """The endpoint's URL as the client sees it: the base IRI of its queries."""
    if endpoint.settings.public_url is not None:
        return endpoint.settings.public_url + "sparql"
    host = request.headers.get("host", "")
    base = (f"http://{host}/" if _HOST_PATTERN.match(host) else endpoint.url) + "sparql"
    if not endpoint.told_proxy and any(name in request.headers for name in _FORWARDED):
        from kg.web.access import say

        # once; X-Forwarded-* are not read (anyone may send them); the Host in base is checked
        endpoint.told_proxy = True
        say(
            "a request came through a reverse proxy, but without --public-url the service "
            f"description and the base IRI of queries are {base}, not the address "
            "readers open: give --public-url",
            endpoint.settings.lang,
        )
    return base


def _checked(text: str) -> bool:
    """Check a query as the worker will (no engine); whether it is quick."""
    from kg.model.vocab import PREFIXES
    from kg.sparql.check import check, quick
    from kg.sparql.library import from_text

    query = from_text(text, name="query")
    check(query.text, source=query.source, prefixes=PREFIXES)
    return quick(query.text)


def _service_description(endpoint: Endpoint, request: Request) -> Reply:
    from kg.sparql.results import FORMATS, negotiate, serialize
    from kg.web.service import description

    fmt = negotiate("graph", request.headers.get("accept"))
    if fmt is None:
        offered = ", ".join(FORMATS["graph"].values())
        return text_reply(406, f"the service description is offered as: {offered}")
    base, settings = _base(endpoint, request), endpoint.settings
    # revalidated as an answer is: it names the graph's size and the limits, which a reload
    # or another server setting changes
    job = ("service description", fmt, [str(settings.limits.timeout)], ([], []), base)
    tag = answer_tag(endpoint.version(), job, settings.max_rows)
    if tag is not None and matches(request.headers.get("if-none-match", ""), tag, star=False):
        return not_modified(tag)
    from kg.io.provenance import DATA_LICENCE_URL

    triples = description(
        base,
        endpoint.triples,
        timeout=settings.limits.timeout,
        max_rows=settings.max_rows,
        licence=DATA_LICENCE_URL if settings.licensed else None,
    )
    result = serialize(iter(triples), fmt)
    return tagged(Reply(200, f"{result.media_type}; charset=utf-8", result.body), tag)


def _refused_update() -> Reply:
    return text_reply(
        403,
        "this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, "
        "COPY, MOVE, ADD) are refused; change the data in its files instead",
    )
