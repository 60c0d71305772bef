"""The endpoint's most common request, `GET /sparql?query=...`, answered without Flask's request machinery.

Why: a cheap lookup costs the engine ~0.1 ms, while the web layer around it cost ~0.57 ms per request, most
of it Flask's request and application contexts, URL routing, before/after hooks and werkzeug's Request and
Response objects; with this path it costs ~0.15 ms (bench/app_layer.py, the query worker left out). On 2
cores that was the difference between ~1,000 and the ~1,250 lookups/s the endpoint is meant to answer
(bench/RESULTS.md).
This middleware takes only requests it can answer exactly as the Flask view does, with the same functions
(kg.server.safety, conneg, kg.server.sparql.prepare/run/answer_headers, kg.server.ops' request id, CORS and
access log):

- GET /sparql whose query string is a single `query=` parameter of ASCII text, with no If-None-Match;
- an Accept header that negotiates a result type; a query that passes the safety checks.

Everything else goes to the Flask app untouched. When the answer is not a plain 200 (syntax error, 503, ...),
the outcome is handed to the Flask view in the WSGI environ, so that the one error renderer answers and the
query is not run twice. tests/test_fastpath.py sends the same requests with and without this layer and
compares status, headers and bodies.
"""

from __future__ import annotations

import codecs
import time
from collections.abc import Callable, Iterable
from urllib.parse import unquote_plus

from flask import Flask

from kg.server import metrics, ops, safety
from kg.server.errors import Problem
from kg.server.sparql import answer_headers, choose, prepare, run
from kg.server.state import State

StartResponse = Callable[..., object]
WSGIApp = Callable[[dict, StartResponse], Iterable[bytes]]


# CPython's decoder of backslash escapes (what pickle's protocol 0 uses): not in the documentation, present
# since Python 2. Without it, percent_decode is unquote_plus.
_escape_decode = getattr(codecs, "escape_decode", None)


def percent_decode(text: str) -> str:
    """`text` (ASCII, from a query string) with `+` as a space and %XX escapes decoded as UTF-8: what
    unquote_plus(text, errors="strict") gives, or UnicodeDecodeError where that raises it.

    unquote_plus decodes escape by escape in Python: 22 us for a 170-character lookup (every character but
    letters and digits escaped, as clients send them), 6% of a loaded web worker's time. Here each `%` becomes
    `\\x` (after every backslash was doubled, so that no other escape can arise) and the C decoder of
    backslash escapes does the rest: 2.7 us. Text it cannot read that way (a `%` without two hex digits after
    it, which unquote_plus keeps as it is) goes to unquote_plus. tests/test_fastpath.py compares the two."""
    if "%" not in text:
        return text.replace("+", " ")
    if _escape_decode is None:
        return unquote_plus(text, encoding="utf-8", errors="strict")
    escaped = text.replace("\\", "\\\\").replace("%", "\\x").replace("+", " ")
    try:
        raw: bytes = _escape_decode(escaped.encode("ascii"))[0]
    except ValueError:  # "invalid \\x escape": a % that starts no escape
        return unquote_plus(text, encoding="utf-8", errors="strict")
    return raw.decode("utf-8")


class FastSparql:
    def __init__(self, app: Flask, inner: WSGIApp) -> None:
        self.inner = inner
        self.state: State = app.extensions["kg"]

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if (
            environ.get("PATH_INFO") != "/sparql"
            or environ.get("REQUEST_METHOD") != "GET"
            or "HTTP_IF_NONE_MATCH" in environ
        ):
            return self.inner(environ, start_response)
        qs: str = environ.get("QUERY_STRING", "")
        if not qs.startswith("query=") or "&" in qs or not qs.isascii():
            return self.inner(environ, start_response)
        started = time.perf_counter()
        try:
            query = percent_decode(qs[6:])
        except UnicodeDecodeError:
            return self.inner(environ, start_response)  # the view answers 400 with the byte
        try:
            tabular, graph = choose(None, environ.get("HTTP_ACCEPT", ""))
        except Problem:
            return self.inner(environ, start_response)  # the view answers 406
        st = self.state
        s = st.settings
        try:
            safety.check(query, s.max_query_length, s.allowed_services)
        except Problem:
            return self.inner(environ, start_response)
        p = prepare(st, query, (), (), tabular, graph)
        try:
            outcome = run(st, p, st.client(environ))
        except Problem as problem:
            environ["kg.fastpath.outcome"] = problem
            return self.inner(environ, start_response)
        if outcome.kind != "ok":
            environ["kg.fastpath.outcome"] = outcome
            return self.inner(environ, start_response)
        rid = ops.request_id(environ.get("HTTP_X_REQUEST_ID", ""))
        headers = answer_headers(p, outcome, s.max_result_rows)
        headers += [("Content-Length", str(len(outcome.body))), ("X-Request-Id", rid)]
        headers += ops.cors_headers(s.cors_origin) + ops.SECURITY_HEADERS
        start_response("200 OK", headers)
        seconds = ops.log_access(st.client(environ), "GET", ops.received_path(environ), 200, started, rid)
        metrics.request_done("sparql", 200, seconds)
        return [outcome.body]


def install(app: Flask) -> None:
    """Put the fast path in front of the app's WSGI callable (app.test_client() goes through it too)."""
    app.wsgi_app = FastSparql(app, app.wsgi_app)  # type: ignore[method-assign]
