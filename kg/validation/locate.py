"""Where in the data files a node is described: the file and line a violation points at.

The loaded graph does not keep which file a triple came from, so the files are read again,
only when there are violations, for the line that starts a statement about the node
(``:radda-barnen``, ``id:radda-barnen`` or ``<https://…/radda-barnen>`` at the start of a
line): the one that gives its type, else the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from kg.model.vocab import PREFIXES

#: Files past this size are not read again to place a violation (a national graph's one file).
LARGEST = 50_000_000


def places(nodes: Iterable[str], files: Iterable[Path]) -> dict[str, str]:
    """Node (as violations name it: ``id:radda-barnen``) → ``file:line`` of the statement in
    ``files`` that gives its type, else of the first about it; nodes not found (blank nodes,
    nodes only pointed at) are left out.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "a.ttl"
    ...     lines = ["@prefix : <x> .", "", ":radda-barnen a :T .", ":b a :T .",
    ...              "<http://e.org/b> a :T ."]
    ...     _ = path.write_text("\\n".join(lines), encoding="utf-8")
    ...     found = places(["id:radda-barnen", "<http://e.org/b>"], [path])
    ...     [found[n].rsplit(":", 1)[1] for n in ("id:radda-barnen", "<http://e.org/b>")]
    ['3', '5']
    """
    exact: dict[str, str] = {}  # a node by its IRI written out (``<https://…/x>``)
    loose: dict[str, str] = {}  # or by a prefixed name ending in its last part (``id:x``)
    for node in set(nodes):
        iri = _iri(node)
        if iri is not None:
            tail = re.split(r"[/#:]", iri)[-1]
            loose[node] = rf"^[ \t]*(?:<{re.escape(iri)}>|[\w-]*:{re.escape(tail)})"
            if node.startswith("<"):  # an IRI no prefix of kg's shortens: written out first,
                exact[node] = rf"^[ \t]*<{re.escape(iri)}>"  # as ``x:tail`` may be another's
    found = _statements(exact, files)
    found.update(_statements({n: p for n, p in loose.items() if n not in found}, files))
    return found


def _statements(subjects: dict[str, str], files: Iterable[Path]) -> dict[str, str]:
    """Node → ``file:line`` of the statement matching its pattern in ``subjects`` that gives
    its type, else of the first."""
    typed: dict[str, str] = {}
    first: dict[str, str] = {}
    for path in (p for p in files if p.stat().st_size <= LARGEST):
        if len(typed) == len(subjects):
            break
        text = path.read_text(encoding="utf-8", errors="replace")
        for node, subject in subjects.items():
            # where the node is typed (``:x a kg:Committee``), else the first statement about it
            for ending, found in ((r"\s+a\s", typed), (r"(?=[\s;,.]|$)", first)):
                if node not in found and (match := re.search(subject + ending, text, re.M)):
                    found[node] = f"{path}:{text.count(chr(10), 0, match.start()) + 1}"
    return {**first, **typed}


def _iri(node: str) -> str | None:
    """The full IRI of a node as :func:`~kg.model.names.display` writes it, or None."""
    if node.startswith("_:"):
        return None
    if node.startswith("<") and node.endswith(">"):  # an IRI no prefix shortens
        return node[1:-1]
    prefix, _, local = node.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return node if "://" in node else None
