"""Marking what the editors state, so that a reader can tell reading from editing.

Every statement of the graph is one of three kinds, and a query (or a page) can tell which:

- **read from a source page**: a reified statement that `prov:wasDerivedFrom` a passage (kg.convert.emit);
- **read from a register**: every statement about a resource that `prov:wasDerivedFrom` a register of
  data/reference (the 342 municipalities, the provinces and safety regions); the resource carries the mark;
- **editorial**: everything else that says something about a described thing (English labels, definitions,
  the theme hierarchy, matches to other schemes, kinds, names the editors composed). Each gets a reified
  statement (the same skolem IRI a passage would use) that `prov:wasAttributedTo` the dataset's publisher,
  the editors, and, where the editors state a fact from outside the sources (a law and when it took effect),
  `dcterms:source` the document that supports it.

Not marked: rdf:type (the model's classification, with its superclasses), the provenance links themselves
(prov:wasDerivedFrom, dcterms:source), and the records that are provenance or structure rather than content:
the reified statements, passages, source pages and their text documents ({base}doc/), checksums, the
dataset node and the model under {base}def/.

    SELECT ?p ?o ?how WHERE {
      <project> ?p ?o .
      OPTIONAL { ?r rdf:subject <project> ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?passage }
      OPTIONAL { ?e rdf:subject <project> ; rdf:predicate ?p ; rdf:object ?o ; prov:wasAttributedTo ?editors }
      BIND (IF(BOUND(?passage), "read", IF(BOUND(?editors), "editorial", "register or type")) AS ?how) }
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from kg.convert.emit import DERIVED_FROM, OBJECT, PREDICATE, QUOTED_FROM, STATEMENT, SUBJECT, A, Triple, Triples
from kg.iris import Iris
from kg.vocab import DCTERMS, PROV

#: predicates that are the model or provenance, not statements about the thing
UNMARKED_PREDICATES = frozenset({A, DERIVED_FROM, DCTERMS.source})
ATTRIBUTED_TO = PROV.wasAttributedTo


def mark(
    graph: Triples, iris: Iris, registers: Iterable[str], outside: dict[Triple, list[URIRef]] | None = None
) -> int:
    """Add an editorial statement for every unsupported statement about a described thing; returns how many.

    `registers` are the ids of the reference registers (data/reference/manifest.yaml); `outside` maps a
    triple to the outside documents that support the fact it states.
    """
    outside = outside or {}
    statements = {s for s, o in graph.pairs(A) if o == STATEMENT}
    read = {
        (graph.value(st, SUBJECT), graph.value(st, PREDICATE), graph.value(st, OBJECT))
        for st in statements
        if (st, DERIVED_FROM, None) in graph
    }
    register_nodes = {iris.thing("source", r) for r in registers}
    from_register = {s for s, o in graph.pairs(DERIVED_FROM) if o in register_nodes}
    not_content = statements | from_register | {s for s, _ in graph.pairs(QUOTED_FROM)} | {iris.dataset}
    prefixes = (iris.thing("source", ""), iris.skolem(""), f"{iris.base}def/", f"{iris.base}doc/")
    editors = iris.publisher
    todo = [
        t
        for t in graph
        if t[1] not in UNMARKED_PREDICATES
        and isinstance(t[0], URIRef)
        and t[0] not in not_content
        and not str(t[0]).startswith(prefixes)
        and t not in read
    ]
    for s, p, o in todo:
        st = iris.genid("statement", s, p, o.n3())
        graph.add((st, A, STATEMENT))
        graph.add((st, SUBJECT, s))
        graph.add((st, PREDICATE, p))
        graph.add((st, OBJECT, o))
        graph.add((st, ATTRIBUTED_TO, editors))
        for doc in outside.get((s, p, o), ()):
            graph.add((st, DCTERMS.source, doc))
    return len(todo)
