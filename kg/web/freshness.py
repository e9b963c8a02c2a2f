"""HTTP caching of ``kg serve``'s answers: entity tags, revalidation, and why HEAD runs a query.

Why, by RFC 9110 and RFC 9111:

- **Answers get a weak ETag and ``Cache-Control: no-cache``.** The same query, asked with the
  same Accept, format, dataset and base IRI of the same graph under the same ``--max-rows``,
  has the same answer; the tag is a digest of those, so it is known *before* the query runs.
  It is weak (``W/``, RFC 9110 §8.8.1) because the bytes may differ where the meaning does not
  (gzip or not, blank-node labels, the order of an unordered SELECT). ``no-cache`` (RFC 9111
  §5.2.2.4) lets a browser or a proxy keep an answer but ask again each time, because the
  graph can change under a running server (a rebuilt store, SIGHUP): a revalidation with a
  matching ``If-None-Match`` is answered 304 at once, without a worker (§13.1.2, §15.4.5).
  The service description (``/sparql`` without a query) is tagged the same way: it names the
  graph's size and the limits.
- **No Last-Modified.** It would let caches guess a freshness lifetime (RFC 9111 §4.2.2) and
  adds nothing to the tag; RFC 9110 §13.1.3 has If-None-Match win over If-Modified-Since.
- **Only GET and HEAD.** A POST's answer is not reused by caches (RFC 9111 §3, it needs
  explicit freshness), and If-None-Match on a POST means something else (§13.1.2).
- **No tag for RAND(), NOW(), UUID() or STRUUID()**: asked twice, such a query means two
  answers. Nor when the graph changed while the query ran (which graph answered?).
- **Every answer names its graph** (``Kg-Graph``, :func:`graph_tag`), POST's too: not a
  validator for caches but what ``kg … --endpoint`` keeps the facts it read from this server
  under, reading them again only when the header changes.
- **HEAD runs the query.** RFC 9110 §9.3.2: HEAD should send the header fields GET would,
  and Content-Type (SELECT or CONSTRUCT decides the kind), Content-Length and
  ``Kg-Truncated`` are only known from the answer; it takes a worker like a GET, under the
  same limits. A HEAD whose If-None-Match matches is answered 304 without one.
- **``If-None-Match: *`` gets the answer.** The 304 is given before the query is checked
  (a tag kg gave names a query that was answered), and ``*`` names no query.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING

from kg import __version__

if TYPE_CHECKING:  # pragma: no cover
    from kg.web.workers import Reply

#: A query using one of these functions may answer differently each time it is asked.
_VOLATILE = re.compile(r"\b(RAND|NOW|UUID|STRUUID)\s*\(", re.IGNORECASE)
#: What a revalidated answer says of caching (and a 304 repeats, RFC 9110 §15.4.5).
REVALIDATE = ("Cache-Control", "no-cache")


def answer_tag(version: object, job: tuple, max_rows: int) -> str | None:
    """The weak ETag of the answer to ``job`` (query, accept, formats, dataset, base IRI) from
    the graph ``version`` by this version of kg; None when the answer may differ from one
    time to the next.

    >>> job = ("ASK {}", None, [], ([], []), "http://h/sparql")
    >>> answer_tag("v1", job, 10) == answer_tag("v1", job, 10) != answer_tag("v2", job, 10)
    True
    >>> answer_tag("v1", ("SELECT (RAND() AS ?r) {}", *job[1:]), 10) is None
    True
    """
    if version is None or _VOLATILE.search(job[0]):
        return None
    # kg's version too: an upgrade may write the same answer otherwise
    text = json.dumps([__version__, repr(version), list(job), max_rows], ensure_ascii=False)
    return f'W/"{hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]}"'


#: The header naming the graph an answer came from (:func:`graph_tag`).
GRAPH_HEADER = "Kg-Graph"


def graph_tag(version: object) -> str | None:
    """What ``Kg-Graph`` says of the graph ``version`` as this kg reads it: the same for every
    answer from that graph, another once it changes (a rebuilt store, SIGHUP, a restart with
    the graph in memory); None while a store is being replaced. ``kg … --endpoint`` keeps the
    facts it read under it, and reads them again when it changes.

    >>> graph_tag(("dev", 1, 2)) == graph_tag(("dev", 1, 2)) != graph_tag(("dev", 1, 3))
    True
    """
    if version is None:
        return None
    text = json.dumps([__version__, repr(version)], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def from_graph(reply: Reply, version: object) -> Reply:
    """``reply`` with the ``Kg-Graph`` header of ``version`` (as it is where there is none)."""
    from kg.web.workers import Reply

    tag = graph_tag(version)
    if tag is None:
        return reply
    headers = (*reply.headers, (GRAPH_HEADER, tag))
    return Reply(reply.status, reply.content_type, reply.body, headers)


def matches(asked: str, tag: str, *, star: bool = True) -> bool:
    """Whether an If-None-Match header names ``tag`` (weakly compared, as RFC 9110 has it for
    If-None-Match) or, if ``star``, is ``*``.

    >>> matches('"a", W/"b"', 'W/"b"'), matches('*', 'W/"b"'), matches('W/"bc"', 'W/"b"')
    (True, True, False)
    """
    wanted = tag.removeprefix("W/")
    named = [part.strip() for part in asked.split(",")]
    return (star and "*" in named) or any(part.removeprefix("W/") == wanted for part in named)


def by_content(reply: Reply, asked: str) -> Reply:
    """``reply``, whose bytes alone say what it is (the query page, the ontology), tagged by
    a digest of them (weak, ``W/``: it may be sent gzipped); the 304 where ``asked`` (an
    If-None-Match header) names that tag."""
    tag = f'W/"{hashlib.sha256(reply.body).hexdigest()[:20]}"'
    return not_modified(tag) if matches(asked, tag) else tagged(reply, tag)


def not_modified(tag: str) -> Reply:
    """The 304 for a revalidation whose If-None-Match names ``tag``: no body, the tag and
    :data:`REVALIDATE` repeated (RFC 9110 §15.4.5)."""
    from kg.web.workers import Reply

    return Reply(304, "", b"", (("ETag", tag), REVALIDATE))


def tagged(reply: Reply, tag: str | None) -> Reply:
    """``reply`` with ``tag`` as its ETag and :data:`REVALIDATE` (as it is where ``tag`` is
    None: an answer that may differ when asked again)."""
    from kg.web.workers import Reply

    if tag is None:
        return reply
    headers = (*reply.headers, ("ETag", tag), REVALIDATE)
    return Reply(reply.status, reply.content_type, reply.body, headers)
