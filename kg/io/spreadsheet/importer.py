"""Read a spreadsheet into a graph: every sheet, in the order their references need."""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Graph

import kg.io.spreadsheet.links as links
import kg.io.spreadsheet.things as things
from kg.errors import KgWarning
from kg.io.datafolder import BASE, Settings, read_settings, settings_for, usable_base
from kg.io.given import PathText
from kg.io.spreadsheet.build import Builder
from kg.io.spreadsheet.cells import city_base, split
from kg.io.spreadsheet.columns import sheet_named
from kg.io.spreadsheet.mistakes import Mistakes
from kg.io.spreadsheet.tables import Row, Table, read_tables, workbook_lang
from kg.io.spreadsheet.vocab import fold
from kg.io.texts import normalise, source_folders

#: Given a graph, the shapes' violations in it: (node as kg prints it, path, message, and
#: the message in Swedish or "").
Check = Callable[[Graph], Iterable[tuple[str, str, str, str]]]


def build_all(b: Builder) -> None:
    """Turn every row into triples: named things first, so that links can find them."""
    for row in b.rows("documents"):
        things.document(b, row)
    named = (
        ("actors", "actor", things.actor_name),
        ("collaborations", "collaboration", things.collaboration_name),
        ("areas", "area", things.area_name),
    )
    for sheet, kind, name in named:
        for row in b.rows(sheet):
            cls, made = name(b, row)
            b.register(kind, b.iri(row, made), cls, row)
    for row in b.rows("areas"):
        if row.get("code") and row in b.of_row:
            b.alias("area", row.get("code"), b.of_row[row])
    for sheet, kind, _ in named:
        for row in b.rows(sheet):
            if row in b.of_row:
                b.other_names(kind, b.of_row[row])
    for row in b.rows("other"):
        links.other_subject(b, row)
    for row in b.rows("actors"):
        things.actor(b, row)
    for row in b.rows("collaborations"):
        things.collaboration(b, row)
    for row in b.rows("areas"):
        things.area(b, row)
    counted = [(row, things.count_name(b, row)) for row in b.rows("counts")]
    for row, thing in counted:
        if thing is not None:
            things.count(b, row, thing)
    for row in b.rows("parties"):
        links.party(b, row)
    for row in b.rows("evidence"):
        links.evidence(b, row)
    for row in b.rows("other"):
        links.other(b, row)


def import_spreadsheet(
    path: Path | str,
    *,
    sources: PathText | Iterable[PathText] = (),
    city: str | None = None,
    base: str | None = None,
    check: Check | None = None,
) -> Graph:
    """The facts of a spreadsheet (``.xlsx``, a folder of CSV files or a ``.zip`` of them).

    Quotes are checked against the source texts in ``sources``, then in the folder the
    spreadsheet's ``kg.toml`` names, then among the bundled texts. The IRIs are made under
    ``base``: given, else the spreadsheet's (sheet about), else that of ``city`` (given, in
    sheet about, or in ``kg.toml``). Every mistake is collected; if there is any,
    :class:`SpreadsheetError` lists them all (the sheets' own first: a file that cannot be
    read, an unknown heading; then the cells'). When the cells are right, ``check`` (given
    the graph, the violations of the shapes: :func:`kg.validation.sheets.shape_violations`)
    finds what breaks the shapes, and each violation is a mistake on the row that made it.
    What may be a mistake though it breaks no rule is a :class:`~kg.errors.KgWarning`: a CSV
    file read as Windows-1252, a city named otherwise than in ``kg.toml``, an abbreviation
    given a row of its own.
    """
    path = Path(path)
    mistakes = Mistakes()
    settings = settings_for([path], sources)
    tables = read_tables(path, mistakes)
    mistakes.lang = workbook_lang(tables) if tables else None
    # a sheet that cannot be read (not UTF-8, an unknown heading, a value without one) would
    # make every row that names its rows a mistake too: those come once the sheets read right
    mistakes.raise_if_any(path)
    about = _about(tables, mistakes)
    city = city or about.get("city") or settings.city
    if base is not None and not usable_base(base):  # the sheet's and kg.toml's: where read
        mistakes.add(f"base '{base}' is not an IRI to make the data's IRIs under", BASE, file=path)
        mistakes.raise_if_any(path)
    base = base or about.get("base") or settings.base or (city_base(city) if city else None)
    if base is not None:
        _note_two_cities(tables, about.get("city"), settings, base)
    if base is None:
        mistakes.add(
            "which city is the data for?", _where_the_city_goes(tables, mistakes.lang), file=path
        )
        base = "urn:kg:unknown/"
    builder = Builder(tables, base, list(source_folders(settings.sources)), mistakes)
    build_all(builder)
    mistakes.raise_if_any(path)
    _note_one_organisation_in_two_rows(builder)
    _note_one_name_in_two_forms(builder)
    if check is not None:
        from kg.io.spreadsheet.conformance import shape_mistakes

        shape_mistakes(builder, check(builder.graph))
        mistakes.raise_if_any(path)
    return builder.graph


