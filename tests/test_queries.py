"""The query library: every header is complete, every query parses, runs, and gives known rows."""

# ruff: noqa: E501 (the expected rows read best one per line)

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers.graphs import canonical
from rdflib import Graph, Literal, URIRef

from kg.errors import KgError, ParameterError, QuerySyntaxError, RefusedQueryError
from kg.io.parse import to_rdflib
from kg.io.source import Source
from kg.model.triples import Lit, term
from kg.model.vocab import XSD, short_iri
from kg.sparql.check import check
from kg.sparql.engine import prepare, run
from kg.sparql.library import HEADER_KEYS, LibraryQuery, bind, find, from_text, library, read_query
from kg.sparql.params import parse_assignments, to_term
from kg.sparql.results import kind_of
from kg.sparql.values import with_values

FIXTURES = Path(__file__).parent / "fixtures"
LIBRARY = {q.name: q for q in library()}
NAMES = sorted(LIBRARY)

OTTO = "bildat en kunskapsallians som resulterat i Mötesplats Otto"
BANK = "Under 2016 har nämnden beviljat utrustningsbidrag i detta syfte till fyra föreningar"
INTRO = "Nyanländas introduktion till föreningslivet har varit en viktig fråga"
REGION = "En organisation med stadsområdesförvaltningarna och Region Skåne har utarbetats"
PRESS = "Herrgården, Holma-Kroksbäck, Lindängen, Segevång och Seved"
DOC, PRESS_DOC = "Uppföljning 2016", "Pressmeddelande"
IOP = "civic–public partnership (IOP)"

FX = "https://w3id.org/kg-malmo/id/fx/"


def _list(*parts: str) -> str:
    """A GROUP_CONCAT cell of the passages query, its parts sorted as ``rows_of`` sorts them."""
    return "; ".join(sorted(parts))


def _iris(*names: str) -> str:
    """The cell listing these fixture nodes' full IRIs."""
    return _list(*(FX + name for name in names))


