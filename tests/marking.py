"""How each statement of the published graph is known (read, inferred, editorial or register), and whether a
read statement's passage holds what it states: the checks the marking tests run over the whole graph, written
independently of the build's own (kg.convert.editorial, kg.dutch), as a steward would check them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.convert.quantities import TIME_UNITS
from kg.dutch import names, writes_date, writes_number
from kg.vocab import DCAT, DCTERMS, FOAF, PROV, QUDT, RDF, RDFS, SCHEMA, SKOS, TIME

BASE = "https://w3id.org/aeno-kg/"
AENO = f"{BASE}def/"
INFERRED_BY, INFERRED_FROM = URIRef(f"{AENO}inferredBy"), URIRef(f"{AENO}inferredFrom")
NAMES = (
    RDFS.label,
    SKOS.prefLabel,
    SKOS.altLabel,
    SKOS.hiddenLabel,
    SKOS.notation,
    FOAF.name,
    DCTERMS.title,
    SCHEMA.name,
    QUDT.symbol,
)
KINDS = ("read", "inferred", "editorial", "register")
Triple = tuple[Node, Node, Node]


@dataclass
class Marks:
    """The reified statements of a graph, by the triple they are about and the kind of mark they carry."""

    kinds: dict[Triple, set[str]] = field(default_factory=lambda: defaultdict(set))
    passages: dict[Triple, list[URIRef]] = field(default_factory=lambda: defaultdict(list))
    rules: dict[Triple, list[URIRef]] = field(default_factory=lambda: defaultdict(list))
    bases: dict[Triple, list[URIRef]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, g: Graph) -> Marks:
        m = cls()
        for st in set(g.subjects(RDF.type, RDF.Statement)):
            t = (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
            for passage in g.objects(st, PROV.wasDerivedFrom):
                m.kinds[t].add("read")
                m.passages[t].append(passage)
            for rule in g.objects(st, INFERRED_BY):
                m.kinds[t].add("inferred")
                m.rules[t].append(rule)
                m.bases[t] += list(g.objects(st, INFERRED_FROM))
            if (st, PROV.wasAttributedTo, None) in g:
                m.kinds[t].add("editorial")
        return m


def registers(g: Graph) -> set[URIRef]:
    """The registers of data/reference: the sources that are datasets, not pages."""
    return {s for s in g.subjects(RDF.type, DCAT.Dataset) if str(s).startswith(f"{BASE}id/bron/")}


def described(g: Graph, ontology: Graph) -> Iterator[Triple]:
    """Every statement about a described thing: not the model's (the ontology's own statements, rdf:type), not
    resource-level provenance (prov:wasDerivedFrom), not about the records of provenance and structure (reified
    statements and checksums, the text copies and passages under {base}doc/, the dataset node, the model)."""
    dataset = URIRef(f"{BASE}id/dataset/aeno-kg")
    for s, p, o in g:
        if not isinstance(s, URIRef) or p in (RDF.type, PROV.wasDerivedFrom) or s == dataset:
            continue
        if str(s).startswith((f"{BASE}.well-known/", f"{BASE}doc/", AENO)) or (s, p, o) in ontology:
            continue
        yield s, p, o


def how(g: Graph, marks: Marks, regs: set[URIRef], t: Triple) -> set[str]:
    kinds = set(marks.kinds.get(t, ()))
    if not kinds and any((t[0], PROV.wasDerivedFrom, r) in g for r in regs):
        kinds.add("register")
    return kinds


def stated_forms(g: Graph, o: Node) -> list[str]:
    """What a passage may name an object by: its names, and for an e-mail address or phone number the address."""
    forms = [str(n) for p in NAMES for n in g.objects(o, p)]
    if isinstance(o, URIRef) and str(o).startswith("mailto:"):
        forms.append(str(o).split(":", 1)[1])
    return forms


def national_digits(text: str) -> str:
    """A phone number's digits as dialled in the Netherlands: "+31 6 ..." and "06 – ..." both "06..."."""
    digits = "".join(c for c in text if c.isdigit() or c == "+")
    return "0" + digits[3:] if digits.startswith("+31") else digits.replace("+", "")


def holds(g: Graph, passage: URIRef, s: Node, p: Node, o: Node) -> bool:
    """Whether the passage states the object of s p o in a form a reader finds there: a name of it (a label, a
    symbol, a notation), a number as digits or words, a date as written, the page it was quoted from."""
    quote = str(g.value(passage, PROV.value))
    if isinstance(o, Literal):
        dt = str(o.datatype or "")
        if dt.endswith(("#integer", "#decimal", "#double", "#float")):
            return writes_number(quote, Decimal(str(o)))
        if dt.endswith(("#date", "#gYearMonth", "#gYear")):
            return writes_date(quote, str(o))
        if p == SCHEMA.unitCode:  # a UN/CEFACT code for the time unit the passage writes
            words = [w for unit in TIME_UNITS.values() if unit[0] == str(o) for w in unit[1:3]]
            return names(quote, words)
        return names(quote, [str(o)])
    if isinstance(o, URIRef) and str(o).startswith("tel:"):
        return national_digits(str(o)[4:]) in national_digits(quote)
    if (passage, PROV.wasQuotedFrom, o) in g:  # a theme found on a page: the passage is on that page
        return True
    if (value := g.value(o, SCHEMA.value)) is not None:  # a stated number: the passage writes its value
        return writes_number(quote, Decimal(str(value)))
    if (day := g.value(o, TIME.inXSDDate)) is not None:  # a day as a period
        return writes_date(quote, str(day))
    return names(quote, stated_forms(g, o))
