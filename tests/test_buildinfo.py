"""build.json is one typed contract (kg.buildinfo) between the build and its readers: what the build writes is
what the schema reads back, and a build of another format is refused with what to do, by the server at start,
by a running server that sees it switched in, and by `kg stats`."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.buildinfo import FORMAT, BuildFormatError, BuildInfo
from kg.cli import main
from kg.query.builds import Watcher


def rewrite(folder: Path, change) -> None:
    info = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    change(info)
    (folder / "build.json").write_text(json.dumps(info), encoding="utf-8")


@pytest.fixture
def copied(dist: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "build"
    shutil.copytree(dist.resolve(), folder, symlinks=True)
    return folder


def test_the_build_writes_exactly_what_the_schema_reads_back(dist):
    info = BuildInfo.read(dist)
    assert (dist / "build.json").read_text(encoding="utf-8") == info.text()
    assert info.format == FORMAT


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda i: i.pop("format"), "of format 1, and this version of kg reads format"),
        (lambda i: i.update(format=FORMAT + 1), f"of format {FORMAT + 1}, and this version of kg reads format"),
        (lambda i: i.pop("triples"), "triples: Field required"),
        (lambda i: i["publication"].update(dumps=[{"name": "kg.nt.gz"}]), "publication.dumps.0.source"),
        (lambda i: i.update(surprise=1), "surprise: Extra inputs are not permitted"),
    ],
    ids=["before formats", "a later format", "a field missing", "a dump half described", "an unknown field"],
)
def test_a_build_description_of_another_shape_is_refused_with_what_to_do(copied, change, says):
    rewrite(copied, change)
    with pytest.raises(BuildFormatError) as caught:
        BuildInfo.read(copied)
    assert says in str(caught.value) and "kg build" in str(caught.value)


def test_a_damaged_build_description_is_refused(copied):
    (copied / "build.json").write_text('{"build_id": ', encoding="utf-8")
    with pytest.raises(BuildFormatError, match="not valid JSON"):
        BuildInfo.read(copied)


def test_the_server_refuses_at_start_a_build_it_cannot_read(copied):
    from kg.server import create_app

    rewrite(copied, lambda i: i.update(format=FORMAT + 1))
    with pytest.raises(BuildFormatError, match="build again with `kg build`"):
        create_app(store=copied / "store")


def test_kg_stats_says_what_to_do_with_a_build_it_cannot_read(copied, project):
    rewrite(copied, lambda i: i.pop("format"))
    result = CliRunner().invoke(main, ["stats", "--project", str(project.root), "--out", str(copied)])
    assert result.exit_code == 2
    assert "of format 1" in result.output and "Traceback" not in result.output


def test_a_running_server_keeps_its_build_when_one_it_cannot_read_is_switched_in(dist, tmp_path):
    builds = tmp_path / "builds"
    for name in ("good", "later"):
        shutil.copytree(dist.resolve(), builds / name, symlinks=True)
    rewrite(builds / "later", lambda i: i.update(format=FORMAT + 1, build_id="f" * 16))
    link = tmp_path / "dist"
    link.symlink_to(builds / "good")
    watcher = Watcher(link / "store", check_every=0.01)
    first = watcher.current()
    new = tmp_path / "dist.new"
    new.symlink_to(builds / "later")
    new.replace(link)
    time.sleep(0.02)
    assert watcher.current().id == first.id