#: query name → (parameters, exact rows on tests/fixtures/sparql_fixture.ttl). IRIs are short
#: (``id:fx/…``), literals their Python values, unbound cells None. Worked out by hand from the
#: fixture's comments, not by running the queries.
EXPECTED: dict[str, tuple[dict[str, str], list[tuple] | bool | int]] = {
    "actors-by-sector": (
        {},
        [
            ("academia", "research unit", 1),
            ("academia", "university", 1),
            ("business", "company", 1),
            ("civil society", "association", 3),
            ("public sector", "committee", 4),
            ("public sector", "administration", 1),
            ("public sector", "municipality", 1),
            ("public sector", "operational unit", 1),
            ("public sector", "public agency", 1),
        ],
    ),
    "committees-lacking-sector": (
        {"sector": "academia"},
        [
            ("id:fx/beta", "Betanämnden"),
            ("id:fx/delta", "Deltanämnden"),
            ("id:fx/gamma", "Gammanämnden"),
        ],
    ),
    # no two of the fixture's committees share a collaboration: see
    # test_committees_sharing_collaborations_pairs_them_once_per_collaboration for rows
    "committees-sharing-collaborations": ({}, []),
    "committees-sharing-no-partner": (
        {},
        [("id:fx/gamma", "Gammanämnden", 0), ("id:fx/delta", "Deltanämnden", 1)],
    ),
    "committee-partners": (
        {"committee": "id:fx/alpha"},
        [
            ("id:fx/company", "Bolaget", "business", "id:fx/ka-one", "Allians Ett", "Alfaförvaltningen"),
            ("id:fx/assoc-one", "Förening Ett", "civil", "id:fx/ka-one", "Allians Ett", "Alfaförvaltningen"),
            ("id:fx/assoc-one", "Förening Ett", "civil", "id:fx/iop-one", "IOP Ett", "Alfanämnden"),
            ("id:fx/assoc-two", "Förening Två", "civil", "id:fx/net-one", "Nätverk Ett", "Alfaskolan"),
            # Labbet is the university's unit: one organisation, Universitetet
            ("id:fx/uni", "Universitetet", "academia", "id:fx/ka-one", "Allians Ett", "Alfaförvaltningen"),
            ("id:fx/uni", "Universitetet", "academia", "id:fx/net-one", "Nätverk Ett", "Alfaskolan"),
        ],
    ),
    "cross-sector-collaborations": (
        {"min_sectors": "3"},
        [
            ("id:fx/ka-one", "Allians Ett", "knowledge alliance", 4, "academia, business, civil, public"),
            ("id:fx/net-one", "Nätverk Ett", "network", 3, "academia, civil, public"),
        ],
    ),
    "most-collaborative-actors": (
        {"min_collaborations": "2"},
        [
            # organisations: Alfanämnden through itself, its administration and its school;
            # Universitetet through itself and Labbet
            ("id:fx/alpha", "Alfanämnden", "city", 3),
            ("id:fx/assoc-one", "Förening Ett", "civil", 3),
            ("id:fx/beta", "Betanämnden", "city", 2),
            ("id:fx/company", "Bolaget", "business", 2),
            ("id:fx/agency", "Myndigheten", "agencies", 2),
            ("id:fx/uni", "Universitetet", "academia", 2),
        ],
    ),
    "partners-of-several-committees": (
        {"min_committees": "2"},
        # Förening Ett is Alfanämnden's partner (Allians Ett, IOP Ett) and Betanämnden's
        # (Projekt Ett); every other partner works with one committee
        [("id:fx/assoc-one", "Förening Ett", "civil", 2, "Alfanämnden; Betanämnden")],
    ),
    "iops-per-committee": (
        {},
        [
            ("id:fx/alpha", "Alfanämnden", "id:fx/iop-one", "IOP Ett", "id:fx/assoc-one", "Förening Ett"),
            # Betanämnden's three IOPs stated as a number: a row of their own
            ("id:fx/beta", "Betanämnden", "id:fx/count-beta-iops", "3 IOPs stated as a number, not named", None, "(not named in the source)"),
            ("id:fx/beta", "Betanämnden", "id:fx/iop-two", "IOP Två", None, "(not named in the source)"),
        ],
    ),
    "university-partners": (
        {},
        [
            # partner organisations: Alfaförvaltningen and Alfaskolan are Alfanämnden
            ("id:fx/uni", "Universitetet", "Universitetet", "id:fx/ka-one", "Allians Ett", "id:fx/alpha", "Alfanämnden", "city"),
            ("id:fx/uni", "Universitetet", "Universitetet", "id:fx/ka-one", "Allians Ett", "id:fx/company", "Bolaget", "business"),
            ("id:fx/uni", "Universitetet", "Universitetet", "id:fx/ka-one", "Allians Ett", "id:fx/assoc-one", "Förening Ett", "civil"),
            ("id:fx/uni", "Universitetet", "Labbet", "id:fx/net-one", "Nätverk Ett", "id:fx/alpha", "Alfanämnden", "city"),
            ("id:fx/uni", "Universitetet", "Labbet", "id:fx/net-one", "Nätverk Ett", "id:fx/assoc-two", "Förening Två", "civil"),
        ],
    ),
    "collaborations-per-area": (
        {},
        [
            ("id:fx/north", "Norr", "city district", 2, 2),
            ("id:fx/seved", "Seved", "neighbourhood", 2, 2),
            ("id:fx/south", "Söder", "city district", 0, 2),
        ],
    ),
    "collaborations-per-goal-area": (
        {},
        # organisations: Alfanämnden once for Allians Ett (its administration) and IOP Ett
        [(None, "id:fx/goal-a", "Mål A", 2, 4), (None, "id:fx/goal-b", "Mål B", 2, 3), (None, "id:fx/goal-c", "Mål C", 0, 0)],
    ),
    "collaborations-by-goal-area": (
        {},
        # each committee with each partner (committee-partners' rows), an unnamed party as a
        # row of its own, the passage on the goal areas' page (p. 21; Projekt Ett's is on
        # p. 22, so none), and Mål C, which no collaboration is linked to, alone
        [
            (None, "id:fx/goal-a", "Mål A", "id:fx/ka-one", "Allians Ett", "knowledge alliance", "id:fx/alpha", "Alfanämnden", "id:fx/company", "Bolaget", "business", 21, OTTO),
            (None, "id:fx/goal-a", "Mål A", "id:fx/ka-one", "Allians Ett", "knowledge alliance", "id:fx/alpha", "Alfanämnden", "id:fx/assoc-one", "Förening Ett", "civil", 21, OTTO),
            (None, "id:fx/goal-a", "Mål A", "id:fx/ka-one", "Allians Ett", "knowledge alliance", "id:fx/alpha", "Alfanämnden", "id:fx/uni", "Universitetet", "academia", 21, OTTO),
            (None, "id:fx/goal-a", "Mål A", "id:fx/iop-one", "IOP Ett", IOP, "id:fx/alpha", "Alfanämnden", "id:fx/assoc-one", "Förening Ett", "civil", 21, BANK),
            (None, "id:fx/goal-b", "Mål B", "id:fx/iop-two", "IOP Två", IOP, "id:fx/beta", "Betanämnden", None, "(not named in the source)", "civil", 21, BANK),
            (None, "id:fx/goal-b", "Mål B", "id:fx/proj-one", "Projekt Ett", "project", "id:fx/beta", "Betanämnden", "id:fx/assoc-one", "Förening Ett", "civil", None, None),
            (None, "id:fx/goal-b", "Mål B", "id:fx/proj-one", "Projekt Ett", "project", "id:fx/beta", "Betanämnden", "id:fx/agency", "Myndigheten", "agencies", None, None),
            (None, "id:fx/goal-c", "Mål C", None, None, None, None, None, None, None, None, None, None),
        ],
    ),
    "evidence-between-actors": (
        {"actor_a": "id:fx/uni", "actor_b": "id:fx/company"},
        [
            ("id:fx/ka-one", "Allians Ett", "id:fx/company", "Bolaget", "id:fx/doc", DOC, 21, BANK),
            ("id:fx/ka-one", "Allians Ett", "id:fx/uni", "Universitetet", "id:fx/doc", DOC, 21, OTTO),
        ],
    ),
    "actors-linked": ({"actor_a": "id:fx/uni", "actor_b": "id:fx/company"}, True),
    "actors-named-once": (
        {},
        [
            ("id:fx/alpha-adm", "Alfaförvaltningen", "public", DOC, 21, OTTO),
            ("id:fx/alpha-school", "Alfaskolan", "public", DOC, 21, INTRO),
            ("id:fx/delta", "Deltanämnden", "public", PRESS_DOC, None, PRESS),
            ("id:fx/city", "Fixstad", "public", DOC, 22, REGION),
            ("id:fx/assoc-three", "Förening Tre", "civil", PRESS_DOC, None, PRESS),
            ("id:fx/assoc-two", "Förening Två", "civil", DOC, 21, INTRO),
            ("id:fx/gamma", "Gammanämnden", "public", DOC, 22, REGION),
        ],
    ),
    "successors": (
        {},
        [
            (
                "id:fx/delta",
                "Deltanämnden",
                "id:fx/gamma",
                "Gammanämnden",
                "committee",
                "id:fx/gamma",
                "Gammanämnden",
            )
        ],
    ),
    "stated-counts": (
        {},
        [
            ("id:fx/count-beta-iops", "Betanämnden", 3, IOP, "civil", None, "2016", 21, BANK),
            ("id:fx/count-gamma-alliances", "Gammanämnden", 2, "knowledge alliance", None, None, "2016", 21, OTTO),
        ],
    ),
    "unnamed-parties": (
        {},
        [
            ("id:fx/iop-two", "IOP Två", IOP, "civil", "Betanämnden"),
            ("id:fx/mp-one", "Mötesplats Ett", "meeting place", "business", None),
        ],
    ),
    "sector-pairs": (
        {},
        [
            ("civil", "public", 6),
            ("academia", "civil", 2),
            ("academia", "public", 2),
            ("business", "public", 2),
            ("academia", "business", 1),
            ("business", "civil", 1),
        ],
    ),
    "group-pairs": (
        {},
        [
            # every pair of the five groups, in their order; partner links, not collaborations
            ("civil", "academia", 2, "bridged"),
            ("civil", "business", 1, "single"),
            ("civil", "agencies", 1, "single"),
            ("civil", "city", 4, "bridged"),
            ("academia", "business", 1, "single"),
            ("academia", "agencies", 0, "none"),
            ("academia", "city", 1, "single"),
            ("business", "agencies", 1, "single"),
            ("business", "city", 1, "single"),
            ("agencies", "city", 1, "single"),
        ],
    ),
    "cross-sector-brokers": (
        {"min_sectors": "3"},
        [
            # organisations (a committee with its units is one) and their partner groups
            ("id:fx/assoc-one", "Förening Ett", "civil", 4, 5),
            ("id:fx/company", "Bolaget", "business", 4, 4),
            ("id:fx/alpha", "Alfanämnden", "city", 3, 4),
            ("id:fx/uni", "Universitetet", "academia", 3, 4),
            ("id:fx/agency", "Myndigheten", "agencies", 3, 3),
        ],
    ),
    "collaborations-of-actor": (
        {"actor": "id:fx/company"},
        [
            ("id:fx/ka-one", "Allians Ett", "knowledge alliance", "id:fx/company", "Bolaget", "funder", DOC, 21, BANK),
            ("id:fx/mp-one", "Mötesplats Ett", "meeting place", "id:fx/company", "Bolaget", None, PRESS_DOC, None, PRESS),
        ],
    ),
    "committees-of-actor": (
        {"actor": "id:fx/company"},
        [
            ("id:fx/ka-one", "Allians Ett", "knowledge alliance", "id:fx/alpha", "Alfanämnden", "party", DOC, 21, BANK),
            # no committee takes part in or reports Mötesplats Ett: one row, no committee
            ("id:fx/mp-one", "Mötesplats Ett", "meeting place", None, None, None, PRESS_DOC, None, PRESS),
        ],
    ),
    "collaborations-by-type": (
        {},
        [
            ("kg:IOP", IOP, 2, 3),
            ("kg:CollaborationAgreement", "collaboration agreement", 1, 2),
            ("kg:KnowledgeAlliance", "knowledge alliance", 1, 4),
            ("kg:MeetingPlace", "meeting place", 1, 2),
            ("kg:Network", "network", 1, 3),
            ("kg:Project", "project", 1, 3),
        ],
    ),
    "collaborations-by-year": (
        {},
        [
            # the press release reports 2015; Projekt Ett states its start, 2015
            ("2015", "id:fx/agr-one", "Avtal Ett", "collaboration agreement", "report year", 2),
            ("2015", "id:fx/mp-one", "Mötesplats Ett", "meeting place", "report year", 2),
            ("2015", "id:fx/proj-one", "Projekt Ett", "project", "stated", 3),
            ("2016", "id:fx/ka-one", "Allians Ett", "knowledge alliance", "report year", 4),
            ("2016", "id:fx/iop-one", "IOP Ett", IOP, "report year", 2),
            ("2016", "id:fx/iop-two", "IOP Två", IOP, "report year", 1),
            ("2016", "id:fx/net-one", "Nätverk Ett", "network", "report year", 3),
            ("2016", "id:fx/proj-one", "Projekt Ett", "project", "stated", 3),
        ],
    ),
    "evidence-per-document": (
        {},
        [
            ("id:fx/doc", DOC, "004_7af0419ea9a82ec3.txt", 4, 2, 35),
            ("id:fx/press", PRESS_DOC, "000_cf2ec969add15266.txt", 1, 0, 11),
        ],
    ),
    "memberships-as-links": ({}, 17),
    "actor-by-name": (
        {"name": '"Alfa"@sv'},
        [("id:fx/alpha", "Alfanämnden", "committee", "public")],
    ),
    "search-actors": (
        {"text": "FÖRENING"},
        [
            ("id:fx/assoc-one", "Förening Ett", "association", "civil"),
            ("id:fx/assoc-three", "Förening Tre", "association", "civil"),
            ("id:fx/assoc-two", "Förening Två", "association", "civil"),
        ],
    ),
    "passages": (
        {},
        [
            # (passage, document, title, report year, page, quote, facts, kinds, fact IRIs,
            # actors, actor IRIs, collaborations, their IRIs, committees, their IRIs, goal
            # areas, their IRIs), by document and page
            ("id:fx/ev-bank", "id:fx/doc", DOC, "2016", 21, BANK, 8,
             _list("committee", IOP, "membership", "stated count"),
             _iris("beta", "m-ka-one--company", "iop-one", "m-iop-one--alpha",
                   "m-iop-one--assoc-one", "iop-two", "m-iop-two--beta", "count-beta-iops"),
             _list("Alfanämnden", "Betanämnden", "Bolaget", "Förening Ett"),
             _iris("alpha", "beta", "company", "assoc-one"),
             _list("Allians Ett", "IOP Ett", "IOP Två"), _iris("ka-one", "iop-one", "iop-two"),
             _list("Alfanämnden", "Betanämnden"), _iris("alpha", "beta"),
             _list("Mål A", "Mål B"), _iris("goal-a", "goal-b")),
            # the goal areas it defines; a unit's committee (Alfaskolan is Alfanämnden's)
            ("id:fx/ev-intro", "id:fx/doc", DOC, "2016", 21, INTRO, 10,
             _list("association", "goal area", "membership", "network", "operational unit",
                   "university"),
             _iris("alpha-school", "assoc-two", "uni", "goal-a", "goal-b", "goal-c", "net-one",
                   "m-net-one--alpha-school", "m-net-one--lab", "m-net-one--assoc-two"),
             _list("Alfaskolan", "Förening Två", "Labbet", "Universitetet"),
             _iris("alpha-school", "assoc-two", "lab", "uni"),
             "Nätverk Ett", _iris("net-one"), "Alfanämnden", _iris("alpha"),
             _list("Mål A", "Mål B", "Mål C"), _iris("goal-a", "goal-b", "goal-c")),
            # a count counted for Gammanämnden makes it one of the passage's committees
            ("id:fx/ev-otto", "id:fx/doc", DOC, "2016", 21, OTTO, 11,
             _list("administration", "association", "committee", "company",
                   "knowledge alliance", "membership", "research unit", "stated count",
                   "university"),
             _iris("alpha", "alpha-adm", "assoc-one", "uni", "lab", "company", "ka-one",
                   "m-ka-one--alpha-adm", "m-ka-one--assoc-one", "m-ka-one--uni",
                   "count-gamma-alliances"),
             _list("Alfaförvaltningen", "Alfanämnden", "Bolaget", "Förening Ett",
                   "Gammanämnden", "Labbet", "Universitetet"),
             _iris("alpha", "alpha-adm", "assoc-one", "uni", "lab", "company", "gamma"),
             "Allians Ett", _iris("ka-one"), _list("Alfanämnden", "Gammanämnden"),
             _iris("alpha", "gamma"), "Mål A", _iris("goal-a")),
            ("id:fx/ev-region", "id:fx/doc", DOC, "2016", 22, REGION, 7,
             _list("committee", "membership", "municipality", "project", "public agency"),
             _iris("city", "gamma", "agency", "proj-one", "m-proj-one--beta",
                   "m-proj-one--assoc-one", "m-proj-one--agency"),
             _list("Betanämnden", "Fixstad", "Förening Ett", "Gammanämnden", "Myndigheten"),
             _iris("beta", "city", "assoc-one", "gamma", "agency"),
             "Projekt Ett", _iris("proj-one"), _list("Betanämnden", "Gammanämnden"),
             _iris("beta", "gamma"), "Mål B", _iris("goal-b")),
            # no page (the press release prints none), no goal area
            ("id:fx/ev-press", "id:fx/press", PRESS_DOC, "2015", None, PRESS, 11,
             _list("association", "city district", "collaboration agreement", "committee",
                   "meeting place", "membership", "neighbourhood"),
             _iris("delta", "assoc-three", "north", "south", "seved", "agr-one",
                   "m-agr-one--delta", "m-agr-one--assoc-three", "mp-one",
                   "m-mp-one--agency", "m-mp-one--company"),
             _list("Bolaget", "Deltanämnden", "Förening Tre", "Myndigheten"),
             _iris("agency", "assoc-three", "company", "delta"),
             _list("Avtal Ett", "Mötesplats Ett"), _iris("agr-one", "mp-one"),
             "Deltanämnden", _iris("delta"), None, None),
        ],
    ),
}  # fmt: skip
#: Columns whose cell is a GROUP_CONCAT, with its separator: SPARQL leaves the order of the
#: parts open. A library query with such a column adds it here by its index (and to _LISTS in
#: test_query_snapshots.py by its name; CONTRIBUTING.md).
UNORDERED: dict[str, tuple[str, tuple[int, ...]]] = {
    "cross-sector-collaborations": (", ", (4,)),
    "partners-of-several-committees": ("; ", (4,)),
    "passages": ("; ", (7, 8, 9, 10, 11, 12, 13, 14, 15, 16)),
}


