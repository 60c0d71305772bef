"""Query results written by Oxigraph's own serialisers, cut off at a row limit.

pyoxigraph serialises a whole result set and cannot serialise a part of one. For SELECT, taking the rows
into Python to cut them off (and writing them with Python writers) cost 35% on top of evaluating a 100-row
browse query and 12% on the shared-theme aggregate (timed in one process on the 97k-triple synthetic build),
and pyoxigraph cannot write solutions it did not produce. So solutions go through Rust all the way: Oxigraph
writes them as SPARQL TSV into a sink that counts lines (one line per solution: the format escapes line breaks
in terms) and stops the writer, and with it the lazy evaluation, one line past the limit. The lines kept are
then parsed back by Oxigraph and written in the format the client asked for. Triples (CONSTRUCT, DESCRIBE)
asked as N-Triples are cut off the same way; in any other format they are taken as Triple objects, at most one
past the limit, and handed to Oxigraph's writer, which measured cheaper than the round trip through N-Triples
(write_triples). Either way every term is kept exactly (types, language tags, blank node labels, triple
terms), so the answer is the one Oxigraph would write for the whole result (tests/test_results.py compares
them byte for byte).
"""

from __future__ import annotations

import contextlib
import itertools

import pyoxigraph as ox

from kg.mediatypes import NTRIPLES, TSV


class _Full(Exception):
    """Raised inside the writer to stop it: the sink has one line more than it may keep."""


class _LineSink:
    """A file-like object for Oxigraph's writers that keeps at most `keep` lines and stops the writer
    (by raising) once it has received more."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.lines = 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        data = bytes(data)
        self.parts.append(data)
        self.lines += data.count(b"\n")
        if self.lines > self.keep:
            raise _Full
        return len(data)

    def flush(self) -> None:
        pass

    def text(self) -> tuple[bytes, bool]:
        """The kept lines and whether there were more."""
        data = b"".join(self.parts)
        if self.lines <= self.keep:
            return data, False
        end = -1
        for _ in range(self.keep):
            end = data.index(b"\n", end + 1)
        return data[: end + 1], True


def _bounded(result: ox.QuerySolutions | ox.QueryTriples, fmt: object, keep: int) -> tuple[bytes, bool]:
    sink = _LineSink(keep)
    with contextlib.suppress(_Full):  # the sink is full: the rest of the answer is not wanted
        result.serialize(sink, format=fmt)
    return sink.text()


def write_solutions(solutions: ox.QuerySolutions, media_type: str, limit: int) -> tuple[bytes, int, bool]:
    """A SELECT result in `media_type` (one of the four SPARQL 1.1 result formats) with at most `limit` rows:
    the body, the number of rows and whether rows were left out."""
    tsv, truncated = _bounded(solutions, ox.QueryResultsFormat.TSV, limit + 1)  # + the header line
    rows = tsv.count(b"\n") - 1
    if media_type == TSV:
        return tsv, rows, truncated
    parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    return parsed.serialize(format=ox.QueryResultsFormat.from_media_type(media_type)), rows, truncated


def write_triples(triples: ox.QueryTriples | list[ox.Triple], media_type: str, limit: int) -> tuple[bytes, int, bool]:
    """A CONSTRUCT or DESCRIBE result in the RDF format `media_type` with at most `limit` triples: the body,
    the number of triples and whether triples were left out. `triples` may also be a list (answers parsed from
    a remote store)."""
    if media_type == NTRIPLES and not isinstance(triples, list):
        nt, truncated = _bounded(triples, ox.RdfFormat.N_TRIPLES, limit)
        return nt, nt.count(b"\n"), truncated
    # Other formats: the triples themselves, at most one past the limit, for Oxigraph to write. Unlike the
    # solutions of a SELECT (see above), this is cheaper than writing N-Triples and reading them back, at every
    # size measured: 0.65x for 10 triples (a DESCRIBE), 0.75-0.82x for 100 to 10,000 (Turtle, one process,
    # the 110k-triple generated build), with the same bytes.
    kept = list(itertools.islice(triples, limit + 1))
    truncated = len(kept) > limit
    if truncated:
        del kept[limit:]
    return ox.serialize(kept, format=ox.RdfFormat.from_media_type(media_type)), len(kept), truncated
