"""Everything to download or harvest: the dumps (/download/), the DCAT-AP-NL description (/catalog), VoID
(/.well-known/void), the JSON-LD context (/context.jsonld), framed JSON-LD views for web developers
(/api/projects.jsonld, /api/municipalities.jsonld), and the sitemap for search engines."""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask import Blueprint, Response, redirect, render_template, request, send_file, url_for
from pyld import jsonld
from rdflib import Graph

from kg import mediatypes
from kg.publish.jsonld import LocalLoader
from kg.publish.jsonld import context as jsonld_context
from kg.server import conneg, data, links
from kg.server.errors import Problem
from kg.server.pages import BROWSE
from kg.server.state import state

bp = Blueprint("downloads", __name__)

FILES = {  # name -> media type; only these are served from the build directory
    "kg.ttl.gz": mediatypes.GZIP,
    "kg.nt.gz": mediatypes.GZIP,
    "kg.jsonld.gz": mediatypes.GZIP,
    "kg.ttl": mediatypes.TURTLE,
    "kg.nt": mediatypes.NTRIPLES,
    "kg.jsonld": mediatypes.JSONLD,
    "ontology.ttl": mediatypes.TURTLE,
    "catalog.ttl": mediatypes.TURTLE,
    "void.ttl": mediatypes.TURTLE,
    "validation.ttl": mediatypes.TURTLE,
    "validation.txt": mediatypes.PLAIN,
    "context.jsonld": mediatypes.JSONLD,
    "SHA256SUMS": mediatypes.PLAIN,
    "build.json": mediatypes.JSON,
    "gone.json": mediatypes.JSON,
}
#: what a release keeps (kg.publish.releases), downloadable under /download/releases/<id>/
RELEASE_FILES = {
    "kg.nt.gz": mediatypes.GZIP,
    "kg.ttl.gz": mediatypes.GZIP,
    "kg.jsonld.gz": mediatypes.GZIP,
    "SHA256SUMS": mediatypes.PLAIN,
    "gone.json": mediatypes.JSON,
    "release.json": mediatypes.JSON,
}
RELEASE = re.compile(r"^\d{4}-\d\d-\d\d-[0-9a-f]{12}(-\d{1,6})?$")
RDF_DOC = [mediatypes.TURTLE, mediatypes.JSONLD, mediatypes.NTRIPLES, mediatypes.RDFXML]


def _dist() -> Path:
    return state().builds.current().path


@bp.get("/download/")
def index() -> Response:
    build = state().builds.current()
    files = [(name, FILES[name], (_dist() / name).stat().st_size) for name in FILES if (_dist() / name).is_file()]
    # a front of a remote store (kg front-files) has no dumps: it lists none rather than links that fail
    dumps = [d for d in build.dumps if (_dist() / d.name).is_file()]
    return Response(
        render_template(
            "downloads.html",
            files=files,
            dumps=dumps,
            dumps_elsewhere=len(build.dumps) - len(dumps),
            linksets=build.linksets,
            build=build,
        ),
        mimetype=mediatypes.HTML,
    )


@bp.get("/download/linksets/<name>.ttl")
def linkset(name: str) -> Response:
    """A linkset loaded into the build (its links are also the named graph {base}id/linkset/NAME)."""
    known = {ls.name for ls in state().builds.current().linksets}
    if name not in known:
        raise Problem(404, f"There is no linkset '{name}'.", f"Er is geen linkset '{name}'.")
    return _rdf_file(f"linksets/{name}.ttl")


@bp.get("/download/releases/<release>/<name>")
def release_file(release: str, name: str) -> Response:
    """A file of a release whose files are kept: its dumps as that release published them, never changed."""
    path = _dist() / "releases" / release / name
    if not RELEASE.match(release) or name not in RELEASE_FILES:
        raise Problem(
            404,
            f"There is no download '{name}' of a release '{release[:30]}'.",
            f"Er is geen download '{name}' van een release '{release[:30]}'.",
        )
    if not path.is_file():
        raise Problem(
            404,
            f"The files of release {release} are not kept here (only the last releases' are).",
            f"De bestanden van release {release} worden hier niet bewaard (alleen die van de laatste releases).",
        )
    response = send_file(
        path, mimetype=RELEASE_FILES[name], as_attachment=name.endswith(".gz"), conditional=True, etag=True
    )
    response.headers["Content-Type"] = mediatypes.content_type(RELEASE_FILES[name])
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@bp.get("/download/<name>")
def file(name: str) -> Response:
    if name not in FILES or not (_dist() / name).is_file():
        raise Problem(404, f"There is no download '{name}'.", f"Er is geen download '{name}'.")
    response = send_file(
        _dist() / name,
        mimetype=FILES[name],
        as_attachment=name.endswith(".gz"),
        conditional=True,
        etag=True,
        max_age=state().settings.cache_max_age,
    )
    response.headers["Content-Type"] = mediatypes.content_type(FILES[name])
    return response


def _rdf_file(name: str) -> Response:
    """A Turtle file of the build, in the format the client asks for."""
    path = _dist() / name
    if not path.is_file():
        raise Problem(404, f"This build has no {name}.", f"Deze build heeft geen {name}.")
    media = conneg.choose(RDF_DOC, request.args.get("format"))
    body = path.read_bytes() if media == mediatypes.TURTLE else Graph().parse(path, format="turtle")
    return conneg.rdf_response(body, media, state().settings.cache_max_age)


