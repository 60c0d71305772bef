"""Media types: the formats the project writes and serves, named once, and the one rule for their charset.

The RDF and SPARQL result types are pyoxigraph's own (`RdfFormat`, `QueryResultsFormat`), so that what the
engine writes and what the server declares cannot drift apart. Everything the project writes is UTF-8; the
Content-Type says so for the text formats (text/*, and N-Triples, which is text too) and not for the JSON and
XML formats, whose own rules fix the encoding.
"""

from __future__ import annotations

import pyoxigraph as ox


def _bare(media_type: str) -> str:
    return media_type.split(";")[0].strip()


SPARQL_JSON = _bare(ox.QueryResultsFormat.JSON.media_type)
SPARQL_XML = _bare(ox.QueryResultsFormat.XML.media_type)
CSV = _bare(ox.QueryResultsFormat.CSV.media_type)
TSV = _bare(ox.QueryResultsFormat.TSV.media_type)
TURTLE = _bare(ox.RdfFormat.TURTLE.media_type)
NTRIPLES = _bare(ox.RdfFormat.N_TRIPLES.media_type)
JSONLD = _bare(ox.RdfFormat.JSON_LD.media_type)
RDFXML = _bare(ox.RdfFormat.RDF_XML.media_type)
HTML = "text/html"
PLAIN = "text/plain"
JSON = "application/json"
GZIP = "application/gzip"

#: SELECT/ASK results, the default first
TABULAR = [SPARQL_JSON, SPARQL_XML, CSV, TSV]
#: CONSTRUCT/DESCRIBE results and RDF documents, the default first
GRAPH = [TURTLE, NTRIPLES, JSONLD, RDFXML]

#: rdflib's serializer name per RDF media type (for the small graphs the server writes with rdflib)
RDFLIB_FORMATS = {TURTLE: "turtle", NTRIPLES: "nt", JSONLD: "json-ld", RDFXML: "xml"}


def content_type(media_type: str) -> str:
    """The Content-Type header for a body in `media_type`: with `; charset=utf-8` for the text formats."""
    if media_type.startswith("text/") or media_type == NTRIPLES:
        return f"{media_type}; charset=utf-8"
    return media_type
