"""`kg serve` as a real server process (gunicorn, several workers and threads) on a free port."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = "SELECT ?code WHERE { <https://w3id.org/aeno-kg/id/gemeente/oss> <http://purl.org/dc/terms/identifier> ?code }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 30) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def query_url(base: str, query: str) -> str:
    return f"{base}/sparql?{urllib.parse.urlencode({'query': query})}"


def start_server(dist: Path, log: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "kg.cli",
        "serve",
        "--store",
        str(dist / "store"),
        "--port",
        str(port),
        "--workers",
        "2",
        "--threads",
        "8",
        *extra,
    ]
    with log.open("w") as stderr:  # the child keeps its own descriptor
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kg serve exited: {log.read_text()}")
        try:
            if get(f"{base}/health", timeout=2)[0] == 200:
                return process, base
        except OSError:
            pass
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"kg serve did not become ready: {log.read_text()}")


@pytest.fixture(scope="module")
def server(dist, tmp_path_factory):
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    process, base = start_server(dist, log, "--timeout", "2", "--max-concurrent", "2")
    yield base, log
    process.terminate()
    process.wait(timeout=15)


class Listener:
    """A TCP listener on loopback that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except TimeoutError:
                continue

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


def test_service_to_a_listener_on_loopback_is_refused_and_never_connected(server):
    base, _ = server
    listener = Listener()
    try:
        for q in [
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <http://localhost:{listener.port}/> {{ ?s ?p ?o }} }}",
        ]:
            status, _, body = get(query_url(base, q))
            assert status == 400 and b"not allowed" in body
        time.sleep(1)
        assert listener.connections == 0
    finally:
        listener.close()


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
