"""JSON-LD: the context with readable short keys, and compaction with pyld that never touches the network.

The context is generated from one table so that it follows the configured base IRI; it is written to
dist/context.jsonld and served at /context.jsonld for those who want to reuse it. Every document we publish
(resources, the dump, the framed views) embeds it, so that any client (rdflib, pyld, a browser) reads them with
no network, also before the w3id redirect exists. Compaction names the context by its URL, which the document
loader here answers from memory, refusing every other remote context: pyld's default loader would fetch any
context a document names, which makes reading a document a network request (and a way to make a server fetch
an address of someone's choosing).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any, TextIO

import pyoxigraph as ox
from pyld import jsonld

from kg.iris import Iris
from kg.vocab import ID_PREFIXES, prefixes

# key -> (compact IRI, options). "@id" marks object properties; "@language" gives a language map.
TERMS: dict[str, tuple[str, dict[str, str]]] = {
    "label": ("rdfs:label", {"@container": "@language"}),
    "altLabel": ("skos:altLabel", {"@container": "@language"}),
    "prefLabel": ("skos:prefLabel", {"@container": "@language"}),
    "definition": ("skos:definition", {"@container": "@language"}),
    "comment": ("rdfs:comment", {"@container": "@language"}),
    "title": ("dcterms:title", {"@container": "@language"}),
    "description": ("dcterms:description", {"@container": "@language"}),
    "jobTitle": ("schema:jobTitle", {"@container": "@language"}),
    "role": ("aeno:role", {"@container": "@language"}),
    "question": ("aeno:question", {"@container": "@language"}),
    "award": ("schema:award", {"@container": "@language"}),
    "eventName": ("schema:name", {"@container": "@language"}),
    "quote": ("prov:value", {"@container": "@language"}),
    "name": ("foaf:name", {}),
    "fullName": ("vcard:fn", {}),
    "identifier": ("dcterms:identifier", {}),
    "citation": ("dcterms:bibliographicCitation", {}),
    "startDate": ("schema:startDate", {"@type": "xsd:date"}),
    "endDate": ("schema:endDate", {"@type": "xsd:date"}),
    "subject": ("dcterms:subject", {"@type": "@id"}),
    "carriedOutBy": ("aeno:carriedOutBy", {"@type": "@id"}),
    "supportedBy": ("aeno:supportedBy", {"@type": "@id"}),
    "programme": ("aeno:programme", {"@type": "@id"}),
    "organisedBy": ("aeno:organisedBy", {"@type": "@id"}),
    "organizer": ("schema:organizer", {"@type": "@id"}),
    "contactPoint": ("dcat:contactPoint", {"@type": "@id"}),
    "email": ("vcard:hasEmail", {"@type": "@id"}),
    "telephone": ("vcard:hasTelephone", {"@type": "@id"}),
    "memberOf": ("org:memberOf", {"@type": "@id"}),
    "hasMember": ("org:hasMember", {"@type": "@id"}),
    "unitOf": ("org:unitOf", {"@type": "@id"}),
    "hasUnit": ("org:hasUnit", {"@type": "@id"}),
    "classification": ("org:classification", {"@type": "@id"}),
    "kind": ("dcterms:type", {"@type": "@id"}),
    "sameAs": ("owl:sameAs", {"@type": "@id"}),
    "wasDerivedFrom": ("prov:wasDerivedFrom", {"@type": "@id"}),
    "wasQuotedFrom": ("prov:wasQuotedFrom", {"@type": "@id"}),
    "inScheme": ("skos:inScheme", {"@type": "@id"}),
    "broader": ("skos:broader", {"@type": "@id"}),
    "narrower": ("skos:narrower", {"@type": "@id"}),
    "topConceptOf": ("skos:topConceptOf", {"@type": "@id"}),
    "hasTopConcept": ("skos:hasTopConcept", {"@type": "@id"}),
    "exactMatch": ("skos:exactMatch", {"@type": "@id"}),
    "closeMatch": ("skos:closeMatch", {"@type": "@id"}),
    "broadMatch": ("skos:broadMatch", {"@type": "@id"}),
    "relatedMatch": ("skos:relatedMatch", {"@type": "@id"}),
    "source": ("dcterms:source", {"@type": "@id"}),
    "creator": ("dcterms:creator", {"@type": "@id"}),
    "contributor": ("schema:contributor", {"@type": "@id"}),
    "about": ("schema:about", {"@type": "@id"}),
    "isPartOf": ("dcterms:isPartOf", {"@type": "@id"}),
    "hasPart": ("dcterms:hasPart", {"@type": "@id"}),
    "relation": ("dcterms:relation", {"@type": "@id"}),
    "commissionedBy": ("aeno:commissionedBy", {"@type": "@id"}),
    "hasDownload": ("aeno:hasDownload", {"@type": "@id"}),
    "hasFormat": ("dcterms:hasFormat", {"@type": "@id"}),
    "publisher": ("dcterms:publisher", {"@type": "@id"}),
    "language": ("dcterms:language", {"@type": "@id"}),
    "page": ("foaf:page", {"@type": "@id"}),
    "dataSet": ("qb:dataSet", {"@type": "@id"}),
    "structure": ("qb:structure", {"@type": "@id"}),
    "measureType": ("qb:measureType", {"@type": "@id"}),
    "refArea": ("sdmx-dimension:refArea", {"@type": "@id"}),
    "refPeriod": ("sdmx-dimension:refPeriod", {"@type": "@id"}),
    "sex": ("sdmx-dimension:sex", {"@type": "@id"}),
    "salaryScale": ("aeno:salaryScale", {"@type": "@id"}),
    "unit": ("sdmx-attribute:unitMeasure", {"@type": "@id"}),
    "inhabitants": ("aeno:inhabitants", {"@type": "xsd:integer"}),
    "employees": ("aeno:employees", {"@type": "xsd:integer"}),
    "fte": ("aeno:fte", {"@type": "xsd:decimal"}),
    "averageAge": ("aeno:averageAge", {"@type": "xsd:decimal"}),
    "salaryScaleShare": ("aeno:salaryScaleShare", {"@type": "xsd:decimal"}),
    "sicknessAbsence": ("aeno:sicknessAbsence", {"@type": "xsd:decimal"}),
    "trainingBudgetShare": ("aeno:trainingBudgetShare", {"@type": "xsd:decimal"}),
    "trainingBudget": ("aeno:trainingBudget", {"@type": "xsd:decimal"}),
}


def context(iris: Iris) -> dict[str, Any]:
    """The context document: {"@context": {...}}."""
    ctx: dict[str, Any] = {"@version": 1.1, "id": "@id", "type": "@type", "graph": "@graph"}
    # Vocabulary prefixes only: resources keep their full IRIs (links a web developer can follow).
    ctx.update({p: ns for p, ns in prefixes(iris).items() if p not in ID_PREFIXES})
    for key, (iri, options) in TERMS.items():
        ctx[key] = {"@id": iri, **options}
    ctx["projects"] = {"@reverse": "aeno:carriedOutBy", "@type": "@id"}  # a municipality's projects
    return {"@context": ctx}


class LocalLoader:
    """A pyld document loader that knows only our own context and refuses everything else."""

    def __init__(self, iris: Iris) -> None:
        self.documents = {iris.context: context(iris)}

    def __call__(self, url: str, options: dict | None = None) -> dict[str, Any]:
        if url in self.documents:
            return {
                "contentType": "application/ld+json",
                "contextUrl": None,
                "documentUrl": url,
                "document": copy.deepcopy(self.documents[url]),
            }
        raise jsonld.JsonLdError(
            f"refusing to load remote document {url}", "jsonld.LoadDocumentError", code="loading remote context failed"
        )


def compact(expanded: list[dict[str, Any]], iris: Iris) -> dict[str, Any]:
    """Expanded JSON-LD -> compact JSON-LD using our context, embedded in the document (so that a client reads
    it with no network, before or without the w3id redirect), nodes sorted by id.

    The expanded form comes from rdflib (`graph.serialize(format="json-ld")`): pyld's own N-Quads reader
    takes ~40 times longer for the same graph (21 s against 0.5 s for 8,000 triples, measured).
    """
    document = jsonld.compact(expanded, iris.context, {"documentLoader": LocalLoader(iris)})
    document["@context"] = context(iris)["@context"]
    if isinstance(document.get("graph"), list):
        document["graph"].sort(key=lambda node: node.get("id", ""))
    return document


class Compactor:
    """Compact JSON-LD for our context, written one node at a time.

    pyld's compaction of a whole graph takes minutes beyond a few hundred thousand triples; this writes the
    same kind of document (the context embedded, a "graph" of node objects, terms and language maps where the
    context defines them) in one pass over the sorted triples, in constant memory per node. Values a term
    cannot hold (a plain string where a term has a language map, say) go under the compact IRI of their
    property as value objects, which is what compaction does too. Tests read the output back with pyld and
    compare it with the N-Triples dump.
    """

    def __init__(self, iris: Iris) -> None:
        ctx = context(iris)["@context"]
        self.embedded = ctx
        self.prefixes = sorted(
            (
                (k, v)
                for k, v in ctx.items()
                if isinstance(v, str) and not k.startswith("@") and k not in ("id", "type", "graph")
            ),
            key=lambda kv: -len(kv[1]),
        )
        self.terms: dict[str, tuple[str, dict[str, str]]] = {}
        for term, (curie, options) in TERMS.items():
            prefix, _, local = curie.partition(":")
            self.terms[ctx[prefix] + local] = (term, options)
        self._by_namespace = {ns: prefix for prefix, ns in reversed(self.prefixes)}
        self._lengths = sorted({len(ns) for _, ns in self.prefixes}, reverse=True)
        self._compacted: dict[str, str] = {}
        self.rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
        self.xsd_string = "http://www.w3.org/2001/XMLSchema#string"

    def iri(self, iri: str) -> str:
        """A compact IRI where a vocabulary prefix fits (never for an empty local part), else the IRI.
        Remembered: properties, classes and shared objects recur on every node."""
        found = self._compacted.get(iri)
        if found is None:
            found = self._compacted[iri] = self._compact(iri)
        return found

    def _compact(self, iri: str) -> str:
        for length in self._lengths:  # longest namespace first
            prefix = self._by_namespace.get(iri[:length]) if len(iri) > length else None
            if prefix is not None:
                return f"{prefix}:{iri[length:]}"
        return iri

    def _value(self, o: Any) -> Any:
        """A value object for any property (no coercion applies)."""
        if isinstance(o, ox.NamedNode):
            return {"id": self.iri(o.value)}
        if isinstance(o, ox.BlankNode):
            return {"id": f"_:{o.value}"}
        if o.language:
            return {"@value": o.value, "@language": o.language}
        if o.datatype.value == self.xsd_string:
            return o.value
        return {"@value": o.value, "@type": self.iri(o.datatype.value)}

    def node(self, subject: Any, pairs: list[tuple[Any, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.iri(subject.value) if isinstance(subject, ox.NamedNode) else f"_:{subject.value}"
        }
        keyed: dict[str, list[Any]] = {}
        maps: dict[str, dict[str, list[str]]] = {}
        for p, o in pairs:
            if p.value == self.rdf_type and isinstance(o, ox.NamedNode):
                keyed.setdefault("type", []).append(self.iri(o.value))
                continue
            term, options = self.terms.get(p.value, (None, {}))
            key, value = self.iri(p.value), None
            if term is not None:
                coerce = options.get("@type")
                if options.get("@container") == "@language":
                    if isinstance(o, ox.Literal) and o.language:
                        maps.setdefault(term, {}).setdefault(o.language, []).append(o.value)
                        continue
                elif coerce == "@id":
                    key = term
                    value = self.iri(o.value) if isinstance(o, ox.NamedNode) else self._literal_object(o)
                elif coerce is not None:
                    key = term
                    fits = isinstance(o, ox.Literal) and not o.language and self.iri(o.datatype.value) == coerce
                    value = o.value if fits else self._literal_object(o)
                else:
                    key = term
            keyed.setdefault(key, []).append(self._value(o) if value is None else value)
        for key, values in keyed.items():
            if len(values) == 1:  # most keys: no sort key to compute
                out[key] = values[0]
            else:
                values.sort(key=_sort_key)
                out[key] = values
        for term, by_lang in maps.items():
            out[term] = {lang: (v[0] if len(v) == 1 else sorted(v)) for lang, v in sorted(by_lang.items())}
        return out

    def _literal_object(self, o: Any) -> Any:
        """A value under a coerced term that the coercion does not fit: always an explicit value object."""
        if isinstance(o, ox.BlankNode):
            return {"id": f"_:{o.value}"}
        if isinstance(o, ox.NamedNode):
            return {"id": self.iri(o.value)}
        if o.language:
            return {"@value": o.value, "@language": o.language}
        return {"@value": o.value, "@type": self.iri(o.datatype.value)}

    def write(self, triples: Iterator[Any], out: TextIO) -> int:
        """Write the document for triples grouped by subject (as sorted N-Triples are); returns nodes."""
        # the context embedded, not referenced: the dump reads with no network (it is the same as /context.jsonld)
        out.write('{"@context": ' + json.dumps(self.embedded, ensure_ascii=False, sort_keys=True) + ',\n"graph": [')
        nodes, subject, pairs = 0, None, []
        for t in triples:
            if t.subject != subject:
                if subject is not None:
                    out.write(("\n" if nodes == 0 else ",\n") + _dump(self.node(subject, pairs)))
                    nodes += 1
                subject, pairs = t.subject, []
            pairs.append((t.predicate, t.object))
        if subject is not None:
            out.write(("\n" if nodes == 0 else ",\n") + _dump(self.node(subject, pairs)))
            nodes += 1
        out.write("\n]}\n")
        return nodes


def _sort_key(value: Any) -> str:
    return value if isinstance(value, str) else str(sorted(value.items()))


_encoder = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _dump(node: dict[str, Any]) -> str:
    """One node per line: compact, still diffable, and several times faster to write than indented JSON."""
    return _encoder.encode(node)


def to_nquads(document: dict[str, Any], iris: Iris) -> str:
    """Read JSON-LD back to N-Quads with the local loader (used by tests and checks)."""
    return jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": LocalLoader(iris)})
