"""Which methods each path of ``kg serve`` answers, said the same way everywhere: its route,
the ``Allow`` header of a 405 or an OPTIONS, and the CORS answer's
``Access-Control-Allow-Methods``; and the headers every answer carries."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from starlette.responses import Response

    from kg.web.server import Endpoint
    from kg.web.workers import Reply

#: ``/sparql``: queries by GET and POST (the SPARQL Protocol), a preflight by OPTIONS.
SPARQL = ("GET", "POST", "HEAD", "OPTIONS")
#: The Linked Data (``/id/…``, ``/ontology``, its version, ``/.well-known/void``): read by GET,
#: a script on another site may ask first by OPTIONS.
LINKED = ("GET", "HEAD", "OPTIONS")
#: The query page and ``/health``.
PAGE = ("GET", "HEAD")
_PAGES = ("/", "/index.html", "/health")
_LINKED = ("/ontology", "/.well-known/void")


def allowed(path: str) -> tuple[str, ...] | None:
    """The methods ``path`` answers; None for a path that is not the endpoint's (a 404).

    >>> allowed("/sparql"), allowed("/id/fritidsnamnden"), allowed("/ontology/0.4.0")
    (('GET', 'POST', 'HEAD', 'OPTIONS'), ('GET', 'HEAD', 'OPTIONS'), ('GET', 'HEAD', 'OPTIONS'))
    >>> allowed("/health"), allowed("/ontology/0.4.0/x"), allowed("/etc/passwd")
    (('GET', 'HEAD'), None, None)
    """
    if path == "/sparql":
        return SPARQL
    if path in _PAGES:
        return PAGE
    version = path.removeprefix("/ontology/")
    if path in _LINKED or path.startswith("/id/") or (version != path and "/" not in version):
        return LINKED
    return None


def routed(methods: tuple[str, ...]) -> list[str]:
    """``methods`` as a route lists them (Starlette answers HEAD wherever GET is).

    >>> routed(SPARQL)
    ['GET', 'POST', 'OPTIONS']
    """
    return [method for method in methods if method != "HEAD"]


def options(methods: tuple[str, ...]) -> Reply:
    """The answer to OPTIONS (a CORS preflight among them): 204, with ``Allow``."""
    from kg.web.workers import Reply

    return Reply(204, "", b"", (("Allow", ", ".join(methods)),))


def response(endpoint: Endpoint, reply: Reply, path: str) -> Response:
    """``reply`` at ``path`` as Starlette sends it, with the headers every answer carries: CORS
    where ``kg serve --cors`` opens it (the methods ``path`` answers), ``nosniff``, ``Vary``."""
    from starlette.responses import Response

    # a refusal's text follows Accept-Language (kg.web.language)
    headers = {"Vary": "Accept, Accept-Language", "X-Content-Type-Options": "nosniff"}
    origin = endpoint.settings.cors
    if origin is not None:
        headers["Access-Control-Allow-Origin"] = origin
        methods = allowed(path)
        if methods is not None:
            headers["Access-Control-Allow-Methods"] = ", ".join(methods)
        headers |= {
            "Access-Control-Allow-Headers": "Content-Type, Accept",
            "Access-Control-Expose-Headers": "Kg-Truncated, Kg-Graph",
        }
        if origin != "*":
            headers["Vary"] = "Accept, Accept-Language, Origin"
    headers |= dict(reply.headers)
    if reply.content_type:
        headers["Content-Type"] = reply.content_type
    return Response(reply.body, status_code=reply.status, headers=headers)
