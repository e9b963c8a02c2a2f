"""One story on every surface: the report, `kg gaps --sector`, the library query and the map
agree on every committee's partners and on the groups it lacks, in the same words."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from helpers import surfaces
from typer.testing import CliRunner

from kg.analysis.gaps import committee_gaps, widest_gaps
from kg.analysis.pipeline import analyse
from kg.cli import app
from kg.io.source import Source
from kg.model import vocab as v
from kg.model.sectors import vocabulary
from kg.report.build import build_report
from kg.report.markdown import render_markdown
from kg.sparql.engine import run
from kg.sparql.library import find
from kg.sparql.params import to_term
from kg.web.map import render_map

synthetic, source = surfaces.synthetic, surfaces.source  # the sources, as fixtures
#: Each check runs once per link, committee or partner and is not about size: the synthetic
#: graph's 200 actors have every kind of actor, unit and partner group its 400 have.
SYNTHETIC_ACTORS = 200

runner = CliRunner()
WORDS = vocabulary()
SECTORS = [*WORDS.names, WORDS.public.name]


def _cli(source: Source, *args: str) -> list:
    options = ["--no-bundled"] if not source.bundled else []
    for path in source.data:
        options += ["--data", str(path)]
    if source.store is not None:
        options += ["--store", str(source.store)]
    if source.year is not None:
        options += ["--year", str(source.year)]
    result = runner.invoke(app, [*args, *options, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.slow
def test_every_surface_agrees_on_what_each_committee_lacks(source: Source):
    analysis = analyse(source.facts())
    report = build_report(analysis, triples=source.triples())
    committees = {row["committee"] for row in report["gaps"]}
    assert committees
    for sector in SECTORS:
        in_report = {r["committee"] for r in report["gaps"] if sector in r["no_partner_in"]}
        with_gaps = {r["committee"] for r in _cli(source, "gaps", "--sector", sector)}
        queried = {
            row["committee"].value
            for row in run(source, "committees-lacking-sector", {"sector": sector})
        }
        assert in_report == with_gaps == queried, sector
        if sector in WORDS.gap_groups:
            missing = {r["committee"] for r in report["gaps"] if sector in r["missing_sectors"]}
            assert missing == in_report, sector


@pytest.mark.slow
def test_kg_gaps_gives_the_same_groups_under_the_same_key_in_every_format():
    import csv
    import io

    rows = json.loads(runner.invoke(app, ["gaps", "-f", "json"]).stdout)
    listed = csv.DictReader(io.StringIO(runner.invoke(app, ["gaps", "-f", "csv"]).stdout))
    by_committee = {row["committee"]: row for row in listed}
    assert set(by_committee) == {row["committee"] for row in rows}
    assert [row["committee"] for row in rows] == list(by_committee)  # one order: widest first
    for row in rows:
        shown = by_committee[row["committee"]]
        assert "no_partner_in" not in shown  # in JSON it also holds city and public
        assert shown["missing_sectors"] == "; ".join(row["missing_sectors"]), row["label"]
        assert shown["unnamed_sectors"] == "; ".join(row["unnamed_sectors"]), row["label"]
        assert shown["status"] == row["status"], row["label"]
        for group, count in row["by_sector"].items():  # a column per group, as in kg.frames
            assert shown[group] == str(count), (row["label"], group)
    # the table for people words the groups as the report's gaps table does: its "lacks"
    # column is the four groups of missing_sectors, never city or public
    from kg.report.i18n import catalog

    en = catalog("en")
    table = " ".join(runner.invoke(app, ["gaps"]).stdout.split())
    for row in rows:
        lacks = en.join([en.group(g) for g in row["missing_sectors"]]) or en("words.none")
        assert re.search(rf"lacks {re.escape(lacks)} (committee|\+:)", table), row["label"]


@pytest.mark.slow
def test_every_surface_agrees_on_each_committees_partners(source: Source):
    analysis = analyse(source.facts())
    report = build_report(analysis, triples=source.triples())
    page = render_map(analysis)
    drawn = {n["id"]: n for n in page.nodes}
    links = {n: 0 for n in drawn}
    for edge in page.edges:
        links[edge["from"]] += 1
        links[edge["to"]] += 1
    lacking = {n for n, node in drawn.items() if node.get("lacking")}
    for row in report["gaps"]:
        committee = row["committee"]
        partners = {p["iri"] for p in row["partner_list"]}
        rows = list(run(source, "committee-partners", {"committee": committee}))
        queried = {r["partner"].value for r in rows}
        assert len(partners) == row["partners"] == drawn[committee]["partners"], row["label"]
        assert partners == queried == set(analysis.network[committee]), row["label"]
        # and on the collaborations of each partner: those the link counts (a whole both
        # share left to its part), in the report, the library query and the map's links
        for p in row["partner_list"]:
            listed = [c["iri"] for c in p["collaborations"]]
            in_query = {r["collaboration"].value for r in rows if r["partner"].value == p["iri"]}
            link = analysis.network.edges[committee, p["iri"]]
            assert listed == link["collaborations"], (row["label"], p["label"])
            assert set(listed) == in_query and len(listed) == link["weight"], p["label"]
        if len(drawn) == analysis.network.number_of_nodes():  # the whole network is drawn
            assert links[committee] == row["partners"], row["label"]
        no_partner = row["status"] in ("no-partner", "absent")
        assert (committee in lacking) == no_partner, row["label"]


def test_the_cli_help_lists_the_vocabulary():
    for command in ("gaps", "suggest", "centrality"):
        for lang in ("en", "sv"):
            said = runner.invoke(app, [command, "--help", "--lang", lang]).output
            text = " ".join(said.split())
            assert WORDS.spelled(lang) in text and "{groups}" not in text, (command, lang)
            for name in (*WORDS.names, WORDS.public.name):
                assert re.search(rf"\b{name}\b", text), (command, name)


def test_every_text_that_lists_the_groups_follows_the_vocabulary(monkeypatch, tmp_path):
    """The help of --sector, a query parameter's hint and the CSVW column's description name
    the groups the vocabulary has: a group added to the ontology is named in each."""
    import dataclasses

    from kg.model import sectors
    from kg.model.sectors import Concept
    from kg.report.csvw import described
    from kg.sparql.params import ParameterError

    labels = {"en": "regions", "sv": "regioner"}
    added = Concept("regions", "https://example.org/Regions", labels, frozenset({"regions"}))
    grown = dataclasses.replace(WORDS, groups=(*WORDS.groups, added))
    monkeypatch.setattr(sectors, "vocabulary", lambda: grown)
    for lang, said in (("en", "or regions;"), ("sv", "eller regions (regioner);")):
        text = " ".join(runner.invoke(app, ["gaps", "--help", "--lang", lang]).output.split())
        assert f"city ({WORDS.group('city').label(lang)}) {said}" in text, text
    assert "or regions;" in " ".join(runner.invoke(app, ["suggest", "--help"]).output.split())
    with pytest.raises(ParameterError) as caught:
        to_term("nowhere", "group", name="sector")
    assert "civil, academia, business, agencies, city, regions (public" in caught.value.hint
    assert described("sector").endswith("agencies, city or regions")


def test_the_query_headers_use_the_vocabulary():
    header = find("committees-lacking-sector").params[0].description
    for name in (*WORDS.names, WORDS.public.name):
        assert name in header


@pytest.mark.slow
def test_report_headings_and_map_legend_use_the_vocabulary(bundled_source):
    analysis = analyse(bundled_source.facts())
    markdown = render_markdown(build_report(analysis, triples=bundled_source.triples()))
    header = next(line for line in markdown.splitlines() if line.startswith("| committee |"))
    assert [g.label("en") for g in WORDS.groups] == header.split(" | ")[3:-1]
    page = render_map(analysis)
    legend = re.findall(  # a group with outlined nodes shows their ring beside its dot
        r'<span class="swatch dot" style="[^"]+"></span>'
        r'(?:<span class="swatch dot ring" style="[^"]+"></span>)?([^<]+)</li>',
        page.html,
    )
    assert legend == [g.label("en") for g in WORDS.groups]


@pytest.mark.slow
@pytest.mark.parametrize("group", WORDS.groups, ids=lambda g: g.name)
def test_every_word_for_a_group_works_on_every_surface(group, bundled_facts):
    expected = committee_gaps(bundled_facts, sector=group.name)
    for word in sorted(group.words):
        assert committee_gaps(bundled_facts, sector=word) == expected, word
        assert to_term(word, "iri").value == group.iri, word
    swedish = group.label("sv")
    rows = json.loads(runner.invoke(app, ["gaps", "--sector", swedish, "-f", "json"]).stdout)
    assert [r["committee"] for r in rows] == [r["committee"] for r in widest_gaps(expected)]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("word", "group"),
    [("Civil-Society", "civil"), ("non_profit-sector", "civil"), ("public-agency", "agencies"),
     ("Public Agency", "agencies"), ("other-parts-of-the-city", "city")],
)  # fmt: skip
def test_a_groups_words_take_spaces_hyphens_and_underscores_alike(word: str, group: str):
    assert WORDS.group(word).name == group
    result = runner.invoke(app, ["gaps", "--sector", word, "-f", "json"])
    assert result.exit_code == 0, result.output
    expected = runner.invoke(app, ["gaps", "--sector", group, "-f", "json"]).stdout
    assert json.loads(result.stdout) == json.loads(expected)


@pytest.mark.slow
def test_public_means_both_public_groups_on_every_surface(bundled_facts):
    """The help of every --sector says "public means both public groups": centrality keeps
    the organisations of either, suggest suggests from both (as kg gaps and the query
    committees-lacking-sector take it for the broader group)."""
    public = [g.name for g in WORDS.groups if g.broader == WORDS.public.iri]
    assert public == ["agencies", "city"]
    rows = _cli(Source(), "centrality", "--sector", "public", "--top", "0")["rows"]
    both = [
        r
        for name in public
        for r in _cli(Source(), "centrality", "--sector", name, "--top", "0")["rows"]
    ]
    assert rows and sorted(r["iri"] for r in rows) == sorted(r["iri"] for r in both)
    found = _cli(Source(), "suggest", "förskolenämnden", "--sector", "offentlig")
    assert found["sectors"] == public
    assert [g["sector"] for g in found["groups"]] == public


@pytest.mark.slow
def test_forskolenamnden_gets_candidates_in_each_group_it_lacks():
    result = runner.invoke(app, ["suggest", "förskolenämnden", "-f", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["sectors"] == ["civil", "business"]
    for group in found["groups"]:
        assert group["candidates"], group["sector"]
        for candidate in group["candidates"]:
            assert candidate["sector"] == group["sector"]
            assert candidate["parts"] and candidate["reasons"]
            assert candidate["score"] == pytest.approx(sum(p["points"] for p in candidate["parts"]))


@pytest.mark.slow
def test_a_committee_without_collaborations_gets_a_sentence_not_guesses():
    result = runner.invoke(app, ["suggest", "valnämnden", "-f", "json"])
    found = json.loads(result.stdout)
    assert found["groups"] == []
    assert found["note"] == {"key": "no_collaboration", "values": {"committee": found["committee"]}}
    table = runner.invoke(app, ["suggest", "valnämnden"])  # the sentence, no empty table
    assert table.exit_code == 0 and table.stdout == ""
    assert "without any collaboration" in table.stderr


@pytest.mark.slow
def test_kg_suggest_and_the_report_give_the_same_points(bundled_report):
    """A score, its parts and the similarities behind them are rounded once (to three
    decimals, from the exact values), so the report says what ``kg suggest`` says, and the
    parts it shows add up to the score it shows (Trianon for Fritidsnämnden: 1 + 1 + 0.045 =
    2.045, the similarity 1/22; never 2.04 with 0.04)."""
    import csv
    import io

    from kg.report.i18n import catalog
    from kg.report.sections import score

    folder, _ = bundled_report()
    report = json.loads((folder / "report.json").read_text("utf-8"))
    markdown = (folder / "report.md").read_text("utf-8")
    en = catalog("en")
    with_similar = [
        s
        for s in report["suggestions"]
        if any(
            p["kind"] == "similar" for g in s["groups"] for c in g["candidates"] for p in c["parts"]
        )
    ]
    chosen = [s for s in with_similar if s["label"] == "Fritidsnämnden"] + with_similar[:2]
    assert chosen and chosen[0]["label"] == "Fritidsnämnden"
    compared = 0
    for suggestion in chosen:
        listed = runner.invoke(app, ["suggest", suggestion["label"], "-f", "csv"])
        assert listed.exit_code == 0, listed.output
        rows = {(r["group"], r["label"]): r for r in csv.DictReader(io.StringIO(listed.stdout))}
        for group in suggestion["groups"]:
            for c in group["candidates"]:
                row = rows[(group["sector"], c["label"])]  # the short name, as JSON has it
                total = score(en, c["score"])
                parts = [score(en, p["points"]) for p in c["parts"]]
                assert float(row["score"]) == float(total), c["label"]
                assert [x.split()[-1] for x in row["score_parts"].split("; ")] == parts
                assert round(sum(map(float, parts)), 3) == float(total), c["label"]
                line = next(
                    x for x in markdown.splitlines() if "** | " in x and f" | {total} | " in x
                    and en.short_name(c["label"], c["label_en"]) in x
                )  # fmt: skip
                for part, points in zip(c["parts"], parts, strict=True):
                    assert f"{points}: " in line
                    for item in part.get("items", []):
                        if "similarity" in item:
                            value = f"({score(en, item['similarity'])})"
                            assert value in line and value in row["reasons"], c["label"]
                compared += 1
    assert compared
    trianon = [r for r in markdown.splitlines() if "**Trianon** | company | 2.045 | " in r]
    assert trianon and "0.045: " in trianon[0] and "(0.045)" in trianon[0]


@pytest.mark.slow
def test_report_json_and_kg_gaps_give_one_meaning_per_name(bundled_report):
    """``missing_sectors`` is the report's "lacks" column (the gaps: groups a committee is to
    reach and has no partner in); ``no_partner_in`` every group with no partner of it, the
    city and the public sector included (kg:lacksGroup). No "lacks" means either, in
    report.json or in ``kg gaps -f json``, which share their rows."""
    folder, _ = bundled_report()
    report = json.loads((folder / "report.json").read_text("utf-8"))
    listed = json.loads(runner.invoke(app, ["gaps", "-f", "json"]).stdout)
    assert [r["committee"] for r in report["gaps"]] == [r["committee"] for r in listed]
    markdown = (folder / "report.md").read_text("utf-8")
    from kg.report.i18n import catalog

    en = catalog("en")
    for row, same in zip(report["gaps"], listed, strict=True):
        assert "lacks" not in row and "lacks" not in same
        assert row.keys() == same.keys()
        assert row["missing_sectors"] == same["missing_sectors"]
        assert row["no_partner_in"] == same["no_partner_in"]
        gaps = [g for g in WORDS.gap_groups if g in row["no_partner_in"]]
        assert row["missing_sectors"] == gaps, row["label"]
        lacks = en.join([en.group(g) for g in row["missing_sectors"]]) or en("words.none")
        assert re.search(rf"\| {re.escape(lacks)} \|$", markdown, re.M), row["label"]


def test_kg_suggest_json_is_the_reports_entry(bundled_report):
    """`kg suggest -f json` gives a committee's suggestions as report.json does, key for key
    (each note a message key with its values, both names), for the same number per group."""
    from kg.report.build import SUGGESTIONS_PER_GROUP

    folder, _ = bundled_report()
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert report["suggestions"]
    for entry in report["suggestions"][:4]:
        top = str(SUGGESTIONS_PER_GROUP)
        result = runner.invoke(app, ["suggest", entry["committee"], "--top", top, "-f", "json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == entry, entry["label"]


@pytest.mark.slow
def test_work_without_a_partner_is_never_also_an_unnamed_partner():
    """A collaboration whose other party the sources leave unnamed reaches that party's group
    (the report's "unnamed partners"), so it is no "work with no partner named" in the
    report's appendix, nor dashed as one on the map: one rule, ``without_partner``."""
    bundled = Source()
    analysis = analyse(bundled.facts())
    report = build_report(analysis, triples=bundled.triples())
    seen = 0
    for row in report["gaps"]:
        unnamed = {u["collaboration"] for found in row["unnamed"].values() for u in found
                   if "collaboration" in u}  # fmt: skip
        own = {w["iri"] for w in row["own_work"]}
        assert not unnamed & own, row["label"]
        seen += bool(unnamed)
    assert seen
    page = render_map(analysis, view="bipartite", lang="en")
    shown = {n["id"]: n for n in page.nodes if n.get("kind") == "collaboration"}
    found = analysis.facts.collaborations
    assert {c for c, n in shown.items() if n["unpartnered"]} == {
        c for c in shown if found[c]["organisations"] <= 1 and not found[c]["unnamed_sectors"]
    }


@pytest.mark.slow
def test_the_actors_type_and_sector_are_named_alike_by_the_query_stats_and_map(source: Source):
    """An actor's type is its class's label in the ontology on every surface: the query
    library (actors-by-sector), the tables and the map (type_name), kg serve's pages; its
    sector's name and count are the vocabulary's in kg stats and the query alike."""
    from collections import Counter

    from kg.analysis.stats import stats
    from kg.model.ontology import class_labels
    from kg.web.style import type_name

    facts = source.facts()
    named = Counter(
        (WORDS.by_iri(v.SECTOR_IRIS[a["sector"]]).label("en"), type_name(a["type"]))
        for a in facts.actors.values()
    )
    queried = {
        (row["sector"].value, row["type"].value): int(row["actors"].value)
        for row in run(source, "actors-by-sector")
    }
    assert queried == dict(named)
    counted = stats(source)
    assert {counted["sector_labels"][s]: n for s, n in counted["sectors"].items() if n} == {
        s: sum(n for (sector, _), n in named.items() if sector == s) for s, _ in named
    }
    assert counted["actors"] == len(facts.actors)
    for lang in ("en", "sv"):
        page = render_map(analyse(facts), lang=lang, view="bipartite")
        things = {**facts.actors, **facts.collaborations}
        kinds = {things[n["id"]]["type"] for n in page.nodes}
        assert {"Committee", "Project"} <= kinds or not facts.collaborations, kinds
        for node in page.nodes:
            kind = things[node["id"]]["type"]
            assert node["type"] == class_labels()[kind][lang], node["id"]


@pytest.mark.slow
def test_the_map_outlines_the_units_the_graph_types_as_units(bundled_source: Source):
    """A node drawn outlined is a unit by the ontology (its class is below
    org:OrganizationalUnit, as the query library reads it) or the council."""
    query = """SELECT DISTINCT ?a WHERE {
        ?a a ?c . ?c rdfs:subClassOf+ org:OrganizationalUnit . ?c rdfs:subClassOf+ kg:Actor }"""
    from kg.sparql.engine import prepare_text

    units = {row["a"].value for row in run(bundled_source, prepare_text(query, name="units"))}
    facts = bundled_source.facts()
    page = render_map(analyse(facts), view="bipartite")
    drawn = [n for n in page.nodes if n["kind"] == "actor"]
    assert units & {n["id"] for n in drawn}, "some unit is drawn"
    for node in drawn:
        council = facts.actors[node["id"]]["type"] == "Council"
        assert node["outlined"] == (node["id"] in units or council), node["id"]


def test_an_english_reason_names_each_actor_as_the_english_report_and_table_do(bundled_report):
    """report.json's reasons are English sentences: each names the actors, collaborations and
    areas it counts by their English names (kg.model.names.in_language), as report.md in
    English and `kg suggest`'s table do, never by the Swedish names beside them."""
    from kg.report.i18n import catalog

    en = catalog("en")
    folder, _ = bundled_report()
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    markdown = (folder / "report.md").read_text(encoding="utf-8")
    table = runner.invoke(app, ["suggest", "Fritidsnämnden", "-f", "csv"])
    assert table.exit_code == 0, table.output
    reasons = " ".join(r["reasons"] for r in csv.DictReader(io.StringIO(table.stdout)))
    differing = 0
    for entry in report["suggestions"]:
        for group in entry["groups"]:
            for candidate in group["candidates"]:
                for part in candidate["parts"]:
                    for item in part.get("items", []):
                        english = en.short_name(item["label"], item.get("label_en"))
                        assert english in part["reason"], (english, part["reason"])
                        assert english in markdown, english
                        if item["label"] not in english:
                            differing += 1
                            assert item["label"] not in part["reason"], part["reason"]
                            if entry["label"] == "Fritidsnämnden":
                                assert english in reasons, english
                                assert item["label"] not in reasons, item["label"]
    assert differing  # some actor's English name differs from its Swedish one


@pytest.mark.parametrize("lang", ["en", pytest.param("sv", marks=pytest.mark.slow)])  # en: both
def test_a_communitys_members_read_in_the_order_of_the_names_shown(bundled_report, lang):
    """A community's members are listed by the names a sentence in the language gives them
    (kg.model.spoken.in_language), in the report and in `kg communities`' table alike: in
    English by the English names, in Swedish by the Swedish."""
    from kg.model.names import natural
    from kg.model.spoken import in_language

    folder, _ = bundled_report("--lang", lang)
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    markdown = (folder / "report.md").read_text(encoding="utf-8")
    said = {"en": "Members: ", "sv": "Medlemmar: "}[lang]
    in_report = [x.split(said, 1)[1] for x in markdown.splitlines() if said in x]
    table = runner.invoke(app, ["communities", "--lang", lang], env={"COLUMNS": "2000"})
    assert table.exit_code == 0, table.output
    in_table = [x.split(said, 1)[1].rstrip(" │") for x in table.stdout.splitlines() if said in x]
    assert len(in_report) == len(report["communities"]) == len(in_table)
    reordered = 0
    for community, line, row in zip(report["communities"], in_report, in_table, strict=True):
        names = [in_language(m["label"], m["label_en"], lang) for m in community["members"]]
        ordered = sorted(names, key=natural)
        reordered += ordered != names
        assert line == row == ", ".join(ordered) + ".", community["community"]
    assert reordered or lang == "sv"  # some English names sort apart from the Swedish ones


def test_a_reason_lists_its_names_as_the_english_report_does(bundled_report):
    """Each part of a suggestion's score names its committees, partners and areas in the same
    words and order in report.json's English reason as in report.md in English: by their
    English names, in the order of those names (the most similar committees first)."""
    from kg.analysis.links import grouped
    from kg.model.names import in_language_order
    from kg.model.spoken import in_language

    folder, _ = bundled_report()
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    lines = (folder / "report.md").read_text(encoding="utf-8").splitlines()
    compared = 0
    for entry in report["suggestions"]:
        for group in entry["groups"]:
            for candidate in group["candidates"]:
                for part in candidate["parts"]:
                    said = part["reason"].split(": ", 1)[1]  # the names, after the words
                    assert any(said in line for line in lines), part["reason"]
                    items = in_language_order(part["items"], "en")
                    if part["kind"] == "similar":
                        items.sort(key=lambda i: -i["similarity"])
                    if part["kind"] == "partners":  # gathered by their collaborations
                        items = [i for linked, _ in grouped(items) for i in linked]
                    at = [said.index(in_language(i["label"], i["label_en"], "en")) for i in items]
                    assert at == sorted(at), part["reason"]
                    compared += len(part["items"]) > 1
    assert compared


@pytest.mark.parametrize("lang", ["en", pytest.param("sv", marks=pytest.mark.slow)])  # en: both
def test_a_committees_partners_read_in_the_order_of_the_names_shown(bundled_report, lang):
    """The report's appendix lists each committee's partners by the names the language shows
    (kg.model.names.in_language_order), as its communities do: in English by the English
    names. report.json's partner_list keeps one order for every language."""
    from kg.model.names import in_language_order
    from kg.report.i18n import catalog

    cat = catalog(lang)
    folder, _ = bundled_report("--lang", lang)
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    markdown = (folder / "report.md").read_text(encoding="utf-8")
    appendix = markdown.split('<a id="appendix"></a>', 1)[1]
    reordered = 0
    for row in report["gaps"]:
        if not row["partner_list"]:
            continue
        block = appendix.split(f'<a id="c-{row["committee"].rsplit("/", 1)[1]}"></a>', 1)[1]
        block = block.split("\n### ", 2)[1].split("\n<a id=", 1)[0]
        shown = re.findall(r"^- \*\*(.+?)\*\* — ", block, re.M)
        ordered = in_language_order(row["partner_list"], lang)
        assert shown == [cat.name(p["label"], p["label_en"]) for p in ordered], row["label"]
        reordered += ordered != row["partner_list"]
    assert reordered or lang == "sv"  # some English names sort apart from the Swedish ones
