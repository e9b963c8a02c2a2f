"""What a change to the data does to the committees (:func:`committee_changes`): each
committee's row of ``kg gaps`` on each side (:func:`kg.analysis.gaps.committee_gaps`), the
partners it gains and loses by IRI, the bodies it replaces and that replaced it, and per
partner group the gaps opened and closed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.analysis.gaps import ABSENT, committee_gaps
from kg.model.names import by_name
from kg.model.sectors import vocabulary

if TYPE_CHECKING:  # pragma: no cover
    from kg.model.facts import Facts

#: The fields of a row of ``kg gaps`` that name other organisations by ``dcterms:replaces``.
LINEAGE = ("replaces", "replaced_by")


def committee_changes(old: Facts, new: Facts, moved: dict[str, str] | None = None) -> list[dict]:
    """Each committee whose row of ``kg gaps`` differs between ``old`` and ``new``: its
    ``status``, ``partners`` (how many) and ``missing_sectors`` (its gaps) on each side as
    [old, new], the ``partners_gained`` and ``partners_lost`` (by IRI, with their group),
    the partner groups it reaches only in one (``groups_gained``, ``groups_lost``) and its
    gaps ``gaps_opened`` and ``gaps_closed``. A committee in one version only has the other
    side's status as ``absent`` and no gaps there (as ``kg gaps`` has for one absent from
    the sources); ``only`` says which side it is in. A partner ``moved`` to a new IRI (old →
    new, :func:`renamed`) is in ``partners_renamed``, not gained and lost. ``replaces`` and
    ``replaced_by`` are the organisations the row names it replaced and that replaced it
    (:func:`kg.model.successors.lineage`) on each side as [old, new]; a committee whose only
    change is one of these is listed too."""
    names = vocabulary().names
    rows = [{r["committee"]: r for r in committee_gaps(f)} for f in (old, new)]
    found = []
    for iri in rows[0].keys() | rows[1].keys():
        was, now = rows[0].get(iri), rows[1].get(iri)
        sides = [r or _no_row() for r in (was, now)]
        partners = [{p["iri"]: p for p in s["partner_list"]} for s in sides]
        reached = [[g for g in names if s["by_sector"].get(g)] for s in sides]
        gaps = [s["missing_sectors"] for s in sides]
        row = {
            "committee": iri,
            "label": (now or was)["label"],
            "label_en": (now or was)["label_en"],
            "only": None if was and now else ("new" if now else "old"),
            "status": [s["status"] for s in sides],
            "partners": [s["partners"] for s in sides],
            "missing_sectors": gaps,
            **_renamed_partners(partners, moved or {}),
            "groups_gained": [g for g in reached[1] if g not in reached[0]],
            "groups_lost": [g for g in reached[0] if g not in reached[1]],
            "gaps_opened": [g for g in gaps[1] if g not in gaps[0]],
            "gaps_closed": [g for g in gaps[0] if g not in gaps[1]],
            **{k: [s[k] for s in sides] for k in LINEAGE},
        }
        keys = ("partners_gained", "partners_lost", "partners_renamed", "groups_gained")
        changed = any(row[k] for k in (*keys, "groups_lost")) or any(
            lineage_changed(row, k) for k in LINEAGE
        )
        if row["only"] or changed or row["status"][0] != row["status"][1] or gaps[0] != gaps[1]:
            found.append(row)
    return by_name(found)


def lineage_changed(row: dict, key: str) -> bool:
    """Whether the organisations a committee's ``row`` names under ``key`` (of
    :data:`LINEAGE`, [old, new]) differ between the two sides, by IRI."""
    sides = row.get(key) or [[], []]
    return {r["iri"] for r in sides[0]} != {r["iri"] for r in sides[1]}


def _renamed_partners(partners: list[dict[str, dict]], moved: dict[str, str]) -> dict:
    """The partners gained and lost, and those ``moved`` to a new IRI (with ``old``)."""
    gained, lost = _partners(partners[1], partners[0]), _partners(partners[0], partners[1])
    now = {p["iri"] for p in gained}
    pairs = {old["iri"]: moved[old["iri"]] for old in lost if moved.get(old["iri"]) in now}
    return {
        "partners_gained": [p for p in gained if p["iri"] not in pairs.values()],
        "partners_lost": [p for p in lost if p["iri"] not in pairs],
        "partners_renamed": [
            {**p, "old": old} for p in gained for old, new in pairs.items() if new == p["iri"]
        ],
    }


def renamed(things: dict) -> dict[str, str]:
    """The IRIs of ``things`` (:func:`kg.report.diff.diff_facts`' actors or collaborations)
    removed whose name (Swedish and English) and type one added has, and no other: old → new.
    Each such row is marked, the added with ``renamed_from``, the removed with ``renamed_to``.
    """

    def unique(rows: list[dict]) -> dict[tuple, dict]:
        found: dict[tuple, list[dict]] = {}
        for row in rows:
            found.setdefault((row["label"], row["label_en"], row["type"]), []).append(row)
        return {k: rows[0] for k, rows in found.items() if len(rows) == 1}

    added, removed = unique(things["added"]), unique(things["removed"])
    pairs = {}
    for name in added.keys() & removed.keys():
        added[name]["renamed_from"] = removed[name]["iri"]
        removed[name]["renamed_to"] = added[name]["iri"]
        pairs[removed[name]["iri"]] = added[name]["iri"]
    return pairs


def _no_row() -> dict:
    return {
        "status": ABSENT,
        "partners": 0,
        "partner_list": [],
        "by_sector": {},
        "missing_sectors": [],
        **{k: [] for k in LINEAGE},
    }


def _partners(side: dict[str, dict], other: dict[str, dict]) -> list[dict]:
    """The partners of ``side`` not in ``other`` (one whose group changed is in both: its
    change is in the actors' and the groups')."""
    rows = [
        {"iri": i, "label": p["label"], "label_en": p["label_en"], "group": p["category"]}
        for i, p in side.items()
        if i not in other
    ]
    return by_name(rows)


def group_changes(committees: list[dict]) -> list[dict]:
    """Per partner group committees are to reach (the gap groups), the committees whose gap
    in it ``opened`` and ``closed`` (labels and IRIs), for the groups with any."""
    found = []
    for group in vocabulary().gap_groups:
        row: dict[str, Any] = {"group": group}
        for key in ("opened", "closed"):
            row[key] = [
                {"iri": c["committee"], "label": c["label"], "label_en": c["label_en"]}
                for c in committees
                if group in c[f"gaps_{key}"]
            ]
        if row["opened"] or row["closed"]:
            found.append(row)
    return found
