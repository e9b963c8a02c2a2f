"""The named things of a spreadsheet as triples: documents, actors, collaborations, areas and
counts, following data/README.md's conventions."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

import kg.io.spreadsheet.cells as cells
from kg.errors import DataLoadError, translated
from kg.io.spreadsheet.build import ALL_KINDS, Builder, Thing
from kg.io.spreadsheet.links import replaced
from kg.io.spreadsheet.quotes import Document
from kg.io.spreadsheet.tables import Row
from kg.io.spreadsheet.vocab import (
    ACTOR_TYPES,
    AREA_TYPES,
    COLLABORATION_TYPES,
    COUNTED_CLASSES,
    DOCUMENT_KINDS,
    IRI_PREFIX,
    SECTORS,
    STATUSES,
)
from kg.io.texts import SourceText, find_source, normalise, parse_source
from kg.model.namespace import KG, ORG, SCHEMA
from kg.model.vocab import LANGUAGE_TAG

_LANGUAGE = re.compile(LANGUAGE_TAG)


def document(b: Builder, row: Row) -> None:
    """A source document and its text, which the evidence columns check quotes against."""
    if not b.required(row, "id", "title", "file"):
        return
    given = row.get("id")
    iri = cells.iri_of_id(given, b.base) or URIRef(b.base + cells.slug(given))
    if b.register("document", iri, KG.SourceDocument, row) is None:
        return
    b.add(iri, RDF.type, KG.SourceDocument)
    b.add(iri, RDF.type, b.term(row, "kind", DOCUMENT_KINDS))
    language = _language(b, row)
    b.add(iri, DCTERMS.title, normalise(row.get("title")), language or "sv")
    b.add(iri, DCTERMS.publisher, row.get("publisher"))
    b.add(iri, DCTERMS.language, language)
    issued = None
    if row.get("date"):
        literal = _date(
            b, row, "date", "write a year (2017), a month (2017-03) or a date (2017-03-05)"
        )
        if literal is not None:
            b.add(iri, DCTERMS.issued, literal)
            issued = int(str(literal)[:4])
    covers = None
    if row.get("reports_on"):
        covers = cells.year_range(row.get("reports_on"))
        if covers is None:
            b.mistakes.add(
                f"'{row.get('reports_on')}' is not a year or a range of years",
                "write a year (2016) or two (2010-2015)",
                **row.where("reports_on"),
            )
        elif covers[0] == covers[1]:
            b.add(iri, KG.reportYear, cells.year_literal(covers[0]))
        else:
            b.add(iri, DCTERMS.temporal, Literal(f"{covers[0]}/{covers[1]}"))
    paginated = bool(b.boolean(row, "paginated"))
    b.add(iri, KG.fileName, row.get("file"))
    b.add(iri, KG.paginated, Literal(paginated))
    text = _text(b, row, paginated)
    b.quotes.add_document(
        Document(iri, given, row.get("file"), paginated, issued, covers, text, row)
    )


def _language(b: Builder, row: Row) -> str | None:
    """The document's language code (sv, en, sv-SE), or None when not given or a mistake."""
    given = row.get("language")
    if not given:
        return None
    if _LANGUAGE.fullmatch(given) is None:
        b.mistakes.add(
            f"'{given}' is not a language code",
            "write the document's language as a code: sv, en or sv-SE",
            **row.where("language"),
        )
        return None
    return given


def _text(b: Builder, row: Row, paginated: bool) -> SourceText | None:
    path = find_source(row.get("file"), b.folders)
    if path is None:
        _no_text(b, row)
        return None
    try:
        text = parse_source(path)
    except DataLoadError as error:  # a mistake among the others
        if isinstance(error.__cause__, PermissionError):  # another user's text
            why = error.__cause__.strerror
            b.mistakes.add(f"{path}: not readable: {why}", error.hint, **row.where("file"))
        else:  # not UTF-8, with its line
            said = f"{path}:{error.line}: {error.message}"
            said_sv = f"{path}:{error.line}: {translated(error.message, 'sv')}"
            b.mistakes.add(said, error.hint, **row.where("file"), message_sv=said_sv)
        return None
    except OSError as error:
        b.mistakes.add(
            f"cannot read {path}: {error}", "save the text as UTF-8", **row.where("file")
        )
        return None
    if paginated and not text.pages:
        b.mistakes.add(
            f"{path.name} has no page lines, but the document is paginated",
            "write one line per page starting with its number (page 1 '1 …'), or write no "
            "under paginated",
            **row.where("paginated"),
        )
    return text


