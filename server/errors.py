"""Errors as HTTP responses: one exception type, one handler, one body shape.

A `Problem` carries the status and a short message a person can act on, in English and in Dutch. The handler
renders it as JSON, HTML or plain text to match what the client accepts: a page (HTML) always in Dutch, the
site's language; JSON and text in Dutch for a client that prefers it (Accept-Language: nl, as the site's query
editor sends), else in English. Unexpected errors are logged with detail on the server side and answered with
a generic 500 that names only the request id.
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
    def __init__(self, status: int, message: str, nl: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message  # English
        self.nl = nl  # the same in Dutch
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


def prefers_dutch() -> bool:
    """Whether the client asks for Dutch first (Accept-Language), as the site's query editor does."""
    return request.accept_languages.best_match(["en", "nl"], default="en") == "nl"


#: what a page says where no message of its own is given: per status, in Dutch
DUTCH_MESSAGES = {
    400: "Dit verzoek is niet geldig.",
    404: "Op dit adres staat niets.",
    405: "Deze methode wordt hier niet ondersteund.",
    406: "Dit is niet beschikbaar in het gevraagde formaat.",
    408: "Het verzoek duurde te lang.",
    413: "Het verzoek is te groot.",
    414: "Het adres is te lang.",
    415: "Dit formaat wordt niet ondersteund.",
    429: "Te veel verzoeken tegelijk; probeer het zo opnieuw.",
    431: "De kopregels van het verzoek zijn te groot.",
    500: "Er ging bij ons iets mis; het is vastgelegd.",
    502: "Een andere server gaf een fout.",
    503: "De dienst is tijdelijk niet beschikbaar; probeer het zo opnieuw.",
}


def error_response(
    status: int, title: str, message: str, headers: dict[str, str] | None = None, nl: str | None = None
) -> Response:
    kind = request.accept_mimetypes.best_match(
        [mediatypes.JSON, mediatypes.SPARQL_JSON, mediatypes.HTML, mediatypes.PLAIN], default=mediatypes.PLAIN
    )
    if kind == mediatypes.SPARQL_JSON:  # a SPARQL client that asked for JSON gets the JSON error
        kind = mediatypes.JSON
    dutch = nl or DUTCH_MESSAGES.get(status, "Dit verzoek kon niet worden beantwoord.")
    said = dutch if kind == mediatypes.HTML or prefers_dutch() else message
    body = {"status": status, "title": title, "message": said, "request_id": g.get("request_id")}
    if kind == mediatypes.JSON:
        response = jsonify({"error": body})
    elif kind == mediatypes.HTML:
        try:
            html = render_template("error.html", **body, title_nl=DUTCH_TITLES.get(status, title))
        except Exception:  # the error page must never fail in turn
            html = f'<!doctype html><html lang="nl"><title>{status}</title><p>{escape(said)}</p>'
        response = Response(html, mimetype=mediatypes.HTML)
    else:
        response = Response(f"{status} {title}: {said}\n", mimetype=mediatypes.PLAIN)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Accept")
    response.vary.add("Accept-Language")
    for k, v in (headers or {}).items():
        response.headers[k] = v
    return response


def query_problem(exc: QueryError, settings: ServeSettings, query: str = "") -> Problem:
    """The one HTTP answer for a query that could not be run, wherever it was asked (the endpoint, a page, the
    saved-query API, /health). Only a refusal that a later try can get past invites one (Retry-After)."""
    narrow = "Narrow the query (filters, LIMIT) or run it on a dump."
    smaller = "Maak de query kleiner (filters, LIMIT) of gebruik een download van de hele graaf."
    seconds = f"{settings.query_timeout:g}".replace(".", ",")
    if isinstance(exc, Timeout):
        return Problem(503, f"{exc}. {narrow}", f"De query liep langer dan {seconds} s en is gestopt. {smaller}")
    if isinstance(exc, OutOfMemory):
        return Problem(503, f"{exc}. {narrow}", f"De query had meer geheugen nodig dan hij mag gebruiken. {smaller}")
    if isinstance(exc, TooMany):
        return Problem(
            429,
            f"{exc}; wait for an answer before sending more",
            "U heeft al het maximale aantal queries tegelijk lopen; wacht op een antwoord voordat u meer stuurt.",
            {"Retry-After": "5"},
        )
    if isinstance(exc, LongQueriesBusy):
        return Problem(
            503,
            f"{exc}; this query ran longer than {settings.long_query_after:g} s, so it waits its turn: try again in "
            "a minute, or narrow it (filters, LIMIT)",
            "De server voert al het maximale aantal lange queries uit, en deze query liep langer dan "
            f"{settings.long_query_after:g} s: probeer het over een minuut opnieuw, of maak hem kleiner (filters, "
            "LIMIT).",
            {"Retry-After": "60"},
        )
    if isinstance(exc, Busy):
        retry = max(1, math.ceil(settings.queue_wait))
        return Problem(
            503,
            f"{exc}; try again in {retry} s",
            f"De server voert al het maximale aantal queries tegelijk uit; probeer het over {retry} s opnieuw.",
            {"Retry-After": str(retry)},
        )
    if isinstance(exc, BackendUnavailable):
        return Problem(
            503,
            f"{exc}; try again",
            "De triple store achter deze server is niet bereikbaar; probeer het opnieuw.",
            {"Retry-After": "5"},
        )
    log.error("query failed: %s; query: %.300r", exc, query)  # WorkerFailed: a crash, not a limit
    return Problem(
        500, f"{exc}. This has been logged.", "De query-engine stopte tijdens deze query. Dit is vastgelegd."
    )


def page_number(raw: str | None, name: str = "pagina", last: int | None = None) -> int:
    """A page number from a query parameter: 1 when absent, 400 unless a whole number from 1 to 100,000 (no
    arithmetic, SQL OFFSET or int() conversion ever sees a larger one), at most `last` when that is known."""
    if raw is None or raw == "":
        return 1
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 6 or not 1 <= int(raw) <= 100_000:
        raise Problem(
            400,
            f"{name} must be a page number from 1 to 100000, such as 2; not {raw[:20]!r}",
            f"{name} moet een paginanummer van 1 tot en met 100000 zijn, zoals 2; niet {raw[:20]!r}",
        )
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
        return error_response(exc.status, TITLES.get(exc.status, "Error"), exc.message, exc.headers, exc.nl)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        headers = dict(exc.get_headers()) if exc.code == 405 else {}
        headers = {k: v for k, v in headers.items() if k.lower() == "allow"}
        allowed = headers.get("Allow", "")
        message = {
            404: "There is nothing at this address.",
            405: f"{request.method} is not supported here; use {allowed or 'another method'}.",
        }.get(exc.code or 500, exc.description or "")
        dutch = {
            404: "Op dit adres staat niets.",
            405: f"{request.method} wordt hier niet ondersteund; gebruik {allowed or 'een andere methode'}.",
        }.get(exc.code or 500)
        return error_response(exc.code or 500, exc.name, message, headers, dutch)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unexpected error in %s %s (request %s)", request.method, request.path, g.get("request_id"))
        rid = g.get("request_id")
        return error_response(
            500,
            "Internal Server Error",
            f"Something went wrong on our side; it has been logged as request {rid}.",
            nl=f"Er ging bij ons iets mis; het is vastgelegd als verzoek {rid}.",
        )
