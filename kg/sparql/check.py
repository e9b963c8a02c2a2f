"""The checks before a query runs: read-only, nothing beyond the loaded graph, a sane shape.

kg answers from the one graph it holds, so updates, ``SERVICE``, ``FROM`` / ``FROM NAMED``
are refused before the engine sees the query, and so are queries deeper than any real query
needs: the engine's parser and evaluator recurse once per nested group or bracket and once per
link of a chain of operators (``BIND … BIND …``, ``a + b + …``, ``{…} UNION {…} UNION …``), and
at a few thousand levels they overflow the stack and the process dies, which must not be a way
to kill a worker or ``kg query``. Syntax errors from the engine are turned into a located
message with the line and a caret.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from kg.errors import QuerySyntaxError, RefusedQueryError
from kg.sparql.lexer import Token, tokens

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD", "WITH")
#: Deeper nesting of groups and brackets than this is refused.
MAX_DEPTH = 64
#: A query whose deepest path, counted in nested groups and brackets plus the operators chained
#: at each level on the way, is longer than this is refused. pyoxigraph overflows an 8 MiB
#: stack at about 2,200 nested groups or 2,500 chained BINDs or MINUSes; this leaves twice that.
MAX_COST = 1000
#: A query with a LIMIT up to this (and no ORDER BY, GROUP BY or aggregate) counts as quick.
QUICK_LIMIT = 100
_OPENING, _CLOSING = "{([", "})]"
#: Tokens that put what follows one level deeper in the engine's tree.
_CHAINING = {"UNION", "OPTIONAL", "MINUS", "BIND", "FILTER", "VALUES", "GRAPH", "SERVICE"}
_OPERATORS = set("+-*/!&|=<>^?")
_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}
_ENGINE_ERROR = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)


def check(text: str, *, source: Path, prefixes: Mapping[str, str] = {}) -> str:
    """Check a query's text; return its form (``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``).

    Raises :class:`~kg.errors.RefusedQueryError` for updates, ``SERVICE``, ``FROM`` and
    ``FROM NAMED``, and :class:`~kg.errors.QuerySyntaxError` for an empty query, an unknown
    prefix, nesting past :data:`MAX_DEPTH` or a shape past :data:`MAX_COST`, each with the line
    and column.

    >>> check("PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:p ?o }", source=Path("q"))
    'SELECT'
    >>> check("DROP ALL", source=Path("q"))
    Traceback (most recent call last):
    kg.errors.RefusedQueryError: q:1:1: this is a SPARQL update (DROP): kg is read-only
      hint: send a SELECT, ASK, CONSTRUCT or DESCRIBE query; change the data in its files instead
    """
    found = list(tokens(text))
    form = _form(found, source)
    declared = set(prefixes)
    depth = 0
    for i, token in enumerate(found):
        if token.keyword == "PREFIX" and i + 1 < len(found):
            declared.add(found[i + 1].text.rstrip(":"))
        elif token.keyword == "SERVICE":
            raise _refused(
                token,
                source,
                "SERVICE is refused: kg never sends queries to other endpoints",
                "query the other endpoint yourself and load its results with --data",
            )
        elif token.keyword == "FROM":
            raise _refused(
                token,
                source,
                "FROM and FROM NAMED are refused: kg queries only the graph it has loaded",
                "remove the FROM / FROM NAMED lines",
            )
        elif token.kind == "word" and ":" in token.text and not _is_declaration(found, i):
            prefix = token.text.split(":", 1)[0]
            if prefix not in declared and not prefix.isdigit():
                raise _syntax(
                    token,
                    source,
                    f"unknown prefix '{prefix}:'",
                    f"declare it: PREFIX {prefix}: <…>",
                )
        elif token.kind == "punct" and token.text in _OPENING:
            depth += 1
            if depth > MAX_DEPTH:
                raise _syntax(
                    token,
                    source,
                    f"the query nests groups and brackets more than {MAX_DEPTH} deep",
                    "write it with fewer nested groups",
                )
        elif token.kind == "punct" and token.text in _CLOSING:
            depth -= 1
    _check_cost(found, source)
    return form


def _unbalanced(text: str, source: Path) -> QuerySyntaxError | None:
    """The first bracket of ``text`` left open or closing nothing, as an error; None when
    they pair up. Asked only once the engine has refused the query, whose own message then
    points at where parsing stopped, often lines after the bracket."""
    opened: list[Token] = []
    for token in tokens(text):
        if token.kind == "string" and not _closed_string(token.text):
            quote = _quote(token.text)
            return _syntax(token, source, "this string is not closed", f"add its closing {quote}")
        if token.kind != "punct":
            continue
        if token.text in _OPENING:
            opened.append(token)
        elif token.text in _CLOSING:
            error = _close(opened, token, source)
            if error is not None:
                return error
    return _unclosed(opened[-1], None, source) if opened else None


def _quote(text: str) -> str:
    """The quote a string token opens with: one character, or three."""
    return text[:3] if text[:3] in ('"' * 3, "'" * 3) else text[:1]


def _closed_string(text: str) -> bool:
    """Whether a string token ends with the quote it opens with, not escaped.

    >>> _closed_string('"a"'), _closed_string('"a'), _closed_string('"a\\\\"')
    (True, False, False)
    """
    quote = _quote(text)
    body = text[len(quote) :]
    if len(body) < len(quote) or not body.endswith(quote):
        return False
    inner = body[: -len(quote)]
    return (len(inner) - len(inner.rstrip("\\"))) % 2 == 0


def _close(opened: list[Token], token: Token, source: Path) -> QuerySyntaxError | None:
    """Close the last open bracket with ``token``, or the error for the one it cannot."""
    if not opened:
        opening = _OPENING[_CLOSING.index(token.text)]
        return _syntax(
            token,
            source,
            f"this '{token.text}' closes nothing",
            f"remove it, or add the '{opening}' it closes",
        )
    if _CLOSING.index(token.text) != _OPENING.index(opened[-1].text):
        return _unclosed(opened[-1], token, source)
    opened.pop()
    return None


def _unclosed(bracket: Token, closing: Token | None, source: Path) -> QuerySyntaxError:
    """The error for ``bracket`` left open (before ``closing``, or at the end)."""
    close = _CLOSING[_OPENING.index(bracket.text)]
    where = f"before the '{closing.text}' on line {closing.line}" if closing else "by the end"
    return _syntax(
        bracket, source, f"the '{bracket.text}' here is not closed {where}", f"add its '{close}'"
    )


def _check_cost(found: list[Token], source: Path) -> None:
    """Refuse a query whose deepest path is longer than :data:`MAX_COST` (see the module).

    Each bracketed frame costs one, plus one per chaining keyword, operator or inner frame in
    it, plus its costliest inner frame. The rows of a ``VALUES`` block are data: they are not
    counted (a block of 100,000 rows is flat).
    """
    # Each frame: [opening token, links so far, costliest inner frame, is data]
    stack: list[list] = [[None, 0, 0, False]]
    values_pending = False
    for token in found:
        frame = stack[-1]
        if token.keyword == "VALUES":
            values_pending = True
        if token.kind == "punct" and token.text in _OPENING:
            data = frame[3] or values_pending
            if token.text == "{":
                values_pending = False
            if not data:
                frame[1] += 1
            stack.append([token, 0, 0, data])
        elif token.kind == "punct" and token.text in _CLOSING and len(stack) > 1:
            opening, links, inner, _ = stack.pop()
            cost = 1 + links + inner
            if cost > MAX_COST:
                raise _too_complex(opening, source)
            stack[-1][2] = max(stack[-1][2], cost)
        elif not frame[3] and (
            token.keyword in _CHAINING or (token.kind == "punct" and token.text in _OPERATORS)
        ):
            frame[1] += 1
            if frame[1] > MAX_COST:
                raise _too_complex(token, source)
    while len(stack) > 1:  # unclosed frames: the engine will say so, but count them first
        opening, links, inner, _ = stack.pop()
        stack[-1][2] = max(stack[-1][2], 1 + links + inner)
        if stack[-1][2] > MAX_COST:
            raise _too_complex(opening, source)
    if stack[0][1] + stack[0][2] > MAX_COST:
        raise _too_complex(found[0], source)


def _too_complex(token: Token, source: Path) -> QuerySyntaxError:
    return _syntax(
        token,
        source,
        f"the query is too complex: past this point it chains or nests more than {MAX_COST} "
        "operators, groups and brackets, more than the engine can take",
        "split the query, or give long lists as a VALUES block",
    )


def quick(text: str) -> bool:
    """Whether a query should answer at once: an ASK, or a query whose outermost LIMIT is at most
    :data:`QUICK_LIMIT` with no ORDER BY, GROUP BY or aggregate (which read every row first).

    ``kg serve`` runs quick queries in a lane of their own, so that they stay answerable while
    long queries fill the other workers.

    >>> quick("ASK { ?s ?p ?o }"), quick("SELECT * { ?s ?p ?o } LIMIT 10")
    (True, True)
    >>> quick("SELECT * { ?s ?p ?o } ORDER BY ?s LIMIT 10"), quick("SELECT * { ?s ?p ?o }")
    (False, False)
    """
    found = list(tokens(text))
    i = 0
    while i < len(found) and found[i].keyword in ("PREFIX", "BASE"):
        i += 3 if found[i].keyword == "PREFIX" else 2
    if i >= len(found) or found[i].keyword not in FORMS:
        return False
    if found[i].keyword == "ASK":
        return True
    depth, limit = 0, None
    for j, token in enumerate(found):
        if token.kind == "punct" and token.text in _OPENING:
            depth += 1
        elif token.kind == "punct" and token.text in _CLOSING:
            depth -= 1
        elif token.keyword in _AGGREGATES or (
            token.keyword in ("ORDER", "GROUP")
            and j + 1 < len(found)
            and found[j + 1].keyword == "BY"
        ):
            return False
        elif depth == 0 and token.keyword == "LIMIT" and j + 1 < len(found):
            limit = found[j + 1].text
    return limit is not None and limit.isdigit() and int(limit) <= QUICK_LIMIT


def _is_declaration(found: list[Token], i: int) -> bool:
    return i > 0 and found[i - 1].keyword == "PREFIX"


def _form(found: list[Token], source: Path) -> str:
    i = 0
    while i < len(found) and found[i].keyword in ("PREFIX", "BASE"):
        i += 3 if found[i].keyword == "PREFIX" else 2
    if i >= len(found):
        raise QuerySyntaxError(
            "the query is empty: there is no SELECT, ASK, CONSTRUCT or DESCRIBE",
            path=source,
            hint="write a query, for example SELECT * WHERE { ?s ?p ?o } LIMIT 10",
        )
    first = found[i]
    if first.keyword in UPDATES:
        raise _refused(
            first,
            source,
            f"this is a SPARQL update ({first.keyword}): kg is read-only",
            "send a SELECT, ASK, CONSTRUCT or DESCRIBE query; change the data in its files instead",
        )
    if first.keyword not in FORMS:
        raise _syntax(
            first,
            source,
            f"a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE, not '{first.text}'",
            "check the first keyword's spelling",
        )
    return first.keyword


def _refused(token: Token, source: Path, message: str, hint: str) -> RefusedQueryError:
    return RefusedQueryError(message, path=source, line=token.line, column=token.column, hint=hint)


def _syntax(token: Token, source: Path, message: str, hint: str) -> QuerySyntaxError:
    return QuerySyntaxError(message, path=source, line=token.line, column=token.column, hint=hint)


def engine_error(error: SyntaxError, text: str, source: Path) -> QuerySyntaxError:
    """The engine's syntax error as a located message, with the line and a caret.

    rdflib's parser, asked only when a query fails, names what it expected more plainly than
    the engine; where rdflib accepts the query, the engine's own message is kept.

    >>> error = engine_error(SyntaxError("error at 1:10: x"), "SELECT * {\\n ?s }", Path("q"))
    >>> error.line, error.column, error.message.splitlines()[0].split(": ", 1)[1]
    (2, 2, "the pattern or clause that starts here cannot be read to its end, found '?s'")
    """
    unbalanced = _unbalanced(text, source)
    if unbalanced is not None:
        return unbalanced
    located = _rdflib_error(text)
    if located is None:
        match = _ENGINE_ERROR.match(str(error))
        if not match:
            return QuerySyntaxError(
                f"SPARQL syntax error: {error}", path=source, hint="fix the query"
            )
        located = (int(match[1]), int(match[2]), _expected(match[3]))
    line, column, message = located
    lines = text.splitlines() or [""]
    if line > len(lines):  # past the end: point after the last character
        line, column = len(lines), len(lines[-1]) + 1
    shown, at = _clipped(lines[line - 1], column)
    pointer = f"\n    {shown}\n    {' ' * (at - 1)}^" if shown.strip() else ""
    return QuerySyntaxError(
        f"SPARQL syntax error: {message}{pointer}",
        path=source,
        line=line,
        column=column,
        hint="fix the query at that position (or just before it): a missing term, '.', '}' or "
        "quote, or a misspelt keyword",
    )


def _clipped(line: str, column: int, width: int = 100) -> tuple[str, int]:
    """At most ``width`` characters of ``line`` around ``column``, and the column in them.

    >>> shown, at = _clipped("x" * 300, 200)
    >>> len(shown), at
    (102, 52)
    """
    if len(line) <= width:
        return line, column
    start = max(0, min(column - 1 - width // 2, len(line) - width))
    head = "…" if start else ""
    tail = "…" if start + width < len(line) else ""
    return head + line[start : start + width] + tail, column - start + len(head)


def _rdflib_error(text: str) -> tuple[int, int, str] | None:
    """Line, column and message of rdflib's parser for a query it refuses, else None."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseBaseException as error:
        message = _plain(re.sub(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)$", "", str(error.msg)))
        word = (error.line[error.col - 1 :].split() or [""])[0]
        word = word if len(word) <= 40 else word[:39] + "…"
        found = f", found {word!r}" if error.line.strip() else ""
        return error.lineno, error.col, message + (found if "found" not in message else "")
    except Exception:
        return None
    return None


#: rdflib's names of grammar rules, as a reader of the query would say them.
_RULES = {
    "Expected {SelectQuery | ConstructQuery | DescribeQuery | AskQuery}": (
        "expected SELECT, CONSTRUCT, DESCRIBE or ASK"
    ),
    "Expected end of text": "expected the end of the query, or a clause that may follow here",
}
_FORMS = re.compile(r"Expected (?:SelectQuery|ConstructQuery|DescribeQuery|AskQuery)")


def _plain(message: str) -> str:
    """rdflib's message without its grammar's rule names: where it can only say which form of
    query failed, it backtracked to the start of the pattern or clause it could not read.

    >>> _plain("Expected SelectQuery")
    'the pattern or clause that starts here cannot be read to its end'
    """
    if message in _RULES:
        return _RULES[message]
    if _FORMS.fullmatch(message):
        return "the pattern or clause that starts here cannot be read to its end"
    return message


def _expected(detail: str) -> str:
    """The engine's list of what it expected, without its character classes."""
    if not detail.startswith("expected one of "):
        return detail.strip()
    items = [i.strip() for i in detail[len("expected one of ") :].split(", ")]
    # among the tokens, the engine may give the real reason as a sentence
    for item in items:
        if re.fullmatch(r"[A-Z][a-z]+ [^'\[\]|]+", item):
            return item
    words = [i for i in items if i and not i.startswith(("[", "'", "|")) and "..=" not in i]
    return "expected " + (", ".join(words[:8]) if words else "something else here")
