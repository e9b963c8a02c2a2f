"""Check every evidence quote against its source text and page, reading a pyoxigraph Store.

The excerpts are read in one query (as CSV, which pyoxigraph writes faster than it hands out
terms), and each source text is read and split into pages once (:mod:`kg.io.texts`); a text is
looked up in the source folders in order (``--sources``, a data folder's ``kg.toml``, then the
bundled texts).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.io.datafolder import namespaces_of
from kg.io.texts import (
    SourceText,
    clipped,
    find_source,
    inside,
    normalise,
    read_source,
    source_folders,
    unpaged_line,
)
from kg.model.vocab import OA, ONTOLOGY_IRI

__all__ = ["QuoteProblem", "check_quotes", "excerpt_problem", "normalise", "read_source"]

#: Each excerpt with its document, the document's file name, its page (as written, and as a
#: whole number when it is one) and each quote with its selector. Each part is a sub-select,
#: so that Oxigraph reads each predicate once and hash-joins them (an on-disk store otherwise
#: looks each OPTIONAL up per excerpt: 3 s instead of 1.5 s at 100,000 excerpts).
EXCERPTS = f"""
PREFIX kg: <{ONTOLOGY_IRI}>
PREFIX oa: <{OA}>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT ?excerpt ?document ?file ?page ?number ?selector ?quote WHERE {{
  {{ SELECT ?excerpt ?document WHERE {{ ?excerpt oa:hasSource ?document }} }}
  OPTIONAL {{ SELECT ?excerpt ?selector ?quote WHERE {{
    ?excerpt oa:hasSelector ?selector . ?selector oa:exact ?quote }} }}
  OPTIONAL {{ SELECT ?excerpt ?page ?number WHERE {{
    ?excerpt kg:page ?page FILTER(isLiteral(?page))
    BIND(IF(isNumeric(?page) && ?page = FLOOR(?page), STR(xsd:integer(?page)), "") AS ?number)
  }} }}
  OPTIONAL {{ SELECT ?document ?file WHERE {{ ?document kg:fileName ?file }} }}
}}
"""


def excerpt_problem(
    folders: tuple[Path, ...],
    file_name: str,
    quote: str | None,
    page: tuple[str, Any] | None,
    source: Callable[[Path], SourceText] = read_source,
    located: dict[tuple, tuple[str | None, Path | None, str]] | None = None,
) -> str | None:
    """What is wrong with one quote of the text ``file_name`` (None: nothing), looked up in
    ``folders`` in order.

    ``quote`` is None unless the excerpt has exactly one (SHACL reports a missing or doubled
    quote); ``page`` is its ``kg:page`` as written and as a Python value (None: no page).
    ``located`` keeps where each text was found, for one check of many quotes.
    """
    key = (folders, file_name)
    found = located.get(key) if located is not None else None
    if found is None:
        found = _locate(folders, file_name)
        if located is not None:
            located[key] = found
    problem, path, file_name = found
    if problem is not None or path is None or quote is None:
        return problem
    if page is not None and not isinstance(page[1], int):
        page = None  # not a whole number ("21" as text): the shapes say so; no page to check
    text = source(path)
    wanted = normalise(quote)
    if page is not None and page[1] in text.pages and wanted in text.pages[page[1]]:
        return None  # on its page, so in the text: one page read, not the whole text twice
    if wanted not in text.whole:
        near = text.nearest(quote)  # a word or two off: the passage it came from
        shown = clipped(quote, 80)
        across = text.pages_across(near) if near is not None else []
        if near is not None and len(across) > 1:  # the words of two pages, page line dropped
            pages = f"{across[0]}–{across[-1]}"
            return (
                f'the quote is not in {file_name}: "{shown}"; its nearest passage runs '
                f"across pages {pages}: quote the part on one page and give that page, and make "
                "one more excerpt for the rest"
            )
        if near is not None:
            return (
                f'the quote is not in {file_name}: "{shown}"; the text has '
                f'"{clipped(near, 240)}": copy that verbatim'
            )
        return (
            f'the quote is not in {file_name}: "{shown}"; copy it verbatim '
            "from the text (whitespace may differ, nothing else)"
        )
    if page is not None and not text.pages:
        return (
            f"the quote gives page {page[0]}, but {file_name} has no page lines to check it "
            "against; write the text one line per page, each starting with its page number, "
            "or leave the page out"
        )
    if page is not None:
        found = text.pages_with(quote)
        if found and page[1] not in found:
            pages = " or ".join(str(n) for n in found)  # as kg import says it
            return f"the quote is on page {pages} of {file_name}, not on page {page[0]}"
        running = [] if found else text.pages_running_with(quote)
        if running:
            return "; ".join(unpaged_line(file_name, " or ".join(str(n) for n in running)))
        if not found:
            across = text.pages_across(quote)
            if across:
                pages = f"{across[0]}–{across[-1]}"
                return (
                    f"the quote crosses a page break in {file_name} (pages {pages}); quote a "
                    "passage within one page"
                )
            return f"the quote crosses a page break in {file_name}; quote a passage within one page"
    return None


def _locate(folders: tuple[Path, ...], file_name: str) -> tuple[str | None, Path | None, str]:
    """Where the text ``file_name`` is read from: what is wrong with the name (or None), the
    text's path, and the name to show (with its folder where several folders have one)."""
    if all(inside(f, file_name) is None for f in folders):
        return (
            f"its document's kg:fileName {file_name!r} is not a file name in the sources "
            "folder: give the name of a file there (no folders, no '..')",
            None,
            file_name,
        )
    path = find_source(file_name, folders)
    if path is None:
        where = " or ".join(str(f) for f in folders)
        return (
            f"the source text {file_name} is in none of {where}; copy the document's text "
            "into your sources folder and name it with --sources (or sources in kg.toml)",
            None,
            file_name,
        )
    namesakes = sum(1 for f in folders if (found := inside(f, file_name)) and found.is_file())
    if namesakes > 1:
        return None, path, f"{file_name} (read from {path.parent})"  # which of its namesakes
    return None, path, file_name


