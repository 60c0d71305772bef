"""How fast `kg link` reconciles a large file: N rows written the ways other datasets write municipality
names (exact, upper case, without diacritics, province qualifiers, typos, unknown places), timed end to end
against reading the same CSV with the csv module (the reference measured in the same run). Medians of
REPEAT runs.

    .venv/bin/python bench/link_speed.py [ROWS] [REPEAT]
"""

from __future__ import annotations

import csv
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kg.linking import link
from kg.names import fold
from kg.project import Project

ROOT = Path(__file__).resolve().parents[1]


def variants(name: str, rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return name.upper()
    if kind == 1:
        return fold(name)
    if kind == 2 and len(name) > 8:  # one letter doubled: a typo
        i = rng.randrange(1, len(name) - 1)
        return name[:i] + name[i] + name[i:]
    if kind == 3:
        return f"Gemeente {name}"
    if kind == 4:
        return f"Nergensdorp {rng.randrange(1000)}"  # matches nothing: the slowest path
    return name


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    project = Project.open(ROOT)
    with (ROOT / "data" / "reference" / "gemeenten-cbs.csv").open(encoding="utf-8") as f:
        names = [r["official_name"] for r in csv.DictReader(f)]
    rng = random.Random(42)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "input.csv"
        with source.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["gemeente", "waarde"])
            for i in range(rows):
                w.writerow([variants(rng.choice(names), rng), i])
        ref, ours = [], []
        for _ in range(repeat):
            t = time.perf_counter()
            with source.open(encoding="utf-8", newline="") as f:
                sum(1 for _ in csv.reader(f))
            ref.append(time.perf_counter() - t)
            t = time.perf_counter()
            outcome = link(project, source, Path(tmp) / "out")
            ours.append(time.perf_counter() - t)
    r, o = statistics.median(ref), statistics.median(ours)
    print(f"rows {rows}, repeat {repeat}: {outcome.summary()}")
    print(f"csv.reader (reference): median {r * 1000:.1f} ms")
    print(f"kg link (read, match, write): median {o:.2f} s = {rows / o:,.0f} rows/s = {o / r:.0f}x the reference")


if __name__ == "__main__":
    main()
