"""Operations: request ids, one access-log line and the metrics of each request, security headers, CORS for the
query interfaces, /health and /metrics."""

from __future__ import annotations

import itertools
import logging
import os
import re
import secrets
import time
from collections.abc import Callable

from flask import Blueprint, Flask, Response, g, jsonify, request

from kg import mediatypes
from kg.query import Job, QueryError
from kg.server import metrics
from kg.server.errors import Problem
from kg.server.state import state

access_log = logging.getLogger("kg.access")
#: under `kg serve`, a function that writes an access-log message as kg.access's handler would write its record
#: (kg.server.serve.configure_logging sets it); None: the lines go through the logging module
write_access_line: Callable[[str], None] | None = None
bp = Blueprint("ops", __name__)

# Scripts, styles, images and fetches from this site only (the query editor's script is a static file; YASGUI
# and CodeMirror set inline styles, hence 'unsafe-inline' for styles alone); no framing by other sites.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
]
LOGGED_PATH = 500  # characters of a request's path and query string written to the access log
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class _RequestIds:
    """Ids for requests that bring none: a random prefix per process and a counter. uuid4 (a system call for
    random bytes and a UUID object per request) was 3.6% of a loaded web worker's samples (py-spy)."""

    def __init__(self) -> None:
        self._reset()
        os.register_at_fork(after_in_child=self._reset)  # web workers are forked: each gets its own prefix

    def _reset(self) -> None:
        self._prefix = secrets.token_hex(2)
        self._counter = itertools.count(1)

    def next(self) -> str:
        return f"{self._prefix}{next(self._counter):08x}"


_ids = _RequestIds()


def init_app(app: Flask) -> None:
    @app.before_request
    def _start() -> Response | None:
        g.start = time.perf_counter()
        g.request_id = request_id(request.headers.get("X-Request-Id", ""))
        if request.method == "OPTIONS" and _cors(request.path):
            return _preflight()
        return None

    @app.after_request
    def _finish(response: Response) -> Response:
        response.headers["X-Request-Id"] = g.get("request_id", "")
        for name, value in SECURITY_HEADERS:
            response.headers.setdefault(name, value)
        st = state()
        if _cors(request.path):
            response.headers.extend(cors_headers(st.settings.cors_origin))
        started = g.get("start")
        seconds = log_access(
            st.client(request.environ),
            request.method,
            received_path(request.environ),
            response.status_code,
            started,
            g.get("request_id", ""),
        )
        metrics.request_done(route_group(request.blueprint, request.endpoint), response.status_code, seconds)
        return response

    app.register_blueprint(bp)


def request_id(incoming: str) -> str:
    """The client's X-Request-Id if it is a plain token, else a new one."""
    return incoming if incoming and _REQUEST_ID.match(incoming) else _ids.next()


def cors_headers(origin: str) -> list[tuple[str, str]]:
    return [
        ("Access-Control-Allow-Origin", origin),
        ("Access-Control-Expose-Headers", "ETag, Retry-After, X-SPARQL-Truncated, X-SPARQL-Max-Rows, X-Request-Id"),
    ]


def log_access(client: str, method: str, full_path: str, status: int, started: float | None, rid: str) -> float:
    """One line per request: the client (behind a trusted proxy, the one it reports), method, path with query
    (cut at LOGGED_PATH characters, so a 20 KB query, or a client sending many, cannot fill the disk), status,
    milliseconds, request id. Returns the seconds the request took."""
    seconds = time.perf_counter() - started if started is not None else 0.0
    path = full_path.rstrip("?")
    if len(path) > LOGGED_PATH:
        path = f"{path[:LOGGED_PATH]}...[{len(path)} characters]"
    if write_access_line is not None and access_log.isEnabledFor(logging.INFO):
        write_access_line(f"{client} {method} {path} {status} {seconds * 1000:.1f}ms {rid}")
    else:
        access_log.info("%s %s %s %d %.1fms %s", client, method, path, status, seconds * 1000, rid)
    return seconds


def received_path(environ: dict) -> str:
    """A request's path and query string as they came (the path prefix included, where there was one)."""
    query = environ.get("QUERY_STRING", "")
    path = environ.get("kg.path", environ.get("PATH_INFO", ""))
    return f"{path}?{query}" if query else path


#: route groups of the metrics, by blueprint (Flask's static files have none)
ROUTE_GROUPS = {"sparql", "api", "pages", "resources", "downloads", "feed", "ops"}


def route_group(blueprint: str | None, endpoint: str | None) -> str:
    """The group a request's route belongs to, for the metrics: a fixed, small set of label values."""
    if blueprint in ROUTE_GROUPS:
        return blueprint
    return "static" if endpoint == "static" else "other"


def _cors(path: str) -> bool:
    return path == "/sparql" or path.startswith("/api/")


def _preflight() -> Response:
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, If-None-Match, X-Request-Id"
    response.headers["Access-Control-Max-Age"] = "86400"
    response.headers["Allow"] = "GET, HEAD, POST, OPTIONS"
    return response


@bp.get("/metrics")
def metrics_text() -> Response:
    """Prometheus metrics, for the clients the metrics_from setting allows; to others there is nothing here."""
    st = state()
    if not metrics.allowed(st.client(request.environ), st.settings.metrics_from):
        raise Problem(404, "There is nothing at this address.", "Op dit adres staat niets.")
    response = Response(metrics.exposition(st.builds.current()), mimetype=None, content_type=metrics.CONTENT_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/health")
def health() -> Response:
    """Liveness (the process answers) and readiness (the store can be queried), with the build served."""
    st = state()
    build = st.builds.current()
    ready, problem = True, None
    try:
        # on the pages' workers: the endpoint's may all be busy with long queries while the server is fine
        outcome = st.pool("pages").run(Job("ASK {}", tabular=mediatypes.SPARQL_JSON), build, timeout=5)
        ready = outcome.kind == "ok"
        problem = None if ready else outcome.message
    except QueryError as exc:
        ready, problem = False, str(exc)
    body = {
        "status": "ok" if ready else "unavailable",
        "live": True,
        "ready": ready,
        "build_id": build.id,
        "triples": build.triples,
        "built": build.created,
        "base": build.base,
        "query_workers": st.pool().pids() + st.pool("pages").pids(),
        "result_cache": st.cache().stats(),
    }
    if problem:
        body["problem"] = problem
    response = jsonify(body)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response
