"""Shared fixtures: the bundled graph, small graphs for edge cases, headless Chromium, and a
network guard."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main
import typer.testing
from rdflib import Graph

import kg
from kg.collector import collection_paused
from kg.io.source import Source
from kg.model.facts import Facts

FIXTURES = Path(__file__).parent / "fixtures"

_COMMANDS: dict[tuple[int, str | None], tuple[typer.Typer, object]] = {}
#: read by typer when it builds the command (which shells --show-completion offers)
_BUILD_ENV = "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"


def _command_built_once(app: typer.Typer) -> object:
    """The click command of ``app``, built on its first run in this process and kept, as in
    a process that runs kg once (typer's CliRunner builds it again for every run: about
    10 ms each, some 10 s of the fast tier's time). Help in Swedish puts the English texts
    back after it (kg.cli.helptext.in_swedish), so a kept command is as built."""
    key = (id(app), os.environ.get(_BUILD_ENV))
    if key not in _COMMANDS:
        _COMMANDS[key] = (app, typer.main.get_command(app))
    return _COMMANDS[key][1]


typer.testing._get_command = _command_built_once


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Iterator[object]:
    """Collect with the cycle collector paused (kg.collector), as kg pauses it itself.

    Collection imports every test module and kg module and rewrites some 5,000 asserts: a
    growing heap of objects that all live on, walked again by every full collection and
    never freed by one (about a quarter of collection's CPU, paid by each xdist worker).
    The collector runs as usual once collection is done."""
    with collection_paused():
        return (yield)


def pytest_configure(config: pytest.Config) -> None:
    """Leave hypothesis's own modules unrewritten: pytest rewrites the asserts of every
    package that ships a pytest plugin, and hypothesis's 70 modules cost each process a
    second of CPU for asserts no test of kg's writes (its plugin itself is unchanged)."""
    hook = config.pluginmanager.rewrite_hook
    getattr(hook, "_must_rewrite", set()).discard("hypothesis")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        help="rewrite tests/snapshots/ from the current answers (read the diff after)",
    )


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    """True when the snapshots are to be rewritten."""
    return request.config.getoption("--update-snapshots")


def _is_loopback(address: object) -> bool:
    if not (isinstance(address, tuple) and address):
        return isinstance(address, (str, bytes))  # AF_UNIX paths are local
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True, scope="session")
def kept_apart(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """What kg keeps between runs (the facts read from kg serve) goes to the session's own
    folder, never the user's cache; servers and commands started by tests inherit it."""
    before = os.environ.get("KG_CACHE_DIR")
    os.environ["KG_CACHE_DIR"] = str(tmp_path_factory.mktemp("kg-cache"))
    yield
    if before is None:
        os.environ.pop("KG_CACHE_DIR", None)
    else:
        os.environ["KG_CACHE_DIR"] = before


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that opens a connection beyond the loopback address."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(method):
        def connect(self: socket.socket, address: object, *args: object) -> object:
            if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
                raise AssertionError(f"test tried to reach the network: {address!r}")
            return method(self, address, *args)

        return connect

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))

    def no_dns(host: object, *args: object, **kwargs: object) -> object:
        if host not in (None, "localhost") and not _is_loopback((host,)):
            raise AssertionError(f"test tried to resolve a remote host: {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    real_getaddrinfo = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)


@pytest.fixture(scope="session")
def bundled_source() -> Iterator[Source]:
    """The ontology and all bundled data, opened once per session, with the years' views
    it opens (``at``) kept in it (treat as read-only: a test that added or removed a quad
    fails the session at its end)."""
    source = Source()
    size = len(source.open())
    yield source
    assert len(source.open()) == size, "a test changed the shared bundled_source's store"


@pytest.fixture(scope="session")
def bundled_facts(bundled_source: Source) -> Iterator[Facts]:
    """What the analyses read from the bundled data (read-only: its counts are checked
    unchanged at the session's end)."""
    facts = bundled_source.facts()
    counts = repr(facts)
    yield facts
    assert repr(facts) == counts, "a test changed the shared bundled_facts"


def facts_of(*paths: Path, bundled: bool = False) -> Facts:
    """The facts of these files (with the ontology; the bundled data only if asked)."""
    return Source(data=paths, bundled=bundled).facts()


@pytest.fixture(scope="session")
def bundled_graph() -> Iterator[Graph]:
    """The ontology and all bundled data, loaded once per session (treat as read-only: a
    test that added or removed a triple fails the session at its end)."""
    graph = kg.load()
    size = len(graph)
    yield graph
    assert len(graph) == size, "a test changed the shared bundled_graph: copy it instead"


@pytest.fixture(scope="session")
def bundled_report(tmp_path_factory: pytest.TempPathFactory) -> callable:
    """``kg report`` on the bundled data with these options (``-o`` aside), written once per
    session into a folder of its own: ``(folder, result)``; ``--lang en``, the default, is
    the same report as none. Read it only; a test that changes the folder or the data
    writes its own report."""
    from typer.testing import CliRunner

    from kg.cli import app

    written: dict[tuple[str, ...], tuple[Path, object]] = {}

    def report(*args: str) -> tuple[Path, object]:
        key = _default_lang_dropped(args)
        if key not in written:
            folder = tmp_path_factory.mktemp("bundled-report") / "r"
            result = CliRunner().invoke(app, ["report", *args, "-o", str(folder)])
            assert result.exit_code == 0, result.output
            written[key] = (folder, result)
        return written[key]

    return report


def _default_lang_dropped(args: tuple[str, ...]) -> tuple[str, ...]:
    """``args`` without a ``--lang en`` (``kg report`` writes the same files without it)."""
    for i in range(len(args) - 1):
        if args[i : i + 2] == ("--lang", "en"):
            return args[:i] + args[i + 2 :]
    return args


@pytest.fixture(scope="session")
def bundled_export(tmp_path_factory: pytest.TempPathFactory) -> callable:
    """The file ``kg export -f FMT -o FILE`` writes of the bundled data, written once per
    session for each format. Read it only."""
    from typer.testing import CliRunner

    from kg.cli import app

    written: dict[str, Path] = {}

    def export(fmt: str) -> Path:
        if fmt not in written:
            target = tmp_path_factory.mktemp("bundled-export") / f"graph.{fmt}"
            result = CliRunner().invoke(app, ["export", "-f", fmt, "-o", str(target), "-q"])
            assert result.exit_code == 0, result.output
            written[fmt] = target
        return written[fmt]

    return export


@pytest.fixture(scope="session")
def bundled_export_graph(bundled_export: callable) -> Iterator[callable]:
    """The rdflib Graph parsed from :func:`bundled_export`'s file of a format, parsed once per
    session for each (1-3 s of CPU for RDF/XML and JSON-LD). Read it only: a test that changed
    one fails the session at its end."""
    parsers = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
    parsed: dict[str, tuple[Graph, int]] = {}

    def graph(fmt: str) -> Graph:
        if fmt not in parsed:
            read = Graph().parse(bundled_export(fmt), format=parsers[fmt])
            parsed[fmt] = (read, len(read))
        return parsed[fmt][0]

    yield graph
    for fmt, (read, size) in parsed.items():
        assert len(read) == size, f"a test changed the shared {fmt} export's graph"


@pytest.fixture
def served_options(monkeypatch: pytest.MonkeyPatch) -> dict:
    """``kg serve`` with the server replaced by a recorder of the options the command gives
    it, which says it is ready as the server would."""
    seen: dict = {}

    def serve(store: object, host: str, port: int, **options: object) -> None:
        seen.update(options, host=host, port=port)
        options["ready"]("http://127.0.0.1:8000/")

    monkeypatch.setattr("kg.web.server.serve", serve)
    return seen


@pytest.fixture
def fixture_path() -> callable:
    """Path of a file in tests/fixtures/."""
    return lambda name: FIXTURES / name


@pytest.fixture
def kitchen_sink() -> Graph:
    """The ontology plus a fixture that uses every ontology class once."""
    return kg.load([FIXTURES / "kitchen_sink.ttl"], bundled=False)


@pytest.fixture
def tiny_graph() -> Graph:
    """The ontology only: no data at all."""
    return kg.load(bundled=False)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Headless Chromium with a fresh profile, driven through the local chromedriver; skipped
    on a developer's machine without it, a failure in CI (.ci/run installs it)."""
    from helpers import chromium, needs

    needs.module("selenium.webdriver")
    binary, driver_binary = chromium.binaries()
    if not (binary and driver_binary):
        if os.environ.get("CI"):
            pytest.fail(chromium.MISSING)
        pytest.skip(chromium.MISSING)
    driver = chromium.start(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()
