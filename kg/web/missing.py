"""The page a browser reads where kg serve's graph holds nothing about a resource's address
(``/id/…``): the refusal in the page's language, with links back to the query page and to
the namespace. Any other client gets the refusal as plain text."""

from __future__ import annotations

from kg.web.pages import render, static
from kg.web.wording import wording


def missing_page(said: str, lang: str, root: str, chosen: str | None) -> bytes:
    """The 404 page: ``said`` (the refusal, worded in ``lang``), ``root`` the way up to the
    server's root; its links keep the language an address chose (``chosen``).

    >>> page = missing_page("nothing about <x>", "sv", "../", None).decode()
    >>> '<html lang="sv">' in page, 'href="../"' in page, 'href="../id/"' in page
    (True, True, True)
    """
    return render(
        "missing.html",
        lang=lang,
        w=wording(lang, "resource"),
        said=said,
        root=root,
        kept=f"?lang={chosen}" if chosen else "",
        css=static("linked.css"),
    ).encode("utf-8")
