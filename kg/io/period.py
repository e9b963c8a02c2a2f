"""A year's view of the graph: the curated facts the sources report for one year.

The years of a fact are the rules' (``kg:reportedIn``, derived by
``ontology/rules/00-years.rq``). :func:`year_view` copies the curated facts of a derived store
into a new in-memory store, leaving out every collaboration, party (membership), stated count
and investigation assignment not reported in the year, and the parties of the collaborations
left out. Actors stay; each keeps only the evidence of the documents that report the year, so
a committee no source of the year describes is absent from it. The committee-level view is then
derived again from what is kept, by the same rules.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from kg.errors import KgError
from kg.model import vocab as v
from kg.model.triples import dataset

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

_PREFIXES = f"""PREFIX kg: <{v.ONTOLOGY_IRI}>
PREFIX org: <{v.ORG}>
PREFIX oa: <{v.OA}>
PREFIX prov: <{v.PROV}>
PREFIX rdfs: <{v.RDFS}>
"""
#: The dated facts not reported in ?year (bound by a VALUES block), and the parties of the
#: collaborations among them.
_LEFT_OUT = (
    _PREFIXES
    + """SELECT DISTINCT ?fact WHERE {
  VALUES ?year { YEAR }
  {
    { ?fact a ?class . ?class rdfs:subClassOf* kg:Collaboration . }
    UNION { ?fact org:organization ?collaboration }
    UNION { ?fact a kg:StatedCount }
    UNION { ?fact a kg:InvestigationAssignment }
    BIND(?fact AS ?dated)
  } UNION {
    ?fact org:organization ?dated .
    ?dated a ?kind . ?kind rdfs:subClassOf* kg:Collaboration .
  }
  FILTER NOT EXISTS { ?dated kg:reportedIn ?year }
}"""
)
#: An actor's evidence from documents that do not report ?year.
_OTHER_YEARS_EVIDENCE = (
    _PREFIXES
    + """SELECT DISTINCT ?actor ?excerpt WHERE {
  VALUES ?year { YEAR }
  ?actor a ?class . ?class rdfs:subClassOf* kg:Actor .
  ?actor prov:wasDerivedFrom ?excerpt .
  FILTER NOT EXISTS { ?excerpt oa:hasSource/kg:reportYear ?year }
}"""
)
#: The parties reported in ?year, with the passages that name them as parties.
_AS_PARTIES = (
    _PREFIXES
    + """SELECT DISTINCT ?actor ?excerpt WHERE {
  VALUES ?year { YEAR }
  ?membership kg:reportedIn ?year . ?membership org:member ?actor .
  ?membership prov:wasDerivedFrom ?excerpt .
}"""
)
_YEARS = _PREFIXES + "SELECT DISTINCT ?year WHERE { ?fact kg:reportedIn ?year }"


def years(store: ox.Store) -> list[int]:
    """The years some fact of the (derived) ``store`` is reported in, in order.

    >>> from kg.io.source import Source
    >>> years(Source().open())
    [2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2020]
    """
    found = {_year_number(row[0].value) for row in store.query(_YEARS, **dataset())}
    return sorted(y for y in found if y is not None)


def check_year(store: ox.Store, year: int) -> None:
    """Raise :class:`~kg.errors.KgError` (exit code 2) unless some fact of ``store`` is
    reported in ``year``; the message names the years there are."""
    known = years(store)
    if year in known:
        return
    if not known:
        raise KgError(
            f"no fact has a year, so there is no year {year} to show",
            hint="give each source document its kg:reportYear (the year it reports on), or a "
            "fact its own kg:year or kg:startYear/kg:endYear; see 'Years' in data/README.md",
        )
    raise KgError(
        f"no source reports anything for {year}",
        hint=f"the data's years are {span(known)}; choose one of them",
    )


def check_pair(first: int, second: int) -> None:
    """Raise :class:`~kg.errors.KgError` (exit code 2) for two years that cannot be compared:
    the same year twice (in either order, two years are compared earlier → later)."""
    if first == second:
        raise KgError(
            f"--compare needs two different years, not {first} twice",
            hint="give two years, the earlier first: --compare 2015 2016",
        )


def span(numbers: list[int]) -> str:
    """Years written briefly, runs joined by a dash.

    >>> span([2010, 2011, 2012, 2014, 2016, 2017])
    '2010–2012, 2014, 2016–2017'
    """
    # the years of a run stand as far from their places in the sorted list
    ordered = enumerate(sorted(numbers))
    runs = [[year for _, year in run] for _, run in groupby(ordered, lambda at: at[1] - at[0])]
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def year_view(store: ox.Store, year: int) -> ox.Store:
    """A new in-memory store with the curated facts of ``store`` (whose years are derived)
    that the sources report for ``year`` (see the module's description); nothing derived.

    >>> from kg.io.source import Source
    >>> view = year_view(Source().open(), 2012)
    >>> 0 < len(view) < len(Source().open())
    True
    """
    import pyoxigraph as ox

    check_year(store, year)
    # the year reaches SPARQL as an RDF term in a VALUES block, written by pyoxigraph
    term = str(ox.Literal(str(int(year)), datatype=ox.NamedNode(v.XSD + "gYear")))
    left_out = {row[0] for row in store.query(_LEFT_OUT.replace("YEAR", term), **dataset())}
    evidence = {
        (row[0], row[1])
        for row in store.query(_OTHER_YEARS_EVIDENCE.replace("YEAR", term), **dataset())
    }
    graph = ox.DefaultGraph()
    view = ox.Store()  # a copy of the curated facts (blank nodes keep their identity) …
    view.extend(store.quads_for_pattern(None, None, None, graph))
    # … less what the year leaves out
    for node in left_out:
        for quad in [
            *view.quads_for_pattern(node, None, None, graph),
            *view.quads_for_pattern(None, None, node, graph),
        ]:
            view.remove(quad)
    derived_from = ox.NamedNode(v.DERIVED_FROM)
    for actor, excerpt in evidence:
        view.remove(ox.Quad(actor, derived_from, excerpt, graph))
    # … and a party of the year that no document of the year describes is described by the
    # passages that name it as a party: a source reports it in the year, through them
    # (described: it kept evidence of the year's documents above)
    parties = list(store.query(_AS_PARTIES.replace("YEAR", term), **dataset()))
    undescribed = {
        actor
        for actor in {row[0] for row in parties}
        if next(view.quads_for_pattern(actor, derived_from, None, graph), None) is None
    }
    view.extend(
        [ox.Quad(row[0], derived_from, row[1], graph) for row in parties if row[0] in undescribed]
    )
    return view


def keep_reported(view: ox.Store, year: int) -> None:
    """Leave the derived ``kg:reportedIn`` of a year's view (:func:`year_view`, derived) at
    ``year`` alone: the rules give a fact kept in the view every year its sources report, but
    the view holds only what they report for ``year`` (the other years' parties are left
    out), so a query of the view sees that year only. The years across the data are the
    whole graph's. Every graph is cleared of the others, not only the derived one: a copy of
    an endpoint may hold derived triples among its curated ones."""
    import pyoxigraph as ox

    reported_in = ox.NamedNode(v.REPORTED_IN)
    for quad in list(view.quads_for_pattern(None, reported_in, None, None)):
        if _year_number(quad.object.value) != year:
            view.remove(quad)


def reported_years(store: ox.Store, nodes: set[str]) -> dict[str, list[int]]:
    """The years (derived ``kg:reportedIn``) the sources report each of ``nodes`` in, across
    ``store`` (the whole graph: a year's view knows its own year only)."""
    import pyoxigraph as ox

    reported_in = ox.NamedNode(v.REPORTED_IN)
    years = {
        node: {
            _year_number(quad.object.value)
            for quad in store.quads_for_pattern(ox.NamedNode(node), reported_in, None, None)
        }
        - {None}
        for node in nodes
    }
    return {node: sorted(found) for node, found in years.items() if found}


def _year_number(text: str) -> int | None:
    digits = text.strip()[:4]
    return int(digits) if digits.isdigit() else None
