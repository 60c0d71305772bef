"""Two checkouts' `kg build` of the same project, in alternating rounds, each round with its own reference:
Oxigraph's bulk loader alone loading the build's kg.nt into a fresh store (bench/build_scale.py's reference).

The machine is shared and noisy (the reference itself moved between 8.6 and 14.8 s within an hour), so a change
to the build is judged by the medians of the paired rounds and by each build's ratio to the reference of
its own round, not by one run.

    .venv/bin/python bench/build_ab.py --project DIR --baseline OTHER/.venv/bin/python [--rounds 3]

DIR is a project (`kg generate --projects 7500 --out DIR` gives about 1.07M triples). OTHER is a checkout
with its own virtual environment (an editable install), e.g. a clone at the commit before the change.
Prints one line per build and the medians; writes nothing else.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_scale import bulk_load_seconds


def timed_build(python: str, project: Path, out: Path) -> dict:
    """Wall, CPU (user + system of the build and its children) and peak RSS of one build, and its steps."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = ["/usr/bin/time", "-f", "TIME %e %U %S %M", python, "-m", "kg.cli", "build", "--project", str(project)]
    run = subprocess.run([*cmd, "--out", str(out)], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"{python}: kg build failed:\n{run.stdout[-2000:]}\n{run.stderr[-4000:]}")
    wall, user, system, peak = re.search(r"TIME (\S+) (\S+) (\S+) (\d+)", run.stderr).groups()
    steps = json.loads((out / "build.json").read_text(encoding="utf-8"))["seconds"]
    return {"wall": float(wall), "cpu": float(user) + float(system), "peak_mib": int(peak) / 1024, "steps": steps}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--project", type=Path, required=True)
    ap.add_argument("--baseline", required=True, help="python of the other checkout's virtual environment")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    runs: dict[str, list[dict]] = {"baseline": [], "this": []}
    pythons = {"baseline": args.baseline, "this": sys.executable}
    with tempfile.TemporaryDirectory(prefix="kg-build-ab-") as tmp:
        scratch = Path(tmp)
        for r in range(args.rounds):
            order = ["baseline", "this"] if r % 2 == 0 else ["this", "baseline"]
            for name in order:
                run = timed_build(pythons[name], args.project, scratch / "dist")
                run["reference"] = bulk_load_seconds(scratch / "dist" / "kg.nt", scratch / "reference-store")
                run["ratio"] = run["wall"] / run["reference"]
                runs[name].append(run)
                steps = " ".join(f"{k}={v:.1f}" for k, v in run["steps"].items())
                print(
                    f"round {r + 1} {name:8} wall {run['wall']:6.1f} s  cpu {run['cpu']:6.1f} s  "
                    f"peak {run['peak_mib']:6.0f} MiB  reference {run['reference']:5.1f} s  "
                    f"x{run['ratio']:.2f}  {steps}",
                    flush=True,
                )
    print(f"\nmedians of {args.rounds} rounds:")
    for name, rs in runs.items():
        steps = {k: statistics.median(r["steps"].get(k, 0.0) for r in rs) for k in rs[0]["steps"]}
        print(
            f"  {name:8} wall {statistics.median(r['wall'] for r in rs):6.1f} s  "
            f"cpu {statistics.median(r['cpu'] for r in rs):6.1f} s  "
            f"peak {statistics.median(r['peak_mib'] for r in rs):6.0f} MiB  "
            f"x{statistics.median(r['ratio'] for r in rs):.2f} the bulk load  "
            + " ".join(f"{k}={v:.1f}" for k, v in steps.items())
        )


if __name__ == "__main__":
    main()
