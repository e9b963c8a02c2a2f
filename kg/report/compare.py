"""Change over time, as plain data: what one year's sources are, and what changed between two
years (:func:`compare_years`).

Each year is a year's view of the graph (:meth:`kg.io.source.Source.at`): the facts the
sources report in it, with the committee-level view derived from them by the same rules. A
year is the year a source reports a fact in, not necessarily when it ran, so what is in the
second year and not in the first is "first reported", and the other way "last reported";
"started" and "ended" only where the source states a start or end (kg:startYear,
kg:endYear, or a month or date: schema:startDate, schema:endDate). A committee no source of
a year describes is left out of the comparison of partners, and named as such: for it the
sources cannot tell what changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.io.period import check_pair, reported_years
from kg.model.facts import Facts, evidence_of
from kg.model.names import by_name, natural
from kg.model.sectors import vocabulary
from kg.report.successors import continue_replaced, gained_and_lost

if TYPE_CHECKING:  # pragma: no cover
    from kg.io.source import Source

ABSENT = "absent"
NO_PARTNER = "no-partner"  #: described, no partner named


def time_sections(source: Source, compare: tuple[int, int] | None = None) -> dict:
    """The report's sections on time: ``year`` (for a year's view, :func:`year_summary`) and
    ``compare`` (when two years are given, :func:`compare_years`); none for the whole."""
    sections = {}
    if source.year is not None:
        sections["year"] = year_summary(source, source.year)
    if compare is not None:
        sections["compare"] = compare_years(source, *compare)
    return sections


def year_summary(source: Source, year: int) -> dict:
    """What the sources say for ``year``: the documents its facts rest on, how many
    collaborations, parties and counts it has, and the counts themselves.

    >>> from kg.io.source import Source
    >>> summary = year_summary(Source(), 2015)
    >>> [c["count"] for c in summary["counts"] if c["status"] == "green"]
    [16]
    """
    facts = source.at(year).facts()
    stated = [c for c in facts.collaborations.values() if c["start_year"] or c["end_year"]]
    return {
        "year": year,
        "documents": _documents(facts, year),
        "collaborations": len(facts.collaborations),
        "with_stated_years": len(stated),
        "parties": sum(len(m) for m in facts.members.values()),
        "counts": [_count_row(facts, c) for c in _sorted_counts(facts)],
        "described_committees": len(_described(facts)),
        "committees": sum(1 for a in facts.actors.values() if a["type"] == "Committee"),
    }


def compare_years(source: Source, first: int, second: int) -> dict:
    """What changed between ``first`` and ``second`` as the sources report them.

    Returns ``first`` and ``second`` (each :func:`year_summary`), ``counts`` (each stated
    count with its number in either year), ``collaborations`` (``only_first``,
    ``only_second``, ``both``; each with how it is known: stated start or end year, or first
    or last reported), ``committees`` (partner groups and partners gained and lost, for
    committees described in both years; first or last described otherwise),
    ``not_described`` (committees no source of a year describes) and ``notes`` (what the
    sources cannot tell). A committee of the second year only that replaces one of the first
    year only (``dcterms:replaces``: renamed or merged) is compared as its continuation
    (``continues``, :mod:`kg.report.successors`).

    >>> from kg.io.source import Source
    >>> change = compare_years(Source(), 2015, 2016)
    >>> [(c["status"], c["first"], c["second"]) for c in change["counts"] if c["status"]]
    [('green', 16, 27), ('yellow', 15, 4), ('red', 1, 1)]
    """
    check_pair(first, second)
    if first > second:
        first, second = second, first
    one, two = source.at(first).facts(), source.at(second).facts()
    reported = reported_years(
        source.whole().open(), set(one.collaborations) | set(two.collaborations)
    )
    committees = _compare_committees(one, two)
    # a committee renamed or merged: the new one continues the old ones, and neither is
    # "not described" in the year before (after) it existed
    continued = set(continue_replaced(committees, one, two))
    successors = {r["committee"] for r in committees if r.get("continues")}
    change = {
        "first": year_summary(source, first),
        "second": year_summary(source, second),
        "counts": _compare_counts(one, two),
        "collaborations": _compare_collaborations(one, two, first, second, reported),
        "committees": committees,
        "not_described": {
            "first": _labels(one, _committees(one) - _described(one) - successors),
            "second": _labels(two, _committees(two) - _described(two) - continued),
        },
    }
    change["notes"] = _notes(change, first, second)
    return change


# ---------------------------------------------------------------- the sources of a year


def _documents(facts: Facts, year: int) -> list[dict]:
    """The documents the year's facts cite, with how many facts cite each."""
    cited: dict[str, set[str]] = {}
    facts_evidence = [
        *((c["iri"], c["evidence"]) for c in facts.collaborations.values()),
        *((c["iri"], c["evidence"]) for c in facts.counts),
        *(
            (f"{collab} {member}", found)
            for collab, members in facts.members.items()
            for member, found in members.items()
        ),
    ]
    for fact, excerpts in facts_evidence:
        for excerpt in evidence_of(facts, excerpts):
            cited.setdefault(excerpt["document"], set()).add(fact)
    rows = []
    for document, found in cited.items():
        info = facts.documents.get(document, {})
        rows.append(
            {
                "document": document,
                "title": info.get("title", ""),
                "file": info.get("file", ""),
                "report_year": info.get("report_year"),
                "reports_the_year": info.get("report_year") == year,
                "facts": len(found),
            }
        )
    return sorted(rows, key=lambda r: (not r["reports_the_year"], -r["facts"], r["document"]))


