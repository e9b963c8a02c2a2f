"""The report's sections on time, in Markdown: a year's sources (``--year``) and the change
between two years (``--compare``). Every sentence is in :data:`MESSAGES`, so that it can be
translated in one place; text from the data is escaped."""

from __future__ import annotations

from kg.model.sectors import vocabulary
from kg.web.style import type_name

#: The English text of the sections, by key; ``{…}`` are filled in from the data.
MESSAGES: dict[str, str] = {
    "year_title": "## The year {year}",
    "year_intro": "This report shows what the sources report for {year}: the collaborations, "
    "their parties and the stated counts reported in {year}, with every committee's partners "
    "and gaps worked out from them. Every actor stays; each keeps the evidence of the "
    "documents that report on {year}, so a committee none of them describes is *absent from "
    "the sources*.",
    "year_meaning": "A year is the year a source reports a fact in, not necessarily a year it "
    "ran: a collaboration reported only in a later year may have started before, and one "
    "reported only in an earlier year did not necessarily end then. A fact's years are those "
    "its source states (a year, or a start and an end year), else the year its source reports "
    "on.",
    "year_facts": "{collaborations} collaborations ({stated} with a start or end year the "
    "source states), {parties} named parties, {counts} stated counts; {described} of "
    "{committees} committees described.",
    "sources_title": "Sources of {year}:",
    "sources_header": "| document | reports on | facts of {year} it is quoted for |",
    "reports_the_year": "{report_year} (this year)",
    "counts_title": "### Stated counts",
    "counts_header": "| for | what | number | evidence |",
    "compare_title": "## Change between {first} and {second}",
    "compare_intro": "What the sources report for {first} against {second}, each year with "
    "the facts reported in it and every committee's partners worked out from them by the "
    "same rules.",
    "compare_sources_title": "### The sources of each year",
    "compare_sources_header": "| year | document | reports on | facts of the year it is "
    "quoted for |",
    "compare_counts_header": "| for | what | {first} | {second} | evidence |",
    "not_stated": "—",
    "collaborations_title": "### Collaborations",
    "in_both": "Reported in both years ({n}): {items}.",
    "only_second": "Reported in {second}, not in {first} ({n}):",
    "only_first": "Reported in {first}, not in {second} ({n}):",
    "started": "started {year} (the source states it)",
    "ended": "ended {year} (the source states it)",
    "first_reported": "first reported {year}",
    "last_reported": "last reported {year}",
    "not_in_first": "reported before {first} as well ({years}), not in {first}",
    "not_in_second": "reported after {second} as well ({years}), not in {second}",
    "more": "… and {n} more (report.json lists them all).",
    "committees_title": "### Committees",
    "committees_intro": "Committees the sources describe in both years, with the partner "
    'groups they reach and the partners named in each. "Reached in {second}, not in '
    '{first}" is a change in what the sources report; the work may have been there before.',
    "committees_header": "| committee | status {first} | status {second} | partners {first} "
    "→ {second} | reached in {second}, not in {first} | reached in {first}, not in {second} |",
    "partners_gained": "Partners named in {second}, not in {first}: {items}.",
    "partners_lost": "Partners named in {first}, not in {second}: {items}.",
    "no_committee_change": "No committee described in both years changed.",
    "first_described": "Described in {second}, not in {first} (what changed cannot be told): "
    "{items}.",
    "last_described": "Described in {first}, not in {second} (what changed cannot be told): "
    "{items}.",
    "cannot_tell_title": "### What the sources cannot tell",
    "no_document_of_year": "No source document reports on {year} itself: its facts are years "
    "that documents reporting on {years} state.",
    "committees_not_described": "Committees no source of {year} describes: {n}. For them the "
    "sources cannot tell whether their partners changed.",
    "first_reported_note": "Collaborations first reported in {second}: {n}. The sources of "
    "{first} do not mention them, which does not mean they started after {first}.",
    "last_reported_note": "Collaborations last reported in {first}: {n}. The sources of "
    "{second} do not mention them, which does not mean they ended.",
    "collaboration_item": "{label} ({type}; reported by {reported_by}): {known} — {refs}",
    "collaboration_item_unreported": "{label} ({type}): {known} — {refs}",
}
#: Items listed in Markdown before "and n more" (report.json lists all).
LIST_LIMIT = 100


def _t(key: str, **values: object) -> str:
    return MESSAGES[key].format(**values)


