"""kg never reaches the network: a web address where kg takes a path is refused (it is never
downloaded), hostile data that would make a library fetch is read without fetching or refused,
and every command, run under strace, opens no connection to another machine."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
KG = str(Path(sys.executable).parent / "kg")
FIXTURES = Path(__file__).parent / "fixtures"
WEB = "https://example.org/malmo/data.ttl"


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    ("args", "address"),
    [
        (("validate", "--data", WEB), WEB),
        (("diff", WEB, "http://example.org/new"), WEB),
        (("query", "http://example.org/q.rq"), "http://example.org/q.rq"),
        (
            ("import", "ftp://example.org/city.xlsx", "-o", "city.ttl"),
            "ftp://example.org/city.xlsx",
        ),
    ],
    ids=["data", "diff", "query", "import"],
)
def test_a_web_address_given_as_a_file_is_refused(args, address, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert f"{address} is a web address" in result.output  # its '//' as given
    assert address.replace("://", ":/") not in result.output.replace(address, "")  # everywhere
    assert "never downloads" in result.output and "download the file yourself" in result.output
    assert list(tmp_path.iterdir()) == []  # nothing written, no folder called https:


def test_a_web_address_is_refused_in_swedish(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "--lang", "sv", "--data", WEB)
    assert result.exit_code == 2
    assert f"{WEB} är en webbadress: kg läser filer på den här datorn" in result.output
    assert "ladda ned filen själv" in result.output


def test_a_sources_folder_at_a_web_address_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("validate", "--sources", "https://example.org/sources")
    assert result.exit_code == 2
    assert "https://example.org/sources is a web address" in result.output
    assert "download the folder yourself" in result.output
    folder = tmp_path / "city"
    folder.mkdir()
    (folder / "kg.toml").write_text('city = "X"\nsources = "http://example.org/src"\n', "utf-8")
    shutil.copy(FIXTURES / "hostile_label.ttl", folder)
    result = invoke("validate", "--data", str(folder))
    assert result.exit_code == 2
    assert "kg.toml: http://example.org/src is a web address" in result.output


def test_a_folder_named_like_a_scheme_that_is_there_is_read(tmp_path: Path, monkeypatch):
    """A file in a folder called ``http:`` is a path, not a web address: kg reads it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "http:").mkdir()
    shutil.copy(FIXTURES / "hostile_label.ttl", tmp_path / "http:" / "city.ttl")
    result = invoke("validate", "--no-bundled", "--data", "http:/city.ttl")
    assert "web address" not in result.output
    assert result.exit_code in (0, 1), result.output
    assert "triples" in result.output  # read: the data's size is said
    result = invoke("validate", "--no-bundled", "--data", "http:/elsewhere.ttl")
    assert result.exit_code == 2 and "http://elsewhere.ttl is a web address" in result.output


def test_a_store_at_a_web_address_is_refused_not_made_a_folder(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("stats", "--store", "http://example.org/store")
    assert result.exit_code == 2  # a usage error, as every other web address kg refuses
    assert "--store takes a folder on this computer, not a web address" in result.output
    assert "--endpoint" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ("export", "-f", "ttl", "-o", "https://example.org/out.ttl"),
        ("map", "-o", "http://example.org/map.html"),
        ("report", "-o", "https://example.org/report"),
        ("import", str(FIXTURES / "omby" / "kalkylark"), "-o", "ftp://example.org/omby.ttl"),
        ("diff", *[str(FIXTURES / "sparql_fixture.ttl")] * 2, "-m", "https://example.org/d.md"),
        ("diff", *[str(FIXTURES / "sparql_fixture.ttl")] * 2, "-j", "https://example.org/d.json"),
    ],
    ids=["export", "map", "report", "import", "diff-markdown", "diff-json"],
)
def test_a_web_address_given_as_the_output_is_refused_not_made_a_folder(
    args, tmp_path: Path, monkeypatch
):
    """kg wrote "https://example.org/out.ttl" as the file out.ttl in a folder https:/example.org
    (pathlib's reading of it), and said it had written https:/example.org/out.ttl; so did
    kg diff's -m and -j after -o was refused."""
    monkeypatch.chdir(tmp_path)
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert f"{args[-1]} is a web address: kg writes its output on this computer" in result.output
    assert list(tmp_path.iterdir()) == []
    result = invoke(*args, "--lang", "sv")
    assert f"{args[-1]} är en webbadress: kg skriver sina resultat" in result.output
    said = " ".join(result.output.split())
    assert "ange en fil eller mapp på den här datorn och lägg själv ut den på webben" in said
    made = Path(args[-1].replace("://", ":/")).parent
    (tmp_path / made).mkdir(parents=True)  # a folder of that name that is there: written to
    assert "web address" not in invoke(*args).output


