"""Marking how each statement is known, so that a reader can tell reading from inferring from editing.

Every statement about a described thing is exactly one of four kinds, and a query (or a page) can tell which:

- **read** from a source page: a reified statement (a skolem IRI, `Iris.genid`) that `prov:wasDerivedFrom` a
  passage, the words that state it (kg.convert.emit);
- **inferred**: a reified statement that `aeno:inferredBy` a rule (a concept of {base}id/afleidingsregel, with
  its definition) and `aeno:inferredFrom` what it was inferred from: the passage the rule starts from (an e-mail
  address, a file name) or the statement it reverses;
- **editorial**: a reified statement that `prov:wasAttributedTo` the dataset's publisher, the editors (English
  labels, definitions, the theme hierarchy, kinds, names the editors composed, themes given to a passage that
  does not name them), with `dcterms:source` the outside document or the passage the editors' judgement rests
  on, where there is one;
- **register**: a statement the register gives (a municipality's name, CBS code, TOOI IRI, safety region and
  province), made under `Emitter.register()`. It carries no reified statement of its own: its subject
  `prov:wasDerivedFrom` the register (a dcat:Dataset under {base}id/bron/), and nothing else marks it. Whatever
  else is said of a register's subject (an org:hasMember, a number a page states) is marked like any statement.

Not marked: rdf:type (the model's classification, with its superclasses), the resource-level provenance link
prov:wasDerivedFrom itself, and the records that are provenance or structure rather than content: the reified
statements and checksums (skolem IRIs), the passages and plain-text copies of the sources ({base}doc/), the
dataset node and the model under {base}def/.

    SELECT ?p ?o ?how WHERE {
      <thing> ?p ?o . FILTER (?p NOT IN (rdf:type, prov:wasDerivedFrom))
      OPTIONAL { ?r rdf:subject <thing> ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?passage }
      OPTIONAL { ?i rdf:subject <thing> ; rdf:predicate ?p ; rdf:object ?o ; aeno:inferredBy ?rule }
      OPTIONAL { ?e rdf:subject <thing> ; rdf:predicate ?p ; rdf:object ?o ; prov:wasAttributedTo ?editors }
      OPTIONAL { <thing> prov:wasDerivedFrom ?register . ?register a dcat:Dataset }
      BIND (IF(BOUND(?passage), "read", IF(BOUND(?rule), "inferred",
            IF(BOUND(?editors), "editorial", IF(BOUND(?register), "register", "unmarked")))) AS ?how) }
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

from rdflib import URIRef
from rdflib.term import Node

from kg.iris import Iris
from kg.vocab import DCTERMS, PROV, RDF

A, STATEMENT, DERIVED_FROM = RDF.type, RDF.Statement, PROV.wasDerivedFrom
ATTRIBUTED_TO = PROV.wasAttributedTo
#: predicates that are the model or resource-level provenance, not statements about the thing
UNMARKED_PREDICATES = frozenset({A, DERIVED_FROM})
Triple = tuple[Node, Node, Node]


def _term(node: Node) -> str:
    return f"<{node}>"


class Marker:
    """Finds the statements to mark editorial while conversion adds them, so that the graph need not be held to
    do it.

    Every triple that may need a mark (its predicate is not the model's or provenance's, its subject a
    described thing, and it was not added under `Emitter.register()`) is written to a file in `scratch` with
    the key of its statement IRI; what rules a triple out (the passage that makes it read, the rule that makes
    it inferred) can come later than the triple itself, so only the keys of marked statements are held, and the
    file is filtered at the end (`marks`). Inferences (`infer`) wait in the same file: a statement a passage
    states is read, even where a rule would also give it (a page-wide theme a project's own text names), so an
    inference is written only for what no passage states, by the first rule that gave it (with every passage
    that rule started from).
    """

    def __init__(self, iris: Iris, scratch: Path | None = None) -> None:
        self.iris = iris
        prefixes = (iris.skolem(""), f"{iris.base}def/", f"{iris.base}doc/")
        self.excluded_prefixes = tuple(_term(p)[:-1] for p in prefixes)
        self.dataset = _term(iris.dataset)
        self.skolem = _term(iris.skolem(""))[:-1]
        self.unmarked = frozenset(_term(p) for p in UNMARKED_PREDICATES)
        #: a reified statement with one of these is read or inferred, so not the editors'
        self.marking = frozenset({_term(DERIVED_FROM), _term(iris.aeno.inferredBy)})
        self.derived_from = _term(DERIVED_FROM)
        # a statement IRI is Iris.genid's skolem IRI, whose last 24 characters are its key (a hash of s, p, o)
        self.marked: set[str] = set()  # the keys of statement IRIs read or inferred
        self.read: set[str] = set()  # the keys of statement IRIs read from a passage
        self.registering = False  # set by Emitter.register(): what is added now is the register's
        # an unnamed file (unlinked at once): nothing to remove, whether conversion ends, fails or is killed
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n", dir=scratch)  # noqa: SIM115

    def consider(self, s: Node, p: Node, o: Node, st: str, pt: str, ot: str) -> None:
        """Note the triple (s, p, o), whose N-Triples terms are st, pt and ot."""
        if pt in self.marking and st.startswith(self.skolem):
            self.marked.add(st[-25:-1])
            if pt == self.derived_from:
                self.read.add(st[-25:-1])
            return
        if pt in self.unmarked or self.registering:
            return
        if not st.startswith("<") or st.startswith(self.excluded_prefixes) or st == self.dataset:
            return
        key = str(self.iris.genid("statement", s, p, o.n3()))
        self._file.write(f"E <{key}> {st} {pt} {ot}\n")

    def infer(self, key: str, rule: str, basis: str, st: str, pt: str, ot: str) -> None:
        """Note that a rule infers the statement `key` (its IRI) from `basis` (N-Triples terms); it is written at
        the end unless a passage states it."""
        self.marked.add(key[-24:])
        self._file.write(f"I <{key}> {rule} {basis} {st} {pt} {ot}\n")

    def close(self) -> None:
        """Let the scratch file go without marking (conversion failed)."""
        self._file.close()

    def marks(self, outside: dict[Triple, list[URIRef]] | None = None) -> Iterator[str]:
        """The N-Triples lines of every inferred and editorial statement (editorial ones with repeats, where a
        triple was added twice): an inference no passage states, by its first rule; and for each triple noted
        that no passage supports and no rule infers, a reified statement that `prov:wasAttributedTo` the
        publisher and, where the editors named one, `dcterms:source` the outside document or passage their
        statement rests on. The scratch file is closed afterwards."""
        sources: dict[str, list[str]] = {}
        for (s, p, o), docs in (outside or {}).items():
            sources[str(self.iris.genid("statement", s, p, o.n3()))[-24:]] = [_term(d) for d in docs]
        a, statement = _term(A), _term(STATEMENT)
        subject, predicate, obj = _term(RDF.subject), _term(RDF.predicate), _term(RDF.object)
        attributed, editors, source = _term(ATTRIBUTED_TO), _term(self.iris.publisher), _term(DCTERMS.source)
        inferred_by, inferred_from = _term(self.iris.aeno.inferredBy), _term(self.iris.aeno.inferredFrom)
        inferred: dict[str, str] = {}  # key -> the rule that inferred it first
        f = self._file
        try:
            f.seek(0)
            for row in f:
                if row.startswith("I "):
                    _, st, rule, basis, s, p, o = row[:-1].split(" ", 6)
                    key = st[-25:-1]
                    if key in self.read or inferred.get(key, rule) != rule:
                        continue
                    if key in inferred:  # the same rule from another passage as well
                        yield f"{st} {inferred_from} {basis} ."
                        continue
                    inferred[key] = rule
                    yield f"{st} {a} {statement} ."
                    yield f"{st} {subject} {s} ."
                    yield f"{st} {predicate} {p} ."
                    yield f"{st} {obj} {o} ."
                    yield f"{st} {inferred_by} {rule} ."
                    yield f"{st} {inferred_from} {basis} ."
                    continue
                _, st, s, p, o = row[:-1].split(" ", 4)
                key = st[-25:-1]
                if key in self.marked:
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
