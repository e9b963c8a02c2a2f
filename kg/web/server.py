"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint at ``/sparql``, a query page at ``/``.

HTTP is Starlette's (:mod:`kg.web.app`), served by uvicorn, whose settings bound the
connections (how many, how long idle, how large their headers); queries are admitted to
:mod:`kg.web.admission`'s worker processes.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KgError, in_language
from kg.machine import available_memory, limits_memory
from kg.model.spoken import LANGUAGES
from kg.model.vocab import DATA_IRI
from kg.numbers import written
from kg.web.access import say
from kg.web.admission import Limits, Pool
from kg.web.app import application, is_loopback
from kg.web.stops import Stops
from kg.web.workers import DEFAULT_MEMORY, NO_MEMORY_LIMIT, payload_of, worker_memory

#: Request bodies larger than this are answered with 413.
MAX_BODY = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """Limits of the endpoint: the queries' (see :class:`~kg.web.admission.Limits`), rows per
    result, workers and their memory (MiB), the request body, the connections (how many, seconds
    idle between requests, seconds to send a request's headers and its body, bytes of headers),
    the origin allowed by CORS (None: no CORS headers), the query page's language (a
    visitor's ``?lang=`` chooses the other), the URL clients reach it at (behind a reverse
    proxy; None: the request's Host), whether each request is logged on stderr, the
    namespace whose IRIs are served at ``/id/`` (``base`` + the rest of the path), and the
    year whose view of the graph is served (``--year``; the pages say so), else None."""

    limits: Limits = field(default_factory=Limits)
    max_rows: int = 10_000
    workers: int = 2
    memory: int = DEFAULT_MEMORY
    max_body: int = MAX_BODY
    max_connections: int = 256
    backlog: int = 1024
    keep_alive: float = 5.0
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    max_header: int = 64 * 1024
    cors: str | None = None
    lang: str = "en"
    public_url: str | None = None
    access_log: bool = False
    #: The graph is kg's own data: the query page gives the credit its licence asks for.
    licensed: bool = False
    base: str = DATA_IRI
    year: int | None = None