# ---------------------------------------------------------------- counts


def _key(count: dict) -> tuple:
    return (
        count["counted_for"],
        count["counted_class"],
        count["counted_status"] or "",
        count["counted_sector"] or "",
    )


#: The statuses a count of assignments counts, in the order they are listed.
_STATUSES = {"green": 0, "yellow": 1, "red": 2}


def _sorted_counts(facts: Facts) -> list[dict]:
    return sorted(
        facts.counts,
        key=lambda c: (
            natural(facts.named(c["counted_for"])["label"]),
            c["counted_class_label"],
            _STATUSES.get(c["counted_status"] or "", 3),
            c["counted_sector"] or "",
            c["iri"],
        ),
    )


def _count_row(facts: Facts, count: dict) -> dict:
    return {
        "iri": count["iri"],
        "counted_for": count["counted_for"],
        **facts.named(count["counted_for"]),
        "what": count["counted_class_label"] or count["counted_class"],
        "what_sv": count["counted_class_label_sv"] or count["counted_class"],
        "status": count["counted_status"],
        "status_label": count["counted_status_label"],
        "status_label_sv": count["counted_status_label_sv"],
        "sector": count["counted_sector"],
        "count": count["count"],
        "description": count["description"],  # in English, and in Swedish ("" where none)
        "description_sv": count["description_sv"],
        "evidence": evidence_of(facts, count["evidence"]),
    }


#: What a row of the compared counts does not keep of each count's row (it has its own).
_PER_YEAR = ("iri", "count", "description", "description_sv", "evidence")


def _compare_counts(one: Facts, two: Facts) -> list[dict]:
    """Each kind of count with its number in either year (None where not stated)."""
    rows: dict[tuple, dict] = {}
    for name, facts in (("first", one), ("second", two)):
        for count in _sorted_counts(facts):
            row = _count_row(facts, count)
            entry = rows.setdefault(
                _key(count),
                {k: v for k, v in row.items() if k not in _PER_YEAR}
                | {"first": None, "second": None, "evidence": []},
            )
            entry[name] = (entry[name] or 0) + (row["count"] or 0)
            entry["evidence"] += [e for e in row["evidence"] if e not in entry["evidence"]]
    return sorted(
        rows.values(),
        key=lambda r: (
            r["first"] is None or r["second"] is None,  # those stated for both years first
            natural(r["label"]),
            r["what"],
            _STATUSES.get(r["status"] or "", 3),
            r["sector"] or "",
        ),
    )


# ---------------------------------------------------------------- collaborations


def _compare_collaborations(
    one: Facts, two: Facts, first: int, second: int, reported: dict[str, list[int]]
) -> dict:
    only_first = sorted(set(one.collaborations) - set(two.collaborations))
    only_second = sorted(set(two.collaborations) - set(one.collaborations))
    both = sorted(set(one.collaborations) & set(two.collaborations))

    def row(facts: Facts, iri: str, **change: tuple[int, int]) -> dict:
        years = reported.get(iri, facts.collaborations[iri]["years"])
        return _collaboration(facts, iri, years, **change)

    return {
        "only_first": by_name([row(one, c, ended=(first, second)) for c in only_first]),
        "only_second": by_name([row(two, c, started=(first, second)) for c in only_second]),
        "both": by_name([row(two, c) for c in both]),
    }


