"""Copying an endpoint's triples completely: pieces, each checked against the endpoint's count.

Endpoints cut long answers (kg serve's ``--max-rows``, Virtuoso's ``ResultSetMaxRows``), some
without saying so, and a blank node's label means nothing outside the answer that carries it.
So a copy is made in pieces:

1. **Plain pieces**: each predicate's triples (for a whole copy: every triple). A piece is
   counted (``COUNT``) and asked for whole (a CONSTRUCT, N-Triples). The answer is whole when
   it holds as many triples as the count; a cut one (fewer triples, a cap header such as
   kg serve's ``Kg-Truncated`` or Virtuoso's ``X-SPARQL-MaxRows``, or a page that came back
   full) is split into ranges of subjects (``STR(?s)`` from one subject seen in the cut answer
   to the next), each counted and asked for alone, until every range comes whole. No ORDER BY
   and no OFFSET: each answer is complete in itself, and no store sorts anything. Where a cut
   answer came in subject order, what it holds below its last subject is kept (counted) and
   the reading goes on from there. Pieces are read three at a time.
2. **Blank nodes** come in the same answer as the subject that points at them (an excerpt, its
   quote selector and the quote), in a piece of their own split by that subject in the same
   way: first for the predicates the caller expects to point at blank nodes (``linked``, left
   out of the plain pieces then), and again for any other predicate a plain piece shows
   pointing at one (its blank-node triples are set aside). Each answer's blank nodes are new
   nodes in the copy: labels are never matched across answers. (A whole copy that comes in
   one answer keeps its blank nodes as they are.)
3. The copy must then hold exactly as many triples as the endpoint counts for the pieces, or
   kg stops: blank nodes nested in blank nodes, shared by two subjects, or that no subject
   points at cannot be copied piece by piece, and data that changed while kg read it would
   not add up either.
"""

from __future__ import annotations

import math
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from kg.errors import EndpointError
from kg.io.answers import ACCEPT, Answer, graph_format

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from kg.io.endpoint import Endpoint

#: A line of N-Triples that holds a triple (its subject is an IRI or a blank node).
_TRIPLE_LINE = re.compile(rb"^[<_]", re.MULTILINE)
#: Pieces read side by side (the endpoint writes one answer while kg reads another).
SIDE_BY_SIDE = 3
#: A range asks for at most this share of the cap, so that a few more subjects still fit.
_FILL = 0.8


@dataclass(frozen=True)
class Piece:
    """Triples to copy: a CONSTRUCT ``template`` over ``where``, split into ranges of
    ``root`` (a variable). ``rooted`` pieces carry blank nodes with the subject that points at
    them; ``named`` pieces hold only triples whose root is an IRI (the only ones a range of
    ``STR(root)`` can hold)."""

    template: str
    where: str
    root: str = "?s"
    rooted: bool = False
    named: bool = False

    def pattern(self, low: str | None, high: str | None) -> str:
        """The group graph pattern for the subjects from ``low`` (inclusive) to ``high``."""
        bounds = []
        if low is not None:
            bounds.append(f"STR({self.root}) >= {_string(low)}")
        if high is not None:
            bounds.append(f"STR({self.root}) < {_string(high)}")
        found = f" FILTER({' && '.join(bounds)})" if bounds else ""
        return f"{{ {self.where}{found} }}"

    def of_named_roots(self) -> Piece:
        """The same piece for IRI roots only."""
        where = f"{self.where} FILTER(!isBlank({self.root}))"
        return replace(self, where=where, named=True)


