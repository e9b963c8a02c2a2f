"""A committee renamed, merged or split (``dcterms:replaces``) reads the same on every surface:
``kg gaps`` (table, JSON, CSV), the report and the brief, the map's data, ``kg diff``, the
library query ``successors``, ``kg stats`` and ``kg validate`` (a circle is refused), on Omby
(tests/fixtures/omby: Arbets- och socialnämnden replaced Sociala nämnden in 2017) and on
variants of it with a chain, a merger, a split and a successor that is no committee."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from typer.testing import CliRunner

from kg.analysis.gaps import committee_gaps
from kg.cli import app
from kg.io.source import Source
from kg.model.facts import Facts
from kg.model.successors import circles, lineage, predecessors
from kg.report.compare import compare_years
from kg.report.successors import continue_replaced
from kg.sparql.api import query

runner = CliRunner()
OMBY = Path(__file__).parent / "fixtures" / "omby"
ID = "https://w3id.org/kg-malmo/id/omby/"
OLD, NEW = ID + "sociala-namnden", ID + "arbets-och-socialnamnden"
LEISURE, COLLEGE = ID + "fritidsnamnden", ID + "omby-hogskola"


@pytest.fixture(scope="module")
def omby(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Omby's spreadsheet imported: its data folder."""
    folder = tmp_path_factory.mktemp("omby") / "omby"
    shutil.copytree(OMBY, folder)
    result = runner.invoke(
        app, ["import", str(folder / "kalkylark"), "-o", str(folder / "data" / "omby.ttl")]
    )
    assert result.exit_code == 0, result.output
    return folder


def _variant(omby: Path, tmp_path: Path, *pairs: tuple[str, str], drop: bool = False) -> Path:
    """Omby's data with more ``(new, old)`` replacements (without its own, with ``drop``)."""
    graph = Graph().parse(omby / "data" / "omby.ttl")
    if drop:
        graph.remove((None, DCTERMS.replaces, None))
    for new, old in pairs:
        graph.add((URIRef(new), DCTERMS.replaces, URIRef(old)))
    folder = tmp_path / "data"
    folder.mkdir(parents=True)
    graph.serialize(folder / "omby.ttl", format="turtle")
    return folder


def _args(data: Path) -> list[str]:
    return ["--no-bundled", "--data", str(data)]


def _rows(data: Path, year: int | None = None) -> dict[str, dict]:
    facts = Source(data=[data], bundled=False, year=year).facts()
    return {r["committee"]: r for r in committee_gaps(facts)}


def _successors(data: Path) -> list[tuple[str, str, str]]:
    """The rows of the library query ``successors``: old, new and the end of the chain."""
    answer = query(Source(data=[data], bundled=False), "successors")
    return [(r["old"].value, r["new"].value, r["latest"].value) for r in answer]


def _iris(refs: list[dict]) -> list[str]:
    return [r["iri"] for r in refs]


# ---------------------------------------------------------------- the rule


def test_the_rule_follows_chains_and_finds_circles():
    replaces = {"c": ["b"], "b": ["a"], "x": ["x"], "p": ["q"], "q": ["p"]}
    assert predecessors("c", replaces) == ["b", "a"]
    assert circles(replaces) == [["p", "q"], ["x"]]


class _Counted(dict):
    """A map of replacements that counts how often it is asked."""

    asked = 0

    def get(self, key, default=None):
        self.asked += 1
        return super().get(key, default)


def test_finding_circles_walks_only_where_one_can_be():
    """Fourteen years of two committees each replacing both of the year before (mergers and
    splits, no circle): every path through them was walked, 65,502 look-ups, doubling each
    year; each organisation is looked up once now, and the circles through the oldest and
    the newest (4,096 of them) are one group."""
    replaces = _Counted()
    for year in range(1, 14):
        for name in "xy":
            replaces[f"n{14 - year:02d}{name}"] = [f"n{15 - year:02d}x", f"n{15 - year:02d}y"]
    assert circles(replaces) == [] and replaces.asked < 100
    replaces["n14x"] = ["n01y"]  # the oldest replaces the newest: circles through it
    replaces.asked = 0
    [found] = circles(replaces)
    assert replaces.asked < 100
    assert found == sorted({"n01y", "n14x"} | {f"n{y:02d}{n}" for y in range(2, 14) for n in "xy"})


