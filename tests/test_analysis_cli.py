"""Analysis commands through the CLI: gaps, centrality, brokers, communities, suggest, report."""

from __future__ import annotations

import csv
import io
import json
import shlex
from pathlib import Path

import networkx as nx
import pytest
from helpers import needs
from typer.testing import CliRunner

from kg.analysis.gaps import widest_gaps
from kg.cli import app

runner = CliRunner()
T = "https://w3id.org/kg-malmo/id/test/"


@pytest.fixture
def analysis_args(fixture_path) -> list[str]:
    return ["--no-bundled", "--data", str(fixture_path("analysis.ttl"))]


def test_gaps_json_has_the_promised_fields(analysis_args):
    result = runner.invoke(app, ["gaps", "--format", "json", *analysis_args])
    assert result.exit_code == 0, result.output
    rows = {r["committee"]: r for r in json.loads(result.stdout)}
    alfa = rows[T + "alfa"]
    assert {"committee", "label", "partners", "missing_sectors", "evidence"} <= alfa.keys()
    assert alfa["partners"] == 0
    assert alfa["missing_sectors"] == ["civil", "academia", "business", "agencies"]
    assert rows[T + "beta"]["evidence"][0]["quote"].startswith("bildat en kunskapsallians")


def test_gaps_for_one_sector_as_csv(analysis_args):
    result = runner.invoke(app, ["gaps", "--sector", "academia", "--format", "csv", *analysis_args])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # not Deltanämnden, absent from the sources: they cannot tell what it lacks
    assert {r["label"] for r in rows} == {"Alfanämnden", "Gammanämnden", "Epsilonnämnden"}