@bp.get("/catalog")
def catalog() -> Response:
    return _rdf_file("catalog.ttl")


@bp.get("/.well-known/void")
def void() -> Response:
    return _rdf_file("void.ttl")


@bp.get("/context.jsonld")
def context() -> Response:
    path = _dist() / "context.jsonld"
    response = Response(path.read_bytes(), mimetype=mediatypes.JSONLD)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


# -- framed JSON-LD ------------------------------------------------------------------------------------------------

PROJECTS = """
CONSTRUCT {
  ?p a aeno:Project ; rdfs:label ?label ; dcterms:title ?title ; schema:startDate ?start ; schema:endDate ?end ;
     aeno:carriedOutBy ?org ; dcterms:subject ?theme ; aeno:programme ?prog ; dcat:contactPoint ?c .
  ?org rdfs:label ?orgLabel ; dcterms:identifier ?code .
  ?theme skos:prefLabel ?themeLabel .
  ?prog rdfs:label ?progLabel .
  ?c foaf:name ?name ; vcard:hasEmail ?email ; vcard:hasTelephone ?tel .
} WHERE {
  ?p a aeno:Project ; rdfs:label ?label .
  OPTIONAL { ?p dcterms:title ?title } OPTIONAL { ?p schema:startDate ?start } OPTIONAL { ?p schema:endDate ?end }
  OPTIONAL { ?p aeno:carriedOutBy ?org . ?org rdfs:label ?orgLabel OPTIONAL { ?org dcterms:identifier ?code } }
  OPTIONAL { ?p dcterms:subject ?theme . ?theme skos:prefLabel ?themeLabel }
  OPTIONAL { ?p aeno:programme ?prog . ?prog rdfs:label ?progLabel }
  OPTIONAL { ?p dcat:contactPoint ?c . ?c foaf:name ?name OPTIONAL { ?c vcard:hasEmail ?email }
             OPTIONAL { ?c vcard:hasTelephone ?tel } }
}"""

MUNICIPALITIES = """
CONSTRUCT {
  ?m a aeno:Municipality ; rdfs:label ?label ; skos:altLabel ?alt ; dcterms:identifier ?code ; owl:sameAs ?same .
  ?p aeno:carriedOutBy ?m ; rdfs:label ?plabel .
} WHERE {
  ?m a aeno:Municipality ; rdfs:label ?label ; dcterms:identifier ?code .
  OPTIONAL { ?m skos:altLabel ?alt } OPTIONAL { ?m owl:sameAs ?same }
  OPTIONAL { ?p a aeno:Project ; aeno:carriedOutBy ?m ; rdfs:label ?plabel }
}"""

FRAMES = {
    "projects": (
        PROJECTS,
        {
            "type": "aeno:Project",
            "carriedOutBy": {"@embed": "@always"},
            "subject": {"@embed": "@always"},
            "programme": {"@embed": "@always"},
            "contactPoint": {"@embed": "@always"},
        },
    ),
    "municipalities": (MUNICIPALITIES, {"type": "aeno:Municipality", "projects": {"@embed": "@always"}}),
}


def framed(name: str) -> dict:
    query, frame = FRAMES[name]
    iris = data.iris()
    ntriples = data.construct(query, mediatypes.NTRIPLES).decode("utf-8")
    expanded = json.loads(Graph().parse(data=ntriples, format="nt").serialize(format="json-ld"))
    doc = jsonld.frame(
        expanded,
        {"@context": iris.context, **frame},
        {"documentLoader": LocalLoader(iris), "omitGraph": False, "embed": "@once"},
    )
    doc["@context"] = jsonld_context(iris)["@context"]  # embedded: the document reads with no network
    return doc


@bp.get("/api/<any(projects, municipalities):name>.jsonld")
def framed_view(name: str) -> Response:
    response = Response(json.dumps(framed(name), ensure_ascii=False, indent=1), mimetype=mediatypes.JSONLD)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = f"public, max-age={state().settings.cache_max_age}"
    return response


# -- sitemap ---------------------------------------------------------------------------------------------------------

SITEMAP = """SELECT DISTINCT ?space ?x WHERE {
  ?x rdfs:label ?l . FILTER (isIRI(?x) && STRSTARTS(STR(?x), STR(?space))) } ORDER BY ?x"""


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """The home page, the pages to browse from, and a page per resource, at the site's public address."""
    iris = data.iris()
    urls = [url_for("pages.home"), *(url_for(p.endpoint, **p.values) for p in BROWSE)]
    urls += [links.href(r["x"].value, iris) for r in data.select(SITEMAP, {"space": iris.id_space})]
    built = state().builds.current().created[:10]
    body = render_template("sitemap.xml", locations=[data.absolute(u) for u in urls], built=built)
    return Response(body, mimetype="application/xml")


@bp.get("/robots.txt")
def robots() -> Response:
    sitemap_url = data.absolute(url_for("downloads.sitemap"))
    return Response(f"User-agent: *\nAllow: /\nSitemap: {sitemap_url}\n", mimetype=mediatypes.PLAIN)


@bp.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page links; the icon is an SVG (every current browser)."""
    response = redirect(url_for("static", filename="favicon.svg"), code=301)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
