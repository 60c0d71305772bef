"""Every setting of `kg build` and `kg serve`, in one table: name, type, default, environment variable,
command-line option and help.

A setting is a field of `BuildSettings` or `ServeSettings` declared with `setting(...)`. From that one
declaration come:

- its value, decided in one place (`resolve`): the command-line option, else the environment variable
  `KG_<NAME>`, else the project's kg.toml (`[build]` or `[server]`), else the default;
- the command's options (`kg.cli` generates them with `click_options`), whose help shows the default and the
  variable;
- the settings table of the documentation (`markdown_table`; a test checks docs/reference/settings.md against
  it).

A value that does not parse or is out of range is refused before any work starts, naming where it came from
("KG_QUERY_TIMEOUT must be a number of at least 0.1, not 'ten'").
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

from kg.defaults import DEFAULT_BASE, DEFAULT_CHUNK
from kg.errors import KGError

ENV_PREFIX = "KG_"
_SPEC = "kg.setting"
_HTTP = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


class SettingError(KGError):
    """A setting's value that cannot be used: the user's to fix, exit 2, nothing started."""

    exit_code = 2


# -- kinds of values: how text becomes a value, and what the docs call it -------------------------------------


@dataclass(frozen=True)
class Kind:
    """How a setting's text (an option or an environment variable) becomes its value, and how it is checked."""

    describe: str  # what the docs' table calls it
    parse: Callable[[str], Any]  # raises ValueError with what is wrong
    check: Callable[[Any], Any] = lambda value: value  # a value from kg.toml or from code; returns it, normalised
    item: Kind | None = None  # a list of these: the option is repeatable, the variable separates by commas or spaces
    metavar: str = "TEXT"  # what an option's help calls its value


def _number(kind: type, minimum: float | None, maximum: float | None = None) -> Kind:
    word = "whole number" if kind is int else "number"
    bounds = []
    if minimum is not None:
        bounds.append(f"at least {minimum:g}")
    if maximum is not None:
        bounds.append(f"at most {maximum:g}")
    what = f"a {word}" + (f" of {' and '.join(bounds)}" if bounds else "")

    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and value != int(value)):
            raise ValueError(f"must be {what}")
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise ValueError(f"must be {what}")
        return kind(value)

    def parse(text: str) -> Any:
        try:
            value = kind(text.strip().replace("_", ""))
        except ValueError:
            raise ValueError(f"must be {what}") from None
        return check(value)

    return Kind(what, parse, check, metavar="N")


def Int(minimum: int | None = None, maximum: int | None = None) -> Kind:
    return _number(int, minimum, maximum)


def Float(minimum: float | None = None) -> Kind:
    return _number(float, minimum)


def _bool(text: str) -> bool:
    word = text.strip().lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off", ""):
        return False
    raise ValueError("must be true or false (1/0, yes/no, on/off)")


def _check_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


BOOL = Kind("true or false", _bool, _check_bool, metavar="BOOL")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text")
    return value


TEXT = Kind("text", _text, _text)


def _url(value: Any) -> str:
    if not isinstance(value, str) or not _HTTP.match(value):
        raise ValueError("must be an http(s) URL")
    return value


URL = Kind("an http(s) URL", _url, _url, metavar="URL")


def _base(value: Any) -> str:
    if not isinstance(value, str) or not _HTTP.match(value) or not value.endswith("/"):
        raise ValueError("must be an http(s) IRI ending in '/'")
    return value


BASE_IRI = Kind("an http(s) IRI ending in /", _base, _base, metavar="IRI")


def _path(value: Any) -> Path:
    if isinstance(value, Path):
        return value
    if not isinstance(value, str) or not value:
        raise ValueError("must be a path")
    return Path(value)


PATH = Kind("a path", _path, _path, metavar="DIR")


def _network(value: Any) -> str:
    """An address or network as written (`10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`), checked."""
    try:
        ipaddress.ip_network(str(value).strip(), strict=False)
    except ValueError:
        raise ValueError(f"{value!r} is not an IP address or network (such as 10.0.0.1 or 10.0.0.0/8)") from None
    return str(value).strip()


