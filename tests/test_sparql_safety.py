"""Safe by default: read-only, no SERVICE unless allowlisted, limits on time, length, rows and concurrency;
and the operational surface: CORS, caching headers, /health, the access log."""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

JSON = "application/sparql-results+json"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = "ASK { ?s ?p ?o }"
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def message(response) -> str:
    return json.loads(response.data)["error"]["message"]


def count(client) -> int:
    r = client.get("/sparql", query_string={"query": TRIPLES}, headers={"Accept": JSON})
    return int(json.loads(r.data)["results"]["bindings"][0]["n"]["value"])


# -- read-only ----------------------------------------------------------------------------------------------

UPDATES = [
    {"method": "GET", "query_string": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    {"method": "GET", "query_string": {"query": "PREFIX ex: <urn:x#>\n# comment\nDELETE WHERE { ?s ?p ?o }"}},
    {"method": "GET", "query_string": {"query": "LOAD <http://127.0.0.1:9/data.ttl>"}},
    {"method": "GET", "query_string": {"query": "clear default"}},
    {"method": "POST", "data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}},
    {"method": "POST", "data": b"DROP ALL", "content_type": "application/sparql-update"},
]


@pytest.mark.parametrize(
    "kwargs", UPDATES, ids=["INSERT", "DELETE after prologue", "LOAD", "CLEAR", "update=", "sparql-update body"]
)
def test_updates_are_refused_and_change_nothing(client, kwargs):
    before = count(client)
    r = client.open("/sparql", headers={"Accept": JSON}, **kwargs)
    assert r.status_code == 403 and "read-only" in message(r)
    assert count(client) == before


# -- SERVICE --------------------------------------------------------------------------------------------------

SERVICES = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://10.0.0.1/sparql> { ?s ?p ?o } }",
    "PREFIX ep: <http://169.254.169.254/> SELECT * WHERE { SERVICE ep:latest { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z { SELECT * WHERE { SERVICE <http://127.0.0.1:9/inner> { ?s ?p ?o } } } }",
    "SELECT * WHERE { VALUES ?ep { <http://127.0.0.1:9/> } SERVICE ?ep { ?s ?p ?o } }",
]


@pytest.mark.parametrize(
    "query", SERVICES, ids=["plain", "lowercase silent", "prefixed name", "in a subquery", "variable"]
)
def test_service_is_refused_before_anything_is_contacted(client, query):
    started = time.perf_counter()
    r = client.get("/sparql", query_string={"query": query}, headers={"Accept": JSON})
    assert r.status_code == 400 and "SERVICE" in message(r)
    assert time.perf_counter() - started < 2, "refused without trying to connect"


def test_the_word_service_in_a_literal_does_not_block_a_query(client):
    q = 'SELECT ?x WHERE { BIND("public service" AS ?x) }'
    r = client.get("/sparql", query_string={"query": q}, headers={"Accept": JSON})
    assert r.status_code == 200


def test_allowlisted_service_passes_the_check(make_app):
    from kg.server.safety import check

    allowed = ("http://127.0.0.1:7878/query",)
    assert check("SELECT * WHERE { SERVICE <http://127.0.0.1:7878/query> { ?s ?p ?o } }", 20_000, allowed) == allowed
    with pytest.raises(Exception, match="not allowed"):
        check("SELECT * WHERE { SERVICE <http://127.0.0.1:7879/query> { ?s ?p ?o } }", 20_000, allowed)


def _query_texts() -> list[str]:
    """Query texts that a shortcut past the tokenizer could get wrong: every saved query and every query these
    tests send, SERVICE spelled every way, strings, comments, deep nesting around the limit, and a fixed-seed
    sample of texts stitched from such pieces."""
    import random

    from kg.query.saved import load
    from kg.query.text import MAX_DEPTH

    pieces = [
        "SELECT * WHERE {",
        "}",
        "?s ?p ?o .",
        "SERVICE <http://127.0.0.1:9/>",
        "service",
        "SERVİCE",
        "ſervice",
        "PREFIX service: <urn:x#>",
        "service:x",
        "trueSERVICE",
        "# service\r",
        "\r",
        "\n",
        '"',
        "'",
        '"""',
        '"a \\" b"',
        "'it''s'",
        "(",
        ")",
        "[",
        "]",
        "{",
        "<urn:a'b>",
        "<urn:service>",
        "FILTER(?x)",
        " ",
        "SILENT",
        "?service",
        "$SERVICE",
        "ex:SERVICE",
        "_:service",
    ]
    texts = (
        [q.text for q in load()]
        + [*SERVICES, CHEAP, HEAVY, TRIPLES]
        + [u["query_string"]["query"] for u in UPDATES if "query_string" in u]
    )
    texts += ["{" * n + "}" * n for n in (MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1)]
    texts += ["SELECT * { " + "(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH + " }", 'SELECT ("x AS ?y) {}']
    rng = random.Random(16)
    texts += [" ".join(rng.choice(pieces) for _ in range(rng.randrange(1, 25))) for _ in range(3000)]
    return texts


