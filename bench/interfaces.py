"""What Granian's interfaces cost around a lookup: the same minimal endpoint (bench/interface_apps.py) under
WSGI, RSGI and ASGI, next to `kg serve` and the Oxigraph server, on one store, in alternating rounds.

The issue behind it: kg serve answers uncached lookups at ~0.2x the Oxigraph server, and most of its web
worker's CPU per request is not our Python but the WSGI hand-off (blocking threads, the GIL, pipe wake-ups).
Before moving the fast path to another interface, this measures what each interface costs with nothing of
ours around it: if RSGI or ASGI with the event loop watching the query worker's pipe were much cheaper than
WSGI's blocking threads for the same work, the fast path would be worth porting.

    .venv/bin/python bench/interfaces.py --store DIST/store [--scenario lookup] [--rounds 3] [--duration 8]

Same load as bench/endpoints.py (wrk, 8 connections, unique requests; bench/requests.lua), same CPU
accounting as bench/cpu_per_request.py (user+system time of each server's process tree from /proc), split
into the web processes (Granian's main process and workers; for Oxigraph, the whole server) and the query
workers below them. Needs
wrk and oxigraph (pip install -e '.[bench]'). Prints a table; writes nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import endpoints as E  # the same servers, scenarios and load as the endpoint benchmark
from cpu_per_request import measure as cpu_measure

BENCH = Path(__file__).resolve().parent
INTERFACES = {  # name -> Granian options
    "WSGI (2 workers x 4 threads)": ["--interface", "wsgi", "--blocking-threads", "4", "wsgi"],
    "RSGI (2 workers, event loop)": ["--interface", "rsgi", "rsgi"],
    "ASGI (2 workers, event loop)": ["--interface", "asgi", "asgi"],
}


def minimal_server(name: str, options: list[str], store: Path, work: Path) -> E.Server:
    *flags, kind = options
    port = E.free_port()
    cmd = [
        str(E.BIN / "granian"),
        *flags,
        "--workers",
        "2",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--working-dir",
        str(BENCH),
        f"interface_apps:{kind}_app",
    ]
    os.environ["KG_BENCH_STORE"] = str(store)
    return E.Server(name, cmd, f"http://127.0.0.1:{port}/sparql", work / f"{kind}.log")


def measure(
    server: E.Server, scenario: E.Scenario, work: Path, duration: int, connections: int, pause_ms: int = 0
) -> dict:
    """bench/cpu_per_request.py's measurement, with its CPU parts summed into the web processes (Granian's main
    process and workers; for Oxigraph, the whole server) and the query workers below them."""
    run = cpu_measure(server, scenario, work, duration, connections, pause_ms)
    web = run["ms"].get(0, 0.0) + run["ms"].get(1, 0.0)
    query = run["ms"].get(2, 0.0)
    return {**run, "cpu_ms": web + query, "web_ms": web, "query_ms": query}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, required=True, help="a built store; its kg.nt beside it gives the queries")
    ap.add_argument("--scenario", default="lookup")
    ap.add_argument("--duration", type=int, default=8)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument(
        "--pause",
        type=int,
        default=0,
        help="ms each connection waits before each request: the same paced load for every server (p99 at equal "
        "load); 0: as fast as each server answers",
    )
    args = ap.parse_args()
    dist = args.store.resolve().parent
    scenario = next(s for s in E.scenarios(dist / "kg.nt") if s.name == args.scenario)
    with tempfile.TemporaryDirectory(prefix="kg-interfaces-") as tmp:
        work = Path(tmp)
        servers = [
            E.oxigraph_server(dist / "kg.nt", work),
            E.kg_server(args.store, work, "--memory-copy-triples", "0"),  # the store on disk, as the minimal apps
            *(minimal_server(name, opts, args.store.resolve(), work) for name, opts in INTERFACES.items()),
        ]
        runs: dict[str, list[dict]] = {s.name: [] for s in servers}
        for _ in range(args.rounds):
            for s in servers:
                runs[s.name].append(measure(s, scenario, work, args.duration, args.connections, args.pause))
                if runs[s.name][-1]["errors"]:
                    raise SystemExit(f"{s.name}: {runs[s.name][-1]['errors']} errors; see {s.log}")
    ox = runs["Oxigraph server"]
    floor = runs[next(iter(INTERFACES))]  # the minimal one-hop WSGI app: kg serve's p99 floor
    paced = f", each connection pausing {args.pause} ms before each request" if args.pause else ""
    print(
        f"{args.scenario}, wrk {args.connections} connections{paced}, {args.duration} s x {args.rounds} alternating "
        "rounds (medians; ratio = req/s over the Oxigraph server's in the same round; p99 ratio = p99 over the "
        "Oxigraph server's in the same round; p99 / WSGI = p99 over the minimal WSGI app's in the same round, the "
        "floor of the design: one hop to a killable query worker)"
    )
    print(
        "| server | req/s | ratio | p99 ms | p99 ratio | p99 / WSGI | CPU ms/request | of it web processes "
        "| of it query workers |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    for name, rs in runs.items():
        ratio = statistics.median(r["rps"] / o["rps"] for r, o in zip(rs, ox, strict=True))
        p99_ratio = statistics.median(r["p99"] / o["p99"] for r, o in zip(rs, ox, strict=True))
        p99_floor = statistics.median(r["p99"] / w["p99"] for r, w in zip(rs, floor, strict=True))

        def med(key: str, rs: list[dict] = rs) -> float:
            return statistics.median(r[key] for r in rs)

        print(
            f"| {name} | {med('rps'):.1f} | {ratio:.2f}x | {med('p99'):.2f} | {p99_ratio:.2f}x | {p99_floor:.2f}x "
            f"| {med('cpu_ms'):.3f} "
            f"| {med('web_ms'):.3f} | {med('query_ms'):.3f} |"
        )
    for name, rs in runs.items():
        rounds = ", ".join(f"{r['rps']:.0f}" for r in rs)
        p99s = ", ".join(f"{r['p99']:.2f}" for r in rs)
        print(f"{name}: req/s per round {rounds}; p99 ms per round {p99s}")


if __name__ == "__main__":
    main()
