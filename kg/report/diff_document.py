"""A diff of two versions of the data (:mod:`kg.report.diff`) as a document in one language,
and as Markdown for a pull request's comment. Every word comes from the catalog's ``[diff]``;
text from the data is escaped by the Markdown writer, as in the report.
"""

from __future__ import annotations

from kg.report.diff import KINDS
from kg.report.diff_committees import LINEAGE, lineage_changed
from kg.report.document import (
    Bullets,
    Code,
    Document,
    Link,
    Paragraph,
    Section,
    Strong,
    Table,
    Text,
    fill,
)
from kg.report.i18n import Catalog, catalog
from kg.report.markdown import document_markdown
from kg.web.wording import in_quotes

#: Items listed per list before "and n more" (the JSON lists all).
LIST_LIMIT = 100
#: The most characters a GitHub comment holds: the Markdown lists fewer items of each list,
#: down to none, until it fits (:func:`diff_markdown`).
COMMENT_LIMIT = 65_536
#: The list limits tried, longest first.
_LIMITS = (LIST_LIMIT, 50, 20, 10, 5, 0)
#: Fields whose values are partner groups, types, or yes and no: worded by the catalog.
_GROUPS = {"group", "sector", "counted_sector"}
_GROUP_LISTS = {"unnamed_sectors"}


def diff_markdown(diff: dict, lang: str = "en", size: int = COMMENT_LIMIT) -> str:
    """The diff in Markdown, in ``lang`` (``en`` or ``sv``), in at most ``size`` characters
    where it can be (a pull request's comment): each list shortened, down to none, until the
    whole fits; the JSON lists everything.

    >>> from kg.io.source import Source
    >>> from kg.report.diff import diff_sources
    >>> text = diff_markdown(diff_sources(Source(), Source()), "sv")
    >>> text.splitlines()[0], "Ingen ändring" in text
    ('# Ändringar i uppgifterna', True)
    """
    for limit in _LIMITS:
        text = document_markdown(diff_document(diff, lang, limit))
        if len(text) <= size:
            break
    return text


def diff_document(diff: dict, lang: str = "en", limit: int = LIST_LIMIT) -> Document:
    """The diff as a :class:`~kg.report.document.Document` in ``lang``, each list (of facts,
    committees, names) cut at ``limit`` items and "and n more"."""
    cat = catalog(lang)
    lines: list[Text] = [[_provenance(diff, cat)]]
    if not diff["changed"]:
        lines.append([cat("diff.none")])
        return Document(lang, cat("diff.title"), _subtitle(diff, cat), lines, [])
    lines.append([cat("diff.validate")])
    sections = [_summary(diff, cat), _committees(diff, cat, limit)]
    if diff["groups"]:
        sections.append(_groups(diff, cat, limit))
    for kind in KINDS:
        if any(diff[kind].values()):
            sections.append(_kind(diff, kind, cat, limit))
    statements = diff.get("statements", {"added": [], "removed": []})
    if statements["added"] or statements["removed"]:
        sections.append(_statements(statements, cat, limit))
    return Document(lang, cat("diff.title"), _subtitle(diff, cat), lines, sections)


def _subtitle(diff: dict, cat: Catalog) -> str:
    names = [", ".join(diff.get(side, {}).get("data", [])) or "—" for side in ("old", "new")]
    return cat("diff.subtitle", old=names[0], new=names[1])


def _provenance(diff: dict, cat: Catalog) -> str:
    if "old" not in diff:
        return ""
    old, new = diff["old"], diff["new"]
    return cat(
        "diff.provenance",
        old=(old["data_sha256"] or "")[:12],
        new=(new["data_sha256"] or "")[:12],
        old_triples=cat.number(old["triples"]),
        new_triples=cat.number(new["triples"]),
        kg=diff["kg"],
    )


def _summary(diff: dict, cat: Catalog) -> Section:
    """How many of each kind were added, removed and changed, as a table; each kind with a
    change links to its section."""
    header = [[cat(f"diff.{k}")] for k in ("kind", "added", "removed", "changed")]
    rows = []
    for kind in KINDS:
        name = cat(f"diff.kinds.{kind}")
        counts = diff["summary"][kind]
        cell = Link(name, f"#diff-{kind}") if any(counts.values()) else name
        rows.append([[cell], *([cat.number(n)] for n in counts.values())])
    statements = diff.get("statements", {"added": [], "removed": []})
    if statements["added"] or statements["removed"]:
        numbers = (len(statements["added"]), len(statements["removed"]), 0)
        link = Link(cat("diff.statements"), "#diff-statements")
        rows.append([[link], *([cat.number(n)] for n in numbers)])
    table = Table(header, [False, True, True, True], rows)
    return Section("diff-summary", cat("diff.facts"), [table])


