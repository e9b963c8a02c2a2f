"""Where in the data files a violation is: the file and line it points at.

The loaded graph does not keep which file a triple came from, so the files are read again,
only when there are violations, in one pass each (about 3 s for 10M triples of Turtle): every
statement's subject is expanded with the file's own prefixes and matched to the violations'
nodes. A violation points at the line, in a statement about its node, that states its
property: of those, where it is about values (a datatype, a list, a misspelt term), the first
whose object is one of them; else (a property missing, a path of several steps) at the line
that gives the node's type; else at the first statement about it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import kg.progress as progress
from kg.model.vocab import PREFIXES
from kg.validation.written import Key, term_key, written_key

if TYPE_CHECKING:  # pragma: no cover
    from kg.validation.report import Violation

_PREFIX = re.compile(r"(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)
_BASE = re.compile(r"(?:@base|BASE)\s+<([^>]*)>", re.IGNORECASE)
_WORD = r"(?:[^\s;,\[\]\"'#\\]|\\.)"  # of a prefixed name: any escape (\/), never a #
_STRING = r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\''  # on one line, escapes kept
_IRI = r"<[^<>]*>"
_LONG = r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''  # on one line
#: A line's tokens: strings (with any language tag or datatype), IRIs, punctuation, a comment
#: (to the end of the line) and words (prefixed names, ``a``, numbers)
_TOKEN = re.compile(
    rf"(?:{_LONG}|{_STRING})(?:@[\w-]+|\^\^(?:{_IRI}|{_WORD}+))?|{_IRI}|[;,\[\]]|#.*|{_WORD}+"
)
#: A language tag or datatype after a string over several lines closes
_SUFFIX = re.compile(rf"(?:@[\w-]+|\^\^(?:{_IRI}|{_WORD}+))?")
#: What stands on its line for a string over several lines (the line's code goes on)
_OPEN_STRING = '"\x00"'

#: What may come before a # that starts a comment (in an IRI or a name, # follows a letter)
_BEFORE_COMMENT = frozenset(" \t;,.])\"'>")
_SCHEME = re.compile(r"[A-Za-z][\w+.-]*:")
_LONG_STRINGS = ('"""', "'''")
#: What hides a # or quotes from the line's code: long and short strings, IRIs; or a comment
_SCAN = re.compile(rf"\"\"\"|\'\'\'|{_STRING}|{_IRI}|(?<!\\)#.*")
#: A "." followed by what may start a statement: a statement's end with another after it
_ENDS_INSIDE = re.compile(r"\.\s+(?:<|_:|\[|[\w-]*:)")
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def located(violations: Iterable[Violation], files: Iterable[Path]) -> dict[str, str]:
    """Violation (its :attr:`~kg.validation.report.Violation.ref`, ``"node path"``) →
    ``file:line``; violations whose node no file describes (a blank node, a node only
    pointed at) are left out.

    >>> import tempfile
    >>> from kg.validation.report import Violation
    >>> violations = [Violation("B", "id:b", "<https://e.org/x#partner>", "…"),
    ...               Violation("B", "id:b", "kg:label", "…"),
    ...               Violation("B", "id:b", "<https://e.org/x#page>", "…", values=('"x"',))]
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "a.ttl"
    ...     lines = ["@prefix id: <https://w3id.org/kg-malmo/id/> .",
    ...              "@prefix e: <https://e.org/x#> .",
    ...              "id:b a e:T ;", "    e:partner id:c .", "id:b e:page 3 .", "id:b e:page 'x' ."]
    ...     _ = path.write_text("\\n".join(lines), encoding="utf-8")
    ...     found = located(violations, [path])
    >>> [found[v.ref].rsplit(":", 1)[1] for v in violations]
    ['4', '3', '6']
    """
    violations = list(violations)
    nodes = {iri: v.node for v in violations if (iri := _iri(v.node)) is not None}
    values = {v.ref: keys for v in violations if (keys := _keys(v.values))}
    valued = {v.node for v in violations if v.ref in values}
    first: dict[str, str] = {}
    stated: dict[tuple[str, str, bool], str] = {}  # (node, property, in [ … ]) → first line
    # (node, property, in [ … ], value) → (file's place, line) where first stated
    objects: dict[tuple[str, str, bool, Key], tuple[int, int]] = {}
    files = list(files)
    with progress.step(
        "Finding the lines of {violations} violations in {files} files",
        total=len(files),
        violations=len(violations),
        files=len(files),
    ) as reading:
        for place, path in enumerate(files):
            for node, number, terms, opens, said in _statements(path, nodes, valued):
                at = f"{path}:{number}"
                if opens:
                    first.setdefault(node, at)
                for term, nested in terms:
                    stated.setdefault((node, term, nested), at)
                for term, nested, key in said:
                    objects.setdefault((node, term, nested, key), (place, number))
            reading.advance()
    found = {}
    for v in violations:
        wanted = _wanted(v.path)
        at = _value_line(objects, files, v.node, wanted, values.get(v.ref, ()))
        keys = [(v.node, *key) for key in wanted] + [(v.node, _RDF_TYPE, False)]
        at = at or next((stated[key] for key in keys if key in stated), first.get(v.node))
        if at is not None:
            found[v.ref] = at
    return found


