"""What the web layer costs per SPARQL request, without HTTP and without the query worker.

Calls the app's WSGI callable with a prepared environ for lookups of each municipality (a unique comment
per request, so the result cache never answers), with the query worker replaced by a canned answer: what
is left is protocol parsing, checks, negotiation, the cache lookup, response headers and the access log.
Run with the fast path (kg.server.fastpath) and without it (KG_FAST_PATH=0 behaviour), in the same run.

    .venv/bin/python bench/app_layer.py [--store dist/store] [--requests 3000] [--rounds 5]

Prints the median microseconds per request of each. Run from the project root after `kg build`.
"""

from __future__ import annotations

import argparse
import io
import logging
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

from kg.query.worker import Outcome
from kg.server import create_app

JSON = "application/sparql-results+json"


def environ(query_string: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/sparql",
        "QUERY_STRING": query_string,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "5000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:5000",
        "HTTP_ACCEPT": JSON,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def measure(store: Path, fast: bool, queries: list[str], n: int, rounds: int) -> float:
    app = create_app(store=store, fast_path=fast)
    st = app.extensions["kg"]
    canned = Outcome("ok", b'{"head":{"vars":["code","label"]},"results":{"bindings":[]}}', JSON, "select", 0)
    pool = st.pool()
    pool.run = lambda job, build, timeout, **_: canned  # the query worker left out: only the web layer is measured

    def start_response(status: str, headers: list, exc_info: object = None) -> None:
        pass

    def go(tag: str) -> float:
        started = time.perf_counter()
        for i in range(n):
            qs = "query=" + queries[i % len(queries)] + f"%0A%23{tag}x{i}"
            b"".join(app(environ(qs), start_response))
        return (time.perf_counter() - started) / n

    go("warm")
    times = [go(f"r{r}") for r in range(rounds)]
    st.close()
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, default=Path("dist/store"))
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    logging.basicConfig(stream=io.StringIO(), level=logging.INFO)  # the access log is formatted, not shown
    nt = (args.store.parent / "kg.nt").read_text(encoding="utf-8")
    municipalities = sorted(set(re.findall(r"<(https://w3id\.org/aeno-kg/id/gemeente/[^>]+)> <http://purl", nt)))
    queries = [
        quote(
            f"SELECT ?code ?label WHERE {{ <{m}> <http://purl.org/dc/terms/identifier> ?code ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?label }",
            safe="",
        )
        for m in municipalities
    ]
    flask = measure(args.store, False, queries, args.requests, args.rounds)
    fast = measure(args.store, True, queries, args.requests, args.rounds)
    print(f"web layer per uncached lookup, median of {args.rounds} x {args.requests} requests:")
    print(f"  Flask view only: {flask * 1e6:7.0f} us")
    print(f"  with fast path:  {fast * 1e6:7.0f} us  ({flask / fast:.1f}x less)")


if __name__ == "__main__":
    main()
