"""What a Python user's review of kg's API found: each told in words for the caller, and the
tables and claims the README gives a notebook held to what they say."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.errors import in_language

runner = CliRunner()


def test_a_folder_given_as_an_output_file_is_said_to_be_a_folder(tmp_path: Path):
    """It said "check that the folder exists and is writable", of a folder that does."""
    folder = tmp_path / "somefolder"
    folder.mkdir()
    with pytest.raises(kg.KgError) as python:
        kg.export_rdf(Graph(), "ttl", folder)
    assert python.value.hint == "the path is a folder: give the name of a file in it"
    result = runner.invoke(app, ["export", "-f", "ttl", "-o", str(folder)])
    assert result.exit_code == 2, result.output
    assert "the path is a folder: give the name of a file in it" in " ".join(result.stderr.split())
    sink = str(Path(__file__).parent / "fixtures" / "kitchen_sink.ttl")
    (tmp_path / "new.ttl").write_bytes(Path(sink).read_bytes())
    old_new = [sink, str(tmp_path / "new.ttl")]
    result = runner.invoke(app, ["diff", *old_new, "--no-bundled", "-m", str(folder)])
    said = " ".join(result.stderr.split())
    assert (
        "the path is a folder: give the name of a file in it, or choose another file with -m"
        in said
    )


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "error: .: cannot write .: a folder of that name is in the way"),
        ("sv", "fel: .: kan inte skriva .: "),
    ],
)
def test_the_current_folder_given_as_the_output_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, said: str
):
    """`kg export -o .` said "cannot write : a folder …" (the name of "." is empty), and in
    English under --lang sv, as the Swedish text wants a name."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "-f", "ttl", "-o", ".", "--lang", lang])
    assert result.exit_code == 2, result.output
    assert " ".join(result.stderr.split()).startswith(said), result.stderr


@pytest.mark.parametrize(
    ("query", "values", "said"),
    [
        (
            "committee-partners",
            {"committee": ["förskolenämnden"]},
            "parameter 'committee' (iri) takes text (a name, an id such as id:x or an IRI), "
            "or an RDF term (rdflib's or pyoxigraph's), not ['förskolenämnden'] (of type list); "
            "for several values, run the query once for each",
        ),
        ("committee-partners", {"committee": 3}, "not 3 (of type int)"),
        ("cross-sector-brokers", {"min_sectors": True}, "takes a whole number"),
        ("search-actors", {"text": {"a": 1}}, "parameter 'text' (literal) takes text"),
    ],
)
def test_a_value_that_is_not_text_a_term_or_a_number_it_takes_is_a_type_error(
    bundled_source, query: str, values: dict, said: str
):
    """A list was read as its text: "no actor is called '['förskolenämnden']'"."""
    with pytest.raises(TypeError) as refused:
        kg.query(bundled_source, query, values)
    assert said in str(refused.value)


def test_terms_and_numbers_a_parameter_takes_are_taken(bundled_source):
    from rdflib import URIRef

    iri = "https://w3id.org/kg-malmo/id/forskolenamnden"
    given = [URIRef(iri), ox.NamedNode(iri), "förskolenämnden"]
    answers = [
        len(list(kg.query(bundled_source, "committee-partners", {"committee": g}))) for g in given
    ]
    assert answers[0] > 0 and len(set(answers)) == 1
    assert list(kg.query(bundled_source, "cross-sector-brokers", {"min_sectors": 3}))


def test_an_unknown_focus_is_hinted_at_in_the_callers_own_form(bundled_facts, tmp_path: Path):
    """kg.render_map gave a notebook the command line's ``kg query search-actors -p``."""
    analysis = kg.analyse(bundled_facts)
    with pytest.raises(kg.KgError) as python:
        kg.render_map(analysis, focus="zzz")
    hint = 'search by part of the name: kg.query(source, "search-actors", {"text": "zzz"})'
    assert python.value.hint == hint
    assert in_language(python.value, "sv")[1].endswith(
        'tips: sök på en del av namnet: kg.query(source, "search-actors", {"text": "zzz"})'
    )
    said = runner.invoke(app, ["map", "--focus", "zzz", "-o", str(tmp_path / "m.html")]).stderr
    assert "hint: search by part of the name: kg query search-actors -p text=zzz" in said


def test_a_query_parameter_no_actor_has_is_hinted_at_in_the_callers_own_form(bundled_source):
    """kg.query gave a notebook the command line's ``kg query search-actors -p`` for a name
    no actor has; ``kg query`` keeps it, in Swedish too."""
    with pytest.raises(kg.KgError) as python:
        kg.query(bundled_source, "committee-partners", {"committee": "Qwxyz"})
    hint = 'search by part of the name: kg.query(source, "search-actors", {"text": "Qwxyz"})'
    assert python.value.hint == hint
    assert in_language(python.value, "sv")[1].endswith(
        'tips: sök på en del av namnet: kg.query(source, "search-actors", {"text": "Qwxyz"})'
    )
    said = runner.invoke(app, ["query", "committee-partners", "-p", "committee=Qwxyz"]).stderr
    assert "hint: search by part of the name: kg query search-actors -p text=Qwxyz" in said