@pytest.fixture(scope="module")
def fixture_store() -> ox.Store:
    """The ontology plus tests/fixtures/sparql_fixture.ttl, in pyoxigraph."""
    return Source(data=(FIXTURES / "sparql_fixture.ttl",), bundled=False).open()


def cell(value: object) -> object:
    if value is None:
        return None
    plain = term(value)
    if isinstance(plain, Lit):
        if plain.datatype == XSD + "decimal":
            return float(plain.text)
        return plain.value()
    return short_iri(plain)


def rows_of(name: str, result) -> list[tuple] | bool | int:
    if kind_of(result) == "boolean":
        return bool(result)
    if kind_of(result) == "graph":
        return len(list(result))
    return _normalise(name, [tuple(cell(v) for v in row) for row in result])


# ---------------------------------------------------------------- every library query


def test_the_library_covers_the_research_questions():
    assert len(NAMES) >= 15
    missing, stale = sorted(set(NAMES) - set(EXPECTED)), sorted(set(EXPECTED) - set(NAMES))
    assert not missing, (
        f"no expected rows for {missing}: add each query's exact rows on "
        "tests/fixtures/sparql_fixture.ttl to EXPECTED in tests/test_queries.py "
        "(name: ({params}, [rows]), as the other entries)"
    )
    assert not stale, f"EXPECTED in tests/test_queries.py names queries that are gone: {stale}"


