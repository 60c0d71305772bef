"""Where a build's time and memory go: the CPU seconds of `kg build`'s own process and of its helpers (the
second process that writes the dumps, and any other child), step by step, against each step's wall time; the
least wall time the same work could take on the machine's cores if it were spread perfectly; and the largest
resident memory of the build process and of its helpers in each step (which step sets the peak). After each
build, Oxigraph's bulk loader loads its kg.nt into a fresh store as the reference (bench/build_scale.py's), so
that both times are given as ratios to a load measured in the same run.

A build is faster only if its work is cut or spread over idle cores; this shows which of the two is left. CPU
time and resident memory are read from /proc every 0.2 s (utime + stime and VmRSS of the build and of every
process below it, threads included); a step's window runs from the end of the step before it to its own end,
as the build logs them.

    .venv/bin/python bench/build_cpu.py PROJECT_DIR [--runs 3]
    e.g. after `kg generate --projects 7500 --out /tmp/p7500`

Prints a Markdown table (medians over the runs); writes nothing but the project's dist/.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
STEP = re.compile(r"^\s+(?P<name>[a-z]+)\s+(?P<seconds>[0-9.]+) s")


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process (all its threads), 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mib(pid: int) -> float:
    """Resident memory of one process, 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


def descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*") if Path(f"/proc/{p}/task").is_dir() else ():
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except (FileNotFoundError, ProcessLookupError):
                continue
            out += children
            todo += children
    return out


def one_build(project: Path) -> list[dict]:
    """Run `kg build` once; per step: wall, CPU of the build process and of its helpers, and the largest
    resident memory of each."""
    for stale in (project / "dist", *project.glob(".dist.*")):
        if stale.is_symlink() or stale.is_file():
            stale.unlink()
        elif stale.exists():
            shutil.rmtree(stale)
    cmd = [sys.executable, "-m", "kg.cli", "build", "--project", str(project)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    ends: list[tuple[str, float]] = []
    started = time.perf_counter()

    def read() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            m = STEP.match(line)
            if m:
                ends.append((m["name"], time.perf_counter()))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    helpers: dict[int, float] = {}  # the last CPU seen of each helper (it is gone once it ends)
    samples: list[tuple[float, float, float, float, float]] = []  # time, CPU and RSS of the build, of helpers
    main_cpu = 0.0
    while proc.poll() is None:
        main_cpu = cpu_seconds(proc.pid) or main_cpu
        children = descendants(proc.pid)
        for child in children:
            helpers[child] = max(helpers.get(child, 0.0), cpu_seconds(child))
        rss = rss_mib(proc.pid), sum(rss_mib(c) for c in children)
        samples.append((time.perf_counter(), main_cpu, sum(helpers.values()), *rss))
        time.sleep(0.2)
    reader.join()
    if proc.returncode != 0:
        raise SystemExit(f"kg build failed ({proc.returncode})")
    ended = time.perf_counter()
    last = samples[-1] if samples else (started, 0.0, 0.0, 0.0, 0.0)
    samples.append((ended, last[1], last[2], 0.0, 0.0))

    def at(t: float) -> tuple[float, float]:
        before = [s for s in samples if s[0] <= t] or [(started, 0.0, 0.0)]
        return before[-1][1], before[-1][2]

    rows, start = [], started
    for name, end in [*ends, ("(after the steps)", ended)]:
        (m0, h0), (m1, h1) = at(start), at(end)
        inside = [s for s in samples if start <= s[0] <= end] or [(0, 0, 0, 0.0, 0.0)]
        rows.append(
            {
                "step": name,
                "wall": end - start,
                "main": m1 - m0,
                "helpers": h1 - h0,
                "rss_main": max(s[3] for s in inside),
                "rss_helpers": max(s[4] for s in inside),
            }
        )
        start = end
    return rows


def reference_seconds(project: Path) -> float:
    """Oxigraph's bulk load of the build's kg.nt, whole, into a fresh store (bench/build_scale.py's reference)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from build_scale import bulk_load_seconds

    with tempfile.TemporaryDirectory(prefix="kg-cpu-ref-") as tmp:
        return bulk_load_seconds(project / "dist" / "kg.nt", Path(tmp) / "store")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs, references = [], []
    for _ in range(args.runs):
        runs.append(one_build(args.project))
        references.append(reference_seconds(args.project))
    cores = os.cpu_count() or 1
    steps = [r["step"] for r in runs[0]]
    print(f"`kg build --project {args.project}`, {args.runs} run(s), medians; {cores} cores\n")
    print(
        "| step | wall (s) | CPU of the build process (s) | CPU of its helpers (s) | cores busy "
        "| largest RSS of the build process (MiB) | of its helpers (MiB) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    totals = {"wall": [], "cpu": []}
    for i, step in enumerate(steps):
        wall = statistics.median(r[i]["wall"] for r in runs)
        main_cpu = statistics.median(r[i]["main"] for r in runs)
        helpers = statistics.median(r[i]["helpers"] for r in runs)
        busy = (main_cpu + helpers) / wall if wall else 0.0
        rss_main = statistics.median(r[i]["rss_main"] for r in runs)
        rss_helpers = statistics.median(r[i]["rss_helpers"] for r in runs)
        print(
            f"| {step} | {wall:.1f} | {main_cpu:.1f} | {helpers:.1f} | {busy:.2f} of {cores} "
            f"| {rss_main:,.0f} | {rss_helpers:,.0f} |"
        )
    for r in runs:
        totals["wall"].append(sum(x["wall"] for x in r))
        totals["cpu"].append(sum(x["main"] + x["helpers"] for x in r))
    wall, cpu = statistics.median(totals["wall"]), statistics.median(totals["cpu"])
    reference = statistics.median(references)
    print(f"| **all** | **{wall:.1f}** | | | **{cpu / wall:.2f} of {cores}** | | |")
    print(
        f"\nCPU {cpu:.1f} s in all: spread perfectly over {cores} cores the same work would take at least "
        f"{cpu / cores:.1f} s (wall per run: {', '.join(f'{w:.1f}' for w in totals['wall'])}). Oxigraph's bulk "
        f"load of the same kg.nt after each build: median {reference:.1f} s "
        f"({', '.join(f'{r:.1f}' for r in references)}); the build {wall / reference:.1f}x it, the least time "
        f"for the same work {cpu / cores / reference:.1f}x."
    )


if __name__ == "__main__":
    main()