def test_text_committees_names_hold_is_no_committee_not_the_office_it_starts(bundled_facts):
    """``kg suggest nämnden`` answered that 'Förtroendenämndens kansli' (also "Nämndens
    kansli") is an actor but not a committee."""
    result = runner.invoke(app, ["suggest", "nämnden"])
    assert result.exit_code == 2, result.output
    said = " ".join(result.stderr.split())
    assert "no committee is called 'nämnden'" in said and "kansli" not in said
    named = said.split("did you mean: ")[1].rstrip("?").split("; ")
    assert len(named) > 1 and all("nämnden" in name for name in named)
    analysis = kg.analyse(bundled_facts)
    with pytest.raises(kg.KgError, match="no committee is called 'nämnden'"):
        kg.suggest(analysis, "nämnden")
    with pytest.raises(kg.KgError, match="'Förtroendenämndens kansli' is an actor, but not a"):
        kg.suggest(analysis, "Nämndens kansli")  # its whole other name


def _python_blocks() -> list[str]:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    return [b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "import kg" in b]


def test_the_readme_makes_no_frame_of_an_answer_it_loops_over(bundled_source):
    """The README looped over ``rows`` with a comment pointing at ``kg.answer_frame(rows)``,
    which was then an empty frame, without a word: it and answer_frame say so, and such a
    frame is refused."""
    for block in _python_blocks():
        looped = set(re.findall(r"^\s*for \w+ in (\w+)", block, re.M))
        framed = set(re.findall(r"answer_frame\((\w+)\)", block))
        assert not looped & framed, block
    assert "rows were read before" in " ".join(kg.answer_frame.__doc__.split())
    rows = kg.query(bundled_source, "sector-pairs")
    assert [row for row in rows]
    # what the README warns of
    with pytest.raises(kg.KgError, match="rows of this answer have been read already"):
        kg.answer_frame(rows)


def test_networkx_writers_refuse_just_the_attributes_the_readme_names(bundled_facts, tmp_path):
    """``nx.write_gexf(analysis.network, …)`` failed on None where the README named list
    attributes alone: it names every attribute that stops networkx's writers, and
    export_network, the way it gives, writes the network whole."""
    import networkx as nx

    from kg.report.network_export import export_network

    network = kg.analyse(bundled_facts).network
    block = next(b for b in _python_blocks() if "export_network(analysis.network" in b)
    claim = block.split('export_network(analysis.network, "graphml"')[1].split("\nfrom ")[0]
    named = set(re.findall(r"`(\w+)`", claim))
    held = [data for _, data in network.nodes(data=True)]
    held += [data for _, _, data in network.edges(data=True)]
    stopping = {k for data in held for k, v in data.items() if v is None or isinstance(v, list)}
    assert named == stopping == {"units", "collaborations", "municipal", "community"}
    for write in (nx.write_gexf, nx.write_graphml):
        with pytest.raises((TypeError, nx.NetworkXError)):
            write(network, tmp_path / "refused")
        bare = network.copy()
        for data in [d for _, d in bare.nodes(data=True)] + [d for *_, d in bare.edges(data=True)]:
            for key in named & set(data):
                del data[key]
        write(bare, tmp_path / "written")  # without them, networkx writes it
    for fmt in ("gexf", "graphml"):
        assert export_network(network, fmt, tmp_path / f"network.{fmt}")[0].stat().st_size


def test_the_suggestions_frame_for_a_committee_is_kg_suggest_as_csv(bundled_facts):
    """The frame had columns of its own (rank, candidate, context …) where the docstring says
    the frames are the commands' CSV: now one definition, the frame adding the committee."""
    import io

    import pandas as pd

    frame = kg.frames(kg.analyse(bundled_facts))["suggestions"]
    assert list(frame.columns[:2]) == ["committee", "committee_label"]
    for name in ("Förskolenämnden", "Kulturnämnden"):
        listed = runner.invoke(app, ["suggest", name, "-f", "csv"]).stdout
        as_csv = pd.read_csv(io.StringIO(listed), keep_default_na=False, dtype=str)
        rows = frame[frame["committee_label"] == name].drop(
            columns=["committee", "committee_label"]
        )
        assert len(rows) > 3  # the best three of each group it lacks, as kg suggest gives
        assert list(rows.columns) == list(as_csv.columns)
        assert rows["rank"].tolist()[:3] == [1, 2, 3] and rows["similar"].dtype.kind == "f"
        assert rows.fillna("").astype(str).values.tolist() == as_csv.values.tolist()
        assert rows["score"].dtype.kind == "f"
