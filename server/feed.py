"""The change feed at /ldes/: the Linked Data Event Stream the build wrote as files (kg.publish.ldes), served as
Turtle or JSON-LD by negotiation.

The files name the feed's address with a placeholder; each answer names the address the feed is served at here
(under the site's path, behind a proxy too), so that a page's IRI is the URL it was fetched from. A release's
pages never change once published: they are answered as immutable, with an ETag; the root gains a relation with
each release and may be kept a minute. A client that already has its maximum of requests in flight gets 429.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import Blueprint, Response, request, url_for

from kg import mediatypes
from kg.publish.ldes import PLACEHOLDER, ROOT
from kg.query import QueryError
from kg.server import conneg, data
from kg.server.errors import Problem, query_problem
from kg.server.state import state

bp = Blueprint("feed", __name__)

TYPES = [mediatypes.TURTLE, mediatypes.JSONLD]
SUFFIX = {mediatypes.TURTLE: ".ttl", mediatypes.JSONLD: ".jsonld"}
RELEASE = re.compile(r"^\d{4}-\d\d-\d\d-[0-9a-f]{12}(-\d{1,6})?$")
#: a year: what never changes may be kept as long as caches keep anything
IMMUTABLE = "public, max-age=31536000, immutable"


@bp.get("/ldes/")
def root() -> Response:
    """The root node: the event stream's description and a relation per release."""
    return _page(Path(ROOT), immutable=False)


@bp.get("/ldes/<release>/<int:number>")
def page(release: str, number: int) -> Response:
    if not RELEASE.match(release) or not 1 <= number <= 100_000:
        raise Problem(
            404, "There is no such page of the change feed.", "Deze pagina van de wijzigingsstroom bestaat niet."
        )
    return _page(Path(release) / str(number), immutable=True)


def _page(stem: Path, immutable: bool) -> Response:
    st = state()
    media = conneg.choose(TYPES, request.args.get("format"))
    path = st.builds.current().path / "ldes" / f"{stem}{SUFFIX[media]}"
    if not path.is_file():
        raise Problem(
            404,
            "There is no such page of the change feed (its release may not be published here).",
            "Deze pagina van de wijzigingsstroom bestaat niet (misschien is haar release hier niet gepubliceerd).",
        )
    client = st.client(request.environ)
    clients = st.clients()
    try:
        clients.enter(client)  # a page is a file, but a client that asks for many at once waits its turn
    except QueryError as exc:
        raise query_problem(exc, st.settings) from None
    try:
        body = path.read_bytes().replace(PLACEHOLDER.encode(), data.absolute(url_for("feed.root")).encode())
    finally:
        clients.leave(client)
    etag = hashlib.sha256(body).hexdigest()[:32]
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = Response(body, content_type=mediatypes.content_type(media))
    response.set_etag(etag)
    response.vary.add("Accept")
    response.headers["Cache-Control"] = IMMUTABLE if immutable else f"public, max-age={st.settings.cache_max_age}"
    response.headers["Access-Control-Allow-Origin"] = st.settings.cors_origin
    return response
