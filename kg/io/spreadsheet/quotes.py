"""The evidence columns: one source excerpt per distinct quote, checked against its text."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

import kg.io.spreadsheet.cells as cells
from kg.io.spreadsheet.mistakes import Mistakes
from kg.io.spreadsheet.tables import Row
from kg.io.spreadsheet.vocab import fold, yes_no
from kg.io.texts import SourceText, clipped, normalise, unpaged_line
from kg.model.namespace import KG, OA


@dataclass
class Document:
    """A row of sheet documents, as the evidence columns need it."""

    iri: URIRef
    id: str
    file: str
    paginated: bool
    issued: int | None
    covers: tuple[int, int] | None
    text: SourceText | None
    row: Row

    def bounds(self) -> tuple[int | None, int | None]:
        """The first and last year a fact of this document may carry (None: no bound).

        The last is the later of the publication year and the last year it reports on; the
        first is the first year of the years it covers (2010-2015). A report year alone (2016)
        sets no first year: a follow-up may state the year before's numbers too.
        """
        last = [y for y in (self.issued, self.covers[1] if self.covers else None) if y]
        ranged = self.covers is not None and self.covers[0] != self.covers[1]
        return (self.covers[0] if ranged else None), (max(last) if last else None)

    def years(self) -> str:
        """The document's range of years, for messages."""
        first, last = self.bounds()
        return f"{first}–{last}" if first else f"up to {last}"