def test_the_json_ld_hint_warns_that_conversion_downloads_a_remote_context(tmp_path: Path):
    data = tmp_path / "city.jsonld"
    data.write_text('{"@context": "http://example.org/context.jsonld", "@id": "x"}', "utf-8")
    result = invoke("validate", "--data", str(data))
    assert result.exit_code == 2
    assert "rdfpipe -i json-ld" in result.output
    assert '"@context" or "@import" that is a web address' in result.output
    assert "rdfpipe would download it" in result.output


HOSTILE_TURTLE = """\
@base <http://example.org/base/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<> owl:imports <http://example.org/onto.ttl> , <https://www.w3.org/ns/org.ttl> .
<thing> a owl:Thing .
"""


@pytest.mark.slow
def test_the_report_and_the_map_tell_the_browser_to_load_nothing(bundled_report):
    """report.html and map.html are offline by construction, and say so to the browser: a
    Content-Security-Policy of their own refuses any fetch (a font, an image, a script from
    a CDN) a future change or a library's new version might add."""
    folder, _ = bundled_report()
    for name in ("report.html", "map.html"):
        head = (folder / name).read_text("utf-8").split("</head>")[0]
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', head)
        assert policy, name
        rules = dict(rule.strip().split(" ", 1) for rule in policy[1].split(";"))
        assert rules.pop("default-src") == "'none'", name
        assert all("http" not in v and "*" not in v and "'self'" not in v for v in rules.values())
        assert set(rules) <= {"script-src", "style-src", "img-src"}, name


def test_owl_imports_and_a_web_base_are_read_not_followed(tmp_path: Path):
    data = tmp_path / "imports.ttl"
    data.write_text(HOSTILE_TURTLE, "utf-8")
    result = runner.invoke(
        app,
        ["query", "-", "--data", str(data), "-f", "csv"],
        input="SELECT ?o WHERE { <http://example.org/base/> owl:imports ?o } ORDER BY ?o",
    )
    assert result.exit_code == 0, result.output
    # the two imports are triples like any other; nothing they name is loaded
    assert result.stdout.split() == [
        "o",
        "http://example.org/onto.ttl",
        "https://www.w3.org/ns/org.ttl",
    ]


# --- every command under strace ---------------------------------------------------------------

#: A connect(2) to an IPv4 or IPv6 address, with the address.
_CONNECT = re.compile(
    r"connect\(\d+, \{sa_family=AF_INET6?, .*?"
    r'(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")'
)
_LOOPBACK = ("127.", "::1", "::ffff:127.")


def _outside(log: Path) -> list[str]:
    """The connect calls in an strace log to an address other than the loopback's."""
    calls = []
    for line in log.read_text("utf-8", "replace").splitlines():
        found = _CONNECT.search(line)
        if found and not (found.group(1) or found.group(2)).startswith(_LOOPBACK):
            calls.append(line)
    return calls


def _strace() -> str:
    from helpers import needs

    strace = shutil.which("strace")
    if strace is None:
        needs.missing("needs strace (apt-get install strace) to watch every connection made")
    probe = subprocess.run([strace, "-f", "-o", os.devnull, "true"], capture_output=True)
    if probe.returncode != 0:  # a container that forbids ptrace
        needs.missing(f"strace cannot trace here: {probe.stderr.decode(errors='replace')[:200]}")
    return strace