@dataclass(frozen=True)
class QuoteProblem:
    """An excerpt (a pyoxigraph term) whose quote is not where it says it is."""

    excerpt: Any
    message: str


def check_quotes(
    store: Any,
    folders: Path | Iterable[Path] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[QuoteProblem]:
    """The excerpts in ``store`` (pyoxigraph, or an rdflib Graph) whose quote is missing from
    their document or page; texts are looked up in ``folders`` then the bundled ones, each read
    once, a city's own folder first for a document in its namespace
    (:func:`~kg.io.datafolder.namespaces_of`); ``progress(done, total, file)`` now and then.
    """
    import pyoxigraph as ox

    from kg.io.parse import from_rdflib

    store = from_rdflib(store)
    searched = source_folders(folders)
    # each folder's namespaces, the longest first: a city's own folder over a wider one
    homes = sorted(((ns, f) for f in searched for ns in namespaces_of(f)), key=lambda h: -len(h[0]))
    orders: dict[str, tuple[Path, ...]] = {}  # a document's folders, its own city's first

    answer = store.query(EXCERPTS).serialize(format=ox.QueryResultsFormat.CSV)
    rows = csv.reader(io.TextIOWrapper(io.BytesIO(answer), encoding="utf-8", newline=""))
    next(rows, None)
    first: dict[str, list[str]] = {}  # an excerpt's row; almost every excerpt has one
    more: dict[str, list[list[str]]] = {}
    for row in rows:
        if row[0] in first:
            more.setdefault(row[0], [first[row[0]]]).append(row)
        else:
            first[row[0]] = row
    checked: dict[tuple, str | None] = {}
    located: dict[tuple, tuple[str | None, Path | None, str]] = {}  # for this check only
    problems = []
    for done, (excerpt, row) in enumerate(first.items()):
        if progress and done % 10_000 == 0:
            progress(done, len(first), row[2])
        document, file, page, quote = _one(more[excerpt]) if excerpt in more else _read(row)
        if not file:  # no text to check the quote against
            document = document.removeprefix("_:")
            message = f"its document {document} has no kg:fileName, so the quote cannot be checked"
            problems.append(QuoteProblem(_term(excerpt), message))
            continue
        if document not in orders:
            own = [f for ns, f in homes if document.startswith(ns)]
            orders[document] = tuple(dict.fromkeys([*own, *searched]))
        key = (orders[document], file, quote, page)
        if key not in checked:
            checked[key] = excerpt_problem(orders[document], file, quote, page, located=located)
        if checked[key]:
            problems.append(QuoteProblem(_term(excerpt), checked[key]))
    return problems


def _read(row: list[str]) -> tuple[str, str, tuple[str, Any] | None, str | None]:
    """(document, file name, page as written and as a number, quote) of an excerpt's one row."""
    _, document, file, page, number, selector, quote = row
    return document, file, _page(page, number), quote if selector else None


def _one(rows: list[list[str]]) -> tuple[str, str, tuple[str, Any] | None, str | None]:
    """The same for an excerpt with several documents, files, pages or quotes: one of each
    (the smallest, where rdflib would take any: SHACL reports them) and the quote only when
    there is exactly one."""
    document = min(row[1] for row in rows)
    files = [row[2] for row in rows if row[1] == document and row[2]]
    pages = [_page(row[3], row[4]) for row in rows if row[3]]
    quotes = {(row[5], row[6]) for row in rows if row[5]}
    quote = next(iter(quotes))[1] if len(quotes) == 1 else None
    return document, min(files, default=""), min(pages, key=_page_order, default=None), quote


def _page_order(page: tuple[str, Any] | None) -> tuple[bool, int, str]:
    """Pages in order: whole numbers first, by number (``21`` before ``"21"`` as text, which
    the shapes report), then text as written."""
    number = page[1] if page is not None else None
    return (not isinstance(number, int), number if isinstance(number, int) else 0, str(page))


def _page(page: str, number: str) -> tuple[str, Any] | None:
    return (page, int(number) if number else page) if page else None


def _term(text: str) -> Any:
    """A CSV cell as the pyoxigraph term it stands for (``_:x`` is a blank node)."""
    import pyoxigraph as ox

    return ox.BlankNode(text[2:]) if text.startswith("_:") else ox.NamedNode(text)
