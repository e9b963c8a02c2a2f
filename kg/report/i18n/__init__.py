"""The report's wording, one message catalog per language (``en.toml``, ``sv.toml``), and the
few rules of each language the catalogs cannot hold: numbers, lists, plurals, and a name with
its other-language name in brackets.

>>> sv = catalog("sv")
>>> sv.plural("count.committees", 3), sv.plural("count.committees", 1)
('3 nämnder', '1 nämnd')
>>> sv.number(5900), sv.number(0.1234, 3), catalog("en").number(5900)
('5\\u202f900', '0,123', '5,900')
>>> sv.join(["a", "b", "c"]), catalog("en").join(["a", "b"])
('a, b och c', 'a and b')
>>> sv.name("Fritidsnämnden", "Leisure Committee"), catalog("en").name("Polisen", "Polisen")
('Fritidsnämnden (Leisure Committee)', 'Polisen')
>>> sv.name("VA-Syd", "VA-Syd (water and wastewater organisation)")
'VA-Syd (water and wastewater organisation)'
>>> catalog("en").name("NAD (Nätverk Aktivitet Delaktighet)", "NAD (Network Activity …)")
'NAD (Network Activity …)'
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.errors import KgError
from kg.model.names import listed, paired
from kg.model.sectors import vocabulary
from kg.model.spoken import LANGUAGES, in_language
from kg.numbers import written
from kg.web.style import type_name

_HERE = Path(__file__).parent


@cache
def messages(lang: str) -> dict:
    """The catalog of ``lang`` as read from its TOML file."""
    if lang not in LANGUAGES:
        raise KgError(f"no report language '{lang}'", hint="choose one of: " + ", ".join(LANGUAGES))
    with (_HERE / f"{lang}.toml").open("rb") as file:
        return tomllib.load(file)


@dataclass(frozen=True)
class Catalog:
    """The wording of one language, looked up by dotted key (``"heading.gaps"``)."""

    lang: str

    def __call__(self, key: str, **values: object) -> str:
        """The message ``key`` with ``values`` filled in."""
        return str(self._find(key)).format(**values)

    def template(self, key: str, n: float | None = None) -> str:
        """The message ``key`` unfilled; for a plural, its form for ``n``."""
        found = self._find(key)
        if isinstance(found, dict):
            return found["one"] if n == 1 else found["other"]
        return str(found)

    def entry(self, key: str) -> list[str]:
        """A glossary entry: its term and its sentence."""
        return list(self._find(key))

    def plural(self, key: str, n: float, **values: object) -> str:
        """The message ``key`` in the form for ``n`` (one or other), with ``{n}`` filled in."""
        return self.template(key, n).format(n=self.number(n), **values)

    def number(self, value: float, digits: int = 0, *, trim: bool = False) -> str:
        """A number as this language writes it: thousands apart, the right decimal mark (with
        ``trim``, no trailing zeros)."""
        return written(value, digits, self.lang, trim=trim)

    def join(self, items: list[str]) -> str:
        """Items as a list in running text: "a, b and c"."""
        return listed(items, self("words.and"))

    def name(self, label: str, label_en: str | None) -> str:
        """A name in this language, with the other language's in brackets when it differs
        (:func:`kg.model.names.paired`: each written once)."""
        first, other = (label_en or label, label) if self.lang == "en" else (label, label_en)
        return paired(first, other)

    def named(self, thing: dict) -> str:
        """:meth:`name` of a thing with a ``label`` and, where it has one, a ``label_en``."""
        return self.name(thing["label"], thing.get("label_en"))

    def short_name(self, label: str, label_en: str | None) -> str:
        """A name in this language only (charts, where there is no room for both; a name
        inside a sentence): :func:`kg.model.spoken.in_language`."""
        return in_language(label, label_en, self.lang)

    def short_named(self, thing: dict) -> str:
        """:meth:`short_name` of a thing with a ``label`` and, where it has one, a ``label_en``."""
        return self.short_name(thing["label"], thing.get("label_en"))

    def group(self, name: str) -> str:
        """A partner group's (or the public sector's) name."""
        try:
            return vocabulary().group(name).label(self.lang)
        except KgError:
            return name

    def groups(self, names: list[str]) -> str:
        """Partner groups' names as a list in running text: "civil society and academia"."""
        return self.join([self.group(g) for g in names])

    def under(self, name: str) -> dict[str, str]:
        """The names of the partner groups a group stands for, by short name: the public
        sector's two (``{agencies}`` and ``{city}`` in a message), or the group's own."""
        try:
            return {g: self.group(g) for g in vocabulary().covered(name)}
        except KgError:
            return {}

    def status(self, name: str) -> str:
        """A committee's partner status."""
        return vocabulary().status(name).label(self.lang)

    def gap_mark(self) -> str:
        """The note on what ✕ marks (a gap) under the report's gaps table and a brief's table,
        in the words a brief's table gives a group in which the sources mention no partner."""
        return self("gaps.gap_mark", none=self("gaps.none_mentioned"))

    def type(self, kind: str, n: float = 1) -> str:
        """An actor or collaboration type (a class of the ontology) for people; its plural
        where ``n`` is not 1."""
        return type_name(kind, self.lang, n)

    def _find(self, key: str) -> object:
        found: object = messages(self.lang)
        for part in key.split("."):
            if not isinstance(found, dict) or part not in found:
                raise KeyError(f"{self.lang}.toml has no message '{key}'")
            found = found[part]
        return found


def catalog(lang: str) -> Catalog:
    """The catalog of ``lang`` (``en`` or ``sv``)."""
    messages(lang)
    return Catalog(lang)


def capitalised(text: str) -> str:
    """``text`` with its first letter in upper case (the rest as it is).

    >>> capitalised("näringsliv")
    'Näringsliv'
    """
    return text[:1].upper() + text[1:]
