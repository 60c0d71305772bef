"""The site's own files (/static/: the style sheet, the editor's scripts, the vendored YASGUI), served compressed.

YASGUI is a megabyte of JavaScript: sent with gzip it is a third of that, which on a phone on a mobile network is
seconds before the editor works. Each file is read and compressed once per version on disk (its size and time)
and kept in memory; answers carry a strong ETag (a hash of the file), may be cached for a day and revalidated,
and say that they vary by Accept-Encoding. The file names come from the route and are checked against the
folder, so no path leads out of it.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, abort, request

FOLDER = Path(__file__).resolve().parent / "static"
COMPRESSIBLE = ("text/", "application/javascript", "image/svg+xml", "application/json")
MAX_AGE = 86400


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes | None  # None where compressing does not pay (already compressed, or tiny)
    media_type: str
    etag: str


_cache: dict[Path, tuple[tuple[int, int], Asset]] = {}
_lock = threading.Lock()


def _asset(path: Path) -> Asset:
    stat = path.stat()
    version = (stat.st_size, stat.st_mtime_ns)
    with _lock:
        found = _cache.get(path)
        if found is not None and found[0] == version:
            return found[1]
    body = path.read_bytes()
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    packed = gzip.compress(body, 9, mtime=0) if media.startswith(COMPRESSIBLE) and len(body) > 1024 else None
    worth = packed is not None and len(packed) < len(body)
    asset = Asset(body, packed if worth else None, media, hashlib.sha256(body).hexdigest()[:32])
    with _lock:
        _cache[path] = (version, asset)
    return asset


def init_app(app: Flask) -> None:
    """Serve /static/ (the endpoint url_for('static', ...) names), in place of Flask's own."""
    app.add_url_rule("/static/<path:filename>", endpoint="static", view_func=static, methods=["GET", "HEAD"])


def static(filename: str) -> Response:
    path = (FOLDER / filename).resolve()
    if FOLDER not in path.parents or not path.is_file():
        abort(404)
    asset = _asset(path)
    gzipped = asset.gzipped is not None and "gzip" in request.headers.get("Accept-Encoding", "").lower()
    etag = f"{asset.etag}-gz" if gzipped else asset.etag
    charset = "; charset=utf-8" if asset.media_type.startswith(("text/", "application/javascript")) else ""
    response = Response(asset.gzipped if gzipped else asset.body, content_type=asset.media_type + charset)
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.vary.add("Accept-Encoding")
    return response.make_conditional(request)
