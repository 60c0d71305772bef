"""Writing the graph: sorted N-Triples (byte-identical for the same input), Turtle, and JSON-LD with our context."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from kg.jsonld import compact, context
from kg.vocab import bind_prefixes


def ntriples_lines(graph: Graph) -> list[str]:
    """Sorted, unique N-Triples lines. Sorting makes the dump depend only on the set of triples."""
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    return sorted({line for line in text.splitlines() if line.strip()})


def write_ntriples(lines: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line)
            f.write("\n")


def canonical_graph(lines: list[str]) -> Graph:
    """The graph re-read from sorted N-Triples, so that its insertion order (which serialisers follow) is
    the same in every build, whatever Python's hash seed did to the order the converter added triples in."""
    return Graph().parse(data="\n".join(lines) + "\n", format="nt")


def write_turtle(graph: Graph, path: Path, base: str) -> None:
    bind_prefixes(graph, base)
    path.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))


def write_jsonld(graph: Graph, path: Path, base: str) -> None:
    expanded = json.loads(graph.serialize(format="json-ld", encoding="utf-8"))
    document = compact(expanded, base)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def write_context(path: Path, base: str) -> None:
    path.write_text(json.dumps(context(base), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
