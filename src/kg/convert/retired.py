"""The IRIs a steward retired (data/curated/retired.yaml): a retired thing that another one replaced is
published as `<old> dcterms:isReplacedBy <new>`, an editorial statement (the steward's decision), so that a
query, a harvester and the server's redirect all learn it from the graph. Whether each IRI that disappears has
an entry is checked against the last release when the build publishes (kg.publish.releases)."""

from __future__ import annotations

from rdflib import URIRef

from kg.convert.context import Context
from kg.vocab import DCTERMS


def retired(ctx: Context) -> None:
    for entry in ctx.inputs.curated.retired.retired:
        if entry.replaced_by is not None:
            ctx.emit.add(URIRef(entry.iri), DCTERMS.isReplacedBy, URIRef(entry.replaced_by))
