"""What the report writes in words, checked on the bundled data: what a stated count counts,
the top broker's headline, the glossary's ranges, names paired with their other-language
name, and notes given as message keys (report.json stays the same in either language)."""

from __future__ import annotations

import copy

import pytest

from kg.analysis.pipeline import analyse
from kg.io.source import Source
from kg.report.build import build_report
from kg.report.compose import report_document
from kg.report.document import Section, plain
from kg.report.i18n import LANGUAGES, catalog


@pytest.fixture(scope="module")
def report(bundled_source: Source) -> dict:
    return build_report(analyse(bundled_source.facts()), triples=bundled_source.triples())


def _section(report: dict, lang: str, name: str) -> Section:
    return next(s for s in report_document(report, lang).sections if s.id == name)


def _text(section: Section) -> str:
    """A section's text without markup, a line per paragraph, item, row or entry."""
    lines = []
    for block in section.blocks:
        for field in ("text", "items", "rows", "entries"):
            found = getattr(block, field, None)
            if found is None:
                continue
            if field == "text":
                lines.append(plain(found))
            elif field == "rows":
                lines += [" | ".join(plain(cell) for cell in row) for row in found]
            elif field == "entries":
                lines += [plain(entry[-1]) for entry in found]
            else:
                lines += [plain(item) for item in found]
    return "\n".join(lines)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_stated_count_says_what_it_counts_when_its_description_is_empty(report: dict, lang: str):
    """The description (en, sv) is optional: without it the appendix names the class counted,
    in the plural after a number other than 1, never an empty "…: —"."""
    blank = copy.deepcopy(report)
    counts = [
        (sector, item)
        for row in blank["gaps"]
        for sector, items in row["unnamed"].items()
        for item in items
        if "count" in item
    ]
    assert counts
    for _, item in counts:
        item["label"] = item["label_sv"] = ""
    cat = catalog(lang)
    appendix = _text(_section(blank, lang, "appendix"))
    for sector, item in counts:
        said = cat(
            "appendix.unnamed_count",
            count=cat.number(item["count"]),
            group=cat.group(sector),
            label=cat.type(item["counted_class"], item["count"]),
        )
        assert said + " — " in appendix


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_top_broker_headline_names_an_organisation_that_bridges_groups(report: dict, lang: str):
    cat = catalog(lang)
    broker = report["findings"]["top_broker"]
    assert broker is not None and broker["sectors_spanned"] >= 2
    assert broker == next(b for b in report["brokers"] if b["sectors_spanned"] >= 2)
    said = cat.template("findings.top_broker", broker["partners"]).format(
        name=cat.name(broker["label"], broker.get("label_en")),
        partners=cat.plural("count.partners", broker["partners"]),
        groups=cat.plural("count.partner_groups", broker["sectors_spanned"]),
    )
    assert said in _text(_section(report, lang, "findings"))


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_hole_at_a_group_of_one_organisation_is_said_to_be_that_organisations(
    report: dict, lang: str
):
    """Academia is Malmö högskola alone in the bundled data, and it meets business and public
    agencies in no collaboration: the headlines say the holes are that one organisation's.
    A group of two or more organisations gets no such sentence."""
    from kg.report.build import findings

    summary = report["summary"]
    sole = summary["sole_organisations"]
    assert {g for g, n in summary["organisations_by_group"].items() if n == 1} == set(sole)
    assert sole["academia"]["label"] == "Malmö högskola"
    assert [s["group"] for s in report["findings"]["sole_in_holes"]] == ["academia"]
    cat = catalog(lang)
    said = cat("findings.sole_organisation", group=cat.group("academia").capitalize(),
               name=cat.name("Malmö högskola", sole["academia"]["label_en"]))  # fmt: skip
    assert said in _text(_section(report, lang, "findings")).splitlines()

    wider = copy.deepcopy(report)
    del wider["summary"]["sole_organisations"]["academia"]
    wider["findings"] = findings(wider)
    assert wider["findings"]["sole_in_holes"] == []
    assert said not in _text(_section(wider, lang, "findings"))

    # with no link to another group (a year it takes part in nothing), it says so
    alone = copy.deepcopy(report)
    for hole in alone["sector_holes"]:
        if "academia" in hole["sectors"]:
            hole["links"] = 0
    alone["findings"] = findings(alone)
    lines = _text(_section(alone, lang, "findings")).splitlines()
    unlinked = cat("findings.sole_organisation_unlinked", group=cat.group("academia").capitalize(),
                   name=cat.name("Malmö högskola", sole["academia"]["label_en"]))  # fmt: skip
    assert unlinked in lines and said not in lines


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_top_broker_headline_when_no_organisation_bridges_two_groups(report: dict, lang: str):
    """A year's view where every organisation has partners of one group only (as a city's
    first year may be): no headline, rather than "its 1 partner come from 1 … groups"."""
    from kg.report.build import findings

    narrow = copy.deepcopy(report)
    for row in narrow["brokers"]:
        row.update(partners=1, sectors_spanned=1)
    narrow["findings"] = findings(narrow)
    assert narrow["findings"]["top_broker"] is None
    text = _text(_section(narrow, lang, "findings"))
    assert "#brokers" not in str(_section(narrow, lang, "findings").blocks)
    for broker in narrow["brokers"]:
        assert catalog(lang).name(broker["label"], broker.get("label_en")) not in text


