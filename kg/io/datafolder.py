"""A city's data folder: ``kg.toml`` says which city it is and where its source texts are.

A data folder made by :func:`kg.io.scaffold.init_city` (``kg init``) looks like this::

    kg.toml          city = "Sjöstad kommun", sources = "sources", lang = "sv"
    README.md        the workflow, in Swedish and English
    sources/         one UTF-8 text file per source document
    data/            the spreadsheet (and the Turtle that kg import writes from it)

Commands given ``--data`` somewhere inside such a folder find its ``kg.toml`` by looking in
the folder and its parents (:func:`settings_for`); nothing about a city is in kg's code.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

from kg.errors import KgError
from kg.io.files import unreadable
from kg.io.given import not_downloaded, web_address
from kg.model.spoken import LANGUAGES

#: The name of a data folder's settings file.
SETTINGS_FILE = "kg.toml"
_KEYS = {"city", "sources", "base", "lang"}


@dataclass(frozen=True)
class Settings:
    """What the ``kg.toml`` files of the given data say (empty when there is none).

    ``sources`` lists the folders with source texts, in the order they are searched; ``city``
    is the first city named; ``lang`` the language its commands speak when not told (``sv``
    or ``en``); ``files`` the settings files read, and ``langs`` the ``lang`` each gives
    (None where it gives none).
    """

    city: str | None = None
    base: str | None = None
    sources: tuple[Path, ...] = ()
    files: tuple[Path, ...] = ()
    lang: str | None = None
    langs: tuple[str | None, ...] = field(default=(), compare=False)  # what ``files`` say


def find_settings(path: Path) -> Path | None:
    """The ``kg.toml`` of the data folder ``path`` is in (looking upwards), or None. A folder
    the user may not look into (another user's) is passed over: what kg reads there fails
    with its own error."""
    path = Path(path).resolve()
    for folder in (path, *path.parents) if _is_dir(path) else path.parents:
        candidate = folder / SETTINGS_FILE
        with contextlib.suppress(PermissionError):
            if candidate.is_file():
                return candidate
    return None


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except PermissionError:
        return False


#: The hint for a ``\\`` in a TOML text in double quotes, where it starts an escape
WINDOWS_PATH = (
    "in double quotes TOML takes \\ for the start of an escape: write a Windows path in "
    "single quotes, sources = 'C:\\data\\sources', or with forward slashes, "
    'sources = "C:/data/sources"'
)


def read_settings(file: Path) -> dict:
    """The settings in one ``kg.toml``, with ``sources`` made absolute; errors name the file."""
    try:
        data = tomllib.loads(Path(file).read_text(encoding="utf-8"))
    except PermissionError as error:  # another user's folder
        raise unreadable(error, Path(file)) from error
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        # a Windows path in double quotes: C:\data is an unknown escape, C:\Users a \U
        # without its eight hex digits
        backslash = any(said in str(error) for said in ("Unescaped '\\'", "Invalid hex value"))
        raise KgError(
            f"cannot read the settings: {error}",
            path=file,
            hint=WINDOWS_PATH
            if backslash
            else 'write it as TOML: city = "Sjöstad kommun" and sources = "sources"',
        ) from error
    unknown = sorted(set(data) - _KEYS)
    if unknown or not all(isinstance(v, str) for v in data.values()):
        raise KgError(
            f"unknown or non-text settings: {', '.join(unknown) or 'a value is not text'}",
            path=file,
            hint=f"kg.toml knows {', '.join(sorted(_KEYS))}, each a quoted text",
        )
    if data.get("lang", "sv") not in LANGUAGES:
        raise KgError(
            f"unknown language '{data['lang']}'",
            path=file,
            hint='write lang = "sv" or lang = "en" (the language kg speaks for this data)',
        )
    if "base" in data and not usable_base(data["base"]):
        raise KgError(
            f"base '{data['base']}' is not an IRI to make the data's IRIs under",
            path=file,
            hint=BASE,
        )
    if "sources" in data:
        _not_web(data["sources"], file)
        if any(c in data["sources"] for c in "\b\t\n\f\r"):  # C:\new\tests read as escapes
            raise KgError(
                f"sources = {data['sources']!r} holds a control character: in double quotes "
                "each \\ started an escape",
                path=file,
                hint=WINDOWS_PATH,
            )
        folder = (Path(file).parent / data["sources"]).resolve()
        if not folder.is_dir():
            raise KgError(
                f"the sources folder {folder} does not exist",
                path=file,
                hint="create it and put the source texts in it, or correct 'sources'",
            )
        data["sources"] = folder
    return data


def _not_web(folder: Path | str, file: Path | None) -> None:
    """Refuse a sources folder given as a web address (in ``file``, a kg.toml, if given)."""
    address = web_address(folder)
    if address is not None:
        message, hint = not_downloaded(address, "folder")
        raise KgError(message, path=file, hint=hint)


def settings_for(
    paths: Iterable[Path | str] | Path | str, sources: Iterable[Path | str] | Path | str = ()
) -> Settings:
    """The settings of the data folders ``paths`` (one path, or several) lie in, with
    ``sources`` searched first.

    >>> settings_for([]).sources
    ()
    """
    paths = [paths] if isinstance(paths, str | PathLike) else paths
    sources = [sources] if isinstance(sources, str | PathLike) else sources
    for source in sources:
        _not_web(source, None)
    folders = [Path(s).resolve() for s in sources]
    for folder in folders:
        if not folder.is_dir():
            raise KgError(
                f"the sources folder {folder} does not exist",
                hint="give the folder that holds the source texts (--sources on the command line)",
            )
    read: dict[Path, dict] = {}  # each kg.toml, by its path, in the order given
    for path in paths:
        file = find_settings(Path(path))
        if file is not None and file not in read:
            read[file] = read_settings(file)
    said = list(read.values())
    for data in said:
        if "sources" in data and data["sources"] not in folders:
            folders.append(data["sources"])
    _apart(read)
    first = {key: next((d[key] for d in said if d.get(key)), None) for key in _FIRST}
    langs = tuple(d.get("lang") for d in said)
    return Settings(**first, sources=tuple(folders), files=tuple(read), langs=langs)


#: The settings the first folder that gives one decides.
_FIRST = ("city", "base", "lang")


def _apart(read: dict[Path, dict]) -> None:
    """Refuse two cities' data folders (``kg.toml`` files, with what each says) that name
    their things in one namespace: loaded together, their namesakes (each city's
    Fritidsnämnden) would be one node with both cities' partners. The error is in the
    language of the first of them, the data it is about."""
    seen: dict[str, Path] = {}
    for file, data in read.items():
        own = _namespaces(file, data)[:1]
        if not own or not data.get("city"):
            continue
        if (other := seen.setdefault(space := own[0], file)) != file:
            first, second = other.parent, file.parent
            error = KgError(
                f"the data folders {first} and {second} name their things in the same "
                f"namespace {space}, so their organisations of one name would be merged",
                path=file,
                hint="if they are one city's data, keep it in one folder (one workbook, with "
                "the documents of every year); if two cities', give one folder a base of its own "
                "in kg.toml (and on the sheet about) and import it again; or give only one of "
                "them with --data",
            )
            error.lang = read[other].get("lang")
            raise error


def namespaces_of(sources: Path) -> tuple[str, ...]:
    """The namespaces of the data whose source texts are in the folder ``sources``, where it
    is the ``sources`` of a city's data folder (:func:`folder_namespaces`); none for any other
    folder. A document named in one of them is looked up there first, so two cities may each
    have a text of the same file name."""
    sources = Path(sources).resolve()
    file = find_settings(sources)
    try:
        data = read_settings(file) if file is not None else {}
    except KgError:  # another tool's kg.toml, or a broken one: no city's folder
        return ()
    return _namespaces(file, data) if file and data.get("sources") == sources else ()


def folder_namespaces(settings: Path) -> tuple[str, ...]:
    """The namespaces a city's data folder (its ``kg.toml`` at ``settings``) names things in,
    the first its own: its kg.toml's base, that of each Turtle file of the folder (``@prefix
    :``, as kg import writes it, from the base on the sheet "about"), then the one its city
    gives; none for a kg.toml kg cannot read."""
    try:
        data = read_settings(settings)
    except KgError:
        return ()
    return _namespaces(settings, data)


def _namespaces(settings: Path, data: dict) -> tuple[str, ...]:
    """:func:`folder_namespaces` of the ``kg.toml`` at ``settings``, which says ``data``."""
    from kg.io.spreadsheet.cells import city_base

    folder = Path(settings).parent
    found = [data.get("base")]
    for turtle in sorted([*folder.glob("*.ttl"), *folder.glob("[!.]*/*.ttl")]):
        found.append(_names_made_in(turtle))
    found.append(city_base(data["city"]) if data.get("city") else None)
    return tuple(dict.fromkeys(space for space in found if space))


_DEFAULT_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+:\s*<([^>]+)>", re.M | re.I)


def _names_made_in(turtle: Path) -> str | None:
    """The namespace of a Turtle file's default prefix (``:``), read from its head."""
    try:
        with turtle.open(encoding="utf-8", errors="replace") as text:
            found = _DEFAULT_PREFIX.search(text.read(8192))
    except OSError:
        return None
    return found.group(1) if found else None


#: What to write for a base that is not one
BASE = "write a whole IRI without spaces, such as https://data.sjostad.se/id/"


def usable_base(base: str) -> bool:
    """Whether ``base`` is an IRI the data's IRIs can be made under: a scheme, and none of
    the characters an IRI cannot hold (a space, <, >, ", {, }, |, \\, ^, `).

    >>> usable_base("https://data.sjostad.se/id/"), usable_base("data.sjostad.se/id/")
    (True, False)
    """
    return re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|\\^`]+", base) is not None
