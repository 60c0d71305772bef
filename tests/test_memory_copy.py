"""Small graphs are queried from a copy in each query worker's memory (Pool.memory_copy_triples): the same
answers as from the store on disk, for every catalogued query, the endpoint's graphs and the pages; larger
ones, and stores of unknown size, are read from disk."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.iris import Iris
from kg.mediatypes import SPARQL_JSON
from kg.query import Job, WorkerFailed, saved
from kg.query.builds import Build
from kg.query.pool import Pool
from kg.query.worker import open_store

from . import answers

PAGES = [
    "/",
    "/projecten",
    "/themas",
    "/gemeenten",
    "/organisaties",
    "/publicaties",
    "/download/",
    "/doc/gemeente/oss",
    "/doc/thema/zelforganisatie",
    "/doc/project/rotterdam-waardevolle-verbindingen-tussen-jonge-en-oude-medewerkers",
    "/doc/dataset/aeno-kg",
]


@pytest.fixture(scope="module")
def from_disk(dist):
    from kg.server import create_app

    application = create_app(store=dist / "store", memory_copy_triples=0, result_cache_mb=0)
    yield application.test_client()
    application.extensions["kg"].close()


@pytest.fixture(scope="module")
def from_memory(dist):
    from kg.server import create_app

    application = create_app(store=dist / "store", memory_copy_triples=10**7, result_cache_mb=0)
    yield application.test_client()
    application.extensions["kg"].close()


def test_the_copy_holds_every_graph_of_the_store(dist):
    disk = ox.Store.read_only(str(dist / "store"))
    copy = open_store(str(dist / "store"), in_memory=True)
    assert set(copy) == set(disk)
    assert set(copy.named_graphs()) == set(disk.named_graphs())


def test_the_copy_is_in_memory_not_the_store_on_disk(dist):
    """A read-only store refuses writes; the copy, a store of its own in memory, takes them (and the build on
    disk is untouched)."""
    quad = ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"), ox.Literal("o"))
    with pytest.raises(RuntimeError, match="read-write"):
        open_store(str(dist / "store"), in_memory=False).add(quad)
    open_store(str(dist / "store"), in_memory=True).add(quad)
    assert quad not in ox.Store.read_only(str(dist / "store"))


@pytest.mark.parametrize(
    ("triples", "limit", "copied"),
    [(18_000, 250_000, True), (250_000, 250_000, True), (250_001, 250_000, False), (18_000, 0, False)],
)
def test_the_pool_copies_builds_up_to_its_limit(dist, triples, limit, copied):
    read = Build.read(dist)
    build = Build(read.id, read.path, read.info.model_copy(update={"triples": triples}))
    pool = Pool(size=1, memory_copy_triples=limit)
    try:
        assert pool._start(build).in_memory is copied
    finally:
        pool.close()


def test_a_store_of_unknown_size_is_read_from_disk(dist):
    """Without a build.json nothing says how large the store is, and counting its quads would read it all."""
    pool = Pool(size=1, memory_copy_triples=10**9)
    try:
        assert pool._start(Build("store-1", dist)).in_memory is False
    finally:
        pool.close()


@pytest.mark.parametrize("query", saved.load(), ids=lambda q: q.name)
def test_every_catalogued_query_answers_the_same_from_the_copy(from_disk, from_memory, query):
    text = saved.with_defaults(query, Iris("https://w3id.org/aeno-kg/"))
    headers = {"Accept": "application/sparql-results+json"}
    ours = from_memory.get("/sparql", query_string={"query": text}, headers=headers)
    theirs = from_disk.get("/sparql", query_string={"query": text}, headers=headers)
    assert ours.status_code == theirs.status_code == 200
    assert answers.sparql_json(json.loads(ours.data)) == answers.sparql_json(json.loads(theirs.data))


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/aeno-kg/id/graaf/catalogus> WHERE { ?s ?p ?o }",
    ],
)
def test_the_endpoint_s_graphs_are_the_same_from_the_copy(from_disk, from_memory, query):
    headers = {"Accept": "application/sparql-results+json"}
    ours = from_memory.get("/sparql", query_string={"query": query}, headers=headers)
    theirs = from_disk.get("/sparql", query_string={"query": query}, headers=headers)
    assert ours.status_code == theirs.status_code == 200
    assert json.loads(ours.data)["results"] == json.loads(theirs.data)["results"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_the_same_from_the_copy(from_disk, from_memory, path):
    ours = from_memory.get(path, headers={"Accept": "text/html"})
    theirs = from_disk.get(path, headers={"Accept": "text/html"})
    assert ours.status_code == theirs.status_code == 200
    assert ours.data == theirs.data


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "rdf"])
@pytest.mark.parametrize("path", ["/doc/gemeente/oss", "/doc/project/oss-osse-manier-van-zelforganisatie"])
def test_descriptions_are_the_same_bytes_from_the_copy(from_disk, from_memory, path, fmt):
    ours = from_memory.get(path, query_string={"format": fmt})
    theirs = from_disk.get(path, query_string={"format": fmt})
    assert ours.status_code == theirs.status_code == 200
    assert ours.data == theirs.data


def test_a_new_worker_s_start_is_not_counted_in_its_first_query_s_time_limit(dist):
    """A worker starts (a process, the store copied into memory: about 0.1 s for this graph) before the pool
    gives it a query, so a cheap first query is not stopped at a time limit shorter than that start."""
    pool = Pool(size=1, memory_copy_triples=10**9)
    try:
        outcome = pool.run(Job("ASK { ?s ?p ?o }", tabular=SPARQL_JSON), Build.read(dist), timeout=0.05)
        assert outcome.kind == "ok" and b"true" in outcome.body
    finally:
        pool.close()


def test_a_worker_that_cannot_open_its_store_is_a_clear_failure(dist, tmp_path):
    pool = Pool(size=1)
    try:
        with pytest.raises(WorkerFailed, match="could not open the store"):
            pool.run(Job("ASK {}", tabular=SPARQL_JSON), Build("gone", tmp_path / "gone"), timeout=5)
    finally:
        pool.close()
