"""Namespaces of the vocabularies the graph uses, and the prefixes it is written with."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

from kg.iris import Iris

SCHEMA = Namespace("http://schema.org/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATT = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_MEAS = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_CODE = Namespace("http://purl.org/linked-data/sdmx/2009/code#")
UNIT = Namespace("http://qudt.org/vocab/unit/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
TIME = Namespace("http://www.w3.org/2006/time#")
OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
TOOI_GEMEENTE = "https://identifier.overheid.nl/tooi/id/gemeente/gm"

__all__ = [
    "DCAT",
    "DCTERMS",
    "FOAF",
    "OA",
    "ORG",
    "OWL",
    "PROV",
    "QB",
    "QUDT",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SDMX_ATT",
    "SDMX_CODE",
    "SDMX_DIM",
    "SDMX_MEAS",
    "SH",
    "SKOS",
    "SPDX",
    "TIME",
    "UNIT",
    "VCARD",
    "VOID",
    "XSD",
]


#: our own id namespaces that get a prefix of the same name (gemeente: -> {base}id/gemeente/)
ID_PREFIXES = ("gemeente", "organisatie", "persoon", "project", "programma", "thema", "publicatie", "evenement", "bron")


#: the namespaces of the standard vocabularies, by the prefix the graph is written with
STANDARD = {
    "org": str(ORG),
    "schema": str(SCHEMA),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "skos": str(SKOS),
    "dcat": str(DCAT),
    "prov": str(PROV),
    "vcard": str(VCARD),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIM),
    "sdmx-attribute": str(SDMX_ATT),
    "sdmx-code": str(SDMX_CODE),
    "unit": str(UNIT),
    "qudt": str(QUDT),
    "time": str(TIME),
    "oa": str(OA),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "void": str(VOID),
    "spdx": str(SPDX),
}


def prefixes(iris: Iris) -> dict[str, str]:
    """Prefix -> namespace for serialisations, the JSON-LD context, SPARQL examples and page queries: the one
    list of prefixes (our ontology, our id namespaces, then the standard vocabularies)."""
    return {
        "aeno": str(iris.aeno),
        **{kind: f"{iris.id_space}{kind}/" for kind in ID_PREFIXES},
        **STANDARD,
    }


@lru_cache(maxsize=8)
def sparql_prologue(iris: Iris) -> str:
    """The prefixes as a SPARQL prologue, for query text that must carry its own (page queries sent to a remote
    backend, the search index's queries)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes(iris).items())


def bind_prefixes(graph: Graph, iris: Iris) -> Graph:
    for prefix, ns in prefixes(iris).items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