def _committees(diff: dict, cat: Catalog, limit: int) -> Section:
    """Each committee whose row of kg gaps changed: a table, then its partners by name."""
    blocks: list = [Paragraph([cat("diff.committees_intro")])]
    rows = diff["committees"]
    if not rows:
        blocks.append(Paragraph([cat("diff.no_committee")]))
        return Section("diff-committees", cat("diff.committees"), blocks)
    header = [[cat(f"diff.{k}")] for k in ("committee", "status", "partners")]
    header += [[cat("diff.gaps_opened")], [cat("diff.gaps_closed")]]
    table = [[[cell] for cell in committee_cells(cat, row)] for row in rows[:limit]]
    if table:
        blocks.append(Table(header, [False, False, True, False, False], table))
    if len(rows) > limit:
        blocks.append(Paragraph([cat("diff.more", n=cat.number(len(rows) - limit))]))
    items: list[Text] = []
    for row in rows[:limit]:
        said = [
            cat(f"diff.{key}", items=_partner_names(cat, row[key], limit))
            for key in ("partners_gained", "partners_lost", "partners_renamed")
            if row.get(key)
        ]
        said += [
            cat(f"diff.{key}", items=_groups_of(cat, row[key]))
            for key in ("groups_gained", "groups_lost")
            if row[key]
        ]
        if said:
            items.append([Strong(cat.named(row)), ": " + "; ".join(said)])
    if items:
        blocks.append(Bullets(items))
    return Section("diff-committees", cat("diff.committees"), blocks)


def _groups(diff: dict, cat: Catalog, limit: int) -> Section:
    """Per partner group, the committees whose gap in it opened or closed."""
    header = [[cat("diff.group")], [cat("diff.opened")], [cat("diff.closed")]]
    rows = [
        [
            [cat.group(row["group"])],
            *([_names(cat, [cat.named(c) for c in row[k]], limit)] for k in ("opened", "closed")),
        ]
        for row in diff["groups"]
    ]
    return Section("diff-groups", cat("diff.groups"), [Table(header, [False] * 3, rows)])


def _kind(diff: dict, kind: str, cat: Catalog, limit: int) -> Section:
    """The facts of one kind added, removed and changed, each with its IRI."""
    blocks: list = []
    for part in ("added", "removed", "changed"):
        rows = diff[kind][part]
        if not rows:
            continue
        blocks.append(Paragraph([cat(f"diff.{part}_items", n=cat.number(len(rows)))]))
        items = [_item(kind, part, row, cat) for row in rows[:limit]]
        if len(rows) > limit:
            items.append([cat("diff.more", n=cat.number(len(rows) - limit))])
        blocks.append(Bullets(items))
    return Section(f"diff-{kind}", cat(f"diff.kinds.{kind}"), blocks)


def _item(kind: str, part: str, row: dict, cat: Catalog) -> Text:
    """One fact: its name, what it is, its IRI, and what changed of it."""
    if kind == "parties":
        member = cat.name(row["member_label"], row["member_label_en"])
        if row["group"]:
            member += f" ({cat.group(row['group'])})"
        text: Text = [Strong(cat.named(row)), f": {member}"]
        iri = f"{row['collaboration']} · {row['member']}"
    elif kind == "evidence":
        page = f", {cat('diff.page', page=row['page'])}" if row["page"] is not None else ""
        text = [Strong(row["label"] + page), f": {in_quotes(row['quote'], cat.lang)}"]
        if row["cited_by"]:
            names = [cat.named(c) for c in row["cited_by"]]
            text.append(f" ({cat('diff.cited_by', items=cat.join(names))})")
        iri = row["iri"]
    else:
        text = [Strong(cat.named(row))]
        what = [cat.type(row["type"])] if row.get("type") else []
        what += [cat.group(row["group"])] if row.get("group") else []
        what += (
            [_number(row["count"], cat)] if kind == "counts" and row["count"] is not None else []
        )
        if what:
            text.append(f" ({', '.join(what)})")
        if row.get("replaces") and part != "changed":  # renamed, merged, split: as said
            names = cat.join([cat.named(r) for r in row["replaces"]])
            text.append(f" ({cat('diff.fields.replaces')}: {names})")
        iri = row["iri"]
    text.append(f" — {cat('diff.same_iri')} {iri}" if part == "changed" else f" — {iri}")
    for key in ("renamed_from", "renamed_to"):
        if row.get(key):
            text.append(f" ({cat('diff.' + key, iri=row[key])})")
    if part == "changed":
        worded = row.get("worded", {})
        changes = [
            _change(field, worded[field][cat.lang] if field in worded else values, cat)
            for field, values in row.get("changes", {}).items()
        ]
        for key in ("evidence_added", "evidence_removed"):
            if row.get(key):
                changes.append(cat.plural(f"diff.{key}", len(row[key])))
        if changes:
            text.append(": " + "; ".join(changes))
    return text


