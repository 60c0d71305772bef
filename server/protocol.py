"""Reading a SPARQL 1.1 Protocol query request: GET with `query=`, POST with a form, POST with
`application/sparql-query`; `default-graph-uri` and `named-graph-uri` honoured.

Query strings and form bodies are decoded strictly: a query that is not UTF-8 is refused (400) instead of
being run with replacement characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph as ox
from flask import Request

from kg.server.errors import Problem

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
READ_ONLY = "This endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, ...) is not accepted."
#: the parts of a request a message can name, in Dutch
DUTCH_PARTS = {"query string": "querystring", "form body": "formulierinhoud"}
READ_ONLY_NL = (
    "Dit endpoint is alleen om te lezen: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, ...) wordt niet aangenomen."
)


@dataclass(frozen=True)
class QueryRequest:
    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    format: str | None = None  # the `format=` override, if any


def _params(raw: bytes, what: str) -> list[tuple[str, str]]:
    try:
        text = raw.decode("ascii") if raw else ""
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise Problem(
            400,
            f"the {what} is not valid UTF-8 (byte {exc.start}); encode the query as UTF-8",
            f"de {DUTCH_PARTS.get(what, what)} is geen geldige UTF-8 (byte {exc.start}); codeer de query als UTF-8",
        ) from None


def _values(params: list[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in params if k == name]


def parse(request: Request, max_body: int) -> QueryRequest | None:
    """The query request, or None when the request carries no query (service description / editor)."""
    url_params = _params(request.query_string, "query string")
    if request.method == "GET":
        params = url_params
    elif request.method == "POST":
        params = url_params + _post_params(request, max_body)
    else:  # routing only lets GET, HEAD and POST through
        raise Problem(
            405,
            f"{request.method} is not supported; use GET or POST",
            f"{request.method} wordt niet ondersteund; gebruik GET of POST",
            {"Allow": "GET, HEAD, POST, OPTIONS"},
        )

    if _values(params, "update"):
        raise Problem(403, READ_ONLY, READ_ONLY_NL)
    queries = _values(params, "query")
    if len(queries) > 1:
        raise Problem(
            400,
            f"the request has {len(queries)} 'query' parameters; send exactly one",
            f"het verzoek heeft {len(queries)} 'query'-parameters; stuur er precies één",
        )
    formats = _values(params, "format")
    if not queries:
        return None
    return QueryRequest(
        query=queries[0],
        default_graphs=_graphs(params, "default-graph-uri"),
        named_graphs=_graphs(params, "named-graph-uri"),
        format=formats[-1] if formats else None,
    )


MAX_GRAPHS = 100


def require_iri(value: str, what: str) -> str:
    """The value if Oxigraph reads it as an absolute IRI; else 400 saying so (a client's mistake, which the
    query worker would otherwise report as a failed query)."""
    try:
        ox.NamedNode(value)
    except ValueError as exc:
        raise Problem(
            400,
            f"{what} must be an absolute IRI such as https://example.org/x, not {value[:100]!r} ({exc})",
            f"{what} moet een volledige IRI zijn zoals https://example.org/x, niet {value[:100]!r}",
        ) from None
    return value


def _graphs(params: list[tuple[str, str]], name: str) -> tuple[str, ...]:
    """The graph IRIs of a dataset parameter, each checked to be an absolute IRI."""
    values = _values(params, name)
    if len(values) > MAX_GRAPHS:
        raise Problem(
            400,
            f"the request has {len(values)} '{name}' parameters; at most {MAX_GRAPHS} are accepted",
            f"het verzoek heeft {len(values)} '{name}'-parameters; er worden er hoogstens {MAX_GRAPHS} aangenomen",
        )
    return tuple(require_iri(value, name) for value in values)


def _post_params(request: Request, max_body: int) -> list[tuple[str, str]]:
    if request.content_length is not None and request.content_length > max_body:
        raise Problem(413, f"the request body is larger than {max_body} bytes", _too_large_nl(max_body))
    mimetype = request.mimetype
    if not mimetype:
        raise Problem(
            400,
            f"a POST needs a Content-Type: {FORM} or {SPARQL_QUERY}",
            f"een POST heeft een Content-Type nodig: {FORM} of {SPARQL_QUERY}",
        )
    if mimetype == SPARQL_UPDATE:
        raise Problem(403, READ_ONLY, READ_ONLY_NL)
    # read at most one byte past the limit: a chunked body has no Content-Length to refuse it by, and reading
    # it whole first would hold all of it in memory
    body = request.stream.read(max_body + 1)
    if len(body) > max_body:
        raise Problem(413, f"the request body is larger than {max_body} bytes", _too_large_nl(max_body))
    if mimetype == FORM:
        return _params(body, "form body")
    if mimetype == SPARQL_QUERY:
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise Problem(
                415,
                f"charset {charset} is not supported; send the query as UTF-8",
                f"tekenset {charset} wordt niet ondersteund; stuur de query als UTF-8",
            )
        try:
            return [("query", body.decode("utf-8"))]
        except UnicodeDecodeError as exc:
            raise Problem(
                400,
                f"the request body is not valid UTF-8 (byte {exc.start})",
                f"de inhoud van het verzoek is geen geldige UTF-8 (byte {exc.start})",
            ) from None
    raise Problem(
        415,
        f"Content-Type {mimetype} is not supported; use {FORM} or {SPARQL_QUERY}",
        f"Content-Type {mimetype} wordt niet ondersteund; gebruik {FORM} of {SPARQL_QUERY}",
    )


def _too_large_nl(max_body: int) -> str:
    return f"de inhoud van het verzoek is groter dan {max_body} bytes"
