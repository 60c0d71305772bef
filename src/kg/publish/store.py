"""The embedded Oxigraph store of a build: created once, then only opened read-only.

Built from the sorted N-Triples dump with the bulk loader, then only ever opened read-only: RocksDB allows one
process to hold a store for writing, while any number may open it read-only, which is how the server's query
workers share it. (Queries themselves run in kg.query; this module only creates and opens the store.)
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.publish.diff import has_blank_nodes

#: the size of each piece the graph is bulk-loaded in (see load_graph)
LOAD_PIECE = 1 << 24


class _Range(io.RawIOBase):
    """Bytes `start` to `end` of an open file, as a file of their own (read with pread: the position of the
    file itself is not moved)."""

    def __init__(self, fd: int, start: int, end: int) -> None:
        super().__init__()
        self.fd, self.pos, self.end = fd, start, end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = os.pread(self.fd, min(len(buffer), self.end - self.pos), self.pos) if self.pos < self.end else b""
        buffer[: len(data)] = data
        self.pos += len(data)
        return len(data)


def load_graph(store: ox.Store, ntriples: Path, piece: int = LOAD_PIECE) -> None:
    """Bulk-load the build's own N-Triples file in pieces of about `piece` bytes, each cut at a line's end, without
    checking its IRIs again (Oxigraph wrote every term from one it had checked, kg.convert.terms).

    Oxigraph's bulk loader holds up to a million triples per thread in memory at once: loading a 5,000,000-triple
    file whole took 1.8 GB and 29 s here, in 16 MiB pieces 126 MB and 22 s (a 1M-triple one: 975 MB and 7.4 s,
    in pieces 114 MB and 4.9 s, one load each measured by hand; bench/build_scale.py times both ways at each
    size). A file with blank nodes is loaded whole: a blank node's label holds within one document only."""
    if has_blank_nodes(ntriples):
        store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
        return
    size = ntriples.stat().st_size
    with ntriples.open("rb") as f:
        start = 0
        while start < size:
            end = min(size, start + piece)
            if end < size:
                f.seek(end)
                f.readline()
                end = f.tell()
            reader = io.BufferedReader(_Range(f.fileno(), start, end), 1 << 20)
            store.bulk_load(reader, format=ox.RdfFormat.N_TRIPLES, lenient=True)
            start = end


def create_store(ntriples: Path, directory: Path, named: list[tuple[Path, str]] | None = None) -> int:
    """Bulk-load the build's N-Triples file into a new store at `directory` (in pieces, load_graph), and each of
    `named` (file, graph IRI) into its named graph; returns the number of triples in the default graph."""
    store = ox.Store(str(directory))
    load_graph(store, ntriples)
    count = len(store)
    for path, graph in named or []:
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    store.optimize()
    store.flush()
    del store
    return count


def add_description(directory: Path, path: Path, graph: str) -> int:
    """Load one of the build's own descriptions (the DCAT catalogue, VoID), a Turtle file, into its named graph
    of the store, so that a SPARQL user can ask for the licence or the distributions (GRAPH
    <{base}id/graaf/catalogus>) and every IRI they mint has a page, while the default graph holds the data alone,
    the graph VoID counts. They are written after the store (the catalogue needs the dumps' sizes and
    checksums), so they are added to it. Returns the triples of that graph as a query at the endpoint counts
    them."""
    store = ox.Store(str(directory))
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
    store.optimize()
    store.flush()
    count = _count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    del store
    return count


def default_graph_size(directory: Path) -> int:
    """The triples of the store's default graph, as a query at the endpoint counts them."""
    store = ox.Store.read_only(str(directory))
    try:
        return _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    finally:
        del store


def _count(store: ox.Store, query: str) -> int:
    (row,) = store.query(query)
    return int(row["n"].value)


def open_store(directory: Path | str) -> ox.Store:
    path = Path(directory)
    if not path.is_dir():
        raise KGError(f"no store at {path}; run `kg build` first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise KGError(f"cannot open the store at {path}: {exc}") from exc
