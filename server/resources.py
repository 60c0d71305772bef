"""Dereferenceable IRIs: /id/... answers 303 See Other to /doc/..., which negotiates between an HTML page for
people and Turtle, JSON-LD, N-Triples or RDF/XML for machines (the resource's statements, the labels of
what it links to, and the provenance records of its statements: the passage it was read from, or the
editors it is attributed to). Ontology terms (/def/...) resolve to their
documentation the same way; skolem IRIs (/.well-known/genid/...) are documents themselves.
"""

from __future__ import annotations

import hashlib
import json
import re

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, render_template, request, url_for
from markupsafe import Markup
from rdflib import Graph

from kg import mediatypes
from kg.publish.dcat import version_notes
from kg.publish.jsonld import compact
from kg.server import conneg, data, keyfigures, links, pages, relations, retired
from kg.server.describe import CONTACT_POINT, THEME_PROJECTS_APART, describe
from kg.server.errors import Problem, page_number
from kg.server.schemaorg import schema_jsonld
from kg.server.state import state
from kg.vocab import prefixes

bp = Blueprint("resources", __name__)

RDF_TYPES = [mediatypes.TURTLE, mediatypes.JSONLD, mediatypes.NTRIPLES, mediatypes.RDFXML]
DOC_TYPES = [mediatypes.HTML, *RDF_TYPES]
SHORT = {
    mediatypes.HTML: "html",
    mediatypes.TURTLE: "ttl",
    mediatypes.JSONLD: "jsonld",
    mediatypes.NTRIPLES: "nt",
    mediatypes.RDFXML: "rdf",
}
# characters a path of ours can have; anything else cannot be one of our IRIs
#: names people know the RDF formats by, for link labels
FORMAT_NAMES = {
    mediatypes.TURTLE: "Turtle",
    mediatypes.JSONLD: "JSON-LD",
    mediatypes.NTRIPLES: "N-Triples",
    mediatypes.RDFXML: "RDF/XML",
}
SAFE_PATH = re.compile(r"^[A-Za-z0-9._~/%-]+$")

DESCRIPTION = """
CONSTRUCT {
  ?s ?p ?o . ?o rdfs:label ?ol . ?o skos:prefLabel ?op .
  ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?sp ; rdf:object ?so ; prov:wasDerivedFrom ?passage .
  ?passage a prov:Entity ; prov:value ?q ; prov:wasQuotedFrom ?src .
  ?ed a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?ep ; rdf:object ?eo ; prov:wasAttributedTo ?editors ;
      dcterms:source ?doc .
  ?in a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?ip ; rdf:object ?io ; aeno:inferredBy ?rule ;
      aeno:inferredFrom ?basis .
  ?contact vcard:fn ?fn ; vcard:hasEmail ?email ; vcard:hasTelephone ?phone .
} WHERE {
  { ?s ?p ?o OPTIONAL { ?o rdfs:label ?ol } OPTIONAL { ?o skos:prefLabel ?op } }
  UNION
  { ?st rdf:subject ?s ; rdf:predicate ?sp ; rdf:object ?so ; prov:wasDerivedFrom ?passage .
    ?passage prov:value ?q ; prov:wasQuotedFrom ?src }
  UNION
  { ?ed rdf:subject ?s ; rdf:predicate ?ep ; rdf:object ?eo ; prov:wasAttributedTo ?editors .
    OPTIONAL { ?ed dcterms:source ?doc } }
  UNION
  { ?in rdf:subject ?s ; rdf:predicate ?ip ; rdf:object ?io ; aeno:inferredBy ?rule ; aeno:inferredFrom ?basis }
  UNION  # how to reach a contact point, with the thing it is the contact for: one request, not two
  { ?s dcat:contactPoint ?contact .
    OPTIONAL { ?contact vcard:fn ?fn } OPTIONAL { ?contact vcard:hasEmail ?email }
    OPTIONAL { ?contact vcard:hasTelephone ?phone } }
}"""


def _redirect(target: str) -> Response:
    qs = request.query_string.decode("ascii", "replace")
    response = redirect(target + (f"?{qs}" if qs else ""), code=303)
    response.vary.add("Accept")
    return response


@bp.route("/id/<path:rest>")
def thing(rest: str) -> Response:
    return retired.answer(links.thing_iri(rest, data.iris()), False) or _redirect(
        url_for("resources.document", rest=rest)
    )


