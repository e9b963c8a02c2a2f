"""The triples kg reads, one predicate at a time, straight from a pyoxigraph store.

Reading ``?s <p> ?o`` per predicate (never a join), written by pyoxigraph as TSV in threads of
its own and read a megabyte of rows at a time, keeps a million-triple store readable in
seconds; no term objects are made. Terms become plain data: an IRI is its string, a blank node
``_:id``, a literal a :class:`Lit`.
"""

from __future__ import annotations

import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from kg.model import vocab as v

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

_PLAIN = {v.XSD + "string", v.RDF + "langString"}
_INTEGERS = {v.XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
#: Classes the fact reader does not need (excerpts are found by oa:hasSource): skipped.
_EVIDENCE_CLASSES = (v.SOURCE_EXCERPT, v.TEXT_QUOTE_SELECTOR)


class Lit(NamedTuple):
    """A literal: its text, language tag and datatype IRI (None for plain strings)."""

    text: str
    lang: str | None = None
    datatype: str | None = None

    def value(self) -> Any:
        """The Python value: int for integers, bool for booleans, else the text.

        >>> Lit("21", datatype="http://www.w3.org/2001/XMLSchema#integer").value()
        21
        """
        if self.datatype in _INTEGERS:
            try:
                return int(self.text)
            except ValueError:
                return self.text
        if self.datatype == v.XSD + "boolean":
            return self.text.strip() in ("true", "1")
        return self.text


#: An RDF term as plain data: an IRI or ``_:``-prefixed blank node (str), or a :class:`Lit`.
Term = str | Lit


def term(node: Any) -> Term:
    """A pyoxigraph term as plain data."""
    import pyoxigraph as ox

    if type(node) is ox.Literal:
        datatype = node.datatype.value
        return Lit(node.value, node.language, None if datatype in _PLAIN else datatype)
    if type(node) is ox.BlankNode:
        return "_:" + node.value
    return node.value


class Triples:
    """Triples indexed by predicate, then subject: ``objects(subject, predicate)``."""

    def __init__(self, triples: Iterable[tuple[str, str, Term]] = ()) -> None:
        self._index: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for subject, predicate, obj in triples:
            self._index[predicate][subject].append(obj)

    def objects(self, subject: str, predicate: str) -> list[Term]:
        """Every object of ``subject``'s ``predicate``."""
        found = self._index.get(predicate)
        return found.get(subject, []) if found else []

    def value(self, subject: str, predicate: str) -> Term | None:
        """One object of ``subject``'s ``predicate``, or None."""
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def by_subject(self, predicate: str) -> Mapping[str, list[Term]]:
        """Every subject of ``predicate`` → its objects, in the order read (not to be changed):
        for a loop over many subjects, one lookup each rather than two."""
        return self._index.get(predicate) or {}

    def pairs(self, predicate: str) -> Iterator[tuple[str, Term]]:
        """Every (subject, object) of ``predicate``, by subject."""
        for subject, objects in sorted(self._index.get(predicate, {}).items()):
            for obj in objects:
                yield subject, obj

    def by_object(self, predicate: str) -> dict[str, set[str]]:
        """Object → the subjects with ``predicate`` to it (IRIs and blank nodes only)."""
        found: dict[str, set[str]] = defaultdict(set)
        for subject, objects in self._index.get(predicate, {}).items():
            for obj in objects:
                if isinstance(obj, str):
                    found[obj].add(subject)
        return found


def read(
    store: ox.Store,
    predicates: Iterable[str],
    *,
    skip_evidence_types: bool = False,
    advance: Callable[[], None] = lambda: None,
) -> Triples:
    """The triples of ``predicates`` in ``store``'s default graph, indexed (those of the
    derived predicates in the derived graph); ``advance`` is called after each predicate.

    ``skip_evidence_types`` leaves out the types of excerpts and quote selectors (most of the
    ``rdf:type`` triples of a large graph, which the fact reader does not need).

    >>> import pyoxigraph as ox
    >>> s = ox.Store()
    >>> s.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode(v.PREF_LABEL), ox.Literal("A")))
    >>> read(s, [v.PREF_LABEL]).value("http://x/a", v.PREF_LABEL)
    Lit(text='A', lang=None, datatype=None)
    """
    triples = Triples()
    for predicate, answer in _answers(store, predicates, skip_evidence_types):
        _index(triples._index[predicate], answer)
        advance()
    return triples


#: An answer of this many characters or more: the predicates after it are read in threads.
_THREADED_FROM = 256 * 1024


def _answers(
    store: ox.Store, predicates: Iterable[str], skip_evidence_types: bool
) -> Iterator[tuple[str, str]]:
    """Each predicate's triples as pyoxigraph's TSV, in order; two are asked for at a time in
    threads (pyoxigraph releases Python's lock while it evaluates and writes an answer), so
    the next answers are written while this one is indexed, and at most three are held. Until
    an answer is large (a city's data has none), they are asked for in turn: handing small
    answers between threads costs more than it saves."""
    from concurrent.futures import Future, ThreadPoolExecutor

    predicates = iter(predicates)
    for predicate in predicates:
        answer = _answer(store, predicate, skip_evidence_types)
        yield predicate, answer
        if len(answer) >= _THREADED_FROM:
            break
    pending: deque[tuple[str, Future[str]]] = deque()
    with ThreadPoolExecutor(2, thread_name_prefix="kg-read") as pool:
        for predicate in predicates:
            pending.append((predicate, pool.submit(_answer, store, predicate, skip_evidence_types)))
            if len(pending) == 3:
                predicate, answer = pending.popleft()
                yield predicate, answer.result()
        while pending:
            predicate, answer = pending.popleft()
            yield predicate, answer.result()


def _answer(store: ox.Store, predicate: str, skip_evidence_types: bool) -> str:
    """One predicate's ``?s ?o`` as TSV text: terms in N-Triples syntax, so a literal is told
    from an IRI by its first character, with no expression evaluated per row."""
    import pyoxigraph as ox

    if predicate == v.TYPE and skip_evidence_types:
        skipped = ", ".join(f"<{c}>" for c in _EVIDENCE_CLASSES)
        pattern = f"?s <{v.TYPE}> ?o FILTER(?o NOT IN ({skipped}))"
    else:
        pattern = f"?s {ox.NamedNode(predicate)} ?o"
    # what the rules derive is read from their graph alone: the same property written in
    # the data (which the shapes refuse) does not reach the analyses
    graphs = {"default_graph": [ox.NamedNode(v.DERIVED_GRAPH)], "named_graphs": []}
    where = graphs if predicate in v.DERIVED_PREDICATES else dataset()
    answer = store.query(f"SELECT ?s ?o WHERE {{ {pattern} }}", **where)
    return answer.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")


#: An IRI without its brackets, or a blank node as it is (``_:b1``): the group's content
#: follows "<" (the look-behind) or starts with "_:".
_NODE = r"<?((?<=<)[^>\n]*|_:[^\t\n]*)>?"
#: A TSV line of two nodes, the most common kind by far: a chunk of them is read by one call.
_NODE_PAIR = re.compile(rf"^{_NODE}\t{_NODE}$", re.M)
#: A TSV line of a node and a literal (quoted, or a bare number or boolean: never "<" or "_").
_NODE_LITERAL = re.compile(rf"^{_NODE}\t([^<_\n][^\n]*)$", re.M)
#: About how many characters of an answer are indexed at a time (what one chunk's rows cost
#: as Python strings at once, beside the answers the threads hold).
_CHUNK = 1 << 20


class _Literals(dict[str, Lit]):
    """A TSV literal → its :class:`Lit`, each distinct one parsed once (pages, counts and
    quotes repeat across thousands of rows)."""

    def __missing__(self, token: str) -> Lit:
        self[token] = found = tsv_literal(token)
        return found


def _index(by_subject: dict[str, list[Term]], answer: str) -> None:
    """Add a TSV answer's ``?s ?o`` rows to ``by_subject``, a megabyte of rows at a time."""
    literals = _Literals()
    start = answer.index("\n") + 1
    while start < len(answer):
        end = answer.find("\n", start + _CHUNK)
        end = len(answer) if end < 0 else end + 1
        rows = answer[start:end]
        start = end
        count = rows.count("\n")
        # the first row's object tells which expression to try first (a literal, or a node)
        if rows[rows.index("\t") + 1] in "<_" and len(pairs := _NODE_PAIR.findall(rows)) == count:
            for subject, obj in pairs:
                by_subject[subject].append(obj)
        elif len(pairs := _NODE_LITERAL.findall(rows)) == count:
            for subject, token in pairs:
                by_subject[subject].append(literals[token])
        else:
            # a literal never holds a raw tab or line feed (TSV escapes them); other line
            # breaks (U+2028, a form feed) may stand in it as they are, so only "\n" ends a row
            for row in rows.split("\n")[:-1]:
                subject, obj = row.split("\t")
                by_subject[subject[1:-1] if subject[0] == "<" else subject].append(
                    obj[1:-1] if obj[0] == "<" else obj if obj[0] == "_" else literals[obj]
                )


_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_ESCAPED = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def tsv_literal(token: str) -> Lit:
    r"""A literal as SPARQL's TSV writes it: quoted with a language tag or datatype, or a bare
    number or boolean (Turtle's short forms).

    >>> tsv_literal('"a\\tb"@sv'), tsv_literal("5").value(), tsv_literal("1.5e3").datatype[-6:]
    (Lit(text='a\tb', lang='sv', datatype=None), 5, 'double')
    """
    if token[0] != '"':
        if token in ("true", "false"):
            return Lit(token, None, v.XSD + "boolean")
        kind = "double" if "e" in token.lower() else "decimal" if "." in token else "integer"
        return Lit(token, None, v.XSD + kind)
    end = token.rindex('"')
    text, tail = token[1:end], token[end + 1 :]
    if "\\" in text:
        text = unescaped(text)
    if not tail:
        return Lit(text)
    if tail[0] == "@":
        return Lit(text, tail[1:])
    datatype = tail[3:-1]  # ^^<…>
    return Lit(text, None, None if datatype in _PLAIN else datatype)


def unescaped(text: str) -> str:
    """``text``, a string as N-Triples or Turtle write it between quotes, with its escapes
    read (``\\t``, ``\\u00e5``; any other character escaped is itself)."""
    return _ESCAPE.sub(_unescape, text)


def _unescape(match: re.Match[str]) -> str:
    code = match[1] or match[2]
    return chr(int(code, 16)) if code else _ESCAPED.get(match[3], match[3])


def curated_size(store: ox.Store) -> int:
    """How many triples the store's default graph (the curated facts) holds."""
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0].value)


def dataset() -> dict[str, Any]:
    """Options that make a pyoxigraph query see the curated facts (the default graph) and the
    derived view (:data:`~kg.model.vocab.DERIVED_GRAPH`) as one default graph, and no named
    graph: a ``GRAPH`` pattern matches nothing."""
    import pyoxigraph as ox

    return {"default_graph": [ox.DefaultGraph(), ox.NamedNode(v.DERIVED_GRAPH)], "named_graphs": []}


def descendants(children: Mapping[str, Iterable[str]], root: str) -> set[str]:
    """``root`` and every node below it in ``children`` (node → its children), however deep;
    for classes, ``children`` maps a class to its direct subclasses.

    >>> sorted(descendants({"a": {"b"}, "b": {"c", "a"}}, "a"))
    ['a', 'b', 'c']
    """
    found, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found
