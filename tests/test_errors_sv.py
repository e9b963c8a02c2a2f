"""Errors in Swedish for commands run with --lang sv: the catalog (kg/errors.sv.toml) keeps
the code's wording and its placeholders, and the errors on a city's common path read in
Swedish, the same errors without --lang in English."""

from __future__ import annotations

import ast
import functools
import re
import tomllib
from pathlib import Path

import pytest
from helpers import written
from helpers.cities import copy_sjostad
from typer.testing import CliRunner

import kg
from kg.cli import app
from kg.errors import KgError, in_language, translated

CATALOG = tomllib.loads((Path(kg.__file__).parent / "errors.sv.toml").read_text("utf-8"))


@functools.cache
def _code_texts() -> tuple[frozenset[str], list[tuple[re.Pattern, int]]]:
    """Every string kg's code writes: the plain ones as a set, and each f-string with a value
    as a pattern (its values match any text), with how many of its characters are written
    out."""
    plain, found = set(), []
    for tree in written.modules().values():  # parsed once for every check here
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                plain.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                parts = [p.value if isinstance(p, ast.Constant) else None for p in node.values]
                if None not in parts:
                    plain.add("".join(parts))
                else:
                    found.append((parts, sum(len(p) for p in parts if p)))
    return frozenset(plain), [
        (re.compile("".join("(.+)" if p is None else re.escape(p) for p in parts), re.S), size)
        for parts, size in found
    ]


def _is_the_codes(english: str) -> bool:
    """Whether kg's code writes ``english``: a string of the code is it, or an f-string's
    pattern matches it and writes out a third of its characters at least (not an f-string
    of values alone)."""
    plain, patterns = _code_texts()
    written = len(re.sub(r"\{\w+\}", "", english))
    return english in plain or any(
        size * 3 >= written and text.fullmatch(english) for text, size in patterns
    )


def _fields(template: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", template))


@pytest.mark.slow
@pytest.mark.parametrize("english", list(CATALOG["texts"]))
def test_each_wording_is_the_codes_with_the_same_placeholders(english: str):
    """Each English wording is one the code writes (its values standing for the code's), and
    its Swedish has the same placeholders."""
    swedish = CATALOG["texts"][english]
    assert _fields(english) == _fields(swedish), (
        f"kg/errors.sv.toml: {swedish!r} names other placeholders than {english!r}; "
        'give the Swedish the same {names} (CONTRIBUTING.md, "Swedish wording")'
    )
    assert _is_the_codes(english), (
        f"kg/errors.sv.toml: no string in kg/ writes {english!r}: key the entry by the English "
        "exactly as the code writes it, a {name} for each value an f-string puts in, with a "
        'third of its characters written out (CONTRIBUTING.md, "Swedish wording")'
    )


def test_a_message_without_a_swedish_wording_stays_english():
    word, text = in_language(KgError("something new", hint="do this"), "sv")
    assert (word, text) == ("fel", "something new\n  tips: do this")
    assert in_language(KgError("something new"), "en") == ("error", "something new")


def _run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "swedish", "english"),
    [
        (
            ["gaps", "--year", "2021"],
            "fel: ingen källa redovisar något för 2021\n  tips: uppgifternas år är",
            "error: no source reports anything for 2021\n  hint: the data's years are",
        ),
        (
            ["gaps", "--no-bundled"],
            "fel: inga uppgifter: --no-bundled utesluter de medföljande uppgifterna",
            "error: no data: --no-bundled leaves out the bundled data",
        ),
        (
            ["suggest", "ingen-sadan-namnd"],
            "fel: ingen nämnd heter 'ingen-sadan-namnd'",
            "error: no committee is called 'ingen-sadan-namnd'",
        ),
        (
            ["stats", "--store", "lager", "--endpoint", "http://127.0.0.1:1/sparql"],
            "fel: ange antingen ett datalager eller en ändpunkt (--store eller --endpoint), "
            "inte båda\n  tips: ett datalager är en kopia på den här datorn; en ändpunkt läses "
            "där den finns",
            "error: give a store or an endpoint (--store or --endpoint), not both",
        ),
        (
            ["stats", "--data", "x.ttl", "--endpoint", "http://127.0.0.1:1/sparql"],
            "fel: uppgifter (--data) kan inte läggas till i en ändpunkt: den är skrivskyddad\n"
            "  tips: läs in filerna i ändpunktens datalager, eller lägg dem tillsammans med "
            "ändpunktens uppgifter i ett eget datalager för kg (--store MAPP --data …)",
            "error: data (--data) cannot be added to an endpoint: it is read-only",
        ),
        (
            ["stats", "--store", "https://example.org/lager"],
            "fel: --store ska vara en mapp på den här datorn, inte en webbadress "
            "(https://example.org/lager)\n  tips: ange en mapp för kg:s eget datalager, eller "
            "--endpoint URL för att läsa från en SPARQL-ändpunkt",
            "error: --store takes a folder on this computer, not a web address",
        ),
    ],
)
def test_common_errors_read_in_the_commands_language(args: list, swedish: str, english: str):
    said = _run(*args, "--lang", "sv")
    assert said.exit_code == 2
    assert swedish in said.stderr
    assert english in _run(*args).stderr


