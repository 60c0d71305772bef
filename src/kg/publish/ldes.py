"""The change feed: a Linked Data Event Stream (https://w3id.org/ldes/specification) of the graph's resources,
paged by time with the TREE hypermedia specification, written as files by the build so that any server of the
build (a front without a store too) can serve it.

Its members are versions of the described resources (everything under the base with an rdf:type, skolem IRIs
aside): for each release, a version of every resource whose own statements changed in it (all of them in the
first release), and a deletion for every resource that went away. A version is a resource of its own,
`{base}id/versie/{release}/{path}`, with the resource's statements in that release, `dcterms:isVersionOf` the
resource, `prov:generatedAtTime` the release's time and `as:Create` or `as:Update` as its type; a deletion has
no statements, and `as:Delete`. The stream declares these paths (ldes:versionOfPath, ldes:timestampPath and the
version create, update and delete objects), so that a client materialises the latest version of each resource,
or its deletion.

Pages: the root node (the stream's view) relates to each release's first page by its time range
(tree:GreaterThanOrEqualToRelation from the release's time, tree:LessThanRelation to the next one's); a release's
members are split over pages of PAGE_SIZE linked in order. A release's pages never change once written (the
server answers them as immutable); only the root gains a relation with each release. Every release's pages are
kept (kg.publish.releases), and the retention policy says so: every member from the first release on.

The files name the feed's own address with PLACEHOLDER, which the server replaces with the address it serves the
feed at, so that each page's IRI is the URL it was fetched from (as the TREE specification asks), behind any
proxy or path.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.buildinfo import Release
from kg.publish.diff import Diff, read_lines, split

PLACEHOLDER = "https://feed.invalid/ldes/"
PAGE_SIZE = 500
ROOT = "index"
FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".jsonld": ox.RdfFormat.JSON_LD}
SPECIFICATION = "https://w3id.org/ldes/specification"

LDES = "https://w3id.org/ldes#"
TREE = "https://w3id.org/tree#"
AS = "https://www.w3.org/ns/activitystreams#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {"ldes": LDES, "tree": TREE, "as": AS, "prov": PROV, "dcterms": DCTERMS, "xsd": XSD, "rdfs": RDFS}
#: a resource with one of these of its own would be ambiguous as a version's payload: left out of the feed
RESERVED = (f"<{DCTERMS}isVersionOf>", f"<{PROV}generatedAtTime>")


def N(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


TYPE = N(RDF + "type")


def stream_iri(base: str) -> str:
    return f"{base}id/wijzigingen/aeno-kg"


def version_iri(base: str, release: str, resource: str) -> str:
    return f"{base}id/versie/{release}/{resource[len(base) :]}"


@dataclass(frozen=True)
class Written:
    members: int
    pages: int


def _members(base: str, release: Release, changes: Diff, graph: Path) -> Iterator[tuple[str, str, list[str]]]:
    """(resource, kind, lines) of each member of this release, in resource order: "Create" or "Update" with the
    resource's own statements in the new graph, or "Delete" with none."""
    skolem = f"{base}.well-known/genid/"

    def ours(iri: str) -> bool:
        return iri.startswith(base) and not iri.startswith(skolem)

    changed = {
        c.iri
        for c in changes.changes
        if ours(c.iri) and c.iri in changes.typed_new and any(split(x)[0][1:-1] == c.iri for x in c.added + c.removed)
    }
    gone = {iri for iri in changes.typed_old - changes.typed_new if ours(iri)}
    # A first release's statements are all added: a resource's own are among its changes, in the same (sorted)
    # order as in the graph, so the graph is not read again into a second copy of itself (at 5,000,000 triples
    # the build's peak fell from 3,242 to 2,713 MiB). Otherwise each changed resource's statements are read.
    if changes.first:
        by_iri = {c.iri: c for c in changes.changes}

        def own(iri: str) -> list[str]:
            return [x for x in by_iri[iri].added if split(x)[0][1:-1] == iri]
    else:
        read: dict[str, list[str]] = {iri: [] for iri in changed}
        for line in read_lines(graph):
            s = split(line)[0][1:-1]
            if s in read:
                read[s].append(line)
        own = read.__getitem__
    for iri in sorted(changed | gone):
        if iri in gone:
            yield iri, "Delete", []
            continue
        lines = own(iri)
        if not any(split(x)[1] in RESERVED for x in lines):
            yield iri, "Create" if iri not in changes.typed_old else "Update", lines


def _version_triples(base: str, release: Release, resource: str, kind: str, lines: list[str]) -> list[ox.Triple]:
    version = N(version_iri(base, release.id, resource))
    out = [
        ox.Triple(version, N(DCTERMS + "isVersionOf"), N(resource)),
        ox.Triple(version, N(PROV + "generatedAtTime"), ox.Literal(release.published, datatype=N(XSD + "dateTime"))),
        ox.Triple(version, TYPE, N(AS + kind)),
    ]
    if lines:
        for t in ox.parse("\n".join(lines) + "\n", format=ox.RdfFormat.N_TRIPLES):
            out.append(ox.Triple(version, t.predicate, t.object))
    return out


