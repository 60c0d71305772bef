"""Running SPARQL queries in worker processes that can be stopped.

pyoxigraph has no query timeout, and a Python thread cannot be stopped from outside, so each query runs in a
worker process holding the store open read-only. If a query runs past the time limit, its process is killed
(SIGKILL: its CPU work really ends) and replaced. At most `size` queries run at once; a request waits up to
`queue_wait` seconds for a free worker and is then refused (`Busy`).

Workers belong to one web process (created lazily after the web server forks its workers). They are started from
a fork server, because forking a threaded process is unsafe; the one exception is `warm()`, called from
the web server's loader (kg.server.serve) while the web worker is still single-threaded: that first worker is
forked directly, which saved ~0.45 s of start-up when measured under gunicorn (bench/startup.py: 0.45 s instead
of 0.9 s to a ready /health; 0.72 s under Granian). A forked worker closes every descriptor it inherited
except its own pipe end (kg.query.worker.main).

Workers run at one of two CPU priorities, and are kept idle apart. A query that runs long is reniced to the
lowest priority (nice 19) and its worker, which cannot be raised again, then serves only queries that are to run
low from the start: those of a client whose recent queries ran long (`low_cpu`). So one client's stream of heavy
queries takes the CPU only when nobody else wants it, from its second heavy query on, and its workers are reused
rather than restarted; the worker that turned low is replaced by a new one at full priority, so the number of
workers for cheap queries holds; idle low ones are kept only up to as many as low queries can run at once. A
worker that ends before its time (killed at the time limit, refused the long-query lane, out of
memory, crashed) is replaced at once in the background, at its priority, so that the next query finds a worker
ready rather than waiting for one to start (and, for a small build, to copy the store into its memory).

A worker serves one build's store. Each job comes with the build it is for (the one its ETag names), and a worker
of another build is retired when it comes up for one, so answers never mix builds while `kg build` switches them.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import multiprocessing as mp
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from kg.query import (
    Busy,
    Job,
    LongQueriesBusy,
    Outcome,
    OutOfMemory,
    Priority,
    Timeout,
    TooMany,
    Watch,
    WorkerFailed,
)
from kg.query import worker as queryworker
from kg.query.admission import Lane
from kg.query.builds import Build

log = logging.getLogger("kg.query.pool")


#: seconds a new query worker may take to open its store (or copy it into memory: about 1 s for 250,000 triples)
START_TIMEOUT = 60.0


def _context() -> mp.context.BaseContext:
    ctx = mp.get_context("forkserver")
    # Every worker runs the main module again before it starts (multiprocessing's spawn preparation). "__main__"
    # is preloaded for a script (the `kg` command); under `python -m kg.cli` the main module is named, and the
    # fork server preloads it by that name, so that a worker does not import it and what it imports (click,
    # and once rdflib: 0.17 s per worker, which made cheap queries on a new worker pass the long-query mark).
    main = getattr(sys.modules["__main__"].__spec__, "name", None)
    by_name = [main] if main and not main.endswith("__main__") else []  # a package's __main__ runs on import
    ctx.set_forkserver_preload(["__main__", "pyoxigraph", "kg.query.worker", *by_name])
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
    in_memory: bool = False  # queries a copy of the store in its memory (Pool.memory_copy_triples)
    ready: bool = False  # its READY message read: the store is open
    fresh: bool = False  # started for the query that checked it out (not one started ahead and left idle)
    jobs: int = 0
    reniced: bool = False
    _poller: select.poll = field(default_factory=select.poll, init=False, repr=False)
    _stopped: bool = field(default=False, init=False, repr=False)
    _stopping: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self._poller.register(self.conn.fileno(), _READY)

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def answered(self, timeout: float) -> bool:
        """Whether the worker answered (or died) within `timeout` seconds."""
        return bool(self._poller.poll(max(0, int(timeout * 1000))))

    def lower_priority(self) -> None:
        """The lowest CPU priority (nice 19) for the rest of this worker's life: a process may always lower its
        children's, never raise it again, so the worker serves only low-priority queries afterwards."""
        if self.pid:
            with contextlib.suppress(OSError):  # ended meanwhile
                os.setpriority(os.PRIO_PROCESS, self.pid, 19)
        self.reniced = True

    def stop(self, kill: bool = False) -> None:
        """End the worker and close our end of its pipe, once: the pool's close() and a thread that was
        starting the worker may both stop it, and a descriptor closed twice may by then be another file's."""
        with self._stopping:
            if self._stopped:
                return
            self._stopped = True
            try:
                if kill:
                    self.process.kill()
                else:
                    queryworker.send_job(self.conn, None)
            except (OSError, ValueError):
                pass
            self.process.join(timeout=2 if not kill else 5)
            if self.process.is_alive():
                self.process.kill()
                self.process.join(timeout=5)
            self.conn.close()