def test_a_spreadsheet_given_as_data_is_explained_in_swedish(tmp_path: Path):
    sheet = tmp_path / "ekby.xlsx"
    sheet.write_bytes(b"")
    said = _run("gaps", "--data", sheet, "--lang", "sv")
    assert said.exit_code == 2
    text = " ".join(said.stderr.split())
    assert f"fel: {sheet}: kan inte läsa '.xlsx'-filer" in text
    assert f"tips: ett kalkylark blir uppgifter med kg import: kg import {sheet} -o" in text


def test_an_output_that_is_a_file_is_explained_in_swedish(tmp_path: Path):
    taken = tmp_path / "rapport"
    taken.write_text("", "utf-8")
    said = _run("report", "-o", taken, "--lang", "sv", "-q")
    assert said.exit_code == 2
    assert f"fel: {taken}: är en fil, inte en mapp att skriva i" in " ".join(said.stderr.split())


#: Mistakes and errors worded from a value of a known set: each value in turn (the catalog
#: words each wording), for the code's ``X1``, ``X2`` … in order.
PER_VALUE = {
    "each X1 has one row": [("actor", "aktörer"), ("collaboration", "samverkan"), ("area", "x")],
    "unknown X1 'X2'": [
        (what, "kultur")
        for what in (
            *("actor", "collaboration", "area", "actor type", "collaboration type", "sector"),
            *("role", "status", "basis", "area type", "document kind", "counted kind"),
        )
    ],
    "write its name in sheet X1": [("om", "nyckel", "stad"), ("about", "key", "city")],
    "the spreadsheet has no sheet X1": [
        ("om", "om", "nyckel", "värde", "stad"),
        ("about", "about", "key", "value", "city"),
    ],
    "'X1' is not X2": [("x", "a term"), ("x", "an IRI")],
    "an unnamed party has no X1": [(key,) for key in ("role", "year", "id", "basis", "note")],
    "write the Swedish name or the id of a row of X1 X2": [
        ("sheet", "actors (aktörer)"),
        ("sheets", "actors (aktörer), collaborations (samverkan)"),
    ],
    "X1 is a web address: kg reads X2s": [
        ("https://example.org/ekby.xlsx", "file"),
        ("https://example.org/ekby", "folder"),
    ],
    "download the X1 yourself": [("file",), ("folder",)],
    "fix the statement X1": [
        ("on that line or the one before it", "nothing was loaded"),
        ("on that line or the one ending on line 3", "nothing was loaded"),
    ],
    "the file is not UTF-8 textX1": [("",), (" (column 3)",)],
    "no data: X1 no triples": [("the file holds",), ("its files hold",)],
    "kg import writes Turtle, and X1 is X2 it reads": [
        ("a.xlsx", "the spreadsheet"),
        ("kalkylark/a.ttl", "in the folder of CSV files"),
    ],
    "X1 (kg export writes spreadsheets)": [("write the Turtle to a .ttl file instead: -o a.ttl",)],
    "the store was built from other files (X1)": [
        ("1 new, e.g. A1.ttl",),
        ("2 not given now, e.g. B2.ttl",),
        ("1 new, e.g. A1.ttl; 2 not given now, e.g. B2.ttl",),
    ],
    "no X1 is called": [
        (kind, "x")
        for kind in ("committee", "actor", "goal area", "source document", "collaboration type")
    ],
    "unknown or non-text settings: X1": [("citty",), ("a value is not text",)],
    "kg ran out of memory: X1": [("the system gave it no more",)],
    "if X1 is the endpoint you mean": [("http://a/sparql", "http://a/sparql")],
    "X1 has parties (org:organization)": [("id:natverket",), ("id:natverket", "2")],
    "'X1' matches several X2s": [
        ("x", kind, "A1, B2")
        for kind in ("committee", "actor", "goal area", "source document", "collaboration type")
    ],
    "the 'X1' here is not closed X2": [("(", "by the end"), ("(", "before the ')' on line 3")],
    "copy the passage of the document that X1": [
        (what,)
        for what in (
            *("names the actor", "names the actor in it", "describes the collaboration"),
            *("names it", "states the number"),
        )
    ],
}