def _change(field: str, values: list, cat: Catalog) -> str:
    """A field's old and new value: "partner group: civil society → business"."""
    old, new = (_value(field, v, cat) for v in values)
    return f"{cat('diff.fields.' + field)}: {old} → {new}"


def _number(value: object, cat: Catalog) -> str:
    """A number as the language writes it; a literal of another type (``"7"^^xsd:string``,
    an ill-typed one) as it is."""
    return (
        cat.number(value)
        if isinstance(value, int | float) and not isinstance(value, bool)
        else in_quotes(value, cat.lang)
    )


def _value(field: str, value: object, cat: Catalog) -> str:
    if value is None or value == [] or value == "":
        return cat("words.none")
    if isinstance(value, bool):
        return cat("diff.yes") if value else cat("diff.no")
    if field in _GROUPS:
        return cat.group(str(value))
    if field in _GROUP_LISTS and isinstance(value, list):
        return cat.join([cat.group(str(v)) for v in value])
    if field == "type":
        return cat.type(str(value))
    if field == "count":
        return _number(value, cat)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if field in ("label", "label_en", "quote", "title"):
        return in_quotes(value, cat.lang)
    return str(value)


def _statements(statements: dict, cat: Catalog, limit: int) -> Section:
    """The statements the other sections do not compare, triple by triple."""
    items: list[Text] = []
    for part in ("removed", "added"):
        for row in statements[part]:
            statement = " ".join((row["subject"], row["predicate"], row["object"]))
            # N-Triples, as written: code, not prose escaped for HTML
            items.append(fill(cat.template(f"diff.statement_{part}"), statement=Code(statement)))
    shown = items[:limit]
    if len(items) > limit:
        shown.append([cat("diff.more", n=cat.number(len(items) - limit))])
    blocks = [Paragraph([cat("diff.statements_intro")]), Bullets(shown)]
    return Section("diff-statements", cat("diff.statements"), blocks)


def committee_cells(cat: Catalog, row: dict) -> list[str]:
    """A committee's row of the diff in words: its name (and the one version it is in, and
    the bodies it replaces or was replaced by where those changed, old → new), its status
    and named partners from old to new, its gaps opened and closed."""
    name = cat.named(row)
    if row["only"]:
        name += f" ({cat('diff.only_' + row['only'])})"
    for key in LINEAGE:
        if lineage_changed(row, key):
            old, new = (
                cat.join([cat.named(r) for r in side]) or cat("words.none") for side in row[key]
            )
            name += f" ({cat('diff.fields.' + key)}: {old} → {new})"
    return [
        name,
        " → ".join(cat.status(s) for s in row["status"]),
        " → ".join(cat.number(n) for n in row["partners"]),
        _groups_of(cat, row["gaps_opened"]),
        _groups_of(cat, row["gaps_closed"]),
    ]


def _groups_of(cat: Catalog, groups: list[str]) -> str:
    return cat.groups(groups) or cat("words.none")


def _partner_names(cat: Catalog, partners: list[dict], limit: int) -> str:
    names = [f"{cat.named(p)} ({cat.group(p['group'])})" for p in partners]
    return _names(cat, names, limit)


def _names(cat: Catalog, names: list[str], limit: int) -> str:
    """``names`` joined, the first ``limit`` of them and "and n more" (none: "—")."""
    if len(names) <= max(limit, 1):
        return cat.join(names) or cat("words.none")
    more = cat("diff.more_names", n=cat.number(len(names) - limit))
    return f"{', '.join(names[:limit])} {more}" if limit else more
