"""JSON-LD a reader can read: pyoxigraph's expanded JSON-LD compacted with kg's prefixes, the
way ``kg export -f jsonld`` writes it (an ``@context`` of the prefixes, ``@graph`` of nodes,
``kg:partner`` for the full IRI, ``@type`` for ``rdf:type``, one value bare)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_Short = Callable[[str], str]


def compacted(expanded: bytes, prefixes: Mapping[str, str]) -> bytes:
    """``expanded`` (a list of flattened node objects, as pyoxigraph writes JSON-LD) with an
    ``@context`` of ``prefixes`` and each IRI that one fits written with it. The same triples
    read back; where an IRI that no prefix fits begins like one (``kg:x`` as an IRI of its own)
    the answer is left expanded, as it would not read back the same.

    >>> body = b'[{"@id": "http://x/a", "http://x/p": [{"@value": "v"}]}]'
    >>> json.loads(compacted(body, {"x": "http://x/"}))
    {'@context': {'x': 'http://x/'}, '@graph': [{'@id': 'x:a', 'x:p': 'v'}]}
    """
    spaces = sorted(prefixes.items(), key=lambda item: -len(item[1]))
    clashes = False

    def short(iri: str) -> str:
        nonlocal clashes
        for prefix, space in spaces:
            if iri.startswith(space) and len(iri) > len(space) and iri[len(space) :][:2] != "//":
                return f"{prefix}:{iri[len(space) :]}"
        clashes = clashes or iri.partition(":")[0] in prefixes
        return iri

    graph = [_node(node, short) for node in json.loads(expanded)]
    if clashes:
        return expanded
    document = {"@context": dict(prefixes), "@graph": graph}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _node(node: dict, short: _Short) -> dict:
    out: dict = {}
    for key, values in node.items():
        if key == "@id":
            out["@id"] = values if values.startswith("_:") else short(values)
        elif key == _TYPE and all(set(v) == {"@id"} for v in values):
            out["@type"] = _one([_reference(v["@id"], short) for v in values])
        elif key.startswith("@"):
            out[key] = values
        else:
            out[short(key)] = _one([_value(v, short) for v in values])
    return out


def _reference(iri: str, short: _Short) -> str:
    return iri if iri.startswith("_:") else short(iri)


def _value(value: dict, short: _Short) -> dict | str:
    if "@id" in value:
        return {"@id": _reference(value["@id"], short)}
    if set(value) == {"@value"} and isinstance(value["@value"], str):
        return value["@value"]
    if "@type" in value:
        return {**value, "@type": short(value["@type"])}
    return value


def _one(values: list) -> object:
    return values[0] if len(values) == 1 else values
