"""Running the app under Granian (a Rust HTTP server with a WSGI interface) for `kg serve`.

Why Granian and not gunicorn (which served before it): on this 2-core machine gunicorn's gthread worker
tops out at ~3,700 requests/s for a WSGI app that does nothing and ~1,460 for Flask's hello world, which
caps the endpoint below the ~1,250 cheap lookups/s it is meant to answer; Granian serves the same app at ~22,500 and
~5,100 (wrk, 8 connections; bench/RESULTS.md has the endpoint figures). HTTP parsing and connection
handling run in Rust, outside the GIL.

The app is created once in the main process, so a broken store is reported before any worker starts; the
web workers are forked from it. Each one then starts its first query worker before it accepts requests
(kg.query.pool: forked directly, since the web worker is still single-threaded at that point) and
stops its query workers when it exits.
"""

from __future__ import annotations

import errno
import logging
import multiprocessing
import multiprocessing.util
import os
import resource
import signal
import socket
import sys
import time
from collections.abc import Callable

from flask import Flask
from granian.constants import Interfaces
from granian.http import HTTP1Settings
from granian.log import LogLevels
from granian.server import Server

from kg.errors import KGError
from kg.query.worker import die_with_parent
from kg.server import create_app, granianstop, ops
from kg.server.linebatch import BatchedStreamHandler, flush_all
from kg.settings import ServeSettings

