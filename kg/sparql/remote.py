"""A query on an endpoint: sent as it is, its answer read back into pyoxigraph whole or not at all.

SELECT answers are checked: every answer that is not empty is counted again on the endpoint
(the query as a sub-select), so that a cut is found whether or not the endpoint says so (kg
serve's ``Kg-Truncated``, Virtuoso's ``X-SPARQL-MaxRows``). An answer short of the count is
read again in pages (``LIMIT``/``OFFSET``, ordered by the query's own ORDER BY and then every
projected variable, so that the pages do not overlap), and the pages must add up to the
count; a query that cannot be paged (``SELECT *``, its own LIMIT, OFFSET or trailing VALUES)
fails with a message instead. A CONSTRUCT is read as the SELECT of its template's variables,
checked the same way, and its template filled in here; a DESCRIBE is asked for in graph
formats, and one the endpoint says it cut fails.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.errors import EndpointError
from kg.io.answers import ACCEPT, Answer, graph_format, results_format
from kg.model.vocab import PREFIXES
from kg.sparql.check import FORMS
from kg.sparql.lexer import tokens

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from kg.io.endpoint import Endpoint

#: SELECT answers with this many rows or more are counted again on the endpoint (a cut answer
#: is never empty).
VERIFY_FROM = 1
_TAIL = ("LIMIT", "OFFSET", "VALUES")


@dataclass(frozen=True)
class Shape:
    """Where a query's prologue ends, what a SELECT projects (None: ``*``), and whether it
    ends in an ORDER BY that more keys can be added to (no LIMIT, OFFSET or VALUES after)."""

    start: int
    projected: tuple[str, ...] | None
    ordered: bool
    tail: bool


def shape(text: str) -> Shape:
    """The :class:`Shape` of a query's text.

    >>> shape("PREFIX a: <x:> SELECT ?b (COUNT(*) AS ?n) WHERE { ?b ?c ?d } GROUP BY ?b")
    Shape(start=15, projected=('?b', '?n'), ordered=False, tail=False)
    """
    start, projected, ordered, tail = None, [], False, False
    braces = parens = 0
    in_projection, opened, star = False, False, False
    previous = ""
    for token in tokens(text):
        if token.kind == "punct" and token.text in "{}()":
            braces += {"{": 1, "}": -1}.get(token.text, 0)
            parens += {"(": 1, ")": -1}.get(token.text, 0)
            if token.text == "{":
                in_projection, opened = False, True
            continue
        if start is None and token.keyword in FORMS:
            start, in_projection = token.offset, token.keyword == "SELECT"
        elif in_projection and token.keyword == "WHERE":
            in_projection = False
        elif in_projection and token.kind == "var" and (parens == 0 or previous == "AS"):
            projected.append(token.text)
        elif in_projection and token.text == "*" and parens == 0:
            star = True
        elif opened and braces == 0 and parens == 0:
            ordered = ordered or token.keyword == "ORDER"
            tail = tail or token.keyword in _TAIL
        previous = token.keyword
    return Shape(start or 0, None if star else tuple(projected), ordered, tail)


def run_remote(endpoint: Endpoint, text: str, kind: str) -> Any:
    """Run a query of ``kind`` (solutions, boolean, graph) on the endpoint; pyoxigraph's
    answer (``QuerySolutions``, ``QueryBoolean`` or a list of ``Triple``)."""
    text = with_prefixes(text)
    if kind == "graph":
        parts = template(text)
        if parts is None:  # DESCRIBE: the endpoint's graph, unless it says it cut it
            return _graph(endpoint, endpoint.query(text, ACCEPT["graph"]))
        return _construct(endpoint, *parts)
    if kind == "boolean":
        answer = endpoint.query(text, ACCEPT["boolean"])
        return _parse(endpoint, answer.body, results_format(endpoint.url, answer))
    variables, rows = solutions(endpoint, text)
    _merged(endpoint, variables, rows, check=True)
    return _merged(endpoint, variables, rows)


def solutions(endpoint: Endpoint, text: str) -> tuple[list[str], list[dict]]:
    """Every row of a SELECT on the endpoint, as SPARQL JSON variables and bindings: the
    answer as it came when it is whole, else read again in pages (see the module)."""
    answer = endpoint.query(text, ACCEPT["solutions"])
    variables, rows = _rows(endpoint, answer, 0)
    if answer.cap is not None or len(rows) >= VERIFY_FROM:
        query = shape(text)  # counted on the endpoint as a sub-select
        prologue, body = text[: query.start], text[query.start :]
        total = endpoint.count(f"{{ {{ {body}\n}} }}", prologue=prologue)
        if total != len(rows):
            rows = _pages(endpoint, text, query, total, answer.cap or len(rows))
    return variables, rows


def _graph(endpoint: Endpoint, answer: Answer) -> list[ox.Triple]:
    import pyoxigraph as ox

    if answer.cap is not None:
        raise EndpointError(
            f"the endpoint cut the graph at {answer.cap} triples (its row cap)",
            hint="add LIMIT and OFFSET to the query to read it in parts, or raise the cap",
        )
    fmt = graph_format(endpoint.url, answer)
    try:
        return [q.triple for q in ox.parse(answer.body, format=fmt, rename_blank_nodes=False)]
    except SyntaxError as error:
        raise _unreadable(endpoint, answer.media_type, error) from error


def _parse(
    endpoint: Endpoint, body: bytes, fmt: ox.QueryResultsFormat, check: bool = False
) -> ox.QuerySolutions | ox.QueryBoolean:
    import pyoxigraph as ox

    try:
        parsed = ox.parse_query_results(body, format=fmt)
        if check:
            list(parsed)
        return parsed
    except (SyntaxError, ValueError) as error:
        raise _unreadable(endpoint, fmt.media_type, error) from error


def _merged(
    endpoint: Endpoint, variables: list[str], rows: list[dict], check: bool = False
) -> ox.QuerySolutions | ox.QueryBoolean:
    """Rows read from the endpoint (:func:`solutions`) as pyoxigraph's solutions."""
    import pyoxigraph as ox

    merged = json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}})
    return _parse(endpoint, merged.encode(), ox.QueryResultsFormat.JSON, check)


