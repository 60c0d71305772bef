"""A long build shows its progress on a terminal (a bar over the steps, with counts) and writes plain step
lines anywhere else, so that logs and pipes get no carriage returns or bar characters."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

STEP_LINES = ("read", "extract", "convert", "serialise", "validate", "load", "publish")


def build_output(project: Path, out: Path, terminal: bool) -> str:
    """What `kg build` writes to stderr, which is a pseudo-terminal if `terminal`, else a pipe. (The SPARQL
    validator: what is logged does not depend on the validator, and it is the faster one.)"""
    cmd = [
        sys.executable,
        "-m",
        "kg.cli",
        "build",
        "--project",
        str(project),
        "--out",
        str(out),
        "--validator",
        "sparql",
    ]
    if not terminal:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr
        return done.stderr
    leader, follower = pty.openpty()
    try:
        env = {**os.environ, "COLUMNS": "100"}
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=follower, env=env)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closes when the build exits
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=300) == 0
    finally:
        os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture(scope="module", params=["terminal", "pipe"])
def logged(request, tmp_path_factory) -> tuple[str, str]:
    """What one build of the project logs on a terminal, and what one logs in a pipe."""
    out = tmp_path_factory.mktemp(request.param) / "dist"
    return request.param, build_output(ROOT, out, terminal=request.param == "terminal")


def test_every_step_is_logged_with_what_it_counted(logged):
    _, text = logged
    for step in STEP_LINES:
        assert any(line.strip().startswith(step) and " s" in line for line in text.splitlines()), (step, text)
    assert "triples)" in text and "violations" in text


def test_a_terminal_gets_a_bar_and_a_pipe_gets_no_bar_and_no_carriage_returns(logged):
    where, text = logged
    if where == "terminal":
        assert "/7 steps" in text and "\r" in text
        assert "convert: " in text  # the counts of the steps done beside the bar
    else:
        assert "steps," not in text and "\r" not in text


def test_the_bar_names_the_step_that_runs_when_a_large_graph_is_loaded_before_it_is_validated():
    """Over the in-memory validation limit the build loads the store first and validates in it: the bar names
    `load` after serialise and `validate` after load, not the order of kg.progress.STEPS."""
    import io

    from kg.progress import Steps

    steps = Steps(io.StringIO())
    named = []
    for name, following in [("serialise", "load"), ("load", "validate"), ("validate", "publish"), ("publish", None)]:
        steps.lap(name, "1 thing", following)
        named.append(steps.bar.desc)
    steps.close()
    assert named == ["load", "validate", "publish", "done"]


def test_a_large_graph_build_logs_load_before_validate(project_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_MEMORY_VALIDATION_LIMIT", "1")
    cmd = [sys.executable, "-m", "kg.cli", "build", "--project", str(project_copy), "--out", str(tmp_path / "d")]
    done = subprocess.run([*cmd, "--validator", "sparql"], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    steps = [line.split()[0] for line in done.stderr.splitlines() if line.startswith("  ") and " s" in line]
    assert steps.index("load") < steps.index("validate") < steps.index("publish")
    assert "validating in the store on disk" in done.stderr
