"""Every IRI the graph mints resolves: /id/ answers 303 to /doc/, which negotiates HTML and RDF; pages show
labels, grouped properties, links, provenance; long lists are paged; links stay on the server's own address."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from kg.iris import Iris
from kg.publish.jsonld import to_nquads
from kg.vocab import RDF, RDFS

BASE = "https://w3id.org/aeno-kg/"
OSS_PROJECT = "project/oss-osse-manier-van-zelforganisatie"


@pytest.mark.parametrize(
    "path",
    [
        "gemeente/oss",
        OSS_PROJECT,
        "thema/zelforganisatie",
        "thema",
        "persoon/jeannet-kool",
        "programma/3-2-1-co-2016",
        "publicatie/zo-kan-het-ook",
        "evenement/2017-11-09-integraal-werken",
        "observatie/soest-ziekteverzuim-2008-totaal",
        "dataset/kengetallen-soest",
        "bron/praktijkverhaal-soest",
        "organisatie/stadsbeheer-rotterdam",
        "periode/2013-01-01",
        "uitsplitsing/schaal-1-6",
        "hoeveelheid/organisatie-stadsbeheer-rotterdam-medewerkers",
        "getalsaanduiding/meer-dan",
        "document/delft-leerroute-publiek-ondernemerschap-tussenrapportage",
    ],
)
def test_thing_iri_answers_303_to_its_document(client, path):
    r = client.get(f"/id/{path}")
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/doc/{path}")
    doc = client.get(f"/doc/{path}", headers={"Accept": "text/html"})
    assert doc.status_code == 200 and doc.mimetype == "text/html"


def test_every_minted_iri_resolves(client, graph):
    minted = sorted({str(s) for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(BASE)})
    statements = {str(s) for s in graph.subjects(RDF.type, RDF.Statement)}
    sample = [m for m in minted if m not in statements][::7] + sorted(statements)[:5]  # every 7th, plus skolem IRIs
    for iri in sample:
        path = "/" + iri[len(BASE) :].split("#")[0]
        r = client.get(path, headers={"Accept": "text/turtle"}, follow_redirects=True)
        assert r.status_code == 200, iri
        if path.startswith("/doc/bron/") and path.endswith(".txt"):  # the plain-text copy of a source is the text
            assert r.mimetype == "text/plain"
        else:
            assert (URIRef(iri), None, None) in Graph().parse(data=r.data, format="turtle"), iri


def test_redirect_keeps_the_format_parameter(client):
    r = client.get("/id/gemeente/oss?format=ttl")
    assert r.headers["Location"].endswith("/doc/gemeente/oss?format=ttl")


DOC_FORMATS = [
    ("text/html", "text/html", None),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("text/html;q=0.5, text/turtle", "text/turtle", "turtle"),
    ("*/*", "text/html", None),
]


@pytest.mark.parametrize(("accept", "expected", "fmt"), DOC_FORMATS, ids=[d[0] for d in DOC_FORMATS])
def test_document_negotiates_on_accept(client, accept, expected, fmt):
    r = client.get(f"/doc/{OSS_PROJECT}", headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == expected
    assert "Accept" in r.headers["Vary"]
    others = [m for _, m, _ in DOC_FORMATS[:5] if m != expected]
    for media in others:
        assert f'type="{media}"' in r.headers["Link"] and 'rel="alternate"' in r.headers["Link"]
    if fmt and fmt != "json-ld":
        g = Graph().parse(data=r.data, format=fmt)
        assert (URIRef(BASE + "id/" + OSS_PROJECT), RDF.type, URIRef(BASE + "def/Project")) in g


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("nt", "application/n-triples"),
        ("rdf", "application/rdf+xml"),
        ("html", "text/html"),
    ],
)
def test_format_parameter_overrides_accept(client, fmt, expected):
    r = client.get(f"/doc/gemeente/oss?format={fmt}", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.mimetype == expected


def test_rdf_description_holds_the_labels_of_what_it_links_to_and_its_provenance(client):
    g = Graph().parse(data=client.get(f"/doc/{OSS_PROJECT}?format=ttl").data, format="turtle")
    for linked in [
        "gemeente/oss",
        "thema/zelforganisatie",
        "persoon/joyce-bergmans",
        "programma/innovatie-projectenregeling",
    ]:
        assert list(g.objects(URIRef(f"{BASE}id/{linked}"), RDFS.label)), linked
    assert len(list(g.subjects(RDF.type, RDF.Statement))) >= 8


def test_jsonld_document_uses_the_context_and_reads_back_as_the_turtle_document(client):
    doc = json.loads(client.get(f"/doc/{OSS_PROJECT}", headers={"Accept": "application/ld+json"}).data)
    assert doc["@context"] == json.loads(client.get("/context.jsonld").data)["@context"]  # embedded
    from_jsonld = Graph().parse(data=to_nquads(doc, Iris(BASE)), format="nquads")
    from_turtle = Graph().parse(data=client.get(f"/doc/{OSS_PROJECT}?format=ttl").data, format="turtle")
    assert isomorphic(from_jsonld, from_turtle)


def test_unknown_resource_gets_a_404_page(client):
    r = client.get("/doc/project/bestaat-niet", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.mimetype == "text/html" and "staat niets in deze dataset" in r.data.decode()
    assert client.get("/doc/project/bestaat-niet", headers={"Accept": "text/turtle"}).status_code == 404


def test_unsatisfiable_accept_on_a_document_is_406(client):
    assert client.get("/doc/gemeente/oss", headers={"Accept": "image/png"}).status_code == 406


def test_path_that_cannot_be_an_iri_of_ours_is_404(client):
    assert client.get("/doc/gemeente/oss%3E%20%7D", headers={"Accept": "text/html"}).status_code == 404


def test_documents_have_etags_and_answer_304(client):
    first = client.get("/doc/gemeente/oss", headers={"Accept": "text/html"})
    again = client.get("/doc/gemeente/oss", headers={"Accept": "text/html", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


# -- pages ----------------------------------------------------------------------------------------------------


def page(client, path: str) -> str:
    r = client.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 200, path
    return r.data.decode()


def test_resource_page_shows_labels_grouped_properties_and_links(client):
    html = page(client, f"/doc/{OSS_PROJECT}")
    assert "<h1>Osse manier van Zelforganisatie</h1>" in html
    for group in ["Naam en beschrijving", "Periode", "Relaties", "Contact", "Herkomst"]:
        assert f">{group}</h2>" in html
    assert '<a href="/doc/gemeente/oss">Oss</a>' in html
    assert '<a href="/doc/thema/zelforganisatie">Zelforganisatie</a>' in html
    assert "https://w3id.org/aeno-kg/def/carriedOutBy" not in html, "properties are shown by label"
    assert ">uitgevoerd door</dt>" in html


def test_resource_page_shows_the_passage_behind_each_fact(client):
    html = page(client, f"/doc/{OSS_PROJECT}")
    assert "<blockquote>Osse manier van Zelforganisatie</blockquote>" in html
    assert "<blockquote>j.bergmans@oss.nl</blockquote>" not in html  # that is on the person's page
    m = re.search(r'href="(/doc/bron/innovatieve-projecten\?passage=\d+%2C\d+#passage)"', html)
    assert m, "a link to the passage in its source"
    source = page(client, m.group(1).replace("%2C", ",").split("#")[0])
    assert '<mark id="passage">Osse manier van Zelforganisatie</mark>' in source or '<mark id="passage">' in source


def test_person_page_shows_contact_details_with_their_passages(client):
    html = page(client, "/doc/persoon/joyce-bergmans")
    assert "tel:+31629024454" in html and "<blockquote>0629024454</blockquote>" in html


def test_page_embeds_schema_org_json_ld(client):
    html = page(client, f"/doc/{OSS_PROJECT}")
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(m.group(1))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Project"
    assert data["name"] == "Osse manier van Zelforganisatie" and data["startDate"] == "2017-03-01"
    assert {"@id": f"{BASE}id/thema/zelforganisatie"} in data["about"]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/doc/gemeente/oss", "GovernmentOrganization"),
        ("/doc/persoon/age-veenstra", "Person"),
        ("/doc/thema/zelforganisatie", "DefinedTerm"),
        ("/doc/evenement/2017-11-09-integraal-werken", "Event"),
    ],
)
def test_embedded_json_ld_types(client, path, kind):
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', page(client, path), re.S)
    assert json.loads(m.group(1))["@type"] == kind


def test_a_resource_with_many_links_pages_them(client):
    # 342 municipalities of this kind, and the code list it is the top concept of: 343 links
    first = page(client, "/doc/organisatiesoort/gemeente")
    assert "Verwijzingen (343)" in first and "Pagina 1 van 7" in first and 'rel="next"' in first
    assert first.count('<li><a href="/doc/') == 50
    last = page(client, "/doc/organisatiesoort/gemeente?pagina=7")
    assert "Pagina 7 van 7" in last and last.count('<li><a href="/doc/') == 343 - 6 * 50


def test_links_to_our_resources_stay_on_the_server(client):
    html = page(client, "/doc/gemeente/rotterdam")
    assert 'href="https://w3id.org/aeno-kg/' not in html
    assert 'href="https://identifier.overheid.nl/tooi/id/gemeente/gm0599"' in html, "external IRIs stay external"


def test_pages_of_a_graph_built_under_another_base_link_locally(tmp_path_factory, make_app):
    from kg.build import build
    from kg.project import Project
    from tests.conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("localbase") / "project")
    build(Project.open(project, "http://127.0.0.1:5000/"), project / "dist", validator="sparql")
    client = make_app(store=project / "dist" / "store").test_client()
    r = client.get("/id/gemeente/oss")
    assert r.status_code == 303
    html = client.get("/doc/gemeente/oss", headers={"Accept": "text/html"}).data.decode()
    assert (
        "<code>http://127.0.0.1:5000/id/gemeente/oss</code>" in html and 'href="/doc/organisatiesoort/gemeente"' in html
    )


def test_ontology_terms_resolve_to_their_documentation(client):
    r = client.get("/def/Project")
    assert r.status_code == 303 and r.headers["Location"].endswith("/doc/def/Project")
    html = page(client, "/doc/def/Project")
    assert "Een project waarin een gemeente" in html
    g = Graph().parse(data=client.get("/doc/def/Project?format=ttl").data, format="turtle")
    assert (URIRef(BASE + "def/Project"), RDFS.subClassOf, URIRef("http://schema.org/Project")) in g
    ontology = client.get("/def/", follow_redirects=True, headers={"Accept": "text/turtle"})
    assert ontology.status_code == 200
    with client.get("/download/ontology.ttl") as download:
        assert len(Graph().parse(data=download.data, format="turtle")) > 250


def test_source_text_is_served_as_plain_text(client):
    r = client.get("/doc/bron/praktijkverhaal-soest.txt")
    assert r.status_code == 200 and r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "Kengetallen" in r.data.decode()


# -- browse pages -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/projecten", ["Planlab", "PEP-talk in plaats van de gesprekkencyclus", "Surfen op drijfzand"]),
        (
            "/projecten?thema=zelforganisatie",
            ["Osse manier van Zelforganisatie", "PEP-talk in plaats van de gesprekkencyclus"],
        ),
        (
            "/projecten?gemeente=rotterdam",
            [
                "Waardevolle verbindingen tussen jonge en oude medewerkers",
                "Kracht van ouderen koppelen aan vernieuwingsdrang van jongeren",
            ],
        ),
        ("/projecten?programma=3-2-1-co-2016", ["Programma Veerkracht", "Wikipedia voor gemeenten"]),
        ("/themas", ["Leren en veranderen", "Zelforganisatie", "Banenafspraak"]),
        ("/gemeenten", ["Oss", "GM0828", "342 in totaal"]),
        ("/gemeenten?pagina=3", ["Súdwest-Fryslân", "Stichtse Vecht"]),  # in Dutch order, not code-point order
        ("/organisaties", ["A&amp;O fonds Gemeenten", "Stadsbeheer Rotterdam", "Factor Vijf"]),
        ("/personen", ["Age Veenstra", "Gemeentesecretaris", "Kees Winkelman"]),
        ("/programmas", ["Innovatie Projectenregeling", "Particip@Sea"]),
        ("/publicaties", ["Zo kan het ook!", "Overheidsprofessionals werken aan nieuwe rollen"]),
        ("/evenementen", ["Integraal werken", "Finaledag 3-2-1-Co 2016"]),
    ],
)
def test_browse_page_lists_what_the_sources_hold(client, path, expected):
    html = page(client, path)
    for text in expected:
        assert text in html, text


def test_projects_filtered_by_theme_leave_out_the_others(client):
    html = page(client, "/projecten?thema=zelforganisatie")
    assert "Planlab" not in html and "2 projecten" in html


def test_bad_filter_value_is_400(client):
    assert client.get("/projecten?thema=Zelf%20organisatie", headers={"Accept": "text/html"}).status_code == 400


def test_home_page_has_counts_and_a_timeline(client):
    html = page(client, "/")
    assert "<strong>19</strong> projecten en ideeën" in html and "<strong>342</strong> gemeenten" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="group"' in svg and '<title id="tijdlijn-titel">' in svg
    assert svg.count('class="bar"') == 5
    for link in ["/sparql", "/download/", "/catalog"]:
        assert f'href="{link}"' in html


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("ttl", "text/turtle; charset=utf-8"),
        ("nt", "application/n-triples; charset=utf-8"),
        ("jsonld", "application/ld+json"),
        ("rdf", "application/rdf+xml"),
    ],
)
@pytest.mark.parametrize("path", ["/doc/gemeente/oss", "/catalog", "/.well-known/void", "/sparql", "/doc/def/"])
def test_every_rdf_document_declares_the_same_content_type_for_the_same_format(client, path, fmt, content_type):
    r = client.get(path, query_string={"format": fmt})
    assert r.status_code == 200 and r.headers["Content-Type"] == content_type


@pytest.mark.parametrize(
    ("path", "misspelt"),
    [("/doc/gemeente/bergen-op-zoom", "Brergen"), ("/doc/persoon/carine-vollebregt", "Vollebrecht")],
)
def test_a_page_never_offers_a_misspelling_as_a_name_though_its_rdf_keeps_it(client, path, misspelt):
    assert misspelt not in client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert misspelt in client.get(path, query_string={"format": "ttl"}).get_data(as_text=True)


@functools.cache
def _minted(dist: Path) -> list[str]:
    """Every IRI under the base that the build's outputs mention (as subject or object, fragments dropped): the
    graph, the catalogue, the VoID description and the ontology."""
    found: set[str] = set()
    for name, fmt in [("kg.nt", "nt"), ("catalog.ttl", "turtle"), ("void.ttl", "turtle"), ("ontology.ttl", "turtle")]:
        g = Graph().parse(dist / name, format=fmt)
        for s, _, o in g:
            for term in (s, o):
                if isinstance(term, URIRef) and str(term).startswith(BASE):
                    found.add(str(term).split("#")[0])
    return sorted(found)


def _crawled(dist: Path) -> list[str]:
    """The minted IRIs worth a request: all but most skolem IRIs of statements (every 25th is kept)."""
    minted = _minted(dist)
    statements = [m for m in minted if "/.well-known/genid/" in m]
    crawl = [m for m in minted if "/.well-known/genid/" not in m] + statements[::25]
    assert any("/id/catalogus/" in m for m in crawl) and any(m.endswith("/def/shapes/") for m in crawl)
    return crawl


def _kind(iri: str) -> str:
    """An IRI's kind: its path up to the last segment (/id/project/, /def/, /download/releases/<id>/...)."""
    path = iri[len(BASE) :]
    return path[: path.rstrip("/").rfind("/") + 1]