@bp.route("/def/")
@bp.route("/def/<path:term>")
def term(term: str = "") -> Response:
    if not term:
        return _redirect(url_for("resources.ontology_document"))
    gone = retired.answer(links.thing_iri(f"def/{term}", data.iris()), False)
    return gone or _redirect(url_for("resources.document", rest=f"def/{term}"))


@bp.route("/.well-known/genid/<key>")
def genid(key: str) -> Response:
    if not re.fullmatch(r"[A-Za-z0-9._~-]{1,200}", key):
        raise Problem(
            400,
            f"not a blank-node name of this dataset: {key[:100]!r} (letters, digits and . _ ~ - only)",
            f"geen naam van een knoop in deze dataset: {key[:100]!r} (alleen letters, cijfers en . _ ~ -)",
        )
    return document_response(str(data.iris().skolem(key)))


@bp.route("/doc/<path:rest>")
def document(rest: str) -> Response:
    if not SAFE_PATH.match(rest) or ".." in rest:
        raise Problem(404, "There is nothing at this address.", "Op dit adres staat niets.")
    if rest.startswith("bron/") and rest.endswith(".txt"):
        return source_text(rest[5:-4])
    iri = links.thing_iri(rest, data.iris())
    return retired.answer(iri, True) or document_response(iri)


@bp.route("/doc/def/")
def ontology_document() -> Response:
    return document_response(str(data.iris().ontology()))


def source_text(source: str) -> Response:
    path = state().builds.current().path / "sources" / f"{source}.txt"
    if not re.match(r"^[a-z0-9-]+$", source) or not path.is_file():
        raise Problem(404, f"There is no source text '{source}'.", f"Er is geen brontekst '{source}'.")
    response = Response(path.read_bytes(), headers={"Content-Type": mediatypes.content_type(mediatypes.PLAIN)})
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def document_response(iri: str) -> Response:
    media = conneg.choose(DOC_TYPES, request.args.get("format"))
    build = state().builds.current()
    page = _page()
    etag = '"' + hashlib.sha256(f"{build.id}|{iri}|{media}|{page}".encode()).hexdigest()[:24] + '"'
    if request.if_none_match.contains(etag.strip('"')):
        response = Response(status=304)
    elif media == mediatypes.HTML:
        response = _html(iri, page)
    else:
        response = _rdf(iri, media)
    response.vary.add("Accept")
    response.headers["ETag"] = etag
    response.headers["Cache-Control"] = f"public, max-age={state().settings.cache_max_age}"
    response.headers["Link"] = ", ".join(
        f'<{request.script_root}{request.path}?format={SHORT[m]}>; rel="alternate"; type="{m}"'
        for m in DOC_TYPES
        if m != media
    )
    return response


def _page() -> int:
    return page_number(request.args.get("pagina"))


def _rdf(iri: str, media: str) -> Response:
    ntriples = data.construct(DESCRIPTION, mediatypes.NTRIPLES, {"s": iri})
    if not ntriples.strip():
        raise Problem(
            404, f"There is nothing about <{iri}> in this dataset.", f"Over <{iri}> staat niets in deze dataset."
        )
    triples = in_order(ntriples)
    if media == mediatypes.TURTLE:
        used = {name: ns for name, ns in prefixes(data.iris()).items() if ns in ntriples.decode("utf-8")}
        body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used)
    elif media == mediatypes.JSONLD:
        g = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
        document = compact(json.loads(g.serialize(format="json-ld")), data.iris())
        body = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    else:
        body = ox.serialize(triples, format=ox.RdfFormat.from_media_type(media))
    return conneg.rdf_response(body, media)


DATASET = """
SELECT ?s ?title ?description ?publisher ?issued ?modified WHERE {
  ?s dcterms:title ?title FILTER (LANG(?title) = "nl")
  OPTIONAL { ?s dcterms:description ?description FILTER (LANG(?description) = "nl") }
  OPTIONAL { ?s dcterms:publisher/foaf:name ?publisher }
  OPTIONAL { ?s dcterms:issued ?issued }
  OPTIONAL { ?s dcterms:modified ?modified }
} LIMIT 1"""


