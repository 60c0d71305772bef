"""Answers to repeated identical queries, kept in memory per web process.

A dashboard or a portal asks the same queries again and again; evaluating each again costs a worker round
trip and the engine's time. The cache keeps successful, non-volatile results (no NOW(), RAND(), ...; see
kg.server.safety) under the same key as their ETag, which starts with the build id: a new build makes
every entry unreachable, and the first lookup on a new build empties the cache. Its size is bounded in bytes
(least recently used entries go first); a single result larger than a quarter of it is not kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from kg.query.worker import Outcome


class ResultCache:
    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, Outcome] = OrderedDict()
        self._bytes = 0
        self._build: str | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, build: str, key: str) -> Outcome | None:
        with self._lock:
            if build != self._build:
                self._clear(build)
            outcome = self._entries.get(key)
            if outcome is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return outcome

    def put(self, build: str, key: str, outcome: Outcome) -> None:
        size = len(outcome.body)
        if outcome.kind != "ok" or size > self.max_bytes // 4:
            return
        with self._lock:
            if build != self._build:
                self._clear(build)
            if key in self._entries:
                return
            self._entries[key] = outcome
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, old = self._entries.popitem(last=False)
                self._bytes -= len(old.body)

    def _clear(self, build: str) -> None:
        self._entries.clear()
        self._bytes = 0
        self._build = build

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"entries": len(self._entries), "bytes": self._bytes, "hits": self.hits, "misses": self.misses}
