"""The query worker process: opens the store read-only, then answers jobs until told to stop.

Kept free of Flask and rdflib so the fork server that starts workers preloads only what a worker needs
(pyoxigraph and this module); kg.query.pool runs and stops these processes.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import resource
import signal
import struct
import time
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph as ox

from kg.query import Job, Outcome, results
from kg.query.text import parse_term, top_level_limit

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> None:
    """Have the kernel kill this process when its parent ends (Linux), so that no worker outlives a server
    killed with SIGKILL and goes on holding memory or answering. Elsewhere a worker still ends when it reads
    end-of-file from its pipe. `parent`: the pid the parent had at the fork, where the caller knows it; a
    process whose parent has changed by the time the signal is set was orphaned before it, and ends now."""
    parent = os.getppid() if parent is None else parent
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


# -- the pipe between a web process and a query worker --------------------------------------------------------
#
# Strictly one message in flight each way: the web process writes a job (or None: stop) and reads its outcome
# before it writes the next. Messages use multiprocessing's framing (Connection.send_bytes: a 4-byte big-endian
# length, or -1 and 8 bytes for more than 2 GiB), carrying a pickled tuple of the dataclass's fields.
# Measured on a loaded web worker (py-spy), against Connection.send/recv of the dataclasses: ForkingPickler (a
# BytesIO and a Pickler object per message) was 6% of its time; a tuple pickles in 0.7 us instead of 2.5 and
# loads in 1.8 instead of 3.0; and a message is read with one read() where Connection reads the length and the
# body separately (each read lets go of the GIL, which the thread must then win back from the others). Both
# ends are ours and trust each other.

_LENGTH = struct.Struct("!i")
_LONG_LENGTH = struct.Struct("!Q")
_READ = 65536  # bytes asked of the first read(): most answers arrive whole in it


#: a worker's first message, once its store is open (Pool waits for it before the first job)
READY = pickle.dumps("ready", pickle.HIGHEST_PROTOCOL)


def receive_ready(conn: Connection) -> bool:
    """Whether the worker's first message is READY (EOFError once it ended without sending it)."""
    return _read_message(conn.fileno()) == READY


def send_job(conn: Connection, job: Job | None) -> None:
    conn.send_bytes(pickle.dumps(None if job is None else job.fields(), pickle.HIGHEST_PROTOCOL))


def receive_job(conn: Connection) -> Job | None:
    fields = pickle.loads(_read_message(conn.fileno()))
    return None if fields is None else Job(*fields)


def send_outcome(conn: Connection, outcome: Outcome) -> None:
    conn.send_bytes(pickle.dumps(outcome.fields(), pickle.HIGHEST_PROTOCOL))


def receive_outcome(conn: Connection) -> Outcome:
    return Outcome(*pickle.loads(_read_message(conn.fileno())))


def _read_message(fd: int) -> bytes:
    """One message written by Connection.send_bytes (EOFError once the other end is closed)."""
    data = _read(fd, _READ)
    while len(data) < _LENGTH.size:
        data += _read(fd, _LENGTH.size - len(data))
    (size,) = _LENGTH.unpack_from(data)
    start = _LENGTH.size
    if size == -1:
        while len(data) < _LENGTH.size + _LONG_LENGTH.size:
            data += _read(fd, _LENGTH.size + _LONG_LENGTH.size - len(data))
        (size,) = _LONG_LENGTH.unpack_from(data, start)
        start += _LONG_LENGTH.size
    if len(data) - start == size:
        return data[start:]
    if len(data) - start > size:
        raise OSError("more than one message on a query worker's pipe")  # the one-in-flight rule was broken
    body = bytearray(data[start:])
    while len(body) < size:
        body += _read(fd, min(size - len(body), 1 << 24))
    return bytes(body)


def _read(fd: int, n: int) -> bytes:
    chunk = os.read(fd, n)
    if not chunk:
        raise EOFError
    return chunk


