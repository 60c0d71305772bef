"""The README keeps its promises: its example output is what the queries really return, and .ci/run runs the
README's test command."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.readme import examples, run
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = examples(README)


def test_readme_has_the_oss_example():
    assert any("gemeente:oss" in ex.query for ex in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))])
def test_readme_example_output_is_what_the_query_returns(dist, project, example):
    assert run(open_store(dist / "store"), example.query, project.iris) == example.output


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci and "README.md" in ci
    assert "<!-- test-command -->" in README
