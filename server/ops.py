"""Operations: request ids, one access-log line per request, CORS for the query interfaces, and /health."""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Blueprint, Flask, Response, g, jsonify, request
from kg.server.executor import Busy, Job, Timeout, WorkerFailed
from kg.server.state import state

access_log = logging.getLogger("kg.access")
bp = Blueprint("ops", __name__)

CORS_PATHS = ("/sparql", "/api/")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def init_app(app: Flask) -> None:
    @app.before_request
    def _start() -> Response | None:
        g.start = time.perf_counter()
        incoming = request.headers.get("X-Request-Id", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex[:12]
        if request.method == "OPTIONS" and _cors(request.path):
            return _preflight()
        return None

    @app.after_request
    def _finish(response: Response) -> Response:
        response.headers["X-Request-Id"] = g.get("request_id", "")
        if _cors(request.path):
            response.headers["Access-Control-Allow-Origin"] = state().settings.cors_origin
            response.headers["Access-Control-Expose-Headers"] = (
                "ETag, Retry-After, X-SPARQL-Truncated, X-SPARQL-Max-Rows, X-Request-Id"
            )
        millis = (time.perf_counter() - g.get("start", time.perf_counter())) * 1000
        access_log.info(
            "%s %s %d %.1fms %s",
            request.method,
            request.full_path.rstrip("?"),
            response.status_code,
            millis,
            g.get("request_id", ""),
        )
        return response

    app.register_blueprint(bp)


def _cors(path: str) -> bool:
    return path == "/sparql" or path.startswith("/api/")


def _preflight() -> Response:
    response = Response(status=204)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type, If-None-Match, X-Request-Id"
    response.headers["Access-Control-Max-Age"] = "86400"
    response.headers["Allow"] = "GET, HEAD, POST, OPTIONS"
    return response


@bp.get("/health")
def health() -> Response:
    """Liveness (the process answers) and readiness (the store can be queried), with the build served."""
    st = state()
    build = st.dataset.current()
    ready, problem = True, None
    try:
        outcome = st.pool().run(Job("ASK {}", tabular="application/sparql-results+json"), timeout=5)
        ready = outcome.kind == "ok"
        problem = None if ready else outcome.message
    except (Timeout, Busy, WorkerFailed) as exc:
        ready, problem = False, str(exc)
    body = {
        "status": "ok" if ready else "unavailable",
        "live": True,
        "ready": ready,
        "build_id": build.id,
        "triples": build.triples,
        "built": build.created,
        "base": build.base,
        "query_workers": st.pool().pids(),
        "result_cache": st.cache().stats(),
    }
    if problem:
        body["problem"] = problem
    response = jsonify(body)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response