def test_a_circle_is_found_past_a_replacement_that_leads_nowhere():
    """Organisation a replaces b (which replaces nothing) and c, which replaces a: the walk
    backs out of b and goes on, and b is not on the circle."""
    assert circles({"a": ["b", "c"], "c": ["a"]}) == [["a", "c"]]
    assert circles({"a": ["b", "c"], "b": ["d"], "c": ["b", "a"]}) == [["a", "c"]]


@pytest.mark.slow
def test_an_organisation_that_replaces_itself_is_not_its_own_former_name(omby, tmp_path):
    data = _variant(omby, tmp_path, (OLD, OLD))
    said = lineage(Source(data=[data], bundled=False).facts(), OLD)
    assert said["replaces"] == []
    assert [r["iri"] for r in said["replaced_by"]] == [NEW]


# ---------------------------------------------------------------- kg gaps


def test_a_year_after_the_rename_says_which_committee_replaced_the_absent_one(omby: Path):
    rows = _rows(omby / "data", 2017)
    assert rows[OLD]["status"] == "absent"
    assert _iris(rows[OLD]["replaced_by"]) == [NEW] and rows[OLD]["replaces"] == []
    assert _iris(rows[NEW]["replaces"]) == [OLD] and rows[NEW]["replaced_by"] == []
    assert rows[LEISURE]["replaces"] == rows[LEISURE]["replaced_by"] == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "old", "new", "note"),
    [
        (
            "en",
            "(replaced by Labour and Social Committee (Arbets- och socialnämnden))",
            "(formerly Social Committee (Sociala nämnden))",
            '"Replaced by": the data says another body replaced the committee',
        ),
        (
            "sv",
            "(ersatt av Arbets- och socialnämnden (Labour and Social Committee))",
            "(tidigare Sociala nämnden (Social Committee))",
            "”Ersatt av”: enligt uppgifterna ersattes nämnden av ett annat organ",
        ),
    ],
)
def test_kg_gaps_says_replaced_by_and_formerly(omby: Path, lang, old, new, note):
    args = ["gaps", *_args(omby / "data"), "--year", "2017", "--lang", lang]
    result = runner.invoke(app, args, env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert old in text and new in text and note in text


@pytest.mark.slow
def test_kg_gaps_json_and_csv_name_them(omby: Path):
    args = ["gaps", *_args(omby / "data"), "--year", "2017"]
    rows = {r["committee"]: r for r in json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)}
    assert rows[OLD]["replaced_by"][0] == {
        "iri": NEW,
        "label": "Arbets- och socialnämnden",
        "label_en": "Labour and Social Committee",
        "type": "Committee",
    }
    table = list(csv.DictReader(io.StringIO(runner.invoke(app, [*args, "-f", "csv"]).stdout)))
    found = {r["committee"]: (r["replaces"], r["replaced_by"]) for r in table}
    assert found[OLD] == ("", "Arbets- och socialnämnden")
    assert found[NEW] == ("Sociala nämnden", "")
    assert found[LEISURE] == ("", "")
    dictionary = (Path(__file__).parents[1] / "docs" / "data-dictionary.md").read_text("utf-8")
    assert "| `replaces`, `replaced_by` | (`kg gaps`)" in dictionary


# ---------------------------------------------------------------- one story


