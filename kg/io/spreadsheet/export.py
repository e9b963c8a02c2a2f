"""Write a graph as the template: every fact in a column, or else in sheet other.

What no column holds is written to sheet ``other`` as subject, property and value in Turtle
notation, so that importing the spreadsheet gives the same graph. Only blank nodes other than
quote selectors cannot be written (:attr:`Exported.lost`); data/README.md's conventions use
none. The ontology's own triples are not data and are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS, XSD

from kg.io.spreadsheet.graphrows import Exporter, detect_base, is_year, term_text, untagged
from kg.io.spreadsheet.surrogates import refuse_in_graph
from kg.io.spreadsheet.things import SUB_ORGANISATIONS
from kg.io.spreadsheet.vocab import (
    ACTOR_TYPES,
    AREA_TYPES,
    BASES,
    COLLABORATION_TYPES,
    COUNTED_CLASSES,
    DOCUMENT_KINDS,
    ROLES,
    SECTORS,
    STATUSES,
)
from kg.io.spreadsheet.writer import check_name, write_spreadsheet
from kg.model.namespace import KG, ORG, SCHEMA, bind_prefixes
from kg.model.spoken import spoken

_ALL = ("actor", "collaboration", "area", "count", "document", "other")


@dataclass
class Exported:
    """The rows of each sheet (column key → cell text), and the triples no sheet can hold."""

    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    lost: list[tuple] = field(default_factory=list)
    base: str = ""

    def counts(self) -> dict[str, int]:
        """Rows per sheet."""
        return {s: len(rows) for s, rows in self.rows.items() if rows and s != "about"}


def data_only(graph: Graph) -> Graph:
    """``graph`` without the ontology's triples (kg.load() puts the ontology in every graph)."""
    from kg.io.parse import parse_file
    from kg.paths import ontology_dir

    ontology = parse_file(ontology_dir() / "kg.ttl")
    # the ontology's blank nodes (its RDF lists) are new ones in every parse: they are left
    # out as the nodes its own terms lead to
    terms = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    inner: set = set()
    stack = [o for s in terms for o in graph.objects(s) if isinstance(o, BNode)]
    while stack:
        node = stack.pop()
        if node not in inner:
            inner.add(node)
            stack.extend(o for o in graph.objects(node) if isinstance(o, BNode))
    # a store without contexts: the export's many look-ups skip their bookkeeping
    data = bind_prefixes(Graph(store="SimpleMemory"))
    for triple in graph:
        if triple not in ontology and triple[0] not in terms and triple[0] not in inner:
            data.add(triple)
    return data


def export_rows(
    graph: Graph, *, city: str | None = None, base: str | None = None, lang: str = "en"
) -> Exported:
    """Every fact of ``graph`` as rows of the template's sheets."""
    data = data_only(graph)
    refuse_in_graph(data)  # a lone surrogate: no format holds it; refused before any work
    base = base or detect_base(data)
    data.bind("", base, override=True, replace=True)
    x = Exporter(data, base, lang)
    for kind, function in (
        ("document", _document),
        ("actor", _actor),
        ("collaboration", _collaboration),
        ("count", _count),
        ("area", _area),
    ):
        for subject in x.of_kind(kind):
            function(x, subject)
    for membership in sorted(data.subjects(RDF.type, ORG.Membership)):
        _party(x, membership)
    for subject in sorted(x.others):
        if any(p != PROV.wasDerivedFrom for p in data.predicates(subject)):
            _other_evidence(x, subject)
    x.out.setdefault("parties", []).sort(
        key=lambda r: (
            r["collaboration"],
            not r.get("actor"),
            r.get("actor", ""),
            r.get("sector", ""),
        )
    )
    for excerpt in sorted(x.excerpts - x.cited):
        x.out.setdefault("evidence", []).append({"about": "", "party": "", **x.cells_of(excerpt)})
    exported = Exported(x.out, base=base)
    _rest(x, exported)
    city = city or _city(data)
    exported.rows["about"] = [
        {"key": "city" if lang == "en" else "stad", "value": city or ""},
        {"key": "base" if lang == "en" else "bas", "value": base},
    ]
    return exported


def _other_evidence(x: Exporter, subject: URIRef) -> None:
    """Evidence of a thing in sheet other goes to sheet evidence, about its id."""
    for excerpt in x.take(subject, PROV.wasDerivedFrom, lambda v: v in x.excerpts):
        x.out.setdefault("evidence", []).append(
            {"about": x.ref(subject, ("other",)), "party": "", **x.cells_of(excerpt)}
        )