@pytest.mark.slow
def test_gaps_table_on_the_bundled_data_names_the_election_committee():
    result = runner.invoke(app, ["gaps"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Valnämnden" in result.output
    # the status, read where no column width can wrap it
    listed = runner.invoke(app, ["gaps", "-f", "csv"]).stdout
    assert "Valnämnden,Election Committee,no-partner,0," in listed


def test_centrality_filters_and_ranks(analysis_args):
    result = runner.invoke(
        app,
        [
            "centrality",
            "--type",
            "committee",
            "--measure",
            "degree",
            "--format",
            "json",
            *analysis_args,
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["betweenness"]["method"] == "exact"
    assert data["rows"][0]["iri"] == T + "beta"
    assert {r["type"] for r in data["rows"]} == {"Committee"}


def test_brokers_and_communities(analysis_args):
    brokers = json.loads(runner.invoke(app, ["brokers", "-f", "json", *analysis_args]).stdout)
    # Betanämnden with its administration: partners in all four groups beyond the city
    assert brokers["rows"][0]["label"] == "Betanämnden"
    assert brokers["rows"][0]["sectors_spanned"] == 4
    found = json.loads(runner.invoke(app, ["communities", "-f", "json", *analysis_args]).stdout)
    assert sum(c["size"] for c in found["rows"]) == 6  # organisations with partners


@pytest.mark.parametrize(
    ("command", "table"),
    [(["centrality", "-n", "0"], "centrality"), (["brokers", "--top", "0"], "brokers"),
     (["communities"], "communities")],
)  # fmt: skip
def test_analysis_csv_is_the_dataframes_table_with_iris(analysis_args, command, table):
    """Each organisation's IRI is in every CSV (labels need not be unique), and a command's
    CSV has the rows and columns of its table in kg.frames()."""
    pd = needs.module("pandas")
    import kg
    from kg.io.source import Source

    result = runner.invoke(app, [*command, "-f", "csv", *analysis_args])
    assert result.exit_code == 0, result.output
    written = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False, dtype=str)
    expected = kg.frames(kg.analyse(Source(data=[analysis_args[-1]], bundled=False).facts()))
    expected = expected[table].astype(str).replace({"<NA>": "", "nan": ""})
    assert list(written.columns) == list(expected.columns)
    assert written.columns[2 if table == "communities" else 0] == "iri"
    assert len(written) == len(expected) > 0
    assert sorted(written["iri"]) == sorted(expected["iri"])
    assert written["iri"].str.startswith(T).all()


@pytest.mark.slow
def test_modularity_is_networkx_s_on_every_surface(bundled_report):
    """The communities' weighted modularity, isolates on their own, as networkx computes it:
    in kg communities' JSON, report.json and the report's words in both languages."""
    import kg
    from kg.io.source import Source

    analysis = kg.analyse(Source().facts())
    network = analysis.network
    parts = [{m["iri"] for m in c["members"]} for c in analysis.communities]
    parts += [{n} for n in network if network.degree(n) == 0]
    expected = nx.community.modularity(network, parts, weight="weight", resolution=1)
    assert analysis.modularity == pytest.approx(expected, abs=1e-12)
    assert 0.3 < expected < 1
    found = json.loads(runner.invoke(app, ["communities", "-f", "json", "-q"]).stdout)
    assert found["modularity"] == pytest.approx(expected, abs=1e-12)
    for lang, number in (("en", f"{expected:.2f}"), ("sv", f"{expected:.2f}".replace(".", ","))):
        out, _ = bundled_report(*(["--lang", "sv"] if lang == "sv" else []))
        summary = json.loads((out / "report.json").read_text("utf-8"))["summary"]
        assert summary["communities_modularity"] == round(expected, 4)
        said = "modularity is" if lang == "en" else "modularitet är"
        assert f"{said} {number} (" in (out / "report.md").read_text("utf-8")


def test_suggest_by_prefix_and_unknown_name(analysis_args):
    result = runner.invoke(app, ["suggest", "epsilon", "-f", "json", *analysis_args])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    academia = next(g for g in found["groups"] if g["sector"] == "academia")
    assert academia["candidates"][0]["label"] == "Högskolan"
    unknown = runner.invoke(app, ["suggest", "Betanämden", *analysis_args])
    assert unknown.exit_code == 2
    assert "did you mean:" in unknown.stderr and "Betanämnden" in unknown.stderr


@pytest.mark.slow
def test_suggest_top_zero_lists_every_candidate_best_first():
    """--top 0 is every candidate of each group, in the order of the best --top gives."""

    def groups(top: str) -> dict[str, list[str]]:
        result = runner.invoke(app, ["suggest", "Fritidsnämnden", "--top", top, "-f", "json"])
        assert result.exit_code == 0, result.output
        found = json.loads(result.stdout)["groups"]
        return {g["sector"]: [c["iri"] for c in g["candidates"]] for g in found}

    every, best = groups("0"), groups("3")
    assert every.keys() == best.keys() and len(every["agencies"]) > 3
    assert all(every[group][:3] == best[group] for group in every)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_export_for_other_tools(tmp_path: Path, analysis_args, fmt: str):
    target = tmp_path / f"network.{fmt}"
    result = runner.invoke(app, ["export", "-f", fmt, "-o", str(target), *analysis_args])
    assert result.exit_code == 0, result.output
    network = nx.read_graphml(target) if fmt == "graphml" else nx.read_gexf(target)
    assert (network.number_of_nodes(), network.number_of_edges()) == (9, 7)  # units folded
    beta = network.nodes[T + "beta"]
    assert beta["sector"] == "city"
    assert beta["degree"] == 4  # with its administration's partners
    assert network.edges[T + "beta", T + "assoc"]["collaborations"] == T + "ka"
    # a boolean Gephi reads as one, left out where the data does not say
    municipal = [d["municipal"] for _, d in network.nodes(data=True) if "municipal" in d]
    assert municipal and all(isinstance(v, bool) for v in municipal) and True in municipal


def test_network_export_csv_writes_nodes_and_edges(tmp_path: Path, analysis_args):
    target = tmp_path / "network.csv"
    result = runner.invoke(app, ["export", "-f", "csv", "-o", str(target), *analysis_args])
    assert result.exit_code == 0, result.output
    nodes = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    edges_text = (tmp_path / "network-edges.csv").read_text("utf-8")
    edges = list(csv.DictReader(io.StringIO(edges_text)))
    assert len(nodes) == 9 and len(edges) == 7
    assert {"iri", "label", "type", "sector", "community", "betweenness"} <= nodes[0].keys()


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_the_two_mode_network_is_the_maps_bipartite_view(tmp_path: Path, analysis_args, fmt):
    """``kg export --view bipartite`` writes the graph ``kg map --view bipartite`` draws:
    the same organisations and collaborations, the same links, and each organisation with its
    measures from the organisation network."""
    from kg.analysis.pipeline import analyse
    from kg.io.source import Source
    from kg.web.map import render_map

    target = tmp_path / f"two.{fmt}"
    args = ["export", "-f", fmt, "--view", "bipartite", "-o", str(target), *analysis_args]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    analysis = analyse(Source(data=[analysis_args[-1]], bundled=False).facts())
    page = render_map(analysis, view="bipartite")
    if fmt == "csv":
        nodes = {r["iri"]: r for r in csv.DictReader(io.StringIO(target.read_text("utf-8")))}
        edges_text = (tmp_path / "two-edges.csv").read_text("utf-8")
        links = {(r["source"], r["target"]) for r in csv.DictReader(io.StringIO(edges_text))}
    else:
        network = nx.read_graphml(target) if fmt == "graphml" else nx.read_gexf(target)
        nodes = dict(network.nodes(data=True))
        links = set(network.edges())
    assert set(nodes) == {n["id"] for n in page.nodes}
    assert {frozenset(link) for link in links} == {
        frozenset((e["from"], e["to"])) for e in page.edges
    }
    kinds = {iri: row["kind"] for iri, row in nodes.items()}
    assert {iri for iri, kind in kinds.items() if kind == "collaboration"} == set(
        analysis.facts.collaborations
    )
    beta = nodes[T + "beta"]
    assert str(beta["degree"]) == str(analysis.network.nodes[T + "beta"]["degree"]) == "4"
    assert f"{len(analysis.facts.collaborations)} collaborations" in result.stdout


@pytest.mark.parametrize("fmt", ["ttl", "xlsx"])
def test_view_is_refused_outside_the_network_formats(tmp_path: Path, fmt: str):
    target = tmp_path / f"out.{fmt}"
    result = runner.invoke(app, ["export", "-f", fmt, "--view", "bipartite", "-o", str(target)])
    assert result.exit_code == 2
    assert "--view applies to the network formats (graphml, gexf, csv, csv-excel)" in result.stderr
    assert not target.exists()


@pytest.mark.slow
def test_report_writes_files_and_is_byte_identical(tmp_path: Path, fixture_path):
    args = ["--no-bundled", "--data", str(fixture_path("kitchen_sink.ttl"))]
    first, second = tmp_path / "one", tmp_path / "two"
    for target in (first, second):
        result = runner.invoke(app, ["report", "-o", str(target), *args])
        assert result.exit_code == 0, result.output
    for name in ("report.md", "report.json", "map.html"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    report = json.loads((first / "report.json").read_text("utf-8"))
    assert report["summary"]["committees"] == 1
    markdown = (first / "report.md").read_text("utf-8")
    assert "## Gaps" in markdown and "Testnämnden" in markdown


@pytest.mark.slow
def test_report_summary_lists_the_widest_gaps_when_there_are_many(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The terminal shows the committees with the widest gaps, saying how many of how many;
    report.md keeps them all."""
    monkeypatch.setattr("kg.cli.report.SUMMARY_GAPS", 3)
    result = runner.invoke(app, ["report", "-o", str(tmp_path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    total = report["summary"]["committees"]
    assert total > 3
    assert f"the 3 of {total} committees with the widest gaps" in result.stdout
    gaps_table = result.stdout.split("Top brokers")[0]
    shown = widest_gaps(report["gaps"], 3)
    assert shown[0]["partners"] == 0  # the bundled data has committees with none
    assert all(row["label"] in gaps_table for row in shown)
    hidden = [r["label"] for r in report["gaps"] if r not in shown]
    assert not any(f"│ {label} " in gaps_table for label in hidden)
    markdown = (tmp_path / "report.md").read_text("utf-8")
    assert all(row["label"] in markdown for row in report["gaps"])


def test_report_refuses_invalid_data(tmp_path: Path, fixture_path):
    result = runner.invoke(
        app,
        [
            "report",
            "-o",
            str(tmp_path),
            "--no-bundled",
            "--data",
            str(fixture_path("no_sector.ttl")),
        ],
    )
    assert result.exit_code == 1
    assert "fix the data first" in result.stderr
    assert not (tmp_path / "report.md").exists()


@pytest.mark.slow  # builds a store
def test_report_on_a_new_store_refuses_invalid_data_and_records_nothing(
    tmp_path: Path, fixture_path
):
    """The facts are read while the data is validated: a store whose data does not conform
    is still refused, and not recorded as valid (the second run validates it again)."""
    from kg.io.store import read_manifest

    store = tmp_path / "store"
    data = ["--no-bundled", "--data", str(fixture_path("no_sector.ttl")), "--store", str(store)]
    for _ in range(2):
        result = runner.invoke(app, ["report", "-o", str(tmp_path / "out"), *data])
        assert result.exit_code == 1, result.output
        assert "fix the data first" in result.stderr
    assert not (tmp_path / "out" / "report.md").exists()
    assert "validated" not in read_manifest(store)


@pytest.mark.slow
def test_report_escapes_text_from_the_data(tmp_path: Path, fixture_path):
    result = runner.invoke(
        app,
        [
            "report",
            "-o",
            str(tmp_path),
            "--no-bundled",
            "--data",
            str(fixture_path("hostile_label.ttl")),
        ],
    )
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "report.md").read_text("utf-8")
    assert "<img" not in markdown
    assert "&lt;img src=x onerror=alert(1)&gt;" in markdown


@pytest.mark.slow
def test_brokers_rank_those_that_broker_nothing_last_on_every_surface(bundled_report):
    """A broker links partners from different groups who are not partners (the glossary):
    an organisation with no open cross-group pair ranks after every one with one, however
    many groups its partners span; `kg brokers`, report.json and the report's table agree."""
    rows = json.loads(runner.invoke(app, ["brokers", "-f", "json", "-n", "0"]).stdout)["rows"]
    brokering = [r["cross_sector_pairs"] > 0 for r in rows]
    assert brokering.count(False) and brokering == sorted(brokering, reverse=True)
    order = [r["label"] for r in rows]
    assert order.index("Rädda Barnen") < order.index("HSB")  # 42 open pairs against none
    assert order.index("Region Skåne") < order.index("Segevångsskolan")
    folder, _ = bundled_report()
    report = json.loads((folder / "report.json").read_text("utf-8"))
    assert [b["iri"] for b in report["brokers"]] == [
        r["iri"] for r in rows[: len(report["brokers"])]
    ]
    markdown = (folder / "report.md").read_text("utf-8").split("## Brokers")[1]
    listed = [b["label_en"] or b["label"] for b in report["brokers"]]
    assert sorted(listed, key=markdown.index) == listed  # the report's table in that order
    shown = " ".join(runner.invoke(app, ["brokers", "--help"]).stdout.split())
    assert "query cross-sector-brokers counts only" in shown.replace("- ", "-")


# graphml is written from the same network as gexf, by networkx (slow: a variant of gexf's)
@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "graphml", "gexf"])
def test_an_organisation_without_partners_is_in_no_community_anywhere(tmp_path: Path, fmt: str):
    """Communities are numbered from 1 and leave out organisations without partners: the
    exports, kg.frames, `kg communities` and the map give such an organisation none, never a
    made-up community 0."""
    from kg.analysis.pipeline import analyse
    from kg.io.source import Source
    from kg.report.frames import frames
    from kg.web.map import render_map

    target = tmp_path / f"n.{fmt}"
    result = runner.invoke(app, ["export", "-f", fmt, "-o", str(target), "-q"])
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        nodes = {r["iri"]: r for r in csv.DictReader(io.StringIO(target.read_text("utf-8")))}
        community = {iri: row["community"] or None for iri, row in nodes.items()}
    else:
        network = nx.read_graphml(target) if fmt == "graphml" else nx.read_gexf(target)
        community = {iri: data.get("community") for iri, data in network.nodes(data=True)}
    found = json.loads(runner.invoke(app, ["communities", "-f", "json"]).stdout)["rows"]
    member_of = {m["iri"]: c["community"] for c in found for m in c["members"]}
    analysis = analyse(Source().facts())
    alone = {n for n in analysis.network if analysis.network.degree(n) == 0}
    assert "https://w3id.org/kg-malmo/id/valnamnden" in alone
    assert {iri for iri, c in community.items() if c is None} == alone
    assert {iri: int(c) for iri, c in community.items() if c is not None} == member_of
    assert min(member_of.values()) == 1
    nodes = frames(analysis)["nodes"].set_index("iri")["community"]
    assert set(nodes[nodes.isna()].index) == alone
    assert {i: int(c) for i, c in nodes.dropna().items()} == member_of
    drawn = {n["id"]: n["community"] for n in render_map(analysis).nodes}
    assert {iri for iri, c in drawn.items() if c is None} == alone


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["centrality"],
        ["brokers"],
        ["communities"],
        ["suggest", "fritidsnamnden"],
    ],
)
def test_machine_output_names_every_organisation_in_both_languages(args: list[str]):
    """Every analysis command's JSON and CSV give the English name beside the Swedish one, as
    kg gaps and report.json do."""
    english = {"Tekniska nämnden": "Technical Committee", "Malmö högskola": "Malmö University"}
    for fmt in ("json", "csv"):
        result = CliRunner().invoke(app, [*args, "-f", fmt, "-q"])
        assert result.exit_code == 0, result.output
        if fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(result.stdout)))
        else:
            found = json.loads(result.stdout)
            rows = (
                found["rows"]
                if "rows" in found
                else [c for g in found["groups"] for c in g["candidates"]]
            )
            rows = [m for r in rows for m in r.get("members", [r])]
        named = {r["label"]: r["label_en"] for r in rows if r["label"] in english}
        assert named and all(english[k] == v for k, v in named.items()), (args, fmt, named)


