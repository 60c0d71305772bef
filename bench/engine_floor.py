"""The floor under any layer built on pyoxigraph: what the same query costs in pyoxigraph (the Python extension
every `kg serve` query worker runs) and in the Oxigraph server (the `oxigraph` binary bench/endpoints.py
compares against), on the same store and the same queries.

A target of 0.9x the Oxigraph server's requests/s for heavy queries assumes that "the engine is the same". It
is the same source code, but not the same build: the server is one static Rust binary, while pyoxigraph is a
shared library loaded into Python (RocksDB's many thread-local variables then go through
__tls_get_addr, and each call crosses the Python boundary). On a machine whose two cores are saturated,
requests/s follow CPU time per request, so the best ratio any layer on pyoxigraph can reach is

    ceiling = (Oxigraph server's CPU per HTTP request) / (pyoxigraph's CPU per query, with no HTTP at all)

This script measures both sides, alternating rounds:
- Oxigraph server: `oxigraph serve-read-only` on a store loaded by `oxigraph load`; wrk with 1 connection,
  then 2 (one per core); the server process's user+system CPU per request, read from /proc. This includes
  its HTTP parsing, query parsing, evaluation, serialisation and writing the response.
- pyoxigraph: the same store opened with `Store.read_only`; query + serialise to the same media type, and
  nothing else; 1 process, then 2 processes at once (as kg serve's query workers run); each opens the store,
  answers 20 queries to warm up, then measures its own CPU time (time.process_time) over the counted ones.
Every request and query carries a unique comment, as in bench/endpoints.py.

With `--with-kg`, each round also measures `kg serve` (this checkout, on the build's own store on disk:
`--memory-copy-triples 0`) the same way as the Oxigraph server: its whole process tree's CPU per request
(web workers and query workers), at the same number of connections. Then

    layer share = (pyoxigraph's CPU per query) / (kg serve's CPU per request)

is, per round, the part of kg serve's work that is the engine itself. The target for heavy queries
("the layer costs at most 10% over pyoxigraph evaluating and serialising the same queries in-process") is a
layer share of at least 0.9, measured in the same run.

    .venv/bin/python bench/engine_floor.py --store DIST/store [--scenarios browse,shared-theme] [--rounds 3]
        [--with-kg]

Needs `oxigraph` (pip install -e '.[bench]') and wrk. Prints a table; writes bench/RESULTS-engine.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import multiprocessing as mp
import os
import platform
import statistics
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cpu_per_request as C  # CPU of a process tree from /proc
import endpoints as E  # the same scenarios, servers and wrk load as the endpoint benchmark

#: kg serve's options here: every query from the store on disk, as the references read it
DISK = ("--memory-copy-triples", "0")


def serialise(result: object, media: str) -> bytes:
    if isinstance(result, ox.QueryTriples):
        return result.serialize(format=ox.RdfFormat.from_media_type(media))
    return result.serialize(format=ox.QueryResultsFormat.from_media_type(media))  # type: ignore[attr-defined]


def run_queries(store_path: str, scenario: E.Scenario, count: int, tag: str, out: Connection) -> None:
    """Open the store, answer a few queries to warm it, then send back the CPU milliseconds per query of `count`
    more, each with a unique comment, answered and serialised in-process."""
    store = ox.Store.read_only(store_path)

    def answer(n: int, prefix: str) -> None:
        for i in range(n):
            q = scenario.queries[i % len(scenario.queries)]
            serialise(store.query(f"{q}\n#{prefix}x{i}"), scenario.accept)

    answer(20, f"{tag}w")
    start = time.process_time()
    answer(count, tag)
    out.send((time.process_time() - start) / count * 1000)


def pyoxigraph_cpu(store_path: str, scenario: E.Scenario, count: int, processes: int, tag: str) -> float:
    """CPU milliseconds per query, the mean over `processes` processes answering at the same time."""
    ctx = mp.get_context("fork")
    pipes = [ctx.Pipe(duplex=False) for _ in range(processes)]
    procs = [
        ctx.Process(target=run_queries, args=(store_path, scenario, count, f"{tag}p{n}", w))
        for n, (_, w) in enumerate(pipes)
    ]
    for p in procs:
        p.start()
    per_query = [r.recv() for r, _ in pipes]
    for p in procs:
        p.join()
    return statistics.fmean(per_query)


def server_cpu(server: E.Server, scenario: E.Scenario, work: Path, duration: int, connections: int, tag: str) -> float:
    os.environ["KG_RUN"] = tag  # unique comments across runs against the same server
    before = C.cpu_by_depth(server.process.pid)
    run = E.wrk(server.url, scenario, work, duration, connections)
    after = C.cpu_by_depth(server.process.pid)
    return (sum(after.values()) - sum(before.values())) / max(run["requests"], 1) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, required=True, help="a built store; its kg.nt beside it gives the queries")
    ap.add_argument("--scenarios", default="browse,shared-theme")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=int, default=5, help="seconds of wrk per server run")
    ap.add_argument("--queries", type=int, default=300, help="queries per pyoxigraph process per run")
    ap.add_argument("--with-kg", action="store_true", help="also kg serve's CPU per request, in the same rounds")
    args = ap.parse_args()
    dist = args.store.resolve().parent
    wanted = args.scenarios.split(",")
    plan = [s for s in E.scenarios(dist / "kg.nt") if s.name in wanted]
    rows: dict[tuple[str, int], dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="kg-floor-") as tmp:
        work = Path(tmp)
        server = E.oxigraph_server(dist / "kg.nt", work)
        store_path = str(work / "oxdb")  # the very files the server reads
        # kg serve reads the same store on disk as pyoxigraph here (no copy in memory): the floor is of the layer
        kg = E.kg_server(args.store.resolve(), work, *DISK) if args.with_kg else contextlib.nullcontext()
        with server, kg:
            for sc in plan:
                E.wrk(server.url, sc, work, 2, 2)  # warm-up
                if args.with_kg:
                    E.wrk(kg.url, sc, work, 2, 2)
                for r in range(args.rounds):
                    for conc in (1, 2):
                        row = rows.setdefault((sc.name, conc), {"server": [], "pyoxigraph": [], "kg": []})
                        tag = f"{sc.name}{r}c{conc}"
                        row["server"].append(server_cpu(server, sc, work, args.duration, conc, tag))
                        row["pyoxigraph"].append(pyoxigraph_cpu(store_path, sc, args.queries, conc, tag))
                        if args.with_kg:
                            row["kg"].append(server_cpu(kg, sc, work, args.duration, conc, f"{tag}kg"))
                        also = f", kg serve {row['kg'][-1]:.3f} ms/request" if args.with_kg else ""
                        print(
                            f"{sc.name} round {r} x{conc}: Oxigraph server {row['server'][-1]:.3f} ms/request, "
                            f"pyoxigraph {row['pyoxigraph'][-1]:.3f} ms/query{also}",
                            flush=True,
                        )
    write(args, plan, rows)


def table_rows(plan: list[E.Scenario], rows: dict, shown: str, over: str, under: str, unit: str) -> list[str]:
    """A table's rows: per scenario and connections, the median of `shown` and of pyoxigraph, the ratio of the
    medians `over` / `under`, and that ratio per round."""
    med = statistics.median
    lines = []
    for sc in plan:
        for conc in (1, 2):
            row = rows[(sc.name, conc)]
            per_round = ", ".join(f"{a / b:.2f}" for a, b in zip(row[over], row[under], strict=True))
            lines.append(
                f"| {sc.name} | {conc} | {med(row[shown]):.3f} | {med(row['pyoxigraph']):.3f} "
                f"| {med(row[over]) / med(row[under]):.2f}{unit} | {per_round} |"
            )
    return lines


def write(args: argparse.Namespace, plan: list[E.Scenario], rows: dict) -> None:
    lines = [
        "# The engine floor: pyoxigraph vs the Oxigraph server on the same store",
        "",
        f"Measured {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.node()} "
        f"({platform.machine()}, {os.cpu_count()} cores, shared and noisy; Python {platform.python_version()}, "
        f"pyoxigraph and oxigraph {ox.__version__}) with",
        f"`.venv/bin/python bench/engine_floor.py --store {args.store} --scenarios {args.scenarios} "
        f"--rounds {args.rounds} --duration {args.duration} --queries {args.queries}"
        f"{' --with-kg' if args.with_kg else ''}`.",
        "",
        "CPU milliseconds (user + system), medians of the rounds. Oxigraph server: per HTTP request, everything "
        "included. pyoxigraph: per query evaluated and serialised in-process, no HTTP, no Python around it "
        "beyond the call. Ceiling: server / pyoxigraph, the best requests/s ratio to the Oxigraph server that "
        "a layer costing nothing on top of pyoxigraph could reach on saturated cores.",
        "",
        "| scenario | at once | Oxigraph server ms/request | pyoxigraph ms/query | ceiling | per round |",
        "|---|---:|---:|---:|---:|---|",
    ]
    lines += table_rows(plan, rows, "server", "server", "pyoxigraph", "x")
    if args.with_kg:
        lines += [
            "",
            "kg serve (this checkout, on the store on disk: --memory-copy-triples 0) measured in the same rounds, "
            "at the same connections: its process tree's CPU per request (web workers and query workers). "
            "Layer share: pyoxigraph / kg serve, the part of kg serve's CPU that is the engine "
            "(the target: at least 0.9).",
            "",
            "| scenario | at once | kg serve ms/request | pyoxigraph ms/query | layer share | per round |",
            "|---|---:|---:|---:|---:|---|",
        ]
        lines += table_rows(plan, rows, "kg", "pyoxigraph", "kg", "")
    lines.append("")
    text = "\n".join(lines)
    (E.ROOT / "bench" / "RESULTS-engine.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"({time.monotonic() - started:.0f} s)")
