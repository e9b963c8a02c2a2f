"""How an organisation is a party of a collaboration, as the rules make it one
(ontology/rules/03-takes-part-in.rq): through its own or its units' memberships; or, for a
committee taking part in a collaboration it reports whose party is its municipality, through
the municipality's membership. The years and the evidence of a party both follow that rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from kg.model.facts import Facts


class Parties:
    """The memberships behind each (organisation, collaboration) pair of one :class:`Facts`,
    each collaboration's members grouped by organisation once (a large map asks for every
    link's years and evidence).

    Called, it gives the years the sources report the organisation as a party: those of its
    memberships that are the collaboration's years too.
    """

    def __init__(self, facts: Facts) -> None:
        self._facts = facts
        #: collaboration → organisation → its members (itself and its units)
        self._grouped: dict[str, dict[str, list[str]]] = {}

    def members(self, organisation: str, collaboration: str) -> list[str]:
        """The members whose memberships make ``organisation`` a party of ``collaboration``,
        in the rule's two ways: itself and its units; and, for a committee that reports the
        collaboration, its own municipality where that is a party."""
        grouped = self._grouped.get(collaboration)
        if grouped is None:
            grouped = self._grouped[collaboration] = self._group(collaboration)
        own = grouped.get(organisation, [])
        city = self._facts.actors.get(organisation, {}).get("municipality")
        reports = organisation in self._facts.collaborations[collaboration]["reported_by"]
        party = city in self._facts.members.get(collaboration, {})
        return [*own, city] if reports and party and city not in own else own

    def __call__(self, organisation: str, collaboration: str) -> list[int]:
        """The years the sources report ``organisation`` as a party of ``collaboration``."""
        years = self._facts.member_years.get(collaboration, {})
        found = {y for m in self.members(organisation, collaboration) for y in years.get(m, ())}
        return sorted(found & set(self._facts.collaborations[collaboration]["years"]))

    def evidence(self, organisation: str, collaboration: str) -> list[str]:
        """The excerpts that make ``organisation`` a party of ``collaboration``: those of the
        memberships :meth:`members` names (the library query ``evidence-between-actors``
        names the same passages)."""
        excerpts = self._facts.members.get(collaboration, {})
        found = {e for m in self.members(organisation, collaboration) for e in excerpts.get(m, ())}
        return sorted(found)

    def between(self, a: str, b: str, collaboration: str) -> list[str]:
        """The excerpts that make ``a`` and ``b`` parties of ``collaboration``: the evidence of
        their link through it, both sides cited (as ``evidence-between-actors`` cites them)."""
        return sorted({*self.evidence(a, collaboration), *self.evidence(b, collaboration)})

    def active(self, organisation: str) -> list[int]:
        """The years the sources report ``organisation`` as a party of any collaboration."""
        collaborations = self._facts.takes_part_in.get(organisation, ())
        return sorted({y for c in collaborations for y in self(organisation, c)})

    def _group(self, collaboration: str) -> dict[str, list[str]]:
        actors = self._facts.actors
        by_organisation: dict[str, list[str]] = {}
        for member in self._facts.members.get(collaboration, {}):
            if "organisation" in actors.get(member, {}):
                by_organisation.setdefault(actors[member]["organisation"], []).append(member)
        return by_organisation


def without_partner(collaboration: dict) -> bool:
    """Whether a collaboration (a :class:`Facts` collaboration) is evidence of work rather
    than of partnership: one organisation or none is named in it, and the sources place no
    unnamed party in it either (such a party makes it a partnership, with whom unsaid)."""
    return collaboration["organisations"] <= 1 and not collaboration["unnamed_sectors"]
