"""What a running app holds: its settings, the dataset being served and (per process) the query workers."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

from flask import current_app
from kg.server.cache import ResultCache
from kg.server.config import Settings
from kg.server.dataset import Dataset
from kg.server.executor import Pool
from kg.server.remote import RemotePool

from kg.iris import Iris
from kg.queryworker import Job, Outcome
from kg.void import dataset_iri


@dataclass
class State:
    settings: Settings
    dataset: Dataset
    _pools: dict[int, Pool | RemotePool] = field(default_factory=dict, init=False)
    _caches: dict[int, ResultCache] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def pool(self) -> Pool | RemotePool:
        """This process's query workers (created on first use, so after the web server forks its workers), or its
        connections to the remote SPARQL backend."""
        pid = os.getpid()
        pool = self._pools.get(pid)
        if pool is None:
            with self._lock:
                pool = self._pools.get(pid)
                if pool is None:
                    pool = self._pools[pid] = self._new_pool()
        return pool

    def _new_pool(self) -> Pool | RemotePool:
        s = self.settings
        if not s.backend:
            return Pool(s.store, s.max_concurrent_queries, s.queue_wait)
        return RemotePool(s.backend, s.max_concurrent_queries, s.queue_wait, dataset=self._backend_dataset)

    def _backend_dataset(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The graphs kg publish loaded for the build being served: its main graph as the default graph, its
        linksets as named graphs; nothing (the server's own default dataset) for a store without a build
        description and no --backend-graph."""
        build = self.dataset.current()
        graph = self.settings.backend_graph or (str(dataset_iri(Iris(build.base))) if build.base else None)
        if not graph:
            return (), ()
        linksets = tuple(ls["iri"] for ls in build.info.get("publication", {}).get("linksets", []))
        return (graph,), linksets

    def cache(self) -> ResultCache:
        """This process's result cache (each web worker has its own)."""
        pid = os.getpid()
        cache = self._caches.get(pid)
        if cache is None:
            with self._lock:
                cache = self._caches.setdefault(pid, ResultCache(self.settings.result_cache_mb * 1024 * 1024))
        return cache

    def run(self, job: Job, build: str, cacheable: bool = True) -> Outcome:
        """Run a query job on this process's workers, answering from the result cache when the same job was
        answered on the same build before. Raises the executor's Timeout, Busy and WorkerFailed."""
        use_cache = cacheable and self.settings.result_cache_mb > 0
        key = repr(job)
        if use_cache and (hit := self.cache().get(build, key)) is not None:
            return hit
        outcome = self.pool().run(job, self.settings.query_timeout)
        if use_cache:
            self.cache().put(build, key, outcome)
        return outcome

    def close(self) -> None:
        pool = self._pools.pop(os.getpid(), None)
        if pool is not None:
            pool.close()


def state() -> State:
    return current_app.extensions["kg"]
