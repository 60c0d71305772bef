"""Namespaces of the vocabularies the graph uses, and the prefixes it is written with."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

from kg.defaults import DEFAULT_BASE  # noqa: F401 - re-exported

SCHEMA = Namespace("http://schema.org/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATT = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_MEAS = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_CODE = Namespace("http://purl.org/linked-data/sdmx/2009/code#")
UNIT = Namespace("http://qudt.org/vocab/unit/")
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


def prefixes(base: str) -> dict[str, str]:
    """Prefix -> namespace for serialisations, the JSON-LD context and SPARQL examples."""
    return {
        "aeno": f"{base}def/",
        **{kind: f"{base}id/{kind}/" for kind in ID_PREFIXES},
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
        "time": str(TIME),
        "oa": str(OA),
        "owl": str(OWL),
        "rdf": str(RDF),
        "rdfs": str(RDFS),
        "xsd": str(XSD),
        "void": str(VOID),
        "spdx": str(SPDX),
    }


def bind_prefixes(graph: Graph, base: str) -> Graph:
    for prefix, ns in prefixes(base).items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
