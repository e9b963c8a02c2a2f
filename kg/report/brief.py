"""One committee's brief (``kg report --committee``): its part of the report's data (the same
gaps row, suggestions and documents ``report.json`` holds, so the numbers are those of ``kg
gaps`` and the library's ``committee-partners``), with the kind and the years of each of its
collaborations; and the files it is written to."""

from __future__ import annotations

from pathlib import Path

from kg.analysis.pipeline import Analysis
from kg.errors import KgError
from kg.model.names import by_name
from kg.report.build import cited_documents
from kg.report.document import anchor


def committee_brief(report: dict, analysis: Analysis, iri: str) -> dict:
    """The brief of the committee ``iri`` from ``report`` (what
    :func:`kg.report.build.build_report` says of ``analysis``): its gaps row as ``kg gaps -f
    json`` gives it (``committee``), its suggestions as report.json has them (or None where
    it lacks no group), its collaborations (each with its kind, the years a source reports
    it for, the partners named through it and the groups of its unnamed partners), the goal
    areas the sources link them to (where the data has goal areas), every passage it rests
    on once (``evidence``) and the documents they quote."""
    row = next((r for r in report["gaps"] if r["committee"] == iri), None)
    if row is None:
        raise KgError(f"no committee {iri} in the report's data")
    found = next((s for s in report["suggestions"] if s["committee"] == iri), None)
    found_collaborations = collaborations(row, analysis)
    evidence = _evidence(row, found_collaborations)
    change = _change(report.get("compare"), iri, {c["iri"] for c in found_collaborations})
    # the documents of its passages, and of its collaborations' in the comparison
    cited = set(cited_documents([evidence, change]))
    return {
        **({"provenance": report["provenance"]} if "provenance" in report else {}),
        "city": report["city"],
        **({"year": report["year"]} if report.get("year") else {}),
        "committee": row,
        "collaborations": found_collaborations,
        **({"goal_areas": _goal_areas(report, iri)} if report.get("goal_areas") else {}),
        **({"compare": change} if change else {}),
        "suggestions": found,
        "evidence": evidence,
        "documents": [d for d in report["documents"] if d["iri"] in cited],
    }


def _goal_areas(report: dict, iri: str) -> list[dict]:
    """The goal areas the sources link the committee's collaborations to (report.json's
    ``goal_areas``), each with those collaborations, in the city's order."""
    found = []
    for goal in report["goal_areas"]:
        mine = [
            {k: c[k] for k in ("iri", "label", "label_en")}
            for c in goal["collaborations"]
            if any(r["committee"] == iri for r in c["committees"])
        ]
        if mine:
            found.append(
                {**{k: goal[k] for k in ("iri", "label", "label_en")}, "collaborations": mine}
            )
    return found


def _change(compare: dict | None, iri: str, own: set[str]) -> dict | None:
    """The comparison of two years (``kg report --compare``) for one committee: its row, the
    collaborations of its own first or last reported (or reported in both), and what the
    sources cannot tell."""
    if not compare:
        return None
    return {
        "first": {"year": compare["first"]["year"]},
        "second": {"year": compare["second"]["year"]},
        "committees": [r for r in compare["committees"] if r["committee"] == iri],
        "collaborations": {
            key: [c for c in rows if c["iri"] in own]
            for key, rows in compare["collaborations"].items()
        },
        "notes": compare["notes"],
    }


