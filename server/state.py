"""What a running app holds: its settings, the dataset being served and (per process) the query workers."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

from flask import current_app
from kg.server.config import Settings
from kg.server.dataset import Dataset
from kg.server.executor import Pool


@dataclass
class State:
    settings: Settings
    dataset: Dataset
    _pools: dict[int, Pool] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def pool(self) -> Pool:
        """This process's query workers (created on first use, so after gunicorn forks its workers)."""
        pid = os.getpid()
        pool = self._pools.get(pid)
        if pool is None:
            with self._lock:
                pool = self._pools.get(pid)
                if pool is None:
                    s = self.settings
                    pool = self._pools[pid] = Pool(s.store, s.max_concurrent_queries, s.queue_wait)
        return pool

    def close(self) -> None:
        pool = self._pools.pop(os.getpid(), None)
        if pool is not None:
            pool.close()


def state() -> State:
    return current_app.extensions["kg"]
