"""An ``iri`` parameter that denotes no actor (its header's ``iri of kg:GoalArea``, ``iri of
kg:SourceDocument``, ``iri subclass of kg:Collaboration``) takes a thing of that kind by the
names the graph gives it (its labels, number, file name, title, the last part of its IRI),
and refuses another name saying what kind of thing it takes and the closest of that kind, on
the command line and in Python, in English and Swedish; one query's names are read once."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.errors import ParameterError, QuerySyntaxError
from kg.io.source import Source
from kg.sparql.library import find, from_text

runner = CliRunner()


def _rows(query: str, *params: str, lang: str = "en", options: tuple[str, ...] = ()):
    args = ["query", query, "-f", "csv", "--lang", lang, *options]
    return runner.invoke(app, [*args, *(x for p in params for x in ("-p", p))])


def _said(result) -> str:
    return " ".join(result.stderr.split())


@pytest.mark.slow
@pytest.mark.parametrize(
    ("query", "by_id", "names"),
    [
        ("collaborations-by-goal-area", "goal_area=id:goal-area-2", ["2", "Målområde 2"]),
        ("passages", "goal_area=id:goal-area-3", ["goal area 3", "en stad för barn och unga"]),
        ("passages", "document=id:doc-004", ["004_7af0419ea9a82ec3.txt", "Det fortsatta"]),
        ("committees-sharing-collaborations", "kind=kg:Project", ["Project", "projekt"]),
        ("committees-sharing-collaborations", "kind=kg:KnowledgeAlliance", ["kunskapsallians"]),
    ],
)
def test_a_thing_named_as_the_graph_names_it_gives_the_rows_of_its_id(
    query: str, by_id: str, names: list[str]
):
    """A goal area by its number or "Målområde N" (its class's name and its number), a
    document by its file name or the start of its title, a kind of collaboration by its
    local name or its label: the rows of its id, with no note."""
    expected = _rows(query, by_id)
    assert expected.exit_code == 0, expected.output
    assert expected.stdout.count("\n") > 1
    name = by_id.split("=")[0]
    for given in names:
        said = _rows(query, f"{name}={given}")
        assert said.exit_code == 0, said.output
        assert said.stdout == expected.stdout, given
        assert "note:" not in said.stderr


@pytest.mark.slow
def test_an_unknown_goal_area_names_the_kind_and_the_closest_in_either_language():
    """'Målområde 22' is no goal area: the error says a goal area is wanted (not "no actor is
    called …", with a hint to search actors) and names the close ones with their ids, by
    their names in the command's language."""
    english = _rows("collaborations-by-goal-area", "goal_area=Målområde 22")
    assert english.exit_code == 2
    said = _said(english)
    assert "no goal area is called 'Målområde 22' (parameter goal_area)" in said
    assert "hint: did you mean: " in said and "id:goal-area-2: A city for work" in said
    assert "actor" not in said
    swedish = _said(_rows("collaborations-by-goal-area", "goal_area=Målområde 22", lang="sv"))
    assert "fel: " in swedish
    assert "inget målområde heter 'Målområde 22' (parametern goal_area)" in swedish
    assert "tips: menade du: id:goal-area-2: En stad för arbete" in swedish


@pytest.mark.slow
def test_a_name_close_to_none_lists_every_one_of_the_kind():
    """A kind of collaboration, a document: where no name is close, the hint lists them all
    with their ids, in English and Swedish."""
    kinds = _rows("committees-sharing-collaborations", "kind=xq")
    assert kinds.exit_code == 2
    said = _said(kinds)
    assert "no collaboration type is called 'xq' (parameter kind)" in said
    assert "give one of these, by its id or name: kg:Collaboration: collaboration; " in said
    assert "kg:IOP: civic–public partnership (IOP); kg:KnowledgeAlliance" in said
    swedish = _said(_rows("passages", "document=zzz", lang="sv"))
    assert "inget källdokument heter 'zzz' (parametern document)" in swedish
    assert "tips: ange något av dessa, med id eller namn: id:doc-000: " in swedish
    assert "; id:doc-004: Det fortsatta arbetet" in swedish


@pytest.mark.slow
def test_a_name_several_goal_areas_start_with_is_refused_with_them():
    said = _said(_rows("passages", "goal_area=En stad"))
    assert "'En stad' matches several goal areas: id:goal-area-2: A city for work" in said
    assert "hint: give more of the name, or its id (for example id:goal-area-2)" in said
    swedish = _said(_rows("passages", "goal_area=En stad", lang="sv"))
    assert "'En stad' passar in på flera målområden: id:goal-area-2: En stad för arbete" in swedish


@pytest.mark.slow
def test_a_partner_groups_word_is_a_name_where_no_actor_is_taken():
    """``academia`` is kg:Academia for an actor parameter; for a goal area it is a name no
    goal area has (it gave an empty answer, bound to kg:Academia)."""
    said = _rows("collaborations-by-goal-area", "goal_area=academia")
    assert said.exit_code == 2
    assert "no goal area is called 'academia'" in _said(said)


@pytest.mark.parametrize(("lang", "said"), [("en", "a name the graph gives it"), ("sv", "grafen")])
def test_a_prefix_no_one_knows_is_refused_with_what_a_goal_area_takes(lang: str, said: str):
    """A goal area is no actor: the hint for a value that is no IRI names no actor's name or
    partner group, as the hint for an actor parameter does."""
    refused = _said(_rows("collaborations-by-goal-area", "goal_area=kgg:x", lang=lang))
    assert "'kgg:'" in refused and said in refused
    assert "Fritidsnämnden" not in refused and "academia" not in refused
    actor = _said(_rows("collaborations-of-actor", "actor=kgg:x", lang=lang))
    assert "'kgg:'" in actor and "Fritidsnämnden" in actor


@pytest.mark.slow
def test_the_committee_of_passages_is_a_committee():
    """passages' committee takes a committee (``iri of kg:Committee``): an administration's
    name is refused as no committee's, with the committee close to it."""
    by_id = _rows("passages", "committee=id:fritidsnamnden")
    assert _rows("passages", "committee=Fritidsnämnden").stdout == by_id.stdout
    said = _rows("passages", "committee=Fritidsförvaltningen")
    assert said.exit_code == 2
    assert "no committee is called 'Fritidsförvaltningen' (parameter committee)" in _said(said)
    assert "did you mean: Fritidsnämnden?" in _said(said)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "hint: the parameter takes a committee: give its name or id; the closest are "),
        pytest.param(  # the English case runs the same code
            "sv",
            "tips: parametern gäller en nämnd: ange nämndens namn eller id; de närmaste är ",
            marks=pytest.mark.slow,
        ),
    ],
)
def test_a_committee_given_no_iri_is_refused_with_the_closest_committees(lang: str, said: str):
    """passages' committee given a value that is no IRI and no name (``<Fritidsnämd>``, an
    unknown prefix): the hint says a committee is wanted and lists the committees closest to
    it, not the hint of an actor parameter (an actor's name, the partner groups)."""
    refused = _said(_rows("passages", "committee=<Fritidsnämd>", lang=lang))
    assert "'<Fritidsnämd>'" in refused
    assert f"{said}Fritidsnämnden, Förtroendenämnden, Förskolenämnden, " in refused
    assert "academia" not in refused and "Rädda" not in refused
    prefix = _said(_rows("passages", "committee=kgg:Fritid", lang=lang))
    assert "'kgg:'" in prefix and said in prefix and "academia" not in prefix
    actor = _said(_rows("collaborations-of-actor", "actor=<x y>", lang=lang))
    assert "academia" in actor and said not in actor  # an actor: as before


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "hint: the parameter takes a committee: give its name or id; the data has no "
         "committee"),
        ("sv", "tips: parametern gäller en nämnd: ange nämndens namn eller id; uppgifterna "
         "innehåller ingen nämnd"),
    ],
)  # fmt: skip
def test_a_committee_given_no_iri_in_data_without_committees_says_there_are_none(
    tmp_path, lang: str, said: str
):
    """Data that names no committee: the hint says so, where it listed no committees after
    "the closest are" (and, with nothing to fill the Swedish text in, stayed in English)."""
    data = tmp_path / "data.ttl"
    data.write_text(
        "@prefix kg: <https://w3id.org/kg-malmo/ontology#> .\n"
        "@prefix id: <https://w3id.org/kg-malmo/id/> .\n"
        'id:x a kg:Association ; kg:label "X förening"@sv .\n',
        encoding="utf-8",
    )
    options = ("--no-bundled", "--data", str(data))
    refused = _said(_rows("passages", "committee=<x y>", lang=lang, options=options))
    assert refused.endswith(said), refused