@dataclass
class _Copy:
    endpoint: Endpoint
    whole: bool
    store: ox.Store
    #: triples with a blank node set aside from plain pieces (read again with their subject)
    set_aside: int = 0
    #: predicates seen pointing at a blank node, and seen on one (rooted pieces)
    pointing: set[str] = field(default_factory=set)
    on_blank: set[str] = field(default_factory=set)
    #: requests made
    requests: int = 0
    #: pieces are read side by side: what they change is changed one at a time
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, where: str) -> int:
        with self.lock:
            self.requests += 1
        return self.endpoint.count(where)

    def fetch(self, piece: Piece, low: str | None = None, high: str | None = None) -> int:
        """Copy the piece's triples from ``low`` to ``high``; return the endpoint's count."""
        total = None
        while True:
            where = piece.pattern(low, high)
            expected = self.count(where)
            total = expected if total is None else total
            if expected == 0:
                return total
            page = self.endpoint.page
            limit = f" LIMIT {page}" if page is not None and expected > page else ""
            answer = self.endpoint.query(
                f"CONSTRUCT {{ {piece.template} }} WHERE {where}{limit}", ACCEPT["graph"]
            )
            with self.lock:
                self.requests += 1
            got = _Read(self.endpoint, answer, piece.rooted)
            if not limit and got.solutions == expected:
                whole = self.whole and not piece.named and low is None and high is None
                self._keep(got.quads, piece, whole=whole, got=got)
                return total
            if not (piece.rooted or piece.named):
                # cut: blank subjects come with the subjects that point at them, the rest in
                # ranges of subjects
                named = self.fetch(piece.of_named_roots())
                with self.lock:
                    self.set_aside += expected - named
                return total
            cap = answer.cap or page or got.solutions
            seen = [s for s in got.roots() if low is None or s > low]
            if not seen:
                raise EndpointError(
                    f"the endpoint gives at most {cap} triples in one answer, and one subject "
                    f"({low or 'the first'}) has that many or more (in {piece.where})",
                    hint=f"raise the endpoint's row cap, or copy {self.endpoint.url} with "
                    "its own tools",
                )
            last = seen[-1]
            held = got.between(low, last)
            if self.count(piece.pattern(low, last)) == _measure(held, piece.rooted) > 0:
                # the answer came in subject order: what it holds below its last subject is
                # whole, and the rest is read on from there
                self._keep(held, piece, whole=False)
                low = last
                continue
            for start, end in _ranges(seen, low, high, expected, cap):
                self.fetch(piece, start, end)
            return total

    def _keep(
        self, quads: list[ox.Quad] | None, piece: Piece, *, whole: bool, got: _Read | None = None
    ) -> None:
        with self.lock:
            self._add(quads, piece, whole=whole, got=got)

    def _add(
        self, quads: list[ox.Quad] | None, piece: Piece, *, whole: bool, got: _Read | None
    ) -> None:
        import pyoxigraph as ox

        if quads is None and got is not None:  # N-Triples without a blank node, as they came
            try:
                self.store.load(got.answer.body, format=ox.RdfFormat.N_TRIPLES)
            except SyntaxError as error:
                raise _unreadable(self.endpoint, ox.RdfFormat.N_TRIPLES, error) from error
            return
        quads = quads or []
        if piece.rooted:
            self.on_blank.update(
                q.predicate.value for q in quads if type(q.subject) is ox.BlankNode
            )
        if whole or piece.rooted:
            self.store.extend(quads)
            return
        kept = []
        for quad in quads:
            if type(quad.object) is ox.BlankNode:
                self.pointing.add(quad.predicate.value)
                self.set_aside += 1
            elif type(quad.subject) is ox.BlankNode:
                self.set_aside += 1
            else:
                kept.append(quad)
        self.store.extend(kept)


class _Read:
    """An answer read: its triples (None for plain N-Triples without blank nodes, which are
    loaded straight into the store) and how many solutions of the piece they stand for."""

    def __init__(self, endpoint: Endpoint, answer: Answer, rooted: bool) -> None:
        import pyoxigraph as ox

        self.answer, self.rooted, self.endpoint = answer, rooted, endpoint
        fmt = graph_format(endpoint.url, answer)
        self.quads: list[ox.Quad] | None = None
        if fmt == ox.RdfFormat.N_TRIPLES and b"_:" not in answer.body and not rooted:
            self.solutions = len(_TRIPLE_LINE.findall(answer.body))
            return
        self.quads = _parse(endpoint, answer.body, fmt)
        if rooted:  # a subject's triple to a blank node comes once per triple of the node
            self.quads = list(dict.fromkeys(self.quads))
        self.solutions = _measure(self.quads, rooted)

    def _all(self) -> list[ox.Quad]:
        import pyoxigraph as ox

        if self.quads is None:
            self.quads = _parse(self.endpoint, self.answer.body, ox.RdfFormat.N_TRIPLES)
        return self.quads

    def roots(self) -> list[str]:
        """The subjects (IRIs) of the answer's triples, sorted, each once."""
        import pyoxigraph as ox

        return sorted({q.subject.value for q in self._all() if type(q.subject) is ox.NamedNode})

    def between(self, low: str | None, high: str) -> list[ox.Quad]:
        """The answer's triples whose subject (an IRI) is from ``low`` to ``high``, with the
        triples of the blank nodes they point at (rooted pieces)."""
        import pyoxigraph as ox

        quads = self._all()
        held = [
            q
            for q in quads
            if type(q.subject) is ox.NamedNode
            and (low is None or q.subject.value >= low)
            and q.subject.value < high
        ]
        if self.rooted:
            nodes = {q.object for q in held if type(q.object) is ox.BlankNode}
            held += [q for q in quads if q.subject in nodes]
        return held


def _parse(endpoint: Endpoint, body: bytes, fmt: ox.RdfFormat) -> list[ox.Quad]:
    """An answer's triples, each answer's blank nodes new ones."""
    import pyoxigraph as ox

    try:
        return list(ox.parse(body, format=fmt, rename_blank_nodes=True))
    except SyntaxError as error:
        raise _unreadable(endpoint, fmt, error) from error


def _unreadable(endpoint: Endpoint, fmt: ox.RdfFormat, error: SyntaxError) -> EndpointError:
    return EndpointError(
        f"the endpoint's answer is not valid {fmt.name}: {error}",
        hint=f"check that {endpoint.url} is a SPARQL 1.1 query endpoint, and try again",
    )


