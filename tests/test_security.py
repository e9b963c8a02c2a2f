"""Hostile data and bad input on the command line: document paths stay in the sources folder,
text from the data is escaped in report.md and on the terminal, outputs are all or nothing,
and an empty or mis-encoded input is an error with a place."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from kg.analysis.pipeline import analyse
from kg.cli import app
from kg.io.source import Source
from kg.report.write import write_report

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = (FIXTURES / "hostile_label.ttl").read_text(encoding="utf-8")
#: Labels that rich would read as markup (a closing tag, a hyperlink), an emoji code, a
#: terminal escape sequence and a bare carriage return starting a Markdown heading.
COMMITTEE = "Nämnd [/] för test\\r# Injected heading"
COMPANY = "[link=https://evil.example]Rädda Barnen[/link] :x: \\u001b[31mred"
EVIL_FILE = "evil|<img src=x onerror=alert(1)>[click](javascript:alert(2))_doc.txt"


def hostile(tmp_path: Path, *, file_name: str | None = None, validated: bool = False) -> Path:
    """The kitchen-sink fixture with hostile labels (and, if given, a hostile file name).
    ``validated``: for a command that validates first, which refuses the ESC (a C0 control
    character) in a name: the escape sequence starts with CSI (U+009B, a C1 control) instead."""
    company = COMPANY.replace("\\u001b[", "\\u009b") if validated else COMPANY
    text = HOSTILE.replace('"Testnämnden"@sv', f'"{COMMITTEE}"@sv').replace(
        '"Testbolaget"@sv', f'"{company}"@sv'
    )
    if file_name is not None:
        text = text.replace('"004_7af0419ea9a82ec3.txt"', f'"{file_name}"')
    path = tmp_path / "hostile.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str) -> object:
    return runner.invoke(app, [*args, "--no-bundled"])


# ---------------------------------------------------------------- kg:fileName


@pytest.mark.parametrize("kind", ["absolute", "dotdot"])
def test_a_document_path_outside_the_sources_is_refused(tmp_path: Path, kind: str):
    """The review's D5: kg:fileName was read as any path, making validate an oracle."""
    secret = tmp_path / "secret.txt"
    secret.write_text("bildat en kunskapsallians som resulterat i Mötesplats Otto\n", "utf-8")
    name = str(secret) if kind == "absolute" else os.path.relpath(secret, _sources())
    data = hostile(tmp_path, file_name=name)
    result = invoke("validate", "--data", str(data))
    assert result.exit_code == 1, result.output
    assert "is not a file name in the sources folder" in result.output


def _sources() -> Path:
    from kg.paths import sources_dir

    return sources_dir()


# ---------------------------------------------------------------- report.md


@pytest.mark.slow
def test_report_md_escapes_file_names_and_line_breaks(tmp_path: Path):
    """The review's D6: an <img onerror> ran from a file name; a bare CR made a heading."""
    data = hostile(tmp_path, file_name=EVIL_FILE)
    analysis = analyse(Source(data=(data,), bundled=False).facts())
    write_report(analysis, tmp_path / "out", triples=1)
    # as written: read_text() would turn the bare CR into a line feed before the check
    markdown = (tmp_path / "out" / "report.md").read_bytes().decode("utf-8")
    assert "\r" not in markdown and "<img" not in markdown
    assert "Text file: evil\\|&lt;img src=x" in markdown
    html = MarkdownIt("commonmark", {"html": True}).render(markdown)
    assert "onerror" not in re.sub(r"&lt;img src=x onerror", "", html), "no element from the data"
    assert 'href="javascript' not in html
    assert all(img.startswith('<img src="charts/') for img in re.findall(r"<img [^>]*>", html))
    own = {*re.findall(r'<a id="[a-z0-9_-]+"></a>', markdown), '<a href="#', '<a href="map.html#'}
    assert all(any(a.startswith(o) for o in own) for a in re.findall(r"<a [^>]*>(?:</a>)?", html))
    to_map = re.findall(r'href="(map\.html#[^"]*)"', html)  # a committee on the map
    assert to_map and all(re.fullmatch(r"map\.html#[A-Za-z0-9%._~-]+", h) for h in to_map)
    assert html.count("<h1>") == 1, "only the report's own title is a top heading"
    assert "Injected heading" in html


