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
   the reading goes on from there. Pieces are read three at a time, the trees of blank nodes
   below (the largest piece, as a rule) among them.
2. **Blank nodes** come in the same answer as the named subject (an IRI) at the top of their
   tree (an excerpt, its quote selector and the quote; a class and the RDF list of its
   ``owl:unionOf``; a class expression nested in another), in a piece of their own split by
   that subject in the same way (:func:`kg.io.pieces.tree_piece`): first for the predicates
   the caller expects to point at blank nodes (``linked``, left out of the plain pieces then),
   and again for any other predicate a plain piece shows pointing at one (its blank-node
   triples are set aside). The piece reads the blank nodes the subject points at and the
   nodes of the lists they start (``rdf:rest`` to any length); if blank nodes hang below
   those, kg asks which predicates lead down each level (``SELECT DISTINCT``), up to
   :data:`~kg.io.pieces.DEPTH` levels, and reads every tree again whole, one UNION branch per
   level. Each answer's blank nodes are new nodes in the copy: labels are never matched
   across answers, and an answer is counted from its own triples as the endpoint counts the
   piece (:func:`kg.io.pieces.solutions`). (A whole copy that comes in one answer keeps its
   blank nodes as they are.)
3. The copy must then hold exactly as many triples as the endpoint counts (a copy of some
   predicates: of each predicate), or kg stops: blank nodes that no named subject points at
   or that two subjects share cannot be copied piece by piece, trees deeper than ``DEPTH``
   (or round a loop) stop kg when it finds them, and data that changed while kg read it
   would not add up either. A copy of some predicates holds their triples of named subjects
   and of the blank nodes in trees below them: other blank nodes (an OWL restriction's
   ``rdf:type`` below a predicate not asked for) are no part of it; where the first counts
   held them, those predicates are counted again without them (the trees' triples
   ``DISTINCT``, so that a shared node read twice still shows). Blank
   nodes that nothing points at (a membership written as ``[]``) are no tree's: where the
   asked predicates have some, the whole graph is copied instead (in one answer, or kg stops).
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.errors import EndpointError
from kg.io.answers import ACCEPT, Answer, graph_format, results_format
from kg.io.pieces import (
    DEPTH,
    RDF_REST,
    Piece,
    Wanted,
    by_predicate,
    deeper,
    of_predicates,
    on_blank_nodes,
    per_predicate,
    plain,
    solutions,
    subject_ranges,
    tree_piece,
    with_trees,
)
from kg.model.vocab import DERIVED_PREDICATES

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from kg.io.endpoint import Endpoint

#: A line of N-Triples that holds a triple (its subject is an IRI or a blank node).
_TRIPLE_LINE = re.compile(rb"^[<_]", re.MULTILINE)
#: Pieces read side by side (the endpoint writes one answer while kg reads another).
SIDE_BY_SIDE = 3
#: A whole copy's triples: all but kg's derived view, which kg derives again from the copy.
_EVERY = Wanted(None, excluded=DERIVED_PREDICATES)


