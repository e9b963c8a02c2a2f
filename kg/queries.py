"""The SPARQL query library: find and parse ``queries/*.rq``, bind parameters, run on a graph."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import rdflib.plugins.sparql
from pyparsing import ParseBaseException
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Identifier, Node

from kg.errors import KgError, ParameterError, QuerySyntaxError, RefusedQueryError
from kg.namespace import PREFIXES, SECTORS
from kg.paths import queries_dir
from kg.rdflib_plan import contains, plan

# Never fetch FROM / FROM NAMED graphs over the network (rdflib does by default).
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

#: Parameter types a ``#+ param:`` header line may declare.
PARAM_TYPES = ("iri", "literal", "integer", "langstring")
#: Header keys every library query must have, in order.
HEADER_KEYS = ("summary", "description", "tags", "params", "example")

_HEADER_LINE = re.compile(r"^#\+\s?(?P<key>[a-z]+):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^#\+\s{2,}(?P<value>\S.*)$")
_PARAM_SPEC = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?P<type>[a-z]+)\s*"
    r"(?:,\s*default:\s*(?P<default>.*))?\)$"
)
_LANGSTRING = re.compile(
    r'^(?:"(?P<quoted>.*)"|(?P<bare>[^"@][^@]*?))@(?P<lang>[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)$'
)
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|^`\\]')
_BARE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class Param:
    """One declared parameter: a SPARQL variable bound when the query runs."""

    name: str
    type: str
    default: str | None
    description: str
    line: int

    @property
    def required(self) -> bool:
        """True when the parameter has no default and must be given."""
        return self.default is None


@dataclass(frozen=True)
class LibraryQuery:
    """A SPARQL query with its header: title, research question, tags, parameters, example."""

    name: str
    text: str
    path: Path | None = None
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    example: str = ""
    #: header keys present in the file (for :func:`header_problems`)
    keys: tuple[str, ...] = field(default=(), repr=False)

    @property
    def source(self) -> Path:
        """Where the query comes from, for error messages (``<stdin>`` when read from a pipe)."""
        return self.path or Path(f"<{self.name}>")

    def param(self, name: str) -> Param | None:
        """The declared parameter called ``name``, or None."""
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True)
class PreparedQuery:
    """A parsed, checked query with its parameter bindings, ready to run on any graph."""

    query: LibraryQuery
    algebra: Query
    bindings: dict[str, Identifier]

    @property
    def form(self) -> str:
        """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``."""
        return _FORMS[self.algebra.algebra.name]


_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


# ---------------------------------------------------------------- the library and headers


def library(folder: Path | None = None) -> list[LibraryQuery]:
    """Every query of the library (``queries/*.rq``), sorted by name.

    >>> "actors-by-sector" in [q.name for q in library()]
    True
    """
    folder = folder or queries_dir()
    return [read_query(path) for path in sorted(folder.glob("*.rq"))]


def read_query(path: Path | str) -> LibraryQuery:
    """Read one ``.rq`` file and its header."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise KgError(
            f"cannot read the query file: {error}",
            path=path,
            hint="give a readable UTF-8 .rq file, a library name (kg queries lists them) or -",
        ) from error
    return from_text(text, name=path.stem, path=path)


def find(ref: str, folder: Path | None = None) -> LibraryQuery:
    """A query by library name (``actors-by-sector``) or by the path of an ``.rq`` file.

    >>> find("actors-by-sector").summary
    'Actors per sector and type'
    """
    folder = folder or queries_dir()
    candidate = folder / f"{ref}.rq"
    if "/" not in ref and "\\" not in ref and candidate.is_file():
        return read_query(candidate)
    path = Path(ref)
    if path.is_file():
        return read_query(path)
    names = [p.stem for p in sorted(folder.glob("*.rq"))]
    close = difflib.get_close_matches(ref, names, n=3)
    raise KgError(
        f"no library query or file called '{ref}'",
        hint=(f"did you mean {', '.join(close)}? " if close else "")
        + "kg queries lists the library; give a path to an .rq file, or - for standard input",
    )


def from_text(text: str, *, name: str = "stdin", path: Path | None = None) -> LibraryQuery:
    """A query from SPARQL text; its header (``#+`` comment lines), if any, is parsed.

    >>> q = from_text('#+ summary: All\\n#+ params:\\n#+ param: s (iri, default: kg:Academia)\\n'
    ...               'SELECT * WHERE { ?a ?b ?s }')
    >>> q.summary, q.params[0].name, q.params[0].default
    ('All', 's', 'kg:Academia')
    """
    values: dict[str, list[str]] = {}
    params: list[Param] = []
    keys: list[str] = []
    last: str | None = None
    source = path or Path(f"<{name}>")
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        if continuation := _CONTINUATION.match(stripped):
            if last is None:
                raise QuerySyntaxError(
                    "a header continuation line with no header line before it",
                    path=source,
                    line=number,
                    hint="start the header with '#+ summary: …'",
                )
            values[last].append(continuation["value"].strip())
            continue
        match = _HEADER_LINE.match(stripped)
        if not match:
            last = None
            continue
        key, value = match["key"], match["value"].strip()
        if key == "param":
            params.append(_parse_param(value, source, number))
            last = None
            continue
        if key not in HEADER_KEYS:
            raise QuerySyntaxError(
                f"unknown header key '#+ {key}:'",
                path=source,
                line=number,
                column=line.index(key) + 1,
                hint=f"use {', '.join('#+ ' + k + ':' for k in HEADER_KEYS)} and '#+ param:'",
            )
        keys.append(key)
        values[key] = [value] if value else []
        last = key
    joined = {key: " ".join(parts) for key, parts in values.items()}
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        duplicate = next(p for p in params if names.count(p.name) > 1)
        raise QuerySyntaxError(
            f"parameter '{duplicate.name}' is declared twice",
            path=source,
            line=duplicate.line,
            hint="declare each parameter once",
        )
    return LibraryQuery(
        name=name,
        text=text,
        path=path,
        summary=joined.get("summary", ""),
        description=joined.get("description", ""),
        tags=tuple(t.strip() for t in joined.get("tags", "").split(",") if t.strip()),
        params=tuple(params),
        example=joined.get("example", ""),
        keys=tuple(keys),
    )


def _parse_param(value: str, source: Path, line: int) -> Param:
    parts = re.split(r"\s+(?:—|–|--)\s+", value, maxsplit=1)
    spec, description = parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""
    match = _PARAM_SPEC.match(spec)
    if not match or match["type"] not in PARAM_TYPES:
        raise QuerySyntaxError(
            f"malformed parameter line '#+ param: {value}'",
            path=source,
            line=line,
            hint="write '#+ param: NAME (TYPE, default: VALUE) — what it is', TYPE one of "
            + ", ".join(PARAM_TYPES),
        )
    param = Param(
        name=match["name"],
        type=match["type"],
        default=match["default"].strip() if match["default"] is not None else None,
        description=description,
        line=line,
    )
    if param.default is not None:
        to_term(param.default, param.type, name=param.name, source=source, line=line)
    return param


def header_problems(query: LibraryQuery) -> list[str]:
    """What a library query's header lacks (empty when complete).

    >>> header_problems(find("actors-by-sector"))
    []
    """
    problems = [f"missing '#+ {key}:'" for key in HEADER_KEYS if key not in query.keys]
    for key in ("summary", "description", "tags", "example"):
        if key in query.keys and not getattr(query, key):
            problems.append(f"empty '#+ {key}:'")
    if query.example and not query.example.startswith(f"kg query {query.name}"):
        problems.append(f"the example should start with 'kg query {query.name}'")
    for param in query.params:
        if not param.description:
            problems.append(f"parameter '{param.name}' has no description")
        if param.default is None:
            problems.append(f"parameter '{param.name}' has no default")
        if not re.search(rf"[?$]{param.name}\b", _strip_comments(query.text)):
            problems.append(f"parameter '{param.name}' is not a variable of the query")
    return problems


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


# ---------------------------------------------------------------- parameters


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """``["name=value", …]`` (from ``--param``) as a dict; a malformed item raises.

    >>> parse_assignments(["sector=academia", "actor=id:radda-barnen"])
    {'sector': 'academia', 'actor': 'id:radda-barnen'}
    """
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name.strip()):
            raise ParameterError(
                f"malformed parameter '{item}'",
                hint="write --param NAME=VALUE, for example --param sector=academia",
            )
        values[name.strip()] = value.strip()
    return values


def to_term(
    value: str,
    kind: str,
    *,
    name: str = "value",
    source: Path | None = None,
    line: int | None = None,
) -> Identifier:
    """Turn a parameter's text into an RDF term of its declared type.

    IRIs may be full (``<https://…>``), prefixed with a kg prefix (``id:radda-barnen``,
    ``kg:Academia``), a sector shortcut (``academia``, ``civil``, ``public``, ``business``) or
    a bare name in the data namespace (``radda-barnen``).

    >>> to_term("academia", "iri")
    rdflib.term.URIRef('https://w3id.org/kg-malmo/ontology#Academia')
    >>> to_term('"Rädda Barnen"@sv', "langstring")
    rdflib.term.Literal('Rädda Barnen', lang='sv')
    >>> to_term("3", "integer").toPython()
    3
    """

    def bad(expected: str) -> ParameterError:
        return ParameterError(
            f"parameter '{name}' ({kind}): {value!r} is not {expected}",
            path=source,
            line=line,
            hint=_TYPE_HINTS[kind],
        )

    if kind == "iri":
        return _iri(value, bad)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise bad("an integer")
        return Literal(int(value))
    if kind == "langstring":
        match = _LANGSTRING.match(value.strip())
        if not match:
            raise bad("a language-tagged string")
        text = match["quoted"] if match["quoted"] is not None else match["bare"]
        return Literal(text, lang=match["lang"].lower())
    if kind == "literal":
        return Literal(value)
    raise bad(f"of a known type ({', '.join(PARAM_TYPES)})")


_TYPE_HINTS = {
    "iri": "give <https://…>, a prefixed name such as id:radda-barnen or kg:Academia, or a "
    "sector: public, civil, academia, business",
    "integer": "give a whole number, for example 3",
    "langstring": 'give text with a language tag, for example "Rädda Barnen"@sv',
    "literal": "give any text",
}


def _iri(value: str, bad) -> URIRef:
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    elif text in SECTORS:
        return SECTORS[text]
    elif ":" in text:
        prefix, _, local = text.partition(":")
        if prefix in PREFIXES:
            text = PREFIXES[prefix] + local
        elif not local.startswith("//") and prefix not in ("urn", "mailto"):
            raise bad(f"an IRI (unknown prefix '{prefix}:')")
    elif _BARE_NAME.match(text):
        text = PREFIXES["id"] + text
    else:
        raise bad("an IRI")
    if not text or _BAD_IRI_CHARS.search(text) or ":" not in text:
        raise bad("an IRI")
    return URIRef(text)


def bind(query: LibraryQuery, values: Mapping[str, str] | None = None) -> dict[str, Identifier]:
    """Typed bindings for the query's parameters: the given values, else the defaults.

    A value for a parameter the query does not declare, or a missing required one, raises
    :class:`~kg.errors.ParameterError` naming it and the header line that declares it.

    >>> bind(find("committees-lacking-sector"), {"sector": "civil"})
    {'sector': rdflib.term.URIRef('https://w3id.org/kg-malmo/ontology#CivilSociety')}
    """
    values = dict(values or {})
    declared = ", ".join(p.name for p in query.params) or "none"
    for name in values:
        if query.param(name) is None:
            raise ParameterError(
                f"the query declares no parameter '{name}' (it declares: {declared})",
                path=query.source,
                hint="check the name, or declare it with '#+ param: NAME (TYPE, default: …)'",
            )
    bindings: dict[str, Identifier] = {}
    for param in query.params:
        raw = values.get(param.name, param.default)
        if raw is None:
            raise ParameterError(
                f"missing parameter '{param.name}' ({param.type}): {param.description}",
                path=query.source,
                line=param.line,
                hint=f"give --param {param.name}=VALUE",
            )
        bindings[param.name] = to_term(
            raw, param.type, name=param.name, source=query.source, line=param.line
        )
    return bindings


# ---------------------------------------------------------------- parsing, checking, running


def prepare(
    query: LibraryQuery,
    values: Mapping[str, str] | None = None,
    *,
    prefixes: Mapping[str, str] | None = None,
) -> PreparedQuery:
    """Parse, check and bind a query; raise a located error before anything runs.

    ``prefixes`` are predeclared (default: the kg prefixes, so ad-hoc queries may use ``kg:``
    without a PREFIX line; library files declare their own and run on any store). Updates,
    ``SERVICE`` and ``FROM`` / ``FROM NAMED`` are refused.

    >>> prepare(find("actors-by-sector")).form
    'SELECT'
    """
    algebra = parse(query, prefixes=PREFIXES if prefixes is None else prefixes)
    return PreparedQuery(query=query, algebra=algebra, bindings=bind(query, values))


def parse(query: LibraryQuery, *, prefixes: Mapping[str, str] = PREFIXES) -> Query:
    """Parse and translate the query's text; errors name the file, line and column."""
    try:
        parsed = parseQuery(query.text)
    except ParseBaseException as error:
        if _is_update(query.text):
            raise RefusedQueryError(
                "this is a SPARQL update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, COPY, "
                "MOVE or ADD): kg is read-only",
                path=query.source,
                hint="send a SELECT, ASK, CONSTRUCT or DESCRIBE query; change the data in "
                "data/*.ttl instead",
            ) from error
        raise _syntax_error(query, error) from error
    try:
        algebra = translateQuery(parsed, initNs=dict(prefixes))
    except Exception as error:  # rdflib raises plain exceptions, e.g. for unknown prefixes
        raise _translation_error(query, error) from error
    check_safe(algebra, query.source)
    plan(algebra)
    return algebra


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def _syntax_error(query: LibraryQuery, error: ParseBaseException) -> QuerySyntaxError:
    line_text = error.line.rstrip("\n")
    pointer = f"\n    {line_text}\n    {' ' * (error.col - 1)}^" if line_text.strip() else ""
    return QuerySyntaxError(
        f"SPARQL syntax error: {error.msg}{pointer}",
        path=query.source,
        line=error.lineno,
        column=error.col,
        hint="fix the query at that position (the error may be just before it: a missing "
        "'.', '}' or quote, or a misspelt keyword)",
    )


def _translation_error(query: LibraryQuery, error: Exception) -> QuerySyntaxError:
    message = str(error)
    match = re.search(r"Unknown namespace prefix\s*:\s*(\S+)", message)
    line = column = None
    if match:
        prefix = match[1]
        for number, text in enumerate(query.text.splitlines(), start=1):
            if text.lstrip().startswith("#"):
                continue
            found = re.search(rf"(?<![\w<:]){re.escape(prefix)}:", text)
            if found:
                line, column = number, found.start() + 1
                break
        return QuerySyntaxError(
            f"unknown prefix '{prefix}:'",
            path=query.source,
            line=line,
            column=column,
            hint=f"declare it: PREFIX {prefix}: <…>",
        )
    return QuerySyntaxError(
        f"cannot translate the query: {message}", path=query.source, hint="check the query"
    )


def check_safe(algebra: Query, source: Path | None = None) -> None:
    """Refuse what would reach beyond the loaded graph: ``SERVICE``, ``FROM``, ``FROM NAMED``.

    rdflib would otherwise fetch ``FROM <url>`` graphs and run ``SERVICE`` calls with no
    timeout; kg answers from the one graph it has loaded.
    """
    if algebra.algebra.get("datasetClause"):
        raise RefusedQueryError(
            "FROM and FROM NAMED are refused: kg queries only the graph it has loaded",
            path=source,
            hint="remove the FROM / FROM NAMED lines (and the default-graph-uri / "
            "named-graph-uri request parameters)",
        )
    if contains(algebra.algebra, ("ServiceGraphPattern",)):
        raise RefusedQueryError(
            "SERVICE is refused: kg never sends queries to other endpoints",
            path=source,
            hint="query the other endpoint yourself and load its results with --data",
        )


def run(
    graph: Graph,
    query: PreparedQuery | LibraryQuery | str,
    values: Mapping[str, str] | None = None,
) -> Result:
    """Run a query on ``graph``: a prepared query, a LibraryQuery, or a library name or path.

    Parameters reach SPARQL only as bindings (rdflib's ``initBindings``), never as text. On
    an Oxigraph store (``kg --store``) or a SPARQL endpoint (``kg --endpoint``) the query
    text goes to that store's engine with the parameters as a VALUES block
    (:func:`with_values`, which writes each term escaped by rdflib).

    >>> from kg.loader import load
    >>> rows = run(load(), "committees-lacking-sector", {"sector": "business"})
    >>> len(rows) > 0
    True
    """
    if isinstance(query, str):
        query = find(query)
    if isinstance(query, LibraryQuery):
        query = prepare(query, values)
    elif values:
        query = PreparedQuery(query.query, query.algebra, bind(query.query, values))
    from kg.store import is_oxigraph, is_remote

    if is_remote(graph) or is_oxigraph(graph):
        return graph.query(with_values(query.query, query.bindings))
    return graph.query(query.algebra, initBindings=query.bindings)


# ---------------------------------------------------------------- other stores


def with_values(query: LibraryQuery, bindings: Mapping[str, Node]) -> str:
    """The query text with its parameters as a VALUES block, for stores without bindings.

    The block goes first inside the outermost ``WHERE { … }``; the library's queries use
    their parameters in that group, so the result is the same as with bindings (a test
    checks). Terms are written with rdflib's ``n3()``, which escapes them.

    >>> text = with_values(from_text("SELECT * WHERE { ?a ?b ?c }"), {"c": Literal(1)})
    >>> text.split("{", 1)[1].strip().splitlines()[0]
    'VALUES ( ?c ) { ( "1"^^<http://www.w3.org/2001/XMLSchema#integer> ) }'
    """
    if not bindings:
        return query.text
    position = _where_brace(query.text)
    if position is None:
        raise QuerySyntaxError(
            "cannot find the query's WHERE { … } to add a VALUES block",
            path=query.source,
            hint="write the query as SELECT … WHERE { … }",
        )
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.n3() for term in bindings.values())
    block = f"\n  VALUES ( {names} ) {{ ( {terms} ) }}\n"
    return query.text[:position] + block + query.text[position:]


def _where_brace(text: str) -> int | None:
    """Index just after the ``{`` that opens the outermost WHERE group."""
    i, depth, form, seen_where = 0, 0, None, False
    while i < len(text):
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        if char in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else char
            end = text.find(quote, i + len(quote))
            while end > 0 and len(quote) == 1 and text[end - 1] == "\\":
                end = text.find(quote, end + 1)
            i = len(text) if end < 0 else end + len(quote)
            continue
        if char == "<":
            match = re.match(r"<[^\s<>\"{}|^`\\]*>", text[i:])
            if match:
                i += match.end()
                continue
        if char in "?$":
            match = re.match(r"[?$]\w+", text[i:])
            i += match.end() if match else 1
            continue
        if char.isalpha():
            match = re.match(r"[\w:.-]+", text[i:])
            word = match.group().rstrip(".").upper()
            if depth == 0 and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") and not form:
                form = word
            if depth == 0 and word == "WHERE":
                seen_where = True
            i += match.end()
            continue
        if char == "{":
            if depth == 0 and form and (seen_where or form != "CONSTRUCT"):
                return i + 1
            depth += 1
        elif char == "}":
            depth -= 1
        i += 1
    return None
