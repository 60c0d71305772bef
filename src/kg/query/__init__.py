"""Running SPARQL: the contract between whoever asks (the endpoint, the pages, the saved-query API, `kg query`)
and whatever answers (query worker processes on the embedded store, or a remote SPARQL server).

A caller makes a `Job`, hands it to a `Runner` and gets an `Outcome`, or a `QueryError` when the query could not
be run at all. The package imports no Flask and no rdflib: the fork server that starts query workers preloads
it (kg.query.pool), and a worker should carry only pyoxigraph and this package.

Modules: `worker` (the process that answers jobs), `pool` (runs jobs on workers, with time and memory limits
and the long-query lane), `remote` (runs jobs on a remote endpoint), `admission` (slots and per-client limits),
`cache` (answers kept per build), `results` (result serialisation with the row limit), `text` (reading query
text without a parser: shape, LIMIT, bindings), `saved` (the saved example queries in `queries/`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

#: in Job.default_graphs: the store's default graph (the data), beside named graphs merged into the default graph
DEFAULT_GRAPH = ""

#: a client's place in the wait for a slot (lower goes first), or a function giving it when a slot is handed out
Priority = float | Callable[[], float]


@dataclass(frozen=True)
class Job:
    """One query to run and how its answer must be written."""

    query: str
    default_graphs: tuple[str, ...] = ()  # graph IRIs, or DEFAULT_GRAPH for the store's own default graph
    named_graphs: tuple[str, ...] = ()
    tabular: str | None = None  # media type for SELECT and ASK results, None if the client accepts none
    graph: str | None = None  # media type for CONSTRUCT and DESCRIBE results
    max_rows: int = 10_000
    substitutions: tuple[tuple[str, str], ...] = ()  # variable -> term in N-Triples syntax (bound, not pasted)

    def fields(self) -> tuple:
        """The fields in order, as Job(*fields) takes them (what goes over a query worker's pipe)."""
        return (
            self.query,
            self.default_graphs,
            self.named_graphs,
            self.tabular,
            self.graph,
            self.max_rows,
            self.substitutions,
        )


@dataclass(frozen=True)
class Outcome:
    """What running a job gave: an answer ("ok") or the reason the query has none. These are the query's own
    faults or the answer's form; a failure to run it at all is a QueryError instead."""

    kind: str  # "ok", "syntax", "invalid" (cannot be evaluated), "memory", "not-acceptable", "error"
    body: bytes = b""
    media_type: str = ""
    form: str = ""  # "select", "ask", "graph"
    rows: int = 0  # -1: not counted (a result Oxigraph wrote whole, its own LIMIT within the row limit)
    truncated: bool = False
    message: str = ""
    seconds: float = 0.0

    def fields(self) -> tuple:
        """The fields in order, as Outcome(*fields) takes them (what goes over a query worker's pipe)."""
        return (self.kind, self.body, self.media_type, self.form, self.rows, self.truncated, self.message, self.seconds)


class QueryError(Exception):
    """A query that could not be run to an answer. Subclasses are the kinds a caller tells apart; each message
    is a sentence a user can read."""


class Timeout(QueryError):
    """The query ran past the time limit and was stopped."""


class OutOfMemory(QueryError):
    """The query needed more memory than a query may use, and was stopped."""


class Busy(QueryError):
    """Every slot was taken for as long as a query may wait: another try soon may succeed."""


class LongQueriesBusy(Busy):
    """A query ran long while the long-query lane was full: stopped, so that it holds no slot cheap queries need."""


class TooMany(QueryError):
    """This client already has its maximum of queries (or of long queries) running."""


class BackendUnavailable(QueryError):
    """The remote SPARQL backend could not be reached: worth another try later."""


class WorkerFailed(QueryError):
    """The query engine ended while running the query (a crash, not a limit): a fault to log, not to retry."""


@dataclass(frozen=True)
class Watch:
    """What a runner reports as it works, for monitoring (kg.server.metrics): how long a query waited for its
    slot, and each query worker it stopped and replaced, with why. By default it reports nowhere."""

    waited: Callable[[float], None] = lambda seconds: None
    restarted: Callable[[str], None] = lambda reason: None


@runtime_checkable
class Runner(Protocol):
    """Runs jobs: kg.query.pool.Pool (worker processes on the embedded store) and kg.query.remote.RemoteRunner
    (a remote SPARQL endpoint) both are one, so callers do not know which they use."""

    size: int

    def run(
        self,
        job: Job,
        timeout: float,
        priority: Priority = 0.0,
        may_run_long: Callable[[], bool] | None = None,
        suspect: bool = False,
        low_cpu: Callable[[], bool] | None = None,
    ) -> Outcome:
        """Run `job` within `timeout` seconds. `priority` orders the wait for a slot; `may_run_long` is asked
        when the query turns out long (False stops it: TooMany); a `suspect` client's queries may not hold every
        slot; `low_cpu` (asked as the query starts) runs it at the lowest CPU priority. Raises a QueryError when
        the query cannot be run to an answer."""
        ...

    def warm(self) -> None:
        """Prepare ahead of the first job (only while the process is single-threaded)."""
        ...

    def pids(self) -> list[int]:
        """The processes this runner runs queries in (none for a remote one)."""
        ...

    def close(self) -> None:
        """Stop every worker or connection."""
        ...
