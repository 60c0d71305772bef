"""Constants that light modules need without importing rdflib."""

DEFAULT_BASE = "https://w3id.org/aeno-kg/"

#: lines of the graph the build's sort holds in memory before a sorted run is written (about 250 bytes a line
#: with the set's overhead, so about 130 MB); a build's peak memory does not grow with the graph beyond it.
#: The sort_chunk setting (kg.settings) overrides it.
DEFAULT_CHUNK = 1 << 19
