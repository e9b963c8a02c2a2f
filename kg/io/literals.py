"""rdflib's literals as written: kg keeps an ill-typed one ("yes" typed xsd:boolean) and the
form of any other ("01" typed xsd:integer) where rdflib would normalize them."""

from __future__ import annotations

import logging
import re
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["bare_forms_kept_apart", "ill_typed_kept"]


def _not_an_ill_typed_literal(record: logging.LogRecord) -> bool:
    """Whether ``record`` is not rdflib's traceback for an ill-typed literal ("abc" typed
    xsd:integer): RDF allows one, kg keeps it as written, and a traceback on stderr for each
    one read looks like kg failing."""
    return not str(record.msg).startswith("Failed to convert Literal lexical form")


#: The warnings of rdflib's about ill-typed literals that kg's blocks leave unsaid
_QUIET = ("Parsing weird boolean", "Serializing weird numerical")

#: kg's blocks in :func:`ill_typed_kept` now open, in any thread, and what they undo when the
#: last one ends: rdflib's setting, its logger's filters and Python's warning filters are
#: process-wide, so the first block sets them and the last restores them (each block
#: restoring its own would restore them under another thread's parse, which would then
#: normalize "yes" typed xsd:boolean)
_KEPT_LOCK = threading.Lock()
_kept: dict[str, Any] = {"open": 0, "normalized": True, "filters": ()}


@contextmanager
def ill_typed_kept() -> Iterator[None]:
    """A block in which rdflib reads and writes literals as written: an ill-typed one ("yes"
    typed xsd:boolean, which rdflib would make "false"; "abc" typed xsd:decimal) without its
    warnings about them, and others in their own form ("01" typed xsd:integer stays "01"),
    as the store holds them.

    Safe in threads (a notebook's pool calling :func:`kg.load`): rdflib's setting is
    process-wide, so it holds from the first such block to start until the last to end, and
    rdflib's own value is restored then. Code outside kg building literals in another thread
    meanwhile gets them as written too.

    >>> import rdflib
    >>> with ill_typed_kept():
    ...     rdflib.Literal("01", datatype=rdflib.XSD.integer)
    rdflib.term.Literal('01', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    >>> rdflib.NORMALIZE_LITERALS
    True
    """
    import rdflib

    with _KEPT_LOCK:
        if not _kept["open"]:
            _kept["normalized"] = rdflib.NORMALIZE_LITERALS
            rdflib.NORMALIZE_LITERALS = False
            _kept["filters"] = _quieted()
        _kept["open"] += 1
    try:
        yield
    finally:
        with _KEPT_LOCK:
            _kept["open"] -= 1
            if not _kept["open"]:
                rdflib.NORMALIZE_LITERALS = _kept["normalized"]
                _unquieted(_kept["filters"])
                _kept["filters"] = ()


def _quieted() -> tuple:
    """Add kg's filters of rdflib's warnings and log records about ill-typed literals; return
    the warning filters added, for :func:`_unquieted`."""
    logging.getLogger("rdflib.term").addFilter(_not_an_ill_typed_literal)
    added = tuple(("ignore", re.compile(m, re.I), UserWarning, None, 0) for m in _QUIET)
    for entry in added:  # one step each: filterwarnings then filters[0] could take the
        warnings.filters.insert(0, entry)  # program's filter another thread put first
    _mutated()
    return added


def _unquieted(added: tuple) -> None:
    """Remove the filters :func:`_quieted` added, and only those: a filter the program added
    meanwhile (in another thread) stays, as does rdflib's log of a caller's own literals."""
    logging.getLogger("rdflib.term").removeFilter(_not_an_ill_typed_literal)
    for entry in added:
        for index, present in enumerate(warnings.filters):
            if present is entry:
                del warnings.filters[index]
                break
    _mutated()


def _mutated() -> None:
    """Tell Python the warning filters changed (warnings seen before are asked again)."""
    mutated = getattr(warnings, "_filters_mutated", None)
    if mutated is not None:
        mutated()


_XSD = "http://www.w3.org/2001/XMLSchema#"


def bare_forms_kept_apart(graph: Any, text: str | None = None) -> None:
    """Give, in the rdflib ``graph``, a boolean written 1 or 0 as true or false, and a decimal
    ending in its point (5.) with a 0 after it (5.0): the same values, in the forms rdflib's
    Turtle writer can write bare. It writes a value of these types without quotes, where 1
    reads back as a whole number and 5. not at all; every other literal stays as written.
    Where ``text``, the graph's source, holds no quoted 1, 0 or 5. (nor an escape), nothing is
    looked at.

    >>> from rdflib import Graph
    >>> turtle = (
    ...     '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . <urn:x> <urn:flag> '
    ...     '"1"^^xsd:boolean ; <urn:share> "5."^^xsd:decimal ; <urn:count> "01"^^xsd:integer .'
    ... )
    >>> with ill_typed_kept():
    ...     graph = Graph().parse(data=turtle, format="turtle")
    >>> bare_forms_kept_apart(graph)
    >>> sorted(str(o) for o in graph.objects())
    ['01', '5.0', 'true']
    """
    from rdflib import XSD, Literal

    if text is not None and not _MAYBE_BARE.search(text):
        return
    boolean, decimal = XSD.boolean, XSD.decimal
    changed = []
    for s, p, o in graph:
        if type(o) is not Literal or (o.datatype != boolean and o.datatype != decimal):
            continue
        written = str(o)
        if o.datatype == boolean and written in ("1", "0"):
            changed.append((s, p, o, "true" if written == "1" else "false"))
        elif o.datatype == decimal and _POINT_LAST.fullmatch(written):
            changed.append((s, p, o, written + "0"))
    for s, p, o, form in changed:
        graph.remove((s, p, o))
        graph.add((s, p, Literal(form, datatype=o.datatype)))


