"""The build's graph is sorted in bounded memory: lines beyond a chunk go to sorted runs on disk, a graph over
the in-memory limit is validated in the build's store on disk. Neither may change a byte of what is published:
the streamed build writes what the build that holds everything in memory writes, on the project and on a
generated graph."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.build import build
from kg.buildinfo import BuildInfo
from kg.convert.sortedlines import SortedLines
from kg.generate import generate
from kg.project import Project

from .conftest import ROOT
from .test_build import digest, run

SAME_BYTES = [
    "kg.nt",
    "kg.ttl",
    "kg.jsonld",
    "kg.nt.gz",
    "kg.ttl.gz",
    "kg.jsonld.gz",
    "ontology.ttl",
    "validation.txt",
    "validation.ttl",
    "search.sqlite",
]


def _lines(n: int, seed: int) -> list[str]:
    """Lines with repeats and characters whose UTF-8 order and code-point order could be confused."""
    rng = random.Random(seed)
    alphabet = ["a", "b", "<", " ", '"', "é", "e\u0301", "\u00ff", "\u0100", "\U0001f600", "\ufffd"]
    return ["".join(rng.choices(alphabet, k=rng.randint(0, 6))) for _ in range(n)]


@pytest.mark.parametrize("chunk", [1, 2, 7, 100, 1_000_000])
def test_sorted_lines_are_the_sorted_set_whatever_the_chunk(chunk, tmp_path):
    lines = _lines(3000, chunk)
    sorter = SortedLines(chunk, tmp_path)
    for line in lines:
        sorter.add(line)
    assert list(sorter) == [line + "\n" for line in sorted(set(lines))]


def test_runs_are_written_to_the_scratch_folder_and_removed_once_read(tmp_path):
    sorter = SortedLines(10, tmp_path)
    for line in _lines(500, 1):
        sorter.add(line)
    assert sorter.spilled and any(tmp_path.rglob("run-*.nt"))
    list(sorter)
    assert not any(tmp_path.iterdir())


def test_the_lines_can_be_read_once_only(tmp_path):
    sorter = SortedLines(3, tmp_path)
    for line in ["b", "a", "c", "a"]:
        sorter.add(line)
    assert list(sorter) == ["a\n", "b\n", "c\n"]
    with pytest.raises(RuntimeError, match="read already"):
        list(sorter)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "p"
    generate(Project.open(ROOT), 40, out)
    return out


def _build(project_dir: Path, out: Path, env: dict[str, str], validator: str) -> BuildInfo:
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return build(Project.open(project_dir), out, validator=validator)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


#: sorted in runs, validated in the store on disk, the dumps written by a second process (all as for a large graph)
STREAMED = {"KG_SORT_CHUNK": "500", "KG_MEMORY_VALIDATION_LIMIT": "1", "KG_SECOND_PROCESS_FROM": "0"}
IN_MEMORY = {"KG_SORT_CHUNK": "100000000", "KG_MEMORY_VALIDATION_LIMIT": "100000000"}


@pytest.fixture(scope="module")
def streamed_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildInfo]:
    """The project built sorted in runs of 500 lines and validated by SPARQL in the store on disk."""
    out = tmp_path_factory.mktemp("streamed") / "dist"
    return out, _build(ROOT, out, STREAMED, "sparql")


@pytest.mark.parametrize("which", ["project", pytest.param("generated", marks=pytest.mark.exhaustive)])
def test_the_streamed_build_publishes_the_same_bytes_as_the_in_memory_build(
    which, generated, streamed_project, tmp_path
):
    """Sorted in runs of 500 lines and validated in the store on disk, against one chunk and an in-memory
    validation store: every dump, the report and the search index are the same bytes, build.json the same
    counts."""
    if which == "project":
        streamed_dir, streamed = streamed_project
        held = _build(ROOT, tmp_path / "held", IN_MEMORY, "sparql")
    else:
        streamed_dir = tmp_path / "streamed"
        streamed = _build(generated, streamed_dir, STREAMED, "sparql")
        held = _build(generated, tmp_path / "held", IN_MEMORY, "sparql")
    assert streamed.triples > 10_000
    for name in SAME_BYTES:
        assert digest(streamed_dir / name) == digest(tmp_path / "held" / name), name
    for key in ("build_id", "triples", "resources", "validation", "sources"):
        assert getattr(streamed, key) == getattr(held, key), key
    assert list(streamed.seconds).index("load") < list(streamed.seconds).index("validate")
    assert list(held.seconds).index("validate") < list(held.seconds).index("load")


@pytest.mark.parametrize("sorted_in", ["one chunk", pytest.param("runs on disk", marks=pytest.mark.exhaustive)])
def test_the_pyshacl_build_of_the_project_writes_the_same_graph_and_report(sorted_in, dist, streamed_project, tmp_path):
    """The small-graph path (pySHACL reads the graph back from its N-Triples, also when they were sorted in
    runs) publishes the same graph, counts and findings as the SPARQL validator in the store on disk."""
    if sorted_in == "one chunk":  # the session's build: the project's own settings sort it in one chunk
        a_dir, a = dist, BuildInfo.read(dist)
    else:
        a_dir, a = tmp_path / "a", _build(ROOT, tmp_path / "a", STREAMED, "pyshacl")
    b_dir, b = streamed_project
    assert a.validation.engine == "pyshacl"
    assert a.triples < Project.open(ROOT).settings.sort_chunk or sorted_in != "one chunk"
    assert a.build_id == b.build_id and a.resources == b.resources
    assert a.validation.model_copy(update={"engine": "any"}) == b.validation.model_copy(update={"engine": "any"})
    assert digest(a_dir / "kg.jsonld") == digest(b_dir / "kg.jsonld")


@pytest.mark.parametrize("validator", [pytest.param("auto", marks=pytest.mark.exhaustive), "sparql"])
def test_validate_command_works_whatever_the_sort_and_the_limit(validator, monkeypatch):
    """`kg validate` writes the graph to a temporary file and validates it there, in memory or, over the
    limit, in a store on disk."""
    monkeypatch.setenv("KG_SORT_CHUNK", "500")
    monkeypatch.setenv("KG_MEMORY_VALIDATION_LIMIT", "1")
    result = run("validate", "--project", str(ROOT), "--validator", validator)
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


@pytest.mark.parametrize("name", ["KG_SORT_CHUNK", "KG_MEMORY_VALIDATION_LIMIT"])
@pytest.mark.parametrize("value", ["abc", "0", "-5", "1.5"])
def test_a_bad_memory_setting_is_refused_by_name_before_any_work(name, value, tmp_path, monkeypatch):
    monkeypatch.setenv(name, value)
    result = run("build", "--project", str(ROOT), "--out", str(tmp_path / "dist"))
    assert result.exit_code != 0
    assert f"{name} must be a whole number of at least 1, not {value!r}" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "dist").exists()


def test_a_build_killed_while_its_runs_are_on_disk_leaves_none_after_the_next(project_copy):
    """The runs are written inside the staged build, so the next build's pruning removes them with it;
    nothing is left in the system's temporary folder either."""
    out = project_copy / "dist"
    builds = project_copy / ".dist.builds"
    env = {**os.environ, "KG_SORT_CHUNK": "50"}
    p = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", "--project", str(project_copy), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list(builds.glob("*/kg-sort-*/run-*.nt")):
            time.sleep(0.02)
        assert list(builds.glob("*/kg-sort-*/run-*.nt")), "the build wrote no runs into its staged folder"
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait()
    result = run("build", "--project", str(project_copy), "--out", str(out), "--validator", "sparql")
    assert result.exit_code == 0, result.output
    assert not list(builds.glob("*/kg-sort-*")) and not list(builds.glob("*/kg-marks-*"))
    assert json.loads((out / "build.json").read_text())["validation"]["conforms"]


