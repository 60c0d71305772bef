"""Running the app under Granian (a Rust HTTP server with a WSGI interface) for `kg serve`.

Why Granian and not gunicorn (which served until issue 6): on this 2-core machine gunicorn's gthread worker
tops out at ~3,700 requests/s for a WSGI app that does nothing and ~1,460 for Flask's hello world, which
caps the endpoint below what the issue asks of cheap lookups; Granian serves the same app at ~22,500 and
~5,100 (wrk, 8 connections; bench/RESULTS.md has the endpoint figures). HTTP parsing and connection
handling run in Rust, outside the GIL.

The app is created once in the main process, so a broken store is reported before any worker starts; the
web workers are forked from it. Each one then starts its first query worker before it accepts requests
(kg.server.executor: forked directly, since the web worker is still single-threaded at that point) and
stops its query workers when it exits.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.util
import signal
import sys

from flask import Flask
from granian.constants import Interfaces
from granian.log import LogLevels
from granian.server import Server
from kg.server import create_app
from kg.server.config import Settings

# Granian's own lines (start-up, worker spawns) to stderr like everything else the server says.
_LOGGING = {
    "handlers": {
        "console": {"formatter": "generic", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
        "access": {"formatter": "access", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
    }
}


def _loader(app: Flask):
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
        state = app.extensions["kg"]
        state.pool().warm()
        multiprocessing.util.Finalize(state, state.close, exitpriority=10)
        return app

    return load


def run(settings: Settings, host: str, port: int, workers: int, threads: int) -> None:
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    app = create_app(settings)
    if multiprocessing.get_start_method(allow_none=True) is None:
        multiprocessing.set_start_method("fork")  # web workers inherit the app created here
    server = Server(
        "kg.server:app",  # a name for Granian's logs; the app itself comes from _loader
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        websockets=False,
        workers=workers,
        blocking_threads=threads,
        backlog=1024,
        log_level=LogLevels.info,
        log_dictconfig=_LOGGING,
        respawn_failed_workers=True,
        workers_kill_timeout=int(settings.query_timeout + settings.queue_wait + 10),
        process_name="kg-serve",
    )
    server.serve(target_loader=_loader(app))
