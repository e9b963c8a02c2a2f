"""Memberships of a small Turtle fixture, written from a table of collaborations and members."""

from __future__ import annotations


def memberships(members: dict[str, list[str]]) -> str:
    """Turtle for each collaboration's members (local names in the fixture's ``:`` namespace),
    each membership resting on the fixture's excerpt ``:ev``.

    >>> memberships({"p": ["a"]})
    ':m-p-a a org:Membership ; org:organization :p ; org:member :a ; prov:wasDerivedFrom :ev .\\n'
    """
    return "".join(
        f":m-{c}-{m} a org:Membership ; org:organization :{c} ; org:member :{m} ; "
        "prov:wasDerivedFrom :ev .\n"
        for c, theirs in members.items()
        for m in theirs
    )