@pytest.mark.parametrize("piece", [1, 4096, 1 << 24])
def test_the_graph_loaded_in_pieces_is_the_graph_loaded_whole(dist, tmp_path, piece):
    """The store is bulk-loaded in pieces cut at line ends (bounded memory): the same quads as one whole load,
    whatever the piece size (1 byte: a piece per line)."""
    import pyoxigraph as ox

    from kg.publish.store import load_graph

    source = tmp_path / "kg.nt"
    lines = (dist / "kg.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    source.write_text("".join(lines[:: max(1, len(lines) // 3000)]), encoding="utf-8")
    whole, pieces = ox.Store(), ox.Store()
    whole.bulk_load(path=str(source), format=ox.RdfFormat.N_TRIPLES)
    load_graph(pieces, source, piece)
    assert len(pieces) == len(whole) > 2000 and set(pieces) == set(whole)


def test_a_graph_with_blank_nodes_is_loaded_whole(tmp_path):
    """A blank node's label holds within one document: a file naming one is not cut into pieces, so the node
    its lines share stays one node."""
    import pyoxigraph as ox

    from kg.publish.store import load_graph

    source = tmp_path / "blank.nt"
    source.write_text(
        "".join(f'_:shared <http://x/p{i}> "{i}" .\n' for i in range(200)) + "<http://x/a> <http://x/q> _:shared .\n",
        encoding="utf-8",
    )
    store = ox.Store()
    load_graph(store, source, piece=64)
    assert len(store) == 201 and len({q.subject for q in store if isinstance(q.subject, ox.BlankNode)}) == 1