class Quotes:
    """Makes the excerpt nodes of the evidence columns, one per distinct quote, and checks them."""

    def __init__(self, graph: Graph, base: str, mistakes: Mistakes) -> None:
        self.graph = graph
        self.base = base
        self.mistakes = mistakes
        self.documents: dict[str, Document] = {}
        self.by_id: dict[URIRef, tuple[tuple, Row]] = {}
        self.by_content: dict[tuple, URIRef] = {}
        self.document_of: dict[URIRef, Document] = {}

    def add_document(self, document: Document) -> None:
        """Make a document known to the evidence columns, by its id and its file name."""
        self.documents.setdefault(fold(document.id), document)
        self.documents.setdefault(fold(document.file), document)

    def excerpt(self, row: Row, subject: str, what: str, required: bool) -> URIRef | None:
        """The excerpt of ``row``'s evidence columns (made once per quote), or None.

        ``subject`` names the thing it supports (for a new excerpt's name); ``what`` says,
        for a message, what the quote must do ("names the actor").
        """
        quote, given = row.get("quote"), row.get("evidence_id")
        if not quote and given:
            known = cells.iri_of_id(given, self.base)
            if known in self.by_id:
                return known
        if not quote:
            if required or row.get("document") or row.get("page") or given:
                self.mistakes.add(
                    "the quote is missing",
                    f"copy the passage of the document that {what}, word for word",
                    **row.where("quote"),
                )
            return None
        document = self._document(row)
        page = self._page(row, document)
        if document is None or page is False:
            return None
        self._check(row, document, quote, page)
        content = (document.iri, page, normalise(quote))
        iri = self._name(row, given, subject, document, page)
        if iri is None:
            return None
        earlier = self.by_id.get(iri)
        if earlier is not None:
            if earlier[0] != content:
                self.mistakes.add(
                    f"the evidence id '{given}' names another quote (row {earlier[1].number})",
                    "leave the evidence id empty, or give this quote a new one",
                    **row.where("evidence_id"),
                )
            return iri
        if not given and content in self.by_content:
            return self.by_content[content]
        self._add(iri, document, page, quote)
        self.by_id[iri] = (content, row)
        self.by_content.setdefault(content, iri)
        self.document_of[iri] = document
        return iri

    def _add(self, iri: URIRef, document: Document, page: int | None, quote: str) -> None:
        selector = BNode()
        self.graph.add((iri, RDF.type, KG.SourceExcerpt))
        self.graph.add((iri, OA.hasSource, document.iri))
        if page is not None:
            self.graph.add((iri, KG.page, Literal(page)))
        self.graph.add((iri, OA.hasSelector, selector))
        self.graph.add((selector, RDF.type, OA.TextQuoteSelector))
        self.graph.add((selector, OA.exact, Literal(quote)))

    def _name(
        self, row: Row, given: str, subject: str, document: Document, page: int | None
    ) -> URIRef | None:
        if given:
            iri = cells.iri_of_id(given, self.base)
            if iri is None:
                self.mistakes.add(
                    f"'{given}' cannot be an evidence id",
                    "use letters, digits and hyphens (ev-004-p21-otto), or leave it empty",
                    **row.where("evidence_id"),
                )
            return iri
        doc = cells.slug(document.id.removeprefix("doc-").removeprefix("doc"))
        stem = f"ev-{doc}" + (f"-p{page}" if page is not None else "") + f"-{cells.slug(subject)}"
        iri, number = URIRef(self.base + stem), 1
        while iri in self.by_id:
            number += 1
            iri = URIRef(f"{self.base}{stem}-{number}")
        return iri

    def _document(self, row: Row) -> Document | None:
        text = row.get("document")
        document = self.documents.get(fold(text)) if text else None
        if document is None:
            ids = ", ".join(sorted({d.id for d in self.documents.values()})) or "none yet"
            self.mistakes.add(
                f"unknown document '{text}'" if text else "which document is the quote from?",
                f"write the id of a row of sheet documents (dokument): {ids}",
                **row.where("document"),
            )
        return document

    def _page(self, row: Row, document: Document | None) -> int | bool | None:
        """The page number; None when the document has none; False after a mistake."""
        text = row.get("page")
        if document is None:
            return False
        if not document.paginated:
            if text:
                self.mistakes.add(
                    f"document {document.id} has no page numbers, so the quote has no page",
                    "leave the page empty, or write "
                    f"{yes_no(True, row.table.lang)} under "
                    f"'{row.table.column_name('documents', 'paginated')}' in sheet "
                    f"{row.table.sheet_name('documents')}",
                    **row.where("page"),
                )
                return False
            return None
        page = cells.whole_number(text)
        if not page:
            self.mistakes.add(
                f"'{text}' is not a page number" if text else "the page is missing",
                f"document {document.id} is paginated: {_which_page(document, row.get('quote'))}",
                **row.where("page"),
            )
            return False
        return page

    def _check(self, row: Row, document: Document, quote: str, page: int | None) -> None:
        source = document.text
        if source is None:
            return  # the document's row says its text is missing
        wanted = normalise(quote)
        if wanted not in source.whole and ("…" in quote or "..." in quote):
            self.mistakes.add(
                "the quote leaves something out ('…')",
                "quote one continuous passage; put a second passage in sheet "
                f"{row.table.sheet_name('evidence')}",
                **row.where("quote"),
            )
            return
        if wanted not in source.whole:
            if (bare := _unquoted(wanted)) != wanted and bare in source.whole:
                hint = "leave out the quotation marks around it: the cell holds the passage alone"
            elif wanted.casefold() in source.whole.casefold():
                hint = "it differs only in upper and lower case: copy it exactly"
            elif near := source.nearest(quote):  # a word or two off: the passage it came from
                hint = f'the text has "{clipped(near, 240)}": copy that word for word'
            else:
                hint = "copy it from the text word for word (only whitespace may differ)"
            self.mistakes.add(
                f'the quote is not in {document.file}: "{clipped(wanted, 70)}"',
                hint,
                **row.where("quote"),
            )
            return
        if page is None or not source.pages:
            return
        found = source.pages_with(quote)
        running = [] if found else source.pages_running_with(quote)
        if running:
            message, hint = unpaged_line(document.file, " or ".join(str(n) for n in running))
            self.mistakes.add(message, hint, **row.where("quote"))
        elif not found:
            self.mistakes.add(
                f"the quote crosses a page break in {document.file}",
                "quote a passage within one page; put the rest in sheet "
                f"{row.table.sheet_name('evidence')}",
                **row.where("quote"),
            )
        elif page not in found:
            pages = " or ".join(str(n) for n in found)
            self.mistakes.add(
                f"the quote is on page {pages} of {document.file}, not on page {page}",
                f"write {pages} as the page",
                **row.where("page"),
            )

    def check_year(self, row: Row, key: str, value: int, excerpt: URIRef | None) -> bool:
        """False (after a mistake) when ``value`` lies outside the years of the row's document."""
        document = self.document_of.get(excerpt) if excerpt is not None else None
        if document is None:
            return True
        first, last = document.bounds()
        if (last is not None and value > last) or (first is not None and value < first):
            self.mistakes.add(
                f"{value} is outside the years of document {document.id} ({document.years()})",
                "write the year the document gives for it; if the document covers more years, "
                f"widen '{row.table.column_name('documents', 'reports_on')}' in sheet "
                f"{row.table.sheet_name('documents')} (written as, for example, 2015-2016)",
                **row.where(key),
            )
            return False
        return True


def _which_page(document: Document, quote: str) -> str:
    """What to write as a missing page: the page the quote is on, where the text says."""
    found = document.text.pages_with(quote) if document.text is not None and quote else []
    if found:
        pages = " or ".join(str(n) for n in found)
        return f"the quote is on page {pages} of {document.file}; write {pages} as the page"
    return "write the number of the page the quote is on (for example 21)"


def _unquoted(quote: str) -> str:
    """The quote without the quotation marks a person may put around it (”…”, "…", «…»).

    >>> _unquoted("”Nämnden har ett IOP.”"), _unquoted("Nämnden har ett IOP.")
    ('Nämnden har ett IOP.', 'Nämnden har ett IOP.')
    """
    marks = "\"'”“„«»’‘"
    if len(quote) > 2 and quote[0] in marks and quote[-1] in marks:
        return quote[1:-1].strip()
    return quote
