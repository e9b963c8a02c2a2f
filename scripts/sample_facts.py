"""Draw a seeded, stratified random sample of the curated facts, for reading against the sources.

Run:  python scripts/sample_facts.py --seed 20261202 [--sizes 30,15,10,5,0] [--json]
      python scripts/sample_facts.py --seed 20261203 --exclude-seed 20261202

The population is every fact of four kinds, read from the bundled graph (``Source().open()``):

- ``membership``: an ``org:Membership`` (member, collaboration, role, basis);
- ``collaboration``: an instance of a ``kg:Collaboration`` subclass (class, ``kg:reportedBy``,
  ``kg:goalArea``, ``schema:areaServed``, ``kg:unnamedPartySector``, ``kg:year`` /
  ``kg:startYear`` / ``kg:endYear``, basis);
- ``actor``: an instance of a ``kg:Actor`` subclass (class, ``kg:sector``, ``kg:isMunicipal``,
  ``org:unitOf``, basis);
- ``count``: a ``kg:StatedCount`` (number, what it counts and for whom, sector, status, year);
- ``year``: any node of the data with a year of its own (``kg:year``, ``kg:startYear``,
  ``kg:endYear``), judged on its years only (drawn only where ``--sizes`` gives it a size).

Each fact is one node with all its claims of that kind: it is judged wrong if any one claim is.
Each kind is sorted by IRI and sampled with ``random.Random(f"{seed}-{kind}")``, so a seed gives
the same sample of the same data; ``--exclude-seed`` leaves out what earlier rounds drew, so a
new round reads fresh facts. Every sampled fact is printed with the file and line that
declare it, its claims, its ``kg:basis`` and editorial note, and every excerpt it cites
(document, page, verbatim quote).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import asdict, dataclass, field

from kg.io.source import Source
from kg.paths import data_dir

KINDS = ("membership", "collaboration", "actor", "count", "year")
#: How sampled facts are numbered in the text output: M1, C1, A1, N1.
#: ``year`` is not drawn by default, so that earlier rounds' seeds draw what they drew.
TAGS = {"membership": "M", "collaboration": "C", "actor": "A", "count": "N", "year": "Y"}
DEFAULT_SIZES = (30, 15, 10, 5, 0)

ID = "https://w3id.org/kg-malmo/id/"
PREFIXES = """
PREFIX kg:      <https://w3id.org/kg-malmo/ontology#>
PREFIX org:     <http://www.w3.org/ns/org#>
PREFIX prov:    <http://www.w3.org/ns/prov#>
PREFIX oa:      <http://www.w3.org/ns/oa#>
PREFIX skos:    <http://www.w3.org/2004/02/skos/core#>
PREFIX schema:  <https://schema.org/>
PREFIX rdfs:    <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

#: For each kind: the query naming its nodes, and the claims read for each node.
POPULATION = {
    "membership": "SELECT DISTINCT ?s WHERE { ?s a org:Membership }",
    "collaboration": "SELECT DISTINCT ?s WHERE { ?s a/rdfs:subClassOf+ kg:Collaboration }",
    "actor": "SELECT DISTINCT ?s WHERE { ?s a/rdfs:subClassOf+ kg:Actor }",
    "count": "SELECT DISTINCT ?s WHERE { ?s a kg:StatedCount }",
    "year": "SELECT DISTINCT ?s WHERE { VALUES ?p { kg:year kg:startYear kg:endYear } ?s ?p ?y }",
}
CLAIMS = {
    "membership": ("org:member", "org:organization", "org:role"),
    "collaboration": (
        "rdf:type",
        "kg:reportedBy",
        "kg:goalArea",
        "schema:areaServed",
        "kg:unnamedPartySector",
        "kg:year",
        "kg:startYear",
        "kg:endYear",
        "dcterms:isPartOf",
    ),
    "actor": ("rdf:type", "kg:sector", "kg:isMunicipal", "org:unitOf"),
    "count": (
        "kg:count",
        "kg:countedFor",
        "kg:countedClass",
        "kg:countedSector",
        "kg:countedStatus",
        "kg:year",
    ),
    "year": ("kg:year", "kg:startYear", "kg:endYear"),
}
_EXPAND = {
    "rdf:type": "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "org:": "http://www.w3.org/ns/org#",
    "kg:": "https://w3id.org/kg-malmo/ontology#",
    "schema:": "https://schema.org/",
    "dcterms:": "http://purl.org/dc/terms/",
}
_SHORT = {
    ID: ":",
    "https://w3id.org/kg-malmo/ontology#": "kg:",
    "http://www.w3.org/ns/org#": "org:",
}


