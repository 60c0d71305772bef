"""From IRIs to the server's own paths and back.

Every IRI the graph mints is under the configured base ({base}id/..., {base}def/..., {base}doc/...,
{base}.well-known/genid/...). Pages link to such IRIs by path (/id/gemeente/oss), so the data can be browsed
on any address, a development server included, without rewriting it. Other IRIs stay as they are.
"""

from __future__ import annotations

from urllib.parse import quote


def local(iri: str, base: str) -> str:
    """The server path for an IRI under the base, or the IRI itself."""
    if base and iri.startswith(base):
        return "/" + iri[len(base) :]
    return iri


def doc_path(iri: str, base: str) -> str | None:
    """The document path describing a thing (/doc/...), or None if the IRI is not one of ours."""
    if not base or not iri.startswith(base):
        return None
    rest = iri[len(base) :]
    if rest.startswith("id/"):
        return "/doc/" + quote(rest[3:], safe="/-._~%")
    if rest.startswith("def/"):
        return "/doc/def/" + quote(rest[4:], safe="/-._~%#")
    if rest.startswith(".well-known/genid/"):
        return "/" + rest
    return "/" + rest


def thing_iri(doc_rest: str, base: str) -> str:
    """The IRI of the thing a /doc/... path is about."""
    if doc_rest == "def" or doc_rest.startswith("def/"):
        return base + doc_rest + ("/" if doc_rest == "def" else "")
    return f"{base}id/{doc_rest}"
