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

from collections.abc import Iterable, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.iris import Iris
from kg.records import Span
from kg.vocab import PROV, RDF, RDFS

Triple = tuple[Node, Node, Node]

# rdflib's closed namespaces check every attribute access (several microseconds each); the terms used for every
# fact are looked up once here.
A = RDF.type
STATEMENT, SUBJECT, PREDICATE, OBJECT = RDF.Statement, RDF.subject, RDF.predicate, RDF.object
DERIVED_FROM, QUOTED_FROM, VALUE, ENTITY = PROV.wasDerivedFrom, PROV.wasQuotedFrom, PROV.value, PROV.Entity
LABEL = RDFS.label


class Triples:
    """The converted graph as a set of rdflib triples, with the few lookups conversion and the build need.

    Adding to an rdflib Graph costs about 30 microseconds a triple (its store keeps three indexes and
    contexts); a set costs one. At a million triples that is most of the conversion time, so the graph is
    collected here and turned into an rdflib Graph only where one is needed (`graph()`: pySHACL, tests).
    """

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._set: set[Triple] = set()
        self._first: dict[tuple[Node, Node], Node] = {}  # (s, p) -> an object, for value() and (s, p, None) in
        self._by_predicate: dict[Node, list[tuple[Node, Node]]] | None = None
        self.update(triples)

    def add(self, triple: Triple) -> None:
        self._set.add(triple)
        self._first.setdefault((triple[0], triple[1]), triple[2])
        self._by_predicate = None

    def update(self, triples: Iterable[Triple]) -> None:
        for t in triples:
            self.add(t)

    def __contains__(self, triple: tuple[Node, Node, Node | None]) -> bool:
        if triple[2] is None:
            return (triple[0], triple[1]) in self._first
        return triple in self._set

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._set)

    def __len__(self) -> int:
        return len(self._set)

    def value(self, s: Node, p: Node) -> Node | None:
        """One object of (s, p), or None; callers use it where there is exactly one."""
        return self._first.get((s, p))

    def pairs(self, p: Node) -> list[tuple[Node, Node]]:
        """(subject, object) of every triple with predicate `p`, from an index made on first use. (Comparing
        rdflib terms costs a Python call each; grouping by hash does not.)"""
        if self._by_predicate is None:
            index: dict[Node, list[tuple[Node, Node]]] = {}
            for s, pp, o in self._set:
                index.setdefault(pp, []).append((s, o))
            self._by_predicate = index
        return self._by_predicate.get(p, [])

    def subjects(self, p: Node, o: Node) -> Iterator[Node]:
        return (s for s, oo in self.pairs(p) if oo == o)

    def objects(self, p: Node) -> Iterator[Node]:
        return (o for _, o in self.pairs(p))

    def graph(self) -> Graph:
        g = Graph()
        for t in self._set:
            g.add(t)
        return g


class Emitter:
    def __init__(self, iris: Iris, texts: dict[str, str], superclasses: dict[URIRef, set[URIRef]]) -> None:
        self.graph = Triples()
        self.iris = iris
        self.texts = texts
        self.superclasses = superclasses
        self._passages: set[URIRef] = set()
        #: documents outside the sources that support a fact an editorial statement states (kg.convert.editorial)
        self.outside: dict[Triple, list[URIRef]] = {}

    def typed(self, node: URIRef, *classes: URIRef) -> URIRef:
        """Type a node with the classes and, so that queries need no reasoner, their superclasses."""
        for cls in classes:
            self.graph.add((node, A, cls))
            for sup in self.superclasses.get(cls, ()):
                self.graph.add((node, A, sup))
        return node

    def derived(self, node: URIRef, sources: Iterable[str]) -> None:
        for source in sources:
            self.graph.add((node, DERIVED_FROM, self.iris.thing("source", source)))

    def add(self, s: URIRef, p: URIRef, o: Node, span: Span | None = None) -> None:
        self.graph.add((s, p, o))
        if span is not None:
            self.evidence(s, p, o, span)

    def label(self, node: URIRef, nl: str, en: str | None = None, span: Span | None = None) -> None:
        self.add(node, LABEL, Literal(nl, lang="nl"), span)
        if en:
            self.graph.add((node, LABEL, Literal(en, lang="en")))

    def evidence(self, s: URIRef, p: URIRef, o: Node, span: Span) -> None:
        statement = self.iris.genid("statement", s, p, o.n3())
        passage = self.passage(span)
        g = self.graph
        if (statement, A, STATEMENT) not in g:
            g.add((statement, A, STATEMENT))
            g.add((statement, SUBJECT, s))
            g.add((statement, PREDICATE, p))
            g.add((statement, OBJECT, o))
        g.add((statement, DERIVED_FROM, passage))

    def passage(self, span: Span) -> URIRef:
        node = self.iris.passage(span.source, span.start, span.end)
        if node not in self._passages:
            self._passages.add(node)
            g = self.graph
            g.add((node, A, ENTITY))
            g.add((node, QUOTED_FROM, self.iris.thing("source", span.source)))
            g.add((node, VALUE, Literal(self.texts[span.source][span.start : span.end], lang="nl")))
        return node
