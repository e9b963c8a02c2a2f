"""The SPARQL query library: find ``queries/*.rq`` and read their ``#+`` headers."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import KgError, ParameterError, QuerySyntaxError
from kg.io.given import not_downloaded, web_address
from kg.paths import queries_dir
from kg.sparql.params import PARAM_TYPES, check_given, to_term

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

    from kg.sparql.named import Lookup

#: Header keys every library query must have, in order.
HEADER_KEYS = ("summary", "description", "tags", "params", "example")
#: Header keys a query may have: its summary and description in Swedish.
SWEDISH_KEYS = ("summary_sv", "description_sv")

_HEADER_LINE = re.compile(r"^#\+\s?(?P<key>[a-z_]+):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^#\+\s{2,}(?P<value>\S.*)$")
_PARAM_SPEC = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?P<type>[a-z]+)\s*"
    r"(?:(?P<subclass>subclass\s+)?of\s+(?P<of>[^\s,()]+)\s*)?"
    r"(?:,\s*default:\s*(?P<default>.*))?\)$"
)


@dataclass(frozen=True)
class Param:
    """One declared parameter: a SPARQL variable bound when the query runs."""

    name: str
    type: str
    default: str | None
    description: str
    line: int
    #: the description in Swedish, from a '#+ param_sv: NAME — …' line ("" where none)
    description_sv: str = ""
    #: what an ``iri`` parameter's value denotes, as the header writes it: a thing of this
    #: class (``iri of kg:GoalArea``), or with :attr:`subclass` this class or one below it
    #: (``iri subclass of kg:Collaboration``); None: an actor (a plain ``iri``)
    of: str | None = None
    subclass: bool = False

    @property
    def takes(self) -> str:
        """The type as the header declares it: ``iri``, ``iri of kg:GoalArea`` …"""
        if self.of is None:
            return self.type
        return f"{self.type} {'subclass of' if self.subclass else 'of'} {self.of}"

    @property
    def denotes(self) -> str | None:
        """The IRI of the class :attr:`of` names (None where the header names none)."""
        return None if self.of is None else to_term(self.of, "iri").value

    def said(self, lang: str) -> str:
        """The description in ``lang`` (``sv``: the Swedish one where the header has it)."""
        return (self.description_sv or self.description) if lang == "sv" else self.description

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
    #: the summary and description in Swedish ("" where the header has none)
    summary_sv: str = ""
    description_sv: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    example: str = ""
    #: header keys present in the file (tests check that every one is)
    keys: tuple[str, ...] = field(default=(), repr=False)

    def said(self, lang: str) -> tuple[str, str]:
        """The summary and description in ``lang`` (``sv``: the Swedish ones where the header
        has them)."""
        if lang == "sv":
            return self.summary_sv or self.summary, self.description_sv or self.description
        return self.summary, self.description

    @property
    def source(self) -> Path:
        """Where the query comes from, for error messages (``<query>`` for a text, ``<stdin>``
        when read from a pipe)."""
        return self.path or Path(f"<{self.name}>")

    def param(self, name: str) -> Param | None:
        """The declared parameter called ``name``, or None."""
        return next((p for p in self.params if p.name == name), None)


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


#: What to do about a query not found, for a command (``kg query NAME``) and for Python.
FOR_COMMANDS = "kg queries lists the library; give a path to an .rq file, or - for standard input"
FOR_PYTHON = (
    "kg.sparql.library.library() lists the library; give a path to an .rq file, or a query's "
    "text as kg.query(source, from_text(text)), from_text from kg.sparql.library"
)


def find(ref: str, folder: Path | None = None, *, hint: str = FOR_COMMANDS) -> LibraryQuery:
    """A query by library name (``actors-by-sector``) or by the path of an ``.rq`` file; one
    not found raises with ``hint`` (:data:`FOR_COMMANDS` or :data:`FOR_PYTHON`).

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
    if web_address(ref) is not None:
        message, hint = not_downloaded(ref, "file")
        raise KgError(message, hint=hint)
    raise KgError(
        f"no library query or file called '{ref}'",
        hint=f"did you mean {', '.join(close)}? {hint}" if close else hint,
    )