def test_a_query_read_as_plain_passes_the_tokenizer_with_no_service():
    """kg.server.safety.plain() lets a query skip the tokenizer; it may say so only where shape() would find
    nothing to refuse and no SERVICE (and it must say so for the queries it exists for)."""
    from kg.query.text import MAX_DEPTH, shape
    from kg.server.safety import plain

    seen_plain = 0
    for text in _query_texts():
        if plain(text):
            seen_plain += 1
            assert shape(text, MAX_DEPTH).services == (), text  # and it raised nothing
    assert seen_plain > 100
    assert plain("SELECT ?code WHERE { <https://w3id.org/aeno-kg/id/gemeente/oss> dcterms:identifier ?code }")


def test_a_query_checked_before_is_checked_again_against_the_allowlist_and_the_limits():
    """What the tokenizer found is kept per query text (safety._services); the allowlist, the length limit
    and the refusals still apply on every check."""
    from kg.server.errors import Problem
    from kg.server.safety import check

    calling = "SELECT * WHERE { SERVICE <http://127.0.0.1:7878/query> { ?s ?p ?o } }"
    nested = "SELECT * WHERE " + "{" * 150 + "}" * 150
    for _ in range(2):
        assert check(calling, 20_000, ("http://127.0.0.1:7878/query",)) == ("http://127.0.0.1:7878/query",)
        with pytest.raises(Problem, match="not allowed"):
            check(calling, 20_000, ())
        with pytest.raises(Problem) as refused:
            check(calling, 20, ("http://127.0.0.1:7878/query",))
        assert refused.value.status == 413
        with pytest.raises(Problem, match="nests brackets"):
            check(nested, 20_000, ())


def test_the_volatile_check_answers_as_its_expression_does():
    """is_volatile() looks for the function names before it runs its expression; it must answer exactly
    as the expression alone, also for letters that only match it case-insensitively."""
    from kg.server.safety import _VOLATILE, is_volatile

    calls = ["NOW()", "now ()", "Rand()", "UUID()", "struuid( )", "BNODE()", "UUİD()", "ſTRUUID()", "RAND(", "NOW"]
    texts = _query_texts() + [f"SELECT ({c} AS ?x) {{}}" for c in calls] + ["SELECT ?now ?random {}", "# now()"]
    for text in texts:
        assert is_volatile(text) == bool(_VOLATILE.search(text)), text


# -- limits -------------------------------------------------------------------------------------------------


def test_query_longer_than_the_limit_is_413(make_app):
    client = make_app(max_query_length=100).test_client()
    r = client.get("/sparql", query_string={"query": "ASK {" + " " * 200 + "}"}, headers={"Accept": JSON})
    assert r.status_code == 413 and "at most 100" in message(r)


def test_results_beyond_the_row_limit_are_cut_off_and_flagged(make_app, graphs_store):
    client = make_app(store=graphs_store, max_result_rows=5).test_client()
    r = client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s <http://example.org/n> ?n } ORDER BY ?s"})
    rows = json.loads(r.data)["results"]["bindings"]
    assert [b["s"]["value"] for b in rows] == [f"http://example.org/row0{i}" for i in range(5)]
    assert r.headers["X-SPARQL-Truncated"].startswith("true") and r.headers["X-SPARQL-Max-Rows"] == "5"
    g = client.get(
        "/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"}
    )
    assert len(g.data.decode().strip().splitlines()) == 5 and "X-SPARQL-Truncated" in g.headers


def test_results_within_the_limit_are_not_flagged(client):
    r = client.get("/sparql", query_string={"query": CHEAP})
    assert "X-SPARQL-Truncated" not in r.headers


def test_a_query_past_the_time_limit_is_stopped_and_its_process_ends(make_app):
    app = make_app(query_timeout=1.0)
    client = app.test_client()
    assert client.get("/sparql", query_string={"query": CHEAP}).status_code == 200
    pool = app.extensions["kg"].pool()
    (worker_pid,) = pool.pids()
    started = time.perf_counter()
    r = client.get("/sparql", query_string={"query": HEAVY}, headers={"Accept": JSON})
    took = time.perf_counter() - started
    assert r.status_code == 503 and "longer than 1 s and was stopped" in message(r)
    assert took < 4
    with pytest.raises(ProcessLookupError):
        os.kill(worker_pid, 0)  # the process that ran the query is gone: its CPU work ended
    assert client.get("/sparql", query_string={"query": CHEAP}).status_code == 200


