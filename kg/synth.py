"""Synthetic graphs with the structure of the real one, for benchmarks and scale tests."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kg.io.texts import read_source
from kg.paths import sources_dir

REPORT = "004_7af0419ea9a82ec3.txt"
SYN = "https://w3id.org/kg-malmo/id/synth/"
GYEAR = "http://www.w3.org/2001/XMLSchema#gYear"

#: Actor kinds: (class, sector, share of the non-committee actors, Swedish name stem).
ACTOR_KINDS = [
    ("Association", "CivilSociety", 0.45, "Förening"),
    ("PublicAgency", "PublicSector", 0.12, "Myndighet"),
    ("Company", "Business", 0.15, "Bolag"),
    ("University", "Academia", 0.03, "Högskola"),
    ("ResearchUnit", "Academia", 0.07, "Institut"),
    ("OperationalUnit", "PublicSector", 0.18, "Skola"),
]
#: Collaboration kinds and their shares.
COLLABORATION_KINDS = [
    ("KnowledgeAlliance", 0.40),
    ("Project", 0.25),
    ("IOP", 0.15),
    ("Network", 0.10),
    ("CollaborationAgreement", 0.05),
    ("MeetingPlace", 0.05),
]
PREFIXES = """@prefix : <https://w3id.org/kg-malmo/id/synth/> .
@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""


@dataclass
class SynthSummary:
    """What :func:`write_synthetic` wrote."""

    path: Path
    actors: int
    committees: int
    collaborations: int
    memberships: int


def _passages() -> list[tuple[int, str]]:
    """Sentences of the real report with their pages, for synthetic evidence that checks out."""
    pages = read_source(sources_dir() / REPORT).pages
    found = []
    for number, text in sorted(pages.items()):
        body = text.split(" ", 1)[1] if " " in text else ""
        for sentence in re.split(r"(?<=\.) ", body):
            if 40 <= len(sentence) <= 200 and '"' not in sentence and "\\" not in sentence:
                found.append((number, sentence))
    return found


