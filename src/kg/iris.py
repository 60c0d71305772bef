"""Minting the project's IRIs, following the Dutch URI strategy: {base}id/{type}/{slug} for things,
{base}doc/... for documents about them, {base}def/ for the ontology, and the addresses the site serves
({base}sparql, {base}download/...).

Every IRI the build mints is made here; queries written as text (SPARQL in kg.publish.search, server pages) use the
prefixes of kg.vocab, which follow the same patterns. Slugs come from kg.names.slug (lowercase ASCII with
hyphens) and from stable ids in the data, never from file names or row numbers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rdflib import Namespace, URIRef

from kg.defaults import DEFAULT_BASE

#: The slug of the dataset, its catalogue and its contact
DATASET_SLUG = "aeno-kg"

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
    "province": "provincie",
    "safety-region": "veiligheidsregio",
    "quantity": "hoeveelheid",
    "qualifier": "getalsaanduiding",
    "inference-rule": "afleidingsregel",
    "exclusion": "uitsluiting",
    "audience": "doelgroep",
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
        return self.skolem(hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24])

    def skolem(self, key: str) -> URIRef:
        """The skolem IRI with this key ({base}.well-known/genid/KEY, RDF 1.1 section 3.5)."""
        return URIRef(f"{self.base}.well-known/genid/{key}")

    def ontology(self) -> URIRef:
        return URIRef(f"{self.base}def/")

    # -- the publication: dataset, catalogue, service, downloads ---------------------------------------------

    @property
    def id_space(self) -> str:
        """Where the things the graph describes live ({base}id/): VoID's uriSpace."""
        return f"{self.base}id/"

    @property
    def dataset(self) -> URIRef:
        """The dataset as a whole: the DCAT dataset, the VoID dataset and the name of its graph in a store."""
        return self.thing("dataset", DATASET_SLUG)

    def graph(self, name: str) -> URIRef:
        """A named graph of the store beside the data: {base}id/graaf/catalogus (the DCAT catalogue),
        {base}id/graaf/void (the VoID description)."""
        return URIRef(f"{self.base}id/graaf/{name}")

    @property
    def catalogue(self) -> URIRef:
        return URIRef(f"{self.base}id/catalogus/{DATASET_SLUG}")

    @property
    def data_service(self) -> URIRef:
        """The SPARQL endpoint as a DCAT data service."""
        return URIRef(f"{self.base}id/dienst/sparql")

    @property
    def publisher(self) -> URIRef:
        return URIRef(f"{self.base}id/organisatie/{DATASET_SLUG}-uitgever")

    @property
    def contact(self) -> URIRef:
        return URIRef(f"{self.base}id/contact/{DATASET_SLUG}")

    def release(self, release: str) -> URIRef:
        """A release of the dataset, as a version of it (kg.publish.releases)."""
        return URIRef(f"{self.dataset}/{release}")

    def release_distribution(self, release: str, name: str) -> URIRef:
        return URIRef(f"{self.base}id/distributie/{release}/{name}")

    @property
    def feed_service(self) -> URIRef:
        """The change feed (LDES) as a DCAT data service."""
        return URIRef(f"{self.base}id/dienst/ldes")

    @property
    def feed(self) -> URIRef:
        """The change feed's address: its root page."""
        return URIRef(f"{self.base}ldes/")

    def distribution(self, name: str) -> URIRef:
        """A DCAT distribution: a dump (named for its file, kg-ttl) or the endpoint (sparql)."""
        return URIRef(f"{self.base}id/distributie/{name}")

    def quality(self, name: str) -> URIRef:
        """A quality annotation or measurement of one build."""
        return URIRef(f"{self.base}id/kwaliteit/{name}")

    def metric(self, key: str) -> URIRef:
        return URIRef(f"{self.base}def/metric/{key}")

    @property
    def shapes(self) -> URIRef:
        return URIRef(f"{self.base}def/shapes/")

    @property
    def dataset_page(self) -> URIRef:
        return URIRef(f"{self.base}doc/dataset/{DATASET_SLUG}")

    @property
    def endpoint(self) -> URIRef:
        """The SPARQL endpoint's address."""
        return URIRef(f"{self.base}sparql")

    def download(self, name: str) -> URIRef:
        return URIRef(f"{self.base}download/{name}")

    @property
    def context(self) -> str:
        """The JSON-LD context document."""
        return f"{self.base}context.jsonld"
