"""What a query worker's copy of the store in memory (kg serve's memory_copy_triples) gains and costs: the same
queries as the endpoint benchmark's (bench/endpoints.py scenarios), evaluated and serialised by pyoxigraph
in-process on the build's store on disk (RocksDB, read-only) and on a copy of all its graphs in memory, in
alternating rounds; and what the copy costs to make (seconds, resident memory).

    .venv/bin/python bench/memory_copy.py --store DIST/store [--queries 200] [--rounds 5]

Prints a table; writes nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
import endpoints as E

from kg.query.worker import open_store


def resident() -> int:
    """Bytes of this process's resident memory."""
    with Path("/proc/self/statm").open(encoding="ascii") as statm:
        return int(statm.read().split()[1]) * 4096


def cpu_ms(store: ox.Store, queries: list[str]) -> float:
    """CPU milliseconds per query, evaluated and serialised as a query worker does."""
    started = time.process_time()
    for q in queries:
        result = store.query(q)
        if isinstance(result, ox.QuerySolutions):
            result.serialize(format=ox.QueryResultsFormat.JSON)
        else:
            result.serialize(format=ox.RdfFormat.TURTLE)
    return (time.process_time() - started) / len(queries) * 1e3


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, required=True, help="a built store; its kg.nt beside it gives the queries")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    plan = E.scenarios(args.store.parent / "kg.nt")
    disk = open_store(str(args.store), in_memory=False)
    before, started = resident(), time.perf_counter()
    memory = open_store(str(args.store), in_memory=True)
    took, grown = time.perf_counter() - started, resident() - before
    quads = len(memory)
    print(
        f"copy: {quads:,} quads in {took:.2f} s ({took / quads * 1e6:.1f} us a quad), resident memory "
        f"+{grown / 2**20:.0f} MiB ({grown / quads:.0f} bytes a quad)\n"
    )
    print("| scenario | disk ms/query | memory ms/query | disk / memory | per round |\n|---|---:|---:|---:|---|")
    for sc in plan:
        if sc.name == "repeated":
            continue
        queries = sc.queries[: args.queries]
        on_disk, in_memory = [], []
        for _ in range(args.rounds):
            on_disk.append(cpu_ms(disk, queries))
            in_memory.append(cpu_ms(memory, queries))
        ratios = ", ".join(f"{d / m:.1f}" for d, m in zip(on_disk, in_memory, strict=True))
        d, m = statistics.median(on_disk), statistics.median(in_memory)
        print(f"| {sc.name} | {d:.3f} | {m:.3f} | {d / m:.1f}x | {ratios} |")


if __name__ == "__main__":
    main()