class Endpoint:
    """A bound endpoint with its workers started; :meth:`serve_forever` answers requests."""

    def __init__(
        self,
        store: Any,
        directory: Path | None,
        host: str,
        port: int,
        settings: Settings,
        *,
        loader: Callable[[], Any] | None = None,
    ) -> None:
        self.settings = settings
        self.triples = len(store)
        self.loader = loader  # reads the graph again on SIGHUP (None: the store's workers do)
        self.token = secrets.token_hex(8)  # names the graph held in memory, for ETags
        self._reloading = threading.Lock()
        self.told_proxy = False  # whether the log said --public-url is missing behind a proxy
        self.socket = _listen(host, port, settings.backlog)
        self.server_address = self.socket.getsockname()
        self.loopback = is_loopback(host)
        self.directory = directory
        self.pool = Pool(
            payload_of(store, directory),
            workers=settings.workers,
            max_rows=settings.max_rows,
            memory=settings.memory,
            limits=settings.limits,
            identity=(lambda: store_identity(directory)) if directory is not None else None,
            on_change=self._recount,
        )
        try:
            self.pool.start()
        except BaseException:  # a worker that failed, or a stop while they load the graph
            self.pool.close()
            self.socket.close()
            raise
        self.app = application(self)
        self._server: Any = None
        self._stopped = threading.Event()

    def _recount(self) -> None:
        """Count the triples of a rebuilt store, for the service description (in a thread)."""

        def count() -> None:
            self.triples = self._stored_triples()

        if self.directory is not None:  # a graph read again: counted by its reader
            threading.Thread(target=count, name="kg-recount", daemon=True).start()

    def _stored_triples(self) -> int:
        """The triples of the store as it is on disk now (rebuilt, perhaps); the count known
        before where it cannot be opened."""
        from kg.io.store import reopen

        assert self.directory is not None
        with contextlib.suppress(KgError):
            return len(reopen(self.directory))
        return self.triples

    def version(self) -> object:
        """What the answers come from now (it changes when the graph does): the store's
        identity, or the token of the graph in memory; None while a store is being replaced."""
        return store_identity(self.directory) if self.directory is not None else self.token

    def reload(self) -> None:
        """What SIGHUP does (from any thread): read the graph again (``loader``) or have the
        workers reopen the store, then replace the workers: queries running finish on the graph
        they started on, those arriving meanwhile wait for a new worker. A graph that cannot be
        read is named on stderr and the one before served on."""
        threading.Thread(target=self._reload, name="kg-reload", daemon=True).start()

    def _reload(self) -> None:
        with self._reloading:
            payload, triples = None, self.triples
            if self.loader is not None:
                try:
                    store = self.loader()
                except KgError as error:  # its message and hint in the server's language too
                    said = in_language(error, self.settings.lang)[1]
                    say(
                        "could not read the graph again, still serving the one read before: "
                        f"{said}",
                        self.settings.lang,
                    )
                    return
                payload, triples = payload_of(store, None), len(store)
            elif self.directory is not None:
                triples = self._stored_triples()
            loop = getattr(self._server, "loop", None)
            if loop is None or loop.is_closed():
                return

            def renew() -> None:
                if self.pool.closed:  # SIGHUP while stopping: nothing to reload
                    return
                self.token, self.triples = secrets.token_hex(8), triples
                self.pool.reload(payload)
                lang = self.settings.lang  # the number as the starting line writes it
                say(f"reloading: new query workers for {written(triples, lang=lang)} triples", lang)

            with contextlib.suppress(RuntimeError):  # the loop closed: the server is stopping
                loop.call_soon_threadsafe(renew)

    @property
    def url(self) -> str:
        """The server's base URL, ending in ``/``."""
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/"

    def serve_forever(self) -> None:
        """Answer requests until :meth:`shutdown` (or Ctrl-C in the main thread)."""
        import uvicorn

        from kg.web.protocol import protocol_with_header_timeout

        settings = self.settings
        _streams_given()
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            lifespan="off",
            server_header=False,
            http=protocol_with_header_timeout(settings.header_timeout),
            limit_concurrency=settings.max_connections,
            backlog=settings.backlog,
            timeout_keep_alive=int(max(1, settings.keep_alive)),
            h11_max_incomplete_event_size=settings.max_header,
            timeout_graceful_shutdown=3,  # queries still running then are cut off
        )
        self._server = _server_class()(config, self.pool)
        self._stopped.clear()
        try:
            self._server.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Make :meth:`serve_forever` return, and wait until it has."""
        if self._server is not None:
            self._server.should_exit = True
            self._stopped.wait(10)

    def server_close(self) -> None:
        """Close the socket and stop the workers."""
        self.socket.close()
        self.pool.close()


def _server_class() -> type:
    import asyncio

    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn's server, answering the queries still waiting or running with 503 as soon as
        it is told to stop (SIGTERM, Ctrl-C) rather than cutting them off with a 500."""

        def __init__(self, config: uvicorn.Config, pool: Pool) -> None:
            super().__init__(config)
            self.pool = pool
            self.loop: asyncio.AbstractEventLoop | None = None

        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            self.loop = asyncio.get_running_loop()  # for SIGHUP's reload, from another thread
            await super().startup(sockets)

        async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
            self.pool.stopping()
            await super().shutdown(sockets)

    return Server


def store_identity(directory: Path) -> tuple[int, int, int] | None:
    """What the store in ``directory`` is now (a rebuild moves a new database into place):
    its database folder's inode and change time (a file system may give a new folder the
    inode number of one removed); None while there is none."""
    from kg.io.store import DATABASE

    try:
        status = (directory / DATABASE).stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino, status.st_ctime_ns