def many(item: Kind) -> Kind:
    """A list of `item`s: an option given once per value, a variable or kg.toml value separated by commas or
    spaces (a kg.toml list too)."""

    def parse(text: str) -> tuple[Any, ...]:
        return tuple(item.parse(part) for part in re.split(r"[\s,]+", text.strip()) if part)

    def check(value: Any) -> tuple[Any, ...]:
        if isinstance(value, str):
            return parse(value)
        if not isinstance(value, (list, tuple)):
            raise ValueError(f"must be a list of {item.describe}s")
        return tuple(item.check(v) for v in value)

    return Kind(
        f"a list of {item.describe.removeprefix('an ').removeprefix('a ')}s",
        parse,
        check,
        item=item,
        metavar=item.metavar,
    )


NETWORKS = many(Kind("an IP address or network", _network, _network, metavar="ADDRESS_OR_CIDR"))


# -- the declaration of a setting ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """What a settings field declares besides its name, type and default."""

    help: str
    kind: Kind
    option: str | None  # the long option of its command; None: environment and kg.toml only
    metavar: str | None = None

    def env(self, name: str) -> str:
        return ENV_PREFIX + name.upper()


def setting(
    default: Any,
    help: str,
    kind: Kind,
    *,
    option: str | None = "",
    metavar: str | None = None,
) -> Any:
    """A settings field. `option` "" (the default) names the option after the field (`--max-result-rows`);
    None gives it none."""
    return field(default=default, metadata={_SPEC: Spec(help, kind, option, metavar)})


@dataclass(frozen=True)
class Row:
    """One row of the settings table."""

    name: str
    section: str  # kg.toml section: "build" or "server"
    command: str  # the command whose option it is: "kg build" or "kg serve"
    default: Any
    spec: Spec

    @property
    def env(self) -> str:
        return self.spec.env(self.name)

    @property
    def option(self) -> str | None:
        if self.spec.option is None:
            return None
        return self.spec.option or "--" + self.name.replace("_", "-")


def rows(cls: type) -> list[Row]:
    """The settings of a settings class, in declaration order."""
    section, command = cls.SECTION, cls.COMMAND  # type: ignore[attr-defined]
    return [Row(f.name, section, command, _default(f), f.metadata[_SPEC]) for f in fields(cls) if _SPEC in f.metadata]


def _default(f: Field) -> Any:
    return f.default if f.default is not MISSING else f.default_factory()  # type: ignore[misc]


S = TypeVar("S")


def resolve(
    cls: type[S],
    given: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    toml: Mapping[str, Any] | None = None,
    toml_name: str = "kg.toml",
) -> S:
    """The settings: each from `given` (options, or a caller's overrides; None means not given), else the
    environment variable, else `toml` (the kg.toml section), else the default. Raises SettingError naming the
    first value that cannot be used, and for a `given` or kg.toml key that is no setting."""
    given = {k: v for k, v in (given or {}).items() if v is not None and v != ()}
    environ = environ or {}
    toml = toml or {}
    table = {row.name: row for row in rows(cls)}
    for where, keys in (("", given), (f"{toml_name} [{cls.SECTION}]", toml)):  # type: ignore[attr-defined]
        unknown = sorted(set(keys) - set(table))
        if unknown:
            hint = difflib.get_close_matches(unknown[0], table, 1)
            guess = f"; did you mean {hint[0]!r}?" if hint else ""
            raise SettingError(f"{where or 'settings'}: unknown setting {unknown[0]!r}{guess}")
    values: dict[str, Any] = {}
    for name, row in table.items():
        kind = row.spec.kind
        try:
            if name in given:
                source = row.option or name
                values[name] = kind.check(given[name])
            elif row.env in environ:
                source = row.env
                values[name] = kind.parse(environ[row.env])
            elif name in toml:
                source = f"{toml_name} [{row.section}] {name}"
                values[name] = kind.check(toml[name])
        except ValueError as exc:
            shown = given.get(name, environ.get(row.env, toml.get(name)))
            raise SettingError(f"{source} {exc}, not {shown!r}") from None
    return replace(cls(), **values)  # type: ignore[call-arg]


