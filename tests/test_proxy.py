"""Behind a reverse proxy, under a path, watched by monitoring: who the client is (only a trusted proxy is
believed), every link under the site's path, and /metrics for the allowed addresses only. Tried in-process
here; tests/test_proxy_nginx.py tries the same through a real nginx in front of the real `kg serve`."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from prometheus_client.parser import text_string_to_metric_families

from kg.server.proxy import Proxies, forwarded, parse_forwarded

TRUSTED = ("10.0.0.0/8", "192.0.2.1")


def environ(peer: str, **headers: str) -> dict:
    return {"REMOTE_ADDR": peer, **{f"HTTP_{k.upper()}": v for k, v in headers.items()}}


@pytest.mark.parametrize(
    ("env", "client"),
    [
        (environ("203.0.113.9"), "203.0.113.9"),
        (environ("203.0.113.9", x_forwarded_for="198.51.100.7"), "203.0.113.9"),  # not a proxy: ignored
        (environ("10.1.2.3", x_forwarded_for="198.51.100.7"), "198.51.100.7"),
        (environ("10.1.2.3", x_forwarded_for="6.6.6.6, 198.51.100.7"), "198.51.100.7"),  # forged entry left of it
        (environ("10.1.2.3", x_forwarded_for="198.51.100.7, 10.9.9.9"), "198.51.100.7"),  # two proxies
        (environ("10.1.2.3", x_forwarded_for="10.4.4.4, 10.9.9.9"), "10.4.4.4"),  # every hop ours: the first
        (environ("10.1.2.3", x_forwarded_for="[2001:db8::7]:4711"), "2001:db8::7"),
        (environ("10.1.2.3", x_forwarded_for="198.51.100.7:51000"), "198.51.100.7"),
        (environ("10.1.2.3"), "10.1.2.3"),  # a trusted peer that says nothing is itself
        (environ("10.1.2.3", forwarded='for=198.51.100.7;proto=https, for="[2001:db8::1]"'), "2001:db8::1"),
        (environ("10.1.2.3", forwarded="for=198.51.100.7", x_forwarded_for="203.0.113.5"), "203.0.113.5"),
        (environ("10.1.2.3", x_forwarded_for="unknown"), "unknown"),  # a name is nobody we trust
        (environ("::ffff:192.0.2.1", x_forwarded_for="198.51.100.7"), "198.51.100.7"),  # IPv4 as IPv6
    ],
)
def test_the_client_is_the_rightmost_address_a_trusted_proxy_reports_that_is_not_a_proxy(env, client):
    assert Proxies(TRUSTED).client(env) == client


def test_with_no_trusted_proxy_every_header_is_ignored():
    assert Proxies(()).client(environ("10.1.2.3", x_forwarded_for="198.51.100.7")) == "10.1.2.3"


@pytest.mark.parametrize(
    ("env", "site"),
    [
        (
            environ("10.1.2.3", x_forwarded_proto="https", x_forwarded_host="data.example.nl"),
            ("https", "data.example.nl"),
        ),
        (environ("10.1.2.3", forwarded="for=1.2.3.4;proto=https;host=data.example.nl"), ("https", "data.example.nl")),
        (environ("10.1.2.3", x_forwarded_host="data.example.nl:8443"), ("http", "data.example.nl:8443")),
        (environ("203.0.113.9", x_forwarded_proto="https", x_forwarded_host="evil.example"), None),  # not a proxy
        (environ("10.1.2.3", x_forwarded_host="evil.example/path?x"), None),  # not a host
        (environ("10.1.2.3", x_forwarded_proto="gopher", x_forwarded_host="a.example"), ("http", "a.example")),
    ],
)
def test_scheme_and_host_come_only_from_a_trusted_proxy_and_only_when_well_formed(env, site):
    assert Proxies(TRUSTED).site(env) == site


def test_forwarded_reads_quoted_values_and_several_elements():
    assert parse_forwarded('for="_gazonk", For="[2001:db8:cafe::17]:4711";proto=https') == [
        {"for": "_gazonk"},
        {"for": "[2001:db8:cafe::17]:4711", "proto": "https"},
    ]
    assert forwarded(environ("x", forwarded='for=a;host="h.example"')).host == "h.example"


# -- the app behind a trusted proxy ---------------------------------------------------------------------------


def test_per_client_limits_count_the_client_behind_the_proxy(make_app, caplog):
    app = make_app(trusted_proxies=("10.0.0.1",), result_cache_mb=0)
    client = app.test_client()
    with caplog.at_level("INFO", logger="kg.access"):
        r = client.get(
            "/sparql",
            query_string={"query": "ASK {}"},
            headers={"X-Forwarded-For": "6.6.6.6, 198.51.100.7"},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        )
    assert r.status_code == 200
    line = next(r.getMessage() for r in caplog.records if r.name == "kg.access")
    assert line.startswith("198.51.100.7 GET /sparql?query=")


def test_a_direct_client_that_forges_forwarded_headers_is_still_itself(make_app, caplog):
    app = make_app(trusted_proxies=("10.0.0.1",))
    with caplog.at_level("INFO", logger="kg.access"):
        app.test_client().get(
            "/", headers={"X-Forwarded-For": "198.51.100.7"}, environ_base={"REMOTE_ADDR": "203.0.113.50"}
        )
    line = next(r.getMessage() for r in caplog.records if r.name == "kg.access")
    assert line.startswith("203.0.113.50 GET / ")


def test_absolute_links_follow_the_proxy_only_where_no_public_url_is_set(make_app):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "data.example.nl"}
    proxied = make_app(trusted_proxies=("10.0.0.1",)).test_client()
    robots = proxied.get("/robots.txt", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.1"}).data.decode()
    assert "Sitemap: https://data.example.nl/sitemap.xml" in robots
    direct = proxied.get("/robots.txt", headers=headers, environ_base={"REMOTE_ADDR": "203.0.113.50"}).data.decode()
    assert "data.example.nl" not in direct and "Sitemap: http://127.0.0.1:5000/sitemap.xml" in direct
    fixed = make_app(trusted_proxies=("10.0.0.1",), public_url="https://kg.example.org/").test_client()
    robots = fixed.get("/robots.txt", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.1"}).data.decode()
    assert "Sitemap: https://kg.example.org/sitemap.xml" in robots


# -- under a path ---------------------------------------------------------------------------------------------

#: what a browser asks for
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PREFIX = "/kennisgraaf"
PUBLIC = f"https://data.example.nl{PREFIX}/"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "link": "href", "script": "src", "img": "src", "form": "action"}.get(tag)
        for name, value in attrs:
            if name == wanted and value is not None:
                self.links.append(value)


def links_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


@pytest.fixture(scope="module")
def prefixed(dist):
    from kg.server import create_app

    app = create_app(store=dist / "store", public_url=PUBLIC)
    yield app.test_client()
    app.extensions["kg"].close()


def kind_of(path: str) -> str:
    """A page's kind, for the crawl: its path up to the slug (/kennisgraaf/doc/gemeente/...)."""
    parts = path.split("?")[0].rstrip("/").split("/")
    return "/".join(parts[:4]) if len(parts) > 4 else path.split("?")[0]


