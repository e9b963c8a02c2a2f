"""Each path of kg serve says the same of the methods it answers: its route (another method
is a 405, never a 404), the 405's and OPTIONS' ``Allow`` header, and, where ``--cors`` opens
it, the CORS answer's ``Access-Control-Allow-Methods``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers.serving import http, running

from kg.io.source import Source
from kg.web.readable import ontology_version
from kg.web.server import Endpoint, Settings

LINKED = (
    "id/fritidsnamnden",
    "ontology",
    f"ontology/{ontology_version()}",
    ".well-known/void",
)
ORIGIN = {"Origin": "https://notebook.example", "Access-Control-Request-Method": "GET"}


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    """kg serve over the bundled data with CORS open, as `kg serve` starts it for them."""
    with running(Settings(workers=1, licensed=True, cors="*"), store=Source().open()) as served:
        yield served


@pytest.mark.slow
@pytest.mark.parametrize("path", LINKED)
def test_linked_data_is_read_by_get_and_asked_first_by_options(endpoint: Endpoint, path: str):
    status, headers, body = http(endpoint.url + path, method="POST", body=b"x")
    assert status == 405, body
    assert headers["allow"] == "GET, HEAD, OPTIONS"
    assert headers["access-control-allow-methods"] == headers["allow"]
    assert b"use GET, HEAD, OPTIONS" in body
    status, headers, body = http(endpoint.url + path, method="OPTIONS", headers=ORIGIN)
    assert (status, body) == (204, b"")
    assert headers["allow"] == headers["access-control-allow-methods"] == "GET, HEAD, OPTIONS"
    assert headers["access-control-allow-origin"] == "*"
    status, headers, _ = http(endpoint.url + path, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["access-control-allow-methods"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize(
    ("path", "methods"),
    [("sparql", "GET, POST, HEAD, OPTIONS"), ("", "GET, HEAD"), ("health", "GET, HEAD")],
)
def test_each_path_s_allow_and_cors_answer_agree(endpoint: Endpoint, path: str, methods: str):
    status, headers, _ = http(endpoint.url + path, method="PUT", body=b"x")
    assert status == 405 and headers["allow"] == methods
    assert headers["access-control-allow-methods"] == methods
    status, headers, _ = http(endpoint.url + path)
    assert status == 200 and headers["access-control-allow-methods"] == methods


@pytest.mark.slow
def test_another_version_of_the_ontology_is_still_a_404_and_other_paths_too(endpoint: Endpoint):
    status, _, body = http(endpoint.url + "ontology/0.0.1")
    assert status == 404 and b"no version 0.0.1 of the ontology here" in body
    for path in ("ontology/0.4.0/x", "etc/passwd"):
        status, headers, _ = http(endpoint.url + path, method="POST", body=b"x")
        assert status == 404 and "allow" not in headers
        assert "access-control-allow-methods" not in headers