def _header_problems(query: LibraryQuery) -> list[str]:
    """What a library query's header lacks (empty when complete)."""
    problems = [f"missing '#+ {key}:'" for key in HEADER_KEYS if key not in query.keys]
    for key in ("summary", "description", "tags", "example"):
        if key in query.keys and not getattr(query, key):
            problems.append(f"empty '#+ {key}:'")
    if query.example and not query.example.startswith(f"kg query {query.name}"):
        problems.append(f"the example should start with 'kg query {query.name}'")
    uncommented = "\n".join(
        line for line in query.text.splitlines() if not line.lstrip().startswith("#")
    )
    for param in query.params:
        if not param.description:
            problems.append(f"parameter '{param.name}' has no description")
        if param.default is None:
            problems.append(f"parameter '{param.name}' has no default")
        if not re.search(rf"[?$]{param.name}\b", uncommented):
            problems.append(f"parameter '{param.name}' is not a variable of the query")
    return problems


@pytest.mark.parametrize("name", NAMES)
def test_header_is_complete(name: str):
    query = LIBRARY[name]
    assert _header_problems(query) == []
    assert query.summary and query.description and query.tags and query.example
    assert query.text.startswith("#+ summary:")


@pytest.mark.parametrize("name", NAMES)
def test_parses_with_only_its_own_prefixes(name: str):
    assert check(LIBRARY[name].text, source=Path(name), prefixes={}) in (
        "SELECT",
        "ASK",
        "CONSTRUCT",
    )