def crawl(
    client, start: str, limit: int = 400, per_kind: int = 4, links_per_kind: int | None = None
) -> tuple[dict[str, int], list[str]]:
    """Follow the links of the site's own pages from `start`: a few pages of each kind (each of them once, its
    query variants checked too), the status of each, and every link that leaves the prefix. With
    `links_per_kind`, only so many links of each kind (page kind and query parameters) are asked for; every
    link is still checked for leaving the prefix."""
    seen: dict[str, int] = {}
    outside: list[str] = []
    crawled: dict[str, int] = {}
    asked: dict[tuple[str, tuple[str, ...]], int] = {}
    todo = [start]
    pages = 0
    while todo and pages < limit:
        url = todo.pop(0)
        if url in seen:
            continue
        r = client.get(url, headers={"Accept": BROWSER})
        body = r.get_data(as_text=True) if r.mimetype == "text/html" else ""
        r.close()  # files (downloads, static) are answered as open files
        seen[url] = r.status_code
        if r.status_code in (301, 303):
            location = urlsplit(r.headers["Location"])
            todo.append(location.path + (f"?{location.query}" if location.query else ""))
            continue
        if not body or "?" in url or crawled.get(kind_of(url), 0) >= per_kind:
            continue
        crawled[kind_of(url)] = crawled.get(kind_of(url), 0) + 1
        pages += 1
        for link in links_of(body):
            target = urlsplit(urljoin(f"https://data.example.nl{url}", link))
            if target.scheme in ("mailto", "tel") or target.netloc not in ("data.example.nl", ""):
                continue  # outside IRIs (TOOI, the licence, the law) are meant to leave
            if not (target.path == PREFIX or target.path.startswith(PREFIX + "/")):
                outside.append(f"{url} -> {link}")
                continue
            path = target.path + (f"?{target.query}" if target.query else "")
            if path in seen or path in todo:
                continue
            key = (kind_of(target.path), tuple(sorted(parse_qs(target.query))))
            if links_per_kind is not None and asked.get(key, 0) >= links_per_kind:
                continue
            asked[key] = asked.get(key, 0) + 1
            todo.append(path)
    return seen, outside


