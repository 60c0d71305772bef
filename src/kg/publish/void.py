"""The VoID description of the dataset: size, class and property partitions, endpoint, dumps, examples,
vocabularies. Counted with SPARQL on the built store, so it costs the same whatever the graph's size in
memory."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from kg.iris import Iris
from kg.vocab import DCTERMS, FOAF, RDF, RDFS, VOID, XSD, bind_prefixes

FORMATS = "http://www.w3.org/ns/formats/"
EXAMPLES = [("municipality", "oss"), ("project", "oss-osse-manier-van-zelforganisatie"), ("theme", "zelforganisatie")]


def _one(store: ox.Store, query: str) -> int:
    (row,) = list(store.query(query))
    return int(row[0].value)


def void_graph(
    store: ox.Store, iris: Iris, dumps: list[str], title_nl: str, title_en: str, linksets: Sequence[Graph] = ()
) -> Graph:
    """`linksets` are the VoID descriptions of the linksets loaded as named graphs: each becomes a
    void:subset of the dataset (as VoID describes linksets), with its link predicate, targets and count."""
    g = Graph()
    bind_prefixes(g, iris)
    ds = iris.dataset
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCTERMS.title, Literal(title_nl, lang="nl")))
    g.add((ds, DCTERMS.title, Literal(title_en, lang="en")))
    # Four passes over the store, not eight: the property partition gives the triples and the properties,
    # the class partition the classes, and one pass over the distinct subjects counts them and the entities
    # (decoding a subject's IRI for STRSTARTS once per subject, not once per triple, which on disk was half
    # of VoID's time). The figures are the same as one COUNT query each.
    properties = [
        (row["p"].value, int(row["n"].value))
        for row in store.query("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p")
    ]
    classes = [
        (row["c"].value, int(row["n"].value))
        for row in store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c")
    ]
    (subjects,) = store.query(
        "SELECT (COUNT(*) AS ?all) "
        f'(SUM(IF(isIRI(?s) && STRSTARTS(STR(?s), "{iris.base}id/"), 1, 0)) AS ?entities) '
        "WHERE { { SELECT DISTINCT ?s WHERE { ?s ?p ?o } } }"
    )
    count = {
        "triples": sum(n for _, n in properties),
        "distinctSubjects": int(subjects["all"].value),
        "distinctObjects": _one(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }"),
        "properties": len(properties),
        "classes": len(classes),
        "entities": int(subjects["entities"].value) if subjects["entities"] is not None else 0,
    }
    for prop, n in count.items():
        g.add((ds, VOID[prop], Literal(n, datatype=XSD.integer)))
    g.add((ds, VOID.uriSpace, Literal(iris.id_space)))
    g.add((ds, VOID.sparqlEndpoint, iris.endpoint))
    for name in dumps:
        g.add((ds, VOID.dataDump, iris.download(name)))
    for fmt in ("Turtle", "N-Triples", "JSON-LD"):
        g.add((ds, VOID.feature, URIRef(FORMATS + fmt)))
    for kind, slug in EXAMPLES:
        g.add((ds, VOID.exampleResource, iris.thing(kind, slug)))
    g.add((ds, VOID.rootResource, iris.scheme("theme")))

    vocabularies: set[str] = set()
    for cls, n in classes:
        part = iris.genid("void-class", cls)
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
        vocabularies.add(_namespace(cls))
    for prop, n in properties:
        part = iris.genid("void-property", prop)
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(n, datatype=XSD.integer)))
        vocabularies.add(_namespace(prop))
    for description in linksets:
        g += description
        for head in description.subjects(VOID.subset, None):
            if (head, RDF.type, VOID.Linkset) not in description:
                g.add((ds, VOID.subset, head))
    for ns in sorted(vocabularies):
        if not ns.startswith(iris.id_space):
            g.add((ds, VOID.vocabulary, URIRef(ns)))
    return g


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def name_graph(
    g: Graph, iris: Iris, graph: URIRef, title_nl: str, title_en: str, triples: int | None, file: str
) -> None:
    """Name a description kept in a named graph of the store beside the data (the catalogue, VoID itself): a
    void:Dataset and void:DatasetDescription whose IRI is the graph's name, about the dataset, with its size as a
    query at the endpoint counts it (`GRAPH <graph> { ?s ?p ?o }`) and the file it is also published as. A
    `triples` of None is the VoID graph's own size, which `own_size` sets once the graph is complete."""
    g.add((graph, RDF.type, VOID.Dataset))
    g.add((graph, RDF.type, VOID.DatasetDescription))
    g.add((graph, DCTERMS.title, Literal(title_nl, lang="nl")))
    g.add((graph, DCTERMS.title, Literal(title_en, lang="en")))
    g.add((graph, FOAF.primaryTopic, iris.dataset))
    g.add((graph, VOID.sparqlEndpoint, iris.endpoint))
    g.add((graph, VOID.dataDump, iris.download(file)))
    g.add((iris.dataset, RDFS.seeAlso, graph))
    g.add((graph, VOID.triples, Literal(triples if triples is not None else 0, datatype=XSD.integer)))


def own_size(g: Graph, graph: URIRef) -> int:
    """Set the size of the graph that holds VoID itself: the number of its triples, which does not change when
    the number is written (one triple, whatever its value)."""
    g.set((graph, VOID.triples, Literal(len(g), datatype=XSD.integer)))
    return len(g)
