"""Validation: the bundled data conforms; each broken fixture fails with a message to act on."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app


def test_bundled_data_conforms(bundled_graph):
    report = kg.validate(bundled_graph)
    assert report.conforms, "\n".join(str(v) for v in report.violations)


@pytest.mark.slow
def test_kitchen_sink_conforms(kitchen_sink):
    report = kg.validate(kitchen_sink)
    assert report.conforms, "\n".join(str(v) for v in report.violations)


@pytest.mark.parametrize(
    ("fixture", "node", "path", "message"),
    [
        (
            "missing_quote.ttl",
            "id:test/ev-unpaginated",
            "oa:hasSelector/oa:exact",
            "needs exactly one verbatim quote",
        ),
        (
            "iop_without_nonprofit.ttl",
            "id:test/iop",
            "(node)",
            "An IOP needs at least one non-profit party",
        ),
        (
            "quote_not_in_source.ttl",
            "id:test/ev",
            "oa:exact",
            "the quote is not in 004_7af0419ea9a82ec3.txt",
        ),
        (
            "quote_wrong_page.ttl",
            "id:test/ev",
            "oa:exact",
            "the quote is on page 21 of 004_7af0419ea9a82ec3.txt, not on page 22",
        ),
        ("two_types.ttl", "id:test/company", "rdf:type", "exactly one type from the ontology"),
        ("no_party.ttl", "id:test/network", "(node)", "at least one party"),
        ("no_sector.ttl", "id:test/university", "kg:sector", "exactly one kg:sector"),
        ("sector_contradicts_type.ttl", "id:test/committee", "kg:sector", "is a public body"),
        (
            "membership_without_evidence.ttl",
            "id:test/m3",
            "prov:wasDerivedFrom",
            "A membership needs evidence",
        ),
    ],
)
def test_each_defect_is_reported_once_with_what_to_do(fixture_path, fixture, node, path, message):
    report = kg.validate(kg.load([fixture_path(fixture)], bundled=False))
    assert not report.conforms
    assert len(report.violations) == 1, report.violations
    violation = report.violations[0]
    assert (violation.node, violation.path) == (node, path)
    assert message in violation.message


@pytest.mark.slow
def test_a_derived_property_written_in_data_is_refused(fixture_path):
    """kg:partner and kg:lacksGroup are the rules' (ontology/rules/): stated in a data file,
    they would be read as if derived; each is named with its rule and what to write."""
    report = kg.validate(kg.load([fixture_path("derived_property.ttl")], bundled=False))
    found = {(v.node, v.path): v.message for v in report.violations}
    assert set(found) == {
        ("id:test/committee", "kg:partner"),
        ("id:test/committee", "kg:lacksGroup"),
    }
    assert "ontology/rules/04-partner.rq" in found["id:test/committee", "kg:partner"]
    assert "org:Membership" in found["id:test/committee", "kg:partner"]


#: Each actor of wrong_parents.ttl that breaks a rule of parents, what is flagged and a word of
#: the message.
WRONG_PARENTS = {
    ("id:test/association", "org:unitOf"): "an organisation of its own",
    ("id:test/company", "org:subOrganizationOf"): "Company or kg:Municipality that owns it",
    ("id:test/admin-of-association", "org:unitOf"): "An administration is org:unitOf its",
    ("id:test/committee-in-committee", "org:subOrganizationOf"): "its kg:Municipality only",
    ("id:test/committee-as-unit", "org:unitOf"): "A committee is no unit",
    ("id:test/council-in-committee", "org:subOrganizationOf"): "A council is org:subOrg",
    ("id:test/council-as-unit", "org:unitOf"): "A council is no unit",
    ("id:test/committee-in-council", "org:subOrganizationOf"): "its kg:Municipality only",
    ("id:test/association-in-committee", "org:subOrganizationOf"): "only a larger kg:Assoc",
    ("id:test/unit-of-council", "org:unitOf"): "the organisation that runs it",
    ("id:test/institute-of-committee", "org:unitOf"): "its kg:University",
    ("id:test/unit-as-sub-organisation", "(node)"): "not org:subOrganizationOf alone",
    ("id:test/private-school", "(node)"): "whose units are municipal",
    ("id:test/library", "org:unitOf+"): "goes round in a circle",
    ("id:test/reading-room", "org:unitOf+"): "goes round in a circle",
    ("id:test/department", "org:unitOf+"): "goes round in a circle",
}


@pytest.mark.slow
def test_a_parent_of_the_wrong_kind_or_a_cycle_of_parents_is_refused(fixture_path):
    """Only a unit is part of (org:unitOf) another organisation, each of its own kind, a
    committee or the council of its municipality (org:subOrganizationOf); a chain of parents
    ends. A city office, a council's office, a clinic of a regional agency, a company's school,
    an association's café, a local branch, a municipal company are right."""
    report = kg.validate(kg.load([fixture_path("wrong_parents.ttl")], bundled=False))
    found = {(v.node, v.path): v.message for v in report.violations}
    assert set(found) == set(WRONG_PARENTS), report.violations
    for key, words in WRONG_PARENTS.items():
        assert words in found[key], found[key]
    assert not any("Malmö" in message for message in found.values())


