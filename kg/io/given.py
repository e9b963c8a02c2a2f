"""What a :class:`~kg.io.source.Source` is given, checked: paths and a year."""

from __future__ import annotations

import operator
from collections.abc import Iterable
from os import PathLike
from pathlib import Path

#: A path as a caller gives it: text or a path object.
PathText = str | PathLike[str]


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