def test_a_worker_stopped_at_the_time_limit_is_replaced_before_the_next_query_asks(make_app):
    """The replacements start (and open their store) in the background as the stopped query is answered: the
    next query finds a worker ready rather than waiting for one to start."""
    app = make_app(query_timeout=1.0)
    client = app.test_client()
    assert client.get("/sparql", query_string={"query": CHEAP}).status_code == 200
    pool = app.extensions["kg"].pool()
    (stopped,) = pool.pids()
    assert client.get("/sparql", query_string={"query": HEAVY}).status_code == 503
    ready = lambda: [w.pid for w in (*pool._idle, *pool._idle_low) if w.ready]  # noqa: E731
    deadline = time.monotonic() + 20
    while (pool._pending != [0, 0] or sorted(ready()) != pool.pids()) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = pool.pids()
    assert stopped not in workers and workers and sorted(ready()) == workers, "ready before anyone asked"
    assert client.get("/sparql", query_string={"query": CHEAP + " # uncached"}).status_code == 200
    assert pool.pids() == workers, "no worker was started for it"


def test_a_client_whose_queries_ran_long_runs_its_next_ones_at_the_lowest_cpu_priority(make_app):
    """Its workers are reniced (nice 19) from the start and kept for such queries; another client's query runs
    at full priority on another worker."""
    app = make_app(query_timeout=1.0)
    heavy_client = app.test_client()
    assert heavy_client.get("/sparql", query_string={"query": HEAVY}).status_code == 503
    r = heavy_client.get("/sparql", query_string={"query": CHEAP + " # after its long one"})
    assert r.status_code == 200
    pool = app.extensions["kg"].pool()
    assert [os.getpriority(os.PRIO_PROCESS, w.pid) for w in pool._idle_low] == [19]
    other = app.test_client()
    r = other.get("/sparql", query_string={"query": CHEAP + " # another"}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert r.status_code == 200
    assert pool._idle and all(os.getpriority(os.PRIO_PROCESS, w.pid) == 0 for w in pool._idle)


def test_an_idle_query_worker_that_died_is_replaced_before_the_next_query(make_app):
    """A worker killed while idle (out of memory, an operator) costs no request: the next one starts a new
    worker instead of failing on the dead one's pipe."""
    import signal

    app = make_app()
    client = app.test_client()
    assert client.get("/sparql", query_string={"query": CHEAP}).status_code == 200
    pool = app.extensions["kg"].pool()
    (dead,) = pool.pids()
    os.kill(dead, signal.SIGKILL)
    time.sleep(0.2)
    uncached = CHEAP + " # not the same text, so the result cache cannot answer"
    assert client.get("/sparql", query_string={"query": uncached}).status_code == 200
    assert dead not in pool.pids() and len(pool.pids()) == 1


def test_workers_turned_low_by_many_clients_long_queries_do_not_pile_up(make_app):
    """Each client's first long query turns a worker to the lowest CPU priority for good; idle, such workers are
    kept only up to as many as low-priority queries can run at once (here 1 suspect slot + 1 long), not one per
    client that ever sent a long query."""
    # about 0.1 s: past the long-query mark below, and cheap enough for six in a row
    medium = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a <https://w3id.org/aeno-kg/def/Project> VALUES ?x { 1 2 3 4 } }"
    )
    app = make_app(query_timeout=10.0, long_query_after=0.05, max_concurrent_queries=2, max_long_queries=1)
    client = app.test_client()
    for i in range(6):
        r = client.get(
            "/sparql", query_string={"query": f"{medium} # {i}"}, environ_base={"REMOTE_ADDR": f"10.0.1.{i}"}
        )
        assert r.status_code == 200
    pool = app.extensions["kg"].pool()
    deadline = time.monotonic() + 20
    while pool._pending != [0, 0] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(pool._idle_low) <= 2
    assert len(pool.pids()) <= 2 + 2 + 1, "full-priority ones (a slot's and a replacement), and the kept low ones"


def test_workers_started_ahead_that_died_before_they_were_ready_cost_no_request(make_app):
    """kg serve starts a worker per slot, and one more, before the first request; killed before they said they
    were ready (an operator, the OOM killer), they are passed over like any dead idle worker."""
    import signal

    app = make_app()
    state = app.extensions["kg"]
    pool = state.pool()
    ahead = [pool._start(state.builds.current()) for _ in range(3)]
    for w in ahead:
        os.kill(w.pid, signal.SIGKILL)
        pool._idle.append(w)
    time.sleep(0.2)
    r = app.test_client().get("/sparql", query_string={"query": CHEAP}, headers={"Accept": JSON})
    assert r.status_code == 200
    assert not {w.pid for w in ahead} & set(pool.pids())