@pytest.mark.slow
def test_a_control_character_in_a_name_or_title_is_refused_where_it_is_written(fixture_path):
    """A name or title holding a control character (which GraphML, GEXF, SVG and Excel cannot
    hold) is a violation at its line; a tab and a line break are not; a quote holding one is
    not in its source."""
    path = fixture_path("control_characters.ttl")
    where = _where(path)
    assert where == {
        ("id:test/committee", "skos:prefLabel"): f"{path}:{_line(path, ':committee')}",
        ("id:test/association", "skos:altLabel"): f"{path}:{_line(path, '    skos:altLabel')}",
        ("id:test/doc", "dcterms:title"): f"{path}:{_line(path, '    dcterms:title')}",
        ("id:test/ev", "oa:exact"): f"{path}:{_line(path, '        oa:exact')}",
    }
    messages = {v.path: v.message for v in kg.validate(kg.load([path], bundled=False)).violations}
    assert "control character" in messages["skos:prefLabel"]
    assert "the quote is not in" in messages["oa:exact"]


@pytest.mark.slow
def test_the_links_org_entails_for_a_unit_are_accepted(tmp_path, bundled_graph):
    """ORG makes every org:unitOf an org:subOrganizationOf as well (org:hasUnit is a
    sub-property of org:hasSubOrganization, each the other's inverse): a graph a reasoner has
    expanded that way still conforms, while a unit linked by org:subOrganizationOf alone does
    not (see test_a_parent_of_the_wrong_kind_or_a_cycle_of_parents_is_refused)."""
    graph = bundled_graph
    org = "http://www.w3.org/ns/org#"
    pairs = sorted(graph.query(f"SELECT ?u ?p {{ ?u <{org}unitOf> ?p }}"))
    assert len(pairs) > 20
    entailed = tmp_path / "entailed.ttl"
    entailed.write_text(
        "".join(f"<{u}> <{org}subOrganizationOf> <{p}> .\n" for u, p in pairs), encoding="utf-8"
    )
    report = kg.validate(kg.load([entailed]))
    assert report.conforms, "\n".join(str(v) for v in report.violations)


@pytest.mark.slow
def test_links_to_other_datasets_validate_and_change_no_analysis(tmp_path):
    """data/README.md, "Linking to other datasets": a file of skos:exactMatch, owl:sameAs and
    org:identifier links conforms, and the gaps and the network are the same with it."""
    links = tmp_path / "links.ttl"
    links.write_text(
        "@prefix id: <https://w3id.org/kg-malmo/id/> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "id:radda-barnen skos:exactMatch <https://example.org/item/1> ;\n"
        '    owl:sameAs <https://example.org/item/1> ; org:identifier "000000-0000" .\n',
        encoding="utf-8",
    )
    report = kg.validate(kg.load([links]))
    assert report.conforms, "\n".join(str(v) for v in report.violations)
    runner = CliRunner()
    for command in (["gaps", "-f", "json"], ["centrality", "-f", "json"]):
        plain = runner.invoke(app, [*command, "-q"])
        linked = runner.invoke(app, [*command, "-q", "--data", str(links)])
        assert plain.exit_code == linked.exit_code == 0, linked.output
        assert linked.stdout == plain.stdout
    readme = (Path(__file__).resolve().parents[1] / "data" / "README.md").read_text("utf-8")
    assert "## Linking to other datasets" in readme


