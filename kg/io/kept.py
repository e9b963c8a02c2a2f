"""The facts a store's folder keeps (``kg-facts.json``): read once from the store, then
loaded in under a second by the next run, as long as the same kg wrote them for the same files;
and those read from an endpoint that names the graph it answers from (kg serve), kept in
kg's cache folder for as long as it names the same graph.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import fields
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import orjson

import kg.progress as progress

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from kg.io.endpoint import Endpoint
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
    _keep(facts, path, key, progress.step("Keeping the facts in the store's folder"))
    return facts


def endpoint_file(url: str, suffix: str) -> Path:
    """The file in kg's cache folder (:func:`kg.paths.cache_dir`) that keeps what kg read of
    the endpoint at ``url``: ``.json``, its facts; ``.validated``, a validation's record."""
    from kg.paths import cache_dir

    return cache_dir() / "endpoints" / f"{url_digest(url)[:24]}{suffix}"


def url_digest(url: str) -> str:
    """A digest of an endpoint's URL: what kg keeps names it by this, not by the URL itself
    (which may carry a password)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def endpoint_facts(
    endpoint: Endpoint, read: Callable[[], tuple[Facts, str | None]], *, again: bool = False
) -> Facts:
    """The facts of an endpoint: those kept (in :func:`kg.paths.cache_dir`) for the graph it
    names now (kg serve's ``Kg-Graph``), unless ``again`` (``--reload``); else ``read()``'s,
    kept for the graph every answer of their copy named (``read()`` gives it, or None). An
    endpoint that names no graph (most) is read every time: its data can change out of kg's
    sight."""
    graph = endpoint.graph()
    kept = None if graph is None or again else kept_endpoint_facts(endpoint.url, graph)
    if kept is not None:
        return kept
    facts, copied = read()
    if copied is not None:  # every answer of the copy from one graph
        keep_endpoint_facts(endpoint.url, copied, facts)
    return facts


def kept_endpoint_facts(url: str, graph: str) -> Facts | None:
    """The facts kept for the graph ``graph`` of the endpoint at ``url``, if any."""
    reading = progress.step("Reading the facts kept for {endpoint}", endpoint=url)
    return kept_facts(*_kept_for(url, graph), reading)


def keep_endpoint_facts(url: str, graph: str, facts: Facts) -> None:
    """Keep ``facts``, read from the graph ``graph`` of the endpoint at ``url`` (every answer
    of their copy named it), for :func:`endpoint_facts`."""
    path, key = _kept_for(url, graph)
    with progress.step("Keeping the facts read from {endpoint}", endpoint=url):
        keep_in_cache(path, lambda out: _write(out, key, facts))


def keep_in_cache(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write a file of kg's cache folder whole or not at all (:func:`kg.io.outputs.atomic`,
    a temporary file of its own: two runs may keep one endpoint's at once); nothing where the
    folder cannot be written, as what is kept is only ever a saving."""
    from kg.errors import KgError
    from kg.io.outputs import atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic(path, write)
    except (OSError, KgError):  # KgError: the file could not be written
        pass


def _kept_for(url: str, graph: str) -> tuple[Path, str]:
    """Where the facts of the graph ``graph`` of the endpoint at ``url`` are kept, and their
    key: the code that reads the facts, copies an endpoint and derives the view, kg's
    ontology (a store's key names it among its files), the URL's digest and the graph."""
    from kg.io import derive, endpoint, paging, pieces
    from kg.paths import ontology_file

    code = _code_key()
    for module in (derive, endpoint, paging, pieces):
        code.update(Path(module.__file__).read_bytes())
    code.update(ontology_file().read_bytes())
    return endpoint_file(url, ".json"), f"{code.hexdigest()} {url_digest(url)} {graph}"


def _keep(facts: Facts, path: Path, key: str, step: AbstractContextManager) -> None:
    """Write ``facts`` to ``path`` under ``key`` (reported as ``step``), through
    ``path.part``, whole or not at all (nothing where the folder cannot be written)."""
    partial = path.with_name(path.name + ".part")
    try:
        with step, partial.open("wb") as out:
            _write(out, key, facts)
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)


def _write(out: IO[bytes], key: str, facts: Facts) -> None:
    """``facts`` as kept: the key on a line first, so that a stale file is recognised
    without parsing the facts, then the facts' fields as they are (dataclasses.asdict would
    deep-copy them first: 4 s at 1M)."""
    kept = {f.name: getattr(facts, f.name) for f in fields(facts)}
    out.write(orjson.dumps({"key": key}) + b"\n")
    out.write(orjson.dumps(kept, option=orjson.OPT_NON_STR_KEYS) + b"\n")


def kept_facts(path: Path, key: str, step: AbstractContextManager | None = None) -> Facts | None:
    """The facts kept at ``path`` if its first line names ``key`` (their reading reported as
    ``step``, by default as a store's); None for a missing, stale or damaged file."""
    from kg.model.facts import Facts

    try:
        with path.open("rb") as kept:
            if orjson.loads(kept.readline()) != {"key": key}:
                return None
            with step or progress.step("Reading the facts kept in the store's folder"):
                return Facts(**orjson.loads(kept.read()))
    except (OSError, ValueError, TypeError):  # orjson.JSONDecodeError is a ValueError
        return None


def facts_key(directory: Path) -> str:
    """What the kept facts were read with: kg's version, its rules, the code that reads them
    and the store's files (a change to any is a new key, and the facts are read again)."""
    from kg.io.store import read_manifest

    digest = _code_key()
    digest.update(json.dumps((read_manifest(directory) or {}).get("files")).encode())
    return digest.hexdigest()


def _code_key() -> Any:  # a hashlib digest
    """A digest of what reads the facts: kg's version, its rules and the reading code."""
    from kg import __version__
    from kg.io.derive import rules_digest
    from kg.model import facts, names, periods, records, sectors, triples, vocab

    digest = hashlib.sha256(__version__.encode() + rules_digest().encode())
    for module in (facts, names, periods, records, sectors, triples, vocab):
        digest.update(Path(module.__file__).read_bytes())
    return digest
