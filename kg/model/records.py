"""The records :class:`kg.model.facts.Facts` holds, one typed dict per kind of thing the
analyses read: an actor, a collaboration, a stated count, a source document, a quoted excerpt.
"""

from __future__ import annotations

from typing import Any, TypedDict


class Actor(TypedDict):
    """An organisation or unit: its names, type (class local name), sector, partner group,
    the organisation it is part of, evidence, and the basis of its type where not the text."""

    iri: str
    label: str
    label_en: str
    type: str
    sector: str
    group: str
    organisation: str
    municipal: bool | None
    municipality: str | None  # the municipality it is part of (org:subOrganizationOf)
    names: list[str]
    evidence: list[str]
    basis: list[dict[str, str]]


class Collaboration(TypedDict):
    """An alliance, IOP, project …: names, type, who reports it, where, unnamed parties."""

    iri: str
    label: str
    label_en: str
    type: str
    reported_by: list[str]
    areas: list[str]
    goal_areas: list[str]
    unnamed_sectors: list[str]
    #: how many organisations the sources name as its members (kg:organisationCount)
    organisations: int
    evidence: list[str]
    #: the years it is reported in (kg:reportedIn); kg:startYear and kg:endYear, if stated
    years: list[int]
    start_year: int | None
    end_year: int | None
    part_of: list[str]  # the collaborations it is part of (dcterms:isPartOf)


class Count(TypedDict):
    """A number the sources state without naming what they count (``kg:StatedCount``)."""

    iri: str
    count: Any
    counted_for: str
    counted_class: str
    counted_sector: str | None
    counted_class_label: str  # the counted class's English and Swedish labels
    counted_class_label_sv: str
    #: the status counted (kg:countedStatus): its short name (green …), English and Swedish label
    counted_status: str | None
    counted_status_label: str | None
    counted_status_label_sv: str | None
    description: str  # in English, and in Swedish ("" where the data has none)
    description_sv: str
    evidence: list[str]
    years: list[int]  # the years the count is reported in (kg:reportedIn)


class Document(TypedDict):
    """A source document: title, publisher, when it was issued and which year it reports."""

    iri: str
    title: str
    language: str  # its dcterms:language, else its title's language tag, else ""
    publisher: str
    issued: str
    report_year: int | None
    file: str


class Excerpt(TypedDict):
    """A quoted passage: its document, the document's text file, page and quote."""

    excerpt: str
    document: str
    file: str
    page: int | None
    quote: str
