"""Binding parameters in query text for remote endpoints: the VALUES block lands in the WHERE group, whatever
the query's strings, IRIs and comments contain, and a value cannot break out of it."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.sparqltext import BindError, bind_values, where_brace

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
