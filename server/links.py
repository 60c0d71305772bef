"""From IRIs to the server's own paths and back.

Every IRI the graph mints (kg.iris) is under the configured base ({base}id/..., {base}def/...,
{base}doc/..., {base}.well-known/genid/...). Pages link to such IRIs by path (/doc/gemeente/oss), under the path
the site is published at, so the data can be browsed on any address (a development server, or a path of a
municipality's site behind its proxy) without rewriting it. Other IRIs stay as they are.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import request

from kg.iris import Iris


def doc_path(iri: str, iris: Iris) -> str | None:
    """The path of the page about a thing (/doc/... for things and terms; the path itself for documents and
    skolem IRIs, which are their own pages), or None if the IRI is not one of ours."""
    if not iri.startswith(iris.base):
        return None
    rest = iri[len(iris.base) :]
    if rest.startswith("id/"):
        return "/doc/" + quote(rest[3:], safe="/-._~%")
    if rest.startswith("def/"):
        return "/doc/def/" + quote(rest[4:], safe="/-._~%#")
    return "/" + rest


def thing_iri(doc_rest: str, iris: Iris) -> str:
    """The IRI of the thing a /doc/... path is about."""
    if doc_rest == "def" or doc_rest.startswith("def/"):
        return iris.base + doc_rest + ("/" if doc_rest == "def" else "")
    return f"{iris.id_space}{doc_rest}"


def href(iri: str, iris: Iris) -> str:
    """Where a page links to for an IRI: one of ours to its page on this site, under the path the site is
    published at (Flask's script root, as url_for uses it); any other IRI to itself."""
    path = doc_path(iri, iris)
    return request.script_root + path if path is not None else iri
