"""A committee renamed, or several merged into one, across two compared years: the new one
(``dcterms:replaces`` the old) is compared as the old one's continuation, not as one
committee that vanished and another that appeared (:func:`continue_replaced`)."""

from __future__ import annotations

from kg.model.facts import Facts
from kg.model.names import by_name
from kg.model.sectors import vocabulary
from kg.model.successors import predecessors
from kg.report.i18n import Catalog

#: The status a continued committee had in the first year, of its predecessors': the best.
_STATUS_ORDER = ("partners", "no-partner", "absent")


def continue_replaced(rows: list[dict], one: Facts, two: Facts) -> list[str]:
    """Fold each committee described in the second year only into a continuation of the
    committees it replaces that are described in the first year only: its row becomes one
    described in both years (``continues``: the committees it replaced, the first year's
    groups, partners and status theirs), and their rows are dropped. Returns the IRIs of
    the committees so continued (the predecessors), in the order found."""
    by_iri = {r["committee"]: r for r in rows}
    folded: list[str] = []
    names = vocabulary().names
    for row in rows:
        if row["described"] != "second":
            continue
        olds = [
            o
            for o in predecessors(row["committee"], one.replaces, two.replaces)
            if by_iri.get(o, {}).get("described") == "first"
        ]
        if not olds:
            continue
        itself = {row["committee"], *olds}
        before = {p for o in olds for p in one.partners.get(o, ())} - itself
        after = set(two.partners.get(row["committee"], ())) - itself
        reached = {g for o in olds for g in one.reaches.get(o, ())}
        groups = [[g for g in names if g in reached], row["groups"][1]]
        statuses = [by_iri[o]["status"][0] for o in olds]
        status = min(statuses, key=lambda s: _STATUS_ORDER.index(s) if s in _STATUS_ORDER else 9)
        row.update(
            described="both",
            continues=[{"iri": o, **one.named(o)} for o in olds],
            status=[status, row["status"][1]],
            groups=groups,
            partners=[len(before), len(after)],
            **gained_and_lost((one, two), groups, [before, after]),
            changed=True,  # its name, at least
        )
        folded += [o for o in olds if o not in folded]
    rows[:] = [r for r in rows if r["committee"] not in folded]
    return folded


def gained_and_lost(years: tuple[Facts, Facts], groups: list, partners: list[set[str]]) -> dict:
    """The partner groups and partners a committee gained and lost from the first of
    ``years`` to the second, of the ``groups`` and ``partners`` (IRIs) it has in each."""
    one, two = years
    return {
        "groups_gained": [g for g in groups[1] if g not in groups[0]],
        "groups_lost": [g for g in groups[0] if g not in groups[1]],
        "partners_gained": _partners(two, partners[1] - partners[0]),
        "partners_lost": _partners(one, partners[0] - partners[1]),
    }


def _partners(facts: Facts, iris: set[str]) -> list[dict]:
    return by_name({"iri": i, **facts.named(i), "group": facts.actors[i]["group"]} for i in iris)


def lineage_words(cat: Catalog, row: dict) -> str:
    """What a committee's row says of the bodies it replaced and those that replaced it
    (:func:`kg.model.successors.lineage`), in the catalog's language: "formerly Sociala
    nämnden", "replaced by Arbets- och socialnämnden", both joined with "; ", or ""."""
    parts = [
        cat(f"gaps.{key}", names=cat.join([cat.named(r) for r in found]))
        for key in ("formerly", "replaced_by")
        if (found := row.get("replaces" if key == "formerly" else key))
    ]
    return "; ".join(parts)


def with_lineage(cat: Catalog, row: dict) -> str:
    """A committee's name, and in brackets what it replaced or what replaced it: "Sociala
    nämnden (Social Committee) (replaced by Labour and Social Committee (Arbets- och
    socialnämnden))"."""
    name = cat.named(row)
    words = lineage_words(cat, row)
    return f"{name} ({words})" if words else name
