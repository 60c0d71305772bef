"""The dataset as a portal harvests it: compressed dumps with checksums, a DCAT-AP-NL 3.0 description that
conforms to the official shapes, VoID, a JSON-LD context and framed views, a sitemap, and search."""

from __future__ import annotations

import gzip
import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from kg.iris import Iris
from kg.publish.dcat import validate_catalog
from kg.publish.jsonld import to_nquads
from kg.vocab import DCAT, DCTERMS, RDF, SPDX, VCARD, VOID

BASE = "https://w3id.org/aeno-kg/"
ROOT = Path(__file__).resolve().parents[1]
DQV = Namespace("http://www.w3.org/ns/dqv#")
DATASET = URIRef(f"{BASE}id/dataset/aeno-kg")


@pytest.fixture(scope="module")
def catalog(app) -> Graph:
    r = app.test_client().get("/catalog", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    return Graph().parse(data=r.data, format="turtle")


# -- dumps ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["kg.ttl", "kg.nt", "kg.jsonld"])
def test_each_dump_is_offered_compressed_and_unpacks_to_the_dump(client, dist, name):
    with client.get(f"/download/{name}.gz") as r:
        assert r.status_code == 200 and r.mimetype == "application/gzip"
        assert gzip.decompress(r.data) == (dist / name).read_bytes()


def test_checksums_file_matches_the_downloads(client):
    with client.get("/download/SHA256SUMS") as r:
        sums = dict(reversed(line.split("  ")) for line in r.data.decode().splitlines())
    assert {"kg.ttl.gz", "kg.nt.gz", "kg.jsonld.gz", "catalog.ttl", "void.ttl"} <= set(sums)
    for name, digest in sums.items():
        with client.get(f"/download/{name}") as f:
            assert hashlib.sha256(f.data).hexdigest() == digest, name


def test_compressed_dumps_are_byte_identical_between_builds(project, dist, tmp_path):
    from kg.build import build

    build(project, tmp_path / "again", validator="sparql")  # the dumps do not depend on the validator
    for name in ["kg.ttl.gz", "kg.nt.gz", "kg.jsonld.gz"]:
        assert (tmp_path / "again" / name).read_bytes() == (dist / name).read_bytes()


def test_download_page_lists_dumps_with_size_and_checksum(client, dist):
    html = client.get("/download/", headers={"Accept": "text/html"}).data.decode()
    digest = hashlib.sha256((dist / "kg.nt.gz").read_bytes()).hexdigest()
    assert digest in html and str((dist / "kg.nt.gz").stat().st_size) in html


def test_only_published_files_can_be_downloaded(client):
    assert client.get("/download/search.sqlite").status_code == 404
    assert client.get("/download/..%2Fkg.toml").status_code == 404


# -- DCAT-AP-NL ------------------------------------------------------------------------------------------------


def test_catalog_conforms_to_the_official_dcat_ap_nl_shapes(catalog):
    violations, _ = validate_catalog(catalog, ROOT / "shapes" / "reference" / "dcat-ap-nl-3.0.0")
    assert violations == []


def test_catalog_has_the_classes_a_portal_expects(catalog):
    """One catalogue; the dataset and its one release so far (a version of it, with its own dumps); the SPARQL
    endpoint and the change feed as data services."""
    assert len(list(catalog.subjects(RDF.type, DCAT.Catalog))) == 1
    assert set(catalog.objects(None, DCAT.dataset)) == {DATASET}
    assert len(list(catalog.subjects(RDF.type, DCAT.Dataset))) == 2
    assert len(list(catalog.subjects(RDF.type, DCAT.DataService))) == 2
    assert len(list(catalog.objects(DATASET, DCAT.distribution))) == 4  # three dumps and the endpoint
    assert len(list(catalog.subjects(RDF.type, DCAT.Distribution))) == 7  # and the release's three dumps


@pytest.mark.parametrize("name", ["kg.ttl.gz", "kg.nt.gz", "kg.jsonld.gz"])
def test_each_dump_is_a_distribution_with_size_checksum_media_type_and_licence(catalog, dist, name):
    download = URIRef(f"{BASE}download/{name}")
    (distribution,) = catalog.subjects(DCAT.downloadURL, download)
    assert int(catalog.value(distribution, DCAT.byteSize)) == (dist / name).stat().st_size
    checksum = catalog.value(distribution, SPDX.checksum)
    assert str(catalog.value(checksum, SPDX.checksumValue)) == hashlib.sha256((dist / name).read_bytes()).hexdigest()
    assert (
        catalog.value(distribution, DCAT.mediaType) is not None
        and catalog.value(distribution, DCTERMS.license) is not None
    )
    assert str(catalog.value(distribution, DCTERMS.format)).startswith(
        "http://publications.europa.eu/resource/authority/file-type/"
    )


def test_the_sparql_endpoint_is_a_data_service(catalog):
    service = URIRef(f"{BASE}id/dienst/sparql")
    assert (service, RDF.type, DCAT.DataService) in catalog
    assert catalog.value(service, DCAT.endpointURL) == URIRef(f"{BASE}sparql")
    assert catalog.value(service, DCAT.servesDataset) == DATASET


def test_themes_access_rights_and_licence_come_from_the_controlled_vocabularies(catalog):
    themes = {str(t) for t in catalog.objects(DATASET, DCAT.theme)}
    assert "http://publications.europa.eu/resource/authority/data-theme/GOVE" in themes
    assert any(t.startswith("http://standaarden.overheid.nl/owms/terms/") for t in themes), (
        "data.overheid.nl's OWMS theme"
    )
    assert catalog.value(DATASET, DCTERMS.accessRights) == URIRef(
        "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
    )
    assert str(catalog.value(DATASET, DCTERMS.language)).endswith("/language/NLD")


def test_the_dataset_states_what_it_conforms_to_and_links_its_validation_report(catalog, client):
    standards = set(catalog.objects(DATASET, DCTERMS.conformsTo))
    assert URIRef(f"{BASE}def/shapes/") in standards and URIRef("http://nlbegrip.nl/def/skosapnl") in standards
    annotation = catalog.value(DATASET, DQV.hasQualityAnnotation)
    report = catalog.value(annotation, URIRef("http://www.w3.org/ns/oa#hasBody"))
    assert report == URIRef(f"{BASE}download/validation.ttl")
    with client.get("/download/validation.ttl") as r:
        assert r.status_code == 200
    measurements = {
        str(catalog.value(m, DQV.isMeasurementOf)).rsplit("/", 1)[-1]: int(catalog.value(m, DQV.value))
        for m in catalog.objects(DATASET, DQV.hasQualityMeasurement)
    }
    with client.get("/download/validation.txt") as r:
        written = r.get_data(as_text=True)
    assert measurements["violations"] == 0
    assert f"{measurements['warnings']} warning(s)" in written.splitlines()[0]  # what the report says


def test_contact_email_and_phone_from_the_project_settings(tmp_path_factory):
    from kg.build import build
    from kg.project import Project
    from tests.conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("contact") / "project")
    (project / "kg.toml").write_text(
        '[publication]\ncontact_email = "data@example.org"\ncontact_phone = "+31201234567"\n'
    )
    build(Project.open(project), project / "dist", validator="sparql")
    g = Graph().parse(project / "dist" / "catalog.ttl", format="turtle")
    contact = g.value(DATASET, DCAT.contactPoint)
    assert g.value(contact, VCARD.hasEmail) == URIRef("mailto:data@example.org")
    assert g.value(contact, VCARD.hasTelephone) == URIRef("tel:+31201234567")


