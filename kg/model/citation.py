"""How every surface cites a source document: its issuer and year, a letter added where two
documents would read alike, and the pages ("Malmö stad, Stadskontoret 2017, p. 21, 24"). The
report's references and the map's panel both call this, so a document is cited alike on both.

>>> docs = listed([
...     {"iri": "d2", "title": "Uppföljning", "publisher": "Stadskontoret", "issued": "2017-03-01",
...      "report_year": 2016, "file": ""},
...     {"iri": "d1", "title": "Beslut om uppdrag", "publisher": "", "issued": "",
...      "report_year": 2014, "file": ""},
... ])
>>> [d["year"] for d in docs], keys(docs, "n.d.")
(['2014', '2017'], {'d1': 'Beslut om uppdrag 2014', 'd2': 'Stadskontoret 2017'})
>>> reference("Stadskontoret 2017", [24, 21], "p.")
'Stadskontoret 2017, p. 21, 24'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

#: A citation's words in each language kg writes: the page's abbreviation, and the year of a
#: document that gives none (the report's references and list of sources, the map's panel).
WORDS = {"en": {"page": "p.", "no_year": "n.d."}, "sv": {"page": "s.", "no_year": "u.å."}}


def listed(documents: Iterable[Mapping]) -> list[dict]:
    """The documents as the list of sources gives them, oldest first (by date issued, then
    IRI): title, publisher, date issued, ``year`` (the year issued, else the year it reports
    on; the year its references give), the year it reports on, its text file and ``letter``:
    the letter its key takes among ``documents`` where two read alike (else ""), which it
    keeps where a surface lists only some of them (a year's or a committee's documents)."""
    found = [
        {
            "iri": d["iri"],
            "title": d["title"],
            "language": d.get("language", ""),  # the title's and the quotes' language
            "publisher": d["publisher"],
            "issued": d["issued"],
            "year": d["issued"][:4] or (str(d["report_year"]) if d["report_year"] else ""),
            "report_year": d["report_year"],
            "file": d["file"],
        }
        for d in documents
    ]
    found.sort(key=lambda d: (d["issued"], d["iri"]))
    for document, letter in zip(found, _letters(found), strict=True):
        document["letter"] = letter
    return found


def issuer(document: Mapping) -> str:
    """Who issued ``document``: its publisher, else the first four words of its title."""
    return document["publisher"] or " ".join(document["title"].split()[:4])


def keys(documents: list[Mapping], no_year: str) -> dict[str, str]:
    """Each document's key, by IRI: issuer and year (``no_year`` where it has none), and the
    letter :func:`listed` gave it among all the documents of its data; a document without
    one (from an older report.json) gets its letter in the order of ``documents``.

    >>> both = listed([{"iri": i, "title": "T", "publisher": "Malmö stad", "issued": "2012",
    ...                 "report_year": None, "file": ""} for i in ("d1", "d2")])
    >>> keys(both[1:], "n.d.")
    {'d2': 'Malmö stad 2012b'}
    """
    own = _letters(documents)
    return {
        d["iri"]: _key(issuer(d), d["year"] or no_year) + d.get("letter", own[n])
        for n, d in enumerate(documents)
    }


def _letters(documents: list[Mapping]) -> list[str]:
    """The letter of each of ``documents`` (in their order) where two read alike, else "":
    the same in every language (a document without a year reads alike with another
    without one, of the same issuer, whatever the words for "no year")."""
    plain = [_key(issuer(d), d["year"] or "\0") for d in documents]
    alike, seen = Counter(plain), Counter()
    found = []
    for key in plain:
        found.append(letters(seen[key]) if alike[key] > 1 else "")
        seen[key] += 1
    return found


def _key(who: str, year: str) -> str:
    """Issuer and year, the year once where the issuer (a title's words) ends with it.

    >>> _key("Stadskontoret", "2017"), _key("Syntetisk uppföljning 2016", "2016")
    ('Stadskontoret 2017', 'Syntetisk uppföljning 2016')
    """
    return who if who.endswith(f" {year}") else f"{who} {year}"


def reference(key: str, pages: Iterable, page_word: str) -> str:
    """A reference to a document's ``pages`` (each once, in order): "key, p. 21, 24"."""
    numbers = sorted(set(p for p in pages if p))
    return f"{key}, {page_word} {', '.join(map(str, numbers))}" if numbers else key


def letters(number: int) -> str:
    """The letters that tell alike keys apart: a … z, then aa, ab …

    >>> [letters(n) for n in (0, 25, 26, 27)]
    ['a', 'z', 'aa', 'ab']
    """
    found = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        found = "abcdefghijklmnopqrstuvwxyz"[rest] + found
    return found
