"""The facts a store's folder keeps (``kg-facts.json``): read once from the store, then
loaded in under a second by the next run, as long as the same kg wrote them for the same files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

import kg.progress as progress

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from kg.model.facts import Facts

#: The file in a store's folder that keeps the facts read from it.
FACTS_FILE = "kg-facts.json"


def cached_facts(
    opened: Callable[[], ox.Store], directory: Path, read: Callable[[], object]
) -> Facts:
    """The facts of a store, from ``directory/kg-facts.json`` when this kg wrote it for these
    files; else read, ``read()`` called (a first run frees its in-memory copy, its peak, before
    writing them) and kept there (left out if the folder is read-only)."""
    from kg.model.facts import READING, read_facts

    opened()  # built first: the key reads its manifest
    path = directory / FACTS_FILE
    key = facts_key(directory)
    facts = kept_facts(path, key)
    if facts is not None:
        return facts
    with progress.step(
        "Reading the facts the analyses need (kept in the store's folder)", total=READING
    ) as reading:
        facts = read_facts(opened(), reading.advance)
    read()
    partial = path.with_name(path.name + ".part")
    try:
        # the fields as they are: dataclasses.asdict would deep-copy them first (4 s at 1M)
        kept = {f.name: getattr(facts, f.name) for f in fields(facts)}
        with progress.step("Keeping the facts in the store's folder"), partial.open("wb") as out:
            # the key first: a stale file is recognised without parsing the facts
            out.write(orjson.dumps({"key": key}) + b"\n")
            out.write(orjson.dumps(kept, option=orjson.OPT_NON_STR_KEYS) + b"\n")
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)
    return facts


def kept_facts(path: Path, key: str) -> Facts | None:
    """The facts kept at ``path`` if its first line names ``key``; None for a missing, stale
    or damaged file."""
    from kg.model.facts import Facts

    try:
        with path.open("rb") as kept:
            if orjson.loads(kept.readline()) != {"key": key}:
                return None
            with progress.step("Reading the facts kept in the store's folder"):
                return Facts(**orjson.loads(kept.read()))
    except (OSError, ValueError, TypeError):  # orjson.JSONDecodeError is a ValueError
        return None


def facts_key(directory: Path) -> str:
    """What the kept facts were read with: kg's version, its rules, the code that reads them
    and the store's files (a change to any is a new key, and the facts are read again)."""
    from kg import __version__
    from kg.io.derive import rules_digest
    from kg.io.store import read_manifest
    from kg.model import facts, names, periods, records, sectors, triples, vocab

    digest = hashlib.sha256(__version__.encode() + rules_digest().encode())
    for module in (facts, names, periods, records, sectors, triples, vocab):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(json.dumps((read_manifest(directory) or {}).get("files")).encode())
    return digest.hexdigest()
