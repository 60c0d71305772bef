"""What a running app holds: its settings, the watcher of the build being served and, per process, the query
runners, the per-client counts and the result cache."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field

from flask import current_app

from kg.iris import Iris
from kg.query import Job, Outcome, QueryError, Runner
from kg.query.admission import Clients
from kg.query.builds import Build, Watcher
from kg.query.cache import ResultCache
from kg.query.pool import Pool
from kg.query.remote import RemoteRunner
from kg.server import metrics
from kg.server.proxy import Proxies
from kg.settings import ServeSettings

#: a client's recent cost (kg.query.admission.Clients) from which its queries hold at most all slots but one and
#: run at the lowest CPU priority: a query of its ran long within the last half-life (the cost of one long query
#: is 1 and halves every 2 minutes, so it is already below 1 a moment later)
SUSPECT = 0.5


@dataclass
class State:
    settings: ServeSettings
    builds: Watcher
    _pools: dict[tuple[int, str], Runner] = field(default_factory=dict, init=False)
    _caches: dict[int, ResultCache] = field(default_factory=dict, init=False)
    _clients: dict[int, Clients] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    proxies: Proxies = field(init=False)

    def __post_init__(self) -> None:
        self.proxies = Proxies(self.settings.trusted_proxies)

    def client(self, environ: dict) -> str:
        """Who a request counts against (per-client limits, priorities, the access log): its connecting address,
        or behind a trusted proxy the client the proxy reports (kg.server.proxy). Worked out once a request."""
        client = environ.get("kg.client")
        if client is None:
            client = environ["kg.client"] = self.proxies.client(environ)
        return client

    def pool(self, lane: str = "endpoint") -> Runner:
        """This process's query workers for the endpoint, or for the pages ("pages": their own workers, so that
        pages keep answering while the endpoint's are busy), created on first use (so after the web server
        forks its workers); or its connections to the remote SPARQL backend."""
        key = (os.getpid(), lane)
        pool = self._pools.get(key)
        if pool is None:
            with self._lock:
                pool = self._pools.get(key)
                if pool is None:
                    pool = self._pools[key] = self._new_pool(lane)
        return pool

    def _new_pool(self, lane: str) -> Runner:
        s = self.settings
        size = s.page_workers if lane == "pages" else s.max_concurrent_queries
        if s.backend:
            return RemoteRunner(s.backend, size, s.queue_wait, dataset=self._backend_dataset, watch=metrics.watch(lane))
        long_size = 0 if lane == "pages" else s.max_long_queries
        return Pool(
            size,
            s.queue_wait,
            long_size,
            s.long_query_after,
            s.query_memory_mb,
            memory_copy_triples=s.memory_copy_triples,
            watch=metrics.watch(lane),
        )

    def clients(self) -> Clients:
        """This process's count of queries in flight per client."""
        pid = os.getpid()
        clients = self._clients.get(pid)
        if clients is None:
            with self._lock:
                s = self.settings
                clients = self._clients.setdefault(
                    pid, Clients(s.max_queries_per_client, s.max_long_queries_per_client)
                )
        return clients

    def _backend_dataset(self, build: Build) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The graphs kg publish loaded for a build: its main graph as the default graph, its linksets as named
        graphs; nothing (the server's own default dataset) for a store without a build description and no
        --backend-graph."""
        graph = self.settings.backend_graph or (str(Iris(build.base).dataset) if build.base else None)
        if not graph:
            return (), ()
        return (graph,), tuple(ls.iri for ls in build.linksets)

    def cache(self) -> ResultCache:
        """This process's result cache (each web worker has its own)."""
        pid = os.getpid()
        cache = self._caches.get(pid)
        if cache is None:
            with self._lock:
                cache = self._caches.setdefault(pid, ResultCache(self.settings.result_cache_mb * 1024 * 1024))
        return cache

    def run(self, job: Job, build: Build, cacheable: bool = True, client: str | None = None) -> Outcome:
        """Run a query job on `build` with this process's runners, answering from the result cache when the same
        job was answered on the same build before. A job with a `client` is the endpoint's: it counts against
        that client's limit and waits by its recent cost; one without is a page's, run on the pages' workers.
        Raises a kg.query.QueryError when the query cannot be run. Each query is measured (kg.server.metrics)."""
        lane = "pages" if client is None else "endpoint"
        started = time.perf_counter()
        use_cache = cacheable and self.settings.result_cache_mb > 0
        key = repr(job)
        if use_cache and (hit := self.cache().get(build.id, key)) is not None:
            metrics.query_done(lane, "cached", time.perf_counter() - started)
            return hit
        try:
            outcome = self._run(job, build, client)
        except QueryError as exc:
            metrics.query_refused(lane, exc, time.perf_counter() - started)
            raise
        metrics.query_done(lane, outcome.kind, time.perf_counter() - started)
        if use_cache:
            self.cache().put(build.id, key, outcome)
        return outcome

    def _run(self, job: Job, build: Build, client: str | None) -> Outcome:
        if client is None:
            return self.pool("pages").run(job, build, self.settings.query_timeout)
        clients = self.clients()
        clients.enter(client)
        went_long = []

        def may_run_long() -> bool:
            clients.charge(client)  # its next queries wait behind those of clients that sent no long ones
            allowed = clients.start_long(client)
            went_long.append(allowed)
            return allowed

        try:
            return self.pool().run(
                job,
                build,
                self.settings.query_timeout,
                priority=lambda: clients.priority(client),  # read when a slot is handed out
                may_run_long=may_run_long,
                suspect=clients.priority(client) >= SUSPECT,
                low_cpu=lambda: clients.priority(client) >= SUSPECT,  # its next ones run at the lowest CPU priority
            )
        finally:
            if any(went_long):
                clients.end_long(client)
            clients.leave(client)

    def close(self) -> None:
        pid = os.getpid()
        for key in [k for k in self._pools if k[0] == pid]:
            self._pools.pop(key).close()


def state() -> State:
    return current_app.extensions["kg"]
