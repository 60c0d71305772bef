"""Start-up time of `kg serve`: from launching the process to accepting connections and to a ready /health.

    .venv/bin/python bench/startup.py [runs=5]

Prints each run and the medians. Run from the project root after `kg build`.
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def once(kg: str) -> tuple[float, float]:
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen([kg, "serve", "--port", str(port)], stderr=subprocess.DEVNULL)
    accepting = ready = None
    try:
        while ready is None and time.perf_counter() - started < 20:
            if accepting is None:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.05).close()
                    accepting = time.perf_counter() - started
                except OSError:
                    pass
            else:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                        if r.status == 200:
                            ready = time.perf_counter() - started
                except OSError:
                    pass
            time.sleep(0.005)
    finally:
        process.terminate()
        process.wait()
    if accepting is None or ready is None:
        raise SystemExit("kg serve did not become ready within 20 s")
    return accepting, ready


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    kg = str(Path(sys.executable).with_name("kg"))
    results = [once(kg) for _ in range(runs)]
    for i, (a, r) in enumerate(results, 1):
        print(f"run {i}: accepting {a:.3f} s, /health ready {r:.3f} s")
    print(
        f"median: accepting {statistics.median(a for a, _ in results):.3f} s, "
        f"/health ready {statistics.median(r for _, r in results):.3f} s"
    )


if __name__ == "__main__":
    main()