@pytest.mark.slow
def test_text_from_the_data_reads_the_same_in_the_rendered_report_and_map(tmp_path: Path):
    """A name with characters HTML and Markdown give a meaning to (an entity, a tag, a table
    bar, emphasis) is shown as written, not read: in report.md as CommonMark renders it, in
    report.html, and in the map's lists of places and goal areas."""
    import html as html_module

    name = "FoU &amp; <b>Bo</b> | *Nu*"
    written = name.replace("\\", "\\\\").replace('"', '\\"')
    data = tmp_path / "named.ttl"
    data.write_text(
        HOSTILE.replace('"Testbolaget"@sv', f'"{written}"@sv')
        .replace('"Testnämnden"@sv', f'"{written} nämnd"@sv')
        .replace('"Testgrannskap"@sv', f'"{written} grannskap"@sv')
        .replace('"Testmål"@sv', f'"{written} mål"@sv'),
        encoding="utf-8",
    )
    analysis = analyse(Source(data=(data,), bundled=False).facts())
    write_report(analysis, tmp_path / "out", triples=1)
    markdown = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    rendered = MarkdownIt("commonmark", {"html": True}).render(markdown)
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    from kg.web.map import render_map

    drawn = render_map(analysis).html
    for where, text in (("report.md", rendered), ("report.html", page), ("map", drawn)):
        assert "<b>Bo</b>" not in text, where  # no element from the data
    for where, text in (("report.md", rendered), ("report.html", page)):
        shown = html_module.unescape(re.sub(r"<[^>]+>", "", text))
        assert f"{name} nämnd" in shown, where
    # the map's lists of places and goal areas (its nodes' names are in its data)
    options = html_module.unescape(" ".join(re.findall(r"<option [^>]*>([^<]*)</option>", drawn)))
    assert f"{name} grannskap" in options and f"{name} mål" in options