def limit_memory(megabytes: int) -> None:
    """Cap the process's data segment (heap and anonymous mappings, RLIMIT_DATA) at what it holds now (the
    store opened, its copy in memory) plus `megabytes`: that much is what a query may use. The engine aborts
    when an allocation fails; the pool reads that as the memory limit reached."""
    if megabytes > 0:
        limit = data_segment() + megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def data_segment() -> int:
    """Bytes of this process's data segment, as RLIMIT_DATA counts them (VmData); 0 where /proc has none."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def open_store(path: str, in_memory: bool) -> ox.Store:
    """The build's store read-only, or a copy of all its graphs in memory. From memory the engine answers
    heavy queries 3-4 times faster than from RocksDB (bench/RESULTS.md), which matters most where graphs are
    small enough to copy into each worker; the pool decides by the build's size (Pool.memory_copy_triples)."""
    store = ox.Store.read_only(path)
    if not in_memory:
        return store
    copy = ox.Store()
    copy.bulk_extend(store.quads_for_pattern(None, None, None, None))
    return copy


def main(conn: Connection, store_path: str, forked: bool = False, memory_mb: int = 0, in_memory: bool = False) -> None:
    # Ctrl-C at a terminal signals the whole process group, query workers included. A worker is stopped by its
    # pool (a stop message, or end-of-file when the web process ends), never by the terminal: ignoring SIGINT
    # keeps it from dying mid-answer with a traceback while its web process is still finishing requests.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    os.environ["RUST_BACKTRACE"] = "0"  # one line, not a backtrace, in the server's log when a query aborts
    if forked:
        # Forked straight from a web process: drop everything inherited (its listening socket, the parent's
        # end of this pipe, ...) so that this worker holds no port open and sees EOF when its parent dies.
        keep = conn.fileno()
        os.closerange(3, keep)
        os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX"))
    store = open_store(store_path, in_memory)
    limit_memory(memory_mb)
    # Ready: the pool gives a worker its first job only after this, so the time a worker takes to start (the
    # copy into memory above all) is never counted as a query's time, nor makes a cheap query look long.
    conn.send_bytes(READY)
    while True:
        try:
            job = receive_job(conn)
        except (EOFError, OSError):
            return
        if job is None:
            return
        send_outcome(conn, run(store, job))


def run(store: ox.Store, job: Job) -> Outcome:
    started = time.perf_counter()
    try:
        result = store.query(
            job.query,
            default_graph=[ox.NamedNode(g) if g else ox.DefaultGraph() for g in job.default_graphs] or None,
            named_graphs=[ox.NamedNode(g) for g in job.named_graphs] or None,
            substitutions={ox.Variable(k): parse_term(v) for k, v in job.substitutions} or None,
        )
        if isinstance(result, ox.QuerySolutions):
            if job.tabular is None:
                return Outcome("not-acceptable", form="select")
            limit = top_level_limit(job.query) if "limit" in job.query.lower() else None
            if limit is not None and limit <= job.max_rows:  # cannot reach the row limit: written whole
                body = result.serialize(format=ox.QueryResultsFormat.from_media_type(job.tabular))
                return Outcome("ok", body, job.tabular, "select", -1, seconds=time.perf_counter() - started)
            body, rows, truncated = results.write_solutions(result, job.tabular, job.max_rows)
            return Outcome("ok", body, job.tabular, "select", rows, truncated, seconds=time.perf_counter() - started)
        if isinstance(result, ox.QueryBoolean):
            if job.tabular is None:
                return Outcome("not-acceptable", form="ask")
            body = result.serialize(format=ox.QueryResultsFormat.from_media_type(job.tabular))
            return Outcome("ok", body, job.tabular, "ask", 1, seconds=time.perf_counter() - started)
        if job.graph is None:
            return Outcome("not-acceptable", form="graph")
        body, count, truncated = results.write_triples(result, job.graph, job.max_rows)
        return Outcome("ok", body, job.graph, "graph", count, truncated, seconds=time.perf_counter() - started)
    except SyntaxError as exc:
        return Outcome("syntax", message=str(exc))
    except MemoryError:
        return Outcome("memory", message="the results did not fit in the memory a query may use")
    except (RuntimeError, ValueError) as exc:
        # what the query asks cannot be done (an unknown function, a graph name that is not an IRI, ...);
        # the store's own failures are OSError
        return Outcome("invalid", message=str(exc))
    except Exception as exc:  # the store or a SERVICE call failed: reported, not raised
        return Outcome("error", message=f"{type(exc).__name__}: {exc}")
