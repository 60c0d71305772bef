"""Behind a reverse proxy: who the client is, which address the site is reached at, and the path it is under.

A proxy connects to kg serve itself, so without more the whole site would be one client to the per-client
limits, the priorities and the access log. When the connecting peer is a trusted proxy (the trusted_proxies
setting), the client is the rightmost address of `X-Forwarded-For` that is not a trusted proxy: each proxy
appends the address it was connected from, so what stands left of that was written by the client and is not
believed. (Where a proxy sends no `X-Forwarded-For`, RFC 7239's `Forwarded: for=` is read the same way. A proxy
that sets only `Forwarded` must not pass a client's own `X-Forwarded-For` on.) From any other peer these
headers are ignored: no client can choose its own identity, nor the site's links.

Where no public URL is configured, the scheme and host of the site's absolute links come from a trusted
proxy's `X-Forwarded-Proto` and `X-Forwarded-Host` (or `Forwarded: proto= host=`), else from the address kg
serve listens on; never from the request's own Host header, which the client writes.

The path prefix (`--public-url https://host/some/path/`, with the proxy passing the path on unchanged) is taken
off the request's path and put in SCRIPT_NAME by `PathPrefix`, so that Flask's url_for makes every link under
it.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

#: characters of a client identity kept (an address is far shorter; a proxy may send an obfuscated name)
MAX_CLIENT = 100
_HOST = re.compile(r"^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$")
_PAIR = re.compile(r'\s*([A-Za-z]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;,\s]*)\s*')


@dataclass(frozen=True)
class Forwarded:
    """What a trusted proxy says of a request: the chain of addresses (leftmost first), scheme and host."""

    chain: tuple[str, ...]
    proto: str | None
    host: str | None


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def _address(node: str) -> str:
    """An RFC 7239 node or an X-Forwarded-For entry without its port: `[2001:db8::1]:4711` -> `2001:db8::1`,
    `192.0.2.60:80` -> `192.0.2.60`; anything else (`unknown`, `_hidden`) as it is."""
    node = node.strip()
    if node.startswith("["):
        return node[1 : node.find("]")] if "]" in node else node
    if node.count(":") == 1:
        return node.split(":", 1)[0]
    return node


def parse_forwarded(header: str) -> list[dict[str, str]]:
    """RFC 7239's Forwarded header: one dict of parameters per element, leftmost first."""
    elements = []
    for element in _split(header, ","):
        params = {}
        for pair in _split(element, ";"):
            m = _PAIR.fullmatch(pair)
            if m:
                params[m[1].lower()] = _unquote(m[2])
        if params:
            elements.append(params)
    return elements


def _split(text: str, separator: str) -> list[str]:
    """Split on `separator` outside double quotes."""
    parts, current, quoted, escaped = [], [], False, False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\" and quoted:
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == separator and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return [p for p in (p.strip() for p in parts) if p]


def forwarded(environ: dict) -> Forwarded:
    """What the headers of a request say it was forwarded for (believe it only from a trusted proxy)."""
    xff = environ.get("HTTP_X_FORWARDED_FOR")
    rfc = environ.get("HTTP_FORWARDED")
    elements = parse_forwarded(rfc) if rfc else []
    if xff is not None:
        chain = tuple(_address(a) for a in xff.split(",") if a.strip())
    else:
        chain = tuple(_address(e["for"]) for e in elements if "for" in e)
    last = {key: value for e in elements for key, value in e.items()}  # the nearest proxy's word last
    proto = environ.get("HTTP_X_FORWARDED_PROTO") or last.get("proto")
    host = environ.get("HTTP_X_FORWARDED_HOST") or last.get("host")
    proto = proto.split(",")[-1].strip().lower() if proto else None
    host = host.split(",")[-1].strip() if host else None
    return Forwarded(
        chain,
        proto if proto in ("http", "https") else None,
        host if host and _HOST.match(host) else None,
    )


class Proxies:
    """The trusted proxies, and what a request's client and site are in their light."""

    def __init__(self, trusted: Iterable[str]) -> None:
        self.networks = tuple(ipaddress.ip_network(n, strict=False) for n in trusted)
        self.trusts: Callable[[str], bool] = functools.lru_cache(maxsize=4096)(self._trusts)

    def _trusts(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False  # a name or an obfuscated identifier is nobody we trust
        if ip.version == 6 and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        return any(ip in n for n in self.networks)

    def client(self, environ: dict) -> str:
        """Who a request counts against: the connecting peer, or behind trusted proxies the rightmost address
        they report that is not one of them."""
        peer = environ.get("REMOTE_ADDR") or "unknown"
        if not self.networks or not self.trusts(peer):
            return peer
        chain = forwarded(environ).chain
        for address in reversed(chain):
            if not self.trusts(address):
                return address[:MAX_CLIENT]
        return (chain[0] if chain else peer)[:MAX_CLIENT]  # every hop is one of ours

    def site(self, environ: dict) -> tuple[str, str] | None:
        """(scheme, host) a trusted proxy reports the site was reached at, if it reports a host."""
        peer = environ.get("REMOTE_ADDR") or ""
        if not self.networks or not self.trusts(peer):
            return None
        f = forwarded(environ)
        if f.host is None:
            return None
        return (f.proto or "http", f.host)


class PathPrefix:
    """WSGI middleware: the app served under `prefix` (such as /kennisgraaf). A request's path loses the prefix
    and SCRIPT_NAME gets it, so that url_for makes links under it. A request without it (a health check on the
    server's own address) is served as it is, and its links still carry the prefix: the public site's."""

    def __init__(self, app: Callable, prefix: str) -> None:
        self.app = app
        self.prefix = prefix.rstrip("/")

    def __call__(self, environ: dict, start_response: Callable) -> object:
        path = environ.get("PATH_INFO", "")
        environ["kg.path"] = path  # as it came, for the access log
        prefix = self.prefix
        if path == prefix or path.startswith(prefix + "/"):
            environ["PATH_INFO"] = path[len(prefix) :] or "/"
        environ["SCRIPT_NAME"] = prefix
        return self.app(environ, start_response)
