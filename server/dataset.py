"""The dataset being served: which build it is, noticing when a new build replaces it.

`kg build` switches the dist symlink to a new directory. The server looks (at most once a second, with one
stat) whether the store path now resolves elsewhere; if so it reads the new build.json. The build id is part
of every ETag and cache key, so a new build makes old ones stale, and the executor starts workers on the new
store while the old ones finish.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Build:
    id: str
    triples: int
    created: str
    base: str
    path: Path  # the resolved build directory
    info: dict = field(default_factory=dict, compare=False)  # build.json as written by kg build

    @property
    def store(self) -> Path:
        return self.path / "store"


class Dataset:
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
                    self._build = self._read(resolved)
                    self._resolved = resolved
        assert self._build is not None
        return self._build

    def _read(self, store: Path) -> Build:
        info_path = store.parent / "build.json"
        try:
            info = json.loads(info_path.read_text(encoding="utf-8"))
            return Build(info["build_id"], int(info["triples"]), info["created"], info["base"], store.parent, info)
        except (OSError, ValueError, KeyError):
            # A store without a build description (not made by kg build): identify it by path and time.
            stamp = str(int(store.stat().st_mtime)) if store.exists() else "missing"
            return Build(f"store-{stamp}", -1, "", "", store.parent)
