"""The shipped proxy set-up, tried as an operations team runs it: Debian's nginx with deploy/nginx.conf (only its
addresses, certificate and port changed) terminating TLS at https://127.0.0.1:PORT/kennisgraaf/, in front of the
real `kg serve` told its public URL and to trust the proxy. Clients behind the proxy connect from their own
loopback addresses (127.0.0.2, 127.0.0.3, ...), so nginx reports each as itself; kg serve trusts only the
proxy's 127.0.0.1."""

from __future__ import annotations

import http.client
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.servers import free_port, get, log_lines, start_server
from tests.test_proxy import BROWSER, links_of
from tests.tools import require_tools

pytestmark = pytest.mark.server_process

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "deploy" / "nginx.conf"
PREFIX = "/kennisgraaf"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = "SELECT ?code WHERE { <https://w3id.org/aeno-kg/id/gemeente/oss> <http://purl.org/dc/terms/identifier> ?code }"
JSON = "application/sparql-results+json"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def configured(port: int, upstream: int, cert: Path, key: Path) -> str:
    """deploy/nginx.conf with this machine's addresses: each line changed must be there, once."""
    text = SHIPPED.read_text(encoding="utf-8")
    for old, new in [
        ("server 127.0.0.1:5000;", f"server 127.0.0.1:{upstream};"),
        ("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;"),
        ("server_name data.gemeente.nl;", "server_name 127.0.0.1;"),
        ("/etc/ssl/certs/data.gemeente.nl.pem", str(cert)),
        ("/etc/ssl/private/data.gemeente.nl.key", str(key)),
    ]:
        assert text.count(old) == 1, f"deploy/nginx.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def site(dist, tmp_path_factory):
    """nginx with the shipped configuration in front of kg serve; yields (public base, kg serve base, log)."""
    nginx = nginx_binary()
    require_tools([] if nginx else ["nginx"], "apt install nginx")
    folder = tmp_path_factory.mktemp("nginx")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    port = free_port()
    public = f"https://127.0.0.1:{port}{PREFIX}/"
    log = folder / "serve.log"
    serve, base = start_server(
        dist,
        log,
        "--public-url",
        public,
        "--trusted-proxy",
        "127.0.0.1",
        "--timeout",
        "4",
        "--threads",
        "16",
    )
    upstream = int(urlsplit(base).port)
    conf = folder / "nginx.conf"
    conf.write_text(configured(port, upstream, cert, key), encoding="utf-8")
    directives = f"daemon off; pid {folder / 'nginx.pid'}; error_log {folder / 'error.log'} info;"
    with (folder / "nginx.out").open("w") as out:
        proxy = subprocess.Popen([nginx, "-c", str(conf), "-g", directives], stdout=out, stderr=out)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if fetch(public + "health")[0] == 200:
                break
        except OSError:
            time.sleep(0.1)
    else:
        proxy.terminate()
        serve.terminate()
        raise RuntimeError(f"nginx did not answer: {(folder / 'error.log').read_text()}")
    yield public, base, log
    proxy.terminate()
    proxy.wait(timeout=10)
    serve.terminate()
    serve.wait(timeout=20)


