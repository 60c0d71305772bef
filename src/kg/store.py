"""The embedded Oxigraph store: the only module that imports pyoxigraph.

Built once from the sorted N-Triples dump with the bulk loader, then only ever opened read-only (several
server processes can share a read-only store; RocksDB allows one writer, see gotchas.md, 8).
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


def open_store(directory: Path | str) -> ox.Store:
    path = Path(directory)
    if not path.is_dir():
        raise KGError(f"no store at {path}; run `kg build` first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise KGError(f"cannot open the store at {path}: {exc}") from exc


def select_rows(
    store: ox.Store, query: str
) -> tuple[list[str], list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]]]:
    """Run a SELECT query; return variable names and rows of terms. Raises SyntaxError for a bad query."""
    result = store.query(query)
    if not isinstance(result, ox.QuerySolutions):
        raise KGError("expected a SELECT query")
    names = [v.value for v in result.variables]
    return names, [[solution[name] for name in names] for solution in result]


def query(store: ox.Store, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    return store.query(sparql)
