"""How `kg build` grows with the graph: wall time, peak memory and the time per step at each size, against
references measured in the same run on the same data (Oxigraph bulk-loading the build's own kg.nt into a fresh
store: the least any build that ends in a store has to do; and Virtuoso's bulk loader, ld_dir + rdf_loader_run +
checkpoint, loading the same kg.nt into a fresh database, what a publisher on Virtuoso waits for), and how long
the built store takes to open.

Each size is a synthetic project from `kg generate` (about 133 triples per project). Every build runs in its
own process under /usr/bin/time, so the peak memory is the process's own (RSS of the main process; the
second process that writes the Turtle and JSON-LD dumps is measured by the same tool in children).

    .venv/bin/python bench/build_scale.py [PROJECTS ...] [--out FILE]   # default: 10 620 7500 37500
    writes bench/RESULTS-build.md (or FILE)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-m", "kg.cli"]
DEFAULT_SIZES = [10, 620, 7500, 37500]


def timed(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB, largest of the process and its children) of a command."""
    out = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", out.stderr).group(1)
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60**i for i, p in enumerate(reversed(parts)))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1))
    return seconds, rss


REFERENCE = """
import sys, time, pyoxigraph as ox
t = time.perf_counter()
store = ox.Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
store.optimize(); store.flush()
print(time.perf_counter() - t)
"""

PIECES = """
import sys, time, pyoxigraph as ox
from pathlib import Path
from kg.publish.store import load_graph
t = time.perf_counter()
store = ox.Store(sys.argv[2])
load_graph(store, Path(sys.argv[1]))
store.optimize(); store.flush()
print(time.perf_counter() - t)
"""

OPEN = """
import sys, time, pyoxigraph as ox
t = time.perf_counter()
store = ox.Store.read_only(sys.argv[1])
next(iter(store.quads_for_pattern(None, None, None)))
print(time.perf_counter() - t)
"""


def bulk_load_seconds(ntriples: Path, store: Path, script: str = REFERENCE) -> float:
    """The reference: Oxigraph's bulk loader alone loading `ntriples` into a new store at `store`, in a fresh
    process (the store is removed afterwards); with PIECES, the same loader given the file in pieces as the build
    gives it (kg.publish.store.load_graph)."""
    out = subprocess.run(
        [sys.executable, "-c", script, str(ntriples), str(store)], capture_output=True, text=True, check=True
    )
    shutil.rmtree(store, ignore_errors=True)
    return float(out.stdout)


