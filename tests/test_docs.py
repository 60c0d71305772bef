"""The documentation keeps its promises: every example's output is what its query returns, every SPARQL block
runs at the endpoint as written, the generated parts (settings, commands) are those of the code, every link
leads somewhere, the README stays a front door, and .ci/run runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.docs import GENERATED, block, doc_files, examples, queries, run
from kg.publish.store import open_store

ROOT = Path(__file__).resolve().parents[1]
DOCS = doc_files(ROOT)
README = (ROOT / "README.md").read_text(encoding="utf-8")
TEXTS = {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in DOCS}
EXAMPLES = [(name, ex) for name, text in TEXTS.items() for ex in examples(text)]
QUERIES = [(name, q) for name, text in TEXTS.items() for q in queries(text)]
#: a line of the README's front door at most
README_LINES = 150


def test_the_readme_has_the_oss_example():
    assert any("gemeente:oss" in ex.query for ex in examples(README))


@pytest.mark.parametrize(("doc", "example"), EXAMPLES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(EXAMPLES)])
def test_every_example_output_is_what_the_query_returns(dist, project, doc, example):
    assert run(open_store(dist / "store"), example.query, project.iris) == example.output, doc


@pytest.mark.parametrize(("doc", "query"), QUERIES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(QUERIES)])
def test_every_sparql_block_runs_as_written_at_the_endpoint(client, doc, query):
    """What a reader pastes into the editor: no prefixes are added by the endpoint."""
    r = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    if "SERVICE <" in query:  # federation examples: read fine, and refused only because this test server
        # allows no SERVICE endpoints (tests/test_federation.py runs them against a second server)
        assert r.status_code == 400 and "is not allowed" in r.data.decode(), r.data.decode()[:500]
    else:
        assert r.status_code == 200, (doc, r.data.decode()[:500])


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_each_generated_block_is_what_the_code_makes_now(name):
    found = [(doc, block(text, name)) for doc, text in TEXTS.items() if block(text, name) is not None]
    assert found, f"no document has the generated block {name}"
    made = GENERATED[name]()
    for doc, text in found:
        assert text == made, f"{doc}: the {name} block is out of date; run python -m kg.docs"


LINK = re.compile(r"\]\((?!https?://|mailto:|#)([^)\s]+)\)")


@pytest.mark.parametrize("doc", sorted(TEXTS))
def test_every_relative_link_leads_to_a_file_of_the_repository(doc):
    folder = (ROOT / doc).parent
    broken = [target for target in LINK.findall(TEXTS[doc]) if not (folder / target.split("#")[0]).resolve().exists()]
    assert broken == []


def test_the_readme_is_a_front_door_that_links_every_page_of_the_docs():
    assert len(README.splitlines()) <= README_LINES
    linked = {(ROOT / target.split("#")[0]).resolve() for target in LINK.findall(README)}
    index = (ROOT / "docs" / "README.md").resolve()
    assert index in linked
    index_text = index.read_text(encoding="utf-8")
    listed = {(index.parent / t.split("#")[0]).resolve() for t in LINK.findall(index_text)}
    pages = {p.resolve() for p in DOCS if p.parent != ROOT and p.resolve() != index}
    assert pages <= listed, sorted(str(p.relative_to(ROOT)) for p in pages - listed)


#: a mention of one of the project's own issues (an issue number), which docs and code do not make
ISSUE = re.compile(r"\bissues? ?#?\d+\b|\bticket ?#?\d+\b", re.IGNORECASE)
CHECKED = ("README.md", "CONTRIBUTING.md", "docs", "src", "server", "tests", "bench", "scripts", ".ci", "deploy")


def test_no_issue_numbers_in_docs_or_code():
    found = []
    for part in CHECKED:
        path = ROOT / part
        for f in [path] if path.is_file() else (path.rglob("*") if path.is_dir() else []):
            if f.is_file() and f.suffix in {".py", ".md", ".sh", ".html", ".js", ".css", ".toml", ".yaml", ".conf", ""}:
                text = f.read_text(encoding="utf-8", errors="replace")
                found += [f"{f.relative_to(ROOT)}: {m[0]}" for m in ISSUE.finditer(text) if "/issues/" not in m[0]]
    assert found == []


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci and "README.md" in ci
    assert "<!-- test-command -->" in README