@dataclass
class Excerpt:
    """One cited passage: document, page (doc-004 only) and the verbatim quote."""

    iri: str
    document: str
    page: int | None
    quote: str


@dataclass
class Fact:
    """One sampled node with its claims, basis and evidence."""

    kind: str
    iri: str
    declared_at: str
    label: str
    claims: dict[str, list[str]] = field(default_factory=dict)
    basis: list[str] = field(default_factory=list)
    note: list[str] = field(default_factory=list)
    evidence: list[Excerpt] = field(default_factory=list)


def short(term: str) -> str:
    """An IRI written with the data's prefixes.

    >>> short("https://w3id.org/kg-malmo/id/malmo-stad")
    ':malmo-stad'
    """
    for long, prefix in _SHORT.items():
        if term.startswith(long):
            return prefix + term[len(long) :]
    return term


def _iri(name: str) -> str:
    if name in _EXPAND:
        return _EXPAND[name]
    prefix, local = name.split(":", 1)
    return _EXPAND[prefix + ":"] + local


def _value(term) -> str:
    return short(term.value)


def population(store, kind: str) -> list[str]:
    """Every node of one kind, sorted by IRI (only nodes of the data, not the ontology)."""
    rows = store.query(PREFIXES + POPULATION[kind])
    return sorted(row["s"].value for row in rows if row["s"].value.startswith(ID))


def draw(
    store, seed: int, sizes: dict[str, int], exclude: tuple[int, ...] = ()
) -> dict[str, list[str]]:
    """The sampled IRIs per kind: ``random.Random(f"{seed}-{kind}").sample`` of the sorted
    population (all of it where the stratum is smaller than its size).

    ``exclude`` lists earlier seeds: their samples (drawn again, in order, on the same data
    with the same sizes) are left out of the population, so that a new round reads only facts
    no earlier round read.
    """
    seen: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for earlier in exclude:
        for kind, nodes in draw(store, earlier, sizes, tuple(seen_seeds(exclude, earlier))).items():
            seen[kind].update(nodes)
    sample = {}
    for kind in KINDS:
        nodes = [node for node in population(store, kind) if node not in seen[kind]]
        size = min(sizes.get(kind, 0), len(nodes))
        sample[kind] = random.Random(f"{seed}-{kind}").sample(nodes, size)
    return sample


def seen_seeds(exclude: tuple[int, ...], seed: int) -> list[int]:
    """The seeds listed before ``seed`` in ``exclude``: what that earlier round itself left out.

    >>> seen_seeds((1, 2, 3), 3)
    [1, 2]
    """
    return list(exclude[: exclude.index(seed)])


def _objects(store, subject: str, predicate: str) -> list[str]:
    query = f"SELECT ?o WHERE {{ <{subject}> <{predicate}> ?o }}"
    return sorted(_value(row["o"]) for row in store.query(query))


def _evidence(store, subject: str) -> list[Excerpt]:
    query = (
        PREFIXES
        + f"""
        SELECT ?e ?doc ?page ?quote WHERE {{
            <{subject}> prov:wasDerivedFrom ?e .
            ?e oa:hasSource ?doc ; oa:hasSelector/oa:exact ?quote .
            OPTIONAL {{ ?e kg:page ?page }}
        }} ORDER BY ?doc ?page ?e"""
    )
    return [
        Excerpt(
            iri=_value(row["e"]),
            document=_value(row["doc"]),
            page=int(row["page"].value) if row["page"] is not None else None,
            quote=row["quote"].value,
        )
        for row in store.query(query)
    ]