def _keys(values: Iterable[str]) -> set[Key]:
    """The violation's values, as they are compared with what the files write."""
    return {key for value in values if (key := term_key(value)) is not None}


def _value_line(
    objects: dict[tuple[str, str, bool, Key], tuple[int, int]],
    files: list[Path],
    node: str,
    wanted: list[tuple[str, bool]],
    keys: Iterable[Key],
) -> str | None:
    """The first line, of the first of the ``wanted`` places of a property, that states one
    of the values ``keys`` of ``node``; None where none does."""
    keys = list(keys)
    for term, nested in wanted:
        places = [found for key in keys if (found := objects.get((node, term, nested, key)))]
        if places:
            place, number = min(places)
            return f"{files[place]}:{number}"
    return None


def _wanted(path: str) -> list[tuple[str, bool]]:
    """Where a statement of the violation's ``path`` may be, best first: (property IRI, whether
    in a blank node's ``[ … ]``). A property: stated of the node, else in one of its blank
    nodes; a sequence (``oa:hasSelector/oa:exact``): its last step in a blank node, else its
    first step; any other path: nowhere in particular."""
    steps = path.split("/") if re.fullmatch(r"[\w-]+:[\w-]+(?:/[\w-]+:[\w-]+)+", path) else [path]
    iris = [_iri(step) for step in steps]
    if None in iris or not re.fullmatch(r"\S+", path):
        return []
    if len(iris) == 1:
        return [(iris[0], False), (iris[0], True)]
    return [(iris[-1], True), (iris[0], False)]