def _no_text(b: Builder, row: Row) -> None:
    """A document's text is in none of the folders: say where to put it, never into kg's
    own bundled texts (which are searched last)."""
    from kg.paths import sources_dir

    bundled = sources_dir().resolve()
    own = [f for f in b.folders if f.resolve() != bundled]
    if own:
        where = " or ".join(str(f) for f in own)
        b.mistakes.add(
            f"the source text '{row.get('file')}' is not in {where}",
            f"put the document's text in {own[0]} as a UTF-8 .txt file, or correct the file name",
            **row.where("file"),
        )
        return
    b.mistakes.add(
        f"the source text '{row.get('file')}' is in no sources folder: none is given, and the "
        "spreadsheet is in no data folder with a kg.toml",
        "say where the texts are: kg import … --sources DIR, or a kg.toml beside the "
        'spreadsheet (or a folder above it) with sources = "DIR" (kg init makes one); or '
        "correct the file name",
        **row.where("file"),
    )


def actor_name(b: Builder, row: Row) -> tuple[URIRef | None, str]:
    return b.term(row, "type", ACTOR_TYPES), cells.slug(row.get("name_sv"))


def collaboration_name(b: Builder, row: Row) -> tuple[URIRef | None, str]:
    """The class and IRI name of a collaboration: its kind's prefix and its Swedish name, the
    prefix once (``IOP Läxhjälp`` is ``iop-laxhjalp``, not ``iop-iop-laxhjalp``)."""
    cls = b.term(row, "type", COLLABORATION_TYPES)
    made = cells.slug(row.get("name_sv"))
    if cls is None or not made:
        return cls, made
    prefix = IRI_PREFIX[str(cls)]
    return cls, (made if made.startswith(f"{prefix}-") else f"{prefix}-{made}")


def area_name(b: Builder, row: Row) -> tuple[URIRef | None, str]:
    cls = b.term(row, "type", AREA_TYPES)
    if cls == KG.GoalArea:
        return cls, "goal-area-" + cells.slug(row.get("code") or row.get("name_sv"))
    return cls, "area-" + cells.slug(row.get("name_sv"))


def _named(b: Builder, row: Row) -> Thing | None:
    """The thing a row registered (its class None after a mistake), after the common checks,
    with its type and its names."""
    b.required(row, "name_sv", "type")
    thing = b.of_row.get(row)
    if thing is not None:
        b.add(thing.iri, RDF.type, thing.cls)
        b.labels(thing.iri, row)
    return thing


def _evidence(b: Builder, row: Row, thing: Thing, what: str) -> URIRef | None:
    excerpt = b.quotes.excerpt(row, b.local(thing.iri), what, required=True)
    b.add(thing.iri, PROV.wasDerivedFrom, excerpt)
    return excerpt


def actor(b: Builder, row: Row) -> None:
    """An organisation: type, sector, names, municipal or not, its parent, evidence."""
    b.required(row, "sector")
    thing = _named(b, row)
    if thing is None:
        return
    iri = thing.iri
    b.add(iri, KG.sector, b.term(row, "sector", SECTORS))
    b.add(iri, KG.isMunicipal, b.boolean(row, "municipal"))
    _parent(b, row, thing)
    replaced(b, row, thing)
    b.descriptions(iri, row)
    _evidence(b, row, thing, "names the actor")
    b.basis(row, iri)


