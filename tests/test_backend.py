"""A remote triple store as the backend: `kg publish --to` loads the build into a real Oxigraph server started
here (Graph Store Protocol), and the endpoint, the saved-query API and the pages answered from it through
`kg serve --backend` are the same as from the embedded store."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.iris import Iris
from kg.publish.gsp import publish
from kg.query import saved

from . import answers, servers
from .servers import free_port, get, query_url, start_server

pytestmark = pytest.mark.server_process

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """A writable Oxigraph server on loopback; yields its base URL (/store for GSP, /query for SPARQL)."""
    folder = tmp_path_factory.mktemp("oxigraph-backend")
    with servers.oxigraph_server("serve", folder / "db", folder / "oxigraph.log") as base:
        yield base


def kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def published(oxigraph_server, dist: Path) -> str:
    """The build published twice with the kg publish command (the second PUT must replace, not add)."""
    for _ in range(2):
        done = kg("publish", "--to", f"{oxigraph_server}/store", "--dist", str(dist))
        assert done.returncode == 0, done.stderr
    return f"{oxigraph_server}/query"


def remote_count(query_endpoint: str, graph: str | None = None) -> int:
    params = {"query": COUNT, **({"default-graph-uri": graph} if graph else {})}
    status, _, body = get(f"{query_endpoint}?{urllib.parse.urlencode(params)}")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def remote_app(published, dist):
    from kg.server import create_app

    app = create_app(store=dist / "store", backend=published, result_cache_mb=0)
    yield app
    app.extensions["kg"].close()


def test_publish_replaces_the_graph_instead_of_adding_to_it(published, dist):
    """Published twice, the graph holds what the embedded store's default graph holds (the dump, the catalogue
    and VoID), once."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(dist / "store"))
    embedded = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert remote_count(published, "https://w3id.org/aeno-kg/id/dataset/aeno-kg") == embedded


@pytest.mark.parametrize("name", [q.name for q in saved.load()])
def test_every_catalogued_query_answers_the_same_from_the_backend(remote_app, client, name):
    ours = client.get(f"/api/queries/{name}")
    theirs = remote_app.test_client().get(f"/api/queries/{name}")
    assert ours.status_code == theirs.status_code == 200, theirs.data
    assert answers.api_rows(json.loads(theirs.data)["rows"]) == answers.api_rows(json.loads(ours.data)["rows"])


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("projecten-met-gedeeld-thema", {"gemeente": "delft"}),
        ("contactpersonen-van-project", {"project": "oss-osse-manier-van-zelforganisatie"}),
        ("projecten-op-datum", {"datum": "2018-06-01"}),
    ],
)
def test_parameters_are_bound_the_same_on_the_backend(remote_app, client, name, params):
    ours = client.get(f"/api/queries/{name}", query_string=params)
    theirs = remote_app.test_client().get(f"/api/queries/{name}", query_string=params)
    assert ours.status_code == 200, ours.data
    assert answers.api_rows(json.loads(theirs.data)["rows"]) == answers.api_rows(json.loads(ours.data)["rows"])


@pytest.mark.parametrize("query", saved.load(), ids=lambda q: q.name)
def test_every_catalogued_query_through_the_endpoint_gives_the_same_results(remote_app, client, query):
    text = saved.with_defaults(query, Iris("https://w3id.org/aeno-kg/"))
    headers = {"Accept": "application/sparql-results+json"}
    ours = client.get("/sparql", query_string={"query": text}, headers=headers)
    theirs = remote_app.test_client().get("/sparql", query_string={"query": text}, headers=headers)
    assert ours.status_code == theirs.status_code == 200
    assert answers.sparql_json(json.loads(theirs.data)) == answers.sparql_json(json.loads(ours.data))


@pytest.mark.parametrize(
    "path",
    ["/", "/doc/gemeente/oss", "/doc/project/oss-osse-manier-van-zelforganisatie", "/doc/thema/zelforganisatie"],
)
def test_pages_are_the_same_from_the_backend(remote_app, client, path):
    ours = client.get(path, headers={"Accept": "text/html"})
    theirs = remote_app.test_client().get(path, headers={"Accept": "text/html"})
    assert ours.status_code == theirs.status_code == 200
    assert theirs.data == ours.data


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "application/ld+json"])
def test_resource_descriptions_are_the_same_from_the_backend(remote_app, client, accept):
    ours = client.get("/doc/gemeente/oss", headers={"Accept": accept})
    theirs = remote_app.test_client().get("/doc/gemeente/oss", headers={"Accept": accept})
    assert theirs.status_code == 200
    assert theirs.data == ours.data


def test_the_safety_rules_still_apply_on_the_backend(remote_app):
    c = remote_app.test_client()
    assert c.post("/sparql", data={"update": "DROP ALL"}).status_code in (400, 403)
    assert (
        c.get(
            "/sparql", query_string={"query": "SELECT * WHERE { SERVICE <http://10.0.0.1/> { ?s ?p ?o } }"}
        ).status_code
        == 400
    )


def test_a_syntax_error_from_the_backend_is_a_400(remote_app):
    r = remote_app.test_client().get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s "})
    assert r.status_code == 400
    assert b"syntax" in r.data.lower()


