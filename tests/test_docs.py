"""The README keeps its promises: its example output is what the queries really return, and .ci/run runs the
README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.publish.store import open_store
from kg.readme import examples, run

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = examples(README)


def test_readme_has_the_oss_example():
    assert any("gemeente:oss" in ex.query for ex in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))])
def test_readme_example_output_is_what_the_query_returns(dist, project, example):
    assert run(open_store(dist / "store"), example.query, project.iris) == example.output


SPARQL_BLOCKS = re.findall(r"```sparql\n(.*?)```", README, re.DOTALL)


@pytest.mark.parametrize("query", SPARQL_BLOCKS, ids=[f"query-{i}" for i in range(len(SPARQL_BLOCKS))])
def test_every_readme_query_runs_as_written_at_the_endpoint(client, query):
    """What a reader pastes into the editor: no prefixes are added by the endpoint."""
    r = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    if "SERVICE <" in query:  # federation examples: read fine, and refused only because this test server
        # allows no SERVICE endpoints (tests/test_federation.py runs them against a second server)
        assert r.status_code == 400 and "is not allowed" in r.data.decode(), r.data.decode()[:500]
    else:
        assert r.status_code == 200, r.data.decode()[:500]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci and "README.md" in ci
    assert "<!-- test-command -->" in README