@pytest.mark.parametrize("command", [["gaps"], ["centrality"], ["map", "-o", "{tmp}/m.html"]])
def test_parties_of_an_untyped_collaboration_are_an_error_not_a_crash(tmp_path, command):
    """The analyses read data that has not passed the shapes: a collaboration its memberships
    name but no file types is a clear error (exit 2) that points at kg validate."""
    data = tmp_path / "untyped.ttl"
    data.write_text(
        "@prefix : <https://w3id.org/kg-malmo/id/u/> .\n"
        "@prefix kg: <https://w3id.org/kg-malmo/ontology#> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        ':c a kg:Committee ; skos:prefLabel "Nämnden"@sv ; kg:sector kg:PublicSector .\n'
        ':a a kg:Association ; skos:prefLabel "A"@sv ; kg:sector kg:CivilSociety .\n'
        ":m1 a org:Membership ; org:member :c ; org:organization :x .\n"
        ":m2 a org:Membership ; org:member :a ; org:organization :x .\n",
        encoding="utf-8",
    )
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = runner.invoke(app, [*args, "--no-bundled", "--data", str(data)])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "id/u/x has parties (org:organization) but no collaboration type" in said
    assert "kg validate" in said and "internal error" not in said


@pytest.mark.slow
def test_a_derived_property_written_in_the_data_is_no_crash_and_no_partner(tmp_path):
    """kg:partner is the rules' to derive (the shapes refuse it in data, and kg validate and kg
    report stop on it): written by hand, to an actor no file describes or to one that exists,
    the analyses do not fail on it, and the partner lists hold only what the rules derive."""
    data = tmp_path / "written.ttl"
    data.write_text(
        "@prefix : <https://w3id.org/kg-malmo/id/> .\n"
        "@prefix kg: <https://w3id.org/kg-malmo/ontology#> .\n"
        ":valnamnden kg:partner :nobody-at-all , :malmo-hogskola .\n",
        encoding="utf-8",
    )
    plain = json.loads(runner.invoke(app, ["gaps", "-f", "json", "-q"]).stdout)
    result = runner.invoke(app, ["gaps", "-f", "json", "-q", "--data", str(data)])
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)
    assert [r["partner_list"] for r in written] == [r["partner_list"] for r in plain]
    assert runner.invoke(app, ["validate", "-q", "--data", str(data)]).exit_code == 1