def _md(text: object) -> str:
    """Escape text from the data for Markdown tables and prose."""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\`*_[]|":
        value = value.replace(char, "\\" + char)
    return value.replace("\n", " ")


def _ref(evidence: dict) -> str:
    doc = evidence["file"].split("_", 1)[0] or evidence["document"].rsplit("/", 1)[-1]
    page = f", p. {evidence['page']}" if evidence.get("page") else ""
    return f"doc {_md(doc)}{page}"


def _refs(evidence: list[dict]) -> str:
    return "; ".join(sorted({_ref(e) for e in evidence})) or "—"


def _group(name: str) -> str:
    """A partner group's (or the public sector's) English label."""
    words = vocabulary()
    return words.group(name).label("en") if name in (*words.names, words.public.name) else name


def _status(name: str) -> str:
    return vocabulary().status(name).label("en")


def _what(row: dict) -> str:
    parts = [row["what"]]
    if row.get("status_label"):
        parts.append(row["status_label"])
    if row.get("sector"):
        parts.append(
            _group(row["sector"]) if row["sector"] in vocabulary().names else row["sector"]
        )
    return _md(", ".join(parts))


def _document_rows(documents: list[dict], year: int, *, with_year: bool) -> list[str]:
    rows = []
    for d in documents:
        reports = (
            _t("reports_the_year", report_year=d["report_year"])
            if d["reports_the_year"]
            else str(d["report_year"] or _t("not_stated"))
        )
        first = f"| {year} " if with_year else ""
        rows.append(f"{first}| {_md(d['title'] or d['document'])} | {reports} | {d['facts']} |")
    return rows


def render_time(report: dict) -> list[str]:
    """The Markdown lines of the report's year and comparison sections (none when the report
    has neither)."""
    lines: list[str] = []
    if "year" in report:
        lines += _year_lines(report["year"])
    if "compare" in report:
        lines += _compare_lines(report["compare"])
    return lines


def _year_lines(summary: dict) -> list[str]:
    year = summary["year"]
    lines = [_t("year_title", year=year), "", _t("year_intro", year=year), ""]
    lines += [_t("year_meaning"), ""]
    lines += [
        "- "
        + _t(
            "year_facts",
            collaborations=summary["collaborations"],
            stated=summary["with_stated_years"],
            parties=summary["parties"],
            counts=len(summary["counts"]),
            described=summary["described_committees"],
            committees=summary["committees"],
        ),
        "",
        _t("sources_title", year=year),
        "",
        _t("sources_header", year=year),
        "|---|---|---:|",
        *_document_rows(summary["documents"], year, with_year=False),
        "",
    ]
    if summary["counts"]:
        lines += [_t("counts_title"), "", _t("counts_header"), "|---|---|---:|---|"]
        for c in summary["counts"]:
            lines.append(
                f"| {_md(c['label'])} | {_what(c)} | {c['count']} | {_refs(c['evidence'])} |"
            )
        lines.append("")
    return lines


def _compare_lines(change: dict) -> list[str]:
    first, second = change["first"]["year"], change["second"]["year"]
    years = {"first": first, "second": second}
    lines = [_t("compare_title", **years), "", _t("compare_intro", **years), ""]
    lines += [_t("compare_sources_title"), ""]
    lines += [_t("compare_sources_header"), "|---|---|---|---:|"]
    for name in ("first", "second"):
        lines += _document_rows(change[name]["documents"], years[name], with_year=True)
    lines.append("")
    if change["counts"]:
        lines += [_t("counts_title"), "", _t("compare_counts_header", **years)]
        lines.append("|---|---|---:|---:|---|")
        for c in change["counts"]:
            numbers = [_t("not_stated") if c[n] is None else str(c[n]) for n in years]
            lines.append(
                f"| {_md(c['label'])} | {_what(c)} | {numbers[0]} | {numbers[1]} | "
                f"{_refs(c['evidence'])} |"
            )
        lines.append("")
    lines += [_t("collaborations_title"), ""]
    collaborations = change["collaborations"]
    both = collaborations["both"]
    if both:
        items = ", ".join(_md(c["label"]) for c in both[:LIST_LIMIT])
        lines += [_t("in_both", n=len(both), items=items), ""]
    for key in ("only_second", "only_first"):
        found = collaborations[key]
        if not found:
            continue
        lines += [_t(key, n=len(found), **years), ""]
        for c in found[:LIST_LIMIT]:
            known = _t(
                c["known"],
                year=c["year"],
                years=", ".join(str(y) for y in c["years"]),
                **years,
            )
            item = {
                "label": _md(c["label"]),
                "type": type_name(c["type"]),
                "reported_by": ", ".join(_md(r) for r in c["reported_by"]),
                "known": known,
                "refs": _refs(c["evidence"]),
            }
            key = "collaboration_item" if c["reported_by"] else "collaboration_item_unreported"
            lines.append("- " + _t(key, **item))
        if len(found) > LIST_LIMIT:
            lines.append(_t("more", n=len(found) - LIST_LIMIT))
        lines.append("")
    lines += _committee_lines(change, years)
    lines += [_t("cannot_tell_title"), ""]
    for note in change["notes"]:
        lines.append("- " + _t(note["key"], **note["values"]))
    lines.append("")
    return lines


def _committee_lines(change: dict, years: dict) -> list[str]:
    lines = [_t("committees_title"), "", _t("committees_intro", **years), ""]
    both = [r for r in change["committees"] if r["described"] == "both"]
    changed = [r for r in both if r["changed"]]
    if changed:
        lines += [_t("committees_header", **years), "|---|---|---|---|---|---|"]
        for r in changed:
            gained = ", ".join(_group(g) for g in r["groups_gained"]) or "—"
            lost = ", ".join(_group(g) for g in r["groups_lost"]) or "—"
            lines.append(
                f"| {_md(r['label'])} | {_status(r['status'][0])} | {_status(r['status'][1])} | "
                f"{r['partners'][0]} → {r['partners'][1]} | {gained} | {lost} |"
            )
        lines.append("")
        for r in changed:
            for key in ("partners_gained", "partners_lost"):
                if r[key]:
                    items = ", ".join(_md(p["label"]) for p in r[key][:LIST_LIMIT])
                    lines.append(f"- **{_md(r['label'])}**: " + _t(key, items=items, **years))
        lines.append("")
    else:
        lines += [_t("no_committee_change"), ""]
    for key, which in (("first_described", "second"), ("last_described", "first")):
        found = [r["label"] for r in change["committees"] if r["described"] == which]
        if found:
            items = ", ".join(_md(label) for label in found[:LIST_LIMIT])
            lines += [_t(key, items=items, **years), ""]
    return lines
