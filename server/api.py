"""Saved queries as a small web API: /api/queries lists the catalogue, /api/queries/<name>?param=value runs one.

Answers are plain JSON rows ({"columns": [...], "rows": [{...}]}, IRIs and literals as their values, numbers
as numbers), CSV, or SPARQL JSON results when asked for (Accept or format=). Parameters are bound as RDF
terms by the worker, never pasted into the query.
"""

from __future__ import annotations

import json
from decimal import Decimal

from flask import Blueprint, Response, jsonify, request, url_for

from kg import mediatypes
from kg.query import saved
from kg.server import conneg, data
from kg.server.errors import Problem
from kg.server.sparql import execute

bp = Blueprint("api", __name__, url_prefix="/api")

ROWS_JSON = mediatypes.JSON
NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{t}" for t in ("integer", "decimal", "double", "float", "long", "int")}


@bp.get("/queries")
def index() -> Response:
    return jsonify({"queries": [listing(q) for q in saved.load()]})


def listing(q: saved.Query) -> dict:
    """A saved query as the listing shows it. Every parameter is optional ("required": false): absent, it takes
    its default, or matches everything when it has none."""
    return {
        "name": q.name,
        "title": {"nl": q.title, "en": q.title_en},
        "description": {"nl": q.description, "en": q.description_en},
        "parameters": [
            {"name": p.name, "type": p.type, "default": p.default, "required": False, "description": p.description}
            for p in q.params
        ],
        "url": url_for("api.run", name=q.name, _external=False),
        "formats": [ROWS_JSON, mediatypes.CSV, mediatypes.SPARQL_JSON],
    }


@bp.get("/queries/<name>")
def run(name: str) -> Response:
    q = saved.by_name(name)
    if q is None:
        known = ", ".join(x.name for x in saved.load())
        raise Problem(
            404,
            f"there is no saved query '{name}'; saved queries: {known}",
            f"er is geen opgeslagen query '{name}'; opgeslagen queries: {known}",
        )
    iris = data.iris()
    try:
        bound = saved.bindings(q, request.args.to_dict(), iris)
    except saved.BadParameter as exc:
        raise Problem(400, str(exc), exc.nl) from None
    available = [ROWS_JSON, mediatypes.CSV, mediatypes.SPARQL_JSON]
    fmt = request.args.get("format")
    aliases = {"json": ROWS_JSON, "csv": mediatypes.CSV, "sparql-json": mediatypes.SPARQL_JSON}
    media = aliases.get(fmt or "", fmt) if fmt else conneg.negotiate(request.accept_mimetypes, available)
    if media not in available:
        raise conneg.not_acceptable(available)
    tabular = mediatypes.SPARQL_JSON if media == ROWS_JSON else media
    response = execute(saved.text(q, iris), substitutions=bound, tabular=tabular, variant=f"api:{media}")
    if media == ROWS_JSON and response.status_code == 200:
        result = json.loads(response.get_data())
        given = {
            p.name: request.args.get(p.name) or p.default for p in q.params if request.args.get(p.name) or p.default
        }
        body = {
            "query": q.name,
            "parameters": given,
            "columns": result["head"]["vars"],
            "rows": [{k: _value(v) for k, v in row.items()} for row in result["results"]["bindings"]],
        }
        response.set_data(json.dumps(body, ensure_ascii=False))
        response.headers["Content-Type"] = mediatypes.JSON
    return response


def _value(binding: dict) -> object:
    if binding.get("datatype") in NUMERIC:
        number = Decimal(binding["value"])
        return int(number) if number == number.to_integral_value() and "." not in binding["value"] else float(number)
    return binding["value"]
