"""The nodes whose names are closest to a word, among every name of a graph: what
:mod:`kg.sparql.absent` suggests for an id the graph lacks (``id:fritidsnamden``: did you mean
``id:fritidsnamnden``?).

The names are read once, without their nodes (which cost more to read than the names), and
folded in one piece, case and accents ignored as :func:`kg.model.names.fold` folds one name;
the names that cannot come close are dropped before :func:`difflib.get_close_matches` ranks
the rest, and only the closest names' nodes are looked up. At 10M triples, reading the names
with their nodes and folding and ranking them one by one for each id took 23.7 s of CPU for
the two ids of ``actors-linked``; this takes 2.9 s (docs/performance.md, 2026-12-07).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from itertools import chain, compress, groupby
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

#: The names a node is suggested by: a union, which Oxigraph reads faster than the path
#: ``skos:prefLabel|skos:altLabel`` (1.1 s against 1.7 s for 517,000 names at 10M triples)
_NAMES = "{ ?node skos:prefLabel ?name } UNION { ?node skos:altLabel ?name }"


class Names:
    """The names of the graph of ``target`` (a Source, a store or an endpoint, as
    :func:`kg.sparql.engine.run` takes it), read when first asked and kept."""

    def __init__(self, target: object) -> None:
        self.target = target
        self._names: list[ox.Literal] | None = None
        self._folded: list[str] = []
        self._lengths: dict[int, list[str]] = {}

    def closest(self, word: str, n: int, cutoff: float) -> tuple[str, ...]:
        """The nodes named by the ``n`` names closest to ``word`` (folded), as
        :func:`difflib.get_close_matches` finds them among every name folded; each name's
        nodes in order of their IRIs.

        >>> from kg.io.source import Source
        >>> Names(Source()).closest("fritidsnamden", 5, 0.8)[0].rsplit("/", 1)[-1]
        'fritidsnamnden'
        """
        from kg.model.names import fold
        from kg.sparql.engine import prepare_text, run

        if self._names is None:
            rows = run(self.target, prepare_text(f"SELECT ?name WHERE {{ {_NAMES} }}"))
            self._names = [name for (name,) in rows]
            self._folded = fold_all([name.value for name in self._names])
            self._lengths = by_length(set(self._folded))
        keys = within_reach(word, self._lengths, cutoff)
        close = difflib.get_close_matches(word, keys, n=n, cutoff=cutoff)
        if not close:
            return ()
        chosen = set(close)
        named = zip(self._names, self._folded, strict=True)
        terms = " ".join(dict.fromkeys(str(name) for name, key in named if key in chosen))
        rows = run(
            self.target,
            prepare_text(f"SELECT ?node ?name WHERE {{ VALUES ?name {{ {terms} }} {_NAMES} }}"),
        )
        nodes: dict[str, set[str]] = {}
        for row in rows:
            nodes.setdefault(fold(row["name"].value), set()).add(row["node"].value)
        return tuple(dict.fromkeys(node for key in close for node in sorted(nodes.get(key, ()))))


def fold_all(texts: list[str]) -> list[str]:
    """:func:`kg.model.names.fold` of each of ``texts``, folded in one piece: lower case,
    accents and other combining marks dropped, spaces at either end stripped.

    >>> fold_all([" Överförmyndarnämnden ", "IM", "İ"])
    ['overformyndarnamnden', 'im', 'i']
    """
    if not texts:
        return []
    apart = _apart(texts)
    joined = apart.join(text.strip() for text in texts)
    decomposed = unicodedata.normalize("NFKD", joined.casefold())
    marks = sorted(c for c in set(decomposed) if unicodedata.combining(c))
    if marks:
        decomposed = re.sub(f"[{''.join(map(re.escape, marks))}]+", "", decomposed)
    return decomposed.split(apart)


class Keys:
    """Folded names of one length (:func:`by_length`), counted in one piece: joined once as
    UTF-8, where a character of ASCII is the one byte of its value."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self._joined: tuple[bytes, int | None] | None = None

    def sharing(self, chars: str) -> Iterable[int]:
        """How many characters of each key are among ``chars``, in order."""
        if self._joined is None:
            encoded = [key.encode() for key in self.keys]
            whole = b"".join(encoded)
            apart = next((byte for byte in range(32) if byte not in whole), None)
            self._joined = (bytes([apart]).join(encoded) if apart is not None else b"", apart)
        joined, apart = self._joined
        if apart is None or not chars.isascii():
            return (sum(map(key.count, chars)) for key in self.keys)
        kept = {*map(ord, chars), apart}
        dropped = bytes(byte for byte in range(256) if byte not in kept)
        return map(len, joined.translate(None, dropped).split(bytes([apart])))


def by_length(keys: Iterable[str]) -> dict[int, Keys]:
    """``keys`` by their lengths, for :func:`within_reach`."""
    return {size: Keys(list(same)) for size, same in groupby(sorted(keys, key=len), len)}


def within_reach(word: str, lengths: Mapping[int, Keys], cutoff: float) -> list[str]:
    """The keys (:func:`by_length`) that :func:`difflib.get_close_matches` could find close
    to ``word`` at ``cutoff``, sorted. It drops the others by the bounds it tests first (its
    ``real_quick_ratio`` and ``quick_ratio``): the lengths, and how many characters a key can
    share with ``word``, each at least ``cutoff`` × the two lengths / 2. Here the lengths are
    tested once for each length and the characters counted in one piece, not through a
    SequenceMatcher for each key, which cost more than the matching itself at 10M triples.

    >>> within_reach("fritidsnamden", by_length(["fritidsnamnden", "namnd 1", "forening"]), 0.8)
    ['fritidsnamnden']
    """
    size, chars, found = len(word), "".join(set(word)), []
    for length, keys in lengths.items():
        total = size + length
        # the fewest characters in common that reach ``cutoff``, as difflib computes the ratio
        need = next((c for c in range(min(size, length) + 1) if 2.0 * c / total >= cutoff), None)
        if need is not None:
            # each key's characters that ``word`` has: as many as the two can share, or more
            found += compress(keys.keys, map(need.__le__, keys.sharing(chars)))
    return sorted(found)


def _apart(texts: list[str]) -> str:
    """A character none of ``texts`` holds (a private-use one), to join them by; no case
    folding or decomposition makes one."""
    joined = "".join(texts)
    private = map(chr, chain(range(0xE000, 0xF900), range(0xF0000, 0xFFFFE)))
    return next(c for c in private if c not in joined)