@dataclass
class _Copy:
    endpoint: Endpoint
    whole: bool
    store: ox.Store
    #: triples with a blank node set aside from plain pieces (read again with their subject)
    set_aside: int = 0
    #: predicates seen pointing at a blank node
    pointing: set[str] = field(default_factory=set)
    #: the pieces that carried trees of blank nodes
    forest: list[Piece] = field(default_factory=list)
    #: pieces are read side by side: what they change is changed one at a time
    lock: threading.Lock = field(default_factory=threading.Lock)

    def select(self, variable: str, where: str, limit: str = "") -> list[str]:
        """The values of ``variable`` in the solutions of ``where``, each once."""
        import pyoxigraph as ox

        text = f"SELECT DISTINCT ?{variable} WHERE {where}{limit}"
        answer = self.endpoint.query(text, ACCEPT["solutions"])
        if answer.cap is not None:
            raise EndpointError(
                f"the endpoint cut its answer at {answer.cap} rows: {text}",
                hint=f"raise the endpoint's row cap, or copy {self.endpoint.url} with its own "
                "tools",
            )
        try:
            found = ox.parse_query_results(
                answer.body, format=results_format(self.endpoint.url, answer)
            )
            return sorted({row[variable].value for row in found if row[variable] is not None})
        except (SyntaxError, TypeError, KeyError) as error:
            raise EndpointError(
                f"cannot read the endpoint's answer ({answer.media_type}): {error}",
                hint=f"check that {self.endpoint.url} is a SPARQL 1.1 query endpoint",
            ) from error

    def trees(self, links: tuple[str, ...], wanted: Wanted) -> None:
        """Copy the trees of blank nodes below the named subjects that point at them through
        ``links``: their tops (with the lists they start) first, and if blank nodes hang below
        those, all again with the predicates that lead down each level, found level by level."""
        import pyoxigraph as ox

        piece = tree_piece(links, wanted)
        tops = _Copy(self.endpoint, self.whole, ox.Store())
        tops.fetch(piece)
        down = {
            q.predicate.value
            for q in tops.store
            if type(q.subject) is type(q.object) is ox.BlankNode and q.predicate.value != RDF_REST
        }
        if not down:
            with self.lock:
                self.store.extend(tops.store)
                self.forest.append(piece)
            return
        levels = [tuple(sorted(down))]
        while found := self.select("q", deeper(links, wanted, tuple(levels))):
            if len(levels) == DEPTH:
                root = self.select("r", deeper(links, wanted, tuple(levels)), " LIMIT 1")
                raise EndpointError(
                    f"the blank nodes below {', '.join(root)} go more than {DEPTH} levels "
                    "deep, or round a loop: kg copies trees of blank nodes that deep at most "
                    "(the nodes of a list are one level)",
                    hint=f"give those nodes IRIs, or copy {self.endpoint.url} with its own tools",
                )
            levels.append(tuple(found))
        whole = tree_piece(links, wanted, tuple(levels))
        with self.lock:
            self.forest.append(whole)
        self.fetch(whole)

    def fetch(self, piece: Piece, low: str | None = None, high: str | None = None) -> int:
        """Copy the piece's triples from ``low`` to ``high``; return the endpoint's count. A cut
        answer's ranges wait in a list, not in nested calls: an endpoint that sends a few
        triples at a time, the last subject first, splits off one subject a range."""
        total = None
        ranges = [(low, high)]
        while ranges:
            low, high = ranges.pop()
            where = piece.pattern(low, high)
            expected = self.endpoint.count(where)
            total = expected if total is None else total
            if expected == 0:
                continue
            page = self.endpoint.page
            limit = f" LIMIT {page}" if page is not None and expected > page else ""
            answer = self.endpoint.query(
                f"CONSTRUCT {{ {piece.template} }} WHERE {where}{limit}", ACCEPT["graph"]
            )
            got = _Read(self.endpoint, answer, piece)
            if not limit and got.solutions == expected:
                whole = self.whole and not piece.named and low is None and high is None
                self._keep(got.quads, piece, whole=whole, got=got)
                continue
            if not (piece.rooted or piece.named):
                # cut: blank subjects come with the subjects that point at them, the rest in
                # ranges of subjects (such a piece is never split: this is its one range)
                named = self.fetch(piece.of_named_roots())
                with self.lock:
                    self.set_aside += expected - named
                return total
            cap = answer.cap or page or got.solutions
            seen = [
                s for s in got.roots() if (low is None or s > low) and (high is None or s < high)
            ]
            if not seen:
                raise EndpointError(
                    f"the endpoint gives at most {cap} triples in one answer, and one subject "
                    f"({low or 'the first'}) has that many or more (in {piece.where})",
                    hint=f"raise the endpoint's row cap, or copy {self.endpoint.url} with "
                    "its own tools",
                )
            last = seen[-1]
            held = got.between(low, last)
            if self.endpoint.count(piece.pattern(low, last)) == _measure(held, piece) > 0:
                # the answer came in subject order: what it holds below its last subject is
                # whole, and the rest is read on from there, next
                self._keep(held, piece, whole=False)
                ranges.append((last, high))
            else:
                ranges += reversed(subject_ranges(seen, low, high, expected, cap))
        return total

    def _keep(
        self, quads: list[ox.Quad] | None, piece: Piece, *, whole: bool, got: _Read | None = None
    ) -> None:
        import pyoxigraph as ox

        with self.lock:
            if quads is None and got is not None:  # N-Triples without a blank node, as they came
                try:
                    self.store.load(got.answer.body, format=ox.RdfFormat.N_TRIPLES)
                except SyntaxError as error:
                    raise _unreadable(self.endpoint, ox.RdfFormat.N_TRIPLES, error) from error
                return
            quads = quads or []
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

    def __init__(self, endpoint: Endpoint, answer: Answer, piece: Piece) -> None:
        import pyoxigraph as ox

        self.answer, self.rooted, self.endpoint = answer, piece.rooted, endpoint
        fmt = graph_format(endpoint.url, answer)
        self.quads: list[ox.Quad] | None = None
        if fmt == ox.RdfFormat.N_TRIPLES and b"_:" not in answer.body and not self.rooted:
            self.solutions = len(_TRIPLE_LINE.findall(answer.body))
            return
        self.quads = _parse(endpoint, answer.body, fmt)
        if self.rooted:  # a subject's triple to a blank node comes once per solution below it
            self.quads = list(dict.fromkeys(self.quads))
        self.solutions = _measure(self.quads, piece)

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
        triples of the trees of blank nodes below them (rooted pieces)."""
        import pyoxigraph as ox

        quads = self._all()
        held = [
            q
            for q in quads
            if type(q.subject) is ox.NamedNode
            and (low is None or q.subject.value >= low)
            and q.subject.value < high
        ]
        return with_trees(quads, held) if self.rooted else held


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


def _measure(quads: list[ox.Quad], piece: Piece) -> int:
    """How many solutions of a piece triples stand for: one each, or for a rooted piece, as
    :func:`kg.io.pieces.solutions` counts them."""
    return solutions(quads, piece.levels) if piece.rooted else len(quads)


def copy(
    endpoint: Endpoint,
    predicates: tuple[str, ...] | None,
    *,
    linked: tuple[str, ...] = (),
    unread_types: tuple[str, ...] = (),
) -> ox.Store:
    """Every triple of the endpoint with ``predicates`` (None: every triple but kg's derived
    view), in an in-memory store, read completely or not at all (see the module's docstring).

    With ``predicates``, the copy holds their triples whose subject is an IRI, or a blank
    node in a tree below one through them (others are no part of it). ``linked`` predicates
    are expected to point at blank nodes: those trees are read first, and the plain pieces
    then leave them out, so no triple is read twice. ``unread_types``: classes whose
    ``rdf:type`` triples are left out (what the reader skips).
    """
    import pyoxigraph as ox

    state = _Copy(endpoint, predicates is None, ox.Store())
    every = None  # with predicates: the pattern of their triples
    totals: dict[str, int] = {}  # with predicates: the endpoint's count of each one's triples
    if predicates is None:  # all but kg's derived view, which kg derives again from the copy
        wanted = _EVERY
        expected = state.fetch(_whole())
    else:
        wanted = Wanted(predicates, unread_types=unread_types)
        every = of_predicates(predicates, wanted)
        links = tuple(p for p in linked if p in predicates)
        with ThreadPoolExecutor(max_workers=SIDE_BY_SIDE) as pool:
            # the trees (the largest piece) beside the plain pieces, which leave their links out
            counted = pool.submit(endpoint.per_predicate, f"{{ {every} }}")
            jobs = [pool.submit(state.trees, links, wanted)] if links else []
            jobs += [pool.submit(state.fetch, plain(p, links, unread_types)) for p in predicates]
            for job in jobs:
                job.result()
            totals = counted.result()
        expected = sum(totals.values())
    pointing = sorted(state.pointing - set(linked))
    if state.set_aside and pointing:
        state.trees(tuple(pointing), wanted)
    held = len(state.store)
    held_of = _held_per_predicate(state.store) if every is not None else {}
    if every is not None and held_of != totals:
        # the checks below read every triple of the predicates they cover, at seconds a
        # million: only those whose counts differ (a blank node's rdf:type outside the trees)
        # are checked, or all where the endpoint cut its counts
        differing = tuple(sorted(p for p in {*totals, *held_of} if totals.get(p) != held_of.get(p)))
        checked, suspect = (
            (differing, of_predicates(differing, wanted)) if totals else (tuple(held_of), every)
        )
        if endpoint.count(f"{{ {suspect} FILTER(isBlank(?s)) FILTER NOT EXISTS {{ ?x ?q ?s }} }}"):
            # blank nodes no subject points at (a membership written as []) come in no piece:
            # a whole copy reads them in one answer, or says it cannot
            return copy(endpoint, None)
        # blank nodes in no tree below a named subject are no part of a copy of predicates:
        # the triples of named subjects, and of the trees' blank nodes, each once
        expected = held - sum(held_of.get(p, 0) for p in checked)
        expected += endpoint.count(f"{{ {suspect} FILTER(!isBlank(?s)) }}")
        if state.forest:
            expected += endpoint.count(on_blank_nodes(state.forest, checked if totals else None))
    if held != expected:
        raise EndpointError(
            f"the copy of {endpoint.url} holds {held} triples where the endpoint counts "
            f"{expected}: kg will not analyse an incomplete graph",
            hint="blank nodes that no named subject points at or that two subjects share cannot "
            "be read piece by piece; or the data changed while kg read it (run again)",
        )
    return state.store


def _held_per_predicate(store: ox.Store) -> dict[str, int]:
    """How many triples of each predicate the copy holds."""
    return by_predicate(store.query(per_predicate()))


def _whole() -> Piece:
    """Every triple but kg's derived view (which kg derives again from what it copies)."""
    return Piece("?s ?p ?o", f"?s ?p ?o FILTER({_EVERY.condition()})")


def whole_size(endpoint: Endpoint) -> int:
    """How many triples a whole copy of ``endpoint`` holds, counted on the endpoint."""
    return endpoint.count(_whole().pattern(None, None))
