"""What an access-log line costs a web worker, in one process: kg.server.ops.log_access as kg serve sets it up
(kg.server.serve.configure_logging: a batched handler, here writing to /dev/null), with the line made through
the logging module (a LogRecord and the formatter) and with it made in `ops` and handed straight to the
handler, in alternating runs.

    .venv/bin/python bench/access_log.py [--calls 50000] [--runs 7]

Prints the median microseconds per line of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from kg.server import ops
from kg.server.serve import configure_logging

PATH = "/sparql?query=" + "PREFIX%20aeno%3A%20%3Chttps%3A%2F%2Fw3id.org%2Faeno-kg%2Fdef%2F%3E" * 5


def per_line(calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        ops.log_access("GET", PATH, 200, started, "4f2a00000001")
    return (time.perf_counter() - started) / calls * 1e6


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    configure_logging()
    with Path(os.devnull).open("w") as devnull:
        ops.access_log.handlers[0].setStream(devnull)
        direct = ops.write_access_line
        runs: dict[str, list[float]] = {"through the logging module": [], "handed to the handler": []}
        for _ in range(args.runs):
            ops.write_access_line = None
            runs["through the logging module"].append(per_line(args.calls))
            ops.write_access_line = direct
            runs["handed to the handler"].append(per_line(args.calls))
        ops.access_log.handlers[0].flush()
    print(f"an access-log line, median of {args.runs} runs x {args.calls:,} calls:")
    for name, values in runs.items():
        print(f"  {name}: {statistics.median(values):6.2f} us  ({', '.join(f'{v:.2f}' for v in values)})")


if __name__ == "__main__":
    main()