def _city(data: Graph) -> str | None:
    municipal = [
        s
        for s in data.subjects(RDF.type, KG.Municipality)
        if (s, KG.isMunicipal, Literal(True)) in data
    ]
    if len(municipal) != 1:
        return None
    names = [
        v
        for v in data.objects(municipal[0], SKOS.prefLabel)
        if isinstance(v, Literal) and v.language == "sv"
    ]
    return str(names[0]) if names else None


def _add(x: Exporter, sheet: str, row: dict) -> None:
    x.out.setdefault(sheet, []).append({k: v for k, v in row.items() if v})


def _document(x: Exporter, s: URIRef) -> None:
    x.used.add((s, RDF.type, KG.SourceDocument))
    language = x.text(s, DCTERMS.language, untagged)
    reported = x.one(s, KG.reportYear, is_year) or x.one(s, DCTERMS.temporal, _period)
    _add(
        x,
        "documents",
        {
            "id": x.id(s),
            "title": x.text_in(s, DCTERMS.title, language or "sv"),
            "kind": x.word(s, RDF.type, DOCUMENT_KINDS),
            "publisher": x.text(s, DCTERMS.publisher, untagged),
            "date": x.date(s, DCTERMS.issued),
            "language": language,
            "file": x.text(s, KG.fileName, untagged),
            "paginated": x.yes_no(s, KG.paginated),
            "reports_on": str(reported).replace("/", "-") if reported is not None else "",
        },
    )


def _period(value: object) -> bool:
    """A range of years (``"2010/2015"``), as column reports on writes it."""
    match = re.fullmatch(r"(\d{4})/(\d{4})", str(value))
    return untagged(value) and bool(match) and match.group(1) < match.group(2)


def _basis(x: Exporter, s: URIRef, row: dict) -> dict:
    """The row with its note in English and Swedish and its basis (data/README.md, "Bases");
    a basis without a note, which kg import would refuse, is left to sheet other."""
    row["note"] = x.text_in(s, SKOS.editorialNote, "en")
    row["note_sv"] = x.text_in(s, SKOS.editorialNote, "sv")
    row["basis"] = x.word(s, KG.basis, BASES) if row["note"] or row["note_sv"] else ""
    return row


def _actor(x: Exporter, s: URIRef) -> None:
    row = x.labels(s)
    row["type"] = x.word(s, RDF.type, ACTOR_TYPES)
    row["sector"] = x.word(s, KG.sector, SECTORS)
    row["municipal"] = x.yes_no(s, KG.isMunicipal)
    # an organisation of its own (a committee, an association …) by org:subOrganizationOf
    sub = any(
        (s, RDF.type, cls) in x.g and row["type"] == ACTOR_TYPES.of(cls).name(x.lang)
        for cls in SUB_ORGANISATIONS
    )
    link = ORG.subOrganizationOf if sub else ORG.unitOf
    parent = x.one(s, link, lambda v: v != s and x._refable(v, ("actor",)))
    row["parent"] = x.ref(parent, ("actor",)) if parent is not None else ""
    row["replaces"] = x.refs(s, DCTERMS.replaces, ("actor",))
    row.update(x.descriptions(s))
    _add(x, "actors", _basis(x, s, x.evidence(row, s, x.ref(s, _ALL))))


def _collaboration(x: Exporter, s: URIRef) -> None:
    row = x.labels(s)
    row["type"] = x.word(s, RDF.type, COLLABORATION_TYPES)
    row["reported_by"] = x.refs(
        s, KG.reportedBy, ("actor",), lambda t: (t, RDF.type, KG.Committee) in x.g
    )
    row["year"] = x.years(s)
    for key, year_link, date_link in (
        ("start", KG.startYear, SCHEMA.startDate),
        ("end", KG.endYear, SCHEMA.endDate),
    ):
        year = x.one(s, year_link, is_year)
        # a bare year in schema:startDate would come back as kg:startYear: sheet other keeps it
        row[key] = str(year) if year is not None else x.date(s, date_link, lambda v: not is_year(v))
    row["goal_areas"] = x.refs(
        s, KG.goalArea, ("area",), lambda t: (t, RDF.type, KG.GoalArea) in x.g
    )
    row["areas"] = x.refs(
        s, SCHEMA.areaServed, ("area",), lambda t: (t, RDF.type, KG.GoalArea) not in x.g
    )
    row["part_of"] = x.refs(s, DCTERMS.isPartOf, ("collaboration",))
    row["descriptive"] = x.yes_no(s, KG.descriptiveName)
    row.update(x.descriptions(s))
    _add(x, "collaborations", _basis(x, s, x.evidence(row, s, x.ref(s, _ALL))))
    for sector in x.take(s, KG.unnamedPartySector, lambda v: SECTORS.of(v) is not None):
        _add(
            x,
            "parties",
            {
                "collaboration": x.ref(s, ("collaboration",)),
                "sector": SECTORS.of(sector).name(x.lang),
            },
        )