@dataclass
class Pool:
    """Query workers for one web process.

    Every query starts in one of `size` slots. One that is still running after `long_after` seconds moves to
    the long-query lane (`long_size` slots): it frees its slot for the queries behind it and its worker is
    reniced to the lowest CPU priority, so cheap queries and pages keep the CPU. If that lane is full, the query
    is stopped and the client told to come back later. `long_size=0` turns the lane off (pages' own pool).
    """

    size: int = 2
    queue_wait: float = 2.0
    long_size: int = 0
    long_after: float = 0.5
    memory_mb: int = 0  # RLIMIT_DATA of each worker above what it holds once started; 0: none
    memory_copy_triples: int = 0  # builds of up to this many triples are queried from a copy in memory; 0: never
    watch: Watch = field(default_factory=Watch)  # waits and restarts, for monitoring
    _idle: collections.deque = field(default_factory=collections.deque, init=False)  # append/pop: thread-safe
    _idle_low: collections.deque = field(default_factory=collections.deque, init=False)  # reniced ones
    _slots: Lane = field(init=False)
    _suspect: Lane = field(init=False)  # of the slots, those clients with recent long queries may hold
    _long: Lane = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _pid: int = field(default_factory=os.getpid, init=False)
    _workers: set = field(default_factory=set, init=False)
    _closed: bool = field(default=False, init=False)
    _pending: list = field(default_factory=lambda: [0, 0], init=False)  # replacements starting: [full, low]
    _arrived: threading.Condition = field(init=False)  # a replacement was added to the idle ones, or failed
    killed: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self._slots = Lane(self.size)
        self._suspect = Lane(max(1, self.size - 1))
        self._long = Lane(self.long_size)
        self._arrived = threading.Condition(self._lock)

    # -- workers -------------------------------------------------------------------------------------------

    def _start(self, build: Build, fork: bool = False) -> _Worker:
        ctx = mp.get_context("fork") if fork else _context()
        parent, child = ctx.Pipe()
        # the size is read from the build's description, not counted in the store (a scan of every quad);
        # a store with no description (-1) is read from disk
        in_memory = 0 <= build.triples <= self.memory_copy_triples
        process = ctx.Process(
            target=queryworker.main,
            args=(child, str(build.store), fork, self.memory_mb, in_memory),
            daemon=True,
            name="kg-query-worker",
        )
        process.start()
        child.close()
        w = _Worker(process, parent, build.store, in_memory)
        with self._lock:
            self._workers.add(w)
        return w

    def _checkout(self, build: Build, low: bool = False) -> _Worker:
        """The idle worker of that CPU priority used last (its caches are the warmest) if it serves `build`'s
        store, else a new one."""
        store = build.store
        idle = self._idle_low if low else self._idle
        while True:
            try:
                w = idle.pop()
            except IndexError:
                if self._await_replacement(low):
                    continue
                w = self._start(build)
                w.fresh = True
                return w
            if w.store is store or w.store == store:
                return w
            self._retire(w)  # serving another build's store

    def _hand(self, job: Job, build: Build, low: bool) -> _Worker:
        """A worker that has taken `job`. A worker that died while idle is found here: the job cannot be
        written to it (the other end of its pipe is closed: EPIPE), so it is replaced and the job goes to the
        next. (This used to poll every idle worker before each job: a system call, and a pass of the GIL to
        the other threads and back, per query.) A worker started ahead (warm) that died before it said it was
        ready is found the same way, by the end of its pipe."""
        for _ in range(len(self._idle_low if low else self._idle) + 1):
            w = self._checkout(build, low)
            if not w.ready:
                try:
                    self._await_start(w, reason="crashed" if w.fresh else "died_idle")
                except WorkerFailed:
                    if w.fresh:  # started for this query: the store cannot be opened
                        raise
                    continue
            if low and not w.reniced:  # a new one: started at full priority, not to hold its slot long
                w.lower_priority()
            try:
                queryworker.send_job(w.conn, job)
                return w
            except OSError:  # BrokenPipeError, ConnectionResetError: it is gone
                self._retire(w, kill=True, reason="died_idle")
        raise WorkerFailed("no query worker could be started for this query")

    def _await_start(self, w: _Worker, reason: str = "crashed") -> None:
        """Wait for a new worker's READY (its store open, or copied into memory) before its first job, so that
        its start is not counted in that job's time limit nor moves a cheap query to the long-query lane."""
        try:
            if not w.answered(START_TIMEOUT) or not queryworker.receive_ready(w.conn):
                raise EOFError
        except (EOFError, OSError) as exc:
            self._retire(w, kill=True, reason=reason)
            raise WorkerFailed(f"a query worker could not open the store of build {w.store.parent.name}") from exc
        w.ready = True

    def _retire(self, w: _Worker, kill: bool = False, reason: str | None = None) -> None:
        """Stop a worker; `reason` says why when it is stopped before its time (a restart, for monitoring)."""
        with self._lock:
            self._workers.discard(w)
        w.stop(kill=kill)
        if reason is not None:
            self.watch.restarted(reason)

    @property
    def _low_kept(self) -> int:
        """Idle low-priority workers kept at most: as many as low-priority queries can run at once (a suspect
        client's slots, all but one, and the long-query lane)."""
        return max(1, self.size - 1) + self.long_size

    def _replace(self, build: Build, low: bool) -> None:
        """Start a worker for `build` in the background, at the CPU priority of one that ended before its time,
        and add it to the idle ones once its store is open. A worker that cannot start is counted (crashed) and
        not replaced again, so a store that cannot be opened does not start workers in a loop."""

        def start() -> None:
            w = None
            try:
                w = self._start(build)
                self._await_start(w)
                if low:
                    w.lower_priority()
            except WorkerFailed as exc:
                if not self._closed:  # not when the pool stopped it while it started
                    log.warning("%s", exc)
                w = None
            with self._arrived:
                self._pending[low] -= 1
                if w is not None and not self._closed and (not low or len(self._idle_low) < self._low_kept):
                    (self._idle_low if low else self._idle).append(w)
                    w = None
                self._arrived.notify_all()
            if w is not None:
                self._retire(w)

        with self._lock:
            if self._closed or (low and len(self._idle_low) + self._pending[1] >= self._low_kept):
                return  # closing, or as many low ones idle (or coming) as are kept
            self._pending[low] += 1
        threading.Thread(target=start, name="kg-query-replace", daemon=True).start()

    def _await_replacement(self, low: bool) -> bool:
        """With no idle worker, wait for a replacement that is starting, if there is one, rather than start
        another: it is ready sooner, and starts that run at once slow each other (and every query) down.
        Whether an idle worker is there now."""
        idle = self._idle_low if low else self._idle
        with self._arrived:
            if not self._pending[low]:
                return False
            self._arrived.wait_for(lambda: idle or not self._pending[low], timeout=START_TIMEOUT)
            return bool(idle)

    def warm(self, build: Build) -> None:
        """Start a worker for each slot, and one more, for `build` ahead of the first requests: neither the first
        queries that come at once nor a query that comes just after long ones took the slots' workers out of
        the full-priority ones wait for a start (under load a start took 0.5-1.5 s here, against 0.3 s on a
        quiet machine). Only call this while the process is single-threaded (kg.server.serve's loader, before
        the web worker serves): the workers are forked directly."""
        while len(self._idle) < self.size + 1:
            self._idle.append(self._start(build, fork=True))

    # -- running -------------------------------------------------------------------------------------------

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
        """Run a job on `build`'s store within `timeout` seconds. `priority` orders the wait for a slot (lower
        first; read when a slot is handed out); `may_run_long` is asked when the query has run `long_after`
        seconds: False stops it (TooMany). A full long-query lane stops it at once too, rather than have it hold
        its slot. The queries of a `suspect` client (its recent queries ran long) hold at most all slots but one,
        so that a slot is always left for clients whose queries are cheap. `low_cpu`, asked when the slot is
        handed out, runs the query at the lowest CPU priority from its start."""
        asked = time.perf_counter()
        held = self._acquire(priority, suspect)  # what this query holds now, released as it moves on or ends
        low = bool(low_cpu and low_cpu())
        if low and not suspect and self.size > 1:
            # the client's queries ran long while this one waited: it holds one of the slots they may hold, or
            # waits again for one as theirs now do, so that a slot is left for the others even in a flood's start
            if self._suspect.try_acquire():
                held.insert(0, self._suspect)
            else:
                for lane in held:
                    lane.release()
                held = self._acquire(priority, True)
        self.watch.waited(time.perf_counter() - asked)
        try:
            w = self._hand(job, build, low)
            try:
                short = bool(self.long_size) and timeout > self.long_after
                answered = w.answered(min(timeout, self.long_after) if short else timeout)
                if not answered and short:
                    try:
                        self._enter_long(may_run_long)
                    except (TooMany, Busy):  # the client's long queries, or the lane, are at their maximum
                        log.warning("a long query may not go on as one; stopping worker %s", w.pid)
                        self._retire(w, kill=True, reason="refused_long")
                        self._replace(build, w.reniced)
                        raise
                    for lane in held:  # the slot goes to the next query; this one continues in the long lane
                        lane.release()
                    held = [self._long]
                    if not w.reniced:  # one worker fewer at full priority: another takes its place
                        w.lower_priority()
                        self._replace(build, low=False)
                    answered = w.answered(timeout - self.long_after)
                if not answered:
                    log.warning("query exceeded %.1f s; killing worker %s", timeout, w.pid)
                    self.killed += 1
                    self._retire(w, kill=True, reason="time_limit")
                    self._replace(build, w.reniced)
                    raise Timeout(f"the query ran longer than {timeout:g} s and was stopped")
                outcome = queryworker.receive_outcome(w.conn)
            except (EOFError, OSError, BrokenPipeError) as exc:
                out_of_memory = self.memory_mb and self._exitcode(w) == -signal.SIGABRT
                self._retire(w, kill=True, reason="memory_limit" if out_of_memory else "crashed")
                self._replace(build, w.reniced)
                if out_of_memory:
                    raise OutOfMemory(
                        f"the query needed more than the {self.memory_mb} MB of memory a query may use, and was stopped"
                    ) from exc
                how = f"signal {-w.process.exitcode}" if (w.process.exitcode or 0) < 0 else type(exc).__name__
                raise WorkerFailed(f"the query engine stopped while running this query ({how})") from exc
            w.jobs += 1
            # a worker at the lowest priority would slow the cheap queries it served next: it serves low ones,
            # and is kept for them only while fewer are idle than such queries can run at once (each client's
            # one long query turns a worker low: kept all, they would pile up)
            if not w.reniced:
                self._idle.append(w)
            elif len(self._idle_low) < self._low_kept:
                self._idle_low.append(w)
            else:
                self._retire(w)
            return outcome
        finally:
            for lane in held:
                lane.release()

    def _acquire(self, priority: Priority, suspect: bool) -> list[Lane]:
        """Take a slot (and, for a suspect client's query, one of the slots such clients may hold), waiting up
        to `queue_wait` seconds in order of priority; Busy when none came free."""
        held: list[Lane] = []
        if suspect and self.size > 1:
            if not self._suspect.acquire(priority, timeout=self.queue_wait):
                raise Busy(f"the server is running its maximum of {self.size} queries at once")
            held.append(self._suspect)
        if not self._slots.acquire(priority, timeout=self.queue_wait):
            for lane in held:
                lane.release()
            raise Busy(f"the server is running its maximum of {self.size} queries at once")
        held.append(self._slots)
        return held

    @staticmethod
    def _exitcode(w: _Worker) -> int | None:
        """A worker's exit code once it has ended (it reads end-of-file or breaks its pipe as it ends)."""
        w.process.join(timeout=2)
        return w.process.exitcode

    def _enter_long(self, may_run_long: Callable[[], bool] | None) -> None:
        """Take a slot of the long-query lane if one is free now. Raises TooMany when the client may not run
        another long query, LongQueriesBusy when there is no slot."""
        if may_run_long is not None and not may_run_long():
            raise TooMany("this client already has its maximum of long queries running")
        if not self._long.try_acquire():
            raise LongQueriesBusy(f"the server is already running its maximum of {self.long_size} long queries")

    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.pid for w in self._workers if w.pid)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for w in workers:
            w.stop()
