"""The embedded Oxigraph store of a build: created once, then only opened read-only.

Built from the sorted N-Triples dump with the bulk loader, then only ever opened read-only: RocksDB allows one
process to hold a store for writing, while any number may open it read-only, which is how the server's query
workers share it. (Queries themselves run in kg.query; this module only creates and opens the store.)
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError


def create_store(ntriples: Path, directory: Path, named: list[tuple[Path, str]] | None = None) -> int:
    """Bulk-load an N-Triples file into a new store at `directory`, and each of `named` (file, graph IRI) into
    its named graph; returns the number of triples in the default graph."""
    store = ox.Store(str(directory))
    store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
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
