"""A logging handler that writes its lines in batches: the access log's handler under `kg serve`.

Why: the access log writes a line per request, and each write is a system call that lets go of the GIL,
which the thread must then win back from the web worker's other threads. Batched, strace counted one write
per lookup fewer (3.0 instead of 3.9 on a loaded web worker). With each of 8 connections pausing 4 ms
before each lookup, the p99 was lower in both of two runs: 3.93 and 4.29 ms against 4.73 and 5.21
(bench/RESULTS.md, "Batched access log"). At saturation the CPU per request did not change beyond the noise.
The lines are still formatted one by one; only the writes are grouped.

The rules, like nginx's `access_log ... buffer=size flush=time`:

- a batch is written once it would grow past PIPE_BUF bytes (4,096 on Linux), and never as more than
  that. The web workers share one standard error, and a pipe keeps a write of up to PIPE_BUF bytes whole,
  so lines from two processes never interleave mid-line. A single longer line is written on its own, as
  before;
- a line waits at most `max_delay` seconds (0.2). A flusher thread writes the batch that long after its
  first line. The thread sleeps while the buffer is empty, so an idle server does no work;
- the pending lines are written when the process ends normally. kg.server.serve runs `flush_all` when a
  web worker exits. A process killed with SIGKILL loses at most the last `max_delay` seconds of lines;
- a process forked while lines are pending does not write them again: the child starts with an empty
  buffer, and the parent writes them.
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
import weakref
from typing import TextIO

#: bytes a write to a pipe keeps whole (POSIX guarantees 512; Linux has 4,096)
PIPE_BUF = getattr(select, "PIPE_BUF", 512)

_handlers: weakref.WeakSet[BatchedStreamHandler] = weakref.WeakSet()


class BatchedStreamHandler(logging.StreamHandler):
    """A StreamHandler whose lines are written in batches of at most `max_bytes`, each at most `max_delay`
    seconds after its first line was logged."""

    def __init__(self, stream: TextIO, max_bytes: int = PIPE_BUF, max_delay: float = 0.2) -> None:
        super().__init__(stream)
        self.max_bytes = max_bytes
        self.max_delay = max_delay
        self._pending: list[str] = []
        self._size = 0
        self._due = threading.Event()  # set when the first line of a batch arrives
        self._flusher_pid = 0  # the process the flusher thread runs in (threads do not survive a fork)
        _handlers.add(self)

    def emit(self, record: logging.LogRecord) -> None:
        # logging.Handler.handle holds self.lock while this runs
        try:
            line = self.format(record)
        except Exception:
            self.handleError(record)
            return
        self._add(line + self.terminator)

    def write_line(self, line: str) -> None:
        """Take a line the caller has formatted as emit() takes a record's. kg.server.ops writes the access
        log's lines this way, with no LogRecord made."""
        with self.lock:
            self._add(line + self.terminator)

    def _add(self, line: str) -> None:
        size = len(line) if line.isascii() else len(line.encode("utf-8"))
        if self._pending and self._size + size > self.max_bytes:
            self._write()
        self._pending.append(line)
        self._size += size
        if self._size >= self.max_bytes:
            self._write()
        elif len(self._pending) == 1:
            self._start_clock()

    def flush(self) -> None:
        with self.lock:
            self._write()

    def _write(self) -> None:
        if not self._pending:
            return
        text = "".join(self._pending)
        self._pending.clear()
        self._size = 0
        try:
            self.stream.write(text)
            self.stream.flush()
        except Exception:  # as logging does for a line it cannot write: reported on stderr, never raised
            self.handleError(logging.makeLogRecord({"msg": "%d bytes of log lines", "args": (len(text),)}))

    def _start_clock(self) -> None:
        pid = os.getpid()
        if self._flusher_pid != pid:
            self._flusher_pid = pid
            threading.Thread(target=self._flush_when_due, name="log-flusher", daemon=True).start()
        self._due.set()

    def _flush_when_due(self) -> None:
        due = self._due
        while True:
            due.wait()
            time.sleep(self.max_delay)
            with self.lock:
                due.clear()  # under the lock: a line logged after this starts the next wait
                self._write()

    def _forget_after_fork(self) -> None:
        self._pending = []
        self._size = 0
        self._due = threading.Event()
        self._flusher_pid = 0


def _forget_after_fork() -> None:
    for handler in list(_handlers):
        handler._forget_after_fork()


os.register_at_fork(after_in_child=_forget_after_fork)  # once, for every handler (the set holds them weakly)


def flush_all() -> None:
    """Write every batched handler's pending lines now (at a process's end)."""
    for handler in list(_handlers):
        handler.flush()
