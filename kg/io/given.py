"""What a :class:`~kg.io.source.Source` is given, checked: paths and a year."""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable
from os import PathLike
from pathlib import Path

from kg.errors import EXIT_INPUT, KgError, StoreError

#: A path as a caller gives it: text or a path object.
PathText = str | PathLike[str]

#: A web address given where kg takes a path: http(s) or ftp(s), also as pathlib leaves it
#: (``Path("https://a/b")`` is ``https:/a/b``, on Windows ``https:\\a\\b``).
_WEB = re.compile(r"^(https?|ftps?):[/\\]+", re.IGNORECASE)


def web_address(given: PathText) -> str | None:
    """The web address ``given`` is (its ``//`` restored where pathlib made it one ``/``, and
    Windows' ``\\`` made ``/``), or None for a path: kg reads files on this computer and
    never downloads one. A file or folder that is there (``http:/x.ttl`` in a folder named
    ``http:``) is a path.

    >>> web_address(Path("https://example.org/data.ttl")), web_address("data/malmo.ttl")
    ('https://example.org/data.ttl', None)
    >>> from pathlib import PureWindowsPath as Windows
    >>> web_address(Windows("https://example.org/a/b.ttl")), web_address(Windows("C:/data"))
    ('https://example.org/a/b.ttl', None)
    """
    if not _WEB.match(str(given)) or _there(given):
        return None
    return _WEB.sub(r"\1://", str(given), count=1).replace("\\", "/")


def _there(given: PathText) -> bool:
    """Whether ``given`` names a file or folder on this computer."""
    try:
        return Path(given).exists()
    except (OSError, ValueError):  # a name too long, or with a NUL: not one that is there
        return False


def not_downloaded(address: str, what: str) -> tuple[str, str]:
    """The message and hint for a web address given as ``what`` (a file, a folder).

    >>> not_downloaded("http://example.org/a.ttl", "file")[0].split(": ")[1]
    'kg reads files on this computer and never downloads one'
    """
    return (
        f"{address} is a web address: kg reads {what}s on this computer and never downloads one",
        f"download the {what} yourself, where that is allowed, and give its path",
    )


def not_uploaded(given: PathText) -> tuple[str, str] | None:
    """The message and hint for a web address given where kg writes (``-o``, ``kg init``'s
    folder), or None for a path, and for one whose folder is there (``http:/a`` beside a
    folder named ``http:``).

    >>> not_uploaded("https://example.org/out.ttl")[0].split(": ")[1]
    'kg writes its output on this computer and never uploads it'
    >>> not_uploaded("out/graph.ttl") is None
    True
    """
    address = web_address(given)
    if address is None or Path(given).parent.is_dir():
        return None
    return (
        f"{address} is a web address: kg writes its output on this computer and never uploads it",
        "give a file or folder on this computer, and copy it to the web yourself",
    )


def given_paths(
    given: PathText | Iterable[PathText], name: str, *, several: bool = True
) -> tuple[Path, ...]:
    """One path (a string or a Path) or, if ``several``, an iterable of them, as Paths;
    anything else: a TypeError naming the option."""
    one = isinstance(given, str | PathLike)
    try:
        if not (one or several):
            raise TypeError
        return tuple(Path(p) for p in ([given] if one else given))  # type: ignore[list-item]
    except TypeError:
        takes = "a path (a str or a pathlib.Path)" + (" or a list of paths" if several else "")
        raise TypeError(f"Source({name}=…) takes {takes}, not {given!r}") from None


def refuse_uploaded(given: object) -> None:
    """Refuse (:class:`~kg.errors.KgError`, as :func:`not_uploaded` words it) a web address
    given where kg writes: ``-o`` of every command, ``kg diff``'s ``-m`` and ``-j`` and
    ``kg init``'s folder (pathlib would make a folder named ``https:``).

    >>> refuse_uploaded("out/graph.ttl"), refuse_uploaded(None)
    (None, None)
    """
    refused = not_uploaded(given) if isinstance(given, str | PathLike) else None
    if refused is not None:
        raise KgError(refused[0], hint=refused[1])


def given_year(given: object) -> int | None:
    """A year given as a number or its digits as text ("2012"), as a number."""
    if given is None:
        return None
    if isinstance(given, str) and given.strip().isascii() and given.strip().isdigit():
        return int(given)
    if not isinstance(given, bool | str):
        try:
            return operator.index(given)  # an int, or numpy's (a year read with pandas)
        except TypeError:
            pass
    raise TypeError(f"Source(year=…) takes a year as a number, such as 2016, not {given!r}")


class StoreOptionError(StoreError):
    """``--store``, ``--endpoint`` and ``--data`` given together in a way kg cannot take, or a
    web address as ``--store``: a usage error (exit code 2, as every refused web address)."""

    exit_code = EXIT_INPUT


def check_where(store: Path | None, endpoint: str | None, data: tuple[Path, ...]) -> None:
    """Refuse a store and an endpoint both, a store given as a web address, and data for an
    endpoint, with a :class:`StoreOptionError`.

    >>> check_where(Path("https://example.org/store"), None, ())
    Traceback (most recent call last):
    ...
    kg.io.given.StoreOptionError: --store takes a folder on this computer, not a web address (https://example.org/store)
      hint: give a folder for kg's own store, or --endpoint URL to read a SPARQL endpoint
    """
    if store is not None and endpoint is not None:
        raise StoreOptionError(
            "give a store or an endpoint (--store or --endpoint), not both",
            hint="a store keeps a local copy; an endpoint is read where it is",
        )
    address = None if store is None else web_address(store)
    if address is not None:
        raise StoreOptionError(
            f"--store takes a folder on this computer, not a web address ({address})",
            hint="give a folder for kg's own store, or --endpoint URL to read a SPARQL endpoint",
        )
    if endpoint is not None and data:
        raise StoreOptionError(
            "data (--data) cannot be added to an endpoint: it is read-only",
            hint="load the files into the endpoint's store, or keep them in a store of "
            "kg's own with them (--store DIR --data …)",
        )
