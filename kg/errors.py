"""Errors a person can act on: what went wrong, where, and what to do next; and exit codes."""

from __future__ import annotations

import errno
import functools
import os
import re
import tomllib
from pathlib import Path

#: Exit codes of every ``kg`` command.
EXIT_OK = 0
#: The data does not conform (validation found violations).
EXIT_VIOLATIONS = 1
#: Unreadable input or a usage error: a bad file, option, parameter or query.
EXIT_INPUT = 2
#: An internal, store or endpoint error: kg could not finish.
EXIT_INTERNAL = 3
#: The reader of the output stopped reading (``kg query … | head``): 128 + SIGPIPE, the
#: status a shell gives a command that signal stops; nothing is said.
EXIT_PIPE = 141
#: The command was told to stop (SIGTERM: kill, a service manager, a job's time limit) and
#: removed what it had half made: 128 + SIGTERM, as a shell gives a command that signal stops.
EXIT_TERMINATED = 143


#: Characters that would break the line an error's file is named on (a file name may hold them)
_LINE_BREAKS = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


class KgError(Exception):
    """Base class for errors kg reports to people.

    ``str(error)`` gives the full message: the place (file, line and column when known), what
    is wrong, and a hint saying what to do. ``exit_code`` is what the command line exits with.

    >>> print(KgError("no such term", path=Path("q.rq"), line=3, column=7, hint="check it"))
    q.rq:3:7: no such term
      hint: check it

    A line break in the file's name is shown as ``\\n``, so that the error keeps its lines.
    """

    exit_code = EXIT_INPUT
    #: The language of the input the error is about (a Swedish workbook), for a command
    #: not told which to use
    lang: str | None = None

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        path: Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.hint = hint
        self.path = path
        self.line = line
        self.column = column
        super().__init__(self.__str__())

    def __str__(self) -> str:
        place = ""
        if self.path is not None:
            place = _LINE_BREAKS.sub(lambda m: repr(m.group())[1:-1], str(self.path))
            if self.line:
                place += f":{self.line}" + (f":{self.column}" if self.column else "")
            place += ": "
        text = f"{place}{self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text

    def worded(self, lang: str) -> tuple[str, str]:
        """The message and the hint in ``lang``, where kg's catalog has their wording."""
        return translated(self.message, lang), translated(self.hint, lang)


def in_language(error: KgError, lang: str | None) -> tuple[str, str]:
    """The word for "error" and the error as ``str()`` gives it, in ``lang`` (None: the
    error's own, else English): its message and hint where kg's catalog has them
    (``errors.sv.toml``), else as raised.

    >>> in_language(KgError("no source reports anything for 2018", hint="x"), "sv")
    ('fel', 'ingen källa redovisar något för 2018\\n  tips: x')
    """
    if (lang or error.lang) != "sv":
        return "error", str(error)
    message, hint = error.worded("sv")
    words = _swedish()[1]
    where = {"path": error.path, "line": error.line, "column": error.column}
    text = str(KgError(message, **where))
    return words["error"], text + (f"\n  {words['hint']}: {hint}" if hint else "")


#: The place ``str(KgError)`` puts before its message: ``<query>:1:18: ``, ``q.rq:3: ``
_PLACE = re.compile(r"(?P<place>[^\n]*?:\d+(?::\d+)?: )(?P<message>.*)")


def translated_error(text: str, lang: str) -> str:
    r"""``text``, an error as ``str(KgError)`` writes it (its place, message, any lines it
    shows, and ``hint:``), in ``lang``: its message and hint worded where kg's catalog has them.

    >>> said = "q.ttl:3: no data: the file holds no triples\n  hint: check the first keyword's"
    >>> print(translated_error(said, "sv"))
    q.ttl:3: inga uppgifter: filen innehåller inga tripplar
      tips: check the first keyword's
    """
    if lang != "sv":
        return text
    first, *rest = text.split("\n")
    place = _PLACE.fullmatch(first)
    first = (
        place["place"] + translated(place["message"], lang) if place else translated(first, lang)
    )
    hint = "  hint: "
    word = _swedish()[1]["hint"]
    rest = [
        f"  {word}: {translated(line[len(hint) :], lang)}" if line.startswith(hint) else line
        for line in rest
    ]
    return "\n".join([first, *rest])


@functools.lru_cache(maxsize=4096)  # a spreadsheet's thousands of mistakes share their hints
def translated(text: str, lang: str) -> str:
    """``text`` (a message or hint as kg's code writes it) in ``lang``: its wording in kg's
    catalog, else ``text`` itself.

    >>> translated("give its id, for example id:alby/fritidsnamnden", "sv")
    'ange dess id, till exempel id:alby/fritidsnamnden'
    >>> translated("give its id, for example id:alby/fritidsnamnden", "en")
    'give its id, for example id:alby/fritidsnamnden'

    A message and its hint joined by "; " (as a violation gives them) are each worded, where
    the catalog has no wording of the whole:

    >>> translated("no data: the file holds no triples; give its id, for example id:x", "sv")
    'inga uppgifter: filen innehåller inga tripplar; ange dess id, till exempel id:x'
    """
    if lang != "sv" or not text:
        return text
    found = _reading(text)
    if found is not None:
        _, swedish, groups = found
        return swedish.format(**{k: _worded(k, v, lang) for k, v in groups.items()})
    if "; " in text:  # a message and its hint in one text: each worded on its own
        return "; ".join(translated(part, lang) for part in text.split("; "))
    return text


