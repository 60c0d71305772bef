"""`kg serve` as a real server process (Granian, several workers and threads) on a free port."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.servers import assert_services_refused_without_connection, get, query_url, start_server

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = "SELECT ?code WHERE { <https://w3id.org/aeno-kg/id/gemeente/oss> <http://purl.org/dc/terms/identifier> ?code }"


@pytest.fixture(scope="module")
def server(dist, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    process, base = start_server(dist, log, "--timeout", "2", "--max-concurrent", "2")
    yield base, log
    process.terminate()
    process.wait(timeout=15)


def test_service_to_a_listener_on_loopback_is_refused_and_never_connected(server):
    base, _ = server
    assert_services_refused_without_connection(
        base,
        [
            "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/sparql> { ?s ?p ?o } }",
            "SELECT * WHERE { SERVICE SILENT <http://localhost:{port}/> { ?s ?p ?o } }",
        ],
    )


def test_an_expensive_query_is_stopped_while_a_cheap_one_still_answers(server):
    base, _ = server
    heavy: dict = {}

    def run_heavy() -> None:
        started = time.monotonic()
        heavy["status"], _, heavy["body"] = get(query_url(base, HEAVY))
        heavy["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_heavy)
    thread.start()
    time.sleep(0.5)
    started = time.monotonic()
    status, _, body = get(query_url(base, CHEAP))
    cheap_seconds = time.monotonic() - started
    assert thread.is_alive(), "the expensive query is still running while the cheap one is answered"
    thread.join()
    assert status == 200 and b"GM0828" in body and cheap_seconds < 1.5
    assert heavy["status"] == 503 and b"was stopped" in heavy["body"]
    assert heavy["seconds"] < 8


def test_a_burst_of_parallel_requests_is_answered_without_errors(server):
    base, _ = server
    urls = [
        query_url(base, CHEAP.replace("oss", name))
        for name in ["oss", "delft", "soest", "tholen", "eersel", "kampen", "almere", "rotterdam"] * 10
    ]
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = [status for status, _, _ in pool.map(get, urls)]
    assert statuses == [200] * len(urls)


def test_the_server_logs_one_line_per_request(server):
    base, log = server
    get(f"{base}/health")
    get(f"{base}/nowhere")
    time.sleep(0.3)
    lines = log.read_text().splitlines()
    assert any("kg.access GET /nowhere 404 " in line and "ms" in line for line in lines)


def test_the_server_serves_the_store_read_only(server):
    base, _ = server
    status, _, body = get(query_url(base, "INSERT DATA { <urn:a> <urn:b> <urn:c> }"))
    assert status == 403
    status, _, body = get(query_url(base, "ASK { <urn:a> <urn:b> <urn:c> }"))
    assert json.loads(body)["boolean"] is False


def _load_then_get_stopped(store: str) -> None:
    """A web worker's start, as Granian runs it: forked with the main process's signal handlers (which only
    set a flag), then our loader, then a SIGTERM from Granian's shutdown."""
    import os
    import signal

    from kg.server import create_app
    from kg.server.serve import _loader

    signal.signal(signal.SIGTERM, lambda *_: None)  # what the main process's handler amounts to in a worker
    _loader(create_app(store=store))("kg.server:app")
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(10)  # only reached if the signal was lost


def test_a_web_worker_stopped_while_it_starts_ends_at_once(dist):
    """Stopping `kg serve` while a web worker is still loading used to leave that worker serving until
    Granian's kill timeout (seen in CI: a test's server took longer than 15 s to stop)."""
    import multiprocessing
    import signal

    worker = multiprocessing.get_context("fork").Process(target=_load_then_get_stopped, args=(str(dist / "store"),))
    started = time.perf_counter()
    worker.start()
    worker.join(timeout=8)
    if worker.is_alive():
        worker.kill()
        worker.join()
    assert worker.exitcode == -signal.SIGTERM
    assert time.perf_counter() - started < 8
