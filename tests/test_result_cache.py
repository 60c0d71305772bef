"""Repeated identical queries are answered from a result cache that a new build invalidates."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from kg.query.cache import ResultCache
from kg.query.worker import Outcome

QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON = {"Accept": "application/sparql-results+json"}


def stats(app) -> dict[str, int]:
    return app.extensions["kg"].cache().stats()


def ask(client, query: str = QUERY):
    r = client.get("/sparql", query_string={"query": query}, headers=JSON)
    assert r.status_code == 200, r.get_data(as_text=True)
    return r


def test_a_repeated_query_is_answered_from_the_cache(make_app):
    app = make_app(result_cache_mb=8)
    client = app.test_client()
    first = ask(client)
    second = ask(client)
    assert second.data == first.data
    assert stats(app)["hits"] == 1
    assert stats(app)["misses"] == 1


@pytest.mark.parametrize("query", ["SELECT (NOW() AS ?t) WHERE {}", "SELECT (RAND() AS ?r) WHERE {}"])
def test_volatile_queries_are_never_cached(make_app, query):
    app = make_app(result_cache_mb=8)
    client = app.test_client()
    ask(client, query)
    ask(client, query)
    assert stats(app) == {"entries": 0, "bytes": 0, "hits": 0, "misses": 0}


def test_pages_use_the_cache_too(make_app):
    app = make_app(result_cache_mb=8)
    client = app.test_client()
    assert client.get("/doc/gemeente/oss", headers={"Accept": "text/html"}).status_code == 200
    before = stats(app)["hits"]
    assert client.get("/doc/gemeente/oss", headers={"Accept": "text/html"}).status_code == 200
    assert stats(app)["hits"] > before


def test_the_cache_can_be_turned_off(make_app):
    app = make_app(result_cache_mb=0)
    client = app.test_client()
    ask(client)
    ask(client)
    assert stats(app)["hits"] == 0


def test_a_new_build_invalidates_the_cache(dist: Path, tmp_path: Path, make_app):
    """Two builds side by side and a dist symlink switched from one to the other, as kg build does."""
    builds = tmp_path / "builds"
    for name in ("a", "b"):
        shutil.copytree(dist.resolve(), builds / name, symlinks=True)
    info = json.loads((builds / "b" / "build.json").read_text(encoding="utf-8"))
    info["build_id"] = "0" * 16
    (builds / "b" / "build.json").write_text(json.dumps(info), encoding="utf-8")
    link = tmp_path / "dist"
    link.symlink_to(builds / "a")
    app = make_app(store=link / "store", result_cache_mb=8)
    client = app.test_client()
    old = ask(client)
    ask(client)
    assert stats(app)["hits"] == 1

    tmp = tmp_path / "dist.new"
    tmp.symlink_to(builds / "b")
    tmp.replace(link)
    time.sleep(1.1)  # the server looks for a new build at most once a second
    new = ask(client)
    assert stats(app)["hits"] == 1, "answered from the old build's cache"
    assert stats(app)["entries"] == 1
    assert new.headers["ETag"] != old.headers["ETag"]


def outcome(size: int) -> Outcome:
    return Outcome("ok", b"x" * size, "application/sparql-results+json", "select", 1)


def test_least_recently_used_answers_go_first_when_full():
    cache = ResultCache(max_bytes=1000)
    for key in ("a", "b", "c"):
        cache.put("build", key, outcome(240))
    cache.get("build", "a")  # a is now the most recently used
    cache.put("build", "d", outcome(240))
    cache.put("build", "e", outcome(240))  # 5 x 240 > 1000: the least recently used (b) goes
    assert cache.get("build", "b") is None
    assert all(cache.get("build", k) is not None for k in ("a", "c", "d", "e"))
    assert cache.stats()["bytes"] <= 1000


@pytest.mark.parametrize(
    "kept",
    [
        Outcome("syntax", message="bad"),
        Outcome("error", message="failed"),
        outcome(300),  # more than a quarter of the cache
    ],
    ids=["syntax error", "evaluation error", "too large"],
)
def test_failures_and_very_large_answers_are_not_kept(kept):
    cache = ResultCache(max_bytes=1000)
    cache.put("build", "k", kept)
    assert cache.get("build", "k") is None