def test_the_plural_forms_of_the_broker_headline():
    en, sv = catalog("en"), catalog("sv")
    assert en.plural("count.partner_groups", 1) == "1 partner group"
    assert en.plural("count.partner_groups", 3) == "3 different partner groups"
    assert sv.plural("count.partner_groups", 1) == "1 partnergrupp"
    assert sv.plural("count.partner_groups", 3) == "3 olika partnergrupper"
    assert "comes from" in en.template("findings.top_broker", 1)
    assert "come from" in en.template("findings.top_broker", 4)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_glossary_gives_constraint_the_range_the_report_prints(
    bundled_source: Source, lang: str
):
    """Burt's constraint exceeds 1 for a few partners who all work together (1.125 for two
    partners of each other): the glossary must not say 0–1 when the brokers table prints
    more (the bundled data has one above 1)."""
    cat = catalog(lang)
    term, sentence = cat.entry("glossary.constraint")
    assert "0–1" not in sentence
    assert cat.number(1.125, 3) in sentence
    assert term and any(b["constraint"] > 1 for b in analyse(bundled_source.facts()).brokers)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_name_and_its_other_language_name_are_each_written_once(report: dict, lang: str):
    """NAD and UMIS carry their abbreviation in both languages: the report names each once
    with its words ("NAD (Network Activity Participation)"), never "NAD (…) (NAD (…))"."""
    from kg.report.markdown import render_markdown

    text = render_markdown(report, lang)
    names = {
        "en": ["NAD (Network Activity Participation)", "UMIS (Young People Meet in Sofielund)"],
        "sv": ["NAD (Nätverk Aktivitet Delaktighet)", "UMIS (Unga Möts i Sofielund)"],
    }[lang]
    for name in names:
        assert name in text
        assert f"{name} (" not in text, name
    assert "(NAD (" not in text and "(UMIS (" not in text


