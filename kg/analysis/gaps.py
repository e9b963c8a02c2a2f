"""Gaps: which committees lack partners, at all or per sector, with evidence for what they have."""

from __future__ import annotations

from collections import defaultdict

from kg.errors import KgError
from kg.model.facts import Facts, evidence_of, units_by_owner

#: Partner categories a committee is expected to reach, in report order.
PARTNER_SECTORS = ("civil", "academia", "business", "public_agency")
SECTOR_LABELS = {
    "civil": "civil society",
    "academia": "academia",
    "business": "business",
    "public_agency": "public agencies",
    "municipal": "other parts of Malmö stad",
    "public": "public sector (unnamed)",
}
_MUNICIPAL_TYPES = {"Committee", "Administration", "OperationalUnit"}

#: Statuses, from worst to best.
ABSENT = "absent from the sources"
NO_PARTNER = "described, no partner named"
UNNAMED_ONLY = "unnamed partners only"
HAS_PARTNERS = "has partners"


def partner_category(actor: dict) -> str:
    """The partner category of an actor: a sector, or ``public_agency`` / ``municipal``.

    Public-sector actors split into Malmö stad's own bodies (``municipal``) and external public
    bodies (``public_agency``: state and regional agencies, other municipalities).

    >>> partner_category({"sector": "public", "type": "PublicAgency", "municipal": None})
    'public_agency'
    >>> partner_category({"sector": "public", "type": "Administration", "municipal": True})
    'municipal'
    """
    if actor["sector"] != "public":
        return actor["sector"]
    if actor["municipal"] or (actor["municipal"] is None and actor["type"] in _MUNICIPAL_TYPES):
        return "municipal"
    return "public_agency"


def committee_gaps(facts: Facts, *, sector: str | None = None) -> list[dict]:
    """For every committee: its partners per category, the sectors it lacks, and the evidence.

    A committee's partners are the other members of every collaboration that the committee or
    one of its own units (administrations, schools …) is a member of; its own units are
    internal, never partners. Parties the source leaves unnamed (``kg:unnamedPartySector``) and
    counts it states (``kg:StatedCount`` with a sector) count as reaching that sector but are
    listed apart; an unnamed public-sector party may be a city body or a state agency, so it
    fills no gap. With ``sector``, only committees lacking that sector are returned.

    Each row: ``committee`` (IRI), ``label``, ``status``, ``partners`` (named, all
    categories), ``by_sector`` ({category: count}), ``missing_sectors``, ``unnamed_sectors``,
    ``partner_list`` and ``evidence`` (document, page and quote per partner link).
    """
    if sector is not None and sector not in PARTNER_SECTORS:
        raise KgError(
            f"committees lack partners by sector, not '{sector}'",
            hint=f"give one of: {', '.join(PARTNER_SECTORS)}",
        )
    family = units_by_owner(facts)
    counts: dict[str, list[dict]] = defaultdict(list)
    for count in facts.counts:
        counts[facts.owner.get(count["counted_for"], count["counted_for"])].append(count)
    rows = []
    for iri, actor in sorted(facts.actors.items(), key=lambda kv: kv[1]["label"].casefold()):
        if actor["type"] != "Committee":
            continue
        row = _gap_row(facts, iri, family[iri] | {iri}, counts[iri])
        if sector is None or sector in row["missing_sectors"]:
            rows.append(row)
    return rows


def _gap_row(facts: Facts, committee: str, own: set[str], counts: list[dict]) -> dict:
    partners: dict[str, dict] = {}
    unnamed: dict[str, list[dict]] = defaultdict(list)
    ours = sorted({c for actor in own for c in facts.collaborations_of.get(actor, ())})
    for collab_iri in ours:
        members = facts.members[collab_iri]
        collab = facts.collaborations[collab_iri]
        for member, excerpts in sorted(members.items()):
            if member in own or member not in facts.actors:
                continue
            entry = partners.setdefault(
                member,
                {
                    "iri": member,
                    "label": facts.actors[member]["label"],
                    "category": partner_category(facts.actors[member]),
                    "collaborations": [],
                    "evidence": [],
                },
            )
            entry["collaborations"].append({"iri": collab_iri, "label": collab["label"]})
            entry["evidence"].extend(excerpts)
        for category in collab["unnamed_sectors"]:
            unnamed[category].append(
                {
                    "collaboration": collab_iri,
                    "label": collab["label"],
                    "evidence": evidence_of(facts, collab["evidence"]),
                }
            )
    for count in counts:
        if count["counted_for"] in own and count["counted_sector"]:
            unnamed[count["counted_sector"]].append(
                {
                    "count": count["count"],
                    "label": count["description"],
                    "evidence": evidence_of(facts, count["evidence"]),
                }
            )
    by_sector = {c: 0 for c in (*PARTNER_SECTORS, "municipal")}
    for partner in partners.values():
        by_sector[partner["category"]] += 1
        partner["evidence"] = evidence_of(facts, partner["evidence"])
    missing = [s for s in PARTNER_SECTORS if not by_sector[s] and s not in unnamed]
    return {
        "committee": committee,
        "label": facts.actors[committee]["label"],
        "status": _status(facts, committee, partners, unnamed),
        "partners": len(partners),
        "by_sector": by_sector,
        "missing_sectors": missing,
        "unnamed_sectors": sorted(unnamed),
        "partner_list": sorted(partners.values(), key=lambda p: p["label"].casefold()),
        "unnamed": {k: v for k, v in sorted(unnamed.items())},
        "evidence": [
            e
            for p in sorted(partners.values(), key=lambda p: p["label"].casefold())
            for e in p["evidence"]
        ],
    }


def _status(facts: Facts, committee: str, partners: dict, unnamed: dict) -> str:
    if partners:
        return HAS_PARTNERS
    if unnamed:
        return UNNAMED_ONLY
    if not facts.actors[committee]["evidence"]:
        return ABSENT
    return NO_PARTNER


def widest_gaps(rows: list[dict], limit: int) -> list[dict]:
    """The ``limit`` rows with the widest gaps: worst status first, then most sectors missing,
    then fewest partners; all rows, in their order, when there are no more than ``limit``.

    >>> rows = [{"status": HAS_PARTNERS, "partners": 3, "missing_sectors": []},
    ...         {"status": NO_PARTNER, "partners": 0, "missing_sectors": ["civil"]}]
    >>> [r["status"] for r in widest_gaps(rows, 1)]
    ['described, no partner named']
    """
    if len(rows) <= limit:
        return rows
    worst_first = {ABSENT: 0, NO_PARTNER: 1, UNNAMED_ONLY: 2, HAS_PARTNERS: 3}
    return sorted(
        rows,
        key=lambda r: (
            worst_first.get(r["status"], len(worst_first)),
            -len(r["missing_sectors"]),
            r["partners"],
        ),
    )[:limit]


def lacking_partners(rows: list[dict]) -> set[str]:
    """IRIs of committees with no partner at all, named or unnamed."""
    return {r["committee"] for r in rows if r["status"] in (NO_PARTNER, ABSENT)}
