"""The change feed, followed by the reference client: npm's `ldes-client` (pinned in package.json) replays the
whole stream from the real `kg serve` and, materialised to the last versions, reproduces the current resources;
after a second build that changes, adds and removes resources, the client continuing from its saved state
receives exactly those changes and the deletions."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.project import Project
from kg.publish.diff import read_lines, split
from tests.conftest import ROOT, copy_project
from tests.servers import get, start_server
from tests.test_releases import BASE, PERSON, RETIRED, change_people, retire
from tests.tools import require_tools

pytestmark = pytest.mark.server_process

CLIENT = ROOT / "node_modules" / ".bin" / "ldes-client"
BOOKKEEPING = (
    "<http://www.w3.org/ns/prov#generatedAtTime>",
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/ns/activitystreams#",
)
DELETE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/ns/activitystreams#Delete>"


def follow(feed: str, state: Path) -> dict[str, set[str] | None]:
    """What the client emits, materialised to the last versions: resource -> its statements (None: deleted)."""
    done = subprocess.run(
        [str(CLIENT), feed, "--materialize", "--last-version-only", "--save", str(state)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    members: dict[str, set[str] | None] = {}
    for block in done.stdout.split("\n\n"):
        if not block.strip():
            continue
        # the client writes Turtle's short forms (42.0 for a decimal): read, and written out as N-Triples
        lines = [f"{t} ." for t in ox.parse(block, format=ox.RdfFormat.TURTLE)]
        subject = split(lines[0])[0][1:-1]
        if any(DELETE in line for line in lines):
            members[subject] = None
        else:
            members[subject] = {line for line in lines if not any(mark in line for mark in BOOKKEEPING)}
    return members


def resources(graph: Path) -> dict[str, set[str]]:
    """The described resources of a built graph (ours, with a type, skolem IRIs aside) and their statements."""
    own: dict[str, set[str]] = {}
    typed: set[str] = set()
    for line in read_lines(graph):
        s, p, _ = split(line)
        iri = s[1:-1]
        if iri.startswith(BASE) and "/.well-known/genid/" not in iri:
            own.setdefault(iri, set()).add(line)
            if p == "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>":
                typed.add(iri)
    return {iri: own[iri] for iri in typed}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    require_tools([] if CLIENT.exists() and shutil.which("node") else ["ldes-client (npm ci)"], "npm ci")
    folder = tmp_path_factory.mktemp("feed")
    root = copy_project(folder / "project")
    first = build(Project.open(root), validator="sparql")
    process, base = start_server(root / "dist", folder / "serve.log", as_dist=True)
    yield root, base, first, folder
    process.terminate()
    process.wait(timeout=20)


def test_the_client_replays_the_stream_and_then_follows_exactly_the_changes(served):
    root, base, _, folder = served
    state = folder / "client-state"

    replayed = follow(f"{base}/ldes/", state)
    current = resources(root / "dist" / "kg.nt")
    assert len(current) > 400
    assert replayed == current  # every resource, exactly its statements

    change_people(root)
    retire(root, RETIRED)
    second = build(Project.open(root), validator="sparql")
    deadline = time.monotonic() + 10
    while json.loads(get(f"{base}/health")[2])["build_id"] != second.build_id:
        assert time.monotonic() < deadline, "the server did not switch to the new build"
        time.sleep(0.2)

    received = follow(f"{base}/ldes/", state)
    now = resources(root / "dist" / "kg.nt")
    changed = {iri for iri in now if now[iri] != current.get(iri)}
    gone = set(current) - set(now)
    assert set(received) == changed | gone
    assert {iri for iri, statements in received.items() if statements is None} == gone
    assert gone == {f"{PERSON}wilfred-hoejenbos", f"{PERSON}carine-vollebregt"}
    assert f"{PERSON}carine-vollebregt-soest" in changed and f"{PERSON}jeannet-kool" in changed
    for iri in changed:
        assert received[iri] == now[iri], iri
