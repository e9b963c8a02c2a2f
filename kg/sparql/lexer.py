"""Split SPARQL text into tokens, enough to check a query and to place a VALUES block.

Comments, strings (all four quote forms), IRIs, variables, words (keywords, prefixed names,
numbers) and punctuation are told apart, so a keyword inside a string, an IRI or a comment is
never taken for one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_IRI = re.compile(r"<[^\s<>\"{}|^`\\]*>")
_VAR = re.compile(r"[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+")
_WORD = re.compile(r"[A-Za-z0-9_:\u00b7\u00c0-\uffff][\w\u00b7\u00c0-\uffff:.%\\-]*")
_BLANK = re.compile(r"_:[\w\u00b7\u00c0-\uffff.-]*")


@dataclass(frozen=True)
class Token:
    """One token: its kind (``word``, ``var``, ``iri``, ``string``, ``blank``, ``punct``), its
    text, and where it starts (offset, 1-based line and column)."""

    kind: str
    text: str
    offset: int
    line: int
    column: int

    @property
    def keyword(self) -> str:
        """The text upper-cased when it is a word, else empty."""
        return self.text.upper() if self.kind == "word" else ""


def tokens(text: str) -> Iterator[Token]:
    """The tokens of ``text``; comments and whitespace are skipped.

    >>> [t.text for t in tokens('SELECT ?x # ?y\\nWHERE { ?x <a:b> "}" }')]
    ['SELECT', '?x', 'WHERE', '{', '?x', '<a:b>', '"}"', '}']
    """
    i, line, line_start = 0, 1, 0
    while i < len(text):
        char = text[i]
        if char == "\n":
            line, line_start = line + 1, i + 1
            i += 1
            continue
        if char.isspace():
            i += 1
            continue
        if char == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        start, column = i, i - line_start + 1
        if char in "\"'":
            i = _string_end(text, i)
            kind = "string"
        elif char == "<" and (match := _IRI.match(text, i)):
            i, kind = match.end(), "iri"
        elif char in "?$" and (match := _VAR.match(text, i)):
            i, kind = match.end(), "var"
        elif char == "_" and (match := _BLANK.match(text, i)):
            i, kind = match.end(), "blank"
        elif match := _WORD.match(text, i):
            i, kind = match.end(), "word"
            while text[i - 1] == "." and i - 1 > start:  # a statement's final dot
                i -= 1
        else:
            i, kind = i + 1, "punct"
        token_text = text[start:i]
        yield Token(kind, token_text, start, line, column)
        newlines = token_text.count("\n")
        if newlines:
            line += newlines
            line_start = start + token_text.rfind("\n") + 1


def _string_end(text: str, i: int) -> int:
    quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else text[i]
    j = i + len(quote)
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text.startswith(quote, j):
            return j + len(quote)
        if len(quote) == 1 and text[j] == "\n":
            return j  # an unterminated string: the parser will say so
        j += 1
    return len(text)
