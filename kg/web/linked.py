"""``kg serve`` as Linked Data: a resource's IRI followed to this server (``/id/…``) answers with
what the graph says of it, the ontology is served at ``/ontology``, and the dataset is
described in VoID and DCAT at ``/.well-known/void``.

A resource's answer is negotiated: HTML for people, Turtle, N-Triples, JSON-LD or RDF/XML for
machines (or ``?format=``). It is a SPARQL query run by the endpoint's workers, admitted as
any query is (the same queues, time, memory and row limits), read-only; a resource the graph
does not hold is a 404.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import pyoxigraph as ox

from kg.errors import KgError, translated
from kg.model.spoken import LANGUAGES
from kg.sparql.results import FORMATS, accept_ranges, negotiate, serialize
from kg.web.freshness import answer_tag, by_content, matches, not_modified, tagged
from kg.web.workers import Reply, text_reply

if TYPE_CHECKING:  # pragma: no cover
    from starlette.requests import Request

    from kg.web.server import Endpoint

#: The media types that ask for a page a person reads (the page is text/html: the second
#: counts only where it is named).
_HTML = ("text/html", "application/xhtml+xml")
#: Lookups of resources (``/id/…``) each endpoint is waiting for or running: at most half its
#: queue, so that a crawler leaves room for queries.
_LOOKUPS: WeakKeyDictionary[Endpoint, int] = WeakKeyDictionary()
#: A page's scripts: none; its styles are inline.
_CSP = (("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'"),)


def served_base(base: str) -> str:
    """``--base`` checked: an http(s) IRI ending in ``/`` or ``#``, under which each path
    ``/id/NAME`` names ``base`` + NAME.

    >>> served_base("https://data.example.se/id/")
    'https://data.example.se/id/'
    """
    from urllib.parse import urlsplit

    from kg.io.datafolder import usable_base

    parts = urlsplit(base)
    if not usable_base(base) or parts.scheme not in ("http", "https") or base[-1] not in "/#":
        raise KgError(
            f"--base {base} is not a namespace of http(s) IRIs",
            hint="give the IRI the data's names follow, ending in / (for example "
            "https://w3id.org/kg-malmo/id/): /id/NAME then answers for that IRI + NAME",
        )
    return base


def wanted(accept: str | None, formats: list[str]) -> str | None:
    """``html`` or the RDF format to answer with (``format=`` first, then the Accept header as
    RFC 9110 reads it: each offered type takes the quality of the most specific range that
    names it, ``q=0`` refuses it; HTML where it is liked at least as well as any RDF format,
    as by ``*/*``); None when nothing offered is acceptable.

    >>> wanted("text/html,application/xhtml+xml,*/*;q=0.8", []), wanted("text/turtle", [])
    ('html', 'turtle')
    >>> wanted("application/ld+json, text/html;q=0.5", []), wanted(None, ["nt"])
    ('jsonld', 'nt')
    >>> wanted(None, ["turtle", "html"]), wanted(None, ["bogus", "html"]), wanted(None, ["x"])
    ('turtle', 'html', None)
    >>> wanted("*/*", []), wanted("image/png", []), wanted("text/html;q=0, */*", [])
    ('html', None, 'turtle')
    >>> wanted("application/*", []), wanted("text/*;q=0.5, application/ld+json;q=0.4", [])
    ('nt', 'html')
    """
    for value in formats:  # the first one known wins, as for a query
        known = "html" if value.strip().lower() == "html" else negotiate("graph", None, [value])
        if known:
            return known
    if formats:
        return None
    if not accept or not accept.strip():
        return "html"
    ranges = accept_ranges(accept)
    offers = [("html", media) for media in _HTML] + list(FORMATS["graph"].items())
    liked = []  # the best: quality, then HTML, then named first in the header, then offered first
    for index, (name, media) in enumerate(offers):
        quality, position = _quality(media, ranges, exact=media == _HTML[1])
        if quality > 0:
            liked.append(((quality, name == "html", -position, -index), name))
    return max(liked)[1] if liked else None


def _quality(media: str, ranges: list[tuple[str, float]], exact: bool) -> tuple[float, int]:
    """The quality ``ranges`` give ``media`` (its most specific range's, the best of those
    alike; ``exact``: only a range naming it) and that range's place in the header; 0 where
    none does."""
    family = media.split("/")[0] + "/*"
    for wanted_range in (media,) if exact else (media, family, "*/*"):
        found = [(q, at) for at, (m, q) in enumerate(ranges) if m == wanted_range]
        if found:
            quality = max(q for q, _ in found)
            return quality, min(at for q, at in found if q == quality)
    return 0.0, len(ranges)


def chosen_language(request: Request) -> str | None:
    """The language a page's address chose (``?lang=`` naming one of kg's), which its links
    to the server's pages keep; None where the page's language came from elsewhere."""
    chosen = request.query_params.get("lang")
    return chosen if chosen in LANGUAGES else None


def page_language(endpoint: Endpoint, request: Request) -> str:
    """A page's language: ``?lang=`` where it names one, else the one ``Accept-Language``
    likes best of kg's, else kg serve's ``--lang`` (as its refusals choose theirs)."""
    from kg.web.language import asked_language

    return asked_language(
        request.query_params.get("lang"),
        request.headers.get("accept-language"),
        endpoint.settings.lang,
    )


def _credit(endpoint: Endpoint, lang: str) -> str | None:
    from kg.io.provenance import ATTRIBUTION

    return translated(ATTRIBUTION, lang) if endpoint.settings.licensed else None


def _not_acceptable() -> Reply:
    return text_reply(
        406,
        "this address is offered as: text/html, text/turtle, application/n-triples, "
        "application/ld+json, application/rdf+xml (or ?format=html|turtle|nt|jsonld|rdfxml)",
    )


async def resource(endpoint: Endpoint, request: Request, path: str) -> Reply:
    """The answer at ``/id/<path>``: what the graph says of the IRI ``--base`` + ``path``."""
    from kg.web.readable import resource_page
    from kg.web.resource import DESCRIBE, PAGE_QUERY, described, query_for

    base = endpoint.settings.base
    if not path:  # the namespace itself: the dataset its names belong to, as VoID describes it
        where = "../.well-known/void"
        said = f"the resources of this namespace are described at {where}"
        return text_reply(303, said, (("Location", where),))
    iri = base + path
    # the page's language, and the one its address chose (kept by its links)
    lang, chosen = page_language(endpoint, request), chosen_language(request)
    root = "../" * (path.count("/") + 1)
    fmt = wanted(request.headers.get("accept"), request.query_params.getlist("format"))
    # a browser (it names text/html) reads a 404 as a page with links; other clients as text
    browser = fmt == "html" and "text/html" in request.headers.get("accept", "").lower()
    missing = (lang, root, chosen) if browser else None
    try:
        ox.NamedNode(iri)
    except ValueError:
        return _missing(iri, lang, missing)
    if fmt is None:
        return _not_acceptable()
    query = query_for(PAGE_QUERY if fmt == "html" else DESCRIBE, iri)
    job = (query, None, ["json" if fmt == "html" else "nt"], ([], []), None)
    asked = (*job[:2], [fmt, lang, chosen], *job[3:])  # the page's language and format too
    tag = answer_tag(endpoint.version(), asked, endpoint.settings.max_rows)
    if tag is not None and matches(request.headers.get("if-none-match", ""), tag, star=False):
        return not_modified(tag)
    if endpoint.pool.full(quick=False):
        return endpoint.pool.busy()
    share = max(1, endpoint.pool.limits.queue // 2)
    if _LOOKUPS.get(endpoint, 0) >= share:
        return text_reply(
            503,
            f"{share} lookups of resources are already waiting or running (half the query "
            "queue; the rest is kept for queries): try again in a moment",
            (("Retry-After", "1"),),
        )
    _LOOKUPS[endpoint] = _LOOKUPS.get(endpoint, 0) + 1
    try:
        reply = await endpoint.pool.run(job)
    finally:
        _LOOKUPS[endpoint] -= 1
    if reply.status != 200:
        return reply
    cut = any(name == "Kg-Truncated" for name, _ in reply.headers)

    def page() -> bytes | None:  # in a thread: the event loop goes on meanwhile
        about = described(iri, reply.body)
        if not about.found:
            return None
        return resource_page(
            about, lang, base=base, root=root, query=query_for(DESCRIBE, iri),
            credit=_credit(endpoint, lang), cut=cut, chosen=chosen, year=endpoint.settings.year,
        )  # fmt: skip

    if fmt == "html":
        body = await asyncio.to_thread(page)
        if body is None:
            return _missing(iri, lang, missing)
        answer = Reply(200, "text/html; charset=utf-8", body, (*_CSP, *reply.headers))
    else:
        answer = await asyncio.to_thread(_graph, reply, fmt)
        if answer is None:
            return _missing(iri, lang, None)
        if answer.status != 200:
            return answer
    return tagged(_linked(answer, fmt), tag)


def alternates(fmt: str) -> str:
    """The ``Link`` header naming the other forms of the answer in ``fmt`` at its address.

    >>> alternates("nt").split(", ")[1]
    '<?format=turtle>; rel="alternate"; type="text/turtle"'
    """
    forms = {"html": "text/html", **FORMATS["graph"]}
    return ", ".join(
        f'<?format={f}>; rel="alternate"; type="{media}"' for f, media in forms.items() if f != fmt
    )


def _linked(reply: Reply, fmt: str) -> Reply:
    headers = (*reply.headers, ("Link", alternates(fmt)))
    return Reply(reply.status, reply.content_type, reply.body, headers)


def _graph(reply: Reply, fmt: str) -> Reply | None:
    """A worker's N-Triples answer in ``fmt``, with kg's prefixes; None when it is empty; a
    406 where the format cannot hold it (RDF/XML: a property it cannot name)."""
    from kg.model.xml_names import NotInRdfXml

    triples = list(ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES))
    if not triples:
        return None
    try:
        result = serialize(iter(triples), fmt)
    except NotInRdfXml as error:  # as /sparql answers it
        return text_reply(406, str(error))
    return Reply(200, f"{result.media_type}; charset=utf-8", result.body, reply.headers)


#: How much of an address a 404 repeats (a path may be 100,000 characters long).
_SHOWN = 300


def _missing(iri: str, lang: str, page: tuple[str, str, str | None] | None) -> Reply:
    """The 404 for ``iri`` (worded in the request's language as every refusal is:
    :mod:`kg.web.language`); for a browser (``page``: its language, the way up to the root
    and the language its address chose) a page in that language with links back."""
    shown = iri if len(iri) <= _SHOWN else iri[:_SHOWN] + "…"
    said = (
        f"the graph holds nothing about <{shown}>: check the address, or look for the resource "
        "on the query page (/) or at /sparql"
    )
    if page is None:
        return text_reply(404, said)
    from kg.web.readable import missing_page

    body = missing_page(translated(said, page[0]), *page)
    return Reply(404, "text/html; charset=utf-8", body, _CSP)


def ontology(endpoint: Endpoint, request: Request) -> Reply:
    """The ontology at ``/ontology`` (and at its version's IRI, ``/ontology/0.4.0``): its file
    as Turtle, in another RDF format, or its page."""
    from kg.web.readable import ontology_page, ontology_version

    asked = request.url.path.removeprefix("/ontology").removeprefix("/")
    served = ontology_version()
    if asked and asked != served:
        said = (
            f"no version {asked} of the ontology here: it is at /ontology/{served} and /ontology"
            if served
            else f"no version {asked} of the ontology here: it is at /ontology"
        )
        return text_reply(404, said)
    fmt = wanted(request.headers.get("accept"), request.query_params.getlist("format"))
    if fmt is None:
        return _not_acceptable()
    if fmt == "html":
        lang = page_language(endpoint, request)
        root = "../" if asked else "./"
        page = ontology_page(lang, _credit(endpoint, lang), root, chosen_language(request))
        body, media, headers = page, "text/html", _CSP
    else:
        body, media = _ontology_file(fmt)
        headers = ()
    reply = _linked(Reply(200, f"{media}; charset=utf-8", body, headers), fmt)
    return by_content(reply, request.headers.get("if-none-match", ""))


def _ontology_file(fmt: str) -> tuple[bytes, str]:
    """The ontology in ``fmt``: its Turtle file as it is (comments kept), or converted."""
    from kg.paths import ontology_file

    text = ontology_file().read_bytes()
    if fmt == "turtle":
        return text, FORMATS["graph"]["turtle"]
    triples = ox.parse(text, format=ox.RdfFormat.TURTLE)
    result = serialize(triples, fmt)
    return result.body, result.media_type


async def void(endpoint: Endpoint, request: Request, url: str) -> Reply:
    """The VoID and DCAT description of the dataset at ``/.well-known/void``; ``url`` is the
    server's address as readers open it."""
    from kg.web.void import counts_query, void_triples

    fmt = negotiate("graph", request.headers.get("accept"), request.query_params.getlist("format"))
    if fmt is None:
        offered = ", ".join(FORMATS["graph"].values())
        return text_reply(406, f"the dataset's description is offered as: {offered}")
    settings = endpoint.settings
    query = counts_query(settings.base)
    job = (query, None, ["json"], ([], []), None)
    asked = (query, fmt, [url], ([], []), "void")
    tag = answer_tag(endpoint.version(), asked, settings.max_rows)
    if tag is not None and matches(request.headers.get("if-none-match", ""), tag, star=False):
        return not_modified(tag)
    if endpoint.pool.full(quick=False):
        return endpoint.pool.busy()
    reply = await endpoint.pool.run(job)
    if reply.status != 200:
        return reply
    from kg.io.provenance import DATA_LICENCE_URL

    licence = DATA_LICENCE_URL if settings.licensed else None
    title = _titles(settings.licensed)
    triples = void_triples(
        url, settings.base, endpoint.triples, reply.body, licence=licence, title=title
    )
    result = serialize(iter(triples), fmt)
    return tagged(Reply(200, f"{result.media_type}; charset=utf-8", result.body), tag)


def _titles(licensed: bool) -> dict[str, str]:
    """The dataset's title in each language: kg's own data's as its credit names it."""
    from kg.web.wording import wording

    key = "dataset_kg" if licensed else "dataset"
    return {lang: wording(lang, "resource")[key] for lang in LANGUAGES}
