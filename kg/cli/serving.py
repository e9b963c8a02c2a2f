"""What ``kg serve`` says once it answers: its addresses."""

from __future__ import annotations

from kg.cli.base import out


def say_ready(url: str, public_url: str | None, lang: str) -> None:
    """Say the addresses kg serve answers at; behind a proxy, the ones readers open too."""
    from kg.errors import translated
    from kg.web.server import public_address

    endpoint = url + "sparql"
    out.print(translated(f"SPARQL endpoint: {endpoint} · query page: {url}", lang), markup=False)
    if public_url:
        public = public_address(public_url)
        endpoint = public + "sparql"
        out.print(translated(f"readers open it at {endpoint} and {public}", lang), markup=False)