def unknown_variables(environ: Mapping[str, str], *classes: type) -> list[str]:
    """Warnings for KG_ variables that look like a misspelt setting (a setting nothing reads is silently
    ignored otherwise: an operator's typo would go unnoticed)."""
    known = [row.env for cls in classes for row in rows(cls)]
    notes = []
    for name in sorted(environ):
        if name.startswith(ENV_PREFIX) and name not in known:
            close = difflib.get_close_matches(name, known, 1, 0.8)
            if close:
                notes.append(f"{name} is not a setting (ignored); did you mean {close[0]}?")
    return notes


# -- the settings ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildSettings:
    """Settings of `kg build` (and of `kg validate`, which runs the same steps without writing)."""

    SECTION = "build"
    COMMAND = "kg build"

    base: str = setting(
        DEFAULT_BASE,
        "Base of every IRI the graph mints: {base}id/..., {base}doc/..., {base}def/. Also in kg.toml [dataset].",
        BASE_IRI,
        metavar="IRI",
    )
    sort_chunk: int = setting(
        DEFAULT_CHUNK,
        "Lines of the graph the build's sort holds in memory before it writes a run to disk.",
        Int(1),
        metavar="LINES",
    )
    memory_validation_limit: int = setting(
        2_000_000,
        "The largest graph (triples) the SPARQL validator loads into memory, at about 450 bytes a triple; a "
        "larger one is validated in the build's store on disk, about twice as slow, and its VoID and search index "
        "are made one after the other instead of at once.",
        Int(1),
        metavar="TRIPLES",
    )
    second_process_from: int = setting(
        100_000,
        "Graphs of at least this many triples have their Turtle, JSON-LD and gzipped dumps written by a second "
        "process while the build validates and loads (two cores at once); a smaller graph's are written in the "
        "build's own process, as starting another Python costs more than writing them (0.5 s against 0.2 s).",
        Int(0),
        metavar="TRIPLES",
    )
    keep_releases: int = setting(
        10,
        "Releases whose dumps stay downloadable (each release's record and feed pages are kept whatever this is).",
        Int(1),
        metavar="N",
    )


