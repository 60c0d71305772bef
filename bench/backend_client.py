"""What relaying a query to a SPARQL backend costs the web process, by HTTP client: httpx (what `kg publish`
uses), urllib3 (if installed) and the standard library's http.client, each with one kept-alive connection,
and kg.query.backendhttp.Connections (http.client with the pool, retry and time limits kg serve --backend
uses), posting the same small form-encoded lookup to the Oxigraph server over one store, in alternating
rounds. CPU milliseconds per request of this process (the client's side only; the server is another
process) and wall milliseconds, medians of the rounds.

    .venv/bin/python bench/backend_client.py --store DIST/store [--requests 3000] [--rounds 5]

Needs oxigraph (pip install -e '.[bench]'). Prints a table; writes nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import endpoints as E

from kg.query.backendhttp import Connections

QUERY = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
ACCEPT = "application/sparql-results+json"


def clients(url: str) -> dict[str, Callable[[str], bytes]]:
    made: dict[str, Callable[[str], bytes]] = {}
    client = httpx.Client()
    made["httpx"] = lambda q: (
        client.post(url, data={"query": q}, headers={"Accept": ACCEPT}, timeout=httpx.Timeout(10, connect=5)).content
    )
    try:
        import urllib3
    except ImportError:
        pass
    else:
        parts = urllib.parse.urlsplit(url)
        pool = urllib3.HTTPConnectionPool(parts.hostname, parts.port, maxsize=2)
        made["urllib3"] = lambda q: (
            pool.request(
                "POST",
                parts.path,
                body=urllib.parse.urlencode({"query": q}),
                headers={"Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded"},
                timeout=urllib3.Timeout(connect=5, read=10),
            ).data
        )
    connections = Connections(url, 2, "bench")
    made["kg.query.backendhttp (http.client)"] = lambda q: connections.post_form({"query": q}, ACCEPT, 10, 5).body
    return made


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    port = E.free_port()
    cmd = [str(E.BIN / "oxigraph"), "serve-read-only", "--location", str(args.store), "--bind", f"127.0.0.1:{port}"]
    with (
        tempfile.TemporaryDirectory() as tmp,
        E.Server("Oxigraph server", cmd, f"http://127.0.0.1:{port}/query", Path(tmp) / "ox.log") as server,
    ):
        made = clients(server.url)
        cpu: dict[str, list[float]] = {name: [] for name in made}
        wall: dict[str, list[float]] = {name: [] for name in made}
        for round_ in range(args.rounds):
            for name, post in made.items():
                started_cpu, started = time.process_time(), time.perf_counter()
                for i in range(args.requests):
                    post(f"{QUERY} # {round_} {i}")
                cpu[name].append((time.process_time() - started_cpu) / args.requests * 1e3)
                wall[name].append((time.perf_counter() - started) / args.requests * 1e3)
    print("| client | CPU ms/request | wall ms/request | CPU per round |\n|---|---:|---:|---|")
    for name in made:
        rounds = ", ".join(f"{c:.3f}" for c in cpu[name])
        print(f"| {name} | {statistics.median(cpu[name]):.3f} | {statistics.median(wall[name]):.3f} | {rounds} |")


if __name__ == "__main__":
    main()
