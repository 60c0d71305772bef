"""Running query jobs on a remote SPARQL 1.1 endpoint (`kg serve --backend URL`) instead of the embedded store.

Both this and kg.query.pool.Pool are a kg.query.Runner (`run(job, build, timeout) -> Outcome`), so the endpoint,
the pages and the saved-query API do not know which one they use; the same limits apply: at most `size` queries at
once, a wait of `queue_wait` for a slot, and the time limit. The remote answer is read with Oxigraph's parsers and
written again by kg.query.results, so clients get the same formats, row limits and truncation headers as from the
embedded store.

What the remote server cannot be made to do: stop its own work when the time limit passes. The connection
is closed (the client gets 503 at once) and the remote server's own timeout must end the evaluation; set one
there (Virtuoso: MaxQueryExecutionTime; Fuseki: arq:queryTimeout).

The published graph is a named graph on the remote server (kg publish --to); each query is sent with it as
`default-graph-uri` and the linksets as `named-graph-uri`, unless the client chose its own dataset.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.mediatypes import JSON, NTRIPLES, PLAIN, RDFXML, SPARQL_JSON, SPARQL_XML, TURTLE
from kg.query import DEFAULT_GRAPH, BackendUnavailable, Busy, Job, Outcome, Priority, Timeout, Watch, results
from kg.query.admission import Lane
from kg.query.backendhttp import Answer, BackendError, Connections
from kg.query.builds import Build
from kg.query.text import BindError, bind_values

TABULAR_ACCEPT = f"{SPARQL_JSON}, {SPARQL_XML};q=0.9"
GRAPH_ACCEPT = f"{NTRIPLES}, {TURTLE};q=0.9, {RDFXML};q=0.8"
#: media types remote servers use for N-Triples and result formats, mapped to what Oxigraph parses
ALIASES = {PLAIN: NTRIPLES, JSON: SPARQL_JSON}


@dataclass
class RemoteRunner:
    url: str
    size: int = 2
    queue_wait: float = 2.0
    # the dataset sent with queries that name none: (default graphs, named graphs) for the build a query is
    # for, so that a new build's graphs are used without a restart
    dataset: Callable[[Build], tuple[tuple[str, ...], tuple[str, ...]]] = lambda build: ((), ())
    watch: Watch = field(default_factory=Watch)  # waits, for monitoring
    _slots: Lane = field(init=False)
    _connections: Connections = field(init=False)
    killed: int = field(default=0, init=False)  # queries abandoned at the time limit

    def __post_init__(self) -> None:
        self._slots = Lane(self.size)
        self._connections = Connections(self.url, self.size, "aeno-kg (kg serve --backend)")

    def warm(self, build: Build) -> None:
        """Nothing to start ahead: connections are opened on first use."""

    def pids(self) -> list[int]:
        return []

    def close(self) -> None:
        self._connections.close()

    def run(
        self,
        job: Job,
        build: Build,
        timeout: float,
        priority: Priority = 0.0,
        may_run_long: Callable[[], bool] | None = None,
        suspect: bool = False,
        low_cpu: Callable[[], bool] | None = None,
    ) -> Outcome:
        """As Pool.run; no long-query lane (the remote server has its own CPU): `may_run_long`, `suspect` and
        `low_cpu` are not used."""
        asked = time.perf_counter()
        if not self._slots.acquire(priority, timeout=self.queue_wait):
            raise Busy(f"the server is running its maximum of {self.size} queries at once on its backend")
        self.watch.waited(time.perf_counter() - asked)
        try:
            return self._run(job, build, timeout)
        finally:
            self._slots.release()

    def _run(self, job: Job, build: Build, timeout: float) -> Outcome:
        started = time.perf_counter()
        try:
            query = bind_values(job.query, job.substitutions)
        except BindError as exc:
            return Outcome("invalid", message=str(exc))
        dataset = self.dataset(build)
        default_graphs, named_graphs = (
            (job.default_graphs, job.named_graphs) if job.default_graphs or job.named_graphs else dataset
        )
        if DEFAULT_GRAPH in default_graphs:  # the data: on the remote server, the graph kg publish loaded it into
            default_graphs = tuple(g for d in default_graphs for g in (dataset[0] if d == DEFAULT_GRAPH else (d,)))
        params = {"default-graph-uri": list(default_graphs), "named-graph-uri": list(named_graphs)}
        accept = ", ".join(a for a in (TABULAR_ACCEPT if job.tabular else "", GRAPH_ACCEPT if job.graph else "") if a)
        try:
            # The form-encoded POST of the protocol: every server has it (Virtuoso 7.2 leaves a direct
            # application/sparql-query POST hanging after its answer), and the query length is not limited
            # by a URL.
            response = self._connections.post_form(
                {"query": query, **{k: v for k, v in params.items() if v}},
                accept=accept or "*/*",
                timeout=timeout,
                connect=min(timeout, 5.0),
            )
        except TimeoutError:
            self.killed += 1
            raise Timeout(f"the query ran longer than {timeout:g} s and was abandoned") from None
        except BackendError as exc:
            raise BackendUnavailable(f"the SPARQL backend could not be reached ({exc})") from exc
        if response.status == 400:
            return Outcome("syntax", message=f"error (from the backend): {_text(response)[:500]}")
        if response.status == 406:
            return Outcome("not-acceptable", form="graph" if job.graph and not job.tabular else "select")
        if response.status >= 300:
            return Outcome("error", message=f"the backend answered {response.status}: {_text(response)[:300]}")
        return _outcome(job, response, started)


def _text(response: Answer) -> str:
    """The backend's message, as text whatever its encoding (it is only shown, never parsed)."""
    try:
        return response.body.decode(response.headers.get_content_charset() or "utf-8", errors="replace").strip()
    except LookupError:  # a charset Python does not know
        return response.body.decode("utf-8", errors="replace").strip()


def _outcome(job: Job, response: Answer, started: float) -> Outcome:
    media = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    media = ALIASES.get(media, media)
    seconds = time.perf_counter() - started
    try:
        if media.startswith("application/sparql-results"):
            parsed = ox.parse_query_results(response.body, format=ox.QueryResultsFormat.from_media_type(media))
            if job.tabular is None:
                return Outcome("not-acceptable", form="select")
            if isinstance(parsed, ox.QueryBoolean):
                body = parsed.serialize(format=ox.QueryResultsFormat.from_media_type(job.tabular))
                return Outcome("ok", body, job.tabular, "ask", 1, seconds=seconds)
            body, rows, truncated = results.write_solutions(parsed, job.tabular, job.max_rows)
            return Outcome("ok", body, job.tabular, "select", rows, truncated, seconds=seconds)
        rdf_format = ox.RdfFormat.from_media_type(media)
        if rdf_format is None:
            return Outcome("error", message=f"the backend answered in {media or 'no declared format'}")
        if job.graph is None:
            return Outcome("not-acceptable", form="graph")
        triples = list(itertools.islice(ox.parse(response.body, format=rdf_format), job.max_rows + 1))
        body, count, truncated = results.write_triples(triples, job.graph, job.max_rows)
        return Outcome("ok", body, job.graph, "graph", count, truncated, seconds=seconds)
    except (SyntaxError, ValueError) as exc:
        return Outcome("error", message=f"the backend's answer could not be read: {exc}")