def fetch(
    url: str, headers: dict | None = None, source: str = "127.0.0.1", method: str = "GET", body: bytes | None = None
) -> tuple[int, dict, bytes]:
    """A request over TLS (the test's own certificate) from the loopback address `source`."""
    parts = urlsplit(url)
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection(
        parts.hostname, parts.port, timeout=30, context=context, source_address=(source, 0)
    )
    try:
        conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def test_every_page_type_through_the_proxy_has_no_broken_link_and_no_link_outside_the_path(site):
    public, _, _ = site
    origin = f"{urlsplit(public).scheme}://{urlsplit(public).netloc}"
    seen: dict[str, int] = {}
    outside: list[str] = []
    todo = [PREFIX + "/"]
    pages = 0
    while todo and pages < 250:
        path = todo.pop(0)
        if path in seen:
            continue
        status, headers, body = fetch(origin + path, {"Accept": BROWSER})
        seen[path] = status
        if status in (301, 303):
            todo.append(urljoin(path, headers["location"]))
            continue
        if "text/html" not in headers.get("content-type", "") or "?" in path:
            continue
        pages += 1
        for link in links_of(body.decode("utf-8")):
            target = urlsplit(urljoin(origin + path, link))
            if target.scheme in ("mailto", "tel") or f"{target.scheme}://{target.netloc}" != origin:
                continue
            if not (target.path == PREFIX or target.path.startswith(PREFIX + "/")):
                outside.append(f"{path} -> {link}")
            elif (found := target.path + (f"?{target.query}" if target.query else "")) not in seen:
                todo.append(found)
    assert outside == []
    assert {p: s for p, s in seen.items() if s not in (200, 301, 303)} == {}
    for kind in (
        "/projecten",
        "/themas",
        "/gemeenten",
        "/zoeken",
        "/sparql",
        "/download/",
        "/doc/project/",
        "/doc/gemeente/",
        "/doc/thema/",
        "/doc/persoon/",
        "/doc/bron/",
        "/doc/dataset/aeno-kg",
    ):
        assert any(kind in p for p in seen), kind


def test_absolute_addresses_through_the_proxy_are_the_public_ones(site):
    public, _, _ = site
    _, _, body = fetch(public + "sitemap.xml")
    locs = [e.text for e in ET.fromstring(body).iter() if e.tag.endswith("loc")]
    assert len(locs) > 400 and all(loc.startswith(public) for loc in locs)
    assert f"Sitemap: {public}sitemap.xml" in fetch(public + "robots.txt")[2].decode()
    assert f"<{public}sparql>".encode() in fetch(public + "sparql", {"Accept": "text/turtle"})[2]
    status, headers, _ = fetch(public + "id/gemeente/oss")
    assert status == 303 and headers["location"].startswith(f"{PREFIX}/doc/gemeente/oss")
    status, headers, _ = fetch(f"{public[:-1]}")  # the path without its slash
    assert status == 301 and headers["location"].endswith(f"{PREFIX}/")


def test_the_editor_behind_the_proxy_queries_its_own_endpoint(site):
    public, _, _ = site
    html = fetch(public + "sparql", {"Accept": "text/html"})[2].decode()
    assert f'data-endpoint="{PREFIX}/sparql"' in html
    query = urllib.parse.urlencode({"query": CHEAP})
    status, _, body = fetch(
        f"{public}sparql",
        {"Accept": JSON, "Content-Type": "application/x-www-form-urlencoded"},
        method="POST",
        body=query.encode(),
    )
    assert status == 200 and b"GM0828" in body


#: the heavy client: its own process (as another user is), so that its 16 loops do not share the measuring
#: client's interpreter lock and make its requests look slower than the server answers them
HEAVY_CLIENT = r"""
import sys, threading, time, urllib.parse
from tests.test_proxy_nginx import HEAVY, JSON, fetch
public, seconds = sys.argv[1], float(sys.argv[2])
stop = time.monotonic() + seconds
statuses = []
def loop(i):
    while time.monotonic() < stop:
        q = urllib.parse.urlencode({"query": f"{HEAVY} # {i} {time.monotonic()}"})
        statuses.append(fetch(f"{public}sparql?{q}", {"Accept": JSON}, source="127.0.0.2")[0])
threads = [threading.Thread(target=loop, args=(i,)) for i in range(16)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(" ".join(map(str, statuses)))
"""


