"""IRIs that never break: an IRI an earlier release published and this one does not (the build's gone.json,
kg.publish.releases) answers 301 Moved Permanently to what replaced it, or 410 Gone with what it was (its label
and kind in the last release that had it), since which release it is gone, why, and where that release's data
can still be had: a page in Dutch for people, RDF for machines, by negotiation."""

from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for
from rdflib import Graph, Literal, URIRef

from kg import mediatypes
from kg.server import conneg, data, labels, links
from kg.server.state import state
from kg.vocab import DCTERMS, OWL, RDF, RDFS, bind_prefixes

TYPES = [mediatypes.HTML, mediatypes.TURTLE, mediatypes.JSONLD, mediatypes.NTRIPLES, mediatypes.RDFXML]


def answer(iri: str, as_document: bool) -> Response | None:
    """The answer for a retired IRI (None when the IRI is not retired): asked as the thing (/id/..., /def/...)
    or as its page (/doc/...)."""
    build = state().builds.current()
    entry = build.gone.get(iri)
    if entry is None:
        return None
    successor = entry.get("replaced_by")
    if successor:
        iris = data.iris()
        if as_document or not successor.startswith(iris.base):
            target = links.href(successor, iris)
        else:
            target = request.script_root + "/" + successor[len(iris.base) :]
        response = redirect(target, code=301)
        response.vary.add("Accept")
        return response
    return _gone(iri, entry)


def _kept(release: str | None) -> bool:
    return bool(release) and (state().builds.current().path / "releases" / release / "kg.nt.gz").is_file()


def _gone(iri: str, entry: dict) -> Response:
    media = conneg.choose(TYPES, request.args.get("format"))
    last = entry.get("last_release")
    download = url_for("downloads.release_file", release=last, name="kg.nt.gz") if _kept(last) else None
    if media == mediatypes.HTML:
        kinds = [labels.CLASSES.get(t) or t.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for t in entry.get("types", [])]
        body = render_template("gone.html", iri=iri, entry=entry, kinds=kinds, download=download)
        response = Response(body, mimetype=mediatypes.HTML)
    else:
        g = bind_prefixes(Graph(), data.iris())
        node = URIRef(iri)
        g.add((node, OWL.deprecated, Literal(True)))
        if entry.get("label"):
            g.add((node, RDFS.label, Literal(entry["label"], lang="nl")))
        for t in entry.get("types", []):
            g.add((node, RDF.type, URIRef(t)))
        g.add((node, RDFS.comment, Literal(entry.get("note", ""))))
        if download:
            g.add((node, RDFS.seeAlso, URIRef(data.absolute(download))))
        if entry.get("last_release"):
            g.add((node, DCTERMS.isReferencedBy, data.iris().release(entry["last_release"])))
        response = conneg.rdf_response(g, media)
    response.status_code = 410
    response.vary.add("Accept")
    response.headers["Cache-Control"] = f"public, max-age={state().settings.cache_max_age}"
    return response
