"""Errors as HTTP responses: one exception type, one handler, one body shape.

A `Problem` carries the status and a short message a person can act on. The handler renders it as JSON, HTML
or plain text to match what the client accepts. Unexpected errors are logged with detail on the server side
and answered with a generic 500 that names only the request id.
"""

from __future__ import annotations

import logging
import math
from html import escape

from flask import Flask, Response, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from kg import mediatypes
from kg.query import (
    BackendUnavailable,
    Busy,
    LongQueriesBusy,
    OutOfMemory,
    QueryError,
    Timeout,
    TooMany,
)
from kg.settings import ServeSettings

log = logging.getLogger("kg.server")


class Problem(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


#: the page title a person reads (the JSON and text answers keep HTTP's English reason phrase)
DUTCH_TITLES = {
    400: "Ongeldig verzoek",
    403: "Niet toegestaan",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet beschikbaar in dit formaat",
    408: "Verzoek duurde te lang",
    413: "Verzoek te groot",
    414: "Adres te lang",
    415: "Formaat niet ondersteund",
    429: "Te veel verzoeken",
    431: "Kopregels te groot",
    500: "Interne fout",
    502: "Fout bij een andere server",
    503: "Tijdelijk niet beschikbaar",
}


def error_response(status: int, title: str, message: str, headers: dict[str, str] | None = None) -> Response:
    kind = request.accept_mimetypes.best_match(
        [mediatypes.JSON, mediatypes.SPARQL_JSON, mediatypes.HTML, mediatypes.PLAIN], default=mediatypes.PLAIN
    )
    if kind == mediatypes.SPARQL_JSON:  # a SPARQL client that asked for JSON gets the JSON error
        kind = mediatypes.JSON
    body = {"status": status, "title": title, "message": message, "request_id": g.get("request_id")}
    if kind == mediatypes.JSON:
        response = jsonify({"error": body})
    elif kind == mediatypes.HTML:
        try:
            html = render_template("error.html", **body, title_nl=DUTCH_TITLES.get(status, title))
        except Exception:  # the error page must never fail in turn
            html = f"<!doctype html><title>{status}</title><p>{escape(message)}</p>"
        response = Response(html, mimetype=mediatypes.HTML)
    else:
        response = Response(f"{status} {title}: {message}\n", mimetype=mediatypes.PLAIN)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Accept")
    for k, v in (headers or {}).items():
        response.headers[k] = v
    return response


def query_problem(exc: QueryError, settings: ServeSettings, query: str = "") -> Problem:
    """The one HTTP answer for a query that could not be run, wherever it was asked (the endpoint, a page, the
    saved-query API, /health). Only a refusal that a later try can get past invites one (Retry-After)."""
    narrow = "Narrow the query (filters, LIMIT) or run it on a dump."
    if isinstance(exc, (Timeout, OutOfMemory)):
        return Problem(503, f"{exc}. {narrow}")
    if isinstance(exc, TooMany):
        return Problem(429, f"{exc}; wait for an answer before sending more", {"Retry-After": "5"})
    if isinstance(exc, LongQueriesBusy):
        return Problem(
            503,
            f"{exc}; this query ran longer than {settings.long_query_after:g} s, so it waits its turn: try again in "
            "a minute, or narrow it (filters, LIMIT)",
            {"Retry-After": "60"},
        )
    if isinstance(exc, Busy):
        retry = max(1, math.ceil(settings.queue_wait))
        return Problem(503, f"{exc}; try again in {retry} s", {"Retry-After": str(retry)})
    if isinstance(exc, BackendUnavailable):
        return Problem(503, f"{exc}; try again", {"Retry-After": "5"})
    log.error("query failed: %s; query: %.300r", exc, query)  # WorkerFailed: a crash, not a limit
    return Problem(500, f"{exc}. This has been logged.")


def page_number(raw: str | None, name: str = "pagina", last: int | None = None) -> int:
    """A page number from a query parameter: 1 when absent, 400 unless a whole number from 1 to 100,000 (no
    arithmetic, SQL OFFSET or int() conversion ever sees a larger one), at most `last` when that is known."""
    if raw is None or raw == "":
        return 1
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6 or not 1 <= int(raw) <= 100_000:
        raise Problem(400, f"{name} must be a page number from 1 to 100000, such as 2; not {raw[:20]!r}")
    page = int(raw)
    return min(page, last) if last is not None else page


TITLES = {
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    413: "Content Too Large",
    429: "Too Many Requests",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def init_app(app: Flask) -> None:
    @app.errorhandler(Problem)
    def _problem(exc: Problem) -> Response:
        return error_response(exc.status, TITLES.get(exc.status, "Error"), exc.message, exc.headers)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        headers = dict(exc.get_headers()) if exc.code == 405 else {}
        headers = {k: v for k, v in headers.items() if k.lower() == "allow"}
        message = {
            404: "There is nothing at this address.",
            405: f"{request.method} is not supported here; use {headers.get('Allow', 'another method')}.",
        }.get(exc.code or 500, exc.description or "")
        return error_response(exc.code or 500, exc.name, message, headers)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unexpected error in %s %s (request %s)", request.method, request.path, g.get("request_id"))
        return error_response(
            500,
            "Internal Server Error",
            f"Something went wrong on our side; it has been logged as request {g.get('request_id')}.",
        )
