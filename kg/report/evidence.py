"""The report's evidence, in one language: references to the source documents (issuer, year
and page, linking to the list of sources), the appendix of every committee's partners with
their evidence, and the list of sources."""

from __future__ import annotations

from collections.abc import Collection
from urllib.parse import quote

from kg.analysis.gaps import ABSENT
from kg.model import citation
from kg.model.names import in_language_order
from kg.model.sectors import vocabulary
from kg.report.document import (
    Bullets,
    Entries,
    Foreign,
    Heading,
    Link,
    Paragraph,
    Section,
    Strong,
    Text,
    anchor,
    fill,
    joined,
)
from kg.report.i18n import Catalog
from kg.report.successors import with_lineage
from kg.web.wording import in_quotes


class Sources:
    """The documents cited, each with its anchor in the list of sources and a short key
    (issuer and year, a letter added where two would read alike), and references to them."""

    def __init__(self, report: dict, cat: Catalog) -> None:
        self.cat = cat
        self.said = citation.WORDS[cat.lang]  # "p." and "n.d.", as the map says them
        self.documents = report["documents"]
        self.year: dict = report.get("year") or {}
        #: document IRI → its key (:func:`kg.model.citation.keys`, the map's too)
        self.key: dict[str, str] = citation.keys(self.documents, self.said["no_year"])
        self.anchor: dict[str, str] = {}
        #: document IRI → its place in the list of sources
        self.order: dict[str, int] = {}
        #: document IRI → the language of its title where not the report's (else "")
        self.language: dict[str, str] = {}
        #: the references made so far, by the documents and pages they cite
        self._made: dict[tuple, Text] = {}
        for number, doc in enumerate(self.documents, start=1):
            self.anchor[doc["iri"]] = f"source-{number}"
            self.order[doc["iri"]] = number
            lang = doc.get("language") or ""
            self.language[doc["iri"]] = "" if lang.split("-")[0] == cat.lang else lang

    def title(self, iri: str, title: str) -> Text:
        """A document's title, marked with its language where not the report's."""
        lang = self.language.get(iri, "")
        return [Foreign(title, lang)] if lang and title else [title]

    def quote(self, excerpt: dict) -> Text:
        """An excerpt's quote word for word, in its document's language, within the quotation
        marks of the report's language (the map's: “…” in English, ”…” in Swedish)."""
        said = in_quotes(excerpt["quote"], self.cat.lang)
        lang = self.language.get(excerpt["document"], "")
        return [Foreign(said, lang)] if lang else [said]

    def refs(self, evidence: list[dict]) -> Text:
        """References to the documents and pages of ``evidence``: "Issuer 2017, p. 21, 24"."""
        cited = tuple((e["document"], e.get("page")) for e in evidence)
        try:  # a large report's 68,000 lists of evidence cite 840 ways
            made = self._made.get(cited)
        except TypeError:  # a page that is no number or text: made anew
            return self._refs(cited)
        if made is None:
            made = self._made[cited] = self._refs(cited)
        return list(made)

    def _refs(self, cited: tuple[tuple[str, object], ...]) -> Text:
        pages: dict[str, list] = {}
        for document, page in cited:
            if document in self.key:
                pages.setdefault(document, []).append(page)
        parts = []
        for iri in sorted(pages, key=self.order.__getitem__):
            text = citation.reference(self.key[iri], pages[iri], self.said["page"])
            title = self.documents[self.order[iri] - 1]["title"]
            parts.append([Link(text, "#" + self.anchor[iri], title, title_lang=self.language[iri])])
        return joined(parts, "; ")

    def cited(self, text: Text, evidence: list[dict]) -> Text:
        """``text``, then the references to ``evidence`` after a dash where it cites any."""
        refs = self.refs(evidence)
        return [*text, " — ", *refs] if refs else text

    def example(self, report: dict) -> str:
        """The first reference the appendix gives, as an example for "how to read this"."""
        for row in report["gaps"]:
            for partner in row["partner_list"]:
                found = self.refs(partner["evidence"][:1])
                if found:
                    return found[0].text
        return f"…, {self.said['page']} 1"

    def section(self) -> Section:
        cat = self.cat
        entries = []
        for doc in self.documents:
            year = doc["year"] or self.said["no_year"]
            title = self.title(doc["iri"], doc["title"])
            text = fill(
                cat.template("sources.entry"), issuer=citation.issuer(doc), year=year, title=title
            )
            if doc["report_year"]:
                text.append(" " + cat("sources.reports_on", year=doc["report_year"]))
            if doc["file"]:
                text.append(" " + cat("sources.file", file=doc["file"]))
            entries.append((self.anchor[doc["iri"]], [Strong(self.key[doc["iri"]]), " — ", *text]))
        blocks = [Paragraph([self._intro()]), Entries(entries)]
        return Section("sources", cat("heading.sources"), blocks)

    def _intro(self) -> str:
        """What the list holds: in a year's report, the documents quoted for the year, of how
        many the data is read from."""
        year = self.year
        if not year:
            return self.cat("sources.intro")
        every = self.cat.number(year.get("documents_in_data", len(self.documents)))
        n = self.cat.number(len(self.documents))
        return self.cat("sources.intro_year", year=year["year"], n=n, all=every)