# ---------------------------------------------------------------- the terminal


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Terminal tables wide enough that no label is wrapped. Through the environment, which
    each command's consoles read when they are made: a width set on a console would outlive
    the test."""
    monkeypatch.setenv("COLUMNS", "400")


@pytest.mark.parametrize(
    "command",
    [
        ["report", "-o", "{tmp}/r"],
        ["gaps"],
        ["centrality", "--top", "0"],
        ["brokers", "--top", "0"],
        ["communities", "--lang", "sv"],  # in English it names members by their English names
        ["stats"],
        ["suggest", "Nämnd"],
    ],
    ids=lambda c: c[0],
)
def test_labels_are_printed_as_text(tmp_path: Path, command: list[str], wide: None):
    """The review's D7: a label with [/] crashed five commands; :x: became an emoji."""
    data = hostile(tmp_path, validated=command[0] == "report")
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    result = invoke(*args, "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "❌" not in result.output
    shown = result.output
    if command[0] in ("gaps", "report", "centrality", "communities"):
        assert "Nämnd [/] för test\\x0d# Injected heading" in shown
    if command[0] in ("centrality", "communities"):
        assert "[link=https://evil.example]Rädda Barnen[/link] :x: \\x1b[31mred" in shown
        assert "\x1b" not in shown


def test_c1_controls_and_direction_overrides_in_a_label_are_shown_not_obeyed(
    tmp_path: Path, wide: None
):
    """A terminal obeys C1 controls (U+009B is CSI, which starts an escape sequence as ESC [
    does) and the bidirectional overrides reorder what follows: both are shown as escapes."""
    data = tmp_path / "controls.ttl"
    label = "Bolaget \\u009b31mröd \\u202eöver"
    data.write_text(HOSTILE.replace('"Testbolaget"@sv', f'"{label}"@sv'), encoding="utf-8")
    result = invoke("centrality", "--top", "0", "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "Bolaget \\x9b31mröd \\u202eöver" in result.output
    assert "\x9b" not in result.output and "\u202e" not in result.output


@pytest.mark.slow
def test_a_link_in_a_label_is_no_hyperlink_on_a_colour_terminal(tmp_path: Path):
    data = hostile(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from kg.cli import app; app()",
            "centrality",
            "--top",
            "0",
            "--no-bundled",
            "--data",
            str(data),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "FORCE_COLOR": "1", "COLUMNS": "200"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "[link=https://evil.example]" in done.stdout
    assert "\x1b]8;" not in done.stdout, "no OSC 8 hyperlink"
    assert "\x1b[31mred" not in done.stdout, "the label's escape sequence is shown, not obeyed"


# ---------------------------------------------------------------- outputs all or nothing


def test_a_report_into_a_file_says_that_o_names_a_folder(tmp_path: Path):
    existing = tmp_path / "notes.md"
    existing.write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["report", "-o", str(existing)])
    assert result.exit_code == 2, result.output
    assert (
        "is a file, not a folder" in result.stderr
        and "a folder, new or existing, for kg report" in result.stderr
    )
    assert existing.read_text(encoding="utf-8") == "mine"


def test_a_report_on_data_without_committees_draws_empty_charts(tmp_path: Path):
    from kg.analysis.pipeline import analyse
    from kg.io.source import Source
    from kg.report.write import write_report

    source = Source(bundled=False)  # the ontology alone: no committee
    write_report(analyse(source.facts()), tmp_path / "r", triples=source.triples())
    assert (tmp_path / "r" / "charts" / "heatmap.svg").read_text(encoding="utf-8")


def test_a_report_that_cannot_be_written_leaves_the_old_one(tmp_path: Path):
    """The review's D14: report.md and report.json were replaced, then map.html failed."""
    out = tmp_path / "r"
    assert (
        invoke("report", "-o", str(out), "--data", str(FIXTURES / "kitchen_sink.ttl")).exit_code
        == 0
    )
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (out / "map.html").unlink()
    (out / "map.html").mkdir()
    result = invoke("report", "-o", str(out), "--data", str(hostile(tmp_path, validated=True)))
    assert result.exit_code == 2, result.output
    assert "map.html" in result.output and "in the way" in result.output
    for name in ("report.md", "report.html", "report.json"):
        assert (out / name).read_bytes() == before[name]
    assert sorted(p.name for p in out.iterdir()) == [
        "charts",
        "map.html",
        "report.html",
        "report.json",
        "report.md",
    ]


def test_a_report_into_a_new_folder_is_all_or_nothing(tmp_path: Path, monkeypatch):
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.report.write.write_map", fail)
    result = invoke(
        "report", "-o", str(tmp_path / "new"), "--data", str(FIXTURES / "kitchen_sink.ttl")
    )
    assert result.exit_code == 2
    assert "No space left on device" in result.output
    assert not (tmp_path / "new").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "command",
    [["report", "-o", "{blocked}/r"], ["map", "-o", "{blocked}/m.html"],
     ["export", "-o", "{blocked}/x.ttl"], ["export", "-f", "xlsx", "-o", "{blocked}/x.xlsx"]],
    ids=["report", "map", "export", "xlsx"],
)  # fmt: skip
def test_an_output_that_cannot_be_written_fails_before_the_work(
    tmp_path: Path, monkeypatch, command: list[str]
):
    """The user review: `kg report -o /proc/nope` validated the data and only then failed."""
    blocked = tmp_path / "a-file"  # a file where the output's folder would be
    blocked.write_text("", encoding="utf-8")
    checked: list[object] = []
    monkeypatch.setattr("kg.io.source.Source.open", lambda *a: checked.append(a))
    args = [part.format(blocked=blocked) for part in command]
    result = invoke(*args, "--data", str(FIXTURES / "kitchen_sink.ttl"))
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: {blocked}") and "hint: " in result.output
    assert "conforms" not in result.output
    assert not checked, "the data was opened before the output was checked"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


@pytest.mark.parametrize(
    ("command", "made"),
    [(["map", "-o", "{tmp}/a-folder"], "a-folder"),
     (["export", "-o", "{tmp}/a-folder"], "a-folder"),
     (["export", "-f", "csv-template", "-o", "{tmp}/a-file"], "a-file")],
    ids=["map into a folder", "export into a folder", "template folder onto a file"],
)  # fmt: skip
def test_an_output_in_the_way_fails_before_the_work(
    tmp_path: Path, monkeypatch, command: list[str], made: str
):
    if made == "a-folder":
        (tmp_path / made).mkdir()
    else:
        (tmp_path / made).write_text("mine", encoding="utf-8")
    checked: list[object] = []
    monkeypatch.setattr("kg.io.source.Source.open", lambda *a: checked.append(a))
    result = invoke(*[part.format(tmp=tmp_path) for part in command])
    assert result.exit_code == 2, result.output
    assert not checked, "the data was opened before the output was checked"
    assert sorted(p.name for p in tmp_path.iterdir()) == [made]


@pytest.mark.parametrize("command", [["report", "-o"], ["export", "-f", "csv-template", "-o"]])
def test_folders_made_for_an_output_that_is_not_written_are_removed(
    tmp_path: Path, command: list[str]
):
    """The folders made for the output, every level of them, go again when the command fails
    (here: a file that does not parse)."""
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://e.org/a> <http://e.org/b> .\n", encoding="utf-8")
    target = tmp_path / "new" / "deeper" / "out"
    result = invoke(*command, str(target), "--no-bundled", "--data", str(bad))
    assert result.exit_code == 2, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl"]


@pytest.mark.parametrize("command", [["map"], ["export", "--format", "ttl"]])
def test_map_and_export_keep_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch, command: list[str]
):
    target = tmp_path / "out.file"
    target.write_text("old", encoding="utf-8")
    real_replace = os.replace

    def full_disk(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kg.report.write.os.replace", full_disk)
    result = invoke(*command, "-o", str(target), "--data", str(FIXTURES / "kitchen_sink.ttl"))
    monkeypatch.setattr("kg.report.write.os.replace", real_replace)
    assert result.exit_code == 2, result.output
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.file"], "no temporary files left"


# ---------------------------------------------------------------- empty and mis-encoded input


@pytest.mark.parametrize(
    "what", ["empty folder", "folder without RDF", "empty file", "prefixes only"]
)
@pytest.mark.parametrize("command", ["validate", "report"])
def test_no_data_is_an_error(tmp_path: Path, what: str, command: str):
    """The review's D15: these passed with "the data conforms", exit 0."""
    given = tmp_path / "given"
    if what.endswith("folder"):
        given.mkdir()
    elif what == "folder without RDF":
        given.mkdir()
        (given / "notes.txt").write_text("x", encoding="utf-8")
    else:
        given = tmp_path / "given.ttl"
        given.write_text("" if what == "empty file" else "@prefix a: <http://x/> .\n", "utf-8")
    args = [command, "--data", str(given)] + (
        ["-o", str(tmp_path / "r")] if command == "report" else []
    )
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "no data" in result.output and str(given) in result.output


def test_an_encoding_error_names_its_line(tmp_path: Path):
    """The review's D16: the rdflib path gave a byte offset ("position 194")."""
    data = tmp_path / "latin1.ttl"
    data.write_bytes(b'@prefix ex: <http://x/> .\nex:a ex:b "ok" .\nex:c ex:d "R\xe4dda" .\n')
    for command in ("validate", "stats", "query"):
        args = [command] + (["actors-by-sector"] if command == "query" else [])
        result = invoke(*args, "--data", str(data))
        assert result.exit_code == 2
        assert f"{data}:3: the file is not UTF-8 text (column 13)" in result.output
    from kg.errors import DataLoadError
    from kg.io.parse import parse_file

    with pytest.raises(DataLoadError, match="not UTF-8") as caught:
        parse_file(data)
    assert caught.value.line == 3
