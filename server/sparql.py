"""The SPARQL endpoint at /sparql: SPARQL 1.1 Protocol, read-only, with limits.

A request goes through small steps: parse the protocol request -> check it (length, no update, SERVICE
allowlist) -> choose the media type -> answer 304 if the client has this result already -> run it in a
worker process -> respond. Without a query, GET /sparql answers with the service description (Turtle,
JSON-LD, ...) or, for a browser, the query editor.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from flask import Blueprint, Response, render_template, request, url_for

from kg import mediatypes
from kg.query import Job, Outcome, QueryError
from kg.query.builds import Build
from kg.query.syntax import explain
from kg.server import conneg, data, protocol, safety
from kg.server.errors import Problem, query_problem
from kg.server.state import State, state
from kg.vocab import prefixes

bp = Blueprint("sparql", __name__)
log = logging.getLogger("kg.server.sparql")


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    st = state()
    s = st.settings
    req = protocol.parse(request, max_body=4 * s.max_query_length + 4096)
    if req is None:
        return service_description(req_format=request.args.get("format"))
    safety.check(req.query, s.max_query_length, s.allowed_services)
    return execute(req.query, req.default_graphs, req.named_graphs, req.format, client=st.client(request.environ))


def cache_key(*parts: object) -> str:
    """A digest of everything a result depends on: build, representation, query, dataset, bindings."""
    flat = [str(p) if not isinstance(p, tuple) else "\x1e".join(map(str, p)) for p in parts]
    return hashlib.sha256("\x1f".join(flat).encode()).hexdigest()


def choose(fmt: str | None, accept: str) -> tuple[str | None, str | None]:
    """Media types for tabular (SELECT/ASK) and graph (CONSTRUCT/DESCRIBE) results: `format=` overrides the
    Accept header (its text). 406 when neither kind of result can be given. The Flask view and
    kg.server.fastpath both choose here."""
    if fmt:
        media = conneg.from_format(fmt, mediatypes.TABULAR + mediatypes.GRAPH)
        return (media, None) if media in mediatypes.TABULAR else (None, media)
    tabular = conneg.negotiate_header(accept, mediatypes.TABULAR, "tabular")
    graph = conneg.negotiate_header(accept, mediatypes.GRAPH, "graph")
    if tabular is None and graph is None:
        raise conneg.not_acceptable(mediatypes.TABULAR + mediatypes.GRAPH)
    return tabular, graph


@dataclass(frozen=True)
class Prepared:
    """A checked query ready to run: the job, its validators and whether its answer may be kept."""

    job: Job
    build: Build  # the build its ETag names, which the query runs on
    etag: str
    cache_control: str
    volatile: bool


def prepare(
    st: State,
    query: str,
    default_graphs: tuple[str, ...],
    named_graphs: tuple[str, ...],
    tabular: str | None,
    graph: str | None,
    substitutions: tuple[tuple[str, str], ...] = (),
    variant: str = "",
) -> Prepared:
    """The job for a checked query and its ETag (build + everything the answer depends on)."""
    s = st.settings
    build = st.builds.current()
    volatile = safety.is_volatile(query)
    key = cache_key(build.id, variant, query, default_graphs, named_graphs, tabular, graph, substitutions)
    etag = f'"{build.id[:12]}-{key[:16]}"'
    cache = "no-store" if volatile else f"public, max-age={s.cache_max_age}"
    job = Job(query, default_graphs, named_graphs, tabular, graph, s.max_result_rows, substitutions)
    return Prepared(job, build, etag, cache, volatile)


def run(st: State, p: Prepared, client: str = "") -> Outcome:
    """Run the job (or take its answer from the cache); a query that cannot be run becomes its Problem."""
    try:
        return st.run(p.job, p.build, cacheable=not p.volatile, client=client)
    except QueryError as exc:
        raise query_problem(exc, st.settings, p.job.query) from None


def check_outcome(outcome: Outcome, query: str = "") -> None:
    """Raise the Problem for an outcome that is not an answer."""
    if outcome.kind == "syntax":
        known = prefixes(data.iris())
        raise Problem(400, explain(outcome.message, query, known), explain(outcome.message, query, known, lang="nl"))
    if outcome.kind == "invalid":
        first = outcome.message.splitlines()[0][:300]
        raise Problem(400, f"the query cannot be evaluated: {first}", f"de query kan niet worden uitgerekend: {first}")
    if outcome.kind == "memory":
        raise Problem(
            503,
            f"{outcome.message}. Narrow the query (filters, LIMIT) or run it on a dump.",
            "De query had meer geheugen nodig dan hij mag gebruiken. Maak hem kleiner (filters, LIMIT) of gebruik "
            "een download van de hele graaf.",
        )
    if outcome.kind == "not-acceptable":
        available = mediatypes.GRAPH if outcome.form == "graph" else mediatypes.TABULAR
        raise conneg.not_acceptable(available)
    if outcome.kind == "error":
        log.warning("query failed while running: %s", outcome.message)
        first = outcome.message.splitlines()[0][:300] if outcome.message else "no reason given"
        if "service" in query.lower():  # a SERVICE endpoint failed (or the store did; the message says which)
            raise Problem(
                502,
                f"the query failed while calling a SERVICE endpoint: {first}",
                f"de query mislukte bij het aanroepen van een SERVICE-endpoint: {first}",
            )
        raise Problem(
            500, f"the query failed while running: {first}", f"de query mislukte tijdens het uitvoeren: {first}"
        )


def answer_headers(p: Prepared, outcome: Outcome, max_rows: int) -> list[tuple[str, str]]:
    """The headers of a 200 answer (shared with kg.server.fastpath, which must answer exactly the same)."""
    headers = [
        ("Content-Type", mediatypes.content_type(outcome.media_type)),
        ("Vary", "Accept"),
        ("Cache-Control", p.cache_control),
    ]
    if not p.volatile:
        headers.append(("ETag", p.etag))
    headers.append(("X-SPARQL-Max-Rows", str(max_rows)))
    if outcome.truncated:
        headers.append(("X-SPARQL-Truncated", f"true; the first {outcome.rows} results of more are returned"))
    return headers


def execute(
    query: str,
    default_graphs: tuple[str, ...] = (),
    named_graphs: tuple[str, ...] = (),
    fmt: str | None = None,
    substitutions: tuple[tuple[str, str], ...] = (),
    tabular: str | None = None,
    variant: str = "",
    client: str = "",
) -> Response:
    """Run a checked query and build the response (shared with the saved-query API)."""
    st = state()
    if tabular is None:
        tabular, graph = choose(fmt, request.headers.get("Accept", ""))
    else:
        graph = None
    p = prepare(st, query, default_graphs, named_graphs, tabular, graph, substitutions, variant)
    if not p.volatile and request.if_none_match.contains(p.etag.strip('"')):
        response = Response(status=304)
        response.headers.update({"ETag": p.etag, "Cache-Control": p.cache_control})
        response.vary.add("Accept")
        return response
    # kg.server.fastpath ran this very request already and hands over what is not a plain answer
    handed = request.environ.pop("kg.fastpath.outcome", None)
    if isinstance(handed, Problem):
        raise handed
    outcome = handed if handed is not None else run(st, p, client or st.client(request.environ))
    check_outcome(outcome, query)
    return Response(outcome.body, headers=answer_headers(p, outcome, st.settings.max_result_rows))


# -- service description ----------------------------------------------------------------------------------


def service_description(req_format: str | None) -> Response:
    st = state()
    available = [mediatypes.TURTLE, mediatypes.JSONLD, mediatypes.NTRIPLES, mediatypes.RDFXML, mediatypes.HTML]
    media = conneg.choose(available, req_format)
    if media == mediatypes.HTML:
        from kg.query.saved import for_editor, load

        iris = data.iris()
        tabs = [{"title": q.title, "query": for_editor(q, iris)} for q in load()]
        response = Response(
            render_template(
                "sparql.html",
                queries=load(),
                tabs=tabs,
                settings=st.settings,
                endpoint=data.absolute(url_for("sparql.endpoint")),
            ),
            mimetype=mediatypes.HTML,
        )
    else:
        from kg.server.servicedescription import service_graph

        endpoint = data.absolute(url_for("sparql.endpoint"))
        graph = service_graph(endpoint, st.settings, st.builds.current())
        response = conneg.rdf_response(graph, media)
    response.vary.add("Accept")
    response.headers["Cache-Control"] = f"public, max-age={st.settings.cache_max_age}"
    return response
