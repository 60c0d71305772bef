"""Running the app under gunicorn (gthread workers) for `kg serve`.

The app is created once in the master (preload), so a broken store is reported before any worker starts;
each worker then starts its own query-worker pool after the fork (kg.server.executor).
"""

from __future__ import annotations

import logging
import sys

from gunicorn.app.base import BaseApplication
from kg.server import create_app
from kg.server.config import Settings


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict) -> None:  # noqa: ANN001 - a Flask app
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def _post_worker_init(worker) -> None:  # noqa: ANN001 - gunicorn worker
    """Start the first query worker before this web worker accepts requests, so the first query does not
    wait for it (and no request races the start-up into starting a second one)."""
    from kg.server.state import State

    state: State = worker.app.application.extensions["kg"]
    state.pool().warm()


def _worker_exit(server, worker) -> None:  # noqa: ANN001
    worker.app.application.extensions["kg"].close()


def run(settings: Settings, host: str, port: int, workers: int, threads: int) -> None:
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    app = create_app(settings)
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "preload_app": True,
        "timeout": int(settings.query_timeout + settings.queue_wait + 30),
        "graceful_timeout": 10,
        "keepalive": 5,
        "accesslog": None,  # kg.access logs one line per request instead
        "errorlog": "-",
        "loglevel": "info",
        "post_worker_init": _post_worker_init,
        "worker_exit": _worker_exit,
        "proc_name": "kg-serve",
    }
    _Gunicorn(app, options).run()