def _measure(quads: list[ox.Quad], rooted: bool) -> int:
    """How many solutions of a piece triples stand for: one each, or for a rooted piece, for
    each subject's triple to a blank node one per triple of that node (or one if none)."""
    import pyoxigraph as ox

    if not rooted:
        return len(quads)
    held: dict[ox.BlankNode, int] = {}
    for quad in quads:
        if type(quad.subject) is ox.BlankNode:
            held[quad.subject] = held.get(quad.subject, 0) + 1
    return sum(
        max(1, held.get(q.object, 0))
        for q in quads
        if type(q.object) is ox.BlankNode and type(q.subject) is not ox.BlankNode
    )


def _ranges(
    seen: list[str], low: str | None, high: str | None, expected: int, cap: int
) -> list[tuple[str | None, str | None]]:
    """Ranges of subjects that split a cut answer, bounded by subjects it held: as many as
    ``expected`` triples need at about ``cap`` × 0.8 each (a range still cut is split again)."""
    parts = min(len(seen), max(2, math.ceil(expected / max(1, int(cap * _FILL)))))
    step = len(seen) / parts
    bounds = sorted({seen[min(len(seen) - 1, int(i * step))] for i in range(parts)} - {low})
    return list(pairwise([low, *bounds, high]))


def _string(text: str) -> str:
    """A SPARQL string literal.

    >>> print(_string('a "b"\\\\'))
    "a \\"b\\"\\\\"
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r") + '"'


_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def copy(
    endpoint: Endpoint,
    predicates: tuple[str, ...] | None,
    *,
    linked: tuple[str, ...] = (),
    unread_types: tuple[str, ...] = (),
) -> ox.Store:
    """Every triple of the endpoint with ``predicates`` (None: every triple but kg's derived
    view), in an in-memory
    store, read completely or not at all (see the module's docstring).

    ``linked`` predicates are expected to point at blank nodes: those are read with their
    subjects first, and the plain pieces then leave them out, so no triple is read twice.
    ``unread_types``: classes whose ``rdf:type`` triples are left out (what the reader skips).
    """
    import pyoxigraph as ox

    from kg.model.vocab import DERIVED_PREDICATES

    state = _Copy(endpoint, predicates is None, ox.Store())
    if predicates is None:  # all but kg's derived view, which kg derives again from the copy
        wanted = f"?p NOT IN ({', '.join(f'<{p}>' for p in DERIVED_PREDICATES)})"
        expected = state.fetch(Piece("?s ?p ?o", f"?s ?p ?o FILTER({wanted})"))
    else:
        wanted = _wanted(predicates, unread_types)
        iris = " ".join(f"<{p}>" for p in predicates)
        expected = state.count(f"{{ VALUES ?p {{ {iris} }} ?s ?p ?o FILTER({wanted}) }}")
        links = tuple(p for p in linked if p in predicates)
        if links:
            state.fetch(_rooted(links, wanted))
        pieces = [_plain(p, links, state.on_blank, unread_types) for p in predicates]
        with ThreadPoolExecutor(max_workers=SIDE_BY_SIDE) as pool:
            list(pool.map(state.fetch, pieces))
    pointing = sorted(state.pointing - set(linked))
    if state.set_aside and pointing:
        state.fetch(_rooted(tuple(pointing), wanted))
    held = len(state.store)
    if held != expected:
        raise EndpointError(
            f"the copy of {endpoint.url} holds {held} triples where the endpoint counts "
            f"{expected}: kg will not analyse an incomplete graph",
            hint="blank nodes nested in blank nodes, shared by two subjects or that no subject "
            "points at cannot be read piece by piece; or the data changed while kg read it "
            "(run again)",
        )
    return state.store


def _wanted(predicates: tuple[str, ...], unread_types: tuple[str, ...]) -> str:
    """A FILTER condition on ``?p`` and ``?o`` that holds for the triples to copy."""
    condition = f"?p IN ({', '.join(f'<{p}>' for p in predicates)})"
    if unread_types:
        classes = ", ".join(f"<{c}>" for c in unread_types)
        condition += f" && !(?p = <{_TYPE}> && ?o IN ({classes}))"
    return condition


def _plain(
    predicate: str, links: tuple[str, ...], on_blank: set[str], unread_types: tuple[str, ...]
) -> Piece:
    """One predicate's triples, less those already read with blank nodes (and unread types)."""
    found = []
    if predicate in links:
        found.append("!isBlank(?o)")
    if predicate in on_blank:
        found.append("!isBlank(?s)")
    if predicate == _TYPE and unread_types:
        found.append(f"?o NOT IN ({', '.join(f'<{c}>' for c in unread_types)})")
    pattern = f"?s <{predicate}> ?o"
    return Piece(pattern, pattern + (f" FILTER({' && '.join(found)})" if found else ""))


def _rooted(pointing: tuple[str, ...], wanted: str | None) -> Piece:
    """The piece that carries blank nodes with the subjects that point at them."""
    links = " ".join(f"<{p}>" for p in pointing)
    read = f" FILTER({wanted})" if wanted else ""
    return Piece(
        "?r ?link ?b . ?b ?p ?o",
        f"VALUES ?link {{ {links} }} ?r ?link ?b . FILTER(isBlank(?b) && !isBlank(?r)) "
        f"OPTIONAL {{ ?b ?p ?o .{read} }}",
        root="?r",
        rooted=True,
    )