def test_report_brief_map_and_query_tell_the_same_replacement(omby: Path, tmp_path: Path):
    data = omby / "data"
    rows = _rows(data)
    result = runner.invoke(app, ["report", *_args(data), "-o", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "r" / "report.json").read_text("utf-8"))
    gaps = {r["committee"]: r for r in report["gaps"]}
    for iri, row in rows.items():
        assert gaps[iri]["replaces"] == row["replaces"]
        assert gaps[iri]["replaced_by"] == row["replaced_by"]
    markdown = (tmp_path / "r" / "report.md").read_text("utf-8")
    assert "### Social Committee (Sociala nämnden) (replaced by Labour and Social Committee" in (
        markdown
    )
    # the map's data: each committee's panel fields in the map's language
    page = (tmp_path / "r" / "map.html").read_text("utf-8")
    assert '"replaced_by":["Labour and Social Committee"]' in page
    assert '"replaces":["Social Committee"]' in page
    # the query library
    assert _successors(data) == [(OLD, NEW, NEW)]
    # the brief of the committee replaced
    out = tmp_path / "brief"
    result = runner.invoke(
        app, ["report", *_args(data), "--committee", "sociala", "--lang", "sv", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    brief = next(out.glob("*.md")).read_text("utf-8")
    assert "Ersatt av Arbets- och socialnämnden (Labour and Social Committee)." in brief


# ---------------------------------------------------------------- edge cases


@pytest.mark.slow
def test_a_chain_names_each_step_and_the_query_its_end(omby: Path, tmp_path: Path):
    data = _variant(omby, tmp_path, (LEISURE, NEW))  # Sociala → Arbets- och social → Fritid
    rows = _rows(data)
    assert _iris(rows[OLD]["replaced_by"]) == [NEW]
    assert (_iris(rows[NEW]["replaces"]), _iris(rows[NEW]["replaced_by"])) == ([OLD], [LEISURE])
    assert _iris(rows[LEISURE]["replaces"]) == [NEW]
    assert sorted(_successors(data)) == sorted([(OLD, NEW, LEISURE), (NEW, LEISURE, LEISURE)])


@pytest.mark.slow
def test_a_merger_and_a_split(omby: Path, tmp_path: Path):
    merged = _rows(_variant(omby, tmp_path / "m", (NEW, LEISURE)))  # two into one
    assert _iris(merged[NEW]["replaces"]) == [LEISURE, OLD]
    assert _iris(merged[LEISURE]["replaced_by"]) == [NEW]
    # data/README.md: a split is two bodies that each replace the old one
    split = _variant(omby, tmp_path / "s", (LEISURE, OLD))
    rows = _rows(split)
    assert _iris(rows[OLD]["replaced_by"]) == [NEW, LEISURE]
    result = runner.invoke(app, ["gaps", *_args(split), "--year", "2017"], env={"COLUMNS": "300"})
    assert "(replaced by Labour and Social Committee (Arbets- och socialnämnden) and Leisure" in (
        " ".join(result.stdout.split())
    )


@pytest.mark.slow
def test_a_successor_that_is_no_committee_is_named_with_its_type(omby: Path, tmp_path: Path):
    data = _variant(omby, tmp_path, (COLLEGE, OLD), drop=True)
    rows = _rows(data, 2017)
    assert rows[OLD]["replaced_by"] == [
        {
            "iri": COLLEGE,
            "label": "Omby högskola",
            "label_en": "Omby University College",
            "type": "University",
        }
    ]
    # the comparison folds committees only: the old one stays one the sources of 2017 lack
    change = compare_years(Source(data=[data], bundled=False), 2016, 2017)
    assert change["not_described"]["second"] == ["Sociala nämnden"]


def test_a_merger_of_a_committee_with_partners_and_one_without_had_partners():
    """Two committees merged into one: the first year's status of the one they make is
    the best of theirs (one with partners: it had partners), as its partners are theirs."""
    rows = [
        {"committee": "new", "described": "second", "status": ["absent", "partners"]},
        {"committee": "a", "described": "first", "status": ["no-partner", "absent"]},
        {"committee": "b", "described": "first", "status": ["partners", "absent"]},
    ]
    rows[0]["groups"] = [[], ["civil"]]
    one = Facts(partners={"b": ["p"]}, reaches={"b": ["civil"]})
    two = Facts(replaces={"new": ["a", "b"]}, partners={"new": ["p"]}, reaches={"new": ["civil"]})
    folded = continue_replaced(rows, one, two)
    assert folded == ["a", "b"] and [r["committee"] for r in rows] == ["new"]
    assert rows[0]["status"] == ["partners", "partners"] and rows[0]["partners"] == [1, 1]
    assert rows[0]["groups"] == [["civil"], ["civil"]] and rows[0]["groups_lost"] == []


# ---------------------------------------------------------------- kg validate


@pytest.mark.parametrize(
    ("pairs", "said", "others"),
    [
        ([(OLD, OLD)], "id:omby/sociala-namnden replaces itself", []),
        (
            [(OLD, NEW)],
            "a circle of replacements: id:omby/arbets-och-socialnamnden → id:omby/sociala-namnden"
            " → id:omby/arbets-och-socialnamnden;",
            ["id:omby/sociala-namnden"],
        ),
    ],
)
def test_a_circle_of_replacements_is_refused_with_file_and_line(
    omby, tmp_path, pairs, said, others
):
    """One message per circle, at the line of its first organisation, and the line of each
    other organisation on it under it."""
    data = _variant(omby, tmp_path, *pairs)
    args = ["validate", *_args(data), "--sources", str(omby / "sources")]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    [found] = [line for line in result.output.splitlines() if said in line]
    assert found.startswith(f"{data / 'omby.ttl'}:")
    under = [x for x in result.output.splitlines() if "on the circle of replacements above" in x]
    assert len(under) == len(others)
    for line, other in zip(under, others, strict=True):
        assert line.startswith(f"  ↳ {data / 'omby.ttl'}:")
        assert f"({other}) dcterms:replaces" in line
    swedish = runner.invoke(app, [*args, "--lang", "sv"]).output
    assert "ett organ ersätts av ett annat, aldrig av sig självt" in swedish


# ---------------------------------------------------------------- kg diff and kg stats


def test_kg_diff_shows_the_replacement_on_the_committees_entry(omby: Path, tmp_path: Path):
    old = _variant(omby, tmp_path / "old", drop=True)
    args = ["diff", str(old), str(omby / "data"), "-q", "-j", "-"]
    found = json.loads(runner.invoke(app, args).stdout)
    assert found["statements"] == {"added": [], "removed": []}
    [changed] = found["actors"]["changed"]
    assert changed["changes"] == {"replaces": [[], [OLD]]}
    for lang, said in (
        ("en", "replaces: — → Social Committee"),
        ("sv", "ersätter: — → Sociala nämnden"),
    ):
        args = ["diff", str(old), str(omby / "data"), "-q", "-m", "-", "--lang", lang]
        markdown = runner.invoke(app, args).stdout
        assert said in markdown


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", ["(replaces: Social Committee (Sociala nämnden) → —)", "(replaced by: Labour"]),
        ("sv", ["(ersätter: Sociala nämnden (Social Committee) → —)", "(ersatt av: Arbets-"]),
    ],
)
def test_kg_diff_lists_a_committee_whose_only_change_is_a_removed_replacement(
    omby: Path, tmp_path: Path, lang: str, said: list[str]
):
    """Arbets- och socialnämnden no longer replaces Sociala nämnden, and nothing else
    changes: both committees are among the committees' changes, as in the actors'."""
    new = _variant(omby, tmp_path / "new", drop=True)
    args = ["diff", str(omby / "data"), str(new), "-q"]
    found = json.loads(runner.invoke(app, [*args, "-j", "-"]).stdout)
    rows = {r["committee"]: r for r in found["committees"]}
    assert sorted(rows) == [NEW, OLD]
    assert [[r["iri"] for r in side] for side in rows[NEW]["replaces"]] == [[OLD], []]
    assert [[r["iri"] for r in side] for side in rows[OLD]["replaced_by"]] == [[NEW], []]
    for row in rows.values():
        assert row["status"][0] == row["status"][1] and not row["gaps_opened"]
    result = runner.invoke(app, [*args, "--lang", lang])
    assert result.exit_code == 1
    markdown = runner.invoke(app, [*args, "-m", "-", "--lang", lang]).stdout
    table = [line for line in markdown.splitlines() if line.startswith("| ")]
    for text in said:
        assert any(text in line for line in table), markdown
    assert said[0].split()[0] in result.stdout.split()  # the terminal's table, wrapped


@pytest.mark.slow
def test_other_statements_are_n_triples_in_code_not_html_escaped(omby: Path, tmp_path: Path):
    graph = Graph().parse(omby / "data" / "omby.ttl")
    graph.add((URIRef(LEISURE), SKOS.editorialNote, Literal("a <b> & `c` *d*")))
    new = tmp_path / "new"
    new.mkdir()
    graph.serialize(new / "omby.ttl", format="turtle")
    args = ["diff", str(omby / "data"), str(new), "-q", "-m", "-"]
    markdown = runner.invoke(app, args).stdout
    line = next(x for x in markdown.splitlines() if x.startswith("- added: "))
    assert line == (
        f"- added: ``<{LEISURE}> <http://www.w3.org/2004/02/skos/core#editorialNote> "
        '"a <b> & `c` *d*"``'
    )
    assert "&lt;" not in markdown


@pytest.mark.slow
def test_a_statement_holding_a_line_separator_is_one_statement_of_kg_diff(
    omby: Path, tmp_path: Path
):
    """A note holding U+2028 (line separator) or U+0085 (next line), as text copied from a
    PDF may: Oxigraph's N-Triples writes them as they are, and kg diff split the triple
    there (str.splitlines), ending in an internal error or listing its halves. It is one
    statement added."""
    graph = Graph().parse(omby / "data" / "omby.ttl")
    graph.add((URIRef(LEISURE), SKOS.editorialNote, Literal("rad\u2028ny\u0085rad\x0bflik")))
    new = tmp_path / "new"
    new.mkdir()
    graph.serialize(new / "omby.ttl", format="turtle")
    result = runner.invoke(app, ["diff", str(omby / "data"), str(new), "-q", "-m", "-"])
    assert result.exit_code == 1, result.output  # 1: something changed
    added = [x for x in result.stdout.split("\n") if x.startswith("- added: ")]
    assert added == [  # the Markdown shows a line break in a value as a space
        f"- added: `<{LEISURE}> <http://www.w3.org/2004/02/skos/core#editorialNote> "
        '"rad ny rad\\u000Bflik"`'
    ]


@pytest.mark.slow
def test_kg_stats_counts_the_organisations_replaced(omby: Path):
    args = ["stats", *_args(omby / "data")]
    assert json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)["replaced"] == 1
    assert "1 organisation replaced by another" in runner.invoke(app, args).stdout
    assert json.loads(runner.invoke(app, ["stats", "-f", "json"]).stdout)["replaced"] == 0


