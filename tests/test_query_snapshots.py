"""Every library query's answer on the bundled data and on a 100k-triple synthetic graph, kept
in tests/snapshots/ and compared as data (rows as a multiset; GROUP_CONCAT lists sorted).

Refresh after a deliberate change with
``.venv/bin/python -m pytest tests/test_query_snapshots.py --update-snapshots`` and read the diff.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.io.source import Source
from kg.sparql.engine import prepare, run
from kg.sparql.library import library
from kg.sparql.results import kind_of
from kg.synth import write_synthetic

SNAPSHOTS = Path(__file__).parent / "snapshots"
_PLAIN = {
    "http://www.w3.org/2001/XMLSchema#string",
    ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString").value,
}
#: Columns holding a GROUP_CONCAT list, whose order SPARQL leaves to the engine: a library
#: query with such a column adds it here (and to UNORDERED in test_queries.py; CONTRIBUTING.md).
_LISTS = {
    "cross-sector-collaborations": (", ", ("sectorNames",)),
    "partners-of-several-committees": ("; ", ("committeeNames",)),
    "passages": (
        "; ",
        (
            *("kinds", "factIris", "actors", "actorIris", "collaborations", "collaborationIris"),
            *("committees", "committeeIris", "goalAreas", "goalAreaIris"),
        ),
    ),
}


def _cell(term: object) -> object:
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return ["bnode"]
    if isinstance(term, ox.NamedNode):
        return ["iri", term.value]
    datatype = term.datatype.value
    return ["lit", term.value, term.language, None if datatype in _PLAIN else datatype]


def answers(store: ox.Store) -> dict[str, dict]:
    """Every library query's answer (default parameters) as comparable data."""
    found = {}
    for query in library():
        prepared = prepare(query)
        answer = run(store, prepared)
        if kind_of(answer) == "boolean":
            found[query.name] = {"ask": bool(answer)}
        elif kind_of(answer) == "graph":
            rows = sorted(
                json.dumps([_cell(t.subject), _cell(t.predicate), _cell(t.object)]) for t in answer
            )
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            found[query.name] = {"triples": len(rows), "sha256": digest}
        else:
            names = [v.value for v in answer.variables]
            rows = [[_cell(row[n]) for n in names] for row in answer]
            separator, lists = _LISTS.get(query.name, ("", ()))
            for row in rows:
                for column in (names.index(n) for n in lists):
                    if row[column] is not None:
                        row[column][1] = separator.join(sorted(row[column][1].split(separator)))
            found[query.name] = {"vars": names, "rows": sorted(rows, key=json.dumps)}
    return found


def _digested(found: dict[str, dict]) -> dict[str, dict]:
    """Large answers as their row count and a digest, to keep the snapshot small."""
    return {
        name: {
            "vars": a["vars"],
            "count": len(a["rows"]),
            "sha256": hashlib.sha256(json.dumps(a["rows"]).encode()).hexdigest(),
        }
        if "rows" in a
        else a
        for name, a in found.items()
    }


def _compare(found: dict, path: Path, update: bool) -> None:
    if update:
        path.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    kept = json.loads(path.read_text(encoding="utf-8"))
    assert sorted(found) == sorted(kept), (
        f"queries added {sorted(set(found) - set(kept))} or removed "
        f"{sorted(set(kept) - set(found))}: refresh {path.name} with "
        "`.venv/bin/python -m pytest tests/test_query_snapshots.py --update-snapshots` "
        "and check its diff"
    )
    refresh = (
        f"if the data or the query changed on purpose, refresh {path.name} with "
        "`.venv/bin/python -m pytest tests/test_query_snapshots.py --update-snapshots` "
        "and read its diff "
        "(a GROUP_CONCAT column whose parts come in another order belongs in _LISTS here; "
        'CONTRIBUTING.md, "Adding a library query")'
    )
    for name in sorted(kept):
        if "rows" in kept[name]:
            rows = Counter(json.dumps(r) for r in found[name]["rows"])
            expected = Counter(json.dumps(r) for r in kept[name]["rows"])
            assert found[name]["vars"] == kept[name]["vars"], f"{name}: {refresh}"
            assert rows == expected, (
                f"{name}: new rows {dict(rows - expected) or 'none'}, rows gone "
                f"{dict(expected - rows) or 'none'}; {refresh}"
            )
        else:
            assert found[name] == kept[name], f"{name}: {refresh}"


def test_the_bundled_data_gives_the_kept_answers(bundled_source, update_snapshots):
    _compare(answers(bundled_source.open()), SNAPSHOTS / "queries-bundled.json", update_snapshots)


@pytest.mark.slow
def test_a_synthetic_graph_gives_the_kept_answers(tmp_path, update_snapshots):
    summary = write_synthetic(tmp_path / "synth.ttl", 3300, seed=1)
    store = Source(data=(summary.path,), bundled=False).open()
    assert len(store) > 100_000
    _compare(_digested(answers(store)), SNAPSHOTS / "queries-100k.json", update_snapshots)