def test_heavy_queries_of_one_client_behind_the_proxy_do_not_refuse_another(site):
    """16 heavy query loops from one client (127.0.0.2) behind the proxy; another client (127.0.0.3) asks for
    cheap queries and pages meanwhile and gets every one, quickly."""
    public, _, log = site
    heavy = subprocess.Popen(
        [sys.executable, "-c", HEAVY_CLIENT, public, "12"], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    stop = time.monotonic() + 12
    time.sleep(1.0)
    latencies, statuses = [], []
    paths = ["", "projecten", "gemeenten", "doc/gemeente/oss"]
    i = 0
    while time.monotonic() < stop - 0.5:
        cheap = "sparql?" + urllib.parse.urlencode({"query": f"{CHEAP} # {i}"})
        path = paths[i % 4] if i % 2 else cheap
        started = time.monotonic()
        statuses.append(fetch(public + path, {"Accept": "text/html" if i % 2 else JSON}, source="127.0.0.3")[0])
        latencies.append(time.monotonic() - started)
        i += 1
    out, _ = heavy.communicate(timeout=60)
    heavy_statuses = [int(x) for x in out.split()]
    p99 = statistics.quantiles(latencies, n=100)[98]
    print(
        f"behind nginx, cheap queries and pages: {len(latencies)} requests, median "
        f"{statistics.median(latencies):.3f} s, p99 {p99:.3f} s; heavy: {len(heavy_statuses)}"
    )
    assert statuses == [200] * len(statuses)
    assert p99 < 1.0, f"p99 {p99:.2f} s over {len(latencies)} requests"
    assert 429 in heavy_statuses, "the heavy client met its own per-client limit"
    assert log_lines(log, "127.0.0.3 GET"), "the access log names the client behind the proxy"


def test_a_direct_client_forging_forwarded_for_is_still_itself(site):
    """Past the proxy, straight to kg serve from 127.0.0.5: its X-Forwarded-For is not believed, so the
    queries it claims for many clients all count against itself."""
    _, base, log = site
    results: list[int] = []

    def forged(i: int) -> None:
        q = urllib.parse.urlencode({"query": f"{HEAVY} # forged {i}"})
        host, port = urlsplit(base).hostname, urlsplit(base).port
        conn = http.client.HTTPConnection(host, port, timeout=30, source_address=("127.0.0.5", 0))
        try:
            conn.request("GET", f"/sparql?{q}", headers={"Accept": JSON, "X-Forwarded-For": f"198.51.100.{i}"})
            results.append(conn.getresponse().status)
        finally:
            conn.close()

    threads = [threading.Thread(target=forged, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 429 in results, results  # more than its 8 in flight: all of them are one client
    assert log_lines(log, "127.0.0.5 GET /sparql")
    assert not log_lines(log, "198.51.100.", seconds=0.5)


def test_idle_connections_are_closed_by_the_proxy(site):
    """A connection that sends nothing, and one left idle after an answer, are closed by nginx
    (client_header_timeout 10 s, keepalive_timeout 15 s), not held open at kg serve."""
    public, _, _ = site
    parts = urlsplit(public)
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE

    def connect() -> ssl.SSLSocket:
        return context.wrap_socket(socket.create_connection((parts.hostname, parts.port), timeout=30))

    silent = connect()
    kept = connect()
    kept.sendall(f"GET {PREFIX}/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += kept.recv(4096)
    started = time.monotonic()
    closed = {}
    for name, s in (("silent", silent), ("kept", kept)):
        s.settimeout(25)
        try:
            while s.recv(4096):
                pass
        except (ConnectionResetError, ssl.SSLError):
            pass
        closed[name] = time.monotonic() - started
        s.close()
    assert closed["silent"] < 20 and closed["kept"] < 20, closed


def test_metrics_through_the_proxy_are_refused_and_on_kg_serves_own_address_are_given(site):
    public, base, _ = site

    def counted() -> float:
        status, _, body = get(f"{base}/metrics", headers={"Accept": "text/plain"})
        assert status == 200
        families = {f.name: f for f in text_string_to_metric_families(body.decode())}
        health = [s for s in families["kg_http_requests"].samples if s.labels == {"route": "ops", "status": "200"}]
        return sum(s.value for s in health if s.name == "kg_http_requests_total"), families

    assert fetch(public + "metrics")[0] == 404
    before, _ = counted()
    for _ in range(40):
        assert fetch(public + "health")[0] == 200
    after, families = counted()
    assert after - before >= 40  # every one counted, whichever of kg serve's web workers answered it
    assert {"kg_build_info", "kg_query_duration_seconds", "kg_refusals", "kg_query_admission_wait_seconds"} <= set(
        families
    )
