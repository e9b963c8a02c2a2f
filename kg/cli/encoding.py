"""Standard output and error on a terminal whose encoding lacks some of kg's characters
(``PYTHONIOENCODING=ascii``, ``LC_ALL=C`` with ``PYTHONUTF8=0``, a Latin-1 locale): such a
character is written plainly (ö as o, — as -) rather than ending the command, and a note on
standard error says so once, with the setting that shows them (:func:`plain_streams`,
:func:`plainly_written`). Machines' formats (CSV, JSON, RDF) are written as UTF-8 bytes
whatever the terminal's encoding, so they are not concerned."""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata

#: The name of the error handler the streams are given
HANDLER = "kg-plain"
#: kg's own signs and the punctuation of its words and its data, as ASCII
_PLAIN = {
    "\u2014": "-",  # —
    "\u2013": "-",  # –
    "\u2011": "-",
    "\u2212": "-",
    "\u00b7": "-",  # ·, between the counts of a summary
    "\u2026": "...",
    "\u2192": "->",
    "\u2190": "<-",
    "\u21b3": "->",
    "\u2713": "ok",  # ✓
    "\u2715": "x",  # ✕, a gap
    "\u2717": "x",
    "\u00d7": "x",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u2039": "<",
    "\u203a": ">",
    "\u2265": ">=",
    "\u2264": "<=",
    "\u00a7": "S.",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u00b2": "2",
}
_written = {"plainly": 0}
#: The error handlers of a stream that fails (stdout's; in the C locale without UTF-8 mode,
#: ``surrogateescape``, which fails at any character past ASCII) or escapes (stderr's): a
#: handler the user chose (``PYTHONIOENCODING=ascii:replace``) is kept
_REPLACED = ("strict", "surrogateescape", "backslashreplace")


def _plain(character: str) -> str:
    """``character`` in ASCII: kg's sign for it, its letter without marks (å as a), or ?.

    >>> "".join(_plain(c) for c in "Överförmyndarnämnden — ✓")
    'Overformyndarnamnden - ok'
    """
    if character in _PLAIN:
        return _PLAIN[character]
    if "\udc80" <= character <= "\udcff":  # a byte the system could not decode (argv, a path)
        return "?"
    bare = unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode()
    return bare or (character if character.isascii() else "?")


def _decoded(text: str) -> str:
    """``text`` with the bytes the system could not decode (a name in ``sys.argv`` under
    ``LC_ALL=C PYTHONUTF8=0``) read as UTF-8 where they are.

    >>> _decoded("F\\udcc3\\udcb6r")
    'För'
    """
    if not any("\udc80" <= c <= "\udcff" for c in text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")


def _handle(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):  # pragma: no cover (only encoding uses it)
        raise error
    _written["plainly"] += 1
    text = "".join(_plain(c) for c in _decoded(error.object[error.start : error.end]))
    try:
        text.encode(error.encoding)
    except (UnicodeError, LookupError):  # pragma: no cover (every encoding holds ASCII)
        text = "?" * (error.end - error.start)
    return text, error.end


codecs.register_error(HANDLER, _handle)


def _lacking(encoding: str | None) -> bool:
    """Whether ``encoding`` lacks characters kg writes (every UTF codec has them all)."""
    try:
        return codecs.lookup(encoding or "ascii").name not in ("utf-8", "utf-16", "utf-32")
    except LookupError:  # pragma: no cover (the stream was made with it)
        return True


def plain_streams() -> None:
    """Give standard output and error the plain writing of characters their encoding lacks,
    where it lacks any (UTF-8 streams are left as they are)."""
    for stream in (sys.stdout, sys.stderr):
        kept = isinstance(stream, io.TextIOWrapper) and stream.errors in _REPLACED
        if kept and _lacking(stream.encoding):
            stream.reconfigure(errors=HANDLER)


def plainly_written() -> str | None:
    """The encoding of standard output or error if a character was written plainly since the
    last call (then the note says so), else None."""
    if not _written["plainly"]:
        return None
    _written["plainly"] = 0
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == HANDLER:
            return str(stream.encoding)
    return "ascii"  # pragma: no cover (the handler is used by these streams only)


#: The note after output written plainly
_PLAINLY = (
    "the terminal's encoding ({encoding}) lacks some of the characters written: they are shown "
    "as the nearest ASCII letters and signs; set LC_ALL=C.UTF-8 or PYTHONIOENCODING=utf-8 to "
    "see them as they are"
)
_PLAINLY_WINDOWS = (
    "the terminal's encoding ({encoding}) lacks some of the characters written: they are shown "
    "as the nearest ASCII letters and signs; set PYTHONUTF8=1 ($env:PYTHONUTF8=1 in "
    "PowerShell) to see them as they are"
)


def plainly(encoding: str) -> str:
    """The note that the terminal's ``encoding`` lacked characters, with what to set there
    (on Windows, which has no LC_ALL: Python's UTF-8 mode)."""
    return (_PLAINLY_WINDOWS if sys.platform == "win32" else _PLAINLY).format(encoding=encoding)
