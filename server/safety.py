"""What is checked before a query reaches the engine: its length, that it is not an update, and that any
SERVICE it calls is on the allowlist.

The engine would follow `SERVICE <url>` to any address, inside the network too (gotchas.md, 1). A query
whose text does not contain "service" anywhere (any case, in any token) cannot use SERVICE; one that does is
parsed with rdflib's SPARQL parser and every SERVICE target, also in subqueries, must be an allowed IRI. A
variable target, or a query that cannot be parsed for this check, is refused. All of this happens before
the query runs, so nothing is contacted.
"""

from __future__ import annotations

import re

from kg.server.errors import Problem
from kg.server.protocol import READ_ONLY

_PROLOGUE = re.compile(
    r"""\A(?:\s+|\#[^\n]*\n?|BASE\s*<[^<>"{}|^`\\\x00-\x20]*>|PREFIX\s+[^\s:]*:\s*<[^<>"{}|^`\\\x00-\x20]*>)*""",
    re.IGNORECASE,
)
_KEYWORD = re.compile(r"[A-Za-z]+")
QUERY_FORMS = {"select", "ask", "construct", "describe"}
UPDATE_FORMS = {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}
_VOLATILE = re.compile(r"\b(?:now|rand|uuid|struuid|bnode)\s*\(", re.IGNORECASE)


def form_of(query: str) -> str | None:
    """'select', 'ask', 'construct', 'describe', 'update', or None if the text starts with something else."""
    rest = query[_PROLOGUE.match(query).end() :]
    m = _KEYWORD.match(rest)
    if not m:
        return None
    word = m.group(0).lower()
    if word in QUERY_FORMS:
        return word
    if word in UPDATE_FORMS:
        return "update"
    return None


def is_volatile(query: str) -> bool:
    """Whether the results may differ between runs (NOW(), RAND(), UUID(), ...): not cacheable."""
    return bool(_VOLATILE.search(query))


def check(query: str, max_length: int, allowed_services: tuple[str, ...]) -> None:
    if len(query) > max_length:
        raise Problem(413, f"the query has {len(query)} characters; at most {max_length} are accepted")
    if not query.strip():
        raise Problem(400, "the query is empty")
    if form_of(query) == "update":
        raise Problem(403, READ_ONLY)
    check_services(query, allowed_services)


def service_targets(query: str) -> list[str | None]:
    """The SERVICE endpoints a query calls (None for a variable endpoint). Raises ValueError if the query
    cannot be parsed."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef

    try:
        algebra = translateQuery(parseQuery(query)).algebra
    except Exception as exc:  # pyparsing and rdflib raise several error types
        raise ValueError(str(exc)) from exc
    found: list[str | None] = []

    def walk(node: object) -> None:
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                term = node.get("term")
                found.append(str(term) if isinstance(term, URIRef) else None)
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(algebra)
    return found


def check_services(query: str, allowed: tuple[str, ...]) -> None:
    if "service" not in query.lower():
        return
    try:
        targets = service_targets(query)
    except ValueError:
        raise Problem(
            400,
            "the query mentions SERVICE but could not be parsed to check it; "
            "federated queries must be valid SPARQL 1.1",
        ) from None
    for target in targets:
        if target is None:
            raise Problem(400, "SERVICE with a variable endpoint is not allowed")
        if target not in allowed:
            where = f"allowed: {', '.join(allowed)}" if allowed else "no SERVICE endpoints are allowed on this server"
            raise Problem(400, f"SERVICE <{target}> is not allowed ({where})")