_POINT_LAST = re.compile("[+-]?[0-9]+[.]")
#: A quoted 1 or 0, or a quoted number ending in its point, followed by a datatype (in any
#: of Turtle's quotes), or an escaped character (which could be one of them)
_MAYBE_BARE = re.compile(rf"""["']+([01]|{_POINT_LAST.pattern})["']+\^\^|\\[uU]""")

#: What to write for a value of each XSD datatype kg checks (kg import refuses an ill-typed
#: value of any datatype rdflib knows; kg validate checks these)
WRITE = {
    "boolean": "write true or false",
    "integer": "write a whole number, such as 4",
    "decimal": "write a number, such as 4.5",
    "double": "write a number, such as 4.5 or 4.5E3",
    "float": "write a number, such as 4.5 or 4.5E3",
    "date": "write a date as YYYY-MM-DD, such as 2016-03-31",
    "dateTime": "write a date and time, such as 2016-03-31T09:00:00",
    "time": "write a time, such as 09:00:00",
    "gYear": "write a year, such as 2016",
    "gYearMonth": "write a year and month, such as 2016-03",
}


def ill_typed_problem(lexical: str, datatype: str) -> tuple[str, str]:
    """The message and the hint for the value ``lexical`` that is not of its ``datatype``.

    >>> ill_typed_problem("yes", "http://www.w3.org/2001/XMLSchema#boolean")
    ('"yes" is not a valid xsd:boolean', 'write true or false')
    """
    name, hint = _named(datatype)
    return f'"{lexical}" is not a valid {name}', hint


def ill_typed_violation(lexical: str, datatype: str) -> str:
    """:func:`ill_typed_problem` as one text, as a violation says it."""
    name, hint = _named(datatype)
    return f'"{lexical}" is not a valid {name}; {hint}'


def _named(datatype: str) -> tuple[str, str]:
    """The datatype as a violation names it (``xsd:boolean``), and what to write for it."""
    local = datatype[len(_XSD) :] if datatype.startswith(_XSD) else None
    name = f"xsd:{local}" if local else f"<{datatype}>"
    return name, WRITE.get(local or "", "write a value of that datatype, or the text without it")


def of_its_type(lexical: str, datatype: str) -> bool:
    """Whether ``lexical`` is a value of ``datatype``, where it is one of :data:`WRITE`'s, as
    kg validate checks it (:func:`cast_holds`; true for any other datatype).

    >>> XSD = "http://www.w3.org/2001/XMLSchema#"
    >>> of_its_type("01", XSD + "integer"), of_its_type("1e3", XSD + "decimal")
    (True, False)
    >>> of_its_type("12345678901234567890", XSD + "integer"), of_its_type("inf", XSD + "double")
    (True, False)
    """
    import pyoxigraph as ox

    if not datatype.startswith(_XSD) or datatype[len(_XSD) :] not in WRITE:
        return True
    text = str(ox.Literal(lexical))  # quoted and escaped as SPARQL writes it
    query = f"ASK {{ FILTER({cast_holds(text, datatype)}) }}"
    return bool(ox.Store().query(query))


#: The lexical space of the numbers and booleans (XSD 1.1 Part 2), matched by its pattern
#: rather than by a cast: a whole number or a decimal has no bounds in XSD (a cast in SPARQL
#: fails past 64 bits, or past 18 decimals), and a cast to a double takes "inf", "Infinity"
#: and "nan", which are no doubles in XSD (INF, -INF and NaN are).
_NUMBER = "[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)"
_LEXICAL = {
    "boolean": "true|false|1|0",
    "integer": "[+-]?[0-9]+",
    "decimal": _NUMBER,
    "double": f"{_NUMBER}([Ee][+-]?[0-9]+)?|[+-]?INF|NaN",
    "float": f"{_NUMBER}([Ee][+-]?[0-9]+)?|[+-]?INF|NaN",
}


def cast_holds(term: str, datatype: str) -> str:
    """A SPARQL expression: whether the text ``term`` (an expression) is a value of
    ``datatype``: a number's or a boolean's in its lexical space, a date's or a time's a text
    whose cast does not fail (the cast checks that 2016-02-30 is no day). kg import and kg
    validate's one test of a value's datatype."""
    pattern = _LEXICAL.get(datatype.removeprefix(_XSD)) if datatype.startswith(_XSD) else None
    if pattern is not None:
        return f'REGEX({term}, "^({pattern})$")'
    return f"COALESCE(isLiteral(<{datatype}>({term})), false)"