@pytest.mark.slow
@pytest.mark.parametrize("given", ["tekniska-namnden", "id:tekniska-namnden"])
def test_a_committee_is_found_by_its_id_too(given: str):
    """The id a spreadsheet's row and the JSON output give names a committee as its name does."""
    by_name = runner.invoke(app, ["suggest", "Tekniska nämnden", "-f", "json"])
    by_id = runner.invoke(app, ["suggest", given, "-f", "json"])
    assert by_id.exit_code == 0, by_id.output
    assert json.loads(by_id.stdout) == json.loads(by_name.stdout)


@pytest.mark.slow
def test_report_json_gaps_are_the_rows_kg_gaps_gives(bundled_report):
    """As the README says: report.json's gaps rows are exactly `kg gaps -f json`'s, English
    names of the collaborations included."""
    rows = json.loads(runner.invoke(app, ["gaps", "-f", "json"]).stdout)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    folder, _ = bundled_report()
    report = json.loads((folder / "report.json").read_text("utf-8"))
    assert rows == report["gaps"]
    shared = [c for r in rows for p in r["partner_list"] for c in p["collaborations"]]
    assert shared and all(c["label_en"] for c in shared)


def test_an_actor_that_is_no_committee_is_said_so():
    said = runner.invoke(app, ["suggest", "Malmö stad"])
    assert said.exit_code == 2
    assert "'Malmö stad' is an actor, but not a committee" in said.stderr
    assert "no committee is called" in runner.invoke(app, ["suggest", "Ingen-alls"]).stderr