@pytest.mark.slow
def test_kg_query_in_python_takes_the_same_names(bundled_source: Source):
    """kg.query on a Source and on its store: "Målområde 2" is id:goal-area-2; an unknown one
    raises ParameterError saying a goal area is wanted."""
    expected = [str(r["passage"]) for r in kg.query(bundled_source, "passages", {"goal_area": "2"})]
    assert expected == [
        str(r["passage"])
        for r in kg.query(bundled_source, "passages", {"goal_area": "id:goal-area-2"})
    ]
    for target in (bundled_source, bundled_source.open()):
        rows = kg.query(target, "passages", {"goal_area": "målområde 2", "document": "doc-004"})
        assert [str(r["passage"]) for r in rows] == [
            p for p in expected if "ev-004-" in p
        ] and expected
    with pytest.raises(ParameterError) as unknown:
        kg.query(bundled_source, "collaborations-by-goal-area", {"goal_area": "Målområde 22"})
    assert unknown.value.message == "no goal area is called 'Målområde 22' (parameter goal_area)"
    assert "id:goal-area-2" in unknown.value.hint


def test_one_query_reads_the_names_once(bundled_source: Source, monkeypatch: pytest.MonkeyPatch):
    """On a raw store (which keeps no facts between calls), a query given three names reads
    the actors once and the other kinds' names in one query; two actors' names, the actors
    once."""
    import kg.model.facts
    import kg.sparql.engine

    reads: list[str] = []
    read_facts, select = kg.model.facts.read_facts, kg.sparql.engine.select

    def reading_facts(*args, **kwargs):
        reads.append("facts")
        return read_facts(*args, **kwargs)

    def selecting(target, text, *, name="kg"):
        reads.append(name)
        return select(target, text, name=name)

    monkeypatch.setattr(kg.model.facts, "read_facts", reading_facts)
    monkeypatch.setattr(kg.sparql.engine, "select", selecting)
    store = bundled_source.open()
    values = {"document": "Det fortsatta", "committee": "Fritidsnämnden", "goal_area": "3"}
    rows = [str(row["passage"]) for row in kg.query(store, "passages", values)]
    assert sorted(reads) == ["facts", "names"]
    ids = {
        "document": "id:doc-004",
        "committee": "id:fritidsnamnden",
        "goal_area": "id:goal-area-3",
    }
    assert rows == [str(row["passage"]) for row in kg.query(store, "passages", ids)]
    reads.clear()
    pair = {"actor_a": "Fritidsnämnden", "actor_b": "Rädda Barnen"}
    assert kg.query(store, "actors-linked", pair)
    assert reads == ["facts"]


