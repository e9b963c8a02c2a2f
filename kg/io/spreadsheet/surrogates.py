"""Text no spreadsheet can hold: a lone half of a UTF-16 surrogate pair (``"a\\ud800b"``), which
is no character. A workbook written with one is broken and a CSV file cannot be encoded, so
the export refuses it before it writes anything, naming where it is."""

from __future__ import annotations

import re
from collections.abc import Mapping
from itertools import chain
from typing import TYPE_CHECKING

from kg.errors import KgError

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

#: A code point of a surrogate half: in a Python str, one alone (a pair makes one character).
_SURROGATE = re.compile("[\ud800-\udfff]")
#: What to do, said with every refusal.
_HINT = (
    "nothing was written; replace or remove the character in the data and export again (text "
    "decoded with errors='surrogateescape' or 'surrogatepass', or cut in the middle of a pair, "
    "holds one)"
)


def refuse_in_graph(graph: Graph) -> None:
    """Raise :class:`~kg.errors.KgError` naming the first triple of ``graph`` (in sorted
    order) that holds a lone surrogate, in its subject, property or value.

    >>> from rdflib import Graph, Literal, URIRef
    >>> from rdflib.namespace import SKOS
    >>> graph = Graph()
    >>> node = URIRef("https://w3id.org/kg-malmo/id/x")
    >>> _ = graph.add((node, SKOS.prefLabel, Literal("a\\ud800b")))
    >>> try:
    ...     refuse_in_graph(graph)
    ... except KgError as error:
    ...     print(error.message.split(", half")[0])
    id:x skos:prefLabel: the text 'a\\ud800b' holds U+D800
    """
    from kg.model.names import display, node_text

    if not _SURROGATE.search("".join(chain.from_iterable(graph))):  # one pass, one search
        return
    found = [t for t in graph if any(_SURROGATE.search(term) for term in t)]
    subject, predicate, value = min(found, key=lambda t: tuple(map(str, t)))
    node, prop = _shown(display(node_text(subject))), _shown(display(str(predicate)))
    text, code = _found(next(str(t) for t in (value, predicate, subject) if _SURROGATE.search(t)))
    raise KgError(
        f"{node} {prop}: the text '{text}' holds U+{code:04X}, half of a UTF-16 surrogate pair "
        "without its other half: no character, and no spreadsheet can hold it",
        hint=_HINT,
    )


def refuse_in_rows(rows: Mapping[str, list[dict[str, str]]], lang: str) -> None:
    """Raise :class:`~kg.errors.KgError` naming the first cell of ``rows`` (sheet key → rows
    of column key → text, as the template is written in ``lang``) that holds a lone
    surrogate: text the graph did not give (a city's name) is refused here."""
    from kg.io.spreadsheet.columns import SHEETS

    for sheet in SHEETS:
        for number, row in enumerate(rows.get(sheet.key, []), start=2):
            if not _SURROGATE.search("".join(row.values())):
                continue
            key, found = next((k, t) for k, t in row.items() if _SURROGATE.search(t))
            column = next((c.header(lang) for c in sheet.columns if c.key == key), key)
            text, code = _found(found)
            raise KgError(
                f"the {sheet.name(lang)} sheet, row {number}, column {column}: the text "
                f"'{text}' holds U+{code:04X}, half of a UTF-16 surrogate pair without its "
                "other half: no character, and no spreadsheet can hold it",
                hint=_HINT,
            )


def _found(text: str) -> tuple[str, int]:
    """``text`` as shown (:func:`_shown`) and the code point of its first surrogate."""
    return _shown(text), ord(_SURROGATE.search(text).group())  # type: ignore[union-attr]


def _shown(text: str) -> str:
    """``text`` with each surrogate as its escape (printable anywhere), its first 60
    characters where longer."""
    short = text if len(text) <= 60 else text[:60] + "…"
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", short)
