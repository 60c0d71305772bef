"""The saved example queries (src/kg/query/queries/*.rq): each a SPARQL query with a title, a description
and named parameters, shown in the query editor and offered as a small web API (/api/queries/<name>).

The header of a file:

    # order: 1
    # title: Projecten die een thema delen met een gemeente
    # title@en: Projects sharing a theme with a municipality
    # description: ...
    # description@en: ...
    # param: gemeente gemeente oss -- De gemeente, als slug van haar IRI

A parameter line is `name type [default] -- explanation`. The parameter is the query variable `?name`, which
must be in the SELECT clause (pyoxigraph binds only projected variables). It is bound as an RDF term with
pyoxigraph's substitutions (SEP-0007), never pasted into the query text, so a value cannot change the query.
Types: an IRI kind (gemeente, organisatie, persoon, project, programma, thema, publicatie, evenement: the
value is the slug, the IRI is {base}id/{kind}/{slug}, as kg.iris mints it), `datum` (an xsd:date) and `tekst`.
A parameter without a default is optional: unbound, it matches everything.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from kg.defaults import DEFAULT_BASE
from kg.query.text import BindError, where_brace

if TYPE_CHECKING:  # only its id_space and base are read: the runtime does not load rdflib
    from kg.iris import Iris

IRI_KINDS = ("gemeente", "organisatie", "persoon", "project", "programma", "thema", "publicatie", "evenement")
TYPES = (*IRI_KINDS, "datum", "tekst")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADER = re.compile(r"^#\s*(?P<key>[a-z]+(?:@[a-z]{2})?):\s*(?P<value>.*)$")
_PARAM = re.compile(r"^(?P<name>[a-z][a-z0-9_]*)\s+(?P<type>[a-z]+)(?:\s+(?P<default>\S+))?\s*(?:--\s*(?P<doc>.*))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True)
class Query:
    name: str
    title: str
    title_en: str
    description: str
    description_en: str
    text: str
    params: tuple[Param, ...] = field(default_factory=tuple)
    order: int = 1000  # position in the editor and the listing (`# order:`), then by name


class BadParameter(ValueError):
    """A parameter value the query cannot take; `nl` says so in Dutch."""

    def __init__(self, message: str, nl: str) -> None:
        super().__init__(message)
        self.nl = nl


@cache
def load() -> tuple[Query, ...]:
    folder = files("kg.query") / "queries"
    queries = [
        parse(p.name.removesuffix(".rq"), p.read_text(encoding="utf-8"))
        for p in folder.iterdir()
        if p.name.endswith(".rq")
    ]
    return tuple(sorted(queries, key=lambda q: (q.order, q.name)))


def by_name(name: str) -> Query | None:
    return next((q for q in load() if q.name == name), None)


def parse(name: str, text: str) -> Query:
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        m = _HEADER.match(line)
        if not m:
            if line.strip() and not line.startswith("#"):
                break
            continue
        if m["key"] == "param":
            p = _PARAM.match(m["value"])
            if not p or p["type"] not in TYPES:
                raise ValueError(f"{name}.rq: bad parameter line: {m['value']!r}")
            params.append(Param(p["name"], p["type"], p["default"], (p["doc"] or "").strip()))
        else:
            meta[m["key"]] = m["value"].strip()
    missing = [k for k in ("title", "title@en", "description", "description@en") if k not in meta]
    if missing:
        raise ValueError(f"{name}.rq: missing {', '.join(missing)} in the header")
    projection = re.search(r"\bSELECT\b(?P<vars>.*?)\bWHERE\b", text, re.IGNORECASE | re.DOTALL)
    for p in params:
        # pyoxigraph binds (SEP-0007 substitution) only variables that the SELECT clause projects
        if not projection or not re.search(rf"\?{p.name}\b", projection["vars"]):
            raise ValueError(f"{name}.rq: parameter ?{p.name} must be in the SELECT clause to be bound")
    order = int(meta["order"]) if meta.get("order", "").isdigit() else 1000
    return Query(
        name, meta["title"], meta["title@en"], meta["description"], meta["description@en"], text, tuple(params), order
    )


def term(param: Param, value: str, iris: Iris) -> str:
    """The RDF term (N-Triples syntax) a parameter value stands for. Raises BadParameter."""
    if param.type in IRI_KINDS:
        if not SLUG.match(value):
            raise BadParameter(
                f"{param.name} must be a slug such as 'oss' or 'bergen-op-zoom' (lowercase letters, "
                f"digits and hyphens), not {value!r}",
                f"{param.name} moet een korte naam zijn zoals 'oss' of 'bergen-op-zoom' (kleine letters, cijfers en "
                f"koppeltekens), niet {value!r}",
            )
        return f"<{iris.id_space}{param.type}/{value}>"
    if param.type == "datum":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise BadParameter(
                f"{param.name} must be a date as YYYY-MM-DD, not {value!r}",
                f"{param.name} moet een datum zijn als JJJJ-MM-DD, niet {value!r}",
            ) from None
        return f'"{day.isoformat()}"^^<http://www.w3.org/2001/XMLSchema#date>'
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def bindings(query: Query, values: dict[str, str], iris: Iris) -> tuple[tuple[str, str], ...]:
    """Variable -> term for the given values, defaults filled in. Unknown names are an error."""
    known = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(known) - {"format"})
    if unknown:
        raise BadParameter(
            f"unknown parameter(s) {', '.join(unknown)}; this query takes: {', '.join(known) or 'none'}",
            f"onbekende parameter(s) {', '.join(unknown)}; deze query neemt: {', '.join(known) or 'geen'}",
        )
    out = []
    for p in query.params:
        value = values.get(p.name) or p.default
        if value:
            out.append((p.name, term(p, value, iris)))
    return tuple(out)


def text(query: Query, iris: Iris) -> str:
    """The query text for a dataset under `iris.base` (the files are written with the default base)."""
    return query.text.replace(DEFAULT_BASE, iris.base) if iris.base != DEFAULT_BASE else query.text


def for_editor(query: Query, iris: Iris) -> str:
    """The text a person sees in the editor's tab: the query with its parameters' defaults bound, headed by its
    description as one comment, without the catalogue's metadata lines (order, English titles, parameters)."""
    body = with_defaults(query, iris)
    lines = body.split("\n")
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    words, comment, width = query.description.split(), [], 0
    for w in words:  # wrapped at about 100 characters
        if comment and width + len(w) > 96:
            comment.append("\n#")
            width = 0
        comment.append(w)
        width += len(w) + 1
    return "# " + " ".join(comment).replace(" \n#", "\n#") + "\n" + "\n".join(lines).lstrip("\n")


def with_defaults(query: Query, iris: Iris) -> str:
    """The query text for the editor, each parameter's default bound by a VALUES block at the start of the
    WHERE clause (a VALUES clause after the query would be joined after FILTERs had already run)."""
    values = "".join(f"\n  VALUES ?{p.name} {{ {term(p, p.default, iris)} }}" for p in query.params if p.default)
    body = text(query, iris)
    if not values:
        return body
    try:
        at = where_brace(body) + 1
    except BindError as exc:
        raise ValueError(f"{query.name}.rq: {exc}") from None
    return body[:at] + values + body[at:]
