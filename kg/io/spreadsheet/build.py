"""Names and references: what each row of a spreadsheet is called and what its cells point at.

:class:`Builder` holds the graph being built, every named thing (by kind, Swedish name and
IRI) and the mistakes found. The sheets are turned into triples by
:mod:`kg.io.spreadsheet.things` and :mod:`kg.io.spreadsheet.links`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

import kg.io.spreadsheet.cells as cells
from kg.errors import translated, word
from kg.io.spreadsheet.mistakes import Mistakes
from kg.io.spreadsheet.quotes import Quotes
from kg.io.spreadsheet.tables import Row, Table
from kg.io.spreadsheet.vocab import BASES, Vocabulary, closest
from kg.io.texts import normalise
from kg.model.namespace import KG, bind_prefixes

#: Every kind of thing a reference may name.
ALL_KINDS = ("actor", "collaboration", "area", "count", "document", "other")

#: The sheet each kind of thing is written in, for messages.
SHEET_OF = {
    "actor": "actors",
    "collaboration": "collaborations",
    "area": "areas",
    "count": "counts",
    "document": "documents",
    "other": "other",
    "party": "parties",
}


#: How many unknown names of a spreadsheet get a "did you mean" (each costs a pass of difflib
#: over every name of its kind).
SUGGESTED = 200

#: What to do instead of several years in one year cell, by sheet.
_ONE_YEAR = {
    "collaborations": "write the one year the source gives; for a collaboration the source says "
    "runs over several years, write its first year under '{start}' and its last under '{end}' "
    "instead",
    "parties": "write the one year the quote gives; a party's other years follow from its "
    "collaboration's years, or from the documents of further quotes in sheet {evidence}",
    "counts": "write the one year the number is for; the number for another year is a row "
    "of its own",
}


def sheet_title(key: str) -> str:
    """A sheet's name in both languages, for messages: 'actors (aktörer)'."""
    from kg.io.spreadsheet.columns import sheet_named

    sheet = sheet_named(key)
    return f"{sheet.en} ({sheet.sv})" if sheet else key


@dataclass(eq=False)
class Thing:
    """A named row: its kind, IRI, class, Swedish name and the row that declares it."""

    kind: str
    iri: URIRef
    cls: URIRef | None
    name: str
    row: Row | None


def name_key(name: str) -> str:
    """Names are the same when they differ only in case, spacing and invisible characters
    (a soft hyphen or a zero-width space pasted from a PDF)."""
    return normalise(name).casefold()