def test_a_word_inside_a_committee_s_name_gets_that_committee_as_the_hint():
    """`kg suggest bygg` (a word from the middle of Stadsbyggnadsnämnden, as a person
    remembers it) names the committees whose names hold it, where spelling alone found none
    and the hint sent the user to list every committee."""
    said = runner.invoke(app, ["suggest", "bygg", "--lang", "sv"])
    assert said.exit_code == 2
    text = " ".join(said.stderr.split())
    assert "ingen nämnd heter 'bygg'" in text and "menade du: Stadsbyggnadsnämnden" in text
    english = " ".join(runner.invoke(app, ["suggest", "bygg"]).stderr.split())
    assert "did you mean: Stadsbyggnadsnämnden" in english


@pytest.mark.slow
def test_suggestions_as_csv_name_each_candidate_by_its_iri_too():
    """A machine's table of suggestions keys each candidate as kg suggest -f json does."""
    said = CliRunner().invoke(app, ["suggest", "förskolenämnden", "-f", "json", "-q"])
    found = json.loads(said.stdout)
    wanted = [c["iri"] for g in found["groups"] for c in g["candidates"]]
    table = CliRunner().invoke(app, ["suggest", "förskolenämnden", "-f", "csv", "-q"]).stdout
    assert [row["iri"] for row in csv.DictReader(io.StringIO(table))] == wanted