@pytest.mark.slow
def test_the_rule_reads_the_same_in_every_year(omby: Path):
    facts = [Source(data=[omby / "data"], bundled=False, year=y).facts() for y in (2016, 2017)]
    assert lineage(facts[0], OLD) == lineage(facts[1], OLD)


# ---------------------------------------------------------------- kg serve's /id/ page


# sv: the same page in the other catalog (slow: a variant of en's)
@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "replaced by"), ("sv", "ersatt av")],
)
def test_the_replaced_bodys_page_says_by_what(lang: str, said: str):
    """The SPARQL fixture's Gammanämnden replaced Deltanämnden: Deltanämnden's page lists
    Gammanämnden among the resources that refer to it, worded from its own end."""
    import re

    from helpers.serving import http, running

    from kg.web.server import Settings

    with running(Settings(workers=1)) as endpoint:
        status, _, body = http(
            f"{endpoint.url}id/fx/delta?lang={lang}", headers={"Accept": "text/html"}
        )
    assert status == 200
    referrers = body.decode("utf-8").split('id="referrers"', 1)[1]
    assert re.search(
        rf'<td><a href="\.\./\.\./id/fx/gamma\?lang={lang}"[^>]*>Gammanämnden</a></td>'
        r'<td><a href="http://purl.org/'
        rf'dc/terms/replaces" title="dcterms:replaces">{said}</a></td>',
        referrers,
    )


