"""kg as a Python library: what a notebook or a script meets when it calls the public names
(kg.Source, kg.query, kg.stats, kg.answer_frame …) the way the README shows, and the mistakes
it makes on the way, each told in words that serve a Python caller."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest
from helpers import needs
from rdflib import BNode
from rdflib.namespace import SKOS

import kg
import kg.model.triples
from kg.io.source import Source
from kg.sparql.library import from_text

LACKS_BUSINESS = """PREFIX kg: <https://w3id.org/kg-malmo/ontology#>
SELECT ?committee WHERE { ?committee kg:lacksGroup kg:Business }"""


def _committees(rows) -> set[str]:
    """The IRIs of the first column: pyoxigraph's NamedNode or rdflib's URIRef."""
    return {str(getattr(row[0], "value", row[0])) for row in rows}


@pytest.fixture(scope="module")
def graphs(bundled_source: Source) -> tuple:
    """The bundled data's rdflib copies, curated alone and with the committee-level view,
    made once for the tests below, which only read them."""
    return bundled_source.graph(), bundled_source.graph(derived=True)


@pytest.mark.slow
def test_every_route_that_asks_for_the_committee_level_view_reads_it(
    bundled_source: Source, graphs: tuple
):
    """kg.query, the rdflib copy with derived=True and the store queried with kg's options
    answer alike; the curated facts alone (graph(), kg.load()) hold no view."""
    curated, derived = graphs
    by_kg = _committees(kg.query(bundled_source, from_text(LACKS_BUSINESS)))
    assert len(by_kg) > 5
    assert _committees(derived.query(LACKS_BUSINESS)) == by_kg
    store = bundled_source.open()
    assert _committees(store.query(LACKS_BUSINESS, **kg.model.triples.dataset())) == by_kg
    assert not list(store.query(LACKS_BUSINESS))  # the view is a named graph of its own
    assert not list(curated.query(LACKS_BUSINESS))


@pytest.mark.slow
def test_the_graph_with_the_view_is_the_curated_graph_and_the_view(graphs: tuple):
    curated, derived = graphs
    assert len(derived) > len(curated)
    named = [t for t in curated if not any(isinstance(term, BNode) for term in t)]
    assert all(triple in derived for triple in named)
    lacks = kg.KG.lacksGroup
    assert not list(curated.triples((None, lacks, None)))


def test_paths_are_given_as_text_or_paths_singly_or_in_any_iterable(tmp_path: Path):
    data = Path(kg.__file__).parents[1] / "tests" / "fixtures" / "kitchen_sink.ttl"
    given = Source(data=(str(p) for p in [data]), bundled=False, store=str(tmp_path / "st"))
    assert given.data == (data,) and given.store == tmp_path / "st"
    assert Source(data=data, bundled=False) == Source(data=[str(data)], bundled=False)


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"data": 123}, "Source(data=…) takes a path (a str or a pathlib.Path) or a list of"),
        ({"data": [Path("a.ttl"), 7]}, "Source(data=…) takes a path"),
        ({"store": ["a", "b"]}, "Source(store=…) takes a path (a str or a pathlib.Path), not"),
        ({"year": "twenty"}, "Source(year=…) takes a year as a number, such as 2016"),
        ({"year": 2012.0}, "Source(year=…) takes a year as a number"),
    ],
)
def test_a_source_given_the_wrong_kind_of_value_says_what_it_takes(options: dict, said: str):
    with pytest.raises(TypeError, match=said.replace("(", r"\(").replace(")", r"\)")):
        Source(**options)


def test_a_year_given_as_text_is_the_year():
    assert Source(year="2012") == Source(year=2012)
    assert Source(year=" 2016 ").year == 2016
    numpy = pytest.importorskip("numpy")  # a year read with pandas
    assert Source(year=numpy.int64(2016)).year == 2016
    for wrong in ("²", 2016.0, True):
        with pytest.raises(TypeError, match="takes a year as a number"):
            Source(year=wrong)


def test_a_value_naming_nothing_in_the_graph_is_warned_of_once(bundled_source: Source):
    """kg.query says what kg query notes: the answer is empty because the id is not in the
    graph; a value the graph holds is not warned of."""
    with pytest.warns(kg.KgWarning) as warned:
        rows = kg.query(bundled_source, "committee-partners", {"committee": "id:socialnamnd"})
    assert list(rows) == []
    assert [str(w.message) for w in warned] == [
        "committee=id:socialnamnd is not in the graph, so nothing matches it; check the name "
        "(the library query search-actors finds a node by part of its name: text=…)"
    ]
    assert warned[0].filename == __file__  # the caller's line, not kg's
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert list(
            kg.query(bundled_source, "committee-partners", {"committee": "sociala-resursnamnden"})
        )
        assert list(kg.query(bundled_source.open(), "committees-lacking-sector"))


#: Ids the graph lacks, each with the id of the node the closest name names (None: none close)
MISSPELT = [
    (
        {"actor_a": "id:fritidsnamden", "actor_b": "id:radda-barn"},
        ["fritidsnamnden", "radda-barnen"],
    ),
    (
        {"actor_a": "id:kulturnamden", "actor_b": "id:im"},
        ["kulturnamnden", "individuell-manniskohjalp"],
    ),
    ({"actor_a": "id:socialnamnd", "actor_b": "id:polisen"}, [None]),
]


def test_absent_ids_get_the_nodes_of_the_closest_names(bundled_source: Source):
    """Each id the graph lacks is answered with the nodes whose names are closest to its last
    part (difflib's closest at 0.8 of every name, case and accents ignored), each parameter its
    own, however the names are read; an id the graph holds gets nothing."""
    import difflib

    from kg.model.names import fold
    from kg.sparql.absent import absent_iris
    from kg.sparql.engine import prepare, select

    names: dict[str, set[str]] = {}
    text = "SELECT ?node ?name WHERE { ?node skos:prefLabel|skos:altLabel ?name }"
    for row in select(bundled_source, text):
        names.setdefault(fold(row["name"].value), set()).add(row["node"].value)
    for given, meant in MISSPELT:
        absent = absent_iris(bundled_source, prepare("actors-linked", given))
        assert [a.param for a in absent] == [p for p, v in given.items() if v != "id:polisen"]
        for found, expected in zip(absent, meant, strict=True):
            wanted = fold(found.iri.rsplit("/", 1)[-1].replace("-", " "))
            close = difflib.get_close_matches(wanted, sorted(names), n=5, cutoff=0.8)
            assert found.similar == tuple(dict.fromkeys(n for c in close for n in sorted(names[c])))
            if expected:
                assert found.similar[0].endswith("/" + expected)
            else:
                assert found.similar == ()


@pytest.mark.slow
def test_the_command_line_notes_an_absent_value_once_and_warns_of_nothing():
    from typer.testing import CliRunner

    from kg.cli import app

    args = ["query", "committee-partners", "-p", "committee=id:socialnamnd", "-f", "csv"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("is not in the graph") == 1
    assert "KgWarning" not in result.stderr


@pytest.mark.parametrize("function", [kg.query, kg.stats])
def test_an_rdflib_graph_given_to_query_or_stats_is_refused_with_what_to_give(
    function, bundled_graph
):
    with pytest.raises(TypeError, match=r"takes a kg.Source .* not an rdflib Graph") as refused:
        function(bundled_graph, "sector-pairs") if function is kg.query else function(bundled_graph)
    assert "graph.query(text)" in str(refused.value)
    with pytest.raises(TypeError, match="not a str"):
        kg.query("sector-pairs", "sector-pairs")


def test_facts_and_an_analysis_show_as_one_line_of_counts(bundled_facts):
    """What a notebook shows of them: counts, not the hundreds of thousands of characters of
    every record."""
    analysis = kg.analyse(bundled_facts)
    facts_line, analysis_line = repr(bundled_facts), repr(analysis)
    assert facts_line.startswith("<Facts: ") and "\n" not in facts_line
    assert f"{len(bundled_facts.actors)} actors" in facts_line
    assert f"{len(bundled_facts.collaborations)} collaborations" in facts_line
    assert analysis_line.startswith("<Analysis: ") and len(analysis_line) < 200
    assert f"{analysis.network.number_of_nodes()} organisations" in analysis_line
    assert f"of {len(analysis.gaps)} committees with a gap" in analysis_line
    assert "reported in 2012" in repr(Source(year=2012).facts())


def test_help_of_an_analysis_says_what_each_of_its_fields_holds(bundled_facts):
    """help(analysis) in a notebook names every field with what it holds, the network's node
    and edge attributes among them (what a networkx user reads the graph by)."""
    import dataclasses
    import pydoc

    analysis = kg.analyse(bundled_facts)
    text = pydoc.render_doc(analysis, renderer=pydoc.plaintext)
    for field in dataclasses.fields(analysis):
        assert f"``{field.name}``:" in text, field.name
    attributes = next(iter(analysis.network.nodes(data=True)))[1]
    edge = next(iter(analysis.network.edges(data=True)))[2]
    for name in [*attributes, *edge]:
        assert f"``{name}``" in text, name


def test_the_package_says_it_is_typed():
    """kg/py.typed (PEP 561): a type checker reads kg's annotations in a user's script."""
    assert (Path(kg.__file__).parent / "py.typed").is_file()


def test_an_answer_read_once_is_refused_the_second_time(bundled_source: Source):
    """A query's answer is an iterator: a second frame of it would be empty, silently."""
    answer = kg.query(bundled_source, "sector-pairs")
    assert len(kg.answer_frame(answer)) > 0
    with pytest.raises(kg.KgError, match="this answer has been read already"):
        kg.answer_frame(answer)
    for _ in range(3):  # a new answer each time: each is read once, and forgotten
        assert len(kg.answer_frame(kg.query(bundled_source, "sector-pairs"))) > 0


@pytest.mark.slow  # builds a store
def test_the_frame_of_an_answer_passed_as_it_came_leaves_no_store_open(tmp_path: Path):
    """kg.answer_frame(kg.query(source, …)) kept the answer, and with it the store open,
    until the next answer_frame: after `del source` the store's files stayed open (on
    Windows, a store a notebook holds cannot be rebuilt)."""
    import contextlib
    import gc
    import os

    def open_in_store() -> list[str]:
        held = []
        for fd in os.listdir("/proc/self/fd"):
            with contextlib.suppress(OSError):  # the listing's own descriptor, closed since
                held.append(os.readlink(f"/proc/self/fd/{fd}"))
        return [path for path in held if path.startswith(str(tmp_path.resolve()))]

    kitchen_sink = Path(__file__).parent / "fixtures" / "kitchen_sink.ttl"
    Source(data=kitchen_sink, bundled=False, store=tmp_path / "store").open()  # built
    source = Source.of_store(tmp_path / "store")  # read from disk
    frame = kg.answer_frame(kg.query(source, "actors-by-sector"))  # (not in an assert,
    assert len(frame) > 0 and open_in_store()  # whose rewriting keeps the answer in a name)
    del source
    gc.collect()
    assert open_in_store() == []


def test_a_list_of_an_answers_rows_is_a_frame_given_its_columns(bundled_source: Source):
    answer = kg.query(bundled_source, "sector-pairs")
    names = [variable.value for variable in answer.variables]
    rows = list(answer)
    whole = kg.answer_frame(kg.query(bundled_source, "sector-pairs"))
    listed = kg.answer_frame(rows, columns=names)
    assert listed.equals(whole)
    assert kg.answer_frame(rows, columns=answer.variables).equals(whole)
    with pytest.raises(kg.KgError, match="does not keep the variables' names") as refused:
        kg.answer_frame(rows)
    assert "columns=[v.value for v in answer.variables]" in refused.value.hint
    assert list(kg.answer_frame([], columns=names).columns) == names
    construct = from_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2")
    triples = kg.answer_frame(list(kg.query(bundled_source, construct)))
    assert list(triples.columns) == ["subject", "predicate", "object"] and len(triples) == 2
    with pytest.raises(TypeError, match="not a list of str"):
        kg.answer_frame(["sector-pairs"])
    with pytest.raises(TypeError, match="not a Source"):
        kg.answer_frame(bundled_source)


@pytest.mark.slow
def test_the_nodes_municipal_column_is_a_boolean_one_with_gaps(bundled_facts):
    needs.module("pandas")
    nodes = kg.frames(kg.analyse(bundled_facts))["nodes"]
    assert str(nodes["municipal"].dtype) == "boolean"
    assert nodes["municipal"].any() and not nodes["municipal"].dropna().all()


def test_hints_about_what_was_given_serve_a_python_caller_too(tmp_path: Path):
    """A hint names the command line's option beside what a Python caller gives."""
    with pytest.raises(kg.DataLoadError) as missing:
        kg.load([tmp_path / "missing.ttl"])
    assert missing.value.hint == "check the path given (--data on the command line)"
    declared = from_text("#+ params:\n#+ param: n (integer) — how many\nSELECT ?n WHERE { }")
    with pytest.raises(kg.KgError) as unbound:
        kg.query(Source(), declared)
    assert "{'n': VALUE} from Python" in unbound.value.hint
    with pytest.raises(kg.KgError, match=r"data \(--data\) cannot be added to an endpoint"):
        Source(data=["x.ttl"], endpoint="http://127.0.0.1:9/sparql")


@pytest.mark.parametrize("given", ["a folder of spreadsheets", "an empty file"])
def test_a_source_given_no_data_says_so_as_the_command_line_does(tmp_path: Path, given: str):
    """A folder without RDF files (a city's before its first kg import) or a file without
    triples is no data: an error naming it, not an empty network of no gaps."""
    if given == "an empty file":
        path = tmp_path / "empty.ttl"
        path.write_text("@prefix x: <http://example.org/> .\n", encoding="utf-8")
        said = "no data: the file holds no triples"
    else:
        path = tmp_path / "city"
        path.mkdir()
        (path / "actors.csv").write_text("id,name\n", encoding="utf-8")
        said = "no data: the folder holds no RDF files"
    with pytest.raises(kg.DataLoadError, match=said) as refused:
        kg.analyse(Source(data=[path], bundled=False).facts())
    assert refused.value.path == path
    with pytest.raises(kg.DataLoadError, match=said):
        kg.query(Source(data=[path]), "sector-pairs")
    with pytest.raises(kg.DataLoadError, match=said):
        kg.load(path)  # not a graph of the bundled data that kg.validate finds conforming


@pytest.mark.slow
def test_suggestions_and_the_map_are_public_names(bundled_facts):
    """kg.suggest finds a committee by name as kg suggest does, and says so when it cannot;
    kg.render_map gives the map kg map writes."""
    from typer.testing import CliRunner

    from kg.cli import app

    analysis = kg.analyse(bundled_facts)
    found = kg.suggest(analysis, "förskolenämnden", top=2)
    cli = json.loads(
        CliRunner().invoke(app, ["suggest", "förskolenämnden", "--top", "2", "-f", "json"]).stdout
    )
    assert found["committee"] == cli["committee"]
    assert [[c["iri"] for c in g["candidates"]] for g in found["groups"]] == [
        [c["iri"] for c in g["candidates"]] for g in cli["groups"]
    ]
    with pytest.raises(kg.KgError, match="no committee is called"):
        kg.suggest(analysis, "no such committee")
    page = kg.render_map(analysis, lang="sv")
    assert page.nodes and '<html lang="sv"' in page.html


def test_help_on_kg_logs_nothing_and_dir_of_kg_KG_gives_its_terms_names(caplog):
    """help(kg), a notebook's first step, shows the ontology's terms by name; rdflib's
    dir() of a closed namespace gives their IRIs, which help() looked up as names, rdflib
    logging each as an invalid IRI (five lines a term, 440 in all)."""
    import pydoc

    with warnings.catch_warnings():
        # rdflib's own base class says so of each term help() looks for in it (RDFLib/rdflib
        # issue 1972): a warning, which a filter turns off, unlike the log lines
        warnings.filterwarnings("ignore", "Code: .* not defined in namespace DefinedNamespace")
        text = pydoc.render_doc(kg, renderer=pydoc.plaintext)
    assert not [r for r in caplog.records if r.name.startswith("rdflib")], caplog.text
    assert "\n     |  Committee = rdflib.term.URIRef('https://w3id.org/kg-malmo/" in text
    names = dir(kg.KG)
    assert "Committee" in names and all(getattr(kg.KG, name) == kg.KG[name] for name in names)


def test_a_query_text_from_python_is_named_as_a_query_not_as_standard_input():
    """An error in a text given to kg.query names it <query> (as kg serve does), not
    <stdin>, which is where `kg query -` reads it from."""
    with pytest.raises(kg.errors.QuerySyntaxError) as caught:
        kg.query(kg.Source(), from_text("SELECT * WHERE { ?s ?p }"))
    assert str(caught.value).startswith("<query>:1:18: SPARQL syntax error"), caught.value
    with pytest.raises(kg.errors.ParameterError, match=r"^<query>: the query declares no"):
        kg.query(kg.Source(), from_text("SELECT * WHERE { ?s ?p ?o }"), {"x": 1})


def test_export_network_takes_its_path_as_a_str_and_returns_paths(tmp_path, bundled_facts):
    """The README's export_network(analysis.network, "graphml", Path(…)) with the path as a
    str, as kg.export_rdf takes one: the CSV stopped with "'str' object has no attribute
    'with_name'", and GraphML returned the str it was given."""
    from kg.report.network_export import export_network

    network = kg.analyse(bundled_facts).network
    for fmt, name in [("csv", "malmo.csv"), ("graphml", "malmo.graphml")]:
        written = export_network(network, fmt, str(tmp_path / name))
        assert written[0] == tmp_path / name and all(isinstance(p, Path) for p in written)
        assert all(p.is_file() for p in written)


def test_suggest_says_where_python_lists_the_committees(bundled_facts):
    """An unknown name or an actor that is no committee: the hint names where the analysis
    lists the committees, not the command `kg gaps` a notebook does not run."""
    analysis = kg.analyse(bundled_facts)
    for name, said in [("xyzzy", "no committee is called"), ("Malmö stad", "not a")]:
        with pytest.raises(kg.KgError, match=said) as caught:
            kg.suggest(analysis, name)
        assert "kg gaps" not in caught.value.hint and "analysis.gaps" in caught.value.hint
        code = re.search(r"\[gap.*?analysis\.gaps\]", caught.value.hint)[0]  # as it runs
        listed = eval(code, {"analysis": analysis})
        assert listed == [g["label"] for g in analysis.gaps] and "Förskolenämnden" in listed


def test_suggest_takes_one_group_as_its_name_or_several_in_any_iterable(bundled_facts):
    """sectors="academia" is the one group, as sectors=["academia"] is, not its letters."""
    analysis = kg.analyse(bundled_facts)
    listed = kg.suggest(analysis, "förskolenämnden", sectors=["academia"])
    assert [g["sector"] for g in listed["groups"]] == ["academia"]
    assert kg.suggest(analysis, "förskolenämnden", sectors="academia") == listed
    both = kg.suggest(analysis, "förskolenämnden", sectors=("civil", "academia"))
    assert [g["sector"] for g in both["groups"]] == ["civil", "academia"]
    with pytest.raises(kg.KgError, match="'nope' is not a partner group"):
        kg.suggest(analysis, "förskolenämnden", sectors="nope")


def test_suggest_top_0_is_every_candidate_in_python_as_on_the_command_line(bundled_facts):
    """top=0 lists every candidate, as ``kg suggest -n 0`` does (it gave none from Python);
    fewer than 0, or not a whole number, is refused rather than read as none (``-n -1`` gave
    empty groups and exit 0)."""
    from typer.testing import CliRunner

    from kg.cli import app

    analysis = kg.analyse(bundled_facts)
    every = kg.suggest(analysis, "förskolenämnden", top=0)
    sizes = [len(g["candidates"]) for g in every["groups"]]
    assert min(sizes) > 0 and max(sizes) > 3  # more than the default three of a group
    cli = CliRunner().invoke(app, ["suggest", "förskolenämnden", "-n", "0", "-f", "json"])
    assert [[c["iri"] for c in g["candidates"]] for g in json.loads(cli.stdout)["groups"]] == [
        [c["iri"] for c in g["candidates"]] for g in every["groups"]
    ]
    for wrong in (-1, "2", 1.5, True):
        with pytest.raises(ValueError, match="top is the candidates per group"):
            kg.suggest(analysis, "förskolenämnden", top=wrong)
    for command in (["suggest", "förskolenämnden"], ["centrality"], ["brokers"]):
        refused = CliRunner().invoke(app, [*command, "-n", "-1"])
        assert refused.exit_code == 2 and "-1 is not in the range x>=0" in refused.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("committee-partners", [("committee", "socialnamnden")]), "parameters as a mapping"),
        ((None,), "not NoneType"),
        ((3,), "not int"),
    ],
)
def test_query_given_the_wrong_kind_says_what_it_takes(args, said):
    """A query that is not a name, path or query, or parameters not given as a mapping, are a
    TypeError saying what kg.query takes (they were AttributeErrors from inside)."""
    with pytest.raises(TypeError, match=said):
        kg.query(kg.Source(), *args)


