"""Data minimisation: kg's graph is about organisations, never people. No fact, label, note or
quote of the bundled data names a person the sources name, and the source texts shipped for
checking the quotes hold no telephone number or e-mail address (their contact blocks and the
teasers after the 2016 report are left out of the copies)."""

from __future__ import annotations

import re

import pytest
from rdflib import Literal

from kg.io.texts import normalise
from kg.paths import data_dir, sources_dir

#: Telephone numbers as Swedish texts write them (070-960 16 98, 08-508 25 146, +46 …).
PHONE = re.compile(r"(?<![\d-])(?:\+46|0)\d{1,3}[- ]?\d{2,3}(?:[ -]?\d{2,3}){1,3}(?![\d-])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
#: The persons the shipped source texts name (officials and politicians, in their roles):
#: none of them is in the data. Add the persons a new source names.
PERSONS = (
    "Katrin Stjernfeldt Jammeh",
    "Jan-Inge Ahlfridh",
    "Anna Balkfors",
    "Lisa Gunnefur",
    "Susanne Abramsson",
    "Said Mekahal",
    "Jesper Ekberg",
    "Lisa Staaf",
)


def _texts(bundled_graph) -> list[tuple[str, str]]:
    """Every literal of the bundled data (quotes, labels, descriptions, notes) and every line
    of named-things.csv, with where it is."""
    found = [(f"{s} {p}", str(o)) for s, p, o in bundled_graph if isinstance(o, Literal)]
    lines = (data_dir() / "named-things.csv").read_text("utf-8").splitlines()
    found += [(f"named-things.csv line {n}", line) for n, line in enumerate(lines, 1)]
    return found


def test_the_shipped_sources_hold_no_telephone_number_or_e_mail_address():
    for path in sorted(sources_dir().glob("*.txt")):
        text = path.read_text("utf-8")
        assert not EMAIL.findall(text), f"{path.name}: e-mail addresses: leave them out"
        assert not PHONE.findall(text), f"{path.name}: telephone numbers: leave them out"


def test_the_listed_persons_are_named_in_the_sources():
    """The list is the sources' own: each name is still in a shipped text."""
    whole = " ".join(normalise(p.read_text("utf-8")) for p in sources_dir().glob("*.txt"))
    assert [name for name in PERSONS if name not in whole] == []


@pytest.mark.slow
def test_no_fact_label_or_quote_names_a_person_or_a_contact(bundled_graph):
    for where, text in _texts(bundled_graph):
        named = [name for name in PERSONS if name.split()[-1] in text]
        assert not named, f"{where} names {named}: shorten the quote to the organisations' part"
        assert not EMAIL.search(text) and not PHONE.search(text), f"{where}: a contact detail"


def test_kg_serve_tells_its_operator_that_the_access_log_holds_ip_addresses():
    from typer.testing import CliRunner

    from kg.cli import app

    for lang, said in (("en", "IP address (personal data"), ("sv", "IP-adress (en personuppgift")):
        result = CliRunner().invoke(app, ["serve", "--lang", lang, "--help"], terminal_width=300)
        assert said in " ".join(result.output.split()), lang