def _turtle_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def synthetic_turtle(
    actors: int, seed: int = 0, years: tuple[int, int] | None = None
) -> Iterator[str]:
    """Yield Turtle for a synthetic graph of about ``actors`` actors.

    The structure follows the real data: about one committee (each with an administration)
    per 15 actors, a civil-society-heavy sector mix, one collaboration per two actors with
    heavy-tailed sizes (Pareto), IOPs between a public and a non-profit party, and evidence on
    every actor, collaboration and membership: each fact its own excerpt, as in the curated
    data, quoting a real passage of the 2016 report with its page, so the graph passes
    ``kg validate`` at full cost. About 30 triples per actor. Same ``seed``, same text.

    ``years`` (two report years) makes two follow-ups instead of one: committees and their
    administrations are described in both; each other actor in one; a third of the
    collaborations are reported in the first year only, a third in the second only (one in
    ten of these states its end or start year), a third in both, each party in one or both
    of its collaboration's years (the lead in all). The same graph as without ``years``,
    dated by a second seeded generator.
    """
    rng = random.Random(seed)
    dated = random.Random(f"{seed}-years")
    passages = _passages()
    yield PREFIXES
    if years is None:
        yield (
            ':doc a kg:SourceDocument ; dcterms:title "Syntetisk uppföljning"@sv ; '
            f'kg:fileName "{REPORT}" ; kg:paginated true .\n'
        )
    for year in years or ():
        yield (
            f':doc-{year} a kg:SourceDocument ; dcterms:title "Syntetisk uppföljning {year}"@sv ; '
            f'kg:fileName "{REPORT}" ; kg:paginated true ; kg:reportYear "{year}"^^<{GYEAR}> .\n'
        )
    excerpts = 0

    def evidence(document: str = ":doc", draw: random.Random = rng) -> tuple[str, str]:
        """A new excerpt: its IRI and its Turtle."""
        nonlocal excerpts
        page, quote = passages[draw.randrange(len(passages))]
        iri, excerpts = f":e{excerpts}", excerpts + 1
        return iri, (
            f"{iri} a kg:SourceExcerpt ; oa:hasSource {document} ; kg:page {page} ; "
            f"oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact {_turtle_string(quote)} ] .\n"
        )

    def fact(turtle: str, when: tuple[int, ...] | None = None) -> str:
        """``turtle`` (a subject and its properties, no final dot) with its own evidence: one
        excerpt, or with ``years`` one from the follow-up of each year of ``when`` (default:
        one year, chosen at random)."""
        if years is None:
            iri, excerpt = evidence()
            return f"{turtle} ; prov:wasDerivedFrom {iri} .\n{excerpt}"
        # the first quote drawn as without years, so that the graph is the same, only dated
        chosen = when or (dated.choice(years),)
        quoted = [evidence(f":doc-{y}", rng if i == 0 else dated) for i, y in enumerate(chosen)]
        iris = " , ".join(iri for iri, _ in quoted)
        return f"{turtle} ; prov:wasDerivedFrom {iris} .\n" + "".join(e for _, e in quoted)

    def period() -> tuple[tuple[int, ...], str]:
        """A collaboration's years and any start or end year it states (``years`` only)."""
        if years is None:
            return (), ""
        first, second = years
        pick = dated.randrange(3)
        when = ((first,), (second,), (first, second))[pick]
        stated = ""
        if pick < 2 and dated.random() < 0.1:
            kind = "kg:endYear" if pick == 0 else "kg:startYear"
            stated = f' ; {kind} "{when[0]}"^^<{GYEAR}>'
        return when, stated

    committees = max(2, actors // 15)
    public: list[str] = []
    yield fact(
        ':city a kg:Municipality ; skos:prefLabel "Synthstad"@sv ; '
        "kg:sector kg:PublicSector ; kg:isMunicipal true"
    )
    for c in range(committees):
        yield fact(
            f':c{c} a kg:Committee ; skos:prefLabel "Nämnd {c}"@sv , "Committee {c}"@en ; '
            f"kg:sector kg:PublicSector ; kg:isMunicipal true ; org:subOrganizationOf :city",
            years,
        )
        yield fact(
            f':a{c} a kg:Administration ; skos:prefLabel "Förvaltning {c}"@sv ; '
            f"kg:sector kg:PublicSector ; kg:isMunicipal true ; org:unitOf :c{c}",
            years,
        )
        public += [f":c{c}", f":a{c}"]
    civil: list[str] = []
    others = max(0, actors - 2 * committees - 1)
    kinds = [k for k in ACTOR_KINDS for _ in range(round(k[2] * 100))]
    everyone = list(public)
    for n in range(others):
        cls, sector, _, stem = kinds[rng.randrange(len(kinds))]
        yield fact(f':x{n} a kg:{cls} ; skos:prefLabel "{stem} {n}"@sv ; kg:sector kg:{sector}')
        everyone.append(f":x{n}")
        if sector == "CivilSociety":
            civil.append(f":x{n}")
    collaborations, memberships = max(1, actors // 2), 0
    kind_list = [k for k, share in COLLABORATION_KINDS for _ in range(round(share * 100))]
    for k in range(collaborations):
        kind = kind_list[rng.randrange(len(kind_list))]
        size = min(2 + int(rng.paretovariate(1.6)) - 1, 40, len(everyone))
        # the lead: a committee, or a committee's administration
        owner = f":{'c' if rng.random() < 0.5 else 'a'}{rng.randrange(committees)}"
        members = {owner}
        if kind == "IOP" and civil:
            members.add(rng.choice(civil))
        while len(members) < size:
            members.add(rng.choice(everyone))
        when, stated = period()
        yield fact(
            f':k{k} a kg:{kind} ; skos:prefLabel "Samverkan {k}"@sv ; '
            f"kg:reportedBy :c{rng.randrange(committees)}{stated}",
            when,
        )
        for member in sorted(members):
            memberships += 1
            some = when if member == owner or len(when) < 2 or dated.random() < 0.5 else None
            yield fact(
                f":m{k}-{member[1:]} a org:Membership ; org:organization :k{k} ; "
                f"org:member {member}",
                some or (dated.choice(when),) if when else None,
            )
    yield (
        f"# synthetic: {committees} committees, {len(everyone) + 1} actors, "
        f"{collaborations} collaborations, {memberships} memberships, {excerpts} excerpts\n"
    )


def write_synthetic(
    path: Path, actors: int, seed: int = 0, years: tuple[int, int] | None = None
) -> SynthSummary:
    """Write a synthetic graph of about ``actors`` actors to ``path`` (Turtle); with ``years``,
    two follow-ups of those report years (see :func:`synthetic_turtle`). The file is written
    whole or not at all."""
    from kg.io.outputs import atomic

    last = ""

    def write(out: IO[bytes]) -> None:
        nonlocal last
        for chunk in synthetic_turtle(actors, seed, years):
            out.write(chunk.encode("utf-8"))
            last = chunk

    atomic(Path(path), write)
    numbers = [int(n) for n in re.findall(r"\d+", last)]
    return SynthSummary(
        path,
        actors=numbers[1],
        committees=numbers[0],
        collaborations=numbers[2],
        memberships=numbers[3],
    )