@pytest.mark.parametrize("given", ["data/malmo.ttl", Path("data"), None])
def test_validate_given_what_is_not_a_graph_says_what_it_takes(given):
    """A path or nothing given to kg.validate is a TypeError naming what to give (it was an
    AttributeError from inside: "'str' object has no attribute 'serialize'")."""
    with pytest.raises(TypeError, match=r"kg.validate takes an rdflib Graph \(kg.load\(\)"):
        kg.validate(given)


@pytest.mark.slow  # builds a store
def test_a_source_in_use_pickles_and_copies_as_its_options(tmp_path: Path):
    """A Source already read goes to a process pool or a cache (pickled) and is copied: the
    copy opens the graph again when first used (a pyoxigraph store cannot be pickled: it was
    "cannot pickle 'pyoxigraph.Store' object"), and does not rebuild a store its original's
    reload=True built."""
    import copy
    import pickle

    source = kg.Source()
    facts = source.facts()
    again = pickle.loads(pickle.dumps(source))
    assert again == source
    assert repr(again.facts()) == repr(facts)
    assert kg.stats(again) == kg.stats(source)
    stored = kg.Source(store=tmp_path / "store", reload=True)
    stored.facts()
    manifest = tmp_path / "store" / "kg-store.json"
    build = json.loads(manifest.read_text(encoding="utf-8"))["build"]
    copied = copy.deepcopy(stored)
    assert copied.triples() == stored.triples()
    assert repr(copied.facts()) == repr(facts)
    assert json.loads(manifest.read_text(encoding="utf-8"))["build"] == build


