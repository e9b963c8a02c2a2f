"""The ``kg`` command line: parse, call the library, render. The only package importing typer.

``kg --help`` and the light commands stay fast: rich is imported when a command first prints,
the library modules inside each command, and the help is formatted by typer's plain (click)
formatter instead of its rich one.
"""

from __future__ import annotations

from kg.cli import analysis, city, data, diff, map, report, sparql  # noqa: F401 (they register the commands)
from kg.cli.base import app

__all__ = ["app"]

if __name__ == "__main__":  # pragma: no cover
    app()