class Builder:
    """The graph being built from the rows, the named things, and the mistakes."""

    def __init__(
        self, tables: list[Table], base: str, folders: list[Path], mistakes: Mistakes
    ) -> None:
        self.tables = {t.sheet.key: t for t in tables}
        self.base = base
        self.folders = folders
        self.mistakes = mistakes
        self.graph = bind_prefixes(Graph())
        self.graph.bind("", base, override=True, replace=True)
        self.quotes = Quotes(self.graph, base, mistakes)
        self.names: dict[str, dict[str, list[Thing]]] = {}
        self.aliases: dict[str, dict[str, Thing]] = {}
        #: the things of each kind by their other Swedish names (column other names (sv))
        self.others: dict[str, dict[str, list[Thing]]] = {}
        self.things: dict[URIRef, Thing] = {}
        self.of_row: dict[Row, Thing] = {}
        self.memberships: dict[tuple[URIRef, URIRef], URIRef] = {}
        #: actors of party rows whose collaboration is a mistake (told on that row)
        self.unjoined: set[URIRef] = set()
        #: names an unknown reference may be a misspelling of, by kinds, and what each
        #: unknown name is close to: made once, as one renamed sheet makes thousands
        self._known: dict[tuple[str, ...], dict[str, str]] = {}
        self._close: dict[tuple[tuple[str, ...], str], list[str]] = {}

    def rows(self, sheet: str) -> list[Row]:
        """The rows of a sheet ([] when the spreadsheet has no such sheet)."""
        table = self.tables.get(sheet)
        return table.rows if table else []

    def add(
        self, subject: URIRef, predicate: URIRef, value: object, lang: str | None = None
    ) -> None:
        """Add one triple; a Python value becomes a literal (in ``lang`` when given)."""
        if value is None or value == "":
            return
        if not isinstance(value, URIRef | Literal):
            value = Literal(value, lang=lang)
        self.graph.add((subject, predicate, value))

    def descriptions(self, subject: URIRef, row: Row) -> None:
        """The English and Swedish ``dcterms:description`` of a row."""
        self.add(subject, DCTERMS.description, row.get("description"), "en")
        self.add(subject, DCTERMS.description, row.get("description_sv"), "sv")

    def labels(self, subject: URIRef, row: Row) -> None:
        """The Swedish and English names and other names of a row, each on one line: a line
        break typed with Alt+Enter or a non-breaking space one space, without the invisible
        characters a PDF's text layer leaves where a line broke (:func:`normalise`)."""
        self.add(subject, SKOS.prefLabel, normalise(row.get("name_sv")), "sv")
        self.add(subject, SKOS.prefLabel, normalise(row.get("name_en")), "en")
        for lang in ("sv", "en"):
            for name in cells.split(row.get(f"other_{lang}")):
                self.add(subject, SKOS.altLabel, normalise(name), lang)

    # ---- naming

    def iri(self, row: Row, made: str | None) -> URIRef | None:
        """The IRI of a row: its id cell, else ``made`` (from its name) under the base."""
        given = row.get("id")
        if given:
            iri = cells.iri_of_id(given, self.base)
            if iri is None:
                self.mistakes.add(
                    f"'{given}' cannot be an id",
                    "use lower-case letters, digits and hyphens (radda-barnen), or leave it empty",
                    **row.where("id"),
                )
            return iri
        return URIRef(self.base + made) if made else None

    def register(self, kind: str, iri: URIRef | None, cls: URIRef | None, row: Row) -> Thing | None:
        """Record a named row; a second row with its name or IRI is a mistake."""
        if iri is None:
            return None
        name = row.get("name_sv") or row.get("id")
        names = self.names.setdefault(kind, {})
        self._known.clear()
        key = name_key(row.get("name_sv"))
        same = names.get(key, [])
        # Two rows may share a name only when each has its own id (two cities' committees).
        if key and same and not (row.get("id") and all(t.row and t.row.get("id") for t in same)):
            self.mistakes.add(
                f"the name '{row.get('name_sv')}' is already used in row {same[0].row.number}",
                f"each {kind} has one row: merge the two (more quotes go in sheet "
                f"{row.table.sheet_name('evidence')}), or tell them apart by name (or, for two "
                "that share a name, give each an id)",
                **row.where("name_sv"),
            )
            return None
        earlier = self.things.get(iri)
        if earlier is not None:
            same = earlier.row.table.name if earlier.row else "other"
            self.mistakes.add(
                f"'{name}' gives the same id '{cells.ref_text(iri, self.base)}' as row "
                f"{earlier.row.number if earlier.row else '?'} of sheet {same}",
                "names must differ in more than case and punctuation: rename one, or give it "
                "another id",
                **row.where("name_sv" if row.get("name_sv") else "id"),
            )
            return None
        thing = Thing(kind, iri, cls, name, row)
        self.things[iri] = thing
        self.of_row[row] = thing
        if key:
            names.setdefault(key, []).append(thing)
        return thing

    def alias(self, kind: str, name: str, thing: Thing) -> None:
        """Let ``name`` (a goal area's code) refer to ``thing`` too, after every name."""
        self.aliases.setdefault(kind, {}).setdefault(name_key(name), thing)

    def other_names(self, kind: str, thing: Thing) -> None:
        """Let the other Swedish names of ``thing``'s row refer to it too, after every name,
        id and alias; a name two things share refers to neither (a mistake where used)."""
        names = self.others.setdefault(kind, {})
        for name in cells.split(thing.row.get("other_sv") if thing.row else ""):
            same = names.setdefault(name_key(name), [])
            if thing not in same:
                same.append(thing)

    # ---- references

    def resolve(self, row: Row, key: str, text: str, kinds: tuple[str, ...]) -> Thing | None:
        """The thing a reference cell names, or None after a mistake.

        A Swedish name is looked up first, then an id, then a goal area's code.
        """
        wanted = name_key(text)
        found = {t for kind in kinds for t in self.names.get(kind, {}).get(wanted, [])}
        if not found:
            iri = cells.iri_of_id(text, self.base)
            thing = self.things.get(iri) if iri is not None else None
            if thing is not None and thing.kind in kinds:
                return thing
            found = {self.aliases.get(kind, {}).get(wanted) for kind in kinds} - {None}
        if not found:
            found = {t for kind in kinds for t in self.others.get(kind, {}).get(wanted, [])}
        if not found:
            unknown = (
                f"unknown {kinds[0]} '{text}'"
                if len(kinds) == 1
                else f"'{text}' is the name or id of no row"
            )
            sheets = ", ".join(dict.fromkeys(sheet_title(SHEET_OF[k]) for k in kinds))
            close = self._close_names(wanted, kinds)
            several = "sheets" if "," in sheets else "sheet"
            hint = f"write the Swedish name or the id of a row of {several} {sheets}"
            if close:
                names = " or ".join(f"'{n}'" for n in close)
                hint = f"did you mean {names}? Or {hint}"
            self.mistakes.add(unknown, hint, **row.where(key))
            return None
        if len(found) > 1:
            ids = ", ".join(sorted(cells.ref_text(t.iri, self.base) for t in found))
            self.mistakes.add(
                f"'{text}' names more than one thing (ids {ids})",
                "write the id of the one you mean",
                **row.where(key),
            )
            return None
        return found.pop()

    def _close_names(self, wanted: str, kinds: tuple[str, ...]) -> list[str]:
        """Up to three names of ``kinds`` that ``wanted`` (a :func:`name_key`) may be a
        misspelling of. Looked for among the first :data:`SUGGESTED` unknown names only:
        past them the cause is one (a renamed sheet, names changed alike), and difflib over
        thousands of names for each would take most of an hour."""
        if (kinds, wanted) not in self._close:
            if len(self._close) >= SUGGESTED:
                return []
            if kinds not in self._known:
                self._known[kinds] = {
                    k: t[0].name for kind in kinds for k, t in self.names.get(kind, {}).items()
                }
            known = self._known[kinds]
            found = difflib.get_close_matches(wanted, list(known), n=3)
            self._close[kinds, wanted] = [known[c] for c in found]
        return self._close[kinds, wanted]

    def term(self, row: Row, key: str, vocabulary: Vocabulary) -> URIRef | None:
        """The vocabulary term a cell names, or None (after a mistake if the cell is not empty)."""
        text = row.get(key)
        if not text:
            return None
        found = vocabulary.find(text)
        if found is None:
            close = closest(text, [w for t in vocabulary.terms for w in t.words])  # "civl": civil
            said = {lang: f"write one of: {vocabulary.accepted(lang)}" for lang in ("en", "sv")}
            if close:
                said = {lang: f"did you mean '{close}'? Or {hint}" for lang, hint in said.items()}
            self.mistakes.add(
                f"unknown {vocabulary.what} '{text}'",
                said["en"],
                **row.where(key),
                hint_sv=translated(said["sv"], "sv"),
            )
            return None
        return URIRef(found.iri)

    def required(self, row: Row, *keys: str) -> bool:
        """True when every cell named is filled; a mistake for each empty one."""
        missing = [k for k in keys if not row.get(k)]
        for key in missing:
            column = next(c for c in row.table.sheet.columns if c.key == key)
            self.mistakes.add(
                "this cell is empty",
                f"write {column.help[0].lower()}{column.help[1:]}",
                **row.where(key),
                hint_sv=f"{word('write', 'sv')} {column.help_sv[0].lower()}{column.help_sv[1:]}",
            )
        return not missing

    def years(self, row: Row, subject: URIRef, excerpt: URIRef | None, key: str = "year") -> None:
        """The ``kg:year`` of a cell: one year (the shapes allow one), checked against the
        row's document."""
        given = cells.split(row.get(key))
        span = re.fullmatch(r"(\d{4})\s*[-–]\s*(\d{4})", row.get(key))  # "2022-2023": two
        given = list(span.groups()) if span else given
        if len(given) > 1:
            self.mistakes.add(
                f"'{row.get(key)}' is {len(given)} years; a year cell takes one",
                _ONE_YEAR.get(row.table.sheet.key, "write the one year the source gives").format(
                    start=row.table.heading("start"),
                    end=row.table.heading("end"),
                    evidence=row.table.sheet_name("evidence"),
                ),
                **row.where(key),
            )
            return
        for text in given:
            value = cells.year(text)
            if value is None:
                self.mistakes.add(
                    f"'{text}' is not a year", "write four digits (2016)", **row.where(key)
                )
            elif self.quotes.check_year(row, key, value, excerpt):
                self.add(subject, KG.year, cells.year_literal(value))

    def basis(self, row: Row, subject: URIRef) -> None:
        """The ``kg:basis`` and the ``skos:editorialNote`` of a row, in English and Swedish
        (data/README.md, "Bases"); a basis without a note in either language is a mistake, as
        ``kg validate`` would find it."""
        basis = self.term(row, "basis", BASES)
        self.add(subject, KG.basis, basis)
        self.add(subject, SKOS.editorialNote, row.get("note"), "en")
        self.add(subject, SKOS.editorialNote, row.get("note_sv"), "sv")
        if basis is not None and not (row.get("note") or row.get("note_sv")):
            self.mistakes.add(
                "a basis needs a note",
                'write what rests on the basis and why, in English or Swedish ("Named only in '
                "the committee's section; taken as a unit of its administration.\")",
                **row.where("note"),
            )

    def boolean(self, row: Row, key: str) -> bool | None:
        """A yes/no cell: None when empty, or after a mistake."""
        text = row.get(key)
        if not text:
            return None
        value = cells.boolean(text)
        if value is None:
            self.mistakes.add(
                f"'{text}' is neither yes nor no",
                "write yes or no (ja or nej), or leave the cell empty",
                **row.where(key),
            )
        return value

    def local(self, iri: URIRef) -> str:
        """The name of an IRI under the base (else its last segment), for names made from it."""
        text = str(iri)
        return text[len(self.base) :] if text.startswith(self.base) else text.rsplit("/", 1)[-1]
