"""Running SPARQL queries in worker processes that can be stopped.

pyoxigraph has no query timeout and a thread cannot be killed (gotchas.md, 2), so each query runs in a
worker process holding the store open read-only. If a query runs past the time limit, its process is killed
(SIGKILL: its CPU work really ends) and replaced. At most `size` queries run at once; a request waits up to
`queue_wait` seconds for a free worker and is then refused (`Busy`).

Workers belong to one web process (created lazily after the web server forks its workers). They are started from
a fork server, because forking a threaded process is unsafe; the one exception is `warm()`, called from
kg.server.serve's loader while the web worker is still single-threaded: that first worker is forked
directly, which saved ~0.45 s of start-up when measured under gunicorn (bench/startup.py: 0.45 s instead
of 0.9 s to a ready /health; 0.72 s under Granian). A forked worker closes every descriptor it inherited
except its own pipe end (kg.queryworker.main).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import select
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from kg import queryworker
from kg.queryworker import Job, Outcome

log = logging.getLogger("kg.server.executor")


class Timeout(Exception):
    pass


class Busy(Exception):
    pass


class WorkerFailed(Exception):
    pass


def _context() -> mp.context.BaseContext:
    ctx = mp.get_context("forkserver")
    # "__main__" too: a child whose main module the fork server already imported skips importing it again
    # (multiprocessing.spawn._fixup_main_from_path), which saves ~0.1 s per worker under the `kg` script.
    ctx.set_forkserver_preload(["__main__", "pyoxigraph", "kg.queryworker"])
    return ctx


_READY = select.POLLIN | select.POLLHUP | select.POLLERR


@dataclass(eq=False)  # compared and hashed by identity: each is one process
class _Worker:
    """A query worker and our end of its pipe. Only the worker holds the other end, so the pipe turns readable
    (an answer, or end-of-file) exactly when the worker answered or died: one poll() of one descriptor tells
    both. (Process.is_alive() and Connection.poll() each go through multiprocessing.connection.wait and the
    selectors module: two polls and ~35 us of Python per query, measured.)"""

    process: mp.process.BaseProcess
    conn: Connection
    store: Path
    jobs: int = 0
    _poller: select.poll = field(default_factory=select.poll, init=False, repr=False)

    def __post_init__(self) -> None:
        self._poller.register(self.conn.fileno(), _READY)

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def alive(self) -> bool:
        """An idle worker is alive while its pipe has nothing to read (a dead one's reads end-of-file)."""
        return not self._poller.poll(0)

    def answered(self, timeout: float) -> bool:
        """Whether the worker answered (or died) within `timeout` seconds."""
        return bool(self._poller.poll(max(0, int(timeout * 1000))))

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.process.kill()
            else:
                self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(timeout=2 if not kill else 5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.conn.close()


@dataclass
class Pool:
    store: Path
    size: int = 2
    queue_wait: float = 2.0
    _idle: queue.LifoQueue = field(default_factory=queue.LifoQueue, init=False)
    _slots: threading.BoundedSemaphore = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _pid: int = field(default_factory=os.getpid, init=False)
    _workers: set = field(default_factory=set, init=False)
    killed: int = field(default=0, init=False)
    _resolved: Path = field(default=Path(), init=False)
    _resolved_at: float = field(default=-1e9, init=False)

    def __post_init__(self) -> None:
        self._slots = threading.BoundedSemaphore(self.size)

    # -- workers -------------------------------------------------------------------------------------------

    def _start(self, fork: bool = False) -> _Worker:
        ctx = mp.get_context("fork") if fork else _context()
        parent, child = ctx.Pipe()
        store = self.store.resolve()
        process = ctx.Process(
            target=queryworker.main, args=(child, str(store), fork), daemon=True, name="kg-query-worker"
        )
        process.start()
        child.close()
        w = _Worker(process, parent, store)
        with self._lock:
            self._workers.add(w)
        return w

    def _current_store(self) -> Path:
        """The store path resolved (kg build switches a symlink), looked up at most once a second."""
        now = time.monotonic()
        if now - self._resolved_at >= 1.0:
            self._resolved = self.store.resolve()
            self._resolved_at = now
        return self._resolved

    def _checkout(self) -> _Worker:
        current = self._current_store()
        while True:
            try:
                w = self._idle.get_nowait()
            except queue.Empty:
                return self._start()
            if w.alive() and w.store == current:
                return w
            self._retire(w)  # dead, or serving a store of an earlier build

    def _retire(self, w: _Worker, kill: bool = False) -> None:
        with self._lock:
            self._workers.discard(w)
        w.stop(kill=kill)

    def warm(self) -> None:
        """Start one worker ahead of the first request. Only call this while the process is single-threaded
        (kg.server.serve's loader, before the web worker serves): the worker is forked directly."""
        if self._idle.empty():
            self._idle.put(self._start(fork=True))

    # -- running -------------------------------------------------------------------------------------------

    def run(self, job: Job, timeout: float) -> Outcome:
        if not self._slots.acquire(timeout=self.queue_wait):
            raise Busy(f"all {self.size} query workers are busy")
        try:
            w = self._checkout()
            try:
                w.conn.send(job)
                if not w.answered(timeout):
                    log.warning("query exceeded %.1f s; killing worker %s", timeout, w.pid)
                    self.killed += 1
                    self._retire(w, kill=True)
                    raise Timeout(f"the query ran longer than {timeout:g} s and was stopped")
                outcome = w.conn.recv()
            except (EOFError, OSError, BrokenPipeError) as exc:
                self._retire(w, kill=True)
                raise WorkerFailed(f"the query worker stopped unexpectedly ({type(exc).__name__})") from exc
            w.jobs += 1
            self._idle.put(w)
            return outcome
        finally:
            self._slots.release()

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.pid for w in self._workers if w.pid)

    def close(self) -> None:
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for w in workers:
            w.stop()
