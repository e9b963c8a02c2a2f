"""Draw a seeded sample of source pages, for counting how much of what they name is in the graph.

Run:  python scripts/sample_pages.py --seed 20261206 [--size 30] [--text]

The population is every page of the bundled source texts (``data/sources/``): each line of a
paginated document that starts with its page number (document 004: pages 1-32), and each
unpaginated document as one page (000-003). ``--size`` pages are drawn (every page, where
there are fewer), spread over the documents by their page counts (largest remainder, at
least one page per document where ``--size`` is at least the number of documents), and each
document's pages are drawn with ``random.Random(f"{seed}-{document}")``, so a seed gives the
same pages of the same texts. ``--text`` prints each page's text after its name, to read it.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from kg.io.texts import parse_source
from kg.paths import data_dir


def pages(sources: Path) -> dict[str, dict[int | None, str]]:
    """Each document (``doc-000`` …) with its pages: number to text (``None``: unpaginated)."""
    found: dict[str, dict[int | None, str]] = {}
    for path in sorted(sources.glob("[0-9][0-9][0-9]_*.txt")):
        text = parse_source(path)  # the pages kg validate checks a quote's page against
        numbered: dict[int | None, str] = dict(text.pages)
        found[f"doc-{path.name[:3]}"] = numbered if len(numbered) > 1 else {None: text.whole}
    return found


def allocate(counts: dict[str, int], size: int) -> dict[str, int]:
    """Share ``size`` pages (all of them, where there are fewer) over the documents by page
    count: the shares add up to ``size``; at least one page each where ``size`` is at least
    the number of documents; then the largest remainders.

    >>> allocate({"a": 1, "b": 1, "c": 32}, 10), allocate({"a": 1, "b": 1, "c": 32}, 2)
    ({'a': 1, 'b': 1, 'c': 8}, {'a': 0, 'b': 0, 'c': 2})
    >>> allocate({"a": 1, "b": 1, "c": 32}, 3), allocate({"a": 1, "b": 1, "c": 32}, 40)
    ({'a': 1, 'b': 1, 'c': 1}, {'a': 1, 'b': 1, 'c': 32})
    """
    total = sum(counts.values())
    size = min(size, total)
    least = 1 if size >= len(counts) else 0
    quota = {doc: size * n / total for doc, n in counts.items()}
    share = {doc: min(counts[doc], max(least, int(q))) for doc, q in quota.items()}
    while sum(share.values()) > size:  # the one page each took more than the quotas left
        over = max((doc for doc in share if share[doc] > least), key=lambda d: share[d] - quota[d])
        share[over] -= 1
    by_remainder = sorted(counts, key=lambda doc: (-(quota[doc] - int(quota[doc])), doc))
    while sum(share.values()) < size:
        for doc in by_remainder:
            if share[doc] < counts[doc] and sum(share.values()) < size:
                share[doc] += 1
    return share


def draw(sources: Path, seed: int, size: int) -> list[tuple[str, int | None]]:
    """The sampled pages as (document, page) in document and page order."""
    found = pages(sources)
    share = allocate({doc: len(p) for doc, p in found.items()}, size)
    sample = []
    for doc, numbered in found.items():
        keys = sorted(numbered, key=lambda k: -1 if k is None else k)
        sample += [(doc, k) for k in random.Random(f"{seed}-{doc}").sample(keys, share[doc])]
    return sorted(sample, key=lambda item: (item[0], -1 if item[1] is None else item[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--size", type=int, default=30, help="how many pages to draw")
    parser.add_argument("--text", action="store_true", help="print each page's text")
    args = parser.parse_args()
    if args.size < 0:
        parser.error(f"--size takes how many pages to draw, 0 or more, not {args.size}")
    sources = data_dir() / "sources"
    found = pages(sources)
    for doc, page in draw(sources, args.seed, args.size):
        print(f"{doc} p. {page}" if page is not None else f"{doc} (unpaginated)")
        if args.text:
            print(found[doc][page], end="\n\n")


if __name__ == "__main__":
    main()