def test_a_header_declares_what_an_iri_parameter_denotes():
    """``iri of CLASS`` and ``iri subclass of CLASS`` are read (and shown by kg queries); a
    plain ``iri`` is still valid; another type naming a class, or a class that is no IRI,
    is refused naming the line."""
    params = find("passages").params
    assert [(p.name, p.takes) for p in params[:3]] == [
        ("document", "iri of kg:SourceDocument"),
        ("committee", "iri of kg:Committee"),
        ("goal_area", "iri of kg:GoalArea"),
    ]
    assert params[2].denotes == "https://w3id.org/kg-malmo/ontology#GoalArea"
    kind = find("committees-sharing-collaborations").params[0]
    assert (kind.subclass, kind.takes) == (True, "iri subclass of kg:Collaboration")
    plain = from_text("#+ params:\n#+ param: a (iri, default: id:x) — a\nSELECT * { ?a ?b ?c }")
    assert (plain.params[0].of, plain.params[0].takes) == (None, "iri")
    for spec in ("literal of kg:GoalArea", "iri of GoalArea"):
        with pytest.raises(QuerySyntaxError, match="only an iri parameter names a class") as bad:
            from_text(f"#+ params:\n#+ param: a ({spec}) — a\nSELECT * {{ ?a ?b ?c }}")
        assert bad.value.line == 2
    shown = runner.invoke(app, ["queries", "passages", "--lang", "sv"])
    assert "goal_area (iri of kg:GoalArea, standard: kg:GoalAreaScheme)" in " ".join(
        shown.stdout.replace("│", " ").split()
    )


