"""The build being served, read from the build.json `kg build` wrote, and the one clock that notices a new one.

`kg build` switches the dist symlink to a new directory. The `Watcher` looks (at most once a second, with one
stat) whether the store path now resolves elsewhere; if so it reads the new build.json. Everything that depends
on the build takes it from the same `Build` object: the ETag and cache key name its id, and the query pool runs
the query on its store, so an answer always comes from the build its ETag names, even while builds switch.
"""

from __future__ import annotations

import functools
import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Linkset:
    """A linkset loaded into the build: its name, its graph IRI, its links, its size and its file in the build."""

    name: str
    iri: str
    links: int
    triples: int
    file: str


@dataclass(frozen=True)
class Dump:
    """A compressed dump of the graph, as the downloads page and the catalogue list it."""

    name: str
    media_type: str
    title: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Build:
    """A finished build: what the server needs of build.json, as typed fields."""

    id: str
    triples: int  # -1: unknown (a store not made by kg build)
    created: str
    base: str
    path: Path  # the resolved build directory
    resources: dict[str, int] = field(default_factory=dict, compare=False)  # counts per kind, as the home page shows
    linksets: tuple[Linkset, ...] = ()
    dumps: tuple[Dump, ...] = ()
    default_graph_triples: int = -1  # what the store's default graph holds: the graph, the catalogue and VoID
    licence: str | None = None  # the dataset's licence (kg.toml [publication] licence)
    publisher: str | None = None  # who publishes the dataset (kg.toml [publication] publisher_name)
    validation: dict[str, Any] = field(default_factory=dict, compare=False)  # build.json validation: counts, profiles

    @functools.cached_property
    def store(self) -> Path:
        """Asked for every query (the pool matches workers to it): made once, not a new Path each time (5% of a
        loaded web worker's time, py-spy)."""
        return self.path / "store"

    @classmethod
    def read(cls, directory: Path) -> Build:
        """The build in `directory`, read from its build.json (OSError, ValueError or KeyError if it has none)."""
        info: dict[str, Any] = json.loads((directory / "build.json").read_text(encoding="utf-8"))
        return cls._from(info, directory)

    @classmethod
    def served(cls, directory: Path) -> Build:
        """The build in `directory` (its build.json). A store without one (not made by kg build) is identified by
        its path and time."""
        try:
            return cls.read(directory)
        except (OSError, ValueError, KeyError, TypeError):
            store = directory / "store"
            stamp = str(int(store.stat().st_mtime)) if store.exists() else "missing"
            return cls(f"store-{stamp}", -1, "", "", directory)

    @classmethod
    def _from(cls, info: dict[str, Any], directory: Path) -> Build:
        publication = info.get("publication", {})
        return cls(
            id=info["build_id"],
            triples=int(info["triples"]),
            created=info["created"],
            base=info["base"],
            path=directory,
            resources=dict(info.get("resources", {})),
            linksets=tuple(
                Linkset(ls["name"], ls["iri"], int(ls["links"]), int(ls["triples"]), ls["file"])
                for ls in publication.get("linksets", [])
            ),
            dumps=tuple(
                Dump(d["name"], d["media_type"], d["title"], int(d["bytes"]), d["sha256"])
                for d in publication.get("dumps", [])
            ),
            default_graph_triples=int(publication.get("default_graph_triples", info["triples"])),
            licence=publication.get("licence"),
            publisher=publication.get("publisher"),
            validation=dict(info.get("validation", {})),
        )


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
        now = time.monotonic()
        if self._build is None or now - self._checked >= self.check_every:
            with self._lock:
                self._checked = now
                resolved = self.store.resolve()
                if resolved != self._resolved or self._build is None:
                    self._build = Build.served(resolved.parent)
                    self._resolved = resolved
        assert self._build is not None
        return self._build