@pytest.mark.parametrize("name", NAMES)
def test_runs_on_the_bundled_data(name: str, bundled_source: Source):
    result = run(bundled_source, name)
    if kind_of(result) == "solutions":
        width = len(result.variables)
        assert all(len(list(row)) == width for row in result)
    elif kind_of(result) == "boolean":
        assert bool(result) in (True, False)
    else:
        assert len(list(result)) > 0


@pytest.mark.parametrize("name", NAMES)
def test_gives_the_expected_rows_on_the_fixture(name: str, fixture_store: ox.Store):
    if name not in EXPECTED:
        pytest.fail(
            f"{name}: add its exact rows on the fixture to EXPECTED in {Path(__file__).name}"
        )
    params, expected = EXPECTED[name]
    assert rows_of(name, run(fixture_store, name, params)) == expected, (
        f"{name}: the rows on tests/fixtures/sparql_fixture.ttl are not EXPECTED's; work them "
        "out from the fixture's comments (rows in the query's ORDER BY; a GROUP_CONCAT cell's "
        "parts may come in any order: list its column in UNORDERED above, see "
        'CONTRIBUTING.md, "Adding a library query")'
    )


SHARED = """@prefix : <https://w3id.org/kg-malmo/id/fx/> .
@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
:a a kg:Committee ; skos:prefLabel "Anämnden"@sv ; kg:sector kg:PublicSector .
:a-adm a kg:Administration ; skos:prefLabel "Aförvaltningen"@sv ; kg:sector kg:PublicSector ;
    org:unitOf :a .
:b a kg:Committee ; skos:prefLabel "Bnämnden"@sv ; kg:sector kg:PublicSector .
:c a kg:Committee ; skos:prefLabel "Cnämnden"@sv ; kg:sector kg:PublicSector .
:ka a kg:KnowledgeAlliance ; skos:prefLabel "Alliansen"@sv .
:proj a kg:Project ; skos:prefLabel "Projektet"@sv .
:m1 a org:Membership ; org:organization :ka ; org:member :a-adm .
:m2 a org:Membership ; org:organization :ka ; org:member :b .
:m3 a org:Membership ; org:organization :proj ; org:member :a .
:m4 a org:Membership ; org:organization :proj ; org:member :b .
:m5 a org:Membership ; org:organization :proj ; org:member :c .
"""


def test_committees_sharing_collaborations_pairs_them_once_per_collaboration(tmp_path: Path):
    """Each pair of committees once per collaboration they share, a committee through its
    administration too; ``kind`` keeps one kind of collaboration (its subclasses)."""
    data = tmp_path / "shared.ttl"
    data.write_text(SHARED, encoding="utf-8")
    store = Source(data=(data,), bundled=False).open()
    name = "committees-sharing-collaborations"
    project = ("id:fx/proj", "Projektet", "project")
    alliance = ("id:fx/ka", "Alliansen", "knowledge alliance")
    a, b, c = ("id:fx/a", "Anämnden"), ("id:fx/b", "Bnämnden"), ("id:fx/c", "Cnämnden")
    assert rows_of(name, run(store, name)) == [
        (*a, *b, *alliance), (*a, *b, *project), (*a, *c, *project), (*b, *c, *project),
    ]  # fmt: skip
    alliances = run(store, name, {"kind": "kg:KnowledgeAlliance"})
    assert rows_of(name, alliances) == [(*a, *b, *alliance)]
    assert rows_of(name, run(store, name, {"kind": "kg:IOP"})) == []


def test_an_actor_queries_as_its_organisation(fixture_store: ox.Store):
    """A committee with its administrations and units is one organisation: its school's
    collaborations are the committee's, each through the member the source names."""
    rows = rows_of(
        "collaborations-of-actor",
        run(fixture_store, "collaborations-of-actor", {"actor": "id:fx/alpha-school"}),
    )
    assert rows == [
        ("id:fx/ka-one", "Allians Ett", "knowledge alliance", "id:fx/alpha-adm", "Alfaförvaltningen", "lead", DOC, 21, OTTO),
        ("id:fx/iop-one", "IOP Ett", IOP, "id:fx/alpha", "Alfanämnden", None, DOC, 21, BANK),
        ("id:fx/net-one", "Nätverk Ett", "network", "id:fx/alpha-school", "Alfaskolan", None, DOC, 21, INTRO),
    ]  # fmt: skip


