"""The language of kg serve's plain-text answers (its refusals and errors: 404, 405, 406,
503 …): the one the request asks for by ``?lang=`` or ``Accept-Language``, else kg serve's
``--lang``; worded from kg's catalog of Swedish texts (``kg/errors.sv.toml``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model.spoken import LANGUAGES

if TYPE_CHECKING:  # pragma: no cover
    from kg.web.workers import Reply


def asked_language(query: str | None, accept_language: str | None, default: str) -> str:
    """The language a request asks for: ``?lang=`` where it names one of kg's, else the
    ``Accept-Language`` range of kg's languages it likes best (``sv-SE`` is ``sv``; ``*``
    any language the header does not name; ``q=0`` refuses one, an unreadable ``q=`` is
    ignored as Accept's is), else ``default``, unless the header refuses it and not another.

    >>> asked_language("sv", "en", "en"), asked_language(None, "sv-SE,sv;q=0.9,en;q=0.8", "en")
    ('sv', 'sv')
    >>> asked_language(None, "de, en;q=0.5, sv;q=0.4", "sv"), asked_language(None, "de", "sv")
    ('en', 'sv')
    >>> asked_language("xx", None, "en"), asked_language(None, "*", "sv")
    ('en', 'sv')
    >>> asked_language(None, "sv;q=0, *", "sv"), asked_language(None, "sv;q=0", "sv")
    ('en', 'en')
    >>> asked_language(None, "en;q=0.5, *;q=0.9", "en"), asked_language(None, "sv;q=abc", "en")
    ('sv', 'sv')
    """
    from kg.sparql.results import accept_ranges  # the same grammar as Accept's

    if query in LANGUAGES:
        return query
    named: dict[str, tuple[float, int]] = {}  # language → its best quality, where first named
    anything: tuple[float, int] | None = None
    for at, (tag, quality) in enumerate(accept_ranges(accept_language or "")):
        primary = tag.split("-")[0]
        if tag == "*":
            anything = anything or (quality, at)
        elif primary in LANGUAGES:
            before = named.get(primary, (quality, at))
            named[primary] = (max(quality, before[0]), before[1])
    asked = {lang: named.get(lang, anything) for lang in LANGUAGES}
    liked = [
        ((q, lang in named, -at, lang == default), lang)
        for lang, (q, at) in ((k, v) for k, v in asked.items() if v is not None)
        if q > 0
    ]
    if liked:
        return max(liked)[1]
    refused = {lang for lang, said in asked.items() if said is not None}
    return next((lang for lang in (default, *LANGUAGES) if lang not in refused), default)


def worded(reply: Reply, lang: str) -> Reply:
    """``reply`` with its plain text in ``lang`` where it is a refusal or an error kg's
    catalog words (any other answer as it is)."""
    from kg.errors import translated, translated_error
    from kg.web.workers import Reply

    if lang == "en" or reply.status < 300 or not reply.content_type.startswith("text/plain"):
        return reply
    text = reply.body.decode("utf-8").rstrip("\n")
    # an error as str(KgError) writes it (a query's place, lines, hint) is worded line by
    # line: as one text, a message ending in a value would take its hint into the value
    error = "\n  hint: " in text
    said = translated_error(text, lang) if error else translated(text, lang)
    if said == text and not error:
        said = translated_error(text, lang)
    if said == text:
        return reply
    return Reply(reply.status, reply.content_type, (said + "\n").encode(), reply.headers)
