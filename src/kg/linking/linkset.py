"""The linkset: the links as RDF with how each was made, described with VoID so that it can be published
and loaded into the graph as a named graph.

{base}id/linkset/{name} is the linkset as a whole (a void:Dataset, and the name of the graph it is loaded
into); its subsets {name}/sameas and {name}/exactmatch are void:Linksets, one per link predicate as VoID
requires, each with its subjects target (the user's dataset), objects target (this graph) and triple count.
Every link is also a reified rdf:Statement carrying aeno:matchMethod and aeno:matchScore, so the method
stays with the link wherever the linkset goes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import URIRef

from kg.iris import Iris
from kg.linking.matcher import Match
from kg.linking.sources import Record, Source
from kg.vocab import DCTERMS, OWL, PROV, RDF, SKOS, SPDX, VOID, XSD, prefixes

PREDICATES = {"sameas": OWL.sameAs, "exactmatch": SKOS.exactMatch}


@dataclass(frozen=True)
class Link:
    subject: URIRef
    predicate: URIRef
    object: URIRef
    method: str
    score: float


def links(records: Iterable[Record], matches: Iterable[Match]) -> list[Link]:
    """One link per matched record: owl:sameAs where the method is certain, skos:exactMatch where not."""
    out = {}
    for record, match in zip(records, matches, strict=True):
        if match.status != "matched" or match.municipality is None or match.method is None:
            continue
        predicate = OWL.sameAs if match.certain else SKOS.exactMatch
        link = Link(URIRef(record.subject), predicate, URIRef(match.municipality.iri), match.method, match.score or 0)
        out.setdefault((link.subject, link.predicate, link.object), link)
    return sorted(out.values(), key=lambda lk: (str(lk.subject), str(lk.predicate), str(lk.object)))


def linkset_iri(iris: Iris, name: str) -> URIRef:
    return iris.thing("linkset", name)


def linkset_triples(iris: Iris, name: str, source: Source, sha256: str, found: list[Link]) -> list[ox.Triple]:
    """The linkset as sorted, unique triples (built with pyoxigraph terms: an rdflib Graph takes most of a
    run's time for a file of 20,000 rows)."""

    def iri(value: str) -> ox.NamedNode:
        return ox.NamedNode(str(value))

    rdf_type, aeno = iri(RDF.type), str(iris.aeno)
    ls = iri(linkset_iri(iris, name))
    target = iri(source.iri)
    ours = iri(iris.thing("dataset", "aeno-kg"))
    checksum = iri(iris.genid("checksum", source.iri, sha256))
    out = [
        ox.Triple(ls, rdf_type, iri(VOID.Dataset)),
        ox.Triple(ls, iri(DCTERMS.title), ox.Literal(f"Koppelingen van {source.path.name} met aeno-kg", language="nl")),
        ox.Triple(ls, iri(DCTERMS.title), ox.Literal(f"Links from {source.path.name} to aeno-kg", language="en")),
        ox.Triple(ls, iri(DCTERMS.source), target),
        ox.Triple(ls, iri(PROV.wasDerivedFrom), target),
        ox.Triple(target, rdf_type, iri(VOID.Dataset)),
        ox.Triple(target, rdf_type, iri(PROV.Entity)),
        ox.Triple(target, iri(SPDX.checksum), checksum),
        ox.Triple(checksum, rdf_type, iri(SPDX.Checksum)),
        ox.Triple(checksum, iri(SPDX.algorithm), iri(SPDX.checksumAlgorithm_sha256)),
        ox.Triple(checksum, iri(SPDX.checksumValue), ox.Literal(sha256, datatype=iri(XSD.hexBinary))),
    ]
    for part, predicate in PREDICATES.items():
        count = sum(1 for lk in found if lk.predicate == predicate)
        if not count and predicate != OWL.sameAs:
            continue
        subset = iri(f"{ls.value}/{part}")
        out += [
            ox.Triple(ls, iri(VOID.subset), subset),
            ox.Triple(subset, rdf_type, iri(VOID.Linkset)),
            ox.Triple(subset, iri(VOID.linkPredicate), iri(predicate)),
            ox.Triple(subset, iri(VOID.subjectsTarget), target),
            ox.Triple(subset, iri(VOID.objectsTarget), ours),
            ox.Triple(subset, iri(VOID.triples), ox.Literal(str(count), datatype=iri(XSD.integer))),
        ]
    statement, subject_, predicate_, object_ = (iri(RDF[x]) for x in ("Statement", "subject", "predicate", "object"))
    method_p, score_p, part_of = iri(f"{aeno}matchMethod"), iri(f"{aeno}matchScore"), iri(DCTERMS.isPartOf)
    decimal = iri(XSD.decimal)
    for lk in found:
        s, p, o = iri(lk.subject), iri(lk.predicate), iri(lk.object)
        st = iri(iris.genid("link", name, str(lk.subject), str(lk.predicate), str(lk.object)))
        out += [
            ox.Triple(s, p, o),
            ox.Triple(st, rdf_type, statement),
            ox.Triple(st, subject_, s),
            ox.Triple(st, predicate_, p),
            ox.Triple(st, object_, o),
            ox.Triple(st, method_p, iri(iris.thing("match-method", lk.method))),
            ox.Triple(st, score_p, ox.Literal(f"{lk.score:.3f}", datatype=decimal)),
            ox.Triple(st, part_of, ls),
        ]
    return sorted(set(out), key=str)


def to_turtle(triples: list[ox.Triple], iris: Iris) -> bytes:
    """Turtle by Oxigraph's serialiser, with the prefixes the triples use; the same triples give the same
    bytes."""
    text = "\n".join(map(str, triples))
    used = {p: ns for p, ns in prefixes(iris).items() if f"<{ns}" in text}
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used)
