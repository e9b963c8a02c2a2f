"""Errors a person can act on: what went wrong, where, and what to do next."""

from __future__ import annotations

from pathlib import Path


class KgError(Exception):
    """Base class for errors kg reports to people.

    ``str(error)`` gives the full message: the place (file and line when known), what is
    wrong, and a hint saying what to do.
    """

    def __init__(
        self, message: str, *, hint: str = "", path: Path | None = None, line: int | None = None
    ) -> None:
        self.message = message
        self.hint = hint
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        place = ""
        if self.path is not None:
            place = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{place}{self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class DataLoadError(KgError):
    """A data file could not be read or parsed; nothing was loaded."""


def cannot_write(path: Path, error: OSError) -> KgError:
    """The error for a file that could not be written, with what to check.

    >>> error = cannot_write(Path("x.ttl"), FileNotFoundError(2, "No such file or directory"))
    >>> error.message
    'cannot write x.ttl: No such file or directory'
    >>> error.hint
    'check that the folder exists and is writable'
    """
    return KgError(
        f"cannot write {path}: {error.strerror}",
        path=path,
        hint="check that the folder exists and is writable",
    )


class QueryError(KgError):
    """A SPARQL query cannot be run: bad syntax, a bad parameter, or refused by kg.

    ``status`` is the HTTP status the endpoint answers with; ``column`` (1-based) joins
    ``line`` to point at the place in the query file.
    """

    status = 400

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        path: Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.column = column
        super().__init__(message, hint=hint, path=path, line=line)

    def __str__(self) -> str:
        place = ""
        if self.path is not None:
            place = str(self.path)
            if self.line:
                place += f":{self.line}" + (f":{self.column}" if self.column else "")
            place += ": "
        text = f"{place}{self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class QuerySyntaxError(QueryError):
    """The query is not valid SPARQL 1.1 (or uses an unknown prefix)."""


class ParameterError(QueryError):
    """A query parameter is missing, unknown or malformed."""


class RefusedQueryError(QueryError):
    """kg refuses the request: an update (kg is read-only), SERVICE, or FROM / FROM NAMED."""

    status = 403