#: Arguments of ``mistakes.add`` whose texts are worded elsewhere, not by the catalog's
#: entry for each: the expression as the code writes it, and where its Swedish comes from.
WORDED_ELSEWHERE = {
    "tables.py: cell.message": "an xlsx.Unreadable's, read where it is made (Unreadable(…))",
    "tables.py: cell.hint": "an xlsx.Unreadable's, read where it is made",
    "tables.py: hint": "a literal, or an xlsx.Unreadable's hint",
    "things.py: error.hint": "a source text's DataLoadError (not UTF-8, not readable), whose "
    "hint kg's other commands give too: test_a_source_texts_error_in_a_workbook_is_in_swedish",
}


@functools.cache
def _add_calls() -> tuple[tuple[str, ast.Call], ...]:
    """Each ``mistakes.add`` in kg, with its file and line, and each ``Unreadable`` made
    (a cell's mistake, which the import adds as it reads the cell); found once a run."""
    found = []
    for path, tree in written.modules().items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = ast.unparse(node.func)
            if called.endswith("mistakes.add") or called == "Unreadable":
                found.append((f"{path.name}:{node.lineno}", node))
    return tuple(found)


def _mistakes_written() -> tuple[list[tuple[str, str]], list[str]]:
    """Every message and hint the import gives to ``mistakes.add`` without its Swedish, as
    (where, text); and the arguments whose texts the code does not show, as "where: code"."""
    found, unread = [], []
    for where, node in _add_calls():
        given = {k.arg: k.value for k in node.keywords}
        args: list[tuple[ast.AST, int | None]] = []
        if node.args and isinstance(node.args[0], ast.Starred):  # add(*message_and_hint)
            args = [(node.args[0].value, 0), (node.args[0].value, 1)]
        else:
            args = [(a, None) for a in node.args[:2]]
            args += [(given[k], None) for k in ("message", "hint") if k in given]
        for number, (arg, index) in enumerate(args):
            if ("message_sv", "hint_sv")[min(number, 1)] in given:
                continue
            said = written.texts(arg, index)
            code = ast.unparse(arg)
            if said is None and f"{where.split(':')[0]}: {code}" not in WORDED_ELSEWHERE:
                unread.append(f"{where}: {code}")
            found += [(where, text) for text in said or []]
    return found, unread