def _unreadable(endpoint: Endpoint, media_type: str, error: Exception) -> EndpointError:
    """The error for an answer of ``media_type`` the endpoint gave that cannot be read."""
    return EndpointError(
        f"cannot read the endpoint's answer ({media_type}): {error}",
        hint=f"check that {endpoint.url} is a SPARQL 1.1 query endpoint",
    )


def _rows(endpoint: Endpoint, answer: Answer, number: int) -> tuple[list[str], list[dict]]:
    """An answer's variables and rows as SPARQL JSON bindings (any results format), its blank
    nodes labelled anew for answer ``number`` (labels mean nothing outside their answer)."""
    import pyoxigraph as ox

    fmt = results_format(endpoint.url, answer)
    body = answer.body
    if fmt != ox.QueryResultsFormat.JSON:
        solutions = _parse(endpoint, body, fmt)
        body = solutions.serialize(format=ox.QueryResultsFormat.JSON)
    try:
        data = json.loads(body)
        rows = list(data["results"]["bindings"])
        labels: dict[str, str] = {}
        for row in rows:
            for term in row.values():
                if term.get("type") == "bnode":
                    term["value"] = labels.setdefault(term["value"], f"a{number}b{len(labels)}")
        return list(data["head"].get("vars", [])), rows
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise _unreadable(endpoint, answer.media_type, error) from error


def _pages(endpoint: Endpoint, text: str, query: Shape, total: int, cap: int) -> list[dict]:
    """Every row of a SELECT the endpoint cut, read in pages of ``cap`` rows."""
    if query.projected is None or query.tail or cap < 1:
        raise EndpointError(
            f"the endpoint gave {cap} of the query's {total} rows (its row cap), and kg "
            "cannot page this query",
            hint="name the selected variables instead of SELECT *, and leave LIMIT, OFFSET "
            "and a trailing VALUES to kg; or add LIMIT and OFFSET yourself",
        )
    keys = " ".join(query.projected)
    order = f"\n{keys}" if query.ordered else f"\nORDER BY {keys}"
    rows: list[dict] = []
    while True:  # a page per answer: its blank nodes are its own
        page = endpoint.query(f"{text}{order} LIMIT {cap} OFFSET {len(rows)}", ACCEPT["solutions"])
        found = _rows(endpoint, page, len(rows) // cap + 1)[1]
        rows.extend(found)
        if len(found) < cap or not found or len(rows) >= total:
            break
    if len(rows) != total:
        raise EndpointError(
            f"the endpoint gave {len(rows)} rows in pages of {cap} where it counts {total}",
            hint="the data may have changed while kg read it: run the query again",
        )
    return rows


def with_prefixes(text: str) -> str:
    """The kg prefixes declared before the text, for endpoints that predeclare none."""
    found = list(tokens(text))
    declared = {
        found[i + 1].text.rstrip(":") for i, t in enumerate(found[:-1]) if t.keyword == "PREFIX"
    }
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in declared]
    return "\n".join([*lines, text])