def _collaboration(
    facts: Facts,
    iri: str,
    years: list[int],
    *,
    started: tuple[int, int] | None = None,
    ended: tuple[int, int] | None = None,
) -> dict:
    """A collaboration with how its change is known (``known`` and ``year``): ``started`` or
    ``ended`` in the year its source states; else ``first_reported`` or ``last_reported``, its
    first or last year of ``years`` (all the years the sources report it in); else
    ``not_in_first`` / ``not_in_second``, when the sources report it before the first year
    (after the second) as well, but not in it."""
    info = facts.collaborations[iri]
    row = {
        **facts.ref(iri),
        "years": years,
        "reported_by": [{"iri": c, **facts.named(c)} for c in info["reported_by"]],
        "evidence": evidence_of(facts, info["evidence"]),
    }
    if started is not None:
        low, high = started
        if info["start_year"] is not None and low < info["start_year"] <= high:
            row["known"], row["year"] = "started", info["start_year"]
        elif min(years) > low:
            row["known"], row["year"] = "first_reported", min(years)
        else:  # reported before the first year too, not in it
            row["known"], row["year"] = "not_in_first", high
        if info["end_year"] is not None and low < info["end_year"] <= high:
            row["ended"] = info["end_year"]  # new in the second year, and already ended
    elif ended is not None:
        low, high = ended
        if info["end_year"] is not None and low <= info["end_year"] < high:
            row["known"], row["year"] = "ended", info["end_year"]
        elif max(years) < high:
            row["known"], row["year"] = "last_reported", max(years)
        else:  # reported after the second year too, not in it
            row["known"], row["year"] = "not_in_second", low
    return row


# ---------------------------------------------------------------- committees


def _committees(facts: Facts) -> set[str]:
    return {i for i, a in facts.actors.items() if a["type"] == "Committee"}


def _described(facts: Facts) -> set[str]:
    """The committees the year's sources describe: any status but absent, or a count."""
    counted = {
        facts.actors.get(c["counted_for"], {}).get("organisation", c["counted_for"])
        for c in facts.counts
    }
    return {c for c in _committees(facts) if facts.status.get(c, ABSENT) != ABSENT or c in counted}


def _compare_committees(one: Facts, two: Facts) -> list[dict]:
    """Per committee described in either year: its groups and partners in each, and what it
    gained and lost (only for committees described in both years)."""
    names = vocabulary().names
    described_one, described_two = _described(one), _described(two)
    rows = []
    for committee in sorted(
        described_one | described_two, key=lambda c: (natural(two.named(c)["label"]), c)
    ):
        groups = [
            [g for g in names if g in facts.reaches.get(committee, ())] for facts in (one, two)
        ]
        partners = [set(facts.partners.get(committee, ())) for facts in (one, two)]
        row = {
            "committee": committee,
            **two.named(committee),
            "status": [one.status.get(committee, ABSENT), two.status.get(committee, ABSENT)],
            "groups": groups,
            "partners": [len(p) for p in partners],
        }
        if committee in described_one and committee in described_two:
            row["described"] = "both"
            row.update(gained_and_lost((one, two), groups, partners))
            changed = row["status"][0] != row["status"][1] or any(
                row[k] for k in ("groups_gained", "groups_lost", "partners_gained", "partners_lost")
            )
            row["changed"] = changed
            row["untold"] = _untold(committee, (one, two), row["status"])
        else:
            row["described"] = "second" if committee in described_two else "first"
            row["changed"] = True
        rows.append(row)
    return rows


def _untold(committee: str, years: tuple[Facts, Facts], status: list[str]) -> list[dict]:
    """Each year (0 the first, 1 the second) whose sources describe the committee but name
    no partner of it (``no-partner``): they do not say whether the other year's partners
    still worked with it, so a drop to 0 is what the sources name, not partners lost. With
    the collaborations that year's sources name it in (``collaborations``)."""
    return [
        {
            "year": i,
            "collaborations": [facts.ref(c) for c in facts.takes_part_in.get(committee, ())],
        }
        for i, facts in enumerate(years)
        if status[i] == NO_PARTNER
    ]


# ---------------------------------------------------------------- what cannot be told


def _notes(change: dict, first: int, second: int) -> list[dict]:
    """What the sources cannot tell, as message keys with their values (the words are the
    report's: see :mod:`kg.report.change_sections` and the catalogs' ``[cannot_tell]``)."""
    notes = [{"key": "year_meaning", "values": {}}]
    for name, year in (("first", first), ("second", second)):
        documents = change[name]["documents"]
        if not any(d["reports_the_year"] for d in documents):
            others = sorted({d["report_year"] for d in documents if d["report_year"]})
            values = {"year": year, "years": others}
            notes.append({"key": "no_document_of_year", "values": values})
        missing = change["not_described"][name]
        if missing:
            notes.append(
                {"key": "committees_not_described", "values": {"year": year, "n": len(missing)}}
            )
    # what is first reported in the second year (last reported in the first); an item first
    # (last) reported in a year between them says so on its own line
    for key, part, known, year in (
        ("first_reported_note", "only_second", "first_reported", second),
        ("last_reported_note", "only_first", "last_reported", first),
    ):
        n = sum(c["known"] == known and c["year"] == year for c in change["collaborations"][part])
        if n:
            notes.append({"key": key, "values": {"n": n, "first": first, "second": second}})
    return notes


def _labels(facts: Facts, iris: set[str]) -> list[str]:
    return sorted((facts.named(i)["label"] for i in iris), key=str.casefold)
