"""What the SHACL shapes find in an imported spreadsheet, told by sheet, row and column.

The shapes are checked by :mod:`kg.validation` (see :mod:`kg.validation.sheets`); each
violation it finds on a node is put back on the row that made the node, its property named
as that sheet's column heading and its terms as the words the sheet takes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.io.spreadsheet.build import Builder
from kg.io.spreadsheet.columns import sheet_named
from kg.io.spreadsheet.tables import Row, Table
from kg.io.spreadsheet.vocab import (
    ACTOR_TYPES,
    AREA_TYPES,
    BASES,
    COLLABORATION_TYPES,
    ROLES,
    SECTORS,
    STATUSES,
)
from kg.model.names import display

#: A violation as kg.validation reports it: the node (as kg prints it), the path, the message
#: and its Swedish ("" where the shape has none).
Found = tuple[str, str, str, str]

#: The column of each property, by the sheet whose rows make the node.
_COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "dcterms:title": "title",
        "dcterms:publisher": "publisher",
        "dcterms:issued": "date",
        "dcterms:language": "language",
        "kg:fileName": "file",
        "kg:paginated": "paginated",
        "kg:reportYear": "reports_on",
        "dcterms:temporal": "reports_on",
    },
    "actors": {
        "kg:sector": "sector",
        "kg:isMunicipal": "municipal",
        "org:unitOf": "parent",
        "org:subOrganizationOf": "parent",
        "org:unitOf+": "parent",
        "dcterms:replaces": "replaces",
    },
    "collaborations": {
        "kg:reportedBy": "reported_by",
        "kg:goalArea": "goal_areas",
        "schema:areaServed": "areas",
        "dcterms:isPartOf": "part_of",
        "kg:startYear": "start",
        "schema:startDate": "start",
        "kg:endYear": "end",
        "schema:endDate": "end",
        "kg:descriptiveName": "descriptive",
    },
    "parties": {"org:member": "actor", "org:organization": "collaboration", "org:role": "role"},
    "counts": {
        "kg:count": "count",
        "kg:countedFor": "counted_for",
        "kg:countedClass": "what",
        "kg:countedSector": "sector",
        "kg:countedStatus": "status",
    },
    "areas": {
        "schema:containedInPlace": "part_of",
        "skos:notation": "code",
        "skos:definition": "definition_sv",
    },
    "other": {},
}
#: Properties every sheet that has the column writes the same way.
_SHARED = {
    "rdf:type": "type",
    "skos:prefLabel": "name_sv",
    "skos:altLabel": "other_sv",
    "dcterms:description": "description",
    "prov:wasDerivedFrom": "quote",
    "kg:year": "year",
    "kg:basis": "basis",
    "skos:editorialNote": "note",
    "kg:page": "page",
    "oa:hasSource": "document",
    "oa:hasSelector/oa:exact": "quote",
}
#: Shapes on a collaboration's parties: the start of the shapes' message, and the sector a
#: party needs (None: any).
_PARTIES = (
    ("A collaboration needs at least one party", None),
    ("An IOP needs at least one public party", "public"),
    ("An IOP needs at least one non-profit party", "civil"),
)
_TERM = re.compile(r"\b(?:kg|org|schema):[A-Za-z]+\b")
_WORDS = (ACTOR_TYPES, AREA_TYPES, BASES, COLLABORATION_TYPES, ROLES, SECTORS, STATUSES)


def shape_mistakes(b: Builder, found: Iterable[Found]) -> None:
    """Add a mistake for each violation the shapes ``found`` in ``b``'s graph."""
    rows = _rows(b)
    lang = b.mistakes.lang or "en"  # the workbook's, as the import found it
    for node, path, message, message_sv in found:
        row = rows.get(node)
        if row is None:  # a node no row makes (a quote's selector): the file says it all
            b.mistakes.add(
                f"{node} {path}: {message}",
                "correct the rows that give it",
                file=next(iter(b.tables.values())).file if b.tables else None,
                message_sv=f"{node} {path}: {message_sv}" if message_sv else "",
            )
            continue
        what, hint = _words(b, row, message, lang, path)
        # the shape's own Swedish, in the sheet's words (a party's rule is worded by kg)
        own = message_sv and not any(message.startswith(start) for start, _ in _PARTIES)
        what_sv = _in_sheet_words(message_sv, row.table, lang) if own else ""
        key = _column(row.table, path)
        b.mistakes.add(what, hint, **row.where(key), message_sv=what_sv)


def _rows(b: Builder) -> dict[str, Row]:
    """Each node the import made, as kg prints it, and the row that made it."""
    rows = {display(str(iri)): row for iri, (_, row) in b.quotes.by_id.items()}
    rows.update({display(str(t.iri)): t.row for t in b.things.values() if t.row is not None})
    return rows


def _column(table: Table, path: str) -> str | None:
    key = _COLUMNS.get(table.sheet.key, {}).get(path) or _SHARED.get(path)
    return key if key and any(c.key == key for c in table.sheet.columns) else None


def _words(b: Builder, row: Row, message: str, lang: str, path: str = "") -> tuple[str, str]:
    """The violation's message and what to do, in the words of the spreadsheet."""
    parties = sheet_named("parties")
    sheet = parties.name(lang) if parties else "parties"
    unnamed = parties.column("sector").header(lang) if parties and parties.column("sector") else ""
    name = row.get("name_sv") or row.get("id")
    for start, sector in _PARTIES:
        if not message.startswith(start):
            continue
        if sector is None:
            return f"'{name}' has no party", (
                f"add a row for it in sheet {sheet}: each party the source names (its lead "
                f"at least), or the sector of parties it leaves unnamed under '{unnamed}'"
            )
        word = SECTORS.find(sector).name(lang)  # type: ignore[union-attr]
        kind = "public" if sector == "public" else "non-profit"
        return f"the IOP '{name}' has no {kind} party", (
            f"add a row for it in sheet {sheet}: an actor whose sector is '{word}', or "
            f"'{word}' under '{unnamed}' where the source does not name the party"
        )
    words = _in_sheet_words(message, row.table, lang)
    if _column(row.table, path) == "parent":
        heading = row.table.heading("parent")
        return words, (
            f"correct '{heading}' (its note says what each type is part of), or the type of "
            "this row or of the row it names"
        )
    return words, (
        "correct the cells of this row (or of the rows that refer to it) so that it keeps "
        "this rule of kg's shapes"
    )


def _in_sheet_words(message: str, table: Table, lang: str) -> str:
    """A shape's message with its terms as the sheet writes them, without the full stop."""
    return _TERM.sub(lambda m: _word(m.group(0), table, lang), message).rstrip(".")


def _word(term: str, table: Table, lang: str) -> str:
    """A term of a message as the sheet writes it: a column heading or a word a cell takes."""
    key = _column(table, term)
    if key is not None:
        return f"'{table.heading(key)}'"
    for vocabulary in _WORDS:
        found = vocabulary.find(term)
        if found is not None and found.iri.endswith(term.split(":", 1)[1]):
            return f"'{found.name(lang)}'"
    return term