def _traced(strace: str, log: Path, *args: str, **run) -> subprocess.CompletedProcess:
    return subprocess.run(
        [strace, "-f", "-qq", "-e", "trace=connect", "-o", str(log), KG, *args],
        capture_output=True,
        text=True,
        **run,
    )


#: Every command, by name: its arguments ({tmp}: the test's folder) and its exit status.
COMMANDS = {
    "report": (["report", "-o", "{tmp}/out/report", "-q"], 0),
    "map": (["map", "-o", "{tmp}/out/map.html", "-q"], 0),
    "gaps": (["gaps", "-q"], 0),
    "validate": (["validate", "--data", "{tmp}/imports.ttl", "-q"], 0),
    "stats": (["stats", "--store", "{tmp}/out/store", "-q"], 0),
    "query": (["query", "{tmp}/service.rq", "-q"], 2),
    "data-url": (["validate", "--data", WEB, "-q"], 2),
    "export-jsonld": (["export", "-f", "jsonld", "-o", "{tmp}/out/g.jsonld", "-q"], 0),
    "export-xlsx": (["export", "-f", "xlsx", "-o", "{tmp}/out/g.xlsx", "-q"], 0),
    "diff": (["diff", "{tmp}/imports.ttl", "{tmp}/imports.ttl", "-q"], 2),
    "init": (["init", "{tmp}/out/city", "--city", "Sjöstad kommun", "-q"], 0),
    "synth": (["synth", "-n", "50", "-o", "{tmp}/out/s.ttl", "-q"], 0),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", COMMANDS)
def test_no_command_connects_to_another_machine(tmp_path: Path, name: str):
    """Every command, on the bundled data and on hostile input, with a proxy set for the
    network: no connect() to an address other than the loopback's (a test per command, so
    that they spread over the workers)."""
    strace = _strace()
    hostile = tmp_path / "imports.ttl"
    hostile.write_text(HOSTILE_TURTLE, "utf-8")
    service = tmp_path / "service.rq"
    service.write_text(
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", encoding="utf-8"
    )
    env = {
        **os.environ,
        "HTTPS_PROXY": "http://192.0.2.1:3128",
        "HTTP_PROXY": "http://192.0.2.1:3128",
    }
    given, status = COMMANDS[name]
    args = [arg.format(tmp=tmp_path) for arg in given]
    log = tmp_path / f"{name}.strace"
    done = _traced(strace, log, *args, env=env, timeout=600)
    assert done.returncode == status, (name, done.stderr)
    assert _outside(log) == [], name


@pytest.mark.slow
def test_kg_serve_connects_to_no_other_machine(tmp_path: Path):
    """kg serve, asked for its page, a query, a resource page and a query with SERVICE and
    default-graph-uri at the web, under strace: only the loopback is spoken to."""
    import socket

    strace = _strace()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "serve.strace"
    server = subprocess.Popen(
        [
            strace,
            "-f",
            "-qq",
            "-e",
            "trace=connect",
            "-o",
            str(log),
            KG,
            "serve",
            "--port",
            str(port),
            "-q",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                with direct.open(f"{base}/health", timeout=5):
                    break
            except OSError:
                time.sleep(0.2)
        service = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
        answers = {}
        for path in (
            "/",
            "/id/fritidsnamnden",
            "/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"),
            "/sparql?query=" + urllib.parse.quote(service),
            "/sparql?query="
            + urllib.parse.quote("ASK { ?s ?p ?o }")
            + "&default-graph-uri="
            + urllib.parse.quote("http://example.org/g.ttl"),
        ):
            try:
                with direct.open(base + path, timeout=60) as answer:
                    answers[path] = answer.status
            except urllib.error.HTTPError as error:
                answers[path] = error.code
                error.close()
        assert sorted(answers.values()) == [200, 200, 200, 200, 403]
    finally:  # stop kg serve itself: strace, sent SIGTERM, detaches and leaves it running
        children = (
            Path(f"/proc/{server.pid}/task/{server.pid}/children")
            .read_text(encoding="utf-8")
            .split()
        )
        for child in children:
            os.kill(int(child), signal.SIGTERM)
        server.wait(60)
    assert _outside(log) == []
