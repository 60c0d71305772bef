"""The fast path for GET /sparql?query= (kg.server.fastpath) answers exactly as the Flask view does.

Each request goes to two apps over the same store, one with the fast path and one without; status,
headers (except the request id, which is new per request) and body must be the same.
"""

from __future__ import annotations

from urllib.parse import quote, quote_plus

import pytest

OSS = "<https://w3id.org/aeno-kg/id/gemeente/oss>"
LOOKUP = f"SELECT ?code WHERE {{ {OSS} <http://purl.org/dc/terms/identifier> ?code }}"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
JSON = "application/sparql-results+json"

REQUESTS = {
    "lookup, JSON": (f"query={quote(LOOKUP)}", {"Accept": JSON}),
    "lookup, no Accept": (f"query={quote(LOOKUP)}", {}),
    "lookup, '+' for spaces": (f"query={quote_plus(LOOKUP)}", {"Accept": JSON}),
    "lookup, XML": (f"query={quote(LOOKUP)}", {"Accept": "application/sparql-results+xml"}),
    "lookup, CSV": (f"query={quote(LOOKUP)}", {"Accept": "text/csv"}),
    "lookup, TSV with q-values": (f"query={quote(LOOKUP)}", {"Accept": "text/tab-separated-values, */*;q=0.1"}),
    "lookup, generic JSON": (f"query={quote(LOOKUP)}", {"Accept": "application/json"}),
    "a browser's Accept": (f"query={quote(LOOKUP)}", {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}),
    "own request id": (f"query={quote(LOOKUP)}", {"Accept": JSON, "X-Request-Id": "abc-123"}),
    "Dutch text": ("query=" + quote('SELECT ("Súdwest-Fryslân ĳ" AS ?x) {}'), {"Accept": JSON}),
    "ASK": (f"query={quote('ASK { ?s ?p ?o }')}", {"Accept": JSON}),
    "DESCRIBE, Turtle": (f"query={quote(f'DESCRIBE {OSS}')}", {"Accept": "text/turtle"}),
    "DESCRIBE, JSON-LD": (f"query={quote(f'DESCRIBE {OSS}')}", {"Accept": "application/ld+json"}),
    "DESCRIBE, N-Triples": (f"query={quote(f'DESCRIBE {OSS}')}", {"Accept": "application/n-triples"}),
    "over the row limit": (f"query={quote('SELECT * WHERE { ?s ?p ?o }')}", {"Accept": JSON}),
    "LIMIT within the row limit": (f"query={quote('SELECT * WHERE { ?s ?p ?o } LIMIT 3')}", {"Accept": "text/csv"}),
    # volatile (not cached), yet the same answer on both runs: NOW()'s own value differs between them
    "volatile": (f"query={quote('SELECT (DATATYPE(NOW()) AS ?t) {}')}", {"Accept": JSON}),
    "syntax error": (f"query={quote('SELECT ?s WHERE { ?s ?p }')}", {"Accept": JSON}),
    "SELECT asked as Turtle": (f"query={quote(LOOKUP)}", {"Accept": "text/turtle"}),
    "unacceptable type": (f"query={quote(LOOKUP)}", {"Accept": "image/png"}),
    "update": (f"query={quote('INSERT DATA { <urn:a> <urn:b> <urn:c> }')}", {"Accept": JSON}),
    "SERVICE": (f"query={quote('SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }')}", {}),
    "not UTF-8": ("query=SELECT%20%28%22%FF%22%20AS%20%3Fx%29%20%7B%7D", {"Accept": JSON}),
    "empty query": ("query=", {"Accept": JSON}),
    "with format=": (f"query={quote(LOOKUP)}&format=csv", {}),
    "with a dataset": (f"query={quote(LOOKUP)}&default-graph-uri=urn%3Ax", {"Accept": JSON}),
    "If-None-Match": (f"query={quote(LOOKUP)}", {"Accept": JSON, "If-None-Match": '"nothing"'}),
    "too long": (f"query={quote(LOOKUP + ' #' + 'x' * 300)}", {"Accept": JSON}),
    "too slow": (f"query={quote(HEAVY)}", {"Accept": JSON}),
}