@pytest.mark.slow
def test_report_json_gives_suggestion_notes_as_keys_the_document_words(bundled_report):
    """report.json is data in no language: a note is a key of the catalogs' [suggestions]
    with its values, and each language's document words it (kg suggest keeps its English
    sentence, which the CLI prints)."""
    import json

    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    written = {}
    for lang in LANGUAGES:
        target, _ = bundled_report(*(["--lang", "sv"] if lang == "sv" else []))
        written[lang] = (
            (target / "report.json").read_text("utf-8"),
            (target / "report.md").read_text("utf-8"),
        )
    assert written["en"][0] == written["sv"][0]
    report = json.loads(written["sv"][0])
    notes = [s["note"] for s in report["suggestions"] if s["note"]]
    notes += [g["note"] for s in report["suggestions"] for g in s["groups"] if g["note"]]
    assert notes and "The sources describe" not in written["sv"][0]
    for note in notes:
        assert set(note) == {"key", "values"}
        for lang in LANGUAGES:
            cat = catalog(lang)
            said = cat(f"suggestions.{note['key']}", **note["values"])
            assert said in written[lang][1], (lang, note)
    assert "without any collaboration" in runner.invoke(app, ["suggest", "valnämnden"]).stderr


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_unconnected_community_pairs_are_named(report: dict, lang: str):
    """ "2 pairs of communities have no link at all" names them: each community by its number
    and its members with the most partners, as the communities section names it."""
    from kg.report.network_sections import community_name

    cat = catalog(lang)
    holes = report["community_holes"]
    assert holes["unconnected_pairs"] == len(holes["unconnected"]) > 0
    named = {c["community"]: community_name(cat, c) for c in report["communities"]}
    pairs = {
        (a["community"], b["community"])
        for a in report["communities"]
        for b in report["communities"]
        if a["community"] < b["community"]
    }
    assert {tuple(p) for p in holes["unconnected"]} <= pairs
    text = _text(_section(report, lang, "holes"))
    assert cat.plural("holes.communities_unlinked", holes["unconnected_pairs"]) in text
    for a, b in holes["unconnected"]:
        assert cat("findings.pair", a=named[a], b=named[b]) in text.splitlines()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_appendix_says_what_an_unnamed_public_partner_counts_towards(report: dict, lang: str):
    """Every line of the appendix begins with a capital or a number; a party the sources
    place only in the public sector is said to count towards neither public group (it
    reaches no group of its own, so a committee may lack public agencies beside it)."""
    from kg.report.markdown import render_markdown

    markdown = render_markdown(report, lang=lang)
    appendix = markdown[markdown.index(catalog(lang)("heading.appendix")) :]
    bullets = [line[2:] for line in appendix.splitlines() if line.startswith("- ")]
    assert bullets and all(b[0].isupper() or b[0].isdigit() or b[0] in "*[" for b in bullets)
    public = [b for b in bullets if catalog(lang).group("public") in b.split(":")[0]]
    neither = {"en": "they count towards neither group", "sv": "räknas inte till någon"}[lang]
    assert public and all(neither in b for b in public)
    named_or_not = {"en": "named or not", "sv": "namngivna eller inte"}[lang]
    assert named_or_not in markdown


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_brokers_listed_are_those_that_broker_and_none_is_said_so(report: dict, lang: str):
    """The report's brokers are the glossary's: partners of two groups or more, some of them
    not partners themselves; where no organisation brokers, the section says so, rather than
    listing organisations that broker nothing as the strongest."""
    from kg.analysis.brokerage import bridges

    assert report["brokers"] and all(bridges(b) for b in report["brokers"])
    narrow = copy.deepcopy(report)
    narrow["brokers"] = []
    text = _text(_section(narrow, lang, "brokers"))
    assert catalog(lang)("brokers.none") in text


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_printed_page_names_the_report_and_its_page_number(report: dict, lang: str):
    """A page printed from report.html, read on its own, says which report it is from and
    which page it is (CSS page margin boxes, which Chromium prints)."""
    from kg.report.html import css_string, render_html

    document = report_document(report, lang)
    html = render_html(document, {name: "<svg></svg>" for name in ("heatmap", "partners", "links")})
    assert 'content: counter(page) " / " counter(pages)' in html
    assert f"@bottom-left {{ content: {css_string(document.title)}; }}" in html
    assert "Malmö" in css_string(document.title)


