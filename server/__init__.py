"""The web server: a Flask application factory with one blueprint per area.

    create_app()                          settings from KG_* environment variables
    create_app(store="dist/store", ...)   settings given (tests, `kg serve`)

The HTTP layer only reads what `kg build` wrote (the store, build.json, dumps); it never parses sources.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from kg.errors import KGError
from kg.query.builds import Watcher
from kg.server.config import Settings
from kg.server.state import State


def create_app(settings: Settings | None = None, **overrides: Any) -> Flask:
    settings = settings or Settings.from_env(**overrides)
    if settings.backend:
        # a front of a remote store needs only the build's light outputs (build.json, the search index, the
        # descriptions); its queries all go to the backend
        if not (settings.dist / "build.json").is_file():
            raise KGError(
                f"no build description at {settings.dist / 'build.json'}; a front with --backend needs the "
                "light outputs of the build (`kg front-files` copies them), not its store"
            )
        watched = settings.dist / "build.json"
    elif not settings.store.is_dir():
        raise KGError(f"no store at {settings.store}; run `kg build` first or pass --store")
    else:
        watched = settings.store
    app = Flask(__name__, static_folder="static", template_folder="templates")
    # no request body is read past this (werkzeug refuses with 413 while reading, chunked bodies too)
    app.config["MAX_CONTENT_LENGTH"] = 4 * settings.max_query_length + 4096
    app.json.ensure_ascii = False
    app.extensions["kg"] = State(settings, Watcher(watched))
    logging.getLogger("kg").setLevel(logging.INFO)

    from kg.server import api, downloads, errors, fastpath, ops, pages, resources, sparql

    errors.init_app(app)
    ops.init_app(app)
    for blueprint in (sparql.bp, api.bp, resources.bp, pages.bp, downloads.bp):
        app.register_blueprint(blueprint)
    if settings.fast_path:
        fastpath.install(app)
    return app