@pytest.fixture(scope="module")
def apps(dist):
    from kg.server import create_app

    common = {"store": dist / "store", "max_result_rows": 50, "max_query_length": 300, "query_timeout": 1}
    made = [create_app(fast_path=True, **common), create_app(fast_path=False, **common)]
    yield made
    for a in made:
        a.extensions["kg"].close()


def _seen(response) -> tuple:
    return response.status_code, sorted(response.headers.items()), response.data


@pytest.mark.parametrize(("query_string", "headers"), REQUESTS.values(), ids=REQUESTS.keys())
def test_the_fast_path_answers_as_the_view_does(apps, query_string, headers):
    """(The same request id goes to both: error bodies name it.)"""
    headers = {"X-Request-Id": "same-for-both", **headers}
    fast, flask = (a.test_client().get(f"/sparql?{query_string}", headers=headers) for a in apps)
    assert _seen(fast) == _seen(flask)
    assert fast.headers["X-Request-Id"] == headers["X-Request-Id"]


def test_the_fast_path_answers_a_plain_lookup_itself(apps, monkeypatch):
    """A lookup never reaches the Flask app behind the fast path (otherwise the comparison above would only
    compare the view with itself)."""
    fast = apps[0]
    inner = fast.wsgi_app.inner
    called = []
    monkeypatch.setattr(fast.wsgi_app, "inner", lambda environ, start: called.append(1) or inner(environ, start))
    response = fast.test_client().get(f"/sparql?query={quote(LOOKUP)}", headers={"Accept": JSON})
    assert response.status_code == 200 and not called
    assert response.headers["X-Request-Id"]  # one made up, as the view does


def test_a_failed_query_is_run_once(apps, monkeypatch):
    """A syntax error found by the fast path is answered by the view from the outcome handed over."""
    fast = apps[0]
    st = fast.extensions["kg"]
    runs = []
    original = st.run
    monkeypatch.setattr(st, "run", lambda *a, **k: runs.append(1) or original(*a, **k))
    response = fast.test_client().get(f"/sparql?query={quote('SELECT ?s WHERE { ?s ?p }')}")
    assert response.status_code == 400 and len(runs) == 1


def test_the_fast_path_writes_the_access_log_line(apps, caplog):
    with caplog.at_level("INFO", logger="kg.access"):
        response = apps[0].test_client().get(f"/sparql?query={quote(LOOKUP)}", headers={"Accept": JSON})
    line = next(r.getMessage() for r in caplog.records if r.name == "kg.access")
    assert line.startswith(f"127.0.0.1 GET /sparql?query={quote(LOOKUP)} 200 ")
    assert line.endswith(response.headers["X-Request-Id"])


def _encodings() -> list[str]:
    """Query-string values as clients send them, and as they should not: every escape, '+' and %2B, lower-case
    hex, backslashes (raw and escaped), '%' without two hex digits after it, bytes that are not UTF-8, and a
    fixed-seed sample of random byte strings percent-encoded in part."""
    import random

    texts = [
        quote(LOOKUP, safe=""),
        quote_plus(LOOKUP),
        "a+b%2Bc",
        "%c3%a9t%C3%A9",
        "back\\slash%5Cx41%5c",
        "\\x41\\\\",
        "100%",
        "%4",
        "%zz%41",
        "50%25%",
        "%%41",
        "%FF%FE",
        "%C3",
        "%E2%82",
        "%F0%9F%98%80 emoji",
        "",
        "+",
        "%00nul",
    ]
    rng = random.Random(16)
    for _ in range(400):
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))
        text = "".join(f"%{b:02X}" if rng.random() < 0.7 or not (32 < b < 127) else chr(b) for b in raw)
        texts.append(text.replace("%25", "%") if rng.random() < 0.1 else text)  # now and then a bare '%'
    return texts


def test_percent_decoding_gives_what_unquote_plus_gives_or_the_same_error():
    from urllib.parse import unquote_plus

    from kg.server.fastpath import percent_decode

    for text in _encodings():
        try:
            expected: str | type = unquote_plus(text, encoding="utf-8", errors="strict")
        except UnicodeDecodeError:
            expected = UnicodeDecodeError
        try:
            got: str | type = percent_decode(text)
        except UnicodeDecodeError:
            got = UnicodeDecodeError
        assert got == expected, text