# Granian's own lines (start-up, worker spawns) to stderr like everything else the server says.
_LOGGING = {
    "handlers": {
        "console": {"formatter": "generic", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
        "access": {"formatter": "access", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
    }
}


LOG_FORMAT = "%(asctime)s %(name)s %(message)s"


class _ClockFormatter(logging.Formatter):
    """The standard formatter, with the date and time of a line written once per second rather than once per
    line (time.localtime and strftime were a third of an access-log line's cost)."""

    _clock: tuple[int, str] = (-1, "")  # a second and its text, read and replaced as one (threads share it)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return self.time_text(record.created)

    def time_text(self, created: float) -> str:
        """What formatTime writes for a record created at `created` (time.time()): the record's msecs are
        int((created - int(created)) * 1000), as logging.LogRecord computes them."""
        second, text = self._clock
        if second != int(created):
            second = int(created)
            text = time.strftime("%Y-%m-%d %H:%M:%S", self.converter(second))
            self._clock = (second, text)
        return f"{text},{int((created - second) * 1000):03d}"


def access_writer(handler: BatchedStreamHandler, formatter: _ClockFormatter) -> Callable[[str], None]:
    """A function that writes an access-log message as the handler would write a kg.access record's: the same
    line (LOG_FORMAT), with no LogRecord made and no formatter called: 4.9 us a line instead of 11.4
    (bench/access_log.py; bench/RESULTS.md, "The access log without LogRecords")."""
    name = ops.access_log.name
    clock = formatter.time_text
    write = handler.write_line

    def write_access(message: str) -> None:
        write(f"{clock(time.time())} {name} {message}")

    return write_access


def configure_logging() -> None:
    """Every line of the server (its own, Granian's, the access log) to stderr, with the time.

    The access log writes a line per request, so its cost counts: its lines are made without a LogRecord
    (access_writer: 4.9 us a line instead of 11.4), and every other record skips the fields no line of ours
    shows (thread, process: the public switches of the logging HOWTO's "Optimization" section)."""
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    formatter = _ClockFormatter(LOG_FORMAT)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    logging.basicConfig(level=logging.INFO, handlers=[handler])
    # the access log's lines in batches (kg.server.linebatch: one system call fewer per request), made without
    # a LogRecord (access_writer); every other line, errors above all, is written at once
    batched = BatchedStreamHandler(sys.stderr)
    batched.setFormatter(formatter)
    ops.access_log.handlers = [batched]
    ops.access_log.propagate = False
    ops.write_access_line = access_writer(batched, formatter)


HEADER_TIMEOUT_MS = 5_000
MAX_CONNECTIONS = 16_384  # per web worker


def _loader(app: Flask, main_pid: int | None = None):
    """Called in each web worker after the fork, before it serves: warm this process's query workers and
    have them stopped when the web worker ends (multiprocessing runs Finalize callbacks at a child's exit,
    where atexit handlers do not run)."""

    def load(_target: str) -> Flask:
        # Until Granian installs its own handlers (after this loader returns), a web worker has the handlers
        # it inherited from the main process, which only set a flag there: a stop signal arriving now would
        # be lost, and the worker would serve on until Granian's kill timeout. A worker that is still loading
        # has nothing to finish, so it may simply end (its query worker then reads end-of-file and ends too).
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        granianstop.install()
        # A web worker ends with the main process, even one killed with SIGKILL (which runs no clean-up): it
        # would otherwise go on answering the port with whatever build it had. Its query workers end with it.
        die_with_parent(main_pid)
        state = app.extensions["kg"]
        state.pool().warm(state.builds.current())
        state.pool("pages").warm(state.builds.current())
        multiprocessing.util.Finalize(state, state.close, exitpriority=10)
        multiprocessing.util.Finalize(None, flush_all, exitpriority=1)  # the access log's pending lines
        return app

    return load


def raise_open_files_limit() -> tuple[int, int]:
    """Raise the soft limit on open files to the hard one: each connection is a descriptor, and at the usual
    soft limit of 1,024 a thousand idle connections would leave none for the next client. Returns the
    (before, after) soft limits."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 1_048_576)
    if target > soft:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            return soft, soft
    return soft, resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class AddressUnavailable(KGError):
    """The address `kg serve` was asked to listen on cannot be had: the user's choice, exit 2."""

    exit_code = 2


def check_address(host: str, port: int) -> None:
    """Refuse, before anything starts, an address that cannot be listened on: a port another program holds, a
    port another `kg serve` holds (Granian listens with SO_REUSEPORT, so a second server would silently share
    the port and answer half the requests from its own build), a host name that does not resolve, an address
    this machine does not have. The probe binds without SO_REUSEPORT, which fails beside any listener."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise AddressUnavailable(f"cannot listen on host {host!r}: {exc.strerror}; check --host") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a closed server's TIME_WAIT is no obstacle
        try:
            probe.bind(address)
            probe.listen(1)
        except PermissionError:
            raise AddressUnavailable(
                f"not allowed to listen on port {port} (ports below 1024 need privileges); choose another with --port"
            ) from None
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise AddressUnavailable(
                    f"port {port} on {host} is already in use (by another program or another kg serve); "
                    "stop it or choose another port with --port"
                ) from None
            raise AddressUnavailable(f"cannot listen on {host}:{port}: {exc.strerror}; check --host") from None


def run(settings: ServeSettings) -> None:
    configure_logging()
    unsupported = granianstop.check()
    if unsupported:
        logging.getLogger("kg.server").warning(
            "%s: web workers stop by Granian's own signal handling, which may take up to %d s on Ctrl-C",
            unsupported,
            int(settings.query_timeout + settings.queue_wait + 10),
        )
    _, files = raise_open_files_limit()
    app = create_app(settings)
    if multiprocessing.get_start_method(allow_none=True) is None:
        multiprocessing.set_start_method("fork")  # web workers inherit the app created here
    server = Server(
        "kg.server:app",  # a name for Granian's logs; the app itself comes from _loader
        address=settings.host,
        port=settings.port,
        interface=Interfaces.WSGI,
        websockets=False,
        workers=settings.workers,
        blocking_threads=settings.threads,
        backlog=1024,
        # connections a web worker holds at once (Granian's default, backlog / workers = 512, let 1,100 idle
        # connections lock everyone out); bounded by the open-files limit, with room for the store's files
        backpressure=max(512, min(MAX_CONNECTIONS, (files - 1024) // settings.workers)),
        # a connection that starts a request must send its whole head within 5 s (slow-header clients)
        http1_settings=HTTP1Settings(header_read_timeout=HEADER_TIMEOUT_MS),
        log_level=LogLevels.info,
        log_dictconfig=_LOGGING,
        respawn_failed_workers=True,
        workers_kill_timeout=int(settings.query_timeout + settings.queue_wait + 10),
        process_name="kg-serve",
    )
    server.serve(target_loader=_loader(app, os.getpid()))
