"""The report for people, in Markdown: summary, gaps, brokers, communities, holes, suggestions."""

from __future__ import annotations

from kg.model.sectors import vocabulary
from kg.report.change_text import render_time


def _group(name: str) -> str:
    """A partner group's (or sector's) English label."""
    words = vocabulary()
    if name in (*words.names, words.public.name):
        return words.group(name).label("en")
    found = next((s for s in words.sectors if s.name == name), None)
    return found.label("en") if found else name


def _ref(evidence: dict) -> str:
    doc = evidence["file"].split("_", 1)[0] or evidence["document"].rsplit("/", 1)[-1]
    page = f", p. {evidence['page']}" if evidence.get("page") else ""
    return f"doc {doc}{page}"


def _md(text: object) -> str:
    """Escape text from the data for Markdown tables and prose."""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\`*_[]|":
        value = value.replace(char, "\\" + char)
    return value.replace("\n", " ")


def render_markdown(report: dict) -> str:
    """The report for people: summary, gaps, brokers, communities, holes and suggestions."""
    s = report["summary"]
    lines = [
        "# Actors and alliances for a socially sustainable Malmö — network report",
        "",
        *render_time(report),
        "## Summary",
        "",
        f"- {s['organisations']} organisations ({s['actors']} actors, units included), "
        f"{s['collaborations']} collaborations, {s['memberships']} memberships, "
        f"{s['partner_links']} partner links between organisations ({s['triples']} triples).",
        "- Organisations by partner group: "
        + ", ".join(f"{_group(k)} {v}" for k, v in s["organisations_by_group"].items())
        + ".",
        f"- {s['committees']} committees: {s['committees_without_partners']} are described in "
        f"the sources with no partner named; {s['committees_with_unnamed_partners_only']} have "
        "only unnamed partners.",
        f"- {s['communities']} communities (Louvain, {s['communities_backend']}); betweenness "
        f"{s['betweenness']['method']}"
        + (f" (sample of {s['betweenness']['sample']})" if s["betweenness"]["sample"] else "")
        + f", computed with {s['betweenness']['backend']}.",
        "",
        "Evidence references read `doc 004, p. 21`: the source document in `data/sources/` "
        "and its page; `report.json` holds every quote.",
        "",
        "## Gaps: committees and the partner groups they lack",
        "",
        "Widest gaps first. A committee, its administrations and their units are one "
        "organisation; its partners are the other organisations in the same collaborations.",
        "",
        "| committee | status | partners | "
        + " | ".join(_group(g) for g in vocabulary().names)
        + " | lacks |",
        "|---|---|---:|" + "---:|" * len(vocabulary().names) + "---|",
    ]
    for row in report["gaps"]:
        cells = [
            str(row["by_sector"][g]) + ("+" if g in row["unnamed_sectors"] else "")
            for g in vocabulary().names
        ]
        lacks = ", ".join(_group(m) for m in row["missing_sectors"]) or "—"
        lines.append(
            f"| {_md(row['label'])} | {vocabulary().status(row['status']).label('en')} | "
            f"{row['partners']} | " + " | ".join(cells) + f" | {lacks} |"
        )
    lines += [
        "",
        "`+`: the sources also mention partners of that group without naming them (a number "
        'they state, or "with civil society"); they count as reaching the group.',
        "",
        "### Partners and evidence per committee",
        "",
    ]
    for row in report["gaps"]:
        if not row["partner_list"] and not row["unnamed"] and not row["own_work"]:
            continue
        lines.append(f"**{_md(row['label'])}**")
        lines.append("")
        for partner in row["partner_list"]:
            refs = "; ".join(sorted({_ref(e) for e in partner["evidence"]}))
            via = ", ".join(_md(c["label"]) for c in partner["collaborations"])
            lines.append(
                f"- {_md(partner['label'])} ({_group(partner['category'])}) — via {via} — {refs}"
            )
        for category, items in row["unnamed"].items():
            for item in items:
                refs = "; ".join(sorted({_ref(e) for e in item["evidence"]}))
                what = f"{item['count']} unnamed" if "count" in item else "unnamed partners in"
                lines.append(f"- {what} {_group(category)}: {_md(item['label'])} — {refs}")
        if row["own_work"]:
            works = ", ".join(_md(w["label"]) for w in row["own_work"])
            lines.append(f"- with no partner named (evidence of work, not of partnership): {works}")
        lines.append("")
    lines += [
        "## Brokers between sectors",
        "",
        "| actor | type | sector | partners | sectors spanned | open cross-sector pairs "
        "| effective size | constraint |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for b in report["brokers"]:
        lines.append(
            f"| {_md(b['label'])} | {b['type']} | {b['sector']} | {b['partners']} | "
            f"{b['sectors_spanned']} | {b['cross_sector_pairs']} | "
            f"{b['effective_size']:.2f} | {b['constraint']:.3f} |"
        )
    lines += [
        "",
        "## Most central actors",
        "",
        "| actor | type | sector | degree | weighted | betweenness | eigenvector | closeness |",
        "|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for c in report["central_actors"]:
        lines.append(
            f"| {_md(c['label'])} | {c['type']} | {c['sector']} | {c['degree']} | "
            f"{c['weighted_degree']} | {c['betweenness']:.3f} | "
            f"{c['eigenvector']:.3f} | {c['closeness']:.3f} |"
        )
    lines += ["", "## Communities", ""]
    for c in report["communities"]:
        mix = ", ".join(f"{k} {v}" for k, v in c["sectors"].items())
        members = ", ".join(_md(m["label"]) for m in c["members"])
        lines.append(f"- **Community {c['community']}** ({c['size']} actors; {mix}): {members}")
    lines += ["", "## Structural holes", "", "Between sectors:", ""]
    for h in report["sector_holes"]:
        bridge = (
            " — bridge: " + ", ".join(_md(b["label"]) for b in h["bridge"]) if h["bridge"] else ""
        )
        lines.append(
            f"- {h['sectors'][0]} ↔ {h['sectors'][1]}: {h['links']} link(s), {h['status']}{bridge}"
        )
    holes = report["community_holes"]
    lines += [
        "",
        f"Between communities: {holes['unconnected_pairs']} pair(s) with no link"
        + (";" if holes["single"] else "."),
        "",
    ]
    for h in holes["single"]:
        bridge = ", ".join(_md(b["label"]) for b in h["bridge"])
        lines.append(
            f"- communities {h['communities'][0]} ↔ {h['communities'][1]}: a single "
            f"link — bridge: {bridge}"
        )
    lines += [
        "",
        "## Partner suggestions",
        "",
        "For each group a committee lacks, the organisations of that group with most in common "
        "with it. Points: 1 per area or goal area they work in together, 1 per partner of the "
        "committee they already work with, and for every committee with similar partners that "
        "works with them, the similarity of the two committees' partner sets (0–1).",
        "",
    ]
    for s in report["suggestions"]:
        lacking = ", ".join(_group(g) for g in s["sectors"])
        lines.append(f"**{_md(s['label'])}** lacks {lacking}.")
        lines.append("")
        if s["note"]:
            lines.append(f"- {_md(s['note'])}")
        for group in s["groups"]:
            if not group["candidates"]:
                lines.append(f"- {_group(group['sector'])}: {_md(group['note'])}")
            for c in group["candidates"]:
                parts = " + ".join(f"{p['points']:g}" for p in c["parts"])
                lines.append(
                    f"- {_group(group['sector'])}: {_md(c['label'])}, {c['score']:g} points "
                    f"({parts}): " + "; ".join(_md(r) for r in c["reasons"])
                )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