@pytest.mark.slow
def test_every_message_and_hint_given_to_the_import_is_one_the_test_reads():
    """A message kept in a variable, built by a function or looked up in a table is followed
    to the texts it can be (``tests/helpers/written.py``): none escapes the test below by
    its shape, unless its Swedish comes from elsewhere (WORDED_ELSEWHERE)."""
    found, unread = _mistakes_written()
    assert not unread, "\n".join(unread)
    assert {text for _, text in found} >= {
        "write a whole IRI without spaces, such as https://data.sjostad.se/id/",  # imported
        "leave this cell empty: a role belongs to a named actor",  # a loop over a table
        "type the value (a formula or lookup that failed gives no data)",  # an Unreadable
        "download the X1 yourself, where that is allowed, and give its path",  # a function's
    }
    used = {re.sub(r":\d+:", ":", c) for c in _every_argument()}
    assert set(WORDED_ELSEWHERE) <= used, set(WORDED_ELSEWHERE) - used


#: Modules whose errors no command gives: kg's Python API alone, or kg's own files.
PYTHON_ONLY = {
    "report/frames.py": "answers as pandas frames (kg.answer_frame), in Python only",
    "validation/shapes.py": "a SHACL shapes file's structure: kg's own, which its tests hold, "
    "or a caller's of kg.validation in Python (no command takes other shapes)",
    "validation/expressions.py": "as validation/shapes.py",
    "validation/constraints.py": "as validation/shapes.py",
    "web/wording.py": "kg serve's page wording, by a language kg serve has checked already",
}
#: Arguments of kg's errors whose texts are worded elsewhere ("file: code": why).
ERRORS_WORDED_ELSEWHERE = {
    "errors.py: message": "in_language's: a message worded already",
    "sparql/params.py: error.hint": "kg.model.names.resolve's hint (by way of "
    "kg.model.lookup.find_actor), read where resolve makes it",
    "sparql/named.py: error.message": "kg.model.lookup.find_actor's message (by way of "
    "kg.model.names.resolve), read where resolve makes it; said of the parameter in "
    "sparql/params.py",
    "sparql/named.py: error.hint": "as sparql/named.py: error.message",
    "io/spreadsheet/mistakes.py: path": "SpreadsheetError's file; its mistakes are read above",
    "cli/options.py: error.message": "kg.model.sectors' KgError for a word no partner group "
    "has, read where the vocabulary makes it",
    "cli/options.py: error.hint": "as cli/options.py: error.message",
    "model/names.py: f'did you mean: {shown(found)}?' if found else hint": "or the hint "
    "kg.analysis.committee or kg.sparql.named passes to resolve(*names, …), which is worded",
}


@functools.cache
def _error_classes() -> frozenset[str]:
    """KgError and the classes of kg's that derive from it, by name."""
    found, grown = {"KgError"}, True
    while grown:
        before = len(found)
        for tree in written.modules().values():
            for node in ast.walk(tree):
                bases = node.bases if isinstance(node, ast.ClassDef) else []
                if any(ast.unparse(b).split(".")[-1] in found for b in bases):
                    found.add(node.name)  # type: ignore[attr-defined]
        grown = len(found) > before
    return frozenset(found)


def _joined(arg: ast.AST) -> list[ast.AST]:
    """The parts of a message and its hint joined as ``f"{reason}; {hint}"`` (a usage error's
    one text, a hint and where to see more), which kg words part by part, each read in turn;
    any other argument as it is."""
    if not isinstance(arg, ast.JoinedStr):
        return [arg]
    values = arg.values[::2]
    joins = arg.values[1::2]
    parts = all(isinstance(v, ast.FormattedValue) and not v.format_spec for v in values)
    if not (parts and joins and all(ast.unparse(j) == "'; '" for j in joins)):
        return [arg]
    return [v.value for v in values]  # type: ignore[attr-defined]


