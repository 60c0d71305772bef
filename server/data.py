"""Reading the graph for pages: SPARQL through the same query workers and limits as the endpoint.

Pages never open the store themselves, so they work the same on the embedded store and (later) on a remote
SPARQL backend, and a slow page query is stopped like any other.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from flask import request

from kg import mediatypes
from kg.defaults import DEFAULT_BASE
from kg.dutch import fold
from kg.iris import Iris
from kg.query import Job, QueryError
from kg.server.errors import Problem, query_problem
from kg.server.protocol import require_iri
from kg.server.state import state
from kg.vocab import sparql_prologue


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
    return state().builds.current().base or DEFAULT_BASE


def iris() -> Iris:
    """The IRIs of the build being served (its base)."""
    return _iris(base())


@lru_cache(maxsize=8)
def _iris(base: str) -> Iris:
    return Iris(base)


def site_root() -> str:
    """The address the site is published at, with its path, ending in '/': the public_url setting (`kg serve
    --public-url`), else the scheme and host a trusted proxy reports (kg.server.proxy) under the site's path,
    else the address kg serve listens on. Never the request's own Host header, which the client writes: the
    absolute links of cached answers (sitemap, robots.txt, the service description) would point wherever a
    client said."""
    st = state()
    s = st.settings
    if s.public_url:
        return s.public_url.rstrip("/") + "/"
    reported = st.proxies.site(request.environ)
    if reported is not None:
        scheme, host = reported
    else:
        host = "localhost" if s.host in ("0.0.0.0", "::", "") else (f"[{s.host}]" if ":" in s.host else s.host)
        scheme, host = "http", f"{host}:{s.port}"
    return f"{scheme}://{host}{request.script_root}/"


def absolute(url: str) -> str:
    """The absolute address of a link that url_for or links.href made (it begins with the site's path): the
    scheme and host of site_root() before it."""
    root = urlsplit(site_root())
    return f"{root.scheme}://{root.netloc}{url}"


def _run(job: Job) -> bytes:
    """Run a page query on the current build, over the data and the descriptions beside it (Build.page_graphs)."""
    st = state()
    build = st.builds.current()
    job = dataclasses.replace(job, default_graphs=build.page_graphs)
    try:
        outcome = st.run(job, build)
    except QueryError as exc:
        raise query_problem(exc, st.settings, job.query) from None
    if outcome.kind != "ok":
        raise Problem(
            500,
            f"a page query failed: {outcome.message[:200]}",
            "De gegevens voor deze pagina konden niet worden opgehaald.",
        )
    return outcome.body


def _terms(bindings: dict[str, str] | None) -> tuple[tuple[str, str], ...]:
    """Bindings as N-Triples IRIs, each checked first: an address a client typed that cannot be an IRI (a
    space, '>', '{' in it) is the client's mistake (400), not a failed page."""
    return tuple((k, f"<{require_iri(v, 'the address of a page')}>") for k, v in (bindings or {}).items())


#: the separator of a page query's GROUP_CONCAT (`separator="\\u001f"`): select() shows such a list sorted, joined
#: with ", ". GROUP_CONCAT's order is the engine's order of evaluation, which differs between the store on disk
#: and its copy in memory (and between engines); a page must not change with either.
LIST = "\x1f"
LIST_SEPARATOR = 'separator="\\u001f"'


def _listed(term: Term) -> Term:
    if LIST not in term.value:
        return term
    return dataclasses.replace(term, value=", ".join(sorted(term.value.split(LIST), key=lambda v: (fold(v), v))))


def select(query: str, bindings: dict[str, str] | None = None) -> list[dict[str, Term]]:
    """Rows of a SELECT query (written with the prefixes above), variables bound to IRIs in `bindings`; lists
    made with LIST_SEPARATOR come sorted."""
    subs = _terms(bindings)
    body = _run(
        Job(
            sparql_prologue(iris()) + query,
            tabular=mediatypes.SPARQL_JSON,
            max_rows=100_000,
            substitutions=subs,
        )
    )
    data = json.loads(body)
    return [
        {k: _listed(Term(v["type"], v["value"], v.get("xml:lang"), v.get("datatype"))) for k, v in row.items()}
        for row in data["results"]["bindings"]
    ]


def ask(query: str, bindings: dict[str, str] | None = None) -> bool:
    subs = _terms(bindings)
    body = _run(Job(sparql_prologue(iris()) + query, tabular=mediatypes.SPARQL_JSON, substitutions=subs))
    return bool(json.loads(body)["boolean"])


def construct(query: str, media_type: str, bindings: dict[str, str] | None = None) -> bytes:
    subs = _terms(bindings)
    return _run(Job(sparql_prologue(iris()) + query, graph=media_type, max_rows=100_000, substitutions=subs))