def in_order(ntriples: bytes) -> list[ox.Triple]:
    """A description's triples sorted, so that each subject's statements come together (Turtle a person can
    read) and every format's answer is the same bytes whatever order the engine's CONSTRUCT gave them in (it
    differs between the store on disk and its copy in memory, and between engines)."""
    return sorted(
        ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES),
        key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
    )


@bp.app_template_filter("grootte")
def size_text(n: int) -> str:
    """Bytes as a person reads them, with a Dutch decimal comma: 138 kB, 1,4 MB."""
    if n < 1000:
        return f"{n} bytes"
    if n < 1_000_000:
        return f"{n / 1000:.0f} kB"
    return f"{n / 1_000_000:.1f} MB".replace(".", ",")


def _dataset_html(iri: str) -> Response:
    """The dataset's own page: what a civil servant checks before using it (who publishes it, under which
    licence, how it was checked, how to get it), not the generic list of its statements."""
    build = state().builds.current()
    rows = data.select(DATASET, {"s": iri})
    info = {k: v.value for k, v in rows[0].items()} if rows else {}
    dumps = [(d, size_text(d.bytes)) for d in build.dumps]
    html = render_template(
        "dataset.html",
        iri=iri,
        info=info,
        build=build,
        dumps=dumps,
        validation=build.info.validation if build.info else None,
        releases=[(r, version_notes(r)[0]) for r in (build.info.releases if build.info else ())],
        formats=[(SHORT[m], m, FORMAT_NAMES[m]) for m in RDF_TYPES],
    )
    return Response(html, mimetype=mediatypes.HTML)


def _html(iri: str, page: int) -> Response:
    if iri == str(data.iris().dataset):
        return _dataset_html(iri)
    theme = iri.startswith(str(data.iris().thing("theme", "")))
    d = describe(iri, page, THEME_PROJECTS_APART if theme else "")
    if d is None:
        raise Problem(
            404, f"There is nothing about <{iri}> in this dataset.", f"Over <{iri}> staat niets in deze dataset."
        )
    source = _source_view(d)
    # a theme's projects (with those of its narrower themes, as /themas and /projecten count them), in a table
    theme_projects = data.select(pages.theme_projects_query(), {"thema": iri}) if theme else None
    url = data.absolute(request.script_root + request.path)
    embedded = json.dumps(schema_jsonld(d, url), ensure_ascii=False).replace("</", "<\\/")
    figures = keyfigures.observations(iri, links_href) if _may_have_figures(d) else []
    html = render_template(
        "resource.html",
        d=d,
        figures=figures,
        charts=keyfigures.charts(figures),
        rp=relations.picture(d),
        rp_narrow=relations.narrow_picture(d),
        contacts=d.values(CONTACT_POINT) if d.has_type(str(data.iris().aeno.Project)) else None,
        theme_projects=theme_projects,
        theme_slug=iri.rsplit("/", 1)[-1],
        source=source,
        embedded=Markup(embedded),
        formats=[(SHORT[m], m, FORMAT_NAMES[m]) for m in RDF_TYPES],
    )
    return Response(html, mimetype=mediatypes.HTML)


def links_href(iri: str) -> str:
    return links.href(iri, data.iris())


def _may_have_figures(d) -> bool:  # noqa: ANN001 - describe.Description
    """Municipalities and data sets: the things key figures are about or in."""
    return d.has_type(str(data.iris().aeno.Municipality)) or d.has_type("http://purl.org/linked-data/cube#DataSet")


def _source_view(d) -> dict | None:  # noqa: ANN001 - describe.Description
    """For a source page: its text, with the passage asked for (?passage=start,end) marked."""
    if not any(t.endswith("def/SourcePage") for t, _ in d.types):
        return None
    source = d.iri.rsplit("/", 1)[-1]
    path = state().builds.current().path / "sources" / f"{source}.txt"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    # at most 9 digits each: a source text is far shorter, and int() of thousands of digits is refused by Python
    m = re.match(r"^(\d{1,9}),(\d{1,9})$", request.args.get("passage", ""))
    start, end = (int(m[1]), int(m[2])) if m and int(m[1]) < int(m[2]) <= len(text) else (len(text), len(text))
    # the template writes the three parts escaped, the passage inside <mark>
    return {
        "before": text[:start],
        "passage": text[start:end],
        "after": text[end:],
        "marked": end > start,
        "txt": url_for("resources.document", rest=f"bron/{source}.txt"),
    }
