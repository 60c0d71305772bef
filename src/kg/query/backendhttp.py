"""Keep-alive HTTP/1.1 connections from a web process to its SPARQL backend (`kg serve --backend`).

Why not httpx, which `kg publish` uses: a query relayed to the backend is a small form POST and a small answer,
and httpx spends about 0.35 ms of CPU on one here against 0.07 ms for the standard library's http.client on
the same keep-alive connection (bench/RESULTS.md), in a web process whose GIL every request of the site
shares. The little that is needed around http.client is here: connections kept for reuse (at most `size`:
the runner's admission lane already bounds how many are in use at once), a connect time limit apart from the
read time limit, and one retry on a fresh connection when a kept one turns out closed by the server in the
meantime (a SPARQL query changes nothing, so asking again is safe).
"""

from __future__ import annotations

import http.client
import threading
import urllib.parse
from dataclasses import dataclass
from email.message import Message

#: errors that show a kept-alive connection was closed by the other side before this request reached it
STALE = (http.client.RemoteDisconnected, http.client.BadStatusLine, BrokenPipeError, ConnectionResetError)


class BackendError(OSError):
    """The backend could not be reached or its answer not read (not a time limit: see TimeoutError)."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Message
    body: bytes


class Connections:
    """At most `size` idle keep-alive connections to the host of `url`; `post` takes one or opens one."""

    def __init__(self, url: str, size: int, user_agent: str) -> None:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {url}")
        self._factory = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        self._host, self._port = parts.hostname, parts.port
        self._target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self._size = size
        self._user_agent = user_agent
        self._idle: list[http.client.HTTPConnection] = []
        self._lock = threading.Lock()

    def post_form(self, fields: dict[str, str | list[str]], accept: str, timeout: float, connect: float) -> Answer:
        """POST `fields` form-encoded; TimeoutError past `connect` seconds to connect or `timeout` seconds
        waiting for the answer; BackendError for anything else that goes wrong on the way."""
        body = urllib.parse.urlencode(fields, doseq=True).encode("ascii")
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": accept,
            "User-Agent": self._user_agent,
        }
        for attempt in (0, 1):
            conn, kept = self._take()
            try:
                if conn.sock is None:
                    conn.timeout = connect
                    conn.connect()
                conn.sock.settimeout(timeout)
                conn.request("POST", self._target, body, headers)
                response = conn.getresponse()
                data = response.read()
            except TimeoutError:
                conn.close()
                raise
            except STALE as exc:
                conn.close()
                if kept and attempt == 0:
                    continue
                raise BackendError(f"{type(exc).__name__}: {exc}") from exc
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                raise BackendError(f"{type(exc).__name__}: {exc}") from exc
            if response.will_close:
                conn.close()
            else:
                self._give(conn)
            return Answer(response.status, response.headers, data)
        raise AssertionError("unreachable: the second attempt returns or raises")

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    def _take(self) -> tuple[http.client.HTTPConnection, bool]:
        with self._lock:
            if self._idle:
                return self._idle.pop(), True
        return self._factory(self._host, self._port), False

    def _give(self, conn: http.client.HTTPConnection) -> None:
        with self._lock:
            if len(self._idle) < self._size:
                self._idle.append(conn)
                return
        conn.close()