@pytest.mark.parametrize("text", ["forening tva", "FORENING TVÅ", "Förening Två"])
def test_search_actors_finds_a_name_typed_without_its_accents(fixture_store: ox.Store, text: str):
    """An association typing its name on a keyboard without å/ä/ö (or copying it from an
    address: radda-barnen) still finds it, as the map's search box does."""
    rows = rows_of("search-actors", run(fixture_store, "search-actors", {"text": text}))
    assert rows == [("id:fx/assoc-two", "Förening Två", "association", "civil")]


def test_an_association_gets_its_committees_and_collaborations_with_the_quotes(
    fixture_store: ox.Store,
):
    """An association asks which committees and collaborations it is in and where the sources
    say so: each collaboration once per committee in it (a committee through its
    administration too), each with the passage naming the association."""
    name = "committees-of-actor"
    rows = rows_of(name, run(fixture_store, name, {"actor": "id:fx/assoc-one"}))
    assert rows == [
        ("id:fx/ka-one", "Allians Ett", "knowledge alliance", "id:fx/alpha", "Alfanämnden", "party", DOC, 21, OTTO),
        ("id:fx/iop-one", "IOP Ett", IOP, "id:fx/alpha", "Alfanämnden", "party", DOC, 21, BANK),
        ("id:fx/proj-one", "Projekt Ett", "project", "id:fx/beta", "Betanämnden", "party", DOC, 22, REGION),
    ]  # fmt: skip
    # a committee asked about is not listed as its own committee
    own = rows_of(name, run(fixture_store, name, {"actor": "id:fx/delta"}))
    assert own == [("id:fx/agr-one", "Avtal Ett", "collaboration agreement", None, None, None, PRESS_DOC, None, PRESS)]  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b", "linked"),
    [
        ("id:fx/alpha-school", "id:fx/lab", True),  # Alfanämnden and Universitetet, Nätverk Ett
        ("id:fx/alpha-adm", "id:fx/assoc-one", True),  # Alfanämnden and Förening Ett
        ("id:fx/alpha", "id:fx/alpha-school", False),  # one organisation
        ("id:fx/uni", "id:fx/lab", False),
        ("id:fx/alpha", "id:fx/beta", False),  # no collaboration in common
        ("id:fx/delta", "id:fx/assoc-one", False),
    ],
)
def test_actors_are_linked_exactly_when_there_is_evidence_of_the_link(
    fixture_store: ox.Store, a: str, b: str, linked: bool
):
    params = {"actor_a": a, "actor_b": b}
    assert bool(run(fixture_store, "actors-linked", params)) is linked
    assert bool(list(run(fixture_store, "evidence-between-actors", params))) is linked


#: The library queries rdflib's engine answers wrongly: none now. It evaluates a join with
#: a sub-select by passing the outer bindings into it, which SPARQL's bottom-up semantics
#: forbid (a BIND inside then overwrites them, and gives no rows): a query that needs a
#: constant in two joined sub-selects makes it with VALUES (actors-named-once).
RDFLIB_WRONG: set[str] = set()


@pytest.fixture(scope="module")
def fixture_rdflib(fixture_store: ox.Store) -> Iterator[Graph]:
    """The fixture store with its derived view as one rdflib Graph, for every library
    query in turn (each only reads it: the graph is the same after the last)."""
    graph = to_rdflib(fixture_store, derived=True)
    before = canonical(graph)
    yield graph
    assert canonical(graph) == before, "a query changed the shared graph"


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason="rdflib's sub-select join", strict=True))
        if n in RDFLIB_WRONG
        else n
        for n in NAMES
    ],
)
@pytest.mark.slow  # rdflib's evaluation
def test_runs_unchanged_on_another_engine(name: str, fixture_rdflib: Graph):
    """The file with its parameters as a VALUES block is standard SPARQL 1.1: rdflib's own
    engine, given no kg prefixes and the graph with its derived view, gives the same rows."""
    graph = fixture_rdflib
    params, expected = EXPECTED[name]
    query = LIBRARY[name]
    text = with_values(query.text, bind(query, params))
    answer = graph.query(text)
    if isinstance(expected, bool):
        assert answer.askAnswer is expected
        return
    if isinstance(expected, int):
        assert len(answer.graph) == expected
        return
    rows = [tuple(_rdflib_cell(v) for v in row) for row in answer]
    assert Counter(_normalise(name, rows)) == Counter(_normalise(name, expected))


#: Five committees whose IRIs and lines run against their names, and an association that
#: works with all of them through one network.
FIVE_COMMITTEES = """@prefix : <https://w3id.org/kg-malmo/id/fx/> .
@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
:assoc a kg:Association ; skos:prefLabel "Föreningen"@sv ; kg:sector kg:CivilSociety .
:net a kg:Network ; skos:prefLabel "Nätverket"@sv .
:m0 a org:Membership ; org:organization :net ; org:member :assoc .
""" + "".join(
    f':c{i} a kg:Committee ; skos:prefLabel "{name}"@sv ; kg:sector kg:PublicSector .\n'
    f":m{i} a org:Membership ; org:organization :net ; org:member :c{i} .\n"
    for i, name in enumerate(["Dnämnden", "Östernämnden", "Bnämnden", "Enämnden", "Cnämnden"], 1)
)


@pytest.mark.slow  # rdflib's evaluation
def test_committees_names_come_by_name_on_another_engine(tmp_path: Path):
    """partners-of-several-committees sorts the rows its GROUP_CONCAT reads, so that an engine
    that keeps their order there (rdflib's, Virtuoso's) lists each organisation's committees
    by name, as Oxigraph does, whatever order it joins the committees to their partners in."""
    data = tmp_path / "five.ttl"
    data.write_text(FIVE_COMMITTEES, encoding="utf-8")
    graph = to_rdflib(Source(data=(data,), bundled=False).open(), derived=True)
    query = LIBRARY["partners-of-several-committees"]
    answer = graph.query(with_values(query.text, bind(query, {"min_committees": 4})))
    lists = {str(row.label): str(row.committeeNames).split("; ") for row in answer}
    assert lists["Föreningen"] == ["Bnämnden", "Cnämnden", "Dnämnden", "Enämnden", "Östernämnden"]
    assert len(lists) == 6
    assert all(names == sorted(names) for names in lists.values()), lists


