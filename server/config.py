"""Server settings: one dataclass, filled from defaults, then KG_* environment variables, then the caller
(`kg serve` options or a test's overrides). Everything else reads them from the app's state
(`kg.server.state.state().settings`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Settings:
    store: Path = Path("dist/store")
    query_timeout: float = 10.0  # seconds a query may run before its worker process is stopped
    max_query_length: int = 20_000  # characters of SPARQL text
    max_result_rows: int = 10_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) returned at most
    max_concurrent_queries: int = 2  # queries evaluated at once per web process (one worker process each)
    queue_wait: float = 2.0  # seconds a request waits for a free worker before 503
    max_long_queries: int = 2  # queries past long_query_after running at once per web process (lowest CPU priority)
    long_query_after: float = 0.5  # seconds after which a query counts as long and leaves its slot
    max_queries_per_client: int = 8  # queries in flight (running or waiting) per client address and web process
    max_long_queries_per_client: int = 1  # of those, running long at once
    query_memory_mb: int = 1024  # data segment of a query worker (RLIMIT_DATA); 0: unlimited
    page_workers: int = 1  # query workers per web process for the pages, apart from the endpoint's
    allowed_services: tuple[str, ...] = ()  # SERVICE endpoints queries may call; empty = none
    cache_max_age: int = 60  # Cache-Control max-age of query results, seconds
    result_cache_mb: int = 64  # memory per web process for answers to repeated queries; 0 turns it off
    cors_origin: str = "*"
    backend: str | None = None  # a remote SPARQL 1.1 query URL to answer from instead of the embedded store
    backend_graph: str | None = None  # the graph `kg publish` loaded there (default: the dataset IRI)
    fast_path: bool = True  # answer plain GET /sparql?query= without Flask's machinery (kg.server.fastpath)
    public_base: str | None = None  # the address the server is reached at, if not the dataset base

    @property
    def dist(self) -> Path:
        """The build directory the store belongs to (holds build.json, dumps, sources)."""
        return self.store.parent

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"KG_{f.name.upper()}")
            if raw is None:
                continue
            values[f.name] = _convert(f.name, raw)
        settings = replace(cls(), **values)
        overrides = {k: v for k, v in overrides.items() if v is not None}
        if "store" in overrides:
            overrides["store"] = Path(overrides["store"])
        if "allowed_services" in overrides:
            overrides["allowed_services"] = tuple(overrides["allowed_services"])
        return replace(settings, **overrides)


def _convert(name: str, raw: str) -> Any:
    if name == "store":
        return Path(raw)
    if name == "fast_path":
        return raw.strip().lower() not in ("0", "false", "no", "off", "")
    if name == "allowed_services":
        return tuple(s for s in raw.split() if s)
    if name in ("query_timeout", "queue_wait", "long_query_after"):
        return float(raw)
    if name in (
        "max_query_length",
        "max_result_rows",
        "max_concurrent_queries",
        "cache_max_age",
        "result_cache_mb",
        "max_long_queries",
        "max_queries_per_client",
        "max_long_queries_per_client",
        "query_memory_mb",
        "page_workers",
    ):
        return int(raw)
    return raw
