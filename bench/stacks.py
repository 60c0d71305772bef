"""Where the samples of a py-spy profile fall: py-spy's collapsed stacks (`py-spy record --format raw`) summed
by function, as the share of samples a function is on the stack of (inclusive) and at the top of (self), and
by the step of our own code a sample falls in (the first frame of a module under `--ours`, e.g. kg.).

    py-spy record --format raw --output PROFILE.txt --pid PID --duration 20 [--subprocesses] [--native]
    .venv/bin/python bench/stacks.py PROFILE.txt [--top 25] [--ours kg.]

Prints Markdown tables; writes nothing.
"""

from __future__ import annotations

import argparse
import collections
import re
from pathlib import Path

FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^()]*?)(?::\d+)?\)$")


def frames(stack: str) -> list[tuple[str, str]]:
    """(function, file) of each frame of one collapsed stack, outermost first."""
    out = []
    for part in stack.split(";"):
        m = FRAME.match(part.strip())
        out.append((m["function"], m["file"]) if m else (part.strip(), ""))
    return out


def module_of(path: str) -> str:
    """A dotted module name for a file under site-packages, src/ or server/ (as far as it can be told)."""
    p = path.replace("\\", "/")
    for marker in ("site-packages/", "/src/", "/lib/python3"):
        if marker in p:
            p = p.split(marker, 1)[1]
            break
    if "/server/" in "/" + p:
        p = "kg/server/" + p.split("server/", 1)[1]
    return p.removesuffix(".py").replace("/", ".").lstrip(".")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("profile", type=Path)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--ours", default="kg.", help="module prefix of the code whose steps are summed")
    args = ap.parse_args()
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    steps: collections.Counter[str] = collections.Counter()
    total = 0
    for line in args.profile.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        fs = frames(stack)
        named = [f"{fn} ({module_of(path)})" for fn, path in fs]
        for name in set(named):
            inclusive[name] += n
        own[named[-1]] += n
        ours = [f"{fn} ({module_of(path)})" for fn, path in fs if module_of(path).startswith(args.ours)]
        steps[ours[0] if ours else "(outside our code)"] += n
    print(f"{total} samples\n\n| function | on the stack | at the top |\n|---|---:|---:|")
    for name, n in inclusive.most_common(args.top):
        print(f"| `{name}` | {n / total:.1%} | {own[name] / total:.1%} |")
    print("\n| at the top of the stack | share |\n|---|---:|")
    for name, n in own.most_common(args.top):
        print(f"| `{name}` | {n / total:.1%} |")
    print(f"\n| first frame of {args.ours} | share |\n|---|---:|")
    for name, n in steps.most_common(args.top):
        print(f"| `{name}` | {n / total:.1%} |")


if __name__ == "__main__":
    main()
