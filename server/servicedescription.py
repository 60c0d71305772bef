"""The SPARQL 1.1 Service Description of the endpoint, with its limits."""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef

from kg.defaults import DEFAULT_BASE
from kg.iris import Iris
from kg.query.builds import Build
from kg.settings import ServeSettings
from kg.vocab import DCTERMS, RDF, RDFS, VOID, XSD

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
RESULT_FORMATS = [
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
]


def service_graph(endpoint: str, settings: ServeSettings, build: Build) -> Graph:
    aeno = Iris(build.base or DEFAULT_BASE).aeno
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    g.bind("aeno", aeno)
    g.bind("void", VOID)
    g.bind("dcterms", DCTERMS)
    service = URIRef(endpoint)
    dataset = URIRef(f"{endpoint}#dataset")
    default = URIRef(f"{endpoint}#default-graph")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, RDFS.label, Literal("SPARQL-endpoint van de aeno-kg-kennisgraaf", lang="nl")))
    g.add((service, RDFS.label, Literal("SPARQL endpoint of the aeno-kg knowledge graph", lang="en")))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    if settings.allowed_services:
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    if build.default_graph_triples >= 0:
        g.add((default, VOID.triples, Literal(build.default_graph_triples, datatype=XSD.integer)))
    g.add((dataset, DCTERMS.identifier, Literal(build.id)))
    # the named graphs: the linksets, and the catalogue and VoID beside the data
    for name, iri, triples in [(ls.name, ls.iri, ls.triples) for ls in build.linksets] + [
        (d.name, d.iri, d.triples) for d in build.descriptions
    ]:
        named = URIRef(f"{endpoint}#graph-{name}")
        graph = URIRef(f"{endpoint}#graph-{name}-content")
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(iri)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(triples, datatype=XSD.integer)))
    g.add((service, aeno.queryTimeout, Literal(f"{settings.query_timeout:g}", datatype=XSD.decimal)))
    g.add((service, aeno.maxQueryLength, Literal(settings.max_query_length, datatype=XSD.integer)))
    g.add((service, aeno.maxResultRows, Literal(settings.max_result_rows, datatype=XSD.integer)))
    g.add((service, aeno.maxConcurrentQueries, Literal(settings.max_concurrent_queries, datatype=XSD.integer)))
    for allowed in settings.allowed_services:
        g.add((service, aeno.allowedService, URIRef(allowed)))
    return g
