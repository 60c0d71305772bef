"""Where the CPU of `kg serve --backend` on Virtuoso goes, against Virtuoso answering the same requests itself:
CPU milliseconds per request of Virtuoso's process and of kg serve's process tree (Granian, web workers), under
the same wrk load as bench/endpoints.py, in alternating rounds, each server started afresh.

On one machine the front and the store share its cores, so what the front spends per request is taken from
the store; this splits the two.

    .venv/bin/python bench/backend_cpu.py --store DIST/store [--scenario lookup] [--rounds 3] [--duration 8]

Needs wrk and virtuoso-opensource. Prints a table; writes nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import endpoints as E
from cpu_per_request import cpu_by_depth


def measure(server: E.Server, backend: E.Server, scenario: E.Scenario, work: Path, duration: int, conns: int) -> dict:
    """wrk's figures and CPU ms per request of `server`'s tree and of `backend`'s (None: the same process)."""
    with server:
        E.wrk(server.url, scenario, work, 3, conns)  # warm-up
        trees = [server.process.pid] + ([backend.process.pid] if backend is not server else [])
        before = [sum(cpu_by_depth(pid).values()) for pid in trees]
        run = E.wrk(server.url, scenario, work, duration, conns)
        after = [sum(cpu_by_depth(pid).values()) for pid in trees]
    n = max(run["requests"], 1)
    spent = [(a - b) / n * 1000 for a, b in zip(after, before, strict=True)]
    return {**run, "front": spent[0] if len(spent) > 1 else 0.0, "store": spent[-1]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, required=True, help="a built store; its kg.nt is loaded into Virtuoso")
    ap.add_argument("--scenario", default="lookup")
    ap.add_argument("--duration", type=int, default=8)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    dist = args.store.resolve().parent
    scenario = next(s for s in E.scenarios(dist / "kg.nt") if s.name == args.scenario)
    with tempfile.TemporaryDirectory(prefix="kg-backend-cpu-") as tmp:
        work = Path(tmp)
        virtuoso = E.Virtuoso(dist / "kg.nt", work, f"{E.BASE}id/dataset/aeno-kg")
        virtuoso.load()
        alone = virtuoso.server()
        backend = virtuoso.server("Virtuoso (backend)")
        front = E.kg_server(args.store, work, "--backend", backend.url, name="kg serve on Virtuoso")
        front.before = backend
        runs: dict[str, list[dict]] = {"Virtuoso": [], "kg serve on Virtuoso": []}
        load = (scenario, work, args.duration, args.connections)
        for _ in range(args.rounds):
            runs["Virtuoso"].append(measure(alone, alone, *load))
            runs["kg serve on Virtuoso"].append(measure(front, backend, *load))
    print(
        f"{args.scenario}, wrk {args.connections} connections, {args.duration} s x {args.rounds} alternating rounds "
        "(medians)\n\n| server | req/s | CPU ms/request: kg serve | Virtuoso | all |\n|---|---:|---:|---:|---:|"
    )
    for name, rs in runs.items():

        def med(key: str, rs: list[dict] = rs) -> float:
            return statistics.median(r[key] for r in rs)

        total = statistics.median(r["front"] + r["store"] for r in rs)
        print(f"| {name} | {med('rps'):.1f} | {med('front'):.3f} | {med('store'):.3f} | {total:.3f} |")


if __name__ == "__main__":
    main()