@pytest.mark.parametrize(
    ("lang", "heading", "flat"),
    [
        (
            "sv",
            "Kulturnämnden (Culture Committee) — källorna nämner ingen partner till den inom "
            "idéburen sektor, näringsliv och offentliga aktörer utanför kommunen.",
            ("saknar partner i", "saknar partner inom", "helt saknar partner"),
        ),
        (
            "en",
            "Culture Committee (Kulturnämnden) — the sources mention no partner of it in civil "
            "society, business and public agencies.",
            ("Committee) lacks ", "only committee has no partner"),
        ),
    ],
)
def test_a_gap_is_worded_as_what_the_sources_name_not_as_a_lack(
    report: dict, lang: str, heading: str, flat: tuple[str, ...]
):
    """The report's own advice ("write 'the sources name no partner in business for the
    committee', not 'the committee lacks partners in business'") holds for its own words:
    an association reading its committee's gap is told what the sources name, never that the
    committee has no civil-society partner."""
    from kg.report.markdown import render_markdown

    text = render_markdown(report, lang)
    assert f"### {heading}" in text
    for words in flat:
        advice = [line for line in text.splitlines() if words in line and "”" not in line]
        assert not advice, (words, advice[:2])


@pytest.mark.parametrize(
    ("lang", "flat", "said"),
    [
        ("sv", ("(saknar ", "saknar flest"), "(källorna nämner ingen partner inom "),
        ("en", ("(lacks ", "lacking the most"), "(the sources mention no partner in "),
    ],
)
def test_the_widest_gaps_finding_says_what_the_sources_name(
    report: dict, lang: str, flat: tuple[str, ...], said: str
):
    """The headline finding on the widest gaps named a committee as lacking groups, against
    the report's own advice a few lines further on."""
    findings = _text(_section(report, lang, "findings"))
    assert said in findings
    assert not [words for words in flat if words in findings], findings


@pytest.mark.parametrize(
    ("lang", "term", "said"),
    [
        ("sv", "IOP (idéburet offentligt partnerskap)", "IOP per nämnd"),
        ("en", "IOP (civic–public partnership)", "iops-per-committee"),
    ],
)
def test_the_glossary_says_what_an_iop_is_and_where_to_find_them(
    report: dict, lang: str, term: str, said: str
):
    """The report speaks of IOPs ("six IOPs with associations"); an association reading it
    finds the word in the glossary, with where kg shows IOPs as IOPs."""
    glossary = _section(report, lang, "glossary")
    entries = [e for b in glossary.blocks for e in getattr(b, "entries", None) or []]
    found = [e for e in entries if e[0] == "g-iop"]
    assert found, [e[0] for e in entries]
    assert plain(found[0][1]) == term
    assert said in plain(found[0][-1])