def _rdflib_cell(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, URIRef):
        return short_iri(str(value))
    python = value.toPython() if isinstance(value, Literal) else value
    return str(value) if isinstance(python, Literal) else python


def _normalise(name: str, rows: list[tuple]) -> list[tuple]:
    """The rows with each GROUP_CONCAT cell's parts sorted (an empty list stays None)."""
    if name not in UNORDERED:
        return rows
    separator, columns = UNORDERED[name]
    return [
        tuple(
            separator.join(sorted(v.split(separator))) if i in columns and v is not None else v
            for i, v in enumerate(r)
        )
        for r in rows
    ]


def test_the_library_is_found_by_name_and_by_path():
    assert find("sector-pairs").summary == "Collaborations joining each pair of sectors"
    path = LIBRARY["sector-pairs"].path
    assert find(str(path)).text == LIBRARY["sector-pairs"].text


def test_an_unknown_name_suggests_close_ones():
    with pytest.raises(KgError, match="no library query") as caught:
        find("sector-pair")
    assert "sector-pairs" in caught.value.hint


# ---------------------------------------------------------------- parameters


@pytest.mark.parametrize(
    ("text", "kind", "term"),
    [
        ("kg:Academia", "iri", ox.NamedNode("https://w3id.org/kg-malmo/ontology#Academia")),
        ("civil", "iri", ox.NamedNode("https://w3id.org/kg-malmo/ontology#CivilSociety")),
        ("id:radda-barnen", "iri", ox.NamedNode("https://w3id.org/kg-malmo/id/radda-barnen")),
        ("radda-barnen", "iri", ox.NamedNode("https://w3id.org/kg-malmo/id/radda-barnen")),
        ("<https://example.org/x>", "iri", ox.NamedNode("https://example.org/x")),
        ("https://example.org/x", "iri", ox.NamedNode("https://example.org/x")),
        ("business", "group", ox.NamedNode("https://w3id.org/kg-malmo/ontology#Business")),
        ("myndigheter", "group", ox.NamedNode("https://w3id.org/kg-malmo/ontology#PublicAgencies")),
        ("public", "group", ox.NamedNode("https://w3id.org/kg-malmo/ontology#PublicSector")),
        ("kg:Academia", "group", ox.NamedNode("https://w3id.org/kg-malmo/ontology#Academia")),
        (
            "<https://w3id.org/kg-malmo/ontology#CivilSociety>",
            "group",
            ox.NamedNode("https://w3id.org/kg-malmo/ontology#CivilSociety"),
        ),
        ("42", "integer", ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))),
        ("-3", "integer", ox.Literal("-3", datatype=ox.NamedNode(XSD + "integer"))),
        ('"Rädda Barnen"@sv', "langstring", ox.Literal("Rädda Barnen", language="sv")),
        (
            "Save the Children@en-GB",
            "langstring",
            ox.Literal("Save the Children", language="en-gb"),
        ),
        ('a "quoted" } text', "literal", ox.Literal('a "quoted" } text')),
    ],
)
def test_parameter_values_become_typed_terms(text: str, kind: str, term):
    assert to_term(text, kind) == term


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("nope:x", "iri"),
        ("two words", "iri"),
        ("<https://example.org/a b>", "iri"),
        ("<x> } ; DROP ALL", "iri"),
        ("busines", "group"),
        ("id:radda-barnen", "group"),
        ("kg:Committee", "group"),
        ("<https://example.org/x>", "group"),
        ("3.5", "integer"),
        ("three", "integer"),
        ("Rädda Barnen", "langstring"),
    ],
)
def test_malformed_parameter_values_are_refused(text: str, kind: str):
    with pytest.raises(ParameterError, match=f"parameter 'p' \\({kind}\\)"):
        to_term(text, kind, name="p")


def test_a_literal_parameter_is_data_not_sparql(fixture_store: ox.Store):
    """A value that looks like SPARQL stays a string: it can only match, never inject."""
    rows = list(run(fixture_store, "search-actors", {"text": '") } ; DROP ALL ; #'}))
    assert rows == []


