"""The web server: a Flask application factory with one blueprint per area.

    create_app()                          settings from KG_* environment variables and defaults
    create_app(store="dist/store", ...)   some settings given, the others as above (tests)
    create_app(settings)                  settings resolved already (`kg serve`)

The HTTP layer only reads what `kg build` wrote (the store, build.json, dumps); it never parses sources.
"""

from __future__ import annotations

import logging
import os
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from kg.buildinfo import FILE as BUILD_FILE
from kg.errors import KGError
from kg.query.builds import Watcher
from kg.server.proxy import PathPrefix
from kg.server.state import State
from kg.settings import ServeSettings, resolve


def create_app(settings: ServeSettings | None = None, **overrides: Any) -> Flask:
    settings = settings or resolve(ServeSettings, overrides, os.environ)
    if settings.backend:
        # a front of a remote store needs only the build's light outputs (build.json, the search index, the
        # descriptions); its queries all go to the backend
        if not (settings.dist / BUILD_FILE).is_file():
            raise KGError(
                f"no build description at {settings.dist / BUILD_FILE}; a front with --backend needs the "
                "light outputs of the build (`kg front-files` copies them), not its store"
            )
        watched = settings.dist / BUILD_FILE
    elif not settings.store.is_dir():
        raise KGError(f"no store at {settings.store}; run `kg build` first or pass --store")
    else:
        watched = settings.store
    app = Flask(__name__, static_folder=None, template_folder="templates")  # /static/ is kg.server.assets
    # no request body is read past this (werkzeug refuses with 413 while reading, chunked bodies too)
    app.config["MAX_CONTENT_LENGTH"] = 4 * settings.max_query_length + 4096
    app.json.ensure_ascii = False
    builds = Watcher(watched)
    builds.current()  # a build this version cannot read is refused now, with what to do (kg.buildinfo)
    app.extensions["kg"] = State(settings, builds)
    logging.getLogger("kg").setLevel(logging.INFO)

    from kg.server import api, assets, downloads, errors, fastpath, feed, ops, pages, resources, sparql

    errors.init_app(app)
    ops.init_app(app)
    assets.init_app(app)
    for blueprint in (sparql.bp, api.bp, resources.bp, pages.bp, downloads.bp, feed.bp):
        app.register_blueprint(blueprint)
    if settings.fast_path:
        fastpath.install(app)
    prefix = site_prefix(settings)
    if prefix:  # outermost: the fast path and the app see the path within the site
        app.wsgi_app = PathPrefix(app.wsgi_app, prefix)  # type: ignore[method-assign]
    return app


def site_prefix(settings: ServeSettings) -> str:
    """The path the site is published under ("" at the root, "/kennisgraaf" for https://host/kennisgraaf/)."""
    return urlsplit(settings.public_url).path.rstrip("/") if settings.public_url else ""
