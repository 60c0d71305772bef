"""Constants that light modules need without importing rdflib."""

DEFAULT_BASE = "https://w3id.org/aeno-kg/"
