"""The links of a spreadsheet as triples: parties, further evidence and sheet other."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

import kg.io.spreadsheet.cells as cells
from kg.io.literals import ill_typed_problem, of_its_type
from kg.io.spreadsheet.build import ALL_KINDS, Builder, Thing
from kg.io.spreadsheet.tables import Row
from kg.io.spreadsheet.vocab import ROLES, SECTORS
from kg.model.namespace import KG, ORG


def replaced(b: Builder, row: Row, thing: Thing) -> None:
    """The organisations an actor replaced (renamed, or merged into it): ``dcterms:replaces``
    each actor its column ``replaces`` names; the row itself is a mistake."""
    for text in cells.split(row.get("replaces")):
        old = b.resolve(row, "replaces", text, ("actor",))
        if old is not None and old.iri == thing.iri:
            b.mistakes.add(
                f"'{text}' is this row itself: an organisation does not replace itself",
                "write the organisation it replaced (renamed, or merged into it), "
                "or leave the cell empty",
                **row.where("replaces"),
            )
        elif old is not None:
            b.add(thing.iri, DCTERMS.replaces, old.iri)


def party(b: Builder, row: Row) -> None:
    """A party of a collaboration: a membership node, or an unnamed party's sector."""
    if not b.required(row, "collaboration"):
        return
    collab = b.resolve(row, "collaboration", row.get("collaboration"), ("collaboration",))
    actor_text, sector_text = row.get("actor"), row.get("sector")
    if bool(actor_text) == bool(sector_text):
        b.mistakes.add(
            "write an actor or an unnamed sector" if not actor_text else "write one, not both",
            "the actor that takes part, or (for a party the source does not name) its sector",
            **row.where("actor"),
        )
        return
    if sector_text:
        sector = b.term(row, "sector", SECTORS)
        for key, hint in (
            ("role", "leave this cell empty: a role belongs to a named actor"),
            ("year", "leave this cell empty; the collaboration's own year is in its row"),
            ("id", "leave this cell empty: an unnamed party is no node of its own"),
            ("basis", "leave this cell empty; say it in the collaboration's row"),
            ("note", "leave this cell empty; say it in the collaboration's row"),
            ("note_sv", "leave this cell empty; say it in the collaboration's row"),
        ):
            if row.get(key):
                b.mistakes.add(
                    f"an unnamed party has no {key.removesuffix('_sv')}", hint, **row.where(key)
                )
        if collab is None or sector is None:
            return
        b.add(collab.iri, KG.unnamedPartySector, sector)
        excerpt = b.quotes.excerpt(row, b.local(collab.iri), "names the party", required=False)
        b.add(collab.iri, PROV.wasDerivedFrom, excerpt)
        return
    member = b.resolve(row, "actor", actor_text, ("actor",))
    if collab is None or member is None:
        if member is not None:  # its collaboration is a mistake, told on this row
            b.unjoined.add(member.iri)
        return
    made = f"m-{b.local(collab.iri)}--{b.local(member.iri)}"
    iri = b.iri(row, made)
    if iri is None:
        return
    # A party whose id sheet other names (facts without a column) is still this row's party.
    if iri in b.things and b.things[iri].kind != "other":
        b.mistakes.add(
            f"'{actor_text}' is already a party of '{row.get('collaboration')}' "
            f"(row {b.things[iri].row.number})",
            "keep one row per party; put further quotes in sheet "
            f"{row.table.sheet_name('evidence')}",
            **row.where("actor"),
        )
        return
    b.things[iri] = Thing("party", iri, ORG.Membership, f"{collab.name}|{member.name}", row)
    b.memberships[collab.iri, member.iri] = iri
    b.add(iri, RDF.type, ORG.Membership)
    b.add(iri, ORG.organization, collab.iri)
    b.add(iri, ORG.member, member.iri)
    b.add(iri, ORG.role, b.term(row, "role", ROLES))
    excerpt = b.quotes.excerpt(
        row, f"{b.local(collab.iri)}-{b.local(member.iri)}", "names the actor in it", True
    )
    b.add(iri, PROV.wasDerivedFrom, excerpt)
    b.years(row, iri, excerpt)
    b.basis(row, iri)


def evidence(b: Builder, row: Row) -> None:
    """One more quote for a thing (or a party), or a quote on its own."""
    about, party_text = row.get("about"), row.get("party")
    target = b.resolve(row, "about", about, ALL_KINDS) if about else None
    if about and target is None:
        return
    if party_text:
        if target is None or target.kind != "collaboration":
            b.mistakes.add(
                f"a party's quote needs its collaboration in column {row.table.heading('about')}",
                f"write the collaboration in '{row.table.heading('about')}' and the actor in "
                f"'{row.table.heading('party')}'",
                **row.where("about"),
            )
            return
        member = b.resolve(row, "party", party_text, ("actor",))
        if member is None:
            return
        iri = b.memberships.get((target.iri, member.iri))
        if iri is None and member.iri in b.unjoined:
            return  # its party row names a collaboration that is a mistake, told there
        if iri is None:
            b.mistakes.add(
                f"'{party_text}' is not a party of '{about}' in sheet "
                f"{row.table.sheet_name('parties')}",
                f"add the party to sheet {row.table.sheet_name('parties')} first",
                **row.where("party"),
            )
            return
        target = Thing("party", iri, ORG.Membership, "", row)
    subject = b.local(target.iri) if target else "quote"
    excerpt = b.quotes.excerpt(row, subject, "supports the fact", required=True)
    if target is not None:
        b.add(target.iri, PROV.wasDerivedFrom, excerpt)


def other_subject(b: Builder, row: Row) -> None:
    """Make the subject of a row of sheet other known, so that other sheets can name it."""
    subject = cells.term(row.get("subject"), b.base, b.graph.namespace_manager)
    if isinstance(subject, URIRef) and subject not in b.things:
        b.things[subject] = Thing("other", subject, None, row.get("subject"), row)


def other(b: Builder, row: Row) -> None:
    """One fact in Turtle notation."""
    if not b.required(row, "subject", "property", "value"):
        return
    terms = []
    for key in ("subject", "property", "value"):
        found = cells.term(row.get(key), b.base, b.graph.namespace_manager)
        if found is None or (key != "value" and not isinstance(found, URIRef)):
            b.mistakes.add(
                f"'{row.get(key)}' is not {'a term' if key == 'value' else 'an IRI'}",
                'write an id, prefix:name (kg:year) or <https://…>, or a literal ("text"@sv, '
                '"2016"^^xsd:gYear, 4, true)'
                if key == "value"
                else "write an id, prefix:name (kg:year) or <https://…>",
                **row.where(key),
            )
        elif isinstance(found, Literal) and not _of_its_type(found):  # valid RDF, but a slip
            message, hint = ill_typed_problem(str(found), str(found.datatype))
            b.mistakes.add(message, hint, **row.where(key))
            found = None
        terms.append(found)
    if None not in terms:
        b.graph.add(tuple(terms))  # type: ignore[arg-type]


def _of_its_type(value: Literal) -> bool:
    """Whether ``value`` is of its datatype, by rdflib's checks and by kg validate's."""
    typed = value.datatype is None or of_its_type(str(value), str(value.datatype))
    return typed and not value.ill_typed
