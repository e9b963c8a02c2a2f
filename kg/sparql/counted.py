"""A query's answer that counts the rows read from it: pyoxigraph's answer cannot tell that a
caller has read some of its rows, so that :func:`kg.answer_frame` of an answer looped over in
part made a frame of the rest, without a word. :func:`kg.query` gives its answers so."""

from __future__ import annotations

from typing import Any


class Counted:
    """pyoxigraph's answer (``QuerySolutions`` or ``QueryTriples``) as it is, read the same way
    (the same rows, ``variables``, ``serialize``; ``isinstance(answer, QuerySolutions)``
    holds), that also counts the rows read from it (:func:`rows_read`).

    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/b"), ox.Literal("c")))
    >>> answer = Counted(store.query("SELECT ?o { ?s ?p ?o }"))
    >>> isinstance(answer, ox.QuerySolutions), rows_read(answer)
    (True, 0)
    >>> [row["o"].value for row in answer], rows_read(answer)
    (['c'], 1)
    """

    __slots__ = ("_answer", "_read")

    def __init__(self, answer: Any) -> None:
        self._answer = answer
        self._read = 0

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # what isinstance asks: pyoxigraph's class
        return type(self._answer)

    def __iter__(self) -> Counted:
        return self

    def __next__(self) -> Any:
        row = next(self._answer)
        self._read += 1
        return row

    def __getattr__(self, name: str) -> Any:
        if name in Counted.__slots__:  # not yet set (a copy being made): none to pass on
            raise AttributeError(name)
        return getattr(self._answer, name)

    def __repr__(self) -> str:
        return repr(self._answer)

    def __reduce_ex__(self, protocol: Any) -> Any:  # pickled as pyoxigraph's: it cannot be
        return self._answer.__reduce_ex__(protocol)


def counted(answer: Any) -> Any:
    """``answer`` counting its rows where it is pyoxigraph's rows (a SELECT's solutions, a
    CONSTRUCT's triples), else as it is (an ASK's yes or no, an endpoint's list)."""
    import pyoxigraph as ox

    return Counted(answer) if type(answer) in (ox.QuerySolutions, ox.QueryTriples) else answer


def rows_read(answer: object) -> int:
    """How many rows have been read from ``answer``: 0 for one not counted."""
    return answer._read if type(answer) is Counted else 0