def test_no_shape_message_names_a_city():
    """Other cities use kg: the shapes' messages name no municipality of the bundled data."""
    from kg.paths import shapes_file

    text = shapes_file().read_text(encoding="utf-8")
    messages = re.findall(r'sh:message "((?:[^"\\]|\\.)*)"', text)
    assert len(messages) > 30
    assert not [m for m in messages if "Malmö" in m or "malmo-stad" in m]


def _where(*files: Path) -> dict[tuple[str, str], str]:
    args = ["validate", "--no-bundled", "-f", "json"]
    for file in files:
        args += ["--data", str(file)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    return {(v["node"], v["path"]): v["where"] for v in json.loads(result.stdout)["violations"]}


def _line(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return 1 + next(i for i, text in enumerate(lines) if text.startswith(start))


@pytest.mark.slow
def test_a_violation_points_at_the_line_that_states_its_property(fixture_path, tmp_path: Path):
    """Not at the line that types the node: there the property is not to be found. Also when
    another file states it, and where a property list goes on over several lines."""
    data = fixture_path("derived_property.ttl")
    stated = f"{data}:{_line(data, ':committee kg:partner')}"
    assert _where(data) == {
        ("id:test/committee", "kg:partner"): stated,
        ("id:test/committee", "kg:lacksGroup"): stated,
    }
    text = data.read_text(encoding="utf-8")
    head = text[: text.index("# a derived property written in data")]
    described, added = tmp_path / "described.ttl", tmp_path / "added.ttl"
    described.write_text(head, encoding="utf-8")
    prefixes = "".join(line + "\n" for line in head.splitlines() if line.startswith("@prefix"))
    added.write_text(
        prefixes + "\n:committee\n    kg:partner :association ;\n    kg:lacksGroup kg:Business .\n",
        encoding="utf-8",
    )
    assert _where(described, added) == {
        ("id:test/committee", "kg:partner"): f"{added}:{_line(added, '    kg:partner')}",
        ("id:test/committee", "kg:lacksGroup"): f"{added}:{_line(added, '    kg:lacksGroup')}",
    }


@pytest.mark.slow
def test_a_violation_in_n_triples_points_at_its_triple(fixture_path, tmp_path: Path):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(fixture_path("derived_property.ttl")), format=ox.RdfFormat.TURTLE)
    data = tmp_path / "derived.nt"
    store.dump(str(data), ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    lines = data.read_text(encoding="utf-8").splitlines()
    committee = "<https://w3id.org/kg-malmo/id/test/committee> "

    def line_of(predicate: str) -> str:
        found = [i for i, text in enumerate(lines, 1) if text.startswith(committee + predicate)]
        return f"{data}:{found[0]}"

    assert _where(data) == {
        ("id:test/committee", "kg:partner"): line_of(
            "<https://w3id.org/kg-malmo/ontology#partner>"
        ),
        ("id:test/committee", "kg:lacksGroup"): line_of(
            "<https://w3id.org/kg-malmo/ontology#lacksGroup>"
        ),
    }


def test_a_violation_in_turtle_pyoxigraph_wrote_points_at_its_line(fixture_path, tmp_path: Path):
    """pyoxigraph escapes a / in a local name (``id:test\\/committee``)."""
    import pyoxigraph as ox

    from kg.model.vocab import PREFIXES

    store = ox.Store()
    store.load(path=str(fixture_path("derived_property.ttl")), format=ox.RdfFormat.TURTLE)
    data = tmp_path / "written.ttl"
    data.write_bytes(ox.serialize(store, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES)))
    text = data.read_text(encoding="utf-8")
    assert "id:test\\/committee" in text
    lines = text.splitlines()
    # pyoxigraph opens the statement with another property and puts kg:partner on a line of
    # its own, indented
    stated = [i for i, line in enumerate(lines, 1) if "kg:partner id:test\\/association" in line]
    assert _where(data)[("id:test/committee", "kg:partner")] == f"{data}:{stated[0]}"


def test_a_missing_property_points_at_the_line_that_types_the_node(fixture_path):
    data = fixture_path("membership_without_evidence.ttl")
    where = _where(data)
    assert where[("id:test/m3", "prov:wasDerivedFrom")] == f"{data}:{_line(data, ':m3 a ')}"


def test_violation_line_names_label_node_and_property(fixture_path):
    report = kg.validate(kg.load([fixture_path("membership_without_evidence.ttl")], bundled=False))
    assert str(report.violations[0]).startswith(
        "membership of Testhögskolan in Testallians (id:test/m3) prov:wasDerivedFrom: "
    )


@pytest.mark.slow
def test_report_as_plain_data(fixture_path):
    report = kg.validate(kg.load([fixture_path("no_sector.ttl")], bundled=False))
    data = report.to_dict()
    assert data["conforms"] is False
    assert data["violations"][0]["node"] == "id:test/university"


TRICKY = '''PREFIX id: <https://w3id.org/kg-malmo/id/>
@prefix kg: <https://w3id.org/kg-malmo/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
# a comment that ends like a statement .
id:x rdfs:comment "a ; b . c"@sv;
    rdfs:label """over
two lines ; kg:sector .""" ;
    kg:sector kg:Busines . # misspelt
id:e
    a kg:SourceExcerpt ;
    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "a quote" ] ;
    kg:page 3.
id:y a kg:Company . id:z a kg:Company ; kg:sector kg:Business .
'''


@pytest.mark.parametrize(
    ("node", "path", "line"),
    [
        ("id:x", "kg:sector", 9),  # after a string with ; and . and a string over lines
        ("id:x", "rdfs:label", 7),
        ("id:x", "kg:missing", 6),  # not stated, not typed: the statement's first line
        ("id:e", "oa:exact", 12),  # inside the selector's [ … ]
        ("id:e", "oa:hasSelector/oa:exact", 12),
        ("id:e", "kg:page", 13),
        ("id:e", "(node)", 11),  # typed on a line of its own
        ("id:z", "kg:sector", 14),  # a second statement on a line
        ("id:y", "(node)", 14),
    ],
)
def test_located_reads_turtle_as_written(tmp_path: Path, node: str, path: str, line: int):
    import pyoxigraph as ox

    from kg.validation.locate import located
    from kg.validation.report import Violation

    data = tmp_path / "tricky.ttl"
    data.write_text(TRICKY, encoding="utf-8")
    assert len(list(ox.parse(path=str(data), format=ox.RdfFormat.TURTLE))) == 11  # valid
    violation = Violation(node, node, path, "…")
    assert located([violation], [data]) == {violation.ref: f"{data}:{line}"}


@pytest.mark.slow
def test_a_page_written_as_text_is_one_violation_not_a_contradiction(fixture_path, tmp_path: Path):
    """kg:page "21" (text, not a number) breaks the page's shape; the quote check does not
    add "the quote is on page 21, not on page 21"."""
    data = tmp_path / "page.ttl"
    text = fixture_path("quote_wrong_page.ttl").read_text("utf-8")
    data.write_text(text.replace("kg:page 22 ;", 'kg:page "21" ;'), "utf-8")
    report = kg.validate(kg.load([data], bundled=False))
    assert [(v.path, v.message) for v in report.violations] == [
        ("kg:page", "kg:page is one whole number of 1 or more (kg:page 21).")
    ]


@pytest.mark.parametrize(("pages", "on_page"), [('"21", 21', True), ('"22", 22', False)])
def test_a_page_written_both_as_text_and_as_a_number_is_a_violation_not_a_crash(
    fixture_path, tmp_path: Path, pages: str, on_page: bool
):
    """kg:page "21", 21 on one excerpt: the shapes report the page written as text, and the
    quote is checked against the number (it is on page 21), where sorting the two pages
    crashed the check (an internal error, exit 3)."""
    data = tmp_path / "pages.ttl"
    text = fixture_path("quote_wrong_page.ttl").read_text("utf-8")
    data.write_text(text.replace("kg:page 22 ;", f"kg:page {pages} ;"), "utf-8")
    said = CliRunner().invoke(app, ["validate", "--no-bundled", "--data", str(data)])
    assert said.exit_code == 1, said.output
    assert "kg:page is one whole number" in said.output
    assert ("the quote is on page 21" in said.output) is not on_page


@pytest.mark.slow
def test_shapes_given_by_a_relative_path_are_read(monkeypatch: pytest.MonkeyPatch, bundled_graph):
    """kg.validate(data, shapes=Path("shapes.ttl")) from the folder that holds them."""
    monkeypatch.chdir(kg.paths.shapes_file().parent)
    report = kg.validate(bundled_graph, shapes=Path(kg.paths.shapes_file().name))
    assert report.conforms, report.violations