#: the page kinds a crawl of the site under its path must reach
KINDS = {"/projecten", "/themas", "/gemeenten", "/sparql", "/download/", "/doc/project/", "/doc/gemeente/"}


def test_under_a_path_links_of_every_kind_stay_under_it_and_lead_somewhere(prefixed):
    """The crawl below on one page of each kind, asking for two links of each kind it finds."""
    seen, outside = crawl(prefixed, f"{PREFIX}/", per_kind=1, links_per_kind=2)
    assert outside == []
    broken = {url: status for url, status in seen.items() if status not in (200, 301, 303)}
    assert broken == {}
    assert all(any(kind in url for url in seen) for kind in KINDS), sorted(seen)[:20]


@pytest.mark.exhaustive
def test_under_a_path_every_link_stays_under_it_and_leads_somewhere(prefixed):
    seen, outside = crawl(prefixed, f"{PREFIX}/")
    assert outside == []
    broken = {url: status for url, status in seen.items() if status not in (200, 301, 303)}
    assert broken == {}
    assert all(any(kind in url for url in seen) for kind in KINDS), sorted(seen)[:20]


def test_under_a_path_redirects_and_absolute_addresses_carry_it(prefixed):
    r = prefixed.get(f"{PREFIX}/id/gemeente/oss")
    assert r.status_code == 303 and r.headers["Location"].startswith(f"{PREFIX}/doc/gemeente/oss")
    locs = [e.text for e in ET.fromstring(prefixed.get(f"{PREFIX}/sitemap.xml").data).iter() if e.tag.endswith("loc")]
    assert locs and all(loc.startswith(PUBLIC) for loc in locs)
    assert f"Sitemap: {PUBLIC}sitemap.xml" in prefixed.get(f"{PREFIX}/robots.txt").data.decode()
    described = prefixed.get(f"{PREFIX}/sparql", headers={"Accept": "text/turtle"}).data.decode()
    assert f"<{PUBLIC}sparql>" in described
    editor = prefixed.get(f"{PREFIX}/sparql", headers={"Accept": "text/html"}).data.decode()
    assert f'data-endpoint="{PREFIX}/sparql"' in editor
    page = prefixed.get(f"{PREFIX}/doc/gemeente/oss", headers={"Accept": "text/html"})
    assert all(part.startswith(f"<{PREFIX}/doc/gemeente/oss?format=") for part in page.headers["Link"].split(", "))
    assert re.search(rf'"url": "{re.escape(PUBLIC)}doc/gemeente/oss"', page.get_data(as_text=True))


