"""What is checked before a query reaches the engine: its length, that it is not an update, how deeply it
nests, and that any SERVICE it calls is on the allowlist.

The engine would follow `SERVICE <url>` to any address, inside the network too, and its parser overflows its
stack (killing the worker) on brackets nested ~1,000 deep. Both are read from the query's tokens by
kg.query.text.shape: one linear pass, at most a few tens of milliseconds for the longest query accepted, safe
to run from many threads at once. Every SERVICE target must be an allowed absolute IRI; a variable target, or
one that cannot be read as an IRI, is refused. All of this happens before the query runs, so nothing is
contacted and nothing is parsed twice.
"""

from __future__ import annotations

import functools
import re

from kg.query.text import MAX_DEPTH, QUERY_FORMS, UPDATE_FORMS, ShapeError, form_of, shape  # noqa: F401 - re-exported
from kg.server.errors import Problem
from kg.server.protocol import READ_ONLY, READ_ONLY_NL

_VOLATILE = re.compile(r"\b(?:now|rand|uuid|struuid|bnode)\s*\(", re.IGNORECASE)


_VOLATILE_WORDS = ("now", "rand", "uuid", "bnode")  # in the lower case of every ASCII text _VOLATILE matches


def is_volatile(query: str) -> bool:
    """Whether the results may differ between runs (NOW(), RAND(), UUID(), ...): not cacheable. (Looking for
    the words first: the expression over a whole query costs 7 us, 3.6% of a loaded web worker's time. Only
    in ASCII text: with IGNORECASE the expression also takes 'İ', 'ı', 'ſ' and the Kelvin sign for letters.)"""
    if query.isascii():
        lowered = query.lower()
        if not any(w in lowered for w in _VOLATILE_WORDS):
            return False
    return bool(_VOLATILE.search(query))


def check(query: str, max_length: int, allowed_services: tuple[str, ...]) -> tuple[str, ...]:
    """Refuse (Problem) what must not reach the engine; return the SERVICE endpoints the query calls."""
    if len(query) > max_length:
        raise Problem(
            413,
            f"the query has {len(query)} characters; at most {max_length} are accepted",
            f"de query heeft {len(query)} tekens; er worden er hoogstens {max_length} aangenomen",
        )
    if not query.strip():
        raise Problem(400, "the query is empty", "de query is leeg")
    if form_of(query) == "update":
        raise Problem(403, READ_ONLY, READ_ONLY_NL)
    found = _services(query)
    if isinstance(found, ShapeError):
        raise Problem(400, str(found), found.nl)
    return check_services(found, allowed_services)


@functools.lru_cache(maxsize=128)
def _services(query: str) -> tuple[str | None, ...] | ShapeError:
    """The SERVICE targets kg.query.text.shape finds in `query`, or why it refuses the query. Kept for the
    last 128 query texts of a web process, each within the query length limit (2.5 MB of ASCII text at the
    default 20,000 characters; Python keeps text beyond Latin-1 at 2-4 bytes a character): a dashboard or
    portal sending the same queries again is answered from the result cache, and tokenising its 1.4 kB query
    again was a quarter of such a request's time (py-spy)."""
    if plain(query):
        return ()
    try:
        return shape(query, MAX_DEPTH).services
    except ShapeError as exc:
        return exc


def plain(query: str) -> bool:
    """Whether `query` certainly passes kg.query.text.shape with no SERVICE target, so that tokenising it can be
    skipped (25 us for a lookup, 7% of a loaded web worker's time). shape() refuses only a string that is not
    closed and brackets nested deeper than MAX_DEPTH, and finds a SERVICE only in a token whose lower case
    holds "service"; without a quote character there is no string, with at most MAX_DEPTH opening brackets in
    the whole text no nesting that deep, and a token's lower case is part of the whole text's. Most lookups and
    page queries are plain; tests/test_sparql_safety.py checks this against shape() on every query it has."""
    return (
        '"' not in query
        and "'" not in query
        and query.count("(") + query.count("{") + query.count("[") <= MAX_DEPTH
        and "service" not in query.lower()
    )


def check_services(targets: tuple[str | None, ...], allowed: tuple[str, ...]) -> tuple[str, ...]:
    for target in targets:
        if target is None:
            raise Problem(
                400,
                "SERVICE is only allowed with the absolute IRI of an allowed endpoint, not a variable, a relative "
                "IRI or an undeclared prefix (a prefix or word containing 'service' reads as SERVICE too)",
                "SERVICE mag alleen met de volledige IRI van een toegestaan endpoint, niet met een variabele, een "
                "relatieve IRI of een niet gedeclareerd voorvoegsel (een woord met 'service' erin leest ook als "
                "SERVICE)",
            )
        if target not in allowed:
            where = f"allowed: {', '.join(allowed)}" if allowed else "no SERVICE endpoints are allowed on this server"
            waar = f"toegestaan: {', '.join(allowed)}" if allowed else "deze server staat geen SERVICE-endpoints toe"
            raise Problem(
                400, f"SERVICE <{target}> is not allowed ({where})", f"SERVICE <{target}> is niet toegestaan ({waar})"
            )
    return tuple(t for t in targets if t is not None)
