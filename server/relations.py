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
    narrow: bool = False  # one relation a line under the resource's box, for a phone


def _short(text: str, n: int = 34) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _distinct(labels: list[str], room: int) -> list[str]:
    """Labels shortened to `room` characters so that they still tell the items apart: where cutting the end
    makes several alike ("Soest: aandeel m…" four times), what they share at the start is left out instead
    ("…salarisschaal 1-6, niet verm…"), and if that is still not enough, only their ends are kept."""
    cut = [_short(label, room) for label in labels]
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(cut):
        groups.setdefault(c, []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        full = [labels[i] for i in members]
        shared = _common_start(full)
        shared = shared[: shared.rfind(" ") + 1] if " " in shared else shared  # at a word's start
        tails = [_short("…" + label[len(shared) :], room) for label in full]
        if len(set(tails)) < len(tails):
            tails = ["…" + label[-(room - 1) :] for label in full]
        for i, tail in zip(members, tails, strict=True):
            cut[i] = tail
    return cut


def _common_start(texts: list[str]) -> str:
    """The characters all `texts` start with."""
    first, last = min(texts), max(texts)
    n = 0
    while n < len(first) and first[n] == last[n]:
        n += 1
    return first[:n]


def _related(d: Description) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
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
    return list(dict.fromkeys(right)), list(dict.fromkeys(left))


def picture(d: Description) -> Picture | None:
    right, left = _related(d)
    if len(right) + len(left) < 2:
        return None
    rows = max(min(len(left), PER_SIDE), min(len(right), PER_SIDE), 1)
    height = TOP * 2 + ROW * rows
    cy = height / 2
    nodes = []
    for items, x, anchor in ((right, RIGHT_X, "start"), (left, LEFT_X, "end")):
        shown = items[:PER_SIDE]
        offset = TOP + (rows - len(shown)) * ROW / 2
        relations = [_short(relation.lower(), 20) for _, relation, _ in shown]
        room = max(8, CHARS[anchor] - max((len(r) for r in relations), default=0) - 2)
        labels = _distinct([label for label, _, _ in shown], room)
        for i, ((_, _, href), relation, label) in enumerate(zip(shown, relations, labels, strict=True)):
            nodes.append(Node(label, relation, href, x, offset + i * ROW + ROW / 2, anchor))
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


#: the narrow layout, in SVG units: drawn at about one unit a pixel on a phone, so that 13-unit text is 13 px
NARROW, NARROW_ROW, NARROW_CHARS = 360, 24, 46


def narrow_picture(d: Description) -> Picture | None:
    """The same relations for a phone: the resource's box on top, then one related thing a line, what it points
    to (→) before what points to it (←), each with the name of the relation."""
    right, left = _related(d)
    if len(right) + len(left) < 2:
        return None
    nodes: list[Node] = []
    y = 64.0
    for items, arrow in ((right, "→"), (left, "←")):
        shown = items[:PER_SIDE]
        relations = [f"{arrow} {_short(relation.lower(), 20)}" for _, relation, _ in shown]
        labels = [label for label, _, _ in shown]
        for relation in dict.fromkeys(relations):  # each relation's items told apart in the room beside it
            at = [i for i, r in enumerate(relations) if r == relation]
            room = max(10, NARROW_CHARS - len(relation) - 2)
            for i, label in zip(at, _distinct([labels[i] for i in at], room), strict=True):
                labels[i] = label
        for (_, _, href), relation, label in zip(shown, relations, labels, strict=True):
            nodes.append(Node(label, relation, href, 8, y, "start"))
            y += NARROW_ROW
    more = max(0, len(left) - PER_SIDE) + max(0, len(right) - PER_SIDE)
    return Picture(
        f"Relaties van {d.label}",
        _short(d.label, 40),
        nodes,
        0,
        more,
        NARROW,
        int(y + (NARROW_ROW if more else 0)),
        NARROW // 2,
        24,
        narrow=True,
    )
