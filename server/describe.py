"""What a resource page shows: the resource's statements with labels, grouped; the passage behind each
extracted fact; and who links to it, a page at a time (a theme with thousands of projects is paged, not
rendered at once). Assembled from three SPARQL queries."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from urllib.parse import quote

from kg.iris import Iris
from kg.server import data, labels, links
from kg.server.data import Term

PAGE_SIZE = 50
MAX_VALUES = 500  # values of one property shown on one page; more are counted, not listed

OUTGOING = """
SELECT ?s ?p ?o (MIN(?pl) AS ?plabel) (MIN(COALESCE(?l1, ?l2, ?l3, ?l4)) AS ?olabel) WHERE {
  ?s ?p ?o .
  OPTIONAL { ?p rdfs:label ?pl FILTER (LANG(?pl) = "nl") }
  OPTIONAL { ?o rdfs:label ?l1 FILTER (LANG(?l1) = "nl") }
  OPTIONAL { ?o skos:prefLabel ?l2 FILTER (LANG(?l2) = "nl") }
  OPTIONAL { ?o rdfs:label ?l3 }
  OPTIONAL { ?o foaf:name ?l4 }
} GROUP BY ?s ?p ?o ORDER BY ?p ?o LIMIT 5000"""

#: what a theme's page leaves out of its references: its projects, which it shows in a table of their own
THEME_PROJECTS_APART = "FILTER NOT EXISTS { ?s a aeno:Project . FILTER (?p = dcterms:subject) }"


def incoming_counts_query(apart: str = "") -> str:
    """How many things point to ?o by each property; `apart` filters out what the page shows elsewhere."""
    return f"""
SELECT ?o ?p (COUNT(DISTINCT ?s) AS ?n) (MIN(?pl) AS ?plabel) WHERE {{
  ?s ?p ?o . FILTER (?p NOT IN (rdf:subject, rdf:object) && !isLiteral(?o)) {apart}
  OPTIONAL {{ ?p rdfs:label ?pl FILTER (LANG(?pl) = "nl") }}
}} GROUP BY ?o ?p ORDER BY ?p"""


def incoming_query(limit: int, offset: int, apart: str = "") -> str:
    """What points to ?o, with the labels of what points, one page of `limit` from `offset`."""
    return f"""
