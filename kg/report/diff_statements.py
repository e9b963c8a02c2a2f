"""The statements two versions of the data differ in that the facts kg reads do not cover (a
description, an editorial note, an area's name …), compared triple by triple, so that a diff
never calls two versions the same that are not.

A blank node is written ``[]``: two graphs are compared by what their blank nodes say, not by
the names a parser gave them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kg.model import vocab as v

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from kg.model.records import Document

#: A blank node's label in an N-Triples line: as its subject, or as its object.
_BLANK = re.compile(r"^_:\S+|_:\S+(?= \.$)")


def statements(store: ox.Store) -> Counter[str]:
    """Every statement of ``store``'s curated facts (its default graph; the derived view
    apart) as an N-Triples line, each with how many times it occurs once its blank nodes
    are written ``[]``. The store writes the lines itself (a second for a million).

    >>> from kg.io.parse import load_memory
    >>> from kg.io.files import input_files
    >>> found = statements(load_memory(input_files()))
    >>> civil = f"<{v.ONTOLOGY_IRI}CivilSociety>"
    >>> found[f"<https://w3id.org/kg-malmo/id/umis> <{v.SECTOR}> {civil} ."]
    1
    """
    import pyoxigraph as ox

    text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode()
    lines = filter(None, text.split("\n"))  # a value's U+2028 or U+0085 is written as it is
    return Counter(_BLANK.sub("[]", line) if "_:" in line else line for line in lines)


def other_statements(old: ox.Store, new: ox.Store, known: Iterable[str] = ()) -> dict:
    """The statements only ``old`` holds (``removed``) and only ``new`` holds (``added``),
    leaving out those the facts' diff already tells: a predicate it compares
    (:data:`kg.model.vocab.COMPARED`) on a subject in ``known`` (the IRIs of the actors,
    collaborations, parties' nodes, excerpts, counts and documents it lists as added, removed
    or changed) or on a blank node (a quote's selector). A statement of such a predicate on a
    fact it does not list (a count's year, a document's type) is told here. Each is a dict of
    ``subject``, ``predicate`` and ``object`` in N-Triples' form.

    >>> import pyoxigraph as ox
    >>> a, b = ox.Store(), ox.Store()
    >>> note = ox.NamedNode(v.EDITORIAL_NOTE)
    >>> b.add(ox.Quad(ox.NamedNode("https://example.org/x"), note, ox.Literal("checked")))
    >>> other_statements(a, b)["added"][0]["object"]
    '"checked"'
    """
    read = {f"<{p}>" for p in v.COMPARED}
    told = {f"<{iri}>" for iri in known} | {"[]"}
    before, after = statements(old), statements(new)

    def untold(found: Counter[str]) -> list[dict]:
        rows = []
        for line in sorted(found):
            subject, predicate, rest = line.split(" ", 2)
            if not (predicate in read and subject in told):
                rows.append({"subject": subject, "predicate": predicate, "object": rest[:-2]})
        return rows

    return {"removed": untold(before - after), "added": untold(after - before)}


def memberships(old: ox.Store, new: ox.Store, told: set[tuple[str, str]]) -> set[str]:
    """The IRIs of the membership nodes (``org:Membership``) of the parties ``told`` (a
    collaboration and a member, added, removed or changed), whose change the facts' diff
    tells as the party's: a node in both versions, or in one, of a party in one only. A
    party in both under a node renamed is not among them: its statements are told.

    >>> import pyoxigraph as ox
    >>> a, b = ox.Store(), ox.Store()
    >>> for store, node in ((a, "http://x/m"), (b, "http://x/m2")):
    ...     for p, o in ((v.ORGANIZATION, "http://x/c"), (v.MEMBER, "http://x/x")):
    ...         store.add(ox.Quad(ox.NamedNode(node), ox.NamedNode(p), ox.NamedNode(o)))
    >>> party = {("http://x/c", "http://x/x")}
    >>> sorted(memberships(a, b, party)), sorted(memberships(a, a, party))
    ([], ['http://x/m'])
    """
    held = [_parties(old), _parties(new)]
    both = set(held[0].values()) & set(held[1].values())
    return {
        node
        for side in held
        for node, party in side.items()
        if party in told and ((node in held[0] and node in held[1]) or party not in both)
    }


def _parties(store: ox.Store) -> dict[str, tuple[str, str]]:
    """Each membership node of ``store`` (an IRI with ``org:organization``) → the IRIs of
    its collaboration and member."""
    import pyoxigraph as ox

    def objects(predicate: str) -> dict[str, str]:
        found = store.quads_for_pattern(None, ox.NamedNode(predicate), None, ox.DefaultGraph())
        return {
            q.subject.value: q.object.value for q in found if isinstance(q.subject, ox.NamedNode)
        }

    members = objects(v.MEMBER)
    return {node: (c, members.get(node, "")) for node, c in objects(v.ORGANIZATION).items()}


def declared_documents(store: ox.Store) -> dict[str, Document]:
    """Every source document ``store`` declares (``kg:SourceDocument``), whether an excerpt
    cites it yet or not, as the facts record a cited one.

    >>> from kg.io.parse import load_memory
    >>> from kg.io.files import input_files
    >>> found = declared_documents(load_memory(input_files()))
    >>> found["https://w3id.org/kg-malmo/id/doc-001"]["report_year"]
    2012
    """
    import pyoxigraph as ox

    from kg.model.facts import document_record
    from kg.model.triples import read

    kind = ox.NamedNode(v.SOURCE_DOCUMENT)
    declared = {
        q.subject.value
        for q in store.quads_for_pattern(None, ox.NamedNode(v.TYPE), kind, ox.DefaultGraph())
        if isinstance(q.subject, ox.NamedNode)
    }
    if not declared:
        return {}
    fields = (v.TITLE, v.LANGUAGE, v.PUBLISHER, v.ISSUED, v.REPORT_YEAR, v.FILE_NAME)
    triples = read(store, fields)
    return {iri: document_record(triples, iri) for iri in sorted(declared)}