@pytest.mark.parametrize("accept", ["application/ld+json", "application/rdf+xml"])
def test_catalog_in_other_formats(client, accept):
    r = client.get("/catalog", headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == accept


# -- VoID, context, framed views, sitemap ----------------------------------------------------------------------


def test_void_describes_size_partitions_endpoint_dumps_examples_and_vocabularies(client, graph):
    g = Graph().parse(data=client.get("/.well-known/void").data, format="turtle")
    assert int(g.value(DATASET, VOID.triples)) == len(graph)
    assert g.value(DATASET, VOID.sparqlEndpoint) == URIRef(f"{BASE}sparql")
    assert URIRef(f"{BASE}download/kg.nt.gz") in set(g.objects(DATASET, VOID.dataDump))
    assert URIRef(f"{BASE}id/gemeente/oss") in set(g.objects(DATASET, VOID.exampleResource))
    assert URIRef("http://schema.org/") in set(g.objects(DATASET, VOID.vocabulary))
    partitions = {
        g.value(p, VOID["class"]): int(g.value(p, VOID.entities)) for p in g.objects(DATASET, VOID.classPartition)
    }
    assert partitions[URIRef(f"{BASE}def/Project")] == 19 and partitions[URIRef(f"{BASE}def/Municipality")] == 342
    properties = {g.value(p, VOID.property) for p in g.objects(DATASET, VOID.propertyPartition)}
    assert URIRef(f"{BASE}def/carriedOutBy") in properties


#: each VoID figure as its own COUNT query, as kg.publish.void asked them before it counted them in fewer passes
VOID_COUNTS = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "distinctSubjects": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
    "distinctObjects": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }",
    "properties": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
    "classes": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }",
    "entities": f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER STRSTARTS(STR(?s), "{BASE}id/") }}',
}
SMALL = f"""
<{BASE}id/gemeente/a> a <{BASE}def/Municipality> ; <{BASE}def/p> _:x , "1" .
<{BASE}id/gemeente/b> a <{BASE}def/Municipality> , <{BASE}def/Other> ; <{BASE}def/p> <{BASE}id/gemeente/a> .
_:x a <{BASE}def/Other> ; <{BASE}def/q> "2" .
<http://elsewhere.example/c> <{BASE}def/q> _:x .
"""