def _failures(client, iris: list[str]) -> list[str]:
    """Things (/id/...) and terms (/def/...) answer 303 to a document that is HTML and every RDF format
    offered; documents, downloads, skolem IRIs and the endpoint answer 200 themselves."""
    failures = []
    for iri in iris:
        path = "/" + iri[len(BASE) :]
        first = client.get(path, headers={"Accept": "text/html"})
        first.close()
        if path.startswith(("/id/", "/def/")):
            if first.status_code != 303:
                failures.append(f"{iri}: {first.status_code} instead of 303")
                continue
            path = first.headers["Location"].split("?")[0]
            path = path[path.index("/doc/") :]
        formats = ["html", "ttl", "nt", "jsonld", "rdf"] if path.startswith(("/doc/", "/.well-known/")) else [None]
        if path.startswith("/doc/bron/") and path.endswith(".txt"):
            formats = [None]
        for fmt in formats:
            r = client.get(path, query_string={"format": fmt} if fmt else {})
            if r.status_code != 200 or not r.data.strip():
                failures.append(f"{iri} ({fmt or 'as served'}): {r.status_code}")
            r.close()
    return failures


def test_an_iri_of_each_kind_the_build_mints_answers_in_html_and_in_every_rdf_format(client, dist):
    """The crawl below on the first and the last IRI of each kind (its path up to the last segment)."""
    by_kind: dict[str, list[str]] = {}
    for iri in _crawled(dist):
        by_kind.setdefault(_kind(iri), []).append(iri)
    assert {"id/project/", "id/gemeente/", "def/", ".well-known/genid/", "download/"} <= set(by_kind)
    sample = sorted({iri for iris in by_kind.values() for iri in (iris[0], iris[-1])})
    failures = _failures(client, sample)
    assert not failures, f"{len(failures)} of {len(sample)}: {failures[:10]}"