def _write(folder: Path, name: str, triples: list[ox.Triple], prefixes: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for suffix, fmt in FORMATS.items():
        data = (
            ox.serialize(triples, format=fmt, prefixes=prefixes)
            if fmt == ox.RdfFormat.TURTLE
            else ox.serialize(triples, format=fmt)
        )
        (folder / f"{name}{suffix}").write_bytes(data)


def write_release_pages(
    folder: Path, base: str, release: Release, changes: Diff, graph: Path, prefixes: dict[str, str]
) -> Written:
    """This release's pages (folder/<n>.ttl and .jsonld), written once and never changed (a folder left by a
    build that died before its release was published is written over)."""
    shutil.rmtree(folder, ignore_errors=True)
    stream = N(stream_iri(base))
    members = list(_members(base, release, changes, graph))
    chunks = [members[i : i + PAGE_SIZE] for i in range(0, len(members), PAGE_SIZE)] or [[]]
    names = {**PREFIXES, **prefixes}
    for n, chunk in enumerate(chunks, 1):
        page = N(f"{PLACEHOLDER}{release.id}/{n}")
        triples = [ox.Triple(page, TYPE, N(TREE + "Node"))]
        if n < len(chunks):
            relation = ox.BlankNode(f"next{n}")
            triples += [
                ox.Triple(page, N(TREE + "relation"), relation),
                ox.Triple(relation, TYPE, N(TREE + "Relation")),
                ox.Triple(relation, N(TREE + "node"), N(f"{PLACEHOLDER}{release.id}/{n + 1}")),
            ]
        for resource, kind, lines in chunk:
            triples.append(ox.Triple(stream, N(TREE + "member"), N(version_iri(base, release.id, resource))))
            triples += _version_triples(base, release, resource, kind, lines)
        _write(folder, str(n), triples, names)
    return Written(len(members), len(chunks))


def write_root(
    folder: Path, base: str, releases: Iterable[Release], title_nl: str, title_en: str, prefixes: dict[str, str]
) -> None:
    """The root node: the stream's description and a time range per release, to its first page."""
    ordered = sorted(releases, key=lambda r: r.published)
    stream, root = N(stream_iri(base)), N(PLACEHOLDER)
    dt = N(XSD + "dateTime")
    path = N(PROV + "generatedAtTime")
    triples = [
        ox.Triple(stream, TYPE, N(LDES + "EventStream")),
        ox.Triple(stream, N(DCTERMS + "title"), ox.Literal(f"Wijzigingen: {title_nl}", language="nl")),
        ox.Triple(stream, N(DCTERMS + "title"), ox.Literal(f"Changes: {title_en}", language="en")),
        ox.Triple(stream, N(DCTERMS + "conformsTo"), N(SPECIFICATION)),
        ox.Triple(stream, N(LDES + "timestampPath"), path),
        ox.Triple(stream, N(LDES + "versionOfPath"), N(DCTERMS + "isVersionOf")),
        ox.Triple(stream, N(LDES + "versionCreateObject"), N(AS + "Create")),
        ox.Triple(stream, N(LDES + "versionUpdateObject"), N(AS + "Update")),
        ox.Triple(stream, N(LDES + "versionDeleteObject"), N(AS + "Delete")),
        ox.Triple(stream, N(TREE + "view"), root),
        ox.Triple(root, TYPE, N(TREE + "Node")),
        ox.Triple(root, TYPE, N(LDES + "EventSource")),
    ]
    if ordered:
        policy = ox.BlankNode("retention")
        triples += [
            ox.Triple(root, N(LDES + "retentionPolicy"), policy),
            ox.Triple(policy, N(LDES + "startingFrom"), ox.Literal(ordered[0].published, datatype=dt)),
        ]
    for i, r in enumerate(ordered):
        page = N(f"{PLACEHOLDER}{r.id}/1")
        bounds = [("GreaterThanOrEqualToRelation", r.published)]
        if i + 1 < len(ordered):
            bounds.append(("LessThanRelation", ordered[i + 1].published))
        for j, (kind, value) in enumerate(bounds):
            relation = ox.BlankNode(f"r{i}x{j}")
            triples += [
                ox.Triple(root, N(TREE + "relation"), relation),
                ox.Triple(relation, TYPE, N(TREE + kind)),
                ox.Triple(relation, N(TREE + "node"), page),
                ox.Triple(relation, N(TREE + "path"), path),
                ox.Triple(relation, N(TREE + "value"), ox.Literal(value, datatype=dt)),
            ]
    _write(folder, ROOT, triples, {**PREFIXES, **prefixes})


def link_pages(source: Path, target: Path, releases: Iterable[str]) -> None:
    """The pages of `releases` (source/<release>/) into the staged build's feed folder, as hard links where the
    file system allows (pages of a build that died before it was published are not among them)."""
    for release in dict.fromkeys(releases):
        (target / release).mkdir(parents=True, exist_ok=True)
        for f in (source / release).iterdir() if (source / release).is_dir() else ():
            try:
                os.link(f, target / release / f.name)
            except OSError:
                shutil.copy2(f, target / release / f.name)
