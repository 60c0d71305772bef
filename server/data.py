"""Reading the graph for pages: SPARQL through the same query workers and limits as the endpoint.

Pages never open the store themselves, so they work the same on the embedded store and (later) on a remote
SPARQL backend, and a slow page query is stopped like any other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from kg import mediatypes
from kg.query import Job, QueryError
from kg.server.errors import Problem, query_problem
from kg.server.protocol import require_iri
from kg.server.state import state

PREFIXES = """PREFIX aeno: <{base}def/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@dataclass(frozen=True)
class Term:
    """One value of a SPARQL JSON result."""

    type: str  # "uri", "literal", "bnode"
    value: str
    lang: str | None = None
    datatype: str | None = None

    @property
    def is_iri(self) -> bool:
        return self.type == "uri"


def base() -> str:
    return state().builds.current().base or "https://w3id.org/aeno-kg/"


def site_root() -> str:
    """The address the site is published at, ending in '/': the configured public base (`kg serve --public-url`,
    KG_PUBLIC_BASE), else the dataset base. Never taken from the request, whose Host header the client writes:
    absolute links in cached answers (sitemap, robots.txt, the service description) would point wherever a
    client said."""
    configured = state().settings.public_base
    return (configured.rstrip("/") + "/") if configured else base()


def _run(job: Job) -> bytes:
    st = state()
    try:
        outcome = st.run(job, st.builds.current())
    except QueryError as exc:
        raise query_problem(exc, st.settings, job.query) from None
    if outcome.kind != "ok":
        raise Problem(500, f"a page query failed: {outcome.message[:200]}")
    return outcome.body


def _terms(bindings: dict[str, str] | None) -> tuple[tuple[str, str], ...]:
    """Bindings as N-Triples IRIs, each checked first: an address a client typed that cannot be an IRI (a
    space, '>', '{' in it) is the client's mistake (400), not a failed page."""
    return tuple((k, f"<{require_iri(v, 'the address of a page')}>") for k, v in (bindings or {}).items())


def select(query: str, bindings: dict[str, str] | None = None) -> list[dict[str, Term]]:
    """Rows of a SELECT query (written with the prefixes above), variables bound to IRIs in `bindings`."""
    subs = _terms(bindings)
    body = _run(
        Job(
            PREFIXES.format(base=base()) + query,
            tabular=mediatypes.SPARQL_JSON,
            max_rows=100_000,
            substitutions=subs,
        )
    )
    data = json.loads(body)
    return [
        {k: Term(v["type"], v["value"], v.get("xml:lang"), v.get("datatype")) for k, v in row.items()}
        for row in data["results"]["bindings"]
    ]


def ask(query: str, bindings: dict[str, str] | None = None) -> bool:
    subs = _terms(bindings)
    body = _run(Job(PREFIXES.format(base=base()) + query, tabular=mediatypes.SPARQL_JSON, substitutions=subs))
    return bool(json.loads(body)["boolean"])


def construct(query: str, media_type: str, bindings: dict[str, str] | None = None) -> bytes:
    subs = _terms(bindings)
    return _run(Job(PREFIXES.format(base=base()) + query, graph=media_type, max_rows=100_000, substitutions=subs))
