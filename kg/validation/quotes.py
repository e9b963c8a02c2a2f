"""Check every evidence quote against the text of its source document and its page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kg.io.texts import find_source, normalise, read_source, source_folders
from kg.model.namespace import KG, OA

__all__ = ["QuoteProblem", "check_quotes", "normalise", "read_source"]


@dataclass(frozen=True)
class QuoteProblem:
    """An excerpt whose quote is not where it says it is."""

    excerpt: URIRef
    message: str


def check_quotes(
    graph: Graph, folders: Path | str | Iterable[Path | str] | None = None
) -> list[QuoteProblem]:
    """Return the excerpts whose quote is missing from their document or from their page.

    A document's text is looked up by its ``kg:fileName`` in each of ``folders`` (one folder
    or several, in order) and then among the bundled texts (:func:`kg.io.texts.source_folders`).
    """
    searched = source_folders(folders)
    problems: list[QuoteProblem] = []
    for excerpt in sorted(set(graph.subjects(OA.hasSource, None))):
        problem = _check_excerpt(graph, excerpt, searched)
        if problem:
            problems.append(QuoteProblem(excerpt, problem))  # type: ignore[arg-type]
    return problems


def _check_excerpt(graph: Graph, excerpt, folders: tuple[Path, ...]) -> str | None:
    document = graph.value(excerpt, OA.hasSource)
    file_name = graph.value(document, KG.fileName)
    if file_name is None:
        return f"its document {document} has no kg:fileName, so the quote cannot be checked"
    path = find_source(str(file_name), folders)
    if path is None:
        where = " or ".join(str(f) for f in folders)
        return (
            f"the source text {file_name} is in none of {where}; copy the document's text "
            "into your sources folder and name it with --sources (or sources in kg.toml)"
        )
    quotes = [q for s in graph.objects(excerpt, OA.hasSelector) for q in graph.objects(s, OA.exact)]
    if len(quotes) != 1:
        return None  # SHACL reports a missing or doubled quote
    quote = str(quotes[0])
    source = read_source(path)
    if normalise(quote) not in source.whole:
        return (
            f'the quote is not in {file_name}: "{_clip(quote)}"; copy it verbatim '
            "from the text (whitespace may differ, nothing else)"
        )
    page = graph.value(excerpt, KG.page)
    if isinstance(page, Literal) and source.pages:
        found = source.pages_with(quote)
        if found and page.toPython() not in found:
            pages = ", ".join(str(n) for n in found)
            return f"the quote is on page {pages} of {file_name}, not on page {page}"
        if not found:
            return f"the quote crosses a page break in {file_name}; quote a passage within one page"
    return None


def _clip(text: str, width: int = 80) -> str:
    text = normalise(text)
    return text if len(text) <= width else text[: width - 1] + "…"