# ---------------------------------------------------------------- --compare's wording


@pytest.mark.parametrize(
    ("lang", "cell", "said"),
    [
        (
            "en",
            "| 14 → 0 | — | not told: no partner named in 2017 |",
            "the sources of 2017 describe it, but name no partner of it (they name it in Effort "
            "to implement Agenda 2030",
        ),
        (
            "sv",
            "| 14 → 0 | — | framgår inte: ingen partner namnges 2017 |",
            "källorna för 2017 beskriver den men nämner ingen partner till den (de nämner den i "
            "Satsning för att implementera Agenda 2030",
        ),
    ],
)
def test_a_year_that_names_no_partner_of_a_committee_is_no_loss_of_partners(
    tmp_path: Path, lang: str, cell: str, said: str
):
    """2017's one passage on Kommunstyrelsen names it as the lead of the Agenda 2030 effort,
    no partner: the comparison keeps 14 → 0 but says the sources cannot tell, not a loss."""
    args = ["report", "--compare", "2016", "2017", "--lang", lang, "-o", str(tmp_path)]
    result = runner.invoke(app, args, env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "report.md").read_text("utf-8")
    row = next(x for x in markdown.splitlines() if "| 14 → 0 |" in x)
    assert row.endswith(cell)
    assert said in markdown
    assert said in " ".join(result.stdout.split())
    compared = json.loads((tmp_path / "report.json").read_text("utf-8"))["compare"]
    board = next(r for r in compared["committees"] if r["label"] == "Kommunstyrelsen")
    assert board["partners"] == [14, 0] and [u["year"] for u in board["untold"]] == [1]
