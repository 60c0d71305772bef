"""Monitoring: `GET /metrics` in the Prometheus text format (prometheus_client), for the dashboards and alerts an
operations team already has.

Under `kg serve` each web worker is its own process, so the metrics are kept in prometheus_client's multiprocess
mode: every process writes its values to files in one folder (PROMETHEUS_MULTIPROC_DIR, a fresh temporary folder
`kg serve` makes and removes; kg.cli sets it before anything imports prometheus_client) and a scrape adds them
up. Without it (tests, a WSGI server of one's own) they are kept in the process.

What is measured, every series a fixed, small set of labels:

- kg_http_requests_total{route, status} and kg_http_request_duration_seconds{route}: every request, by route
  group (sparql, api, pages, resources, downloads, ops, static, other);
- kg_query_duration_seconds{lane, outcome}: every query, from asking to its answer or refusal, by lane
  (endpoint, pages) and outcome (ok, cached, syntax, invalid, time_limit, memory_limit, too_many, busy,
  long_busy, failed, backend_unavailable, ...);
- kg_query_admission_wait_seconds{lane}: how long queries waited for a query worker;
- kg_refusals_total{kind}: requests refused by a limit: too_many (429), busy and long_busy (503),
  time_limit, memory_limit;
- kg_query_worker_restarts_total{reason}: query workers stopped and replaced;
- kg_build_info{build_id, created}, kg_build_age_seconds, kg_build_triples: the build served, at scrape time.

Only clients in the metrics_from setting (default: loopback) get them; others get 404, as for any address
with nothing at it.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from collections.abc import Iterable, Iterator

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from kg.query import BackendUnavailable, Busy, LongQueriesBusy, OutOfMemory, QueryError, Timeout, TooMany, Watch
from kg.query.builds import Build

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
#: seconds: from a cached answer (0.1 ms) to a query at the default time limit (10 s) and past it
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUESTS = Counter("kg_http_requests", "HTTP requests answered, by route group and status", ["route", "status"])
REQUEST_SECONDS = Histogram(
    "kg_http_request_duration_seconds", "Time to answer a request, by route group", ["route"], buckets=BUCKETS
)
QUERY_SECONDS = Histogram(
    "kg_query_duration_seconds",
    "Time a query took, from asking to its answer or refusal, by lane and outcome",
    ["lane", "outcome"],
    buckets=BUCKETS,
)
ADMISSION_WAIT = Histogram(
    "kg_query_admission_wait_seconds", "Time a query waited for a query worker, by lane", ["lane"], buckets=BUCKETS
)
REFUSALS = Counter("kg_refusals", "Requests refused by a limit, by kind", ["kind"])
RESTARTS = Counter("kg_query_worker_restarts", "Query workers stopped and replaced, by reason", ["reason"])

#: the refusals a QueryError stands for, by class (the most specific first)
REFUSAL_KINDS: tuple[tuple[type[QueryError], str], ...] = (
    (LongQueriesBusy, "long_busy"),
    (Busy, "busy"),
    (TooMany, "too_many"),
    (Timeout, "time_limit"),
    (OutOfMemory, "memory_limit"),
)


def outcome_of(exc: QueryError) -> str:
    """The outcome label of a query that could not be run to an answer."""
    for cls, kind in REFUSAL_KINDS:
        if isinstance(exc, cls):
            return kind
    return "backend_unavailable" if isinstance(exc, BackendUnavailable) else "failed"


def refusal_of(exc: QueryError) -> str | None:
    """The refusal kind of an error that is a limit at work, None for a failure."""
    return next((kind for cls, kind in REFUSAL_KINDS if isinstance(exc, cls)), None)


def query_done(lane: str, outcome: str, seconds: float) -> None:
    QUERY_SECONDS.labels(lane, outcome).observe(seconds)


def query_refused(lane: str, exc: QueryError, seconds: float) -> None:
    query_done(lane, outcome_of(exc), seconds)
    kind = refusal_of(exc)
    if kind is not None:
        REFUSALS.labels(kind).inc()


def watch(lane: str) -> Watch:
    """What a lane's runner reports: its admission waits and its workers' restarts."""
    waited = ADMISSION_WAIT.labels(lane)
    return Watch(waited=waited.observe, restarted=lambda reason: RESTARTS.labels(reason).inc())


def request_done(route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route, str(status)).inc()
    REQUEST_SECONDS.labels(route).observe(seconds)


class _BuildCollector(Collector):
    """The build served, read when scraped (so every web worker tells the same, and a switch shows at once)."""

    def __init__(self, build: Build) -> None:
        self.build = build

    def collect(self) -> Iterator[Metric]:
        b = self.build
        info = GaugeMetricFamily("kg_build_info", "The build being served (value 1)", labels=["build_id", "created"])
        info.add_metric([b.id, b.created], 1)
        yield info
        if b.created:
            age = (dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(b.created)).total_seconds()
            yield GaugeMetricFamily("kg_build_age_seconds", "Seconds since the served build was made", age)
        if b.triples >= 0:
            yield GaugeMetricFamily("kg_build_triples", "Triples of the served graph", b.triples)


def exposition(build: Build) -> bytes:
    """The text a scrape gets: every process's metrics (or this one's), and the build served."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    built = CollectorRegistry()
    built.register(_BuildCollector(build))
    return generate_latest(registry) + generate_latest(built)


def allowed(client: str, networks: Iterable[str]) -> bool:
    """Whether `client` (an address) is in one of `networks`."""
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in ipaddress.ip_network(n, strict=False) for n in networks)