def template(text: str) -> tuple[str, str, str] | None:
    """A CONSTRUCT query's prologue, template and the rest (``WHERE { … }`` and modifiers);
    None for other queries.

    >>> template("PREFIX a: <x:> CONSTRUCT { ?s a:p ?o } WHERE { ?s a:q ?o } LIMIT 3")
    ('PREFIX a: <x:> ', ' ?s a:p ?o ', 'WHERE { ?s a:q ?o } LIMIT 3')
    >>> template("CONSTRUCT WHERE { ?s ?p ?o }")
    ('', ' ?s ?p ?o ', 'WHERE { ?s ?p ?o }')
    """
    found = list(tokens(text))
    form = next((i for i, t in enumerate(found) if t.keyword in FORMS), None)
    if form is None or found[form].keyword != "CONSTRUCT" or form + 2 >= len(found):
        return None
    short = found[form + 1].keyword == "WHERE"
    opening = form + 2 if short else form + 1
    if found[opening].text != "{":
        return None
    depth = 0
    for token in found[opening:]:
        if token.kind == "punct" and token.text in "{}":
            depth += 1 if token.text == "{" else -1
            if depth == 0:
                inside = text[found[opening].offset + 1 : token.offset]
                rest = text[found[form + 1].offset if short else token.offset + 1 :]
                return text[: found[form].offset], inside, rest.lstrip()
    return None


_VARIABLE = "urn:kg:variable:"


def _construct(endpoint: Endpoint, prologue: str, inside: str, rest: str) -> list[ox.Triple]:
    """A CONSTRUCT read as the SELECT of its template's variables (whole, as any SELECT),
    its template filled in here: fresh blank nodes for each solution, as the standard says."""
    import pyoxigraph as ox

    names = list(dict.fromkeys(t.text[1:] for t in tokens(inside) if t.kind == "var"))
    turtle, end = [], 0
    for token in tokens(inside):
        if token.kind == "var":
            turtle += [inside[end : token.offset], f"<{_VARIABLE}{token.text[1:]}>"]
            end = token.offset + len(token.text)
    body = "".join([*turtle, inside[end:]]).rstrip()
    try:
        pattern = [
            q.triple
            for q in ox.parse(
                f"{prologue}\n{body}{'' if body.endswith('.') else ' .'}",
                format=ox.RdfFormat.TURTLE,
            )
        ]
    except SyntaxError:
        pattern = None
    if not names or pattern is None:  # a template kg cannot fill: the endpoint's own graph
        return _graph(
            endpoint, endpoint.query(f"{prologue}CONSTRUCT {{{inside}}} {rest}", ACCEPT["graph"])
        )
    variables, rows = solutions(
        endpoint, f"{prologue}SELECT {' '.join('?' + n for n in names)}\n{rest}"
    )
    graph: dict[ox.Triple, None] = {}
    for solution in _merged(endpoint, variables, rows):
        fresh: dict[ox.BlankNode, ox.BlankNode] = {}
        for triple in pattern:
            terms = [_fill(term, solution, fresh) for term in triple]
            try:
                graph[ox.Triple(*terms)] = None
            except TypeError:  # unbound, or a literal where it cannot stand: no triple
                continue
    return list(graph)


def _fill(term: Any, solution: Any, fresh: dict) -> Any:
    import pyoxigraph as ox

    if type(term) is ox.NamedNode and term.value.startswith(_VARIABLE):
        return solution[term.value[len(_VARIABLE) :]]
    if type(term) is ox.BlankNode:
        return fresh.setdefault(term, ox.BlankNode())
    return term
