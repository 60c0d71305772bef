"""The README's example queries and their output, kept true.

A ```sparql block followed by a ```text block is an example: the text block must be exactly what
`kg query` prints for the query on the current build. `python -m kg.readme` rewrites the text blocks from a
real run; the test suite fails when they differ.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.iris import Iris
from kg.table import render
from kg.vocab import prefixes

#: a sparql block followed at once by its text output (a sparql block without output is not an example)
EXAMPLE = re.compile(r"```sparql\n(?P<query>(?:(?!```).)*?)```\n\n```text\n(?P<output>.*?)```", re.DOTALL)


@dataclass(frozen=True)
class Example:
    query: str
    output: str
    span: tuple[int, int]  # of the output text in the README


def examples(readme: str) -> list[Example]:
    return [Example(m["query"], m["output"], m.span("output")) for m in EXAMPLE.finditer(readme)]


def run(store: ox.Store, query: str, iris: Iris) -> str:
    pre = prefixes(iris)
    result = store.query(query, prefixes=pre)
    names = [v.value for v in result.variables]
    return render(names, [[s[n] for n in names] for s in result], pre) + "\n"


def rewrite(readme: str, store: ox.Store, iris: Iris) -> str:
    out, last = [], 0
    for ex in examples(readme):
        out += [readme[last : ex.span[0]], run(store, ex.query, iris)]
        last = ex.span[1]
    return "".join(out) + readme[last:]


def main() -> None:  # pragma: no cover - a maintenance command
    from kg.project import Project
    from kg.publish.store import open_store

    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path()
    project = Project.open(root)
    path = project.root / "README.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(rewrite(text, open_store(project.default_out() / "store"), project.iris), encoding="utf-8")
    print(f"rewrote {len(examples(text))} example outputs in {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
