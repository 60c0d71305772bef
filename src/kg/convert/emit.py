"""Adding statements to the graph, with their provenance.

`Emitter.add(s, p, o, span)` adds the triple and, when a span is given, the evidence for it: a reified
statement with a skolem IRI that `prov:wasDerivedFrom` the passage, and the passage itself, an RFC 5147
fragment of the source's text (`{base}doc/bron/{id}.txt#char=120,190`) that `prov:wasQuotedFrom` the source
page and carries the quoted text as `prov:value`. A reader can go from any fact to the sentence behind it:

    SELECT ?quote WHERE {
      ?st rdf:subject ?project ; rdf:predicate dcterms:title ; prov:wasDerivedFrom ?passage .
      ?passage prov:value ?quote }
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.iris import Iris
from kg.records import Span
from kg.vocab import PROV, RDF, RDFS


class Emitter:
    def __init__(self, iris: Iris, texts: dict[str, str], superclasses: dict[URIRef, set[URIRef]]) -> None:
        self.graph = Graph()
        self.iris = iris
        self.texts = texts
        self.superclasses = superclasses
        self._passages: set[URIRef] = set()

    def typed(self, node: URIRef, *classes: URIRef) -> URIRef:
        """Type a node with the classes and, so that queries need no reasoner, their superclasses."""
        for cls in classes:
            self.graph.add((node, RDF.type, cls))
            for sup in self.superclasses.get(cls, ()):
                self.graph.add((node, RDF.type, sup))
        return node

    def derived(self, node: URIRef, sources: Iterable[str]) -> None:
        for source in sources:
            self.graph.add((node, PROV.wasDerivedFrom, self.iris.thing("source", source)))

    def add(self, s: URIRef, p: URIRef, o: Node, span: Span | None = None) -> None:
        self.graph.add((s, p, o))
        if span is not None:
            self.evidence(s, p, o, span)

    def label(self, node: URIRef, nl: str, en: str | None = None, span: Span | None = None) -> None:
        self.add(node, RDFS.label, Literal(nl, lang="nl"), span)
        if en:
            self.graph.add((node, RDFS.label, Literal(en, lang="en")))

    def evidence(self, s: URIRef, p: URIRef, o: Node, span: Span) -> None:
        statement = self.iris.genid("statement", s, p, o.n3())
        passage = self.passage(span)
        g = self.graph
        if (statement, RDF.type, RDF.Statement) not in g:
            g.add((statement, RDF.type, RDF.Statement))
            g.add((statement, RDF.subject, s))
            g.add((statement, RDF.predicate, p))
            g.add((statement, RDF.object, o))
        g.add((statement, PROV.wasDerivedFrom, passage))

    def passage(self, span: Span) -> URIRef:
        node = self.iris.passage(span.source, span.start, span.end)
        if node not in self._passages:
            self._passages.add(node)
            g = self.graph
            g.add((node, RDF.type, PROV.Entity))
            g.add((node, PROV.wasQuotedFrom, self.iris.thing("source", span.source)))
            g.add((node, PROV.value, Literal(self.texts[span.source][span.start : span.end], lang="nl")))
        return node