#: The appendix lists each committee's partners and evidence up to this many committees (2,200
#: committees: 15 MB of HTML); past it (22,000 committees: 86 MB of Markdown) it says where
#: they are: report.json and kg gaps.
APPENDIX_COMMITTEES = 5000


def appendix_lists(report: dict) -> bool:
    """Whether the appendix lists every committee (see :data:`APPENDIX_COMMITTEES`)."""
    return len(report["gaps"]) <= APPENDIX_COMMITTEES


def counted(cat: Catalog, item: dict) -> str:
    """What a stated count of unnamed partners counts: its description in the report's
    language (``label``, English; ``label_sv``, Swedish) where the data gives one, else the
    name of the class it counts, in the plural where the count is not 1.

    >>> from kg.report.i18n import catalog
    >>> item = {"count": 6, "counted_class": "IOP", "label": "IOPs with associations.",
    ...         "label_sv": ""}
    >>> counted(catalog("en"), item), counted(catalog("sv"), item)
    ('IOPs with associations.', 'idéburna offentliga partnerskap (IOP)')
    """
    described = item.get("label_sv") if cat.lang == "sv" else item.get("label")
    return described or cat.type(item["counted_class"], item.get("count", 1))


def collaboration_name(cat: Catalog, collaboration: dict) -> str:
    """A collaboration's name in the report's language, marked "(IOP)" where it is an IOP
    whose name does not say so (the glossary says what an IOP is): an association's
    partnership reads as one.

    >>> from kg.report.i18n import catalog
    >>> collaboration_name(catalog("sv"), {"label": "Läxhjälp", "type": "IOP"})
    'Läxhjälp (IOP)'
    >>> collaboration_name(catalog("sv"), {"label": "IOP med Refugees Welcome Sweden",
    ...                                    "type": "IOP"})
    'IOP med Refugees Welcome Sweden'
    """
    name = cat.named(collaboration)
    if collaboration.get("type") == "IOP" and "IOP" not in name:
        name += " (IOP)"
    return name


def unnamed(cat: Catalog, sector: str, item: dict) -> str:
    """A party of ``sector`` the sources mention without naming it, in words: a stated count
    of them ("6 IOPs with associations", :func:`counted`) or the collaboration it is in."""
    # the broader public sector is no group: such a party reaches neither public one
    key = "appendix.unnamed_public" if sector == vocabulary().public.name else "appendix.unnamed"
    values = {"group": cat.group(sector), **cat.under(sector)}
    if "count" in item:
        count = cat.number(item["count"])
        return cat(f"{key}_count", count=count, label=counted(cat, item), **values)
    return cat(key, label=cat.named(item), **values)


def appendix(report: dict, cat: Catalog, sources: Sources, on_map: Collection[str] = ()) -> Section:
    if not appendix_lists(report):
        elsewhere = cat("appendix.elsewhere", n=cat.number(len(report["gaps"])))
        return Section("appendix", cat("heading.appendix"), [Paragraph([elsewhere])])
    blocks: list = [Paragraph([cat("appendix.intro")])]
    for row in report["gaps"]:
        heading: Text = [with_lineage(cat, row)]
        if row["committee"] in on_map:
            href = "map.html#" + quote(row["committee"], safe="")
            name = cat("appendix.on_map_label", name=cat.named(row))
            link = Link(cat("appendix.on_map"), href, lead=" · ", screen_only=True, label=name)
            heading.append(link)
        blocks.append(Heading(anchor(row["committee"], "c"), heading))
        items: list[Text] = []
        for p in in_language_order(row["partner_list"], cat.lang):  # by the names shown
            shown = in_language_order(p["collaborations"], cat.lang)
            via = cat.join([collaboration_name(cat, c) for c in shown])
            name = Strong(cat.named(p))
            said = f" — {cat.group(p['category'])} — {cat('appendix.via')} {via}"
            items.append(sources.cited([name, said], p["evidence"]))
        for sector, found in row["unnamed"].items():
            for item in found:
                items.append(sources.cited([unnamed(cat, sector, item)], item["evidence"]))
        if row["own_work"]:
            works = cat.join([cat.named(w) for w in row["own_work"]])
            items.append([cat("appendix.own_work", list=works)])
        if items:
            blocks.append(Bullets(items))
        else:  # described with nothing to list, or (in a year's report) described by no source
            year = (report.get("year") or {}).get("year")
            absent = "appendix.absent_year" if year else "appendix.absent"
            key = absent if row["status"] == ABSENT else "appendix.none"
            described = row.get("described_in", [])  # where the sources describe it
            blocks.append(Paragraph(sources.cited([cat(key, year=year)], described)))
    return Section("appendix", cat("heading.appendix"), blocks)