#: What to write under "part of" for an actor of each class (the shapes hold the rule).
_PARENT_HINTS = {
    KG.Committee: "write the municipality",
    KG.Council: "write the municipality",
    KG.Administration: "write its committee (or the municipality, for a city office)",
    KG.OperationalUnit: "write the administration (or other organisation) that runs it",
    KG.ResearchUnit: "write its university (or the research unit it belongs to)",
    KG.Association: "leave it empty, or write the larger association it is a branch of",
    KG.Company: "leave it empty, or write the company or municipality that owns it",
    KG.PublicAgency: "leave it empty, or write the larger agency it is an office of",
    KG.University: "leave it empty",
    KG.Municipality: "leave it empty",
}


#: The classes that are organisations of their own: their parent is ``org:subOrganizationOf``
#: (a committee's municipality, an association's national one), not ``org:unitOf`` (a unit,
#: which the rules fold into its parent's organisation).
SUB_ORGANISATIONS = (
    KG.Committee, KG.Council, KG.Association, KG.Company, KG.University, KG.PublicAgency,
    KG.Municipality,
)  # fmt: skip


def _parent(b: Builder, row: Row, thing: Thing) -> None:
    """The organisation an actor is part of: ``org:subOrganizationOf`` for an organisation of
    its own, ``org:unitOf`` for a unit (the shapes say which kinds may be part of which); a row
    that names itself, or an administration without one, is a mistake."""
    hint = _PARENT_HINTS.get(thing.cls, "leave the cell empty: it is part of no other")
    if not row.get("parent"):
        if thing.cls == KG.Administration:
            b.mistakes.add("an administration needs its committee", hint, **row.where("parent"))
        return
    parent = b.resolve(row, "parent", row.get("parent"), ("actor",))
    if parent is not None and parent.iri == thing.iri:
        b.mistakes.add(
            f"'{row.get('parent')}' is this row itself: nothing is part of itself",
            hint,
            **row.where("parent"),
        )
    elif parent is not None:
        link = ORG.subOrganizationOf if thing.cls in SUB_ORGANISATIONS else ORG.unitOf
        b.add(thing.iri, link, parent.iri)


def collaboration(b: Builder, row: Row) -> None:
    """A collaboration: type, names, reporting committee, years, areas, evidence."""
    thing = _named(b, row)
    if thing is None:
        return
    iri = thing.iri
    excerpt = _evidence(b, row, thing, "describes the collaboration")
    for text in cells.split(row.get("reported_by")):
        committee = b.resolve(row, "reported_by", text, ("actor",))
        if committee is None or committee.cls is None:
            continue  # unknown, or its type is a mistake already told on its own row
        if committee.cls != KG.Committee:
            b.mistakes.add(
                f"'{text}' is not a committee",
                "write the committee (nämnd) whose report describes the collaboration",
                **row.where("reported_by"),
            )
        else:
            b.add(iri, KG.reportedBy, committee.iri)
    b.years(row, iri, excerpt)
    _period(b, row, iri)
    for key, link, wanted in (
        ("goal_areas", KG.goalArea, True),
        ("areas", SCHEMA.areaServed, False),
    ):
        for text in cells.split(row.get(key)):
            found = b.resolve(row, key, text, ("area",))
            if found is not None and (found.cls == KG.GoalArea) != wanted:
                b.mistakes.add(
                    f"'{text}' is not a goal area" if wanted else f"'{text}' is a goal area",
                    "goal areas go in column goal areas, places in column areas",
                    **row.where(key),
                )
            elif found is not None:
                b.add(iri, link, found.iri)
    for text in cells.split(row.get("part_of")):
        whole = b.resolve(row, "part_of", text, ("collaboration",))
        if whole is not None:
            b.add(iri, DCTERMS.isPartOf, whole.iri)
    b.add(iri, KG.descriptiveName, b.boolean(row, "descriptive"))
    b.descriptions(iri, row)
    b.basis(row, iri)


