"""Loading: the bundled data, extra files and folders, and errors that load nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib.namespace import RDF

import kg
from kg.io.files import data_files
from kg.model.namespace import KG


def test_bundled_data_loads_with_the_ontology(bundled_graph):
    assert (KG.Committee, RDF.type, None) in bundled_graph
    assert len(set(bundled_graph.subjects(RDF.type, KG.Committee))) == 20
    assert len(set(bundled_graph.subjects(RDF.type, KG.Council))) == 1


@pytest.mark.slow
def test_extra_file_is_added_to_the_bundled_data(fixture_path, bundled_graph):
    graph = kg.load([fixture_path("kitchen_sink.ttl")])
    assert len(graph) > len(bundled_graph)


def test_folder_is_searched_recursively(tmp_path: Path, fixture_path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "x.ttl").write_text(fixture_path("kitchen_sink.ttl").read_text("utf-8"), "utf-8")
    assert data_files([tmp_path]) == [nested / "x.ttl"]


def test_a_file_reached_twice_is_read_once(tmp_path: Path, fixture_path):
    """Read twice, a file's blank nodes were two of each: `kg stats --data data` in a checkout
    (the bundled data given again) said 7,052 triples for 6,173, and report.json listed 59
    data files for 30."""
    from typer.testing import CliRunner

    from kg.cli import app
    from kg.paths import data_dir

    def stats(*args: str) -> dict:
        result = CliRunner().invoke(app, ["stats", "--format", "json", *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    assert stats("--data", str(data_dir())) == stats()
    sink = fixture_path("kitchen_sink.ttl")
    (tmp_path / "link.ttl").symlink_to(sink)
    given = [sink, tmp_path / "link.ttl", tmp_path, sink.parent / "." / sink.name]
    assert data_files(given) == [sink]
    once = stats("--no-bundled", "--data", str(sink))
    assert stats("--no-bundled", *(a for p in given for a in ("--data", str(p)))) == once


@pytest.mark.slow
def test_a_hard_link_is_the_file_it_links_and_a_namesake_is_another(tmp_path: Path, fixture_path):
    """A hard link (or a bind mount) is the same file by another path: read once, or its blank
    nodes were two of each. A file of the same name in another folder is another file."""
    sink = fixture_path("kitchen_sink.ttl")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.ttl").write_bytes(sink.read_bytes())
    (tmp_path / "b" / "x.ttl").hardlink_to(tmp_path / "a" / "x.ttl")
    assert data_files([tmp_path]) == [tmp_path / "a" / "x.ttl"]
    once = kg.load([tmp_path / "a"], bundled=False)
    assert len(kg.load([tmp_path / "a", tmp_path / "b"], bundled=False)) == len(once)
    (tmp_path / "b" / "x.ttl").unlink()
    (tmp_path / "b" / "x.ttl").write_bytes(sink.read_bytes())  # a copy: its own blank nodes
    assert data_files([tmp_path]) == [tmp_path / "a" / "x.ttl", tmp_path / "b" / "x.ttl"]
    assert len(kg.load([tmp_path], bundled=False)) > len(once)


def test_a_file_name_with_a_line_break_keeps_the_error_on_its_lines(tmp_path: Path):
    """A file called "fel<newline>fil.ttl" was named over two lines, the second looking like
    a file of its own ("fil.ttl:3: syntax error")."""
    from typer.testing import CliRunner

    from kg.cli import app

    (tmp_path / "fel\nfil.ttl").write_text("@prefix ex: <http://e/> .\nex:a ex:b ex:c ;\n", "utf-8")
    result = CliRunner().invoke(app, ["validate", "--no-bundled", "--data", str(tmp_path)])
    assert result.exit_code == 2
    said = result.output.splitlines()
    assert said[0].startswith(f"error: {tmp_path}/fel\\nfil.ttl:3: syntax error"), said
    assert len(said) == 2 and said[1].startswith("  hint: ")


@pytest.mark.parametrize("folder", ["Å stad", "-stad", "it's"])
def test_the_import_command_a_hint_gives_runs_as_printed(tmp_path: Path, monkeypatch, folder):
    """The hint for a workbook given as data printed its paths bare: in a folder with a
    space or a quote the command split into other words, and a relative path starting with
    "-" was taken for an option (kg import -stad/… : "No such option: -s")."""
    import shlex

    from typer.testing import CliRunner

    from kg.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / folder).mkdir()
    (tmp_path / folder / "data.xlsx").write_bytes(b"PK")
    given = f"{folder}/data.xlsx"
    result = CliRunner().invoke(app, ["stats", "--no-bundled", f"--data={given}"])
    assert result.exit_code == 2
    hint = result.output.split("kg import: ", 1)[1].split(", then --data ")
    words = shlex.split(hint[0])
    assert words[:2] == ["kg", "import"] and words[3] == "-o"
    assert Path(words[2]) == Path(given) and not words[2].startswith("-")
    assert Path(words[4]) == Path(folder) / "data.ttl"
    assert shlex.split(hint[1].strip()) == [words[4]]


@pytest.mark.slow
def test_syntax_error_names_file_and_line_and_loads_nothing(fixture_path):
    bad = fixture_path("syntax_error.ttl")
    with pytest.raises(kg.DataLoadError) as caught:
        kg.load([fixture_path("kitchen_sink.ttl"), bad])
    error = caught.value
    assert error.path == bad
    assert error.line == 6  # the statement on line 5 lacks its '.', seen on line 6
    assert "syntax_error.ttl:6" in str(error)
    assert "nothing was loaded" in str(error)


def _load(loader: str, path) -> None:
    """Load ``path`` the way ``loader`` (rdflib or pyoxigraph) does in kg."""
    from kg.io.parse import bulk_load, parse_file

    if loader == "rdflib":
        parse_file(path)
    else:
        import pyoxigraph as ox

        bulk_load(ox.Store(), path)


@pytest.mark.parametrize("loader", ["rdflib", "pyoxigraph"])
def test_a_missing_dot_before_comments_is_pointed_at_where_its_statement_ends(tmp_path, loader):
    """The parser sees a missing '.' only at the next statement, past comments and blank
    lines: the hint names the line where the statement before ends."""
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix : <http://example.org/> .\n:a :p :b\n\n# ---- the next part\n\n:c :p :d .\n",
        encoding="utf-8",
    )
    with pytest.raises(kg.DataLoadError) as caught:
        _load(loader, bad)
    assert "the one ending on line 2" in str(caught.value), str(caught.value)


@pytest.mark.parametrize("loader", ["rdflib", "pyoxigraph"])
def test_typographic_quotes_a_word_processor_wrote_are_named(tmp_path, loader):
    """A Turtle file saved by Word has curly quotes where Turtle needs straight ones: the
    hint says so, and what to do, in either language; curly quotes inside a string are text."""
    from kg.errors import in_language

    bad = tmp_path / "word.ttl"
    bad.write_text(
        "@prefix : <http://example.org/> .\n"
        ':a :note "he said “yes”" .\n'
        ":b :label “Testföreningen”@sv .\n",
        encoding="utf-8",
    )
    with pytest.raises(kg.DataLoadError) as caught:
        _load(loader, bad)
    assert caught.value.line == 3
    assert caught.value.hint == (
        "replace the curly quotes (“ ” ‘ ’) with straight ones (\" or '): a word processor "
        "such as Word writes curly ones; edit Turtle in a plain-text editor; nothing was loaded"
    )
    swedish = in_language(caught.value, "sv")[1]
    assert "byt de typografiska citattecknen (“ ” ‘ ’) mot raka" in swedish, swedish


@pytest.mark.parametrize(
    ("name", "expected", "hint"),
    [
        (
            "missing.ttl",
            "no such file or folder",
            "check the path given (--data on the command line)",
        ),
        ("data.jsonld", "cannot read '.jsonld' files", "rdfpipe -i json-ld -o turtle data.jsonld"),
        ("data.rdf", "cannot read '.rdf' files", "rdfpipe -i xml -o turtle data.rdf > data.ttl"),
        (
            "city.xlsx",
            "cannot read '.xlsx' files",
            "import {folder}/city.xlsx -o {folder}/city.ttl",
        ),
        ("actors.csv", "cannot read '.csv' files", "import {folder} -o {parent}/{stem}.ttl"),
        ("notes.docx", "cannot read '.docx' files", "give Turtle (.ttl) or N-Triples (.nt)"),
    ],
)
def test_unusable_paths_are_refused(tmp_path: Path, name: str, expected: str, hint: str):
    """A file kg does not read names what to do with it: convert other RDF, import a
    spreadsheet (CSV files by their folder)."""
    if name != "missing.ttl":
        (tmp_path / name).write_text("{}", "utf-8")
    with pytest.raises(kg.DataLoadError, match=expected) as caught:
        kg.load([tmp_path / name])
    expected = hint.format(folder=tmp_path, parent=tmp_path.parent, stem=tmp_path.name)
    assert expected in caught.value.hint


@pytest.mark.slow
def test_non_utf8_file_is_refused(tmp_path: Path):
    bad = tmp_path / "latin1.ttl"
    bad.write_bytes('@prefix : <https://x/> . :a :b "Malmö" .'.encode("latin-1"))
    with pytest.raises(kg.DataLoadError, match="UTF-8"):
        kg.load([bad])