def _listen(host: str, port: int, backlog: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise KgError(
            f"cannot listen on {host}:{port}: {error.strerror}",
            hint="another program may be using the port: give another --port (0: any free)",
        ) from error
    sock.listen(backlog)
    return sock


def make_server(
    store: Any,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    directory: Path | None = None,
    timeout: float = 30.0,
    max_rows: int = 10_000,
    workers: int = 2,
    queue: int = 16,
    queue_timeout: float = 10.0,
    memory: int | None = None,
    cors: str | None = None,
    lang: str = "en",
    public_url: str | None = None,
    access_log: bool = False,
    loader: Callable[[], Any] | None = None,
    licensed: bool = False,
    base: str = DATA_IRI,
    year: int | None = None,
) -> Endpoint:
    """A ready endpoint over a pyoxigraph ``store`` (workers started, socket bound); with the
    ``directory`` of an on-disk store the workers reopen it instead of loading a copy;
    ``memory`` None: what the machine's free memory allows (:func:`worker_memory`);
    ``base``: the namespace whose IRIs are served at ``/id/``."""
    if lang not in LANGUAGES:
        raise KgError(f"no query page language '{lang}'", hint="choose one of: en, sv")
    if min(timeout, queue_timeout) <= 0 or min(max_rows, workers, queue, memory or 1) < 1:
        raise KgError(
            "--timeout, --queue-timeout, --max-rows, --workers, --queue and --memory must be "
            "positive",
            hint="for example --timeout 30 --max-rows 10000 --workers 2",
        )
    free = available_memory()
    memory, warning = worker_memory(memory, workers, None if free is None else free >> 20)
    if warning:
        say(f"warning: {warning}", lang)
    if not limits_memory():
        say(NO_MEMORY_LIMIT, lang)
    from kg.web.linked import served_base

    limits = Limits(
        timeout=timeout,
        queue_timeout=queue_timeout,
        queue=queue,
        quick_timeout=min(Limits.quick_timeout, timeout),
    )
    settings = Settings(
        limits=limits,
        max_rows=max_rows,
        workers=workers,
        memory=memory,
        cors=cors,
        lang=lang,
        public_url=public_address(public_url) if public_url else None,
        access_log=access_log,
        licensed=licensed,
        base=served_base(base),
        year=year,
    )
    return Endpoint(store, directory, host, port, settings, loader=loader)


def public_address(url: str) -> str:
    """``--public-url`` checked, ending in ``/``.

    >>> public_address("https://data.example.se/kg")
    'https://data.example.se/kg/'
    """
    from urllib.parse import urlsplit

    import pyoxigraph as ox

    hint = "give the address readers open, for example https://data.example.se/kg/"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise KgError(f"--public-url {url} is not an http(s) address of the query page", hint=hint)
    if parts.username or parts.password:
        raise KgError(
            f"--public-url {url} names a user or a password, which the service description "
            "would publish",
            hint=hint,
        )
    address = url if url.endswith("/") else url + "/"
    try:  # the base IRI of every query: one that is none would fail each query
        ox.NamedNode(address + "sparql")
    except ValueError as error:
        raise KgError(f"--public-url {url} is not an IRI ({error})", hint=hint) from error
    return address


def _streams_given() -> None:
    """Standard output and error a service was started without (``>&-``, where Python makes
    them None) become /dev/null: uvicorn's log formatter asks stdout whether it is a terminal
    ("internal error: Unable to configure formatter 'default'")."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def serve(
    store: Any,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    ready: Callable[[str], None] | None = None,
    stops: Stops | None = None,
    **options: Any,
) -> None:
    """Serve ``store`` until interrupted (Ctrl-C, SIGTERM; also while the workers are still
    loading the graph); ``ready`` is called with the base URL. ``stops``: the signal handlers
    the caller installed before reading the graph (else they are installed here)."""
    with contextlib.ExitStack() as stack:
        stops = stops or stack.enter_context(Stops())
        server = None
        try:
            server = make_server(store, host, port, **options)
            stops.serving(server.reload)
            if ready:
                ready(server.url)
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            if server is not None:
                server.server_close()