@pytest.mark.slow
def test_an_iop_whose_name_does_not_say_so_is_marked_iop_in_the_appendix(tmp_path):
    """The bundled IOP's descriptive name starts with "IOP"; one named otherwise (as a city's
    spreadsheet may name it) still reads as an IOP under its committee, not as any
    collaboration."""
    import shutil

    from typer.testing import CliRunner

    from kg.cli import app
    from kg.paths import data_dir

    data = tmp_path / "data"
    shutil.copytree(data_dir(), data, ignore=shutil.ignore_patterns("sources"))
    path = data / "committees" / "sociala-resursnamnden.ttl"
    text = path.read_text("utf-8")
    named = '"IOP med Refugees Welcome Sweden"@sv , "IOP with Refugees Welcome Sweden"@en'
    assert named in text
    path.write_text(text.replace(named, '"Boende med Refugees Welcome Sweden"@sv'), "utf-8")
    out = tmp_path / "rapport"
    args = ["report", "--no-bundled", "--data", str(data), "--lang", "sv", "-o", str(out), "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    md = (out / "report.md").read_text("utf-8")
    assert "— genom Boende med Refugees Welcome Sweden (IOP) —" in md
    assert "genom IOP med Refugees Welcome Sweden (IOP)" not in md


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_data_section_puts_no_bracket_right_after_another(report: dict, lang: str):
    """The Swedish "6 247 påståenden (tripplar) (inklusive ontologins egna)" read as two asides;
    the data section says what it counted with one bracket at a time."""
    text = _text(_section(report, lang, "data"))
    assert ") (" not in text, text
    assert {"en": "the ontology's own included", "sv": "ontologins egna medräknade"}[lang] in text


def test_the_english_gaps_say_the_sources_mention_no_partner_as_its_advice_does(report: dict):
    """A gap is a group in which the sources mention no partner, named or not: a group marked
    + is none. The English said "the sources name no partner of it in …", true as well of a
    + group the gap leaves out (a committee whose partners in a group are all unnamed), and its
    "how to read" called a gap "a committee with no partner", against its own advice a line
    further on ("write 'the sources mention no …'"); the Swedish says "nämner" throughout."""
    from kg.report.markdown import render_markdown

    text = render_markdown(report, "en")
    row = next(
        row
        for row in report["gaps"]
        if row["missing_sectors"]
        and any(
            row["by_sector"][group] == 0 and group not in row["missing_sectors"]
            for group in row["unnamed_sectors"]
            if group in row["by_sector"]
        )
    )
    heading = next(
        line
        for line in text.splitlines()
        if line.startswith(f"### {row['label_en']} (") and " — the sources " in line
    )
    assert " — the sources mention no partner of it in " in heading, heading
    for said in ("the sources name no partner of it in", "the sources name no partner in "):
        assert said not in text, said
    assert "a committee with no partner in one of them has a gap" not in text
    assert "a committee for which the sources mention no partner in one of them has a gap" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_how_to_read_says_a_general_list_of_partner_kinds_fills_no_gap(report: dict, lang: str):
    """Stadsbyggnadsnämnden's source lists "kommuner och statliga myndigheter" among the kinds
    of partners its office works with (doc-004 p. 26) but describes no collaboration with one:
    the report shows a gap in public agencies and quotes that list as evidence, so its "How to
    read" says such a list fills no gap (a reader checking the quote would find it otherwise)."""
    row = next(r for r in report["gaps"] if r["label"] == "Stadsbyggnadsnämnden")
    quotes = [e["quote"] for p in row["partner_list"] for e in p["evidence"]]
    assert "agencies" in row["missing_sectors"]
    assert any("kommuner och statliga myndigheter" in q for q in quotes)
    box = next(
        b for b in _section(report, lang, "findings").blocks if getattr(b, "kind", "") == "box"
    )
    said = [plain(item) for item in box.items]
    assert catalog(lang)("read.general") in said
    assert (
        said.index(catalog(lang)("read.general")) == said.index(catalog(lang)("read.not_proof")) + 1
    )


def _strings(table: object) -> list[str]:
    if isinstance(table, dict):
        return [text for value in table.values() for text in _strings(value)]
    return [table] if isinstance(table, str) else []


def test_the_reports_own_wording_quotes_no_source_text():
    """The catalogs' sentences are every city's: an example in them is no quotation of one
    city's source (six words in a row of the bundled sources'), which another city's report
    would show as its own."""
    import re
    import tomllib
    from pathlib import Path

    import kg.report.i18n

    sources = Path(__file__).resolve().parents[1] / "data" / "sources"
    said = " ".join(
        re.findall(r"\w+", " ".join(p.read_text("utf-8") for p in sources.glob("*.txt")).lower())
    )
    folder = Path(kg.report.i18n.__file__).parent
    for lang in LANGUAGES:
        table = tomllib.loads((folder / f"{lang}.toml").read_text("utf-8"))
        for text in _strings(table):
            words = re.findall(r"\w+", re.sub(r"\{[^}]*\}", " ", text).lower())
            for start in range(len(words) - 5):
                run = " ".join(words[start : start + 6])
                assert f" {run} " not in f" {said} ", (lang, run, text)
