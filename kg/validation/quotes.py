"""Check every evidence quote against the text of its source document and its page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kg.io.files import sources_dir
from kg.model.namespace import KG, OA

_SPACE = re.compile(r"\s+")
_PAGE_LINE = re.compile(r"^(\d+)(?:\s|$)")


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends.

    >>> normalise("  Rädda\\n Barnen ")
    'Rädda Barnen'
    """
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class SourceText:
    """A source document's text, whole and (where it is paginated) page by page."""

    whole: str
    pages: dict[int, str]

    def pages_with(self, quote: str) -> list[int]:
        """The pages on which ``quote`` occurs, whitespace-normalised."""
        wanted = normalise(quote)
        return [number for number, text in self.pages.items() if wanted in text]


@cache
def read_source(path: Path) -> SourceText:
    """Read a source text and split it into pages where it has them.

    In the PDF text layer of the paginated report every page is one line that begins with its
    page number: page 1 is the first line that starts with "1 ", page 2 the next line that
    starts with "2 ", and so on, so numbers in other lines are never taken for pages.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    pages: dict[int, str] = {}
    for line in lines:
        match = _PAGE_LINE.match(line)
        if match and int(match.group(1)) == len(pages) + 1:
            pages[len(pages) + 1] = normalise(line)
    return SourceText(whole=normalise("\n".join(lines)), pages=pages)


@dataclass(frozen=True)
class QuoteProblem:
    """An excerpt whose quote is not where it says it is."""

    excerpt: URIRef
    message: str


def check_quotes(graph: Graph, folder: Path | None = None) -> list[QuoteProblem]:
    """Return the excerpts whose quote is missing from their document or from their page."""
    folder = folder or sources_dir()
    problems: list[QuoteProblem] = []
    for excerpt in sorted(set(graph.subjects(OA.hasSource, None))):
        problem = _check_excerpt(graph, excerpt, folder)
        if problem:
            problems.append(QuoteProblem(excerpt, problem))  # type: ignore[arg-type]
    return problems


def _check_excerpt(graph: Graph, excerpt, folder: Path) -> str | None:
    document = graph.value(excerpt, OA.hasSource)
    file_name = graph.value(document, KG.fileName)
    if file_name is None:
        return f"its document {document} has no kg:fileName, so the quote cannot be checked"
    path = _inside(folder, str(file_name))
    if path is None:
        return (
            f"its document's kg:fileName {str(file_name)!r} is not a file name in the sources "
            f"folder {folder}: give the name of a file there (no folders, no '..')"
        )
    if not path.is_file():
        return f"the source text {path} is missing; copy the document's text there"
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


def _inside(folder: Path, name: str) -> Path | None:
    """The file ``name`` in ``folder``, or None when the name leads out of it (an absolute
    path, ``..``, a link pointing elsewhere): a quote is checked against the sources only.

    >>> _inside(Path("/srv/sources"), "../../etc/passwd") is None
    True
    """
    if not name or Path(name).is_absolute() or "\\" in name or "\x00" in name:
        return None
    root = folder.resolve()
    path = (root / name).resolve()
    return path if path.is_relative_to(root) and path != root else None


def _clip(text: str, width: int = 80) -> str:
    text = normalise(text)
    return text if len(text) <= width else text[: width - 1] + "…"
