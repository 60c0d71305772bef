"""The query worker process: opens the store read-only, then answers jobs until told to stop.

Kept free of Flask and rdflib so the fork server that starts workers preloads only what a worker needs
(pyoxigraph and this module); kg.server.executor runs and stops these processes.
"""

from __future__ import annotations

import itertools
import os
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pyoxigraph as ox

from kg import results
from kg.sparqltext import parse_term


@dataclass(frozen=True)
class Job:
    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    tabular: str | None = None  # media type for SELECT and ASK results, None if the client accepts none
    graph: str | None = None  # media type for CONSTRUCT and DESCRIBE results
    max_rows: int = 10_000
    substitutions: tuple[tuple[str, str], ...] = ()  # variable -> term in N-Triples syntax (bound, not pasted)


@dataclass(frozen=True)
class Outcome:
    kind: str  # "ok", "syntax", "not-acceptable", "error"
    body: bytes = b""
    media_type: str = ""
    form: str = ""  # "select", "ask", "graph"
    rows: int = 0
    truncated: bool = False
    message: str = ""
    seconds: float = 0.0


def main(conn: Connection, store_path: str, forked: bool = False) -> None:
    if forked:
        # Forked straight from a web process: drop everything inherited (its listening socket, the parent's
        # end of this pipe, ...) so that this worker holds no port open and sees EOF when its parent dies.
        keep = conn.fileno()
        os.closerange(3, keep)
        os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX"))
    store = ox.Store.read_only(store_path)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(run(store, job))


def run(store: ox.Store, job: Job) -> Outcome:
    started = time.perf_counter()
    try:
        result = store.query(
            job.query,
            default_graph=[ox.NamedNode(g) for g in job.default_graphs] or None,
            named_graphs=[ox.NamedNode(g) for g in job.named_graphs] or None,
            substitutions={ox.Variable(k): parse_term(v) for k, v in job.substitutions} or None,
        )
        if isinstance(result, ox.QuerySolutions):
            if job.tabular is None:
                return Outcome("not-acceptable", form="select")
            names, rows, truncated = results.take(result, job.max_rows)
            body = results.serialize(names, rows, job.tabular)
            return Outcome(
                "ok", body, job.tabular, "select", len(rows), truncated, seconds=time.perf_counter() - started
            )
        if isinstance(result, ox.QueryBoolean):
            if job.tabular is None:
                return Outcome("not-acceptable", form="ask")
            body = result.serialize(format=ox.QueryResultsFormat.from_media_type(job.tabular))
            return Outcome("ok", body, job.tabular, "ask", 1, seconds=time.perf_counter() - started)
        if job.graph is None:
            return Outcome("not-acceptable", form="graph")
        triples = list(itertools.islice(result, job.max_rows + 1))
        truncated = len(triples) > job.max_rows
        body = ox.serialize(triples[: job.max_rows], format=ox.RdfFormat.from_media_type(job.graph))
        return Outcome(
            "ok",
            body,
            job.graph,
            "graph",
            min(len(triples), job.max_rows),
            truncated,
            seconds=time.perf_counter() - started,
        )
    except SyntaxError as exc:
        return Outcome("syntax", message=str(exc))
    except Exception as exc:  # evaluation errors (e.g. a failing SERVICE call) are reported, not raised
        return Outcome("error", message=f"{type(exc).__name__}: {exc}")