@pytest.mark.parametrize("which", ["project", "small graph with blank nodes", "empty"])
def test_void_figures_are_those_of_one_count_query_each(dist, which):
    import pyoxigraph as ox

    from kg.publish.void import void_graph

    if which == "project":
        store = ox.Store()
        store.bulk_load(path=str(dist / "kg.nt"), format=ox.RdfFormat.N_TRIPLES)
    else:
        store = ox.Store()
        if which != "empty":
            store.load(input=SMALL, format=ox.RdfFormat.TURTLE)
    g = void_graph(store, Iris(BASE), [], "t", "t")
    for prop, query in VOID_COUNTS.items():
        (row,) = store.query(query)
        assert int(g.value(DATASET, VOID[prop])) == int(row["n"].value), prop
    if which == "small graph with blank nodes":
        assert int(g.value(DATASET, VOID.entities)) == 2 and int(g.value(DATASET, VOID.distinctSubjects)) == 4


def _count_at_endpoint(client, query: str) -> int:
    r = client.get("/sparql", query_string={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.data[:300]
    return int(json.loads(r.data)["results"]["bindings"][0]["n"]["value"])


def test_every_figure_void_gives_is_what_a_count_at_the_endpoint_gives(client):
    """A client that counts gets VoID's number: the dataset's figures and partitions are those of the default
    graph (the data alone), and each named graph VoID names (the catalogue, VoID itself, the linksets) holds the
    number of triples VoID says."""
    g = Graph().parse(data=client.get("/.well-known/void").data, format="turtle")
    checked = 0
    for prop, query in VOID_COUNTS.items():
        assert int(g.value(DATASET, VOID[prop])) == _count_at_endpoint(client, query), prop
        checked += 1
    for part in g.objects(DATASET, VOID.classPartition):
        cls = g.value(part, VOID["class"])
        query = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{cls}> }}"
        assert int(g.value(part, VOID.entities)) == _count_at_endpoint(client, query), cls
        checked += 1
    for part in g.objects(DATASET, VOID.propertyPartition):
        prop = g.value(part, VOID.property)
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{prop}> ?o }}"
        assert int(g.value(part, VOID.triples)) == _count_at_endpoint(client, query), prop
        checked += 1
    graphs = [s for s in g.subjects(VOID.triples, None) if s != DATASET and (s, VOID.classPartition, None) not in g]
    graphs = [s for s in graphs if (None, VOID.propertyPartition, s) not in g]
    names = {str(s).rsplit("/", 1)[-1] for s in graphs}
    assert {"catalogus", "void"} <= names, names
    for graph in graphs:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        assert int(g.value(graph, VOID.triples)) == _count_at_endpoint(client, query), graph
        checked += 1
    assert checked > 100


