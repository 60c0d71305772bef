"""Endpoint speed, side by side: this project's `kg serve`, and the stores people would pick instead, on the same
data in one run, measured with wrk (Debian package) at the same concurrency, in rounds that alternate between
the servers (each started afresh for its round, after a 3 s warm-up), so that the noise of a shared machine
falls on all of them:

- the Oxigraph server (`oxigraph serve-read-only`): the same engine with no layer around it, the physical limit;
- Virtuoso 7 (Debian's `virtuoso-opensource`), the open-source store Dutch government publishers use most, with
  its packaged settings plus what its documentation recommends for this machine (buffers for 8 GB of RAM, one
  thread a query per core), the graph bulk-loaded with `ld_dir` + `rdf_loader_run` (timed: the load table);
- `kg serve --backend` on that Virtuoso: this server's safety rules (time limit, admission, per-client limits)
  in front of the other engine, a documented choice (docs/operating/scale.md);
- rdflib-endpoint (PyPI), the usual way to serve RDF from Python.

Data: a synthetic project (`kg generate --projects N`, default 620 projects, about 100,000 triples) built
with `kg build`; the Oxigraph server gets the build's kg.nt loaded with `oxigraph load`; Virtuoso the same kg.nt
into the dataset's graph; rdflib-endpoint serves the same kg.nt from rdflib's memory store (its default).

Scenarios (each request a GET /sparql?query=..., JSON results):
- lookup: a municipality's code and label, rotating over all 342 municipalities;
- browse: the projects of a theme with their titles (LIMIT 100), rotating over the themes;
- shared-theme: the catalogue's "projects sharing a theme with a municipality" aggregate, rotating;
- describe: DESCRIBE of a project, rotating over 500 projects (Turtle);
- repeated: one identical shared-theme query, again and again.
In the first four, each request carries a unique comment, so no cache can answer: they measure the engine
and the layers around it. "repeated" is what a dashboard does; it may be answered from a cache.

Before measuring, each scenario's first query is asked of every server and the answers compared (same
number of rows or triples), so a fast error cannot pass for a fast answer; wrk's non-2xx count is reported.

    .venv/bin/python bench/endpoints.py [--projects 620] [--duration 10] [--connections 8] [--no-virtuoso]
    writes bench/RESULTS.md
Needs: wrk and virtuoso-opensource (apt install wrk virtuoso-opensource), oxigraph and rdflib-endpoint
(pip install -e '.[bench]').
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BASE = "https://w3id.org/aeno-kg/"
PREFIXES = (
    "PREFIX aeno: <https://w3id.org/aeno-kg/def/> PREFIX dcterms: <http://purl.org/dc/terms/> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
)


@dataclass(frozen=True)
class Scenario:
    name: str
    queries: list[str]
    unique: bool
    accept: str = "application/sparql-results+json"
    kind: str = "light"  # light (lookup-like), heavy (engine-bound), repeated


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, accept: str, timeout: float = 60) -> tuple[int, bytes, str]:
    """Status, body and media type of a GET."""
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, r.read(), r.headers.get_content_type()
    except urllib.error.HTTPError as e:
        return e.code, e.read(), ""


def size_of(status: int, body: bytes, media: str) -> int:
    """Rows of a JSON result, or statements of an RDF result in whatever RDF format the server chose (rdflib-
    endpoint answers DESCRIBE in RDF/XML whatever is asked), counted by Oxigraph."""
    if status != 200:
        return -status
    if media == "application/sparql-results+json":
        return len(json.loads(body)["results"]["bindings"])
    import pyoxigraph as ox

    try:
        return sum(1 for _ in ox.parse(body, format=ox.RdfFormat.from_media_type(media) or ox.RdfFormat.TURTLE))
    except SyntaxError as exc:
        print(f"  answer is not Turtle ({exc}): {body[:300]!r}", flush=True)
        return -1


def scenarios(nt: Path) -> list[Scenario]:
    """Queries over the data in nt (its municipalities, themes and projects)."""
    text = nt.read_text(encoding="utf-8")
    municipalities = sorted(
        set(re.findall(r"<(https://w3id\.org/aeno-kg/id/gemeente/[^>]+)> <http://purl\.org/dc/terms/identifier>", text))
    )
    themes = sorted(
        set(
            re.findall(
                r"<https://w3id\.org/aeno-kg/id/project/[^>]+> <http://purl\.org/dc/terms/subject> <([^>]+)>", text
            )
        )
    )
    projects = sorted(
        set(
            re.findall(
                r"<(https://w3id\.org/aeno-kg/id/project/[^>]+)> <http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type> <https://w3id\.org/aeno-kg/def/Project>",
                text,
            )
        )
    )[:500]
    from kg.iris import Iris
    from kg.query.saved import load
    from kg.query.saved import text as catalogue_text
    from kg.query.text import where_brace

    shared = next(q for q in load() if q.name == "projecten-met-gedeeld-thema")
    body = catalogue_text(shared, Iris(BASE))
    at = where_brace(body) + 1

    def shared_for(m: str) -> str:
        return body[:at] + f" VALUES ?gemeente {{ <{m}> }}" + body[at:]

    owners = sorted(
        set(
            re.findall(
                r"<https://w3id\.org/aeno-kg/id/project/[^>]+> <https://w3id\.org/aeno-kg/def/carriedOutBy> <([^>]+)>",
                text,
            )
        )
    )
    return [
        Scenario(
            "lookup",
            [
                f"{PREFIXES}SELECT ?code ?label WHERE {{ <{m}> dcterms:identifier ?code ; rdfs:label ?label }}"
                for m in municipalities
            ],
            unique=True,
        ),
        Scenario(
            "browse",
            [
                f"{PREFIXES}SELECT ?project ?title WHERE {{ ?project dcterms:subject <{t}> ; dcterms:title ?title }} "
                "ORDER BY ?title LIMIT 100"
                for t in themes
            ],
            unique=True,
            kind="heavy",
        ),
        Scenario("shared-theme", [shared_for(m) for m in owners[:100]], unique=True, kind="heavy"),
        Scenario("describe", [f"DESCRIBE <{p}>" for p in projects], unique=True, accept="text/turtle", kind="light"),
        Scenario("repeated", [shared_for(owners[0])], unique=False, kind="repeated"),
    ]


class Server:
    def __init__(
        self,
        name: str,
        cmd: list[str],
        url: str,
        log: Path,
        ready_query: str = "ASK {}",
        cwd: Path = ROOT,
        before: Server | None = None,
    ) -> None:
        """`before`: a server this one needs running (a backend), started first and stopped after it."""
        self.name, self.cmd, self.url, self.log, self.cwd, self.before = name, cmd, url, log, cwd, before
        self.process: subprocess.Popen | None = None
        self.ready_query = ready_query

    def __enter__(self) -> Server:
        if self.before is not None:
            self.before.__enter__()
        with self.log.open("w") as f:
            self.process = subprocess.Popen(self.cmd, stdout=f, stderr=f, cwd=self.cwd)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited: {self.log.read_text()[-2000:]}")
            try:
                status, _, _ = fetch(
                    f"{self.url}?{urllib.parse.urlencode({'query': self.ready_query})}",
                    "application/sparql-results+json",
                    5,
                )
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"{self.name} did not become ready")

    def __exit__(self, *exc: object) -> None:
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.before is not None:
            self.before.__exit__(*exc)


def kg_server(store: Path, work: Path, *options: str, python: str = sys.executable, name: str = "kg serve") -> Server:
    """`kg serve` on a free port over `store`, with extra command-line options; `python` (another checkout's
    virtual environment) serves another version of the code."""
    port = free_port()
    cmd = [python, "-m", "kg.cli", "serve", "--store", str(store), "--port", str(port), *options]
    return Server(name, cmd, f"http://127.0.0.1:{port}/sparql", work / f"{name.replace(' ', '-')}.log")


def oxigraph_server(nt: Path, work: Path) -> Server:
    """The Oxigraph server, read-only, on a free port over a store it loads from `nt` first."""
    subprocess.run(
        [str(BIN / "oxigraph"), "load", "--location", str(work / "oxdb"), "--file", str(nt)],
        check=True,
        capture_output=True,
    )
    port = free_port()
    cmd = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(work / "oxdb"), "--bind", f"127.0.0.1:{port}"]
    return Server("Oxigraph server", cmd, f"http://127.0.0.1:{port}/query", work / "oxigraph.log")


VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
#: what Virtuoso's documentation recommends for this machine (its RAM table: buffers for 8 GB, the most a shared
#: 24 GiB machine should give one store), and one thread a query per core
VIRTUOSO_TUNING = {
    "NumberOfBuffers": "680000",
    "MaxDirtyBuffers": "500000",
    "ThreadsPerQuery": str(os.cpu_count() or 2),
}


class Virtuoso:
    """A private Virtuoso on loopback: its own database in `work`, the packaged ini with VIRTUOSO_TUNING, the
    graph bulk-loaded once into `graph` (`load`, timed); `server()` starts it afresh for a round."""

    def __init__(self, nt: Path, work: Path, graph: str) -> None:
        self.nt, self.graph = nt, graph
        self.db = work / "virtuoso"
        self.db.mkdir()
        self.sql_port, self.http_port = free_port(), free_port()
        ini = VIRTUOSO_INI.read_text(encoding="utf-8")
        ini = ini.replace("/var/lib/virtuoso-opensource-7/db", str(self.db))
        ini = re.sub(r"(?m)^ServerPort\s*=\s*1111", f"ServerPort = 127.0.0.1:{self.sql_port}", ini)
        ini = re.sub(r"(?m)^ServerPort\s*=\s*8890", f"ServerPort = 127.0.0.1:{self.http_port}", ini)
        ini = re.sub(
            r"(?m)^DirsAllowed\s*=.*",
            f"DirsAllowed = ., {self.db}, {nt.parent}, /usr/share/virtuoso-opensource-7/vad",
            ini,
        )
        for key, value in VIRTUOSO_TUNING.items():
            ini, n = re.subn(rf"(?m)^{key}\s*=.*", f"{key} = {value}", ini)
            if not n:
                ini = ini.replace("[Parameters]\n", f"[Parameters]\n{key} = {value}\n", 1)
        self.ini = self.db / "virtuoso.ini"
        self.ini.write_text(ini, encoding="utf-8")
        self.load_seconds = 0.0

    def server(self, name: str = "Virtuoso") -> Server:
        cmd = ["virtuoso-t", "+foreground", "+configfile", str(self.ini)]
        return Server(name, cmd, f"http://127.0.0.1:{self.http_port}/sparql", self.db / "server.log", cwd=self.db)

    def isql(self, *statements: str) -> str:
        done = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", *(f"exec={s}" for s in statements)],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def load(self) -> float:
        """Bulk-load the graph (Virtuoso's own loader: ld_dir, rdf_loader_run, checkpoint); its seconds."""
        with self.server("Virtuoso (loading)"):
            started = time.perf_counter()
            self.isql(
                f"ld_dir('{self.nt.parent}', '{self.nt.name}', '{self.graph}');",
                "rdf_loader_run();",
                "checkpoint;",
            )
            self.load_seconds = time.perf_counter() - started
            count = self.isql(f"SPARQL SELECT COUNT(*) FROM <{self.graph}> WHERE {{ ?s ?p ?o }};")
        print(f"Virtuoso bulk load: {self.load_seconds:.1f} s; {count.split()[-8:]}", flush=True)
        return self.load_seconds


def wrk(url: str, scenario: Scenario, work: Path, duration: int, connections: int, pause_ms: int = 0) -> dict:
    """wrk's figures for `scenario` against `url`; with `pause_ms` each connection pauses that long before each
    request (bench/requests.lua), a paced load rather than as fast as the server answers."""
    parsed = urllib.parse.urlsplit(url)
    queries = work / f"{scenario.name}.txt"
    queries.write_text("\n".join(urllib.parse.quote(q, safe="") for q in scenario.queries) + "\n", encoding="utf-8")
    env = {
        **os.environ,
        "KG_QUERIES": str(queries),
        "KG_PATH": parsed.path,
        "KG_UNIQUE": "1" if scenario.unique else "0",
        "KG_ACCEPT": scenario.accept,
        "KG_DELAY_MS": str(pause_ms),
    }
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",  # wrk needs a connection per thread
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "30s",
            "-s",
            str(ROOT / "bench" / "requests.lua"),
            f"{parsed.scheme}://{parsed.netloc}",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    m = re.search(r"KG-RESULT requests=(\d+) seconds=([\d.]+) p50=([\d.]+) p99=([\d.]+) errors=(\d+)", out.stdout)
    if not m:
        raise SystemExit(f"wrk gave no result:\n{out.stdout}\n{out.stderr}")
    requests, seconds, p50, p99, errors = m.groups()
    return {
        "rps": int(requests) / float(seconds),
        "p50": float(p50),
        "p99": float(p99),
        "errors": int(errors),
        "requests": int(requests),
    }


def check_answer(url: str, scenario: Scenario) -> tuple[int, float]:
    """The size of the answer to the scenario's first query (rows or triples; minus the HTTP status for an
    error) and how long it took, asked once before the measurement."""
    q = scenario.queries[0]
    started = time.perf_counter()
    status, body, media = fetch(f"{url}?{urllib.parse.urlencode({'query': q})}", scenario.accept, timeout=300)
    return size_of(status, body, media), time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--projects", type=int, default=620)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3, help="measurements per server and scenario (median kept)")
    ap.add_argument("--no-virtuoso", action="store_true", help="leave Virtuoso and kg serve on it out")
    args = ap.parse_args()
    if not args.no_virtuoso and not (shutil.which("virtuoso-t") and VIRTUOSO_INI.is_file()):
        raise SystemExit("Virtuoso is needed (apt install virtuoso-opensource), or --no-virtuoso")
    for tool in ("wrk",):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed (apt install {tool})")
    oxigraph = BIN / "oxigraph"
    rdflib_endpoint = BIN / "rdflib-endpoint"
    for exe in (oxigraph, rdflib_endpoint):
        if not exe.exists():
            raise SystemExit(f"{exe.name} is needed: pip install -e '.[bench]'")

    with tempfile.TemporaryDirectory(prefix="kg-endpoints-") as tmp:
        work = Path(tmp)
        project = work / "project"
        subprocess.run(
            [sys.executable, "-m", "kg.cli", "generate", "--projects", str(args.projects), "--out", str(project)],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [sys.executable, "-m", "kg.cli", "build", "--project", str(project), "--quiet"],
            check=True,
            capture_output=True,
        )
        dist = project / "dist"
        nt = dist / "kg.nt"
        triples = json.loads((dist / "build.json").read_text(encoding="utf-8"))["triples"]
        plan = scenarios(nt)
        rdflib_port = free_port()
        serve = ("--workers", "2", "--threads", "4", "--max-concurrent", "2")
        servers = {
            "kg serve": kg_server(dist / "store", work, *serve),
            "Oxigraph server": oxigraph_server(nt, work),
            "rdflib-endpoint": Server(
                "rdflib-endpoint",
                [
                    str(rdflib_endpoint),
                    "serve",
                    str(nt),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(rdflib_port),
                ],
                f"http://127.0.0.1:{rdflib_port}/",
                work / "rdflib.log",
            ),
        }
        if not args.no_virtuoso:
            virtuoso = Virtuoso(nt, work, f"{BASE}id/dataset/aeno-kg")
            virtuoso.load()
            servers["Virtuoso"] = virtuoso.server()
            on_virtuoso = kg_server(
                dist / "store", work, *serve, "--backend", virtuoso.server().url, name="kg serve on Virtuoso"
            )
            on_virtuoso.before = virtuoso.server("Virtuoso (backend)")
            servers["kg serve on Virtuoso"] = on_virtuoso
            args.virtuoso_load = virtuoso.load_seconds
        results: dict[str, dict[str, dict]] = {name: {} for name in servers}
        answers: dict[str, dict[str, tuple[int, float]]] = {name: {} for name in servers}
        for sc in plan:
            runs: dict[str, list[dict]] = {name: [] for name in servers}
            # Rounds alternate between the servers (kg, Oxigraph, rdflib, kg, ...), so that a slow spell of
            # this shared machine does not fall on one server only. One server runs at a time, started
            # afresh for each round: a server still busy with requests wrk gave up on would be measured
            # unfairly.
            for round_ in range(args.rounds):
                for name, server in servers.items():
                    with server:
                        if round_ == 0:
                            answers[name][sc.name] = check_answer(server.url, sc)
                        wrk(server.url, sc, work, 3, args.connections)  # warm-up, not counted
                        runs[name].append(wrk(server.url, sc, work, args.duration, args.connections))
            for name in servers:
                best = sorted(runs[name], key=lambda r: r["rps"])[len(runs[name]) // 2]
                best["errors"] = sum(r["errors"] for r in runs[name])
                best["rps_runs"] = [round(r["rps"], 1) for r in runs[name]]
                results[name][sc.name] = best
                size, took = answers[name][sc.name]
                print(
                    f"{name:16} {sc.name:13} {best['rps']:9.1f} req/s  p50 {best['p50']:8.2f} ms  "
                    f"p99 {best['p99']:8.2f} ms  non-2xx/errors {best['errors']}  (first query: {size} results "
                    f"in {took:.3f} s)",
                    flush=True,
                )
        write_results(args, triples, plan, results, answers)


#: kg serve's targets per kind of scenario: ahead of Virtuoso where the layer decides (light requests, repeated
#: ones), at least 10x the Python endpoint; heavy queries are the engine's (the Oxigraph server is reported as the
#: limit, not a target)
TARGETS = {
    "light": [("rdflib-endpoint", 10.0), ("Virtuoso", 1.0)],
    "heavy": [("rdflib-endpoint", 10.0)],
    "repeated": [("rdflib-endpoint", 10.0), ("Virtuoso", 1.0)],
}
PEERS = ("Oxigraph server", "Virtuoso", "rdflib-endpoint")


def virtuoso_version() -> str:
    if not shutil.which("virtuoso-t"):
        return ""
    done = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True)
    out = done.stdout + done.stderr
    m = re.search(r"Version (\S+)", out)
    return m.group(1) if m else ""


def write_results(args: argparse.Namespace, triples: int, plan: list[Scenario], results: dict, answers: dict) -> None:
    lines = [
        "# Endpoint speed, side by side",
        "",
        f"Measured {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')} on {platform.node()} "
        f"({platform.machine()}, {os.cpu_count()} cores, shared and noisy; Python {platform.python_version()}) with",
        f"`.venv/bin/python bench/endpoints.py --projects {args.projects} --duration {args.duration} "
        f"--connections {args.connections} --rounds {args.rounds}`.",
        "",
        f"Data: a synthetic build of {args.projects} projects, {triples:,} triples (`kg generate`, `kg build`). "
        f"wrk, 2 threads, {args.connections} connections, {args.duration} s per round; the median of "
        f"{args.rounds} rounds by requests/s after a 3 s warm-up. "
        "Rounds alternate between the servers; one server runs at a time, started afresh for each round. "
        "kg serve: 2 Granian workers x 4 threads, 2 query workers each, its limits on (time limit, admission, "
        "per-client limits); Oxigraph: `oxigraph serve-read-only`; Virtuoso "
        f"{virtuoso_version()}: Debian's ini with {', '.join(f'{k} = {v}' for k, v in VIRTUOSO_TUNING.items())}; "
        "kg serve on Virtuoso: the same kg serve with `--backend` that Virtuoso; rdflib-endpoint: its default "
        "(rdflib memory store, uvicorn). Each request of lookup, browse, shared-theme and describe carries a "
        "unique comment (no cache can answer it); repeated is one identical request."
        + (
            " Loading the graph: Virtuoso's bulk loader (ld_dir, rdf_loader_run, checkpoint) "
            f"{args.virtuoso_load:.1f} s."
            if getattr(args, "virtuoso_load", None)
            else ""
        ),
        "",
        "| scenario | server | req/s | p50 ms | p99 ms | non-2xx | first query: results, seconds |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for sc in plan:
        for name in results:
            r = results[name][sc.name]
            lines.append(
                f"| {sc.name} | {name} | {r['rps']:.1f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']} "
                f"| {answers[name][sc.name][0]} in {answers[name][sc.name][1]:.3f} s |"
            )
    peers = [p for p in PEERS if p in results]
    lines += [
        "",
        "Ratios (kg serve req/s / peer req/s; the Oxigraph server is the limit, the others what users would pick "
        "instead) and targets:",
        "",
        "| scenario | "
        + " | ".join(f"vs {p}" for p in peers)
        + (" | kg serve on Virtuoso vs Virtuoso" if "kg serve on Virtuoso" in results else "")
        + " | target | met |",
        "|---|" + "---:|" * (len(peers) + ("kg serve on Virtuoso" in results)) + "---|---|",
    ]
    for sc in plan:
        ours = results["kg serve"][sc.name]["rps"]
        ratios = {}
        for peer in peers:
            theirs = results[peer][sc.name]["rps"]
            ratios[peer] = ours / theirs if theirs else float("inf")
        targets = [(p, t) for p, t in TARGETS[sc.kind] if p in ratios]
        met = all(ratios[peer] >= t for peer, t in targets)
        text = ", ".join(f">= {t:g}x {peer}" for peer, t in targets)
        shown = {p: f"{r:.2f}x" if r != float("inf") else "no peer request completed" for p, r in ratios.items()}
        front = ""
        if "kg serve on Virtuoso" in results:
            v = results["Virtuoso"][sc.name]["rps"]
            front = f" | {results['kg serve on Virtuoso'][sc.name]['rps'] / v:.2f}x" if v else " | -"
        lines.append(
            f"| {sc.name} | " + " | ".join(shown[p] for p in peers) + f"{front} | {text} | {'yes' if met else 'NO'} |"
        )
    lines += [
        "",
        "A first-query size of -1: the answer could not be read in the media type it was labelled with. "
        '"no peer request completed": the peer finished no request within a round (see its first-query '
        "time); the ratio to it is then infinite.",
        "",
        "Requests/s of every round: "
        + "; ".join(f"{name} {sc.name} {results[name][sc.name]['rps_runs']}" for name in results for sc in plan),
        "",
    ]
    out = ROOT / "bench" / "RESULTS.md"
    kept = ""  # the sections written by hand below the table (what the figures say, later measurements)
    if out.exists():
        old = out.read_text(encoding="utf-8")
        kept = old[old.index("\n## ") :] if "\n## " in old else ""
    out.write_text("\n".join(lines) + kept, encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
