"""Writing the graph: sorted N-Triples (byte-identical for the same input), Turtle, and JSON-LD with our context."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from kg.convert.terms import to_oxigraph
from kg.iris import Iris
from kg.publish.dumps import Dump, compress
from kg.publish.jsonld import Compactor, context
from kg.vocab import bind_prefixes, prefixes


def ntriples_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """Sorted, unique canonical N-Triples lines (Oxigraph's serialisation of each term). Sorting makes the
    dump depend only on the set of triples, whatever order conversion produced them in."""
    cache: dict[Node, str] = {}

    def term(node: Node) -> str:
        found = cache.get(node)
        if found is None:
            found = cache[node] = str(to_oxigraph(node))
        return found

    return sorted({f"{term(s)} {term(p)} {term(o)} ." for s, p, o in triples})


def write_sorted(lines: Iterable[str], path: Path, batch: int = 1 << 14) -> tuple[str, int]:
    """Write lines that end in newlines (a SortedLines read) as an N-Triples file in batches; returns its
    SHA-256 and the number of lines. The same bytes as write_ntriples for the same lines."""
    digest, count = hashlib.sha256(), 0
    lines = iter(lines)
    with path.open("wb") as f:
        while block := list(islice(lines, batch)):
            data = "".join(block).encode("utf-8")
            digest.update(data)
            f.write(data)
            count += len(block)
    return digest.hexdigest(), count


def write_ntriples(lines: list[str], path: Path) -> str:
    """Write the lines as an N-Triples file; returns its SHA-256 (the build id is made from it)."""
    data = ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def canonical_graph(lines: list[str]) -> Graph:
    """The graph re-read from sorted N-Triples, so that its insertion order (which serialisers follow) is
    the same in every build, whatever Python's hash seed did to the order the converter added triples in."""
    return Graph().parse(data="\n".join(lines) + "\n", format="nt")


def write_turtle(graph: Graph, path: Path, iris: Iris) -> None:
    bind_prefixes(graph, iris)
    path.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))


def turtle_from_ntriples(ntriples: Path, path: Path, iris: Iris) -> None:
    """Turtle from a sorted N-Triples file by Oxigraph's streaming serialiser (rdflib's takes minutes for a
    million triples). Subjects come in the file's order, so the same dump gives the same bytes."""
    used = _used_prefixes(ntriples, iris)
    ox.serialize(
        ox.parse(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES), str(path), ox.RdfFormat.TURTLE, prefixes=used
    )


def jsonld_from_ntriples(ntriples: Path, path: Path, iris: Iris) -> int:
    """Compact JSON-LD with our context, streamed from a sorted N-Triples file (see kg.publish.jsonld.Compactor)."""
    with path.open("w", encoding="utf-8") as out:
        return Compactor(iris).write(ox.parse(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES), out)


def _used_prefixes(ntriples: Path, iris: Iris) -> dict[str, str]:
    """The prefixes whose namespaces occur in the file (one pass over its bytes)."""
    candidates = dict(prefixes(iris))
    found: dict[str, str] = {}
    with ntriples.open("rb") as f:
        for block in iter(lambda: f.read(1 << 22), b""):
            for p, ns in list(candidates.items()):
                if f"<{ns}".encode() in block:
                    found[p] = candidates.pop(p)
            if not candidates:
                break
    return dict(sorted(found.items()))


def write_context(path: Path, iris: Iris) -> None:
    path.write_text(json.dumps(context(iris), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_documents(stage: Path, iris: Iris) -> tuple[list[Dump], dict[str, str]]:
    """kg.ttl and kg.jsonld from stage/kg.nt, then the gzipped dumps of all three, with the SHA-256 of each
    file; run in a second process by the build (see kg.build)."""
    turtle_from_ntriples(stage / "kg.nt", stage / "kg.ttl", iris)
    jsonld_from_ntriples(stage / "kg.nt", stage / "kg.jsonld", iris)
    return compress(stage)
