"""Helpers for tests that run real server processes: free ports, HTTP requests without a client library,
starting `kg serve` and waiting until it is ready, and a listener that records connections."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 30, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def log_lines(log: Path, contains: str, seconds: float = 5.0) -> list[str]:
    """The lines of a server's log that contain `contains`, waiting up to `seconds` for a first one: kg serve
    writes its access log in batches, each at most 0.2 s after its first line (kg.server.linebatch)."""
    deadline = time.monotonic() + seconds
    while True:
        lines = [line for line in log.read_text().splitlines() if contains in line]
        if lines or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def query_url(base: str, query: str) -> str:
    return f"{base}/sparql?{urllib.parse.urlencode({'query': query})}"


def start_server(
    dist: Path, log: Path, *extra: str, env: dict[str, str] | None = None, as_dist: bool = False
) -> tuple[subprocess.Popen, str]:
    """`kg serve` of the build in `dist` (named with --store DIST/store, or with --dist DIST if `as_dist`)."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "kg.cli",
        "serve",
        *(("--dist", str(dist)) if as_dist else ("--store", str(dist / "store"))),
        "--port",
        str(port),
        "--workers",
        "2",
        "--threads",
        "8",
        *extra,
    ]
    with log.open("w") as stderr:  # the child keeps its own descriptor
        process = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=stderr, env={**os.environ, **env} if env else None
        )
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


def assert_services_refused_without_connection(base: str, templates: list[str]) -> None:
    """Each query (a template with {port} for a loopback listener) is refused with 400, and the listener
    never sees a connection: the SERVICE check happens before anything is contacted."""
    listener = Listener()
    try:
        for template in templates:
            status, _, body = get(query_url(base, template.replace("{port}", str(listener.port))))
            assert status == 400 and b"not allowed" in body, body
        time.sleep(0.5)
        assert listener.connections == 0
    finally:
        listener.close()


def oxigraph_binary() -> str:
    """The Oxigraph server from PyPI (the test extra), installed beside this Python."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert found, "the oxigraph server (pip install oxigraph, in the test extra) is needed for this test"
    return found


@contextlib.contextmanager
def oxigraph_server(mode: str, db: Path, log: Path) -> Iterator[str]:
    """`oxigraph serve` or `serve-read-only` on a free loopback port, until the block ends; yields its base
    URL (/query for SPARQL, /store for the Graph Store Protocol)."""
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [oxigraph_binary(), mode, "--location", str(db), "--bind", f"127.0.0.1:{port}"], stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if get(f"{base}/query?{urllib.parse.urlencode({'query': 'ASK {}'})}", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, f"oxigraph {mode} did not start"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)
