"""Derive the committee-level view when the graph is loaded: the rules in ``ontology/rules/``.

Each rule is a SPARQL CONSTRUCT query, run on what the curated facts and the earlier rules (in
file-name order) hold; its triples go into the named graph :data:`~kg.model.vocab.DERIVED_GRAPH`,
apart from the curated facts. The rules are the one definition of a committee's partners and
partner groups: the analyses, the report, the map and the library queries all read their
triples.

A rule waits for every earlier rule that constructs a predicate it names (:func:`after`); rules
that do not wait for each other run two at a time, as pyoxigraph evaluates a query without
Python's lock. A rule reads derived triples only through the predicates it names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from functools import cache
from typing import TYPE_CHECKING, Any

import kg.progress as progress
from kg.errors import StoreError
from kg.model.triples import dataset
from kg.model.vocab import DERIVED_GRAPH, TYPE
from kg.paths import ontology_file, rules_dir

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox


@cache
def rules() -> tuple[tuple[str, str], ...]:
    """The rules, in order: (file name, query text)."""
    return tuple(
        (path.name, path.read_text(encoding="utf-8")) for path in sorted(rules_dir().glob("*.rq"))
    )


def rules_digest() -> str:
    """A digest of the rules' text: a store derived by other rules is derived again."""
    import hashlib  # a store's record alone needs it: not imported on every command

    digest = hashlib.sha256()
    for name, text in rules():
        digest.update(name.encode() + b"\0" + text.encode())
    return digest.hexdigest()


#: Rules evaluated side by side.
SIDE_BY_SIDE = 2

_PREFIX = re.compile(r"PREFIX\s+([\w-]*):\s*<([^>]*)>", re.IGNORECASE)
_COMMENT = re.compile(r"(?:^|(?<=\s))#[^\n]*", re.MULTILINE)  # not the # inside an IRI
_TEMPLATE = re.compile(r"CONSTRUCT\s*\{(.*?)\}", re.IGNORECASE | re.DOTALL)
_A = re.compile(r"(?<![\w?$:<-])a(?![\w:-])")
_TERM = re.compile(r"<([^>\s]*)>|(?<![\w?$])([A-Za-z][\w-]*)?:([A-Za-z_][\w-]*)")


def _iris(text: str, prefixes: dict[str, str]) -> set[str]:
    """The IRIs written in ``text``, whole (``<…>``) or prefixed (with ``prefixes``), and
    ``rdf:type`` where ``a`` is written."""
    found = {TYPE} if _A.search(text) else set()
    for whole, prefix, local in _TERM.findall(text):
        if whole:
            found.add(whole)
        elif (prefix or "") in prefixes:
            found.add(prefixes[prefix or ""] + local)
    return found


@cache
def after() -> tuple[frozenset[int], ...]:
    """For each rule (by position in :func:`rules`), the earlier rules it waits for: those
    whose template constructs an IRI the rule names.

    >>> names = [name for name, _ in rules()]
    >>> sorted(names[i] for i in after()[names.index("04-partner.rq")])
    ['03-takes-part-in.rq']
    """
    made, waits = [], []
    for _, text in rules():
        prefixes = dict(_PREFIX.findall(text))
        body = _COMMENT.sub("", _PREFIX.sub("", text))
        template = _TEMPLATE.search(body)
        named = _iris(body, prefixes)
        waits.append(frozenset(i for i, iris in enumerate(made) if iris & named))
        made.append(_iris(template.group(1), prefixes) if template else named)
    return tuple(waits)


#: A rule's answer of up to this many bytes of N-Triples (or triples, read as terms) is added
#: in a transaction.
SMALL_WRITE = 1024 * 1024
SMALL_TERMS = 10_000

#: A rule's triples: as N-Triples, or as pyoxigraph terms where they name a blank node.
Derived = bytes | list["ox.Triple"]