def _declarations() -> dict[str, str]:
    """Where each local name is declared: ``file:line`` of its first line as a subject."""
    root = data_dir()
    found: dict[str, str] = {}
    subject = re.compile(r"^:([A-Za-z0-9_.-]+)\s")
    for path in sorted(root.rglob("*.ttl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = subject.match(line)
            if match and match.group(1) not in found:
                found[match.group(1)] = f"data/{path.relative_to(root)}:{number}"
    return found


def describe(store, kind: str, iri: str, declared: dict[str, str]) -> Fact:
    """A sampled node with its claims of ``kind``, its basis and its evidence."""
    labels = _objects(store, iri, "http://www.w3.org/2004/02/skos/core#prefLabel")
    local = iri[len(ID) :]
    fact = Fact(
        kind=kind,
        iri=":" + local,
        declared_at=declared.get(local, "?"),
        label=" / ".join(labels),
    )
    for name in CLAIMS[kind]:
        values = _objects(store, iri, _iri(name))
        if values:
            fact.claims[name] = values
    fact.basis = _objects(store, iri, _EXPAND["kg:"] + "basis")
    fact.note = _objects(store, iri, "http://www.w3.org/2004/02/skos/core#editorialNote")
    fact.evidence = _evidence(store, iri)
    return fact


def render(facts: list[Fact]) -> str:
    """The sample as plain text, numbered per kind."""
    lines: list[str] = []
    for kind in KINDS:
        chosen = [fact for fact in facts if fact.kind == kind]
        if not chosen:
            continue
        lines.append(f"==== {kind} ({len(chosen)})")
        for number, fact in enumerate(chosen, start=1):
            lines.append(f"[{TAGS[kind]}{number}] {fact.iri}  ({fact.declared_at})")
            if fact.label:
                lines.append(f"    label: {fact.label}")
            for name, values in fact.claims.items():
                lines.append(f"    {name}: {', '.join(values)}")
            for basis in fact.basis:
                lines.append(f"    kg:basis: {basis}")
            for note in fact.note:
                lines.append(f"    note: {note}")
            for excerpt in fact.evidence:
                page = f" p. {excerpt.page}" if excerpt.page is not None else ""
                lines.append(f"    ev {excerpt.iri} [{excerpt.document}{page}]")
                lines.append(f'       "{excerpt.quote}"')
            if not fact.evidence:
                lines.append("    ev: (none of its own)")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    """Parse the arguments, draw the sample and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="sample sizes for " + ", ".join(KINDS) + " (default %(default)s)",
    )
    parser.add_argument(
        "--exclude-seed",
        type=int,
        action="append",
        default=[],
        help="an earlier round's seed, in order (repeatable): its facts are not drawn again",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = parser.parse_args()
    numbers = [int(part) for part in args.sizes.split(",")]
    if len(numbers) != len(KINDS):
        parser.error(f"--sizes needs {len(KINDS)} numbers ({', '.join(KINDS)})")
    store = Source().open()
    exclude = tuple(args.exclude_seed)
    sample = draw(store, args.seed, dict(zip(KINDS, numbers, strict=True)), exclude)
    declared = _declarations()
    facts = [describe(store, kind, iri, declared) for kind in KINDS for iri in sample[kind]]
    sizes = {kind: len(population(store, kind)) for kind in KINDS}
    if args.json:
        print(json.dumps([asdict(fact) for fact in facts], ensure_ascii=False, indent=1))
        return
    after = f" (after seeds {', '.join(map(str, exclude))})" if exclude else ""
    print(f"seed {args.seed}{after}; population " + ", ".join(f"{k} {n}" for k, n in sizes.items()))
    print(render(facts))


if __name__ == "__main__":
    main()