def test_row_limits_apply_to_backend_answers(published, dist, make_app):
    app = make_app(backend=published, max_result_rows=5, result_cache_mb=0)
    r = app.test_client().get(
        "/sparql",
        query_string={"query": "SELECT * WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert len(json.loads(r.data)["results"]["bindings"]) == 5
    assert r.headers["X-SPARQL-Truncated"].startswith("true")


def test_kg_serve_with_a_backend_answers_from_it(published, dist, tmp_path):
    process, base = start_server(dist, tmp_path / "serve.log", "--backend", published)
    try:
        status, _, body = get(query_url(base, COUNT))
        assert status == 200
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == remote_count(
            published, "https://w3id.org/aeno-kg/id/dataset/aeno-kg"
        )
        health = json.loads(get(f"{base}/health")[2])
        assert health["ready"] and health["query_workers"] == []
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.fixture(scope="module")
def front(dist: Path, tmp_path_factory) -> Path:
    """The light outputs of the build, copied by `kg front-files` (no store, no dumps)."""
    out = tmp_path_factory.mktemp("front") / "front"
    done = kg("front-files", "--dist", str(dist), "--to", str(out))
    assert done.returncode == 0, done.stderr
    return out


def test_front_files_copy_neither_the_store_nor_the_dumps(front, dist):
    assert (front / "build.json").read_bytes() == (dist / "build.json").read_bytes()
    assert (front / "search.sqlite").is_file() and (front / "catalog.ttl").is_file()
    assert not (front / "store").exists()
    assert not any(front.glob("kg.*"))
    heavy = [*(dist / "store").rglob("*"), *dist.glob("kg.*")]  # what a front leaves to the backend
    assert sum(f.stat().st_size for f in front.rglob("*") if f.is_file()) < sum(
        f.stat().st_size for f in heavy if f.is_file()
    )


def test_a_front_without_a_local_store_serves_everything_from_the_backend(published, front, tmp_path):
    process, base = start_server(front, tmp_path / "front.log", "--backend", published, as_dist=True)
    try:
        status, _, body = get(query_url(base, COUNT))
        assert status == 200
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == remote_count(
            published, "https://w3id.org/aeno-kg/id/dataset/aeno-kg"
        )
        page = get(f"{base}/doc/project/oss-osse-manier-van-zelforganisatie", headers={"Accept": "text/html"})
        assert page[0] == 200 and "Osse manier" in page[2].decode()
        found = get(f"{base}/zoeken?q=Soest", headers={"Accept": "text/html"})
        assert found[0] == 200 and "/doc/gemeente/soest" in found[2].decode()
        assert get(f"{base}/catalog", headers={"Accept": "text/turtle"})[0] == 200
        downloads = get(f"{base}/download/", headers={"Accept": "text/html"})[2].decode()
        assert "kg.nt.gz" not in downloads and "heeft de dumps van deze build niet" in downloads
        assert get(f"{base}/download/kg.nt.gz")[0] == 404
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_a_front_moves_to_a_new_copy_of_the_light_outputs_without_a_restart(published, dist, tmp_path):
    import time

    from kg.publish.front import copy_front
    from kg.server import create_app

    out = tmp_path / "front"
    copy_front(dist, out)
    app = create_app(store=out / "store", backend=published)
    try:
        builds = app.extensions["kg"].builds
        first = builds.current().path
        copy_front(dist, out)
        time.sleep(builds.check_every + 0.1)
        assert builds.current().path == out.resolve() != first
        assert app.test_client().get("/zoeken?q=Soest", headers={"Accept": "text/html"}).status_code == 200
    finally:
        app.extensions["kg"].close()


def test_front_files_never_write_over_a_build(dist):
    from kg.publish.front import copy_front

    for target in (dist, dist / "front"):
        with pytest.raises(KGError, match="give a folder of its own for the front"):
            copy_front(dist, target)
    assert (dist / "store").is_dir() and not (dist / "front").exists()


def test_a_front_without_the_build_description_refuses_to_start(published, tmp_path):
    from kg.server import create_app

    with pytest.raises(KGError, match=r"no build description at .*build\.json; a front with --backend needs"):
        create_app(store=tmp_path / "empty" / "store", backend=published)


def test_without_a_backend_a_front_copy_is_refused_for_want_of_a_store(front):
    from kg.server import create_app

    with pytest.raises(KGError, match="no store at"):
        create_app(store=front / "store")


def test_an_unreachable_backend_is_a_503_not_a_traceback(dist, make_app):
    app = make_app(backend=f"http://127.0.0.1:{free_port()}/query", result_cache_mb=0)
    r = app.test_client().get(
        "/sparql", query_string={"query": COUNT}, headers={"Accept": "application/sparql-results+json"}
    )
    assert r.status_code == 503
    assert b"backend" in r.data


def test_publishing_to_a_server_that_refuses_names_the_graph(oxigraph_server, dist):
    with pytest.raises(KGError, match=r"refused <https://w3id.org/aeno-kg/id/dataset/aeno-kg> with HTTP 4\d\d"):
        publish(dist, f"{oxigraph_server}/no-such-service")


def test_publishing_without_a_build_says_so(tmp_path):
    with pytest.raises(KGError, match="run `kg build` first"):
        publish(tmp_path, "http://127.0.0.1:9/store")