def _count(x: Exporter, s: URIRef) -> None:
    x.used.add((s, RDF.type, KG.StatedCount))
    value = x.one(
        s,
        KG.count,
        lambda v: (
            isinstance(v, Literal)
            and v.datatype == XSD.integer
            and str(v).isdigit()
            and str(v) == str(int(str(v)))
        ),
    )
    target = x.one(s, KG.countedFor, lambda v: x._refable(v, _ALL))
    row = {
        "id": x.id(s),
        "count": str(value) if value is not None else "",
        "counted_for": x.ref(target, _ALL) if target is not None else "",
        "what": x.word(s, KG.countedClass, COUNTED_CLASSES),
        "sector": x.word(s, KG.countedSector, SECTORS),
        "status": x.word(s, KG.countedStatus, STATUSES),
        "year": x.years(s),
        **x.descriptions(s),
    }
    _add(x, "counts", _basis(x, s, x.evidence(row, s, x.ref(s, _ALL))))


def _area(x: Exporter, s: URIRef) -> None:
    row = x.labels(s)
    row["type"] = x.word(s, RDF.type, AREA_TYPES)
    if row["type"] == AREA_TYPES.of(KG.GoalArea).name(x.lang):
        for triple in (
            (RDF.type, SKOS.Concept),
            (SKOS.inScheme, KG.GoalAreaScheme),
            (SKOS.topConceptOf, KG.GoalAreaScheme),
        ):
            x.used.add((s, *triple))
    row["part_of"] = x.refs(
        s, SCHEMA.containedInPlace, ("area",), lambda t: (t, RDF.type, KG.GoalArea) not in x.g
    )
    row["code"] = x.text(s, SKOS.notation, untagged)
    row["definition_sv"] = x.text_in(s, SKOS.definition, "sv")
    row["definition_en"] = x.text_in(s, SKOS.definition, "en")
    row.update(x.descriptions(s))
    _add(x, "areas", x.evidence(row, s, x.ref(s, _ALL)))


def _party(x: Exporter, m: URIRef) -> None:
    collab = x.one(m, ORG.organization, lambda v: x.kind.get(v) == "collaboration")
    member = x.one(m, ORG.member, lambda v: x.kind.get(v) == "actor")
    if collab is None or member is None:
        x.used.discard((m, ORG.organization, collab))
        x.used.discard((m, ORG.member, member))
        x.others.add(m)
        return
    x.used.add((m, RDF.type, ORG.Membership))
    made = f"m-{_local(x, collab)}--{_local(x, member)}"
    collab_ref, member_ref = x.ref(collab, ("collaboration",)), x.ref(member, ("actor",))
    row = {
        "collaboration": collab_ref,
        "actor": member_ref,
        "role": x.word(m, ORG.role, ROLES),
        "year": x.years(m),
        "id": "" if x.id(m) == made else x.id(m),
    }
    _add(x, "parties", _basis(x, m, x.evidence(row, m, x.ref(collab, _ALL), member_ref)))


def _local(x: Exporter, iri: URIRef) -> str:
    text = str(iri)
    return text[len(x.base) :] if text.startswith(x.base) else text.rsplit("/", 1)[-1]


def _rest(x: Exporter, exported: Exported) -> None:
    """Sheet other: every triple no column took; blank nodes other than selectors are lost."""
    for triple in sorted(x.g, key=lambda t: tuple(str(p) for p in t)):
        if triple in x.used:
            continue
        subject, predicate, value = triple
        if isinstance(subject, BNode) or isinstance(value, BNode):
            exported.lost.append(triple)
            continue
        exported.rows.setdefault("other", []).append(
            {
                "subject": term_text(subject, x.base, x.g),
                "property": term_text(predicate, x.base, x.g),
                "value": term_text(value, x.base, x.g),
            }
        )


def export_spreadsheet(
    graph: Graph,
    path: Path | str,
    fmt: str = "xlsx",
    *,
    city: str | None = None,
    base: str | None = None,
    lang: str = "en",
) -> Exported:
    """Write ``graph``'s facts as the template (``xlsx``, or ``csv``: a folder or a .zip).

    Importing the file again gives the same graph, except :attr:`Exported.lost`.
    """
    check_name(Path(path), fmt)
    exported = export_rows(graph, city=city, base=base, lang=spoken(lang))
    write_spreadsheet(exported.rows, Path(path), fmt, lang)
    return exported
