"""Adding statements to the graph, with their provenance.

`Emitter.add(s, p, o, span)` adds the triple and, when a span is given, the evidence for it: a reified
statement with a skolem IRI that `prov:wasDerivedFrom` the passage, and the passage itself, an RFC 5147
fragment of the source's text (`{base}doc/bron/{id}.txt#char=120,190`) that `prov:wasQuotedFrom` the source
page and carries the quoted text as `prov:value`. `Emitter.infer` adds a triple a rule infers, with the rule and
what it was inferred from; `Emitter.register()` marks what is added under it as the register's. Everything else
is marked editorial at the end (kg.convert.editorial). A reader can go from any fact to the sentence behind it:

    SELECT ?quote WHERE {
      ?st rdf:subject ?project ; rdf:predicate dcterms:title ; prov:wasDerivedFrom ?passage .
      ?passage prov:value ?quote }
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.convert.editorial import Marker
from kg.convert.sortedlines import SortedLines
from kg.convert.terms import to_oxigraph
from kg.iris import Iris
from kg.records import Span
from kg.vocab import DCTERMS, PROV, RDF, RDFS

Triple = tuple[Node, Node, Node]

# rdflib's closed namespaces check every attribute access (several microseconds each); the terms used for every
# fact are looked up once here.
A = RDF.type
STATEMENT, SUBJECT, PREDICATE, OBJECT = RDF.Statement, RDF.subject, RDF.predicate, RDF.object
DERIVED_FROM, QUOTED_FROM, VALUE, ENTITY = PROV.wasDerivedFrom, PROV.wasQuotedFrom, PROV.value, PROV.Entity
LABEL, TITLE = RDFS.label, DCTERMS.title
PASSAGES_KEPT = 1 << 16  # passages remembered as described (a bounded set: repeats are sorted out anyway)


class Triples:
    """The converted graph on its way to sorted N-Triples, with the few lookups conversion needs.

    Each triple is turned into its N-Triples line (Oxigraph's serialisation of each term) as it is added
    and goes to a `SortedLines`, which holds at most a chunk of lines in memory and sorts the rest on disk:
    the graph is never held whole, so a build's memory does not grow with it. What conversion asks of the
    graph is kept beside it: the first label and title of each subject (`value`, `(s, p, None) in`), the
    members of the classes named in `classes`, and, while a `Marker` is attached, what editorial marking needs.
    """

    LOOKUPS = frozenset({LABEL, TITLE})
    TERM_CACHE = 1 << 18  # terms kept converted (cleared when full: IRIs repeat mostly within a record)

    def __init__(self, lines: SortedLines | None = None, classes: Iterable[URIRef] = ()) -> None:
        self.lines = lines if lines is not None else SortedLines()
        self._terms: dict[Node, str] = {}
        self._first: dict[tuple[Node, Node], Node] = {}
        self._lookup_terms = frozenset(_nt(p) for p in self.LOOKUPS)
        self._type_term = _nt(A)
        self._members: dict[str, set[Node]] = {_nt(c): set() for c in classes}
        self.marker: Marker | None = None

    def term(self, node: Node) -> str:
        """The node in N-Triples syntax."""
        found = self._terms.get(node)
        if found is None:
            if len(self._terms) >= self.TERM_CACHE:
                self._terms.clear()
            found = self._terms[node] = _nt(node)
        return found

    def add(self, triple: Triple) -> None:
        s, p, o = triple
        st, pt, ot = self.term(s), self.term(p), self.term(o)
        self.lines.add(f"{st} {pt} {ot} .")
        if pt in self._lookup_terms:
            self._first.setdefault((s, p), o)
        elif pt == self._type_term and ot in self._members:
            self._members[ot].add(s)
        if self.marker is not None:
            self.marker.consider(s, p, o, st, pt, ot)

    def update(self, triples: Iterable[Triple]) -> None:
        for t in triples:
            self.add(t)

    def mark(self, marker: Marker) -> None:
        """Note every triple added from now on for editorial marking, until `end_marking`."""
        self.marker = marker

    def end_marking(self, outside: dict[Triple, list[URIRef]]) -> None:
        """Add the editorial statements of the triples noted (kg.convert.editorial) and stop noting."""
        marker, self.marker = self.marker, None
        if marker is not None:
            for line in marker.marks(outside):
                self.lines.add(line)

    def close(self) -> None:
        """Let the scratch files go (conversion failed): the marker's file and the sorted runs."""
        if self.marker is not None:
            self.marker.close()
            self.marker = None
        self.lines.close()

    def __contains__(self, triple: tuple[Node, Node, None]) -> bool:
        """Whether the subject has a value for a looked-up predicate (a label or a title)."""
        s, p, o = triple
        if o is not None or p not in self.LOOKUPS:
            raise ValueError("only (subject, label or title, None) can be asked of the converted graph")
        return (s, p) in self._first

    def __len__(self) -> int:
        """The number of triples (an upper bound once part of them was sorted to disk)."""
        return len(self.lines)

    def value(self, s: Node, p: Node) -> Node | None:
        """The first label or title added for `s`, or None."""
        if p not in self.LOOKUPS:
            raise ValueError(f"the converted graph keeps no values of {p}")
        return self._first.get((s, p))

    def members(self, cls: URIRef) -> set[Node]:
        """The subjects typed `cls`, for a class named when the graph was made."""
        return self._members[_nt(cls)]


def _nt(node: Node) -> str:
    return str(to_oxigraph(node))


class Emitter:
    def __init__(
        self, iris: Iris, texts: dict[str, str], superclasses: dict[URIRef, set[URIRef]], graph: Triples
    ) -> None:
        self.graph = graph
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

    def statement(self, s: Node, p: Node, o: Node) -> URIRef:
        """The IRI of the reified statement of (s, p, o): the same whether it is read, inferred or editorial."""
        return self.iris.genid("statement", s, p, o.n3())

    def infer(self, s: URIRef, p: URIRef, o: Node, rule: URIRef, basis: URIRef) -> None:
        """s p o, inferred by `rule` from `basis` (a passage, or the statement it reverses). Its marks are the
        Marker's to write (kg.convert.editorial): none where a passage states the triple too."""
        g = self.graph
        g.add((s, p, o))
        statement = self.statement(s, p, o)
        if g.marker is not None:
            g.marker.infer(str(statement), g.term(rule), g.term(basis), g.term(s), g.term(p), g.term(o))
            return
        g.add((statement, A, STATEMENT))
        g.add((statement, SUBJECT, s))
        g.add((statement, PREDICATE, p))
        g.add((statement, OBJECT, o))
        g.add((statement, self.iris.aeno.inferredBy, rule))
        g.add((statement, self.iris.aeno.inferredFrom, basis))

    @contextmanager
    def register(self) -> Iterator[None]:
        """Mark what is added inside as the register's: no editorial statement is made for it."""
        marker = self.graph.marker
        if marker is None:
            yield
            return
        marker.registering = True
        try:
            yield
        finally:
            marker.registering = False

    def label(self, node: URIRef, nl: str, en: str | None = None, span: Span | None = None) -> None:
        self.add(node, LABEL, Literal(nl, lang="nl"), span)
        if en:
            self.graph.add((node, LABEL, Literal(en, lang="en")))

    def evidence(self, s: URIRef, p: URIRef, o: Node, span: Span) -> None:
        statement = self.statement(s, p, o)
        passage = self.passage(span)
        g = self.graph
        g.add((statement, A, STATEMENT))  # repeated for each passage of the fact; the sort keeps one
        g.add((statement, SUBJECT, s))
        g.add((statement, PREDICATE, p))
        g.add((statement, OBJECT, o))
        g.add((statement, DERIVED_FROM, passage))

    def passage(self, span: Span) -> URIRef:
        node = self.iris.passage(span.source, span.start, span.end)
        if node not in self._passages:
            if len(self._passages) >= PASSAGES_KEPT:
                self._passages.clear()  # a passage described twice is one in the sorted graph
            self._passages.add(node)
            g = self.graph
            g.add((node, A, ENTITY))
            g.add((node, QUOTED_FROM, self.iris.thing("source", span.source)))
            g.add((node, VALUE, Literal(self.texts[span.source][span.start : span.end], lang="nl")))
        return node