def test_under_a_path_the_datasets_iris_stay_what_they_are(prefixed):
    turtle = prefixed.get(f"{PREFIX}/doc/gemeente/oss", headers={"Accept": "text/turtle"}).data.decode()
    assert "<https://w3id.org/aeno-kg/id/gemeente/oss>" in turtle or "gemeente:oss" in turtle
    assert "data.example.nl" not in turtle


def test_a_request_without_the_path_is_still_served_with_links_under_it(prefixed):
    """A health check on kg serve's own address, past the proxy."""
    assert prefixed.get("/health").status_code == 200
    html = prefixed.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert f'href="{PREFIX}/projecten"' in html


# -- metrics ----------------------------------------------------------------------------------------------------


def scrape(client, **environ_base) -> dict:
    r = client.get("/metrics", environ_base=environ_base or {"REMOTE_ADDR": "127.0.0.1"})
    assert r.status_code == 200, r.data[:200]
    return {f.name: f for f in text_string_to_metric_families(r.get_data(as_text=True))}


def test_metrics_parse_and_count_requests_queries_and_refusals(make_app):
    app = make_app(result_cache_mb=0, max_queries_per_client=1)
    client = app.test_client()
    client.get("/sparql", query_string={"query": "ASK {}"})
    client.get("/sparql", query_string={"query": "SELEC nothing"})
    client.get("/projecten")
    families = scrape(client)
    requests = {(s.labels["route"], s.labels["status"]): s.value for s in families["kg_http_requests"].samples}
    assert requests[("sparql", "200")] >= 1 and requests[("sparql", "400")] >= 1 and requests[("pages", "200")] >= 1
    outcomes = {
        (s.labels["lane"], s.labels["outcome"])
        for s in families["kg_query_duration_seconds"].samples
        if s.name.endswith("_count") and s.value > 0
    }
    assert {("endpoint", "ok"), ("endpoint", "syntax"), ("pages", "ok")} <= outcomes
    assert any(s.value > 0 for s in families["kg_query_admission_wait_seconds"].samples if s.name.endswith("_count"))
    (info,) = families["kg_build_info"].samples
    assert info.labels["build_id"] == app.extensions["kg"].builds.current().id
    assert families["kg_build_age_seconds"].samples[0].value >= 0
    assert "kg_refusals" in families and "kg_query_worker_restarts" in families


def test_a_refusal_and_a_stopped_worker_are_counted(make_app):
    app = make_app(result_cache_mb=0, query_timeout=0.5, max_long_queries=0)
    client = app.test_client()
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    assert client.get("/sparql", query_string={"query": heavy}).status_code == 503
    families = scrape(client)
    refusals = {s.labels["kind"]: s.value for s in families["kg_refusals"].samples if s.name == "kg_refusals_total"}
    assert refusals.get("time_limit", 0) >= 1
    restarts = {s.labels["reason"]: s.value for s in families["kg_query_worker_restarts"].samples}
    assert restarts.get("time_limit", 0) >= 1


@pytest.mark.parametrize(
    ("settings", "peer", "headers", "allowed"),
    [
        ({}, "127.0.0.1", {}, True),
        ({}, "::1", {}, True),
        ({}, "203.0.113.5", {}, False),
        ({"metrics_from": ("192.0.2.0/24",)}, "192.0.2.77", {}, True),
        ({"metrics_from": ("192.0.2.0/24",)}, "127.0.0.1", {}, False),
        # through a trusted proxy on loopback, the client behind it is who asks
        ({"trusted_proxies": ("127.0.0.1",)}, "127.0.0.1", {"X-Forwarded-For": "203.0.113.5"}, False),
    ],
)
def test_metrics_are_for_the_allowed_addresses_only(make_app, settings, peer, headers, allowed):
    client = make_app(**settings).test_client()
    r = client.get("/metrics", headers=headers, environ_base={"REMOTE_ADDR": peer})
    assert r.status_code == (200 if allowed else 404)
    if not allowed:
        assert b"kg_" not in r.data