def from_text(text: str, *, name: str = "query", path: Path | None = None) -> LibraryQuery:
    """A query from SPARQL text; its header (``#+`` comment lines), if any, is parsed; an
    error names it ``<name>`` (``kg query -`` gives ``stdin``: the text came from a pipe).

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
        if key == "param_sv":
            params = _with_swedish(params, value, source, number)
            last = None
            continue
        if key not in HEADER_KEYS + SWEDISH_KEYS:
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
        **{
            key: joined.get(key, "") for key in ("summary", "description", "example", *SWEDISH_KEYS)
        },
        tags=tuple(t.strip() for t in joined.get("tags", "").split(",") if t.strip()),
        params=tuple(params),
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
            f"{', '.join(PARAM_TYPES)} (an iri also as 'iri of CLASS' or 'iri subclass of "
            "CLASS': what it denotes)",
        )
    param = Param(
        name=match["name"],
        type=match["type"],
        default=match["default"].strip() if match["default"] is not None else None,
        description=description,
        line=line,
        of=match["of"],
        subclass=match["subclass"] is not None,
    )
    if param.of is not None and (param.type != "iri" or ":" not in param.of):
        raise QuerySyntaxError(
            f"parameter '{param.name}' ({param.takes}): only an iri parameter names a class, "
            "by its prefixed name or <IRI>",
            path=source,
            line=line,
            hint="write '#+ param: NAME (iri of kg:GoalArea, default: …)' for a goal area, "
            "'(iri subclass of kg:Collaboration, …)' for a kind of collaboration",
        )
    if param.of is not None:
        to_term(param.of, "iri", name=param.name, source=source, line=line)
    if param.default is not None:
        to_term(param.default, param.type, name=param.name, source=source, line=line)
    return param


def _with_swedish(params: list[Param], value: str, source: Path, line: int) -> list[Param]:
    """``params`` with the Swedish description a ``#+ param_sv: NAME — …`` line gives."""
    parts = re.split(r"\s+(?:—|–|--)\s+", value, maxsplit=1)
    name, said = parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""
    if not any(p.name == name for p in params):
        raise QuerySyntaxError(
            f"'#+ param_sv: {name}' names no parameter declared before it",
            path=source,
            line=line,
            hint="write it after its '#+ param: NAME (TYPE, …) — …' line, as "
            "'#+ param_sv: NAME — beskrivning'",
        )
    if not said:
        raise QuerySyntaxError(
            f"'#+ param_sv: {name}' gives no description",
            path=source,
            line=line,
            hint="write its Swedish description after a dash: "
            "'#+ param_sv: NAME — beskrivning', or leave the line out",
        )
    return [replace(p, description_sv=said) if p.name == name else p for p in params]


def bind(
    query: LibraryQuery,
    values: Mapping[str, object] | None = None,
    names: str | None = None,
    lookup: Lookup | None = None,
) -> dict[str, ox.NamedNode | ox.Literal]:
    """Typed bindings for the query's parameters: the given values (text as on the command
    line, or Python values: ``{"min_sectors": 3}``), else the defaults; a bare name given is
    one in ``names``, and with ``lookup`` a name given is looked up in the graph among the
    things the parameter denotes (:attr:`Param.of`; :func:`kg.sparql.params.to_term`).

    A value for a parameter the query does not declare, or a missing required one, raises
    :class:`~kg.errors.ParameterError` naming it and the header line that declares it.

    >>> bind(find("committees-lacking-sector"), {"sector": "civil"})
    {'sector': <NamedNode value=https://w3id.org/kg-malmo/ontology#CivilSociety>}
    >>> bind(find("cross-sector-brokers"), {"min_sectors": 3})["min_sectors"].value
    '3'
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
    from kg.sparql.named import takes_actors

    bindings = {}
    for param in query.params:
        raw = values.get(param.name, param.default)
        if raw is None:
            raise ParameterError(
                f"missing parameter '{param.name}' ({param.type}): {param.description}",
                path=query.source,
                line=param.line,
                hint=f"give it a value: --param {param.name}=VALUE on the command line, "
                f"{{'{param.name}': VALUE}} from Python",
            )
        check_given(param.name, param.type, raw)
        text = str(raw).lower() if isinstance(raw, bool) else str(raw)
        given = lookup if param.name in values else None  # a default is never a name
        bindings[param.name] = to_term(
            text,
            param.type,
            name=param.name,
            source=query.source,
            line=param.line,
            names=names,
            find=given.find(param.denotes, param.subclass) if given is not None else None,
            # a group's word is a name where no actor is taken
            groups=takes_actors(param.denotes, param.subclass),
            committees=given.closest(param.denotes, param.subclass) if given is not None else None,
        )
    return bindings