@pytest.mark.exhaustive
def test_every_iri_the_build_mints_answers_in_html_and_in_every_rdf_format(client, dist):
    crawl = _crawled(dist)
    failures = _failures(client, crawl)
    assert not failures, f"{len(failures)} of {len(crawl)}: {failures[:10]}"


@pytest.mark.parametrize(
    ("question", "query"),
    [
        ("the licence", f"SELECT ?x WHERE {{ <{BASE}id/dataset/aeno-kg> <http://purl.org/dc/terms/license> ?x }}"),
        ("the publisher", f"SELECT ?x WHERE {{ <{BASE}id/dataset/aeno-kg> <http://purl.org/dc/terms/publisher> ?x }}"),
        (
            "a contact point",
            f"SELECT ?x WHERE {{ <{BASE}id/dataset/aeno-kg> <http://www.w3.org/ns/dcat#contactPoint> ?x }}",
        ),
        ("a theme", f"SELECT ?x WHERE {{ <{BASE}id/dataset/aeno-kg> <http://www.w3.org/ns/dcat#theme> ?x }}"),
        (
            "a distribution",
            f"SELECT ?x WHERE {{ <{BASE}id/dataset/aeno-kg> <http://www.w3.org/ns/dcat#distribution> ?x }}",
        ),
        ("its size (VoID)", f"SELECT ?x WHERE {{ <{BASE}id/dataset/aeno-kg> <http://rdfs.org/ns/void#triples> ?x }}"),
    ],
)
def test_the_dataset_describes_itself_in_the_catalogue_graph_the_endpoint_names(client, question, query):
    """The catalogue and VoID are in named graphs beside the data ({base}id/graaf/catalogus, .../void): asked
    FROM them, the questions a SPARQL user has about the dataset are answered."""
    for graph in ("catalogus", "void"):
        assert f"{BASE}id/graaf/{graph}" in client.get("/sparql", headers={"Accept": "text/turtle"}).data.decode()
    named = query.replace(
        "SELECT ?x WHERE", f"SELECT ?x FROM <{BASE}id/graaf/catalogus> FROM <{BASE}id/graaf/void> WHERE"
    )
    r = client.get("/sparql", query_string={"query": named}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and json.loads(r.data)["results"]["bindings"], question


@pytest.fixture
def no_network(monkeypatch):
    """Every attempt to open a network connection fails, as on a machine with no network."""
    import socket

    def refuse(*args, **kwargs):
        raise OSError("network unreachable (test)")

    connect = socket.socket.connect

    def connect_locally_only(self, address):  # the query workers' own Unix sockets still work
        if self.family in (socket.AF_INET, socket.AF_INET6):
            refuse()
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect_locally_only)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.parametrize(
    "path",
    [
        "/doc/gemeente/oss?format=jsonld",
        "/api/projects.jsonld",
        pytest.param("/download/kg.jsonld", marks=pytest.mark.exhaustive),  # the same context, 18,000 triples
    ],
)
def test_json_ld_reads_with_no_network_in_rdflib_and_in_pyld(client, no_network, path):
    from pyld import jsonld

    with client.get(path) as r:
        body = r.get_data(as_text=True)
    assert r.status_code == 200
    document = json.loads(body)
    assert isinstance(document["@context"], dict), "the context is embedded, not fetched"
    from_rdflib = Graph().parse(data=body, format="json-ld")
    from_pyld = Graph().parse(data=jsonld.to_rdf(document, {"format": "application/n-quads"}), format="nquads")
    assert len(from_rdflib) > 10 and isomorphic(from_rdflib, from_pyld)


def test_the_service_description_states_the_size_of_the_default_graph_it_serves(client):
    description = Graph().parse(data=client.get("/sparql", query_string={"format": "ttl"}).data, format="turtle")
    stated = int(next(description.objects(None, URIRef("http://rdfs.org/ns/void#triples"))))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    r = client.get("/sparql", query_string={"query": count}, headers={"Accept": "application/sparql-results+json"})
    assert stated == int(json.loads(r.data)["results"]["bindings"][0]["n"]["value"])


def test_a_resource_in_turtle_is_readable_prefixes_and_one_block_per_subject(client):
    text = client.get("/doc/gemeente/oss", headers={"Accept": "text/turtle"}).data.decode()
    assert "@prefix gemeente: <https://w3id.org/aeno-kg/id/gemeente/> ." in text
    blocks = [line for line in text.splitlines() if line and not line.startswith(("@prefix", "\t", " "))]
    subjects = [b.split(" ", 1)[0] for b in blocks]
    assert subjects.count("gemeente:oss") == 1 and len(subjects) == len(set(subjects))
    g = Graph().parse(data=text, format="turtle")  # and it is still the same description
    assert (URIRef(f"{BASE}id/gemeente/oss"), DCTERMS.identifier, Literal("GM0828")) in g
