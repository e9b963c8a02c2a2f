"""Derive the committee-level view when the graph is loaded: the rules in ``ontology/rules/``.

Each rule is a SPARQL CONSTRUCT query, run in file-name order on what the curated facts and the
earlier rules hold; its triples go into the named graph :data:`~kg.model.vocab.DERIVED_GRAPH`,
apart from the curated facts. The rules are the one definition of a committee's partners and
partner groups: the analyses, the report, the map and the library queries all read their
triples.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

import kg.progress as progress
from kg.errors import StoreError
from kg.model.triples import dataset
from kg.model.vocab import DERIVED_GRAPH
from kg.paths import rules_dir

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
    digest = hashlib.sha256()
    for name, text in rules():
        digest.update(name.encode() + b"\0" + text.encode())
    return digest.hexdigest()


def derive(store: ox.Store, *, written: Callable[[list[ox.Triple]], None] | None = None) -> int:
    """Run every rule on ``store`` (writable), adding its triples to the derived graph; return
    how many triples were derived. ``written`` is given each rule's triples too.

    >>> from kg.io.files import input_files
    >>> from kg.io.parse import load_memory
    >>> derive(load_memory(input_files())) > 100
    True
    """
    import pyoxigraph as ox

    graph = ox.NamedNode(DERIVED_GRAPH)
    total = 0
    with progress.step("Deriving the committee-level view", total=len(rules())) as deriving:
        for name, text in rules():
            try:
                triples = list(store.query(text, **dataset()))
            except (SyntaxError, OSError) as error:
                raise StoreError(
                    f"the rule {name} failed: {error}",
                    hint="the rules in ontology/rules/ are part of kg: reinstall it, or fix "
                    "the rule",
                ) from error
            # bulk: the store is new and private (a failed build is removed), and writing
            # files directly is about 3x faster on disk than a transaction
            store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
            if written is not None:
                written(triples)
            total += len(triples)
            deriving.advance()
    return total