def test_a_malformed_default_names_the_header_line(tmp_path: Path):
    path = tmp_path / "bad.rq"
    path.write_text(
        "#+ summary: x\n#+ params:\n#+ param: n (integer, default: many) — how many\n"
        "SELECT * WHERE { ?s ?p ?n }\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterError) as caught:
        read_query(path)
    assert str(caught.value).startswith(f"{path}:3: parameter 'n' (integer): 'many'")


def test_an_unknown_parameter_lists_the_declared_ones():
    with pytest.raises(ParameterError, match=r"declares no parameter 'sectr'.*sector"):
        bind(LIBRARY["committees-lacking-sector"], {"sectr": "civil"})


def test_a_missing_required_parameter_points_at_its_declaration():
    query = from_text(
        "#+ summary: x\n#+ params:\n#+ param: who (iri) — an actor\nSELECT * WHERE { ?who ?p ?o }",
        name="who",
    )
    with pytest.raises(ParameterError) as caught:
        bind(query)
    assert "<who>:3: missing parameter 'who' (iri)" in str(caught.value)
    assert "--param who=" in caught.value.hint


@pytest.mark.parametrize("item", ["sector", "=civil", "two words=x"])
def test_malformed_assignments_are_refused(item: str):
    with pytest.raises(ParameterError, match="malformed parameter"):
        parse_assignments([item])


def test_a_parameter_given_twice_is_refused_naming_both_values():
    # the last value used to win in silence: -p committee=A -p committee=B asked about B alone
    with pytest.raises(ParameterError, match="'committee' is given twice") as caught:
        parse_assignments(["committee=id:fritidsnamnden", "committee=id:kulturnamnden"])
    assert "id:fritidsnamnden" in str(caught.value) and "id:kulturnamnden" in str(caught.value)
    assert "--param committee=" in caught.value.hint


def test_a_parameter_has_its_description_in_swedish_on_a_line_of_its_own():
    query = from_text(
        "#+ summary: x\n#+ params:\n#+ param: who (iri, default: id:a) — an actor\n"
        "#+ param_sv: who — en aktör\nSELECT * WHERE { ?who ?p ?o }",
        name="who",
    )
    [who] = query.params
    assert (who.description, who.description_sv) == ("an actor", "en aktör")
    assert (who.said("sv"), who.said("en")) == ("en aktör", "an actor")
    with pytest.raises(QuerySyntaxError, match="'#\\+ param_sv: what' names no parameter"):
        from_text("#+ summary: x\n#+ param_sv: what — vad\nASK {}", name="what")
    with pytest.raises(QuerySyntaxError, match="'#\\+ param_sv: who' gives no description"):
        from_text(
            "#+ summary: x\n#+ params:\n#+ param: who (iri) — an actor\n#+ param_sv: who\nASK {}",
            name="who",
        )


def test_a_malformed_param_line_is_located(tmp_path: Path):
    path = tmp_path / "q.rq"
    path.write_text("#+ summary: x\n#+ params:\n#+ param: sector iri\nASK {}\n", encoding="utf-8")
    with pytest.raises(QuerySyntaxError, match="malformed parameter line") as caught:
        read_query(path)
    assert caught.value.line == 3


# ---------------------------------------------------------------- syntax errors


def test_a_syntax_error_names_the_file_line_and_column(tmp_path: Path):
    path = tmp_path / "broken.rq"
    path.write_text(
        "#+ summary: broken\nPREFIX kg: <https://w3id.org/kg-malmo/ontology#>\n"
        "SELECT ?x WHERE {\n  ?x a kg:Committee\n  FILTR(?x)\n}\n",
        encoding="utf-8",
    )
    with pytest.raises(QuerySyntaxError) as caught:
        prepare(read_query(path))
    error = caught.value
    assert (error.path, error.line, error.column) == (path, 5, 3)
    assert str(error).startswith(f"{path}:5:3: SPARQL syntax error")
    assert "    FILTR(?x)\n      ^" in str(error)


def test_an_unknown_prefix_is_located():
    with pytest.raises(QuerySyntaxError, match="unknown prefix 'foo:'") as caught:
        check("SELECT ?x WHERE {\n  ?x a foo:Bar\n}", source=Path("q"), prefixes={})
    assert (caught.value.line, caught.value.column) == (2, 8)


# ---------------------------------------------------------------- refused: updates, network


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
        "LOAD <https://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP DEFAULT",
        "CREATE GRAPH <urn:g>",
        "COPY DEFAULT TO <urn:g>",
        "MOVE DEFAULT TO <urn:g>",
        "ADD DEFAULT TO <urn:g>",
    ],
)
def test_updates_are_refused_and_change_nothing(update: str, fixture_store: ox.Store):
    before = len(fixture_store)
    with pytest.raises(RefusedQueryError, match="read-only"):
        run(fixture_store, prepare(from_text(update)))
    assert len(fixture_store) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        (
            "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE SILENT <http://x/> { ?a ?d ?e } } }",
            "SERVICE",
        ),
        ("SELECT * FROM <https://example.org/data.ttl> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * FROM NAMED <https://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
        ("ASK FROM <file:///etc/passwd> { ?s ?p ?o }", "FROM"),
    ],
)
def test_network_reaching_queries_are_refused_before_running(text: str, message: str):
    with pytest.raises(RefusedQueryError, match=message):
        prepare(from_text(text))


def test_a_typed_literal_binding_keeps_its_datatype(fixture_store: ox.Store):
    bindings = bind(LIBRARY["cross-sector-collaborations"], {"min_sectors": "4"})
    assert bindings["min_sectors"].datatype.value == XSD + "integer"
    rows = rows_of(
        "cross-sector-collaborations",
        run(fixture_store, "cross-sector-collaborations", {"min_sectors": "4"}),
    )
    assert [r[0] for r in rows] == ["id:fx/ka-one"]


ISLAND = """@prefix : <https://w3id.org/kg-malmo/id/fx/> .
@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
:a a kg:Committee ; skos:prefLabel "Anämnden"@sv ; kg:sector kg:PublicSector ;
    kg:partner :x .
:x a kg:Association ; skos:prefLabel "Föreningen"@sv ; kg:sector kg:CivilSociety .
:proj a kg:Project ; skos:prefLabel "Projektet"@sv .
:m1 a org:Membership ; org:organization :proj ; org:member :a .
:m2 a org:Membership ; org:organization :proj ; org:member :x .
"""


def test_a_partner_the_data_states_and_kg_derives_counts_its_committee_once(tmp_path: Path):
    """kg:partner is derived; data that states one too (which kg validate refuses, and kg
    query runs on all the same) holds it in two graphs of the store, a row in each: the
    committees per partner are counted DISTINCT, so an island stays an island."""
    data = tmp_path / "island.ttl"
    data.write_text(ISLAND, encoding="utf-8")
    store = Source(data=(data,), bundled=False).open()
    name = "committees-sharing-no-partner"
    assert rows_of(name, run(store, name)) == [("id:fx/a", "Anämnden", 1)]
