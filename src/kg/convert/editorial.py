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

import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import URIRef
from rdflib.term import Node

from kg.iris import Iris
from kg.vocab import DCTERMS, PROV, RDF

A, STATEMENT, DERIVED_FROM = RDF.type, RDF.Statement, PROV.wasDerivedFrom
ATTRIBUTED_TO = PROV.wasAttributedTo
#: predicates that are the model or provenance, not statements about the thing
UNMARKED_PREDICATES = frozenset({A, DERIVED_FROM, DCTERMS.source})
Triple = tuple[Node, Node, Node]


def _term(node: Node) -> str:
    return f"<{node}>"


class Marker:
    """Finds the statements to mark while conversion adds them, so that the graph need not be held to do it.

    Every triple that may need a mark (its predicate is not the model's or provenance's, its subject a
    described thing) is written to a file in `scratch` with the key of its statement IRI; what rules a triple
    out can come later than the triple itself (the passage that makes it read, the link that makes its subject
    a register's), so only the keys of read statements and the register-derived subjects are held, and the
    file is filtered at the end (`marks`).
    """

    def __init__(self, iris: Iris, registers: Iterable[str], scratch: Path | None = None) -> None:
        self.iris = iris
        self.registers = {_term(iris.thing("source", r)) for r in registers}
        prefixes = (iris.thing("source", ""), iris.skolem(""), f"{iris.base}def/", f"{iris.base}doc/")
        self.excluded_prefixes = tuple(_term(p)[:-1] for p in prefixes)
        self.dataset = _term(iris.dataset)
        self.skolem = _term(iris.skolem(""))[:-1]
        self.unmarked = frozenset(_term(p) for p in UNMARKED_PREDICATES)
        self.derived_from = _term(DERIVED_FROM)
        # a statement IRI is Iris.genid's skolem IRI, whose last 24 characters are its key (a hash of s, p, o)
        self.read: set[str] = set()  # the keys of statement IRIs with a passage
        self.from_register: set[str] = set()  # subjects (as N-Triples terms) derived from a register
        # an unnamed file (unlinked at once): nothing to remove, whether conversion ends, fails or is killed
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n", dir=scratch)  # noqa: SIM115

    def consider(self, s: Node, p: Node, o: Node, st: str, pt: str, ot: str) -> None:
        """Note the triple (s, p, o), whose N-Triples terms are st, pt and ot."""
        if pt in self.unmarked:
            if pt == self.derived_from:
                if st.startswith(self.skolem):
                    self.read.add(st[-25:-1])
                elif ot in self.registers:
                    self.from_register.add(st)
            return
        if not st.startswith("<") or st.startswith(self.excluded_prefixes) or st == self.dataset:
            return
        key = str(self.iris.genid("statement", s, p, o.n3()))
        self._file.write(f"<{key}> {st} {pt} {ot}\n")

    def close(self) -> None:
        """Let the scratch file go without marking (conversion failed)."""
        self._file.close()

    def marks(self, outside: dict[Triple, list[URIRef]] | None = None) -> Iterator[str]:
        """The N-Triples lines of every editorial statement (with repeats, where a triple was added twice):
        each triple noted that no passage supports and whose subject is not a register's gets a reified
        statement that `prov:wasAttributedTo` the publisher and, where the editors named one, `dcterms:source`
        the outside document that supports it. The scratch file is closed afterwards."""
        sources: dict[str, list[str]] = {}
        for (s, p, o), docs in (outside or {}).items():
            sources[str(self.iris.genid("statement", s, p, o.n3()))[-24:]] = [_term(d) for d in docs]
        a, statement = _term(A), _term(STATEMENT)
        subject, predicate, obj = _term(RDF.subject), _term(RDF.predicate), _term(RDF.object)
        attributed, editors, source = _term(ATTRIBUTED_TO), _term(self.iris.publisher), _term(DCTERMS.source)
        f = self._file
        try:
            f.seek(0)
            for row in f:
                st, s, p, o = row[:-1].split(" ", 3)
                key = st[-25:-1]
                if key in self.read or s in self.from_register:
                    continue
                yield f"{st} {a} {statement} ."
                yield f"{st} {subject} {s} ."
                yield f"{st} {predicate} {p} ."
                yield f"{st} {obj} {o} ."
                yield f"{st} {attributed} {editors} ."
                for doc in sources.get(key, ()):
                    yield f"{st} {source} {doc} ."
        finally:
            f.close()
