"""Shared fixtures: the project as it is in the repository, one real build of it per test session, and
disposable copies of the project for tests that break the data on purpose."""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import Assembled, assemble, build
from kg.project import Project

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("data", "ontology", "shapes")
#: test processes of the contributors' fast loop (CONTRIBUTING.md)
FAST_LOOP_PROCESSES = 2


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """The contributors' fast loop, `pytest -m "not browser and not server_process"`, runs its tests on two
    processes (pytest-xdist) when nothing says otherwise: what is left of the suite then is builds and
    validation, CPU-bound work that halves on two cores. The browser and server-process tests time real
    servers, so a run that includes them stays on one process (CI runs everything that way), and `-n 0` or
    `-p no:xdist` keeps any run on one.

    The fast loop also leaves out the `exhaustive` tests: those that repeat over every IRI, every page or
    every build mode what a test beside them checks on one of each kind (a crawl of the whole site, pySHACL
    over the whole graph once more). CI runs them; `-m exhaustive` runs them alone."""
    expression = " ".join((config.option.markexpr or "").split())
    wants_fast_loop = _fast_loop(config)
    if (
        wants_fast_loop
        and config.pluginmanager.hasplugin("xdist")
        and getattr(config.option, "numprocesses", 0) is None
        and not os.environ.get("PYTEST_XDIST_WORKER")
    ):
        config.option.numprocesses = FAST_LOOP_PROCESSES
        if config.option.dist == "no":
            config.option.dist = "loadscope"  # a module's fixtures (builds above all) made once, not in each process
    if wants_fast_loop and "exhaustive" not in expression:
        config.option.markexpr = f"({expression}) and not exhaustive"


def _fast_loop(config: pytest.Config) -> bool:
    expression = " ".join((config.option.markexpr or "").split())
    return "not browser" in expression and "not server_process" in expression


def copy_project(target: Path) -> Path:
    """A copy of the project's inputs (data, ontology, shapes and kg.toml if any) to break at will."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        shutil.copytree(ROOT / part, target / part)
    if (ROOT / "kg.toml").exists():
        shutil.copy(ROOT / "kg.toml", target / "kg.toml")
    return target


@pytest.fixture(scope="session")
def project() -> Project:
    return Project.open(ROOT)


@pytest.fixture(scope="session")
def assembled(project: Project) -> Assembled:
    """The validated graph of the real project (no output written), validated by the SPARQL validator: the
    session's build (`dist`) validates it with pySHACL, the default for a graph this small."""
    return assemble(project, validator="sparql")


#: where the test processes of one run share the session's build (under the run's temporary folder)
SHARED_BUILD = "session-build"


def _build_shared(folder: Path) -> Path:
    """The project built into folder/dist once: under a lock, so that whoever comes second waits and reads it."""
    folder.mkdir(exist_ok=True)
    out = folder / "dist"
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not (out / "build.json").exists():  # dist/ appears once a build is complete; a failed one is redone
            build(Project.open(ROOT), out)
    return out


def pytest_sessionstart(session: pytest.Session) -> None:
    """In the fast loop on test processes (pytest-xdist), the process that runs them builds the project for
    them while they start and collect (about 4 s), so that none of them waits for a whole build before its
    first test (nearly every module of the fast loop reads that build)."""
    config = session.config
    if os.environ.get("PYTEST_XDIST_WORKER") or not getattr(config.option, "numprocesses", None):
        return
    if not _fast_loop(config) or config.option.collectonly:
        return
    folder = config._tmp_path_factory.getbasetemp() / SHARED_BUILD  # the processes' temporary folders are below
    folder.mkdir(exist_ok=True)
    lock = (folder / "lock").open("w")  # held until the build in the thread is done
    fcntl.flock(lock, fcntl.LOCK_EX)

    def run() -> None:
        try:
            build(Project.open(ROOT), folder / "dist")
        except Exception:  # a test process then builds it under the lock, and reports what fails
            pass
        finally:
            lock.close()

    threading.Thread(target=run, name="session-build", daemon=True).start()


@pytest.fixture(scope="session")
def dist(project: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real build of the project, into a temporary dist/: once per run, also when the fast loop runs on
    two processes (built by the process that runs them; see pytest_sessionstart)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        out = tmp_path_factory.mktemp("build") / "dist"
        build(project, out)
        return out
    return _build_shared(tmp_path_factory.getbasetemp().parent / SHARED_BUILD)


@pytest.fixture(scope="session")
def graph(dist: Path) -> Graph:
    """The published graph, read back from the N-Triples dump."""
    return Graph().parse(dist / "kg.nt", format="nt")


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


# -- server fixtures ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def app(dist: Path):
    from kg.server import create_app

    application = create_app(store=dist / "store", query_timeout=10, queue_wait=5)
    yield application
    application.extensions["kg"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_app(dist: Path):
    """An app with its own settings (limits) over the real store; its query workers are stopped afterwards."""
    from kg.server import create_app

    made = []

    def factory(**overrides):
        overrides.setdefault("store", dist / "store")
        application = create_app(**overrides)
        made.append(application)
        return application

    yield factory
    for application in made:
        application.extensions["kg"].close()


@pytest.fixture(scope="session")
def graphs_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small store with a default graph and two named graphs, for the dataset parameters of the protocol."""
    import pyoxigraph as ox

    path = tmp_path_factory.mktemp("graphs") / "store"
    store = ox.Store(str(path))
    ex = "http://example.org/"
    for graph, value in [(None, "default"), (f"{ex}g1", "one"), (f"{ex}g2", "two")]:
        g = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        store.add(ox.Quad(ox.NamedNode(f"{ex}s"), ox.NamedNode(f"{ex}p"), ox.Literal(value), g))
    for i in range(30):
        store.add(
            ox.Quad(ox.NamedNode(f"{ex}row{i:02d}"), ox.NamedNode(f"{ex}n"), ox.Literal(str(i)), ox.DefaultGraph())
        )
    store.flush()
    del store
    return path
