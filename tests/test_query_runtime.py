"""The query runtime (kg.query) as a package of its own: what it loads, and the contract it declares."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.query import Job, QueryError, Runner
from kg.query.pool import Pool
from kg.query.remote import RemoteRunner


@pytest.mark.parametrize(
    "modules",
    [
        # every query worker starts by running the main module again (multiprocessing's spawn preparation):
        # under `python -m kg.cli` that is kg.cli, so what it imports, each worker pays for
        "kg.cli, kg.query.worker",
        "kg.query, kg.query.pool, kg.query.remote, kg.query.cache, kg.query.saved, kg.query.builds",
    ],
)
def test_the_query_runtime_and_the_command_line_entry_load_neither_flask_nor_rdflib(modules):
    code = f"import sys, {modules}; print(sorted(m for m in ('flask', 'rdflib', 'werkzeug') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


@pytest.mark.parametrize("runner", [Pool, RemoteRunner])
def test_both_runners_satisfy_the_runner_protocol(runner):
    instance = runner(size=1) if runner is Pool else runner("http://127.0.0.1:9/sparql", size=1)
    try:
        assert isinstance(instance, Runner)
    finally:
        instance.close()


def test_every_refusal_of_the_runtime_is_a_query_error():
    from kg.query import BackendUnavailable, Busy, LongQueriesBusy, OutOfMemory, Timeout, TooMany, WorkerFailed

    kinds = [BackendUnavailable, Busy, LongQueriesBusy, OutOfMemory, Timeout, TooMany, WorkerFailed]
    assert all(issubclass(k, QueryError) for k in kinds)
    assert Job("ASK {}") == Job("ASK {}")  # jobs are values: the result cache keys on them


@pytest.mark.parametrize("kind", ["Job", "Outcome"])
def test_what_goes_over_a_worker_s_pipe_is_every_field_in_order(kind):
    """Jobs and outcomes cross the pipe as tuples of their fields (kg.query.worker): a field added to the
    dataclass and not to fields() would be lost on the way."""
    import dataclasses

    import kg.query as q

    cls = getattr(q, kind)
    names = [f.name for f in dataclasses.fields(cls)]
    sample = cls(*[f"value of {n}" for n in names])
    assert sample.fields() == tuple(getattr(sample, n) for n in names)
    assert cls(*sample.fields()) == sample


@pytest.mark.parametrize("size", [0, 1, 65_531, 65_532, 65_533, 3_000_000])
def test_a_message_of_any_size_arrives_whole_over_a_worker_s_pipe(size):
    """One read() takes most messages whole; longer ones, and ones the kernel hands over in parts, are read
    to their end."""
    import multiprocessing as mp
    import threading

    from kg.query import Outcome
    from kg.query.worker import receive_outcome, send_outcome

    ours, theirs = mp.Pipe()
    sent = Outcome("ok", bytes(range(256)) * (size // 256) + b"x" * (size % 256), "text/csv", "select", size)
    writer = threading.Thread(target=send_outcome, args=(theirs, sent))  # a big one fills the socket buffer
    writer.start()
    assert receive_outcome(ours) == sent
    writer.join()
    theirs.close()
    with pytest.raises(EOFError):
        receive_outcome(ours)


def _waiters(lane, priorities: list) -> tuple[list, list]:
    """Threads waiting on `lane` in this order (each started once the one before is waiting); the order in
    which they got a slot is filled in as they get one."""
    import threading
    import time

    got: list = []
    threads = []
    for name, priority in priorities:
        t = threading.Thread(target=lambda n=name, p=priority: lane.acquire(p, timeout=10) and got.append(n))
        t.start()
        while len(lane._waiting) < len(threads) + 1:
            time.sleep(0.001)
        threads.append(t)
    return got, threads


def test_a_freed_slot_goes_to_the_lowest_priority_then_the_first_come():
    import time

    from kg.query.admission import Lane

    lane = Lane(1)
    assert lane.acquire()
    late_cost = [0.0]
    got, threads = _waiters(lane, [("a", 1.0), ("b", 0.0), ("c", lambda: late_cost[0]), ("d", 0.0)])
    late_cost[0] = 5.0  # read when the slot is handed out, not when "c" started waiting
    for n in range(1, len(threads) + 1):
        lane.release()  # the holder lets go; the waiter it goes to holds it until the next turn
        deadline = time.monotonic() + 5
        while len(got) < n and time.monotonic() < deadline:
            time.sleep(0.001)
    for t in threads:
        t.join(5)
    assert got == ["b", "d", "a", "c"]


def test_a_wait_that_runs_out_takes_no_slot():
    from kg.query.admission import Lane

    lane = Lane(1)
    assert lane.acquire()
    assert lane.acquire(timeout=0.05) is False
    assert lane._waiting == []
    lane.release()
    assert lane.try_acquire()  # the slot came back to the lane, not to the waiter that gave up


def test_a_lane_never_hands_out_more_slots_than_it_has():
    import threading
    import time

    from kg.query.admission import Lane

    lane = Lane(3)
    holding, most, lock, refused = [0], [0], threading.Lock(), []

    def use() -> None:
        for _ in range(200):
            if not lane.acquire(timeout=10):
                refused.append(1)  # (an assert here would only be a warning: it runs in another thread)
                return
            with lock:
                holding[0] += 1
                most[0] = max(most[0], holding[0])
            time.sleep(0)
            with lock:
                holding[0] -= 1
            lane.release()

    threads = [threading.Thread(target=use) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not refused
    assert most[0] == 3 and holding[0] == 0 and lane._free == 3
