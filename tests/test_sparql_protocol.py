"""The endpoint follows the SPARQL 1.1 Protocol: query by GET, form POST and direct POST; dataset parameters;
content negotiation with q-values, wildcards and parameters; the protocol's error statuses."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from rdflib import Graph

OSS_CODE = (
    "SELECT ?code WHERE { <https://w3id.org/aeno-kg/id/gemeente/oss> <http://purl.org/dc/terms/identifier> ?code }"
)
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { BIND(<https://w3id.org/aeno-kg/id/gemeente/oss> AS ?s) ?s ?p ?o }"
JSON = "application/sparql-results+json"


def codes(response) -> list[str]:
    return [b["code"]["value"] for b in json.loads(response.data)["results"]["bindings"]]


def test_query_by_get(client):
    r = client.get("/sparql", query_string={"query": OSS_CODE})
    assert r.status_code == 200 and r.mimetype == JSON and codes(r) == ["GM0828"]


def test_query_by_post_form(client):
    r = client.post("/sparql", data={"query": OSS_CODE})
    assert r.status_code == 200 and codes(r) == ["GM0828"]


@pytest.mark.parametrize("content_type", ["application/sparql-query", "application/sparql-query; charset=utf-8"])
def test_query_by_post_body(client, content_type):
    r = client.post("/sparql", data=OSS_CODE.encode(), content_type=content_type)
    assert r.status_code == 200 and codes(r) == ["GM0828"]


SELECT_NEGOTIATION = [
    (None, JSON),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+json;charset=utf-8", JSON),
    ('text/csv; charset="UTF-8"', "text/csv"),
    ("text/csv;charset=iso-8859-1, application/sparql-results+xml;q=0.1", "application/sparql-results+xml"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("application/sparql-results+xml;q=0, text/csv", "text/csv"),
    ("*/*", JSON),
    ("text/*", "text/csv"),
    ("application/json", JSON),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+xml"),
]


@pytest.mark.parametrize(("accept", "expected"), SELECT_NEGOTIATION, ids=[str(a) for a, _ in SELECT_NEGOTIATION])
def test_select_results_negotiate_on_accept(client, accept, expected):
    headers = {"Accept": accept} if accept else {}
    r = client.get("/sparql", query_string={"query": OSS_CODE}, headers=headers)
    assert r.status_code == 200 and r.mimetype == expected
    assert "Accept" in r.headers["Vary"]
    assert b"GM0828" in r.data


GRAPH_NEGOTIATION = [
    (None, "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/json", "application/ld+json", "json-ld"),
    ("text/turtle;charset=utf-8;q=0.8, application/rdf+xml;q=0.5", "text/turtle", "turtle"),
]


@pytest.mark.parametrize(
    ("accept", "expected", "rdflib_format"), GRAPH_NEGOTIATION, ids=[str(g[0]) for g in GRAPH_NEGOTIATION]
)
def test_construct_results_negotiate_on_accept(client, accept, expected, rdflib_format):
    headers = {"Accept": accept} if accept else {}
    r = client.get("/sparql", query_string={"query": CONSTRUCT}, headers=headers)
    assert r.status_code == 200 and r.mimetype == expected
    g = Graph().parse(data=r.data, format=rdflib_format)
    assert len(g) > 5 and "Accept" in r.headers["Vary"]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "text/csv"),
        ("xml", "application/sparql-results+xml"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_format_parameter_overrides_accept(client, fmt, expected):
    r = client.get("/sparql", query_string={"query": OSS_CODE, "format": fmt}, headers={"Accept": JSON})
    assert r.status_code == 200 and r.mimetype == expected


def test_unsatisfiable_accept_gets_406_listing_what_can_be_served(client):
    r = client.get("/sparql", query_string={"query": OSS_CODE}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert b"application/sparql-results+json" in r.data and b"text/turtle" in r.data
    assert "Accept" in r.headers["Vary"]


def test_construct_when_only_tabular_formats_are_acceptable_gets_406(client):
    r = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert r.status_code == 406 and b"text/turtle" in r.data


def test_unknown_format_parameter_gets_406(client):
    r = client.get("/sparql", query_string={"query": OSS_CODE, "format": "pdf"})
    assert r.status_code == 406 and b"format 'pdf' is not available" in r.data


def test_ask_query(client):
    r = client.get("/sparql", query_string={"query": "ASK { ?s a <https://w3id.org/aeno-kg/def/Municipality> }"})
    assert r.status_code == 200 and json.loads(r.data)["boolean"] is True


# -- errors -----------------------------------------------------------------------------------------------


def error_message(response) -> str:
    return json.loads(response.data)["error"]["message"]


def test_malformed_query_is_400_with_line_and_column(client):
    r = client.get("/sparql", query_string={"query": "SELECT * WHERE {\n  ?s ?p \n}"}, headers={"Accept": JSON})
    assert r.status_code == 400
    assert re.match(r"SPARQL syntax error at line 3, column \d+: ", error_message(r))


SYNTAX_ERRORS = [
    # (query, what the message must say), each as a person would write it
    (
        "SELECT * WHERE { ?p schema:name ?n }",
        "unknown prefix 'schema:'. Declare it at the top of the query: PREFIX schema: <http://schema.org/>",
    ),
    ("SELECT * WHERE {\n ?s ex:p ?o }", "line 2, column 5: unknown prefix 'ex:'"),
    (
        "SELEC * WHERE { ?s ?p ?o }",
        "starts with SELECT, CONSTRUCT, ASK or DESCRIBE (after any PREFIX lines), not 'SELEC'; did you mean SELECT?",
    ),
    ("SELECT * WHER { ?s ?p ?o }", "unknown word 'WHER'"),
    ("SELECT * WHERE { ?s ?p ?o } LIMT 5", "did you mean LIMIT?"),
    ("SELECT * WHERE { ?s ?p ?o ", "the query ends too early; 1 '{' not closed"),
    ('SELECT * WHERE { ?s ?p "open }', "is not closed"),
    ("SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?p", "neither in GROUP BY nor inside an aggregate"),
    ("PREFIX ex <http://x.org/>\nSELECT * WHERE { ?s ex:p ?o }", "Declare it at the top of the query: PREFIX ex: <"),
]


@pytest.mark.parametrize(("query", "says"), SYNTAX_ERRORS, ids=[s[:30] for _, s in SYNTAX_ERRORS])
def test_a_syntax_error_says_what_is_wrong_in_words(client, query, says):
    message = error_message(client.post("/sparql", data={"query": query}, headers={"Accept": JSON}))
    assert says in message
    assert "\\u{" not in message and "..=" not in message  # none of the parser's character classes


def test_two_query_parameters_are_400(client):
    r = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D", headers={"Accept": JSON})
    assert r.status_code == 400 and "2 'query' parameters" in error_message(r)


def test_post_without_content_type_is_400(client):
    r = client.post("/sparql", data=OSS_CODE.encode(), headers={"Accept": JSON, "Content-Type": ""})
    assert r.status_code == 400 and "needs a Content-Type" in error_message(r)


def test_post_with_unsupported_content_type_is_415(client):
    r = client.post("/sparql", data=OSS_CODE.encode(), content_type="text/plain", headers={"Accept": JSON})
    assert r.status_code == 415 and "text/plain is not supported" in error_message(r)


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "path": "/sparql?query=SELECT%20%3Fx%20WHERE%20%7B%20%3Fx%20%3Fp%20%22%FF%22%20%7D"},
        {"method": "POST", "data": b"query=ASK%20%7B%22%FF%22%7D", "content_type": "application/x-www-form-urlencoded"},
        {"method": "POST", "data": b"ASK {\xff}", "content_type": "application/sparql-query"},
    ],
    ids=["GET query string", "POST form", "POST body"],
)
def test_query_that_is_not_utf8_is_400(client, request_kwargs):
    path = request_kwargs.pop("path", "/sparql")
    r = client.open(path, headers={"Accept": JSON}, **request_kwargs)
    assert r.status_code == 400 and "not valid UTF-8" in error_message(r)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(client, method):
    r = client.open("/sparql", method=method, headers={"Accept": JSON})
    assert r.status_code == 405 and "POST" in r.headers["Allow"]
    assert f"{method} is not supported" in error_message(r)


def test_error_bodies_follow_the_client(client):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    html = client.get("/sparql", query_string={"query": "SELEC"}, headers={"Accept": browser})
    assert html.status_code == 400 and html.mimetype == "text/html"
    assert "Fout in de SPARQL-query op regel 1" in html.data.decode()  # a page a person reads is in Dutch
    text = client.get("/sparql?query=ASK%7B%7D&query=ASK%7B%7D", headers={"Accept": "text/plain"})
    assert text.mimetype == "text/plain" and text.data.startswith(b"400 Bad Request: the request has 2 'query'")
    assert b"Traceback" not in html.data + text.data


@pytest.mark.parametrize(
    ("language", "says"),
    [
        (None, "SPARQL syntax error at line 1, column 10: unknown word 'WHER'"),
        ("en-GB,en;q=0.9", "SPARQL syntax error at line 1, column 10: unknown word 'WHER'"),
        ("nl", "Fout in de SPARQL-query op regel 1, kolom 10: onbekend woord 'WHER'"),
        ("nl-NL,nl;q=0.9,en;q=0.8", "Fout in de SPARQL-query op regel 1, kolom 10: onbekend woord 'WHER'"),
    ],
)
def test_a_client_that_prefers_dutch_gets_its_errors_in_dutch(client, language, says):
    headers = {"Accept": "application/sparql-results+json", **({"Accept-Language": language} if language else {})}
    r = client.get("/sparql", query_string={"query": "SELECT * WHER { ?s ?p ?o }"}, headers=headers)
    assert r.status_code == 400 and error_message(r).startswith(says)
    assert "Accept-Language" in r.headers["Vary"]


def test_a_misspelt_word_is_pointed_at_and_quoted_in_whole_words(client):
    """The position is the misspelt word's, not that of the brace after it; the words quoted around it are
    whole words, not cut at both ends."""
    query = "PREFIX schema: <http://schema.org/>\nSELECT ?name WHER { ?p schema:name ?name }"
    r = client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/json"})
    message = error_message(r)
    assert message.startswith("SPARQL syntax error at line 2, column 14: unknown word 'WHER'")
    quoted = message.split(" near '", 1)[1].split("';", 1)[0]
    assert all(word in query.split() for word in quoted.split())


# -- dataset parameters -------------------------------------------------------------------------------------


@pytest.fixture
def graphs_client(make_app, graphs_store):
    return make_app(store=graphs_store).test_client()


def values(response, var: str = "v") -> list[str]:
    return sorted(b[var]["value"] for b in json.loads(response.data)["results"]["bindings"])


def test_default_graph_uri_sets_the_default_graph(graphs_client):
    q = "SELECT ?v WHERE { <http://example.org/s> <http://example.org/p> ?v }"
    assert values(graphs_client.get("/sparql", query_string={"query": q})) == ["default"]
    r = graphs_client.get(
        "/sparql",
        query_string=[
            ("query", q),
            ("default-graph-uri", "http://example.org/g1"),
            ("default-graph-uri", "http://example.org/g2"),
        ],
    )
    assert values(r) == ["one", "two"]


def test_named_graph_uri_limits_the_named_graphs(graphs_client):
    q = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert values(graphs_client.get("/sparql", query_string={"query": q}), "g") == [
        "http://example.org/g1",
        "http://example.org/g2",
    ]
    r = graphs_client.post(
        "/sparql?named-graph-uri=http%3A%2F%2Fexample.org%2Fg2",
        data=q.encode(),
        content_type="application/sparql-query",
    )
    assert values(r, "g") == ["http://example.org/g2"]


# -- service description and editor --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), (None, "turtle")]
)
def test_get_without_query_describes_the_service(client, accept, fmt):
    r = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert r.status_code == 200 and "Accept" in r.headers["Vary"]
    g = Graph().parse(data=r.data, format=fmt)
    q = """PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> PREFIX aeno: <https://w3id.org/aeno-kg/def/>
           SELECT ?timeout ?rows ?length ?concurrent WHERE { ?s a sd:Service ; sd:supportedLanguage sd:SPARQL11Query ;
           aeno:queryTimeout ?timeout ; aeno:maxResultRows ?rows ; aeno:maxQueryLength ?length ;
           aeno:maxConcurrentQueries ?concurrent }"""
    (row,) = list(g.query(q))
    assert (float(row.timeout), int(row.rows), int(row.length), int(row.concurrent)) == (10.0, 10000, 20000, 2)


def test_browser_gets_the_query_editor_with_the_catalogue(client):
    r = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.mimetype == "text/html"
    page = r.data.decode()
    assert "/static/vendor/yasgui/yasgui.min.js" in page and "Projecten die een thema delen met een gemeente" in page
    assert "cdn" not in page.lower()
    with client.get("/static/vendor/yasgui/yasgui.min.js") as script:
        assert script.status_code == 200 and script.mimetype == "text/javascript"


def test_vendored_editor_matches_its_recorded_checksums():
    import hashlib
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "server" / "static" / "vendor" / "yasgui"
    vendor = json.loads((folder / "VENDOR.json").read_text())
    for name, digest in vendor["files"].items():
        assert "sha256:" + hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest


def test_results_parse_back_as_what_pyoxigraph_serialises(client, dist):
    q = (
        "SELECT ?label ?code ?tooi WHERE { ?m a <https://w3id.org/aeno-kg/def/Municipality> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label ; <http://purl.org/dc/terms/identifier> ?code ; "
        "<http://www.w3.org/2002/07/owl#sameAs> ?tooi } ORDER BY ?code LIMIT 50"
    )
    store = ox.Store.read_only(str(dist / "store"))
    for media, fmt in [
        (JSON, ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ]:
        ours = client.get("/sparql", query_string={"query": q}, headers={"Accept": media}).data
        theirs = store.query(q).serialize(format=fmt)
        assert [list(map(str, (s["label"], s["code"], s["tooi"]))) for s in ox.parse_query_results(ours, fmt)] == [
            list(map(str, (s["label"], s["code"], s["tooi"]))) for s in ox.parse_query_results(theirs, fmt)
        ]
    csv_ours = client.get("/sparql", query_string={"query": q}, headers={"Accept": "text/csv"}).data
    assert csv_ours == store.query(q).serialize(format=ox.QueryResultsFormat.CSV)