def test_a_hint_naming_a_command_gives_it_the_data_the_failed_command_was_given(
    analysis_args, fixture_path
):
    """ "run `kg gaps` to list the committees" after `kg suggest NAME --no-bundled --data F`
    is run on the data the user gave (`kg gaps` alone lists the bundled data's committees),
    in both languages; with no data options it stays as it was."""
    data = shlex.quote(str(fixture_path("analysis.ttl")))
    said = runner.invoke(app, ["suggest", "Ingen-alls", *analysis_args])
    assert said.exit_code == 2
    hint = " ".join(said.stderr.split())
    assert f"run `kg gaps --no-bundled --data {data}` to list the committees" in hint
    swedish = runner.invoke(app, ["suggest", "Ingen-alls", "--lang", "sv", *analysis_args])
    assert f"kör `kg gaps --no-bundled --data {data}` för att" in " ".join(swedish.stderr.split())
    alone = runner.invoke(app, ["suggest", "Ingen-alls"])
    assert "run `kg gaps` to list the committees" in " ".join(alone.stderr.split())


@pytest.mark.slow  # writes a synthetic graph past the exact limit
def test_kg_centrality_says_closeness_is_estimated_too_past_the_exact_limit(tmp_path: Path):
    """Past 1,000 actors betweenness and closeness both come from a sample: the caption, in
    either language, names both, so a ranking by closeness is not read as exact."""
    from kg.synth import write_synthetic

    data = write_synthetic(tmp_path / "s.ttl", 1300, seed=3).path
    args = ["centrality", "--no-bundled", "--data", str(data), "--measure", "closeness", "-q"]
    english = runner.invoke(app, [*args, "--top", "1"], env={"COLUMNS": "200"})
    assert english.exit_code == 0, english.output
    assert "organisations, as is closeness" in english.stdout
    swedish = runner.invoke(app, [*args, "--top", "1", "--lang", "sv"], env={"COLUMNS": "200"})
    assert "liksom närhetscentraliteten" in swedish.stdout


def test_kg_gaps_json_gives_each_passage_once_with_the_partners_it_supports():
    """A row's ``evidence`` in `kg gaps -f json` (and report.json) is each passage of its
    partners' once, naming the partners it supports: those whose own ``evidence`` cites it."""
    result = runner.invoke(app, ["gaps", "-f", "json"])
    assert result.exit_code == 0, result.output
    shared = 0
    for row in json.loads(result.stdout):
        excerpts = [e["excerpt"] for e in row["evidence"]]
        assert len(excerpts) == len(set(excerpts)), row["label"]
        cited: dict[str, list[str]] = {}
        for partner in row["partner_list"]:
            for e in partner["evidence"]:
                cited.setdefault(e["excerpt"], []).append(partner["iri"])
        assert {e["excerpt"]: e["partners"] for e in row["evidence"]} == cited, row["label"]
        shared += sum(len(e["partners"]) > 1 for e in row["evidence"])
    assert shared  # some passage supports several partners of one committee
