"""Where a request's CPU goes: CPU milliseconds per request in each part of `kg serve` (the Granian main process,
the web workers, the query workers) and in the Oxigraph server, under the same wrk load as bench/endpoints.py.

Requests per second on this shared machine swing by 10-20% between runs; CPU time per request is steadier
and says which part costs what. The processes' user+system time is read from /proc before and after the
measured run. Process tree of kg serve: Granian's main process -> web workers -> query workers (forked directly,
or by a fork server that is itself a child of the web worker and uses next to no CPU).

    .venv/bin/python bench/cpu_per_request.py --store DIST/store [--scenario browse] [--rounds 3]
        [--baseline OTHER/.venv/bin/python] [--pause MS]

--baseline adds a third server to every round: `kg serve` run by another checkout's interpreter (an
editable install of the code before a change), so that a change is measured against what it replaces in
the same run, on the same noisy machine. With --baseline-args (and --baseline .venv/bin/python) it compares
two settings of the same code instead.

Needs `oxigraph` (pip install -e '.[bench]') and wrk. Prints a table; writes nothing.
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

TICK = os.sysconf("SC_CLK_TCK")


def cpu_by_depth(root: int) -> dict[int, float]:
    """CPU seconds (user + system) of the process tree under `root`, summed per depth (0 = root)."""
    totals: dict[int, float] = {}
    todo = [(root, 0)]
    while todo:
        pid, depth = todo.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            totals[depth] = totals.get(depth, 0.0) + (int(fields[11]) + int(fields[12])) / TICK
            for task in Path(f"/proc/{pid}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend((int(c), depth + 1) for c in children)
        except OSError:
            continue  # the process ended while we looked
    return totals


def measure(
    server: E.Server, scenario: E.Scenario, work: Path, duration: int, connections: int, pause_ms: int = 0
) -> dict:
    with server:
        E.wrk(server.url, scenario, work, 3, connections, pause_ms)  # warm-up: every query worker started
        before = cpu_by_depth(server.process.pid)
        run = E.wrk(server.url, scenario, work, duration, connections, pause_ms)
        after = cpu_by_depth(server.process.pid)
    n = max(run["requests"], 1)
    per: dict[int, float] = {}
    for d in after:  # query workers started by the fork server sit one level deeper: counted with the others
        part = min(d, 2)
        per[part] = per.get(part, 0.0) + (after[d] - before.get(d, 0.0)) / n * 1000
    return {**run, "ms": per}  # wrk's figures (rps, p50, p99, errors), and CPU ms per request by part


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, required=True, help="a built store; its kg.nt beside it gives the queries")
    ap.add_argument("--scenario", default="browse")
    ap.add_argument("--duration", type=int, default=8)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--serve-args", default="", help="extra `kg serve` options, e.g. '--workers 1 --threads 8'")
    ap.add_argument("--baseline", help="the Python of another checkout (its .venv/bin/python): its kg serve as well")
    ap.add_argument(
        "--pause",
        type=int,
        default=0,
        help="ms each connection waits before each request: a paced load, the same for every server (p99 at "
        "equal load); 0: as fast as each server answers",
    )
    ap.add_argument("--baseline-args", help="`kg serve` options for the baseline (default: --serve-args)")
    args = ap.parse_args()
    dist = args.store.resolve().parent
    scenario = next(s for s in E.scenarios(dist / "kg.nt") if s.name == args.scenario)
    with tempfile.TemporaryDirectory(prefix="kg-cpu-") as tmp:
        work = Path(tmp)
        servers = [E.kg_server(args.store, work, *args.serve_args.split())]
        if args.baseline:
            options = (args.serve_args if args.baseline_args is None else args.baseline_args).split()
            servers.append(E.kg_server(args.store, work, *options, python=args.baseline, name="kg serve (baseline)"))
        servers.append(E.oxigraph_server(dist / "kg.nt", work))
        runs: dict[str, list[dict]] = {s.name: [] for s in servers}
        for _ in range(args.rounds):  # alternating, as in bench/endpoints.py
            for server in servers:
                runs[server.name].append(measure(server, scenario, work, args.duration, args.connections, args.pause))

    def med(values: list[float]) -> float:
        return statistics.median(values)

    def totals(rounds: list[dict]) -> tuple[float, float, float]:
        """req/s, CPU ms per request (all processes) and p99 ms: medians over the rounds."""
        return (
            med([r["rps"] for r in rounds]),
            med([sum(r["ms"].values()) for r in rounds]),
            med([r["p99"] for r in rounds]),
        )

    print(
        f"{args.scenario}, wrk {args.connections} connections"
        f"{f' each pausing {args.pause} ms before each request' if args.pause else ''}, "
        f"{args.duration} s x {args.rounds} rounds (medians); kg serve {args.serve_args or '(defaults)'}:"
    )
    print(f"{'':34} {'req/s':>8} {'CPU ms/request':>15} {'p99 ms':>8}")
    o = runs["Oxigraph server"]
    parts = [("Granian main process", 0), ("web workers", 1), ("query workers", 2)]
    for name in [n for n in runs if n != "Oxigraph server"]:
        k = runs[name]
        for label, depth in parts:
            ms = med([r["ms"].get(depth, 0.0) for r in k])
            print(f"  {name}: {label:{33 - len(name)}} {'':>8} {ms:15.3f}")
        rps, cpu, p99 = totals(k)
        print(f"  {name}: {'all':{33 - len(name)}} {rps:8.1f} {cpu:15.3f} {p99:8.2f}")
        ratios = [a["rps"] / b["rps"] for a, b in zip(k, o, strict=True)]
        print(f"  req/s ratio per round ({name} / Oxigraph): {', '.join(f'{r:.2f}' for r in ratios)}")
    rps, cpu, p99 = totals(o)
    print(f"  Oxigraph server{'':18} {rps:8.1f} {cpu:15.3f} {p99:8.2f}")


if __name__ == "__main__":
    main()