def test_the_service_description_counts_each_graph_as_the_endpoint_does(client):
    sd = Graph().parse(data=client.get("/sparql", headers={"Accept": "text/turtle"}).data, format="turtle")
    sdns = "http://www.w3.org/ns/sparql-service-description#"
    (default,) = sd.objects(None, URIRef(sdns + "defaultGraph"))
    assert int(sd.value(default, VOID.triples)) == _count_at_endpoint(client, VOID_COUNTS["triples"])
    named = list(sd.objects(None, URIRef(sdns + "namedGraph")))
    assert len(named) >= 2
    for node in named:
        name, graph = sd.value(node, URIRef(sdns + "name")), sd.value(node, URIRef(sdns + "graph"))
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"
        assert int(sd.value(graph, VOID.triples)) == _count_at_endpoint(client, query), name


def test_context_is_published_with_readable_keys(client):
    ctx = json.loads(client.get("/context.jsonld").data)["@context"]
    assert ctx["carriedOutBy"] == {"@id": "aeno:carriedOutBy", "@type": "@id"}
    assert ctx["label"]["@container"] == "@language"


def framed_and_source(client, dist, name):
    from kg.server.downloads import FRAMES

    doc = json.loads(client.get(f"/api/{name}.jsonld").data)
    import pyoxigraph as ox

    store = ox.Store.read_only(str(dist / "store"))
    from kg.vocab import sparql_prologue

    construct = ox.serialize(store.query(sparql_prologue(Iris(BASE)) + FRAMES[name][0]), format=ox.RdfFormat.N_TRIPLES)
    return doc, Graph().parse(data=construct, format="nt")


def test_framed_projects_nest_municipality_themes_period_and_contact(client, dist):
    doc, _ = framed_and_source(client, dist, "projects")
    assert doc["@context"] == json.loads(client.get("/context.jsonld").data)["@context"]  # embedded
    oss = next(p for p in doc["graph"] if p["id"] == f"{BASE}id/project/oss-osse-manier-van-zelforganisatie")
    assert oss["carriedOutBy"]["label"]["nl"] == "Oss" and oss["carriedOutBy"]["identifier"] == "GM0828"
    assert {t["prefLabel"]["nl"] for t in oss["subject"]} == {
        "Leren en veranderen",
        "Organisatieontwikkeling",
        "Zelforganisatie",
    }
    assert oss["startDate"] == "2017-03-01" and oss["contactPoint"]["email"] == "mailto:j.bergmans@oss.nl"
    assert len(doc["graph"]) == 19


def test_framed_municipalities_nest_their_projects(client, dist):
    doc, _ = framed_and_source(client, dist, "municipalities")
    rotterdam = next(m for m in doc["graph"] if m["id"] == f"{BASE}id/gemeente/rotterdam")
    assert rotterdam["identifier"] == "GM0599" and len(rotterdam["projects"]) == 2
    assert len(doc["graph"]) == 342


@pytest.mark.parametrize("name", ["projects", "municipalities"])
def test_framed_views_read_back_as_the_graph_they_frame(client, dist, name):
    doc, source = framed_and_source(client, dist, name)
    assert isomorphic(Graph().parse(data=to_nquads(doc, Iris(BASE)), format="nquads"), source)


def test_sitemap_lists_the_pages(client):
    root = ET.fromstring(client.get("/sitemap.xml").data)
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    # no public address configured, no proxy: the address the server listens on (the settings' host and port)
    assert "http://127.0.0.1:5000/doc/project/oss-osse-manier-van-zelforganisatie" in locs
    assert "http://127.0.0.1:5000/projecten" in locs and len(locs) > 400
    assert "Sitemap: http://127.0.0.1:5000/sitemap.xml" in client.get("/robots.txt").data.decode()


# -- search -----------------------------------------------------------------------------------------------------

