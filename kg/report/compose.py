"""The report as a document in one language: its title, the sections in their order, and how
many committees the charts show."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from kg import __version__
from kg.io.provenance import attribution
from kg.model import citation
from kg.report import (
    change_sections,
    evidence,
    goal_area_sections,
    sections,
    suggestion_sections,
)
from kg.report import network_sections as network
from kg.report.document import Document, other_names
from kg.report.i18n import Catalog, catalog

#: The charts of committees show at most this many (the widest gaps); the tables show all.
CHART_ROWS = 40


def report_document(report: dict, lang: str = "en", *, on_map: Collection[str] = ()) -> Document:
    """The report of ``report`` (what :func:`kg.report.build.build_report` says) in ``lang``:
    right after the title the year it shows and the change between two years when it has
    them (:mod:`kg.report.change_sections`); then findings with how to read it, the data,
    charts, gaps, goal areas, suggestions, brokers, central organisations, communities,
    structural holes, glossary, appendix and sources. The appendix links each committee in
    ``on_map`` to its node on the map beside the report (map.html#IRI)."""
    cat = catalog(lang)
    sources = evidence.Sources(report, cat)
    if report["city"]:
        title = cat("title.report", city=sections.city_name(report, cat))
    else:
        title = cat("title.report_generic")
    made = made_line(report["documents"], cat, counted=sections.documents_counted(report, cat))
    findings = sections.findings(report, cat)
    told = goal_area_sections.headline(report, cat)
    if told:  # the findings' list, then the box
        findings.blocks[0].items.append(told)
    findings.blocks.append(sections.how_to_read(report, cat, sources))
    data = sections.data(report, cat)
    data.blocks[0].items.extend(years_line(report, cat))
    return Document(
        lang=lang,
        title=title,
        subtitle=cat("title.subtitle"),
        lines=[[made], *digest_line(report, cat), [cat("title.language")]],
        contents=cat("heading.contents"),
        other_names=other_names(report, lang),
        sections=[
            *change_sections.sections(report, cat, sources),
            findings,
            data,
            sections.charts(report, cat, min(CHART_ROWS, len(report["gaps"]))),
            sections.gaps(report, cat),
            *goal_area_sections.goal_areas(report, cat, sources),
            suggestion_sections.suggestions(report, cat),
            network.brokers(report, cat),
            network.central(report, cat),
            network.communities(report, cat),
            network.holes(report, cat),
            network.glossary(cat),
            evidence.appendix(report, cat, sources, on_map),
            sources.section(),
        ],
    )


def made_line(
    documents: list[dict], cat: Catalog, no_year: str | None = None, counted: str | None = None
) -> str:
    """The first line under a title: kg's version, how many source documents (``counted``
    words them where given), and the years they were published in (``no_year``, else the
    catalog's word, where none has one)."""
    years = sorted({d["issued"][:4] for d in documents if d.get("issued")})  # published
    none = no_year if no_year is not None else citation.WORDS[cat.lang]["no_year"]
    span = "–".join(dict.fromkeys([years[0], years[-1]])) if years else none
    count = len(documents)
    return cat.template("title.made", count).format(
        version=__version__, documents=counted or cat.plural("count.documents", count), years=span
    )


def digest_line(report: dict, cat: Catalog) -> list[list[str]]:
    """The line naming the data's digest, and the licences and the credit they ask for where
    the data is kg's own, when
    report.json has them (a report of files; not one read from an endpoint)."""
    about = report.get("provenance") or {}
    digest = about.get("data_sha256")
    if not digest:
        return []
    licensed = (about.get("licence") or {}).get("data")  # none stated for another's data
    credit = attribution(about, cat.lang)  # asked for wherever kg's data is read, mixed too
    return [
        [cat("title.data_digest", digest=digest)],
        *([[cat("title.licences")]] if licensed else []),
        *([[cat("title.attribution", credit=credit)]] if credit else []),
    ]


def years_line(report: dict, cat: Catalog) -> list[list[str]]:
    """For a report of every year: the years its source documents report on, and the commands
    that show one year or compare two (the two whose documents describe or name partners of
    the most committees, the earlier on a tie: the longer span); none in a year's report or a
    comparison, or where the documents report on fewer than two.

    >>> docs = [{"iri": "a", "report_year": 2012}, {"iri": "b", "report_year": 2016}]
    >>> gaps = [{"described_in": [{"document": "b"}]}]
    >>> years_line({"documents": docs, "gaps": gaps}, catalog("en"))[0][0][:48]
    'The sources report on the years 2012 and 2016, a'
    """
    if "year" in report or "compare" in report:
        return []
    year_of = {d["iri"]: d["report_year"] for d in report["documents"] if d.get("report_year")}
    years = sorted(set(year_of.values()))
    if len(years) < 2:
        return []
    described = Counter(
        year
        for row in report["gaps"]
        for year in {
            year_of.get(e["document"])
            for e in [*(row.get("described_in") or []), *(row.get("evidence") or [])]
        }
    )
    first, second = sorted(sorted(years, key=lambda y: (described[y], -y))[-2:])
    listed = cat.join([str(y) for y in years])
    return [[cat("data.years", years=listed, first=first, second=second)]]