def _errors_raised() -> tuple[list[tuple[str, str]], list[str]]:
    """The message and hint of every error kg makes (outside PYTHON_ONLY), and of every usage
    error a command refuses a value with (typer.BadParameter), as (where, text),
    each value of an f-string as ``X1``, ``X2`` …; and the arguments the code does not show,
    as "where: code"."""
    root = Path(kg.__file__).parent
    found, unread = [], []
    for path, tree in written.modules().items():
        module = path.relative_to(root).as_posix()
        if module in PYTHON_ONLY:
            continue
        for node in ast.walk(tree):
            called = ast.unparse(node.func).split(".")[-1] if isinstance(node, ast.Call) else ""
            if called not in _error_classes() and called != "BadParameter":
                continue
            args = [node.args[0]] if node.args else []  # type: ignore[attr-defined]
            args += [k.value for k in node.keywords if k.arg in ("message", "hint")]  # type: ignore[attr-defined]
            args = [part for arg in args for part in _joined(arg)]
            for arg in args:
                said = written.texts(arg)
                code = f"{module}: {ast.unparse(arg)}"
                if said is None and code not in ERRORS_WORDED_ELSEWHERE:
                    unread.append(f"{module}:{node.lineno}: {ast.unparse(arg)}")
                found += [(f"{module}:{node.lineno}", text) for text in said or []]
    return found, unread


def test_every_error_kg_raises_has_its_swedish():
    """Every message and hint of an error a command can give has its Swedish in the catalog,
    for each value it takes; an argument the test cannot follow to its texts fails it too,
    so that a message kept in a variable cannot escape."""
    found, unread = _errors_raised()
    assert not unread, "\n".join(unread)
    assert len(found) > 250
    worded = [(w, t) for w, t in found if re.search("[a-z]{3}", re.sub(r"X\d+", "", t))]
    untold = _untold(worded)  # a value alone (no word of its own) is left out
    assert not untold, "\n".join(untold)
    used = {
        f"{path.relative_to(Path(kg.__file__).parent).as_posix()}" for path in written.modules()
    }
    assert set(PYTHON_ONLY) <= used


@pytest.mark.slow
def test_a_source_texts_error_in_a_workbook_is_in_swedish(tmp_path: Path):
    """A source text that is not UTF-8 is a mistake of its document's row, said in the
    workbook's Swedish: the file's own error and its hint (the message was English)."""
    city = copy_sjostad(tmp_path)
    (city / "sources" / "sjostad-beslut-2021.txt").write_bytes("Sjöstad\n".encode("latin-1"))
    said = _run("import", city / "kalkylark", "-o", tmp_path / "ut.ttl")
    assert said.exit_code == 2
    text = " ".join(said.stderr.split())
    assert "sjostad-beslut-2021.txt:1: filen är inte UTF-8-text (kolumn 3); spara den" in text
    assert "not UTF-8" not in text and "save it" not in text
    english = " ".join(
        _run("import", city / "kalkylark", "-o", tmp_path / "ut.ttl", "--lang", "en").stderr.split()
    )
    assert "the file is not UTF-8 text (column 3); save it as UTF-8" in english


def _every_argument() -> list[str]:
    """Each message or hint argument of ``mistakes.add``, as "where: code"."""
    return [
        f"{where}: {ast.unparse(arg)}"
        for where, node in _add_calls()
        for arg in [*node.args[:2], *(k.value for k in node.keywords)]
    ]


def test_every_mistake_the_import_writes_has_its_swedish():
    """A mistake added to the import has its Swedish in the catalog (or given beside it), for
    each value it takes."""
    written_texts, _ = _mistakes_written()
    assert len(written_texts) > 100
    untold = _untold(written_texts)
    assert not untold, "\n".join(untold)


def _plain_words(text: str) -> set[str]:
    """Each two plain words in a row in ``text`` ("given now", "new, e.g."), which a Swedish
    wording does not keep: a file name with a digit or a capital, a web address or a sheet's
    name in parentheses is no plain word."""
    words = [w.rstrip(",;:") for w in text.split()]
    return {
        " ".join(words[i : i + 2])
        for i in range(len(words) - 1)
        if all(re.fullmatch(r"[a-z]+(\.[a-z]+)*\.?", w) for w in words[i : i + 2])
    }