def virtuoso_load_seconds(ntriples: Path, work: Path) -> float | None:
    """Virtuoso's bulk loader (bench/endpoints.py's Virtuoso: Debian's virtuoso-opensource, its documented
    settings for this machine) loading `ntriples` into a fresh database; None without Virtuoso."""
    sys.path.insert(0, str(ROOT / "bench"))
    from endpoints import VIRTUOSO_INI, Virtuoso

    if not (shutil.which("virtuoso-t") and VIRTUOSO_INI.is_file()):
        return None
    work.mkdir()
    try:
        return Virtuoso(ntriples, work, "https://w3id.org/aeno-kg/id/dataset/aeno-kg").load()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def store_open_seconds(store: Path, repeat: int = 5) -> float:
    """Median time to open the store read-only and read one quad, each in a fresh process."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", OPEN, str(store)], capture_output=True, text=True, check=True)
        runs.append(float(out.stdout))
    return statistics.median(runs)


def measure(projects: int, work: Path) -> dict:
    project = work / f"p{projects}"
    subprocess.run(
        [*KG, "generate", "--projects", str(projects), "--out", str(project)], check=True, capture_output=True
    )
    wall, rss = timed([*KG, "build", "--project", str(project)])
    info = json.loads((project / "dist" / "build.json").read_text(encoding="utf-8"))
    reference = bulk_load_seconds(project / "dist" / "kg.nt", work / f"ref{projects}")
    pieces = bulk_load_seconds(project / "dist" / "kg.nt", work / f"pieces{projects}", PIECES)
    virtuoso = virtuoso_load_seconds(project / "dist" / "kg.nt", work / f"virtuoso{projects}")
    opened = store_open_seconds(project / "dist" / "store")
    row = {
        "projects": projects,
        "triples": info["triples"],
        "wall": wall,
        "rss_mib": rss / 1024,
        "steps": info["seconds"],
        "engine": info["validation"]["engine"],
        "reference": reference,
        "pieces": pieces,
        "virtuoso": virtuoso,
        "open": opened,
    }
    shutil.rmtree(project)
    return row


def _v(row: dict, key: str, pattern: str, over: float | None = None) -> str:
    value = row.get(key)
    if value is None:
        return "-"
    return pattern.format(over / value if over is not None else value)


def table(rows: list[dict]) -> str:
    """The rows as Markdown; peaks are also given as a ratio to the peak of the first graph of 1M triples or
    more (the issue's memory target: the peak at 5M at most 1.5x the peak at 1M)."""
    million = next((r for r in rows if r["triples"] >= 1_000_000), rows[0])
    head = (
        "| projects | triples | wall (s) | µs/triple | peak RSS (MiB) | peak / 1M peak | bulk load only (s) "
        "| build / bulk load | the same in pieces (s) | build / pieces load | Virtuoso bulk load (s) "
        "| build / Virtuoso load | store opens (s) | validator |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"
    )
    lines = [
        f"| {r['projects']:,} | {r['triples']:,} | {r['wall']:.1f} | {r['wall'] / r['triples'] * 1e6:.0f} "
        f"| {r['rss_mib']:,.0f} | {r['rss_mib'] / million['rss_mib']:.2f}x | {r['reference']:.1f} "
        f"| {r['wall'] / r['reference']:.1f}x | {_v(r, 'pieces', '{:.1f}')} | {_v(r, 'pieces', '{:.1f}x', r['wall'])} "
        f"| {_v(r, 'virtuoso', '{:.1f}')} "
        f"| {_v(r, 'virtuoso', '{:.2f}x', r['wall'])} | {r['open']:.3f} | {r['engine']} |"
        for r in rows
    ]
    order = ["read", "extract", "convert", "serialise", "validate", "load", "publish"]
    steps = sorted(
        {k for r in rows for k in r["steps"] if k != "total"},
        key=lambda k: (k not in order, order.index(k) if k in order else 0, k),
    )
    step_head = "| triples | " + " | ".join(steps) + " |\n|---:|" + "---:|" * len(steps) + "\n"
    step_lines = [
        f"| {r['triples']:,} | " + " | ".join(f"{r['steps'].get(s, 0):.1f}" for s in steps) + " |" for r in rows
    ]
    return (
        head
        + "\n".join(lines)
        + "\n\nSeconds per step (wall, from build.json):\n\n"
        + step_head
        + "\n".join(step_lines)
    )


def main() -> None:
    args = sys.argv[1:]
    out = ROOT / "bench" / "RESULTS-build.md"
    if "--out" in args:  # another results file, e.g. for one large size measured on its own
        at = args.index("--out")
        out, args = Path(args[at + 1]).resolve(), args[:at] + args[at + 2 :]
    sizes = [int(a) for a in args] or DEFAULT_SIZES
    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-scale-") as tmp:
        for n in sizes:
            started = time.perf_counter()
            rows.append(measure(n, Path(tmp)))
            r = rows[-1]
            print(
                f"{n} projects: {r['triples']} triples, {r['wall']:.1f} s, {r['rss_mib']:.0f} MiB, "
                f"reference {r['reference']:.1f} s, store opens in {r['open']:.3f} s "
                f"({time.perf_counter() - started:.0f} s with generation)",
                flush=True,
            )
    text = (
        "# Build at scale\n\n"
        f"Measured {dt.date.today().isoformat()} on {platform.node()} ({platform.machine()}, {os.cpu_count()} "
        f"cores, Python {platform.python_version()}; a shared, noisy machine) with\n"
        f"`.venv/bin/python bench/build_scale.py {' '.join(map(str, sizes))}"
        f"{'' if out == ROOT / 'bench' / 'RESULTS-build.md' else ' --out ' + os.path.relpath(out, ROOT)}`.\n\n"
        "Wall and peak RSS are of `kg build --project DIR` under `/usr/bin/time -v` (the peak is the largest of "
        "the build and its second process). The references are Oxigraph's bulk loader alone (given the whole "
        "file, as its documentation shows; and given it in the 16 MiB pieces the build gives it, "
        "kg.publish.store.load_graph) and Virtuoso's bulk "
        "loader (ld_dir, rdf_loader_run, checkpoint, into a fresh database) loading the same kg.nt, in the same "
        "run. Store opening is the median of 5 fresh processes.\n\n" + table(rows) + "\n"
    )
    kept = ""  # the sections written by hand below the tables (what the figures say, earlier runs)
    if out.exists():
        old = out.read_text(encoding="utf-8")
        kept = old[old.index("\n## ") :] if "\n## " in old else ""
    out.write_text(text + kept, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