@dataclass(frozen=True)
class ServeSettings:
    """Settings of `kg serve`. Limits are per web process unless said otherwise."""

    SECTION = "server"
    COMMAND = "kg serve"

    host: str = setting("127.0.0.1", "Address to listen on.", TEXT)
    port: int = setting(5000, "Port to listen on (0: any free port).", Int(0, 65535))
    store: Path = setting(
        Path("dist/store"),
        "Store directory, as kg build wrote it, in the project unless absolute (--dist DIR is the same as --store "
        "DIR/store).",
        PATH,
        metavar="DIR",
    )
    workers: int = setting(2, "Web server processes (Granian workers).", Int(1, 64))
    threads: int = setting(
        16, "Threads running requests per web process (a request waiting for a query holds one, idle).", Int(1, 256)
    )
    query_timeout: float = setting(
        10.0, "Seconds a query may run before its worker process is stopped.", Float(0.1), option="--timeout"
    )
    max_query_length: int = setting(20_000, "Characters of SPARQL text a query may have.", Int(1))
    max_result_rows: int = setting(
        10_000, "Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) returned at most.", Int(1), option="--max-rows"
    )
    max_concurrent_queries: int = setting(
        2, "Queries evaluated at once (one query worker process each).", Int(1), option="--max-concurrent"
    )
    queue_wait: float = setting(2.0, "Seconds a query waits for a free query worker before 503.", Float(0))
    max_long_queries: int = setting(
        2, "Queries past long-query-after running at once, at the lowest CPU priority.", Int(0)
    )
    long_query_after: float = setting(0.5, "Seconds after which a query counts as long and leaves its slot.", Float(0))
    max_queries_per_client: int = setting(8, "Queries in flight (running or waiting) per client.", Int(1))
    max_long_queries_per_client: int = setting(1, "Of those, queries running long at once.", Int(0))
    query_memory_mb: int = setting(
        1024,
        "Memory a query may use (RLIMIT_DATA above what its worker holds once started), MB; 0: unlimited.",
        Int(0),
    )
    memory_copy_triples: int = setting(
        250_000,
        "Graphs of up to this many triples are copied into each query worker's memory when it starts (heavy "
        "queries 3-4x faster than from disk; about 550 bytes and 5 us a triple); 0: always read from disk.",
        Int(0),
    )
    page_workers: int = setting(1, "Query workers for the pages, apart from the endpoint's.", Int(1))
    allowed_services: tuple[str, ...] = setting(
        (), "SPARQL endpoints queries may call with SERVICE.", many(URL), option="--allow-service"
    )
    cache_max_age: int = setting(60, "Cache-Control max-age of query results, seconds.", Int(0))
    result_cache_mb: int = setting(64, "Memory for answers to repeated queries, MB; 0 turns the cache off.", Int(0))
    cors_origin: str = setting("*", "Access-Control-Allow-Origin of the endpoint and the API.", TEXT)
    backend: str | None = setting(
        None,
        "A remote SPARQL 1.1 query URL to answer from instead of the embedded store (load it with kg publish).",
        URL,
        metavar="URL",
    )
    backend_graph: str | None = setting(
        None, "The graph kg publish loaded on the backend (default: the dataset IRI).", URL, metavar="IRI"
    )
    fast_path: bool = setting(
        True, "Answer plain GET /sparql?query= requests without Flask's request machinery.", BOOL, option=None
    )
    public_url: str | None = setting(
        None,
        "The address the site is published at, with the path it is published under (https://host/some/path/): "
        "every link, redirect and absolute address (sitemap, robots.txt, the service description) is made under "
        "it. Default: what a trusted proxy reports, else http://HOST:PORT/ as served; never the Host header.",
        URL,
        metavar="URL",
    )
    trusted_proxies: tuple[str, ...] = setting(
        (),
        "Addresses or networks of the reverse proxies in front: from these, the client is the rightmost "
        "address of X-Forwarded-For (or Forwarded for=) that is not a trusted proxy, and the scheme and host "
        "come from X-Forwarded-Proto/-Host where no public URL is set. From any other peer those headers are "
        "ignored.",
        NETWORKS,
        option="--trusted-proxy",
    )
    metrics_from: tuple[str, ...] = setting(
        ("127.0.0.1", "::1"),
        "Addresses or networks of the clients that may read /metrics (Prometheus); others get 404.",
        NETWORKS,
    )

    @property
    def dist(self) -> Path:
        """The build directory the store belongs to (holds build.json, dumps, sources)."""
        return self.store.parent


SETTINGS_CLASSES = (BuildSettings, ServeSettings)


# -- the docs' table and the command's options ----------------------------------------------------------------


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(value) if value else "(none)"
    if isinstance(value, int) and not isinstance(value, bool) and value >= 10_000:
        return f"{value:,}"
    return str(value)


def markdown_table(classes: Iterable[type] = SETTINGS_CLASSES) -> str:
    """The settings table of docs/reference/settings.md, generated from the declarations."""
    lines = [
        "| setting | command | option | environment | default | value | what it sets |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for cls in classes:
        for row in rows(cls):
            option = f"`{row.option}`" if row.option else ""
            lines.append(
                f"| `{row.name}` | `{row.command}` | {option} | `{row.env}` | {_shown(row.default)} | "
                f"{row.spec.kind.describe} | {row.spec.help} |"
            )
    return "\n".join(lines) + "\n"


def option_help(row: Row) -> str:
    return f"{row.spec.help} Default: {_shown(row.default)}; or {row.env}."