def _untold(texts: list[tuple[str, str]]) -> list[str]:
    """Each "where: text" of ``texts`` (place, text with X1, X2… for its values) that has no
    Swedish in the catalog, for each value :data:`PER_VALUE` gives it: none at all, or one
    that words the text around a value and keeps the value's English words (a wording of
    fewer values, "({new} new, e.g. {added})", taking "a.ttl; 2 not given now, …" as a name)."""
    untold = []
    for where, text in texts:
        start = next((s for s in PER_VALUE if text.startswith(s)), None)
        for values in PER_VALUE[start] if start else [()]:
            said = text
            for number, value in enumerate(values, start=1):
                said = said.replace(f"X{number}", value)
            swedish = translated(said, "sv")
            kept = set().union(*(_plain_words(v) for v in values)) & _plain_words(swedish)
            if swedish == said or kept:
                untold.append(f"{where}: {said}" + (f" (kept: {', '.join(kept)})" if kept else ""))
    return untold


@pytest.mark.parametrize(
    ("args", "swedish", "english"),
    [
        (
            ["gaps", "--sector", "regional"],
            "fel: ogiltigt värde för '--sector' / '-s': 'regional' är ingen partnergrupp; "
            "ange något av: civil, academia",
            "Error: Invalid value for '--sector' / '-s': 'regional' is not a partner group; "
            "give one of: civil, academia",
        ),
        (
            ["gaps", "--formt", "json"],
            "fel: okänt alternativ: --formt (kanske: --format)",
            "Error: No such option: --formt",
        ),
        (
            ["gaps", "-f", "xml"],
            "fel: ogiltigt värde för '--format' / '-f': 'xml' är inget av 'table', 'json', 'csv'",
            "Error: Invalid value for '--format' / '-f': 'xml' is not one of",
        ),
        (
            ["centrality", "--type", "nämd"],
            "fel: ogiltigt värde för '--type' / '-t': 'nämd' är ingen aktörstyp; ange något av:",
            "Error: Invalid value for '--type' / '-t': 'nämd' is not an actor type; give one of:",
        ),
        (["suggest"], "fel: argumentet 'NÄMND' saknas", "Error: Missing argument 'COMMITTEE'."),
        (
            ["export", "-f", "csv", "--derived", "-o", "/tmp/kg-never-written.csv"],
            "--derived gäller RDF-formaten (ttl, nt, jsonld, rdfxml, nq), inte csv; utelämna",
            "--derived applies to the RDF formats (ttl, nt, jsonld, rdfxml, nq), not csv; leave",
        ),
        (
            ["export", "-f", "csv", "-o", "-"],
            "-o - (standard ut) tar RDF-formaten (ttl, nt, jsonld, rdfxml, nq), inte csv; ange",
            "-o - (standard output) takes the RDF formats (ttl, nt, jsonld, rdfxml, nq), not csv;",
        ),
        (["init", "/tmp/nowhere"], "fel: alternativet '--city' saknas", "Missing option '--city'"),
        (
            ["map", "--year", "abc"],
            "fel: ogiltigt värde för '--year': 'abc' är inget heltal",
            "'abc' is not a valid int.",
        ),
        (
            ["map", "--depth", "0"],
            "fel: ogiltigt värde för '--depth': 0 ligger utanför intervallet x>=1",
            "0 is not in the range x>=1.",
        ),
    ],
)
def test_a_usage_error_is_in_the_commands_language(args: list, swedish: str, english: str):
    """A misspelt option or a value kg does not take is said in Swedish with --lang sv (the
    usage line and where help is, too), and in click's English without it; exit code 2."""
    said = _run(*args, "--lang", "sv")
    assert said.exit_code == 2
    text = " ".join(said.output.split())
    assert swedish in text and text.startswith("Användning: kg ") and "för hjälp" in text
    assert "Error" not in text and "Usage" not in text
    plain = _run(*args)
    assert plain.exit_code == 2 and english in " ".join(plain.output.split())