def collaborations(row: dict, analysis: Analysis) -> list[dict]:
    """The collaborations of a committee's gaps row, by name: each with its ``type`` (a class
    of the ontology), the ``years`` a source reports it for, the ``partners`` named through
    it, the groups of its ``unnamed`` partners, and whether it names no partner at all
    (``own_work``: evidence of the committee's work, not of collaboration)."""
    from kg.model.facts import evidence_of
    from kg.model.nesting import wholes
    from kg.model.parties import Parties

    facts, committee = analysis.facts, row["committee"]
    known, parties = facts.collaborations, Parties(facts)
    found: dict[str, dict] = {}

    def entry(iri: str, label: str, label_en: str | None) -> dict:
        if iri not in found:
            info = known.get(iri, {})
            found[iri] = {
                "iri": iri,
                "label": label,
                "label_en": label_en,
                "type": info.get("type", "Collaboration"),
                "years": sorted(info.get("years", [])),
                "partners": [],
                "unnamed": [],
                "own_work": False,
                "parts": [],
                "evidence": [],
            }
        return found[iri]

    for partner in row["partner_list"]:
        for c in partner["collaborations"]:
            item = entry(c["iri"], c["label"], c.get("label_en"))
            item["partners"].append(
                {k: partner.get(k) for k in ("iri", "label", "label_en", "category")}
            )
            # the passages that make both parties of it (Parties.between: both memberships),
            # not those of the partner's other collaborations, nor the collaboration's own
            # that name neither
            item["evidence"] += evidence_of(
                facts, parties.between(committee, partner["iri"], c["iri"])
            )
    for sector, items in row["unnamed"].items():
        for u in items:
            if "collaboration" not in u:  # a stated count: no collaboration of its own
                continue
            item = entry(u["collaboration"], u["label"], u.get("label_en"))
            item["unnamed"].append(sector)
            item["evidence"] += u["evidence"]
    for work in row["own_work"]:
        item = entry(work["iri"], work["label"], work.get("label_en"))
        item["own_work"] = True
        # the committee's own memberships state its work; where it only reports the work,
        # the collaboration's passages, which its section holds
        own = parties.evidence(committee, work["iri"]) or known[work["iri"]]["evidence"]
        item["evidence"] += evidence_of(facts, own)
    # a whole whose partners are named through its parts (the network's links leave a whole
    # to the part two organisations share), with those parts and the passages naming the
    # committee in it: so the brief lists every collaboration the map's panel and
    # collaborations-of-actor list for it
    within = wholes(facts)
    for iri in facts.takes_part_in.get(committee, ()):
        if iri in found or iri not in known:
            continue
        item = entry(iri, known[iri]["label"], known[iri].get("label_en"))
        parts = sorted(p for p in found if iri in within.get(p, ()))
        item["parts"] = [{k: found[p][k] for k in ("iri", "label", "label_en")} for p in parts]
        item["evidence"] += evidence_of(facts, parties.evidence(committee, iri))
    for item in found.values():
        item["evidence"] = list({e["excerpt"]: e for e in item["evidence"]}.values())
    return by_name(found.values())


def _evidence(row: dict, found: list[dict]) -> list[dict]:
    """Every passage a committee's gaps row and its collaborations (``found``) rest on, once,
    in the order of the documents and pages."""
    passages = [*row.get("described_in", []), *row.get("evidence", [])]
    for collaboration in found:
        passages += collaboration["evidence"]
    for partner in row["partner_list"]:
        passages += partner["evidence"]
    for items in row["unnamed"].values():
        for item in items:
            passages += item["evidence"]
    unique = {e["excerpt"]: e for e in passages}
    return sorted(unique.values(), key=lambda e: (e["document"], e.get("page") or 0, e["quote"]))


def write_brief(
    analysis: Analysis,
    directory: Path,
    committee: str,
    *,
    triples: int,
    lang: str = "en",
    sections: dict | None = None,
    provenance: dict | None = None,
) -> tuple[dict, list[Path]]:
    """Write the brief of the committee ``committee`` (its IRI) to ``directory`` (created if
    needed), all or none: ``<name>.html`` (printable, as the report), ``<name>.md`` and
    ``<name>.json`` (:func:`committee_brief`), the text in ``lang``. Returns the brief and
    the files written."""
    import orjson

    from kg.report.brief_document import brief_document
    from kg.report.build import build_report
    from kg.report.html import render_html
    from kg.report.i18n import catalog
    from kg.report.markdown import document_markdown
    from kg.report.write import staged

    catalog(lang)  # an unknown language fails before any work
    report = build_report(analysis, triples=triples, sections=sections, provenance=provenance)
    brief = committee_brief(report, analysis, committee)
    document = brief_document(brief, lang)
    files = [directory / f"{brief_stem(committee)}.{suffix}" for suffix in ("html", "md", "json")]
    option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    texts = [
        render_html(document, {}),
        document_markdown(document),
        orjson.dumps(brief, option=option),
    ]
    with staged(directory, create=True) as work:
        for path, text in zip(files, texts, strict=True):
            target = work / path.name
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(text, encoding="utf-8")
    return brief, files


def brief_stem(iri: str) -> str:
    """The name of a committee's brief files, without the suffix: its IRI's last part.

    >>> brief_stem("https://w3id.org/kg-malmo/id/fritidsnamnden")
    'fritidsnamnden'
    """
    return anchor(iri, "c").removeprefix("c-")
