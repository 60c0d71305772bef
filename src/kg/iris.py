"""Minting the graph's IRIs, following the Dutch URI strategy: {base}id/{type}/{slug} for things,
{base}doc/... for documents about them, {base}def/ for the ontology.

This is the only place that knows the IRI patterns. Slugs come from kg.names.slug (lowercase ASCII with
hyphens) and from stable ids in the data, never from file names or row numbers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rdflib import Namespace, URIRef

from kg.defaults import DEFAULT_BASE

#: The {type} segment per kind of thing (Dutch, as the URI strategy's examples are).
TYPES = {
    "municipality": "gemeente",
    "organisation": "organisatie",
    "person": "persoon",
    "project": "project",
    "programme": "programma",
    "theme": "thema",
    "publication": "publicatie",
    "event": "evenement",
    "source": "bron",
    "document": "document",
    "observation": "observatie",
    "dataset": "dataset",
    "period": "periode",
    "breakdown": "uitsplitsing",
    "organisation-kind": "organisatiesoort",
    "programme-kind": "programmasoort",
    "publication-kind": "publicatiesoort",
    "source-kind": "bronsoort",
    "linkset": "linkset",
    "match-method": "koppelmethode",
}


@dataclass(frozen=True)
class Iris:
    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith("/"):
            raise ValueError(f"the base IRI must end with '/': {self.base!r}")

    @property
    def aeno(self) -> Namespace:
        return Namespace(f"{self.base}def/")

    def thing(self, kind: str, slug: str) -> URIRef:
        return URIRef(f"{self.base}id/{TYPES[kind]}/{slug}")

    def scheme(self, kind: str) -> URIRef:
        """The concept scheme of a kind of concept: {base}id/thema, {base}id/organisatiesoort, ..."""
        return URIRef(f"{self.base}id/{TYPES[kind]}")

    def source_text(self, source: str) -> URIRef:
        """The plain-text copy of a source page that passages point into."""
        return URIRef(f"{self.base}doc/bron/{source}.txt")

    def passage(self, source: str, start: int, end: int) -> URIRef:
        """An RFC 5147 fragment of the source text: characters [start, end)."""
        return URIRef(f"{self.source_text(source)}#char={start},{end}")

    def genid(self, *parts: str) -> URIRef:
        """A skolem IRI for a structural node, stable for the same parts."""
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]
        return URIRef(f"{self.base}.well-known/genid/{digest}")

    def ontology(self) -> URIRef:
        return URIRef(f"{self.base}def/")