def test_a_usage_error_names_the_arguments_as_the_swedish_help_does(tmp_path: Path):
    """The usage line of a usage error in Swedish names a command's arguments as its help
    does (GAMMAL NY, NÄMND), and so does its message, not click's English (OLD NEW, NEW,
    COMMITTEE)."""
    said = _run("diff", "x", "--lang", "sv")
    assert said.exit_code == 2
    assert said.output.startswith("Användning: kg diff [ALTERNATIV] GAMMAL NY\n")
    assert "fel: argumentet 'NY' saknas" in said.output
    data = tmp_path / "a.ttl"
    data.write_text("<https://example.org/a> <https://example.org/b> 1 .\n", encoding="utf-8")
    same = " ".join(_run("diff", data, data, "--lang", "sv").output.split())
    assert f"fel: ogiltigt värde för 'NY': GAMMAL och NY är samma sökväg ({data})" in same
    english = " ".join(_run("diff", data, data).output.split())
    assert f"Invalid value for 'NEW': OLD and NEW are the same path ({data})" in english
    helped = _run("diff", "--lang", "sv", "--help").output
    assert "kg diff [ALTERNATIV] GAMMAL NY" in helped
    assert _run("diff", "x").output.startswith("Usage: kg diff [OPTIONS] OLD NEW")


@pytest.mark.parametrize(
    ("english", "swedish"),
    [
        # a wrapping message's words are not swallowed by a wording that starts with a value
        (
            "syntax error: a.csv: not UTF-8 text (line 1, column 2)",
            "syntaxfel: a.csv: ingen UTF-8-text (rad 1, kolumn 2)",
        ),
        (
            'syntax error: "x" is not a valid subject or graph name',
            'syntaxfel: "x" kan inte vara subjekt eller grafnamn',
        ),
        # of two wordings that start alike, the one that writes out more
        ("syntax error: oops (column 3)", "syntaxfel: oops (kolumn 3)"),
        ("wrote 1 triple to stdout", "skrev 1 trippel till standard ut"),
        (
            '"yes" is not a valid xsd:boolean; write true or false',
            '"yes" är inget giltigt värde av typen xsd:boolean; skriv true eller false',
        ),
    ],
)
def test_of_two_wordings_that_fit_the_one_that_starts_the_text_wins(english: str, swedish: str):
    assert translated(english, "sv") == swedish


def test_a_literal_as_predicate_is_named_in_swedish(tmp_path: Path):
    data = tmp_path / "bad.ttl"
    data.write_text('@prefix ex: <http://example.org/> .\nex:s "p" ex:o .\n', "utf-8")
    said = _run("validate", "--no-bundled", "--data", data, "--lang", "sv")
    assert said.exit_code == 2
    assert 'syntaxfel: "p" kan inte vara predikat (kolumn 6)' in said.output


def test_kg_serves_refusal_with_a_hint_is_worded_line_by_line():
    """kg serve's refusal of a default-graph-uri that is no IRI ends its message in the
    parser's reason, then its hint: in Swedish both are worded, the hint with "tips:" (the
    message's value took the hint into it, which stayed English)."""
    from kg.web.language import worded
    from kg.web.workers import text_reply

    error = KgError(
        "a default-graph-uri or named-graph-uri is not an IRI: No scheme found in an IRI",
        hint="give absolute IRIs, for example http://example.org/graph",
    )
    said = worded(text_reply(400, str(error)), "sv").body.decode("utf-8")
    assert said == (
        "default-graph-uri eller named-graph-uri är ingen IRI: No scheme found in an IRI\n"
        "  tips: ange fullständiga IRI:er, till exempel http://example.org/graph\n"
    )
    refused = worded(text_reply(405, "PUT is not allowed here: use GET, POST"), "sv")
    assert refused.body.decode("utf-8") == "PUT är inte tillåtet här: använd GET, POST\n"
