"""Content negotiation: which media type to answer with.

One pure function over werkzeug's parsed Accept header (q-values, wildcards and parameters such as
`;charset=utf-8` are handled there), plus a `format=` parameter that overrides Accept for people typing URLs.
"""

from __future__ import annotations

from functools import lru_cache

from flask import Response, request
from rdflib import Graph
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kg.mediatypes import CSV, HTML, JSONLD, NTRIPLES, RDFLIB_FORMATS, RDFXML, SPARQL_JSON, SPARQL_XML, TSV, TURTLE
from kg.mediatypes import content_type as _content_type
from kg.server.errors import Problem

#: generic types clients often send, and the specific type they get
ALIASES = {
    "application/json": {"tabular": SPARQL_JSON, "graph": JSONLD},
    "application/xml": {"tabular": SPARQL_XML, "graph": RDFXML},
    "text/xml": {"tabular": SPARQL_XML, "graph": RDFXML},
}

FORMATS = {
    "json": SPARQL_JSON,
    "xml": SPARQL_XML,
    "csv": CSV,
    "tsv": TSV,
    "ttl": TURTLE,
    "turtle": TURTLE,
    "nt": NTRIPLES,
    "ntriples": NTRIPLES,
    "n-triples": NTRIPLES,
    "jsonld": JSONLD,
    "json-ld": JSONLD,
    "rdf": RDFXML,
    "rdfxml": RDFXML,
    "xml-rdf": RDFXML,
    "html": HTML,
}


def negotiate(accept: MIMEAccept, available: list[str], role: str | None = None) -> str | None:
    """The best of `available` for this Accept header, or None if the client accepts none of them.

    No Accept header means anything is acceptable (the first available). `role` ("tabular" or "graph") lets
    a generic type such as application/json select the specific one of that role.
    """
    if not accept:
        return available[0]
    return _negotiate(accept.to_header(), tuple(available), role)


def negotiate_header(header: str, available: list[str], role: str | None = None) -> str | None:
    """negotiate() for the text of an Accept header (kg.server.fastpath has no parsed one). The text goes to
    the remembered matching as it is: negotiate() would parse it and write it out again first."""
    if not _parsed(header):
        return available[0]
    return _negotiate(header, tuple(available), role)


@lru_cache(maxsize=1024)
def _parsed(header: str) -> MIMEAccept:
    return parse_accept_header(header, MIMEAccept)


@lru_cache(maxsize=1024)
def _negotiate(header: str, available: tuple[str, ...], role: str | None) -> str | None:
    """negotiate() for one Accept header text; remembered, as clients send the same few headers again and
    again and werkzeug's matching costs about a quarter of a millisecond."""
    accept = parse_accept_header(header, MIMEAccept)
    offers = list(available)
    if role:
        offers += [generic for generic, roles in ALIASES.items() if roles[role] in available]
    # werkzeug matches media-type parameters strictly; everything here is UTF-8, so each type is also
    # offered with charset=utf-8 (a client asking for another charset still gets no match).
    candidates = {offer: offer for offer in offers}
    candidates.update({f"{offer}; charset=utf-8": offer for offer in offers})
    best = accept.best_match(list(candidates))
    if best is None:
        return None
    best = candidates[best]
    if best in ALIASES and role:
        return ALIASES[best][role]
    return best


def from_format(value: str | None, available: list[str]) -> str | None:
    """The media type a `format=` parameter names (short name or media type), or None if not given.
    A format that is not available here is a 406."""
    if not value:
        return None
    media = FORMATS.get(value.lower(), value.lower().split(";")[0].strip())
    if media not in available:
        raise Problem(
            406,
            f"format '{value}' is not available here; available: {', '.join(available)}",
            f"formaat '{value}' is hier niet beschikbaar; wel: {', '.join(available)}",
        )
    return media


def choose(available: list[str], fmt: str | None = None) -> str:
    """The media type to answer with: the one `format=` names, else the best for the Accept header; a 406 when
    the client accepts none of `available`."""
    media = from_format(fmt, available) or negotiate(request.accept_mimetypes, available)
    if media is None:
        raise not_acceptable(available)
    return media


def rdf_response(body: bytes | Graph, media: str, max_age: int | None = None) -> Response:
    """An RDF document in `media` (a graph is serialised with rdflib first), with its Content-Type, Vary: Accept
    and, when given, how long it may be cached."""
    if isinstance(body, Graph):
        body = body.serialize(format=RDFLIB_FORMATS[media], encoding="utf-8")
    response = Response(body, headers={"Content-Type": _content_type(media)})
    response.vary.add("Accept")
    if max_age is not None:
        response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response


def not_acceptable(available: list[str]) -> Problem:
    return Problem(
        406,
        f"none of the requested media types can be served; available: {', '.join(available)}",
        f"geen van de gevraagde formaten is beschikbaar; wel: {', '.join(available)}",
    )
