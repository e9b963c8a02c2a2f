"""The years of facts, as the rules derive them (``kg:reportedIn``, ontology/rules/00-years.rq),
read into plain numbers; and the years an organisation is reported as a party."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.model import vocab as v
from kg.model.triples import Lit, Term, Triples

if TYPE_CHECKING:  # pragma: no cover
    from kg.model.facts import Facts


def year_of(value: Term | None) -> int | None:
    """A year literal (xsd:gYear, "2016") as a number; None for anything else.

    >>> year_of(Lit("2016", datatype=v.XSD + "gYear")), year_of("https://example.org/x")
    (2016, None)
    """
    text = value.text.strip()[:4] if isinstance(value, Lit) else ""
    return int(text) if text.isdigit() else None


def years_of(triples: Triples, node: str) -> list[int]:
    """The years the rules say the sources report ``node`` in (kg:reportedIn), in order."""
    found = {year_of(y) for y in triples.objects(node, v.REPORTED_IN)}
    return sorted(y for y in found if y is not None)


def years_in(facts: Facts, organisation: str, collaboration: str) -> list[int]:
    """The years the sources report ``organisation`` as a party of ``collaboration``: the
    years of its own or its units' memberships that are the collaboration's too (for a
    committee taking part through its municipality, the municipality's membership's)."""
    return PartyYears(facts)(organisation, collaboration)


def active_years(facts: Facts, organisation: str) -> list[int]:
    """The years the sources report ``organisation`` as a party of any collaboration."""
    return PartyYears(facts).active(organisation)


class PartyYears:
    """:func:`years_in` for many pairs of one :class:`Facts`: each collaboration's members are
    grouped by organisation once (a large map asks for every link's years)."""

    def __init__(self, facts: Facts) -> None:
        self._facts = facts
        #: collaboration → (organisation → its members' years, the municipality's, its own)
        self._grouped: dict[str, tuple[dict[str, set[int]], set[int], set[int]]] = {}

    def __call__(self, organisation: str, collaboration: str) -> list[int]:
        """:func:`years_in` ``(facts, organisation, collaboration)``."""
        grouped = self._grouped.get(collaboration)
        if grouped is None:
            grouped = self._grouped[collaboration] = self._group(collaboration)
        by_organisation, municipal, stated = grouped
        return sorted(by_organisation.get(organisation, municipal) & stated)

    def active(self, organisation: str) -> list[int]:
        """:func:`active_years` ``(facts, organisation)``."""
        collaborations = self._facts.takes_part_in.get(organisation, ())
        return sorted({y for c in collaborations for y in self(organisation, c)})

    def _group(self, collaboration: str) -> tuple[dict[str, set[int]], set[int], set[int]]:
        actors = self._facts.actors
        by_organisation: dict[str, set[int]] = {}
        municipal: set[int] = set()
        for member, years in self._facts.member_years.get(collaboration, {}).items():
            actor = actors.get(member, {})
            if "organisation" in actor:
                by_organisation.setdefault(actor["organisation"], set()).update(years)
            if actor.get("type") == "Municipality":
                municipal.update(years)
        return by_organisation, municipal, set(self._facts.collaborations[collaboration]["years"])
