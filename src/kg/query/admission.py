"""Who gets to run a query next: slots handed out by priority, a cap per client, and each client's recent cost.

Why not a plain semaphore: with one, 8 heavy queries from one client took every slot and cheap queries and pages
waited until they were refused (503 after the queue wait). Three rules keep cheap work flowing instead:

- a client has at most `per_client` queries in flight (running or waiting) in a web process, and at most
  `long_per_client` of them may run long; more is 429;
- a waiting query is handed a free slot by priority: the client's recent cost (how many of its queries ran
  long or were stopped in the last minutes, decaying), then arrival order; so a client that has been sending
  heavy queries waits behind one that has not;
- queries that run long move out of the slots that cheap queries use (kg.query.pool: the long-query
  lane) so that no slot is held by a heavy query for more than a moment.

Everything here is per web process (each has its own query workers); docs/operating/serve.md, "Limits and
safety", states the figures for the whole server.
"""

from __future__ import annotations

import _thread
import itertools
import math
import threading
import time
from dataclasses import dataclass, field

from kg.query import Priority, TooMany


class _Ticket:
    """A place in a lane's wait: a lock the waiter blocks on until the lane releases it to hand over a slot.
    (A bare lock, not a threading.Event: an Event is a Condition with its own lock, and waiting on it makes a
    lock per wait; this hand-over ran once per query on a loaded server.)"""

    __slots__ = ("handed", "lock", "priority", "seq")

    def __init__(self, priority: Priority, seq: int) -> None:
        self.priority, self.seq, self.handed = priority, seq, False
        self.lock = _thread.allocate_lock()
        self.lock.acquire()

    def rank(self) -> tuple[float, int]:
        return (self.priority() if callable(self.priority) else self.priority, self.seq)


@dataclass
class Lane:
    """`size` slots; a freed slot goes to the waiter with the lowest priority, then the first come. A priority
    may be a function, read when the slot is handed out: a client whose query has just run long drops behind
    the others even with queries that were already waiting. (The waiters are few, bounded by the request
    threads, so reading them all on each release costs little.)"""

    size: int
    _free: int = field(init=False)
    _waiting: list[_Ticket] = field(default_factory=list, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _seq: itertools.count = field(default_factory=itertools.count, init=False)

    def __post_init__(self) -> None:
        self._free = self.size

    def try_acquire(self) -> bool:
        with self._lock:
            if self._free > 0 and not self._waiting:
                self._free -= 1
                return True
            return False

    def acquire(self, priority: Priority = 0.0, timeout: float | None = None) -> bool:
        with self._lock:
            if self._free > 0 and not self._waiting:
                self._free -= 1
                return True
            ticket = _Ticket(priority, next(self._seq))
            self._waiting.append(ticket)
        if ticket.lock.acquire(timeout=-1 if timeout is None else max(timeout, 0)):
            return True
        with self._lock:
            if ticket.handed:  # handed a slot just as the wait ran out: keep it
                return True
            self._waiting.remove(ticket)
            return False

    def release(self) -> None:
        with self._lock:
            if self._waiting:
                first = min(self._waiting, key=_Ticket.rank)
                self._waiting.remove(first)
                first.handed = True
                first.lock.release()  # the slot passes straight to that waiter
            else:
                self._free = min(self.size, self._free + 1)


@dataclass
class Clients:
    """Queries in flight per client and each client's recent cost (a count that halves every `half_life` s)."""

    per_client: int
    long_per_client: int = 1
    half_life: float = 120.0
    _in_flight: dict[str, int] = field(default_factory=dict, init=False)
    _long: dict[str, int] = field(default_factory=dict, init=False)
    _cost: dict[str, tuple[float, float]] = field(default_factory=dict, init=False)  # client -> (score, at)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def enter(self, client: str) -> None:
        if not self._take(self._in_flight, client, self.per_client):
            raise TooMany(f"this client already has {self.per_client} queries running or waiting, the most it may have")

    def leave(self, client: str) -> None:
        self._give(self._in_flight, client)

    def start_long(self, client: str) -> bool:
        """Whether this client may have one more long query running; if so it is counted (end_long undoes)."""
        return self._take(self._long, client, self.long_per_client)

    def end_long(self, client: str) -> None:
        self._give(self._long, client)

    def _take(self, counts: dict[str, int], client: str, cap: int) -> bool:
        with self._lock:
            n = counts.get(client, 0)
            if n >= cap:
                return False
            counts[client] = n + 1
            return True

    def _give(self, counts: dict[str, int], client: str) -> None:
        with self._lock:
            n = counts.get(client, 1) - 1
            if n > 0:
                counts[client] = n
            else:
                counts.pop(client, None)

    def priority(self, client: str) -> float:
        if not self._cost:
            return 0.0  # nothing of any client's ran long lately: no lock, no arithmetic
        with self._lock:
            return self._decayed(client, time.monotonic())

    def charge(self, client: str, amount: float = 1.0) -> None:
        """Note that a query of this client ran long (or was stopped)."""
        now = time.monotonic()
        with self._lock:
            self._cost[client] = (self._decayed(client, now) + amount, now)
            if len(self._cost) > 10_000:  # bounded: forget the clients with the least cost
                for key, _ in sorted(self._cost.items(), key=lambda kv: kv[1][0])[:5_000]:
                    del self._cost[key]

    def _decayed(self, client: str, now: float) -> float:
        if client not in self._cost:
            return 0.0  # the usual case: nothing of this client's ran long
        score, at = self._cost[client]
        return score * math.pow(0.5, (now - at) / self.half_life)
