"""A small picture of a resource's relations: what it points to on the right, what points to it on the left,
each a link with the name of the relation, drawn on the server as SVG (the relations.svg template).

Only where it helps: a resource with at least two related things that have pages, and at most eight a side
(the rest is counted: the lists below the picture have them all). Provenance, schemes and kinds are left out:
they relate almost everything to the same few nodes."""

from __future__ import annotations

from dataclasses import dataclass

from kg.server import labels
from kg.server.describe import Description

LEFT_OUT = frozenset(
    labels.expand(p, "")
    for p in (
        "prov:wasDerivedFrom",
        "prov:wasQuotedFrom",
        "dcterms:source",
        "dcterms:type",
        "skos:inScheme",
        "skos:topConceptOf",
        "skos:hasTopConcept",
        "org:classification",
        "rdfs:isDefinedBy",
        "qb:dataSet",
        "qb:structure",
        "dcterms:hasFormat",
        "void:exampleResource",
    )
)
PER_SIDE = 8
WIDTH, ROW, TOP = 760, 30, 16
LEFT_X, RIGHT_X, CX, BOX = 225, 445, 335, 170  # the left column ends, the right one starts, the resource's box
CHARS = {"end": 30, "start": 43}  # what fits beside the box at the 13-unit font, relation name included


@dataclass(frozen=True)
class Node:
    label: str
    relation: str
    href: str
    x: float
    y: float
    anchor: str


@dataclass(frozen=True)
class Picture:
    title: str
    label: str  # the resource's own, short enough for its box
    nodes: list[Node]
    more_left: int
    more_right: int
    width: int
    height: int
    cx: int
    cy: float


def _short(text: str, n: int = 34) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def picture(d: Description) -> Picture | None:
    right = [
        (v.label or v.term.value, r.label, v.href)
        for g in d.groups
        for r in g.rows
        if r.prop not in LEFT_OUT
        for v in r.values
        if v.term.is_iri and v.href and v.href.startswith("/")
    ]
    left = [
        (label, i.label, href)
        for i in d.incoming
        if i.prop not in LEFT_OUT
        for _, label, href in i.items
        if href and href.startswith("/")
    ]
    right, left = list(dict.fromkeys(right)), list(dict.fromkeys(left))
    if len(right) + len(left) < 2:
        return None
    rows = max(min(len(left), PER_SIDE), min(len(right), PER_SIDE), 1)
    height = TOP * 2 + ROW * rows
    cy = height / 2
    nodes = []
    for items, x, anchor in ((right, RIGHT_X, "start"), (left, LEFT_X, "end")):
        shown = items[:PER_SIDE]
        offset = TOP + (rows - len(shown)) * ROW / 2
        for i, (label, relation, href) in enumerate(shown):
            relation = _short(relation.lower(), 20)
            room = max(8, CHARS[anchor] - len(relation) - 2)
            nodes.append(Node(_short(label, room), relation, href, x, offset + i * ROW + ROW / 2, anchor))
    return Picture(
        f"Relaties van {d.label}",
        _short(d.label, 22),
        nodes,
        max(0, len(left) - PER_SIDE),
        max(0, len(right) - PER_SIDE),
        WIDTH,
        int(height),
        CX,
        cy,
    )