def _period(b: Builder, row: Row, iri: URIRef) -> None:
    """Start and end: a year is ``kg:startYear`` / ``kg:endYear`` (data/README.md, "Years"),
    a month or a date ``schema:startDate`` / ``schema:endDate``; the start not after the end."""
    years = {}
    for key, year_link, date_link in (
        ("start", KG.startYear, SCHEMA.startDate),
        ("end", KG.endYear, SCHEMA.endDate),
    ):
        if not row.get(key):
            continue
        literal = _date(b, row, key)
        if literal is not None and literal.datatype == XSD.gYear:
            b.add(iri, year_link, literal)
        else:
            b.add(iri, date_link, literal)
        if literal is not None:
            years[key] = int(str(literal)[:4])
    if years.get("start", 0) > years.get("end", 9999):
        b.mistakes.add(
            f"it ends ({years['end']}) before it starts ({years['start']})",
            "write the years the source gives for its start and its end",
            **row.where("end"),
        )


def _date(
    b: Builder,
    row: Row,
    key: str,
    hint: str = "write a year (2016), a month (2016-03) or a date (2016-03-01)",
) -> Literal | None:
    """The year, month or date in the row's ``key`` cell, or None and a mistake whose hint is
    the date to write where only leading zeros are missing, else ``hint``."""
    literal = cells.date_literal(row.get(key))
    if literal is None:
        padded = cells.padded_date(row.get(key))
        b.mistakes.add(
            f"'{row.get(key)}' is not a year, a month or a date",
            f"write {padded} (two digits for the month and the day)" if padded else hint,
            **row.where(key),
        )
    return literal


def area(b: Builder, row: Row) -> None:
    """An area or a goal area: names, the area it lies in, code, definitions, evidence."""
    thing = _named(b, row)
    if thing is None:
        return
    iri = thing.iri
    if thing.cls == KG.GoalArea:
        b.add(iri, RDF.type, SKOS.Concept)
        b.add(iri, SKOS.inScheme, KG.GoalAreaScheme)
        b.add(iri, SKOS.topConceptOf, KG.GoalAreaScheme)
    for text in cells.split(row.get("part_of")):
        whole = b.resolve(row, "part_of", text, ("area",))
        if whole is not None:
            b.add(iri, SCHEMA.containedInPlace, whole.iri)
    b.add(iri, SKOS.notation, row.get("code"))
    b.add(iri, SKOS.definition, row.get("definition_sv"), "sv")
    b.add(iri, SKOS.definition, row.get("definition_en"), "en")
    b.descriptions(iri, row)
    _evidence(b, row, thing, "names it")


def count_name(b: Builder, row: Row) -> Thing | None:
    """Register a stated count under its id, or one made from what it counts."""
    if not b.required(row, "count", "counted_for", "what"):
        return None
    made = ""
    if not row.get("id"):
        made = "count-" + cells.slug(f"{row.get('counted_for')} {row.get('what')}")
        number = 1
        while URIRef(b.base + made + (f"-{number}" if number > 1 else "")) in b.things:
            number += 1
        made += f"-{number}" if number > 1 else ""
    return b.register("count", b.iri(row, made), KG.StatedCount, row)


def count(b: Builder, row: Row, thing: Thing) -> None:
    """A number the source states: what it counts, for whom, sector, status, year, evidence."""
    iri = thing.iri
    b.add(iri, RDF.type, KG.StatedCount)
    value = cells.whole_number(row.get("count"))
    if value is None:
        b.mistakes.add(
            f"'{row.get('count')}' is not a whole number",
            "write the number the source states (6)",
            **row.where("count"),
        )
    b.add(iri, KG.count, Literal(value) if value is not None else None)
    target = b.resolve(row, "counted_for", row.get("counted_for"), ALL_KINDS)
    b.add(iri, KG.countedFor, target.iri if target else None)
    b.add(iri, KG.countedClass, b.term(row, "what", COUNTED_CLASSES))
    b.add(iri, KG.countedSector, b.term(row, "sector", SECTORS))
    b.add(iri, KG.countedStatus, b.term(row, "status", STATUSES))
    excerpt = _evidence(b, row, thing, "states the number")
    b.years(row, iri, excerpt)
    b.descriptions(iri, row)
    b.basis(row, iri)