@pytest.mark.parametrize(
    ("function", "parameter"),
    [(kg.load, "extra"), (kg.import_spreadsheet, "sources"), (kg.validate, "sources")],
)
def test_one_path_is_annotated_as_taken_where_it_is_taken(function, parameter):
    """kg.load(Path("city.ttl")), kg.validate(graph, sources="texts") … run, so a type
    checker is told they do (the annotations took an iterable of paths, or of Path only)."""
    import inspect
    from collections.abc import Iterable
    from os import PathLike
    from typing import get_args

    from kg.io.given import PathText

    annotation = inspect.signature(function).parameters[parameter].annotation
    taken = set(get_args(eval(annotation, {"PathText": PathText, "Iterable": Iterable})))
    assert {str, PathLike[str]} <= taken


@pytest.mark.slow
def test_one_path_given_is_read_as_the_files_in_it(bundled_graph):
    """kg.load(data_dir()), one path, reads the folder's files: the bundled data."""
    from kg.paths import data_dir

    assert len(kg.load(data_dir(), bundled=False)) == len(bundled_graph)


def test_every_function_with_a_lang_refuses_a_language_kg_does_not_speak(
    fixture_path, tmp_path: Path
):
    """One rule for an unknown language across the Python API: each public function (and
    public method of a public class) that takes ``lang`` refuses one kg has no words for,
    naming it and the languages kg speaks, rather than answer in another (``kg.label`` fell
    back to a name in another language, ``kg.export_spreadsheet`` raised a KeyError)."""
    import inspect

    facts = Source(data=fixture_path("kitchen_sink.ttl"), bundled=False)
    graph = facts.graph()
    actor = next(iter(graph.subjects(SKOS.prefLabel, None)))
    violation = kg.Violation(label="A", node=str(actor), path="(node)", message="m")
    calls = {
        "label": lambda lang: kg.label(graph, actor, lang),
        "render_map": lambda lang: kg.render_map(kg.analyse(facts.facts()), lang=lang),
        "export_spreadsheet": lambda lang: kg.export_spreadsheet(
            graph, tmp_path / f"{lang}.xlsx", lang=lang
        ),
        "Violation.said": violation.said,
        "Violation.text": violation.text,
    }
    taking = set()
    for name in kg.__all__:
        value = getattr(kg, name)
        members = inspect.getmembers(value) if inspect.isclass(value) else [(None, value)]
        for member, function in members:
            if member is not None and (member.startswith("_") or name.endswith("Error")):
                continue  # an error's wording (KgError.worded) is kg's own, not a caller's
            with_lang = callable(function) and "lang" in _parameters(function)
            if with_lang:
                taking.add(f"{name}.{member}" if member else name)
    assert taking == calls.keys()
    for name, call in calls.items():
        for lang in ("en", "sv"):
            call(lang)
        with pytest.raises(kg.KgError, match="unknown language 'de'") as refused:
            call("de")
        assert refused.value.hint == "choose one of: en, sv", name
    assert not list(tmp_path.glob("de.*"))


