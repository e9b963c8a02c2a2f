"""What people expect of a command line: --version, -h, shell completion, an unknown value of
any choice option refused with the accepted ones (exit 2), tables that wrap long names."""

from __future__ import annotations

import io
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from rich.console import Console
from typer.testing import CliRunner

from kg import __version__
from kg.cli import app
from kg.cli.base import Table
from kg.model.sectors import vocabulary

runner = CliRunner()
GROUP = typer.main.get_command(app)
COMMANDS = sorted(GROUP.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag: str):
    result = runner.invoke(app, [flag])
    assert result.exit_code == 0
    assert result.output.strip() == f"kg {__version__}"


@pytest.mark.slow  # kg as a program
def test_the_entry_point_loads_the_command_line_only_when_it_runs():
    """The ``kg`` script's entry point (and ``python -m kg``) imports no part of the command
    line until it runs: kg serve's workers, which multiprocessing's spawn starts by running
    the script again, read no typer, rich or ``kg.cli``."""
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "kg"]
    assert script.value == "kg.__main__:main"
    loaded = "import sys, kg.__main__; print(sorted(set(sys.modules) & {MODULES}))"
    modules = {"typer", "rich", "click", "kg.cli"}
    done = subprocess.run(
        [sys.executable, "-c", loaded.replace("{MODULES}", repr(modules))],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"
    ran = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True)
    assert (ran.returncode, ran.stdout.strip()) == (0, f"kg {__version__}")


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_h_is_help(command: str | None):
    args = [command, "-h"] if command else ["-h"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output and "--help" in result.output


@pytest.mark.parametrize(
    ("shell", "own"),
    [
        ("bash", "complete -o default"),
        ("zsh", "#compdef kg"),
        ("fish", "complete --command kg"),
        ("powershell", "Register-ArgumentCompleter"),
    ],
)
def test_completion_scripts(monkeypatch: pytest.MonkeyPatch, shell: str, own: str):
    """Each shell's own script, named explicitly (typer's switch for finding no shell)."""
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = runner.invoke(app, ["--show-completion", shell])
    assert result.exit_code == 0, result.output
    assert "_KG_COMPLETE" in result.output and own in result.output
    assert "--install-completion" in runner.invoke(app, ["-h"]).output


@pytest.mark.slow
def test_show_completion_prints_the_script_of_the_shell_it_runs_in():
    """As the README says: run from bash, `kg --show-completion` prints bash's script
    (whatever shell runs the tests: make's /bin/sh, or bash)."""
    kg_command = shutil.which("kg", path=str(Path(sys.executable).parent))
    shown = subprocess.run(
        ["bash", "-c", f"{shlex.quote(kg_command)} --show-completion; true"],  # not exec
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "_KG_COMPLETE=complete_bash" in shown and "complete -o" in shown


def test_sector_and_type_values_complete():
    assert _completed("kg gaps --sector ") == [*vocabulary().names, "public"]
    assert _completed("kg suggest x -s b") == ["business"]
    assert _completed("kg centrality --type comm") == ["committee"]
    assert "nämnd" in _completed("kg centrality --type ")


def _completed(words: str) -> list[str]:
    """What bash completion offers for the last of ``words`` (after a space: a new word)."""
    typed = words.split()
    current = len(typed) - (0 if words.endswith(" ") else 1)
    env = {"_KG_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(current)}
    result = runner.invoke(app, [], prog_name="kg", env=env)
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def test_query_names_and_their_parameters_complete():
    from kg.sparql.library import library

    assert _completed("kg query cross") == ["cross-sector-brokers", "cross-sector-collaborations"]
    assert len(_completed("kg query ")) == len(library())
    assert _completed("kg query cross-sector-brokers --param m") == ["min_sectors="]
    assert _completed("kg query --no-bundled search-actors -p ") == ["text="]
    assert _completed("kg query no-such-query -p ") == []


def _choice_options() -> list[tuple[str, str, tuple[str, ...]]]:
    found = []
    for name in COMMANDS:
        for param in GROUP.commands[name].params:  # type: ignore[attr-defined]
            described = getattr(param, "type_descriptor", None)  # typer 0.29 and later
            if described is not None and described.is_choice:
                found.append((name, param.opts[0], tuple(described.choices)))
            elif described is None and getattr(param.type, "choices", None):
                found.append((name, param.opts[0], tuple(map(str, param.type.choices))))
    return found


CHOICES = _choice_options()


def test_every_choice_option_is_found():
    found = {(command, option) for command, option, _ in CHOICES}
    assert {("gaps", "--format"), ("report", "--lang"), ("map", "--view")} <= found
    assert {("export", "--format"), ("query", "--format"), ("centrality", "--measure")} <= found


@pytest.mark.parametrize(("command", "option", "accepted"), CHOICES)
def test_an_unknown_choice_is_a_usage_error_listing_the_accepted_values(
    command: str, option: str, accepted: tuple[str, ...]
):
    result = runner.invoke(app, [command, option, "zzz-unknown"])
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())
    assert "zzz-unknown" in message
    assert "Value error" not in message  # pydantic's wording, which typer passes on
    for value in accepted:
        assert f"'{value}'" in message, (value, message)


@pytest.mark.parametrize(
    ("args", "accepted"),
    [
        (["centrality", "--type", "comittee"], ["committee", "public agency", "unit", "nämnd"]),
        (["gaps", "--sector", "acadmia"], ["civil", "academia", "business", "agencies", "city"]),
        (["suggest", "x", "--sector", "acadmia"], ["civil", "academia", "business"]),
    ],
)
def test_free_words_that_name_a_choice_are_checked_too(args: list[str], accepted: list[str]):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())
    for value in accepted:
        assert value in message, (value, message)


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        *((w, "Committee") for w in ["committee", "Committee", "nämnd", "NAMND"]),
        # the ontology's names and labels, and the name the tables and the map show
        *((w, "OperationalUnit") for w in ["OperationalUnit", "operational unit", "unit"]),
        ("verksamhet", "OperationalUnit"),
    ],
)
def test_an_actor_type_is_any_of_its_names(word: str, kind: str):
    result = runner.invoke(app, ["centrality", "--type", word, "-f", "json", "-n", "0"])
    assert result.exit_code == 0, result.output
    assert f'"type": "{kind}"' in result.output
    assert '"type": "Association"' not in result.output


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Technical Committee (Tekniska nämnden) lacks no partner group"),
        ("sv", "Tekniska nämnden (Technical Committee) saknar ingen partnergrupp"),
    ],
)
def test_kg_suggest_says_in_its_language_when_a_committee_lacks_no_group(lang, said):
    result = runner.invoke(app, ["suggest", "tekniska", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert said in " ".join(result.output.split())


def test_tables_wrap_long_names_instead_of_cutting_them():
    name = "Arbetsmarknads-, gymnasie- och vuxenutbildningsnämnden"
    table = Table("committee", "partners")
    table.add_row(name, "1")
    console = Console(width=24, file=io.StringIO(), record=True)
    console.print(table)
    drawn = console.export_text()
    assert "…" not in drawn
    cells = [line.split("│")[1].strip() for line in drawn.splitlines() if line.startswith("│")]
    assert "".join(cells).replace(" ", "") == name.replace(" ", "")


@pytest.mark.slow
def test_a_table_with_no_rows_says_none_instead_of_drawing_an_empty_table():
    result = runner.invoke(app, ["centrality", "--type", "committee", "--sector", "civil"])
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith(": none")
    assert "┏" not in result.stdout


@pytest.mark.parametrize("command", ["validate", "stats", "gaps", "report"])
def test_no_bundled_data_and_no_data_given_is_an_error(command: str):
    result = runner.invoke(app, [command, "--no-bundled", "-q"], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert "no data: --no-bundled leaves out the bundled data, and no --data is given" in (
        result.stderr
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["queries"],
        ["gaps", "-f", "json"],
        ["query", "actors-by-sector", "-f", "csv"],
    ],  # each runs kg as a program (slow: their lines run in fast tests)
    ids=" ".join,
)
def test_a_reader_that_stops_reading_ends_the_command_quietly(args: list[str]):
    """`kg … | head` ends as a command that SIGPIPE stops (status 141) and says nothing: not
    an "internal error", and not status 1, which kg gives violations."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    kg = Path(sys.executable).with_name("kg")
    reading, writing = os.pipe()
    os.close(reading)  # the reader is gone before kg writes a byte
    try:
        done = subprocess.run(
            [str(kg), *args], stdout=writing, stderr=subprocess.PIPE, timeout=120, check=False
        )
    finally:
        os.close(writing)
    assert done.returncode == 141, done.stderr.decode()
    assert done.stderr == b""


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "json", "turtle"])  # kg as a program (slow)
def test_a_reader_that_stops_after_a_few_bytes_ends_the_command_quietly(fmt: str):
    """`kg query … -f csv | head -c 20`: the answer (a megabyte) does not fit the pipe, and
    the reader's leaving is status 141, not 0 with the answer cut short unseen."""
    every = "SELECT * WHERE { ?s ?p ?o }" if fmt != "turtle" else "CONSTRUCT WHERE { ?s ?p ?o }"
    kg = Path(sys.executable).with_name("kg")
    with subprocess.Popen(
        [str(kg), "query", "-", "-f", fmt],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as running:
        running.stdin.write(every.encode())
        running.stdin.close()
        assert len(running.stdout.read(20)) == 20
        running.stdout.close()  # the reader leaves
        assert running.wait(timeout=120) == 141
        assert running.stderr.read() == b""


@pytest.mark.slow
def test_no_plural_is_written_with_s_in_brackets():
    """What kg says counts its things ("1 step", "2 steps"), never "step(s)": no string in
    the code and no wording file writes a plural so."""
    import ast
    import re
    from pathlib import Path

    import kg

    def plural(text: str) -> bool:  # "http(s)" is no plural
        return re.search(r"[a-z]\(s\)", text.replace("http(s)", "")) is not None

    root, found = Path(kg.__file__).parent, []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and plural(str(node.value)):
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    for path in sorted([*root.rglob("*.toml"), *root.rglob("*.js"), *root.rglob("*.html")]):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if plural(line):
                found.append(f"{path.relative_to(root)}:{number}")
    assert not found, found


def test_json_output_is_indented_utf8_and_takes_any_integer(capsys: pytest.CaptureFixture[str]):
    from kg.cli.base import print_json

    print_json({"namn": "Malmö stad", "share": 0.25, "ids": [1, 2]})
    lines = [
        "{",
        '  "namn": "Malmö stad",',
        '  "share": 0.25,',
        '  "ids": [',
        "    1,",
        "    2",
        "  ]",
    ]
    assert capsys.readouterr().out == "\n".join([*lines, "}", ""])
    print_json({"count": 2**70})  # past orjson's 64 bits: the json module writes it
    assert '"count": 1180591620717411303424' in capsys.readouterr().out


def test_ctrl_c_while_a_library_loads_ends_as_an_interrupt(monkeypatch: pytest.MonkeyPatch):
    """Ctrl-C while a compiled module is being imported (matplotlib's, as `kg report` draws
    its charts) reaches kg as an ImportError caused by KeyboardInterrupt: it ends as Ctrl-C
    does anywhere else (status 130, nothing written), not as an "internal error" to report."""
    import kg.io.source

    def interrupted(*args: object, **kwargs: object) -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as interrupt:
            raise ImportError("initialization failed") from interrupt

    monkeypatch.setattr(kg.io.source.Source, "facts", interrupted)
    result = runner.invoke(app, ["gaps"])
    assert result.exit_code == 130, result.output
    assert "internal error" not in result.output


@pytest.mark.slow
def test_ctrl_c_while_the_report_is_moved_into_place_waits_until_it_is_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundled_report
):
    """Ctrl-C as the finished files are moved into place ends the command (status 130) once
    they all are: the folder holds the whole new report, never some new files beside the
    old, and nothing temporary. Elsewhere Ctrl-C ends it at once, and Python's own handler
    is back afterwards."""
    import os
    import signal

    from kg.report import write

    whole, _ = bundled_report()
    old = tmp_path / "report"
    old.mkdir()
    (old / "report.md").write_text("old", "utf-8")
    moved: list[str] = []
    replace = os.replace

    def replace_after_ctrl_c(source: object, target: object) -> None:
        if not moved:
            os.kill(os.getpid(), signal.SIGINT)
        replace(source, target)
        moved.append(Path(target).name)

    monkeypatch.setattr(write.os, "replace", replace_after_ctrl_c)
    # a suite run as a script's background job starts with Ctrl-C ignored, which kg leaves so
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        result = runner.invoke(app, ["report", "-o", str(old), "-q"])
        handler_after = signal.getsignal(signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, before)
    assert result.exit_code == 130, result.output
    files = sorted(p.relative_to(whole) for p in whole.rglob("*") if p.is_file())
    assert sorted(p.relative_to(old) for p in old.rglob("*") if p.is_file()) == files
    assert (old / "report.md").read_bytes() == (whole / "report.md").read_bytes()
    assert not [p for p in old.iterdir() if p.name.startswith(".kg-output")]
    assert handler_after is signal.default_int_handler


@pytest.mark.slow
def test_an_ignored_ctrl_c_stays_ignored(monkeypatch: pytest.MonkeyPatch):
    """A command started with Ctrl-C ignored (a script's background job, nohup) goes on when
    one comes, as its caller asked, and leaves it ignored."""
    import os
    import signal

    import kg.io.source

    facts = kg.io.source.Source.facts

    def facts_after_ctrl_c(self: object, *args: object, **kwargs: object) -> object:
        os.kill(os.getpid(), signal.SIGINT)
        return facts(self, *args, **kwargs)

    monkeypatch.setattr(kg.io.source.Source, "facts", facts_after_ctrl_c)
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result = runner.invoke(app, ["gaps"])
        handler_after = signal.getsignal(signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, before)
    assert result.exit_code == 0, result.output
    assert "Fritidsnämnden" in result.output
    assert handler_after is signal.SIG_IGN


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["template"], "No such command 'template'; the spreadsheet to fill in comes from kg init"),
        (["--lang", "sv", "mall"], "kommandot 'mall' finns inte; kalkylarket att fylla i görs med"),
    ],
)
def test_kg_template_says_where_the_spreadsheet_comes_from(args: list[str], said: str):
    """An association looking for the spreadsheet types `kg template` (there is none): the
    error names the commands that make one, and the page on corrections."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert said in text and "kg export --format xlsx" in text and "docs/rattelser.md" in text