SEARCHES = [
    ("zelforganisatie", None, "Osse manier van Zelforganisatie"),
    ("zelforg", None, "Osse manier van Zelforganisatie"),  # prefix
    ("gemeentelijke archiefkennis", None, "Archiefkennis als fundament voor digitaal werken"),
    ("Vollebrecht", None, "Carine Vollebregt"),  # a misspelling in a caption (hiddenLabel)
    ("Brergen op Zoom", "gemeente", "Bergen op Zoom"),  # a misspelling under a competition entry (hiddenLabel)
    ("sudwest fryslan", None, "Súdwest-Fryslân"),  # diacritics folded
    ("oudere werknemers", "project", "Kracht van ouderen koppelen aan vernieuwingsdrang van jongeren"),  # stem
    ("gesprekken", None, "PEP-talk in plaats van de gesprekkencyclus"),
]


@pytest.mark.parametrize(("q", "kind", "expected"), SEARCHES, ids=[s[0] for s in SEARCHES])
def test_search_finds(client, q, kind, expected):
    params = {"q": q, **({"type": kind} if kind else {})}
    body = json.loads(client.get("/api/search", query_string=params).data)
    assert expected in [h["label"] for h in body["hits"][:5]], body["hits"][:5]


def test_search_has_facets_and_filters(client):
    body = json.loads(client.get("/api/search", query_string={"q": "leren"}).data)
    assert {"type", "thema", "gemeente", "programma", "jaar"} <= set(body["facets"])
    theme = body["facets"]["thema"][0]["value"]
    narrowed = json.loads(client.get("/api/search", query_string={"q": "leren", "thema": theme}).data)
    assert 0 < narrowed["total"] <= body["total"]
    by_year = json.loads(client.get("/api/search", query_string={"jaar": "2017", "type": "project"}).data)
    assert {h["label"] for h in by_year["hits"]} == {
        "Leerroute publiek ondernemerschap",
        "Planlab",
        "Osse manier van Zelforganisatie",
        "Het nieuwe Samenspel",
    }


def test_search_page_works_without_javascript(client):
    html = client.get("/zoeken?q=zelforganisatie", headers={"Accept": "text/html"}).data.decode()
    assert '<a href="/doc/project/oss-osse-manier-van-zelforganisatie">Osse manier van Zelforganisatie</a>' in html
    assert 'role="search"' in html and "Verfijnen" in html


def test_every_page_has_the_search_box(client):
    for path in ["/", "/gemeenten", "/doc/gemeente/oss", "/sparql"]:
        html = client.get(path, headers={"Accept": "text/html"}).data.decode()
        assert 'action="/zoeken"' in html, path


def test_search_without_words_or_filters_finds_nothing_and_does_not_fail(client):
    body = json.loads(client.get("/api/search", query_string={"q": "!!"}).data)
    assert body["total"] == 0


def test_literal_label_kept_in_results(graph):
    assert (URIRef(f"{BASE}id/gemeente/sudwest-fryslan"), None, Literal("Súdwest-Fryslân", lang="nl")) in graph


def test_search_marks_matches_with_mark_not_brackets(client):
    html = client.get("/zoeken?q=lerend").data.decode()
    assert "<mark>" in html and "[lerend" not in html.lower()
    assert "\ue000" not in html and "\ue001" not in html


def test_search_api_snippets_are_plain_text_with_the_matches_listed(client):
    hits = client.get("/api/search?q=lerend").json["hits"]
    with_snippet = [h for h in hits if h["snippet"]]
    assert with_snippet and all("\ue000" not in h["snippet"] for h in with_snippet)
    assert any(m.lower().startswith("lerend") for h in with_snippet for m in h["matches"])


def test_an_empty_search_suggests_a_spelling_that_finds_something_and_ways_on(client):
    html = client.get("/zoeken?q=zelforganisaite").data.decode()
    assert "Bedoelde u" in html and 'href="/zoeken?q=zelforganisatie"' in html
    assert 'href="/themas"' in html


def test_an_empty_search_with_nothing_close_suggests_no_spelling(client):
    html = client.get("/zoeken?q=xyzzyq").data.decode()
    assert "Bedoelde u" not in html and "Niets gevonden" in html