def _parameters(function) -> set[str]:
    import inspect

    try:
        return set(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return set()


@pytest.mark.parametrize("read", [1, "all"])
def test_an_answer_read_in_part_is_refused_not_framed_short(bundled_source: Source, read):
    """A SELECT's answer whose first rows the caller looped over (or all of them) gave a
    frame of the rest without a word: kg.query's answer, still pyoxigraph's QuerySolutions
    to isinstance and giving the same rows, tells kg.answer_frame that rows were read."""
    import pyoxigraph as ox

    needs.module("pandas")
    whole = kg.answer_frame(kg.query(bundled_source, "sector-pairs"))
    answer = kg.query(bundled_source, "sector-pairs")
    assert isinstance(answer, ox.QuerySolutions)
    taken = [next(answer)] if read == 1 else list(answer)
    with pytest.raises(
        kg.KgError, match=rf"rows of this answer have been read already \({len(taken)} of them\)"
    ):
        kg.answer_frame(answer)
    again = kg.query(bundled_source, "sector-pairs")
    names = [variable.value for variable in again.variables]
    assert kg.answer_frame(list(again), columns=names).equals(whole)
    assert len(taken) == (1 if read == 1 else len(whole))
    triples = kg.query(
        bundled_source, from_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2")
    )
    assert isinstance(triples, ox.QueryTriples) and isinstance(next(triples), ox.Triple)
    with pytest.raises(kg.KgError, match="rows of this answer have been read already"):
        kg.answer_frame(triples)


def test_help_of_the_facts_says_what_each_of_their_fields_holds(bundled_facts):
    """help(source.facts()) names every field with what it holds, as help(analysis) does."""
    import dataclasses
    import pydoc

    text = pydoc.render_doc(bundled_facts, renderer=pydoc.plaintext)
    for field in dataclasses.fields(bundled_facts):
        assert f"``{field.name}``:" in text or f"``{field.name}`` and" in text, field.name
