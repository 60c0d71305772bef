"""`kg build` writes complete, deterministic output atomically; `kg validate`, `kg stats` and `kg query` work
on it; a failing build changes nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyld import jsonld
from rdflib import Graph

from kg.build import build
from kg.buildinfo import BuildInfo
from kg.cli import main
from kg.errors import ValidationFailed
from kg.iris import Iris
from kg.project import Project
from kg.publish.jsonld import LocalLoader, to_nquads
from kg.publish.staging import staging
from kg.publish.store import open_store

OUTPUTS = [
    "kg.nt",
    "kg.ttl",
    "kg.jsonld",
    "context.jsonld",
    "ontology.ttl",
    "validation.ttl",
    "validation.txt",
    "build.json",
]


#: the SPARQL validator, for tests of what does not depend on the validator (it is the faster of the two; the
#: two are shown to report the same in tests/test_shapes.py)
FAST = ("--validator", "sparql")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", OUTPUTS)
def test_build_writes_each_output(dist, name):
    assert (dist / name).is_file() and (dist / name).stat().st_size > 0


def test_build_copies_the_source_texts_that_passages_point_into(dist):
    assert sorted(p.name for p in (dist / "sources").iterdir()) == sorted(
        f"{s}.txt"
        for s in [
            "innovatieve-projecten",
            "finalisten-3-2-1-co-2016",
            "overheidsprofessionals-nieuwe-rollen",
            "praktijkverhaal-soest",
            "interview-ao-fonds",
        ]
    )


def test_ntriples_dump_is_sorted_and_without_duplicates(dist):
    lines = (dist / "kg.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines))


def test_store_holds_the_dump_and_the_datasets_own_descriptions(dist, graph):
    """The default graph of the store is the dump plus the catalogue and VoID (so that they can be queried and
    their IRIs have pages); build.json counts the graph itself."""
    store = open_store(dist / "store")
    expected = Graph()
    for g in (graph, Graph().parse(dist / "catalog.ttl"), Graph().parse(dist / "void.ttl")):
        for t in g:
            expected.add(t)
    stored = {(str(q.subject), str(q.predicate), str(q.object)) for q in store.quads_for_pattern(None, None, None)}
    assert len(stored) == len(expected)
    info = json.loads((dist / "build.json").read_text())
    assert info["triples"] == len(graph)


def test_turtle_and_jsonld_dumps_hold_the_same_graph_as_ntriples(dist, graph):
    """The same triples (the graph has no blank nodes, tests/test_graph.py: the same set is the same graph)."""
    assert set(Graph().parse(dist / "kg.ttl", format="turtle")) == set(graph)
    document = json.loads((dist / "kg.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == json.loads((dist / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    read_back = Graph().parse(data=to_nquads(document, Iris("https://w3id.org/aeno-kg/")), format="nquads")
    assert set(read_back) == set(graph)


def test_jsonld_reader_refuses_remote_contexts():
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(
            {"@context": "https://schema.org/", "name": "x"},
            {"documentLoader": LocalLoader(Iris("https://w3id.org/aeno-kg/"))},
        )


SAME_BYTES = ["kg.nt", "kg.ttl", "kg.jsonld", "context.jsonld", "ontology.ttl", "validation.txt", "validation.ttl"]


@pytest.fixture(scope="module")
def sparql_builds(project, tmp_path_factory) -> tuple[Path, Path, BuildInfo]:
    """The project built twice with the SPARQL validator."""
    first, second = tmp_path_factory.mktemp("one") / "dist", tmp_path_factory.mktemp("two") / "dist"
    info = build(project, first, validator="sparql")
    build(project, second, validator="sparql")
    return first, second, info


@pytest.mark.parametrize("validator", [pytest.param("pyshacl", marks=pytest.mark.exhaustive), "sparql"])
def test_two_builds_of_the_same_input_are_byte_identical(project, dist, sparql_builds, validator, tmp_path):
    """With either validator (pySHACL's: the session's build and one more)."""
    if validator == "pyshacl":
        first, second, info = dist, tmp_path / "again", build(project, tmp_path / "again")
    else:
        first, second, info = sparql_builds
    for name in SAME_BYTES:
        assert digest(first / name) == digest(second / name), name
    assert info.build_id == json.loads((dist / "build.json").read_text())["build_id"]


def test_the_sparql_validator_lets_the_triples_go_and_reports_and_counts_the_same(dist, sparql_builds):
    """The large-graph path (the converted triples released before validation, labels read from the store)
    writes the same report and the same counts as the pySHACL path of the same graph."""
    _, _, info = sparql_builds
    pyshacl = json.loads((dist / "build.json").read_text())
    assert info.resources == pyshacl["resources"]
    assert info.validation.model_dump(exclude={"engine"}, mode="json") == {
        k: v for k, v in pyshacl["validation"].items() if k != "engine"
    }


def break_date_order(project_dir: Path) -> None:
    path = project_dir / "data" / "curated" / "programmes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("    start_year: 2018\n    end_year: 2020", "    start_year: 2021\n    end_year: 2020"),
        encoding="utf-8",
    )


@pytest.mark.parametrize("validator", [pytest.param("pyshacl", marks=pytest.mark.exhaustive), "sparql"])
def test_a_build_that_fails_validation_leaves_the_previous_output_untouched(project_copy, validator, monkeypatch):
    """Also while a second process writes the other dumps into the staged build (as for a large graph):
    that process is stopped and the staged files removed."""
    monkeypatch.setenv("KG_SECOND_PROCESS_FROM", "0")
    out = project_copy / "dist"
    first = run("build", "--project", str(project_copy), "--quiet", *FAST)
    assert first.exit_code == 0, first.output
    target, before = out.resolve(), {p.name: digest(p) for p in out.iterdir() if p.is_file()}

    break_date_order(project_copy)
    second = run("build", "--project", str(project_copy), "--validator", validator)
    assert second.exit_code == 3
    assert "DOES NOT CONFORM" in second.output and "schema:startDate" in second.output
    assert "previous output is unchanged" in second.output
    assert out.resolve() == target
    assert {p.name: digest(p) for p in out.iterdir() if p.is_file()} == before
    assert len(list((project_copy / ".dist.builds").iterdir())) == 1, "the failed build's files are removed"


def test_an_interrupted_build_leaves_the_previous_output_untouched(tmp_path):
    out = tmp_path / "dist"
    with staging(out) as stage:
        (stage / "kg.nt").write_text("old\n")
    with pytest.raises(KeyboardInterrupt), staging(out) as stage:
        (stage / "kg.nt").write_text("half of the new")
        raise KeyboardInterrupt
    assert (out / "kg.nt").read_text() == "old\n"
    assert len(list((tmp_path / ".dist.builds").iterdir())) == 1


def test_old_builds_are_pruned_but_the_previous_one_is_kept(tmp_path):
    out = tmp_path / "dist"
    for i in range(4):
        with staging(out) as stage:
            (stage / "n").write_text(str(i))
    assert (out / "n").read_text() == "3"
    assert len(list((tmp_path / ".dist.builds").iterdir())) == 2


@pytest.mark.parametrize("validator", [pytest.param("auto", marks=pytest.mark.exhaustive), "sparql"])
def test_validate_command_reports_conformance(project, validator):
    result = run("validate", "--project", str(project.root), "--validator", validator)
    assert result.exit_code == 0 and result.output.startswith("conforms: 0 violation(s), 4 warning(s)")


def test_validate_command_fails_on_violations(project_copy):
    break_date_order(project_copy)
    result = run("validate", "--project", str(project_copy), *FAST)
    assert result.exit_code == ValidationFailed.exit_code
    assert "Een programma begint niet na zijn einde" in result.output


def test_stats_command_summarises_the_last_build(dist, project):
    result = run("stats", "--project", str(project.root), "--out", str(dist))
    assert result.exit_code == 0
    assert "342  municipalities" in result.output and "19  projects" in result.output


def test_query_command_prints_a_table(dist, project):
    result = run(
        "query",
        "SELECT ?code WHERE { gemeente:oss dcterms:identifier ?code }",
        "--project",
        str(project.root),
        "--store",
        str(dist / "store"),
    )
    assert result.exit_code == 0
    assert result.output.splitlines() == ["code", "------", "GM0828", "(1 row)"]


def test_query_command_reports_syntax_errors_with_line_and_column(dist, project):
    result = run("query", "SELECT ?x WHERE {\n ?x ?y }", "--project", str(project.root), "--store", str(dist / "store"))
    assert result.exit_code == 2  # the user's input, like a bad option
    assert "SPARQL syntax error at line 2, column" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("SELECT * WHERE { ?s foo:bar ?o }", "unknown prefix 'foo:'"),
        ("SELEC * WHERE { ?s ?p ?o }", "did you mean SELECT?"),
    ],
)
def test_query_command_says_what_is_wrong_in_words(dist, project, query, says):
    result = run("query", query, "--project", str(project.root), "--store", str(dist / "store"))
    assert result.exit_code == 2 and says in result.output


@pytest.mark.parametrize("update", ["INSERT DATA { <a> <b> <c> }", "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }"])
def test_query_command_is_read_only_and_says_so(dist, project, update):
    result = run("query", update, "--project", str(project.root), "--store", str(dist / "store"))
    assert result.exit_code == 2
    assert "kg query is read-only" in result.output and "CONSTRUCT" not in result.output


def test_build_under_another_base_moves_every_iri(project_copy):
    base = "http://127.0.0.1:5000/"
    result = run("build", "--project", str(project_copy), "--base", base, "--quiet", *FAST)
    assert result.exit_code == 0, result.output
    text = (project_copy / "dist" / "kg.nt").read_text(encoding="utf-8")
    assert "https://w3id.org/aeno-kg/" not in text
    assert f'<{base}id/gemeente/oss> <http://purl.org/dc/terms/identifier> "GM0828" .' in text
    assert Project.open(project_copy, base).base == base


def test_killed_builds_never_cost_the_served_or_the_previous_build(project_copy):
    """Builds killed with SIGKILL (leaving unfinished folders newer than every complete one), then one that
    succeeds: the build that was served stays as the previous one, the new one is served, the unfinished
    folders are gone. Pruning by age alone deleted the served build here."""
    import signal
    import subprocess
    import sys
    import time

    out = project_copy / "dist"
    first = run("build", "--project", str(project_copy), "--out", str(out), *FAST)
    assert first.exit_code == 0, first.output
    served = out.resolve()
    builds = project_copy / ".dist.builds"
    for _ in range(2):
        p = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "build", "--project", str(project_copy), "--out", str(out), *FAST],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(list(builds.iterdir())) < 2 + _:
            time.sleep(0.05)
        time.sleep(0.5)
        p.send_signal(signal.SIGKILL)
        p.wait()
    assert out.resolve() == served and (served / "store").is_dir()
    unfinished = [f for f in builds.iterdir() if f.resolve() != served]
    assert unfinished, "the killed builds left folders behind"
    last = run("build", "--project", str(project_copy), "--out", str(out), *FAST)
    assert last.exit_code == 0, last.output
    assert out.resolve() != served and (out / "store").is_dir()
    assert served.is_dir() and (served / "store").is_dir(), "the previously served build is kept"
    assert sorted(f.resolve() for f in builds.iterdir()) == sorted([served, out.resolve()])