def _note_one_organisation_in_two_rows(builder: Builder) -> None:
    """A :class:`~kg.errors.KgWarning` for an actor row named by an abbreviation whose quote
    is other actor rows' and names them but not it ("EKU" beside "Ekstads universitet", given
    its quote): two organisations in the graph where the city likely meant one."""

    def names(row: Row) -> list[str]:
        found = [row.get("name_sv"), row.get("name_en")]
        return [n for n in found + split(row.get("other_sv") or "") if n]

    by_quote: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
    for thing in builder.things.values():
        row = thing.row
        if thing.kind == "actor" and row is not None and row.get("quote"):
            quoted = (row.get("document"), row.get("page"), normalise(row.get("quote")))
            by_quote[quoted].append(row)
    for (_, _, quote), rows in by_quote.items():
        text = quote.casefold()
        named = [r for r in rows if any(normalise(n).casefold() in text for n in names(r))]
        for row in rows if named else []:
            if row in named or not _abbreviation(row.get("name_sv")):
                continue  # a full name can be named otherwise ("Grundskole- och …")
            at = row.where("name_sv")
            rows_named = ", ".join(f"'{r.get('name_sv')}' ({r.number})" for r in named)
            warnings.warn(
                f"{at['file']}, sheet {at['sheet']}, row {at['row']}, column {at['column']}: "
                f"'{row.get('name_sv')}' has the quote of the rows {rows_named}, which names "
                "them but not this: if it is one of those organisations, write this name as "
                "that row's other name and delete this row",
                KgWarning,
                stacklevel=4,
            )


def _note_one_name_in_two_forms(builder: Builder) -> None:
    """A :class:`~kg.errors.KgWarning` for two actor rows whose Swedish names differ only by
    a definite ending ("Kultur- och fritidsnämnd" and "Kultur- och fritidsnämnden"): one
    committee written two ways, which becomes two organisations with half the partners each."""
    rows = [t.row for t in builder.things.values() if t.kind == "actor" and t.row is not None]
    by_name = {fold(row.get("name_sv")): row for row in rows if row.get("name_sv")}
    for name, row in by_name.items():
        for ending in ("en", "n", "et", "t"):
            other = by_name.get(name + ending)
            if other is None:
                continue
            short, long, at = row.get("name_sv"), other.get("name_sv"), row.where("name_sv")
            warnings.warn(  # both rows are on sheet actors
                f"{at['file']}, sheet {at['sheet']}, row {at['row']}, column {at['column']}: "
                f"'{short}' and '{long}' (row {other.number}) differ only in their ending, so "
                "they are two organisations: if they are one, keep one row, write the other name "
                "as its other name, and name that row alike on every sheet",
                KgWarning,
                stacklevel=4,
            )


def _abbreviation(name: str) -> bool:
    """Whether a name looks like an abbreviation: capitals (and digits), at most eight.

    >>> _abbreviation("EKU"), _abbreviation("MKB"), _abbreviation("Grundskoleförvaltningen")
    (True, True, False)
    """
    letters = name.replace(" ", "")
    return 0 < len(letters) <= 8 and letters.isupper() and letters.isalnum()


def _note_two_cities(
    tables: list[Table], workbook: str | None, folder: Settings, base: str
) -> None:
    """A :class:`~kg.errors.KgWarning` where the workbook's sheet about and its data folder's
    kg.toml name two cities (a misspelling, or a workbook copied from another city's), whatever
    base the IRIs are made under: naming the cell, the kg.toml and that base."""
    if not (workbook and folder.city) or city_base(workbook) == city_base(folder.city):
        return
    row = next(
        r for t in tables if t.sheet.key == "about" for r in t.rows if r.get("value") == workbook
    )
    where = row.where("value")
    toml = next((f for f in folder.files if read_settings(f).get("city") == folder.city), None)
    warnings.warn(
        f"{where['file']}, sheet {where['sheet']}, row {where['row']}, column {where['column']}: "
        f"the workbook names the city '{workbook}', but its data folder's kg.toml ({toml}) "
        f"names '{folder.city}': the IRIs are made under the namespace {base}; write the "
        "city's name alike in both",
        KgWarning,
        stacklevel=3,
    )


def _where_the_city_goes(tables: list[Table], lang: str | None) -> str:
    """Where to name the city, in the workbook's words (sheet om, nyckel stad): in its sheet
    about, which a workbook without one is told to add, as kg init's template has it."""
    lang = lang or "en"
    about, city = sheet_named("about"), "stad" if lang == "sv" else "city"
    sheet, key = about.name(lang), about.column("key").header(lang)  # type: ignore[union-attr]
    if any(t.sheet.key == "about" for t in tables):
        return f"write its name in sheet {sheet} ({key} {city}), in kg.toml, or give --city"
    value = about.column("value").header(lang)  # type: ignore[union-attr]
    return (
        f"the spreadsheet has no sheet {sheet}: add it, as the spreadsheet kg init writes has "
        f"it (in a folder of CSV files, the file {sheet}.csv), with the headers {key} and "
        f"{value} and a row of {city} and the city's name; or write the city in kg.toml, or "
        "give --city"
    )


def _about(tables: list[Table], mistakes: Mistakes) -> dict[str, str]:
    keys = {"city": "city", "stad": "city", "kommun": "city", "base": "base", "bas": "base"}
    found: dict[str, str] = {}
    for table in tables:
        if table.sheet.key != "about":
            continue
        for row in table.rows:
            key = keys.get(fold(row.get("key")))
            if key is None:
                mistakes.add(
                    f"unknown key '{row.get('key')}'",
                    "write city (stad) or base (bas)",
                    **row.where("key"),
                )
            elif key == "base" and row.get("value") and not usable_base(row.get("value")):
                what = f"base '{row.get('value')}' is not an IRI to make the data's IRIs under"
                mistakes.add(what, BASE, **row.where("value"))
            elif row.get("value"):
                found[key] = row.get("value")
    return found
