"""Query results cut off at a row limit are exactly what Oxigraph writes for the same rows (kg.query.results)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import mediatypes
from kg.query import results

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"

TRICKY_LITERALS = [
    ox.Literal("tab\there, line\nbreak, carriage\rreturn"),
    ox.Literal("quotes \" and ' and \\ backslash"),
    ox.Literal("Dutch ë, ĳ, emoji 😀, RTL שלום"),
    ox.Literal("hallo", language="nl"),
    ox.Literal("hello", language="en-GB"),
    ox.Literal("12", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("2016-05-01", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal('<not> an IRI, {braces}, },{"', datatype=ox.NamedNode(EX + "custom")),
    ox.Literal(""),
]
FORMATS = [mediatypes.SPARQL_JSON, mediatypes.SPARQL_XML, mediatypes.CSV, mediatypes.TSV]
GRAPH_FORMATS = [
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/n-quads",
    "application/ld+json",
]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    p = ox.NamedNode(EX + "p")
    for i, lit in enumerate(TRICKY_LITERALS):
        s.add(ox.Quad(ox.NamedNode(f"{EX}s{i:02d}"), p, lit))
    s.add(ox.Quad(ox.BlankNode("b1"), p, ox.NamedNode(EX + "o")))
    s.add(ox.Quad(ox.NamedNode(EX + "only-subject"), ox.NamedNode(EX + "q"), ox.BlankNode("b2")))
    return s


def _whole(store: ox.Store, query: str, media: str) -> bytes:
    return store.query(query).serialize(format=ox.QueryResultsFormat.from_media_type(media))


QUERIES = {
    "terms of every kind": "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s ?o",
    "unbound values": f"SELECT ?s ?o ?missing WHERE {{ ?s ?p ?o OPTIONAL {{ ?s <{EX}q> ?missing }} }} ORDER BY ?s",
    "triple terms": "SELECT (<<( ?s ?p ?o )>> AS ?t) WHERE { ?s ?p ?o } ORDER BY ?s ?o",
    "no variables, one row": "SELECT * WHERE {}",
    "no rows": "SELECT ?x WHERE { FILTER(false) }",
}


@pytest.mark.parametrize("media", FORMATS)
@pytest.mark.parametrize("query", QUERIES.values(), ids=QUERIES.keys())
def test_a_result_under_the_limit_is_oxigraphs_own_serialisation(store: ox.Store, query: str, media: str) -> None:
    body, rows, truncated = results.write_solutions(store.query(query), media, limit=10_000)
    assert body == _whole(store, query, media)
    assert not truncated
    assert rows == len(list(store.query(query)))


@pytest.mark.parametrize("media", FORMATS)
@pytest.mark.parametrize("limit", [0, 1, 5, 10])
def test_a_result_over_the_limit_keeps_its_first_rows(store: ox.Store, media: str, limit: int) -> None:
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s ?o"
    body, rows, truncated = results.write_solutions(store.query(query), media, limit=limit)
    assert (rows, truncated) == (limit, True)
    expected = _whole(store, f"{query} LIMIT {limit}", media)
    assert body == expected


def test_a_result_exactly_at_the_limit_is_not_truncated(store: ox.Store) -> None:
    n = len(TRICKY_LITERALS) + 2
    _body, rows, truncated = results.write_solutions(
        store.query("SELECT * WHERE { ?s ?p ?o }"), mediatypes.SPARQL_JSON, n
    )
    assert (rows, truncated) == (n, False)


def test_a_long_result_stops_the_evaluation_at_the_limit() -> None:
    """A result far larger than the writer's buffer is not written out whole before being cut off."""
    s = ox.Store()
    big = ox.Literal("x" * 1000)
    for i in range(5000):
        s.add(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), big))
    sink = results._LineSink(11)
    with pytest.raises(results._Full):
        s.query("SELECT * WHERE { ?s ?p ?o }").serialize(sink, format=ox.QueryResultsFormat.TSV)
    assert sum(map(len, sink.parts)) < 100_000  # a few buffers, not 5 MB


CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@pytest.mark.parametrize("media", GRAPH_FORMATS)
def test_a_graph_under_the_limit_is_oxigraphs_own_serialisation(store: ox.Store, media: str) -> None:
    body, count, truncated = results.write_triples(store.query(CONSTRUCT), media, limit=10_000)
    fmt = ox.RdfFormat.from_media_type(media)
    assert body == ox.serialize(store.query(CONSTRUCT), format=fmt)
    assert (count, truncated) == (len(TRICKY_LITERALS) + 2, False)


@pytest.mark.parametrize("media", GRAPH_FORMATS)
@pytest.mark.parametrize("limit", [0, 3])
def test_a_graph_over_the_limit_keeps_its_first_triples(store: ox.Store, media: str, limit: int) -> None:
    body, count, truncated = results.write_triples(store.query(CONSTRUCT), media, limit=limit)
    assert (count, truncated) == (limit, True)
    fmt = ox.RdfFormat.from_media_type(media)
    first = list(store.query(CONSTRUCT))[:limit]
    assert body == ox.serialize(first, format=fmt)


def test_parsed_triples_are_cut_off_too(store: ox.Store) -> None:
    triples = list(store.query(CONSTRUCT))
    body, count, truncated = results.write_triples(triples, "application/n-triples", limit=2)
    assert (count, truncated) == (2, True)
    assert body.count(b"\n") == 2