SELECT ?o ?p ?s (MIN(COALESCE(?l1, ?l2, ?l3)) AS ?slabel) WHERE {{
  ?s ?p ?o . FILTER (?p NOT IN (rdf:subject, rdf:object) && !isLiteral(?o)) {apart}
  OPTIONAL {{ ?s rdfs:label ?l1 FILTER (LANG(?l1) = "nl") }}
  OPTIONAL {{ ?s skos:prefLabel ?l2 FILTER (LANG(?l2) = "nl") }}
  OPTIONAL {{ ?s rdfs:label ?l3 }}
}} GROUP BY ?o ?p ?s ORDER BY ?p ?slabel ?s LIMIT {int(limit)} OFFSET {int(offset)}"""


PROVENANCE = """
SELECT ?s ?p ?o ?passage ?quote ?source (MIN(?sl) AS ?sourceLabel) WHERE {
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?passage .
  ?passage prov:value ?quote ; prov:wasQuotedFrom ?source .
  OPTIONAL { ?source rdfs:label ?sl }
} GROUP BY ?s ?p ?o ?passage ?quote ?source"""

# how to reach a contact point, shown beside its name on the page of what it is the contact for
CONTACTS = """
SELECT ?s ?c (MIN(?e) AS ?email) (MIN(?t) AS ?phone) WHERE {
  ?s dcat:contactPoint ?c .
  OPTIONAL { ?c vcard:hasEmail ?e } OPTIONAL { ?c vcard:hasTelephone ?t }
} GROUP BY ?s ?c"""

# statements the editors made (kg.convert.editorial), with the outside document or the passage their statement
# rests on, where there is one
EDITORIAL = """
SELECT ?s ?p ?o ?doc (MIN(?dl) AS ?docLabel) (MIN(?q) AS ?quote) (MIN(?src) AS ?source)
       (MIN(?sl) AS ?sourceLabel) WHERE {
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasAttributedTo ?editors .
  OPTIONAL { ?st dcterms:source ?doc OPTIONAL { ?doc dcterms:title ?dl }
             OPTIONAL { ?doc prov:value ?q ; prov:wasQuotedFrom ?src OPTIONAL { ?src rdfs:label ?sl } } }
} GROUP BY ?s ?p ?o ?doc"""

# statements inferred by a rule (kg.convert.editorial): the rule, and the passage it started from or the
# statement it reverses
INFERRED = """
SELECT ?s ?p ?o ?rule (MIN(?rl) AS ?ruleLabel) (MIN(?rd) AS ?definition) ?basis (MIN(?q) AS ?quote)
       (MIN(?src) AS ?source) (MIN(?sl) AS ?sourceLabel) (MIN(?bsl) AS ?basisSubject)
       (MIN(?bp) AS ?basisProperty) (MIN(?bpl) AS ?basisPropertyLabel) (MIN(?bol) AS ?basisObject) WHERE {
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; aeno:inferredBy ?rule ; aeno:inferredFrom ?basis .
  OPTIONAL { ?rule skos:prefLabel ?rl FILTER (LANG(?rl) = "nl") }
  OPTIONAL { ?rule skos:definition ?rd FILTER (LANG(?rd) = "nl") }
  OPTIONAL { ?basis prov:value ?q ; prov:wasQuotedFrom ?src OPTIONAL { ?src rdfs:label ?sl } }
  OPTIONAL { ?basis rdf:subject ?bs ; rdf:predicate ?bp ; rdf:object ?bo .
             OPTIONAL { ?bs rdfs:label ?bsl FILTER (LANG(?bsl) = "nl") }
             OPTIONAL { ?bp rdfs:label ?bpl FILTER (LANG(?bpl) = "nl") }
             OPTIONAL { ?bo rdfs:label ?bol FILTER (LANG(?bol) = "nl") } }
} GROUP BY ?s ?p ?o ?rule ?basis"""


@dataclass
class Passage:
    quote: str
    source: str
    source_label: str
    href: str


@dataclass
class Inference:
    """How a value was inferred: by which rule, from which passage or from which statement (reversed)."""

    rule: str
    rule_label: str
    definition: str
    passage: Passage | None = None
    reversed: str | None = None  # the statement it reverses, in words


@dataclass
class Value:
    term: Term
    label: str | None
    href: str | None
    passages: list[Passage] = field(default_factory=list)
    editorial: bool = False  # stated by the editors, not read from a source or register
    outside: list[tuple[str, str]] = field(default_factory=list)  # (href, title) supporting an editorial fact
    grounds: list[Passage] = field(default_factory=list)  # the passages an editorial judgement rests on
    inferred: list[Inference] = field(default_factory=list)
    reach: list[tuple[str, str]] = field(default_factory=list)  # (href, text): e-mail and phone of a contact


@dataclass
class Row:
    prop: str
    label: str
    values: list[Value] = field(default_factory=list)


@dataclass
class Group:
    title: str
    rows: list[Row]


@dataclass
class Incoming:
    prop: str
    label: str
    count: int
    items: list[tuple[str, str, str | None]] = field(default_factory=list)  # iri, label, href


@dataclass
class Description:
    iri: str
    label: str
    types: list[tuple[str, str]]
    groups: list[Group]
    incoming: list[Incoming]
    incoming_total: int
    page: int
    pages: int
    outgoing: list[tuple[str, Term]]  # for the schema.org embedding

    def values(self, prop: str) -> list[Value]:
        return [v for g in self.groups for r in g.rows if r.prop == prop for v in r.values]

    def has_type(self, iri: str) -> bool:
        return any(t == iri for t, _ in self.types)


def describe(iri: str, page: int = 1, apart: str = "") -> Description | None:
    """`apart` filters the references the page shows elsewhere out of its references (THEME_PROJECTS_APART)."""
    iris = data.iris()
    out = data.select(OUTGOING, {"s": iri})
    counts = data.select(incoming_counts_query(apart), {"o": iri})
    if not out and not counts:
        return None
    passages: dict[tuple[str, str], list[Passage]] = {}
    for r in data.select(PROVENANCE, {"s": iri}):
        passages.setdefault((r["p"].value, _key(r["o"])), []).append(_passage(r, r["passage"].value, iris))

    editorial: dict[tuple[str, str], list[tuple[str, str]]] = {}
    grounds: dict[tuple[str, str], list[Passage]] = {}
    for r in data.select(EDITORIAL, {"s": iri}):
        key = (r["p"].value, _key(r["o"]))
        docs = editorial.setdefault(key, [])
        if "quote" in r:
            grounds.setdefault(key, []).append(_passage(r, r["doc"].value, iris))
        elif "doc" in r:
            docs.append((r["doc"].value, r["docLabel"].value if "docLabel" in r else r["doc"].value))

    inferred: dict[tuple[str, str], list[Inference]] = {}
    for r in data.select(INFERRED, {"s": iri}):
        rule = r["rule"].value
        found = Inference(
            links.href(rule, iris) or rule,
            r["ruleLabel"].value if "ruleLabel" in r else _local(rule),
            r["definition"].value if "definition" in r else "",
        )
        if "quote" in r:
            found.passage = _passage(r, r["basis"].value, iris)
        elif "basisProperty" in r:
            prop = r["basisProperty"].value
            said = (
                r["basisPropertyLabel"].value
                if "basisPropertyLabel" in r
                else labels.PROPERTIES.get(prop, _local(prop))
            )
            words = [r[k].value if k in r else "…" for k in ("basisSubject", "basisObject")]
            found.reversed = f"{words[0]} · {said} · {words[1]}"
        inferred.setdefault((r["p"].value, _key(r["o"])), []).append(found)

    contacts: dict[str, list[tuple[str, str]]] = {}
    for r in data.select(CONTACTS, {"s": iri}):
        reach = [(r[k].value, _reach_text(r[k].value)) for k in ("email", "phone") if k in r]
        contacts[r["c"].value] = reach

    rows: OrderedDict[str, Row] = OrderedDict()
    types: list[tuple[str, str]] = []
    label = None
    for r in out:
        p, o = r["p"].value, r["o"]
        olabel = r["olabel"].value if "olabel" in r else None
        if p == labels.NS["rdf"] + "type":
            types.append((o.value, olabel or labels.CLASSES.get(o.value) or _local(o.value)))
            continue
        if p in labels.NOT_SHOWN:
            continue
        plabel = r["plabel"].value if "plabel" in r else labels.PROPERTIES.get(p, _local(p))
        row = rows.setdefault(p, Row(p, plabel))
        if len(row.values) < MAX_VALUES:
            href = links.href(o.value, iris) if o.is_iri else None
            key = (p, _key(o))
            value = Value(o, olabel, href, passages.get(key, []), key in editorial, editorial.get(key, []))
            value.grounds, value.inferred = grounds.get(key, []), inferred.get(key, [])
            value.reach = contacts.get(o.value, []) if p == CONTACT_POINT else []
            row.values.append(value)
    label = _best_label(rows) or _local(iri)

    total = sum(int(c["n"].value) for c in counts)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    incoming: OrderedDict[str, Incoming] = OrderedDict()
    for c in counts:
        p = c["p"].value
        name = (
            labels.INVERSE.get(p)
            or f"Met dit als {c['plabel'].value if 'plabel' in c else labels.PROPERTIES.get(p, _local(p))}"
        )
        incoming[p] = Incoming(p, name, int(c["n"].value))
    if total:
        for r in data.select(incoming_query(PAGE_SIZE, (page - 1) * PAGE_SIZE, apart), {"o": iri}):
            s = r["s"].value
            slabel = r["slabel"].value if "slabel" in r else _local(s)
            incoming[r["p"].value].items.append((s, slabel, links.href(s, iris)))

    _drop_repeated_names(rows)
    for row in rows.values():  # Dutch first, then untagged, then the other languages
        row.values.sort(key=lambda v: 0 if v.term.lang == "nl" else 1 if not v.term.lang else 2)
    shown_types = sorted(set(types), key=lambda t: t[1])
    specific = [t for t in shown_types if t[0] not in labels.GENERIC_TYPES]
    return Description(
        iri,
        label,
        specific or shown_types,
        _group(rows, iris),
        list(incoming.values()),
        total,
        page,
        pages,
        [(r["p"].value, r["o"]) for r in out],
    )


#: a name property, and the ones it makes redundant when they say the same thing
REPEATS = [
    ("dcterms:title", "rdfs:label"),
    ("skos:prefLabel", "rdfs:label"),
    ("rdfs:label", "foaf:name"),
    ("schema:name", "rdfs:label"),
]


def _drop_repeated_names(rows: OrderedDict[str, Row]) -> None:
    """A page says a name once: "naam" is not shown beside a "titel" or "voorkeursterm" with the same values."""
    for keep, drop in REPEATS:
        kept, dropped = rows.get(labels.expand(keep, "")), rows.get(labels.expand(drop, ""))
        if not (kept and dropped):
            continue
        said = {(v.term.value, v.term.lang) for v in kept.values}
        texts = {v.term.value for v in kept.values}
        # an untagged name (foaf:name "Oss") repeats a tagged one ("Oss"@nl) as much as an equal one does
        if all(
            (v.term.value, v.term.lang) in said or (not v.term.lang and v.term.value in texts) for v in dropped.values
        ):
            del rows[dropped.prop]


CONTACT_POINT = "http://www.w3.org/ns/dcat#contactPoint"


def _reach_text(iri: str) -> str:
    """mailto:a@b.nl -> a@b.nl; tel:+31623881174 -> +31 6 23881174 (a mobile number as Dutch people write it)."""
    if iri.startswith("mailto:"):
        return iri[7:]
    number = iri.removeprefix("tel:")
    if number.startswith("+316") and len(number) == 12:
        return f"+31 6 {number[4:]}"
    if number.startswith("+31") and len(number) == 12:
        return f"+31 {number[3:5]} {number[5:]}"
    return number


def _passage(row: dict, passage: str, iris: Iris) -> Passage:
    """A passage of a source page, with the link that shows it highlighted on the page of its source."""
    source = row["source"].value
    start_end = passage.rsplit("#char=", 1)[-1]
    href = f"{links.href(source, iris)}?passage={quote(start_end)}#passage"
    label = row["sourceLabel"].value if "sourceLabel" in row else source
    return Passage(row["quote"].value, source, label, href)


def _key(term: Term) -> str:
    return f"{term.type}|{term.value}|{term.lang or ''}|{term.datatype or ''}"


def _local(iri: str) -> str:
    tail = iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return tail or iri


def _best_label(rows: OrderedDict[str, Row]) -> str | None:
    for prop in ("rdfs:label", "skos:prefLabel", "foaf:name", "dcterms:title", "schema:name"):
        row = rows.get(labels.expand(prop, ""))
        if row:
            nl = [v.term.value for v in row.values if v.term.lang == "nl"]
            return (nl or [v.term.value for v in row.values])[0]
    return None


def _group(rows: OrderedDict[str, Row], iris: Iris) -> list[Group]:
    placed: set[str] = set()
    groups = []
    for title, props in labels.GROUPS:
        selected = [rows[labels.expand(p, iris)] for p in props if labels.expand(p, iris) in rows]
        placed.update(r.prop for r in selected)
        if selected:
            groups.append(Group(title, selected))
    relations = [r for p, r in rows.items() if p not in placed and any(v.term.is_iri for v in r.values)]
    placed.update(r.prop for r in relations)
    other = [r for p, r in rows.items() if p not in placed]
    if relations:
        groups.insert(min(2, len(groups)), Group("Relaties", relations))
    if other:
        groups.append(Group("Overige gegevens", other))
    return groups