def derive(
    store: ox.Store,
    *,
    written: Callable[[Derived], None] | None = None,
    side_by_side: int = SIDE_BY_SIDE,
) -> int:
    """Run every rule on ``store`` (writable), adding its triples to the derived graph; return
    how many triples were derived. ``written`` is given each rule's triples too, one rule at
    a time: N-Triples, or a list of triples where they name a blank node (which keeps its
    identity only as a pyoxigraph term). ``side_by_side``: how many rules are evaluated at
    once (1 while other work keeps the other core busy).

    >>> from kg.io.files import input_files
    >>> from kg.io.parse import load_memory
    >>> derive(load_memory(input_files())) > 100
    True
    """
    import pyoxigraph as ox

    graph = ox.NamedNode(DERIVED_GRAPH)
    total = 0
    with progress.step("Deriving the committee-level view", total=len(rules())) as deriving:
        for rule, triples in _evaluated(store, side_by_side):
            if b"_:" in triples:  # a blank node, or "_:" in a literal: read as terms
                triples = _evaluate(store, *rules()[rule], as_terms=True)
                total += len(triples)
            else:
                total += triples.count(b"\n")
            add_derived(store, triples, graph)
            if written is not None:
                written(triples)
            deriving.advance()
            del triples  # freed before the next rule is evaluated
    return total


def add_derived(store: ox.Store, triples: Derived, graph: ox.NamedNode) -> None:
    """Add a rule's ``triples`` to ``store``'s derived ``graph``. A large answer is written
    in bulk (the store is new and private, a failed build removed; on disk a bulk write is
    about three times as fast as a transaction), a small one in a transaction (each bulk
    write on disk makes files of its own and waits for the disk, about 90 ms)."""
    import pyoxigraph as ox

    if isinstance(triples, bytes):  # parsed natively: no Python object per triple
        load = store.bulk_load if len(triples) > SMALL_WRITE else store.load
        load(triples, format=ox.RdfFormat.N_TRIPLES, to_graph=graph, lenient=True)
        return
    extend = store.extend if len(triples) <= SMALL_TERMS else store.bulk_extend
    extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)


def _evaluated(store: ox.Store, side_by_side: int) -> Iterator[tuple[int, bytes]]:
    """Each rule (its position) and its triples as N-Triples, as it is evaluated: a rule
    starts once every rule it waits for was given and its triples added. One at a time,
    rules run in this thread (a native allocation made in another thread stays in that
    thread's memory arena)."""
    every, waits = rules(), after()
    if side_by_side == 1:
        for rule, (name, text) in enumerate(every):
            yield rule, _evaluate(store, name, text)
        return
    done: set[int] = set()
    running: dict[Future, int] = {}
    with ThreadPoolExecutor(max_workers=side_by_side) as pool:
        while len(done) < len(every):
            started = done | set(running.values())
            for rule in range(len(every)):
                if len(running) < side_by_side and rule not in started and waits[rule] <= done:
                    running[pool.submit(_evaluate, store, *every[rule])] = rule
                    started.add(rule)
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=running.get):
                rule = running.pop(future)
                yield rule, future.result()
                done.add(rule)


def _evaluate(store: ox.Store, name: str, text: str, *, as_terms: bool = False) -> Any:
    """The triples one rule constructs, as N-Triples (``as_terms``: a list of triples)."""
    import pyoxigraph as ox

    try:
        found = store.query(text, **dataset())
        return list(found) if as_terms else found.serialize(format=ox.RdfFormat.N_TRIPLES)
    except (SyntaxError, OSError) as error:
        raise StoreError(
            f"the rule {name} failed: {error}",
            hint="the rules in ontology/rules/ are part of kg: reinstall it, or fix the rule",
        ) from error


def load_vocabulary(database: ox.Store) -> None:
    """The vocabulary the rules read, for a copy of an endpoint: kg's own ontology, beside the
    derived view, not the data."""
    import pyoxigraph as ox

    database.load(
        path=str(ontology_file()), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(DERIVED_GRAPH)
    )
