"""What changed between two versions of the data, as plain data (:func:`diff_sources`): the
actors, collaborations, parties, evidence, stated counts and documents added, removed or
changed, each known by its IRI, and what that does to the committees' partners and gaps.

The committee-level effect is read from the same rows ``kg gaps`` gives on each side
(:func:`kg.analysis.gaps.committee_gaps`, from the rules' derived view), so a diff never
words a committee's partners or gaps differently from every other command. Statements the
analyses do not read (a description, an editorial note …) are compared triple by triple
(:mod:`kg.report.diff_statements`), so that no change to the data passes unseen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.model.city import names_in as successor_names
from kg.model.facts import Facts
from kg.model.names import by_name, natural
from kg.model.successors import lineage
from kg.model.vocab import local_name
from kg.report.diff_committees import committee_changes, group_changes, renamed
from kg.report.diff_statements import declared_documents, memberships, other_statements

if TYPE_CHECKING:  # pragma: no cover
    from kg.io.source import Source

#: What is compared of an actor, a collaboration, a stated count and a document (the fields
#: of their records in :mod:`kg.model.records`); evidence is compared apart, by excerpt.
ACTOR_FIELDS = (
    "label",
    "label_en",
    "type",
    "sector",
    "group",
    "organisation",
    "municipal",
    "replaces",
)
#: An actor's fields whose values are other actors: given beside a change by their names
ACTOR_WORDS = {"replaces": "replaces_label"}
COLLABORATION_FIELDS = (
    "label",
    "label_en",
    "type",
    "reported_by",
    "years",
    "start_year",
    "end_year",
    "part_of",
    "areas",
    "goal_areas",
    "unnamed_sectors",
)
COUNT_FIELDS = ("count", "counted_for", "counted_class", "counted_status", "counted_sector")
DOCUMENT_FIELDS = ("title", "report_year", "file", "publisher", "issued")
EXCERPT_FIELDS = ("document", "page", "quote")
#: A count's fields whose values the ontology names: the field of their English label (and
#: ``…_sv`` of their Swedish one), given beside a change as ``worded``.
COUNT_WORDS = {"counted_class": "counted_class_label", "counted_status": "counted_status_label"}
#: The kinds of fact a diff lists, in the order every surface shows them.
KINDS = ("actors", "collaborations", "parties", "evidence", "counts", "documents")


def diff_sources(old: Source, new: Source) -> dict:
    """What changed from ``old`` to ``new`` (each a :class:`~kg.io.source.Source`):
    :func:`diff_facts` of their facts, ``statements`` the analyses do not read, and each
    side's ``provenance`` (kg's version, the data's digest and files) and ``triples``.

    >>> from kg.io.source import Source
    >>> diff_sources(Source(), Source())["changed"]
    False
    """
    from kg.io.provenance import source_provenance

    before, after = old.facts(), new.facts()
    versions = ((old, before), (new, after))
    documents = [{**declared_documents(s.open()), **f.documents} for s, f in versions]
    change = diff_facts(before, after, documents)
    parties = {
        (r["collaboration"], r["member"]) for rows in change["parties"].values() for r in rows
    }
    told = memberships(old.open(), new.open(), parties)
    listed = (change[kind] for kind in KINDS if kind != "parties")
    told.update(row["iri"] for rows in listed for part in rows.values() for row in part)
    change["statements"] = other_statements(old.open(), new.open(), told)
    change["changed"] = change["changed"] or bool(
        change["statements"]["removed"] or change["statements"]["added"]
    )
    sides = {}
    for name, source in (("old", old), ("new", new)):
        about = source_provenance(source)
        sides[name] = {
            "data": [str(p) for p in source.data],
            "bundled": source.bundled,
            "data_sha256": about["data_sha256"],
            "data_files": about["data_files"],
            "triples": source.triples(),
        }
    return {"kg": about["kg"], **sides, **change}


def diff_facts(old: Facts, new: Facts, documents: list[dict] | None = None) -> dict:
    """What changed from the facts ``old`` to ``new``: per kind of fact (:data:`KINDS`) the
    ``added``, ``removed`` and ``changed`` ones, ``committees`` (each committee whose row of
    ``kg gaps`` changed: status, partners gained and lost, partner groups reached, gaps opened
    and closed), ``groups`` (per partner group the committees whose gap in it opened or
    closed), ``summary`` (how many of each) and ``changed``. ``documents`` are each side's
    documents (by IRI), where not only those the facts' excerpts cite.

    >>> from kg.io.source import Source
    >>> facts = Source().facts()
    >>> diff_facts(facts, facts)["summary"]["actors"]
    {'added': 0, 'removed': 0, 'changed': 0}
    """
    counts = [_by_iri(old.counts), _by_iri(new.counts)]
    docs = documents or [old.documents, new.documents]
    citing = {id(old): _citations(old), id(new): _citations(new)}

    def excerpt(facts: Facts, iri: str) -> dict:
        return _excerpt(facts, iri, citing[id(facts)].get(iri, []))

    def count(facts: Facts, iri: str) -> dict:
        return _count(facts, counts[facts is new][iri])

    def document(facts: Facts, iri: str) -> dict:
        info = docs[facts is new][iri]
        return {"iri": iri, "label": info["title"] or local_name(iri), "label_en": ""}

    change: dict[str, Any] = {
        "actors": _things(old, new, _actors(old), _actors(new), ACTOR_FIELDS, _actor, ACTOR_WORDS),
        "collaborations": _things(
            old, new, old.collaborations, new.collaborations, COLLABORATION_FIELDS, Facts.ref
        ),
        "parties": _parties(old, new),
        "evidence": _things(old, new, old.excerpts, new.excerpts, EXCERPT_FIELDS, excerpt),
        "counts": _things(old, new, counts[0], counts[1], COUNT_FIELDS, count, COUNT_WORDS),
        "documents": _things(old, new, docs[0], docs[1], DOCUMENT_FIELDS, document),
    }
    moved = {**renamed(change["actors"]), **renamed(change["collaborations"])}
    change["committees"] = committee_changes(old, new, moved)
    change["groups"] = group_changes(change["committees"])
    change["summary"] = {
        kind: {k: len(change[kind][k]) for k in ("added", "removed", "changed")} for kind in KINDS
    }
    change["changed"] = any(any(s.values()) for s in change["summary"].values()) or bool(
        change["committees"]
    )
    return change


# ---------------------------------------------------------------- facts, by IRI


def _things(
    old: Facts,
    new: Facts,
    before: dict,
    after: dict,
    fields: tuple[str, ...],
    row: Any,
    words: dict[str, str] | None = None,
) -> dict:
    """The things of one kind added, removed and changed; a changed one with ``changes``
    (field → [old, new]), ``worded`` (for a field of ``words``, its values' labels: field →
    {"en": [old, new], "sv": [old, new]}) and, where its evidence changed, the excerpts
    cited (``evidence_added``, ``evidence_removed``)."""
    changed = []
    for iri in sorted(before.keys() & after.keys()):
        was, now = before[iri], after[iri]
        changes = {f: [was.get(f), now.get(f)] for f in fields if was.get(f) != now.get(f)}
        worded = {
            f: {"en": [was.get(k), now.get(k)], "sv": [was.get(k + "_sv"), now.get(k + "_sv")]}
            for f, k in (words or {}).items()
            if f in changes
        }
        cited = _cited(was.get("evidence"), now.get("evidence"))
        if changes or cited:
            found = {**row(new, iri), "changes": changes, **cited}
            changed.append({**found, "worded": worded} if worded else found)
    return {
        "added": by_name([row(new, i) for i in after.keys() - before.keys()]),
        "removed": by_name([row(old, i) for i in before.keys() - after.keys()]),
        "changed": by_name(changed),
    }


def _cited(was: list[str] | None, now: list[str] | None) -> dict:
    """The excerpts a fact cites in one version and not the other (none where unchanged)."""
    if was is None or now is None or set(was) == set(now):
        return {}
    return {
        "evidence_added": sorted(set(now) - set(was)),
        "evidence_removed": sorted(set(was) - set(now)),
    }


def _by_iri(counts: list[dict]) -> dict[str, dict]:
    return {c["iri"]: c for c in counts}


def _actor(facts: Facts, iri: str) -> dict:
    actor = facts.actors[iri]
    replaced = lineage(facts, iri)["replaces"]
    return {
        **facts.ref(iri),
        "group": actor["group"],
        **({"replaces": replaced} if replaced else {}),
    }


def _actors(facts: Facts) -> dict[str, dict]:
    """Each actor's record with the organisations it replaces (``dcterms:replaces``), by
    IRI and by their names in English and Swedish (``replaces_label``, ``…_sv``)."""
    found = {}
    for iri, actor in facts.actors.items():
        olds = lineage(facts, iri)["replaces"]
        found[iri] = {
            **actor,
            "replaces": [o["iri"] for o in olds],
            "replaces_label": successor_names(olds, "en"),
            "replaces_label_sv": successor_names(olds, "sv"),
        }
    return found


def _excerpt(facts: Facts, iri: str, cited_by: list[dict]) -> dict:
    excerpt = facts.excerpts[iri]
    return {
        "iri": iri,
        **facts.named(excerpt["document"]),
        "document": excerpt["document"],
        "page": excerpt["page"],
        "quote": excerpt["quote"],
        "cited_by": by_name(cited_by),
    }


def _count(facts: Facts, count: dict) -> dict:
    return {
        "iri": count["iri"],
        **facts.named(count["counted_for"]),
        "counted_for": count["counted_for"],
        "count": count["count"],
    }


def _citations(facts: Facts) -> dict[str, list[dict]]:
    """Each excerpt → the actors and collaborations that cite it as their evidence, or whose
    parties do (a collaboration once)."""
    found: dict[str, dict[str, dict]] = {}

    def cite(excerpts: list[str], iri: str, label: str, label_en: str) -> None:
        for excerpt in excerpts:
            found.setdefault(excerpt, {})[iri] = {"iri": iri, "label": label, "label_en": label_en}

    for iri, actor in facts.actors.items():
        cite(actor["evidence"], iri, actor["label"], actor["label_en"])
    for iri, info in facts.collaborations.items():
        cited = [*info["evidence"], *(e for m in facts.members.get(iri, {}).values() for e in m)]
        cite(cited, iri, info["label"], info["label_en"])
    return {excerpt: list(rows.values()) for excerpt, rows in found.items()}


# ---------------------------------------------------------------- parties


def _parties(old: Facts, new: Facts) -> dict:
    """The parties (an organisation taking part in a collaboration, ``org:Membership``)
    added, removed and with their evidence changed, each known by the two IRIs."""

    def pairs(facts: Facts) -> dict[tuple[str, str], list[str]]:
        return {(c, m): e for c, members in facts.members.items() for m, e in members.items()}

    def by_names(rows: list[dict]) -> list[dict]:
        return sorted(rows, key=lambda r: (natural(r["label"]), natural(r["member_label"])))

    before, after = pairs(old), pairs(new)
    changed = [
        {**_party(new, pair), **_cited(before[pair], after[pair])}
        for pair in sorted(before.keys() & after.keys())
        if set(before[pair]) != set(after[pair])
    ]
    return {
        "added": by_names([_party(new, pair) for pair in after.keys() - before.keys()]),
        "removed": by_names([_party(old, pair) for pair in before.keys() - after.keys()]),
        "changed": by_names(changed),
    }


def _party(facts: Facts, pair: tuple[str, str]) -> dict:
    collab, member = pair
    info = facts.collaborations[collab]
    actor = facts.actors.get(member)
    return {
        "collaboration": collab,
        "label": info["label"],
        "label_en": info["label_en"],
        "member": member,
        "member_label": actor["label"] if actor else local_name(member),
        "member_label_en": actor["label_en"] if actor else "",
        "group": actor["group"] if actor else None,
        "evidence": sorted(set(facts.members[collab][member])),
    }