def test_a_worker_stopped_by_two_threads_at_once_is_stopped_once(make_app):
    """The pool's close() and a thread that was starting a replacement may stop the same worker together; its
    pipe is closed once (a descriptor closed twice may by then be another file's)."""
    app = make_app()
    state = app.extensions["kg"]
    pool = state.pool()
    for _ in range(3):
        w = pool._start(state.builds.current())
        errors: list[BaseException] = []

        def stop(worker=w, errors=errors) -> None:
            try:
                worker.stop()
            except BaseException as exc:  # what a thread raises is lost otherwise
                errors.append(exc)

        threads = [threading.Thread(target=stop) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == [] and w.conn.closed and not w.process.is_alive()


def test_more_queries_than_the_limit_wait_then_get_503_with_retry_after(make_app):
    app = make_app(max_concurrent_queries=1, queue_wait=0.3, query_timeout=1.5, max_long_queries=0)
    client = app.test_client()
    client.get("/sparql", query_string={"query": CHEAP})  # start the worker
    slow = threading.Thread(target=lambda: app.test_client().get("/sparql", query_string={"query": HEAVY}))
    slow.start()
    time.sleep(0.3)
    r = client.get("/sparql", query_string={"query": CHEAP}, headers={"Accept": JSON})
    slow.join()
    assert r.status_code == 503 and r.headers["Retry-After"] == "1"
    assert "maximum of 1 queries at once" in message(r)


# -- CORS, caching, health, logging ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_cors_allows_browser_apps_on_other_sites(client, method):
    kwargs = {"query_string": {"query": CHEAP}} if method == "GET" else {"data": {"query": CHEAP}}
    r = client.open("/sparql", method=method, headers={"Origin": "https://example.org"}, **kwargs)
    assert r.headers["Access-Control-Allow-Origin"] == "*"


def test_cors_preflight(client):
    r = client.options(
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type",
        },
    )
    assert r.status_code == 204
    assert (
        "POST" in r.headers["Access-Control-Allow-Methods"]
        and "Content-Type" in r.headers["Access-Control-Allow-Headers"]
    )


def test_etag_per_build_and_query_and_304_on_if_none_match(client, dist):
    first = client.get("/sparql", query_string={"query": CHEAP})
    etag = first.headers["ETag"]
    build_id = json.loads((dist / "build.json").read_text())["build_id"]
    assert etag.strip('"').startswith(build_id[:12]) and "max-age" in first.headers["Cache-Control"]
    again = client.get("/sparql", query_string={"query": CHEAP}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["ETag"] == etag and not again.data
    other = client.get("/sparql", query_string={"query": TRIPLES}, headers={"If-None-Match": etag})
    assert other.status_code == 200 and other.headers["ETag"] != etag
    csv = client.get("/sparql", query_string={"query": CHEAP}, headers={"Accept": "text/csv", "If-None-Match": etag})
    assert csv.status_code == 200, "another format is another representation"


def test_queries_with_volatile_functions_are_not_cached(client):
    r = client.get("/sparql", query_string={"query": "SELECT (NOW() AS ?t) WHERE {}"})
    assert r.status_code == 200 and "ETag" not in r.headers and r.headers["Cache-Control"] == "no-store"


def test_health_reports_liveness_readiness_build_and_triples(client, dist):
    r = client.get("/health")
    body = json.loads(r.data)
    info = json.loads((dist / "build.json").read_text())
    assert r.status_code == 200 and body["live"] and body["ready"]
    assert (body["build_id"], body["triples"]) == (info["build_id"], info["triples"])


def test_one_access_log_line_per_request(client, caplog):
    with caplog.at_level("INFO", logger="kg.access"):
        client.get("/sparql", query_string={"query": CHEAP})
        client.get("/nowhere")
    lines = [r.getMessage() for r in caplog.records if r.name == "kg.access"]
    assert len(lines) == 2
    assert lines[0].startswith("127.0.0.1 GET /sparql?query=") and " 200 " in lines[0] and "ms" in lines[0]
    assert lines[1].startswith("127.0.0.1 GET /nowhere 404 ")


def test_unexpected_errors_are_logged_with_detail_and_answered_without(make_app, caplog):
    app = make_app()

    @app.get("/_boom")
    def _boom():
        raise RuntimeError("secret internal detail")

    with caplog.at_level("ERROR", logger="kg.server"):
        r = app.test_client().get("/_boom", headers={"Accept": "application/json"})
    assert r.status_code == 500 and b"secret internal detail" not in r.data and b"request" in r.data
    assert any("secret internal detail" in (rec.exc_text or "") or rec.exc_info for rec in caplog.records)