#: The placeholders whose text is worded from the catalog in turn (kg's own words, a reason)
_NESTED = ("hint", "why")


@functools.lru_cache(maxsize=4096)
def _reading(text: str) -> tuple[int, str, dict[str, str]] | None:
    """The Swedish template that words the most of ``text``, with how many characters it
    writes out and the placeholders' values: of two that fit, the one writing out more,
    counting what a reason or hint it holds is worded by in turn (so "syntax error: {why}"
    wraps "{path}: not UTF-8 text …", and "{why}. Did you mean …?" wraps "No such command
    {name}"); on a tie, the catalog's first."""
    chosen = None
    for pattern, swedish, size in _swedish()[0]:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        groups = found.groupdict()
        score = size + sum(_written_out(v) for k, v in groups.items() if k in _NESTED)
        if chosen is None or score > chosen[0]:
            chosen = (score, swedish, groups)
    return chosen


def _written_out(text: str) -> int:
    """How many characters of ``text`` the catalog writes out (0: no wording fits it)."""
    found = _reading(text)
    return 0 if found is None else found[0]


#: A number as kg writes it in English, its thousands grouped (``6,144``, ``12,500.5``).
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
#: Placeholders that hold seconds, which kg writes as ``2.5``: a decimal mark to word.
_SECONDS = ("seconds", "timeout")


def _worded(name: str, value: str, lang: str) -> str:
    """A placeholder's value in ``lang``: a hint (kg's own words) or a reason (often the
    system's or a parser's, from the catalog's ``[foreign]``) worded in turn, a list
    (``either…``, click's ``suggestions``) joined with the language's "or", a number kg wrote
    with English grouping (``6,144``), or seconds with a decimal point (``2.5``), as the
    language writes it; any other as it is."""
    from kg.numbers import written

    if (name in _SECONDS and re.fullmatch(r"\d+\.\d+", value)) or _GROUPED.fullmatch(value):
        number = value.replace(",", "")
        decimals = len(number.partition(".")[2])
        return written(float(number) if decimals else int(number), decimals, lang)
    if name in _NESTED:  # kg's own words, or the system's or a parser's
        return translated(value, lang)
    if name.startswith("either"):
        return value.replace(" or ", f" {word('or', lang)} ")
    if name == "suggestions":  # click's "'report', 'export'": the last one after "or"
        first, comma, last = value.rpartition(", ")
        return f"{first} {word('or', lang)} {last}" if comma else value
    return value


def word(english: str, lang: str) -> str:
    """One of the catalog's words (``error``, ``hint``, ``sheet`` …) in ``lang``."""
    return _swedish()[1].get(english, english) if lang == "sv" else english


@functools.cache
def _swedish() -> tuple[list, dict[str, str]]:
    """The catalog's English templates as patterns (a placeholder matches any text), each
    with its Swedish template: kg's own (``[texts]``), then the system's and the parsers'
    (``[foreign]``)."""
    data = tomllib.loads((Path(__file__).parent / "errors.sv.toml").read_text("utf-8"))
    catalog = []
    for english, swedish in [*data["texts"].items(), *data["foreign"].items()]:
        parts = re.split(r"\{(\w+)\}", english)
        pattern = "".join(  # a placeholder named again matches the same text again
            re.escape(part)
            if i % 2 == 0
            else f"(?P={part})"
            if part in parts[1:i:2]
            else f"(?P<{part}>.+?)"
            for i, part in enumerate(parts)
        )
        written = sum(len(part) for part in parts[::2])
        catalog.append((re.compile(pattern, re.S), swedish, written))
    return catalog, data["words"]


class KgWarning(UserWarning):
    """Something kg noticed that makes an answer likely not what was meant, said from Python
    (the command line prints it as a note): a query's parameter naming nothing in the graph.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warnings.warn("x is not in the graph", KgWarning)
    >>> caught[0].category.__name__
    'KgWarning'
    """


class DataLoadError(KgError):
    """A data file could not be read or parsed; nothing was loaded."""


class StoreError(KgError):
    """A store folder cannot be used as asked, or its database failed."""

    exit_code = EXIT_INTERNAL


class OutOfMemoryError(KgError):
    """The machine, a control group or ``ulimit -v`` left kg too little memory to finish."""

    exit_code = EXIT_INTERNAL


