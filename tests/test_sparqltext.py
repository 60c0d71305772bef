"""Binding parameters in query text for remote endpoints: the VALUES block lands in the WHERE group, whatever
the query's strings, IRIs and comments contain, and a value cannot break out of it."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.query.text import BindError, bind_values, top_level_limit, where_brace

CASES = [
    ("SELECT ?s WHERE { ?s ?p ?o }", "{ ?s ?p ?o }"),
    ("select ?s where{?s ?p ?o}", "{?s ?p ?o}"),
    ("SELECT ?s { ?s ?p ?o }", "{ ?s ?p ?o }"),
    ("ASK { ?s ?p ?o }", "{ ?s ?p ?o }"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . }", "{ ?s ?p ?o . }"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "{ ?s ?p ?o }"),
    ("DESCRIBE ?s WHERE { ?s ?p ?o }", "{ ?s ?p ?o }"),
    ('PREFIX x: <http://e/WHERE#x> SELECT ("WHERE {" AS ?t) WHERE { ?s ?p ?o }', "{ ?s ?p ?o }"),
    ("# WHERE { in a comment\nSELECT ?s WHERE { ?s ?p ?o }", "{ ?s ?p ?o }"),
    ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }", "{ { SELECT ?s WHERE { ?s ?p ?o } } }"),
    ("SELECT ?s WHERE { ?s ?p '''x { y''' }", "{ ?s ?p '''x { y''' }"),
    ("SELECT ?s WHERE { FILTER (?a < ?b) ?s ?p ?o }", "{ FILTER (?a < ?b) ?s ?p ?o }"),
]


@pytest.mark.parametrize(("query", "group"), CASES)
def test_the_where_group_is_found(query, group):
    assert query[where_brace(query) :] == group


@pytest.mark.parametrize("query", ["SELECT ?s", "SELECT ?s WHERE ", 'SELECT ("unterminated WHERE { ?s }'])
def test_a_query_without_a_where_group_is_refused(query):
    with pytest.raises(BindError):
        where_brace(query)


def evaluate(query: str) -> list:
    store = ox.Store()
    ex = "http://example.org/"
    for s, v in [("a", "1"), ("b", "2")]:
        store.add(ox.Quad(ox.NamedNode(ex + s), ox.NamedNode(ex + "v"), ox.Literal(v)))
    return sorted(str(r[0]) for r in store.query(query))


def test_bound_values_restrict_the_results_like_a_substitution():
    query = "SELECT ?v WHERE { ?s <http://example.org/v> ?v }"
    bound = bind_values(query, (("s", "<http://example.org/a>"),))
    assert evaluate(bound) == ['"1"']


@pytest.mark.parametrize(
    "value",
    [
        '"x" ) } } SELECT * WHERE { ?s ?p ?o',
        "<http://example.org/a> ) } ?s ?p ?o . {",
        '"a" . ?s ?p ?o',
    ],
)
def test_a_value_cannot_add_to_the_query(value):
    with pytest.raises(BindError, match="not an RDF term"):
        bind_values("SELECT ?v WHERE { ?s ?p ?v }", (("s", value),))


def test_a_literal_with_quotes_and_braces_stays_one_literal():
    bound = bind_values("SELECT ?s WHERE { ?s <http://example.org/v> ?v }", (("v", '"1\\" } {"'),))
    assert evaluate(bound) == []  # no such value; above all: it parsed as one term


@pytest.mark.parametrize("name", ["s }", "s) ?x", ""])
def test_variable_names_are_checked(name):
    with pytest.raises(BindError, match="variable name"):
        bind_values("SELECT ?v WHERE { ?s ?p ?v }", ((name, "<http://example.org/a>"),))


LIMITS = [
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 10", 10),
    ("select ?s where { ?s ?p ?o } order by ?s limit 100 offset 5", 100),
    ("SELECT ?s WHERE { ?s ?p ?o } OFFSET 5 LIMIT 7", 7),
    ("SELECT ?s WHERE { ?s ?p ?o }LIMIT\n  3", 3),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 0", 0),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 2 VALUES ?s { <http://e/a> }", 2),
    ("SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 1) LIMIT 4", 4),
    ("SELECT ?s WHERE { ?s ?p ?o }", None),
    ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 5 } }", None),
    ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 5 } } LIMIT 9", 9),
    ("SELECT (EXISTS { { SELECT * { ?s ?p ?o } LIMIT 1 } } AS ?e) WHERE { ?s ?p ?o }", None),
    ("SELECT ?s WHERE { ?s ?p ?o } # LIMIT 5", None),
    ('SELECT ?s WHERE { ?s ?p "} LIMIT 5" }', None),
    ("SELECT ?s WHERE { ?s ?p '''\n} LIMIT 5 {''' }", None),
    ("SELECT ?s WHERE { ?s ?p <http://e/}LIMIT5> }", None),
    ("PREFIX ex: <http://e/> SELECT ?s WHERE { ?s ex:LIMIT ?o } ORDER BY ex:LIMIT(?o)", None),
    ("SELECT ?limit WHERE { ?s ?p ?limit } ORDER BY ?limit", None),
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5.5", None),  # not an integer (and not SPARQL)
    ("SELECT ?s WHERE { ?s ?p ?o } LIMIT 10000000000000000000000", 10000000000000000000000),
]


@pytest.mark.parametrize(("query", "limit"), LIMITS)
def test_the_query_s_own_limit_is_found_and_a_subquery_s_is_not(query, limit):
    assert top_level_limit(query) == limit


@pytest.mark.parametrize(("query", "limit"), [(q, n) for q, n in LIMITS if n is not None and n < 10**9])
def test_oxigraph_returns_at_most_the_limit_found(query, limit):
    """Every query with a limit found is valid SPARQL whose answer has at most that many rows."""
    store = ox.Store()
    for i in range(12):
        store.add(ox.Quad(ox.NamedNode(f"http://e/s{i}"), ox.NamedNode("http://e/p"), ox.Literal(str(i))))
        store.add(ox.Quad(ox.NamedNode(f"http://e/s{i}"), ox.NamedNode("http://e/q"), ox.Literal(str(i))))
    assert len(list(store.query(query))) <= limit
