"""The connections from kg serve to a SPARQL backend, against a real HTTP server on loopback that behaves as a
backend can: answers slowly, closes kept-alive connections without saying so, fails, or answers an error in
another encoding. The query relayed is answered from the real store in each case that answers at all."""

from __future__ import annotations

import http.server
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager

import pyoxigraph as ox
import pytest

from kg.query.backendhttp import BackendError, Connections

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON_ACCEPT = {"Accept": "application/sparql-results+json"}


@contextmanager
def backend(store: ox.Store, behaviour: str = "well", delay: float = 0.0) -> Iterator[dict]:
    """A SPARQL endpoint over `store` on a free port; yields {"url", "connections", "requests"} as it counts."""
    seen = {"connections": 0, "requests": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real backends do

        def setup(self) -> None:
            super().setup()
            seen["connections"] += 1

        def do_POST(self) -> None:
            seen["requests"] += 1
            form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            time.sleep(delay)
            if behaviour == "fails":
                self._answer(500, b"intern: Fout \xe9\xe9n", "text/plain; charset=latin-1")
                return
            body = store.query(form["query"][0]).serialize(format=ox.QueryResultsFormat.JSON)
            self._answer(200, body, "application/sparql-results+json")
            if behaviour == "drops kept connections":
                self.close_connection = True  # closes after the answer without a Connection: close header

        def _answer(self, status: int, body: bytes, media: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"url": f"http://127.0.0.1:{server.server_port}/query", **{"seen": seen}}
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def store(dist) -> ox.Store:
    return ox.Store.read_only(str(dist / "store"))


def count(answer_body: bytes) -> int:
    return int(json.loads(answer_body)["results"]["bindings"][0]["n"]["value"])


def test_connections_are_kept_and_reused(store):
    with backend(store) as b:
        connections = Connections(b["url"], 2, "test")
        for _ in range(5):
            answer = connections.post_form({"query": COUNT}, "application/sparql-results+json", 5, 5)
            assert answer.status == 200
        connections.close()
        assert (b["seen"]["requests"], b["seen"]["connections"]) == (5, 1)


def test_a_kept_connection_the_backend_closed_is_replaced_without_an_error(store):
    with backend(store, "drops kept connections") as b:
        connections = Connections(b["url"], 2, "test")
        answers = [connections.post_form({"query": COUNT}, "*/*", 5, 5) for _ in range(3)]
        connections.close()
        assert {a.status for a in answers} == {200}
        assert b["seen"]["connections"] == 3


def test_a_refused_connection_is_a_backend_error():
    with backend(ox.Store()) as b:
        url = b["url"]
    with pytest.raises(BackendError, match="ConnectionRefused"):
        Connections(url, 1, "test").post_form({"query": COUNT}, "*/*", 5, 5)


@pytest.mark.parametrize("url", ["ftp://example.org/sparql", "/sparql", "http:///sparql"])
def test_a_backend_url_that_is_not_http_is_refused_at_start(url):
    with pytest.raises(ValueError, match="not an http"):
        Connections(url, 1, "test")


def test_a_backend_slower_than_the_time_limit_is_abandoned_with_a_503(store, dist, make_app):
    with backend(store, delay=2.0) as b:
        app = make_app(backend=b["url"], query_timeout=0.5, result_cache_mb=0)
        started = time.perf_counter()
        r = app.test_client().get("/sparql", query_string={"query": COUNT}, headers=JSON_ACCEPT)
        took = time.perf_counter() - started
    assert r.status_code == 503
    assert b"0.5 s" in r.data
    assert took < 1.9, "the answer waited for the backend instead of the time limit"


def test_answers_through_the_backend_are_the_store_s(store, dist, make_app):
    with backend(store, "drops kept connections") as b:
        app = make_app(backend=b["url"], result_cache_mb=0)
        answers = [app.test_client().get("/sparql", query_string={"query": COUNT}, headers=JSON_ACCEPT) for _ in "ab"]
    assert [r.status_code for r in answers] == [200, 200]
    assert {count(r.data) for r in answers} == {count(store.query(COUNT).serialize(format=ox.QueryResultsFormat.JSON))}


def test_a_backend_error_is_reported_with_its_message_in_its_own_encoding(store, dist, make_app):
    with backend(store, "fails") as b:
        app = make_app(backend=b["url"], result_cache_mb=0)
        r = app.test_client().get("/sparql", query_string={"query": COUNT}, headers=JSON_ACCEPT)
    assert r.status_code >= 500
    assert "Fout één" in r.get_data(as_text=True)