def _statements(
    path: Path, nodes: dict[str, str], valued: Collection[str] = ()
) -> Iterable[tuple[str, int, list[tuple[str, bool]], bool, list[tuple[str, bool, Key]]]]:
    """For each line of a statement about one of ``nodes`` (IRI → node): the node, the line's
    number, the predicates on it (``a`` as ``rdf:type``), each with whether it is stated of a
    blank node in ``[ … ]``, whether the statement opens on it, and, for the nodes in
    ``valued``, the objects it states, each with its predicate, whether in ``[ … ]``, and its
    value (:func:`~kg.validation.written.written_key`). A string over several lines is given
    at the line it opens on, once it closes."""
    prefixes: dict[str, str] = {}
    base = path.resolve().as_uri()  # what relative IRIs resolve against, as when loading
    node: str | None = None
    long_string: str | None = None  # the quotes of a string over several lines, inside one
    inside = predicate = False
    depth = 0
    current: tuple[str, bool] | None = None  # the predicate objects are stated of
    above: list[tuple[str, bool] | None] = []  # the predicates of the [ … ] it is inside
    opened: tuple[int, list[str], tuple[str, bool] | None] | None = None  # a long string's

    def expand(term: str) -> str | None:
        return _expand(term, prefixes, base)

    with path.open(encoding="utf-8-sig", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            if long_string is not None:  # inside a string over several lines
                if (end := line.find(long_string)) < 0:
                    if opened is not None:
                        opened[1].append(line)
                    continue
                rest = line[end + 3 :]
                if opened is not None and node is not None and opened[2] is not None:
                    suffix = _SUFFIX.match(rest).group()
                    text = long_string + "".join(opened[1]) + line[:end] + long_string + suffix
                    if (key := written_key(text, expand)) is not None:
                        yield node, opened[0], [], False, [(*opened[2], key)]
                line, long_string, opened = rest, None, None
            line, long_string, start = _code(line)
            whole = line.strip()
            several = ". " in whole and _ENDS_INSIDE.search(whole)
            for code in _statements_on(whole) if several else (whole,):
                if not code:
                    continue
                opens = not inside
                inside = long_string is not None or not _closes(code)
                if opens:
                    if code[0] in "@PpBb" and (declared := _PREFIX.match(code)):
                        prefixes[declared[1]] = _resolved(declared[2], base)
                        inside = False  # SPARQL's PREFIX has no closing "."
                        continue
                    if code[0] in "@Bb" and (declared := _BASE.match(code)):
                        base = _resolved(declared[1], base)
                        inside = False
                        continue
                    subject = code.split(None, 1)[0].rstrip(";,")
                    node = nodes.get(expand(subject) or "")
                    if node is None:
                        continue
                    tokens = _TOKEN.findall(code)[1:]
                    predicate, depth, current, above = True, 0, None, []
                elif node is None:
                    continue
                else:
                    tokens = _TOKEN.findall(code)
                stated, said = [], []
                objects = node in valued
                for token in tokens:
                    if token in "[]":
                        depth += 1 if token == "[" else -1
                        predicate = token == "["
                        if token == "[":
                            above.append(current)
                        else:
                            current = above.pop() if above else None
                    elif token == ";":
                        predicate = True
                    elif token in (",", "."):
                        continue
                    elif predicate:
                        current = (expand(token.rstrip(".")), depth > 0)
                        stated.append(current)
                        predicate = False
                    elif objects and current is not None and current[0]:
                        if token == _OPEN_STRING:
                            opened = (number, [start], current)
                        elif (key := written_key(_object(token), expand)) is not None:
                            said.append((*current, key))
                yield node, number, [(t, nested) for t, nested in stated if t], opens, said
                if not inside:
                    node = None


def _object(token: str) -> str:
    """An object token without a statement's closing "." glued on (``kg:A.``, ``3.``)."""
    return token[:-1] if _ends(token) else token


def _statements_on(code: str) -> Iterable[str]:
    """The line's code, split after each "." that ends a statement where a line holds more
    than one (``id:x a kg:T . id:y a kg:T .``)."""
    depth, start = 0, 0
    for token in _TOKEN.finditer(code):
        text = token.group()
        depth += {"[": 1, "]": -1}.get(text, 0)
        if depth <= 0 and _ends(text):
            yield code[start : token.end()].strip()
            start = token.end()
    if rest := code[start:].strip():
        yield rest


def _ends(token: str) -> bool:
    """Whether a token ends a statement: ``.``, or a name with it glued on (``kg:A.``), not
    a string or an IRI."""
    return token[0] not in "\"'<" and _closes(token)


def _closes(text: str) -> bool:
    """Whether ``text`` ends in a statement's closing ``.`` (not ``id:dot\\.``, escaped)."""
    return text[-1] == "." and text[-2:] != "\\."


def _code(line: str) -> tuple[str, str | None, str]:
    """``line`` up to its comment (a ``#`` outside IRIs and strings), and, where it opens a
    long string (in three quotes) it does not close, up to that string, given as
    :data:`_OPEN_STRING`, with the string's quotes and its text on the line."""
    if '"""' in line or "'''" in line or _may_comment(line):
        at = 0
        while found := _SCAN.search(line, at):
            start, quotes = found.start(), found.group()
            if quotes.startswith("#"):
                return line[:start], None, ""
            at = found.end()
            if quotes in _LONG_STRINGS:
                if (end := line.find(quotes, at)) < 0:
                    return f"{line[:start]} {_OPEN_STRING}", quotes, line[at:]
                at = end + 3
    return line, None, ""


def _may_comment(line: str) -> bool:
    """Whether a ``#`` on the line may start a comment: at its start, or after a space or
    punctuation."""
    at = line.find("#")
    while at >= 0:
        if at == 0 or line[at - 1] in _BEFORE_COMMENT:
            return True
        at = line.find("#", at + 1)
    return False


def _expand(term: str, prefixes: dict[str, str], base: str) -> str | None:
    """The IRI a Turtle term names with the file's ``prefixes`` and ``base`` (``a``:
    ``rdf:type``)."""
    if term == "a":
        return _RDF_TYPE
    if term.startswith("<") and term.endswith(">"):
        return _resolved(term[1:-1], base)
    prefix, colon, local = term.partition(":")
    if not colon or prefix not in prefixes:
        return None
    return prefixes[prefix] + (re.sub(r"\\(.)", r"\1", local) if "\\" in local else local)


def _resolved(iri: str, base: str) -> str:
    """``iri`` as written (absolute), or resolved against ``base`` (relative)."""
    return iri if _SCHEME.match(iri) else urljoin(base, iri)


def _iri(node: str) -> str | None:
    """The full IRI of a node or property as :func:`~kg.model.names.display` writes it."""
    if node.startswith("_:"):
        return None
    if node.startswith("<") and node.endswith(">"):  # an IRI no prefix shortens
        return node[1:-1]
    prefix, _, local = node.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return node if "://" in node else None
