"""The build being served, read from the build.json `kg build` wrote, and the one clock that notices a new one.

`kg build` switches the dist symlink to a new directory. The `Watcher` looks (at most once a second, with one
stat) whether the store path now resolves elsewhere; if so it reads the new build.json. Everything that depends
on the build takes it from the same `Build` object: the ETag and cache key name its id, and the query pool runs
the query on its store, so an answer always comes from the build its ETag names, even while builds switch.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg.buildinfo import BuildFormatError, BuildInfo, DescriptionGraph, Dump, Linkset, Publication
from kg.query import DEFAULT_GRAPH

log = logging.getLogger("kg.server")


@dataclass(frozen=True)
class Build:
    """A finished build being served: its id and folder, and what its build.json says (kg.buildinfo); a store
    not made by kg build has no description and is known by its path and time."""

    id: str
    path: Path  # the resolved build directory
    info: BuildInfo | None = field(default=None, compare=False)

    @functools.cached_property
    def store(self) -> Path:
        """Asked for every query (the pool matches workers to it): made once, not a new Path each time (5% of a
        loaded web worker's time, py-spy)."""
        return self.path / "store"

    @functools.cached_property
    def gone(self) -> dict[str, dict]:
        """The IRIs this build no longer publishes and why (its gone.json, kg.publish.releases): each answers 410,
        or 301 to what replaced it."""
        path = self.path / "gone.json"
        try:
            return {entry["iri"]: entry for entry in json.loads(path.read_text(encoding="utf-8"))}
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    @property
    def triples(self) -> int:
        """Triples of the graph; -1: unknown (a store not made by kg build)."""
        return self.info.triples if self.info else -1

    @property
    def created(self) -> str:
        return self.info.created if self.info else ""

    @property
    def base(self) -> str:
        return self.info.base if self.info else ""

    @property
    def resources(self) -> dict[str, int]:
        return self.info.resources if self.info else {}

    @property
    def linksets(self) -> tuple[Linkset, ...]:
        return self.info.publication.linksets if self.info else ()

    @property
    def dumps(self) -> tuple[Dump, ...]:
        return self.info.publication.dumps if self.info else ()

    @property
    def publication(self) -> Publication | None:
        return self.info.publication if self.info else None

    @property
    def default_graph_triples(self) -> int:
        """What the store's default graph holds: the graph alone; -1: unknown."""
        return self.info.publication.default_graph_triples if self.info else -1

    @property
    def descriptions(self) -> tuple[DescriptionGraph, ...]:
        """The catalogue and VoID, each in its named graph beside the data."""
        return self.info.publication.descriptions if self.info else ()

    @property
    def page_graphs(self) -> tuple[str, ...]:
        """The default graph the site's own pages query: the data and the descriptions beside it, merged, so that
        the dataset, its distributions and VoID's partitions have pages; () for the store's default graph."""
        if not self.descriptions:
            return ()
        return (DEFAULT_GRAPH, *(d.iri for d in self.descriptions))

    @classmethod
    def read(cls, directory: Path) -> Build:
        """The build in `directory`, from its build.json (FileNotFoundError if it has none, BuildFormatError if it
        cannot be read)."""
        info = BuildInfo.read(directory)
        return cls(info.build_id, directory, info)

    @classmethod
    def served(cls, directory: Path) -> Build:
        """The build in `directory` (its build.json). A store without one (not made by kg build) is identified by
        its path and time; a build.json this version cannot read raises BuildFormatError."""
        try:
            return cls.read(directory)
        except FileNotFoundError:
            store = directory / "store"
            stamp = str(int(store.stat().st_mtime)) if store.exists() else "missing"
            return cls(f"store-{stamp}", directory)


class Watcher:
    """The build a path in the build directory (its store, or its build.json for a front without a store) leads
    to now, looked up at most every `check_every` seconds."""

    def __init__(self, store: Path, check_every: float = 1.0) -> None:
        self.store = store
        self.check_every = check_every
        self._lock = threading.Lock()
        self._checked = 0.0
        self._build: Build | None = None
        self._resolved: Path | None = None

    def current(self) -> Build:
        """The build served now. The first build must be readable (BuildFormatError otherwise: the server does not
        start); a later build that cannot be read is logged and the one before it served on."""
        now = time.monotonic()
        if self._build is None or now - self._checked >= self.check_every:
            with self._lock:
                self._checked = now
                resolved = self.store.resolve()
                if resolved != self._resolved or self._build is None:
                    try:
                        self._build = Build.served(resolved.parent)
                    except BuildFormatError as exc:
                        if self._build is None:
                            raise
                        log.error("not switching to the build at %s: %s", resolved.parent, exc)
                    self._resolved = resolved
        assert self._build is not None
        return self._build