class EndpointError(KgError):
    """A SPARQL endpoint could not be reached, refused the query, or gave an incomplete answer."""

    exit_code = EXIT_INTERNAL


class QueryError(KgError):
    """A SPARQL query cannot be run: bad syntax, a bad parameter, or refused by kg."""


class QuerySyntaxError(QueryError):
    """The query is not valid SPARQL 1.1 (or uses an unknown prefix)."""


class ParameterError(QueryError):
    """A query parameter is missing, unknown or malformed."""


class RefusedQueryError(QueryError):
    """kg refuses the request: an update (kg is read-only), SERVICE, or FROM / FROM NAMED."""


class QueryFailedError(QueryError):
    """The query was valid but failed while it ran (the engine reported an error)."""


def cannot_write(path: Path, error: OSError) -> KgError:
    """The error for a file that could not be written, with what to check or do.

    >>> print(cannot_write(Path("x.ttl"), FileNotFoundError(2, "No such file or directory")))
    x.ttl: cannot write the file: No such file or directory
      hint: check that the folder exists and is writable
    """
    hint = (
        NO_TEMPORARY
        if no_temporary_folder(error)
        else "close the file in the program that has it open (Excel, a PDF reader) and run again"
        if held_open(error)
        else "the path is a folder: give the name of a file in it"
        if error.errno == errno.EISDIR or Path(path).is_dir()  # Windows: permission denied
        else "check that the folder exists and is writable"
    )
    return KgError(f"cannot write the file: {error.strerror}", path=path, hint=full(error, hint))


def held_open(error: BaseException) -> bool:
    """Whether ``error`` is Windows' refusal of a path another program holds open: access
    denied (replacing it), a sharing or a lock violation (``winerror`` 5, 32, 33)."""
    return getattr(error, "winerror", None) in (5, 32, 33)


#: What to do where no folder for temporary files can be written
NO_TEMPORARY = (
    "set TMPDIR to a folder you can write (kg and the libraries it uses keep temporary files "
    "there) and run again"
)


def no_temporary_folder(error: BaseException) -> bool:
    """Whether ``error`` says that no folder for temporary files could be made: Python's
    :mod:`tempfile` (TMPDIR, /tmp, /var/tmp and the working folder all tried), or matplotlib
    finding neither its own folder nor a temporary one.

    >>> no_temporary_folder(FileNotFoundError(2, "No usable temporary directory found in []"))
    True
    """
    said = str(error)
    return any(
        words in said
        for words in ("No usable temporary directory", "a temporary directory could not be created")
    )


#: The system's reasons for a write that failed for want of room: the disk or the user's quota
#: full, or a file past the size the user may write (``ulimit -f``)
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def full(error: BaseException, hint: str) -> str:
    """The hint for ``error``: to make room where the disk is full (an OSError's number, or
    the system's words in an engine's message), else ``hint``.

    >>> full(OSError(errno.ENOSPC, "No space left on device"), "check the folder")
    'free some space on the disk (nothing was written), or write somewhere else'
    >>> full(OSError("IO error: While appending to file: x: File too large"), "check it")
    'free some space on the disk (nothing was written), or write somewhere else'
    """
    said = str(error)
    if getattr(error, "errno", None) in _NO_ROOM or any(os.strerror(n) in said for n in _NO_ROOM):
        return "free some space on the disk (nothing was written), or write somewhere else"
    return hint


def utf8_position(raw: bytes, error: UnicodeDecodeError) -> tuple[int, int]:
    """The line and column (in characters) of the first byte of ``raw`` that is not UTF-8.

    >>> raw = "å\\nRå".encode("utf-8")[:-2] + "å".encode("latin-1")
    >>> try:
    ...     raw.decode("utf-8")
    ... except UnicodeDecodeError as error:
    ...     utf8_position(raw, error)
    (2, 2)
    """
    line = raw.count(b"\n", 0, error.start) + 1
    start = raw.rfind(b"\n", 0, error.start) + 1
    return line, len(raw[start : error.start].decode("utf-8", "replace")) + 1


def not_utf8(path: Path, raw: bytes, error: UnicodeDecodeError, *, effect: str) -> DataLoadError:
    """The error for a file that is not UTF-8 text, naming the line and column of the first
    byte that is not; ``effect`` ends the hint (what the caller leaves behind).

    >>> raw = "a\\nRådhuset".encode("latin-1")
    >>> try:
    ...     raw.decode("utf-8")
    ... except UnicodeDecodeError as error:
    ...     print(not_utf8(Path("t.txt"), raw, error, effect="nothing was read"))
    t.txt:2: the file is not UTF-8 text (column 2)
      hint: save it as UTF-8 (it may be Latin-1 or UTF-16); nothing was read
    """
    line, column = utf8_position(raw, error)
    return DataLoadError(
        f"the file is not UTF-8 text (column {column})",
        path=path,
        line=line,
        hint=f"save it as UTF-8 (it may be Latin-1 or UTF-16); {effect}",
    )