@pytest.mark.slow  # a server
def test_a_goal_area_is_looked_up_on_an_endpoint_too(bundled_source: Source):
    """kg query --endpoint and kg.query on an Endpoint: the name is the endpoint's goal area;
    a query given two actors' names asks the endpoint no more than one given one does, but
    for the ASK whether the second is an id."""
    from helpers.serving import running

    import kg.io.endpoint
    from kg.io.endpoint import Endpoint

    by_id = _rows("passages", "goal_area=id:goal-area-2")
    with running(store=bundled_source.open()) as server:
        url = server.url + "sparql"
        said = _rows("passages", "goal_area=Målområde 2", options=("--endpoint", url))
        assert said.exit_code == 0, said.output
        assert sorted(said.stdout.splitlines()) == sorted(by_id.stdout.splitlines())
        asked: list[str] = []
        query = kg.io.endpoint.Endpoint.query

        def counted(self, text, *args, **kwargs):
            asked.append(text)
            return query(self, text, *args, **kwargs)

        endpoint = Endpoint(url)
        # the names are the facts' own, which kg keeps for kg serve's graph after the first
        # reading: read them once before counting, so that both counts find them kept
        kg.query(endpoint, "actors-linked", {"actor_a": "Fritidsnämnden"})
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(kg.io.endpoint.Endpoint, "query", counted)
            assert kg.query(endpoint, "actors-linked", {"actor_a": "Fritidsnämnden"})
            one = len(asked)
            asked.clear()
            pair = {"actor_a": "Fritidsnämnden", "actor_b": "Radda Barnen"}
            assert kg.query(endpoint, "actors-linked", pair)
        assert one <= len(asked) <= one + 1, (one, len(asked))


_OWN_CLASS = """@prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Stift rdfs:label "Stiftelse"@sv, "Foundation"@en .
ex:Aid rdfs:label "Hjälpfond"@sv .
ex:kulturstiftelsen a ex:Stift, ex:Aid ; rdfs:label "Stiftelsen för kultur"@sv .
ex:idrottsstiftelsen a ex:Stift ; rdfs:label "Stiftelsen för idrott"@sv .
"""


@pytest.mark.parametrize(
    ("lang", "unknown", "several", "unlabelled"),
    [
        (
            "en",
            "no foundation is called 'Oslo' (parameter thing)",
            "'stiftelsen' matches several foundations: ",
            "no aid is called 'Oslo' (parameter aid)",
        ),
        (
            "sv",
            "inget av typen stiftelse heter 'Oslo' (parametern thing)",
            "'stiftelsen' passar in på flera av typen stiftelse: ",
            "inget av typen hjälpfond heter 'Oslo' (parametern aid)",
        ),
    ],
)
def test_a_class_of_the_graphs_own_is_named_by_its_label_in_the_commands_language(
    tmp_path, lang: str, unknown: str, several: str, unlabelled: str
):
    """A query's parameter that takes a class of the user's own graph (not kg's) names it in
    a refusal by the class's label there in the command's language (``Stiftelse``, not
    ``stift``); a class with no label in that language by the last part of its IRI, as
    before."""
    (tmp_path / "own.ttl").write_text(_OWN_CLASS, encoding="utf-8")
    (tmp_path / "own.rq").write_text(
        "#+ summary: Things\n#+ params:\n"
        "#+ param: thing (iri of <https://example.org/Stift>) — a foundation\n"
        "#+ param_sv: thing — en stiftelse\n"
        "#+ param: aid (iri of <https://example.org/Aid>, default: <https://example.org/x>) — a"
        "\n#+ param_sv: aid — en fond\n"
        "SELECT ?thing WHERE { ?thing a ?class }\n",
        encoding="utf-8",
    )
    options = ("--no-bundled", "--data", str(tmp_path / "own.ttl"))
    query = str(tmp_path / "own.rq")
    for given, said in (("Oslo", unknown), ("stiftelsen", several)):
        refused = _rows(query, f"thing={given}", lang=lang, options=options)
        assert refused.exit_code == 2, refused.output
        assert said in _said(refused)
    named = _rows(query, "thing=Stiftelsen för idrott", lang=lang, options=options)
    assert named.exit_code == 0, named.output
    other = _rows(query, "thing=Stiftelsen för kultur", "aid=Oslo", lang=lang, options=options)
    assert unlabelled in _said(other)
