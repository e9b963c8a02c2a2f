"""The data a map page holds: its nodes and links, the collaborations and quotes its panel
shows, the legend and the filters. Everything comes from the analysis; nothing is worked out
again here."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import networkx as nx

from kg.analysis.gaps import ABSENT, lacking_partners
from kg.analysis.pipeline import Analysis
from kg.model import citation
from kg.model.city import names_in as successor_names
from kg.model.facts import Facts
from kg.model.names import municipality_of, natural
from kg.model.parties import Parties, without_partner
from kg.model.sectors import vocabulary
from kg.model.spoken import in_language
from kg.model.successors import lineage
from kg.web.style import (
    COLLABORATION_COLOUR,
    COLLABORATION_SHAPE,
    FALLBACK_SHAPE,
    GROUP_COLOURS,
    LACKING_BORDER,
    TYPE_SHAPES,
    UNKNOWN_COLOUR,
    outlined,
    ring,
    type_name,
)
from kg.web.wording import wording


def organisation_names(facts: Facts) -> dict[str, list[str]]:
    """Organisation IRI → every name of it and of its own administrations and units (each
    one's labels, in any language): the names ``kg map --focus`` and the map's search know an
    organisation by, so that "Fritidsförvaltningen" finds Fritidsnämnden."""
    names: dict[str, list[str]] = {}
    for actor in facts.actors.values():
        found = names.setdefault(actor["organisation"], [])
        found.extend(n for n in actor["names"] or [actor["label"]] if n not in found)
    return names


def value_of(graph: nx.Graph, node: str, size_by: str) -> float:
    """What sizes a node: its measure, or for a collaboration, how many parties it has."""
    data = graph.nodes[node]
    if data.get("kind") == "collaboration":
        return float(graph.degree(node))
    return float(data.get(size_by, 0) or 0)


def page_data(
    analysis: Analysis, shown: nx.Graph, view: str, size_by: str, focus: str | None, lang: str
) -> dict:
    """Nodes, links and everything the page's panel, legend and filters read."""
    facts = analysis.facts
    words = vocabulary()
    names = facts.labels_en if lang == "en" else facts.labels  # of areas and goal areas
    lacking = lacking_partners(analysis.gaps)
    values = {n: value_of(shown, n, size_by) for n in shown}
    ranges = {}
    for kind in ("actor", "collaboration"):
        found = [x for n, x in values.items() if shown.nodes[n].get("kind", "actor") == kind]
        ranges[kind] = (min(found), max(found)) if found else (0.0, 0.0)
    used: dict[str, set[str]] = {"collaborations": set(), "excerpts": set(), "places": set()}
    parties = Parties(facts)
    # an organisation's years in a collaboration, asked for by its node and by each of its
    # links through it (at 100k triples 32,700 times for 5,000 pairs)
    party_years = cache(parties)
    alone = {row["iri"]: one_collaboration(row, lang) for row in analysis.brokers}
    nodes = [
        {
            **_node(
                analysis,
                shown,
                iri,
                values,
                ranges,
                lacking,
                focus,
                used,
                lang,
                parties,
                party_years,
            ),
            **({"one_collaboration": alone[iri]} if alone.get(iri) else {}),
        }
        for iri in sorted(shown)
    ]
    _found_by(analysis, nodes, lang)
    edges = []
    for i, (a, b) in enumerate(sorted(tuple(sorted(e)) for e in shown.edges)):
        attrs = shown.edges[a, b]
        edge = {"id": f"e{i}", "from": a, "to": b, "weight": attrs.get("weight", 1)}
        if view == "actors":
            edge["collaborations"] = list(attrs.get("collaborations", []))
            used["collaborations"].update(edge["collaborations"])
            # per collaboration (in their order), so that the page's filters keep a link only
            # through a collaboration they keep, reported in the year chosen
            through = [_shared_years(party_years, a, b, c) for c in edge["collaborations"]]
            edge["collaboration_years"] = through
            edge["years"] = sorted({y for years in through for y in years})
        else:
            edge["evidence"] = list(attrs.get("evidence", []))
            used["excerpts"].update(edge["evidence"])
            actor, collab = (a, b) if b in facts.collaborations else (b, a)
            edge["years"] = party_years(actor, collab)
        edges.append(edge)
    collaborations = {}
    for iri in sorted(used["collaborations"]):
        collab = facts.collaborations[iri]
        collaborations[iri] = {
            "label": collab["label"],
            "label_en": collab["label_en"],
            "kind": collab["type"],
            "type": type_name(collab["type"], lang),
            "goal_areas": collab["goal_areas"],
            "areas": collab["areas"],
            "unpartnered": without_partner(collab),
            "evidence": collab["evidence"],
            # a link counts a part, not its whole (kg.model.nesting.counted): the page's
            # filters keep a link through a part whose whole they keep
            "part_of": [w for w in collab["part_of"] if w in facts.collaborations],
        }
        used["excerpts"].update(collab["evidence"])
    documents, excerpts = {}, {}
    said = citation.WORDS[lang]
    keys = citation.keys(citation.listed(facts.documents.values()), said["no_year"])
    for e in sorted(used["excerpts"] & facts.excerpts.keys()):
        excerpt = facts.excerpts[e]
        excerpts[e] = {k: excerpt[k] for k in ("document", "page", "quote")}
        document = facts.documents.get(excerpt["document"])
        if document:
            # cited as the report cites it: issuer, year and page (kg.model.citation)
            key = keys[excerpt["document"]]
            excerpts[e]["cite"] = citation.reference(key, [excerpt["page"]], said["page"])
            documents[excerpt["document"]] = {
                "title": document["title"],
                "key": key,
                "lang": document["language"],  # of its title and its quotes
            }
    offered = [] if facts.year is not None else sorted({y for n in nodes for y in n["years"]})
    if not offered:  # no year filter on the page: a link's collaborations are enough
        for edge in edges:
            edge.pop("collaboration_years", None)
    shown_groups = {n["sector"] for n in nodes if n["kind"] == "actor"}
    outlined_groups = {n["sector"] for n in nodes if n["kind"] == "actor" and n["outlined"]}
    cities = _municipalities(facts, nodes, lang)  # a filter where they are several
    return {
        "municipalities": cities,
        "view": view,
        "size_by": size_by,
        "lang": lang,
        "nodes": nodes,
        "edges": edges,
        "collaborations": collaborations,
        "excerpts": excerpts,
        "documents": documents,
        "places": {p: names.get(p, p.rsplit("/", 1)[-1]) for p in sorted(used["places"])},
        "text": wording(lang)["page"],
        "groups": [
            {
                "name": g.name,
                "label": g.label(lang),
                "colour": GROUP_COLOURS[g.name],
                "ring": ring(GROUP_COLOURS[g.name]) if g.name in outlined_groups else "",
            }
            for g in words.groups
            if g.name in shown_groups
        ],
        "lacking_border": LACKING_BORDER,
        "collaboration_colour": COLLABORATION_COLOUR,
        "lacking": sorted(n["id"] for n in nodes if n.get("lacking")),
        # a year's view shows that year only; else the years the year filter offers
        "year": facts.year,
        "years": offered,
    }


def _municipalities(facts: Facts, nodes: list[dict], lang: str) -> list[list[str]]:
    """Give each node the municipality whose data it is in (a collaboration: its namespace's);
    where they are several, each one's IRI and name in ``lang`` (else none)."""
    home = municipality_of(facts.actors)
    for node in nodes:
        node["municipality"] = home(node["id"])
    cities = {n["municipality"] for n in nodes if n["municipality"] not in (None, n["id"])}
    if len(cities) < 2:
        return []
    actors = facts.actors
    named = [[c, in_language(actors[c]["label"], actors[c]["label_en"], lang)] for c in cities]
    return sorted(named, key=lambda pair: (natural(pair[1]), pair[0]))


def _found_by(analysis: Analysis, nodes: list[dict], lang: str) -> None:
    """Give each organisation node what finds it and what its panel says of its gaps: the
    names of it and its units (``names``: what the search and ``--focus`` match), its units'
    IRIs (``unit_ids``: an address naming a unit opens its organisation) and, for a
    committee, the groups it lacks (``missing_sectors``, as ``kg gaps`` has them, and
    ``lacks``, their names in ``lang``)."""
    facts, words = analysis.facts, vocabulary()
    names = organisation_names(facts)
    units = facts.units_by_organisation()
    missing = {  # of a committee no source (of the year) describes, unknown: no field
        row["committee"]: row["missing_sectors"] for row in analysis.gaps if row["status"] != ABSENT
    }
    unnamed = {row["committee"]: row.get("unnamed") or {} for row in analysis.gaps}
    for node in nodes:
        if node["kind"] != "actor":
            continue
        node["names"] = names.get(node["id"], [])
        node["unit_ids"] = sorted(units.get(node["id"], ()))
        if node["id"] in missing:
            node["missing_sectors"] = missing[node["id"]]
            node["lacks"] = [words.group(g).label(lang) for g in missing[node["id"]]]
        if unnamed.get(node["id"]):
            node["unnamed"] = _unnamed(unnamed[node["id"]], lang)


def _unnamed(by_group: dict[str, list[dict]], lang: str) -> list[str]:
    """A committee's partners the sources place in a group without naming them, as its
    panel says them: per group, the collaborations they are in and the numbers stated
    ("6 IOPs with associations"), as the report's appendix lists them."""
    words, counted = vocabulary(), wording(lang)["counted"]
    said = []
    for group, items in by_group.items():
        told = [
            counted.format(what=type_name(x["counted_class"], lang), n=x["count"])
            if "count" in x
            else in_language(x["label"], x.get("label_en"), lang)
            for x in items
        ]
        named = words.group(group).label(lang)
        if group == words.public.name:  # the broader public sector is no group (the report's)
            under = {g: words.group(g).label(lang) for g in words.covered(group)}
            named += f" ({wording(lang)['public_neither'].format(**under)})"
        said.append(f"{named}: {'; '.join(told)}")
    return said


def _shared_years(
    parties: Callable[[str, str], list[int]], a: str, b: str, collaboration: str
) -> list[int]:
    """The years the sources report two organisations as parties of one collaboration
    (``parties``: :class:`~kg.model.parties.Parties`, or its calls cached)."""
    return sorted(set(parties(a, collaboration)) & set(parties(b, collaboration)))


def one_collaboration(row: dict, lang: str) -> dict | None:
    """What the panel says of an organisation's partners that one collaboration alone gives
    (:func:`kg.analysis.concentration.concentration`): ``n`` of ``total`` and the
    ``collaboration``'s name in ``lang``; None where none does.

    >>> one_collaboration({"partners": 20, "main_collaboration": "x",
    ...     "main_collaboration_label": "Områdesprogram", "main_collaboration_label_en": "Area "
    ...     "programme", "main_collaboration_partners": 12}, "sv")
    {'n': 12, 'total': 20, 'collaboration': 'Områdesprogram'}
    """
    if not row.get("main_collaboration"):
        return None
    label, label_en = row["main_collaboration_label"], row.get("main_collaboration_label_en")
    return {
        "n": row["main_collaboration_partners"],
        "total": row["partners"],
        "collaboration": in_language(label, label_en, lang),
    }


def _node(
    analysis: Analysis,
    shown: nx.Graph,
    iri: str,
    values: dict,
    ranges: dict,
    lacking: set[str],
    focus: str | None,
    used: dict[str, set[str]],
    lang: str,
    parties: Parties,
    years: Callable[[str, str], list[int]],
) -> dict:
    facts = analysis.facts
    attrs = shown.nodes[iri]
    kind = attrs.get("kind", "actor")
    low, high = ranges[kind]
    scale = (values[iri] - low) / (high - low) if high > low else 0.5
    node = {
        "id": iri,
        "label": attrs["label"],
        "label_en": attrs.get("label_en") or "",
        "kind": kind,
        "type": type_name(attrs["type"], lang),
        "value": round(values[iri], 6),
        "size": round((8 if kind == "collaboration" else 10) + 30 * scale, 2),
    }
    if kind == "collaboration":
        collab = facts.collaborations[iri]
        used["collaborations"].add(iri)
        node.update(
            shape=COLLABORATION_SHAPE,
            colour=COLLABORATION_COLOUR,
            sector="",
            unpartnered=without_partner(collab),
            members=sorted(
                ([m, facts.actors[m]["label"]] for m in shown.adj[iri]),
                key=lambda pair: (natural(pair[1]), pair[0]),
            ),
            goal_areas=collab["goal_areas"],
            areas=collab["areas"],
            years=collab["years"],
        )
        used["places"].update(collab["goal_areas"], collab["areas"])
        return node
    actor = facts.actors[iri]
    collabs = facts.takes_part_in.get(iri, [])
    places = {
        "goal_areas": sorted({g for c in collabs for g in facts.collaborations[c]["goal_areas"]}),
        "areas": sorted({a for c in collabs for a in facts.collaborations[c]["areas"]}),
    }
    used["places"].update(places["goal_areas"], places["areas"])
    used["collaborations"].update(collabs)
    used["excerpts"].update(actor["evidence"])
    collaborations = []
    for collab in collabs:
        evidence = parties.evidence(iri, collab)
        used["excerpts"].update(evidence)
        collaborations.append([collab, evidence, years(iri, collab)])
    node.update(
        shape=TYPE_SHAPES.get(actor["type"], FALLBACK_SHAPE),
        outlined=outlined(actor["type"]),
        colour=GROUP_COLOURS.get(actor["group"], UNKNOWN_COLOUR),
        ring=ring(GROUP_COLOURS.get(actor["group"], UNKNOWN_COLOUR)),  # an outlined node's
        sector=actor["group"],
        sector_label=vocabulary().group(actor["group"]).label(lang)
        if actor["group"] in GROUP_COLOURS
        else actor["group"],
        municipal=actor["municipal"],
        community=attrs.get("community"),  # None (null): in no community
        partners=len(facts.partners.get(iri, ())),
        status=vocabulary().status(facts.status[iri]).label(lang) if iri in facts.status else "",
        **{k: successor_names(r, lang) for k, r in lineage(facts, iri).items() if r},
        lacking=iri in lacking,
        focus=iri == focus,
        units=attrs.get("units", []),
        evidence=actor["evidence"],
        basis=[_basis(b, lang) for b in actor["basis"]],
        collaborations=collaborations,
        years=sorted({y for _, _, years in collaborations for y in years}),  # Parties.active
        **places,
    )
    return node


def _basis(basis: dict[str, str], lang: str) -> dict[str, str]:
    """A basis of a node as the panel shows it: its name and the curators' note in the map's
    language, else in the other one (a note may be written in one language only).

    >>> b = {"basis": "ReadFromContext", "label": "read from context", "label_sv": "utläst",
    ...      "note": "Named in its section.", "note_sv": ""}
    >>> _basis(b, "sv")["label"], _basis(b, "sv")["note"], _basis(b, "en")["note"]
    ('utläst', 'Named in its section.', 'Named in its section.')
    >>> fallback = _basis({**b, "note": "", "note_sv": "Nämns i avsnittet."}, "en")
    >>> fallback["note"], fallback["note_lang"]
    ('Nämns i avsnittet.', 'sv')

    """
    sv = lang == "sv"
    own = (basis.get("note_sv") if sv else basis["note"]) or ""
    other = (basis["note"] if sv else basis.get("note_sv")) or ""
    return {
        "basis": basis["basis"],
        "label": basis["label_sv"] if sv else basis["label"],
        "note": own or other,
        "note_lang": lang if own or not other else ("en" if sv else "sv"),
    }
