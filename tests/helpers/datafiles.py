"""Where a node of the bundled data is declared, for messages a curator can act on."""

from __future__ import annotations

from kg.paths import data_dir


def declared_at(node: str) -> str:
    """``file:line`` of the statement ``:name a …`` that declares ``node`` in data/, or its
    local name when no file starts a statement so."""
    name = str(node).rsplit("/", 1)[-1]
    for path in sorted(data_dir().rglob("*.ttl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith(f":{name} a "):
                return f"{path.relative_to(data_dir().parent)}:{number}"
    return name
