"""The same minimal SPARQL lookup endpoint under Granian's three Python interfaces (WSGI, RSGI, ASGI), for
bench/interfaces.py: what the interface alone costs around a query that a separate process evaluates.

Each app does what kg serve's fast path does at the least: take `query=` from the query string, percent-decode
it, hand it to one of two query worker processes over a pipe (pyoxigraph on the store read-only, serialising
SPARQL JSON) and answer 200 with the bytes. No checks, no cache, no log, no time limit: the difference between
the three is the interface and how the wait for the worker is done (WSGI: a blocking thread per request;
RSGI and ASGI: the worker's pipe watched by the event loop, no thread).

The store is named by KG_BENCH_STORE.
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import queue
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from urllib.parse import unquote_plus

QUERY_WORKERS = 2
HEADERS = [("content-type", "application/sparql-results+json")]


def query_worker(store_path: str, conn: Connection) -> None:
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    while True:
        try:
            query = conn.recv_bytes().decode("utf-8")
        except EOFError:
            return
        try:
            body = store.query(query).serialize(format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, OSError) as exc:
            body = f'{{"error": "{type(exc).__name__}"}}'.encode()
        conn.send_bytes(body)


def _start_workers() -> list[Connection]:
    ctx = mp.get_context("spawn")
    ends = []
    for _ in range(QUERY_WORKERS):
        mine, theirs = ctx.Pipe()
        ctx.Process(target=query_worker, args=(os.environ["KG_BENCH_STORE"], theirs), daemon=True).start()
        ends.append(mine)
    return ends


def _query_of(qs: str) -> bytes:
    return unquote_plus(qs[6:] if qs.startswith("query=") else "ASK {}").encode("utf-8")


class Wsgi:
    """Blocking: each of Granian's threads takes a free worker from a queue and waits on its pipe."""

    def __init__(self) -> None:
        self._free: queue.Queue[Connection] | None = None
        self._lock = threading.Lock()

    def _lanes(self) -> queue.Queue[Connection]:
        with self._lock:
            if self._free is None:
                free: queue.Queue[Connection] = queue.Queue()
                for c in _start_workers():
                    free.put(c)
                self._free = free
        return self._free

    def __call__(self, environ: dict, start_response: Callable[..., object]) -> list[bytes]:
        free = self._free or self._lanes()
        conn = free.get()
        try:
            conn.send_bytes(_query_of(environ.get("QUERY_STRING", "")))
            body = conn.recv_bytes()
        finally:
            free.put(conn)
        start_response("200 OK", [*HEADERS, ("content-length", str(len(body)))])
        return [body]


class _AsyncLanes:
    """The query workers for one event loop: a free list, and each reply awaited by watching the pipe."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.free: asyncio.Queue[Connection] = asyncio.Queue()
        for c in _start_workers():
            self.free.put_nowait(c)

    async def ask(self, query: bytes) -> bytes:
        conn = await self.free.get()
        try:
            conn.send_bytes(query)
            reply: asyncio.Future[bytes] = self.loop.create_future()
            fd = conn.fileno()
            self.loop.add_reader(fd, lambda: reply.done() or reply.set_result(conn.recv_bytes()))
            try:
                return await reply
            finally:
                self.loop.remove_reader(fd)
        finally:
            self.free.put_nowait(conn)


class Rsgi:
    def __init__(self) -> None:
        self.lanes: _AsyncLanes | None = None

    def __rsgi_init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.lanes = _AsyncLanes(loop)

    async def __rsgi__(self, scope, proto) -> None:  # noqa: ANN001
        if self.lanes is None:
            self.lanes = _AsyncLanes(asyncio.get_running_loop())
        body = await self.lanes.ask(_query_of(scope.query_string))
        proto.response_bytes(200, [*HEADERS, ("content-length", str(len(body)))], body)


class Asgi:
    def __init__(self) -> None:
        self.lanes: _AsyncLanes | None = None

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if self.lanes is None:
            self.lanes = _AsyncLanes(asyncio.get_running_loop())
        body = await self.lanes.ask(_query_of(scope["query_string"].decode("latin-1")))
        headers = [(k.encode(), v.encode()) for k, v in [*HEADERS, ("content-length", str(len(body)))]]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


wsgi_app = Wsgi()
rsgi_app = Rsgi()
asgi_app = Asgi()
